/* postern: the store's providers, applications, outposts, bindings, settings. */
/*
 * The rest of the configuration: providers with their ordered
 * unauthenticated-path regexes, applications, outposts and which
 * applications they serve, bindings, and the settings rows.  Every change
 * here bumps the configuration generation in the same transaction.
 * Dependent rows go by the schema's ON DELETE CASCADE, except that a
 * provider still used by an application is refused (ON DELETE RESTRICT,
 * reported as PERR_INUSE).
 */
#include "config.h"

#include <string.h>

#include <sqlite3.h>

#include "log.h"
#include "store.h"
#include "store_int.h"

/* ------------------------------------------------------------ providers */

#define PROVIDER_COLS \
	"p.id, p.name, p.external, p.internal, p.flow, p.consent, " \
	"p.consent_secs, p.mode, " \
	"(SELECT count(*) FROM applications c WHERE c.provider_id = p.id)"

/* Add and update share their parameters: ?1 is the id (update only). */
static const char sql_provider_add[] =
    "INSERT INTO providers (name, external, internal, flow, consent, "
    "consent_secs, mode) VALUES (?2, ?3, ?4, ?5, ?6, ?7, ?8)";
static const char sql_provider_update[] =
    "UPDATE providers SET name = ?2, external = ?3, internal = ?4, "
    "flow = ?5, consent = ?6, consent_secs = ?7, mode = ?8 WHERE id = ?1";
static const char sql_provider_get[] =
    "SELECT " PROVIDER_COLS " FROM providers p WHERE p.name = ?1";
static const char sql_provider_get_id[] =
    "SELECT " PROVIDER_COLS " FROM providers p WHERE p.id = ?1";
static const char sql_provider_del[] =
    "DELETE FROM providers WHERE id = ?1";
static const char sql_provider_used[] =
    "SELECT count(*) FROM applications WHERE provider_id = ?1";
static const char sql_provider_list[] =
    "SELECT " PROVIDER_COLS " FROM providers p ORDER BY p.name";
static const char sql_skip_clear[] =
    "DELETE FROM skip_paths WHERE provider_id = ?1";
static const char sql_skip_add[] =
    "INSERT INTO skip_paths (provider_id, position, regex) "
    "VALUES (?1, ?2, ?3)";
static const char sql_skip_list[] =
    "SELECT regex FROM skip_paths WHERE provider_id = ?1 ORDER BY position";

static enum perr
provider_row(sqlite3_stmt *s, struct provider *p)
{
	enum perr	 e;

	memset(p, 0, sizeof(*p));
	p->id = sqlite3_column_int64(s, 0);
	if ((e = store_col_text(s, 1, p->name, sizeof(p->name))) != PERR_OK ||
	    (e = store_col_text(s, 2, p->external,
	    sizeof(p->external))) != PERR_OK ||
	    (e = store_col_text(s, 3, p->internal,
	    sizeof(p->internal))) != PERR_OK)
		return e;
	p->flow = sqlite3_column_int(s, 4) == FLOW_EXPLICIT ?
	    FLOW_EXPLICIT : FLOW_IMPLICIT;
	switch (sqlite3_column_int(s, 5)) {
	case CONSENT_PERMANENT:
		p->consent = CONSENT_PERMANENT;
		break;
	case CONSENT_DURATION:
		p->consent = CONSENT_DURATION;
		break;
	default:
		p->consent = CONSENT_ALWAYS;
		break;
	}
	p->consent_secs = sqlite3_column_int64(s, 6);
	p->mode = sqlite3_column_int(s, 7) == PMODE_SINGLE ?
	    PMODE_SINGLE : PMODE_DOMAIN;
	p->apps = sqlite3_column_int64(s, 8);
	return PERR_OK;
}

