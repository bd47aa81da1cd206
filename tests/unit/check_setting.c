/* postern: tests for lib/setting.c, one table row per shape. */
/*
 * The pure parsers (durations, CIDRs, every key's validator) are tested
 * from tables; the getters against a fresh store each, including the rows
 * a getter must refuse (fail closed) when a bad value was stored behind
 * the validator's back.
 */
#include "config.h"

#include <sys/socket.h>

#include <stdio.h>
#include <string.h>

#include "lib/limits.h"
#include "lib/password.h"
#include "lib/setting.h"
#include "lib/store.h"
#include "lib/url.h"
#include "tests.h"

#define NROWS(t)	((int)(sizeof(t) / sizeof((t)[0])))

/* ---------------------------------------------------------- durations */

static const struct {
	const char	*in;
	int64_t		 secs;
} dur_good[] = {
	{ "0", 0 },
	{ "0s", 0 },
	{ "1s", 1 },
	{ "90s", 90 },
	{ "30m", 1800 },
	{ "12h", 43200 },
	{ "1d", 86400 },
	{ "1h30m", 5400 },
	{ "1d2h3m4s", 93784 },
	{ "2d30s", 172830 },
	{ "007m", 420 },
	{ "3650d", SETTING_DURATION_MAX },
	{ "3649d24h", SETTING_DURATION_MAX },
	{ "315360000s", SETTING_DURATION_MAX },
	{ "0000000001s", 1 },
};

START_TEST(test_setting_duration_parse_accepts_each_valid_shape)
{
	int64_t	secs = -1;

	ck_assert_msg(setting_duration_parse(dur_good[_i].in, &secs) ==
	    PERR_OK, "%s", dur_good[_i].in);
	ck_assert_int_eq(secs, dur_good[_i].secs);
}
END_TEST

static const char *const dur_bad[] = {
	"",		/* empty */
	"00",		/* a bare number other than "0" */
	"5",		/* no unit */
	"s",		/* no number */
	"m5",		/* unit first */
	"5x",		/* unknown unit */
	"5S",		/* units are lower case */
	"5 m",		/* space */
	" 5m",		/* leading space */
	"5m ",		/* trailing space */
	"-5m",		/* sign */
	"+5m",		/* sign */
	"1.5h",		/* fraction */
	"30m1h",	/* out of order */
	"1h1h",		/* a unit twice */
	"1h30",		/* trailing digits */
	"3651d",	/* over ten years */
	"3650d1s",	/* over ten years by one second */
	"315360001s",	/* over ten years in seconds */
	"99999999999s",	/* eleven digits */
	"9999999999d",	/* would overflow without the bound */
	"1w",		/* weeks are not a unit */
	"1h\n",		/* control byte */
	"0x10s",	/* hex */
};

START_TEST(test_setting_duration_parse_refuses_each_malformed_shape)
{
	int64_t	secs = -1;

	ck_assert_msg(setting_duration_parse(dur_bad[_i], &secs) == PERR_INVAL,
	    "\"%s\" accepted", dur_bad[_i]);
	ck_assert_int_eq(secs, 0);
}
END_TEST

static const struct {
	int64_t		 secs;
	const char	*out;
} dur_fmt[] = {
	{ 0, "0" },
	{ -5, "0" },
	{ 1, "1s" },
	{ 59, "59s" },
	{ 60, "1m" },
	{ 90, "1m30s" },
	{ 3600, "1h" },
	{ 5400, "1h30m" },
	{ 43200, "12h" },
	{ 86400, "1d" },
	{ 93784, "1d2h3m4s" },
	{ 172830, "2d30s" },
	{ SETTING_DURATION_MAX, "3650d" },
};

START_TEST(test_setting_duration_format_writes_largest_units_first)
{
	char	out[32];
	int64_t	back;

	ck_assert_uint_eq(setting_duration_format(dur_fmt[_i].secs, out,
	    sizeof(out)), strlen(dur_fmt[_i].out));
	ck_assert_str_eq(out, dur_fmt[_i].out);
	ck_assert_int_eq(setting_duration_parse(out, &back), PERR_OK);
	ck_assert_int_eq(back, dur_fmt[_i].secs < 0 ? 0 : dur_fmt[_i].secs);
}
END_TEST

START_TEST(test_setting_duration_format_reports_truncation)
{
	char	out[4];

	ck_assert_uint_eq(setting_duration_format(93784, out, sizeof(out)), 8);
	ck_assert_str_eq(out, "1d2");
}
END_TEST

/* -------------------------------------------------------------- CIDRs */

