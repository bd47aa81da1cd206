# postern hosting tests: the gate's delivery through X-Sendfile, proved by
# "authz-admin gate test" (authz-cgi(8)).  Sourced by run.sh once recipe 2
# is tested: the same helpers, store, users, marked files and shared-host
# Apache.  A protected directory /xs of its own, with the three files as
# "authz-admin snippet htaccess xs --gate" prints them (the CGI directory's
# .htaccess turns XSendFile On inside <IfModule mod_xsendfile.c>), is
# tested against three Apaches:
#   (a) run.sh's, without mod_xsendfile: gate test says off, the gate
#       keeps serving the files itself;
#   (b) one that loads mod_xsendfile but does not whitelist the protected
#       directory: off;
#   (c) one with "XSendFilePath" naming it: on, and then Apache delivers
#       the files (exact bytes, Range, If-None-Match, HEAD) with no
#       X-Sendfile header and no path in the answer, while the login, the
#       refusals, dotfiles, links out and PHP are as before;
#   (d) on (c)'s Apache, the probe abused: a wrong, malformed or replayed
#       token, no ticket, an expired, too long, foreign, writable or linked
#       ticket: a 404 and never the probe file or a protected byte.
# Only the Apaches started here are stopped, by their PIDs.

XS=$SITE/xs
XSC=$SITE/xscgi
mkdir -p "$XS/sub" "$XSC"
XSREAL=$(cd -P "$XS" && pwd)
TREAL=$(cd -P "$T" && pwd)
if adm provider add xs --external "http://$H/xs" \
    --internal http://127.0.0.1:9 >"$T/setup-xs.log" 2>&1 &&
    adm app add xs --name XS --provider xs >>"$T/setup-xs.log" 2>&1 &&
    adm binding add xs --group staff >>"$T/setup-xs.log" 2>&1 &&
    AX="Cookie: $COOKIE=$(adm session create alice)" &&
    BX="Cookie: $COOKIE=$(adm session create bob)"; then
	ok "x-sendfile: an application for /xs"
else
	notok "x-sendfile: an application for /xs"
	sed 's/^/# /' "$T/setup-xs.log"
	return 0
fi

printf '%s 0123456789abcdef\n' "$MARK" >"$XS/f.txt"
printf '%s sub\n' "$MARK" >"$XS/sub/data.bin"
printf '%s percent\n' "$MARK" >"$XS/100%.txt"
printf '%s hidden\n' "$MARK" >"$XS/.hidden"
printf '<?php /* %s source */ echo "user=", $_SERVER["REMOTE_USER"] ?? "", "\\n";\n' \
    "$MARK" >"$XS/p.php"
ln -s "$T/outside/secret.txt" "$XS/out.txt"

cp "$GATE" "$XSC/authz-cgi"
adm snippet htaccess xs --gate --dir "$XS" --cgi-dir "$XSC" --cgi-url /xscgi \
    --php-cgi "$PHP" >"$T/snippet-xs" 2>"$T/snippet-xs.err"
awk '/^#### file: /{ f = substr($0, 12); next } f != "" { print > f }' \
    "$T/snippet-xs"
check "x-sendfile: the CGI directory's .htaccess turns XSendFile On if the module is there" \
    eval 'grep -A1 -x "<IfModule mod_xsendfile.c>" "$XSC/.htaccess" |
    grep -qx "    XSendFile On"'
check "x-sendfile: the printed authz-cgi.conf says gate test writes x-sendfile" \
    grep -q '^# x-sendfile is written by "authz-admin gate test" alone' \
    "$XSC/authz-cgi.conf"
check "x-sendfile: the printed authz-cgi.conf gives the gate test command" \
    grep -qx "#   authz-admin gate test --dir $XSC --url http://$H/xs" \
    "$XSC/authz-cgi.conf"
check "x-sendfile: the printed authz-cgi.conf has no x-sendfile key" \
    eval '! grep -q "^x-sendfile" "$XSC/authz-cgi.conf"'
