/* postern: authz-admin ban: brute-force bans, listed and lifted. */
#include "config.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "admin.h"
#include "lib/store.h"
#include "lib/user.h"

#define BAN_LIST "  ban list\n"
#define BAN_LIFT "  ban lift NAME|ADDRESS\n"
#define BAN_USAGE BAN_LIST BAN_LIFT

static int
ban_print(const struct ban *b, void *arg)
{
	out_obj_begin();
	out_str("kind", b->kind == BAN_ADDR ? "address" : "user");
	out_str("key", b->key);
	out_time("until", b->until);
	out_int("level", b->level);
	out_obj_end();
	return 0;
}

static int
ban_list_exec(struct admin *a, int argc, char **argv)
{
	enum perr	e;

	if (argc != 1)
		return admin_usage(BAN_LIST, "ban list: no arguments");
	out_list_begin();
	e = store_ban_list(a->st, a->now, ban_print, NULL);
	out_list_end();
	if (e != PERR_OK)
		return admin_refuse(e, "ban list");
	return EXIT_DONE;
}

/*
 * An IPv4 or IPv6 address is an address ban, anything else a username
 * (canonicalized as at login).
 */
static int
ban_lift_exec(struct admin *a, int argc, char **argv)
{
	unsigned char	 buf[16];
	char		 key[USERNAME_MAX + ADDRESS_MAX + 1];
	enum bankind	 kind;
	int		 rc;
	enum perr	 e;

	if (argc != 2)
		return admin_usage(BAN_LIFT, "ban lift: one NAME or ADDRESS");
	if (inet_pton(AF_INET, argv[1], buf) == 1 ||
	    inet_pton(AF_INET6, argv[1], buf) == 1) {
		kind = BAN_ADDR;
		if (strlcpy(key, argv[1], sizeof(key)) >= sizeof(key))
			return admin_refuse(PERR_TOOLONG, "ban lift");
	} else {
		kind = BAN_USER;
		if (user_canon(argv[1], strlen(argv[1]), key) != PERR_OK)
			return admin_refuse(PERR_OK, "ban lift: %s: neither an "
			    "address nor a valid username", argv[1]);
	}
	if ((e = admin_begin(a)) != PERR_OK)
		return admin_refuse(e, "ban lift");
	if ((e = store_ban_lift(a->st, kind, key)) != PERR_OK) {
		store_rollback(a->st);
		if (e == PERR_NOTFOUND)
			return admin_refuse(PERR_OK, "ban lift: %s is not banned",
			    key);
		return admin_refuse(e, "ban lift: %s", key);
	}
	rc = admin_commit(a, "ban.lift", kind == BAN_USER ? key : NULL,
	    "%s %s", kind == BAN_USER ? "user" : "address", key);
	if (rc == EXIT_DONE)
		admin_done("ban on %s lifted", key);
	return rc;
}

static const struct subcmd ban_subs[] = {
	{ "list", BAN_LIST, ban_list_exec },
	{ "lift", BAN_LIFT, ban_lift_exec },
};

static int
ban_exec(struct admin *a, int argc, char **argv)
{
	return admin_dispatch(a, &cmd_ban, ban_subs,
	    sizeof(ban_subs) / sizeof(ban_subs[0]), argc, argv);
}

const struct cmd cmd_ban = { "ban", BAN_USAGE, ban_exec, 0 };
