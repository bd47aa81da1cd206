#!/bin/sh
# postern hosting tests: recipe 2 of shared hosting (issue 7), the gate
# authz-cgi, behind the real Apache from Debian set up like a shared host:
# mpm_event with mod_cgid, "AllowOverride AuthConfig FileInfo Indexes Limit
# Options", a server-level PHP handler in <FilesMatch> as Debian's php-fpm
# configuration writes it (pointing at no socket, so a request it ever
# caught would be a 503), MultiViews on, and the protected directory's
# .htaccess, the CGI directory's .htaccess and authz-cgi.conf exactly as
# "authz-admin snippet htaccess APP --gate" prints them.  Then recipe 1,
# authz-fcgi as mod_fcgid's access checker, in the same Apache
# (tests/hosting/fcgid.sh).  As root, recipe 2 again, run by suexec as a
# test account (tests/hosting/suexec.sh).
#
# Apache runs on 127.0.0.1 on a free port with a private configuration in
# a temporary directory; nothing under /etc is touched and only the
# processes started here are stopped.  Needs the Debian packages apache2,
# libapache2-mod-fcgid, libapache2-mod-xsendfile, php-cgi, python3 and
# curl, and as root apache2-suexec-pristine; a missing one is a failure,
# never a skip.  The gate's X-Sendfile delivery and its self-test
# ("authz-admin gate test") run in Apaches of their own that load
# mod_xsendfile (tests/hosting/xsendfile.sh).
#
# The last line is "hosting: N passed, M failed"; the exit status is 1 on
# any failure.

set -u

: "${top_srcdir:?top_srcdir is not set}"
: "${top_builddir:?top_builddir is not set}"

ADMIN=$top_builddir/authz-admin/authz-admin
GATE=$top_builddir/authz-cgi/authz-cgi
APMOD=/usr/lib/apache2/modules
SERVER=apache

. "$top_srcdir/tests/integration/lib.sh"

