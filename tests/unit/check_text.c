/* postern: tests for lib/text.c, one table row per shape of text. */
/*
 * text_check() is the one validator for free text an administrator
 * stores (display names, application names, descriptions, group names):
 * strict UTF-8 (RFC 3629), no C0 or C1 control nor DEL, the length limit,
 * and the extra rules of its flags.  text_utf8_len() is the decoder every
 * parser shares, checked here against each edge of the RFC 3629 table.
 */
#include "config.h"

#include <string.h>

#include "lib/text.h"
#include "tests.h"

#define NROWS(t)	((int)(sizeof(t) / sizeof((t)[0])))

static const struct {
	const char	*s;
	size_t		 max;
	int		 flags;
	enum perr	 want;
} check_rows[] = {
	/* accepted */
	{ "Alice", 64, 0, PERR_OK },
	{ "O'Hara \"Wiki\"", 64, 0, PERR_OK },		/* Q06: quotes */
	{ "<script>alert(1)</script>", 64, 0, PERR_OK },	/* escaped on output */
	{ "Zo\xc3\xab", 64, 0, PERR_OK },		/* U+00EB */
	{ "\xc2\xa0", 64, 0, PERR_OK },			/* U+00A0, after C1 */
	{ "\xe6\x97\xa5\xe6\x9c\xac", 64, 0, PERR_OK },	/* CJK */
	{ "\xe0\xa0\x80", 64, 0, PERR_OK },		/* U+0800, lowest 3-byte */
	{ "\xed\x9f\xbf", 64, 0, PERR_OK },		/* U+D7FF, below surrogates */
	{ "\xee\x80\x80", 64, 0, PERR_OK },		/* U+E000, above surrogates */
	{ "\xf0\x90\x80\x80", 64, 0, PERR_OK },		/* U+10000, lowest 4-byte */
	{ "\xf0\x9f\x94\x91", 64, 0, PERR_OK },		/* U+1F511 */
	{ "\xf4\x8f\xbf\xbf", 64, 0, PERR_OK },		/* U+10FFFF, the last */
	{ "", 64, 0, PERR_OK },				/* empty allowed by default */
	{ "a,b", 64, 0, PERR_OK },			/* comma allowed by default */
	{ "a b", 64, TEXT_NOCOMMA | TEXT_NONEMPTY, PERR_OK },
	/* W09 and other overlong forms */
	{ "\xc0\xbc", 64, 0, PERR_INVAL },			/* overlong '<' */
	{ "\xc0\xbcscript\xc0\xbe", 64, 0, PERR_INVAL },	/* W09 */
	{ "\xc0\x80", 64, 0, PERR_INVAL },			/* overlong NUL */
	{ "\xc1\xbf", 64, 0, PERR_INVAL },
	{ "\xe0\x80\xaf", 64, 0, PERR_INVAL },			/* overlong '/' */
	{ "\xe0\x9f\xbf", 64, 0, PERR_INVAL },
	{ "\xf0\x80\x80\xaf", 64, 0, PERR_INVAL },
	{ "\xf0\x8f\xbf\xbf", 64, 0, PERR_INVAL },
	/* UTF-16 surrogates */
	{ "\xed\xa0\x80", 64, 0, PERR_INVAL },			/* U+D800 */
	{ "\xed\xbf\xbf", 64, 0, PERR_INVAL },			/* U+DFFF */
	{ "\xed\xa0\xbd\xed\xb2\xa9", 64, 0, PERR_INVAL },	/* CESU-8 pair */
	/* past U+10FFFF and bytes that never start a sequence */
	{ "\xf4\x90\x80\x80", 64, 0, PERR_INVAL },		/* U+110000 */
	{ "\xf5\x80\x80\x80", 64, 0, PERR_INVAL },
	{ "\xf8\x88\x80\x80\x80", 64, 0, PERR_INVAL },		/* 5-byte form */
	{ "\xfe", 64, 0, PERR_INVAL },
	{ "\xff", 64, 0, PERR_INVAL },
	/* truncated sequences and stray continuation bytes */
	{ "\xc3", 64, 0, PERR_INVAL },
	{ "a\xe2\x82", 64, 0, PERR_INVAL },
	{ "\xf0\x9f\x94", 64, 0, PERR_INVAL },
	{ "\xe2\x82z", 64, 0, PERR_INVAL },
	{ "\xc3\x28", 64, 0, PERR_INVAL },			/* bad tail */
	{ "\x80", 64, 0, PERR_INVAL },
	{ "a\xbf", 64, 0, PERR_INVAL },
	/* Latin-1, not UTF-8 */
	{ "Zo\xeb", 64, 0, PERR_INVAL },
	/* C0 controls */
	{ "\x01", 64, 0, PERR_INVAL },
	{ "a\tb", 64, 0, PERR_INVAL },
	{ "a\nb", 64, 0, PERR_INVAL },
	{ "a\rb", 64, 0, PERR_INVAL },
	{ "\x1b[2J", 64, 0, PERR_INVAL },
	{ "\x1f", 64, 0, PERR_INVAL },
	/* DEL */
	{ "a\x7f", 64, 0, PERR_INVAL },
	/* C1 controls, U+0080 to U+009F */
	{ "\xc2\x80", 64, 0, PERR_INVAL },
	{ "\xc2\x85", 64, 0, PERR_INVAL },			/* NEL */
	{ "\xc2\x9f", 64, 0, PERR_INVAL },
	/* flags */
	{ "a,b", 64, TEXT_NOCOMMA, PERR_INVAL },
	{ ",", 64, TEXT_NOCOMMA, PERR_INVAL },
	{ "", 64, TEXT_NONEMPTY, PERR_INVAL },
	{ "", 64, TEXT_NOCOMMA, PERR_OK },
	/* the limit counts bytes, not characters */
	{ "abcde", 5, 0, PERR_OK },
	{ "abcdef", 5, 0, PERR_TOOLONG },
	{ "\xc3\xa9\xc3\xa9", 4, 0, PERR_OK },
	{ "\xc3\xa9\xc3\xa9\xc3\xa9", 5, 0, PERR_TOOLONG },
	{ "", 0, 0, PERR_OK },
	{ "a", 0, 0, PERR_TOOLONG },
};

