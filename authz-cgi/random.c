/* postern: authz-cgi, the gate's random source. */
/*
 * The gate mints a token only to exchange a one-time code at
 * /.postern/callback (single mode): once per sign-in, where every other
 * request only hashes a cookie.  It takes the bytes from the kernel's
 * generator, getrandom(2), the source OpenSSL's own DRBG is seeded from,
 * rather than RAND_bytes: the DRBG links OpenSSL's default provider, whose
 * 18,000 relocations cost each start of the gate about 0.2 ms (bench/gate.sh,
 * bench/README.md), paid by every request and used by almost none.  This
 * definition is linked before lib/libpostern.a, so lib/token_rand.c is not
 * part of the gate; the rest of the program reaches it as token_random().
 */
#include "config.h"

#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <sys/random.h>
#include <sys/types.h>

#include "lib/log.h"
#include "lib/perr.h"
#include "lib/token.h"

/*
 * Blocks until the kernel's pool is initialised (flags 0), then never;
 * a read of up to 256 bytes is whole once it returns.  Longer ones are
 * taken in turns, a signal between them resuming where it stopped.
 */
enum perr
token_random(void *buf, size_t len)
{
	unsigned char	*p = buf;
	size_t		 got = 0;
	ssize_t		 n;

	while (got < len) {
		n = getrandom(p + got, len - got, 0);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0) {
			log_err("getrandom: %s", n == -1 ? strerror(errno) :
			    "no bytes");
			token_wipe(buf, len);
			return PERR_CRYPTO;
		}
		got += (size_t)n;
	}
	return PERR_OK;
}
