/* postern: tests for lib/binding.c: the policy rule and loading it. */
/*
 * binding_allows() is DESIGN "Binding" as a pure function, so it gets the
 * most rows: every shape of the rule alone, then the SECURITY-CASES
 * fixture (A1-A4 and alice, bob, carol, mallory) as a table, each row
 * checked in every order of its bindings (the result must not depend on
 * evaluation order).  The same fixture is then built in a real store and
 * decided through binding_rules() and group_ids_of(), as authz-fcgi does.
 */
#include "config.h"

#include <string.h>

#include "lib/binding.h"
#include "lib/group.h"
#include "lib/limits.h"
#include "lib/outpost.h"
#include "lib/store.h"
#include "lib/user.h"
#include "tests.h"

#define NROWS(t)	((int)(sizeof(t) / sizeof((t)[0])))
#define NOW		1700000000

/* Ids for the pure tests. */
#define ALICE		1
#define BOB		2
#define CAROL		3
#define MALLORY		5
#define STAFF		10
#define ADMINS		11
#define CONTRACTORS	12

/* { user_id, group_id, negate, enabled } */
#define USER(u)		{ (u), 0, 0, 1 }
#define NOT_USER(u)	{ (u), 0, 1, 1 }
#define GROUP(g)	{ 0, (g), 0, 1 }
#define NOT_GROUP(g)	{ 0, (g), 1, 1 }
#define OFF_USER(u)	{ (u), 0, 0, 0 }
#define OFF_NOT_USER(u)	{ (u), 0, 1, 0 }
#define OFF_GROUP(g)	{ 0, (g), 0, 0 }
#define OFF_NOT_GROUP(g) { 0, (g), 1, 0 }

#define RULES_MAX	4

struct allow_row {
	const char		*what;
	enum policy		 policy;
	struct binding_rule	 rules[RULES_MAX];
	size_t			 n;
	int64_t			 user;
	int64_t			 groups[3];
	size_t			 ngroups;
	int			 want;
};

