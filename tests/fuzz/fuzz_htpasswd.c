/* postern: fuzz harness for htpasswd_parse_line(). */
/*
 * Invariants, each an abort() when broken: an accepted line is exactly
 * name ":" hash plus an optional line end, with a non-empty name and hash
 * free of colons and control bytes, within their limits, and a hash that
 * password_import_check() accepts; a skipped line is blank or a comment;
 * a refused line has a reason and its hash buffer is all zeros (a refused
 * "hash" may be a password).  Inputs past twice the line limit are skipped,
 * so each run is bounded; no hashing happens here.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/htpasswd.h"
#include "lib/limits.h"
#include "lib/password.h"
#include "lib/perr.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static int
clean(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f || *s == ':')
			return 0;
	return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char	*line = (const char *)data, *why = NULL;
	char		 name[USERNAME_MAX + 1], hash[HASH_MAX + 1];
	size_t		 len = size, nl, hl, i;
	enum perr	 e;

	if (size > 2 * HTPASSWD_LINE_MAX)
		return 0;
	memset(name, 'N', sizeof(name));
	memset(hash, 'H', sizeof(hash));
	e = htpasswd_parse_line(line, size, name, hash, &why);

	/* What the parser should have stripped. */
	if (len > 0 && line[len - 1] == '\n') {
		len--;
		if (len > 0 && line[len - 1] == '\r')
			len--;
	}

	switch (e) {
	case PERR_OK:
		nl = strlen(name);
		hl = strlen(hash);
		if (why != NULL || nl == 0 || nl > USERNAME_MAX || hl == 0 ||
		    hl > HASH_MAX || !clean(name) || !clean(hash))
			abort();
		if (nl + 1 + hl != len || memcmp(line, name, nl) != 0 ||
		    line[nl] != ':' || memcmp(line + nl + 1, hash, hl) != 0)
			abort();
		if (password_import_check(hash, NULL) != PERR_OK)
			abort();
		break;
	case PERR_NOTFOUND:
		if (len != 0 && line[0] != '#')
			abort();
		if (name[0] != '\0' || hash[0] != '\0')
			abort();
		break;
	case PERR_INVAL:
	case PERR_TOOLONG:
		if (why == NULL || memchr(name, '\0', sizeof(name)) == NULL)
			abort();
		for (i = 0; i < sizeof(hash); i++)
			if (hash[i] != '\0')
				abort();
		/* A name kept for the message is the line's, up to its colon. */
		nl = strlen(name);
		if (nl > 0 && (nl >= len || memcmp(line, name, nl) != 0 ||
		    line[nl] != ':'))
			abort();
		break;
	default:
		abort();
	}
	return 0;
}
