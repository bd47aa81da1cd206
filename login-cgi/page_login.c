/* postern: login-cgi /login: the password step. */
/*
 * Failures are generic: the same status, page and cookies for an unknown
 * user, a wrong password, a disabled user and a locked one, and unknown
 * users cost a dummy hash with the current parameters (B03, B04).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "login.h"
#include "lib/event.h"
#include "lib/log.h"
#include "lib/password.h"
#include "lib/regulation.h"
#include "lib/session.h"
#include "lib/setting.h"
#include "lib/token.h"
#include "lib/user.h"

#define LOGIN_FAILED	"The username or password is not right, or the " \
			"account cannot sign in now."

#define SIGNED_OUT	"You have signed out."

/* session.remember as a phrase ("30 days"), or "" when it is off. */
static void
login_remember_text(struct lreq *q, char *out, size_t outsz)
{
	int64_t	secs;

	out[0] = '\0';
	if (setting_duration(q->lg->st, "session.remember", &secs) != PERR_OK ||
	    secs <= 0)
		return;
	if (secs % 86400 == 0)
		snprintf(out, outsz, "%lld day%s", (long long)(secs / 86400),
		    secs == 86400 ? "" : "s");
	else if (secs % 3600 == 0)
		snprintf(out, outsz, "%lld hour%s", (long long)(secs / 3600),
		    secs == 3600 ? "" : "s");
	else
		snprintf(out, outsz, "%lld minute%s", (long long)(secs / 60),
		    secs / 60 == 1 ? "" : "s");
}

static int
login_form(struct lreq *q, int status, const char *rd, const char *username,
    const char *error, const char *notice)
{
	char		csrf[64], action[URL_MAX + 1], remember[32];
	struct app	ap;
	struct provider	p;
	struct tvar	v[] = {
		TV_STR("title", "Sign in"),
		TV_STR("css", q->css),
		TV_STR("home", q->home),
		TV_STR("action", action),
		TV_STR("csrf", csrf),
		TV_STR("rd", rd),
		TV_STR("username", username),
		TV_STR("error", error),
		TV_STR("notice", notice),
		TV_STR("remember", remember),
		TV_STR("app_name", ap.name),
	};
	struct tvars	vars = TVARS(v);

	login_remember_text(q, remember, sizeof(remember));
	/* "to continue to Wiki": the application rd belongs to, if any. */
	memset(&ap, 0, sizeof(ap));
	if (!flow_app_of(q, rd, &ap, &p))
		ap.name[0] = '\0';
	if (csrf_login_new(q, csrf, sizeof(csrf)) == -1)
		return http_error(q, 500, "The login page cannot be shown.");
	http_url(q, "/login", NULL, action, sizeof(action));
	return http_page(q, status, "login", &vars);
}

static int
login_get(struct lreq *q)
{
	char		rdq[URL_MAX + 1], rd[URL_MAX + 1], flag[4];
	struct session	s;
	struct user	u;

	if (http_query(q, "rd", rdq, sizeof(rdq)) == -1)
		rdq[0] = '\0';
	flow_rd(q, rdq, rd, sizeof(rd));
	/* After /logout: a flag only, never anything about the session. */
	if (http_query(q, "signed_out", flag, sizeof(flag)) != 1)
		flag[0] = '\0';
	/* Signed in already: /start decides (and knows single mode). */
	if (flow_session(q, &s, &u) == 1) {
		http_url(q, *rd != '\0' ? "/start" : "/", rd, rdq, sizeof(rdq));
		return http_redirect(q, rdq);
	}
	return login_form(q, 200, rd, "", "", strcmp(flag, "1") == 0 ?
	    SIGNED_OUT : "");
}

