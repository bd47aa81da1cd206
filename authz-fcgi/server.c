/* postern: authz-fcgi's dispatcher, connection limits and watchdog. */
/*
 * libfcgi reads a request with blocking calls, so no thread may wait on a
 * slow or silent peer.  The --threads loop threads each wait on an epoll
 * set of their own: the listening socket (EPOLLEXCLUSIVE, so one loop
 * wakes per connection) and the connections they accepted.  A loop lets
 * libfcgi read a request only once the whole of it is in the socket
 * buffer (fcgirec.h), so those reads never wait: the usual request, which
 * a web server writes as soon as it has connected, is answered by the
 * thread that accepted it, with no hand-off.  A connection still short of
 * a whole request waits in the set, and is closed --timeout after it
 * connected.  What is not the usual shape (management records, an abort, a
 * request over 16 KiB) goes to the worker threads: the main thread keeps
 * those connections, idle, in its own epoll set and queues one for them
 * once it has bytes to read; a worker lets libfcgi read it with the
 * connection's receive timeout, and the watchdog shuts down a connection
 * that has held a worker past twice --timeout.  Past --max-conns a new
 * connection is closed at once, so an attacker gets a refusal, not a
 * queue.
 */
#include "config.h"

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <fcntl.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "authz.h"
#include "lib/fcgirec.h"
#include "lib/log.h"

volatile int	server_stop;
volatile int	server_reopen_log;

/* Per-connection bookkeeping, indexed by fd. */
struct conn {
	int64_t	since;		/* when it went idle, monotonic seconds */
	int	idle;		/* in the main thread's epoll set */
	int	loop;		/* in that loop's set (its number + 1), or 0 */
	int	partial;	/* part of a request is there (for a stop) */
};

static struct conn	*conns;
static int		 nconnslots;

int64_t
server_now_mono(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec;
}

/* Remove path only when it is a socket: a typo must not delete a file. */
void
server_unlink_socket(const char *path)
{
	struct stat	sb;

	if (lstat(path, &sb) == 0 && S_ISSOCK(sb.st_mode))
		unlink(path);
}

/*
 * Give a unix socket the owner --user and the group --socket-group (else
 * --user's group), and --socket-mode, so the web server can connect once
 * privileges are dropped.
 */
