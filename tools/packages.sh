# shellcheck shell=sh
# postern: install the Debian packages a script needs, only the missing ones.
# Sourced by tools/check and tools/demo (POSIX sh).
#
#   postern_packages WHO PACKAGE...
#
# Asks dpkg-query about each package; when all are installed it does
# nothing (no apt-get, no network).  Otherwise, as root, it runs apt-get
# update once and installs the missing ones without recommends.  Packages
# that bring a system service (nginx, lighttpd, apache2, caddy) must not
# start it, or take ports 80 and 443: a policy-rc.d that refuses every
# start is put in place for the install, and removed afterwards only when
# this function put it there.  Returns 0 when everything is installed,
# 1 (with a message on standard error naming WHO) when not.

postern_packages() {
	_pp_who=$1
	shift
	_pp_missing=
	for _pp_p in "$@"; do
		case $(dpkg-query -W -f='${Status}' "$_pp_p" 2>/dev/null) in
		*" installed") ;;
		*) _pp_missing="$_pp_missing $_pp_p" ;;
		esac
	done
	[ -z "$_pp_missing" ] && return 0
	echo "$_pp_who: installing:$_pp_missing"
	if [ "$(id -u)" -ne 0 ]; then
		echo "$_pp_who: these Debian packages are missing:$_pp_missing" \
		    "(run as root, or install them)" >&2
		return 1
	fi
	_pp_norc=
	if [ ! -e /usr/sbin/policy-rc.d ]; then
		printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d &&
		    chmod 755 /usr/sbin/policy-rc.d && _pp_norc=yes
	fi
	# shellcheck disable=SC2086 # a list of package names
	DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null &&
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
	    --no-install-recommends $_pp_missing >/dev/null
	_pp_rc=$?
	[ -n "$_pp_norc" ] && rm -f /usr/sbin/policy-rc.d
	if [ "$_pp_rc" -ne 0 ]; then
		echo "$_pp_who: apt-get could not install:$_pp_missing" >&2
		return 1
	fi
	return 0
}
