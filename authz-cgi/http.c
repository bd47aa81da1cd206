/* postern: authz-cgi: CGI answers, the request body, HTTP dates. */
/*
 * Every answer the gate makes itself (all but a delivered file and php-cgi's
 * own) goes through http_answer(): an explicit Status line, no-store, and
 * a short plain-text body that says nothing about the store or the files.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "gate.h"

/*
 * Read and drop the request body Apache passes on (CONTENT_LENGTH bytes):
 * mod_cgid waits for the script to read it before it sends the answer.
 */
void
http_drain(void)
{
	const char	*cl = getenv("CONTENT_LENGTH"), *errstr;
	char		 buf[16384];
	long long	 left;
	ssize_t		 n;

	if (cl == NULL || *cl == '\0')
		return;
	left = strtonum(cl, 0, INT64_MAX, &errstr);
	if (errstr != NULL)
		return;
	while (left > 0) {
		n = read(STDIN_FILENO, buf, left > (long long)sizeof(buf) ?
		    sizeof(buf) : (size_t)left);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		left -= n;
	}
}

static const char *
http_reason(int status)
{
	switch (status) {
	case 302: return "Found";
	case 304: return "Not Modified";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 416: return "Range Not Satisfiable";
	default: return "Internal Server Error";
	}
}

/*
 * A complete answer with status, the extra header lines in extra (each
 * ending "\r\n", or NULL) and a one-line plain-text body (none for HEAD,
 * 304 and 302).  Statuses not listed above are sent as 500.
 */
void
http_answer(int status, const char *extra, int head)
{
	const char	*reason = http_reason(status);

	if (strcmp(reason, "Internal Server Error") == 0)
		status = 500;
	printf("Status: %d %s\r\n"
	    "Cache-Control: no-store\r\n"
	    "X-Content-Type-Options: nosniff\r\n%s",
	    status, reason, extra != NULL ? extra : "");
	if (status == 304 || status == 302) {
		printf("\r\n");
	} else {
		printf("Content-Type: text/plain; charset=utf-8\r\n"
		    "Content-Length: %zu\r\n\r\n", strlen(reason) + 2);
		if (!head)
			printf("%s.\n", reason);
	}
	fflush(stdout);
}

/*
 * t as an IMF-fixdate into out.  0, or -1 when it does not fit.  Not
 * strftime(): it loads the time zone (/etc/localtime), once per request.
 */
int
http_date(time_t t, char *out, size_t outsz)
{
	static const char	 days[7][4] = { "Sun", "Mon", "Tue", "Wed",
				    "Thu", "Fri", "Sat" };
	static const char	 months[12][4] = { "Jan", "Feb", "Mar", "Apr",
				    "May", "Jun", "Jul", "Aug", "Sep", "Oct",
				    "Nov", "Dec" };
	struct tm		 tm;
	int			 n;

	if (gmtime_r(&t, &tm) == NULL || tm.tm_wday < 0 || tm.tm_wday > 6 ||
	    tm.tm_mon < 0 || tm.tm_mon > 11 || tm.tm_year < -1900 ||
	    tm.tm_year > 9999 - 1900)
		return -1;
	n = snprintf(out, outsz, "%s, %02d %s %04d %02d:%02d:%02d GMT",
	    days[tm.tm_wday], tm.tm_mday, months[tm.tm_mon],
	    tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
	return n < 0 || (size_t)n >= outsz ? -1 : 0;
}

/*
 * An IMF-fixdate (RFC 9110 5.6.7; the obsolete forms are not accepted:
 * the condition is then ignored, which is always safe) into *t.  0 or -1.
 */
int
http_date_parse(const char *s, time_t *t)
{
	struct tm	 tm;
	const char	*end;

	memset(&tm, 0, sizeof(tm));
	if ((end = strptime(s, "%a, %d %b %Y %H:%M:%S GMT", &tm)) == NULL ||
	    *end != '\0')
		return -1;
	*t = timegm(&tm);
	return *t == (time_t)-1 ? -1 : 0;
}
