# authz-admin events: every change writes one event; listing and filters.
. "$ADMIN_LIB"

adm init >/dev/null 2>&1 || { fail "init works"; finish; }
adm set password.scrypt N=1024,r=8,p=1 >/dev/null

# one_event LABEL CMD...: CMD succeeds and writes exactly one event.
one_event() {
	_elab=$1; shift
	_n0=$(nevents)
	expect_ok "$_elab" "$@"
	_n1=$(nevents)
	if [ "$(rc)" = 0 ]; then
		out_lines "$_elab (and prints one line on stdout)" 1
	fi
	if [ "$((_n1 - _n0))" = 1 ]; then pass; else
		fail "$_elab (writes exactly one event)" \
		    "command:  $(_show "$@")" "events written: $((_n1 - _n0))"
	fi
}

one_event "user add writes one event" adm user add alice
one_event "user add --random-password writes one event" \
    adm user add bob --random-password
one_event "user set writes one event" adm user set alice --email a@example.com
printf 'a good password\n' |
    one_event "user passwd writes one event" adm user passwd alice
one_event "group add writes one event" adm group add staff
one_event "group member add writes one event" adm group member add staff alice
one_event "group member del writes one event" adm group member del staff alice
one_event "provider add writes one event" \
    adm provider add p1 --external https://wiki.example.com
one_event "provider set writes one event" adm provider set p1 --flow explicit
one_event "app add writes one event" adm app add wiki --name Wiki --provider p1
one_event "app set writes one event" adm app set wiki --name "Team Wiki"
one_event "outpost add writes one event" adm outpost add edge
one_event "outpost attach writes one event" adm outpost attach edge wiki
one_event "outpost detach writes one event" adm outpost detach edge wiki
one_event "binding add writes one event" adm binding add wiki --user alice
bid=$(sed -n 's/^binding \([0-9]*\) added$/\1/p' "$T/out")
one_event "binding del writes one event" adm binding del "${bid:-0}"
one_event "set writes one event" adm set login.url https://auth.example.com
one_event "unset writes one event" adm unset login.url
one_event "session create writes one event" adm session create alice
sid=$(json session list --user alice | jq -r '.[0].id')
one_event "session revoke writes one event" adm session revoke "$sid"
adm session create alice >/dev/null
one_event "session revoke --user writes one event" \
    adm session revoke --user alice
t=$(now)
sql "INSERT INTO bans (kind, key, until, level) VALUES (0, 'alice', $((t + 600)), 1);"
one_event "ban lift writes one event" adm ban lift alice
sql "INSERT INTO consents (user_id, app_id, given, expires)
    SELECT u.id, a.id, $t, 0 FROM users u, applications a
    WHERE u.name = 'alice' AND a.slug = 'wiki';"
one_event "consent revoke writes one event" adm consent revoke --user alice
one_event "app del writes one event" adm app del wiki
one_event "provider del writes one event" adm provider del p1
one_event "outpost del writes one event" adm outpost del edge
one_event "group del writes one event" adm group del staff
one_event "user del writes one event" adm user del bob

# Listing.
expect_jq "events --json lists the events" 'length > 20' json events
jq_ok "every event has exactly id, at, kind, actor, subject, detail" \
    'all(.[]; keys == ["actor","at","detail","id","kind","subject"])'
jq_ok "at is an ISO 8601 UTC time" "all(.[]; .at | test(\"$ISO_RE\"))"
jq_ok "events are oldest first" '(map(.id)) == (map(.id) | sort)'
jq_ok "every event has a kind" 'all(.[]; .kind | type == "string" and length > 0)'
jq_ok "no event carries the password given on stdin" \
    'all(.[]; (tostring | contains("a good password")) | not)'
expect_ok "events prints a listing" adm events

expect_jq "events --user alice lists the events about alice" \
    'length >= 3 and all(.[]; .subject == "alice")' json events --user alice
expect_jq "events --user of a deleted user still lists their events" \
    'length >= 2 and all(.[]; .subject == "bob")' json events --user bob
expect_jq "events --since 1h includes the recent events" 'length > 20' \
    json events --since 1h
expect_jq "events --since an old date includes everything" 'length > 20' \
    json events --since 2000-01-01T00:00:00Z
expect_jq "events --since a date alone is accepted" 'length > 20' \
    json events --since 2000-01-01
expect_jq "events --since a future time lists nothing" '. == []' \
    json events --since 2999-01-01T00:00:00Z
expect_rejected "events --since garbage is rejected" adm events --since yesterday
expect_rejected "events --since a bad duration is rejected" adm events --since 10x

# Refused commands write no event.
n0=$(nevents)
adm user add alice >/dev/null 2>&1
adm group del nosuch >/dev/null 2>&1
adm set no.such.key 1 >/dev/null 2>&1
adm user add "a b" >/dev/null 2>&1
expect_sql "refused commands write no event" "$n0" 'SELECT count(*) FROM events;'

# Reading writes no event.
adm user list >/dev/null; adm settings >/dev/null; adm events >/dev/null
adm check >/dev/null 2>&1
expect_sql "listings and check write no event" "$n0" 'SELECT count(*) FROM events;'

finish
