/* postern: tests for lib/template.c and the shipped templates. */
/*
 * The renderer is checked with small templates written to a temporary
 * directory, one table row per shape of the grammar, per malformed shape,
 * per escaping case (W01, W06, W09, control bytes) and per link (W03,
 * W04).  The shipped templates in templates/ are then rendered with fixed
 * sample variables and compared byte for byte with the golden files in
 * tests/unit/golden/, and scanned for what must never be in them (inline
 * script or style, a raw value, the CSRF token outside a hidden field).
 *
 * The templates are found under $top_srcdir (set by make check), or "."
 * when it is unset.  To regenerate the golden files after a deliberate
 * change to a template, run the suite with POSTERN_GOLDEN_UPDATE=1:
 *
 *	POSTERN_GOLDEN_UPDATE=1 make check TESTS=tests/unit/check_postern
 *
 * then review the difference (git diff tests/unit/golden) before
 * committing it.  The test passes when it writes.
 */
#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/log.h"
#include "lib/template.h"
#include "tests.h"

#define NROWS(t)	((int)(sizeof(t) / sizeof((t)[0])))

static const char	*FFFD = "\xef\xbf\xbd";

/* ------------------------------------------------------------ helpers */

static char	tdir[PATH_MAX];

static void
tpl_setup(void)
{
	fixture_tmpdir(tdir, sizeof(tdir));
}

static void
tpl_teardown(void)
{
	char	p[PATH_MAX + 16];

	/* The one subdirectory a test may make. */
	snprintf(p, sizeof(p), "%s/dir.html", tdir);
	rmdir(p);
	fixture_rmdir(tdir);
}

/* Write len bytes of s as tdir/page.html. */
static void
tpl_write(const char *page, const char *s, size_t len)
{
	char	 p[PATH_MAX + 64];
	FILE	*f;

	snprintf(p, sizeof(p), "%s/%s.html", tdir, page);
	ck_assert_ptr_nonnull(f = fopen(p, "wb"));
	ck_assert_uint_eq(fwrite(s, 1, len, f), len);
	ck_assert_int_eq(fclose(f), 0);
}

#define tpl_puts(page, s)	tpl_write((page), (s), strlen(s))

static const char *
srcdir(void)
{
	const char	*d = getenv("top_srcdir");

	return d != NULL && *d != '\0' ? d : ".";
}

/* The whole file at path, NUL-terminated, in a new buffer; NULL if none. */
static char *
slurp(const char *path, size_t *len)
{
	FILE	*f;
	char	*b;
	size_t	 n;

	if ((f = fopen(path, "rb")) == NULL)
		return NULL;
	ck_assert_ptr_nonnull(b = malloc(TEMPLATE_OUT_MAX + 1));
	n = fread(b, 1, TEMPLATE_OUT_MAX, f);
	fclose(f);
	b[n] = '\0';
	if (len != NULL)
		*len = n;
	return b;
}

/*
 * Undo the attribute escaping, for the round-trip rows: the five
 * references template_escape() writes and nothing else.
 */
static void
unescape(const char *in, char *out, size_t outsz)
{
	static const struct { const char *ref; char c; } refs[] = {
		{ "&amp;", '&' }, { "&lt;", '<' }, { "&gt;", '>' },
		{ "&quot;", '"' }, { "&#39;", '\'' },
	};
	size_t	o = 0, k, n;

	while (*in != '\0' && o + 1 < outsz) {
		for (k = 0; k < sizeof(refs) / sizeof(refs[0]); k++) {
			n = strlen(refs[k].ref);
			if (strncmp(in, refs[k].ref, n) == 0)
				break;
		}
		if (k < sizeof(refs) / sizeof(refs[0])) {
			out[o++] = refs[k].c;
			in += strlen(refs[k].ref);
		} else
			out[o++] = *in++;
	}
	out[o] = '\0';
}

/* -------------------------------------------------- the grammar rows */

static const struct tvar sub0[] = { TV_STR("v", "1") };
static const struct tvar sub1[] = { TV_STR("v", "2"), TV_STR("label", "x") };
static const struct tvars subs[] = { TVARS(sub0), TVARS(sub1) };
static const struct tvar item0[] = {
	TV_STR("label", "a"), TV_LIST("subs", subs, 2),
};
static const struct tvar item1[] = {
	TV_STR("label", "b"), TV_STR("name", "Bob"), TV_BOOL("yes", 0),
	TV_LIST("subs", NULL, 0),
};
static const struct tvars items[] = { TVARS(item0), TVARS(item1) };
static const struct tvar top[] = {
	TV_STR("name", "Alice"),
	TV_STR("empty", ""),
	TV_STR("null", NULL),
	TV_BOOL("yes", 1),
	TV_BOOL("no", 0),
	TV_LIST("items", items, 2),
	TV_LIST("none", NULL, 0),
	TV_SAFE("html", "<b>bold</b>"),
	TV_SAFE("nohtml", ""),
	TV_STR("text", "<i>"),
	TV_STR("link", "https://example.org/a?b=1&c=2"),
	TV_STR("dotted.name", "dot"),
	TV_STR("tag", "{{name}}"),
	TV_STR("name", "shadowed by the first"),
};
static const struct tvars topvars = TVARS(top);

