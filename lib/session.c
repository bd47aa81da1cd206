/* postern: sessions: creation with a fresh token, and checking one. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "log.h"
#include "session.h"
#include "token.h"

enum perr
session_create(struct store *st, const struct user *u, int64_t ttl,
    int64_t idle, int factors, const char *addr, const char *agent,
    int64_t now, char token[TOKEN_B64_LEN + 1], struct session *out)
{
	struct session	s;
	enum perr	e;

	if (!u->active)
		return PERR_DENIED;
	if (ttl <= 0 || idle < 0)
		return PERR_INVAL;
	memset(&s, 0, sizeof(s));
	if ((e = token_new(token, s.hash)) != PERR_OK)
		return e;
	s.user_id = u->id;
	s.created = s.seen = now;
	s.expires = now + ttl;
	s.idle = idle;
	s.factors = factors;
	if (addr != NULL)
		strlcpy(s.addr, addr, sizeof(s.addr));
	if (agent != NULL)
		strlcpy(s.agent, agent, sizeof(s.agent));
	if ((e = store_session_add(st, &s)) != PERR_OK) {
		token_wipe(token, TOKEN_B64_LEN + 1);
		return e;
	}
	if (out != NULL)
		*out = s;
	return PERR_OK;
}

int
session_live(const struct session *s, int64_t now)
{
	if (now >= s->expires)
		return 0;
	if (s->idle > 0 && now >= s->seen + s->idle)
		return 0;
	return 1;
}

int
session_touch_due(const struct session *s, int64_t now)
{
	return now - s->seen >= SESSION_TOUCH_EVERY;
}

/*
 * What makes a found session valid, whichever lookup found it: not expired
 * (an expired one is deleted as met), and a one-time code only where a code
 * is asked for, a session only where a session is.
 */
static enum perr
session_valid(struct store *st, const struct session *s, int64_t now,
    int code)
{
	char		hint[9];
	enum perr	e;

	if (!session_live(s, now)) {
		token_hash_hint(s->hash, hint);
		/* A read-only reader (the gate) leaves it to the next writer. */
		if (store_readonly(st)) {
			log_info("session %s expired", hint);
			return PERR_DENIED;
		}
		log_info("session %s expired; removed", hint);
		if ((e = store_session_del(st, s->id)) != PERR_OK &&
		    e != PERR_NOTFOUND)
			log_warn("session %s: removing: %s", hint, perr_str(e));
		return PERR_DENIED;
	}
	/* A code is not a session, and a session is not a code. */
	if (!(s->factors & FACTOR_CODE) != !code)
		return PERR_DENIED;
	return PERR_OK;
}

/* The token's hash, then the session (with its user when u is not NULL). */
static enum perr
session_lookup(struct store *st, const char *value, size_t len, int64_t now,
    struct session *s, struct user *u, int code)
{
	uint8_t		hash[TOKEN_HASH_BYTES];
	enum perr	e;

	if (token_parse(value, len, hash) != PERR_OK)
		return PERR_DENIED;
	if (u != NULL)
		e = store_session_find_user(st, hash, s, u);
	else
		e = store_session_find_brief(st, hash, s);
	token_wipe(hash, sizeof(hash));
	if (e == PERR_NOTFOUND)
		return PERR_DENIED;
	if (e != PERR_OK)
		return e;
	if ((e = session_valid(st, s, now, code)) != PERR_OK)
		return e;
	if (u != NULL && !u->active)
		return PERR_DENIED;
	return PERR_OK;
}

enum perr
session_check(struct store *st, const char *value, size_t len, int64_t now,
    struct session *s, struct user *u)
{
	return session_lookup(st, value, len, now, s, u, 0);
}

enum perr
session_check_brief(struct store *st, const char *value, size_t len,
    int64_t now, struct session *s)
{
	return session_lookup(st, value, len, now, s, NULL, 0);
}

enum perr
session_check_code(struct store *st, const char *value, size_t len,
    int64_t now, struct session *s, struct user *u)
{
	return session_lookup(st, value, len, now, s, u, 1);
}

void
session_factors_str(int factors, char *out, size_t outsz)
{
	static const struct {
		int		 bit;
		const char	*name;
	} names[] = {
		{ FACTOR_PASSWORD, "password" },
		{ FACTOR_TOTP, "totp" },
		{ FACTOR_RECOVERY, "recovery" },
		{ FACTOR_ADMIN, "admin" },
		{ FACTOR_CODE, "code" },
	};
	size_t	i, o = 0;
	int	n;

	if (outsz == 0)
		return;
	out[0] = '\0';
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!(factors & names[i].bit))
			continue;
		n = snprintf(out + o, outsz - o, "%s%s", o ? "," : "",
		    names[i].name);
		if (n < 0 || (size_t)n >= outsz - o)
			return;
		o += (size_t)n;
	}
}
