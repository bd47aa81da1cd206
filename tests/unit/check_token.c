/* postern: tests for lib/token.c, one table row per shape. */
/*
 * The codecs are checked against RFC 4648's vectors and against every
 * malformed shape a strict decoder must refuse; tokens against their
 * length, alphabet, distinctness and the SHA-256 the store keys on.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "lib/limits.h"
#include "lib/token.h"
#include "tests.h"

#define NROWS(t)	((int)(sizeof(t) / sizeof((t)[0])))

/* RFC 4648 section 10, plus the two characters that differ. */
static const struct {
	const char	*raw;
	size_t		 rawlen;
	const char	*url;
	const char	*std;
} b64_vectors[] = {
	{ "", 0, "", "" },
	{ "f", 1, "Zg", "Zg" },
	{ "fo", 2, "Zm8", "Zm8" },
	{ "foo", 3, "Zm9v", "Zm9v" },
	{ "foob", 4, "Zm9vYg", "Zm9vYg" },
	{ "fooba", 5, "Zm9vYmE", "Zm9vYmE" },
	{ "foobar", 6, "Zm9vYmFy", "Zm9vYmFy" },
	{ "\xfb\xff", 2, "-_8", "+/8" },
	{ "\xff\xff\xfe", 3, "___-", "///+" },
	{ "\0\0\0\0", 4, "AAAAAA", "AAAAAA" },
};

START_TEST(test_token_b64url_encode_matches_the_rfc4648_vectors)
{
	char	 out[16];
	size_t	 n;

	n = token_b64url_encode(b64_vectors[_i].raw, b64_vectors[_i].rawlen,
	    out, sizeof(out));
	ck_assert_uint_eq(n, strlen(b64_vectors[_i].url));
	ck_assert_str_eq(out, b64_vectors[_i].url);
	n = token_b64_encode(b64_vectors[_i].raw, b64_vectors[_i].rawlen,
	    out, sizeof(out));
	ck_assert_uint_eq(n, strlen(b64_vectors[_i].std));
	ck_assert_str_eq(out, b64_vectors[_i].std);
}
END_TEST

START_TEST(test_token_b64url_decode_accepts_the_rfc4648_vectors)
{
	unsigned char	 out[16];
	size_t		 n = 99;

	ck_assert_int_eq(token_b64url_decode(b64_vectors[_i].url,
	    strlen(b64_vectors[_i].url), out, sizeof(out), &n), PERR_OK);
	ck_assert_uint_eq(n, b64_vectors[_i].rawlen);
	ck_assert(memcmp(out, b64_vectors[_i].raw, n) == 0);
	n = 99;
	ck_assert_int_eq(token_b64_decode(b64_vectors[_i].std,
	    strlen(b64_vectors[_i].std), out, sizeof(out), &n), PERR_OK);
	ck_assert_uint_eq(n, b64_vectors[_i].rawlen);
	ck_assert(memcmp(out, b64_vectors[_i].raw, n) == 0);
}
END_TEST

START_TEST(test_token_b64url_encode_refuses_a_buffer_without_room_for_the_nul)
{
	char	 out[8];

	memset(out, 'x', sizeof(out));
	/* "foobar" needs 8 characters and a NUL. */
	ck_assert_uint_eq(token_b64url_encode("foobar", 6, out, 8), 0);
	ck_assert_str_eq(out, "");
	ck_assert_uint_eq(token_b64url_encode("fooba", 5, out, 8), 7);
	ck_assert_uint_eq(token_b64url_encode("f", 1, out, 0), 0);
}
END_TEST