static const struct allow_row allow_rows[] = {
	/* no enabled binding: every authenticated user passes */
	{ "no binding, any", POLICY_ANY, { { 0 } }, 0, ALICE, { 0 }, 0, 1 },
	{ "no binding, all", POLICY_ALL, { { 0 } }, 0, ALICE, { 0 }, 0, 1 },
	{ "only a disabled user binding for another user", POLICY_ANY,
	    { OFF_USER(BOB) }, 1, ALICE, { 0 }, 0, 1 },
	{ "only disabled bindings that would deny", POLICY_ALL,
	    { OFF_NOT_GROUP(STAFF), OFF_NOT_USER(ALICE), OFF_GROUP(ADMINS) }, 3,
	    ALICE, { STAFF }, 1, 1 },
	/* user bindings */
	{ "user binding, match", POLICY_ANY, { USER(ALICE) }, 1,
	    ALICE, { 0 }, 0, 1 },
	{ "user binding, mismatch", POLICY_ANY, { USER(BOB) }, 1,
	    ALICE, { STAFF }, 1, 0 },
	{ "negated user binding, that user", POLICY_ANY, { NOT_USER(ALICE) }, 1,
	    ALICE, { 0 }, 0, 0 },
	{ "negated user binding, another user", POLICY_ANY,
	    { NOT_USER(BOB) }, 1, ALICE, { 0 }, 0, 1 },
	/* a user binding is not a group binding with the same id */
	{ "user binding id equal to a group id", POLICY_ANY,
	    { USER(STAFF) }, 1, ALICE, { STAFF }, 1, 0 },
	{ "group binding id equal to the user id", POLICY_ANY,
	    { GROUP(ALICE) }, 1, ALICE, { STAFF }, 1, 0 },
	/* group bindings */
	{ "group binding, member", POLICY_ANY, { GROUP(STAFF) }, 1,
	    ALICE, { STAFF }, 1, 1 },
	{ "group binding, member of several", POLICY_ANY, { GROUP(ADMINS) }, 1,
	    BOB, { STAFF, ADMINS }, 2, 1 },
	{ "group binding, not a member", POLICY_ANY, { GROUP(ADMINS) }, 1,
	    ALICE, { STAFF }, 1, 0 },
	{ "group binding, no groups", POLICY_ANY, { GROUP(STAFF) }, 1,
	    MALLORY, { 0 }, 0, 0 },
	{ "negated group binding, member", POLICY_ANY, { NOT_GROUP(STAFF) }, 1,
	    ALICE, { STAFF }, 1, 0 },
	{ "negated group binding, not a member", POLICY_ANY,
	    { NOT_GROUP(CONTRACTORS) }, 1, ALICE, { STAFF }, 1, 1 },
	/* policy any */
	{ "any: one of two passes", POLICY_ANY, { USER(BOB), GROUP(STAFF) }, 2,
	    ALICE, { STAFF }, 1, 1 },
	{ "any: none of two passes", POLICY_ANY, { USER(BOB), GROUP(ADMINS) },
	    2, ALICE, { STAFF }, 1, 0 },
	{ "any: a negated binding that passes is enough", POLICY_ANY,
	    { GROUP(ADMINS), NOT_GROUP(CONTRACTORS) }, 2, ALICE, { STAFF }, 1,
	    1 },
	{ "any: a disabled binding that would pass does not count",
	    POLICY_ANY, { USER(BOB), OFF_USER(ALICE) }, 2, ALICE, { 0 }, 0, 0 },
	/* policy all */
	{ "all: both pass", POLICY_ALL, { GROUP(STAFF), GROUP(ADMINS) }, 2,
	    BOB, { STAFF, ADMINS }, 2, 1 },
	{ "all: one of two fails", POLICY_ALL, { GROUP(STAFF), GROUP(ADMINS) },
	    2, ALICE, { STAFF }, 1, 0 },
	{ "all: a disabled binding that would fail does not count",
	    POLICY_ALL, { GROUP(STAFF), OFF_GROUP(ADMINS) }, 2, ALICE,
	    { STAFF }, 1, 1 },
	{ "all: deny overrides allow", POLICY_ALL,
	    { GROUP(STAFF), NOT_GROUP(CONTRACTORS) }, 2, CAROL,
	    { STAFF, CONTRACTORS }, 2, 0 },
	{ "all: user and group both pass", POLICY_ALL,
	    { USER(ALICE), GROUP(STAFF), NOT_USER(BOB) }, 3, ALICE, { STAFF },
	    1, 1 },
	/* mixed */
	{ "mixed any: user, groups, negations, disabled; one passes",
	    POLICY_ANY, { USER(BOB), NOT_GROUP(STAFF), OFF_USER(ALICE),
	    GROUP(CONTRACTORS) }, 4, CAROL, { STAFF, CONTRACTORS }, 2, 1 },
	{ "mixed all: user, groups, negations, disabled; one fails",
	    POLICY_ALL, { USER(CAROL), GROUP(STAFF), OFF_NOT_USER(CAROL),
	    NOT_GROUP(CONTRACTORS) }, 4, CAROL, { STAFF, CONTRACTORS }, 2, 0 },
	{ "mixed all: every enabled one passes", POLICY_ALL,
	    { USER(ALICE), GROUP(STAFF), OFF_GROUP(ADMINS),
	    NOT_GROUP(CONTRACTORS) }, 4, ALICE, { STAFF }, 1, 1 },
	/* user id 0 (no session) never passes, whatever the rules */
	{ "user 0, no binding", POLICY_ANY, { { 0 } }, 0, 0, { 0 }, 0, 0 },
	{ "user 0, no binding, all", POLICY_ALL, { { 0 } }, 0, 0, { 0 }, 0, 0 },
	{ "user 0, only disabled bindings", POLICY_ANY, { OFF_USER(ALICE) }, 1,
	    0, { 0 }, 0, 0 },
	{ "user 0, a negated user binding", POLICY_ANY, { NOT_USER(ALICE) }, 1,
	    0, { 0 }, 0, 0 },
	{ "user 0, a negated group binding", POLICY_ALL,
	    { NOT_GROUP(CONTRACTORS) }, 1, 0, { 0 }, 0, 0 },
	{ "user 0, a group binding it is given", POLICY_ANY, { GROUP(STAFF) },
	    1, 0, { STAFF }, 1, 0 },
};

START_TEST(test_binding_allows_answers_each_shape_as_expected)
{
	const struct allow_row	*r = &allow_rows[_i];
	int			 got;

	got = binding_allows(r->policy, r->rules, r->n, r->user, r->groups,
	    r->ngroups);
	ck_assert_msg(got == r->want, "row %d (%s): got %d", _i, r->what, got);
}
END_TEST

