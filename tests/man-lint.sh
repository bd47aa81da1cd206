#!/bin/sh
# postern: lint every man page with mandoc (make check).
#
# Runs "$MANDOC -Tlint -W warning" on each doc/*.[1-9] under $top_srcdir;
# any message or a non-zero exit fails the test.  One line per page.

: "${top_srcdir:=.}"
: "${MANDOC:=mandoc}"

status=0
found=0
for page in "$top_srcdir"/doc/*.[1-9]; do
	[ -f "$page" ] || continue
	found=1
	out=$("$MANDOC" -Tlint -W warning "$page" 2>&1)
	rc=$?
	if [ $rc -ne 0 ] || [ -n "$out" ]; then
		echo "FAIL: ${page##*/} (exit $rc)"
		printf '%s\n' "$out" | sed 's/^/    /'
		status=1
	else
		echo "PASS: ${page##*/}"
	fi
done
if [ $found -eq 0 ]; then
	echo "FAIL: no man pages in $top_srcdir/doc"
	status=1
fi
exit $status
