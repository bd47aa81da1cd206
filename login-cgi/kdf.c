/* postern: login-cgi's bound on concurrent password hashing (D01). */
/*
 * A password check costs a scrypt run: with the default parameters some
 * 190 ms of CPU and 32 MiB of memory.  A flood of POST /login must not
 * run fifty of them at once, so each check first takes one of
 * login.max_kdf slots shared by every login-cgi process of the store
 * (CGI runs one process per request): byte i of the slot file beside the
 * store ("<db>-kdf", as SQLite keeps "<db>-wal") is slot i, held by an
 * fcntl(2) write lock.  The kernel drops a lock when its process closes
 * the file or dies, so a crashed request never keeps a slot.  When every
 * slot is held the caller answers 503 with Retry-After at once, without
 * hashing.  fcntl(2) locks belong to a process, not a thread: this holds
 * because a login-cgi process, CGI or FastCGI, answers one request at a
 * time (a threaded FastCGI loop would need open file description locks,
 * F_OFD_SETLK, instead).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "login.h"
#include "lib/log.h"
#include "lib/setting.h"

/* The most slots login.max_kdf can ask for (setting.c's bound). */
#define KDF_SLOTS_MAX	1024

/* login.max_kdf, with 0 meaning the number of online processors. */
static long
kdf_slots(struct lreq *q)
{
	int64_t	n;
	long	cpus;

	if (setting_int(q->lg->st, "login.max_kdf", &n) != PERR_OK)
		return -1;
	if (n > 0)
		return n > KDF_SLOTS_MAX ? KDF_SLOTS_MAX : (long)n;
	cpus = sysconf(_SC_NPROCESSORS_ONLN);
	if (cpus < 1)
		cpus = 1;
	return cpus > KDF_SLOTS_MAX ? KDF_SLOTS_MAX : cpus;
}

/*
 * Take a slot for one password hash.  Returns 0 with *fd holding it (give
 * it back with kdf_slot_give()), 1 when every slot is taken (the caller
 * answers 503 without hashing), -1 when the slot file cannot be used
 * (logged; the caller fails closed with 503 too).
 */
int
kdf_slot_take(struct lreq *q, int *fd)
{
	struct flock	fl;
	char		path[PATH_MAX_BYTES + 8];
	long		n, i;
	int		f, n1;

	*fd = -1;
	if ((n = kdf_slots(q)) < 1)
		return -1;
	n1 = snprintf(path, sizeof(path), "%s-kdf", q->lg->db);
	if (n1 < 0 || (size_t)n1 >= sizeof(path)) {
		log_err("%s-kdf: path too long", q->lg->db);
		return -1;
	}
	if ((f = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW,
	    0600)) == -1) {
		log_err("%s: %s", path, strerror(errno));
		return -1;
	}
	for (i = 0; i < n; i++) {
		memset(&fl, 0, sizeof(fl));
		fl.l_type = F_WRLCK;
		fl.l_whence = SEEK_SET;
		fl.l_start = (off_t)i;
		fl.l_len = 1;
		if (fcntl(f, F_SETLK, &fl) == 0) {
			*fd = f;
			return 0;
		}
		if (errno != EACCES && errno != EAGAIN) {
			log_err("%s: lock: %s", path, strerror(errno));
			close(f);
			return -1;
		}
	}
	close(f);
	return 1;
}

/* Give a slot back (fd -1: none was taken). */
void
kdf_slot_give(int fd)
{
	if (fd != -1)
		close(fd);
}
