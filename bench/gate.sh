#!/bin/sh
# postern: the shared-hosting gate's cost (issue 7): one private Apache
# (mpm_event, mod_cgid) on 127.0.0.1, and in one run the median (p50) and
# p90 of N sequential requests for
#   static  a plain static file served by Apache;
#   cgi     a bare C CGI that prints a header and exits (the fork+exec floor);
#   cgi_ed  the same CGI reached as the gate is, through ErrorDocument 403;
#   gate    authz-cgi delivering the same file to a signed-in user
#           (ErrorDocument 403, decide(), the store, sendfile);
#   fcgid   recipe 1: the same file served by Apache once authz-fcgi, as
#           mod_fcgid's FcgidAccessChecker, allowed the signed-in user.
# Targets: gate p50 <= 1.5 x cgi p50; fcgid p50 <= 3 x static p50.
#
#   bench/gate.sh [N]        (default 2000; needs apache2,
#                            libapache2-mod-fcgid and ab)
#
# Run from a built tree (BUILDDIR, default the source tree).  Stops only
# the Apache it started; leaves nothing behind.
set -u
N=${1:-2000}
top=$(cd "$(dirname "$0")/.." && pwd)
B=${BUILDDIR:-$top}
ADMIN=$B/authz-admin/authz-admin
GATE=$B/authz-cgi/authz-cgi
AUTHZ=$B/authz-fcgi/authz-fcgi
APMOD=/usr/lib/apache2/modules
for f in "$ADMIN" "$GATE" "$AUTHZ"; do
	[ -x "$f" ] || { echo "bench/gate.sh: $f is not built" >&2; exit 1; }
