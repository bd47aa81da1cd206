/* postern: validation of free text an administrator stores. */
/*
 * Display names, application names, descriptions and group names are free
 * text, but they end up in HTML, headers, JSON and logs, so they must be
 * valid UTF-8 without control characters.  One validator, used everywhere.
 */
#ifndef POSTERN_TEXT_H
#define POSTERN_TEXT_H

#include <stddef.h>

#include "perr.h"

#define TEXT_NOCOMMA	0x01	/* refuse ',' (group names: lists use it) */
#define TEXT_NONEMPTY	0x02	/* refuse "" */

/*
 * Check that s (NUL-terminated) is at most max bytes of strict UTF-8 (no
 * overlong forms, surrogates or code points past U+10FFFF) holding no C0 or
 * C1 control character nor DEL, with the extra rules in flags.  Returns
 * PERR_OK, PERR_TOOLONG or PERR_INVAL; *why (may be NULL) gets a short
 * static reason.
 */
enum perr	 text_check(const char *s, size_t max, int flags,
		    const char **why);

/*
 * Length in bytes of the valid UTF-8 sequence at s[0..len-1], or 0 when it
 * is not one.  Shared by every parser that must refuse invalid UTF-8.
 */
size_t		 text_utf8_len(const unsigned char *s, size_t len);

#endif /* !POSTERN_TEXT_H */
