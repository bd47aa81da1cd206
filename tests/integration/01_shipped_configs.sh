# contrib/: the shipped examples are the snippets' own output, and have the
# shape SECURITY-CASES N01 and N03 ask for.  Runs once.

edb=$T/example.db
eadm() { "$ADMIN" --db "$edb" "$@"; }
eadm init >/dev/null 2>&1
eadm set login.url https://auth.example.com >/dev/null 2>&1
eadm set cookie.domain example.com >/dev/null 2>&1
eadm protect https://wiki.example.com --internal http://127.0.0.1:8081 \
    --name Wiki >/dev/null 2>&1
C=$top_srcdir/contrib
eadm check >/dev/null 2>&1
check "the example store of contrib/README.md passes authz-admin check" eq "$?" 0

eadm snippet nginx wiki >"$T/ex.nginx" 2>/dev/null
check "contrib/nginx/postern.conf is what snippet nginx wiki prints" \
    cmp -s "$T/ex.nginx" "$C/nginx/postern.conf"
eadm snippet lighttpd wiki >"$T/ex.lighttpd" 2>/dev/null
check "contrib/lighttpd/postern.conf is what snippet lighttpd wiki prints" \
    cmp -s "$T/ex.lighttpd" "$C/lighttpd/postern.conf"
eadm snippet apache wiki --authz 127.0.0.1:9797 >"$T/ex.apache" 2>/dev/null
check "contrib/apache/postern.conf is what snippet apache wiki --authz 127.0.0.1:9797 prints" \
    cmp -s "$T/ex.apache" "$C/apache/postern.conf"

n=$C/nginx/postern.conf
check "N01: the auth location is internal" \
    grep -Eq '^ +internal;$' "$n"
check "N01: the request body is not passed to authz-fcgi" \
    grep -Eq '^ +fastcgi_pass_request_body off;$' "$n"
check "N01: CONTENT_LENGTH is emptied" \
    grep -Eq '^ +fastcgi_param CONTENT_LENGTH "";$' "$n"
check "N01: host and URI go in dedicated fastcgi_params" \
    eval 'grep -Eq "^ +fastcgi_param HTTP_HOST \\\$host;$" "$n" &&
	grep -Eq "^ +fastcgi_param REQUEST_URI \\\$request_uri;$" "$n"'
check "N01/X07: underscores_in_headers is never turned on" \
    eval '! grep -q "underscores_in_headers on" "$C"/nginx/*.conf'
check "N01: 401 goes to a 302 built from auth_request_set" \
    eval 'grep -q "auth_request_set \$postern_location \$upstream_http_location;" "$n" &&
	grep -q "error_page 401 = @postern_login;" "$n" &&
	grep -q "return 302 \$postern_location;" "$n"'
check "nginx: every identity header is set towards the application" \
    eval 'for h in User Name Email Groups; do
	grep -q "proxy_set_header Remote-$h \$postern_" "$n" || exit 1; done'
l=$C/lighttpd/postern.conf
check "N03: lighttpd runs authz-fcgi in \"mode\" => \"authorizer\"" \
    grep -q '"mode" => "authorizer"' "$l"
check "lighttpd: mod_fastcgi is loaded before mod_proxy" \
    grep -q '"mod_fastcgi", "mod_magnet", "mod_proxy"' "$l"
a=$C/apache/postern.conf
check "N03: Apache defines an authnz provider and requires it" \
    eval 'grep -q "^AuthnzFcgiDefineProvider authnz postern fcgi://" "$a" &&
	grep -Eq "^ +Require postern$" "$a"'
check "N03: the Apache example warns that REMOTE_PASSWD must never be logged" \
    eval 'grep -q "REMOTE_PASSWD" "$a" && grep -q "Never" "$a"'
check "N03: the Apache example warns that internal subrequests are not checked again" \
    grep -q "Internal subrequests are not checked again" "$a"
check "the lighttpd script removes the underscore spellings too" \
    grep -q 'req_header\["Remote_" .. name\] = nil' "$C/lighttpd/postern-identity.lua"
