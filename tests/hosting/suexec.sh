# postern hosting tests, shared hosting under suexec (issue 7): recipe 2,
# the gate, run by Debian's suexec (package apache2-suexec-pristine) as a
# test account, the way a shared host runs an account's CGI programs.
# Sourced by run.sh at the end, as root only (it creates the account):
# the same helpers and counts, its own Apache.
#
# The account (postern-t-XXXXXX, a uid from useradd's range, so above
# suexec's AP_UID_MIN) has its home in a temporary directory and its site
# in ~/public_html, served as /~account/ by mod_userdir: suexec's userdir
# mode, so nothing under its docroot (/var/www) is touched.  A second
# Apache runs on 127.0.0.1 with a private configuration as www-data, the
# only caller suexec accepts (AP_HTTPD_USER).  The store (0600, in a 0700
# directory of the home), the gate (0755) and its directory are the
# account's; the snippet's three files are written exactly as
# "authz-admin snippet htaccess APP --gate" prints them, run as the
# account.  The account, its files and this Apache go at the end, on
# failure too.
#
# What it proves: suexec runs the gate as the account (an environment
# probe run the same way reports its uid, suexec's log names the
# account, a protected file only the account can read is served, and
# every file of the store stays the account's); suexec passes
# REDIRECT_HANDLER where it drops REDIRECT_REQUEST_METHOD and SetEnv
# values, so the method still reaches the gate (a POST to a file is a
# 405); and the flow and the bypasses of run.sh's list that depend on the
# environment hold under suexec.  suexec's own refusals (a gate writable
# by others, a gate that is not the account's) leave the 403 in place.
# Then recipe 1 in the same Apache: mod_fcgid runs authz-fcgi through
# suexec as the account (the process list shows its uid), login-cgi too.

SX=
SXU=
SX_PID=
suexec_cleanup() {
	if [ -n "$SX_PID" ]; then
		stop_pid "$SX_PID"
		SX_PID=
	fi
	[ -n "$SX" ] && stop_under "$SX"
	if [ -n "$SXU" ]; then
		# Programs run as the account (mod_fcgid's checker) end with
		# Apache; any left are ours, stopped by their PID.
		_i=0
		while [ -n "$(ps -o pid= -u "$SXU" 2>/dev/null)" ] && [ $_i -lt 30 ]; do
			sleep 0.1
			_i=$((_i + 1))
		done
		for _p in $(ps -o pid= -u "$SXU" 2>/dev/null); do
			stop_pid "$_p"
		done
		getent passwd "$SXU" >/dev/null && userdel "$SXU" >/dev/null 2>&1
		getent group "$SXU" >/dev/null && groupdel "$SXU" >/dev/null 2>&1
		SXU=
	fi
	if [ -n "$SX" ]; then
		if [ -n "${KEEP:-}" ]; then
			echo "# kept $SX"
		else
			rm -rf "$SX"
		fi
		SX=
	fi
}
trap 'suexec_cleanup; cleanup' EXIT

SUEXEC=/usr/lib/apache2/suexec

# The setting NAME from "suexec -V" ("" if absent).
suexec_setting() {
	sed -n "s/^ *-D $1=\"*\([^\"]*\)\"*\$/\1/p" "$SX/suexec.V" | head -1
}

# suexec's log since the run began.
suexec_log() {
	tail -c +$((SX_LOG0 + 1)) "$SX_LOG" 2>/dev/null
}