/* Call check() for every permutation of rules[0..n-1] (Heap's algorithm). */
static void
permute(struct binding_rule *rules, size_t n, size_t k,
    void (*check)(const struct binding_rule *, size_t, const void *),
    const void *arg)
{
	struct binding_rule	tmp;
	size_t			i;

	if (k <= 1) {
		check(rules, n, arg);
		return;
	}
	for (i = 0; i < k - 1; i++) {
		permute(rules, n, k - 1, check, arg);
		if (k % 2 == 0) {
			tmp = rules[i];
			rules[i] = rules[k - 1];
			rules[k - 1] = tmp;
		} else {
			tmp = rules[0];
			rules[0] = rules[k - 1];
			rules[k - 1] = tmp;
		}
	}
	permute(rules, n, k - 1, check, arg);
}

static int	permutations;

static void
check_allow_row(const struct binding_rule *rules, size_t n, const void *arg)
{
	const struct allow_row	*r = arg;
	int64_t			 rev[3];
	size_t			 i;

	permutations++;
	ck_assert_msg(binding_allows(r->policy, rules, n, r->user, r->groups,
	    r->ngroups) == r->want, "%s: order changed the answer", r->what);
	/* The order of the user's groups does not matter either. */
	for (i = 0; i < r->ngroups; i++)
		rev[i] = r->groups[r->ngroups - 1 - i];
	ck_assert_msg(binding_allows(r->policy, rules, n, r->user, rev,
	    r->ngroups) == r->want, "%s: group order changed the answer",
	    r->what);
}

START_TEST(test_binding_allows_gives_the_same_answer_in_every_order)
{
	const struct allow_row	*r = &allow_rows[_i];
	struct binding_rule	 rules[RULES_MAX];
	int			 fact = 1;
	size_t			 i;

	memcpy(rules, r->rules, sizeof(rules));
	permutations = 0;
	permute(rules, r->n, r->n, check_allow_row, r);
	for (i = 2; i <= r->n; i++)
		fact *= (int)i;
	ck_assert_int_eq(permutations, fact);
}
END_TEST

START_TEST(test_binding_allows_reads_no_rule_past_n)
{
	/* Rules past n would deny; only the first n count. */
	static const struct binding_rule rules[] = {
		GROUP(STAFF), NOT_USER(ALICE), NOT_GROUP(STAFF)
	};
	static const int64_t groups[] = { STAFF, ADMINS };

	ck_assert_int_eq(binding_allows(POLICY_ALL, rules, 1, ALICE, groups,
	    1), 1);
	ck_assert_int_eq(binding_allows(POLICY_ANY, rules + 1, 0, ALICE,
	    groups, 1), 1);
	/* Groups past ngroups are not the user's. */
	ck_assert_int_eq(binding_allows(POLICY_ANY, (const struct
	    binding_rule[]){ GROUP(ADMINS) }, 1, ALICE, groups, 1), 0);
}
END_TEST

/* ------------------------------------------ the SECURITY-CASES fixture */

enum fx_app { A1, A2, A3, A4, FX_NAPPS };
enum fx_user { FX_ALICE, FX_BOB, FX_CAROL, FX_MALLORY, FX_NUSERS };

static const struct {
	const char		*slug;
	const char		*external;
	enum policy		 policy;
	struct binding_rule	 rules[2];
	size_t			 n;
} fx_apps[FX_NAPPS] = {
	[A1] = { "wiki", "https://app.example.com", POLICY_ANY,
	    { GROUP(STAFF) }, 1 },
	[A2] = { "admin", "https://app.example.com/admin", POLICY_ANY,
	    { GROUP(ADMINS) }, 1 },
	[A3] = { "grafana", "https://grafana.example.com", POLICY_ALL,
	    { GROUP(STAFF), NOT_GROUP(CONTRACTORS) }, 2 },
	[A4] = { "status", "https://status.example.com", POLICY_ANY,
	    { NOT_GROUP(CONTRACTORS) }, 1 },
};

static const struct {
	const char	*name;
	int64_t		 id;
	int64_t		 groups[2];
	size_t		 ngroups;
} fx_users[FX_NUSERS] = {
	[FX_ALICE] = { "alice", ALICE, { STAFF }, 1 },
	[FX_BOB] = { "bob", BOB, { STAFF, ADMINS }, 2 },
	[FX_CAROL] = { "carol", CAROL, { STAFF, CONTRACTORS }, 2 },
	[FX_MALLORY] = { "mallory", MALLORY, { 0 }, 0 },
};

