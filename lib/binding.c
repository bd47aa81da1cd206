/* postern: bindings: the policy rule and the loading of an app's rules. */
#include "config.h"

#include "binding.h"

static int
binding_passes(const struct binding_rule *r, int64_t user,
    const int64_t *groups, size_t ngroups)
{
	size_t	i;
	int	pass = 0;

	if (r->user_id != 0)
		pass = r->user_id == user;
	else
		for (i = 0; i < ngroups; i++)
			if (groups[i] == r->group_id) {
				pass = 1;
				break;
			}
	return r->negate ? !pass : pass;
}

int
binding_allows(enum policy policy, const struct binding_rule *rules,
    size_t n, int64_t user, const int64_t *groups, size_t ngroups)
{
	size_t	i, enabled = 0, passed = 0;

	if (user == 0)
		return 0;
	for (i = 0; i < n; i++) {
		if (!rules[i].enabled)
			continue;
		enabled++;
		if (binding_passes(&rules[i], user, groups, ngroups))
			passed++;
	}
	if (enabled == 0)
		return 1;
	if (policy == POLICY_ALL)
		return passed == enabled;
	return passed > 0;
}

enum perr
binding_add(struct store *st, struct binding *b)
{
	if (b->app_id == 0 || (b->user_id == 0) == (b->group_id == 0))
		return PERR_INVAL;
	b->negate = b->negate ? 1 : 0;
	b->enabled = b->enabled ? 1 : 0;
	return store_binding_add(st, b);
}

struct binding_load {
	struct binding_rule	*rules;
	size_t			 max, n;
	int			 overflow;
};

static int
binding_load_cb(const struct binding *b, void *arg)
{
	struct binding_load	*bl = arg;

	if (bl->n == bl->max) {
		bl->overflow = 1;
		return 1;
	}
	bl->rules[bl->n].user_id = b->user_id;
	bl->rules[bl->n].group_id = b->group_id;
	bl->rules[bl->n].negate = b->negate;
	bl->rules[bl->n].enabled = b->enabled;
	bl->n++;
	return 0;
}

enum perr
binding_rules(struct store *st, int64_t app, struct binding_rule *rules,
    size_t max, size_t *n)
{
	struct binding_load	bl = { rules, max, 0, 0 };
	enum perr		e;

	*n = 0;
	if (app == 0)
		return PERR_INVAL;	/* the store would list every app's */
	if ((e = store_binding_list(st, app, binding_load_cb, &bl)) != PERR_OK)
		return e;
	if (bl.overflow)
		return PERR_TOOLONG;
	*n = bl.n;
	return PERR_OK;
}
