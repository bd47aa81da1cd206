/* postern: the in-process benchmark of decide(), and its store builder. */
/*
 * Builds a store the way a real site looks (10^4 users in groups, 100
 * applications each with its own provider and four bindings, a login URL
 * and a cookie domain) directly through the library, adds sessions in
 * batches, and times what one authz-fcgi thread does for one request: one
 * read transaction around decide_cfg_refresh() and decide() with the user
 * cache at its default size, then the deferred touch, over every session
 * of the store in a shuffled order, on one thread pinned to one CPU.
 *
 *   decide_bench [--sizes N,N,...] [--runs R] [--secs S] [--cpu C]
 *                [--dir DIR] [--keep]
 *	the in-process table: decisions per second (the median of R runs of
 *	S seconds) for each number of sessions, and the cost ratio of the
 *	largest size to the smallest.
 *   decide_bench --populate DB --sessions N --cookies FILE
 *	fill an empty store made by "authz-admin init" with the same users,
 *	groups, applications and bindings and N sessions, and write one
 *	"Cookie:" value per line to FILE (bench/run's end-to-end rows).
 *
 * Every decision must come out OUTCOME_ALLOW: any other outcome means the
 * benchmark measures a failure path, and it stops with exit 1.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <getopt.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lib/app.h"
#include "lib/binding.h"
#include "lib/decide.h"
#include "lib/log.h"
#include "lib/request.h"
#include "lib/session.h"
#include "lib/setting.h"
#include "lib/store.h"
#include "lib/token.h"
#include "lib/usercache.h"

#define BENCH_USERS	10000
#define BENCH_APPS	100
#define BENCH_GROUPS	100	/* g00..g99, and "staff" for everyone */
#define BENCH_BATCH	50000	/* sessions per transaction */
#define BENCH_TTL	(12 * 3600)
#define BENCH_IDLE	(30 * 60)
#define BENCH_MAXRUNS	64

struct bench {
	struct store	*st;
	int64_t		 now;
	int64_t		 users[BENCH_USERS];
	char		 cookiename[COOKIE_NAME_MAX + 1];
	char		(*tokens)[TOKEN_B64_LEN + 1];
	size_t		 ntokens, maxtokens;
	size_t		 next;		/* the next cookie of the shuffle */
};

static void
die(const char *what, enum perr e)
{
	fprintf(stderr, "decide_bench: %s: %s\n", what, perr_str(e));
	exit(1);
}

