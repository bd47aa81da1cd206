/* postern: fuzz harness for authz-cgi/range.c. */
/*
 * The first byte of the input picks the file size (0, 1, 100, 4096 or
 * 2^63 - 1); the rest, up to its first NUL, is the Range header's value.
 * Invariants, each an abort() when broken: an accepted range lies inside
 * the file (first <= last < size); a refused one leaves *r alone; a
 * header over 64 bytes (range.c's RANGE_HEADER_MAX) is RANGE_NONE
 * whatever it holds; and the answer agrees with a second, naive reading
 * of the grammar ("bytes=", digits, "-", digits, nothing else).  Inputs
 * past 4 KiB are cut, so each run is bounded.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "authz-cgi/gate.h"

#define FUZZ_MAX	4096
#define FUZZ_HDR_MAX	64
#define FUZZ_CHECK(x)	do { if (!(x)) abort(); } while (0)

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const uint64_t sizes[] = { 0, 1, 100, 4096, INT64_MAX };

/* Digits from s[*i]: 0 if none, -1 if over 2^63 - 1, else 1 with *v. */
static int
naive_num(const char *s, size_t *i, uint64_t *v)
{
	size_t	start = *i;

	*v = 0;
	for (; s[*i] >= '0' && s[*i] <= '9'; (*i)++) {
		if (*v > INT64_MAX / 10 ||
		    *v * 10 + (uint64_t)(s[*i] - '0') > INT64_MAX) {
			while (s[*i] >= '0' && s[*i] <= '9')
				(*i)++;
			return -1;
		}
		*v = *v * 10 + (uint64_t)(s[*i] - '0');
	}
	return *i > start ? 1 : 0;
}

static enum range_result
naive(const char *h, uint64_t size, uint64_t *first, uint64_t *last)
{
	size_t		i = 6;
	uint64_t	a, b;
	int		ka, kb;

	if (strlen(h) > FUZZ_HDR_MAX || strncmp(h, "bytes=", 6) != 0)
		return RANGE_NONE;
	if (h[i] == '-') {
		i++;
		if (naive_num(h, &i, &b) != 1 || h[i] != '\0')
			return RANGE_NONE;
		if (b == 0 || size == 0)
			return RANGE_UNSATISFIABLE;
		*first = b > size ? 0 : size - b;
		*last = size - 1;
		return RANGE_OK;
	}
	if ((ka = naive_num(h, &i, &a)) != 1 || h[i++] != '-')
		return RANGE_NONE;
	if (h[i] == '\0') {
		kb = 0;
		b = 0;
	} else if ((kb = naive_num(h, &i, &b)) != 1 || h[i] != '\0' || b < a)
		return RANGE_NONE;
	if (a >= size)
		return RANGE_UNSATISFIABLE;
	*first = a;
	*last = kb == 0 || b >= size ? size - 1 : b;
	return RANGE_OK;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char		 h[FUZZ_MAX + 1];
	struct gate_range	 r = { 12345, 67890 };
	enum range_result	 e, ne;
	uint64_t		 fsize, first = 0, last = 0;
	size_t			 len;

	if (size == 0)
		return 0;
	fsize = sizes[data[0] % (sizeof(sizes) / sizeof(sizes[0]))];
	len = size - 1 > FUZZ_MAX ? FUZZ_MAX : size - 1;
	memcpy(h, data + 1, len);
	h[len] = '\0';

	e = range_parse(h, fsize, &r);
	switch (e) {
	case RANGE_OK:
		FUZZ_CHECK(fsize > 0);
		FUZZ_CHECK(r.first <= r.last && r.last < fsize);
		break;
	case RANGE_NONE:
	case RANGE_UNSATISFIABLE:
		FUZZ_CHECK(r.first == 12345 && r.last == 67890);
		break;
	default:
		abort();
	}
	if (strlen(h) > FUZZ_HDR_MAX)
		FUZZ_CHECK(e == RANGE_NONE);
	if (e != RANGE_NONE)
		FUZZ_CHECK(strncmp(h, "bytes=", 6) == 0 &&
		    strspn(h + 6, "0123456789-") == strlen(h + 6));

	ne = naive(h, fsize, &first, &last);
	FUZZ_CHECK(e == ne);
	if (e == RANGE_OK)
		FUZZ_CHECK(r.first == first && r.last == last);

	/* Absent is always the whole file. */
	FUZZ_CHECK(range_parse(NULL, fsize, &r) == RANGE_NONE);
	return 0;
}
