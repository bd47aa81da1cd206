# authz-admin set, get, unset, settings, and refusals.
. "$ADMIN_LIB"

adm init >/dev/null 2>&1 || { fail "init works"; finish; }

KEYS='["cookie.domain","cookie.name","login.max_kdf","login.url","outpost.default",
  "password.scrypt","proxy.trusted","regulation.ban_time",
  "regulation.find_time","regulation.max_retries","session.idle",
  "session.lifetime","session.remember","totp.issuer"]'

expect_jq "settings --json lists every key" "map(.key) | sort == $KEYS" \
    json settings
jq_ok "on a new store every setting is a default" 'all(.[]; .default == true)'
jq_ok "every setting has exactly key, value, default" \
    'all(.[]; keys == ["default","key","value"])'
jq_ok "the documented defaults" \
    'map({(.key): .value}) | add |
     .["session.lifetime"] == "12h" and .["session.idle"] == "30m" and
     .["regulation.max_retries"] == "5" and .["regulation.find_time"] == "10m" and
     .["regulation.ban_time"] == "5m" and .["totp.issuer"] == "postern" and
     .["password.scrypt"] == "N=32768,r=8,p=3" and
     .["outpost.default"] == "embedded"'
expect_ok "settings prints a listing" adm settings
for k in login.url cookie.name cookie.domain session.lifetime session.idle \
    session.remember regulation.max_retries regulation.find_time \
    regulation.ban_time proxy.trusted totp.issuer password.scrypt \
    outpost.default; do
	out_contains "the plain settings listing names $k" "$k"
done

expect_ok "get session.lifetime" adm get session.lifetime
out_is "get prints the default value" 12h
expect_jq "get --json shows the value and that it is the default" \
    '. == {"key":"session.lifetime","value":"12h","default":true}' \
    json get session.lifetime
expect_jq "get of login.url before it is set is a default with no value" \
    '.key == "login.url" and .default == true and (.value == null or .value == "")' \
    json get login.url

expect_ok "set login.url" adm set login.url https://auth.example.com
expect_ok "get login.url" adm get login.url
out_is "get prints the value set" https://auth.example.com
expect_jq "a value set is not a default" \
    '.value == "https://auth.example.com" and .default == false' \
    json get login.url
expect_sql "set wrote one settings row" 1 "SELECT count(*) FROM settings;"
expect_ok "set a compound duration" adm set session.lifetime 1h30m
expect_ok "set a duration of 0" adm set session.remember 0
expect_ok "set session.idle 45m" adm set session.idle 45m
expect_ok "set regulation.max_retries 3" adm set regulation.max_retries 3
expect_ok "set regulation.find_time 1d" adm set regulation.find_time 1d
expect_ok "set regulation.ban_time 90s" adm set regulation.ban_time 90s
expect_ok "set cookie.domain" adm set cookie.domain example.com
expect_ok "set totp.issuer" adm set totp.issuer "Example Corp"
expect_ok "set password.scrypt" adm set password.scrypt N=1024,r=8,p=1
expect_jq "settings shows the values set as not default" \
    'map({(.key): [.value, .default]}) | add |
     .["session.lifetime"] == ["1h30m", false] and
     .["regulation.max_retries"] == ["3", false] and
     .["totp.issuer"] == ["Example Corp", false] and
     .["cookie.name"][1] == true' json settings
expect_ok "set a key to the same value again" adm set session.idle 45m

expect_ok "unset session.lifetime" adm unset session.lifetime
expect_jq "after unset the default is back" \
    '.value == "12h" and .default == true' json get session.lifetime
expect_sql "unset removed the row" 0 \
    "SELECT count(*) FROM settings WHERE key = 'session.lifetime';"

# Refusals.
for k in no.such.key login.URL login session; do
	expect_refused "set of the unknown key '$k' is refused" "$k" adm set "$k" x
	expect_refused "get of the unknown key '$k' is refused" "$k" adm get "$k"
	expect_refused "unset of the unknown key '$k' is refused" "$k" adm unset "$k"
done
for d in 10 1x h -5m "" 1.5h "30 m" m30 "1h 30m" 1H 99999999999999999999d; do
	expect_refused "the duration '$d' is refused for session.idle" "" \
	    adm set session.idle "$d"
done
expect_refused "a bad duration is refused for regulation.ban_time" "" \
    adm set regulation.ban_time forever
expect_refused "a bad duration is refused for session.lifetime" "" \
    adm set session.lifetime 12
for v in abc -1 1.5 ""; do
	expect_refused "regulation.max_retries '$v' is refused" "" \
	    adm set regulation.max_retries "$v"
done
for v in ftp://auth.example.com "not a url" auth.example.com; do
	expect_refused "login.url '$v' is refused" "" adm set login.url "$v"
done
for v in garbage N=1000,r=8,p=1 N=1024 "N=1024,r=0,p=1"; do
	expect_refused "password.scrypt '$v' is refused" "" \
	    adm set password.scrypt "$v"
done
expect_refused "proxy.trusted that is not an address or CIDR is refused" "" \
    adm set proxy.trusted not-an-address
expect_refused "a cookie name with a semicolon is refused" "" \
    adm set cookie.name "a;b"
expect_refused "a cookie name with a space is refused" "" \
    adm set cookie.name "a b"
expect_refused "a totp.issuer with a control character is refused" "" \
    adm set totp.issuer "$(printf 'Evil\nIssuer')"
expect_usage "set without a value is a usage error" adm set session.idle
expect_usage "set without a key is a usage error" adm set
expect_usage "get without a key is a usage error" adm get

finish
