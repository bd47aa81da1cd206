/* postern: the store's runtime state: sessions, consents, bans, events. */
/*
 * What the programs write while they run rather than what an
 * administrator configures: sessions (found by the SHA-256 of their
 * token, never by a pattern), consents, login failures and bans, audit
 * events, and the purge of whatever has expired.  Nothing here changes
 * the configuration generation, so a login or a touch never makes
 * authz-fcgi reload its view of the configuration.
 */
#include "config.h"

#include <string.h>

#include <sqlite3.h>

#include "log.h"
#include "store.h"
#include "store_int.h"

#define BAN_KEY_MAX	(USERNAME_MAX + ADDRESS_MAX)

/* ------------------------------------------------------------- sessions */

#define SESSION_COLS \
	"s.id, s.hash, s.user_id, u.name, s.created, s.expires, s.idle, " \
	"s.seen, s.factors, s.addr, s.agent"
#define SESSION_FROM \
	"sessions s JOIN users u ON u.id = s.user_id"

static const char sql_session_add[] =
    "INSERT INTO sessions (hash, user_id, created, expires, idle, seen, "
    "factors, addr, agent) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
static const char sql_session_find[] =
    "SELECT " SESSION_COLS " FROM " SESSION_FROM " WHERE s.hash = ?1";
static const char sql_session_find_user[] =
    "SELECT " SESSION_COLS ", " USER_COLS " FROM " SESSION_FROM " "
    "WHERE s.hash = ?1";
/*
 * The authorizer's lookup: every column the decision reads comes from the
 * covering index of migration 4, so one B-tree descent answers it.
 */
static const char sql_session_find_brief[] =
    "SELECT id, user_id, expires, idle, seen, factors "
    "FROM sessions INDEXED BY sessions_hot WHERE hash = ?1";
static const char sql_session_get[] =
    "SELECT " SESSION_COLS " FROM " SESSION_FROM " WHERE s.id = ?1";
static const char sql_session_touch[] =
    "UPDATE sessions SET seen = ?2 WHERE id = ?1";
static const char sql_session_del[] =
    "DELETE FROM sessions WHERE id = ?1";
static const char sql_session_del_user[] =
    "DELETE FROM sessions WHERE user_id = ?1";
static const char sql_session_list[] =
    "SELECT " SESSION_COLS " FROM " SESSION_FROM " "
    "WHERE ?1 = 0 OR s.user_id = ?1 ORDER BY s.created, s.id";

static enum perr
session_row(sqlite3_stmt *s, struct session *se)
{
	const void	*h;
	enum perr	 e;

	memset(se, 0, sizeof(*se));
	se->id = sqlite3_column_int64(s, 0);
	h = sqlite3_column_blob(s, 1);
	if (h == NULL || sqlite3_column_bytes(s, 1) != TOKEN_HASH_BYTES) {
		log_err("store: session %lld: bad token hash",
		    (long long)se->id);
		return PERR_STORE;
	}
	memcpy(se->hash, h, TOKEN_HASH_BYTES);
	se->user_id = sqlite3_column_int64(s, 2);
	se->created = sqlite3_column_int64(s, 4);
	se->expires = sqlite3_column_int64(s, 5);
	se->idle = sqlite3_column_int64(s, 6);
	se->seen = sqlite3_column_int64(s, 7);
	se->factors = sqlite3_column_int(s, 8);
	if ((e = store_col_text(s, 3, se->user, sizeof(se->user))) != PERR_OK ||
	    (e = store_col_text(s, 9, se->addr, sizeof(se->addr))) != PERR_OK ||
	    (e = store_col_text(s, 10, se->agent, sizeof(se->agent))) != PERR_OK)
		return e;
	return PERR_OK;
}

