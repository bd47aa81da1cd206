#!/bin/sh
# postern README test: every command block of README.md is run, so the
# README cannot rot.
#
# Each fenced block must follow a comment that says how it is covered:
#
#   <!-- test: sh -->        run, in order, by bash -e in the sandbox below;
#                            a failing command fails the block
#   <!-- test: sh walk -->   the same, then the whole login is walked with
#                            curl over https through Caddy and nginx
#   <!-- test: file PATH --> the block is written to PATH (in the sandbox),
#                            for the commands after it to use
#   <!-- test: elsewhere FILE -->
#                            run by FILE (tools/check, .ci/run): each
#                            command's first word must appear in FILE
#   <!-- test: text -->      not commands (a listing); only for a block
#                            without a language
#
# A block without such a comment, or with an unknown one, fails.
#
# The sandbox: a temporary directory $T stands for the machine's /.  The
# blocks see these substitutions (sed, before running or writing):
#   /etc/ /run/postern /var/lib/postern /var/backups/postern /usr/local/
#       -> the same under $T ($T/usr/local/sbin and libexec/postern hold
#          links to the programs just built; POSTERN_TEMPLATES points at
#          the source tree's templates)
#   https://auth.example.com, https://wiki.example.com -> the same with
#       Caddy's free https port; 127.0.0.1:8080 (nginx), 127.0.0.1:8081
#       (the application, tests/browser/app.py) and 9797 (authz-fcgi for
#       Apache) -> free ports
#   the users postern and www-data -> nobody/nogroup as root, else the
#       user running the test
# and a few system commands are replaced by shell functions that do the
# same to the sandbox: adduser (makes --home; the sandbox user exists),
# apt-get install (checks the packages are installed), systemctl reload
# nginx|caddy (starts or reloads the sandbox's server), nginx (with the
# sandbox's nginx.conf), lighty-enable-mod, a2enmod, a2ensite,
# apache2ctl configtest (real lighttpd and apache2 on sandbox
# configurations).  Files the blocks write under the sandbox's /etc (the
# snippets authz-admin prints) get unix:/run/postern mapped the same way.
# The Caddyfile gets a global options block put in
# front: the free ports, no admin endpoint, no trust-store install, the
# storage in $T (XDG_DATA_HOME).
#
# Run by "make check" with top_srcdir and top_builddir exported, or by
# hand: top_srcdir=. top_builddir=. tests/readme/run.sh
# KEEP=1 keeps the sandbox.  The last line is
# "readme: N passed, M failed"; the exit status is 1 on any failure.

set -u

: "${top_srcdir:?top_srcdir is not set}"
: "${top_builddir:?top_builddir is not set}"
top_srcdir=$(cd "$top_srcdir" && pwd) || exit 99
top_builddir=$(cd "$top_builddir" && pwd) || exit 99
README=$top_srcdir/README.md

# ok, notok, free_ports, stop_pid.
. "$top_srcdir/tests/integration/lib.sh"

