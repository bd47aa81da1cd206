/* postern: tests for lib/decide.c: may this request through, and as whom? */
/*
 * Every test runs against the fixture of SECURITY-CASES section 0, built
 * in a fresh store: login.url https://auth.example.com, cookie.domain
 * example.com (so the session cookie is __Secure-postern); users alice
 * {staff}, bob {staff, admins}, carol {staff, contractors}, dave {staff}
 * (disabled after his session was made) and mallory {}; applications
 *   A1 wiki     https://app.example.com         group staff
 *   A2 admin    https://app.example.com/admin   group admins
 *   A3 grafana  https://grafana.example.com     policy all: staff, not
 *               contractors; explicit flow, permanent consent
 *   A4 status   https://status.example.com      not contractors; the
 *               unauthenticated path ^/public(/|$)
 * and, beside the catalogue, single (https://single.example.org, single
 * mode, no bindings) and detached (https://detached.example.com, not
 * attached to the outpost).  Every user has a session made with
 * session_create() at NOW, lasting 12 h with a 30 min idle limit.
 *
 * Requests go through request_from_env() as the FastCGI parameters a web
 * server sends (the catalogue's defaults unless a row says otherwise),
 * then decide() at NOW + 10 s.  Each row names its case and holds the
 * outcome, application and Location expected.
 */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/app.h"
#include "lib/binding.h"
#include "lib/consent.h"
#include "lib/decide.h"
#include "lib/group.h"
#include "lib/outpost.h"
#include "lib/request.h"
#include "lib/session.h"
#include "lib/setting.h"
#include "lib/store.h"
#include "lib/user.h"
#include "lib/usercache.h"
#include "tests.h"

#define NROWS(t)	((int)(sizeof(t) / sizeof((t)[0])))
#define NOW		1700000000
#define AT		(NOW + 10)		/* when rows are decided */
#define LIFETIME	(12 * 3600)
#define IDLE		(30 * 60)
#define SID		"__Secure-postern"
#define LOGIN		"https://auth.example.com"
#define ENV_MAX		16
#define BUF_MAX		(80 * 1024)

/* ----------------------------------------------------------- fixture */

enum who { NOBODY = 0, ALICE, BOB, CAROL, DAVE, MALLORY, NUSERS };

static const struct {
	const char	*name;
	const char	*display;
	const char	*email;
	const char	*groups[3];
} fx_users[NUSERS] = {
	[ALICE] = { "alice", "Alice Liddell", "alice@example.com",
	    { "staff" } },
	[BOB] = { "bob", "Bob", "bob@example.com", { "staff", "admins" } },
	[CAROL] = { "carol", "Carol", "carol@example.com",
	    { "staff", "contractors" } },
	[DAVE] = { "dave", "Dave", "dave@example.com", { "staff" } },
	[MALLORY] = { "mallory", "Mallory", "mallory@example.com", { NULL } },
};

static const char *const fx_groups[] = { "staff", "admins", "contractors" };

static struct {
	struct store		*st;
	char			 path[PATH_MAX];
	struct decide_cfg	*cfg;
	struct usercache	*uc;		/* the "cached" test cases */
	int64_t			 outpost;
	struct user		 u[NUSERS];
	struct session		 s[NUSERS];
	char			 tok[NUSERS][TOKEN_B64_LEN + 1];
	int64_t			 group[3];
	int64_t			 wiki, admin, grafana, status, single;
} fx;

static int64_t
fx_group_id(const char *name)
{
	size_t	i;

	for (i = 0; i < 3; i++)
		if (strcmp(fx_groups[i], name) == 0)
			return fx.group[i];
	ck_abort_msg("no group %s", name);
	return 0;
}

/* A provider and its application, attached to the outpost when attach. */
static int64_t
fx_app(const char *slug, const char *external, enum flow flow,
    enum consentkind consent, enum pmode mode, enum policy policy,
    const char *skip, int attach)
{
	struct provider	 p;
	struct app	 a;
	const char	*why = NULL;

	memset(&p, 0, sizeof(p));
	strlcpy(p.name, slug, sizeof(p.name));
	strlcpy(p.external, external, sizeof(p.external));
	p.flow = flow;
	p.consent = consent;
	p.mode = mode;
	ck_assert_int_eq(store_provider_add(fx.st, &p, skip != NULL ? &skip :
	    NULL, skip != NULL ? 1 : 0), PERR_OK);
	memset(&a, 0, sizeof(a));
	strlcpy(a.slug, slug, sizeof(a.slug));
	strlcpy(a.name, slug, sizeof(a.name));
	a.provider_id = p.id;
	a.policy = policy;
	ck_assert_msg(app_add(fx.st, &a, attach ? fx.outpost : 0, &why) ==
	    PERR_OK, "app %s: %s", slug, why != NULL ? why : "-");
	return a.id;
}

static void
fx_bind(int64_t app, int64_t group, int64_t user, int negate)
{
	struct binding	b;

	memset(&b, 0, sizeof(b));
	b.app_id = app;
	b.group_id = group;
	b.user_id = user;
	b.negate = negate;
	b.enabled = 1;
	ck_assert_int_eq(binding_add(fx.st, &b), PERR_OK);
}

static void
fx_setup(void)
{
	struct group	 g;
	struct outpost	 o;
	const char	*why = NULL;
	size_t		 i, j;

	memset(&fx, 0, sizeof(fx));
	fx.st = fixture_open(fx.path);
	ck_assert_msg(setting_set(fx.st, "login.url", LOGIN, &why) == PERR_OK,
	    "login.url: %s", why != NULL ? why : "-");
	ck_assert_msg(setting_set(fx.st, "cookie.domain", "example.com", &why)
	    == PERR_OK, "cookie.domain: %s", why != NULL ? why : "-");
	ck_assert_int_eq(store_outpost_get(fx.st, OUTPOST_EMBEDDED, &o),
	    PERR_OK);
	fx.outpost = o.id;

	for (i = 0; i < 3; i++) {
		memset(&g, 0, sizeof(g));
		strlcpy(g.name, fx_groups[i], sizeof(g.name));
		ck_assert_int_eq(group_add(fx.st, &g), PERR_OK);
		fx.group[i] = g.id;
	}
	for (i = ALICE; i < NUSERS; i++) {
		struct user	*u = &fx.u[i];

		memset(u, 0, sizeof(*u));
		strlcpy(u->name, fx_users[i].name, sizeof(u->name));
		strlcpy(u->display, fx_users[i].display, sizeof(u->display));
		strlcpy(u->email, fx_users[i].email, sizeof(u->email));
		u->active = 1;
		ck_assert_int_eq(user_add(fx.st, u, NULL, 0, NULL, NOW), PERR_OK);
		for (j = 0; j < 3 && fx_users[i].groups[j] != NULL; j++)
			ck_assert_int_eq(store_member_add(fx.st,
			    fx_group_id(fx_users[i].groups[j]), u->id), PERR_OK);
		ck_assert_int_eq(session_create(fx.st, u, LIFETIME, IDLE,
		    FACTOR_PASSWORD, "192.0.2.10", "check", NOW, fx.tok[i],
		    &fx.s[i]), PERR_OK);
	}
	/* dave is disabled after his session was made: the row remains. */
	fx.u[DAVE].active = 0;
	ck_assert_int_eq(store_user_update(fx.st, &fx.u[DAVE]), PERR_OK);

	fx.wiki = fx_app("wiki", "https://app.example.com", FLOW_IMPLICIT,
	    CONSENT_ALWAYS, PMODE_DOMAIN, POLICY_ANY, NULL, 1);
	fx_bind(fx.wiki, fx_group_id("staff"), 0, 0);
	fx.admin = fx_app("admin", "https://app.example.com/admin",
	    FLOW_IMPLICIT, CONSENT_ALWAYS, PMODE_DOMAIN, POLICY_ANY, NULL, 1);
	fx_bind(fx.admin, fx_group_id("admins"), 0, 0);
	fx.grafana = fx_app("grafana", "https://grafana.example.com",
	    FLOW_EXPLICIT, CONSENT_PERMANENT, PMODE_DOMAIN, POLICY_ALL, NULL, 1);
	fx_bind(fx.grafana, fx_group_id("staff"), 0, 0);
	fx_bind(fx.grafana, fx_group_id("contractors"), 0, 1);
	fx.status = fx_app("status", "https://status.example.com",
	    FLOW_IMPLICIT, CONSENT_ALWAYS, PMODE_DOMAIN, POLICY_ANY,
	    "^/public(/|$)", 1);
	fx_bind(fx.status, fx_group_id("contractors"), 0, 1);
	fx.single = fx_app("single", "https://single.example.org",
	    FLOW_IMPLICIT, CONSENT_ALWAYS, PMODE_SINGLE, POLICY_ANY, NULL, 1);
	(void)fx_app("detached", "https://detached.example.com",
	    FLOW_IMPLICIT, CONSENT_ALWAYS, PMODE_DOMAIN, POLICY_ANY, NULL, 0);

	ck_assert_int_eq(decide_cfg_load(fx.st, OUTPOST_EMBEDDED, &fx.cfg),
	    PERR_OK);
}

/* As authz-fcgi runs it: with a cache of users shared by its threads. */
static void
fx_setup_cached(void)
{
	fx_setup();
	ck_assert_ptr_nonnull(fx.uc = usercache_new(64));
	decide_cfg_cache(fx.cfg, fx.uc);
}

static void
fx_teardown(void)
{
	decide_cfg_free(fx.cfg);
	usercache_free(fx.uc);
	fx.uc = NULL;
	fixture_close(fx.st);
	fx.cfg = NULL;
	fx.st = NULL;
}

/* ------------------------------------------------------ request rows */

/* A row field that is this pointer leaves the parameter out. */
static const char	ABSENT[] = "(absent)";

struct drow {
	const char	*id;		/* the case and what it shows */
	enum who	 who;		/* whose token fills {tok} */
	const char	*host;		/* NULL: app.example.com */
	const char	*uri;		/* NULL: "/" */
	const char	*cookie;	/* NULL: {sid}={tok} if who, else none */
	const char	*method;	/* NULL: GET */
	const char	*accept;	/* NULL: none */
	const char	*extra[4];	/* more NAME=VALUE parameters */
	enum outcome	 want;
	const char	*app;		/* d.app */
	const char	*loc;		/* NULL: "" (or any login/consent URL) */
	const char	*groups;	/* OUTCOME_ALLOW with who: Remote-Groups */
	int		 anon;		/* an allow with no identity */
};

/* Copy s to out, "{sid}" and "{tok}" replaced. */
static void
fill(char *out, size_t outsz, const char *s, enum who who)
{
	size_t	o = 0, n;

	for (; *s != '\0'; s++) {
		const char	*rep = NULL;

		if (strncmp(s, "{sid}", 5) == 0)
			rep = SID;
		else if (strncmp(s, "{tok}", 5) == 0)
			rep = fx.tok[who != NOBODY ? who : ALICE];
		if (rep != NULL) {
			n = strlen(rep);
			ck_assert(o + n < outsz);
			memcpy(out + o, rep, n);
			o += n;
			s += 4;
			continue;
		}
		ck_assert(o + 1 < outsz);
		out[o++] = *s;
	}
	out[o] = '\0';
}

struct env {
	char	*v[ENV_MAX + 1];
	size_t	 n;
};

static void
env_add(struct env *e, const char *name, const char *value, enum who who)
{
	char	*buf;
	size_t	 nl = strlen(name);

	ck_assert(e->n < ENV_MAX);
	ck_assert_ptr_nonnull(buf = malloc(BUF_MAX));
	memcpy(buf, name, nl);
	buf[nl] = '=';
	fill(buf + nl + 1, BUF_MAX - nl - 1, value, who);
	e->v[e->n++] = buf;
	e->v[e->n] = NULL;
}

