# postern hosting tests, recipe 1 of shared hosting (issue 7): the host
# has mod_fcgid, so authz-fcgi is the protected directory's
# FcgidAccessChecker and login-cgi its ErrorDocument 401.  Sourced by
# run.sh once its Apache (which loads mod_fcgid and mod_headers) runs and
# recipe 2 is tested: the same helpers, store, users and marked files.
# The directory's .htaccess, the CGI directory's and both wrappers are
# written exactly as "authz-admin snippet htaccess APP --fcgid" prints
# them, with the installed programs' paths replaced by the build's.
#
# PHP here runs as hosts with mod_fcgid offer it, php-cgi through
# FcgidWrapper, set in the directory's .htaccess beside the snippet: the
# server-level php-fpm handler run.sh sets up points at no socket.

P2=$SITE/priv2
CGI2=$SITE/cgi2
mkdir -p "$P2/docs" "$P2/sub" "$CGI2" "$SITE/crash2"
if adm provider add files2 --external http://$H/priv2 \
    --internal http://127.0.0.1:9 >"$T/setup2.log" 2>&1 &&
    adm app add files2 --name "Files 2" --provider files2 \
    >>"$T/setup2.log" 2>&1 &&
    adm binding add files2 --group staff >>"$T/setup2.log" 2>&1; then
	ok "recipe 1: an application for /priv2"
else
	notok "recipe 1: an application for /priv2"
	sed 's/^/# /' "$T/setup2.log"
	return 0
fi
A2="Cookie: $COOKIE=$(adm session create alice)"

printf '%s 0123456789abcdef\n' "$MARK" >"$P2/f.txt"
printf '<p>%s index</p>\n' "$MARK" >"$P2/index.html"
printf '%s docs\n' "$MARK" >"$P2/docs/a.txt"
printf '%s hidden\n' "$MARK" >"$P2/.hidden"
printf '%s sub\n' "$MARK" >"$P2/sub/data.bin"
printf '<?php /* %s source */ echo "user=", $_SERVER["REMOTE_USER"] ?? "", ";groups=", $_SERVER["REMOTE_GROUPS"] ?? "", ";q=", $_GET["q"] ?? "", ";m=", $_SERVER["REQUEST_METHOD"], ";body=", file_get_contents("php://input"), "\\n";\n' \
    "$MARK" >"$P2/p.php"
ln -s "$T/outside/secret.txt" "$P2/out.txt"
printf '%s crash\n' "$MARK" >"$SITE/crash2/f.txt"

adm snippet htaccess files2 --fcgid --dir "$P2" --cgi-dir "$CGI2" \
    --cgi-url /cgi2 >"$T/snippet2" 2>"$T/snippet2.err"
check "recipe 1: snippet htaccess --fcgid prints the four files" \
    eval 'grep -c "^#### file: " "$T/snippet2" | grep -qx 4'
awk '/^#### file: /{ f = substr($0, 12); next } f != "" { print > f }' \
    "$T/snippet2"
check "recipe 1: the directory's checker is the wrapper, by its real path" \
    grep -qx "FcgidAccessChecker $CGI2/authz-fcgi.sh" "$P2/.htaccess"
check "recipe 1: the ErrorDocument 401 is login-cgi, naming the application" \
    grep -qx "ErrorDocument 401 /cgi2/login-cgi/start?app=files2" "$P2/.htaccess"
check "recipe 1: the checker's wrapper names the store by its real path" \
    grep -q "^exec .*/authz-fcgi --db $DB --outpost embedded " \
    "$CGI2/authz-fcgi.sh"
check "recipe 1: login-cgi's wrapper names the store and the templates" \
    grep -q "^exec .*/login-cgi --db $DB --templates /" "$CGI2/login-cgi"
# The installed programs' paths, replaced by the build's.
sed -i "s|^exec [^ ]*/authz-fcgi |exec $top_builddir/authz-fcgi/authz-fcgi |" \
    "$CGI2/authz-fcgi.sh"
sed -i "s|^exec [^ ]*/login-cgi \(--db [^ ]*\) --templates .*|exec $top_builddir/login-cgi/login-cgi \1 --templates $top_srcdir/templates|" \
    "$CGI2/login-cgi"
