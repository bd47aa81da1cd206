# authz-admin binding: add, del, list, and refusals.
. "$ADMIN_LIB"

adm init >/dev/null 2>&1 || { fail "init works"; finish; }
adm provider add p1 --external https://wiki.example.com >/dev/null
adm app add wiki --name Wiki --provider p1 >/dev/null
adm app add blog --name Blog --provider p1 >/dev/null
adm user add alice >/dev/null
adm group add staff >/dev/null

BKEYS='["app","enabled","group","id","negate","order","user"]'

expect_ok "binding add --user" adm binding add wiki --user alice
out_matches "binding add prints 'binding ID added'" '^binding [0-9]+ added$'
out_lines "binding add prints one line" 1
id1=$(sed -n 's/^binding \([0-9]*\) added$/\1/p' "$T/out")
expect_jq "binding add --json prints {\"id\": ID}" \
    'keys == ["id"] and (.id | type) == "number"' \
    json binding add wiki --group staff --negate --order 5 --disabled
id2=$(jq -r .id <"$T/out")
assert "the two bindings have different ids" [ "$id1" != "$id2" ]
expect_ok "binding add --user finds ALICE as alice" \
    adm binding add blog --user ALICE --order 2

expect_jq "binding list APP --json lists that application's bindings" \
    'length == 2 and all(.[]; .app == "wiki")' json binding list wiki
jq_ok "every binding has exactly the documented keys" "all(.[]; keys == $BKEYS)"
jq_ok "the user binding has its fields and defaults" \
    "map(select(.id == ${id1:-0}))[0] |
     .user == \"alice\" and .group == null and .negate == false and
     .enabled == true and .order == 0"
jq_ok "the group binding has --negate, --order and --disabled" \
    "map(select(.id == ${id2:-0}))[0] |
     .group == \"staff\" and .user == null and .negate == true and
     .enabled == false and .order == 5"
expect_jq "binding list without an application lists every binding" \
    'length == 3 and (map(.app) | sort) == ["blog","wiki","wiki"]' \
    json binding list
expect_jq "a binding made with ALICE names alice" \
    '.[0].user == "alice" and .[0].order == 2' json binding list blog
expect_ok "binding list prints a listing" adm binding list wiki
out_contains "the plain binding list names the user" alice
out_contains "the plain binding list names the group" staff

expect_refused "a binding on an unknown application is refused" "nosuch" \
    adm binding add nosuch --user alice
expect_refused "a binding for an unknown user is refused" "nosuch" \
    adm binding add wiki --user nosuch
expect_refused "a binding for an unknown group is refused" "nosuch" \
    adm binding add wiki --group nosuch
expect_usage "a binding with neither --user nor --group is a usage error" \
    adm binding add wiki
expect_rejected "a binding with both --user and --group is rejected" \
    adm binding add wiki --user alice --group staff
expect_refused "a non-numeric --order is refused" "" \
    adm binding add wiki --user alice --order abc
expect_usage "binding add without an application is a usage error" \
    adm binding add
expect_refused "binding list of an unknown application is refused" "nosuch" \
    adm binding list nosuch

expect_refused "binding del of an unknown id is refused" "" adm binding del 999999
expect_rejected "binding del of a non-numeric id is rejected" adm binding del abc
expect_usage "binding del without an id is a usage error" adm binding del
expect_ok "binding del ID" adm binding del "$id1"
expect_jq "the deleted binding is gone" \
    "map(.id) | index(${id1:-0}) == null" json binding list
expect_refused "deleting it again is refused" "" adm binding del "$id1"

finish
