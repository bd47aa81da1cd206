/* postern: tests for lib/regulation.c: failures, bans and their doubling. */
/*
 * B01: max_retries failures within find_time ban the key for ban_time, and
 * during the ban regulation_check() refuses whatever the caller holds
 * (the correct password included: it is never asked).  B07: the ban is
 * soft (over at its end) and doubles on repeat, up to REGULATION_BAN_MAX.
 * Users and addresses are counted apart; failures older than find_time do
 * not count; a success forgets the failures but not a ban.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "lib/regulation.h"
#include "lib/setting.h"
#include "lib/store.h"
#include "tests.h"

#define NROWS(t)	((int)(sizeof(t) / sizeof((t)[0])))
#define NOW		1700000000
#define DAY		86400

static const struct regulation defaults = { 5, 600, 300 };

/* Fail (kind, key) n times, one second apart from t; the last banned flag. */
static int
fail_n(struct store *st, const struct regulation *r, enum bankind kind,
    const char *key, int n, int64_t t)
{
	int	i, banned = -1;

	for (i = 0; i < n; i++)
		ck_assert_int_eq(regulation_fail(st, r, kind, key, t + i,
		    &banned), PERR_OK);
	return banned;
}

/* ------------------------------------------------------ regulation_load */

START_TEST(test_regulation_load_gives_the_defaults_on_a_fresh_store)
{
	struct store		*st = fixture_open(NULL);
	struct regulation	 r;

	memset(&r, 0xff, sizeof(r));
	ck_assert_int_eq(regulation_load(st, &r), PERR_OK);
	ck_assert_int_eq(r.max_retries, 5);
	ck_assert_int_eq(r.find_time, 600);
	ck_assert_int_eq(r.ban_time, 300);
	fixture_close(st);
}
END_TEST

START_TEST(test_regulation_load_reads_the_three_settings)
{
	struct store		*st = fixture_open(NULL);
	struct regulation	 r;

	ck_assert_int_eq(setting_set(st, "regulation.max_retries", "3", NULL),
	    PERR_OK);
	ck_assert_int_eq(setting_set(st, "regulation.find_time", "1h", NULL),
	    PERR_OK);
	ck_assert_int_eq(setting_set(st, "regulation.ban_time", "1h30m",
	    NULL), PERR_OK);
	ck_assert_int_eq(regulation_load(st, &r), PERR_OK);
	ck_assert_int_eq(r.max_retries, 3);
	ck_assert_int_eq(r.find_time, 3600);
	ck_assert_int_eq(r.ban_time, 5400);
	fixture_close(st);
}
END_TEST

static const struct {
	const char	*key;
	const char	*value;
} load_bad_rows[] = {
	{ "regulation.max_retries", "many" },
	{ "regulation.max_retries", "-1" },
	{ "regulation.find_time", "10 minutes" },
	{ "regulation.ban_time", "" },
};

/* A stored value that does not validate fails closed. */
START_TEST(test_regulation_load_refuses_a_corrupt_stored_value)
{
	struct store		*st = fixture_open(NULL);
	struct regulation	 r;

	ck_assert_int_eq(store_setting_set(st, load_bad_rows[_i].key,
	    load_bad_rows[_i].value), PERR_OK);
	ck_assert_int_ne(regulation_load(st, &r), PERR_OK);
	fixture_close(st);
}
END_TEST

/* ------------------------------------------------ regulation_ban_length */

static const struct {
	int64_t	ban_time;
	int	level;
	int64_t	want;
} length_rows[] = {
	{ 300, 1, 300 },
	{ 300, 2, 600 },
	{ 300, 3, 1200 },
	{ 300, 4, 2400 },
	{ 300, 11, 300 << 10 },			/* 307200 s, 3.6 days */
	{ 300, 12, REGULATION_BAN_MAX },	/* 614400 would pass 7 days */
	{ 300, 100, REGULATION_BAN_MAX },
	{ 300, 1000000, REGULATION_BAN_MAX },
	{ DAY, 1, DAY },
	{ DAY, 3, 4 * DAY },
	{ DAY, 4, REGULATION_BAN_MAX },
	{ 30 * DAY, 1, REGULATION_BAN_MAX },	/* capped from the first */
	{ REGULATION_BAN_MAX, 2, REGULATION_BAN_MAX },
};

