/* postern: tests for lib/perr.c, one table row per error code. */
/*
 * perr_str() names every value of enum perr, never returns NULL, and
 * answers "unknown error" for anything outside the enum, so a program that
 * logs a stray value still logs a line.
 */
#include "config.h"

#include <string.h>

#include "lib/perr.h"
#include "tests.h"

#define NROWS(t)	((int)(sizeof(t) / sizeof((t)[0])))

/* Each code and a word its description must hold. */
static const struct {
	enum perr	 e;
	const char	*word;
} perr_rows[] = {
	{ PERR_OK, "success" },
	{ PERR_NOMEM, "memory" },
	{ PERR_INVAL, "invalid" },
	{ PERR_TOOLONG, "long" },
	{ PERR_NOTFOUND, "not found" },
	{ PERR_EXISTS, "exists" },
	{ PERR_INUSE, "in use" },
	{ PERR_DENIED, "denied" },
	{ PERR_STORE, "store" },
	{ PERR_BUSY, "busy" },
	{ PERR_VERSION, "version" },
	{ PERR_CRYPTO, "crypto" },
	{ PERR_SYSTEM, "system" },
};

START_TEST(test_perr_str_names_each_error_code)
{
	const char	*s = perr_str(perr_rows[_i].e);

	ck_assert_ptr_nonnull(s);
	ck_assert_msg(strstr(s, perr_rows[_i].word) != NULL,
	    "row %d: \"%s\" lacks \"%s\"", _i, s, perr_rows[_i].word);
}
END_TEST

START_TEST(test_perr_str_table_covers_every_value_of_the_enum)
{
	/* A new code added to the enum must get a row (and a name) here. */
	ck_assert_int_eq(NROWS(perr_rows), PERR__MAX);
}
END_TEST

START_TEST(test_perr_str_gives_each_code_a_distinct_name)
{
	int	i, j;

	for (i = 0; i < PERR__MAX; i++) {
		ck_assert_str_ne(perr_str((enum perr)i), "unknown error");
		for (j = i + 1; j < PERR__MAX; j++)
			ck_assert_str_ne(perr_str((enum perr)i),
			    perr_str((enum perr)j));
	}
}
END_TEST

static const int perr_out_of_range[] = { PERR__MAX, PERR__MAX + 1, 1000, -1 };

START_TEST(test_perr_str_answers_unknown_error_for_a_value_out_of_range)
{
	const char	*s = perr_str((enum perr)perr_out_of_range[_i]);

	ck_assert_ptr_nonnull(s);
	ck_assert_str_eq(s, "unknown error");
}
END_TEST

Suite *
suite_perr(void)
{
	Suite	*s = suite_create("perr");
	TCase	*tc = tcase_create("perr_str");

	tcase_add_loop_test(tc, test_perr_str_names_each_error_code, 0,
	    NROWS(perr_rows));
	tcase_add_test(tc, test_perr_str_table_covers_every_value_of_the_enum);
	tcase_add_test(tc, test_perr_str_gives_each_code_a_distinct_name);
	tcase_add_loop_test(tc,
	    test_perr_str_answers_unknown_error_for_a_value_out_of_range, 0,
	    NROWS(perr_out_of_range));
	suite_add_tcase(s, tc);
	return s;
}
