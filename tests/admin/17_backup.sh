# authz-admin backup: a consistent copy of the store (and its key file)
# while something writes to it; refusals leave nothing behind.
. "$ADMIN_LIB"

adm init >/dev/null 2>&1 || { fail "init works"; finish; }
adm set login.url https://auth.example.com >/dev/null
adm set cookie.domain example.com >/dev/null
adm group add staff >/dev/null
adm user add alice --name "Alice A" >/dev/null
adm group member add staff alice >/dev/null
adm protect https://wiki.example.com --internal http://127.0.0.1:8081 \
    >/dev/null

# leftovers DIR: temporary files a backup left in DIR (none expected).
leftovers() { ls -a "$1" | grep -E '\.tmp-|-journal$' || true; }
mode() { stat -c %a "$1"; }

# ------------------------------------------------------------ a quiet store

expect_ok "backup FILE copies the store" adm backup copy.db
out_contains "backup names the copy" "copy.db"
out_contains "backup says the key file was copied, and where" "copy.key"
assert "the copy exists" [ -f copy.db ]
assert "the copy is mode 0600 (umask 022)" [ "$(mode copy.db)" = 600 ]
assert "the key file is copied beside it, as the copy's default key file" \
    [ -f copy.key ]
assert "the copied key is mode 0600" [ "$(mode copy.key)" = 600 ]
assert "the copied key is the store's key, byte for byte" cmp -s "$KEY" copy.key
assert "no temporary file is left" [ -z "$(leftovers .)" ]
expect_ok "the copy passes SQLite's integrity check" \
    sh -c 'test "$(sqlite3 copy.db "PRAGMA integrity_check;")" = ok'
run adm user list; cp "$T/out" "$T/users.store"
run "$ADMIN" --db copy.db user list
assert "authz-admin --db COPY user list matches the store" \
    cmp -s "$T/out" "$T/users.store"
run adm app list; cp "$T/out" "$T/apps.store"
run "$ADMIN" --db copy.db app list
assert "the copy's applications match the store's" \
    cmp -s "$T/out" "$T/apps.store"
expect_ok "the copy is a store authz-admin check accepts" \
    "$ADMIN" --db copy.db check

# --json
expect_jq "backup --json reports file, key, pages and bytes" \
    '.file == "json.db" and .key == "json.key" and .pages > 0 and .bytes > 0' \
    json backup json.db

# --no-key
expect_jq "backup --no-key copies no key (key is null)" '.key == null' \
    json backup nokey.db --no-key
assert "backup --no-key writes no key file" [ ! -e nokey.key ]
expect_ok "backup --no-key succeeds in text mode too" adm backup nokey2.db --no-key
out_contains "backup --no-key says the key was not copied" "not copied"
out_contains "backup --no-key names the key the copy needs" "postern.key"

# A name without .db: its key is NAME.key.
expect_ok "backup to a name without .db" adm backup plain
assert "its key file is NAME.key" [ -f plain.key ]

# umask 000 still makes 0600 files.
(umask 000; "$ADMIN" --db "$DB" backup wide.db >/dev/null 2>&1)
assert "the copy is mode 0600 under umask 000" [ "$(mode wide.db)" = 600 ]
assert "the key is mode 0600 under umask 000" [ "$(mode wide.key)" = 600 ]

# --key-file: the key to copy.
cp "$KEY" elsewhere.key
expect_ok "backup --key-file PATH copies that key" \
    adm backup kf.db --key-file elsewhere.key
assert "the key copied from --key-file" cmp -s elsewhere.key kf.key

# ---------------------------------------------------------------- refusals

mkdir r && cp copy.db r/keep.db && cp copy.key r/keep.key
sum() { cksum <"$1"; }
before_db=$(sum r/keep.db) before_key=$(sum r/keep.key)
expect_refused "backup refuses to overwrite an existing FILE" "--force" \
    adm backup r/keep.db
assert "the existing FILE is untouched" [ "$(sum r/keep.db)" = "$before_db" ]
assert "its key file is untouched" [ "$(sum r/keep.key)" = "$before_key" ]
assert "the refusal leaves no temporary file" [ -z "$(leftovers r)" ]

rm r/keep.db
expect_refused "backup refuses when FILE's key file exists" "--force" \
    adm backup r/keep.db
assert "that refusal creates no FILE" [ ! -e r/keep.db ]
assert "and leaves the key file alone" [ "$(sum r/keep.key)" = "$before_key" ]
assert "and leaves no temporary file" [ -z "$(leftovers r)" ]

cp copy.db r/keep.db
adm user add bob >/dev/null
expect_ok "backup --force replaces FILE and its key" adm backup r/keep.db --force
expect_sql "the replaced copy holds the newer store" 1 \
    "ATTACH 'r/keep.db' AS k; SELECT count(*) FROM k.users WHERE name = 'bob';"
assert "the replaced copy is mode 0600" [ "$(mode r/keep.db)" = 600 ]
assert "a replace leaves no temporary file" [ -z "$(leftovers r)" ]

storesum=$(sum "$DB") keysum=$(sum "$KEY")
expect_refused "backup refuses the store itself, even with --force" \
    "store itself" adm backup "$DB" --force
ln -s "$DB" link.db
expect_refused "backup refuses a symbolic link to the store" "store itself" \
    adm backup link.db --force
expect_refused "backup refuses the store's key file as FILE" "key file" \
    adm backup "$KEY" --force