cp "$XSC/authz-cgi.conf" "$T/xs-conf.printed"
chmod -R a+rX "$XS" "$XSC"
# gate test runs as the gate's owner, who owns the site (nobody as root).
[ -n "$RUNAS" ] && chown -R -h nobody "$XS" "$XSC"

# The gate's own answers carry its ETag, "inode-size-nanoseconds"; Apache's
# (so mod_xsendfile's) is "size-mtime".
etag_parts() {
	hdr ETag | tr -d '"' | awk -F- '{ print NF }'
}
# No path of this test's files anywhere in the last answer.
no_path() {
	! grep -qF -e "$T" -e "$TREAL" -e "$XSREAL" "$T/head" "$T/body"
}
conf_xs() {
	sed -n 's/^x-sendfile //p' "$XSC/authz-cgi.conf"
}
# The configuration as printed, every line kept.
conf_kept() {
	grep -v '^x-sendfile ' "$XSC/authz-cgi.conf" | cmp -s - "$T/xs-conf.printed"
}
probe_gone() {
	[ ! -e "$XSC/authz-cgi.probe" ] && [ ! -e "$XS/.postern-probe" ] &&
	    [ ! -e "$XS/.postern-probe.d" ]
}

# ------------------------------------------------- (a) no mod_xsendfile

adm gate test --dir "$XSC" --url "http://127.0.0.1:$PORT/xs" \
    >"$T/gt-a.out" 2>&1
check "(a) no mod_xsendfile: gate test runs to a verdict (exit 0)" eq "$?" 0
check "(a) no mod_xsendfile: gate test says off, the body was empty" \
    grep -q '^x-sendfile off: Apache answered with an empty body' "$T/gt-a.out"
check "(a) no mod_xsendfile: authz-cgi.conf has x-sendfile off" eq "$(conf_xs)" off
check "(a) authz-cgi.conf keeps every other line" conf_kept
check "(a) no probe file is left" probe_gone
req $H /xs/f.txt -H "$AX"
check "(a) the file is still served by the gate itself" eval '
    [ "$STATUS" = 200 ] && cmp -s "$T/body" "$XS/f.txt" &&
    eq "$(etag_parts)" 3 && [ -z "$(hdr X-Sendfile)" ] && no_path'

# ------------------------------------------------- Apaches with the module

# xs_apache NAME: run.sh's Apache with mod_xsendfile loaded (and the line
# XLINE added) on a port of its own, in $T/NAME; sets XPORT and XPID.
xs_apache() {
	_xd=$T/$1
	mkdir -p "$_xd"
	[ -n "$RUNAS" ] && chown nobody "$_xd"
	XPORT=$(free_ports 1)
	sed -e "s|$T/apache|$_xd|g" -e "s|127.0.0.1:$MAINPORT|127.0.0.1:$XPORT|" \
	    "$T/apache/httpd.conf" >"$_xd/httpd.conf"
	printf 'LoadModule xsendfile_module %s/mod_xsendfile.so\n%s\n' \
	    "$APMOD" "${XLINE:-}" >>"$_xd/httpd.conf"
	"$BIN" -t -f "$_xd/httpd.conf" -d "$_xd" >"$_xd/test.log" 2>&1 &&
	    { "$BIN" -f "$_xd/httpd.conf" -d "$_xd" -D FOREGROUND \
	        2>>"$_xd/error.log" &
	      XPID=$!; started $XPID; wait_http "$XPORT"; }
}
MAINPORT=$PORT

# ------------------------------------------------- (b) not whitelisted

