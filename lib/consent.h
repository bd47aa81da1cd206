/* postern: consents, for explicit-flow providers. */
/*
 * A consent is (user, application, given at, expires at).  A provider's
 * consent duration decides its life: "always" asks every time (nothing is
 * kept), "permanent" never expires, a duration expires after it.
 */
#ifndef POSTERN_CONSENT_H
#define POSTERN_CONSENT_H

#include <stdint.h>

#include "perr.h"
#include "store.h"

/* 1 when c is in force at now. */
int		 consent_live(const struct consent *c, int64_t now);

/*
 * Record that user consented to app under provider p at now.  Nothing is
 * stored for CONSENT_ALWAYS (the page is shown every time).
 */
enum perr	 consent_give(struct store *st, int64_t user, int64_t app,
		    const struct provider *p, int64_t now);

/*
 * PERR_OK when user has a consent in force for app at now, PERR_NOTFOUND
 * when not (an expired row is deleted as met), or a store error.
 */
enum perr	 consent_check(struct store *st, int64_t user, int64_t app,
		    int64_t now);

#endif /* !POSTERN_CONSENT_H */
