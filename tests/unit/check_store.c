/* postern: tests of the store (lib/store*.c). */
/*
 * Every test starts from a fresh database in its own temporary directory.
 * The open and migration tests build their files themselves, at each
 * earlier schema version, or damaged on purpose (the header's
 * user_version is patched with pwrite, since nothing here may include
 * <sqlite3.h>).  Refusals are checked against a snapshot of every table's
 * row count and the generation, so "nothing changed" is tested, not
 * assumed.
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/time.h>

#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/store.h"
#include "tests.h"

/*
 * With -iquote lib, GCC's <limits.h> reaches lib/limits.h through its
 * #include_next and glibc's PATH_MAX never arrives.
 */
#ifndef PATH_MAX
#define PATH_MAX	4096
#endif

/* ------------------------------------------------------------ helpers */

static int64_t
gen(struct store *st)
{
	int64_t	g = -1;

	ck_assert_int_eq(store_generation(st, &g), PERR_OK);
	return g;
}

static void
fill(char *buf, size_t bufsz, size_t len)
{
	/* len == bufsz: every byte used, no NUL, one too many. */
	ck_assert_uint_le(len, bufsz);
	memset(buf, 'a', len);
	if (len < bufsz)
		buf[len] = '\0';
}

static int64_t
user_add(struct store *st, const char *name)
{
	struct user	u;

	memset(&u, 0, sizeof(u));
	strlcpy(u.name, name, sizeof(u.name));
	u.active = 1;
	u.created = u.changed = 1000;
	ck_assert_int_eq(store_user_add(st, &u), PERR_OK);
	ck_assert_int_gt(u.id, 0);
	return u.id;
}

static int64_t
group_add(struct store *st, const char *name)
{
	struct group	g;

	memset(&g, 0, sizeof(g));
	strlcpy(g.name, name, sizeof(g.name));
	ck_assert_int_eq(store_group_add(st, &g), PERR_OK);
	return g.id;
}

static int64_t
provider_add(struct store *st, const char *name)
{
	struct provider	p;

	memset(&p, 0, sizeof(p));
	strlcpy(p.name, name, sizeof(p.name));
	strlcpy(p.external, "https://app.example.org", sizeof(p.external));
	ck_assert_int_eq(store_provider_add(st, &p, NULL, 0), PERR_OK);
	return p.id;
}

static int64_t
app_add(struct store *st, const char *slug, int64_t provider)
{
	struct app	a;

	memset(&a, 0, sizeof(a));
	strlcpy(a.slug, slug, sizeof(a.slug));
	strlcpy(a.name, slug, sizeof(a.name));
	a.provider_id = provider;
	ck_assert_int_eq(store_app_add(st, &a), PERR_OK);
	return a.id;
}

static int64_t
outpost_add(struct store *st, const char *name)
{
	struct outpost	o;

	memset(&o, 0, sizeof(o));
	strlcpy(o.name, name, sizeof(o.name));
	ck_assert_int_eq(store_outpost_add(st, &o), PERR_OK);
	return o.id;
}

static int64_t
outpost_id(struct store *st, const char *name)
{
	struct outpost	o;

	ck_assert_int_eq(store_outpost_get(st, name, &o), PERR_OK);
	return o.id;
}

static int64_t
binding_add(struct store *st, int64_t app, int64_t user, int64_t group,
    int order)
{
	struct binding	b;

	memset(&b, 0, sizeof(b));
	b.app_id = app;
	b.user_id = user;
	b.group_id = group;
	b.order = order;
	b.enabled = 1;
	ck_assert_int_eq(store_binding_add(st, &b), PERR_OK);
	return b.id;
}

static void
hash_of(uint8_t hash[TOKEN_HASH_BYTES], int n)
{
	memset(hash, 0, TOKEN_HASH_BYTES);
	hash[0] = (uint8_t)n;
	hash[TOKEN_HASH_BYTES - 1] = 0xa5;
}

static int64_t
session_add(struct store *st, int64_t user, int n, int64_t created,
    int64_t expires, int64_t idle, int64_t seen)
{
	struct session	s;

	memset(&s, 0, sizeof(s));
	hash_of(s.hash, n);
	s.user_id = user;
	s.created = created;
	s.expires = expires;
	s.idle = idle;
	s.seen = seen;
	s.factors = FACTOR_PASSWORD;
	strlcpy(s.addr, "192.0.2.1", sizeof(s.addr));
	strlcpy(s.agent, "test/1.0", sizeof(s.agent));
	ck_assert_int_eq(store_session_add(st, &s), PERR_OK);
	return s.id;
}

static void
consent_put(struct store *st, int64_t user, int64_t app, int64_t given,
    int64_t expires)
{
	struct consent	c;

	memset(&c, 0, sizeof(c));
	c.user_id = user;
	c.app_id = app;
	c.given = given;
	c.expires = expires;
	ck_assert_int_eq(store_consent_put(st, &c), PERR_OK);
}

static void
event_add(struct store *st, int64_t at, const char *kind, const char *subject)
{
	struct event	ev;

	memset(&ev, 0, sizeof(ev));
	ev.at = at;
	strlcpy(ev.kind, kind, sizeof(ev.kind));
	strlcpy(ev.actor, "admin:root", sizeof(ev.actor));
	strlcpy(ev.subject, subject, sizeof(ev.subject));
	strlcpy(ev.detail, "detail", sizeof(ev.detail));
	ck_assert_int_eq(store_event_add(st, &ev), PERR_OK);
}

/* Counting callbacks: arg is an int64_t counter. */
static int
count_user(const struct user *u, void *arg)
{
	(*(int64_t *)arg)++;
	return 0;
}

static int
count_group(const struct group *g, void *arg)
{
	(*(int64_t *)arg)++;
	return 0;
}

static int
count_provider(const struct provider *p, void *arg)
{
	(*(int64_t *)arg)++;
	return 0;
}

static int
count_skip(const char *re, void *arg)
{
	(*(int64_t *)arg)++;
	return 0;
}

static int
count_app(const struct app *a, void *arg)
{
	(*(int64_t *)arg)++;
	return 0;
}

static int
count_outpost(const struct outpost *o, void *arg)
{
	(*(int64_t *)arg)++;
	return 0;
}

static int
count_binding(const struct binding *b, void *arg)
{
	(*(int64_t *)arg)++;
	return 0;
}

static int
count_session(const struct session *s, void *arg)
{
	(*(int64_t *)arg)++;
	return 0;
}

static int
count_consent(const struct consent *c, void *arg)
{
	(*(int64_t *)arg)++;
	return 0;
}

static int
count_ban(const struct ban *b, void *arg)
{
	(*(int64_t *)arg)++;
	return 0;
}

static int
count_event(const struct event *e, void *arg)
{
	(*(int64_t *)arg)++;
	return 0;
}

static int
count_setting(const char *k, const char *v, void *arg)
{
	(*(int64_t *)arg)++;
	return 0;
}

/* Row counts of every table the API can see, and the generation. */
struct snap {
	int64_t	gen;
	int64_t	users, groups, members, providers, skips, apps, outposts;
	int64_t	attached, bindings, sessions, consents, bans, events;
	int64_t	settings, failures;
};

static void
snap(struct store *st, struct snap *s)
{
	struct group	 g;
	struct provider	 p;
	struct outpost	 o;
	int64_t		 n;

	memset(s, 0, sizeof(*s));
	s->gen = gen(st);
	ck_assert_int_eq(store_user_list(st, count_user, &s->users), PERR_OK);
	ck_assert_int_eq(store_group_list(st, count_group, &s->groups),
	    PERR_OK);
	if (store_group_get(st, "staff", &g) == PERR_OK)
		ck_assert_int_eq(store_group_members(st, g.id, count_user,
		    &s->members), PERR_OK);
	ck_assert_int_eq(store_provider_list(st, count_provider,
	    &s->providers), PERR_OK);
	if (store_provider_get(st, "web", &p) == PERR_OK)
		ck_assert_int_eq(store_provider_skips(st, p.id, count_skip,
		    &s->skips), PERR_OK);
	ck_assert_int_eq(store_app_list(st, count_app, &s->apps), PERR_OK);
	ck_assert_int_eq(store_outpost_list(st, count_outpost, &s->outposts),
	    PERR_OK);
	if (store_outpost_get(st, "embedded", &o) == PERR_OK)
		ck_assert_int_eq(store_outpost_apps(st, o.id, count_app,
		    &s->attached), PERR_OK);
	ck_assert_int_eq(store_binding_list(st, 0, count_binding,
	    &s->bindings), PERR_OK);
	ck_assert_int_eq(store_session_list(st, 0, count_session,
	    &s->sessions), PERR_OK);
	ck_assert_int_eq(store_consent_list(st, 0, count_consent,
	    &s->consents), PERR_OK);
	ck_assert_int_eq(store_ban_list(st, 0, count_ban, &s->bans), PERR_OK);
	ck_assert_int_eq(store_event_list(st, 0, NULL, count_event,
	    &s->events), PERR_OK);
	ck_assert_int_eq(store_setting_list(st, count_setting, &s->settings),
	    PERR_OK);
	ck_assert_int_eq(store_failure_count(st, BAN_USER, "mallory", 0, &n),
	    PERR_OK);
	s->failures = n;
}

static void
snap_eq(const struct snap *a, const struct snap *b)
{
	ck_assert_int_eq(a->gen, b->gen);
	ck_assert_int_eq(a->users, b->users);
	ck_assert_int_eq(a->groups, b->groups);
	ck_assert_int_eq(a->members, b->members);
	ck_assert_int_eq(a->providers, b->providers);
	ck_assert_int_eq(a->skips, b->skips);
	ck_assert_int_eq(a->apps, b->apps);
	ck_assert_int_eq(a->outposts, b->outposts);
	ck_assert_int_eq(a->attached, b->attached);
	ck_assert_int_eq(a->bindings, b->bindings);
	ck_assert_int_eq(a->sessions, b->sessions);
	ck_assert_int_eq(a->consents, b->consents);
	ck_assert_int_eq(a->bans, b->bans);
	ck_assert_int_eq(a->events, b->events);
	ck_assert_int_eq(a->settings, b->settings);
	ck_assert_int_eq(a->failures, b->failures);
}

/*
 * A populated store: alice (in staff) and bob, provider web with two
 * skip regexes, spare (unused), app wiki on web attached to embedded,
 * outpost edge, a binding, a session, a consent, a failure and a ban on
 * mallory, an event, a setting.
 */
struct seed {
	int64_t	alice, bob, staff, web, spare, wiki, embedded, edge;
	int64_t	binding, session;
};

static struct store	*st;
static char		 st_path[PATH_MAX];
static struct seed	 sd;

static void
setup(void)
{
	const char *const skips[] = { "^/static/", "^/health$" };
	struct provider	 p;
	struct ban	 b;

	st = fixture_open(st_path);
	memset(&sd, 0, sizeof(sd));
	sd.alice = user_add(st, "alice");
	sd.bob = user_add(st, "bob");
	sd.staff = group_add(st, "staff");
	ck_assert_int_eq(store_member_add(st, sd.staff, sd.alice), PERR_OK);
	memset(&p, 0, sizeof(p));
	strlcpy(p.name, "web", sizeof(p.name));
	strlcpy(p.external, "https://wiki.example.org", sizeof(p.external));
	ck_assert_int_eq(store_provider_add(st, &p, skips, 2), PERR_OK);
	sd.web = p.id;
	sd.spare = provider_add(st, "spare");
	sd.wiki = app_add(st, "wiki", sd.web);
	sd.embedded = outpost_id(st, "embedded");
	ck_assert_int_eq(store_outpost_attach(st, sd.embedded, sd.wiki),
	    PERR_OK);
	sd.edge = outpost_add(st, "edge");
	sd.binding = binding_add(st, sd.wiki, 0, sd.staff, 0);
	sd.session = session_add(st, sd.alice, 1, 1000, 5000, 600, 1000);
	consent_put(st, sd.alice, sd.wiki, 1000, 0);
	ck_assert_int_eq(store_failure_add(st, BAN_USER, "mallory", 1000),
	    PERR_OK);
	memset(&b, 0, sizeof(b));
	b.kind = BAN_USER;
	strlcpy(b.key, "mallory", sizeof(b.key));
	b.until = 2000;
	b.level = 1;
	ck_assert_int_eq(store_ban_put(st, &b), PERR_OK);
	event_add(st, 1000, "user.add", "alice");
	ck_assert_int_eq(store_setting_set(st, "login.url",
	    "https://login.example.org/"), PERR_OK);
}

static void
teardown(void)
{
	fixture_close(st);
	st = NULL;
}

/* A directory and a database path in it, for tests that open files. */
static void
tmp_db(char *dir, size_t dirsz, char *path, size_t pathsz)
{
	fixture_tmpdir(dir, dirsz);
	ck_assert_int_lt(snprintf(path, pathsz, "%s/postern.db", dir),
	    (int)pathsz);
}

/* Write the big-endian PRAGMA user_version field of a closed database. */
static void
patch_user_version(const char *path, uint32_t v)
{
	unsigned char	b[4];
	int		fd;

	b[0] = v >> 24;
	b[1] = v >> 16;
	b[2] = v >> 8;
	b[3] = v;
	ck_assert_int_ne(fd = open(path, O_RDWR), -1);
	ck_assert_int_eq(pwrite(fd, b, sizeof(b), 60), (ssize_t)sizeof(b));
	close(fd);
}

static void
write_file(const char *path, const void *buf, size_t len)
{
	int	fd;

	ck_assert_int_ne(fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600),
	    -1);
	ck_assert_int_eq(write(fd, buf, len), (ssize_t)len);
	close(fd);
}

/* ------------------------------------------------- open and migrations */

