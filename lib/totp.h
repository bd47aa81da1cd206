/* postern: the second factor: TOTP authenticators and recovery codes. */
/*
 * TOTP is RFC 6238 through liboath: HMAC-SHA1, 30-second steps, 6 digits,
 * one step of clock drift either way.  A code is exactly six ASCII digits
 * (liboath would otherwise take its digit count from the input), and the
 * step it matched is recorded so that it and every earlier step are
 * refused afterwards, atomically.  The time is always the caller's "now"
 * (the server clock), never anything a client sent.
 *
 * Secrets are 160 bits from RAND_bytes, sealed with the key file
 * (lib/secret.c, AES-256-GCM) and bound to the user's id as associated
 * data, so the store holds only ciphertext and a row copied to another
 * user does not open.  Recovery codes are ten single-use codes of 50 bits,
 * of which the store keeps only the SHA-256.
 *
 * Nothing here logs a secret, a code or a recovery code.
 */
#ifndef POSTERN_TOTP_H
#define POSTERN_TOTP_H

#include <stddef.h>
#include <stdint.h>

#include "perr.h"
#include "secret.h"

struct store;

#define TOTP_SECRET_BYTES	20	/* 160 bits, RFC 4226 R6 */
#define TOTP_DIGITS		6
#define TOTP_STEP		30	/* seconds */
#define TOTP_WINDOW		1	/* steps accepted either side of now */
#define TOTP_BASE32_LEN		32	/* base32 of TOTP_SECRET_BYTES */
#define TOTP_SEALED_BYTES	(TOTP_SECRET_BYTES + SECRET_SEAL_OVERHEAD)
#define TOTP_URI_MAX		1024	/* enough for any issuer and user */

#define TOTP_RECOVERY_COUNT	10	/* codes in one set */
#define TOTP_RECOVERY_CHARS	10	/* code characters, without the dash */
#define TOTP_RECOVERY_LEN	11	/* "xxxxx-xxxxx", without NUL */

/*
 * A new secret: TOTP_SECRET_BYTES from RAND_bytes.  PERR_OK, or
 * PERR_CRYPTO (secret is then wiped).  The caller wipes secret.
 */
enum perr	 totp_new_secret(uint8_t secret[TOTP_SECRET_BYTES]);

/*
 * RFC 4648 base32 (A-Z 2-7) of in (len bytes) without padding, and a NUL,
 * into out (outsz bytes).  Returns the length written without the NUL, or
 * 0 when out is too small (out is then "" if outsz > 0).
 */
size_t		 totp_base32(const uint8_t *in, size_t len, char *out,
		    size_t outsz);

/*
 * The key URI an authenticator app scans:
 *   otpauth://totp/ISSUER:USER?secret=BASE32&issuer=ISSUER
 *       &algorithm=SHA1&digits=6&period=30
 * with issuer and user percent-encoded (all but ALPHA DIGIT "-" "." "_"
 * "~") and the secret (len bytes) in base32 without padding.  Writes it
 * and a NUL to out (outsz bytes; TOTP_URI_MAX + 1 is enough for an issuer
 * and a user within their limits).  Returns PERR_OK, PERR_INVAL (an empty
 * issuer or user, or no secret) or PERR_TOOLONG (out is then "").  out
 * holds the secret: the caller wipes it.
 */
enum perr	 totp_uri(const char *issuer, const char *user,
		    const uint8_t *secret, size_t len, char *out,
		    size_t outsz);

/*
 * Code grammar:
 *   code = 6DIGIT          ; DIGIT = %x30-39, nothing before or after
 * Checks code (len bytes, no NUL needed; NULL when len is 0).  Returns
 * PERR_OK or PERR_INVAL: empty, shorter, longer (a digit prefixed to a
 * valid code), spaces, signs, letters, NUL, non-ASCII digits.
 */
enum perr	 totp_check_code(const char *code, size_t len);

