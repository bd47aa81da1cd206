# postern: helpers for the authz-admin case files (tests/admin/NN_*.sh).
#
# Each case file is run by run.sh in a fresh temporary directory (its working
# directory) with ADMIN naming the binary and top_srcdir the source tree; it
# sources this file first and calls finish last.  The store is $DB, in that
# directory.
#
# Every check takes a sentence-like label as its first argument, which is
# printed, with the command and what was expected and found, when the check
# fails; a failed check never stops the case file.  Results are appended to a
# file, so a check run inside a pipeline (a subshell in sh) still counts:
#
#	printf 'secret password\n' |
#	    expect_ok "a user can be added with a password on stdin" \
#	    adm user add carol --password-stdin
#
# The last command run by any check leaves its stdout, stderr and exit status
# in $T/out, $T/err and $T/rc, for the out_*, err_* and jq_ok checks after it.
#
# Commands: adm ARGS... runs the binary with --db "$DB"; json ARGS... adds
# --json.  Any other command (sh -c '...') may be given to the checks too.

: "${ADMIN:?ADMIN must name the authz-admin binary}"
: "${top_srcdir:=.}"

unset POSTERN_DB
DB=$PWD/postern.db
KEY=$PWD/postern.key
T=$PWD/.t
mkdir -p "$T" || exit 99
: >"$T/results"
: >"$T/out"; : >"$T/err"; echo 0 >"$T/rc"

# A fixed-length run of one character: rep CHAR COUNT.
rep() {
	awk -v c="$1" -v n="$2" 'BEGIN { s = ""; for (i = 0; i < n; i++) s = s c; printf "%s", s }'
}

# Timestamps in the format authz-admin prints.
ISO_RE='^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$'
now() { date -u +%s; }

adm() { "$ADMIN" --db "$DB" "$@"; }
json() { "$ADMIN" --db "$DB" --json "$@"; }

# A watchdog, so that a command waiting on a terminal cannot hang the suite.
if command -v timeout >/dev/null 2>&1; then
	_TIMEOUT="timeout 60"
else
	_TIMEOUT=""
fi

# run CMD...: run it (adm and json are expanded here, so the watchdog can
# exec them), keeping stdout, stderr and exit status in $T/out, $T/err, $T/rc.
run() {
	case $1 in
	adm)	shift; set -- "$ADMIN" --db "$DB" "$@" ;;
	json)	shift; set -- "$ADMIN" --db "$DB" --json "$@" ;;
	esac
	$_TIMEOUT "$@" >"$T/out" 2>"$T/err"
	echo $? >"$T/rc"
}

rc() { cat "$T/rc"; }
out() { cat "$T/out"; }

# The command line as it is shown in a failure report: control bytes made
# visible, long arguments cut.
_show() {
	_s=""
	for _a; do
		if [ "${#_a}" -gt 80 ]; then
			_a="$(printf '%s' "$_a" | cut -c1-40)...(${#_a} bytes)"
		fi
		case $_a in
		"" | *[!A-Za-z0-9_./:@=,+%^-]*) _a="'$_a'" ;;
		esac
		_s="$_s $_a"
	done
	printf '%s' "${_s# }" | cat -v | tr '\n' '|'
}

# _excerpt FILE: the first lines of a captured output, indented.
_excerpt() {
	if [ -s "$1" ]; then
		head -c 600 "$1" | cat -v | head -n 6 |
		    awk '{ print "        | " $0 }'
	else
		echo "        (empty)"
	fi
}

pass() { echo ok >>"$T/results"; }

# fail LABEL LINE...: count a failure and print the label and detail lines.
fail() {
	echo FAIL >>"$T/results"
	printf 'not ok - %s\n' "$1"
	shift
	for _l; do printf '    %s\n' "$_l"; done
}

# _status_is CODE: CODE may be an alternation such as "1|2".
_status_is() {
	eval "case \$(rc) in $1) return 0 ;; esac"
	return 1
}

_fail_cmd() {	# label, expected, command...
	_lab=$1 _exp=$2
	shift 2
	fail "$_lab" "command:  $(_show "$@")" "expected: $_exp" \
	    "actual:   exit $(rc)"
	echo "    stdout:"; _excerpt "$T/out"
	echo "    stderr:"; _excerpt "$T/err"
}

