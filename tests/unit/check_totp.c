/* postern: tests for lib/totp.c: TOTP (RFC 6238) and recovery codes. */
/*
 * Known answers from RFC 6238 appendix B (SHA-1, the ASCII secret
 * "12345678901234567890") through totp_verify() in their six-digit form;
 * the security cases T01 (replay), T03 (an earlier step), T05 (a digit
 * prefixed), T06 (malformed codes never reach liboath), T11 (only
 * ciphertext in the store), T12 (distinct 160-bit secrets) and T13 (the
 * clock is only "now"); the store's TOTP and recovery-code functions; and
 * the recovery codes' shape, normalization and single use.
 */
#include "config.h"

#include <sys/stat.h>

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <liboath/oath.h>

#include "lib/secret.h"
#include "lib/store.h"
#include "lib/token.h"
#include "lib/totp.h"
#include "lib/user.h"
#include "tests.h"

#define NROWS(t)	((int)(sizeof(t) / sizeof((t)[0])))
#define NOW		1700000000

static const uint8_t	rfc_secret[] = "12345678901234567890";
#define RFC_LEN		20

/* A fixed key for the tests that do not read a key file. */
static const uint8_t	test_key[SECRET_KEY_BYTES] = {
	0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
	0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff,
	0x0f, 0x1e, 0x2d, 0x3c, 0x4b, 0x5a, 0x69, 0x78,
	0x87, 0x96, 0xa5, 0xb4, 0xc3, 0xd2, 0xe1, 0xf0,
};

static int64_t
user_make(struct store *st, const char *name)
{
	struct user	u;

	memset(&u, 0, sizeof(u));
	strlcpy(u.name, name, sizeof(u.name));
	u.active = 1;
	ck_assert_int_eq(user_add(st, &u, NULL, 0, NULL, NOW), PERR_OK);
	return u.id;
}

static void
session_make(struct store *st, int64_t user)
{
	struct session	s;

	memset(&s, 0, sizeof(s));
	ck_assert_int_eq(token_random(s.hash, sizeof(s.hash)), PERR_OK);
	s.user_id = user;
	s.created = s.seen = NOW;
	s.expires = NOW + 3600;
	s.factors = FACTOR_PASSWORD;
	ck_assert_int_eq(store_session_add(st, &s), PERR_OK);
}

static int
count_cb(const struct session *s, void *arg)
{
	(*(int *)arg)++;
	return 0;
}

static int
sessions_of(struct store *st, int64_t user)
{
	int	n = 0;

	ck_assert_int_eq(store_session_list(st, user, count_cb, &n), PERR_OK);
	return n;
}

/* The six-digit code of secret at time t, from liboath itself. */
static void
code_at(const uint8_t *secret, size_t len, int64_t t, char out[7])
{
	ck_assert_int_eq(oath_init(), OATH_OK);
	ck_assert_int_eq(oath_totp_generate((const char *)secret, len,
	    (time_t)t, 30, 0, 6, out), OATH_OK);
	ck_assert_uint_eq(strlen(out), 6);
}

/* ------------------------------------------------- RFC 6238 appendix B */

static const struct {
	int64_t		 t;
	const char	*eight;
	const char	*six;
} rfc_rows[] = {
	{ 59, "94287082", "287082" },
	{ 1111111109, "07081804", "081804" },
	{ 1111111111, "14050471", "050471" },
	{ 1234567890, "89005924", "005924" },
	{ 2000000000, "69279037", "279037" },
	{ 20000000000LL, "65353130", "353130" },
};

START_TEST(test_totp_verify_accepts_each_rfc_6238_sha1_vector_at_its_time)
{
	int64_t	step = 0;

	ck_assert_int_eq(totp_verify(rfc_secret, RFC_LEN, rfc_rows[_i].six,
	    rfc_rows[_i].t, -1, &step), PERR_OK);
	ck_assert_int_eq(step, rfc_rows[_i].t / 30);
}
END_TEST

START_TEST(test_liboath_gives_the_rfc_6238_eight_digit_vectors)
{
	char	out[9];

	/* The table is right: liboath's own eight-digit answers match it. */
	ck_assert_int_eq(oath_init(), OATH_OK);
	ck_assert_int_eq(oath_totp_generate((const char *)rfc_secret, RFC_LEN,
	    (time_t)rfc_rows[_i].t, 30, 0, 8, out), OATH_OK);
	ck_assert_str_eq(out, rfc_rows[_i].eight);
	ck_assert_str_eq(out + 2, rfc_rows[_i].six);
}
END_TEST

START_TEST(test_totp_verify_refuses_the_eight_digit_form_of_each_vector)
{
	unsigned long	calls = totp_liboath_calls();
	int64_t		step = 0;

	ck_assert_int_eq(totp_verify(rfc_secret, RFC_LEN, rfc_rows[_i].eight,
	    rfc_rows[_i].t, -1, &step), PERR_DENIED);
	ck_assert_int_eq(step, -1);
	ck_assert_uint_eq(totp_liboath_calls(), calls);
}
END_TEST

/* ------------------------------------------------------ T01, T03, T05 */

START_TEST(test_totp_verify_refuses_a_replayed_code_t01)
{
	int64_t	step = -1, again = 0;

	ck_assert_int_eq(totp_verify(rfc_secret, RFC_LEN, "287082", 59, -1,
	    &step), PERR_OK);
	ck_assert_int_eq(step, 1);
	/* A second login in the same step with the same code. */
	ck_assert_int_eq(totp_verify(rfc_secret, RFC_LEN, "287082", 59, step,
	    &again), PERR_DENIED);
	ck_assert_int_eq(again, -1);
	ck_assert_int_eq(totp_verify(rfc_secret, RFC_LEN, "287082", 75, step,
	    &again), PERR_DENIED);
}
END_TEST

START_TEST(test_totp_verify_refuses_an_earlier_step_after_a_later_one_t03)
{
	int64_t	step = -1, other = 0;

	/* Step 0's code is inside the window at t=59 on its own ... */
	ck_assert_int_eq(totp_verify(rfc_secret, RFC_LEN, "755224", 59, -1,
	    &other), PERR_OK);
	ck_assert_int_eq(other, 0);
	/* ... but not once step 1's code was used. */
	ck_assert_int_eq(totp_verify(rfc_secret, RFC_LEN, "287082", 59, -1,
	    &step), PERR_OK);
	ck_assert_int_eq(step, 1);
	ck_assert_int_eq(totp_verify(rfc_secret, RFC_LEN, "755224", 59, step,
	    &other), PERR_DENIED);
}
END_TEST