static const struct {
	const char	*tpl;
	size_t		 len;		/* 0: strlen(tpl) */
	enum perr	 want;
	const char	*out;		/* for PERR_OK */
} grammar_rows[] = {
	/* text and values */
	{ "", 0, PERR_OK, "" },
	{ "plain <b>text</b>\n", 0, PERR_OK, "plain <b>text</b>\n" },
	{ "caf\xc3\xa9 \xf0\x9f\x94\x91", 0, PERR_OK,
	  "caf\xc3\xa9 \xf0\x9f\x94\x91" },
	{ "{{name}}", 0, PERR_OK, "Alice" },
	{ "a{{name}}b{{name}}c", 0, PERR_OK, "aAlicebAlicec" },
	{ "{{missing}}", 0, PERR_OK, "" },
	{ "{{null}}|{{empty}}", 0, PERR_OK, "|" },
	{ "{{dotted.name}}", 0, PERR_OK, "dot" },
	{ "{{text}}", 0, PERR_OK, "&lt;i&gt;" },
	/* a value is never parsed as a template */
	{ "{{tag}}", 0, PERR_OK, "{{name}}" },
	/* braces that are not a tag */
	{ "}} { {name} } {x}", 0, PERR_OK, "}} { {name} } {x}" },
	{ "{{name}}}", 0, PERR_OK, "Alice}" },
	/* safe values: raw only when both the tag and the type say so */
	{ "{{&html}}", 0, PERR_OK, "<b>bold</b>" },
	{ "{{html}}", 0, PERR_OK, "&lt;b&gt;bold&lt;/b&gt;" },
	{ "{{&text}}", 0, PERR_OK, "&lt;i&gt;" },
	{ "{{&missing}}", 0, PERR_OK, "" },
	/* links */
	{ "{{%link}}", 0, PERR_OK, "https://example.org/a?b=1&amp;c=2" },
	{ "{{%missing}}", 0, PERR_OK, "#" },
	{ "{{%empty}}", 0, PERR_OK, "#" },
	{ "{{%name}}", 0, PERR_OK, "#" },
	/* comments */
	{ "{{! a comment }}x", 0, PERR_OK, "x" },
	{ "a{{!\n  two lines\n}}b", 0, PERR_OK, "ab" },
	/* a comment ends at the first "}}" */
	{ "{{! x {{name}} }}", 0, PERR_OK, " }}" },
	{ "{{!}}x", 0, PERR_OK, "x" },
	/* sections on booleans and strings */
	{ "{{#yes}}Y{{/yes}}", 0, PERR_OK, "Y" },
	{ "{{#no}}Y{{/no}}", 0, PERR_OK, "" },
	{ "{{^no}}N{{/no}}", 0, PERR_OK, "N" },
	{ "{{^yes}}N{{/yes}}", 0, PERR_OK, "" },
	{ "{{#name}}[{{name}}]{{/name}}", 0, PERR_OK, "[Alice]" },
	{ "{{#empty}}x{{/empty}}{{^empty}}y{{/empty}}", 0, PERR_OK, "y" },
	{ "{{#null}}x{{/null}}{{^null}}y{{/null}}", 0, PERR_OK, "y" },
	{ "{{#html}}x{{/html}}{{#nohtml}}y{{/nohtml}}", 0, PERR_OK, "x" },
	{ "{{#missing}}x{{/missing}}{{^missing}}y{{/missing}}", 0, PERR_OK,
	  "y" },
	/* sections on lists */
	{ "{{#items}}[{{label}}]{{/items}}", 0, PERR_OK, "[a][b]" },
	{ "{{#none}}x{{/none}}", 0, PERR_OK, "" },
	{ "{{^none}}empty{{/none}}", 0, PERR_OK, "empty" },
	{ "{{^items}}x{{/items}}", 0, PERR_OK, "" },
	{ "<ul>{{#items}}\n<li>{{label}}</li>{{/items}}</ul>", 0, PERR_OK,
	  "<ul>\n<li>a</li>\n<li>b</li></ul>" },
	/* scopes: an item's names first, then the enclosing ones */
	{ "{{#items}}{{label}}{{name}},{{/items}}", 0, PERR_OK,
	  "aAlice,bBob," },
	{ "{{#items}}{{#yes}}{{label}}{{/yes}}{{/items}}", 0, PERR_OK, "a" },
	{ "{{#items}}{{label}}:{{#subs}}{{v}}{{label}}{{name}} {{/subs}};"
	  "{{/items}}", 0, PERR_OK, "a:1aAlice 2xAlice ;b:;" },
	{ "{{#items}}{{^subs}}no subs in {{label}}{{/subs}}{{/items}}", 0,
	  PERR_OK, "no subs in b" },
	{ "{{label}}{{#items}}{{/items}}{{label}}", 0, PERR_OK, "" },
	/* the same section twice, and one inside itself */
	{ "{{#yes}}1{{/yes}}{{#yes}}2{{/yes}}", 0, PERR_OK, "12" },
	{ "{{#yes}}{{#yes}}in{{/yes}}{{/yes}}", 0, PERR_OK, "in" },
	/* eight sections deep is allowed */
	{ "{{#yes}}{{#yes}}{{#yes}}{{#yes}}{{#yes}}{{#yes}}{{#yes}}{{#yes}}"
	  "deep{{/yes}}{{/yes}}{{/yes}}{{/yes}}{{/yes}}{{/yes}}{{/yes}}"
	  "{{/yes}}", 0, PERR_OK, "deep" },
	/* 64 name bytes are allowed */
	{ "{{aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa}}",
	  0, PERR_OK, "" },

	/* malformed: sections */
	{ "{{#yes}}x", 0, PERR_INVAL, NULL },
	{ "{{^yes}}x", 0, PERR_INVAL, NULL },
	{ "{{#yes}}x{{/no}}", 0, PERR_INVAL, NULL },
	{ "{{/yes}}", 0, PERR_INVAL, NULL },
	{ "{{#a}}{{#b}}{{/a}}{{/b}}", 0, PERR_INVAL, NULL },
	{ "{{#yes}}{{/yes}}{{/yes}}", 0, PERR_INVAL, NULL },
	{ "{{#yes}}{{#yes}}{{#yes}}{{#yes}}{{#yes}}{{#yes}}{{#yes}}{{#yes}}"
	  "{{#yes}}too deep{{/yes}}{{/yes}}{{/yes}}{{/yes}}{{/yes}}{{/yes}}"
	  "{{/yes}}{{/yes}}{{/yes}}", 0, PERR_INVAL, NULL },
	/* malformed: tags */
	{ "{{name", 0, PERR_INVAL, NULL },
	{ "{{name}", 0, PERR_INVAL, NULL },
	{ "x {{", 0, PERR_INVAL, NULL },
	{ "{{! never closed", 0, PERR_INVAL, NULL },
	{ "{{}}", 0, PERR_INVAL, NULL },
	{ "{{#}}{{/}}", 0, PERR_INVAL, NULL },
	{ "{{%}}", 0, PERR_INVAL, NULL },
	{ "{{ name }}", 0, PERR_INVAL, NULL },
	{ "{{name }}", 0, PERR_INVAL, NULL },
	{ "{{Name}}", 0, PERR_INVAL, NULL },
	{ "{{na-me}}", 0, PERR_INVAL, NULL },
	{ "{{{name}}}", 0, PERR_INVAL, NULL },
	{ "{{?name}}", 0, PERR_INVAL, NULL },
	{ "{{>partial}}", 0, PERR_INVAL, NULL },
	{ "{{=<% %>=}}", 0, PERR_INVAL, NULL },
	{ "{{%%name}}", 0, PERR_INVAL, NULL },
	{ "{{na\nme}}", 0, PERR_INVAL, NULL },
	{ "{{name {{x}}", 0, PERR_INVAL, NULL },
	{ "{{aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa}}",
	  0, PERR_INVAL, NULL },
	/* malformed: the file's bytes */
	{ "a\0b", 3, PERR_INVAL, NULL },
	{ "\xc0\xbc", 0, PERR_INVAL, NULL },
	{ "Zo\xeb", 0, PERR_INVAL, NULL },
	/* a value used against its type */
	{ "{{yes}}", 0, PERR_INVAL, NULL },
	{ "{{items}}", 0, PERR_INVAL, NULL },
	{ "{{&items}}", 0, PERR_INVAL, NULL },
	{ "{{%yes}}", 0, PERR_INVAL, NULL },
	{ "ok{{#items}}{{subs}}{{/items}}", 0, PERR_INVAL, NULL },
};

