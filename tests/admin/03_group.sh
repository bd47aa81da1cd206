# authz-admin group: add, del, list, show, member add/del, and refusals.
. "$ADMIN_LIB"

adm init >/dev/null 2>&1 || { fail "init works"; finish; }
adm user add alice >/dev/null
adm user add bob >/dev/null

expect_ok "group add admins" adm group add admins
expect_ok "a group name with a space is fine" adm group add "Ops Team"
expect_ok "a UTF-8 group name is fine" adm group add "équipe"
expect_ok "a 64-byte group name is fine" adm group add "$(rep g 64)"
expect_jq "group list --json has name and member count" \
    'map(select(.name == "admins")) == [{"name":"admins","members":0}]' \
    json group list
jq_ok "group list --json lists every group" 'length == 4'
expect_jq "group show --json of an empty group" \
    '. == {"name":"admins","members":[]}' json group show admins
expect_ok "group list prints a listing" adm group list
out_contains "the plain group list names admins" admins

expect_refused "adding an existing group is refused" "already exists" \
    adm group add admins
expect_refused "an empty group name is refused" "" adm group add ""
expect_refused "a 65-byte group name is refused" "" adm group add "$(rep g 65)"
expect_refused "a group name with a comma is refused" "" adm group add "a,b"
expect_refused "a group name with a tab is refused" "" adm group add "$(printf 'a\tb')"
expect_refused "a group name with a newline is refused" "" \
    adm group add "$(printf 'a\nb')"
expect_refused "a group name with DEL is refused" "" adm group add "$(printf 'a\177b')"
expect_refused "a group name that is not UTF-8 is refused" "" \
    adm group add "$(printf 'a\377b')"

# Members.
expect_ok "group member add admins alice" adm group member add admins alice
expect_ok "group member add finds BOB as bob" adm group member add admins BOB
expect_jq "group show lists the members" '.members | sort == ["alice","bob"]' \
    json group show admins
expect_jq "group list counts the members" \
    'map(select(.name == "admins"))[0].members == 2' json group list
expect_jq "user show lists the user's groups" '.groups == ["admins"]' \
    json user show alice
expect_refused "adding an existing member is refused" "" \
    adm group member add admins alice
expect_refused "adding an unknown user to a group is refused" "nosuch" \
    adm group member add admins nosuch
expect_refused "adding a member to an unknown group is refused" "nogroup" \
    adm group member add nogroup alice
expect_refused "removing a non-member is refused" "" \
    adm group member del "Ops Team" alice
expect_refused "removing an unknown user is refused" "nosuch" \
    adm group member del admins nosuch
expect_refused "removing from an unknown group is refused" "nogroup" \
    adm group member del nogroup alice
expect_ok "group member del admins bob" adm group member del admins bob
expect_jq "the member is removed" '.members == ["alice"]' json group show admins
expect_jq "the removed member's groups are updated" '.groups == []' \
    json user show bob

expect_refused "group show of an unknown group is refused" "nogroup" \
    adm group show nogroup
expect_refused "group del of an unknown group is refused" "nogroup" \
    adm group del nogroup

# Deleting a group removes its memberships and bindings.
adm provider add p1 --external https://app.example.com >/dev/null
adm app add app1 --name App --provider p1 >/dev/null
adm binding add app1 --group admins >/dev/null
adm binding add app1 --user bob >/dev/null
expect_ok "group del admins" adm group del admins
expect_jq "the deleted group is gone" \
    'map(.name) | index("admins") == null' json group list
expect_jq "its members are no longer in it" '.groups == []' json user show alice
expect_jq "its bindings are gone, others stay" \
    'map(.group) == [null] and map(.user) == ["bob"]' json binding list app1
expect_sql "no membership refers to the deleted group" 0 \
    'SELECT count(*) FROM memberships WHERE group_id NOT IN (SELECT id FROM groups);'
expect_ok "a deleted group name can be added again" adm group add admins

finish
