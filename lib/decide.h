/* postern: the decision: may this request through, and as whom? */
/*
 * DESIGN.md, "One request through authz-fcgi", as one role-agnostic
 * function.  authz-fcgi (both FastCGI roles), authz-cgi, login-cgi's /start
 * and authz-admin explain all call decide(); only the shape of the answer
 * differs between them.  The configuration (applications of one outpost,
 * their providers and bindings, and the settings the decision reads) is
 * loaded once into a struct decide_cfg and reloaded when the store's
 * configuration generation changes.  decide() itself allocates nothing:
 * every result goes into the caller's struct decision.
 */
#ifndef POSTERN_DECIDE_H
#define POSTERN_DECIDE_H

#include <stddef.h>
#include <stdint.h>

#include "limits.h"
#include "perr.h"
#include "request.h"
#include "store.h"

struct decide_cfg;

/* What the decision came to. */
enum outcome {
	OUTCOME_ERROR = 0,	/* 500: anything failed; fail closed */
	OUTCOME_ALLOW,		/* 200 with the identity (maybe empty) */
	OUTCOME_LOGIN,		/* 401 with Location to the login */
	OUTCOME_UNAUTH,		/* 401 without Location (JSON, non-GET) */
	OUTCOME_CONSENT,	/* 401 with Location to the consent page */
	OUTCOME_DENY,		/* 403: no application, or bindings */
	OUTCOME_BAD,		/* 403: a malformed request */
	OUTCOME_CALLBACK	/* single mode: Set-Cookie and Location */
};

/* "Remote-Groups": every group name and a comma each. */
#define IDENTITY_GROUPS_MAX	(GROUPS_MAX * (GROUPNAME_MAX + 1))
/* A Location: login.url, a route, and an rd of at most URL_MAX bytes. */
#define DECIDE_LOCATION_MAX	(2 * URL_MAX + 32)
#define DECIDE_COOKIE_MAX	512

struct identity {
	char	user[USERNAME_MAX + 1];
	char	name[DISPLAYNAME_MAX + 1];
	char	email[EMAIL_MAX + 1];
	char	groups[IDENTITY_GROUPS_MAX + 1];
};

struct decision {
	enum outcome	 outcome;
	const char	*why;		/* static text for logs and explain */
	char		 app[SLUG_MAX + 1];	/* "" when none matched */
	struct identity	 id;		/* filled for OUTCOME_ALLOW */
	char		 location[DECIDE_LOCATION_MAX + 1];
	char		 setcookie[DECIDE_COOKIE_MAX + 1];
	char		 hint[9];	/* the session hash's first digits */
	int64_t		 touch;		/* decide_deferred(): session to touch */
	int		 needwrite;	/* OUTCOME_ERROR only because the store
					   is read-only: decide again on a
					   writable one (a callback) */
};

/*
 * A trace of the steps, for authz-admin explain; NULL in servers.  Called
 * with one line of text per step (no newline).
 */
typedef void	(*decide_trace)(void *arg, const char *line);

/*
 * Load the configuration for the outpost named outpost into a new
 * struct decide_cfg (the caller's; free with decide_cfg_free()).
 * PERR_NOTFOUND: no such outpost.  Store and allocation errors as usual.
 */
enum perr	 decide_cfg_load(struct store *st, const char *outpost,
		    struct decide_cfg **out);

/*
 * Reload cfg when the store's configuration generation moved since it was
 * loaded: one cheap read when it did not.  On failure cfg is left as it
 * was and the caller fails the request closed.
 */
enum perr	 decide_cfg_refresh(struct store *st, struct decide_cfg *cfg);

/*
 * Let decide() keep users in uc (usercache.h; shared by threads, not owned
 * by cfg) and read them from there while the generation stays.  Only for
 * a caller that runs decide() in the read transaction in which it called
 * decide_cfg_refresh(), as authz-fcgi's workers do, so that what is cached
 * is what that generation says.  NULL (the default): always the store.
 */
struct usercache;
void		 decide_cfg_cache(struct decide_cfg *cfg, struct usercache *uc);
void		 decide_cfg_free(struct decide_cfg *cfg);	/* NULL-safe */

/*
 * Decide req at now.  d is filled in every case; d->outcome starts as
 * OUTCOME_ERROR and only an explicit match changes it.  Writes to the
 * store only for the idle-time touch (at most once a minute per session;
 * a failure there is logged and the answer stands), for expired sessions
 * met, and for the single-mode callback.
 */
void		 decide(struct decide_cfg *cfg, struct store *st,
		    const struct request *req, int64_t now, struct decision *d,
		    decide_trace trace, void *arg);

/*
 * decide() for user u as if u were signed in (no cookie is read), for
 * authz-admin explain.  Never called on a request path.
 */
void		 decide_as(struct decide_cfg *cfg, struct store *st,
		    const struct request *req, int64_t now,
		    const struct user *u, struct decision *d,
		    decide_trace trace, void *arg);

/*
 * decide() without the idle-time touch: d->touch names the session due
 * one (0: none), for decide_touch() once the caller's read transaction
 * is over (authz-fcgi's workers decide inside one).
 */
void		 decide_deferred(struct decide_cfg *cfg, struct store *st,
		    const struct request *req, int64_t now, struct decision *d);

/* The touch decide_deferred() left; a failure is logged, nothing else. */
void		 decide_touch(struct store *st, struct decision *d, int64_t now);

/* The HTTP status of an outcome in the RESPONDER shape (nginx). */
int		 decide_status(enum outcome o);

#endif /* !POSTERN_DECIDE_H */
