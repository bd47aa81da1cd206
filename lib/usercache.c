/* postern: the authorizer's cache of users, shared by its threads. */
/*
 * A chained hash table of fixed size (a power of two near max / 2 buckets,
 * so chains stay short when full), keyed by user id.  Entries are carved
 * from one arena of UC_AVG bytes per user, allocated and touched when the
 * cache is made and reset when the generation moves: the cache's memory
 * is paid once, at start, and never grows, however many users come by.
 * Each entry is the fixed part, the group ids, then the three strings and
 * the group names, each NUL-terminated.
 */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "usercache.h"

/* Arena bytes per user: a typical entry is 100-200 bytes. */
#define UC_AVG	192

struct ucentry {
	struct ucentry	*next;
	int64_t		 id;
	int		 active;
	size_t		 ngids;
	const char	*name, *display, *email, *groups;
	int64_t		 gids[];
};

struct usercache {
	pthread_mutex_t	  mtx;
	int64_t		  gen;
	struct ucentry	**bucket;
	size_t		  nbucket;		/* a power of two */
	size_t		  n, max;
	unsigned char	 *arena;
	size_t		  arenasz, used;
	struct usercache_stats st;
};

static size_t
uc_slot(const struct usercache *uc, int64_t id)
{
	uint64_t	h = (uint64_t)id * UINT64_C(0x9e3779b97f4a7c15);

	return (size_t)(h >> 32) & (uc->nbucket - 1);
}

struct usercache *
usercache_new(size_t max)
{
	struct usercache	*uc;
	size_t			 nb = 16;

	if (max == 0)
		max = 1;
	while (nb < max / 2 && nb < ((size_t)1 << 24))
		nb <<= 1;
	if (max > SIZE_MAX / UC_AVG)
		return NULL;
	if ((uc = calloc(1, sizeof(*uc))) == NULL)
		return NULL;
	uc->arenasz = max * UC_AVG;
	/* calloc touches nothing: memset does, so RSS is paid now. */
	if ((uc->bucket = calloc(nb, sizeof(*uc->bucket))) == NULL ||
	    (uc->arena = malloc(uc->arenasz)) == NULL ||
	    pthread_mutex_init(&uc->mtx, NULL) != 0) {
		free(uc->arena);
		free(uc->bucket);
		free(uc);
		return NULL;
	}
	memset(uc->arena, 0, uc->arenasz);
	memset(uc->bucket, 0, nb * sizeof(*uc->bucket));
	uc->nbucket = nb;
	uc->max = max;
	uc->gen = -1;
	return uc;
}

/* With the mutex held. */
static void
uc_flush(struct usercache *uc)
{
	memset(uc->bucket, 0, uc->nbucket * sizeof(*uc->bucket));
	uc->n = 0;
	uc->used = 0;
}

void
usercache_free(struct usercache *uc)
{
	if (uc == NULL)
		return;
	pthread_mutex_destroy(&uc->mtx);
	free(uc->arena);
	free(uc->bucket);
	free(uc);
}

int
usercache_get(struct usercache *uc, int64_t gen, int64_t id,
    struct ucuser *out)
{
	const struct ucentry	*e = NULL;
	size_t			 gl;

	pthread_mutex_lock(&uc->mtx);
	if (gen == uc->gen)
		for (e = uc->bucket[uc_slot(uc, id)]; e != NULL; e = e->next)
			if (e->id == id)
				break;
	if (e == NULL || (gl = strlen(e->groups)) >= out->groupssz) {
		uc->st.misses++;
		pthread_mutex_unlock(&uc->mtx);
		return 0;
	}
	out->id = e->id;
	out->active = e->active;
	strlcpy(out->name, e->name, sizeof(out->name));
	strlcpy(out->display, e->display, sizeof(out->display));
	strlcpy(out->email, e->email, sizeof(out->email));
	memcpy(out->gids, e->gids, e->ngids * sizeof(e->gids[0]));
	out->ngids = e->ngids;
	memcpy(out->groups, e->groups, gl + 1);
	uc->st.hits++;
	pthread_mutex_unlock(&uc->mtx);
	return 1;
}

void
usercache_put(struct usercache *uc, int64_t gen, const struct ucuser *u)
{
	struct ucentry	*e, **head;
	size_t		 ln, ld, lm, lg, sz;
	char		*p;

	if (u->ngids > GROUPS_MAX || u->groups == NULL)
		return;
	ln = strlen(u->name) + 1;
	ld = strlen(u->display) + 1;
	lm = strlen(u->email) + 1;
	lg = strlen(u->groups) + 1;
	sz = sizeof(*e) + u->ngids * sizeof(e->gids[0]) + ln + ld + lm + lg;
	sz = (sz + 7) & ~(size_t)7;		/* the next entry stays aligned */

	pthread_mutex_lock(&uc->mtx);
	if (gen > uc->gen) {
		uc_flush(uc);
		uc->gen = gen;
		uc->st.flushes++;
	}
	if (gen != uc->gen || uc->n >= uc->max ||
	    sz > uc->arenasz - uc->used) {
		uc->st.dropped++;
		pthread_mutex_unlock(&uc->mtx);
		return;
	}
	head = &uc->bucket[uc_slot(uc, u->id)];
	for (e = *head; e != NULL; e = e->next)
		if (e->id == u->id) {
			/* Another thread was first: same generation, user. */
			pthread_mutex_unlock(&uc->mtx);
			return;
		}
	e = (struct ucentry *)(void *)(uc->arena + uc->used);
	uc->used += sz;
	e->id = u->id;
	e->active = u->active;
	e->ngids = u->ngids;
	memcpy(e->gids, u->gids, u->ngids * sizeof(e->gids[0]));
	p = (char *)(e->gids + u->ngids);
	e->name = memcpy(p, u->name, ln);
	e->display = memcpy(p += ln, u->display, ld);
	e->email = memcpy(p += ld, u->email, lm);
	e->groups = memcpy(p += lm, u->groups, lg);
	e->next = *head;
	*head = e;
	uc->n++;
	uc->st.puts++;
	pthread_mutex_unlock(&uc->mtx);
}

void
usercache_stats(struct usercache *uc, struct usercache_stats *out)
{
	pthread_mutex_lock(&uc->mtx);
	*out = uc->st;
	out->users = uc->n;
	out->generation = uc->gen;
	pthread_mutex_unlock(&uc->mtx);
}
