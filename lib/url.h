/* postern: absolute http(s) URLs and hosts, parsed strictly. */
/*
 * This module owns the one grammar for the URLs an administrator configures
 * (a provider's external and internal host, login.url), the one host
 * normalizer the authorizer applies to HTTP_HOST, and the check applied to
 * the icon and launch links shown in the portal.  Nothing here allocates;
 * every result goes into a caller-supplied fixed buffer sized by limits.h.
 * The grammars are in url.c above each parser.
 */
#ifndef POSTERN_URL_H
#define POSTERN_URL_H

#include <stddef.h>

#include "limits.h"
#include "perr.h"

/*
 * A configured absolute URL, normalized: the scheme and host lowercased,
 * one trailing dot of the host removed, an IPv6 literal in its inet_ntop(3)
 * form inside brackets, the scheme's default port stored as 0, the path
 * without a trailing slash ("https://h/" and "https://h" both have path "")
 * and with percent-encodings in upper case, those of unreserved characters
 * decoded.
 */
struct url {
	int	https;			/* 1: https, 0: http */
	char	host[HOST_MAX + 1];	/* "example.org", "10.0.0.1", "[::1]" */
	int	port;			/* 1..65535; 0: the scheme's default */
	char	path[URL_MAX + 1];	/* "" or "/seg[/seg...]", no final "/" */
};

/*
 * Parse the NUL-terminated s into *u.  Returns PERR_OK; PERR_TOOLONG when s
 * (or its canonical form) is longer than URL_MAX; PERR_INVAL when s is not
 * an absolute http(s) URL of the configured-URL grammar (no userinfo, query,
 * fragment, backslash, control, space or non-ASCII byte, encoded "/", dot
 * segment or empty segment).  On failure *why (when why is not NULL) points
 * to a short static English reason and *u is zeroed.
 */
enum perr	 url_parse(const char *s, struct url *u, const char **why);

/*
 * Normalize the host[:port] of len bytes at in (an HTTP_HOST value, say;
 * it need not be NUL-terminated) for a request over https (1) or http (0):
 * lowercased, one trailing dot removed, the IPv6 literal canonical, the
 * scheme's default port removed.  Writes the NUL-terminated result to out.
 * Returns PERR_OK; PERR_INVAL when in is not a plain ASCII host[:port] of
 * the url_parse() host grammar; PERR_TOOLONG when out is too small (an
 * outsz of HOSTPORT_MAX + 1 is always enough).  On failure out is "".
 */
enum perr	 url_host_normalize(const char *in, size_t len, int https,
		    char *out, size_t outsz);

/*
 * Normalize the NUL-terminated DNS name in (no IP address, no port, no
 * leading dot; one trailing dot allowed) into out, lowercased.  Used for
 * cookie.domain.  PERR_OK, PERR_INVAL (with *why) or PERR_TOOLONG (out too
 * small; HOST_MAX + 1 is always enough).
 */
enum perr	 url_domain_normalize(const char *in, char *out, size_t outsz,
		    const char **why);

/*
 * Write the canonical text of u, "http[s]://host[:port][path]", to out,
 * NUL-terminated when outsz > 0.  Returns the length of the whole text, as
 * snprintf(3) does: a result >= outsz means it was truncated.  For a u
 * filled by url_parse() the text is at most URL_MAX bytes and parses back
 * to the same struct.
 */
size_t		 url_format(const struct url *u, char *out, size_t outsz);

/*
 * Check the NUL-terminated s as a link the portal may render (an icon or a
 * launch URL): an absolute http(s) URL whose host, port and characters pass
 * the url_parse() rules but which may carry a query and a fragment, or a
 * same-origin absolute path ("/x", never "//x" or "/\x").  Every other
 * scheme (javascript:, data:, ...) is refused.  Returns PERR_OK,
 * PERR_TOOLONG (longer than URL_MAX) or PERR_INVAL, with *why as for
 * url_parse().  The link is stored as given.
 */
enum perr	 url_parse_link(const char *s, const char **why);

/*
 * u's "host" or "host:port" (the port only when it is not the scheme's
 * default), as url_host_normalize() writes a request's host, into out.
 * Returns the length, as snprintf(3) does.
 */
size_t		 url_hostport_str(const struct url *u, char *out, size_t outsz);

/*
 * 1 when the DNS name host equals domain or lies under it on a label
 * boundary (app.example.com under example.com, never badexample.com).
 */
int		 url_host_under(const char *host, const char *domain);

/*
 * Normalize a raw REQUEST_URI (len bytes, untrusted) into the path the
 * decision matches on (grammar and rules above the function in url.c):
 * query and fragment cut, percent-decoded once, "\" as "/", dot segments
 * removed, slashes merged.  Writes the NUL-terminated path to out.
 * PERR_OK; PERR_INVAL with *why (a static text) for a malformed path;
 * PERR_TOOLONG when it does not fit (PATH_MAX_BYTES + 1 is enough for any
 * REQUEST_URI of that many bytes).
 */
enum perr	 url_path_normalize(const char *in, size_t len, char *out,
		    size_t outsz, const char **why);

#endif /* !POSTERN_URL_H */