static enum perr
provider_bind(sqlite3_stmt *s, const struct provider *p)
{
	enum perr	 e;

	if ((p->flow != FLOW_IMPLICIT && p->flow != FLOW_EXPLICIT) ||
	    (p->consent != CONSENT_ALWAYS && p->consent != CONSENT_PERMANENT &&
	    p->consent != CONSENT_DURATION) ||
	    (p->mode != PMODE_DOMAIN && p->mode != PMODE_SINGLE) ||
	    p->consent_secs < 0)
		return PERR_INVAL;
	if ((e = store_bind_name(s, 2, p->name,
	    STORE_FIELD_MAX(p->name))) != PERR_OK ||
	    (e = store_bind_text(s, 3, p->external,
	    STORE_FIELD_MAX(p->external))) != PERR_OK ||
	    (e = store_bind_text(s, 4, p->internal,
	    STORE_FIELD_MAX(p->internal))) != PERR_OK)
		return e;
	sqlite3_bind_int(s, 5, (int)p->flow);
	sqlite3_bind_int(s, 6, (int)p->consent);
	sqlite3_bind_int64(s, 7, p->consent_secs);
	sqlite3_bind_int(s, 8, (int)p->mode);
	return PERR_OK;
}

/* Refuse a regex list before anything is written. */
static enum perr
skip_check(const char *const *skip, size_t nskip)
{
	size_t		 i;
	enum perr	 e;

	if (nskip > SKIP_PATHS_MAX)
		return PERR_TOOLONG;
	if (nskip > 0 && skip == NULL)
		return PERR_INVAL;
	for (i = 0; i < nskip; i++)
		if ((e = store_len(skip[i], REGEX_MAX)) != PERR_OK)
			return e;
	return PERR_OK;
}

/* Replace the regexes of provider id by skip[0..nskip-1]. */
static enum perr
skip_write(struct store *st, int64_t id, const char *const *skip,
    size_t nskip)
{
	sqlite3_stmt	*s = NULL;
	size_t		 i;
	enum perr	 e;

	if ((e = store_change_ids(st, sql_skip_clear, id, 0, 0, PERR_STORE,
	    NULL, "skip clear")) != PERR_OK)
		return e;
	for (i = 0; i < nskip; i++) {
		if ((e = store_stmt(st, sql_skip_add, &s)) != PERR_OK)
			return e;
		sqlite3_bind_int64(s, 1, id);
		sqlite3_bind_int64(s, 2, (int64_t)i);
		if ((e = store_bind_text(s, 3, skip[i], REGEX_MAX)) == PERR_OK)
			e = store_step_done(st, s, PERR_NOTFOUND, "skip add");
		store_stmt_done(st, s);
		if (e != PERR_OK)
			return e;
	}
	return PERR_OK;
}

enum perr
store_provider_add(struct store *st, struct provider *p,
    const char *const *skip, size_t nskip)
{
	sqlite3_stmt	*s = NULL;
	int64_t		 id = 0;
	enum perr	 e;

	if ((e = skip_check(skip, nskip)) != PERR_OK)
		return e;
	if ((e = store_sp_begin(st)) != PERR_OK)
		return e;
	if ((e = store_stmt(st, sql_provider_add, &s)) != PERR_OK ||
	    (e = provider_bind(s, p)) != PERR_OK ||
	    (e = store_step_done(st, s, PERR_STORE,
	    "provider add")) != PERR_OK)
		goto done;
	id = sqlite3_last_insert_rowid(st->db);
	store_stmt_done(st, s);
	s = NULL;
	if ((e = skip_write(st, id, skip, nskip)) != PERR_OK)
		goto done;
	e = store_gen_bump(st);
done:
	store_stmt_done(st, s);
	if ((e = store_sp_end(st, e)) == PERR_OK) {
		p->id = id;
		p->apps = 0;
	}
	return e;
}

static enum perr
provider_get(struct store *st, const char *sql, const char *name,
    int64_t id, struct provider *p)
{
	sqlite3_stmt	*s = NULL;
	enum perr	 e;

	memset(p, 0, sizeof(*p));
	if ((e = store_stmt(st, sql, &s)) != PERR_OK)
		return e;
	if (name != NULL)
		e = store_bind_text(s, 1, name, STORE_FIELD_MAX(p->name));
	else
		sqlite3_bind_int64(s, 1, id);
	if (e == PERR_OK &&
	    (e = store_step_row(st, s, "provider get")) == PERR_OK)
		e = provider_row(s, p);
	store_stmt_done(st, s);
	if (e != PERR_OK)
		memset(p, 0, sizeof(*p));
	return e;
}

enum perr
store_provider_get(struct store *st, const char *name, struct provider *p)
{
	if (name == NULL) {
		memset(p, 0, sizeof(*p));
		return PERR_INVAL;
	}
	return provider_get(st, sql_provider_get, name, 0, p);
}

