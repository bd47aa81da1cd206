/* postern: authz-admin check: every dangling or inconsistent piece. */
/*
 * Each problem is one sentence saying what is wrong and one saying how to
 * fix it.  Exit 1 when there is any, so scripts and tests can rely on it.
 */
#include "config.h"

#include <sys/stat.h>

#include <getopt.h>
#include <limits.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "admin.h"
#include "authz-cgi/gate.h"
#include "lib/log.h"
#include "lib/rd.h"
#include "lib/secret.h"
#include "lib/setting.h"
#include "lib/store.h"
#include "lib/url.h"

#define CK_USAGE "  check [--key-file PATH] [--gate DIR]\n" \
	"                                      every dangling or inconsistent piece; exit 1 if any\n" \
	"                                      (--gate: the CGI directory of authz-cgi too)\n"

/*
 * A session that can last longer than this without an idle limit is one
 * that, for practical purposes, never expires.
 */
#define CHECK_NEVER	((int64_t)90 * 86400)

struct check {
	struct admin	*a;
	const char	*keyfile;	/* --key-file, or NULL: the default */
	const char	*gatedir;	/* --gate, or NULL */
	size_t		 problems;
	size_t		 orphans;
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

/* A duration setting, named as a problem when its stored value is bad. */
static int
check_duration(struct check *ck, const char *key, int64_t *secs)
{
	char	fix[128], val[SETTING_VALUE_MAX + 1];

	if (setting_duration(ck->a->st, key, secs) == PERR_OK)
		return 0;
	if (setting_get(ck->a->st, key, val, sizeof(val), NULL) != PERR_OK)
		val[0] = '\0';
	snprintf(fix, sizeof(fix), "authz-admin unset %s (its default), or "
	    "set it again", key);
	check_problem(ck, fix, "%s holds \"%s\", which is not a valid "
	    "duration for it (0 would mean sessions never expire): logins "
	    "fail until it is fixed", key, val);
	return -1;
}

static void
check_durations(struct check *ck)
{
	char	d1[32], d2[32];
	int64_t	lifetime, idle, remember;
	int	ok;

	ok = check_duration(ck, "session.lifetime", &lifetime) == 0;
	ok = (check_duration(ck, "session.idle", &idle) == 0) && ok;
	ok = (check_duration(ck, "session.remember", &remember) == 0) && ok;
	if (!ok)
		return;
	if (lifetime <= 0)
		check_problem(ck, "authz-admin set session.lifetime 12h",
		    "session.lifetime is 0: sessions would never expire");
	else if (idle == 0 && lifetime > CHECK_NEVER) {
		setting_duration_format(lifetime, d1, sizeof(d1));
		check_problem(ck, "authz-admin set session.idle 30m, or set "
		    "session.lifetime to 90d or less", "session.idle is 0 and "
		    "session.lifetime is %s: a session, or a stolen cookie, "
		    "stays valid that long however long it is unused", d1);
	}
	if (remember > CHECK_NEVER) {
		setting_duration_format(remember, d2, sizeof(d2));
		check_problem(ck, "authz-admin set session.remember 30d (or 0 "
		    "to stop offering it)", "session.remember is %s: a "
		    "\"keep me signed in\" session has no idle limit, so it "
		    "stays valid that long however long it is unused", d2);
	}
}

/* Sessions in the store that have no idle limit and a far expiry. */
static int
check_session_cb(const struct session *s, void *arg)
{
	struct check	*ck = arg;
	char		 fix[64], until[32];

	if (s->idle == 0 && s->expires - ck->a->now > CHECK_NEVER) {
		out_time_str(s->expires, until, sizeof(until));
		snprintf(fix, sizeof(fix), "authz-admin session revoke %lld",
		    (long long)s->id);
		check_problem(ck, fix, "session %lld of %s has no idle limit "
		    "and lasts until %s: it practically never expires",
		    (long long)s->id, s->user, until);
	}
	return 0;
}

static void
check_settings(struct check *ck, struct url *login, int *haslogin)
{
	struct store	*st = ck->a->st;
	struct outpost	 o;
	char		 keyfile[PATH_MAX], def[OUTPOSTNAME_MAX + 1];
	char		 domain[HOST_MAX + 1], name[COOKIE_NAME_MAX + 1];
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
	if (setting_str(st, "cookie.domain", domain, sizeof(domain)) ==
	    PERR_OK && domain[0] != '\0' && *haslogin &&
	    !url_host_under(login->host, domain))
		check_problem(ck, "set cookie.domain to a parent domain of "
		    "the login host, or unset it", "the login host %s is not "
		    "under cookie.domain %s: browsers refuse the session "
		    "cookie, so every login loops", login->host, domain);
	if (setting_cookie_name(st, name, sizeof(name)) != PERR_OK)
		check_problem(ck, "authz-admin unset cookie.name (a fitting "
		    "name is then chosen)", "cookie.name is a name browsers "
		    "drop with this login.url and cookie.domain: nobody stays "
		    "signed in");
	check_durations(ck);
	(void)store_session_list(st, 0, check_session_cb, ck);
	if (setting_get(st, "outpost.default", def, sizeof(def), NULL) ==
	    PERR_OK && store_outpost_get(st, def, &o) == PERR_NOTFOUND)
		check_problem(ck, "authz-admin outpost add, or set "
		    "outpost.default to an existing outpost",
		    "outpost.default names %s, which does not exist", def);
	check_mode(ck, "store", ck->a->db, 1);
	if (ck->keyfile != NULL)
		check_mode(ck, "key file", ck->keyfile, 1);
	else if (secret_keyfile_default(ck->a->db, keyfile, sizeof(keyfile)) ==
	    PERR_OK)
		check_mode(ck, "key file", keyfile, 1);
}

/* 1 when the path prefix covers path ("" covers all; segment boundary). */
static int
check_covers(const char *prefix, const char *path)
{
	size_t	n = strlen(prefix);

	return strncmp(prefix, path, n) == 0 &&
	    (path[n] == '\0' || path[n] == '/');
}

/* The port a URL really uses. */
static int
check_port(const struct url *u)
{
	return u->port != 0 ? u->port : u->https ? 443 : 80;
}

static void
check_provider(struct check *ck, const struct provider *p,
    const struct url *login, int haslogin, const char *domain)
{
	struct url	 u, in;
	char		 hp[HOSTPORT_MAX + 1], lhp[HOSTPORT_MAX + 1];
	const char	*why;

	if (p->apps == 0)
		check_problem(ck, "create an application with "
		    "\"app add SLUG --provider NAME\", or delete the "
		    "provider", "provider %s is used by no application",
		    p->name);
	if (url_parse(p->external, &u, &why) != PERR_OK)
		return;
	/*
	 * The same host and port, or the host on the web server's own
	 * ports (where http usually redirects to https): a loop.
	 */
	if (p->internal[0] != '\0' && url_parse(p->internal, &in, &why) ==
	    PERR_OK && strcmp(in.host, u.host) == 0 &&
	    (check_port(&in) == check_port(&u) || check_port(&in) == 80 ||
	    check_port(&in) == 443))
		check_problem(ck, "set --internal to where the "
		    "application really listens (such as http://127.0.0.1:8080)",
		    "provider %s has its external host %s as internal host: "
		    "the web server would proxy to itself", p->name, u.host);
	url_hostport_str(&u, hp, sizeof(hp));
	if (haslogin) {
		url_hostport_str(login, lhp, sizeof(lhp));
		/*
		 * An application beside login-cgi on its host (another path)
		 * is fine; one whose prefix covers login.url is not.
		 */
		if (strcmp(hp, lhp) == 0 && check_covers(u.path, login->path))
			check_problem(ck, "serve login-cgi on a host of its own "
			    "(or a path) that no provider protects",
			    "provider %s protects the login URL %s%s: users "
			    "could never reach the login page", p->name, lhp,
			    login->path);
		if (login->https && !u.https)
			check_problem(ck, "serve the application over https "
			    "and make its external URL https://",
			    "provider %s's external URL is http while login.url "
			    "is https: the Secure session cookie is never sent "
			    "to it, so every login loops", p->name);
	}
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

/* An application's host[:port] and path, from its provider's URL. */
static int
check_where(const struct provider *p, char *hp, size_t hpsz, char *path,
    size_t pathsz)
{
	struct url	 u;
	const char	*why;

	if (p == NULL || url_parse(p->external, &u, &why) != PERR_OK)
		return -1;
	url_hostport_str(&u, hp, hpsz);
	strlcpy(path, u.path, pathsz);
	return 0;
}

static void
check_app(struct check *ck, size_t i)
{
	const struct app	*ap = &ck->apps[i];
	const struct provider	*p, *q;
	char			 hp[HOSTPORT_MAX + 1], hq[HOSTPORT_MAX + 1];
	char			 pp[URL_MAX + 1], pq[URL_MAX + 1];
	const char		*why;
	size_t			 j, nout = 0;

	store_app_outposts(ck->a->st, ap->id, check_count_cb, &nout);
	if (nout == 0)
		check_problem(ck, "authz-admin outpost attach embedded "
		    "SLUG", "application %s is attached to no outpost: "
		    "no authz-fcgi serves it", ap->slug);
	/* Where the portal sends users, a login must be able to return. */
	if ((strncmp(ap->launch, "https://", 8) == 0 ||
	    strncmp(ap->launch, "http://", 7) == 0) &&
	    rd_check(ck->a->st, ap->launch, &why) == PERR_INVAL)
		check_problem(ck, "set the launch URL (app set SLUG "
		    "--launch-url URL) to an address under the application's "
		    "external URL", "application %s's launch URL %s is not a "
		    "place a login may send users back to (%s): they end on "
		    "the portal instead", ap->slug, ap->launch, why);
	p = check_provider_of(ck, ap);
	if (check_where(p, hp, sizeof(hp), pp, sizeof(pp)) == -1)
		return;
	for (j = i + 1; j < ck->napps; j++) {
		q = check_provider_of(ck, &ck->apps[j]);
		if (check_where(q, hq, sizeof(hq), pq, sizeof(pq)) == 0 &&
		    strcmp(hp, hq) == 0 && strcmp(pp, pq) == 0)
			check_problem(ck, "give each application its own "
			    "host or path prefix", "applications %s and "
			    "%s both answer at %s%s: only one of them is ever "
			    "chosen", ap->slug, ck->apps[j].slug, hp, pp);
	}
}

static int
check_orphan_cb(int64_t id, const char *slug, int64_t provider, void *arg)
{
	struct check	*ck = arg;

	check_problem(ck, "restore the store from a backup, or delete the "
	    "row with sqlite3 and add the application again with authz-admin",
	    "application %s has no provider (its provider %lld is gone: the "
	    "row was written with foreign keys off)", slug,
	    (long long)provider);
	return 0;
}

static int
check_orphan_count_cb(int64_t id, const char *slug, int64_t provider,
    void *arg)
{
	(*(size_t *)arg)++;
	return 0;
}

static void
check_pieces(struct check *ck, const struct url *login, int haslogin)
{
	char	domain[HOST_MAX + 1];
	size_t	i;

	if (setting_str(ck->a->st, "cookie.domain", domain, sizeof(domain)) !=
	    PERR_OK)
		domain[0] = '\0';
	for (i = 0; i < ck->nprov; i++)
		check_provider(ck, &ck->prov[i], login, haslogin, domain);
	for (i = 0; i < ck->napps; i++)
		check_app(ck, i);
}

/* A file an interrupted "authz-admin gate test" left: a problem. */
static void
check_gate_left(struct check *ck, const char *dir, const char *name)
{
	struct stat	sb;
	char		path[PATH_MAX + 32], fix[PATH_MAX + 128];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (lstat(path, &sb) == -1)
		return;
	snprintf(fix, sizeof(fix), "rm -r %s (or run \"authz-admin gate "
	    "test\" again, which removes it)", path);
	check_problem(ck, fix, "%s is left by an interrupted \"authz-admin "
	    "gate test\"", path);
}

/*
 * The gate's X-Sendfile setting, said in text (neither value is a
 * problem), and the files of an interrupted "authz-admin gate test".
 */
static void
check_gate_xsendfile(struct check *ck, const char *dir,
    const struct gate_conf *c)
{
	char	root[PATH_MAX];

	if (!ck->a->json)
		printf("gate: x-sendfile %s\n", c->xsendfile ? "on (set by "
		    "\"authz-admin gate test\", which proved that Apache "
		    "delivers the files through mod_xsendfile: run it again "
		    "after moving the site or a change of the host's Apache)" :
		    "off (the gate sends the files itself; \"authz-admin gate "
		    "test\" turns it on where the host's mod_xsendfile works)");
	check_gate_left(ck, dir, GATE_PROBE_NAME);
	if (realpath(c->root, root) == NULL)
		return;
	check_gate_left(ck, root, GATE_PROBE_FILE);
	check_gate_left(ck, root, GATE_PROBE_DIR);
}

/*
 * --gate DIR: shared hosting's gate and its authz-cgi.conf.  Under suexec
 * the gate runs as the owner of its file; without it, as the web server's
 * user, and then every other account's scripts could read and write the
 * store.  authz-admin cannot see how Apache runs the gate (the gate itself
 * refuses at each request, authz-cgi(8)), but it can see who owns what.
 */
static void
check_gate(struct check *ck, const char *dir)
{
	struct gate_conf	 c;
	struct passwd		*pw;
	struct stat		 sb, db;
	char			 path[PATH_MAX + 32], gate[PATH_MAX + 32];
	char			 fix[PATH_MAX + 256];
	const char		*why;

	snprintf(gate, sizeof(gate), "%s/authz-cgi", dir);
	snprintf(path, sizeof(path), "%s/%s", dir, GATE_CONF_NAME);
	if (conf_load(path, &c, &why) == -1) {
		check_problem(ck, "write it again as \"authz-admin snippet "
		    "htaccess APP --gate\" prints it", "%s: %s", path, why);
		return;
	}
	if (stat(gate, &sb) == -1) {
		check_problem(ck, "copy authz-cgi there (a copy: suexec runs "
		    "no symbolic link)", "the gate %s does not exist", gate);
		return;
	}
	pw = getpwnam(c.webuser);
	if (pw != NULL && (sb.st_uid == pw->pw_uid || getuid() == pw->pw_uid)) {
		snprintf(fix, sizeof(fix), "have the host run CGI programs as "
		    "their owner (suexec), and own the gate and the store with "
		    "your own account, not %s", c.webuser);
		check_problem(ck, fix, "the gate %s would run as the web "
		    "server's user %s (no suexec): every other account's "
		    "scripts could read and write the store, and the gate "
		    "refuses to run", gate, c.webuser);
	} else if (sb.st_uid == 0)
		check_problem(ck, "chown the gate to your own account",
		    "the gate %s is root's: suexec never runs it, and the "
		    "gate refuses to run as root", gate);
	else if (stat(ck->a->db, &db) == 0 && db.st_uid != sb.st_uid) {
		snprintf(fix, sizeof(fix), "own the gate and the store with "
		    "one account (chown uid %u)", (unsigned)sb.st_uid);
		check_problem(ck, fix, "the store %s is uid %u's but the gate, "
		    "which runs as its owner, is uid %u's: it cannot open the "
		    "store", ck->a->db, (unsigned)db.st_uid,
		    (unsigned)sb.st_uid);
	}
	check_gate_xsendfile(ck, dir, &c);
}

static int
check_exec(struct admin *a, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "key-file", required_argument, NULL, 'k' },
		{ "gate", required_argument, NULL, 'g' },
		{ NULL, 0, NULL, 0 }
	};
	struct check	ck;
	struct url	login;
	int		haslogin, ch;
	enum perr	e, integrity;