static void
env_free(struct env *e)
{
	size_t	i;

	for (i = 0; i < e->n; i++)
		free(e->v[i]);
	e->n = 0;
}

/* Decide the row's request at when into d. */
static void
decide_env(const struct drow *r, int64_t when, struct decision *d,
    struct env *e)
{
	struct request	 req;
	const char	*why = NULL;
	size_t		 i;

	memset(e, 0, sizeof(*e));
	if (r->method != ABSENT)
		env_add(e, "REQUEST_METHOD", r->method ? r->method : "GET",
		    r->who);
	if (r->host != ABSENT)
		env_add(e, "HTTP_HOST", r->host ? r->host : "app.example.com",
		    r->who);
	if (r->uri != ABSENT)
		env_add(e, "REQUEST_URI", r->uri ? r->uri : "/", r->who);
	env_add(e, "REMOTE_ADDR", "192.0.2.10", r->who);
	env_add(e, "HTTPS", "on", r->who);
	if (r->cookie != ABSENT && (r->cookie != NULL || r->who != NOBODY))
		env_add(e, "HTTP_COOKIE", r->cookie ? r->cookie : "{sid}={tok}",
		    r->who);
	if (r->accept != NULL)
		env_add(e, "HTTP_ACCEPT", r->accept, r->who);
	for (i = 0; i < 4 && r->extra[i] != NULL; i++) {
		const char	*eq = strchr(r->extra[i], '=');
		char		 name[64];

		ck_assert(eq != NULL && (size_t)(eq - r->extra[i]) < sizeof(name));
		memcpy(name, r->extra[i], (size_t)(eq - r->extra[i]));
		name[eq - r->extra[i]] = '\0';
		env_add(e, name, eq + 1, r->who);
	}
	ck_assert_msg(request_from_env(e->v, &req, &why) == PERR_OK,
	    "%s: request refused: %s", r->id, why != NULL ? why : "-");
	memset(d, 0x5a, sizeof(*d));
	ck_assert_int_eq(decide_cfg_refresh(fx.st, fx.cfg), PERR_OK);
	decide(fx.cfg, fx.st, &req, when, d, NULL, NULL);
}

static const char *
outcome_name(enum outcome o)
{
	static const char *const names[] = { "ERROR", "ALLOW", "LOGIN",
	    "UNAUTH", "CONSENT", "DENY", "BAD", "CALLBACK" };

	return (unsigned)o < sizeof(names) / sizeof(names[0]) ? names[o] :
	    "(bad)";
}

static void
decide_check(const struct drow *r, const struct decision *d)
{
	char	loc[DECIDE_LOCATION_MAX + 1];

	ck_assert_msg(d->outcome == r->want, "%s: outcome %s (%s), want %s",
	    r->id, outcome_name(d->outcome), d->why, outcome_name(r->want));
	ck_assert_msg(d->why != NULL, "%s: no why", r->id);
	ck_assert_msg(strcmp(d->app, r->app != NULL ? r->app : "") == 0,
	    "%s: app \"%s\", want \"%s\"", r->id, d->app,
	    r->app != NULL ? r->app : "");
	if (r->loc != NULL) {
		fill(loc, sizeof(loc), r->loc, r->who);
		ck_assert_msg(strcmp(d->location, loc) == 0,
		    "%s: Location \"%s\", want \"%s\"", r->id, d->location, loc);
	} else if (r->want == OUTCOME_LOGIN)
		ck_assert_msg(strncmp(d->location, LOGIN "/start?rd=",
		    strlen(LOGIN "/start?rd=")) == 0, "%s: Location \"%s\"",
		    r->id, d->location);
	else if (r->want == OUTCOME_CONSENT)
		ck_assert_msg(strncmp(d->location, LOGIN "/consent?rd=",
		    strlen(LOGIN "/consent?rd=")) == 0, "%s: Location \"%s\"",
		    r->id, d->location);
	else
		ck_assert_msg(d->location[0] == '\0', "%s: Location \"%s\"",
		    r->id, d->location);
	ck_assert_msg(d->setcookie[0] == '\0', "%s: Set-Cookie \"%s\"", r->id,
	    d->setcookie);
	/* No Location ever holds a byte a header may not. */
	for (const char *p = d->location; *p != '\0'; p++)
		ck_assert_msg((unsigned char)*p > 0x20 && *p != 0x7f &&
		    *p != '<' && *p != '>' && *p != '"', "%s: Location byte %#x",
		    r->id, (unsigned char)*p);
	if (r->want == OUTCOME_ALLOW && r->who != NOBODY && !r->anon) {
		ck_assert_str_eq(d->id.user, fx_users[r->who].name);
		ck_assert_str_eq(d->id.name, fx_users[r->who].display);
		ck_assert_str_eq(d->id.email, fx_users[r->who].email);
		if (r->groups != NULL)
			ck_assert_msg(strcmp(d->id.groups, r->groups) == 0,
			    "%s: groups \"%s\", want \"%s\"", r->id,
			    d->id.groups, r->groups);
		ck_assert_msg(strlen(d->hint) == 8, "%s: no session hint",
		    r->id);
	} else
		ck_assert_msg(d->id.user[0] == '\0' && d->id.name[0] == '\0' &&
		    d->id.email[0] == '\0', "%s: an identity (%s) without a "
		    "signed-in allow", r->id, d->id.user);
}

static void
decide_row(const struct drow *r)
{
	struct decision	d;
	struct env	e;

	decide_env(r, AT, &d, &e);
	decide_check(r, &d);
	env_free(&e);
}

static void	cookie_of(char *, size_t, const char *);

#define DECIDE_ROWS_TEST(fn, rows)			\
	START_TEST(fn)					\
	{						\
		decide_row(&(rows)[_i]);		\
	}						\
	END_TEST

#define RD_APP_ROOT	"https%3A%2F%2Fapp.example.com%2F"

/* H01, H02: A2 answers at /admin and below it, not at /adminx. */
static const struct drow h01_rows[] = {
	{ "H01 /admin/ is A2: 403 for alice", ALICE, NULL, "/admin/",
	  .want = OUTCOME_DENY, .app = "admin" },
	{ "H02 /admin is A2: 403 for alice", ALICE, NULL, "/admin",
	  .want = OUTCOME_DENY, .app = "admin" },
	{ "H02 /admin/x/y is A2: 403 for alice", ALICE, NULL, "/admin/x/y",
	  .want = OUTCOME_DENY, .app = "admin" },
	{ "H02 /adminx is A1: 200 for alice", ALICE, NULL, "/adminx",
	  .want = OUTCOME_ALLOW, .app = "wiki", .groups = "staff" },
	{ "H02 /admin.css is A1: 200 for alice", ALICE, NULL, "/admin.css",
	  .want = OUTCOME_ALLOW, .app = "wiki" },
	{ "H02 / is A1: 200 for alice", ALICE, NULL, "/",
	  .want = OUTCOME_ALLOW, .app = "wiki", .groups = "staff" },
	{ "H02 /admin/ is A2: 200 for bob", BOB, NULL, "/admin/",
	  .want = OUTCOME_ALLOW, .app = "admin", .groups = "admins,staff" },
};
DECIDE_ROWS_TEST(test_decide_H01_H02_admin_prefix_ends_on_a_segment_boundary,
    h01_rows)

static const struct drow h04_rows[] = {
	{ "H04 /%2e%2e/admin/ goes above the root: refused", ALICE, NULL,
	  "/%2e%2e/admin/", .want = OUTCOME_BAD },
	{ "H04 /wiki/%2e%2e/admin/ is A2: 403", ALICE, NULL,
	  "/wiki/%2e%2e/admin/", .want = OUTCOME_DENY, .app = "admin" },
	{ "H04 /wiki/%2E./admin/ is A2: 403", ALICE, NULL,
	  "/wiki/%2E./admin/", .want = OUTCOME_DENY, .app = "admin" },
	{ "H04 /wiki/.%2e/admin/ is A2: 403", ALICE, NULL,
	  "/wiki/.%2e/admin/", .want = OUTCOME_DENY, .app = "admin" },
	{ "H04 /wiki/./../admin/ is A2: 403", ALICE, NULL,
	  "/wiki/./../admin/", .want = OUTCOME_DENY, .app = "admin" },
	{ "H04 /x/%2e%2e/%2e%2e/admin/ goes above the root", ALICE, NULL,
	  "/x/%2e%2e/%2e%2e/admin/", .want = OUTCOME_BAD },
	{ "H04 //admin// is A2: 403", ALICE, NULL, "//admin//",
	  .want = OUTCOME_DENY, .app = "admin" },
	{ "H04 /admin/../wiki/ is A1: 200", ALICE, NULL, "/admin/../wiki/",
	  .want = OUTCOME_ALLOW, .app = "wiki" },
};
DECIDE_ROWS_TEST(test_decide_H04_encoded_dot_segments_reach_A2_and_deny_alice,
    h04_rows)

static const struct drow h05_rows[] = {
	{ "H05 /wiki/..%2fadmin/ is refused", ALICE, NULL,
	  "/wiki/..%2fadmin/", .want = OUTCOME_BAD },
	{ "H05 /wiki%2F..%2Fadmin/ is refused", ALICE, NULL,
	  "/wiki%2F..%2Fadmin/", .want = OUTCOME_BAD },
	{ "H05 /admin%2Fx is refused", BOB, NULL, "/admin%2Fx",
	  .want = OUTCOME_BAD },
	{ "H05 /wiki%if..%ifadmin/ (a bad escape) is refused", ALICE, NULL,
	  "/wiki%if..%ifadmin/", .want = OUTCOME_BAD },
};
DECIDE_ROWS_TEST(test_decide_H05_encoded_slashes_are_refused_never_allowed,
    h05_rows)

static const struct drow h07_rows[] = {
	{ "H07 /ADMIN/ is A2: 403", ALICE, NULL, "/ADMIN/",
	  .want = OUTCOME_DENY, .app = "admin" },
	{ "H07 /Admin/x is A2: 403", ALICE, NULL, "/Admin/x",
	  .want = OUTCOME_DENY, .app = "admin" },
	{ "H07 /%41dmin/ is A2: 403", ALICE, NULL, "/%41dmin/",
	  .want = OUTCOME_DENY, .app = "admin" },
	{ "H07 /%61dmin is A2: 403", ALICE, NULL, "/%61dmin",
	  .want = OUTCOME_DENY, .app = "admin" },
};
DECIDE_ROWS_TEST(test_decide_H07_case_folded_prefix_still_reaches_A2, h07_rows)

static const struct drow h09_rows[] = {
	{ "H09 /admin/x?next=/wiki/ is A2: 403", ALICE, NULL,
	  "/admin/x?next=/wiki/", .want = OUTCOME_DENY, .app = "admin" },
	{ "H09 /wiki/?p=/admin/ is A1: 200", ALICE, NULL, "/wiki/?p=/admin/",
	  .want = OUTCOME_ALLOW, .app = "wiki" },
	{ "H09 /?/admin/ is A1: 200", ALICE, NULL, "/?/admin/",
	  .want = OUTCOME_ALLOW, .app = "wiki" },
	{ "H09 /#/admin/ is A1: 200", ALICE, NULL, "/#/admin/",
	  .want = OUTCOME_ALLOW, .app = "wiki" },
	{ "H09 /admin?x is A2: 403", ALICE, NULL, "/admin?x",
	  .want = OUTCOME_DENY, .app = "admin" },
};
DECIDE_ROWS_TEST(test_decide_H09_the_query_never_affects_matching, h09_rows)

