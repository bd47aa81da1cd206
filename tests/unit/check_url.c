/* postern: tests for lib/url.c, one table row per shape. */
/*
 * Each table lists inputs with the result expected of them: the fields of
 * an accepted URL and its canonical text, or the error and the reason of a
 * refused one.  The loop tests run one row each, so a failure names it.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "lib/limits.h"
#include "lib/url.h"
#include "tests.h"

#define NROWS(t)	((int)(sizeof(t) / sizeof((t)[0])))

static const struct {
	const char	*in;
	int		 https;
	const char	*host;
	int		 port;
	const char	*path;
	const char	*canon;
} url_good[] = {
	{ "https://example.org", 1, "example.org", 0, "",
	  "https://example.org" },
	{ "http://example.org", 0, "example.org", 0, "",
	  "http://example.org" },
	{ "HTTPS://Example.ORG", 1, "example.org", 0, "",
	  "https://example.org" },
	{ "HtTp://a.b", 0, "a.b", 0, "", "http://a.b" },
	{ "https://example.org/", 1, "example.org", 0, "",
	  "https://example.org" },
	{ "https://example.org./", 1, "example.org", 0, "",
	  "https://example.org" },
	{ "https://example.org:443", 1, "example.org", 0, "",
	  "https://example.org" },
	{ "http://example.org:80/x", 0, "example.org", 0, "/x",
	  "http://example.org/x" },
	{ "https://example.org:80", 1, "example.org", 80, "",
	  "https://example.org:80" },
	{ "http://example.org:443", 0, "example.org", 443, "",
	  "http://example.org:443" },
	{ "https://example.org:8443/app/", 1, "example.org", 8443, "/app",
	  "https://example.org:8443/app" },
	{ "https://example.org:65535", 1, "example.org", 65535, "",
	  "https://example.org:65535" },
	{ "https://example.org:1", 1, "example.org", 1, "",
	  "https://example.org:1" },
	{ "https://a.example.org/x/y/z", 1, "a.example.org", 0, "/x/y/z",
	  "https://a.example.org/x/y/z" },
	{ "https://localhost:8080", 1, "localhost", 8080, "",
	  "https://localhost:8080" },
	{ "https://x-1.y2.example", 1, "x-1.y2.example", 0, "",
	  "https://x-1.y2.example" },
	{ "https://3com.example", 1, "3com.example", 0, "",
	  "https://3com.example" },
	{ "http://10.0.0.1:8080/", 0, "10.0.0.1", 8080, "",
	  "http://10.0.0.1:8080" },
	{ "http://0.0.0.0", 0, "0.0.0.0", 0, "", "http://0.0.0.0" },
	{ "http://255.255.255.255.", 0, "255.255.255.255", 0, "",
	  "http://255.255.255.255" },
	{ "http://[::1]:8080/x", 0, "[::1]", 8080, "/x",
	  "http://[::1]:8080/x" },
	{ "https://[2001:DB8:0:0::1]", 1, "[2001:db8::1]", 0, "",
	  "https://[2001:db8::1]" },
	{ "https://[::ffff:192.0.2.1]:443", 1, "[::ffff:192.0.2.1]", 0, "",
	  "https://[::ffff:192.0.2.1]" },
	{ "https://e.org/%7euser/%41%2D%5f", 1, "e.org", 0, "/~user/A-_",
	  "https://e.org/~user/A-_" },
	{ "https://e.org/a%20b/%c3%a9", 1, "e.org", 0, "/a%20b/%C3%A9",
	  "https://e.org/a%20b/%C3%A9" },
	{ "https://e.org/a.b/..c/.d/c..", 1, "e.org", 0, "/a.b/..c/.d/c..",
	  "https://e.org/a.b/..c/.d/c.." },
	{ "https://e.org/a:b@c!$&'()*+,;=-._~", 1, "e.org", 0,
	  "/a:b@c!$&'()*+,;=-._~", "https://e.org/a:b@c!$&'()*+,;=-._~" },
};

START_TEST(test_url_parse_accepts_each_valid_shape)
{
	struct url	 u;
	const char	*why = NULL;
	char		 out[URL_MAX + 1];

	ck_assert_msg(url_parse(url_good[_i].in, &u, &why) == PERR_OK,
	    "%s: %s", url_good[_i].in, why);
	ck_assert_int_eq(u.https, url_good[_i].https);
	ck_assert_str_eq(u.host, url_good[_i].host);
	ck_assert_int_eq(u.port, url_good[_i].port);
	ck_assert_str_eq(u.path, url_good[_i].path);
	ck_assert_uint_eq(url_format(&u, out, sizeof(out)),
	    strlen(url_good[_i].canon));
	ck_assert_str_eq(out, url_good[_i].canon);
}
END_TEST

START_TEST(test_url_format_output_parses_back_to_the_same_url)
{
	struct url	u, v;
	char		out[URL_MAX + 1];

	ck_assert_int_eq(url_parse(url_good[_i].in, &u, NULL), PERR_OK);
	url_format(&u, out, sizeof(out));
	ck_assert_int_eq(url_parse(out, &v, NULL), PERR_OK);
	ck_assert(memcmp(&u, &v, sizeof(u)) == 0);
}
END_TEST

static const struct {
	const char	*in;
	enum perr	 er;
	const char	*why;
} url_bad[] = {
	{ "", PERR_INVAL, "not http or https" },
	{ "example.org", PERR_INVAL, "not http or https" },
	{ "ftp://example.org", PERR_INVAL, "not http or https" },
	{ "javascript://example.org", PERR_INVAL, "not http or https" },
	{ "https:/example.org", PERR_INVAL, "not http or https" },
	{ "https:example.org", PERR_INVAL, "not http or https" },
	{ "//example.org", PERR_INVAL, "not http or https" },
	{ "httpss://example.org", PERR_INVAL, "not http or https" },
	{ "https://", PERR_INVAL, "empty host" },
	{ "https:///x", PERR_INVAL, "empty host" },
	{ "https://:443", PERR_INVAL, "empty host" },
	{ "https://user@example.org", PERR_INVAL, "userinfo is not allowed" },
	{ "https://user:pw@example.org/", PERR_INVAL,
	  "userinfo is not allowed" },
	{ "https://@example.org", PERR_INVAL, "userinfo is not allowed" },
	{ "https://example.org\\@evil.org", PERR_INVAL,
	  "backslash is not allowed" },
	{ "https://example.org\\x", PERR_INVAL, "backslash is not allowed" },
	{ "https://exa mple.org", PERR_INVAL,
	  "control, space or non-ASCII byte" },
	{ "https://example.org/a b", PERR_INVAL,
	  "control, space or non-ASCII byte" },
	{ "https://example.org/\t", PERR_INVAL,
	  "control, space or non-ASCII byte" },
	{ "https://example.org/\x7f", PERR_INVAL,
	  "control, space or non-ASCII byte" },
	{ "https://ex\xc3\xa4mple.org", PERR_INVAL,
	  "control, space or non-ASCII byte" },
	{ "https://example.org?x", PERR_INVAL,
	  "query or fragment not allowed" },
	{ "https://example.org/?x", PERR_INVAL,
	  "query or fragment not allowed" },
	{ "https://example.org/a#b", PERR_INVAL,
	  "query or fragment not allowed" },
	{ "https://example.org#", PERR_INVAL,
	  "query or fragment not allowed" },
	{ "https://example.org:", PERR_INVAL, "bad port" },
	{ "https://example.org:0", PERR_INVAL, "bad port" },
	{ "https://example.org:08080", PERR_INVAL, "bad port" },
	{ "https://example.org:65536", PERR_INVAL, "bad port" },
	{ "https://example.org:123456", PERR_INVAL, "bad port" },
	{ "https://example.org:-1", PERR_INVAL, "bad port" },
	{ "https://example.org:8o", PERR_INVAL, "bad port" },
	{ "https://example.org:443:443", PERR_INVAL, "bad port" },
	{ "https://-example.org", PERR_INVAL, "bad host" },
	{ "https://example-.org", PERR_INVAL, "bad host" },
	{ "https://exa_mple.org", PERR_INVAL, "bad host" },
	{ "https://example..org", PERR_INVAL, "bad host" },
	{ "https://.example.org", PERR_INVAL, "bad host" },
	{ "https://example.org..", PERR_INVAL, "bad host" },
	{ "https://.", PERR_INVAL, "bad host" },
	{ "https://a.0x7f", PERR_INVAL, "bad host" },
	{ "https://0x7f000001", PERR_INVAL, "bad host" },
	{ "https://ex%41mple.org", PERR_INVAL, "bad host" },
	{ "https://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	  "aaaa.org", PERR_INVAL, "bad host" },			/* 64 */
	{ "https://1.2.3", PERR_INVAL, "bad IPv4 address" },
	{ "https://1.2.3.4.5", PERR_INVAL, "bad IPv4 address" },
	{ "https://256.1.1.1", PERR_INVAL, "bad IPv4 address" },
	{ "https://01.2.3.4", PERR_INVAL, "bad IPv4 address" },
	{ "https://2130706433", PERR_INVAL, "bad IPv4 address" },
	{ "https://example.123", PERR_INVAL, "bad IPv4 address" },
	{ "https://[::1", PERR_INVAL, "bad IPv6 literal" },
	{ "https://[]", PERR_INVAL, "bad IPv6 literal" },
	{ "https://[::g]", PERR_INVAL, "bad IPv6 literal" },
	{ "https://[fe80::1%25eth0]", PERR_INVAL, "bad IPv6 literal" },
	{ "https://[1:2:3:4:5:6:7:8:9]", PERR_INVAL, "bad IPv6 literal" },
	{ "https://[::1]x", PERR_INVAL, "bad host" },
	{ "https://::1", PERR_INVAL, "empty host" },
	{ "https://[::1]:", PERR_INVAL, "bad port" },
	{ "https://example.org//", PERR_INVAL,
	  "empty path segment (\"//\")" },
	{ "https://example.org/a//b", PERR_INVAL,
	  "empty path segment (\"//\")" },
	{ "https://example.org/.", PERR_INVAL, "dot segment in path" },
	{ "https://example.org/a/../b", PERR_INVAL, "dot segment in path" },
	{ "https://example.org/a/./b", PERR_INVAL, "dot segment in path" },
	{ "https://example.org/%2e%2E", PERR_INVAL, "dot segment in path" },
	{ "https://example.org/.%2e/", PERR_INVAL, "dot segment in path" },
	{ "https://example.org/a%2fb", PERR_INVAL,
	  "encoded \"/\" or \"\\\" in path" },
	{ "https://example.org/a%2Fb", PERR_INVAL,
	  "encoded \"/\" or \"\\\" in path" },
	{ "https://example.org/a%5cb", PERR_INVAL,
	  "encoded \"/\" or \"\\\" in path" },
	{ "https://example.org/a%00", PERR_INVAL,
	  "encoded control byte in path" },
	{ "https://example.org/a%0a", PERR_INVAL,
	  "encoded control byte in path" },
	{ "https://example.org/a%", PERR_INVAL, "bad percent-encoding" },
	{ "https://example.org/a%4", PERR_INVAL, "bad percent-encoding" },
	{ "https://example.org/a%zz", PERR_INVAL, "bad percent-encoding" },
	{ "https://example.org/a<b", PERR_INVAL, "bad path" },
	{ "https://example.org/a\"b", PERR_INVAL, "bad path" },
	{ "https://example.org/a[b]", PERR_INVAL, "bad path" },
	{ "https://example.org/a|b", PERR_INVAL, "bad path" },
};

