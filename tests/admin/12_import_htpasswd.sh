# authz-admin import-htpasswd: supported hashes, refusals, all-or-nothing.
. "$ADMIN_LIB"

adm init >/dev/null 2>&1 || { fail "init works"; finish; }
adm user add existing >/dev/null

# Real hashes of "pw": generated where openssl can, else known-good ones.
APR1=$(openssl passwd -apr1 pw 2>/dev/null)
SHA512=$(openssl passwd -6 pw 2>/dev/null)
SHA256=$(openssl passwd -5 pw 2>/dev/null)
SHA1="{SHA}$(printf pw | openssl sha1 -binary | base64)"
: "${APR1:=\$apr1\$iZ5NQhGM\$mhkZKwB1.jStVCaPIuWNO0}"
: "${SHA256:=\$5\$saltsalt\$0rl.MZtoLLPP3X0Rdl8riRnphIcAXJY27/aOAyK2hB5}"
BCRYPT_2Y='$2y$05$FtnkL24hbU8zGr10s9i4yeFoBYknpkHCPfmaOA.67cZOwu2.TYlqK'
BCRYPT_2B='$2b$05$abcdefghijklmnopqrstuuHIrMEWpUCQe2YqFR3sXwQ75u4od..9q'
BCRYPT_2A='$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW'
YESCRYPT='$y$j9T$qOYGDSB2kxArzkH/OFGtp0$KBnmRRbZr30vaxJVoZ9w1gS6BY0kksPTtuD9yyO69wC'
DES='abiQ6Ep3EYTHc'

cat >good.htpasswd <<EOT
# exported from the old server

apr:$APR1
sha512:$SHA512
sha256:$SHA256
sha1:$SHA1
bcrypty:$BCRYPT_2Y
bcryptb:$BCRYPT_2B
bcrypta:$BCRYPT_2A
yes:$YESCRYPT
# another comment
Mixed.Case:$APR1
EOT

expect_ok "import-htpasswd of every supported hash" \
    adm import-htpasswd good.htpasswd
expect_jq "every user of the file is imported" \
    'map(.name) | sort == ["apr","bcrypta","bcryptb","bcrypty","existing",
      "mixed.case","sha1","sha256","sha512","yes"]' json user list
for u in apr sha512 sha256 sha1 bcrypty bcryptb bcrypta yes mixed.case; do
	expect_sql "the imported user $u has a password hash" 1 \
	    "SELECT hash <> '' FROM users WHERE name = '$u';"
done
expect_sql "the apr1 hash is kept as imported (rehashed at first login)" \
    "$APR1" "SELECT hash FROM users WHERE name = 'apr';"
expect_sql "the yescrypt hash is kept as imported" \
    "$YESCRYPT" "SELECT hash FROM users WHERE name = 'yes';"
expect_jq "imported users are active" 'all(.[]; .active == true)' json user list

# From standard input.
printf 'fromstdin:%s\n' "$SHA512" |
    expect_ok "import-htpasswd - reads standard input" adm import-htpasswd -
expect_jq "the user from standard input is imported" '.name == "fromstdin"' \
    json user show fromstdin

# All or nothing: a bad line anywhere refuses the whole file, naming the line.
badfile() {	# NAME LINE4 : a file whose fourth line is LINE4
	printf 'ok1:%s\nok2:%s\n\n%s\nok3:%s\n' "$APR1" "$SHA512" "$2" "$SHA256" >"$1"
}
refused_at_line4() {	# LABEL FILE
	expect_refused "$1" "" adm import-htpasswd "$2"
	if grep -Eq '(^|[^0-9])4([^0-9]|$)' "$T/err"; then pass; else
		fail "$1 (the error names line 4)"; _excerpt "$T/err"
	fi
}
badfile des.txt "des:$DES"
refused_at_line4 "a DES crypt hash is refused and nothing is imported" des.txt
badfile plain.txt "plain:secret"
refused_at_line4 "a plaintext password is refused and nothing is imported" plain.txt
badfile plain2.txt 'plain:$notahash$x'
refused_at_line4 "an unknown hash scheme is refused" plain2.txt
badfile nocolon.txt "nocolonhere"
refused_at_line4 "a line without a colon is refused" nocolon.txt
badfile badname.txt "bad name:$APR1"
refused_at_line4 "an invalid username is refused" badname.txt
badfile ctrl.txt "$(printf 'bad\001name'):$APR1"
refused_at_line4 "a username with a control character is refused" ctrl.txt
badfile exists.txt "existing:$APR1"
refused_at_line4 "an existing user is refused" exists.txt
badfile exists2.txt "APR:$APR1"
refused_at_line4 "an existing user in another case is refused" exists2.txt
badfile emptyhash.txt "nohash:"
refused_at_line4 "an empty hash is refused" emptyhash.txt
badfile emptyname.txt ":$APR1"
refused_at_line4 "an empty username is refused" emptyname.txt
printf 'dup:%s\nother:%s\nzz:%s\ndup:%s\n' "$APR1" "$APR1" "$APR1" "$SHA512" >dup.txt
refused_at_line4 "a name given twice in the file is refused" dup.txt
badfile long.txt "long:\$6\$$(rep a 2000)"
refused_at_line4 "an overlong line is refused" long.txt
printf 'des:%s\n' "$DES" |
    expect_refused "a DES hash on standard input is refused" "" \
    adm import-htpasswd -
expect_jq "none of the refused files imported anyone" \
    'map(.name) | map(select(startswith("ok"))) == []' json user list
expect_refused "a file that does not exist is refused" "" \
    adm import-htpasswd "$PWD/no-such-file"
expect_refused "a directory is refused" "" adm import-htpasswd "$PWD"
expect_usage "import-htpasswd without a file is a usage error" \
    adm import-htpasswd

# An empty or comment-only file imports nothing and succeeds.
printf '# nothing\n\n' >empty.txt
expect_ok "a file with only comments and blank lines is accepted" \
    adm import-htpasswd empty.txt

finish
