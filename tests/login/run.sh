#!/bin/sh
# postern: login-cgi tested as a CGI program.
#
# cgi.py runs the binary the way a web server runs a CGI program (the
# environment, the body on standard input) and reads its answer back; the
# case files tests/login/NN_*.sh drive the pages through it: the login
# steps, redirects, forms, CSRF, brute force, TOTP, sessions, the portal,
# consent, escaping, and the headers of every answer.  The cases are the
# IDs of SECURITY-CASES.md (R, F, CS, B, T, S, W, D, Z).
#
# The fixture store (SECURITY-CASES section 0) is built once with
# authz-admin; each case file runs in a subshell in its own temporary
# directory with a fresh copy of it.  One "ok N - ID ..." or "not ok N -
# ID ..." line per check; the last line is "login: N passed, M failed";
# the exit status is 1 on any failure, 99 when the suite cannot run.
#
# From make check (top_srcdir and top_builddir exported), or by hand:
#	top_srcdir=. top_builddir=. tests/login/run.sh [NN ...]
# where NN picks case files by number prefix.  KEEP=1 keeps the temporary
# directory.  Needs python3, sqlite3 and oathtool (Debian packages).

set -u

: "${top_srcdir:?top_srcdir is not set}"
: "${top_builddir:?top_builddir is not set}"
top_srcdir=$(cd "$top_srcdir" && pwd) || exit 99
top_builddir=$(cd "$top_builddir" && pwd) || exit 99
export top_srcdir top_builddir

. "$top_srcdir/tests/login/lib.sh"

for prog in python3 sqlite3 oathtool; do
	if ! command -v "$prog" >/dev/null 2>&1; then
		echo "run.sh: $prog is needed (Debian package $prog)" >&2
		exit 99
	fi
done
for f in "$LOGIN_CGI" "$ADMIN"; do
	if [ ! -x "$f" ]; then
		echo "run.sh: $f: not built" >&2
		exit 99
	fi
done
# The interpreter itself, not a version manager's shim: it runs hundreds
# of times.
PY=$(python3 -c 'import sys; print(sys.executable)') || exit 99
export PY

umask 077
unset POSTERN_DB
TOP=$(mktemp -d "${TMPDIR:-/tmp}/postern-login.XXXXXX") || exit 99
cleanup() {
	if [ -n "${KEEP:-}" ]; then
		echo "# kept $TOP"
	else
		rm -rf "$TOP"
	fi
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM

RESULTS=$TOP/results
: >"$RESULTS"
export RESULTS
T=$TOP
FIXTURE=$TOP/fixture
mkdir "$FIXTURE" || exit 99
if ! make_fixture "$FIXTURE" >"$TOP/fixture.log" 2>&1; then
	notok "the fixture store is built with authz-admin"
	sed 's/^/# /' "$TOP/fixture.log"
	echo "login: 0 passed, 1 failed"
	exit 1
fi
export FIXTURE

for f in "$HERE"/[0-9][0-9]_*.sh; do
	[ -f "$f" ] || continue
	name=${f##*/}
	if [ $# -gt 0 ]; then
		want=0
		for n; do
			case $name in "$n"*) want=1 ;; esac
		done
		[ "$want" = 1 ] || continue
	fi
	echo "# $name"
	T=$TOP/${name%.sh}
	mkdir "$T" || exit 99
	(
		cd "$T" || exit 1
		use_fixture || { notok "$name: the fixture is copied"; exit 1; }
		. "$f"
		# S12 and the DESIGN's header list, for every answer of the file.
		check "S12 every answer in $name carries no-store, nosniff, Referrer-Policy same-origin, the CSP and a charset" \
		    "$PY" -S "$CGIPY" -o "$T" audit
		# S13: no password or code it sent, no session or flow token
		# it was given, in any stderr or page of the file.
		check "S13 no password, code or token of $name in stderr or a page" \
		    "$PY" -S "$CGIPY" -o "$T" secrets
		: >"$T/.done"
	) </dev/null
	[ -f "$T/.done" ] || notok "$name ran to its end (it stopped early)"
done

passed=$(grep -c '^ok' "$RESULTS")
failed=$(grep -c '^FAIL' "$RESULTS")
echo "login: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
