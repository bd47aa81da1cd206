/* postern: the store's users, groups and memberships. */
/*
 * Rows of the users, groups and memberships tables, read into and written
 * from struct user and struct group.  A user's TOTP flag is read from the
 * totp table; deleting a user or a group takes its dependent rows with it
 * through the schema's ON DELETE CASCADE, in the same statement.  Every
 * change here bumps the configuration generation.
 */
#include "config.h"

#include <string.h>

#include <sqlite3.h>

#include "store.h"
#include "store_int.h"


static const char sql_user_add[] =
    "INSERT INTO users (name, display, email, hash, active, created, "
    "changed) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
static const char sql_user_get[] =
    "SELECT " USER_COLS " FROM users u WHERE u.name = ?1";
static const char sql_user_get_id[] =
    "SELECT " USER_COLS " FROM users u WHERE u.id = ?1";
static const char sql_user_update[] =
    "UPDATE users SET display = ?2, email = ?3, hash = ?4, active = ?5, "
    "changed = ?6 WHERE id = ?1";
static const char sql_user_del[] =
    "DELETE FROM users WHERE id = ?1";
static const char sql_user_list[] =
    "SELECT " USER_COLS " FROM users u ORDER BY u.name";
static const char sql_group_members[] =
    "SELECT " USER_COLS " FROM memberships m "
    "JOIN users u ON u.id = m.user_id WHERE m.group_id = ?1 "
    "ORDER BY u.name";

#define GROUP_COLS \
	"g.id, g.name, " \
	"(SELECT count(*) FROM memberships c WHERE c.group_id = g.id)"

static const char sql_group_add[] =
    "INSERT INTO groups (name) VALUES (?1)";
static const char sql_group_get[] =
    "SELECT " GROUP_COLS " FROM groups g WHERE g.name = ?1";
static const char sql_group_del[] =
    "DELETE FROM groups WHERE id = ?1";
static const char sql_group_list[] =
    "SELECT " GROUP_COLS " FROM groups g ORDER BY g.name";
/* The hot path: no member count (struct group: filled by list and get). */
static const char sql_user_groups[] =
    "SELECT g.id, g.name, 0 FROM memberships m "
    "JOIN groups g ON g.id = m.group_id WHERE m.user_id = ?1 "
    "ORDER BY g.name";
static const char sql_member_add[] =
    "INSERT INTO memberships (group_id, user_id) VALUES (?1, ?2)";
static const char sql_member_del[] =
    "DELETE FROM memberships WHERE group_id = ?1 AND user_id = ?2";

/* ---------------------------------------------------------------- users */

enum perr
store_user_row(sqlite3_stmt *s, int c, struct user *u)
{
	enum perr	 e;

	memset(u, 0, sizeof(*u));
	u->id = sqlite3_column_int64(s, c);
	if ((e = store_col_text(s, c + 1, u->name, sizeof(u->name))) !=
	    PERR_OK ||
	    (e = store_col_text(s, c + 2, u->display,
	    sizeof(u->display))) != PERR_OK ||
	    (e = store_col_text(s, c + 3, u->email, sizeof(u->email))) !=
	    PERR_OK ||
	    (e = store_col_text(s, c + 4, u->hash, sizeof(u->hash))) != PERR_OK)
		return e;
	u->active = sqlite3_column_int(s, c + 5) != 0;
	u->totp = sqlite3_column_int(s, c + 6) != 0;
	u->created = sqlite3_column_int64(s, c + 7);
	u->changed = sqlite3_column_int64(s, c + 8);
	return PERR_OK;
}

static enum perr
user_row(sqlite3_stmt *s, struct user *u)
{
	return store_user_row(s, 0, u);
}

/* Bind display ?2, email ?3, hash ?4, active ?5 of u. */
static enum perr
user_bind(sqlite3_stmt *s, const struct user *u)
{
	enum perr	 e;

	if (u->active != 0 && u->active != 1)
		return PERR_INVAL;
	if ((e = store_bind_text(s, 2, u->display,
	    STORE_FIELD_MAX(u->display))) != PERR_OK ||
	    (e = store_bind_text(s, 3, u->email,
	    STORE_FIELD_MAX(u->email))) != PERR_OK ||
	    (e = store_bind_text(s, 4, u->hash,
	    STORE_FIELD_MAX(u->hash))) != PERR_OK)
		return e;
	sqlite3_bind_int(s, 5, u->active);
	return PERR_OK;
}

