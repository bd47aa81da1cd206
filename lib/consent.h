/* postern: consents, for explicit-flow providers. */
/*
 * A consent is (user, application, given at, expires at).  A provider's
 * consent duration decides its life: "always" asks again for every new
 * session (the consent lasts until the session it was given in would
 * have expired), "permanent" never expires, a duration expires after it.
 */
#ifndef POSTERN_CONSENT_H
#define POSTERN_CONSENT_H

#include <stdint.h>

#include "perr.h"
#include "store.h"

/*
 * 1 when c is in force at now under the provider's current consent kind
 * and duration: a permanent consent counts only while the provider keeps
 * consents permanently, and a dated one no longer than the provider's
 * duration now allows.
 */
int		 consent_live(const struct consent *c, enum consentkind kind,
		    int64_t secs, int64_t now);

/*
 * Record that user consented to app under provider p at now.  Under
 * CONSENT_ALWAYS the consent lasts as long as the session it was given in
 * (session_expires): the page is shown again at every login.
 */
enum perr	 consent_give(struct store *st, int64_t user, int64_t app,
		    const struct provider *p, int64_t now,
		    int64_t session_expires);

/*
 * PERR_OK when user has a consent in force for app at now under the
 * provider's kind and secs (consent_live()), PERR_NOTFOUND when not (a
 * row no longer in force is deleted as met), or a store error.
 */
enum perr	 consent_check(struct store *st, int64_t user, int64_t app,
		    enum consentkind kind, int64_t secs, int64_t now);

#endif /* !POSTERN_CONSENT_H */
