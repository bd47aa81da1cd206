# T: the second factor (SECURITY-CASES 2.8).  login-cgi reads the clock
# with time(NULL), so codes are computed with oathtool for the real time
# (and for a step earlier, or a fixed past time, where a case needs one).
# bob and erin are enrolled by the fixture; failures are counted, so the
# retry limit is raised here, except where the lock-out itself is tested.

adm set regulation.max_retries 100 >/dev/null

# to_totp USER PASSWORD: a fresh browser through the password step to the
# code form.
to_totp() {
	JAR=$T/jar.$1.$(date +%s%N)
	login "$1" "$2"
	if [ "$STATUS" != 303 ] || [ "$(loc)" != "$LOGIN/totp" ]; then
		echo "# $1's password step did not lead to /totp ($STATUS $(loc))"
		return 1
	fi
	req GET /totp
}

fails_of() { count events "kind = 'totp.fail' AND subject = '$1'"; }

# The code was refused: the form again with its error, no session.
code_refused() {
	status_is 200 && body_has 'That code is not right' && no_session
}

# fullwidth CODE: the code in FULLWIDTH DIGITs (U+FF10...).
fullwidth() {
	printf '%s' "$1" | sed 's/./& /g' | awk '{ for (i = 1; i <= NF; i++)
	    printf "\357\274%c", 144 + $i }'
}

# T01: a code works once.
fresh_step 8
to_totp bob "$BOB_PW"
check "T01 after bob's password: the code form, and no session yet" \
    eval 'status_is 200 && body_has "name=\"code\"" && eq "$(sessions_of bob)" 0'
code=$(totp "$BOB_SECRET")
submit code="$code"
check "T01 bob's current code signs him in" \
    eval 'signed_in && loc_is "$PORTAL"'
check "T01 the flow cookie is expired at the end of the login" \
    eval 'setcookie "$FLOWC" >/dev/null && [ -z "$(setcookie "$FLOWC")" ]'
check "T01 the login's flow row is gone" \
    eq "$(count flows "user_id = (SELECT id FROM users WHERE name = 'bob')")" 0
n=$(fails_of bob)
to_totp bob "$BOB_PW"
submit code="$code"
check "T01 the same code again, in a new login in the same step: refused" code_refused
check "T01 the replay is logged as a failure" \
    eq "$(fails_of bob)" $((n + 1))

# T03: an earlier step's code, still inside the window.
prev=$(totp "$BOB_SECRET" $(($(date +%s) - 30)))
submit code="$prev"
check "T03 the previous step's code after the current one was used: refused" code_refused
check "T03 bob has the one session of T01" eq "$(sessions_of bob)" 1

# T08: no pre-login state, or another user's.
JAR=$T/jar.t08
req POST /totp -d "code=$(totp "$BOB_SECRET")"
check "T08 POST /totp with a code and no login under way: 403, no session" \
    eval 'status_is 403 && no_session'
jar_put "$SID" "$(session_for alice)"
req POST /totp -d "code=$(totp "$BOB_SECRET")"
check "T08 POST /totp with a session but no login under way: 403" \
    eval 'status_is 403 && no_session'

# T05, T06, T08 (other user), T13 on erin's login; her genuine code last,
# which proves the refusals before it were not replays.
to_totp erin "$ERIN_PW"
ec=$(totp "$ERIN_SECRET")
n=$(fails_of erin)
submit code="4$ec"
check "T05 a digit prefixed to erin's current code (7 digits): refused" code_refused
submit code="94$ec"
check "T05 two digits prefixed (8 digits): refused" code_refused
i=0
for bad in "" "$(printf '%s' "$ec" | cut -c1-5)" "$ec " " $ec" \
    "$(fullwidth "$ec")" "$(printf '%s' "$ec" | cut -c1-5)a" "' OR 1=1--" \
    "+$ec" "-$ec" "0x$ec"; do
	i=$((i + 1))
	submit code="$bad"
	check "T06 code '$bad': refused" code_refused
