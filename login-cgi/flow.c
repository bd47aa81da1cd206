/* postern: a login's steps, in order: password, second factor, consent. */
/*
 * The state between the steps is a flow row keyed by the SHA-256 of a
 * short-lived cookie's token; it is advanced only from the stage it is
 * at (store_flow_advance()), so a step cannot be skipped or replayed.
 * The session is made only at the end, with a fresh token: a token seen
 * before the login (S01) is never promoted.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "login.h"
#include "lib/consent.h"
#include "lib/cookie.h"
#include "lib/event.h"
#include "lib/form.h"
#include "lib/log.h"
#include "lib/rd.h"
#include "lib/regulation.h"
#include "lib/session.h"
#include "lib/setting.h"
#include "lib/token.h"
#include "lib/url.h"
#include "lib/user.h"

/* The flow of this browser, when it has a live one: 1, 0 none, -1 error. */
int
flow_load(struct lreq *q, struct loginflow *f)
{
	uint8_t		 hash[TOKEN_HASH_BYTES];
	const char	*v;
	size_t		 len;
	enum perr	 e;

	if ((v = http_cookie(q, COOKIE_FLOW, &len)) == NULL ||
	    token_parse(v, len, hash) != PERR_OK)
		return 0;
	e = store_flow_find(q->lg->st, hash, f);
	token_wipe(hash, sizeof(hash));
	if (e == PERR_NOTFOUND)
		return 0;
	if (e != PERR_OK)
		return -1;
	if (q->now >= f->expires) {
		store_flow_del(q->lg->st, f->id);
		return 0;
	}
	return 1;
}

/* rd if it may be followed, else "" (the portal). */
void
flow_rd(struct lreq *q, const char *rd, char *out, size_t outsz)
{
	const char	*why = NULL;

	out[0] = '\0';
	if (rd == NULL || *rd == '\0')
		return;
	if (rd_check(q->lg->st, rd, &why) == PERR_OK)
		strlcpy(out, rd, outsz);
	else
		log_info("rd refused (%s); the portal instead", why != NULL ?
		    why : "store failure");
}

/* The signed-in session of this browser: 1 yes, 0 no, -1 store failure. */
int
flow_session(struct lreq *q, struct session *s, struct user *u)
{
	const char	*v;
	size_t		 len;
	enum perr	 e;

	if (q->r.cookie == NULL ||
	    cookie_find(q->r.cookie, strlen(q->r.cookie), q->lg->cookie, &v,
	    &len) != PERR_OK)
		return 0;
	e = session_check(q->lg->st, v, len, q->now, s, u);
	if (e == PERR_OK)
		return 1;
	return e == PERR_DENIED ? 0 : -1;
}

/* Is (user or address) banned now?  1 yes, 0 no. */
int
flow_banned(struct lreq *q, const char *username)
{
	int64_t	until;

	if (username != NULL && *username != '\0' &&
	    regulation_check(q->lg->st, BAN_USER, username, q->now, &until) ==
	    PERR_DENIED)
		return 1;
	if (*q->addr != '\0' &&
	    regulation_check(q->lg->st, BAN_ADDR, q->addr, q->now, &until) ==
	    PERR_DENIED)
		return 1;
	return 0;
}

/* Count one failure against the username (when given) and the address. */
int
flow_fail(struct lreq *q, const char *username)
{
	struct regulation	r;
	int			banned = 0;

	if (regulation_load(q->lg->st, &r) != PERR_OK)
		return -1;
	if (username != NULL && *username != '\0' &&
	    regulation_fail(q->lg->st, &r, BAN_USER, username, q->now,
	    &banned) == PERR_OK && banned)
		log_warn("user %s locked out for now after repeated failures",
		    username);
	banned = 0;
	if (*q->addr != '\0' &&
	    regulation_fail(q->lg->st, &r, BAN_ADDR, q->addr, q->now,
	    &banned) == PERR_OK && banned)
		log_warn("address %s locked out for now after repeated failures",
		    q->addr);
	return 0;
}

/* The application a URL belongs to: longest prefix, like the decision. */
struct flow_appq {
	struct store	*st;
	int		 https;
	char		 host[HOSTPORT_MAX + 1];	/* normalized host[:port] */
	char		 path[PATH_MAX_BYTES + 1];
	struct app	 best;
	struct provider	 prov;
	size_t		 bestlen;
	int		 found;
};

