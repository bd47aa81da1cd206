# authz-admin --help, --version, per-command help, and usage errors (exit 2).
. "$ADMIN_LIB"

# help_ok LABEL ARGS...: exits 0, says "usage" on stdout, touches no store.
help_ok() {
	_hlab=$1; shift
	expect_ok "$_hlab" "$ADMIN" --db "$PWD/none.db" "$@"
	if grep -qi usage "$T/out"; then pass; else
		fail "$_hlab (prints a usage on stdout)"
		echo "    stdout:"; _excerpt "$T/out"
	fi
	assert "$_hlab (and creates no store)" [ ! -e "$PWD/none.db" ]
}

help_ok "authz-admin --help prints the usage" --help
for c in init user group provider app outpost binding session consent ban \
    set get unset settings events import-htpasswd check purge; do
	help_ok "authz-admin $c --help prints its usage" $c --help
done
for c in "user add" "user set" "user passwd" "user del" "user list" "user show" \
    "group add" "group del" "group list" "group show" "group member" \
    "provider add" "provider set" "provider del" "provider list" \
    "provider show" "app add" "app set" "app del" "app list" "app show" \
    "outpost add" "outpost del" "outpost list" "outpost attach" \
    "outpost detach" "binding add" "binding del" "binding list" \
    "session create" "session list" "session revoke" "consent list" \
    "consent revoke" "ban list" "ban lift"; do
	# shellcheck disable=SC2086
	help_ok "authz-admin $c --help prints its usage" $c --help
done
run "$ADMIN" --help
for c in init user group provider app outpost binding session consent ban \
    set get settings events import-htpasswd check purge; do
	out_contains "the program usage lists the $c command" "$c"
done
expect_ok "authz-admin --version exits 0" "$ADMIN" --version
out_matches "--version prints a version" '[0-9]'

# Usage errors: exit 2, nothing created or changed.
expect_usage "no command at all is a usage error" "$ADMIN" --db "$DB"
assert "a usage error creates no store" [ ! -e "$DB" ]
adm init >/dev/null 2>&1 || fail "init works"
expect_usage "an unknown command is a usage error" adm frobnicate
expect_usage "an unknown subcommand is a usage error" adm user frobnicate
expect_usage "a command without its subcommand is a usage error" adm user
expect_usage "an unknown global option is a usage error" adm --bogus user list
expect_usage "an unknown command option is a usage error" adm user list --bogus
expect_usage "an unknown user add option is a usage error" \
    adm user add alice --bogus
expect_usage "--db without a value is a usage error" "$ADMIN" --db
expect_usage "user add without a name is a usage error" adm user add
expect_usage "user show without a name is a usage error" adm user show
expect_usage "user show with two names is a usage error" adm user show a b
expect_usage "user add --email without a value is a usage error" \
    adm user add alice --email
expect_usage "group member add without a user is a usage error" \
    adm group member add staff
expect_usage "group member without add or del is a usage error" \
    adm group member staff alice
expect_usage "provider add without a name is a usage error" \
    adm provider add --external https://a.example.com
expect_usage "app add without a slug is a usage error" adm app add
expect_usage "outpost attach without arguments is a usage error" \
    adm outpost attach
expect_usage "session create without a user is a usage error" adm session create
expect_usage "session create --ttl without a value is a usage error" \
    adm session create alice --ttl
expect_usage "consent list with a stray argument is a usage error" \
    adm consent list extra
expect_usage "get with two keys is a usage error" adm get a b
expect_usage "set with three arguments is a usage error" adm set a b c
expect_usage "events with a stray argument is a usage error" adm events extra
expect_usage "check with a stray argument is a usage error" adm check extra
expect_usage "purge with a stray argument is a usage error" adm purge extra
expect_usage "--password is a usage error for user add" \
    adm user add alice --password secret123
expect_usage "init with an unknown option is a usage error" adm init --bogus
expect_usage "init --key-file without a value is a usage error" \
    adm init --key-file
expect_jq "none of the usage errors changed the store" '. == []' json user list

finish