enum perr
store_provider_get_id(struct store *st, int64_t id, struct provider *p)
{
	return provider_get(st, sql_provider_get_id, NULL, id, p);
}

enum perr
store_provider_update(struct store *st, const struct provider *p,
    const char *const *skip, size_t nskip)
{
	sqlite3_stmt	*s = NULL;
	enum perr	 e;

	if (skip != NULL && (e = skip_check(skip, nskip)) != PERR_OK)
		return e;
	if ((e = store_sp_begin(st)) != PERR_OK)
		return e;
	if ((e = store_stmt(st, sql_provider_update, &s)) != PERR_OK ||
	    (e = provider_bind(s, p)) != PERR_OK)
		goto done;
	sqlite3_bind_int64(s, 1, p->id);
	if ((e = store_step_done(st, s, PERR_STORE,
	    "provider update")) != PERR_OK)
		goto done;
	if (sqlite3_changes(st->db) == 0) {
		e = PERR_NOTFOUND;
		goto done;
	}
	store_stmt_done(st, s);
	s = NULL;
	if (skip != NULL && (e = skip_write(st, p->id, skip, nskip)) != PERR_OK)
		goto done;
	e = store_gen_bump(st);
done:
	store_stmt_done(st, s);
	return store_sp_end(st, e);
}

enum perr
store_provider_del(struct store *st, int64_t id)
{
	sqlite3_stmt	*s = NULL;
	enum perr	 e;

	/*
	 * Asked first, for a plain answer; the schema's ON DELETE RESTRICT
	 * stays as the backstop (SQLite reports it through a RAISE).
	 */
	if ((e = store_sp_begin(st)) != PERR_OK)
		return e;
	if ((e = store_stmt(st, sql_provider_used, &s)) != PERR_OK)
		goto done;
	sqlite3_bind_int64(s, 1, id);
	if ((e = store_step_row(st, s, "provider del")) != PERR_OK)
		goto done;
	if (sqlite3_column_int64(s, 0) > 0) {
		e = PERR_INUSE;
		goto done;
	}
	store_stmt_done(st, s);
	s = NULL;
	e = store_change_ids(st, sql_provider_del, id, 0,
	    STORE_GEN | STORE_NEED, PERR_INUSE, NULL, "provider del");
done:
	store_stmt_done(st, s);
	return store_sp_end(st, e);
}

enum perr
store_provider_list(struct store *st, store_provider_cb cb, void *arg)
{
	sqlite3_stmt	*s = NULL;
	struct provider	 p;
	enum perr	 e;
	int		 rc;

	if ((e = store_stmt(st, sql_provider_list, &s)) != PERR_OK)
		return e;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if ((e = provider_row(s, &p)) != PERR_OK)
			break;
		if (cb(&p, arg) != 0)
			break;
	}
	if (e == PERR_OK && rc != SQLITE_ROW && rc != SQLITE_DONE)
		e = store_err(st, rc, PERR_STORE, "provider list");
	store_stmt_done(st, s);
	return e;
}

enum perr
store_provider_skips(struct store *st, int64_t id, store_skip_cb cb,
    void *arg)
{
	sqlite3_stmt	*s = NULL;
	char		 re[REGEX_MAX + 1];
	enum perr	 e;
	int		 rc;

	if ((e = store_stmt(st, sql_skip_list, &s)) != PERR_OK)
		return e;
	sqlite3_bind_int64(s, 1, id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if ((e = store_col_text(s, 0, re, sizeof(re))) != PERR_OK)
			break;
		if (cb(re, arg) != 0)
			break;
	}
	if (e == PERR_OK && rc != SQLITE_ROW && rc != SQLITE_DONE)
		e = store_err(st, rc, PERR_STORE, "provider skips");
	store_stmt_done(st, s);
	return e;
}

/* --------------------------------------------------------- applications */

#define APP_COLS \
	"a.id, a.slug, a.name, a.icon, a.description, a.launch, " \
	"a.provider_id, p.name, a.policy"
#define APP_FROM \
	"applications a JOIN providers p ON p.id = a.provider_id"

static const char sql_app_add[] =
    "INSERT INTO applications (slug, name, icon, description, launch, "
    "provider_id, policy) VALUES (?2, ?3, ?4, ?5, ?6, ?7, ?8)";
