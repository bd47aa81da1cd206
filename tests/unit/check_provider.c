/* postern: tests for lib/provider.c: an administrator's words, parsed. */
/*
 * Each parser gets one row per word it accepts and one per near miss;
 * unauthenticated-path regexes are refused when they are set (DESIGN:
 * "a regex that does not compile is refused when it is set, never
 * skipped"); URLs are canonicalized the way url_format() writes them, and
 * every shape that could leak a session (another scheme, userinfo, a
 * query) is refused.
 */
#include "config.h"

#include <string.h>

#include "lib/limits.h"
#include "lib/provider.h"
#include "lib/store.h"
#include "tests.h"

#define NROWS(t)	((int)(sizeof(t) / sizeof((t)[0])))

#define A16	"aaaaaaaaaaaaaaaa"
#define A64	A16 A16 A16 A16

/* -------------------------------------------------- provider_name_check */

static const struct {
	const char	*name;
	enum perr	 want;
} name_rows[] = {
	{ "wiki", PERR_OK },
	{ "Wiki-1.x_y", PERR_OK },
	{ "0", PERR_OK },
	{ A64, PERR_OK },
	{ A64 "a", PERR_TOOLONG },
	{ "", PERR_INVAL },
	{ "my wiki", PERR_INVAL },
	{ "a/b", PERR_INVAL },
	{ "a,b", PERR_INVAL },
	{ "a'b", PERR_INVAL },
	{ "a@b", PERR_INVAL },
	{ "wiki\n", PERR_INVAL },
	{ "w\xc3\xafki", PERR_INVAL },
};

START_TEST(test_provider_name_check_answers_each_shape_as_expected)
{
	enum perr	e = provider_name_check(name_rows[_i].name);

	ck_assert_msg(e == name_rows[_i].want, "row %d: got %d", _i, e);
}
END_TEST

/* ---------------------------------------------------- flow, mode, consent */

static const struct {
	const char	*s;
	enum perr	 want;
	enum flow	 flow;
} flow_rows[] = {
	{ "explicit", PERR_OK, FLOW_EXPLICIT },
	{ "implicit", PERR_OK, FLOW_IMPLICIT },
	{ "Explicit", PERR_INVAL, 0 },
	{ "IMPLICIT", PERR_INVAL, 0 },
	{ "explicit ", PERR_INVAL, 0 },
	{ "explic", PERR_INVAL, 0 },
	{ "", PERR_INVAL, 0 },
	{ "1", PERR_INVAL, 0 },
};

START_TEST(test_provider_flow_parse_answers_each_word_as_expected)
{
	enum flow	f = (enum flow)99;
	enum perr	e = provider_flow_parse(flow_rows[_i].s, &f);

	ck_assert_msg(e == flow_rows[_i].want, "row %d: got %d", _i, e);
	if (e == PERR_OK) {
		ck_assert_int_eq(f, flow_rows[_i].flow);
		ck_assert_str_eq(provider_flow_str(f), flow_rows[_i].s);
	}
}
END_TEST

static const struct {
	const char	*s;
	enum perr	 want;
	enum pmode	 mode;
} mode_rows[] = {
	{ "domain", PERR_OK, PMODE_DOMAIN },
	{ "single", PERR_OK, PMODE_SINGLE },
	{ "Domain", PERR_INVAL, 0 },
	{ "single ", PERR_INVAL, 0 },
	{ "host", PERR_INVAL, 0 },
	{ "", PERR_INVAL, 0 },
};

START_TEST(test_provider_mode_parse_answers_each_word_as_expected)
{
	enum pmode	m = (enum pmode)99;
	enum perr	e = provider_mode_parse(mode_rows[_i].s, &m);

	ck_assert_msg(e == mode_rows[_i].want, "row %d: got %d", _i, e);
	if (e == PERR_OK) {
		ck_assert_int_eq(m, mode_rows[_i].mode);
		ck_assert_str_eq(provider_mode_str(m), mode_rows[_i].s);
	}
}
END_TEST