static const struct {
	const char	*in;
	int		 family;
	int		 prefix;
	const char	*canon;
} cidr_good[] = {
	{ "10.0.0.0/8", AF_INET, 8, "10.0.0.0/8" },
	{ "192.0.2.1", AF_INET, 32, "192.0.2.1" },
	{ "192.0.2.1/32", AF_INET, 32, "192.0.2.1" },
	{ "0.0.0.0/0", AF_INET, 0, "0.0.0.0/0" },
	{ "172.16.0.0/12", AF_INET, 12, "172.16.0.0/12" },
	{ "2001:db8::/32", AF_INET6, 32, "2001:db8::/32" },
	{ "2001:DB8:0:0::/48", AF_INET6, 48, "2001:db8::/48" },
	{ "::1", AF_INET6, 128, "::1" },
	{ "::/0", AF_INET6, 0, "::/0" },
	{ "fe80::/10", AF_INET6, 10, "fe80::/10" },
	{ "::ffff:10.0.0.0/104", AF_INET, 8, "10.0.0.0/8" },
	{ "::ffff:192.0.2.7", AF_INET, 32, "192.0.2.7" },
	{ "::ffff:0:0/96", AF_INET, 0, "0.0.0.0/0" },
};

START_TEST(test_setting_cidr_parse_accepts_each_valid_shape)
{
	struct cidr	c;
	char		out[64];

	ck_assert_msg(setting_cidr_parse(cidr_good[_i].in, &c) == PERR_OK,
	    "%s", cidr_good[_i].in);
	ck_assert_int_eq(c.family, cidr_good[_i].family);
	ck_assert_int_eq(c.prefix, cidr_good[_i].prefix);
	setting_cidr_format(&c, out, sizeof(out));
	ck_assert_str_eq(out, cidr_good[_i].canon);
}
END_TEST

static const char *const cidr_bad[] = {
	"",			/* empty */
	"/8",			/* no address */
	"10.0.0.0/",		/* empty prefix */
	"10.0.0.0/33",		/* prefix too long for IPv4 */
	"2001:db8::/129",	/* prefix too long for IPv6 */
	"10.0.0.0/08",		/* leading zero in prefix */
	"10.0.0.0/-1",		/* sign */
	"10.0.0.0/+8",		/* sign */
	"10.0.0.0/8/8",		/* two prefixes */
	"10.0.0.0/ 8",		/* space */
	"10.0.0.1/8",		/* host bits set */
	"2001:db8::1/32",	/* host bits set */
	"10.0.0",		/* short quad */
	"10.0.0.256",		/* octet too large */
	"010.0.0.1",		/* leading zero (octal ambiguity) */
	"10.0.0.0.0",		/* five parts */
	"fe80::1%eth0",		/* zone */
	"example.org",		/* a name */
	"::g",			/* not hex */
	"10.0.0.0/1000",	/* four-digit prefix */
};

START_TEST(test_setting_cidr_parse_refuses_each_malformed_shape)
{
	struct cidr	c;

	ck_assert_msg(setting_cidr_parse(cidr_bad[_i], &c) == PERR_INVAL,
	    "\"%s\" accepted", cidr_bad[_i]);
	ck_assert_int_eq(c.family, 0);
}
END_TEST

static const struct {
	const char	*cidr;
	const char	*addr;
	int		 match;
} cidr_match[] = {
	{ "10.0.0.0/8", "10.1.2.3", 1 },
	{ "10.0.0.0/8", "11.0.0.0", 0 },
	{ "10.0.0.0/8", "9.255.255.255", 0 },
	{ "192.0.2.1", "192.0.2.1", 1 },
	{ "192.0.2.1", "192.0.2.2", 0 },
	{ "192.0.2.0/25", "192.0.2.127", 1 },
	{ "192.0.2.0/25", "192.0.2.128", 0 },
	{ "0.0.0.0/0", "203.0.113.9", 1 },
	{ "0.0.0.0/0", "::1", 0 },
	{ "10.0.0.0/8", "::ffff:10.9.8.7", 1 },
	{ "10.0.0.0/8", "::ffff:11.9.8.7", 0 },
	{ "::ffff:10.0.0.0/104", "10.9.8.7", 1 },
	{ "2001:db8::/32", "2001:db8:1::1", 1 },
	{ "2001:db8::/32", "2001:db9::1", 0 },
	{ "2001:db8::/31", "2001:db9::1", 1 },
	{ "::1", "::1", 1 },
	{ "::1", "127.0.0.1", 0 },
	{ "::/0", "2001:db8::1", 1 },
	{ "::/0", "10.0.0.1", 0 },
	{ "fe80::/10", "febf::1", 1 },
	{ "fe80::/10", "fec0::1", 0 },
	{ "10.0.0.0/8", "", 0 },
	{ "10.0.0.0/8", "10.0.0.1 ", 0 },
	{ "10.0.0.0/8", "10.0.0.1/32", 0 },
	{ "10.0.0.0/8", "not an address", 0 },
	{ "fe80::/10", "fe80::1%eth0", 0 },
};