static const char sql_app_update[] =
    "UPDATE applications SET slug = ?2, name = ?3, icon = ?4, "
    "description = ?5, launch = ?6, provider_id = ?7, policy = ?8 "
    "WHERE id = ?1";
static const char sql_app_get[] =
    "SELECT " APP_COLS " FROM " APP_FROM " WHERE a.slug = ?1";
static const char sql_app_get_id[] =
    "SELECT " APP_COLS " FROM " APP_FROM " WHERE a.id = ?1";
static const char sql_app_del[] =
    "DELETE FROM applications WHERE id = ?1";
static const char sql_app_list[] =
    "SELECT " APP_COLS " FROM " APP_FROM " ORDER BY a.slug";
static const char sql_outpost_apps[] =
    "SELECT " APP_COLS " FROM outpost_apps x "
    "JOIN applications a ON a.id = x.app_id "
    "JOIN providers p ON p.id = a.provider_id WHERE x.outpost_id = ?1 "
    "ORDER BY a.slug";

static enum perr
app_row(sqlite3_stmt *s, struct app *a)
{
	enum perr	 e;

	memset(a, 0, sizeof(*a));
	a->id = sqlite3_column_int64(s, 0);
	if ((e = store_col_text(s, 1, a->slug, sizeof(a->slug))) != PERR_OK ||
	    (e = store_col_text(s, 2, a->name, sizeof(a->name))) != PERR_OK ||
	    (e = store_col_text(s, 3, a->icon, sizeof(a->icon))) != PERR_OK ||
	    (e = store_col_text(s, 4, a->description,
	    sizeof(a->description))) != PERR_OK ||
	    (e = store_col_text(s, 5, a->launch,
	    sizeof(a->launch))) != PERR_OK ||
	    (e = store_col_text(s, 7, a->provider,
	    sizeof(a->provider))) != PERR_OK)
		return e;
	a->provider_id = sqlite3_column_int64(s, 6);
	a->policy = sqlite3_column_int(s, 8) == POLICY_ALL ?
	    POLICY_ALL : POLICY_ANY;
	return PERR_OK;
}

static enum perr
app_bind(sqlite3_stmt *s, const struct app *a)
{
	enum perr	 e;

	if (a->policy != POLICY_ANY && a->policy != POLICY_ALL)
		return PERR_INVAL;
	if ((e = store_bind_name(s, 2, a->slug,
	    STORE_FIELD_MAX(a->slug))) != PERR_OK ||
	    (e = store_bind_text(s, 3, a->name,
	    STORE_FIELD_MAX(a->name))) != PERR_OK ||
	    (e = store_bind_text(s, 4, a->icon,
	    STORE_FIELD_MAX(a->icon))) != PERR_OK ||
	    (e = store_bind_text(s, 5, a->description,
	    STORE_FIELD_MAX(a->description))) != PERR_OK ||
	    (e = store_bind_text(s, 6, a->launch,
	    STORE_FIELD_MAX(a->launch))) != PERR_OK)
		return e;
	sqlite3_bind_int64(s, 7, a->provider_id);
	sqlite3_bind_int(s, 8, (int)a->policy);
	return PERR_OK;
}

enum perr
store_app_add(struct store *st, struct app *a)
{
	sqlite3_stmt	*s = NULL;
	int64_t		 id = 0;
	enum perr	 e;

	if ((e = store_sp_begin(st)) != PERR_OK)
		return e;
	if ((e = store_stmt(st, sql_app_add, &s)) != PERR_OK ||
	    (e = app_bind(s, a)) != PERR_OK ||
	    (e = store_step_done(st, s, PERR_NOTFOUND, "app add")) != PERR_OK)
		goto done;
	id = sqlite3_last_insert_rowid(st->db);
	e = store_gen_bump(st);
done:
	store_stmt_done(st, s);
	if ((e = store_sp_end(st, e)) == PERR_OK)
		a->id = id;
	return e;
}

static enum perr
app_get(struct store *st, const char *sql, const char *slug, int64_t id,
    struct app *a)
{
	sqlite3_stmt	*s = NULL;
	enum perr	 e;

