/* postern: fuzz harness for lib/url.c. */
/*
 * Feeds one input, as a NUL-terminated string of at most 8 KiB, to every
 * parser of url.c and aborts when an invariant breaks: an accepted URL
 * formats to at most URL_MAX bytes that parse back to the same struct; a
 * normalized host normalizes to itself; an accepted link holds no byte a
 * link may not hold; a normalized request path has no empty, "." or ".."
 * segment, backslash or control byte.  Built with libFuzzer
 * (--enable-fuzzing) or with replay.c for make check.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/limits.h"
#include "lib/url.h"

#define FUZZ_INPUT_MAX	8192
#define FUZZ_CHECK(x)	do { if (!(x)) abort(); } while (0)

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
fuzz_url(const char *s)
{
	struct url	 u, v;
	char		 out[URL_MAX + 1];
	const char	*why = NULL;
	size_t		 n, plen;

	if (url_parse(s, &u, &why) != PERR_OK) {
		FUZZ_CHECK(why != NULL && u.host[0] == '\0');
		return;
	}
	n = url_format(&u, out, sizeof(out));
	FUZZ_CHECK(n <= URL_MAX && n == strlen(out));
	FUZZ_CHECK(u.host[0] != '\0');
	FUZZ_CHECK(u.port >= 0 && u.port <= 65535);
	FUZZ_CHECK(u.port != (u.https ? 443 : 80));
	plen = strlen(u.path);
	FUZZ_CHECK(plen == 0 || (u.path[0] == '/' && u.path[plen - 1] != '/'));
	FUZZ_CHECK(strstr(u.path, "//") == NULL);
	FUZZ_CHECK(strpbrk(out, "?#\\ ") == NULL);
	FUZZ_CHECK(strchr(u.host, '@') == NULL);
	FUZZ_CHECK(url_parse(out, &v, NULL) == PERR_OK);
	FUZZ_CHECK(memcmp(&u, &v, sizeof(u)) == 0);
}

static void
fuzz_host(const uint8_t *data, size_t size, int https)
{
	char	out[HOSTPORT_MAX + 1], again[HOSTPORT_MAX + 1];

	if (url_host_normalize((const char *)data, size, https, out,
	    sizeof(out)) != PERR_OK) {
		FUZZ_CHECK(out[0] == '\0');
		return;
	}
	FUZZ_CHECK(out[0] != '\0');
	FUZZ_CHECK(url_host_normalize(out, strlen(out), https, again,
	    sizeof(again)) == PERR_OK);
	FUZZ_CHECK(strcmp(out, again) == 0);
}

static void
fuzz_link(const char *s)
{
	const char	*why = NULL, *p;

	if (url_parse_link(s, &why) != PERR_OK) {
		FUZZ_CHECK(why != NULL);
		return;
	}
	FUZZ_CHECK(s[0] != '\0' && strlen(s) <= URL_MAX);
	for (p = s; *p != '\0'; p++)
		FUZZ_CHECK((unsigned char)*p > 0x20 &&
		    (unsigned char)*p < 0x7f && *p != '\\' && *p != '"' &&
		    *p != '<' && *p != '>');
	if (s[0] == '/')
		FUZZ_CHECK(s[1] != '/');
	else
		FUZZ_CHECK(strncasecmp(s, "http://", 7) == 0 ||
		    strncasecmp(s, "https://", 8) == 0);
}

static void
fuzz_reqpath(const uint8_t *data, size_t size)
{
	char		 out[PATH_MAX_BYTES + 1];
	const char	*why = NULL;
	size_t		 i, n;

	if (url_path_normalize((const char *)data, size, out, sizeof(out),
	    &why) != PERR_OK)
		return;
	n = strlen(out);
	FUZZ_CHECK(n >= 1 && out[0] == '/');
	FUZZ_CHECK(strstr(out, "//") == NULL);
	FUZZ_CHECK(strstr(out, "/./") == NULL && strstr(out, "/../") == NULL);
	FUZZ_CHECK(strcmp(out + (n >= 2 ? n - 2 : 0), "/.") != 0);
	FUZZ_CHECK(strcmp(out + (n >= 3 ? n - 3 : 0), "/..") != 0);
	for (i = 0; i < n; i++)
		FUZZ_CHECK((unsigned char)out[i] >= 0x20 && out[i] != 0x7f &&
		    out[i] != '\\');
}

static void
fuzz_domain(const char *s)
{
	char	out[HOST_MAX + 1], again[HOST_MAX + 1];

	if (url_domain_normalize(s, out, sizeof(out), NULL) != PERR_OK)
		return;
	FUZZ_CHECK(url_domain_normalize(out, again, sizeof(again), NULL) ==
	    PERR_OK && strcmp(out, again) == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	*s;

	if (size > FUZZ_INPUT_MAX)
		size = FUZZ_INPUT_MAX;
	if ((s = malloc(size + 1)) == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';

	fuzz_url(s);
	fuzz_host(data, size, 0);
	fuzz_host(data, size, 1);
	fuzz_link(s);
	fuzz_domain(s);
	fuzz_reqpath(data, size);
	free(s);
	return 0;
}
