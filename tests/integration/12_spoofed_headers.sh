# A client's own identity headers (X06, X07) never reach the application
# and never sway the decision.

m=c12-$SERVER-spoof
req "$HOST_APP" "/$m" -H "Cookie: $COOKIE=$(token alice)" \
    -H "Remote-User: bob" -H "Remote_User: bob" \
    -H "Remote-Name: Bob" -H "Remote_Name: Bob" \
    -H "Remote-Email: bob@example.test" -H "Remote_Email: bob@example.test" \
    -H "Remote-Groups: admins" -H "Remote_Groups: admins" \
    -H "X_Forwarded_User: bob" -H "X-Forwarded-User: bob"
check "$SERVER: with spoofed identity headers alice still gets 200" \
    eq "$STATUS" 200
check "$SERVER: the application gets exactly one Remote-User, alice's" \
    eval '[ "$(up_count "remote[-_]user")" -eq 1 ] &&
	[ "$(up_hdr Remote-User)" = alice ]'
check "$SERVER: the application gets exactly one Remote-Groups, alice's" \
    eval '[ "$(up_count "remote[-_]groups")" -eq 1 ] &&
	[ "$(up_hdr Remote-Groups)" = staff ]'
check "$SERVER: the client's Remote-Name and Remote-Email are replaced" \
    eval '[ "$(up_count "remote[-_](name|email)")" -eq 2 ] &&
	[ "$(up_hdr Remote-Name)" = "Alice Example" ] &&
	[ "$(up_hdr Remote-Email)" = alice@example.test ]'
check "$SERVER: no underscore spelling of a Remote-* header reaches the application" \
    eval '[ "$(up_count "remote_(user|name|email|groups)")" -eq 0 ]'

m=c12-$SERVER-spoof-anon
req "$HOST_APP" "/$m" -H "Remote-User: alice" -H "Remote_User: alice" \
    -H "X_Forwarded_User: alice" -H "X-Forwarded-User: alice" \
    -H "X-Original-URI: /public/x" -H "X_Forwarded_Uri: /public/x"
check "$SERVER: spoofed identity or URI headers without a session still get 302" \
    eval '[ "$STATUS" = 302 ] && not_reached "$m"'
