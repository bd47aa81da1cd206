# postern integration tests: helpers shared by run.sh and the case files.
#
# Results are counted in PASS and FAIL and printed as "ok N - ..." or
# "not ok N - ..." lines; a failing check prints what it saw as "# " lines.

PASS=0
FAIL=0
N=0

ok() {
	N=$((N + 1)); PASS=$((PASS + 1))
	printf 'ok %d - %s\n' "$N" "$*"
}

notok() {
	N=$((N + 1)); FAIL=$((FAIL + 1))
	printf 'not ok %d - %s\n' "$N" "$*"
}

# check DESCRIPTION COMMAND...: ok when COMMAND succeeds.
check() {
	_desc=$1
	shift
	if "$@" >"$T/check.out" 2>&1; then
		ok "$_desc"
	else
		notok "$_desc"
		sed 's/^/# /' "$T/check.out"
		diag
	fi
}

# What the last request got, for a failed check.
diag() {
	[ -f "$T/head" ] || return 0
	printf '# last request: %s\n' "$LASTREQ"
	sed -e 's/\r$//' -e 's/^/#   < /' "$T/head" | head -20
	sed -e 's/^/#   | /' "$T/body" 2>/dev/null | head -20
}

adm() {
	"$ADMIN" --db "$DB" "$@"
}

# Free TCP ports on 127.0.0.1, as many as asked, one per line.
free_ports() {
	python3 - "$1" <<'EOF'
import socket, sys
socks = []
for _ in range(int(sys.argv[1])):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    socks.append(s)
for s in socks:
    print(s.getsockname()[1])
EOF
}

# Percent-encode a whole URL as authz-fcgi does for rd.
urlenc() {
	python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$1"
}

# req HOST PATH [curl options...]: one request to the server under test.
# Sets STATUS; headers in $T/head, body in $T/body.
req() {
	_host=$1
	_path=$2
	shift 2
	LASTREQ="$SERVER: $_host $_path $*"
	rm -f "$T/head" "$T/body"
	STATUS=$(curl -s --max-time 10 -o "$T/body" -D "$T/head" \
	    -w '%{http_code}' -H "Host: $_host" "$@" \
	    "http://127.0.0.1:$PORT$_path") || STATUS=000
}

# The value of response header NAME of the last request ("" if none).
hdr() {
	sed -n "s/^$1: *//Ip" "$T/head" | tr -d '\r' | head -1
}

# The values the application received for header NAME (exact spelling,
# case-insensitive), one per line.
up_hdr() {
	sed -n "s/^H $1: //Ip" "$T/body"
}

# How many headers the application received whose name matches the
# extended regex $1 (case-insensitive).
up_count() {
	grep -Eic "^H ($1): " "$T/body"
}

up_path() {
	sed -n 's/^PATH //p' "$T/body" | head -1
}

# Did a request whose target contains MARK reach the application?
reached() {
	grep -q -- "$1" "$T/upstream.log" 2>/dev/null
}

not_reached() {
	! reached "$1"
}

eq() {
	[ "$1" = "$2" ] || { printf '# expected [%s]\n#      got [%s]\n' "$2" "$1"; return 1; }
}

is_5xx() {
	case $STATUS in 5??) return 0 ;; esac
	printf '# status %s\n' "$STATUS"
	return 1
}

# Wait until something answers HTTP on 127.0.0.1:$1 (at most ~5 s).
wait_http() {
	_i=0
	while [ $_i -lt 50 ]; do
		curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$1/" && return 0
		sleep 0.1
		_i=$((_i + 1))
	done
	return 1
}

# Wait until a unix socket or TCP port exists for authz-fcgi.
wait_listen() {
	_i=0
	while [ $_i -lt 50 ]; do
		case $1 in
		unix:*) [ -S "${1#unix:}" ] && return 0 ;;
		*) python3 -c 'import socket,sys; h,p=sys.argv[1].rsplit(":",1); socket.create_connection((h,int(p)),1).close()' "$1" 2>/dev/null && return 0 ;;
		esac
		sleep 0.1
		_i=$((_i + 1))
	done
	return 1
}

# Remember a process we started, so the trap stops it (and only it).
started() {
	PIDS="$PIDS $1"
}

stop_pid() {
	kill -TERM "$1" 2>/dev/null || return 0
	_i=0
	while kill -0 "$1" 2>/dev/null && [ $_i -lt 50 ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
	kill -KILL "$1" 2>/dev/null
	wait "$1" 2>/dev/null
	return 0
}

# Stop, by PID, every process whose command line names the directory $1
# (a mktemp directory of this run, so only processes started here): the
# children a server leaves when it is killed rather than stopped, such as
# mod_fcgid's process manager when Apache does not end within 5 s.
stop_under() {
	for _f in /proc/[0-9]*/cmdline; do
		_p=${_f#/proc/}
		_p=${_p%/cmdline}
		[ "$_p" = "$$" ] && continue
		# (A process may end between the glob and the read.)
		{ tr '\0' ' ' <"$_f"; } 2>/dev/null | grep -qF "$1/" || continue
		stop_pid "$_p"
	done
}