enum perr
store_session_add(struct store *st, struct session *se)
{
	sqlite3_stmt	*s = NULL;
	int64_t		 id = 0;
	enum perr	 e;

	if (se->idle < 0)
		return PERR_INVAL;
	if ((e = store_sp_begin(st)) != PERR_OK)
		return e;
	if ((e = store_stmt(st, sql_session_add, &s)) != PERR_OK ||
	    (e = store_bind_text(s, 8, se->addr,
	    STORE_FIELD_MAX(se->addr))) != PERR_OK ||
	    (e = store_bind_text(s, 9, se->agent,
	    STORE_FIELD_MAX(se->agent))) != PERR_OK)
		goto done;
	sqlite3_bind_blob(s, 1, se->hash, TOKEN_HASH_BYTES, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, se->user_id);
	sqlite3_bind_int64(s, 3, se->created);
	sqlite3_bind_int64(s, 4, se->expires);
	sqlite3_bind_int64(s, 5, se->idle);
	sqlite3_bind_int64(s, 6, se->seen);
	sqlite3_bind_int(s, 7, se->factors);
	if ((e = store_step_done(st, s, PERR_NOTFOUND,
	    "session add")) != PERR_OK)
		goto done;
	id = sqlite3_last_insert_rowid(st->db);
done:
	store_stmt_done(st, s);
	if ((e = store_sp_end(st, e)) == PERR_OK)
		se->id = id;
	return e;
}

enum perr
store_session_find(struct store *st, const uint8_t hash[TOKEN_HASH_BYTES],
    struct session *se)
{
	sqlite3_stmt	*s = NULL;
	enum perr	 e;

	memset(se, 0, sizeof(*se));
	if ((e = store_stmt(st, sql_session_find, &s)) != PERR_OK)
		return e;
	sqlite3_bind_blob(s, 1, hash, TOKEN_HASH_BYTES, SQLITE_STATIC);
	if ((e = store_step_row(st, s, "session find")) == PERR_OK)
		e = session_row(s, se);
	store_stmt_done(st, s);
	if (e != PERR_OK)
		memset(se, 0, sizeof(*se));
	return e;
}

enum perr
store_session_find_brief(struct store *st,
    const uint8_t hash[TOKEN_HASH_BYTES], struct session *se)
{
	sqlite3_stmt	*s = NULL;
	enum perr	 e;

	memset(se, 0, sizeof(*se));
	if ((e = store_stmt(st, sql_session_find_brief, &s)) != PERR_OK)
		return e;
	sqlite3_bind_blob(s, 1, hash, TOKEN_HASH_BYTES, SQLITE_STATIC);
	if ((e = store_step_row(st, s, "session find")) == PERR_OK) {
		se->id = sqlite3_column_int64(s, 0);
		memcpy(se->hash, hash, TOKEN_HASH_BYTES);
		se->user_id = sqlite3_column_int64(s, 1);
		se->expires = sqlite3_column_int64(s, 2);
		se->idle = sqlite3_column_int64(s, 3);
		se->seen = sqlite3_column_int64(s, 4);
		se->factors = (int)sqlite3_column_int64(s, 5);
	}
	store_stmt_done(st, s);
	if (e != PERR_OK)
		memset(se, 0, sizeof(*se));
	return e;
}

enum perr
store_session_find_user(struct store *st, const uint8_t hash[TOKEN_HASH_BYTES],
    struct session *se, struct user *u)
{
	sqlite3_stmt	*s = NULL;
	enum perr	 e;

	memset(se, 0, sizeof(*se));
	memset(u, 0, sizeof(*u));
	if ((e = store_stmt(st, sql_session_find_user, &s)) != PERR_OK)
		return e;
	sqlite3_bind_blob(s, 1, hash, TOKEN_HASH_BYTES, SQLITE_STATIC);
	if ((e = store_step_row(st, s, "session find")) == PERR_OK &&
	    (e = session_row(s, se)) == PERR_OK)
		e = store_user_row(s, 11, u);
	store_stmt_done(st, s);
	if (e != PERR_OK) {
		memset(se, 0, sizeof(*se));
		memset(u, 0, sizeof(*u));
	}
	return e;
}

enum perr
store_session_get(struct store *st, int64_t id, struct session *se)
{
	sqlite3_stmt	*s = NULL;
	enum perr	 e;

	memset(se, 0, sizeof(*se));
	if ((e = store_stmt(st, sql_session_get, &s)) != PERR_OK)
		return e;
	sqlite3_bind_int64(s, 1, id);
	if ((e = store_step_row(st, s, "session get")) == PERR_OK)
		e = session_row(s, se);
	store_stmt_done(st, s);
	if (e != PERR_OK)
		memset(se, 0, sizeof(*se));
	return e;
}

