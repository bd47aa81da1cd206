/* postern: login-cgi's requests and answers. */
/*
 * The request: the parameters the web server set (through request.c's
 * one reader), the route, and a body of at most BODY_MAX bytes of
 * application/x-www-form-urlencoded, read once.  The answer: a status,
 * the headers every page carries (no-store, nosniff, same-origin referrer, a strict
 * CSP, a charset), cookies, and a body rendered from templates/.
 */
#include "config.h"

#include <sys/socket.h>

#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "login.h"
#include "lib/cookie.h"
#include "lib/form.h"
#include "lib/log.h"
#include "lib/setting.h"

static const char *
http_env(char **envp, const char *name)
{
	size_t	n = strlen(name), i;

	for (i = 0; envp != NULL && envp[i] != NULL; i++)
		if (strncmp(envp[i], name, n) == 0 && envp[i][n] == '=')
			return envp[i] + n + 1;
	return NULL;
}

static int
http_trusted(const struct cidr *c, size_t n, const char *addr)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (setting_cidr_match(&c[i], addr))
			return 1;
	return 0;
}

/*
 * The client's address: REMOTE_ADDR, unless that is a trusted proxy
 * (proxy.trusted); then the rightmost X-Forwarded-For element that is not
 * a trusted proxy itself.  An element that is not an address stops the
 * walk: the last trusted hop is the client then (X03, X04).
 */
static void
http_client_addr(struct lreq *q)
{
	struct cidr	 c[PROXIES_MAX];
	char		 xff[1024], *p, *el;
	unsigned char	 bin[16];
	size_t		 n = 0, len;

	strlcpy(q->addr, q->r.addr != NULL ? q->r.addr : "", sizeof(q->addr));
	if (q->r.xff == NULL || *q->addr == '\0' ||
	    setting_proxies(q->lg->st, c, PROXIES_MAX, &n) != PERR_OK || n == 0 ||
	    !http_trusted(c, n, q->addr) ||
	    strlcpy(xff, q->r.xff, sizeof(xff)) >= sizeof(xff))
		return;
	while ((p = strrchr(xff, ',')) != NULL || *xff != '\0') {
		el = p != NULL ? p + 1 : xff;
		while (*el == ' ' || *el == '\t')
			el++;
		len = strlen(el);
		while (len > 0 && (el[len - 1] == ' ' || el[len - 1] == '\t'))
			el[--len] = '\0';
		if (len == 0 || len > ADDRESS_MAX ||
		    (inet_pton(AF_INET, el, bin) != 1 &&
		    inet_pton(AF_INET6, el, bin) != 1))
			return;
		strlcpy(q->addr, el, sizeof(q->addr));
		if (!http_trusted(c, n, el))
			return;
		if (p == NULL)
			return;
		*p = '\0';
	}
}

/*
 * Parse the request.  The route is PATH_INFO when the web server sets it,
 * else the path of REQUEST_URI below login.url's path; either way
 * normalized once.  Returns 0, or -1 with *why for a request to refuse.
 */