static const struct {
	const char		*s;
	enum perr		 want;
	enum consentkind	 kind;
	int64_t			 secs;
	const char		*str;	/* provider_consent_str() of the result */
} consent_rows[] = {
	{ "always", PERR_OK, CONSENT_ALWAYS, 0, "always" },
	{ "permanent", PERR_OK, CONSENT_PERMANENT, 0, "permanent" },
	{ "30d", PERR_OK, CONSENT_DURATION, 30 * 86400, "30d" },
	{ "12h", PERR_OK, CONSENT_DURATION, 12 * 3600, "12h" },
	{ "1h30m", PERR_OK, CONSENT_DURATION, 5400, "1h30m" },
	{ "90s", PERR_OK, CONSENT_DURATION, 90, "1m30s" },
	{ "1s", PERR_OK, CONSENT_DURATION, 1, "1s" },
	{ "3650d", PERR_OK, CONSENT_DURATION, (int64_t)3650 * 86400, "3650d" },
	/* a zero duration would be "always" in disguise: refused */
	{ "0", PERR_INVAL, 0, 0, NULL },
	{ "0s", PERR_INVAL, 0, 0, NULL },
	{ "0d", PERR_INVAL, 0, 0, NULL },
	{ "", PERR_INVAL, 0, 0, NULL },
	{ "forever", PERR_INVAL, 0, 0, NULL },
	{ "never", PERR_INVAL, 0, 0, NULL },
	{ "Always", PERR_INVAL, 0, 0, NULL },
	{ "permanent ", PERR_INVAL, 0, 0, NULL },
	{ "30", PERR_INVAL, 0, 0, NULL },
	{ "30x", PERR_INVAL, 0, 0, NULL },
	{ "-1d", PERR_INVAL, 0, 0, NULL },
	{ "+1d", PERR_INVAL, 0, 0, NULL },
	{ " 1d", PERR_INVAL, 0, 0, NULL },
	{ "1m1h", PERR_INVAL, 0, 0, NULL },
	{ "3651d", PERR_INVAL, 0, 0, NULL },		/* past ten years */
	{ "99999999999d", PERR_INVAL, 0, 0, NULL },
};

START_TEST(test_provider_consent_parse_answers_each_word_as_expected)
{
	struct provider		p;
	enum consentkind	k = (enum consentkind)99;
	int64_t			secs = -1;
	char			out[64];
	enum perr		e;

	e = provider_consent_parse(consent_rows[_i].s, &k, &secs);
	ck_assert_msg(e == consent_rows[_i].want, "row %d: got %d", _i, e);
	if (e != PERR_OK)
		return;
	ck_assert_int_eq(k, consent_rows[_i].kind);
	ck_assert_int_eq(secs, consent_rows[_i].secs);
	memset(&p, 0, sizeof(p));
	p.consent = k;
	p.consent_secs = secs;
	provider_consent_str(&p, out, sizeof(out));
	ck_assert_str_eq(out, consent_rows[_i].str);
	/* The text parses back to the same consent. */
	ck_assert_int_eq(provider_consent_parse(out, &k, &secs), PERR_OK);
	ck_assert_int_eq(k, consent_rows[_i].kind);
	ck_assert_int_eq(secs, consent_rows[_i].secs);
}
END_TEST

/* -------------------------------------------------- provider_skip_check */

static const struct {
	const char	*regex;
	enum perr	 want;
} skip_rows[] = {
	{ "^/public/", PERR_OK },
	{ "^/api/(health|status)$", PERR_OK },
	{ "\\.(css|js|png)$", PERR_OK },
	{ "^/static/[a-z0-9]+\\.css$", PERR_OK },
	{ "x", PERR_OK },
	/* does not compile: refused, never skipped */
	{ "(", PERR_INVAL },
	{ "^/a(b", PERR_INVAL },
	{ "[", PERR_INVAL },
	{ "[z-a]", PERR_INVAL },
	{ "a{2,1}", PERR_INVAL },
	{ "\\", PERR_INVAL },
	/* empty */
	{ "", PERR_INVAL },
	/* control and non-ASCII bytes */
	{ "^/public/\n", PERR_INVAL },
	{ "^/a\tb", PERR_INVAL },
	{ "\x01", PERR_INVAL },
	{ "^/a\x7f", PERR_INVAL },
	{ "^/caf\xc3\xa9", PERR_INVAL },
};