enum perr
store_session_touch(struct store *st, int64_t id, int64_t now)
{
	return store_change_ids(st, sql_session_touch, id, now, STORE_NEED,
	    PERR_STORE, NULL, "session touch");
}

enum perr
store_session_del(struct store *st, int64_t id)
{
	return store_change_ids(st, sql_session_del, id, 0, STORE_NEED,
	    PERR_STORE, NULL, "session del");
}

enum perr
store_session_del_user(struct store *st, int64_t user, int64_t *n)
{
	return store_change_ids(st, sql_session_del_user, user, 0, 0,
	    PERR_STORE, n, "session del");
}

enum perr
store_session_list(struct store *st, int64_t user, store_session_cb cb,
    void *arg)
{
	sqlite3_stmt	*s = NULL;
	struct session	 se;
	enum perr	 e;
	int		 rc;

	if ((e = store_stmt(st, sql_session_list, &s)) != PERR_OK)
		return e;
	sqlite3_bind_int64(s, 1, user);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if ((e = session_row(s, &se)) != PERR_OK)
			break;
		if (cb(&se, arg) != 0)
			break;
	}
	if (e == PERR_OK && rc != SQLITE_ROW && rc != SQLITE_DONE)
		e = store_err(st, rc, PERR_STORE, "session list");
	store_stmt_done(st, s);
	return e;
}

/* ------------------------------------------------------------- consents */

#define CONSENT_COLS \
	"c.user_id, u.name, c.app_id, a.slug, c.given, c.expires"
#define CONSENT_FROM \
	"consents c JOIN users u ON u.id = c.user_id " \
	"JOIN applications a ON a.id = c.app_id"

static const char sql_consent_put[] =
    "INSERT INTO consents (user_id, app_id, given, expires) "
    "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (user_id, app_id) "
    "DO UPDATE SET given = excluded.given, expires = excluded.expires";
static const char sql_consent_get[] =
    "SELECT " CONSENT_COLS " FROM " CONSENT_FROM " "
    "WHERE c.user_id = ?1 AND c.app_id = ?2";
static const char sql_consent_del[] =
    "DELETE FROM consents WHERE user_id = ?1 AND app_id = ?2";
static const char sql_consent_del_all[] =
    "DELETE FROM consents WHERE user_id = ?1";
static const char sql_consent_list[] =
    "SELECT " CONSENT_COLS " FROM " CONSENT_FROM " "
    "WHERE ?1 = 0 OR c.user_id = ?1 ORDER BY u.name, a.slug";

static enum perr
consent_row(sqlite3_stmt *s, struct consent *c)
{
	enum perr	 e;

	memset(c, 0, sizeof(*c));
	c->user_id = sqlite3_column_int64(s, 0);
	c->app_id = sqlite3_column_int64(s, 2);
	c->given = sqlite3_column_int64(s, 4);
	c->expires = sqlite3_column_int64(s, 5);
	if ((e = store_col_text(s, 1, c->user, sizeof(c->user))) != PERR_OK ||
	    (e = store_col_text(s, 3, c->app, sizeof(c->app))) != PERR_OK)
		return e;
	return PERR_OK;
}

enum perr
store_consent_put(struct store *st, const struct consent *c)
{
	sqlite3_stmt	*s = NULL;
	enum perr	 e;

	if (c->expires < 0)
		return PERR_INVAL;
	if ((e = store_sp_begin(st)) != PERR_OK)
		return e;
	if ((e = store_stmt(st, sql_consent_put, &s)) != PERR_OK)
		goto done;
	sqlite3_bind_int64(s, 1, c->user_id);
	sqlite3_bind_int64(s, 2, c->app_id);
	sqlite3_bind_int64(s, 3, c->given);
	sqlite3_bind_int64(s, 4, c->expires);
	e = store_step_done(st, s, PERR_NOTFOUND, "consent put");
done:
	store_stmt_done(st, s);
	return store_sp_end(st, e);
}

