/* postern: the decision, and the configuration it is made against. */
/*
 * The steps of DESIGN.md "One request through authz-fcgi", in order:
 *  1. normalize the host and the path once (url.c);
 *  2. find the application: host equal, then the longest path prefix on a
 *     segment boundary (compared without ASCII case, so /ADMIN/ cannot
 *     slip past the /admin application), among this outpost's; an
 *     unauthenticated path allows with an empty identity;
 *  3. /.postern/callback on a single-mode application: exchange the code;
 *  4. the session: exactly one cookie of the configured name;
 *  5. none: to the login (401 with Location), or 401 alone for JSON and
 *     for methods other than GET and HEAD;
 *  6. bindings deny: 403; explicit flow without consent: to /consent;
 *  7. allow, with the identity, every value checked again.
 * d->outcome starts at OUTCOME_ERROR and only an explicit match changes
 * it.  The configuration lives in a struct decide_cfg, loaded once per
 * thread and reloaded when the generation moves.
 */
#include "config.h"

#include <sys/types.h>

#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "binding.h"
#include "consent.h"
#include "cookie.h"
#include "decide.h"
#include "form.h"
#include "log.h"
#include "session.h"
#include "setting.h"
#include "token.h"
#include "url.h"
#include "usercache.h"

#define CALLBACK_PATH	"/.postern/callback"
#define CODE_MAX	64

/* One application as the decision sees it. */
struct dapp {
	int64_t		 id;
	char		 slug[SLUG_MAX + 1];
	int		 https;
	char		 host[HOSTPORT_MAX + 1];	/* "host" or "host:port" */
	char		*path;				/* prefix; "" for all */
	size_t		 pathlen;
	enum flow	 flow;
	enum pmode	 mode;
	enum consentkind consent;
	int64_t		 consent_secs;
	enum policy	 policy;
	regex_t		*skip;
	size_t		 nskip;
	struct binding_rule *rules;
	size_t		 nrules;
	struct provider	*provider;	/* only during load */
};

struct decide_cfg {
	int64_t		 generation;
	char		 outpost[OUTPOSTNAME_MAX + 1];
	struct dapp	*apps;
	size_t		 napps, maxapps;
	int		 haslogin;
	char		 login[URL_MAX + 1];		/* canonical text */
	char		 cookie[64];			/* domain mode */
	char		 domain[HOST_MAX + 1];
	int		 secure;			/* login.url is https */
	int64_t		 lifetime, idle;
	enum perr	 loaderr;			/* during load */
	struct store	*st;				/* during load */
	struct usercache *uc;				/* not owned; or NULL */
};

static void
dapp_free(struct dapp *a)
{
	size_t	i;

	for (i = 0; i < a->nskip; i++)
		regfree(&a->skip[i]);
	free(a->skip);
	free(a->rules);
	free(a->path);
	free(a->provider);
}

void
decide_cfg_free(struct decide_cfg *cfg)
{
	size_t	i;

	if (cfg == NULL)
		return;
	for (i = 0; i < cfg->napps; i++)
		dapp_free(&cfg->apps[i]);
	free(cfg->apps);
	free(cfg);
}

struct skipload {
	struct dapp	*a;
	size_t		 max;
	enum perr	 e;
};

static int
decide_count_skip_cb(const char *regex, void *arg)
{
	(*(size_t *)arg)++;
	return 0;
}

static int
decide_skip_cb(const char *regex, void *arg)
{
	struct skipload	*sl = arg;

	if (sl->a->nskip == sl->max) {
		sl->e = PERR_TOOLONG;
		return 1;
	}
	/* Checked when it was set; a failure now is a broken store. */
	if (regcomp(&sl->a->skip[sl->a->nskip], regex,
	    REG_EXTENDED | REG_NOSUB) != 0) {
		log_err("provider of %s: unauthenticated path %s does not "
		    "compile", sl->a->slug, regex);
		sl->e = PERR_STORE;
		return 1;
	}
	sl->a->nskip++;
	return 0;
}

