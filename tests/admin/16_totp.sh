# authz-admin user totp enroll|reset and user recovery-codes, and refusals.
. "$ADMIN_LIB"

adm init >/dev/null 2>&1 || { fail "init works"; finish; }
adm set password.scrypt N=1024,r=8,p=1 >/dev/null
adm user add alice >/dev/null
adm user add bob >/dev/null
adm user add carol >/dev/null

# The alphabet of recovery codes: digits and letters without i, l, o, u.
RC='[0-9a-hjkmnp-tv-z]'
URI_RE='^otpauth://totp/postern:alice\?secret=[A-Z2-7]{32}&issuer=postern&algorithm=SHA1&digits=6&period=30$'

# The query counting one user's sessions.
sessions_q() {
	printf "SELECT count(*) FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.name = '%s';" "$1"
}
# The secret of the otpauth URI on the first line of the last stdout.
uri_secret() {
	head -n 1 "$T/out" | sed -n 's/^otpauth:[^?]*?secret=\([A-Z2-7]*\)&.*/\1/p'
}
# Lowercase hex of stdin's bytes.
hexof() { od -An -v -tx1 | tr -d ' \n'; }

# ---------------------------------------------------------------- enroll
adm session create alice >/dev/null
adm session create alice >/dev/null
adm session create bob >/dev/null
ev=$(nevents)
expect_ok "user totp enroll alice succeeds" adm user totp enroll alice
out_matches "the first line is alice's otpauth URI with the default issuer" \
    "$URI_RE"
out_contains "a QR code is drawn with Unicode blocks" "█"
out_contains "the QR code has its top half blocks" "▀"
out_lacks "no terminal colours when the output is not a terminal" "$(printf '\033')"
secret=$(uri_secret)
assert "the URI's secret is 32 base32 characters" [ "${#secret}" = 32 ]
assert "the URI's secret decodes to 20 bytes (160 bits)" \
    [ "$(printf '%s' "$secret" | base32 -d | wc -c | tr -d ' ')" = 20 ]
if command -v oathtool >/dev/null 2>&1; then
	assert "oathtool computes a 6-digit code from the URI's secret" \
	    sh -c 'oathtool --totp -b "$1" | grep -Eqx "[0-9]{6}"' sh "$secret"
	# The same parameters as the URI (SHA-1, 30 s, 6 digits) give the
	# RFC 6238 answer, as totp_verify() does (tests/unit/check_totp.c).
	assert "oathtool gives the RFC 6238 answer for the RFC secret" \
	    sh -c '[ "$(oathtool --totp -b --now "1970-01-01 00:00:59 UTC" GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ)" = 287082 ]'
fi
expect_jq "user show says alice has a TOTP" '.totp == true' json user show alice
expect_jq "user show says bob has none" '.totp == false' json user show bob
expect_sql "enrolling ended alice's sessions" 0 "$(sessions_q alice)"
expect_sql "bob's session is untouched" 1 "$(sessions_q bob)"
expect_sql "the stored secret is 48 bytes: nonce, ciphertext, tag" 48 \
    "SELECT length(secret) FROM totp t JOIN users u ON u.id = t.user_id WHERE u.name = 'alice';"
expect_sql "no step has been used yet" -1 \
    "SELECT last_step FROM totp t JOIN users u ON u.id = t.user_id WHERE u.name = 'alice';"
rawhex=$(printf '%s' "$secret" | base32 -d | hexof)
dbhex=$(sql "SELECT lower(hex(secret)) FROM totp;")
case $dbhex in
*"$rawhex"*) fail "the stored value does not hold the raw secret" ;;
*) pass ;;
esac
assert "the secret's base32 appears nowhere in the store" \
    sh -c '! sqlite3 "$1" .dump | grep -qF "$2"' sh "$DB" "$secret"
assert "the raw secret appears nowhere in the database files" \
    sh -c '! cat "$1"* | od -An -v -tx1 | tr -d " \n" | grep -qF "$2"' \
    sh "$DB" "$rawhex"
expect_sql "enrolling wrote one event" $((ev + 1)) "SELECT count(*) FROM events;"
expect_sql "the event names the user and the sessions ended" \
    "user.totp.enroll|alice|2 sessions ended" \
    "SELECT kind, subject, detail FROM events ORDER BY id DESC LIMIT 1;"

# -------------------------------------------------------- enroll refusals
expect_refused "enrolling again without --force is refused" "--force" \
    adm user totp enroll alice
expect_refused "enrolling an unknown user is refused" "no such user" \
    adm user totp enroll nobody
expect_refused "enrolling an invalid username is refused" "" \
    adm user totp enroll "not valid"
