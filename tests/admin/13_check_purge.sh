# authz-admin check and purge.
. "$ADMIN_LIB"

adm init >/dev/null 2>&1 || { fail "init works"; finish; }

# check_says LABEL TEXT: check exits 1 and names TEXT (stdout or stderr).
check_says() {
	snapshot
	run adm check
	if [ "$(rc)" = 1 ]; then pass; else
		_fail_cmd "$1" "exit 1" adm check
	fi
	if cat "$T/out" "$T/err" | grep -qF -e "$2"; then pass; else
		fail "$1 (check names '$2')"
		echo "    stdout:"; _excerpt "$T/out"
		echo "    stderr:"; _excerpt "$T/err"
	fi
	_lastcmd="adm check"
	expect_unchanged "$1"
}

check_says "check on a new store fails: login.url is unset" login.url
adm set login.url https://auth.example.com >/dev/null
# Applications below are on example.com hosts: share the cookie there.
adm set cookie.domain example.com >/dev/null
expect_ok "check passes once login.url is set (an empty outpost is fine)" \
    adm check

adm provider add lonely --external https://lonely.example.com >/dev/null
check_says "check names a provider used by no application" lonely
adm app add wiki --name Wiki --provider lonely >/dev/null
expect_ok "check passes once the provider is used" adm check

adm outpost detach embedded wiki >/dev/null
check_says "check names an application attached to no outpost" wiki
adm outpost add edge >/dev/null
adm outpost attach edge wiki >/dev/null
expect_ok "check passes with the application on another outpost" adm check
adm outpost add spare >/dev/null
expect_ok "an outpost with no application is fine" adm check

adm unset login.url >/dev/null
check_says "check fails again once login.url is unset" login.url
adm set login.url https://auth.example.com >/dev/null

# purge
adm user add alice >/dev/null
adm user add bob >/dev/null
adm app add blog --name Blog --provider lonely >/dev/null
adm session create alice >/dev/null
t=$(now)
uid=$(sql "SELECT id FROM users WHERE name = 'alice';")
bid=$(sql "SELECT id FROM users WHERE name = 'bob';")
wid=$(sql "SELECT id FROM applications WHERE slug = 'wiki';")
lid=$(sql "SELECT id FROM applications WHERE slug = 'blog';")
sql "INSERT INTO sessions (hash, user_id, created, expires, idle, seen)
	VALUES (randomblob(32), $uid, $((t - 7200)), $((t - 60)), 0, $((t - 3600)));
    INSERT INTO sessions (hash, user_id, created, expires, idle, seen)
	VALUES (randomblob(32), $bid, $((t - 7200)), $((t + 7200)), 600, $((t - 3600)));
    INSERT INTO consents (user_id, app_id, given, expires)
	VALUES ($uid, $wid, $((t - 7200)), $((t - 60)));
    INSERT INTO consents (user_id, app_id, given, expires)
	VALUES ($uid, $lid, $((t - 7200)), 0);
    INSERT INTO consents (user_id, app_id, given, expires)
	VALUES ($bid, $wid, $((t - 7200)), $((t + 7200)));
    INSERT INTO flows (hash, created, expires)
	VALUES (randomblob(32), $((t - 7200)), $((t - 60)));
    INSERT INTO flows (hash, created, expires)
	VALUES (randomblob(32), $t, $((t + 600)));
    INSERT INTO failures (kind, key, at) VALUES (0, 'alice', $((t - 86400 * 2)));
    INSERT INTO failures (kind, key, at) VALUES (0, 'alice', $t);
    INSERT INTO bans (kind, key, until, level) VALUES (0, 'old', $((t - 86400 - 60)), 1);
    INSERT INTO bans (kind, key, until, level) VALUES (0, 'recent', $((t - 60)), 1);
    INSERT INTO bans (kind, key, until, level) VALUES (1, '192.0.2.1', $((t + 600)), 1);"

expect_ok "purge succeeds" adm purge
out_matches "purge prints counts" '[0-9]'
expect_sql "purge removed the expired and idle sessions, kept the live one" 1 \
    "SELECT count(*) FROM sessions;"
expect_sql "the live session is alice's admin-made one" alice \
    "SELECT u.name FROM sessions s JOIN users u ON u.id = s.user_id;"
expect_sql "purge removed the expired consent, kept the others" 2 \
    "SELECT count(*) FROM consents;"
expect_sql "the permanent consent stays" 1 \
    "SELECT count(*) FROM consents WHERE expires = 0;"
expect_sql "purge removed the expired flow, kept the live one" 1 \
    "SELECT count(*) FROM flows;"
expect_sql "purge removed the old failure, kept the recent one" "$t" \
    "SELECT group_concat(at) FROM failures;"
expect_sql "purge forgot the ban ended over a day ago, kept the one in force and the one that just ended (so the next doubles)" 192.0.2.1,recent \
    "SELECT group_concat(key) FROM (SELECT key FROM bans ORDER BY key);"
expect_jq "users, applications and settings are untouched by purge" \
    'length == 2' json user list
expect_ok "purge again succeeds with nothing to do" adm purge
out_matches "purge prints counts even when nothing was removed" '0'

finish
