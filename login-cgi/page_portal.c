/* postern: login-cgi / (the portal), /revoke and /postern.css. */
/*
 * The portal lists the applications the signed-in user may open, by the
 * same binding_allows() authz-fcgi decides with (Z05: the others are not
 * named at all), among those attached to some outpost (no authz-fcgi
 * serves the others), and the user's own sessions (the browser as a
 * short summary, never the raw User-Agent) and consents, each with a
 * revoke form (POST /revoke, the session's CSRF token).
 */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "login.h"
#include "lib/binding.h"
#include "lib/event.h"
#include "lib/group.h"
#include "lib/log.h"
#include "lib/session.h"
#include "lib/text.h"

#define PORTAL_ITEMS_MAX	512
#define APP_VARS		5
#define SESSION_VARS		6
#define CONSENT_VARS		4

struct portal {
	struct lreq	*q;
	struct user	*u;
	int64_t		 groups[GROUPS_MAX];
	size_t		 ngroups;
	struct binding_rule rules[BINDINGS_MAX];
	/* apps the user may open */
	struct app	*apps;
	char		(*launch)[URL_MAX + 1];
	char		(*initial)[8];
	size_t		 napps;
	/* sessions and consents */
	struct session	*sess;
	char		(*stime)[2][32];
	char		(*agent)[48];
	size_t		 nsess;
	struct consent	*cons;
	char		(*cname)[APPNAME_MAX + 1];
	char		(*ctime)[2][48];
	size_t		 ncons;
	int		 full;
};

/* Stops at the first outpost: the application is served by someone. */
static int
portal_outpost_cb(const struct outpost *o, void *arg)
{
	*(int *)arg = 1;
	return 1;
}

static int
portal_app_cb(const struct app *ap, void *arg)
{
	struct portal	*pt = arg;
	struct provider	 p;
	size_t		 n;
	int		 served = 0;

	if (pt->napps == PORTAL_ITEMS_MAX) {
		pt->full = 1;
		return 1;
	}
	/*
	 * An application attached to no outpost is answered by no
	 * authz-fcgi (403 for everyone): no use listing it.
	 */
	if (store_app_outposts(pt->q->lg->st, ap->id, portal_outpost_cb,
	    &served) != PERR_OK || !served)
		return 0;
	if (binding_rules(pt->q->lg->st, ap->id, pt->rules, BINDINGS_MAX, &n)
	    != PERR_OK || !binding_allows(ap->policy, pt->rules, n, pt->u->id,
	    pt->groups, pt->ngroups))
		return 0;
	pt->apps[pt->napps] = *ap;
	if (ap->launch[0] != '\0')
		strlcpy(pt->launch[pt->napps], ap->launch, URL_MAX + 1);
	else if (store_provider_get_id(pt->q->lg->st, ap->provider_id, &p) ==
	    PERR_OK && strlen(p.external) < URL_MAX) {
		n = strlen(p.external);
		memcpy(pt->launch[pt->napps], p.external, n);
		memcpy(pt->launch[pt->napps] + n, "/", 2);
	} else
		pt->launch[pt->napps][0] = '\0';
	pt->napps++;
	return 0;
}

static int
portal_session_cb(const struct session *s, void *arg)
{
	struct portal	*pt = arg;

	if (pt->nsess == PORTAL_ITEMS_MAX)
		return 1;
	if (s->factors & FACTOR_CODE)
		return 0;	/* a one-time code in flight, not a sign-in */
	pt->sess[pt->nsess++] = *s;
	return 0;
}

static int
portal_consent_cb(const struct consent *c, void *arg)
{
	struct portal	*pt = arg;

	struct app	ap;

	if (pt->ncons == PORTAL_ITEMS_MAX)
		return 1;
	/* Shown by the application's name, its slug when that fails. */
	if (store_app_get_id(pt->q->lg->st, c->app_id, &ap) == PERR_OK)
		strlcpy(pt->cname[pt->ncons], ap.name, APPNAME_MAX + 1);
	else
		strlcpy(pt->cname[pt->ncons], c->app, APPNAME_MAX + 1);
	pt->cons[pt->ncons++] = *c;
	return 0;
}

/*
 * A short summary of a stored User-Agent, "Firefox on Linux", for the
 * session list: only names from the tables below ever reach the page,
 * whatever the header held, so it is short and tells nothing the
 * browser's vendor does not.  The first match of each table wins, so
 * the more specific tokens come first (Edge and Opera say "Chrome",
 * Chrome says "Safari", Android says "Linux").
 */
