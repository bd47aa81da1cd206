# Single mode: Files (files.example.net, a foreign domain) is signed in
# through /.postern/callback on its own host, with a one-time code.

RD='https://files.example.net/docs/report?year=2024&q=a%20b'
CB=https://files.example.net/.postern/callback
CODE=

# callback_ok: the last Location is the application's callback with a
# 43-character code and the whole rd percent-encoded; CODE is the code.
callback_ok() {
	_l=$(loc)
	case $_l in
	"$CB?code="*) ;;
	*) echo "Location [$_l] is not the callback"; return 1 ;;
	esac
	CODE=$(printf '%s' "$_l" | sed -n 's/^[^?]*?code=\([^&]*\)&.*/\1/p')
	printf '%s' "$CODE" | grep -Eq '^[A-Za-z0-9_-]{43}$' ||
	    { echo "code [$CODE] is not a token"; return 1; }
	eq "${_l#*&rd=}" "$(urlenc "$RD")"
}

# code_session CODE: the code is a session of alice that lives 60 s.
code_session() {
	eq "$(sql "SELECT u.name || ' ' || (s.expires - s.created) FROM sessions s JOIN users u ON u.id = s.user_id WHERE hex(s.hash) = '$(token_hash "$1")';")" "alice 60"
}

JAR=$T/jar.s1
login alice "$ALICE_PW" "$RD"
check "SINGLE the login ends with a Location to the app's /.postern/callback?code=...&rd=..." \
    eval 'status_is 303 && callback_ok'
check "SINGLE the login also sets the session cookie of the login domain" sets_cookie "$SID"
check "SINGLE the code is a one-minute session of alice's" code_session "$CODE"
check "SINGLE the code is not the session cookie's token" \
    eval '[ "$CODE" != "$(setcookie "$SID")" ]'
code1=$CODE

# Signed in already: /start (where authz-fcgi sends a browser without a
# cookie on the application's host) must hand out a new code, not send the
# browser straight back to rd (which would loop).
req GET "/start?rd=$(urlenc "$RD")"
check "SINGLE signed in, /start?rd=<Files> redirects through the callback with a new code" \
    eval 'status_is 302 && callback_ok && [ "$CODE" != "$code1" ] && code_session "$CODE"'
req GET "/login?rd=$(urlenc "$RD")"
check "SINGLE signed in, /login?rd=<Files> hands over to /start" \
    eval 'status_is 302 && case "$(loc)" in https://auth.example.com/start\?rd=*) true ;; *) false ;; esac'
req GET "/start?rd=$(urlenc "$RD")"
check "SINGLE signed in, and /start then goes through the callback too" \
    eval 'status_is 302 && callback_ok'

# A single-mode application behind TOTP: the callback comes after the code.
adm binding add files --user bob >/dev/null
JAR=$T/jar.s2
login bob "$BOB_PW" "$RD"
check "SINGLE bob goes through /totp first" \
    eval 'status_is 303 && loc_is "$LOGIN/totp"'
req GET /totp
submit code="$(totp "$BOB_SECRET")"
check "SINGLE after the code, the callback Location" \
    eval 'status_is 303 && loc_starts "$CB?code="'

check "S13 no code or token of the single-mode flow in stderr or a page" \
    "$PY" -S "$CGIPY" -o "$T" secrets "$code1"
