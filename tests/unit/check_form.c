/* postern: tests for lib/form.c: urlencoded fields, found and encoded. */
/*
 * form_get() rows: a field repeated (SECURITY-CASES F04) is refused, as is
 * a bad escape or a decoded NUL (F06); "+" is a space; a field without "="
 * is an empty value.  form_encode() rows: the RFC 3986 unreserved bytes
 * are kept and every other byte becomes %XX, so R21's "&rd=" inside an
 * original URL cannot become a second parameter.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "lib/form.h"
#include "tests.h"

#define NROWS(t)	((int)(sizeof(t) / sizeof((t)[0])))

/* ---------------------------------------------------------- form_get */

static const struct {
	const char	*s;
	size_t		 len;		/* 0: strlen(s) */
	const char	*name;
	size_t		 outsz;		/* 0: 64 */
	enum perr	 want;
	const char	*val;		/* PERR_OK: the decoded value */
	size_t		 vallen;	/* 0: strlen(val) */
} get_rows[] = {
	{ "a=1&b=2", 0, "b", 0, PERR_OK, "2", 0 },
	{ "a=1&b=2", 0, "a", 0, PERR_OK, "1", 0 },
	{ "&&a=1&&", 0, "a", 0, PERR_OK, "1", 0 },
	{ "a=1=2", 0, "a", 0, PERR_OK, "1=2", 0 },
	{ "a=", 0, "a", 0, PERR_OK, "", 0 },		/* empty value */
	{ "a", 0, "a", 0, PERR_OK, "", 0 },		/* missing "=" */
	{ "a&b=1", 0, "a", 0, PERR_OK, "", 0 },
	{ "b=1&a", 0, "a", 0, PERR_OK, "", 0 },
	{ "a=a+b", 0, "a", 0, PERR_OK, "a b", 0 },	/* "+" is a space */
	{ "a=%2B", 0, "a", 0, PERR_OK, "+", 0 },
	{ "a=%20%2b%3d%26", 0, "a", 0, PERR_OK, " +=&", 0 },
	{ "a=%C3%A9", 0, "a", 0, PERR_OK, "\xc3\xa9", 0 },
	{ "a=%e9", 0, "a", 0, PERR_OK, "\xe9", 0 },	/* bytes, not text */
	{ "a=%252F", 0, "a", 0, PERR_OK, "%2F", 0 },	/* decoded once */
	{ "a=1&b=2", 3, "a", 0, PERR_OK, "1", 0 },	/* the length rules */
	{ "a=1&b=2", 3, "b", 0, PERR_NOTFOUND, NULL, 0 },
	/* not found: absent, another case, a longer name, an encoded name */
	{ "", 0, "a", 0, PERR_NOTFOUND, NULL, 0 },
	{ "b=1", 0, "a", 0, PERR_NOTFOUND, NULL, 0 },
	{ "A=1", 0, "a", 0, PERR_NOTFOUND, NULL, 0 },
	{ "aa=1", 0, "a", 0, PERR_NOTFOUND, NULL, 0 },
	{ "%61=1", 0, "a", 0, PERR_NOTFOUND, NULL, 0 },
	{ "a+=1", 0, "a", 0, PERR_NOTFOUND, NULL, 0 },
	{ "=1", 0, "a", 0, PERR_NOTFOUND, NULL, 0 },
	/* F04: a repeated field, whatever the values or their shape */
	{ "a=1&a=2", 0, "a", 0, PERR_INVAL, NULL, 0 },
	{ "a=1&a=1", 0, "a", 0, PERR_INVAL, NULL, 0 },
	{ "a=1&a", 0, "a", 0, PERR_INVAL, NULL, 0 },
	{ "a&a", 0, "a", 0, PERR_INVAL, NULL, 0 },
	{ "a=%zz&a=1", 0, "a", 0, PERR_INVAL, NULL, 0 },
	{ "username=alice&username=bob&password=x", 0, "username", 0,
	  PERR_INVAL, NULL, 0 },
	{ "username=alice&username=bob&password=x", 0, "password", 0,
	  PERR_OK, "x", 0 },
	{ "password=a&password=b", 0, "password", 0, PERR_INVAL, NULL, 0 },
	/* bad escapes */
	{ "a=%", 0, "a", 0, PERR_INVAL, NULL, 0 },
	{ "a=%4", 0, "a", 0, PERR_INVAL, NULL, 0 },
	{ "a=%4&b=1", 0, "a", 0, PERR_INVAL, NULL, 0 },
	{ "a=%zz", 0, "a", 0, PERR_INVAL, NULL, 0 },
	{ "a=%4G", 0, "a", 0, PERR_INVAL, NULL, 0 },
	{ "a=%G4", 0, "a", 0, PERR_INVAL, NULL, 0 },
	{ "a=% 1", 0, "a", 0, PERR_INVAL, NULL, 0 },
	{ "a=100%", 0, "a", 0, PERR_INVAL, NULL, 0 },
	/* F06: a decoded NUL, no truncated match */
	{ "a=%00", 0, "a", 0, PERR_INVAL, NULL, 0 },
	{ "username=alice%00admin", 0, "username", 0, PERR_INVAL, NULL, 0 },
	{ "password=correct%20horse%20battery%20staple%00junk", 0,
	  "password", 0, PERR_INVAL, NULL, 0 },
	/* a literal NUL inside the length */
	{ "a=x\0y", 5, "a", 0, PERR_INVAL, NULL, 0 },
	/* too long: the value and its NUL must fit */
	{ "a=abc", 0, "a", 4, PERR_OK, "abc", 0 },
	{ "a=abc", 0, "a", 3, PERR_TOOLONG, NULL, 0 },
	{ "a=%41%42%43", 0, "a", 4, PERR_OK, "ABC", 0 },
	{ "a=%41%42%43%44", 0, "a", 4, PERR_TOOLONG, NULL, 0 },
	{ "a=", 0, "a", 1, PERR_OK, "", 0 },
};

