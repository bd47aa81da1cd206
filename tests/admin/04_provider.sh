# authz-admin provider: add, set, del, list, show, and refusals.
. "$ADMIN_LIB"

adm init >/dev/null 2>&1 || { fail "init works"; finish; }

PKEYS='["apps","consent","external","flow","internal","mode","name","skip_paths"]'

expect_ok "provider add with only --external" \
    adm provider add p1 --external https://app.example.com
expect_jq "the JSON provider has exactly the documented keys" \
    "keys == $PKEYS" json provider show p1
jq_ok "the defaults are implicit flow, consent always, domain mode" \
    '.flow == "implicit" and .consent == "always" and .mode == "domain"'
jq_ok "no skip paths and no applications" '.skip_paths == [] and .apps == 0'
jq_ok "an absent internal URL is null" '.internal == null'
jq_ok "the external URL is kept" '.external == "https://app.example.com"'

expect_ok "provider add with every option" \
    adm provider add p2 --external http://intranet.example.com:8080/app \
    --internal http://127.0.0.1:9000 --flow explicit --consent 30d \
    --mode single --skip-path '^/api/' --skip-path '^/health$'
expect_jq "every option is kept" \
    '.external == "http://intranet.example.com:8080/app" and
     .internal == "http://127.0.0.1:9000" and .flow == "explicit" and
     .consent == "30d" and .mode == "single" and
     .skip_paths == ["^/api/", "^/health$"]' json provider show p2
expect_ok "--consent permanent" \
    adm provider add p3 --external https://p3.example.com --consent permanent
expect_jq "consent permanent shows as permanent" '.consent == "permanent"' \
    json provider show p3
expect_ok "--consent with a compound duration" \
    adm provider add p4 --external https://p4.example.com --consent 1h30m
expect_jq "a compound consent duration shows as a duration string" \
    '.consent | test("^([0-9]+[smhd])+$")' json provider show p4
expect_ok "--consent always and --flow implicit --mode domain explicitly" \
    adm provider add p5 --external https://p5.example.com --consent always \
    --flow implicit --mode domain
expect_jq "provider list --json lists every provider" \
    'map(.name) | sort == ["p1","p2","p3","p4","p5"]' json provider list
jq_ok "every listed provider has the documented keys" "all(.[]; keys == $PKEYS)"
expect_ok "provider list prints a listing" adm provider list
out_contains "the plain provider list names p2" p2
expect_ok "provider show prints a provider" adm provider show p2
out_contains "the plain provider show has the external URL" \
    http://intranet.example.com:8080/app

# Refusals on add.
expect_refused "adding an existing provider is refused" "already exists" \
    adm provider add p1 --external https://other.example.com
expect_usage "provider add without --external is a usage error" \
    adm provider add p9
for url in ftp://app.example.com app.example.com /relative \
    "https://" "https://user:pw@app.example.com" "https://user@app.example.com" \
    "https://app.example.com/?q=1" "https://app.example.com/#frag" \
    "javascript:alert(1)" "https://app .example.com" "file:///etc/passwd" \
    "$(printf 'https://app.example.com/\r\nX: y')" ""; do
	expect_refused "the external URL '$url' is refused" "" \
	    adm provider add p9 --external "$url"
done
expect_refused "a non-http internal URL is refused" "" \
    adm provider add p9 --external https://a.example.com --internal ftp://x
expect_refused "an internal URL with userinfo is refused" "" \
    adm provider add p9 --external https://a.example.com \
    --internal http://u:p@127.0.0.1
expect_refused "an unclosed group is a regex that does not compile" "" \
    adm provider add p9 --external https://a.example.com --skip-path '^/(api'
expect_refused "an unclosed bracket is a regex that does not compile" "" \
    adm provider add p9 --external https://a.example.com --skip-path '[a-'
expect_refused "one bad regex among good ones refuses the provider" "" \
    adm provider add p9 --external https://a.example.com --skip-path '^/ok' \
    --skip-path 'a{2,1}'
expect_refused "--flow other is rejected" "" \
    adm provider add p9 --external https://a.example.com --flow other
expect_refused "--mode other is rejected" "" \
    adm provider add p9 --external https://a.example.com --mode other
for d in 10x 10 h -5m 1.5h "30 m" m30 ""; do
	expect_refused "the consent duration '$d' is rejected" "" \
	    adm provider add p9 --external https://a.example.com --consent "$d"
done
expect_refused "a provider name with a control character is refused" "" \
    adm provider add "$(printf 'p\001x')" --external https://a.example.com
expect_refused "an empty provider name is refused" "" \
    adm provider add "" --external https://a.example.com

# set.
expect_ok "provider set --flow explicit" adm provider set p1 --flow explicit
expect_jq "provider set changed the flow and nothing else" \
    '.flow == "explicit" and .external == "https://app.example.com" and
     .consent == "always" and .mode == "domain"' json provider show p1
expect_ok "provider set --external --internal --consent --mode" \
    adm provider set p1 --external https://new.example.com/x \
    --internal http://10.0.0.1:8081 --consent 7d --mode single
expect_jq "provider set kept every change" \
    '.external == "https://new.example.com/x" and .internal == "http://10.0.0.1:8081"
     and .consent == "7d" and .mode == "single"' json provider show p1
expect_ok "provider set without --skip-path keeps the list" \
    adm provider set p2 --flow implicit
expect_jq "the skip paths are kept" '.skip_paths == ["^/api/", "^/health$"]' \
    json provider show p2
expect_ok "provider set --skip-path replaces the list" \
    adm provider set p2 --skip-path '^/public/'
expect_jq "the skip paths are replaced" '.skip_paths == ["^/public/"]' \
    json provider show p2
expect_refused "provider set with a bad regex is refused" "" \
    adm provider set p2 --skip-path '(' 
expect_jq "a refused set keeps the old list" '.skip_paths == ["^/public/"]' \
    json provider show p2
expect_ok "provider set --no-skip-paths clears the list" \
    adm provider set p2 --no-skip-paths
expect_jq "the skip paths are cleared" '.skip_paths == []' json provider show p2
expect_refused "provider set on an unknown provider is refused" "nosuch" \
    adm provider set nosuch --flow explicit
expect_refused "provider set with a bad external URL is refused" "" \
    adm provider set p1 --external ftp://x.example.com
expect_refused "provider set with a bad consent duration is rejected" "" \
    adm provider set p1 --consent 5y

# del, and the applications count.
adm app add a1 --name A1 --provider p3 >/dev/null
adm app add a2 --name A2 --provider p3 >/dev/null
expect_jq "apps counts the applications that use a provider" '.apps == 2' \
    json provider show p3
expect_refused "provider del while an application uses it is refused" "p3" \
    adm provider del p3
expect_refused "provider del of an unknown provider is refused" "nosuch" \
    adm provider del nosuch
expect_refused "provider show of an unknown provider is refused" "nosuch" \
    adm provider show nosuch
adm app del a1 >/dev/null
adm app del a2 >/dev/null
expect_ok "provider del once no application uses it" adm provider del p3
expect_jq "the provider is gone" 'map(.name) | index("p3") == null' \
    json provider list
expect_sql "its skip paths went with it" 0 \
    'SELECT count(*) FROM skip_paths WHERE provider_id NOT IN (SELECT id FROM providers);'

finish
