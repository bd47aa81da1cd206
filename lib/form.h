/* postern: application/x-www-form-urlencoded, in bodies and query strings. */
/*
 * One parser for the urlencoded format (WHATWG URL, "application/
 * x-www-form-urlencoded parsing"): fields separated by "&", name and value
 * by the first "=", "+" meaning a space, "%XX" a byte.  Strict where it
 * matters: a field repeated is refused (parameter pollution), a bad
 * escape or a decoded NUL is refused, and every length is bounded.
 */
#ifndef POSTERN_FORM_H
#define POSTERN_FORM_H

#include <stddef.h>

#include "perr.h"

/*
 * Find the one field named name in s (len bytes, untrusted) and write its
 * decoded value, NUL-terminated, to out.  *outlen (may be NULL) gets its
 * length.  PERR_NOTFOUND: no such field.  PERR_INVAL: the field is
 * repeated, or its value has a bad escape or decodes to a NUL.
 * PERR_TOOLONG: the value does not fit in out.
 */
enum perr	 form_get(const char *s, size_t len, const char *name, char *out,
		    size_t outsz, size_t *outlen);

/*
 * Percent-encode every byte of in (len bytes) outside the RFC 3986
 * unreserved set into out.  Returns the length written, or 0 with out ""
 * when it does not fit (or len is 0).
 */
size_t		 form_encode(const char *in, size_t len, char *out, size_t outsz);

/* The same, leaving also the bytes of keep as they are ("/" in a path). */
size_t		 form_encode_keep(const char *in, size_t len, const char *keep,
		    char *out, size_t outsz);

#endif /* !POSTERN_FORM_H */
