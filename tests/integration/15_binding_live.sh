# A binding added by authz-admin while everything runs applies on the
# next request, without a restart.

m=c15-$SERVER-before
req "$HOST_APP" "/$m" -H "Cookie: $COOKIE=$(token "frank-$SERVER")"
check "$SERVER: frank-$SERVER is denied before his binding exists" \
    eval '[ "$STATUS" = 403 ] && not_reached "$m"'
adm binding add "$SERVER" --user "frank-$SERVER" >/dev/null 2>&1
m=c15-$SERVER-after
req "$HOST_APP" "/$m" -H "Cookie: $COOKIE=$(token "frank-$SERVER")"
check "$SERVER: a binding added while running lets frank-$SERVER in on the next request" \
    eval '[ "$STATUS" = 200 ] && [ "$(up_hdr Remote-User)" = "frank-$SERVER" ]'
