/* postern: tests for lib/consent.c: a consent's life under its provider. */
/*
 * "always" lasts as long as the session it was given in (the page is shown
 * again at every login), "permanent" never expires, a duration expires
 * after it, and a row no longer in force is deleted when consent_check()
 * meets it.  Each check is made under the provider's current kind and
 * duration: a permanent row counts only while the provider keeps consents
 * permanently, and a dated one no longer than its duration now allows.  A
 * consent is bound to one user and one application.
 */
#include "config.h"

#include <limits.h>
#include <string.h>

#include "lib/consent.h"
#include "lib/store.h"
#include "lib/user.h"
#include "tests.h"

#define NROWS(t)	((int)(sizeof(t) / sizeof((t)[0])))
#define NOW		1700000000
#define DAY		86400

/* ------------------------------------------------------- consent_live */

static const struct {
	enum consentkind kind;		/* the provider's, now */
	int64_t		 secs;		/* its duration, for CONSENT_DURATION */
	int64_t		 given;
	int64_t		 expires;	/* 0: a permanent row */
	int64_t		 now;
	int		 want;
} live_rows[] = {
	/* a permanent row: only while the provider keeps them permanently */
	{ CONSENT_PERMANENT, 0, 1, 0, 0, 1 },
	{ CONSENT_PERMANENT, 0, 1, 0, NOW, 1 },
	{ CONSENT_PERMANENT, 0, 1, 0, (int64_t)1 << 40, 1 },
	{ CONSENT_ALWAYS, 0, 1, 0, NOW, 0 },
	{ CONSENT_DURATION, 30 * DAY, 1, 0, 2, 0 },
	{ CONSENT_DURATION, 30 * DAY, NOW, 0, NOW, 0 },
	/* a dated row: never past its own expiry, whatever the kind */
	{ CONSENT_PERMANENT, 0, 1, 1000, 999, 1 },
	{ CONSENT_PERMANENT, 0, 1, 1000, 1000, 0 },
	{ CONSENT_PERMANENT, 0, 1, 1000, 1001, 0 },
	{ CONSENT_ALWAYS, 0, 1, 1000, 999, 1 },
	{ CONSENT_ALWAYS, 0, 1, 1000, 1000, 0 },
	{ CONSENT_DURATION, 2000, 1, 1000, 999, 1 },
	{ CONSENT_DURATION, 2000, 1, 1000, 1000, 0 },
	/* nor longer than the provider's duration now allows */
	{ CONSENT_DURATION, 30 * DAY, NOW, NOW + 30 * DAY, NOW + DAY, 1 },
	{ CONSENT_DURATION, DAY, NOW, NOW + 30 * DAY, NOW + DAY - 1, 1 },
	{ CONSENT_DURATION, DAY, NOW, NOW + 30 * DAY, NOW + DAY, 0 },
	{ CONSENT_DURATION, DAY, NOW, NOW + 30 * DAY, NOW + 2 * DAY, 0 },
	/* a longer duration now does not lengthen a given consent */
	{ CONSENT_DURATION, 60 * DAY, NOW, NOW + 30 * DAY, NOW + 30 * DAY, 0 },
	{ CONSENT_DURATION, 60 * DAY, NOW, NOW + 30 * DAY, NOW + 30 * DAY - 1,
	  1 },
};

START_TEST(test_consent_live_answers_each_moment_as_expected)
{
	struct consent	c;

	memset(&c, 0, sizeof(c));
	c.given = live_rows[_i].given;
	c.expires = live_rows[_i].expires;
	ck_assert_msg(consent_live(&c, live_rows[_i].kind, live_rows[_i].secs,
	    live_rows[_i].now) == live_rows[_i].want, "row %d", _i);
}
END_TEST

/* ------------------------------------------------ give, check, expiry */

struct cfx {
	struct store	*st;
	int64_t		 alice, bob;
	int64_t		 grafana, status;
};

static int64_t
cfx_user(struct store *st, const char *name)
{
	struct user	u;

	memset(&u, 0, sizeof(u));
	strlcpy(u.name, name, sizeof(u.name));
	u.active = 1;
	ck_assert_int_eq(user_add(st, &u, NULL, 0, NULL, NOW), PERR_OK);
	return u.id;
}