START_TEST(test_totp_verify_refuses_a_digit_prefixed_to_a_valid_code_t05)
{
	static const char *const codes[] = { "4287082", "94287082",
	    "04287082", "0287082" };
	unsigned long	 calls = totp_liboath_calls();
	int64_t		 step = 0;
	uint64_t	 counter;
	size_t		 i;
	int		 pos;

	/* The hazard is real: liboath alone accepts them. */
	ck_assert_int_eq(oath_init(), OATH_OK);
	ck_assert_int_ge(oath_totp_validate3((const char *)rfc_secret, RFC_LEN,
	    59, 30, 0, 1, &pos, &counter, "94287082"), 0);
	ck_assert_int_ge(oath_totp_validate3((const char *)rfc_secret, RFC_LEN,
	    59, 30, 0, 1, &pos, &counter, "4287082"), 0);
	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		ck_assert_int_eq(totp_check_code(codes[i], strlen(codes[i])),
		    PERR_INVAL);
		ck_assert_int_eq(totp_verify(rfc_secret, RFC_LEN, codes[i], 59,
		    -1, &step), PERR_DENIED);
	}
	ck_assert_uint_eq(totp_liboath_calls(), calls);
}
END_TEST

/* ----------------------------------------------------------------- T06 */

static const struct {
	const char	*code;
	size_t		 len;
	const char	*what;
} bad_rows[] = {
	{ "", 0, "empty" },
	{ NULL, 0, "absent" },
	{ "28708", 5, "five digits" },
	{ "287082 ", 7, "a trailing space" },
	{ " 287082", 7, "a leading space" },
	{ "\t287082", 7, "a leading tab" },
	{ "287082\n", 7, "a trailing newline" },
	{ "287 082", 7, "a space inside" },
	{ "\xef\xbc\x92\xef\xbc\x98\xef\xbc\x97\xef\xbc\x90\xef\xbc\x98"
	  "\xef\xbc\x92", 18, "fullwidth digits" },
	{ "\xd9\xa2\xd9\xa8\xd9\xa7\xd9\xa0\xd9\xa8\xd9\xa2", 12,
	  "Arabic-Indic digits" },
	{ "28708a", 6, "a letter" },
	{ "' OR 1=1--", 10, "SQL" },
	{ "+28708", 6, "a plus sign" },
	{ "-28708", 6, "a minus sign" },
	{ "2870.2", 6, "a dot" },
	{ "28708\0", 6, "a NUL in place of a digit" },
	{ "287082\0", 7, "a NUL after six digits" },
	{ "\xb2\x38\x37\x30\x38\x32", 6, "a high byte" },
	{ "0x1234", 6, "hexadecimal" },
	{ "2870822870", 10, "ten digits" },
};

START_TEST(test_totp_refuses_each_malformed_code_without_calling_liboath_t06)
{
	struct store	*st;
	char		 nul[32];
	unsigned long	 calls;
	int64_t		 step = 0, bob;
	uint8_t		 secret[TOTP_SECRET_BYTES];
	const char	*code = bad_rows[_i].code;
	size_t		 len = bad_rows[_i].len;

	st = fixture_open(NULL);
	bob = user_make(st, "bob");
	ck_assert_int_eq(totp_enroll(st, test_key, bob, NOW, secret, NULL),
	    PERR_OK);
	calls = totp_liboath_calls();
	ck_assert_msg(totp_check_code(code, len) == PERR_INVAL, "%s",
	    bad_rows[_i].what);
	ck_assert_msg(totp_verify_user(st, test_key, bob, code, len, NOW) ==
	    PERR_DENIED, "%s", bad_rows[_i].what);
	/*
	 * totp_verify() takes a C string, so a row with a NUL inside is
	 * for the length-checked entries above only.
	 */
	memset(nul, 0, sizeof(nul));
	if (code != NULL)
		memcpy(nul, code, len);
	if (code == NULL || memchr(code, '\0', len) == NULL) {
		ck_assert_msg(totp_verify(rfc_secret, RFC_LEN, code != NULL ?
		    nul : NULL, 59, -1, &step) == PERR_DENIED, "%s",
		    bad_rows[_i].what);
		ck_assert_int_eq(step, -1);
	}
	ck_assert_msg(totp_liboath_calls() == calls,
	    "%s reached liboath", bad_rows[_i].what);
	token_wipe(secret, sizeof(secret));
	fixture_close(st);
}
END_TEST

START_TEST(test_totp_check_code_accepts_exactly_six_ascii_digits)
{
	static const char *const good[] = { "000000", "999999", "287082",
	    "012345" };
	size_t	i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		ck_assert_int_eq(totp_check_code(good[i], 6), PERR_OK);
	/* The length is the caller's: six digits of a longer string. */
	ck_assert_int_eq(totp_check_code("2870829", 6), PERR_OK);
	ck_assert_int_eq(totp_check_code("2870829", 7), PERR_INVAL);
}
END_TEST

START_TEST(test_totp_verify_refuses_a_wrong_code)
{
	char	c0[7], c1[7], c2[7], wrong[16];
	int64_t	step = 0;
	int	n;

	code_at(rfc_secret, RFC_LEN, 29, c0);
	code_at(rfc_secret, RFC_LEN, 59, c1);
	code_at(rfc_secret, RFC_LEN, 89, c2);
	/* A code that none of the three steps in the window has. */
	for (n = 0; n < 1000000; n += 111111) {
		snprintf(wrong, sizeof(wrong), "%06d", n);
		if (strcmp(wrong, c0) && strcmp(wrong, c1) && strcmp(wrong, c2))
			break;
	}
	ck_assert_int_eq(totp_verify(rfc_secret, RFC_LEN, wrong, 59, -1,
	    &step), PERR_DENIED);
	ck_assert_int_eq(step, -1);
}
END_TEST

START_TEST(test_totp_verify_accepts_one_step_either_side_and_no_more)
{
	const int64_t	 t = 1111111109;	/* inside step 37037036 */
	const int64_t	 s = t / 30;
	char		 code[7];
	int64_t		 step;

	code_at(rfc_secret, RFC_LEN, t, code);
	ck_assert_int_eq(totp_verify(rfc_secret, RFC_LEN, code, (s - 1) * 30,
	    -1, &step), PERR_OK);
	ck_assert_int_eq(step, s);
	ck_assert_int_eq(totp_verify(rfc_secret, RFC_LEN, code,
	    (s + 1) * 30 + 29, -1, &step), PERR_OK);
	ck_assert_int_eq(step, s);
	ck_assert_int_eq(totp_verify(rfc_secret, RFC_LEN, code,
	    (s - 1) * 30 - 1, -1, &step), PERR_DENIED);
	ck_assert_int_eq(totp_verify(rfc_secret, RFC_LEN, code, (s + 2) * 30,
	    -1, &step), PERR_DENIED);
}
END_TEST