	memset(a, 0, sizeof(*a));
	if ((e = store_stmt(st, sql, &s)) != PERR_OK)
		return e;
	if (slug != NULL)
		e = store_bind_text(s, 1, slug, STORE_FIELD_MAX(a->slug));
	else
		sqlite3_bind_int64(s, 1, id);
	if (e == PERR_OK && (e = store_step_row(st, s, "app get")) == PERR_OK)
		e = app_row(s, a);
	store_stmt_done(st, s);
	if (e != PERR_OK)
		memset(a, 0, sizeof(*a));
	return e;
}

enum perr
store_app_get(struct store *st, const char *slug, struct app *a)
{
	if (slug == NULL) {
		memset(a, 0, sizeof(*a));
		return PERR_INVAL;
	}
	return app_get(st, sql_app_get, slug, 0, a);
}

enum perr
store_app_get_id(struct store *st, int64_t id, struct app *a)
{
	return app_get(st, sql_app_get_id, NULL, id, a);
}

enum perr
store_app_update(struct store *st, const struct app *a)
{
	sqlite3_stmt	*s = NULL;
	enum perr	 e;

	if ((e = store_sp_begin(st)) != PERR_OK)
		return e;
	if ((e = store_stmt(st, sql_app_update, &s)) != PERR_OK ||
	    (e = app_bind(s, a)) != PERR_OK)
		goto done;
	sqlite3_bind_int64(s, 1, a->id);
	if ((e = store_step_done(st, s, PERR_NOTFOUND,
	    "app update")) != PERR_OK)
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
store_app_del(struct store *st, int64_t id)
{
	/* Bindings, consents, attachments and flows go by CASCADE. */
	return store_change_ids(st, sql_app_del, id, 0,
	    STORE_GEN | STORE_NEED, PERR_STORE, NULL, "app del");
}

static enum perr
app_walk(struct store *st, const char *sql, int64_t id, store_app_cb cb,
    void *arg)
{
	sqlite3_stmt	*s = NULL;
	struct app	 a;
	enum perr	 e;
	int		 rc;

	if ((e = store_stmt(st, sql, &s)) != PERR_OK)
		return e;
	if (sqlite3_bind_parameter_count(s) >= 1)
		sqlite3_bind_int64(s, 1, id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if ((e = app_row(s, &a)) != PERR_OK)
			break;
		if (cb(&a, arg) != 0)
			break;
	}
	if (e == PERR_OK && rc != SQLITE_ROW && rc != SQLITE_DONE)
		e = store_err(st, rc, PERR_STORE, "app list");
	store_stmt_done(st, s);
	return e;
}

enum perr
store_app_list(struct store *st, store_app_cb cb, void *arg)
{
	return app_walk(st, sql_app_list, 0, cb, arg);
}

enum perr
store_outpost_apps(struct store *st, int64_t outpost, store_app_cb cb,
    void *arg)
{
	return app_walk(st, sql_outpost_apps, outpost, cb, arg);
}

/* ------------------------------------------------------------- outposts */

#define OUTPOST_COLS \
	"o.id, o.name, " \
	"(SELECT count(*) FROM outpost_apps c WHERE c.outpost_id = o.id)"

static const char sql_outpost_add[] =
    "INSERT INTO outposts (name) VALUES (?1)";
static const char sql_outpost_get[] =
    "SELECT " OUTPOST_COLS " FROM outposts o WHERE o.name = ?1";
static const char sql_outpost_del[] =
    "DELETE FROM outposts WHERE id = ?1";
static const char sql_outpost_list[] =
    "SELECT " OUTPOST_COLS " FROM outposts o ORDER BY o.name";
static const char sql_outpost_attach[] =
    "INSERT INTO outpost_apps (outpost_id, app_id) VALUES (?1, ?2)";
static const char sql_outpost_detach[] =
    "DELETE FROM outpost_apps WHERE outpost_id = ?1 AND app_id = ?2";
static const char sql_app_outposts[] =
    "SELECT " OUTPOST_COLS " FROM outpost_apps x "
    "JOIN outposts o ON o.id = x.outpost_id WHERE x.app_id = ?1 "
    "ORDER BY o.name";

static enum perr
outpost_row(sqlite3_stmt *s, struct outpost *o)
{
	memset(o, 0, sizeof(*o));
	o->id = sqlite3_column_int64(s, 0);
	o->apps = sqlite3_column_int64(s, 2);
	return store_col_text(s, 1, o->name, sizeof(o->name));
}

enum perr
store_outpost_add(struct store *st, struct outpost *o)
{
	sqlite3_stmt	*s = NULL;
	int64_t		 id = 0;
	enum perr	 e;

	if ((e = store_sp_begin(st)) != PERR_OK)
		return e;
	if ((e = store_stmt(st, sql_outpost_add, &s)) != PERR_OK ||
	    (e = store_bind_name(s, 1, o->name,
	    STORE_FIELD_MAX(o->name))) != PERR_OK ||
	    (e = store_step_done(st, s, PERR_STORE, "outpost add")) != PERR_OK)
		goto done;
	id = sqlite3_last_insert_rowid(st->db);
	e = store_gen_bump(st);
done:
	store_stmt_done(st, s);
	if ((e = store_sp_end(st, e)) == PERR_OK) {
		o->id = id;
		o->apps = 0;
	}
	return e;
}

enum perr
store_outpost_get(struct store *st, const char *name, struct outpost *o)
{
	sqlite3_stmt	*s = NULL;
	enum perr	 e;

	memset(o, 0, sizeof(*o));
	if (name == NULL)
		return PERR_INVAL;
	if ((e = store_stmt(st, sql_outpost_get, &s)) != PERR_OK)
		return e;
	if ((e = store_bind_text(s, 1, name,
	    STORE_FIELD_MAX(o->name))) == PERR_OK &&
	    (e = store_step_row(st, s, "outpost get")) == PERR_OK)
		e = outpost_row(s, o);
	store_stmt_done(st, s);
	if (e != PERR_OK)
		memset(o, 0, sizeof(*o));
	return e;
}

enum perr
store_outpost_del(struct store *st, int64_t id)
{
	return store_change_ids(st, sql_outpost_del, id, 0,
	    STORE_GEN | STORE_NEED, PERR_STORE, NULL, "outpost del");
}

static enum perr
outpost_walk(struct store *st, const char *sql, int64_t id,
    store_outpost_cb cb, void *arg)
{
	sqlite3_stmt	*s = NULL;
	struct outpost	 o;
	enum perr	 e;
	int		 rc;

	if ((e = store_stmt(st, sql, &s)) != PERR_OK)
		return e;
	if (sqlite3_bind_parameter_count(s) >= 1)
		sqlite3_bind_int64(s, 1, id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if ((e = outpost_row(s, &o)) != PERR_OK)
			break;
		if (cb(&o, arg) != 0)
			break;
	}
	if (e == PERR_OK && rc != SQLITE_ROW && rc != SQLITE_DONE)
		e = store_err(st, rc, PERR_STORE, "outpost list");
	store_stmt_done(st, s);
	return e;
}

enum perr
store_outpost_list(struct store *st, store_outpost_cb cb, void *arg)
{
	return outpost_walk(st, sql_outpost_list, 0, cb, arg);
}

enum perr
store_app_outposts(struct store *st, int64_t app, store_outpost_cb cb,
    void *arg)
{
	return outpost_walk(st, sql_app_outposts, app, cb, arg);
}

enum perr
store_outpost_attach(struct store *st, int64_t outpost, int64_t app)
{
	return store_change_ids(st, sql_outpost_attach, outpost, app,
	    STORE_GEN, PERR_NOTFOUND, NULL, "outpost attach");
}

enum perr
store_outpost_detach(struct store *st, int64_t outpost, int64_t app)
{
	return store_change_ids(st, sql_outpost_detach, outpost, app,
	    STORE_GEN | STORE_NEED, PERR_STORE, NULL, "outpost detach");
}

/* ------------------------------------------------------------- bindings */

#define BINDING_COLS \
	"b.id, b.app_id, a.slug, b.ord, b.user_id, b.group_id, u.name, " \
	"g.name, b.negate, b.enabled"
#define BINDING_FROM \
	"bindings b JOIN applications a ON a.id = b.app_id " \
	"LEFT JOIN users u ON u.id = b.user_id " \
	"LEFT JOIN groups g ON g.id = b.group_id"

static const char sql_binding_add[] =
    "INSERT INTO bindings (app_id, ord, user_id, group_id, negate, enabled) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
static const char sql_binding_get[] =
    "SELECT " BINDING_COLS " FROM " BINDING_FROM " WHERE b.id = ?1";
static const char sql_binding_del[] =
    "DELETE FROM bindings WHERE id = ?1";
static const char sql_binding_list[] =
    "SELECT " BINDING_COLS " FROM " BINDING_FROM " WHERE b.app_id = ?1 "
    "ORDER BY b.ord, b.id";
static const char sql_binding_list_all[] =
    "SELECT " BINDING_COLS " FROM " BINDING_FROM " "
    "ORDER BY a.slug, b.ord, b.id";

static enum perr
binding_row(sqlite3_stmt *s, struct binding *b)
{
	enum perr	 e;

	memset(b, 0, sizeof(*b));
	b->id = sqlite3_column_int64(s, 0);
	b->app_id = sqlite3_column_int64(s, 1);
	b->order = sqlite3_column_int(s, 3);
	b->user_id = sqlite3_column_int64(s, 4);	/* NULL reads 0 */
	b->group_id = sqlite3_column_int64(s, 5);
	b->negate = sqlite3_column_int(s, 8) != 0;
	b->enabled = sqlite3_column_int(s, 9) != 0;
	if ((e = store_col_text(s, 2, b->app, sizeof(b->app))) != PERR_OK ||
	    (e = store_col_text(s, 6, b->user, sizeof(b->user))) != PERR_OK ||
	    (e = store_col_text(s, 7, b->group, sizeof(b->group))) != PERR_OK)
		return e;
	return PERR_OK;
}

enum perr
store_binding_add(struct store *st, struct binding *b)
{
	sqlite3_stmt	*s = NULL;
	int64_t		 id = 0;
	enum perr	 e;

	if ((b->user_id != 0) == (b->group_id != 0) ||
	    (b->negate != 0 && b->negate != 1) ||
	    (b->enabled != 0 && b->enabled != 1))
		return PERR_INVAL;
	if ((e = store_sp_begin(st)) != PERR_OK)
		return e;
	if ((e = store_stmt(st, sql_binding_add, &s)) != PERR_OK)
		goto done;
	sqlite3_bind_int64(s, 1, b->app_id);
	sqlite3_bind_int(s, 2, b->order);
	if (b->user_id != 0)
		sqlite3_bind_int64(s, 3, b->user_id);
	else
		sqlite3_bind_null(s, 3);
	if (b->group_id != 0)
		sqlite3_bind_int64(s, 4, b->group_id);
	else
		sqlite3_bind_null(s, 4);
	sqlite3_bind_int(s, 5, b->negate);
	sqlite3_bind_int(s, 6, b->enabled);
	if ((e = store_step_done(st, s, PERR_NOTFOUND,
	    "binding add")) != PERR_OK)
		goto done;
	id = sqlite3_last_insert_rowid(st->db);
	e = store_gen_bump(st);
done:
	store_stmt_done(st, s);
	if ((e = store_sp_end(st, e)) == PERR_OK)
		b->id = id;
	return e;
}

enum perr
store_binding_get(struct store *st, int64_t id, struct binding *b)
{
	sqlite3_stmt	*s = NULL;
	enum perr	 e;

	memset(b, 0, sizeof(*b));
	if ((e = store_stmt(st, sql_binding_get, &s)) != PERR_OK)
		return e;
	sqlite3_bind_int64(s, 1, id);
	if ((e = store_step_row(st, s, "binding get")) == PERR_OK)
		e = binding_row(s, b);
	store_stmt_done(st, s);
	if (e != PERR_OK)
		memset(b, 0, sizeof(*b));
	return e;
}

enum perr
store_binding_del(struct store *st, int64_t id)
{
	return store_change_ids(st, sql_binding_del, id, 0,
	    STORE_GEN | STORE_NEED, PERR_STORE, NULL, "binding del");
}

enum perr
store_binding_list(struct store *st, int64_t app, store_binding_cb cb,
    void *arg)
{
	sqlite3_stmt	*s = NULL;
	struct binding	 b;
	enum perr	 e;
	int		 rc;

	/* Two statements, so that one application's list uses its index. */
	if ((e = store_stmt(st, app != 0 ? sql_binding_list :
	    sql_binding_list_all, &s)) != PERR_OK)
		return e;
	if (app != 0)
		sqlite3_bind_int64(s, 1, app);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if ((e = binding_row(s, &b)) != PERR_OK)
			break;
		if (cb(&b, arg) != 0)
			break;
	}
	if (e == PERR_OK && rc != SQLITE_ROW && rc != SQLITE_DONE)
		e = store_err(st, rc, PERR_STORE, "binding list");
	store_stmt_done(st, s);
	return e;
}

