/* postern: tests for authz-cgi/range.c, mime.c and http.c's dates. */
/*
 * range_parse() rows: every well-formed shape (a-b, a-, -n, clamped past
 * the end, a zero-length file) gives its inclusive range or 416; every
 * malformed shape (no "bytes=", another unit, several ranges, whitespace,
 * signs, numbers over 2^63 - 1, a > b, empty, trailing bytes, a header
 * over RANGE_HEADER_MAX, a NUL) is RANGE_NONE, the whole file.
 * mime_lookup() rows read one temporary mime.types holding normal lines,
 * comments, malformed types, a line too long, a line holding a NUL and a
 * last line without its newline; extensions compare case-insensitively.
 */
#include "config.h"

#include <stdint.h>
#include <time.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "authz-cgi/gate.h"
#include "tests.h"

#define NROWS(t)	((int)(sizeof(t) / sizeof((t)[0])))

/* range.c's RANGE_HEADER_MAX: "bytes=" and two 19-digit numbers fit. */
#define HDR_MAX		64
#define Z10		"0000000000"
#define Z50		Z10 Z10 Z10 Z10 Z10
#define I64MAX		9223372036854775807ULL
#define N		RANGE_NONE
#define OK		RANGE_OK
#define UNSAT		RANGE_UNSATISFIABLE

/* --------------------------------------------------------- range_parse */

