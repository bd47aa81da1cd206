/* postern: tests for the request path and host normalization of lib/url.c. */
/*
 * url_path_normalize() is DESIGN.md step 1 for the path: every malformed
 * shape has its own row with the error and the reason expected, every
 * normalization its own row with the exact output.  url_host_normalize()
 * rows cover the host shapes of SECURITY-CASES H15, H16, H18, H19 and P14.
 * The decision these feed is tested in check_decide.c.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/limits.h"
#include "lib/url.h"
#include "tests.h"

#define NROWS(t)	((int)(sizeof(t) / sizeof((t)[0])))

#define WHY_SLASH	"the path does not start with /"
#define WHY_ESCAPE	"a bad percent-escape"
#define WHY_ENCSLASH	"an encoded slash (%2F)"
#define WHY_CONTROL	"a NUL or control byte"
#define WHY_UTF8	"invalid UTF-8"
#define WHY_ROOT	"a .. above the root"

/* ---------------------------------------------------- malformed paths */

static const struct {
	const char	*in;
	size_t		 len;		/* 0: strlen(in) */
	const char	*why;
} path_bad[] = {
	/* no leading slash: absolute-form, asterisk-form, nothing */
	{ "", 0, WHY_SLASH },
	{ "a/b", 0, WHY_SLASH },
	{ "*", 0, WHY_SLASH },
	{ "https://app.example.com/", 0, WHY_SLASH },
	{ "\\admin/", 0, WHY_SLASH },
	{ "%2Fadmin/", 0, WHY_SLASH },
	{ "?/admin/", 0, WHY_SLASH },
	{ "#/admin/", 0, WHY_SLASH },
	/* bad escapes: short, or not two hex digits */
	{ "/%", 0, WHY_ESCAPE },
	{ "/a%", 0, WHY_ESCAPE },
	{ "/a%4", 0, WHY_ESCAPE },
	{ "/a%4?x", 0, WHY_ESCAPE },
	{ "/%zz", 0, WHY_ESCAPE },
	{ "/%gg", 0, WHY_ESCAPE },
	{ "/%4g", 0, WHY_ESCAPE },
	{ "/%g4", 0, WHY_ESCAPE },
	{ "/%g0admin", 0, WHY_ESCAPE },		/* would decode to a NUL */
	{ "/wiki%if..%ifadmin/", 0, WHY_ESCAPE }, /* would decode to "/" */
	{ "/%-1", 0, WHY_ESCAPE },
	{ "/% 1", 0, WHY_ESCAPE },
	{ "/%\xff\xff", 0, WHY_ESCAPE },
	/* H10: NUL, literal or encoded */
	{ "/%00", 0, WHY_CONTROL },
	{ "/admin%00/", 0, WHY_CONTROL },
	{ "/admin/%00.css", 0, WHY_CONTROL },
	{ "/admin\0/", 8, WHY_CONTROL },
	/* H05: an encoded slash */
	{ "/%2F", 0, WHY_ENCSLASH },
	{ "/%2f", 0, WHY_ENCSLASH },
	{ "/wiki/..%2fadmin/", 0, WHY_ENCSLASH },
	{ "/wiki%2F..%2Fadmin/", 0, WHY_ENCSLASH },
	/* control bytes, literal or encoded */
	{ "/a\x01" "b", 0, WHY_CONTROL },
	{ "/a\tb", 0, WHY_CONTROL },
	{ "/a\nb", 0, WHY_CONTROL },
	{ "/a\rb", 0, WHY_CONTROL },
	{ "/a\x1f", 0, WHY_CONTROL },
	{ "/a\x7f", 0, WHY_CONTROL },
	{ "/%0d%0aSet-Cookie:x=1", 0, WHY_CONTROL },
	{ "/%09/evil.example", 0, WHY_CONTROL },
	{ "/%7F", 0, WHY_CONTROL },
	{ "/%1b[31m", 0, WHY_CONTROL },
	/* H13 and friends: invalid or overlong UTF-8 */
	{ "/\xff", 0, WHY_UTF8 },
	{ "/%ff", 0, WHY_UTF8 },
	{ "/%80", 0, WHY_UTF8 },
	{ "/%c0%ae%c0%ae/admin/", 0, WHY_UTF8 },
	{ "/%c0%af", 0, WHY_UTF8 },
	{ "/%e0%80%af", 0, WHY_UTF8 },
	{ "/%ed%a0%80", 0, WHY_UTF8 },		/* a UTF-16 surrogate */
	{ "/%f4%90%80%80", 0, WHY_UTF8 },	/* past U+10FFFF */
	{ "/%f8%88%80%80%80", 0, WHY_UTF8 },
	{ "/caf\xc3", 0, WHY_UTF8 },		/* truncated */
	{ "/caf%c3/x", 0, WHY_UTF8 },
	{ "/caf\xc3%2e", 0, WHY_UTF8 },
	/* a ".." above the root (nginx answers 400) */
	{ "/..", 0, WHY_ROOT },
	{ "/../admin/", 0, WHY_ROOT },
	{ "/%2e%2e/admin/", 0, WHY_ROOT },
	{ "/%2E%2E", 0, WHY_ROOT },
	{ "/.%2e/admin/", 0, WHY_ROOT },
	{ "/a/../..", 0, WHY_ROOT },
	{ "/./../a", 0, WHY_ROOT },
	{ "//..//admin", 0, WHY_ROOT },
	{ "/\\..\\admin", 0, WHY_ROOT },
	{ "/a/b/../../../c", 0, WHY_ROOT },
};

