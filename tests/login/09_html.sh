# W: what the pages show is escaped (SECURITY-CASES 2.12).  W06 (rd in the
# login form) is in 02_redirect.sh.  Values authz-admin refuses are written
# to the store directly, to test the renderer as the last line of defence.

JAR=$T/jar.alice
jar_put "$SID" "$(session_for alice)"

# W01: markup in a display name.
adm user set alice --name '<script>alert(1)</script>' >/dev/null
req GET /
check "W01 a display name <script>alert(1)</script> is escaped in the portal" \
    eval 'status_is 200 && body_has "&lt;script&gt;alert(1)&lt;/script&gt;" && body_lacks "<script>alert(1)"'
req GET "/consent?rd=$(urlenc https://grafana.example.com/)"
check "W01 ... and in the consent page's claims" \
    eval 'status_is 200 && body_has "&lt;script&gt;alert(1)&lt;/script&gt;" && body_lacks "<script>alert(1)"'
adm user set alice --email '"><svg onload=alert(1)>@example.com' >/dev/null 2>&1 ||
    sql "UPDATE users SET email = '\"><svg onload=alert(1)>@example.com' WHERE name = 'alice';"
req GET "/consent?rd=$(urlenc https://grafana.example.com/)"
check "W01 markup in an email is escaped in the consent page" \
    eval 'status_is 200 && body_lacks "<svg onload"'

# Markup in an application's name and description.
adm app set wiki --name '<b>Wiki</b>' --description '"><img src=x onerror=alert(1)>' >/dev/null
req GET /
check "W01 markup in an application's name and description is escaped" \
    eval 'status_is 200 && body_has "&lt;b&gt;Wiki&lt;/b&gt;" && body_lacks "<b>Wiki" && body_lacks "<img src=x"'

# W03: icons that are not https: or a same-origin path.
seticon() {
	adm app set "$1" --icon "$2" >/dev/null 2>&1 ||
	    sql "UPDATE applications SET icon = '$(printf '%s' "$2" | sed "s/'/''/g")' WHERE slug = '$1';"
}
seticon wiki 'javascript:alert(1)'
seticon grafana 'data:text/html,<script>alert(1)</script>'
seticon status 'x" onerror="alert(1)'
seticon files 'https://cdn.example.com/files.png'
req GET /
check "W03 an icon javascript:alert(1) is not rendered as src" \
    eval 'status_is 200 && body_lacks "javascript:"'
check "W03 an icon data:text/html,... is not rendered as src" \
    eval 'body_lacks "src=\"data:" && body_lacks "<script>alert"'
check "W03 an icon x\" onerror=\"alert(1) is not an attribute" \
    body_lacks '" onerror="'
check "W03 control: an https icon is rendered as src" \
    body_has 'src="https://cdn.example.com/files.png"'
seticon files '/icons/files.png'
req GET /
check "W03 control: a same-origin path icon is rendered as src" \
    body_has 'src="/icons/files.png"'

# W04: launch URLs likewise.
setlaunch() {
	adm app set "$1" --launch-url "$2" >/dev/null 2>&1 ||
	    sql "UPDATE applications SET launch = '$(printf '%s' "$2" | sed "s/'/''/g")' WHERE slug = '$1';"
}
setlaunch wiki 'javascript:alert(1)'
setlaunch status 'JaVaScRiPt:alert(2)'
req GET /
check "W04 a launch URL javascript: is not rendered as href" \
    eval 'status_is 200 && body_lacks "javascript:" && body_lacks "JaVaScRiPt:"'

# W09: an overlong '<' in a display name.
overlong=$(printf '\300\274script\300\276')
if adm user set alice --name "$overlong" >/dev/null 2>&1; then
	ok "W09 authz-admin accepted the overlong display name (the renderer must cope)"
else
	ok "W09 authz-admin refuses a display name that is not UTF-8"
fi
sql "UPDATE users SET display = CAST(X'C0BC736372697074C0BE' AS TEXT) WHERE name = 'alice';"
req GET /
check "W09 an overlong <script> in the store is never decoded to <" \
    eval 'status_is 200 && body_lacks "<script" && body_lacks "&lt;script"'
check "W09 the page is valid UTF-8 (the bad bytes replaced or dropped)" \
    "$PY" -S -c 'import sys; open(sys.argv[1], "rb").read().decode("utf-8")' "$T/body"
