# authz-admin app: add, set, del, list, show, and refusals.
. "$ADMIN_LIB"

adm init >/dev/null 2>&1 || { fail "init works"; finish; }
adm provider add p1 --external https://wiki.example.com >/dev/null
adm provider add p2 --external https://blog.example.com >/dev/null
adm outpost add edge >/dev/null

AKEYS='["description","icon","launch_url","name","outposts","policy_mode","provider","slug"]'

expect_ok "app add with --name and --provider" \
    adm app add wiki --name Wiki --provider p1
expect_jq "the JSON application has exactly the documented keys" \
    "keys == $AKEYS" json app show wiki
jq_ok "slug, name and provider are kept" \
    '.slug == "wiki" and .name == "Wiki" and .provider == "p1"'
jq_ok "the default policy mode is any" '.policy_mode == "any"'
jq_ok "a new application is attached to embedded" '.outposts == ["embedded"]'
jq_ok "absent icon, launch URL and description are null" \
    '.icon == null and .launch_url == null and .description == null'
expect_jq "provider show counts the application" '.apps == 1' \
    json provider show p1

expect_ok "app add with every option" \
    adm app add blog --name "The Blog" --provider p2 \
    --icon https://cdn.example.com/blog.png --launch-url /blog/ \
    --description "Notes — and news" --policy-mode all --outpost edge
expect_jq "every option is kept" \
    '.name == "The Blog" and .provider == "p2" and
     .icon == "https://cdn.example.com/blog.png" and .launch_url == "/blog/" and
     .description == "Notes — and news" and .policy_mode == "all"' \
    json app show blog
jq_ok "--outpost attaches to that outpost instead of embedded" \
    '.outposts == ["edge"]'
expect_jq "outpost list shows the attachment" \
    'map(select(.name == "edge"))[0].apps == ["blog"]' json outpost list

expect_ok "a slug of lowercase letters, digits, - and _ is valid" \
    adm app add a-b_c9 --name X --provider p1
expect_ok "a 64-byte slug is valid" adm app add "$(rep s 64)" --name X --provider p1
expect_ok "an http icon and an https launch URL are fine" \
    adm app add urls --name U --provider p1 --icon http://example.com/i.png \
    --launch-url https://wiki.example.com/start
expect_ok "a path icon is fine" adm app add pathicon --name P --provider p1 \
    --icon /static/icon.svg

adm outpost add other >/dev/null
adm set outpost.default other >/dev/null
expect_ok "app add after outpost.default is changed" \
    adm app add viadefault --name V --provider p1
expect_jq "a new application goes to the outpost.default outpost" \
    '.outposts == ["other"]' json app show viadefault
adm unset outpost.default >/dev/null

expect_jq "app list --json lists every application" \
    'map(.slug) | sort == (["a-b_c9","blog","pathicon","urls","viadefault","wiki","'"$(rep s 64)"'"] | sort)' \
    json app list
jq_ok "every listed application has the documented keys" "all(.[]; keys == $AKEYS)"
expect_ok "app list prints a listing" adm app list
out_contains "the plain app list names wiki" wiki
expect_ok "app show prints an application" adm app show blog
out_contains "the plain app show has the name" "The Blog"

# Refusals on add.
expect_refused "adding an existing slug is refused" "already exists" \
    adm app add wiki --name Again --provider p1
expect_refused "an application with an unknown provider is refused" "nosuch" \
    adm app add x1 --name X --provider nosuch
expect_refused "an application on an unknown outpost is refused" "nosuch" \
    adm app add x1 --name X --provider p1 --outpost nosuch
expect_usage "app add without --name is a usage error" adm app add x1 --provider p1
expect_usage "app add without --provider is a usage error" adm app add x1 --name X
for slug in Wiki "a b" a.b a/b "" "$(rep s 65)" "$(printf 'a\nb')" "ä" "a@b"; do
	expect_refused "the slug '$slug' is refused" "" \
	    adm app add "$slug" --name X --provider p1
done
for url in "javascript:alert(1)" "JavaScript:alert(1)" "data:image/png;base64,AAAA" \
    "//evil.example.com/i.png" "ftp://example.com/i.png" "icon.png" \
    "vbscript:x" "$(printf '/a\nb')"; do
	expect_refused "the icon URL '$url' is refused" "" \
	    adm app add x1 --name X --provider p1 --icon "$url"
	expect_refused "the launch URL '$url' is refused" "" \
	    adm app add x1 --name X --provider p1 --launch-url "$url"
done
expect_refused "an application name with a control character is refused" "" \
    adm app add x1 --name "$(printf 'X\001')" --provider p1
expect_refused "an application name that is not UTF-8 is refused" "" \
    adm app add x1 --name "$(printf 'X\377')" --provider p1
expect_refused "an empty application name is refused" "" \
    adm app add x1 --name "" --provider p1
expect_refused "a description with a control character is refused" "" \
    adm app add x1 --name X --provider p1 --description "$(printf 'a\033b')"
expect_refused "a description of 5000 bytes is refused" "" \
    adm app add x1 --name X --provider p1 --description "$(rep d 5000)"
expect_refused "--policy-mode some is refused" "" \
    adm app add x1 --name X --provider p1 --policy-mode some

# set.
expect_ok "app set --name --description" \
    adm app set wiki --name "Team Wiki" --description "Our docs"
expect_jq "app set kept both changes and nothing else" \
    '.name == "Team Wiki" and .description == "Our docs" and .provider == "p1"
     and .policy_mode == "any" and .outposts == ["embedded"]' json app show wiki
expect_ok "app set --provider --icon --launch-url --policy-mode" \
    adm app set wiki --provider p2 --icon /w.png \
    --launch-url https://wiki.example.com/ --policy-mode all
expect_jq "app set kept every change" \
    '.provider == "p2" and .icon == "/w.png" and
     .launch_url == "https://wiki.example.com/" and .policy_mode == "all"' \
    json app show wiki
expect_refused "app set on an unknown application is refused" "nosuch" \
    adm app set nosuch --name X
expect_refused "app set to an unknown provider is refused" "nosuch" \
    adm app set wiki --provider nosuch
expect_refused "app set with a javascript: icon is refused" "" \
    adm app set wiki --icon "javascript:alert(1)"
expect_refused "app set with a protocol-relative launch URL is refused" "" \
    adm app set wiki --launch-url //evil.example.com/
expect_refused "app set with a control character in the name is refused" "" \
    adm app set wiki --name "$(printf 'a\tb')"
expect_refused "app set --policy-mode some is refused" "" \
    adm app set wiki --policy-mode some

# del.
adm user add alice >/dev/null
adm binding add wiki --user alice >/dev/null
adm outpost attach edge wiki >/dev/null
expect_refused "app show of an unknown application is refused" "nosuch" \
    adm app show nosuch
expect_refused "app del of an unknown application is refused" "nosuch" \
    adm app del nosuch
expect_ok "app del wiki" adm app del wiki
expect_jq "the application is gone" 'map(.slug) | index("wiki") == null' \
    json app list
expect_jq "its bindings are gone" 'map(select(.app == "wiki")) == []' \
    json binding list
expect_jq "its attachments are gone" \
    'all(.[]; .apps | index("wiki") == null)' json outpost list
expect_jq "its provider no longer counts it" '.apps == 1' json provider show p2

finish
