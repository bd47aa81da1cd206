# protect: one transaction, a derived slug, refusals that leave nothing.
# Runs once, on a store of its own.

pdb=$T/protect.db
padm() { "$ADMIN" --db "$pdb" "$@"; }
# count KIND: how many providers, apps or events the store holds.
count() {
	padm --json "$1" list 2>/dev/null |
	    python3 -c 'import json, sys; print(len(json.load(sys.stdin)))'
}
counts() {
	printf '%s %s %s\n' "$(count provider)" "$(count app)" \
	    "$(padm events | wc -l)"
}

padm init >/dev/null 2>&1
padm set login.url https://auth.example.com >/dev/null 2>&1

padm protect https://wiki.example.com --internal http://127.0.0.1:8081 \
    >"$T/p.out" 2>"$T/p.err"
check "protect creates and prints the nginx snippet (exit 0)" [ $? -eq 0 ]
check "protect derives the slug wiki from wiki.example.com" \
    padm app show wiki
check "protect names the provider after the slug" padm provider show wiki
check "protect attaches the application to the default outpost" \
    eval 'padm --json app show wiki | grep -q "\"outposts\":\[\"embedded\"\]"'
check "protect writes one event, app.protect" \
    eval '[ "$(padm events | grep -c app.protect)" -eq 1 ]'
check "protect prints the same text as snippet nginx" \
    eval 'padm snippet nginx wiki | cmp -s - "$T/p.out"'
check "protect says what it created on standard error, not in the snippet" \
    eval 'grep -q "application wiki added" "$T/p.err" &&
	! grep -q "added" "$T/p.out"'

before=$(counts)
padm protect https://wiki.example.com --internal http://127.0.0.1:8082 \
    >/dev/null 2>"$T/p.err"
check "protect refuses a slug that is taken (exit 1)" [ $? -eq 1 ]
check "the refusal says the slug is taken" grep -q "slug wiki is taken" "$T/p.err"
check "a refused protect leaves the store as it was" eq "$(counts)" "$before"

padm protect https://docs.example.com/wiki --internal http://127.0.0.1:8082 \
    >/dev/null 2>&1
check "a slug from the last path segment that is taken is refused too" \
    [ $? -eq 1 ]
padm protect https://10.0.0.1 --internal http://127.0.0.1:8082 >/dev/null 2>"$T/p.err"
rc=$?
check "protect derives no slug from an address and says --slug" \
    eval '[ $rc -eq 1 ] && grep -q -- "--slug" "$T/p.err"'
padm protect "https://x.example.com/a;b" --internal http://127.0.0.1:8082 \
    --slug semi >/dev/null 2>&1
check "a path the snippet cannot write is refused before anything is made" \
    [ $? -eq 1 ]
padm protect https://y.example.com --internal ftp://127.0.0.1 >/dev/null 2>&1
check "a bad internal URL is refused" [ $? -eq 1 ]
padm protect https://z.example.com --internal http://127.0.0.1:8082 \
    --outpost nowhere >/dev/null 2>&1
check "an unknown outpost is refused" [ $? -eq 1 ]
padm protect https://z.example.com >/dev/null 2>&1
check "protect without --internal is a usage error (exit 2)" [ $? -eq 2 ]
check "none of the refusals created anything" eq "$(counts)" "$before"

padm outpost add edge >/dev/null 2>&1
padm protect https://Grafana.Example.COM/ --internal http://127.0.0.1:3000 \
    --name "Grafana" --flow explicit --outpost edge >/dev/null 2>&1
check "protect takes --name, --flow and --outpost (exit 0)" [ $? -eq 0 ]
check "the slug is lowercased: grafana" padm app show grafana
check "--flow explicit reaches the provider" \
    eval 'padm --json provider show grafana | grep -q "\"flow\":\"explicit\""'
check "--outpost edge is the outpost attached" \
    eval 'padm --json app show grafana | grep -q "\"outposts\":\[\"edge\"\]"'

# snippet refusals.
padm snippet apache wiki >/dev/null 2>"$T/p.err"
rc=$?
check "snippet apache refuses a unix socket: mod_authnz_fcgi is TCP only" \
    eval '[ $rc -eq 1 ] && grep -q "TCP only" "$T/p.err"'
padm snippet nginx wiki --authz 'unix:/run/x;y' >/dev/null 2>&1
check "snippet refuses an --authz it cannot write safely" [ $? -eq 1 ]
padm snippet caddy wiki >/dev/null 2>&1
check "snippet refuses an unknown server (exit 2)" [ $? -eq 2 ]
padm snippet nginx nosuch >/dev/null 2>&1
check "snippet refuses an unknown application" [ $? -eq 1 ]
padm provider add bare --external https://bare.example.com >/dev/null 2>&1
padm app add bare --name Bare --provider bare >/dev/null 2>&1
padm snippet nginx bare >/dev/null 2>"$T/p.err"
rc=$?
check "snippet refuses a provider without an internal URL, naming the fix" \
    eval '[ $rc -eq 1 ] && grep -q -- "--internal" "$T/p.err"'
