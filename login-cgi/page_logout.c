/* postern: login-cgi /logout: a confirm form, then the session ends. */
/*
 * GET only shows the form (no state changes on GET); POST, with the
 * session's CSRF token, deletes the session row, expires the cookie, and
 * goes to a validated rd or the login page with its "signed out" line
 * (S07).
 *
 * The session cookie of a single-mode application lives on that
 * application's own host, where login-cgi can neither see nor expire it,
 * and its session row is a separate one made by the callback.  So the
 * form has a second button, scope=all, which ends every session of the
 * user server-side: the single-mode hosts' included, which authz-fcgi
 * then refuses on their next request.
 */
#include "config.h"

#include <string.h>

#include "login.h"
#include "lib/event.h"
#include "lib/log.h"
#include "lib/token.h"

static int
logout_get(struct lreq *q)
{
	struct session	s;
	struct user	u;
	char		raw[URL_MAX + 1], rd[URL_MAX + 1], csrf[64];
	char		action[URL_MAX + 1], loc[URL_MAX + 1];
	struct tvar	v[] = {
		TV_STR("title", "Sign out"),
		TV_STR("css", q->css),
		TV_STR("home", q->home),
		TV_STR("action", action),
		TV_STR("csrf", csrf),
		TV_STR("rd", rd),
		TV_STR("user", u.name),
		TV_STR("logout", q->logout),
	};
	struct tvars	vars = TVARS(v);
	int		rc;

	if (http_query(q, "rd", raw, sizeof(raw)) == -1)
		raw[0] = '\0';
	flow_rd(q, raw, rd, sizeof(rd));
	memset(&u, 0, sizeof(u));
	if ((rc = flow_session(q, &s, &u)) == -1)
		return http_error(q, 500, "Sign-out is not possible now.");
	if (rc == 0) {
		http_url(q, "/login", rd, loc, sizeof(loc));
		return http_redirect(q, loc);
	}
	if (csrf_session_field(q, &s, csrf, sizeof(csrf)) == -1)
		return http_error(q, 500, "Sign-out is not possible now.");
	http_url(q, "/logout", NULL, action, sizeof(action));
	return http_page(q, 200, "logout", &vars);
}

static int
logout_post(struct lreq *q)
{
	struct session	s;
	struct user	u;
	char		raw[URL_MAX + 1], rd[URL_MAX + 1], csrf[64];
	char		loc[URL_MAX + 1], hint[9], scope[8];
	int64_t		n = 0;
	int		rc, all;
	enum perr	e;

	if (!http_same_origin(q))
		return http_error(q, 403, "This form was sent from another "
		    "site.");
	if ((rc = http_read_form(q)) != 0)
		return http_error(q, rc, "The form could not be read.");
	if (http_field(q, "csrf", csrf, sizeof(csrf)) == -1 ||
	    http_field(q, "rd", raw, sizeof(raw)) == -1 ||
	    http_field(q, "scope", scope, sizeof(scope)) == -1)
		return http_error(q, 400, "A field was repeated, malformed or "
		    "too long.");
	all = strcmp(scope, "all") == 0;
	flow_rd(q, raw, rd, sizeof(rd));
	if ((rc = flow_session(q, &s, &u)) == -1)
		return http_error(q, 500, "Sign-out is not possible now.");
	if (rc == 1) {
		if (!csrf_session_check(q, &s, csrf))
			return http_error(q, 403, "This form has expired; open "
			    "the page again.");
		if (all)
			e = store_session_del_user(q->lg->st, u.id, &n);
		else
			e = store_session_del(q->lg->st, s.id);
		if (e != PERR_OK)
			return http_error(q, 500, "Sign-out is not possible "
			    "now.");
		token_hash_hint(s.hash, hint);
		if (all) {
			log_info("user %s signed out everywhere (session %s, "
			    "%lld sessions ended)", u.name, hint, (long long)n);
			event_add(q->lg->st, q->now, "logout", u.name, u.name,
			    "session %s and every other (%lld)", hint,
			    (long long)n);
		} else {
			log_info("user %s signed out (session %s)", u.name,
			    hint);
			event_add(q->lg->st, q->now, "logout", u.name, u.name,
			    "session %s", hint);
		}
	}
	http_cookie_set(q, q->lg->cookie, "", 1, 0);
	if (*rd != '\0')
		return http_redirect(q, rd);
	/* A flag for the "signed out" line, nothing about the session. */
	http_url(q, "/login", NULL, loc, sizeof(loc));
	if (strlen(loc) + sizeof("?signed_out=1") <= sizeof(loc))
		memcpy(loc + strlen(loc), "?signed_out=1",
		    sizeof("?signed_out=1"));
	return http_redirect(q, loc);
}

const struct page page_logout = { "/logout", logout_get, logout_post };