/* ------------------------------------------------------------- settings */

static const char sql_setting_get[] =
    "SELECT value FROM settings WHERE key = ?1";
static const char sql_setting_set[] =
    "INSERT INTO settings (key, value) VALUES (?1, ?2) "
    "ON CONFLICT (key) DO UPDATE SET value = excluded.value";
static const char sql_setting_unset[] =
    "DELETE FROM settings WHERE key = ?1";
static const char sql_setting_list[] =
    "SELECT key, value FROM settings ORDER BY key";

enum perr
store_setting_get(struct store *st, const char *key, char *buf,
    size_t bufsz)
{
	sqlite3_stmt		*s = NULL;
	const unsigned char	*p;
	enum perr		 e;
	int			 n;

	if (buf == NULL || bufsz == 0)
		return PERR_INVAL;
	buf[0] = '\0';
	if ((e = store_stmt(st, sql_setting_get, &s)) != PERR_OK)
		return e;
	if ((e = store_bind_name(s, 1, key, SETTING_KEY_MAX)) != PERR_OK ||
	    (e = store_step_row(st, s, "setting get")) != PERR_OK)
		goto done;
	p = sqlite3_column_text(s, 0);
	n = sqlite3_column_bytes(s, 0);
	if (p == NULL)
		e = sqlite3_column_type(s, 0) == SQLITE_NULL ?
		    PERR_OK : PERR_NOMEM;
	else if (n < 0 || memchr(p, '\0', (size_t)n) != NULL) {
		log_err("store: setting value holds a NUL byte");
		e = PERR_STORE;
	} else if ((size_t)n >= bufsz)
		e = PERR_TOOLONG;	/* the caller's buffer, not the row */
	else {
		memcpy(buf, p, (size_t)n);
		buf[n] = '\0';
	}
done:
	store_stmt_done(st, s);
	return e;
}