static const struct drow h10_rows[] = {
	{ "H10 /admin%00/ is refused", ALICE, NULL, "/admin%00/",
	  .want = OUTCOME_BAD },
	{ "H10 /admin/%00.css is refused", ALICE, NULL, "/admin/%00.css",
	  .want = OUTCOME_BAD },
	{ "H10 /admin%g0 (decodes to NUL if unchecked) is refused", ALICE, NULL,
	  "/admin%g0/", .want = OUTCOME_BAD },
	{ "H10 /%0d%0a is refused", ALICE, NULL, "/%0d%0aX:%20y",
	  .want = OUTCOME_BAD },
};
DECIDE_ROWS_TEST(test_decide_H10_nul_and_control_bytes_are_refused, h10_rows)

static const struct drow h12_rows[] = {
	{ "H12 /wiki/..\\admin/ is A2: 403", ALICE, NULL, "/wiki/..\\admin/",
	  .want = OUTCOME_DENY, .app = "admin" },
	{ "H12 /wiki\\..\\admin\\ is A2: 403", ALICE, NULL,
	  "/wiki\\..\\admin\\", .want = OUTCOME_DENY, .app = "admin" },
	{ "H12 /wiki%5c..%5cadmin%5c is A2: 403", ALICE, NULL,
	  "/wiki%5c..%5cadmin%5c", .want = OUTCOME_DENY, .app = "admin" },
	{ "H12 /\\admin\\ is A2: 403", ALICE, NULL, "/\\admin\\",
	  .want = OUTCOME_DENY, .app = "admin" },
};
DECIDE_ROWS_TEST(test_decide_H12_backslashes_are_slashes, h12_rows)

static const struct drow h13_rows[] = {
	{ "H13 /%c0%ae%c0%ae/admin/ is refused", ALICE, NULL,
	  "/%c0%ae%c0%ae/admin/", .want = OUTCOME_BAD },
	{ "H13 /%c0%afadmin/ is refused", ALICE, NULL, "/%c0%afadmin/",
	  .want = OUTCOME_BAD },
	{ "H13 /\xff/ is refused", ALICE, NULL, "/\xff/",
	  .want = OUTCOME_BAD },
};
DECIDE_ROWS_TEST(test_decide_H13_invalid_utf8_is_refused, h13_rows)

static const struct drow h15_rows[] = {
	{ "H15 APP.Example.COM /admin/ is A2: 403", ALICE, "APP.Example.COM",
	  "/admin/", .want = OUTCOME_DENY, .app = "admin" },
	{ "H15 APP.Example.COM / is A1: 200", ALICE, "APP.Example.COM", "/",
	  .want = OUTCOME_ALLOW, .app = "wiki" },
	{ "H16 app.example.com. /admin/ is A2: 403", ALICE,
	  "app.example.com.", "/admin/", .want = OUTCOME_DENY, .app = "admin" },
	{ "H16 app.example.com:443 /admin/ is A2: 403", ALICE,
	  "app.example.com:443", "/admin/", .want = OUTCOME_DENY,
	  .app = "admin" },
	{ "H16 app.example.com.. is refused", ALICE, "app.example.com..", "/",
	  .want = OUTCOME_BAD },
	{ "H16 app.example.com:8443 is no application", ALICE,
	  "app.example.com:8443", "/", .want = OUTCOME_DENY },
};
DECIDE_ROWS_TEST(test_decide_H15_H16_host_spellings_reach_the_same_app,
    h15_rows)

static const struct drow h18_rows[] = {
	{ "H18 unknown.example.com: 403", ALICE, "unknown.example.com", "/",
	  .want = OUTCOME_DENY },
	{ "H18 HTTP_HOST absent: refused", ALICE, ABSENT, "/",
	  .want = OUTCOME_BAD },
	{ "H18 HTTP_HOST empty: refused", ALICE, "", "/",
	  .want = OUTCOME_BAD },
	{ "H18 example.com (the cookie domain): 403", ALICE, "example.com",
	  "/", .want = OUTCOME_DENY },
	{ "H18 auth.example.com (the login host): 403", ALICE,
	  "auth.example.com", "/", .want = OUTCOME_DENY },
	{ "H18 no session at an unknown host: 403, not a login", NOBODY,
	  "unknown.example.com", "/", .want = OUTCOME_DENY },
};
DECIDE_ROWS_TEST(test_decide_H18_unknown_absent_or_empty_host_is_denied,
    h18_rows)

static const struct drow h19_rows[] = {
	{ "H19 app.example.com x", ALICE, "app.example.com x", "/",
	  .want = OUTCOME_BAD },
	{ "H19 a@app.example.com", ALICE, "a@app.example.com", "/",
	  .want = OUTCOME_BAD },
	{ "H19 app.example.com/x", ALICE, "app.example.com/x", "/",
	  .want = OUTCOME_BAD },
	{ "H19 Cyrillic a in app.example.com", ALICE,
	  "\xd0\xb0pp.example.com", "/", .want = OUTCOME_BAD },
	{ "P14 app.example.com CR LF X: y", ALICE, "app.example.com\r\nX: y",
	  "/", .want = OUTCOME_BAD },
};
DECIDE_ROWS_TEST(test_decide_H19_malformed_hosts_are_refused, h19_rows)

/* X01 .. X10: only the server-set parameters count. */
static const struct drow x_rows[] = {
	{ "X01 X-Original-URI /wiki/ with REQUEST_URI /admin/: 403", ALICE,
	  NULL, "/admin/", .extra = { "HTTP_X_ORIGINAL_URI=/wiki/",
	  "HTTP_X_FORWARDED_URI=/wiki/", "HTTP_X_REWRITE_URL=/wiki/" },
	  .want = OUTCOME_DENY, .app = "admin" },
	{ "X06 Remote-User bob without a cookie: 401", NOBODY, NULL, "/admin/",
	  .extra = { "HTTP_REMOTE_USER=bob", "HTTP_X_FORWARDED_USER=bob",
	  "HTTP_X_AUTHZ_DEFAULT_POLICY=allow", "REMOTE_USER=bob" },
	  .want = OUTCOME_LOGIN, .app = "admin" },
	{ "X07 underscore headers without a cookie: 401", NOBODY, NULL,
	  "/admin/", .extra = { "HTTP_X_FORWARDED_URI=/wiki/",
	  "HTTP_REMOTE_USER=bob" }, .want = OUTCOME_LOGIN, .app = "admin" },
	{ "X09 X-Forwarded-Prefix /wiki with /admin/: 403", ALICE, NULL,
	  "/admin/", .extra = { "HTTP_X_FORWARDED_PREFIX=/wiki" },
	  .want = OUTCOME_DENY, .app = "admin" },
	{ "X10 X-Forwarded-Host app.example.com at an unknown host: 403",
	  ALICE, "unknown.example.com", "/", .extra = {
	  "HTTP_X_FORWARDED_HOST=app.example.com",
	  "HTTP_FORWARDED=host=app.example.com" }, .want = OUTCOME_DENY },
	{ "X04 X-Forwarded-For with no trusted proxy changes nothing", ALICE,
	  NULL, "/", .extra = { "HTTP_X_FORWARDED_FOR=127.0.0.1" },
	  .want = OUTCOME_ALLOW, .app = "wiki" },
	{ "X forwarded https on a plain request changes nothing", NOBODY,
	  NULL, "/", .extra = { "HTTP_X_FORWARDED_PROTO=http" },
	  .want = OUTCOME_LOGIN, .app = "wiki",
	  .loc = LOGIN "/start?rd=" RD_APP_ROOT },
};
DECIDE_ROWS_TEST(test_decide_X_client_headers_never_change_the_decision,
    x_rows)

/* C01 .. C09, Q03: anything but exactly one valid session is a login. */
static const struct drow c_rows[] = {
	{ "C01 no cookie: 401 with the login URL", NOBODY, NULL, "/",
	  .want = OUTCOME_LOGIN, .app = "wiki",
	  .loc = LOGIN "/start?rd=" RD_APP_ROOT },
	{ "C01 other cookies only: 401", NOBODY, NULL, "/",
	  "a=1; b=2", .want = OUTCOME_LOGIN, .app = "wiki" },
	{ "C03 __secure-postern: 401", ALICE, NULL, "/",
	  "__secure-postern={tok}", .want = OUTCOME_LOGIN, .app = "wiki" },
	{ "C03 __SECURE-postern: 401", ALICE, NULL, "/",
	  "__SECURE-postern={tok}", .want = OUTCOME_LOGIN, .app = "wiki" },
	{ "C03 postern: 401", ALICE, NULL, "/", "postern={tok}",
	  .want = OUTCOME_LOGIN, .app = "wiki" },
	{ "C03 __Host-postern (host-only name) in domain mode: 401", ALICE,
	  NULL, "/", "__Host-postern={tok}", .want = OUTCOME_LOGIN,
	  .app = "wiki" },
	{ "C04 U+2000 before the name: 401", ALICE, NULL, "/",
	  "\xe2\x80\x80{sid}={tok}", .want = OUTCOME_LOGIN, .app = "wiki" },
	{ "C04 U+00A0 before the name: 401", ALICE, NULL, "/",
	  "\xc2\xa0{sid}={tok}", .want = OUTCOME_LOGIN, .app = "wiki" },
	{ "C06 ;;;: 401", NOBODY, NULL, "/", ";;;", .want = OUTCOME_LOGIN,
	  .app = "wiki" },
	{ "C06 =: 401", NOBODY, NULL, "/", "=", .want = OUTCOME_LOGIN,
	  .app = "wiki" },
	{ "C06 SID: 401", NOBODY, NULL, "/", "{sid}", .want = OUTCOME_LOGIN,
	  .app = "wiki" },
	{ "C06 SID=: 401", NOBODY, NULL, "/", "{sid}=", .want = OUTCOME_LOGIN,
	  .app = "wiki" },
	{ "C06 SID=%%%: 401", NOBODY, NULL, "/", "{sid}=%%%",
	  .want = OUTCOME_LOGIN, .app = "wiki" },
	{ "C06 SID=<alice-sid>%00x: 401", ALICE, NULL, "/", "{sid}={tok}%00x",
	  .want = OUTCOME_LOGIN, .app = "wiki" },
	{ "C06 SID=<alice-sid> x: 401", ALICE, NULL, "/", "{sid}={tok} x",
	  .want = OUTCOME_LOGIN, .app = "wiki" },
	{ "C06 SID=<alice-sid>= (padding): 401", ALICE, NULL, "/",
	  "{sid}={tok}=", .want = OUTCOME_LOGIN, .app = "wiki" },
	{ "C06 SID=\"<alice-sid>\" (quoted): 401", ALICE, NULL, "/",
	  "{sid}=\"{tok}\"", .want = OUTCOME_LOGIN, .app = "wiki" },
	{ "C06 SID twice, same value: 401", ALICE, NULL, "/",
	  "{sid}={tok}; {sid}={tok}", .want = OUTCOME_LOGIN, .app = "wiki" },
	{ "C06 SID twice, junk then alice's: 401", ALICE, NULL, "/",
	  "{sid}=x; {sid}={tok}", .want = OUTCOME_LOGIN, .app = "wiki" },
	{ "C06 SID among other cookies: 200", ALICE, NULL, "/",
	  "a=1; {sid}={tok}; b=2", .want = OUTCOME_ALLOW, .app = "wiki" },
	{ "C06 SID with surrounding spaces: 200", ALICE, NULL, "/",
	  " {sid}={tok} ;", .want = OUTCOME_ALLOW, .app = "wiki" },
	{ "C09 the token in the URL, no cookie: 401", ALICE, NULL,
	  "/?{sid}={tok}", ABSENT, .want = OUTCOME_LOGIN, .app = "wiki" },
	{ "S01 an attacker-chosen token: 401", NOBODY, NULL, "/",
	  "{sid}=ATTACKERCHOSEN0000000000000000000000000000",
	  .want = OUTCOME_LOGIN, .app = "wiki" },
	{ "Q03 SID=' OR '1'='1: 401", NOBODY, NULL, "/", "{sid}=' OR '1'='1",
	  .want = OUTCOME_LOGIN, .app = "wiki" },
	{ "Q03 SID=%: 401", NOBODY, NULL, "/", "{sid}=%",
	  .want = OUTCOME_LOGIN, .app = "wiki" },
	{ "Q03 SID=_: 401", NOBODY, NULL, "/", "{sid}=_",
	  .want = OUTCOME_LOGIN, .app = "wiki" },
};
DECIDE_ROWS_TEST(test_decide_C_cookie_shapes_without_one_valid_session_log_in,
    c_rows)