static int
login_post(struct lreq *q)
{
	struct scrypt_params	 params;
	struct loginflow	 f;
	struct user		 u, cur;
	char			 name[USERNAME_MAX + 1 + 64];
	char			 pw[PASSWORD_MAX + 2], csrf[64], rdf[URL_MAX + 1];
	char			 rd[URL_MAX + 1], canon[USERNAME_MAX + 1];
	char			 hash[HASH_MAX + 1], keep[4];
	size_t			 pwlen;
	int			 rc, ok = 0, known = 0, slot = -1, remember;
	enum perr		 e;

	if (!http_same_origin(q))
		return http_error(q, 403, "This form was sent from another "
		    "site.");
	if ((rc = http_read_form(q)) != 0)
		return http_error(q, rc, rc == 413 ? "The form is too large." :
		    rc == 415 ? "The form was sent in a way this page does not "
		    "accept." : "The form could not be read.");
	if (http_field(q, "username", name, sizeof(name)) == -1 ||
	    http_field(q, "password", pw, sizeof(pw)) == -1 ||
	    http_field(q, "csrf", csrf, sizeof(csrf)) == -1 ||
	    http_field(q, "rd", rdf, sizeof(rdf)) == -1 ||
	    http_field(q, "remember", keep, sizeof(keep)) == -1) {
		token_wipe(pw, sizeof(pw));
		return http_error(q, 400, "A field was repeated, malformed or "
		    "too long.");
	}
	pwlen = strlen(pw);
	flow_rd(q, rdf, rd, sizeof(rd));
	if (!csrf_login_check(q, csrf)) {
		token_wipe(pw, sizeof(pw));
		log_warn("login from %s: CSRF token missing or wrong", q->addr);
		return http_error(q, 403, "This form has expired; open the "
		    "login page again.");
	}
	if (setting_scrypt(q->lg->st, &params) != PERR_OK) {
		token_wipe(pw, sizeof(pw));
		return http_error(q, 500, "The login could not be completed.");
	}
	/*
	 * D01: at most login.max_kdf hashes at once across every process;
	 * past that, 503 at once, no hash, no failure counted.
	 */
	if ((rc = kdf_slot_take(q, &slot)) != 0) {
		token_wipe(pw, sizeof(pw));
		if (rc == 1)
			log_warn("login from %s: every password-check slot is "
			    "busy (login.max_kdf); answered 503", q->addr);
		http_header(q, "Retry-After", "%d", 2);
		return http_error(q, 503, "Too many sign-ins are being checked "
		    "right now. Wait a moment and try again.");
	}
	remember = strcmp(keep, "1") == 0;
	/* One canonical name for lookup, lockout and the session (F10). */
	if (user_canon(name, strlen(name), canon) != PERR_OK)
		canon[0] = '\0';
	/*
	 * Exactly one hash whatever happens: a real verification for a
	 * known user with a password, else the dummy (unknown, banned or
	 * passwordless alike), so timing tells nothing (B04).
	 */
	if (*canon != '\0' && !flow_banned(q, canon) &&
	    (e = store_user_get(q->lg->st, canon, &u)) == PERR_OK &&
	    u.hash[0] != '\0') {
		known = 1;
		if (password_verify(pw, pwlen, u.hash) == PERR_OK && u.active)
			ok = 1;
	}
	if (!known)
		password_dummy(pw, pwlen, &params);
	if (!ok) {
		kdf_slot_give(slot);
		token_wipe(pw, sizeof(pw));
		flow_fail(q, canon);
		log_info("login failed for %s from %s", *canon ? canon : "-",
		    q->addr);
		event_add(q->lg->st, q->now, "login.fail", "", canon,
		    "from %s", q->addr);
		return login_form(q, 200, rd, *canon ? canon : "",
		    LOGIN_FAILED, "");
	}
	/* Older scheme or parameters: rehash now, nothing else changes. */
	if (password_needs_rehash(u.hash, &params) &&
	    password_hash(pw, pwlen, &params, hash) == PERR_OK &&
	    store_begin(q->lg->st) == PERR_OK) {
		if (store_user_get_id(q->lg->st, u.id, &cur) == PERR_OK) {
			memcpy(cur.hash, hash, sizeof(hash));
			if (store_user_update(q->lg->st, &cur) == PERR_OK &&
			    store_commit(q->lg->st) == PERR_OK)
				log_info("password of %s rehashed", u.name);
			else
				store_rollback(q->lg->st);
		} else
			store_rollback(q->lg->st);
	}
	kdf_slot_give(slot);
	token_wipe(pw, sizeof(pw));
	token_wipe(hash, sizeof(hash));
	if (flow_start(q, &f, u.id, FACTOR_PASSWORD |
	    (remember ? FLOW_REMEMBER : 0), rd) == -1)
		return http_error(q, 500, "The login could not be completed.");
	return flow_next(q, &f);
}

const struct page page_login = { "/login", login_get, login_post };