static void
portal_agent(const char *ua, char *out, size_t outsz)
{
	static const struct {
		const char	*token;
		const char	*name;
	} browsers[] = {
		{ "Edg/", "Edge" }, { "Edge/", "Edge" }, { "OPR/", "Opera" },
		{ "Opera", "Opera" }, { "SamsungBrowser/", "Samsung Internet" },
		{ "Vivaldi/", "Vivaldi" }, { "Firefox/", "Firefox" },
		{ "FxiOS/", "Firefox" }, { "CriOS/", "Chrome" },
		{ "Chromium/", "Chromium" }, { "HeadlessChrome/", "Chromium" },
		{ "Chrome/", "Chrome" }, { "Safari/", "Safari" },
		{ "curl/", "curl" }, { "Wget/", "Wget" },
		{ "python-requests/", "Python" }, { "Python-urllib/", "Python" },
	}, systems[] = {
		{ "Windows", "Windows" }, { "iPhone", "iOS" }, { "iPad", "iPadOS" },
		{ "Android", "Android" }, { "CrOS", "ChromeOS" },
		{ "Mac OS X", "macOS" }, { "Macintosh", "macOS" },
		{ "Linux", "Linux" }, { "FreeBSD", "FreeBSD" },
		{ "OpenBSD", "OpenBSD" }, { "NetBSD", "NetBSD" },
	};
	const char	*b = NULL, *o = NULL;
	size_t		 i;

	for (i = 0; ua != NULL && b == NULL &&
	    i < sizeof(browsers) / sizeof(browsers[0]); i++)
		if (strstr(ua, browsers[i].token) != NULL)
			b = browsers[i].name;
	for (i = 0; ua != NULL && o == NULL &&
	    i < sizeof(systems) / sizeof(systems[0]); i++)
		if (strstr(ua, systems[i].token) != NULL)
			o = systems[i].name;
	if (b != NULL && o != NULL)
		snprintf(out, outsz, "%s on %s", b, o);
	else if (b != NULL || o != NULL)
		snprintf(out, outsz, "%s", b != NULL ? b : o);
	else
		snprintf(out, outsz, "%s", ua != NULL && *ua != '\0' ?
		    "Another browser or program" : "Unknown browser");
}

static void
portal_time(int64_t t, char *out, size_t outsz)
{
	struct tm	tm;
	time_t		tt = (time_t)t;

	if (t == 0 || gmtime_r(&tt, &tm) == NULL ||
	    strftime(out, outsz, "%Y-%m-%d %H:%M UTC", &tm) == 0)
		snprintf(out, outsz, "%s", t == 0 ? "never" : "?");
}

static void
portal_free(struct portal *pt)
{
	free(pt->apps);
	free(pt->launch);
	free(pt->initial);
	free(pt->sess);
	free(pt->stime);
	free(pt->agent);
	free(pt->cons);
	free(pt->cname);
	free(pt->ctime);
}

