# postern: helpers for the login-cgi CGI tests (tests/login/NN_*.sh).
#
# run.sh sources this file, builds the fixture store once (make_fixture),
# and runs each case file in a subshell, in a fresh temporary directory
# holding its own copy of the store ($DB, key file beside it).  Results are
# appended to $RESULTS, so the numbering runs on across case files:
#
#	ok 12 - R01 rd to another site is refused
#
# Requests go through cgi.py, which plays the web server and the browser:
#
#	req GET /login                  one request; STATUS is set, and the
#	                                answer is in $T/head, $T/body, $T/err
#	submit username=alice password=...
#	                                the first form of the last page,
#	                                filled in and posted to its action
#	JAR=$T/bob.jar req GET /        another browser (cookie jar)
#
# A check is a description starting with the case ID and a command:
#
#	check "R01 rd to another site ends at the portal" loc_is "$PORTAL"
#	check "F04 a repeated field is refused" eval 'status_is 400 && no_session'
#
# A failed check prints, as "# " lines, what it expected and the last answer.

: "${top_srcdir:?top_srcdir is not set}"
: "${top_builddir:?top_builddir is not set}"

LOGIN_CGI=${LOGIN_CGI:-$top_builddir/login-cgi/login-cgi}
ADMIN=${ADMIN:-$top_builddir/authz-admin/authz-admin}
HERE=$top_srcdir/tests/login
CGIPY=$HERE/cgi.py
POSTERN_TEMPLATES=$top_srcdir/templates
export LOGIN_CGI POSTERN_TEMPLATES

LOGIN=https://auth.example.com
PORTAL=$LOGIN/
SID=__Secure-postern
FLOWC=__Host-postern-flow
CSRFC=__Host-postern-csrf
export SID

ALICE_PW='correct horse battery staple'
BOB_PW='bob the builder 2'
CAROL_PW='carol sings 33'
DAVE_PW='dave is away 4'
MALLORY_PW='mallory means harm'
ERIN_PW='erin the second'

# ------------------------------------------------------------ results

_count() { wc -l <"$RESULTS" | tr -d ' '; }

ok() {
	echo ok >>"$RESULTS"
	printf 'ok %d - %s\n' "$(_count)" "$*"
}

notok() {
	echo FAIL >>"$RESULTS"
	printf 'not ok %d - %s\n' "$(_count)" "$*"
}

# What the last request got, for a failed check.
diag() {
	[ -f "$T/status" ] || return 0
	printf '# last request: %s' "$(cat "$T/req" 2>/dev/null)"
	printf '\n#   status %s\n' "$(cat "$T/status")"
	sed -e 's/^/#   < /' "$T/head" | cut -c1-200 | head -20
	cut -c1-200 "$T/body" | grep -v '^[[:space:]]*$' |
	    sed -e 's/^/#   | /' | head -12
	if [ -s "$T/err" ]; then
		sed -e 's/^/#   stderr: /' "$T/err" | cut -c1-200 | head -5
	fi
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

# ------------------------------------------------------------ requests

# req METHOD TARGET [cgi.py options]: one request with the jar $JAR.
# The client address is $ADDR when set (a different address per part of a
# case file keeps the per-address throttle of one part out of the next).
req() {
	STATUS=$("$PY" -S "$CGIPY" -o "$T" -j "$JAR" \
	    ${ADDR:+-e REMOTE_ADDR=$ADDR} "$@") || STATUS=000
}

# submit [cgi.py options] [FIELD=VALUE...]: post a form of the last page.
submit() {
	STATUS=$("$PY" -S "$CGIPY" -o "$T" -j "$JAR" \
	    ${ADDR:+-e REMOTE_ADDR=$ADDR} submit "$@") || STATUS=000
}

# field NAME: the value of the first input NAME of the last page
# (HTML-unescaped); status 1 when there is none.
field() {
	awk -v n="$1" 'index($0, n "=") == 1 {
		print substr($0, length(n) + 2); f = 1; exit } END { exit !f }' \
	    "$T/fields"
}