enum perr
store_consent_get(struct store *st, int64_t user, int64_t app,
    struct consent *c)
{
	sqlite3_stmt	*s = NULL;
	enum perr	 e;

	memset(c, 0, sizeof(*c));
	if ((e = store_stmt(st, sql_consent_get, &s)) != PERR_OK)
		return e;
	sqlite3_bind_int64(s, 1, user);
	sqlite3_bind_int64(s, 2, app);
	if ((e = store_step_row(st, s, "consent get")) == PERR_OK)
		e = consent_row(s, c);
	store_stmt_done(st, s);
	if (e != PERR_OK)
		memset(c, 0, sizeof(*c));
	return e;
}

enum perr
store_consent_del(struct store *st, int64_t user, int64_t app, int64_t *n)
{
	/* One consent: PERR_NOTFOUND when there was none, as for sessions. */
	if (app != 0)
		return store_change_ids(st, sql_consent_del, user, app,
		    STORE_NEED, PERR_STORE, n, "consent del");
	return store_change_ids(st, sql_consent_del_all, user, 0, 0,
	    PERR_STORE, n, "consent del");
}

enum perr
store_consent_list(struct store *st, int64_t user, store_consent_cb cb,
    void *arg)
{
	sqlite3_stmt	*s = NULL;
	struct consent	 c;
	enum perr	 e;
	int		 rc;

	if ((e = store_stmt(st, sql_consent_list, &s)) != PERR_OK)
		return e;
	sqlite3_bind_int64(s, 1, user);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if ((e = consent_row(s, &c)) != PERR_OK)
			break;
		if (cb(&c, arg) != 0)
			break;
	}
	if (e == PERR_OK && rc != SQLITE_ROW && rc != SQLITE_DONE)
		e = store_err(st, rc, PERR_STORE, "consent list");
	store_stmt_done(st, s);
	return e;
}

/* ---------------------------------------------------- failures and bans */

static const char sql_failure_add[] =
    "INSERT INTO failures (kind, key, at) VALUES (?1, ?2, ?3)";
static const char sql_failure_count[] =
    "SELECT count(*) FROM failures WHERE kind = ?1 AND key = ?2 "
    "AND at >= ?3";
static const char sql_failure_clear[] =
    "DELETE FROM failures WHERE kind = ?1 AND key = ?2";
static const char sql_ban_put[] =
    "INSERT INTO bans (kind, key, until, level) VALUES (?1, ?2, ?3, ?4) "
    "ON CONFLICT (kind, key) DO UPDATE SET until = excluded.until, "
    "level = excluded.level";
static const char sql_ban_get[] =
    "SELECT kind, key, until, level FROM bans WHERE kind = ?1 AND key = ?2";
static const char sql_ban_del[] =
    "DELETE FROM bans WHERE kind = ?1 AND key = ?2";
static const char sql_ban_list[] =
    "SELECT kind, key, until, level FROM bans WHERE until > ?1 "
    "ORDER BY until, kind, key";

/* Bind ?1 = kind, ?2 = key, both checked. */
static enum perr
bind_kind_key(sqlite3_stmt *s, enum bankind kind, const char *key)
{
	if (kind != BAN_USER && kind != BAN_ADDR)
		return PERR_INVAL;
	sqlite3_bind_int(s, 1, (int)kind);
	return store_bind_name(s, 2, key, BAN_KEY_MAX);
}

/* Run sql (?1 kind, ?2 key, optional ?3 num) that changes rows. */
static enum perr
kind_key_change(struct store *st, const char *sql, enum bankind kind,
    const char *key, int64_t num, int need, const char *what)
{
	sqlite3_stmt	*s = NULL;
	enum perr	 e;

	if ((e = store_sp_begin(st)) != PERR_OK)
		return e;
	if ((e = store_stmt(st, sql, &s)) != PERR_OK ||
	    (e = bind_kind_key(s, kind, key)) != PERR_OK)
		goto done;
	if (sqlite3_bind_parameter_count(s) >= 3)
		sqlite3_bind_int64(s, 3, num);
	if ((e = store_step_done(st, s, PERR_STORE, what)) == PERR_OK &&
	    need && sqlite3_changes(st->db) == 0)
		e = PERR_NOTFOUND;
done:
	store_stmt_done(st, s);
	return store_sp_end(st, e);
}