done
command -v ab >/dev/null || { echo "bench/gate.sh: ab (apache2-utils) is needed" >&2; exit 1; }
T=$(mktemp -d "${TMPDIR:-/tmp}/postern-gatebench.XXXXXX") || exit 1
APID=
cleanup() {
	[ -n "$APID" ] && kill -TERM "$APID" 2>/dev/null && sleep 0.5
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM
chmod 755 "$T"
RUNAS= USER_LINE=
if [ "$(id -u)" -eq 0 ]; then
	g=$(id -gn nobody)
	RUNAS="setpriv --reuid=nobody --regid=$g --clear-groups"
	USER_LINE="User nobody
Group $g"
fi
mkdir -p "$T/site/priv" "$T/site/cgi" "$T/site/pub" "$T/state" "$T/apache"
[ -n "$RUNAS" ] && chown nobody "$T/state" "$T/apache"
adm() { $RUNAS "$ADMIN" --db "$T/state/postern.db" "$@"; }
{
	adm init && adm set password.scrypt N=1024,r=8,p=1 &&
	adm set login.url https://auth.example.test &&
	adm user add alice --random-password &&
	adm provider add files --external http://files.example.test/priv \
	    --internal http://127.0.0.1:9 &&
	adm app add files --name Files --provider files &&
	adm provider add files2 --external http://files.example.test/priv2 \
	    --internal http://127.0.0.1:9 &&
	adm app add files2 --name Files2 --provider files2
} >"$T/setup.log" 2>&1 || { cat "$T/setup.log"; exit 1; }
TOKEN=$(adm session create alice) || exit 1
head -c 4096 /dev/urandom | base64 >"$T/site/priv/f.txt"
cp "$T/site/priv/f.txt" "$T/site/pub/f.txt"
cat >"$T/bare.c" <<'EOF'
#include <stdio.h>
int main(void) { fputs("Status: 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n\r\nok\n", stdout); return 0; }
EOF
cc -O2 -o "$T/site/cgi/bare" "$T/bare.c" || exit 1
cp "$GATE" "$T/site/cgi/authz-cgi"
# The gate runs only as its file's owner (as suexec runs it): Apache's.
[ -n "$RUNAS" ] && chown nobody "$T/site/cgi/authz-cgi"
adm snippet htaccess files --gate --dir "$T/site/priv" --cgi-dir "$T/site/cgi" \
    --cgi-url /cgi >"$T/snippet" || exit 1
awk '/^#### file: /{ f = substr($0, 12); next } f != "" { print > f }' "$T/snippet"
printf '<Files "bare">\n    SetHandler cgi-script\n</Files>\n' >>"$T/site/cgi/.htaccess"
# Recipe 1: /priv2 behind authz-fcgi as mod_fcgid's access checker, its
# wrapper as the snippet prints it but running the build's authz-fcgi.
mkdir -p "$T/site/priv2" "$T/site/cgi2"
cp "$T/site/priv/f.txt" "$T/site/priv2/f.txt"
adm snippet htaccess files2 --fcgid --dir "$T/site/priv2" \
    --cgi-dir "$T/site/cgi2" --cgi-url /cgi2 >"$T/snippet2" || exit 1
awk '/^#### file: /{ f = substr($0, 12); next } f != "" { print > f }' "$T/snippet2"
sed -i "s|^exec [^ ]*/authz-fcgi |exec $AUTHZ |" "$T/site/cgi2/authz-fcgi.sh"
chmod 755 "$T/site/cgi2/authz-fcgi.sh" "$T/site/cgi2/login-cgi"
# The same floor reached the gate's way: a denied directory whose
# ErrorDocument 403 is the bare CGI.
mkdir -p "$T/site/floor"
printf 'ErrorDocument 403 /cgi/bare\nRequire all denied\n' >"$T/site/floor/.htaccess"
: >"$T/site/floor/f.txt"
chmod -R a+rX "$T/site"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
d=$T/apache
cat >"$d/httpd.conf" <<EOF
ServerRoot "$d"
ServerName localhost
Listen 127.0.0.1:$PORT
PidFile "$d/httpd.pid"
ErrorLog "$d/error.log"
DefaultRuntimeDir "$d"
Mutex file:$d default
ScriptSock "$d/cgid.sock"
$USER_LINE
LoadModule mpm_event_module $APMOD/mod_mpm_event.so
LoadModule authn_core_module $APMOD/mod_authn_core.so
LoadModule authz_core_module $APMOD/mod_authz_core.so
LoadModule mime_module $APMOD/mod_mime.so
LoadModule cgid_module $APMOD/mod_cgid.so
LoadModule setenvif_module $APMOD/mod_setenvif.so
LoadModule env_module $APMOD/mod_env.so
LoadModule fcgid_module $APMOD/mod_fcgid.so
FcgidIPCDir "$d/fcgid"
FcgidProcessTableFile "$d/fcgid_shm"
TypesConfig /etc/mime.types
DocumentRoot "$T/site"
<Directory "$T/site">
    AllowOverride AuthConfig FileInfo Indexes Limit Options
    Require all granted
</Directory>
EOF
/usr/sbin/apache2 -f "$d/httpd.conf" -d "$d" -D FOREGROUND 2>>"$d/error.log" &
APID=$!
i=0
until curl -s -o /dev/null "http://127.0.0.1:$PORT/pub/f.txt" || [ $i -gt 50 ]; do
	sleep 0.1; i=$((i + 1))
done
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Host: files.example.test" \
    -H "Cookie: __Host-postern=$TOKEN" "http://127.0.0.1:$PORT/priv/f.txt")
[ "$code" = 200 ] || { echo "bench/gate.sh: the gate answered $code" >&2; tail "$d/error.log"; exit 1; }
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Host: files.example.test" \
    -H "Cookie: __Host-postern=$TOKEN" "http://127.0.0.1:$PORT/priv2/f.txt")
[ "$code" = 200 ] || { echo "bench/gate.sh: recipe 1 answered $code" >&2; tail "$d/error.log"; exit 1; }

# name PATH [ab options]: p50 and p90 in ms over N sequential requests.
run() {
	name=$1 path=$2
	shift 2
	ab -q -n 100 "$@" "http://127.0.0.1:$PORT$path" >/dev/null 2>&1
	ab -q -n "$N" -e "$T/$name.csv" "$@" "http://127.0.0.1:$PORT$path" \
	    >"$T/$name.ab" 2>&1 || { cat "$T/$name.ab"; exit 1; }
	p50=$(awk -F, '$1 == 50 { print $2 }' "$T/$name.csv")
	p90=$(awk -F, '$1 == 90 { print $2 }' "$T/$name.csv")
	eval "P50_$name=$p50"
	printf '%-8s p50 %7.3f ms   p90 %7.3f ms   (%s requests)\n' "$name" \
	    "$p50" "$p90" "$N"
}
run static /pub/f.txt
run cgi /cgi/bare
run cgi_ed /floor/f.txt
run gate /priv/f.txt -H "Host: files.example.test" -C "__Host-postern=$TOKEN"
run fcgid /priv2/f.txt -H "Host: files.example.test" -C "__Host-postern=$TOKEN"
ratio=$(awk -v g="$P50_gate" -v c="$P50_cgi" 'BEGIN { printf "%.2f", g / c }')
ratio1=$(awk -v g="$P50_fcgid" -v c="$P50_static" 'BEGIN { printf "%.2f", g / c }')
echo "gate / cgi p50: $ratio (target <= 1.5)"
echo "gate / cgi_ed p50: $(awk -v g="$P50_gate" -v c="$P50_cgi_ed" 'BEGIN { printf "%.2f", g / c }')"
echo "fcgid / static p50: $ratio1 (target <= 3)"
awk -v r="$ratio" -v r1="$ratio1" 'BEGIN { exit !(r <= 1.5 && r1 <= 3) }' &&
    echo PASS || echo FAIL
