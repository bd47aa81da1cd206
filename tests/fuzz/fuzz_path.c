/* postern: fuzz harness for url_path_normalize() (lib/url.c). */
/*
 * Feeds the input, as a REQUEST_URI of at most 12 KiB, to the path
 * normalization of DESIGN.md step 1.  Invariants, each an abort() when
 * broken: an accepted path starts with "/", has no "//", no "/./" or
 * "/../" segment and does not end in "/." or "/..", holds no control byte,
 * no backslash and only valid UTF-8, is no longer than its input, and
 * normalizes again to itself when it holds no byte that a second decoding
 * would read differently ("%", "?", "#"); a refusal leaves the output ""
 * and gives a reason for PERR_INVAL; the result never depends on bytes
 * after the length given; and a small output buffer is refused with
 * PERR_TOOLONG, never overrun.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/limits.h"
#include "lib/text.h"
#include "lib/url.h"

#define FUZZ_MAX	(12 * 1024)
#define FUZZ_CHECK(x)	do { if (!(x)) abort(); } while (0)

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check_form(const char *out, size_t inlen)
{
	size_t		n = strlen(out), i, u;

	FUZZ_CHECK(n >= 1 && out[0] == '/');
	FUZZ_CHECK(n <= inlen);
	FUZZ_CHECK(strstr(out, "//") == NULL);
	FUZZ_CHECK(strstr(out, "/./") == NULL && strstr(out, "/../") == NULL);
	FUZZ_CHECK(!(n >= 2 && strcmp(out + n - 2, "/.") == 0));
	FUZZ_CHECK(!(n >= 3 && strcmp(out + n - 3, "/..") == 0));
	for (i = 0; i < n; i += u) {
		FUZZ_CHECK((unsigned char)out[i] >= 0x20 && out[i] != 0x7f &&
		    out[i] != '\\');
		u = text_utf8_len((const unsigned char *)out + i, n - i);
		FUZZ_CHECK(u > 0);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char	 out[PATH_MAX_BYTES + 1], again[PATH_MAX_BYTES + 1];
	static char	 small[16];
	const char	*in = (const char *)data, *why = NULL;
	char		*padded;
	enum perr	 e, e2;

	if (size > FUZZ_MAX)
		size = FUZZ_MAX;
	e = url_path_normalize(in, size, out, sizeof(out), &why);
	if (e != PERR_OK) {
		FUZZ_CHECK(e == PERR_INVAL || e == PERR_TOOLONG);
		FUZZ_CHECK(e != PERR_INVAL || why != NULL);
		FUZZ_CHECK(e != PERR_INVAL || out[0] == '\0');
	} else {
		check_form(out, size);
		if (strpbrk(out, "%?#") == NULL) {
			FUZZ_CHECK(url_path_normalize(out, strlen(out), again,
			    sizeof(again), NULL) == PERR_OK);
			FUZZ_CHECK(strcmp(out, again) == 0);
		}
	}

	/* Bytes past the length change nothing. */
	if ((padded = malloc(size + 8)) != NULL) {
		memcpy(padded, data, size);
		memcpy(padded + size, "/../%00\\", 8);
		e2 = url_path_normalize(padded, size, again, sizeof(again),
		    NULL);
		FUZZ_CHECK(e2 == e);
		FUZZ_CHECK(e != PERR_OK || strcmp(out, again) == 0);
		free(padded);
	}

	/* A small buffer: refused or fitting, never overrun. */
	e2 = url_path_normalize(in, size, small, sizeof(small), NULL);
	if (e2 == PERR_OK) {
		FUZZ_CHECK(e == PERR_OK && strcmp(small, out) == 0);
		check_form(small, size);
	} else if (e == PERR_OK)
		FUZZ_CHECK(e2 == PERR_TOOLONG);
	return 0;
}