START_TEST(test_url_parse_refuses_each_malformed_shape)
{
	struct url	 u;
	const char	*why = NULL;

	memset(&u, 0xa5, sizeof(u));
	ck_assert_msg(url_parse(url_bad[_i].in, &u, &why) == url_bad[_i].er,
	    "%s accepted or wrong error", url_bad[_i].in);
	ck_assert_ptr_nonnull(why);
	ck_assert_msg(strcmp(why, url_bad[_i].why) == 0, "%s: \"%s\"",
	    url_bad[_i].in, why);
	ck_assert_str_eq(u.host, "");
	ck_assert_str_eq(u.path, "");
}
END_TEST

START_TEST(test_url_parse_refuses_a_url_longer_than_url_max)
{
	static char	 big[URL_MAX + 2];
	struct url	 u;
	const char	*why;

	memcpy(big, "https://e.org/", 14);
	memset(big + 14, 'a', sizeof(big) - 15);
	big[sizeof(big) - 1] = '\0';			/* URL_MAX + 1 bytes */
	ck_assert_int_eq(url_parse(big, &u, &why), PERR_TOOLONG);
	ck_assert_str_eq(why, "too long");
	big[sizeof(big) - 2] = '\0';			/* URL_MAX bytes */
	ck_assert_int_eq(url_parse(big, &u, &why), PERR_OK);
	ck_assert_uint_eq(url_format(&u, NULL, 0), URL_MAX);
}
END_TEST