static int
flow_app_cb(const struct app *ap, void *arg)
{
	struct flow_appq	*fq = arg;
	struct provider		 p;
	struct url		 u;
	char			 hp[HOSTPORT_MAX + 1];
	const char		*why;
	size_t			 pl;

	if (store_provider_get_id(fq->st, ap->provider_id, &p) != PERR_OK ||
	    url_parse(p.external, &u, &why) != PERR_OK)
		return 0;
	url_hostport_str(&u, hp, sizeof(hp));
	if (u.https != fq->https || strcmp(hp, fq->host) != 0)
		return 0;
	pl = strlen(u.path);
	if (strncasecmp(fq->path, u.path, pl) != 0 ||
	    (fq->path[pl] != '\0' && fq->path[pl] != '/'))
		return 0;
	if (!fq->found || pl > fq->bestlen) {
		fq->best = *ap;
		fq->prov = p;
		fq->bestlen = pl;
		fq->found = 1;
	}
	return 0;
}

/* The app and provider of a validated rd: 1 found, 0 none. */
int
flow_app_of(struct lreq *q, const char *rd, struct app *ap,
    struct provider *p)
{
	struct flow_appq	 fq;
	const char		*s, *end, *why;

	if (rd == NULL || *rd == '\0')
		return 0;
	memset(&fq, 0, sizeof(fq));
	fq.st = q->lg->st;
	fq.https = strncasecmp(rd, "https://", 8) == 0;
	s = rd + (fq.https ? 8 : 7);
	end = s + strcspn(s, "/?#");
	if (url_host_normalize(s, (size_t)(end - s), fq.https, fq.host,
	    sizeof(fq.host)) != PERR_OK)
		return 0;
	if (url_path_normalize(*end == '/' ? end : "/", strlen(*end == '/' ?
	    end : "/"), fq.path, sizeof(fq.path), &why) != PERR_OK)
		return 0;
	if (store_app_list(q->lg->st, flow_app_cb, &fq) != PERR_OK ||
	    !fq.found)
		return 0;
	*ap = fq.best;
	*p = fq.prov;
	return 1;
}

/*
 * A new flow after the password: the token in a host-only cookie, the
 * row holding the user and what is proven.  f is filled.
 */
int
flow_start(struct lreq *q, struct loginflow *f, int64_t user, int factors,
    const char *rd)
{
	char	token[TOKEN_B64_LEN + 1];
	int	rc = -1;

	memset(f, 0, sizeof(*f));
	if (token_new(token, f->hash) != PERR_OK ||
	    token_random(f->csrf, sizeof(f->csrf)) != PERR_OK)
		goto done;
	f->user_id = user;
	f->stage = STAGE_PASSWORD;
	f->factors = factors;
	strlcpy(f->rd, rd != NULL ? rd : "", sizeof(f->rd));
	f->created = q->now;
	f->expires = q->now + FLOW_TTL;
	if (store_flow_add(q->lg->st, f) != PERR_OK)
		goto done;
	rc = http_cookie_set(q, COOKIE_FLOW, token, 0, FLOW_TTL);
done:
	token_wipe(token, sizeof(token));
	return rc;
}

/*
 * To a single-mode application: a one-time code (a session of a minute
 * marked FACTOR_CODE, never valid as a cookie) to its host's callback,
 * which trades it for a session cookie on that host.
 */
int
flow_callback(struct lreq *q, const struct user *u, int factors,
    const struct provider *p, const char *rd)
{
	struct session	 code;
	struct url	 ext;
	char		 ctoken[TOKEN_B64_LEN + 1], root[URL_MAX + 1];
	char		 loc[4 * URL_MAX + 128], enc[3 * URL_MAX + 1];
	const char	*why;
	int		 n, rc;

	if (url_parse(p->external, &ext, &why) != PERR_OK)
		return http_error(q, 500, "The application cannot be reached.");
	/* The callback is at the root of the host, whatever the path. */
	ext.path[0] = '\0';
	url_format(&ext, root, sizeof(root));
	if (form_encode(rd, strlen(rd), enc, sizeof(enc)) == 0)
		enc[0] = '\0';
	if (session_create(q->lg->st, u, 60, 0, (factors & ~FACTOR_ADMIN) |
	    FACTOR_CODE, q->addr, q->agent, q->now, ctoken, &code) != PERR_OK)
		return http_error(q, 500, "The application cannot be reached.");
	n = snprintf(loc, sizeof(loc), "%s/.postern/callback?code=%s&rd=%s",
	    root, ctoken, enc);
	token_wipe(ctoken, sizeof(ctoken));
	if (n < 0 || (size_t)n >= sizeof(loc))
		rc = http_error(q, 500, "The application cannot be reached.");
	else
		rc = http_redirect(q, loc);
	token_wipe(loc, sizeof(loc));
	return rc;
}

