/* postern: consents: their life and the check the decision makes. */
#include "config.h"

#include <string.h>

#include "consent.h"

int
consent_live(const struct consent *c, enum consentkind kind, int64_t secs,
    int64_t now)
{
	if (c->expires == 0)
		return kind == CONSENT_PERMANENT;
	if (now >= c->expires)
		return 0;
	return kind != CONSENT_DURATION || now < c->given + secs;
}

enum perr
consent_give(struct store *st, int64_t user, int64_t app,
    const struct provider *p, int64_t now, int64_t session_expires)
{
	struct consent	c;

	memset(&c, 0, sizeof(c));
	c.user_id = user;
	c.app_id = app;
	c.given = now;
	switch (p->consent) {
	case CONSENT_ALWAYS:
		c.expires = session_expires;
		break;
	case CONSENT_DURATION:
		c.expires = now + p->consent_secs;
		break;
	default:
		c.expires = 0;
		break;
	}
	return store_consent_put(st, &c);
}

enum perr
consent_check(struct store *st, int64_t user, int64_t app,
    enum consentkind kind, int64_t secs, int64_t now)
{
	struct consent	c;
	enum perr	e;

	if ((e = store_consent_get(st, user, app, &c)) != PERR_OK)
		return e;
	if (consent_live(&c, kind, secs, now))
		return PERR_OK;
	/* Stale either way; a read-only reader leaves the row to a writer. */
	if (store_readonly(st))
		return PERR_NOTFOUND;
	if ((e = store_consent_del(st, user, app, NULL)) != PERR_OK &&
	    e != PERR_NOTFOUND)
		return e;
	return PERR_NOTFOUND;
}
