# authz-admin init: creating, upgrading and refusing stores.
. "$ADMIN_LIB"

mode() { stat -c %a "$1" 2>/dev/null; }

# No store yet: every command but init refuses, and creates nothing.
expect_refused "a command on a store that does not exist is refused" "" \
    adm user list
assert "a refused command does not create the store" [ ! -e "$DB" ]

expect_ok "init creates a new store" adm init
assert "init created the store file" [ -f "$DB" ]
assert "the store file is mode 0600" [ "$(mode "$DB")" = 600 ]
assert "init created the key file beside the store (.db replaced by .key)" \
    [ -f "$KEY" ]
assert "the key file is mode 0600" [ "$(mode "$KEY")" = 600 ]
assert "the key file holds 32 bytes" [ "$(wc -c <"$KEY" | tr -d ' ')" = 32 ]
expect_sql "the store is at a schema version" 1 \
    'SELECT (SELECT user_version FROM pragma_user_version) > 0;'

# Idempotent.
cp "$KEY" "$T/key.before"
snapshot
expect_ok "init again succeeds" adm init
_lastcmd="adm init (again)"
expect_unchanged "init on a current store changes nothing"
assert "init again keeps the key file" cmp -s "$KEY" "$T/key.before"
assert "the store file is still mode 0600 after init again" \
    [ "$(mode "$DB")" = 600 ]

# A new store: no users, one outpost named embedded, no settings rows.
expect_jq "a new store has no users" '. == []' json user list
expect_jq "a new store has no groups" '. == []' json group list
expect_jq "a new store has no providers" '. == []' json provider list
expect_jq "a new store has no applications" '. == []' json app list
expect_jq "a new store has one outpost, embedded, with no applications" \
    '. == [{"name":"embedded","apps":[]}]' json outpost list
expect_sql "a new store has no settings rows" 0 'SELECT count(*) FROM settings;'
expect_jq "a new store has no sessions" '. == []' json session list
expect_jq "a new store has no bindings" '. == []' json binding list

# Key file placement.
expect_ok "init with --key-file creates the store" \
    adm --db "$PWD/two.db" init --key-file "$PWD/elsewhere.key"
assert "--key-file names the key file created" [ -f "$PWD/elsewhere.key" ]
assert "the --key-file key is mode 0600" [ "$(mode "$PWD/elsewhere.key")" = 600 ]
assert "the --key-file key holds 32 bytes" \
    [ "$(wc -c <"$PWD/elsewhere.key" | tr -d ' ')" = 32 ]
assert "with --key-file no default key file is made" [ ! -e "$PWD/two.key" ]

expect_ok "init on a store path without .db" "$ADMIN" --db "$PWD/plain" init
assert "the key file of a path without .db has .key appended" \
    [ -f "$PWD/plain.key" ]

printf 'existing key material, 32 bytes!' >"$PWD/three.key"
cp "$PWD/three.key" "$T/three.before"
expect_ok "init with an existing key file succeeds" \
    "$ADMIN" --db "$PWD/three.db" init
assert "init never overwrites an existing key file" \
    cmp -s "$PWD/three.key" "$T/three.before"

printf 'too short' >"$PWD/four.key"
DB0=$DB
DB=$PWD/four.db
expect_refused "init refuses an existing key file that is not 32 bytes" "four.key" \
    adm init
assert "the refused init left no store behind" [ ! -e "$PWD/four.db" ]
assert "the refused init left the key file alone" \
    [ "$(cat "$PWD/four.key")" = "too short" ]
DB=$DB0

# POSTERN_DB, and --db over it.
expect_ok "POSTERN_DB names the store when --db is absent" \
    env POSTERN_DB="$PWD/env.db" "$ADMIN" init
assert "init made the store named by POSTERN_DB" [ -f "$PWD/env.db" ]
expect_ok "a change through POSTERN_DB" \
    env POSTERN_DB="$PWD/env.db" "$ADMIN" group add viaenv
expect_jq "the change landed in the POSTERN_DB store" \
    'map(.name) == ["viaenv"]' "$ADMIN" --db "$PWD/env.db" --json group list
expect_jq "--db wins over POSTERN_DB" '. == []' \
    env POSTERN_DB="$PWD/env.db" "$ADMIN" --db "$DB" --json group list

# A newer store than the program.
cp "$DB" "$PWD/newer.db"
sqlite3 "$PWD/newer.db" 'PRAGMA user_version=99;'
DB0=$DB
DB=$PWD/newer.db
expect_refused "a store newer than the program is refused" "" adm user list
expect_refused "init refuses a store newer than the program" "" adm init
expect_refused "a change on a newer store is refused" "" adm group add x

# An older store: only the first migration applied.
DB=$PWD/older.db
sqlite3 "$DB" <"$top_srcdir/schema/0001_config.sql"
sqlite3 "$DB" 'PRAGMA user_version=1;'
expect_refused "a store with an older schema is refused" "init" adm user list
assert "the refusal of an older store does not call it newer" \
    sh -c '! grep -qi newer "$1"' sh "$T/err"
expect_refused "a change on an older store is refused, naming init" "init" \
    adm group add x
expect_ok "init upgrades an older store" adm init
expect_sql "the upgraded store is at the current version" \
    "$(sqlite3 "$DB0" 'PRAGMA user_version;')" 'PRAGMA user_version;'
expect_jq "the upgraded store is usable" '. == []' json user list
expect_ok "the upgraded store takes changes" adm group add upgraded

# Files that are not stores.
DB=$PWD/garbage.db
printf 'this is not a database, just some text\n%s\n' "$(rep x 2000)" >"$DB"
expect_refused "a file that is not a SQLite database is refused" "" \
    adm user list
expect_refused "init refuses a file that is not a SQLite database" "" adm init
expect_refused "a change on a file that is not a database is refused" "" \
    adm user add alice

DB=$PWD/adir.db
mkdir "$DB"
expect_refused "a directory as the store is refused" "" adm user list
expect_refused "init refuses a directory as the store" "" adm init

DB=$PWD/empty.db
: >"$DB"
expect_refused "an empty file (no schema) is refused, naming init" "init" \
    adm user list
assert "the empty file stays empty" [ ! -s "$DB" ]

DB=$PWD/no/such/dir/x.db
expect_fail "init in a directory that does not exist fails" 1 adm init
assert "nothing was created for the missing directory" [ ! -e "$PWD/no" ]

finish