START_TEST(test_path_normalize_refuses_each_malformed_shape_with_its_reason)
{
	char		 out[PATH_MAX_BYTES + 1];
	const char	*why = NULL;
	size_t		 len;
	enum perr	 e;

	len = path_bad[_i].len ? path_bad[_i].len : strlen(path_bad[_i].in);
	memset(out, 'x', sizeof(out));
	e = url_path_normalize(path_bad[_i].in, len, out, sizeof(out), &why);
	ck_assert_msg(e == PERR_INVAL, "row %d \"%s\": got %d, out \"%s\"",
	    _i, path_bad[_i].in, e, e == PERR_OK ? out : "");
	ck_assert_msg(why != NULL && strcmp(why, path_bad[_i].why) == 0,
	    "row %d \"%s\": why \"%s\", want \"%s\"", _i, path_bad[_i].in,
	    why != NULL ? why : "(null)", path_bad[_i].why);
	ck_assert_msg(out[0] == '\0', "row %d: out not emptied", _i);
}
END_TEST

/* --------------------------------------------------- normalized paths */

static const struct {
	const char	*in;
	const char	*out;
} path_good[] = {
	{ "/", "/" },
	{ "/a", "/a" },
	{ "/a/", "/a/" },
	{ "/a/b/c", "/a/b/c" },
	/* repeated slashes merged */
	{ "//", "/" },
	{ "//a//b", "/a/b" },
	{ "/a//", "/a/" },
	{ "///admin///x", "/admin/x" },
	/* dot segments, literal and encoded */
	{ "/.", "/" },
	{ "/./", "/" },
	{ "/a/.", "/a/" },
	{ "/a/./b", "/a/b" },
	{ "/a/..", "/" },
	{ "/a/../", "/" },
	{ "/a/b/..", "/a/" },
	{ "/a/b/../c", "/a/c" },
	{ "/a/b/../../c/", "/c/" },
	{ "/%2e", "/" },
	{ "/a/%2e/b", "/a/b" },
	{ "/a/%2E%2e/b", "/b" },
	{ "/a/%2e%2e", "/" },
	{ "/wiki/%2e%2e/admin/", "/admin/" },	/* H04 */
	{ "/wiki/%2E./admin/", "/admin/" },	/* H04 */
	{ "/wiki/.%2E/admin/", "/admin/" },
	/* names that only look like dot segments */
	{ "/.a", "/.a" },
	{ "/..a/a..", "/..a/a.." },
	{ "/...", "/..." },
	{ "/a/.../b", "/a/.../b" },
	{ "/.well-known/x", "/.well-known/x" },
	/* H12: backslashes, literal and %5C, are slashes */
	{ "/a\\b", "/a/b" },
	{ "/a\\", "/a/" },
	{ "/wiki/..\\admin/", "/admin/" },
	{ "/wiki\\..\\admin\\", "/admin/" },
	{ "/a%5Cb", "/a/b" },
	{ "/a%5c", "/a/" },
	{ "/a%5C..%5Cb", "/b" },
	{ "/wiki%5c..%5cadmin%5c", "/admin/" },
	/* H09: the query and the fragment are cut first */
	{ "/a?b", "/a" },
	{ "/a?b=/../c", "/a" },
	{ "/a/?x", "/a/" },
	{ "/?x", "/" },
	{ "/a#frag", "/a" },
	{ "/a#/../../..", "/a" },
	{ "/admin/x?next=/wiki/", "/admin/x" },
	{ "/wiki/?p=/admin/", "/wiki/" },
	{ "/a%3Fb", "/a?b" },			/* an encoded "?" is a byte */
	{ "/a%23b", "/a#b" },
	/* decoded once, case kept */
	{ "/%41%62c", "/Abc" },
	{ "/a%20b", "/a b" },
	{ "/a b", "/a b" },
	{ "/a+b", "/a+b" },
	{ "/%25", "/%" },
	{ "/%252F", "/%2F" },
	{ "/%252e%252e/admin", "/%2e%2e/admin" },
	{ "/ADMIN/", "/ADMIN/" },
	{ "/admin/' UNION SELECT 1--", "/admin/' UNION SELECT 1--" },
	/* UTF-8 kept, literal or encoded */
	{ "/caf\xc3\xa9", "/caf\xc3\xa9" },
	{ "/caf%C3%A9/", "/caf\xc3\xa9/" },
	{ "/%e2%82%ac", "/\xe2\x82\xac" },
	{ "/\xf0\x9f\x94\x91", "/\xf0\x9f\x94\x91" },
	{ "/%F4%8F%BF%BF", "/\xf4\x8f\xbf\xbf" },
	/* a decoded "%5C" that was not an escape is text, not a slash */
	{ "/a%255C", "/a%5C" },
	{ "/a%255c/", "/a%5c/" },
};