START_TEST(test_url_parse_accepts_a_253_byte_host_and_refuses_254)
{
	char		 s[8 + 260 + 1];
	struct url	 u;
	size_t		 i;

	/* 63 + 1 + 63 + 1 + 63 + 1 + 61 = 253 */
	memcpy(s, "https://", 8);
	for (i = 0; i < 253; i++)
		s[8 + i] = (i == 63 || i == 127 || i == 191) ? '.' : 'a';
	s[8 + 253] = '\0';
	ck_assert_int_eq(url_parse(s, &u, NULL), PERR_OK);
	ck_assert_uint_eq(strlen(u.host), 253);
	s[8 + 253] = '.';				/* a trailing dot is fine */
	s[8 + 254] = '\0';
	ck_assert_int_eq(url_parse(s, &u, NULL), PERR_OK);
	s[8 + 253] = 'a';				/* 254 bytes is not */
	ck_assert_int_eq(url_parse(s, &u, NULL), PERR_INVAL);
}
END_TEST

START_TEST(test_url_format_reports_the_whole_length_when_truncating)
{
	struct url	u;
	char		out[10];

	ck_assert_int_eq(url_parse("https://example.org:8443/a", &u, NULL),
	    PERR_OK);
	ck_assert_uint_eq(url_format(&u, out, sizeof(out)),
	    strlen("https://example.org:8443/a"));
	ck_assert_str_eq(out, "https://e");
}
END_TEST

