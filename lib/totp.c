/* postern: the second factor: TOTP authenticators and recovery codes. */
/*
 * This file owns the one call into liboath (oath_totp_validate3(), behind
 * totp_check_code()), the key URI, the sealing of secrets to their user,
 * and the recovery codes.  The replay rule lives in two places on purpose:
 * totp_verify() refuses a step at or before the last one it is told of,
 * and store_totp_use() records the new step only if it is still later
 * than the stored one, so two logins racing with one code cannot both
 * win.
 *
 * The associated data of a sealed secret is the label "postern-totp-v1"
 * followed by the user's id as 8 big-endian bytes: a secret copied into
 * another user's row, or anything else sealed with the same key, does not
 * open as this user's TOTP secret.
 */
#include "config.h"

#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include <liboath/oath.h>

#include "log.h"
#include "secret.h"
#include "store.h"
#include "token.h"
#include "totp.h"

#define TOTP_AAD_LABEL		"postern-totp-v1"
#define TOTP_AAD_BYTES		(sizeof(TOTP_AAD_LABEL) - 1 + 8)
#define TOTP_SECRET_MAX		64	/* the longest secret we verify */

static const char base32_alpha[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/* Crockford's base32 alphabet in lower case: no i, l, o, u. */
static const char recovery_alpha[] = "0123456789abcdefghjkmnpqrstvwxyz";
#define RECOVERY_ALPHA_N	(sizeof(recovery_alpha) - 1)

static pthread_once_t	 totp_once = PTHREAD_ONCE_INIT;
static int		 totp_oath_rc = OATH_OK;
static unsigned long	 totp_calls;

static void
totp_oath_init(void)
{
	totp_oath_rc = oath_init();
}

unsigned long
totp_liboath_calls(void)
{
	return __atomic_load_n(&totp_calls, __ATOMIC_RELAXED);
}

enum perr
totp_new_secret(uint8_t secret[TOTP_SECRET_BYTES])
{
	return token_random(secret, TOTP_SECRET_BYTES);
}

size_t
totp_base32(const uint8_t *in, size_t len, char *out, size_t outsz)
{
	size_t		 need, i, o = 0;
	uint32_t	 buf = 0;
	int		 bits = 0;

	if (outsz > 0)
		out[0] = '\0';
	if (len > (SIZE_MAX - 4) / 8)
		return 0;
	need = (len * 8 + 4) / 5;
	if (need >= outsz)
		return 0;
	for (i = 0; i < len; i++) {
		buf = buf << 8 | in[i];
		bits += 8;
		while (bits >= 5) {
			out[o++] = base32_alpha[buf >> (bits - 5) & 0x1f];
			bits -= 5;
		}
	}
	if (bits > 0)
		out[o++] = base32_alpha[buf << (5 - bits) & 0x1f];
	out[o] = '\0';
	buf = 0;
	return o;
}

/*
 * Append s percent-encoded (RFC 3986: all but the unreserved characters)
 * to out at *o.  Returns -1 when it does not fit with a NUL after it.
 */
static int
totp_pct(const char *s, char *out, size_t outsz, size_t *o)
{
	static const char	 hex[] = "0123456789ABCDEF";
	unsigned char		 c;

	for (; *s != '\0'; s++) {
		c = (unsigned char)*s;
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' ||
		    c == '_' || c == '~') {
			if (outsz - *o < 2)
				return -1;
			out[(*o)++] = (char)c;
		} else {
			if (outsz - *o < 4)
				return -1;
			out[(*o)++] = '%';
			out[(*o)++] = hex[c >> 4];
			out[(*o)++] = hex[c & 0x0f];
		}
	}
	out[*o] = '\0';
	return 0;
}

/* Append the literal s at *o; -1 when it does not fit with a NUL. */
static int
totp_cat(const char *s, char *out, size_t outsz, size_t *o)
{
	size_t	n = strlen(s);

	if (outsz - *o <= n)
		return -1;
	memcpy(out + *o, s, n + 1);
	*o += n;
	return 0;
}

enum perr
totp_uri(const char *issuer, const char *user, const uint8_t *secret,
    size_t len, char *out, size_t outsz)
{
	char		 b32[(TOTP_SECRET_MAX * 8 + 4) / 5 + 1];
	size_t		 o = 0;
	enum perr	 e = PERR_TOOLONG;

	if (outsz == 0)
		return PERR_TOOLONG;
	out[0] = '\0';
	if (issuer == NULL || user == NULL || *issuer == '\0' ||
	    *user == '\0' || secret == NULL || len == 0 ||
	    len > TOTP_SECRET_MAX)
		return PERR_INVAL;
	if (totp_base32(secret, len, b32, sizeof(b32)) == 0)
		goto done;
	if (totp_cat("otpauth://totp/", out, outsz, &o) == -1 ||
	    totp_pct(issuer, out, outsz, &o) == -1 ||
	    totp_cat(":", out, outsz, &o) == -1 ||
	    totp_pct(user, out, outsz, &o) == -1 ||
	    totp_cat("?secret=", out, outsz, &o) == -1 ||
	    totp_cat(b32, out, outsz, &o) == -1 ||
	    totp_cat("&issuer=", out, outsz, &o) == -1 ||
	    totp_pct(issuer, out, outsz, &o) == -1 ||
	    totp_cat("&algorithm=SHA1&digits=6&period=30", out, outsz,
	    &o) == -1)
		goto done;
	e = PERR_OK;
done:
	token_wipe(b32, sizeof(b32));
	if (e != PERR_OK)
		token_wipe(out, outsz);
	return e;
}

