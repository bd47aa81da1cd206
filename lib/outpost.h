/* postern: outposts: the set of applications one authz-fcgi serves. */
#ifndef POSTERN_OUTPOST_H
#define POSTERN_OUTPOST_H

#include "perr.h"
#include "store.h"

/* The outpost every new application joins unless told otherwise. */
#define OUTPOST_EMBEDDED	"embedded"

/* Outpost names follow provider_name_check()'s grammar. */
enum perr	 outpost_name_check(const char *name);

/* Validate and insert o; fills o->id.  PERR_EXISTS when taken. */
enum perr	 outpost_add(struct store *st, struct outpost *o);

#endif /* !POSTERN_OUTPOST_H */
