/* postern: the audit trail: one row per event. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "event.h"

enum perr
event_add(struct store *st, int64_t now, const char *kind, const char *actor,
    const char *subject, const char *fmt, ...)
{
	struct event	ev;
	va_list		ap;

	memset(&ev, 0, sizeof(ev));
	ev.at = now;
	strlcpy(ev.kind, kind, sizeof(ev.kind));
	strlcpy(ev.actor, actor != NULL ? actor : "", sizeof(ev.actor));
	strlcpy(ev.subject, subject != NULL ? subject : "", sizeof(ev.subject));
	if (fmt != NULL) {
		va_start(ap, fmt);
		vsnprintf(ev.detail, sizeof(ev.detail), fmt, ap);
		va_end(ap);
	}
	return store_event_add(st, &ev);
}
