/* postern: authz-admin consent: the consents users gave applications. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "admin.h"
#include "lib/app.h"
#include "lib/store.h"
#include "lib/user.h"

#define C_LIST	"  consent list [--user NAME]\n"
#define C_REVOKE "  consent revoke --user NAME [--app SLUG]\n"
#define C_USAGE	C_LIST C_REVOKE

static int
consent_opts(const char *usage, int argc, char **argv, const char **user,
    const char **app)
{
	static const struct option opts[] = {
		{ "user", required_argument, NULL, 'u' },
		{ "app", required_argument, NULL, 'a' },
		{ NULL, 0, NULL, 0 }
	};
	int	ch;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch == 'u')
			*user = optarg;
		else if (ch == 'a' && app != NULL)
			*app = optarg;
		else
			return admin_usage(usage, "consent: bad option");
	}
	if (optind != argc)
		return admin_usage(usage, "consent: no operands");
	return EXIT_DONE;
}

static int
consent_user(struct admin *a, const char *name, struct user *u)
{
	enum perr	e;

	if ((e = user_find(a->st, name, u)) == PERR_OK)
		return EXIT_DONE;
	return admin_refuse(PERR_OK, "consent: %s: %s", name,
	    e == PERR_NOTFOUND ? "no such user" :
	    e == PERR_INVAL ? "not a valid username" : perr_str(e));
}

static int
consent_print(const struct consent *c, void *arg)
{
	out_obj_begin();
	out_str("user", c->user);
	out_str("app", c->app);
	out_time("given", c->given);
	out_time("expires", c->expires);
	out_obj_end();
	return 0;
}

static int
consent_list_exec(struct admin *a, int argc, char **argv)
{
	struct user	 u;
	const char	*user = NULL;
	int		 rc;
	enum perr	 e;

	if ((rc = consent_opts(C_LIST, argc, argv, &user, NULL)) != EXIT_DONE)
		return rc;
	memset(&u, 0, sizeof(u));
	if (user != NULL && (rc = consent_user(a, user, &u)) != EXIT_DONE)
		return rc;
	out_list_begin();
	e = store_consent_list(a->st, u.id, consent_print, NULL);
	out_list_end();
	if (e != PERR_OK)
		return admin_refuse(e, "consent list");
	return EXIT_DONE;
}

static int
consent_revoke_exec(struct admin *a, int argc, char **argv)
{
	struct user	 u;
	struct app	 ap;
	const char	*user = NULL, *app = NULL;
	int64_t		 n = 0;
	int		 rc;
	enum perr	 e = PERR_OK;

	if ((rc = consent_opts(C_REVOKE, argc, argv, &user, &app)) != EXIT_DONE)
		return rc;
	if (user == NULL)
		return admin_usage(C_REVOKE, "consent revoke: --user is needed");
	if ((rc = consent_user(a, user, &u)) != EXIT_DONE)
		return rc;
	memset(&ap, 0, sizeof(ap));
	if (app != NULL && (app_slug_check(app) != PERR_OK ||
	    (e = store_app_get(a->st, app, &ap)) == PERR_NOTFOUND))
		return admin_refuse(PERR_OK, "consent revoke: %s: no such "
		    "application", app);
	if (app != NULL && e != PERR_OK)
		return admin_refuse(e, "consent revoke");
	if ((e = admin_begin(a)) != PERR_OK)
		return admin_refuse(e, "consent revoke");
	if ((e = store_consent_del(a->st, u.id, ap.id, &n)) != PERR_OK &&
	    e != PERR_NOTFOUND) {
		store_rollback(a->st);
		return admin_refuse(e, "consent revoke");
	}
	if (n == 0) {
		store_rollback(a->st);
		return admin_refuse(PERR_OK, "consent revoke: %s has no "
		    "consent%s%s", u.name, app != NULL ? " for " : "",
		    app != NULL ? ap.slug : "");
	}
	rc = admin_commit(a, "consent.revoke", u.name, "%lld consent(s)%s%s",
	    (long long)n, app != NULL ? " for " : "", app != NULL ? ap.slug : "");
	if (rc == EXIT_DONE)
		admin_done("%lld consent(s) of %s revoked", (long long)n, u.name);
	return rc;
}

static const struct subcmd consent_subs[] = {
	{ "list", C_LIST, consent_list_exec },
	{ "revoke", C_REVOKE, consent_revoke_exec },
};

static int
consent_exec(struct admin *a, int argc, char **argv)
{
	return admin_dispatch(a, &cmd_consent, consent_subs,
	    sizeof(consent_subs) / sizeof(consent_subs[0]), argc, argv);
}

const struct cmd cmd_consent = { "consent", C_USAGE, consent_exec, 0 };