/* C07: big Cookie headers, built at run time. */
START_TEST(test_decide_C07_large_cookie_headers_go_to_the_login)
{
	static const char *const what[] = {
	    "a 16 KiB value", "500 pairs then SID", "a 64 KiB header" };
	struct drow	 r;
	struct decision	 d;
	struct env	 e;
	char		*c;
	size_t		 len = 0;
	int		 i;

	ck_assert_ptr_nonnull(c = malloc(BUF_MAX));
	switch (_i) {
	case 0:
		len = (size_t)sprintf(c, "{sid}=");
		memset(c + len, 'A', 16 * 1024);
		len += 16 * 1024;
		break;
	case 1:
		for (i = 0; i < 500; i++)
			len += (size_t)sprintf(c + len, "c%d=v; ", i);
		len += (size_t)sprintf(c + len, "{sid}=x");
		break;
	default:
		while (len < 64 * 1024)
			len += (size_t)sprintf(c + len, "c%zu=v; ", len);
		len += (size_t)sprintf(c + len, "{sid}={tok}");
		break;
	}
	c[len] = '\0';
	memset(&r, 0, sizeof(r));
	r.id = what[_i];
	r.who = _i == 2 ? ALICE : NOBODY;
	r.cookie = c;
	r.want = OUTCOME_LOGIN;
	r.app = "wiki";
	decide_env(&r, AT, &d, &e);
	decide_check(&r, &d);
	env_free(&e);
	free(c);
}
END_TEST

/* Z01 .. Z04 and the fixture's bindings, user by user. */
static const struct drow z_rows[] = {
	{ "Z01 mallory at A1: 403", MALLORY, NULL, "/", .want = OUTCOME_DENY,
	  .app = "wiki" },
	{ "Z01 alice at a host with no application: 403", ALICE,
	  "nothing.example.com", "/", .want = OUTCOME_DENY },
	{ "Z01 an application not attached to the outpost: 403", ALICE,
	  "detached.example.com", "/", .want = OUTCOME_DENY },
	{ "Z02 carol (staff + contractors) at A3: 403", CAROL,
	  "grafana.example.com", "/", .want = OUTCOME_DENY, .app = "grafana" },
	{ "Z02 mallory at A3: 403", MALLORY, "grafana.example.com", "/",
	  .want = OUTCOME_DENY, .app = "grafana" },
	{ "Z04 bob at /admin/x: 200 (A2)", BOB, NULL, "/admin/x",
	  .want = OUTCOME_ALLOW, .app = "admin", .groups = "admins,staff" },
	{ "Z04 alice at /admin/x: 403 though A1 / would allow", ALICE, NULL,
	  "/admin/x", .want = OUTCOME_DENY, .app = "admin" },
	{ "Z04 carol at /admin/x: 403", CAROL, NULL, "/admin/x",
	  .want = OUTCOME_DENY, .app = "admin" },
	{ "A4 alice: 200", ALICE, "status.example.com", "/",
	  .want = OUTCOME_ALLOW, .app = "status", .groups = "staff" },
	{ "A4 mallory (no groups) passes the negated binding: 200", MALLORY,
	  "status.example.com", "/", .want = OUTCOME_ALLOW, .app = "status",
	  .groups = "" },
	{ "A4 carol (contractors): 403", CAROL, "status.example.com", "/",
	  .want = OUTCOME_DENY, .app = "status" },
	{ "A1 carol: 200 with both groups, comma-joined", CAROL, NULL, "/",
	  .want = OUTCOME_ALLOW, .app = "wiki", .groups = "contractors,staff" },
	{ "A1 bob: 200", BOB, NULL, "/wiki/page", .want = OUTCOME_ALLOW,
	  .app = "wiki", .groups = "admins,staff" },
	{ "dave (disabled, session still stored) at A1: 401", DAVE, NULL, "/",
	  .want = OUTCOME_LOGIN, .app = "wiki" },
	{ "dave (disabled) at A4: 401", DAVE, "status.example.com", "/",
	  .want = OUTCOME_LOGIN, .app = "status" },
	{ "bob's token at A3 without consent: to the consent page", BOB,
	  "grafana.example.com", "/d/1?x=y", .want = OUTCOME_CONSENT,
	  .app = "grafana", .loc = LOGIN "/consent?rd=https%3A%2F%2F"
	  "grafana.example.com%2Fd%2F1%3Fx%3Dy" },
	{ "alice at A3 without consent: to the consent page", ALICE,
	  "grafana.example.com", "/", .want = OUTCOME_CONSENT,
	  .app = "grafana",
	  .loc = LOGIN "/consent?rd=https%3A%2F%2Fgrafana.example.com%2F" },
};
DECIDE_ROWS_TEST(test_decide_Z_bindings_decide_for_each_user_and_application,
    z_rows)

/* R21, W07: the original URL, whole and percent-encoded, once. */
static const struct drow r21_rows[] = {
	{ "R21 /x?a=1&rd=https://evil.example/ carries one rd", NOBODY, NULL,
	  "/x?a=1&rd=https://evil.example/", .want = OUTCOME_LOGIN,
	  .app = "wiki", .loc = LOGIN "/start?rd=https%3A%2F%2Fapp.example.com"
	  "%2Fx%3Fa%3D1%26rd%3Dhttps%3A%2F%2Fevil.example%2F" },
	{ "W07 /<script> is encoded in the Location", NOBODY, NULL,
	  "/<script>", .want = OUTCOME_LOGIN, .app = "wiki",
	  .loc = LOGIN "/start?rd=https%3A%2F%2Fapp.example.com%2F%3Cscript%3E" },
	{ "W07 the raw URI, not the normalized path, goes back", NOBODY,
	  NULL, "/a/../b%20c#f", .want = OUTCOME_LOGIN, .app = "wiki",
	  .loc = LOGIN "/start?rd=https%3A%2F%2Fapp.example.com%2Fa%2F..%2F"
	  "b%2520c%23f" },
	{ "the host in rd is the normalized one", NOBODY, "APP.Example.COM.",
	  "/", .want = OUTCOME_LOGIN, .app = "wiki",
	  .loc = LOGIN "/start?rd=" RD_APP_ROOT },
	{ "HEAD is a GET for the login", NOBODY, NULL, "/", .method = "HEAD",
	  .want = OUTCOME_LOGIN, .app = "wiki",
	  .loc = LOGIN "/start?rd=" RD_APP_ROOT },
};
DECIDE_ROWS_TEST(test_decide_R21_W07_the_login_url_carries_the_whole_url_encoded,
    r21_rows)

static const struct drow q04_rows[] = {
	{ "Q04 HTTP_HOST app.example.com' OR '1'='1: refused", ALICE,
	  "app.example.com' OR '1'='1", "/", .want = OUTCOME_BAD },
	{ "Q04 /admin/' UNION SELECT 1--: A2, 403", ALICE, NULL,
	  "/admin/' UNION SELECT 1--", .want = OUTCOME_DENY, .app = "admin" },
	{ "Q04 /admin/%27%20OR%201=1: A2, 403", ALICE, NULL,
	  "/admin/%27%20OR%201=1", .want = OUTCOME_DENY, .app = "admin" },
	{ "Q04 /%25: A1, 200", ALICE, NULL, "/%25", .want = OUTCOME_ALLOW,
	  .app = "wiki" },
};
DECIDE_ROWS_TEST(test_decide_Q04_sql_shaped_hosts_and_paths_match_literally,
    q04_rows)

/* Step 5: a redirect only for GET and HEAD that do not prefer JSON. */
static const struct drow json_rows[] = {
	{ "Accept: application/json: 401 without Location", NOBODY, NULL, "/",
	  .accept = "application/json", .want = OUTCOME_UNAUTH,
	  .app = "wiki" },
	{ "Accept: application/problem+json: 401 without Location", NOBODY,
	  NULL, "/", .accept = "application/problem+json",
	  .want = OUTCOME_UNAUTH, .app = "wiki" },
	{ "Accept: text/html, application/json: 401 with Location", NOBODY,
	  NULL, "/", .accept = "text/html,application/json;q=0.9",
	  .want = OUTCOME_LOGIN, .app = "wiki" },
	{ "Accept: */*: 401 with Location", NOBODY, NULL, "/",
	  .accept = "*/*", .want = OUTCOME_LOGIN, .app = "wiki" },
	{ "POST: 401 without Location", NOBODY, NULL, "/", .method = "POST",
	  .want = OUTCOME_UNAUTH, .app = "wiki" },
	{ "PUT: 401 without Location", NOBODY, NULL, "/", .method = "PUT",
	  .want = OUTCOME_UNAUTH, .app = "wiki" },
	{ "DELETE: 401 without Location", NOBODY, NULL, "/admin/",
	  .method = "DELETE", .want = OUTCOME_UNAUTH, .app = "admin" },
	{ "OPTIONS: 401 without Location", NOBODY, NULL, "/",
	  .method = "OPTIONS", .want = OUTCOME_UNAUTH, .app = "wiki" },
	{ "get (lower case) is not GET: 401 without Location", NOBODY, NULL,
	  "/", .method = "get", .want = OUTCOME_UNAUTH, .app = "wiki" },
	{ "REQUEST_METHOD absent: refused", NOBODY, NULL, "/",
	  .method = ABSENT, .want = OUTCOME_BAD },
	{ "POST with a session: 200", ALICE, NULL, "/", .method = "POST",
	  .want = OUTCOME_ALLOW, .app = "wiki" },
	{ "POST to A3 without consent: 401 without Location", ALICE,
	  "grafana.example.com", "/", .method = "POST",
	  .want = OUTCOME_UNAUTH, .app = "grafana" },
	{ "JSON to A3 without consent: 401 without Location", ALICE,
	  "grafana.example.com", "/", .accept = "application/json",
	  .want = OUTCOME_UNAUTH, .app = "grafana" },
	{ "POST to A2 for alice: 403 all the same", ALICE, NULL, "/admin/",
	  .method = "POST", .want = OUTCOME_DENY, .app = "admin" },
};
DECIDE_ROWS_TEST(test_decide_json_and_non_get_requests_get_401_without_location,
    json_rows)

/* P11 and friends: missing parameters refuse. */
static const struct drow p11_rows[] = {
	{ "P11 no parameters at all: refused", NOBODY, ABSENT, ABSENT,
	  .method = ABSENT, .want = OUTCOME_BAD },
	{ "REQUEST_URI absent: refused", ALICE, NULL, ABSENT,
	  .want = OUTCOME_BAD },
	{ "REQUEST_URI empty: refused", ALICE, NULL, "", .want = OUTCOME_BAD },
	{ "REQUEST_URI *: refused", ALICE, NULL, "*", .want = OUTCOME_BAD },
};
DECIDE_ROWS_TEST(test_decide_P11_missing_or_malformed_parameters_are_refused,
    p11_rows)

