#!/bin/sh
# postern: the shared-hosting bundle ("make bundle", tools/bundle), checked.
#
# Builds the bundle as "make bundle" does, but in a temporary directory (or
# takes $BUNDLE, a postern-bundle-*.tar.gz), checks
# that ldd names only glibc's libraries for each program, installs it as a
# user who is not root (nobody, with HOME in a temporary directory, when
# run as root) into a temporary prefix with ./install.sh --prefix=... and
# --cgi-dir=..., and runs what it installed: authz-admin --version,
# authz-admin --db X init, authz-admin init through the wrapper's default
# store, login-cgi as a CGI program finding its store and templates, and
# the gate refusing a direct call.  Prints "ok"/"not ok" lines and
# "N passed, N failed"; exit 0, 1 when a check failed.
#
# From make check, or by hand from a configured tree:
#	top_builddir=. top_srcdir=. tests/bundle/run.sh

: "${top_srcdir:=.}"
: "${top_builddir:=.}"
top_srcdir=$(cd "$top_srcdir" && pwd) || exit 99
top_builddir=$(cd "$top_builddir" && pwd) || exit 99
MAKE=${MAKE:-make}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/postern-bundle.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM
chmod 755 "$tmp"

passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok - $1"; }
notok() {
	failed=$((failed + 1)); echo "not ok - $1"
	shift
	for l; do echo "#   $l"; done
}
eq() { [ "$1" = "$2" ]; }
check() {
	_l=$1; shift
	if "$@"; then ok "$_l"; else notok "$_l" "test: $*"; fi
}
finish() {
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
	exit $?
}

# ------------------------------------------------------------ the bundle
# make bundle's two steps, with the dist tarball and the bundle's build in
# the temporary directory so that the build tree is left as it was.
if [ -z "${BUNDLE:-}" ]; then
	v=$(sed -n 's/^#define PACKAGE_VERSION "\(.*\)"$/\1/p' \
	    "$top_builddir/config.h")
	mkdir "$tmp/d"
	if env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL "$MAKE" -C "$top_builddir" \
	    --no-print-directory distdir distdir="$tmp/d/postern-$v" \
	    >"$tmp/bundle.log" 2>&1 &&
	    tar -C "$tmp/d" -czf "$tmp/d/postern-$v.tar.gz" "postern-$v" &&
	    rm -rf "$tmp/d/postern-$v" &&
	    sh "$top_srcdir/tools/bundle" "$tmp/d/postern-$v.tar.gz" \
	    "$tmp/d" >>"$tmp/bundle.log" 2>&1; then
		ok "tools/bundle builds the bundle from make dist's tarball"
	else
		notok "tools/bundle builds the bundle from make dist's tarball"
		tail -20 "$tmp/bundle.log" | sed 's/^/#   /'
		finish
	fi
	BUNDLE=$(tail -n 1 "$tmp/bundle.log")
fi
case $(basename "$BUNDLE") in
postern-bundle-*-"$(uname -m)".tar.gz) ok "the bundle is named postern-bundle-VERSION-ARCH.tar.gz" ;;
*) notok "the bundle is named postern-bundle-VERSION-ARCH.tar.gz" "got $BUNDLE" ;;
esac
mkdir "$tmp/x"
tar -xzf "$BUNDLE" -C "$tmp/x" || { notok "the bundle unpacks"; finish; }
dir=$(echo "$tmp"/x/postern-bundle-*)
[ -d "$dir" ] && ok "the bundle unpacks into postern-bundle-*/" ||
    { notok "the bundle unpacks into postern-bundle-*/"; finish; }

for f in bin/authz-admin bin/authz-fcgi bin/login-cgi bin/authz-cgi \
    install.sh README share/postern/templates/login.html \
    share/postern/templates/postern.css share/man/man8/authz-cgi.8 \
    share/man/man8/authz-admin.8 share/man/man5/postern-settings.5 \
    share/man/man7/postern.7; do
	check "the bundle holds $f" test -s "$dir/$f"
done

# ldd: glibc's own libraries, nothing else.
for p in authz-admin authz-fcgi login-cgi authz-cgi; do
	ldd "$dir/bin/$p" >"$tmp/ldd" 2>&1
	bad=$(awk '{ print $1 }' "$tmp/ldd" | grep -vE \
	    '^(linux-vdso\.so\.1|linux-gate\.so\.1|/lib(64|32)?/ld-linux[-a-z0-9_.]*\.so\.[0-9]+|/lib/[a-z0-9_]+-linux-gnu/ld-linux[-a-z0-9_.]*\.so\.[0-9]+|lib(c|m|pthread|dl|rt|resolv)\.so\.[0-9.]+)$')
	if [ -z "$bad" ] && grep -q 'libc\.so' "$tmp/ldd"; then
		ok "ldd $p names only glibc's libraries"
	else
		notok "ldd $p names only glibc's libraries" $bad
	fi
done

