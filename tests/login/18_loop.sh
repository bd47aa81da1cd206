# The loop breaker (issue 6): a signed-in browser that /start sends back
# to one application host again and again (the cookie never gets there)
# gets, at the 4th trip within a minute, a page naming the likely causes
# with the values postern knows, instead of another redirect.  The count
# is a signed cookie on the login host; nothing is written to the store.

LOOPC=__Host-postern-loop
RD=https://app.example.com/wiki/page
JAR=$T/jar.loop
login alice "$ALICE_PW"
before=$(all_rows)

trip() { req GET "/start?rd=$(urlenc "$1")"; }

for n in 1 2 3; do
	trip "$RD"
	check "LOOP trip $n to app.example.com: the normal redirect back" \
	    eval 'status_is 302 && loc_is "$RD" && sets_cookie "$LOOPC"'
done
trip "$RD"
check "LOOP trip 4 within a minute: the loop page instead (200, a finished page)" \
    eval 'page_ok 200 && body_has "Sign-in keeps coming back" && [ -z "$(loc)" ]'
check "LOOP the page names the application host, the login host and the cookie" \
    eval 'body_has "<strong>app.example.com</strong> sent your browser back to sign in 4 times" && body_has "auth.example.com" && body_has "Clocks."'
check "LOOP app.example.com is under the cookie domain: that cause is not claimed" \
    eval 'body_lacks "is not one of them" && body_lacks "No cookie domain is set" && body_lacks "http instead of https"'
check "LOOP the page offers to try again (rd) and the portal" \
    eval 'link_to "Try again" "$RD" && link_to "Your applications" "$PORTAL"'
check "LOOP the page expires the counter" \
    eval 'eq "$(setcookie "$LOOPC")" "" && grep -qi "^set-cookie: $LOOPC=;.*Max-Age=0" "$T/head"'
check "LOOP the loop is logged with the host and the cookie domain" \
    eval 'grep -q "redirect loop: 4 trips to app.example.com.*cookie domain example.com" "$T/err"'
trip "$RD"
check "LOOP after the page the count starts again: redirect" \
    eval 'status_is 302 && loc_is "$RD"'
check "LOOP no row was written by the trips" eq "$(all_rows)" "$before"

# Another host resets the count: alternating hosts never trips it.
JAR=$T/jar.alt
login alice "$ALICE_PW"
ok_all=1
for n in 1 2 3; do
	trip "$RD"; [ "$STATUS" = 302 ] || ok_all=0
	trip https://status.example.com/; [ "$STATUS" = 302 ] || ok_all=0
done
check "LOOP trips alternating between two hosts are each counted for their host only" \
    eq "$ok_all" 1

# A forged or foreign counter counts as none.
JAR=$T/jar.forge
login alice "$ALICE_PW"
trip "$RD"; trip "$RD"; trip "$RD"
v=$(jar_get "$LOOPC")
check "LOOP the counter is COUNT.FIRST.MAC, 3 after three trips" \
    eval 'printf "%s" "$v" | grep -Eq "^3\.[0-9]+\.[A-Za-z0-9_-]{43}$"'
JAR=$T/jar.forge2
login alice "$ALICE_PW"
jar_put "$LOOPC" "$v"
trip https://status.example.com/
check "LOOP a counter made for another host starts the count again" \
    eval 'status_is 302 && case "$(setcookie "$LOOPC")" in 1.*) true ;; *) false ;; esac'
jar_put "$LOOPC" "$(printf '%s' "$v" | sed 's/^3\./9./')"
trip "$RD"
check "LOOP a counter with a changed count (MAC mismatch) starts again" \
    eval 'status_is 302 && case "$(setcookie "$LOOPC")" in 1.*) true ;; *) false ;; esac'
jar_put "$LOOPC" "3.$(date +%s).AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
trip "$RD"
check "LOOP a forged MAC starts again" \
    eval 'status_is 302 && case "$(setcookie "$LOOPC")" in 1.*) true ;; *) false ;; esac'

# Without a session nothing loops through /start: it goes to /login.
JAR=$T/jar.anon
for n in 1 2 3 4 5; do trip "$RD"; done
check "LOOP signed out, the 5th /start still goes to /login" \
    eval 'status_is 302 && loc_starts "$LOGIN/login?rd="'

# The causes it can tell: a host not under cookie.domain, plain http
# while the cookie is Secure, a single-mode application.
adm provider add other --external https://wiki.example.org >/dev/null
adm app add other --name Other --provider other >/dev/null
adm provider add plain --external http://plain.example.com >/dev/null
adm app add plain --name Plain --provider plain >/dev/null
JAR=$T/jar.causes
login alice "$ALICE_PW"
for n in 1 2 3 4; do trip https://wiki.example.org/x; done
check "LOOP wiki.example.org: the page says it is not under the cookie domain example.com" \
    eval 'status_is 200 && body_has "hosts under <strong>example.com</strong>, and <strong>wiki.example.org</strong> is not one of them"'
for n in 1 2 3 4; do trip http://plain.example.com/; done
check "LOOP http://plain.example.com: the page says the Secure cookie is not sent over http" \
    eval 'status_is 200 && body_has "http instead of https" && body_has "<code>__Secure-postern</code> is marked Secure" && body_lacks "is not one of them"'
RDF=https://files.example.net/docs
for n in 1 2 3; do trip "$RDF"; done
check "LOOP single mode: below the threshold the callback as usual" \
    eval 'status_is 302 && loc_starts https://files.example.net/.postern/callback?code='
trip "$RDF"
check "LOOP single mode, trip 4: the page names the application's own callback cookie" \
    eval 'status_is 200 && body_has "/.postern/callback" && body_has "files.example.net" && body_lacks "is not one of them"'

# Host-only cookie (no cookie.domain) and an application on another host.
adm set cookie.domain "" >/dev/null 2>&1 || adm unset cookie.domain >/dev/null
SID=__Host-postern
JAR=$T/jar.hostonly
login alice "$ALICE_PW"
for n in 1 2 3 4; do trip "$RD"; done
check "LOOP no cookie.domain: the page says the cookie goes to auth.example.com only" \
    eval 'status_is 200 && body_has "No cookie domain is set" && body_has "<strong>auth.example.com</strong> only"'
SID=__Secure-postern
