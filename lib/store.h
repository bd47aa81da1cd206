/* postern: the store, the only code that knows it is SQLite. */
/*
 * struct store is opaque: nothing outside lib/store*.c includes <sqlite3.h>
 * or writes SQL, so a second backend can sit behind these same functions.
 *
 * Conventions for every function below:
 *  - the return value is an enum perr; PERR_OK on success;
 *  - records are plain C values with fixed buffers sized by limits.h; a
 *    function that fills a record fills all of it (strings NUL-terminated,
 *    absent values as "" or 0);
 *  - "now" and other times are Unix seconds passed in by the caller (the
 *    clock is injectable);
 *  - every function that changes rows runs in one transaction (a SAVEPOINT,
 *    so it nests inside store_begin()/store_commit()); on failure nothing of
 *    it remains;
 *  - every change to users, groups, memberships, providers, applications,
 *    outposts, attachments, bindings or settings also increments the
 *    configuration generation in the same transaction;
 *  - list functions call cb once per row in the documented order; a non-zero
 *    return from cb stops the walk and the function returns PERR_OK;
 *  - names are looked up exactly as given (callers canonicalize first).
 */
#ifndef POSTERN_STORE_H
#define POSTERN_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "limits.h"
#include "perr.h"

struct store;

/* The schema version this program writes (the number of migrations). */
#define STORE_SCHEMA_VERSION	4

#define STORE_MIGRATE	0x01	/* create the file if absent, apply migrations */
#define STORE_READONLY	0x02	/* open read-only (never with STORE_MIGRATE) */
/*
 * With STORE_READONLY: use the WAL index (-shm) as it is, mapped read-only,
 * and never rebuild it (SQLite's readonly_shm).  A program that is often
 * the only one with the store open (the gate) skips the rebuild, a
 * truncate and a rewrite of the index at each start; when nobody else has
 * it open SQLite reads the WAL itself, and an empty one costs nothing.
 * Without a -shm and -wal beside the store, a plain read-only open.
 */
#define STORE_SHMREAD	0x04

/*
 * Open the database at path with WAL, foreign_keys=ON, synchronous=NORMAL
 * and a bounded busy_timeout.  Without STORE_MIGRATE the file must exist and
 * be at STORE_SCHEMA_VERSION (an older one: PERR_VERSION with a log line
 * telling to run "authz-admin init").  A newer database is always refused
 * with PERR_VERSION.  On success *out is the caller's; free with
 * store_close().  On failure *out is NULL and one log line says why.
 */
enum perr	 store_open(struct store **out, const char *path, int flags);
void		 store_close(struct store *st);	/* NULL-safe */

/* Whether st was opened with STORE_READONLY: writes would fail. */
int		 store_readonly(const struct store *st);

/* The schema version the file had when it was opened (0: new file). */
int		 store_opened_at(const struct store *st);

/* The database's PRAGMA user_version. */
enum perr	 store_version(struct store *st, int *version);

/*
 * Apply migrations 1..target to a database (tests use it to build every
 * earlier version).  target must be <= STORE_SCHEMA_VERSION.
 */
enum perr	 store_migrate_to(struct store *st, int target);

/* Open a database at an earlier version without upgrading it (tests). */
enum perr	 store_open_at(struct store **out, const char *path, int version);

/* Explicit transactions around several calls; they nest. */
enum perr	 store_begin(struct store *st);
enum perr	 store_commit(struct store *st);
void		 store_rollback(struct store *st);

/*
 * One read transaction around several reads (a request's lookups see one
 * snapshot and pay for one read lock).  A write inside upgrades it, and
 * fails with PERR_BUSY when another connection wrote since it began.
 * Outermost only; store_read_end() commits it.
 */
enum perr	 store_read_begin(struct store *st);
enum perr	 store_read_end(struct store *st);

/*
 * Bound the connection's page cache to kib KiB (64 KiB to 1 GiB; reads go
 * through the memory map, so a reader needs little).
 */
enum perr	 store_cache_limit(struct store *st, int kib);

/* The configuration generation: one cheap read. */
enum perr	 store_generation(struct store *st, int64_t *gen);

/* ---------------------------------------------------------------- users */