START_TEST(test_setting_cidr_match_answers_each_address)
{
	struct cidr	c;

	ck_assert_int_eq(setting_cidr_parse(cidr_match[_i].cidr, &c), PERR_OK);
	ck_assert_msg(setting_cidr_match(&c, cidr_match[_i].addr) ==
	    cidr_match[_i].match, "%s in %s", cidr_match[_i].addr,
	    cidr_match[_i].cidr);
}
END_TEST

static const struct {
	const char	*in;
	enum perr	 er;
	size_t		 n;
} cidrs_rows[] = {
	{ "", PERR_OK, 0 },
	{ " , ,", PERR_OK, 0 },
	{ "10.0.0.0/8", PERR_OK, 1 },
	{ "10.0.0.0/8,192.168.0.0/16", PERR_OK, 2 },
	{ " 10.0.0.0/8 ,\t::1 ", PERR_OK, 2 },
	{ "10.0.0.0/8,,::1,", PERR_OK, 2 },
	{ "10.0.0.0/8,bad", PERR_INVAL, 1 },
	{ "10.0.0.0/8;::1", PERR_INVAL, 0 },
	{ "10.0.0.0 /8", PERR_INVAL, 0 },
	{ "1.1.1.1,2.2.2.2,3.3.3.3,4.4.4.4,5.5.5.5", PERR_TOOLONG, 4 },
};

START_TEST(test_setting_cidrs_parse_splits_each_list_shape)
{
	struct cidr	c[4];
	size_t		n = 99;

	ck_assert_msg(setting_cidrs_parse(cidrs_rows[_i].in, c, 4, &n) ==
	    cidrs_rows[_i].er, "%s", cidrs_rows[_i].in);
	ck_assert_uint_eq(n, cidrs_rows[_i].n);
}
END_TEST

/* ------------------------------------------------------------- table */

START_TEST(test_setting_all_lists_every_key_sorted_with_a_valid_default)
{
	const struct setting_def	*d;
	char				 canon[SETTING_VALUE_MAX + 1];
	size_t				 i, n;

	d = setting_all(&n);
	ck_assert_uint_eq(n, 14);
	for (i = 0; i < n; i++) {
		if (i > 0)
			ck_assert_int_lt(strcmp(d[i - 1].key, d[i].key), 0);
		ck_assert_ptr_eq(setting_find(d[i].key), &d[i]);
		ck_assert_msg(d[i].help != NULL && d[i].help[0] != '\0',
		    "%s has no help", d[i].key);
		ck_assert_msg(setting_validate(d[i].key, d[i].def, canon,
		    sizeof(canon), NULL) == PERR_OK, "%s default", d[i].key);
		ck_assert_str_eq(canon, d[i].def);
	}
}
END_TEST

static const char *const unknown_keys[] = {
	"", "login", "login.url.", "LOGIN.URL", "session.Idle", "x",
	"login.url ", "cookie.name\n",
};

START_TEST(test_setting_find_returns_null_for_an_unknown_key)
{
	char		 canon[64];
	const char	*why = NULL;

	ck_assert_ptr_null(setting_find(unknown_keys[_i]));
	ck_assert_int_eq(setting_validate(unknown_keys[_i], "1", canon,
	    sizeof(canon), &why), PERR_NOTFOUND);
	ck_assert_str_eq(why, "no such setting");
}
END_TEST

