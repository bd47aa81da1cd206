/* postern: fuzz harness for lib/request.c and what the decision does next. */
/*
 * The input is split at NUL bytes into "NAME=VALUE" strings (at most 64),
 * a FastCGI parameter list, and given to request_from_env(); the host and
 * the URI it returns are then normalized as decide() would (a decide() on
 * a store would make each run too heavy).  Invariants, each an abort()
 * when broken: every field points just past "NAME=" of one of the strings,
 * and of the last one of that name whose value it equals (copies agree or
 * the request is refused); a refusal names its reason; REQUEST_URI is
 * never over REQUEST_URI_MAX; https is set only by HTTPS=on (any case);
 * a normalized host normalizes to itself, lowercase, no trailing dot; a
 * normalized path starts with "/" and has no "//", "/./" or "/../".
 * Inputs past 32 KiB are cut.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/limits.h"
#include "lib/request.h"
#include "lib/url.h"

#define FUZZ_MAX	(32 * 1024)
#define ENV_MAX		64
#define FUZZ_CHECK(x)	do { if (!(x)) abort(); } while (0)

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Does v point just past "name=" in one of env's strings? */
static int
from_env(char **env, const char *name, const char *v)
{
	size_t	i, nl = strlen(name);

	for (i = 0; env[i] != NULL; i++)
		if (strncmp(env[i], name, nl) == 0 && env[i][nl] == '=' &&
		    v == env[i] + nl + 1)
			return 1;
	return 0;
}

static void
check_field(char **env, const char *name, const char *v)
{
	size_t	i, nl = strlen(name), seen = 0;

	if (v == NULL) {
		/* Absent: no string of that name. */
		for (i = 0; env[i] != NULL; i++)
			FUZZ_CHECK(!(strncmp(env[i], name, nl) == 0 &&
			    env[i][nl] == '='));
		return;
	}
	FUZZ_CHECK(from_env(env, name, v));
	for (i = 0; env[i] != NULL; i++)
		if (strncmp(env[i], name, nl) == 0 && env[i][nl] == '=')
			seen++;
	FUZZ_CHECK(seen >= 1);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char	 buf[FUZZ_MAX + 1];
	static char	 host[HOSTPORT_MAX + 1], again[HOSTPORT_MAX + 1];
	static char	 path[PATH_MAX_BYTES + 1];
	char		*env[ENV_MAX + 1];
	struct request	 r;
	const char	*why = NULL;
	size_t		 i, n = 0, start = 0, len;
	enum perr	 e;

	if (size > FUZZ_MAX)
		size = FUZZ_MAX;
	memcpy(buf, data, size);
	buf[size] = '\0';
	for (i = 0; i <= size && n < ENV_MAX; i++)
		if (buf[i] == '\0') {
			env[n++] = buf + start;
			start = i + 1;
		}
	env[n] = NULL;

	e = request_from_env(env, &r, &why);
	if (e != PERR_OK) {
		FUZZ_CHECK((e == PERR_INVAL || e == PERR_TOOLONG) &&
		    why != NULL);
		return 0;
	}
	FUZZ_CHECK(why == NULL);
	check_field(env, "HTTP_HOST", r.host);
	check_field(env, "REQUEST_URI", r.uri);
	check_field(env, "REQUEST_METHOD", r.method);
	check_field(env, "REMOTE_ADDR", r.addr);
	check_field(env, "HTTP_COOKIE", r.cookie);
	check_field(env, "HTTP_ACCEPT", r.accept);
	check_field(env, "HTTP_X_FORWARDED_FOR", r.xff);
	if (r.https) {
		for (i = 0; env[i] != NULL; i++)
			if (strncmp(env[i], "HTTPS=", 6) == 0)
				break;
		FUZZ_CHECK(env[i] != NULL && strcasecmp(env[i] + 6, "on") == 0);
	}
	/* Every copy of REQUEST_URI agrees with the one taken. */
	for (i = 0; r.uri != NULL && env[i] != NULL; i++)
		if (strncmp(env[i], "REQUEST_URI=", 12) == 0)
			FUZZ_CHECK(strcmp(env[i] + 12, r.uri) == 0);
	for (i = 0; r.cookie != NULL && env[i] != NULL; i++)
		if (strncmp(env[i], "HTTP_COOKIE=", 12) == 0)
			FUZZ_CHECK(strcmp(env[i] + 12, r.cookie) == 0);

	if (r.host != NULL && url_host_normalize(r.host, strlen(r.host),
	    r.https, host, sizeof(host)) == PERR_OK) {
		len = strlen(host);
		FUZZ_CHECK(len > 0 && host[len - 1] != '.');
		for (i = 0; i < len; i++)
			FUZZ_CHECK(!(host[i] >= 'A' && host[i] <= 'Z') &&
			    (unsigned char)host[i] > 0x20 &&
			    (unsigned char)host[i] < 0x7f);
		FUZZ_CHECK(url_host_normalize(host, len, r.https, again,
		    sizeof(again)) == PERR_OK && strcmp(host, again) == 0);
	}
	if (r.uri != NULL) {
		FUZZ_CHECK(strlen(r.uri) <= REQUEST_URI_MAX);
		if (url_path_normalize(r.uri, strlen(r.uri), path,
		    sizeof(path), NULL) == PERR_OK) {
			FUZZ_CHECK(path[0] == '/');
			FUZZ_CHECK(strstr(path, "//") == NULL &&
			    strstr(path, "/./") == NULL &&
			    strstr(path, "/../") == NULL);
		}
	}
	return 0;
}