static const struct {
	const char		*h;
	uint64_t		 size;
	enum range_result	 want;
	uint64_t		 first, last;	/* RANGE_OK */
} range_rows[] = {
	/* first-pos "-" last-pos */
	{ "bytes=0-0", 100, OK, 0, 0 },
	{ "bytes=0-99", 100, OK, 0, 99 },
	{ "bytes=10-20", 100, OK, 10, 20 },
	{ "bytes=99-99", 100, OK, 99, 99 },
	{ "bytes=007-010", 100, OK, 7, 10 },		/* leading zeros */
	{ "bytes=0-0", 1, OK, 0, 0 },
	/* last-pos past the end is clamped */
	{ "bytes=50-100", 100, OK, 50, 99 },
	{ "bytes=50-1000000", 100, OK, 50, 99 },
	{ "bytes=0-9223372036854775807", 100, OK, 0, 99 },
	/* first-pos "-" */
	{ "bytes=0-", 100, OK, 0, 99 },
	{ "bytes=5-", 100, OK, 5, 99 },
	{ "bytes=99-", 100, OK, 99, 99 },
	{ "bytes=9223372036854775806-", I64MAX, OK, I64MAX - 1, I64MAX - 1 },
	/* "-" suffix-length, clamped to the whole file */
	{ "bytes=-1", 100, OK, 99, 99 },
	{ "bytes=-10", 100, OK, 90, 99 },
	{ "bytes=-99", 100, OK, 1, 99 },
	{ "bytes=-100", 100, OK, 0, 99 },
	{ "bytes=-101", 100, OK, 0, 99 },
	{ "bytes=-9223372036854775807", 100, OK, 0, 99 },
	{ "bytes=-9223372036854775807", I64MAX, OK, 0, I64MAX - 1 },
	{ "bytes=-1", 1, OK, 0, 0 },
	/* well-formed but unsatisfiable: 416 */
	{ "bytes=100-", 100, UNSAT, 0, 0 },
	{ "bytes=100-100", 100, UNSAT, 0, 0 },
	{ "bytes=100-200", 100, UNSAT, 0, 0 },
	{ "bytes=9223372036854775807-", 100, UNSAT, 0, 0 },
	{ "bytes=-0", 100, UNSAT, 0, 0 },		/* zero suffix */
	{ "bytes=-000", 100, UNSAT, 0, 0 },
	/* a zero-length file: nothing is satisfiable */
	{ "bytes=0-", 0, UNSAT, 0, 0 },
	{ "bytes=0-0", 0, UNSAT, 0, 0 },
	{ "bytes=0-99", 0, UNSAT, 0, 0 },
	{ "bytes=-1", 0, UNSAT, 0, 0 },
	{ "bytes=-0", 0, UNSAT, 0, 0 },
	/* absent or empty */
	{ NULL, 100, N, 0, 0 },
	{ NULL, 0, N, 0, 0 },
	{ "", 100, N, 0, 0 },
	{ "bytes=", 100, N, 0, 0 },
	{ "bytes=-", 100, N, 0, 0 },
	{ "=0-1", 100, N, 0, 0 },
	/* no "bytes=", or another unit */
	{ "0-1", 100, N, 0, 0 },
	{ "-1", 100, N, 0, 0 },
	{ "bytes0-1", 100, N, 0, 0 },
	{ "bytes:0-1", 100, N, 0, 0 },
	{ "bytes 0-1", 100, N, 0, 0 },
	{ "byte=0-1", 100, N, 0, 0 },
	{ "Bytes=0-1", 100, N, 0, 0 },	/* RANGE_NONE is always allowed */
	{ "BYTES=0-1", 100, N, 0, 0 },
	{ "items=0-1", 100, N, 0, 0 },
	{ "none", 100, N, 0, 0 },
	/* several ranges */
	{ "bytes=0-1,2-3", 100, N, 0, 0 },
	{ "bytes=0-1, 2-3", 100, N, 0, 0 },
	{ "bytes=-1,0-0", 100, N, 0, 0 },
	{ "bytes=0-,0-", 100, N, 0, 0 },
	{ "bytes=0-1,", 100, N, 0, 0 },
	{ "bytes=,0-1", 100, N, 0, 0 },
	{ "bytes=0-1 bytes=2-3", 100, N, 0, 0 },
	/* whitespace anywhere */
	{ " bytes=0-1", 100, N, 0, 0 },
	{ "bytes =0-1", 100, N, 0, 0 },
	{ "bytes= 0-1", 100, N, 0, 0 },
	{ "bytes=0 -1", 100, N, 0, 0 },
	{ "bytes=0- 1", 100, N, 0, 0 },
	{ "bytes=0-1 ", 100, N, 0, 0 },
	{ "bytes=0-1\t", 100, N, 0, 0 },
	{ "bytes=\t0-1", 100, N, 0, 0 },
	{ "bytes=- 1", 100, N, 0, 0 },
	{ "bytes=-1 ", 100, N, 0, 0 },
	{ "bytes=0-1\r\n", 100, N, 0, 0 },
	/* signs */
	{ "bytes=+0-1", 100, N, 0, 0 },
	{ "bytes=0-+1", 100, N, 0, 0 },
	{ "bytes=-+1", 100, N, 0, 0 },
	{ "bytes=--1", 100, N, 0, 0 },
	{ "bytes=-0-1", 100, N, 0, 0 },
	{ "bytes=0--1", 100, N, 0, 0 },
	/* numbers over 2^63 - 1 */
	{ "bytes=9223372036854775808-", 100, N, 0, 0 },
	{ "bytes=0-9223372036854775808", 100, N, 0, 0 },
	{ "bytes=-9223372036854775808", 100, N, 0, 0 },
	{ "bytes=18446744073709551615-", 100, N, 0, 0 },
	{ "bytes=18446744073709551616-", 100, N, 0, 0 },
	{ "bytes=0-18446744073709551617", 100, N, 0, 0 },
	{ "bytes=-18446744073709551617", 100, N, 0, 0 },
	{ "bytes=99999999999999999999999999999-", 100, N, 0, 0 },
	/* last-pos before first-pos, checked before the size */
	{ "bytes=2-1", 100, N, 0, 0 },
	{ "bytes=1-0", 100, N, 0, 0 },
	{ "bytes=200-100", 100, N, 0, 0 },
	{ "bytes=5-4", 0, N, 0, 0 },
	/* other bytes, trailing garbage */
	{ "bytes=a-b", 100, N, 0, 0 },
	{ "bytes=0x10-0x20", 100, N, 0, 0 },
	{ "bytes=1e3-", 100, N, 0, 0 },
	{ "bytes=1.5-2", 100, N, 0, 0 },
	{ "bytes=0", 100, N, 0, 0 },
	{ "bytes=0x", 100, N, 0, 0 },
	{ "bytes=0-1x", 100, N, 0, 0 },
	{ "bytes=0-1;", 100, N, 0, 0 },
	{ "bytes=0-1-2", 100, N, 0, 0 },
	{ "bytes=0-x", 100, N, 0, 0 },
	{ "bytes=-1x", 100, N, 0, 0 },
	{ "bytes=-1-", 100, N, 0, 0 },
	{ "bytes=\xd9\xa1-2", 100, N, 0, 0 },		/* a non-ASCII digit */
	{ "bytes=0-1\xff", 100, N, 0, 0 },
	/* the length: up to HDR_MAX bytes, leading zeros included */
	{ "bytes=" Z50 "000001-2", 100, OK, 1, 2 },		/* 64 */
	{ "bytes=" Z50 "0000001-2", 100, N, 0, 0 },		/* 65 */
	{ "bytes=-" Z50 "0000001", 100, OK, 99, 99 },		/* 64 */
	{ "bytes=-" Z50 "00000001", 100, N, 0, 0 },		/* 65 */
	{ "bytes=" Z50 Z50 Z50 Z50 "1-2", 100, N, 0, 0 },
	{ "bytes=0-1" Z50 Z50 "x", 100, N, 0, 0 },
	/* a NUL ends the header (a CGI variable cannot hold one) */
	{ "bytes=0-1\0junk", 100, OK, 0, 1 },
	{ "bytes=0-\0" "1", 100, OK, 0, 99 },
	{ "bytes=\0" "0-1", 100, N, 0, 0 },
	{ "\0bytes=0-1", 100, N, 0, 0 },
};