START_TEST(test_provider_skip_check_answers_each_regex_as_expected)
{
	const char	*why = NULL;
	enum perr	 e;

	e = provider_skip_check(skip_rows[_i].regex, &why);
	ck_assert_msg(e == skip_rows[_i].want, "row %d: got %d", _i, e);
	if (e != PERR_OK)
		ck_assert_msg(why != NULL && *why != '\0', "row %d: no reason",
		    _i);
	ck_assert_int_eq(provider_skip_check(skip_rows[_i].regex, NULL),
	    skip_rows[_i].want);
}
END_TEST

static const struct {
	size_t		 len;
	enum perr	 want;
} skip_len_rows[] = {
	{ REGEX_MAX - 1, PERR_OK },
	{ REGEX_MAX, PERR_OK },
	{ REGEX_MAX + 1, PERR_TOOLONG },
	{ 4 * REGEX_MAX, PERR_TOOLONG },
};

START_TEST(test_provider_skip_check_bounds_the_length_at_regex_max)
{
	char	regex[4 * REGEX_MAX + 1];

	memset(regex, 'a', skip_len_rows[_i].len);
	regex[0] = '^';
	regex[skip_len_rows[_i].len] = '\0';
	ck_assert_int_eq(provider_skip_check(regex, NULL),
	    skip_len_rows[_i].want);
}
END_TEST

/* -------------------------------------------------- provider_urls_check */

static const struct {
	const char	*external;
	const char	*internal;
	enum perr	 want;
	const char	*ext_canon;
	const char	*int_canon;
} urls_rows[] = {
	{ "HTTPS://App.Example.COM:443/", "", PERR_OK,
	    "https://app.example.com", "" },
	{ "https://app.example.com", "", PERR_OK,
	    "https://app.example.com", "" },
	{ "https://app.example.com/admin/", "", PERR_OK,
	    "https://app.example.com/admin", "" },
	{ "http://app.example.com:80", "", PERR_OK,
	    "http://app.example.com", "" },
	{ "https://app.example.com.:8443/x", "", PERR_OK,
	    "https://app.example.com:8443/x", "" },
	{ "https://app.example.com/a/%7euser", "", PERR_OK,
	    "https://app.example.com/a/~user", "" },
	{ "https://grafana.example.com/", "http://127.0.0.1:3000/", PERR_OK,
	    "https://grafana.example.com", "http://127.0.0.1:3000" },
	{ "https://app.example.com/", "HTTP://[::1]:8080/", PERR_OK,
	    "https://app.example.com", "http://[::1]:8080" },
	/* the external URL is required */
	{ "", "", PERR_INVAL, NULL, NULL },
	{ "", "http://127.0.0.1:8080/", PERR_INVAL, NULL, NULL },
	/* other schemes (W04) */
	{ "javascript:alert(1)", "", PERR_INVAL, NULL, NULL },
	{ "data:text/html,x", "", PERR_INVAL, NULL, NULL },
	{ "ftp://app.example.com/", "", PERR_INVAL, NULL, NULL },
	{ "app.example.com", "", PERR_INVAL, NULL, NULL },
	{ "//app.example.com/", "", PERR_INVAL, NULL, NULL },
	/* userinfo, query, fragment */
	{ "https://user:pw@app.example.com/", "", PERR_INVAL, NULL, NULL },
	{ "https://app.example.com@evil.example/", "", PERR_INVAL, NULL, NULL },
	{ "https://app.example.com/?q=1", "", PERR_INVAL, NULL, NULL },
	{ "https://app.example.com/#x", "", PERR_INVAL, NULL, NULL },
	/* paths that would not match what nginx serves */
	{ "https://app.example.com/a/../b", "", PERR_INVAL, NULL, NULL },
	{ "https://app.example.com/a//b", "", PERR_INVAL, NULL, NULL },
	{ "https://app.example.com/a\\b", "", PERR_INVAL, NULL, NULL },
	{ "https://app.example.com/a b", "", PERR_INVAL, NULL, NULL },
	/* a bad internal URL is refused too */
	{ "https://app.example.com/", "javascript:alert(1)", PERR_INVAL,
	    NULL, NULL },
	{ "https://app.example.com/", "http://u:p@127.0.0.1/", PERR_INVAL,
	    NULL, NULL },
	{ "https://app.example.com/", "http://127.0.0.1/?x=1", PERR_INVAL,
	    NULL, NULL },
};