static const struct {
	const char	*id;		/* the SECURITY-CASES case, or "" */
	enum fx_app	 app;
	enum fx_user	 user;
	int		 want;
} fx_rows[] = {
	{ "Z05", A1, FX_ALICE, 1 },
	{ "", A1, FX_BOB, 1 },
	{ "Z05", A1, FX_CAROL, 1 },
	{ "Z01", A1, FX_MALLORY, 0 },
	{ "Z04", A2, FX_ALICE, 0 },
	{ "Z04", A2, FX_BOB, 1 },
	{ "Z05", A2, FX_CAROL, 0 },
	{ "", A2, FX_MALLORY, 0 },
	{ "Z05", A3, FX_ALICE, 1 },
	{ "", A3, FX_BOB, 1 },
	{ "Z02", A3, FX_CAROL, 0 },
	{ "", A3, FX_MALLORY, 0 },
	{ "Z05", A4, FX_ALICE, 1 },
	{ "", A4, FX_BOB, 1 },
	{ "Z05", A4, FX_CAROL, 0 },
	{ "", A4, FX_MALLORY, 1 },
};

static int
fx_allows(enum fx_app a, enum fx_user u)
{
	return binding_allows(fx_apps[a].policy, fx_apps[a].rules,
	    fx_apps[a].n, fx_users[u].id, fx_users[u].groups,
	    fx_users[u].ngroups);
}

START_TEST(test_binding_allows_the_fixture_users_at_A1_to_A4_as_expected)
{
	int	got = fx_allows(fx_rows[_i].app, fx_rows[_i].user);

	ck_assert_msg(got == fx_rows[_i].want, "row %d %s: %s at %s: got %d",
	    _i, fx_rows[_i].id, fx_users[fx_rows[_i].user].name,
	    fx_apps[fx_rows[_i].app].slug, got);
}
END_TEST

START_TEST(test_binding_allows_Z01_refuses_mallory_at_A1)
{
	ck_assert_int_eq(fx_allows(A1, FX_MALLORY), 0);
}
END_TEST

START_TEST(test_binding_allows_Z02_deny_overrides_allow_for_carol_at_A3)
{
	ck_assert_int_eq(fx_allows(A3, FX_CAROL), 0);
	/* The allow half alone would have let her in. */
	ck_assert_int_eq(binding_allows(POLICY_ALL, fx_apps[A3].rules, 1,
	    CAROL, fx_users[FX_CAROL].groups, 2), 1);
}
END_TEST

/* Z04's longest-prefix match picks A2 for /admin/x; A2 then decides. */
START_TEST(test_binding_allows_Z04_admins_binding_lets_bob_not_alice_into_A2)
{
	ck_assert_int_eq(fx_allows(A2, FX_BOB), 1);
	ck_assert_int_eq(fx_allows(A2, FX_ALICE), 0);
	/* A1 alone would have allowed her: A2's decision is the one. */
	ck_assert_int_eq(fx_allows(A1, FX_ALICE), 1);
}
END_TEST

START_TEST(test_binding_allows_Z05_alice_sees_wiki_grafana_status_and_carol_wiki_only)
{
	static const int	alice[FX_NAPPS] = { 1, 0, 1, 1 };
	static const int	carol[FX_NAPPS] = { 1, 0, 0, 0 };
	int			a;

	for (a = 0; a < FX_NAPPS; a++) {
		ck_assert_int_eq(fx_allows((enum fx_app)a, FX_ALICE), alice[a]);
		ck_assert_int_eq(fx_allows((enum fx_app)a, FX_CAROL), carol[a]);
	}
}
END_TEST

/* -------------------------------------------- the fixture in a store */

struct fx_store {
	struct store	*st;
	int64_t		 app[FX_NAPPS];
	int64_t		 user[FX_NUSERS];
	int64_t		 staff, admins, contractors;
	int64_t		 dave;
};

static int64_t
fx_user_add(struct store *st, const char *name, int active)
{
	struct user	u;

	memset(&u, 0, sizeof(u));
	strlcpy(u.name, name, sizeof(u.name));
	u.active = active;
	ck_assert_int_eq(user_add(st, &u, NULL, 0, NULL, NOW), PERR_OK);
	return u.id;
}

