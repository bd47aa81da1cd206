/* postern: random tokens, base64, and the hygiene every secret needs. */
/*
 * Session, CSRF and flow tokens are 32 bytes from RAND_bytes, shown as
 * unpadded base64url; the store keeps only their SHA-256.  This module owns
 * the strict base64 codecs (URL-safe, and the standard alphabet without
 * padding that PHC strings use), the one constant-time comparison and the
 * one wipe, so that a reviewer finds every CRYPTO_memcmp and OPENSSL_cleanse
 * in lib/token.c and nowhere else.
 */
#ifndef POSTERN_TOKEN_H
#define POSTERN_TOKEN_H

#include <stddef.h>
#include <stdint.h>

#include "limits.h"
#include "perr.h"

#define TOKEN_PASSWORD_LEN	20	/* token_password(), without NUL */
#define TOKEN_HINT_LEN		8	/* token_hash_hint(), without NUL */

/*
 * Fill buf with len bytes from RAND_bytes (lib/token_rand.c; the gate,
 * authz-cgi, links its own: authz-cgi/random.c).  Returns PERR_OK, or
 * PERR_CRYPTO when the generator failed (buf is then wiped).
 */
enum perr	 token_random(void *buf, size_t len);

/*
 * Base64url grammar (RFC 4648 section 5, no padding, canonical):
 *   b64url = *( 4char ) [ 2char / 3char ]
 *   char   = ALPHA / DIGIT / "-" / "_"
 * where the unused low bits of the last char of a 2char or 3char group are
 * zero, so each byte string has exactly one encoding.
 *
 * token_b64url_encode() writes the encoding of in (inlen bytes) and a NUL
 * to out (outsz bytes).  Returns the length written without the NUL, or 0
 * when out is too small (out is then an empty string if outsz > 0).
 */
size_t		 token_b64url_encode(const void *in, size_t inlen, char *out,
		    size_t outsz);

/*
 * Decode in (inlen bytes, no NUL needed) into out (outsz bytes) and store
 * the decoded length in *outlen.  Strict: any byte outside the alphabet
 * (including "=", whitespace and NUL), inlen % 4 == 1, or non-zero unused
 * bits give PERR_INVAL; a result longer than outsz gives PERR_TOOLONG.  On
 * any error out is wiped and *outlen is 0.
 */
enum perr	 token_b64url_decode(const char *in, size_t inlen, void *out,
		    size_t outsz, size_t *outlen);

/*
 * The same two for the standard alphabet (A-Z a-z 0-9 "+" "/"), still
 * without padding and canonical: the "B64" of the PHC string format.
 * Callers holding padded base64 check and strip the "=" themselves.
 */
size_t		 token_b64_encode(const void *in, size_t inlen, char *out,
		    size_t outsz);
enum perr	 token_b64_decode(const char *in, size_t inlen, void *out,
		    size_t outsz, size_t *outlen);

/*
 * A new token: TOKEN_BYTES random bytes written to out as TOKEN_B64_LEN
 * base64url characters and a NUL, and their SHA-256 to hash.  The raw bytes
 * are wiped before return.  out is a secret: the caller wipes it after
 * handing it to the client.  Returns PERR_OK or PERR_CRYPTO (out and hash
 * are then wiped).
 */
enum perr	 token_new(char out[TOKEN_B64_LEN + 1],
		    uint8_t hash[TOKEN_HASH_BYTES]);

/*
 * Map a token as received (a cookie value: s, len bytes, no NUL needed) to
 * the hash the store keys on.  Accepts exactly TOKEN_B64_LEN canonical
 * base64url characters.  Returns PERR_OK with hash set, or PERR_INVAL for
 * any other input (hash is then zeroed).  The decoded bytes are wiped.
 */
enum perr	 token_parse(const char *s, size_t len,
		    uint8_t hash[TOKEN_HASH_BYTES]);

/*
 * SHA-256 of in (len bytes) into out, one shot through EVP.  Returns
 * PERR_OK or PERR_CRYPTO (out is then zeroed).
 */
enum perr	 token_sha256(const void *in, size_t len, uint8_t out[32]);

/*
 * Compare a and b (len bytes each) in time independent of their contents.
 * Returns 1 when they are equal, 0 otherwise.  The one comparison for
 * secrets, derived keys and token hashes.
 */
int		 token_equal(const void *a, const void *b, size_t len);

/*
 * Overwrite p (len bytes) with zeros in a way the compiler cannot drop.
 * NULL-safe when len is 0.
 */
void		 token_wipe(void *p, size_t len);

/*
 * The first TOKEN_HINT_LEN lowercase hex digits of hash and a NUL, into
 * out: the most of a token a log line may carry.
 */
void		 token_hash_hint(const uint8_t hash[TOKEN_HASH_BYTES],
		    char out[TOKEN_HINT_LEN + 1]);

/*
 * A random password of TOKEN_PASSWORD_LEN characters and a NUL, drawn
 * without bias from an alphabet of 56 letters and digits that cannot be
 * mistaken for each other (no 0 O o 1 l I), about 116 bits.  Returns
 * PERR_OK, PERR_TOOLONG when outsz < TOKEN_PASSWORD_LEN + 1, or
 * PERR_CRYPTO (out is then wiped).
 */
enum perr	 token_password(char *out, size_t outsz);

/*
 * HMAC-SHA-256 of data (len bytes) under key (keylen bytes) into out.
 * PERR_OK or PERR_CRYPTO (out zeroed).  For tokens that need no row: a
 * CSRF field is the HMAC of what it is bound to.
 */
enum perr	 token_hmac(const void *key, size_t keylen, const void *data,
		    size_t len, uint8_t out[TOKEN_HASH_BYTES]);

#endif /* !POSTERN_TOKEN_H */
