/* postern: regulation: failure counting and doubling bans. */
#include "config.h"

#include <string.h>

#include "regulation.h"
#include "setting.h"

enum perr
regulation_load(struct store *st, struct regulation *r)
{
	enum perr	e;

	if ((e = setting_int(st, "regulation.max_retries", &r->max_retries))
	    != PERR_OK ||
	    (e = setting_duration(st, "regulation.find_time", &r->find_time))
	    != PERR_OK ||
	    (e = setting_duration(st, "regulation.ban_time", &r->ban_time))
	    != PERR_OK)
		return e;
	return PERR_OK;
}

int64_t
regulation_ban_length(const struct regulation *r, int level)
{
	int64_t	len = r->ban_time;

	while (--level > 0 && len < REGULATION_BAN_MAX)
		len *= 2;
	return len < REGULATION_BAN_MAX ? len : REGULATION_BAN_MAX;
}

enum perr
regulation_check(struct store *st, enum bankind kind, const char *key,
    int64_t now, int64_t *until)
{
	struct ban	b;
	enum perr	e;

	if ((e = store_ban_get(st, kind, key, &b)) == PERR_NOTFOUND)
		return PERR_OK;
	if (e != PERR_OK)
		return e;
	if (now < b.until) {
		if (until != NULL)
			*until = b.until;
		return PERR_DENIED;
	}
	return PERR_OK;
}

enum perr
regulation_fail(struct store *st, const struct regulation *r,
    enum bankind kind, const char *key, int64_t now, int *banned)
{
	struct ban	b;
	int64_t		n;
	enum perr	e;

	if (banned != NULL)
		*banned = 0;
	if ((e = store_begin(st)) != PERR_OK)
		return e;
	/*
	 * A failure during a ban is not counted: otherwise an attacker could
	 * keep the account locked out by trying while it is banned.
	 */
	if ((e = store_ban_get(st, kind, key, &b)) == PERR_OK && now < b.until) {
		store_rollback(st);
		return PERR_OK;
	}
	if (e != PERR_OK && e != PERR_NOTFOUND)
		goto fail;
	if ((e = store_failure_add(st, kind, key, now)) != PERR_OK ||
	    (e = store_failure_count(st, kind, key, now - r->find_time, &n))
	    != PERR_OK)
		goto fail;
	if (n >= r->max_retries) {
		e = store_ban_get(st, kind, key, &b);
		if (e == PERR_NOTFOUND) {
			memset(&b, 0, sizeof(b));
			b.kind = kind;
			strlcpy(b.key, key, sizeof(b.key));
		} else if (e != PERR_OK)
			goto fail;
		b.level++;
		b.until = now + regulation_ban_length(r, b.level);
		if ((e = store_ban_put(st, &b)) != PERR_OK ||
		    (e = store_failure_clear(st, kind, key)) != PERR_OK)
			goto fail;
		if (banned != NULL)
			*banned = 1;
	}
	if ((e = store_commit(st)) != PERR_OK)
		goto fail;
	return PERR_OK;
fail:
	store_rollback(st);
	return e;
}

enum perr
regulation_success(struct store *st, enum bankind kind, const char *key)
{
	return store_failure_clear(st, kind, key);
}
