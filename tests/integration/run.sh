#!/bin/sh
# postern integration tests: authz-fcgi behind the real nginx, lighttpd and
# Apache, in front of a small application that echoes what it receives.
#
# Run by "make check" with top_srcdir and top_builddir exported.  Each web
# server runs on 127.0.0.1 on a free port with a private configuration in a
# temporary directory; that configuration is the output of
# "authz-admin snippet" (and of "authz-admin protect") included as it is,
# with only nginx's "listen 80;" and Apache's "<VirtualHost *:80>" moved to
# the test's port.  Nothing under /etc is read or touched, no system
# service is used, and only the processes started here are stopped.
#
# Needs the Debian packages nginx, lighttpd, lighttpd-modules-lua, apache2,
# python3 and curl; a missing one is a failure, never a silent skip.
#
# Case files: the 0x_*.sh run once; the others run once per web server with
# SERVER, PORT and the application hosts set.  The last line is
# "integration: N passed, M failed"; the exit status is 1 on any failure.

set -u

: "${top_srcdir:?top_srcdir is not set}"
: "${top_builddir:?top_builddir is not set}"

ADMIN=$top_builddir/authz-admin/authz-admin
AUTHZ=$top_builddir/authz-fcgi/authz-fcgi
HERE=$top_srcdir/tests/integration
LUA=$top_srcdir/contrib/lighttpd/postern-identity.lua
APMOD=/usr/lib/apache2/modules

. "$HERE/lib.sh"

