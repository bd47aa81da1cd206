# Other spellings of the application's host (case, trailing dot, ports)
# never reach the application without a session (H16, H19).

i=0
for h in "$(printf %s "$HOST_APP" | tr a-z A-Z)" "$HOST_APP." \
    "$HOST_APP:80" "$HOST_APP:$PORT" "$HOST_APP.:80"; do
	i=$((i + 1))
	m=c20-$SERVER-host$i
	req "$h" "/$m"
	check "$SERVER: Host: $h without a session never reaches the application ($STATUS)" \
	    eval '[ "$STATUS" != 200 ] && not_reached "$m"'
done
m=c20-$SERVER-absolute
req "$HOST_APP" "/$m" --request-target "http://$HOST_APP/$m"
check "$SERVER: an absolute request-target without a session never reaches the application ($STATUS)" \
    eval '[ "$STATUS" != 200 ] && not_reached "$m"'
m=c20-$SERVER-confused
req "$HOST_APP" "/$m" --request-target "http://bob-only.example.test/$m" \
    -H "Cookie: $COOKIE=$(token alice)"
check "$SERVER: a request-target host unlike Host never reaches the application ($STATUS)" \
    not_reached "$m"
