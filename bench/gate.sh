#!/bin/sh
# postern: the shared-hosting gate's cost (issue 7): one private Apache
# (mpm_event, mod_cgid) on 127.0.0.1, and in one run the median (p50) and
# p90 of N sequential requests, each on a new connection, for
#   static  a plain static file served by Apache;
#   cgi     a bare C CGI that prints a header and exits (the fork+exec floor);
#   cgi_ed  the same CGI reached as the gate is, through ErrorDocument 403
#           of a denied directory (the floor the target is measured against);
#   cgi_db  a CGI reached the same way that only opens the store as every
#           postern program does (WAL and its pragmas), looks a session up
#           and closes it: what any gate that reads the store pays;
#   gate    authz-cgi delivering a 5 KiB file to a signed-in user
#           (ErrorDocument 403, decide(), the store, sendfile);
#   gate_st the same gate with libcrypto, SQLite and libxcrypt linked
#           statically, as make bundle links them (GATE_STATIC=path, or
#           linked here from the build's objects when the archives exist);
#   fcgid   recipe 1: the same file served by Apache once authz-fcgi, as
#           mod_fcgid's FcgidAccessChecker, allowed the signed-in user;
# and, as a shared host runs every CGI program, under suexec (run as root,
# with Debian's apache2-suexec-pristine and mod_userdir): a temporary
# account postern-b-XXXXXX whose ~/public_html a second Apache (as
# www-data, started once the rows above are measured) serves as /~account/,
#   sx_cgi  the bare CGI, the account's, reached through ErrorDocument 403
#           as cgi_ed is, run by suexec as the account;
#   sx_gate a copy of the same gate, the account's, with the account's own
#           store, delivering the same file, run by suexec as the account.
# Targets: gate p50 <= 1.5 x cgi_ed p50, or (met under suexec) sx_gate p50
# <= 1.5 x sx_cgi p50; and fcgid p50 <= 3 x static p50.  suexec logs a
# line per request to its log (/var/log/apache2/suexec.log).
#
# The time is until the whole answer (headers and Content-Length bytes) has
# arrived, which is when a client has it.  The "close" columns add the wait
# for the server to close the connection: mod_cgid closes it only after
# its cleanup of the script, which polls with kill(pid, 0) and sleeps 10 ms
# whenever the script, though done writing, has not yet quite exited
# (dead_yet() in mod_cgid.c): that 10 ms is mod_cgid's and a race, not the
# script's (ab, which waits for the close, reports it).
#
#   bench/gate.sh [N]        (default 2000; needs apache2,
#                            libapache2-mod-fcgid and a C compiler)
#
# The rows are measured in turn, in BENCH_ROUNDS rounds (default 5) of
# N/BENCH_ROUNDS requests each, and each figure is the median of the
# rounds'.
#
# Run from a built tree (BUILDDIR, default the source tree).  The suexec
# rows are skipped, with a line saying why, when not root, without suexec
# or mod_userdir, or with BENCH_NO_SUEXEC=1.  Stops only the Apaches it
# started, by PID; removes the account; leaves nothing behind.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
# stop_pid and stop_under, as the tests stop what they started.
. "$top/tests/integration/lib.sh"
N=${1:-2000}
B=${BUILDDIR:-$top}
ADMIN=$B/authz-admin/authz-admin
GATE=$B/authz-cgi/authz-cgi
AUTHZ=$B/authz-fcgi/authz-fcgi
APMOD=/usr/lib/apache2/modules
for f in "$ADMIN" "$GATE" "$AUTHZ"; do
	[ -x "$f" ] || { echo "bench/gate.sh: $f is not built" >&2; exit 1; }
