/* postern: authz-admin group: groups and their members. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "admin.h"
#include "lib/group.h"
#include "lib/store.h"
#include "lib/user.h"

#define G_ADD	"  group add NAME\n"
#define G_DEL	"  group del NAME\n"
#define G_LIST	"  group list\n"
#define G_SHOW	"  group show NAME\n"
#define G_MEMBER "  group member add|del GROUP USER\n"
#define G_USAGE	G_ADD G_DEL G_LIST G_SHOW G_MEMBER

/* Look a group up by the name argument, with a clear refusal. */
static int
group_arg(struct admin *a, const char *cmd, const char *name, struct group *g)
{
	enum perr	e;

	if (strlen(name) > GROUPNAME_MAX)
		return admin_refuse(PERR_TOOLONG, "%s: group name", cmd);
	if ((e = store_group_get(a->st, name, g)) == PERR_OK)
		return EXIT_DONE;
	if (e == PERR_NOTFOUND)
		return admin_refuse(PERR_OK, "%s: %s: no such group", cmd, name);
	return admin_refuse(e, "%s: %s", cmd, name);
}

static int
group_add_exec(struct admin *a, int argc, char **argv)
{
	struct group	g;
	int		rc;
	enum perr	e;

	if (argc != 2)
		return admin_usage(G_ADD, "group add: one NAME is needed");
	memset(&g, 0, sizeof(g));
	if (strlcpy(g.name, argv[1], sizeof(g.name)) >= sizeof(g.name))
		return admin_refuse(PERR_TOOLONG, "group add: name");
	if ((e = group_name_check(g.name)) != PERR_OK)
		return admin_refuse(e, "group add: a group name is 1-64 bytes "
		    "of text without control characters or commas");
	if ((e = admin_begin(a)) != PERR_OK)
		return admin_refuse(e, "group add");
	if ((e = group_add(a->st, &g)) != PERR_OK) {
		store_rollback(a->st);
		return admin_refuse(e, "group add: %s", g.name);
	}
	rc = admin_commit(a, "group.add", NULL, "%s", g.name);
	if (rc == EXIT_DONE)
		admin_done("group %s added", g.name);
	return rc;
}

static int
group_del_exec(struct admin *a, int argc, char **argv)
{
	struct group	g;
	int		rc;
	enum perr	e;

	if (argc != 2)
		return admin_usage(G_DEL, "group del: one NAME is needed");
	if ((rc = group_arg(a, "group del", argv[1], &g)) != EXIT_DONE)
		return rc;
	if ((e = admin_begin(a)) != PERR_OK)
		return admin_refuse(e, "group del");
	if ((e = store_group_del(a->st, g.id)) != PERR_OK) {
		store_rollback(a->st);
		return admin_refuse(e, "group del: %s", g.name);
	}
	rc = admin_commit(a, "group.del", NULL, "%s", g.name);
	if (rc == EXIT_DONE)
		admin_done("group %s deleted", g.name);
	return rc;
}

static int
group_print(const struct group *g, void *arg)
{
	out_obj_begin();
	out_str("name", g->name);
	out_int("members", g->members);
	out_obj_end();
	return 0;
}

static int
group_list_exec(struct admin *a, int argc, char **argv)
{
	enum perr	e;

	if (argc != 1)
		return admin_usage(G_LIST, "group list: no arguments");
	out_list_begin();
	e = store_group_list(a->st, group_print, NULL);
	out_list_end();
	if (e != PERR_OK)
		return admin_refuse(e, "group list");
	return EXIT_DONE;
}

static int
group_member_cb(const struct user *u, void *arg)
{
	out_arr_str(u->name);
	return 0;
}

static int
group_show_exec(struct admin *a, int argc, char **argv)
{
	struct group	g;
	int		rc;
	enum perr	e;

	if (argc != 2)
		return admin_usage(G_SHOW, "group show: one NAME is needed");
	if ((rc = group_arg(a, "group show", argv[1], &g)) != EXIT_DONE)
		return rc;
	out_obj_begin();
	out_str("name", g.name);
	out_arr_begin("members");
	e = store_group_members(a->st, g.id, group_member_cb, NULL);
	out_arr_end();
	out_obj_end();
	if (e != PERR_OK)
		return admin_refuse(e, "group show");
	return EXIT_DONE;
}

static int
group_member_exec(struct admin *a, int argc, char **argv)
{
	struct group	 g;
	struct user	 u;
	int		 add, rc;
	enum perr	 e;

	if (argc != 4 || (strcmp(argv[1], "add") != 0 &&
	    strcmp(argv[1], "del") != 0))
		return admin_usage(G_MEMBER, "group member: add|del GROUP USER");
	add = strcmp(argv[1], "add") == 0;
	if ((rc = group_arg(a, "group member", argv[2], &g)) != EXIT_DONE)
		return rc;
	if ((e = user_find(a->st, argv[3], &u)) != PERR_OK)
		return admin_refuse(PERR_OK, "group member: %s: %s", argv[3],
		    e == PERR_NOTFOUND ? "no such user" :
		    e == PERR_INVAL ? "not a valid username" : perr_str(e));
	if ((e = admin_begin(a)) != PERR_OK)
		return admin_refuse(e, "group member");
	e = add ? store_member_add(a->st, g.id, u.id) :
	    store_member_del(a->st, g.id, u.id);
	if (e != PERR_OK) {
		store_rollback(a->st);
		if (e == PERR_EXISTS)
			return admin_refuse(PERR_OK, "group member add: %s is "
			    "already in %s", u.name, g.name);
		if (e == PERR_NOTFOUND)
			return admin_refuse(PERR_OK, "group member del: %s is "
			    "not in %s", u.name, g.name);
		return admin_refuse(e, "group member");
	}
	rc = admin_commit(a, add ? "group.member.add" : "group.member.del",
	    u.name, "%s", g.name);
	if (rc == EXIT_DONE)
		admin_done("%s %s %s", u.name, add ? "added to" : "removed from",
		    g.name);
	return rc;
}

static const struct subcmd group_subs[] = {
	{ "add", G_ADD, group_add_exec },
	{ "del", G_DEL, group_del_exec },
	{ "list", G_LIST, group_list_exec },
	{ "show", G_SHOW, group_show_exec },
	{ "member", G_MEMBER, group_member_exec },
};

static int
group_exec(struct admin *a, int argc, char **argv)
{
	return admin_dispatch(a, &cmd_group, group_subs,
	    sizeof(group_subs) / sizeof(group_subs[0]), argc, argv);
}

const struct cmd cmd_group = { "group", G_USAGE, group_exec, 0 };
