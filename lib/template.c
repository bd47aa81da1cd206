/* postern: the page templates and their renderer. */
/*
 * A template is read whole, checked and parsed into a flat array of nodes
 * (text, tags, sections knowing where they end), then walked with a stack
 * of variable scopes.  Escaping happens here and only here: text and
 * attribute escaping for {{name}}, the link check of url_parse_link() and
 * then attribute escaping for {{%name}}.  No cache: login-cgi renders one
 * page or two per request, and a file of at most 64 KiB parses in
 * microseconds.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "template.h"
#include "text.h"
#include "url.h"

enum tnode_type {
	TN_TEXT,	/* bytes of the template, copied */
	TN_VAR,		/* {{name}} */
	TN_URL,		/* {{%name}} */
	TN_RAW,		/* {{&name}} */
	TN_SECTION,	/* {{#name}} */
	TN_INVERTED,	/* {{^name}} */
	TN_CLOSE	/* {{/name}} */
};

struct tnode {
	enum tnode_type	 type;
	const char	*s;	/* the text, or the name */
	size_t		 len;
	size_t		 end;	/* TN_SECTION, TN_INVERTED: its TN_CLOSE */
	unsigned int	 line;
};

/* One render of one file: its name for the log, its nodes, the scopes. */
struct trun {
	const char		*path;
	const struct tnode	*nodes;
	const struct tvars	*scope[TEMPLATE_DEPTH_MAX + 2];
	size_t			 depth;
	struct tbuf		*out;
};

/* U+FFFD REPLACEMENT CHARACTER, in UTF-8. */
static const char	 template_fffd[] = "\xef\xbf\xbd";

enum perr
template_buf_put(struct tbuf *b, const char *s, size_t len)
{
	size_t	 max = b->max != 0 ? b->max : TEMPLATE_OUT_MAX;
	size_t	 cap;
	char	*p;

	if (len > max || b->len > max - len)
		return PERR_TOOLONG;
	if (b->len + len + 1 > b->cap) {
		cap = b->cap != 0 ? b->cap : 1024;
		while (cap < b->len + len + 1)
			cap = cap > (max + 1) / 2 ? max + 1 : cap * 2;
		if ((p = realloc(b->p, cap)) == NULL)
			return PERR_NOMEM;
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, len);
	b->len += len;
	b->p[b->len] = '\0';
	return PERR_OK;
}

