/* postern: consents: their life and the check the decision makes. */
#include "config.h"

#include <string.h>

#include "consent.h"

int
consent_live(const struct consent *c, int64_t now)
{
	return c->expires == 0 || now < c->expires;
}

enum perr
consent_give(struct store *st, int64_t user, int64_t app,
    const struct provider *p, int64_t now)
{
	struct consent	c;

	if (p->consent == CONSENT_ALWAYS)
		return PERR_OK;
	memset(&c, 0, sizeof(c));
	c.user_id = user;
	c.app_id = app;
	c.given = now;
	c.expires = p->consent == CONSENT_DURATION ? now + p->consent_secs : 0;
	return store_consent_put(st, &c);
}

enum perr
consent_check(struct store *st, int64_t user, int64_t app, int64_t now)
{
	struct consent	c;
	enum perr	e;

	if ((e = store_consent_get(st, user, app, &c)) != PERR_OK)
		return e;
	if (consent_live(&c, now))
		return PERR_OK;
	if ((e = store_consent_del(st, user, app, NULL)) != PERR_OK &&
	    e != PERR_NOTFOUND)
		return e;
	return PERR_NOTFOUND;
}
