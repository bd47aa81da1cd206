/* postern: login-cgi /consent: the application and what it will receive. */
/*
 * Two ways here: during a login, at the flow's consent stage (before the
 * session exists), or signed in, sent by authz-fcgi for an explicit-flow
 * application with ?rd=.  The token is bound to the flow or the session
 * (CS03) and the application is the one of the rd the form was made for,
 * never a field of the client's choosing (CS04, Q07).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "login.h"
#include "lib/consent.h"
#include "lib/event.h"
#include "lib/log.h"
#include "lib/setting.h"
#include "lib/user.h"

/* A duration in words: "30 days", "12 hours", "90 minutes". */
static void
consent_words(int64_t secs, char *out, size_t outsz)
{
	if (secs >= 86400 && secs % 86400 == 0)
		snprintf(out, outsz, "%lld day%s", (long long)(secs / 86400),
		    secs == 86400 ? "" : "s");
	else if (secs >= 3600 && secs % 3600 == 0)
		snprintf(out, outsz, "%lld hour%s", (long long)(secs / 3600),
		    secs == 3600 ? "" : "s");
	else if (secs >= 60 && secs % 60 == 0)
		snprintf(out, outsz, "%lld minute%s", (long long)(secs / 60),
		    secs == 60 ? "" : "s");
	else
		snprintf(out, outsz, "%lld second%s", (long long)secs,
		    secs == 1 ? "" : "s");
}

static void
consent_duration(const struct provider *p, char *out, size_t outsz)
{
	char	d[32];

	switch (p->consent) {
	case CONSENT_PERMANENT:
		snprintf(out, outsz, "until you revoke it in your portal");
		break;
	case CONSENT_DURATION:
		consent_words(p->consent_secs, d, sizeof(d));
		snprintf(out, outsz, "for %s", d);
		break;
	default:
		snprintf(out, outsz, "for this sign-in only");
		break;
	}
}

/*
 * Where the consent is for: the flow's rd during a login, else the
 * validated ?rd= (GET) or rd field (POST).  Fills f (flow != 0) or s/u.
 */
static int
consent_context(struct lreq *q, int post, struct loginflow *f, int *flow,
    struct session *s, struct user *u, char *rd, size_t rdsz)
{
	char	raw[URL_MAX + 1];
	int	rc;

	*flow = 0;
	if ((rc = flow_load(q, f)) == -1)
		return -1;
	if (rc == 1 && f->stage == STAGE_CONSENT) {
		*flow = 1;
		strlcpy(rd, f->rd, rdsz);
		return store_user_get_id(q->lg->st, f->user_id, u) == PERR_OK ?
		    1 : -1;
	}
	if ((rc = flow_session(q, s, u)) != 1)
		return rc;
	if ((post ? http_field(q, "rd", raw, sizeof(raw)) :
	    http_query(q, "rd", raw, sizeof(raw))) == -1)
		return 0;
	flow_rd(q, raw, rd, rdsz);
	return 1;
}

struct consent_groups {
	char	*buf;
	size_t	 len, max;
};

static int
consent_group_cb(const struct group *g, void *arg)
{
	struct consent_groups	*cg = arg;
	size_t			 l = strlen(g->name);

	if (cg->len + l + 3 > cg->max)
		return 1;
	if (cg->len > 0) {
		memcpy(cg->buf + cg->len, ", ", 2);
		cg->len += 2;
	}
	memcpy(cg->buf + cg->len, g->name, l + 1);
	cg->len += l;
	return 0;
}

