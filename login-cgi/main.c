/* postern: login-cgi: the route table, as CGI or as FastCGI. */
/*
 * The same binary is a CGI program (Apache, or nginx through fcgiwrap)
 * and, when its standard input is a listening socket (spawn-fcgi, a web
 * server spawning it), a FastCGI application serving request after
 * request.  main() opens the store and the key file once; each request
 * is parsed, routed by method and path, and answered.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <fcgiapp.h>

#include "login.h"
#include "lib/log.h"
#include "lib/setting.h"
#include "lib/token.h"

extern char **environ;

static const struct page *const pages[] = {
	&page_portal, &page_start, &page_login, &page_totp, &page_recovery,
	&page_consent, &page_logout, &page_denied, &page_revoke, &page_css,
	&page_favicon,
};

static void
usage(FILE *f)
{
	fprintf(f, "usage: login-cgi [--db PATH] [--templates DIR] "
	    "[--key-file PATH]\n"
	    "       login-cgi --help | --version\n"
	    "\nRun by a web server as CGI, or as FastCGI when standard input is\n"
	    "a listening socket.  The store is --db, else $POSTERN_DB, else\n"
	    "%s; templates --templates, else $POSTERN_TEMPLATES,\n"
	    "else %s.\n", POSTERN_STATEDIR "/postern.db", POSTERN_TEMPLATEDIR);
}

/* Route one parsed request. */
static int
route(struct lreq *q)
{
	size_t	i;

	for (i = 0; i < sizeof(pages) / sizeof(pages[0]); i++) {
		if (strcmp(pages[i]->path, q->route) != 0)
			continue;
		if ((strcmp(q->r.method, "GET") == 0 ||
		    strcmp(q->r.method, "HEAD") == 0) && pages[i]->get != NULL)
			return pages[i]->get(q);
		if (strcmp(q->r.method, "POST") == 0 && pages[i]->post != NULL)
			return pages[i]->post(q);
		http_header(q, "Allow", "%s%s",
		    pages[i]->get != NULL ? "GET, HEAD" : "",
		    pages[i]->post != NULL ? (pages[i]->get != NULL ?
		    ", POST" : "POST") : "");
		return http_error(q, 405, "That method is not used here.");
	}
	return http_error(q, 404, "There is no such page.");
}

static void
serve(struct login *lg, struct lio *io)
{
	struct lreq	*q;
	const char	*why = NULL;

	/* The body buffer makes it large: off the stack. */
	if ((q = calloc(1, sizeof(*q))) == NULL) {
		log_err("out of memory");
		return;
	}
	q->lg = lg;
	q->io = io;
	q->now = (int64_t)time(NULL);
	if (!lg->ok)
		http_send(q, 500, "text/plain; charset=utf-8",
		    "The login service is not configured.\n", 37);
	else if (http_parse(q, &why) == -1) {
		log_warn("refused request: %s", why != NULL ? why : "malformed");
		http_send(q, 400, "text/plain; charset=utf-8",
		    "Bad request.\n", 13);
	} else
		route(q);
	token_wipe(q->body, sizeof(q->body));
	free(q);
}

/* CGI: the environment and standard input and output. */
static ssize_t
cgi_read(void *arg, char *buf, size_t len)
{
	ssize_t	n;

	while ((n = read(STDIN_FILENO, buf, len)) == -1 && errno == EINTR)
		continue;
	return n;
}

static int
cgi_write(void *arg, const char *buf, size_t len)
{
	return fwrite(buf, 1, len, stdout) == len ? 0 : -1;
}

/* FastCGI: the request's streams. */
static ssize_t
fcgi_read(void *arg, char *buf, size_t len)
{
	FCGX_Request	*req = arg;

	return FCGX_GetStr(buf, (int)(len > 65536 ? 65536 : len), req->in);
}

static int
fcgi_write(void *arg, const char *buf, size_t len)
{
	FCGX_Request	*req = arg;

	return FCGX_PutStr(buf, (int)len, req->out) == (int)len ? 0 : -1;
}

/*
 * What every request needs from the store and the key file: login.url,
 * the cookie's name and domain, the key.  Read at start and, as FastCGI,
 * again whenever the configuration generation moves (an authz-admin
 * change applies to the next request, as in authz-fcgi).  Returns 0, or
 * -1 (logged) with lg->ok cleared: requests are then refused with 500
 * until a later generation reads well.
 */
