# A valid session: 200, and the application sees the identity.

m=c11-$SERVER-allow
req "$HOST_APP" "/$m/x?y=1" -H "Cookie: $COOKIE=$(token alice)"
check "$SERVER: a valid session gets 200 from the application" \
    eval '[ "$STATUS" = 200 ] && reached "$m"'
check "$SERVER: the application sees the path and query unchanged" \
    eq "$(up_path)" "/$m/x?y=1"
check "$SERVER: the application sees Remote-User: alice" \
    eq "$(up_hdr Remote-User)" alice
check "$SERVER: the application sees Remote-Name: Alice Example" \
    eq "$(up_hdr Remote-Name)" "Alice Example"
check "$SERVER: the application sees Remote-Email: alice@example.test" \
    eq "$(up_hdr Remote-Email)" alice@example.test
check "$SERVER: the application sees Remote-Groups: staff" \
    eq "$(up_hdr Remote-Groups)" staff
check "$SERVER: the application sees the original Host" \
    eq "$(up_hdr Host)" "$HOST_APP"
