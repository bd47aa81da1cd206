/* postern: descriptions of the library's error codes. */
#include "config.h"

#include "perr.h"

static const char *const perr_names[PERR__MAX] = {
	[PERR_OK] = "success",
	[PERR_NOMEM] = "out of memory",
	[PERR_INVAL] = "invalid input",
	[PERR_TOOLONG] = "input too long",
	[PERR_NOTFOUND] = "not found",
	[PERR_EXISTS] = "already exists",
	[PERR_INUSE] = "still in use",
	[PERR_DENIED] = "denied",
	[PERR_STORE] = "store failure",
	[PERR_BUSY] = "store busy",
	[PERR_VERSION] = "schema version does not match this program",
	[PERR_CRYPTO] = "cryptographic failure",
	[PERR_SYSTEM] = "system error",
};

const char *
perr_str(enum perr e)
{
	if ((unsigned)e >= PERR__MAX || perr_names[e] == NULL)
		return "unknown error";
	return perr_names[e];
}
