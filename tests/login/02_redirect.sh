# R: the rd parameter of the login (SECURITY-CASES 2.1), and W06.
#
# Each refusal is a login as alice: GET /login, then POST /login with the
# page's CSRF token and rd=<value> as a form field.  Refused means the
# final Location is the portal and the attacker's host is nowhere in it.
# The same value given to GET /login?rd= must not reach the form.

# rd_login VALUE: alice signs in with rd=VALUE (a form field).
rd_login() {
	JAR=$T/jar.rd
	rm -f "$JAR"
	req GET /login
	submit username=alice password="$ALICE_PW" rd="$1"
}

# refused ID TEXT VALUE [MARK]: VALUE falls back to the portal, through
# the form field and through the query; MARK (default evil.example) is in
# no Location and not in the form.
refused() {
	_id=$1 _txt=$2 _v=$3 _m=${4:-evil.example}
	rd_login "$_v"
	check "$_id $_txt: POST /login ends at the portal" \
	    eval 'status_is 303 && loc_is "$PORTAL" && loc_lacks "$_m" && sets_cookie "$SID"'
	JAR=$T/jar.q
	rm -f "$JAR"
	req GET "/login?rd=$(urlenc "$_v")"
	check "$_id $_txt: GET /login?rd= leaves the form's rd empty" \
	    eval 'status_is 200 && eq "$(field rd)" "" && body_lacks "$_m"'
}

# Controls: what is allowed goes through exactly.
rd_login "https://app.example.com/wiki/page?x=1&y=2"
check "R00 an application's URL is followed after the login" \
    eval 'status_is 303 && loc_is "https://app.example.com/wiki/page?x=1&y=2"'
rd_login "https://intranet.example.com/"
check "R00 a host under cookie.domain on a label boundary is followed" \
    eval 'status_is 303 && loc_is "https://intranet.example.com/"'
rd_login ""
check "R00 no rd: the portal" eval 'status_is 303 && loc_is "$PORTAL"'

refused R01 "an https URL of another site" "https://evil.example/"
refused R01 "a host ending in the cookie domain without a label boundary" \
    "https://evilexample.com/" evilexample
refused R03 "a path with a backslash (/\\evil.example/)" '/\evil.example/'
refused R03 "a backslash after the scheme" 'https:\\evil.example/'
refused R04 "/<TAB>/evil.example" "$(printf '/\t/evil.example')"
refused R04 "a protocol-relative //evil.example" "//evil.example/"
refused R06 "userinfo app.example.com@evil.example" \
    "https://app.example.com@evil.example/"
refused R06 "userinfo with a password" "https://u:p@app.example.com/" "u:p@"
refused R07 "app.example.com.evil.example" "https://app.example.com.evil.example/"
refused R09 "javascript:alert(document.domain)" \
    "javascript:alert(document.domain)" "script:"
refused R09 "JaVaScRiPt:alert(1)" "JaVaScRiPt:alert(1)" "script:"
refused R09 "a leading space before javascript:" " javascript:alert(1)" "script:"
refused R09 "java<TAB>script:alert(1)" "$(printf 'java\tscript:alert(1)')" "script:"
refused R09 "data:text/html" "data:text/html,<script>alert(1)</script>" "data:"
refused R11 "https:evil.example (no authority)" "https:evil.example"
refused R11 "https:/evil.example (one slash)" "https:/evil.example"
refused R12 "http:// for an https application (no downgrade)" \
    "http://app.example.com/" "http://"
refused R17 "a port the application does not use" \
    "https://app.example.com:8443/" ":8443"
refused R18 "%2F%2Fevil.example is not decoded a second time" \
    "%2F%2Fevil.example"
rd_login "%2F%2Fevil.example"
check "R18 the Location is never //evil.example" loc_lacks "//evil.example"

# R14: CR LF in rd.
crlf=$(printf 'https://app.example.com/\r\nSet-Cookie: x=1')
refused R14 "CR LF in rd" "$crlf" "x=1"
rd_login "$crlf"
check "R14 no header or cookie is injected" \
    eval '! grep -qi "^set-cookie: *x=" "$T/head" && ! grep -qi "^x=" "$T/head"'
JAR=$T/jar.q
req GET "/login?rd=https%3A%2F%2Fapp.example.com%2F%0d%0aSet-Cookie:%20x=1"
check "R14 through the query: no header or cookie is injected" \
    eval 'status_is 200 && ! grep -qi "^set-cookie: *x=" "$T/head" && ! grep -qi "^x=" "$T/head"'

# R15: rd twice.
JAR=$T/jar.r15
rm -f "$JAR"
req GET /login
tok=$(field csrf)
req POST /login -d "csrf=$tok&username=alice&password=$(urlenc "$ALICE_PW")&rd=$(urlenc https://app.example.com/)&rd=$(urlenc https://evil.example/)"
check "R15 rd twice in the form: 400, or the portal; never evil" \
    eval 'status_is "400|303" && loc_lacks evil.example && { [ "$STATUS" = 400 ] || loc_is "$PORTAL"; }'
req GET "/login?rd=$(urlenc https://app.example.com/)&rd=$(urlenc https://evil.example/)"
check "R15 rd twice in the query: the form's rd is dropped" \
    eval 'status_is "200|400" && body_lacks evil.example && { [ "$STATUS" = 400 ] || eq "$(field rd)" ""; }'

# R20: a very long rd.
long="https://app.example.com/$(rep a 8192)"
rd_login "$long"
check "R20 rd of 8 KiB: refused (400, 413 or the portal), no crash" \
    eval 'status_is "303|400|413" && loc_lacks aaaaaaaa && { [ "$STATUS" != 303 ] || loc_is "$PORTAL"; }'
long="https://app.example.com/$(rep a 2100)"
rd_login "$long"
check "R20 rd just over 2 KiB: refused (400 or the portal)" \
    eval 'status_is "303|400" && loc_lacks aaaaaaaa'
JAR=$T/jar.q
req GET "/login?rd=$(urlenc "https://app.example.com/$(rep a 8192)")"
check "R20 through the query: the form's rd is dropped, no crash" \
    eval 'status_is "200|400" && body_lacks aaaaaaaa'

# W06: an accepted rd holding markup is attribute-escaped and round-trips.
w6='https://app.example.com/?q="><script>alert(1)</script>'
JAR=$T/jar.w6
rm -f "$JAR"
req GET "/login?rd=$(urlenc "$w6")"
check "W06 the rd in the login form is attribute-escaped" \
    eval 'status_is 200 && body_lacks "\"><script>" && body_lacks "<script>alert(1)"'
check "W06 the rd in the login form round-trips exactly" eq "$(field rd)" "$w6"
submit username=alice password="$ALICE_PW"
check "W06 after the login the Location is that rd exactly" \
    eval 'status_is 303 && loc_is "$w6"'

# The same rules for the rd of /logout and /start.
JAR=$T/jar.lo
jar_put "$SID" "$(session_for alice)"
req GET "/logout?rd=$(urlenc https://evil.example/)"
check "R01 /logout?rd=evil: the confirm form carries no rd" \
    eval 'status_is 200 && eq "$(field rd)" "" && body_lacks evil.example'
submit rd=https://evil.example/
check "R01 POST /logout with rd=evil ends at the login page, not evil" \
    eval 'status_is 303 && loc_lacks evil.example && loc_starts "$LOGIN/"'
jar_put "$SID" "$(session_for alice)"
req GET "/start?rd=$(urlenc https://evil.example/)"
check "R01 /start?rd=evil signed in: the portal" \
    eval 'status_is 302 && loc_is "$PORTAL"'