	if (admin_help(argc, argv, CK_USAGE))
		return EXIT_DONE;
	memset(&ck, 0, sizeof(ck));
	ck.a = a;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch == 'k')
			ck.keyfile = optarg;
		else if (ch == 'g')
			ck.gatedir = optarg;
		else
			return admin_usage(CK_USAGE, "check: bad option");
	}
	if (optind != argc)
		return admin_usage(CK_USAGE, "check: unexpected argument: %s",
		    argv[optind]);
	/*
	 * An application without its provider fails the integrity check
	 * (a foreign key violation) without saying which: name it, and go
	 * on when that is all that is wrong.
	 */
	if ((integrity = store_check(a->st)) != PERR_OK) {
		if ((e = store_app_orphans(a->st, check_orphan_count_cb,
		    &ck.orphans)) != PERR_OK)
			return admin_refuse(e, "check");
		if (ck.orphans == 0)
			return admin_refuse(integrity, "check: %s fails its "
			    "integrity check", a->db);
	}
	if ((e = store_provider_list(a->st, check_prov_cb, &ck)) != PERR_OK ||
	    (e = store_app_list(a->st, check_app_cb, &ck)) != PERR_OK) {
		free(ck.prov);
		free(ck.apps);
		return admin_refuse(e, "check");
	}
	out_list_begin();
	if (ck.orphans > 0)
		(void)store_app_orphans(a->st, check_orphan_cb, &ck);
	check_settings(&ck, &login, &haslogin);
	check_pieces(&ck, &login, haslogin);
	if (ck.gatedir != NULL)
		check_gate(&ck, ck.gatedir);
	out_list_end();
	if (!a->json) {
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