/* Each shape a strict decoder must refuse, for each alphabet. */
static const struct {
	const char	*in;
	size_t		 len;
	int		 url;		/* 1: the url decoder, 0: standard */
	size_t		 outsz;
	enum perr	 want;
} b64_bad[] = {
	{ "Zg==", 4, 1, 16, PERR_INVAL },	/* padding */
	{ "Zm8=", 4, 1, 16, PERR_INVAL },	/* padding */
	{ "Zm9v====", 8, 1, 16, PERR_INVAL },	/* padding */
	{ "Z", 1, 1, 16, PERR_INVAL },		/* length % 4 == 1 */
	{ "Zm9vY", 5, 1, 16, PERR_INVAL },	/* length % 4 == 1 */
	{ "Zh", 2, 1, 16, PERR_INVAL },		/* non-zero unused bits */
	{ "Zm9", 3, 1, 16, PERR_INVAL },	/* non-zero unused bits */
	{ "Zm9vYh", 6, 1, 16, PERR_INVAL },	/* non-zero unused bits */
	{ "Zm9 ", 4, 1, 16, PERR_INVAL },	/* space */
	{ "Zm9v\nYmFy", 9, 1, 16, PERR_INVAL },	/* newline */
	{ "Zm\tv", 4, 1, 16, PERR_INVAL },	/* tab */
	{ "Zm\0v", 4, 1, 16, PERR_INVAL },	/* NUL */
	{ "Zm9\xc3", 4, 1, 16, PERR_INVAL },	/* a high byte */
	{ "Zm.v", 4, 1, 16, PERR_INVAL },	/* outside the alphabet */
	{ "+/8", 3, 1, 16, PERR_INVAL },	/* standard alphabet in url */
	{ "-_8", 3, 0, 16, PERR_INVAL },	/* url alphabet in standard */
	{ "Zm9vYmFy", 8, 1, 5, PERR_TOOLONG },	/* 6 bytes into 5 */
	{ "Zg", 2, 1, 0, PERR_TOOLONG },	/* 1 byte into 0 */
	{ "Zm9vYmFy", 8, 0, 5, PERR_TOOLONG },
};

START_TEST(test_token_b64url_decode_refuses_each_malformed_shape)
{
	unsigned char	 out[16];
	size_t		 n = 99;
	enum perr	 e;

	memset(out, 0xaa, sizeof(out));
	if (b64_bad[_i].url)
		e = token_b64url_decode(b64_bad[_i].in, b64_bad[_i].len, out,
		    b64_bad[_i].outsz, &n);
	else
		e = token_b64_decode(b64_bad[_i].in, b64_bad[_i].len, out,
		    b64_bad[_i].outsz, &n);
	ck_assert_msg(e == b64_bad[_i].want, "row %d: got %d", _i, e);
	ck_assert_uint_eq(n, 0);
}
END_TEST

START_TEST(test_token_b64url_decode_wipes_its_output_on_a_late_error)
{
	unsigned char	 out[16];
	size_t		 n = 99;

	memset(out, 0xaa, sizeof(out));
	/* Two whole groups decode before the bad last character. */
	ck_assert_int_eq(token_b64url_decode("Zm9vYmFyZh", 10, out,
	    sizeof(out), &n), PERR_INVAL);
	ck_assert_uint_eq(out[0], 0);
	ck_assert_uint_eq(out[5], 0);
}
END_TEST

START_TEST(test_token_new_gives_distinct_43_character_tokens)
{
	char		 tok[64][TOKEN_B64_LEN + 1];
	uint8_t		 hash[64][TOKEN_HASH_BYTES], again[TOKEN_HASH_BYTES];
	size_t		 i, j;

	for (i = 0; i < 64; i++) {
		ck_assert_int_eq(token_new(tok[i], hash[i]), PERR_OK);
		ck_assert_uint_eq(strlen(tok[i]), TOKEN_B64_LEN);
		ck_assert_uint_eq(strspn(tok[i], "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
		    "abcdefghijklmnopqrstuvwxyz0123456789-_"), TOKEN_B64_LEN);
		/* The cookie value maps back to the hash the store keeps. */
		ck_assert_int_eq(token_parse(tok[i], TOKEN_B64_LEN, again),
		    PERR_OK);
		ck_assert(memcmp(again, hash[i], TOKEN_HASH_BYTES) == 0);
		for (j = 0; j < i; j++) {
			ck_assert_str_ne(tok[i], tok[j]);
			ck_assert(memcmp(hash[i], hash[j],
			    TOKEN_HASH_BYTES) != 0);
		}
	}
}
END_TEST