/*
 * The absolute form of a request target (RFC 9112 3.2.2), as a proxy may
 * pass it: its authority must be the request's host, and its path is then
 * matched as any other.
 */
static const struct drow absform_rows[] = {
	{ "https://app.example.com/admin/ for alice: A2, 403", ALICE, NULL,
	  "https://app.example.com/admin/", .want = OUTCOME_DENY,
	  .app = "admin" },
	{ "HTTPS://APP.Example.com.:443/admin/ for alice: A2, 403", ALICE, NULL,
	  "HTTPS://APP.Example.com.:443/admin/", .want = OUTCOME_DENY,
	  .app = "admin" },
	{ "https://app.example.com/wiki/%2e%2e/admin/: A2, 403", ALICE, NULL,
	  "https://app.example.com/wiki/%2e%2e/admin/", .want = OUTCOME_DENY,
	  .app = "admin" },
	{ "https://app.example.com/admin/ for bob: 200", BOB, NULL,
	  "https://app.example.com/admin/", .want = OUTCOME_ALLOW,
	  .app = "admin" },
	{ "https://app.example.com (no path) is /: A1", ALICE, NULL,
	  "https://app.example.com", .want = OUTCOME_ALLOW, .app = "wiki" },
	{ "another host's authority: refused", ALICE, NULL,
	  "https://grafana.example.com/admin/", .want = OUTCOME_BAD },
	{ "an authority of app.example.com at another host: refused",
	  ALICE, "nothing.example.com", "https://app.example.com/",
	  .want = OUTCOME_BAD },
	{ "userinfo in the authority: refused", ALICE, NULL,
	  "https://bob@app.example.com/admin/", .want = OUTCOME_BAD },
	{ "a malformed authority: refused", ALICE, NULL,
	  "https://app.example.com:99999/", .want = OUTCOME_BAD },
	{ "//app.example.com/admin/ is a path, not an authority: A1", ALICE,
	  NULL, "//app.example.com/admin/", .want = OUTCOME_ALLOW,
	  .app = "wiki" },
	{ "ftp://app.example.com/admin/: refused", ALICE, NULL,
	  "ftp://app.example.com/admin/", .want = OUTCOME_BAD },
	{ "the login rd holds the origin form once", NOBODY, NULL,
	  "https://app.example.com/x?y=1", .want = OUTCOME_LOGIN,
	  .app = "wiki", .loc = LOGIN "/start?rd=https%3A%2F%2Fapp.example.com"
	  "%2Fx%3Fy%3D1" },
};
DECIDE_ROWS_TEST(test_decide_absolute_form_targets_must_name_the_request_host,
    absform_rows)

/* Unauthenticated paths: the regex sees the normalized path only. */
static const struct drow skip_rows[] = {
	{ "/public/x is unauthenticated: 200 with no identity", NOBODY,
	  "status.example.com", "/public/x", .want = OUTCOME_ALLOW,
	  .app = "status" },
	{ "/public is unauthenticated", NOBODY, "status.example.com",
	  "/public", .want = OUTCOME_ALLOW, .app = "status" },
	{ "a session changes nothing there: no identity", ALICE,
	  "status.example.com", "/public/x", "{sid}={tok}",
	  .want = OUTCOME_ALLOW, .app = "status", .anon = 1 },
	{ "carol is not denied there either", CAROL, "status.example.com",
	  "/public/", .want = OUTCOME_ALLOW, .app = "status", .anon = 1 },
	{ "/x/../public/y normalizes into it", NOBODY, "status.example.com",
	  "/x/../public/y", .want = OUTCOME_ALLOW, .app = "status" },
	{ "/%70ublic/ decodes into it", NOBODY, "status.example.com",
	  "/%70ublic/", .want = OUTCOME_ALLOW, .app = "status" },
	{ "//public// merges into it", NOBODY, "status.example.com",
	  "//public//", .want = OUTCOME_ALLOW, .app = "status" },
	{ "H09-like: /x?/public/ is not (the regex never sees the query)",
	  NOBODY, "status.example.com", "/x?/public/", .want = OUTCOME_LOGIN,
	  .app = "status" },
	{ "H09-like: /x#/public/ is not", NOBODY, "status.example.com",
	  "/x#/public/", .want = OUTCOME_LOGIN, .app = "status" },
	{ "/publicx is not", NOBODY, "status.example.com", "/publicx",
	  .want = OUTCOME_LOGIN, .app = "status" },
	{ "/x/public/ is not (anchored)", NOBODY, "status.example.com",
	  "/x/public/", .want = OUTCOME_LOGIN, .app = "status" },
	{ "/public/../admin is not", NOBODY, "status.example.com",
	  "/public/../admin", .want = OUTCOME_LOGIN, .app = "status" },
	{ "/public%2f.. is refused, not skipped", NOBODY,
	  "status.example.com", "/public%2f..", .want = OUTCOME_BAD },
	{ "/public/ on another application's host is not", NOBODY, NULL,
	  "/public/", .want = OUTCOME_LOGIN, .app = "wiki" },
};
DECIDE_ROWS_TEST(test_decide_unauthenticated_paths_match_the_normalized_path,
    skip_rows)

/*
 * D04: 2000 "/a/.." pairs, then /admin/ (10007 bytes).  Over
 * REQUEST_URI_MAX, request_from_env() refuses it (authz-fcgi answers 403);
 * given to decide() all the same, it normalizes to /admin/: 403 again.
 */
START_TEST(test_decide_D04_two_thousand_dot_dot_pairs_then_admin_deny_alice)
{
	struct request	 req;
	struct decision	 d;
	const char	*why = NULL;
	char		*u, *env[3], c[128];
	size_t		 i, len = 0;

	ck_assert_ptr_nonnull(u = malloc(12 + 2000 * 5 + 8));
	memcpy(u, "REQUEST_URI=", 12);
	len = 12;
	for (i = 0; i < 2000; i++) {
		memcpy(u + len, "/a/..", 5);
		len += 5;
	}
	memcpy(u + len, "/admin/", 8);
	env[0] = u;
	env[1] = "HTTP_HOST=app.example.com";
	env[2] = NULL;
	ck_assert_int_eq(request_from_env(env, &req, &why), PERR_TOOLONG);

	cookie_of(c, sizeof(c), fx.tok[ALICE]);
	memset(&req, 0, sizeof(req));
	req.host = "app.example.com";
	req.uri = u + 12;
	req.method = "GET";
	req.cookie = c;
	req.https = 1;
	decide(fx.cfg, fx.st, &req, AT, &d, NULL, NULL);
	ck_assert_msg(d.outcome == OUTCOME_DENY, "%s", d.why);
	ck_assert_str_eq(d.app, "admin");
	ck_assert_int_eq(decide_status(d.outcome), 403);
	/* Bob, allowed at A2, reaches it through the same path. */
	cookie_of(c, sizeof(c), fx.tok[BOB]);
	decide(fx.cfg, fx.st, &req, AT, &d, NULL, NULL);
	ck_assert_int_eq(d.outcome, OUTCOME_ALLOW);
	ck_assert_str_eq(d.app, "admin");
	free(u);
}
END_TEST

/*
 * struct identity is "filled for OUTCOME_ALLOW": a denial, a consent
 * redirect or an error carries no part of one (not even the group list
 * step 6 reads before the bindings decide), so no caller can emit it.
 */
static const struct drow noid_rows[] = {
	{ "a 403 by the bindings", ALICE, NULL, "/admin/",
	  .want = OUTCOME_DENY, .app = "admin" },
	{ "a 403 by a negated binding", CAROL, "status.example.com", "/",
	  .want = OUTCOME_DENY, .app = "status" },
	{ "a consent redirect", ALICE, "grafana.example.com", "/",
	  .want = OUTCOME_CONSENT, .app = "grafana" },
	{ "a 401 for JSON at the consent step", ALICE, "grafana.example.com",
	  "/", .accept = "application/json", .want = OUTCOME_UNAUTH,
	  .app = "grafana" },
};

START_TEST(test_decide_a_decision_other_than_allow_carries_no_identity)
{
	struct decision	d;
	struct env	e;

	decide_env(&noid_rows[_i], AT, &d, &e);
	decide_check(&noid_rows[_i], &d);
	ck_assert_msg(d.id.groups[0] == '\0', "%s: Remote-Groups \"%s\" left "
	    "in the decision", noid_rows[_i].id, d.id.groups);
	env_free(&e);
}
END_TEST

/* ----------------------------------------------- state across calls */

/* Decide one simple request: host, uri, cookie (may be NULL). */
static void
decide_simple(const char *host, const char *uri, const char *cookie,
    int64_t when, struct decision *d)
{
	struct request	req;

	memset(&req, 0, sizeof(req));
	req.host = host;
	req.uri = uri;
	req.method = "GET";
	req.addr = "192.0.2.10";
	req.cookie = cookie;
	req.https = 1;
	memset(d, 0x5a, sizeof(*d));
	/* What a worker does: refresh, then decide (the cache needs it). */
	ck_assert_int_eq(decide_cfg_refresh(fx.st, fx.cfg), PERR_OK);
	decide(fx.cfg, fx.st, &req, when, d, NULL, NULL);
}

static void
cookie_of(char *out, size_t outsz, const char *tok)
{
	ck_assert((size_t)snprintf(out, outsz, SID "=%s", tok) < outsz);
}

START_TEST(test_decide_explicit_consent_asks_until_consent_give)
{
	struct decision	 d;
	struct provider	 p;
	char		 c[128];

	cookie_of(c, sizeof(c), fx.tok[ALICE]);
	decide_simple("grafana.example.com", "/", c, AT, &d);
	ck_assert_int_eq(d.outcome, OUTCOME_CONSENT);
	ck_assert_int_eq(decide_status(d.outcome), 401);
	ck_assert_str_eq(d.location,
	    LOGIN "/consent?rd=https%3A%2F%2Fgrafana.example.com%2F");
	/* Asking again changes nothing. */
	decide_simple("grafana.example.com", "/", c, AT + 1, &d);
	ck_assert_int_eq(d.outcome, OUTCOME_CONSENT);

	ck_assert_int_eq(store_provider_get(fx.st, "grafana", &p), PERR_OK);
	ck_assert_int_eq(consent_give(fx.st, fx.u[ALICE].id, fx.grafana, &p,
	    AT + 2, fx.s[ALICE].expires), PERR_OK);
	decide_simple("grafana.example.com", "/", c, AT + 3, &d);
	ck_assert_int_eq(d.outcome, OUTCOME_ALLOW);
	ck_assert_str_eq(d.id.user, "alice");
	ck_assert_str_eq(d.location, "");
	/* alice's consent is not bob's. */
	cookie_of(c, sizeof(c), fx.tok[BOB]);
	decide_simple("grafana.example.com", "/", c, AT + 3, &d);
	ck_assert_int_eq(d.outcome, OUTCOME_CONSENT);
	/* Nor does it open A3 to carol, whom the bindings refuse. */
	ck_assert_int_eq(consent_give(fx.st, fx.u[CAROL].id, fx.grafana, &p,
	    AT + 2, fx.s[CAROL].expires), PERR_OK);
	cookie_of(c, sizeof(c), fx.tok[CAROL]);
	decide_simple("grafana.example.com", "/", c, AT + 3, &d);
	ck_assert_int_eq(d.outcome, OUTCOME_DENY);
}
END_TEST