PIDS=
T=$(mktemp -d "${TMPDIR:-/tmp}/postern-readme.XXXXXX") || exit 99
chmod 755 "$T"
cleanup() {
	for _f in "$T"/run/postern/*.pid "$T/nginx.pid" "$T/caddy.pid"; do
		[ -s "$_f" ] && PIDS="$PIDS $(cat "$_f")"
	done
	for _p in $PIDS; do
		stop_pid "$_p"
	done
	if [ -n "${KEEP:-}" ]; then echo "# kept $T"; else rm -rf "$T"; fi
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM PIPE

finish() {
	printf 'readme: %d passed, %d failed\n' "$PASS" "$FAIL"
	[ "$FAIL" -eq 0 ]
	exit $?
}
show() {
	for _f in "$@"; do
		[ -s "$_f" ] || continue
		printf '# %s:\n' "${_f#"$T"/}"
		tail -15 "$_f" | sed 's/^/#   /'
	done
}

for f in authz-admin/authz-admin authz-fcgi/authz-fcgi login-cgi/login-cgi; do
	[ -x "$top_builddir/$f" ] || { notok "$f is built"; finish; }
done
for prog in nginx caddy spawn-fcgi curl sqlite3 python3 oathtool lighttpd apache2; do
	command -v "$prog" >/dev/null 2>&1 || [ -x "/usr/sbin/$prog" ] ||
	    { notok "$prog is installed (tools/check installs it)"; finish; }
done

# ------------------------------------------------------------ the blocks
# blocks/N.mode (the comment's words), blocks/N.lang, blocks/N.body (the
# block without its list indentation), blocks/N.line (where it starts).
mkdir -p "$T/blocks"
awk -v dir="$T/blocks" '
	/^[ \t]*<!-- test: .* -->[ \t]*$/ {
		m = $0; sub(/^[ \t]*<!-- test: */, "", m); sub(/ *-->[ \t]*$/, "", m)
		pending = m; next
	}
	!inblock && /^[ \t]*```/ {
		n++; inblock = 1
		match($0, /^[ \t]*/); ind = RLENGTH
		lang = substr($0, ind + 4); gsub(/[ \t]/, "", lang)
		f = sprintf("%s/%02d", dir, n)
		printf "%s\n", pending > (f ".mode"); close(f ".mode")
		printf "%s\n", lang > (f ".lang"); close(f ".lang")
		printf "%d\n", NR > (f ".line"); close(f ".line")
		printf "" > (f ".body")
		pending = ""; next
	}
	inblock && /^[ \t]*```[ \t]*$/ { inblock = 0; close(f ".body"); next }
	inblock { print substr($0, ind + 1) >> (f ".body"); next }
	/^[ \t]*$/ { next }
	{ pending = "" }