suexec_run() {
	for m in userdir suexec; do
		[ -f "$APMOD/mod_$m.so" ] || {
			notok "suexec: mod_$m is installed (Debian package apache2)"
			return 0
		}
	done
	for prog in useradd userdel groupdel setpriv; do
		find_bin "$prog" >/dev/null ||
		    { notok "suexec: $prog is installed"; return 0; }
	done
	SX=$(mktemp -d "${TMPDIR:-/tmp}/postern-suexec.XXXXXX") ||
	    { notok "suexec: a temporary directory"; return 0; }
	chmod 711 "$SX"
	# suexec is setuid root and executable by the web server's group
	# only; its settings are compiled in.
	if [ -u "$SUEXEC" ] && [ "$(stat -L -c %u "$SUEXEC")" = 0 ] &&
	    "$SUEXEC" -V >"$SX/suexec.V" 2>&1; then
		ok "suexec is installed, setuid root (Debian package apache2-suexec-pristine)"
	else
		notok "suexec is installed, setuid root (Debian package apache2-suexec-pristine)"
		return 0
	fi
	sed 's/^/# suexec -V: /' "$SX/suexec.V"
	SX_HTTPD=$(suexec_setting AP_HTTPD_USER)
	SX_UIDMIN=$(suexec_setting AP_UID_MIN)
	SX_SUFFIX=$(suexec_setting AP_USERDIR_SUFFIX)
	SX_LOG=$(suexec_setting AP_LOG_EXEC)
	check "suexec: its web server user exists, its userdir is public_html" eval '
	    getent passwd "$SX_HTTPD" >/dev/null && eq "$SX_SUFFIX" public_html &&
	    [ -n "$SX_UIDMIN" ] && [ -n "$SX_LOG" ]'
	[ "$SX_SUFFIX" = public_html ] && [ -n "$SX_HTTPD" ] || return 0
	SX_LOG0=$( (wc -c <"$SX_LOG") 2>/dev/null || echo 0)

	# ---------------------------------------------------- the account

	SXU=postern-t-$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')
	SXHOME=$SX/$SXU
	if useradd -M -d "$SXHOME" -s /usr/sbin/nologin -U "$SXU" \
	    >"$SX/useradd.log" 2>&1; then
		SXUID=$(id -u "$SXU")
		SXG=$(id -gn "$SXU")
		SXGID=$(id -g "$SXU")
	else
		notok "suexec: a test account is made with useradd"
		sed 's/^/# /' "$SX/useradd.log"
		SXU=
		return 0
	fi
	check "suexec: a test account $SXU, uid $SXUID at least AP_UID_MIN $SX_UIDMIN" \
	    eval '[ "$SXUID" -ge "$SX_UIDMIN" ] && [ "$SXGID" -ge "$(suexec_setting AP_GID_MIN)" ]'
	SXRUN="setpriv --reuid=$SXU --regid=$SXG --clear-groups"
	PUB=$SXHOME/public_html
	SXP=$PUB/priv
	SXC=$PUB/cgi
	SXS=$SXHOME/postern
	SXDB=$SXS/postern.db
	mkdir -p "$SXP/docs" "$SXC" "$SXS" "$PUB/probe" "$PUB/envcgi" \
	    "$PUB/bad" "$PUB/badcgi" "$PUB/root" "$PUB/rootcgi" "$SX/outside"
	chown -R "$SXU:$SXG" "$SXHOME"
	chmod 711 "$SXHOME"
	chmod 700 "$SXS"
	sxadm() {
		(cd "$SXHOME" && $SXRUN env HOME="$SXHOME" "$ADMIN" --db "$SXDB" "$@")
	}
	if {
		sxadm init &&
		sxadm set password.scrypt N=1024,r=8,p=1 &&
		sxadm set login.url https://auth.example.test &&
		sxadm set cookie.domain example.test &&
		sxadm group add staff &&
		sxadm user add alice --random-password &&
		sxadm group member add staff alice &&
		sxadm user add bob --random-password &&
		sxadm provider add files --external "http://$H/~$SXU/priv" \
		    --internal http://127.0.0.1:9 &&
		sxadm app add files --name Files --provider files &&
		sxadm binding add files --group staff &&
		chmod 600 "$SXDB"
	} >"$SX/setup.log" 2>&1; then
		ok "suexec: the account's store, made by authz-admin run as the account"
	else
		notok "suexec: the account's store, made by authz-admin run as the account"
		sed 's/^/# /' "$SX/setup.log"
		return 0
	fi
	SXA="Cookie: $COOKIE=$(sxadm session create alice)"
	SXB="Cookie: $COOKIE=$(sxadm session create bob)"

	# Protected files; f.txt only the account can read.
	printf '%s 0123456789abcdef\n' "$MARK" >"$SXP/f.txt"
	printf '<p>%s index</p>\n' "$MARK" >"$SXP/index.html"
	printf '%s docs\n' "$MARK" >"$SXP/docs/a.txt"
	printf '%s hidden\n' "$MARK" >"$SXP/.hidden"
	printf '<?php /* %s source */ echo "user=", $_SERVER["REMOTE_USER"] ?? "", ";uid=", posix_getuid(), ";m=", $_SERVER["REQUEST_METHOD"], ";body=", file_get_contents("php://input"), "\\n";\n' \
	    "$MARK" >"$SXP/p.php"
	printf '%s public_html\n' "$MARK" >"$PUB/other.txt"
	printf '%s outside\n' "$MARK" >"$SX/outside/secret.txt"
	ln -s ../other.txt "$SXP/up.txt"
	ln -s "$SX/outside/secret.txt" "$SXP/out.txt"
	chmod -R a+rX "$SX/outside"

	# The gate, a copy (suexec runs no symbolic link), and the three files
	# exactly as printed, written as the account.
	cp "$GATE" "$SXC/authz-cgi"
	sxadm snippet htaccess files --gate --dir "$SXP" --cgi-dir "$SXC" \
	    --cgi-url "/~$SXU/cgi" --php-cgi "$PHP" >"$SX/snippet" 2>"$SX/snippet.err"
	check "suexec: snippet htaccess --gate prints the three files for ~$SXU" \
	    eval 'grep -c "^#### file: " "$SX/snippet" | grep -qx 3'
	chown -R "$SXU:$SXG" "$PUB"
	$SXRUN awk '/^#### file: /{ f = substr($0, 12); next } f != "" { print > f }' \
	    "$SX/snippet"
	check "suexec: the .htaccess names the gate in ~/public_html by its real path" \
	    grep -q "REDIRECT_SCRIPT_FILENAME} == '$SXC/authz-cgi'" "$SXP/.htaccess"

	# An environment probe run by suexec the same way (a 403 sent to a
	# CGI program), with a SetEnv value suexec should drop.
	cat >"$PUB/probe/.htaccess" <<EOF
SetEnvIf Request_Method "^(.*)\$" HANDLER=\$1
SetEnv POSTERN_PROBE set
ErrorDocument 403 /~$SXU/envcgi/env.cgi
Require all denied
EOF
	printf '%s probe\n' "$MARK" >"$PUB/probe/f.txt"
	printf '#!/bin/sh\nhead -c "${CONTENT_LENGTH:-0}" >/dev/null\nprintf "Content-Type: text/plain\\n\\n"\necho "uid=$(id -u)"\nenv | sort\n' \
	    >"$PUB/envcgi/env.cgi"
	printf 'Options +ExecCGI\nSetHandler cgi-script\n' >"$PUB/envcgi/.htaccess"
	# Gates suexec must refuse: one writable by its group, one owned by
	# root; each for a directory denied the same way.
	for g in bad root; do
		printf '%s %s\n' "$MARK" "$g" >"$PUB/$g/f.txt"
		cp "$GATE" "$PUB/${g}cgi/authz-cgi"
		cp "$SXC/.htaccess" "$PUB/${g}cgi/.htaccess"
		sed "s|^root .*|root $PUB/$g|; s|^prefix .*|prefix /~$SXU/$g|" \
		    "$SXC/authz-cgi.conf" >"$PUB/${g}cgi/authz-cgi.conf"
		sed "s|^ErrorDocument 403 .*|ErrorDocument 403 /~$SXU/${g}cgi/authz-cgi|; s|$SXC/authz-cgi|$PUB/${g}cgi/authz-cgi|" \
		    "$SXP/.htaccess" >"$PUB/$g/.htaccess"
	done
	chown -R "$SXU:$SXG" "$PUB"
	chmod -R go-w "$PUB"
	chmod -R a+rX "$PUB"
	chmod 755 "$SXC/authz-cgi" "$PUB/envcgi/env.cgi" "$PUB/rootcgi/authz-cgi"
	chmod 775 "$PUB/badcgi/authz-cgi"
	chown root:root "$PUB/rootcgi/authz-cgi"
	chmod 600 "$SXP/f.txt" "$SXP/p.php"
	check "suexec: the gate, its directory and the store are the account's, not writable by others" eval '
	    eq "$(stat -c "%U %a" "$SXC/authz-cgi" "$SXC" "$SXDB" "$SXS" | tr "\n" " ")" \
	        "$SXU 755 $SXU 755 $SXU 600 $SXU 700 "'

	# ---------------------------------------------------- Apache as www-data

	set -- $(free_ports 1)
	SXPORT=$1
	SXD=$SX/apache
	mkdir -p "$SXD/docroot"
	chown "$SX_HTTPD" "$SXD"
	cat >"$SXD/httpd.conf" <<EOF
ServerRoot "$SXD"
ServerName localhost
Listen 127.0.0.1:$SXPORT
PidFile "$SXD/httpd.pid"
ErrorLog "$SXD/error.log"
LogLevel notice
DefaultRuntimeDir "$SXD"
Mutex file:$SXD default
ScriptSock "$SXD/cgid.sock"
User $SX_HTTPD
Group $(id -gn "$SX_HTTPD")
LoadModule mpm_event_module $APMOD/mod_mpm_event.so
LoadModule authn_core_module $APMOD/mod_authn_core.so
LoadModule authz_core_module $APMOD/mod_authz_core.so
LoadModule mime_module $APMOD/mod_mime.so
LoadModule cgid_module $APMOD/mod_cgid.so
LoadModule setenvif_module $APMOD/mod_setenvif.so
LoadModule env_module $APMOD/mod_env.so
LoadModule dir_module $APMOD/mod_dir.so
LoadModule negotiation_module $APMOD/mod_negotiation.so
LoadModule userdir_module $APMOD/mod_userdir.so
LoadModule suexec_module $APMOD/mod_suexec.so
LoadModule proxy_module $APMOD/mod_proxy.so
LoadModule proxy_fcgi_module $APMOD/mod_proxy_fcgi.so
LoadModule headers_module $APMOD/mod_headers.so
LoadModule fcgid_module $APMOD/mod_fcgid.so
FcgidIPCDir "$SXD/fcgid"
FcgidProcessTableFile "$SXD/fcgid_shm"
TypesConfig /etc/mime.types
DirectoryIndex index.html index.php
DocumentRoot "$SXD/docroot"
# As Debian's userdir.conf, with run.sh's AllowOverride.
UserDir $SX_SUFFIX
UserDir disabled root
<Directory "$SX/*/$SX_SUFFIX">
    Options Indexes SymLinksIfOwnerMatch MultiViews
    AllowOverride AuthConfig FileInfo Indexes Limit Options
    Require all granted
</Directory>
<FilesMatch ".+\.ph(?:ar|p|tml)\$">
    SetHandler "proxy:unix:$SXD/no-php-fpm.sock|fcgi://localhost"
</FilesMatch>
EOF
	if "$BIN" -t -f "$SXD/httpd.conf" -d "$SXD" >"$SXD/test.log" 2>&1 &&
	    { "$BIN" -f "$SXD/httpd.conf" -d "$SXD" -D FOREGROUND \
	        2>>"$SXD/error.log" &
	      SX_PID=$!; wait_http "$SXPORT"; }; then
		ok "suexec: Apache starts as $SX_HTTPD on 127.0.0.1:$SXPORT"
	else
		notok "suexec: Apache starts as $SX_HTTPD on 127.0.0.1:$SXPORT"
		cat "$SXD/test.log" "$SXD/error.log" 2>/dev/null | tail -20 |
		    sed 's/^/# /'
		return 0
	fi
	check "suexec: Apache says the suEXEC mechanism is enabled" \
	    grep -q "suEXEC mechanism enabled (wrapper: $SUEXEC)" "$SXD/error.log"

	_port=$PORT
	PORT=$SXPORT
	suexec_flow
	suexec_fcgid
	PORT=$_port
}

