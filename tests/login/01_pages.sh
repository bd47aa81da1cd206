# Every page renders, with the headers every answer carries; CS06.

req GET /login
check "PAGES GET /login is a 200 HTML page with the CSP, nosniff and no-referrer" page_ok 200
check "CS06 the login page's CSP has frame-ancestors 'none'" \
    head_has Content-Security-Policy "frame-ancestors 'none'"
tok=$(field csrf) || tok=
check "CS06 the login form's CSRF token is in the body and at least 128 bits (22 base64url characters)" \
    eval 'printf "%s" "$tok" | grep -Eq "^[A-Za-z0-9_-]{22,}\$"'
check "CS06 the login page's token is in no header" \
    eval '! grep -qF -e "$tok" "$T/head"'
check "CS06 the login form posts to a URL without the token" \
    eval '! grep -E "<form[^>]*action=\"[^\"]*(csrf|$tok)" "$T/body"'
check "PAGES the login page sets a host-only CSRF nonce cookie" sets_cookie "$CSRFC"

req GET /login --pathinfo -e REQUEST_URI=/cgi-bin/login-cgi/login
check "PAGES PATH_INFO routes as well as REQUEST_URI" page_ok 200

req HEAD /login
check "PAGES HEAD /login answers 200" status_is 200

req GET /postern.css
check "PAGES the stylesheet is served as text/css with a charset" \
    eval 'status_is 200 && eq "$(hdr Content-Type)" "text/css; charset=utf-8" && head_has Cache-Control no-store'

req GET /
check "PAGES the portal without a session redirects to /login" \
    eval 'status_is 302 && loc_is "$LOGIN/login"'
req GET "/start?rd=$(urlenc https://app.example.com/x)"
check "PAGES /start without a session goes to /login with the rd" \
    eval 'status_is 302 && loc_is "$LOGIN/login?rd=$(urlenc https://app.example.com/x)"'
req GET /totp
check "PAGES /totp without a login under way redirects to /login" \
    eval 'status_is 302 && loc_is "$LOGIN/login"'
req GET /recovery
check "PAGES /recovery without a login under way redirects to /login" \
    eval 'status_is 302 && loc_is "$LOGIN/login"'
req GET /consent
check "PAGES /consent without a session redirects to /login" \
    eval 'status_is 302 && loc_starts "$LOGIN/login"'
req GET /logout
check "PAGES /logout without a session redirects to /login" \
    eval 'status_is 302 && loc_starts "$LOGIN/login"'

req GET /nosuchpage
check "PAGES an unknown route is a 404 HTML page" page_ok 404
req POST / -f a=b
check "PAGES a POST to the portal is 405 with Allow" \
    eval 'page_ok 405 && head_has Allow GET'
req GET /revoke
check "PAGES a GET of /revoke is 405" page_ok 405
req GET /login -u REQUEST_METHOD
check "PAGES a request without REQUEST_METHOD is refused with 400" \
    eval 'status_is 400 && head_has Cache-Control no-store'
req GET "/x/./../login"
check "PAGES the route is normalized once (dot segments)" status_is 200

# Signed in (a session made by authz-admin).
jar_put "$SID" "$(session_for alice)"
req GET /
check "PAGES the portal is a 200 HTML page" page_ok 200
check "PAGES the portal shows who is signed in and a sign-out link" \
    eval 'body_has alice && link_to "Sign out" "$LOGIN/logout"'
check "PAGES the portal's brand link goes to the portal" \
    eval 'grep -q "class=\"brand\" href=\"$PORTAL\"" "$T/body" || { echo "brand link: $(grep -o "class=\"brand\" href=\"[^\"]*\"" "$T/body")"; false; }'

req GET "/consent?rd=$(urlenc https://grafana.example.com/d/1)"
check "PAGES GET /consent for A3 is a 200 HTML page" page_ok 200
check "CS06 the consent page's CSP has frame-ancestors 'none'" \
    head_has Content-Security-Policy "frame-ancestors 'none'"
ctok=$(field csrf) || ctok=
check "CS06 the consent form's token is at least 128 bits and in no header" \
    eval 'printf "%s" "$ctok" | grep -Eq "^[A-Za-z0-9_-]{22,}\$" && ! grep -qF -e "$ctok" "$T/head"'

req GET /logout
check "PAGES GET /logout is a 200 HTML page (a confirm form)" \
    eval 'page_ok 200 && body_has "<form"'
check "PAGES the logout page's Cancel goes back to the portal" \
    link_to Cancel "$PORTAL"
check "PAGES GET /logout changes nothing (the session is still there)" \
    eval '[ "$(sessions_of alice)" = 1 ]'

req GET "/denied?rd=$(urlenc https://app.example.com/admin/)"
check "PAGES /denied is a 403 HTML page naming the application" \
    eval 'page_ok 403 && body_has Admin'
check "PAGES the denied page links to the portal" \
    link_to "Your applications" "$PORTAL"

req GET /start
check "PAGES /start signed in without rd goes to the portal" \
    eval 'status_is 302 && loc_is "$PORTAL"'
req GET "/start?rd=$(urlenc https://app.example.com/page)"
check "PAGES /start signed in goes back to an allowed rd" \
    eval 'status_is 302 && loc_is https://app.example.com/page'
req GET "/start?rd=$(urlenc https://grafana.example.com/)"
check "PAGES /start sends to /consent when A3's consent is due" \
    eval 'status_is 302 && loc_starts "$LOGIN/consent?rd="'
req GET "/start?rd=$(urlenc https://app.example.com/admin/x)"
check "PAGES /start sends to /denied when the bindings refuse" \
    eval 'status_is 302 && loc_starts "$LOGIN/denied?rd="'

# The second-factor pages, during erin's login.
JAR=$T/erin.jar
login erin "$ERIN_PW"
check "PAGES erin's password step leads to /totp" \
    eval 'status_is 303 && loc_is "$LOGIN/totp" && sets_cookie "$FLOWC" && no_session'
req GET /totp
check "PAGES GET /totp is a 200 HTML page with a code form" \
    eval 'page_ok 200 && body_has "name=\"code\""'
check "CS06 the second-factor form's token is at least 128 bits" \
    eval 'field csrf | grep -Eq "^[A-Za-z0-9_-]{22,}\$"'
req GET /recovery
check "PAGES GET /recovery is a 200 HTML page" page_ok 200
