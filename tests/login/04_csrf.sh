# CS: CSRF on the login, consent, logout and revoke forms (SECURITY-CASES
# 2.6).  CS06 (the CSP and the token's place and size) is in 01_pages.sh.

pwenc=$(urlenc "$ALICE_PW")

# CS01: the login form.
JAR=$T/jar.a
req GET /login
tok_a=$(field csrf)
JAR=$T/jar.b
req GET /login
tok_b=$(field csrf)

JAR=$T/jar.a
req POST /login -d "username=alice&password=$pwenc"
check "CS01 right credentials without a csrf field: 403, no session" \
    eval 'status_is 403 && no_session'
req POST /login -d "csrf=&username=alice&password=$pwenc"
check "CS01 an empty csrf field: 403, no session" \
    eval 'status_is 403 && no_session'
req POST /login -d "csrf=$tok_b&username=alice&password=$pwenc"
check "CS01 the token of another browser's login page: 403, no session" \
    eval 'status_is 403 && no_session'
req POST /login --no-jar -d "csrf=$tok_a&username=alice&password=$pwenc"
check "CS01 the right token without its cookie: 403, no session" \
    eval 'status_is 403 && no_session'
case $tok_a in *A) bad=${tok_a%?}B ;; *) bad=${tok_a%?}A ;; esac
req POST /login -d "csrf=$bad&username=alice&password=$pwenc"
check "CS01 a token with its last character changed: 403, no session" \
    eval 'status_is 403 && no_session'
req POST /login -d "csrf=$tok_a&username=alice&password=$pwenc" \
    -e HTTP_SEC_FETCH_SITE=cross-site
check "CS01 Sec-Fetch-Site: cross-site: 403, no session" \
    eval 'status_is 403 && no_session'
req POST /login -d "csrf=$tok_a&username=alice&password=$pwenc" \
    -e HTTP_SEC_FETCH_SITE=same-site
check "CS01 Sec-Fetch-Site: same-site (another host of the domain): 403" \
    eval 'status_is 403 && no_session'
req POST /login -d "csrf=$tok_a&username=alice&password=$pwenc" \
    -u HTTP_SEC_FETCH_SITE -e HTTP_ORIGIN=https://evil.example
check "CS01 no Sec-Fetch-Site and Origin: https://evil.example: 403" \
    eval 'status_is 403 && no_session'
req POST /login -d "csrf=$tok_a&username=alice&password=$pwenc" \
    -u HTTP_SEC_FETCH_SITE -e HTTP_ORIGIN=null
check "CS01 Origin: null: 403" eval 'status_is 403 && no_session'
check "CS01 no session was made by any of these" eq "$(count sessions)" 0
req POST /login -d "csrf=$tok_a&username=alice&password=$pwenc"
check "CS01 control: the right token with its cookie signs in" signed_in

# CS03 and CS04: the consent form of a signed-in user (A3 is explicit).
A3=https://grafana.example.com/d/1
JAR=$T/jar.alice
jar_put "$SID" "$(session_for alice)"
req GET "/consent?rd=$(urlenc "$A3")"
atok=$(field csrf)
JAR=$T/jar.bob
jar_put "$SID" "$(session_for bob)"
req GET "/consent?rd=$(urlenc "$A3")"
btok=$(field csrf)
check "CS03 control: bob and alice are given different consent tokens" \
    eval '[ -n "$atok" ] && [ -n "$btok" ] && [ "$atok" != "$btok" ]'

JAR=$T/jar.alice
consents() { count consents "user_id = (SELECT id FROM users WHERE name = 'alice')"; }
# Both spellings of the button, so that the token alone decides.
allow="answer=allow&decision=allow"
req POST /consent -d "rd=$(urlenc "$A3")&app=grafana&$allow"
check "CS03 POST /consent without a token: 403, no consent" \
    eval 'status_is 403 && eq "$(consents)" 0'
req POST /consent -d "csrf=$btok&rd=$(urlenc "$A3")&app=grafana&$allow"
check "CS03 POST /consent with the token of bob's session: 403, no consent" \
    eval 'status_is 403 && eq "$(consents)" 0'
req POST /consent -d "csrf=$atok&rd=$(urlenc "$A3")&app=grafana&$allow" \
    -e HTTP_SEC_FETCH_SITE=cross-site
check "CS03 POST /consent from another site: 403, no consent" \
    eval 'status_is 403 && eq "$(consents)" 0'

req POST /consent -d "csrf=$atok&rd=$(urlenc "$A3")&app=admin&$allow"
check "CS04 a valid token for A3 with app=admin: 400/403, no consent" \
    eval 'status_is "400|403" && eq "$(consents)" 0'
req POST /consent -d "csrf=$atok&rd=$(urlenc https://app.example.com/admin/)&app=grafana&$allow"
check "CS04 rd of A2 with app=grafana: 400/403, no consent" \
    eval 'status_is "400|403" && eq "$(consents)" 0'
req POST /consent -d "csrf=$atok&rd=$(urlenc https://evil.example/)&app=grafana&$allow"
check "CS04 an rd that is refused with app=grafana: 400/403, no consent" \
    eval 'status_is "400|403" && eq "$(consents)" 0'

req POST /consent -d "csrf=$atok&rd=$(urlenc "$A3")&app=grafana&$allow"
check "CS03 control: alice's own token records her consent to A3 and goes back to rd (through /start)" \
    eval 'status_is 303 && case "$(loc)" in https://auth.example.com/start\?rd=https%3A%2F%2F*) true ;; *) false ;; esac && eq "$(consents)" 1'
check "CS04 the consent recorded is for grafana only" \
    eq "$(sql "SELECT a.slug FROM consents c JOIN applications a ON a.id = c.app_id JOIN users u ON u.id = c.user_id WHERE u.name = 'alice';")" grafana

# Logout and revoke need the session's token as well.
n0=$(sessions_of alice)
req POST /logout -d ""
check "CS03 POST /logout without a token: 403, the session stays" \
    eval 'status_is 403 && eq "$(sessions_of alice)" "$n0"'
req POST /logout -d "csrf=$btok"
check "CS03 POST /logout with bob's token: 403, the session stays" \
    eval 'status_is 403 && eq "$(sessions_of alice)" "$n0"'
aid=$(sql "SELECT max(id) FROM sessions WHERE user_id = (SELECT id FROM users WHERE name = 'alice');")
req POST /revoke -d "kind=session&session=$aid&id=$aid&csrf=$btok"
check "CS03 POST /revoke with bob's token: 403, the session stays" \
    eval 'status_is 403 && eq "$(sessions_of alice)" "$n0"'
req POST /revoke -d "kind=consent&consent=3&id=3&csrf="
check "CS03 POST /revoke of a consent without a token: 403, it stays" \
    eval 'status_is "400|403" && eq "$(consents)" 1'