static int64_t
cfx_app(struct store *st, int64_t provider, const char *slug)
{
	struct app	a;

	memset(&a, 0, sizeof(a));
	strlcpy(a.slug, slug, sizeof(a.slug));
	strlcpy(a.name, slug, sizeof(a.name));
	a.provider_id = provider;
	ck_assert_int_eq(store_app_add(st, &a), PERR_OK);
	return a.id;
}

static void
cfx_open_at(struct cfx *fx, char *path)
{
	struct provider	p;

	fx->st = fixture_open(path);
	fx->alice = cfx_user(fx->st, "alice");
	fx->bob = cfx_user(fx->st, "bob");
	memset(&p, 0, sizeof(p));
	strlcpy(p.name, "grafana", sizeof(p.name));
	strlcpy(p.external, "https://grafana.example.com", sizeof(p.external));
	p.flow = FLOW_EXPLICIT;
	ck_assert_int_eq(store_provider_add(fx->st, &p, NULL, 0), PERR_OK);
	fx->grafana = cfx_app(fx->st, p.id, "grafana");
	fx->status = cfx_app(fx->st, p.id, "status");
}

static void
cfx_open(struct cfx *fx)
{
	cfx_open_at(fx, NULL);
}

static struct provider
provider_with(enum consentkind k, int64_t secs)
{
	struct provider	p;

	memset(&p, 0, sizeof(p));
	p.flow = FLOW_EXPLICIT;
	p.consent = k;
	p.consent_secs = secs;
	return p;
}

/* The session alice consents in ends this long after NOW. */
#define SESSION_LEFT	(12 * 3600)

/*
 * Give alice's consent to grafana at NOW, in a session ending at NOW +
 * SESSION_LEFT, under the provider's consent kind, then check it at NOW +
 * at under the same kind and duration.
 */
static const struct {
	enum consentkind kind;
	int64_t		 secs;
	int64_t		 at;
	enum perr	 want;
	int		 row_after;	/* 1: a row remains after the check */
	int64_t		 expires;	/* of the stored row */
} life_rows[] = {
	/* always: in force until the session ends, then deleted as met */
	{ CONSENT_ALWAYS, 0, 0, PERR_OK, 1, NOW + SESSION_LEFT },
	{ CONSENT_ALWAYS, 0, 1, PERR_OK, 1, NOW + SESSION_LEFT },
	{ CONSENT_ALWAYS, 0, SESSION_LEFT - 1, PERR_OK, 1, NOW + SESSION_LEFT },
	{ CONSENT_ALWAYS, 0, SESSION_LEFT, PERR_NOTFOUND, 0, 0 },
	{ CONSENT_ALWAYS, 0, 30 * DAY, PERR_NOTFOUND, 0, 0 },
	/* permanent: never expires */
	{ CONSENT_PERMANENT, 0, 0, PERR_OK, 1, 0 },
	{ CONSENT_PERMANENT, 0, 3650 * (int64_t)DAY, PERR_OK, 1, 0 },
	/* a duration: in force until given + secs, then deleted as met */
	{ CONSENT_DURATION, 30 * DAY, 0, PERR_OK, 1, NOW + 30 * DAY },
	{ CONSENT_DURATION, 30 * DAY, 30 * DAY - 1, PERR_OK, 1,
	    NOW + 30 * DAY },
	{ CONSENT_DURATION, 30 * DAY, 30 * DAY, PERR_NOTFOUND, 0, 0 },
	{ CONSENT_DURATION, 30 * DAY, 31 * DAY, PERR_NOTFOUND, 0, 0 },
	{ CONSENT_DURATION, 1, 1, PERR_NOTFOUND, 0, 0 },
};