# setcookie NAME: the value the last answer set cookie NAME to (the last
# Set-Cookie for it); status 1 when it sets none.
setcookie() {
	awk -v n="$1" 'index($0, n "=") == 1 {
		v = substr($0, length(n) + 2); f = 1 } END {
		if (f) print v; exit !f }' "$T/cookies"
}

# hdr NAME: the (first) value of header NAME of the last answer.
hdr() {
	awk -v n="$1" 'BEGIN { n = tolower(n) ":" }
	    tolower(substr($0, 1, length(n))) == n {
		sub(/^[^:]*: */, ""); print; exit }' "$T/head"
}

loc() { hdr Location; }

# The value of cookie NAME in the jar $JAR ("" if none).
jar_get() {
	"$PY" -S -c 'import json, sys
try:
    print(json.load(open(sys.argv[1])).get(sys.argv[2], ""))
except FileNotFoundError:
    print("")' "$JAR" "$1"
}

# Put cookie NAME=VALUE in the jar $JAR (an empty VALUE removes it).
jar_put() {
	"$PY" -S -c 'import json, sys
try:
    j = json.load(open(sys.argv[1]))
except FileNotFoundError:
    j = {}
if sys.argv[3]:
    j[sys.argv[2]] = sys.argv[3]
else:
    j.pop(sys.argv[2], None)
json.dump(j, open(sys.argv[1], "w"))' "$JAR" "$1" "$2"
}

# Percent-encode a whole value for a query string or form.
urlenc() {
	printf '%s' "$1" | LC_ALL=C od -An -v -tx1 | LC_ALL=C awk '
	    BEGIN {
		for (i = 1; i < 256; i++) {
			h = sprintf("%02x", i); c = sprintf("%c", i)
			e[h] = c ~ /^[A-Za-z0-9._~-]$/ ? c : "%" toupper(h)
		}
		e["00"] = "%00"
	    }
	    { for (i = 1; i <= NF; i++) printf "%s", e[$i] }
	    END { print "" }'
}

# ------------------------------------------------------------ assertions

eq() {
	[ "$1" = "$2" ] && return 0
	printf 'expected [%s]\n     got [%s]\n' "$2" "$1" | cut -c1-300
	return 1
}

# status_is CODES: the last status is one of CODES ("400|413").
status_is() {
	eval "case \$STATUS in $1) return 0 ;; esac"
	echo "expected status $1, got $STATUS"
	return 1
}

loc_is() { eq "$(loc)" "$1"; }

# loc_starts PREFIX: the Location starts with PREFIX.
loc_starts() {
	case $(loc) in "$1"*) return 0 ;; esac
	echo "expected a Location starting with $1, got [$(loc)]"
	return 1
}

# loc_lacks TEXT: no Location, or one without TEXT (case-insensitive).
loc_lacks() {
	if loc | grep -qiF -e "$1"; then
		echo "the Location holds $1: [$(loc)]"
		return 1
	fi
}

body_has() {
	grep -qF -e "$1" "$T/body" && return 0
	echo "the body lacks [$1]"
	return 1
}

body_lacks() {
	grep -qF -e "$1" "$T/body" || return 0
	echo "the body holds [$1]:"
	grep -F -e "$1" "$T/body" | head -3 | cut -c1-200
	return 1
}

# head_has NAME TEXT: some header NAME holds TEXT.
head_has() {
	grep -i "^$1:" "$T/head" | grep -qF -e "$2" && return 0
	echo "no $1 header holds [$2]"
	return 1
}

# set_cookie NAME: the last answer sets cookie NAME to a non-empty value.
sets_cookie() {
	_v=$(setcookie "$1") && [ -n "$_v" ] && return 0
	echo "no Set-Cookie for $1 with a value"
	return 1
}