START_TEST(test_token_parse_gives_the_sha256_of_the_decoded_bytes)
{
	/* 43 "A" is 32 zero bytes; SHA-256 of those, from the FIPS tool. */
	static const char hex[] =
	    "66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925";
	char		 tok[TOKEN_B64_LEN + 1];
	uint8_t		 hash[TOKEN_HASH_BYTES];
	char		 got[2 * TOKEN_HASH_BYTES + 1];
	size_t		 i;

	memset(tok, 'A', TOKEN_B64_LEN);
	tok[TOKEN_B64_LEN] = '\0';
	ck_assert_int_eq(token_parse(tok, TOKEN_B64_LEN, hash), PERR_OK);
	for (i = 0; i < TOKEN_HASH_BYTES; i++)
		snprintf(got + 2 * i, 3, "%02x", hash[i]);
	ck_assert_str_eq(got, hex);
}
END_TEST

/* 43 characters that decode (the last one's low 2 bits are zero). */
#define TOK43	"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPA"

static const struct {
	const char	*in;
	size_t		 len;
} token_bad[] = {
	{ "", 0 },
	{ TOK43, 42 },					/* one short */
	{ TOK43 "A", 44 },				/* one long */
	{ TOK43 "=", 44 },				/* padded */
	{ TOK43 "AAAA", 47 },				/* 35 bytes */
	{ "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPB", 43 }, /* bits */
	{ "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNO=A", 43 }, /* "=" */
	{ "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNO+A", 43 }, /* "+" */
	{ "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNO/A", 43 }, /* "/" */
	{ "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNO A", 43 }, /* space */
	{ "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNO\0A", 43 }, /* NUL */
	{ "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNO%A", 43 }, /* "%" */
	{ " abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPA", 44 }, /* lead */
	{ "\"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOA\"", 44 }, /* quoted */
};

START_TEST(test_token_parse_refuses_each_malformed_shape)
{
	uint8_t		 hash[TOKEN_HASH_BYTES], zero[TOKEN_HASH_BYTES];

	memset(hash, 0xaa, sizeof(hash));
	memset(zero, 0, sizeof(zero));
	ck_assert_msg(token_parse(token_bad[_i].in, token_bad[_i].len,
	    hash) == PERR_INVAL, "row %d accepted", _i);
	ck_assert(memcmp(hash, zero, sizeof(hash)) == 0);
}
END_TEST

START_TEST(test_token_parse_accepts_the_43_character_row_the_bad_rows_vary)
{
	uint8_t		 hash[TOKEN_HASH_BYTES];

	ck_assert_int_eq(token_parse(TOK43, 43, hash), PERR_OK);
}
END_TEST

START_TEST(test_token_sha256_matches_the_fips_180_abc_vector)
{
	static const uint8_t want[32] = {
		0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea,
		0x41, 0x41, 0x40, 0xde, 0x5d, 0xae, 0x22, 0x23,
		0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17, 0x7a, 0x9c,
		0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00, 0x15, 0xad,
	};
	uint8_t		 got[32];

	ck_assert_int_eq(token_sha256("abc", 3, got), PERR_OK);
	ck_assert(memcmp(got, want, 32) == 0);
}
END_TEST

static const struct {
	const char	*a;
	const char	*b;
	size_t		 len;
	int		 want;
} equal_rows[] = {
	{ "abcdef", "abcdef", 6, 1 },
	{ "abcdef", "abcdeg", 6, 0 },	/* last byte */
	{ "abcdef", "bbcdef", 6, 0 },	/* first byte */
	{ "ab\0cd", "ab\0ce", 5, 0 },	/* past a NUL: not a string compare */
	{ "ab\0cd", "ab\0cd", 5, 1 },
	{ "", "", 0, 1 },
};

START_TEST(test_token_equal_compares_every_byte)
{
	ck_assert_int_eq(token_equal(equal_rows[_i].a, equal_rows[_i].b,
	    equal_rows[_i].len), equal_rows[_i].want);
}
END_TEST