static int
server_socket_owner(const struct options *opt, const char *path)
{
	struct passwd	*pw;
	struct group	*gr;
	uid_t		 uid = (uid_t)-1;
	gid_t		 gid = (gid_t)-1;

	if (opt->user != NULL) {
		if ((pw = getpwnam(opt->user)) == NULL) {
			log_err("--user %s: no such user", opt->user);
			return -1;
		}
		uid = pw->pw_uid;
		gid = pw->pw_gid;
	}
	if (opt->sockgroup != NULL) {
		if ((gr = getgrnam(opt->sockgroup)) == NULL) {
			log_err("--socket-group %s: no such group",
			    opt->sockgroup);
			return -1;
		}
		gid = gr->gr_gid;
	}
	if ((uid != (uid_t)-1 || gid != (gid_t)-1) &&
	    chown(path, uid, gid) == -1) {
		log_err("%s: chown: %s", path, strerror(errno));
		return -1;
	}
	if (chmod(path, (mode_t)opt->sockmode) == -1) {
		log_err("%s: chmod: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * Open the listening socket of --listen: "unix:PATH" (a stale socket
 * replaced, never another file) or "HOST:PORT" ("[V6]:PORT" for IPv6).
 * Returns the fd or -1 (logged).
 */
int
server_listen(const struct options *opt)
{
	struct sockaddr_un	 sun;
	struct addrinfo		 hints, *res = NULL, *ai;
	char			 host[256];
	const char		*colon;
	int			 fd = -1, on = 1, rc;

	if (strncmp(opt->listen, "unix:", 5) == 0) {
		memset(&sun, 0, sizeof(sun));
		sun.sun_family = AF_UNIX;
		if (strlcpy(sun.sun_path, opt->listen + 5,
		    sizeof(sun.sun_path)) >= sizeof(sun.sun_path)) {
			log_err("--listen %s: path too long", opt->listen);
			return -1;
		}
		if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1) {
			log_err("socket: %s", strerror(errno));
			return -1;
		}
		server_unlink_socket(sun.sun_path);
		if (bind(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1) {
			log_err("%s: %s", opt->listen, strerror(errno));
			close(fd);
			return -1;
		}
		if (server_socket_owner(opt, sun.sun_path) == -1 ||
		    listen(fd, 1024) == -1) {
			log_err("%s: %s", opt->listen, strerror(errno));
			server_unlink_socket(sun.sun_path);
			close(fd);
			return -1;
		}
		return fd;
	}
	if ((colon = strrchr(opt->listen, ':')) == NULL ||
	    (size_t)(colon - opt->listen) >= sizeof(host)) {
		log_err("--listen %s: unix:PATH or HOST:PORT", opt->listen);
		return -1;
	}
	memcpy(host, opt->listen, (size_t)(colon - opt->listen));
	host[colon - opt->listen] = '\0';
	/* "[::1]:9000": the brackets are not part of the address. */
	if (host[0] == '[' && colon > opt->listen + 1 && colon[-1] == ']') {
		memmove(host, host + 1, strlen(host) - 2);
		host[colon - opt->listen - 2] = '\0';
	}
	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	if ((rc = getaddrinfo(*host ? host : NULL, colon + 1, &hints, &res))
	    != 0) {
		log_err("--listen %s: %s", opt->listen, gai_strerror(rc));
		return -1;
	}
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		if ((fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC,
		    ai->ai_protocol)) == -1)
			continue;
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
		if (bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 &&
		    listen(fd, 1024) == 0)
			break;
		close(fd);
		fd = -1;
	}
	if (fd == -1)
		log_err("--listen %s: %s", opt->listen, strerror(errno));
	freeaddrinfo(res);
	return fd;
}

/* A worker waits here for a connection; -1 when the server stops. */
int
server_take(struct server *srv)
{
	int	fd;

	pthread_mutex_lock(&srv->qlock);
	while (srv->qlen == 0 && !server_stop)
		pthread_cond_wait(&srv->qcond, &srv->qlock);
	if (srv->qlen == 0) {
		pthread_mutex_unlock(&srv->qlock);
		return -1;
	}
	fd = srv->queue[srv->qhead];
	srv->qhead = (srv->qhead + 1) % srv->qmax;
	srv->qlen--;
	pthread_mutex_unlock(&srv->qlock);
	return fd;
}

/* A kept connection goes back to the idle set (its own fd's slot). */
void
server_give_back(struct server *srv, int fd)
{
	struct epoll_event	ev;
	uint64_t		one = 1;

	memset(&ev, 0, sizeof(ev));
	ev.events = EPOLLIN | EPOLLRDHUP;
	ev.data.fd = fd;
	conns[fd].since = server_now_mono();
	conns[fd].idle = 1;
	if (epoll_ctl(srv->epfd, EPOLL_CTL_ADD, fd, &ev) == -1) {
		conns[fd].idle = 0;
		close(fd);
		server_closed(srv, fd);
		return;
	}
	/* Wake the dispatcher so the idle clock is checked. */
	(void)write(srv->wakefd, &one, sizeof(one));
}

/* A connection was closed by a worker or by libfcgi. */
void
server_closed(struct server *srv, int fd)
{
	/* An atomic count: the loops accept and close without a lock. */
	__atomic_sub_fetch(&srv->nconns, 1, __ATOMIC_RELAXED);
	(void)fd;
}