static const struct {
	const char	*in;
	int		 https;
	enum perr	 er;
	const char	*out;
} host_rows[] = {
	{ "example.org", 1, PERR_OK, "example.org" },
	{ "Example.ORG", 1, PERR_OK, "example.org" },
	{ "example.org.", 1, PERR_OK, "example.org" },
	{ "example.org:443", 1, PERR_OK, "example.org" },
	{ "example.org.:443", 1, PERR_OK, "example.org" },
	{ "example.org:80", 0, PERR_OK, "example.org" },
	{ "example.org:80", 1, PERR_OK, "example.org:80" },
	{ "example.org:443", 0, PERR_OK, "example.org:443" },
	{ "EXAMPLE.org:8443", 1, PERR_OK, "example.org:8443" },
	{ "10.0.0.1:8080", 0, PERR_OK, "10.0.0.1:8080" },
	{ "[::1]", 1, PERR_OK, "[::1]" },
	{ "[0:0::1]:443", 1, PERR_OK, "[::1]" },
	{ "[2001:DB8::1]:8443", 1, PERR_OK, "[2001:db8::1]:8443" },
	{ "", 1, PERR_INVAL, "" },
	{ ".", 1, PERR_INVAL, "" },
	{ "example.org..", 1, PERR_INVAL, "" },
	{ "example.org:", 1, PERR_INVAL, "" },
	{ "example.org:0", 1, PERR_INVAL, "" },
	{ "example.org:0443", 1, PERR_INVAL, "" },
	{ "example.org:65536", 1, PERR_INVAL, "" },
	{ "example.org:443:443", 1, PERR_INVAL, "" },
	{ "user@example.org", 1, PERR_INVAL, "" },
	{ "example.org/x", 1, PERR_INVAL, "" },
	{ "example.org\\", 1, PERR_INVAL, "" },
	{ "example.org?", 1, PERR_INVAL, "" },
	{ "example.org#", 1, PERR_INVAL, "" },
	{ "exa mple.org", 1, PERR_INVAL, "" },
	{ "example.org ", 1, PERR_INVAL, "" },
	{ "ex\xc3\xa4mple.org", 1, PERR_INVAL, "" },
	{ "xn--exmple-cua.org", 1, PERR_OK, "xn--exmple-cua.org" },
	{ "exa_mple.org", 1, PERR_INVAL, "" },
	{ "1.2.3", 1, PERR_INVAL, "" },
	{ "0x7f.0.0.1", 1, PERR_INVAL, "" },
	{ "[::1", 1, PERR_INVAL, "" },
	{ "::1", 1, PERR_INVAL, "" },
	{ "[fe80::1%eth0]", 1, PERR_INVAL, "" },
};

