# S: the session's lifecycle (SECURITY-CASES 2.9).  S12 is checked on every
# answer of every case file (run.sh); S13 at the end of this one and of
# 07_totp.sh.

# The Set-Cookie line of cookie NAME in the last answer (the last one).
cookie_line() { grep -i "^set-cookie: *$1=" "$T/head" | tail -1; }

# attr LINE ATTRIBUTE: LINE has the attribute (case-insensitive, whole).
has_attr() {
	printf '%s' "$1" | tr ';' '\n' | sed 's/^ *//; s/ *$//' |
	    grep -qix -e "$2" && return 0
	echo "[$1] lacks $2"
	return 1
}

# S01: a session cookie chosen before the login is never kept.
JAR=$T/jar.s01
fixed=ATTACKERCHOSEN00000000000000000000000000000
jar_put "$SID" "$fixed"
req GET /login
check "S01 with an unknown session cookie /login shows the form" \
    eval 'status_is 200 && body_has "name=\"password\""'
submit username=alice password="$ALICE_PW"
new=$(setcookie "$SID") || new=
check "S01 the login sets a new session token" \
    eval 'signed_in && [ -n "$new" ] && [ "$new" != "$fixed" ]'
check "S01 the new token is 256 bits of base64url" \
    eval 'printf "%s" "$new" | grep -Eq "^[A-Za-z0-9_-]{43}\$"'
JAR=$T/jar.s01b
jar_put "$SID" "$fixed"
req GET /
check "S01 the attacker's value is no session: the portal redirects to /login" \
    eval 'status_is 302 && loc_is "$LOGIN/login"'

# A valid session of another user before the login is not kept either.
JAR=$T/jar.s01c
old=$(session_for mallory)
jar_put "$SID" "$old"
req GET /login
check "S01 with a live session /login goes to the portal" \
    eval 'status_is 302 && loc_is "$PORTAL"'

# S03: the store holds only hashes of the tokens.
JAR=$T/jar.s03
login alice "$ALICE_PW"
tok=$(setcookie "$SID")
JAR=$T/jar.s03b
login bob "$BOB_PW"
flow=$(jar_get "$FLOWC")
check "S03 a session and a flow exist" \
    eval '[ -n "$tok" ] && [ -n "$flow" ] && [ "$(count flows)" -ge 1 ]'
check "S03 the session token is not in the store (raw, decoded or hex)" \
    "$PY" -S "$CGIPY" scan "$DB" "$tok"
check "S03 the flow token is not in the store (raw, decoded or hex)" \
    "$PY" -S "$CGIPY" scan "$DB" "$flow"
check "S03 the store holds the SHA-256 of the session token" \
    eq "$(has_session "$tok")" 1

# S04: the session cookie's attributes (shared-cookie mode).
JAR=$T/jar.s04
login alice "$ALICE_PW" >/dev/null
line=$(cookie_line "$SID")
check "S04 the session cookie is __Secure-postern" \
    eval 'printf "%s" "$line" | grep -q "^Set-Cookie: __Secure-postern="'
check "S04 Domain=example.com (the configured parent)" has_attr "$line" "Domain=example.com"
check "S04 Secure" has_attr "$line" Secure
check "S04 HttpOnly" has_attr "$line" HttpOnly
check "S04 SameSite=Lax" has_attr "$line" "SameSite=Lax"
check "S04 Path=/" has_attr "$line" "Path=/"
JAR=$T/jar.s04b
req GET /login -e HTTP_HOST=evil.example
submit username=alice password="$ALICE_PW" -e HTTP_HOST=evil.example
line=$(cookie_line "$SID")
check "S04 the Domain never comes from Host" \
    eval 'has_attr "$line" "Domain=example.com" && ! printf "%s" "$line" | grep -qi evil'
JAR=$T/jar.s04c
req GET /login
line=$(cookie_line "$CSRFC")
check "S04 login-cgi's own cookies are __Host-: Secure, Path=/, no Domain" \
    eval 'has_attr "$line" Secure && has_attr "$line" "Path=/" && has_attr "$line" HttpOnly && ! printf "%s" "$line" | grep -qi domain='
check "S04 the session row keeps the address and the user agent" \
    eq "$(sql "SELECT addr || ' ' || agent FROM sessions ORDER BY id DESC LIMIT 1;")" "192.0.2.10 postern-test/1.0"

# S07: logout ends the session and expires the cookie.
JAR=$T/jar.s07
login alice "$ALICE_PW"
tok=$(setcookie "$SID")
n=$(count sessions)
req GET /logout
submit
check "S07 POST /logout redirects (to the login page)" \
    eval 'status_is 303 && loc_starts "$LOGIN/"'
line=$(cookie_line "$SID")
check "S07 the answer expires the session cookie, on its domain" \
    eval 'has_attr "$line" "Max-Age=0" && has_attr "$line" "Domain=example.com" && has_attr "$line" Secure'
check "S07 the session row is gone" \
    eval 'eq "$(count sessions)" $((n - 1)) && eq "$(has_session "$tok")" 0'
JAR=$T/jar.s07b
jar_put "$SID" "$tok"
req GET /
check "S07 the old cookie afterwards: the portal redirects to /login" \
    eval 'status_is 302 && loc_is "$LOGIN/login"'
req GET /logout
check "S07 the old cookie at /logout: sent to sign in" \
    eval 'status_is 302 && loc_starts "$LOGIN/login"'

# Expiry and password changes end a session for login-cgi too.
JAR=$T/jar.exp
login alice "$ALICE_PW"
tok=$(setcookie "$SID")
sql "UPDATE sessions SET expires = strftime('%s', 'now') - 1 WHERE hex(hash) = '$(token_hash "$tok")';"
req GET /
check "S06 a session past its absolute expiry no longer opens the portal" \
    eval 'status_is 302 && loc_is "$LOGIN/login"'
JAR=$T/jar.idle
login alice "$ALICE_PW"
tok=$(setcookie "$SID")
sql "UPDATE sessions SET seen = seen - 3600, created = created - 3600 WHERE hex(hash) = '$(token_hash "$tok")';"
req GET /
check "S06 a session idle for longer than session.idle (30m) no longer opens the portal" \
    eval 'status_is 302 && loc_is "$LOGIN/login"'
JAR=$T/jar.pw
login alice "$ALICE_PW"
printf '%s\n' "another long password" | adm user passwd alice --password-stdin >/dev/null
req GET /
check "S09 after a password change the session no longer opens the portal" \
    eval 'status_is 302 && loc_is "$LOGIN/login"'

# Disabling the user ends the session for login-cgi too.
JAR=$T/jar.dis
login carol "$CAROL_PW"
adm user set carol --active no >/dev/null
req GET /
check "S10 a disabled user's session no longer opens the portal" \
    eval 'status_is 302 && loc_is "$LOGIN/login"'

# S13 (no token, password or code in stderr or a page, over the whole
# lifecycle above) is checked by run.sh at the end of every case file.
