/* postern: tests for lib/cookie.c: finding the session cookie, Set-Cookie. */
/*
 * cookie_find() rows follow SECURITY-CASES C03 (exact, case-sensitive
 * names), C04 (no Unicode whitespace trimmed), C06 (degenerate headers)
 * and C07 (large headers); cookie_format() rows follow S04 (the
 * attributes of the session cookie).  What the decision makes of each
 * result is in check_decide.c.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/cookie.h"
#include "tests.h"

#define NROWS(t)	((int)(sizeof(t) / sizeof((t)[0])))
#define SID		"__Host-postern"

/* ------------------------------------------------------- cookie_find */

static const struct {
	const char	*hdr;
	size_t		 len;		/* 0: strlen(hdr) */
	enum perr	 want;
	const char	*val;		/* PERR_OK: the value found */
} find_rows[] = {
	/* found, among others, with SP and HTAB trimmed around the pair */
	{ SID "=abc", 0, PERR_OK, "abc" },
	{ "a=1; " SID "=abc; b=2", 0, PERR_OK, "abc" },
	{ "a=1;" SID "=abc;b=2", 0, PERR_OK, "abc" },
	{ SID "=abc;", 0, PERR_OK, "abc" },
	{ " " SID "=abc ", 0, PERR_OK, "abc" },
	{ "\t" SID "=abc\t; x=y", 0, PERR_OK, "abc" },
	{ SID "=a=b", 0, PERR_OK, "a=b" },
	{ SID "=", 0, PERR_OK, "" },			/* C06 SID= */
	{ SID "=%%%", 0, PERR_OK, "%%%" },		/* C06: a token check's job */
	{ SID "=abc x", 0, PERR_OK, "abc x" },		/* C06 */
	{ SID "=' OR '1'='1", 0, PERR_OK, "' OR '1'='1" },	/* Q03 */
	{ "x=1\0; " SID "=abc", sizeof("x=1\0; " SID "=abc") - 1, PERR_OK,
	  "abc" },	/* a NUL in another pair */
	{ "other; " SID "=abc", 0, PERR_OK, "abc" },	/* a piece without "=" */
	{ SID "=abc; " SID, 0, PERR_OK, "abc" },	/* the second has no "=" */
	{ SID "=abcdef", sizeof(SID) - 1 + 4, PERR_OK, "abc" },	/* the length rules */
	/* C03: names are compared byte for byte */
	{ "__host-postern=abc", 0, PERR_NOTFOUND, NULL },
	{ "__HOST-postern=abc", 0, PERR_NOTFOUND, NULL },
	{ "__Host-Postern=abc", 0, PERR_NOTFOUND, NULL },
	{ "postern=abc", 0, PERR_NOTFOUND, NULL },
	{ "__Secure-postern=abc", 0, PERR_NOTFOUND, NULL },
	{ SID "x=abc", 0, PERR_NOTFOUND, NULL },
	{ "x" SID "=abc", 0, PERR_NOTFOUND, NULL },
	{ SID " =abc", 0, PERR_NOTFOUND, NULL },
	{ "\"" SID "\"=abc", 0, PERR_NOTFOUND, NULL },
	/* C04: only SP and HTAB are trimmed */
	{ "\xe2\x80\x80" SID "=abc", 0, PERR_NOTFOUND, NULL },	/* U+2000 */
	{ "\xc2\xa0" SID "=abc", 0, PERR_NOTFOUND, NULL },	/* U+00A0 */
	{ "\xef\xbb\xbf" SID "=abc", 0, PERR_NOTFOUND, NULL },	/* BOM */
	{ "\v" SID "=abc", 0, PERR_NOTFOUND, NULL },
	{ "\f" SID "=abc", 0, PERR_NOTFOUND, NULL },
	{ "\r\n" SID "=abc", 0, PERR_NOTFOUND, NULL },
	{ "a=1,\x20" SID "=abc", 0, PERR_NOTFOUND, NULL },	/* "," is no separator */
	/* C06: degenerate headers */
	{ "", 0, PERR_NOTFOUND, NULL },
	{ ";;;", 0, PERR_NOTFOUND, NULL },
	{ "=", 0, PERR_NOTFOUND, NULL },
	{ "==", 0, PERR_NOTFOUND, NULL },
	{ "=abc", 0, PERR_NOTFOUND, NULL },
	{ SID, 0, PERR_NOTFOUND, NULL },
	{ SID ";" SID, 0, PERR_NOTFOUND, NULL },
	{ " ; ; ", 0, PERR_NOTFOUND, NULL },
	{ SID "=abc", sizeof(SID) - 2, PERR_NOTFOUND, NULL },	/* the name cut short */
	/* duplicates: ambiguous, whatever the values */
	{ SID "=a; " SID "=b", 0, PERR_INVAL, NULL },
	{ SID "=a; " SID "=a", 0, PERR_INVAL, NULL },
	{ SID "=a;" SID "=", 0, PERR_INVAL, NULL },
	{ "x=1; " SID "=a; y=2; " SID "=b; z=3", 0, PERR_INVAL, NULL },
};