START_TEST(test_store_open_creates_a_fresh_database_at_the_current_version)
{
	struct store	*s = NULL;
	char		 dir[PATH_MAX], path[PATH_MAX];
	int		 v = -1;

	tmp_db(dir, sizeof(dir), path, sizeof(path));
	ck_assert_int_eq(store_open(&s, path, STORE_MIGRATE), PERR_OK);
	ck_assert_ptr_nonnull(s);
	ck_assert_int_eq(store_version(s, &v), PERR_OK);
	ck_assert_int_eq(v, STORE_SCHEMA_VERSION);
	ck_assert_int_eq(gen(s), 1);
	ck_assert_int_eq(store_check(s), PERR_OK);
	/* The default outpost comes with the schema. */
	ck_assert_int_gt(outpost_id(s, "embedded"), 0);
	store_close(s);

	/* Opening it again needs no migration. */
	ck_assert_int_eq(store_open(&s, path, 0), PERR_OK);
	store_close(s);
	fixture_rmdir(dir);
}
END_TEST

START_TEST(test_store_open_creates_the_file_readable_only_by_its_owner)
{
	struct store	*s = NULL;
	struct stat	 sb;
	char		 dir[PATH_MAX], path[PATH_MAX], wal[PATH_MAX + 8];
	mode_t		 old;

	tmp_db(dir, sizeof(dir), path, sizeof(path));
	old = umask(022);
	ck_assert_int_eq(store_open(&s, path, STORE_MIGRATE), PERR_OK);
	umask(old);
	ck_assert_int_eq(stat(path, &sb), 0);
	ck_assert_int_eq(sb.st_mode & 0777, 0600);
	snprintf(wal, sizeof(wal), "%s-wal", path);
	ck_assert_int_eq(stat(wal, &sb), 0);	/* WAL mode is on */
	ck_assert_int_eq(sb.st_mode & 0777, 0600);
	store_close(s);
	fixture_rmdir(dir);
}
END_TEST

START_TEST(test_store_open_upgrades_each_earlier_version_keeping_its_data)
{
	struct store	*s = NULL;
	struct user	 u;
	struct group	 g;
	struct provider	 p;
	char		 dir[PATH_MAX], path[PATH_MAX], buf[64];
	int		 from = _i, v = -1;
	int64_t		 g0 = 0;

	tmp_db(dir, sizeof(dir), path, sizeof(path));
	ck_assert_int_eq(store_open_at(&s, path, from), PERR_OK);
	ck_assert_int_eq(store_version(s, &v), PERR_OK);
	ck_assert_int_eq(v, from);
	/* Data of migration 1: the configuration tables. */
	if (from >= 1) {
		user_add(s, "alice");
		ck_assert_int_eq(store_member_add(s, group_add(s, "staff"),
		    1), PERR_OK);
		provider_add(s, "web");
		ck_assert_int_eq(store_setting_set(s, "login.url", "https://x/"),
		    PERR_OK);
		g0 = gen(s);
	}
	store_close(s);

	ck_assert_int_eq(store_open(&s, path, STORE_MIGRATE), PERR_OK);
	ck_assert_int_eq(store_version(s, &v), PERR_OK);
	ck_assert_int_eq(v, STORE_SCHEMA_VERSION);
	ck_assert_int_eq(store_check(s), PERR_OK);
	if (from >= 1) {
		ck_assert_int_eq(store_user_get(s, "alice", &u), PERR_OK);
		ck_assert_int_eq(u.active, 1);
		ck_assert_int_eq(u.totp, 0);
		ck_assert_int_eq(store_group_get(s, "staff", &g), PERR_OK);
		ck_assert_int_eq(g.members, 1);
		ck_assert_int_eq(store_provider_get(s, "web", &p), PERR_OK);
		ck_assert_int_eq(store_setting_get(s, "login.url", buf,
		    sizeof(buf)), PERR_OK);
		ck_assert_str_eq(buf, "https://x/");
		ck_assert_int_eq(gen(s), g0);
	}
	/* And the new tables work. */
	if (from < 1)
		user_add(s, "alice");
	ck_assert_int_eq(store_user_get(s, "alice", &u), PERR_OK);
	session_add(s, u.id, 7, 1, 2, 0, 1);
	store_close(s);
	fixture_rmdir(dir);
}
END_TEST

START_TEST(test_store_open_refuses_an_older_database_without_migrate)
{
	struct store	*s = NULL;
	char		 dir[PATH_MAX], path[PATH_MAX];
	int		 v = -1;

	tmp_db(dir, sizeof(dir), path, sizeof(path));
	ck_assert_int_eq(store_open_at(&s, path, _i), PERR_OK);
	store_close(s);
	s = (struct store *)1;
	ck_assert_int_eq(store_open(&s, path, 0), PERR_VERSION);
	ck_assert_ptr_null(s);
	ck_assert_int_eq(store_open(&s, path, STORE_READONLY), PERR_VERSION);
	ck_assert_ptr_null(s);
	/* Refusing did not touch it. */
	ck_assert_int_eq(store_open_at(&s, path, _i), PERR_OK);
	ck_assert_int_eq(store_version(s, &v), PERR_OK);
	ck_assert_int_eq(v, _i);
	store_close(s);
	fixture_rmdir(dir);
}
END_TEST

static const int newer_flags[] = { 0, STORE_MIGRATE, STORE_READONLY };

START_TEST(test_store_open_refuses_a_newer_database)
{
	struct store	*s = NULL;
	char		 dir[PATH_MAX], path[PATH_MAX];

	tmp_db(dir, sizeof(dir), path, sizeof(path));
	ck_assert_int_eq(store_open(&s, path, STORE_MIGRATE), PERR_OK);
	store_close(s);
	patch_user_version(path, STORE_SCHEMA_VERSION + 1);
	s = (struct store *)1;
	ck_assert_int_eq(store_open(&s, path, newer_flags[_i]), PERR_VERSION);
	ck_assert_ptr_null(s);
	ck_assert_int_eq(store_open_at(&s, path, STORE_SCHEMA_VERSION),
	    PERR_VERSION);
	ck_assert_ptr_null(s);
	fixture_rmdir(dir);
}
END_TEST

static const struct garbage {
	const char	*bytes;
	size_t		 len;
} garbage[] = {
	{ "this is a text file, not a database\n", 36 },
	{ NULL, 4096 },				/* 4 KiB of zero bytes */
	{ "SQLite format 3", 16 },		/* a header and nothing */
	{ "SQLite format 2\0", 16 },
	{ "\x7f" "ELF\x02\x01\x01", 7 },
};

START_TEST(test_store_open_refuses_a_file_that_is_not_a_database)
{
	const struct garbage	*g = &garbage[_i];
	struct store		*s = NULL;
	char			 dir[PATH_MAX], path[PATH_MAX];
	char			*zero = NULL;
	int			 flags;

	tmp_db(dir, sizeof(dir), path, sizeof(path));
	if (g->bytes == NULL) {
		ck_assert_ptr_nonnull(zero = calloc(1, g->len));
		write_file(path, zero, g->len);
		free(zero);
	} else
		write_file(path, g->bytes, g->len);
	for (flags = 0; flags <= STORE_MIGRATE; flags += STORE_MIGRATE) {
		s = (struct store *)1;
		ck_assert_int_eq(store_open(&s, path, flags), PERR_STORE);
		ck_assert_ptr_null(s);
	}
	fixture_rmdir(dir);
}
END_TEST

START_TEST(test_store_open_refuses_a_missing_file_without_migrate)
{
	struct store	*s = NULL;
	struct stat	 sb;
	char		 dir[PATH_MAX], path[PATH_MAX];

	tmp_db(dir, sizeof(dir), path, sizeof(path));
	s = (struct store *)1;
	ck_assert_int_eq(store_open(&s, path, 0), PERR_STORE);
	ck_assert_ptr_null(s);
	ck_assert_int_eq(store_open(&s, path, STORE_READONLY), PERR_STORE);
	ck_assert_int_eq(stat(path, &sb), -1);	/* not created */
	/* A directory is no database either. */
	ck_assert_int_eq(store_open(&s, dir, 0), PERR_STORE);
	ck_assert_int_eq(store_open(&s, dir, STORE_MIGRATE), PERR_STORE);
	fixture_rmdir(dir);
}
END_TEST

START_TEST(test_store_open_refuses_bad_arguments)
{
	struct store	*s = NULL;
	char		 dir[PATH_MAX], path[PATH_MAX];
	struct stat	 sb;

	tmp_db(dir, sizeof(dir), path, sizeof(path));
	ck_assert_int_eq(store_open(&s, path, STORE_MIGRATE | STORE_READONLY),
	    PERR_INVAL);
	ck_assert_int_eq(store_open(&s, path, 0x80), PERR_INVAL);
	ck_assert_int_eq(store_open(&s, "", STORE_MIGRATE), PERR_INVAL);
	ck_assert_int_eq(store_open_at(&s, path, -1), PERR_INVAL);
	ck_assert_int_eq(store_open_at(&s, path, STORE_SCHEMA_VERSION + 1),
	    PERR_INVAL);
	ck_assert_ptr_null(s);
	ck_assert_int_eq(stat(path, &sb), -1);
	fixture_rmdir(dir);
}
END_TEST

START_TEST(test_store_open_refuses_tables_without_a_schema_version)
{
	struct store	*s = NULL;
	char		 dir[PATH_MAX], path[PATH_MAX];

	/* Another program's SQLite file: tables, user_version 0. */
	tmp_db(dir, sizeof(dir), path, sizeof(path));
	ck_assert_int_eq(store_open_at(&s, path, 1), PERR_OK);
	store_close(s);
	patch_user_version(path, 0);
	ck_assert_int_eq(store_open(&s, path, STORE_MIGRATE), PERR_STORE);
	ck_assert_ptr_null(s);
	fixture_rmdir(dir);
}
END_TEST

START_TEST(test_store_open_at_refuses_a_database_past_the_version)
{
	struct store	*s = NULL;
	char		 dir[PATH_MAX], path[PATH_MAX];
	int		 v;

	tmp_db(dir, sizeof(dir), path, sizeof(path));
	ck_assert_int_eq(store_open(&s, path, STORE_MIGRATE), PERR_OK);
	store_close(s);
	ck_assert_int_eq(store_open_at(&s, path, STORE_SCHEMA_VERSION - 1),
	    PERR_VERSION);
	ck_assert_ptr_null(s);
	ck_assert_int_eq(store_open_at(&s, path, STORE_SCHEMA_VERSION),
	    PERR_OK);
	ck_assert_int_eq(store_migrate_to(s, STORE_SCHEMA_VERSION + 1),
	    PERR_INVAL);
	ck_assert_int_eq(store_migrate_to(s, 0), PERR_VERSION);
	ck_assert_int_eq(store_version(s, &v), PERR_OK);
	ck_assert_int_eq(v, STORE_SCHEMA_VERSION);
	store_close(s);
	fixture_rmdir(dir);
}
END_TEST

START_TEST(test_store_migrate_to_applies_one_version_at_a_time)
{
	struct store	*s = NULL;
	char		 dir[PATH_MAX], path[PATH_MAX];
	int		 v, t;

	tmp_db(dir, sizeof(dir), path, sizeof(path));
	ck_assert_int_eq(store_open_at(&s, path, 0), PERR_OK);
	for (t = 0; t <= STORE_SCHEMA_VERSION; t++) {
		ck_assert_int_eq(store_migrate_to(s, t), PERR_OK);
		ck_assert_int_eq(store_version(s, &v), PERR_OK);
		ck_assert_int_eq(v, t);
	}
	ck_assert_int_eq(store_check(s), PERR_OK);
	store_close(s);
	fixture_rmdir(dir);
}
END_TEST

START_TEST(test_store_open_readonly_reads_but_refuses_writes)
{
	struct store	*ro = NULL;
	struct user	 u;

	ck_assert_int_eq(store_open(&ro, st_path, STORE_READONLY), PERR_OK);
	ck_assert_int_eq(store_user_get(ro, "alice", &u), PERR_OK);
	ck_assert_int_eq(gen(ro), gen(st));
	memset(&u, 0, sizeof(u));
	strlcpy(u.name, "carol", sizeof(u.name));
	u.active = 1;
	ck_assert_int_eq(store_user_add(ro, &u), PERR_STORE);
	ck_assert_int_eq(store_user_get(st, "carol", &u), PERR_NOTFOUND);
	/* The failed write left no transaction open. */
	ck_assert_int_eq(store_user_get(ro, "bob", &u), PERR_OK);
	store_close(ro);
}
END_TEST

/* A user named name, added to a store opened at path, which is closed. */
static void
shm_add_user(const char *path, const char *name)
{
	struct store	*w = NULL;
	struct user	 u;

	ck_assert_int_eq(store_open(&w, path, STORE_MIGRATE), PERR_OK);
	memset(&u, 0, sizeof(u));
	strlcpy(u.name, name, sizeof(u.name));
	u.active = 1;
	ck_assert_int_eq(store_user_add(w, &u), PERR_OK);
	store_close(w);
}

START_TEST(test_store_open_shmread_reads_beside_a_writer)
{
	struct store	*ro = NULL;
	struct user	 u;

	ck_assert_int_eq(store_open(&ro, st_path, STORE_READONLY |
	    STORE_SHMREAD), PERR_OK);
	ck_assert(store_readonly(ro));
	ck_assert(!store_readonly(st));
	ck_assert_int_eq(store_user_get(ro, "alice", &u), PERR_OK);
	memset(&u, 0, sizeof(u));
	strlcpy(u.name, "carol", sizeof(u.name));
	u.active = 1;
	ck_assert_int_eq(store_user_add(ro, &u), PERR_STORE);
	/* What the writer commits, the reader's next read sees. */
	ck_assert_int_eq(store_user_add(st, &u), PERR_OK);
	ck_assert_int_eq(store_user_get(ro, "carol", &u), PERR_OK);
	store_close(ro);
}
END_TEST

/*
 * Alone: the store closed by its last writer (its -wal and -shm kept), a
 * directory whose name a URI would misread, and the same without the two
 * files (a plain read-only open).
 */