static int64_t
fx_group_add(struct store *st, const char *name)
{
	struct group	g;

	memset(&g, 0, sizeof(g));
	strlcpy(g.name, name, sizeof(g.name));
	ck_assert_int_eq(group_add(st, &g), PERR_OK);
	return g.id;
}

static void
fx_member(struct store *st, int64_t group, int64_t user)
{
	ck_assert_int_eq(store_member_add(st, group, user), PERR_OK);
}

/* The store's id for one of the pure tests' group ids. */
static int64_t
fx_group_id(const struct fx_store *fx, int64_t pure)
{
	switch (pure) {
	case STAFF:
		return fx->staff;
	case ADMINS:
		return fx->admins;
	case CONTRACTORS:
		return fx->contractors;
	}
	ck_abort_msg("unknown group %lld", (long long)pure);
	return 0;
}

static void
fx_build(struct fx_store *fx)
{
	struct provider	p;
	struct app	a;
	struct binding	b;
	struct outpost	emb;
	size_t		i, j;

	memset(fx, 0, sizeof(*fx));
	fx->st = fixture_open(NULL);
	for (i = 0; i < FX_NUSERS; i++)
		fx->user[i] = fx_user_add(fx->st, fx_users[i].name, 1);
	fx->dave = fx_user_add(fx->st, "dave", 0);
	fx->staff = fx_group_add(fx->st, "staff");
	fx->admins = fx_group_add(fx->st, "admins");
	fx->contractors = fx_group_add(fx->st, "contractors");
	for (i = 0; i < FX_NUSERS; i++)
		for (j = 0; j < fx_users[i].ngroups; j++)
			fx_member(fx->st, fx_group_id(fx, fx_users[i].groups[j]),
			    fx->user[i]);
	fx_member(fx->st, fx->staff, fx->dave);
	ck_assert_int_eq(store_outpost_get(fx->st, OUTPOST_EMBEDDED, &emb),
	    PERR_OK);
	for (i = 0; i < FX_NAPPS; i++) {
		memset(&p, 0, sizeof(p));
		strlcpy(p.name, fx_apps[i].slug, sizeof(p.name));
		strlcpy(p.external, fx_apps[i].external, sizeof(p.external));
		ck_assert_int_eq(store_provider_add(fx->st, &p, NULL, 0),
		    PERR_OK);
		memset(&a, 0, sizeof(a));
		strlcpy(a.slug, fx_apps[i].slug, sizeof(a.slug));
		strlcpy(a.name, fx_apps[i].slug, sizeof(a.name));
		a.provider_id = p.id;
		a.policy = fx_apps[i].policy;
		ck_assert_int_eq(store_app_add(fx->st, &a), PERR_OK);
		ck_assert_int_eq(store_outpost_attach(fx->st, emb.id, a.id),
		    PERR_OK);
		fx->app[i] = a.id;
		for (j = 0; j < fx_apps[i].n; j++) {
			memset(&b, 0, sizeof(b));
			b.app_id = a.id;
			b.order = (int)(10 * (j + 1));
			b.group_id = fx_group_id(fx, fx_apps[i].rules[j].group_id);
			b.negate = fx_apps[i].rules[j].negate;
			b.enabled = 1;
			ck_assert_int_eq(binding_add(fx->st, &b), PERR_OK);
		}
	}
}

/* The decision authz-fcgi makes, from the store. */
static int
fx_store_allows(struct fx_store *fx, enum fx_app a, int64_t user)
{
	struct binding_rule	rules[BINDINGS_MAX];
	struct app		ap;
	int64_t			groups[GROUPS_MAX];
	size_t			n, ng;

	ck_assert_int_eq(store_app_get_id(fx->st, fx->app[a], &ap), PERR_OK);
	ck_assert_int_eq(binding_rules(fx->st, fx->app[a], rules, BINDINGS_MAX,
	    &n), PERR_OK);
	ck_assert_int_eq(group_ids_of(fx->st, user, groups, GROUPS_MAX, &ng),
	    PERR_OK);
	return binding_allows(ap.policy, rules, n, user, groups, ng);
}

