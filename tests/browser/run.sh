#!/bin/sh
# postern browser test: a real browser signs in through postern.
#
# Debian's Chromium, headless, driven by Playwright (playwright-core from
# npm, pinned in package-lock.json; it never downloads a browser of its
# own), goes through the pages a person sees: a protected URL sends it to
# the login page; a wrong password gets the generic error; the right one
# leads to the TOTP page; a code (oathtool, at the moment of typing) to the
# consent page; Allow to the application, which shows the identity
# headers; the portal lists exactly the allowed applications; a refused
# application shows the denied page; sign-out ends access.  Then three
# logins with the default scrypt parameters are timed end to end.
#
# Everything runs on 127.0.0.1 on free ports: a private nginx (the
# "authz-admin snippet nginx" output of each application, included as it
# is with only "listen PORT;" moved to 127.0.0.1, and a server block of
# its own for login-cgi), authz-fcgi on a unix socket, login-cgi as
# FastCGI (its standard input a listening unix socket) and app.py, the
# application.  Chromium maps *.example.test to 127.0.0.1
# (--host-resolver-rules), so the pages have real names:
# auth.example.test:PORT (login.url, plain http: the session cookie is
# "postern", without Secure), wiki/notes/billing.example.test:PORT.
# Nothing under /etc is read or touched, no system service is used, and
# only the processes started here are stopped.
#
# Run by "make check" with top_srcdir and top_builddir exported, or by
# hand:  top_srcdir=. top_builddir=. tests/browser/run.sh
# Missing Debian packages (chromium, fonts-dejavu-core, fonts-liberation,
# nginx, oathtool, python3, curl, and nodejs/npm only when node/npm are
# missing) are installed with apt-get when running as root; playwright-core
# is installed with "npm ci" into $top_builddir/tests/browser/node_modules
# when package-lock.json changed.
# Screenshots: $top_builddir/tests/browser/screenshots/NN-name.png.
# KEEP=1 keeps the temporary directory (store, configuration, logs).
#
# One "ok N - ..." or "not ok N - ..." line per check; the last line is
# "browser: N passed, M failed"; the exit status is 1 on any failure.

set -u

: "${top_srcdir:?top_srcdir is not set}"
: "${top_builddir:?top_builddir is not set}"
top_srcdir=$(cd "$top_srcdir" && pwd) || exit 99
top_builddir=$(cd "$top_builddir" && pwd) || exit 99

HERE=$top_srcdir/tests/browser
OUT=$top_builddir/tests/browser
SHOTS=$OUT/screenshots
ADMIN=$top_builddir/authz-admin/authz-admin
AUTHZ=$top_builddir/authz-fcgi/authz-fcgi
LOGIN=$top_builddir/login-cgi/login-cgi
CHROMIUM=/usr/bin/chromium

# ok, notok, free_ports, wait_http, wait_listen, started, stop_pid.
. "$top_srcdir/tests/integration/lib.sh"