static void
server_drop(struct server *srv, int fd)
{
	epoll_ctl(srv->epfd, EPOLL_CTL_DEL, fd, NULL);
	conns[fd].idle = 0;
	close(fd);
	server_closed(srv, fd);
}

/* Hand a readable connection to the workers, or drop it when they lag. */
void
server_queue(struct server *srv, int fd)
{
	pthread_mutex_lock(&srv->qlock);
	if (srv->qlen == srv->qmax) {
		pthread_mutex_unlock(&srv->qlock);
		log_warn("all workers busy and the queue full: connection "
		    "dropped");
		close(fd);
		server_closed(srv, fd);
		return;
	}
	srv->queue[(srv->qhead + srv->qlen) % srv->qmax] = fd;
	srv->qlen++;
	pthread_mutex_unlock(&srv->qlock);
	/* After the unlock: the woken worker does not block on the lock. */
	pthread_cond_signal(&srv->qcond);
}

/* An idle connection has bytes to read: out of the idle set, queued. */
static void
server_ready(struct server *srv, int fd)
{
	epoll_ctl(srv->epfd, EPOLL_CTL_DEL, fd, NULL);
	conns[fd].idle = 0;
	server_queue(srv, fd);
}

/*
 * Accept one connection, or -1 (none pending, another loop was first, or
 * refused past --max-conns).
 */
static int
server_accept_one(struct server *srv)
{
	int	fd, n;

	fd = accept4(srv->listenfd, NULL, NULL, SOCK_CLOEXEC);
	if (fd == -1) {
		if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR &&
		    errno != ECONNABORTED) {
			log_warn("accept: %s", strerror(errno));
			usleep(10000);		/* EMFILE: no busy loop */
		}
		return -1;
	}
	n = __atomic_add_fetch(&srv->nconns, 1, __ATOMIC_RELAXED);
	if (n > srv->opt->maxconns || fd >= nconnslots) {
		close(fd);	/* refused at once, not queued */
		server_closed(srv, fd);
		return -1;
	}
	return fd;
}

/*
 * A connection going to the workers gets --timeout on its reads and
 * writes: libfcgi reads it with blocking calls.  One a loop answers
 * needs none: its request is whole in the buffer before libfcgi reads,
 * and an answer of a few hundred bytes fits in an empty send buffer.
 */
static void
server_timeouts(struct server *srv, int fd)
{
	struct timeval	tv;

	tv.tv_sec = srv->opt->timeout;
	tv.tv_usec = 0;
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
}

/* Into this loop's set, to wait for (the rest of) a request. */
static void
loop_keep(struct worker *w, int epfd, int fd)
{
	struct epoll_event	ev;

	memset(&ev, 0, sizeof(ev));
	ev.events = EPOLLIN | EPOLLRDHUP;
	ev.data.fd = fd;
	conns[fd].since = server_now_mono();
	conns[fd].loop = w->n + 1;
	conns[fd].partial = 0;
	if (epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev) == -1) {
		conns[fd].loop = 0;
		close(fd);
		server_closed(w->srv, fd);
	}
}

/* Out of this loop's set (when it is there), and closed. */
static void
loop_drop(struct worker *w, int epfd, int fd)
{
	if (conns[fd].loop != 0) {
		epoll_ctl(epfd, EPOLL_CTL_DEL, fd, NULL);
		conns[fd].loop = 0;
	}
	close(fd);
	server_closed(w->srv, fd);
}

/*
 * A connection of this loop has news (or was just accepted): answer its
 * request when all of it is there, keep waiting while it is not, or hand
 * it to the workers when it is not the usual shape.
 */
