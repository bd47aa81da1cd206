# authz-admin gate test --dir CGIDIR --url URL: the self-test of the gate's
# X-Sendfile delivery, run against a stand-in for curl (first on PATH) that
# records what it was given and answers as Apache would with mod_xsendfile
# working (the probe file), inactive (an empty body), not allowed (404), or
# unreachable (curl's exit 7).  tests/hosting/xsendfile.sh runs it against
# the real Apache.  Checked here: the verdict and its words, x-sendfile
# written into authz-cgi.conf (replaced or appended, every other byte and
# the mode kept), the token only on curl's standard input, the ticket the
# gate will check, every probe file removed afterwards, and the refusals.
. "$ADMIN_LIB"

G=$T/cgi
R=$T/priv
BIN=$T/bin
mkdir -p "$G" "$R" "$BIN"
cp "$ADMIN" "$G/authz-cgi"
CONF='db /nowhere/postern.db
# a comment, kept   as it is
app files
root '"$R"'
prefix /priv/
'
printf '%s' "$CONF" >"$G/authz-cgi.conf"
chmod 640 "$G/authz-cgi.conf"

# The stand-in: arguments one per line in $T/args, standard input in
# $T/stdin, the ticket and the probe file as they were during the request.
cat >"$BIN/curl" <<EOF
#!/bin/sh
printf '%s\n' "\$@" >"$T/args"
cat >"$T/stdin"
cp "$G/authz-cgi.probe" "$T/ticket" 2>/dev/null
stat -c '%a %U' "$G/authz-cgi.probe" >"$T/ticket.stat" 2>/dev/null
stat -c '%a' "$R/.postern-probe" >"$T/probe.stat" 2>/dev/null
[ -d "$R/.postern-probe.d" ] && echo yes >"$T/pdir" || echo no >"$T/pdir"
case \$FAKE in
ok)	cat "$R/.postern-probe"; printf '\n200' ;;
empty)	printf '\n200' ;;
other)	printf 'something else\n\n200' ;;
404)	printf '<p>Not Found</p>\n\n404' ;;
403)	printf 'Forbidden.\n\n403' ;;
fail)	printf '\n000'; exit 7 ;;
esac
EOF
chmod 755 "$BIN/curl"

# ev CODE: for assert, CODE run by this shell (pipes, &&).
ev() { eval "$1"; }
gt() {
	_fake=$1; shift
	run env PATH="$BIN:$PATH" FAKE="$_fake" "$ADMIN" "$@"
}
# The configuration without its x-sendfile line.
others() { grep -v '^x-sendfile ' "$G/authz-cgi.conf"; }
no_probe_left() {
	assert "$1: the ticket is removed" [ ! -e "$G/authz-cgi.probe" ]
	assert "$1: the probe file is removed" [ ! -e "$R/.postern-probe" ]
	assert "$1: the probe directory is removed" [ ! -e "$R/.postern-probe.d" ]
}

# ------------------------------------------------------------ help, usage

expect_ok "gate --help prints its usage" "$ADMIN" gate --help
out_contains "gate --help names gate test" "gate test --dir CGIDIR --url URL"
expect_ok "gate test --help prints its usage" "$ADMIN" gate test --help
out_contains "gate test --help names --timeout" "--timeout SECS"
run "$ADMIN" --help
out_contains "the program usage lists gate test" "gate test"
expect_usage "gate without a subcommand is a usage error" adm gate
expect_usage "gate with an unknown subcommand is a usage error" adm gate frob
expect_usage "gate test without --dir and --url is a usage error" adm gate test
expect_usage "gate test without --url is a usage error" adm gate test --dir "$G"
expect_usage "gate test without --dir is a usage error" \
    adm gate test --url http://h.example/priv
expect_usage "gate test with an ftp URL is a usage error" \
    adm gate test --dir "$G" --url ftp://h.example/priv
expect_usage "gate test with a URL holding a query is a usage error" \
    adm gate test --dir "$G" --url 'http://h.example/priv?x=1'
expect_usage "gate test with --timeout 0 is a usage error" \
    adm gate test --dir "$G" --url http://h.example/priv --timeout 0
expect_usage "gate test with --timeout 61 is a usage error" \
    adm gate test --dir "$G" --url http://h.example/priv --timeout 61
expect_usage "gate test with --timeout abc is a usage error" \
    adm gate test --dir "$G" --url http://h.example/priv --timeout abc
expect_usage "gate test with a stray argument is a usage error" \
    adm gate test --dir "$G" --url http://h.example/priv extra
assert "no usage error wrote x-sendfile" \
    [ "$(cat "$G/authz-cgi.conf")" = "$(printf '%s' "$CONF")" ]

