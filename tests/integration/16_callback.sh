# Single mode: a one-time code from "authz-admin session create --code" is
# exchanged at /.postern/callback for a cookie on the application's own
# host, then a 302 back; the cookie then opens the application.

m=c16-$SERVER-nocookie
req "$HOST_SINGLE" "/$m"
check "$SERVER: single mode without a session also gets 302 to the login" \
    eval '[ "$STATUS" = 302 ] && not_reached "$m"'

code=$(adm session create alice --code --ttl 10m)
back="http://$HOST_SINGLE/c16-$SERVER-landing?a=1"
req "$HOST_SINGLE" "/.postern/callback?code=$code&rd=$(urlenc "$back")"
check "$SERVER: the callback answers 302" eq "$STATUS" 302
check "$SERVER: the callback sends the browser back to rd" \
    eq "$(hdr Location)" "$back"
cookie=$(hdr Set-Cookie)
check "$SERVER: the callback sets an HttpOnly session cookie on this host" \
    eval 'case $cookie in postern=*HttpOnly*) ! printf %s "$cookie" | grep -qi domain= ;; *) false ;; esac'
check "$SERVER: the callback itself never reaches the application" \
    not_reached "/.postern/callback"
pair=${cookie%%;*}
req "$HOST_SINGLE" "/c16-$SERVER-landing?a=1" -H "Cookie: $pair"
check "$SERVER: the cookie from the callback opens the application as alice" \
    eval '[ "$STATUS" = 200 ] && [ "$(up_hdr Remote-User)" = alice ]'
req "$HOST_SINGLE" "/.postern/callback?code=$code&rd=$(urlenc "$back")"
check "$SERVER: a code works once: the second exchange is refused (403)" \
    eq "$STATUS" 403