START_TEST(test_consent_check_follows_the_life_of_each_consent_kind)
{
	struct cfx	 fx;
	struct provider	 p = provider_with(life_rows[_i].kind,
			    life_rows[_i].secs);
	struct consent	 c;
	enum perr	 e;

	cfx_open(&fx);
	ck_assert_int_eq(consent_give(fx.st, fx.alice, fx.grafana, &p, NOW,
	    NOW + SESSION_LEFT), PERR_OK);
	e = consent_check(fx.st, fx.alice, fx.grafana, life_rows[_i].kind,
	    life_rows[_i].secs, NOW + life_rows[_i].at);
	ck_assert_msg(e == life_rows[_i].want, "row %d: got %d", _i, e);
	e = store_consent_get(fx.st, fx.alice, fx.grafana, &c);
	ck_assert_int_eq(e, life_rows[_i].row_after ? PERR_OK : PERR_NOTFOUND);
	if (e == PERR_OK) {
		ck_assert_int_eq(c.given, NOW);
		ck_assert_int_eq(c.expires, life_rows[_i].expires);
	}
	fixture_close(fx.st);
}
END_TEST

/*
 * The provider's consent setting changes after the consent was given: the
 * check follows the setting of now, and a row no longer in force under it
 * is deleted, so changing the setting back does not revive it.
 */
static const struct {
	enum consentkind given_kind;	/* when alice consented at NOW */
	int64_t		 given_secs;
	enum consentkind kind;		/* the provider's at the check */
	int64_t		 secs;
	int64_t		 at;
	enum perr	 want;
} change_rows[] = {
	/* a permanent row counts only under "permanent" */
	{ CONSENT_PERMANENT, 0, CONSENT_PERMANENT, 0, DAY, PERR_OK },
	{ CONSENT_PERMANENT, 0, CONSENT_ALWAYS, 0, 1, PERR_NOTFOUND },
	{ CONSENT_PERMANENT, 0, CONSENT_DURATION, 30 * DAY, 1, PERR_NOTFOUND },
	/* a dated row no longer than the duration now allows */
	{ CONSENT_DURATION, 30 * DAY, CONSENT_DURATION, DAY, DAY - 1, PERR_OK },
	{ CONSENT_DURATION, 30 * DAY, CONSENT_DURATION, DAY, DAY,
	  PERR_NOTFOUND },
	{ CONSENT_DURATION, DAY, CONSENT_DURATION, 30 * DAY, DAY,
	  PERR_NOTFOUND },
	/* and never past its own expiry under another kind */
	{ CONSENT_DURATION, DAY, CONSENT_PERMANENT, 0, DAY - 1, PERR_OK },
	{ CONSENT_DURATION, DAY, CONSENT_PERMANENT, 0, DAY, PERR_NOTFOUND },
	{ CONSENT_ALWAYS, 0, CONSENT_PERMANENT, 0, SESSION_LEFT,
	  PERR_NOTFOUND },
	{ CONSENT_ALWAYS, 0, CONSENT_DURATION, 30 * DAY, SESSION_LEFT,
	  PERR_NOTFOUND },
	{ CONSENT_ALWAYS, 0, CONSENT_DURATION, 3600, 3600, PERR_NOTFOUND },
};

START_TEST(test_consent_check_follows_the_provider_setting_of_now)
{
	struct cfx	 fx;
	struct provider	 p = provider_with(change_rows[_i].given_kind,
			    change_rows[_i].given_secs);
	enum perr	 e;

	cfx_open(&fx);
	ck_assert_int_eq(consent_give(fx.st, fx.alice, fx.grafana, &p, NOW,
	    NOW + SESSION_LEFT), PERR_OK);
	e = consent_check(fx.st, fx.alice, fx.grafana, change_rows[_i].kind,
	    change_rows[_i].secs, NOW + change_rows[_i].at);
	ck_assert_msg(e == change_rows[_i].want, "row %d: got %d", _i, e);
	if (e == PERR_NOTFOUND)
		/* Deleted: the setting it was given under cannot revive it. */
		ck_assert_int_eq(consent_check(fx.st, fx.alice, fx.grafana,
		    change_rows[_i].given_kind, change_rows[_i].given_secs,
		    NOW + 1), PERR_NOTFOUND);
	fixture_close(fx.st);
}
END_TEST

