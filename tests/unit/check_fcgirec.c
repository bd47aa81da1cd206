/* postern: tests for lib/fcgirec.c, one row per shape of a first read. */
/*
 * What authz-fcgi's loops see with MSG_PEEK decides who answers: WHOLE
 * (the loop, at once), MORE (wait in the loop) or OTHER (a worker).  Each
 * row is records built from a small description, so every malformed shape
 * is spelled out: another version, a management record, an abort, stdin
 * before the end of the parameters, another request id, id 0, a short or
 * long BEGIN_REQUEST body, a record past 16 KiB, and every cut of a whole
 * request.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "lib/fcgirec.h"
#include "tests.h"

#define NROWS(t)	((int)(sizeof(t) / sizeof((t)[0])))
#define BUF_MAX		(FCGIREC_PEEK_MAX + 70000)

/* One record: version, type, id, content length, padding. */
struct rec {
	int		ver, type, id;
	size_t		clen, pad;
};

static size_t
build(unsigned char *buf, const struct rec *r, size_t n)
{
	size_t	off = 0, i;

	for (i = 0; i < n; i++) {
		buf[off] = (unsigned char)r[i].ver;
		buf[off + 1] = (unsigned char)r[i].type;
		buf[off + 2] = (unsigned char)(r[i].id >> 8);
		buf[off + 3] = (unsigned char)r[i].id;
		buf[off + 4] = (unsigned char)(r[i].clen >> 8);
		buf[off + 5] = (unsigned char)r[i].clen;
		buf[off + 6] = (unsigned char)r[i].pad;
		buf[off + 7] = 0;
		memset(buf + off + 8, 'x', r[i].clen + r[i].pad);
		off += 8 + r[i].clen + r[i].pad;
	}
	return off;
}

#define BEGIN(id)	{ 1, 1, (id), 8, 0 }
#define PARAMS(id, n)	{ 1, 4, (id), (n), 0 }
#define END(id)		{ 1, 4, (id), 0, 0 }

static const struct {
	const char	*what;
	struct rec	 r[6];
	size_t		 n;
	enum fcgirec	 want;
} rows[] = {
	{ "begin, params, end", { BEGIN(1), PARAMS(1, 300), END(1) }, 3,
	    FCGIREC_WHOLE },
	{ "then stdin", { BEGIN(1), PARAMS(1, 30), END(1), { 1, 5, 1, 0, 0 } },
	    4, FCGIREC_WHOLE },
	{ "several params records", { BEGIN(7), PARAMS(7, 10), PARAMS(7, 20),
	    PARAMS(7, 2000), END(7) }, 5, FCGIREC_WHOLE },
	{ "padding", { { 1, 1, 1, 8, 7 }, { 1, 4, 1, 5, 3 }, { 1, 4, 1, 0, 255 } },
	    3, FCGIREC_WHOLE },
	{ "empty params at once", { BEGIN(1), END(1) }, 2, FCGIREC_WHOLE },
	{ "id 65535", { BEGIN(65535), END(65535) }, 2, FCGIREC_WHOLE },
	{ "no end yet", { BEGIN(1), PARAMS(1, 300) }, 2, FCGIREC_MORE },
	{ "begin only", { BEGIN(1) }, 1, FCGIREC_MORE },
	{ "version 0", { { 0, 1, 1, 8, 0 }, END(1) }, 2, FCGIREC_OTHER },
	{ "version 2", { { 2, 1, 1, 8, 0 }, END(1) }, 2, FCGIREC_OTHER },
	{ "version 2 in params", { BEGIN(1), { 2, 4, 1, 0, 0 } }, 2,
	    FCGIREC_OTHER },
	{ "get values first", { { 1, 9, 0, 20, 0 }, BEGIN(1), END(1) }, 3,
	    FCGIREC_OTHER },
	{ "unknown type first", { { 1, 20, 0, 0, 0 } }, 1, FCGIREC_OTHER },
	{ "abort in params", { BEGIN(1), PARAMS(1, 10), { 1, 2, 1, 0, 0 } }, 3,
	    FCGIREC_OTHER },
	{ "stdin before the end", { BEGIN(1), { 1, 5, 1, 0, 0 }, END(1) }, 3,
	    FCGIREC_OTHER },
	{ "params of another id", { BEGIN(1), PARAMS(2, 10), END(2) }, 3,
	    FCGIREC_OTHER },
	{ "end of another id", { BEGIN(1), END(2) }, 2, FCGIREC_OTHER },
	{ "begin with id 0", { BEGIN(0), END(0) }, 2, FCGIREC_OTHER },
	{ "begin body of 7", { { 1, 1, 1, 7, 0 }, END(1) }, 2, FCGIREC_OTHER },
	{ "begin body of 9", { { 1, 1, 1, 9, 0 }, END(1) }, 2, FCGIREC_OTHER },
	{ "params first", { PARAMS(1, 10), END(1) }, 2, FCGIREC_OTHER },
	{ "a second begin", { BEGIN(1), BEGIN(1), END(1) }, 3, FCGIREC_OTHER },
	{ "params past 16 KiB", { BEGIN(1), PARAMS(1, 16000), PARAMS(1, 1000),
	    END(1) }, 4, FCGIREC_OTHER },
	{ "one record past 16 KiB", { BEGIN(1), PARAMS(1, 65535), END(1) }, 3,
	    FCGIREC_OTHER },
};