START_TEST(test_store_open_shmread_reads_alone_and_without_the_index)
{
	struct store	*ro = NULL;
	struct user	 u;
	struct stat	 sb, after;
	char		 dir[PATH_MAX], sub[PATH_MAX], path[PATH_MAX];
	char		 side[PATH_MAX + 8];

	fixture_tmpdir(dir, sizeof(dir));
	ck_assert_int_lt(snprintf(sub, sizeof(sub), "%s/a?b#c%%41 d", dir),
	    (int)sizeof(sub));
	ck_assert_int_eq(mkdir(sub, 0700), 0);
	ck_assert_int_lt(snprintf(path, sizeof(path), "%s/postern.db", sub),
	    (int)sizeof(path));
	shm_add_user(path, "alice");
	snprintf(side, sizeof(side), "%s-shm", path);
	ck_assert_int_eq(stat(side, &sb), 0);
	ck_assert_int_eq(store_open(&ro, path, STORE_READONLY | STORE_SHMREAD),
	    PERR_OK);
	ck_assert_int_eq(store_user_get(ro, "alice", &u), PERR_OK);
	store_close(ro);
	/* The index was read as it was: not truncated, not rewritten. */
	ck_assert_int_eq(stat(side, &after), 0);
	ck_assert_int_eq(after.st_size, sb.st_size);
	ck_assert_int_eq(after.st_mtim.tv_sec, sb.st_mtim.tv_sec);
	ck_assert_int_eq(after.st_mtim.tv_nsec, sb.st_mtim.tv_nsec);
	/* A writer that came and went in between is seen by the next open. */
	shm_add_user(path, "bob");
	ck_assert_int_eq(store_open(&ro, path, STORE_READONLY | STORE_SHMREAD),
	    PERR_OK);
	ck_assert_int_eq(store_user_get(ro, "bob", &u), PERR_OK);
	store_close(ro);
	/* Nothing beside it to map: opened as any read-only store. */
	ck_assert_int_eq(unlink(side), 0);
	snprintf(side, sizeof(side), "%s-wal", path);
	ck_assert_int_eq(unlink(side), 0);
	ck_assert_int_eq(store_open(&ro, path, STORE_READONLY | STORE_SHMREAD),
	    PERR_OK);
	ck_assert_int_eq(store_user_get(ro, "bob", &u), PERR_OK);
	store_close(ro);
	/* Only with STORE_READONLY. */
	ck_assert_int_eq(store_open(&ro, path, STORE_SHMREAD), PERR_INVAL);
	ck_assert_ptr_null(ro);
	fixture_rmdir(sub);
	fixture_rmdir(dir);
}
END_TEST

START_TEST(test_store_write_gives_up_with_busy_when_another_holds_the_lock)
{
	struct store	*other = NULL;
	struct timeval	 t0, t1;
	struct user	 u;
	double		 secs;

	ck_assert_int_eq(store_open(&other, st_path, 0), PERR_OK);
	ck_assert_int_eq(store_begin(st), PERR_OK);
	user_add(st, "carol");
	/* Readers are not blocked by a writer (WAL). */
	ck_assert_int_eq(store_user_get(other, "alice", &u), PERR_OK);
	memset(&u, 0, sizeof(u));
	strlcpy(u.name, "dave", sizeof(u.name));
	u.active = 1;
	gettimeofday(&t0, NULL);
	ck_assert_int_eq(store_user_add(other, &u), PERR_BUSY);
	gettimeofday(&t1, NULL);
	secs = (t1.tv_sec - t0.tv_sec) + (t1.tv_usec - t0.tv_usec) / 1e6;
	ck_assert(secs >= 4.0 && secs < 15.0);
	ck_assert_int_eq(store_commit(st), PERR_OK);
	/* Once the lock is gone the other connection writes again. */
	ck_assert_int_eq(store_user_add(other, &u), PERR_OK);
	ck_assert_int_eq(store_user_get(st, "carol", &u), PERR_OK);
	store_close(other);
}
END_TEST

START_TEST(test_store_check_passes_on_a_populated_database)
{
	ck_assert_int_eq(store_check(st), PERR_OK);
}
END_TEST

/* -------------------------------------------------------- transactions */

START_TEST(test_store_rollback_after_a_failed_change_leaves_the_store_unchanged)
{
	struct snap	 a, b;
	struct group	 g;
	struct user	 u;

	snap(st, &a);
	ck_assert_int_eq(store_begin(st), PERR_OK);
	user_add(st, "carol");
	ck_assert_int_eq(store_user_del(st, sd.bob), PERR_OK);
	memset(&g, 0, sizeof(g));
	strlcpy(g.name, "staff", sizeof(g.name));
	ck_assert_int_eq(store_group_add(st, &g), PERR_EXISTS);
	store_rollback(st);
	snap(st, &b);
	snap_eq(&a, &b);
	ck_assert_int_eq(store_user_get(st, "carol", &u), PERR_NOTFOUND);
	ck_assert_int_eq(store_user_get(st, "bob", &u), PERR_OK);
}
END_TEST

START_TEST(test_store_transactions_nest)
{
	struct snap	 a, b;
	struct user	 u;
	int64_t		 g0 = gen(st);

	snap(st, &a);
	ck_assert_int_eq(store_begin(st), PERR_OK);
	ck_assert_int_eq(store_begin(st), PERR_OK);
	user_add(st, "carol");
	ck_assert_int_eq(store_commit(st), PERR_OK);	/* inner */
	store_rollback(st);				/* outer */
	snap(st, &b);
	snap_eq(&a, &b);

	ck_assert_int_eq(store_begin(st), PERR_OK);
	ck_assert_int_eq(store_begin(st), PERR_OK);
	user_add(st, "carol");
	store_rollback(st);				/* inner */
	user_add(st, "dave");
	ck_assert_int_eq(store_commit(st), PERR_OK);	/* outer */
	ck_assert_int_eq(store_user_get(st, "carol", &u), PERR_NOTFOUND);
	ck_assert_int_eq(store_user_get(st, "dave", &u), PERR_OK);
	ck_assert_int_eq(gen(st), g0 + 1);
}
END_TEST

START_TEST(test_store_failed_change_inside_a_transaction_keeps_earlier_ones)
{
	struct user	 u;
	int64_t		 g0 = gen(st);

	ck_assert_int_eq(store_begin(st), PERR_OK);
	user_add(st, "carol");
	memset(&u, 0, sizeof(u));
	strlcpy(u.name, "alice", sizeof(u.name));
	u.active = 1;
	ck_assert_int_eq(store_user_add(st, &u), PERR_EXISTS);
	ck_assert_int_eq(store_commit(st), PERR_OK);
	ck_assert_int_eq(store_user_get(st, "carol", &u), PERR_OK);
	ck_assert_int_eq(gen(st), g0 + 1);
}
END_TEST

START_TEST(test_store_commit_without_begin_fails)
{
	ck_assert_int_eq(store_commit(st), PERR_STORE);
	store_rollback(st);	/* harmless */
	user_add(st, "carol");
}
END_TEST

/* ---------------------------------------------------------- generation */

typedef enum perr (*change_fn)(void);

static enum perr
chg_user_add(void)
{
	struct user	u;

	memset(&u, 0, sizeof(u));
	strlcpy(u.name, "carol", sizeof(u.name));
	u.active = 1;
	return store_user_add(st, &u);
}

static enum perr
chg_user_update(void)
{
	struct user	u;
	enum perr	e;

	if ((e = store_user_get_id(st, sd.alice, &u)) != PERR_OK)
		return e;
	strlcpy(u.display, "Alice", sizeof(u.display));
	return store_user_update(st, &u);
}

static enum perr
chg_user_del(void)
{
	return store_user_del(st, sd.bob);
}

static enum perr
chg_group_add(void)
{
	struct group	g;

	memset(&g, 0, sizeof(g));
	strlcpy(g.name, "ops", sizeof(g.name));
	return store_group_add(st, &g);
}

static enum perr
chg_group_del(void)
{
	return store_group_del(st, sd.staff);
}

static enum perr
chg_member_add(void)
{
	return store_member_add(st, sd.staff, sd.bob);
}

static enum perr
chg_member_del(void)
{
	return store_member_del(st, sd.staff, sd.alice);
}

static enum perr
chg_provider_add(void)
{
	struct provider	p;

	memset(&p, 0, sizeof(p));
	strlcpy(p.name, "mail", sizeof(p.name));
	strlcpy(p.external, "https://mail.example.org", sizeof(p.external));
	return store_provider_add(st, &p, NULL, 0);
}

static enum perr
chg_provider_update(void)
{
	const char *const skip[] = { "^/a" };
	struct provider	p;
	enum perr	e;

	if ((e = store_provider_get_id(st, sd.web, &p)) != PERR_OK)
		return e;
	p.flow = FLOW_EXPLICIT;
	return store_provider_update(st, &p, skip, 1);
}

static enum perr
chg_provider_del(void)
{
	return store_provider_del(st, sd.spare);
}

static enum perr
chg_app_add(void)
{
	struct app	a;

	memset(&a, 0, sizeof(a));
	strlcpy(a.slug, "blog", sizeof(a.slug));
	a.provider_id = sd.spare;
	return store_app_add(st, &a);
}

static enum perr
chg_app_update(void)
{
	struct app	a;
	enum perr	e;

	if ((e = store_app_get_id(st, sd.wiki, &a)) != PERR_OK)
		return e;
	a.policy = POLICY_ALL;
	return store_app_update(st, &a);
}

static enum perr
chg_app_del(void)
{
	return store_app_del(st, sd.wiki);
}

static enum perr
chg_outpost_add(void)
{
	struct outpost	o;

	memset(&o, 0, sizeof(o));
	strlcpy(o.name, "dmz", sizeof(o.name));
	return store_outpost_add(st, &o);
}

static enum perr
chg_outpost_del(void)
{
	return store_outpost_del(st, sd.edge);
}

static enum perr
chg_outpost_attach(void)
{
	return store_outpost_attach(st, sd.edge, sd.wiki);
}

static enum perr
chg_outpost_detach(void)
{
	return store_outpost_detach(st, sd.embedded, sd.wiki);
}

static enum perr
chg_binding_add(void)
{
	struct binding	b;

	memset(&b, 0, sizeof(b));
	b.app_id = sd.wiki;
	b.user_id = sd.bob;
	b.enabled = 1;
	return store_binding_add(st, &b);
}

static enum perr
chg_binding_del(void)
{
	return store_binding_del(st, sd.binding);
}

static enum perr
chg_setting_set(void)
{
	return store_setting_set(st, "session.idle", "15m");
}

static enum perr
chg_setting_replace(void)
{
	return store_setting_set(st, "login.url", "https://other/");
}

static enum perr
chg_setting_unset(void)
{
	return store_setting_unset(st, "login.url");
}

static const change_fn config_changes[] = {
	chg_user_add, chg_user_update, chg_user_del, chg_group_add,
	chg_group_del, chg_member_add, chg_member_del, chg_provider_add,
	chg_provider_update, chg_provider_del, chg_app_add, chg_app_update,
	chg_app_del, chg_outpost_add, chg_outpost_del, chg_outpost_attach,
	chg_outpost_detach, chg_binding_add, chg_binding_del, chg_setting_set,
	chg_setting_replace, chg_setting_unset,
};

START_TEST(test_store_generation_is_bumped_by_every_config_change)
{
	int64_t	g0 = gen(st);

	ck_assert_int_eq(config_changes[_i](), PERR_OK);
	ck_assert_int_eq(gen(st), g0 + 1);
}
END_TEST

static enum perr
state_session_add(void)
{
	session_add(st, sd.bob, 9, 1000, 5000, 0, 1000);
	return PERR_OK;
}

static enum perr
state_session_touch(void)
{
	return store_session_touch(st, sd.session, 1200);
}

static enum perr
state_session_del(void)
{
	return store_session_del(st, sd.session);
}

static enum perr
state_session_del_user(void)
{
	return store_session_del_user(st, sd.alice, NULL);
}

static enum perr
state_consent_put(void)
{
	consent_put(st, sd.bob, sd.wiki, 1000, 9000);
	return PERR_OK;
}

static enum perr
state_consent_del(void)
{
	return store_consent_del(st, sd.alice, 0, NULL);
}

static enum perr
state_failure_add(void)
{
	return store_failure_add(st, BAN_ADDR, "192.0.2.7", 1000);
}

static enum perr
state_failure_clear(void)
{
	return store_failure_clear(st, BAN_USER, "mallory");
}

static enum perr
state_ban_put(void)
{
	struct ban	b;

	memset(&b, 0, sizeof(b));
	b.kind = BAN_ADDR;
	strlcpy(b.key, "192.0.2.7", sizeof(b.key));
	b.until = 9000;
	b.level = 2;
	return store_ban_put(st, &b);
}

static enum perr
state_ban_lift(void)
{
	return store_ban_lift(st, BAN_USER, "mallory");
}

static enum perr
state_event_add(void)
{
	event_add(st, 2000, "login.ok", "alice");
	return PERR_OK;
}

static enum perr
state_purge(void)
{
	return store_purge(st, 1000000, 1000000, NULL);
}

static const change_fn state_changes[] = {
	state_session_add, state_session_touch, state_session_del,
	state_session_del_user, state_consent_put, state_consent_del,
	state_failure_add, state_failure_clear, state_ban_put, state_ban_lift,
	state_event_add, state_purge,
};

START_TEST(test_store_generation_is_not_bumped_by_state_writes)
{
	int64_t	g0 = gen(st);

	ck_assert_int_eq(state_changes[_i](), PERR_OK);
	ck_assert_int_eq(gen(st), g0);
}
END_TEST

/* ------------------------------------------------------------ refusals */

struct refusal {
	change_fn	 fn;
	enum perr	 want;
};

static enum perr
dup_user(void)
{
	struct user	u;

	memset(&u, 0, sizeof(u));
	strlcpy(u.name, "alice", sizeof(u.name));
	u.active = 1;
	return store_user_add(st, &u);
}

static enum perr
dup_group(void)
{
	struct group	g;

	memset(&g, 0, sizeof(g));
	strlcpy(g.name, "staff", sizeof(g.name));
	return store_group_add(st, &g);
}

static enum perr
dup_provider(void)
{
	const char *const skip[] = { "^/x" };
	struct provider	p;

	memset(&p, 0, sizeof(p));
	strlcpy(p.name, "web", sizeof(p.name));
	return store_provider_add(st, &p, skip, 1);
}

