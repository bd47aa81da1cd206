/* postern: tests for lib/event.c: the audit trail. */
/*
 * event_add() writes one row that store_event_list() finds again, with a
 * printf-style detail cut at EVENT_DETAIL_MAX bytes and NULL actor,
 * subject or format stored as "".  A format's arguments are data: a "%n"
 * in them is stored literally.
 */
#include "config.h"

#include <string.h>

#include "lib/event.h"
#include "lib/limits.h"
#include "lib/store.h"
#include "tests.h"

#define NROWS(t)	((int)(sizeof(t) / sizeof((t)[0])))
#define NOW		1700000000

struct events {
	struct event	ev[8];
	int		n;
};

static int
collect_cb(const struct event *e, void *arg)
{
	struct events	*es = arg;

	if (es->n < 8)
		es->ev[es->n] = *e;
	es->n++;
	return 0;
}

static struct events
events_since(struct store *st, int64_t since, const char *subject)
{
	struct events	es;

	memset(&es, 0, sizeof(es));
	ck_assert_int_eq(store_event_list(st, since, subject, collect_cb, &es),
	    PERR_OK);
	return es;
}

START_TEST(test_event_add_writes_a_row_that_store_event_list_finds)
{
	struct store	*st = fixture_open(NULL);
	struct events	 es;

	ck_assert_int_eq(event_add(st, NOW, "user.add", "admin:root", "alice",
	    "email %s, %d groups", "alice@example.com", 2), PERR_OK);
	es = events_since(st, NOW, NULL);
	ck_assert_int_eq(es.n, 1);
	ck_assert_int_gt(es.ev[0].id, 0);
	ck_assert_int_eq(es.ev[0].at, NOW);
	ck_assert_str_eq(es.ev[0].kind, "user.add");
	ck_assert_str_eq(es.ev[0].actor, "admin:root");
	ck_assert_str_eq(es.ev[0].subject, "alice");
	ck_assert_str_eq(es.ev[0].detail, "email alice@example.com, 2 groups");
	fixture_close(st);
}
END_TEST

START_TEST(test_event_add_stores_null_actor_subject_and_detail_as_empty)
{
	struct store	*st = fixture_open(NULL);
	struct events	 es;

	ck_assert_int_eq(event_add(st, NOW, "purge", NULL, NULL, NULL),
	    PERR_OK);
	es = events_since(st, 0, NULL);
	ck_assert_int_eq(es.n, 1);
	ck_assert_str_eq(es.ev[0].kind, "purge");
	ck_assert_str_eq(es.ev[0].actor, "");
	ck_assert_str_eq(es.ev[0].subject, "");
	ck_assert_str_eq(es.ev[0].detail, "");
	fixture_close(st);
}
END_TEST

/* (bytes of detail given, bytes stored) */
static const struct {
	size_t	len;
	size_t	want;
} detail_rows[] = {
	{ 0, 0 },
	{ 1, 1 },
	{ EVENT_DETAIL_MAX - 1, EVENT_DETAIL_MAX - 1 },
	{ EVENT_DETAIL_MAX, EVENT_DETAIL_MAX },
	{ EVENT_DETAIL_MAX + 1, EVENT_DETAIL_MAX },
	{ 4 * EVENT_DETAIL_MAX, EVENT_DETAIL_MAX },
};

START_TEST(test_event_add_cuts_the_detail_at_event_detail_max)
{
	struct store	*st = fixture_open(NULL);
	struct events	 es;
	char		 detail[4 * EVENT_DETAIL_MAX + 1];
	size_t		 i;

	for (i = 0; i < detail_rows[_i].len; i++)
		detail[i] = (char)('a' + i % 26);
	detail[detail_rows[_i].len] = '\0';
	ck_assert_int_eq(event_add(st, NOW, "login.fail", "alice", "alice",
	    "%s", detail), PERR_OK);
	es = events_since(st, 0, NULL);
	ck_assert_int_eq(es.n, 1);
	ck_assert_uint_eq(strlen(es.ev[0].detail), detail_rows[_i].want);
	ck_assert_int_eq(strncmp(es.ev[0].detail, detail,
	    detail_rows[_i].want), 0);
	fixture_close(st);
}
END_TEST

