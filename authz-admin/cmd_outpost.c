/* postern: authz-admin outpost: which applications each authz-fcgi serves. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "admin.h"
#include "lib/app.h"
#include "lib/outpost.h"
#include "lib/store.h"

#define O_ADD	"  outpost add NAME\n"
#define O_DEL	"  outpost del NAME\n"
#define O_LIST	"  outpost list\n"
#define O_ATT	"  outpost attach OUTPOST APP\n"
#define O_DET	"  outpost detach OUTPOST APP\n"
#define O_USAGE	O_ADD O_DEL O_LIST O_ATT O_DET

static int
outpost_arg(struct admin *a, const char *cmd, const char *name,
    struct outpost *o)
{
	enum perr	e;

	if (strlen(name) > OUTPOSTNAME_MAX)
		return admin_refuse(PERR_TOOLONG, "%s: outpost name", cmd);
	if ((e = store_outpost_get(a->st, name, o)) == PERR_OK)
		return EXIT_DONE;
	if (e == PERR_NOTFOUND)
		return admin_refuse(PERR_OK, "%s: %s: no such outpost", cmd, name);
	return admin_refuse(e, "%s: %s", cmd, name);
}

static int
outpost_add_exec(struct admin *a, int argc, char **argv)
{
	struct outpost	o;
	int		rc;
	enum perr	e;

	if (argc != 2)
		return admin_usage(O_ADD, "outpost add: one NAME is needed");
	memset(&o, 0, sizeof(o));
	if (strlcpy(o.name, argv[1], sizeof(o.name)) >= sizeof(o.name) ||
	    outpost_name_check(o.name) != PERR_OK)
		return admin_refuse(PERR_INVAL, "outpost add: %s: a name is "
		    "1-64 letters, digits, '.', '_' or '-'", argv[1]);
	if ((e = admin_begin(a)) != PERR_OK)
		return admin_refuse(e, "outpost add");
	if ((e = outpost_add(a->st, &o)) != PERR_OK) {
		store_rollback(a->st);
		return admin_refuse(e, "outpost add: %s", o.name);
	}
	rc = admin_commit(a, "outpost.add", NULL, "%s", o.name);
	if (rc == EXIT_DONE)
		admin_done("outpost %s added", o.name);
	return rc;
}

static int
outpost_del_exec(struct admin *a, int argc, char **argv)
{
	struct outpost	o;
	int		rc;
	enum perr	e;

	if (argc != 2)
		return admin_usage(O_DEL, "outpost del: one NAME is needed");
	if ((rc = outpost_arg(a, "outpost del", argv[1], &o)) != EXIT_DONE)
		return rc;
	if ((e = admin_begin(a)) != PERR_OK)
		return admin_refuse(e, "outpost del");
	if ((e = store_outpost_del(a->st, o.id)) != PERR_OK) {
		store_rollback(a->st);
		return admin_refuse(e, "outpost del: %s", o.name);
	}
	rc = admin_commit(a, "outpost.del", NULL, "%s", o.name);
	if (rc == EXIT_DONE)
		admin_done("outpost %s deleted", o.name);
	return rc;
}

static int
outpost_app_cb(const struct app *ap, void *arg)
{
	out_arr_str(ap->slug);
	return 0;
}

static int
outpost_print(const struct outpost *o, void *arg)
{
	struct admin	*a = arg;

	out_obj_begin();
	out_str("name", o->name);
	out_arr_begin("apps");
	store_outpost_apps(a->st, o->id, outpost_app_cb, NULL);
	out_arr_end();
	out_obj_end();
	return 0;
}

static int
outpost_list_exec(struct admin *a, int argc, char **argv)
{
	enum perr	e;

	if (argc != 1)
		return admin_usage(O_LIST, "outpost list: no arguments");
	out_list_begin();
	e = store_outpost_list(a->st, outpost_print, a);
	out_list_end();
	if (e != PERR_OK)
		return admin_refuse(e, "outpost list");
	return EXIT_DONE;
}

static int
outpost_link_exec(struct admin *a, int argc, char **argv)
{
	struct outpost	 o;
	struct app	 ap;
	int		 attach = strcmp(argv[0], "attach") == 0, rc;
	const char	*usage = attach ? O_ATT : O_DET;
	enum perr	 e;

	if (argc != 3)
		return admin_usage(usage, "outpost %s: OUTPOST APP", argv[0]);
	if ((rc = outpost_arg(a, attach ? "outpost attach" :
	    "outpost detach", argv[1], &o)) != EXIT_DONE)
		return rc;
	if (app_slug_check(argv[2]) != PERR_OK ||
	    (e = store_app_get(a->st, argv[2], &ap)) == PERR_NOTFOUND)
		return admin_refuse(PERR_OK, "outpost %s: %s: no such "
		    "application", argv[0], argv[2]);
	if (e != PERR_OK)
		return admin_refuse(e, "outpost %s", argv[0]);
	if ((e = admin_begin(a)) != PERR_OK)
		return admin_refuse(e, "outpost %s", argv[0]);
	e = attach ? store_outpost_attach(a->st, o.id, ap.id) :
	    store_outpost_detach(a->st, o.id, ap.id);
	if (e != PERR_OK) {
		store_rollback(a->st);
		if (e == PERR_EXISTS)
			return admin_refuse(PERR_OK, "outpost attach: %s is "
			    "already attached to %s", ap.slug, o.name);
		if (e == PERR_NOTFOUND)
			return admin_refuse(PERR_OK, "outpost detach: %s is not "
			    "attached to %s", ap.slug, o.name);
		return admin_refuse(e, "outpost %s", argv[0]);
	}
	rc = admin_commit(a, attach ? "outpost.attach" : "outpost.detach",
	    NULL, "%s %s", o.name, ap.slug);
	if (rc == EXIT_DONE)
		admin_done("%s %s %s", ap.slug, attach ? "attached to" :
		    "detached from", o.name);
	return rc;
}

static const struct subcmd outpost_subs[] = {
	{ "add", O_ADD, outpost_add_exec },
	{ "del", O_DEL, outpost_del_exec },
	{ "list", O_LIST, outpost_list_exec },
	{ "attach", O_ATT, outpost_link_exec },
	{ "detach", O_DET, outpost_link_exec },
};

static int
outpost_exec(struct admin *a, int argc, char **argv)
{
	return admin_dispatch(a, &cmd_outpost, outpost_subs,
	    sizeof(outpost_subs) / sizeof(outpost_subs[0]), argc, argv);
}

const struct cmd cmd_outpost = { "outpost", O_USAGE, outpost_exec, 0 };