static enum perr
dup_provider_rename(void)
{
	struct provider	p;
	enum perr	e;

	if ((e = store_provider_get_id(st, sd.spare, &p)) != PERR_OK)
		return e;
	strlcpy(p.name, "web", sizeof(p.name));
	return store_provider_update(st, &p, NULL, 0);
}

static enum perr
dup_app(void)
{
	struct app	a;

	memset(&a, 0, sizeof(a));
	strlcpy(a.slug, "wiki", sizeof(a.slug));
	a.provider_id = sd.spare;
	return store_app_add(st, &a);
}

static enum perr
dup_outpost(void)
{
	struct outpost	o;

	memset(&o, 0, sizeof(o));
	strlcpy(o.name, "embedded", sizeof(o.name));
	return store_outpost_add(st, &o);
}

static enum perr
dup_member(void)
{
	return store_member_add(st, sd.staff, sd.alice);
}

static enum perr
dup_attach(void)
{
	return store_outpost_attach(st, sd.embedded, sd.wiki);
}

static enum perr
dup_session(void)
{
	struct session	s;

	memset(&s, 0, sizeof(s));
	hash_of(s.hash, 1);
	s.user_id = sd.bob;
	return store_session_add(st, &s);
}

static const struct refusal dups[] = {
	{ dup_user, PERR_EXISTS },
	{ dup_group, PERR_EXISTS },
	{ dup_provider, PERR_EXISTS },
	{ dup_provider_rename, PERR_EXISTS },
	{ dup_app, PERR_EXISTS },
	{ dup_outpost, PERR_EXISTS },
	{ dup_member, PERR_EXISTS },
	{ dup_attach, PERR_EXISTS },
	{ dup_session, PERR_EXISTS },
};

static void
check_refusal(const struct refusal *r)
{
	struct snap	a, b;

	snap(st, &a);
	ck_assert_int_eq(r->fn(), r->want);
	snap(st, &b);
	snap_eq(&a, &b);
}

START_TEST(test_store_refuses_duplicate_names_changing_nothing)
{
	check_refusal(&dups[_i]);
}
END_TEST

static enum perr
ref_app_provider(void)
{
	struct app	a;

	memset(&a, 0, sizeof(a));
	strlcpy(a.slug, "blog", sizeof(a.slug));
	a.provider_id = 9999;
	return store_app_add(st, &a);
}

static enum perr
ref_app_update_provider(void)
{
	struct app	a;
	enum perr	e;

	if ((e = store_app_get_id(st, sd.wiki, &a)) != PERR_OK)
		return e;
	a.provider_id = 9999;
	return store_app_update(st, &a);
}

static enum perr
ref_member_user(void)
{
	return store_member_add(st, sd.staff, 9999);
}

static enum perr
ref_member_group(void)
{
	return store_member_add(st, 9999, sd.bob);
}

static enum perr
ref_binding_app(void)
{
	struct binding	b;

	memset(&b, 0, sizeof(b));
	b.app_id = 9999;
	b.user_id = sd.bob;
	return store_binding_add(st, &b);
}

static enum perr
ref_binding_group(void)
{
	struct binding	b;

	memset(&b, 0, sizeof(b));
	b.app_id = sd.wiki;
	b.group_id = 9999;
	return store_binding_add(st, &b);
}

static enum perr
ref_session_user(void)
{
	struct session	s;

	memset(&s, 0, sizeof(s));
	hash_of(s.hash, 42);
	s.user_id = 9999;
	return store_session_add(st, &s);
}

static enum perr
ref_consent_app(void)
{
	struct consent	c;

	memset(&c, 0, sizeof(c));
	c.user_id = sd.bob;
	c.app_id = 9999;
	return store_consent_put(st, &c);
}

static enum perr
ref_attach_outpost(void)
{
	return store_outpost_attach(st, 9999, sd.wiki);
}

static enum perr
ref_user_update(void)
{
	struct user	u;

	memset(&u, 0, sizeof(u));
	u.id = 9999;
	u.active = 1;
	return store_user_update(st, &u);
}

static enum perr
ref_provider_update(void)
{
	struct provider	p;

	memset(&p, 0, sizeof(p));
	p.id = 9999;
	strlcpy(p.name, "ghost", sizeof(p.name));
	return store_provider_update(st, &p, NULL, 0);
}

static enum perr
ref_del_user(void)
{
	return store_user_del(st, 9999);
}

static enum perr
ref_del_group(void)
{
	return store_group_del(st, 9999);
}

static enum perr
ref_del_member(void)
{
	return store_member_del(st, sd.staff, sd.bob);
}

static enum perr
ref_del_provider(void)
{
	return store_provider_del(st, 9999);
}

static enum perr
ref_del_app(void)
{
	return store_app_del(st, 9999);
}

static enum perr
ref_del_outpost(void)
{
	return store_outpost_del(st, 9999);
}

static enum perr
ref_detach(void)
{
	return store_outpost_detach(st, sd.edge, sd.wiki);
}

static enum perr
ref_del_binding(void)
{
	return store_binding_del(st, 9999);
}

static enum perr
ref_del_session(void)
{
	return store_session_del(st, 9999);
}

static enum perr
ref_touch_session(void)
{
	return store_session_touch(st, 9999, 5);
}

static enum perr
ref_del_consent(void)
{
	return store_consent_del(st, sd.bob, sd.wiki, NULL);
}

static enum perr
ref_unset(void)
{
	return store_setting_unset(st, "no.such.key");
}

static enum perr
ref_ban_lift(void)
{
	/* No ban row: the failures stay too. */
	return store_ban_lift(st, BAN_ADDR, "mallory");
}

static const struct refusal missing[] = {
	{ ref_app_provider, PERR_NOTFOUND },
	{ ref_app_update_provider, PERR_NOTFOUND },
	{ ref_member_user, PERR_NOTFOUND },
	{ ref_member_group, PERR_NOTFOUND },
	{ ref_binding_app, PERR_NOTFOUND },
	{ ref_binding_group, PERR_NOTFOUND },
	{ ref_session_user, PERR_NOTFOUND },
	{ ref_consent_app, PERR_NOTFOUND },
	{ ref_attach_outpost, PERR_NOTFOUND },
	{ ref_user_update, PERR_NOTFOUND },
	{ ref_provider_update, PERR_NOTFOUND },
	{ ref_del_user, PERR_NOTFOUND },
	{ ref_del_group, PERR_NOTFOUND },
	{ ref_del_member, PERR_NOTFOUND },
	{ ref_del_provider, PERR_NOTFOUND },
	{ ref_del_app, PERR_NOTFOUND },
	{ ref_del_outpost, PERR_NOTFOUND },
	{ ref_detach, PERR_NOTFOUND },
	{ ref_del_binding, PERR_NOTFOUND },
	{ ref_del_session, PERR_NOTFOUND },
	{ ref_touch_session, PERR_NOTFOUND },
	{ ref_del_consent, PERR_NOTFOUND },
	{ ref_unset, PERR_NOTFOUND },
	{ ref_ban_lift, PERR_NOTFOUND },
};

START_TEST(test_store_refuses_references_to_missing_rows_changing_nothing)
{
	check_refusal(&missing[_i]);
}
END_TEST

static enum perr
bad_binding_both(void)
{
	struct binding	b;

	memset(&b, 0, sizeof(b));
	b.app_id = sd.wiki;
	b.user_id = sd.bob;
	b.group_id = sd.staff;
	return store_binding_add(st, &b);
}

static enum perr
bad_binding_neither(void)
{
	struct binding	b;

	memset(&b, 0, sizeof(b));
	b.app_id = sd.wiki;
	return store_binding_add(st, &b);
}

static enum perr
bad_binding_negate(void)
{
	struct binding	b;

	memset(&b, 0, sizeof(b));
	b.app_id = sd.wiki;
	b.user_id = sd.bob;
	b.negate = 2;
	return store_binding_add(st, &b);
}

static enum perr
bad_user_active(void)
{
	struct user	u;

	memset(&u, 0, sizeof(u));
	strlcpy(u.name, "carol", sizeof(u.name));
	u.active = 2;
	return store_user_add(st, &u);
}

static enum perr
bad_user_empty(void)
{
	struct user	u;

	memset(&u, 0, sizeof(u));
	u.active = 1;
	return store_user_add(st, &u);
}

static enum perr
bad_group_empty(void)
{
	struct group	g;

	memset(&g, 0, sizeof(g));
	return store_group_add(st, &g);
}

static enum perr
bad_provider_flow(void)
{
	struct provider	p;

	memset(&p, 0, sizeof(p));
	strlcpy(p.name, "mail", sizeof(p.name));
	p.flow = (enum flow)5;
	return store_provider_add(st, &p, NULL, 0);
}

static enum perr
bad_provider_consent_secs(void)
{
	struct provider	p;

	memset(&p, 0, sizeof(p));
	strlcpy(p.name, "mail", sizeof(p.name));
	p.consent = CONSENT_DURATION;
	p.consent_secs = -1;
	return store_provider_add(st, &p, NULL, 0);
}

static enum perr
bad_provider_null_skip(void)
{
	const char *skip[] = { "^/a", NULL };
	struct provider	p;

	memset(&p, 0, sizeof(p));
	strlcpy(p.name, "mail", sizeof(p.name));
	return store_provider_add(st, &p, skip, 2);
}

static enum perr
bad_app_policy(void)
{
	struct app	a;

	memset(&a, 0, sizeof(a));
	strlcpy(a.slug, "blog", sizeof(a.slug));
	a.provider_id = sd.spare;
	a.policy = (enum policy)3;
	return store_app_add(st, &a);
}

static enum perr
bad_app_empty(void)
{
	struct app	a;

	memset(&a, 0, sizeof(a));
	a.provider_id = sd.spare;
	return store_app_add(st, &a);
}

static enum perr
bad_ban_kind(void)
{
	struct ban	b;

	memset(&b, 0, sizeof(b));
	b.kind = (enum bankind)7;
	strlcpy(b.key, "x", sizeof(b.key));
	return store_ban_put(st, &b);
}

static enum perr
bad_failure_empty_key(void)
{
	return store_failure_add(st, BAN_USER, "", 5);
}

static enum perr
bad_setting_empty_key(void)
{
	return store_setting_set(st, "", "x");
}

static enum perr
bad_event_empty_kind(void)
{
	struct event	ev;

	memset(&ev, 0, sizeof(ev));
	return store_event_add(st, &ev);
}

static enum perr
bad_session_idle(void)
{
	struct session	s;

	memset(&s, 0, sizeof(s));
	hash_of(s.hash, 50);
	s.user_id = sd.bob;
	s.idle = -5;
	return store_session_add(st, &s);
}

static const struct refusal malformed[] = {
	{ bad_binding_both, PERR_INVAL },
	{ bad_binding_neither, PERR_INVAL },
	{ bad_binding_negate, PERR_INVAL },
	{ bad_user_active, PERR_INVAL },
	{ bad_user_empty, PERR_INVAL },
	{ bad_group_empty, PERR_INVAL },
	{ bad_provider_flow, PERR_INVAL },
	{ bad_provider_consent_secs, PERR_INVAL },
	{ bad_provider_null_skip, PERR_INVAL },
	{ bad_app_policy, PERR_INVAL },
	{ bad_app_empty, PERR_INVAL },
	{ bad_ban_kind, PERR_INVAL },
	{ bad_failure_empty_key, PERR_INVAL },
	{ bad_setting_empty_key, PERR_INVAL },
	{ bad_event_empty_kind, PERR_INVAL },
	{ bad_session_idle, PERR_INVAL },
};

START_TEST(test_store_refuses_malformed_records_changing_nothing)
{
	check_refusal(&malformed[_i]);
}
END_TEST

/*
 * Each row writes one string of max + extra bytes: extra 1 must be
 * refused with PERR_TOOLONG, extra 0 accepted.  Record fields of
 * max + 1 bytes are filled to the brim with no NUL.
 */
typedef enum perr (*long_fn)(size_t extra);

static enum perr
long_user_name(size_t x)
{
	struct user	u;

	memset(&u, 0, sizeof(u));
	fill(u.name, sizeof(u.name), USERNAME_MAX + x);
	u.active = 1;
	return store_user_add(st, &u);
}

static enum perr
long_user_display(size_t x)
{
	struct user	u;

	memset(&u, 0, sizeof(u));
	strlcpy(u.name, "carol", sizeof(u.name));
	fill(u.display, sizeof(u.display), DISPLAYNAME_MAX + x);
	u.active = 1;
	return store_user_add(st, &u);
}

static enum perr
long_user_email(size_t x)
{
	struct user	u;
	enum perr	e;

	if ((e = store_user_get_id(st, sd.bob, &u)) != PERR_OK)
		return e;
	fill(u.email, sizeof(u.email), EMAIL_MAX + x);
	return store_user_update(st, &u);
}

static enum perr
long_user_hash(size_t x)
{
	struct user	u;

	memset(&u, 0, sizeof(u));
	strlcpy(u.name, "carol", sizeof(u.name));
	fill(u.hash, sizeof(u.hash), HASH_MAX + x);
	u.active = 1;
	return store_user_add(st, &u);
}

static enum perr
long_group_name(size_t x)
{
	struct group	g;

	memset(&g, 0, sizeof(g));
	fill(g.name, sizeof(g.name), GROUPNAME_MAX + x);
	return store_group_add(st, &g);
}

static enum perr
long_provider_name(size_t x)
{
	struct provider	p;

	memset(&p, 0, sizeof(p));
	fill(p.name, sizeof(p.name), PROVIDERNAME_MAX + x);
	return store_provider_add(st, &p, NULL, 0);
}

static enum perr
long_provider_external(size_t x)
{
	struct provider	p;

	memset(&p, 0, sizeof(p));
	strlcpy(p.name, "mail", sizeof(p.name));
	fill(p.external, sizeof(p.external), URL_MAX + x);
	return store_provider_add(st, &p, NULL, 0);
}

