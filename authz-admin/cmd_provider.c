/* postern: authz-admin provider: how applications are reached. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "admin.h"
#include "lib/provider.h"
#include "lib/store.h"

#define P_ADD \
	"  provider add NAME --external URL [--internal URL] [--flow explicit|implicit]\n" \
	"           [--consent always|permanent|DURATION] [--mode domain|single]\n" \
	"           [--skip-path REGEX]...\n"
#define P_SET \
	"  provider set NAME [--external URL] [--internal URL] [--flow ...] [--consent ...]\n" \
	"           [--mode ...] [--skip-path REGEX]... [--no-skip-paths]\n"
#define P_DEL	"  provider del NAME\n"
#define P_LIST	"  provider list\n"
#define P_SHOW	"  provider show NAME\n"
#define P_USAGE	P_ADD P_SET P_DEL P_LIST P_SHOW

/* What the options of add and set said, before it is applied. */
struct provider_opts {
	const char	*external, *internal, *flow, *consent, *mode;
	const char	*skip[SKIP_PATHS_MAX];
	size_t		 nskip;
	int		 skipset;	/* --skip-path or --no-skip-paths seen */
	int		 changed;
};

/*
 * Read the options in argv into po.  Returns an exit status; on EXIT_DONE
 * optind is at the first operand.
 */
static int
provider_opts(const char *usage, int argc, char **argv,
    struct provider_opts *po, int set)
{
	static const struct option opts[] = {
		{ "external", required_argument, NULL, 'e' },
		{ "internal", required_argument, NULL, 'i' },
		{ "flow", required_argument, NULL, 'f' },
		{ "consent", required_argument, NULL, 'c' },
		{ "mode", required_argument, NULL, 'm' },
		{ "skip-path", required_argument, NULL, 's' },
		{ "no-skip-paths", no_argument, NULL, 'N' },
		{ NULL, 0, NULL, 0 }
	};
	int	ch;

	memset(po, 0, sizeof(*po));
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		po->changed = 1;
		switch (ch) {
		case 'e':
			po->external = optarg;
			break;
		case 'i':
			po->internal = optarg;
			break;
		case 'f':
			po->flow = optarg;
			break;
		case 'c':
			po->consent = optarg;
			break;
		case 'm':
			po->mode = optarg;
			break;
		case 's':
			if (po->nskip == SKIP_PATHS_MAX)
				return admin_refuse(PERR_TOOLONG, "--skip-path: at "
				    "most %d", SKIP_PATHS_MAX);
			po->skip[po->nskip++] = optarg;
			po->skipset = 1;
			break;
		case 'N':
			if (!set)
				return admin_usage(usage, "--no-skip-paths is for set");
			po->skipset = 1;
			break;
		default:
			return admin_usage(usage, "provider: bad option");
		}
	}
	return EXIT_DONE;
}

/* Validate the options in po and apply them to p.  Returns an exit status. */
static int
provider_apply(struct provider *p, const struct provider_opts *po)
{
	const char	*why = NULL;
	size_t		 i;
	enum perr	 e;

	if (po->external != NULL && strlcpy(p->external, po->external,
	    sizeof(p->external)) >= sizeof(p->external))
		return admin_refuse(PERR_TOOLONG, "--external");
	if (po->internal != NULL && strlcpy(p->internal, po->internal,
	    sizeof(p->internal)) >= sizeof(p->internal))
		return admin_refuse(PERR_TOOLONG, "--internal");
	if (po->flow != NULL &&
	    provider_flow_parse(po->flow, &p->flow) != PERR_OK)
		return admin_refuse(PERR_INVAL, "--flow %s: explicit or implicit",
		    po->flow);
	if (po->consent != NULL && provider_consent_parse(po->consent,
	    &p->consent, &p->consent_secs) != PERR_OK)
		return admin_refuse(PERR_INVAL, "--consent %s: always, permanent "
		    "or a duration such as 30d", po->consent);
	if (po->mode != NULL &&
	    provider_mode_parse(po->mode, &p->mode) != PERR_OK)
		return admin_refuse(PERR_INVAL, "--mode %s: domain or single",
		    po->mode);
	for (i = 0; i < po->nskip; i++)
		if (provider_skip_check(po->skip[i], &why) != PERR_OK)
			return admin_refuse(PERR_OK, "--skip-path %s: %s",
			    po->skip[i], why);
	if ((e = provider_urls_check(p, &why)) != PERR_OK)
		return admin_refuse(PERR_OK, "provider %s: URL %s: %s", p->name,
		    p->external, why != NULL ? why : perr_str(e));
	return EXIT_DONE;
}

static int
provider_arg(struct admin *a, const char *cmd, const char *name,
    struct provider *p)
{
	enum perr	e;

	if (strlen(name) > PROVIDERNAME_MAX)
		return admin_refuse(PERR_TOOLONG, "%s: provider name", cmd);
	if ((e = store_provider_get(a->st, name, p)) == PERR_OK)
		return EXIT_DONE;
	if (e == PERR_NOTFOUND)
		return admin_refuse(PERR_OK, "%s: %s: no such provider", cmd,
		    name);
	return admin_refuse(e, "%s: %s", cmd, name);
}