XLINE=
if xs_apache apache-xs1; then
	ok "(b) an Apache with mod_xsendfile starts on 127.0.0.1:$XPORT"
	PORT=$XPORT
	adm gate test --dir "$XSC" --url "http://127.0.0.1:$PORT/xs" \
	    >"$T/gt-b.out" 2>&1
	check "(b) not whitelisted: gate test runs to a verdict (exit 0)" eq "$?" 0
	check "(b) not whitelisted: gate test says off, Apache answered 404" \
	    grep -q '^x-sendfile off: Apache answered 404' "$T/gt-b.out"
	check "(b) not whitelisted: it names the XSendFilePath the host must add" \
	    grep -qF "XSendFilePath $XSREAL" "$T/gt-b.out"
	check "(b) not whitelisted: authz-cgi.conf has x-sendfile off" \
	    eq "$(conf_xs)" off
	check "(b) no probe file is left" probe_gone
	check "(b) the module refused the probe as outside its paths" \
	    grep -q "xsendfile: unable to find file: $XSREAL/.postern-probe" \
	    "$T/apache-xs1/error.log"
	req $H /xs/f.txt -H "$AX"
	check "(b) the file is still served by the gate itself" eval '
	    [ "$STATUS" = 200 ] && cmp -s "$T/body" "$XS/f.txt" &&
	    eq "$(etag_parts)" 3 && [ -z "$(hdr X-Sendfile)" ] && no_path'
	stop_pid "$XPID"
	PORT=$MAINPORT
else
	notok "(b) an Apache with mod_xsendfile starts on 127.0.0.1:$XPORT"
	cat "$T/apache-xs1/test.log" "$T/apache-xs1/error.log" 2>/dev/null |
	    tail -20 | sed 's/^/# /'
fi

# ------------------------------------------------- (c) whitelisted: on

XLINE="XSendFilePath $XSREAL"
if ! xs_apache apache-xs2; then
	notok "(c) an Apache with XSendFilePath $XSREAL starts"
	cat "$T/apache-xs2/test.log" "$T/apache-xs2/error.log" 2>/dev/null |
	    tail -20 | sed 's/^/# /'
	return 0
fi
ok "(c) an Apache with XSendFilePath $XSREAL starts on 127.0.0.1:$XPORT"
PORT=$XPORT
XLOG=$T/apache-xs2/error.log

adm gate test --dir "$XSC" --url "http://127.0.0.1:$PORT/xs/" >"$T/gt-c.out" 2>&1
check "(c) whitelisted: gate test runs to a verdict (exit 0)" eq "$?" 0
check "(c) whitelisted: gate test says on" \
    grep -q '^x-sendfile on: Apache delivered the probe file' "$T/gt-c.out"
check "(c) whitelisted: authz-cgi.conf has x-sendfile on" eq "$(conf_xs)" on
check "(c) authz-cgi.conf keeps every other line" conf_kept
check "(c) authz-cgi.conf keeps its mode" \
    eq "$(stat -c %a "$XSC/authz-cgi.conf")" "$(stat -c %a "$T/xs-conf.printed")"
check "(c) no probe file is left" probe_gone
adm check --gate "$XSC" >"$T/check-xs.out" 2>&1
check "(c) check --gate reports x-sendfile on, set by gate test" \
    grep -q '^gate: x-sendfile on (set by "authz-admin gate test"' \
    "$T/check-xs.out"

req $H /xs/f.txt -H "$AX"
check "(c) a session: the file's exact bytes" eval '[ "$STATUS" = 200 ] &&
    cmp -s "$T/body" "$XS/f.txt"'
check "(c) delivered by Apache: its ETag, its Content-Length" eval '
    eq "$(etag_parts)" 2 && eq "$(hdr Content-Length)" 32'
check "(c) the gate's type and headers go along" eval '
    eq "$(hdr Content-Type)" text/plain && eq "$(hdr Cache-Control)" private &&
    eq "$(hdr X-Content-Type-Options)" nosniff'
check "(c) no X-Sendfile header, no path in the answer" eval '
    [ -z "$(hdr X-Sendfile)" ] && no_path'
XETAG=$(hdr ETag)
req $H /xs/f.txt -H "$AX" -H "Range: bytes=4-9"
check "(c) Range bytes=4-9: 206 with those bytes" eval '[ "$STATUS" = 206 ] &&
    eq "$(cat "$T/body")" "ECTED-" && eq "$(hdr Content-Range)" "bytes 4-9/32"'
