# No session: a 302 to the login with the whole original URL in rd, and
# the application never sees the request.

m=c10-$SERVER-nocookie
req "$HOST_APP" "/$m/page?q=1&x=%2F"
want="https://auth.example.test/start?rd=$(urlenc "http://$HOST_APP/$m/page?q=1&x=%2F")"
check "$SERVER: no cookie gets 302" eq "$STATUS" 302
check "$SERVER: the 302 goes to login.url/start with the whole original URL in rd" \
    eq "$(hdr Location)" "$want"
check "$SERVER: the redirect is not cached (Cache-Control: no-store)" \
    eq "$(hdr Cache-Control)" "no-store"
check "$SERVER: without a session the application is never reached" \
    not_reached "$m"

m=c10-$SERVER-post
req "$HOST_APP" "/$m" -X POST -d a=b
check "$SERVER: a POST without a session gets 401 and no Location" \
    eval '[ "$STATUS" = 401 ] && [ -z "$(hdr Location)" ]'
check "$SERVER: the POST never reaches the application" not_reached "$m"

m=c10-$SERVER-badcookie
req "$HOST_APP" "/$m" -H "Cookie: $COOKIE=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
check "$SERVER: an unknown session token gets the same 302" \
    eval '[ "$STATUS" = 302 ] && not_reached "$m"'