/*
 * Sign in: a fresh session, its cookie, the flow gone; then back to rd,
 * through the application's callback when it is single mode.
 */
static int
flow_finish(struct lreq *q, struct loginflow *f, const struct user *u,
    const struct app *ap, const struct provider *p)
{
	struct session	 s;
	char		 token[TOKEN_B64_LEN + 1], loc[URL_MAX + 1];
	char		 hint[9];
	int64_t		 life, idle, keep;
	long long	 maxage = -1;
	int		 rc = -1, factors = f->factors & ~FLOW_REMEMBER;

	if (setting_duration(q->lg->st, "session.lifetime", &life) != PERR_OK ||
	    setting_duration(q->lg->st, "session.idle", &idle) != PERR_OK ||
	    setting_duration(q->lg->st, "session.remember", &keep) != PERR_OK)
		return http_error(q, 500, "The login could not be completed.");
	/*
	 * "Keep me signed in" (offered only when session.remember is set):
	 * that lifetime, no idle limit, and a cookie the browser keeps
	 * across restarts; else a cookie that ends with the browser.
	 */
	if ((f->factors & FLOW_REMEMBER) && keep > 0) {
		life = keep;
		idle = 0;
		maxage = keep;
	}
	if (session_create(q->lg->st, u, life, idle, factors, q->addr,
	    q->agent, q->now, token, &s) != PERR_OK)
		return http_error(q, 500, "The login could not be completed.");
	store_flow_del(q->lg->st, f->id);
	/* Every step passed: only now are the username's failures forgiven. */
	regulation_success(q->lg->st, BAN_USER, u->name);
	token_hash_hint(s.hash, hint);
	log_info("user %s signed in from %s (session %s%s)", u->name, q->addr,
	    hint, maxage > 0 ? ", remembered" : "");
	event_add(q->lg->st, q->now, "login", u->name, u->name,
	    "session %s from %s", hint, q->addr);
	http_cookie_set(q, COOKIE_FLOW, "", 0, 0);
	http_cookie_set(q, q->lg->cookie, token, 1, maxage);
	if (ap != NULL && p != NULL && p->mode == PMODE_SINGLE) {
		rc = flow_callback(q, u, factors, p, f->rd);
		goto done;
	}
	if (f->rd[0] != '\0')
		rc = http_redirect(q, f->rd);
	else {
		http_url(q, "/", NULL, loc, sizeof(loc));
		rc = http_redirect(q, loc);
	}
done:
	token_wipe(token, sizeof(token));
	return rc;
}

/*
 * After a step: on to the next one due (second factor when enrolled, then
 * consent when rd's application asks for it), or sign in.
 */
int
flow_next(struct lreq *q, struct loginflow *f)
{
	struct user	 u;
	struct app	 ap;
	struct provider	 p;
	char		 loc[URL_MAX + 1];
	enum flowstage	 from = f->stage;
	int		 hasapp;

	if (store_user_get_id(q->lg->st, f->user_id, &u) != PERR_OK ||
	    !u.active)
		return http_error(q, 403, "The login could not be completed.");
	hasapp = flow_app_of(q, f->rd, &ap, &p);
	if (u.totp && !(f->factors & (FACTOR_TOTP | FACTOR_RECOVERY)))
		f->stage = STAGE_TOTP;
	else if (hasapp && p.flow == FLOW_EXPLICIT &&
	    consent_check(q->lg->st, u.id, ap.id, p.consent, p.consent_secs,
	    q->now) != PERR_OK && f->stage != STAGE_CONSENT)
		f->stage = STAGE_CONSENT;
	else
		f->stage = STAGE_DONE;
	f->app_id = hasapp ? ap.id : 0;
	if (f->stage != from &&
	    store_flow_advance(q->lg->st, f, from) != PERR_OK)
		return http_error(q, 400, "This login step was already taken; "
		    "start again.");
	switch (f->stage) {
	case STAGE_TOTP:
		http_url(q, "/totp", NULL, loc, sizeof(loc));
		return http_redirect(q, loc);
	case STAGE_CONSENT:
		http_url(q, "/consent", NULL, loc, sizeof(loc));
		return http_redirect(q, loc);
	default:
		return flow_finish(q, f, &u, hasapp ? &ap : NULL,
		    hasapp ? &p : NULL);
	}
}