START_TEST(test_template_render_answers_each_grammar_shape_as_expected)
{
	struct tbuf	 out = TBUF_INIT(0);
	size_t		 len;
	enum perr	 er;

	len = grammar_rows[_i].len != 0 ? grammar_rows[_i].len :
	    strlen(grammar_rows[_i].tpl);
	tpl_write("t", grammar_rows[_i].tpl, len);
	/* Something already in the buffer stays, whatever happens. */
	ck_assert_int_eq(template_buf_put(&out, "KEEP", 4), PERR_OK);
	er = template_render(tdir, "t", &topvars, &out);
	ck_assert_msg(er == grammar_rows[_i].want, "row %d: got %s", _i,
	    perr_str(er));
	if (er == PERR_OK)
		ck_assert_msg(strncmp(out.p, "KEEP", 4) == 0 &&
		    strcmp(out.p + 4, grammar_rows[_i].out) == 0,
		    "row %d: got \"%s\"", _i, out.p);
	else
		ck_assert_msg(out.len == 4 && strcmp(out.p, "KEEP") == 0,
		    "row %d: partial output \"%s\"", _i, out.p);
	template_buf_free(&out);
}
END_TEST

START_TEST(test_template_render_without_variables_renders_names_as_empty)
{
	struct tbuf	out = TBUF_INIT(0);

	tpl_puts("t", "[{{a}}|{{%b}}|{{#c}}x{{/c}}|{{^d}}y{{/d}}]");
	ck_assert_int_eq(template_render(tdir, "t", NULL, &out), PERR_OK);
	ck_assert_str_eq(out.p, "[|#||y]");
	template_buf_free(&out);
}
END_TEST

START_TEST(test_template_render_logs_the_file_and_line_of_a_malformed_tag)
{
	struct tbuf	 out = TBUF_INIT(0);
	char		 logpath[PATH_MAX + 16], *log;
	int		 fd, saved;

	snprintf(logpath, sizeof(logpath), "%s/log.txt", tdir);
	tpl_puts("t", "one\ntwo {{name}}\n{{#items}}\nfour\n");
	fflush(stderr);
	saved = dup(2);
	ck_assert_int_ge(fd = open(logpath, O_WRONLY | O_CREAT, 0600), 0);
	dup2(fd, 2);
	close(fd);
	log_open("check", LOG_DEST_STDERR);
	ck_assert_int_eq(template_render(tdir, "t", &topvars, &out),
	    PERR_INVAL);
	log_open("check", LOG_DEST_NONE);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	ck_assert_ptr_nonnull(log = slurp(logpath, NULL));
	ck_assert_msg(strstr(log, "/t.html line 3: unclosed section") !=
	    NULL, "log: %s", log);
	free(log);
	template_buf_free(&out);
}
END_TEST

/* ------------------------------------------------- page names, files */

static const struct {
	const char	*page;
	enum perr	 want;
} page_rows[] = {
	{ "t", PERR_OK },
	{ "a-b_c9", PERR_OK },
	{ "abcdefghijklmnopqrstuvwxyz012345", PERR_OK },	/* 32 */
	{ "nosuch", PERR_NOTFOUND },
	{ "", PERR_INVAL },
	{ "../x", PERR_INVAL },
	{ "..", PERR_INVAL },
	{ ".", PERR_INVAL },
	{ "x/y", PERR_INVAL },
	{ "/etc/passwd", PERR_INVAL },
	{ "t.html", PERR_INVAL },
	{ "T", PERR_INVAL },
	{ "a b", PERR_INVAL },
	{ "a\\b", PERR_INVAL },
	{ "t\n", PERR_INVAL },
	{ "%2e%2e", PERR_INVAL },
	{ "abcdefghijklmnopqrstuvwxyz0123456", PERR_INVAL },	/* 33 */
	{ "dir", PERR_INVAL },				/* a directory */
};

START_TEST(test_template_render_accepts_only_plain_page_names)
{
	struct tbuf	out = TBUF_INIT(0);
	char		p[PATH_MAX + 16];
	enum perr	er;

	tpl_puts("t", "ok");
	tpl_puts("a-b_c9", "ok");
	tpl_puts("abcdefghijklmnopqrstuvwxyz012345", "ok");
	tpl_puts("abcdefghijklmnopqrstuvwxyz0123456", "ok");
	snprintf(p, sizeof(p), "%s/dir.html", tdir);
	ck_assert_int_eq(mkdir(p, 0700), 0);
	er = template_render(tdir, page_rows[_i].page, NULL, &out);
	ck_assert_msg(er == page_rows[_i].want, "row %d (%s): got %s", _i,
	    page_rows[_i].page, perr_str(er));
	if (er == PERR_OK)
		ck_assert_str_eq(out.p, "ok");
	else
		ck_assert_uint_eq(out.len, 0);
	template_buf_free(&out);
}
END_TEST

START_TEST(test_template_render_refuses_a_file_over_64_kib)
{
	struct tbuf	 out = TBUF_INIT(0);
	char		*big;

	ck_assert_ptr_nonnull(big = malloc(TEMPLATE_FILE_MAX + 1));
	memset(big, 'x', TEMPLATE_FILE_MAX + 1);
	tpl_write("big", big, TEMPLATE_FILE_MAX + 1);
	ck_assert_int_eq(template_render(tdir, "big", NULL, &out),
	    PERR_TOOLONG);
	ck_assert_uint_eq(out.len, 0);
	/* Exactly the limit is fine. */
	tpl_write("big", big, TEMPLATE_FILE_MAX);
	ck_assert_int_eq(template_render(tdir, "big", NULL, &out), PERR_OK);
	ck_assert_uint_eq(out.len, TEMPLATE_FILE_MAX);
	free(big);
	template_buf_free(&out);
}
END_TEST