int
http_parse(struct lreq *q, const char **why)
{
	char		 path[PATH_MAX_BYTES + 1];
	const char	*pi, *uri;
	size_t		 baselen = strlen(q->lg->base.path);

	if (request_from_env(q->io->envp, &q->r, why) != PERR_OK)
		return -1;
	if (q->r.method == NULL) {
		*why = "no REQUEST_METHOD";
		return -1;
	}
	q->query = http_env(q->io->envp, "QUERY_STRING");
	if (q->query == NULL)
		q->query = "";
	q->ctype = http_env(q->io->envp, "CONTENT_TYPE");
	q->clen = http_env(q->io->envp, "CONTENT_LENGTH");
	q->origin = http_env(q->io->envp, "HTTP_ORIGIN");
	q->fetchsite = http_env(q->io->envp, "HTTP_SEC_FETCH_SITE");
	q->agent = http_env(q->io->envp, "HTTP_USER_AGENT");
	/* Set by Apache for an ErrorDocument, never from a client's header. */
	q->redirect_status = http_env(q->io->envp, "REDIRECT_STATUS");
	q->redirect_url = http_env(q->io->envp, "REDIRECT_URL");
	q->redirect_query = http_env(q->io->envp, "REDIRECT_QUERY_STRING");
	http_client_addr(q);
	if ((pi = http_env(q->io->envp, "PATH_INFO")) != NULL && *pi != '\0')
		uri = pi;
	else if ((uri = q->r.uri) == NULL) {
		*why = "no REQUEST_URI";
		return -1;
	}
	if (url_path_normalize(uri, strlen(uri), path, sizeof(path), why)
	    != PERR_OK)
		return -1;
	/* Below login.url's own path, when it has one. */
	if (pi == NULL || *pi == '\0') {
		if (baselen > 0 && strncmp(path, q->lg->base.path, baselen) == 0 &&
		    (path[baselen] == '/' || path[baselen] == '\0'))
			memmove(path, path + baselen, strlen(path + baselen) + 1);
		if (path[0] == '\0')
			strlcpy(path, "/", sizeof(path));
	}
	strlcpy(q->route, path, sizeof(q->route));
	http_url(q, "/postern.css", NULL, q->css, sizeof(q->css));
	http_url(q, "/", NULL, q->home, sizeof(q->home));
	http_url(q, "/logout", NULL, q->logout, sizeof(q->logout));
	return 0;
}

/*
 * Read the form body: application/x-www-form-urlencoded only (415 else),
 * at most BODY_MAX bytes (413 past it, having read at most that much).
 * Returns 0 or the HTTP status to answer.
 */
int
http_read_form(struct lreq *q)
{
	const char	*errstr;
	long long	 len;
	ssize_t		 n;
	size_t		 got = 0;

	if (q->ctype == NULL || strncasecmp(q->ctype,
	    "application/x-www-form-urlencoded", 33) != 0 ||
	    (q->ctype[33] != '\0' && q->ctype[33] != ';'))
		return 415;
	if (q->clen == NULL || *q->clen == '\0')
		len = 0;
	else {
		len = strtonum(q->clen, 0, 1LL << 40, &errstr);
		if (errstr != NULL)
			return 400;
	}
	if (len > BODY_MAX)
		return 413;
	while (got < (size_t)len) {
		n = q->io->read(q->io->arg, q->body + got, (size_t)len - got);
		if (n <= 0)
			return 400;
		got += (size_t)n;
	}
	q->body[got] = '\0';
	q->bodylen = got;
	if (memchr(q->body, '\0', got) != NULL)
		return 400;
	return 0;
}

/*
 * Read and drop a body nobody will use (an ErrorDocument's: the original
 * request's), at most DRAIN_MAX bytes: mod_cgid otherwise holds the answer
 * back until its timeout.  The bytes go through q->body, wiped later.
 */
#define DRAIN_MAX	(64LL << 20)
void
http_drain(struct lreq *q)
{
	const char	*errstr;
	long long	 left;
	ssize_t		 n;

	if (q->clen == NULL || *q->clen == '\0')
		return;
	left = strtonum(q->clen, 0, DRAIN_MAX, &errstr);
	if (errstr != NULL)
		left = DRAIN_MAX;
	while (left > 0) {
		n = q->io->read(q->io->arg, q->body, left > BODY_MAX ?
		    BODY_MAX : (size_t)left);
		if (n <= 0)
			break;
		left -= n;
	}
	q->bodylen = 0;
}

/*
 * One form field, decoded: 1 found, 0 absent, -1 repeated or malformed
 * (the caller answers 400: never guess which copy was meant).
 */
int
http_field(struct lreq *q, const char *name, char *out, size_t outsz)
{
	switch (form_get(q->body, q->bodylen, name, out, outsz, NULL)) {
	case PERR_OK:
		return 1;
	case PERR_NOTFOUND:
		out[0] = '\0';
		return 0;
	default:
		out[0] = '\0';
		return -1;
	}
}

