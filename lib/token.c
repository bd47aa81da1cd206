/* postern: random tokens, base64, and the hygiene every secret needs. */
/*
 * Everything here is bounded by its caller's buffer sizes and allocates
 * nothing.  The base64 decoders are strict on purpose: a cookie or a stored
 * hash has exactly one accepted spelling, so no two strings name the same
 * secret (mod_auth_tkt decoded leniently, three ways).
 */
#include "config.h"

/*
 * token_sha256() uses the low-level SHA-256 of libcrypto, deprecated (not
 * removed) since OpenSSL 3.0; see there why.
 */
#define OPENSSL_SUPPRESS_DEPRECATED

#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include "limits.h"
#include "perr.h"
#include "token.h"

static const char b64url_alpha[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
static const char b64std_alpha[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* Unambiguous: no 0 O o 1 l I.  56 characters. */
static const char password_alpha[] =
    "23456789abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ";

/*
 * The value of c in the alphabet (62 and 63 are c62 and c63), or -1.
 */
static int
b64_value(unsigned char c, char c62, char c63)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == (unsigned char)c62)
		return 62;
	if (c == (unsigned char)c63)
		return 63;
	return -1;
}

static size_t
b64_encode(const char *alpha, const void *in, size_t inlen, char *out,
    size_t outsz)
{
	const uint8_t	*p = in;
	size_t		 need, i, o = 0;
	uint32_t	 v;

	if (outsz > 0)
		out[0] = '\0';
	if (inlen > SIZE_MAX / 2)
		return 0;
	need = inlen / 3 * 4 + (inlen % 3 ? inlen % 3 + 1 : 0);
	if (need >= outsz)
		return 0;

	for (i = 0; i + 3 <= inlen; i += 3) {
		v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 | p[i + 2];
		out[o++] = alpha[v >> 18 & 0x3f];
		out[o++] = alpha[v >> 12 & 0x3f];
		out[o++] = alpha[v >> 6 & 0x3f];
		out[o++] = alpha[v & 0x3f];
	}
	if (inlen - i == 1) {
		v = (uint32_t)p[i] << 16;
		out[o++] = alpha[v >> 18 & 0x3f];
		out[o++] = alpha[v >> 12 & 0x3f];
	} else if (inlen - i == 2) {
		v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8;
		out[o++] = alpha[v >> 18 & 0x3f];
		out[o++] = alpha[v >> 12 & 0x3f];
		out[o++] = alpha[v >> 6 & 0x3f];
	}
	out[o] = '\0';
	return o;
}

static enum perr
b64_decode(char c62, char c63, const char *in, size_t inlen, void *out,
    size_t outsz, size_t *outlen)
{
	uint8_t		*q = out;
	size_t		 need, i, o = 0;
	uint32_t	 v = 0;
	int		 c, n = 0;
	enum perr	 e = PERR_INVAL;

	*outlen = 0;
	if (inlen % 4 == 1)
		goto done;
	need = inlen / 4 * 3 + (inlen % 4 ? inlen % 4 - 1 : 0);
	if (need > outsz) {
		e = PERR_TOOLONG;
		goto done;
	}

	for (i = 0; i < inlen; i++) {
		if ((c = b64_value((unsigned char)in[i], c62, c63)) < 0)
			goto done;
		v = v << 6 | (uint32_t)c;
		if (++n == 4) {
			q[o++] = v >> 16 & 0xff;
			q[o++] = v >> 8 & 0xff;
			q[o++] = v & 0xff;
			v = 0;
			n = 0;
		}
	}
	/* A partial group: its unused low bits must be zero (canonical). */
	if (n == 2) {
		if (v & 0x0f)
			goto done;
		q[o++] = v >> 4 & 0xff;
	} else if (n == 3) {
		if (v & 0x03)
			goto done;
		q[o++] = v >> 10 & 0xff;
		q[o++] = v >> 2 & 0xff;
	}
	*outlen = o;
	e = PERR_OK;
done:
	if (e != PERR_OK && o > 0)
		token_wipe(out, o);
	return e;
}

size_t
token_b64url_encode(const void *in, size_t inlen, char *out, size_t outsz)
{
	return b64_encode(b64url_alpha, in, inlen, out, outsz);
}

enum perr
token_b64url_decode(const char *in, size_t inlen, void *out, size_t outsz,
    size_t *outlen)
{
	return b64_decode('-', '_', in, inlen, out, outsz, outlen);
}

size_t
token_b64_encode(const void *in, size_t inlen, char *out, size_t outsz)
{
	return b64_encode(b64std_alpha, in, inlen, out, outsz);
}

enum perr
token_b64_decode(const char *in, size_t inlen, void *out, size_t outsz,
    size_t *outlen)
{
	return b64_decode('+', '/', in, inlen, out, outsz, outlen);
}

enum perr
token_new(char out[TOKEN_B64_LEN + 1], uint8_t hash[TOKEN_HASH_BYTES])
{
	uint8_t		 raw[TOKEN_BYTES];
	enum perr	 e;

	if ((e = token_random(raw, sizeof(raw))) != PERR_OK)
		goto done;
	if (token_b64url_encode(raw, sizeof(raw), out, TOKEN_B64_LEN + 1) !=
	    TOKEN_B64_LEN) {
		e = PERR_CRYPTO;
		goto done;
	}
	e = token_sha256(raw, sizeof(raw), hash);
done:
	token_wipe(raw, sizeof(raw));
	if (e != PERR_OK) {
		token_wipe(out, TOKEN_B64_LEN + 1);
		token_wipe(hash, TOKEN_HASH_BYTES);
	}
	return e;
}

