/* postern: tests for lib/request.c: the parameters the decision reads. */
/*
 * request_from_env() rows: SECURITY-CASES P13 (a parameter the decision
 * reads, given twice with different values, is refused; copies that agree
 * are one value; a parameter it does not read is ignored), X01, X06, X07
 * and X09 (client-supplied HTTP_X_* and HTTP_REMOTE_USER are never used),
 * HTTPS on and off, and the REQUEST_URI_MAX bound.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/request.h"
#include "tests.h"

#define NROWS(t)	((int)(sizeof(t) / sizeof((t)[0])))
#define ENV_MAX		12

/* A field of struct request, to compare with a row. */
enum rfield { F_HOST, F_URI, F_METHOD, F_ADDR, F_COOKIE, F_ACCEPT, F_XFF,
    F__MAX };

static const char *
rfield(const struct request *r, enum rfield f)
{
	switch (f) {
	case F_HOST:
		return r->host;
	case F_URI:
		return r->uri;
	case F_METHOD:
		return r->method;
	case F_ADDR:
		return r->addr;
	case F_COOKIE:
		return r->cookie;
	case F_ACCEPT:
		return r->accept;
	default:
		return r->xff;
	}
}

static const char *const fnames[F__MAX] = {
	"host", "uri", "method", "addr", "cookie", "accept", "xff"
};