PIDS=
T=$(mktemp -d "${TMPDIR:-/tmp}/postern-browser.XXXXXX") || exit 99
cleanup() {
	for _p in $PIDS; do
		stop_pid "$_p"
	done
	if [ -n "${KEEP:-}" ]; then
		echo "# kept $T"
	else
		rm -rf "$T"
	fi
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM PIPE

finish() {
	printf 'browser: %d passed, %d failed\n' "$PASS" "$FAIL"
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

# Show the tail of a log file as "# " lines.
show() {
	for _f in "$@"; do
		[ -s "$_f" ] || continue
		printf '# %s:\n' "${_f##*/}"
		tail -15 "$_f" | sed 's/^/#   /'
	done
}

# ------------------------------------------------------------ prerequisites

for f in "$ADMIN" "$AUTHZ" "$LOGIN"; do
	[ -x "$f" ] || { notok "$f is built"; finish; }
done

# Debian packages, installed only when missing.  Debian's npm conflicts
# with a Node.js from NodeSource (which brings its own npm), so nodejs and
# npm are asked for only when node or npm is not there at all.
have_pkg() {
	case $(dpkg-query -W -f='${Status}' "$1" 2>/dev/null) in
	*" installed") return 0 ;;
	esac
	return 1
}
need=
[ -x "$CHROMIUM" ] || need="$need chromium"
# Chromium only recommends fonts; the pages need some to be readable.
for p in fonts-dejavu-core fonts-liberation; do
	have_pkg "$p" || need="$need $p"
done
find_bin nginx >/dev/null || need="$need nginx"
for prog in oathtool python3 curl; do
	find_bin "$prog" >/dev/null || need="$need $prog"
done
if ! find_bin node >/dev/null; then
	need="$need nodejs"
	find_bin npm >/dev/null || need="$need npm"
elif ! find_bin npm >/dev/null; then
	need="$need npm"
fi
if [ -n "$need" ]; then
	if [ "$(id -u)" -ne 0 ]; then
		notok "the Debian packages$need are installed (run as root, or apt-get install them)"
		finish
	fi
	# nginx is for this test, on a private port: its package must not
	# start the system service (or take port 80).
	norc=
	if [ ! -e /usr/sbin/policy-rc.d ]; then
		printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d &&
		    chmod 755 /usr/sbin/policy-rc.d && norc=yes
	fi
	# shellcheck disable=SC2086 # a list of package names
	{ apt-get update -qq &&
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    --no-install-recommends $need; } >"$T/apt.log" 2>&1
	rc=$?
	[ -n "$norc" ] && rm -f /usr/sbin/policy-rc.d
	if [ "$rc" -eq 0 ]; then
		ok "installed the missing Debian packages:$need"
	else
		notok "installed the missing Debian packages:$need"
		show "$T/apt.log"
		finish
	fi
fi
NGINX=$(find_bin nginx)

# playwright-core, exactly as package-lock.json pins it, in the build
# tree; installed again only when the lock file changed.
mkdir -p "$OUT" || exit 99
if [ "$OUT" != "$HERE" ]; then
	cp "$HERE/package.json" "$HERE/package-lock.json" "$OUT/" || exit 99
fi
if ! cmp -s "$HERE/package-lock.json" "$OUT/node_modules/.postern-lock" ||
    [ ! -f "$OUT/node_modules/playwright-core/package.json" ]; then
	if (cd "$OUT" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci \
	    --no-audit --no-fund --ignore-scripts) >"$T/npm.log" 2>&1 &&
	    cp "$HERE/package-lock.json" "$OUT/node_modules/.postern-lock"; then
		ok "npm ci installed playwright-core $(sed -n 's/^  "version": "\(.*\)",$/\1/p' \
		    "$OUT/node_modules/playwright-core/package.json")"
	else
		notok "npm ci installs playwright-core from package-lock.json"
		show "$T/npm.log"
		finish
	fi
fi

# ------------------------------------------------------------ the store

DB=$T/postern.db
# shellcheck disable=SC2046 # two ports, split on purpose
set -- $(free_ports 2)
PORT=$1 UP=$2
ALICE_PW='correct horse battery staple'
TIMED_PW='timed login passphrase'

adm() {
	"$ADMIN" --db "$DB" "$@"
}

# totp USER: enroll USER and print the base32 secret.
totp() {
	adm user totp enroll "$1" >"$T/enroll.$1" &&
	    sed -n 's/^otpauth:.*[?&]secret=\([A-Z2-7]*\).*$/\1/p' "$T/enroll.$1" |
	    grep .
}

setup_store() {
	adm init &&
	adm set login.url "http://auth.example.test:$PORT" &&
	adm set cookie.domain example.test &&
	adm group add staff &&
	adm group add finance || return 1
	# Three users for the timed logins, hashed with the default scrypt
	# parameters (password.scrypt is not set yet).
	TIMED_SECRETS=
	for i in 1 2 3; do
		printf '%s\n' "$TIMED_PW" |
		    adm user add "timer$i" --name "Timer $i" \
		    --email "timer$i@example.test" --password-stdin &&
		adm group member add staff "timer$i" &&
		s=$(totp "timer$i") || return 1
		TIMED_SECRETS="$TIMED_SECRETS $s"
	done
	# Everything else fast.
	adm set password.scrypt N=1024,r=8,p=1 &&
	printf '%s\n' "$ALICE_PW" |
	    adm user add alice --name "Alice Example" \
	    --email alice@example.test --password-stdin &&
	adm group member add staff alice &&
	ALICE_SECRET=$(totp alice) &&
	adm user add bob --name "Bob Ledger" --email bob@example.test \
	    --random-password >/dev/null &&
	adm group member add finance bob &&
	# The wiki: explicit consent, for the staff group.
	adm provider add wiki --external "http://wiki.example.test:$PORT" \
	    --internal "http://127.0.0.1:$UP" --flow explicit --consent 30d &&
	adm app add wiki --name "Team Wiki" --provider wiki \
	    --description "Handbook, how-tos and meeting notes of the team." &&
	adm binding add wiki --group staff &&
	# Notes: implicit, no binding (every signed-in user).
	adm provider add notes --external "http://notes.example.test:$PORT" \
	    --internal "http://127.0.0.1:$UP" --flow implicit &&
	adm app add notes --name "Notes" --provider notes \
	    --description "Quick shared notes." &&
	# Billing: only the finance group, which alice is not in.
	adm provider add billing \
	    --external "http://billing.example.test:$PORT" \
	    --internal "http://127.0.0.1:$UP" --flow implicit &&
	adm app add billing --name "Billing" --provider billing \
	    --description "Invoices and payments." &&
	adm binding add billing --group finance
}

if setup_store >"$T/setup.log" 2>&1; then
	ok "a store with users, groups, TOTP and three applications is made with authz-admin"
else
	notok "a store with users, groups, TOTP and three applications is made with authz-admin"
	show "$T/setup.log"
	finish
fi

# The scrypt parameters each user's hash carries.
python3 - "$DB" >"$T/hashes" <<'EOF'
import sqlite3, sys
db = sqlite3.connect("file:%s?mode=ro" % sys.argv[1], uri=True)
for name, h in db.execute("SELECT name, hash FROM users ORDER BY name"):
    print(name, h.split("$")[2] if h.startswith("$scrypt$") else h[:8])
EOF
if grep -qx 'alice ln=10,r=8,p=1' "$T/hashes" &&
    [ "$(grep -c '^timer[123] ln=15,r=8,p=3$' "$T/hashes")" -eq 3 ]; then
	ok "alice's password is hashed with N=1024,r=8,p=1, the timed users' with the default N=32768,r=8,p=3"
else
	notok "alice's password is hashed with N=1024,r=8,p=1, the timed users' with the default N=32768,r=8,p=3"
	sed 's/^/# /' "$T/hashes"
fi

# ------------------------------------------------------------ the servers

python3 "$HERE/app.py" "$UP" "wiki.example.test=Team Wiki" \
    "notes.example.test=Notes" "billing.example.test=Billing" \
    2>"$T/app.log" &
started $!

"$AUTHZ" --db "$DB" --listen "unix:$T/authz.sock" --threads 2 \
    2>>"$T/authz.log" &
started $!

POSTERN_DB=$DB POSTERN_TEMPLATES=$top_srcdir/templates \
    python3 "$HERE/fcgi-listen.py" "$T/login.sock" "$LOGIN" \
    2>>"$T/login.log" &
started $!

d=$T/nginx
mkdir -p "$d/tmp"
: >"$d/site.conf"
for app in wiki notes billing; do
	adm snippet nginx "$app" --authz "unix:$T/authz.sock" >>"$d/site.conf" ||
	    break
done
sed -i "s/^    listen $PORT;\$/    listen 127.0.0.1:$PORT;/" "$d/site.conf"
cat >"$d/nginx.conf" <<EOF
user $(id -un) $(id -gn);
daemon off;
worker_processes 1;
pid $d/nginx.pid;
error_log $d/error.log info;
events { worker_connections 256; }
http {
    access_log $d/access.log;
    client_body_temp_path $d/tmp/body;
    proxy_temp_path $d/tmp/proxy;
    fastcgi_temp_path $d/tmp/fastcgi;
    uwsgi_temp_path $d/tmp/uwsgi;
    scgi_temp_path $d/tmp/scgi;
    types { text/html html; text/css css; }

    # Any other name: nothing here.
    server {
        listen 127.0.0.1:$PORT default_server;
        server_name _;
        return 404;
    }

    # login.url: login-cgi as FastCGI, every path below / its route.
    server {
        listen 127.0.0.1:$PORT;
        server_name auth.example.test;
        location / {
            fastcgi_pass unix:$T/login.sock;
            fastcgi_param GATEWAY_INTERFACE CGI/1.1;
            fastcgi_param SERVER_PROTOCOL \$server_protocol;
            fastcgi_param SERVER_NAME \$server_name;
            fastcgi_param SERVER_PORT \$server_port;
            fastcgi_param REQUEST_METHOD \$request_method;
            fastcgi_param REQUEST_URI \$request_uri;
            fastcgi_param QUERY_STRING \$query_string;
            fastcgi_param CONTENT_TYPE \$content_type;
            fastcgi_param CONTENT_LENGTH \$content_length;
            fastcgi_param REMOTE_ADDR \$remote_addr;
            fastcgi_param HTTPS \$https if_not_empty;
            ${BROWSER_AUTH_NGINX:-}
        }
    }

    # The applications, as authz-admin writes them.
    include $d/site.conf;
}
EOF
if "$NGINX" -t -q -p "$d" -c "$d/nginx.conf" -e "$d/error.log" \
    >"$d/test.log" 2>&1; then
	"$NGINX" -p "$d" -c "$d/nginx.conf" -e "$d/error.log" \
	    2>>"$d/error.log" &
	started $!
fi
if wait_http "$UP" && wait_listen "unix:$T/authz.sock" &&
    wait_listen "unix:$T/login.sock" && wait_http "$PORT"; then
	ok "nginx (the snippets of wiki, notes, billing), authz-fcgi, login-cgi and the application listen on 127.0.0.1"
else
	notok "nginx (the snippets of wiki, notes, billing), authz-fcgi, login-cgi and the application listen on 127.0.0.1"
	show "$d/test.log" "$d/error.log" "$T/authz.log" "$T/login.log" \
	    "$T/app.log"
	finish
fi

# ------------------------------------------------------------ the browser

mkdir -p "$SHOTS" && rm -f "$SHOTS"/*.png
export BROWSER_PORT=$PORT BROWSER_SHOTS=$SHOTS BROWSER_CHROMIUM=$CHROMIUM \
    BROWSER_PROFILE=$T/profile BROWSER_RESULTS=$T/results \
    BROWSER_START=$N BROWSER_ADMIN=$ADMIN BROWSER_DB=$DB \
    ALICE_PW ALICE_SECRET TIMED_PW TIMED_SECRETS
NODE_PATH=$OUT/node_modules${NODE_PATH:+:$NODE_PATH} \
    node "$HERE/scenario.js" 2>"$T/node.err"
rc=$?
if [ -f "$T/results" ]; then
	read -r p f n <"$T/results"
	PASS=$((PASS + p)) FAIL=$((FAIL + f)) N=$n
fi
if [ "$rc" -ne 0 ] && [ ! -f "$T/results" ]; then
	notok "the browser scenario runs to its end (node exited $rc)"
	show "$T/node.err"
fi
if [ "$FAIL" -gt 0 ]; then
	show "$T/node.err" "$T/login.log" "$T/authz.log" "$d/error.log"
fi
finish