static double
mono(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* xorshift64*: cheap, and the same sequence on every run. */
static uint64_t
rnd(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ULL;
}

/*
 * Users, groups, memberships, providers, applications (attached to the
 * embedded outpost) and bindings, in one transaction.  User i is in
 * "staff" and in up to three of g00..g99; application i is bound to its
 * groups gI and gI+1, to "staff" and to user i, policy "any", so every
 * user may open every application and each decision walks the bindings.
 */
static void
bench_config(struct bench *b)
{
	struct outpost	 o;
	struct group	 g;
	struct user	 u;
	struct provider	 p;
	struct app	 a;
	struct binding	 bd;
	const char	*why = NULL;
	int64_t		 groups[BENCH_GROUPS], staff;
	int		 i, k, gi[3];
	enum perr	 e;

	if ((e = store_begin(b->st)) != PERR_OK)
		die("begin", e);
	if ((e = setting_set(b->st, "login.url", "https://login.bench.test",
	    &why)) != PERR_OK ||
	    (e = setting_set(b->st, "cookie.domain", "bench.test", &why))
	    != PERR_OK)
		die(why != NULL ? why : "settings", e);
	if ((e = store_outpost_get(b->st, "embedded", &o)) != PERR_OK)
		die("outpost embedded", e);
	for (i = 0; i < BENCH_GROUPS; i++) {
		memset(&g, 0, sizeof(g));
		snprintf(g.name, sizeof(g.name), "g%02d", i);
		if ((e = store_group_add(b->st, &g)) != PERR_OK)
			die("group add", e);
		groups[i] = g.id;
	}
	memset(&g, 0, sizeof(g));
	strlcpy(g.name, "staff", sizeof(g.name));
	if ((e = store_group_add(b->st, &g)) != PERR_OK)
		die("group add", e);
	staff = g.id;
	for (i = 0; i < BENCH_USERS; i++) {
		memset(&u, 0, sizeof(u));
		snprintf(u.name, sizeof(u.name), "user%05d", i);
		snprintf(u.display, sizeof(u.display), "Bench User %d", i);
		snprintf(u.email, sizeof(u.email), "user%05d@bench.test", i);
		u.active = 1;
		u.created = u.changed = b->now;
		if ((e = store_user_add(b->st, &u)) != PERR_OK)
			die("user add", e);
		b->users[i] = u.id;
		if ((e = store_member_add(b->st, staff, u.id)) != PERR_OK)
			die("member add", e);
		gi[0] = i % BENCH_GROUPS;
		gi[1] = (i / BENCH_GROUPS) % BENCH_GROUPS;
		gi[2] = (i * 7 + 3) % BENCH_GROUPS;
		for (k = 0; k < 3; k++) {
			if ((k > 0 && gi[k] == gi[0]) ||
			    (k > 1 && gi[k] == gi[1]))
				continue;
			if ((e = store_member_add(b->st, groups[gi[k]], u.id))
			    != PERR_OK)
				die("member add", e);
		}
	}
	for (i = 0; i < BENCH_APPS; i++) {
		memset(&p, 0, sizeof(p));
		snprintf(p.name, sizeof(p.name), "p%02d", i);
		snprintf(p.external, sizeof(p.external),
		    "https://app%02d.bench.test/", i);
		strlcpy(p.internal, "http://127.0.0.1:8080/",
		    sizeof(p.internal));
		p.flow = FLOW_IMPLICIT;
		p.mode = PMODE_DOMAIN;
		if ((e = store_provider_add(b->st, &p, NULL, 0)) != PERR_OK)
			die("provider add", e);
		memset(&a, 0, sizeof(a));
		snprintf(a.slug, sizeof(a.slug), "app%02d", i);
		snprintf(a.name, sizeof(a.name), "Application %d", i);
		a.provider_id = p.id;
		a.policy = POLICY_ANY;
		if ((e = app_add(b->st, &a, o.id, &why)) != PERR_OK)
			die(why != NULL ? why : "app add", e);
		for (k = 0; k < 4; k++) {
			memset(&bd, 0, sizeof(bd));
			bd.app_id = a.id;
			bd.order = k;
			bd.enabled = 1;
			if (k == 0)
				bd.group_id = groups[i];
			else if (k == 1)
				bd.group_id = groups[(i + 1) % BENCH_GROUPS];
			else if (k == 2)
				bd.group_id = staff;
			else
				bd.user_id = b->users[i];
			if ((e = binding_add(b->st, &bd)) != PERR_OK)
				die("binding add", e);
		}
	}
	if ((e = store_commit(b->st)) != PERR_OK)
		die("commit", e);
	if ((e = setting_cookie_name(b->st, b->cookiename,
	    sizeof(b->cookiename))) != PERR_OK)
		die("cookie name", e);
}

/* Grow the store to n sessions, user i % 10^4 for session i. */
static void
bench_sessions(struct bench *b, size_t n)
{
	struct user	 u;
	void		*nt;
	size_t		 i;
	enum perr	 e;

	if (n > b->maxtokens) {
		if ((nt = realloc(b->tokens, n * sizeof(*b->tokens))) == NULL)
			die("tokens", PERR_NOMEM);
		b->tokens = nt;
		b->maxtokens = n;
	}
	memset(&u, 0, sizeof(u));
	u.active = 1;
	for (i = b->ntokens; i < n; i++) {
		if ((i - b->ntokens) % BENCH_BATCH == 0) {
			if (i > b->ntokens && (e = store_commit(b->st))
			    != PERR_OK)
				die("commit", e);
			if ((e = store_begin(b->st)) != PERR_OK)
				die("begin", e);
		}
		u.id = b->users[i % BENCH_USERS];
		if ((e = session_create(b->st, &u, BENCH_TTL, BENCH_IDLE,
		    FACTOR_PASSWORD, "127.0.0.1", "decide_bench", b->now,
		    b->tokens[i], NULL)) != PERR_OK)
			die("session create", e);
	}
	if (n > b->ntokens && (e = store_commit(b->st)) != PERR_OK)
		die("commit", e);
	b->ntokens = n;
}

/*
 * Every session in a random order, shuffled once and then taken in turn:
 * the timed loop then pays no cache miss of its own to pick each cookie
 * out of an array of 10^6.
 */
static void
bench_shuffle(struct bench *b)
{
	char		tmp[TOKEN_B64_LEN + 1];
	uint64_t	seed = UINT64_C(0x2545f4914f6cdd1d) ^ b->ntokens;
	size_t		i, j;

	for (i = b->ntokens - 1; i > 0; i--) {
		j = (size_t)(rnd(&seed) % (i + 1));
		memcpy(tmp, b->tokens[i], sizeof(tmp));
		memcpy(b->tokens[i], b->tokens[j], sizeof(tmp));
		memcpy(b->tokens[j], tmp, sizeof(tmp));
	}
	b->next = 0;
}

/*
 * What a worker does per request (authz-fcgi/worker.c), for one random
 * cookie: one read transaction around the configuration refresh (one
 * generation read) and the decision, then the deferred touch if due.
 */
static size_t
bench_loop(struct bench *b, struct decide_cfg *cfg, double secs,
    uint64_t *seed, double *elapsed)
{
	struct request	 req;
	struct decision	 d;
	char		 cookie[COOKIE_NAME_MAX + TOKEN_B64_LEN + 64];
	char		 host[32];
	size_t		 done = 0, pre, j;
	uint64_t	 r;
	double		 t0, t;
	enum perr	 e;
	int		 i;

	memset(&req, 0, sizeof(req));
	req.uri = "/some/page?x=1";
	req.method = "GET";
	req.addr = "127.0.0.1";
	req.accept = "text/html,application/xhtml+xml";
	req.https = 1;
	req.host = host;
	req.cookie = cookie;
	pre = (size_t)snprintf(cookie, sizeof(cookie), "theme=dark; %s=",
	    b->cookiename);
	t0 = mono();
	for (;;) {
		for (i = 0; i < 256; i++) {
			r = rnd(seed);
			j = b->next++ % b->ntokens;
			memcpy(cookie + pre, b->tokens[j], TOKEN_B64_LEN + 1);
			snprintf(host, sizeof(host), "app%02d.bench.test",
			    (int)((r >> 40) % BENCH_APPS));
			if ((e = store_read_begin(b->st)) != PERR_OK)
				die("begin", e);
			if ((e = decide_cfg_refresh(b->st, cfg)) != PERR_OK)
				die("refresh", e);
			decide_deferred(cfg, b->st, &req, b->now + 1, &d);
			if ((e = store_read_end(b->st)) != PERR_OK)
				die("end", e);
			decide_touch(b->st, &d, b->now + 1);
			if (d.outcome != OUTCOME_ALLOW) {
				fprintf(stderr, "decide_bench: outcome %d (%s) "
				    "for %s\n", d.outcome, d.why, host);
				exit(1);
			}
		}
		done += 256;
		if ((t = mono() - t0) >= secs)
			break;
	}
	*elapsed = t;
	return done;
}

static int
cmp_double(const void *a, const void *b)
{
	double	x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void
pin(int cpu)
{
	cpu_set_t	set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set) == -1) {
		fprintf(stderr, "decide_bench: pinning to CPU %d: %s\n", cpu,
		    strerror(errno));
		exit(1);
	}
}