START_TEST(test_range_parse_gives_each_header_shape_its_result)
{
	struct gate_range	r = { 12345, 67890 };
	enum range_result	e;

	e = range_parse(range_rows[_i].h, range_rows[_i].size, &r);
	ck_assert_msg(e == range_rows[_i].want,
	    "row %d \"%s\" size %llu: got %d, want %d", _i,
	    range_rows[_i].h ? range_rows[_i].h : "(null)",
	    (unsigned long long)range_rows[_i].size, e, range_rows[_i].want);
	if (e != RANGE_OK) {
		/* *r is left alone. */
		ck_assert_uint_eq(r.first, 12345);
		ck_assert_uint_eq(r.last, 67890);
		return;
	}
	ck_assert_msg(r.first == range_rows[_i].first &&
	    r.last == range_rows[_i].last,
	    "row %d \"%s\": got %llu-%llu, want %llu-%llu", _i,
	    range_rows[_i].h, (unsigned long long)r.first,
	    (unsigned long long)r.last,
	    (unsigned long long)range_rows[_i].first,
	    (unsigned long long)range_rows[_i].last);
	ck_assert_uint_le(r.first, r.last);
	ck_assert_uint_lt(r.last, range_rows[_i].size);
}
END_TEST

/* The length check reads no further than HDR_MAX + 1 bytes. */
START_TEST(test_range_parse_refuses_a_header_of_any_greater_length)
{
	static char		h[64 * 1024];
	struct gate_range	r;
	size_t			len;

	for (len = HDR_MAX + 1; len < sizeof(h); len = len * 2 + 1) {
		memset(h, '0', len);
		memcpy(h, "bytes=", 6);
		h[len - 2] = '-';
		h[len - 1] = '1';
		h[len] = '\0';
		ck_assert_int_eq(range_parse(h, 100, &r), RANGE_NONE);
	}
}
END_TEST

/* ---------------------------------------------------------- mime_lookup */

#define LONGLINE_PREFIX	"text/long longext"

static const struct {
	const char	*ext;
	size_t		 outsz;		/* 0: GATE_TYPE_MAX + 1 */
	int		 want;
	const char	*type;
} mime_rows[] = {
	{ "txt", 0, 1, "text/plain" },
	{ "asc", 0, 1, "text/plain" },
	{ "text", 0, 1, "text/plain" },
	{ "html", 0, 1, "text/html" },
	{ "htm", 0, 1, "text/html" },
	{ "json", 0, 1, "application/json" },
	{ "tgz", 0, 1, "application/x-gtar-compressed" },
	{ "svgz", 0, 1, "image/svg+xml" },		/* tab-separated */
	{ "ind", 0, 1, "application/x-indented" },	/* leading blanks */
	/* the case of extensions does not matter; the type's is kept */
	{ "TXT", 0, 1, "text/plain" },
	{ "Html", 0, 1, "text/html" },
	{ "jpg", 0, 1, "image/JPEG" },
	{ "JPE", 0, 1, "image/JPEG" },
	{ "jpeg", 0, 1, "image/JPEG" },
	/* the first line wins, whatever the case of either */
	{ "dup", 0, 1, "text/first" },
	{ "mixd", 0, 1, "text/case-up" },
	{ "LOWUP", 0, 1, "text/first-lo" },
	/* a comment or a longer word listing it first is no match */
	{ "later", 0, 1, "text/later" },
	/* a CR is part of the word before it */
	{ "crext", 0, 0, NULL },
	/* whole extensions only */
	{ "tx", 0, 0, NULL },
	{ "txtx", 0, 0, NULL },
	{ "xt", 0, 0, NULL },
	{ "plain", 0, 0, NULL },			/* a type is no ext */
	{ "text/plain", 0, 0, NULL },
	{ "", 0, 0, NULL },
	{ "none", 0, 0, NULL },
	/* comments */
	{ "cmt", 0, 0, NULL },
	{ "cmt2", 0, 0, NULL },
	/* a type missing, or malformed: the line is skipped */
	{ "notype", 0, 0, NULL },
	{ "bad1", 0, 0, NULL },
	{ "bad2", 0, 0, NULL },
	{ "bad3", 0, 0, NULL },
	{ "bad4", 0, 0, NULL },
	{ "bad5", 0, 0, NULL },
	{ "bigtype", 0, 0, NULL },
	{ "maxtype", 0, 1, NULL },	/* exactly GATE_TYPE_MAX: checked below */
	/* a line too long is skipped whole, and the next one read */
	{ "longext", 0, 0, NULL },
	{ "tailext", 0, 0, NULL },
	{ "afterlong", 0, 1, "text/after-long" },
	/* a NUL in a line: that line is malformed, the next one still read */
	{ "nulext", 0, 0, NULL },
	{ "afternul", 0, 1, "text/after-nul" },
	/* the last line, without its newline */
	{ "last", 0, 1, "text/last" },
	/* the type and its NUL must fit in out */
	{ "json", 17, 1, "application/json" },
	{ "json", 16, 0, NULL },
};

