/* postern: login-cgi's private header. */
/*
 * login-cgi serves the pages people see: the login form, the second
 * factor, consent, logout, the denied page and the portal.  main.c holds
 * the route table and runs as CGI or FastCGI; http.c reads the request
 * (bounded) and writes answers with the headers every page carries;
 * csrf.c makes and checks the tokens of every form; flow.c moves a login
 * through its steps; one page_*.c per route.
 */
#ifndef LOGIN_CGI_H
#define LOGIN_CGI_H

#include <sys/types.h>

#include <stddef.h>
#include <stdint.h>

#include "lib/decide.h"
#include "lib/limits.h"
#include "lib/request.h"
#include "lib/secret.h"
#include "lib/store.h"
#include "lib/template.h"
#include "lib/url.h"

/* A request body larger than this is refused with 413 (F01). */
#define BODY_MAX	8192
/* How long a login may take between its steps. */
#define FLOW_TTL	600

#define COOKIE_FLOW	"postern-flow"
#define COOKIE_CSRF	"postern-csrf"
#define COOKIE_LOOP	"postern-loop"

/*
 * A flow-only bit beside the FACTOR_* bits of a flow row: "remember me"
 * was ticked at the password step.  Never copied into a session.
 */
#define FLOW_REMEMBER	0x100

/* The loop breaker: this many trips through /start ... */
#define LOOP_TRIPS	4
/* ... for one application host within this many seconds. */
#define LOOP_WINDOW	60

/* Where bytes come from and go to: CGI's stdio or a FastCGI request. */
struct lio {
	char		**envp;
	ssize_t		(*read)(void *, char *, size_t);
	int		(*write)(void *, const char *, size_t);
	void		 *arg;
};

/* What every request of one process shares. */
struct login {
	struct store	*st;
	const char	*db;
	const char	*templates;
	uint8_t		 key[SECRET_KEY_BYTES];	/* from the key file */
	int		 haskey;
	struct url	 base;			/* login.url */
	char		 basetext[URL_MAX + 1];
	char		 cookie[64];		/* the session cookie's name */
	char		 domain[HOST_MAX + 1];	/* cookie.domain, or "" */
	int		 secure;		/* login.url is https */
	int		 ok;			/* the settings above loaded */
	int64_t		 gen;			/* configuration generation read */
	const char	*keyfile;		/* --key-file, or NULL: beside db */
};

/* One request, parsed. */
struct lreq {
	struct login	*lg;
	struct lio	*io;
	struct request	 r;
	char		 route[PATH_MAX_BYTES + 1];
	const char	*query;		/* QUERY_STRING, or "" */
	const char	*ctype;
	const char	*origin;
	const char	*fetchsite;
	const char	*agent;
	const char	*clen;
	/* Apache's ErrorDocument redirect (REDIRECT_*), or NULL. */
	const char	*redirect_status;
	const char	*redirect_url;
	const char	*redirect_query;
	char		 addr[ADDRESS_MAX + 1];
	char		 css[URL_MAX + 1];	/* the stylesheet's URL */
	char		 home[URL_MAX + 1];	/* the portal's URL */
	char		 logout[URL_MAX + 1];	/* the logout page's URL */
	char		 body[BODY_MAX + 1];
	size_t		 bodylen;
	int64_t		 now;
	/* The answer under construction. */
	char		 headers[4096];
	size_t		 hlen;
};

/* A route: one page file exports one of these. */
struct page {
	const char	*path;
	int		(*get)(struct lreq *);
	int		(*post)(struct lreq *);
};

/* http.c */
int		 http_parse(struct lreq *, const char **why);
int		 http_read_form(struct lreq *);
void		 http_drain(struct lreq *);
int		 http_field(struct lreq *, const char *name, char *out,
		    size_t outsz);
int		 http_query(struct lreq *, const char *name, char *out,
		    size_t outsz);
int		 http_same_origin(struct lreq *);
void		 http_header(struct lreq *, const char *name, const char *fmt,
		    ...) __attribute__((format(printf, 3, 4)));
int		 http_cookie_set(struct lreq *, const char *name,
		    const char *value, int session_cookie, long long maxage);
int		 http_redirect(struct lreq *, const char *location);
int		 http_page(struct lreq *, int status, const char *page,
		    const struct tvars *vars);
int		 http_error(struct lreq *, int status, const char *message);
int		 http_send(struct lreq *, int status, const char *ctype,
		    const char *body, size_t len);
const char	*http_cookie(struct lreq *, const char *name, size_t *len);
void		 http_url(struct lreq *, const char *route, const char *rd,
		    char *out, size_t outsz);

/* csrf.c */
int		 csrf_login_new(struct lreq *, char *field, size_t fieldsz);
int		 csrf_login_check(struct lreq *, const char *field);
void		 csrf_flow_field(const struct loginflow *, char *out,
		    size_t outsz);
int		 csrf_flow_check(const struct loginflow *, const char *field);
int		 csrf_session_field(struct lreq *, const struct session *,
		    char *out, size_t outsz);
int		 csrf_session_check(struct lreq *, const struct session *,
		    const char *field);
int		 csrf_sign(struct lreq *, const char *tag, const void *data,
		    size_t len, char *out, size_t outsz);
int		 csrf_equal(const char *want, const char *got);

/* flow.c */
int		 flow_load(struct lreq *, struct loginflow *);
int		 flow_start(struct lreq *, struct loginflow *, int64_t user,
		    int factors, const char *rd);
int		 flow_next(struct lreq *, struct loginflow *);
int		 flow_app_of(struct lreq *, const char *rd, struct app *,
		    struct provider *);
int		 flow_callback(struct lreq *, const struct user *, int factors,
		    const struct provider *, const char *rd);
int		 flow_session(struct lreq *, struct session *, struct user *);
void		 flow_rd(struct lreq *, const char *rd, char *out, size_t outsz);
int		 flow_fail(struct lreq *, const char *username);
int		 flow_banned(struct lreq *, const char *username);

/* kdf.c */
int		 kdf_slot_take(struct lreq *, int *fd);
void		 kdf_slot_give(int fd);

/* loop.c */
int		 loop_check(struct lreq *, const char *rd);
int		 loop_page(struct lreq *, const char *rd, int single,
		    const char *user);

/* main.c */
int		 main_settings(struct login *);

/* page_*.c */
extern const struct page page_start, page_login, page_totp, page_recovery,
		 page_consent, page_logout, page_denied, page_portal,
		 page_css, page_revoke, page_favicon;

#endif /* !LOGIN_CGI_H */
