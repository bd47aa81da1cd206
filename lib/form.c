/* postern: urlencoded fields: finding one, and encoding a value. */
#include "config.h"

#include <string.h>

#include "form.h"

static int
form_hex(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decode in[0..len) into out; PERR_INVAL on a bad escape or a NUL. */
static enum perr
form_decode(const char *in, size_t len, char *out, size_t outsz,
    size_t *outlen)
{
	size_t	i, o = 0;
	int	hi, lo, c;

	for (i = 0; i < len; i++) {
		c = (unsigned char)in[i];
		if (c == '+')
			c = ' ';
		else if (c == '%') {
			if (len - i < 3)
				return PERR_INVAL;
			if ((hi = form_hex(in[i + 1])) < 0 ||
			    (lo = form_hex(in[i + 2])) < 0)
				return PERR_INVAL;
			c = hi << 4 | lo;
			i += 2;
		}
		if (c == '\0')
			return PERR_INVAL;
		if (o + 1 >= outsz)
			return PERR_TOOLONG;
		out[o++] = (char)c;
	}
	if (outsz == 0)
		return PERR_TOOLONG;
	out[o] = '\0';
	if (outlen != NULL)
		*outlen = o;
	return PERR_OK;
}

enum perr
form_get(const char *s, size_t len, const char *name, char *out,
    size_t outsz, size_t *outlen)
{
	size_t		 namelen = strlen(name), i = 0, start, end, eq;
	const char	*val = NULL;
	size_t		 vallen = 0;

	while (i < len) {
		start = i;
		while (i < len && s[i] != '&')
			i++;
		end = i;
		if (i < len)
			i++;
		for (eq = start; eq < end && s[eq] != '='; eq++)
			continue;
		/* Names are compared as sent: ours need no decoding. */
		if (eq - start != namelen || memcmp(s + start, name, namelen))
			continue;
		if (val != NULL)
			return PERR_INVAL;
		val = eq < end ? s + eq + 1 : s + end;
		vallen = eq < end ? end - eq - 1 : 0;
	}
	if (val == NULL)
		return PERR_NOTFOUND;
	return form_decode(val, vallen, out, outsz, outlen);
}

size_t
form_encode(const char *in, size_t len, char *out, size_t outsz)
{
	return form_encode_keep(in, len, "", out, outsz);
}

size_t
form_encode_keep(const char *in, size_t len, const char *keep, char *out,
    size_t outsz)
{
	static const char	hex[] = "0123456789ABCDEF";
	size_t			i, o = 0;
	unsigned char		c;

	if (outsz == 0)
		return 0;
	for (i = 0; i < len; i++) {
		c = (unsigned char)in[i];
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' ||
		    c == '_' || c == '~' || (c != '\0' && strchr(keep, c))) {
			if (o + 1 >= outsz)
				goto toolong;
			out[o++] = (char)c;
		} else {
			if (o + 3 >= outsz)
				goto toolong;
			out[o++] = '%';
			out[o++] = hex[c >> 4];
			out[o++] = hex[c & 0xf];
		}
	}
	out[o] = '\0';
	return o;
toolong:
	out[0] = '\0';
	return 0;
}