PIDS=
T=$(mktemp -d "${TMPDIR:-/tmp}/postern-hosting.XXXXXX") || exit 99
cleanup() {
	for _p in $PIDS; do
		stop_pid "$_p"
	done
	stop_under "$T"
	if [ -n "${KEEP:-}" ]; then
		echo "# kept $T"
	else
		rm -rf "$T"
	fi
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM

finish() {
	printf 'hosting: %d passed, %d failed\n' "$PASS" "$FAIL"
	[ "$FAIL" -eq 0 ]
	exit $?
}

find_bin() {
	for _d in $(printf '%s' "$PATH" | tr ':' ' ') /usr/sbin /sbin; do
		[ -x "$_d/$1" ] && { printf '%s\n' "$_d/$1"; return 0; }
	done
	return 1
}

for f in "$ADMIN" "$GATE"; do
	[ -x "$f" ] || { notok "$f is built"; finish; }
done
BIN=$(find_bin apache2) && [ -f "$APMOD/mod_cgid.so" ] ||
    { notok "apache2 is installed (Debian package apache2)"; finish; }
[ -f "$APMOD/mod_fcgid.so" ] ||
    { notok "mod_fcgid is installed (Debian package libapache2-mod-fcgid)"; finish; }
[ -f "$APMOD/mod_xsendfile.so" ] ||
    { notok "mod_xsendfile is installed (Debian package libapache2-mod-xsendfile)"; finish; }
PHP=$(find_bin php-cgi) ||
    { notok "php-cgi is installed (Debian package php-cgi)"; finish; }
for prog in python3 curl; do
	find_bin "$prog" >/dev/null ||
	    { notok "$prog is installed (Debian package $prog)"; finish; }
done

# As root, Apache's children (and so the gate) run as nobody, which must
# read the files and read and write the store; authz-admin runs as nobody
# too, so that every file SQLite makes stays nobody's.
chmod 755 "$T"
USER_LINE=
RUNAS=
if [ "$(id -u)" -eq 0 ]; then
	NOGROUP=$(id -gn nobody)
	USER_LINE="User nobody
Group $NOGROUP"
	RUNAS="setpriv --reuid=nobody --regid=$NOGROUP --clear-groups"
fi
SITE=$T/site
PRIV=$SITE/priv
CGI=$SITE/cgi
STATE=$T/state
mkdir -p "$PRIV/sub" "$PRIV/docs" "$CGI" "$STATE" "$T/outside" \
    "$SITE/crash" "$SITE/crashcgi" "$SITE/missing"
[ -n "$RUNAS" ] && chown nobody "$STATE"
DB=$STATE/postern.db
adm() {
	$RUNAS "$ADMIN" --db "$DB" "$@"
}

# ------------------------------------------------------------ the store

setup_store() {
	adm init &&
	adm set password.scrypt N=1024,r=8,p=1 &&
	adm set login.url https://auth.example.test &&
	adm set cookie.domain example.test &&
	adm group add staff &&
	adm user add alice --name "Alice Example" --random-password &&
	adm group member add staff alice &&
	adm user add bob --random-password &&
	adm provider add files --external http://files.example.test/priv \
	    --internal http://127.0.0.1:9 &&
	adm app add files --name Files --provider files &&
	adm binding add files --group staff &&
	adm provider add single --external http://files.single.test/single \
	    --internal http://127.0.0.1:9 --mode single &&
	adm app add single --name Single --provider single &&
	adm binding add single --group staff &&
	adm provider add sroot --external http://root.single.test \
	    --internal http://127.0.0.1:9 --mode single &&
	adm app add sroot --name Root --provider sroot
}
if setup_store >"$T/setup.log" 2>&1; then
	ok "a store with an application for /priv is made with authz-admin"
else
	notok "a store with an application for /priv is made with authz-admin"
	sed 's/^/# /' "$T/setup.log"
	finish
fi
COOKIE=__Secure-postern
token() {
	[ -f "$T/tok.$1" ] || adm session create "$1" >"$T/tok.$1" || return 1
	cat "$T/tok.$1"
}
A="Cookie: $COOKIE=$(token alice)"
B="Cookie: $COOKIE=$(token bob)"

# ------------------------------------------------------------ the files

# Every protected byte carries the mark; no refused answer may show it.
MARK=PROTECTED-7f3a
printf '%s 0123456789abcdef\n' "$MARK" >"$PRIV/f.txt"
printf '<p>%s index</p>\n' "$MARK" >"$PRIV/index.html"
printf '%s docs\n' "$MARK" >"$PRIV/docs/a.txt"
printf '%s hidden\n' "$MARK" >"$PRIV/.hidden"
printf '%s sub\n' "$MARK" >"$PRIV/sub/data.bin"
printf '#!/bin/sh\necho %s cgi\n' "$MARK" >"$PRIV/s.cgi"
printf '#!/usr/bin/perl\nprint "%s pl";\n' "$MARK" >"$PRIV/s.pl"
printf '<?php /* %s source */ echo "user=", $_SERVER["REMOTE_USER"] ?? "", ";q=", $_GET["q"] ?? "", ";m=", $_SERVER["REQUEST_METHOD"], ";body=", file_get_contents("php://input"), ";post=", $_POST["k"] ?? "", "\\n";\n' \
    "$MARK" >"$PRIV/p.php"
cp "$PRIV/p.php" "$PRIV/p.phps"
printf '%s outside\n' "$MARK" >"$T/outside/secret.txt"
ln -s "$T/outside/secret.txt" "$PRIV/out.txt"
ln -s "$T/outside" "$PRIV/outdir"
ln -s ../.hidden "$PRIV/docs/hid.txt"
for d in crash missing; do
	printf '%s %s\n' "$MARK" "$d" >"$SITE/$d/f.txt"
done
chmod -R a+rX "$T/site" "$T/outside"

cp "$GATE" "$CGI/authz-cgi"
# The gate runs only as its file's owner (as suexec runs it): Apache's.
[ -n "$RUNAS" ] && chown nobody "$CGI/authz-cgi"
adm snippet htaccess files --gate --dir "$PRIV" --cgi-dir "$CGI" \
    --cgi-url /cgi --php-cgi "$PHP" >"$T/snippet" 2>"$T/snippet.err"
check "authz-admin snippet htaccess --gate prints the three files" \
    eval 'grep -c "^#### file: " "$T/snippet" | grep -qx 3'
# Write each file exactly as printed.
awk '/^#### file: /{ f = substr($0, 12); next } f != "" { print > f }' \
    "$T/snippet"
check "the protected .htaccess names the gate by its real path" \
    grep -q "REDIRECT_SCRIPT_FILENAME} == '$CGI/authz-cgi'" "$PRIV/.htaccess"
check "the gate's directory keeps its Content-Length" \
    grep -qx 'SetEnv ap_trust_cgilike_cl 1' "$CGI/.htaccess"

# A gate that crashes, and one that is missing, for directories denied the
# same way.
printf '#!/bin/sh\nexit 1\n' >"$SITE/crashcgi/authz-cgi"
chmod 755 "$SITE/crashcgi/authz-cgi"
cp "$CGI/.htaccess" "$SITE/crashcgi/.htaccess"
sed "s|^ErrorDocument 403 .*|ErrorDocument 403 /crashcgi/authz-cgi|; s|$CGI/authz-cgi|$SITE/crashcgi/authz-cgi|" \
    "$PRIV/.htaccess" >"$SITE/crash/.htaccess"
sed "s|^ErrorDocument 403 .*|ErrorDocument 403 /nocgi/authz-cgi|" \
    "$PRIV/.htaccess" >"$SITE/missing/.htaccess"
# Gates that must refuse to run: one told that its own user is the web
# server's (web-user), and, as root, one owned by another user than the one
# Apache runs it as (no suexec); each for a directory denied the same way.
APUSER=$(id -un)
[ -n "$RUNAS" ] && APUSER=nobody
for g in webuser notowner; do
	[ $g = notowner ] && [ -z "$RUNAS" ] && continue
	mkdir -p "$SITE/$g" "$SITE/${g}cgi"
	printf '%s %s\n' "$MARK" "$g" >"$SITE/$g/f.txt"
	cp "$GATE" "$SITE/${g}cgi/authz-cgi"
	cp "$CGI/.htaccess" "$SITE/${g}cgi/.htaccess"
	sed "s|^root .*|root $SITE/$g|; s|^prefix .*|prefix /$g|" \
	    "$CGI/authz-cgi.conf" >"$SITE/${g}cgi/authz-cgi.conf"
	sed "s|^ErrorDocument 403 .*|ErrorDocument 403 /${g}cgi/authz-cgi|; s|$CGI/authz-cgi|$SITE/${g}cgi/authz-cgi|" \
	    "$PRIV/.htaccess" >"$SITE/$g/.htaccess"
done
echo "web-user $APUSER" >>"$SITE/webusercgi/authz-cgi.conf"
# A second application, in single mode (its host is outside cookie.domain):
# the gate exchanges login-cgi's one-time code for a cookie of that host.
mkdir -p "$SITE/single" "$SITE/singlecgi"
# Single mode: the callback is at the root of the host, so the snippet
# writes a gate for a single-mode application only for the whole site.
adm snippet htaccess single --gate --dir "$SITE/single" \
    --cgi-dir "$SITE/singlecgi" --cgi-url /singlecgi >"$T/sn.out" 2>"$T/sn.err"
snrc=$?
check "snippet --gate: single mode below the root is refused (exit 1), saying why" \
    eval '[ $snrc = 1 ] && [ ! -s "$T/sn.out" ] &&
    grep -q "single mode, whose callback" "$T/sn.err"'
adm snippet htaccess sroot --gate --dir "$SITE/single" \
    --cgi-dir "$SITE/singlecgi" --cgi-url /singlecgi >"$T/sn.out" 2>&1
snrc=$?
check "snippet --gate: single mode for the whole site is written" eval '
    [ $snrc = 0 ] && grep -qx "app sroot" "$T/sn.out" &&
    grep -qx "prefix /" "$T/sn.out"'
printf '%s single\n' "$MARK" >"$SITE/single/f.txt"
cp "$GATE" "$SITE/singlecgi/authz-cgi"
[ -n "$RUNAS" ] && chown nobody "$SITE/singlecgi/authz-cgi"
cp "$CGI/.htaccess" "$SITE/singlecgi/.htaccess"
sed "s|^app .*|app single|; s|^root .*|root $SITE/single|; s|^prefix .*|prefix /single|" \
    "$CGI/authz-cgi.conf" >"$SITE/singlecgi/authz-cgi.conf"
sed "s|^ErrorDocument 403 .*|ErrorDocument 403 /singlecgi/authz-cgi|; s|$CGI/authz-cgi|$SITE/singlecgi/authz-cgi|" \
    "$PRIV/.htaccess" >"$SITE/single/.htaccess"
[ -n "$RUNAS" ] && chown nobody "$SITE/webusercgi/authz-cgi"
chmod -R a+rX "$T/site"

# ------------------------------------------------------------ Apache

set -- $(free_ports 1)
PORT=$1
d=$T/apache
mkdir -p "$d"
[ -n "$RUNAS" ] && chown nobody "$d"
cat >"$d/httpd.conf" <<EOF
ServerRoot "$d"
ServerName localhost
Listen 127.0.0.1:$PORT
PidFile "$d/httpd.pid"
ErrorLog "$d/error.log"
LogLevel warn
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
LoadModule dir_module $APMOD/mod_dir.so
LoadModule autoindex_module $APMOD/mod_autoindex.so
LoadModule negotiation_module $APMOD/mod_negotiation.so
LoadModule alias_module $APMOD/mod_alias.so
LoadModule proxy_module $APMOD/mod_proxy.so
LoadModule proxy_fcgi_module $APMOD/mod_proxy_fcgi.so
LoadModule headers_module $APMOD/mod_headers.so
LoadModule fcgid_module $APMOD/mod_fcgid.so
FcgidIPCDir "$d/fcgid"
FcgidProcessTableFile "$d/fcgid_shm"
TypesConfig /etc/mime.types
DirectoryIndex index.html index.php
DocumentRoot "$SITE"
<Directory "$SITE">
    Options Indexes FollowSymLinks MultiViews
    AllowOverride AuthConfig FileInfo Indexes Limit Options
    Require all granted
</Directory>
# As Debian's php8.2-fpm.conf: a server-level handler for PHP.
<FilesMatch ".+\.ph(?:ar|p|tml)\$">
    SetHandler "proxy:unix:$d/no-php-fpm.sock|fcgi://localhost"
</FilesMatch>
EOF
if "$BIN" -t -f "$d/httpd.conf" -d "$d" >"$d/test.log" 2>&1 &&
    { "$BIN" -f "$d/httpd.conf" -d "$d" -D FOREGROUND 2>>"$d/error.log" &
      started $!; wait_http "$PORT"; }; then
	ok "Apache starts as a shared host on 127.0.0.1:$PORT"
else
	notok "Apache starts as a shared host on 127.0.0.1:$PORT"
	cat "$d/test.log" "$d/error.log" 2>/dev/null | tail -20 | sed 's/^/# /'
	finish
fi

H=files.example.test

# Nothing protected in the last answer, and it is not a success.
refused() {
	case $STATUS in 2??) printf '# status %s\n' "$STATUS"; return 1 ;; esac
	if grep -q "$MARK" "$T/body" 2>/dev/null; then
		echo "# a protected byte in the body"
		return 1
	fi
	return 0
}