' "$README"
nblocks=$(ls "$T/blocks"/*.body 2>/dev/null | wc -l)
if [ "$nblocks" -ge 10 ]; then
	ok "README.md has $nblocks fenced blocks"
else
	notok "README.md has fenced blocks (found $nblocks)"
	finish
fi

# ------------------------------------------------------------ the sandbox
# shellcheck disable=SC2046 # four ports, split on purpose
set -- $(free_ports 5)
NP=$1 UP=$2 AP=$3 CP=$4 HP=$5
if [ "$(id -u)" -eq 0 ]; then
	U=nobody G=$(id -gn nobody)
else
	U=$(id -un) G=$(id -gn)
fi
mkdir -p "$T/etc/nginx/sites-available" "$T/etc/nginx/sites-enabled" \
    "$T/etc/caddy" "$T/etc/lighttpd/conf-available" \
    "$T/etc/lighttpd/conf-enabled" "$T/etc/apache2/sites-available" \
    "$T/etc/apache2/sites-enabled" "$T/etc/apache2/mods-enabled" \
    "$T/usr/local/sbin" "$T/usr/local/libexec/postern" "$T/var/lib" \
    "$T/var/backups" "$T/run" "$T/tmp" "$T/home" "$T/empty" || exit 99
ln -s "$top_builddir/authz-admin/authz-admin" "$T/usr/local/sbin/"
ln -s "$top_builddir/authz-fcgi/authz-fcgi" "$T/usr/local/sbin/"
ln -s "$top_builddir/login-cgi/login-cgi" "$T/usr/local/libexec/postern/"
cp /etc/nginx/fastcgi_params "$T/etc/nginx/" 2>/dev/null ||
    cp "$(dirname "$(command -v nginx || echo /usr/sbin/nginx)")/../../etc/nginx/fastcgi_params" "$T/etc/nginx/" ||
    exit 99
cat >"$T/etc/nginx/nginx.conf" <<EOF
# The sandbox's stand-in for Debian's /etc/nginx/nginx.conf.
user $U $G;
worker_processes 1;
pid $T/nginx.pid;
error_log $T/nginx-error.log info;
events { worker_connections 64; }
http {
    access_log $T/nginx-access.log;
    client_body_temp_path $T/tmp/body;
    proxy_temp_path $T/tmp/proxy;
    fastcgi_temp_path $T/tmp/fastcgi;
    uwsgi_temp_path $T/tmp/uwsgi;
    scgi_temp_path $T/tmp/scgi;
    include $T/etc/nginx/sites-enabled/*;
}
EOF
cat >"$T/etc/lighttpd/lighttpd.conf" <<EOF
# The sandbox's stand-in for Debian's /etc/lighttpd/lighttpd.conf.
server.document-root = "$T/empty"
server.bind = "127.0.0.1"
server.port = $HP
server.pid-file = "$T/lighttpd.pid"
server.errorlog = "$T/lighttpd-error.log"
include "$T/etc/lighttpd/conf-enabled/*.conf"
EOF
APMOD=/usr/lib/apache2/modules
apuser=
[ "$(id -u)" -eq 0 ] && apuser="User $U
Group $G"
cat >"$T/etc/apache2/apache2.conf" <<EOF
# The sandbox's stand-in for Debian's /etc/apache2/apache2.conf.
ServerRoot "$T/etc/apache2"
ServerName localhost
Listen 127.0.0.1:$HP
PidFile "$T/apache.pid"
ErrorLog "$T/apache-error.log"
DefaultRuntimeDir "$T/run"
Mutex file:$T/run default
DocumentRoot "$T/empty"
$apuser
LoadModule mpm_event_module $APMOD/mod_mpm_event.so
LoadModule authn_core_module $APMOD/mod_authn_core.so
LoadModule authz_core_module $APMOD/mod_authz_core.so
IncludeOptional $T/etc/apache2/mods-enabled/*.load
IncludeOptional $T/etc/apache2/sites-enabled/*.conf
EOF

cat >"$T/subst.sed" <<EOF
s#/etc/#$T/etc/#g
s#/run/postern#$T/run/postern#g
s#/var/lib/postern#$T/var/lib/postern#g
s#/var/backups/postern#$T/var/backups/postern#g
s#/usr/local/#$T/usr/local/#g
s#https://\\(auth\\|wiki\\)\\.example\\.com\\([^:.a-z0-9-]\\|\$\\)#https://\\1.example.com:$CP\\2#g
s#127\\.0\\.0\\.1:8080#127.0.0.1:$NP#g
s#127\\.0\\.0\\.1:8081#127.0.0.1:$UP#g
s#9797#$AP#g
s#-u postern -g postern#-u $U -g $G#g
s#-U www-data -G www-data#-U $U -G $G#g
s#postern:postern#$U:$G#g
EOF

# The prelude every sh block runs after: the environment the earlier
# blocks exported, PATH, and the stand-ins for the system commands.
cat >"$T/prelude.sh" <<EOF
T='$T'
export PATH='$T/usr/local/sbin':"\$PATH":/usr/sbin:/sbin
export POSTERN_TEMPLATES='$top_srcdir/templates'
export HOME='$T/home' XDG_DATA_HOME='$T/home/data' XDG_CONFIG_HOME='$T/home/config'
CP=$CP
[ -f '$T/env' ] && . '$T/env'
EOF
cat >>"$T/prelude.sh" <<'EOF'
adduser() {
	# The sandbox's user stands in; the home directory is made.
	while [ $# -gt 0 ]; do
		[ "$1" = --home ] && { mkdir -p "$2" || return 1; }
		shift
	done
}
apt-get() {
	[ "$1" = install ] || return 1
	shift
	for _p in "$@"; do
		case $_p in -*) continue ;; esac
		dpkg-query -W -f='${Status}\n' "$_p" | grep -q ' installed$' ||
		    { echo "sandbox: $_p is not installed" >&2; return 1; }
	done
}
nginx() { command nginx -p "$T" -c "$T/etc/nginx/nginx.conf" -e "$T/nginx-error.log" "$@"; }
systemctl() {
	case "$1 $2" in
	"reload nginx"|"restart nginx")
		if [ -s "$T/nginx.pid" ] && kill -0 "$(cat "$T/nginx.pid")" 2>/dev/null; then
			nginx -s reload
		else
			nginx
		fi ;;
	"reload caddy"|"restart caddy")
		[ -s "$T/caddy.pid" ] && kill "$(cat "$T/caddy.pid")" 2>/dev/null
		command caddy run --config "$T/etc/caddy/Caddyfile" \
		    --adapter caddyfile >"$T/caddy.log" 2>&1 &
		echo $! >"$T/caddy.pid" ;;
	*) echo "sandbox: systemctl $* is not stood in for" >&2; return 1 ;;
	esac
}
lighty-enable-mod() {
	for _m in "$@"; do
		ln -sf "../conf-available/50-$_m.conf" "$T/etc/lighttpd/conf-enabled/" || return 1
	done
}
a2enmod() {
	for _m in "$@"; do
		[ -f "/usr/lib/apache2/modules/mod_$_m.so" ] || return 1
		echo "LoadModule ${_m}_module /usr/lib/apache2/modules/mod_$_m.so" \
		    >"$T/etc/apache2/mods-enabled/$_m.load"
	done
}
a2ensite() {
	for _s in "$@"; do
		[ -f "$T/etc/apache2/sites-available/$_s.conf" ] || return 1
		ln -sf "../sites-available/$_s.conf" "$T/etc/apache2/sites-enabled/" || return 1
	done
}
apache2ctl() {
	[ "$1" = configtest ] || return 1
	apache2 -t -f "$T/etc/apache2/apache2.conf" -d "$T/etc/apache2"
}
# Keep what the block exported for the next one.
trap 'export -p >"$T/env"' EXIT
EOF

# The application behind nginx.
python3 "$top_srcdir/tests/browser/app.py" "$UP" "wiki.example.com=Wiki" \
    2>"$T/app.log" &
started $!

# ------------------------------------------------------------ the walk
JAR=$T/jar
STATUS=000
get() {
	STATUS=$(curl -s --max-time 10 --cacert "$ROOT" \
	    --resolve "auth.example.com:$CP:127.0.0.1" \
	    --resolve "wiki.example.com:$CP:127.0.0.1" \
	    -b "$JAR" -c "$JAR" -D "$T/head" -o "$T/body" -w '%{http_code}' \
	    "$@") || STATUS=000
	LASTREQ="$*"    # shown by diag (tests/integration/lib.sh)
	: "$LASTREQ"
}
post() {
	_u=$1
	shift
	# shellcheck disable=SC2046
	set -- $(for f in "$@"; do printf -- '--data-urlencode %s ' "$f"; done)
	get "$@" "$_u"
}
hdr() {
	tr -d '\r' <"$T/head" 2>/dev/null | sed -n "s/^$1: *//Ip" | head -n 1
}
field() {
	sed -n "s/.*name=\"$1\" value=\"\([^\"]*\)\".*/\1/p" "$T/body" | head -n 1 |
	    sed -e 's/&#x2F;/\//g' -e 's/&quot;/"/g' -e 's/&#39;/'"'"'/g' \
	    -e 's/&#x27;/'"'"'/g' -e 's/&lt;/</g' -e 's/&gt;/>/g' -e 's/&amp;/\&/g'
}
redirect() {
	case $STATUS in
	30[123]) case $(hdr Location) in "$1"*) return 0 ;; esac ;;
	esac
	echo "expected a redirect to $1..., got $STATUS $(hdr Location)"
	return 1
}
has() { grep -q -- "$1" "$T/body" || { echo "the page lacks [$1]"; return 1; }; }