enum perr
store_user_add(struct store *st, struct user *u)
{
	sqlite3_stmt	*s = NULL;
	int64_t		 id = 0;
	enum perr	 e;

	if ((e = store_sp_begin(st)) != PERR_OK)
		return e;
	if ((e = store_stmt(st, sql_user_add, &s)) != PERR_OK ||
	    (e = store_bind_name(s, 1, u->name,
	    STORE_FIELD_MAX(u->name))) != PERR_OK ||
	    (e = user_bind(s, u)) != PERR_OK)
		goto done;
	sqlite3_bind_int64(s, 6, u->created);
	sqlite3_bind_int64(s, 7, u->changed);
	if ((e = store_step_done(st, s, PERR_STORE, "user add")) != PERR_OK)
		goto done;
	id = sqlite3_last_insert_rowid(st->db);
	e = store_gen_bump(st);
done:
	store_stmt_done(st, s);
	if ((e = store_sp_end(st, e)) == PERR_OK)
		u->id = id;
	return e;
}

static enum perr
user_get(struct store *st, const char *sql, const char *name, int64_t id,
    struct user *u)
{
	sqlite3_stmt	*s = NULL;
	enum perr	 e;

	memset(u, 0, sizeof(*u));
	if ((e = store_stmt(st, sql, &s)) != PERR_OK)
		return e;
	if (name != NULL)
		e = store_bind_text(s, 1, name, STORE_FIELD_MAX(u->name));
	else
		sqlite3_bind_int64(s, 1, id);
	if (e == PERR_OK &&
	    (e = store_step_row(st, s, "user get")) == PERR_OK)
		e = user_row(s, u);
	store_stmt_done(st, s);
	if (e != PERR_OK)
		memset(u, 0, sizeof(*u));
	return e;
}

enum perr
store_user_get(struct store *st, const char *name, struct user *u)
{
	if (name == NULL) {
		memset(u, 0, sizeof(*u));
		return PERR_INVAL;
	}
	return user_get(st, sql_user_get, name, 0, u);
}

enum perr
store_user_get_id(struct store *st, int64_t id, struct user *u)
{
	return user_get(st, sql_user_get_id, NULL, id, u);
}

enum perr
store_user_update(struct store *st, const struct user *u)
{
	sqlite3_stmt	*s = NULL;
	enum perr	 e;

	if ((e = store_sp_begin(st)) != PERR_OK)
		return e;
	if ((e = store_stmt(st, sql_user_update, &s)) != PERR_OK ||
	    (e = user_bind(s, u)) != PERR_OK)
		goto done;
	sqlite3_bind_int64(s, 1, u->id);
	sqlite3_bind_int64(s, 6, u->changed);
	if ((e = store_step_done(st, s, PERR_STORE, "user update")) != PERR_OK)
		goto done;
	if (sqlite3_changes(st->db) == 0)
		e = PERR_NOTFOUND;
	else
		e = store_gen_bump(st);
done:
	store_stmt_done(st, s);
	return store_sp_end(st, e);
}

enum perr
store_user_del(struct store *st, int64_t id)
{
	/* Memberships, bindings, sessions, consents, flows, TOTP and
	 * recovery codes go by ON DELETE CASCADE in this one statement. */
	return store_change_ids(st, sql_user_del, id, 0,
	    STORE_GEN | STORE_NEED, PERR_STORE, NULL, "user del");
}

static enum perr
user_walk(struct store *st, const char *sql, int64_t id, store_user_cb cb,
    void *arg)
{
	sqlite3_stmt	*s = NULL;
	struct user	 u;
	enum perr	 e;
	int		 rc;

	if ((e = store_stmt(st, sql, &s)) != PERR_OK)
		return e;
	if (sqlite3_bind_parameter_count(s) >= 1)
		sqlite3_bind_int64(s, 1, id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if ((e = user_row(s, &u)) != PERR_OK)
			break;
		if (cb(&u, arg) != 0)
			break;
	}
	if (e == PERR_OK && rc != SQLITE_ROW && rc != SQLITE_DONE)
		e = store_err(st, rc, PERR_STORE, "user list");
	store_stmt_done(st, s);
	return e;
}

