/* postern: fuzz harness for lib/form.c. */
/*
 * The first byte of the input picks the field name (those login-cgi and
 * the decision read, and one empty name); the rest is a urlencoded
 * string.  Invariants, each an abort() when broken: form_get() agrees with
 * a naive count of the fields of that name (none: PERR_NOTFOUND; two or
 * more: PERR_INVAL); a found value is as long as it says, holds no NUL,
 * and, encoded with form_encode() into "name=<enc>", is found again
 * unchanged; form_encode() writes only unreserved bytes and "%XX" with
 * upper-case hex, three bytes for each byte it escapes, and refuses a
 * buffer one byte short.  Inputs past 8 KiB are cut.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/form.h"

#define FUZZ_MAX	8192
#define FUZZ_CHECK(x)	do { if (!(x)) abort(); } while (0)

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char *const names[] = {
	"rd", "code", "username", "password", "a", ""
};

static int
unreserved(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
	    c == '~';
}

static size_t
naive_count(const char *s, size_t len, const char *name)
{
	size_t	i = 0, n = 0, a, eq, nl = strlen(name);

	while (i < len) {
		a = i;
		while (i < len && s[i] != '&')
			i++;
		eq = a;
		while (eq < i && s[eq] != '=')
			eq++;
		if (eq - a == nl && memcmp(s + a, name, nl) == 0)
			n++;
		if (i < len)
			i++;
	}
	return n;
}

/* form_encode() of in: checked, then returned (static). */
static const char *
encode_checked(const char *in, size_t len)
{
	static char	enc[3 * FUZZ_MAX + 1];
	size_t		n, i, want = 0;

	for (i = 0; i < len; i++)
		want += unreserved((unsigned char)in[i]) ? 1 : 3;
	n = form_encode(in, len, enc, sizeof(enc));
	FUZZ_CHECK(n == want && strlen(enc) == n);
	for (i = 0; i < n; i++) {
		if (enc[i] == '%') {
			FUZZ_CHECK(i + 2 < n);
			FUZZ_CHECK(strchr("0123456789ABCDEF", enc[i + 1]) &&
			    strchr("0123456789ABCDEF", enc[i + 2]));
			i += 2;
		} else
			FUZZ_CHECK(unreserved((unsigned char)enc[i]));
	}
	if (want > 0) {
		/* One byte short of room (for the NUL): 0 and "". */
		static char	tight[3 * FUZZ_MAX + 1];

		FUZZ_CHECK(form_encode(in, len, tight, want) == 0 &&
		    tight[0] == '\0');
		FUZZ_CHECK(form_encode(in, len, tight, want + 1) == want);
	}
	return enc;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char	 val[FUZZ_MAX + 1], again[FUZZ_MAX + 1];
	static char	 field[3 * FUZZ_MAX + 64];
	const char	*name, *s, *enc;
	size_t		 len, vlen = 0, alen = 0, n;
	enum perr	 e;

	if (size == 0)
		return 0;
	name = names[data[0] % (sizeof(names) / sizeof(names[0]))];
	s = (const char *)data + 1;
	len = size - 1 > FUZZ_MAX ? FUZZ_MAX : size - 1;

	/* The raw input encodes as the rules say. */
	(void)encode_checked(s, len);

	n = naive_count(s, len, name);
	e = form_get(s, len, name, val, sizeof(val), &vlen);
	if (n == 0) {
		FUZZ_CHECK(e == PERR_NOTFOUND);
		return 0;
	}
	if (n >= 2) {
		FUZZ_CHECK(e == PERR_INVAL);
		return 0;
	}
	if (e == PERR_INVAL)
		return 0;	/* a bad escape or a NUL */
	FUZZ_CHECK(e == PERR_OK);
	FUZZ_CHECK(strlen(val) == vlen && vlen <= len);

	/* Encoded back into a field, it decodes to itself. */
	enc = encode_checked(val, vlen);
	snprintf(field, sizeof(field), "x=1&%s=%s&y", name, enc);
	if (naive_count(field, strlen(field), name) == 1) {
		FUZZ_CHECK(form_get(field, strlen(field), name, again,
		    sizeof(again), &alen) == PERR_OK);
		FUZZ_CHECK(alen == vlen && memcmp(again, val, vlen) == 0);
	}
	/* Too small a buffer is refused, not overrun. */
	if (vlen > 0)
		FUZZ_CHECK(form_get(s, len, name, again, vlen, NULL) ==
		    PERR_TOOLONG);
	return 0;
}