void
template_buf_free(struct tbuf *b)
{
	if (b == NULL)
		return;
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

/* Cut b back to len bytes (a failed render's partial output). */
static void
template_buf_cut(struct tbuf *b, size_t len)
{
	b->len = len;
	if (b->p != NULL)
		b->p[len] = '\0';
}

/*
 * Escape s (len bytes, untrusted) for HTML text and for an attribute value
 * in double or single quotes: & < > " ' become character references; TAB,
 * LF and CR become &#9; &#10; &#13; so that a value round-trips through a
 * form; every other C0 control, DEL and C1 control (U+0080-U+009F) becomes
 * U+FFFD, as does each byte that does not start a valid UTF-8 sequence
 * (W09: an overlong form is replaced, never decoded).  Valid UTF-8 passes.
 */
static enum perr
template_escape(struct tbuf *b, const char *s, size_t len)
{
	const unsigned char	*u = (const unsigned char *)s;
	const char		*rep;
	size_t			 i = 0, run = 0, n;
	enum perr		 er;

	while (i < len) {
		rep = NULL;
		n = text_utf8_len(u + i, len - i);
		if (n == 0)
			rep = template_fffd;
		else if (n == 1) {
			switch (u[i]) {
			case '&': rep = "&amp;"; break;
			case '<': rep = "&lt;"; break;
			case '>': rep = "&gt;"; break;
			case '"': rep = "&quot;"; break;
			case '\'': rep = "&#39;"; break;
			case '\t': rep = "&#9;"; break;
			case '\n': rep = "&#10;"; break;
			case '\r': rep = "&#13;"; break;
			default:
				if (u[i] < 0x20 || u[i] == 0x7f)
					rep = template_fffd;
				break;
			}
		} else if (n == 2 && u[i] == 0xc2 && u[i + 1] < 0xa0)
			rep = template_fffd;
		if (rep == NULL) {
			i += n;
			continue;
		}
		if ((er = template_buf_put(b, s + run, i - run)) != PERR_OK ||
		    (er = template_buf_put(b, rep, strlen(rep))) != PERR_OK)
			return er;
		i += n != 0 ? n : 1;
		run = i;
	}
	return template_buf_put(b, s + run, len - run);
}

/* The innermost variable called name (len bytes), or NULL. */
static const struct tvar *
template_lookup(const struct trun *r, const char *name, size_t len)
{
	const struct tvars	*sc;
	size_t			 d, i;

	for (d = r->depth; d > 0; d--) {
		if ((sc = r->scope[d - 1]) == NULL)
			continue;
		for (i = 0; i < sc->n; i++)
			if (sc->v[i].name != NULL &&
			    strncmp(sc->v[i].name, name, len) == 0 &&
			    sc->v[i].name[len] == '\0')
				return &sc->v[i];
	}
	return NULL;
}

static int
template_truthy(const struct tvar *v)
{
	if (v == NULL)
		return 0;
	switch (v->type) {
	case TVAR_BOOL:
		return v->b != 0;
	case TVAR_LIST:
		return v->nitems > 0;
	default:
		return v->s != NULL && v->s[0] != '\0';
	}
}

static enum perr
template_misuse(const struct trun *r, const struct tnode *n, const char *why)
{
	log_warn("template %s line %u: {{%.*s}}: %s", r->path, n->line,
	    (int)n->len, n->s, why);
	return PERR_INVAL;
}

static enum perr
template_run(struct trun *r, size_t from, size_t to)
{
	const struct tnode	*n;
	const struct tvar	*v;
	const char		*s;
	size_t			 i, k;
	enum perr		 er = PERR_OK;

	for (i = from; i < to && er == PERR_OK; i++) {
		n = &r->nodes[i];
		if (n->type == TN_TEXT) {
			er = template_buf_put(r->out, n->s, n->len);
			continue;
		}
		v = template_lookup(r, n->s, n->len);
		switch (n->type) {
		case TN_VAR:
		case TN_RAW:
			/* Unknown: nothing.  A bool or a list: a bug. */
			if (v == NULL)
				break;
			if (v->type == TVAR_BOOL || v->type == TVAR_LIST) {
				er = template_misuse(r, n,
				    "a bool or list used as text");
				break;
			}
			s = v->s != NULL ? v->s : "";
			/* Raw only when the tag asks and the program vouches. */
			if (n->type == TN_RAW && v->type == TVAR_SAFE)
				er = template_buf_put(r->out, s, strlen(s));
			else
				er = template_escape(r->out, s, strlen(s));
			break;
		case TN_URL:
			if (v != NULL &&
			    (v->type == TVAR_BOOL || v->type == TVAR_LIST)) {
				er = template_misuse(r, n,
				    "a bool or list used as a URL");
				break;
			}
			s = v != NULL && v->s != NULL ? v->s : "";
			if (url_parse_link(s, NULL) != PERR_OK)
				s = "#";
			er = template_escape(r->out, s, strlen(s));
			break;
		case TN_SECTION:
			if (v != NULL && v->type == TVAR_LIST) {
				r->depth++;
				for (k = 0; k < v->nitems && er == PERR_OK;
				    k++) {
					r->scope[r->depth - 1] = &v->items[k];
					er = template_run(r, i + 1, n->end);
				}
				r->depth--;
			} else if (template_truthy(v))
				er = template_run(r, i + 1, n->end);
			i = n->end;
			break;
		case TN_INVERTED:
			if (!template_truthy(v))
				er = template_run(r, i + 1, n->end);
			i = n->end;
			break;
		default:
			/* TN_CLOSE is always skipped by its section. */
			break;
		}
	}
	return er;
}

static int
template_isname(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	    c == '_' || c == '.';
}

/* Count the lines in s[0..len). */
static unsigned int
template_lines(const char *s, size_t len)
{
	unsigned int	n = 0;
	size_t		i;

	for (i = 0; i < len; i++)
		if (s[i] == '\n')
			n++;
	return n;
}

static enum perr
template_bad(const char *path, unsigned int line, const char *why)
{
	log_warn("template %s line %u: %s", path, line, why);
	return PERR_INVAL;
}

/*
 * The template grammar (a small, strict subset of Mustache):
 *
 *   template = *( text / tag )
 *   text     = 1*byte          ; any UTF-8 but NUL, up to the next "{{"
 *   tag      = "{{" ( var / url / raw / open / inverted / close /
 *                     comment ) "}}"
 *   var      = name            ; the value escaped for text and attributes
 *   url      = "%" name        ; a link (url_parse_link) or "#", escaped
 *   raw      = "&" name        ; a TVAR_SAFE value as is; others escaped
 *   open     = "#" name        ; a section: once per list item, or once
 *                              ; if true / a non-empty string
 *   inverted = "^" name        ; once if false, empty, absent or []
 *   close    = "/" name        ; the name of the innermost open section
 *   comment  = "!" *byte       ; up to the first "}}"; dropped
 *   name     = 1*64( %x61-7A / DIGIT / "_" / "." )
 *
 * No space is allowed inside a tag except in a comment; "{{" always
 * starts a tag (write a literal one as "&#123;{").  Sections nest at most
 * TEMPLATE_DEPTH_MAX deep.  A name no scope defines renders as nothing
 * (a URL as "#") and counts as false; a bool or list in a text or URL tag
 * is an error at render time.  Every malformed shape is refused with its
 * own log line, naming the file and the line: "unclosed tag", "unclosed
 * comment", "bad tag", "empty name", "name too long", "close without
 * open", "mismatched close", "sections nested too deep", "unclosed
 * section".
 *
 * nodes has room for 2 * (number of "{{") + 1 entries, which is enough:
 * each tag adds at most one text node before it and one node for itself.
 */
static enum perr
template_parse(const char *path, const char *t, size_t len,
    struct tnode *nodes, size_t *nnodes)
{
	size_t		 open[TEMPLATE_DEPTH_MAX];
	size_t		 depth = 0, p = 0, nn = 0, q, nl, e;
	unsigned int	 line = 1;
	const char	*tag, *close;
	struct tnode	*n;
	char		 sig;

	while (p < len) {
		tag = memmem(t + p, len - p, "{{", 2);
		q = tag != NULL ? (size_t)(tag - t) : len;
		if (q > p) {
			nodes[nn++] = (struct tnode){ TN_TEXT, t + p, q - p, 0,
			    line };
			line += template_lines(t + p, q - p);
		}
		if (tag == NULL)
			break;
		p = q + 2;
		close = memmem(t + p, len - p, "}}", 2);
		if (close == NULL)
			return template_bad(path, line,
			    t[p] == '!' ? "unclosed comment" : "unclosed tag");
		e = (size_t)(close - t);
		sig = t[p];
		if (sig == '!') {
			line += template_lines(t + p, e - p);
			p = e + 2;
			continue;
		}
		n = &nodes[nn];
		n->line = line;
		n->end = 0;
		switch (sig) {
		case '%': n->type = TN_URL; p++; break;
		case '&': n->type = TN_RAW; p++; break;
		case '#': n->type = TN_SECTION; p++; break;
		case '^': n->type = TN_INVERTED; p++; break;
		case '/': n->type = TN_CLOSE; p++; break;
		default: n->type = TN_VAR; break;
		}
		for (nl = 0; p + nl < e && template_isname(t[p + nl]); nl++)
			continue;
		if (p + nl != e)
			return template_bad(path, line, "bad tag");
		if (nl == 0)
			return template_bad(path, line, "empty name");
		if (nl > TEMPLATE_NAME_MAX)
			return template_bad(path, line, "name too long");
		n->s = t + p;
		n->len = nl;
		p = e + 2;
		if (n->type == TN_SECTION || n->type == TN_INVERTED) {
			if (depth == TEMPLATE_DEPTH_MAX)
				return template_bad(path, line,
				    "sections nested too deep");
			open[depth++] = nn;
		} else if (n->type == TN_CLOSE) {
			if (depth == 0)
				return template_bad(path, line,
				    "close without open");
			if (nodes[open[depth - 1]].len != nl ||
			    memcmp(nodes[open[depth - 1]].s, n->s, nl) != 0)
				return template_bad(path, line,
				    "mismatched close");
			nodes[open[--depth]].end = nn;
		}
		nn++;
	}
	if (depth > 0)
		return template_bad(path, nodes[open[depth - 1]].line,
		    "unclosed section");
	*nnodes = nn;
	return PERR_OK;
}

/* "[a-z0-9_-]{1,TEMPLATE_PAGE_MAX}" */
static int
template_page_ok(const char *page)
{
	size_t	i;

	for (i = 0; page[i] != '\0'; i++) {
		if (i == TEMPLATE_PAGE_MAX)
			return 0;
		if (!(page[i] >= 'a' && page[i] <= 'z') &&
		    !(page[i] >= '0' && page[i] <= '9') &&
		    page[i] != '_' && page[i] != '-')
			return 0;
	}
	return i > 0;
}

/*
 * Read the regular file path whole into a new NUL-terminated buffer; the
 * caller frees *buf.
 */
static enum perr
template_read(const char *path, char **buf, size_t *len)
{
	struct stat	 st;
	char		*b = NULL;
	size_t		 n = 0;
	ssize_t		 r;
	int		 fd, saved;
	enum perr	 er = PERR_SYSTEM;

	*buf = NULL;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		if (errno == ENOENT || errno == ENOTDIR)
			return PERR_NOTFOUND;
		log_warn("template %s: open: %s", path, strerror(errno));
		return PERR_SYSTEM;
	}
	if (fstat(fd, &st) == -1) {
		log_warn("template %s: fstat: %s", path, strerror(errno));
		goto done;
	}
	if (!S_ISREG(st.st_mode)) {
		log_warn("template %s: not a regular file", path);
		er = PERR_INVAL;
		goto done;
	}
	if (st.st_size > TEMPLATE_FILE_MAX)
		goto toolong;
	/* One byte more than allowed, to notice a file that grew. */
	if ((b = malloc(TEMPLATE_FILE_MAX + 2)) == NULL) {
		er = PERR_NOMEM;
		goto done;
	}
	for (;;) {
		r = read(fd, b + n, TEMPLATE_FILE_MAX + 1 - n);
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1) {
			log_warn("template %s: read: %s", path,
			    strerror(errno));
			goto done;
		}
		if (r == 0)
			break;
		n += (size_t)r;
		if (n > TEMPLATE_FILE_MAX)
			goto toolong;
	}
	b[n] = '\0';
	*buf = b;
	*len = n;
	b = NULL;
	er = PERR_OK;
	goto done;
