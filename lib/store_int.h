/* postern: the store's private parts, shared by lib/store*.c only. */
/*
 * The definition of struct store and the helpers every store module uses:
 * a per-connection cache of prepared statements, nesting transactions,
 * the mapping of SQLite result codes to enum perr, the generation bump,
 * and bounded copies between C strings and columns.  Nothing outside
 * lib/store*.c includes this file (it includes <sqlite3.h>).
 *
 * How a store function is written:
 *  - SQL text lives in a static const char array, so its address is a
 *    stable key for the statement cache; values are always bound, never
 *    pasted into the text;
 *  - a function that changes rows brackets its work with store_sp_begin()
 *    and store_sp_end(), even for a single statement, so that it joins the
 *    caller's store_begin() and a failure leaves nothing behind;
 *  - every string is length-checked against its record buffer before it is
 *    bound (PERR_TOOLONG), so reading it back can never truncate.
 */
#ifndef POSTERN_STORE_INT_H
#define POSTERN_STORE_INT_H

#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

#include "perr.h"

#define STORE_BUSY_MS	5000	/* busy_timeout: then PERR_BUSY, no retry */
#define STORE_STMT_MAX	128	/* cached statements per connection */

struct store_stmt {
	const char	*sql;		/* the key: the address of the text */
	sqlite3_stmt	*stmt;
};

struct store {
	sqlite3			*db;
	int			 readonly;
	int			 depth;		/* open transaction levels */
	int			 broken;	/* SQLite rolled back under us */
	int			 opened_at;	/* schema version found at open */
	size_t			 nstmt;
	struct store_stmt	 stmts[STORE_STMT_MAX];
};

/* store.c */

/*
 * A prepared statement for sql (a static array), from the cache when it is
 * idle, else freshly prepared (a list callback may re-enter the store).
 * Give it back with store_stmt_done() on every path.
 */
enum perr	 store_stmt(struct store *, const char *sql, sqlite3_stmt **);
/* Reset (cached) or finalize (uncached) s; NULL-safe. */
void		 store_stmt_done(struct store *, sqlite3_stmt *s);

/*
 * Map a SQLite result code to enum perr, logging one line for the codes
 * that are failures of the store rather than answers (busy, memory, I/O,
 * corruption).  A foreign-key violation becomes fk: PERR_INUSE when a row
 * being deleted is referenced, PERR_NOTFOUND when an inserted reference
 * names nothing.
 */
enum perr	 store_err(struct store *, int rc, enum perr fk, const char *what);

/*
 * Step s, expecting SQLITE_DONE (PERR_OK); anything else is mapped by
 * store_err() with fk.
 */
enum perr	 store_step_done(struct store *, sqlite3_stmt *s, enum perr fk,
		    const char *what);

/*
 * Step s, expecting one row: PERR_OK with the row ready to read,
 * PERR_NOTFOUND when there is none, else the mapped error.
 */
enum perr	 store_step_row(struct store *, sqlite3_stmt *s,
		    const char *what);

/*
 * Run sql, a statement that changes rows, binding ?1 = a and, when the
 * statement has a second parameter, ?2 = b; in its own savepoint, with
 * the generation bumped when flags has STORE_GEN.  With STORE_NEED, no
 * row changed is PERR_NOTFOUND.  *n (may be NULL) gets the rows changed.
 */
#define STORE_GEN	0x01
#define STORE_NEED	0x02
enum perr	 store_change_ids(struct store *, const char *sql, int64_t a,
		    int64_t b, int flags, enum perr fk, int64_t *n,
		    const char *what);

/*
 * Transactions: the outermost level is BEGIN IMMEDIATE (so the write lock
 * is waited for under busy_timeout, never upgraded half-way), inner levels
 * are savepoints.  store_sp_end() releases on PERR_OK and rolls back
 * otherwise, returning the first error.
 */
enum perr	 store_sp_begin(struct store *);
enum perr	 store_sp_release(struct store *);
void		 store_sp_rollback(struct store *);
enum perr	 store_sp_end(struct store *, enum perr);

/* Increment the configuration generation (inside a transaction). */
enum perr	 store_gen_bump(struct store *);

/*
 * Bind the string s (at most max bytes, else PERR_TOOLONG) as parameter
 * idx of stmt.  s must outlive the statement's use (SQLITE_STATIC).
 */
enum perr	 store_bind_text(sqlite3_stmt *, int idx, const char *s,
		    size_t max);
/* As store_bind_text(), also refusing "" with PERR_INVAL (names, keys). */
enum perr	 store_bind_name(sqlite3_stmt *, int idx, const char *s,
		    size_t max);
/* Check that s holds at most max bytes before its NUL (PERR_TOOLONG). */
enum perr	 store_len(const char *s, size_t max);

/*
 * Copy text column col into buf of bufsz bytes, NUL-terminated; NULL is
 * "".  A value that does not fit or holds a NUL byte is PERR_STORE (the
 * file was written by something else).
 */
enum perr	 store_col_text(sqlite3_stmt *, int col, char *buf, size_t bufsz);

/* A user's columns, as store_user_row() reads them from column c on. */
#define USER_COLS \
	"u.id, u.name, u.display, u.email, u.hash, u.active, " \
	"EXISTS (SELECT 1 FROM totp t WHERE t.user_id = u.id), " \
	"u.created, u.changed"
#define USER_NCOLS	9
enum perr	 store_user_row(sqlite3_stmt *, int c, struct user *);

/* Store limits for names held in fixed arrays: the buffer less its NUL. */
#define STORE_FIELD_MAX(f)	(sizeof(f) - 1)

#endif /* !POSTERN_STORE_INT_H */