/* Fill one dapp from its application row. */
static enum perr
decide_app_load(struct store *st, const struct app *ap, struct dapp *a)
{
	struct skipload	 sl;
	struct url	 u;
	const char	*why;
	size_t		 n;
	enum perr	 e;

	memset(a, 0, sizeof(*a));
	a->id = ap->id;
	strlcpy(a->slug, ap->slug, sizeof(a->slug));
	a->policy = ap->policy;
	if ((a->provider = malloc(sizeof(*a->provider))) == NULL)
		return PERR_NOMEM;
	if ((e = store_provider_get_id(st, ap->provider_id, a->provider))
	    != PERR_OK)
		return e;
	if ((e = url_parse(a->provider->external, &u, &why)) != PERR_OK) {
		log_err("application %s: external URL: %s", ap->slug, why);
		return PERR_STORE;
	}
	a->https = u.https;
	url_hostport_str(&u, a->host, sizeof(a->host));
	a->pathlen = strlen(u.path);
	if ((a->path = strdup(u.path)) == NULL)
		return PERR_NOMEM;
	a->flow = a->provider->flow;
	a->mode = a->provider->mode;
	a->consent = a->provider->consent;
	a->consent_secs = a->provider->consent_secs;
	/*
	 * Sized to what the application has, not to the limits: every
	 * worker holds a copy of every application.
	 */
	n = 0;
	if ((e = store_provider_skips(st, a->provider->id,
	    decide_count_skip_cb, &n)) != PERR_OK)
		return e;
	if (n > SKIP_PATHS_MAX)
		return PERR_TOOLONG;
	if (n > 0 && (a->skip = calloc(n, sizeof(*a->skip))) == NULL)
		return PERR_NOMEM;
	sl.a = a;
	sl.max = n;
	sl.e = PERR_OK;
	if ((e = store_provider_skips(st, a->provider->id, decide_skip_cb,
	    &sl)) != PERR_OK || (e = sl.e) != PERR_OK)
		return e;
	{
		struct binding_rule	*r, *tmp;

		if ((tmp = calloc(BINDINGS_MAX, sizeof(*tmp))) == NULL)
			return PERR_NOMEM;
		if ((e = binding_rules(st, a->id, tmp, BINDINGS_MAX, &n))
		    != PERR_OK) {
			free(tmp);
			return e;
		}
		if (n == 0) {
			free(tmp);
			tmp = NULL;
		} else if ((r = reallocarray(tmp, n, sizeof(*r))) != NULL)
			tmp = r;
		a->rules = tmp;
		a->nrules = n;
	}
	free(a->provider);
	a->provider = NULL;
	return PERR_OK;
}

static int
decide_app_cb(const struct app *ap, void *arg)
{
	struct decide_cfg	*cfg = arg;
	struct dapp		*na;

	if (cfg->napps == cfg->maxapps) {
		cfg->maxapps = cfg->maxapps ? cfg->maxapps * 2 : 16;
		if ((na = reallocarray(cfg->apps, cfg->maxapps,
		    sizeof(*na))) == NULL) {
			cfg->loaderr = PERR_NOMEM;
			return 1;
		}
		cfg->apps = na;
	}
	cfg->loaderr = decide_app_load(cfg->st, ap, &cfg->apps[cfg->napps]);
	cfg->napps++;	/* freed with the rest, loaded or not */
	return cfg->loaderr != PERR_OK;
}

