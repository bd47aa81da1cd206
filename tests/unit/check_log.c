/* postern: tests for lib/log.c: escaping, truncation, one line per call. */
/*
 * log_escape() is what keeps a hostile username, host or URI from forging a
 * log line: every byte outside printable ASCII, and the backslash, becomes
 * \xHH, and the output is cut only between whole escapes.  The writers are
 * checked by capturing standard error.
 */
#include "config.h"

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "lib/limits.h"
#include "lib/log.h"
#include "tests.h"

#define NROWS(t)	((int)(sizeof(t) / sizeof((t)[0])))

static const struct {
	const char	*src;
	size_t		 srclen;
	size_t		 dstsz;
	const char	*want;
} escape_rows[] = {
	/* printable ASCII passes through */
	{ "alice", 5, 64, "alice" },
	{ " !~", 3, 64, " !~" },
	{ "", 0, 64, "" },
	/* srclen, not the NUL, bounds the input */
	{ "abc", 2, 64, "ab" },
	/* C0 controls, each the way a line could be forged */
	{ "a\nb", 3, 64, "a\\x0ab" },
	{ "\r\n", 2, 64, "\\x0d\\x0a" },
	{ "a\tb", 3, 64, "a\\x09b" },
	{ "\x1b[31m", 5, 64, "\\x1b[31m" },
	{ "\x01\x1f", 2, 64, "\\x01\\x1f" },
	{ "alice\nlogin ok bob", 18, 64, "alice\\x0alogin ok bob" },
	/* a NUL inside srclen */
	{ "a\0b", 3, 64, "a\\x00b" },
	/* DEL and the backslash itself */
	{ "\x7f", 1, 64, "\\x7f" },
	{ "a\\x0ab", 6, 64, "a\\x5cx0ab" },
	/* high bytes, one escape per byte (valid UTF-8 or not) */
	{ "\xc3\xa9", 2, 64, "\\xc3\\xa9" },
	{ "\xff\x80", 2, 64, "\\xff\\x80" },
	/* truncation: room for the NUL is always kept */
	{ "abcdef", 6, 4, "abc" },
	{ "abcdef", 6, 7, "abcdef" },
	/* truncation never splits an escape */
	{ "ab\n", 3, 6, "ab" },
	{ "ab\n", 3, 7, "ab\\x0a" },
	{ "\n", 1, 4, "" },
	{ "\n", 1, 5, "\\x0a" },
	{ "\n\n", 2, 8, "\\x0a" },
	{ "\n\n", 2, 9, "\\x0a\\x0a" },
	/* dstsz 1: only the NUL */
	{ "abc", 3, 1, "" },
	{ "\n", 1, 1, "" },
};

START_TEST(test_log_escape_writes_each_shape_as_expected)
{
	char	dst[64];
	size_t	n;

	memset(dst, 'Z', sizeof(dst));
	n = log_escape(dst, escape_rows[_i].dstsz, escape_rows[_i].src,
	    escape_rows[_i].srclen);
	ck_assert_msg(strcmp(dst, escape_rows[_i].want) == 0,
	    "row %d: got \"%s\"", _i, dst);
	ck_assert_uint_eq(n, strlen(escape_rows[_i].want));
	ck_assert_uint_lt(n, escape_rows[_i].dstsz);
	/* Nothing is written past dstsz. */
	if (escape_rows[_i].dstsz < sizeof(dst))
		ck_assert_int_eq(dst[escape_rows[_i].dstsz], 'Z');
}
END_TEST

START_TEST(test_log_escape_with_dstsz_0_writes_nothing)
{
	char	dst[4] = { 'Z', 'Z', 'Z', 'Z' };

	ck_assert_uint_eq(log_escape(dst, 0, "abc", 3), 0);
	ck_assert_int_eq(dst[0], 'Z');
}
END_TEST

START_TEST(test_log_escape_output_holds_only_printable_ascii_for_every_byte)
{
	char		src[256], dst[256 * 4 + 1];
	size_t		i, n;

	for (i = 0; i < 256; i++)
		src[i] = (char)i;
	n = log_escape(dst, sizeof(dst), src, sizeof(src));
	ck_assert_uint_eq(n, strlen(dst));
	for (i = 0; i < n; i++)
		ck_assert(dst[i] >= 0x20 && dst[i] < 0x7f);
	/* The 94 printable bytes but the backslash pass; 162 are escaped. */
	ck_assert_uint_eq(n, 94 + 162 * 4);
}
END_TEST

/*
 * Run one writer with standard error sent to a file, and return what it
 * wrote in out.
 */