enum perr
store_user_list(struct store *st, store_user_cb cb, void *arg)
{
	return user_walk(st, sql_user_list, 0, cb, arg);
}

enum perr
store_group_members(struct store *st, int64_t group, store_user_cb cb,
    void *arg)
{
	return user_walk(st, sql_group_members, group, cb, arg);
}

/* --------------------------------------------------------------- groups */

static enum perr
group_row(sqlite3_stmt *s, struct group *g)
{
	memset(g, 0, sizeof(*g));
	g->id = sqlite3_column_int64(s, 0);
	g->members = sqlite3_column_int64(s, 2);
	return store_col_text(s, 1, g->name, sizeof(g->name));
}

enum perr
store_group_add(struct store *st, struct group *g)
{
	sqlite3_stmt	*s = NULL;
	int64_t		 id = 0;
	enum perr	 e;

	if ((e = store_sp_begin(st)) != PERR_OK)
		return e;
	if ((e = store_stmt(st, sql_group_add, &s)) != PERR_OK ||
	    (e = store_bind_name(s, 1, g->name,
	    STORE_FIELD_MAX(g->name))) != PERR_OK ||
	    (e = store_step_done(st, s, PERR_STORE, "group add")) != PERR_OK)
		goto done;
	id = sqlite3_last_insert_rowid(st->db);
	e = store_gen_bump(st);
done:
	store_stmt_done(st, s);
	if ((e = store_sp_end(st, e)) == PERR_OK) {
		g->id = id;
		g->members = 0;
	}
	return e;
}

enum perr
store_group_get(struct store *st, const char *name, struct group *g)
{
	sqlite3_stmt	*s = NULL;
	enum perr	 e;

	memset(g, 0, sizeof(*g));
	if (name == NULL)
		return PERR_INVAL;
	if ((e = store_stmt(st, sql_group_get, &s)) != PERR_OK)
		return e;
	if ((e = store_bind_text(s, 1, name,
	    STORE_FIELD_MAX(g->name))) == PERR_OK &&
	    (e = store_step_row(st, s, "group get")) == PERR_OK)
		e = group_row(s, g);
	store_stmt_done(st, s);
	if (e != PERR_OK)
		memset(g, 0, sizeof(*g));
	return e;
}

enum perr
store_group_del(struct store *st, int64_t id)
{
	/* Memberships and bindings go by ON DELETE CASCADE. */
	return store_change_ids(st, sql_group_del, id, 0,
	    STORE_GEN | STORE_NEED, PERR_STORE, NULL, "group del");
}

static enum perr
group_walk(struct store *st, const char *sql, int64_t id, store_group_cb cb,
    void *arg)
{
	sqlite3_stmt	*s = NULL;
	struct group	 g;
	enum perr	 e;
	int		 rc;

	if ((e = store_stmt(st, sql, &s)) != PERR_OK)
		return e;
	if (sqlite3_bind_parameter_count(s) >= 1)
		sqlite3_bind_int64(s, 1, id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if ((e = group_row(s, &g)) != PERR_OK)
			break;
		if (cb(&g, arg) != 0)
			break;
	}
	if (e == PERR_OK && rc != SQLITE_ROW && rc != SQLITE_DONE)
		e = store_err(st, rc, PERR_STORE, "group list");
	store_stmt_done(st, s);
	return e;
}

enum perr
store_group_list(struct store *st, store_group_cb cb, void *arg)
{
	return group_walk(st, sql_group_list, 0, cb, arg);
}

enum perr
store_user_groups(struct store *st, int64_t user, store_group_cb cb,
    void *arg)
{
	return group_walk(st, sql_user_groups, user, cb, arg);
}

enum perr
store_member_add(struct store *st, int64_t group, int64_t user)
{
	return store_change_ids(st, sql_member_add, group, user, STORE_GEN,
	    PERR_NOTFOUND, NULL, "member add");
}

enum perr
store_member_del(struct store *st, int64_t group, int64_t user)
{
	return store_change_ids(st, sql_member_del, group, user,
	    STORE_GEN | STORE_NEED, PERR_STORE, NULL, "member del");
}
