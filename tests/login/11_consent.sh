# Consent during a login: A3 (Grafana) is an explicit-flow provider with
# permanent consent.  The steps run in order and cannot be skipped; the
# session is made only at the end; Cancel records nothing.

A3='https://grafana.example.com/d/1?orgId=2'
a3consents() {
	count consents "app_id = (SELECT id FROM applications WHERE slug = 'grafana') AND user_id = (SELECT id FROM users WHERE name = '$1')"
}

# Cancel first.
JAR=$T/jar.c1
login alice "$ALICE_PW" "$A3"
check "CONSENT after the password with rd to A3, to /consent, no session yet" \
    eval 'status_is 303 && loc_is "$LOGIN/consent" && no_session && eq "$(sessions_of alice)" 0'
req GET /consent
check "CONSENT the page is shown (200) and names the application" \
    eval 'page_ok 200 && body_has Grafana && body_has "Dashboards and graphs"'
check "CONSENT the page names the claims: username, name and email" \
    eval 'body_has ">alice<" && body_has "Alice Liddell" && body_has "alice@example.com"'
check "CONSENT the page says how long the consent lasts" \
    body_has "until you revoke it"
check "CONSENT the form carries the flow's token, not the app to choose" \
    eval 'field csrf >/dev/null && eq "$(field rd)" "$A3"'
submit --button decision=deny
check "CONSENT Cancel goes to the portal" \
    eval 'status_is 303 && loc_is "$PORTAL"'
check "CONSENT Cancel records no consent and makes no session" \
    eval 'eq "$(a3consents alice)" 0 && eq "$(sessions_of alice)" 0 && no_session'
check "CONSENT Cancel ends the login (its flow row is gone)" eq "$(count flows)" 0
req GET /consent
check "CONSENT after Cancel the consent page is not shown again" \
    eval 'status_is 302 && loc_starts "$LOGIN/login"'

# Allow.
JAR=$T/jar.c2
login alice "$ALICE_PW" "$A3"
req GET /consent
submit --button decision=allow
check "CONSENT Allow goes back to rd and signs in" \
    eval 'signed_in && loc_is "$A3"'
check "CONSENT the consent row exists (permanent)" \
    eval 'eq "$(a3consents alice)" 1 && eq "$(sql "SELECT expires FROM consents;")" 0'
check "CONSENT one session, made at the end" eq "$(sessions_of alice)" 1
check "CONSENT the event is recorded" \
    eq "$(count events "kind = 'consent' AND subject = 'alice'")" 1

# Remembered.
JAR=$T/jar.c3
login alice "$ALICE_PW" "$A3"
check "CONSENT the next login goes straight to rd (consent remembered)" \
    eval 'signed_in && loc_is "$A3"'

# bob: password, then TOTP, then consent; no step skipped.
JAR=$T/jar.c4
login bob "$BOB_PW" "$A3"
check "CONSENT bob's password leads to /totp first" \
    eval 'status_is 303 && loc_is "$LOGIN/totp" && no_session'
req GET /consent
check "CONSENT the consent page cannot be reached before the second factor" \
    eval 'status_is 302 && loc_starts "$LOGIN/login"'
req POST /consent -d "decision=allow&answer=allow&app=grafana&rd=$(urlenc "$A3")"
check "CONSENT POST /consent before the second factor: 403, no consent" \
    eval 'status_is 403 && eq "$(a3consents bob)" 0 && no_session'
req GET /totp
submit code="$(totp "$BOB_SECRET")"
check "CONSENT after bob's code, /consent (still no session)" \
    eval 'status_is 303 && loc_is "$LOGIN/consent" && no_session && eq "$(sessions_of bob)" 0'
req GET /totp
check "CONSENT the second-factor step cannot be taken again" \
    eval 'status_is 302 && loc_starts "$LOGIN/login"'
req GET /consent
check "CONSENT bob's consent page names bob's claims" \
    eval 'status_is 200 && body_has "Bob Builder" && body_lacks "Alice"'
submit --button decision=allow
check "CONSENT bob allows and lands on rd, signed in" \
    eval 'signed_in && loc_is "$A3" && eq "$(a3consents bob)" 1'

# A consent "for this sign-in only" is asked again next time.
adm provider set grafana --consent always >/dev/null
sql "DELETE FROM consents;"
JAR=$T/jar.c5
login alice "$ALICE_PW" "$A3"
req GET /consent
check "CONSENT with consent always, the page says it will ask again" \
    eval 'status_is 200 && body_lacks "until you revoke it"'
submit --button decision=allow
check "CONSENT with consent always, Allow goes to rd" \
    eval 'signed_in && loc_is "$A3"'