# expect_ok LABEL CMD...: CMD exits 0.
expect_ok() {
	_lab=$1; shift
	run "$@"
	if [ "$(rc)" = 0 ]; then pass; else _fail_cmd "$_lab" "exit 0" "$@"; fi
}

# expect_fail LABEL CODE CMD...: CMD exits with exactly CODE (or one of
# "1|2").  A refusal (1) must also say why, as one "authz-admin: " line on
# stderr; a usage error (2) must say something on stderr.
expect_fail() {
	_lab=$1 _code=$2; shift 2
	run "$@"
	if ! _status_is "$_code"; then
		_fail_cmd "$_lab" "exit $_code" "$@"
		return
	fi
	pass
	if [ "$(rc)" = 1 ]; then
		if [ "$(wc -l <"$T/err")" -eq 1 ] &&
		    head -n 1 "$T/err" | grep -q '^authz-admin: .' &&
		    ! tr -d '\n' <"$T/err" | LC_ALL=C grep -q '[[:cntrl:]]'; then
			pass
		else
			fail "$_lab (the refusal is one printable 'authz-admin: ...' line on stderr)" \
			    "command:  $(_show "$@")"
			echo "    stderr:"; _excerpt "$T/err"
		fi
	elif [ "$(rc)" = 2 ] && [ ! -s "$T/err" ]; then
		fail "$_lab (a usage error says something on stderr)" \
		    "command:  $(_show "$@")"
	fi
}

# expect_err_contains LABEL TEXT CMD...: CMD fails (non-zero) and its stderr
# contains TEXT (case-insensitive, fixed string).
expect_err_contains() {
	_lab=$1 _txt=$2; shift 2
	run "$@"
	if [ "$(rc)" = 0 ]; then
		_fail_cmd "$_lab" "failure mentioning '$_txt'" "$@"
	elif ! grep -qiF -e "$_txt" "$T/err"; then
		_fail_cmd "$_lab" "stderr containing '$_txt'" "$@"
	else
		pass
	fi
}

# snapshot / expect_unchanged LABEL: the whole store (its SQL dump; for a file
# that is not a database, its bytes; or its absence) is the same as at the
# last snapshot.  Refused commands write no event either, so nothing is
# excluded.
_state() {
	if [ ! -e "$DB" ]; then
		echo "absent"
	elif [ -f "$DB" ] && [ "$(head -c 15 "$DB" 2>/dev/null)" = "SQLite format 3" ]; then
		sqlite3 "$DB" .dump 2>&1
	else
		ls -ld "$DB" | awk '{ print $1 }'
		[ -f "$DB" ] && cksum <"$DB"
	fi
}
snapshot() { _state >"$T/snap"; }
expect_unchanged() {
	_state >"$T/now"
	if cmp -s "$T/snap" "$T/now"; then
		pass
	else
		fail "$1 (the store is unchanged)" "after:    $(_show "${_lastcmd:-?}")"
		diff "$T/snap" "$T/now" | head -n 12 | cat -v | sed 's/^/        /'
	fi
}

# expect_refused LABEL TEXT CMD...: CMD exits 1, its error contains TEXT
# (unless TEXT is empty) and the store is exactly as it was.
expect_refused() {
	_rlab=$1 _rtxt=$2; shift 2
	snapshot
	_lastcmd="$*"
	expect_fail "$_rlab" 1 "$@"
	if [ -n "$_rtxt" ] && [ "$(rc)" != 0 ]; then
		if grep -qiF -e "$_rtxt" "$T/err"; then
			pass
		else
			fail "$_rlab (the error names '$_rtxt')" \
			    "command:  $(_show "$@")"
			echo "    stderr:"; _excerpt "$T/err"
		fi
	fi
	expect_unchanged "$_rlab"
}

# expect_usage LABEL CMD...: CMD exits 2 and changes nothing.
expect_usage() {
	_ulab=$1; shift
	snapshot
	_lastcmd="$*"
	expect_fail "$_ulab" 2 "$@"
	expect_unchanged "$_ulab"
}

