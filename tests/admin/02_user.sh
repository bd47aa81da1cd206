# authz-admin user: add, set, passwd, del, list, show, and their refusals.
. "$ADMIN_LIB"

adm init >/dev/null 2>&1 || { fail "init works"; finish; }
adm set password.scrypt N=1024,r=8,p=1 >/dev/null
hash_of() { sql "SELECT hash FROM users WHERE name = '$1';"; }

# ---------------------------------------------------------------- add, show
expect_ok "user add Alice succeeds" adm user add Alice
expect_jq "user show alice finds the user added as Alice, stored lowercase" \
    '.name == "alice"' json user show alice
expect_jq "user show ALICE finds alice (case-insensitive)" \
    '.name == "alice"' json user show ALICE
expect_jq "the JSON user has exactly the documented keys" \
    'keys == ["active","created","display","email","groups","name","totp"]' \
    json user show alice
jq_ok "a new user is active" '.active == true'
jq_ok "a new user has no TOTP" '.totp == false'
jq_ok "a new user is in no group" '.groups == []'
jq_ok "an absent display name is null in JSON" '.display == null'
jq_ok "an absent email is null in JSON" '.email == null'
jq_ok "created is an ISO 8601 UTC time" ".created | test(\"$ISO_RE\")"
expect_sql "a user added without a password has none" "" \
    "SELECT hash FROM users WHERE name = 'alice';"

expect_ok "user add with --email and --name" \
    adm user add bob --email bob@example.com --name "Bob Builder"
expect_jq "--email and --name are kept" \
    '.email == "bob@example.com" and .display == "Bob Builder"' \
    json user show bob
expect_ok "a UTF-8 display name is accepted" adm user add zoe --name "Zoë Ünal 日本"
expect_jq "the UTF-8 display name is kept byte for byte" \
    '.display == "Zoë Ünal 日本"' json user show zoe
expect_ok "user add --disabled" adm user add dis --disabled
expect_jq "a user added --disabled is not active" '.active == false' \
    json user show dis
expect_ok "a username with . _ @ - and digits is valid" \
    adm user add j.doe_1@ex-ample.org
expect_ok "a 64-byte username is valid" adm user add "$(rep u 64)"
expect_ok "a one-byte username is valid" adm user add q
expect_jq "user list --json lists every user" \
    '(map(.name) | sort) == (["alice","bob","dis","j.doe_1@ex-ample.org","q","zoe","'"$(rep u 64)"'"] | sort)' \
    json user list
jq_ok "every listed user has the documented keys" \
    'all(.[]; keys == ["active","created","display","email","groups","name","totp"])'
expect_ok "user list prints a listing" adm user list
out_contains "the plain user list names alice" alice
out_contains "the plain user list names bob" bob
expect_ok "user show prints a user" adm user show bob
out_contains "the plain user show names the email" bob@example.com

# ------------------------------------------------------------ add refusals
expect_refused "adding an existing user is refused" "already exists" \
    adm user add alice
expect_refused "adding an existing user in another case is refused" "alice" \
    adm user add ALICE
expect_refused "an empty username is refused" "" adm user add ""
expect_refused "a 65-byte username is refused" "" adm user add "$(rep u 65)"
expect_refused "a username with a space is refused" "invalid" adm user add "a b"
expect_refused "a username with a slash is refused" "" adm user add "a/b"
expect_refused "a username with a colon is refused" "" adm user add "a:b"
expect_refused "a username with a comma is refused" "" adm user add "a,b"
expect_refused "a username with a non-ASCII letter is refused" "" \
    adm user add "jürgen"
expect_refused "a username with a tab is refused" "" adm user add "$(printf 'a\tb')"
expect_refused "a username with a newline is refused" "" adm user add "$(printf 'a\nb')"
expect_refused "a username with an escape byte is refused" "" \
    adm user add "$(printf 'a\033b')"
expect_refused "an email without @ is refused" "" adm user add e1 --email nobody
expect_refused "an email with a space is refused" "" \
    adm user add e2 --email "a b@example.com"
expect_refused "an email without a domain is refused" "" adm user add e3 --email "a@"
expect_refused "an email without a local part is refused" "" \
    adm user add e4 --email "@example.com"
expect_refused "an email with a control character is refused" "" \
    adm user add e5 --email "$(printf 'a\001@example.com')"
expect_refused "an email over 254 bytes is refused" "" \
    adm user add e6 --email "$(rep a 250)@example.com"