struct user {
	int64_t	id;
	char	name[USERNAME_MAX + 1];		/* canonical (lowercase) */
	char	display[DISPLAYNAME_MAX + 1];
	char	email[EMAIL_MAX + 1];
	char	hash[HASH_MAX + 1];		/* password hash, "" for none */
	int	active;				/* 1 or 0 */
	int	totp;				/* 1 when a TOTP is enrolled */
	int64_t	created;
	int64_t	changed;			/* last password/factor change */
};

typedef int (*store_user_cb)(const struct user *, void *);

/* Insert u (id ignored, set on success).  PERR_EXISTS: the name is taken. */
enum perr	 store_user_add(struct store *st, struct user *u);
/* Fill u by canonical name or id.  PERR_NOTFOUND when there is none. */
enum perr	 store_user_get(struct store *st, const char *name, struct user *u);
enum perr	 store_user_get_id(struct store *st, int64_t id, struct user *u);
/* Write display, email, active, hash and changed of u->id. */
enum perr	 store_user_update(struct store *st, const struct user *u);
/*
 * Delete the user by id, with their memberships, bindings, sessions,
 * consents, TOTP and recovery codes, in one transaction.
 */
enum perr	 store_user_del(struct store *st, int64_t id);
/* All users by name. */
enum perr	 store_user_list(struct store *st, store_user_cb cb, void *arg);

/* --------------------------------------------------------------- groups */

struct group {
	int64_t	id;
	char	name[GROUPNAME_MAX + 1];
	int64_t	members;	/* filled by list and get */
};

typedef int (*store_group_cb)(const struct group *, void *);

enum perr	 store_group_add(struct store *st, struct group *g);
enum perr	 store_group_get(struct store *st, const char *name, struct group *g);
/* Deletes its memberships and bindings too. */
enum perr	 store_group_del(struct store *st, int64_t id);
enum perr	 store_group_list(struct store *st, store_group_cb cb, void *arg);
/* PERR_EXISTS when already a member; PERR_NOTFOUND when not one (del). */
enum perr	 store_member_add(struct store *st, int64_t group, int64_t user);
enum perr	 store_member_del(struct store *st, int64_t group, int64_t user);
/* The groups of one user by name; the users of one group by name. */
enum perr	 store_user_groups(struct store *st, int64_t user,
		    store_group_cb cb, void *arg);
enum perr	 store_group_members(struct store *st, int64_t group,
		    store_user_cb cb, void *arg);

/* ------------------------------------------------------------ providers */

enum flow	 { FLOW_IMPLICIT = 0, FLOW_EXPLICIT = 1 };
enum pmode	 { PMODE_DOMAIN = 0, PMODE_SINGLE = 1 };
enum consentkind { CONSENT_ALWAYS = 0, CONSENT_PERMANENT = 1, CONSENT_DURATION = 2 };

struct provider {
	int64_t		 id;
	char		 name[PROVIDERNAME_MAX + 1];
	char		 external[URL_MAX + 1];
	char		 internal[URL_MAX + 1];	/* "" when unset */
	enum flow	 flow;
	enum consentkind consent;
	int64_t		 consent_secs;		/* CONSENT_DURATION only */
	enum pmode	 mode;
	int64_t		 apps;			/* applications using it */
};

typedef int (*store_provider_cb)(const struct provider *, void *);
typedef int (*store_skip_cb)(const char *regex, void *);

/*
 * Insert p with its unauthenticated-path regexes skip[0..nskip-1] (kept in
 * that order).  PERR_EXISTS: the name is taken.
 */
enum perr	 store_provider_add(struct store *st, struct provider *p,
		    const char *const *skip, size_t nskip);
enum perr	 store_provider_get(struct store *st, const char *name,
		    struct provider *p);
enum perr	 store_provider_get_id(struct store *st, int64_t id,
		    struct provider *p);
/*
 * Write every field of p->id.  When skip is not NULL the regex list is
 * replaced by skip[0..nskip-1] (nskip may be 0: clear); NULL keeps it.
 */
enum perr	 store_provider_update(struct store *st, const struct provider *p,
		    const char *const *skip, size_t nskip);