static enum perr
long_provider_internal(size_t x)
{
	struct provider	p;
	enum perr	e;

	if ((e = store_provider_get_id(st, sd.web, &p)) != PERR_OK)
		return e;
	fill(p.internal, sizeof(p.internal), URL_MAX + x);
	return store_provider_update(st, &p, NULL, 0);
}

static enum perr
long_provider_regex(size_t x)
{
	char		 re[REGEX_MAX + 2];
	const char	*skip[2] = { "^/ok", re };
	struct provider	 p;

	memset(&p, 0, sizeof(p));
	strlcpy(p.name, "mail", sizeof(p.name));
	fill(re, sizeof(re), REGEX_MAX + x);
	return store_provider_add(st, &p, skip, 2);
}

static enum perr
long_provider_skip_count(size_t x)
{
	const char	*skip[SKIP_PATHS_MAX + 1];
	struct provider	 p;
	enum perr	 e;
	size_t		 i;

	for (i = 0; i < SKIP_PATHS_MAX + 1; i++)
		skip[i] = "^/static/";
	if ((e = store_provider_get_id(st, sd.web, &p)) != PERR_OK)
		return e;
	return store_provider_update(st, &p, skip, SKIP_PATHS_MAX + x);
}

static enum perr
long_app_slug(size_t x)
{
	struct app	a;

	memset(&a, 0, sizeof(a));
	fill(a.slug, sizeof(a.slug), SLUG_MAX + x);
	a.provider_id = sd.spare;
	return store_app_add(st, &a);
}

static enum perr
long_app_description(size_t x)
{
	struct app	a;
	enum perr	e;

	if ((e = store_app_get_id(st, sd.wiki, &a)) != PERR_OK)
		return e;
	fill(a.description, sizeof(a.description), DESCRIPTION_MAX + x);
	return store_app_update(st, &a);
}

static enum perr
long_app_launch(size_t x)
{
	struct app	a;

	memset(&a, 0, sizeof(a));
	strlcpy(a.slug, "blog", sizeof(a.slug));
	fill(a.launch, sizeof(a.launch), URL_MAX + x);
	a.provider_id = sd.spare;
	return store_app_add(st, &a);
}

static enum perr
long_outpost_name(size_t x)
{
	struct outpost	o;

	memset(&o, 0, sizeof(o));
	fill(o.name, sizeof(o.name), OUTPOSTNAME_MAX + x);
	return store_outpost_add(st, &o);
}

static enum perr
long_session_addr(size_t x)
{
	struct session	s;

	memset(&s, 0, sizeof(s));
	hash_of(s.hash, 60);
	s.user_id = sd.bob;
	fill(s.addr, sizeof(s.addr), ADDRESS_MAX + x);
	return store_session_add(st, &s);
}

static enum perr
long_session_agent(size_t x)
{
	struct session	s;

	memset(&s, 0, sizeof(s));
	hash_of(s.hash, 61);
	s.user_id = sd.bob;
	fill(s.agent, sizeof(s.agent), USERAGENT_MAX + x);
	return store_session_add(st, &s);
}

static enum perr
long_event_detail(size_t x)
{
	struct event	ev;

	memset(&ev, 0, sizeof(ev));
	strlcpy(ev.kind, "user.add", sizeof(ev.kind));
	fill(ev.detail, sizeof(ev.detail), EVENT_DETAIL_MAX + x);
	return store_event_add(st, &ev);
}

static enum perr
long_event_kind(size_t x)
{
	struct event	ev;

	memset(&ev, 0, sizeof(ev));
	fill(ev.kind, sizeof(ev.kind), sizeof(ev.kind) - 1 + x);
	return store_event_add(st, &ev);
}

static enum perr
long_setting_key(size_t x)
{
	char	key[SETTING_KEY_MAX + 2];

	fill(key, sizeof(key), SETTING_KEY_MAX + x);
	return store_setting_set(st, key, "v");
}

static enum perr
long_setting_value(size_t x)
{
	static char	value[SETTING_VALUE_MAX + 2];

	fill(value, sizeof(value), SETTING_VALUE_MAX + x);
	return store_setting_set(st, "login.url", value);
}

static enum perr
long_ban_key(size_t x)
{
	struct ban	b;

	memset(&b, 0, sizeof(b));
	b.kind = BAN_ADDR;
	fill(b.key, sizeof(b.key), sizeof(b.key) - 1 + x);
	b.until = 5000;
	return store_ban_put(st, &b);
}

static enum perr
long_failure_key(size_t x)
{
	char	key[USERNAME_MAX + ADDRESS_MAX + 2];

	fill(key, sizeof(key), USERNAME_MAX + ADDRESS_MAX + x);
	return store_failure_add(st, BAN_USER, key, 5);
}

static const long_fn longs[] = {
	long_user_name, long_user_display, long_user_email, long_user_hash,
	long_group_name, long_provider_name, long_provider_external,
	long_provider_internal, long_provider_regex, long_provider_skip_count,
	long_app_slug, long_app_description, long_app_launch,
	long_outpost_name, long_session_addr, long_session_agent,
	long_event_detail, long_event_kind, long_setting_key,
	long_setting_value, long_ban_key, long_failure_key,
};

START_TEST(test_store_refuses_strings_over_their_limit_changing_nothing)
{
	struct snap	a, b;

	snap(st, &a);
	ck_assert_int_eq(longs[_i](1), PERR_TOOLONG);
	snap(st, &b);
	snap_eq(&a, &b);
}
END_TEST

START_TEST(test_store_accepts_strings_at_their_limit)
{
	ck_assert_int_eq(longs[_i](0), PERR_OK);
}
END_TEST

START_TEST(test_store_lookups_refuse_over_long_names)
{
	char		 name[URL_MAX + 2];
	char		 buf[16];
	struct user	 u;
	struct group	 g;
	struct provider	 p;
	struct app	 a;
	struct outpost	 o;
	struct ban	 b;
	int64_t		 n;

	fill(name, sizeof(name), URL_MAX + 1);
	name[URL_MAX] = '\0';
	ck_assert_int_eq(store_user_get(st, name, &u), PERR_TOOLONG);
	ck_assert_int_eq(store_group_get(st, name, &g), PERR_TOOLONG);
	ck_assert_int_eq(store_provider_get(st, name, &p), PERR_TOOLONG);
	ck_assert_int_eq(store_app_get(st, name, &a), PERR_TOOLONG);
	ck_assert_int_eq(store_outpost_get(st, name, &o), PERR_TOOLONG);
	ck_assert_int_eq(store_ban_get(st, BAN_USER, name, &b), PERR_TOOLONG);
	ck_assert_int_eq(store_failure_count(st, BAN_USER, name, 0, &n),
	    PERR_TOOLONG);
	ck_assert_int_eq(store_setting_get(st, name, buf, sizeof(buf)),
	    PERR_TOOLONG);
	ck_assert_int_eq(store_event_list(st, 0, name, count_event, &n),
	    PERR_TOOLONG);
	/* Not a pattern: no wildcard ever matches. */
	ck_assert_int_eq(store_user_get(st, "%", &u), PERR_NOTFOUND);
	ck_assert_int_eq(store_user_get(st, "ali_e", &u), PERR_NOTFOUND);
	ck_assert_int_eq(store_user_get(st, "ALICE", &u), PERR_NOTFOUND);
}
END_TEST

/* ----------------------------------------------------- users and groups */

START_TEST(test_store_user_round_trips_every_field)
{
	struct user	u, v;
	int64_t		g0 = gen(st);

	memset(&u, 0, sizeof(u));
	strlcpy(u.name, "carol", sizeof(u.name));
	strlcpy(u.display, "Carol C.", sizeof(u.display));
	strlcpy(u.email, "carol@example.org", sizeof(u.email));
	strlcpy(u.hash, "$scrypt$ln=15,r=8,p=3$c2FsdA$aGFzaA",
	    sizeof(u.hash));
	u.active = 0;
	u.created = 1111;
	u.changed = 2222;
	ck_assert_int_eq(store_user_add(st, &u), PERR_OK);
	ck_assert_int_eq(store_user_get(st, "carol", &v), PERR_OK);
	ck_assert_int_eq(v.id, u.id);
	ck_assert_str_eq(v.name, "carol");
	ck_assert_str_eq(v.display, "Carol C.");
	ck_assert_str_eq(v.email, "carol@example.org");
	ck_assert_str_eq(v.hash, u.hash);
	ck_assert_int_eq(v.active, 0);
	ck_assert_int_eq(v.totp, 0);
	ck_assert_int_eq(v.created, 1111);
	ck_assert_int_eq(v.changed, 2222);

	/* Update writes display, email, active, hash, changed; not name. */
	strlcpy(v.name, "mallory", sizeof(v.name));
	strlcpy(v.display, "", sizeof(v.display));
	strlcpy(v.email, "c@example.org", sizeof(v.email));
	strlcpy(v.hash, "", sizeof(v.hash));
	v.active = 1;
	v.created = 1;
	v.changed = 3333;
	ck_assert_int_eq(store_user_update(st, &v), PERR_OK);
	ck_assert_int_eq(store_user_get_id(st, u.id, &v), PERR_OK);
	ck_assert_str_eq(v.name, "carol");
	ck_assert_str_eq(v.display, "");
	ck_assert_str_eq(v.email, "c@example.org");
	ck_assert_str_eq(v.hash, "");
	ck_assert_int_eq(v.active, 1);
	ck_assert_int_eq(v.created, 1111);
	ck_assert_int_eq(v.changed, 3333);
	ck_assert_int_eq(gen(st), g0 + 2);
}
END_TEST

START_TEST(test_store_user_del_removes_memberships_bindings_sessions_consents)
{
	struct user	 u;
	struct group	 g;
	struct session	 s;
	struct consent	 c;
	struct binding	 b;
	uint8_t		 h[TOKEN_HASH_BYTES];
	int64_t		 n = 0, ub, g0;

	ub = binding_add(st, sd.wiki, sd.alice, 0, 1);
	session_add(st, sd.alice, 2, 1100, 5000, 0, 1100);
	g0 = gen(st);
	ck_assert_int_eq(store_user_del(st, sd.alice), PERR_OK);
	ck_assert_int_eq(gen(st), g0 + 1);
	ck_assert_int_eq(store_user_get_id(st, sd.alice, &u), PERR_NOTFOUND);
	ck_assert_int_eq(store_group_get(st, "staff", &g), PERR_OK);
	ck_assert_int_eq(g.members, 0);
	ck_assert_int_eq(store_user_groups(st, sd.alice, count_group, &n),
	    PERR_OK);
	ck_assert_int_eq(n, 0);
	ck_assert_int_eq(store_binding_get(st, ub, &b), PERR_NOTFOUND);
	ck_assert_int_eq(store_binding_get(st, sd.binding, &b), PERR_OK);
	hash_of(h, 1);
	ck_assert_int_eq(store_session_find(st, h, &s), PERR_NOTFOUND);
	ck_assert_int_eq(store_session_get(st, sd.session, &s), PERR_NOTFOUND);
	n = 0;
	ck_assert_int_eq(store_session_list(st, 0, count_session, &n),
	    PERR_OK);
	ck_assert_int_eq(n, 0);
	ck_assert_int_eq(store_consent_get(st, sd.alice, sd.wiki, &c),
	    PERR_NOTFOUND);
	ck_assert_int_eq(store_check(st), PERR_OK);
	/* Bob is untouched. */
	ck_assert_int_eq(store_user_get_id(st, sd.bob, &u), PERR_OK);
}
END_TEST

START_TEST(test_store_group_del_removes_memberships_and_bindings)
{
	struct binding	b;
	int64_t		n = 0;

	ck_assert_int_eq(store_group_del(st, sd.staff), PERR_OK);
	ck_assert_int_eq(store_binding_get(st, sd.binding, &b), PERR_NOTFOUND);
	ck_assert_int_eq(store_user_groups(st, sd.alice, count_group, &n),
	    PERR_OK);
	ck_assert_int_eq(n, 0);
	ck_assert_int_eq(store_check(st), PERR_OK);
}
END_TEST

START_TEST(test_store_member_add_and_del)
{
	struct group	g;

	ck_assert_int_eq(store_member_add(st, sd.staff, sd.bob), PERR_OK);
	ck_assert_int_eq(store_member_add(st, sd.staff, sd.bob), PERR_EXISTS);
	ck_assert_int_eq(store_group_get(st, "staff", &g), PERR_OK);
	ck_assert_int_eq(g.members, 2);
	ck_assert_int_eq(store_member_del(st, sd.staff, sd.bob), PERR_OK);
	ck_assert_int_eq(store_member_del(st, sd.staff, sd.bob),
	    PERR_NOTFOUND);
	ck_assert_int_eq(store_group_get(st, "staff", &g), PERR_OK);
	ck_assert_int_eq(g.members, 1);
}
END_TEST

/* Collects names in order into a comma-separated string. */
struct names {
	char	buf[512];
};

static void
names_add(struct names *n, const char *s)
{
	size_t	len = strlen(n->buf);
	int	r;

	r = snprintf(n->buf + len, sizeof(n->buf) - len, "%s%s",
	    len > 0 ? "," : "", s);
	ck_assert(r >= 0 && (size_t)r < sizeof(n->buf) - len);
}

static int
name_user(const struct user *u, void *arg)
{
	names_add(arg, u->name);
	return 0;
}

static int
name_group(const struct group *g, void *arg)
{
	char	b[GROUPNAME_MAX + 24];

	snprintf(b, sizeof(b), "%s:%lld", g->name, (long long)g->members);
	names_add(arg, b);
	return 0;
}

static int
name_provider(const struct provider *p, void *arg)
{
	char	b[PROVIDERNAME_MAX + 24];

	snprintf(b, sizeof(b), "%s:%lld", p->name, (long long)p->apps);
	names_add(arg, b);
	return 0;
}

static int
name_skip(const char *re, void *arg)
{
	names_add(arg, re);
	return 0;
}

static int
name_app(const struct app *a, void *arg)
{
	char	b[SLUG_MAX + PROVIDERNAME_MAX + 2];

	snprintf(b, sizeof(b), "%s/%s", a->slug, a->provider);
	names_add(arg, b);
	return 0;
}