START_TEST(test_text_check_answers_each_shape_as_expected)
{
	const char	*why = NULL;
	enum perr	 e;

	e = text_check(check_rows[_i].s, check_rows[_i].max,
	    check_rows[_i].flags, &why);
	ck_assert_msg(e == check_rows[_i].want, "row %d: got %d", _i, e);
	if (e != PERR_OK)
		ck_assert_msg(why != NULL && *why != '\0',
		    "row %d: no reason", _i);
	/* why may be NULL. */
	ck_assert_int_eq(text_check(check_rows[_i].s, check_rows[_i].max,
	    check_rows[_i].flags, NULL), check_rows[_i].want);
}
END_TEST

START_TEST(test_text_check_refuses_every_c0_control_and_del)
{
	char	s[4];
	int	c;

	for (c = 1; c < 0x20; c++) {
		s[0] = 'a';
		s[1] = (char)c;
		s[2] = 'b';
		s[3] = '\0';
		ck_assert_msg(text_check(s, 64, 0, NULL) == PERR_INVAL,
		    "byte 0x%02x accepted", c);
	}
	ck_assert_int_eq(text_check("\x7f", 64, 0, NULL), PERR_INVAL);
}
END_TEST

START_TEST(test_text_check_refuses_every_c1_control)
{
	char	s[3];
	int	c;

	for (c = 0x80; c <= 0x9f; c++) {
		s[0] = (char)0xc2;
		s[1] = (char)c;
		s[2] = '\0';
		ck_assert_msg(text_check(s, 64, 0, NULL) == PERR_INVAL,
		    "U+%04X accepted", c);
	}
}
END_TEST

static const struct {
	const char	*s;
	size_t		 len;
	size_t		 want;
} utf8_rows[] = {
	{ "", 0, 0 },
	{ "a", 1, 1 },
	{ "\x7f", 1, 1 },
	{ "\xc2\x80", 2, 2 },
	{ "\xdf\xbf", 2, 2 },
	{ "\xc3\xa9", 1, 0 },			/* cut by len */
	{ "\xc0\xbc", 2, 0 },
	{ "\xc1\xbf", 2, 0 },
	{ "\xe0\xa0\x80", 3, 3 },
	{ "\xe0\x9f\xbf", 3, 0 },
	{ "\xe2\x82\xac", 3, 3 },
	{ "\xe2\x82\xac", 2, 0 },		/* cut by len */
	{ "\xed\x9f\xbf", 3, 3 },
	{ "\xed\xa0\x80", 3, 0 },
	{ "\xee\x80\x80", 3, 3 },
	{ "\xef\xbf\xbf", 3, 3 },
	{ "\xf0\x90\x80\x80", 4, 4 },
	{ "\xf0\x8f\xbf\xbf", 4, 0 },
	{ "\xf3\xbf\xbf\xbf", 4, 4 },
	{ "\xf4\x8f\xbf\xbf", 4, 4 },
	{ "\xf4\x90\x80\x80", 4, 0 },
	{ "\xf0\x9f\x94\x91", 3, 0 },		/* cut by len */
	{ "\xf0\x9f\x94\x41", 4, 0 },		/* bad last tail */
	{ "\xe2\xc2\xac", 3, 0 },		/* bad first tail */
	{ "\x80", 1, 0 },
	{ "\xbf", 1, 0 },
	{ "\xf5\x80\x80\x80", 4, 0 },
	{ "\xff", 1, 0 },
	/* only the first sequence is measured */
	{ "\xc3\xa9z", 3, 2 },
	{ "a\xff", 2, 1 },
};

START_TEST(test_text_utf8_len_measures_each_sequence_as_expected)
{
	size_t	n;

	n = text_utf8_len((const unsigned char *)utf8_rows[_i].s,
	    utf8_rows[_i].len);
	ck_assert_msg(n == utf8_rows[_i].want, "row %d: got %zu", _i, n);
}
END_TEST

Suite *
suite_text(void)
{
	Suite	*s = suite_create("text");
	TCase	*tc;

	tc = tcase_create("text_check");
	tcase_add_loop_test(tc, test_text_check_answers_each_shape_as_expected,
	    0, NROWS(check_rows));
	tcase_add_test(tc, test_text_check_refuses_every_c0_control_and_del);
	tcase_add_test(tc, test_text_check_refuses_every_c1_control);
	suite_add_tcase(s, tc);

	tc = tcase_create("text_utf8_len");
	tcase_add_loop_test(tc,
	    test_text_utf8_len_measures_each_sequence_as_expected, 0,
	    NROWS(utf8_rows));
	suite_add_tcase(s, tc);
	return s;
}
