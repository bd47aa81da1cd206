/* postern: groups and memberships. */
/*
 * A group is a name: 1-64 bytes of text without control characters or
 * commas (Remote-Groups is a comma-separated list).  Records are
 * struct group from store.h.
 */
#ifndef POSTERN_GROUP_H
#define POSTERN_GROUP_H

#include <stddef.h>
#include <stdint.h>

#include "perr.h"
#include "store.h"

/* PERR_OK, PERR_INVAL (empty, control character, comma) or PERR_TOOLONG. */
enum perr	 group_name_check(const char *name);

/* Validate and insert; fills g->id.  PERR_EXISTS when the name is taken. */
enum perr	 group_add(struct store *st, struct group *g);

/*
 * The ids of the groups user belongs to, at most max of them, in ids;
 * *n gets the count.  PERR_TOOLONG when the user is in more than max.
 */
enum perr	 group_ids_of(struct store *st, int64_t user, int64_t *ids,
		    size_t max, size_t *n);

#endif /* !POSTERN_GROUP_H */
