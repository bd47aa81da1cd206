/* postern: the request a web server describes, from its parameters. */
/*
 * A FastCGI request (or a CGI environment) arrives as "NAME=VALUE"
 * strings.  The decision reads only what the web server itself sets:
 * HTTP_HOST, REQUEST_URI, REQUEST_METHOD, REMOTE_ADDR, HTTPS, and the
 * client's Cookie and Accept headers; never HTTP_X_FORWARDED_*,
 * HTTP_X_ORIGINAL_* or HTTP_REMOTE_USER.  A parameter given twice with
 * different values makes the request ambiguous and it is refused; copies
 * that agree (nginx sends HTTP_HOST twice when a configuration adds it)
 * are one value.
 */
#ifndef POSTERN_REQUEST_H
#define POSTERN_REQUEST_H

#include <stddef.h>

#include "perr.h"

/* A REQUEST_URI longer than this is refused. */
#define REQUEST_URI_MAX		8192

struct request {
	const char	*host;		/* HTTP_HOST, or NULL */
	const char	*uri;		/* REQUEST_URI, raw, or NULL */
	const char	*method;	/* REQUEST_METHOD, or NULL */
	const char	*addr;		/* REMOTE_ADDR, or NULL */
	const char	*cookie;	/* HTTP_COOKIE, or NULL */
	const char	*accept;	/* HTTP_ACCEPT, or NULL */
	const char	*xff;		/* HTTP_X_FORWARDED_FOR: trusted proxies only */
	int		 https;		/* HTTPS is "on" */
};

/*
 * Fill r from envp (a NULL-terminated array of "NAME=VALUE"; the values
 * are borrowed, so envp must outlive r).  Returns PERR_OK; PERR_INVAL with
 * *why (a static text) when a parameter the decision reads comes twice
 * with different values; PERR_TOOLONG when REQUEST_URI is over
 * REQUEST_URI_MAX.  Missing parameters are NULL: the decision refuses.
 */
enum perr	 request_from_env(char **envp, struct request *r,
		    const char **why);

#endif /* !POSTERN_REQUEST_H */