# ------------------------------------------------------------ the flow

req $H /priv/f.txt
check "no cookie: 302 to the login with rd" eval '[ "$STATUS" = 302 ] &&
    eq "$(hdr Location)" "https://auth.example.test/start?rd=$(urlenc http://$H/priv/f.txt)"'
check "no cookie: no protected byte" refused

req $H /cgi/authz-cgi -H "$A"
check "the gate called directly: 404, nothing revealed" eval '[ "$STATUS" = 404 ] && refused'

req $H /priv/f.txt -H "$A"
check "a session: the file" eval '[ "$STATUS" = 200 ] && grep -q "^$MARK 0123" "$T/body"'
check "the file: its type from mime.types" eq "$(hdr Content-Type)" text/plain
check "the file: Content-Length kept" eq "$(hdr Content-Length)" 32
check "the file: Cache-Control: private" eq "$(hdr Cache-Control)" private
check "the file: X-Content-Type-Options: nosniff" \
    eq "$(hdr X-Content-Type-Options)" nosniff
ETAG=$(hdr ETag)
LM=$(hdr Last-Modified)
check "the file: an ETag and a Last-Modified" eval '[ -n "$ETAG" ] && [ -n "$LM" ]'

req $H /priv/f.txt -H "$A" -H "Range: bytes=4-9"
check "Range bytes=4-9: 206 with those bytes" eval '[ "$STATUS" = 206 ] &&
    eq "$(cat "$T/body")" "ECTED-"'
