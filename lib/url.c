/* postern: absolute http(s) URLs and hosts, parsed strictly. */
/*
 * The grammar of configured URLs, of HTTP_HOST and of portal links.  Each
 * parser checks a length before it indexes, refuses rather than repairs,
 * and gives every refused shape its own short reason.  Character classes
 * are ASCII-only and locale-independent on purpose.
 */
#include "config.h"

#include <sys/socket.h>
#include <arpa/inet.h>
#include <netinet/in.h>

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "limits.h"
#include "text.h"
#include "url.h"

#define URL_LABEL_MAX	63	/* RFC 1035 */

static int
url_isalpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
url_isdigit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static int
url_isxdigit(unsigned char c)
{
	return url_isdigit(c) || (c >= 'a' && c <= 'f') ||
	    (c >= 'A' && c <= 'F');
}

static unsigned char
url_lower(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c;
}

/* The value of the hex digit c, or -1 when c is not one. */
static int
url_hexval(unsigned char c)
{
	if (url_isdigit(c))
		return c - '0';
	if (!url_isxdigit(c))
		return -1;
	return url_lower(c) - 'a' + 10;
}

/* unreserved = ALPHA / DIGIT / "-" / "." / "_" / "~"  (RFC 3986) */
static int
url_isunreserved(unsigned char c)
{
	return url_isalpha(c) || url_isdigit(c) || c == '-' || c == '.' ||
	    c == '_' || c == '~';
}

/* sub-delims = "!" / "$" / "&" / "'" / "(" / ")" / "*" / "+" / "," / ";" / "=" */
static int
url_issubdelim(unsigned char c)
{
	return c != '\0' && strchr("!$&'()*+,;=", c) != NULL;
}

/* pchar minus pct-encoded = unreserved / sub-delims / ":" / "@" */
static int
url_ispchar(unsigned char c)
{
	return url_isunreserved(c) || url_issubdelim(c) || c == ':' ||
	    c == '@';
}

/* Does s[0..len) begin with the ASCII string lit, ignoring case? */
static int
url_prefix(const char *s, size_t len, const char *lit)
{
	size_t	i, n = strlen(lit);

	if (len < n)
		return 0;
	for (i = 0; i < n; i++)
		if (url_lower((unsigned char)s[i]) != (unsigned char)lit[i])
			return 0;
	return 1;
}

/*
 * IPv4address = dec-octet "." dec-octet "." dec-octet "." dec-octet
 * dec-octet   = "0" / %x31-39 0*2DIGIT        ; at most 255, no leading 0
 *
 * Leading zeros are refused because some resolvers read them as octal.
 */
static int
url_ipv4(const char *s, size_t len)
{
	size_t	i = 0, digits;
	int	part, val;

	for (part = 0; part < 4; part++) {
		if (part > 0) {
			if (i >= len || s[i] != '.')
				return 0;
			i++;
		}
		val = 0;
		digits = 0;
		while (i < len && url_isdigit((unsigned char)s[i])) {
			if (digits == 3)
				return 0;
			if (digits == 1 && val == 0)
				return 0;
			val = val * 10 + (s[i] - '0');
			digits++;
			i++;
		}
		if (digits == 0 || val > 255)
			return 0;
	}
	return i == len;
}

/*
 * host     = "[" IPv6address "]" / IPv4address / dnsname
 * dnsname  = label *( "." label ) [ "." ]  ; <= 253 bytes without the dot
 * label    = let-dig [ *61( let-dig / "-" ) let-dig ]   ; 1-63 bytes
 * let-dig  = ALPHA / DIGIT
 *
 * A name whose last label is all digits, or "0x" and hex digits, is what a
 * browser reads as an IPv4 number: it must then be an IPv4address.  The
 * IPv6 literal has no zone identifier and is rewritten by inet_ntop(3).
 * The result, lowercased and without the trailing dot, goes to out; with
 * dnsonly, addresses are refused.
 */
