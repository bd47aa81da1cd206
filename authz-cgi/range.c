/* postern: authz-cgi: the Range request header, one range only. */
/*
 * RFC 9110 section 14.1.2, the part a file server needs:
 *
 *   Range          = "bytes=" range-spec
 *   range-spec     = first-pos "-" [ last-pos ] / "-" suffix-length
 *   first-pos, last-pos, suffix-length = 1*DIGIT
 *
 * Several ranges, other units, whitespace, signs, a last-pos before the
 * first-pos, a number over 2^63 or a header over RANGE_HEADER_MAX bytes
 * are answered with the whole file (RANGE_NONE), which RFC 9110 allows; a
 * well-formed range that starts at or past the end, or a zero suffix, is
 * RANGE_UNSATISFIABLE (416).
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "gate.h"

/* "bytes=" and two 19-digit numbers take 45; the rest is leading zeros. */
#define RANGE_HEADER_MAX	64

/* 1*DIGIT into *v, at most 2^63 - 1; returns the bytes read, 0 on error. */
static size_t
range_num(const char *s, uint64_t *v)
{
	size_t	i;

	*v = 0;
	for (i = 0; s[i] >= '0' && s[i] <= '9'; i++) {
		if (*v > (INT64_MAX - (uint64_t)(s[i] - '0')) / 10)
			return 0;
		*v = *v * 10 + (uint64_t)(s[i] - '0');
	}
	return i;
}

/*
 * Parse h (the header's value, or NULL) against a file of size bytes.
 * RANGE_OK fills *r with an inclusive range inside the file.
 */
enum range_result
range_parse(const char *h, uint64_t size, struct gate_range *r)
{
	uint64_t	a, b;
	size_t		n;

	if (h == NULL || strnlen(h, RANGE_HEADER_MAX + 1) > RANGE_HEADER_MAX ||
	    strncmp(h, "bytes=", 6) != 0)
		return RANGE_NONE;
	h += 6;
	if (*h == '-') {
		if ((n = range_num(h + 1, &b)) == 0 || h[1 + n] != '\0')
			return RANGE_NONE;
		if (b == 0 || size == 0)
			return RANGE_UNSATISFIABLE;
		r->first = b >= size ? 0 : size - b;
		r->last = size - 1;
		return RANGE_OK;
	}
	if ((n = range_num(h, &a)) == 0 || h[n] != '-')
		return RANGE_NONE;
	h += n + 1;
	if (*h == '\0')
		b = UINT64_MAX;
	else if ((n = range_num(h, &b)) == 0 || h[n] != '\0' || b < a)
		return RANGE_NONE;
	if (a >= size)
		return RANGE_UNSATISFIABLE;
	r->first = a;
	r->last = b >= size ? size - 1 : b;
	return RANGE_OK;
}