# no_session: the last answer sets no session cookie value.
no_session() {
	_v=$(setcookie "$SID") || _v=
	[ -z "$_v" ] && return 0
	echo "a session cookie was set"
	return 1
}

# signed_in: the last answer is a redirect that sets a session cookie.
signed_in() {
	status_is 303 && sets_cookie "$SID"
}

# The generic failure of the password step: the form again, 200, the
# generic message, no session cookie.
generic_failure() {
	status_is 200 && body_has 'The username or password is not right' &&
	    no_session
}

# ------------------------------------------------------------ the store

adm() { "$ADMIN" --db "$DB" "$@"; }
sql() { sqlite3 "$DB" "$1"; }

# count TABLE [WHERE]: rows.
count() { sqlite3 "$DB" "SELECT count(*) FROM $1 ${2:+WHERE $2};"; }

sessions_of() {
	count sessions "user_id = (SELECT id FROM users WHERE name = '$1')"
}

# Every row of every table, as one number.
all_rows() {
	_n=0
	for _t in $(sqlite3 "$DB" "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%';"); do
		_n=$((_n + $(count "$_t")))
	done
	echo "$_n"
}

# ------------------------------------------------------------ TOTP

# totp SECRET [UNIXTIME]: the code at UNIXTIME (default now).
totp() {
	if [ -n "${2:-}" ]; then
		oathtool --totp -b --now "$(date -u -d "@$2" '+%Y-%m-%d %H:%M:%S UTC')" "$1"
	else
		oathtool --totp -b "$1"
	fi
}

# Wait, when the current 30-second step ends within $1 seconds, for the
# next one, so that a code and its use fall in the same step.
fresh_step() {
	_left=$((30 - $(date +%s) % 30))
	[ "$_left" -le "${1:-3}" ] && sleep "$_left"
	return 0
}

# ------------------------------------------------------------ flows

# login USER PASSWORD [RD]: the login page, then the password form.
login() {
	if [ -n "${3:-}" ]; then
		req GET "/login?rd=$(urlenc "$3")"
	else
		req GET /login
	fi
	[ "$STATUS" = 200 ] || return 1
	submit username="$1" password="$2"
}

# session_for USER: a session token made by authz-admin.
session_for() { adm session create "$1"; }

# ------------------------------------------------------------ the fixture

# make_fixture DIR: the store of SECURITY-CASES section 0 in DIR
# (postern.db, postern.key), with bob's and erin's TOTP secrets in
# DIR/bob.secret and DIR/erin.secret.
make_fixture() {
	_d=$1
	_a() { "$ADMIN" --db "$_d/postern.db" "$@" >/dev/null; }
	_a init &&
	_a set password.scrypt N=1024,r=8,p=1 &&
	_a set login.url "$LOGIN" &&
	_a set cookie.domain example.com &&
	_a group add staff && _a group add admins && _a group add contractors &&
	printf '%s\n' "$ALICE_PW" | _a user add alice --password-stdin \
	    --name 'Alice Liddell' --email alice@example.com &&
	printf '%s\n' "$BOB_PW" | _a user add bob --password-stdin \
	    --name 'Bob Builder' --email bob@example.com &&
	printf '%s\n' "$CAROL_PW" | _a user add carol --password-stdin \
	    --email carol@example.com &&
	printf '%s\n' "$DAVE_PW" | _a user add dave --password-stdin \
	    --disabled &&
	printf '%s\n' "$MALLORY_PW" | _a user add mallory --password-stdin &&
	printf '%s\n' "$ERIN_PW" | _a user add erin --password-stdin &&
	_a group member add staff alice &&
	_a group member add staff bob && _a group member add admins bob &&
	_a group member add staff carol &&
	_a group member add contractors carol &&
	_a group member add staff dave &&
	_a group member add staff erin &&
	_a provider add wiki --external https://app.example.com &&
	_a provider add admin --external https://app.example.com/admin &&
	_a provider add grafana --external https://grafana.example.com \
	    --flow explicit --consent permanent &&
	_a provider add status --external https://status.example.com &&
	_a provider add files --external https://files.example.net \
	    --mode single &&
	_a app add wiki --name Wiki --provider wiki \
	    --description 'The team wiki' &&
	_a app add admin --name Admin --provider admin &&
	_a app add grafana --name Grafana --provider grafana \
	    --policy-mode all --description 'Dashboards and graphs' &&
	_a app add status --name Status --provider status &&
	_a app add files --name Files --provider files &&
	_a binding add wiki --group staff &&
	_a binding add admin --group admins &&
	_a binding add grafana --group staff &&
	_a binding add grafana --group contractors --negate &&
	_a binding add status --group contractors --negate &&
	_a binding add files --user alice || return 1
	for _u in bob erin; do
		"$ADMIN" --db "$_d/postern.db" user totp enroll "$_u" 2>&1 |
		    sed -n 's/.*[?&]secret=\([A-Z2-7]*\).*/\1/p' | head -1 \
		    >"$_d/$_u.secret"
		[ -s "$_d/$_u.secret" ] || return 1
	done
	return 0
}

