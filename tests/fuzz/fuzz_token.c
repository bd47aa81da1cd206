/* postern: fuzz harness for the base64 codecs and token_parse(). */
/*
 * Invariants, each an abort() when broken: an accepted input re-encodes to
 * exactly itself (one spelling per byte string) and decodes to the length
 * its size predicts; a refusal leaves *outlen 0 and says PERR_INVAL or
 * PERR_TOOLONG; token_parse() accepts exactly the 43-character inputs the
 * decoder turns into 32 bytes, and yields their SHA-256.  Inputs past 4 KiB
 * are skipped, so each run is bounded.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/limits.h"
#include "lib/perr.h"
#include "lib/token.h"

#define FUZZ_MAX	4096

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static size_t
decoded_len(size_t n)
{
	return n / 4 * 3 + (n % 4 ? n % 4 - 1 : 0);
}

static void
check_codec(const char *in, size_t size, int url)
{
	static uint8_t	 out[FUZZ_MAX];
	static char	 enc[FUZZ_MAX + 8];
	size_t		 n = 99, m;
	enum perr	 e;

	e = url ? token_b64url_decode(in, size, out, sizeof(out), &n) :
	    token_b64_decode(in, size, out, sizeof(out), &n);
	if (e != PERR_OK) {
		if ((e != PERR_INVAL && e != PERR_TOOLONG) || n != 0)
			abort();
		return;
	}
	if (size % 4 == 1 || n != decoded_len(size))
		abort();
	m = url ? token_b64url_encode(out, n, enc, sizeof(enc)) :
	    token_b64_encode(out, n, enc, sizeof(enc));
	if (m != size || memcmp(enc, in, size) != 0 || enc[m] != '\0')
		abort();
	/* One byte short of room must be refused, not overrun. */
	if (n > 0) {
		m = 99;
		e = url ? token_b64url_decode(in, size, out, n - 1, &m) :
		    token_b64_decode(in, size, out, n - 1, &m);
		if (e != PERR_TOOLONG || m != 0)
			abort();
	}
	/* The encoder refuses a buffer without room for the NUL. */
	if ((url ? token_b64url_encode(out, n, enc, size) :
	    token_b64_encode(out, n, enc, size)) != 0)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char	*in = (const char *)data;
	uint8_t		 raw[TOKEN_BYTES], hash[TOKEN_HASH_BYTES];
	uint8_t		 want[TOKEN_HASH_BYTES], zero[TOKEN_HASH_BYTES];
	size_t		 n = 0;
	int		 decodes;
	enum perr	 e;

	if (size > FUZZ_MAX)
		return 0;
	check_codec(in, size, 1);
	check_codec(in, size, 0);

	decodes = size == TOKEN_B64_LEN &&
	    token_b64url_decode(in, size, raw, sizeof(raw), &n) == PERR_OK &&
	    n == TOKEN_BYTES;
	e = token_parse(in, size, hash);
	if (e == PERR_OK) {
		if (!decodes)
			abort();
		if (token_sha256(raw, sizeof(raw), want) != PERR_OK ||
		    !token_equal(want, hash, sizeof(hash)))
			abort();
	} else {
		memset(zero, 0, sizeof(zero));
		if (e != PERR_INVAL || decodes ||
		    memcmp(hash, zero, sizeof(hash)) != 0)
			abort();
	}
	return 0;
}
