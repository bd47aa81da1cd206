/* postern: authz-fcgi: options, socket, store, privileges, threads. */
/*
 * The order is fixed: read the options; open the listening socket (or take
 * the one a web server or systemd hands over); open one store connection
 * per worker; then drop privileges; then start the workers and run the
 * dispatcher until SIGTERM, after which the requests in flight finish.
 */
#include "config.h"

#include <sys/socket.h>
#include <sys/types.h>

#include <errno.h>
#include <getopt.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "authz.h"
#include "lib/decide.h"
#include "lib/log.h"
#include "lib/store.h"
#include "lib/usercache.h"

#define THREADS_MAX	256
#define CACHE_USERS_MAX	1000000

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: authz-fcgi [--listen unix:PATH | --listen HOST:PORT] [--db PATH]\n"
	    "                  [--outpost NAME] [--threads N] [--timeout SECONDS]\n"
	    "                  [--max-conns N] [--cache-users N] [--user USER]\n"
	    "                  [--socket-group GROUP] [--socket-mode MODE]\n"
	    "                  [--log syslog|stderr]\n"
	    "       authz-fcgi --help | --version\n"
	    "\n"
	    "Without --listen the socket is the one on fd 0 (a web server spawning\n"
	    "it) or on fd 3 (systemd socket activation).  The store is --db PATH,\n"
	    "else $POSTERN_DB, else %s.\n", POSTERN_STATEDIR "/postern.db");
}

static void
on_signal(int sig)
{
	if (sig == SIGHUP)
		server_reopen_log = 1;
	else
		server_stop = 1;
}

