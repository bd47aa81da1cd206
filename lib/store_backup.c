/* postern: a consistent copy of the store while the services run. */
/*
 * The copy is made with SQLite's online backup API from the store's own
 * connection into a file the caller has made.  A read transaction is held
 * on the store for the whole copy: in WAL mode readers never block
 * writers, so authz-fcgi and login-cgi go on writing, and the copy is the
 * snapshot the transaction began on (a writer's later pages are in the WAL
 * and never reach the copy half-way, so the backup never restarts).  The
 * pages are copied a few at a time only so that progress can be shown.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "log.h"
#include "store.h"
#include "store_int.h"

/* The copy's own check: one row, "ok". */
static enum perr
store_backup_verify(sqlite3 *db, const char *path)
{
	sqlite3_stmt	*s = NULL;
	const char	*p;
	enum perr	 e = PERR_OK;
	int		 rc, rows = 0;

	if ((rc = sqlite3_prepare_v2(db, "PRAGMA quick_check", -1, &s,
	    NULL)) != SQLITE_OK) {
		log_err("%s: quick_check: %s", path, sqlite3_errmsg(db));
		return PERR_STORE;
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		p = (const char *)sqlite3_column_text(s, 0);
		if (rows++ == 0 && p != NULL && strcmp(p, "ok") == 0)
			continue;
		if (e == PERR_OK)
			log_err("%s: the copy fails its check: %s", path,
			    p != NULL ? p : "?");
		e = PERR_STORE;
	}
	if (rc != SQLITE_DONE && e == PERR_OK) {
		log_err("%s: quick_check: %s", path, sqlite3_errmsg(db));
		e = PERR_STORE;
	}
	sqlite3_finalize(s);
	return e;
}

/* fsync(2) the file at path. */
static enum perr
store_backup_sync(const char *path)
{
	int	fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		log_err("%s: %s", path, strerror(errno));
		return PERR_SYSTEM;
	}
	if (fsync(fd) == -1) {
		log_err("%s: fsync: %s", path, strerror(errno));
		close(fd);
		return PERR_SYSTEM;
	}
	close(fd);
	return PERR_OK;
}

enum perr
store_backup(struct store *st, const char *path, int step,
    store_backup_cb progress, void *arg, int64_t *pages)
{
	sqlite3		*dst = NULL;
	sqlite3_backup	*b = NULL;
	enum perr	 e = PERR_STORE;
	int		 rc, intx = 0, total;

	if (pages != NULL)
		*pages = 0;
	if (st == NULL || path == NULL || *path == '\0' || step <= 0) {
		log_err("store: bad backup arguments");
		return PERR_INVAL;
	}
	if (st->depth > 0) {
		log_err("store: backup inside a transaction");
		return PERR_STORE;
	}
	/* The caller made the file (mode 0600): never create another. */
	rc = sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_PRIVATECACHE, NULL);
	if (rc != SQLITE_OK) {
		log_err("%s: %s", path, dst != NULL ? sqlite3_errmsg(dst) :
		    sqlite3_errstr(rc));
		e = rc == SQLITE_NOMEM ? PERR_NOMEM : PERR_STORE;
		goto done;
	}
	sqlite3_extended_result_codes(dst, 1);

	/* One snapshot for the whole copy (a read of the schema starts it). */
	if ((rc = sqlite3_exec(st->db, "BEGIN DEFERRED", NULL, NULL, NULL))
	    != SQLITE_OK) {
		e = store_err(st, rc, PERR_STORE, "backup: begin");
		goto done;
	}
	intx = 1;
	if ((rc = sqlite3_exec(st->db, "SELECT count(*) FROM sqlite_master",
	    NULL, NULL, NULL)) != SQLITE_OK) {
		e = store_err(st, rc, PERR_STORE, "backup: read");
		goto done;
	}

	if ((b = sqlite3_backup_init(dst, "main", st->db, "main")) == NULL) {
		log_err("%s: backup: %s", path, sqlite3_errmsg(dst));
		e = PERR_STORE;
		goto done;
	}
	do {
		rc = sqlite3_backup_step(b, step);
		total = sqlite3_backup_pagecount(b);
		if (progress != NULL && (rc == SQLITE_OK || rc == SQLITE_DONE))
			progress(total - sqlite3_backup_remaining(b), total,
			    arg);
		/* The snapshot is ours: busy can only be the copy's file. */
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			sqlite3_sleep(10);
	} while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
	if (pages != NULL)
		*pages = sqlite3_backup_pagecount(b);
	if (sqlite3_backup_finish(b) != SQLITE_OK || rc != SQLITE_DONE) {
		log_err("%s: backup: %s", path, sqlite3_errmsg(dst));
		b = NULL;
		e = (rc & 0xff) == SQLITE_NOMEM ? PERR_NOMEM : PERR_STORE;
		goto done;
	}
	b = NULL;
	if ((e = store_backup_verify(dst, path)) != PERR_OK)
		goto done;
	if ((rc = sqlite3_close(dst)) != SQLITE_OK) {
		log_err("%s: close: %s", path, sqlite3_errmsg(dst));
		e = PERR_STORE;
		goto done;
	}
	dst = NULL;
	e = store_backup_sync(path);
done:
	if (b != NULL)
		sqlite3_backup_finish(b);
	if (intx)
		(void)sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(dst);
	return e;
}