enum perr
store_failure_add(struct store *st, enum bankind kind, const char *key,
    int64_t now)
{
	return kind_key_change(st, sql_failure_add, kind, key, now, 0,
	    "failure add");
}

enum perr
store_failure_count(struct store *st, enum bankind kind, const char *key,
    int64_t since, int64_t *n)
{
	sqlite3_stmt	*s = NULL;
	enum perr	 e;

	*n = 0;
	if ((e = store_stmt(st, sql_failure_count, &s)) != PERR_OK)
		return e;
	if ((e = bind_kind_key(s, kind, key)) == PERR_OK) {
		sqlite3_bind_int64(s, 3, since);
		if ((e = store_step_row(st, s, "failure count")) == PERR_OK)
			*n = sqlite3_column_int64(s, 0);
	}
	store_stmt_done(st, s);
	return e;
}

enum perr
store_failure_clear(struct store *st, enum bankind kind, const char *key)
{
	return kind_key_change(st, sql_failure_clear, kind, key, 0, 0,
	    "failure clear");
}

enum perr
store_ban_put(struct store *st, const struct ban *b)
{
	sqlite3_stmt	*s = NULL;
	enum perr	 e;

	if (b->level < 0)
		return PERR_INVAL;
	if ((e = store_sp_begin(st)) != PERR_OK)
		return e;
	if ((e = store_stmt(st, sql_ban_put, &s)) != PERR_OK ||
	    (e = bind_kind_key(s, b->kind, b->key)) != PERR_OK)
		goto done;
	sqlite3_bind_int64(s, 3, b->until);
	sqlite3_bind_int(s, 4, b->level);
	e = store_step_done(st, s, PERR_STORE, "ban put");
done:
	store_stmt_done(st, s);
	return store_sp_end(st, e);
}

static enum perr
ban_row(sqlite3_stmt *s, struct ban *b)
{
	memset(b, 0, sizeof(*b));
	b->kind = sqlite3_column_int(s, 0) == BAN_ADDR ? BAN_ADDR : BAN_USER;
	b->until = sqlite3_column_int64(s, 2);
	b->level = sqlite3_column_int(s, 3);
	return store_col_text(s, 1, b->key, sizeof(b->key));
}

enum perr
store_ban_get(struct store *st, enum bankind kind, const char *key,
    struct ban *b)
{
	sqlite3_stmt	*s = NULL;
	enum perr	 e;

	memset(b, 0, sizeof(*b));
	if ((e = store_stmt(st, sql_ban_get, &s)) != PERR_OK)
		return e;
	if ((e = bind_kind_key(s, kind, key)) == PERR_OK &&
	    (e = store_step_row(st, s, "ban get")) == PERR_OK)
		e = ban_row(s, b);
	store_stmt_done(st, s);
	if (e != PERR_OK)
		memset(b, 0, sizeof(*b));
	return e;
}

enum perr
store_ban_lift(struct store *st, enum bankind kind, const char *key)
{
	enum perr	 e;

	if ((e = store_sp_begin(st)) != PERR_OK)
		return e;
	if ((e = kind_key_change(st, sql_ban_del, kind, key, 0, 1,
	    "ban lift")) == PERR_OK)
		e = kind_key_change(st, sql_failure_clear, kind, key, 0, 0,
		    "ban lift");
	return store_sp_end(st, e);
}

enum perr
store_ban_list(struct store *st, int64_t now, store_ban_cb cb, void *arg)
{
	sqlite3_stmt	*s = NULL;
	struct ban	 b;
	enum perr	 e;
	int		 rc;

	if ((e = store_stmt(st, sql_ban_list, &s)) != PERR_OK)
		return e;
	sqlite3_bind_int64(s, 1, now);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if ((e = ban_row(s, &b)) != PERR_OK)
			break;
		if (cb(&b, arg) != 0)
			break;
	}
	if (e == PERR_OK && rc != SQLITE_ROW && rc != SQLITE_DONE)
		e = store_err(st, rc, PERR_STORE, "ban list");
	store_stmt_done(st, s);
	return e;
}

