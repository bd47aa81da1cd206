/* postern: the one check of every redirect target a login follows. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "rd.h"
#include "setting.h"
#include "url.h"

struct rd_match {
	int		 https;
	const char	*host;		/* normalized host[:port] */
	int		 found;
};

static int
rd_provider_cb(const struct provider *p, void *arg)
{
	struct rd_match	*m = arg;
	struct url	 u;
	char		 hp[HOSTPORT_MAX + 1];
	const char	*why;

	if (url_parse(p->external, &u, &why) != PERR_OK)
		return 0;
	url_hostport_str(&u, hp, sizeof(hp));
	if (u.https == m->https && strcmp(hp, m->host) == 0) {
		m->found = 1;
		return 1;
	}
	return 0;
}

enum perr
rd_check(struct store *st, const char *rd, const char **why)
{
	struct rd_match	 m;
	struct url	 login;
	char		 host[HOSTPORT_MAX + 1], domain[HOST_MAX + 1];
	const char	*p, *end, *dummy;
	size_t		 len = strlen(rd), i;
	enum perr	 e;

	if (why == NULL)
		why = &dummy;
	*why = "not a configured destination";
	if (len == 0 || len > URL_MAX) {
		*why = len == 0 ? "empty" : "too long";
		return PERR_INVAL;
	}
	for (i = 0; i < len; i++)
		if ((unsigned char)rd[i] <= 0x20 || (unsigned char)rd[i] >= 0x7f ||
		    rd[i] == '\\') {
			*why = "a space, control, backslash or non-ASCII byte";
			return PERR_INVAL;
		}
	memset(&m, 0, sizeof(m));
	if (strncasecmp(rd, "https://", 8) == 0) {
		m.https = 1;
		p = rd + 8;
	} else if (strncasecmp(rd, "http://", 7) == 0)
		p = rd + 7;
	else {
		*why = "not an absolute http(s) URL";
		return PERR_INVAL;
	}
	end = p + strcspn(p, "/?#");
	if (memchr(p, '@', (size_t)(end - p)) != NULL) {
		*why = "userinfo";
		return PERR_INVAL;
	}
	if (url_host_normalize(p, (size_t)(end - p), m.https, host,
	    sizeof(host)) != PERR_OK) {
		*why = "not a plain host[:port]";
		return PERR_INVAL;
	}
	m.host = host;
	if ((e = store_provider_list(st, rd_provider_cb, &m)) != PERR_OK)
		return e;
	if (m.found)
		return PERR_OK;
	/* The login host, with its scheme and port. */
	if ((e = setting_login_url(st, &login)) == PERR_OK) {
		char	lh[HOSTPORT_MAX + 1];

		url_hostport_str(&login, lh, sizeof(lh));
		if (login.https == m.https && strcmp(lh, host) == 0)
			return PERR_OK;
	} else if (e != PERR_NOTFOUND)
		return e;
	/* Under the cookie domain: https and the default port only. */
	if ((e = setting_str(st, "cookie.domain", domain, sizeof(domain)))
	    != PERR_OK)
		return e;
	if (m.https && strchr(host, ':') == NULL && host[0] != '[' &&
	    url_host_under(host, domain))
		return PERR_OK;
	return PERR_INVAL;
}
