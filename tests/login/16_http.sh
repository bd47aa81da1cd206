# HEAD on every route: the status and headers of GET, never a body.
# /favicon.ico: an empty 204, not an error page.  GET /denied (anyone can
# repeat it) writes nothing to the store (D03's rule for a GET).

JAR=$T/jar.alice
jar_put "$SID" "$(session_for alice)"
RDQ=$(urlenc https://app.example.com/admin/)

# same_as_get METHOD-LESS TARGET: HEAD TARGET answers what GET does,
# headers but the cookies' values and the CSRF-bearing ones alike, and no
# body.
head_like_get() {
	req GET "$1" --no-save
	_gs=$STATUS
	_gh=$(grep -iv '^set-cookie:' "$T/head" | sed 's/^\([^:]*\):.*/\1/' | sort | tr '\n' ' ')
	_gl=$(hdr Location)
	req HEAD "$1" --no-save
	eq "$STATUS" "$_gs" &&
	    eq "$(grep -iv '^set-cookie:' "$T/head" | sed 's/^\([^:]*\):.*/\1/' | sort | tr '\n' ' ')" "$_gh" &&
	    eq "$(hdr Location)" "$_gl" &&
	    eq "$(wc -c <"$T/body" | tr -d ' ')" 0
}

for target in / /login "/login?rd=$RDQ" /logout "/start?rd=$RDQ" \
    "/start?rd=$(urlenc https://app.example.com/)" "/denied?rd=$RDQ" \
    "/consent?rd=$(urlenc https://grafana.example.com/)" /totp /recovery \
    /postern.css /favicon.ico /nosuchpage; do
	check "HEAD $target: the status and headers of GET, no body" \
	    head_like_get "$target"
done
JAR=$T/jar.anon
for target in / /login /logout /start /denied /nosuchpage; do
	check "HEAD $target signed out: the status and headers of GET, no body" \
	    head_like_get "$target"
done
req HEAD /login
check "HEAD /login is 200 with the page's headers and no body" \
    eval 'status_is 200 && eq "$(hdr Content-Type)" "text/html; charset=utf-8" && eq "$(wc -c <"$T/body" | tr -d " ")" 0'
req HEAD /revoke
check "HEAD on a POST-only route: 405 with Allow, no body" \
    eval 'status_is 405 && eq "$(hdr Allow)" POST && eq "$(wc -c <"$T/body" | tr -d " ")" 0'

req GET /favicon.ico
check "FAVICON /favicon.ico is an empty 204 with the usual headers" \
    eval 'status_is 204 && eq "$(wc -c <"$T/body" | tr -d " ")" 0 && head_has Cache-Control no-store && head_has X-Content-Type-Options nosniff'

JAR=$T/jar.alice
before=$(all_rows)
"$PY" -S "$CGIPY" -o "$T" -j "$JAR" --repeat 30 GET "/denied?rd=$RDQ" >/dev/null
JAR=$T/jar.anon
"$PY" -S "$CGIPY" -o "$T" -j "$JAR" --repeat 30 GET "/denied?rd=$RDQ" >/dev/null
check "D03 30 GET /denied signed in and 30 signed out write no row (no event per hit)" \
    eq "$(all_rows)" "$before"
JAR=$T/jar.alice
req GET "/denied?rd=$RDQ"
check "D03 /denied logs one line naming the user and the application" \
    eval 'status_is 403 && grep -q "denied page shown to alice for admin" "$T/err"'
