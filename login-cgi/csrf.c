/* postern: login-cgi's CSRF tokens, one kind per state a form belongs to. */
/*
 * Every form carries a token bound to what it acts on, and every POST is
 * checked against it in constant time:
 *  - the login form, before any state exists: a random nonce in a
 *    host-only cookie and, in the form, the HMAC of that nonce under a key
 *    derived from the key file (a signed double submit: no row per
 *    visitor, D03; a token from another browser fails, CS01);
 *  - the second-factor and consent steps: the random token kept in the
 *    flow row;
 *  - forms of a signed-in user (logout, revoking, consent): the HMAC of
 *    the session's hash, so a token from another session fails (CS03).
 * Tokens live in the body only, never in a URL (CS06).
 */
#include "config.h"

#include <string.h>

#include "login.h"
#include "lib/log.h"
#include "lib/token.h"

#define CSRF_NONCE_BYTES	16
#define CSRF_NONCE_LEN		22	/* base64url of 16 bytes */

/* The CSRF key: derived from the key file, never the key itself. */
static int
csrf_key(struct lreq *q, uint8_t key[TOKEN_HASH_BYTES])
{
	static const char	label[] = "postern csrf v1";

	if (!q->lg->haskey) {
		log_err("no key file: forms cannot be protected");
		return -1;
	}
	return token_hmac(q->lg->key, sizeof(q->lg->key), label,
	    sizeof(label) - 1, key) == PERR_OK ? 0 : -1;
}

/*
 * HMAC(key, tag NUL data) as base64url text in out (44 bytes at least):
 * the CSRF tokens, and the loop breaker's signed counter.  0, or -1 when
 * there is no key or tag and data exceed 512 bytes.
 */
int
csrf_sign(struct lreq *q, const char *tag, const void *data, size_t len,
    char *out, size_t outsz)
{
	uint8_t	key[TOKEN_HASH_BYTES], mac[TOKEN_HASH_BYTES];
	uint8_t	buf[512];
	size_t	tl = strlen(tag) + 1;
	int	rc = -1;

	if (tl + len > sizeof(buf) || csrf_key(q, key) == -1)
		goto done;
	memcpy(buf, tag, tl);
	memcpy(buf + tl, data, len);
	if (token_hmac(key, sizeof(key), buf, tl + len, mac) == PERR_OK &&
	    token_b64url_encode(mac, sizeof(mac), out, outsz) > 0)
		rc = 0;
done:
	token_wipe(key, sizeof(key));
	token_wipe(mac, sizeof(mac));
	return rc;
}

/* 1 when got is want, compared in constant time; 0 otherwise or empty. */
int
csrf_equal(const char *want, const char *got)
{
	size_t	wl = strlen(want), gl = strlen(got);

	return wl > 0 && wl == gl && token_equal(want, got, wl);
}

/* A fresh nonce cookie for a login form, and its field in field. */
int
csrf_login_new(struct lreq *q, char *field, size_t fieldsz)
{
	uint8_t	nonce[CSRF_NONCE_BYTES];
	char	text[CSRF_NONCE_LEN + 1];

	if (token_random(nonce, sizeof(nonce)) != PERR_OK ||
	    token_b64url_encode(nonce, sizeof(nonce), text, sizeof(text)) == 0)
		return -1;
	if (csrf_sign(q, "login", text, strlen(text), field, fieldsz) == -1)
		return -1;
	return http_cookie_set(q, COOKIE_CSRF, text, 0, FLOW_TTL);
}

int
csrf_login_check(struct lreq *q, const char *field)
{
	char		 want[64], nonce[CSRF_NONCE_LEN + 1];
	const char	*v;
	size_t		 len;

	if ((v = http_cookie(q, COOKIE_CSRF, &len)) == NULL ||
	    len != CSRF_NONCE_LEN)
		return 0;
	memcpy(nonce, v, len);
	nonce[len] = '\0';
	if (csrf_sign(q, "login", nonce, len, want, sizeof(want)) == -1)
		return 0;
	return csrf_equal(want, field);
}

void
csrf_flow_field(const struct loginflow *f, char *out, size_t outsz)
{
	if (token_b64url_encode(f->csrf, sizeof(f->csrf), out, outsz) == 0)
		out[0] = '\0';
}

int
csrf_flow_check(const struct loginflow *f, const char *field)
{
	char	want[64];

	csrf_flow_field(f, want, sizeof(want));
	return csrf_equal(want, field);
}

int
csrf_session_field(struct lreq *q, const struct session *s, char *out,
    size_t outsz)
{
	return csrf_sign(q, "session", s->hash, sizeof(s->hash), out, outsz);
}

int
csrf_session_check(struct lreq *q, const struct session *s,
    const char *field)
{
	char	want[64];

	if (csrf_session_field(q, s, want, sizeof(want)) == -1)
		return 0;
	return csrf_equal(want, field);
}
