/* postern: bindings, and the one function that applies them. */
/*
 * DESIGN.md, "Binding":
 *  - no enabled binding: every authenticated, active user passes;
 *  - otherwise each enabled binding passes or fails (user binding: is it
 *    this user; group binding: is the user a member), negate flips it;
 *    policy "any" passes when at least one binding passes, "all" when every
 *    one does;
 *  - the result does not depend on evaluation order.
 * binding_allows() is that rule as a pure function, shared by authz-fcgi,
 * login-cgi's portal and authz-admin explain.
 */
#ifndef POSTERN_BINDING_H
#define POSTERN_BINDING_H

#include <stddef.h>
#include <stdint.h>

#include "perr.h"
#include "store.h"

/* A binding reduced to what the decision needs. */
struct binding_rule {
	int64_t	user_id;	/* non-zero: a user binding */
	int64_t	group_id;	/* non-zero: a group binding */
	int	negate;
	int	enabled;
};

/*
 * 1 when the user (user, member of groups[0..ngroups-1]) passes the rules
 * rules[0..n-1] under policy, 0 otherwise.
 */
int		 binding_allows(enum policy policy,
		    const struct binding_rule *rules, size_t n, int64_t user,
		    const int64_t *groups, size_t ngroups);

/*
 * Validate and insert b (exactly one of user_id and group_id set; app_id
 * set).  Fills b->id.
 */
enum perr	 binding_add(struct store *st, struct binding *b);

/*
 * Load the rules of one application (app non-zero; PERR_INVAL for 0) into
 * rules (at most max); *n gets the count.  PERR_TOOLONG when it has more
 * than max.
 */
enum perr	 binding_rules(struct store *st, int64_t app,
		    struct binding_rule *rules, size_t max, size_t *n);

#endif /* !POSTERN_BINDING_H */