START_TEST(test_url_host_normalize_gives_each_host_its_one_spelling)
{
	char	out[HOSTPORT_MAX + 1];

	memset(out, 'x', sizeof(out));
	ck_assert_msg(url_host_normalize(host_rows[_i].in,
	    strlen(host_rows[_i].in), host_rows[_i].https, out, sizeof(out)) ==
	    host_rows[_i].er, "%s", host_rows[_i].in);
	ck_assert_str_eq(out, host_rows[_i].out);
}
END_TEST

START_TEST(test_url_host_normalize_refuses_a_nul_inside_the_length)
{
	char	out[HOSTPORT_MAX + 1];

	ck_assert_int_eq(url_host_normalize("example.org\0.evil", 17, 1, out,
	    sizeof(out)), PERR_INVAL);
	ck_assert_int_eq(url_host_normalize("example.org:443x", 15, 1, out,
	    sizeof(out)), PERR_OK);
	ck_assert_str_eq(out, "example.org");
}
END_TEST

START_TEST(test_url_host_normalize_reports_a_short_output_buffer)
{
	char	out[8];

	ck_assert_int_eq(url_host_normalize("example.org", 11, 1, out,
	    sizeof(out)), PERR_TOOLONG);
	ck_assert_str_eq(out, "");
	ck_assert_int_eq(url_host_normalize("a.b:8080", 8, 1, out,
	    sizeof(out)), PERR_TOOLONG);
	ck_assert_int_eq(url_host_normalize("a.b:443", 7, 1, out,
	    sizeof(out)), PERR_OK);
	ck_assert_str_eq(out, "a.b");
}
END_TEST

START_TEST(test_url_host_normalize_agrees_with_url_parse)
{
	struct url	u;
	char		out[HOSTPORT_MAX + 1], want[HOSTPORT_MAX + 1];

	ck_assert_int_eq(url_parse("https://[2001:DB8:0::1]:8443/x", &u, NULL),
	    PERR_OK);
	snprintf(want, sizeof(want), "%s:%d", u.host, u.port);
	ck_assert_int_eq(url_host_normalize("[2001:db8::0:1]:8443", 20, 1, out,
	    sizeof(out)), PERR_OK);
	ck_assert_str_eq(out, want);
}
END_TEST

static const struct {
	const char	*in;
	const char	*out;
	const char	*why;
} domain_rows[] = {
	{ "example.org", "example.org", NULL },
	{ "Example.ORG.", "example.org", NULL },
	{ "localhost", "localhost", NULL },
	{ ".example.org", NULL, "no leading dot, please" },
	{ "10.0.0.1", NULL, "an IP address is not a domain" },
	{ "[::1]", NULL, "an IP address is not a domain" },
	{ "example.org:443", NULL, "bad host" },
	{ "exa mple.org", NULL, "control, space or non-ASCII byte" },
	{ "", NULL, "empty host" },
};

START_TEST(test_url_domain_normalize_accepts_only_dns_names)
{
	char		 out[HOST_MAX + 1];
	const char	*why = NULL;
	enum perr	 er;

	er = url_domain_normalize(domain_rows[_i].in, out, sizeof(out), &why);
	if (domain_rows[_i].out != NULL) {
		ck_assert_int_eq(er, PERR_OK);
		ck_assert_str_eq(out, domain_rows[_i].out);
	} else {
		ck_assert_int_eq(er, PERR_INVAL);
		ck_assert_str_eq(why, domain_rows[_i].why);
	}
}
END_TEST

