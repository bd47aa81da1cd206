# authz-admin session: create, list, revoke, and refusals.
. "$ADMIN_LIB"

adm init >/dev/null 2>&1 || { fail "init works"; finish; }
adm set password.scrypt N=1024,r=8,p=1 >/dev/null
adm user add alice >/dev/null
adm user add bob >/dev/null
adm user add dis --disabled >/dev/null

SKEYS='["address","created","expires","factors","id","last_seen","user","user_agent"]'

expect_ok "session create alice" adm session create alice
out_lines "session create prints one line" 1
tok=$(out)
assert "the token is 43 base64url characters" \
    sh -c 'printf %s "$1" | grep -Eqx "[A-Za-z0-9_-]{43}"' sh "$tok"
expect_jq "session list --json shows the session" \
    'length == 1 and .[0].user == "alice"' json session list
jq_ok "the JSON session has exactly the documented keys" \
    "all(.[]; keys == $SKEYS)"
jq_ok "created, expires and last_seen are ISO 8601 UTC times" \
    "all(.[]; (.created | test(\"$ISO_RE\")) and (.expires | test(\"$ISO_RE\"))
     and (.last_seen | test(\"$ISO_RE\")))"
jq_ok "factors is an array" 'all(.[]; .factors | type == "array")'
jq_ok "the session expires after it was created" \
    '.[0] | (.expires | fromdate) > (.created | fromdate)'
sid=$(jq -r '.[0].id' <"$T/out")
expect_sql "the store holds the token's SHA-256, never the token" 0 \
    "SELECT count(*) FROM sessions WHERE instr(CAST(hash AS TEXT), '$tok') > 0 OR addr = '$tok' OR agent = '$tok';"
assert "the token appears nowhere in the store" \
    sh -c '! sqlite3 "$1" .dump | grep -qF -- "$2"' sh "$DB" "$tok"
# The SHA-256 of the token as text, or of the 32 bytes it encodes.
h1=$(printf %s "$tok" | openssl dgst -sha256 -hex 2>/dev/null | sed 's/.*= //')
h2=$(printf '%s=' "$tok" | tr '_-' '/+' | base64 -d 2>/dev/null |
    openssl dgst -sha256 -hex 2>/dev/null | sed 's/.*= //')
expect_sql "the stored hash is the SHA-256 of the token" 1 \
    "SELECT count(*) FROM sessions WHERE lower(hex(hash)) IN ('$h1', '$h2');"

expect_ok "session create ALICE finds alice" adm session create ALICE
assert "two tokens differ" [ "$(out)" != "$tok" ]
expect_ok "session create --ttl 1h" adm session create bob --ttl 1h
expect_jq "--ttl sets the absolute expiry" \
    'map(select(.user == "bob"))[0] | (.expires | fromdate) - (.created | fromdate) == 3600' \
    json session list --user bob
expect_ok "session create --ttl 1h30m" adm session create bob --ttl 1h30m
expect_jq "a compound --ttl" \
    'map((.expires | fromdate) - (.created | fromdate)) | sort == [3600, 5400]' \
    json session list --user bob
expect_jq "session list --user filters by user" \
    'length == 2 and all(.[]; .user == "alice")' json session list --user alice
expect_ok "session list prints a listing" adm session list
out_contains "the plain session list names bob" bob

expect_refused "session create for a disabled user is refused" "dis" \
    adm session create dis
expect_refused "session create for an unknown user is refused" "nosuch" \
    adm session create nosuch
for d in 10x 1.5h -1h "1 h" h; do
	expect_refused "session create --ttl '$d' is refused" "" \
	    adm session create alice --ttl "$d"
done
expect_refused "session list --user of an unknown user is refused" "nosuch" \
    adm session list --user nosuch

expect_ok "session revoke ID" adm session revoke "$sid"
expect_jq "the revoked session is gone" "map(.id) | index($sid) == null" \
    json session list
expect_jq "the other sessions stay" 'length == 3' json session list
expect_refused "revoking it again is refused" "" adm session revoke "$sid"
expect_refused "revoking an unknown id is refused" "" adm session revoke 999999
expect_rejected "revoking a non-numeric id is rejected" adm session revoke abc
expect_usage "session revoke without an id or --user is a usage error" \
    adm session revoke
expect_ok "session revoke --user bob" adm session revoke --user bob
expect_jq "every session of bob is gone" 'length == 0' json session list --user bob
expect_jq "alice keeps hers" 'length == 1' json session list --user alice
expect_refused "session revoke --user of an unknown user is refused" "nosuch" \
    adm session revoke --user nosuch

# Ending sessions by changing the user.
adm session create bob >/dev/null
printf 'a new password\n' | adm user passwd bob >/dev/null
expect_jq "user passwd ended bob's sessions" 'length == 0' \
    json session list --user bob
adm session create alice >/dev/null
expect_ok "user set alice --active no" adm user set alice --active no
expect_jq "user set --active no ended alice's sessions" 'length == 0' \
    json session list --user alice
expect_refused "and a disabled user gets no new session" "alice" \
    adm session create alice

finish
