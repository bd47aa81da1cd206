/* postern: authz-admin events: the audit trail. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "admin.h"
#include "lib/store.h"
#include "lib/user.h"

#define E_USAGE	"  events [--since TIME] [--user NAME]  the audit trail, oldest first\n"

static int
events_print(const struct event *ev, void *arg)
{
	out_obj_begin();
	out_int("id", ev->id);
	out_time("at", ev->at);
	out_str("kind", ev->kind);
	out_str("actor", ev->actor);
	out_str("subject", ev->subject);
	out_str("detail", ev->detail);
	out_obj_end();
	return 0;
}

static int
events_exec(struct admin *a, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "since", required_argument, NULL, 's' },
		{ "user", required_argument, NULL, 'u' },
		{ NULL, 0, NULL, 0 }
	};
	char		 user[USERNAME_MAX + 1];
	const char	*subject = NULL;
	int64_t		 since = 0;
	int		 ch;
	enum perr	 e;

	if (admin_help(argc, argv, E_USAGE))
		return EXIT_DONE;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 's':
			if (admin_time_parse(optarg, a->now, &since) != PERR_OK)
				return admin_refuse(PERR_INVAL, "--since %s: a "
				    "date (2026-01-31), a time "
				    "(2026-01-31T12:00:00Z) or a duration ago "
				    "(1h)", optarg);
			break;
		case 'u':
			if (user_canon(optarg, strlen(optarg), user) != PERR_OK)
				return admin_refuse(PERR_INVAL, "--user %s",
				    optarg);
			subject = user;
			break;
		default:
			return admin_usage(E_USAGE, "events: bad option");
		}
	}
	if (optind != argc)
		return admin_usage(E_USAGE, "events: no operands");
	out_list_begin();
	e = store_event_list(a->st, since, subject, events_print, NULL);
	out_list_end();
	if (e != PERR_OK)
		return admin_refuse(e, "events");
	return EXIT_DONE;
}

const struct cmd cmd_events = { "events", E_USAGE, events_exec, 0 };
