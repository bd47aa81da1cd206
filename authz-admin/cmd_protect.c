/* postern: authz-admin protect: provider, application and outpost in one step. */
/*
 * "authz-admin protect https://wiki.example.com --internal http://127.0.0.1:8081"
 * creates the provider (named after the slug), the application and its
 * attachment to an outpost in one transaction with one event, then prints
 * the nginx snippet for it on standard output (what it created goes to
 * standard error, so the output can be redirected into a file).  The
 * snippet is checked before anything is created: a refusal at any point
 * leaves the store as it was.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "admin.h"
#include "lib/app.h"
#include "lib/outpost.h"
#include "lib/provider.h"
#include "lib/setting.h"
#include "lib/store.h"
#include "lib/url.h"

#define PR_USAGE \
	"  protect URL --internal URL [--name TEXT] [--slug SLUG]\n" \
	"           [--flow explicit|implicit] [--outpost NAME]\n" \
	"                                      provider, application and outpost in\n" \
	"                                      one step, then the nginx snippet\n"


/*
 * The slug when none is given: the last segment of the external path
 * ("https://example.com/wiki" gives "wiki"), else the first label of the
 * host ("wiki.example.com" gives "wiki").  An address gives none.
 */
static int
protect_slug(const char *external, char *slug, size_t slugsz)
{
	struct url	 u;
	const char	*s, *end;
	size_t		 len, i;

	if (url_parse(external, &u, NULL) != PERR_OK)
		return admin_refuse(PERR_OK, "protect: %s: not an http(s) URL",
		    external);
	if (u.path[0] != '\0') {
		s = strrchr(u.path, '/') + 1;
		len = strlen(s);
	} else {
		if (u.host[0] == '[' || strspn(u.host, "0123456789.") ==
		    strlen(u.host))
			return admin_refuse(PERR_OK, "protect: %s: no slug comes "
			    "from an address; give --slug", external);
		s = u.host;
		end = strchr(s, '.');
		len = end != NULL ? (size_t)(end - s) : strlen(s);
	}
	if (len == 0 || len >= slugsz)
		return admin_refuse(PERR_OK, "protect: %s: no slug comes from "
		    "it; give --slug", external);
	for (i = 0; i < len; i++)
		slug[i] = (s[i] >= 'A' && s[i] <= 'Z') ? s[i] - 'A' + 'a' : s[i];
	slug[len] = '\0';
	if (app_slug_check(slug) != PERR_OK)
		return admin_refuse(PERR_OK, "protect: %s: \"%s\" is not a slug "
		    "(a-z, 0-9, '-', '_'); give --slug", external, slug);
	return EXIT_DONE;
}

