/* postern: authz-admin check: every dangling or inconsistent piece. */
/*
 * Each problem is one sentence saying what is wrong and one saying how to
 * fix it.  Exit 1 when there is any, so scripts and tests can rely on it.
 */
#include "config.h"

#include <sys/stat.h>

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin.h"
#include "lib/log.h"
#include "lib/secret.h"
#include "lib/setting.h"
#include "lib/store.h"
#include "lib/url.h"

#define CK_USAGE "  check                               every dangling or inconsistent piece; exit 1 if any\n"

struct check {
	struct admin	*a;
	size_t		 problems;
	struct provider	*prov;
	size_t		 nprov, maxprov;
	struct app	*apps;
	size_t		 napps, maxapps;
};

static void
check_problem(struct check *ck, const char *fix, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
check_problem(struct check *ck, const char *fix, const char *fmt, ...)
{
	char	problem[1024], esc[2048];
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(problem, sizeof(problem), fmt, ap);
	va_end(ap);
	ck->problems++;
	if (ck->a->json) {
		out_obj_begin();
		out_str("problem", problem);
		out_str("fix", fix);
		out_obj_end();
		return;
	}
	log_escape(esc, sizeof(esc), problem, strlen(problem));
	printf("problem: %s\n    fix: %s\n", esc, fix);
}

static int
check_prov_cb(const struct provider *p, void *arg)
{
	struct check	*ck = arg;
	struct provider	*np;

	if (ck->nprov == ck->maxprov) {
		ck->maxprov = ck->maxprov ? ck->maxprov * 2 : 16;
		if ((np = reallocarray(ck->prov, ck->maxprov,
		    sizeof(*np))) == NULL)
			return 1;
		ck->prov = np;
	}
	ck->prov[ck->nprov++] = *p;
	return 0;
}

static int
check_app_cb(const struct app *ap, void *arg)
{
	struct check	*ck = arg;
	struct app	*na;

	if (ck->napps == ck->maxapps) {
		ck->maxapps = ck->maxapps ? ck->maxapps * 2 : 16;
		if ((na = reallocarray(ck->apps, ck->maxapps,
		    sizeof(*na))) == NULL)
			return 1;
		ck->apps = na;
	}
	ck->apps[ck->napps++] = *ap;
	return 0;
}

static int
check_count_cb(const struct outpost *o, void *arg)
{
	(*(size_t *)arg)++;
	return 0;
}

static const struct provider *
check_provider_of(const struct check *ck, const struct app *ap)
{
	size_t	i;

	for (i = 0; i < ck->nprov; i++)
		if (ck->prov[i].id == ap->provider_id)
			return &ck->prov[i];
	return NULL;
}

/* A file holding secrets must be readable by its owner alone. */
static void
check_mode(struct check *ck, const char *what, const char *path, int needed)
{
	struct stat	sb;
	char		fix[PATH_MAX + 64];

	if (stat(path, &sb) == -1) {
		if (needed)
			check_problem(ck, "run \"authz-admin init\" to create it",
			    "the %s %s does not exist", what, path);
		return;
	}
	if (sb.st_mode & 077) {
		snprintf(fix, sizeof(fix), "chmod 600 %s", path);
		check_problem(ck, fix, "the %s %s is readable or writable by "
		    "others (mode %03o)", what, path,
		    (unsigned)(sb.st_mode & 0777));
	}
}

static void
check_settings(struct check *ck, struct url *login, int *haslogin)
{
	struct store	*st = ck->a->st;
	struct outpost	 o;
	char		 keyfile[PATH_MAX], def[OUTPOSTNAME_MAX + 1];
	int64_t		 lifetime;
	enum perr	 e;

	*haslogin = 0;
	if ((e = setting_login_url(st, login)) == PERR_NOTFOUND)
		check_problem(ck, "authz-admin set login.url "
		    "https://auth.example.com (where login-cgi answers)",
		    "login.url is not set: nobody can be sent to log in");
	else if (e != PERR_OK)
		check_problem(ck, "set login.url again with a valid https URL",
		    "login.url cannot be read: %s", perr_str(e));
	else {
		*haslogin = 1;
		if (!login->https)
			check_problem(ck, "use an https login.url outside a LAN "
			    "test", "login.url is http: the session cookie "
			    "cannot be Secure and crosses the network in clear");
	}
	if (setting_duration(st, "session.lifetime", &lifetime) == PERR_OK &&
	    lifetime <= 0)
		check_problem(ck, "authz-admin set session.lifetime 12h",
		    "session.lifetime is 0: sessions would never expire");
	if (setting_get(st, "outpost.default", def, sizeof(def), NULL) ==
	    PERR_OK && store_outpost_get(st, def, &o) == PERR_NOTFOUND)
		check_problem(ck, "authz-admin outpost add, or set "
		    "outpost.default to an existing outpost",
		    "outpost.default names %s, which does not exist", def);
	check_mode(ck, "store", ck->a->db, 1);
	if (secret_keyfile_default(ck->a->db, keyfile, sizeof(keyfile)) ==
	    PERR_OK)
		check_mode(ck, "key file", keyfile, 1);
}

static void
check_pieces(struct check *ck, const struct url *login, int haslogin)
{
	struct store		*st = ck->a->st;
	const struct provider	*p, *q;
	struct url		 u;
	char			 domain[HOST_MAX + 1];
	size_t			 i, j, nout;
	const char		*why;

	if (setting_get(st, "cookie.domain", domain, sizeof(domain), NULL) !=
	    PERR_OK)
		domain[0] = '\0';
	for (i = 0; i < ck->nprov; i++) {
		p = &ck->prov[i];
		if (p->apps == 0)
			check_problem(ck, "create an application with "
			    "\"app add SLUG --provider NAME\", or delete the "
			    "provider", "provider %s is used by no application",
			    p->name);
		if (p->internal[0] != '\0' &&
		    strcmp(p->internal, p->external) == 0)
			check_problem(ck, "set --internal to where the "
			    "application really listens",
			    "provider %s has the same internal and external "
			    "URL: the web server would proxy to itself",
			    p->name);
		if (url_parse(p->external, &u, &why) != PERR_OK)
			continue;
		if (haslogin && strcmp(u.host, login->host) == 0 &&
		    u.port == login->port)
			check_problem(ck, "serve login-cgi on a host of its own "
			    "that no provider protects", "provider %s protects "
			    "the login host %s: users could never reach the "
			    "login page", p->name, u.host);
		if (p->mode == PMODE_DOMAIN && domain[0] != '\0' &&
		    !url_host_under(u.host, domain))
			check_problem(ck, "use --mode single for a host outside "
			    "the cookie domain, or change cookie.domain",
			    "provider %s: %s is not under cookie.domain %s: "
			    "every login would loop", p->name, u.host, domain);
		else if (p->mode == PMODE_DOMAIN && domain[0] == '\0' &&
		    haslogin && strcmp(u.host, login->host) != 0)
			check_problem(ck, "set cookie.domain to the parent "
			    "domain of the login and application hosts, or use "
			    "--mode single", "provider %s: %s and the login host "
			    "%s cannot share a host-only cookie: every login "
			    "would loop", p->name, u.host, login->host);
	}
	for (i = 0; i < ck->napps; i++) {
		nout = 0;
		store_app_outposts(st, ck->apps[i].id, check_count_cb, &nout);
		if (nout == 0)
			check_problem(ck, "authz-admin outpost attach embedded "
			    "SLUG", "application %s is attached to no outpost: "
			    "no authz-fcgi serves it", ck->apps[i].slug);
		p = check_provider_of(ck, &ck->apps[i]);
		for (j = i + 1; j < ck->napps && p != NULL; j++) {
			q = check_provider_of(ck, &ck->apps[j]);
			if (q != NULL && strcmp(p->external, q->external) == 0)
				check_problem(ck, "give each application its own "
				    "host or path prefix", "applications %s and "
				    "%s both answer at %s", ck->apps[i].slug,
				    ck->apps[j].slug, p->external);
		}
	}
}

static int
check_exec(struct admin *a, int argc, char **argv)
{
	struct check	ck;
	struct url	login;
	int		haslogin;
	enum perr	e;

	if (admin_help(argc, argv, CK_USAGE))
		return EXIT_DONE;
	if (argc != 1)
		return admin_usage(CK_USAGE, "check: no arguments");
	memset(&ck, 0, sizeof(ck));
	ck.a = a;
	if ((e = store_check(a->st)) != PERR_OK)
		return admin_refuse(e, "check: %s fails its integrity check",
		    a->db);
	if ((e = store_provider_list(a->st, check_prov_cb, &ck)) != PERR_OK ||
	    (e = store_app_list(a->st, check_app_cb, &ck)) != PERR_OK) {
		free(ck.prov);
		free(ck.apps);
		return admin_refuse(e, "check");
	}
	out_list_begin();
	check_settings(&ck, &login, &haslogin);
	check_pieces(&ck, &login, haslogin);
	if (a->json)
		out_list_end();
	else {
		out_list_end();
		if (ck.problems == 0)
			printf("no problems found\n");
		else
			printf("%zu problem(s)\n", ck.problems);
	}
	free(ck.prov);
	free(ck.apps);
	return ck.problems == 0 ? EXIT_DONE : EXIT_REFUSED;
}

const struct cmd cmd_check = { "check", CK_USAGE, check_exec, 0 };