START_TEST(test_totp_verify_refuses_bad_arguments)
{
	int64_t	step = 0;

	ck_assert_int_eq(totp_verify(NULL, 0, "287082", 59, -1, &step),
	    PERR_INVAL);
	ck_assert_int_eq(totp_verify(rfc_secret, 0, "287082", 59, -1, &step),
	    PERR_INVAL);
	ck_assert_int_eq(totp_verify(rfc_secret, 65, "287082", 59, -1, &step),
	    PERR_INVAL);
	ck_assert_int_eq(totp_verify(rfc_secret, RFC_LEN, "287082", -1, -1,
	    &step), PERR_INVAL);
	ck_assert_int_eq(step, -1);
}
END_TEST

START_TEST(test_totp_verify_near_the_epoch_gives_no_negative_step)
{
	char	c0[7];
	int64_t	step = 0;

	/* At t=10, liboath's "one step back" would be step -1. */
	code_at(rfc_secret, RFC_LEN, 10, c0);
	ck_assert_int_eq(totp_verify(rfc_secret, RFC_LEN, c0, 10, -1, &step),
	    PERR_OK);
	ck_assert_int_eq(step, 0);
	ck_assert_int_eq(totp_verify(rfc_secret, RFC_LEN, "287082", 10, -1,
	    &step), PERR_OK);
	ck_assert_int_eq(step, 1);
}
END_TEST

/* ----------------------------------------------------------------- T13 */

START_TEST(test_totp_verify_uses_only_the_clock_it_is_given_t13)
{
	struct store	*st;
	uint8_t		 secret[TOTP_SECRET_BYTES];
	char		 code[7];
	int64_t		 step, alice;
	const int64_t	 then = 1234567890;	/* far from the real clock */

	/*
	 * Codes of 1970 and 2009 verify at those times, whatever the real
	 * clock says; the same code at another "now" does not.
	 */
	ck_assert_int_eq(totp_verify(rfc_secret, RFC_LEN, "287082", 59, -1,
	    &step), PERR_OK);
	ck_assert_int_eq(totp_verify(rfc_secret, RFC_LEN, "287082", NOW, -1,
	    &step), PERR_DENIED);
	ck_assert_int_eq(totp_verify(rfc_secret, RFC_LEN, "005924", then, -1,
	    &step), PERR_OK);
	ck_assert_int_eq(step, then / 30);

	st = fixture_open(NULL);
	alice = user_make(st, "alice");
	ck_assert_int_eq(totp_enroll(st, test_key, alice, NOW, secret, NULL),
	    PERR_OK);
	code_at(secret, sizeof(secret), then, code);
	ck_assert_int_eq(totp_verify_user(st, test_key, alice, code, 6,
	    then + 3600), PERR_DENIED);
	ck_assert_int_eq(totp_verify_user(st, test_key, alice, code, 6, then),
	    PERR_OK);
	token_wipe(secret, sizeof(secret));
	fixture_close(st);
}
END_TEST

/* --------------------------------------------------- totp_verify_user */

START_TEST(test_totp_verify_user_consumes_the_step_so_a_replay_fails_t01)
{
	struct store	*st;
	uint8_t		 secret[TOTP_SECRET_BYTES], sealed[256];
	char		 code[7], earlier[7];
	size_t		 len;
	int64_t		 alice, last;

	st = fixture_open(NULL);
	alice = user_make(st, "alice");
	ck_assert_int_eq(totp_enroll(st, test_key, alice, NOW, secret, NULL),
	    PERR_OK);
	code_at(secret, sizeof(secret), NOW, code);
	code_at(secret, sizeof(secret), NOW - 30, earlier);
	ck_assert_int_eq(totp_verify_user(st, test_key, alice, code, 6, NOW),
	    PERR_OK);
	ck_assert_int_eq(store_totp_get(st, alice, sealed, sizeof(sealed),
	    &len, &last), PERR_OK);
	ck_assert_int_eq(last, NOW / 30);
	/* The same code again, in the same step and in the next. */
	ck_assert_int_eq(totp_verify_user(st, test_key, alice, code, 6, NOW),
	    PERR_DENIED);
	ck_assert_int_eq(totp_verify_user(st, test_key, alice, code, 6,
	    NOW + 30), PERR_DENIED);
	/* T03: the step before, though inside the window. */
	if (strcmp(earlier, code) != 0)
		ck_assert_int_eq(totp_verify_user(st, test_key, alice, earlier,
		    6, NOW), PERR_DENIED);
	token_wipe(secret, sizeof(secret));
	fixture_close(st);
}
END_TEST

START_TEST(test_totp_verify_user_answers_notfound_when_not_enrolled)
{
	struct store	*st;
	int64_t		 carol;

	st = fixture_open(NULL);
	carol = user_make(st, "carol");
	ck_assert_int_eq(totp_verify_user(st, test_key, carol, "287082", 6,
	    59), PERR_NOTFOUND);
	fixture_close(st);
}
END_TEST

START_TEST(test_totp_verify_user_fails_closed_on_a_wrong_key_or_a_moved_row)
{
	struct store	*st;
	uint8_t		 secret[TOTP_SECRET_BYTES], other[SECRET_KEY_BYTES];
	uint8_t		 sealed[256];
	char		 code[7];
	size_t		 len;
	int64_t		 alice, bob, last;

	st = fixture_open(NULL);
	alice = user_make(st, "alice");
	bob = user_make(st, "bob");
	ck_assert_int_eq(totp_enroll(st, test_key, alice, NOW, secret, NULL),
	    PERR_OK);
	code_at(secret, sizeof(secret), NOW, code);
	memcpy(other, test_key, sizeof(other));
	other[0] ^= 1;
	/* A key-file problem is the server's fault: not PERR_DENIED. */
	ck_assert_int_eq(totp_verify_user(st, other, alice, code, 6, NOW),
	    PERR_CRYPTO);
	/* alice's sealed secret copied into bob's row does not open. */
	ck_assert_int_eq(store_totp_get(st, alice, sealed, sizeof(sealed),
	    &len, &last), PERR_OK);
	ck_assert_int_eq(store_totp_put(st, bob, sealed, len, NOW, NULL),
	    PERR_OK);
	ck_assert_int_eq(totp_verify_user(st, test_key, bob, code, 6, NOW),
	    PERR_CRYPTO);
	/* Neither consumed the step. */
	ck_assert_int_eq(totp_verify_user(st, test_key, alice, code, 6, NOW),
	    PERR_OK);
	token_wipe(secret, sizeof(secret));
	fixture_close(st);
}
END_TEST

/* ------------------------------------------------------------ T11, T12 */

/* Does the file at path hold the len bytes at needle anywhere? */
static int
file_holds(const char *path, const void *needle, size_t len)
{
	static unsigned char	 buf[4 << 20];
	ssize_t			 n;
	size_t			 i;
	int			 fd;

	if ((fd = open(path, O_RDONLY)) == -1)
		return 0;
	n = read(fd, buf, sizeof(buf));
	close(fd);
	ck_assert_int_ge(n, 0);
	for (i = 0; i + len <= (size_t)n; i++)
		if (memcmp(buf + i, needle, len) == 0)
			return 1;
	return 0;
}