START_TEST(test_binding_rules_from_a_store_decide_the_fixture_as_expected)
{
	struct fx_store	fx;
	int		got;

	fx_build(&fx);
	got = fx_store_allows(&fx, fx_rows[_i].app, fx.user[fx_rows[_i].user]);
	ck_assert_msg(got == fx_rows[_i].want, "row %d %s: %s at %s: got %d",
	    _i, fx_rows[_i].id, fx_users[fx_rows[_i].user].name,
	    fx_apps[fx_rows[_i].app].slug, got);
	fixture_close(fx.st);
}
END_TEST

START_TEST(test_binding_rules_S10_follow_a_membership_removed_at_once)
{
	struct fx_store	fx;

	fx_build(&fx);
	ck_assert_int_eq(fx_store_allows(&fx, A2, fx.user[FX_BOB]), 1);
	ck_assert_int_eq(store_member_del(fx.st, fx.admins, fx.user[FX_BOB]),
	    PERR_OK);
	ck_assert_int_eq(fx_store_allows(&fx, A2, fx.user[FX_BOB]), 0);
	fixture_close(fx.st);
}
END_TEST

START_TEST(test_binding_rules_follow_a_binding_added_or_deleted_at_once)
{
	struct fx_store	fx;
	struct binding	b;

	fx_build(&fx);
	ck_assert_int_eq(fx_store_allows(&fx, A3, fx.user[FX_ALICE]), 1);
	memset(&b, 0, sizeof(b));
	b.app_id = fx.app[A3];
	b.user_id = fx.user[FX_ALICE];
	b.negate = 1;
	b.enabled = 1;
	ck_assert_int_eq(binding_add(fx.st, &b), PERR_OK);
	/* A3 is "all": NOT alice fails for her, for no one else. */
	ck_assert_int_eq(fx_store_allows(&fx, A3, fx.user[FX_ALICE]), 0);
	ck_assert_int_eq(fx_store_allows(&fx, A3, fx.user[FX_BOB]), 1);
	ck_assert_int_eq(store_binding_del(fx.st, b.id), PERR_OK);
	ck_assert_int_eq(fx_store_allows(&fx, A3, fx.user[FX_ALICE]), 1);
	fixture_close(fx.st);
}
END_TEST

START_TEST(test_binding_rules_load_user_group_negate_and_enabled)
{
	struct fx_store		fx;
	struct binding		b;
	struct binding_rule	rules[8];
	size_t			n = 99, i;
	int			seen_user = 0, seen_group = 0;

	fx_build(&fx);
	memset(&b, 0, sizeof(b));
	b.app_id = fx.app[A4];
	b.order = 5;
	b.user_id = fx.user[FX_MALLORY];
	b.negate = 1;
	b.enabled = 0;
	ck_assert_int_eq(binding_add(fx.st, &b), PERR_OK);
	ck_assert_int_eq(binding_rules(fx.st, fx.app[A4], rules, 8, &n),
	    PERR_OK);
	ck_assert_uint_eq(n, 2);
	for (i = 0; i < n; i++) {
		if (rules[i].user_id != 0) {
			seen_user++;
			ck_assert_int_eq(rules[i].user_id, fx.user[FX_MALLORY]);
			ck_assert_int_eq(rules[i].group_id, 0);
			ck_assert_int_eq(rules[i].negate, 1);
			ck_assert_int_eq(rules[i].enabled, 0);
		} else {
			seen_group++;
			ck_assert_int_eq(rules[i].group_id, fx.contractors);
			ck_assert_int_eq(rules[i].negate, 1);
			ck_assert_int_eq(rules[i].enabled, 1);
		}
	}
	ck_assert_int_eq(seen_user, 1);
	ck_assert_int_eq(seen_group, 1);
	fixture_close(fx.st);
}
END_TEST

/* (bindings on the app, max asked for, result, count) */
static const struct {
	int		 nbindings;
	size_t		 max;
	enum perr	 want;
	size_t		 wantn;
} rules_max_rows[] = {
	{ 0, 4, PERR_OK, 0 },
	{ 0, 0, PERR_OK, 0 },
	{ 3, 3, PERR_OK, 3 },
	{ 3, 2, PERR_TOOLONG, 0 },
	{ 1, 0, PERR_TOOLONG, 0 },
	{ BINDINGS_MAX, BINDINGS_MAX, PERR_OK, BINDINGS_MAX },
	{ BINDINGS_MAX + 1, BINDINGS_MAX, PERR_TOOLONG, 0 },
};

