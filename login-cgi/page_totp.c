/* postern: login-cgi /totp and /recovery: the second factor. */
/*
 * Both need a flow at the second-factor stage (T08: no flow, no step).
 * A code is exactly six ASCII digits, checked against the server's clock
 * only (T13), its time step consumed atomically (T01, T03); a recovery
 * code is usable once.  Failures count towards the lockout like
 * password failures.
 */
#include "config.h"

#include <string.h>

#include "login.h"
#include "lib/event.h"
#include "lib/log.h"
#include "lib/regulation.h"
#include "lib/token.h"
#include "lib/totp.h"

#define TOTP_FAILED	"That code is not right, or it was used already."

static int
totp_form(struct lreq *q, const struct loginflow *f, int recovery,
    const char *error)
{
	char		csrf[64], action[URL_MAX + 1], other[URL_MAX + 1];
	struct tvar	v[] = {
		TV_STR("title", recovery ? "Recovery code" : "Second factor"),
		TV_STR("css", q->css),
		TV_STR("home", q->home),
		TV_STR("action", action),
		TV_STR("recovery", other),
		TV_STR("totp", other),
		TV_STR("csrf", csrf),
		TV_STR("error", error),
	};
	struct tvars	vars = TVARS(v);

	csrf_flow_field(f, csrf, sizeof(csrf));
	http_url(q, recovery ? "/recovery" : "/totp", NULL, action,
	    sizeof(action));
	http_url(q, recovery ? "/totp" : "/recovery", NULL, other,
	    sizeof(other));
	return http_page(q, 200, recovery ? "recovery" : "totp", &vars);
}

/* The flow at the second-factor stage, or an answer sent. */
static int
totp_flow(struct lreq *q, struct loginflow *f)
{
	char	loc[URL_MAX + 1];
	int	rc;

	if ((rc = flow_load(q, f)) == -1)
		return http_error(q, 500, "The login could not be continued.");
	if (rc == 0 || f->stage != STAGE_TOTP) {
		http_url(q, "/login", NULL, loc, sizeof(loc));
		http_redirect(q, loc);
		return 0;
	}
	return 1;
}

static int
totp_get_either(struct lreq *q, int recovery)
{
	struct loginflow	f;

	if (!totp_flow(q, &f))
		return 0;
	return totp_form(q, &f, recovery, "");
}

static int
totp_post_either(struct lreq *q, int recovery)
{
	struct loginflow	 f;
	struct user		 u;
	char			 code[64], csrf[64];
	int			 rc;
	enum perr		 e;

	if (!http_same_origin(q))
		return http_error(q, 403, "This form was sent from another "
		    "site.");
	if ((rc = http_read_form(q)) != 0)
		return http_error(q, rc, "The form could not be read.");
	if (http_field(q, "code", code, sizeof(code)) == -1 ||
	    http_field(q, "csrf", csrf, sizeof(csrf)) == -1)
		return http_error(q, 400, "A field was repeated, malformed or "
		    "too long.");
	if ((rc = flow_load(q, &f)) == -1)
		return http_error(q, 500, "The login could not be continued.");
	if (rc == 0 || f.stage != STAGE_TOTP) {
		token_wipe(code, sizeof(code));
		return http_error(q, 403, "Sign in with your password first.");
	}
	if (!csrf_flow_check(&f, csrf)) {
		token_wipe(code, sizeof(code));
		return http_error(q, 403, "This form has expired; sign in "
		    "again.");
	}
	if (store_user_get_id(q->lg->st, f.user_id, &u) != PERR_OK) {
		token_wipe(code, sizeof(code));
		return http_error(q, 403, "The login could not be continued.");
	}
	if (flow_banned(q, u.name))
		e = PERR_DENIED;
	else if (!q->lg->haskey)
		e = PERR_CRYPTO;
	else if (recovery)
		e = totp_recovery_use(q->lg->st, u.id, code, strlen(code));
	else
		e = totp_verify_user(q->lg->st, q->lg->key, u.id, code,
		    strlen(code), q->now);
	token_wipe(code, sizeof(code));
	if (e != PERR_OK && e != PERR_DENIED && e != PERR_INVAL &&
	    e != PERR_NOTFOUND) {
		log_err("second factor of %s: %s", u.name, perr_str(e));
		return http_error(q, 500, "The login could not be continued.");
	}
	if (e != PERR_OK) {
		flow_fail(q, u.name);
		log_info("%s failed for %s from %s", recovery ?
		    "recovery code" : "TOTP code", u.name, q->addr);
		event_add(q->lg->st, q->now, recovery ? "recovery.fail" :
		    "totp.fail", u.name, u.name, "from %s", q->addr);
		return totp_form(q, &f, recovery, TOTP_FAILED);
	}
	if (recovery)
		event_add(q->lg->st, q->now, "recovery.use", u.name, u.name,
		    "from %s", q->addr);
	f.factors |= recovery ? FACTOR_RECOVERY : FACTOR_TOTP;
	return flow_next(q, &f);
}

static int totp_get(struct lreq *q) { return totp_get_either(q, 0); }
static int totp_post(struct lreq *q) { return totp_post_either(q, 0); }
static int recovery_get(struct lreq *q) { return totp_get_either(q, 1); }
static int recovery_post(struct lreq *q) { return totp_post_either(q, 1); }

const struct page page_totp = { "/totp", totp_get, totp_post };
const struct page page_recovery = { "/recovery", recovery_get, recovery_post };