START_TEST(test_the_store_holds_only_the_sealed_secret_t11)
{
	struct store	*st;
	char		 dir[PATH_MAX], db[PATH_MAX + 16], wal[PATH_MAX + 24];
	char		 b32[TOTP_BASE32_LEN + 1], lower[TOTP_BASE32_LEN + 1];
	uint8_t		 secret[TOTP_SECRET_BYTES], sealed[256];
	size_t		 len, i;
	int64_t		 bob, last;

	/* Its own directory: the store is closed and opened again. */
	fixture_tmpdir(dir, sizeof(dir));
	snprintf(db, sizeof(db), "%s/postern.db", dir);
	ck_assert_int_eq(store_open(&st, db, STORE_MIGRATE), PERR_OK);
	bob = user_make(st, "bob");
	ck_assert_int_eq(totp_enroll(st, test_key, bob, NOW, secret, NULL),
	    PERR_OK);
	ck_assert_uint_eq(totp_base32(secret, sizeof(secret), b32,
	    sizeof(b32)), TOTP_BASE32_LEN);
	for (i = 0; i <= TOTP_BASE32_LEN; i++)
		lower[i] = (char)(b32[i] >= 'A' && b32[i] <= 'Z' ?
		    b32[i] - 'A' + 'a' : b32[i]);
	ck_assert_int_eq(store_totp_get(st, bob, sealed, sizeof(sealed), &len,
	    &last), PERR_OK);
	ck_assert_uint_eq(len, TOTP_SEALED_BYTES);
	ck_assert_int_eq(last, -1);
	snprintf(wal, sizeof(wal), "%s-wal", db);
	/* While open (the WAL) and after close (the main file). */
	ck_assert(!file_holds(wal, secret, sizeof(secret)));
	ck_assert(!file_holds(wal, b32, TOTP_BASE32_LEN));
	ck_assert(!file_holds(db, secret, sizeof(secret)));
	ck_assert(!file_holds(db, b32, TOTP_BASE32_LEN));
	store_close(st);
	ck_assert_int_eq(store_open(&st, db, 0), PERR_OK);
	ck_assert(file_holds(db, sealed, len) || file_holds(wal, sealed, len));
	ck_assert(!file_holds(db, secret, sizeof(secret)));
	ck_assert(!file_holds(db, b32, TOTP_BASE32_LEN));
	ck_assert(!file_holds(db, lower, TOTP_BASE32_LEN));
	ck_assert(!file_holds(wal, secret, sizeof(secret)));
	/* Nor is the secret any part of the sealed value. */
	for (i = 0; i + sizeof(secret) <= len; i++)
		ck_assert(memcmp(sealed + i, secret, sizeof(secret)) != 0);
	token_wipe(secret, sizeof(secret));
	store_close(st);
	fixture_rmdir(dir);
}
END_TEST

START_TEST(test_one_hundred_enrollments_give_distinct_160_bit_secrets_t12)
{
	static uint8_t	 secrets[100][TOTP_SECRET_BYTES];
	static uint8_t	 sealed[100][256];
	struct store	*st;
	char		 name[16];
	size_t		 lens[100];
	int64_t		 id, last;
	int		 i, j;

	ck_assert_uint_eq(TOTP_SECRET_BYTES * 8, 160);
	st = fixture_open(NULL);
	ck_assert_int_eq(store_begin(st), PERR_OK);
	for (i = 0; i < 100; i++) {
		snprintf(name, sizeof(name), "user%03d", i);
		id = user_make(st, name);
		ck_assert_int_eq(totp_enroll(st, test_key, id, NOW, secrets[i],
		    NULL), PERR_OK);
		ck_assert_int_eq(store_totp_get(st, id, sealed[i],
		    sizeof(sealed[i]), &lens[i], &last), PERR_OK);
		ck_assert_uint_eq(lens[i], TOTP_SEALED_BYTES);
	}
	ck_assert_int_eq(store_commit(st), PERR_OK);
	for (i = 0; i < 100; i++)
		for (j = i + 1; j < 100; j++) {
			ck_assert(memcmp(secrets[i], secrets[j],
			    TOTP_SECRET_BYTES) != 0);
			/* Fresh nonces: no two sealed values alike either. */
			ck_assert(memcmp(sealed[i], sealed[j],
			    SECRET_NONCE_BYTES) != 0);
		}
	token_wipe(secrets, sizeof(secrets));
	fixture_close(st);
}
END_TEST

START_TEST(test_totp_new_secret_gives_fresh_random_bytes)
{
	uint8_t	a[TOTP_SECRET_BYTES], b[TOTP_SECRET_BYTES];
	uint8_t	zero[TOTP_SECRET_BYTES];

	memset(zero, 0, sizeof(zero));
	ck_assert_int_eq(totp_new_secret(a), PERR_OK);
	ck_assert_int_eq(totp_new_secret(b), PERR_OK);
	ck_assert(memcmp(a, b, sizeof(a)) != 0);
	ck_assert(memcmp(a, zero, sizeof(a)) != 0);
}
END_TEST

/* ------------------------------------------------- the store functions */

START_TEST(test_store_totp_put_and_del_end_the_users_sessions)
{
	struct store	*st;
	uint8_t		 secret[TOTP_SECRET_BYTES], sealed[256];
	size_t		 len;
	int64_t		 alice, bob, ended = -1, last;

	st = fixture_open(NULL);
	alice = user_make(st, "alice");
	bob = user_make(st, "bob");
	session_make(st, alice);
	session_make(st, alice);
	session_make(st, bob);
	ck_assert_int_eq(totp_enroll(st, test_key, alice, NOW, secret, &ended),
	    PERR_OK);
	ck_assert_int_eq(ended, 2);
	ck_assert_int_eq(sessions_of(st, alice), 0);
	ck_assert_int_eq(sessions_of(st, bob), 1);

	/* A new secret resets the last step and ends sessions again. */
	ck_assert_int_eq(store_totp_use(st, alice, 42), PERR_OK);
	session_make(st, alice);
	ck_assert_int_eq(store_totp_get(st, alice, sealed, sizeof(sealed),
	    &len, &last), PERR_OK);
	ck_assert_int_eq(last, 42);
	ck_assert_int_eq(store_totp_put(st, alice, sealed, len, NOW + 1,
	    &ended), PERR_OK);
	ck_assert_int_eq(ended, 1);
	ck_assert_int_eq(store_totp_get(st, alice, sealed, sizeof(sealed),
	    &len, &last), PERR_OK);
	ck_assert_int_eq(last, -1);

	session_make(st, alice);
	session_make(st, alice);
	ck_assert_int_eq(store_totp_del(st, alice, &ended), PERR_OK);
	ck_assert_int_eq(ended, 2);
	ck_assert_int_eq(sessions_of(st, alice), 0);
	ck_assert_int_eq(sessions_of(st, bob), 1);
	ck_assert_int_eq(store_totp_get(st, alice, sealed, sizeof(sealed),
	    &len, &last), PERR_NOTFOUND);
	/* Removing what is not there changes nothing, sessions included. */
	session_make(st, alice);
	ck_assert_int_eq(store_totp_del(st, alice, &ended), PERR_NOTFOUND);
	ck_assert_int_eq(ended, 0);
	ck_assert_int_eq(sessions_of(st, alice), 1);
	token_wipe(secret, sizeof(secret));
	fixture_close(st);
}
END_TEST

