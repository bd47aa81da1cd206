# authz-fcgi stopped: the client gets a server error, never the application.
# Runs last for each server.

stop_pid "$AUTHZ_PID"
m=c99-$SERVER-down
req "$HOST_APP" "/$m" -H "Cookie: $COOKIE=$(token alice)"
check "$SERVER: with authz-fcgi stopped a signed-in request gets a 5xx" is_5xx
check "$SERVER: with authz-fcgi stopped the application is never reached" \
    not_reached "$m"
m=c99-$SERVER-down-public
req "$HOST_APP" "/public/$m"
check "$SERVER: with authz-fcgi stopped even an unauthenticated path gets a 5xx" \
    eval 'is_5xx && not_reached "$m"'
