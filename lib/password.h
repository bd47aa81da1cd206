/* postern: password hashing and verification. */
/*
 * New passwords are hashed with scrypt (OpenSSL's EVP_KDF) into a PHC
 * string "$scrypt$ln=15,r=8,p=3$<salt>$<key>" (unpadded standard base64,
 * 16-byte salt, 32-byte key).  Hashes imported from htpasswd or crypt(3)
 * files verify through a table of schemes (bcrypt $2a$ $2b$ $2y$,
 * sha-crypt $5$ $6$, yescrypt $y$ through libxcrypt; Apache $apr1$ and
 * {SHA} through OpenSSL) and report that they need a rehash.  DES crypt,
 * md5-crypt $1$, plaintext and every other format are refused: they never
 * verify.  Passwords are bytes, hashed exactly as received, at most
 * PASSWORD_MAX of them.
 */
#ifndef POSTERN_PASSWORD_H
#define POSTERN_PASSWORD_H

#include <stddef.h>
#include <stdint.h>

#include "limits.h"
#include "perr.h"

struct scrypt_params {
	uint64_t	N;	/* CPU/memory cost, a power of two */
	uint32_t	r;	/* block size */
	uint32_t	p;	/* parallelism */
};

/* DESIGN "Secrets": 2^15, 8, 3 (32 MiB). */
#define SCRYPT_DEFAULT		{ 32768, 8, 3 }

/* Bounds on the parameters we hash with or accept in a stored hash. */
#define SCRYPT_LN_MIN		10
#define SCRYPT_LN_MAX		22
#define SCRYPT_R_MAX		32
#define SCRYPT_P_MAX		16
#define SCRYPT_MEM_MAX		(256UL * 1024 * 1024)	/* 128 * N * r */
#define SCRYPT_KEY_BYTES	32

/*
 * Parameter grammar (the "password.scrypt" setting):
 *   params = param "," param "," param   ; N, r and p once each, any order
 *   param  = ( "N" / "r" / "p" ) "=" number
 *   number = %x31-39 *DIGIT               ; no sign, no leading zero
 * N is a power of two in 2^SCRYPT_LN_MIN..2^SCRYPT_LN_MAX, r in
 * 1..SCRYPT_R_MAX, p in 1..SCRYPT_P_MAX, and 128 * N * r at most
 * SCRYPT_MEM_MAX (so N = 2^22 never passes: it needs 512 MiB at r = 1).
 * Returns PERR_OK with *out set, or PERR_INVAL (*out untouched).
 */
enum perr	 password_params_parse(const char *s, struct scrypt_params *out);

/*
 * Write p as "N=32768,r=8,p=3" (always NUL-terminated, truncated if outsz
 * is too small; 40 bytes always suffice).
 */
void		 password_params_format(const struct scrypt_params *p,
		    char *out, size_t outsz);

/*
 * Hash pw (len bytes, any bytes including NUL) with scrypt under p (NULL:
 * SCRYPT_DEFAULT) and a fresh random salt; write the PHC string to out.
 * Returns PERR_OK, PERR_TOOLONG when len > PASSWORD_MAX, PERR_INVAL when p
 * is out of bounds or pw ends in a NUL byte (inside scrypt, HMAC cannot
 * tell "pw" from "pw\0"), or PERR_CRYPTO (out is then an empty string).
 */
enum perr	 password_hash(const char *pw, size_t len,
		    const struct scrypt_params *p, char out[HASH_MAX + 1]);

/*
 * Check pw (len bytes) against the stored hash (NUL-terminated).  Starts
 * at "denied"; only a constant-time match of the derived values returns
 * PERR_OK.  Returns:
 *   PERR_OK       the password matches;
 *   PERR_DENIED   it does not, or it can never match this scheme (a NUL
 *                 byte against an imported hash, made from a C string; more
 *                 than 72 bytes against bcrypt, which ignores the rest; a
 *                 final NUL byte against scrypt, see password_hash());
 *   PERR_INVAL    the stored hash is malformed or of a refused scheme (DES,
 *                 $1$, plaintext, {SSHA}, ...): one line is logged naming
 *                 the scheme, never the hash;
 *   PERR_TOOLONG  len > PASSWORD_MAX (checked before any work);
 *   PERR_NOMEM, PERR_CRYPTO.
 * Every answer but PERR_OK is a failed login.  The caller that wants equal
 * timing for PERR_INVAL calls password_dummy() itself.
 */
enum perr	 password_verify(const char *pw, size_t len, const char *hash);

/*
 * 1 when hash should be replaced after a successful login: every scheme
 * but scrypt, a malformed hash, and scrypt with parameters other than cur
 * (NULL: SCRYPT_DEFAULT) or a salt or key of another size.  0 otherwise.
 */
int		 password_needs_rehash(const char *hash,
		    const struct scrypt_params *cur);

/*
 * Burn the work of one verification under cur (NULL: SCRYPT_DEFAULT) and
 * discard the result: the code path for an unknown user.  len is clamped
 * to PASSWORD_MAX.
 */
void		 password_dummy(const char *pw, size_t len,
		    const struct scrypt_params *cur);

/*
 * For import-htpasswd: PERR_OK when hash (NUL-terminated) is a
 * syntactically valid hash of a supported scheme.  Otherwise PERR_INVAL
 * and *why (may be NULL) points at a short static English reason, such as
 * "DES crypt truncates passwords to 8 bytes", "plaintext passwords are
 * refused", "unsupported hash scheme" or "malformed hash".
 */
enum perr	 password_import_check(const char *hash, const char **why);

/*
 * scrypt itself, exposed for the RFC 7914 known-answer tests: derive
 * outlen bytes from pw and salt under p.  Only sanity bounds apply here (N
 * a power of two >= 2, r in 1..SCRYPT_R_MAX, p in 1..SCRYPT_P_MAX,
 * 128 * N * r <= SCRYPT_MEM_MAX), not the policy bounds above.  Returns PERR_OK, PERR_INVAL or PERR_CRYPTO
 * (out is then wiped).
 */
enum perr	 password_scrypt_raw(const char *pw, size_t pwlen,
		    const uint8_t *salt, size_t saltlen,
		    const struct scrypt_params *p, uint8_t *out,
		    size_t outlen);

#endif /* !POSTERN_PASSWORD_H */