static enum perr
url_host(const char *s, size_t len, int dnsonly, char *out, size_t outsz,
    const char **why)
{
	struct in6_addr	 a6;
	char		 buf[ADDRESS_MAX + 1], canon[INET6_ADDRSTRLEN];
	size_t		 i, last;
	unsigned char	 c;
	int		 numeric, hexnum;

	*why = "bad host";
	if (len == 0) {
		*why = "empty host";
		return PERR_INVAL;
	}

	if (s[0] == '[') {
		if (dnsonly) {
			*why = "an IP address is not a domain";
			return PERR_INVAL;
		}
		*why = "bad IPv6 literal";
		if (len < 4 || s[len - 1] != ']' || len - 2 > ADDRESS_MAX)
			return PERR_INVAL;
		for (i = 1; i < len - 1; i++) {
			c = (unsigned char)s[i];
			if (!url_isxdigit(c) && c != ':' && c != '.')
				return PERR_INVAL;
		}
		memcpy(buf, s + 1, len - 2);
		buf[len - 2] = '\0';
		if (inet_pton(AF_INET6, buf, &a6) != 1 ||
		    inet_ntop(AF_INET6, &a6, canon, sizeof(canon)) == NULL)
			return PERR_INVAL;
		if ((size_t)snprintf(out, outsz, "[%s]", canon) >= outsz) {
			*why = "host too long";
			return PERR_TOOLONG;
		}
		return PERR_OK;
	}

	if (s[len - 1] == '.')
		len--;
	if (len == 0 || len > HOST_MAX)
		return PERR_INVAL;
	if (len + 1 > outsz) {
		*why = "host too long";
		return PERR_TOOLONG;
	}

	/* Walk the labels; last is where the final one starts. */
	last = 0;
	for (i = 0; i <= len; i++) {
		if (i == len || s[i] == '.') {
			if (i == last || i - last > URL_LABEL_MAX ||
			    s[last] == '-' || s[i - 1] == '-')
				return PERR_INVAL;
			if (i < len)
				last = i + 1;
			continue;
		}
		c = (unsigned char)s[i];
		if (!url_isalpha(c) && !url_isdigit(c) && c != '-')
			return PERR_INVAL;
	}
	/* The last label: all digits, or 0x and hex digits? */
	numeric = 1;
	for (i = last; i < len; i++)
		if (!url_isdigit((unsigned char)s[i]))
			numeric = 0;
	hexnum = len - last >= 2 && s[last] == '0' &&
	    url_lower((unsigned char)s[last + 1]) == 'x';
	for (i = last + 2; hexnum && i < len; i++)
		if (!url_isxdigit((unsigned char)s[i]))
			hexnum = 0;
	if (hexnum)
		return PERR_INVAL;
	if (numeric) {
		if (!url_ipv4(s, len)) {
			*why = "bad IPv4 address";
			return PERR_INVAL;
		}
		if (dnsonly) {
			*why = "an IP address is not a domain";
			return PERR_INVAL;
		}
	}

	for (i = 0; i < len; i++)
		out[i] = (char)url_lower((unsigned char)s[i]);
	out[len] = '\0';
	return PERR_OK;
}

/*
 * hostport = host [ ":" port ]
 * port     = %x31-39 0*4DIGIT              ; 1-65535, no leading zero
 *
 * The scheme's default port (443 for https, 80 for http) becomes 0.
 */
static enum perr
url_hostport(const char *s, size_t len, int https, char *host, size_t hostsz,
    int *port, const char **why)
{
	size_t		 hlen, i;
	const char	*p;
	enum perr	 er;
	int		 val;

	*port = 0;
	if (len > 0 && s[0] == '[') {
		p = memchr(s, ']', len);
		if (p == NULL) {
			*why = "bad IPv6 literal";
			return PERR_INVAL;
		}
		hlen = (size_t)(p - s) + 1;
		if (hlen < len && s[hlen] != ':') {
			*why = "bad host";
			return PERR_INVAL;
		}
	} else {
		p = memchr(s, ':', len);
		hlen = p == NULL ? len : (size_t)(p - s);
	}
	if ((er = url_host(s, hlen, 0, host, hostsz, why)) != PERR_OK)
		return er;
	if (hlen == len)
		return PERR_OK;

	*why = "bad port";
	i = hlen + 1;
	if (i == len || len - i > 5 || s[i] == '0')
		return PERR_INVAL;
	val = 0;
	for (; i < len; i++) {
		if (!url_isdigit((unsigned char)s[i]))
			return PERR_INVAL;
		val = val * 10 + (s[i] - '0');
	}
	if (val > 65535)
		return PERR_INVAL;
	if (val != (https ? 443 : 80))
		*port = val;
	return PERR_OK;
}