/* PERR_INUSE when an application still uses it. */
enum perr	 store_provider_del(struct store *st, int64_t id);
enum perr	 store_provider_list(struct store *st, store_provider_cb cb,
		    void *arg);
enum perr	 store_provider_skips(struct store *st, int64_t id,
		    store_skip_cb cb, void *arg);

/* --------------------------------------------------------- applications */

enum policy	 { POLICY_ANY = 0, POLICY_ALL = 1 };

struct app {
	int64_t		 id;
	char		 slug[SLUG_MAX + 1];
	char		 name[APPNAME_MAX + 1];
	char		 icon[URL_MAX + 1];
	char		 description[DESCRIPTION_MAX + 1];
	char		 launch[URL_MAX + 1];
	int64_t		 provider_id;
	char		 provider[PROVIDERNAME_MAX + 1];	/* filled on read */
	enum policy	 policy;
};

typedef int (*store_app_cb)(const struct app *, void *);

/* Insert a (provider_id must exist).  PERR_EXISTS: the slug is taken. */
enum perr	 store_app_add(struct store *st, struct app *a);
enum perr	 store_app_get(struct store *st, const char *slug, struct app *a);
enum perr	 store_app_get_id(struct store *st, int64_t id, struct app *a);
enum perr	 store_app_update(struct store *st, const struct app *a);
/* Deletes its bindings, consents and attachments too. */
enum perr	 store_app_del(struct store *st, int64_t id);
/* All applications by slug. */
enum perr	 store_app_list(struct store *st, store_app_cb cb, void *arg);

/* ------------------------------------------------------------- outposts */

struct outpost {
	int64_t	id;
	char	name[OUTPOSTNAME_MAX + 1];
	int64_t	apps;		/* attached applications, on read */
};

typedef int (*store_outpost_cb)(const struct outpost *, void *);

enum perr	 store_outpost_add(struct store *st, struct outpost *o);
enum perr	 store_outpost_get(struct store *st, const char *name,
		    struct outpost *o);
/* Deletes its attachments too. */
enum perr	 store_outpost_del(struct store *st, int64_t id);
enum perr	 store_outpost_list(struct store *st, store_outpost_cb cb,
		    void *arg);
/* PERR_EXISTS when already attached; PERR_NOTFOUND when not (detach). */
enum perr	 store_outpost_attach(struct store *st, int64_t outpost, int64_t app);
enum perr	 store_outpost_detach(struct store *st, int64_t outpost, int64_t app);
/* The applications attached to one outpost, by slug. */
enum perr	 store_outpost_apps(struct store *st, int64_t outpost,
		    store_app_cb cb, void *arg);
/* The outposts one application is attached to, by name. */
enum perr	 store_app_outposts(struct store *st, int64_t app,
		    store_outpost_cb cb, void *arg);

/* ------------------------------------------------------------- bindings */

struct binding {
	int64_t	id;
	int64_t	app_id;
	char	app[SLUG_MAX + 1];		/* filled on read */
	int	order;
	int64_t	user_id;			/* exactly one of user_id, */
	int64_t	group_id;			/* group_id is non-zero */
	char	user[USERNAME_MAX + 1];		/* filled on read */
	char	group[GROUPNAME_MAX + 1];	/* filled on read */
	int	negate;
	int	enabled;
};

typedef int (*store_binding_cb)(const struct binding *, void *);

enum perr	 store_binding_add(struct store *st, struct binding *b);
enum perr	 store_binding_get(struct store *st, int64_t id, struct binding *b);
enum perr	 store_binding_del(struct store *st, int64_t id);
/* The bindings of one application by order, then id; app 0: all of them. */
enum perr	 store_binding_list(struct store *st, int64_t app,
		    store_binding_cb cb, void *arg);

/* ------------------------------------------------------------- sessions */

#define FACTOR_PASSWORD	0x01
#define FACTOR_TOTP	0x02
#define FACTOR_RECOVERY	0x04
#define FACTOR_ADMIN	0x08	/* made by authz-admin session create */
#define FACTOR_CODE	0x10	/* a one-time code for a single-mode callback */