expect_refused "a missing key file is refused" "init" \
    adm user totp enroll bob --key-file "$PWD/none.key"
assert "the missing key file was not created" [ ! -e "$PWD/none.key" ]
chmod 644 "$KEY"
expect_refused "a key file others may read is refused, naming the fix" \
    "chmod 600" adm user totp enroll bob
chmod 620 "$KEY"
expect_refused "a key file the group may write is refused" "chmod 600" \
    adm user totp enroll bob
chmod 600 "$KEY"
printf 'too short' >"$PWD/short.key"
chmod 600 "$PWD/short.key"
expect_refused "a key file of the wrong size is refused" "key file" \
    adm user totp enroll bob --key-file "$PWD/short.key"
ln -s "$KEY" "$PWD/link.key"
expect_refused "a key file that is a symbolic link is refused" "" \
    adm user totp enroll bob --key-file "$PWD/link.key"
mkdir "$PWD/dir.key"
expect_refused "a directory as key file is refused" "" \
    adm user totp enroll bob --key-file "$PWD/dir.key"
expect_usage "user totp enroll without a name is a usage error" \
    adm user totp enroll
expect_usage "user totp enroll with two names is a usage error" \
    adm user totp enroll alice bob
expect_usage "an unknown user totp enroll option is a usage error" \
    adm user totp enroll alice --bogus
expect_usage "--key-file without a value is a usage error" \
    adm user totp enroll alice --key-file
expect_usage "user totp without a subcommand is a usage error" adm user totp
expect_usage "an unknown user totp subcommand is a usage error" \
    adm user totp frobnicate alice
expect_jq "bob is still without a TOTP" '.totp == false' json user show bob

# ------------------------------------------------------ --force, --json
adm session create alice >/dev/null
old=$(sql "SELECT hex(secret) FROM totp;")
sql "UPDATE totp SET last_step = 99;"
expect_ok "enroll --force replaces the authenticator" \
    adm user totp enroll alice --force
new=$(uri_secret)
assert "the new secret differs from the old one" [ "$new" != "$secret" ]
assert "the stored value changed" \
    [ "$(sql "SELECT hex(secret) FROM totp;")" != "$old" ]
expect_sql "a new authenticator starts with no step used" -1 \
    "SELECT last_step FROM totp;"
expect_sql "--force ended alice's new session" 0 "$(sessions_q alice)"
expect_sql "the event says it replaced one" "replaced; 1 sessions ended" \
    "SELECT detail FROM events ORDER BY id DESC LIMIT 1;"
expect_jq "with --json only the URI is printed" \
    'keys == ["uri"] and (.uri | test("^otpauth://totp/postern:alice\\?secret=[A-Z2-7]{32}&issuer=postern&algorithm=SHA1&digits=6&period=30$"))' \
    json user totp enroll alice --force
out_lines "the JSON is one line" 1
out_lacks "no QR code in JSON" "█"

# ------------------------------------------------- issuer and --key-file
adm set totp.issuer "ACME Co" >/dev/null
adm user add j.doe@example.org >/dev/null
expect_ok "enroll with a configured issuer" adm user totp enroll j.doe@example.org
out_matches "the issuer and the user are percent-encoded" \
    '^otpauth://totp/ACME%20Co:j\.doe%40example\.org\?secret=[A-Z2-7]{32}&issuer=ACME%20Co&algorithm=SHA1&digits=6&period=30$'
adm unset totp.issuer >/dev/null 2>&1
cp "$KEY" "$PWD/other.key"
chmod 600 "$PWD/other.key"
expect_ok "enroll with --key-file" adm user totp enroll bob --key-file "$PWD/other.key"
expect_jq "bob has a TOTP now" '.totp == true' json user show bob

# -------------------------------------------------------- recovery codes
expect_refused "recovery codes for a user without an authenticator are refused" \
    "enroll" adm user recovery-codes carol
expect_refused "recovery codes for an unknown user are refused" "no such user" \
    adm user recovery-codes nobody
expect_usage "user recovery-codes without a name is a usage error" \
    adm user recovery-codes
expect_usage "user recovery-codes with two names is a usage error" \
    adm user recovery-codes alice bob
adm session create alice >/dev/null
ev=$(nevents)
expect_ok "user recovery-codes prints codes" adm user recovery-codes alice
out_lines "it prints ten lines" 10
assert "every line is one code, xxxxx-xxxxx from the alphabet" \
    [ "$(grep -Ecvx "$RC{5}-$RC{5}" "$T/out")" = 0 ]
