/* postern: tests for lib/app.c: slugs, links, creation with an outpost. */
/*
 * Every field an application shows in the portal is checked one bad shape
 * per row (W03: only http(s) or a same-origin path may become an icon or a
 * launch link); app_add() creates the application and attaches it to its
 * outpost in one transaction, so a failure leaves neither behind.
 */
#include "config.h"

#include <string.h>

#include "lib/app.h"
#include "lib/limits.h"
#include "lib/outpost.h"
#include "lib/store.h"
#include "tests.h"

#define NROWS(t)	((int)(sizeof(t) / sizeof((t)[0])))

#define A16	"aaaaaaaaaaaaaaaa"
#define A64	A16 A16 A16 A16

/* ------------------------------------------------------- app_slug_check */

static const struct {
	const char	*slug;
	enum perr	 want;
} slug_rows[] = {
	{ "wiki", PERR_OK },
	{ "my-app_2", PERR_OK },
	{ "0", PERR_OK },
	{ A64, PERR_OK },
	{ A64 "a", PERR_TOOLONG },
	{ "", PERR_INVAL },
	{ "Wiki", PERR_INVAL },				/* lowercase only */
	{ "my app", PERR_INVAL },
	{ "my.app", PERR_INVAL },
	{ "a/b", PERR_INVAL },
	{ "a'b", PERR_INVAL },
	{ "wiki\n", PERR_INVAL },
	{ "w\xc3\xafki", PERR_INVAL },
};

START_TEST(test_app_slug_check_answers_each_shape_as_expected)
{
	enum perr	e = app_slug_check(slug_rows[_i].slug);

	ck_assert_msg(e == slug_rows[_i].want, "row %d: got %d", _i, e);
}
END_TEST

static const struct {
	const char	*s;
	enum perr	 want;
	enum policy	 policy;
} policy_rows[] = {
	{ "any", PERR_OK, POLICY_ANY },
	{ "all", PERR_OK, POLICY_ALL },
	{ "ALL", PERR_INVAL, 0 },
	{ "all ", PERR_INVAL, 0 },
	{ "none", PERR_INVAL, 0 },
	{ "", PERR_INVAL, 0 },
};

START_TEST(test_app_policy_parse_answers_each_word_as_expected)
{
	enum policy	p = (enum policy)99;
	enum perr	e = app_policy_parse(policy_rows[_i].s, &p);

	ck_assert_msg(e == policy_rows[_i].want, "row %d: got %d", _i, e);
	if (e == PERR_OK) {
		ck_assert_int_eq(p, policy_rows[_i].policy);
		ck_assert_str_eq(app_policy_str(p), policy_rows[_i].s);
	}
}
END_TEST

/* ------------------------------------------------------------ app_check */

static void
app_base(struct app *a)
{
	memset(a, 0, sizeof(*a));
	strlcpy(a->slug, "wiki", sizeof(a->slug));
	strlcpy(a->name, "Wiki", sizeof(a->name));
	strlcpy(a->description, "The team wiki", sizeof(a->description));
	strlcpy(a->icon, "https://app.example.com/icon.png", sizeof(a->icon));
	strlcpy(a->launch, "https://app.example.com/", sizeof(a->launch));
}

enum app_field { F_SLUG, F_NAME, F_DESC, F_ICON, F_LAUNCH };