struct session {
	int64_t	id;
	uint8_t	hash[TOKEN_HASH_BYTES];		/* SHA-256 of the token */
	int64_t	user_id;
	char	user[USERNAME_MAX + 1];		/* filled on read */
	int64_t	created;
	int64_t	expires;			/* absolute expiry */
	int64_t	idle;				/* idle limit, seconds; 0: none */
	int64_t	seen;				/* last use */
	int	factors;			/* FACTOR_* */
	char	addr[ADDRESS_MAX + 1];
	char	agent[USERAGENT_MAX + 1];
};

typedef int (*store_session_cb)(const struct session *, void *);

enum perr	 store_session_add(struct store *st, struct session *s);
/* By hash (exact, never a pattern).  PERR_NOTFOUND when there is none. */
enum perr	 store_session_find(struct store *st,
		    const uint8_t hash[TOKEN_HASH_BYTES], struct session *s);
/* As store_session_find(), with its user in one statement (the hot path). */
enum perr	 store_session_find_user(struct store *st,
		    const uint8_t hash[TOKEN_HASH_BYTES], struct session *s,
		    struct user *u);
/*
 * As store_session_find(), for the authorizer's hot path: only id, hash,
 * user_id, expires, idle, seen and factors are filled (not the user's
 * name, the creation time, the address or the agent), from one covering
 * index.
 */
enum perr	 store_session_find_brief(struct store *st,
		    const uint8_t hash[TOKEN_HASH_BYTES], struct session *s);
enum perr	 store_session_get(struct store *st, int64_t id, struct session *s);
/* Set seen = now for one session. */
enum perr	 store_session_touch(struct store *st, int64_t id, int64_t now);
enum perr	 store_session_del(struct store *st, int64_t id);
/* Delete every session of one user; *n (may be NULL) gets the count. */
enum perr	 store_session_del_user(struct store *st, int64_t user, int64_t *n);
/* Sessions by creation time; user 0: everyone's. */
enum perr	 store_session_list(struct store *st, int64_t user,
		    store_session_cb cb, void *arg);

/* ------------------------------------------------------------- consents */

struct consent {
	int64_t	user_id;
	char	user[USERNAME_MAX + 1];		/* filled on read */
	int64_t	app_id;
	char	app[SLUG_MAX + 1];		/* filled on read */
	int64_t	given;
	int64_t	expires;			/* 0: permanent */
};

typedef int (*store_consent_cb)(const struct consent *, void *);

/* Insert or replace the consent of (user, app). */
enum perr	 store_consent_put(struct store *st, const struct consent *c);
enum perr	 store_consent_get(struct store *st, int64_t user, int64_t app,
		    struct consent *c);
/* app 0: every consent of the user.  *n gets the count (may be NULL). */
enum perr	 store_consent_del(struct store *st, int64_t user, int64_t app,
		    int64_t *n);
/* By user name then app; user 0: everyone's. */
enum perr	 store_consent_list(struct store *st, int64_t user,
		    store_consent_cb cb, void *arg);

/* ------------------------------------------------- failures and bans */

enum bankind	 { BAN_USER = 0, BAN_ADDR = 1 };

struct ban {
	enum bankind	 kind;
	char		 key[USERNAME_MAX + ADDRESS_MAX + 1];	/* name or address */
	int64_t		 until;
	int		 level;		/* how many bans so far: doubling */
};

typedef int (*store_ban_cb)(const struct ban *, void *);

/* Record one failure for (kind, key) at now. */
enum perr	 store_failure_add(struct store *st, enum bankind kind,
		    const char *key, int64_t now);
/* Count the failures for (kind, key) at or after since. */
enum perr	 store_failure_count(struct store *st, enum bankind kind,
		    const char *key, int64_t since, int64_t *n);
/* Forget the failures of (kind, key) (after a success or a lift). */
enum perr	 store_failure_clear(struct store *st, enum bankind kind,
		    const char *key);
/* Insert or replace a ban. */
enum perr	 store_ban_put(struct store *st, const struct ban *b);
/* PERR_NOTFOUND when (kind, key) has no ban row. */
enum perr	 store_ban_get(struct store *st, enum bankind kind, const char *key,
		    struct ban *b);
/* Lift: delete the ban row and the failures; PERR_NOTFOUND if none. */
enum perr	 store_ban_lift(struct store *st, enum bankind kind, const char *key);
/* Bans whose until is after now, by until. */
enum perr	 store_ban_list(struct store *st, int64_t now, store_ban_cb cb,
		    void *arg);