# ------------------------------------------------------------ verdicts

gt ok gate test --dir "$G" --url http://h.example/priv --timeout 7
if [ "$(rc)" = 0 ]; then pass; else
	_fail_cmd "the probe file delivered: exit 0" "exit 0" gate test; fi
out_is "the probe file delivered: one line, x-sendfile on" \
    "x-sendfile on: Apache delivered the probe file from $R through mod_xsendfile: the gate now lets it send the files"
assert "x-sendfile on is appended to authz-cgi.conf" \
    [ "$(tail -n 1 "$G/authz-cgi.conf")" = "x-sendfile on" ]
assert "every other line of authz-cgi.conf is kept byte for byte" \
    [ "$(others)" = "$(printf '%s' "$CONF")" ]
assert "authz-cgi.conf keeps its mode" \
    [ "$(stat -c %a "$G/authz-cgi.conf")" = 640 ]
no_probe_left "after x-sendfile on"
assert "curl asks the probe directory below the protected directory's URL" \
    grep -qx 'http://h.example/priv/.postern-probe.d/probe' "$T/args"
assert "curl is told --max-time from --timeout" \
    ev 'grep -A1 -x -- --max-time "$T/args" | grep -qx 7'
assert "curl reads no .curlrc (-q first)" [ "$(head -n 1 "$T/args")" = -q ]
assert "curl takes the header from its standard input (-H @-)" \
    ev 'grep -A1 -x -- -H "$T/args" | grep -qx @-'
assert "the token is in no argument of curl" \
    ev '! grep -Eq "[0-9a-f]{64}" "$T/args"'
assert "the token travels as one X-Postern-Probe header line" \
    grep -Eqx 'X-Postern-Probe: [0-9a-f]{64}' "$T/stdin"
TOKEN=$(sed -n 's/^X-Postern-Probe: //p' "$T/stdin")
HASH=$(printf '%s' "$TOKEN" | sha256sum | cut -c1-64)
assert "the ticket holds the SHA-256 of the token and an expiry" \
    grep -Eqx "$HASH [0-9]+" "$T/ticket"
EXP=$(cut -d' ' -f2 "$T/ticket")
NOW=$(now)
assert "the ticket expires within a minute" \
    ev '[ "$EXP" -ge "$NOW" ] && [ "$EXP" -le $((NOW + 61)) ]'
assert "the ticket is mode 0600" [ "$(cut -d' ' -f1 "$T/ticket.stat")" = 600 ]
assert "the probe file is mode 0644" [ "$(cat "$T/probe.stat")" = 644 ]
assert "the probe directory exists during the request" \
    [ "$(cat "$T/pdir")" = yes ]

gt empty gate test --dir "$G" --url http://h.example/priv/
if [ "$(rc)" = 0 ]; then pass; else
	_fail_cmd "an empty body: exit 0" "exit 0" gate test; fi
out_contains "an empty body: x-sendfile off" "x-sendfile off: "
out_contains "an empty body: the module is not active, XSendFile On" \
    'add "XSendFile On" inside <IfModule mod_xsendfile.c>'
assert "an empty body: x-sendfile off replaces the line" \
    ev '[ "$(grep -c "^x-sendfile " "$G/authz-cgi.conf")" = 1 ] &&
    [ "$(tail -n 1 "$G/authz-cgi.conf")" = "x-sendfile off" ]'
assert "an empty body: every other line is kept" \
    [ "$(others)" = "$(printf '%s' "$CONF")" ]
no_probe_left "after an empty body"

# x-sendfile in the middle of the file is replaced where it stands.
printf 'db /nowhere/postern.db\nx-sendfile off\napp files\nroot %s\nprefix /priv\n' \
    "$R" >"$G/authz-cgi.conf"
gt ok gate test --dir "$G" --url http://h.example/priv
assert "an x-sendfile line in the middle is replaced in place" \
    ev '[ "$(sed -n 2p "$G/authz-cgi.conf")" = "x-sendfile on" ] &&
    [ "$(wc -l <"$G/authz-cgi.conf")" = 5 ]'

gt 404 gate test --dir "$G" --url http://h.example/priv
out_contains "404: x-sendfile off" "x-sendfile off: Apache answered 404"
out_contains "404: the host must whitelist the real directory" \
    "XSendFilePath $R"
assert "404: x-sendfile off is written" \
    grep -qx 'x-sendfile off' "$G/authz-cgi.conf"
no_probe_left "after a 404"