START_TEST(test_form_get_gives_each_field_shape_its_result)
{
	char		 out[64];
	size_t		 outlen = 999, len, outsz;
	enum perr	 e;

	len = get_rows[_i].len ? get_rows[_i].len : strlen(get_rows[_i].s);
	outsz = get_rows[_i].outsz ? get_rows[_i].outsz : sizeof(out);
	e = form_get(get_rows[_i].s, len, get_rows[_i].name, out, outsz,
	    &outlen);
	ck_assert_msg(e == get_rows[_i].want, "row %d \"%s\": got %d", _i,
	    get_rows[_i].s, e);
	if (e != PERR_OK)
		return;
	ck_assert_msg(strcmp(out, get_rows[_i].val) == 0,
	    "row %d: got \"%s\", want \"%s\"", _i, out, get_rows[_i].val);
	ck_assert_uint_eq(outlen, strlen(get_rows[_i].val));
	/* outlen may be NULL. */
	ck_assert_int_eq(form_get(get_rows[_i].s, len, get_rows[_i].name, out,
	    outsz, NULL), PERR_OK);
}
END_TEST

/* ------------------------------------------------------- form_encode */

static const struct {
	const char	*in;
	size_t		 len;		/* 0: strlen(in) */
	size_t		 outsz;		/* 0: 512 */
	const char	*want;		/* "" with a return of 0 */
} enc_rows[] = {
	{ "abcXYZ019-._~", 0, 0, "abcXYZ019-._~" },
	{ " ", 0, 0, "%20" },
	{ "/", 0, 0, "%2F" },
	{ "+&=?#%", 0, 0, "%2B%26%3D%3F%23%25" },
	{ ":@!$'()*,;", 0, 0, "%3A%40%21%24%27%28%29%2A%2C%3B" },
	{ "<script>\"", 0, 0, "%3Cscript%3E%22" },
	{ "\r\n", 0, 0, "%0D%0A" },
	{ "\\", 0, 0, "%5C" },
	{ "\xc3\xa9", 0, 0, "%C3%A9" },
	{ "\xff\x80\x7f", 0, 0, "%FF%80%7F" },
	{ "a\0b", 3, 0, "a%00b" },
	/* R21: the whole original URL, so its "&rd=" stays inside */
	{ "https://app.example.com/x?a=1&rd=https://evil.example/", 0, 0,
	  "https%3A%2F%2Fapp.example.com%2Fx%3Fa%3D1%26rd%3Dhttps%3A%2F%2F"
	  "evil.example%2F" },
	/* nothing, or no room: 0 and "" */
	{ "", 0, 0, "" },
	{ "ab", 0, 3, "ab" },
	{ "ab", 0, 2, "" },
	{ "/", 0, 4, "%2F" },
	{ "/", 0, 3, "" },
	{ "a/", 0, 4, "" },
};