assert "the ten codes are distinct" [ "$(sort -u "$T/out" | wc -l | tr -d ' ')" = 10 ]
cp "$T/out" "$T/codes1"
expect_sql "ten unused codes are stored for alice" 10 \
    "SELECT count(*) FROM recovery_codes r JOIN users u ON u.id = r.user_id WHERE u.name = 'alice' AND used = 0;"
expect_sql "each stored value is a 32-byte hash" 10 \
    "SELECT count(*) FROM recovery_codes WHERE length(hash) = 32;"
first=$(head -n 1 "$T/codes1")
want=$(printf '%s' "$first" | tr -d - | sha256sum | cut -c1-64)
expect_sql "a code is stored as the SHA-256 of its ten characters" 1 \
    "SELECT count(*) FROM recovery_codes WHERE lower(hex(hash)) = '$want';"
assert "no code appears in the store" \
    sh -c '! sqlite3 "$1" .dump | grep -qiF -e "$2" -e "$3"' sh "$DB" "$first" \
    "$(printf '%s' "$first" | tr -d -)"
expect_sql "recovery codes leave sessions alone" 1 "$(sessions_q alice)"
expect_sql "one event, without the codes" \
    "$((ev + 1))|user.recovery-codes|10 new codes; earlier ones void" \
    "SELECT (SELECT count(*) FROM events), kind, detail FROM events ORDER BY id DESC LIMIT 1;"
expect_jq "--json prints an array of ten codes" \
    "length == 10 and all(.[]; test(\"^$RC{5}-$RC{5}\$\"))" \
    json user recovery-codes alice
expect_sql "a new set replaces the old one" 10 \
    "SELECT count(*) FROM recovery_codes r JOIN users u ON u.id = r.user_id WHERE u.name = 'alice';"
expect_sql "the old codes are gone" 0 \
    "SELECT count(*) FROM recovery_codes WHERE lower(hex(hash)) = '$want';"
assert "the JSON codes are not the earlier ones" \
    sh -c '! jq -r ".[]" <"$1" | grep -qxF -f "$2"' sh "$T/out" "$T/codes1"

# ----------------------------------------------------------------- reset
adm session create alice >/dev/null
adm session create alice >/dev/null
ev=$(nevents)
n=$(sql "$(sessions_q alice)")
assert "alice has sessions to end" [ "$n" -ge 2 ]
expect_ok "user totp reset removes the authenticator" adm user totp reset alice
out_contains "it says how many sessions ended" "; $n sessions ended"
expect_jq "alice has no TOTP any more" '.totp == false' json user show alice
expect_sql "the secret is gone" 0 \
    "SELECT count(*) FROM totp t JOIN users u ON u.id = t.user_id WHERE u.name = 'alice';"
expect_sql "alice's recovery codes went with it" 0 \
    "SELECT count(*) FROM recovery_codes r JOIN users u ON u.id = r.user_id WHERE u.name = 'alice';"
expect_sql "resetting ended alice's sessions" 0 "$(sessions_q alice)"
expect_sql "bob keeps his authenticator" 1 \
    "SELECT count(*) FROM totp t JOIN users u ON u.id = t.user_id WHERE u.name = 'bob';"
expect_sql "one event" "$((ev + 1))|user.totp.reset|alice" \
    "SELECT (SELECT count(*) FROM events), kind, subject FROM events ORDER BY id DESC LIMIT 1;"
expect_refused "resetting again is refused" "no authenticator" \
    adm user totp reset alice
expect_refused "resetting an unknown user is refused" "no such user" \
    adm user totp reset nobody
expect_usage "user totp reset without a name is a usage error" \
    adm user totp reset
expect_usage "user totp reset with two names is a usage error" \
    adm user totp reset alice bob
expect_ok "alice can enroll again after a reset" adm user totp enroll alice
out_matches "and gets a new URI" "$URI_RE"

# ------------------------------------------------------------- the trail
assert "no secret or code ever reached an event" \
    sh -c '! sqlite3 "$1" "SELECT detail FROM events;" | grep -Eq "[A-Z2-7]{32}|[0-9a-z]{5}-[0-9a-z]{5}"' \
    sh "$DB"

# -------------------------------------------------------------- the help
expect_ok "user totp --help prints its usage" adm user totp --help
out_contains "the usage names enroll" "user totp enroll NAME"
out_contains "the usage names reset" "user totp reset NAME"
expect_ok "user recovery-codes --help prints its usage" \
    adm user recovery-codes --help
out_contains "the usage names recovery-codes" "user recovery-codes NAME"
expect_ok "user --help lists the new subcommands" adm user --help
out_contains "user --help lists totp enroll" "user totp enroll"
out_contains "user --help lists recovery-codes" "user recovery-codes"

finish