enum perr
totp_check_code(const char *code, size_t len)
{
	size_t	i;

	if (code == NULL || len != TOTP_DIGITS)
		return PERR_INVAL;
	for (i = 0; i < len; i++)
		if (code[i] < '0' || code[i] > '9')
			return PERR_INVAL;
	return PERR_OK;
}

enum perr
totp_verify(const uint8_t *secret, size_t len, const char *code, int64_t now,
    int64_t last_step, int64_t *step)
{
	char		 otp[TOTP_DIGITS + 1];
	uint64_t	 counter = 0;
	int64_t		 at;
	int		 pos = 0, rc;
	enum perr	 e = PERR_DENIED;

	*step = -1;
	if (secret == NULL || len == 0 || len > TOTP_SECRET_MAX || now < 0 ||
	    (int64_t)(time_t)now != now)
		return PERR_INVAL;
	/* The shape first: liboath would take the digit count from it. */
	if (code == NULL ||
	    totp_check_code(code, strnlen(code, TOTP_DIGITS + 1)) != PERR_OK)
		return PERR_DENIED;
	if (pthread_once(&totp_once, totp_oath_init) != 0 ||
	    totp_oath_rc != OATH_OK) {
		log_err("totp: liboath does not start (%d)", totp_oath_rc);
		return PERR_CRYPTO;
	}
	memcpy(otp, code, TOTP_DIGITS);
	otp[TOTP_DIGITS] = '\0';
	__atomic_add_fetch(&totp_calls, 1, __ATOMIC_RELAXED);
	rc = oath_totp_validate3((const char *)secret, len, (time_t)now,
	    TOTP_STEP, OATH_TOTP_DEFAULT_START_TIME, TOTP_WINDOW, &pos,
	    &counter, otp);
	/* Every negative answer is a failure, whatever its name. */
	if (rc < 0)
		goto done;
	/*
	 * The step must lie in the window around now: near the epoch
	 * liboath's "one step back" wraps below zero.
	 */
	at = now / TOTP_STEP;
	if (counter > INT64_MAX || (int64_t)counter < at - TOTP_WINDOW ||
	    (int64_t)counter > at + TOTP_WINDOW)
		goto done;
	if ((int64_t)counter <= last_step)
		goto done;
	*step = (int64_t)counter;
	e = PERR_OK;
done:
	token_wipe(otp, sizeof(otp));
	return e;
}

/* The associated data binding a sealed secret to user. */
static void
totp_aad(int64_t user, uint8_t aad[TOTP_AAD_BYTES])
{
	uint64_t	u = (uint64_t)user;
	size_t		n = sizeof(TOTP_AAD_LABEL) - 1, i;

	memcpy(aad, TOTP_AAD_LABEL, n);
	for (i = 0; i < 8; i++)
		aad[n + i] = (uint8_t)(u >> (56 - 8 * i));
}

enum perr
totp_enroll(struct store *st, const uint8_t key[SECRET_KEY_BYTES],
    int64_t user, int64_t now, uint8_t secret[TOTP_SECRET_BYTES],
    int64_t *ended)
{
	uint8_t		 aad[TOTP_AAD_BYTES];
	uint8_t		 sealed[TOTP_SEALED_BYTES];
	size_t		 slen = 0;
	enum perr	 e;

	if (ended != NULL)
		*ended = 0;
	totp_aad(user, aad);
	if ((e = totp_new_secret(secret)) != PERR_OK ||
	    (e = secret_seal(key, secret, TOTP_SECRET_BYTES, aad, sizeof(aad),
	    sealed, sizeof(sealed), &slen)) != PERR_OK ||
	    (e = store_totp_put(st, user, sealed, slen, now,
	    ended)) != PERR_OK)
		token_wipe(secret, TOTP_SECRET_BYTES);
	token_wipe(sealed, sizeof(sealed));
	return e;
}