enum perr
store_setting_set(struct store *st, const char *key, const char *value)
{
	sqlite3_stmt	*s = NULL;
	enum perr	 e;

	if ((e = store_sp_begin(st)) != PERR_OK)
		return e;
	if ((e = store_stmt(st, sql_setting_set, &s)) != PERR_OK ||
	    (e = store_bind_name(s, 1, key, SETTING_KEY_MAX)) != PERR_OK ||
	    (e = store_bind_text(s, 2, value, SETTING_VALUE_MAX)) != PERR_OK ||
	    (e = store_step_done(st, s, PERR_STORE, "setting set")) != PERR_OK)
		goto done;
	e = store_gen_bump(st);
done:
	store_stmt_done(st, s);
	return store_sp_end(st, e);
}

enum perr
store_setting_unset(struct store *st, const char *key)
{
	sqlite3_stmt	*s = NULL;
	enum perr	 e;

	if ((e = store_sp_begin(st)) != PERR_OK)
		return e;
	if ((e = store_stmt(st, sql_setting_unset, &s)) != PERR_OK ||
	    (e = store_bind_name(s, 1, key, SETTING_KEY_MAX)) != PERR_OK ||
	    (e = store_step_done(st, s, PERR_STORE,
	    "setting unset")) != PERR_OK)
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
store_setting_list(struct store *st, store_setting_cb cb, void *arg)
{
	sqlite3_stmt	*s = NULL;
	char		 key[SETTING_KEY_MAX + 1];
	char		 value[SETTING_VALUE_MAX + 1];
	enum perr	 e;
	int		 rc;

	if ((e = store_stmt(st, sql_setting_list, &s)) != PERR_OK)
		return e;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if ((e = store_col_text(s, 0, key, sizeof(key))) != PERR_OK ||
		    (e = store_col_text(s, 1, value, sizeof(value))) != PERR_OK)
			break;
		if (cb(key, value, arg) != 0)
			break;
	}
	if (e == PERR_OK && rc != SQLITE_ROW && rc != SQLITE_DONE)
		e = store_err(st, rc, PERR_STORE, "setting list");
	store_stmt_done(st, s);
	return e;
}
