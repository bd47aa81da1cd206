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
 * bad line must not stop the rest).  A file over MIME_FILE_MAX bytes is
 * not read at all.
 */
#include "config.h"

#include <sys/mman.h>
#include <sys/stat.h>

#include <ctype.h>
#include <fcntl.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "gate.h"

#define MIME_LINE_MAX	1023	/* bytes, without the newline */
#define MIME_FILE_MAX	(4 << 20)	/* bytes; a larger file is not read */

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
 * extensions are looked at first and the type checked only on a match.
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
 * The first line of buf (len bytes) that lists ext (elen bytes) and whose
 * occurrence of it starts with the byte c: its type goes to out and a
 * pointer to the line is returned; NULL when there is none.  Only lines
 * holding ext as a blank-delimited word are handed to mime_line(), which
 * alone decides.
 */
static const char *
mime_scan(const char *buf, size_t len, const char *ext, size_t elen, int c,
    char *out, size_t outsz)
{
	const char	*end = buf + len, *p = buf, *bol, *eol;

	while ((p = memchr(p, c, (size_t)(end - p))) != NULL) {
		if ((size_t)(end - p) >= elen && p > buf &&
		    (p[-1] == ' ' || p[-1] == '\t') &&
		    strncasecmp(p, ext, elen) == 0 && (p + elen == end ||
		    p[elen] == ' ' || p[elen] == '\t' || p[elen] == '\n')) {
			for (bol = p; bol > buf && bol[-1] != '\n'; bol--)
				continue;
			if ((eol = memchr(p, '\n', (size_t)(end - p))) == NULL)
				eol = end;
			if ((size_t)(eol - bol) <= MIME_LINE_MAX &&
			    mime_line(bol, (size_t)(eol - bol), ext, out, outsz))
				return bol;
			p = eol;	/* the rest of this line says nothing */
			continue;
		}
		p++;
	}
	return NULL;
}

/*
 * The type of extension ext (without the dot) from the mime.types file.
 * Returns 1 with out filled, 0 when none is listed or the file cannot be
 * read (the caller sends application/octet-stream).  The file is read
 * whole (at most MIME_FILE_MAX bytes) and searched for the extension in
 * each case of its first letter, rather than split into lines: Debian's is
 * 73 KB, and this runs once per request.  The earlier line wins, as it
 * would line by line.
 */
int
mime_lookup(const char *file, const char *ext, char *out, size_t outsz)
{
	struct stat	 sb;
	const char	*lo, *up = NULL;
	char		*buf, tmp[GATE_TYPE_MAX + 1];
	size_t		 elen = strlen(ext), have;
	int		 fd, c;

	if (elen == 0 || (fd = open(file, O_RDONLY | O_CLOEXEC)) == -1)
		return 0;
	/*
	 * Mapped, not read: the page cache's own pages, a fault for several
	 * at once, where a read() into a new buffer faulted in and copied
	 * every page of it (73 KB on Debian) at each start.  dpkg replaces
	 * the file by a rename, so the mapped pages never shrink under us;
	 * a file cut in place would end the gate on SIGBUS, and Apache then
	 * answers 500, never the file.
	 */
	if (fstat(fd, &sb) == -1 || !S_ISREG(sb.st_mode) ||
	    sb.st_size == 0 || sb.st_size > MIME_FILE_MAX ||
	    (buf = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, fd,
	    0)) == MAP_FAILED) {
		close(fd);
		return 0;
	}
	close(fd);
	have = (size_t)sb.st_size;
	c = (unsigned char)ext[0];
	lo = mime_scan(buf, have, ext, elen, tolower(c), out, outsz);
	if (toupper(c) != tolower(c))
		up = mime_scan(buf, have, ext, elen, toupper(c), tmp,
		    outsz < sizeof(tmp) ? outsz : sizeof(tmp));
	if (up != NULL && (lo == NULL || up < lo))
		strlcpy(out, tmp, outsz);
	munmap(buf, have);
	return lo != NULL || up != NULL;
}