/*
 * Every byte of a URL is printable ASCII other than the space and the
 * backslash; the backslash is refused because browsers read it as "/".
 */
static int
url_bytes(const char *s, size_t len, const char **why)
{
	size_t		i;
	unsigned char	c;

	for (i = 0; i < len; i++) {
		c = (unsigned char)s[i];
		if (c <= 0x20 || c >= 0x7f) {
			*why = "control, space or non-ASCII byte";
			return 0;
		}
		if (c == '\\') {
			*why = "backslash is not allowed";
			return 0;
		}
	}
	return 1;
}

/*
 * scheme-start = ( "http" / "https" ) "://"    ; case-insensitive
 *
 * Sets *https and returns the length of the prefix, or 0 when there is none.
 */
static size_t
url_scheme(const char *s, size_t len, int *https)
{
	if (url_prefix(s, len, "https://")) {
		*https = 1;
		return 8;
	}
	if (url_prefix(s, len, "http://")) {
		*https = 0;
		return 7;
	}
	return 0;
}

/*
 * path        = *( "/" segment ) [ "/" ]   ; a final "/" is dropped
 * segment     = 1*( pchar / pct-encoded )  ; never "." or ".."
 * pchar       = unreserved / sub-delims / ":" / "@"
 * pct-encoded = "%" HEXDIG HEXDIG          ; not %2F, %5C, %00-%1F, %7F
 *
 * No empty segment ("//"); a dot segment is refused also when spelled
 * %2E.  The hex digits are written in upper case and the encodings of
 * unreserved characters decoded (RFC 3986 section 6.2.2), so one path has
 * one spelling.  s[0..len) is the whole rest of the URL after the host.
 */
static enum perr
url_path(const char *s, size_t len, char *out, size_t outsz, const char **why)
{
	size_t		 i, o = 0, seg;
	unsigned char	 c;
	int		 v;

	*why = "bad path";
	if (outsz == 0)
		return PERR_TOOLONG;
	out[0] = '\0';
	if (len == 0)
		return PERR_OK;
	if (s[0] != '/')
		return PERR_INVAL;

	i = 0;
	while (i < len) {
		/* s[i] is '/': one segment follows, or the end. */
		i++;
		if (i == len)
			break;		/* the final "/" is dropped */
		if (s[i] == '/') {
			*why = "empty path segment (\"//\")";
			return PERR_INVAL;
		}
		if (o + 1 >= outsz)
			goto toolong;
		out[o++] = '/';
		seg = o;
		for (; i < len && s[i] != '/'; i++) {
			c = (unsigned char)s[i];
			if (c == '%') {
				if (len - i < 3 ||
				    !url_isxdigit((unsigned char)s[i + 1]) ||
				    !url_isxdigit((unsigned char)s[i + 2])) {
					*why = "bad percent-encoding";
					return PERR_INVAL;
				}
				v = url_hexval((unsigned char)s[i + 1]) * 16 +
				    url_hexval((unsigned char)s[i + 2]);
				i += 2;
				if (v == '/' || v == '\\') {
					*why = "encoded \"/\" or \"\\\" in path";
					return PERR_INVAL;
				}
				if (v < 0x20 || v == 0x7f) {
					*why = "encoded control byte in path";
					return PERR_INVAL;
				}
				if (url_isunreserved((unsigned char)v)) {
					if (o + 1 >= outsz)
						goto toolong;
					out[o++] = (char)v;
				} else {
					if (o + 3 >= outsz)
						goto toolong;
					out[o++] = '%';
					out[o++] = "0123456789ABCDEF"[v >> 4];
					out[o++] = "0123456789ABCDEF"[v & 0xf];
				}
				continue;
			}
			if (c == '?' || c == '#') {
				*why = "query or fragment not allowed";
				return PERR_INVAL;
			}
			if (!url_ispchar(c))
				return PERR_INVAL;
			if (o + 1 >= outsz)
				goto toolong;
			out[o++] = (char)c;
		}
		if ((o - seg == 1 && out[seg] == '.') ||
		    (o - seg == 2 && out[seg] == '.' && out[seg + 1] == '.')) {
			*why = "dot segment in path";
			return PERR_INVAL;
		}
	}
	out[o] = '\0';
	return PERR_OK;
toolong:
	out[0] = '\0';
	*why = "too long";
	return PERR_TOOLONG;
}