START_TEST(test_store_totp_put_refuses_unknown_users_and_bad_lengths)
{
	struct store	*st;
	uint8_t		 blob[STORE_TOTP_SEALED_MAX + 1];
	uint8_t		 small[8];
	size_t		 len;
	int64_t		 alice, last;

	memset(blob, 0x41, sizeof(blob));
	st = fixture_open(NULL);
	alice = user_make(st, "alice");
	ck_assert_int_eq(store_totp_put(st, alice + 100, blob, 48, NOW, NULL),
	    PERR_NOTFOUND);
	ck_assert_int_eq(store_totp_put(st, alice, blob, 0, NOW, NULL),
	    PERR_INVAL);
	ck_assert_int_eq(store_totp_put(st, alice, blob, sizeof(blob), NOW,
	    NULL), PERR_TOOLONG);
	ck_assert_int_eq(store_totp_get(st, alice, blob, sizeof(blob), &len,
	    &last), PERR_NOTFOUND);
	/* A buffer too small for the row is the store's fault: no cut. */
	ck_assert_int_eq(store_totp_put(st, alice, blob, 48, NOW, NULL),
	    PERR_OK);
	ck_assert_int_eq(store_totp_get(st, alice, small, sizeof(small), &len,
	    &last), PERR_STORE);
	ck_assert_uint_eq(len, 0);
	fixture_close(st);
}
END_TEST

START_TEST(test_store_totp_use_moves_only_forward)
{
	struct store	*st;
	uint8_t		 secret[TOTP_SECRET_BYTES];
	int64_t		 alice, carol;

	st = fixture_open(NULL);
	alice = user_make(st, "alice");
	carol = user_make(st, "carol");
	ck_assert_int_eq(totp_enroll(st, test_key, alice, NOW, secret, NULL),
	    PERR_OK);
	ck_assert_int_eq(store_totp_use(st, alice, 0), PERR_OK);
	ck_assert_int_eq(store_totp_use(st, alice, 5), PERR_OK);
	ck_assert_int_eq(store_totp_use(st, alice, 5), PERR_DENIED);
	ck_assert_int_eq(store_totp_use(st, alice, 4), PERR_DENIED);
	ck_assert_int_eq(store_totp_use(st, alice, 6), PERR_OK);
	ck_assert_int_eq(store_totp_use(st, carol, 1), PERR_DENIED);
	token_wipe(secret, sizeof(secret));
	fixture_close(st);
}
END_TEST

START_TEST(test_a_code_used_on_one_connection_is_refused_on_another)
{
	struct store	*a, *b;
	char		 db[PATH_MAX];
	uint8_t		 secret[TOTP_SECRET_BYTES];
	char		 code[7];
	int64_t		 alice;
	enum perr	 ea, eb;

	a = fixture_open(db);
	alice = user_make(a, "alice");
	ck_assert_int_eq(totp_enroll(a, test_key, alice, NOW, secret, NULL),
	    PERR_OK);
	ck_assert_int_eq(store_open(&b, db, 0), PERR_OK);
	code_at(secret, sizeof(secret), NOW, code);
	/* Two workers, one code: exactly one succeeds. */
	ea = totp_verify_user(a, test_key, alice, code, 6, NOW);
	eb = totp_verify_user(b, test_key, alice, code, 6, NOW);
	ck_assert((ea == PERR_OK) != (eb == PERR_OK));
	ck_assert(ea == PERR_DENIED || eb == PERR_DENIED);
	store_close(b);
	token_wipe(secret, sizeof(secret));
	fixture_close(a);
}
END_TEST

/* ------------------------------------------------- base32 and the URI */