expect_refused "a display name with a control character is refused" "" \
    adm user add n1 --name "$(printf 'Evil\001Name')"
expect_refused "a display name with a newline is refused" "" \
    adm user add n2 --name "$(printf 'Two\nLines')"
expect_refused "a display name that is not UTF-8 is refused" "" \
    adm user add n3 --name "$(printf 'bad\377utf8')"
expect_refused "a display name of 5000 bytes is refused" "" \
    adm user add n4 --name "$(rep n 5000)"

# --------------------------------------------------------------- passwords
printf 'correct horse battery\n' |
    expect_ok "user add --password-stdin reads the password" \
    adm user add carol --password-stdin
assert "a password given on stdin is stored" [ -n "$(hash_of carol)" ]
assert "the password is stored hashed, not as given" \
    [ "$(hash_of carol)" != "correct horse battery" ]
expect_sql "the stored hash never contains the password" 0 \
    "SELECT count(*) FROM users WHERE instr(hash, 'correct horse') > 0;"
printf '12345678\r\n' |
    expect_ok "an 8-byte password with CRLF is accepted" \
    adm user add crlf --password-stdin
printf '%s\n' "$(rep p 1024)" |
    expect_ok "a 1024-byte password (with its newline) is accepted" \
    adm user add long1024 --password-stdin
printf '%s' "$(rep p 1024)" |
    expect_ok "a 1024-byte password without a newline is accepted" \
    adm user add long1024b --password-stdin
printf '%s\r\n' "$(rep p 1024)" |
    expect_ok "a 1024-byte password with CRLF is accepted" \
    adm user add long1024c --password-stdin

printf '%s\n' "$(rep p 1025)" |
    expect_refused "a 1025-byte password is refused as too long" "too long" \
    adm user add long1025 --password-stdin
printf '%s\n' "$(rep p 5000)" |
    expect_refused "a 5000-byte password is refused as too long" "too long" \
    adm user add long5000 --password-stdin
printf 'short\n' |
    expect_refused "a 5-byte password is refused" "" \
    adm user add short --password-stdin
printf '1234567\n' |
    expect_refused "a 7-byte password is refused" "" \
    adm user add short7 --password-stdin
expect_refused "an empty password on stdin is refused" "" \
    adm user add nopw --password-stdin

expect_usage "--password is not an option (passwords never in argv)" \
    adm user add mallory --password hunter22hunter22
expect_usage "--password=VALUE is not an option either" \
    adm user add mallory --password=hunter22hunter22
expect_usage "user passwd --password is not an option" \
    adm user passwd alice --password hunter22hunter22
printf 'correct horse battery\n' |
    expect_usage "--password-stdin with --random-password is a usage error" \
    adm user add both --password-stdin --random-password

expect_ok "user add --random-password succeeds" adm user add dave --random-password
out_lines "--random-password prints exactly one line" 1
pw=$(out)
assert "the random password is at least 8 bytes" [ "${#pw}" -ge 8 ]
assert "the random password has no spaces" [ "${pw#* }" = "$pw" ]
assert "the random password is printed alone, nothing else on stdout" \
    [ "$(wc -l <"$T/out" | tr -d ' ')" = 1 ]
assert "the random password is stored" [ -n "$(hash_of dave)" ]
assert "the random password is stored hashed" [ "$(hash_of dave)" != "$pw" ]
printf '%s\n' "$pw" |
    expect_ok "the random password is accepted by user passwd --password-stdin" \
    adm user passwd dave --password-stdin
expect_ok "a second random password" adm user add erin --random-password
assert "two random passwords differ" [ "$(out)" != "$pw" ]

# ------------------------------------------------------------------ passwd
h0=$(hash_of carol)
printf 'another good password\n' |
    expect_ok "user passwd reads the new password from stdin by default" \
    adm user passwd carol
assert "user passwd changed the hash" [ "$(hash_of carol)" != "$h0" ]
h0=$(hash_of carol)
printf 'yet another password\n' |
    expect_ok "user passwd --password-stdin" adm user passwd CAROL --password-stdin
assert "user passwd found CAROL as carol and changed the hash" \
    [ "$(hash_of carol)" != "$h0" ]
expect_ok "user passwd --random-password" adm user passwd carol --random-password
out_lines "user passwd --random-password prints one line" 1
printf '%s\n' "$(rep p 1025)" |
    expect_refused "user passwd refuses a 1025-byte password" "too long" \
    adm user passwd carol --password-stdin
