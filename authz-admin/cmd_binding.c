/* postern: authz-admin binding: who may open an application. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "admin.h"
#include "lib/app.h"
#include "lib/binding.h"
#include "lib/store.h"
#include "lib/user.h"

#define B_ADD \
	"  binding add APP (--user NAME | --group NAME) [--negate] [--order N] [--disabled]\n"
#define B_DEL	"  binding del ID\n"
#define B_LIST	"  binding list [APP]\n"
#define B_USAGE	B_ADD B_DEL B_LIST

static int
binding_app(struct admin *a, const char *cmd, const char *slug, struct app *ap)
{
	enum perr	e;

	if (app_slug_check(slug) != PERR_OK ||
	    (e = store_app_get(a->st, slug, ap)) == PERR_NOTFOUND)
		return admin_refuse(PERR_OK, "%s: %s: no such application",
		    cmd, slug);
	if (e != PERR_OK)
		return admin_refuse(e, "%s: %s", cmd, slug);
	return EXIT_DONE;
}

static int
binding_add_exec(struct admin *a, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "user", required_argument, NULL, 'u' },
		{ "group", required_argument, NULL, 'g' },
		{ "negate", no_argument, NULL, 'n' },
		{ "order", required_argument, NULL, 'o' },
		{ "disabled", no_argument, NULL, 'D' },
		{ NULL, 0, NULL, 0 }
	};
	struct binding	 b;
	struct app	 ap;
	struct user	 u;
	struct group	 g;
	const char	*user = NULL, *group = NULL, *errstr;
	int		 ch, rc;
	enum perr	 e;

	memset(&b, 0, sizeof(b));
	b.enabled = 1;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'u':
			user = optarg;
			break;
		case 'g':
			group = optarg;
			break;
		case 'n':
			b.negate = 1;
			break;
		case 'o':
			b.order = (int)strtonum(optarg, -1000000, 1000000,
			    &errstr);
			if (errstr != NULL)
				return admin_refuse(PERR_INVAL, "--order %s: %s",
				    optarg, errstr);
			break;
		case 'D':
			b.enabled = 0;
			break;
		default:
			return admin_usage(B_ADD, "binding add: bad option");
		}
	}
	if (argc - optind != 1)
		return admin_usage(B_ADD, "binding add: one APP is needed");
	if ((user == NULL) == (group == NULL))
		return admin_usage(B_ADD, "binding add: one of --user, --group");
	if ((rc = binding_app(a, "binding add", argv[optind], &ap)) != EXIT_DONE)
		return rc;
	b.app_id = ap.id;
	if (user != NULL) {
		if ((e = user_find(a->st, user, &u)) != PERR_OK)
			return admin_refuse(PERR_OK, "binding add: --user %s: %s",
			    user, e == PERR_NOTFOUND ? "no such user" :
			    e == PERR_INVAL ? "not a valid username" :
			    perr_str(e));
		b.user_id = u.id;
	} else {
		if (strlen(group) > GROUPNAME_MAX ||
		    (e = store_group_get(a->st, group, &g)) == PERR_NOTFOUND)
			return admin_refuse(PERR_OK, "binding add: --group %s: "
			    "no such group", group);
		if (e != PERR_OK)
			return admin_refuse(e, "binding add: --group %s", group);
		b.group_id = g.id;
	}
	if ((e = admin_begin(a)) != PERR_OK)
		return admin_refuse(e, "binding add");
	if ((e = binding_add(a->st, &b)) != PERR_OK) {
		store_rollback(a->st);
		return admin_refuse(e, "binding add");
	}
	rc = admin_commit(a, "binding.add", user != NULL ? u.name : NULL,
	    "%lld: %s %s%s %s%s", (long long)b.id, ap.slug,
	    b.negate ? "not " : "", user != NULL ? "user" : "group",
	    user != NULL ? u.name : g.name, b.enabled ? "" : " (disabled)");
	if (rc != EXIT_DONE)
		return rc;
	if (a->json)
		printf("{\"id\":%lld}\n", (long long)b.id);
	else
		admin_done("binding %lld added", (long long)b.id);
	return EXIT_DONE;
}

static int
binding_del_exec(struct admin *a, int argc, char **argv)
{
	struct binding	 b;
	const char	*errstr;
	int64_t		 id;
	int		 rc;
	enum perr	 e;

	if (argc != 2)
		return admin_usage(B_DEL, "binding del: one ID is needed");
	id = strtonum(argv[1], 1, INT64_MAX, &errstr);
	if (errstr != NULL)
		return admin_refuse(PERR_OK, "binding del: %s: not a binding id",
		    argv[1]);
	if ((e = store_binding_get(a->st, id, &b)) == PERR_NOTFOUND)
		return admin_refuse(PERR_OK, "binding del: %lld: no such binding",
		    (long long)id);
	if (e != PERR_OK)
		return admin_refuse(e, "binding del");
	if ((e = admin_begin(a)) != PERR_OK)
		return admin_refuse(e, "binding del");
	if ((e = store_binding_del(a->st, id)) != PERR_OK) {
		store_rollback(a->st);
		return admin_refuse(e, "binding del: %lld", (long long)id);
	}
	rc = admin_commit(a, "binding.del", b.user_id ? b.user : NULL,
	    "%lld: %s", (long long)id, b.app);
	if (rc == EXIT_DONE)
		admin_done("binding %lld deleted", (long long)id);
	return rc;
}

static int
binding_print(const struct binding *b, void *arg)
{
	out_obj_begin();
	out_int("id", b->id);
	out_str("app", b->app);
	out_int("order", b->order);
	if (b->user_id)
		out_str("user", b->user);
	else
		out_null("user");
	if (b->group_id)
		out_str("group", b->group);
	else
		out_null("group");
	out_bool("negate", b->negate);
	out_bool("enabled", b->enabled);
	out_obj_end();
	return 0;
}

static int
binding_list_exec(struct admin *a, int argc, char **argv)
{
	struct app	ap;
	int		rc;
	enum perr	e;

	if (argc > 2)
		return admin_usage(B_LIST, "binding list: at most one APP");
	memset(&ap, 0, sizeof(ap));
	if (argc == 2 &&
	    (rc = binding_app(a, "binding list", argv[1], &ap)) != EXIT_DONE)
		return rc;
	out_list_begin();
	e = store_binding_list(a->st, ap.id, binding_print, NULL);
	out_list_end();
	if (e != PERR_OK)
		return admin_refuse(e, "binding list");
	return EXIT_DONE;
}

static const struct subcmd binding_subs[] = {
	{ "add", B_ADD, binding_add_exec },
	{ "del", B_DEL, binding_del_exec },
	{ "list", B_LIST, binding_list_exec },
};

static int
binding_exec(struct admin *a, int argc, char **argv)
{
	return admin_dispatch(a, &cmd_binding, binding_subs,
	    sizeof(binding_subs) / sizeof(binding_subs[0]), argc, argv);
}

const struct cmd cmd_binding = { "binding", B_USAGE, binding_exec, 0 };
