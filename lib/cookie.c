/* postern: finding the session cookie, and writing Set-Cookie values. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cookie.h"

/*
 * RFC 6265 section 4.2.1, as browsers send it:
 *   cookie-header = cookie-pair *( ";" SP cookie-pair )
 *   cookie-pair   = cookie-name "=" cookie-value
 * Read leniently for the pairs that are not ours (optional white space,
 * missing "=", empty pieces are skipped), strictly for ours: the name is
 * compared byte for byte after trimming only SP and HTAB.
 */
enum perr
cookie_find(const char *hdr, size_t len, const char *name, const char **val,
    size_t *vallen)
{
	size_t		 namelen = strlen(name), i = 0, start, end, eq;
	int		 found = 0;

	*val = NULL;
	*vallen = 0;
	if (len > COOKIE_HEADER_MAX)
		return PERR_TOOLONG;
	while (i < len) {
		start = i;
		while (i < len && hdr[i] != ';')
			i++;
		end = i;
		if (i < len)
			i++;	/* the ';' */
		while (start < end && (hdr[start] == ' ' || hdr[start] == '\t'))
			start++;
		while (end > start && (hdr[end - 1] == ' ' || hdr[end - 1] == '\t'))
			end--;
		for (eq = start; eq < end && hdr[eq] != '='; eq++)
			continue;
		if (eq == end)
			continue;	/* no "=": not a pair */
		if (eq - start != namelen ||
		    memcmp(hdr + start, name, namelen) != 0)
			continue;
		if (found)
			return PERR_INVAL;
		found = 1;
		*val = hdr + eq + 1;
		*vallen = end - eq - 1;
	}
	return found ? PERR_OK : PERR_NOTFOUND;
}

enum perr
cookie_format(char *out, size_t outsz, const char *name, const char *value,
    int secure, const char *domain, long long maxage)
{
	char	age[40] = "";
	int	n;

	if (maxage >= 0)
		snprintf(age, sizeof(age), "; Max-Age=%lld", maxage);
	n = snprintf(out, outsz, "%s=%s; Path=/%s%s%s; HttpOnly%s; SameSite=Lax",
	    name, value, domain != NULL && *domain != '\0' ? "; Domain=" : "",
	    domain != NULL ? domain : "", age, secure ? "; Secure" : "");
	if (n < 0 || (size_t)n >= outsz)
		return PERR_TOOLONG;
	return PERR_OK;
}
