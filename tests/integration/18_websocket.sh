# WebSocket: the upgrade request reaches the application with its Upgrade
# header (the echo application answers 200, which is enough to see it).

m=c18-$SERVER-ws
req "$HOST_APP" "/$m" -H "Cookie: $COOKIE=$(token alice)" \
    -H "Connection: Upgrade" -H "Upgrade: websocket" \
    -H "Sec-WebSocket-Version: 13" -H "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ=="
check "$SERVER: a WebSocket upgrade reaches the application with Upgrade: websocket" \
    eval 'reached "$m" && [ "$(up_hdr Upgrade)" = websocket ]'
m=c18-$SERVER-ws-anon
req "$HOST_APP" "/$m" -H "Connection: Upgrade" -H "Upgrade: websocket" \
    -H "Sec-WebSocket-Version: 13" -H "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ=="
check "$SERVER: a WebSocket upgrade without a session is sent to sign in" \
    eval '[ "$STATUS" = 302 ] && not_reached "$m"'