# A fresh copy of the fixture for one case file, in $T.
use_fixture() {
	DB=$T/postern.db
	cp "$FIXTURE"/postern.db "$FIXTURE"/postern.key "$T"/ || return 1
	BOB_SECRET=$(cat "$FIXTURE/bob.secret")
	ERIN_SECRET=$(cat "$FIXTURE/erin.secret")
	POSTERN_DB=$DB
	export POSTERN_DB
	JAR=$T/jar
	ADDR=
	rm -f "$T/log.jsonl" "$JAR"
}

# page_ok CODES: the last answer is a whole HTML page with status CODES and
# the headers every page carries.
page_ok() {
	status_is "$1" &&
	    eq "$(hdr Content-Type)" "text/html; charset=utf-8" &&
	    head_has Content-Security-Policy "frame-ancestors 'none'" &&
	    head_has Content-Security-Policy "default-src 'self'" &&
	    eq "$(hdr X-Content-Type-Options)" nosniff &&
	    eq "$(hdr Referrer-Policy)" same-origin &&
	    head_has Cache-Control no-store &&
	    body_has '<!doctype html>' && body_has '</html>' &&
	    body_lacks '{{'
}

# link_to TEXT URL: the last page has a link whose text is TEXT and whose
# href is URL.
link_to() {
	"$PY" -S - "$T/body" "$1" "$2" <<'PYEOF'
import html.parser, sys
class P(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.href = None; self.text = ""; self.links = []
    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.href = dict(attrs).get("href"); self.text = ""
    def handle_data(self, d):
        if self.href is not None: self.text += d
    def handle_endtag(self, tag):
        if tag == "a" and self.href is not None:
            self.links.append((self.text.strip(), self.href)); self.href = None
p = P(); p.feed(open(sys.argv[1], encoding="utf-8", errors="replace").read())
hits = [h for t, h in p.links if t == sys.argv[2]]
if sys.argv[3] in hits:
    sys.exit(0)
print("links named %r go to %r, not %r" % (sys.argv[2], hits, sys.argv[3]))
sys.exit(1)
PYEOF
}

# rep CHAR COUNT: a run of one character.
rep() {
	awk -v c="$1" -v n="$2" 'BEGIN { s = ""; for (i = 0; i < n; i++) s = s c; printf "%s", s }'
}

# token_hash TOKEN: the SHA-256 of the token's bytes, in uppercase hex (as
# sqlite3's hex() shows the stored hash).
token_hash() {
	"$PY" -S -c 'import base64, hashlib, sys
t = sys.argv[1]
print(hashlib.sha256(base64.urlsafe_b64decode(t + "=" * (-len(t) % 4))).hexdigest().upper())' "$1"
}

# has_session TOKEN: 1 when the store has the session of TOKEN, else 0.
has_session() { count sessions "hex(hash) = '$(token_hash "$1")'"; }