int
main_settings(struct login *lg)
{
	char		 kf[PATH_MAX_BYTES + 1];
	const char	*keyfile = lg->keyfile;
	enum perr	 e;

	lg->ok = 0;
	if (store_generation(lg->st, &lg->gen) != PERR_OK)
		return -1;
	if ((e = setting_login_url(lg->st, &lg->base)) != PERR_OK) {
		log_err("login.url: %s", e == PERR_NOTFOUND ? "not set "
		    "(authz-admin set login.url https://...)" : perr_str(e));
		return -1;
	}
	url_format(&lg->base, lg->basetext, sizeof(lg->basetext));
	lg->secure = lg->base.https;
	if (setting_cookie_name(lg->st, lg->cookie, sizeof(lg->cookie)) !=
	    PERR_OK || setting_str(lg->st, "cookie.domain", lg->domain,
	    sizeof(lg->domain)) != PERR_OK)
		return -1;
	if (keyfile == NULL) {
		if (secret_keyfile_default(lg->db, kf, sizeof(kf)) != PERR_OK)
			return -1;
		keyfile = kf;
	}
	/* Without the key no form can be protected: every page then fails. */
	token_wipe(lg->key, sizeof(lg->key));
	lg->haskey = secret_key_load(keyfile, lg->key) == PERR_OK;
	if (!lg->haskey)
		log_err("key file %s cannot be used: forms will be refused",
		    keyfile);
	lg->ok = 1;
	return 0;
}

/* The store, once, and the settings. */
static int
setup(struct login *lg)
{
	if (store_open(&lg->st, lg->db, 0) != PERR_OK)
		return -1;
	return main_settings(lg);
}

/* FastCGI, before each request: settings again when the store changed. */
static void
refresh(struct login *lg)
{
	int64_t	gen;

	if (store_generation(lg->st, &gen) != PERR_OK) {
		log_err("configuration generation cannot be read");
		return;
	}
	if (gen == lg->gen && lg->ok)
		return;
	if (main_settings(lg) == 0)
		log_info("configuration generation %lld: settings reloaded",
		    (long long)gen);
}

int
main(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "templates", required_argument, NULL, 't' },
		{ "key-file", required_argument, NULL, 'k' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct login	 lg;
	struct lio	 io;
	FCGX_Request	 req;
	int		 ch;

	memset(&lg, 0, sizeof(lg));
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'd':
			lg.db = optarg;
			break;
		case 't':
			lg.templates = optarg;
			break;
		case 'k':
			lg.keyfile = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("login-cgi (postern) %s\n", POSTERN_VERSION);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	log_open("login-cgi", LOG_DEST_STDERR);
	if (lg.db == NULL && ((lg.db = getenv("POSTERN_DB")) == NULL ||
	    *lg.db == '\0'))
		lg.db = POSTERN_STATEDIR "/postern.db";
	if (lg.templates == NULL && ((lg.templates =
	    getenv("POSTERN_TEMPLATES")) == NULL || *lg.templates == '\0'))
		lg.templates = POSTERN_TEMPLATEDIR;

	if (FCGX_IsCGI()) {
		io.envp = environ;
		io.read = cgi_read;
		io.write = cgi_write;
		io.arg = NULL;
		if (setup(&lg) == -1) {
			fputs("Status: 500 Internal Server Error\r\n"
			    "Content-Type: text/plain; charset=utf-8\r\n"
			    "Cache-Control: no-store\r\n\r\n"
			    "The login service is not configured.\n", stdout);
			return 1;
		}
		serve(&lg, &io);
		fflush(stdout);
	} else {
		if (setup(&lg) == -1)
			return 1;
		FCGX_Init();
		FCGX_InitRequest(&req, 0, 0);
		while (FCGX_Accept_r(&req) >= 0) {
			refresh(&lg);
			io.envp = req.envp;
			io.read = fcgi_read;
			io.write = fcgi_write;
			io.arg = &req;
			serve(&lg, &io);
			FCGX_Finish_r(&req);
		}
	}
	token_wipe(lg.key, sizeof(lg.key));
	store_close(lg.st);
	return 0;
}