enum perr
totp_verify_user(struct store *st, const uint8_t key[SECRET_KEY_BYTES],
    int64_t user, const char *code, size_t len, int64_t now)
{
	uint8_t		 sealed[STORE_TOTP_SEALED_MAX];
	uint8_t		 secret[TOTP_SECRET_MAX];
	uint8_t		 aad[TOTP_AAD_BYTES];
	char		 otp[TOTP_DIGITS + 1];
	size_t		 slen = 0, seclen = 0;
	int64_t		 last = -1, step = -1;
	enum perr	 e;

	/* A malformed code is a failure before anything is loaded. */
	if (totp_check_code(code, len) != PERR_OK)
		return PERR_DENIED;
	memcpy(otp, code, TOTP_DIGITS);
	otp[TOTP_DIGITS] = '\0';
	if ((e = store_totp_get(st, user, sealed, sizeof(sealed), &slen,
	    &last)) != PERR_OK)
		goto done;
	totp_aad(user, aad);
	if ((e = secret_open(key, sealed, slen, aad, sizeof(aad), secret,
	    sizeof(secret), &seclen)) != PERR_OK) {
		if (e != PERR_NOMEM) {
			log_err("totp: the secret of user %lld does not open "
			    "with this key file (wrong key, or the row was "
			    "changed)", (long long)user);
			e = PERR_CRYPTO;
		}
		goto done;
	}
	/* Verify without the replay rule first, so that a replay is logged. */
	if ((e = totp_verify(secret, seclen, otp, now, -1, &step)) != PERR_OK)
		goto done;
	if (step <= last) {
		log_warn("totp: user %lld: a code of step %lld, at or before "
		    "the last one used, refused (replay)", (long long)user,
		    (long long)step);
		e = PERR_DENIED;
		goto done;
	}
	if ((e = store_totp_use(st, user, step)) == PERR_DENIED)
		log_warn("totp: user %lld: step %lld was used meanwhile, "
		    "refused (replay)", (long long)user, (long long)step);
done:
	token_wipe(secret, sizeof(secret));
	token_wipe(otp, sizeof(otp));
	token_wipe(sealed, sizeof(sealed));
	return e;
}

enum perr
totp_recovery_hash(const char *code, size_t len, uint8_t hash[32])
{
	char		 norm[TOTP_RECOVERY_CHARS];
	size_t		 i, n = 0;
	enum perr	 e = PERR_INVAL;
	char		 c;

	memset(hash, 0, 32);
	if (code == NULL || (len != TOTP_RECOVERY_CHARS &&
	    len != TOTP_RECOVERY_LEN))
		goto done;
	for (i = 0; i < len; i++) {
		c = code[i];
		/* One dash, only between the two halves. */
		if (len == TOTP_RECOVERY_LEN && i == TOTP_RECOVERY_CHARS / 2) {
			if (c != '-')
				goto done;
			continue;
		}
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c == '\0' || strchr(recovery_alpha, c) == NULL)
			goto done;
		norm[n++] = c;
	}
	e = token_sha256(norm, n, hash);
done:
	token_wipe(norm, sizeof(norm));
	return e;
}

enum perr
totp_recovery_new(char codes[TOTP_RECOVERY_COUNT][TOTP_RECOVERY_LEN + 1],
    uint8_t hashes[TOTP_RECOVERY_COUNT][32])
{
	/* Bytes at or above this would favour the alphabet's first letters. */
	const unsigned	 limit = 256 - 256 % RECOVERY_ALPHA_N;
	uint8_t		 pool[32];
	size_t		 i, j, k, used = sizeof(pool);
	enum perr	 e = PERR_OK;
	int		 dup;

	for (i = 0; i < TOTP_RECOVERY_COUNT; ) {
		for (j = k = 0; k < TOTP_RECOVERY_CHARS; ) {
			if (used == sizeof(pool)) {
				if ((e = token_random(pool,
				    sizeof(pool))) != PERR_OK)
					goto done;
				used = 0;
			}
			if (pool[used] >= limit) {
				used++;
				continue;
			}
			if (k == TOTP_RECOVERY_CHARS / 2)
				codes[i][j++] = '-';
			codes[i][j++] = recovery_alpha[pool[used++] %
			    RECOVERY_ALPHA_N];
			k++;
		}
		codes[i][j] = '\0';
		if ((e = totp_recovery_hash(codes[i], j, hashes[i])) != PERR_OK)
			goto done;
		/* Ten distinct codes, so each stored row is one code. */
		for (dup = 0, k = 0; k < i && !dup; k++)
			dup = token_equal(hashes[k], hashes[i], 32);
		if (!dup)
			i++;
	}
done:
	token_wipe(pool, sizeof(pool));
	if (e != PERR_OK) {
		token_wipe(codes, sizeof(codes[0]) * TOTP_RECOVERY_COUNT);
		token_wipe(hashes, sizeof(hashes[0]) * TOTP_RECOVERY_COUNT);
	}
	return e;
}

enum perr
totp_recovery_use(struct store *st, int64_t user, const char *code,
    size_t len)
{
	uint8_t		 hash[32];
	enum perr	 e;

	if ((e = totp_recovery_hash(code, len, hash)) == PERR_INVAL)
		return PERR_DENIED;
	if (e == PERR_OK)
		e = store_recovery_use(st, user, hash);
	token_wipe(hash, sizeof(hash));
	return e;
}
