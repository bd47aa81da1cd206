# authz-admin consent and ban: list, revoke, lift, and refusals.
# Consents and bans are made by login-cgi; here the fixture writes the rows.
. "$ADMIN_LIB"

adm init >/dev/null 2>&1 || { fail "init works"; finish; }
adm provider add p1 --external https://wiki.example.com --flow explicit >/dev/null
adm app add wiki --name Wiki --provider p1 >/dev/null
adm app add blog --name Blog --provider p1 >/dev/null
adm user add alice >/dev/null
adm user add bob >/dev/null

t=$(now)
consent() {	# user app given expires
	sql "INSERT INTO consents (user_id, app_id, given, expires)
	    SELECT u.id, a.id, $3, $4 FROM users u, applications a
	    WHERE u.name = '$1' AND a.slug = '$2';"
}
consent alice wiki $((t - 60)) 0
consent alice blog $((t - 60)) $((t + 86400))
consent bob wiki $((t - 60)) $((t + 3600))

expect_jq "consent list --json lists every consent" 'length == 3' json consent list
jq_ok "every consent has exactly user, app, given, expires" \
    'all(.[]; keys == ["app","expires","given","user"])'
jq_ok "a permanent consent expires null" \
    'map(select(.user == "alice" and .app == "wiki"))[0].expires == null'
jq_ok "a timed consent expires at an ISO 8601 UTC time" \
    "map(select(.user == \"alice\" and .app == \"blog\"))[0].expires | test(\"$ISO_RE\")"
jq_ok "given is an ISO 8601 UTC time" "all(.[]; .given | test(\"$ISO_RE\"))"
jq_ok "the timed consent's expiry is the stored one" \
    "map(select(.user == \"bob\"))[0].expires | fromdate == $((t + 3600))"
expect_jq "consent list --user filters by user" \
    'length == 2 and all(.[]; .user == "alice")' json consent list --user alice
expect_ok "consent list prints a listing" adm consent list
out_contains "the plain consent list names the application" blog
expect_refused "consent list --user of an unknown user is refused" "nosuch" \
    adm consent list --user nosuch

expect_ok "consent revoke --user alice --app wiki" \
    adm consent revoke --user alice --app wiki
expect_jq "only that consent is gone" \
    'map(.user + "/" + .app) | sort == ["alice/blog","bob/wiki"]' json consent list
expect_refused "consent revoke --user of an unknown user is refused" "nosuch" \
    adm consent revoke --user nosuch
expect_refused "consent revoke --app of an unknown application is refused" \
    "nosuch" adm consent revoke --user alice --app nosuch
expect_usage "consent revoke without --user is a usage error" \
    adm consent revoke --app wiki
consent alice wiki $((t - 60)) 0
expect_ok "consent revoke --user ALICE (every application)" \
    adm consent revoke --user ALICE
expect_jq "every consent of alice is gone, bob's stays" \
    'map(.user) == ["bob"]' json consent list

# Bans.
ban() {	# kind key until level
	sql "INSERT INTO bans (kind, key, until, level) VALUES ($1, '$2', $3, $4);"
}
ban 0 alice $((t + 600)) 1
ban 1 192.0.2.7 $((t + 1200)) 2
ban 1 2001:db8::1 $((t + 900)) 1
ban 0 bob $((t - 10)) 1

expect_jq "ban list --json lists the bans in force" 'length == 3' json ban list
jq_ok "every ban has exactly kind, key, until, level" \
    'all(.[]; keys == ["key","kind","level","until"])'
jq_ok "a user ban has kind user" \
    'map(select(.key == "alice"))[0] | .kind == "user" and .level == 1'
jq_ok "an address ban has kind address" \
    'map(select(.key == "192.0.2.7"))[0] | .kind == "address" and .level == 2'
jq_ok "until is an ISO 8601 UTC time" "all(.[]; .until | test(\"$ISO_RE\"))"
jq_ok "until is the stored time" \
    "map(select(.key == \"alice\"))[0].until | fromdate == $((t + 600))"
jq_ok "an ended ban is not listed" 'map(.key) | index("bob") == null'
expect_ok "ban list prints a listing" adm ban list
out_contains "the plain ban list names the address" 192.0.2.7

expect_ok "ban lift alice" adm ban lift alice
expect_jq "alice's ban is lifted" 'map(.key) | index("alice") == null' json ban list
expect_ok "ban lift of an IPv4 address" adm ban lift 192.0.2.7
expect_ok "ban lift of an IPv6 address" adm ban lift 2001:db8::1
expect_jq "no ban is left in force" 'length == 0' json ban list
expect_refused "lifting a ban that does not exist is refused" "nobody" \
    adm ban lift nobody
expect_refused "lifting an address that is not banned is refused" "" \
    adm ban lift 198.51.100.1
expect_usage "ban lift without a name is a usage error" adm ban lift

finish