static int
provider_add_exec(struct admin *a, int argc, char **argv)
{
	struct provider		p;
	struct provider_opts	po;
	int			rc;
	enum perr		e;

	memset(&p, 0, sizeof(p));
	p.flow = FLOW_IMPLICIT;
	p.consent = CONSENT_ALWAYS;
	p.mode = PMODE_DOMAIN;
	if ((rc = provider_opts(P_ADD, argc, argv, &po, 0)) != EXIT_DONE)
		return rc;
	if (argc - optind != 1)
		return admin_usage(P_ADD, "provider add: one NAME is needed");
	if (po.external == NULL)
		return admin_usage(P_ADD, "provider add: --external is needed");
	if (provider_name_check(argv[optind]) != PERR_OK)
		return admin_refuse(PERR_INVAL, "provider add: %s: a name is "
		    "1-64 letters, digits, '.', '_' or '-'", argv[optind]);
	strlcpy(p.name, argv[optind], sizeof(p.name));
	if ((rc = provider_apply(&p, &po)) != EXIT_DONE)
		return rc;
	if ((e = admin_begin(a)) != PERR_OK)
		return admin_refuse(e, "provider add");
	if ((e = store_provider_add(a->st, &p, po.skip, po.nskip)) != PERR_OK) {
		store_rollback(a->st);
		return admin_refuse(e, "provider add: %s", p.name);
	}
	rc = admin_commit(a, "provider.add", NULL, "%s %s", p.name, p.external);
	if (rc == EXIT_DONE)
		admin_done("provider %s added", p.name);
	return rc;
}

static int
provider_set_exec(struct admin *a, int argc, char **argv)
{
	struct provider		p;
	struct provider_opts	po;
	int			rc;
	enum perr		e;

	if ((rc = provider_opts(P_SET, argc, argv, &po, 1)) != EXIT_DONE)
		return rc;
	if (argc - optind != 1)
		return admin_usage(P_SET, "provider set: one NAME is needed");
	if ((rc = provider_arg(a, "provider set", argv[optind], &p)) !=
	    EXIT_DONE)
		return rc;
	if ((rc = provider_apply(&p, &po)) != EXIT_DONE)
		return rc;
	if (!po.changed)
		return admin_usage(P_SET, "provider set: nothing to change");
	if ((e = admin_begin(a)) != PERR_OK)
		return admin_refuse(e, "provider set");
	if ((e = store_provider_update(a->st, &p, po.skipset ? po.skip : NULL,
	    po.nskip)) != PERR_OK) {
		store_rollback(a->st);
		return admin_refuse(e, "provider set: %s", p.name);
	}
	rc = admin_commit(a, "provider.set", NULL, "%s", p.name);
	if (rc == EXIT_DONE)
		admin_done("provider %s changed", p.name);
	return rc;
}

static int
provider_del_exec(struct admin *a, int argc, char **argv)
{
	struct provider	p;
	int		rc;
	enum perr	e;

	if (argc != 2)
		return admin_usage(P_DEL, "provider del: one NAME is needed");
	if ((rc = provider_arg(a, "provider del", argv[1], &p)) != EXIT_DONE)
		return rc;
	if ((e = admin_begin(a)) != PERR_OK)
		return admin_refuse(e, "provider del");
	if ((e = store_provider_del(a->st, p.id)) != PERR_OK) {
		store_rollback(a->st);
		if (e == PERR_INUSE)
			return admin_refuse(PERR_OK, "provider del: %s: still "
			    "used by %lld application(s); delete or move them "
			    "first", p.name, (long long)p.apps);
		return admin_refuse(e, "provider del: %s", p.name);
	}
	rc = admin_commit(a, "provider.del", NULL, "%s", p.name);
	if (rc == EXIT_DONE)
		admin_done("provider %s deleted", p.name);
	return rc;
}

static int
provider_skip_cb(const char *regex, void *arg)
{
	out_arr_str(regex);
	return 0;
}

static int
provider_print(const struct provider *p, void *arg)
{
	struct admin	*a = arg;
	char		 consent[32];

	provider_consent_str(p, consent, sizeof(consent));
	out_obj_begin();
	out_str("name", p->name);
	out_str("external", p->external);
	out_strnull("internal", p->internal);
	out_str("flow", provider_flow_str(p->flow));
	out_str("consent", consent);
	out_str("mode", provider_mode_str(p->mode));
	out_arr_begin("skip_paths");
	store_provider_skips(a->st, p->id, provider_skip_cb, NULL);
	out_arr_end();
	out_int("apps", p->apps);
	out_obj_end();
	return 0;
}

static int
provider_list_exec(struct admin *a, int argc, char **argv)
{
	enum perr	e;

	if (argc != 1)
		return admin_usage(P_LIST, "provider list: no arguments");
	out_list_begin();
	e = store_provider_list(a->st, provider_print, a);
	out_list_end();
	if (e != PERR_OK)
		return admin_refuse(e, "provider list");
	return EXIT_DONE;
}

static int
provider_show_exec(struct admin *a, int argc, char **argv)
{
	struct provider	p;
	int		rc;

	if (argc != 2)
		return admin_usage(P_SHOW, "provider show: one NAME is needed");
	if ((rc = provider_arg(a, "provider show", argv[1], &p)) != EXIT_DONE)
		return rc;
	provider_print(&p, a);
	return EXIT_DONE;
}

static const struct subcmd provider_subs[] = {
	{ "add", P_ADD, provider_add_exec },
	{ "set", P_SET, provider_set_exec },
	{ "del", P_DEL, provider_del_exec },
	{ "list", P_LIST, provider_list_exec },
	{ "show", P_SHOW, provider_show_exec },
};

static int
provider_exec(struct admin *a, int argc, char **argv)
{
	return admin_dispatch(a, &cmd_provider, provider_subs,
	    sizeof(provider_subs) / sizeof(provider_subs[0]), argc, argv);
}

const struct cmd cmd_provider = { "provider", P_USAGE, provider_exec, 0 };
