/* postern: the page templates and their renderer. */
/*
 * login-cgi prints no HTML of its own: each page is a file in the
 * templates directory, filled here with typed variables.  Every value is
 * escaped for the context the template puts it in (text and quoted
 * attribute, or URL attribute); only a value the program marks safe, in a
 * tag that asks for it, goes out as it is.  The grammar is in template.c
 * above the parser; templates/README.md is the guide for restyling.
 *
 * Output goes to a growable buffer with a hard limit (struct tbuf): the
 * renderer grows it geometrically, so a render costs a few allocations
 * (the file, its parsed form, the buffer's growth), never one per
 * variable.  Variables are caller-owned arrays, usually on the stack;
 * nothing in them is copied or freed by the renderer.
 */
#ifndef POSTERN_TEMPLATE_H
#define POSTERN_TEMPLATE_H

#include <stddef.h>

#include "perr.h"

#define TEMPLATE_FILE_MAX	65536	/* one template file, in bytes */
#define TEMPLATE_OUT_MAX	1048576	/* a page, when tbuf.max is 0 */
#define TEMPLATE_PAGE_MAX	32	/* a page name, "[a-z0-9_-]{1,32}" */
#define TEMPLATE_NAME_MAX	64	/* a variable name in a tag */
#define TEMPLATE_DEPTH_MAX	8	/* sections nested in one another */

/*
 * A growable output buffer.  Start it as TBUF_INIT(max), or zeroed (max 0:
 * TEMPLATE_OUT_MAX).  p is NULL until the first write, then always
 * NUL-terminated; it belongs to the buffer: template_buf_free() releases
 * it.  len never exceeds max; a write past it fails with PERR_TOOLONG.
 */
struct tbuf {
	char	*p;	/* the text; NUL-terminated once not NULL */
	size_t	 len;	/* bytes of text, without the NUL */
	size_t	 cap;	/* bytes allocated at p */
	size_t	 max;	/* hard limit on len; 0: TEMPLATE_OUT_MAX */
};

#define TBUF_INIT(mx)	{ NULL, 0, 0, (mx) }

enum tvar_type {
	TVAR_STR,	/* text from a user, an admin or the request: escaped */
	TVAR_SAFE,	/* HTML the program built: raw, in {{&name}} only */
	TVAR_BOOL,	/* for {{#name}} and {{^name}} only */
	TVAR_LIST	/* scopes for {{#name}}...{{/name}}, one per item */
};

struct tvars;

/*
 * One variable.  Build it with the TV_* macros below.  name is
 * "[a-z0-9_.]{1,64}" (a name a tag cannot spell is never found); s NULL
 * reads as "".
 */
struct tvar {
	const char		*name;
	enum tvar_type		 type;
	const char		*s;	/* TVAR_STR, TVAR_SAFE */
	int			 b;	/* TVAR_BOOL */
	const struct tvars	*items;	/* TVAR_LIST: nitems scopes */
	size_t			 nitems;
};

/*
 * A scope: n variables.  Inside a section over a list each item is the
 * innermost scope; a name it lacks is looked up in the enclosing scopes,
 * out to the top-level variables.  In one scope the first match wins.
 */
struct tvars {
	const struct tvar	*v;
	size_t			 n;
};

#define TV_STR(nm, val)		{ (nm), TVAR_STR, (val), 0, NULL, 0 }
#define TV_SAFE(nm, val)	{ (nm), TVAR_SAFE, (val), 0, NULL, 0 }
#define TV_BOOL(nm, val)	{ (nm), TVAR_BOOL, NULL, (val), NULL, 0 }
#define TV_LIST(nm, it, cnt)	{ (nm), TVAR_LIST, NULL, 0, (it), (cnt) }
/* A scope over a whole array of struct tvar (not a pointer). */
#define TVARS(arr)		{ (arr), sizeof(arr) / sizeof((arr)[0]) }

/*
 * Render the template dir/page.html with vars (NULL: none) and append the
 * result to out.  page is "[a-z0-9_-]{1,32}", the file name without
 * ".html"; dir is trusted configuration.  The file is read and parsed
 * whole before anything is written, so a malformed template writes
 * nothing.  Returns:
 *   PERR_OK       the page was appended to out;
 *   PERR_INVAL    page is not a valid name, the file is not a regular
 *                 file, is not UTF-8 or holds a NUL, or the template is
 *                 malformed or uses a variable against its type (logged
 *                 with the file and line);
 *   PERR_NOTFOUND no such file;
 *   PERR_TOOLONG  the file is over TEMPLATE_FILE_MAX, the path over
 *                 PATH_MAX, or the output would pass out's max;
 *   PERR_NOMEM    an allocation failed;
 *   PERR_SYSTEM   open or read failed otherwise (errno says why).
 * On failure out->len is as it was at the call (what this call appended
 * is cut off), so the caller can render an error page into the same
 * buffer.
 */
enum perr	 template_render(const char *dir, const char *page,
		    const struct tvars *vars, struct tbuf *out);

/*
 * Render page as above into a private buffer, then base.html with the same
 * vars plus "content", a TVAR_SAFE holding the page, which base.html shows
 * with {{&content}}; append the whole document to out.  Returns as
 * template_render() for either file; on failure out->len is as it was.
 */
enum perr	 template_render_page(const char *dir, const char *page,
		    const struct tvars *vars, struct tbuf *out);

/*
 * Append len bytes at s to b, as they are (no escaping).  PERR_OK,
 * PERR_TOOLONG (b->len would pass its max; b unchanged) or PERR_NOMEM.
 */
enum perr	 template_buf_put(struct tbuf *b, const char *s, size_t len);

/*
 * Free b's text and zero it, keeping its max.  NULL-safe.
 */
void		 template_buf_free(struct tbuf *b);

#endif /* !POSTERN_TEMPLATE_H */
