/* postern: authz-fcgi's workers: one request at a time through decide(). */
/*
 * Each worker owns one store connection (with its prepared statements)
 * and one configuration cache, refreshed when the store's generation
 * moves.  It takes a connection that has something to read from the
 * dispatcher, lets libfcgi read the request from it, answers, and hands
 * the connection back when the web server asked to keep it.  The request
 * body is never read.
 */
#include "config.h"

#include <sys/socket.h>

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "authz.h"
#include "lib/decide.h"
#include "lib/log.h"
#include "lib/request.h"
#include "lib/store.h"

/* Which role, and for AUTHORIZER which Apache phase, or -1 to refuse. */
static int
worker_role(FCGX_Request *req)
{
	const char	*ar;

	if (req->role == FCGI_RESPONDER)
		return ROLE_RESPONDER;
	if (req->role != FCGI_AUTHORIZER)
		return -1;
	/*
	 * mod_authnz_fcgi and mod_fcgid name the phase; all decide alike.
	 * mod_fcgid's FcgidAccessChecker sends ACCESS_CHECKER and takes
	 * any Location for a failure: refusals are answered without one.
	 */
	ar = FCGX_GetParam("FCGI_APACHE_ROLE", req->envp);
	if (ar == NULL || strcmp(ar, "AUTHORIZER") == 0 ||
	    strcmp(ar, "AUTHENTICATOR") == 0)
		return ROLE_AUTHORIZER;
	if (strcmp(ar, "ACCESS_CHECKER") == 0)
		return ROLE_ACCESS_CHECKER;
	return -1;
}

static void
worker_log(const struct request *r, const struct decision *d, int status)
{
	const char	*uri = r->uri != NULL ? r->uri : "-";

	/* Denials go to the log, never to a row per request. */
	if (d->outcome == OUTCOME_ALLOW || d->outcome == OUTCOME_LOGIN ||
	    d->outcome == OUTCOME_CONSENT || d->outcome == OUTCOME_UNAUTH)
		return;
	/* Never the query: a callback's code is a token. */
	log_info("%s %s%.*s from %s: %d %s%s%s%s%s", r->method != NULL ?
	    r->method : "-", r->host != NULL ? r->host : "-",
	    (int)strcspn(uri, "?#"), uri, r->addr != NULL ? r->addr : "-",
	    status, d->why, *d->app ? " app " : "", d->app,
	    *d->hint ? " session " : "", d->hint);
}

/* Answer the request libfcgi has read into w->req. */
static void
worker_serve(struct worker *w)
{
	struct request	 r;
	struct decision	 d;
	const char	*why = NULL;
	int64_t		 now;
	int		 role;
	enum perr	 e;

	if ((role = worker_role(&w->req)) == -1) {
		log_err("refused FastCGI role %d (%s)", w->req.role,
		    FCGX_GetParam("FCGI_APACHE_ROLE", w->req.envp) != NULL ?
		    "unknown FCGI_APACHE_ROLE" : "not RESPONDER or AUTHORIZER");
		respond_error(&w->req, 500, "Unsupported FastCGI role.");
		return;
	}
	if ((e = request_from_env(w->req.envp, &r, &why)) != PERR_OK) {
		log_warn("refused request: %s", why != NULL ? why :
		    perr_str(e));
		respond_error(&w->req, 403, "Access denied.");
		return;
	}
	/*
	 * One read transaction for the request's lookups: one snapshot, one
	 * read lock.  The idle-time touch, a write, comes after it.
	 */
	if ((e = store_read_begin(w->st)) != PERR_OK) {
		log_err("store: %s", perr_str(e));
		respond_error(&w->req, 500, "The authorizer failed; access is "
		    "refused.");
		return;
	}
	if (w->cfg == NULL) {
		if ((e = decide_cfg_load(w->st, w->srv->opt->outpost,
		    &w->cfg)) == PERR_OK)
			decide_cfg_cache(w->cfg, w->srv->users);
	} else
		e = decide_cfg_refresh(w->st, w->cfg);
	if (e != PERR_OK) {
		store_rollback(w->st);
		log_err("configuration of outpost %s: %s", w->srv->opt->outpost,
		    perr_str(e));
		respond_error(&w->req, 500, "The authorizer failed; access is "
		    "refused.");
		return;
	}
	now = (int64_t)time(NULL);
	decide_deferred(w->cfg, w->st, &r, now, &d);
	if (store_read_end(w->st) != PERR_OK && d.outcome != OUTCOME_ERROR) {
		/* A callback's write could not commit: fail closed. */
		log_err("store: the request's transaction did not commit");
		d.outcome = OUTCOME_ERROR;
	}
	decide_touch(w->st, &d, now);
	worker_log(&r, &d, respond_status(&d, role));
	if (respond(&w->req, &d, role) == -1)
		log_warn("answer to %s: write failed", r.addr != NULL ?
		    r.addr : "-");
}