static const struct {
	const char	*key;
	const char	*value;
	enum perr	 er;
	const char	*canon;		/* on success */
} validate_rows[] = {
	{ "login.url", "", PERR_OK, "" },
	{ "login.url", "HTTPS://Login.Example.org:443/auth/", PERR_OK,
	  "https://login.example.org/auth" },
	{ "login.url", "http://10.0.0.5:8080", PERR_OK, "http://10.0.0.5:8080" },
	{ "login.url", "https://login.example.org/?x", PERR_INVAL, NULL },
	{ "login.url", "https://u@login.example.org", PERR_INVAL, NULL },
	{ "login.url", "login.example.org", PERR_INVAL, NULL },
	{ "cookie.name", "", PERR_OK, "" },
	{ "cookie.name", "__Host-sso", PERR_OK, "__Host-sso" },
	{ "cookie.name", "my.cookie_1", PERR_OK, "my.cookie_1" },
	{ "cookie.name", "a b", PERR_INVAL, NULL },
	{ "cookie.name", "a=b", PERR_INVAL, NULL },
	{ "cookie.name", "a;b", PERR_INVAL, NULL },
	{ "cookie.name", "caf\xc3\xa9", PERR_INVAL, NULL },
	{ "cookie.name", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	  "aaaaaaaaaaaa", PERR_TOOLONG, NULL },			/* 65 */
	{ "cookie.domain", "", PERR_OK, "" },
	{ "cookie.domain", "Example.ORG.", PERR_OK, "example.org" },
	{ "cookie.domain", "apps.example.org", PERR_OK, "apps.example.org" },
	{ "cookie.domain", ".example.org", PERR_INVAL, NULL },
	{ "cookie.domain", "localhost", PERR_INVAL, NULL },
	{ "cookie.domain", "10.0.0.1", PERR_INVAL, NULL },
	{ "cookie.domain", "example.org:443", PERR_INVAL, NULL },
	{ "cookie.domain", "https://example.org", PERR_INVAL, NULL },
	{ "session.lifetime", "8h", PERR_OK, "8h" },
	{ "session.lifetime", "90m", PERR_OK, "90m" },
	{ "session.lifetime", "1m", PERR_OK, "1m" },
	{ "session.lifetime", "59s", PERR_INVAL, NULL },
	{ "session.lifetime", "0", PERR_INVAL, NULL },
	{ "session.lifetime", "12 h", PERR_INVAL, NULL },
	{ "session.idle", "0", PERR_OK, "0" },
	{ "session.idle", "1h30m", PERR_OK, "1h30m" },
	{ "session.idle", "3651d", PERR_INVAL, NULL },
	{ "session.remember", "0", PERR_OK, "0" },
	{ "session.remember", "30d", PERR_OK, "30d" },
	{ "login.max_kdf", "0", PERR_OK, "0" },
	{ "login.max_kdf", "4", PERR_OK, "4" },
	{ "login.max_kdf", "1025", PERR_INVAL, NULL },
	{ "login.max_kdf", "-1", PERR_INVAL, NULL },
	{ "regulation.max_retries", "5", PERR_OK, "5" },
	{ "regulation.max_retries", "007", PERR_OK, "7" },
	{ "regulation.max_retries", "1", PERR_OK, "1" },
	{ "regulation.max_retries", "1000", PERR_OK, "1000" },
	{ "regulation.max_retries", "0", PERR_INVAL, NULL },
	{ "regulation.max_retries", "1001", PERR_INVAL, NULL },
	{ "regulation.max_retries", "-1", PERR_INVAL, NULL },
	{ "regulation.max_retries", "+5", PERR_INVAL, NULL },
	{ "regulation.max_retries", " 5", PERR_INVAL, NULL },
	{ "regulation.max_retries", "5x", PERR_INVAL, NULL },
	{ "regulation.max_retries", "", PERR_INVAL, NULL },
	{ "regulation.max_retries", "99999999999999999999", PERR_INVAL, NULL },
	{ "regulation.find_time", "10m", PERR_OK, "10m" },
	{ "regulation.find_time", "0", PERR_INVAL, NULL },
	{ "regulation.ban_time", "1s", PERR_OK, "1s" },
	{ "regulation.ban_time", "5", PERR_INVAL, NULL },
	{ "proxy.trusted", "", PERR_OK, "" },
	{ "proxy.trusted", "10.0.0.0/8, 192.0.2.1/32,,::1/128", PERR_OK,
	  "10.0.0.0/8,192.0.2.1,::1" },
	{ "proxy.trusted", "2001:DB8::/32", PERR_OK, "2001:db8::/32" },
	{ "proxy.trusted", "10.0.0.1/8", PERR_INVAL, NULL },
	{ "proxy.trusted", "10.0.0.0/8 192.0.2.1", PERR_INVAL, NULL },
	{ "proxy.trusted", "localhost", PERR_INVAL, NULL },
	{ "totp.issuer", "postern", PERR_OK, "postern" },
	{ "totp.issuer", "Example Corp (SSO)", PERR_OK, "Example Corp (SSO)" },
	{ "totp.issuer", "", PERR_INVAL, NULL },
	{ "totp.issuer", "a:b", PERR_INVAL, NULL },
	{ "totp.issuer", " lead", PERR_INVAL, NULL },
	{ "totp.issuer", "trail ", PERR_INVAL, NULL },
	{ "totp.issuer", "tab\there", PERR_INVAL, NULL },
	{ "totp.issuer", "Soci\xc3\xa9t\xc3\xa9", PERR_INVAL, NULL },
	{ "totp.issuer", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	  "aaaaaaaaaaaa", PERR_TOOLONG, NULL },			/* 65 */
	{ "password.scrypt", "N=32768,r=8,p=3", PERR_OK, "N=32768,r=8,p=3" },
	{ "password.scrypt", "p=1,r=8,N=65536", PERR_OK, "N=65536,r=8,p=1" },
	{ "password.scrypt", "N=1000,r=8,p=1", PERR_INVAL, NULL },
	{ "password.scrypt", "N=32768,r=8", PERR_INVAL, NULL },
	{ "password.scrypt", "", PERR_INVAL, NULL },
	{ "outpost.default", "embedded", PERR_OK, "embedded" },
	{ "outpost.default", "edge-1.eu", PERR_OK, "edge-1.eu" },
	{ "outpost.default", "", PERR_INVAL, NULL },
	{ "outpost.default", "a b", PERR_INVAL, NULL },
	{ "outpost.default", "a,b", PERR_INVAL, NULL },
};

