/* postern: regulation: counting failures and banning brute force. */
/*
 * Failures are counted per canonical username and per client address
 * within regulation.find_time.  Reaching regulation.max_retries bans the
 * account (or address) for regulation.ban_time, doubling with each new ban
 * while the previous one is remembered (purge forgets a ban a day after it
 * ended).  TOTP failures count like password failures.
 */
#ifndef POSTERN_REGULATION_H
#define POSTERN_REGULATION_H

#include <stdint.h>

#include "perr.h"
#include "store.h"

struct regulation {
	int64_t	max_retries;
	int64_t	find_time;	/* seconds */
	int64_t	ban_time;	/* seconds, for the first ban */
};

/* Bans never grow past this, however often they double. */
#define REGULATION_BAN_MAX	(7 * 24 * 3600)

/* The three settings (falling back to their defaults). */
enum perr	 regulation_load(struct store *st, struct regulation *r);

/*
 * PERR_OK when (kind, key) is not banned at now; PERR_DENIED when it is
 * (*until, may be NULL, gets the end).
 */
enum perr	 regulation_check(struct store *st, enum bankind kind,
		    const char *key, int64_t now, int64_t *until);

/*
 * Record a failure of (kind, key) at now; when it reaches max_retries
 * within find_time, ban it and forget the counted failures.  *banned (may
 * be NULL) gets 1 when this failure started a ban.  A failure while
 * (kind, key) is banned is not counted, so nobody can extend a ban by
 * trying on.
 */
enum perr	 regulation_fail(struct store *st, const struct regulation *r,
		    enum bankind kind, const char *key, int64_t now, int *banned);

/* A success: forget the failures of (kind, key). */
enum perr	 regulation_success(struct store *st, enum bankind kind,
		    const char *key);

/* The length of ban number level (1, 2, ...) under r. */
int64_t		 regulation_ban_length(const struct regulation *r, int level);

#endif /* !POSTERN_REGULATION_H */