/*
 * url       = scheme-start authority [ path ]
 * authority = hostport                     ; no userinfo ("@")
 *
 * with hostport, path and scheme-start as above, the bytes as url_bytes()
 * says, and at most URL_MAX bytes before and after normalization.
 */
enum perr
url_parse(const char *s, struct url *u, const char **why)
{
	const char	*dummy;
	size_t		 len, pre, alen;
	enum perr	 er;

	if (why == NULL)
		why = &dummy;
	memset(u, 0, sizeof(*u));
	*why = "too long";
	if ((len = strnlen(s, URL_MAX + 1)) > URL_MAX)
		return PERR_TOOLONG;
	if (!url_bytes(s, len, why))
		return PERR_INVAL;
	if ((pre = url_scheme(s, len, &u->https)) == 0) {
		*why = "not http or https";
		return PERR_INVAL;
	}
	s += pre;
	len -= pre;

	alen = strcspn(s, "/?#");
	if (memchr(s, '@', alen) != NULL) {
		*why = "userinfo is not allowed";
		er = PERR_INVAL;
		goto fail;
	}
	er = url_hostport(s, alen, u->https, u->host, sizeof(u->host),
	    &u->port, why);
	if (er != PERR_OK)
		goto fail;
	if (alen < len && s[alen] != '/') {
		*why = "query or fragment not allowed";
		er = PERR_INVAL;
		goto fail;
	}
	er = url_path(s + alen, len - alen, u->path, sizeof(u->path), why);
	if (er != PERR_OK)
		goto fail;
	if (url_format(u, NULL, 0) > URL_MAX) {
		*why = "too long";
		er = PERR_TOOLONG;
		goto fail;
	}
	return PERR_OK;
fail:
	memset(u, 0, sizeof(*u));
	return er;
}

enum perr
url_host_normalize(const char *in, size_t len, int https, char *out,
    size_t outsz)
{
	char		 host[HOST_MAX + 1];
	const char	*why;
	size_t		 i;
	int		 port, n;

	if (outsz == 0)
		return PERR_TOOLONG;
	out[0] = '\0';
	if (len == 0 || len > HOSTPORT_MAX)
		return PERR_INVAL;
	for (i = 0; i < len; i++)
		if ((unsigned char)in[i] <= 0x20 ||
		    (unsigned char)in[i] >= 0x7f ||
		    strchr("/?#@\\", in[i]) != NULL)
			return PERR_INVAL;
	if (url_hostport(in, len, https, host, sizeof(host), &port, &why) !=
	    PERR_OK)
		return PERR_INVAL;
	if (port != 0)
		n = snprintf(out, outsz, "%s:%d", host, port);
	else
		n = snprintf(out, outsz, "%s", host);
	if (n < 0 || (size_t)n >= outsz) {
		out[0] = '\0';
		return PERR_TOOLONG;
	}
	return PERR_OK;
}

enum perr
url_domain_normalize(const char *in, char *out, size_t outsz,
    const char **why)
{
	const char	*dummy;
	size_t		 len;

	if (why == NULL)
		why = &dummy;
	if (outsz > 0)
		out[0] = '\0';
	*why = "bad domain";
	if ((len = strnlen(in, HOST_MAX + 2)) > HOST_MAX + 1)
		return PERR_INVAL;
	if (len > 0 && in[0] == '.') {
		*why = "no leading dot, please";
		return PERR_INVAL;
	}
	if (!url_bytes(in, len, why))
		return PERR_INVAL;
	if (len > 0 && in[0] == '[') {
		*why = "an IP address is not a domain";
		return PERR_INVAL;
	}
	return url_host(in, len, 1, out, outsz, why);
}