/*
 * Verify the NUL-terminated code against secret (len bytes, 1..64) at the
 * Unix time now (>= 0), accepting only a step later than last_step (-1:
 * none used yet).  The code's shape is checked first with
 * totp_check_code(); a malformed code never reaches liboath.  Then
 * oath_totp_validate3() with a window of TOTP_WINDOW steps.  Returns
 * PERR_OK with the matched time step in *step; PERR_DENIED for a malformed
 * or wrong code, any negative liboath answer, or a step at or before
 * last_step (a replay, or an earlier code); PERR_INVAL for a bad secret
 * length or a negative now; PERR_CRYPTO when liboath cannot start.  *step
 * is -1 unless PERR_OK.
 */
enum perr	 totp_verify(const uint8_t *secret, size_t len, const char *code,
		    int64_t now, int64_t last_step, int64_t *step);

/*
 * Enroll user: a new secret, sealed with key for this user, stored in
 * place of any earlier one (its last step reset), and every session of
 * the user ended, in one transaction; *ended (may be NULL) gets their
 * number.  The raw secret is written to secret for the caller to show
 * once (totp_uri()); the caller wipes it.  Returns PERR_OK,
 * PERR_NOTFOUND (no such user) or another error (secret is then wiped and
 * nothing was stored).
 */
enum perr	 totp_enroll(struct store *st,
		    const uint8_t key[SECRET_KEY_BYTES], int64_t user,
		    int64_t now, uint8_t secret[TOTP_SECRET_BYTES],
		    int64_t *ended);

/*
 * Verify a code as received (code, len bytes, no NUL needed) for user at
 * now: check its shape, load and open the user's sealed secret with key,
 * verify it against the last step used, and record the matched step, only
 * if no one recorded it or a later one first.  The secret is wiped on
 * every way out.  Returns PERR_OK; PERR_DENIED for a malformed or wrong
 * code, a replay, an earlier step, or a race lost to another login with
 * the same code; PERR_NOTFOUND when the user has no TOTP; PERR_CRYPTO
 * (logged) when the sealed secret does not open with key (the wrong key
 * file, or a row changed or moved): a server fault, not the user's; else
 * a store error.
 */
enum perr	 totp_verify_user(struct store *st,
		    const uint8_t key[SECRET_KEY_BYTES], int64_t user,
		    const char *code, size_t len, int64_t now);

/*
 * A new set of recovery codes: TOTP_RECOVERY_COUNT distinct codes, each
 * TOTP_RECOVERY_CHARS characters drawn without bias (rejection sampling)
 * from a 32-character alphabet without look-alikes
 * ("0123456789abcdefghjkmnpqrstvwxyz": no i, l, o, u), 50 bits each,
 * written "xxxxx-xxxxx" with a NUL; and in hashes the SHA-256 of each
 * normalized code, for store_recovery_replace().  Returns PERR_OK or
 * PERR_CRYPTO (both arrays are then wiped).  The caller shows the codes
 * once and wipes them.
 */
enum perr	 totp_recovery_new(
		    char codes[TOTP_RECOVERY_COUNT][TOTP_RECOVERY_LEN + 1],
		    uint8_t hashes[TOTP_RECOVERY_COUNT][32]);

/*
 * Recovery code grammar, before normalization:
 *   recovery = 5rchar ["-"] 5rchar
 *   rchar    = one of the alphabet above, in either ASCII case
 * Normalize code (len bytes, no NUL needed) to its ten lowercase
 * characters and their SHA-256 in hash.  Returns PERR_OK or PERR_INVAL
 * (any other byte, a dash elsewhere or twice, a wrong length; hash is then
 * zeroed).
 */
enum perr	 totp_recovery_hash(const char *code, size_t len,
		    uint8_t hash[32]);

/*
 * Use one of user's recovery codes: normalize code (len bytes) and mark
 * the matching unused code used, atomically.  Returns PERR_OK;
 * PERR_DENIED for a malformed, unknown or already used code; else a store
 * error.
 */
enum perr	 totp_recovery_use(struct store *st, int64_t user,
		    const char *code, size_t len);

/*
 * How many times this process has asked liboath to validate a code: tests
 * use it to show that a malformed code never reaches liboath.
 */
unsigned long	 totp_liboath_calls(void);

#endif /* !POSTERN_TOTP_H */