check "Range: Content-Range bytes 4-9/32" eq "$(hdr Content-Range)" "bytes 4-9/32"
req $H /priv/f.txt -H "$A" -H "Range: bytes=-5"
check "Range bytes=-5: the last five bytes" eval '[ "$STATUS" = 206 ] &&
    eq "$(cat "$T/body")" "cdef"'
req $H /priv/f.txt -H "$A" -H "Range: bytes=100-"
check "Range past the end: 416 with bytes */32" eval '[ "$STATUS" = 416 ] &&
    eq "$(hdr Content-Range)" "bytes */32"'
req $H /priv/f.txt -H "$A" -H "Range: bytes=0-1,4-5"
check "several ranges: the whole file" eval '[ "$STATUS" = 200 ]'
req $H /priv/f.txt -H "$A" -H "If-None-Match: $ETAG"
check "If-None-Match with the ETag: 304" eval '[ "$STATUS" = 304 ] && [ ! -s "$T/body" ]'
req $H /priv/f.txt -H "$A" -H "If-Modified-Since: $LM"
check "If-Modified-Since the Last-Modified: 304" eq "$STATUS" 304
req $H /priv/f.txt -H "$A" -I
# (curl -I writes the headers where the body would go.)
check "HEAD: 200, the length, no body" eval '[ "$STATUS" = 200 ] &&
    eq "$(hdr Content-Length)" 32 && ! grep -q "$MARK" "$T/body"'
