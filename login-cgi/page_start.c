/* postern: login-cgi /start: where authz-fcgi sends the signed-out. */
/*
 * The decision again, for the signed-in user and the validated rd: back
 * to rd when it allows, to /consent when consent is due, to /denied when
 * the bindings refuse; to /login when nobody is signed in.  A browser
 * sent back here over and over although allowed gets the loop page.
 */
#include "config.h"

#include <string.h>
#include <strings.h>

#include "login.h"
#include "lib/decide.h"
#include "lib/log.h"
#include "lib/setting.h"

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

	if (http_query(q, "rd", raw, sizeof(raw)) == -1)
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