static int
consent_get(struct lreq *q)
{
	struct loginflow f;
	struct session	 s;
	struct user	 u;
	struct app	 ap;
	struct provider	 p;
	char		 rd[URL_MAX + 1], csrf[64], action[URL_MAX + 1];
	char		 duration[64], loc[URL_MAX + 1];
	char		 groups[IDENTITY_GROUPS_MAX + GROUPS_MAX + 1];
	struct consent_groups cg = { groups, 0, sizeof(groups) };
	int		 flow, rc;

	if ((rc = consent_context(q, 0, &f, &flow, &s, &u, rd, sizeof(rd)))
	    == -1)
		return http_error(q, 500, "The consent page cannot be shown.");
	if (rc == 0) {
		http_url(q, "/login", NULL, loc, sizeof(loc));
		return http_redirect(q, loc);
	}
	if (!flow_app_of(q, rd, &ap, &p))
		return http_error(q, 400, "There is no application to consent "
		    "to.");
	if (flow)
		csrf_flow_field(&f, csrf, sizeof(csrf));
	else if (csrf_session_field(q, &s, csrf, sizeof(csrf)) == -1)
		return http_error(q, 500, "The consent page cannot be shown.");
	consent_duration(&p, duration, sizeof(duration));
	groups[0] = '\0';
	if (store_user_groups(q->lg->st, u.id, consent_group_cb, &cg) !=
	    PERR_OK)
		return http_error(q, 500, "The consent page cannot be shown.");
	http_url(q, "/consent", NULL, action, sizeof(action));
	{
		struct tvar	c0[] = { TV_STR("label", "Username"),
				    TV_STR("value", u.name) };
		struct tvar	c1[] = { TV_STR("label", "Name"),
				    TV_STR("value", u.display) };
		struct tvar	c2[] = { TV_STR("label", "Email"),
				    TV_STR("value", u.email) };
		struct tvar	c3[] = { TV_STR("label", "Groups"),
				    TV_STR("value", groups) };
		struct tvars	claims[] = { TVARS(c0), TVARS(c1), TVARS(c2),
				    TVARS(c3) };
		struct tvar	v[] = {
			TV_STR("title", "Allow access"),
			TV_STR("css", q->css),
		TV_STR("home", q->home),
			TV_STR("action", action),
			TV_STR("csrf", csrf),
			TV_STR("rd", rd),
			TV_STR("app", ap.slug),
			TV_STR("app_name", ap.name),
			TV_STR("app_description", ap.description),
			TV_LIST("claims", claims, 4),
			TV_STR("duration", duration),
			TV_STR("user", u.name),
			TV_STR("logout", q->logout),
		};
		struct tvars	vars = TVARS(v);

		return http_page(q, 200, "consent", &vars);
	}
}

static int
consent_post(struct lreq *q)
{
	struct loginflow f;
	struct session	 s;
	struct user	 u;
	struct app	 ap;
	struct provider	 p;
	char		 rd[URL_MAX + 1], csrf[64], appf[SLUG_MAX + 2];
	char		 answer[16], loc[URL_MAX + 1];
	int64_t		 life;
	int		 flow, rc;

	if (!http_same_origin(q))
		return http_error(q, 403, "This form was sent from another "
		    "site.");
	if ((rc = http_read_form(q)) != 0)
		return http_error(q, rc, "The form could not be read.");
	if (http_field(q, "csrf", csrf, sizeof(csrf)) == -1 ||
	    http_field(q, "app", appf, sizeof(appf)) == -1 ||
	    http_field(q, "decision", answer, sizeof(answer)) == -1)
		return http_error(q, 400, "A field was repeated, malformed or "
		    "too long.");
	if ((rc = consent_context(q, 1, &f, &flow, &s, &u, rd, sizeof(rd)))
	    == -1)
		return http_error(q, 500, "The consent could not be recorded.");
	if (rc == 0)
		return http_error(q, 403, "Sign in first.");
	if (flow ? !csrf_flow_check(&f, csrf) :
	    !csrf_session_check(q, &s, csrf))
		return http_error(q, 403, "This form has expired; open the "
		    "page again.");
	/* The application is rd's; a different one in the form is refused. */
	if (!flow_app_of(q, rd, &ap, &p) || strcmp(appf, ap.slug) != 0)
		return http_error(q, 400, "This consent is not for that "
		    "application.");
	if (strcmp(answer, "allow") != 0) {
		if (flow)
			store_flow_del(q->lg->st, f.id);
		http_url(q, "/", NULL, loc, sizeof(loc));
		return http_redirect(q, loc);
	}
	if (setting_duration(q->lg->st, "session.lifetime", &life) != PERR_OK ||
	    consent_give(q->lg->st, u.id, ap.id, &p, q->now,
	    flow ? q->now + life : s.expires) != PERR_OK)
		return http_error(q, 500, "The consent could not be recorded.");
	event_add(q->lg->st, q->now, "consent", u.name, u.name, "%s", ap.slug);
	if (flow)
		return flow_next(q, &f);
	/* On through /start: it knows single mode's callback. */
	http_url(q, *rd != '\0' ? "/start" : "/", rd, loc, sizeof(loc));
	return http_redirect(q, loc);
}

const struct page page_consent = { "/consent", consent_get, consent_post };
