# login-cgi as a FastCGI application (a listening socket on standard
# input, as spawn-fcgi or a web server gives it): it reads the settings
# and the key at start, and again when the store's configuration
# generation moves, so an authz-admin change applies to the next request
# without a restart (DESIGN "Performance", as authz-fcgi does).

SOCK=$T/login.sock
FCGI_PID=
"$PY" -S "$top_srcdir/tests/browser/fcgi-listen.py" "$SOCK" "$LOGIN_CGI" \
    2>"$T/fcgi.err" &
FCGI_PID=$!
i=0
while [ ! -S "$SOCK" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done

# fget TARGET: one FastCGI GET; the status in $T/fstatus, the answer in
# $T/fhead and $T/fbody.
fget() {
	"$PY" -S - "$top_srcdir/tests/fcgi" "$SOCK" "$1" "$T" <<'PYEOF'
import sys
sys.path.insert(0, sys.argv[1])
import client
path, _, query = sys.argv[3].partition("?")
pairs = [("REQUEST_METHOD", "GET"), ("REQUEST_URI", sys.argv[3]),
         ("QUERY_STRING", query), ("HTTP_HOST", "auth.example.com"),
         ("HTTPS", "on"), ("REMOTE_ADDR", "192.0.2.10"),
         ("SERVER_NAME", "auth.example.com"), ("SERVER_PORT", "443")]
a = client.ask(sys.argv[2], pairs)
d = sys.argv[4]
open(d + "/fstatus", "w").write("%s\n" % a.status)
open(d + "/fhead", "w").write("".join("%s: %s\n" % h for h in a.headers))
open(d + "/fbody", "wb").write(a.body)
PYEOF
}
fstatus() { cat "$T/fstatus"; }
fbody_has() {
	grep -qF -e "$1" "$T/fbody" && return 0
	echo "the FastCGI answer lacks [$1] (status $(fstatus))"
	return 1
}

check "FCGI login-cgi listens as a FastCGI application" test -S "$SOCK"
fget /login
check "FCGI GET /login answers the form, its action under login.url" \
    eval '[ "$(fstatus)" = 200 ] && fbody_has "action=\"https://auth.example.com/login\""'
adm set login.url https://sso.example.com >/dev/null
fget /login
check "FCGI after authz-admin set login.url, the next request uses the new one (no restart)" \
    eval '[ "$(fstatus)" = 200 ] && fbody_has "action=\"https://sso.example.com/login\""'
check "FCGI the reload is logged" \
    grep -q "settings reloaded" "$T/fcgi.err"
adm set cookie.domain example.org >/dev/null
adm set session.remember 7d >/dev/null
fget /login
check "FCGI a second change applies too (session.remember: the box)" \
    eval 'fbody_has "Keep me signed in for 7 days" && grep -qi "^set-cookie: __Host-postern-csrf=" "$T/fhead"'
adm unset login.url >/dev/null
fget /login
check "FCGI login.url removed: 500, and the process lives on" \
    eval '[ "$(fstatus)" = 500 ] && kill -0 "$FCGI_PID"'
adm set login.url https://auth.example.com >/dev/null
fget /login
check "FCGI login.url set again: served again" \
    eval '[ "$(fstatus)" = 200 ] && fbody_has "action=\"https://auth.example.com/login\""'
fget /favicon.ico
check "FCGI /favicon.ico is 204 over FastCGI too" eval '[ "$(fstatus)" = 204 ]'
kill "$FCGI_PID" 2>/dev/null
wait "$FCGI_PID" 2>/dev/null
check "S12 the FastCGI answers carry no-store, nosniff and the CSP" \
    eval 'grep -qi "^cache-control: no-store" "$T/fhead" && grep -qi "^x-content-type-options: nosniff" "$T/fhead" && grep -qi "^content-security-policy: .*frame-ancestors" "$T/fhead"'
req GET /login
check "FCGI the same store still serves CGI" eval 'page_ok 200'