/* S06: a request every 60 s keeps it alive until the absolute limit. */
START_TEST(test_decide_S06_absolute_expiry_ends_an_active_session)
{
	struct decision	 d;
	struct session	 s;
	char		 tok[TOKEN_B64_LEN + 1], c[128];
	int64_t		 t;

	ck_assert_int_eq(session_create(fx.st, &fx.u[ALICE], 3600, 300,
	    FACTOR_PASSWORD, NULL, NULL, NOW, tok, &s), PERR_OK);
	cookie_of(c, sizeof(c), tok);
	for (t = NOW + 60; t < NOW + 3600; t += 60) {
		decide_simple("app.example.com", "/", c, t, &d);
		ck_assert_msg(d.outcome == OUTCOME_ALLOW, "at +%lld: %s",
		    (long long)(t - NOW), d.why);
	}
	decide_simple("app.example.com", "/", c, NOW + 3600, &d);
	ck_assert_int_eq(d.outcome, OUTCOME_LOGIN);
	decide_simple("app.example.com", "/", c, NOW + 3601, &d);
	ck_assert_int_eq(d.outcome, OUTCOME_LOGIN);
	/* Met expired, it is gone for good: an earlier clock finds nothing. */
	decide_simple("app.example.com", "/", c, NOW + 100, &d);
	ck_assert_int_eq(d.outcome, OUTCOME_LOGIN);
	ck_assert_int_eq(store_session_get(fx.st, s.id, &s), PERR_NOTFOUND);
}
END_TEST

START_TEST(test_decide_S06_idle_expiry_ends_an_unused_session)
{
	struct decision	 d;
	struct session	 s;
	char		 tok[TOKEN_B64_LEN + 1], c[128];

	/* Used within the idle limit, it lives on from each touch. */
	cookie_of(c, sizeof(c), fx.tok[ALICE]);
	decide_simple("app.example.com", "/", c, NOW + IDLE - 1, &d);
	ck_assert_int_eq(d.outcome, OUTCOME_ALLOW);
	decide_simple("app.example.com", "/", c, NOW + 2 * IDLE - 2, &d);
	ck_assert_int_eq(d.outcome, OUTCOME_ALLOW);
	decide_simple("app.example.com", "/", c, NOW + 3 * IDLE - 2, &d);
	ck_assert_int_eq(d.outcome, OUTCOME_LOGIN);

	/* Unused for exactly the idle limit, it has ended. */
	ck_assert_int_eq(session_create(fx.st, &fx.u[BOB], LIFETIME, IDLE,
	    FACTOR_PASSWORD, NULL, NULL, NOW, tok, &s), PERR_OK);
	cookie_of(c, sizeof(c), tok);
	decide_simple("app.example.com", "/admin/", c, NOW + IDLE, &d);
	ck_assert_int_eq(d.outcome, OUTCOME_LOGIN);
	decide_simple("app.example.com", "/admin/", c, NOW + 1, &d);
	ck_assert_int_eq(d.outcome, OUTCOME_LOGIN);
}
END_TEST

START_TEST(test_decide_a_revoked_session_goes_to_the_login)
{
	struct decision	d;
	char		c[128];

	cookie_of(c, sizeof(c), fx.tok[BOB]);
	decide_simple("app.example.com", "/admin/", c, AT, &d);
	ck_assert_int_eq(d.outcome, OUTCOME_ALLOW);
	ck_assert_int_eq(store_session_del(fx.st, fx.s[BOB].id), PERR_OK);
	decide_simple("app.example.com", "/admin/", c, AT, &d);
	ck_assert_int_eq(d.outcome, OUTCOME_LOGIN);
	ck_assert_str_eq(d.id.user, "");
}
END_TEST

START_TEST(test_decide_a_disabled_or_deleted_user_goes_to_the_login)
{
	struct decision	 d;
	struct user	 u;
	char		 c[128];
	int64_t		 ended = 0;

	/* Disabled through user_update(): the sessions end. */
	cookie_of(c, sizeof(c), fx.tok[ALICE]);
	decide_simple("app.example.com", "/", c, AT, &d);
	ck_assert_int_eq(d.outcome, OUTCOME_ALLOW);
	u = fx.u[ALICE];
	u.active = 0;
	ck_assert_int_eq(user_update(fx.st, &u, &ended), PERR_OK);
	ck_assert_int_eq(ended, 1);
	decide_simple("app.example.com", "/", c, AT, &d);
	ck_assert_int_eq(d.outcome, OUTCOME_LOGIN);
	/* Enabled again, the old session stays ended. */
	u.active = 1;
	ck_assert_int_eq(user_update(fx.st, &u, NULL), PERR_OK);
	decide_simple("app.example.com", "/", c, AT, &d);
	ck_assert_int_eq(d.outcome, OUTCOME_LOGIN);

	/* Deleted: the same. */
	cookie_of(c, sizeof(c), fx.tok[BOB]);
	decide_simple("app.example.com", "/", c, AT, &d);
	ck_assert_int_eq(d.outcome, OUTCOME_ALLOW);
	ck_assert_int_eq(store_user_del(fx.st, fx.u[BOB].id), PERR_OK);
	decide_simple("app.example.com", "/", c, AT, &d);
	ck_assert_int_eq(d.outcome, OUTCOME_LOGIN);

	/* dave, disabled with his session row still there, is refused too. */
	cookie_of(c, sizeof(c), fx.tok[DAVE]);
	decide_simple("app.example.com", "/", c, AT, &d);
	ck_assert_int_eq(d.outcome, OUTCOME_LOGIN);
}
END_TEST

/* S10: membership changes apply on the next request, with no cache. */
START_TEST(test_decide_S10_a_removed_membership_applies_on_the_next_request)
{
	struct decision	d;
	char		c[128];

	cookie_of(c, sizeof(c), fx.tok[BOB]);
	decide_simple("app.example.com", "/admin/", c, AT, &d);
	ck_assert_int_eq(d.outcome, OUTCOME_ALLOW);
	ck_assert_int_eq(store_member_del(fx.st, fx_group_id("admins"),
	    fx.u[BOB].id), PERR_OK);
	ck_assert_int_eq(decide_cfg_refresh(fx.st, fx.cfg), PERR_OK);
	decide_simple("app.example.com", "/admin/", c, AT, &d);
	ck_assert_int_eq(d.outcome, OUTCOME_DENY);
	ck_assert_str_eq(d.id.user, "");
}
END_TEST

/*
 * The identity follows a change to the user or the groups on the next
 * request: with authz-fcgi's cache, the generation the change moved is
 * what makes the cached copy stale.
 */
START_TEST(test_decide_identity_follows_a_user_or_group_change)
{
	struct decision	d;
	struct user	u;
	char		c[128];

	cookie_of(c, sizeof(c), fx.tok[ALICE]);
	decide_simple("app.example.com", "/", c, AT, &d);
	ck_assert_int_eq(d.outcome, OUTCOME_ALLOW);
	ck_assert_str_eq(d.id.name, "Alice Liddell");
	ck_assert_str_eq(d.id.groups, "staff");
	decide_simple("app.example.com", "/", c, AT, &d);
	ck_assert_str_eq(d.id.name, "Alice Liddell");

	u = fx.u[ALICE];
	strlcpy(u.display, "Alice Pleasance", sizeof(u.display));
	ck_assert_int_eq(user_update(fx.st, &u, NULL), PERR_OK);
	decide_simple("app.example.com", "/", c, AT, &d);
	ck_assert_int_eq(d.outcome, OUTCOME_ALLOW);
	ck_assert_str_eq(d.id.name, "Alice Pleasance");

	ck_assert_int_eq(store_member_add(fx.st, fx_group_id("admins"),
	    fx.u[ALICE].id), PERR_OK);
	decide_simple("app.example.com", "/admin/", c, AT, &d);
	ck_assert_int_eq(d.outcome, OUTCOME_ALLOW);
	ck_assert_str_eq(d.id.groups, "admins,staff");
	ck_assert_int_eq(store_member_del(fx.st, fx_group_id("admins"),
	    fx.u[ALICE].id), PERR_OK);
	decide_simple("app.example.com", "/admin/", c, AT, &d);
	ck_assert_int_eq(d.outcome, OUTCOME_DENY);
}
END_TEST

/* ------------------------------------------------- single mode */

#define SINGLE_HOST	"single.example.org"
#define SINGLE_ROOT	"https://single.example.org/"
#define CALLBACK	"/.postern/callback?code="

/* A one-time code for alice: a short session of her own. */
static void
single_code(char tok[TOKEN_B64_LEN + 1], struct session *s)
{
	ck_assert_int_eq(session_create(fx.st, &fx.u[ALICE], 120, 0,
	    FACTOR_PASSWORD | FACTOR_CODE, NULL, NULL, NOW, tok, s), PERR_OK);
}

START_TEST(test_decide_single_mode_callback_exchanges_a_code_once)
{
	struct decision	 d;
	struct session	 code_s, s;
	char		 code[TOKEN_B64_LEN + 1], uri[512], c[128];
	const char	*semi;
	char		 newtok[TOKEN_B64_LEN + 1];

	single_code(code, &code_s);
	snprintf(uri, sizeof(uri), CALLBACK "%s&rd=https%%3A%%2F%%2F"
	    SINGLE_HOST "%%2Fx%%3Fy%%3D1", code);
	decide_simple(SINGLE_HOST, uri, NULL, AT, &d);
	ck_assert_msg(d.outcome == OUTCOME_CALLBACK, "%s", d.why);
	ck_assert_str_eq(d.app, "single");
	ck_assert_str_eq(d.location, SINGLE_ROOT "x?y=1");
	ck_assert_int_eq(strlen(d.hint), 8);

	/* S04 in single mode: a host-only __Host- cookie on its own host. */
	ck_assert_msg(strncmp(d.setcookie, "__Host-postern=", 15) == 0, "%s",
	    d.setcookie);
	ck_assert_ptr_nonnull(strstr(d.setcookie, "; Path=/"));
	ck_assert_ptr_nonnull(strstr(d.setcookie, "; HttpOnly"));
	ck_assert_ptr_nonnull(strstr(d.setcookie, "; Secure"));
	ck_assert_ptr_nonnull(strstr(d.setcookie, "; SameSite=Lax"));
	ck_assert_ptr_null(strstr(d.setcookie, "Domain="));
	semi = strchr(d.setcookie, ';');
	ck_assert_ptr_nonnull(semi);
	ck_assert_int_eq(semi - d.setcookie - 15, TOKEN_B64_LEN);
	memcpy(newtok, d.setcookie + 15, TOKEN_B64_LEN);
	newtok[TOKEN_B64_LEN] = '\0';
	/* A fresh token, not the code. */
	ck_assert_str_ne(newtok, code);
	/* The code's own session is gone (found by its hash: ids recur). */
	ck_assert_int_eq(store_session_find(fx.st, code_s.hash, &s),
	    PERR_NOTFOUND);

	/* The second use of the code is denied. */
	decide_simple(SINGLE_HOST, uri, NULL, AT + 1, &d);
	ck_assert_int_eq(d.outcome, OUTCOME_DENY);
	ck_assert_str_eq(d.setcookie, "");
	ck_assert_str_eq(d.location, "");

	/* The new cookie opens the application, as alice. */
	snprintf(c, sizeof(c), "__Host-postern=%s", newtok);
	decide_simple(SINGLE_HOST, "/", c, AT + 2, &d);
	ck_assert_msg(d.outcome == OUTCOME_ALLOW, "%s", d.why);
	ck_assert_str_eq(d.id.user, "alice");
	/* It is no domain-mode session cookie name there. */
	snprintf(c, sizeof(c), SID "=%s", fx.tok[ALICE]);
	decide_simple(SINGLE_HOST, "/", c, AT + 2, &d);
	ck_assert_int_eq(d.outcome, OUTCOME_LOGIN);
}
END_TEST