START_TEST(test_regulation_ban_length_doubles_up_to_the_cap)
{
	struct regulation	r = defaults;

	r.ban_time = length_rows[_i].ban_time;
	ck_assert_int_eq(regulation_ban_length(&r, length_rows[_i].level),
	    length_rows[_i].want);
}
END_TEST

/* ------------------------------------------------------------ B01, B07 */

START_TEST(test_regulation_B01_bans_after_max_retries_failures)
{
	struct store	*st = fixture_open(NULL);
	int64_t		 until = 0;
	int		 i, banned;

	for (i = 0; i < 4; i++) {
		ck_assert_int_eq(regulation_fail(st, &defaults, BAN_USER,
		    "alice", NOW + 10 * i, &banned), PERR_OK);
		ck_assert_int_eq(banned, 0);
		ck_assert_int_eq(regulation_check(st, BAN_USER, "alice",
		    NOW + 10 * i, &until), PERR_OK);
	}
	ck_assert_int_eq(regulation_fail(st, &defaults, BAN_USER, "alice",
	    NOW + 40, &banned), PERR_OK);
	ck_assert_int_eq(banned, 1);
	ck_assert_int_eq(regulation_check(st, BAN_USER, "alice", NOW + 40,
	    &until), PERR_DENIED);
	ck_assert_int_eq(until, NOW + 40 + 300);
	fixture_close(st);
}
END_TEST

/* B01: during the ban every attempt is refused, the correct one too. */
START_TEST(test_regulation_B01_refuses_every_moment_of_the_ban)
{
	struct store	*st = fixture_open(NULL);
	int64_t		 t, until = 0;

	ck_assert_int_eq(fail_n(st, &defaults, BAN_USER, "alice", 5, NOW), 1);
	/* Banned from NOW + 4 to NOW + 304. */
	for (t = NOW + 4; t < NOW + 304; t += 7) {
		ck_assert_int_eq(regulation_check(st, BAN_USER, "alice", t,
		    &until), PERR_DENIED);
		ck_assert_int_eq(until, NOW + 304);
	}
	ck_assert_int_eq(regulation_check(st, BAN_USER, "alice", NOW + 303,
	    NULL), PERR_DENIED);
	/* A success (a correct password) forgets failures, not the ban. */
	ck_assert_int_eq(regulation_success(st, BAN_USER, "alice"), PERR_OK);
	ck_assert_int_eq(regulation_check(st, BAN_USER, "alice", NOW + 100,
	    NULL), PERR_DENIED);
	fixture_close(st);
}
END_TEST

/* B07: the ban ends by itself, and the next one lasts twice as long. */
START_TEST(test_regulation_B07_lifts_the_ban_at_its_end_and_doubles_the_next)
{
	struct store	*st = fixture_open(NULL);
	int64_t		 t = NOW, until = 0, len = 300;
	int		 ban;

	for (ban = 1; ban <= 4; ban++) {
		ck_assert_int_eq(fail_n(st, &defaults, BAN_USER, "alice", 5, t),
		    1);
		ck_assert_int_eq(regulation_check(st, BAN_USER, "alice", t + 4,
		    &until), PERR_DENIED);
		ck_assert_msg(until == t + 4 + len, "ban %d lasts %lld", ban,
		    (long long)(until - t - 4));
		ck_assert_int_eq(regulation_check(st, BAN_USER, "alice",
		    until - 1, NULL), PERR_DENIED);
		ck_assert_int_eq(regulation_check(st, BAN_USER, "alice",
		    until, NULL), PERR_OK);
		t = until;
		len *= 2;
	}
	fixture_close(st);
}
END_TEST

START_TEST(test_regulation_B07_never_bans_longer_than_the_cap)
{
	struct store		*st = fixture_open(NULL);
	struct regulation	 r = defaults;
	int64_t			 t = NOW, until = 0;
	static const int64_t	 want[] = { 3 * DAY, 6 * DAY,
				    REGULATION_BAN_MAX, REGULATION_BAN_MAX };
	int			 ban;

	r.ban_time = 3 * DAY;
	for (ban = 0; ban < 4; ban++) {
		ck_assert_int_eq(fail_n(st, &r, BAN_USER, "alice", 5, t), 1);
		ck_assert_int_eq(regulation_check(st, BAN_USER, "alice", t + 4,
		    &until), PERR_DENIED);
		ck_assert_int_eq(until - (t + 4), want[ban]);
		t = until;
	}
	fixture_close(st);
}
END_TEST