/* The base application with one field replaced; why names that field. */
static const struct {
	enum app_field	 field;
	const char	*value;
	enum perr	 want;
	const char	*why;		/* the prefix of *why on failure */
} check_rows[] = {
	{ F_SLUG, "wiki", PERR_OK, NULL },
	{ F_SLUG, "Wiki", PERR_INVAL, "slug" },
	{ F_SLUG, "", PERR_INVAL, "slug" },
	{ F_NAME, "O'Hara \"Wiki\"", PERR_OK, NULL },		/* Q06 */
	{ F_NAME, "<script>alert(1)</script>", PERR_OK, NULL },	/* escaped later */
	{ F_NAME, "", PERR_INVAL, "name" },
	{ F_NAME, "\xc0\xbcscript\xc0\xbe", PERR_INVAL, "name" },	/* W09 */
	{ F_NAME, "Wiki\r\n", PERR_INVAL, "name" },
	{ F_DESC, "", PERR_OK, NULL },
	{ F_DESC, "Notes & \"docs\"", PERR_OK, NULL },
	{ F_DESC, "line\x1b[2J", PERR_INVAL, "description" },
	{ F_DESC, "\xed\xa0\x80", PERR_INVAL, "description" },
	/* W03: icons */
	{ F_ICON, "", PERR_OK, NULL },
	{ F_ICON, "/static/wiki.png", PERR_OK, NULL },		/* same origin */
	{ F_ICON, "https://cdn.example.com/i.png?v=2", PERR_OK, NULL },
	{ F_ICON, "http://cdn.example.com/i.png", PERR_OK, NULL },
	{ F_ICON, "javascript:alert(1)", PERR_INVAL, "icon" },
	{ F_ICON, "JavaScript:alert(1)", PERR_INVAL, "icon" },
	{ F_ICON, "data:text/html,<script>", PERR_INVAL, "icon" },
	{ F_ICON, "x\" onerror=\"alert(1)", PERR_INVAL, "icon" },
	{ F_ICON, "//evil.example/x.png", PERR_INVAL, "icon" },
	{ F_ICON, "/\\evil.example/x.png", PERR_INVAL, "icon" },
	{ F_ICON, "icon.png", PERR_INVAL, "icon" },
	{ F_ICON, " /x.png", PERR_INVAL, "icon" },
	{ F_ICON, "https://u:p@cdn.example.com/i.png", PERR_INVAL, "icon" },
	/* W04: launch links */
	{ F_LAUNCH, "", PERR_OK, NULL },
	{ F_LAUNCH, "/wiki/", PERR_OK, NULL },
	{ F_LAUNCH, "https://app.example.com/?page=Main#top", PERR_OK, NULL },
	{ F_LAUNCH, "javascript:alert(1)", PERR_INVAL, "launch" },
	{ F_LAUNCH, "vbscript:x", PERR_INVAL, "launch" },
	{ F_LAUNCH, "//evil.example/", PERR_INVAL, "launch" },
	{ F_LAUNCH, "https://app.example.com/\n", PERR_INVAL, "launch" },
};

START_TEST(test_app_check_answers_each_field_as_expected)
{
	struct app	 a;
	const char	*why = NULL;
	const char	*v = check_rows[_i].value;
	enum perr	 e;

	app_base(&a);
	ck_assert_int_eq(app_check(&a, NULL), PERR_OK);
	switch (check_rows[_i].field) {
	case F_SLUG:
		strlcpy(a.slug, v, sizeof(a.slug));
		break;
	case F_NAME:
		strlcpy(a.name, v, sizeof(a.name));
		break;
	case F_DESC:
		strlcpy(a.description, v, sizeof(a.description));
		break;
	case F_ICON:
		strlcpy(a.icon, v, sizeof(a.icon));
		break;
	case F_LAUNCH:
		strlcpy(a.launch, v, sizeof(a.launch));
		break;
	}
	e = app_check(&a, &why);
	ck_assert_msg(e == check_rows[_i].want, "row %d: got %d", _i, e);
	if (e != PERR_OK) {
		ck_assert_ptr_nonnull(why);
		ck_assert_msg(strncmp(why, check_rows[_i].why,
		    strlen(check_rows[_i].why)) == 0, "row %d: why \"%s\"",
		    _i, why);
	}
	ck_assert_int_eq(app_check(&a, NULL), check_rows[_i].want);
}
END_TEST

/* -------------------------------------------------------------- app_add */

static int
count_app_cb(const struct app *a, void *arg)
{
	(*(int *)arg)++;
	return 0;
}

static int
app_count(struct store *st)
{
	int	n = 0;

	ck_assert_int_eq(store_app_list(st, count_app_cb, &n), PERR_OK);
	return n;
}

static int
attached_count(struct store *st, int64_t outpost)
{
	int	n = 0;

	ck_assert_int_eq(store_outpost_apps(st, outpost, count_app_cb, &n),
	    PERR_OK);
	return n;
}

static int64_t
provider_make(struct store *st)
{
	struct provider	p;

	memset(&p, 0, sizeof(p));
	strlcpy(p.name, "wiki", sizeof(p.name));
	strlcpy(p.external, "https://app.example.com", sizeof(p.external));
	ck_assert_int_eq(store_provider_add(st, &p, NULL, 0), PERR_OK);
	return p.id;
}

