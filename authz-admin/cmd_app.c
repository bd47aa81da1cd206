/* postern: authz-admin app: the applications users open. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "admin.h"
#include "lib/app.h"
#include "lib/outpost.h"
#include "lib/setting.h"
#include "lib/store.h"

#define A_ADD \
	"  app add SLUG --name TEXT --provider NAME [--icon URL] [--launch-url URL]\n" \
	"           [--description TEXT] [--policy-mode any|all] [--outpost NAME]\n"
#define A_SET \
	"  app set SLUG [--name TEXT] [--provider NAME] [--icon URL] [--launch-url URL]\n" \
	"           [--description TEXT] [--policy-mode any|all]\n"
#define A_DEL	"  app del SLUG\n"
#define A_LIST	"  app list\n"
#define A_SHOW	"  app show SLUG\n"
#define A_USAGE	A_ADD A_SET A_DEL A_LIST A_SHOW

struct app_opts {
	const char	*name, *provider, *icon, *launch, *description;
	const char	*policy, *outpost;
	int		 changed;
};

static int
app_opts(const char *usage, int argc, char **argv, struct app_opts *ao,
    int add)
{
	static const struct option opts[] = {
		{ "name", required_argument, NULL, 'n' },
		{ "provider", required_argument, NULL, 'p' },
		{ "icon", required_argument, NULL, 'i' },
		{ "launch-url", required_argument, NULL, 'l' },
		{ "description", required_argument, NULL, 'd' },
		{ "policy-mode", required_argument, NULL, 'm' },
		{ "outpost", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 }
	};
	int	ch;

	memset(ao, 0, sizeof(*ao));
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		ao->changed = 1;
		switch (ch) {
		case 'n':
			ao->name = optarg;
			break;
		case 'p':
			ao->provider = optarg;
			break;
		case 'i':
			ao->icon = optarg;
			break;
		case 'l':
			ao->launch = optarg;
			break;
		case 'd':
			ao->description = optarg;
			break;
		case 'm':
			ao->policy = optarg;
			break;
		case 'o':
			if (!add)
				return admin_usage(usage, "app set: use outpost "
				    "attach|detach to change outposts");
			ao->outpost = optarg;
			break;
		default:
			return admin_usage(usage, "app: bad option");
		}
	}
	return EXIT_DONE;
}

static int
app_copy(char *dst, size_t dstsz, const char *src, const char *what)
{
	if (src != NULL && strlcpy(dst, src, dstsz) >= dstsz)
		return admin_refuse(PERR_TOOLONG, "%s", what);
	return EXIT_DONE;
}

/* Apply and validate the options on a.  Returns an exit status. */
static int
app_apply(struct admin *a, struct app *ap, const struct app_opts *ao)
{
	struct provider	 p;
	const char	*why = NULL;
	int		 rc;
	enum perr	 e;

	if ((rc = app_copy(ap->name, sizeof(ap->name), ao->name, "--name")) ||
	    (rc = app_copy(ap->icon, sizeof(ap->icon), ao->icon, "--icon")) ||
	    (rc = app_copy(ap->launch, sizeof(ap->launch), ao->launch,
	    "--launch-url")) ||
	    (rc = app_copy(ap->description, sizeof(ap->description),
	    ao->description, "--description")))
		return rc;
	if (ao->policy != NULL &&
	    app_policy_parse(ao->policy, &ap->policy) != PERR_OK)
		return admin_refuse(PERR_INVAL, "--policy-mode %s: any or all",
		    ao->policy);
	if (ao->provider != NULL) {
		if (strlen(ao->provider) > PROVIDERNAME_MAX ||
		    (e = store_provider_get(a->st, ao->provider, &p)) ==
		    PERR_NOTFOUND)
			return admin_refuse(PERR_OK, "--provider %s: no such "
			    "provider", ao->provider);
		if (e != PERR_OK)
			return admin_refuse(e, "--provider %s", ao->provider);
		ap->provider_id = p.id;
		strlcpy(ap->provider, p.name, sizeof(ap->provider));
	}
	if ((e = app_check(ap, &why)) != PERR_OK)
		return admin_refuse(PERR_OK, "app %s: %s", ap->slug,
		    why != NULL ? why : perr_str(e));
	return EXIT_DONE;
}

static int
app_arg(struct admin *a, const char *cmd, const char *slug, struct app *ap)
{
	enum perr	e;

	if (app_slug_check(slug) != PERR_OK)
		return admin_refuse(PERR_OK, "%s: %s: no such application", cmd,
		    slug);
	if ((e = store_app_get(a->st, slug, ap)) == PERR_OK)
		return EXIT_DONE;
	if (e == PERR_NOTFOUND)
		return admin_refuse(PERR_OK, "%s: %s: no such application", cmd,
		    slug);
	return admin_refuse(e, "%s: %s", cmd, slug);
}