static const struct {
	const char	*in;
	const char	*out;
} b32_rows[] = {	/* RFC 4648 section 10, without the padding */
	{ "", "" },
	{ "f", "MY" },
	{ "fo", "MZXQ" },
	{ "foo", "MZXW6" },
	{ "foob", "MZXW6YQ" },
	{ "fooba", "MZXW6YTB" },
	{ "foobar", "MZXW6YTBOI" },
	{ "12345678901234567890", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ" },
};

START_TEST(test_totp_base32_gives_the_rfc_4648_encodings_unpadded)
{
	char	out[64];
	size_t	n;

	n = totp_base32((const uint8_t *)b32_rows[_i].in,
	    strlen(b32_rows[_i].in), out, sizeof(out));
	ck_assert_uint_eq(n, strlen(b32_rows[_i].out));
	ck_assert_str_eq(out, b32_rows[_i].out);
	/* Exactly large enough, and one byte short. */
	ck_assert_uint_eq(totp_base32((const uint8_t *)b32_rows[_i].in,
	    strlen(b32_rows[_i].in), out, n + 1), n);
	ck_assert_uint_eq(totp_base32((const uint8_t *)b32_rows[_i].in,
	    strlen(b32_rows[_i].in), out, n), 0);
	if (n > 0)
		ck_assert_str_eq(out, "");
}
END_TEST

static const struct {
	const char	*issuer;
	const char	*user;
	enum perr	 want;
	const char	*uri;
} uri_rows[] = {
	{ "postern", "bob", PERR_OK,
	  "otpauth://totp/postern:bob?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
	  "&issuer=postern&algorithm=SHA1&digits=6&period=30" },
	{ "ACME Co", "j.doe_1@ex-ample.org", PERR_OK,
	  "otpauth://totp/ACME%20Co:j.doe_1%40ex-ample.org?secret="
	  "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=ACME%20Co"
	  "&algorithm=SHA1&digits=6&period=30" },
	{ "a&b=c?d#e/f%g+h~i", "u", PERR_OK,
	  "otpauth://totp/a%26b%3Dc%3Fd%23e%2Ff%25g%2Bh~i:u?secret="
	  "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=a%26b%3Dc%3Fd%23e%2Ff%25g"
	  "%2Bh~i&algorithm=SHA1&digits=6&period=30" },
	{ "Z\xc3\xbcrich", "bob", PERR_OK,
	  "otpauth://totp/Z%C3%BCrich:bob?secret="
	  "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Z%C3%BCrich"
	  "&algorithm=SHA1&digits=6&period=30" },
	{ "", "bob", PERR_INVAL, "" },
	{ "postern", "", PERR_INVAL, "" },
};

START_TEST(test_totp_uri_percent_encodes_issuer_and_user)
{
	char		out[TOTP_URI_MAX + 1];
	enum perr	e;

	e = totp_uri(uri_rows[_i].issuer, uri_rows[_i].user, rfc_secret,
	    RFC_LEN, out, sizeof(out));
	ck_assert_int_eq(e, uri_rows[_i].want);
	ck_assert_str_eq(out, uri_rows[_i].uri);
}
END_TEST

START_TEST(test_totp_uri_refuses_a_buffer_too_small)
{
	char	out[TOTP_URI_MAX + 1];
	size_t	need;

	ck_assert_int_eq(totp_uri("postern", "bob", rfc_secret, RFC_LEN, out,
	    sizeof(out)), PERR_OK);
	need = strlen(out) + 1;
	ck_assert_int_eq(totp_uri("postern", "bob", rfc_secret, RFC_LEN, out,
	    need), PERR_OK);
	ck_assert_int_eq(totp_uri("postern", "bob", rfc_secret, RFC_LEN, out,
	    need - 1), PERR_TOOLONG);
	ck_assert_str_eq(out, "");
	ck_assert_int_eq(totp_uri("postern", "bob", rfc_secret, 0, out,
	    sizeof(out)), PERR_INVAL);
}
END_TEST

START_TEST(test_totp_uri_fits_the_longest_issuer_and_user)
{
	char	issuer[TOTP_ISSUER_MAX + 1], user[USERNAME_MAX + 1];
	char	out[TOTP_URI_MAX + 1];
	uint8_t	secret[TOTP_SECRET_BYTES];

	/* Every byte of both encoded: the worst case. */
	memset(issuer, '%', TOTP_ISSUER_MAX);
	issuer[TOTP_ISSUER_MAX] = '\0';
	memset(user, '@', USERNAME_MAX);
	user[USERNAME_MAX] = '\0';
	memset(secret, 0xff, sizeof(secret));
	ck_assert_int_eq(totp_uri(issuer, user, secret, sizeof(secret), out,
	    sizeof(out)), PERR_OK);
}
END_TEST

/* ----------------------------------------------------- recovery codes */

static const char	recovery_alpha[] = "0123456789abcdefghjkmnpqrstvwxyz";

START_TEST(test_totp_recovery_new_gives_ten_distinct_well_formed_codes)
{
	char	codes[TOTP_RECOVERY_COUNT][TOTP_RECOVERY_LEN + 1];
	uint8_t	hashes[TOTP_RECOVERY_COUNT][32], h[32];
	char	norm[TOTP_RECOVERY_CHARS];
	size_t	i, j, n;

	/* 32 characters: 5 bits each, 50 bits per code. */
	ck_assert_uint_eq(strlen(recovery_alpha), 32);
	ck_assert_uint_eq(TOTP_RECOVERY_COUNT, 10);
	ck_assert_int_eq(totp_recovery_new(codes, hashes), PERR_OK);
	for (i = 0; i < TOTP_RECOVERY_COUNT; i++) {
		ck_assert_uint_eq(strlen(codes[i]), TOTP_RECOVERY_LEN);
		ck_assert_int_eq(codes[i][5], '-');
		for (j = n = 0; j < TOTP_RECOVERY_LEN; j++) {
			if (j == 5)
				continue;
			ck_assert_msg(strchr(recovery_alpha, codes[i][j]) !=
			    NULL, "code %zu: %c", i, codes[i][j]);
			norm[n++] = codes[i][j];
		}
		/* Stored as the SHA-256 of the ten characters, no dash. */
		ck_assert_int_eq(token_sha256(norm, n, h), PERR_OK);
		ck_assert(memcmp(h, hashes[i], 32) == 0);
		for (j = 0; j < i; j++) {
			ck_assert_str_ne(codes[i], codes[j]);
			ck_assert(memcmp(hashes[i], hashes[j], 32) != 0);
		}
	}
}
END_TEST

START_TEST(test_totp_recovery_new_draws_every_character_about_evenly)
{
	char	codes[TOTP_RECOVERY_COUNT][TOTP_RECOVERY_LEN + 1];
	uint8_t	hashes[TOTP_RECOVERY_COUNT][32];
	int	count[32] = { 0 };
	size_t	i, j;
	int	round;
	char	*p;

	/* 200 sets: 20000 characters, 625 of each expected. */
	for (round = 0; round < 200; round++) {
		ck_assert_int_eq(totp_recovery_new(codes, hashes), PERR_OK);
		for (i = 0; i < TOTP_RECOVERY_COUNT; i++)
			for (j = 0; j < TOTP_RECOVERY_LEN; j++) {
				if (j == 5)
					continue;
				p = strchr(recovery_alpha, codes[i][j]);
				ck_assert_ptr_nonnull(p);
				count[p - recovery_alpha]++;
			}
	}
	for (i = 0; i < 32; i++)
		ck_assert_msg(count[i] > 450 && count[i] < 800,
		    "%c drawn %d times", recovery_alpha[i], count[i]);
}
END_TEST

static const struct {
	const char	*code;
	size_t		 len;
	enum perr	 want;		/* PERR_OK: same hash as "abcde-fghjk" */
} norm_rows[] = {
	{ "abcde-fghjk", 11, PERR_OK },
	{ "abcdefghjk", 10, PERR_OK },
	{ "ABCDE-FGHJK", 11, PERR_OK },
	{ "AbCdEfGhJk", 10, PERR_OK },
	{ "abcde-fghjkXYZ", 11, PERR_OK },	/* len bounds it */
	{ "abcde--fghjk", 12, PERR_INVAL },
	{ "abcd-efghjk", 11, PERR_INVAL },
	{ "-abcdefghjk", 11, PERR_INVAL },
	{ "abcdefghjk-", 11, PERR_INVAL },
	{ "abcde fghjk", 11, PERR_INVAL },
	{ "abcde_fghjk", 11, PERR_INVAL },
	{ "abcde-fghj", 10, PERR_INVAL },
	{ "abcdefghj", 9, PERR_INVAL },
	{ "abcde-fghjkm", 12, PERR_INVAL },
	{ "abcde-fghjo", 11, PERR_INVAL },	/* o, i, l, u: not drawn */
	{ "abcde-fghji", 11, PERR_INVAL },
	{ "abcde-fghjl", 11, PERR_INVAL },
	{ "abcde-fghju", 11, PERR_INVAL },
	{ " abcde-fghjk", 12, PERR_INVAL },
	{ "abcde-fghjk\n", 12, PERR_INVAL },
	{ "abcde\0fghjk", 11, PERR_INVAL },
	{ "abcdefghj\0", 10, PERR_INVAL },
	{ "abcde-fghj\xc3\xa9", 12, PERR_INVAL },
	{ "", 0, PERR_INVAL },
	{ NULL, 0, PERR_INVAL },
};

START_TEST(test_totp_recovery_hash_normalizes_each_spelling_as_expected)
{
	uint8_t		want[32], got[32], zero[32];
	enum perr	e;

	memset(zero, 0, sizeof(zero));
	ck_assert_int_eq(token_sha256("abcdefghjk", 10, want), PERR_OK);
	e = totp_recovery_hash(norm_rows[_i].code, norm_rows[_i].len, got);
	ck_assert_msg(e == norm_rows[_i].want, "row %d: got %d", _i, e);
	if (e == PERR_OK)
		ck_assert(memcmp(got, want, 32) == 0);
	else
		ck_assert(memcmp(got, zero, 32) == 0);
}
END_TEST

START_TEST(test_each_recovery_code_works_once_and_only_for_its_user)
{
	struct store	*st;
	char		 codes[TOTP_RECOVERY_COUNT][TOTP_RECOVERY_LEN + 1];
	uint8_t		 hashes[TOTP_RECOVERY_COUNT][32];
	int64_t		 alice, bob, n;
	size_t		 i;

	st = fixture_open(NULL);
	alice = user_make(st, "alice");
	bob = user_make(st, "bob");
	ck_assert_int_eq(totp_recovery_new(codes, hashes), PERR_OK);
	ck_assert_int_eq(store_recovery_replace(st, alice,
	    (const uint8_t (*)[32])hashes, TOTP_RECOVERY_COUNT), PERR_OK);
	ck_assert_int_eq(store_recovery_count(st, alice, &n), PERR_OK);
	ck_assert_int_eq(n, 10);
	ck_assert_int_eq(store_recovery_count(st, bob, &n), PERR_OK);
	ck_assert_int_eq(n, 0);
	/* Another user's code is no code. */
	ck_assert_int_eq(totp_recovery_use(st, bob, codes[0],
	    strlen(codes[0])), PERR_DENIED);
	for (i = 0; i < TOTP_RECOVERY_COUNT; i++) {
		ck_assert_int_eq(totp_recovery_use(st, alice, codes[i],
		    strlen(codes[i])), PERR_OK);
		ck_assert_int_eq(store_recovery_count(st, alice, &n), PERR_OK);
		ck_assert_int_eq(n, 9 - (int64_t)i);
		/* Used: refused, in any spelling. */
		ck_assert_int_eq(totp_recovery_use(st, alice, codes[i],
		    strlen(codes[i])), PERR_DENIED);
	}
	ck_assert_int_eq(totp_recovery_use(st, alice, "not a code", 10),
	    PERR_DENIED);
	fixture_close(st);
}
END_TEST

START_TEST(test_a_recovery_code_works_in_upper_case_and_without_its_dash)
{
	struct store	*st;
	char		 codes[TOTP_RECOVERY_COUNT][TOTP_RECOVERY_LEN + 1];
	uint8_t		 hashes[TOTP_RECOVERY_COUNT][32];
	char		 spelt[TOTP_RECOVERY_LEN + 1];
	int64_t		 alice;
	size_t		 i, j;

	st = fixture_open(NULL);
	alice = user_make(st, "alice");
	ck_assert_int_eq(totp_recovery_new(codes, hashes), PERR_OK);
	ck_assert_int_eq(store_recovery_replace(st, alice,
	    (const uint8_t (*)[32])hashes, TOTP_RECOVERY_COUNT), PERR_OK);
	for (i = 0; i < TOTP_RECOVERY_LEN; i++)
		spelt[i] = (char)(codes[0][i] >= 'a' && codes[0][i] <= 'z' ?
		    codes[0][i] - 'a' + 'A' : codes[0][i]);
	ck_assert_int_eq(totp_recovery_use(st, alice, spelt,
	    TOTP_RECOVERY_LEN), PERR_OK);
	for (i = j = 0; i < TOTP_RECOVERY_LEN; i++)
		if (codes[1][i] != '-')
			spelt[j++] = codes[1][i];
	ck_assert_int_eq(totp_recovery_use(st, alice, spelt, j), PERR_OK);
	ck_assert_int_eq(totp_recovery_use(st, alice, codes[1],
	    TOTP_RECOVERY_LEN), PERR_DENIED);
	fixture_close(st);
}
END_TEST

START_TEST(test_a_new_set_of_recovery_codes_voids_the_old_one)
{
	struct store	*st;
	char		 old[TOTP_RECOVERY_COUNT][TOTP_RECOVERY_LEN + 1];
	char		 new[TOTP_RECOVERY_COUNT][TOTP_RECOVERY_LEN + 1];
	uint8_t		 hashes[TOTP_RECOVERY_COUNT][32];
	int64_t		 alice, n;
	size_t		 i;

	st = fixture_open(NULL);
	alice = user_make(st, "alice");
	ck_assert_int_eq(totp_recovery_new(old, hashes), PERR_OK);
	ck_assert_int_eq(store_recovery_replace(st, alice,
	    (const uint8_t (*)[32])hashes, TOTP_RECOVERY_COUNT), PERR_OK);
	ck_assert_int_eq(totp_recovery_use(st, alice, old[0], 11), PERR_OK);
	ck_assert_int_eq(totp_recovery_new(new, hashes), PERR_OK);
	ck_assert_int_eq(store_recovery_replace(st, alice,
	    (const uint8_t (*)[32])hashes, TOTP_RECOVERY_COUNT), PERR_OK);
	ck_assert_int_eq(store_recovery_count(st, alice, &n), PERR_OK);
	ck_assert_int_eq(n, 10);
	for (i = 0; i < TOTP_RECOVERY_COUNT; i++)
		ck_assert_int_eq(totp_recovery_use(st, alice, old[i], 11),
		    PERR_DENIED);
	ck_assert_int_eq(totp_recovery_use(st, alice, new[3], 11), PERR_OK);
	/* An empty set clears them. */
	ck_assert_int_eq(store_recovery_replace(st, alice, NULL, 0), PERR_OK);
	ck_assert_int_eq(store_recovery_count(st, alice, &n), PERR_OK);
	ck_assert_int_eq(n, 0);
	fixture_close(st);
}
END_TEST

START_TEST(test_store_recovery_replace_for_an_unknown_user_stores_nothing)
{
	struct store	*st;
	char		 codes[TOTP_RECOVERY_COUNT][TOTP_RECOVERY_LEN + 1];
	uint8_t		 hashes[TOTP_RECOVERY_COUNT][32];
	int64_t		 alice, n;

	st = fixture_open(NULL);
	alice = user_make(st, "alice");
	ck_assert_int_eq(totp_recovery_new(codes, hashes), PERR_OK);
	ck_assert_int_eq(store_recovery_replace(st, alice,
	    (const uint8_t (*)[32])hashes, TOTP_RECOVERY_COUNT), PERR_OK);
	ck_assert_int_eq(store_recovery_replace(st, alice + 1,
	    (const uint8_t (*)[32])hashes, TOTP_RECOVERY_COUNT),
	    PERR_NOTFOUND);
	ck_assert_int_eq(store_recovery_count(st, alice + 1, &n), PERR_OK);
	ck_assert_int_eq(n, 0);
	ck_assert_int_eq(store_recovery_count(st, alice, &n), PERR_OK);
	ck_assert_int_eq(n, 10);
	fixture_close(st);
}
END_TEST

START_TEST(test_deleting_a_user_takes_their_totp_and_recovery_codes)
{
	struct store	*st;
	char		 codes[TOTP_RECOVERY_COUNT][TOTP_RECOVERY_LEN + 1];
	uint8_t		 hashes[TOTP_RECOVERY_COUNT][32];
	uint8_t		 secret[TOTP_SECRET_BYTES], sealed[256];
	size_t		 len;
	int64_t		 alice, n, last;

	st = fixture_open(NULL);
	alice = user_make(st, "alice");
	ck_assert_int_eq(totp_enroll(st, test_key, alice, NOW, secret, NULL),
	    PERR_OK);
	ck_assert_int_eq(totp_recovery_new(codes, hashes), PERR_OK);
	ck_assert_int_eq(store_recovery_replace(st, alice,
	    (const uint8_t (*)[32])hashes, TOTP_RECOVERY_COUNT), PERR_OK);
	ck_assert_int_eq(store_user_del(st, alice), PERR_OK);
	ck_assert_int_eq(store_totp_get(st, alice, sealed, sizeof(sealed),
	    &len, &last), PERR_NOTFOUND);
	ck_assert_int_eq(store_recovery_count(st, alice, &n), PERR_OK);
	ck_assert_int_eq(n, 0);
	token_wipe(secret, sizeof(secret));
	fixture_close(st);
}
END_TEST

Suite *
suite_totp(void)
{
	Suite	*s = suite_create("totp");
	TCase	*tc;

	tc = tcase_create("rfc6238");
	tcase_add_loop_test(tc,
	    test_totp_verify_accepts_each_rfc_6238_sha1_vector_at_its_time, 0,
	    NROWS(rfc_rows));
	tcase_add_loop_test(tc,
	    test_liboath_gives_the_rfc_6238_eight_digit_vectors, 0,
	    NROWS(rfc_rows));
	tcase_add_loop_test(tc,
	    test_totp_verify_refuses_the_eight_digit_form_of_each_vector, 0,
	    NROWS(rfc_rows));
	suite_add_tcase(s, tc);

	tc = tcase_create("totp_verify");
	tcase_add_test(tc, test_totp_verify_refuses_a_replayed_code_t01);
	tcase_add_test(tc,
	    test_totp_verify_refuses_an_earlier_step_after_a_later_one_t03);
	tcase_add_test(tc,
	    test_totp_verify_refuses_a_digit_prefixed_to_a_valid_code_t05);
	tcase_add_loop_test(tc,
	    test_totp_refuses_each_malformed_code_without_calling_liboath_t06,
	    0, NROWS(bad_rows));
	tcase_add_test(tc,
	    test_totp_check_code_accepts_exactly_six_ascii_digits);
	tcase_add_test(tc, test_totp_verify_refuses_a_wrong_code);
	tcase_add_test(tc,
	    test_totp_verify_accepts_one_step_either_side_and_no_more);
	tcase_add_test(tc, test_totp_verify_refuses_bad_arguments);
	tcase_add_test(tc,
	    test_totp_verify_near_the_epoch_gives_no_negative_step);
	tcase_add_test(tc, test_totp_verify_uses_only_the_clock_it_is_given_t13);
	suite_add_tcase(s, tc);

	tc = tcase_create("totp_verify_user");
	tcase_add_test(tc,
	    test_totp_verify_user_consumes_the_step_so_a_replay_fails_t01);
	tcase_add_test(tc,
	    test_totp_verify_user_answers_notfound_when_not_enrolled);
	tcase_add_test(tc,
	    test_totp_verify_user_fails_closed_on_a_wrong_key_or_a_moved_row);
	tcase_add_test(tc, test_the_store_holds_only_the_sealed_secret_t11);
	tcase_add_test(tc,
	    test_one_hundred_enrollments_give_distinct_160_bit_secrets_t12);
	tcase_add_test(tc, test_totp_new_secret_gives_fresh_random_bytes);
	suite_add_tcase(s, tc);

	tc = tcase_create("store_totp");
	tcase_add_test(tc, test_store_totp_put_and_del_end_the_users_sessions);
	tcase_add_test(tc,
	    test_store_totp_put_refuses_unknown_users_and_bad_lengths);
	tcase_add_test(tc, test_store_totp_use_moves_only_forward);
	tcase_add_test(tc,
	    test_a_code_used_on_one_connection_is_refused_on_another);
	tcase_add_test(tc,
	    test_deleting_a_user_takes_their_totp_and_recovery_codes);
	suite_add_tcase(s, tc);

	tc = tcase_create("totp_uri");
	tcase_add_loop_test(tc,
	    test_totp_base32_gives_the_rfc_4648_encodings_unpadded, 0,
	    NROWS(b32_rows));
	tcase_add_loop_test(tc, test_totp_uri_percent_encodes_issuer_and_user,
	    0, NROWS(uri_rows));
	tcase_add_test(tc, test_totp_uri_refuses_a_buffer_too_small);
	tcase_add_test(tc, test_totp_uri_fits_the_longest_issuer_and_user);
	suite_add_tcase(s, tc);

	tc = tcase_create("recovery");
	tcase_add_test(tc,
	    test_totp_recovery_new_gives_ten_distinct_well_formed_codes);
	tcase_add_test(tc,
	    test_totp_recovery_new_draws_every_character_about_evenly);
	tcase_add_loop_test(tc,
	    test_totp_recovery_hash_normalizes_each_spelling_as_expected, 0,
	    NROWS(norm_rows));
	tcase_add_test(tc,
	    test_each_recovery_code_works_once_and_only_for_its_user);
	tcase_add_test(tc,
	    test_a_recovery_code_works_in_upper_case_and_without_its_dash);
	tcase_add_test(tc, test_a_new_set_of_recovery_codes_voids_the_old_one);
	tcase_add_test(tc,
	    test_store_recovery_replace_for_an_unknown_user_stores_nothing);
	suite_add_tcase(s, tc);
	return s;
}
