# Every kind of refusal on one populated store: exit 1, an error naming the
# problem, and the store (events included) exactly as it was.
. "$ADMIN_LIB"

adm init >/dev/null 2>&1 || { fail "init works"; finish; }
adm set password.scrypt N=1024,r=8,p=1 >/dev/null
adm set login.url https://auth.example.com >/dev/null
printf 'alice password\n' | adm user add alice --password-stdin >/dev/null
adm user add bob --email bob@example.com >/dev/null
adm group add staff >/dev/null
adm group member add staff alice >/dev/null
adm provider add p1 --external https://wiki.example.com --skip-path '^/pub/' >/dev/null
adm app add wiki --name Wiki --provider p1 >/dev/null
adm outpost add edge >/dev/null
adm binding add wiki --group staff >/dev/null
adm session create alice >/dev/null

# Duplicates.
expect_refused "a duplicate user" "already exists" adm user add alice
expect_refused "a duplicate user differing in case" "alice" adm user add Alice
expect_refused "a duplicate group" "already exists" adm group add staff
expect_refused "a duplicate provider" "already exists" \
    adm provider add p1 --external https://x.example.com
expect_refused "a duplicate application" "already exists" \
    adm app add wiki --name W --provider p1
expect_refused "a duplicate outpost" "already exists" adm outpost add edge
expect_refused "a duplicate membership" "" adm group member add staff alice
expect_refused "a duplicate attachment" "" adm outpost attach embedded wiki

# Unknown names.
expect_refused "an unknown user (show)" "no such user" adm user show nobody
expect_refused "an unknown user (set)" "nobody" adm user set nobody --name X
expect_refused "an unknown user (del)" "nobody" adm user del nobody
expect_refused "an unknown user (membership)" "nobody" \
    adm group member add staff nobody
expect_refused "an unknown user (binding)" "nobody" \
    adm binding add wiki --user nobody
expect_refused "an unknown user (session)" "nobody" adm session create nobody
expect_refused "an unknown group (del)" "nogroup" adm group del nogroup
expect_refused "an unknown group (binding)" "nogroup" \
    adm binding add wiki --group nogroup
expect_refused "an unknown provider (app add)" "noprov" \
    adm app add x --name X --provider noprov
expect_refused "an unknown provider (del)" "noprov" adm provider del noprov
expect_refused "an unknown application (binding)" "noapp" \
    adm binding add noapp --user alice
expect_refused "an unknown application (attach)" "noapp" \
    adm outpost attach edge noapp
expect_refused "an unknown application (del)" "noapp" adm app del noapp
expect_refused "an unknown outpost" "nopost" adm outpost attach nopost wiki
expect_refused "a provider in use" "p1" adm provider del p1

# Bad names and values.
expect_refused "a username with a control character" "" \
    adm user add "$(printf 'al\001ice')"
expect_refused "an invalid username" "" adm user add "not valid"
expect_refused "a username over 64 bytes" "" adm user add "$(rep x 65)"
expect_refused "a group name with a control character" "" \
    adm group add "$(printf 'st\033aff')"
expect_refused "a group name with a comma" "" adm group add "staff,admins"
expect_refused "a display name with a control character" "" \
    adm user set bob --name "$(printf 'B\rob')"
expect_refused "a malformed external URL" "" \
    adm provider add p2 --external "https://"
expect_refused "a non-http(s) external URL" "" \
    adm provider add p2 --external gopher://x.example.com
expect_refused "an external URL with userinfo" "" \
    adm provider add p2 --external https://a:b@x.example.com
expect_refused "an external URL with a query" "" \
    adm provider add p2 --external "https://x.example.com/?a=b"
expect_refused "a regex that does not compile (add)" "" \
    adm provider add p2 --external https://x.example.com --skip-path '*('
expect_refused "a regex that does not compile (set)" "" \
    adm provider set p1 --skip-path '(unclosed'
expect_refused "a bad consent duration" "" adm provider set p1 --consent 3w
expect_refused "a bad session ttl" "" adm session create alice --ttl soon
expect_refused "a bad settings duration" "" adm set session.idle 30x
expect_refused "a settings key that does not exist (set)" "no.such" \
    adm set no.such 1
expect_refused "a settings key that does not exist (get)" "no.such" \
    adm get no.such
expect_refused "a settings key that does not exist (unset)" "no.such" \
    adm unset no.such
expect_refused "a javascript: icon" "" adm app set wiki --icon 'javascript:alert(1)'
expect_refused "an invalid slug" "" adm app add Bad.Slug --name X --provider p1
printf '%s\n' "$(rep p 1025)" |
    expect_refused "a password over 1 KiB (passwd)" "too long" \
    adm user passwd bob --password-stdin
printf '%s\n' "$(rep p 1025)" |
    expect_refused "a password over 1 KiB (add)" "too long" \
    adm user add carol --password-stdin
printf 'des:abiQ6Ep3EYTHc\n' >des.txt
expect_refused "a DES hash on import" "" adm import-htpasswd des.txt
adm user set bob --active no >/dev/null
expect_refused "a session for a disabled user" "" adm session create bob
adm user set bob --active yes >/dev/null

# Unreadable or newer stores.
cp "$DB" newer.db
sqlite3 newer.db 'PRAGMA user_version=99;'
DB0=$DB
DB=$PWD/newer.db
expect_refused "a newer store (read)" "" adm user list
expect_refused "a newer store (change)" "" adm user add carol
expect_refused "a newer store (init)" "" adm init
DB=$PWD/garbage.db
head -c 4096 /dev/urandom >"$DB" 2>/dev/null || rep z 4096 >"$DB"
expect_refused "a file that is not a database (read)" "" adm user list
expect_refused "a file that is not a database (change)" "" adm group add x
DB=$PWD/dir.db
mkdir "$DB"
expect_refused "a directory as the store" "" adm user list
DB=$DB0

expect_jq "after all the refusals the store still works" \
    'map(.name) == ["alice","bob"]' json user list

finish
