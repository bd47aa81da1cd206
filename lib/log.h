/* postern: the logger. */
/*
 * One line per call, to syslog or standard error.  Every byte outside
 * printable ASCII (and the backslash) is written as \xHH, so a hostile
 * username, host or URI cannot forge a line.  Callers never pass a password,
 * token, TOTP code or cookie value; at most the first 8 hex digits of a
 * token's hash (token_hash_hint()).
 */
#ifndef POSTERN_LOG_H
#define POSTERN_LOG_H

#include <stddef.h>

enum log_dest {
	LOG_DEST_STDERR,
	LOG_DEST_SYSLOG,
	LOG_DEST_NONE		/* tests */
};

/* Start logging as ident to dest.  Safe to call again (SIGHUP reopen). */
void	log_open(const char *ident, enum log_dest dest);
void	log_close(void);
/* Reopen the destination (SIGHUP, after the log was rotated). */
void	log_reopen(void);

void	log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	log_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Escape src (srclen bytes) into dst of dstsz bytes, always NUL-terminated,
 * truncating on a whole escape.  Returns the length written.  Exposed for
 * tests and for callers that build their own lines.
 */
size_t	log_escape(char *dst, size_t dstsz, const char *src, size_t srclen);

#endif /* !POSTERN_LOG_H */