static int64_t
embedded_id(struct store *st)
{
	struct outpost	o;

	ck_assert_int_eq(store_outpost_get(st, OUTPOST_EMBEDDED, &o), PERR_OK);
	return o.id;
}

static int
outpost_name_cb(const struct outpost *o, void *arg)
{
	strlcpy(arg, o->name, OUTPOSTNAME_MAX + 1);
	return 0;
}

START_TEST(test_app_add_attaches_the_application_to_its_outpost)
{
	struct store	*st = fixture_open(NULL);
	struct app	 a, got;
	char		 name[OUTPOSTNAME_MAX + 1] = "";
	int64_t		 emb;

	app_base(&a);
	a.provider_id = provider_make(st);
	a.policy = POLICY_ALL;
	emb = embedded_id(st);
	ck_assert_int_eq(app_add(st, &a, emb, NULL), PERR_OK);
	ck_assert_int_gt(a.id, 0);
	ck_assert_int_eq(store_app_get(st, "wiki", &got), PERR_OK);
	ck_assert_int_eq(got.id, a.id);
	ck_assert_str_eq(got.name, "Wiki");
	ck_assert_str_eq(got.provider, "wiki");
	ck_assert_int_eq(got.policy, POLICY_ALL);
	ck_assert_int_eq(attached_count(st, emb), 1);
	ck_assert_int_eq(store_app_outposts(st, a.id, outpost_name_cb, name),
	    PERR_OK);
	ck_assert_str_eq(name, OUTPOST_EMBEDDED);
	fixture_close(st);
}
END_TEST

START_TEST(test_app_add_with_outpost_0_attaches_nothing)
{
	struct store	*st = fixture_open(NULL);
	struct app	 a;

	app_base(&a);
	a.provider_id = provider_make(st);
	ck_assert_int_eq(app_add(st, &a, 0, NULL), PERR_OK);
	ck_assert_int_eq(app_count(st), 1);
	ck_assert_int_eq(attached_count(st, embedded_id(st)), 0);
	fixture_close(st);
}
END_TEST

START_TEST(test_app_add_stores_Q06_quotes_in_the_name_literally)
{
	struct store	*st = fixture_open(NULL);
	struct app	 a, got;

	app_base(&a);
	strlcpy(a.name, "O'Hara \"Wiki\"", sizeof(a.name));
	a.provider_id = provider_make(st);
	ck_assert_int_eq(app_add(st, &a, embedded_id(st), NULL), PERR_OK);
	ck_assert_int_eq(store_app_get(st, "wiki", &got), PERR_OK);
	ck_assert_str_eq(got.name, "O'Hara \"Wiki\"");
	fixture_close(st);
}
END_TEST

START_TEST(test_app_add_with_a_duplicate_slug_attaches_nothing)
{
	struct store	*st = fixture_open(NULL);
	struct app	 a, dup, got;
	struct outpost	 edge;
	int64_t		 emb, gen, gen2;

	app_base(&a);
	a.provider_id = provider_make(st);
	emb = embedded_id(st);
	ck_assert_int_eq(app_add(st, &a, emb, NULL), PERR_OK);
	memset(&edge, 0, sizeof(edge));
	strlcpy(edge.name, "edge", sizeof(edge.name));
	ck_assert_int_eq(outpost_add(st, &edge), PERR_OK);
	ck_assert_int_eq(store_generation(st, &gen), PERR_OK);

	app_base(&dup);
	strlcpy(dup.name, "Another wiki", sizeof(dup.name));
	dup.provider_id = a.provider_id;
	ck_assert_int_eq(app_add(st, &dup, edge.id, NULL), PERR_EXISTS);
	ck_assert_int_eq(app_count(st), 1);
	ck_assert_int_eq(attached_count(st, edge.id), 0);
	ck_assert_int_eq(attached_count(st, emb), 1);
	ck_assert_int_eq(store_app_get(st, "wiki", &got), PERR_OK);
	ck_assert_str_eq(got.name, "Wiki");
	ck_assert_int_eq(store_generation(st, &gen2), PERR_OK);
	ck_assert_int_eq(gen2, gen);
	fixture_close(st);
}
END_TEST

