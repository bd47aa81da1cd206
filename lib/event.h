/* postern: the audit trail. */
/*
 * An event is a row: when, what kind ("user.add", "login.fail" ...), who
 * did it, which user it concerns, and a short detail.  Details never hold a
 * password, token or TOTP code.
 */
#ifndef POSTERN_EVENT_H
#define POSTERN_EVENT_H

#include <stdint.h>

#include "perr.h"
#include "store.h"

/*
 * Add one event; detail is a printf format (may be NULL) truncated to
 * EVENT_DETAIL_MAX bytes; subject may be NULL.
 */
enum perr	 event_add(struct store *st, int64_t now, const char *kind,
		    const char *actor, const char *subject, const char *fmt, ...)
		    __attribute__((format(printf, 6, 7)));

#endif /* !POSTERN_EVENT_H */
