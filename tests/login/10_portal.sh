# Z05: the portal lists exactly the applications the user may open; its
# sessions and consents, and revoking them (only one's own).

# shows NAME...: each application NAME is linked in the portal.
shows() {
	for _n; do
		grep -q ">$_n</a>" "$T/body" || { echo "$_n is not listed"; return 1; }
	done
}

# hides NAME...: no word NAME anywhere in the page.
hides() {
	for _n; do
		if grep -qw -- "$_n" "$T/body"; then
			echo "$_n appears:"; grep -w -- "$_n" "$T/body" | head -3
			return 1
		fi
	done
}

portal_of() {
	JAR=$T/jar.$1
	jar_put "$SID" "$(session_for "$1")"
	req GET /
}

portal_of alice
check "Z05 alice sees Wiki, Grafana, Status and Files" \
    eval 'status_is 200 && shows Wiki Grafana Status Files'
check "Z05 alice does not see Admin, not even its name" hides Admin
portal_of carol
check "Z05 carol (staff, contractors) sees Wiki" eval 'status_is 200 && shows Wiki'
check "Z05 carol sees no Grafana, Status, Admin or Files, not even their names or hosts" \
    hides Grafana Status Admin Files grafana.example.com status.example.com files.example.net
portal_of bob
check "Z05 bob sees Wiki, Admin, Grafana and Status" \
    eval 'status_is 200 && shows Wiki Admin Grafana Status'
check "Z05 bob does not see Files" hides Files
portal_of mallory
check "Z05 mallory (no groups) sees Status only" \
    eval 'status_is 200 && shows Status && hides Wiki Admin Grafana Files'
adm binding add status --group staff --disabled >/dev/null
req GET /
check "Z05 a disabled binding changes nothing (mallory still sees Status)" shows Status
adm binding add wiki --user mallory >/dev/null
req GET /
check "Z05 a new binding shows at once (mallory sees Wiki)" shows Wiki Status
# An application attached to no outpost is served by no authz-fcgi:
# not listed, even for a user its bindings allow.
adm outpost detach embedded wiki >/dev/null
req GET /
check "Z05 an application attached to no outpost is not listed (Wiki detached)" \
    eval 'status_is 200 && shows Status && hides Wiki'
adm outpost add second >/dev/null
adm outpost attach second wiki >/dev/null
req GET /
check "Z05 attached to any outpost, it is listed again (Wiki on outpost second)" \
    shows Wiki Status
adm user set dave --active yes >/dev/null
JAR=$T/jar.dave
jar_put "$SID" "$(session_for dave)"
adm user set dave --active no >/dev/null
req GET /
check "Z05 a disabled user has no portal" \
    eval 'status_is 302 && loc_is "$LOGIN/login"'

# alice's sessions: one from authz-admin (jar.alice), one from a login.
JAR=$T/jar.alice2
login alice "$ALICE_PW" >/dev/null
req GET /
check "REVOKE the portal lists alice's two sessions with a browser summary" \
    eval 'status_is 200 && [ "$(grep -c "name=\"session\"" "$T/body")" = 2 ] && body_has "Another browser or program"'
check "REVOKE the portal marks the session showing it" body_has 'This session'
other=$(sql "SELECT min(id) FROM sessions WHERE user_id = (SELECT id FROM users WHERE name = 'alice');")
mine=$(sql "SELECT max(id) FROM sessions WHERE user_id = (SELECT id FROM users WHERE name = 'alice');")
tok=$(field csrf)

# Another user's session: refused, and it stays.
bobs=$(sql "SELECT id FROM sessions WHERE user_id = (SELECT id FROM users WHERE name = 'bob');")
req POST /revoke -d "session=$bobs&csrf=$tok"
check "REVOKE the portal's revoke of bob's session by alice is refused" \
    eval 'status_is "400|403|404" && eq "$(sessions_of bob)" 1'
