# Disabling a user or revoking a session ends it on the next request.

m=c14-$SERVER-dave-before
req "$HOST_APP" "/$m" -H "Cookie: $COOKIE=$(token "dave-$SERVER")"
check "$SERVER: dave-$SERVER's session works before he is disabled" \
    eval '[ "$STATUS" = 200 ] && reached "$m"'
adm user set "dave-$SERVER" --active no >/dev/null 2>&1
m=c14-$SERVER-dave-after
req "$HOST_APP" "/$m" -H "Cookie: $COOKIE=$(token "dave-$SERVER")"
check "$SERVER: once disabled, dave-$SERVER is sent to sign in on the next request" \
    eval '[ "$STATUS" = 302 ] && not_reached "$m"'

m=c14-$SERVER-erin-before
req "$HOST_APP" "/$m" -H "Cookie: $COOKIE=$(token "erin-$SERVER")"
check "$SERVER: erin-$SERVER's session works before it is revoked" \
    eval '[ "$STATUS" = 200 ] && reached "$m"'
adm session revoke --user "erin-$SERVER" >/dev/null 2>&1
m=c14-$SERVER-erin-after
req "$HOST_APP" "/$m" -H "Cookie: $COOKIE=$(token "erin-$SERVER")"
check "$SERVER: a revoked session is refused on the next request" \
    eval '[ "$STATUS" = 302 ] && not_reached "$m"'
