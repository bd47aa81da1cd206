/* postern: tests for lib/group.c: names, creation, the membership list. */
/*
 * Group names end up in Remote-Groups, a comma-separated header, so a
 * comma or a control character is refused; quotes (Q06) are text like any
 * other.  group_ids_of() is what the decision reads: it must refuse to cut
 * a membership list short rather than drop groups silently.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "lib/group.h"
#include "lib/limits.h"
#include "lib/store.h"
#include "lib/user.h"
#include "tests.h"

#define NROWS(t)	((int)(sizeof(t) / sizeof((t)[0])))

#define A16	"aaaaaaaaaaaaaaaa"
#define A64	A16 A16 A16 A16
#define NOW	1700000000

static const struct {
	const char	*name;
	enum perr	 want;
} name_rows[] = {
	{ "staff", PERR_OK },
	{ "Staff", PERR_OK },
	{ "a'b", PERR_OK },				/* Q06 */
	{ "O'Hara \"Wiki\"", PERR_OK },			/* Q06 */
	{ "team alpha", PERR_OK },
	{ "\xc3\xa9quipe", PERR_OK },			/* équipe */
	{ "<b>", PERR_OK },				/* escaped on output */
	{ "a", PERR_OK },
	{ A64, PERR_OK },
	{ A64 "a", PERR_TOOLONG },
	{ "", PERR_INVAL },
	{ "staff,admins", PERR_INVAL },			/* the list separator */
	{ ",", PERR_INVAL },
	{ "staff\n", PERR_INVAL },
	{ "staff\r\nX: y", PERR_INVAL },
	{ "st\taff", PERR_INVAL },
	{ "staff\x7f", PERR_INVAL },
	{ "\xc2\x85", PERR_INVAL },			/* C1 NEL */
	{ "\xc0\xbc", PERR_INVAL },			/* overlong */
	{ "st\xff", PERR_INVAL },
};

START_TEST(test_group_name_check_answers_each_shape_as_expected)
{
	enum perr	e = group_name_check(name_rows[_i].name);

	ck_assert_msg(e == name_rows[_i].want, "row %d: got %d", _i, e);
}
END_TEST

static int
count_group_cb(const struct group *g, void *arg)
{
	(*(int *)arg)++;
	return 0;
}

static int
group_count(struct store *st)
{
	int	n = 0;

	ck_assert_int_eq(store_group_list(st, count_group_cb, &n), PERR_OK);
	return n;
}

START_TEST(test_group_add_stores_the_name_literally_and_fills_the_id)
{
	struct store	*st = fixture_open(NULL);
	struct group	 g, got;

	memset(&g, 0, sizeof(g));
	strlcpy(g.name, "a'b", sizeof(g.name));
	ck_assert_int_eq(group_add(st, &g), PERR_OK);
	ck_assert_int_gt(g.id, 0);
	ck_assert_int_eq(store_group_get(st, "a'b", &got), PERR_OK);
	ck_assert_int_eq(got.id, g.id);
	ck_assert_str_eq(got.name, "a'b");
	fixture_close(st);
}
END_TEST

START_TEST(test_group_add_refuses_a_taken_name)
{
	struct store	*st = fixture_open(NULL);
	struct group	 g, dup;

	memset(&g, 0, sizeof(g));
	strlcpy(g.name, "staff", sizeof(g.name));
	ck_assert_int_eq(group_add(st, &g), PERR_OK);
	memset(&dup, 0, sizeof(dup));
	strlcpy(dup.name, "staff", sizeof(dup.name));
	ck_assert_int_eq(group_add(st, &dup), PERR_EXISTS);
	ck_assert_int_eq(group_count(st), 1);
	fixture_close(st);
}
END_TEST

static const struct {
	const char	*name;
	enum perr	 want;
} add_bad_rows[] = {
	{ "", PERR_INVAL },
	{ "staff,admins", PERR_INVAL },
	{ "staff\n", PERR_INVAL },
	{ "\xc0\xbcscript\xc0\xbe", PERR_INVAL },
};

START_TEST(test_group_add_refuses_an_invalid_name_and_stores_nothing)
{
	struct store	*st = fixture_open(NULL);
	struct group	 g;
	int64_t		 gen, gen2;

	ck_assert_int_eq(store_generation(st, &gen), PERR_OK);
	memset(&g, 0, sizeof(g));
	strlcpy(g.name, add_bad_rows[_i].name, sizeof(g.name));
	ck_assert_int_eq(group_add(st, &g), add_bad_rows[_i].want);
	ck_assert_int_eq(group_count(st), 0);
	ck_assert_int_eq(store_generation(st, &gen2), PERR_OK);
	ck_assert_int_eq(gen2, gen);
	fixture_close(st);
}
END_TEST

