#!/bin/sh
# postern: run every fuzz harness over its seed corpus (make check).
#
# Each of $top_builddir/tests/fuzz/fuzz_<name> is run over the files of
# $top_srcdir/tests/fuzz/corpus/<name>/.  The files are passed one by one,
# so the same command works whether the harness was linked with replay.c
# (the default) or with libFuzzer (--enable-fuzzing), which then runs each
# file once instead of fuzzing.  One line per target; exit 1 if any fails.

: "${top_srcdir:=.}"
: "${top_builddir:=.}"

status=0
for name in htpasswd url setting token cookie path form request range fcgirec \
    probe; do
	bin="$top_builddir/tests/fuzz/fuzz_$name"
	dir="$top_srcdir/tests/fuzz/corpus/$name"
	if [ ! -x "$bin" ]; then
		echo "FAIL: fuzz_$name: $bin is not built"
		status=1
		continue
	fi
	set --
	for f in "$dir"/*; do
		[ -f "$f" ] && set -- "$@" "$f"
	done
	if [ $# -eq 0 ]; then
		echo "FAIL: fuzz_$name: no seed files in $dir"
		status=1
		continue
	fi
	log="${TMPDIR:-/tmp}/postern-fuzz-$name.$$"
	if "$bin" "$@" >"$log" 2>&1; then
		echo "PASS: fuzz_$name: $# inputs"
	else
		echo "FAIL: fuzz_$name: exit $? over $# inputs; its output:"
		sed 's/^/    /' "$log"
		status=1
	fi
	rm -f "$log"
done
exit $status