# expect_rejected LABEL CMD...: CMD exits 1 or 2 (the spec leaves which to
# the program) and changes nothing.
expect_rejected() {
	_jlab=$1; shift
	snapshot
	_lastcmd="$*"
	expect_fail "$_jlab" "1|2" "$@"
	expect_unchanged "$_jlab"
}

# out_is LABEL TEXT: the last stdout is TEXT (trailing newlines aside).
out_is() {
	if [ "$(out)" = "$2" ]; then pass; else
		fail "$1" "expected stdout: $(printf '%s' "$2" | cat -v)"
		echo "    actual stdout:"; _excerpt "$T/out"
	fi
}

# out_matches LABEL ERE: some line of the last stdout matches ERE.
out_matches() {
	if grep -Eq -e "$2" "$T/out"; then pass; else
		fail "$1" "expected stdout matching: $2"
		echo "    actual stdout:"; _excerpt "$T/out"
	fi
}

# out_contains LABEL TEXT: the last stdout contains TEXT (fixed string).
out_contains() {
	if grep -qF -e "$2" "$T/out"; then pass; else
		fail "$1" "expected stdout containing: $2"
		echo "    actual stdout:"; _excerpt "$T/out"
	fi
}

# out_lacks LABEL TEXT: the last stdout does not contain TEXT.
out_lacks() {
	if grep -qF -e "$2" "$T/out"; then
		fail "$1" "expected stdout without: $2"
		echo "    actual stdout:"; _excerpt "$T/out"
	else pass; fi
}

# out_lines LABEL N: the last stdout has exactly N lines.
out_lines() {
	_n=$(wc -l <"$T/out" | tr -d ' ')
	if [ "$_n" = "$2" ]; then pass; else
		fail "$1" "expected $2 stdout line(s), got $_n"
		_excerpt "$T/out"
	fi
}

# err_contains LABEL TEXT: the last stderr contains TEXT (case-insensitive).
err_contains() {
	if grep -qiF -e "$2" "$T/err"; then pass; else
		fail "$1" "expected stderr containing: $2"
		echo "    actual stderr:"; _excerpt "$T/err"
	fi
}

# jq_ok LABEL FILTER: the last stdout is JSON for which FILTER is true.
jq_ok() {
	if jq -e "$2" <"$T/out" >/dev/null 2>"$T/jqerr"; then pass; else
		fail "$1" "jq filter: $2" "jq says:    $(head -n 1 "$T/jqerr")"
		echo "    stdout:"; _excerpt "$T/out"
	fi
}

# expect_jq LABEL FILTER CMD...: CMD exits 0 and FILTER holds on its stdout.
expect_jq() {
	_qlab=$1 _qf=$2; shift 2
	run "$@"
	if [ "$(rc)" != 0 ]; then
		_fail_cmd "$_qlab" "exit 0, then jq: $_qf" "$@"
	else
		jq_ok "$_qlab" "$_qf"
	fi
}

# jv FILTER CMD...: print jq -r FILTER of CMD's stdout (for use in tests).
jv() {
	_f=$1; shift
	run "$@"
	jq -r "$_f" <"$T/out" 2>/dev/null
}

# sql QUERY: a read of the store through the sqlite3 CLI.
sql() { sqlite3 "$DB" "$1"; }

# expect_sql LABEL EXPECTED QUERY.
expect_sql() {
	_v=$(sqlite3 "$DB" "$3" 2>&1)
	if [ "$_v" = "$2" ]; then pass; else
		fail "$1" "query:    $3" "expected: $2" "actual:   $_v"
	fi
}

# assert LABEL TEST...: the shell test (e.g. [ -f x ]) holds.
assert() {
	_alab=$1; shift
	if "$@"; then pass; else fail "$_alab" "test: $(_show "$@")"; fi
}

# Events written so far.
nevents() { sqlite3 "$DB" 'SELECT count(*) FROM events;'; }

# finish: print this case's tally and exit with its result.
finish() {
	_total=$(wc -l <"$T/results" | tr -d ' ')
	_failed=$(grep -c FAIL "$T/results")
	echo "$_total $_failed" >"$T/finished"
	[ "$_failed" = 0 ]
	exit $?
}
