# /start as Apache's ErrorDocument 401 behind mod_fcgid's access checker
# (issue 7, recipe 1): Apache runs it for the refused request with
# REDIRECT_STATUS=401, REDIRECT_URL (the path, decoded) and
# REDIRECT_QUERY_STRING; "?app=SLUG" in the ErrorDocument's own URL names
# the application.  rd is that application's external origin plus the
# path, never Host or SERVER_NAME; a malformed original URL is refused;
# the refused request's body is read and dropped.  tests/hosting drives
# the same through the real Apache.

JAR=$T/jar.errordoc

# errdoc SLUG REDIRECT_URL [cgi.py options]: the ErrorDocument request.
errdoc() {
	_slug=$1 _url=$2
	shift 2
	req GET "/start?app=$_slug" --pathinfo \
	    -e REQUEST_URI="$_url" -e REDIRECT_STATUS=401 \
	    -e REDIRECT_URL="$_url" -e HTTP_HOST=app.example.com \
	    -e SERVER_NAME=app.example.com -e HTTPS= "$@"
}

errdoc wiki /docs/page.html -e REDIRECT_QUERY_STRING='q=1&x=%41'
check "ERRDOC no session: 302 to the login, rd the application's URL with path and query" \
    eval 'status_is 302 && loc_is "$LOGIN/login?rd=$(urlenc "https://app.example.com/docs/page.html?q=1&x=%41")"'

errdoc wiki /docs/page.html -e HTTP_HOST=evil.example.org \
    -e SERVER_NAME=evil.example.org -e HTTP_X_FORWARDED_HOST=evil.example.org
check "ERRDOC a forged Host and SERVER_NAME are ignored: rd keeps the application's host" \
    eval 'status_is 302 && loc_is "$LOGIN/login?rd=$(urlenc https://app.example.com/docs/page.html)"'

errdoc admin /admin/users
check "ERRDOC an application with a path: rd under it" \
    eval 'status_is 302 && loc_is "$LOGIN/login?rd=$(urlenc https://app.example.com/admin/users)"'

errdoc wiki '/a b/c?d#e%f'
check "ERRDOC the decoded path is encoded again (space, ?, #, %)" \
    eval 'status_is 302 && loc_is "$LOGIN/login?rd=$(urlenc "https://app.example.com/a%20b/c%3Fd%23e%25f")"'

for bad in "$(printf '/x\r\nSet-Cookie: a=b')" "$(printf '/x\ny')" \
    "$(printf '/x\ty')" https://evil.example.org/x //evil.example.org/x \
    'evil.example.org/x' ''; do
	errdoc wiki "$bad"
	check "ERRDOC REDIRECT_URL [$(printf '%s' "$bad" | tr '\r\n\t' '???')] is refused: 400, no Location" \
	    eval 'status_is 400 && [ -z "$(loc)" ] && ! grep -qi "^set-cookie: a=" "$T/head"'
done

errdoc wiki /x -e "REDIRECT_QUERY_STRING=$(printf 'a=1\r\nLocation: https://evil.example.org/')"
check "ERRDOC a REDIRECT_QUERY_STRING with CR/LF is refused: 400, no Location" \
    eval 'status_is 400 && [ -z "$(loc)" ]'

errdoc admin /adminx/users
check "ERRDOC a REDIRECT_URL outside the application's path is refused" \
    eval 'status_is 400 && [ -z "$(loc)" ]'

errdoc nosuchapp /x
check "ERRDOC an unknown application is refused" \
    eval 'status_is 400 && [ -z "$(loc)" ]'

req GET /start --pathinfo -e REDIRECT_STATUS=401 -e REDIRECT_URL=/x
check "ERRDOC without ?app=SLUG it is refused" \
    eval 'status_is 400 && [ -z "$(loc)" ]'

head -c 200000 /dev/zero | tr '\0' 'k' >"$T/body200k"
errdoc wiki /upload -e CONTENT_LENGTH=200000 \
    -e CONTENT_TYPE=application/octet-stream \
    -e REDIRECT_REQUEST_METHOD=POST --stdin-file "$T/body200k"
check "ERRDOC the refused request's body is read whole and dropped" \
    eval 'status_is 302 && [ "$(cat "$T/consumed")" -eq 200000 ] ||
    { echo "consumed $(cat "$T/consumed") bytes"; false; }'

# Without REDIRECT_STATUS 401, ?app and REDIRECT_URL mean nothing.
req GET "/start?app=wiki" --pathinfo -e REDIRECT_URL=/docs/x
check "ERRDOC a client's own /start?app=: no rd from REDIRECT_URL" \
    eval 'status_is 302 && loc_is "$LOGIN/login"'
errdoc wiki /docs/x -e REDIRECT_STATUS=403
check "ERRDOC REDIRECT_STATUS other than 401: no rd from REDIRECT_URL" \
    eval 'status_is 302 && loc_is "$LOGIN/login"'

# Signed in: the decision goes on as for any /start.
jar_put "$SID" "$(session_for alice)"
errdoc admin /admin/users
check "ERRDOC signed in but refused by the bindings: to /denied with rd" \
    eval 'status_is 302 && loc_is "$LOGIN/denied?rd=$(urlenc https://app.example.com/admin/users)"'
errdoc wiki /docs/page
check "ERRDOC signed in and allowed: back to the original URL" \
    eval 'status_is 302 && loc_is https://app.example.com/docs/page'