START_TEST(test_consent_check_deletes_an_expired_row_for_good)
{
	struct cfx	 fx;
	struct provider	 p = provider_with(CONSENT_DURATION, DAY);

	cfx_open(&fx);
	ck_assert_int_eq(consent_give(fx.st, fx.alice, fx.grafana, &p, NOW,
	    NOW + SESSION_LEFT), PERR_OK);
	ck_assert_int_eq(consent_check(fx.st, fx.alice, fx.grafana,
	    CONSENT_DURATION, DAY, NOW + DAY), PERR_NOTFOUND);
	/* A clock set back does not bring it back. */
	ck_assert_int_eq(consent_check(fx.st, fx.alice, fx.grafana,
	    CONSENT_DURATION, DAY, NOW + 1), PERR_NOTFOUND);
	fixture_close(fx.st);
}
END_TEST

/* A read-only reader (the gate) finds it stale and leaves the row. */
START_TEST(test_consent_check_on_a_read_only_store_keeps_an_expired_row)
{
	struct cfx	 fx;
	struct provider	 p = provider_with(CONSENT_DURATION, DAY);
	struct consent	 c;
	struct store	*ro = NULL;
	char		 path[PATH_MAX];

	cfx_open_at(&fx, path);
	ck_assert_int_eq(consent_give(fx.st, fx.alice, fx.grafana, &p, NOW,
	    NOW + SESSION_LEFT), PERR_OK);
	ck_assert_int_eq(store_open(&ro, path, STORE_READONLY | STORE_SHMREAD),
	    PERR_OK);
	ck_assert_int_eq(consent_check(ro, fx.alice, fx.grafana,
	    CONSENT_DURATION, DAY, NOW + 1), PERR_OK);
	ck_assert_int_eq(consent_check(ro, fx.alice, fx.grafana,
	    CONSENT_DURATION, DAY, NOW + DAY), PERR_NOTFOUND);
	ck_assert_int_eq(store_consent_get(fx.st, fx.alice, fx.grafana, &c),
	    PERR_OK);
	store_close(ro);
	/* A writer removes it. */
	ck_assert_int_eq(consent_check(fx.st, fx.alice, fx.grafana,
	    CONSENT_DURATION, DAY, NOW + DAY), PERR_NOTFOUND);
	ck_assert_int_eq(store_consent_get(fx.st, fx.alice, fx.grafana, &c),
	    PERR_NOTFOUND);
	fixture_close(fx.st);
}
END_TEST

START_TEST(test_consent_check_without_a_consent_is_not_found)
{
	struct cfx	fx;

	cfx_open(&fx);
	ck_assert_int_eq(consent_check(fx.st, fx.alice, fx.grafana,
	    CONSENT_PERMANENT, 0, NOW), PERR_NOTFOUND);
	ck_assert_int_eq(consent_check(fx.st, fx.alice, fx.grafana,
	    CONSENT_ALWAYS, 0, NOW), PERR_NOTFOUND);
	fixture_close(fx.st);
}
END_TEST

/* CS04, 8.2.2: a consent is for one user and one application. */
START_TEST(test_consent_check_binds_a_consent_to_one_user_and_one_app)
{
	struct cfx	 fx;
	struct provider	 p = provider_with(CONSENT_PERMANENT, 0);

	cfx_open(&fx);
	ck_assert_int_eq(consent_give(fx.st, fx.alice, fx.grafana, &p, NOW,
	    NOW + SESSION_LEFT), PERR_OK);
	ck_assert_int_eq(consent_check(fx.st, fx.alice, fx.grafana,
	    CONSENT_PERMANENT, 0, NOW + 1), PERR_OK);
	ck_assert_int_eq(consent_check(fx.st, fx.alice, fx.status,
	    CONSENT_PERMANENT, 0, NOW + 1), PERR_NOTFOUND);
	ck_assert_int_eq(consent_check(fx.st, fx.bob, fx.grafana,
	    CONSENT_PERMANENT, 0, NOW + 1), PERR_NOTFOUND);
	fixture_close(fx.st);
}
END_TEST