/* --------------------------------------------------------------- events */

#define EVENT_COLS	"id, at, kind, actor, subject, detail"

static const char sql_event_add[] =
    "INSERT INTO events (at, kind, actor, subject, detail) "
    "VALUES (?1, ?2, ?3, ?4, ?5)";
static const char sql_event_list[] =
    "SELECT " EVENT_COLS " FROM events WHERE at >= ?1 ORDER BY at, id";
static const char sql_event_list_subject[] =
    "SELECT " EVENT_COLS " FROM events WHERE subject = ?2 AND at >= ?1 "
    "ORDER BY at, id";

enum perr
store_event_add(struct store *st, const struct event *ev)
{
	sqlite3_stmt	*s = NULL;
	enum perr	 e;

	if ((e = store_sp_begin(st)) != PERR_OK)
		return e;
	if ((e = store_stmt(st, sql_event_add, &s)) != PERR_OK ||
	    (e = store_bind_name(s, 2, ev->kind,
	    STORE_FIELD_MAX(ev->kind))) != PERR_OK ||
	    (e = store_bind_text(s, 3, ev->actor,
	    STORE_FIELD_MAX(ev->actor))) != PERR_OK ||
	    (e = store_bind_text(s, 4, ev->subject,
	    STORE_FIELD_MAX(ev->subject))) != PERR_OK ||
	    (e = store_bind_text(s, 5, ev->detail,
	    STORE_FIELD_MAX(ev->detail))) != PERR_OK)
		goto done;
	sqlite3_bind_int64(s, 1, ev->at);
	e = store_step_done(st, s, PERR_STORE, "event add");
done:
	store_stmt_done(st, s);
	return store_sp_end(st, e);
}

static enum perr
event_row(sqlite3_stmt *s, struct event *ev)
{
	enum perr	 e;

	memset(ev, 0, sizeof(*ev));
	ev->id = sqlite3_column_int64(s, 0);
	ev->at = sqlite3_column_int64(s, 1);
	if ((e = store_col_text(s, 2, ev->kind, sizeof(ev->kind))) != PERR_OK ||
	    (e = store_col_text(s, 3, ev->actor,
	    sizeof(ev->actor))) != PERR_OK ||
	    (e = store_col_text(s, 4, ev->subject,
	    sizeof(ev->subject))) != PERR_OK ||
	    (e = store_col_text(s, 5, ev->detail,
	    sizeof(ev->detail))) != PERR_OK)
		return e;
	return PERR_OK;
}

enum perr
store_event_list(struct store *st, int64_t since, const char *subject,
    store_event_cb cb, void *arg)
{
	sqlite3_stmt	*s = NULL;
	struct event	 ev;
	enum perr	 e;
	int		 rc;

	if ((e = store_stmt(st, subject != NULL ? sql_event_list_subject :
	    sql_event_list, &s)) != PERR_OK)
		return e;
	sqlite3_bind_int64(s, 1, since);
	if (subject != NULL && (e = store_bind_text(s, 2, subject,
	    STORE_FIELD_MAX(ev.subject))) != PERR_OK)
		goto done;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if ((e = event_row(s, &ev)) != PERR_OK)
			break;
		if (cb(&ev, arg) != 0)
			break;
	}
	if (e == PERR_OK && rc != SQLITE_ROW && rc != SQLITE_DONE)
		e = store_err(st, rc, PERR_STORE, "event list");
done:
	store_stmt_done(st, s);
	return e;
}

/* ---------------------------------------------------------------- purge */

static const char sql_purge_sessions[] =
    "DELETE FROM sessions WHERE expires <= ?1 "
    "OR (idle > 0 AND seen + idle <= ?1)";
static const char sql_purge_consents[] =
    "DELETE FROM consents WHERE expires != 0 AND expires <= ?1";
static const char sql_purge_flows[] =
    "DELETE FROM flows WHERE expires <= ?1";
static const char sql_purge_failures[] =
    "DELETE FROM failures WHERE at < ?1";
static const char sql_purge_bans[] =
    "DELETE FROM bans WHERE until <= ?1";

