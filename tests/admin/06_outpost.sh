# authz-admin outpost: add, del, list, attach, detach, and refusals.
. "$ADMIN_LIB"

adm init >/dev/null 2>&1 || { fail "init works"; finish; }
adm provider add p1 --external https://wiki.example.com >/dev/null
adm app add wiki --name Wiki --provider p1 >/dev/null
adm app add blog --name Blog --provider p1 >/dev/null

expect_ok "outpost add edge" adm outpost add edge
expect_jq "outpost list --json lists both outposts with their applications" \
    'map({(.name): (.apps | sort)}) | add == {"edge": [], "embedded": ["blog","wiki"]}' \
    json outpost list
jq_ok "every listed outpost has just name and apps" \
    'all(.[]; keys == ["apps","name"])'
expect_ok "outpost list prints a listing" adm outpost list
out_contains "the plain outpost list names edge" edge

expect_refused "adding an existing outpost is refused" "already exists" \
    adm outpost add edge
expect_refused "adding embedded again is refused" "embedded" adm outpost add embedded
expect_refused "an empty outpost name is refused" "" adm outpost add ""
expect_refused "an outpost name with a control character is refused" "" \
    adm outpost add "$(printf 'e\nx')"
expect_refused "a 65-byte outpost name is refused" "" adm outpost add "$(rep o 65)"

expect_ok "outpost attach edge wiki" adm outpost attach edge wiki
expect_jq "the application shows both outposts" \
    '.outposts | sort == ["edge","embedded"]' json app show wiki
expect_jq "the outpost lists the application" \
    'map(select(.name == "edge"))[0].apps == ["wiki"]' json outpost list
expect_refused "attaching an attached application is refused" "" \
    adm outpost attach edge wiki
expect_refused "attaching to an unknown outpost is refused" "nosuch" \
    adm outpost attach nosuch wiki
expect_refused "attaching an unknown application is refused" "nosuch" \
    adm outpost attach edge nosuch
expect_ok "outpost detach embedded wiki" adm outpost detach embedded wiki
expect_jq "the application is left on edge only" '.outposts == ["edge"]' \
    json app show wiki
expect_refused "detaching an application that is not attached is refused" "" \
    adm outpost detach embedded wiki
expect_refused "detaching from an unknown outpost is refused" "nosuch" \
    adm outpost detach nosuch wiki
expect_refused "detaching an unknown application is refused" "nosuch" \
    adm outpost detach edge nosuch
expect_usage "outpost attach with one argument is a usage error" \
    adm outpost attach edge

expect_refused "outpost del of an unknown outpost is refused" "nosuch" \
    adm outpost del nosuch
expect_ok "outpost del edge" adm outpost del edge
expect_jq "the outpost is gone" 'map(.name) == ["embedded"]' json outpost list
expect_jq "its attachments are gone, the application stays" \
    '.outposts == []' json app show wiki
expect_sql "no attachment refers to the deleted outpost" 0 \
    'SELECT count(*) FROM outpost_apps WHERE outpost_id NOT IN (SELECT id FROM outposts);'

finish
