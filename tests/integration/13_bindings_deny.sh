# The bindings deny: 403, and the application never sees the request.

m=c13-$SERVER-deny
req "$HOST_APP" "/$m" -H "Cookie: $COOKIE=$(token bob)"
check "$SERVER: a user the bindings deny gets 403" eq "$STATUS" 403
check "$SERVER: a denied request never reaches the application" not_reached "$m"