START_TEST(test_binding_rules_load_every_rule_or_refuse_past_max)
{
	struct store		*st = fixture_open(NULL);
	struct binding_rule	 rules[BINDINGS_MAX + 1];
	struct provider		 p;
	struct app		 a, other;
	struct binding		 b;
	int64_t			 staff;
	size_t			 n = 999;
	int			 i;
	enum perr		 e;

	staff = fx_group_add(st, "staff");
	memset(&p, 0, sizeof(p));
	strlcpy(p.name, "wiki", sizeof(p.name));
	strlcpy(p.external, "https://app.example.com", sizeof(p.external));
	ck_assert_int_eq(store_provider_add(st, &p, NULL, 0), PERR_OK);
	memset(&a, 0, sizeof(a));
	strlcpy(a.slug, "wiki", sizeof(a.slug));
	strlcpy(a.name, "Wiki", sizeof(a.name));
	a.provider_id = p.id;
	ck_assert_int_eq(store_app_add(st, &a), PERR_OK);
	other = a;
	strlcpy(other.slug, "other", sizeof(other.slug));
	ck_assert_int_eq(store_app_add(st, &other), PERR_OK);

	ck_assert_int_eq(store_begin(st), PERR_OK);
	for (i = 0; i < rules_max_rows[_i].nbindings; i++) {
		memset(&b, 0, sizeof(b));
		b.app_id = a.id;
		b.order = i;
		b.group_id = staff;
		b.enabled = 1;
		ck_assert_int_eq(binding_add(st, &b), PERR_OK);
	}
	/* Another application's bindings are never loaded. */
	for (i = 0; i < 3; i++) {
		memset(&b, 0, sizeof(b));
		b.app_id = other.id;
		b.group_id = staff;
		b.negate = 1;
		b.enabled = 1;
		ck_assert_int_eq(binding_add(st, &b), PERR_OK);
	}
	ck_assert_int_eq(store_commit(st), PERR_OK);

	e = binding_rules(st, a.id, rules, rules_max_rows[_i].max, &n);
	ck_assert_msg(e == rules_max_rows[_i].want, "row %d: got %d", _i, e);
	ck_assert_uint_eq(n, rules_max_rows[_i].wantn);
	for (i = 0; i < (int)n; i++) {
		ck_assert_int_eq(rules[i].group_id, staff);
		ck_assert_int_eq(rules[i].negate, 0);
	}
	fixture_close(st);
}
END_TEST

/* ---------------------------------------------------------- binding_add */

enum bref { REF_NONE, REF_USER, REF_GROUP, REF_BOTH };

static const struct {
	int		 app;		/* 1: the real app, 0: none */
	enum bref	 ref;
	int		 negate;
	int		 enabled;
	enum perr	 want;
	int		 got_negate;
	int		 got_enabled;
} add_rows[] = {
	{ 1, REF_USER, 0, 1, PERR_OK, 0, 1 },
	{ 1, REF_GROUP, 1, 1, PERR_OK, 1, 1 },
	{ 1, REF_GROUP, 0, 0, PERR_OK, 0, 0 },
	{ 1, REF_USER, 5, -3, PERR_OK, 1, 1 },		/* flags normalized */
	{ 0, REF_USER, 0, 1, PERR_INVAL, 0, 0 },	/* no application */
	{ 1, REF_NONE, 0, 1, PERR_INVAL, 0, 0 },	/* neither */
	{ 1, REF_BOTH, 0, 1, PERR_INVAL, 0, 0 },	/* both */
};

static int
count_binding_cb(const struct binding *b, void *arg)
{
	(*(int *)arg)++;
	return 0;
}

