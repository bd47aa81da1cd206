# authz-admin check: the mistakes people make, each found alone, each with
# its fix, and a clean store passing.
. "$ADMIN_LIB"

adm init >/dev/null 2>&1 || { fail "init works"; finish; }

# A clean store: the login host and one application under one cookie domain.
adm set login.url https://auth.example.com >/dev/null &&
adm set cookie.domain example.com >/dev/null &&
adm provider add wiki --external https://wiki.example.com \
    --internal http://127.0.0.1:8081 >/dev/null &&
adm app add wiki --name Wiki --provider wiki >/dev/null &&
adm user add alice >/dev/null || { fail "the clean store is made"; finish; }

# clean LABEL: check passes (exit 0, no problem).
clean() {
	expect_ok "$1: check passes" adm check
	out_contains "$1: check says there is no problem" "no problems found"
	expect_jq "$1: check --json lists no problem" 'length == 0' json check
}

# alone LABEL TEXT: check exits 1 with exactly one problem, whose sentence
# contains TEXT and which comes with a fix; the store is left as it was.
alone() {
	snapshot
	_lastcmd="json check"
	run json check
	if [ "$(rc)" = 1 ]; then pass; else
		_fail_cmd "$1: check exits 1" "exit 1" json check
	fi
	jq_ok "$1: exactly one problem is named" 'length == 1'
	jq_ok "$1: the problem says '$2'" \
	    "(.[0].problem | contains(\"$2\"))"
	jq_ok "$1: the problem is one sentence and its fix another" \
	    '(.[0].problem | length > 20) and (.[0].fix | length > 10) and
	     (.[0].problem | test("\n") | not) and (.[0].fix | test("\n") | not)'
	expect_unchanged "$1"
	run adm check
	out_matches "$1: the text output has the problem and its fix" '^    fix: .'
	out_contains "$1: the text output counts one problem" "1 problem(s)"
}

clean "a store with the login host and one application"

# login.url unset, then http.
adm unset login.url >/dev/null
alone "login.url unset" "login.url is not set"
adm set login.url http://auth.example.com >/dev/null
alone "login.url over http" "login.url is http"
adm set login.url https://auth.example.com >/dev/null
clean "login.url back to https"

# The login host outside cookie.domain: the cookie is refused.
adm set login.url https://auth.example.net >/dev/null
alone "the login host outside cookie.domain" "is not under cookie.domain"
adm set login.url https://auth.example.com >/dev/null

# An application host outside the cookie domain in domain mode.
adm provider set wiki --external https://wiki.example.org >/dev/null
alone "an application host outside cookie.domain (domain mode)" \
    "is not under cookie.domain example.com"
adm provider set wiki --mode single >/dev/null
clean "the same host in single mode"
adm provider set wiki --mode domain --external https://wiki.example.com >/dev/null
# Without a cookie domain, another host cannot share the login's cookie.
adm unset cookie.domain >/dev/null
alone "no cookie.domain and an application on another host" \
    "cannot share a host-only cookie"
adm set cookie.domain example.com >/dev/null
clean "cookie.domain back"

# The login host protected.
adm provider set wiki --external https://auth.example.com >/dev/null
alone "the login host protected by a provider" "protects the login URL"
adm provider set wiki --external https://auth.example.com/wiki >/dev/null
clean "an application beside login-cgi on its host, under its own path"
adm set login.url https://www.example.com/auth >/dev/null
adm provider set wiki --external https://www.example.com >/dev/null
alone "a provider at the root of the host login-cgi answers under" \
    "protects the login URL www.example.com/auth"
adm set login.url https://auth.example.com >/dev/null
adm provider set wiki --external https://wiki.example.com >/dev/null
clean "the provider back on its own host"

# An application on http while login.url is https: the Secure cookie is
# never sent, so the login loops.
adm provider set wiki --external http://wiki.example.com >/dev/null
alone "an http application with an https login.url" \
    "external URL is http while login.url is https"
adm provider set wiki --external https://wiki.example.com >/dev/null

# An application with no provider (a row written with foreign keys off).
adm provider add extra --external https://extra.example.com \
    --internal http://127.0.0.1:8082 >/dev/null
adm app add extra --name Extra --provider extra >/dev/null
clean "a second application"
sql "PRAGMA foreign_keys = OFF; DELETE FROM providers WHERE name = 'extra';"
alone "an application whose provider is gone" "application extra has no provider"
sql "PRAGMA foreign_keys = OFF;
    DELETE FROM outpost_apps WHERE app_id =
	(SELECT id FROM applications WHERE slug = 'extra');
    DELETE FROM applications WHERE slug = 'extra';"