gt other gate test --dir "$G" --url http://h.example/priv
out_contains "another body: x-sendfile off" "is not the probe file"
gt 403 gate test --dir "$G" --url http://h.example/priv
out_contains "a 403: x-sendfile off, the URL questioned" \
    "Apache answered 403, not the probe"

gt ok --json gate test --dir "$G" --url http://h.example/priv
jq_ok "--json: x_sendfile, status and reason" \
    '.x_sendfile == "on" and .status == 200 and (.reason | length > 10)'

# ------------------------------------------------------------ refusals

cp "$G/authz-cgi.conf" "$T/conf.before"
gt fail gate test --dir "$G" --url http://h.example/priv
if [ "$(rc)" = 1 ]; then pass; else
	_fail_cmd "curl unable to fetch: exit 1" "exit 1" gate test; fi
err_contains "curl unable to fetch: said, and the configuration unchanged" \
    "authz-cgi.conf is unchanged"
assert "curl unable to fetch: authz-cgi.conf is unchanged" \
    cmp -s "$T/conf.before" "$G/authz-cgi.conf"
no_probe_left "after curl failed"

run env PATH=/nonexistent "$ADMIN" gate test --dir "$G" --url http://h.example/priv
if [ "$(rc)" = 1 ]; then pass; else
	_fail_cmd "no curl: exit 1" "exit 1" gate test; fi
err_contains "no curl: the Debian package is named" "Debian package curl"
assert "no curl: authz-cgi.conf is unchanged" \
    cmp -s "$T/conf.before" "$G/authz-cgi.conf"
no_probe_left "without curl"

# Stale probe files of an interrupted run are replaced.
echo stale >"$R/.postern-probe"
mkdir "$R/.postern-probe.d"
echo "$HASH 99999999999" >"$G/authz-cgi.probe"
gt ok gate test --dir "$G" --url http://h.example/priv
out_contains "stale probe files are replaced: x-sendfile on" "x-sendfile on"
no_probe_left "after stale files"

expect_refused "a URL outside the protected directory is refused" \
    "not the protected directory's" \
    env PATH="$BIN:$PATH" FAKE=ok "$ADMIN" gate test --dir "$G" \
    --url http://h.example/other
expect_refused "a CGI directory that does not exist is refused" "" \
    env PATH="$BIN:$PATH" FAKE=ok "$ADMIN" gate test --dir "$T/none" \
    --url http://h.example/priv
mv "$G/authz-cgi" "$T/gate.away"
expect_refused "a CGI directory without the gate is refused" "the gate" \
    env PATH="$BIN:$PATH" FAKE=ok "$ADMIN" gate test --dir "$G" \
    --url http://h.example/priv
mv "$T/gate.away" "$G/authz-cgi"
mv "$G/authz-cgi.conf" "$T/conf.away"
expect_refused "a CGI directory without authz-cgi.conf is refused" \
    "cannot be read" env PATH="$BIN:$PATH" FAKE=ok "$ADMIN" gate test \
    --dir "$G" --url http://h.example/priv
mv "$T/conf.away" "$G/authz-cgi.conf"

if [ "$(id -u)" -eq 0 ]; then
	# As root, the ticket is the gate's owner's, whom the gate trusts.
	chown nobody "$G/authz-cgi"
	gt ok gate test --dir "$G" --url http://h.example/priv
	assert "as root: the ticket belongs to the gate's owner" \
	    [ "$(cut -d' ' -f2 "$T/ticket.stat")" = nobody ]
	chmod 755 "$PWD"
	expect_refused "anyone but the gate's owner is refused" "gate's owner" \
	    setpriv --reuid=daemon --regid=daemon --clear-groups \
	    env PATH="$BIN:$PATH" FAKE=ok "$ADMIN" gate test --dir "$G" \
	    --url http://h.example/priv
fi

# ------------------------------------------------------------ check --gate

adm init >/dev/null 2>&1
sed -i "s|^db .*|db $DB|" "$G/authz-cgi.conf"
chown "$(id -u)" "$G/authz-cgi"
gt ok gate test --dir "$G" --url http://h.example/priv
run adm check --gate "$G"
out_contains "check --gate says x-sendfile on and that gate test set it" \
    'x-sendfile on (set by "authz-admin gate test"'
out_contains "check --gate reminds to test again after a move" \
    "run it again after moving the site"
echo "$HASH 1" >"$G/authz-cgi.probe"
run json check --gate "$G"
jq_ok "check --gate names a ticket left behind as a problem" \
    'any(.[]; .problem | contains("authz-cgi.probe is left by an interrupted"))'
jq_ok "check --json lists problems only" 'all(.[]; has("problem") and has("fix"))'
rm -f "$G/authz-cgi.probe"

finish
