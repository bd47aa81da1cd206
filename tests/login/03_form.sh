# F: the login form as CGI input (SECURITY-CASES 2.5).

# fresh: a new browser on the login page; TOK is its form's CSRF token.
fresh() {
	JAR=$T/jar.$1
	rm -f "$JAR"
	req GET /login
	TOK=$(field csrf) || TOK=
}

# post BODY [options]: POST /login with BODY as it is; when the answer is
# the form again, TOK is its new token (its cookie was renewed).
post() {
	_b=$1
	shift
	req POST /login -d "$_b" "$@"
	if setcookie "$CSRFC" >/dev/null; then
		TOK=$(field csrf) || TOK=
	fi
}

# No session and no pre-login state in the store.
no_state() {
	eq "$(count sessions)" 0 && eq "$(count flows)" 0
}

pwenc=$(urlenc "$ALICE_PW")

# F01: 10 MiB announced and sent; at most the limit is read.
head -c 10485760 /dev/zero | tr '\0' a >"$T/big"
fresh f01
t0=$(date +%s)
req POST /login --stdin-file "$T/big" -e CONTENT_LENGTH=10485760
t1=$(date +%s)
check "F01 a 10 MiB body is answered 413" status_is 413
check "F01 at most 8 KiB of it was read" \
    eval '[ "$(cat "$T/consumed")" -le 8192 ] || { echo "consumed $(cat "$T/consumed") bytes"; false; }'
check "F01 the answer comes at once (under 3 s)" [ $((t1 - t0)) -lt 3 ]
check "F01 no session or flow" no_state
req POST /login --stdin-file "$T/big" -e CONTENT_LENGTH=8193
check "F01 one byte over 8 KiB is 413 too" \
    eval 'status_is 413 && [ "$(cat "$T/consumed")" -le 8192 ]'
req POST /login -e CONTENT_LENGTH=99999999999999999999 -d x
check "F01 a CONTENT_LENGTH past any bound is refused (400 or 413)" status_is "400|413"
req POST /login -e CONTENT_LENGTH=-1 -d x
check "F01 a negative CONTENT_LENGTH is refused with 400" status_is 400
req POST /login -e CONTENT_LENGTH=100 -d "csrf=$TOK&username=alice"
check "F01 a body shorter than CONTENT_LENGTH is refused with 400" status_is 400

# F03: missing fields: the generic failure; nothing created.
ADDR=192.0.2.3
fresh f03
post "csrf=$TOK&username=alice"
check "F03 username without password: the generic failure" generic_failure
post "csrf=$TOK&password=x"
check "F03 password without username: the generic failure" generic_failure
post "csrf=$TOK"
check "F03 neither username nor password: the generic failure" generic_failure
post "csrf=$TOK&username=alice&password="
check "F03 an empty password: the generic failure" generic_failure
post ""
check "F03 an empty body (no CSRF token either): refused with 403" \
    eval 'status_is 403 && no_session'
check "F03 no session or pre-login state was created" no_state
JAR=$T/jar.f03t
req POST /totp -d ""
check "F03 POST /totp with an empty body and no login under way: 403" \
    eval 'status_is 403 && no_session'
req POST /totp -d "code=123456"
check "F03 POST /totp with a code and no login under way: 403" \
    eval 'status_is 403 && no_session'
check "F03 still no session or pre-login state" no_state

# F04: a repeated field.
ADDR=192.0.2.4
fresh f04
post "csrf=$TOK&username=alice&username=bob&password=$(urlenc "$BOB_PW")"
check "F04 username twice: 400, no session" eval 'status_is 400 && no_session'
post "csrf=$TOK&username=bob&username=alice&password=$pwenc"
check "F04 username twice (either order): 400, no session" \
    eval 'status_is 400 && no_session'
post "csrf=$TOK&username=alice&password=a&password=$pwenc"
check "F04 password twice: 400, no session" eval 'status_is 400 && no_session'
post "csrf=$TOK&csrf=$TOK&username=alice&password=$pwenc"
check "F04 csrf twice: 400, no session" eval 'status_is 400 && no_session'
check "F04 nobody signed in" eq "$(count sessions)" 0

# F06: NUL.
ADDR=192.0.2.6
fresh f06
post "csrf=$TOK&username=alice%00admin&password=$pwenc"
check "F06 a NUL in the username: refused (400 or the generic failure)" \
    eval 'status_is "200|400" && no_session && { [ "$STATUS" = 400 ] || generic_failure; }'
post "csrf=$TOK&username=alice&password=$pwenc%00junk"
check "F06 a NUL after the right password: refused, no truncated match" \
    eval 'status_is "200|400" && no_session && { [ "$STATUS" = 400 ] || generic_failure; }'