START_TEST(test_template_render_refuses_output_past_the_buffer_max)
{
	struct tbuf	out = TBUF_INIT(10);

	tpl_puts("t", "{{#items}}12345{{/items}}");
	ck_assert_int_eq(template_render(tdir, "t", &topvars, &out), PERR_OK);
	ck_assert_str_eq(out.p, "1234512345");
	/* One byte more than max: refused, and the buffer is as it was. */
	ck_assert_int_eq(template_render(tdir, "t", &topvars, &out),
	    PERR_TOOLONG);
	ck_assert_uint_eq(out.len, 10);
	ck_assert_str_eq(out.p, "1234512345");
	ck_assert_int_eq(template_buf_put(&out, "x", 1), PERR_TOOLONG);
	ck_assert_int_eq(template_buf_put(&out, "", 0), PERR_OK);
	template_buf_free(&out);
	ck_assert_ptr_null(out.p);
	ck_assert_uint_eq(out.len, 0);
	ck_assert_uint_eq(out.max, 10);
	template_buf_free(NULL);
}
END_TEST

START_TEST(test_template_buf_put_grows_to_hold_a_whole_page)
{
	struct tbuf	out = TBUF_INIT(0);
	char		chunk[1000];
	int		i;

	memset(chunk, 'y', sizeof(chunk));
	for (i = 0; i < 300; i++)
		ck_assert_int_eq(template_buf_put(&out, chunk, sizeof(chunk)),
		    PERR_OK);
	ck_assert_uint_eq(out.len, 300000);
	ck_assert_uint_ge(out.cap, out.len + 1);
	ck_assert_int_eq(out.p[out.len], '\0');
	template_buf_free(&out);
}
END_TEST

/* ---------------------------------------------------------- escaping */