static const struct {
	const char	*in;
	enum perr	 er;
	const char	*why;
} link_rows[] = {
	{ "https://example.org/icon.png", PERR_OK, NULL },
	{ "http://example.org", PERR_OK, NULL },
	{ "HTTPS://Example.org:8443/a/b?x=1&y=%2F#top", PERR_OK, NULL },
	{ "https://example.org/#/dashboard?tab=2", PERR_OK, NULL },
	{ "https://example.org/a//b/../c", PERR_OK, NULL },
	{ "/static/icon.svg", PERR_OK, NULL },
	{ "/", PERR_OK, NULL },
	{ "/app?x=1#y", PERR_OK, NULL },
	{ "", PERR_INVAL, "empty link" },
	{ "//evil.org/x", PERR_INVAL,
	  "a local link starts with exactly one \"/\"" },
	{ "/\\evil.org", PERR_INVAL, "backslash is not allowed" },
	{ "javascript:alert(1)", PERR_INVAL,
	  "not an http(s) URL or a local path" },
	{ "JavaScript://example.org/%0aalert(1)", PERR_INVAL,
	  "not an http(s) URL or a local path" },
	{ "data:image/png;base64,AAAA", PERR_INVAL,
	  "not an http(s) URL or a local path" },
	{ "vbscript:x", PERR_INVAL, "not an http(s) URL or a local path" },
	{ "icon.png", PERR_INVAL, "not an http(s) URL or a local path" },
	{ "https:/example.org", PERR_INVAL,
	  "not an http(s) URL or a local path" },
	{ "https://user@example.org/", PERR_INVAL, "userinfo is not allowed" },
	{ "https://example.org\\@evil.org", PERR_INVAL,
	  "backslash is not allowed" },
	{ "https://example.org/a b", PERR_INVAL,
	  "control, space or non-ASCII byte" },
	{ " https://example.org/", PERR_INVAL,
	  "control, space or non-ASCII byte" },
	{ "https://example.org/\r\n", PERR_INVAL,
	  "control, space or non-ASCII byte" },
	{ "https://example.org/\"onerror=x", PERR_INVAL,
	  "character not allowed in a link" },
	{ "https://example.org/<script>", PERR_INVAL,
	  "character not allowed in a link" },
	{ "https://example.org/a#b#c", PERR_INVAL,
	  "character not allowed in a link" },
	{ "https://example.org/%zz", PERR_INVAL, "bad percent-encoding" },
	{ "https://exa_mple.org/", PERR_INVAL, "bad host" },
	{ "https://example.org:0/", PERR_INVAL, "bad port" },
	{ "https:///x", PERR_INVAL, "empty host" },
};

START_TEST(test_url_parse_link_accepts_http_urls_and_local_paths_only)
{
	const char	*why = NULL;

	ck_assert_msg(url_parse_link(link_rows[_i].in, &why) ==
	    link_rows[_i].er, "%s: %s", link_rows[_i].in, why ? why : "");
	if (link_rows[_i].why != NULL)
		ck_assert_str_eq(why, link_rows[_i].why);
}
END_TEST

START_TEST(test_url_parse_link_refuses_a_link_longer_than_url_max)
{
	static char	big[URL_MAX + 2];

	big[0] = '/';
	memset(big + 1, 'a', sizeof(big) - 2);
	big[sizeof(big) - 1] = '\0';
	ck_assert_int_eq(url_parse_link(big, NULL), PERR_TOOLONG);
	big[sizeof(big) - 2] = '\0';
	ck_assert_int_eq(url_parse_link(big, NULL), PERR_OK);
}
END_TEST

Suite *
suite_url(void)
{
	Suite	*s = suite_create("url");
	TCase	*tc = tcase_create("url");

	tcase_add_loop_test(tc, test_url_parse_accepts_each_valid_shape, 0,
	    NROWS(url_good));
	tcase_add_loop_test(tc,
	    test_url_format_output_parses_back_to_the_same_url, 0,
	    NROWS(url_good));
	tcase_add_loop_test(tc, test_url_parse_refuses_each_malformed_shape, 0,
	    NROWS(url_bad));
	tcase_add_test(tc, test_url_parse_refuses_a_url_longer_than_url_max);
	tcase_add_test(tc,
	    test_url_parse_accepts_a_253_byte_host_and_refuses_254);
	tcase_add_test(tc,
	    test_url_format_reports_the_whole_length_when_truncating);
	tcase_add_loop_test(tc,
	    test_url_host_normalize_gives_each_host_its_one_spelling, 0,
	    NROWS(host_rows));
	tcase_add_test(tc,
	    test_url_host_normalize_refuses_a_nul_inside_the_length);
	tcase_add_test(tc,
	    test_url_host_normalize_reports_a_short_output_buffer);
	tcase_add_test(tc, test_url_host_normalize_agrees_with_url_parse);
	tcase_add_loop_test(tc,
	    test_url_domain_normalize_accepts_only_dns_names, 0,
	    NROWS(domain_rows));
	tcase_add_loop_test(tc,
	    test_url_parse_link_accepts_http_urls_and_local_paths_only, 0,
	    NROWS(link_rows));
	tcase_add_test(tc,
	    test_url_parse_link_refuses_a_link_longer_than_url_max);
	suite_add_tcase(s, tc);
	return s;
}
