/* postern: outposts: names and creation. */
#include "config.h"

#include "outpost.h"
#include "provider.h"

enum perr
outpost_name_check(const char *name)
{
	return provider_name_check(name);
}

enum perr
outpost_add(struct store *st, struct outpost *o)
{
	enum perr	e;

	if ((e = outpost_name_check(o->name)) != PERR_OK)
		return e;
	return store_outpost_add(st, o);
}