walk() {
	AUTH=https://auth.example.com:$CP
	WIKI=https://wiki.example.com:$CP
	ROOT=$T/home/data/caddy/pki/authorities/local/root.crt
	i=0
	until [ -s "$ROOT" ] && curl -s -o /dev/null --max-time 1 --cacert "$ROOT" \
	    --resolve "auth.example.com:$CP:127.0.0.1" "$AUTH/login"; do
		i=$((i + 1))
		[ $i -gt 100 ] && break
		sleep 0.1
	done
	check "Caddy serves https://auth.example.com with its internal CA" \
	    eval '[ -s "$ROOT" ] && get "$AUTH/login" && [ "$STATUS" = 200 ]'
	password=$(grep -E '^[A-Za-z0-9]{16,}$' "$T/blocks/pw.out" | head -n 1)
	secret=$(sed -n 's/^otpauth:.*[?&]secret=\([A-Z2-7]*\).*$/\1/p' "$T/blocks/pw.out" | head -n 1)
	get "$WIKI/start/page"
	check "over https, the signed-out visitor of the wiki goes to the login" \
	    redirect "$AUTH/start?rd="
	get "$(hdr Location)"
	check "/start sends on to the login page" redirect "$AUTH/login"
	get "$(hdr Location)"
	post "$AUTH/login" "csrf=$(field csrf)" "rd=$(field rd)" username=alice \
	    "password=$password"
	check "alice's password (printed by user add --random-password) leads to the TOTP page" \
	    redirect "$AUTH/totp"
	get "$(hdr Location)"
	post "$AUTH/totp" "csrf=$(field csrf)" "code=$(oathtool --totp -b "$secret")"
	check "the TOTP code (from the secret totp enroll printed) leads back to the wiki" \
	    redirect "$WIKI/start/page"
	get "$WIKI/start/page"
	check "the wiki is reached over https and sees Remote-User: alice" \
	    eval '[ "$STATUS" = 200 ] && has "id=\"remote-user\">alice<"'
	check "the session cookie is __Secure-postern for Domain example.com" \
	    eval 'grep -Eq "^(#HttpOnly_)?\.example\.com	TRUE	/	TRUE	[0-9]+	__Secure-postern	" "$JAR"'
}

