#!/bin/sh
# postern bundle: install without root (tools/bundle puts this file in the
# bundle as install.sh).
#
#   ./install.sh --prefix=DIR [--cgi-dir=DIR]
#
# Puts into DIR:
#   libexec/postern/   the four programs
#   bin/authz-admin, bin/authz-fcgi
#                      small sh wrappers: the store is DIR/var/postern.db
#                      unless --db or $POSTERN_DB says otherwise
#   share/postern/templates/, share/man/
#   var/               the store's directory (mode 0700)
#   cgi/authz-cgi      a copy of the gate (suexec runs no symbolic link)
#   cgi/login-cgi      a wrapper that gives login-cgi its store and its
#                      templates (suexec drops SetEnv values)
# and, with --cgi-dir, copies both CGI programs into that directory.  Then
# prints what to run next, ending with the "authz-admin snippet htaccess"
# command that writes the .htaccess files.  Exit 0, 1 on failure, 2 on a
# usage error.
set -eu

usage() {
	sed -n '4,5p' "$0" | sed 's/^# \{0,1\}//'
}
prefix=
cgidir=
for arg in "$@"; do
	case $arg in
	--prefix=*) prefix=${arg#--prefix=} ;;
	--cgi-dir=*) cgidir=${arg#--cgi-dir=} ;;
	-h|--help) usage; exit 0 ;;
	*) echo "install.sh: unknown argument: $arg" >&2; usage >&2; exit 2 ;;
	esac
done
[ -n "$prefix" ] || { echo "install.sh: --prefix=DIR is needed" >&2;
    usage >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
# The wrappers hold these paths in single quotes; .htaccess files unquoted.
for d in "$prefix" "$cgidir"; do
	case $d in
	*[!A-Za-z0-9/._+@~-]*)
		echo "install.sh: $d: only paths of letters, digits and" \
		    "/._+@~- are supported" >&2
		exit 2 ;;
	esac
done
mkdir -p "$prefix"
prefix=$(cd "$prefix" && pwd)

umask 022
lx=$prefix/libexec/postern
mkdir -p "$prefix/bin" "$lx" "$prefix/share/postern/templates" \
    "$prefix/share/man" "$prefix/var" "$prefix/cgi"
chmod 700 "$prefix/var"
for p in authz-admin authz-fcgi login-cgi authz-cgi; do
	cp -f "$here/bin/$p" "$lx/$p.new"
	chmod 755 "$lx/$p.new"
	mv -f "$lx/$p.new" "$lx/$p"
done
cp -f "$here"/share/postern/templates/* "$prefix/share/postern/templates/"
cp -Rf "$here"/share/man/* "$prefix/share/man/"

# wrapper FILE PROGRAM: an sh wrapper that runs PROGRAM with the store (and
# the templates) of this installation unless told otherwise.
wrapper() {
	cat >"$1.new" <<EOF
#!/bin/sh
# postern (bundle): $2 with the store and templates under $prefix.
: "\${POSTERN_DB:=$prefix/var/postern.db}"
: "\${POSTERN_TEMPLATES:=$prefix/share/postern/templates}"
export POSTERN_DB POSTERN_TEMPLATES
exec '$lx/$2' "\$@"
EOF
	chmod 755 "$1.new"
	mv -f "$1.new" "$1"
}
wrapper "$prefix/bin/authz-admin" authz-admin
wrapper "$prefix/bin/authz-fcgi" authz-fcgi
wrapper "$prefix/cgi/login-cgi" login-cgi
cp -f "$lx/authz-cgi" "$prefix/cgi/authz-cgi.new"
mv -f "$prefix/cgi/authz-cgi.new" "$prefix/cgi/authz-cgi"

if [ -n "$cgidir" ]; then
	mkdir -p "$cgidir"
	cgidir=$(cd "$cgidir" && pwd)
	for p in authz-cgi login-cgi; do
		cp -f "$prefix/cgi/$p" "$cgidir/$p.new"
		chmod 755 "$cgidir/$p.new"
		mv -f "$cgidir/$p.new" "$cgidir/$p"
	done
	where=$cgidir
else
	where=$HOME/public_html/cgi
fi

cat <<EOF
postern is installed in $prefix.

Next:
  export PATH="$prefix/bin:\$PATH" MANPATH="$prefix/share/man:"
  authz-admin init                  # the store: $prefix/var/postern.db
EOF
[ -n "$cgidir" ] || cat <<EOF
  mkdir -p $where && cp $prefix/cgi/authz-cgi $prefix/cgi/login-cgi $where/
EOF
cat <<EOF
  authz-admin set login.url https://YOUR-HOST/cgi/login-cgi
  authz-admin user add NAME --password-stdin
  authz-admin provider add files --external https://YOUR-HOST/priv
  authz-admin app add files --name Files --provider files
Then write the .htaccess files and authz-cgi.conf it prints (each after its
"#### file:" line; the gate is already in place, skip its "cp" line):
  authz-admin snippet htaccess files --gate --dir \$HOME/public_html/priv \\
      --cgi-dir $where --cgi-url /cgi [--php-cgi /usr/bin/php-cgi]
The CGI directory must run programs as your account (suexec): authz-admin
check says when it does not.
EOF