static int
name_outpost(const struct outpost *o, void *arg)
{
	char	b[OUTPOSTNAME_MAX + 24];

	snprintf(b, sizeof(b), "%s:%lld", o->name, (long long)o->apps);
	names_add(arg, b);
	return 0;
}

static int
name_binding(const struct binding *b, void *arg)
{
	char	s[256];

	snprintf(s, sizeof(s), "%s:%d:%s%s%s", b->app, b->order,
	    b->negate ? "!" : "", b->user_id ? b->user : "@",
	    b->group_id ? b->group : "");
	names_add(arg, s);
	return 0;
}

static int
name_session(const struct session *s, void *arg)
{
	char	b[256];

	snprintf(b, sizeof(b), "%s@%lld", s->user, (long long)s->created);
	names_add(arg, b);
	return 0;
}

static int
name_consent(const struct consent *c, void *arg)
{
	char	b[256];

	snprintf(b, sizeof(b), "%s/%s", c->user, c->app);
	names_add(arg, b);
	return 0;
}

static int
name_ban(const struct ban *b, void *arg)
{
	names_add(arg, b->key);
	return 0;
}

static int
name_event(const struct event *e, void *arg)
{
	char	b[256];

	snprintf(b, sizeof(b), "%lld:%s:%s", (long long)e->at, e->kind,
	    e->subject);
	names_add(arg, b);
	return 0;
}

static int
name_setting(const char *k, const char *v, void *arg)
{
	char	b[256];

	snprintf(b, sizeof(b), "%s=%s", k, v);
	names_add(arg, b);
	return 0;
}

static int
stop_after_one(const struct user *u, void *arg)
{
	(*(int64_t *)arg)++;
	return 1;
}

START_TEST(test_store_lists_are_ordered_by_name)
{
	struct names	n;
	int64_t		ops;

	user_add(st, "aaron");
	user_add(st, "zoe");
	ops = group_add(st, "ops");
	ck_assert_int_eq(store_member_add(st, ops, sd.alice), PERR_OK);
	ck_assert_int_eq(store_member_add(st, ops, sd.bob), PERR_OK);
	group_add(st, "admins");

	memset(&n, 0, sizeof(n));
	ck_assert_int_eq(store_user_list(st, name_user, &n), PERR_OK);
	ck_assert_str_eq(n.buf, "aaron,alice,bob,zoe");
	memset(&n, 0, sizeof(n));
	ck_assert_int_eq(store_group_list(st, name_group, &n), PERR_OK);
	ck_assert_str_eq(n.buf, "admins:0,ops:2,staff:1");
	memset(&n, 0, sizeof(n));
	ck_assert_int_eq(store_group_members(st, ops, name_user, &n),
	    PERR_OK);
	ck_assert_str_eq(n.buf, "alice,bob");
	/* user_groups leaves the member count out (the hot path). */
	memset(&n, 0, sizeof(n));
	ck_assert_int_eq(store_user_groups(st, sd.alice, name_group, &n),
	    PERR_OK);
	ck_assert_str_eq(n.buf, "ops:0,staff:0");
	memset(&n, 0, sizeof(n));
	ck_assert_int_eq(store_provider_list(st, name_provider, &n), PERR_OK);
	ck_assert_str_eq(n.buf, "spare:0,web:1");
	app_add(st, "alpha", sd.spare);
	memset(&n, 0, sizeof(n));
	ck_assert_int_eq(store_app_list(st, name_app, &n), PERR_OK);
	ck_assert_str_eq(n.buf, "alpha/spare,wiki/web");
	memset(&n, 0, sizeof(n));
	ck_assert_int_eq(store_outpost_list(st, name_outpost, &n), PERR_OK);
	ck_assert_str_eq(n.buf, "edge:0,embedded:1");
}
END_TEST

START_TEST(test_store_list_stops_when_the_callback_says_so)
{
	int64_t	n = 0;

	ck_assert_int_eq(store_user_list(st, stop_after_one, &n), PERR_OK);
	ck_assert_int_eq(n, 1);
	/* The statement was put back: the next walk starts afresh. */
	n = 0;
	ck_assert_int_eq(store_user_list(st, count_user, &n), PERR_OK);
	ck_assert_int_eq(n, 2);
}
END_TEST

/* A callback that walks the same list again, and writes. */
static int
reenter(const struct user *u, void *arg)
{
	int64_t		n = 0;
	struct user	v;

	ck_assert_int_eq(store_user_list(st, count_user, &n), PERR_OK);
	ck_assert_int_ge(n, 2);
	ck_assert_int_eq(store_user_get(st, u->name, &v), PERR_OK);
	ck_assert_int_eq(v.id, u->id);
	ck_assert_int_eq(store_event_add(st, &(struct event){ .at = 1,
	    .kind = "test" }), PERR_OK);
	(*(int64_t *)arg)++;
	return 0;
}

START_TEST(test_store_list_callback_may_use_the_store)
{
	int64_t	n = 0, ev = 0;

	ck_assert_int_eq(store_user_list(st, reenter, &n), PERR_OK);
	ck_assert_int_eq(n, 2);
	ck_assert_int_eq(store_event_list(st, 1, NULL, count_event, &ev),
	    PERR_OK);
	ck_assert_int_eq(ev, 3);
}
END_TEST

START_TEST(test_store_get_of_a_missing_row_is_notfound_and_cleared)
{
	struct user	 u;
	struct group	 g;
	struct provider	 p;
	struct app	 a;
	struct outpost	 o;
	struct binding	 b;
	struct session	 s;
	struct consent	 c;
	struct ban	 ba;
	uint8_t		 h[TOKEN_HASH_BYTES];
	char		 buf[8];

	memset(&u, 'x', sizeof(u));
	ck_assert_int_eq(store_user_get(st, "nobody", &u), PERR_NOTFOUND);
	ck_assert_int_eq(u.id, 0);
	ck_assert_str_eq(u.name, "");
	ck_assert_int_eq(store_user_get_id(st, 9999, &u), PERR_NOTFOUND);
	memset(&g, 'x', sizeof(g));
	ck_assert_int_eq(store_group_get(st, "nobody", &g), PERR_NOTFOUND);
	ck_assert_str_eq(g.name, "");
	ck_assert_int_eq(store_provider_get(st, "nobody", &p), PERR_NOTFOUND);
	ck_assert_int_eq(store_provider_get_id(st, 9999, &p), PERR_NOTFOUND);
	ck_assert_int_eq(store_app_get(st, "nobody", &a), PERR_NOTFOUND);
	ck_assert_int_eq(store_app_get_id(st, 9999, &a), PERR_NOTFOUND);
	ck_assert_int_eq(store_outpost_get(st, "nobody", &o), PERR_NOTFOUND);
	ck_assert_int_eq(store_binding_get(st, 9999, &b), PERR_NOTFOUND);
	hash_of(h, 200);
	ck_assert_int_eq(store_session_find(st, h, &s), PERR_NOTFOUND);
	ck_assert_int_eq(store_session_get(st, 9999, &s), PERR_NOTFOUND);
	ck_assert_int_eq(store_consent_get(st, sd.bob, sd.wiki, &c),
	    PERR_NOTFOUND);
	ck_assert_int_eq(store_ban_get(st, BAN_ADDR, "mallory", &ba),
	    PERR_NOTFOUND);
	memset(buf, 'x', sizeof(buf));
	ck_assert_int_eq(store_setting_get(st, "nobody", buf, sizeof(buf)),
	    PERR_NOTFOUND);
	ck_assert_str_eq(buf, "");
}
END_TEST

/* -------------------------------------------------------- configuration */

START_TEST(test_store_provider_round_trips_and_keeps_skips_in_order)
{
	const char *const three[] = { "^/z", "^/a", "^/m" };
	struct provider	 p, q;
	struct names	 n;

	memset(&p, 0, sizeof(p));
	strlcpy(p.name, "mail", sizeof(p.name));
	strlcpy(p.external, "https://mail.example.org/webmail",
	    sizeof(p.external));
	strlcpy(p.internal, "http://10.0.0.5:8080", sizeof(p.internal));
	p.flow = FLOW_EXPLICIT;
	p.consent = CONSENT_DURATION;
	p.consent_secs = 86400;
	p.mode = PMODE_SINGLE;
	ck_assert_int_eq(store_provider_add(st, &p, three, 3), PERR_OK);
	ck_assert_int_eq(store_provider_get(st, "mail", &q), PERR_OK);
	ck_assert_int_eq(q.id, p.id);
	ck_assert_str_eq(q.external, p.external);
	ck_assert_str_eq(q.internal, p.internal);
	ck_assert_int_eq(q.flow, FLOW_EXPLICIT);
	ck_assert_int_eq(q.consent, CONSENT_DURATION);
	ck_assert_int_eq(q.consent_secs, 86400);
	ck_assert_int_eq(q.mode, PMODE_SINGLE);
	ck_assert_int_eq(q.apps, 0);
	memset(&n, 0, sizeof(n));
	ck_assert_int_eq(store_provider_skips(st, p.id, name_skip, &n),
	    PERR_OK);
	ck_assert_str_eq(n.buf, "^/z,^/a,^/m");

	/* NULL keeps the list; a new list replaces it; zero clears it. */
	strlcpy(q.name, "post", sizeof(q.name));
	q.mode = PMODE_DOMAIN;
	ck_assert_int_eq(store_provider_update(st, &q, NULL, 0), PERR_OK);
	ck_assert_int_eq(store_provider_get(st, "mail", &p), PERR_NOTFOUND);
	ck_assert_int_eq(store_provider_get_id(st, q.id, &p), PERR_OK);
	ck_assert_str_eq(p.name, "post");
	ck_assert_int_eq(p.mode, PMODE_DOMAIN);
	memset(&n, 0, sizeof(n));
	ck_assert_int_eq(store_provider_skips(st, q.id, name_skip, &n),
	    PERR_OK);
	ck_assert_str_eq(n.buf, "^/z,^/a,^/m");
	ck_assert_int_eq(store_provider_update(st, &q, three + 1, 1), PERR_OK);
	memset(&n, 0, sizeof(n));
	ck_assert_int_eq(store_provider_skips(st, q.id, name_skip, &n),
	    PERR_OK);
	ck_assert_str_eq(n.buf, "^/a");
	ck_assert_int_eq(store_provider_update(st, &q, three, 0), PERR_OK);
	memset(&n, 0, sizeof(n));
	ck_assert_int_eq(store_provider_skips(st, q.id, name_skip, &n),
	    PERR_OK);
	ck_assert_str_eq(n.buf, "");
}
END_TEST

START_TEST(test_store_provider_in_use_cannot_be_deleted)
{
	struct snap	a, b;
	struct provider	p;

	snap(st, &a);
	ck_assert_int_eq(store_provider_del(st, sd.web), PERR_INUSE);
	snap(st, &b);
	snap_eq(&a, &b);
	ck_assert_int_eq(store_provider_get_id(st, sd.web, &p), PERR_OK);
	ck_assert_int_eq(p.apps, 1);
	/* Inside a transaction the refusal leaves earlier work alone. */
	ck_assert_int_eq(store_begin(st), PERR_OK);
	user_add(st, "carol");
	ck_assert_int_eq(store_provider_del(st, sd.web), PERR_INUSE);
	ck_assert_int_eq(store_commit(st), PERR_OK);
	ck_assert_int_eq(gen(st), a.gen + 1);
	/* Once the application is gone, so may the provider be. */
	ck_assert_int_eq(store_app_del(st, sd.wiki), PERR_OK);
	ck_assert_int_eq(store_provider_del(st, sd.web), PERR_OK);
	ck_assert_int_eq(store_provider_get_id(st, sd.web, &p), PERR_NOTFOUND);
	ck_assert_int_eq(store_check(st), PERR_OK);
}
END_TEST

START_TEST(test_store_app_round_trips_every_field)
{
	struct app	a, b;

	memset(&a, 0, sizeof(a));
	strlcpy(a.slug, "blog", sizeof(a.slug));
	strlcpy(a.name, "The Blog", sizeof(a.name));
	strlcpy(a.icon, "https://blog.example.org/icon.png", sizeof(a.icon));
	strlcpy(a.description, "Words.", sizeof(a.description));
	strlcpy(a.launch, "https://blog.example.org/", sizeof(a.launch));
	a.provider_id = sd.spare;
	a.policy = POLICY_ALL;
	ck_assert_int_eq(store_app_add(st, &a), PERR_OK);
	ck_assert_int_eq(store_app_get(st, "blog", &b), PERR_OK);
	ck_assert_int_eq(b.id, a.id);
	ck_assert_str_eq(b.name, "The Blog");
	ck_assert_str_eq(b.icon, a.icon);
	ck_assert_str_eq(b.description, "Words.");
	ck_assert_str_eq(b.launch, a.launch);
	ck_assert_int_eq(b.provider_id, sd.spare);
	ck_assert_str_eq(b.provider, "spare");
	ck_assert_int_eq(b.policy, POLICY_ALL);

	strlcpy(b.slug, "journal", sizeof(b.slug));
	b.provider_id = sd.web;
	b.policy = POLICY_ANY;
	ck_assert_int_eq(store_app_update(st, &b), PERR_OK);
	ck_assert_int_eq(store_app_get_id(st, a.id, &a), PERR_OK);
	ck_assert_str_eq(a.slug, "journal");
	ck_assert_str_eq(a.provider, "web");
	ck_assert_int_eq(a.policy, POLICY_ANY);
	strlcpy(b.slug, "wiki", sizeof(b.slug));
	ck_assert_int_eq(store_app_update(st, &b), PERR_EXISTS);
}
END_TEST

START_TEST(test_store_app_del_removes_bindings_consents_attachments)
{
	struct binding	 b;
	struct consent	 c;
	struct outpost	 o;
	int64_t		 n = 0;

	ck_assert_int_eq(store_outpost_attach(st, sd.edge, sd.wiki), PERR_OK);
	ck_assert_int_eq(store_app_del(st, sd.wiki), PERR_OK);
	ck_assert_int_eq(store_binding_get(st, sd.binding, &b), PERR_NOTFOUND);
	ck_assert_int_eq(store_consent_get(st, sd.alice, sd.wiki, &c),
	    PERR_NOTFOUND);
	ck_assert_int_eq(store_outpost_get(st, "embedded", &o), PERR_OK);
	ck_assert_int_eq(o.apps, 0);
	ck_assert_int_eq(store_app_outposts(st, sd.wiki, count_outpost, &n),
	    PERR_OK);
	ck_assert_int_eq(n, 0);
	ck_assert_int_eq(store_check(st), PERR_OK);
}
END_TEST

