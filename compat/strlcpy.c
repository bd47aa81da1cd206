/* postern: strlcpy(3) for systems without it (glibc before 2.38). */
#include "config.h"

#include <string.h>

/*
 * Copy src into dst of dsize bytes, always NUL-terminated when dsize > 0.
 * Returns strlen(src); a result >= dsize means it was truncated.
 */
size_t
strlcpy(char *dst, const char *src, size_t dsize)
{
	size_t	len = strlen(src);

	if (dsize > 0) {
		size_t	n = len < dsize - 1 ? len : dsize - 1;

		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return len;
}