chmod 755 "$CGI2/authz-fcgi.sh" "$CGI2/login-cgi"
# The host's PHP, as mod_fcgid hosts offer it.
cat >>"$P2/.htaccess" <<EOF
<FilesMatch "\.php\$">
    SetHandler fcgid-script
</FilesMatch>
FcgidWrapper $PHP .php
Options +ExecCGI
EOF
# A checker that crashes, for a directory protected the same way.
printf '#!/bin/sh\nexit 1\n' >"$SITE/cgi2/crash.sh"
chmod 755 "$SITE/cgi2/crash.sh"
sed "s|^FcgidAccessChecker .*|FcgidAccessChecker $CGI2/crash.sh|" \
    "$P2/.htaccess" >"$SITE/crash2/.htaccess"
chmod -R a+rX "$P2" "$CGI2" "$SITE/crash2"

adm snippet htaccess files2 --fcgid --gate --dir "$P2" --cgi-dir "$CGI2" \
    --cgi-url /cgi2 >/dev/null 2>&1
check "recipe 1: --fcgid with --gate is a usage error (exit 2)" eq "$?" 2

# ------------------------------------------------------------ the flow

req $H /priv2/f.txt
check "recipe 1, no cookie: 302 to the login with rd" eval '[ "$STATUS" = 302 ] &&
    eq "$(hdr Location)" "https://auth.example.test/login?rd=$(urlenc http://$H/priv2/f.txt)"'
check "recipe 1, no cookie: no protected byte" refused
check "recipe 1: mod_fcgid called authz-fcgi as ACCESS_CHECKER and got a 401" \
    grep -q "Access check to access /priv2/f.txt failed, reason: script returned status 401" \
    "$d/error.log"
req $H '/priv2/docs/a.txt?x=1&y=%41'
check "recipe 1, no cookie: rd keeps the path and the raw query" eval '[ "$STATUS" = 302 ] &&
    eq "$(hdr Location)" "https://auth.example.test/login?rd=$(urlenc "http://$H/priv2/docs/a.txt?x=1&y=%41")"'
req evil.example.org /priv2/f.txt
check "recipe 1, a forged Host: rd still names the application's host" eval '
    [ "$STATUS" = 302 ] && refused &&
    eq "$(hdr Location)" "https://auth.example.test/login?rd=$(urlenc http://$H/priv2/f.txt)"'

req $H /priv2/f.txt -H "$A2"
check "recipe 1, a session: the file" eval '[ "$STATUS" = 200 ] &&
    grep -q "^$MARK 0123" "$T/body"'
check "recipe 1: the identity does not go back to the browser" \
    eval '! grep -qi "^Variable-" "$T/head"'
req $H /priv2/f.txt -H "$A2" -H "Range: bytes=4-9"
check "recipe 1, Range: 206 with those bytes" eval '[ "$STATUS" = 206 ] &&
    eq "$(cat "$T/body")" "ECTED-"'
ETAG2=$(hdr ETag)
req $H /priv2/f.txt -H "$A2" -H "If-None-Match: $ETAG2"
check "recipe 1, If-None-Match: 304" eq "$STATUS" 304
req $H /priv2/f.txt -H "$A2" -I
check "recipe 1, HEAD: 200 and the length" eval '[ "$STATUS" = 200 ] &&
    eq "$(hdr Content-Length)" 32'
req $H /priv2/ -H "$A2"
check "recipe 1: a directory's index" eval '[ "$STATUS" = 200 ] &&
    grep -q "$MARK index" "$T/body"'
req $H '/priv2/p.php?q=42' -H "$A2"
check "recipe 1, PHP: sees REMOTE_USER, REMOTE_GROUPS and the query" eval '
    [ "$STATUS" = 200 ] && grep -q "^user=alice;groups=staff;q=42;m=GET;" "$T/body"'
req $H /priv2/p.php -H "$A2" --data-binary 'k=v&x=1'
check "recipe 1, PHP: a POST and its body reach it" \
    grep -q "^user=alice;groups=staff;q=;m=POST;body=k=v&x=1" "$T/body"
req $H /priv2/p.php -H "$A2" -H "Remote-User: mallory" \
    -H "Variable-REMOTE_USER: mallory"
