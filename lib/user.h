/* postern: users. */
/*
 * A user is a canonical username (1-64 bytes of letters, digits and
 * ".", "_", "-", "@", lowercased in ASCII), a display name, an email, a
 * password hash and an active flag.  This module validates and
 * canonicalizes, and makes the changes that must happen together (a new
 * password or a disabled account ends every session in the same
 * transaction).  Records are struct user from store.h.
 */
#ifndef POSTERN_USER_H
#define POSTERN_USER_H

#include <stddef.h>
#include <stdint.h>

#include "perr.h"
#include "store.h"

struct scrypt_params;

/*
 * Username grammar:
 *   username = 1*64( ALPHA / DIGIT / "." / "_" / "-" / "@" )
 * Writes the ASCII-lowercase form of in (inlen bytes) to out.  Returns
 * PERR_OK, PERR_TOOLONG or PERR_INVAL (empty, or any other byte,
 * including NUL, spaces and non-ASCII: no Unicode folding is attempted).
 */
enum perr	 user_canon(const char *in, size_t inlen,
		    char out[USERNAME_MAX + 1]);

/*
 * Email grammar (deliberately plain):
 *   email = 1*local "@" domain ; local and domain printable ASCII
 *           without space, "@", ",", "<", ">", '"', "\"; domain has a "."
 * Empty is valid (no email).  PERR_OK, PERR_TOOLONG or PERR_INVAL.
 */
enum perr	 user_email_check(const char *email);

/* A display name: text_check() with DISPLAYNAME_MAX. */
enum perr	 user_display_check(const char *display);

/*
 * Look a user up by any-case name.  PERR_INVAL for a name that cannot be
 * one, PERR_NOTFOUND when there is none.
 */
enum perr	 user_find(struct store *st, const char *name, struct user *u);

/*
 * Create a user.  u->name may be in any case; display and email are
 * validated.  pw (pwlen bytes) is hashed with params when not NULL; NULL
 * leaves the user without a password.  Fills u (id, canonical name).
 * PERR_EXISTS, PERR_INVAL, PERR_TOOLONG or a store error.
 */
enum perr	 user_add(struct store *st, struct user *u, const char *pw,
		    size_t pwlen, const struct scrypt_params *params,
		    int64_t now);

/*
 * Validate a password an administrator sets: PASSWORD_MIN to PASSWORD_MAX
 * bytes.  PERR_OK, PERR_INVAL (too short) or PERR_TOOLONG.
 */
enum perr	 user_password_check(const char *pw, size_t pwlen);

/*
 * Set a new password for u and end all their sessions, in one
 * transaction.  *ended (may be NULL) gets the number of sessions ended.
 */
enum perr	 user_passwd(struct store *st, struct user *u, const char *pw,
		    size_t pwlen, const struct scrypt_params *params,
		    int64_t now, int64_t *ended);

/*
 * Write u's display, email and active flag (validated).  Going from active
 * to inactive ends all the user's sessions in the same transaction.
 */
enum perr	 user_update(struct store *st, const struct user *u,
		    int64_t *ended);

#endif /* !POSTERN_USER_H */
