/* postern: tests for lib/htpasswd.c, one table row per shape. */
/*
 * Accepted lines with the name and hash expected of them, skipped lines,
 * and each malformed shape with its error and reason.  A refused hash
 * must never come back to the caller: it may be a plaintext password.
 */
#include "config.h"

#include <string.h>

#include "lib/htpasswd.h"
#include "lib/limits.h"
#include "tests.h"

#define NROWS(t)	((int)(sizeof(t) / sizeof((t)[0])))
#define LIT(s)		s, (sizeof(s) - 1)

#define APR1		"$apr1$abcdefgh$FBwExRW4dCc8aL.OvjpIE1"
#define SHA		"{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g="
#define BCRYPT		"$2y$08$F42ge9xvg7iRshpqIyabi.yj3PCqGXPttUh3/lSv3jt3A9" \
			"OqczTWO"
#define YESCRYPT	"$y$j9T$AjEx5thejZIWo1KFDBRjZ/$3SHBfH1cpkEwBMpYwK9by1U" \
			"9JwDQdT..nN8l0rzlyo/"

static const struct {
	const char	*line;
	size_t		 len;
	const char	*name;
	const char	*hash;
} good[] = {
	{ LIT("alice:" APR1 "\n"), "alice", APR1 },
	{ LIT("alice:" APR1 "\r\n"), "alice", APR1 },
	{ LIT("alice:" APR1), "alice", APR1 },
	{ LIT("bob:" SHA "\n"), "bob", SHA },
	{ LIT("carol:" BCRYPT "\n"), "carol", BCRYPT },
	{ LIT("dave:" YESCRYPT "\n"), "dave", YESCRYPT },
	{ LIT("a:" APR1), "a", APR1 },
	/* Returned as given: the caller canonicalizes usernames. */
	{ LIT("Alice@Example.org:" APR1), "Alice@Example.org", APR1 },
	{ LIT(" alice:" APR1), " alice", APR1 },
	{ LIT("al#ice:" APR1), "al#ice", APR1 },
	{ LIT("0123456789012345678901234567890123456789012345678901234567"
	    "890123:" APR1), "0123456789012345678901234567890123456789012345"
	    "678901234567890123", APR1 },		/* 64 */
};

START_TEST(test_htpasswd_parse_line_accepts_each_valid_shape)
{
	char		 name[USERNAME_MAX + 1], hash[HASH_MAX + 1];
	const char	*why = "unset";

	ck_assert_int_eq(htpasswd_parse_line(good[_i].line, good[_i].len,
	    name, hash, &why), PERR_OK);
	ck_assert_ptr_null(why);
	ck_assert_str_eq(name, good[_i].name);
	ck_assert_str_eq(hash, good[_i].hash);
}
END_TEST

static const struct {
	const char	*line;
	size_t		 len;
} skipped[] = {
	{ LIT("") },
	{ LIT("\n") },
	{ LIT("\r\n") },
	{ LIT("#") },
	{ LIT("# exported 2024-01-01\n") },
	{ LIT("#alice:" APR1 "\r\n") },
};

START_TEST(test_htpasswd_parse_line_skips_blank_and_comment_lines)
{
	char	 name[USERNAME_MAX + 1], hash[HASH_MAX + 1];

	ck_assert_int_eq(htpasswd_parse_line(skipped[_i].line, skipped[_i].len,
	    name, hash, NULL), PERR_NOTFOUND);
	ck_assert_str_eq(name, "");
	ck_assert_str_eq(hash, "");
}
END_TEST

static char	long_line[HTPASSWD_LINE_MAX + 2];
static char	long_name[USERNAME_MAX + 2 + sizeof(APR1)];
static char	long_hash[HASH_MAX + 3];

static void
long_rows(void)
{
	memset(long_line, 'a', HTPASSWD_LINE_MAX + 1);
	memcpy(long_line, "alice:", 6);
	memset(long_name, 'n', USERNAME_MAX + 1);
	memcpy(long_name + USERNAME_MAX + 1, ":" APR1, sizeof(APR1));
	memcpy(long_hash, "a:", 2);
	memset(long_hash + 2, 'h', HASH_MAX + 1);
}