# ------------------------------------------------------------ install
# As root, install and run as nobody, HOME in the temporary directory.
home=$tmp/home
mkdir -p "$home"
RUNAS=
if [ "$(id -u)" -eq 0 ]; then
	chown -R nobody "$home" "$tmp/x"
	RUNAS="setpriv --reuid=nobody --regid=$(id -gn nobody) --clear-groups"
fi
as() {
	$RUNAS env -i PATH=/usr/bin:/bin HOME="$home" "$@"
}
check "the installing user is not root" eval \
    '[ "$(as id -u)" != 0 ]'

as sh "$dir/install.sh" >"$tmp/install.out" 2>&1
check "install.sh without --prefix: a usage error (exit 2)" eq "$?" 2
prefix=$home/postern
cgi=$home/public_html/cgi
if as sh "$dir/install.sh" --prefix="$prefix" --cgi-dir="$cgi" \
    >"$tmp/install.out" 2>&1; then
	ok "./install.sh --prefix=\$HOME/postern --cgi-dir=... succeeds"
else
	notok "./install.sh --prefix=\$HOME/postern --cgi-dir=... succeeds"
	sed 's/^/#   /' "$tmp/install.out"
	finish
fi
check "install.sh prints the snippet command to run next" eval \
    'grep -q "authz-admin snippet htaccess .* --gate" "$tmp/install.out" &&
    grep -q -- "--cgi-dir $cgi --cgi-url" "$tmp/install.out"'
for f in bin/authz-admin bin/authz-fcgi libexec/postern/authz-admin \
    libexec/postern/authz-fcgi libexec/postern/login-cgi \
    libexec/postern/authz-cgi cgi/login-cgi cgi/authz-cgi; do
	check "installed: $f, executable" test -x "$prefix/$f"
done
check "installed: the templates" test -s \
    "$prefix/share/postern/templates/base.html"
check "installed: the man pages" test -s "$prefix/share/man/man8/authz-cgi.8"
check "installed: var/ for the store, mode 700" eq \
    "$(stat -c %a "$prefix/var")" 700
check "the CGI directory holds the gate (a copy, not a link)" eval \
    '[ -f "$cgi/authz-cgi" ] && [ ! -L "$cgi/authz-cgi" ] &&
    cmp -s "$cgi/authz-cgi" "$dir/bin/authz-cgi"'
check "the CGI directory holds login-cgi" test -x "$cgi/login-cgi"
check "nothing installed is root's" eval \
    '[ -z "$RUNAS" ] || [ -z "$(find "$home" -user root)" ]'

# ------------------------------------------------------------ run it
v=$(as "$prefix/bin/authz-admin" --version 2>&1)
check "the installed authz-admin --version runs" eval \
    'echo "$v" | grep -q "^authz-admin .*[0-9]"'
as "$prefix/bin/authz-admin" --db "$home/x.db" init >"$tmp/init" 2>&1
rc=$?
check "the installed authz-admin --db X init makes the store" eval \
    '[ $rc -eq 0 ] && [ -s "$home/x.db" ]'
as "$prefix/bin/authz-admin" init >"$tmp/init2" 2>&1
rc=$?
check "authz-admin init without --db: the store in PREFIX/var" eval \
    '[ $rc -eq 0 ] && [ -s "$prefix/var/postern.db" ]'
as "$prefix/bin/authz-admin" set login.url https://auth.example.test/cgi/login-cgi \
    >/dev/null 2>&1 &&
    as "$prefix/bin/authz-admin" user add alice --random-password \
    >/dev/null 2>&1
check "authz-admin set and user add on that store" eq "$?" 0
as "$prefix/bin/authz-admin" user totp enroll alice >"$tmp/totp" 2>&1
check "user totp enroll: the URI, and no QR code said plainly" eval \
    'grep -q "^otpauth://totp/" "$tmp/totp" &&
    grep -q "no QR code (built without libqrencode)" "$tmp/totp"'

# login-cgi from the CGI directory, as Apache would run it (without any
# SetEnv, as under suexec): its login page, from the installed templates.
as GATEWAY_INTERFACE=CGI/1.1 REQUEST_METHOD=GET HTTPS=on \
    HTTP_HOST=auth.example.test SERVER_NAME=auth.example.test \
    SERVER_PORT=443 REMOTE_ADDR=192.0.2.1 SCRIPT_NAME=/cgi/login-cgi \
    PATH_INFO=/login REQUEST_URI=/cgi/login-cgi/login QUERY_STRING= \
    HTTP_ACCEPT=text/html "$cgi/login-cgi" </dev/null >"$tmp/login" \
    2>"$tmp/login.err"
check "login-cgi as a CGI: the login form, from the installed templates" \
    eval 'grep -q "^Status: 200" "$tmp/login" &&
    grep -q "<form" "$tmp/login"'
# The gate, called directly: 404.
as GATEWAY_INTERFACE=CGI/1.1 REQUEST_METHOD=GET \
    SCRIPT_FILENAME="$cgi/authz-cgi" "$cgi/authz-cgi" </dev/null \
    >"$tmp/gate" 2>&1
check "the installed gate called directly: 404" \
    grep -q "^Status: 404" "$tmp/gate"

finish