START_TEST(test_consent_give_again_replaces_the_earlier_consent)
{
	struct cfx	 fx;
	struct provider	 p = provider_with(CONSENT_DURATION, 3600);
	struct consent	 c;

	cfx_open(&fx);
	ck_assert_int_eq(consent_give(fx.st, fx.alice, fx.grafana, &p, NOW,
	    NOW + SESSION_LEFT), PERR_OK);
	ck_assert_int_eq(consent_give(fx.st, fx.alice, fx.grafana, &p,
	    NOW + 3000, NOW + SESSION_LEFT), PERR_OK);
	ck_assert_int_eq(store_consent_get(fx.st, fx.alice, fx.grafana, &c),
	    PERR_OK);
	ck_assert_int_eq(c.given, NOW + 3000);
	ck_assert_int_eq(c.expires, NOW + 6600);
	ck_assert_int_eq(consent_check(fx.st, fx.alice, fx.grafana,
	    CONSENT_DURATION, 3600, NOW + 3601), PERR_OK);
	/* A permanent consent replaces a timed one. */
	p = provider_with(CONSENT_PERMANENT, 0);
	ck_assert_int_eq(consent_give(fx.st, fx.alice, fx.grafana, &p,
	    NOW + 4000, NOW + SESSION_LEFT), PERR_OK);
	ck_assert_int_eq(consent_check(fx.st, fx.alice, fx.grafana,
	    CONSENT_PERMANENT, 0, NOW + 100 * DAY), PERR_OK);
	fixture_close(fx.st);
}
END_TEST

START_TEST(test_consent_give_under_always_lasts_until_the_session_ends)
{
	struct cfx	 fx;
	struct provider	 perm = provider_with(CONSENT_PERMANENT, 0);
	struct provider	 always = provider_with(CONSENT_ALWAYS, 0);
	struct consent	 c;

	cfx_open(&fx);
	ck_assert_int_eq(consent_give(fx.st, fx.alice, fx.grafana, &perm, NOW,
	    NOW + SESSION_LEFT), PERR_OK);
	ck_assert_int_eq(consent_give(fx.st, fx.alice, fx.status, &always,
	    NOW, NOW + 600), PERR_OK);
	/* The permanent one beside it is untouched. */
	ck_assert_int_eq(store_consent_get(fx.st, fx.alice, fx.grafana, &c),
	    PERR_OK);
	ck_assert_int_eq(c.expires, 0);
	ck_assert_int_eq(store_consent_get(fx.st, fx.alice, fx.status, &c),
	    PERR_OK);
	ck_assert_int_eq(c.given, NOW);
	ck_assert_int_eq(c.expires, NOW + 600);
	ck_assert_int_eq(consent_check(fx.st, fx.alice, fx.status,
	    CONSENT_ALWAYS, 0, NOW + 599), PERR_OK);
	ck_assert_int_eq(consent_check(fx.st, fx.alice, fx.status,
	    CONSENT_ALWAYS, 0, NOW + 600), PERR_NOTFOUND);
	ck_assert_int_eq(store_consent_get(fx.st, fx.alice, fx.status, &c),
	    PERR_NOTFOUND);
	ck_assert_int_eq(consent_check(fx.st, fx.alice, fx.grafana,
	    CONSENT_PERMANENT, 0, NOW + 600), PERR_OK);
	fixture_close(fx.st);
}
END_TEST

Suite *
suite_consent(void)
{
	Suite	*s = suite_create("consent");
	TCase	*tc;

	tc = tcase_create("consent_live");
	tcase_add_loop_test(tc, test_consent_live_answers_each_moment_as_expected,
	    0, NROWS(live_rows));
	suite_add_tcase(s, tc);

	tc = tcase_create("store");
	tcase_set_timeout(tc, 30);
	tcase_add_loop_test(tc,
	    test_consent_check_follows_the_life_of_each_consent_kind, 0,
	    NROWS(life_rows));
	tcase_add_test(tc, test_consent_check_deletes_an_expired_row_for_good);
	tcase_add_test(tc,
	    test_consent_check_on_a_read_only_store_keeps_an_expired_row);
	tcase_add_test(tc, test_consent_check_without_a_consent_is_not_found);
	tcase_add_test(tc,
	    test_consent_check_binds_a_consent_to_one_user_and_one_app);
	tcase_add_test(tc, test_consent_give_again_replaces_the_earlier_consent);
	tcase_add_loop_test(tc,
	    test_consent_check_follows_the_provider_setting_of_now, 0,
	    NROWS(change_rows));
	tcase_add_test(tc,
	    test_consent_give_under_always_lasts_until_the_session_ends);
	suite_add_tcase(s, tc);
	return s;
}