req $H /xs/f.txt -H "$AX" -H "If-None-Match: $XETAG"
check "(c) If-None-Match with Apache's ETag: 304, no body" eval '
    [ "$STATUS" = 304 ] && [ ! -s "$T/body" ] && no_path'
req $H /xs/f.txt -H "$AX" -I
check "(c) HEAD: 200, the length, no body" eval '[ "$STATUS" = 200 ] &&
    eq "$(hdr Content-Length)" 32 && ! grep -q "$MARK" "$T/body" && no_path'
req $H /xs/sub/data.bin -H "$AX"
check "(c) a file in a subdirectory: its exact bytes from Apache" eval '
    [ "$STATUS" = 200 ] && cmp -s "$T/body" "$XS/sub/data.bin" &&
    eq "$(etag_parts)" 2 && no_path'
req $H /xs/100%25.txt -H "$AX"
check "(c) a path holding %: sent by the gate itself, never in X-Sendfile" eval '
    [ "$STATUS" = 200 ] && cmp -s "$T/body" "$XS/100%.txt" &&
    eq "$(etag_parts)" 3 && no_path'
req $H /xs/p.php -H "$AX"
check "(c) PHP still runs through php-cgi, its source never out" eval '
    [ "$STATUS" = 200 ] && grep -qx "user=alice" "$T/body" &&
    ! grep -q "<?php" "$T/body" && no_path'

req $H /xs/f.txt
check "(c) no cookie: still 302 to the login with rd" eval '[ "$STATUS" = 302 ] &&
    eq "$(hdr Location)" "https://auth.example.test/start?rd=$(urlenc http://$H/xs/f.txt)" &&
    refused'
req $H /xs/f.txt -H "$BX"
check "(c) a user the bindings refuse: 403, no protected byte" eval '
    [ "$STATUS" = 403 ] && refused && no_path'
for target in /xs/.hidden /xs/.htaccess /xs/out.txt /xs/p.phps \
    /xs/.postern-probe /xs/.postern-probe.d/probe /xscgi/authz-cgi.conf \
    /xscgi/authz-cgi.probe; do
	req $H "$target" -H "$AX"
	check "(c) alice: $target is still refused" eval 'refused && no_path'
done

# ------------------------------------------------- (d) the probe abused

PCONTENT=probe-content-5e1c
TOK=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
OTHER=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
TOKU=$(printf '%s' "$TOK" | tr a-f A-F)
HASH=$(printf '%s' "$TOK" | sha256sum | cut -c1-64)
# ticket EXPIRY [MODE]: the ticket for TOK, the gate's own, and the probe file.
ticket() {
	rm -f "$XSC/authz-cgi.probe" "$XS/.postern-probe"
	printf '%s %s\n' "$HASH" "$1" >"$XSC/authz-cgi.probe"
	printf '%s' "$PCONTENT" >"$XS/.postern-probe"
	chmod "${2:-600}" "$XSC/authz-cgi.probe"
	chmod 644 "$XS/.postern-probe"
	[ -n "$RUNAS" ] && chown nobody "$XSC/authz-cgi.probe" "$XS/.postern-probe"
	return 0
}
# Not the probe file, nothing protected, not a success.
no_probe() {
	refused && ! grep -q "$PCONTENT" "$T/body" && no_path
}

ticket $(($(date +%s) + 60))
req $H /xs/f.txt -H "X-Postern-Probe: $TOK"
check "(d) the right token with a valid ticket: the probe file, and only it" eval '
    [ "$STATUS" = 200 ] && eq "$(cat "$T/body")" "$PCONTENT" && no_path &&
    [ -z "$(hdr X-Sendfile)" ] && eq "$(hdr Cache-Control)" no-store'
req $H /xs/f.txt -H "X-Postern-Probe: $TOK" -H "$AX"
check "(d) the right token with a session: still the probe file, never the file asked" eval '
    [ "$STATUS" = 200 ] && eq "$(cat "$T/body")" "$PCONTENT"'