static const struct {
	const char	*what;
	const char	*env[ENV_MAX];		/* NULL-terminated */
	enum perr	 want;
	const char	*why;			/* PERR_INVAL: the reason */
	const char	*f[F__MAX];		/* PERR_OK: each field or NULL */
	int		 https;
} env_rows[] = {
	{ "the fixture's default request",
	  { "REQUEST_METHOD=GET", "HTTP_HOST=app.example.com",
	    "REQUEST_URI=/", "REMOTE_ADDR=192.0.2.10", "HTTPS=on", NULL },
	  PERR_OK, NULL,
	  { "app.example.com", "/", "GET", "192.0.2.10", NULL, NULL, NULL }, 1 },
	{ "every parameter read",
	  { "HTTP_HOST=h", "REQUEST_URI=/u", "REQUEST_METHOD=POST",
	    "REMOTE_ADDR=a", "HTTP_COOKIE=c=1", "HTTP_ACCEPT=text/html",
	    "HTTP_X_FORWARDED_FOR=198.51.100.1", "HTTPS=on", NULL },
	  PERR_OK, NULL,
	  { "h", "/u", "POST", "a", "c=1", "text/html", "198.51.100.1" }, 1 },
	{ "nothing at all (P11)", { NULL }, PERR_OK, NULL, { NULL }, 0 },
	{ "empty values are values",
	  { "HTTP_HOST=", "REQUEST_URI=", "HTTP_COOKIE=", NULL },
	  PERR_OK, NULL, { "", "", NULL, NULL, "" }, 0 },
	{ "a value holding \"=\" is kept whole",
	  { "HTTP_COOKIE=a=b=c", "REQUEST_URI=/?x=y", NULL },
	  PERR_OK, NULL, { NULL, "/?x=y", NULL, NULL, "a=b=c" }, 0 },

	/* P13 */
	{ "P13 two different REQUEST_URI are refused",
	  { "REQUEST_URI=/wiki/", "HTTP_HOST=app.example.com",
	    "REQUEST_URI=/admin/", NULL },
	  PERR_INVAL, "REQUEST_URI given twice with different values", { 0 },
	  0 },
	{ "P13 two equal REQUEST_URI are one",
	  { "REQUEST_URI=/admin/", "REQUEST_URI=/admin/", NULL },
	  PERR_OK, NULL, { NULL, "/admin/" }, 0 },
	{ "P13 two different HTTP_COOKIE are refused",
	  { "HTTP_COOKIE=__Secure-postern=a", "HTTP_COOKIE=__Secure-postern=b",
	    NULL },
	  PERR_INVAL, "HTTP_COOKIE given twice with different values", { 0 },
	  0 },
	{ "P13 two HTTP_COOKIE, one empty, are refused",
	  { "HTTP_COOKIE=__Secure-postern=a", "HTTP_COOKIE=", NULL },
	  PERR_INVAL, "HTTP_COOKIE given twice with different values", { 0 },
	  0 },
	{ "P13 two HTTP_HOST equal after normalization are one",
	  { "HTTP_HOST=app.example.com", "HTTPS=on",
	    "HTTP_HOST=APP.Example.com.", NULL },
	  PERR_OK, NULL, { "app.example.com" }, 1 },
	{ "P13 two HTTP_HOST, one with the https default port, are one",
	  { "HTTPS=on", "HTTP_HOST=app.example.com",
	    "HTTP_HOST=app.example.com:443", NULL },
	  PERR_OK, NULL, { "app.example.com" }, 1 },
	{ "P13 two different HTTP_HOST are refused",
	  { "HTTP_HOST=app.example.com", "HTTP_HOST=grafana.example.com", NULL },
	  PERR_INVAL, "HTTP_HOST given twice with different hosts", { 0 }, 0 },
	{ "P13 two HTTP_HOST, one malformed, are refused",
	  { "HTTP_HOST=app.example.com", "HTTP_HOST=app.example.com x", NULL },
	  PERR_INVAL, "HTTP_HOST given twice with different hosts", { 0 }, 0 },
	{ "P13 two HTTP_HOST differing in port 80 under https are refused",
	  { "HTTPS=on", "HTTP_HOST=app.example.com",
	    "HTTP_HOST=app.example.com:80", NULL },
	  PERR_INVAL, "HTTP_HOST given twice with different hosts", { 0 }, 1 },
	{ "P13 two different REQUEST_METHOD are refused",
	  { "REQUEST_METHOD=GET", "REQUEST_METHOD=POST", NULL },
	  PERR_INVAL, "REQUEST_METHOD given twice with different values",
	  { 0 }, 0 },
	{ "P13 two different HTTPS are refused",
	  { "HTTPS=on", "HTTPS=off", NULL },
	  PERR_INVAL, "HTTPS given twice with different values", { 0 }, 0 },
	{ "P13 CONTENT_LENGTH twice is ignored (nginx fastcgi_params)",
	  { "CONTENT_LENGTH=", "REQUEST_URI=/", "CONTENT_LENGTH=12", NULL },
	  PERR_OK, NULL, { NULL, "/" }, 0 },
	{ "P13 any unread parameter twice is ignored",
	  { "SCRIPT_NAME=/a", "SCRIPT_NAME=/b", "HTTP_X_ORIGINAL_URI=/a",
	    "HTTP_X_ORIGINAL_URI=/b", NULL },
	  PERR_OK, NULL, { NULL }, 0 },

	/* X01, X06, X07, X09: never read */
	{ "X01 HTTP_X_ORIGINAL_URI and HTTP_X_FORWARDED_URI are not the URI",
	  { "REQUEST_URI=/admin/", "HTTP_X_ORIGINAL_URI=/wiki/",
	    "HTTP_X_FORWARDED_URI=/wiki/", NULL },
	  PERR_OK, NULL, { NULL, "/admin/" }, 0 },
	{ "X01 without REQUEST_URI there is no URI at all",
	  { "HTTP_X_ORIGINAL_URI=/wiki/", "HTTP_X_REWRITE_URL=/wiki/",
	    "DOCUMENT_URI=/wiki/", "SCRIPT_NAME=/wiki/", "PATH_INFO=/wiki/",
	    NULL },
	  PERR_OK, NULL, { NULL }, 0 },
	{ "X06 HTTP_REMOTE_USER and HTTP_X_FORWARDED_USER are no identity",
	  { "HTTP_REMOTE_USER=bob", "HTTP_X_FORWARDED_USER=bob",
	    "HTTP_X_AUTHZ_DEFAULT_POLICY=allow", "REMOTE_USER=bob",
	    "AUTH_TYPE=Basic", NULL },
	  PERR_OK, NULL, { NULL }, 0 },
	{ "X07 underscore headers reach as HTTP_* and are still unread",
	  { "HTTP_X_FORWARDED_URI=/wiki/", "HTTP_REMOTE_USER=bob",
	    "REQUEST_URI=/admin/", NULL },
	  PERR_OK, NULL, { NULL, "/admin/" }, 0 },
	{ "X09 HTTP_X_FORWARDED_PREFIX changes nothing",
	  { "HTTP_X_FORWARDED_PREFIX=/wiki", "REQUEST_URI=/admin/", NULL },
	  PERR_OK, NULL, { NULL, "/admin/" }, 0 },
	{ "X10 HTTP_X_FORWARDED_HOST is not the host",
	  { "HTTP_X_FORWARDED_HOST=evil.example", "HTTP_HOST=app.example.com",
	    "HTTP_FORWARDED=host=evil.example", NULL },
	  PERR_OK, NULL, { "app.example.com" }, 0 },
	{ "names are matched whole and in their case",
	  { "HTTP_HOSTNAME=evil.example", "http_host=evil.example",
	    "HTTP_HOST_=evil.example", "XHTTP_HOST=evil.example",
	    "HTTP_HOST", "REQUEST_URI_X=/wiki/", "HTTPS_=on", NULL },
	  PERR_OK, NULL, { NULL }, 0 },

	/* HTTPS on and off */
	{ "HTTPS=on", { "HTTPS=on", NULL }, PERR_OK, NULL, { NULL }, 1 },
	{ "HTTPS=ON", { "HTTPS=ON", NULL }, PERR_OK, NULL, { NULL }, 1 },
	{ "HTTPS=off", { "HTTPS=off", NULL }, PERR_OK, NULL, { NULL }, 0 },
	{ "HTTPS=", { "HTTPS=", NULL }, PERR_OK, NULL, { NULL }, 0 },
	{ "HTTPS=1", { "HTTPS=1", NULL }, PERR_OK, NULL, { NULL }, 0 },
	{ "HTTPS=onx", { "HTTPS=onx", NULL }, PERR_OK, NULL, { NULL }, 0 },
	{ "no HTTPS", { "REQUEST_URI=/", NULL }, PERR_OK, NULL,
	  { NULL, "/" }, 0 },
	{ "HTTP_HTTPS from a client is not HTTPS",
	  { "HTTP_HTTPS=on", "HTTP_X_FORWARDED_PROTO=https", NULL },
	  PERR_OK, NULL, { NULL }, 0 },
};