static const struct {
	const char	*line;
	size_t		 len;
	enum perr	 want;
	const char	*why;
	const char	*name;		/* kept for the caller's message */
} bad[] = {
	{ LIT("alice\n"), PERR_INVAL, "no colon", "" },
	{ LIT("alice " APR1), PERR_INVAL, "no colon", "" },
	{ LIT(":" APR1), PERR_INVAL, "empty name", "" },
	{ LIT(":"), PERR_INVAL, "empty name", "" },
	{ long_name, USERNAME_MAX + 1 + sizeof(APR1), PERR_TOOLONG,
	  "name too long", "" },
	{ LIT("alice:"), PERR_INVAL, "empty hash", "alice" },
	{ LIT("alice:\n"), PERR_INVAL, "empty hash", "alice" },
	{ LIT("alice:" APR1 ":extra"), PERR_INVAL, "more than one colon",
	  "alice" },
	{ LIT("alice:" APR1 ":"), PERR_INVAL, "more than one colon",
	  "alice" },
	{ LIT("alice::" APR1), PERR_INVAL, "more than one colon", "alice" },
	{ long_hash, HASH_MAX + 3, PERR_TOOLONG, "hash too long", "a" },
	{ long_line, HTPASSWD_LINE_MAX + 1, PERR_TOOLONG, "line too long",
	  "" },
	{ LIT("alice:" APR1 "\x01"), PERR_INVAL, "control character", "" },
	{ LIT("alice:" APR1 "\t"), PERR_INVAL, "control character", "" },
	{ LIT("alice\0:" APR1), PERR_INVAL, "control character", "" },
	{ LIT("alice:" APR1 "\0"), PERR_INVAL, "control character", "" },
	{ LIT("alice:" APR1 "\r"), PERR_INVAL, "control character", "" },
	{ LIT("alice:" APR1 "\n\n"), PERR_INVAL, "control character", "" },
	{ LIT("alice:" APR1 "\r\r\n"), PERR_INVAL, "control character", "" },
	{ LIT("alice:" APR1 "\x7f"), PERR_INVAL, "control character", "" },
	{ LIT("al\x1bice:" APR1), PERR_INVAL, "control character", "" },
	{ LIT("# a comment with a \x01 in it\n"), PERR_INVAL,
	  "control character", "" },
	{ LIT("\t# indented comment"), PERR_INVAL, "control character", "" },
	/* The hash is checked with password_import_check(). */
	{ LIT("alice:abiQ6Ep3EYTHc\n"), PERR_INVAL,
	  "DES crypt truncates passwords to 8 bytes", "alice" },
	{ LIT("alice:secret\n"), PERR_INVAL,
	  "plaintext passwords are refused", "alice" },
	{ LIT("alice:{SSHA}Bo2Yab0fMTWtUO9bN1kPpwK/bRIy0DEs\n"), PERR_INVAL,
	  "unsupported hash scheme", "alice" },
	{ LIT("alice:$apr1$abcdefgh$short\n"), PERR_INVAL,
	  "malformed hash", "alice" },
	{ LIT("alice:" APR1 " \n"), PERR_INVAL, "malformed hash", "alice" },
	{ LIT("alice:$1$saltsalt$qjXMvbEw8oaL.CzflDtaK/\n"), PERR_INVAL,
	  "md5-crypt ($1$) is not supported", "alice" },
};

START_TEST(test_htpasswd_parse_line_refuses_each_malformed_shape)
{
	char		 name[USERNAME_MAX + 1], hash[HASH_MAX + 1];
	const char	*why = NULL;

	long_rows();
	memset(hash, 'x', sizeof(hash));
	ck_assert_msg(htpasswd_parse_line(bad[_i].line, bad[_i].len, name,
	    hash, &why) == bad[_i].want, "row %d", _i);
	ck_assert_ptr_nonnull(why);
	ck_assert_str_eq(why, bad[_i].why);
	ck_assert_str_eq(name, bad[_i].name);
	/* A refused hash never comes back: it may be a password. */
	ck_assert_str_eq(hash, "");
}
END_TEST

START_TEST(test_htpasswd_parse_line_accepts_a_line_of_exactly_the_limit)
{
	char		 line[HTPASSWD_LINE_MAX + 2];
	char		 name[USERNAME_MAX + 1], hash[HASH_MAX + 1];
	const char	*why = NULL;

	/* The limit excludes the line end; a comment can reach it. */
	memset(line, 'c', sizeof(line));
	line[0] = '#';
	line[HTPASSWD_LINE_MAX] = '\r';
	line[HTPASSWD_LINE_MAX + 1] = '\n';
	ck_assert_int_eq(htpasswd_parse_line(line, sizeof(line), name, hash,
	    &why), PERR_NOTFOUND);
	ck_assert_int_eq(htpasswd_parse_line(line, HTPASSWD_LINE_MAX + 1, name,
	    hash, &why), PERR_TOOLONG);
}
END_TEST

Suite *
suite_htpasswd(void)
{
	Suite	*s = suite_create("htpasswd");
	TCase	*tc = tcase_create("htpasswd");

	tcase_add_loop_test(tc,
	    test_htpasswd_parse_line_accepts_each_valid_shape, 0, NROWS(good));
	tcase_add_loop_test(tc,
	    test_htpasswd_parse_line_skips_blank_and_comment_lines,
	    0, NROWS(skipped));
	tcase_add_loop_test(tc,
	    test_htpasswd_parse_line_refuses_each_malformed_shape,
	    0, NROWS(bad));
	tcase_add_test(tc,
	    test_htpasswd_parse_line_accepts_a_line_of_exactly_the_limit);
	suite_add_tcase(s, tc);
	return s;
}