/* A user who belongs to ngroups groups named g0, g1, ... */
static int64_t
member_of(struct store *st, const char *user, int ngroups, int64_t *gids)
{
	struct user	u;
	struct group	g;
	int		i;

	memset(&u, 0, sizeof(u));
	strlcpy(u.name, user, sizeof(u.name));
	u.active = 1;
	ck_assert_int_eq(user_add(st, &u, NULL, 0, NULL, NOW), PERR_OK);
	ck_assert_int_eq(store_begin(st), PERR_OK);
	for (i = 0; i < ngroups; i++) {
		memset(&g, 0, sizeof(g));
		snprintf(g.name, sizeof(g.name), "%s-g%03d", user, i);
		ck_assert_int_eq(group_add(st, &g), PERR_OK);
		ck_assert_int_eq(store_member_add(st, g.id, u.id), PERR_OK);
		if (gids != NULL)
			gids[i] = g.id;
	}
	ck_assert_int_eq(store_commit(st), PERR_OK);
	return u.id;
}

static int
has_id(const int64_t *ids, size_t n, int64_t id)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (ids[i] == id)
			return 1;
	return 0;
}

/* (groups the user is in, max asked for, result, count) */
static const struct {
	int		 ngroups;
	size_t		 max;
	enum perr	 want;
	size_t		 wantn;
} ids_rows[] = {
	{ 0, 8, PERR_OK, 0 },
	{ 0, 0, PERR_OK, 0 },
	{ 1, 8, PERR_OK, 1 },
	{ 3, 8, PERR_OK, 3 },
	{ 3, 3, PERR_OK, 3 },
	{ 3, 2, PERR_TOOLONG, 0 },
	{ 1, 0, PERR_TOOLONG, 0 },
	{ GROUPS_MAX, GROUPS_MAX, PERR_OK, GROUPS_MAX },
	{ GROUPS_MAX + 1, GROUPS_MAX, PERR_TOOLONG, 0 },
};

START_TEST(test_group_ids_of_lists_every_group_or_refuses_past_max)
{
	struct store	*st = fixture_open(NULL);
	int64_t		 gids[GROUPS_MAX + 1], ids[GROUPS_MAX + 1], user;
	size_t		 n = 999, i;
	enum perr	 e;

	user = member_of(st, "alice", ids_rows[_i].ngroups, gids);
	/* Someone else's groups never show up. */
	(void)member_of(st, "bob", 2, NULL);
	e = group_ids_of(st, user, ids, ids_rows[_i].max, &n);
	ck_assert_msg(e == ids_rows[_i].want, "row %d: got %d", _i, e);
	ck_assert_uint_eq(n, ids_rows[_i].wantn);
	for (i = 0; i < n; i++)
		ck_assert(has_id(gids, (size_t)ids_rows[_i].ngroups, ids[i]));
	for (i = 0; e == PERR_OK && i < (size_t)ids_rows[_i].ngroups; i++)
		ck_assert(has_id(ids, n, gids[i]));
	fixture_close(st);
}
END_TEST

START_TEST(test_group_ids_of_an_unknown_user_is_empty)
{
	struct store	*st = fixture_open(NULL);
	int64_t		 ids[4];
	size_t		 n = 999;

	ck_assert_int_eq(group_ids_of(st, 4242, ids, 4, &n), PERR_OK);
	ck_assert_uint_eq(n, 0);
	fixture_close(st);
}
END_TEST

START_TEST(test_group_ids_of_follows_a_membership_removed_at_once)
{
	struct store	*st = fixture_open(NULL);
	int64_t		 gids[2], ids[4], user;
	size_t		 n = 999;

	user = member_of(st, "bob", 2, gids);
	ck_assert_int_eq(store_member_del(st, gids[1], user), PERR_OK);
	ck_assert_int_eq(group_ids_of(st, user, ids, 4, &n), PERR_OK);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(ids[0], gids[0]);
	fixture_close(st);
}
END_TEST

Suite *
suite_group(void)
{
	Suite	*s = suite_create("group");
	TCase	*tc;

	tc = tcase_create("group_name_check");
	tcase_add_loop_test(tc,
	    test_group_name_check_answers_each_shape_as_expected, 0,
	    NROWS(name_rows));
	suite_add_tcase(s, tc);

	tc = tcase_create("store");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc,
	    test_group_add_stores_the_name_literally_and_fills_the_id);
	tcase_add_test(tc, test_group_add_refuses_a_taken_name);
	tcase_add_loop_test(tc,
	    test_group_add_refuses_an_invalid_name_and_stores_nothing, 0,
	    NROWS(add_bad_rows));
	tcase_add_loop_test(tc,
	    test_group_ids_of_lists_every_group_or_refuses_past_max, 0,
	    NROWS(ids_rows));
	tcase_add_test(tc, test_group_ids_of_an_unknown_user_is_empty);
	tcase_add_test(tc,
	    test_group_ids_of_follows_a_membership_removed_at_once);
	suite_add_tcase(s, tc);
	return s;
}