/* ---------------------------------------------------------------- flows */

/* The steps of a login, in the order they must run. */
enum flowstage {
	STAGE_PASSWORD = 0,	/* nothing proven yet */
	STAGE_TOTP = 1,		/* password done, second factor due */
	STAGE_CONSENT = 2,	/* factors done, consent due */
	STAGE_DONE = 3
};

#define FLOW_CSRF_BYTES	16

/* Pre-login state, keyed by the SHA-256 of a short-lived cookie's token. */
struct loginflow {
	int64_t		 id;
	uint8_t		 hash[TOKEN_HASH_BYTES];
	int64_t		 user_id;		/* 0 until the password step */
	enum flowstage	 stage;
	int		 factors;		/* FACTOR_* proven so far */
	int64_t		 app_id;		/* 0: none yet */
	char		 rd[URL_MAX + 1];	/* validated, or "" */
	uint8_t		 csrf[FLOW_CSRF_BYTES];
	int64_t		 created;
	int64_t		 expires;
};

/* Insert f (id set on success). */
enum perr	 store_flow_add(struct store *st, struct loginflow *f);
/* By hash; PERR_NOTFOUND when none (expired rows are the caller's). */
enum perr	 store_flow_find(struct store *st,
		    const uint8_t hash[TOKEN_HASH_BYTES], struct loginflow *f);
/*
 * Move f->id from stage from to f's stage, factors, app and rd, only if
 * it is still at stage from (two tabs cannot both advance one flow):
 * PERR_NOTFOUND when it is not.
 */
enum perr	 store_flow_advance(struct store *st, const struct loginflow *f,
		    enum flowstage from);
enum perr	 store_flow_del(struct store *st, int64_t id);

/* --------------------------------------------------------------- events */

struct event {
	int64_t	id;
	int64_t	at;
	char	kind[32];			/* "user.add", "login.fail" ... */
	char	actor[USERNAME_MAX + 16];	/* "admin:root", a username */
	char	subject[USERNAME_MAX + 1];	/* the user concerned, or "" */
	char	detail[EVENT_DETAIL_MAX + 1];
};

typedef int (*store_event_cb)(const struct event *, void *);

enum perr	 store_event_add(struct store *st, const struct event *e);
/* Events at or after since, oldest first; subject NULL: all subjects. */
enum perr	 store_event_list(struct store *st, int64_t since,
		    const char *subject, store_event_cb cb, void *arg);

/* ------------------------------------------------------------- settings */

typedef int (*store_setting_cb)(const char *key, const char *value, void *);

/* PERR_NOTFOUND when the key has no row (the caller applies the default). */
enum perr	 store_setting_get(struct store *st, const char *key, char *buf,
		    size_t bufsz);
enum perr	 store_setting_set(struct store *st, const char *key,
		    const char *value);
/* PERR_NOTFOUND when there was no row. */
enum perr	 store_setting_unset(struct store *st, const char *key);
/* Rows by key. */
enum perr	 store_setting_list(struct store *st, store_setting_cb cb,
		    void *arg);

/* ---------------------------------------------------------------- purge */

struct purge_counts {
	int64_t	sessions;	/* past absolute expiry, or idle past idle */
	int64_t	consents;	/* past their expiry */
	int64_t	flows;		/* past their expiry */
	int64_t	failures;	/* older than failure_before */
	int64_t	bans;		/* ended STORE_BAN_MEMORY ago or more */
};

/* An ended ban is remembered this long, so the next one doubles. */
#define STORE_BAN_MEMORY	(24 * 3600)

/*
 * Remove what expired at now; failures recorded before failure_before.
 */
enum perr	 store_purge(struct store *st, int64_t now, int64_t failure_before,
		    struct purge_counts *pc);

/* ------------------------------------------------------------- checking */

/* An integrity check of the file (PRAGMA quick_check): PERR_STORE if bad. */
enum perr	 store_check(struct store *st);

/* ------------------------------------------------ TOTP and recovery codes */

