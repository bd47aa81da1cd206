/* postern: the store's reads for authz-admin check beyond the records. */
/*
 * The record functions of the other store modules join an application to
 * its provider, so a row whose provider is missing (written by hand with
 * foreign keys off) is invisible to them; this module finds such rows so
 * that check can name them.
 */
#include "config.h"

#include <sqlite3.h>

#include "store.h"
#include "store_int.h"

static const char sql_app_orphans[] =
    "SELECT a.id, a.slug, a.provider_id FROM applications a "
    "WHERE NOT EXISTS (SELECT 1 FROM providers p WHERE p.id = a.provider_id) "
    "ORDER BY a.slug";

enum perr
store_app_orphans(struct store *st, store_orphan_cb cb, void *arg)
{
	sqlite3_stmt	*s = NULL;
	char		 slug[SLUG_MAX + 1];
	enum perr	 e;

	if ((e = store_stmt(st, sql_app_orphans, &s)) != PERR_OK)
		return e;
	while ((e = store_step_row(st, s, "orphan applications")) == PERR_OK) {
		if ((e = store_col_text(s, 1, slug, sizeof(slug))) != PERR_OK)
			break;
		if (cb(sqlite3_column_int64(s, 0), slug,
		    sqlite3_column_int64(s, 2), arg) != 0) {
			e = PERR_NOTFOUND;
			break;
		}
	}
	store_stmt_done(st, s);
	return e == PERR_NOTFOUND ? PERR_OK : e;
}