static char	mime_dir[PATH_MAX_BYTES];
static char	mime_file[PATH_MAX_BYTES + 32];

static void
mime_setup(void)
{
	FILE	*f;
	int	 i;

	fixture_tmpdir(mime_dir, sizeof(mime_dir));
	snprintf(mime_file, sizeof(mime_file), "%s/mime.types", mime_dir);
	if ((f = fopen(mime_file, "w")) == NULL)
		ck_abort_msg("cannot write %s", mime_file);
	fputs("# mime.types for check_range\n"
	    "#text/comment cmt\n"
	    "   # text/comment cmt2\n"
	    "\n"
	    "   \t  \n"
	    "text/plain\t\t\t\ttxt asc text\n"
	    "text/html html htm\n"
	    "application/json\t\t\tjson\n"
	    "application/x-gtar-compressed\ttgz taz\n"
	    "image/svg+xml\tsvg\tsvgz\n"
	    "  \tapplication/x-indented ind\n"
	    "image/JPEG jpg jpeg JPE\n"
	    "text/first dup\n"
	    "text/second dup\n"
	    "text/case-up MIXD\n"
	    "text/case-lo mixd\n"
	    "text/first-lo lowup\n"
	    "text/then-up LOWUP\n"
	    "# text/comment later\n"
	    "text/longer laterx xlater\n"
	    "text/later later\n"
	    "text/cr crext\r\n"
	    " notype\n"
	    "nodash bad1\n"
	    "/leading bad2\n"
	    "trailing/ bad3\n"
	    "a/b/c bad4\n"
	    "text/<script> bad5\n", f);
	fputs("text/", f);
	for (i = 0; i < GATE_TYPE_MAX; i++)
		fputc('b', f);
	fputs(" bigtype\n", f);
	fputs("text/", f);
	for (i = 0; i < GATE_TYPE_MAX - 5; i++)
		fputc('m', f);
	fputs(" maxtype\n", f);
	/* 1023 bytes, what one fgets() reads, then a tail like a line */
	fputs(LONGLINE_PREFIX, f);
	for (i = (int)sizeof(LONGLINE_PREFIX) - 1; i < 1023; i++)
		fputc(' ', f);
	fputs("text/tail tailext\n", f);
	fputs("text/after-long afterlong\n", f);
	fwrite("text/n\0ul nulext\n", 1, 17, f);
	fputs("text/after-nul afternul\n", f);
	fputs("text/last last", f);
	if (fclose(f) != 0)
		ck_abort_msg("cannot write %s", mime_file);
}

static void
mime_teardown(void)
{
	fixture_rmdir(mime_dir);
}

