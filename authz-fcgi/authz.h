/* postern: authz-fcgi's private header. */
/*
 * authz-fcgi answers, for every request a web server asks about: may this
 * through, and as whom?  main.c reads the options, opens the socket and
 * the store, drops privileges and starts the threads; server.c is the
 * dispatcher (it accepts connections and hands a worker only those that
 * have something to read, so idle or slow peers cannot hold a worker) and
 * the watchdog; worker.c runs one request through decide(); respond.c
 * writes the answer in the shape of the role (RESPONDER for nginx,
 * AUTHORIZER for lighttpd and Apache).
 */
#ifndef AUTHZ_FCGI_H
#define AUTHZ_FCGI_H

#include <pthread.h>
#include <stdint.h>

#include <fastcgi.h>
#include <fcgiapp.h>

struct decide_cfg;
struct usercache;
struct decision;
struct store;

struct options {
	const char	*listen;	/* "unix:PATH", "HOST:PORT" or NULL (fd 0) */
	const char	*db;
	const char	*outpost;
	const char	*user;		/* drop to this user, or NULL */
	const char	*sockgroup;	/* group of a unix socket, or NULL */
	int		 sockmode;	/* mode of a unix socket */
	int		 threads;
	int		 timeout;	/* seconds for one request */
	int		 maxconns;	/* open connections at most */
	int		 cacheusers;	/* users kept in the cache; 0: none */
	int		 syslog;
};

/* One worker thread and what the watchdog may see of it. */
struct worker {
	pthread_t		 thread;
	int			 n;
	int			 loop;		/* a loop thread, not a worker */
	struct server		*srv;
	struct store		*st;
	struct decide_cfg	*cfg;
	FCGX_Request		 req;
	pthread_mutex_t		 lock;		/* fd and deadline */
	int			 fd;		/* the connection served, or -1 */
	int64_t			 deadline;	/* monotonic seconds */
};

struct server {
	const struct options	*opt;
	int			 listenfd;
	int			 epfd;
	int			 wakefd;	/* eventfd: a worker gave back */
	/* Ready connections for the workers: a bounded ring. */
	pthread_mutex_t		 qlock;
	pthread_cond_t		 qcond;
	int			*queue;
	int			 qhead, qlen, qmax;
	int			 nconns;	/* open, in epoll or in a worker */
	struct worker		*workers;
	int			 nworkers;
	struct usercache	*users;		/* shared; NULL: no cache */
};

/* server.c */
int		 server_listen(const struct options *);
void		 server_unlink_socket(const char *path);
int		 server_prepare(struct server *);
int		 server_run(struct server *);
void		 server_loop(struct worker *);
void		 server_queue(struct server *, int fd);
int		 server_take(struct server *);
void		 server_give_back(struct server *, int fd);
void		 server_closed(struct server *, int fd);
int64_t		 server_now_mono(void);
extern volatile int	server_stop;
extern volatile int	server_reopen_log;

/* worker.c */
void		*worker_main(void *);
void		*worker_loop_main(void *);
int		 worker_answer(struct worker *, int fd);

/* privsep.c */
int		 privsep_drop(const char *user);

/*
 * The role a request is answered in (worker_role()): RESPONDER (nginx),
 * AUTHORIZER (lighttpd, mod_authnz_fcgi), or mod_fcgid's access checker,
 * an AUTHORIZER that takes any Location for a failure.
 */
#define ROLE_RESPONDER		0
#define ROLE_AUTHORIZER		1
#define ROLE_ACCESS_CHECKER	2

/* respond.c */
int		 respond(FCGX_Request *, const struct decision *, int role);
int		 respond_status(const struct decision *, int role);
int		 respond_error(FCGX_Request *, int status, const char *why);

#endif /* !AUTHZ_FCGI_H */
