/* postern: the store's login flows: the state between the login steps. */
/*
 * A flow row holds what a login has proven so far (the user after the
 * password, the factors after the second step) and where it is going.
 * It is keyed by the SHA-256 of a cookie's token, lives minutes, and is
 * advanced only from the stage it is at, atomically, so that steps cannot
 * be skipped, swapped or replayed from two tabs at once.
 */
#include "config.h"

#include <string.h>

#include <sqlite3.h>

#include "log.h"
#include "store.h"
#include "store_int.h"

#define FLOW_COLS \
	"id, hash, user_id, stage, factors, app_id, rd, csrf, created, expires"

static const char sql_flow_add[] =
    "INSERT INTO flows (hash, user_id, stage, factors, app_id, rd, csrf, "
    "created, expires) VALUES (?1, NULLIF(?2, 0), ?3, ?4, NULLIF(?5, 0), "
    "?6, ?7, ?8, ?9)";
static const char sql_flow_find[] =
    "SELECT " FLOW_COLS " FROM flows WHERE hash = ?1";
static const char sql_flow_advance[] =
    "UPDATE flows SET user_id = NULLIF(?2, 0), stage = ?3, factors = ?4, "
    "app_id = NULLIF(?5, 0), rd = ?6 WHERE id = ?1 AND stage = ?7";
static const char sql_flow_del[] =
    "DELETE FROM flows WHERE id = ?1";

enum perr
store_flow_add(struct store *st, struct loginflow *f)
{
	sqlite3_stmt	*s = NULL;
	int64_t		 id = 0;
	enum perr	 e;

	if ((e = store_sp_begin(st)) != PERR_OK)
		return e;
	if ((e = store_stmt(st, sql_flow_add, &s)) != PERR_OK ||
	    (e = store_bind_text(s, 6, f->rd, STORE_FIELD_MAX(f->rd)))
	    != PERR_OK)
		goto done;
	sqlite3_bind_blob(s, 1, f->hash, TOKEN_HASH_BYTES, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, f->user_id);
	sqlite3_bind_int(s, 3, (int)f->stage);
	sqlite3_bind_int(s, 4, f->factors);
	sqlite3_bind_int64(s, 5, f->app_id);
	sqlite3_bind_blob(s, 7, f->csrf, FLOW_CSRF_BYTES, SQLITE_STATIC);
	sqlite3_bind_int64(s, 8, f->created);
	sqlite3_bind_int64(s, 9, f->expires);
	if ((e = store_step_done(st, s, PERR_NOTFOUND, "flow add")) != PERR_OK)
		goto done;
	id = sqlite3_last_insert_rowid(st->db);
done:
	store_stmt_done(st, s);
	if ((e = store_sp_end(st, e)) == PERR_OK)
		f->id = id;
	return e;
}

enum perr
store_flow_find(struct store *st, const uint8_t hash[TOKEN_HASH_BYTES],
    struct loginflow *f)
{
	sqlite3_stmt	*s = NULL;
	const void	*b;
	enum perr	 e;

	memset(f, 0, sizeof(*f));
	if ((e = store_stmt(st, sql_flow_find, &s)) != PERR_OK)
		return e;
	sqlite3_bind_blob(s, 1, hash, TOKEN_HASH_BYTES, SQLITE_STATIC);
	if ((e = store_step_row(st, s, "flow find")) != PERR_OK)
		goto done;
	f->id = sqlite3_column_int64(s, 0);
	if ((b = sqlite3_column_blob(s, 1)) == NULL ||
	    sqlite3_column_bytes(s, 1) != TOKEN_HASH_BYTES) {
		e = PERR_STORE;
		goto done;
	}
	memcpy(f->hash, b, TOKEN_HASH_BYTES);
	f->user_id = sqlite3_column_int64(s, 2);
	f->stage = (enum flowstage)sqlite3_column_int(s, 3);
	f->factors = sqlite3_column_int(s, 4);
	f->app_id = sqlite3_column_int64(s, 5);
	if ((e = store_col_text(s, 6, f->rd, sizeof(f->rd))) != PERR_OK)
		goto done;
	if ((b = sqlite3_column_blob(s, 7)) == NULL ||
	    sqlite3_column_bytes(s, 7) != FLOW_CSRF_BYTES) {
		e = PERR_STORE;
		goto done;
	}
	memcpy(f->csrf, b, FLOW_CSRF_BYTES);
	f->created = sqlite3_column_int64(s, 8);
	f->expires = sqlite3_column_int64(s, 9);
	if (f->stage < STAGE_PASSWORD || f->stage > STAGE_DONE)
		e = PERR_STORE;
done:
	store_stmt_done(st, s);
	if (e != PERR_OK)
		memset(f, 0, sizeof(*f));
	return e;
}

enum perr
store_flow_advance(struct store *st, const struct loginflow *f,
    enum flowstage from)
{
	sqlite3_stmt	*s = NULL;
	enum perr	 e;

	if ((e = store_sp_begin(st)) != PERR_OK)
		return e;
	if ((e = store_stmt(st, sql_flow_advance, &s)) != PERR_OK ||
	    (e = store_bind_text(s, 6, f->rd, STORE_FIELD_MAX(f->rd)))
	    != PERR_OK)
		goto done;
	sqlite3_bind_int64(s, 1, f->id);
	sqlite3_bind_int64(s, 2, f->user_id);
	sqlite3_bind_int(s, 3, (int)f->stage);
	sqlite3_bind_int(s, 4, f->factors);
	sqlite3_bind_int64(s, 5, f->app_id);
	sqlite3_bind_int(s, 7, (int)from);
	if ((e = store_step_done(st, s, PERR_NOTFOUND, "flow advance"))
	    == PERR_OK && sqlite3_changes(st->db) != 1)
		e = PERR_NOTFOUND;
done:
	store_stmt_done(st, s);
	return store_sp_end(st, e);
}

enum perr
store_flow_del(struct store *st, int64_t id)
{
	return store_change_ids(st, sql_flow_del, id, 0, STORE_NEED,
	    PERR_STORE, NULL, "flow del");
}
