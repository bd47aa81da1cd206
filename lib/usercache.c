/* postern: the authorizer's cache of users, shared by its threads. */
/*
 * A chained hash table of fixed size (a power of two near max / 2 buckets,
 * so chains stay short when full), keyed by user id.  Each entry is one
 * allocation: the fixed part, the group ids, then the three strings and
 * the group names, each NUL-terminated.
 */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "usercache.h"

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
	if ((uc = calloc(1, sizeof(*uc))) == NULL)
		return NULL;
	if ((uc->bucket = calloc(nb, sizeof(*uc->bucket))) == NULL ||
	    pthread_mutex_init(&uc->mtx, NULL) != 0) {
		free(uc->bucket);
		free(uc);
		return NULL;
	}
	uc->nbucket = nb;
	uc->max = max;
	uc->gen = -1;
	return uc;
}

/* With the mutex held. */
static void
uc_flush(struct usercache *uc)
{
	struct ucentry	*e, *next;
	size_t		 i;

	for (i = 0; i < uc->nbucket; i++) {
		for (e = uc->bucket[i]; e != NULL; e = next) {
			next = e->next;
			free(e);
		}
		uc->bucket[i] = NULL;
	}
	uc->n = 0;
}

void
usercache_free(struct usercache *uc)
{
	if (uc == NULL)
		return;
	uc_flush(uc);
	pthread_mutex_destroy(&uc->mtx);
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
	struct ucentry	*e, *x, **head;
	size_t		 ln, ld, lm, lg, sz;
	char		*p;

	if (u->ngids > GROUPS_MAX || u->groups == NULL)
		return;
	ln = strlen(u->name) + 1;
	ld = strlen(u->display) + 1;
	lm = strlen(u->email) + 1;
	lg = strlen(u->groups) + 1;
	sz = sizeof(*e) + u->ngids * sizeof(e->gids[0]) + ln + ld + lm + lg;
	if ((e = malloc(sz)) == NULL)
		return;
	e->next = NULL;
	e->id = u->id;
	e->active = u->active;
	e->ngids = u->ngids;
	memcpy(e->gids, u->gids, u->ngids * sizeof(e->gids[0]));
	p = (char *)(e->gids + u->ngids);
	e->name = memcpy(p, u->name, ln);
	e->display = memcpy(p += ln, u->display, ld);
	e->email = memcpy(p += ld, u->email, lm);
	e->groups = memcpy(p += lm, u->groups, lg);

	pthread_mutex_lock(&uc->mtx);
	if (gen > uc->gen) {
		uc_flush(uc);
		uc->gen = gen;
		uc->st.flushes++;
	}
	if (gen != uc->gen || uc->n >= uc->max) {
		uc->st.dropped++;
		pthread_mutex_unlock(&uc->mtx);
		free(e);
		return;
	}
	head = &uc->bucket[uc_slot(uc, u->id)];
	for (x = *head; x != NULL; x = x->next)
		if (x->id == u->id)
			break;
	if (x != NULL) {
		/* Another thread was first: same generation, same user. */
		pthread_mutex_unlock(&uc->mtx);
		free(e);
		return;
	}
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