START_TEST(test_store_outposts_attach_and_detach_applications)
{
	struct names	n;
	int64_t		blog;

	blog = app_add(st, "blog", sd.spare);
	ck_assert_int_eq(store_outpost_attach(st, sd.edge, blog), PERR_OK);
	ck_assert_int_eq(store_outpost_attach(st, sd.edge, sd.wiki), PERR_OK);
	memset(&n, 0, sizeof(n));
	ck_assert_int_eq(store_outpost_apps(st, sd.edge, name_app, &n),
	    PERR_OK);
	ck_assert_str_eq(n.buf, "blog/spare,wiki/web");
	memset(&n, 0, sizeof(n));
	ck_assert_int_eq(store_app_outposts(st, sd.wiki, name_outpost, &n),
	    PERR_OK);
	ck_assert_str_eq(n.buf, "edge:2,embedded:1");
	ck_assert_int_eq(store_outpost_detach(st, sd.edge, sd.wiki), PERR_OK);
	ck_assert_int_eq(store_outpost_detach(st, sd.edge, sd.wiki),
	    PERR_NOTFOUND);
	/* Deleting an outpost takes its attachments, not the apps. */
	ck_assert_int_eq(store_outpost_del(st, sd.edge), PERR_OK);
	memset(&n, 0, sizeof(n));
	ck_assert_int_eq(store_app_list(st, name_app, &n), PERR_OK);
	ck_assert_str_eq(n.buf, "blog/spare,wiki/web");
	ck_assert_int_eq(store_check(st), PERR_OK);
}
END_TEST

START_TEST(test_store_bindings_list_by_order_then_id)
{
	struct names	 n;
	struct binding	 b, c;
	int64_t		 blog;

	binding_add(st, sd.wiki, sd.bob, 0, 5);
	binding_add(st, sd.wiki, sd.alice, 0, -1);
	binding_add(st, sd.wiki, 0, sd.staff, 5);
	blog = app_add(st, "blog", sd.spare);
	binding_add(st, blog, sd.bob, 0, 9);
	memset(&b, 0, sizeof(b));
	b.app_id = blog;
	b.user_id = sd.alice;
	b.negate = 1;
	b.enabled = 0;
	b.order = 1;
	ck_assert_int_eq(store_binding_add(st, &b), PERR_OK);
	ck_assert_int_eq(store_binding_get(st, b.id, &c), PERR_OK);
	ck_assert_int_eq(c.app_id, blog);
	ck_assert_str_eq(c.app, "blog");
	ck_assert_int_eq(c.user_id, sd.alice);
	ck_assert_str_eq(c.user, "alice");
	ck_assert_int_eq(c.group_id, 0);
	ck_assert_str_eq(c.group, "");
	ck_assert_int_eq(c.negate, 1);
	ck_assert_int_eq(c.enabled, 0);
	ck_assert_int_eq(c.order, 1);

	memset(&n, 0, sizeof(n));
	ck_assert_int_eq(store_binding_list(st, sd.wiki, name_binding, &n),
	    PERR_OK);
	ck_assert_str_eq(n.buf,
	    "wiki:-1:alice,wiki:0:@staff,wiki:5:bob,wiki:5:@staff");
	memset(&n, 0, sizeof(n));
	ck_assert_int_eq(store_binding_list(st, 0, name_binding, &n), PERR_OK);
	ck_assert_str_eq(n.buf, "blog:1:!alice,blog:9:bob,"
	    "wiki:-1:alice,wiki:0:@staff,wiki:5:bob,wiki:5:@staff");
}
END_TEST

/* ------------------------------------------------------------- settings */

START_TEST(test_store_settings_get_set_unset_list)
{
	struct names	n;
	char		buf[SETTING_VALUE_MAX + 1];

	ck_assert_int_eq(store_setting_get(st, "login.url", buf, sizeof(buf)),
	    PERR_OK);
	ck_assert_str_eq(buf, "https://login.example.org/");
	ck_assert_int_eq(store_setting_set(st, "login.url", "https://b/"),
	    PERR_OK);
	ck_assert_int_eq(store_setting_get(st, "login.url", buf, sizeof(buf)),
	    PERR_OK);
	ck_assert_str_eq(buf, "https://b/");
	ck_assert_int_eq(store_setting_set(st, "cookie.domain", ""), PERR_OK);
	ck_assert_int_eq(store_setting_get(st, "cookie.domain", buf,
	    sizeof(buf)), PERR_OK);
	ck_assert_str_eq(buf, "");
	ck_assert_int_eq(store_setting_set(st, "session.idle", "30m"),
	    PERR_OK);
	memset(&n, 0, sizeof(n));
	ck_assert_int_eq(store_setting_list(st, name_setting, &n), PERR_OK);
	ck_assert_str_eq(n.buf,
	    "cookie.domain=,login.url=https://b/,session.idle=30m");
	ck_assert_int_eq(store_setting_unset(st, "login.url"), PERR_OK);
	ck_assert_int_eq(store_setting_unset(st, "login.url"), PERR_NOTFOUND);
	ck_assert_int_eq(store_setting_get(st, "login.url", buf, sizeof(buf)),
	    PERR_NOTFOUND);
	/* Keys are exact: no case folding, no patterns. */
	ck_assert_int_eq(store_setting_get(st, "SESSION.IDLE", buf,
	    sizeof(buf)), PERR_NOTFOUND);
	ck_assert_int_eq(store_setting_get(st, "session.%", buf, sizeof(buf)),
	    PERR_NOTFOUND);
}
END_TEST

START_TEST(test_store_setting_get_refuses_a_buffer_too_small)
{
	char	buf[8];

	ck_assert_int_eq(store_setting_get(st, "login.url", buf, sizeof(buf)),
	    PERR_TOOLONG);
	ck_assert_str_eq(buf, "");
	ck_assert_int_eq(store_setting_get(st, "login.url", buf, 0),
	    PERR_INVAL);
}
END_TEST

/* ------------------------------------------------------------- sessions */

START_TEST(test_store_session_find_touch_and_del)
{
	struct session	 s, t;
	uint8_t		 h[TOKEN_HASH_BYTES];

	memset(&s, 0, sizeof(s));
	hash_of(s.hash, 77);
	s.user_id = sd.bob;
	s.created = 100;
	s.expires = 200;
	s.idle = 30;
	s.seen = 110;
	s.factors = FACTOR_PASSWORD | FACTOR_TOTP;
	strlcpy(s.addr, "2001:db8::1", sizeof(s.addr));
	strlcpy(s.agent, "Mozilla/5.0", sizeof(s.agent));
	ck_assert_int_eq(store_session_add(st, &s), PERR_OK);
	ck_assert_int_gt(s.id, 0);

	hash_of(h, 77);
	ck_assert_int_eq(store_session_find(st, h, &t), PERR_OK);
	ck_assert_int_eq(t.id, s.id);
	ck_assert_mem_eq(t.hash, s.hash, TOKEN_HASH_BYTES);
	ck_assert_int_eq(t.user_id, sd.bob);
	ck_assert_str_eq(t.user, "bob");
	ck_assert_int_eq(t.created, 100);
	ck_assert_int_eq(t.expires, 200);
	ck_assert_int_eq(t.idle, 30);
	ck_assert_int_eq(t.seen, 110);
	ck_assert_int_eq(t.factors, FACTOR_PASSWORD | FACTOR_TOTP);
	ck_assert_str_eq(t.addr, "2001:db8::1");
	ck_assert_str_eq(t.agent, "Mozilla/5.0");

	/* One bit off is another token. */
	h[5] ^= 1;
	ck_assert_int_eq(store_session_find(st, h, &t), PERR_NOTFOUND);

	ck_assert_int_eq(store_session_touch(st, s.id, 150), PERR_OK);
	ck_assert_int_eq(store_session_get(st, s.id, &t), PERR_OK);
	ck_assert_int_eq(t.seen, 150);
	ck_assert_int_eq(store_session_del(st, s.id), PERR_OK);
	ck_assert_int_eq(store_session_get(st, s.id, &t), PERR_NOTFOUND);
	ck_assert_int_eq(store_session_del(st, s.id), PERR_NOTFOUND);
	ck_assert_int_eq(store_session_touch(st, s.id, 160), PERR_NOTFOUND);
}
END_TEST

START_TEST(test_store_session_del_user_counts_and_list_orders_by_creation)
{
	struct names	n;
	int64_t		count = -1;

	session_add(st, sd.bob, 10, 3000, 9000, 0, 3000);
	session_add(st, sd.bob, 11, 500, 9000, 0, 500);
	session_add(st, sd.alice, 12, 2000, 9000, 0, 2000);
	memset(&n, 0, sizeof(n));
	ck_assert_int_eq(store_session_list(st, 0, name_session, &n), PERR_OK);
	ck_assert_str_eq(n.buf, "bob@500,alice@1000,alice@2000,bob@3000");
	memset(&n, 0, sizeof(n));
	ck_assert_int_eq(store_session_list(st, sd.bob, name_session, &n),
	    PERR_OK);
	ck_assert_str_eq(n.buf, "bob@500,bob@3000");

	ck_assert_int_eq(store_session_del_user(st, sd.alice, &count),
	    PERR_OK);
	ck_assert_int_eq(count, 2);
	ck_assert_int_eq(store_session_del_user(st, sd.alice, &count),
	    PERR_OK);
	ck_assert_int_eq(count, 0);
	memset(&n, 0, sizeof(n));
	ck_assert_int_eq(store_session_list(st, 0, name_session, &n), PERR_OK);
	ck_assert_str_eq(n.buf, "bob@500,bob@3000");
}
END_TEST

/* ------------------------------------------------------------- consents */

START_TEST(test_store_consent_put_replaces_get_and_del)
{
	struct consent	c;
	struct names	n;
	int64_t		blog, count = -1;

	ck_assert_int_eq(store_consent_get(st, sd.alice, sd.wiki, &c),
	    PERR_OK);
	ck_assert_int_eq(c.given, 1000);
	ck_assert_int_eq(c.expires, 0);
	ck_assert_str_eq(c.user, "alice");
	ck_assert_str_eq(c.app, "wiki");
	consent_put(st, sd.alice, sd.wiki, 1500, 9000);
	ck_assert_int_eq(store_consent_get(st, sd.alice, sd.wiki, &c),
	    PERR_OK);
	ck_assert_int_eq(c.given, 1500);
	ck_assert_int_eq(c.expires, 9000);

	blog = app_add(st, "blog", sd.spare);
	consent_put(st, sd.alice, blog, 1, 0);
	consent_put(st, sd.bob, sd.wiki, 1, 0);
	memset(&n, 0, sizeof(n));
	ck_assert_int_eq(store_consent_list(st, 0, name_consent, &n), PERR_OK);
	ck_assert_str_eq(n.buf, "alice/blog,alice/wiki,bob/wiki");
	memset(&n, 0, sizeof(n));
	ck_assert_int_eq(store_consent_list(st, sd.bob, name_consent, &n),
	    PERR_OK);
	ck_assert_str_eq(n.buf, "bob/wiki");

	ck_assert_int_eq(store_consent_del(st, sd.bob, sd.wiki, &count),
	    PERR_OK);
	ck_assert_int_eq(count, 1);
	ck_assert_int_eq(store_consent_del(st, sd.alice, 0, &count), PERR_OK);
	ck_assert_int_eq(count, 2);
	ck_assert_int_eq(store_consent_del(st, sd.alice, 0, &count), PERR_OK);
	ck_assert_int_eq(count, 0);
	memset(&n, 0, sizeof(n));
	ck_assert_int_eq(store_consent_list(st, 0, name_consent, &n), PERR_OK);
	ck_assert_str_eq(n.buf, "");
}
END_TEST

/* ---------------------------------------------------- failures and bans */

START_TEST(test_store_failures_count_since_and_clear)
{
	int64_t	n = -1;
	int	i;

	for (i = 0; i < 5; i++)
		ck_assert_int_eq(store_failure_add(st, BAN_ADDR, "192.0.2.9",
		    2000 + i * 100), PERR_OK);
	ck_assert_int_eq(store_failure_count(st, BAN_ADDR, "192.0.2.9", 0, &n),
	    PERR_OK);
	ck_assert_int_eq(n, 5);
	ck_assert_int_eq(store_failure_count(st, BAN_ADDR, "192.0.2.9", 2200,
	    &n), PERR_OK);
	ck_assert_int_eq(n, 3);		/* at or after since */
	ck_assert_int_eq(store_failure_count(st, BAN_ADDR, "192.0.2.9", 2401,
	    &n), PERR_OK);
	ck_assert_int_eq(n, 0);
	/* Kinds and keys are separate counters. */
	ck_assert_int_eq(store_failure_count(st, BAN_USER, "192.0.2.9", 0, &n),
	    PERR_OK);
	ck_assert_int_eq(n, 0);
	ck_assert_int_eq(store_failure_count(st, BAN_USER, "mallory", 0, &n),
	    PERR_OK);
	ck_assert_int_eq(n, 1);
	ck_assert_int_eq(store_failure_clear(st, BAN_ADDR, "192.0.2.9"),
	    PERR_OK);
	ck_assert_int_eq(store_failure_count(st, BAN_ADDR, "192.0.2.9", 0, &n),
	    PERR_OK);
	ck_assert_int_eq(n, 0);
	ck_assert_int_eq(store_failure_count(st, BAN_USER, "mallory", 0, &n),
	    PERR_OK);
	ck_assert_int_eq(n, 1);
	ck_assert_int_eq(store_failure_clear(st, BAN_ADDR, "nobody"), PERR_OK);
}
END_TEST

