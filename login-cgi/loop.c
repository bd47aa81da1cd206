/* postern: login-cgi's loop breaker. */
/*
 * When the session cookie never reaches an application (its host is not
 * under cookie.domain, it is reached over http while the cookie is
 * Secure, its callback cookie is blocked, a clock is off), authz-fcgi
 * sends a signed-in browser to /start, /start sends it back, and round
 * it goes.  /start counts its trips back to one application host in a
 * short-lived cookie of its own; at LOOP_TRIPS trips within LOOP_WINDOW
 * seconds it shows a page naming the likely causes with the values it
 * knows, instead of another redirect.
 *
 * The counter lives in the browser, never in the store (no row per hit):
 * "COUNT.FIRST.MAC", MAC being the HMAC, under the key the CSRF tokens
 * come from, of the count, the time of the first trip and the host.  A
 * cookie for another host, forged, or older than the window starts the
 * count again.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "login.h"
#include "lib/log.h"
#include "lib/url.h"

#define LOOP_VALUE_MAX	96

/* The normalized host[:port] of a validated rd, and whether it is https. */
static int
loop_host(const char *rd, char *out, size_t outsz, int *https)
{
	const char	*h, *end;

	*https = strncasecmp(rd, "https://", 8) == 0;
	if (!*https && strncasecmp(rd, "http://", 7) != 0)
		return -1;
	h = rd + (*https ? 8 : 7);
	end = h + strcspn(h, "/?#");
	return url_host_normalize(h, (size_t)(end - h), *https, out, outsz) ==
	    PERR_OK ? 0 : -1;
}

/* The MAC of one counter state for host, base64url, in mac. */
static int
loop_mac(struct lreq *q, long long count, long long first, const char *host,
    char *mac, size_t macsz)
{
	char	data[32 + HOSTPORT_MAX + 1];
	int	n;

	n = snprintf(data, sizeof(data), "%lld.%lld.%s", count, first, host);
	if (n < 0 || (size_t)n >= sizeof(data))
		return -1;
	return csrf_sign(q, "loop", data, (size_t)n, mac, macsz);
}

/*
 * The trips so far for host from this browser's cookie: *count and
 * *first, or 0 and 0 when the cookie is absent, malformed, forged, for
 * another host or stale.
 */
static void
loop_read(struct lreq *q, const char *host, long long *count,
    long long *first)
{
	char		 v[LOOP_VALUE_MAX + 1], want[64], *p, *m;
	const char	*raw, *errstr;
	size_t		 len;
	long long	 c, f;

	*count = *first = 0;
	if ((raw = http_cookie(q, COOKIE_LOOP, &len)) == NULL ||
	    len > LOOP_VALUE_MAX)
		return;
	memcpy(v, raw, len);
	v[len] = '\0';
	/* COUNT "." FIRST "." MAC */
	if ((p = strchr(v, '.')) == NULL ||
	    (m = strchr(p + 1, '.')) == NULL)
		return;
	*p++ = '\0';
	*m++ = '\0';
	c = strtonum(v, 1, LOOP_TRIPS, &errstr);
	if (errstr != NULL)
		return;
	f = strtonum(p, 1, 1LL << 40, &errstr);
	if (errstr != NULL)
		return;
	if (loop_mac(q, c, f, host, want, sizeof(want)) == -1 ||
	    !csrf_equal(want, m))
		return;
	if (q->now < f || q->now - f >= LOOP_WINDOW)
		return;
	*count = c;
	*first = f;
}

/*
 * One more trip back to rd's host.  Returns 1 when it makes LOOP_TRIPS
 * within LOOP_WINDOW seconds (the caller shows loop_page() instead of
 * redirecting), else 0 with the counter's cookie set for the answer.
 */