START_TEST(test_path_normalize_gives_each_shape_its_one_form)
{
	char		 out[PATH_MAX_BYTES + 1];
	const char	*why = NULL;
	enum perr	 e;

	e = url_path_normalize(path_good[_i].in, strlen(path_good[_i].in),
	    out, sizeof(out), &why);
	ck_assert_msg(e == PERR_OK, "row %d \"%s\": got %d (%s)", _i,
	    path_good[_i].in, e, why != NULL ? why : "-");
	ck_assert_msg(strcmp(out, path_good[_i].out) == 0,
	    "row %d \"%s\": got \"%s\", want \"%s\"", _i, path_good[_i].in,
	    out, path_good[_i].out);
}
END_TEST

/* The length given is what is read: no NUL is needed, none is looked for. */
START_TEST(test_path_normalize_reads_only_the_given_length)
{
	char		 out[PATH_MAX_BYTES + 1];
	const char	 in[] = "/admin/xyz";
	enum perr	 e;

	e = url_path_normalize(in, 6, out, sizeof(out), NULL);
	ck_assert_int_eq(e, PERR_OK);
	ck_assert_str_eq(out, "/admin");
}
END_TEST

/* D04: linear in the input; the result is the /admin/ of the tail. */
START_TEST(test_path_normalize_D04_two_thousand_dot_dot_pairs_reach_admin)
{
	char		 out[PATH_MAX_BYTES + 1], *in;
	size_t		 i, len = 0;
	enum perr	 e;

	ck_assert_ptr_nonnull(in = malloc(2000 * 5 + 16));
	for (i = 0; i < 2000; i++) {
		memcpy(in + len, "/a/..", 5);
		len += 5;
	}
	memcpy(in + len, "/admin/", 7);
	len += 7;
	e = url_path_normalize(in, len, out, sizeof(out), NULL);
	ck_assert_int_eq(e, PERR_OK);
	ck_assert_str_eq(out, "/admin/");
	free(in);
}
END_TEST

/* Too long: a path whose output does not fit, and one segment too long. */
START_TEST(test_path_normalize_refuses_a_path_too_long_for_the_output)
{
	char		 out[PATH_MAX_BYTES + 1], *in;
	const char	*why = NULL;
	size_t		 len;
	enum perr	 e;

	/* Many short segments, 6000 bytes of output. */
	len = 6000;
	ck_assert_ptr_nonnull(in = malloc(len));
	for (size_t i = 0; i < len; i += 2) {
		in[i] = '/';
		in[i + 1] = 'a';
	}
	e = url_path_normalize(in, len, out, sizeof(out), &why);
	ck_assert_int_eq(e, PERR_TOOLONG);
	ck_assert_str_eq(why, "the path is too long");
	/* One segment of 6000 bytes. */
	memset(in + 1, 'a', len - 1);
	in[0] = '/';
	why = NULL;
	e = url_path_normalize(in, len, out, sizeof(out), &why);
	ck_assert_int_eq(e, PERR_TOOLONG);
	ck_assert_str_eq(why, "the path is too long");
	/* A long path that dot segments bring back under the limit fits. */
	for (size_t i = 0; i + 5 <= len; i += 5)
		memcpy(in + i, "/b/..", 5);
	e = url_path_normalize(in, len, out, sizeof(out), NULL);
	ck_assert_int_eq(e, PERR_OK);
	ck_assert_str_eq(out, "/");
	free(in);
	/* An output buffer under two bytes holds nothing. */
	ck_assert_int_eq(url_path_normalize("/", 1, out, 1, NULL),
	    PERR_TOOLONG);
	ck_assert_int_eq(url_path_normalize("/abc", 4, out, 4, NULL),
	    PERR_TOOLONG);
}
END_TEST

