/* postern: sessions. */
/*
 * A session is made at login.  The browser holds a random 256-bit token
 * (base64url, 43 characters); the store holds only its SHA-256.  A session
 * ends at its absolute expiry, after idle seconds without use, when it is
 * revoked, or when its user is disabled, deleted or changes password.
 */
#ifndef POSTERN_SESSION_H
#define POSTERN_SESSION_H

#include <stdint.h>

#include "perr.h"
#include "store.h"

/* Touch a session's last use at most this often (seconds). */
#define SESSION_TOUCH_EVERY	60

/*
 * Create a session for user u lasting ttl seconds (absolute) with idle
 * limit idle (0: none).  token gets the token for the cookie; it is shown
 * once and never stored.  s (may be NULL) gets the row.  addr and agent may
 * be NULL.  PERR_DENIED when the user is inactive.
 */
enum perr	 session_create(struct store *st, const struct user *u,
		    int64_t ttl, int64_t idle, int factors, const char *addr,
		    const char *agent, int64_t now,
		    char token[TOKEN_B64_LEN + 1], struct session *s);

/*
 * 1 when s is still valid at now: before its absolute expiry and, with an
 * idle limit, used within it.  0 otherwise.
 */
int		 session_live(const struct session *s, int64_t now);

/* 1 when s was last touched SESSION_TOUCH_EVERY or more seconds ago. */
int		 session_touch_due(const struct session *s, int64_t now);

/*
 * Look up the session of a cookie value (len bytes, untrusted) at now and
 * fill s and u.  PERR_OK: valid, user active.  PERR_DENIED: malformed
 * token, unknown, expired (deleted as met) or inactive user.  Other errors
 * are store failures: the caller fails closed.
 */
enum perr	 session_check(struct store *st, const char *value, size_t len,
		    int64_t now, struct session *s, struct user *u);

/*
 * As session_check() without the user, for the authorizer, which keeps its
 * users in a cache (usercache.h): s holds only what
 * store_session_find_brief() fills, and s->user_id is yet to be checked
 * for an active user.
 */
enum perr	 session_check_brief(struct store *st, const char *value,
		    size_t len, int64_t now, struct session *s);

/*
 * As session_check(), for a single-mode callback's one-time code: only a
 * session marked FACTOR_CODE passes, where session_check() refuses one
 * (a code is never a session cookie).
 */
enum perr	 session_check_code(struct store *st, const char *value,
		    size_t len, int64_t now, struct session *s, struct user *u);

/* The factors as a comma-separated list ("password,totp"). */
void		 session_factors_str(int factors, char *out, size_t outsz);

#endif /* !POSTERN_SESSION_H */
