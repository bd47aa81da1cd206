/* postern: fuzz harness for the gate's self-test inputs (authz-cgi/conf.c). */
/*
 * The first byte picks the parser; the rest is its input.
 *   even: conf_ticket() on the bytes as they are (the ticket the probe
 *         reads), at a fixed "now".  Accepted only when the bytes are
 *         64 lowercase hex digits, one space, 1 to 19 digits and a LF,
 *         and the expiry lies in [now, now + GATE_PROBE_TTL_MAX]; then
 *         hash is those digits decoded.  Refused: hash all zero.
 *   odd:  conf_xsendfile_path() on the bytes up to the first NUL (a path
 *         the gate would put in an X-Sendfile header).  1 only for an
 *         absolute path without a control byte, DEL or "%", not ending
 *         in a space.
 * Each broken invariant is an abort().  Inputs past 4 KiB are cut.
 */
#include "config.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "authz-cgi/gate.h"

#define FUZZ_MAX	4096
#define FUZZ_NOW	((time_t)1800000000)
#define FUZZ_CHECK(x)	do { if (!(x)) abort(); } while (0)

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* A second reading of the ticket's grammar; 1 with want filled. */
static int
naive_ticket(const char *b, size_t n, uint8_t want[GATE_PROBE_HEX / 2])
{
	long long	exp = 0;
	size_t		i, digits;

	if (n < GATE_PROBE_HEX + 3 || b[GATE_PROBE_HEX] != ' ' ||
	    b[n - 1] != '\n')
		return 0;
	for (i = 0; i < GATE_PROBE_HEX; i++)
		if (hexval(b[i]) == -1)
			return 0;
	digits = n - GATE_PROBE_HEX - 2;
	if (digits > 19)
		return 0;
	for (i = GATE_PROBE_HEX + 1; i < n - 1; i++) {
		if (b[i] < '0' || b[i] > '9')
			return 0;
		if (exp > (LLONG_MAX - (b[i] - '0')) / 10)
			return 0;
		exp = exp * 10 + (b[i] - '0');
	}
	if (exp < (long long)FUZZ_NOW ||
	    exp - (long long)FUZZ_NOW > GATE_PROBE_TTL_MAX)
		return 0;
	for (i = 0; i < GATE_PROBE_HEX; i += 2)
		want[i / 2] = (uint8_t)(hexval(b[i]) << 4 | hexval(b[i + 1]));
	return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char	 b[FUZZ_MAX + 1];
	uint8_t		 hash[GATE_PROBE_HEX / 2], want[GATE_PROBE_HEX / 2];
	static const uint8_t zero[GATE_PROBE_HEX / 2];
	const char	*why = NULL;
	size_t		 n, i;
	int		 ok, rc;

	if (size == 0)
		return 0;
	n = size - 1 > FUZZ_MAX ? FUZZ_MAX : size - 1;
	memcpy(b, data + 1, n);
	b[n] = '\0';
	if (data[0] % 2 == 0) {
		memset(hash, 0xa5, sizeof(hash));
		rc = conf_ticket(b, n, FUZZ_NOW, hash, &why);
		ok = naive_ticket(b, n, want);
		FUZZ_CHECK((rc == 0) == ok);
		if (rc == 0)
			FUZZ_CHECK(memcmp(hash, want, sizeof(hash)) == 0);
		else
			FUZZ_CHECK(why != NULL &&
			    memcmp(hash, zero, sizeof(hash)) == 0);
		return 0;
	}
	n = strlen(b);
	ok = n > 0 && b[0] == '/' && b[n - 1] != ' ';
	for (i = 0; ok && i < n; i++)
		if ((unsigned char)b[i] < 0x20 || b[i] == 0x7f || b[i] == '%')
			ok = 0;
	FUZZ_CHECK(conf_xsendfile_path(b) == ok);
	return 0;
}