/*
 * The header's promise: PATH_MAX_BYTES + 1 bytes of output are enough for
 * any REQUEST_URI of PATH_MAX_BYTES bytes, here "/" and 4095 letters.
 */
START_TEST(test_path_normalize_fits_a_path_max_request_in_path_max_plus_one)
{
	char		 out[PATH_MAX_BYTES + 1], in[PATH_MAX_BYTES];
	enum perr	 e;

	in[0] = '/';
	memset(in + 1, 'a', sizeof(in) - 1);
	e = url_path_normalize(in, sizeof(in), out, sizeof(out), NULL);
	ck_assert_msg(e == PERR_OK, "got %d", e);
	ck_assert_uint_eq(strlen(out), sizeof(in));
	/* With a trailing slash: 4094 letters and "/". */
	in[sizeof(in) - 1] = '/';
	e = url_path_normalize(in, sizeof(in), out, sizeof(out), NULL);
	ck_assert_msg(e == PERR_OK, "got %d", e);
	ck_assert_uint_eq(strlen(out), sizeof(in));
}
END_TEST

/* ------------------------------------------------------------- hosts */

static const struct {
	const char	*in;
	size_t		 len;		/* 0: strlen(in) */
	int		 https;
	enum perr	 want;
	const char	*out;
} host_rows[] = {
	{ "app.example.com", 0, 1, PERR_OK, "app.example.com" },
	/* H15: case folded */
	{ "APP.Example.COM", 0, 1, PERR_OK, "app.example.com" },
	/* H16: one trailing dot removed, not two */
	{ "app.example.com.", 0, 1, PERR_OK, "app.example.com" },
	{ "APP.EXAMPLE.COM.:443", 0, 1, PERR_OK, "app.example.com" },
	{ "app.example.com..", 0, 1, PERR_INVAL, "" },
	{ ".app.example.com", 0, 1, PERR_INVAL, "" },
	{ "app..example.com", 0, 1, PERR_INVAL, "" },
	/* the scheme's default port removed, any other kept */
	{ "app.example.com:443", 0, 1, PERR_OK, "app.example.com" },
	{ "app.example.com:80", 0, 0, PERR_OK, "app.example.com" },
	{ "app.example.com:443", 0, 0, PERR_OK, "app.example.com:443" },
	{ "app.example.com:80", 0, 1, PERR_OK, "app.example.com:80" },
	{ "app.example.com:8443", 0, 1, PERR_OK, "app.example.com:8443" },
	{ "app.example.com:", 0, 1, PERR_INVAL, "" },
	{ "app.example.com:0", 0, 1, PERR_INVAL, "" },
	{ "app.example.com:0443", 0, 1, PERR_INVAL, "" },
	{ "app.example.com:65536", 0, 1, PERR_INVAL, "" },
	{ "app.example.com:123456", 0, 1, PERR_INVAL, "" },
	{ "app.example.com:44a", 0, 1, PERR_INVAL, "" },
	{ "app.example.com:443:443", 0, 1, PERR_INVAL, "" },
	/* H18: empty, or a host that is merely unknown */
	{ "", 0, 1, PERR_INVAL, "" },
	{ "unknown.example.com", 0, 1, PERR_OK, "unknown.example.com" },
	/* H19: anything but a plain ASCII host[:port] */
	{ "app.example.com x", 0, 1, PERR_INVAL, "" },
	{ " app.example.com", 0, 1, PERR_INVAL, "" },
	{ "a@app.example.com", 0, 1, PERR_INVAL, "" },
	{ "user:pw@app.example.com", 0, 1, PERR_INVAL, "" },
	{ "app.example.com/x", 0, 1, PERR_INVAL, "" },
	{ "app.example.com\\x", 0, 1, PERR_INVAL, "" },
	{ "app.example.com?x", 0, 1, PERR_INVAL, "" },
	{ "app.example.com#x", 0, 1, PERR_INVAL, "" },
	{ "\xd0\xb0pp.example.com", 0, 1, PERR_INVAL, "" },	/* Cyrillic а */
	{ "xn--pp-8cd.example.com", 0, 1, PERR_OK, "xn--pp-8cd.example.com" },
	{ "app_x.example.com", 0, 1, PERR_INVAL, "" },
	{ "-app.example.com", 0, 1, PERR_INVAL, "" },
	{ "app-.example.com", 0, 1, PERR_INVAL, "" },
	{ "app.example.com' OR '1'='1", 0, 1, PERR_INVAL, "" },	/* Q04 */
	/* P14: CR LF, NUL inside the length */
	{ "app.example.com\r\nX: y", 0, 1, PERR_INVAL, "" },
	{ "app.example.com\r", 0, 1, PERR_INVAL, "" },
	{ "app.example.com\0evil", 20, 1, PERR_INVAL, "" },
	{ "app.example.com\x7f", 0, 1, PERR_INVAL, "" },
	/* addresses */
	{ "192.0.2.10", 0, 1, PERR_OK, "192.0.2.10" },
	{ "192.0.2.10:8080", 0, 1, PERR_OK, "192.0.2.10:8080" },
	{ "0300.0.2.10", 0, 1, PERR_INVAL, "" },
	{ "1.2.3", 0, 1, PERR_INVAL, "" },
	{ "example.0x7f", 0, 1, PERR_INVAL, "" },
	{ "2130706433", 0, 1, PERR_INVAL, "" },
	{ "[::1]", 0, 1, PERR_OK, "[::1]" },
	{ "[::1]:443", 0, 1, PERR_OK, "[::1]" },
	{ "[2001:DB8::0:1]:8443", 0, 1, PERR_OK, "[2001:db8::1]:8443" },
	{ "[::1", 0, 1, PERR_INVAL, "" },
	{ "[::1]x", 0, 1, PERR_INVAL, "" },
	{ "[fe80::1%25eth0]", 0, 1, PERR_INVAL, "" },
	/* a label of 64 bytes */
	{ "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	  ".example.com", 0, 1, PERR_INVAL, "" },
};

START_TEST(test_host_normalize_gives_each_host_shape_its_result)
{
	char		 out[HOSTPORT_MAX + 1];
	size_t		 len;
	enum perr	 e;

	len = host_rows[_i].len ? host_rows[_i].len : strlen(host_rows[_i].in);
	memset(out, 'x', sizeof(out));
	e = url_host_normalize(host_rows[_i].in, len, host_rows[_i].https,
	    out, sizeof(out));
	ck_assert_msg(e == host_rows[_i].want, "row %d \"%s\": got %d", _i,
	    host_rows[_i].in, e);
	ck_assert_msg(strcmp(out, host_rows[_i].out) == 0,
	    "row %d \"%s\": got \"%s\", want \"%s\"", _i, host_rows[_i].in,
	    out, host_rows[_i].out);
}
END_TEST

Suite *
suite_path(void)
{
	Suite	*s = suite_create("path");
	TCase	*tc;

	tc = tcase_create("url_path_normalize");
	tcase_add_loop_test(tc,
	    test_path_normalize_refuses_each_malformed_shape_with_its_reason, 0,
	    NROWS(path_bad));
	tcase_add_loop_test(tc, test_path_normalize_gives_each_shape_its_one_form,
	    0, NROWS(path_good));
	tcase_add_test(tc, test_path_normalize_reads_only_the_given_length);
	tcase_add_test(tc,
	    test_path_normalize_D04_two_thousand_dot_dot_pairs_reach_admin);
	tcase_add_test(tc,
	    test_path_normalize_refuses_a_path_too_long_for_the_output);
	tcase_add_test(tc,
	    test_path_normalize_fits_a_path_max_request_in_path_max_plus_one);
	suite_add_tcase(s, tc);

	tc = tcase_create("url_host_normalize");
	tcase_add_loop_test(tc,
	    test_host_normalize_gives_each_host_shape_its_result, 0,
	    NROWS(host_rows));
	suite_add_tcase(s, tc);
	return s;
}