/*
 * A user's TOTP secret is kept sealed (lib/secret.c: nonce, ciphertext,
 * tag); the store never sees it in the clear.  last_step is the last time
 * step accepted, -1 when none yet.  Changing or removing the second factor
 * ends the user's sessions in the same transaction.
 */

/* The longest sealed secret a row may hold. */
#define STORE_TOTP_SEALED_MAX	256

/*
 * Store sealed (len bytes, 1..STORE_TOTP_SEALED_MAX) as the user's TOTP
 * secret, replacing any, with last_step -1 and created now, and delete
 * every session of the user; *ended (may be NULL) gets their number.
 * PERR_NOTFOUND when there is no such user; PERR_TOOLONG / PERR_INVAL for
 * a sealed value of a bad length.
 */
enum perr	 store_totp_put(struct store *st, int64_t user,
		    const uint8_t *sealed, size_t len, int64_t now,
		    int64_t *ended);
/*
 * Copy the user's sealed secret into buf (bufsz bytes), its length to
 * *len and the last accepted step to *last_step.  PERR_NOTFOUND when the
 * user has no TOTP; PERR_STORE when the stored value does not fit (the
 * file was written by something else).  buf is wiped on failure.
 */
enum perr	 store_totp_get(struct store *st, int64_t user, uint8_t *buf,
		    size_t bufsz, size_t *len, int64_t *last_step);
/*
 * Remove the user's TOTP secret and delete every session of the user, in
 * one transaction; *ended (may be NULL) gets their number.  PERR_NOTFOUND
 * when there was none (nothing is changed then).
 */
enum perr	 store_totp_del(struct store *st, int64_t user, int64_t *ended);
/*
 * Record step as used, atomically, only if it is later than the last one:
 * UPDATE ... WHERE last_step < step.  PERR_DENIED when no row changed (the
 * step, or a later one, was used already: a replay, or a race lost), or
 * when the user has no TOTP.
 */
enum perr	 store_totp_use(struct store *st, int64_t user, int64_t step);

/*
 * Replace the user's recovery codes by the n SHA-256 hashes (n may be 0:
 * delete them all), in one transaction.  PERR_NOTFOUND when there is no
 * such user (n > 0).
 */
enum perr	 store_recovery_replace(struct store *st, int64_t user,
		    const uint8_t (*hashes)[32], size_t n);
/*
 * Mark the user's unused code of this hash used, atomically.  PERR_DENIED
 * when there is none (never issued, already used, or another user's).
 */
enum perr	 store_recovery_use(struct store *st, int64_t user,
		    const uint8_t hash[32]);
/* The number of the user's recovery codes not used yet. */
enum perr	 store_recovery_count(struct store *st, int64_t user,
		    int64_t *unused);

/* --------------------------------------------------------------- backup */

/* Called after each step of a backup with the pages copied and the total. */
typedef void (*store_backup_cb)(int done, int total, void *);

/*
 * Copy the whole store into the empty file at path, which the caller has
 * made (mode 0600; it is opened, never created).  The copy is one
 * consistent snapshot: a read transaction is held on st throughout, which
 * in WAL mode blocks no writer of another connection.  step pages are
 * copied at a time, progress (may be NULL) called after each step.  The
 * copy is then checked (quick_check) and synced to disk (fsync).  *pages
 * (may be NULL) gets the number of pages copied.  PERR_OK; PERR_INVAL for
 * bad arguments; PERR_STORE (logged) when the copy cannot be made, is not
 * sound, or st is inside a transaction; PERR_NOMEM; PERR_SYSTEM when the
 * sync fails.  On failure path may hold a partial copy and SQLite's
 * "-journal", "-wal" or "-shm" files beside it: the caller removes them.
 */
enum perr	 store_backup(struct store *st, const char *path, int step,
		    store_backup_cb progress, void *arg, int64_t *pages);

/* ------------------------------------------------------------ audit */

typedef int (*store_orphan_cb)(int64_t app, const char *slug,
		    int64_t provider, void *);

/*
 * The applications whose provider does not exist (rows written with
 * foreign keys off, which the integrity check reports only as a foreign
 * key violation), by slug.
 */
enum perr	 store_app_orphans(struct store *st, store_orphan_cb cb,
		    void *arg);

#endif /* !POSTERN_STORE_H */