START_TEST(test_setting_validate_canonicalizes_or_refuses_each_value)
{
	char		 canon[SETTING_VALUE_MAX + 1];
	const char	*why = NULL;
	enum perr	 er;

	er = setting_validate(validate_rows[_i].key, validate_rows[_i].value,
	    canon, sizeof(canon), &why);
	ck_assert_msg(er == validate_rows[_i].er, "%s=\"%s\": %s (%s)",
	    validate_rows[_i].key, validate_rows[_i].value, perr_str(er),
	    why ? why : "");
	if (er == PERR_OK)
		ck_assert_str_eq(canon, validate_rows[_i].canon);
	else {
		ck_assert_ptr_nonnull(why);
		ck_assert_str_ne(why, "");
		ck_assert_str_eq(canon, "");
	}
}
END_TEST

START_TEST(test_setting_validate_refuses_a_value_longer_than_the_limit)
{
	static char	 big[SETTING_VALUE_MAX + 2];
	char		 canon[16];
	const char	*why;

	memset(big, 'a', sizeof(big) - 1);
	ck_assert_int_eq(setting_validate("totp.issuer", big, canon,
	    sizeof(canon), &why), PERR_TOOLONG);
	ck_assert_int_eq(setting_validate("session.idle", "1h30m", canon, 3,
	    &why), PERR_TOOLONG);
	ck_assert_str_eq(canon, "");
}
END_TEST

/* ------------------------------------------------- store-backed getters */

START_TEST(test_setting_get_returns_the_default_until_a_value_is_set)
{
	struct store	*st = fixture_open(NULL);
	char		 out[SETTING_VALUE_MAX + 1];
	const char	*why;
	int		 dflt = -1;

	ck_assert_int_eq(setting_get(st, "session.idle", out, sizeof(out),
	    &dflt), PERR_OK);
	ck_assert_str_eq(out, "30m");
	ck_assert_int_eq(dflt, 1);
	ck_assert_int_eq(setting_set(st, "session.idle", "45m", &why), PERR_OK);
	ck_assert_int_eq(setting_get(st, "session.idle", out, sizeof(out),
	    &dflt), PERR_OK);
	ck_assert_str_eq(out, "45m");
	ck_assert_int_eq(dflt, 0);
	ck_assert_int_eq(setting_unset(st, "session.idle"), PERR_OK);
	ck_assert_int_eq(setting_get(st, "session.idle", out, sizeof(out),
	    &dflt), PERR_OK);
	ck_assert_str_eq(out, "30m");
	ck_assert_int_eq(dflt, 1);
	fixture_close(st);
}
END_TEST

START_TEST(test_setting_set_stores_the_canonical_form)
{
	struct store	*st = fixture_open(NULL);
	char		 out[SETTING_VALUE_MAX + 1];

	ck_assert_int_eq(setting_set(st, "login.url",
	    "HTTPS://Login.Example.org./", NULL), PERR_OK);
	ck_assert_int_eq(store_setting_get(st, "login.url", out, sizeof(out)),
	    PERR_OK);
	ck_assert_str_eq(out, "https://login.example.org");
	fixture_close(st);
}
END_TEST

START_TEST(test_setting_set_refuses_a_bad_value_and_keeps_the_old_one)
{
	struct store	*st = fixture_open(NULL);
	char		 out[SETTING_VALUE_MAX + 1];
	const char	*why = NULL;

	ck_assert_int_eq(setting_set(st, "regulation.max_retries", "7", NULL),
	    PERR_OK);
	ck_assert_int_eq(setting_set(st, "regulation.max_retries", "0", &why),
	    PERR_INVAL);
	ck_assert_str_eq(why, "number out of range");
	ck_assert_int_eq(setting_get(st, "regulation.max_retries", out,
	    sizeof(out), NULL), PERR_OK);
	ck_assert_str_eq(out, "7");
	fixture_close(st);
}
END_TEST