enum perr
store_purge(struct store *st, int64_t now, int64_t failure_before,
    struct purge_counts *pc)
{
	struct purge_counts	 c;
	enum perr		 e;

	memset(&c, 0, sizeof(c));
	if (pc != NULL)
		memset(pc, 0, sizeof(*pc));
	if ((e = store_sp_begin(st)) != PERR_OK)
		return e;
	if ((e = store_change_ids(st, sql_purge_sessions, now, 0, 0,
	    PERR_STORE, &c.sessions, "purge sessions")) == PERR_OK &&
	    (e = store_change_ids(st, sql_purge_consents, now, 0, 0,
	    PERR_STORE, &c.consents, "purge consents")) == PERR_OK &&
	    (e = store_change_ids(st, sql_purge_flows, now, 0, 0,
	    PERR_STORE, &c.flows, "purge flows")) == PERR_OK &&
	    (e = store_change_ids(st, sql_purge_failures, failure_before, 0, 0,
	    PERR_STORE, &c.failures, "purge failures")) == PERR_OK)
		e = store_change_ids(st, sql_purge_bans, now - STORE_BAN_MEMORY,
		    0, 0, PERR_STORE, &c.bans, "purge bans");
	if ((e = store_sp_end(st, e)) == PERR_OK && pc != NULL)
		*pc = c;
	return e;
}

/* ----------------------------------------------- TOTP and recovery codes */

static const char sql_totp_put[] =
    "INSERT INTO totp (user_id, secret, last_step, created) "
    "VALUES (?1, ?2, -1, ?3) ON CONFLICT (user_id) DO UPDATE SET "
    "secret = excluded.secret, last_step = -1, created = excluded.created";
static const char sql_totp_get[] =
    "SELECT secret, last_step FROM totp WHERE user_id = ?1";
static const char sql_totp_del[] =
    "DELETE FROM totp WHERE user_id = ?1";
/* Only a later step moves it: the replay check and the write are one. */
static const char sql_totp_use[] =
    "UPDATE totp SET last_step = ?2 WHERE user_id = ?1 AND last_step < ?2";
static const char sql_recovery_clear[] =
    "DELETE FROM recovery_codes WHERE user_id = ?1";
static const char sql_recovery_add[] =
    "INSERT INTO recovery_codes (user_id, hash, used) VALUES (?1, ?2, 0)";
static const char sql_recovery_use[] =
    "UPDATE recovery_codes SET used = 1 "
    "WHERE user_id = ?1 AND hash = ?2 AND used = 0";
static const char sql_recovery_count[] =
    "SELECT count(*) FROM recovery_codes WHERE user_id = ?1 AND used = 0";

enum perr
store_totp_put(struct store *st, int64_t user, const uint8_t *sealed,
    size_t len, int64_t now, int64_t *ended)
{
	sqlite3_stmt	*s = NULL;
	enum perr	 e;

	if (ended != NULL)
		*ended = 0;
	if (len == 0)
		return PERR_INVAL;
	if (len > STORE_TOTP_SEALED_MAX)
		return PERR_TOOLONG;
	if ((e = store_sp_begin(st)) != PERR_OK)
		return e;
	if ((e = store_stmt(st, sql_totp_put, &s)) != PERR_OK)
		goto done;
	sqlite3_bind_int64(s, 1, user);
	sqlite3_bind_blob(s, 2, sealed, (int)len, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, now);
	e = store_step_done(st, s, PERR_NOTFOUND, "totp put");
done:
	store_stmt_done(st, s);
	/* A new second factor ends every session (DESIGN: Concepts). */
	if (e == PERR_OK)
		e = store_session_del_user(st, user, ended);
	if ((e = store_sp_end(st, e)) != PERR_OK && ended != NULL)
		*ended = 0;
	return e;
}