static void
loop_conn(struct worker *w, int epfd, int fd)
{
	unsigned char	buf[FCGIREC_PEEK_MAX];
	enum fcgirec	st;
	ssize_t		r;
	int		in = 1;		/* in this loop's set */

	r = recv(fd, buf, sizeof(buf), MSG_PEEK | MSG_DONTWAIT);
	if (r == 0 || (r == -1 && errno != EAGAIN && errno != EWOULDBLOCK &&
	    errno != EINTR)) {
		loop_drop(w, epfd, fd);
		return;
	}
	st = r > 0 ? fcgirec_state(buf, (size_t)r) : FCGIREC_MORE;
	if (st == FCGIREC_MORE) {
		if (conns[fd].loop == 0)
			loop_keep(w, epfd, fd);
		conns[fd].partial = r > 0;
		return;
	}
	if (st == FCGIREC_OTHER) {
		if (conns[fd].loop != 0) {
			epoll_ctl(epfd, EPOLL_CTL_DEL, fd, NULL);
			conns[fd].loop = 0;
		}
		server_timeouts(w->srv, fd);
		server_queue(w->srv, fd);
		return;
	}
	/*
	 * One already in the set stays there while it is answered: kept, it
	 * waits for the next request; closed, close() takes it out.
	 */
	if (conns[fd].loop != 0)
		conns[fd].loop = 0;
	else
		in = 0;
	if (worker_answer(w, fd)) {
		if (server_stop) {
			if (in)
				epoll_ctl(epfd, EPOLL_CTL_DEL, fd, NULL);
			close(fd);
			server_closed(w->srv, fd);
		} else if (in) {
			conns[fd].since = server_now_mono();
			conns[fd].loop = w->n + 1;
			conns[fd].partial = 0;
		} else
			loop_keep(w, epfd, fd);	/* kept: the next request */
	}
}

/* Once a second: this loop's connections past --timeout. */
static void
loop_expire(struct worker *w, int epfd, int64_t now)
{
	int	fd;

	for (fd = 0; fd < nconnslots; fd++)
		if (conns[fd].loop == w->n + 1 &&
		    now - conns[fd].since > w->srv->opt->timeout)
			loop_drop(w, epfd, fd);
}

/* Does this loop still hold a connection? */
static int
loop_holds(const struct worker *w)
{
	int	fd;

	for (fd = 0; fd < nconnslots; fd++)
		if (conns[fd].loop == w->n + 1)
			return 1;
	return 0;
}

/* A loop thread, until the server stops. */
void
server_loop(struct worker *w)
{
	struct server		*srv = w->srv;
	struct epoll_event	 ev, evs[32];
	int64_t			 last = 0, now;
	int			 epfd, fd, i, n, stopping = 0;

	if ((epfd = epoll_create1(EPOLL_CLOEXEC)) == -1) {
		log_err("loop %d: epoll: %s", w->n, strerror(errno));
		return;
	}
	memset(&ev, 0, sizeof(ev));
	ev.events = EPOLLIN | EPOLLEXCLUSIVE;
	ev.data.fd = srv->listenfd;
	if (epoll_ctl(epfd, EPOLL_CTL_ADD, srv->listenfd, &ev) == -1) {
		log_err("loop %d: epoll: %s", w->n, strerror(errno));
		close(epfd);
		return;
	}
	for (;;) {
		if (server_stop && !stopping) {
			/*
			 * No new connection; an idle one is dropped, one with
			 * part of a request is answered when the rest comes
			 * (or closed at its timeout), as a worker would.
			 */
			stopping = 1;
			epoll_ctl(epfd, EPOLL_CTL_DEL, srv->listenfd, NULL);
			for (fd = 0; fd < nconnslots; fd++)
				if (conns[fd].loop == w->n + 1 &&
				    !conns[fd].partial)
					loop_drop(w, epfd, fd);
		}
		if (stopping && !loop_holds(w))
			break;
		n = epoll_wait(epfd, evs, 32, 1000);
		for (i = 0; i < n; i++) {
			fd = evs[i].data.fd;
			if (fd != srv->listenfd)
				loop_conn(w, epfd, fd);
			else if (!stopping &&
			    (fd = server_accept_one(srv)) != -1)
				loop_conn(w, epfd, fd);
		}
		if ((now = server_now_mono()) != last) {
			last = now;
			loop_expire(w, epfd, now);
		}
	}
	close(epfd);
}