START_TEST(test_fcgirec_each_shape_of_a_first_read)
{
	static unsigned char	buf[BUF_MAX];
	size_t			len;

	len = build(buf, rows[_i].r, rows[_i].n);
	ck_assert_msg(fcgirec_state(buf, len) == rows[_i].want,
	    "%s: %d, want %d", rows[_i].what, fcgirec_state(buf, len),
	    rows[_i].want);
}
END_TEST

/* Every cut of a whole request is MORE until the empty PARAMS is in. */
START_TEST(test_fcgirec_a_whole_request_cut_anywhere_is_more)
{
	static unsigned char	buf[BUF_MAX];
	const struct rec	r[] = { BEGIN(3), PARAMS(3, 500), END(3) };
	size_t			len, cut;

	len = build(buf, r, 3);
	for (cut = 0; cut < len; cut++)
		ck_assert_msg(fcgirec_state(buf, cut) == FCGIREC_MORE,
		    "cut at %zu", cut);
	ck_assert_int_eq(fcgirec_state(buf, len), FCGIREC_WHOLE);
	/* Bytes after it (stdin, the next request) change nothing. */
	memset(buf + len, 0xff, 100);
	ck_assert_int_eq(fcgirec_state(buf, len + 100), FCGIREC_WHOLE);
}
END_TEST

/* Only the first 16 KiB are read: whatever follows is not looked at. */
START_TEST(test_fcgirec_looks_at_16_kib_at_most)
{
	static unsigned char	buf[BUF_MAX];
	const struct rec	r[] = { BEGIN(1), PARAMS(1, 8000),
	    PARAMS(1, 8000) };
	size_t			len;

	len = build(buf, r, 3);		/* 16,040 bytes, no end yet */
	ck_assert_int_eq(fcgirec_state(buf, len), FCGIREC_MORE);
	memset(buf + len, 0, 1000);	/* an end record would not fit */
	ck_assert_int_eq(fcgirec_state(buf, len + 1000), FCGIREC_OTHER);
	ck_assert_int_eq(fcgirec_state(buf, 0), FCGIREC_MORE);
}
END_TEST

Suite *
suite_fcgirec(void)
{
	Suite	*s = suite_create("fcgirec");
	TCase	*tc = tcase_create("fcgirec");

	tcase_add_loop_test(tc, test_fcgirec_each_shape_of_a_first_read, 0,
	    NROWS(rows));
	tcase_add_test(tc, test_fcgirec_a_whole_request_cut_anywhere_is_more);
	tcase_add_test(tc, test_fcgirec_looks_at_16_kib_at_most);
	suite_add_tcase(s, tc);
	return s;
}