START_TEST(test_regulation_fail_forgets_the_counted_failures_when_it_bans)
{
	struct store	*st = fixture_open(NULL);
	int64_t		 n = -1;

	ck_assert_int_eq(fail_n(st, &defaults, BAN_USER, "alice", 5, NOW), 1);
	ck_assert_int_eq(store_failure_count(st, BAN_USER, "alice", 0, &n),
	    PERR_OK);
	ck_assert_int_eq(n, 0);
	fixture_close(st);
}
END_TEST

/* ----------------------------------------------- counting and forgetting */

START_TEST(test_regulation_success_clears_the_failures)
{
	struct store	*st = fixture_open(NULL);

	ck_assert_int_eq(fail_n(st, &defaults, BAN_USER, "alice", 4, NOW), 0);
	ck_assert_int_eq(regulation_success(st, BAN_USER, "alice"), PERR_OK);
	/* Four more make four, not eight. */
	ck_assert_int_eq(fail_n(st, &defaults, BAN_USER, "alice", 4, NOW + 10),
	    0);
	ck_assert_int_eq(regulation_check(st, BAN_USER, "alice", NOW + 20,
	    NULL), PERR_OK);
	/* The fifth bans. */
	ck_assert_int_eq(fail_n(st, &defaults, BAN_USER, "alice", 1, NOW + 20),
	    1);
	fixture_close(st);
}
END_TEST

START_TEST(test_regulation_success_of_an_unknown_key_is_ok)
{
	struct store	*st = fixture_open(NULL);

	ck_assert_int_eq(regulation_success(st, BAN_ADDR, "198.51.100.1"),
	    PERR_OK);
	ck_assert_int_eq(regulation_check(st, BAN_ADDR, "198.51.100.1", NOW,
	    NULL), PERR_OK);
	fixture_close(st);
}
END_TEST

/* Four failures of one bucket, one of the other: which (kind, key) bans. */
static const struct {
	enum bankind	 kind;
	const char	*key;
	int		 banned;	/* after alice's user bucket is banned */
} bucket_rows[] = {
	{ BAN_USER, "alice", 1 },
	{ BAN_ADDR, "alice", 0 },		/* same key, other kind */
	{ BAN_USER, "bob", 0 },
	{ BAN_ADDR, "192.0.2.10", 0 },
	{ BAN_USER, "ALICE", 0 },		/* keys are exact (canonical) */
	{ BAN_USER, "alice ", 0 },
};

START_TEST(test_regulation_counts_users_and_addresses_apart)
{
	struct store	*st = fixture_open(NULL);

	/* Failures spread over other buckets never add up. */
	ck_assert_int_eq(fail_n(st, &defaults, BAN_ADDR, "192.0.2.10", 4, NOW),
	    0);
	ck_assert_int_eq(fail_n(st, &defaults, BAN_ADDR, "alice", 4, NOW), 0);
	ck_assert_int_eq(fail_n(st, &defaults, BAN_USER, "bob", 4, NOW), 0);
	ck_assert_int_eq(fail_n(st, &defaults, BAN_USER, "alice", 5, NOW), 1);
	ck_assert_int_eq(regulation_check(st, bucket_rows[_i].kind,
	    bucket_rows[_i].key, NOW + 10, NULL),
	    bucket_rows[_i].banned ? PERR_DENIED : PERR_OK);
	fixture_close(st);
}
END_TEST

START_TEST(test_regulation_B06_bans_an_address_spraying_many_users)
{
	struct store	*st = fixture_open(NULL);
	char		 user[16];
	int		 i, banned = 0;

	for (i = 0; i < 5; i++) {
		ck_assert_int_lt(snprintf(user, sizeof(user), "user%d", i),
		    (int)sizeof(user));
		ck_assert_int_eq(regulation_fail(st, &defaults, BAN_USER, user,
		    NOW + i, NULL), PERR_OK);
		ck_assert_int_eq(regulation_fail(st, &defaults, BAN_ADDR,
		    "192.0.2.66", NOW + i, &banned), PERR_OK);
	}
	ck_assert_int_eq(banned, 1);
	ck_assert_int_eq(regulation_check(st, BAN_ADDR, "192.0.2.66", NOW + 10,
	    NULL), PERR_DENIED);
	ck_assert_int_eq(regulation_check(st, BAN_USER, "user0", NOW + 10,
	    NULL), PERR_OK);
	fixture_close(st);
}
END_TEST