static int
portal_get(struct lreq *q)
{
	struct portal	 pt;
	struct session	 s;
	struct user	 u;
	struct tvar	(*av)[APP_VARS] = NULL, (*sv)[SESSION_VARS] = NULL;
	struct tvar	(*cv)[CONSENT_VARS] = NULL;
	struct tvars	*as = NULL, *ss = NULL, *cs = NULL;
	char		 csrf[64], revoke[URL_MAX + 1];
	char		 loc[URL_MAX + 1], (*ids)[24] = NULL;
	size_t		 i;
	int		 rc;

	if ((rc = flow_session(q, &s, &u)) == -1)
		return http_error(q, 500, "The portal cannot be shown now.");
	if (rc == 0) {
		http_url(q, "/login", NULL, loc, sizeof(loc));
		return http_redirect(q, loc);
	}
	memset(&pt, 0, sizeof(pt));
	pt.q = q;
	pt.u = &u;
	rc = -1;
	if ((pt.apps = calloc(PORTAL_ITEMS_MAX, sizeof(*pt.apps))) == NULL ||
	    (pt.launch = calloc(PORTAL_ITEMS_MAX, sizeof(*pt.launch))) == NULL ||
	    (pt.initial = calloc(PORTAL_ITEMS_MAX, sizeof(*pt.initial))) == NULL ||
	    (pt.sess = calloc(PORTAL_ITEMS_MAX, sizeof(*pt.sess))) == NULL ||
	    (pt.stime = calloc(PORTAL_ITEMS_MAX, sizeof(*pt.stime))) == NULL ||
	    (pt.agent = calloc(PORTAL_ITEMS_MAX, sizeof(*pt.agent))) == NULL ||
	    (pt.cons = calloc(PORTAL_ITEMS_MAX, sizeof(*pt.cons))) == NULL ||
	    (pt.cname = calloc(PORTAL_ITEMS_MAX, sizeof(*pt.cname))) == NULL ||
	    (pt.ctime = calloc(PORTAL_ITEMS_MAX, sizeof(*pt.ctime))) == NULL ||
	    (ids = calloc(2 * PORTAL_ITEMS_MAX, sizeof(*ids))) == NULL ||
	    (av = calloc(PORTAL_ITEMS_MAX, sizeof(*av))) == NULL ||
	    (sv = calloc(PORTAL_ITEMS_MAX, sizeof(*sv))) == NULL ||
	    (cv = calloc(PORTAL_ITEMS_MAX, sizeof(*cv))) == NULL ||
	    (as = calloc(PORTAL_ITEMS_MAX, sizeof(*as))) == NULL ||
	    (ss = calloc(PORTAL_ITEMS_MAX, sizeof(*ss))) == NULL ||
	    (cs = calloc(PORTAL_ITEMS_MAX, sizeof(*cs))) == NULL)
		goto done;
	if (group_ids_of(q->lg->st, u.id, pt.groups, GROUPS_MAX, &pt.ngroups)
	    != PERR_OK ||
	    store_app_list(q->lg->st, portal_app_cb, &pt) != PERR_OK ||
	    store_session_list(q->lg->st, u.id, portal_session_cb, &pt) !=
	    PERR_OK ||
	    store_consent_list(q->lg->st, u.id, portal_consent_cb, &pt) !=
	    PERR_OK ||
	    csrf_session_field(q, &s, csrf, sizeof(csrf)) == -1)
		goto done;
	http_url(q, "/revoke", NULL, revoke, sizeof(revoke));
	for (i = 0; i < pt.napps; i++) {
		/* The first character of the name, whole, for a missing icon. */
		size_t	il = text_utf8_len((const unsigned char *)pt.apps[i].name,
		    strlen(pt.apps[i].name));

		memcpy(pt.initial[i], pt.apps[i].name, il < 8 ? il : 0);
		{
			struct tvar	t[APP_VARS] = {
				TV_STR("name", pt.apps[i].name),
				TV_STR("description", pt.apps[i].description),
				TV_STR("icon", pt.apps[i].icon),
				TV_STR("initial", pt.initial[i]),
				TV_STR("launch", pt.launch[i]),
			};

			memcpy(av[i], t, sizeof(t));
		}
		as[i].v = av[i];
		as[i].n = APP_VARS;
	}
	for (i = 0; i < pt.nsess; i++) {
		portal_time(pt.sess[i].created, pt.stime[i][0], 32);
		portal_time(pt.sess[i].seen, pt.stime[i][1], 32);
		portal_agent(pt.sess[i].agent, pt.agent[i], sizeof(pt.agent[i]));
		snprintf(ids[i], sizeof(ids[i]), "%lld",
		    (long long)pt.sess[i].id);
		{
			struct tvar	t[SESSION_VARS] = {
				TV_STR("id", ids[i]),
				TV_STR("created", pt.stime[i][0]),
				TV_STR("last_seen", pt.stime[i][1]),
				TV_STR("address", pt.sess[i].addr),
				TV_STR("user_agent", pt.agent[i]),
				TV_BOOL("current", pt.sess[i].id == s.id),
			};

			memcpy(sv[i], t, sizeof(t));
		}
		ss[i].v = sv[i];
		ss[i].n = SESSION_VARS;
	}
	for (i = 0; i < pt.ncons; i++) {
		char	when[32];

		portal_time(pt.cons[i].given, pt.ctime[i][0], 48);
		portal_time(pt.cons[i].expires, when, sizeof(when));
		if (pt.cons[i].expires == 0)
			snprintf(pt.ctime[i][1], 48, "does not expire");
		else
			snprintf(pt.ctime[i][1], 48, "expires %s", when);
		snprintf(ids[PORTAL_ITEMS_MAX + i], sizeof(ids[0]), "%lld",
		    (long long)pt.cons[i].app_id);
		{
			struct tvar	t[CONSENT_VARS] = {
				TV_STR("id", ids[PORTAL_ITEMS_MAX + i]),
				TV_STR("app_name", pt.cname[i]),
				TV_STR("granted", pt.ctime[i][0]),
				TV_STR("expires", pt.ctime[i][1]),
			};

			memcpy(cv[i], t, sizeof(t));
		}
		cs[i].v = cv[i];
		cs[i].n = CONSENT_VARS;
	}
	{
		struct tvar	v[] = {
			TV_STR("title", "Your applications"),
			TV_STR("css", q->css),
			TV_STR("home", q->home),
			TV_STR("user", u.name),
			TV_STR("name", u.display),
			TV_STR("csrf", csrf),
			TV_STR("revoke_action", revoke),
			TV_STR("logout", q->logout),
			TV_LIST("apps", as, pt.napps),
			TV_LIST("sessions", ss, pt.nsess),
			TV_LIST("consents", cs, pt.ncons),
		};
		struct tvars	vars = TVARS(v);

		rc = http_page(q, 200, "portal", &vars);
	}
done:
	if (rc == -1)
		rc = http_error(q, 500, "The portal cannot be shown now.");
	portal_free(&pt);
	free(ids);
	free(av);
	free(sv);
	free(cv);
	free(as);
	free(ss);
	free(cs);
	return rc;
}