toolong:
	log_warn("template %s: larger than %d bytes", path, TEMPLATE_FILE_MAX);
	er = PERR_TOOLONG;
done:
	saved = errno;
	free(b);
	close(fd);
	errno = saved;
	return er;
}

/* A template must be UTF-8 without NUL: check, naming the line. */
static enum perr
template_check_text(const char *path, const char *t, size_t len)
{
	size_t	i, n;

	for (i = 0; i < len; i += n) {
		n = text_utf8_len((const unsigned char *)t + i, len - i);
		if (n == 0 || t[i] == '\0')
			return template_bad(path, 1 + template_lines(t, i),
			    n == 0 ? "invalid UTF-8" : "NUL byte");
	}
	return PERR_OK;
}

/*
 * Render dir/page.html with the scopes sc[0..nsc) (outermost first) and
 * append to out; on failure out is cut back.
 */
static enum perr
template_render_scopes(const char *dir, const char *page,
    const struct tvars **sc, size_t nsc, struct tbuf *out)
{
	char		 path[PATH_MAX];
	struct trun	 r;
	struct tnode	*nodes = NULL;
	char		*t = NULL;
	const char	*p;
	size_t		 len, ntags = 0, nn = 0, start = out->len, i;
	int		 w;
	enum perr	 er = PERR_INVAL;

	if (!template_page_ok(page)) {
		log_warn("template: bad page name \"%s\"", page);
		return PERR_INVAL;
	}
	w = snprintf(path, sizeof(path), "%s/%s.html", dir, page);
	if (w < 0 || (size_t)w >= sizeof(path))
		return PERR_TOOLONG;
	if ((er = template_read(path, &t, &len)) != PERR_OK)
		return er;
	if ((er = template_check_text(path, t, len)) != PERR_OK)
		goto done;
	for (p = t; (p = memmem(p, len - (size_t)(p - t), "{{", 2)) != NULL;
	    p += 2)
		ntags++;
	if ((nodes = calloc(2 * ntags + 1, sizeof(*nodes))) == NULL) {
		er = PERR_NOMEM;
		goto done;
	}
	if ((er = template_parse(path, t, len, nodes, &nn)) != PERR_OK)
		goto done;

	memset(&r, 0, sizeof(r));
	r.path = path;
	r.nodes = nodes;
	r.out = out;
	for (i = 0; i < nsc; i++)
		r.scope[r.depth++] = sc[i];
	er = template_run(&r, 0, nn);
done:
	if (er != PERR_OK)
		template_buf_cut(out, start);
	free(nodes);
	free(t);
	return er;
}

enum perr
template_render(const char *dir, const char *page, const struct tvars *vars,
    struct tbuf *out)
{
	const struct tvars	*sc[1];

	sc[0] = vars;
	return template_render_scopes(dir, page, sc, 1, out);
}

enum perr
template_render_page(const char *dir, const char *page,
    const struct tvars *vars, struct tbuf *out)
{
	struct tbuf		 body = TBUF_INIT(out->max);
	struct tvar		 cv[1];
	struct tvars		 content;
	const struct tvars	*sc[2];
	enum perr		 er;

	if ((er = template_render(dir, page, vars, &body)) != PERR_OK)
		goto done;
	cv[0] = (struct tvar)TV_SAFE("content", body.p != NULL ? body.p : "");
	content.v = cv;
	content.n = 1;
	sc[0] = vars;
	sc[1] = &content;
	er = template_render_scopes(dir, "base", sc, 2, out);
done:
	template_buf_free(&body);
	return er;
}