size_t
url_format(const struct url *u, char *out, size_t outsz)
{
	int	n;

	if (u->port != 0)
		n = snprintf(out, outsz, "%s://%s:%d%s",
		    u->https ? "https" : "http", u->host, u->port, u->path);
	else
		n = snprintf(out, outsz, "%s://%s%s",
		    u->https ? "https" : "http", u->host, u->path);
	if (n < 0) {
		if (outsz > 0)
			out[0] = '\0';
		return 0;
	}
	return (size_t)n;
}

/*
 * link-rest   = *( pchar / pct-encoded / "/" ) [ "?" *lchar ] [ "#" *lchar ]
 * lchar       = pchar / pct-encoded / "/" / "?"
 *
 * The rest of a link after its authority (or all of a local path).
 */
static int
url_link_rest(const char *s, size_t len, const char **why)
{
	size_t		i;
	unsigned char	c;
	int		part = 0;	/* 0 path, 1 query, 2 fragment */

	for (i = 0; i < len; i++) {
		c = (unsigned char)s[i];
		if (c == '%') {
			if (len - i < 3 ||
			    !url_isxdigit((unsigned char)s[i + 1]) ||
			    !url_isxdigit((unsigned char)s[i + 2])) {
				*why = "bad percent-encoding";
				return 0;
			}
			i += 2;
		} else if (c == '?' && part == 0)
			part = 1;
		else if (c == '#' && part < 2)
			part = 2;
		else if (!url_ispchar(c) && c != '/' && !(c == '?' && part > 0)) {
			*why = "character not allowed in a link";
			return 0;
		}
	}
	return 1;
}

/*
 * link     = absolute / local
 * absolute = scheme-start hostport link-rest   ; no userinfo
 * local    = "/" link-rest                     ; but not "//"
 *
 * with the bytes as url_bytes() says and at most URL_MAX of them.
 */
enum perr
url_parse_link(const char *s, const char **why)
{
	char		 host[HOST_MAX + 1];
	const char	*dummy;
	size_t		 len, pre, alen;
	int		 https, port;
	enum perr	 er;

	if (why == NULL)
		why = &dummy;
	*why = "too long";
	if ((len = strnlen(s, URL_MAX + 1)) > URL_MAX)
		return PERR_TOOLONG;
	if (len == 0) {
		*why = "empty link";
		return PERR_INVAL;
	}
	if (!url_bytes(s, len, why))
		return PERR_INVAL;

	if (s[0] == '/') {
		if (len > 1 && s[1] == '/') {
			*why = "a local link starts with exactly one \"/\"";
			return PERR_INVAL;
		}
		return url_link_rest(s, len, why) ? PERR_OK : PERR_INVAL;
	}

	if ((pre = url_scheme(s, len, &https)) == 0) {
		*why = "not an http(s) URL or a local path";
		return PERR_INVAL;
	}
	s += pre;
	len -= pre;
	alen = strcspn(s, "/?#");
	if (memchr(s, '@', alen) != NULL) {
		*why = "userinfo is not allowed";
		return PERR_INVAL;
	}
	er = url_hostport(s, alen, https, host, sizeof(host), &port, why);
	if (er != PERR_OK)
		return er;
	return url_link_rest(s + alen, len - alen, why) ? PERR_OK : PERR_INVAL;
}

/*
 * The request path, normalized once (DESIGN.md step 1), the way nginx
 * resolves locations:
 *
 *   request-target = origin-form          ; RFC 9112 3.2.1
 *   origin-form    = absolute-path [ "?" query ] [ "#" fragment ]
 *   absolute-path  = 1*( "/" segment )
 *
 *  1. the query and any fragment are cut off (at the first "?" or "#");
 *  2. the target must start with "/" (absolute-form and "*" are refused);
 *  3. every "%XX" is decoded once; a "%" without two hex digits, a decoded
 *     NUL, a decoded "/" (%2F: an encoded slash would hide a segment
 *     boundary) and any control byte (00-1F, 7F) are refused;
 *  4. the decoded bytes must be valid UTF-8 (no overlong forms);
 *  5. "\" (literal or decoded) is a "/", as browsers make it;
 *  6. empty segments (repeated slashes) are merged, "." segments dropped,
 *     ".." removes the segment before it; a ".." above the root is refused
 *     (nginx answers 400);
 *  7. a trailing "/" (or a final "." or "..") is kept as a trailing "/".
 *
 * Linear in the input: each output byte is written once and removed at
 * most once.
 */
