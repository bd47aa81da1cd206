#!/bin/sh
# postern: make install, checked.
#
# Runs "make install DESTDIR=TMP" in the build tree and checks that every
# program, template, man page, contrib file and systemd file is where it
# belongs, with its mode; that the systemd files carry the configured
# paths; that the state directory is made 0750; that the installed
# authz-admin runs; that systemd-analyze verify accepts the units (when it
# is installed); and that make uninstall takes every file away again.
# Prints "ok"/"not ok" lines and "N passed, N failed".  Exit 0, 1 when a
# check failed, 99 when it cannot run.
#
# From make check (top_srcdir and top_builddir exported), or by hand:
#	top_builddir=. top_srcdir=. tests/install/run.sh

: "${top_srcdir:=.}"
: "${top_builddir:=.}"
top_srcdir=$(cd "$top_srcdir" && pwd) || exit 99
top_builddir=$(cd "$top_builddir" && pwd) || exit 99
MAKE=${MAKE:-make}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/postern-install.XXXXXX") || exit 99
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
trap 'exit 99' HUP INT TERM
dest=$tmp/root

passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok - $1"; }
notok() {
	failed=$((failed + 1)); echo "not ok - $1"
	shift
	for l; do echo "#   $l"; done
}
# check LABEL TEST...: the shell test holds.
check() {
	_l=$1; shift
	if "$@"; then ok "$_l"; else notok "$_l" "test: $*"; fi
}
mode() { stat -c %a "$1" 2>/dev/null; }
# file_mode LABEL PATH MODE: PATH is a regular file of that mode.
file_mode() {
	if [ -f "$2" ] && [ "$(mode "$2")" = "$3" ]; then ok "$1"; else
		notok "$1" "expected $2, mode $3" \
		    "found: $(ls -ld "$2" 2>&1)"
	fi
}

# The build's own make, without the jobserver of a make check around us.
bmake() {
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL "$MAKE" -C "$top_builddir" \
	    --no-print-directory "$@"
}

vars=$(bmake -s -f Makefile -f "$top_srcdir/tests/install/vars.mk" \
    install-vars) || { echo "run.sh: cannot read the build's paths" >&2; exit 99; }
eval "$vars"

if bmake install DESTDIR="$dest" >"$tmp/install.log" 2>&1; then
	ok "make install DESTDIR=... succeeds"
else
	notok "make install DESTDIR=... succeeds"
	sed 's/^/#   /' "$tmp/install.log" | tail -n 20
	echo "$passed passed, $failed failed"
	exit 1
fi
check "nothing is installed outside DESTDIR's prefix" \
    test -z "$(cd "$dest" && find . -mindepth 1 \( -type f -o -type l \) \
    | grep -v "^\.$prefix/")"

# Programs.
file_mode "authz-admin is in sbin" "$dest$sbindir/authz-admin" 755
file_mode "authz-fcgi is in sbin" "$dest$sbindir/authz-fcgi" 755
file_mode "login-cgi is in its CGI directory under libexec" \
    "$dest$pkglibexecdir/login-cgi" 755
check "login-cgi's directory is a libexec directory of its own" \
    test "${pkglibexecdir##*/}" = postern
v=$("$dest$sbindir/authz-admin" --version 2>&1)
check "the installed authz-admin --version runs and names the version" \
    test "$v" = "authz-admin (postern) $version"
if "$dest$sbindir/authz-admin" --db "$tmp/t.db" init >/dev/null 2>&1 &&
    [ "$(mode "$tmp/t.db")" = 600 ]; then
	ok "the installed authz-admin makes a store"
else
	notok "the installed authz-admin makes a store"
fi
v=$("$dest$sbindir/authz-fcgi" --version 2>&1)
check "the installed authz-fcgi --version runs" test -n "$v"

# Templates.
for t in base.html login.html totp.html recovery.html consent.html \
    logout.html denied.html portal.html error.html postern.css; do
	file_mode "template $t is in $templatedir" "$dest$templatedir/$t" 644
done
check "the templates directory is DATADIR/postern/templates" \
    test "$templatedir" = "$pkgdatadir/templates"
n=$(ls "$top_srcdir/templates" | grep -Ec '\.(html|css)$')
m=$(ls "$dest$templatedir" | grep -Ec '\.(html|css)$')
check "every template of the source tree is installed ($n)" test "$n" = "$m"

# Man pages.
for p in man5/postern-settings.5 man7/postern.7 man8/authz-admin.8 \
    man8/authz-fcgi.8 man8/login-cgi.8; do
	file_mode "man page $p" "$dest$mandir/$p" 644
