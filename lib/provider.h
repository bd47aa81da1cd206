/* postern: providers: how an application is reached. */
/*
 * A provider names an external URL (what users type), an optional internal
 * URL (where the application really is), the authorization flow, the
 * consent duration, the cookie mode and the unauthenticated-path regexes.
 * This module parses the admin's words into a struct provider and refuses
 * what cannot work: a bad URL is refused when it is set, and so is a regex
 * that does not compile (never skipped at request time).
 */
#ifndef POSTERN_PROVIDER_H
#define POSTERN_PROVIDER_H

#include <stddef.h>

#include "perr.h"
#include "store.h"

/*
 * Provider, outpost and other object names:
 *   name = 1*64( ALPHA / DIGIT / "." / "_" / "-" )
 * PERR_OK, PERR_INVAL or PERR_TOOLONG.
 */
enum perr	 provider_name_check(const char *name);

/* "explicit" / "implicit".  PERR_INVAL otherwise. */
enum perr	 provider_flow_parse(const char *s, enum flow *f);
const char	*provider_flow_str(enum flow f);
/* "domain" / "single". */
enum perr	 provider_mode_parse(const char *s, enum pmode *m);
const char	*provider_mode_str(enum pmode m);
/* "always", "permanent" or a duration (setting_duration_parse()). */
enum perr	 provider_consent_parse(const char *s, enum consentkind *k,
		    int64_t *secs);
/* The consent as text: "always", "permanent" or the duration. */
void		 provider_consent_str(const struct provider *p, char *out,
		    size_t outsz);

/*
 * Check one unauthenticated-path regex: at most REGEX_MAX bytes, printable
 * ASCII, and it compiles as a POSIX extended regex.  *why (may be NULL)
 * gets a reason.
 */
enum perr	 provider_skip_check(const char *regex, const char **why);

/*
 * Canonicalize and validate a provider's URLs in place (external required,
 * internal optional, both absolute http(s) without query or userinfo).
 * *why gets a reason.
 */
enum perr	 provider_urls_check(struct provider *p, const char **why);

#endif /* !POSTERN_PROVIDER_H */
