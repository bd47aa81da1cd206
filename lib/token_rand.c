/* postern: the random source of every program but the gate. */
/*
 * token_random() on its own, so that a program can bring another one:
 * RAND_bytes is OpenSSL's DRBG, and linking it links the whole default
 * provider (every algorithm's tables, 18,000 relocations done at each
 * start).  authz-fcgi, login-cgi and authz-admin start once and use it;
 * the gate starts once per request and links authz-cgi/random.c instead,
 * before this library, so that this file is never part of it.
 */
#include "config.h"

#include <limits.h>
#include <stddef.h>

#include <openssl/rand.h>

#include "perr.h"
#include "token.h"

enum perr
token_random(void *buf, size_t len)
{
	if (len == 0)
		return PERR_OK;
	if (len > INT_MAX || RAND_bytes(buf, (int)len) != 1) {
		token_wipe(buf, len);
		return PERR_CRYPTO;
	}
	return PERR_OK;
}
