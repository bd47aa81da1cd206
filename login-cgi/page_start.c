/* postern: login-cgi /start: where authz-fcgi sends the signed-out. */
/*
 * The decision again, for the signed-in user and the validated rd: back
 * to rd when it allows, to /consent when consent is due, to /denied when
 * the bindings refuse; to /login when nobody is signed in.  A browser
 * sent back here over and over although allowed gets the loop page.
 *
 * /start is also Apache's ErrorDocument 401 behind mod_fcgid's access
 * checker (shared hosting, recipe 1: "ErrorDocument 401
 * /cgi/login-cgi/start?app=SLUG"): rd is then the original URL, rebuilt
 * from the application's external URL and Apache's REDIRECT_URL.
 */
#include "config.h"

#include <string.h>
#include <strings.h>

#include "login.h"
#include "lib/app.h"
#include "lib/decide.h"
#include "lib/log.h"
#include "lib/setting.h"

/*
 * Append REDIRECT_URL, a path Apache has percent-decoded, encoded again:
 *	path = "/" *( pchar / "/" ), not starting with "//"
 * pchar's unreserved, sub-delims, ":" and "@" are copied, every other
 * byte but a control byte is written as %XX; a control byte (CR, LF, ...)
 * refuses the whole.  Returns 0, or -1 refused or too long.
 */
static int
start_path(const char *path, char *out, size_t outsz, size_t *len)
{
	static const char	 hex[] = "0123456789ABCDEF";
	const unsigned char	*p;

	if (path[0] != '/' || path[1] == '/')
		return -1;
	for (p = (const unsigned char *)path; *p != '\0'; p++) {
		if (*p < 0x20 || *p == 0x7f)
			return -1;
		if (*len + 4 > outsz)
			return -1;
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~!$&'()*+,;=:@/",
		    *p) != NULL)
			out[(*len)++] = (char)*p;
		else {
			out[(*len)++] = '%';
			out[(*len)++] = hex[*p >> 4];
			out[(*len)++] = hex[*p & 0xf];
		}
	}
	out[*len] = '\0';
	return 0;
}

/*
 * The original URL of a request Apache sent here as its ErrorDocument
 * 401: the origin of the external URL of the application named by "app"
 * in our own query (the ErrorDocument's URL, the administrator's), then
 * REDIRECT_URL, which must lie under that URL's path on a segment
 * boundary, then "?" and REDIRECT_QUERY_STRING (visible ASCII, no "#")
 * when there is one.  Never SERVER_NAME or Host: the client chooses
 * those.  Returns 1 with out filled, 0 when it cannot be built (logged),
 * -1 on a store failure.
 */
static int
start_original(struct lreq *q, char *out, size_t outsz)
{
	struct app	 ap;
	struct provider	 p;
	struct url	 ext;
	char		 slug[SLUG_MAX + 1];
	const char	*why = NULL, *s;
	size_t		 len, plen;
	enum perr	 e;

	out[0] = '\0';
	if (http_query(q, "app", slug, sizeof(slug)) != 1 ||
	    app_slug_check(slug) != PERR_OK) {
		log_warn("ErrorDocument 401 without ?app=SLUG in its URL");
		return 0;
	}
	if ((e = store_app_get(q->lg->st, slug, &ap)) == PERR_NOTFOUND) {
		log_warn("ErrorDocument 401: no application %s", slug);
		return 0;
	}
	if (e != PERR_OK ||
	    store_provider_get_id(q->lg->st, ap.provider_id, &p) != PERR_OK)
		return -1;
	if (url_parse(p.external, &ext, &why) != PERR_OK)
		return -1;
	plen = strlen(ext.path);
	if (q->redirect_url == NULL || strncmp(q->redirect_url, ext.path,
	    plen) != 0 || (q->redirect_url[plen] != '/' &&
	    q->redirect_url[plen] != '\0')) {
		log_warn("ErrorDocument 401 for %s: REDIRECT_URL not under "
		    "its path", slug);
		return 0;
	}
	ext.path[0] = '\0';
	if ((len = url_format(&ext, out, outsz)) >= outsz ||
	    start_path(q->redirect_url, out, outsz, &len) == -1)
		goto refused;
	if (q->redirect_query != NULL && *q->redirect_query != '\0') {
		for (s = q->redirect_query; *s != '\0'; s++)
			if (*s <= 0x20 || *s >= 0x7f || *s == '#')
				goto refused;
		if (len + 1 + strlen(q->redirect_query) >= outsz)
			goto refused;
		out[len++] = '?';
		strlcpy(out + len, q->redirect_query, outsz - len);
	}
	return 1;
refused:
	log_warn("ErrorDocument 401 for %s: the original URL is malformed or "
	    "too long", slug);
	out[0] = '\0';
	return 0;
}

