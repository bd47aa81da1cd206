/* postern: tests for lib/outpost.c: names and creation. */
/*
 * An outpost name follows provider_name_check()'s grammar, because it is
 * typed on authz-fcgi's command line (--outpost NAME).  A fresh store
 * already holds "embedded", which every new application joins by default.
 */
#include "config.h"

#include <string.h>

#include "lib/limits.h"
#include "lib/outpost.h"
#include "lib/store.h"
#include "tests.h"

#define NROWS(t)	((int)(sizeof(t) / sizeof((t)[0])))

#define A16	"aaaaaaaaaaaaaaaa"
#define A64	A16 A16 A16 A16

static const struct {
	const char	*name;
	enum perr	 want;
} name_rows[] = {
	{ "embedded", PERR_OK },
	{ "edge-1", PERR_OK },
	{ "Edge.eu_west", PERR_OK },
	{ A64, PERR_OK },
	{ A64 "a", PERR_TOOLONG },
	{ "", PERR_INVAL },
	{ "edge 1", PERR_INVAL },
	{ "edge,1", PERR_INVAL },
	{ "edge/1", PERR_INVAL },
	{ "--outpost=x", PERR_INVAL },
	{ "edge\n", PERR_INVAL },
	{ "\xc3\xa9", PERR_INVAL },
};

START_TEST(test_outpost_name_check_answers_each_shape_as_expected)
{
	enum perr	e = outpost_name_check(name_rows[_i].name);

	ck_assert_msg(e == name_rows[_i].want, "row %d: got %d", _i, e);
}
END_TEST

static int
count_outpost_cb(const struct outpost *o, void *arg)
{
	(*(int *)arg)++;
	return 0;
}

static int
outpost_count(struct store *st)
{
	int	n = 0;

	ck_assert_int_eq(store_outpost_list(st, count_outpost_cb, &n),
	    PERR_OK);
	return n;
}

START_TEST(test_outpost_embedded_exists_in_a_fresh_store)
{
	struct store	*st = fixture_open(NULL);
	struct outpost	 o;

	ck_assert_str_eq(OUTPOST_EMBEDDED, "embedded");
	ck_assert_int_eq(store_outpost_get(st, OUTPOST_EMBEDDED, &o), PERR_OK);
	ck_assert_int_gt(o.id, 0);
	ck_assert_int_eq(o.apps, 0);
	ck_assert_int_eq(outpost_count(st), 1);
	fixture_close(st);
}
END_TEST

START_TEST(test_outpost_add_stores_a_new_outpost_and_fills_the_id)
{
	struct store	*st = fixture_open(NULL);
	struct outpost	 o, got;

	memset(&o, 0, sizeof(o));
	strlcpy(o.name, "edge", sizeof(o.name));
	ck_assert_int_eq(outpost_add(st, &o), PERR_OK);
	ck_assert_int_gt(o.id, 0);
	ck_assert_int_eq(store_outpost_get(st, "edge", &got), PERR_OK);
	ck_assert_int_eq(got.id, o.id);
	ck_assert_int_eq(outpost_count(st), 2);
	fixture_close(st);
}
END_TEST

static const struct {
	const char	*name;
	enum perr	 want;
} add_bad_rows[] = {
	{ OUTPOST_EMBEDDED, PERR_EXISTS },
	{ "", PERR_INVAL },
	{ "edge 1", PERR_INVAL },
	{ "edge\n", PERR_INVAL },
};

START_TEST(test_outpost_add_refuses_a_taken_or_invalid_name_and_stores_nothing)
{
	struct store	*st = fixture_open(NULL);
	struct outpost	 o;
	int64_t		 gen, gen2;

	ck_assert_int_eq(store_generation(st, &gen), PERR_OK);
	memset(&o, 0, sizeof(o));
	strlcpy(o.name, add_bad_rows[_i].name, sizeof(o.name));
	ck_assert_int_eq(outpost_add(st, &o), add_bad_rows[_i].want);
	ck_assert_int_eq(outpost_count(st), 1);
	ck_assert_int_eq(store_generation(st, &gen2), PERR_OK);
	ck_assert_int_eq(gen2, gen);
	fixture_close(st);
}
END_TEST

Suite *
suite_outpost(void)
{
	Suite	*s = suite_create("outpost");
	TCase	*tc;

	tc = tcase_create("outpost_name_check");
	tcase_add_loop_test(tc,
	    test_outpost_name_check_answers_each_shape_as_expected, 0,
	    NROWS(name_rows));
	suite_add_tcase(s, tc);

	tc = tcase_create("outpost_add");
	tcase_add_test(tc, test_outpost_embedded_exists_in_a_fresh_store);
	tcase_add_test(tc, test_outpost_add_stores_a_new_outpost_and_fills_the_id);
	tcase_add_loop_test(tc,
	    test_outpost_add_refuses_a_taken_or_invalid_name_and_stores_nothing,
	    0, NROWS(add_bad_rows));
	suite_add_tcase(s, tc);
	return s;
}