static int
protect_exec(struct admin *a, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "internal", required_argument, NULL, 'i' },
		{ "name", required_argument, NULL, 'n' },
		{ "slug", required_argument, NULL, 's' },
		{ "flow", required_argument, NULL, 'f' },
		{ "outpost", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 }
	};
	struct provider	 p, taken;
	struct app	 ap, takenapp;
	struct outpost	 o;
	char		 slug[SLUG_MAX + 1], def[OUTPOSTNAME_MAX + 1];
	const char	*internal = NULL, *name = NULL, *slugarg = NULL;
	const char	*flow = NULL, *outpost = NULL, *why = NULL;
	int		 ch, rc;
	enum perr	 e;

	if (admin_help(argc, argv, PR_USAGE))
		return EXIT_DONE;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'i':
			internal = optarg;
			break;
		case 'n':
			name = optarg;
			break;
		case 's':
			slugarg = optarg;
			break;
		case 'f':
			flow = optarg;
			break;
		case 'o':
			outpost = optarg;
			break;
		default:
			return admin_usage(PR_USAGE, "protect: bad option");
		}
	}
	if (argc - optind != 1)
		return admin_usage(PR_USAGE, "protect: one URL is needed");
	if (internal == NULL)
		return admin_usage(PR_USAGE, "protect: --internal is needed");

	/* The provider, validated as provider add would. */
	memset(&p, 0, sizeof(p));
	p.flow = FLOW_IMPLICIT;
	p.consent = CONSENT_ALWAYS;
	p.mode = PMODE_DOMAIN;
	if (strlcpy(p.external, argv[optind], sizeof(p.external)) >=
	    sizeof(p.external))
		return admin_refuse(PERR_TOOLONG, "protect: URL");
	if (strlcpy(p.internal, internal, sizeof(p.internal)) >=
	    sizeof(p.internal))
		return admin_refuse(PERR_TOOLONG, "protect: --internal");
	if (p.internal[0] == '\0')
		return admin_refuse(PERR_OK, "protect: --internal: an http(s) "
		    "URL is needed");
	if (flow != NULL && provider_flow_parse(flow, &p.flow) != PERR_OK)
		return admin_refuse(PERR_INVAL, "--flow %s: explicit or implicit",
		    flow);
	if ((e = provider_urls_check(&p, &why)) != PERR_OK)
		return admin_refuse(PERR_OK, "protect: %s or %s: %s", p.external,
		    p.internal, why != NULL ? why : perr_str(e));

	/* The slug, which names the provider too. */
	if (slugarg != NULL) {
		if (strlcpy(slug, slugarg, sizeof(slug)) >= sizeof(slug) ||
		    app_slug_check(slug) != PERR_OK)
			return admin_refuse(PERR_INVAL, "protect: --slug %s: a "
			    "slug is 1-64 of a-z, 0-9, '-' and '_'", slugarg);
	} else if ((rc = protect_slug(p.external, slug, sizeof(slug))) !=
	    EXIT_DONE)
		return rc;
	if (provider_name_check(slug) != PERR_OK)
		return admin_refuse(PERR_INVAL, "protect: %s: not a provider "
		    "name", slug);
	strlcpy(p.name, slug, sizeof(p.name));
	if ((e = store_app_get(a->st, slug, &takenapp)) == PERR_OK)
		return admin_refuse(PERR_OK, "protect: the slug %s is taken by "
		    "an application; choose another with --slug", slug);
	if (e != PERR_NOTFOUND)
		return admin_refuse(e, "protect: %s", slug);
	if ((e = store_provider_get(a->st, slug, &taken)) == PERR_OK)
		return admin_refuse(PERR_OK, "protect: the slug %s is taken by "
		    "a provider; choose another with --slug", slug);
	if (e != PERR_NOTFOUND)
		return admin_refuse(e, "protect: %s", slug);

	/* The application. */
	memset(&ap, 0, sizeof(ap));
	strlcpy(ap.slug, slug, sizeof(ap.slug));
	if (strlcpy(ap.name, name != NULL ? name : slug, sizeof(ap.name)) >=
	    sizeof(ap.name))
		return admin_refuse(PERR_TOOLONG, "protect: --name");
	ap.policy = POLICY_ANY;
	strlcpy(ap.provider, p.name, sizeof(ap.provider));
	if ((e = app_check(&ap, &why)) != PERR_OK)
		return admin_refuse(PERR_OK, "protect: application %s: %s",
		    slug, why != NULL ? why : perr_str(e));

	/* The outpost. */
	if (outpost == NULL) {
		if ((e = setting_get(a->st, "outpost.default", def, sizeof(def),
		    NULL)) != PERR_OK)
			return admin_refuse(e, "outpost.default");
		outpost = def;
	}
	if (strlen(outpost) > OUTPOSTNAME_MAX ||
	    (e = store_outpost_get(a->st, outpost, &o)) == PERR_NOTFOUND)
		return admin_refuse(PERR_OK, "protect: outpost %s: no such "
		    "outpost", outpost);
	if (e != PERR_OK)
		return admin_refuse(e, "protect: outpost %s", outpost);

	/* The snippet must be writable before anything is created. */
	if ((rc = snippet_emit(a, "nginx", &p, slug, NULL, NULL, 1)) !=
	    EXIT_DONE)
		return rc;

	if ((e = admin_begin(a)) != PERR_OK)
		return admin_refuse(e, "protect");
	if ((e = store_provider_add(a->st, &p, NULL, 0)) != PERR_OK) {
		store_rollback(a->st);
		return admin_refuse(e, "protect: provider %s", p.name);
	}
	ap.provider_id = p.id;
	if ((e = app_add(a->st, &ap, o.id, &why)) != PERR_OK) {
		store_rollback(a->st);
		return admin_refuse(e, "protect: application %s%s%s", ap.slug,
		    why != NULL ? ": " : "", why != NULL ? why : "");
	}
	if ((rc = admin_commit(a, "app.protect", NULL, "%s %s -> %s outpost %s",
	    ap.slug, p.external, p.internal, o.name)) != EXIT_DONE)
		return rc;
	fprintf(stderr, "authz-admin: provider %s and application %s added, "
	    "on outpost %s; the nginx configuration follows\n", p.name,
	    ap.slug, o.name);
	return snippet_emit(a, "nginx", &p, slug, NULL, NULL, 0);
}

const struct cmd cmd_protect = { "protect", PR_USAGE, protect_exec, 0 };