enum perr
token_parse(const char *s, size_t len, uint8_t hash[TOKEN_HASH_BYTES])
{
	uint8_t		 raw[TOKEN_BYTES];
	size_t		 rawlen = 0;
	enum perr	 e = PERR_INVAL;

	memset(hash, 0, TOKEN_HASH_BYTES);
	if (len != TOKEN_B64_LEN)
		goto done;
	if (token_b64url_decode(s, len, raw, sizeof(raw), &rawlen) != PERR_OK ||
	    rawlen != sizeof(raw))
		goto done;
	if (token_sha256(raw, sizeof(raw), hash) != PERR_OK)
		goto done;
	e = PERR_OK;
done:
	token_wipe(raw, sizeof(raw));
	return e;
}

/*
 * SHA-256 runs on every authorized request.  The low-level implementation
 * (the same assembly the default provider runs) needs no provider: the
 * first fetch of one builds OpenSSL 3's name map and algorithm tables,
 * about 0.5 ms, paid by every start of the shared-hosting gate (a process
 * per request) for one hash.  It allocates nothing and keeps no state.
 * Where libcrypto was built without the deprecated API, the digest is
 * fetched from its provider once, and each thread keeps one context.
 */
#ifndef OPENSSL_NO_DEPRECATED_3_0
enum perr
token_sha256(const void *in, size_t len, uint8_t out[32])
{
	SHA256_CTX	c;

	if (SHA256_Init(&c) != 1 || SHA256_Update(&c, in, len) != 1 ||
	    SHA256_Final(out, &c) != 1) {
		OPENSSL_cleanse(&c, sizeof(c));
		memset(out, 0, 32);
		return PERR_CRYPTO;
	}
	OPENSSL_cleanse(&c, sizeof(c));
	return PERR_OK;
}
#else
static pthread_once_t	 token_md_once = PTHREAD_ONCE_INIT;
static pthread_key_t	 token_ctx_key;
static EVP_MD		*token_md;
static __thread EVP_MD_CTX *token_ctx;

/* A thread's context goes with the thread. */
static void
token_ctx_free(void *ctx)
{
	EVP_MD_CTX_free(ctx);
}

static void
token_md_fetch(void)
{
	if (pthread_key_create(&token_ctx_key, token_ctx_free) == 0)
		token_md = EVP_MD_fetch(NULL, "SHA256", NULL);
}

enum perr
token_sha256(const void *in, size_t len, uint8_t out[32])
{
	unsigned int	 outlen = 0;

	if (pthread_once(&token_md_once, token_md_fetch) != 0 ||
	    token_md == NULL)
		goto fail;
	if (token_ctx == NULL) {
		if ((token_ctx = EVP_MD_CTX_new()) == NULL)
			goto fail;
		pthread_setspecific(token_ctx_key, token_ctx);
	}
	if (EVP_DigestInit_ex2(token_ctx, token_md, NULL) != 1 ||
	    EVP_DigestUpdate(token_ctx, in, len) != 1 ||
	    EVP_DigestFinal_ex(token_ctx, out, &outlen) != 1 || outlen != 32)
		goto fail;
	return PERR_OK;
fail:
	memset(out, 0, 32);
	return PERR_CRYPTO;
}
#endif

int
token_equal(const void *a, const void *b, size_t len)
{
	return CRYPTO_memcmp(a, b, len) == 0;
}

void
token_wipe(void *p, size_t len)
{
	if (p != NULL && len > 0)
		OPENSSL_cleanse(p, len);
}

void
token_hash_hint(const uint8_t hash[TOKEN_HASH_BYTES],
    char out[TOKEN_HINT_LEN + 1])
{
	static const char hex[] = "0123456789abcdef";
	size_t		 i;

	for (i = 0; i < TOKEN_HINT_LEN / 2; i++) {
		out[2 * i] = hex[hash[i] >> 4];
		out[2 * i + 1] = hex[hash[i] & 0x0f];
	}
	out[TOKEN_HINT_LEN] = '\0';
}

enum perr
token_password(char *out, size_t outsz)
{
	/* The largest multiple of the alphabet size that fits in a byte. */
	const unsigned	 n = sizeof(password_alpha) - 1;
	const unsigned	 limit = 256 - 256 % n;
	uint8_t		 buf[32];
	size_t		 i, o = 0;
	enum perr	 e = PERR_TOOLONG;

	if (outsz < TOKEN_PASSWORD_LEN + 1)
		goto done;
	while (o < TOKEN_PASSWORD_LEN) {
		if ((e = token_random(buf, sizeof(buf))) != PERR_OK)
			goto done;
		/* Rejection sampling: a byte >= limit would bias the draw. */
		for (i = 0; i < sizeof(buf) && o < TOKEN_PASSWORD_LEN; i++)
			if (buf[i] < limit)
				out[o++] = password_alpha[buf[i] % n];
	}
	out[o] = '\0';
	e = PERR_OK;
done:
	token_wipe(buf, sizeof(buf));
	if (e != PERR_OK && outsz > 0)
		token_wipe(out, outsz);
	return e;
}

enum perr
token_hmac(const void *key, size_t keylen, const void *data, size_t len,
    uint8_t out[TOKEN_HASH_BYTES])
{
	unsigned int	outlen = 0;

	if (keylen > INT_MAX || HMAC(EVP_sha256(), key, (int)keylen, data, len,
	    out, &outlen) == NULL || outlen != TOKEN_HASH_BYTES) {
		memset(out, 0, TOKEN_HASH_BYTES);
		return PERR_CRYPTO;
	}
	return PERR_OK;
}