req POST /revoke -d "session=999999&csrf=$tok"
check "REVOKE a session that does not exist: 400" status_is "400|404"
req POST /revoke -d "session=$other&consent=1&csrf=$tok"
check "REVOKE a session and a consent at once: 400, nothing revoked" \
    eval 'status_is 400 && eq "$(sessions_of alice)" 2'

# Her own other session, through the portal's form.
req GET /
submit --with "session=$other"
check "REVOKE alice revokes her other session from the portal" \
    eval 'status_is 303 && loc_is "$PORTAL" && eq "$(sessions_of alice)" 1 && eq "$(count sessions "id = $other")" 0'
JAR=$T/jar.alice
req GET /
check "REVOKE the revoked session no longer opens the portal" \
    eval 'status_is 302 && loc_is "$LOGIN/login"'
JAR=$T/jar.alice2
req GET /
check "REVOKE the session that revoked it still does" status_is 200

# Consents: listed by name, revocable, only one's own.
A3=https://grafana.example.com/
JAR=$T/jar.bob
req GET "/consent?rd=$(urlenc "$A3")"
submit --button decision=allow
check "REVOKE bob consents to Grafana while signed in" \
    eval 'status_is 303 && eq "$(count consents)" 1'
JAR=$T/jar.alice2
req GET "/consent?rd=$(urlenc "$A3")"
submit --button decision=allow
check "REVOKE alice consents to Grafana while signed in (then on through /start)" \
    eval 'status_is 303 && case "$(loc)" in https://auth.example.com/start\?rd=https%3A%2F%2F*) true ;; *) false ;; esac && eq "$(count consents)" 2'
req GET /
check "REVOKE the portal lists alice's consent by the application's name (Grafana)" \
    eval 'status_is 200 && sed -n "/consents-title/,\$p" "$T/body" | grep -q "row-title\">Grafana<" || { sed -n "/consents-title/,\$p" "$T/body" | grep row-title; false; }'
gid=$(sql "SELECT id FROM applications WHERE slug = 'grafana';")
submit --with "consent=$gid"
check "REVOKE alice revokes her consent from the portal; bob's stays" \
    eval 'status_is 303 && eq "$(count consents)" 1 && eq "$(count consents "user_id = (SELECT id FROM users WHERE name = '\''bob'\'')")" 1'
req GET /
tok=$(field csrf)
req POST /revoke -d "consent=$gid&csrf=$tok"
check "REVOKE a consent alice no longer has (bob's is for the same app): refused, bob's stays" \
    eval 'status_is "400|404" && eq "$(count consents)" 1'

# The session list shows a short summary of the browser, never the raw
# User-Agent (W01-style markup in it included), bounded in length.
JAR=$T/jar.ua
FF='Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0'
req GET /login -e "HTTP_USER_AGENT=$FF"
submit -e "HTTP_USER_AGENT=$FF" username=carol password="$CAROL_PW"
JAR=$T/jar.ua2
EDGE='Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36 Edg/120.0'
req GET /login -e "HTTP_USER_AGENT=$EDGE"
submit -e "HTTP_USER_AGENT=$EDGE" username=carol password="$CAROL_PW"
JAR=$T/jar.ua3
HOSTILE="<script>alert(1)</script> Linux $(rep A 400)"
req GET /login -e "HTTP_USER_AGENT=$HOSTILE"
submit -e "HTTP_USER_AGENT=$HOSTILE" username=carol password="$CAROL_PW"
req GET / -e "HTTP_USER_AGENT=$HOSTILE"
check "W01 the portal shows each session's browser as a short summary (Firefox on Linux, Edge on Windows)" \
    eval 'status_is 200 && body_has "Firefox on Linux" && body_has "Edge on Windows" && body_has "row-title\">Linux "'
check "W01 a hostile User-Agent is never shown raw, escaped or not" \
    eval 'body_lacks "<script>alert" && body_lacks "&lt;script&gt;alert" && body_lacks AAAAAAAAAA && body_lacks Gecko && body_lacks "Win64"'
