/* postern: tests for lib/usercache.c, authz-fcgi's cache of users. */
/*
 * A copy is found only for its own generation; the first put of a newer
 * generation empties the cache, an older one is dropped; the cache never
 * holds more users than its maximum nor more bytes than its arena; a copy whose group names do not fit the
 * caller's buffer is a miss, never a truncated Remote-Groups; and threads
 * putting and getting at once each read back exactly what was put.
 */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "lib/usercache.h"
#include "tests.h"

static void
mk(struct ucuser *u, char *groups, size_t groupssz, int64_t id)
{
	size_t	i;

	memset(u, 0, sizeof(*u));
	u->id = id;
	u->active = (int)(id % 2);
	snprintf(u->name, sizeof(u->name), "user%lld", (long long)id);
	snprintf(u->display, sizeof(u->display), "User %lld", (long long)id);
	snprintf(u->email, sizeof(u->email), "u%lld@example.com",
	    (long long)id);
	u->ngids = (size_t)(id % 4);
	for (i = 0; i < u->ngids; i++)
		u->gids[i] = id * 10 + (int64_t)i;
	u->groups = groups;
	u->groupssz = groupssz;
	snprintf(groups, groupssz, "g%lld,staff", (long long)id);
}

static void
same(const struct ucuser *a, const struct ucuser *b)
{
	ck_assert_int_eq(a->id, b->id);
	ck_assert_int_eq(a->active, b->active);
	ck_assert_str_eq(a->name, b->name);
	ck_assert_str_eq(a->display, b->display);
	ck_assert_str_eq(a->email, b->email);
	ck_assert_uint_eq(a->ngids, b->ngids);
	ck_assert(memcmp(a->gids, b->gids, a->ngids * sizeof(a->gids[0])) == 0);
	ck_assert_str_eq(a->groups, b->groups);
}

START_TEST(test_usercache_a_put_is_found_for_its_generation_only)
{
	struct usercache	*uc = usercache_new(16);
	struct ucuser		 in, out;
	char			 gin[64], gout[64];
	struct usercache_stats	 st;

	ck_assert_ptr_nonnull(uc);
	mk(&in, gin, sizeof(gin), 7);
	memset(&out, 0, sizeof(out));
	out.groups = gout;
	out.groupssz = sizeof(gout);
	ck_assert_int_eq(usercache_get(uc, 1, 7, &out), 0);
	usercache_put(uc, 1, &in);
	ck_assert_int_eq(usercache_get(uc, 1, 7, &out), 1);
	same(&in, &out);
	ck_assert_int_eq(usercache_get(uc, 1, 8, &out), 0);
	ck_assert_int_eq(usercache_get(uc, 2, 7, &out), 0);
	ck_assert_int_eq(usercache_get(uc, 0, 7, &out), 0);
	usercache_stats(uc, &st);
	ck_assert_uint_eq(st.hits, 1);
	ck_assert_uint_eq(st.misses, 4);
	ck_assert_uint_eq(st.users, 1);
	usercache_free(uc);
}
END_TEST

START_TEST(test_usercache_a_newer_generation_empties_it_an_older_is_dropped)
{
	struct usercache	*uc = usercache_new(16);
	struct ucuser		 in, out;
	char			 gin[64], gout[64];
	struct usercache_stats	 st;

	ck_assert_ptr_nonnull(uc);
	memset(&out, 0, sizeof(out));
	out.groups = gout;
	out.groupssz = sizeof(gout);
	mk(&in, gin, sizeof(gin), 1);
	usercache_put(uc, 5, &in);
	mk(&in, gin, sizeof(gin), 2);
	usercache_put(uc, 6, &in);		/* flushes user 1 */
	ck_assert_int_eq(usercache_get(uc, 5, 1, &out), 0);
	ck_assert_int_eq(usercache_get(uc, 6, 1, &out), 0);
	ck_assert_int_eq(usercache_get(uc, 6, 2, &out), 1);
	mk(&in, gin, sizeof(gin), 3);
	usercache_put(uc, 5, &in);		/* a stale thread: dropped */
	ck_assert_int_eq(usercache_get(uc, 5, 3, &out), 0);
	ck_assert_int_eq(usercache_get(uc, 6, 3, &out), 0);
	usercache_stats(uc, &st);
	ck_assert_uint_eq(st.users, 1);
	ck_assert_uint_eq(st.dropped, 1);
	ck_assert_int_eq(st.generation, 6);
	usercache_free(uc);
}
END_TEST

START_TEST(test_usercache_never_holds_more_than_its_maximum)
{
	struct usercache	*uc = usercache_new(100);
	struct ucuser		 in, out;
	char			 gin[64], gout[64];
	struct usercache_stats	 st;
	int64_t			 id;
	int			 found = 0;

	ck_assert_ptr_nonnull(uc);
	memset(&out, 0, sizeof(out));
	out.groups = gout;
	out.groupssz = sizeof(gout);
	for (id = 1; id <= 1000; id++) {
		mk(&in, gin, sizeof(gin), id);
		usercache_put(uc, 1, &in);
		usercache_put(uc, 1, &in);	/* twice: kept once */
	}
	for (id = 1; id <= 1000; id++)
		if (usercache_get(uc, 1, id, &out)) {
			mk(&in, gin, sizeof(gin), id);
			same(&in, &out);
			found++;
		}
	ck_assert_int_eq(found, 100);
	usercache_stats(uc, &st);
	ck_assert_uint_eq(st.users, 100);
	usercache_free(uc);
}
END_TEST

