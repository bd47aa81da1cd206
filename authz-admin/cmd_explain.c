/* postern: authz-admin explain: the decision for a user and a URL, and why. */
/*
 * The same decide() every program calls, on a request made from the URL
 * as if the user were signed in, with each step and binding printed.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "admin.h"
#include "lib/decide.h"
#include "lib/setting.h"
#include "lib/store.h"
#include "lib/user.h"

#define X_USAGE	"  explain --user NAME [--outpost NAME] [--method M] URL\n" \
		"                                      the decision for that user and URL, and why\n"

static const char *
explain_outcome(enum outcome o)
{
	switch (o) {
	case OUTCOME_ALLOW:
		return "allow";
	case OUTCOME_LOGIN:
		return "login";
	case OUTCOME_UNAUTH:
		return "unauthenticated";
	case OUTCOME_CONSENT:
		return "consent";
	case OUTCOME_DENY:
		return "deny";
	case OUTCOME_BAD:
		return "bad request";
	case OUTCOME_CALLBACK:
		return "callback";
	default:
		return "error";
	}
}

static void
explain_step(void *arg, const char *line)
{
	struct admin	*a = arg;

	if (a->json)
		out_arr_str(line);
	else
		printf("  %s\n", line);
}

static int
explain_exec(struct admin *a, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "user", required_argument, NULL, 'u' },
		{ "outpost", required_argument, NULL, 'o' },
		{ "method", required_argument, NULL, 'm' },
		{ NULL, 0, NULL, 0 }
	};
	struct decide_cfg	*cfg = NULL;
	struct decision		 d;
	struct request		 r;
	struct user		 u;
	char			 outpost[OUTPOSTNAME_MAX + 1], host[HOSTPORT_MAX + 1];
	const char		*user = NULL, *op = NULL, *method = "GET";
	const char		*url, *p, *slash;
	int			 ch;
	enum perr		 e;

	if (admin_help(argc, argv, X_USAGE))
		return EXIT_DONE;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'u':
			user = optarg;
			break;
		case 'o':
			op = optarg;
			break;
		case 'm':
			method = optarg;
			break;
		default:
			return admin_usage(X_USAGE, "explain: bad option");
		}
	}
	if (argc - optind != 1 || user == NULL)
		return admin_usage(X_USAGE, "explain: --user NAME and one URL");
	url = argv[optind];
	memset(&r, 0, sizeof(r));
	if (strncmp(url, "https://", 8) == 0) {
		r.https = 1;
		p = url + 8;
	} else if (strncmp(url, "http://", 7) == 0)
		p = url + 7;
	else
		return admin_refuse(PERR_OK, "explain: %s: an http or https URL",
		    url);
	slash = p + strcspn(p, "/?#");
	if ((size_t)(slash - p) >= sizeof(host) || slash == p)
		return admin_refuse(PERR_OK, "explain: %s: no host", url);
	memcpy(host, p, (size_t)(slash - p));
	host[slash - p] = '\0';
	r.host = host;
	r.uri = *slash == '/' ? slash : "/";
	r.method = method;
	r.addr = "127.0.0.1";
	if ((e = user_find(a->st, user, &u)) != PERR_OK)
		return admin_refuse(PERR_OK, "explain: --user %s: %s", user,
		    e == PERR_NOTFOUND ? "no such user" :
		    e == PERR_INVAL ? "not a valid username" : perr_str(e));
	if (op == NULL) {
		if ((e = setting_get(a->st, "outpost.default", outpost,
		    sizeof(outpost), NULL)) != PERR_OK)
			return admin_refuse(e, "outpost.default");
		op = outpost;
	}
	if ((e = decide_cfg_load(a->st, op, &cfg)) != PERR_OK)
		return admin_refuse(PERR_OK, "explain: outpost %s: %s", op,
		    e == PERR_NOTFOUND ? "no such outpost" : perr_str(e));
	if (a->json) {
		out_obj_begin();
		out_arr_begin("steps");
	} else
		printf("%s %s as %s, outpost %s:\n", method, url, u.name, op);
	decide_as(cfg, a->st, &r, a->now, &u, &d, explain_step, a);
	if (a->json) {
		out_arr_end();
		out_int("status", decide_status(d.outcome));
		out_str("outcome", explain_outcome(d.outcome));
		out_str("why", d.why);
		out_strnull("app", d.app);
		out_strnull("location", d.location);
		out_obj_end();
	} else {
		printf("decision: %d %s (%s)\n", decide_status(d.outcome),
		    explain_outcome(d.outcome), d.why);
		if (d.location[0] != '\0')
			printf("location: %s\n", d.location);
	}
	decide_cfg_free(cfg);
	return d.outcome == OUTCOME_ERROR ? EXIT_REFUSED : EXIT_DONE;
}

const struct cmd cmd_explain = { "explain", X_USAGE, explain_exec, 0 };
