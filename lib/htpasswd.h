/* postern: one line of an htpasswd file. */
/*
 * import-htpasswd reads a file an administrator hands it, which may hold
 * anything: this module turns one line of it into a name and a hash of a
 * supported scheme, or says exactly why it cannot.  It does not validate
 * the name as a username (the caller canonicalizes it) and never returns a
 * refused "hash", which may well be a plaintext password.
 */
#ifndef POSTERN_HTPASSWD_H
#define POSTERN_HTPASSWD_H

#include <stddef.h>

#include "limits.h"
#include "perr.h"

/*
 * Line grammar:
 *   line    = ( entry / comment / "" ) [ [ CR ] LF ]
 *   entry   = name ":" hash
 *   name    = 1*USERNAME_MAX( %x20-39 / %x3B-7E / %x80-FF )   ; no ":"
 *   hash    = 1*HASH_MAX( %x20-39 / %x3B-7E / %x80-FF )       ; no ":"
 *   comment = "#" *( %x20-7E / %x80-FF )
 * At most HTPASSWD_LINE_MAX bytes, not counting the line end.  Any other
 * control byte, a NUL, or a CR not followed by the final LF is refused,
 * in comments too.
 *
 * Parse line (len bytes, no NUL needed).  Returns:
 *   PERR_OK        name and hash written (NUL-terminated) and *why NULL;
 *                  hash passed password_import_check();
 *   PERR_NOTFOUND  a blank or comment line, to skip (*why is "blank
 *                  line" or "comment");
 *   PERR_TOOLONG   the line, the name or the hash is too long;
 *   PERR_INVAL     anything else.
 * On failure *why (may be NULL) points at a short static English reason,
 * hash is wiped and empty, and name holds the name when the failure is in
 * the hash (so the caller can say whose line it was), else is empty.
 */
enum perr	 htpasswd_parse_line(const char *line, size_t len,
		    char name[USERNAME_MAX + 1], char hash[HASH_MAX + 1],
		    const char **why);

#endif /* !POSTERN_HTPASSWD_H */