# rd of the last answer's Location, decoded.
sx_rd() {
	python3 -c 'import sys, urllib.parse as u
q = u.urlsplit(sys.argv[1])
print(q.scheme + "://" + q.netloc + q.path + " " + u.parse_qs(q.query).get("rd", [""])[0])' "$(hdr Location)"
}

suexec_flow() {
	U=/~$SXU

	# The environment suexec gives a CGI program run for a 403.
	req $H "$U/probe/f.txt" -X POST --data-binary 'a=b'
	cp "$T/body" "$SX/probe.env"
	check "suexec runs a CGI program in ~/public_html as the account (uid $SXUID)" \
	    grep -qx "uid=$SXUID" "$SX/probe.env"
	check "suexec passes REDIRECT_HANDLER (the method, from SetEnvIf)" \
	    grep -qx "REDIRECT_HANDLER=POST" "$SX/probe.env"
	check "suexec passes REDIRECT_STATUS, REDIRECT_URL and REDIRECT_SCRIPT_FILENAME" eval '
	    grep -qx "REDIRECT_STATUS=403" "$SX/probe.env" &&
	    grep -qx "REDIRECT_URL=$U/probe/f.txt" "$SX/probe.env" &&
	    grep -qx "SCRIPT_FILENAME=$PUB/envcgi/env.cgi" "$SX/probe.env"'
	check "suexec drops REDIRECT_REQUEST_METHOD and SetEnv values" eval '
	    ! grep -q "REQUEST_METHOD=POST" "$SX/probe.env" &&
	    ! grep -q "POSTERN_PROBE" "$SX/probe.env"'

	req $H "$U/priv/f.txt"
	check "suexec, no cookie: 302 to the login with rd" eval '[ "$STATUS" = 302 ] &&
	    eq "$(sx_rd)" "https://auth.example.test/start http://$H$U/priv/f.txt"'
	check "suexec, no cookie: no protected byte" refused
	req $H "$U/cgi/authz-cgi" -H "$SXA"
	check "suexec: the gate called directly: 404, nothing revealed" eval '
	    [ "$STATUS" = 404 ] && refused'
	req $H "$U/cgi/authz-cgi$U/priv/f.txt" -H "$SXA"
	check "suexec: a forged PATH_INFO on the gate's URL: 404" eval '
	    [ "$STATUS" = 404 ] && refused'

	req $H "$U/priv/f.txt" -H "$SXA"
	check "suexec, a session: the file only the account can read (0600)" eval '
	    [ "$STATUS" = 200 ] && grep -q "^$MARK 0123" "$T/body" &&
	    eq "$(hdr Content-Length)" 32'
	req $H "$U/priv/f.txt" -H "$SXA" -H "Range: bytes=4-9"
	check "suexec, Range bytes=4-9: 206 with those bytes" eval '
	    [ "$STATUS" = 206 ] && eq "$(cat "$T/body")" "ECTED-" &&
	    eq "$(hdr Content-Range)" "bytes 4-9/32"'
	ETAG=$(hdr ETag)
	req $H "$U/priv/f.txt" -H "$SXA" -H "If-None-Match: $ETAG"
	check "suexec, If-None-Match: 304" eq "$STATUS" 304
	req $H "$U/priv/f.txt" -H "$SXA" -I
	check "suexec, HEAD: 200, the length, no body" eval '[ "$STATUS" = 200 ] &&
	    eq "$(hdr Content-Length)" 32 && ! grep -q "$MARK" "$T/body"'
	req $H "$U/priv/" -H "$SXA"
	check "suexec: a directory's index.html" eval '[ "$STATUS" = 200 ] &&
	    grep -q "$MARK index" "$T/body"'
	req $H "$U/priv/p.php" -H "$SXA"
	check "suexec, PHP: php-cgi run by the gate as the account, sees REMOTE_USER" eval '
	    [ "$STATUS" = 200 ] && grep -q "^user=alice;uid=$SXUID;m=GET;" "$T/body"'
	req $H "$U/priv/p.php" -H "$SXA" --data-binary 'k=v'
	check "suexec, PHP: a POST, its method and body reach it" \
	    grep -q "^user=alice;uid=$SXUID;m=POST;body=k=v" "$T/body"

	start=$(date +%s)
	req $H "$U/priv/f.txt" -H "$SXA" -X POST --data-binary @"$SXP/index.html"
	end=$(date +%s)
	check "suexec: a POST to a file is a 405 (the method as REDIRECT_HANDLER), no stall" eval '
	    [ "$STATUS" = 405 ] && refused && [ $((end - start)) -lt 3 ]'
	req $H "$U/priv/f.txt" -H "$SXA" -X DELETE
	check "suexec: a DELETE to a file is a 405" eval '[ "$STATUS" = 405 ] && refused'
	req $H "$U/priv/f.txt" -X POST --data-binary 'a=b'
	check "suexec: an unauthenticated POST: 401" eval '[ "$STATUS" = 401 ] && refused'
	req $H "$U/priv/f.txt" -H "$SXB"
	check "suexec: a user the bindings refuse: 403" eval '[ "$STATUS" = 403 ] && refused'

	# Outside the directory, dotfiles, the gate's own files: refused even
	# to alice.
	for target in "$U/priv/up.txt" "$U/priv/out.txt" "$U/priv/.hidden" \
	    "$U/priv/.htaccess" "$U/priv/docs/../.hidden" "$U/priv/%2ehidden" \
	    "$U/cgi/authz-cgi.conf" "$U/cgi/authz-cgi?$U/priv/f.txt"; do
		req $H "$target" --path-as-is -H "$SXA"
		check "suexec, alice: $target reaches no protected byte" refused
	done
	# The file by other spellings, without a session.
	for target in "$U/priv/%66.txt" "$U/priv/%2566.txt" "$U/priv/./f.txt" \
	    "$U/priv//f.txt" "$U/x/../priv/f.txt" "$U/priv/docs/../f.txt" \
	    "$U/priv/%2e%2e/priv/f.txt" "$U/PRIV/f.txt" "$U/priv/F.TXT" \
	    "$U/priv/f.txt." "$U/priv./f.txt" "$U/priv/f.txt/" "$U/priv/f.txt;x" \
	    "$U/priv;x/f.txt" "$U/priv/f" "$U/priv/p.php" "/%7E$SXU/priv/f.txt" \
	    "$U/cgi/authz-cgi$U/priv/f.txt"; do
		req $H "$target" --path-as-is
		check "suexec, no session: $target reaches no protected byte" refused
	done
	req $H "$U/priv/f.txt" -H "Redirect-Status: 200" \
	    -H "Redirect-URL: $U/priv/f.txt" -H "Handler: GET" \
	    -H "Redirect-Script-Filename: $SXC/authz-cgi" -H "Remote-User: alice"
	check "suexec, bypass: forged Redirect-* and identity headers" refused

	# suexec's own checks: a gate writable by its group, or not the
	# account's, is not run, and the 403 stays.
	req $H "$U/bad/f.txt" -H "$SXA"
	check "suexec refuses a gate writable by others: the 403 stays" eval '
	    [ "$STATUS" = 403 ] && refused &&
	    suexec_log | grep -q "writable by others: ($PUB/badcgi/authz-cgi)"'
	req $H "$U/root/f.txt" -H "$SXA"
	check "suexec refuses a gate that is not the account's: the 403 stays" eval '
	    [ "$STATUS" = 403 ] && refused &&
	    suexec_log | grep -qF "target uid/gid ($SXUID/$SXGID) mismatch with directory ($SXUID/$SXGID) or program (0/0)"'

	# It was the account that ran the gate.
	check "suexec's log: the gate run as uid $SXUID ($SXU)" eval '
	    suexec_log | grep -q "uid: ($SXUID/$SXU) gid: ($SXGID/$SXG) cmd: authz-cgi"'
	check "every file of the store is still the account's (none $SX_HTTPD's)" eval '
	    ls -A "$SXS" | sed "s/^/# /"
	    [ -z "$(find "$SXS" ! -user "$SXU")" ]'
	check "no 'refusing to run' from the gate" eval '
	    ! grep -q "refusing to run" "$SXD/error.log"'

	sxadm session revoke --user alice >/dev/null 2>&1
	req $H "$U/priv/f.txt" -H "$SXA"
	check "suexec, a revoked session: the login again" eval '
	    [ "$STATUS" = 302 ] && refused'
}