clean "the orphan application removed"

# An application attached to no outpost.
adm outpost detach embedded wiki >/dev/null
alone "an application attached to no outpost" "attached to no outpost"
adm outpost attach embedded wiki >/dev/null

# Two applications at the same host and path; another path is fine.
adm provider add wiki2 --external https://wiki.example.com \
    --internal http://127.0.0.1:8082 >/dev/null
adm app add wiki2 --name Wiki2 --provider wiki2 >/dev/null
alone "two applications at the same host and path" \
    "applications wiki and wiki2 both answer at wiki.example.com"
adm provider set wiki2 --external https://wiki.example.com/other >/dev/null
clean "the second application under its own path"
adm provider set wiki2 --external https://wiki.example.com:443/other/ >/dev/null
clean "the same place written with the default port and a final slash"
adm provider set wiki2 --external https://wiki.example.com:8443 >/dev/null
clean "the same host on another port"
adm app del wiki2 >/dev/null
adm provider del wiki2 >/dev/null

# A provider whose internal host is its external host.
adm provider set wiki --internal https://wiki.example.com >/dev/null
alone "the internal URL equal to the external one" "as internal host"
adm provider set wiki --internal http://wiki.example.com >/dev/null
alone "the internal URL the external host over http" "as internal host"
adm provider set wiki --internal http://wiki.example.com:8081 >/dev/null
clean "the external host on the application's own port"
adm provider set wiki --internal http://127.0.0.1:8081 >/dev/null

# The store or the key file readable by others.
chmod 644 "$DB"
alone "a store readable by others" "the store"
chmod 600 "$DB"
chmod 640 "$KEY"
alone "a key file readable by its group" "the key file"
chmod 600 "$KEY"
cp "$KEY" other.key && chmod 604 other.key
run adm check --key-file other.key
assert "check --key-file fails on a key file readable by others" \
    [ "$(rc)" = 1 ]
out_contains "check --key-file names that key file" "other.key"
chmod 600 other.key
expect_ok "check --key-file passes with a key file of mode 0600" \
    adm check --key-file other.key
clean "modes back to 0600"

# Sessions that never expire.
adm set session.idle 0 >/dev/null
clean "no idle limit with a 12h lifetime"
adm set session.lifetime 180d >/dev/null
alone "no idle limit and a 180-day lifetime" "session.idle is 0"
adm set session.idle 30m >/dev/null
clean "a long lifetime with an idle limit"
adm unset session.lifetime >/dev/null
adm set session.remember 1y >/dev/null 2>&1 || adm set session.remember 365d >/dev/null
alone "a \"keep me signed in\" lifetime of a year" "session.remember is"
adm set session.remember 30d >/dev/null
clean "a 30-day session.remember"
adm unset session.remember >/dev/null
sql "INSERT OR REPLACE INTO settings (key, value) VALUES ('session.lifetime', '0');"
alone "session.lifetime 0 (written by hand)" "sessions never expire"
sql "DELETE FROM settings WHERE key = 'session.lifetime';"
t=$(now)
uid=$(sql "SELECT id FROM users WHERE name = 'alice';")
sql "INSERT INTO sessions (hash, user_id, created, expires, idle, seen)
    VALUES (randomblob(32), $uid, $t, $((t + 400 * 86400)), 0, $t);"
alone "a session with no idle limit lasting over a year" \
    "of alice has no idle limit"
out_matches "the fix names the session to revoke" \
    '^    fix: authz-admin session revoke [0-9]+$'
sql "DELETE FROM sessions;"
sql "INSERT INTO sessions (hash, user_id, created, expires, idle, seen)
    VALUES (randomblob(32), $uid, $t, $((t + 400 * 86400)), 1800, $t);"
clean "a long session with an idle limit"
sql "DELETE FROM sessions;"

# Unreachable rd targets: a launch URL a login may not return to.
adm app set wiki --launch-url https://elsewhere.example.org/start >/dev/null
alone "a launch URL on a host no application covers" "launch URL"
adm app set wiki --launch-url https://wiki.example.com/start >/dev/null
clean "a launch URL under the application"
adm app set wiki --launch-url /portal-only >/dev/null 2>&1 &&
    clean "a relative launch URL"

# A cookie name browsers drop.
adm set cookie.name __Host-postern >/dev/null
alone "a __Host- cookie name with cookie.domain set" "cookie.name"
adm unset cookie.name >/dev/null
clean "the end: every mistake undone"

finish
