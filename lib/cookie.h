/* postern: the Cookie request header, and Set-Cookie values. */
/*
 * The session is exactly one cookie with the configured name, compared
 * byte for byte (no case folding: __host-postern is not __Host-postern,
 * and no Unicode whitespace is trimmed).  A second cookie of the same name
 * makes the header ambiguous: no session.  Other cookies are skipped,
 * whatever their shape, since the browser may hold anything for the
 * application's own use.
 */
#ifndef POSTERN_COOKIE_H
#define POSTERN_COOKIE_H

#include <stddef.h>

#include "perr.h"

/* A Cookie header longer than this is refused outright. */
#define COOKIE_HEADER_MAX	8192

/*
 * Find the cookie named name in the Cookie header hdr (len bytes,
 * untrusted).  On PERR_OK *val and *vallen give its value, inside hdr.
 * PERR_NOTFOUND: no such cookie.  PERR_INVAL: the name occurs twice.
 * PERR_TOOLONG: the header is over COOKIE_HEADER_MAX.
 */
enum perr	 cookie_find(const char *hdr, size_t len, const char *name,
		    const char **val, size_t *vallen);

/*
 * Write a Set-Cookie value for name=value to out: HttpOnly, SameSite=Lax,
 * Path=/, Secure when secure, Domain=domain when domain is not NULL or
 * empty, Max-Age=maxage when maxage >= 0 (0 expires it).  Returns PERR_OK
 * or PERR_TOOLONG.
 */
enum perr	 cookie_format(char *out, size_t outsz, const char *name,
		    const char *value, int secure, const char *domain,
		    long long maxage);

#endif /* !POSTERN_COOKIE_H */