static const struct {
	const char	*what;
	const char	*rest;		/* after the code */
	const char	*loc;
} rd_rows[] = {
	{ "no rd", "", SINGLE_ROOT },
	{ "rd on this host", "&rd=https%3A%2F%2Fsingle.example.org%2Fa",
	  SINGLE_ROOT "a" },
	{ "rd on another host", "&rd=https%3A%2F%2Fevil.example%2F",
	  SINGLE_ROOT },
	{ "rd on a host that only starts like this one",
	  "&rd=https%3A%2F%2Fsingle.example.org.evil.example%2F", SINGLE_ROOT },
	{ "rd with userinfo",
	  "&rd=https%3A%2F%2Fsingle.example.org%40evil.example%2F", SINGLE_ROOT },
	{ "rd over http", "&rd=http%3A%2F%2Fsingle.example.org%2Fa",
	  SINGLE_ROOT },
	{ "rd protocol-relative", "&rd=%2F%2Fevil.example%2F", SINGLE_ROOT },
	{ "rd a local path", "&rd=%2Fa", SINGLE_ROOT },
	{ "rd with CR LF", "&rd=https%3A%2F%2Fsingle.example.org%2Fa%0D%0A"
	  "Set-Cookie%3A%20x%3D1", SINGLE_ROOT },
	{ "rd with a backslash",
	  "&rd=https%3A%2F%2Fsingle.example.org%2F%5Cevil.example", SINGLE_ROOT },
	{ "rd with a space", "&rd=https%3A%2F%2Fsingle.example.org%2Fa+b",
	  SINGLE_ROOT },
	{ "rd twice", "&rd=https%3A%2F%2Fsingle.example.org%2Fa"
	  "&rd=https%3A%2F%2Fevil.example%2F", SINGLE_ROOT },
	{ "rd a javascript: URL", "&rd=javascript%3Aalert(1)", SINGLE_ROOT },
};

/*
 * On a read-only store (the gate's first try) a callback is refused with
 * needwrite, spending nothing: the same code then works on a writable one.
 * An expired session is refused there and left for a writer to remove.
 */
START_TEST(test_decide_on_a_read_only_store_defers_every_write)
{
	struct decision	 d;
	struct request	 req;
	struct session	 code_s, s;
	struct store	*ro = NULL;
	char		 code[TOKEN_B64_LEN + 1], uri[512], c[128];

	single_code(code, &code_s);
	snprintf(uri, sizeof(uri), CALLBACK "%s", code);
	ck_assert_int_eq(store_open(&ro, fx.path, STORE_READONLY |
	    STORE_SHMREAD), PERR_OK);
	memset(&req, 0, sizeof(req));
	req.host = SINGLE_HOST;
	req.uri = uri;
	req.method = "GET";
	req.https = 1;
	ck_assert_int_eq(decide_cfg_refresh(fx.st, fx.cfg), PERR_OK);
	decide_deferred(fx.cfg, ro, &req, AT, &d);
	ck_assert_int_eq(d.outcome, OUTCOME_ERROR);
	ck_assert_int_eq(d.needwrite, 1);
	ck_assert_str_eq(d.setcookie, "");
	ck_assert_int_eq(store_session_find(fx.st, code_s.hash, &s), PERR_OK);

	/* alice's session, past its end: refused, its row kept. */
	cookie_of(c, sizeof(c), fx.tok[ALICE]);
	req.host = "app.example.com";
	req.uri = "/";
	req.cookie = c;
	decide_deferred(fx.cfg, ro, &req, AT, &d);
	ck_assert_msg(d.outcome == OUTCOME_ALLOW, "%s", d.why);
	decide_deferred(fx.cfg, ro, &req, fx.s[ALICE].expires + 1, &d);
	ck_assert_int_eq(d.outcome, OUTCOME_LOGIN);
	ck_assert_int_eq(d.needwrite, 0);
	ck_assert_int_eq(store_session_find(fx.st, fx.s[ALICE].hash, &s),
	    PERR_OK);
	store_close(ro);

	/* Writable: the code is exchanged, needwrite clear. */
	decide_simple(SINGLE_HOST, uri, NULL, AT, &d);
	ck_assert_msg(d.outcome == OUTCOME_CALLBACK, "%s", d.why);
	ck_assert_int_eq(d.needwrite, 0);
}
END_TEST

START_TEST(test_decide_single_mode_callback_rd_outside_the_host_falls_back_to_the_root)
{
	struct decision	 d;
	struct session	 s;
	char		 code[TOKEN_B64_LEN + 1], uri[1024];

	single_code(code, &s);
	snprintf(uri, sizeof(uri), CALLBACK "%s%s", code, rd_rows[_i].rest);
	decide_simple(SINGLE_HOST, uri, NULL, AT, &d);
	ck_assert_msg(d.outcome == OUTCOME_CALLBACK, "%s: %s", rd_rows[_i].what,
	    d.why);
	ck_assert_msg(strcmp(d.location, rd_rows[_i].loc) == 0,
	    "%s: Location \"%s\"", rd_rows[_i].what, d.location);
}
END_TEST

static const struct {
	const char	*what;
	const char	*host;
	const char	*uri;
	enum outcome	 want;
} badcode_rows[] = {
	{ "no code", SINGLE_HOST, "/.postern/callback", OUTCOME_DENY },
	{ "an empty code", SINGLE_HOST, CALLBACK, OUTCOME_DENY },
	{ "an unknown code", SINGLE_HOST,
	  CALLBACK "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", OUTCOME_DENY },
	{ "a malformed code", SINGLE_HOST, CALLBACK "%zz", OUTCOME_DENY },
	{ "a code twice", SINGLE_HOST, CALLBACK "a&code=b", OUTCOME_DENY },
	{ "the callback path on a domain-mode application is no callback",
	  "app.example.com", CALLBACK "x", OUTCOME_LOGIN },
};

START_TEST(test_decide_single_mode_callback_without_a_valid_code_is_denied)
{
	struct decision	d;

	decide_simple(badcode_rows[_i].host, badcode_rows[_i].uri, NULL, AT, &d);
	ck_assert_msg(d.outcome == badcode_rows[_i].want, "%s: %s",
	    badcode_rows[_i].what, d.why);
	ck_assert_str_eq(d.setcookie, "");
}
END_TEST

START_TEST(test_decide_single_mode_without_a_session_goes_to_the_login)
{
	struct decision	d;

	decide_simple(SINGLE_HOST, "/x", NULL, AT, &d);
	ck_assert_int_eq(d.outcome, OUTCOME_LOGIN);
	ck_assert_str_eq(d.location, LOGIN "/start?rd=https%3A%2F%2F"
	    SINGLE_HOST "%2Fx");
}
END_TEST

/* ------------------------------------------ the configuration cache */

START_TEST(test_decide_cfg_refresh_applies_a_new_binding_on_the_next_decision)
{
	struct decision	d;
	char		c[128];

	cookie_of(c, sizeof(c), fx.tok[MALLORY]);
	decide_simple("app.example.com", "/", c, AT, &d);
	ck_assert_int_eq(d.outcome, OUTCOME_DENY);
	fx_bind(fx.wiki, 0, fx.u[MALLORY].id, 0);
	ck_assert_int_eq(decide_cfg_refresh(fx.st, fx.cfg), PERR_OK);
	decide_simple("app.example.com", "/", c, AT, &d);
	ck_assert_msg(d.outcome == OUTCOME_ALLOW, "%s", d.why);
	ck_assert_str_eq(d.id.user, "mallory");
	ck_assert_str_eq(d.id.groups, "");
	/* A refresh with nothing changed keeps the answer. */
	ck_assert_int_eq(decide_cfg_refresh(fx.st, fx.cfg), PERR_OK);
	decide_simple("app.example.com", "/", c, AT, &d);
	ck_assert_int_eq(d.outcome, OUTCOME_ALLOW);
	/* An application detached from the outpost is gone at the next. */
	ck_assert_int_eq(store_outpost_detach(fx.st, fx.outpost, fx.wiki),
	    PERR_OK);
	ck_assert_int_eq(decide_cfg_refresh(fx.st, fx.cfg), PERR_OK);
	decide_simple("app.example.com", "/", c, AT, &d);
	ck_assert_int_eq(d.outcome, OUTCOME_DENY);
	ck_assert_str_eq(d.app, "");
}
END_TEST

START_TEST(test_decide_cfg_load_refuses_an_unknown_outpost)
{
	struct decide_cfg	*cfg = (struct decide_cfg *)1;

	ck_assert_int_eq(decide_cfg_load(fx.st, "nosuch", &cfg), PERR_NOTFOUND);
	ck_assert_ptr_null(cfg);
	decide_cfg_free(NULL);
}
END_TEST

/* ---------------------------------------------------- failing closed */

START_TEST(test_decide_outcome_is_error_when_login_url_is_unset)
{
	struct decision	d;
	char		c[128];

	ck_assert_int_eq(setting_unset(fx.st, "login.url"), PERR_OK);
	ck_assert_int_eq(decide_cfg_refresh(fx.st, fx.cfg), PERR_OK);
	decide_simple("app.example.com", "/", NULL, AT, &d);
	ck_assert_int_eq(d.outcome, OUTCOME_ERROR);
	ck_assert_int_eq(decide_status(d.outcome), 500);
	ck_assert_str_eq(d.location, "");
	/* The consent page needs it too. */
	cookie_of(c, sizeof(c), fx.tok[ALICE]);
	decide_simple("grafana.example.com", "/", c, AT, &d);
	ck_assert_int_eq(d.outcome, OUTCOME_ERROR);
	/* A signed-in allow does not. */
	decide_simple("app.example.com", "/", c, AT, &d);
	ck_assert_int_eq(d.outcome, OUTCOME_ALLOW);
}
END_TEST

START_TEST(test_decide_outcome_is_error_for_an_unsafe_identity_value)
{
	struct decision	 d;
	struct user	 u = fx.u[ALICE];
	char		 c[128];

	/* Past the validators, straight into the store. */
	strlcpy(u.display, "Alice\r\nRemote-User: bob", sizeof(u.display));
	ck_assert_int_eq(store_user_update(fx.st, &u), PERR_OK);
	cookie_of(c, sizeof(c), fx.tok[ALICE]);
	decide_simple("app.example.com", "/", c, AT, &d);
	ck_assert_int_eq(d.outcome, OUTCOME_ERROR);
	ck_assert_str_eq(d.id.user, "");
	ck_assert_str_eq(d.id.name, "");
	ck_assert_str_eq(d.id.groups, "");
}
END_TEST

START_TEST(test_decide_outcome_is_error_for_a_group_name_with_a_comma)
{
	struct decision	 d;
	struct group	 g;
	char		 c[128];

	memset(&g, 0, sizeof(g));
	strlcpy(g.name, "staff,admins", sizeof(g.name));
	ck_assert_int_eq(store_group_add(fx.st, &g), PERR_OK);
	ck_assert_int_eq(store_member_add(fx.st, g.id, fx.u[ALICE].id),
	    PERR_OK);
	cookie_of(c, sizeof(c), fx.tok[ALICE]);
	decide_simple("app.example.com", "/", c, AT, &d);
	ck_assert_int_eq(d.outcome, OUTCOME_ERROR);
	ck_assert_str_eq(d.id.user, "");
	/* No part of the list read so far may be left in it. */
	ck_assert_msg(d.id.groups[0] == '\0', "Remote-Groups \"%s\" left in "
	    "an error", d.id.groups);
}
END_TEST

