/* postern: authz-admin session: make, list and revoke sessions. */
/*
 * session create prints a token for scripts, tests and benchmarks; it is
 * the only time the token exists outside the browser or the script: the
 * store keeps its SHA-256.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "admin.h"
#include "lib/session.h"
#include "lib/setting.h"
#include "lib/store.h"
#include "lib/token.h"
#include "lib/user.h"

#define S_CREATE "  session create USER [--ttl DURATION] [--code]\n"
#define S_LIST	"  session list [--user NAME]\n"
#define S_REVOKE "  session revoke ID | --user NAME\n"
#define S_USAGE	S_CREATE S_LIST S_REVOKE

static int
session_user(struct admin *a, const char *cmd, const char *name,
    struct user *u)
{
	enum perr	e;

	if ((e = user_find(a->st, name, u)) == PERR_OK)
		return EXIT_DONE;
	return admin_refuse(PERR_OK, "%s: %s: %s", cmd, name,
	    e == PERR_NOTFOUND ? "no such user" :
	    e == PERR_INVAL ? "not a valid username" : perr_str(e));
}

static int
session_create_exec(struct admin *a, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "ttl", required_argument, NULL, 't' },
		{ "code", no_argument, NULL, 'c' },
		{ NULL, 0, NULL, 0 }
	};
	struct user	 u;
	struct session	 s;
	char		 token[TOKEN_B64_LEN + 1], hint[9];
	const char	*ttlarg = NULL;
	int64_t		 ttl, idle;
	int		 ch, rc, code = 0;
	enum perr	 e;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch == 'c')
			code = 1;
		else if (ch == 't')
			ttlarg = optarg;
		else
			return admin_usage(S_CREATE, "session create: bad option");
	}
	if (argc - optind != 1)
		return admin_usage(S_CREATE, "session create: one USER is needed");
	if (ttlarg != NULL) {
		if (setting_duration_parse(ttlarg, &ttl) != PERR_OK || ttl <= 0)
			return admin_refuse(PERR_INVAL, "--ttl %s: a duration "
			    "such as 30m or 12h", ttlarg);
	} else if (code)
		ttl = 60;
	else if ((e = setting_duration(a->st, "session.lifetime", &ttl))
	    != PERR_OK)
		return admin_refuse(e, "session.lifetime");
	if (code)
		idle = 0;
	else if ((e = setting_duration(a->st, "session.idle", &idle)) !=
	    PERR_OK)
		return admin_refuse(e, "session.idle");
	if ((rc = session_user(a, "session create", argv[optind], &u))
	    != EXIT_DONE)
		return rc;
	if (!u.active)
		return admin_refuse(PERR_OK, "session create: %s is disabled",
		    u.name);
	if ((e = admin_begin(a)) != PERR_OK)
		return admin_refuse(e, "session create");
	if ((e = session_create(a->st, &u, ttl, idle, FACTOR_ADMIN |
	    (code ? FACTOR_CODE : 0), NULL,
	    "authz-admin", a->now, token, &s)) != PERR_OK) {
		store_rollback(a->st);
		return admin_refuse(e, "session create: %s", u.name);
	}
	token_hash_hint(s.hash, hint);
	rc = admin_commit(a, "session.create", u.name, "session %lld (%s)",
	    (long long)s.id, hint);
	if (rc == EXIT_DONE)
		printf("%s\n", token);
	token_wipe(token, sizeof(token));
	return rc;
}

static int
session_print(const struct session *s, void *arg)
{
	char	factors[64];

	session_factors_str(s->factors, factors, sizeof(factors));
	out_obj_begin();
	out_int("id", s->id);
	out_str("user", s->user);
	out_time("created", s->created);
	out_time("expires", s->expires);
	out_time("last_seen", s->seen);
	out_arr_begin("factors");
	{
		char	*p = factors, *next;

		while (*p != '\0') {
			if ((next = strchr(p, ',')) != NULL)
				*next++ = '\0';
			out_arr_str(p);
			p = next != NULL ? next : p + strlen(p);
		}
	}
	out_arr_end();
	out_str("address", s->addr);
	out_str("user_agent", s->agent);
	out_obj_end();
	return 0;
}

static int
session_list_exec(struct admin *a, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "user", required_argument, NULL, 'u' },
		{ NULL, 0, NULL, 0 }
	};
	struct user	 u;
	const char	*user = NULL;
	int		 ch, rc;
	enum perr	 e;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch != 'u')
			return admin_usage(S_LIST, "session list: bad option");
		user = optarg;
	}
	if (optind != argc)
		return admin_usage(S_LIST, "session list: no operands");
	memset(&u, 0, sizeof(u));
	if (user != NULL &&
	    (rc = session_user(a, "session list", user, &u)) != EXIT_DONE)
		return rc;
	out_list_begin();
	e = store_session_list(a->st, u.id, session_print, NULL);
	out_list_end();
	if (e != PERR_OK)
		return admin_refuse(e, "session list");
	return EXIT_DONE;
}

static int
session_revoke_exec(struct admin *a, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "user", required_argument, NULL, 'u' },
		{ NULL, 0, NULL, 0 }
	};
	struct user	 u;
	struct session	 s;
	const char	*user = NULL, *errstr;
	int64_t		 id = 0, n = 0;
	int		 ch, rc;
	enum perr	 e;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch != 'u')
			return admin_usage(S_REVOKE, "session revoke: bad option");
		user = optarg;
	}
	if (user != NULL ? argc - optind != 0 : argc - optind != 1)
		return admin_usage(S_REVOKE, "session revoke: ID or --user NAME");
	if (user != NULL) {
		if ((rc = session_user(a, "session revoke", user, &u))
		    != EXIT_DONE)
			return rc;
	} else {
		id = strtonum(argv[optind], 1, INT64_MAX, &errstr);
		if (errstr != NULL)
			return admin_refuse(PERR_OK, "session revoke: %s: not a "
			    "session id", argv[optind]);
		if ((e = store_session_get(a->st, id, &s)) == PERR_NOTFOUND)
			return admin_refuse(PERR_OK, "session revoke: %lld: no "
			    "such session", (long long)id);
		if (e != PERR_OK)
			return admin_refuse(e, "session revoke");
		strlcpy(u.name, s.user, sizeof(u.name));
	}
	if ((e = admin_begin(a)) != PERR_OK)
		return admin_refuse(e, "session revoke");
	if (user != NULL)
		e = store_session_del_user(a->st, u.id, &n);
	else if ((e = store_session_del(a->st, id)) == PERR_OK)
		n = 1;
	if (e != PERR_OK) {
		store_rollback(a->st);
		return admin_refuse(e, "session revoke");
	}
	rc = admin_commit(a, "session.revoke", u.name, "%lld session(s)",
	    (long long)n);
	if (rc == EXIT_DONE)
		admin_done("%lld session(s) of %s revoked", (long long)n, u.name);
	return rc;
}

static const struct subcmd session_subs[] = {
	{ "create", S_CREATE, session_create_exec },
	{ "list", S_LIST, session_list_exec },
	{ "revoke", S_REVOKE, session_revoke_exec },
};

static int
session_exec(struct admin *a, int argc, char **argv)
{
	return admin_dispatch(a, &cmd_session, session_subs,
	    sizeof(session_subs) / sizeof(session_subs[0]), argc, argv);
}

const struct cmd cmd_session = { "session", S_USAGE, session_exec, 0 };