START_TEST(test_cookie_find_gives_each_header_shape_its_result)
{
	const char	*val = (const char *)1;
	size_t		 vallen = 99, len;
	enum perr	 e;

	len = find_rows[_i].len ? find_rows[_i].len : strlen(find_rows[_i].hdr);
	e = cookie_find(find_rows[_i].hdr, len, SID, &val, &vallen);
	ck_assert_msg(e == find_rows[_i].want, "row %d \"%s\": got %d", _i,
	    find_rows[_i].hdr, e);
	if (e != PERR_OK) {
		/* Only PERR_OK promises a value; no value is invented. */
		if (e == PERR_NOTFOUND)
			ck_assert_msg(val == NULL && vallen == 0,
			    "row %d: a value without the cookie", _i);
		return;
	}
	ck_assert_msg(vallen == strlen(find_rows[_i].val) &&
	    memcmp(val, find_rows[_i].val, vallen) == 0,
	    "row %d: got \"%.*s\", want \"%s\"", _i, (int)vallen, val,
	    find_rows[_i].val);
	/* The value points into the header. */
	ck_assert(val >= find_rows[_i].hdr && val + vallen <=
	    find_rows[_i].hdr + len);
}
END_TEST

/* C07: large headers, built at run time. */
enum big_shape {
	BIG_VALUE_16K,		/* one 16 KiB value */
	BIG_HEADER_64K,		/* 64 KiB of pairs, ours among them */
	BIG_500_PAIRS_OURS_LAST,
	BIG_500_PAIRS_NOT_OURS,
	BIG_500_PAIRS_OURS_TWICE,
	BIG_AT_THE_LIMIT,	/* exactly COOKIE_HEADER_MAX bytes */
	BIG_OVER_THE_LIMIT,	/* COOKIE_HEADER_MAX + 1 bytes */
	BIG__MAX
};

static const struct {
	const char	*what;
	enum perr	 want;
} big_rows[BIG__MAX] = {
	[BIG_VALUE_16K] = { "a 16 KiB value", PERR_TOOLONG },
	[BIG_HEADER_64K] = { "a 64 KiB header", PERR_TOOLONG },
	[BIG_500_PAIRS_OURS_LAST] = { "500 pairs, ours last", PERR_OK },
	[BIG_500_PAIRS_NOT_OURS] = { "500 pairs, none ours", PERR_NOTFOUND },
	[BIG_500_PAIRS_OURS_TWICE] = { "500 pairs, ours twice", PERR_INVAL },
	[BIG_AT_THE_LIMIT] = { "exactly the limit", PERR_OK },
	[BIG_OVER_THE_LIMIT] = { "one byte over the limit", PERR_TOOLONG },
};

static size_t
big_pairs(char *buf, size_t at, int n)
{
	int	i;

	for (i = 0; i < n; i++)
		at += (size_t)sprintf(buf + at, "c%d=v; ", i);
	return at;
}

START_TEST(test_cookie_find_C07_bounds_large_headers)
{
	char		*h;
	const char	*val;
	size_t		 len = 0, vallen;
	enum perr	 e;

	ck_assert_ptr_nonnull(h = malloc(80 * 1024));
	switch ((enum big_shape)_i) {
	case BIG_VALUE_16K:
		len = (size_t)sprintf(h, SID "=");
		memset(h + len, 'A', 16 * 1024);
		len += 16 * 1024;
		break;
	case BIG_HEADER_64K:
		len = big_pairs(h, 0, 500);
		while (len < 64 * 1024 - 64)
			len = big_pairs(h, len, 1);
		len += (size_t)sprintf(h + len, SID "=abc");
		break;
	case BIG_500_PAIRS_OURS_LAST:
		len = big_pairs(h, 0, 500);
		len += (size_t)sprintf(h + len, SID "=abc");
		break;
	case BIG_500_PAIRS_NOT_OURS:
		len = big_pairs(h, 0, 500);
		break;
	case BIG_500_PAIRS_OURS_TWICE:
		len = (size_t)sprintf(h, SID "=abc; ");
		len = big_pairs(h, len, 500);
		len += (size_t)sprintf(h + len, SID "=abc");
		break;
	case BIG_AT_THE_LIMIT:
	case BIG_OVER_THE_LIMIT:
		len = (size_t)sprintf(h, SID "=");
		memset(h + len, 'A', COOKIE_HEADER_MAX - len);
		len = COOKIE_HEADER_MAX;
		if (_i == BIG_OVER_THE_LIMIT)
			h[len++] = 'A';
		break;
	default:
		ck_abort();
	}
	e = cookie_find(h, len, SID, &val, &vallen);
	ck_assert_msg(e == big_rows[_i].want, "%s (%zu bytes): got %d",
	    big_rows[_i].what, len, e);
	if (e == PERR_OK && _i == BIG_AT_THE_LIMIT)
		ck_assert_uint_eq(vallen, COOKIE_HEADER_MAX - strlen(SID "="));
	else if (e == PERR_OK)
		ck_assert(vallen == 3 && memcmp(val, "abc", 3) == 0);
	free(h);
}
END_TEST