int
loop_check(struct lreq *q, const char *rd)
{
	char		host[HOSTPORT_MAX + 1], mac[64], val[LOOP_VALUE_MAX + 1];
	long long	count, first;
	int		https, n;

	if (loop_host(rd, host, sizeof(host), &https) == -1)
		return 0;
	loop_read(q, host, &count, &first);
	if (count == 0)
		first = q->now;
	count++;
	if (count >= LOOP_TRIPS)
		return 1;
	if (loop_mac(q, count, first, host, mac, sizeof(mac)) == -1)
		return 0;	/* no key: no counting, the redirect stands */
	n = snprintf(val, sizeof(val), "%lld.%lld.%s", count, first, mac);
	if (n > 0 && (size_t)n < sizeof(val))
		http_cookie_set(q, COOKIE_LOOP, val, 0, LOOP_WINDOW);
	return 0;
}

/* What the loop page says; flags chosen by loop_page(). */
struct loop_facts {
	const char	*host;		/* rd's host[:port] */
	const char	*when;		/* the server's clock */
	int		 host_only;	/* no cookie.domain, domain mode */
	int		 not_under;	/* host not under cookie.domain */
	int		 http_app;	/* http app, Secure cookie */
	int		 single;	/* single mode: its own callback */
};

static int
loop_render(struct lreq *q, const char *rd, const char *user,
    const struct loop_facts *lf)
{
	char		trips[8];
	struct tvar	v[] = {
		TV_STR("title", "Sign-in keeps coming back"),
		TV_STR("css", q->css),
		TV_STR("home", q->home),
		TV_STR("user", user),
		TV_STR("logout", q->logout),
		TV_STR("retry", rd),
		TV_STR("app_host", lf->host),
		TV_STR("login_host", q->lg->base.host),
		TV_STR("cookie_name", q->lg->cookie),
		TV_STR("cookie_domain", q->lg->domain),
		TV_STR("server_time", lf->when),
		TV_STR("trips", trips),
		TV_BOOL("host_only", lf->host_only),
		TV_BOOL("not_under", lf->not_under),
		TV_BOOL("http_app", lf->http_app),
		TV_BOOL("single", lf->single),
	};
	struct tvars	vars = TVARS(v);

	snprintf(trips, sizeof(trips), "%d", LOOP_TRIPS);
	return http_page(q, 200, "loop", &vars);
}

/*
 * The page for a detected loop to user (signed in; single: rd's provider
 * is single mode):
 * what postern knows about rd's host and its session cookie, and the
 * likely causes among them.  The counter's cookie is expired, so "Try
 * again" starts a fresh count.
 */
int
loop_page(struct lreq *q, const char *rd, int single, const char *user)
{
	struct loop_facts	 lf;
	char			 host[HOSTPORT_MAX + 1], name[HOSTPORT_MAX + 1];
	char			 when[64];
	struct tm		 tm;
	time_t			 now = (time_t)q->now;
	int			 https, under;

	if (loop_host(rd, host, sizeof(host), &https) == -1) {
		strlcpy(host, "the application", sizeof(host));
		https = 1;
	}
	/* The DNS name alone for the domain test: no port, never IPv6. */
	strlcpy(name, host, sizeof(name));
	name[strcspn(name, ":")] = '\0';
	under = name[0] != '[' && url_host_under(name, q->lg->domain);
	if (gmtime_r(&now, &tm) == NULL ||
	    strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S UTC", &tm) == 0)
		strlcpy(when, "unknown", sizeof(when));
	memset(&lf, 0, sizeof(lf));
	lf.host = host;
	lf.when = when;
	lf.single = single;
	lf.host_only = !single && q->lg->domain[0] == '\0' &&
	    strcmp(name, q->lg->base.host) != 0;
	lf.not_under = !single && q->lg->domain[0] != '\0' && !under;
	lf.http_app = !https && q->lg->secure;
	log_warn("redirect loop: %d trips to %s within %ds from %s (cookie "
	    "domain %s, %s); loop page shown", LOOP_TRIPS, host, LOOP_WINDOW,
	    q->addr, *q->lg->domain != '\0' ? q->lg->domain : "host-only",
	    single ? "single mode" : https ? "https" : "http");
	http_cookie_set(q, COOKIE_LOOP, "", 0, 0);
	return loop_render(q, rd, user, &lf);
}
