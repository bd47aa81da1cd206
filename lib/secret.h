/* postern: the key file that encrypts secrets at rest. */
/*
 * TOTP seeds are encrypted with a 256-bit key kept outside the database,
 * in a file of its own (mode 0600), by default beside the store: the
 * store's path with ".db" replaced by ".key" (or ".key" appended).
 */
#ifndef POSTERN_SECRET_H
#define POSTERN_SECRET_H

#include <stddef.h>

#include "perr.h"

#define SECRET_KEY_BYTES	32

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

#endif /* !POSTERN_SECRET_H */