static int
app_add_exec(struct admin *a, int argc, char **argv)
{
	struct app	 ap;
	struct app_opts	 ao;
	struct outpost	 o;
	char		 def[OUTPOSTNAME_MAX + 1];
	const char	*why = NULL, *outpost;
	int		 rc;
	enum perr	 e;

	memset(&ap, 0, sizeof(ap));
	if ((rc = app_opts(A_ADD, argc, argv, &ao, 1)) != EXIT_DONE)
		return rc;
	if (argc - optind != 1)
		return admin_usage(A_ADD, "app add: one SLUG is needed");
	if (ao.name == NULL || ao.provider == NULL)
		return admin_usage(A_ADD, "app add: --name and --provider are "
		    "needed");
	if (strlcpy(ap.slug, argv[optind], sizeof(ap.slug)) >= sizeof(ap.slug)
	    || app_slug_check(ap.slug) != PERR_OK)
		return admin_refuse(PERR_INVAL, "app add: %s: a slug is 1-64 "
		    "of a-z, 0-9, '-' and '_'", argv[optind]);
	if ((rc = app_apply(a, &ap, &ao)) != EXIT_DONE)
		return rc;
	if ((outpost = ao.outpost) == NULL) {
		if ((e = setting_get(a->st, "outpost.default", def, sizeof(def),
		    NULL)) != PERR_OK)
			return admin_refuse(e, "outpost.default");
		outpost = def;
	}
	if (strlen(outpost) > OUTPOSTNAME_MAX ||
	    (e = store_outpost_get(a->st, outpost, &o)) == PERR_NOTFOUND)
		return admin_refuse(PERR_OK, "app add: outpost %s: no such "
		    "outpost", outpost);
	if (e != PERR_OK)
		return admin_refuse(e, "app add: outpost %s", outpost);
	if ((e = admin_begin(a)) != PERR_OK)
		return admin_refuse(e, "app add");
	if ((e = app_add(a->st, &ap, o.id, &why)) != PERR_OK) {
		store_rollback(a->st);
		return admin_refuse(e, "app add: %s%s%s", ap.slug,
		    why != NULL ? ": " : "", why != NULL ? why : "");
	}
	rc = admin_commit(a, "app.add", NULL, "%s provider %s outpost %s",
	    ap.slug, ap.provider, o.name);
	if (rc == EXIT_DONE)
		admin_done("application %s added to outpost %s", ap.slug, o.name);
	return rc;
}

static int
app_set_exec(struct admin *a, int argc, char **argv)
{
	struct app	ap;
	struct app_opts	ao;
	int		rc;
	enum perr	e;

	if ((rc = app_opts(A_SET, argc, argv, &ao, 0)) != EXIT_DONE)
		return rc;
	if (argc - optind != 1)
		return admin_usage(A_SET, "app set: one SLUG is needed");
	if (!ao.changed)
		return admin_usage(A_SET, "app set: nothing to change");
	if ((rc = app_arg(a, "app set", argv[optind], &ap)) != EXIT_DONE)
		return rc;
	if ((rc = app_apply(a, &ap, &ao)) != EXIT_DONE)
		return rc;
	if ((e = admin_begin(a)) != PERR_OK)
		return admin_refuse(e, "app set");
	if ((e = store_app_update(a->st, &ap)) != PERR_OK) {
		store_rollback(a->st);
		return admin_refuse(e, "app set: %s", ap.slug);
	}
	rc = admin_commit(a, "app.set", NULL, "%s", ap.slug);
	if (rc == EXIT_DONE)
		admin_done("application %s changed", ap.slug);
	return rc;
}

static int
app_del_exec(struct admin *a, int argc, char **argv)
{
	struct app	ap;
	int		rc;
	enum perr	e;

	if (argc != 2)
		return admin_usage(A_DEL, "app del: one SLUG is needed");
	if ((rc = app_arg(a, "app del", argv[1], &ap)) != EXIT_DONE)
		return rc;
	if ((e = admin_begin(a)) != PERR_OK)
		return admin_refuse(e, "app del");
	if ((e = store_app_del(a->st, ap.id)) != PERR_OK) {
		store_rollback(a->st);
		return admin_refuse(e, "app del: %s", ap.slug);
	}
	rc = admin_commit(a, "app.del", NULL, "%s", ap.slug);
	if (rc == EXIT_DONE)
		admin_done("application %s deleted", ap.slug);
	return rc;
}

static int
app_outpost_cb(const struct outpost *o, void *arg)
{
	out_arr_str(o->name);
	return 0;
}

static int
app_print(const struct app *ap, void *arg)
{
	struct admin	*a = arg;

	out_obj_begin();
	out_str("slug", ap->slug);
	out_str("name", ap->name);
	out_str("provider", ap->provider);
	out_strnull("icon", ap->icon);
	out_strnull("launch_url", ap->launch);
	out_strnull("description", ap->description);
	out_str("policy_mode", app_policy_str(ap->policy));
	out_arr_begin("outposts");
	store_app_outposts(a->st, ap->id, app_outpost_cb, NULL);
	out_arr_end();
	out_obj_end();
	return 0;
}

static int
app_list_exec(struct admin *a, int argc, char **argv)
{
	enum perr	e;

	if (argc != 1)
		return admin_usage(A_LIST, "app list: no arguments");
	out_list_begin();
	e = store_app_list(a->st, app_print, a);
	out_list_end();
	if (e != PERR_OK)
		return admin_refuse(e, "app list");
	return EXIT_DONE;
}

static int
app_show_exec(struct admin *a, int argc, char **argv)
{
	struct app	ap;
	int		rc;

	if (argc != 2)
		return admin_usage(A_SHOW, "app show: one SLUG is needed");
	if ((rc = app_arg(a, "app show", argv[1], &ap)) != EXIT_DONE)
		return rc;
	app_print(&ap, a);
	return EXIT_DONE;
}

static const struct subcmd app_subs[] = {
	{ "add", A_ADD, app_add_exec },
	{ "set", A_SET, app_set_exec },
	{ "del", A_DEL, app_del_exec },
	{ "list", A_LIST, app_list_exec },
	{ "show", A_SHOW, app_show_exec },
};

static int
app_exec(struct admin *a, int argc, char **argv)
{
	return admin_dispatch(a, &cmd_app, app_subs,
	    sizeof(app_subs) / sizeof(app_subs[0]), argc, argv);
}

const struct cmd cmd_app = { "app", A_USAGE, app_exec, 0 };