START_TEST(test_setting_set_get_and_unset_refuse_an_unknown_key)
{
	struct store	*st = fixture_open(NULL);
	char		 out[64];

	ck_assert_int_eq(setting_set(st, "no.such", "1", NULL), PERR_NOTFOUND);
	ck_assert_int_eq(setting_get(st, "no.such", out, sizeof(out), NULL),
	    PERR_NOTFOUND);
	ck_assert_int_eq(setting_unset(st, "no.such"), PERR_NOTFOUND);
	ck_assert_int_eq(setting_unset(st, "session.idle"), PERR_OK);
	fixture_close(st);
}
END_TEST

START_TEST(test_setting_typed_getters_return_the_defaults_on_a_fresh_store)
{
	struct store		*st = fixture_open(NULL);
	struct scrypt_params	 sp;
	struct url		 u;
	struct cidr		 c[PROXIES_MAX];
	char			 out[SETTING_VALUE_MAX + 1];
	int64_t			 v;
	size_t			 n = 99;

	ck_assert_int_eq(setting_duration(st, "session.lifetime", &v), PERR_OK);
	ck_assert_int_eq(v, 43200);
	ck_assert_int_eq(setting_duration(st, "session.idle", &v), PERR_OK);
	ck_assert_int_eq(v, 1800);
	ck_assert_int_eq(setting_duration(st, "session.remember", &v), PERR_OK);
	ck_assert_int_eq(v, 0);
	ck_assert_int_eq(setting_duration(st, "regulation.find_time", &v),
	    PERR_OK);
	ck_assert_int_eq(v, 600);
	ck_assert_int_eq(setting_duration(st, "regulation.ban_time", &v),
	    PERR_OK);
	ck_assert_int_eq(v, 300);
	ck_assert_int_eq(setting_int(st, "regulation.max_retries", &v), PERR_OK);
	ck_assert_int_eq(v, 5);
	ck_assert_int_eq(setting_scrypt(st, &sp), PERR_OK);
	ck_assert(sp.N == 32768 && sp.r == 8 && sp.p == 3);
	ck_assert_int_eq(setting_login_url(st, &u), PERR_NOTFOUND);
	ck_assert_int_eq(setting_proxies(st, c, PROXIES_MAX, &n), PERR_OK);
	ck_assert_uint_eq(n, 0);
	ck_assert_int_eq(setting_str(st, "totp.issuer", out, sizeof(out)),
	    PERR_OK);
	ck_assert_str_eq(out, "postern");
	ck_assert_int_eq(setting_str(st, "outpost.default", out, sizeof(out)),
	    PERR_OK);
	ck_assert_str_eq(out, "embedded");
	fixture_close(st);
}
END_TEST

START_TEST(test_setting_typed_getters_read_what_was_set)
{
	struct store		*st = fixture_open(NULL);
	struct scrypt_params	 sp;
	struct url		 u;
	struct cidr		 c[PROXIES_MAX];
	int64_t			 v;
	size_t			 n;

	ck_assert_int_eq(setting_set(st, "session.lifetime", "1d2h", NULL),
	    PERR_OK);
	ck_assert_int_eq(setting_duration(st, "session.lifetime", &v), PERR_OK);
	ck_assert_int_eq(v, 93600);
	ck_assert_int_eq(setting_set(st, "regulation.max_retries", "12", NULL),
	    PERR_OK);
	ck_assert_int_eq(setting_int(st, "regulation.max_retries", &v), PERR_OK);
	ck_assert_int_eq(v, 12);
	ck_assert_int_eq(setting_set(st, "password.scrypt", "N=16384,r=8,p=1",
	    NULL), PERR_OK);
	ck_assert_int_eq(setting_scrypt(st, &sp), PERR_OK);
	ck_assert(sp.N == 16384 && sp.r == 8 && sp.p == 1);
	ck_assert_int_eq(setting_set(st, "login.url",
	    "https://login.example.org:8443/auth", NULL), PERR_OK);
	ck_assert_int_eq(setting_login_url(st, &u), PERR_OK);
	ck_assert_str_eq(u.host, "login.example.org");
	ck_assert_int_eq(u.port, 8443);
	ck_assert_str_eq(u.path, "/auth");
	ck_assert_int_eq(setting_set(st, "proxy.trusted", "10.0.0.0/8,::1",
	    NULL), PERR_OK);
	ck_assert_int_eq(setting_proxies(st, c, PROXIES_MAX, &n), PERR_OK);
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(setting_cidr_match(&c[0], "10.2.3.4"), 1);
	ck_assert_int_eq(setting_cidr_match(&c[1], "::1"), 1);
	fixture_close(st);
}
END_TEST

