# An unauthenticated path of the provider: allowed without a session, with
# the identity headers empty, so a client's own never pass.

m=c17-$SERVER-public
req "$HOST_APP" "/public/$m" -H "Remote-User: mallory" -H "Remote_User: mallory" \
    -H "Remote-Groups: admins"
check "$SERVER: an unauthenticated path is open without a session" \
    eval '[ "$STATUS" = 200 ] && reached "$m"'
check "$SERVER: on it the application gets no client-sent identity" \
    eval '[ -z "$(up_hdr Remote-User)" ] && [ -z "$(up_hdr Remote-Groups)" ] &&
	[ "$(up_count "remote_(user|groups)")" -eq 0 ]'