done

# contrib.
for f in README.md nginx/postern.conf lighttpd/postern.conf \
    lighttpd/postern-identity.lua apache/postern.conf \
    systemd/authz-fcgi.socket systemd/authz-fcgi.service \
    systemd/login-cgi.socket systemd/login-cgi.service \
    systemd/postern.tmpfiles systemd/postern.sysusers; do
	file_mode "contrib file $f" "$dest$contribdir/$f" 644
done
check "contrib goes to DATADIR/postern/contrib" \
    test "$contribdir" = "$pkgdatadir/contrib"
for f in nginx/postern.conf lighttpd/postern.conf apache/postern.conf; do
	check "contrib $f is installed as shipped" \
	    cmp -s "$top_srcdir/contrib/$f" "$dest$contribdir/$f"
done

# The systemd files carry this build's paths.
sd=$dest$contribdir/systemd
check "no @placeholder@ is left in the systemd files" \
    test -z "$(grep -l '@[a-z]*@' "$sd"/* 2>/dev/null)"
check "authz-fcgi.service runs the installed authz-fcgi on the store" \
    grep -qxF "ExecStart=$sbindir/authz-fcgi --db $statedir/postern.db --log stderr" \
    "$sd/authz-fcgi.service"
check "login-cgi.service runs the installed login-cgi on the store" \
    grep -qxF "ExecStart=$pkglibexecdir/login-cgi --db $statedir/postern.db" \
    "$sd/login-cgi.service"
for u in authz-fcgi.service login-cgi.service; do
	check "$u runs as the unprivileged user postern" \
	    sh -c "grep -qx 'User=postern' '$sd/$u' &&
		grep -qx 'Group=postern' '$sd/$u'"
	check "$u may write the state directory" \
	    grep -qxF "ReadWritePaths=$statedir" "$sd/$u"
done
check "authz-fcgi.service is started by its socket (no --listen)" \
    sh -c "grep -qx 'Requires=authz-fcgi.socket' '$sd/authz-fcgi.service' &&
	! grep -q '^ExecStart=.*--listen' '$sd/authz-fcgi.service'"
check "login-cgi.service takes its socket on standard input" \
    grep -qx 'StandardInput=socket' "$sd/login-cgi.service"
check "postern.tmpfiles makes the state directory 0750 for postern" \
    grep -qxF "d $statedir 0750 postern postern -" "$sd/postern.tmpfiles"
check "postern.sysusers makes the user postern, at home in the state directory" \
    grep -qE "^u postern - \".*\" $statedir\$" "$sd/postern.sysusers"

# The state directory.
if [ -d "$dest$statedir" ] && [ "$(mode "$dest$statedir")" = 750 ]; then
	ok "the state directory $statedir is made, mode 0750"
else
	notok "the state directory $statedir is made, mode 0750" \
	    "found: $(ls -ld "$dest$statedir" 2>&1)"
fi

# systemd-analyze verify, on copies whose paths point into DESTDIR.
if command -v systemd-analyze >/dev/null 2>&1; then
	mkdir "$tmp/units"
	for u in authz-fcgi.socket authz-fcgi.service login-cgi.socket \
	    login-cgi.service; do
		sed -e "s|^ExecStart=$sbindir/|ExecStart=$dest$sbindir/|" \
		    -e "s|^ExecStart=$pkglibexecdir/|ExecStart=$dest$pkglibexecdir/|" \
		    "$sd/$u" >"$tmp/units/$u"
	done
	if (cd "$tmp/units" && SYSTEMD_LOG_LEVEL=warning systemd-analyze \
	    verify --man=no authz-fcgi.socket authz-fcgi.service \
	    login-cgi.socket login-cgi.service) >"$tmp/verify.log" 2>&1 &&
	    ! grep -q . "$tmp/verify.log"; then
		ok "systemd-analyze verify accepts the units"
	else
		notok "systemd-analyze verify accepts the units"
		sed 's/^/#   /' "$tmp/verify.log" | head -n 20
	fi
else
	echo "# systemd-analyze is not installed: the units are not verified"
fi

# make uninstall takes every file away.
if bmake uninstall DESTDIR="$dest" >"$tmp/uninstall.log" 2>&1; then
	ok "make uninstall DESTDIR=... succeeds"
else
	notok "make uninstall DESTDIR=... succeeds"
	sed 's/^/#   /' "$tmp/uninstall.log" | tail -n 20
fi
left=$(cd "$dest" && find . \( -type f -o -type l \) | head -n 5)
check "make uninstall leaves no file behind" test -z "$left"

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