START_TEST(test_token_wipe_zeroes_the_buffer)
{
	char	 buf[32];
	size_t	 i;

	memset(buf, 'x', sizeof(buf));
	token_wipe(buf, sizeof(buf));
	for (i = 0; i < sizeof(buf); i++)
		ck_assert_int_eq(buf[i], 0);
	token_wipe(NULL, 0);
}
END_TEST

START_TEST(test_token_hash_hint_is_the_first_8_hex_digits)
{
	uint8_t	 hash[TOKEN_HASH_BYTES];
	char	 hint[TOKEN_HINT_LEN + 1];

	memset(hash, 0xff, sizeof(hash));
	hash[0] = 0x01;
	hash[1] = 0xab;
	hash[2] = 0x30;
	hash[3] = 0x0f;
	token_hash_hint(hash, hint);
	ck_assert_str_eq(hint, "01ab300f");
}
END_TEST

START_TEST(test_token_password_draws_20_unambiguous_characters)
{
	static const char alpha[] =
	    "23456789abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ";
	char		 pw[200][TOKEN_PASSWORD_LEN + 1];
	unsigned	 seen[256];
	size_t		 i, j;

	memset(seen, 0, sizeof(seen));
	for (i = 0; i < 200; i++) {
		ck_assert_int_eq(token_password(pw[i], sizeof(pw[i])),
		    PERR_OK);
		ck_assert_uint_eq(strlen(pw[i]), TOKEN_PASSWORD_LEN);
		ck_assert_uint_eq(strspn(pw[i], alpha), TOKEN_PASSWORD_LEN);
		for (j = 0; j < TOKEN_PASSWORD_LEN; j++)
			seen[(unsigned char)pw[i][j]]++;
		for (j = 0; j < i; j++)
			ck_assert_str_ne(pw[i], pw[j]);
	}
	/* 4000 draws: each of the 56 characters shows up (p(miss) ~ 1e-30). */
	for (i = 0; alpha[i] != '\0'; i++)
		ck_assert_msg(seen[(unsigned char)alpha[i]] > 0,
		    "'%c' never drawn", alpha[i]);
}
END_TEST

START_TEST(test_token_password_refuses_a_buffer_without_room_for_the_nul)
{
	char	 pw[TOKEN_PASSWORD_LEN];

	ck_assert_int_eq(token_password(pw, sizeof(pw)), PERR_TOOLONG);
}
END_TEST

Suite *
suite_token(void)
{
	Suite	*s = suite_create("token");
	TCase	*tc = tcase_create("token");

	tcase_add_loop_test(tc,
	    test_token_b64url_encode_matches_the_rfc4648_vectors,
	    0, NROWS(b64_vectors));
	tcase_add_loop_test(tc,
	    test_token_b64url_decode_accepts_the_rfc4648_vectors,
	    0, NROWS(b64_vectors));
	tcase_add_test(tc,
	    test_token_b64url_encode_refuses_a_buffer_without_room_for_the_nul);
	tcase_add_loop_test(tc,
	    test_token_b64url_decode_refuses_each_malformed_shape,
	    0, NROWS(b64_bad));
	tcase_add_test(tc,
	    test_token_b64url_decode_wipes_its_output_on_a_late_error);
	tcase_add_test(tc, test_token_new_gives_distinct_43_character_tokens);
	tcase_add_test(tc,
	    test_token_parse_gives_the_sha256_of_the_decoded_bytes);
	tcase_add_loop_test(tc, test_token_parse_refuses_each_malformed_shape,
	    0, NROWS(token_bad));
	tcase_add_test(tc,
	    test_token_parse_accepts_the_43_character_row_the_bad_rows_vary);
	tcase_add_test(tc, test_token_sha256_matches_the_fips_180_abc_vector);
	tcase_add_loop_test(tc, test_token_equal_compares_every_byte,
	    0, NROWS(equal_rows));
	tcase_add_test(tc, test_token_wipe_zeroes_the_buffer);
	tcase_add_test(tc, test_token_hash_hint_is_the_first_8_hex_digits);
	tcase_add_test(tc, test_token_password_draws_20_unambiguous_characters);
	tcase_add_test(tc,
	    test_token_password_refuses_a_buffer_without_room_for_the_nul);
	suite_add_tcase(s, tc);
	return s;
}
