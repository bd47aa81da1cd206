#!/bin/sh
# postern: the authz-admin command-line tests.
#
# Runs each tests/admin/NN_*.sh in order, each in a fresh temporary directory
# that is removed afterwards, and prints one line per case file and a total.
# Exits 0 when every check passed, 1 when one failed, 99 when the suite
# cannot run (no binary, no jq or sqlite3).
#
# From make check (top_srcdir and top_builddir exported), or by hand:
#	top_builddir=. top_srcdir=. tests/admin/run.sh [NN ...]
# where the optional NN arguments pick case files by number prefix.
# KEEP=1 keeps the temporary directories (their paths are printed).

: "${top_srcdir:=.}"
: "${top_builddir:=.}"
top_srcdir=$(cd "$top_srcdir" && pwd) || exit 99
top_builddir=$(cd "$top_builddir" && pwd) || exit 99
export top_srcdir top_builddir

ADMIN=$top_builddir/authz-admin/authz-admin
ADMIN_LIB=$top_srcdir/tests/admin/lib.sh
export ADMIN ADMIN_LIB

if [ ! -x "$ADMIN" ]; then
	echo "run.sh: $ADMIN: not built" >&2
	exit 99
fi
for tool in jq sqlite3; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "run.sh: the $tool command is needed (tools/check installs it)" >&2
		exit 99
	fi
done

# The program must make its files 0600 by itself, whatever the umask.
umask 022
unset POSTERN_DB

cases=0 bad=0 checks=0 failed=0
for f in "$top_srcdir"/tests/admin/[0-9][0-9]_*.sh; do
	[ -f "$f" ] || continue
	name=${f##*/}
	if [ $# -gt 0 ]; then
		want=0
		for n; do
			case $name in "$n"*) want=1 ;; esac
		done
		[ "$want" = 1 ] || continue
	fi
	cases=$((cases + 1))
	dir=$(mktemp -d "${TMPDIR:-/tmp}/postern-admin.XXXXXX") || exit 99
	(cd "$dir" && exec sh "$f") </dev/null >"$dir/.log" 2>&1
	status=$?
	if [ -f "$dir/.t/finished" ]; then
		read -r n nf <"$dir/.t/finished"
	else
		n=$(cat "$dir/.t/results" 2>/dev/null | wc -l | tr -d ' ')
		nf=$(grep -c FAIL "$dir/.t/results" 2>/dev/null)
		nf=${nf:-0}
	fi
	checks=$((checks + n))
	failed=$((failed + nf))
	if [ "$status" = 0 ] && [ -f "$dir/.t/finished" ] && [ "$nf" = 0 ]; then
		echo "PASS: $name ($n checks)"
	else
		bad=$((bad + 1))
		sed 's/^/  /' "$dir/.log"
		if [ ! -f "$dir/.t/finished" ]; then
			echo "FAIL: $name (stopped early, exit $status, after $n checks, $nf failed)"
		else
			echo "FAIL: $name ($nf of $n checks failed)"
		fi
	fi
	if [ -n "$KEEP" ]; then
		echo "  (kept $dir)"
	else
		rm -rf "$dir"
	fi
done

echo "authz-admin: $cases case files, $checks checks, $failed failed," \
    "$bad case file(s) failing"
[ "$cases" -gt 0 ] && [ "$bad" = 0 ]