static int
start_get(struct lreq *q)
{
	struct decide_cfg	*cfg = NULL;
	struct decision		 d;
	struct request		 r;
	struct session		 s;
	struct user		 u;
	struct app		 ap;
	struct provider		 p;
	char			 raw[URL_MAX + 1], rd[URL_MAX + 1];
	char			 loc[DECIDE_LOCATION_MAX + 1];
	char			 host[HOSTPORT_MAX + 1], outpost[OUTPOSTNAME_MAX + 1];
	const char		*h, *slash;
	int			 rc, single;

	if (q->redirect_status != NULL &&
	    strcmp(q->redirect_status, "401") == 0) {
		/* The refused request's body is ours to read, and to drop. */
		http_drain(q);
		if ((rc = start_original(q, raw, sizeof(raw))) == -1)
			return http_error(q, 500, "The login cannot start now.");
		if (rc == 0)
			return http_error(q, 400, "That address cannot be "
			    "opened.");
	} else if (http_query(q, "rd", raw, sizeof(raw)) == -1)
		raw[0] = '\0';
	flow_rd(q, raw, rd, sizeof(rd));
	if ((rc = flow_session(q, &s, &u)) == -1)
		return http_error(q, 500, "The login cannot start now.");
	if (rc == 0) {
		http_url(q, "/login", rd, loc, sizeof(loc));
		return http_redirect(q, loc);
	}
	if (*rd == '\0') {
		http_url(q, "/", NULL, loc, sizeof(loc));
		return http_redirect(q, loc);
	}
	/* rd is validated: scheme://host[:port]/path?query. */
	memset(&r, 0, sizeof(r));
	r.https = strncasecmp(rd, "https://", 8) == 0;
	h = rd + (r.https ? 8 : 7);
	slash = h + strcspn(h, "/?#");
	if ((size_t)(slash - h) >= sizeof(host))
		return http_error(q, 400, "That address cannot be opened.");
	memcpy(host, h, (size_t)(slash - h));
	host[slash - h] = '\0';
	r.host = host;
	r.uri = *slash == '/' ? slash : "/";
	r.method = "GET";
	r.addr = q->addr;
	if (setting_get(q->lg->st, "outpost.default", outpost, sizeof(outpost),
	    NULL) != PERR_OK ||
	    decide_cfg_load(q->lg->st, outpost, &cfg) != PERR_OK)
		return http_error(q, 500, "The login cannot start now.");
	decide_as(cfg, q->lg->st, &r, q->now, &u, &d, NULL, NULL);
	decide_cfg_free(cfg);
	switch (d.outcome) {
	case OUTCOME_ALLOW:
		single = flow_app_of(q, rd, &ap, &p) && p.mode == PMODE_SINGLE;
		/*
		 * Allowed, yet sent here again: the fourth time within a
		 * minute, say why instead of another round (loop.c).
		 */
		if (loop_check(q, rd))
			return loop_page(q, rd, single, u.name);
		/* A single-mode host needs its own cookie: through its callback. */
		if (single)
			return flow_callback(q, &u, s.factors, &p, rd);
		return http_redirect(q, rd);
	case OUTCOME_CONSENT:
		http_url(q, "/consent", rd, loc, sizeof(loc));
		return http_redirect(q, loc);
	case OUTCOME_DENY:
		http_url(q, "/denied", rd, loc, sizeof(loc));
		return http_redirect(q, loc);
	case OUTCOME_BAD:
		return http_error(q, 403, "That address cannot be opened.");
	default:
		log_warn("start for %s: %s", u.name, d.why);
		return http_error(q, 500, "The login cannot continue now.");
	}
}

const struct page page_start = { "/start", start_get, NULL };