req $H /priv/ -H "$A"
check "a directory: its index.html" eval '[ "$STATUS" = 200 ] &&
    grep -q "$MARK index" "$T/body"'
req $H /priv/docs -H "$A"
check "a directory without its slash: 301 to it, relative" eval '[ "$STATUS" = 301 ] &&
    eq "$(hdr Location)" docs/'
req $H /priv/docs/ -H "$A"
check "a directory without an index: 403, no listing" eval '[ "$STATUS" = 403 ] && refused'

req $H '/priv/p.php?q=42' -H "$A"
check "PHP: run by php-cgi, sees REMOTE_USER and the query" eval '[ "$STATUS" = 200 ] &&
    grep -q "^user=alice;q=42;m=GET;" "$T/body"'
check "PHP: its source never goes out" eval '! grep -q "<?php" "$T/body"'
req $H '/priv/p.php' -H "$A" --data-binary 'k=v&x=1'
check "PHP: a POST and its body reach it" \
    grep -q "^user=alice;q=;m=POST;body=k=v&x=1;post=v" "$T/body"
req $H '/priv/p.php' -H "$A" -I
check "PHP: HEAD" eval '[ "$STATUS" = 200 ] && ! grep -q user= "$T/body"'

req $H /priv/f.txt -H "$B"
check "a user the bindings refuse: 403, no protected byte" eval '[ "$STATUS" = 403 ] && refused'

start=$(date +%s)
req $H /priv/f.txt -H "$A" -X POST --data-binary @"$PRIV/index.html"
end=$(date +%s)
check "a POST to a file: 405, and the body read (no 5 s stall)" eval '
    [ "$STATUS" = 405 ] && refused && [ $((end - start)) -lt 3 ]'
start=$(date +%s)
req $H /priv/f.txt -X POST --data-binary 'a=b'
end=$(date +%s)
check "an unauthenticated POST: 401 at once" eval '
    [ "$STATUS" = 401 ] && refused && [ $((end - start)) -lt 3 ]'

# ------------------------------------------------------------ bypasses

# Each target, without a session and with bob's (whom the bindings
# refuse): no success, no protected byte.
for target in /priv/f.txt /priv/%66.txt /priv/%2566.txt '/priv/%2ff.txt' \
    /priv%2ff.txt /priv/./f.txt /priv//f.txt /x/../priv/f.txt \
    /priv/sub/../f.txt '/priv/%2e%2e/priv/f.txt' /PRIV/f.txt /priv/F.TXT \
    /Priv/f.txt /priv/f.txt. /priv./f.txt /priv/f.txt/ /priv/f.txt%20 \
    '/priv/f.txt;x' '/priv;x/f.txt' '/priv/f.txt%00' '/priv/f.txt%3f' \
    '/priv\f.txt' /priv/f /priv/index /priv/ /priv /priv/p.php \
    /priv/p.phps /priv/s.cgi /priv/s.pl /priv/.hidden /priv/.htaccess \
    /priv/out.txt /priv/outdir/secret.txt /priv/docs/hid.txt \
    /cgi/authz-cgi/priv/f.txt '/cgi/authz-cgi?/priv/f.txt' \
    /cgi/authz-cgi.conf /crash/f.txt /missing/f.txt; do
	for who in none bob; do
		if [ $who = bob ]; then
			req $H "$target" --path-as-is -H "$B"
		else
			req $H "$target" --path-as-is
		fi
		check "bypass ($who): GET $target reaches no protected byte" refused
	done