enum perr
url_path_normalize(const char *in, size_t len, char *out, size_t outsz,
    const char **why)
{
	unsigned char	 seg[PATH_MAX_BYTES];
	const char	*dummy;
	size_t		 i, o = 0, segl, n;
	int		 c, hi, lo, dotseg;

	if (why == NULL)
		why = &dummy;
	*why = NULL;
	if (outsz < 2)
		return PERR_TOOLONG;
	for (i = 0; i < len; i++)
		if (in[i] == '?' || in[i] == '#')
			break;
	len = i;
	if (len == 0 || in[0] != '/') {
		*why = "the path does not start with /";
		goto bad;
	}
	out[o++] = '/';
	i = 0;
	while (i < len) {
		/* Skip the separators before the next segment. */
		while (i < len && (in[i] == '/' || in[i] == '\\'))
			i++;
		segl = 0;
		while (i < len && in[i] != '/' && in[i] != '\\') {
			c = (unsigned char)in[i++];
			if (c == '%') {
				if (len - i < 2 ||
				    (hi = url_hexval((unsigned char)in[i])) < 0 ||
				    (lo = url_hexval((unsigned char)in[i + 1])) < 0) {
					*why = "a bad percent-escape";
					goto bad;
				}
				c = hi << 4 | lo;
				i += 2;
				if (c == '/') {
					*why = "an encoded slash (%2F)";
					goto bad;
				}
				if (c == '\\')
					break;	/* a separator, as "\" */
			}
			if (c < 0x20 || c == 0x7f) {
				*why = "a NUL or control byte";
				goto bad;
			}
			if (segl == sizeof(seg)) {
				*why = "the path is too long";
				return PERR_TOOLONG;
			}
			seg[segl++] = (unsigned char)c;
		}
		if (segl == 0)
			continue;
		for (n = 0; n < segl; n += c) {
			if ((c = (int)text_utf8_len(seg + n, segl - n)) == 0) {
				*why = "invalid UTF-8";
				goto bad;
			}
		}
		dotseg = (segl == 1 && seg[0] == '.') ||
		    (segl == 2 && seg[0] == '.' && seg[1] == '.');
		if (segl == 2 && dotseg) {
			if (o == 1) {
				*why = "a .. above the root";
				goto bad;
			}
			/* out ends with "/": drop the last segment and it. */
			o--;
			while (o > 0 && out[o - 1] != '/')
				o--;
		} else if (!dotseg) {
			/* The "/" after it may be dropped at the end: see done. */
			if (o + segl + 1 > outsz) {
				*why = "the path is too long";
				return PERR_TOOLONG;
			}
			memcpy(out + o, seg, segl);
			o += segl;
			out[o++] = '/';
		}
		/* A "." or ".." at the end leaves the trailing "/". */
		if (i >= len && dotseg)
			goto done;
	}
	/* Drop the "/" after the last segment unless the input had one. */
	if (o > 1 && in[len - 1] != '/' && in[len - 1] != '\\' &&
	    !(len >= 3 && strncasecmp(in + len - 3, "%5C", 3) == 0))
		o--;
done:
	if (o >= outsz) {
		*why = "the path is too long";
		out[0] = '\0';
		return PERR_TOOLONG;
	}
	out[o] = '\0';
	return PERR_OK;
bad:
	out[0] = '\0';
	return PERR_INVAL;
}

size_t
url_hostport_str(const struct url *u, char *out, size_t outsz)
{
	int	n;

	if (u->port != 0)
		n = snprintf(out, outsz, "%s:%d", u->host, u->port);
	else
		n = snprintf(out, outsz, "%s", u->host);
	return n < 0 ? 0 : (size_t)n;
}

int
url_host_under(const char *host, const char *domain)
{
	size_t	hl = strlen(host), dl = strlen(domain);

	if (dl == 0)
		return 0;
	if (hl == dl)
		return strcmp(host, domain) == 0;
	return hl > dl && host[hl - dl - 1] == '.' &&
	    strcmp(host + hl - dl, domain) == 0;
}