enum log_which { LOG_WHICH_INFO, LOG_WHICH_WARN, LOG_WHICH_ERR };

static void
log_capture(enum log_dest dest, enum log_which which, const char *arg,
    char *out, size_t outsz)
{
	char	dir[PATH_MAX], path[PATH_MAX];
	int	fd, saved;
	ssize_t	n;

	fixture_tmpdir(dir, sizeof(dir));
	ck_assert_int_lt(snprintf(path, sizeof(path), "%s/stderr", dir),
	    (int)sizeof(path));
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	ck_assert_int_ge(fd, 0);
	fflush(stderr);
	saved = dup(STDERR_FILENO);
	ck_assert_int_ge(saved, 0);
	ck_assert_int_ge(dup2(fd, STDERR_FILENO), 0);
	log_open("t", dest);
	switch (which) {
	case LOG_WHICH_INFO:
		log_info("user %s", arg);
		break;
	case LOG_WHICH_WARN:
		log_warn("user %s", arg);
		break;
	case LOG_WHICH_ERR:
		log_err("user %s", arg);
		break;
	}
	fflush(stderr);
	log_open("check", LOG_DEST_NONE);
	dup2(saved, STDERR_FILENO);
	close(saved);
	ck_assert_int_eq(lseek(fd, 0, SEEK_SET), 0);
	n = read(fd, out, outsz - 1);
	ck_assert_int_ge(n, 0);
	out[n] = '\0';
	close(fd);
	fixture_rmdir(dir);
}

static const struct {
	enum log_dest	 dest;
	enum log_which	 which;
	const char	*arg;
	const char	*want;
} writer_rows[] = {
	{ LOG_DEST_STDERR, LOG_WHICH_INFO, "alice", "t: user alice\n" },
	{ LOG_DEST_STDERR, LOG_WHICH_WARN, "alice", "t: warning: user alice\n" },
	{ LOG_DEST_STDERR, LOG_WHICH_ERR, "alice", "t: error: user alice\n" },
	/* a forged second line stays on the first */
	{ LOG_DEST_STDERR, LOG_WHICH_INFO, "a\nt: login ok root",
	    "t: user a\\x0at: login ok root\n" },
	{ LOG_DEST_STDERR, LOG_WHICH_ERR, "\r\x1b[2K", "t: error: user \\x0d\\x1b[2K\n" },
	/* the tests' destination writes nothing */
	{ LOG_DEST_NONE, LOG_WHICH_ERR, "alice", "" },
};

START_TEST(test_log_writers_write_one_escaped_line_per_call)
{
	char	out[LOG_LINE_MAX * 2];

	log_capture(writer_rows[_i].dest, writer_rows[_i].which,
	    writer_rows[_i].arg, out, sizeof(out));
	ck_assert_msg(strcmp(out, writer_rows[_i].want) == 0,
	    "row %d: got \"%s\"", _i, out);
}
END_TEST

START_TEST(test_log_writers_bound_an_overlong_line)
{
	char	arg[4 * LOG_LINE_MAX], out[LOG_LINE_MAX * 8];
	size_t	len;

	memset(arg, '\n', sizeof(arg) - 1);
	arg[sizeof(arg) - 1] = '\0';
	log_capture(LOG_DEST_STDERR, LOG_WHICH_INFO, arg, out, sizeof(out));
	len = strlen(out);
	ck_assert_uint_gt(len, 0);
	ck_assert_int_eq(out[len - 1], '\n');
	/* One line: the only newline is the last byte. */
	ck_assert_ptr_eq(strchr(out, '\n'), out + len - 1);
	ck_assert_uint_le(len, LOG_LINE_MAX + 16);
}
END_TEST

Suite *
suite_log(void)
{
	Suite	*s = suite_create("log");
	TCase	*tc;

	tc = tcase_create("log_escape");
	tcase_add_loop_test(tc, test_log_escape_writes_each_shape_as_expected,
	    0, NROWS(escape_rows));
	tcase_add_test(tc, test_log_escape_with_dstsz_0_writes_nothing);
	tcase_add_test(tc,
	    test_log_escape_output_holds_only_printable_ascii_for_every_byte);
	suite_add_tcase(s, tc);

	tc = tcase_create("writers");
	tcase_add_loop_test(tc, test_log_writers_write_one_escaped_line_per_call,
	    0, NROWS(writer_rows));
	tcase_add_test(tc, test_log_writers_bound_an_overlong_line);
	suite_add_tcase(s, tc);
	return s;
}