done

# Direct calls of the gate, even with a valid session, say nothing.
for target in /cgi/authz-cgi/priv/f.txt '/cgi/authz-cgi?/priv/f.txt'; do
	req $H "$target" -H "$A"
	check "bypass (alice): the gate's own URL $target: 404" eval '
	    [ "$STATUS" = 404 ] && refused'
done

# Headers a client might hope the gate or Apache would trust.
req $H /priv/f.txt -H "Redirect-Status: 200" -H "Redirect-URL: /priv/f.txt" \
    -H "Redirect-Script-Filename: $CGI/authz-cgi" -H "Remote-User: alice" \
    -H "X-Original-URL: /priv/f.txt" -H "X-Rewrite-URL: /priv/f.txt" \
    -H "Handler: GET"
check "bypass: forged Redirect-* and identity headers" refused
req $H /cgi/authz-cgi -H "Redirect-Status: 403" -H "Redirect-URL: /priv/f.txt"
check "bypass: forged Redirect-* headers on the gate's URL" refused

# Every method, without a session and with bob's.
for m in GET HEAD POST PUT DELETE PATCH OPTIONS TRACE PROPFIND MKCOL COPY \
    MOVE LOCK UNLOCK FOO; do
	for who in none bob; do
		if [ $m = HEAD ]; then mopt=-I; else mopt="-X $m"; fi
		if [ $who = bob ]; then
			req $H /priv/f.txt $mopt -H "$B"
		else
			req $H /priv/f.txt $mopt
		fi
		if [ $m = TRACE ]; then
			# Apache's core answers TRACE itself (TraceEnable, a
			# server setting) with the request echoed: no file.
			check "bypass ($who): TRACE /priv/f.txt reaches no protected byte" \
			    eval '! grep -q "$MARK" "$T/body"'
			continue
		fi
		check "bypass ($who): $m /priv/f.txt reaches no protected byte" refused
	done
done

# Symlinks, dotfiles and sources: refused even to alice.
for target in /priv/out.txt /priv/outdir/secret.txt /priv/docs/hid.txt \
    /priv/.hidden /priv/.htaccess /priv/p.phps /priv/s.cgi /priv/s.pl \
    /priv/outdir/ /crash/f.txt /missing/f.txt; do
	req $H "$target" -H "$A"
	check "alice: $target is refused" refused
done
req $H /crash/f.txt -H "$A"
# The gate's failure is a 500 inside the ErrorDocument, which Apache
# answers with the original 403.
check "a crashing gate: Apache keeps the 403 and logs the failure" eval '
    [ "$STATUS" = 403 ] && refused &&
    grep -q "End of script output before headers: authz-cgi" "$d/error.log"'

# No suexec: the gate refuses to run as the web server's user, or as
# anyone but its file's owner, before it decides anything.
req $H /webuser/f.txt -H "$A"
check "a gate run as the web server's user (web-user): refused, logged" eval '
    refused && grep -q "refusing to run: it runs as the web server.s user" "$d/error.log"'
if [ -n "$RUNAS" ]; then
	req $H /notowner/f.txt -H "$A"
	check "a gate not run as its owner (no suexec): refused, logged" eval '
	    refused && grep -q "refusing to run: it does not run as the owner" "$d/error.log"'
fi

# ------------------------------------------------------------ single mode

