/* postern: one line of an htpasswd file. */
/*
 * A strict reader: the line end is the only control byte tolerated, a line
 * has exactly one colon, and the hash must be one password.c can verify.
 * Each malformed shape has its own reason, which import-htpasswd prints
 * with the line number.
 */
#include "config.h"

#include <string.h>

#include "htpasswd.h"
#include "limits.h"
#include "password.h"
#include "perr.h"
#include "token.h"

enum perr
htpasswd_parse_line(const char *line, size_t len, char name[USERNAME_MAX + 1],
    char hash[HASH_MAX + 1], const char **why)
{
	const char	*colon, *h, *w = NULL;
	size_t		 i, nlen, hlen;
	unsigned char	 c;
	enum perr	 e = PERR_INVAL;

	name[0] = '\0';
	hash[0] = '\0';

	/* The line end: "\n" or "\r\n", nothing else. */
	if (len > 0 && line[len - 1] == '\n') {
		len--;
		if (len > 0 && line[len - 1] == '\r')
			len--;
	}
	if (len > HTPASSWD_LINE_MAX) {
		w = "line too long";
		e = PERR_TOOLONG;
		goto done;
	}
	for (i = 0; i < len; i++) {
		c = (unsigned char)line[i];
		if (c < 0x20 || c == 0x7f) {
			w = "control character";
			goto done;
		}
	}
	if (len == 0) {
		w = "blank line";
		e = PERR_NOTFOUND;
		goto done;
	}
	if (line[0] == '#') {
		w = "comment";
		e = PERR_NOTFOUND;
		goto done;
	}

	if ((colon = memchr(line, ':', len)) == NULL) {
		w = "no colon";
		goto done;
	}
	if ((nlen = (size_t)(colon - line)) == 0) {
		w = "empty name";
		goto done;
	}
	if (nlen > USERNAME_MAX) {
		w = "name too long";
		e = PERR_TOOLONG;
		goto done;
	}
	memcpy(name, line, nlen);
	name[nlen] = '\0';

	h = colon + 1;
	hlen = len - nlen - 1;
	if (hlen == 0) {
		w = "empty hash";
		goto done;
	}
	if (memchr(h, ':', hlen) != NULL) {
		w = "more than one colon";
		goto done;
	}
	if (hlen > HASH_MAX) {
		w = "hash too long";
		e = PERR_TOOLONG;
		goto done;
	}
	memcpy(hash, h, hlen);
	hash[hlen] = '\0';
	if ((e = password_import_check(hash, &w)) != PERR_OK)
		goto done;
	w = NULL;
done:
	/* A refused "hash" may be a plaintext password. */
	if (e != PERR_OK)
		token_wipe(hash, HASH_MAX + 1);
	if (why != NULL)
		*why = w;
	return e;
}