PIDS=
T=$(mktemp -d "${TMPDIR:-/tmp}/postern-integration.XXXXXX") || exit 99
cleanup() {
	for _p in $PIDS; do
		stop_pid "$_p"
	done
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM

ONCE="00_protect.sh 01_shipped_configs.sh"
PER_SERVER="10_login_redirect.sh 11_allow.sh 12_spoofed_headers.sh
	13_bindings_deny.sh 14_disabled_revoked.sh 15_binding_live.sh
	16_callback.sh 17_unauthenticated_path.sh 18_websocket.sh
	19_path_prefix.sh 20_host_variants.sh 99_authz_down.sh"

finish() {
	printf 'integration: %d passed, %d failed\n' "$PASS" "$FAIL"
	[ "$FAIL" -eq 0 ]
	exit $?
}

# A program from PATH or the sbin directories (not on a user's PATH).
find_bin() {
	for _d in $(printf '%s' "$PATH" | tr ':' ' ') /usr/sbin /sbin; do
		[ -x "$_d/$1" ] && { printf '%s\n' "$_d/$1"; return 0; }
	done
	return 1
}

# ------------------------------------------------------------ prerequisites

for f in "$ADMIN" "$AUTHZ"; do
	[ -x "$f" ] || { notok "$f is built"; finish; }
done
for prog in python3 curl; do
	find_bin "$prog" >/dev/null ||
	    { notok "$prog is installed (Debian package $prog)"; finish; }
done

# ------------------------------------------------------------ the store

DB=$T/postern.db
set -- $(free_ports 5)
UP=$1 PORT_nginx=$2 PORT_lighttpd=$3 PORT_apache=$4 AUTHZ_apache=127.0.0.1:$5
AUTHZ_nginx=unix:$T/authz-nginx.sock
AUTHZ_lighttpd=unix:$T/authz-lighttpd.sock
SERVERS="nginx lighttpd apache"

setup_store() {
	adm init &&
	adm set password.scrypt N=1024,r=8,p=1 &&
	adm set login.url https://auth.example.test &&
	adm set cookie.domain example.test &&
	adm group add staff &&
	adm user add alice --name "Alice Example" --email alice@example.test \
	    --random-password &&
	adm group member add staff alice &&
	adm user add bob --name "Bob" --random-password || return 1
	for s in $SERVERS; do
		# The application at the root of its host, made by protect.
		adm protect "http://$s.example.test" \
		    --internal "http://127.0.0.1:$UP" \
		    --name "App behind $s" >"$T/$s.protect" &&
		adm provider set "$s" --skip-path '^/public(/|$)' &&
		adm binding add "$s" --group staff &&
		# A single-mode application: signed in through its callback.
		adm provider add "single-$s" \
		    --external "http://single-$s.example.test" \
		    --internal "http://127.0.0.1:$UP" --mode single &&
		adm app add "single-$s" --name "Single on $s" \
		    --provider "single-$s" &&
		adm binding add "single-$s" --group staff &&
		# An application under a path prefix, mapped to another path.
		adm protect "http://pre-$s.example.test/admin" \
		    --internal "http://127.0.0.1:$UP/inner" \
		    --slug "pre-$s" >/dev/null &&
		adm binding add "pre-$s" --group staff &&
		# Users each server's cases change.
		adm user add "dave-$s" --random-password &&
		adm group member add staff "dave-$s" &&
		adm user add "erin-$s" --random-password &&
		adm group member add staff "erin-$s" &&
		adm user add "frank-$s" --random-password || return 1
	done
}

if setup_store >"$T/setup.log" 2>&1; then
	ok "a store with users, bindings and applications is made with authz-admin"
else
	notok "a store with users, bindings and applications is made with authz-admin"
	sed 's/^/# /' "$T/setup.log"
	finish
fi

# The session cookie's name with cookie.domain set and an https login.url.
COOKIE=__Secure-postern
# The applications are served over plain http with an https login.url
# (curl sends the session cookie by hand), which check rightly names as a
# login loop for a browser; any other problem fails this.
adm check >"$T/check.log" 2>&1
if ! grep '^problem:' "$T/check.log" |
    grep -qv "external URL is http while login.url is https"; then
	ok "the store the servers use passes authz-admin check (but for http)"
else
	notok "the store the servers use passes authz-admin check (but for http)"
	sed 's/^/# /' "$T/check.log"
fi

# token USER: a session token for USER (made once, kept in $T).
token() {
	[ -f "$T/tok.$1" ] || adm session create "$1" >"$T/tok.$1" || return 1
	cat "$T/tok.$1"
}

# --------------------------------------------------------- the application

python3 "$HERE/upstream.py" "$UP" "$T/upstream.log" 2>"$T/upstream.err" &
started $!
if wait_http "$UP"; then
	ok "the echo application answers on 127.0.0.1:$UP"
else
	notok "the echo application answers on 127.0.0.1:$UP"
	finish
fi

# ------------------------------------------------------------ once

for c in $ONCE; do
	. "$HERE/$c"
done

# ------------------------------------------------------------ servers

# Start authz-fcgi for the server under test; sets AUTHZ_PID.  nginx's is
# socket-activated the way contrib/systemd/authz-fcgi.socket starts it (the
# socket on fd 3, LISTEN_FDS set, no --listen) when systemd-socket-activate
# is installed; systemd-socket-activate execs authz-fcgi in its own process.
start_authz() {
	if [ "$SERVER" = nginx ] && sa=$(find_bin systemd-socket-activate); then
		"$sa" -l "${AUTHZ_ADDR#unix:}" "$AUTHZ" --db "$DB" --threads 2 \
		    2>>"$T/authz-$SERVER.log" &
		SOCKET_ACTIVATED=yes
	else
		"$AUTHZ" --db "$DB" --listen "$AUTHZ_ADDR" --threads 2 \
		    2>>"$T/authz-$SERVER.log" &
		SOCKET_ACTIVATED=
	fi
	AUTHZ_PID=$!
	started "$AUTHZ_PID"
	wait_listen "$AUTHZ_ADDR"
}

start_nginx() {
	d=$T/nginx
	mkdir -p "$d/tmp" "$T/empty"
	: >"$d/site.conf"
	for app in "$SERVER" "single-$SERVER" "pre-$SERVER"; do
		adm snippet nginx "$app" --authz "$AUTHZ_ADDR" >>"$d/site.conf" ||
		    return 1
	done
	sed -i "s/^    listen 80;\$/    listen 127.0.0.1:$PORT;/" "$d/site.conf"
	cat >"$d/nginx.conf" <<EOF
user $(id -un) $(id -gn);
daemon off;
worker_processes 1;
pid $d/nginx.pid;
error_log $d/error.log info;
events { worker_connections 256; }
http {
    access_log off;
    client_body_temp_path $d/tmp/body;
    proxy_temp_path $d/tmp/proxy;
    fastcgi_temp_path $d/tmp/fastcgi;
    uwsgi_temp_path $d/tmp/uwsgi;
    scgi_temp_path $d/tmp/scgi;
    include $d/site.conf;
}
EOF
	"$BIN" -t -q -p "$d" -c "$d/nginx.conf" -e "$d/error.log" \
	    >"$d/test.log" 2>&1 || return 1
	"$BIN" -p "$d" -c "$d/nginx.conf" -e "$d/error.log" 2>>"$d/error.log" &
	started $!
}

start_lighttpd() {
	d=$T/lighttpd
	mkdir -p "$d" "$T/empty"
	: >"$d/site.conf"
	for app in "$SERVER" "single-$SERVER" "pre-$SERVER"; do
		adm snippet lighttpd "$app" --authz "$AUTHZ_ADDR" --lua "$LUA" \
		    >>"$d/site.conf" || return 1
	done
	cat >"$d/lighttpd.conf" <<EOF
server.document-root = "$T/empty"
server.bind = "127.0.0.1"
server.port = $PORT
server.pid-file = "$d/lighttpd.pid"
server.errorlog = "$d/error.log"
include "$d/site.conf"
EOF
	"$BIN" -tt -f "$d/lighttpd.conf" >"$d/test.log" 2>&1 || return 1
	"$BIN" -D -f "$d/lighttpd.conf" 2>>"$d/error.log" &
	started $!
}

start_apache() {
	d=$T/apache
	mkdir -p "$d" "$T/empty"
	: >"$d/site.conf"
	for app in "$SERVER" "single-$SERVER" "pre-$SERVER"; do
		adm snippet apache "$app" --authz "$AUTHZ_ADDR" \
		    >>"$d/site.conf" || return 1
	done
	sed -i "s/^<VirtualHost \*:80>\$/<VirtualHost 127.0.0.1:$PORT>/" \
	    "$d/site.conf"
	user=
	if [ "$(id -u)" -eq 0 ]; then
		# Apache will not serve as root; its children only need TCP.
		user="User nobody
Group $(id -gn nobody)"
		chmod 755 "$T" "$T/empty"
		chown nobody "$d"
	fi
	cat >"$d/httpd.conf" <<EOF
ServerRoot "$d"
ServerName localhost
Listen 127.0.0.1:$PORT
PidFile "$d/httpd.pid"
ErrorLog "$d/error.log"
LogLevel warn
DefaultRuntimeDir "$d"
Mutex file:$d default
DocumentRoot "$T/empty"
$user
LoadModule mpm_event_module $APMOD/mod_mpm_event.so
LoadModule authn_core_module $APMOD/mod_authn_core.so
LoadModule authz_core_module $APMOD/mod_authz_core.so
LoadModule authnz_fcgi_module $APMOD/mod_authnz_fcgi.so
LoadModule headers_module $APMOD/mod_headers.so
LoadModule proxy_module $APMOD/mod_proxy.so
LoadModule proxy_http_module $APMOD/mod_proxy_http.so
Include "$d/site.conf"
EOF
	"$BIN" -t -f "$d/httpd.conf" -d "$d" >"$d/test.log" 2>&1 || return 1
	"$BIN" -f "$d/httpd.conf" -d "$d" -D FOREGROUND 2>>"$d/error.log" &
	started $!
}

for SERVER in $SERVERS; do
	case $SERVER in
	nginx)
		pkg=nginx; BIN=$(find_bin nginx) ;;
	lighttpd)
		pkg="lighttpd lighttpd-modules-lua"; BIN=$(find_bin lighttpd)
		[ -f /usr/lib/lighttpd/mod_magnet.so ] || BIN= ;;
	apache)
		pkg=apache2; BIN=$(find_bin apache2)
		[ -f "$APMOD/mod_authnz_fcgi.so" ] || BIN= ;;
	esac
	if [ -z "$BIN" ]; then
		notok "$SERVER is installed (Debian packages: $pkg)"
		continue
	fi
	eval "PORT=\$PORT_$SERVER AUTHZ_ADDR=\$AUTHZ_$SERVER"
	HOST_APP=$SERVER.example.test
	HOST_SINGLE=single-$SERVER.example.test
	HOST_PRE=pre-$SERVER.example.test

	if ! start_authz; then
		notok "$SERVER: authz-fcgi listens on $AUTHZ_ADDR"
		sed 's/^/# /' "$T/authz-$SERVER.log"
		continue
	fi
	if ! "start_$SERVER" || ! wait_http "$PORT"; then
		notok "$SERVER: starts with the snippets' configuration on 127.0.0.1:$PORT"
		cat "$T/$SERVER/test.log" "$T/$SERVER/error.log" 2>/dev/null |
		    tail -20 | sed 's/^/# /'
		continue
	fi
	ok "$SERVER: starts with the snippets' configuration on 127.0.0.1:$PORT"
	if [ "$SERVER" = nginx ]; then
		if [ -n "$SOCKET_ACTIVATED" ]; then
			req "$HOST_APP" /c02-activation \
			    -H "Cookie: $COOKIE=$(token alice)"
			check "nginx: authz-fcgi answers when socket-activated (fd 3, LISTEN_FDS)" \
			    eval '[ "$STATUS" = 200 ] &&
				grep -q "Execing" "$T/authz-nginx.log"'
		else
			ok "# SKIP socket activation: systemd-socket-activate is not installed"
		fi
	fi
	for c in $PER_SERVER; do
		. "$HERE/$c"
	done
done

finish