START_TEST(test_binding_add_validates_and_stores_each_shape)
{
	struct fx_store	fx;
	struct binding	b, got;
	int		before = 0, after = 0;
	enum perr	e;

	fx_build(&fx);
	ck_assert_int_eq(store_binding_list(fx.st, 0, count_binding_cb,
	    &before), PERR_OK);
	memset(&b, 0, sizeof(b));
	b.app_id = add_rows[_i].app ? fx.app[A1] : 0;
	if (add_rows[_i].ref == REF_USER || add_rows[_i].ref == REF_BOTH)
		b.user_id = fx.user[FX_ALICE];
	if (add_rows[_i].ref == REF_GROUP || add_rows[_i].ref == REF_BOTH)
		b.group_id = fx.staff;
	b.negate = add_rows[_i].negate;
	b.enabled = add_rows[_i].enabled;
	e = binding_add(fx.st, &b);
	ck_assert_msg(e == add_rows[_i].want, "row %d: got %d", _i, e);
	ck_assert_int_eq(store_binding_list(fx.st, 0, count_binding_cb,
	    &after), PERR_OK);
	if (e != PERR_OK) {
		ck_assert_int_eq(after, before);
		fixture_close(fx.st);
		return;
	}
	ck_assert_int_eq(after, before + 1);
	ck_assert_int_gt(b.id, 0);
	ck_assert_int_eq(store_binding_get(fx.st, b.id, &got), PERR_OK);
	ck_assert_int_eq(got.negate, add_rows[_i].got_negate);
	ck_assert_int_eq(got.enabled, add_rows[_i].got_enabled);
	ck_assert_str_eq(got.app, "wiki");
	fixture_close(fx.st);
}
END_TEST

START_TEST(test_binding_add_refuses_an_unknown_user_group_or_app)
{
	struct fx_store	fx;
	struct binding	b;
	int		before = 0, after = 0;

	fx_build(&fx);
	ck_assert_int_eq(store_binding_list(fx.st, 0, count_binding_cb,
	    &before), PERR_OK);
	memset(&b, 0, sizeof(b));
	b.app_id = fx.app[A1];
	b.user_id = 4242;
	b.enabled = 1;
	ck_assert_int_ne(binding_add(fx.st, &b), PERR_OK);
	b.user_id = 0;
	b.group_id = 4242;
	ck_assert_int_ne(binding_add(fx.st, &b), PERR_OK);
	b.app_id = 4242;
	b.group_id = fx.staff;
	ck_assert_int_ne(binding_add(fx.st, &b), PERR_OK);
	ck_assert_int_eq(store_binding_list(fx.st, 0, count_binding_cb,
	    &after), PERR_OK);
	ck_assert_int_eq(after, before);
	fixture_close(fx.st);
}
END_TEST

Suite *
suite_binding(void)
{
	Suite	*s = suite_create("binding");
	TCase	*tc;

	tc = tcase_create("binding_allows");
	tcase_add_loop_test(tc, test_binding_allows_answers_each_shape_as_expected,
	    0, NROWS(allow_rows));
	tcase_add_loop_test(tc,
	    test_binding_allows_gives_the_same_answer_in_every_order, 0,
	    NROWS(allow_rows));
	tcase_add_test(tc, test_binding_allows_reads_no_rule_past_n);
	suite_add_tcase(s, tc);

	tc = tcase_create("security cases");
	tcase_add_loop_test(tc,
	    test_binding_allows_the_fixture_users_at_A1_to_A4_as_expected, 0,
	    NROWS(fx_rows));
	tcase_add_test(tc, test_binding_allows_Z01_refuses_mallory_at_A1);
	tcase_add_test(tc,
	    test_binding_allows_Z02_deny_overrides_allow_for_carol_at_A3);
	tcase_add_test(tc,
	    test_binding_allows_Z04_admins_binding_lets_bob_not_alice_into_A2);
	tcase_add_test(tc,
	    test_binding_allows_Z05_alice_sees_wiki_grafana_status_and_carol_wiki_only);
	suite_add_tcase(s, tc);

	tc = tcase_create("store");
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc,
	    test_binding_rules_from_a_store_decide_the_fixture_as_expected, 0,
	    NROWS(fx_rows));
	tcase_add_test(tc,
	    test_binding_rules_S10_follow_a_membership_removed_at_once);
	tcase_add_test(tc,
	    test_binding_rules_follow_a_binding_added_or_deleted_at_once);
	tcase_add_test(tc, test_binding_rules_load_user_group_negate_and_enabled);
	tcase_add_loop_test(tc,
	    test_binding_rules_load_every_rule_or_refuse_past_max, 0,
	    NROWS(rules_max_rows));
	tcase_add_loop_test(tc, test_binding_add_validates_and_stores_each_shape,
	    0, NROWS(add_rows));
	tcase_add_test(tc, test_binding_add_refuses_an_unknown_user_group_or_app);
	suite_add_tcase(s, tc);
	return s;
}