enum perr
store_totp_get(struct store *st, int64_t user, uint8_t *buf, size_t bufsz,
    size_t *len, int64_t *last_step)
{
	sqlite3_stmt	*s = NULL;
	const void	*b;
	size_t		 n;
	enum perr	 e;

	*len = 0;
	*last_step = -1;
	if ((e = store_stmt(st, sql_totp_get, &s)) != PERR_OK)
		return e;
	sqlite3_bind_int64(s, 1, user);
	if ((e = store_step_row(st, s, "totp get")) != PERR_OK)
		goto done;
	b = sqlite3_column_blob(s, 0);
	n = (size_t)sqlite3_column_bytes(s, 0);
	if (b == NULL || n == 0 || n > bufsz) {
		log_err("store: totp of user %lld: bad sealed secret",
		    (long long)user);
		e = PERR_STORE;
		goto done;
	}
	memcpy(buf, b, n);
	*len = n;
	*last_step = sqlite3_column_int64(s, 1);
done:
	store_stmt_done(st, s);
	if (e != PERR_OK && bufsz > 0)
		memset(buf, 0, bufsz);	/* ciphertext: no secret to wipe */
	return e;
}

enum perr
store_totp_del(struct store *st, int64_t user, int64_t *ended)
{
	enum perr	 e;

	if (ended != NULL)
		*ended = 0;
	if ((e = store_sp_begin(st)) != PERR_OK)
		return e;
	if ((e = store_change_ids(st, sql_totp_del, user, 0, STORE_NEED,
	    PERR_STORE, NULL, "totp del")) == PERR_OK)
		e = store_session_del_user(st, user, ended);
	if ((e = store_sp_end(st, e)) != PERR_OK && ended != NULL)
		*ended = 0;
	return e;
}

enum perr
store_totp_use(struct store *st, int64_t user, int64_t step)
{
	enum perr	 e;

	e = store_change_ids(st, sql_totp_use, user, step, STORE_NEED,
	    PERR_STORE, NULL, "totp use");
	return e == PERR_NOTFOUND ? PERR_DENIED : e;
}

enum perr
store_recovery_replace(struct store *st, int64_t user,
    const uint8_t (*hashes)[32], size_t n)
{
	sqlite3_stmt	*s = NULL;
	size_t		 i;
	enum perr	 e;

	if (n > 0 && hashes == NULL)
		return PERR_INVAL;
	if ((e = store_sp_begin(st)) != PERR_OK)
		return e;
	if ((e = store_change_ids(st, sql_recovery_clear, user, 0, 0,
	    PERR_STORE, NULL, "recovery replace")) != PERR_OK)
		goto done;
	for (i = 0; i < n && e == PERR_OK; i++) {
		if ((e = store_stmt(st, sql_recovery_add, &s)) != PERR_OK)
			break;
		sqlite3_bind_int64(s, 1, user);
		sqlite3_bind_blob(s, 2, hashes[i], 32, SQLITE_STATIC);
		e = store_step_done(st, s, PERR_NOTFOUND, "recovery replace");
		store_stmt_done(st, s);
		s = NULL;
	}
done:
	return store_sp_end(st, e);
}

enum perr
store_recovery_use(struct store *st, int64_t user, const uint8_t hash[32])
{
	sqlite3_stmt	*s = NULL;
	enum perr	 e;

	if ((e = store_sp_begin(st)) != PERR_OK)
		return e;
	if ((e = store_stmt(st, sql_recovery_use, &s)) != PERR_OK)
		goto done;
	sqlite3_bind_int64(s, 1, user);
	sqlite3_bind_blob(s, 2, hash, 32, SQLITE_STATIC);
	if ((e = store_step_done(st, s, PERR_STORE, "recovery use")) ==
	    PERR_OK && sqlite3_changes(st->db) == 0)
		e = PERR_DENIED;
done:
	store_stmt_done(st, s);
	return store_sp_end(st, e);
}

enum perr
store_recovery_count(struct store *st, int64_t user, int64_t *unused)
{
	sqlite3_stmt	*s = NULL;
	enum perr	 e;

	*unused = 0;
	if ((e = store_stmt(st, sql_recovery_count, &s)) != PERR_OK)
		return e;
	sqlite3_bind_int64(s, 1, user);
	if ((e = store_step_row(st, s, "recovery count")) == PERR_OK)
		*unused = sqlite3_column_int64(s, 0);
	store_stmt_done(st, s);
	return e;
}