check "recipe 1, PHP: a client's Remote-User or Variable-* header changes nothing" \
    grep -q "^user=alice;" "$T/body"

req $H /priv2/f.txt -H "$B"
check "recipe 1, a user the bindings refuse: to the denied page, no protected byte" \
    eval '[ "$STATUS" = 302 ] && refused &&
    eq "$(hdr Location)" "https://auth.example.test/denied?rd=$(urlenc http://$H/priv2/f.txt)"'
start=$(date +%s)
req $H /priv2/p.php --data-binary @"$P2/index.html"
end=$(date +%s)
check "recipe 1, an unauthenticated POST: refused at once, body dropped" eval '
    refused && [ $((end - start)) -lt 3 ]'

# ------------------------------------------------------------ bypasses

for target in /priv2/f.txt /priv2/%66.txt /priv2/%2566.txt '/priv2/%2ff.txt' \
    /priv2%2ff.txt /priv2/./f.txt /priv2//f.txt /x/../priv2/f.txt \
    /priv2/sub/../f.txt '/priv2/%2e%2e/priv2/f.txt' /PRIV2/f.txt \
    /priv2/F.TXT /Priv2/f.txt /priv2/f.txt. /priv2./f.txt /priv2/f.txt/ \
    /priv2/f.txt%20 '/priv2/f.txt;x' '/priv2;x/f.txt' '/priv2/f.txt%00' \
    '/priv2/f.txt%3f' '/priv2\f.txt' /priv2/f /priv2/index /priv2/ /priv2 \
    /priv2/p.php /priv2/p.php/x /priv2/f.txt/x /priv2/.hidden \
    /priv2/.htaccess /priv2/out.txt /priv2/docs/ /priv2/docs \
    /cgi2/authz-fcgi.sh /cgi2/login-cgi/../../priv2/f.txt /crash2/f.txt; do
	for who in none bob; do
		if [ $who = bob ]; then
			req $H "$target" --path-as-is -H "$B"
		else
			req $H "$target" --path-as-is
		fi
		check "recipe 1, bypass ($who): GET $target reaches no protected byte" refused
	done
done

req $H /priv2/.hidden -H "$A2"
check "recipe 1, alice: a dotfile is refused" refused
req $H /crash2/f.txt -H "$A2"
check "recipe 1: a crashing checker lets nothing through" refused

req $H /priv2/f.txt -H "Redirect-Status: 200" -H "Remote-User: alice" \
    -H "Variable-REMOTE_USER: alice" -H "X-Original-URL: /priv2/f.txt" \
    -H "X-Rewrite-URL: /priv2/f.txt" -H "X-Forwarded-Host: $H" \
    -H "Authorization: Basic YWxpY2U6eA=="
check "recipe 1, bypass: forged Redirect-*, identity and Authorization headers" refused
req $H /cgi2/login-cgi/start?app=files2 -H "Redirect-Status: 401" \
    -H "Redirect-URL: /priv2/f.txt"
check "recipe 1, bypass: forged Redirect-* headers on login-cgi's URL: no rd" eval '
    [ "$STATUS" = 302 ] && refused &&
    eq "$(hdr Location)" "https://auth.example.test/login"'

for m in GET HEAD POST PUT DELETE PATCH OPTIONS PROPFIND MKCOL COPY MOVE \
    LOCK UNLOCK FOO; do
	for who in none bob; do
		if [ $m = HEAD ]; then mopt=-I; else mopt="-X $m"; fi
		if [ $who = bob ]; then
			req $H /priv2/f.txt $mopt -H "$B"
		else
			req $H /priv2/f.txt $mopt
		fi
		check "recipe 1, bypass ($who): $m /priv2/f.txt reaches no protected byte" refused
	done
done

# ------------------------------------------------------------ revoked

adm session revoke --user alice >/dev/null 2>&1
req $H /priv2/f.txt -H "$A2"
check "recipe 1, a revoked session: the login again" eval '
    [ "$STATUS" = 302 ] && refused &&
    eq "$(hdr Location)" "https://auth.example.test/login?rd=$(urlenc http://$H/priv2/f.txt)"'