START_TEST(test_request_from_env_reads_each_environment_as_expected)
{
	struct request	 r;
	const char	*why = (const char *)1;
	char		*env[ENV_MAX];
	enum perr	 e;
	int		 i;

	for (i = 0; i < ENV_MAX; i++)
		env[i] = (char *)env_rows[_i].env[i];
	e = request_from_env(env, &r, &why);
	ck_assert_msg(e == env_rows[_i].want, "%s: got %d (%s)",
	    env_rows[_i].what, e, why != NULL ? why : "-");
	if (e != PERR_OK) {
		ck_assert_msg(why != NULL &&
		    strcmp(why, env_rows[_i].why) == 0, "%s: why \"%s\"",
		    env_rows[_i].what, why != NULL ? why : "(null)");
		return;
	}
	ck_assert_msg(why == NULL, "%s: a reason on success", env_rows[_i].what);
	for (i = 0; i < F__MAX; i++) {
		const char	*got = rfield(&r, (enum rfield)i);
		const char	*want = env_rows[_i].f[i];

		ck_assert_msg((got == NULL && want == NULL) ||
		    (got != NULL && want != NULL && strcmp(got, want) == 0),
		    "%s: %s is \"%s\", want \"%s\"", env_rows[_i].what,
		    fnames[i], got != NULL ? got : "(null)",
		    want != NULL ? want : "(null)");
	}
	ck_assert_msg(r.https == env_rows[_i].https, "%s: https %d",
	    env_rows[_i].what, r.https);
}
END_TEST

/* The values are borrowed from envp, never copied. */
START_TEST(test_request_from_env_borrows_the_values)
{
	char		 host[] = "HTTP_HOST=app.example.com";
	char		*env[] = { host, NULL };
	struct request	 r;

	ck_assert_int_eq(request_from_env(env, &r, NULL), PERR_OK);
	ck_assert_ptr_eq(r.host, host + 10);
}
END_TEST

START_TEST(test_request_from_env_accepts_a_null_envp)
{
	struct request	r;

	memset(&r, 0xa5, sizeof(r));
	ck_assert_int_eq(request_from_env(NULL, &r, NULL), PERR_OK);
	ck_assert_ptr_null(r.host);
	ck_assert_ptr_null(r.uri);
	ck_assert_ptr_null(r.cookie);
	ck_assert_int_eq(r.https, 0);
}
END_TEST

/* REQUEST_URI_MAX bytes pass; one more is refused. */
static const struct {
	size_t		len;
	enum perr	want;
} urilen_rows[] = {
	{ REQUEST_URI_MAX - 1, PERR_OK },
	{ REQUEST_URI_MAX, PERR_OK },
	{ REQUEST_URI_MAX + 1, PERR_TOOLONG },
	{ 1024 * 1024, PERR_TOOLONG },
};

START_TEST(test_request_from_env_bounds_request_uri)
{
	struct request	 r;
	const char	*why = NULL;
	char		*uri, *env[2];
	size_t		 len = urilen_rows[_i].len;
	enum perr	 e;

	ck_assert_ptr_nonnull(uri = malloc(12 + len + 1));
	memcpy(uri, "REQUEST_URI=/", 13);
	memset(uri + 13, 'a', len - 1);
	uri[12 + len] = '\0';
	env[0] = uri;
	env[1] = NULL;
	e = request_from_env(env, &r, &why);
	ck_assert_msg(e == urilen_rows[_i].want, "%zu bytes: got %d", len, e);
	if (e == PERR_TOOLONG)
		ck_assert_str_eq(why, "REQUEST_URI too long");
	else
		ck_assert_uint_eq(strlen(r.uri), len);
	free(uri);
}
END_TEST

Suite *
suite_request(void)
{
	Suite	*s = suite_create("request");
	TCase	*tc;

	tc = tcase_create("request_from_env");
	tcase_add_loop_test(tc,
	    test_request_from_env_reads_each_environment_as_expected, 0,
	    NROWS(env_rows));
	tcase_add_test(tc, test_request_from_env_borrows_the_values);
	tcase_add_test(tc, test_request_from_env_accepts_a_null_envp);
	tcase_add_loop_test(tc, test_request_from_env_bounds_request_uri, 0,
	    NROWS(urilen_rows));
	suite_add_tcase(s, tc);
	return s;
}
