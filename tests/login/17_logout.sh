# Logout, continued: the "signed out" line on the login page afterwards
# (a flag in the URL, nothing else), "sign out everywhere" (single-mode
# hosts keep a session row of their own, which only that ends), and
# session.remember ("keep me signed in").

cookie_line() { grep -i "^set-cookie: *$1=" "$T/head" | tail -1; }
has_max_age_0() { printf '%s' "$1" | grep -qi 'Max-Age=0'; }

# The signed-out line.
JAR=$T/jar.out
login alice "$ALICE_PW"
tok=$(setcookie "$SID")
req GET /logout
submit
check "S07 POST /logout goes to the login page with the signed_out flag only" \
    eval 'status_is 303 && loc_is "$LOGIN/login?signed_out=1"'
check "S13 the logout's Location holds no token" loc_lacks "$tok"
req GET "/login?signed_out=1"
check "LOGOUT the login page then says: You have signed out." \
    eval 'page_ok 200 && body_has "<p class=\"notice\" role=\"status\">You have signed out.</p>"'
for q in "" "?signed_out=0" "?signed_out=%3Cb%3E" "?signed_out=1&signed_out=1"; do
	req GET "/login$q"
	check "LOGOUT /login$q shows no signed-out line" \
	    eval 'status_is 200 && body_lacks "You have signed out"'
done
JAR=$T/jar.out2
login alice "$ALICE_PW"
req GET "/logout?rd=$(urlenc https://app.example.com/wiki)"
submit
check "R01 a logout with a valid rd goes there, without the flag" \
    eval 'status_is 303 && loc_is https://app.example.com/wiki'

# Sign out everywhere: alice has this browser's session, one on another
# device and one a single-mode host made from a callback code (the same
# row authz-fcgi makes: a session of hers, not marked as a code).
JAR=$T/jar.all
login alice "$ALICE_PW"
session_for alice >/dev/null
session_for alice >/dev/null
session_for bob >/dev/null
check "LOGOUT alice has three sessions, bob one" \
    eval 'eq "$(sessions_of alice)" 3 && eq "$(sessions_of bob)" 1'
req GET /logout
check "LOGOUT the confirm page offers Sign out and Sign out everywhere" \
    eval 'page_ok 200 && body_has ">Sign out</button>" && body_has "name=\"scope\" value=\"all\">Sign out everywhere</button>"'
submit
check "LOGOUT Sign out ends this browser's session only" \
    eval 'status_is 303 && eq "$(sessions_of alice)" 2 && eq "$(sessions_of bob)" 1'
login alice "$ALICE_PW"
req GET /logout
submit --button scope=all
check "LOGOUT Sign out everywhere ends every session of alice's, bob's stays" \
    eval 'status_is 303 && loc_is "$LOGIN/login?signed_out=1" && eq "$(sessions_of alice)" 0 && eq "$(sessions_of bob)" 1'
check "LOGOUT Sign out everywhere expires the cookie too" \
    eval 'has_max_age_0 "$(cookie_line "$SID")"'
check "LOGOUT Sign out everywhere is one event naming the count" \
    eval 'eq "$(sql "SELECT count(*) FROM events WHERE kind = '\''logout'\'' AND detail LIKE '\''%every other (3)%'\'';")" 1'
JAR=$T/jar.all2
login alice "$ALICE_PW"
req GET /logout
tokf=$(field csrf)
JAR=$T/jar.bob
jar_put "$SID" "$(session_for bob)"
req POST /logout -d "csrf=$tokf&scope=all"
check "CS03 bob's browser with alice's token: refused, alice's session stays" \
    eval 'status_is 403 && eq "$(sessions_of alice)" 1'
JAR=$T/jar.all2
req POST /logout -d "csrf=$tokf&scope=all&scope=all"
check "F04 a repeated scope is refused, nothing ended" \
    eval 'status_is 400 && eq "$(sessions_of alice)" 1'

# session.remember.
lasts() {	# lasts TOKEN SECONDS IDLE: the session row's lifetime and idle.
	eq "$(sql "SELECT (expires - created) || ' ' || idle FROM sessions WHERE hex(hash) = '$(token_hash "$1")';")" "$2 $3"
}
JAR=$T/jar.rem0
req GET /login
check "REMEMBER session.remember 0: no keep-me-signed-in box" body_lacks 'name="remember"'
submit username=alice password="$ALICE_PW" remember=1
t=$(setcookie "$SID")
check "REMEMBER remember=1 while it is off: a browser-session cookie of session.lifetime" \
    eval 'signed_in && ! cookie_line "$SID" | grep -qi max-age && lasts "$t" 43200 1800'

adm set session.remember 30d >/dev/null
JAR=$T/jar.rem1
req GET /login
check "REMEMBER session.remember 30d: the box, labelled, unticked" \
    eval 'body_has "<input id=\"remember\" name=\"remember\" type=\"checkbox\" value=\"1\">" && body_has "<label for=\"remember\">Keep me signed in for 30 days</label>"'
submit username=alice password="$ALICE_PW"
t=$(setcookie "$SID")
check "REMEMBER unticked: a cookie until the browser closes, session.lifetime and idle" \
    eval 'signed_in && ! cookie_line "$SID" | grep -qi max-age && lasts "$t" 43200 1800'
JAR=$T/jar.rem2
req GET /login
submit username=alice password="$ALICE_PW" remember=1
t=$(setcookie "$SID")
check "REMEMBER ticked: a cookie kept for 30 days (Max-Age=2592000), on the cookie domain" \
    eval 'signed_in && cookie_line "$SID" | grep -qi "Max-Age=2592000" && cookie_line "$SID" | grep -qi "Domain=example.com"'
check "REMEMBER ticked: the session lasts 30 days with no idle limit" lasts "$t" 2592000 0
JAR=$T/jar.rem3
fresh_step 3
req GET /login
submit username=bob password="$BOB_PW" remember=1
check "REMEMBER ticked, with TOTP: on to /totp, no session yet" \
    eval 'status_is 303 && loc_is "$LOGIN/totp" && no_session'
req GET /totp
submit code="$(totp "$BOB_SECRET")"
t=$(setcookie "$SID")
check "REMEMBER the choice survives the second factor (Max-Age=2592000)" \
    eval 'signed_in && cookie_line "$SID" | grep -qi "Max-Age=2592000" && lasts "$t" 2592000 0'
check "REMEMBER the session's factors are password and totp only (no flow bit)" \
    eq "$(sql "SELECT factors FROM sessions WHERE hex(hash) = '$(token_hash "$t")';")" 3
JAR=$T/jar.rem4
req GET /login
submit username=alice password="$ALICE_PW" remember=yes
t=$(setcookie "$SID")
check "REMEMBER any value but 1 is unticked" \
    eval 'signed_in && lasts "$t" 43200 1800'
req GET /login
tokl=$(field csrf)
req POST /login -d "csrf=$tokl&username=alice&password=$(urlenc "$ALICE_PW")&remember=1&remember=1"
check "F04 a repeated remember field is refused" \
    eval 'status_is 400 && no_session'