int
http_query(struct lreq *q, const char *name, char *out, size_t outsz)
{
	switch (form_get(q->query, strlen(q->query), name, out, outsz, NULL)) {
	case PERR_OK:
		return 1;
	case PERR_NOTFOUND:
		out[0] = '\0';
		return 0;
	default:
		out[0] = '\0';
		return -1;
	}
}

/*
 * A POST must come from our own pages: Sec-Fetch-Site same-origin (or
 * none: typed or bookmarked), else an Origin equal to login.url's origin.
 * (Referrer-Policy is same-origin, not no-referrer, for this: under
 * no-referrer browsers send "Origin: null" even for our own forms, and
 * without Sec-Fetch-Site (plain http, older browsers) nothing would tell
 * them from a foreign page's.)  No header at all: let through, the form's
 * CSRF token is still checked.
 */
int
http_same_origin(struct lreq *q)
{
	char	origin[URL_MAX + 1];
	int	n, ok;

	if (q->fetchsite != NULL) {
		ok = strcmp(q->fetchsite, "same-origin") == 0 ||
		    strcmp(q->fetchsite, "none") == 0;
		if (!ok)
			log_warn("POST %s from %s refused: Sec-Fetch-Site %s",
			    q->route, q->addr, q->fetchsite);
		return ok;
	}
	if (q->origin == NULL)
		return 1;
	if (q->lg->base.port != 0)
		n = snprintf(origin, sizeof(origin), "%s://%s:%d",
		    q->lg->base.https ? "https" : "http", q->lg->base.host,
		    q->lg->base.port);
	else
		n = snprintf(origin, sizeof(origin), "%s://%s",
		    q->lg->base.https ? "https" : "http", q->lg->base.host);
	ok = n > 0 && strcasecmp(q->origin, origin) == 0;
	if (!ok)
		log_warn("POST %s from %s refused: Origin %s", q->route, q->addr,
		    q->origin);
	return ok;
}

void
http_header(struct lreq *q, const char *name, const char *fmt, ...)
{
	char	value[2048];
	va_list	ap;
	size_t	i;
	int	n;

	va_start(ap, fmt);
	vsnprintf(value, sizeof(value), fmt, ap);
	va_end(ap);
	/* A header value never carries a line break. */
	for (i = 0; value[i] != '\0'; i++)
		if ((unsigned char)value[i] < 0x20 || value[i] == 0x7f)
			value[i] = ' ';
	n = snprintf(q->headers + q->hlen, sizeof(q->headers) - q->hlen,
	    "%s: %s\r\n", name, value);
	if (n > 0 && (size_t)n < sizeof(q->headers) - q->hlen)
		q->hlen += (size_t)n;
	else
		log_err("response headers too long: %s dropped", name);
}

/*
 * Set a cookie: the session cookie (session_cookie) under the configured
 * name and domain, or one of login-cgi's own, host-only on the login host
 * (__Host- when https).  maxage < 0: until the browser closes; 0: expire.
 */
int
http_cookie_set(struct lreq *q, const char *name, const char *value,
    int session_cookie, long long maxage)
{
	char	line[1024], full[96];

	if (session_cookie) {
		if (cookie_format(line, sizeof(line), q->lg->cookie, value,
		    q->lg->secure, q->lg->domain, maxage) != PERR_OK)
			return -1;
	} else {
		snprintf(full, sizeof(full), "%s%s",
		    q->lg->secure ? "__Host-" : "", name);
		if (cookie_format(line, sizeof(line), full, value,
		    q->lg->secure, NULL, maxage) != PERR_OK)
			return -1;
	}
	http_header(q, "Set-Cookie", "%s", line);
	return 0;
}

/* The value of one of our cookies (by its short name), or NULL. */
const char *
http_cookie(struct lreq *q, const char *name, size_t *len)
{
	char		 full[96];
	const char	*val;

	if (q->r.cookie == NULL)
		return NULL;
	snprintf(full, sizeof(full), "%s%s", q->lg->secure ? "__Host-" : "",
	    name);
	if (cookie_find(q->r.cookie, strlen(q->r.cookie), full, &val, len)
	    != PERR_OK)
		return NULL;
	return val;
}