/* Values a getter must refuse when found in the store (written around the
 * validator, as an older program or a hand edit might). */
static const struct {
	const char	*key;
	const char	*bad;
} stored_bad[] = {
	{ "session.lifetime", "forever" },
	{ "session.lifetime", "0" },
	{ "session.idle", "-1s" },
	{ "regulation.find_time", "" },
	{ "regulation.ban_time", "5" },
	{ "regulation.max_retries", "0" },
	{ "regulation.max_retries", "five" },
	{ "password.scrypt", "N=2,r=1,p=1" },
	{ "login.url", "javascript:alert(1)" },
	{ "login.url", "https://login.example.org/?next=x" },
	{ "proxy.trusted", "0.0.0.0/0 evil" },
	{ "totp.issuer", "bad:issuer" },
	{ "outpost.default", "" },
	{ "cookie.name", "a;b" },
	{ "cookie.domain", ".example.org" },
};

START_TEST(test_setting_getters_fail_closed_on_a_stored_value_that_does_not_validate)
{
	struct store		*st = fixture_open(NULL);
	struct scrypt_params	 sp;
	struct url		 u;
	struct cidr		 c[PROXIES_MAX];
	const struct setting_def *d = setting_find(stored_bad[_i].key);
	char			 out[SETTING_VALUE_MAX + 1];
	int64_t			 v = 77;
	size_t			 n;

	ck_assert_ptr_nonnull(d);
	ck_assert_int_eq(store_setting_set(st, stored_bad[_i].key,
	    stored_bad[_i].bad), PERR_OK);
	ck_assert_int_eq(setting_str(st, stored_bad[_i].key, out, sizeof(out)),
	    PERR_INVAL);
	ck_assert_str_eq(out, "");
	switch (d->type) {
	case SETTING_DURATION:
		ck_assert_int_eq(setting_duration(st, d->key, &v), PERR_INVAL);
		ck_assert_int_eq(v, 0);
		break;
	case SETTING_INT:
		ck_assert_int_eq(setting_int(st, d->key, &v), PERR_INVAL);
		ck_assert_int_eq(v, 0);
		break;
	case SETTING_SCRYPT:
		ck_assert_int_eq(setting_scrypt(st, &sp), PERR_INVAL);
		break;
	case SETTING_URL:
		ck_assert_int_eq(setting_login_url(st, &u), PERR_INVAL);
		break;
	case SETTING_CIDRS:
		ck_assert_int_eq(setting_proxies(st, c, PROXIES_MAX, &n),
		    PERR_INVAL);
		ck_assert_uint_eq(n, 0);
		break;
	case SETTING_COOKIE_NAME:
	case SETTING_DOMAIN:
		ck_assert_int_eq(setting_cookie_name(st, out, sizeof(out)),
		    PERR_INVAL);
		break;
	default:
		break;
	}
	/* setting_get shows the stored text as it is, for the admin. */
	ck_assert_int_eq(setting_get(st, d->key, out, sizeof(out), NULL),
	    PERR_OK);
	ck_assert_str_eq(out, stored_bad[_i].bad);
	fixture_close(st);
}
END_TEST

START_TEST(test_setting_typed_getters_refuse_a_key_of_another_type)
{
	struct store	*st = fixture_open(NULL);
	int64_t		 v;

	ck_assert_int_eq(setting_duration(st, "regulation.max_retries", &v),
	    PERR_INVAL);
	ck_assert_int_eq(setting_int(st, "session.idle", &v), PERR_INVAL);
	ck_assert_int_eq(setting_duration(st, "no.such", &v), PERR_INVAL);
	fixture_close(st);
}
END_TEST

