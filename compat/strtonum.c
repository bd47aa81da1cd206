/* postern: strtonum(3) for systems without it (glibc). */
/*
 * Same contract as OpenBSD's: parse a decimal number in [minval, maxval];
 * on error return 0 and point *errstrp at "invalid", "too small" or
 * "too large".
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>

long long
strtonum(const char *numstr, long long minval, long long maxval,
    const char **errstrp)
{
	long long	 ll = 0;
	char		*ep;
	const char	*err = NULL;
	int		 save = errno;

	if (minval > maxval)
		err = "invalid";
	else {
		errno = 0;
		ll = strtoll(numstr, &ep, 10);
		if (numstr == ep || *ep != '\0')
			err = "invalid";
		else if ((ll == LLONG_MIN && errno == ERANGE) || ll < minval)
			err = "too small";
		else if ((ll == LLONG_MAX && errno == ERANGE) || ll > maxval)
			err = "too large";
	}
	if (errstrp != NULL)
		*errstrp = err;
	errno = err != NULL ? EINVAL : save;
	return err != NULL ? 0 : ll;
}
