# D01: password hashing is bounded across every login-cgi process
# (login.max_kdf slots, each an fcntl lock on one byte of "<db>-kdf");
# past the bound a login is answered 503 with Retry-After at once, without
# hashing, and the service recovers.

adm set login.max_kdf 2 >/dev/null
# A hash heavy enough to dominate the process start (16 MiB, N=16384).
adm set password.scrypt N=16384,r=8,p=1 >/dev/null
printf '%s\n' "$ALICE_PW" | adm user passwd alice --password-stdin >/dev/null
adm set regulation.max_retries 1000 >/dev/null

# hold N: a process holding slots 0..N-1 of the slot file until $T/release
# exists; HOLDER is its pid, and it is ready when $T/held exists.
hold() {
	rm -f "$T/held" "$T/release"
	"$PY" -S -c 'import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o600)
for i in range(int(sys.argv[2])):
    fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, i)
open(sys.argv[3], "w").close()
t = time.time() + 60
while not os.path.exists(sys.argv[4]) and time.time() < t:
    time.sleep(0.02)' "$DB-kdf" "$1" "$T/held" "$T/release" &
	HOLDER=$!
	_i=0
	while [ ! -f "$T/held" ] && [ $_i -lt 250 ]; do
		sleep 0.02
		_i=$((_i + 1))
	done
	[ -f "$T/held" ]
}

release() {
	: >"$T/release"
	wait "$HOLDER" 2>/dev/null
	HOLDER=
}

JAR=$T/jar.d01
req GET /login
tok=$(field csrf)
ADDR=198.51.100.7
req POST /login -d "csrf=$tok&username=alice&password=wrong"
check "D01 with a free slot a wrong password is the generic failure" generic_failure
tok=$(field csrf)

check "D01 a process can hold both slots of login.max_kdf=2" hold 2
fails=$(count failures)
events=$(count events)
req POST /login -d "csrf=$tok&username=alice&password=$(urlenc "$ALICE_PW")"
check "D01 every slot busy: 503 with Retry-After, no session" \
    eval 'status_is 503 && [ -n "$(hdr Retry-After)" ] && no_session'
check "D01 the 503 is a finished page saying to try again" \
    eval 'page_ok 503 && body_has "Wait a moment and try again"'
check "D01 the 503 is logged, once" \
    eval 'grep -c "password-check slot is busy" "$T/err" | grep -qx 1'
check "D01 a refused login counts no failure and writes no event" \
    eval 'eq "$(count failures)" "$fails" && eq "$(count events)" "$events"'
"$PY" -S "$CGIPY" -o "$T" -j "$JAR" --no-save --repeat 5 POST /login \
    -d "csrf=$tok&username=alice&password=wrong" >"$T/t.busy"
release
"$PY" -S "$CGIPY" -o "$T" -j "$JAR" --no-save --repeat 5 POST /login \
    -d "csrf=$tok&username=alice&password=wrong" >"$T/t.free"
median() { sort -n "$1" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
mbusy=$(median "$T/t.busy")
mfree=$(median "$T/t.free")
echo "# D01 medians (ms): busy $mbusy, with a hash $mfree"
check "D01 the 503 comes without hashing (under half the time of a hashed answer)" \
    awk -v b="$mbusy" -v f="$mfree" 'BEGIN { exit !(b < f / 2) }'

check "D01 one slot of two held: a login still goes through the other" hold 1
req POST /login -d "csrf=$tok&username=alice&password=wrong"
check "D01 with one slot left, the generic failure (hashed)" generic_failure
tok=$(field csrf)
release

# 50 logins at once, wrong passwords of unknown users (the dummy hash
# costs as much), each from its own address.
mkdir "$T/par"
i=0
while [ $i -lt 50 ]; do
	i=$((i + 1))
	mkdir "$T/par/$i"
	"$PY" -S "$CGIPY" -o "$T/par/$i" -j "$JAR" --no-save \
	    -e "REMOTE_ADDR=203.0.113.$i" POST /login \
	    -d "csrf=$tok&username=nosuchuser$i&password=wrong+$i" \
	    >"$T/par/$i/st" 2>&1 &
done
wait
cat "$T"/par/*/st | sort | uniq -c | sed 's/^/# D01 parallel: /'
check "D01 50 parallel logins: every answer is the generic failure or 503" \
    eval '! cat "$T"/par/*/st | grep -qvxE "200|503"'
check "D01 50 parallel logins: some were refused with 503 (at most 2 hashes at once)" \
    eval 'cat "$T"/par/*/st | grep -qx 503'
check "D01 50 parallel logins: some were hashed and answered" \
    eval 'cat "$T"/par/*/st | grep -qx 200'
check "D01 every 503 of the flood carries Retry-After" \
    eval 'for d in "$T"/par/*/; do grep -qx 503 "$d/st" || continue; grep -qi "^retry-after: " "$d/head" || exit 1; done'

JAR=$T/jar.d01b
ADDR=198.51.100.8
login alice "$ALICE_PW"
check "D01 the service recovers: alice signs in afterwards" signed_in
check "D01 the slot file sits beside the store, mode 0600" \
    eval '[ "$(stat -c %a "$DB-kdf")" = 600 ]'

adm set login.max_kdf 0 >/dev/null
JAR=$T/jar.d01c
login alice "$ALICE_PW"
check "D01 login.max_kdf 0 (one slot per processor) signs in" signed_in