static const struct {
	const char	*val;
	const char	*want;
} escape_rows[] = {
	/* W01 */
	{ "<script>alert(1)</script>",
	  "&lt;script&gt;alert(1)&lt;/script&gt;" },
	{ "<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;" },
	{ "a & b", "a &amp; b" },
	{ "&lt;", "&amp;lt;" },
	{ "\"'", "&quot;&#39;" },
	{ "O'Hara \"Wiki\"", "O&#39;Hara &quot;Wiki&quot;" },
	{ "`=`", "`=`" },
	/* W09: overlong forms are replaced byte by byte, never decoded */
	{ "\xc0\xbcscript\xc0\xbe",
	  "\xef\xbf\xbd\xef\xbf\xbdscript\xef\xbf\xbd\xef\xbf\xbd" },
	{ "\xe0\x80\xbc", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" },
	{ "\xf0\x80\x80\xbc",
	  "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" },
	{ "\xc0\xa2", "\xef\xbf\xbd\xef\xbf\xbd" },		/* overlong '"' */
	/* other invalid UTF-8 */
	{ "Zo\xeb", "Zo\xef\xbf\xbd" },
	{ "\xed\xa0\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" },
	{ "a\xe2\x82", "a\xef\xbf\xbd\xef\xbf\xbd" },
	{ "\xff<", "\xef\xbf\xbd&lt;" },
	{ "\xf4\x90\x80\x80",
	  "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" },
	/* valid UTF-8 passes as it is */
	{ "Zo\xc3\xab", "Zo\xc3\xab" },
	{ "\xe6\x97\xa5\xe6\x9c\xac", "\xe6\x97\xa5\xe6\x9c\xac" },
	{ "\xf0\x9f\x94\x91", "\xf0\x9f\x94\x91" },
	{ "\xc2\xa0", "\xc2\xa0" },				/* U+00A0 */
	/* control bytes */
	{ "a\x01" "b", "a\xef\xbf\xbd" "b" },
	{ "\x1b[2J", "\xef\xbf\xbd[2J" },
	{ "\x7f", "\xef\xbf\xbd" },
	{ "\x0b\x0c", "\xef\xbf\xbd\xef\xbf\xbd" },
	{ "\xc2\x80\xc2\x85\xc2\x9f",
	  "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" },		/* C1 */
	{ "a\tb\nc\rd", "a&#9;b&#10;c&#13;d" },
	/* a value is not a template */
	{ "{{name}}", "{{name}}" },
	{ "", "" },
};

START_TEST(test_template_escapes_each_value_as_expected)
{
	struct tvar	 v[] = { TV_STR("v", escape_rows[_i].val) };
	struct tvars	 vars = TVARS(v);
	struct tbuf	 out = TBUF_INIT(0);
	const char	*p;

	tpl_puts("t", "<p title=\"{{v}}\">{{v}}</p>");
	ck_assert_int_eq(template_render(tdir, "t", &vars, &out), PERR_OK);
	ck_assert_msg(strncmp(out.p, "<p title=\"", 10) == 0, "row %d", _i);
	p = out.p + 10;
	ck_assert_msg(strncmp(p, escape_rows[_i].want,
	    strlen(escape_rows[_i].want)) == 0, "row %d: got %s", _i, p);
	p += strlen(escape_rows[_i].want);
	ck_assert_msg(strncmp(p, "\">", 2) == 0, "row %d: got %s", _i, p);
	p += 2;
	ck_assert_msg(strncmp(p, escape_rows[_i].want,
	    strlen(escape_rows[_i].want)) == 0, "row %d: got %s", _i, p);
	ck_assert_str_eq(p + strlen(escape_rows[_i].want), "</p>");
	/* Nothing that could end the attribute or open a tag got through. */
	ck_assert_uint_eq(strcspn(escape_rows[_i].want, "<>\"'"),
	    strlen(escape_rows[_i].want));
	template_buf_free(&out);
}
END_TEST

START_TEST(test_template_escapes_every_control_byte)
{
	struct tbuf	out = TBUF_INIT(0);
	char		val[2];
	struct tvar	v[] = { TV_STR("v", val) };
	struct tvars	vars = TVARS(v);
	int		c;

	tpl_puts("t", "{{v}}");
	for (c = 1; c < 0x80; c++) {
		if (c >= 0x20 && c < 0x7f)
			continue;
		val[0] = (char)c;
		val[1] = '\0';
		out.len = 0;
		ck_assert_int_eq(template_render(tdir, "t", &vars, &out),
		    PERR_OK);
		if (c == '\t' || c == '\n' || c == '\r')
			ck_assert_msg(out.p[0] == '&' && out.p[1] == '#',
			    "byte 0x%02x: %s", c, out.p);
		else
			ck_assert_msg(strcmp(out.p, FFFD) == 0,
			    "byte 0x%02x: %s", c, out.p);
	}
	template_buf_free(&out);
}
END_TEST

/* W06: the accepted rd in a hidden field, escaped and round-tripping. */
START_TEST(test_template_escapes_rd_in_a_hidden_field_so_it_round_trips)
{
	static const char *rd[] = {
		"https://app.example.com/?q=\"><script>alert(1)</script>",
		"https://app.example.com/a?b=1&c='2'#x",
		"https://app.example.com/&amp;",
	};
	struct tbuf	 out = TBUF_INIT(0);
	char		 back[256];
	const char	*val, *end;
	size_t		 i;

	tpl_puts("t", "<input type=\"hidden\" name=\"rd\" value=\"{{rd}}\">");
	for (i = 0; i < sizeof(rd) / sizeof(rd[0]); i++) {
		struct tvar	v[] = { TV_STR("rd", rd[i]) };
		struct tvars	vars = TVARS(v);

		out.len = 0;
		ck_assert_int_eq(template_render(tdir, "t", &vars, &out),
		    PERR_OK);
		if (i == 0)
			ck_assert_str_eq(out.p, "<input type=\"hidden\" "
			    "name=\"rd\" value=\"https://app.example.com/?q="
			    "&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"
			    "\">");
		val = strstr(out.p, "value=\"") + 7;
		end = strchr(val, '"');
		ck_assert_ptr_nonnull(end);
		ck_assert_str_eq(end, "\">");
		snprintf(back, sizeof(back), "%.*s", (int)(end - val), val);
		unescape(back, back, sizeof(back));
		ck_assert_str_eq(back, rd[i]);
	}
	template_buf_free(&out);
}
END_TEST

/* ------------------------------------------------------------- links */

static const struct {
	const char	*val;
	const char	*want;
} url_rows[] = {
	/* W03, W04: never a script or data URL */
	{ "javascript:alert(1)", "#" },
	{ "JaVaScRiPt:alert(1)", "#" },
	{ " javascript:alert(1)", "#" },
	{ "\tjavascript:alert(1)", "#" },
	{ "java\nscript:alert(1)", "#" },
	{ "javascript://example.org/%0Aalert(1)", "#" },
	{ "data:text/html,<script>alert(1)</script>", "#" },
	{ "data:image/svg+xml;base64,PHN2Zz4=", "#" },
	{ "vbscript:msgbox(1)", "#" },
	{ "x\" onerror=\"alert(1)", "#" },
	{ "/x\" onerror=\"alert(1)", "#" },
	{ "https://example.org/\" onerror=\"alert(1)", "#" },
	/* not same-origin, or not a link at all */
	{ "//evil.example", "#" },
	{ "//evil.example/x", "#" },
	{ "/\\evil.example", "#" },
	{ "\\\\evil.example", "#" },
	{ "https://user@evil.example/", "#" },
	{ "https://evil.example\\@good.example/", "#" },
	{ "ftp://example.org/", "#" },
	{ "relative/path", "#" },
	{ "?q=1", "#" },
	{ "#top", "#" },
	{ "", "#" },
	{ "https://", "#" },
	{ "https://example.org/\xc0\xbc", "#" },
	/* kept, then attribute-escaped */
	{ "https://app.example.com/", "https://app.example.com/" },
	{ "https://app.example.com", "https://app.example.com" },
	{ "HTTPS://App.Example.COM/", "HTTPS://App.Example.COM/" },
	{ "http://10.0.0.1:8080/x", "http://10.0.0.1:8080/x" },
	{ "https://[2001:db8::1]/", "https://[2001:db8::1]/" },
	{ "https://app.example.com/a?b=1&c=2#top",
	  "https://app.example.com/a?b=1&amp;c=2#top" },
	{ "/path", "/path" },
	{ "/", "/" },
	{ "/static/icons/wiki.png", "/static/icons/wiki.png" },
	{ "/apps?x='y'", "/apps?x=&#39;y&#39;" },
	{ "/a%20b", "/a%20b" },
};

START_TEST(test_template_renders_only_http_and_local_links)
{
	struct tvar	 v[] = { TV_STR("u", url_rows[_i].val) };
	struct tvars	 vars = TVARS(v);
	struct tbuf	 out = TBUF_INIT(0);
	char		 want[256];

	tpl_puts("t", "<a href=\"{{%u}}\"><img src=\"{{%u}}\"></a>");
	ck_assert_int_eq(template_render(tdir, "t", &vars, &out), PERR_OK);
	snprintf(want, sizeof(want), "<a href=\"%s\"><img src=\"%s\"></a>",
	    url_rows[_i].want, url_rows[_i].want);
	ck_assert_msg(strcmp(out.p, want) == 0, "row %d: got %s", _i, out.p);
	template_buf_free(&out);
}
END_TEST

START_TEST(test_template_checks_a_safe_value_used_as_a_link)
{
	struct tvar	v[] = { TV_SAFE("u", "javascript:alert(1)") };
	struct tvars	vars = TVARS(v);
	struct tbuf	out = TBUF_INIT(0);

	tpl_puts("t", "{{%u}}");
	ck_assert_int_eq(template_render(tdir, "t", &vars, &out), PERR_OK);
	ck_assert_str_eq(out.p, "#");
	template_buf_free(&out);
}
END_TEST

/* ------------------------------------------------------ page in base */

START_TEST(test_template_render_page_puts_the_page_inside_the_base_layout)
{
	struct tvar	 v[] = {
		TV_STR("title", "T<"), TV_STR("x", "{{title}}"),
		TV_SAFE("content", "<b>caller's content</b>"),
	};
	struct tvars	 vars = TVARS(v);
	struct tbuf	 out = TBUF_INIT(0);
	size_t		 len;

	tpl_puts("base", "<title>{{title}}</title><main>{{&content}}</main>");
	tpl_puts("p", "<p>{{title}} {{x}}</p>");
	ck_assert_int_eq(template_buf_put(&out, "KEEP", 4), PERR_OK);
	ck_assert_int_eq(template_render_page(tdir, "p", &vars, &out),
	    PERR_OK);
	/* The page's output is inserted, never parsed again. */
	ck_assert_str_eq(out.p, "KEEP<title>T&lt;</title>"
	    "<main><p>T&lt; {{title}}</p></main>");
	len = out.len;

	/* A broken page or a broken base: nothing is appended. */
	tpl_puts("bad", "{{#x}}");
	ck_assert_int_eq(template_render_page(tdir, "bad", &vars, &out),
	    PERR_INVAL);
	ck_assert_uint_eq(out.len, len);
	tpl_puts("base", "{{&content}}{{/x}}");
	ck_assert_int_eq(template_render_page(tdir, "p", &vars, &out),
	    PERR_INVAL);
	ck_assert_uint_eq(out.len, len);
	ck_assert_int_eq(template_render_page(tdir, "../p", &vars, &out),
	    PERR_INVAL);
	template_buf_free(&out);
}
END_TEST

/* ------------------------------------- the shipped templates, golden */

#define CSRF	"q0cUJ1mB3qf6Xn8m2dUuZg9wVYb7Kk1pHc4sTzR5aLE"

#define COMMON	TV_STR("css", "/static/postern.css"), TV_STR("home", "/")

static const struct tvar g_login[] = {
	TV_STR("title", "Sign in"), COMMON,
	TV_STR("action", "/login"), TV_STR("csrf", CSRF),
	TV_STR("rd", "https://wiki.example.com/page?id=7&action=edit"),
	TV_STR("app_name", "Team Wiki"),
};
static const struct tvar g_login_error[] = {
	TV_STR("title", "Sign in"), COMMON,
	TV_STR("action", "/login"), TV_STR("csrf", CSRF),
	TV_STR("rd", ""), TV_STR("username", "alice"),
	TV_STR("error", "Incorrect username or password."),
};
static const struct tvar g_totp[] = {
	TV_STR("title", "Two-step verification"), COMMON,
	TV_STR("action", "/totp"), TV_STR("csrf", CSRF),
	TV_STR("recovery", "/recovery"),
};
static const struct tvar g_totp_error[] = {
	TV_STR("title", "Two-step verification"), COMMON,
	TV_STR("action", "/totp"), TV_STR("csrf", CSRF),
	TV_STR("recovery", "/recovery"),
	TV_STR("error", "That code did not work. Check the time on your "
	    "device and try the newest code."),
};
static const struct tvar g_recovery[] = {
	TV_STR("title", "Use a recovery code"), COMMON,
	TV_STR("action", "/recovery"), TV_STR("csrf", CSRF),
	TV_STR("totp", "/totp"),
};
static const struct tvar c_user[] = {
	TV_STR("label", "Username"), TV_STR("value", "alice") };
static const struct tvar c_name[] = {
	TV_STR("label", "Name"), TV_STR("value", "Alice Liddell") };
static const struct tvar c_email[] = {
	TV_STR("label", "Email"), TV_STR("value", "alice@example.com") };
static const struct tvar c_groups[] = {
	TV_STR("label", "Groups"), TV_STR("value", "staff, wiki-editors") };
static const struct tvars g_claims[] = {
	TVARS(c_user), TVARS(c_name), TVARS(c_email), TVARS(c_groups),
};
static const struct tvar g_consent[] = {
	TV_STR("title", "Allow access"), COMMON,
	TV_STR("user", "alice"), TV_STR("logout", "/logout"),
	TV_STR("action", "/consent"), TV_STR("csrf", CSRF),
	TV_STR("rd", "https://grafana.example.com/d/home"),
	TV_STR("app", "grafana"), TV_STR("app_name", "Grafana"),
	TV_STR("app_description", "Dashboards and alerts for the servers."),
	TV_LIST("claims", g_claims, 4),
	TV_STR("duration", "30 days"),
};
static const struct tvar g_logout[] = {
	TV_STR("title", "Sign out"), COMMON,
	TV_STR("user", "alice"), TV_STR("logout", "/logout"),
	TV_STR("action", "/logout"), TV_STR("csrf", CSRF),
	TV_STR("rd", ""),
};
static const struct tvar g_denied[] = {
	TV_STR("title", "Access denied"), COMMON,
	TV_STR("user", "alice"), TV_STR("logout", "/logout"),
	TV_STR("app_name", "Billing"),
};
static const struct tvar g_error[] = {
	TV_STR("title", "Something went wrong"), COMMON,
	TV_STR("message", "This sign-in link has expired. Go back to the "
	    "application and try again."),
};
static const struct tvar g_login_notice[] = {
	TV_STR("title", "Sign in"), COMMON,
	TV_STR("action", "/login"), TV_STR("csrf", CSRF),
	TV_STR("rd", ""), TV_STR("notice", "You have signed out."),
	TV_STR("remember", "30 days"),
};
static const struct tvar g_loop[] = {
	TV_STR("title", "Sign-in keeps coming back"), COMMON,
	TV_STR("user", "alice"), TV_STR("logout", "/logout"),
	TV_STR("retry", "https://wiki.example.org/page"),
	TV_STR("app_host", "wiki.example.org"),
	TV_STR("login_host", "auth.example.com"),
	TV_STR("cookie_name", "__Secure-postern"),
	TV_STR("cookie_domain", "example.com"),
	TV_STR("server_time", "2025-03-12 09:14:00 UTC"),
	TV_STR("trips", "4"),
	TV_BOOL("host_only", 0), TV_BOOL("not_under", 1),
	TV_BOOL("http_app", 1), TV_BOOL("single", 0),
};
static const struct tvar a_grafana[] = {
	TV_STR("name", "Grafana"),
	TV_STR("description", "Dashboards and alerts for the servers."),
	TV_STR("icon", "/icons/grafana.svg"), TV_STR("initial", "G"),
	TV_STR("launch", "https://grafana.example.com/"),
};
static const struct tvar a_wiki[] = {
	TV_STR("name", "Team Wiki"),
	TV_STR("description", "Documentation, runbooks and meeting notes."),
	TV_STR("icon", ""), TV_STR("initial", "T"),
	TV_STR("launch", "https://wiki.example.com/"),
};
static const struct tvar a_files[] = {
	TV_STR("name", "Files"),
	TV_STR("description", "Shared folders."),
	TV_STR("icon", "/icons/files.svg"), TV_STR("initial", "F"),
	TV_STR("launch", "https://files.example.com/"),
};
static const struct tvar a_media[] = {
	TV_STR("name", "Jellyfin"),
	TV_STR("description", ""),
	TV_STR("icon", ""), TV_STR("initial", "J"),
	TV_STR("launch", "https://media.example.com/web/index.html"),
};
static const struct tvars g_apps[] = {
	TVARS(a_grafana), TVARS(a_wiki), TVARS(a_files), TVARS(a_media),
};
static const struct tvar s_this[] = {
	TV_STR("id", "17"), TV_STR("user_agent", "Firefox 128 on Linux"),
	TV_STR("address", "192.0.2.10"),
	TV_STR("created", "12 Mar 2025, 09:14"),
	TV_STR("last_seen", "just now"), TV_BOOL("current", 1),
};
static const struct tvar s_phone[] = {
	TV_STR("id", "12"), TV_STR("user_agent", "Safari on iPhone (iOS 18)"),
	TV_STR("address", "2001:db8:4f2a:17::2c"),
	TV_STR("created", "10 Mar 2025, 18:02"),
	TV_STR("last_seen", "11 Mar 2025, 07:45"), TV_BOOL("current", 0),
};
static const struct tvars g_sessions[] = { TVARS(s_this), TVARS(s_phone) };
static const struct tvar k_grafana[] = {
	TV_STR("id", "3"), TV_STR("app_name", "Grafana"),
	TV_STR("granted", "3 Mar 2025"), TV_STR("expires", "Expires 2 Apr 2025"),
};
static const struct tvar k_wiki[] = {
	TV_STR("id", "5"), TV_STR("app_name", "Team Wiki"),
	TV_STR("granted", "8 Feb 2025"), TV_STR("expires", "Does not expire"),
};
static const struct tvars g_consents[] = { TVARS(k_grafana), TVARS(k_wiki) };
static const struct tvar g_portal[] = {
	TV_STR("title", "Your applications"), COMMON,
	TV_STR("user", "alice"), TV_STR("name", "Alice Liddell"),
	TV_STR("logout", "/logout"), TV_STR("csrf", CSRF),
	TV_STR("revoke_action", "/"),
	TV_LIST("apps", g_apps, 4),
	TV_LIST("sessions", g_sessions, 2),
	TV_LIST("consents", g_consents, 2),
};
static const struct tvars g_one_session[] = { TVARS(s_this) };
static const struct tvar g_portal_empty[] = {
	TV_STR("title", "Your applications"), COMMON,
	TV_STR("user", "bob"), TV_STR("name", ""),
	TV_STR("logout", "/logout"), TV_STR("csrf", CSRF),
	TV_STR("revoke_action", "/"),
	TV_STR("notice", "The session was revoked."),
	TV_LIST("apps", NULL, 0),
	TV_LIST("sessions", g_one_session, 1),
	TV_LIST("consents", NULL, 0),
};

#define GOLDEN(name, page, arr) \
	{ (name), (page), { (arr), sizeof(arr) / sizeof((arr)[0]) } }

static const struct {
	const char	*golden;
	const char	*page;
	struct tvars	 vars;
} golden_rows[] = {
	GOLDEN("login", "login", g_login),
	GOLDEN("login-error", "login", g_login_error),
	GOLDEN("totp", "totp", g_totp),
	GOLDEN("totp-error", "totp", g_totp_error),
	GOLDEN("recovery", "recovery", g_recovery),
	GOLDEN("consent", "consent", g_consent),
	GOLDEN("logout", "logout", g_logout),
	GOLDEN("denied", "denied", g_denied),
	GOLDEN("portal", "portal", g_portal),
	GOLDEN("portal-empty", "portal", g_portal_empty),
	GOLDEN("error", "error", g_error),
	GOLDEN("login-notice", "login", g_login_notice),
	GOLDEN("loop", "loop", g_loop),
};

START_TEST(test_template_renders_each_page_as_its_golden_file)
{
	struct tbuf	 out = TBUF_INIT(0);
	char		 tpl[PATH_MAX], gold[PATH_MAX + 64];
	const char	*upd = getenv("POSTERN_GOLDEN_UPDATE");
	char		*want;
	size_t		 wantlen, i;
	FILE		*f;

	snprintf(tpl, sizeof(tpl), "%s/templates", srcdir());
	snprintf(gold, sizeof(gold), "%s/tests/unit/golden/%s.html", srcdir(),
	    golden_rows[_i].golden);
	ck_assert_int_eq(template_render_page(tpl, golden_rows[_i].page,
	    &golden_rows[_i].vars, &out), PERR_OK);
	if (upd != NULL && strcmp(upd, "1") == 0) {
		ck_assert_ptr_nonnull(f = fopen(gold, "wb"));
		ck_assert_uint_eq(fwrite(out.p, 1, out.len, f), out.len);
		ck_assert_int_eq(fclose(f), 0);
	}
	want = slurp(gold, &wantlen);
	ck_assert_msg(want != NULL, "%s: no golden file (see the comment at "
	    "the top of check_template.c)", gold);
	for (i = 0; i < wantlen && i < out.len && want[i] == out.p[i]; i++)
		continue;
	ck_assert_msg(i == wantlen && i == out.len, "%s differs from the "
	    "rendered page at byte %zu: \"%.40s\"", gold, i, out.p + i);
	free(want);
	template_buf_free(&out);
}
END_TEST

/* W01, W09, W03/W04 through the real portal template. */
START_TEST(test_template_portal_shows_hostile_names_and_links_inertly)
{
	static const struct tvar app[] = {
		TV_STR("name", "<script>alert(1)</script>"),
		TV_STR("description", "\xc0\xbcscript\xc0\xbe"),
		TV_STR("icon", "x\" onerror=\"alert(1)"),
		TV_STR("launch", "javascript:alert(1)"),
	};
	static const struct tvars apps[] = { TVARS(app) };
	static const struct tvar v[] = {
		TV_STR("title", "Your applications"), COMMON,
		TV_STR("user", "<script>alert(1)</script>"),
		TV_STR("name", "\xc0\xbcscript\xc0\xbe"),
		TV_STR("logout", "data:text/html,<script>alert(1)</script>"),
		TV_LIST("apps", apps, 1),
	};
	struct tvars	 vars = TVARS(v);
	struct tbuf	 out = TBUF_INIT(0);
	char		 tpl[PATH_MAX];

	snprintf(tpl, sizeof(tpl), "%s/templates", srcdir());
	ck_assert_int_eq(template_render_page(tpl, "portal", &vars, &out),
	    PERR_OK);
	ck_assert_ptr_null(strstr(out.p, "<script"));
	ck_assert_ptr_null(strstr(out.p, "javascript:"));
	ck_assert_ptr_null(strstr(out.p, "data:"));
	ck_assert_ptr_null(strstr(out.p, "onerror=\""));
	ck_assert_ptr_nonnull(strstr(out.p,
	    "&lt;script&gt;alert(1)&lt;/script&gt;"));
	ck_assert_ptr_nonnull(strstr(out.p, "src=\"#\""));
	ck_assert_ptr_nonnull(strstr(out.p, "<a href=\"#\">&lt;script&gt;"));
	ck_assert_ptr_nonnull(strstr(out.p,
	    "\xef\xbf\xbd\xef\xbf\xbdscript\xef\xbf\xbd\xef\xbf\xbd"));
	template_buf_free(&out);
}
END_TEST

static const char *shipped[] = {
	"base", "login", "totp", "recovery", "consent", "logout", "denied",
	"portal", "error", "loop",
};

static char *
shipped_read(int i)
{
	char	 p[PATH_MAX];
	char	*t;

	snprintf(p, sizeof(p), "%s/templates/%s.html", srcdir(), shipped[i]);
	ck_assert_msg((t = slurp(p, NULL)) != NULL, "%s: missing", p);
	return t;
}

START_TEST(test_template_shipped_pages_parse_without_variables)
{
	struct tbuf	out = TBUF_INIT(0);
	char		tpl[PATH_MAX];

	snprintf(tpl, sizeof(tpl), "%s/templates", srcdir());
	ck_assert_int_eq(template_render(tpl, shipped[_i], NULL, &out),
	    PERR_OK);
	template_buf_free(&out);
}
END_TEST

/* CS06: the token only ever as the value of a hidden field named csrf. */
START_TEST(test_template_shipped_pages_carry_csrf_only_in_a_hidden_field)
{
	static const char field[] =
	    "<input type=\"hidden\" name=\"csrf\" value=\"{{csrf}}\">";
	char		*t, *p;
	size_t		 seen = 0;

	t = shipped_read(_i);
	for (p = t; (p = strstr(p, "{{csrf}}")) != NULL; p += 8, seen++)
		ck_assert_msg(p - t >= 40 && strncmp(p - 40, field,
		    sizeof(field) - 1) == 0, "%s: {{csrf}} outside a hidden "
		    "field", shipped[_i]);
	/* Every POST form has one. */
	for (p = t; (p = strstr(p, "method=\"post\"")) != NULL; p++)
		ck_assert_msg(seen-- > 0, "%s: a form without a token",
		    shipped[_i]);
	ck_assert_ptr_null(strstr(t, "method=\"get\""));
	free(t);
}
END_TEST

/*
 * No inline script or style (the CSP would block them), no event handler,
 * no external resource, no raw value but the page in the layout, and
 * every href, src and action either a fragment or a checked link.
 */
START_TEST(test_template_shipped_pages_hold_no_inline_code_or_raw_value)
{
	static const char *never[] = {
		"<script", "<style", " style=", "javascript:", "data:",
		"<iframe", "<object", "<embed", "<base", "http://", "https://",
		"{{{", "@import",
	};
	static const char *attrs[] = { " href=\"", " src=\"", " action=\"",
	    " formaction=\"" };
	char		*t, *p, *q;
	size_t		 k;

	t = shipped_read(_i);
	for (k = 0; k < sizeof(never) / sizeof(never[0]); k++)
		ck_assert_msg(strstr(t, never[k]) == NULL, "%s: has %s",
		    shipped[_i], never[k]);
	for (p = t; (p = strstr(p, " on")) != NULL; p += 3) {
		for (q = p + 3; *q >= 'a' && *q <= 'z'; q++)
			continue;
		ck_assert_msg(q == p + 3 || *q != '=', "%s: event handler "
		    "%.12s", shipped[_i], p);
	}
	for (p = t; (p = strstr(p, "{{&")) != NULL; p += 3)
		ck_assert_msg(strcmp(shipped[_i], "base") == 0 &&
		    strncmp(p, "{{&content}}", 12) == 0, "%s: raw value %.20s",
		    shipped[_i], p);
	for (k = 0; k < sizeof(attrs) / sizeof(attrs[0]); k++)
		for (p = t; (p = strstr(p, attrs[k])) != NULL; p++) {
			q = p + strlen(attrs[k]);
			ck_assert_msg(strncmp(q, "{{%", 3) == 0 || *q == '#',
			    "%s: unchecked link %.30s", shipped[_i], p);
		}
	free(t);
}
END_TEST

START_TEST(test_template_shipped_pages_are_exactly_the_known_ones)
{
	char		 p[PATH_MAX], name[64];
	DIR		*d;
	struct dirent	*de;
	size_t		 n, k, found = 0;

	snprintf(p, sizeof(p), "%s/templates", srcdir());
	ck_assert_ptr_nonnull(d = opendir(p));
	while ((de = readdir(d)) != NULL) {
		n = strlen(de->d_name);
		if (n < 6 || strcmp(de->d_name + n - 5, ".html") != 0)
			continue;
		snprintf(name, sizeof(name), "%.*s", (int)(n - 5), de->d_name);
		for (k = 0; k < sizeof(shipped) / sizeof(shipped[0]); k++)
			if (strcmp(name, shipped[k]) == 0)
				break;
		ck_assert_msg(k < sizeof(shipped) / sizeof(shipped[0]),
		    "templates/%s is not tested: add it to shipped[] and a "
		    "golden row", de->d_name);
		found++;
	}
	closedir(d);
	ck_assert_uint_eq(found, sizeof(shipped) / sizeof(shipped[0]));
}
END_TEST

Suite *
suite_template(void)
{
	Suite	*s = suite_create("template");
	TCase	*tc;

	tc = tcase_create("grammar");
	tcase_add_checked_fixture(tc, tpl_setup, tpl_teardown);
	tcase_add_loop_test(tc,
	    test_template_render_answers_each_grammar_shape_as_expected, 0,
	    NROWS(grammar_rows));
	tcase_add_test(tc,
	    test_template_render_without_variables_renders_names_as_empty);
	tcase_add_test(tc,
	    test_template_render_logs_the_file_and_line_of_a_malformed_tag);
	suite_add_tcase(s, tc);

	tc = tcase_create("files");
	tcase_add_checked_fixture(tc, tpl_setup, tpl_teardown);
	tcase_add_loop_test(tc,
	    test_template_render_accepts_only_plain_page_names, 0,
	    NROWS(page_rows));
	tcase_add_test(tc, test_template_render_refuses_a_file_over_64_kib);
	tcase_add_test(tc,
	    test_template_render_refuses_output_past_the_buffer_max);
	tcase_add_test(tc, test_template_buf_put_grows_to_hold_a_whole_page);
	tcase_add_test(tc,
	    test_template_render_page_puts_the_page_inside_the_base_layout);
	suite_add_tcase(s, tc);

	tc = tcase_create("escaping");
	tcase_add_checked_fixture(tc, tpl_setup, tpl_teardown);
	tcase_add_loop_test(tc, test_template_escapes_each_value_as_expected,
	    0, NROWS(escape_rows));
	tcase_add_test(tc, test_template_escapes_every_control_byte);
	tcase_add_test(tc,
	    test_template_escapes_rd_in_a_hidden_field_so_it_round_trips);
	tcase_add_loop_test(tc, test_template_renders_only_http_and_local_links,
	    0, NROWS(url_rows));
	tcase_add_test(tc, test_template_checks_a_safe_value_used_as_a_link);
	suite_add_tcase(s, tc);

	tc = tcase_create("shipped");
	tcase_add_loop_test(tc,
	    test_template_renders_each_page_as_its_golden_file, 0,
	    NROWS(golden_rows));
	tcase_add_test(tc,
	    test_template_portal_shows_hostile_names_and_links_inertly);
	tcase_add_loop_test(tc,
	    test_template_shipped_pages_parse_without_variables, 0,
	    NROWS(shipped));
	tcase_add_loop_test(tc,
	    test_template_shipped_pages_carry_csrf_only_in_a_hidden_field, 0,
	    NROWS(shipped));
	tcase_add_loop_test(tc,
	    test_template_shipped_pages_hold_no_inline_code_or_raw_value, 0,
	    NROWS(shipped));
	tcase_add_test(tc,
	    test_template_shipped_pages_are_exactly_the_known_ones);
	suite_add_tcase(s, tc);
	return s;
}
