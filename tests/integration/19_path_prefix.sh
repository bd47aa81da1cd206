# An application under a path prefix (/admin, mapped to /inner): only its
# own paths, on a segment boundary, reach it.

req "$HOST_PRE" "/admin/c19-$SERVER-x" -H "Cookie: $COOKIE=$(token alice)"
check "$SERVER: /admin/x reaches the application as /inner/x" \
    eval '[ "$STATUS" = 200 ] && [ "$(up_path)" = "/inner/c19-$SERVER-x" ]'
req "$HOST_PRE" "/admin?c19-$SERVER-bare" -H "Cookie: $COOKIE=$(token alice)"
check "$SERVER: /admin itself reaches the application as /inner" \
    eval '[ "$STATUS" = 200 ] && [ "$(up_path)" = "/inner?c19-$SERVER-bare" ]'
req "$HOST_PRE" "/adminx/c19-$SERVER-sibling" -H "Cookie: $COOKIE=$(token alice)"
check "$SERVER: /adminx is not the application's and never reaches it" \
    eval '[ "$STATUS" != 200 ] && not_reached "c19-$SERVER-sibling"'
req "$HOST_PRE" "/admin/c19-$SERVER-anon"
check "$SERVER: under the prefix, no session still gets 302" \
    eval '[ "$STATUS" = 302 ] && not_reached "c19-$SERVER-anon"'