/* ----------------------------------------------------- cookie_format */

static const struct {
	const char	*name;
	const char	*value;
	int		 secure;
	const char	*domain;
	long long	 maxage;
	const char	*want;
} format_rows[] = {
	/* S04: host-only, no Domain, no Max-Age (a browser-session cookie) */
	{ "__Host-postern", "tok", 1, NULL, -1,
	  "__Host-postern=tok; Path=/; HttpOnly; Secure; SameSite=Lax" },
	{ "__Host-postern", "tok", 1, "", -1,
	  "__Host-postern=tok; Path=/; HttpOnly; Secure; SameSite=Lax" },
	/* S04 shared-cookie mode: __Secure- with the configured Domain */
	{ "__Secure-postern", "tok", 1, "example.com", 43200,
	  "__Secure-postern=tok; Path=/; Domain=example.com; Max-Age=43200; "
	  "HttpOnly; Secure; SameSite=Lax" },
	/* expiring a cookie */
	{ "__Secure-postern", "", 1, "example.com", 0,
	  "__Secure-postern=; Path=/; Domain=example.com; Max-Age=0; "
	  "HttpOnly; Secure; SameSite=Lax" },
	/* an http login.url, for a LAN test: no Secure */
	{ "postern", "tok", 0, NULL, 60,
	  "postern=tok; Path=/; Max-Age=60; HttpOnly; SameSite=Lax" },
};

START_TEST(test_cookie_format_writes_the_S04_attributes)
{
	char		out[512];
	enum perr	e;

	e = cookie_format(out, sizeof(out), format_rows[_i].name,
	    format_rows[_i].value, format_rows[_i].secure,
	    format_rows[_i].domain, format_rows[_i].maxage);
	ck_assert_int_eq(e, PERR_OK);
	ck_assert_msg(strcmp(out, format_rows[_i].want) == 0,
	    "row %d: got \"%s\"", _i, out);
	/* Whatever the row: HttpOnly, SameSite=Lax and Path=/ always. */
	ck_assert_ptr_nonnull(strstr(out, "; HttpOnly"));
	ck_assert_ptr_nonnull(strstr(out, "; SameSite=Lax"));
	ck_assert_ptr_nonnull(strstr(out, "; Path=/"));
	ck_assert((strstr(out, "; Secure") != NULL) == format_rows[_i].secure);
	ck_assert((strstr(out, "Domain=") != NULL) ==
	    (format_rows[_i].domain != NULL && *format_rows[_i].domain));
	ck_assert((strstr(out, "Max-Age=") != NULL) ==
	    (format_rows[_i].maxage >= 0));
}
END_TEST

START_TEST(test_cookie_format_refuses_an_output_too_small)
{
	char		out[64];
	const char	*want = "__Host-postern=tok; Path=/; HttpOnly; Secure; "
			    "SameSite=Lax";
	size_t		n = strlen(want);

	/* Exactly enough, then one byte short. */
	ck_assert_int_eq(cookie_format(out, n + 1, "__Host-postern", "tok", 1,
	    NULL, -1), PERR_OK);
	ck_assert_str_eq(out, want);
	ck_assert_int_eq(cookie_format(out, n, "__Host-postern", "tok", 1,
	    NULL, -1), PERR_TOOLONG);
	ck_assert_int_eq(cookie_format(out, sizeof(out), "__Host-postern",
	    "0123456789012345678901234567890123456789012", 1, NULL, -1),
	    PERR_TOOLONG);
}
END_TEST

Suite *
suite_cookie(void)
{
	Suite	*s = suite_create("cookie");
	TCase	*tc;

	tc = tcase_create("cookie_find");
	tcase_add_loop_test(tc, test_cookie_find_gives_each_header_shape_its_result,
	    0, NROWS(find_rows));
	tcase_add_loop_test(tc, test_cookie_find_C07_bounds_large_headers, 0,
	    BIG__MAX);
	suite_add_tcase(s, tc);

	tc = tcase_create("cookie_format");
	tcase_add_loop_test(tc, test_cookie_format_writes_the_S04_attributes, 0,
	    NROWS(format_rows));
	tcase_add_test(tc, test_cookie_format_refuses_an_output_too_small);
	suite_add_tcase(s, tc);
	return s;
}