START_TEST(test_store_bans_put_get_lift_and_list)
{
	struct ban	b;
	struct names	n;
	int64_t		count;

	ck_assert_int_eq(store_ban_get(st, BAN_USER, "mallory", &b), PERR_OK);
	ck_assert_int_eq(b.kind, BAN_USER);
	ck_assert_str_eq(b.key, "mallory");
	ck_assert_int_eq(b.until, 2000);
	ck_assert_int_eq(b.level, 1);
	b.until = 4000;
	b.level = 2;
	ck_assert_int_eq(store_ban_put(st, &b), PERR_OK);	/* replaces */
	ck_assert_int_eq(store_ban_get(st, BAN_USER, "mallory", &b), PERR_OK);
	ck_assert_int_eq(b.until, 4000);
	ck_assert_int_eq(b.level, 2);

	memset(&b, 0, sizeof(b));
	b.kind = BAN_ADDR;
	strlcpy(b.key, "192.0.2.7", sizeof(b.key));
	b.until = 3000;
	b.level = 1;
	ck_assert_int_eq(store_ban_put(st, &b), PERR_OK);
	strlcpy(b.key, "192.0.2.8", sizeof(b.key));
	b.until = 1500;
	ck_assert_int_eq(store_ban_put(st, &b), PERR_OK);
	memset(&n, 0, sizeof(n));
	ck_assert_int_eq(store_ban_list(st, 1000, name_ban, &n), PERR_OK);
	ck_assert_str_eq(n.buf, "192.0.2.8,192.0.2.7,mallory");
	memset(&n, 0, sizeof(n));
	ck_assert_int_eq(store_ban_list(st, 1500, name_ban, &n), PERR_OK);
	ck_assert_str_eq(n.buf, "192.0.2.7,mallory");	/* after now */

	ck_assert_int_eq(store_ban_lift(st, BAN_USER, "mallory"), PERR_OK);
	ck_assert_int_eq(store_ban_get(st, BAN_USER, "mallory", &b),
	    PERR_NOTFOUND);
	ck_assert_int_eq(store_failure_count(st, BAN_USER, "mallory", 0,
	    &count), PERR_OK);
	ck_assert_int_eq(count, 0);
	ck_assert_int_eq(store_ban_lift(st, BAN_USER, "mallory"),
	    PERR_NOTFOUND);
}
END_TEST

/* --------------------------------------------------------------- events */

START_TEST(test_store_events_list_since_and_by_subject)
{
	struct names	n;

	event_add(st, 3000, "login.ok", "bob");
	event_add(st, 2000, "login.fail", "alice");
	event_add(st, 2000, "ban.lift", "");
	event_add(st, 4000, "login.ok", "alice");
	memset(&n, 0, sizeof(n));
	ck_assert_int_eq(store_event_list(st, 0, NULL, name_event, &n),
	    PERR_OK);
	ck_assert_str_eq(n.buf, "1000:user.add:alice,2000:login.fail:alice,"
	    "2000:ban.lift:,3000:login.ok:bob,4000:login.ok:alice");
	memset(&n, 0, sizeof(n));
	ck_assert_int_eq(store_event_list(st, 2000, NULL, name_event, &n),
	    PERR_OK);
	ck_assert_str_eq(n.buf, "2000:login.fail:alice,2000:ban.lift:,"
	    "3000:login.ok:bob,4000:login.ok:alice");
	memset(&n, 0, sizeof(n));
	ck_assert_int_eq(store_event_list(st, 1500, "alice", name_event, &n),
	    PERR_OK);
	ck_assert_str_eq(n.buf, "2000:login.fail:alice,4000:login.ok:alice");
	memset(&n, 0, sizeof(n));
	ck_assert_int_eq(store_event_list(st, 0, "", name_event, &n), PERR_OK);
	ck_assert_str_eq(n.buf, "2000:ban.lift:");
	memset(&n, 0, sizeof(n));
	ck_assert_int_eq(store_event_list(st, 0, "al%", name_event, &n),
	    PERR_OK);
	ck_assert_str_eq(n.buf, "");
}
END_TEST

/* ---------------------------------------------------------------- purge */

/*
 * At now = 10000, failure_before = 9000.  Each row is one session
 * (created, expires, idle, seen) and whether purge removes it.
 */
static const struct purge_row {
	int64_t	expires, idle, seen;
	int	gone;
} purge_rows[] = {
	{ 10000, 0, 9000, 1 },		/* expires == now */
	{ 9999, 0, 9999, 1 },		/* expired */
	{ 10001, 0, 1, 0 },		/* live, no idle limit */
	{ 20000, 100, 9900, 1 },	/* seen + idle == now */
	{ 20000, 100, 9899, 1 },	/* idle past */
	{ 20000, 100, 9901, 0 },	/* idle not yet */
	{ 20000, 0, 0, 0 },		/* idle 0: none */
};

START_TEST(test_store_purge_removes_only_what_expired)
{
	struct purge_counts	 pc;
	struct session		 s;
	struct consent		 c;
	struct ban		 b;
	int64_t			 ids[sizeof(purge_rows) / sizeof(purge_rows[0])];
	int64_t			 blog, carol, n, want = 0;
	size_t			 i;

	/* The seeded session (expires 5000) goes too. */
	want = 1;
	for (i = 0; i < sizeof(purge_rows) / sizeof(purge_rows[0]); i++) {
		ids[i] = session_add(st, sd.bob, 100 + (int)i, 1,
		    purge_rows[i].expires, purge_rows[i].idle,
		    purge_rows[i].seen);
		want += purge_rows[i].gone;
	}
	/* Consents: permanent (seeded), expired, live. */
	blog = app_add(st, "blog", sd.spare);
	carol = user_add(st, "carol");
	consent_put(st, sd.bob, sd.wiki, 1, 10000);
	consent_put(st, sd.bob, blog, 1, 10001);
	consent_put(st, carol, blog, 1, 0);
	/* Failures: before, at and after failure_before. */
	ck_assert_int_eq(store_failure_add(st, BAN_ADDR, "x", 8999), PERR_OK);
	ck_assert_int_eq(store_failure_add(st, BAN_ADDR, "x", 9000), PERR_OK);
	ck_assert_int_eq(store_failure_add(st, BAN_ADDR, "x", 9500), PERR_OK);
	/*
	 * Bans are remembered STORE_BAN_MEMORY after they end (so the next
	 * one doubles): one that ended exactly that long ago goes; one that
	 * ended a second later stays, and so does the seeded mallory's.
	 */
	memset(&b, 0, sizeof(b));
	b.kind = BAN_ADDR;
	strlcpy(b.key, "192.0.2.1", sizeof(b.key));
	b.until = 10000 - STORE_BAN_MEMORY;
	ck_assert_int_eq(store_ban_put(st, &b), PERR_OK);
	strlcpy(b.key, "192.0.2.2", sizeof(b.key));
	b.until = 10000 - STORE_BAN_MEMORY + 1;
	ck_assert_int_eq(store_ban_put(st, &b), PERR_OK);

	memset(&pc, 0xff, sizeof(pc));
	ck_assert_int_eq(store_purge(st, 10000, 9000, &pc), PERR_OK);
	ck_assert_int_eq(pc.sessions, want);
	ck_assert_int_eq(pc.consents, 1);
	ck_assert_int_eq(pc.flows, 0);
	ck_assert_int_eq(pc.failures, 2);	/* mallory's 1000 and 8999 */
	ck_assert_int_eq(pc.bans, 1);
	for (i = 0; i < sizeof(purge_rows) / sizeof(purge_rows[0]); i++)
		ck_assert_int_eq(store_session_get(st, ids[i], &s),
		    purge_rows[i].gone ? PERR_NOTFOUND : PERR_OK);
	ck_assert_int_eq(store_consent_get(st, sd.alice, sd.wiki, &c), PERR_OK);
	ck_assert_int_eq(store_consent_get(st, sd.bob, sd.wiki, &c),
	    PERR_NOTFOUND);
	ck_assert_int_eq(store_consent_get(st, sd.bob, blog, &c), PERR_OK);
	ck_assert_int_eq(store_failure_count(st, BAN_ADDR, "x", 0, &n),
	    PERR_OK);
	ck_assert_int_eq(n, 2);
	ck_assert_int_eq(store_ban_get(st, BAN_ADDR, "192.0.2.2", &b), PERR_OK);

	/* Nothing left to purge; counts may be left out. */
	ck_assert_int_eq(store_purge(st, 10000, 9000, &pc), PERR_OK);
	ck_assert_int_eq(pc.sessions + pc.consents + pc.flows + pc.failures +
	    pc.bans, 0);
	ck_assert_int_eq(store_purge(st, 10000, 9000, NULL), PERR_OK);
}
END_TEST

/* ---------------------------------------------------------------- suite */

#define NROWS(a)	((int)(sizeof(a) / sizeof((a)[0])))

Suite *
suite_store(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("store");

	tc = tcase_create("open");
	tcase_add_test(tc,
	    test_store_open_creates_a_fresh_database_at_the_current_version);
	tcase_add_test(tc,
	    test_store_open_creates_the_file_readable_only_by_its_owner);
	tcase_add_loop_test(tc,
	    test_store_open_upgrades_each_earlier_version_keeping_its_data,
	    0, STORE_SCHEMA_VERSION);
	tcase_add_loop_test(tc,
	    test_store_open_refuses_an_older_database_without_migrate,
	    0, STORE_SCHEMA_VERSION);
	tcase_add_loop_test(tc, test_store_open_refuses_a_newer_database,
	    0, NROWS(newer_flags));
	tcase_add_loop_test(tc,
	    test_store_open_refuses_a_file_that_is_not_a_database,
	    0, NROWS(garbage));
	tcase_add_test(tc,
	    test_store_open_refuses_a_missing_file_without_migrate);
	tcase_add_test(tc, test_store_open_refuses_bad_arguments);
	tcase_add_test(tc,
	    test_store_open_refuses_tables_without_a_schema_version);
	tcase_add_test(tc,
	    test_store_open_at_refuses_a_database_past_the_version);
	tcase_add_test(tc, test_store_migrate_to_applies_one_version_at_a_time);
	suite_add_tcase(s, tc);

	tc = tcase_create("connections");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_store_open_readonly_reads_but_refuses_writes);
	tcase_add_test(tc, test_store_open_shmread_reads_beside_a_writer);
	tcase_add_test(tc,
	    test_store_open_shmread_reads_alone_and_without_the_index);
	tcase_add_test(tc,
	    test_store_write_gives_up_with_busy_when_another_holds_the_lock);
	tcase_add_test(tc, test_store_check_passes_on_a_populated_database);
	suite_add_tcase(s, tc);

	tc = tcase_create("transactions");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc,
	    test_store_rollback_after_a_failed_change_leaves_the_store_unchanged);
	tcase_add_test(tc, test_store_transactions_nest);
	tcase_add_test(tc,
	    test_store_failed_change_inside_a_transaction_keeps_earlier_ones);
	tcase_add_test(tc, test_store_commit_without_begin_fails);
	suite_add_tcase(s, tc);

	tc = tcase_create("generation");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc,
	    test_store_generation_is_bumped_by_every_config_change,
	    0, NROWS(config_changes));
	tcase_add_loop_test(tc,
	    test_store_generation_is_not_bumped_by_state_writes,
	    0, NROWS(state_changes));
	suite_add_tcase(s, tc);

	tc = tcase_create("refusals");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc,
	    test_store_refuses_duplicate_names_changing_nothing,
	    0, NROWS(dups));
	tcase_add_loop_test(tc,
	    test_store_refuses_references_to_missing_rows_changing_nothing,
	    0, NROWS(missing));
	tcase_add_loop_test(tc,
	    test_store_refuses_malformed_records_changing_nothing,
	    0, NROWS(malformed));
	tcase_add_loop_test(tc,
	    test_store_refuses_strings_over_their_limit_changing_nothing,
	    0, NROWS(longs));
	tcase_add_loop_test(tc, test_store_accepts_strings_at_their_limit,
	    0, NROWS(longs));
	tcase_add_test(tc, test_store_lookups_refuse_over_long_names);
	tcase_add_test(tc, test_store_provider_in_use_cannot_be_deleted);
	suite_add_tcase(s, tc);

	tc = tcase_create("users");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_store_user_round_trips_every_field);
	tcase_add_test(tc,
	    test_store_user_del_removes_memberships_bindings_sessions_consents);
	tcase_add_test(tc,
	    test_store_group_del_removes_memberships_and_bindings);
	tcase_add_test(tc, test_store_member_add_and_del);
	tcase_add_test(tc, test_store_lists_are_ordered_by_name);
	tcase_add_test(tc, test_store_list_stops_when_the_callback_says_so);
	tcase_add_test(tc, test_store_list_callback_may_use_the_store);
	tcase_add_test(tc,
	    test_store_get_of_a_missing_row_is_notfound_and_cleared);
	suite_add_tcase(s, tc);

	tc = tcase_create("configuration");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc,
	    test_store_provider_round_trips_and_keeps_skips_in_order);
	tcase_add_test(tc, test_store_app_round_trips_every_field);
	tcase_add_test(tc,
	    test_store_app_del_removes_bindings_consents_attachments);
	tcase_add_test(tc, test_store_outposts_attach_and_detach_applications);
	tcase_add_test(tc, test_store_bindings_list_by_order_then_id);
	tcase_add_test(tc, test_store_settings_get_set_unset_list);
	tcase_add_test(tc, test_store_setting_get_refuses_a_buffer_too_small);
	suite_add_tcase(s, tc);

	tc = tcase_create("state");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_store_session_find_touch_and_del);
	tcase_add_test(tc,
	    test_store_session_del_user_counts_and_list_orders_by_creation);
	tcase_add_test(tc, test_store_consent_put_replaces_get_and_del);
	tcase_add_test(tc, test_store_failures_count_since_and_clear);
	tcase_add_test(tc, test_store_bans_put_get_lift_and_list);
	tcase_add_test(tc, test_store_events_list_since_and_by_subject);
	tcase_add_test(tc, test_store_purge_removes_only_what_expired);
	suite_add_tcase(s, tc);

	return s;
}