START_TEST(test_event_add_stores_format_directives_in_arguments_literally)
{
	struct store	*st = fixture_open(NULL);
	struct events	 es;

	ck_assert_int_eq(event_add(st, NOW, "login.fail", "%n%s", "o'brien",
	    "user %s from %s", "%n%x%s", "' OR '1'='1"), PERR_OK);
	es = events_since(st, 0, NULL);
	ck_assert_int_eq(es.n, 1);
	ck_assert_str_eq(es.ev[0].actor, "%n%s");
	ck_assert_str_eq(es.ev[0].subject, "o'brien");
	ck_assert_str_eq(es.ev[0].detail, "user %n%x%s from ' OR '1'='1");
	fixture_close(st);
}
END_TEST

START_TEST(test_event_add_cuts_an_overlong_kind_actor_and_subject)
{
	struct store	*st = fixture_open(NULL);
	struct events	 es;
	char		 big[1024];

	memset(big, 'k', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	ck_assert_int_eq(event_add(st, NOW, big, big, big, "x"), PERR_OK);
	es = events_since(st, 0, NULL);
	ck_assert_int_eq(es.n, 1);
	ck_assert_uint_eq(strlen(es.ev[0].kind), sizeof(es.ev[0].kind) - 1);
	ck_assert_uint_eq(strlen(es.ev[0].actor), sizeof(es.ev[0].actor) - 1);
	ck_assert_uint_eq(strlen(es.ev[0].subject),
	    sizeof(es.ev[0].subject) - 1);
	fixture_close(st);
}
END_TEST

START_TEST(test_event_list_filters_by_time_and_subject)
{
	struct store	*st = fixture_open(NULL);
	struct events	 es;

	ck_assert_int_eq(event_add(st, 100, "login.ok", "alice", "alice",
	    NULL), PERR_OK);
	ck_assert_int_eq(event_add(st, 200, "login.fail", "bob", "bob", NULL),
	    PERR_OK);
	ck_assert_int_eq(event_add(st, 300, "logout", "alice", "alice", NULL),
	    PERR_OK);

	es = events_since(st, 0, NULL);
	ck_assert_int_eq(es.n, 3);
	ck_assert_int_eq(es.ev[0].at, 100);		/* oldest first */
	ck_assert_int_eq(es.ev[2].at, 300);
	es = events_since(st, 200, NULL);
	ck_assert_int_eq(es.n, 2);
	ck_assert_str_eq(es.ev[0].kind, "login.fail");
	es = events_since(st, 0, "alice");
	ck_assert_int_eq(es.n, 2);
	ck_assert_str_eq(es.ev[1].kind, "logout");
	es = events_since(st, 301, NULL);
	ck_assert_int_eq(es.n, 0);
	fixture_close(st);
}
END_TEST

Suite *
suite_event(void)
{
	Suite	*s = suite_create("event");
	TCase	*tc = tcase_create("event_add");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_event_add_writes_a_row_that_store_event_list_finds);
	tcase_add_test(tc,
	    test_event_add_stores_null_actor_subject_and_detail_as_empty);
	tcase_add_loop_test(tc, test_event_add_cuts_the_detail_at_event_detail_max,
	    0, NROWS(detail_rows));
	tcase_add_test(tc,
	    test_event_add_stores_format_directives_in_arguments_literally);
	tcase_add_test(tc, test_event_add_cuts_an_overlong_kind_actor_and_subject);
	tcase_add_test(tc, test_event_list_filters_by_time_and_subject);
	suite_add_tcase(s, tc);
	return s;
}