/*
 * Four failures at NOW..NOW+3, then the fifth at NOW + 3 + gap: does it
 * ban?  find_time is 600.
 */
static const struct {
	int64_t	gap;
	int	banned;
} window_rows[] = {
	{ 1, 1 },
	{ 500, 1 },
	{ 596, 1 },		/* the first failure is 599 s old */
	{ 598, 0 },		/* the first failure is 601 s old */
	{ 1000, 0 },
	{ 100000, 0 },
};

START_TEST(test_regulation_ignores_failures_older_than_find_time)
{
	struct store	*st = fixture_open(NULL);
	int		 banned = -1;

	ck_assert_int_eq(fail_n(st, &defaults, BAN_USER, "alice", 4, NOW), 0);
	ck_assert_int_eq(regulation_fail(st, &defaults, BAN_USER, "alice",
	    NOW + 3 + window_rows[_i].gap, &banned), PERR_OK);
	ck_assert_msg(banned == window_rows[_i].banned, "row %d: banned %d",
	    _i, banned);
	fixture_close(st);
}
END_TEST

START_TEST(test_regulation_check_of_an_unknown_key_is_ok)
{
	struct store	*st = fixture_open(NULL);
	int64_t		 until = 42;

	ck_assert_int_eq(regulation_check(st, BAN_USER, "nosuchuser", NOW,
	    &until), PERR_OK);
	ck_assert_int_eq(regulation_check(st, BAN_ADDR, "198.51.100.7", NOW,
	    NULL), PERR_OK);
	fixture_close(st);
}
END_TEST

START_TEST(test_regulation_fail_accepts_a_null_banned)
{
	struct store	*st = fixture_open(NULL);
	int		 i;

	for (i = 0; i < 5; i++)
		ck_assert_int_eq(regulation_fail(st, &defaults, BAN_USER,
		    "alice", NOW + i, NULL), PERR_OK);
	ck_assert_int_eq(regulation_check(st, BAN_USER, "alice", NOW + 5,
	    NULL), PERR_DENIED);
	fixture_close(st);
}
END_TEST

Suite *
suite_regulation(void)
{
	Suite	*s = suite_create("regulation");
	TCase	*tc;

	tc = tcase_create("settings");
	tcase_add_test(tc, test_regulation_load_gives_the_defaults_on_a_fresh_store);
	tcase_add_test(tc, test_regulation_load_reads_the_three_settings);
	tcase_add_loop_test(tc, test_regulation_load_refuses_a_corrupt_stored_value,
	    0, NROWS(load_bad_rows));
	tcase_add_loop_test(tc, test_regulation_ban_length_doubles_up_to_the_cap,
	    0, NROWS(length_rows));
	suite_add_tcase(s, tc);

	tc = tcase_create("bans");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_regulation_B01_bans_after_max_retries_failures);
	tcase_add_test(tc, test_regulation_B01_refuses_every_moment_of_the_ban);
	tcase_add_test(tc,
	    test_regulation_B07_lifts_the_ban_at_its_end_and_doubles_the_next);
	tcase_add_test(tc, test_regulation_B07_never_bans_longer_than_the_cap);
	tcase_add_test(tc,
	    test_regulation_fail_forgets_the_counted_failures_when_it_bans);
	tcase_add_test(tc, test_regulation_success_clears_the_failures);
	tcase_add_test(tc, test_regulation_success_of_an_unknown_key_is_ok);
	tcase_add_loop_test(tc, test_regulation_counts_users_and_addresses_apart,
	    0, NROWS(bucket_rows));
	tcase_add_test(tc,
	    test_regulation_B06_bans_an_address_spraying_many_users);
	tcase_add_loop_test(tc,
	    test_regulation_ignores_failures_older_than_find_time, 0,
	    NROWS(window_rows));
	tcase_add_test(tc, test_regulation_check_of_an_unknown_key_is_ok);
	tcase_add_test(tc, test_regulation_fail_accepts_a_null_banned);
	suite_add_tcase(s, tc);
	return s;
}