# Recipe 1 under suexec: mod_fcgid runs the access checker through suexec
# for a userdir request, and mod_cgid runs login-cgi, both as the account.
suexec_fcgid() {
	P2=$PUB/priv2
	C2=$PUB/cgi2
	if $SXRUN mkdir -p "$P2" "$C2" && {
		sxadm provider add files2 --external "http://$H$U/priv2" \
		    --internal http://127.0.0.1:9 &&
		sxadm app add files2 --name "Files 2" --provider files2 &&
		sxadm binding add files2 --group staff
	} >"$SX/setup2.log" 2>&1; then
		ok "suexec, recipe 1: an application for ~$SXU/priv2"
	else
		notok "suexec, recipe 1: an application for ~$SXU/priv2"
		sed 's/^/# /' "$SX/setup2.log"
		return 0
	fi
	SXA2="Cookie: $COOKIE=$(sxadm session create alice)"
	printf '%s 0123456789abcdef\n' "$MARK" >"$P2/f.txt"
	printf '%s hidden\n' "$MARK" >"$P2/.hidden"
	sxadm snippet htaccess files2 --fcgid --dir "$P2" --cgi-dir "$C2" \
	    --cgi-url "$U/cgi2" >"$SX/snippet2" 2>"$SX/snippet2.err"
	check "suexec, recipe 1: snippet htaccess --fcgid prints the four files" \
	    eval 'grep -c "^#### file: " "$SX/snippet2" | grep -qx 4'
	$SXRUN awk '/^#### file: /{ f = substr($0, 12); next } f != "" { print > f }' \
	    "$SX/snippet2"
	# The installed programs' paths, replaced by the build's.
	sed -i "s|^exec [^ ]*/authz-fcgi |exec $top_builddir/authz-fcgi/authz-fcgi |" \
	    "$C2/authz-fcgi.sh"
	sed -i "s|^exec [^ ]*/login-cgi \\(--db [^ ]*\\) --templates .*|exec $top_builddir/login-cgi/login-cgi \\1 --templates $top_srcdir/templates|" \
	    "$C2/login-cgi"
	chown -R "$SXU:$SXG" "$P2" "$C2"
	chmod 644 "$P2/f.txt" "$P2/.hidden"
	chmod 755 "$C2/authz-fcgi.sh" "$C2/login-cgi"

	req $H "$U/priv2/f.txt"
	check "suexec, recipe 1, no cookie: login-cgi's 302 to the login with rd" eval '
	    [ "$STATUS" = 302 ] && refused &&
	    eq "$(sx_rd)" "https://auth.example.test/login http://$H$U/priv2/f.txt"'
	req $H "$U/priv2/f.txt" -H "$SXA2"
	check "suexec, recipe 1, a session: the file" eval '[ "$STATUS" = 200 ] &&
	    grep -q "^$MARK 0123" "$T/body"'
	req $H "$U/priv2/f.txt" -H "$SXA2" -H "Range: bytes=4-9"
	check "suexec, recipe 1, Range: 206 with those bytes" eval '
	    [ "$STATUS" = 206 ] && eq "$(cat "$T/body")" "ECTED-"'
	req $H "$U/priv2/f.txt" -H "$SXA2" -I
	check "suexec, recipe 1, HEAD: 200 and the length" eval '
	    [ "$STATUS" = 200 ] && eq "$(hdr Content-Length)" 32'
	req $H "$U/priv2/.hidden" -H "$SXA2"
	check "suexec, recipe 1, alice: a dotfile is refused" refused
	req $H "$U/priv2/f.txt" -H "$SXB"
	check "suexec, recipe 1, a user the bindings refuse: no protected byte" eval '
	    [ "$STATUS" = 302 ] && refused'
	req $H "$U/cgi2/authz-fcgi.sh"
	check "suexec, recipe 1: the checker's wrapper is not served" refused
	check "suexec, recipe 1: the checker runs as the account, kept by mod_fcgid" eval '
	    ps -eo uid=,args= | grep -F -- "--db $SXDB" | grep -v grep | sed "s/^/# /"
	    [ -n "$(ps -eo uid=,args= | grep -F -- "authz-fcgi --db $SXDB" |
	        grep -v grep)" ] &&
	    [ -z "$(ps -eo uid=,args= | grep -F -- "authz-fcgi --db $SXDB" |
	        grep -v grep | awk "\$1 != $SXUID")" ]'
	check "suexec's log: the checker and login-cgi run as uid $SXUID" eval '
	    suexec_log | grep -q "uid: ($SXUID/$SXU) gid: ($SXGID/$SXG) cmd: authz-fcgi.sh" &&
	    suexec_log | grep -q "uid: ($SXUID/$SXU) gid: ($SXGID/$SXG) cmd: login-cgi"'
	sxadm session revoke --user alice >/dev/null 2>&1
	req $H "$U/priv2/f.txt" -H "$SXA2"
	check "suexec, recipe 1, a revoked session: the login again" eval '
	    [ "$STATUS" = 302 ] && refused'
}

suexec_run
suexec_cleanup
trap cleanup EXIT