START_TEST(test_mime_lookup_gives_each_line_shape_its_result)
{
	char	out[GATE_TYPE_MAX + 1];
	size_t	outsz;
	int	got;

	memset(out, 'x', sizeof(out));
	outsz = mime_rows[_i].outsz ? mime_rows[_i].outsz : sizeof(out);
	got = mime_lookup(mime_file, mime_rows[_i].ext, out, outsz);
	ck_assert_msg(got == mime_rows[_i].want, "row %d \"%s\": got %d", _i,
	    mime_rows[_i].ext, got);
	if (!got)
		return;
	if (mime_rows[_i].type != NULL)
		ck_assert_str_eq(out, mime_rows[_i].type);
	else {
		ck_assert_uint_eq(strlen(out), GATE_TYPE_MAX);
		ck_assert_int_eq(strncmp(out, "text/mmm", 8), 0);
	}
}
END_TEST

START_TEST(test_mime_lookup_reads_no_file_over_its_limit)
{
	char	path[PATH_MAX_BYTES + 32], out[GATE_TYPE_MAX + 1];
	FILE	*f;

	snprintf(path, sizeof(path), "%s/huge.types", mime_dir);
	if ((f = fopen(path, "w")) == NULL)
		ck_abort_msg("cannot write %s", path);
	fputs("text/plain txt\n", f);
	/* 4 MiB and one byte, mostly a hole */
	if (fseek(f, (4L << 20) - 1, SEEK_SET) != 0 || fputs("\n\n", f) < 0 ||
	    fclose(f) != 0)
		ck_abort_msg("cannot write %s", path);
	ck_assert_int_eq(mime_lookup(path, "txt", out, sizeof(out)), 0);
	unlink(path);
}
END_TEST

START_TEST(test_mime_lookup_of_a_missing_file_finds_nothing)
{
	char	out[GATE_TYPE_MAX + 1];
	char	path[PATH_MAX_BYTES + 32];

	snprintf(path, sizeof(path), "%s/absent", mime_dir);
	ck_assert_int_eq(mime_lookup(path, "txt", out, sizeof(out)), 0);
}
END_TEST

/* ------------------------------------------------------------ http_date */

static const struct {
	long long	 t;
	const char	*date;
} date_rows[] = {
	{ 0, "Thu, 01 Jan 1970 00:00:00 GMT" },
	{ 784111777, "Sun, 06 Nov 1994 08:49:37 GMT" },	/* RFC 9110 */
	{ 951782400, "Tue, 29 Feb 2000 00:00:00 GMT" },
	{ 1795910399, "Sat, 28 Nov 2026 23:59:59 GMT" },
	{ 253402300799LL, "Fri, 31 Dec 9999 23:59:59 GMT" },
};

START_TEST(test_http_date_formats_and_parses_back)
{
	char	out[64];
	time_t	back;

	ck_assert_int_eq(http_date((time_t)date_rows[_i].t, out,
	    sizeof(out)), 0);
	ck_assert_str_eq(out, date_rows[_i].date);
	ck_assert_int_eq(http_date_parse(out, &back), 0);
	ck_assert(back == (time_t)date_rows[_i].t);
}
END_TEST

START_TEST(test_http_date_refuses_what_does_not_fit)
{
	char	out[64];

	/* 29 bytes and the NUL */
	ck_assert_int_eq(http_date(0, out, 30), 0);
	ck_assert_int_eq(http_date(0, out, 29), -1);
	/* past year 9999: no five-digit year */
	ck_assert_int_eq(http_date((time_t)253402300800LL, out, sizeof(out)),
	    -1);
}
END_TEST

Suite *
suite_range(void)
{
	Suite	*s = suite_create("range");
	TCase	*tc;

	tc = tcase_create("range_parse");
	tcase_add_loop_test(tc,
	    test_range_parse_gives_each_header_shape_its_result, 0,
	    NROWS(range_rows));
	tcase_add_test(tc,
	    test_range_parse_refuses_a_header_of_any_greater_length);
	suite_add_tcase(s, tc);

	tc = tcase_create("mime_lookup");
	tcase_add_checked_fixture(tc, mime_setup, mime_teardown);
	tcase_add_loop_test(tc,
	    test_mime_lookup_gives_each_line_shape_its_result, 0,
	    NROWS(mime_rows));
	tcase_add_test(tc, test_mime_lookup_of_a_missing_file_finds_nothing);
	tcase_add_test(tc, test_mime_lookup_reads_no_file_over_its_limit);
	suite_add_tcase(s, tc);

	tc = tcase_create("http_date");
	tcase_add_loop_test(tc, test_http_date_formats_and_parses_back, 0,
	    NROWS(date_rows));
	tcase_add_test(tc, test_http_date_refuses_what_does_not_fit);
	suite_add_tcase(s, tc);
	return s;
}