/* Mark the connection this worker serves, for the watchdog. */
static void
worker_hold(struct worker *w, int fd)
{
	pthread_mutex_lock(&w->lock);
	w->fd = fd;
	/*
	 * Each read already times out after --timeout; the watchdog is for a
	 * peer trickling bytes, so it waits twice that (and so rarely races
	 * with libfcgi closing the connection on a read timeout).
	 */
	w->deadline = fd >= 0 ? server_now_mono() + 2 * w->srv->opt->timeout :
	    0;
	pthread_mutex_unlock(&w->lock);
}

/*
 * Let libfcgi read the request on fd and answer it.  1 when the web
 * server keeps the connection (it is the caller's again), 0 when it is
 * closed.
 */
int
worker_answer(struct worker *w, int fd)
{
	int	rc, keep;

	worker_hold(w, fd);
	/*
	 * Hand libfcgi the connection: with keepConnection set and no stream
	 * open, FCGX_Accept_r reads from ipcFd instead of accepting.  The
	 * listening socket is -1, so a broken request ends the call instead
	 * of accepting another connection.
	 */
	w->req.ipcFd = fd;
	w->req.keepConnection = 1;
	rc = FCGX_Accept_r(&w->req);
	if (rc < 0) {
		/* libfcgi closed the connection (ipcFd is -1). */
		worker_hold(w, -1);
		server_closed(w->srv, fd);
		w->req.ipcFd = -1;
		return 0;
	}
	worker_serve(w);
	/*
	 * Writes END_REQUEST.  libfcgi is told to keep the connection either
	 * way, so that it is closed here, after the watchdog stops watching
	 * it: it can then never shut down a reused fd (but for the failure
	 * below, in the instant after a request already past the watchdog's
	 * limit).
	 */
	keep = w->req.keepConnection;
	w->req.keepConnection = 1;
	FCGX_Finish_r(&w->req);
	worker_hold(w, -1);
	/*
	 * A failed write (the peer is gone) or a broken input stream: libfcgi
	 * closed the connection itself and set ipcFd to -1.  Its number may
	 * already be another connection's: it is neither kept nor closed
	 * again.
	 */
	if (w->req.ipcFd == -1) {
		server_closed(w->srv, fd);
		return 0;
	}
	w->req.ipcFd = -1;
	if (keep)
		return 1;
	close(fd);
	server_closed(w->srv, fd);
	return 0;
}

/* A worker: connections the main thread queued, one at a time. */
void *
worker_main(void *arg)
{
	struct worker	*w = arg;
	int		 fd;

	while ((fd = server_take(w->srv)) != -1)
		if (worker_answer(w, fd))
			server_give_back(w->srv, fd);
	return NULL;
}

/* A loop thread: server.c's loop, answering through worker_answer(). */
void *
worker_loop_main(void *arg)
{
	server_loop(arg);
	return NULL;
}
