/* postern: the authorizer's cache of users, shared by its threads. */
/*
 * What the decision reads of a user on every request (name, display name,
 * e-mail, active, and the groups: their ids for the bindings and their
 * names for Remote-Groups) changes only with the configuration, and every
 * configuration change moves the store's generation.  So authz-fcgi keeps
 * one copy per user, tagged with the generation it was read at: a lookup
 * with any other generation misses, and the first put of a newer
 * generation empties the cache.  The session itself is never cached: it is
 * read from the store on every request, so a logout or a revoke applies on
 * the next one.
 *
 * Thread-safe (one mutex, held only to find and copy).  At most max users
 * are kept, in an arena of a fixed size (192 bytes a user on average)
 * allocated and touched by usercache_new(); past either limit, puts are
 * dropped and the caller reads the store.  Nothing is allocated later.
 */
#ifndef POSTERN_USERCACHE_H
#define POSTERN_USERCACHE_H

#include <stddef.h>
#include <stdint.h>

#include "limits.h"
#include "store.h"

struct usercache;

/* authz-fcgi's --cache-users when not given (192 bytes each: 6 MiB). */
#define USERCACHE_DEFAULT	32768

/* What a user is to the decision. */
struct ucuser {
	int64_t	 id;
	int	 active;
	char	 name[USERNAME_MAX + 1];
	char	 display[DISPLAYNAME_MAX + 1];
	char	 email[EMAIL_MAX + 1];
	int64_t	 gids[GROUPS_MAX];		/* as the store lists them */
	size_t	 ngids;
	char	*groups;			/* caller's: names and commas */
	size_t	 groupssz;
};

struct usercache_stats {
	uint64_t	hits, misses, puts, dropped, flushes;
	size_t		users;
	int64_t		generation;
};

/* NULL when out of memory. */
struct usercache *usercache_new(size_t max);
void		 usercache_free(struct usercache *uc);

/*
 * 1 and out filled (out->groups must point at out->groupssz bytes) when the
 * user id of generation gen is cached; 0 otherwise, out untouched.
 */
int		 usercache_get(struct usercache *uc, int64_t gen, int64_t id,
		    struct ucuser *out);

/* Keep a copy of u (read at generation gen); a failure is only a miss. */
void		 usercache_put(struct usercache *uc, int64_t gen,
		    const struct ucuser *u);

void		 usercache_stats(struct usercache *uc,
		    struct usercache_stats *out);

#endif /* !POSTERN_USERCACHE_H */