START_TEST(test_app_add_to_an_unknown_outpost_creates_nothing)
{
	struct store	*st = fixture_open(NULL);
	struct app	 a, got;

	app_base(&a);
	a.provider_id = provider_make(st);
	ck_assert_int_ne(app_add(st, &a, 4242, NULL), PERR_OK);
	ck_assert_int_eq(store_app_get(st, "wiki", &got), PERR_NOTFOUND);
	ck_assert_int_eq(app_count(st), 0);
	fixture_close(st);
}
END_TEST

START_TEST(test_app_add_with_an_unknown_provider_creates_nothing)
{
	struct store	*st = fixture_open(NULL);
	struct app	 a;
	int64_t		 emb;

	app_base(&a);
	a.provider_id = 4242;
	emb = embedded_id(st);
	ck_assert_int_ne(app_add(st, &a, emb, NULL), PERR_OK);
	ck_assert_int_eq(app_count(st), 0);
	ck_assert_int_eq(attached_count(st, emb), 0);
	fixture_close(st);
}
END_TEST

static const struct {
	enum app_field	 field;
	const char	*value;
	const char	*why;
} add_bad_rows[] = {
	{ F_SLUG, "Bad Slug", "slug" },
	{ F_NAME, "", "name" },
	{ F_ICON, "javascript:alert(1)", "icon" },
	{ F_ICON, "x\" onerror=\"alert(1)", "icon" },		/* W03 */
	{ F_LAUNCH, "data:text/html,<script>", "launch" },
};

START_TEST(test_app_add_refuses_an_invalid_field_and_stores_nothing)
{
	struct store	*st = fixture_open(NULL);
	struct app	 a;
	const char	*why = NULL;
	int64_t		 emb;

	app_base(&a);
	a.provider_id = provider_make(st);
	switch (add_bad_rows[_i].field) {
	case F_SLUG:
		strlcpy(a.slug, add_bad_rows[_i].value, sizeof(a.slug));
		break;
	case F_NAME:
		strlcpy(a.name, add_bad_rows[_i].value, sizeof(a.name));
		break;
	case F_ICON:
		strlcpy(a.icon, add_bad_rows[_i].value, sizeof(a.icon));
		break;
	case F_LAUNCH:
		strlcpy(a.launch, add_bad_rows[_i].value, sizeof(a.launch));
		break;
	case F_DESC:
		strlcpy(a.description, add_bad_rows[_i].value,
		    sizeof(a.description));
		break;
	}
	emb = embedded_id(st);
	ck_assert_int_eq(app_add(st, &a, emb, &why), PERR_INVAL);
	ck_assert_ptr_nonnull(why);
	ck_assert_int_eq(strncmp(why, add_bad_rows[_i].why,
	    strlen(add_bad_rows[_i].why)), 0);
	ck_assert_int_eq(app_count(st), 0);
	ck_assert_int_eq(attached_count(st, emb), 0);
	fixture_close(st);
}
END_TEST

Suite *
suite_app(void)
{
	Suite	*s = suite_create("app");
	TCase	*tc;

	tc = tcase_create("validators");
	tcase_add_loop_test(tc, test_app_slug_check_answers_each_shape_as_expected,
	    0, NROWS(slug_rows));
	tcase_add_loop_test(tc,
	    test_app_policy_parse_answers_each_word_as_expected, 0,
	    NROWS(policy_rows));
	tcase_add_loop_test(tc, test_app_check_answers_each_field_as_expected,
	    0, NROWS(check_rows));
	suite_add_tcase(s, tc);

	tc = tcase_create("app_add");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_app_add_attaches_the_application_to_its_outpost);
	tcase_add_test(tc, test_app_add_with_outpost_0_attaches_nothing);
	tcase_add_test(tc, test_app_add_stores_Q06_quotes_in_the_name_literally);
	tcase_add_test(tc, test_app_add_with_a_duplicate_slug_attaches_nothing);
	tcase_add_test(tc, test_app_add_to_an_unknown_outpost_creates_nothing);
	tcase_add_test(tc,
	    test_app_add_with_an_unknown_provider_creates_nothing);
	tcase_add_loop_test(tc,
	    test_app_add_refuses_an_invalid_field_and_stores_nothing, 0,
	    NROWS(add_bad_rows));
	suite_add_tcase(s, tc);
	return s;
}
