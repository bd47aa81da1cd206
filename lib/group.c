/* postern: groups: names and the membership list the decision reads. */
#include "config.h"

#include <string.h>

#include "group.h"
#include "text.h"

enum perr
group_name_check(const char *name)
{
	return text_check(name, GROUPNAME_MAX, TEXT_NOCOMMA | TEXT_NONEMPTY,
	    NULL);
}

enum perr
group_add(struct store *st, struct group *g)
{
	enum perr	e;

	if ((e = group_name_check(g->name)) != PERR_OK)
		return e;
	return store_group_add(st, g);
}

struct group_ids {
	int64_t	*ids;
	size_t	 max, n;
	int	 overflow;
};

static int
group_ids_cb(const struct group *g, void *arg)
{
	struct group_ids	*gi = arg;

	if (gi->n == gi->max) {
		gi->overflow = 1;
		return 1;
	}
	gi->ids[gi->n++] = g->id;
	return 0;
}

enum perr
group_ids_of(struct store *st, int64_t user, int64_t *ids, size_t max,
    size_t *n)
{
	struct group_ids	gi = { ids, max, 0, 0 };
	enum perr		e;

	*n = 0;
	if ((e = store_user_groups(st, user, group_ids_cb, &gi)) != PERR_OK)
		return e;
	if (gi.overflow)
		return PERR_TOOLONG;
	*n = gi.n;
	return PERR_OK;
}