assert "the key file is untouched" [ "$(sum "$KEY")" = "$keysum" ]
expect_refused "backup refuses a FILE whose key would be the store's own" \
    "own key file" adm backup postern --force
assert "no FILE named postern was made" [ ! -e postern ]
expect_refused "backup refuses a FILE in a missing directory" "" \
    adm backup nodir/x.db
assert "nothing is made for it" [ ! -e nodir ]
mkdir adir.db
expect_refused "backup refuses a FILE that is a directory" "not a regular file" \
    adm backup adir.db --force
assert "the store is untouched by the refusals" [ "$(sum "$DB")" = "$storesum" ]
assert "the refusals leave no temporary file" [ -z "$(leftovers .)" ]

mv "$KEY" "$KEY.away"
expect_refused "backup without the store's key file refuses, naming --no-key" \
    "--no-key" adm backup nokey3.db
assert "that refusal makes no copy" [ ! -e nokey3.db ]
expect_ok "backup --no-key works without a key file" adm backup nokey3.db --no-key
mv "$KEY.away" "$KEY"
chmod 644 "$KEY"
expect_fail "backup refuses to copy a key file others may read" 1 \
    adm backup openkey.db
err_contains "the refusal says how to fix the key's mode" "chmod 600"
assert "that refusal makes no copy" [ ! -e openkey.db ]
assert "nor a key" [ ! -e openkey.key ]
chmod 600 "$KEY"

expect_usage "backup without FILE is a usage error" adm backup
expect_usage "backup with two FILEs is a usage error" adm backup a.db b.db
expect_usage "backup --no-key --key-file is a usage error" \
    adm backup a.db --no-key --key-file "$KEY"
expect_ok "backup --help prints its usage" adm backup --help
out_contains "the usage names --no-key" "--no-key"

# --------------------------------------------- while a writer is at work

# A store of a few megabytes, so that the copy takes several steps.
sql "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n
	WHERE i < 12000)
    INSERT INTO events (at, kind, actor, subject, detail)
    SELECT i, 'test.fill', 'test', '', hex(randomblob(200)) FROM n;"

# The writer: one user (and its event) per transaction, until told to stop.
: >writer.fail
(
	i=0
	while [ ! -e writer.stop ]; do
		i=$((i + 1))
		"$ADMIN" --db "$DB" user add "w$i" >/dev/null 2>>writer.fail ||
		    echo "user add w$i failed" >>writer.fail
	done
	echo "$i" >writer.done
) &
writer=$!
# Let it start writing before the copies begin.
n=0
while [ "$(sqlite3 -cmd '.timeout 5000' "$DB" \
    "SELECT count(*) FROM users WHERE name LIKE 'w%';")" -lt 3 ] &&
    [ $n -lt 100 ]; do
	sleep 0.1; n=$((n + 1))
done

for k in 1 2 3; do
	expect_ok "backup $k while a writer adds users succeeds" \
	    adm backup "live$k.db"
	err_contains "backup $k of a store of many pages prints its progress" \
	    "pages"
	expect_ok "copy $k passes SQLite's integrity check" \
	    sh -c "test \"\$(sqlite3 live$k.db 'PRAGMA integrity_check;')\" = ok"
	# One snapshot: every user added has its event, and the users added
	# are w1..wN without a gap.
	expect_ok "copy $k is one snapshot: as many w users as user.add events for them" \
	    sh -c "test \"\$(sqlite3 live$k.db \"SELECT count(*) FROM users WHERE name LIKE 'w%';\")\" = \
	    \"\$(sqlite3 live$k.db \"SELECT count(*) FROM events WHERE kind = 'user.add' AND subject LIKE 'w%';\")\""
	expect_ok "copy $k holds w1..wN without a gap" \
	    sh -c "sqlite3 live$k.db \"SELECT count(*) = coalesce(max(CAST(substr(name, 2) AS INTEGER)), 0) FROM users WHERE name LIKE 'w%';\" | grep -qx 1"
	expect_ok "copy $k opens with authz-admin" "$ADMIN" --db "live$k.db" user list
done
touch writer.stop
wait "$writer"
assert "the writer was never refused while the copies were made" \
    [ ! -s writer.fail ]
assert "the writer wrote while the copies were made" \
    [ "$(cat writer.done 2>/dev/null || echo 0)" -gt 3 ]
nw=$(sql "SELECT count(*) FROM users WHERE name LIKE 'w%';")
expect_ok "the copy made last holds no more than the store" \
    sh -c "test \"\$(sqlite3 live3.db \"SELECT count(*) FROM users WHERE name LIKE 'w%';\")\" -le $nw"

# With the writer stopped, a copy is the store exactly.
expect_ok "backup after the writer stopped" adm backup final.db
run adm user list; cp "$T/out" "$T/users.store"
run "$ADMIN" --db final.db user list
assert "authz-admin --db COPY user list matches the store" \
    cmp -s "$T/out" "$T/users.store"
expect_ok "the final copy's dump equals the store's" \
    sh -c "test \"\$(sqlite3 final.db .dump | cksum)\" = \"\$(sqlite3 '$DB' .dump | cksum)\""
assert "the copies are mode 0600" [ "$(mode final.db)$(mode live1.db)" = 600600 ]
assert "the copies leave no temporary file" [ -z "$(leftovers .)" ]

# Restoring: the copy and its key put back in place make a working store.
mkdir restored
cp -p final.db restored/postern.db && cp -p final.key restored/postern.key
expect_ok "a restored copy passes check with its key beside it" \
    "$ADMIN" --db restored/postern.db check --key-file restored/postern.key

finish