static int
http_write_all(struct lreq *q, const char *p, size_t len)
{
	return q->io->write(q->io->arg, p, len);
}

static const char *
http_reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 204: return "No Content";
	case 302: return "Found";
	case 303: return "See Other";
	case 400: return "Bad Request";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 413: return "Content Too Large";
	case 415: return "Unsupported Media Type";
	case 429: return "Too Many Requests";
	case 503: return "Service Unavailable";
	default: return "Internal Server Error";
	}
}

int
http_send(struct lreq *q, int status, const char *ctype, const char *body,
    size_t len)
{
	char	head[1024];
	int	n;

	n = snprintf(head, sizeof(head), "Status: %d %s\r\n"
	    "Content-Type: %s\r\n"
	    "Cache-Control: no-store\r\n"
	    "X-Content-Type-Options: nosniff\r\n"
	    "Referrer-Policy: same-origin\r\n"
	    "Content-Security-Policy: default-src 'self'; object-src 'none'; "
	    "base-uri 'none'; frame-ancestors 'none'\r\n",
	    status, http_reason(status), ctype);
	if (n < 0 || (size_t)n >= sizeof(head))
		return -1;
	/* HEAD: the same status and headers as GET, never a body. */
	if (q->r.method != NULL && strcmp(q->r.method, "HEAD") == 0)
		len = 0;
	if (http_write_all(q, head, (size_t)n) != 0 ||
	    http_write_all(q, q->headers, q->hlen) != 0 ||
	    http_write_all(q, "\r\n", 2) != 0 ||
	    (len > 0 && http_write_all(q, body, len) != 0))
		return -1;
	return 0;
}

/* 303 after a POST (the browser then GETs), 302 after a GET. */
int
http_redirect(struct lreq *q, const char *location)
{
	http_header(q, "Location", "%s", location);
	return http_send(q, strcmp(q->r.method, "POST") == 0 ? 303 : 302,
	    "text/plain; charset=utf-8", "", 0);
}

/* login.url + route, with rd percent-encoded when there is one. */
void
http_url(struct lreq *q, const char *route, const char *rd, char *out,
    size_t outsz)
{
	char	enc[3 * URL_MAX + 1];
	int	n;

	if (rd != NULL && *rd != '\0' &&
	    form_encode(rd, strlen(rd), enc, sizeof(enc)) > 0)
		n = snprintf(out, outsz, "%s%s?rd=%s", q->lg->basetext, route,
		    enc);
	else
		n = snprintf(out, outsz, "%s%s", q->lg->basetext, route);
	/* Too long with rd: without it (the portal after the login). */
	if ((n < 0 || (size_t)n >= outsz) &&
	    ((n = snprintf(out, outsz, "%s%s", q->lg->basetext, route)) < 0 ||
	    (size_t)n >= outsz))
		out[0] = '\0';
}

/*
 * Render page inside the base layout and send it.  vars must hold the
 * page's "title" and the stylesheet's URL "css" (q->css) for base.html.
 */
int
http_page(struct lreq *q, int status, const char *page,
    const struct tvars *vars)
{
	struct tbuf	out = TBUF_INIT(0);
	int		rc;

	if (template_render_page(q->lg->templates, page, vars, &out) !=
	    PERR_OK) {
		log_err("page %s could not be rendered", page);
		template_buf_free(&out);
		return http_send(q, 500, "text/plain; charset=utf-8",
		    "The page could not be shown.\n", 29);
	}
	rc = http_send(q, status, "text/html; charset=utf-8", out.p, out.len);
	template_buf_free(&out);
	return rc;
}

int
http_error(struct lreq *q, int status, const char *message)
{
	struct tvar	v[] = {
		TV_STR("title", "Something went wrong"),
		TV_STR("css", q->css),
		TV_STR("home", q->home),
		TV_STR("message", message),
	};
	struct tvars	vars = TVARS(v);

	return http_page(q, status, "error", &vars);
}