done
T=$(mktemp -d "${TMPDIR:-/tmp}/postern-gatebench.XXXXXX") || exit 1
APID= SX_PID= SXU=
cleanup() {
	[ -n "$APID" ] && stop_pid "$APID"
	[ -n "$SX_PID" ] && stop_pid "$SX_PID"
	# Apache's children left when it is slow to stop (mod_fcgid's process
	# manager).
	stop_under "$T"
	if [ -n "$SXU" ]; then
		# Whatever still runs as the account is ours: stopped by PID.
		i=0
		while [ -n "$(ps -o pid= -u "$SXU" 2>/dev/null)" ] && [ $i -lt 30 ]; do
			sleep 0.1; i=$((i + 1))
		done
		for p in $(ps -o pid= -u "$SXU" 2>/dev/null); do
			stop_pid "$p"
		done
		userdel "$SXU" >/dev/null 2>&1
		getent group "$SXU" >/dev/null && groupdel "$SXU" >/dev/null 2>&1
	fi
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM
chmod 755 "$T"
RUNAS= USER_LINE=
if [ "$(id -u)" -eq 0 ]; then
	g=$(id -gn nobody)
	RUNAS="setpriv --reuid=nobody --regid=$g --clear-groups"
	USER_LINE="User nobody
Group $g"
fi
mkdir -p "$T/site/priv" "$T/site/cgi" "$T/site/pub" "$T/state" "$T/apache"
[ -n "$RUNAS" ] && chown nobody "$T/state" "$T/apache"
adm() { $RUNAS "$ADMIN" --db "$T/state/postern.db" "$@"; }
{
	adm init && adm set password.scrypt N=1024,r=8,p=1 &&
	adm set login.url https://auth.example.test &&
	adm user add alice --random-password &&
	adm provider add files --external http://files.example.test/priv \
	    --internal http://127.0.0.1:9 &&
	adm app add files --name Files --provider files &&
	adm provider add files2 --external http://files.example.test/priv2 \
	    --internal http://127.0.0.1:9 &&
	adm app add files2 --name Files2 --provider files2
} >"$T/setup.log" 2>&1 || { cat "$T/setup.log"; exit 1; }
TOKEN=$(adm session create alice) || exit 1
head -c 4096 /dev/urandom | base64 >"$T/site/priv/f.txt"
cp "$T/site/priv/f.txt" "$T/site/pub/f.txt"
cat >"$T/bare.c" <<'EOF'
#include <stdio.h>
int main(void) { fputs("Status: 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n\r\nok\n", stdout); return 0; }
EOF
CC=${CC:-cc}
$CC -O2 -o "$T/site/cgi/bare" "$T/bare.c" || exit 1
# The store's own floor: a CGI that only opens the store as every postern
# program does (WAL, its pragmas), looks one session up and closes it.
cat >"$T/dbcgi.c" <<'EOF'
#include <sqlite3.h>
#include <stdio.h>
int main(void) {
	static const char *const q[] = { "PRAGMA user_version",
	    "PRAGMA journal_mode = WAL", "PRAGMA journal_size_limit = 4194304",
	    "PRAGMA mmap_size = 268435456", "PRAGMA foreign_keys = ON",
	    "PRAGMA synchronous = NORMAL", "SELECT id, user_id, expires, idle, "
	    "seen, factors FROM sessions WHERE hash = x'00'", NULL };
	sqlite3 *db; int i, one = 1, rc = 1;
	if (sqlite3_open_v2(DB, &db, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK) {
		sqlite3_file_control(db, "main", SQLITE_FCNTL_PERSIST_WAL, &one);
		for (i = 0; q[i] != NULL; i++)
			if (sqlite3_exec(db, q[i], NULL, NULL, NULL) != SQLITE_OK)
				break;
		rc = q[i] != NULL;
	}
	sqlite3_close(db);
	fputs(rc ? "Status: 500 Error\r\n\r\n" : "Status: 200 OK\r\n"
	    "Content-Type: text/plain\r\nContent-Length: 3\r\n\r\nok\n", stdout);
	return 0;
}
EOF
$CC -O2 -DDB="\"$T/state/postern.db\"" -o "$T/site/cgi/dbcgi" "$T/dbcgi.c" \
    -Wl,-Bstatic -lsqlite3 -Wl,-Bdynamic -lm -pthread 2>/dev/null ||
    $CC -O2 -DDB="\"$T/state/postern.db\"" -o "$T/site/cgi/dbcgi" "$T/dbcgi.c" \
    -lsqlite3 || exit 1
cat >"$T/lat.c" <<'EOF'
/*
 * postern bench/gate.sh: lat PORT N PATH [HEADER...]: N sequential HTTP/1.0 GETs of PATH on
 * 127.0.0.1:PORT, each on a new connection, after N/20 (at least 20)
 * unmeasured ones.  Prints "p50 p90 c50 c90" in ms: the time until the
 * whole answer (headers and Content-Length bytes of body) has arrived, and
 * until the server closed the connection.  Exits 1 unless every answer
 * was a 200.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static double
now(void)
{
	struct timespec	t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int
cmp(const void *a, const void *b)
{
	double	x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int
main(int argc, char *argv[])
{
	struct sockaddr_in	 sa;
	static char		 req[8192], buf[1 << 16];
	double			*resp, *fin, t0, t1;
	long			 cl;
	size_t			 have, need, rl;
	ssize_t			 n;
	char			*eoh, *h;
	int			 i, j, s, N, warm, one = 1;

	if (argc < 4)
		return 2;
	N = atoi(argv[2]);
	warm = N / 20 > 20 ? N / 20 : 20;
	rl = (size_t)snprintf(req, sizeof(req), "GET %s HTTP/1.0\r\n", argv[3]);
	for (j = 4; j < argc; j++)
		rl += (size_t)snprintf(req + rl, sizeof(req) - rl, "%s\r\n",
		    argv[j]);
	rl += (size_t)snprintf(req + rl, sizeof(req) - rl, "\r\n");
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((unsigned short)atoi(argv[1]));
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	resp = calloc((size_t)N, sizeof(*resp));
	fin = calloc((size_t)N, sizeof(*fin));
	for (i = -warm; i < N; i++) {
		t0 = now();
		t1 = 0;
		if ((s = socket(AF_INET, SOCK_STREAM, 0)) == -1 ||
		    connect(s, (struct sockaddr *)&sa, sizeof(sa)) == -1) {
			perror("lat: connect");
			return 1;
		}
		setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
		if (write(s, req, rl) != (ssize_t)rl) {
			perror("lat: write");
			return 1;
		}
		have = 0;
		need = 0;
		while ((n = read(s, buf + (have < sizeof(buf) - 1 ? have : 0),
		    have < sizeof(buf) - 1 ? sizeof(buf) - 1 - have :
		    sizeof(buf) - 1)) > 0) {
			have += (size_t)n;
			if (need == 0 && have < sizeof(buf)) {
				buf[have] = '\0';
				if ((eoh = strstr(buf, "\r\n\r\n")) != NULL) {
					if (strncmp(buf, "HTTP/1.1 200 ", 13) != 0 &&
					    strncmp(buf, "HTTP/1.0 200 ", 13) != 0) {
						fprintf(stderr, "lat: %s: %.40s\n",
						    argv[3], buf);
						return 1;
					}
					cl = -1;
					for (h = buf; h < eoh; h = strstr(h, "\r\n") + 2)
						if (strncasecmp(h, "Content-Length:", 15) == 0)
							cl = atol(h + 15);
					need = cl >= 0 ? (size_t)(eoh + 4 - buf) +
					    (size_t)cl : (size_t)-1;
				}
			}
			if (need != 0 && have >= need && t1 == 0)
				t1 = now();
		}
		if (t1 == 0)
			t1 = now();
		if (i >= 0) {
			resp[i] = t1 - t0;
			fin[i] = now() - t0;
		}
		close(s);
	}
	qsort(resp, (size_t)N, sizeof(*resp), cmp);
	qsort(fin, (size_t)N, sizeof(*fin), cmp);
	printf("%.3f %.3f %.3f %.3f\n", resp[N / 2], resp[N * 9 / 10],
	    fin[N / 2], fin[N * 9 / 10]);
	return 0;
}
EOF
$CC -O2 -o "$T/lat" "$T/lat.c" || exit 1
cp "$GATE" "$T/site/cgi/authz-cgi"
cp "$GATE" "$T/gate"
# The static variant: given, or linked from the build's objects as
# tools/bundle links the bundle's (when the static archives are there).
if [ -n "${GATE_STATIC:-}" ]; then
	cp "$GATE_STATIC" "$T/gate_st" || exit 1
else
	$CC -o "$T/gate_st" "$B"/authz-cgi/main.o "$B"/authz-cgi/conf.o \
	    "$B"/authz-cgi/http.o "$B"/authz-cgi/serve.o "$B"/authz-cgi/range.o \
	    "$B"/authz-cgi/mime.o "$B"/authz-cgi/php.o \
	    "$B"/authz-cgi/random.o "$B"/lib/libpostern.a -Wl,--gc-sections \
	    -Wl,-Bstatic -lsqlite3 -lcrypto -lcrypt -Wl,-Bdynamic -lm \
	    -pthread >"$T/gate_st.log" 2>&1 || rm -f "$T/gate_st"
fi
# The gate runs only as its file's owner (as suexec runs it): Apache's.
[ -n "$RUNAS" ] && chown nobody "$T/site/cgi/authz-cgi"
adm snippet htaccess files --gate --dir "$T/site/priv" --cgi-dir "$T/site/cgi" \
    --cgi-url /cgi >"$T/snippet" || exit 1
awk '/^#### file: /{ f = substr($0, 12); next } f != "" { print > f }' "$T/snippet"
printf '<FilesMatch "^(bare|dbcgi)$">\n    SetHandler cgi-script\n</FilesMatch>\n' >>"$T/site/cgi/.htaccess"
# Recipe 1: /priv2 behind authz-fcgi as mod_fcgid's access checker, its
# wrapper as the snippet prints it but running the build's authz-fcgi.
mkdir -p "$T/site/priv2" "$T/site/cgi2"
cp "$T/site/priv/f.txt" "$T/site/priv2/f.txt"
adm snippet htaccess files2 --fcgid --dir "$T/site/priv2" \
    --cgi-dir "$T/site/cgi2" --cgi-url /cgi2 >"$T/snippet2" || exit 1
awk '/^#### file: /{ f = substr($0, 12); next } f != "" { print > f }' "$T/snippet2"
sed -i "s|^exec [^ ]*/authz-fcgi |exec $AUTHZ |" "$T/site/cgi2/authz-fcgi.sh"
chmod 755 "$T/site/cgi2/authz-fcgi.sh" "$T/site/cgi2/login-cgi"
# The same floor reached the gate's way: a denied directory whose
# ErrorDocument 403 is the bare CGI.
mkdir -p "$T/site/floor"
printf 'ErrorDocument 403 /cgi/bare\nRequire all denied\n' >"$T/site/floor/.htaccess"
: >"$T/site/floor/f.txt"
mkdir -p "$T/site/floordb"
printf 'ErrorDocument 403 /cgi/dbcgi\nRequire all denied\n' >"$T/site/floordb/.htaccess"
: >"$T/site/floordb/f.txt"
chmod -R a+rX "$T/site"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
d=$T/apache
# httpd_conf DIR PORT USER-LINES: the start of both Apaches' configuration
# (the same modules, mod_cgid and mod_fcgid; each adds its own below).
httpd_conf() {
	cat <<EOF
ServerRoot "$1"
ServerName localhost
Listen 127.0.0.1:$2
PidFile "$1/httpd.pid"
ErrorLog "$1/error.log"
DefaultRuntimeDir "$1"
Mutex file:$1 default
ScriptSock "$1/cgid.sock"
$3
LoadModule mpm_event_module $APMOD/mod_mpm_event.so
LoadModule authn_core_module $APMOD/mod_authn_core.so
LoadModule authz_core_module $APMOD/mod_authz_core.so
LoadModule mime_module $APMOD/mod_mime.so
LoadModule cgid_module $APMOD/mod_cgid.so
LoadModule setenvif_module $APMOD/mod_setenvif.so
LoadModule env_module $APMOD/mod_env.so
LoadModule fcgid_module $APMOD/mod_fcgid.so
FcgidIPCDir "$1/fcgid"
FcgidProcessTableFile "$1/fcgid_shm"
TypesConfig /etc/mime.types
EOF
}
{ httpd_conf "$d" "$PORT" "$USER_LINE"; cat <<EOF; } >"$d/httpd.conf"
DocumentRoot "$T/site"
<Directory "$T/site">
    AllowOverride AuthConfig FileInfo Indexes Limit Options
    Require all granted
</Directory>
EOF
# httpd_start DIR: Apache with DIR/httpd.conf in the background, its PID
# in HPID (each caller keeps it for cleanup, then waits with wait_http).
httpd_start() {
	/usr/sbin/apache2 -f "$1/httpd.conf" -d "$1" -D FOREGROUND \
	    2>>"$1/error.log" &
	HPID=$!
}
httpd_start "$d"
APID=$HPID
wait_http "$PORT"
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Host: files.example.test" \
    -H "Cookie: __Host-postern=$TOKEN" "http://127.0.0.1:$PORT/priv/f.txt")
[ "$code" = 200 ] || { echo "bench/gate.sh: the gate answered $code" >&2; tail "$d/error.log"; exit 1; }

# The rows are measured in turn, ROUNDS times N/ROUNDS requests each, so
# that a machine that slows down or speeds up during the run moves every
# row alike; each figure printed is the median of the rounds' figures.
ROUNDS=${BENCH_ROUNDS:-5}
PER=$(( (N + ROUNDS - 1) / ROUNDS ))
mkdir -p "$T/rows"
# measure NAME PATH [header...]: one round, PER sequential requests.
measure() {
	name=$1 path=$2
	shift 2
	"$T/lat" "$PORT" "$PER" "$path" "$@" >>"$T/rows/$name" || exit 1
}
# report NAME: the medians of its rounds (p50 and p90 in ms, then those
# until the close), printed, and P50_NAME set.
report() {
	set -- $(for c in 1 2 3 4; do
		cut -d' ' -f$c "$T/rows/$1" | sort -n |
		    awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
	done) "$1"
	eval "P50_$5=$1"
	printf '%-8s p50 %7.3f ms   p90 %7.3f ms   (close: p50 %7.3f  p90 %7.3f)\n' \
	    "$5" "$1" "$2" "$3" "$4"
}
# The gate's binary in place (the cgi directory's authz-cgi, its owner kept).
gate_use() {
	cp "$1" "$T/site/cgi/.gate.new" &&
	    { [ -z "$RUNAS" ] || chown nobody "$T/site/cgi/.gate.new"; } &&
	    mv -f "$T/site/cgi/.gate.new" "$T/site/cgi/authz-cgi" || exit 1
}
H="Host: files.example.test"
C="Cookie: __Host-postern=$TOKEN"
echo "bench/gate.sh: $N requests each ($ROUNDS rounds in turn), new connection each, $(date -u +%Y-%m-%d)"
rows="static cgi cgi_ed cgi_db gate"
[ -f "$T/gate_st" ] && rows="$rows gate_st"
i=0
while [ $i -lt "$ROUNDS" ]; do
	measure static /pub/f.txt
	measure cgi /cgi/bare
	measure cgi_ed /floor/f.txt
	measure cgi_db /floordb/f.txt
	# gate and gate_st, the same code, in turn first: the row measured
	# right after cgi_db ran slower whichever binary it was.
	if [ ! -f "$T/gate_st" ]; then
		measure gate /priv/f.txt "$H" "$C"
	elif [ $((i % 2)) -eq 0 ]; then
		measure gate /priv/f.txt "$H" "$C"
		gate_use "$T/gate_st"
		measure gate_st /priv/f.txt "$H" "$C"
	else
		measure gate_st /priv/f.txt "$H" "$C"
		gate_use "$T/gate"
		measure gate /priv/f.txt "$H" "$C"
	fi
	i=$((i + 1))
done
for row in $rows; do
	report $row
done
# Recipe 1 last: its authz-fcgi, once mod_fcgid starts it, keeps the store
# open, and then no CGI above would rebuild the WAL index as a CGI alone
# with the store does (the gate on a host without recipe 1).
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Host: files.example.test" \
    -H "Cookie: __Host-postern=$TOKEN" "http://127.0.0.1:$PORT/priv2/f.txt")
[ "$code" = 200 ] || { echo "bench/gate.sh: recipe 1 answered $code" >&2; tail "$d/error.log"; exit 1; }
i=0
while [ $i -lt "$ROUNDS" ]; do
	measure fcgid /priv2/f.txt "$H" "$C"
	i=$((i + 1))
done
report fcgid
r() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
ratio=$(r "$P50_gate" "$P50_cgi_ed")
ratio1=$(r "$P50_fcgid" "$P50_static")
echo "gate / cgi_ed p50: $ratio (target <= 1.5); gate / cgi p50: $(r "$P50_gate" "$P50_cgi")"
[ -f "$T/gate_st" ] &&
    echo "gate_st / cgi_ed p50: $(r "$P50_gate_st" "$P50_cgi_ed")"
echo "cgi_db / cgi_ed p50: $(r "$P50_cgi_db" "$P50_cgi_ed") (the store's open alone)"
echo "fcgid / static p50: $ratio1 (target <= 3)"

# Under suexec (userdir mode), as tests/hosting/suexec.sh sets it up.
SUEXEC=/usr/lib/apache2/suexec
sxv() { "$SUEXEC" -V 2>&1 | sed -n "s/^ *-D $1=\"*\([^\"]*\)\"*\$/\1/p"; }
sx_why() {
	[ -z "${BENCH_NO_SUEXEC:-}" ] || { echo "BENCH_NO_SUEXEC is set"; return; }
	[ "$(id -u)" -eq 0 ] || { echo "not root"; return; }
	[ -u "$SUEXEC" ] || { echo "no setuid $SUEXEC (apache2-suexec-pristine)"; return; }
	for m in userdir suexec; do
		[ -f "$APMOD/mod_$m.so" ] || { echo "no $APMOD/mod_$m.so"; return; }
	done
	for p in useradd userdel groupdel setpriv; do
		command -v $p >/dev/null || { echo "no $p"; return; }
	done
	[ "$(sxv AP_USERDIR_SUFFIX)" = public_html ] &&
	    getent passwd "$(sxv AP_HTTPD_USER)" >/dev/null ||
	    echo "suexec's userdir is not public_html or its AP_HTTPD_USER is unknown"
}
SXWHY=$(sx_why)
fail() { echo "bench/gate.sh: $1" >&2; [ -z "${2:-}" ] || tail "$2" >&2; exit 1; }
if [ -z "$SXWHY" ]; then
	# The rows above are measured: their Apache is no longer needed.
	stop_pid "$APID"
	APID=
	SXHTTPD=$(sxv AP_HTTPD_USER)
	SXLOG=$(sxv AP_LOG_EXEC)
	u=postern-b-$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')
	useradd -M -d "$T/$u" -s /usr/sbin/nologin -U "$u" >"$T/useradd.log" 2>&1 ||
	    fail "useradd $u failed" "$T/useradd.log"
	SXU=$u
	SXUID=$(id -u "$SXU") SXG=$(id -gn "$SXU")
	SXRUN="setpriv --reuid=$SXU --regid=$SXG --clear-groups"
	SXH=$T/$SXU SXP=$T/$SXU/public_html
	mkdir -p "$SXP/cgi" "$SXP/priv" "$SXP/floor" "$SXH/postern"
	cp "$T/site/priv/f.txt" "$SXP/priv/f.txt"
	cp "$T/site/cgi/bare" "$SXP/cgi/bare"
	cp "$T/gate" "$SXP/cgi/authz-cgi"
	printf 'ErrorDocument 403 /~%s/cgi/bare\nRequire all denied\n' "$SXU" \
	    >"$SXP/floor/.htaccess"
	: >"$SXP/floor/f.txt"
	chown -R "$SXU:$SXG" "$SXH"
	chmod 755 "$SXH" "$SXP"
	chmod 700 "$SXH/postern"
	sxadm() {
		(cd "$SXH" && $SXRUN env HOME="$SXH" "$ADMIN" \
		    --db "$SXH/postern/postern.db" "$@")
	}
	{
		sxadm init && sxadm set password.scrypt N=1024,r=8,p=1 &&
		sxadm set login.url https://auth.example.test &&
		sxadm user add alice --random-password &&
		sxadm provider add files \
		    --external "http://files.example.test/~$SXU/priv" \
		    --internal http://127.0.0.1:9 &&
		sxadm app add files --name Files --provider files &&
		chmod 600 "$SXH/postern/postern.db"
	} >"$T/sxsetup.log" 2>&1 || fail "the account's store" "$T/sxsetup.log"
	SXTOKEN=$(sxadm session create alice) || exit 1
	sxadm snippet htaccess files --gate --dir "$SXP/priv" --cgi-dir "$SXP/cgi" \
	    --cgi-url "/~$SXU/cgi" >"$T/sxsnippet" || exit 1
	$SXRUN awk '/^#### file: /{ f = substr($0, 12); next } f != "" { print > f }' \
	    "$T/sxsnippet" || exit 1
	printf '<FilesMatch "^bare$">\n    SetHandler cgi-script\n</FilesMatch>\n' \
	    >>"$SXP/cgi/.htaccess"
	chown -R "$SXU:$SXG" "$SXP"
	chmod -R go-w,a+rX "$SXP"
	chmod 755 "$SXP/cgi/bare" "$SXP/cgi/authz-cgi"
	SXPORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
	d=$T/sxapache
	mkdir -p "$d/docroot"
	chown "$SXHTTPD" "$d"
	{ httpd_conf "$d" "$SXPORT" "User $SXHTTPD
Group $(id -gn "$SXHTTPD")"; cat <<EOF; } >"$d/httpd.conf"
LoadModule userdir_module $APMOD/mod_userdir.so
LoadModule suexec_module $APMOD/mod_suexec.so
DocumentRoot "$d/docroot"
UserDir public_html
UserDir disabled root
<Directory "$T/*/public_html">
    AllowOverride AuthConfig FileInfo Indexes Limit Options
    Require all granted
</Directory>
EOF
	httpd_start "$d"
	SX_PID=$HPID
	wait_http "$SXPORT"
	grep -q "suEXEC mechanism enabled" "$d/error.log" ||
	    fail "the second Apache did not enable suexec" "$d/error.log"
	log0=$( (wc -c <"$SXLOG") 2>/dev/null || echo 0)
	code=$(curl -s -o /dev/null -w '%{http_code}' \
	    "http://127.0.0.1:$SXPORT/~$SXU/floor/f.txt")
	[ "$code" = 200 ] || fail "the bare CGI under suexec answered $code" "$d/error.log"
	code=$(curl -s -o /dev/null -w '%{http_code}' -H "$H" \
	    -H "Cookie: __Host-postern=$SXTOKEN" \
	    "http://127.0.0.1:$SXPORT/~$SXU/priv/f.txt")
	[ "$code" = 200 ] || fail "the gate under suexec answered $code" "$d/error.log"
	for c in bare authz-cgi; do
		tail -c +$((log0 + 1)) "$SXLOG" |
		    grep -qF "uid: ($SXUID/$SXU) gid: ($(id -g "$SXU")/$SXG) cmd: $c" ||
		    fail "suexec's log names no $c run as $SXU" "$SXLOG"
	done
	PORT=$SXPORT
	i=0
	while [ $i -lt "$ROUNDS" ]; do
		measure sx_cgi "/~$SXU/floor/f.txt"
		measure sx_gate "/~$SXU/priv/f.txt" "$H" \
		    "Cookie: __Host-postern=$SXTOKEN"
		i=$((i + 1))
	done
	report sx_cgi
	report sx_gate
	ratio2=$(r "$P50_sx_gate" "$P50_sx_cgi")
	echo "sx_gate / sx_cgi p50: $ratio2 (under suexec, as a shared host runs both)"
else
	echo "sx_cgi, sx_gate: skipped ($SXWHY)"
fi
le() { awk -v r="$1" -v t="$2" 'BEGIN { exit !(r <= t) }'; }
gate_ok=1
if [ -n "$SXWHY" ]; then
	le "$ratio" 1.5 || gate_ok=
elif le "$ratio" 1.5 && le "$ratio2" 1.5; then
	echo "gate target (<= 1.5): met without suexec ($ratio) and under it ($ratio2)"
elif le "$ratio" 1.5; then
	echo "gate target (<= 1.5): met without suexec ($ratio), not under it ($ratio2)"
elif le "$ratio2" 1.5; then
	echo "gate target (<= 1.5): met under suexec ($ratio2), not without it ($ratio)"
else
	echo "gate target (<= 1.5): not met, without suexec ($ratio) nor under it ($ratio2)"
	gate_ok=
fi
[ -n "$gate_ok" ] && le "$ratio1" 3 && echo PASS || echo FAIL