START_TEST(test_provider_urls_check_canonicalizes_or_refuses_each_shape)
{
	struct provider	 p;
	const char	*why = NULL;
	enum perr	 e;

	memset(&p, 0, sizeof(p));
	strlcpy(p.external, urls_rows[_i].external, sizeof(p.external));
	strlcpy(p.internal, urls_rows[_i].internal, sizeof(p.internal));
	e = provider_urls_check(&p, &why);
	ck_assert_msg(e == urls_rows[_i].want, "row %d: got %d", _i, e);
	if (e != PERR_OK) {
		ck_assert_msg(why != NULL && *why != '\0', "row %d: no reason",
		    _i);
		return;
	}
	ck_assert_str_eq(p.external, urls_rows[_i].ext_canon);
	ck_assert_str_eq(p.internal, urls_rows[_i].int_canon);
	/* Canonical forms are fixed points. */
	ck_assert_int_eq(provider_urls_check(&p, NULL), PERR_OK);
	ck_assert_str_eq(p.external, urls_rows[_i].ext_canon);
	ck_assert_str_eq(p.internal, urls_rows[_i].int_canon);
}
END_TEST

START_TEST(test_provider_urls_check_accepts_an_external_url_of_exactly_url_max)
{
	struct provider	 p;
	static const char prefix[] = "https://app.example.com/";
	size_t		 n;

	memset(&p, 0, sizeof(p));
	memcpy(p.external, prefix, sizeof(prefix) - 1);
	n = sizeof(prefix) - 1;
	memset(p.external + n, 'a', URL_MAX + 1 - n);
	p.external[URL_MAX] = '\0';		/* exactly URL_MAX: fits */
	ck_assert_int_eq(provider_urls_check(&p, NULL), PERR_OK);
	ck_assert_uint_eq(strlen(p.external), URL_MAX);
	/* The struct holds at most URL_MAX; url_parse() itself refuses more. */
}
END_TEST

Suite *
suite_provider(void)
{
	Suite	*s = suite_create("provider");
	TCase	*tc;

	tc = tcase_create("parsers");
	tcase_add_loop_test(tc,
	    test_provider_name_check_answers_each_shape_as_expected, 0,
	    NROWS(name_rows));
	tcase_add_loop_test(tc,
	    test_provider_flow_parse_answers_each_word_as_expected, 0,
	    NROWS(flow_rows));
	tcase_add_loop_test(tc,
	    test_provider_mode_parse_answers_each_word_as_expected, 0,
	    NROWS(mode_rows));
	tcase_add_loop_test(tc,
	    test_provider_consent_parse_answers_each_word_as_expected, 0,
	    NROWS(consent_rows));
	suite_add_tcase(s, tc);

	tc = tcase_create("skip paths");
	tcase_add_loop_test(tc,
	    test_provider_skip_check_answers_each_regex_as_expected, 0,
	    NROWS(skip_rows));
	tcase_add_loop_test(tc,
	    test_provider_skip_check_bounds_the_length_at_regex_max, 0,
	    NROWS(skip_len_rows));
	suite_add_tcase(s, tc);

	tc = tcase_create("urls");
	tcase_add_loop_test(tc,
	    test_provider_urls_check_canonicalizes_or_refuses_each_shape, 0,
	    NROWS(urls_rows));
	tcase_add_test(tc,
	    test_provider_urls_check_accepts_an_external_url_of_exactly_url_max);
	suite_add_tcase(s, tc);
	return s;
}
