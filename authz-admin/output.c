/* postern: authz-admin's output: aligned text or JSON, from one set of calls. */
/*
 * A command describes its records once (out_obj_begin, out_str, ...,
 * out_obj_end) and this file writes them as JSON with --json, as
 * "key: value" lines for a single record, or as aligned columns with a
 * header for a list (rows are buffered until out_list_end() to size the
 * columns).  Text output escapes control bytes; JSON escapes per RFC 8259.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "admin.h"
#include "lib/log.h"

#define OUT_DEPTH	8
#define OUT_COLS	16
#define OUT_CELL	512

struct out_row {
	char	cell[OUT_COLS][OUT_CELL];
};

static struct {
	int		 json;
	int		 list;		/* inside out_list_begin() */
	int		 first[OUT_DEPTH];
	int		 depth;
	/* text lists */
	char		 head[OUT_COLS][32];
	size_t		 ncols, col;
	struct out_row	*rows;
	size_t		 nrows, maxrows;
	/* text arrays, joined with "," */
	int		 inarr;
	char		 arr[OUT_CELL];
	char		 arrkey[32];
} out;

void
out_init(int json)
{
	memset(&out, 0, sizeof(out));
	out.json = json;
	out.first[0] = 1;
}

void
out_time_str(int64_t t, char *buf, size_t bufsz)
{
	struct tm	tm;
	time_t		tt = (time_t)t;

	if (gmtime_r(&tt, &tm) == NULL ||
	    strftime(buf, bufsz, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(buf, bufsz, "%lld", (long long)t);
}

static void
json_string(const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;

	putchar('"');
	for (; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			printf("\\%c", *p);
		else if (*p == '\n')
			fputs("\\n", stdout);
		else if (*p < 0x20 || *p == 0x7f)
			printf("\\u%04x", *p);
		else
			putchar(*p);
	}
	putchar('"');
}

/* The comma and the key before a JSON value. */
static void
json_key(const char *key)
{
	if (!out.first[out.depth])
		putchar(',');
	out.first[out.depth] = 0;
	if (key != NULL) {
		json_string(key);
		putchar(':');
	}
}

static void
json_open(const char *key, int c)
{
	json_key(key);
	putchar(c);
	if (out.depth + 1 < OUT_DEPTH)
		out.depth++;
	out.first[out.depth] = 1;
}

static void
json_close(int c)
{
	putchar(c);
	if (out.depth > 0)
		out.depth--;
	if (out.depth == 0)
		putchar('\n');
}

/* One text field: a column of the current row, or a "key: value" line. */
static void
text_field(const char *key, const char *value)
{
	char	esc[OUT_CELL];

	log_escape(esc, sizeof(esc), value, strlen(value));
	if (!out.list) {
		printf("%-14s %s\n", key, esc);
		return;
	}
	if (out.col >= OUT_COLS || out.rows == NULL)
		return;
	if (out.nrows == 1)
		snprintf(out.head[out.col], sizeof(out.head[0]), "%s", key);
	snprintf(out.rows[out.nrows - 1].cell[out.col], OUT_CELL, "%s",
	    *esc == '\0' ? "-" : esc);
	out.col++;
	if (out.col > out.ncols)
		out.ncols = out.col;
}

void
out_list_begin(void)
{
	if (out.json) {
		json_open(NULL, '[');
		return;
	}
	out.list = 1;
	out.nrows = out.ncols = 0;
}

void
out_list_end(void)
{
	size_t	width[OUT_COLS] = { 0 }, r, c, n;

	if (out.json) {
		json_close(']');
		return;
	}
	for (c = 0; c < out.ncols; c++) {
		width[c] = strlen(out.head[c]);
		for (r = 0; r < out.nrows; r++)
			if ((n = strlen(out.rows[r].cell[c])) > width[c])
				width[c] = n;
	}
	for (c = 0; c < out.ncols && out.nrows > 0; c++) {
		for (n = 0; out.head[c][n] != '\0'; n++)
			putchar(out.head[c][n] >= 'a' && out.head[c][n] <= 'z' ?
			    out.head[c][n] - 'a' + 'A' : out.head[c][n]);
		printf("%*s", c + 1 < out.ncols ? (int)(width[c] - n + 2) : 0,
		    "");
	}
	if (out.nrows > 0)
		putchar('\n');
	for (r = 0; r < out.nrows; r++) {
		for (c = 0; c < out.ncols; c++)
			printf(c + 1 < out.ncols ? "%-*s  " : "%.*s\n",
			    c + 1 < out.ncols ? (int)width[c] : (int)OUT_CELL,
			    out.rows[r].cell[c]);
	}
	free(out.rows);
	out.rows = NULL;
	out.nrows = out.maxrows = 0;
	out.list = 0;
}

void
out_obj_begin(void)
{
	struct out_row	*nr;

	if (out.json) {
		json_open(NULL, '{');
		return;
	}
	if (!out.list)
		return;
	if (out.nrows == out.maxrows) {
		out.maxrows = out.maxrows ? out.maxrows * 2 : 16;
		if ((nr = reallocarray(out.rows, out.maxrows,
		    sizeof(*nr))) == NULL) {
			fprintf(stderr, "authz-admin: out of memory\n");
			exit(EXIT_REFUSED);
		}
		out.rows = nr;
	}
	memset(&out.rows[out.nrows], 0, sizeof(out.rows[0]));
	out.nrows++;
	out.col = 0;
}

void
out_obj_end(void)
{
	if (out.json)
		json_close('}');
	else if (!out.list)
		putchar('\n');
}

void
out_str(const char *key, const char *value)
{
	if (out.json) {
		json_key(key);
		json_string(value);
	} else
		text_field(key, value);
}

void
out_strnull(const char *key, const char *value)
{
	if (*value == '\0')
		out_null(key);
	else
		out_str(key, value);
}

void
out_int(const char *key, int64_t value)
{
	char	buf[24];

	if (out.json) {
		json_key(key);
		printf("%lld", (long long)value);
		return;
	}
	snprintf(buf, sizeof(buf), "%lld", (long long)value);
	text_field(key, buf);
}

void
out_bool(const char *key, int value)
{
	if (out.json) {
		json_key(key);
		fputs(value ? "true" : "false", stdout);
	} else
		text_field(key, value ? "yes" : "no");
}

void
out_null(const char *key)
{
	if (out.json) {
		json_key(key);
		fputs("null", stdout);
	} else
		text_field(key, "");
}

void
out_time(const char *key, int64_t t)
{
	char	buf[32];

	if (t == 0) {
		out_null(key);
		return;
	}
	out_time_str(t, buf, sizeof(buf));
	out_str(key, buf);
}

void
out_arr_begin(const char *key)
{
	if (out.json) {
		json_open(key, '[');
		return;
	}
	out.inarr = 1;
	out.arr[0] = '\0';
	snprintf(out.arrkey, sizeof(out.arrkey), "%s", key);
}

void
out_arr_str(const char *value)
{
	size_t	len;

	if (out.json) {
		json_key(NULL);
		json_string(value);
		return;
	}
	len = strlen(out.arr);
	snprintf(out.arr + len, sizeof(out.arr) - len, "%s%s",
	    len > 0 ? "," : "", value);
}

void
out_arr_end(void)
{
	if (out.json) {
		json_close(']');
		return;
	}
	out.inarr = 0;
	text_field(out.arrkey, out.arr);
}