/* Load everything into a fresh cfg; on failure free it. */
static enum perr
decide_cfg_fill(struct store *st, const char *outpost, struct decide_cfg **out)
{
	struct decide_cfg	*cfg;
	struct outpost		 o;
	struct url		 login;
	enum perr		 e;

	*out = NULL;
	if ((cfg = calloc(1, sizeof(*cfg))) == NULL)
		return PERR_NOMEM;
	strlcpy(cfg->outpost, outpost, sizeof(cfg->outpost));
	cfg->st = st;
	/*
	 * The generation is read first: a change made while loading moves it
	 * past what is recorded here, so the next refresh loads again.
	 */
	if ((e = store_generation(st, &cfg->generation)) != PERR_OK ||
	    (e = store_outpost_get(st, outpost, &o)) != PERR_OK ||
	    (e = store_outpost_apps(st, o.id, decide_app_cb, cfg)) != PERR_OK ||
	    (e = cfg->loaderr) != PERR_OK)
		goto fail;
	if ((e = setting_login_url(st, &login)) == PERR_OK) {
		cfg->haslogin = 1;
		cfg->secure = login.https;
		url_format(&login, cfg->login, sizeof(cfg->login));
	} else if (e != PERR_NOTFOUND)
		goto fail;
	if ((e = setting_cookie_name(st, cfg->cookie, sizeof(cfg->cookie)))
	    != PERR_OK ||
	    (e = setting_str(st, "cookie.domain", cfg->domain,
	    sizeof(cfg->domain))) != PERR_OK ||
	    (e = setting_duration(st, "session.lifetime", &cfg->lifetime))
	    != PERR_OK ||
	    (e = setting_duration(st, "session.idle", &cfg->idle)) != PERR_OK)
		goto fail;
	cfg->st = NULL;
	*out = cfg;
	return PERR_OK;
fail:
	decide_cfg_free(cfg);
	return e;
}

enum perr
decide_cfg_load(struct store *st, const char *outpost,
    struct decide_cfg **out)
{
	return decide_cfg_fill(st, outpost, out);
}

enum perr
decide_cfg_refresh(struct store *st, struct decide_cfg *cfg)
{
	struct decide_cfg	*fresh;
	int64_t			 gen;
	enum perr		 e;

	if ((e = store_generation(st, &gen)) != PERR_OK)
		return e;
	if (gen == cfg->generation)
		return PERR_OK;
	if ((e = decide_cfg_fill(st, cfg->outpost, &fresh)) != PERR_OK)
		return e;
	/* Swap contents so the caller's pointer stays valid. */
	{
		struct decide_cfg	tmp = *cfg;

		*cfg = *fresh;
		*fresh = tmp;
		cfg->uc = tmp.uc;
	}
	decide_cfg_free(fresh);
	return PERR_OK;
}

void
decide_cfg_cache(struct decide_cfg *cfg, struct usercache *uc)
{
	cfg->uc = uc;
}

int
decide_status(enum outcome o)
{
	switch (o) {
	case OUTCOME_ALLOW:
		return 200;
	case OUTCOME_LOGIN:
	case OUTCOME_UNAUTH:
	case OUTCOME_CONSENT:
		return 401;
	case OUTCOME_DENY:
	case OUTCOME_BAD:
		return 403;
	case OUTCOME_CALLBACK:
		return 302;
	default:
		return 500;
	}
}

