/* postern: validation of free text an administrator stores. */
#include "config.h"

#include <string.h>

#include "text.h"

/*
 * UTF-8, RFC 3629 section 4:
 *   UTF8-1 = %x00-7F
 *   UTF8-2 = %xC2-DF UTF8-tail
 *   UTF8-3 = %xE0 %xA0-BF UTF8-tail / %xE1-EC 2( UTF8-tail ) /
 *            %xED %x80-9F UTF8-tail / %xEE-EF 2( UTF8-tail )
 *   UTF8-4 = %xF0 %x90-BF 2( UTF8-tail ) / %xF1-F3 3( UTF8-tail ) /
 *            %xF4 %x80-8F 2( UTF8-tail )
 */
size_t
text_utf8_len(const unsigned char *s, size_t len)
{
	unsigned char	lo = 0x80, hi = 0xbf;
	size_t		n, i;

	if (len == 0)
		return 0;
	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		if (s[0] == 0xe0)
			lo = 0xa0;
		else if (s[0] == 0xed)
			hi = 0x9f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		if (s[0] == 0xf0)
			lo = 0x90;
		else if (s[0] == 0xf4)
			hi = 0x8f;
	} else
		return 0;
	if (len < n)
		return 0;
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < n; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return n;
}

enum perr
text_check(const char *s, size_t max, int flags, const char **why)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 len = strlen(s), i, n;
	const char		*dummy;

	if (why == NULL)
		why = &dummy;
	*why = NULL;
	if (len > max) {
		*why = "too long";
		return PERR_TOOLONG;
	}
	if (len == 0 && (flags & TEXT_NONEMPTY)) {
		*why = "empty";
		return PERR_INVAL;
	}
	for (i = 0; i < len; i += n) {
		if ((n = text_utf8_len(p + i, len - i)) == 0) {
			*why = "invalid UTF-8";
			return PERR_INVAL;
		}
		if (n == 1 && (p[i] < 0x20 || p[i] == 0x7f)) {
			*why = "control character";
			return PERR_INVAL;
		}
		/* C1 controls: U+0080..U+009F, encoded C2 80..C2 9F. */
		if (n == 2 && p[i] == 0xc2 && p[i + 1] <= 0x9f) {
			*why = "control character";
			return PERR_INVAL;
		}
		if (n == 1 && p[i] == ',' && (flags & TEXT_NOCOMMA)) {
			*why = "comma";
			return PERR_INVAL;
		}
	}
	return PERR_OK;
}