/* The socket handed over: systemd's fd 3, else a listening fd 0. */
static int
inherited_socket(void)
{
	const char	*pid = getenv("LISTEN_PID"), *fds = getenv("LISTEN_FDS");
	const char	*errstr;
	int		 on = 0;
	socklen_t	 len = sizeof(on);

	if (pid != NULL && fds != NULL &&
	    strtonum(pid, 1, INT32_MAX, &errstr) == (long long)getpid() &&
	    strtonum(fds, 1, 64, &errstr) >= 1)
		return 3;
	if (getsockopt(0, SOL_SOCKET, SO_ACCEPTCONN, &on, &len) == 0 && on)
		return 0;
	return -1;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "listen", required_argument, NULL, 'l' },
		{ "db", required_argument, NULL, 'd' },
		{ "outpost", required_argument, NULL, 'o' },
		{ "threads", required_argument, NULL, 't' },
		{ "timeout", required_argument, NULL, 'T' },
		{ "max-conns", required_argument, NULL, 'm' },
		{ "cache-users", required_argument, NULL, 'c' },
		{ "user", required_argument, NULL, 'u' },
		{ "socket-group", required_argument, NULL, 'g' },
		{ "socket-mode", required_argument, NULL, 'M' },
		{ "log", required_argument, NULL, 'L' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct options		 opt;
	struct server		 srv;
	struct sigaction	 sa;
	struct decide_cfg	*probe = NULL;
	cpu_set_t		 cpus;
	int			 nloops;
	const char		*errstr;
	char			*end;
	int64_t			 gen;
	int			 ch, i, rc = 1;
	enum perr		 e;

	memset(&opt, 0, sizeof(opt));
	opt.threads = 4;
	opt.timeout = 5;
	opt.maxconns = 4096;
	opt.cacheusers = USERCACHE_DEFAULT;
	opt.outpost = "embedded";
	opt.sockmode = 0660;
	while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (ch) {
		case 'l':
			opt.listen = optarg;
			break;
		case 'd':
			opt.db = optarg;
			break;
		case 'o':
			opt.outpost = optarg;
			break;
		case 't':
			opt.threads = (int)strtonum(optarg, 1, THREADS_MAX, &errstr);
			if (errstr != NULL) {
				fprintf(stderr, "authz-fcgi: --threads %s: %s "
				    "(1-%d)\n", optarg, errstr, THREADS_MAX);
				return 2;
			}
			break;
		case 'T':
			opt.timeout = (int)strtonum(optarg, 1, 3600, &errstr);
			if (errstr != NULL) {
				fprintf(stderr, "authz-fcgi: --timeout %s: %s "
				    "(1-3600)\n", optarg, errstr);
				return 2;
			}
			break;
		case 'm':
			opt.maxconns = (int)strtonum(optarg, 1, 65536, &errstr);
			if (errstr != NULL) {
				fprintf(stderr, "authz-fcgi: --max-conns %s: %s "
				    "(1-65536)\n", optarg, errstr);
				return 2;
			}
			break;
		case 'c':
			opt.cacheusers = (int)strtonum(optarg, 0,
			    CACHE_USERS_MAX, &errstr);
			if (errstr != NULL) {
				fprintf(stderr, "authz-fcgi: --cache-users %s: "
				    "%s (0-%d)\n", optarg, errstr,
				    CACHE_USERS_MAX);
				return 2;
			}
			break;
		case 'u':
			opt.user = optarg;
			break;
		case 'g':
			opt.sockgroup = optarg;
			break;
		case 'M':
			opt.sockmode = (int)strtol(optarg, &end, 8);
			if (*optarg == '\0' || *end != '\0' ||
			    opt.sockmode < 0 || opt.sockmode > 0777) {
				fprintf(stderr, "authz-fcgi: --socket-mode %s: "
				    "an octal mode such as 0660\n", optarg);
				return 2;
			}
			break;
		case 'L':
			if (strcmp(optarg, "syslog") == 0)
				opt.syslog = 1;
			else if (strcmp(optarg, "stderr") != 0) {
				fprintf(stderr, "authz-fcgi: --log syslog|stderr\n");
				return 2;
			}
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("authz-fcgi (postern) %s\n", POSTERN_VERSION);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return 2;
	}
	if (opt.db == NULL && ((opt.db = getenv("POSTERN_DB")) == NULL ||
	    *opt.db == '\0'))
		opt.db = POSTERN_STATEDIR "/postern.db";
	log_open("authz-fcgi", opt.syslog ? LOG_DEST_SYSLOG : LOG_DEST_STDERR);

	memset(&srv, 0, sizeof(srv));
	srv.opt = &opt;
	if (opt.listen != NULL)
		srv.listenfd = server_listen(&opt);
	else if ((srv.listenfd = inherited_socket()) == -1)
		log_err("no --listen and no listening socket on fd 0 or from "
		    "systemd");
	if (srv.listenfd == -1)
		return 1;
	if (FCGX_Init() != 0) {
		log_err("libfcgi initialisation failed");
		goto fail;
	}

	/*
	 * Of the --threads, one loop per CPU this process may run on (more
	 * would only take turns on a CPU, each woken for nothing), the
	 * others workers for what is not the usual request: at least one.
	 */
	nloops = opt.threads;
	if (sched_getaffinity(0, sizeof(cpus), &cpus) == 0 &&
	    CPU_COUNT(&cpus) < nloops)
		nloops = CPU_COUNT(&cpus);
	if (nloops < 1)
		nloops = 1;
	srv.nworkers = opt.threads - nloops > 0 ? opt.threads : nloops + 1;
	srv.qmax = srv.nworkers * 64;
	if ((srv.workers = calloc((size_t)srv.nworkers,
	    sizeof(*srv.workers))) == NULL ||
	    (srv.queue = calloc((size_t)srv.qmax, sizeof(int))) == NULL) {
		log_err("out of memory");
		goto fail;
	}
	pthread_mutex_init(&srv.qlock, NULL);
	pthread_cond_init(&srv.qcond, NULL);
	if (opt.cacheusers > 0 &&
	    (srv.users = usercache_new((size_t)opt.cacheusers)) == NULL) {
		log_err("out of memory");
		goto fail;
	}
	/* Every store connection before the privileges go. */
	for (i = 0; i < srv.nworkers; i++) {
		struct worker	*w = &srv.workers[i];

		w->n = i;
		w->loop = i < nloops;
		w->srv = &srv;
		w->fd = -1;
		pthread_mutex_init(&w->lock, NULL);
		FCGX_InitRequest(&w->req, -1, 0);
		if ((e = store_open(&w->st, opt.db, 0)) != PERR_OK)
			goto fail;	/* logged */
		/* Bounded: what the WAL and the touches bring in, no more. */
		if ((e = store_cache_limit(w->st, 64)) != PERR_OK) {
			log_err("%s: cache_size: %s", opt.db, perr_str(e));
			goto fail;
		}
		/* Opens the WAL files now, while we may. */
		if ((e = store_generation(w->st, &gen)) != PERR_OK) {
			log_err("%s: %s", opt.db, perr_str(e));
			goto fail;
		}
	}
	/* Fail at start, not at the first request, for a bad outpost. */
	if ((e = decide_cfg_load(srv.workers[0].st, opt.outpost, &probe))
	    != PERR_OK) {
		log_err("outpost %s: %s", opt.outpost, e == PERR_NOTFOUND ?
		    "no such outpost (authz-admin outpost list)" : perr_str(e));
		goto fail;
	}
	srv.workers[0].cfg = probe;
	decide_cfg_cache(probe, srv.users);
	if (opt.user != NULL && privsep_drop(opt.user) == -1)
		goto fail;
	if (server_prepare(&srv) == -1)
		goto fail;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);

	for (i = 0; i < srv.nworkers; i++)
		if ((errno = pthread_create(&srv.workers[i].thread, NULL,
		    srv.workers[i].loop ? worker_loop_main : worker_main,
		    &srv.workers[i])) != 0) {
			log_err("pthread_create: %s", strerror(errno));
			server_stop = 1;
			srv.nworkers = i;
			break;
		}
	log_info("serving outpost %s from %s with %d threads (%d loops)",
	    opt.outpost, opt.db, srv.nworkers, nloops);
	if (!server_stop && server_run(&srv) == 0)
		rc = 0;
	server_stop = 1;
	pthread_mutex_lock(&srv.qlock);
	pthread_cond_broadcast(&srv.qcond);
	pthread_mutex_unlock(&srv.qlock);
	for (i = 0; i < srv.nworkers; i++) {
		pthread_join(srv.workers[i].thread, NULL);
		decide_cfg_free(srv.workers[i].cfg);
		store_close(srv.workers[i].st);
	}
	close(srv.listenfd);
	log_info("stopped");
fail:
	/* Our own socket file only: never whatever else sits at the path. */
	if (opt.listen != NULL && strncmp(opt.listen, "unix:", 5) == 0)
		server_unlink_socket(opt.listen + 5);
	free(srv.workers);
	free(srv.queue);
	usercache_free(srv.users);
	return rc;
}
