/* postern: the logger, escaping control bytes. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>

#include "limits.h"
#include "log.h"

static enum log_dest	 log_dest = LOG_DEST_STDERR;
static char		 log_ident[32] = "postern";

void
log_open(const char *ident, enum log_dest dest)
{
	if (log_dest == LOG_DEST_SYSLOG)
		closelog();
	snprintf(log_ident, sizeof(log_ident), "%s", ident);
	log_dest = dest;
	if (dest == LOG_DEST_SYSLOG)
		openlog(log_ident, LOG_PID | LOG_NDELAY, LOG_AUTHPRIV);
}

void
log_reopen(void)
{
	if (log_dest == LOG_DEST_SYSLOG) {
		closelog();
		openlog(log_ident, LOG_PID | LOG_NDELAY, LOG_AUTHPRIV);
	}
}

void
log_close(void)
{
	if (log_dest == LOG_DEST_SYSLOG)
		closelog();
	log_dest = LOG_DEST_STDERR;
}

size_t
log_escape(char *dst, size_t dstsz, const char *src, size_t srclen)
{
	static const char hex[] = "0123456789abcdef";
	size_t		 i, o = 0;
	unsigned char	 c;

	if (dstsz == 0)
		return 0;
	for (i = 0; i < srclen; i++) {
		c = (unsigned char)src[i];
		if (c >= 0x20 && c < 0x7f && c != '\\') {
			if (o + 1 >= dstsz)
				break;
			dst[o++] = (char)c;
		} else {
			if (o + 4 >= dstsz)
				break;
			dst[o++] = '\\';
			dst[o++] = 'x';
			dst[o++] = hex[c >> 4];
			dst[o++] = hex[c & 0xf];
		}
	}
	dst[o] = '\0';
	return o;
}

static void
log_vwrite(int prio, const char *tag, const char *fmt, va_list ap)
{
	char	raw[LOG_LINE_MAX], esc[LOG_LINE_MAX];
	int	n;

	if (log_dest == LOG_DEST_NONE)
		return;
	n = vsnprintf(raw, sizeof(raw), fmt, ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(raw))
		n = sizeof(raw) - 1;
	log_escape(esc, sizeof(esc), raw, (size_t)n);
	if (log_dest == LOG_DEST_SYSLOG)
		syslog(prio, "%s", esc);
	else
		fprintf(stderr, "%s: %s%s\n", log_ident, tag, esc);
}

void
log_info(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_vwrite(LOG_INFO, "", fmt, ap);
	va_end(ap);
}

void
log_warn(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_vwrite(LOG_WARNING, "warning: ", fmt, ap);
	va_end(ap);
}

void
log_err(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_vwrite(LOG_ERR, "error: ", fmt, ap);
	va_end(ap);
}
