/* postern: fuzz harness for lib/cookie.c. */
/*
 * The first byte of the input picks the cookie name looked for (the three
 * names postern uses and a short one); the rest is the Cookie header.
 * Invariants, each an abort() when broken: the answer agrees with a
 * second, naive reading of the header (split at ";", trim SP and HTAB,
 * compare the name byte for byte: none, one or more pairs of that name);
 * a found value lies inside the header right after "name=", holds no ";"
 * and ends in no SP or HTAB; a header over COOKIE_HEADER_MAX is refused
 * whatever it holds; and a found value written back with cookie_format()
 * is found again, unchanged.  Inputs past 16 KiB are cut, so each run is
 * bounded.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/cookie.h"

#define FUZZ_MAX	(16 * 1024)
#define FUZZ_CHECK(x)	do { if (!(x)) abort(); } while (0)

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char *const names[] = {
	"__Host-postern", "__Secure-postern", "postern", "a"
};

static int
ows(char c)
{
	return c == ' ' || c == '\t';
}

/* How many pairs named name the header holds; *val the last one's. */
static size_t
naive_count(const char *h, size_t len, const char *name, const char **val,
    size_t *vallen)
{
	size_t	i = 0, n = 0, nl = strlen(name), a, b, eq;

	while (i <= len) {
		a = i;
		while (i < len && h[i] != ';')
			i++;
		b = i++;
		while (a < b && ows(h[a]))
			a++;
		while (b > a && ows(h[b - 1]))
			b--;
		eq = a;
		while (eq < b && h[eq] != '=')
			eq++;
		if (eq < b && eq - a == nl && memcmp(h + a, name, nl) == 0) {
			n++;
			*val = h + eq + 1;
			*vallen = b - eq - 1;
		}
	}
	return n;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char	*name, *hdr, *val = NULL, *nval = NULL;
	char		*copy, out[FUZZ_MAX + 256];
	size_t		 len, vallen = 0, nvallen = 0, n, i;
	enum perr	 e;

	if (size == 0)
		return 0;
	name = names[data[0] % (sizeof(names) / sizeof(names[0]))];
	hdr = (const char *)data + 1;
	len = size - 1 > FUZZ_MAX ? FUZZ_MAX : size - 1;

	e = cookie_find(hdr, len, name, &val, &vallen);
	if (len > COOKIE_HEADER_MAX) {
		FUZZ_CHECK(e == PERR_TOOLONG);
		return 0;
	}
	n = naive_count(hdr, len, name, &nval, &nvallen);
	switch (e) {
	case PERR_NOTFOUND:
		FUZZ_CHECK(n == 0 && val == NULL && vallen == 0);
		return 0;
	case PERR_INVAL:
		FUZZ_CHECK(n >= 2);
		return 0;
	case PERR_OK:
		break;
	default:
		abort();
	}
	FUZZ_CHECK(n == 1 && val == nval && vallen == nvallen);
	FUZZ_CHECK(val > hdr && val + vallen <= hdr + len && val[-1] == '=');
	FUZZ_CHECK((size_t)(val - 1 - hdr) >= strlen(name));
	FUZZ_CHECK(memcmp(val - 1 - strlen(name), name, strlen(name)) == 0);
	FUZZ_CHECK(memchr(val, ';', vallen) == NULL);
	FUZZ_CHECK(vallen == 0 || !ows(val[vallen - 1]));

	/* Written back, it is found again (a value that can be one). */
	if ((copy = malloc(vallen + 1)) == NULL)
		return 0;
	memcpy(copy, val, vallen);
	copy[vallen] = '\0';
	if (strlen(copy) == vallen && (vallen == 0 || !ows(copy[0]))) {
		FUZZ_CHECK(cookie_format(out, sizeof(out), name, copy, 1, NULL,
		    -1) == PERR_OK);
		for (i = 0; out[i] != '\0' && out[i] != ';'; i++)
			continue;
		e = cookie_find(out, i, name, &val, &vallen);
		FUZZ_CHECK(e == PERR_OK && vallen == strlen(copy) &&
		    memcmp(val, copy, vallen) == 0);
		/* The attributes are always there. */
		FUZZ_CHECK(strstr(out + i, "; HttpOnly") != NULL &&
		    strstr(out + i, "; Secure") != NULL &&
		    strstr(out + i, "; SameSite=Lax") != NULL);
	}
	free(copy);
	return 0;
}
