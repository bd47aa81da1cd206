/* postern: login-cgi /favicon.ico: nothing, quickly. */
/*
 * Browsers ask for /favicon.ico on their own.  An empty 204 answers them
 * without an error page in the log or the network panel; the pages carry
 * no icon of their own.
 */
#include "config.h"

#include "login.h"

static int
favicon_get(struct lreq *q)
{
	return http_send(q, 204, "text/plain; charset=utf-8", "", 0);
}

const struct page page_favicon = { "/favicon.ico", favicon_get, NULL };