done
check "T06 each malformed code counted as a failure" \
    eq "$(fails_of erin)" $((n + 2 + i))
submit code="$(totp "$BOB_SECRET")" user=bob username=bob
check "T08 erin's login with user=bob and bob's code: refused" code_refused
check "T08 no session for bob or erin" \
    eval 'eq "$(sessions_of bob)" 1 && eq "$(sessions_of erin)" 0'
submit code="$(totp "$ERIN_SECRET" 59)" time=59 now=59
check "T13 fields time=59 and now=59 with the code of T=59: refused" code_refused
past=$(($(date +%s) - 600))
submit code="$(totp "$ERIN_SECRET" "$past")" \
    -e "HTTP_DATE=$(date -u -d "@$past" '+%a, %d %b %Y %H:%M:%S GMT')"
check "T13 a Date header 10 minutes back with that time's code: refused" code_refused
submit code="$(totp "$ERIN_SECRET")"
check "T05 erin's genuine code is still accepted after all that" signed_in

# A login step after its flow expired is refused.
to_totp erin "$ERIN_PW"
sql "UPDATE flows SET expires = created - 1;"
submit code="$(totp "$ERIN_SECRET")"
check "T08 an expired login (flow past its lifetime) cannot take the code step" \
    eval 'status_is 403 && no_session && eq "$(sessions_of erin)" 1'

# T09: the flow cookie is not a session.
to_totp bob "$BOB_PW"
flow=$(jar_get "$FLOWC")
req GET /
check "T09 the portal with only the flow cookie redirects to /login" \
    eval 'status_is 302 && loc_is "$LOGIN/login"'
req GET "/start?rd=$(urlenc https://app.example.com/)"
check "T09 /start with only the flow cookie sends to /login" \
    eval 'status_is 302 && loc_starts "$LOGIN/login"'
JAR=$T/jar.t09
jar_put "$SID" "$flow"
req GET /
check "T09 the flow token as the session cookie is no session" \
    eval 'status_is 302 && loc_is "$LOGIN/login"'

# Recovery codes: each works once.
adm user recovery-codes erin >"$T/codes" 2>&1
rc1=$(grep -Eo '[0-9a-z]{5}-[0-9a-z]{5}' "$T/codes" | head -1)
check "RECOVERY codes are printed by authz-admin user recovery-codes" [ -n "$rc1" ]
to_totp erin "$ERIN_PW"
req GET /recovery
submit code="$rc1"
check "RECOVERY a code signs erin in" signed_in
to_totp erin "$ERIN_PW"
req GET /recovery
submit code="$rc1"
check "RECOVERY the same code a second time: refused" \
    eval 'status_is 200 && no_session'

# TOTP failures count towards the lock-out.
adm user totp enroll carol >"$T/carol.uri" 2>&1
CAROL_SECRET=$(sed -n 's/.*[?&]secret=\([A-Z2-7]*\).*/\1/p' "$T/carol.uri" | head -1)
adm set regulation.max_retries 3 >/dev/null
ADDR=203.0.113.77
to_totp carol "$CAROL_PW"
for i in 1 2 3; do
	submit code=000000
done
check "B01 TOTP failures count: three wrong codes ban carol" \
    eval 'adm ban list | grep -qw carol'
submit code="$(totp "$CAROL_SECRET")"
check "B01 TOTP failures lock carol out: then her right code fails too" \
    eval 'status_is 200 && no_session'
adm ban lift carol >/dev/null
adm ban lift 203.0.113.77 >/dev/null
submit code="$(totp "$CAROL_SECRET")"
check "B07 once the ban is lifted the same (unused) code signs carol in" signed_in

# S13 for this file: no code, password or token in stderr or a page.
check "S13 no TOTP code, password or token in stderr or any page" \
    "$PY" -S "$CGIPY" -o "$T" secrets "$BOB_SECRET" "$ERIN_SECRET" "$rc1"