static void
usage(void)
{
	fprintf(stderr,
	    "usage: decide_bench [--sizes N,N,...] [--runs R] [--secs S] "
	    "[--cpu C] [--dir DIR] [--keep]\n"
	    "       decide_bench --populate DB --sessions N --cookies FILE\n");
	exit(2);
}

/* bench/run's store: an initialized, empty DB filled, cookies written. */
static int
populate(const char *db, size_t n, const char *cookies)
{
	struct bench	*b;
	FILE		*f;
	size_t		 i;
	enum perr	 e;

	if ((b = calloc(1, sizeof(*b))) == NULL)
		die("bench", PERR_NOMEM);
	b->now = (int64_t)time(NULL);
	if ((e = store_open(&b->st, db, 0)) != PERR_OK)
		die(db, e);
	bench_config(b);
	bench_sessions(b, n);
	if ((f = fopen(cookies, "w")) == NULL) {
		fprintf(stderr, "decide_bench: %s: %s\n", cookies,
		    strerror(errno));
		return 1;
	}
	for (i = 0; i < n; i++)
		fprintf(f, "%s=%s\n", b->cookiename, b->tokens[i]);
	if (fclose(f) != 0) {
		fprintf(stderr, "decide_bench: %s: write failed\n", cookies);
		return 1;
	}
	store_close(b->st);
	free(b->tokens);
	free(b);
	return 0;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "sizes", required_argument, NULL, 's' },
		{ "runs", required_argument, NULL, 'r' },
		{ "secs", required_argument, NULL, 'S' },
		{ "cpu", required_argument, NULL, 'c' },
		{ "dir", required_argument, NULL, 'd' },
		{ "keep", no_argument, NULL, 'k' },
		{ "populate", required_argument, NULL, 'P' },
		{ "sessions", required_argument, NULL, 'n' },
		{ "cookies", required_argument, NULL, 'C' },
		{ NULL, 0, NULL, 0 }
	};
	struct bench		*b;
	struct decide_cfg	*cfg = NULL;
	struct usercache	*uc;
	const char		*sizes = "100,10000,1000000", *dir = NULL;
	const char		*popdb = NULL, *cookies = NULL, *errstr;
	char			 tmpl[] = "/tmp/decide_bench.XXXXXX";
	char			 db[4096], list[256], *tok, *save;
	size_t			 ns[8], nsizes = 0, npop = 0, i, done;
	double			 rate[BENCH_MAXRUNS], med[8], secs = 1.0;
	double			 elapsed, t0, tbuild;
	uint64_t		 seed = 0x9e3779b97f4a7c15ULL;
	int			 ch, runs = 5, cpu = -1, keep = 0, r;
	enum perr		 e;

	while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (ch) {
		case 's':
			sizes = optarg;
			break;
		case 'r':
			runs = (int)strtonum(optarg, 1, BENCH_MAXRUNS, &errstr);
			if (errstr != NULL)
				usage();
			break;
		case 'S':
			secs = strtod(optarg, NULL);
			if (secs <= 0 || secs > 60)
				usage();
			break;
		case 'c':
			cpu = (int)strtonum(optarg, 0, CPU_SETSIZE - 1, &errstr);
			if (errstr != NULL)
				usage();
			break;
		case 'd':
			dir = optarg;
			break;
		case 'k':
			keep = 1;
			break;
		case 'P':
			popdb = optarg;
			break;
		case 'n':
			npop = (size_t)strtonum(optarg, 1, 10000000, &errstr);
			if (errstr != NULL)
				usage();
			break;
		case 'C':
			cookies = optarg;
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
	log_open("decide_bench", LOG_DEST_STDERR);
	if (popdb != NULL) {
		if (npop == 0 || cookies == NULL)
			usage();
		return populate(popdb, npop, cookies);
	}

	strlcpy(list, sizes, sizeof(list));
	for (tok = strtok_r(list, ",", &save); tok != NULL;
	    tok = strtok_r(NULL, ",", &save)) {
		if (nsizes == sizeof(ns) / sizeof(ns[0]))
			usage();
		ns[nsizes] = (size_t)strtonum(tok, 1, 10000000, &errstr);
		if (errstr != NULL || (nsizes > 0 && ns[nsizes] <= ns[nsizes - 1]))
			usage();	/* increasing: the store only grows */
		nsizes++;
	}
	if (nsizes == 0)
		usage();
	if (cpu == -1)
		cpu = (int)sysconf(_SC_NPROCESSORS_ONLN) - 1;
	pin(cpu);

	if (dir == NULL && (dir = mkdtemp(tmpl)) == NULL) {
		perror("decide_bench: mkdtemp");
		return 1;
	}
	snprintf(db, sizeof(db), "%s/bench.db", dir);
	if ((b = calloc(1, sizeof(*b))) == NULL)
		die("bench", PERR_NOMEM);
	b->now = (int64_t)time(NULL);
	t0 = mono();
	if ((e = store_open(&b->st, db, STORE_MIGRATE)) != PERR_OK)
		die(db, e);
	bench_config(b);
	if ((e = decide_cfg_load(b->st, "embedded", &cfg)) != PERR_OK)
		die("configuration", e);
	/* authz-fcgi's user cache, at its default size. */
	if ((uc = usercache_new(USERCACHE_DEFAULT)) == NULL)
		die("user cache", PERR_NOMEM);
	decide_cfg_cache(cfg, uc);
	tbuild = mono() - t0;
	printf("in-process: what an authz-fcgi worker does per request "
	    "(read transaction,\ndecide_cfg_refresh(), decide(), user cache "
	    "of %d), one thread on CPU %d,\n%d users, %d applications with 4 bindings "
	    "each, random valid cookies;\nmedian of %d runs of %.1f s "
	    "(configuration built in %.1f s)\n\n", USERCACHE_DEFAULT, cpu, BENCH_USERS,
	    BENCH_APPS, runs, secs, tbuild);
	printf("%10s %14s %10s %10s %10s  %s\n", "sessions", "decisions/s",
	    "us/dec", "min/s", "max/s", "store built in");
	fflush(stdout);
	for (i = 0; i < nsizes; i++) {
		struct stat	sb;

		t0 = mono();
		bench_sessions(b, ns[i]);
		tbuild = mono() - t0;
		bench_shuffle(b);
		/* Warm up: the OS and SQLite caches, as a server runs warm. */
		(void)bench_loop(b, cfg, secs / 2 > 1.0 ? secs / 2 : 1.0, &seed,
		    &elapsed);
		for (r = 0; r < runs; r++) {
			done = bench_loop(b, cfg, secs, &seed, &elapsed);
			rate[r] = (double)done / elapsed;
		}
		qsort(rate, (size_t)runs, sizeof(rate[0]), cmp_double);
		med[i] = runs % 2 ? rate[runs / 2] :
		    (rate[runs / 2 - 1] + rate[runs / 2]) / 2;
		if (stat(db, &sb) == -1)
			sb.st_size = 0;
		printf("%10zu %14.0f %10.2f %10.0f %10.0f  %.1f s (%lld MiB)\n",
		    ns[i], med[i], 1e6 / med[i], rate[0], rate[runs - 1],
		    tbuild, (long long)(sb.st_size >> 20));
		fflush(stdout);
	}
	printf("\ncost ratio %zu : %zu = %.2f\n", ns[nsizes - 1], ns[0],
	    med[0] / med[nsizes - 1]);
	/* Machine-readable, for bench/run. */
	for (i = 0; i < nsizes; i++)
		printf("RESULT inproc %zu %.0f\n", ns[i], med[i]);
	printf("RESULT ratio %.3f\n", med[0] / med[nsizes - 1]);

	decide_cfg_free(cfg);
	usercache_free(uc);
	store_close(b->st);
	free(b->tokens);
	free(b);
	if (!keep) {
		char	p[4200];

		unlink(db);
		snprintf(p, sizeof(p), "%s-wal", db);
		unlink(p);
		snprintf(p, sizeof(p), "%s-shm", db);
		unlink(p);
		if (dir == tmpl)
			rmdir(dir);
	}
	return 0;
}
