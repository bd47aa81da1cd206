# B: brute force and enumeration (SECURITY-CASES 2.7); B04 (timing) is in
# 06_timing.sh.  regulation.max_retries is 5 (the default).

# try USER PASSWORD ADDRESS: a fresh browser signs in from ADDRESS.
try() {
	ADDR=$3
	JAR=$T/jar.try
	rm -f "$JAR"
	req GET /login
	submit username="$1" password="$2"
}

# keep NAME: the last answer's status, cookie names and body (the CSRF
# token and the echoed username masked) in $T/NAME.*.
keep() {
	echo "$STATUS" >"$T/$1.status"
	cut -d= -f1 "$T/cookies" >"$T/$1.cookies"
	sed -E '/<input[^>]*name="(csrf|username)"/ s/value="[^"]*"/value="X"/' \
	    "$T/body" >"$T/$1.body"
}

# same A B: A and B were answered alike.
same() {
	for _x in status cookies body; do
		if ! cmp -s "$T/$1.$_x" "$T/$2.$_x"; then
			echo "the $_x of $1 and $2 differ:"
			diff "$T/$1.$_x" "$T/$2.$_x" | head -8 | cut -c1-200
			return 1
		fi
	done
}

# B01: wrong passwords for alice, each from another address (so that only
# the account is counted), then the right one.
i=0
while [ $i -lt 11 ]; do
	i=$((i + 1))
	try alice "wrong password $i" "203.0.113.$i"
	check "B01 wrong password $i for alice: the generic failure" generic_failure
done
check "B01 alice is banned after max_retries failures" \
    eval 'adm ban list | grep -qw alice'
try alice "$ALICE_PW" 203.0.113.50
check "B01 during the lock-out the right password fails too, generically" generic_failure
check "B01 no session was made for alice" eq "$(sessions_of alice)" 0
check "B01 failures during the ban do not extend it past one ban" \
    eq "$(count bans "kind = 0 AND key = 'alice'")" 1

# B03: unknown user, wrong password, disabled user, locked user (alice,
# still banned from B01), and bob (TOTP) with a wrong password: the same
# status, cookies and page apart from the CSRF token and the username
# typed (which is the visitor's own input echoed back).
try nosuchuser "$ALICE_PW" 198.51.100.1
keep unknown
try carol "not carol's password" 198.51.100.2
keep wrong
try dave "$DAVE_PW" 198.51.100.3
keep disabled
try alice "$ALICE_PW" 198.51.100.4
keep locked
try bob "not bob's password" 198.51.100.5
keep totpwrong
check "B03 the failures are the generic failure" \
    eval 'generic_failure && [ "$(cat "$T/unknown.status")" = 200 ]'
check "B03 an unknown user is answered like a wrong password" same wrong unknown
check "B03 a disabled user with his right password is answered like a wrong password" \
    same wrong disabled
check "B03 a locked user with her right password is answered like a wrong password" \
    same wrong locked
check "B03 a TOTP user with a wrong password is answered like a wrong password" \
    same wrong totpwrong
check "B03 dave (disabled) has no session" eq "$(sessions_of dave)" 0

# B06: one address, one attempt at each of several names.
j=0
for u in user1 user2 mallory user4 carol user6; do
	j=$((j + 1))
	try "$u" "spray password" 192.0.2.66
	check "B06 spraying attempt $j ($u) from one address: the generic failure" generic_failure
done
check "B06 the address is banned" eval 'adm ban list | grep -qF 192.0.2.66'
try mallory "$MALLORY_PW" 192.0.2.66
check "B06 from that address even the right password of another user fails" generic_failure
JAR=$T/jar.xff
rm -f "$JAR"
ADDR=192.0.2.66
req GET /login -e HTTP_X_FORWARDED_FOR=198.51.100.200
submit username=mallory password="$MALLORY_PW" \
    -e HTTP_X_FORWARDED_FOR=198.51.100.200 -e HTTP_X_REAL_IP=198.51.100.200
check "B06 a spoofed X-Forwarded-For does not escape the address's ban" generic_failure
try mallory "$MALLORY_PW" 192.0.2.67
check "B06 from another address the same user signs in" signed_in

# B07: the lock-out is soft: it ends after regulation.ban_time, and an
# administrator can lift it.
adm set regulation.ban_time 2s >/dev/null
for i in 1 2 3 4 5; do
	try carol "carol wrong $i" "203.0.113.$((100 + i))"
done
try carol "$CAROL_PW" 203.0.113.120
check "B07 carol is locked out (the right password fails)" generic_failure
sleep 3
try carol "$CAROL_PW" 203.0.113.121
check "B07 after the ban time (2 s) carol signs in again" signed_in
for i in 1 2 3 4 5; do
	try carol "carol wrong again $i" "203.0.113.$((130 + i))"
done
try carol "$CAROL_PW" 203.0.113.140
check "B07 carol is locked out again" generic_failure
adm ban lift carol >/dev/null
try carol "$CAROL_PW" 203.0.113.141
check "B07 after authz-admin ban lift carol signs in at once" signed_in
