#!/bin/sh
# postern: raw FastCGI protocol tests against a running authz-fcgi (make check).
#
# Makes a fresh store with authz-admin in a temporary directory (the
# SECURITY-CASES fixture's A1 wiki and A2 admin, alice and bob with their
# groups and a session each), starts $top_builddir/authz-fcgi/authz-fcgi
# on a private socket with --timeout 3, and runs client.py's cases (P01 ...
# P16, S12, W07) against it; then SIGHUP (still serving) and SIGTERM with a
# request in flight (it completes, the daemon exits 0).  Only the daemon
# started here is ever signalled, by its PID.  Output: "ok N - ..." or
# "not ok N - ..." per check, then "fcgi: N passed, M failed"; exit 1 if any
# failed, 77 (skip) without python3.

: "${top_srcdir:=.}"
: "${top_builddir:=.}"

PYTHON=${PYTHON:-python3}
if ! command -v "$PYTHON" >/dev/null 2>&1; then
	echo "fcgi: SKIP: no python3"
	exit 77
fi

admin="$top_builddir/authz-admin/authz-admin"
daemon="$top_builddir/authz-fcgi/authz-fcgi"
client="$top_srcdir/tests/fcgi/client.py"
timeout=3

tmp=$(mktemp -d "${TMPDIR:-/tmp}/postern-fcgi.XXXXXX") || exit 1
pid=
cleanup() {
	if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
		kill -TERM "$pid" 2>/dev/null
		sleep 1
		kill -KILL "$pid" 2>/dev/null
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

passed=0
failed=0
n=0
result() {	# result ok|fail TEXT [WHY]
	n=$((n + 1))
	if [ "$1" = ok ]; then
		passed=$((passed + 1))
		echo "ok $n - $2"
	else
		failed=$((failed + 1))
		echo "not ok $n - $2${3:+: $3}"
	fi
}
finish() {
	echo "fcgi: $passed passed, $failed failed"
	[ "$failed" -eq 0 ] && exit 0
	exit 1
}

db="$tmp/postern.db"
sock="$tmp/authz.sock"
A() { "$admin" --db "$db" "$@" >>"$tmp/admin.log" 2>&1; }

if ! { A init &&
    A set password.scrypt N=1024,r=8,p=1 &&
    A set login.url https://auth.example.com &&
    A set cookie.domain example.com &&
    A group add staff && A group add admins && A group add contractors &&
    A user add alice && A user add bob &&
    A group member add staff alice &&
    A group member add staff bob && A group member add admins bob &&
    A provider add wiki --external https://app.example.com &&
    A app add wiki --name Wiki --provider wiki &&
    A binding add wiki --group staff &&
    A provider add admin --external https://app.example.com/admin &&
    A app add admin --name Admin --provider admin &&
    A binding add admin --group admins; }; then
	result fail "the fixture store is made with authz-admin" \
	    "$(tail -3 "$tmp/admin.log")"
	finish
fi
BOB_SID=$("$admin" --db "$db" session create bob 2>>"$tmp/admin.log")
ALICE_SID=$("$admin" --db "$db" session create alice 2>>"$tmp/admin.log")
SID_NAME=__Secure-postern
FCGI_TIMEOUT=$timeout
export BOB_SID ALICE_SID SID_NAME FCGI_TIMEOUT
if [ -z "$BOB_SID" ] || [ -z "$ALICE_SID" ]; then
	result fail "sessions are made with authz-admin" \
	    "$(tail -3 "$tmp/admin.log")"
	finish
fi
result ok "the fixture store is made with authz-admin"

"$daemon" --listen "unix:$sock" --db "$db" --timeout "$timeout" \
    2>"$tmp/daemon.log" &
pid=$!
i=0
while [ ! -S "$sock" ] && [ $i -lt 50 ] && kill -0 "$pid" 2>/dev/null; do
	sleep 0.1
	i=$((i + 1))
done
if [ ! -S "$sock" ]; then
	result fail "authz-fcgi listens on $sock" "$(tail -3 "$tmp/daemon.log")"
	finish
fi
result ok "authz-fcgi listens on a private socket"

# The cases; their numbering continues ours.
"$PYTHON" "$client" cases "$sock" "$pid" >"$tmp/cases.out" 2>&1
awk -v base="$n" '
	/^ok [0-9]+ - / { $2 = $2 + base; print; next }
	/^not ok [0-9]+ - / { $3 = $3 + base; print; next }
	/^# passed=/ { next }
	{ print "# " $0 }' "$tmp/cases.out"
cp=$(sed -n 's/^# passed=\([0-9]*\) failed=\([0-9]*\)$/\1 \2/p' \
    "$tmp/cases.out")
if [ -z "$cp" ]; then
	result fail "client.py ran to the end" "$(tail -3 "$tmp/cases.out")"
else
	cpassed=${cp% *}
	cfailed=${cp#* }
	passed=$((passed + cpassed))
	failed=$((failed + cfailed))
	n=$((n + cpassed + cfailed))
fi

# SIGHUP reopens the log; the daemon keeps serving.
kill -HUP "$pid"
sleep 0.3
got=$("$PYTHON" "$client" one "$sock" "$SID_NAME=$BOB_SID")
if kill -0 "$pid" 2>/dev/null && [ "$got" = 200 ]; then
	result ok "SIGHUP: still serving"
else
	result fail "SIGHUP: still serving" "answer $got"
fi

# SIGTERM with a request in flight: it completes, the daemon exits 0.
ready="$tmp/inflight.ready"
"$PYTHON" "$client" inflight "$sock" "$ready" >"$tmp/inflight.out" 2>&1 &
helper=$!
i=0
while [ ! -f "$ready" ] && [ $i -lt 50 ]; do
	sleep 0.1
	i=$((i + 1))
done
kill -TERM "$pid"
wait "$helper"
got=$(cat "$tmp/inflight.out")
if [ "$got" = 200 ]; then
	result ok "SIGTERM: the request in flight completes (200)"
else
	result fail "SIGTERM: the request in flight completes" "answer $got"
fi
i=0
while kill -0 "$pid" 2>/dev/null && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
if kill -0 "$pid" 2>/dev/null; then
	result fail "SIGTERM: the daemon exits" "still running after 10 s"
else
	wait "$pid"
	rc=$?
	pid=
	if [ "$rc" -eq 0 ]; then
		result ok "SIGTERM: the daemon exits 0"
	else
		result fail "SIGTERM: the daemon exits 0" "exit $rc"
	fi
fi
if [ ! -S "$sock" ]; then
	result ok "SIGTERM: the socket is removed"
else
	result fail "SIGTERM: the socket is removed"
fi

# S13: no token in the daemon's log.
if grep -F -e "$BOB_SID" -e "$ALICE_SID" "$tmp/daemon.log" >/dev/null; then
	result fail "S13 no session token in the daemon's log"
else
	result ok "S13 no session token in the daemon's log"
fi
finish