static void
decide_say(decide_trace trace, void *arg, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
decide_say(decide_trace trace, void *arg, const char *fmt, ...)
{
	char	line[1024];
	va_list	ap;

	if (trace == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	trace(arg, line);
}

/*
 * Step 2: the application for host and path: host equal, the longest
 * prefix that ends on a segment boundary, without ASCII case.
 */
static struct dapp *
decide_find(struct decide_cfg *cfg, const char *host, const char *path)
{
	struct dapp	*best = NULL, *a;
	size_t		 i, plen = strlen(path);

	for (i = 0; i < cfg->napps; i++) {
		a = &cfg->apps[i];
		if (strcmp(a->host, host) != 0)
			continue;
		if (a->pathlen > plen ||
		    strncasecmp(path, a->path, a->pathlen) != 0)
			continue;
		if (path[a->pathlen] != '\0' && path[a->pathlen] != '/')
			continue;
		if (best == NULL || a->pathlen > best->pathlen)
			best = a;
	}
	return best;
}

/*
 * The origin-form part of a request target.  A proxy may send the
 * absolute form, "http://host/path" (RFC 9112 3.2.2; Apache passes it on
 * in REQUEST_URI); its authority must then be the host the request is
 * for.  NULL when it is not.
 */
static const char *
decide_target(const char *uri, const char *host, int https)
{
	char		 auth[HOSTPORT_MAX + 1];
	const char	*p, *end;

	if (strncasecmp(uri, "http://", 7) == 0)
		p = uri + 7;
	else if (strncasecmp(uri, "https://", 8) == 0)
		p = uri + 8;
	else
		return uri;
	end = p + strcspn(p, "/?#");
	if (url_host_normalize(p, (size_t)(end - p), https, auth,
	    sizeof(auth)) != PERR_OK || strcmp(auth, host) != 0)
		return NULL;
	return *end == '/' ? end : "/";
}

/* The single-mode application of a host, for its callback. */
static struct dapp *
decide_find_single(struct decide_cfg *cfg, const char *host)
{
	size_t	i;

	for (i = 0; i < cfg->napps; i++)
		if (cfg->apps[i].mode == PMODE_SINGLE &&
		    strcmp(cfg->apps[i].host, host) == 0)
			return &cfg->apps[i];
	return NULL;
}

/* The cookie name an application's session is read from. */
static const char *
decide_cookie_name(const struct decide_cfg *cfg, const struct dapp *a)
{
	if (a->mode == PMODE_SINGLE)
		return a->https ? "__Host-postern" : "postern";
	return cfg->cookie;
}

/*
 * The original URL, whole and percent-encoded, as a query value; "" when
 * it would make the Location too long (login-cgi then lands on the portal).
 */
static void
decide_rd(const struct dapp *a, const char *host, const char *uri,
    char *out, size_t outsz)
{
	char	url[URL_MAX + 1];
	int	n;

	n = snprintf(url, sizeof(url), "%s://%s%s", a->https ? "https" : "http",
	    host, uri);
	if (n < 0 || (size_t)n >= sizeof(url) ||
	    form_encode(url, (size_t)n, out, outsz) == 0)
		out[0] = '\0';
}

/* A Location into login-cgi: route, and rd when there is one. */
static int
decide_location(const struct decide_cfg *cfg, const char *route,
    const char *rd, struct decision *d)
{
	int	n;

	n = snprintf(d->location, sizeof(d->location), "%s%s%s%s", cfg->login,
	    route, *rd != '\0' ? "?rd=" : "", rd);
	return n >= 0 && (size_t)n < sizeof(d->location);
}

/* Identity values go into headers: no byte below 0x20, no DEL. */
static int
decide_header_safe(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 0;
	return 1;
}

struct groupload {
	int64_t		*ids;			/* GROUPS_MAX of them */
	size_t		 n;
	char		*names;
	size_t		 len, max;
	int		 bad;
};

static int
decide_group_cb(const struct group *g, void *arg)
{
	struct groupload	*gl = arg;
	size_t			 l = strlen(g->name);

	if (gl->n == GROUPS_MAX || gl->len + l + 2 > gl->max ||
	    strchr(g->name, ',') != NULL || !decide_header_safe(g->name)) {
		gl->bad = 1;
		return 1;
	}
	gl->ids[gl->n++] = g->id;
	if (gl->len > 0)
		gl->names[gl->len++] = ',';
	memcpy(gl->names + gl->len, g->name, l);
	gl->len += l;
	gl->names[gl->len] = '\0';
	return 0;
}

struct bindtrace {
	const struct ucuser	*u;
	decide_trace		 trace;
	void			*arg;
};

static int
decide_binding_cb(const struct binding *b, void *arg)
{
	struct bindtrace	*bt = arg;
	struct binding_rule	 r;

	r.user_id = b->user_id;
	r.group_id = b->group_id;
	r.negate = b->negate;
	r.enabled = 1;
	decide_say(bt->trace, bt->arg, "binding %lld: %s%s %s%s: %s",
	    (long long)b->id, b->negate ? "not " : "",
	    b->user_id ? "user" : "group", b->user_id ? b->user : b->group,
	    b->enabled ? "" : " (disabled, not counted)",
	    binding_allows(POLICY_ANY, &r, 1, bt->u->id, bt->u->gids,
	    bt->u->ngids) ? "passes" : "fails");
	return 0;
}

/* For explain: every binding of the application, with names. */
static void
decide_trace_bindings(struct store *st, const struct dapp *a,
    const struct ucuser *u, decide_trace trace, void *arg)
{
	struct bindtrace	bt = { u, trace, arg };

	if (a->nrules == 0)
		decide_say(trace, arg, "no binding: every signed-in, active "
		    "user passes");
	else if (store_binding_list(st, a->id, decide_binding_cb, &bt)
	    != PERR_OK)
		decide_say(trace, arg, "bindings could not be listed");
}

/*
 * What the decision needs of user id (steps 4 and 6): from the cache when
 * it holds this generation's copy, else from the store, then cached.
 * PERR_RANGE: the groups are too many or have unsafe names (logged).
 */
static enum perr
decide_user(struct decide_cfg *cfg, struct store *st, int64_t id,
    struct ucuser *uu)
{
	struct user	 u;
	struct groupload gl;
	enum perr	 e;

	if (cfg->uc != NULL && usercache_get(cfg->uc, cfg->generation, id, uu))
		return PERR_OK;
	if ((e = store_user_get_id(st, id, &u)) != PERR_OK)
		return e;
	uu->id = u.id;
	uu->active = u.active;
	strlcpy(uu->name, u.name, sizeof(uu->name));
	strlcpy(uu->display, u.display, sizeof(uu->display));
	strlcpy(uu->email, u.email, sizeof(uu->email));
	memset(&gl, 0, sizeof(gl));
	gl.ids = uu->gids;
	gl.names = uu->groups;
	gl.max = uu->groupssz;
	uu->groups[0] = '\0';
	if ((e = store_user_groups(st, u.id, decide_group_cb, &gl)) != PERR_OK
	    || gl.bad) {
		log_err("groups of %s: %s", u.name, gl.bad ? "too many or "
		    "unsafe names" : perr_str(e));
		return gl.bad ? PERR_TOOLONG : e;
	}
	uu->ngids = gl.n;
	if (cfg->uc != NULL)
		usercache_put(cfg->uc, cfg->generation, uu);
	return PERR_OK;
}

/* Does the client prefer JSON?  Then a redirect would only confuse it. */
static int
decide_wants_json(const char *accept)
{
	if (accept == NULL)
		return 0;
	return strcasestr(accept, "json") != NULL &&
	    strcasestr(accept, "text/html") == NULL;
}

/*
 * Step 3: exchange a one-time code for a session on this host.  The code
 * is a short session marked FACTOR_CODE (login-cgi makes one for a
 * minute; never valid as a cookie); it is consumed, and a fresh session
 * with session.lifetime and session.idle replaces it.
 */
static void
decide_callback(struct decide_cfg *cfg, struct store *st,
    const struct request *req, const struct dapp *a, const char *host,
    int64_t now, struct decision *d, decide_trace trace, void *arg)
{
	const char	*q;
	char		 code[CODE_MAX + 1], rd[URL_MAX + 1];
	char		 token[TOKEN_B64_LEN + 1], prefix[HOSTPORT_MAX + 16];
	struct session	 old, fresh;
	struct user	 u;
	size_t		 codelen, plen;
	enum perr	 e;

	/* The exchange writes: nothing is read or spent on a read-only store. */
	if (store_readonly(st)) {
		d->outcome = OUTCOME_ERROR;
		d->why = "callback: the store is open read-only";
		d->needwrite = 1;
		return;
	}
	d->why = "callback: no valid code";
	d->outcome = OUTCOME_DENY;
	if ((q = strchr(req->uri, '?')) == NULL ||
	    form_get(q + 1, strlen(q + 1), "code", code, sizeof(code),
	    &codelen) != PERR_OK)
		return;
	e = session_check_code(st, code, codelen, now, &old, &u);
	token_wipe(code, sizeof(code));
	if (e == PERR_DENIED) {
		decide_say(trace, arg, "callback: the code is unknown, used or "
		    "expired");
		return;
	}
	if (e != PERR_OK)
		goto error;
	if ((e = store_begin(st)) != PERR_OK)
		goto error;
	if ((e = store_session_del(st, old.id)) != PERR_OK ||
	    (e = session_create(st, &u, cfg->lifetime, cfg->idle,
	    old.factors & ~FACTOR_CODE, old.addr, old.agent, now, token,
	    &fresh)) != PERR_OK ||
	    (e = store_commit(st)) != PERR_OK) {
		store_rollback(st);
		goto error;
	}
	e = cookie_format(d->setcookie, sizeof(d->setcookie),
	    decide_cookie_name(cfg, a), token, a->https, NULL, -1);
	token_wipe(token, sizeof(token));
	if (e != PERR_OK)
		goto error;
	token_hash_hint(fresh.hash, d->hint);
	/* Back to rd when it is on this very application, else its root. */
	plen = (size_t)snprintf(prefix, sizeof(prefix), "%s://%s/",
	    a->https ? "https" : "http", host);
	if (form_get(q + 1, strlen(q + 1), "rd", rd, sizeof(rd), NULL) ==
	    PERR_OK && strncmp(rd, prefix, plen) == 0 && decide_header_safe(rd) &&
	    strchr(rd, '\\') == NULL && strchr(rd, ' ') == NULL)
		strlcpy(d->location, rd, sizeof(d->location));
	else
		snprintf(d->location, sizeof(d->location), "%s", prefix);
	strlcpy(d->id.user, u.name, sizeof(d->id.user));
	d->outcome = OUTCOME_CALLBACK;
	d->why = "callback: code exchanged for a session";
	decide_say(trace, arg, "callback: code exchanged for a session of %s",
	    u.name);
	return;
error:
	d->outcome = OUTCOME_ERROR;
	d->why = "callback: store failure";
	log_err("callback: %s", perr_str(e));
}

/*
 * The steps, for the session of the request's cookie, or (as, for
 * authz-admin explain only) for a given user as if signed in.
 */
static void
decide_run(struct decide_cfg *cfg, struct store *st, const struct request *req,
    int64_t now, const struct user *as, int defer, struct decision *d,
    decide_trace trace, void *arg)
{
	char		 host[HOSTPORT_MAX + 1], path[PATH_MAX_BYTES + 1];
	char		 rd[URL_MAX + 1], groups[IDENTITY_GROUPS_MAX + 1];
	const char	*why = NULL, *val, *target;
	struct dapp	*a;
	struct session	 s;
	struct ucuser	 u;
	size_t		 i, vallen;
	int		 getlike;
	enum perr	 e;

	d->app[0] = d->hint[0] = '\0';
	d->touch = 0;
	d->needwrite = 0;
	d->id.user[0] = d->id.name[0] = d->id.email[0] = d->id.groups[0] = '\0';
	d->location[0] = d->setcookie[0] = '\0';
	d->outcome = OUTCOME_ERROR;
	d->why = "internal error";

	/* Step 1. */
	if (req->host == NULL || req->uri == NULL || req->method == NULL) {
		d->outcome = OUTCOME_BAD;
		d->why = "HTTP_HOST, REQUEST_URI or REQUEST_METHOD missing";
		decide_say(trace, arg, "refused: %s", d->why);
		return;
	}
	if (url_host_normalize(req->host, strlen(req->host), req->https, host,
	    sizeof(host)) != PERR_OK) {
		d->outcome = OUTCOME_BAD;
		d->why = "malformed host";
		decide_say(trace, arg, "refused: the host is not a plain "
		    "host[:port]");
		return;
	}
	if ((target = decide_target(req->uri, host, req->https)) == NULL) {
		d->outcome = OUTCOME_BAD;
		d->why = "absolute-form target for another host";
		decide_say(trace, arg, "refused: %s", d->why);
		return;
	}
	if ((e = url_path_normalize(target, strlen(target), path,
	    sizeof(path), &why)) != PERR_OK) {
		d->outcome = OUTCOME_BAD;
		d->why = why != NULL ? why : "malformed path";
		decide_say(trace, arg, "refused: path: %s", d->why);
		return;
	}
	decide_say(trace, arg, "normalized: host %s, path %s", host, path);

	/*
	 * Step 3 first for its path: /.postern/callback belongs to the
	 * single-mode application of the host, whatever its path prefix.
	 */
	if (strcmp(path, CALLBACK_PATH) == 0 &&
	    (a = decide_find_single(cfg, host)) != NULL) {
		strlcpy(d->app, a->slug, sizeof(d->app));
		decide_say(trace, arg, "application: %s (single mode: its "
		    "callback)", a->slug);
		decide_callback(cfg, st, req, a, host, now, d, trace, arg);
		return;
	}

	/* Step 2. */
	if ((a = decide_find(cfg, host, path)) == NULL) {
		d->outcome = OUTCOME_DENY;
		d->why = "no application for this host and path";
		decide_say(trace, arg, "denied: no application of outpost %s "
		    "answers at %s%s", cfg->outpost, host, path);
		return;
	}
	strlcpy(d->app, a->slug, sizeof(d->app));
	decide_say(trace, arg, "application: %s (prefix \"%s\")", a->slug,
	    a->path);
	for (i = 0; i < a->nskip; i++)
		if (regexec(&a->skip[i], path, 0, NULL, 0) == 0) {
			d->outcome = OUTCOME_ALLOW;
			d->why = "unauthenticated path";
			decide_say(trace, arg, "allowed: the path matches "
			    "unauthenticated path number %zu; no identity", i + 1);
			return;
		}

	/* Step 4. */
	getlike = strcmp(req->method, "GET") == 0 ||
	    strcmp(req->method, "HEAD") == 0;
	e = PERR_NOTFOUND;
	memset(&s, 0, sizeof(s));
	memset(&u, 0, sizeof(u));
	u.groups = groups;
	u.groupssz = sizeof(groups);
	groups[0] = '\0';
	if (as != NULL) {
		s.user_id = as->id;
		s.seen = now;
		e = PERR_OK;
	} else if (req->cookie != NULL &&
	    (e = cookie_find(req->cookie, strlen(req->cookie),
	    decide_cookie_name(cfg, a), &val, &vallen)) == PERR_OK)
		e = session_check_brief(st, val, vallen, now, &s);
	if (e != PERR_OK && e != PERR_NOTFOUND && e != PERR_DENIED &&
	    e != PERR_INVAL && e != PERR_TOOLONG) {
		log_err("session lookup: %s", perr_str(e));
		d->why = "session lookup failed";
		return;
	}
	/* The session's user and groups (step 6 reads them). */
	if (e == PERR_OK) {
		if ((e = decide_user(cfg, st, s.user_id, &u)) != PERR_OK) {
			log_err("user of a session: %s", perr_str(e));
			d->why = e == PERR_TOOLONG ? "groups could not be read"
			    : "user lookup failed";
			return;
		}
		if (!u.active)
			e = PERR_DENIED;
	}

	/* Step 5. */
	if (e != PERR_OK) {
		decide_say(trace, arg, "no session: %s", e == PERR_NOTFOUND ?
		    "no session cookie" : e == PERR_INVAL ?
		    "the session cookie is given twice" : e == PERR_TOOLONG ?
		    "the Cookie header is too long" :
		    "unknown, expired or revoked session, or inactive user");
		if (!getlike || decide_wants_json(req->accept)) {
			d->outcome = OUTCOME_UNAUTH;
			d->why = "not signed in (no redirect for JSON or this "
			    "method)";
			return;
		}
		if (!cfg->haslogin) {
			log_err("login.url is not set: cannot send anyone to "
			    "log in");
			d->why = "login.url is not set";
			return;
		}
		decide_rd(a, host, target, rd, sizeof(rd));
		if (!decide_location(cfg, "/start", rd, d))
			return;
		d->outcome = OUTCOME_LOGIN;
		d->why = "not signed in";
		return;
	}
	if (as != NULL)
		decide_say(trace, arg, "as %s (signed in, for explain)", u.name);
	else {
		token_hash_hint(s.hash, d->hint);
		decide_say(trace, arg, "session %s of %s", d->hint, u.name);
	}
	if (as == NULL && session_touch_due(&s, now)) {
		d->touch = s.id;
		if (!defer)
			decide_touch(st, d, now);
	}

	/* Step 6. */
	if (trace != NULL)
		decide_trace_bindings(st, a, &u, trace, arg);
	if (!binding_allows(a->policy, a->rules, a->nrules, u.id, u.gids,
	    u.ngids)) {
		d->outcome = OUTCOME_DENY;
		d->why = "bindings deny";
		decide_say(trace, arg, "denied: the bindings (policy %s) do "
		    "not let %s through", a->policy == POLICY_ALL ? "all" :
		    "any", u.name);
		return;
	}
	decide_say(trace, arg, "bindings (policy %s) let %s through",
	    a->policy == POLICY_ALL ? "all" : "any", u.name);
	if (a->flow == FLOW_EXPLICIT) {
		e = consent_check(st, u.id, a->id, a->consent, a->consent_secs,
		    now);
		if (e == PERR_NOTFOUND) {
			decide_say(trace, arg, "no consent in force for %s",
			    a->slug);
			if (!getlike || decide_wants_json(req->accept)) {
				d->outcome = OUTCOME_UNAUTH;
				d->why = "consent needed (no redirect for JSON "
				    "or this method)";
				return;
			}
			if (!cfg->haslogin) {
				log_err("login.url is not set");
				d->why = "login.url is not set";
				return;
			}
			decide_rd(a, host, target, rd, sizeof(rd));
			if (!decide_location(cfg, "/consent", rd, d))
				return;
			d->outcome = OUTCOME_CONSENT;
			d->why = "consent needed";
			return;
		}
		if (e != PERR_OK) {
			log_err("consent of %s for %s: %s", u.name, a->slug,
			    perr_str(e));
			d->why = "consent lookup failed";
			return;
		}
		decide_say(trace, arg, "consent in force for %s", a->slug);
	}

	/* Step 7. */
	strlcpy(d->id.user, u.name, sizeof(d->id.user));
	strlcpy(d->id.name, u.display, sizeof(d->id.name));
	strlcpy(d->id.email, u.email, sizeof(d->id.email));
	memcpy(d->id.groups, groups, sizeof(d->id.groups));
	if (!decide_header_safe(d->id.user) || !decide_header_safe(d->id.name) ||
	    !decide_header_safe(d->id.email)) {
		log_err("identity of %s holds a control byte", u.name);
		d->id.user[0] = d->id.name[0] = d->id.email[0] = '\0';
		d->id.groups[0] = '\0';
		d->why = "unsafe identity value";
		return;
	}
	d->outcome = OUTCOME_ALLOW;
	d->why = "allowed";
	decide_say(trace, arg, "allowed as %s", u.name);
}

void
decide(struct decide_cfg *cfg, struct store *st, const struct request *req,
    int64_t now, struct decision *d, decide_trace trace, void *arg)
{
	decide_run(cfg, st, req, now, NULL, 0, d, trace, arg);
}

void
decide_deferred(struct decide_cfg *cfg, struct store *st,
    const struct request *req, int64_t now, struct decision *d)
{
	decide_run(cfg, st, req, now, NULL, 1, d, NULL, NULL);
}

void
decide_touch(struct store *st, struct decision *d, int64_t now)
{
	enum perr	e;

	if (d->touch == 0)
		return;
	if ((e = store_session_touch(st, d->touch, now)) != PERR_OK)
		log_warn("session %s: touch: %s (the answer stands)", d->hint,
		    perr_str(e));
	d->touch = 0;
}

void
decide_as(struct decide_cfg *cfg, struct store *st, const struct request *req,
    int64_t now, const struct user *u, struct decision *d,
    decide_trace trace, void *arg)
{
	decide_run(cfg, st, req, now, u, 0, d, trace, arg);
}
