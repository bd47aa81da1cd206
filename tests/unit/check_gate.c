/* postern: tests for authz-cgi/random.c, the gate's own random source. */
/*
 * A program of its own: it links authz-cgi/random.c before the library, as
 * the gate does, so that token_random() and everything built on it
 * (token_new(), the callback's fresh session) run on getrandom(2) here
 * exactly as in the gate.  Each length is filled exactly, draws differ,
 * and the bytes of a long draw are spread as a uniform source's are.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "lib/limits.h"
#include "lib/token.h"

#define SENTINEL	0xa5
#define SLACK		16

static const size_t lengths[] = { 1, 2, 31, 32, 255, 256, 257, 4096,
    65536, 1 << 20 };

START_TEST(test_gate_random_fills_exactly_the_length_asked)
{
	size_t		 len = lengths[_i], i;
	unsigned char	*a, *b;

	a = malloc(len + SLACK);
	b = malloc(len + SLACK);
	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(b);
	memset(a, SENTINEL, len + SLACK);
	memset(b, SENTINEL, len + SLACK);
	ck_assert_int_eq(token_random(a, len), PERR_OK);
	ck_assert_int_eq(token_random(b, len), PERR_OK);
	for (i = len; i < len + SLACK; i++) {
		ck_assert_uint_eq(a[i], SENTINEL);
		ck_assert_uint_eq(b[i], SENTINEL);
	}
	/* Two draws of 8 bytes or more are equal once in 2^64. */
	if (len >= 8)
		ck_assert(memcmp(a, b, len) != 0);
	free(a);
	free(b);
}
END_TEST

START_TEST(test_gate_random_of_nothing_touches_nothing)
{
	unsigned char	 buf[SLACK];
	size_t		 i;

	memset(buf, SENTINEL, sizeof(buf));
	ck_assert_int_eq(token_random(buf, 0), PERR_OK);
	for (i = 0; i < sizeof(buf); i++)
		ck_assert_uint_eq(buf[i], SENTINEL);
}
END_TEST

/*
 * 4 MiB: each byte value is expected 16,384 times (sd 128); a bound of
 * 12 sd either way never fails for a uniform source, and always for one
 * that is stuck, short or biased by a bit.
 */
START_TEST(test_gate_random_spreads_its_bytes)
{
	size_t		 len = 4 << 20, i, count[256] = { 0 };
	unsigned char	*p;

	p = malloc(len);
	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(token_random(p, len), PERR_OK);
	for (i = 0; i < len; i++)
		count[p[i]]++;
	for (i = 0; i < 256; i++) {
		ck_assert_uint_gt(count[i], 16384 - 12 * 128);
		ck_assert_uint_lt(count[i], 16384 + 12 * 128);
	}
	free(p);
}
END_TEST

/* The callback's fresh token: well formed, distinct, keyed by its hash. */
START_TEST(test_gate_random_mints_distinct_session_tokens)
{
	static char	 seen[1000][TOKEN_B64_LEN + 1];
	uint8_t		 hash[TOKEN_HASH_BYTES], again[TOKEN_HASH_BYTES];
	size_t		 i, j;

	for (i = 0; i < 1000; i++) {
		ck_assert_int_eq(token_new(seen[i], hash), PERR_OK);
		ck_assert_uint_eq(strlen(seen[i]), TOKEN_B64_LEN);
		ck_assert_uint_eq(strspn(seen[i], "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
		    "abcdefghijklmnopqrstuvwxyz0123456789-_"), TOKEN_B64_LEN);
		ck_assert_int_eq(token_parse(seen[i], TOKEN_B64_LEN, again),
		    PERR_OK);
		ck_assert_mem_eq(hash, again, sizeof(hash));
		for (j = 0; j < i; j++)
			ck_assert_str_ne(seen[i], seen[j]);
	}
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("gate_random");
	TCase	*tc = tcase_create("getrandom");
	SRunner	*sr;
	int	 failed;

	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_gate_random_fills_exactly_the_length_asked,
	    0, (int)(sizeof(lengths) / sizeof(lengths[0])));
	tcase_add_test(tc, test_gate_random_of_nothing_touches_nothing);
	tcase_add_test(tc, test_gate_random_spreads_its_bytes);
	tcase_add_test(tc, test_gate_random_mints_distinct_session_tokens);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
