/* postern: authz-fcgi's privilege drop. */
/*
 * Kept apart because <grp.h> declares a struct group of its own.  Called
 * after the socket and the store are open: groups, then gid, then uid,
 * then a check that root cannot be had back.
 */
#include "config.h"

#include <sys/types.h>

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <string.h>
#include <unistd.h>

#include "authz.h"
#include "lib/log.h"

int
privsep_drop(const char *user)
{
	struct passwd	*pw;

	if ((pw = getpwnam(user)) == NULL) {
		log_err("--user %s: no such user", user);
		return -1;
	}
	if (setgroups(1, &pw->pw_gid) == -1 || setgid(pw->pw_gid) == -1 ||
	    setuid(pw->pw_uid) == -1) {
		log_err("--user %s: %s", user, strerror(errno));
		return -1;
	}
	if (pw->pw_uid != 0 && (setuid(0) != -1 || geteuid() == 0)) {
		log_err("--user %s: privileges were not dropped", user);
		return -1;
	}
	return 0;
}
