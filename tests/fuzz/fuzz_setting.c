/* postern: fuzz harness for lib/setting.c's parsers and validators. */
/*
 * Feeds one input, as a NUL-terminated string of at most 8 KiB, to the
 * duration and CIDR parsers and to setting_validate() for every key, and
 * aborts when an invariant breaks: a duration formats to text that parses
 * back to it; a CIDR formats to text that parses back to it and contains
 * its own network address; a canonical value validates to itself.  No
 * store is opened.  Built with libFuzzer or with replay.c.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/limits.h"
#include "lib/setting.h"

#define FUZZ_INPUT_MAX	8192
#define FUZZ_CHECK(x)	do { if (!(x)) abort(); } while (0)

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
fuzz_duration(const char *s)
{
	char	out[32];
	int64_t	secs, back;

	if (setting_duration_parse(s, &secs) != PERR_OK) {
		FUZZ_CHECK(secs == 0);
		return;
	}
	FUZZ_CHECK(secs >= 0 && secs <= SETTING_DURATION_MAX);
	FUZZ_CHECK(setting_duration_format(secs, out, sizeof(out)) <
	    sizeof(out));
	FUZZ_CHECK(setting_duration_parse(out, &back) == PERR_OK);
	FUZZ_CHECK(back == secs);
}

static void
fuzz_cidr(const char *s)
{
	struct cidr	c, d;
	char		out[64], addr[64], *slash;

	if (setting_cidr_parse(s, &c) != PERR_OK) {
		FUZZ_CHECK(c.family == 0);
		/* Whatever it is, matching it as an address must not crash. */
		if (setting_cidr_parse("0.0.0.0/0", &d) == PERR_OK)
			(void)setting_cidr_match(&d, s);
		return;
	}
	FUZZ_CHECK(setting_cidr_format(&c, out, sizeof(out)) < sizeof(out));
	FUZZ_CHECK(setting_cidr_parse(out, &d) == PERR_OK);
	FUZZ_CHECK(memcmp(&c, &d, sizeof(c)) == 0);
	memcpy(addr, out, sizeof(addr));
	if ((slash = strchr(addr, '/')) != NULL)
		*slash = '\0';
	FUZZ_CHECK(setting_cidr_match(&c, addr) == 1);
}

static void
fuzz_cidrs(const char *s)
{
	struct cidr	c[PROXIES_MAX];
	size_t		n;

	if (setting_cidrs_parse(s, c, PROXIES_MAX, &n) == PERR_OK)
		FUZZ_CHECK(n <= PROXIES_MAX);
}

static void
fuzz_validate(const char *s)
{
	const struct setting_def	*d;
	char				 canon[SETTING_VALUE_MAX + 1];
	char				 again[SETTING_VALUE_MAX + 1];
	const char			*why;
	size_t				 i, n;

	d = setting_all(&n);
	for (i = 0; i < n; i++) {
		why = NULL;
		if (setting_validate(d[i].key, s, canon, sizeof(canon), &why) !=
		    PERR_OK) {
			FUZZ_CHECK(why != NULL && canon[0] == '\0');
			continue;
		}
		FUZZ_CHECK(setting_validate(d[i].key, canon, again,
		    sizeof(again), NULL) == PERR_OK);
		FUZZ_CHECK(strcmp(canon, again) == 0);
	}
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

	fuzz_duration(s);
	fuzz_cidr(s);
	fuzz_cidrs(s);
	fuzz_validate(s);
	free(s);
	return 0;
}
