/* postern: the rd parameter: where a login may send the browser back to. */
/*
 * DESIGN.md, "login-cgi": rd is accepted only if it is an absolute https
 * URL (or http where the application's external host is http) whose host
 * is an application's external host (with its port) or lies under the
 * cookie domain on a label boundary (default port only), or the login
 * host; with no userinfo, no backslash, no control, space or non-ASCII
 * byte, at most URL_MAX bytes.  Anything else falls back to the portal.
 * The check parses, never compares prefixes or suffixes of the raw text.
 */
#ifndef POSTERN_RD_H
#define POSTERN_RD_H

#include "perr.h"
#include "store.h"

/*
 * PERR_OK when rd may be redirected to (the configured applications,
 * cookie.domain and login.url are read from st); PERR_INVAL (with *why, a
 * static text) when not; store errors as usual (the caller falls back to
 * the portal for any error).
 */
enum perr	 rd_check(struct store *st, const char *rd, const char **why);

#endif /* !POSTERN_RD_H */
