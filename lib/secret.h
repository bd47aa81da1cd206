/* postern: the key file that encrypts secrets at rest. */
/*
 * TOTP seeds are encrypted with a 256-bit key kept outside the database,
 * in a file of its own (mode 0600), by default beside the store: the
 * store's path with ".db" replaced by ".key" (or ".key" appended).  This
 * module makes and loads that key and seals and opens secrets with it
 * (AES-256-GCM with associated data, so a sealed value is bound to the
 * row it was written for).
 */
#ifndef POSTERN_SECRET_H
#define POSTERN_SECRET_H

#include <stddef.h>
#include <stdint.h>

#include "perr.h"

#define SECRET_KEY_BYTES	32
#define SECRET_NONCE_BYTES	12	/* GCM nonce, random per seal */
#define SECRET_TAG_BYTES	16	/* GCM tag */
#define SECRET_SEAL_OVERHEAD	(SECRET_NONCE_BYTES + SECRET_TAG_BYTES)
#define SECRET_PLAIN_MAX	4096	/* the most secret_seal() takes */

/* The default key file for the store at db.  PERR_TOOLONG if it won't fit. */
enum perr	 secret_keyfile_default(const char *db, char *out, size_t outsz);

/*
 * PERR_OK when path does not exist or is a valid key file (a regular file
 * of SECRET_KEY_BYTES bytes); PERR_INVAL (logged) otherwise.  Lets init
 * refuse before it creates anything.
 */
enum perr	 secret_keyfile_check(const char *path);

/*
 * Create the key file at path with SECRET_KEY_BYTES random bytes, mode
 * 0600, unless it exists already; an existing one must be a regular file
 * of exactly that size (PERR_INVAL otherwise).  *created (may be NULL)
 * gets 1 when this call made it.
 */
enum perr	 secret_keyfile_create(const char *path, int *created);

/*
 * Read the key file at path into key.  It must be a regular file (a
 * symbolic link is refused, not followed) of exactly SECRET_KEY_BYTES
 * bytes that neither group nor others may read, write or execute.
 * Returns PERR_OK; PERR_NOTFOUND when there is no file (logged: run
 * "authz-admin init"); PERR_INVAL when it is not a key file or its mode is
 * too open (logged, naming the fix "chmod 600"); PERR_SYSTEM when it
 * cannot be read.  On any failure key is wiped.  The caller wipes key
 * (token_wipe) when done with it.
 */
enum perr	 secret_key_load(const char *path,
		    uint8_t key[SECRET_KEY_BYTES]);

/*
 * Encrypt plain (len bytes, at most SECRET_PLAIN_MAX) with AES-256-GCM
 * under key, authenticating aad (aadlen bytes; aad may be NULL when
 * aadlen is 0) with it.  Writes nonce || ciphertext || tag, len +
 * SECRET_SEAL_OVERHEAD bytes, to out (outsz bytes) and the length to
 * *outlen.  The nonce is SECRET_NONCE_BYTES from RAND_bytes, new for each
 * call.  Returns PERR_OK; PERR_TOOLONG when plain is too long or out too
 * small; PERR_NOMEM or PERR_CRYPTO when OpenSSL fails.  On failure out is
 * wiped and *outlen is 0.
 */
enum perr	 secret_seal(const uint8_t key[SECRET_KEY_BYTES],
		    const uint8_t *plain, size_t len, const void *aad,
		    size_t aadlen, uint8_t *out, size_t outsz, size_t *outlen);

/*
 * The inverse of secret_seal(): check and decrypt in (inlen bytes, as
 * written by secret_seal()) with key and the same aad, writing inlen -
 * SECRET_SEAL_OVERHEAD bytes to out (outsz bytes) and the length to
 * *outlen.  Returns PERR_OK; PERR_DENIED when the tag does not verify (a
 * wrong key, another aad, or any byte of nonce, ciphertext or tag
 * changed); PERR_INVAL when in is shorter than SECRET_SEAL_OVERHEAD or
 * longer than SECRET_PLAIN_MAX + SECRET_SEAL_OVERHEAD; PERR_TOOLONG when
 * out is too small; PERR_NOMEM or PERR_CRYPTO when OpenSSL fails.  On
 * failure out is wiped and *outlen is 0: no unauthenticated plaintext is
 * ever left behind.
 */
enum perr	 secret_open(const uint8_t key[SECRET_KEY_BYTES],
		    const uint8_t *in, size_t inlen, const void *aad,
		    size_t aadlen, uint8_t *out, size_t outsz, size_t *outlen);

#endif /* !POSTERN_SECRET_H */
