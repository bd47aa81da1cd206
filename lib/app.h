/* postern: applications. */
/*
 * An application is a slug, a name, an icon, a description, a launch URL,
 * its provider and its policy mode.  New applications are attached to an
 * outpost in the same transaction, so none is created dangling.
 */
#ifndef POSTERN_APP_H
#define POSTERN_APP_H

#include "perr.h"
#include "store.h"

/*
 * Slug grammar:
 *   slug = 1*64( %x61-7A / DIGIT / "-" / "_" )   ; lowercase
 * PERR_OK, PERR_INVAL or PERR_TOOLONG.
 */
enum perr	 app_slug_check(const char *slug);

/* "any" / "all". */
enum perr	 app_policy_parse(const char *s, enum policy *p);
const char	*app_policy_str(enum policy p);

/*
 * Validate every field of a (slug, name, description, icon and launch
 * links); *why (may be NULL) gets a reason naming the field.
 */
enum perr	 app_check(const struct app *a, const char **why);

/*
 * Validate and insert a, attached to the outpost outpost_id (0: none), in
 * one transaction.  Fills a->id.
 */
enum perr	 app_add(struct store *st, struct app *a, int64_t outpost_id,
		    const char **why);

#endif /* !POSTERN_APP_H */