START_TEST(test_form_encode_keeps_unreserved_bytes_and_escapes_the_rest)
{
	char	out[512];
	size_t	len, outsz, n;

	len = enc_rows[_i].len ? enc_rows[_i].len : strlen(enc_rows[_i].in);
	outsz = enc_rows[_i].outsz ? enc_rows[_i].outsz : sizeof(out);
	memset(out, 'x', sizeof(out));
	n = form_encode(enc_rows[_i].in, len, out, outsz);
	ck_assert_msg(strcmp(out, enc_rows[_i].want) == 0,
	    "row %d: got \"%s\", want \"%s\"", _i, out, enc_rows[_i].want);
	ck_assert_uint_eq(n, strlen(enc_rows[_i].want));
}
END_TEST

/* form_encode_keep(): the bytes of keep too, and only those. */
START_TEST(test_form_encode_keep_leaves_the_bytes_it_is_told)
{
	char	out[64];

	ck_assert_uint_eq(form_encode_keep("/a b/c?d#e%f", 12, "/", out,
	    sizeof(out)), 20);
	ck_assert_str_eq(out, "/a%20b/c%3Fd%23e%25f");
	ck_assert_uint_gt(form_encode_keep("/p;x=1:@", 8, "/;:@", out,
	    sizeof(out)), 0);
	ck_assert_str_eq(out, "/p;x%3D1:@");
	ck_assert_uint_gt(form_encode_keep("/p;x=1", 6, "", out,
	    sizeof(out)), 0);
	ck_assert_str_eq(out, "%2Fp%3Bx%3D1");
	/* Too long: 0 and "". */
	ck_assert_uint_eq(form_encode_keep("/a b", 4, "/", out, 6), 0);
	ck_assert_str_eq(out, "");
}
END_TEST

/* What form_encode() writes, form_get() reads back unchanged. */
START_TEST(test_form_encode_output_decodes_back_with_form_get)
{
	static const char	 in[] = "https://app.example.com/x?a=1&rd="
				    "https://evil.example/ +%\xc3\xa9";
	char			 enc[512], field[600], dec[512];
	size_t			 n, dlen;

	n = form_encode(in, sizeof(in) - 1, enc, sizeof(enc));
	ck_assert_uint_gt(n, 0);
	snprintf(field, sizeof(field), "rd=%s&x=1", enc);
	ck_assert_int_eq(form_get(field, strlen(field), "rd", dec, sizeof(dec),
	    &dlen), PERR_OK);
	ck_assert_uint_eq(dlen, sizeof(in) - 1);
	ck_assert_str_eq(dec, in);
	/* And there is exactly one rd. */
	ck_assert_int_eq(form_get(field, strlen(field), "x", dec, sizeof(dec),
	    NULL), PERR_OK);
}
END_TEST

/* The output buffer of zero bytes is never written. */
START_TEST(test_form_encode_writes_nothing_to_a_zero_size_buffer)
{
	char	out[1] = { 'x' };

	ck_assert_uint_eq(form_encode("a", 1, out, 0), 0);
	ck_assert_int_eq(out[0], 'x');
}
END_TEST

Suite *
suite_form(void)
{
	Suite	*s = suite_create("form");
	TCase	*tc;

	tc = tcase_create("form_get");
	tcase_add_loop_test(tc, test_form_get_gives_each_field_shape_its_result,
	    0, NROWS(get_rows));
	suite_add_tcase(s, tc);

	tc = tcase_create("form_encode");
	tcase_add_loop_test(tc,
	    test_form_encode_keeps_unreserved_bytes_and_escapes_the_rest, 0,
	    NROWS(enc_rows));
	tcase_add_test(tc, test_form_encode_output_decodes_back_with_form_get);
	tcase_add_test(tc, test_form_encode_keep_leaves_the_bytes_it_is_told);
	tcase_add_test(tc,
	    test_form_encode_writes_nothing_to_a_zero_size_buffer);
	suite_add_tcase(s, tc);
	return s;
}