/* A second connection holding the write lock until released. */
static struct store *
lock_store(void)
{
	struct store	*st2 = NULL;

	ck_assert_int_eq(store_open(&st2, fx.path, 0), PERR_OK);
	ck_assert_int_eq(store_begin(st2), PERR_OK);
	return st2;
}

static void
unlock_store(struct store *st2)
{
	store_rollback(st2);
	store_close(st2);
}

START_TEST(test_decide_outcome_is_error_when_the_store_is_locked_for_the_callback)
{
	struct decision	 d;
	struct session	 s;
	struct store	*st2;
	char		 code[TOKEN_B64_LEN + 1], uri[256];

	single_code(code, &s);
	snprintf(uri, sizeof(uri), CALLBACK "%s", code);
	st2 = lock_store();
	decide_simple(SINGLE_HOST, uri, NULL, AT, &d);
	unlock_store(st2);
	ck_assert_msg(d.outcome == OUTCOME_ERROR, "%s", d.why);
	ck_assert_int_eq(decide_status(d.outcome), 500);
	ck_assert_str_eq(d.setcookie, "");
	/* Nothing was half done: the code still works once. */
	decide_simple(SINGLE_HOST, uri, NULL, AT, &d);
	ck_assert_msg(d.outcome == OUTCOME_CALLBACK, "%s", d.why);
}
END_TEST

START_TEST(test_decide_outcome_is_error_when_the_store_is_locked_for_an_expired_consent)
{
	struct decision	 d;
	struct session	 s;
	struct provider	 p;
	struct store	*st2;
	char		 tok[TOKEN_B64_LEN + 1], c[128];

	/* A session made at NOW + 100 is not due a touch at NOW + 120. */
	ck_assert_int_eq(session_create(fx.st, &fx.u[ALICE], LIFETIME, IDLE,
	    FACTOR_PASSWORD, NULL, NULL, NOW + 100, tok, &s), PERR_OK);
	memset(&p, 0, sizeof(p));
	p.consent = CONSENT_DURATION;
	p.consent_secs = 60;
	ck_assert_int_eq(consent_give(fx.st, fx.u[ALICE].id, fx.grafana, &p,
	    NOW + 50, s.expires), PERR_OK);
	cookie_of(c, sizeof(c), tok);
	/* Its row expired at NOW + 110 and must be deleted: locked. */
	st2 = lock_store();
	decide_simple("grafana.example.com", "/", c, NOW + 120, &d);
	unlock_store(st2);
	ck_assert_msg(d.outcome == OUTCOME_ERROR, "%s", d.why);
	ck_assert_str_eq(d.id.user, "");
	/* Unlocked, it is a plain "consent needed". */
	decide_simple("grafana.example.com", "/", c, NOW + 121, &d);
	ck_assert_int_eq(d.outcome, OUTCOME_CONSENT);
}
END_TEST

/* DESIGN step 8's one exception: a failed touch leaves the allow. */
START_TEST(test_decide_a_failed_idle_touch_leaves_the_allow_standing)
{
	struct decision	 d;
	struct store	*st2;
	char		 c[128];

	cookie_of(c, sizeof(c), fx.tok[ALICE]);
	st2 = lock_store();
	decide_simple("app.example.com", "/", c, NOW + 120, &d);
	unlock_store(st2);
	ck_assert_msg(d.outcome == OUTCOME_ALLOW, "%s", d.why);
	ck_assert_str_eq(d.id.user, "alice");
}
END_TEST

START_TEST(test_decide_status_maps_each_outcome)
{
	static const struct {
		enum outcome	o;
		int		status;
	} rows[] = {
		{ OUTCOME_ERROR, 500 }, { OUTCOME_ALLOW, 200 },
		{ OUTCOME_LOGIN, 401 }, { OUTCOME_UNAUTH, 401 },
		{ OUTCOME_CONSENT, 401 }, { OUTCOME_DENY, 403 },
		{ OUTCOME_BAD, 403 }, { OUTCOME_CALLBACK, 302 },
		{ (enum outcome)99, 500 },
	};
	size_t	i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		ck_assert_int_eq(decide_status(rows[i].o), rows[i].status);
}
END_TEST

/* The trace says something for every decision, and decides the same. */
static void
trace_count(void *arg, const char *line)
{
	ck_assert(line != NULL && strchr(line, '\n') == NULL);
	(*(int *)arg)++;
}

START_TEST(test_decide_with_a_trace_decides_the_same)
{
	struct request	req;
	struct decision	d;
	char		c[128];
	int		n = 0;

	cookie_of(c, sizeof(c), fx.tok[ALICE]);
	memset(&req, 0, sizeof(req));
	req.host = "app.example.com";
	req.uri = "/admin/";
	req.method = "GET";
	req.cookie = c;
	req.https = 1;
	decide(fx.cfg, fx.st, &req, AT, &d, trace_count, &n);
	ck_assert_int_eq(d.outcome, OUTCOME_DENY);
	ck_assert_int_gt(n, 2);
	/* decide_as(): alice as if signed in, no cookie read. */
	req.cookie = NULL;
	decide_as(fx.cfg, fx.st, &req, AT, &fx.u[ALICE], &d, NULL, NULL);
	ck_assert_int_eq(d.outcome, OUTCOME_DENY);
	req.uri = "/";
	decide_as(fx.cfg, fx.st, &req, AT, &fx.u[ALICE], &d, NULL, NULL);
	ck_assert_int_eq(d.outcome, OUTCOME_ALLOW);
	ck_assert_str_eq(d.id.groups, "staff");
}
END_TEST

#define ADD_ROWS(tc, fn, rows)	tcase_add_loop_test(tc, fn, 0, NROWS(rows))

/*
 * Every case twice: as login-cgi and explain decide (the store for every
 * user) and as authz-fcgi does (users from its cache while the generation
 * stays), so the cache can never decide differently.
 */
static void
decide_tcases(Suite *s, const char *suffix, void (*setup)(void))
{
	TCase	*tc;
	char	 name[64];

	snprintf(name, sizeof(name), "catalogue%s", suffix);
	tc = tcase_create(name);
	tcase_add_checked_fixture(tc, setup, fx_teardown);
	tcase_set_timeout(tc, 30);
	ADD_ROWS(tc, test_decide_H01_H02_admin_prefix_ends_on_a_segment_boundary,
	    h01_rows);
	ADD_ROWS(tc, test_decide_H04_encoded_dot_segments_reach_A2_and_deny_alice,
	    h04_rows);
	ADD_ROWS(tc, test_decide_H05_encoded_slashes_are_refused_never_allowed,
	    h05_rows);
	ADD_ROWS(tc, test_decide_H07_case_folded_prefix_still_reaches_A2,
	    h07_rows);
	ADD_ROWS(tc, test_decide_H09_the_query_never_affects_matching, h09_rows);
	ADD_ROWS(tc, test_decide_H10_nul_and_control_bytes_are_refused,
	    h10_rows);
	ADD_ROWS(tc, test_decide_H12_backslashes_are_slashes, h12_rows);
	ADD_ROWS(tc, test_decide_H13_invalid_utf8_is_refused, h13_rows);
	ADD_ROWS(tc, test_decide_H15_H16_host_spellings_reach_the_same_app,
	    h15_rows);
	ADD_ROWS(tc, test_decide_H18_unknown_absent_or_empty_host_is_denied,
	    h18_rows);
	ADD_ROWS(tc, test_decide_H19_malformed_hosts_are_refused, h19_rows);
	ADD_ROWS(tc, test_decide_X_client_headers_never_change_the_decision,
	    x_rows);
	ADD_ROWS(tc,
	    test_decide_C_cookie_shapes_without_one_valid_session_log_in,
	    c_rows);
	tcase_add_loop_test(tc,
	    test_decide_C07_large_cookie_headers_go_to_the_login, 0, 3);
	ADD_ROWS(tc,
	    test_decide_Z_bindings_decide_for_each_user_and_application,
	    z_rows);
	ADD_ROWS(tc,
	    test_decide_R21_W07_the_login_url_carries_the_whole_url_encoded,
	    r21_rows);
	ADD_ROWS(tc, test_decide_Q04_sql_shaped_hosts_and_paths_match_literally,
	    q04_rows);
	ADD_ROWS(tc,
	    test_decide_json_and_non_get_requests_get_401_without_location,
	    json_rows);
	ADD_ROWS(tc,
	    test_decide_P11_missing_or_malformed_parameters_are_refused,
	    p11_rows);
	ADD_ROWS(tc,
	    test_decide_unauthenticated_paths_match_the_normalized_path,
	    skip_rows);
	ADD_ROWS(tc,
	    test_decide_absolute_form_targets_must_name_the_request_host,
	    absform_rows);
	tcase_add_test(tc,
	    test_decide_D04_two_thousand_dot_dot_pairs_then_admin_deny_alice);
	ADD_ROWS(tc, test_decide_a_decision_other_than_allow_carries_no_identity,
	    noid_rows);
	suite_add_tcase(s, tc);

	snprintf(name, sizeof(name), "state%s", suffix);
	tc = tcase_create(name);
	tcase_add_checked_fixture(tc, setup, fx_teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_decide_explicit_consent_asks_until_consent_give);
	tcase_add_test(tc, test_decide_S06_absolute_expiry_ends_an_active_session);
	tcase_add_test(tc, test_decide_S06_idle_expiry_ends_an_unused_session);
	tcase_add_test(tc, test_decide_a_revoked_session_goes_to_the_login);
	tcase_add_test(tc,
	    test_decide_a_disabled_or_deleted_user_goes_to_the_login);
	tcase_add_test(tc,
	    test_decide_S10_a_removed_membership_applies_on_the_next_request);
	tcase_add_test(tc, test_decide_identity_follows_a_user_or_group_change);
	tcase_add_test(tc,
	    test_decide_single_mode_callback_exchanges_a_code_once);
	tcase_add_test(tc, test_decide_on_a_read_only_store_defers_every_write);
	tcase_add_loop_test(tc,
	    test_decide_single_mode_callback_rd_outside_the_host_falls_back_to_the_root,
	    0, NROWS(rd_rows));
	tcase_add_loop_test(tc,
	    test_decide_single_mode_callback_without_a_valid_code_is_denied, 0,
	    NROWS(badcode_rows));
	tcase_add_test(tc,
	    test_decide_single_mode_without_a_session_goes_to_the_login);
	tcase_add_test(tc,
	    test_decide_cfg_refresh_applies_a_new_binding_on_the_next_decision);
	tcase_add_test(tc, test_decide_cfg_load_refuses_an_unknown_outpost);
	tcase_add_test(tc, test_decide_status_maps_each_outcome);
	tcase_add_test(tc, test_decide_with_a_trace_decides_the_same);
	suite_add_tcase(s, tc);

	snprintf(name, sizeof(name), "fail_closed%s", suffix);
	tc = tcase_create(name);
	tcase_add_checked_fixture(tc, setup, fx_teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_decide_outcome_is_error_when_login_url_is_unset);
	tcase_add_test(tc,
	    test_decide_outcome_is_error_for_an_unsafe_identity_value);
	tcase_add_test(tc,
	    test_decide_outcome_is_error_for_a_group_name_with_a_comma);
	tcase_add_test(tc,
	    test_decide_outcome_is_error_when_the_store_is_locked_for_the_callback);
	tcase_add_test(tc,
	    test_decide_outcome_is_error_when_the_store_is_locked_for_an_expired_consent);
	tcase_add_test(tc,
	    test_decide_a_failed_idle_touch_leaves_the_allow_standing);
	suite_add_tcase(s, tc);
}

Suite *
suite_decide(void)
{
	Suite	*s = suite_create("decide");

	decide_tcases(s, "", fx_setup);
	decide_tcases(s, "_cached", fx_setup_cached);
	return s;
}