printf 'csrf=%s&username=alice\000x&password=%s' "$TOK" "$pwenc" >"$T/nul"
req POST /login --body-file "$T/nul"
check "F06 a raw NUL byte in the body: refused, no session" \
    eval 'status_is "200|400" && no_session'
check "F06 nobody signed in" eq "$(count sessions)" 0

# F07: invalid UTF-8 in the username.
ADDR=192.0.2.7
fresh f07
post "csrf=$TOK&username=%C0%80alice&password=$pwenc"
check "F07 %C0%80alice: the generic failure" generic_failure
post "csrf=$TOK&username=%FFalice&password=$pwenc"
check "F07 %FFalice: the generic failure" generic_failure
post "csrf=$TOK&username=alice%C0%80&password=$pwenc"
check "F07 alice%C0%80: the generic failure" generic_failure

# F09: other content types.
ADDR=192.0.2.9
for ct in text/plain multipart/form-data application/json \
    "application/x-www-form-urlencodedx" ""; do
	fresh f09
	req POST /login -d "csrf=$TOK&username=alice&password=$pwenc" \
	    -e "CONTENT_TYPE=$ct"
	check "F09 Content-Type '$ct': 415 (or 400), no login" \
	    eval 'status_is "415|400" && no_session'
done
fresh f09
req POST /login -d "csrf=$TOK&username=alice&password=$pwenc" -u CONTENT_TYPE
check "F09 no Content-Type at all: 415 (or 400), no login" \
    eval 'status_is "415|400" && no_session'
fresh f09
req POST /login -d "csrf=$TOK&username=alice&password=$pwenc" \
    -e "CONTENT_TYPE=application/x-www-form-urlencoded; charset=UTF-8"
check "F09 the form type with a charset parameter is accepted" signed_in

# F10: the canonical username is ASCII lowercase; nothing else is folded.
ADDR=192.0.2.10
fresh f10
post "csrf=$TOK&username=ALICE&password=$pwenc"
check "F10 ALICE signs in (ASCII case is folded)" signed_in
sid=$(setcookie "$SID")
JAR=$T/jar.f10s
jar_put "$SID" "$sid"
req GET /
check "F10 the session made for ALICE is alice's" \
    eval 'status_is 200 && body_has "Signed in as <strong>alice</strong>"'
for u in ' alice' 'alice ' "$(printf '\357\275\201\357\275\214\357\275\211\357\275\203\357\275\205')" 'alice.' 'AL1CE'; do
	fresh f10
	post "csrf=$TOK&username=$(urlenc "$u")&password=$pwenc"
	check "F10 username '$u': the generic failure (no trimming, no Unicode folding)" generic_failure
done
adm set regulation.max_retries 3 >/dev/null
i=0
for u in ALICE Alice aLiCe; do
	i=$((i + 1))
	fresh f10l
	ADDR=198.51.100.$i
	req POST /login -d "csrf=$TOK&username=$u&password=wrong"
done
check "F10 failures under ALICE, Alice, aLiCe count against alice" \
    eval '[ "$(count bans "kind = 0 AND key = '\''alice'\''")" = 1 ] || { sqlite3 "$DB" "SELECT * FROM failures; SELECT * FROM bans;"; false; }'
ADDR=198.51.100.99
fresh f10l
req POST /login -d "csrf=$TOK&username=alice&password=$pwenc"
check "F10 so alice herself is locked out" generic_failure
adm ban lift alice >/dev/null
adm set regulation.max_retries 5 >/dev/null

# F11: long passwords.
ADDR=192.0.2.11
p64=$(rep x 64) p128=$(rep y 128) p1024=$(rep z 1024)
printf '%s\n' "$p64" | adm user add long64 --password-stdin >/dev/null
printf '%s\n' "$p128" | adm user add long128 --password-stdin >/dev/null
printf '%s\n' "$p1024" | adm user add long1024 --password-stdin >/dev/null
fresh f11
post "csrf=$TOK&username=long64&password=$p64"
check "F11 a 64-character password verifies" signed_in
fresh f11
post "csrf=$TOK&username=long128&password=$p128"
check "F11 a 128-character password verifies" signed_in
fresh f11
post "csrf=$TOK&username=long1024&password=$p1024"
check "F11 a 1024-byte password (the limit) verifies" signed_in
fresh f11
nfail=$(count failures)
post "csrf=$TOK&username=alice&password=$(rep w 5000)"
check "F11 a 5000-byte password is refused with 400" \
    eval 'status_is 400 && no_session'
check "F11 ... before any hashing: no failure counted" eq "$(count failures)" "$nfail"
fresh f11
post "csrf=$TOK&username=long1024&password=${p1024}z"
check "F11 a 1025-byte password (past the limit) does not sign in" \
    eval 'status_is "200|400" && no_session'
