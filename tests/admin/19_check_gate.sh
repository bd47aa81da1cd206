# authz-admin check --gate DIR: shared hosting's gate, run without suexec
# (as the web server's user, as root) or unable to open the store, each
# found with its fix; a gate as suexec would run it passes.
. "$ADMIN_LIB"

adm init >/dev/null 2>&1 &&
adm set login.url https://auth.example.com >/dev/null &&
adm provider add files --external https://auth.example.com/priv >/dev/null &&
adm app add files --name Files --provider files >/dev/null ||
    { fail "the store is made"; finish; }

G=$T/cgi
mkdir -p "$G" "$T/priv"
cp "$ADMIN" "$G/authz-cgi"
conf() {
	printf 'db %s\napp files\nroot %s\nprefix /priv\n%s' "$DB" "$T/priv" \
	    "$1" >"$G/authz-cgi.conf"
}

# gate LABEL TEXT: check --gate exits 1 with exactly one problem, whose
# sentence contains TEXT, with its fix.
gate() {
	run json check --gate "$G"
	if [ "$(rc)" = 1 ]; then pass; else
		_fail_cmd "$1: check --gate exits 1" "exit 1" json check --gate "$G"
	fi
	jq_ok "$1: exactly one problem is named" 'length == 1'
	jq_ok "$1: the problem says '$2'" "(.[0].problem | contains(\"$2\"))"
	jq_ok "$1: it comes with a fix" '(.[0].fix | length > 10)'
}

expect_ok "check without --gate passes" adm check

# The web server's user is ours: no suexec could be in between.
conf "web-user $(id -un)
"
gate "the gate runs as the web server's user" \
    "would run as the web server's user $(id -un) (no suexec)"
run adm check --gate "$G"
out_contains "the fix names suexec" "suexec"

rm "$G/authz-cgi.conf"
gate "no authz-cgi.conf" "authz-cgi.conf: cannot be read"
conf "web-user no-such-user-here
"
rm "$G/authz-cgi"
gate "no gate" "does not exist"
cp "$ADMIN" "$G/authz-cgi"

if [ "$(id -u)" -eq 0 ]; then
	gate "the gate is root's" "is root's"
	chown nobody "$G/authz-cgi"
	gate "the gate and the store of different owners" "cannot open the store"
	chown nobody "$DB"
	expect_ok "the gate and the store both nobody's: check --gate passes" \
	    adm check --gate "$G"
else
	expect_ok "the gate and the store both ours: check --gate passes" \
	    adm check --gate "$G"
fi

finish