# ------------------------------------------------------------ run them
for body in "$T/blocks"/*.body; do
	b=${body%.body}
	n=${b##*/}
	mode=$(cat "$b.mode")
	lang=$(cat "$b.lang")
	line=$(cat "$b.line")
	what="README.md:$line ($n, $mode)"
	set -- $mode
	case ${1:-} in
	sh)
		if [ "$lang" != sh ]; then
			notok "$what: a sh block is marked \`\`\`sh"
			continue
		fi
		sed -f "$T/subst.sed" "$body" >"$b.run"
		if (cd "$top_srcdir" && bash -e -c ". '$T/prelude.sh'; . '$b.run'") \
		    >"$b.out" 2>&1; then
			ok "$what: $(grep -v '^[[:space:]]*#' "$body" | grep -c .) command lines run"
		else
			notok "$what: the commands run"
			sed 's/^/#   $ /' "$b.run" | head -20
			show "$b.out" "$T/nginx-error.log" "$T/caddy.log"
		fi
		# What authz-admin wrote into the sandbox's /etc (a snippet)
		# names the real /run/postern: map it as the blocks are.
		find "$T/etc" -type f -newer "$b.run" -exec sed -i \
		    -e "s#unix:/run/postern/#unix:$T/run/postern/#g" \
		    -e "s#\"/run/postern/#\"$T/run/postern/#g" {} +
		# alice's password and TOTP secret, for the walk.
		grep -q 'user add alice.*--random-password' "$body" &&
		    grep -q 'totp enroll alice' "$body" && cp "$b.out" "$T/blocks/pw.out"
		[ "${2:-}" = walk ] && walk
		;;
	file)
		dest=$(printf '%s\n' "${2:-}" | sed -f "$T/subst.sed")
		if [ -z "${2:-}" ] || ! mkdir -p "$(dirname "$dest")"; then
			notok "$what: a file block names its path"
			continue
		fi
		case $2 in
		*/Caddyfile)
			cat >"$dest" <<EOF
# tests/readme: the sandbox's global options.
{
	admin off
	skip_install_trust
	http_port $HP
	https_port $CP
}
EOF
			;;
		*) : >"$dest" ;;
		esac
		sed -f "$T/subst.sed" "$body" >>"$dest"
		ok "$what: written to $2"
		;;
	elsewhere)
		file=$top_srcdir/${2:-/nonexistent}
		missing=
		for w in $(grep -v '^[[:space:]]*#' "$body" | awk 'NF { print $1 }'); do
			grep -qF -- "$w" "$file" 2>/dev/null || missing="$missing $w"
		done
		if [ -f "$file" ] && [ -z "$missing" ]; then
			ok "$what: every command is run by $2"
		else
			notok "$what: every command is run by ${2:-?} (not found:$missing)"
		fi
		;;
	text)
		if [ -z "$lang" ] || [ "$lang" = text ]; then
			ok "$what: a listing, not commands"
		else
			notok "$what: a \`\`\`$lang block cannot be marked text"
		fi
		;;
	*)
		notok "$what: the block says how it is tested (<!-- test: ... -->)"
		;;
	esac
done

[ -s "$T/blocks/pw.out" ] ||
    notok "a block makes alice with --random-password and enrolls her TOTP (for the walk)"
grep -q '^sh walk$' "$T/blocks"/*.mode ||
    notok "a block is marked \"sh walk\" (the login over https through Caddy)"
if [ "$FAIL" -gt 0 ]; then
	show "$T/nginx-error.log" "$T/caddy.log"
fi
finish