# The callback is at the root of the host (/.postern/callback), so it
# reaches the gate only where the protected directory is the whole site;
# here the gate is run the way Apache's ErrorDocument runs it for that
# path.  It mints the cookie's token itself (getrandom, authz-cgi/random.c).
HS=files.single.test
req $HS /single/f.txt
check "single mode, no cookie: 302 to the login" eval '[ "$STATUS" = 302 ] && refused'
back=http://$HS/single/f.txt
callback() {
	$RUNAS env -i PATH=/usr/bin:/bin REDIRECT_STATUS=403 \
	    REDIRECT_URL=/.postern/callback REDIRECT_HANDLER=GET \
	    REDIRECT_QUERY_STRING="code=$1&rd=$(urlenc "$back")" \
	    REQUEST_METHOD=GET HTTP_HOST=$HS SERVER_NAME=$HS SERVER_PORT=80 \
	    REMOTE_ADDR=127.0.0.1 GATEWAY_INTERFACE=CGI/1.1 \
	    SCRIPT_NAME=/singlecgi/authz-cgi \
	    SCRIPT_FILENAME="$SITE/singlecgi/authz-cgi" \
	    "$SITE/singlecgi/authz-cgi" </dev/null 2>"$T/cb.err" | tr -d '\r' >"$T/cb"
}
code=$(adm session create alice --code --ttl 10m)
callback "$code"
SCOOKIE=$(sed -n 's/^Set-Cookie: \([^;]*\);.*/\1/p' "$T/cb")
check "single mode: the gate exchanges the code, 302 back to rd" eval '
    grep -qx "Status: 302 Found" "$T/cb" && grep -qx "Location: $back" "$T/cb"'
check "single mode: an HttpOnly cookie of a fresh session token" eval '
    grep "^Set-Cookie: " "$T/cb" | grep -q "HttpOnly" &&
    echo "$SCOOKIE" | grep -Eq "^[A-Za-z_-]+=[A-Za-z0-9_-]{43}\$" &&
    ! echo "$SCOOKIE" | grep -qF "$code"'
req $HS /single/f.txt -H "Cookie: $SCOOKIE"
check "single mode: the minted cookie opens the file" eval '
    [ "$STATUS" = 200 ] && grep -q "^$MARK single" "$T/body"'
callback "$code"
check "single mode: the code works once" eval '
    ! grep -q "^Set-Cookie:" "$T/cb" && grep -q "^Status: 403" "$T/cb"'
# (Not in a sanitizer build: ASan registers every global of the program,
# and keeps with them all they point at.)
if command -v nm >/dev/null 2>&1 && nm "$GATE" >/dev/null 2>&1 &&
    nm "$GATE" | grep -q " T main\$" && ! nm "$GATE" | grep -q "__asan_init"; then
	check "the gate links none of OpenSSL's providers or its DRBG" eval '
	    ! nm "$GATE" | grep -Eq " T (RAND_bytes|EVP_MD_fetch|ossl_default_provider_init)\$"'
fi

# ------------------------------------------------------------ idle touch

# The gate decides on a read-only connection; a session last seen over a
# minute ago is then touched on a writable one of its own, after the
# answer (sqlite3 ages it; the idle limit is 30 minutes).
if command -v sqlite3 >/dev/null 2>&1; then
	ahash=$(python3 -S -c 'import base64, hashlib, sys
t = sys.argv[1]
print(hashlib.sha256(base64.urlsafe_b64decode(t + "=" * (-len(t) % 4))).hexdigest().upper())' "$(token alice)")
	seen() {
		$RUNAS sqlite3 "$DB" "SELECT seen FROM sessions WHERE hex(hash) = '$ahash';"
	}
	$RUNAS sqlite3 "$DB" "UPDATE sessions SET seen = seen - 600 WHERE hex(hash) = '$ahash';"
	before=$(seen)
	req $H /priv/f.txt -H "$A"
	after=$(seen)
	check "a session last seen 10 minutes ago: the file, and seen again" eval '
	    [ "$STATUS" = 200 ] && [ -n "$before" ] && [ "${after:-0}" -ge $((before + 590)) ]'
	check "the store's files are still the store owner's after the touch" eval '
	    [ -z "$(find "$STATE" ! -user "$(stat -c %U "$DB")")" ]'
fi

# ------------------------------------------------------------ revoked

adm session revoke --user alice >/dev/null 2>&1
req $H /priv/f.txt -H "$A"
check "a revoked session: the login again" eval '[ "$STATUS" = 302 ] && refused'

# ------------------------------------------------------------ X-Sendfile

. "$top_srcdir/tests/hosting/xsendfile.sh"

# ------------------------------------------------------------ recipe 1

. "$top_srcdir/tests/hosting/fcgid.sh"

# ------------------------------------------------------------ suexec

# Recipe 2 run by suexec as a test account, which only root can create.
if [ "$(id -u)" -eq 0 ]; then
	. "$top_srcdir/tests/hosting/suexec.sh"
else
	echo "# skip: the run under suexec (tests/hosting/suexec.sh) needs root"
fi

finish