printf 'short\n' |
    expect_refused "user passwd refuses a short password" "" \
    adm user passwd carol --password-stdin
printf 'a perfectly fine one\n' |
    expect_refused "user passwd on an unknown user is refused" "nosuch" \
    adm user passwd nosuch --password-stdin

adm session create carol >/dev/null
adm session create carol >/dev/null
printf 'password number four\n' | adm user passwd carol >/dev/null
expect_jq "user passwd ends all the user's sessions" 'length == 0' \
    json session list --user carol

# --------------------------------------------------------------------- set
expect_ok "user set --email" adm user set alice --email alice@example.org
expect_ok "user set --name" adm user set ALICE --name "Alice Liddell"
expect_jq "user set kept both changes" \
    '.email == "alice@example.org" and .display == "Alice Liddell"' \
    json user show alice
expect_ok "user set --active no" adm user set alice --active no
expect_jq "user set --active no disables" '.active == false' json user show alice
expect_ok "user set --active yes" adm user set alice --active yes
expect_jq "user set --active yes enables" '.active == true' json user show alice

adm session create bob >/dev/null
adm session create bob >/dev/null
adm session create alice >/dev/null
expect_jq "bob has two sessions" 'length == 2' json session list --user bob
expect_ok "user set bob --active no" adm user set bob --active no
expect_jq "user set --active no ends all the user's sessions" 'length == 0' \
    json session list --user bob
expect_jq "and no one else's" 'length == 1' json session list --user alice

expect_refused "user set on an unknown user is refused" "no such user" \
    adm user set nosuch --email x@example.com
expect_refused "user set with a bad email is refused" "" \
    adm user set alice --email "not an email"
expect_refused "user set with a control character in the name is refused" "" \
    adm user set alice --name "$(printf 'x\033[2Jy')"
expect_rejected "user set --active maybe is rejected" \
    adm user set alice --active maybe

# --------------------------------------------------------------- show, del
expect_refused "user show of an unknown user is refused" "no such user" \
    adm user show nosuch
expect_refused "user del of an unknown user is refused" "nosuch" \
    adm user del nosuch

# Deleting a user removes memberships, bindings, sessions and consents.
adm group add staff >/dev/null
adm group add ops >/dev/null
adm group member add staff erin >/dev/null
adm group member add ops erin >/dev/null
adm group member add staff alice >/dev/null
adm provider add p1 --external https://wiki.example.com >/dev/null
adm app add wiki --name Wiki --provider p1 >/dev/null
adm binding add wiki --user erin >/dev/null
adm binding add wiki --user alice >/dev/null
adm binding add wiki --group staff >/dev/null
adm session create erin >/dev/null
adm session create erin >/dev/null
t=$(now)
sql "INSERT INTO consents (user_id, app_id, given, expires)
    SELECT u.id, a.id, $t, 0 FROM users u, applications a
    WHERE u.name = 'erin' AND a.slug = 'wiki';"
expect_jq "erin is in two groups" '.groups | sort == ["ops","staff"]' \
    json user show erin
expect_ok "user del erin" adm user del erin
expect_refused "the deleted user is gone" "erin" adm user show erin
expect_jq "the deleted user's memberships are gone" \
    '.members == ["alice"]' json group show staff
expect_jq "the deleted user's other memberships are gone" \
    '.members == []' json group show ops
expect_jq "the deleted user's bindings are gone, others stay" \
    'map(.user) | sort == [null, "alice"]' json binding list wiki
expect_jq "the deleted user's sessions are gone" \
    'map(select(.user == "erin")) == []' json session list
expect_jq "the deleted user's consents are gone" \
    'map(select(.user == "erin")) == []' json consent list
expect_sql "no row refers to the deleted user" 0 \
    "SELECT (SELECT count(*) FROM memberships WHERE user_id NOT IN (SELECT id FROM users))
	  + (SELECT count(*) FROM bindings WHERE user_id IS NOT NULL AND user_id NOT IN (SELECT id FROM users))
	  + (SELECT count(*) FROM sessions WHERE user_id NOT IN (SELECT id FROM users))
	  + (SELECT count(*) FROM consents WHERE user_id NOT IN (SELECT id FROM users));"
expect_ok "user del is case-insensitive" adm user del DAVE
expect_jq "dave is gone" 'map(.name) | index("dave") == null' json user list
expect_ok "a deleted name can be added again" adm user add erin

finish
