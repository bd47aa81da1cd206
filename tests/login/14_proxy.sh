# X03, X04: the client address behind proxies.  REMOTE_ADDR is the client
# unless it is in proxy.trusted; then X-Forwarded-For is read from the
# right, past trusted hops; an element that is not an address ends the
# walk at the last trusted hop.  Failures and bans go to that address.

# fail_from REMOTE XFF: one wrong password for carol.
fail_from() {
	JAR=$T/jar.proxy
	rm -f "$JAR"
	ADDR=$1
	req GET /login
	if [ -n "$2" ]; then
		submit -e "HTTP_X_FORWARDED_FOR=$2" username=carol \
		    password="not carol's password"
	else
		submit username=carol password="not carol's password"
	fi
}
last_addr() { sql "SELECT key FROM failures WHERE kind = 1 ORDER BY id DESC LIMIT 1;"; }

fail_from 203.0.113.7 127.0.0.1
check "X03 no trusted proxy: X-Forwarded-For is ignored, REMOTE_ADDR counts" \
    eq "$(last_addr)" 203.0.113.7

adm set proxy.trusted 192.0.2.0/24 >/dev/null
fail_from 192.0.2.5 198.51.100.20
check "X03 from a trusted proxy the forwarded client counts" \
    eq "$(last_addr)" 198.51.100.20
fail_from 192.0.2.5 "198.51.100.21, 192.0.2.9"
check "X03 trusted hops on the right are skipped" \
    eq "$(last_addr)" 198.51.100.21
fail_from 192.0.2.5 "a, 198.51.100.22"
check "X04 an unparsable element further left is never reached" \
    eq "$(last_addr)" 198.51.100.22
fail_from 192.0.2.5 "198.51.100.23, junk"
check "X04 an unparsable element ends the walk at the proxy" \
    eq "$(last_addr)" 192.0.2.5
fail_from 203.0.113.8 198.51.100.24
check "X03 from an untrusted peer X-Forwarded-For is ignored" \
    eq "$(last_addr)" 203.0.113.8