/* Once a second: idle connections past the timeout, workers past theirs. */
static void
server_tick(struct server *srv)
{
	int64_t	now = server_now_mono();
	int	fd, i;

	for (fd = 0; fd < nconnslots; fd++)
		if (conns[fd].idle &&
		    now - conns[fd].since > srv->opt->timeout)
			server_drop(srv, fd);
	for (i = 0; i < srv->nworkers; i++) {
		struct worker	*w = &srv->workers[i];

		pthread_mutex_lock(&w->lock);
		if (w->fd >= 0 && now > w->deadline) {
			log_warn("worker %d: request over %d s: connection "
			    "shut down", w->n, 2 * srv->opt->timeout);
			shutdown(w->fd, SHUT_RDWR);
			w->deadline = now + srv->opt->timeout;
		}
		pthread_mutex_unlock(&w->lock);
	}
}

/*
 * Before any thread starts: the descriptor table, the idle set, and a
 * non-blocking listening socket (the loops accept when epoll says so).
 */
int
server_prepare(struct server *srv)
{
	struct epoll_event	 ev;
	struct rlimit		 rl;
	int			 fl;

	/* Room for --max-conns descriptors, as far as the limit allows. */
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
		if (rl.rlim_cur < rl.rlim_max) {
			rl.rlim_cur = rl.rlim_max;
			setrlimit(RLIMIT_NOFILE, &rl);
		}
		nconnslots = rl.rlim_cur > 65536 ? 65536 : (int)rl.rlim_cur;
	} else
		nconnslots = 1024;
	if ((conns = calloc((size_t)nconnslots, sizeof(*conns))) == NULL) {
		log_err("out of memory");
		return -1;
	}
	if ((srv->epfd = epoll_create1(EPOLL_CLOEXEC)) == -1 ||
	    (srv->wakefd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) == -1) {
		log_err("epoll: %s", strerror(errno));
		return -1;
	}
	memset(&ev, 0, sizeof(ev));
	ev.events = EPOLLIN;
	ev.data.fd = srv->wakefd;
	if (epoll_ctl(srv->epfd, EPOLL_CTL_ADD, srv->wakefd, &ev) == -1 ||
	    (fl = fcntl(srv->listenfd, F_GETFL)) == -1 ||
	    fcntl(srv->listenfd, F_SETFL, fl | O_NONBLOCK) == -1) {
		log_err("listening socket: %s", strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * The main thread's loop until SIGTERM: the workers' idle connections and
 * the watchdog.  Then every thread finishes what it holds.
 */
int
server_run(struct server *srv)
{
	struct epoll_event	 evs[64];
	int64_t			 last = 0, now;
	uint64_t		 buf;
	int			 i, n, fd, rc;

	rc = 0;
	while (!server_stop) {
		if (server_reopen_log) {
			server_reopen_log = 0;
			log_reopen();
		}
		n = epoll_wait(srv->epfd, evs, 64, 1000);
		if (n == -1 && errno != EINTR) {
			log_err("epoll_wait: %s", strerror(errno));
			rc = -1;
			break;
		}
		for (i = 0; i < n; i++) {
			fd = evs[i].data.fd;
			if (fd == srv->wakefd)
				(void)read(srv->wakefd, &buf, sizeof(buf));
			else if (evs[i].events & (EPOLLERR | EPOLLHUP))
				server_drop(srv, fd);
			else
				server_ready(srv, fd);
		}
		if ((now = server_now_mono()) != last) {
			last = now;
			server_tick(srv);
		}
	}
	pthread_mutex_lock(&srv->qlock);
	server_stop = 1;
	pthread_cond_broadcast(&srv->qcond);
	pthread_mutex_unlock(&srv->qlock);
	return rc;
}