START_TEST(test_usercache_groups_longer_than_the_buffer_are_a_miss)
{
	struct usercache	*uc = usercache_new(4);
	struct ucuser		 in, out;
	char			 gin[64], gout[8];

	ck_assert_ptr_nonnull(uc);
	mk(&in, gin, sizeof(gin), 1234);	/* "g1234,staff": 11 bytes */
	usercache_put(uc, 1, &in);
	memset(&out, 0, sizeof(out));
	out.groups = gout;
	out.groupssz = sizeof(gout);
	strlcpy(gout, "x", sizeof(gout));
	ck_assert_int_eq(usercache_get(uc, 1, 1234, &out), 0);
	ck_assert_str_eq(gout, "x");
	ck_assert_int_eq(out.id, 0);
	usercache_free(uc);
}
END_TEST

START_TEST(test_usercache_never_holds_more_than_its_arena)
{
	struct usercache	*uc = usercache_new(2);	/* 384 bytes */
	struct ucuser		 in, out;
	char			 gin[400], gout[400];
	struct usercache_stats	 st;

	ck_assert_ptr_nonnull(uc);
	mk(&in, gin, sizeof(gin), 1);
	memset(gin, 'g', 250);
	gin[250] = '\0';
	usercache_put(uc, 1, &in);		/* ~350 bytes: kept */
	mk(&in, gin, sizeof(gin), 2);
	memset(gin, 'h', 250);
	gin[250] = '\0';
	usercache_put(uc, 1, &in);		/* no room: dropped */
	memset(&out, 0, sizeof(out));
	out.groups = gout;
	out.groupssz = sizeof(gout);
	ck_assert_int_eq(usercache_get(uc, 1, 1, &out), 1);
	ck_assert_uint_eq(strlen(gout), 250);
	ck_assert_int_eq(usercache_get(uc, 1, 2, &out), 0);
	usercache_stats(uc, &st);
	ck_assert_uint_eq(st.users, 1);
	ck_assert_uint_eq(st.dropped, 1);
	/* A new generation empties the arena: room again. */
	usercache_put(uc, 2, &in);
	ck_assert_int_eq(usercache_get(uc, 2, 2, &out), 1);
	ck_assert_str_eq(gout, gin);
	usercache_free(uc);
}
END_TEST

#define UC_THREADS	4
#define UC_ROUNDS	20000

static struct usercache	*shared;

static void *
uc_thread(void *arg)
{
	struct ucuser	in, out;
	char		gin[64], gout[64];
	int64_t		i, id, gen;
	long		bad = 0;

	(void)arg;
	memset(&out, 0, sizeof(out));
	out.groups = gout;
	out.groupssz = sizeof(gout);
	for (i = 0; i < UC_ROUNDS; i++) {
		id = 1 + i % 300;
		gen = 1 + i / 5000;
		if (usercache_get(shared, gen, id, &out)) {
			mk(&in, gin, sizeof(gin), id);
			if (strcmp(in.name, out.name) != 0 ||
			    strcmp(in.groups, out.groups) != 0 ||
			    in.ngids != out.ngids || in.active != out.active)
				bad++;
		} else {
			mk(&in, gin, sizeof(gin), id);
			usercache_put(shared, gen, &in);
		}
	}
	return (void *)bad;
}

START_TEST(test_usercache_threads_read_back_what_was_put)
{
	pthread_t	t[UC_THREADS];
	void		*rv;
	int		 i;

	ck_assert_ptr_nonnull(shared = usercache_new(256));
	for (i = 0; i < UC_THREADS; i++)
		ck_assert_int_eq(pthread_create(&t[i], NULL, uc_thread, NULL),
		    0);
	for (i = 0; i < UC_THREADS; i++) {
		ck_assert_int_eq(pthread_join(t[i], &rv), 0);
		ck_assert_ptr_null(rv);
	}
	usercache_free(shared);
	shared = NULL;
}
END_TEST

Suite *
suite_usercache(void)
{
	Suite	*s = suite_create("usercache");
	TCase	*tc = tcase_create("usercache");

	tcase_add_test(tc, test_usercache_a_put_is_found_for_its_generation_only);
	tcase_add_test(tc,
	    test_usercache_a_newer_generation_empties_it_an_older_is_dropped);
	tcase_add_test(tc, test_usercache_never_holds_more_than_its_maximum);
	tcase_add_test(tc, test_usercache_never_holds_more_than_its_arena);
	tcase_add_test(tc,
	    test_usercache_groups_longer_than_the_buffer_are_a_miss);
	tcase_add_test(tc, test_usercache_threads_read_back_what_was_put);
	suite_add_tcase(s, tc);
	return s;
}
