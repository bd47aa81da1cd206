/* postern: authz-cgi: a file's media type from mime.types. */
/*
 * mime.types (the format of Debian's /etc/mime.types, media-types(5)):
 *
 *   line      = comment / entry / blank
 *   comment   = "#" *any
 *   entry     = type 1*(WSP ext)
 *   type      = 1*(ALPHA / DIGIT / "!#$&-^_.+/")  with exactly one "/"
 *   ext       = 1*(any but WSP)
 *
 * Extensions compare case-insensitively.  A line over MIME_LINE_MAX bytes,
 * a type without its "/" or with other bytes (a NUL among them), or one
 * longer than GATE_TYPE_MAX is skipped (the file is the administrator's; a
 * bad line must not stop the rest).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gate.h"

#define MIME_LINE_MAX	1023	/* bytes, without the newline */

static int
mime_typechar(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') ||
	    (c != '\0' && strchr("!#$&-^_.+/", c) != NULL);
}

/*
 * Does line (len bytes, no newline) list ext?  Then its type goes to out
 * and 1 is returned; 0 otherwise (also for a malformed line).  The
 * extensions are looked at first and the type checked only on a match:
 * a whole mime.types is read per request, and most of its lines list
 * other extensions.
 */
int
mime_line(const char *line, size_t len, const char *ext, char *out,
    size_t outsz)
{
	size_t	i = 0, t, tlen, e, elen = strlen(ext);
	int	slashes = 0, found = 0;

	while (i < len && (line[i] == ' ' || line[i] == '\t'))
		i++;
	if (i == len || line[i] == '#')
		return 0;
	for (t = i; i < len && line[i] != ' ' && line[i] != '\t'; i++)
		continue;
	tlen = i - t;
	while (!found && i < len) {
		while (i < len && (line[i] == ' ' || line[i] == '\t'))
			i++;
		for (e = i; i < len && line[i] != ' ' && line[i] != '\t'; i++)
			continue;
		found = i - e == elen && elen > 0 &&
		    strncasecmp(line + e, ext, elen) == 0;
	}
	if (!found)
		return 0;
	for (i = t; i < t + tlen; i++) {
		if (!mime_typechar((unsigned char)line[i]))
			return 0;
		if (line[i] == '/')
			slashes++;
	}
	if (slashes != 1 || line[t] == '/' || line[t + tlen - 1] == '/' ||
	    tlen > GATE_TYPE_MAX || tlen >= outsz)
		return 0;
	memcpy(out, line + t, tlen);
	out[tlen] = '\0';
	return 1;
}

/*
 * The type of extension ext (without the dot) from the mime.types file.
 * Returns 1 with out filled, 0 when none is listed or the file cannot be
 * read (the caller sends application/octet-stream).
 */
int
mime_lookup(const char *file, const char *ext, char *out, size_t outsz)
{
	FILE	*f;
	char	*line = NULL;
	size_t	 cap = 0, len;
	ssize_t	 n;
	int	 found = 0;

	if (*ext == '\0' || (f = fopen(file, "re")) == NULL)
		return 0;
	/* getline()'s count, not strlen(): a NUL inside a line ends nothing. */
	while (!found && (n = getline(&line, &cap, f)) > 0) {
		len = (size_t)n;
		if (line[len - 1] == '\n')
			line[--len] = '\0';
		if (len > MIME_LINE_MAX)
			continue;	/* too long: skipped whole */
		found = mime_line(line, len, ext, out, outsz);
	}
	free(line);
	fclose(f);
	return found;
}