/* POST /revoke: kind=session|consent, id; only the user's own. */
static int
revoke_post(struct lreq *q)
{
	struct session	 s, other;
	struct user	 u;
	char		 sid[24], cid[24], csrf[64], loc[URL_MAX + 1];
	const char	*errstr, *kind, *id;
	int64_t		 n;
	int		 rc, hs, hc;
	enum perr	 e;

	if (!http_same_origin(q))
		return http_error(q, 403, "This form was sent from another "
		    "site.");
	if ((rc = http_read_form(q)) != 0)
		return http_error(q, rc, "The form could not be read.");
	hs = http_field(q, "session", sid, sizeof(sid));
	hc = http_field(q, "consent", cid, sizeof(cid));
	if (hs == -1 || hc == -1 || hs + hc != 1 ||
	    http_field(q, "csrf", csrf, sizeof(csrf)) != 1)
		return http_error(q, 400, "A field was missing, repeated or "
		    "malformed.");
	kind = hs ? "session" : "consent";
	id = hs ? sid : cid;
	if ((rc = flow_session(q, &s, &u)) != 1)
		return http_error(q, rc == -1 ? 500 : 403, "Sign in first.");
	if (!csrf_session_check(q, &s, csrf))
		return http_error(q, 403, "This form has expired; open the "
		    "page again.");
	n = strtonum(id, 1, INT64_MAX, &errstr);
	if (errstr != NULL)
		return http_error(q, 400, "That is not something to revoke.");
	if (strcmp(kind, "session") == 0) {
		if (store_session_get(q->lg->st, n, &other) != PERR_OK ||
		    other.user_id != u.id)
			return http_error(q, 400, "That is not your session.");
		e = store_session_del(q->lg->st, n);
	} else if (strcmp(kind, "consent") == 0)
		e = store_consent_del(q->lg->st, u.id, n, NULL);
	else
		return http_error(q, 400, "That is not something to revoke.");
	if (e != PERR_OK)
		return http_error(q, e == PERR_NOTFOUND ? 400 : 500,
		    "It could not be revoked.");
	event_add(q->lg->st, q->now, strcmp(kind, "session") == 0 ?
	    "session.revoke" : "consent.revoke", u.name, u.name, "%lld by the "
	    "user", (long long)n);
	http_url(q, "/", NULL, loc, sizeof(loc));
	return http_redirect(q, loc);
}

/* The one stylesheet, from the templates directory. */
static int
css_get(struct lreq *q)
{
	char	path[PATH_MAX_BYTES + 64], buf[65536];
	ssize_t	n;
	size_t	len = 0;
	int	fd;

	snprintf(path, sizeof(path), "%s/postern.css", q->lg->templates);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return http_send(q, 404, "text/plain; charset=utf-8", "", 0);
	while (len < sizeof(buf) &&
	    (n = read(fd, buf + len, sizeof(buf) - len)) > 0)
		len += (size_t)n;
	close(fd);
	return http_send(q, 200, "text/css; charset=utf-8", buf, len);
}

const struct page page_portal = { "/", portal_get, NULL };
const struct page page_revoke = { "/revoke", NULL, revoke_post };
const struct page page_css = { "/postern.css", css_get, NULL };
