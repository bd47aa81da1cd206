/* postern: login-cgi /denied: which application refused, and a way out. */
/*
 * A GET anyone can repeat: it writes nothing to the store (an event row
 * per hit would let a visitor grow the store at will); one log line.
 */
#include "config.h"

#include <string.h>

#include "login.h"
#include "lib/log.h"

static int
denied_get(struct lreq *q)
{
	struct session	s;
	struct user	u;
	struct app	ap;
	struct provider	p;
	char		raw[URL_MAX + 1], rd[URL_MAX + 1];
	struct tvar	v[] = {
		TV_STR("title", "Access denied"),
		TV_STR("css", q->css),
		TV_STR("home", q->home),
		TV_STR("app_name", ap.name),
		TV_STR("user", u.name),
		TV_STR("logout", q->logout),
	};
	struct tvars	vars = TVARS(v);

	memset(&u, 0, sizeof(u));
	memset(&ap, 0, sizeof(ap));
	if (http_query(q, "rd", raw, sizeof(raw)) == -1)
		raw[0] = '\0';
	flow_rd(q, raw, rd, sizeof(rd));
	if (!flow_app_of(q, rd, &ap, &p))
		strlcpy(ap.name, "This application", sizeof(ap.name));
	if (flow_session(q, &s, &u) == 1)
		log_info("denied page shown to %s for %s", u.name,
		    *ap.slug != '\0' ? ap.slug : "-");
	return http_page(q, 403, "denied", &vars);
}

const struct page page_denied = { "/denied", denied_get, NULL };