static const struct {
	const char	*login;		/* NULL: unset */
	const char	*domain;	/* NULL: unset */
	const char	*name;		/* NULL: unset */
	enum perr	 er;
	const char	*out;
} cookie_rows[] = {
	{ NULL, NULL, NULL, PERR_OK, "__Host-postern" },
	{ "https://login.example.org", NULL, NULL, PERR_OK, "__Host-postern" },
	{ "https://login.example.org", "example.org", NULL, PERR_OK,
	  "__Secure-postern" },
	{ "http://10.0.0.5:8080", NULL, NULL, PERR_OK, "postern" },
	{ "http://login.lan", "lan.example", NULL, PERR_OK, "postern" },
	{ "https://login.example.org", NULL, "sso", PERR_OK, "sso" },
	{ "https://login.example.org", NULL, "__Host-sso", PERR_OK,
	  "__Host-sso" },
	{ "https://login.example.org", "example.org", "__Secure-sso", PERR_OK,
	  "__Secure-sso" },
	{ "https://login.example.org", "example.org", "__Host-sso",
	  PERR_INVAL, "" },
	{ "https://login.example.org", "example.org", "__host-sso",
	  PERR_INVAL, "" },
	{ "http://login.lan", NULL, "__Host-sso", PERR_INVAL, "" },
	{ "http://login.lan", NULL, "__Secure-sso", PERR_INVAL, "" },
	{ "http://login.lan", NULL, "plain", PERR_OK, "plain" },
};

START_TEST(test_setting_cookie_name_derives_or_checks_the_name)
{
	struct store	*st = fixture_open(NULL);
	char		 out[COOKIE_NAME_MAX + 1];

	if (cookie_rows[_i].login != NULL)
		ck_assert_int_eq(setting_set(st, "login.url",
		    cookie_rows[_i].login, NULL), PERR_OK);
	if (cookie_rows[_i].domain != NULL)
		ck_assert_int_eq(setting_set(st, "cookie.domain",
		    cookie_rows[_i].domain, NULL), PERR_OK);
	if (cookie_rows[_i].name != NULL)
		ck_assert_int_eq(setting_set(st, "cookie.name",
		    cookie_rows[_i].name, NULL), PERR_OK);
	ck_assert_int_eq(setting_cookie_name(st, out, sizeof(out)),
	    cookie_rows[_i].er);
	ck_assert_str_eq(out, cookie_rows[_i].out);
	fixture_close(st);
}
END_TEST

Suite *
suite_setting(void)
{
	Suite	*s = suite_create("setting");
	TCase	*tc = tcase_create("parsers");
	TCase	*ts = tcase_create("store");

	tcase_add_loop_test(tc,
	    test_setting_duration_parse_accepts_each_valid_shape, 0,
	    NROWS(dur_good));
	tcase_add_loop_test(tc,
	    test_setting_duration_parse_refuses_each_malformed_shape, 0,
	    NROWS(dur_bad));
	tcase_add_loop_test(tc,
	    test_setting_duration_format_writes_largest_units_first, 0,
	    NROWS(dur_fmt));
	tcase_add_test(tc, test_setting_duration_format_reports_truncation);
	tcase_add_loop_test(tc,
	    test_setting_cidr_parse_accepts_each_valid_shape, 0,
	    NROWS(cidr_good));
	tcase_add_loop_test(tc,
	    test_setting_cidr_parse_refuses_each_malformed_shape, 0,
	    NROWS(cidr_bad));
	tcase_add_loop_test(tc, test_setting_cidr_match_answers_each_address,
	    0, NROWS(cidr_match));
	tcase_add_loop_test(tc,
	    test_setting_cidrs_parse_splits_each_list_shape, 0,
	    NROWS(cidrs_rows));
	tcase_add_test(tc,
	    test_setting_all_lists_every_key_sorted_with_a_valid_default);
	tcase_add_loop_test(tc,
	    test_setting_find_returns_null_for_an_unknown_key, 0,
	    NROWS(unknown_keys));
	tcase_add_loop_test(tc,
	    test_setting_validate_canonicalizes_or_refuses_each_value, 0,
	    NROWS(validate_rows));
	tcase_add_test(tc,
	    test_setting_validate_refuses_a_value_longer_than_the_limit);
	suite_add_tcase(s, tc);

	tcase_add_test(ts,
	    test_setting_get_returns_the_default_until_a_value_is_set);
	tcase_add_test(ts, test_setting_set_stores_the_canonical_form);
	tcase_add_test(ts,
	    test_setting_set_refuses_a_bad_value_and_keeps_the_old_one);
	tcase_add_test(ts,
	    test_setting_set_get_and_unset_refuse_an_unknown_key);
	tcase_add_test(ts,
	    test_setting_typed_getters_return_the_defaults_on_a_fresh_store);
	tcase_add_test(ts, test_setting_typed_getters_read_what_was_set);
	tcase_add_loop_test(ts,
	    test_setting_getters_fail_closed_on_a_stored_value_that_does_not_validate,
	    0, NROWS(stored_bad));
	tcase_add_test(ts,
	    test_setting_typed_getters_refuse_a_key_of_another_type);
	tcase_add_loop_test(ts,
	    test_setting_cookie_name_derives_or_checks_the_name, 0,
	    NROWS(cookie_rows));
	suite_add_tcase(s, ts);
	return s;
}
