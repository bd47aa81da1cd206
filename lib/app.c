/* postern: applications: validation and creation with their outpost. */
#include "config.h"

#include <string.h>

#include "app.h"
#include "text.h"
#include "url.h"

enum perr
app_slug_check(const char *slug)
{
	size_t	len = strlen(slug), i;
	char	c;

	if (len == 0)
		return PERR_INVAL;
	if (len > SLUG_MAX)
		return PERR_TOOLONG;
	for (i = 0; i < len; i++) {
		c = slug[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '_'))
			return PERR_INVAL;
	}
	return PERR_OK;
}

enum perr
app_policy_parse(const char *s, enum policy *p)
{
	if (strcmp(s, "any") == 0)
		*p = POLICY_ANY;
	else if (strcmp(s, "all") == 0)
		*p = POLICY_ALL;
	else
		return PERR_INVAL;
	return PERR_OK;
}

const char *
app_policy_str(enum policy p)
{
	return p == POLICY_ALL ? "all" : "any";
}

enum perr
app_check(const struct app *a, const char **why)
{
	enum perr	 e;
	const char	*dummy, *sub;

	if (why == NULL)
		why = &dummy;
	if ((e = app_slug_check(a->slug)) != PERR_OK) {
		*why = "slug: 1-64 of a-z, 0-9, '-' and '_'";
		return e;
	}
	if ((e = text_check(a->name, APPNAME_MAX, TEXT_NONEMPTY, &sub))
	    != PERR_OK) {
		*why = "name: empty, too long, invalid UTF-8 or control character";
		return e;
	}
	if ((e = text_check(a->description, DESCRIPTION_MAX, 0, &sub))
	    != PERR_OK) {
		*why = "description: too long, invalid UTF-8 or control character";
		return e;
	}
	if (a->icon[0] != '\0' && (e = url_parse_link(a->icon, &sub))
	    != PERR_OK) {
		*why = "icon: not an http(s) URL or a same-origin path";
		return e;
	}
	if (a->launch[0] != '\0' && (e = url_parse_link(a->launch, &sub))
	    != PERR_OK) {
		*why = "launch URL: not an http(s) URL or a same-origin path";
		return e;
	}
	return PERR_OK;
}

enum perr
app_add(struct store *st, struct app *a, int64_t outpost_id,
    const char **why)
{
	enum perr	e;

	if ((e = app_check(a, why)) != PERR_OK)
		return e;
	if ((e = store_begin(st)) != PERR_OK)
		return e;
	if ((e = store_app_add(st, a)) != PERR_OK ||
	    (outpost_id != 0 &&
	     (e = store_outpost_attach(st, outpost_id, a->id)) != PERR_OK) ||
	    (e = store_commit(st)) != PERR_OK) {
		store_rollback(st);
		return e;
	}
	return PERR_OK;
}