req $H /xs/f.txt -H "X-Postern-Probe: $OTHER"
check "(d) a wrong token: 404, not the probe file" eval '[ "$STATUS" = 404 ] && no_probe'
req $H /xs/f.txt -H "X-Postern-Probe: $OTHER" -H "$AX"
check "(d) a wrong token with a session: 404, not the file either" eval '
    [ "$STATUS" = 404 ] && no_probe'
for bad in "upper case:$TOKU" "one digit more:${TOK}0" \
    "one digit less:$(printf '%s' "$TOK" | cut -c2-)" \
    "the ticket's hash:$HASH" "a letter before:x$TOK"; do
	req $H /xs/f.txt -H "X-Postern-Probe: ${bad#*:}"
	check "(d) the token in ${bad%%:*}: 404" eval '
	    [ "$STATUS" = 404 ] && no_probe'
done
req $H /xs/f.txt -H "X-Postern-Probe;"
check "(d) an empty token: 404" eval '[ "$STATUS" = 404 ] && no_probe'
req $H /xscgi/authz-cgi -H "X-Postern-Probe: $TOK"
check "(d) the gate called directly with the right token: 404" eval '
    [ "$STATUS" = 404 ] && no_probe'

rm -f "$XSC/authz-cgi.probe"
req $H /xs/f.txt -H "X-Postern-Probe: $TOK"
check "(d) no ticket: 404, not the probe file" eval '[ "$STATUS" = 404 ] && no_probe'
ticket $(($(date +%s) - 1))
req $H /xs/f.txt -H "X-Postern-Probe: $TOK"
check "(d) an expired ticket: 404, not the probe file" eval '
    [ "$STATUS" = 404 ] && no_probe'
ticket $(($(date +%s) + 3600))
req $H /xs/f.txt -H "X-Postern-Probe: $TOK"
check "(d) a ticket valid for an hour: 404, not the probe file" eval '
    [ "$STATUS" = 404 ] && no_probe'
ticket $(($(date +%s) + 60)) 622
req $H /xs/f.txt -H "X-Postern-Probe: $TOK"
check "(d) a ticket others may write: 404, not the probe file" eval '
    [ "$STATUS" = 404 ] && no_probe'
ticket $(($(date +%s) + 60))
mv "$XSC/authz-cgi.probe" "$XSC/ticket.real"
ln -s ticket.real "$XSC/authz-cgi.probe"
req $H /xs/f.txt -H "X-Postern-Probe: $TOK"
check "(d) a ticket that is a symbolic link: 404, not the probe file" eval '
    [ "$STATUS" = 404 ] && no_probe'
rm -f "$XSC/authz-cgi.probe" "$XSC/ticket.real"
if [ -n "$RUNAS" ]; then
	# Readable by the gate: only its owner makes it foreign.
	ticket $(($(date +%s) + 60)) 644
	chown root "$XSC/authz-cgi.probe"
	req $H /xs/f.txt -H "X-Postern-Probe: $TOK"
	check "(d) a ticket of another user, readable: 404, not the probe file" eval '
	    [ "$STATUS" = 404 ] && no_probe'
fi
printf '%s %s\njunk\n' "$HASH" $(($(date +%s) + 60)) >"$XSC/authz-cgi.probe"
[ -n "$RUNAS" ] && chown nobody "$XSC/authz-cgi.probe"
chmod 600 "$XSC/authz-cgi.probe"
req $H /xs/f.txt -H "X-Postern-Probe: $TOK"
check "(d) a ticket of more than one line: 404, not the probe file" eval '
    [ "$STATUS" = 404 ] && no_probe'
rm -f "$XSC/authz-cgi.probe" "$XS/.postern-probe"
check "(d) the gate logged the refused probes, never a token" eval '
    grep -q "probe refused: the token does not match the ticket" "$XLOG" &&
    grep -q "probe refused: the ticket has expired" "$XLOG" &&
    ! grep -q -e "$TOK" -e "$OTHER" "$XLOG"'

stop_pid "$XPID"
PORT=$MAINPORT
