/* postern: authz-cgi, the gate: its private header. */
/*
 * authz-cgi is reached only through Apache's "ErrorDocument 403" local
 * redirect from a directory whose .htaccess denies everything (see
 * authz-cgi(8) and "authz-admin snippet htaccess").  It decides with
 * decide() and, on "yes", delivers the file itself (or, once "authz-admin
 * gate test" proved mod_xsendfile works, through an X-Sendfile header) or
 * hands a .php page to php-cgi.  Prototypes grouped by file.
 */
#ifndef POSTERN_GATE_H
#define POSTERN_GATE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "lib/decide.h"
#include "lib/limits.h"

#define GATE_CONF_NAME	"authz-cgi.conf"
#define GATE_MIME_TYPES	"/etc/mime.types"
#define GATE_TYPE_MAX	127	/* one media type from mime.types */
#define GATE_WEB_USER	"www-data"	/* the web server's user (Debian) */
#define GATE_USER_MAX	32	/* a system user name */

/*
 * The self-test of X-Sendfile delivery ("authz-admin gate test", serve.c):
 * the ticket beside the gate holds "HASH EXPIRY\n", HASH the SHA-256 of the
 * token (GATE_PROBE_HEX lowercase hex digits, sent in X-Postern-Probe) in
 * lowercase hex and EXPIRY unix seconds; the probe answers with the file
 * GATE_PROBE_FILE of the protected directory, asked for below the directory
 * GATE_PROBE_DIR there (so that only a whitelisted directory passes).
 */
#define GATE_PROBE_NAME	"authz-cgi.probe"	/* the ticket, beside the gate */
#define GATE_PROBE_FILE	".postern-probe"	/* in root: what it delivers */
#define GATE_PROBE_DIR	".postern-probe.d"	/* in root: where it is asked */
#define GATE_PROBE_HEX	64	/* the token: 32 random bytes in hex */
#define GATE_PROBE_TTL	60	/* seconds a ticket is written for */
#define GATE_PROBE_TTL_MAX 600	/* a ticket valid longer is refused */
#define GATE_PROBE_LINE	(GATE_PROBE_HEX + 1 + 20 + 1)	/* its longest */

/* What authz-cgi.conf says; every path absolute. */
struct gate_conf {
	char	db[PATH_MAX_BYTES + 1];
	char	outpost[OUTPOSTNAME_MAX + 1];
	char	app[SLUG_MAX + 1];
	char	root[PATH_MAX_BYTES + 1];	/* the protected directory */
	char	prefix[PATH_MAX_BYTES + 1];	/* its URL path, "" for / */
	char	php[PATH_MAX_BYTES + 1];	/* php-cgi, "" for none */
	char	mimetypes[PATH_MAX_BYTES + 1];
	char	webuser[GATE_USER_MAX + 1];	/* never the gate's euid */
	int	xsendfile;	/* 1: deliver through X-Sendfile (gate test) */
};

/* One byte range, from Range: bytes=... against a size. */
struct gate_range {
	uint64_t	first;
	uint64_t	last;		/* inclusive */
};

enum range_result {
	RANGE_NONE = 0,		/* absent, malformed or several: serve it all */
	RANGE_OK,		/* one satisfiable range in *r */
	RANGE_UNSATISFIABLE	/* 416 */
};

/* conf.c */
int		 conf_load(const char *path, struct gate_conf *c,
		    const char **why);

int		 conf_runas(const struct gate_conf *c, const char *self,
		    const char **why);
int		 conf_xsendfile_path(const char *path);
int		 conf_ticket(const char *buf, size_t n, time_t now,
		    uint8_t hash[GATE_PROBE_HEX / 2], const char **why);

/* range.c */
enum range_result range_parse(const char *h, uint64_t size,
		    struct gate_range *r);

/* mime.c */
int		 mime_lookup(const char *file, const char *ext, char *out,
		    size_t outsz);
int		 mime_line(const char *line, size_t len, const char *ext,
		    char *out, size_t outsz);

/* http.c */
void		 http_drain(void);
void		 http_answer(int status, const char *extra, int head);
int		 http_date(time_t t, char *out, size_t outsz);
int		 http_date_parse(const char *s, time_t *t);

/* serve.c */
int		 serve_path(const struct gate_conf *c, const char *url,
		    const char *method, const struct identity *id);
void		 serve_probe(const struct gate_conf *c, const char *dir,
		    const char *token);

/* php.c */
int		 php_exec(const struct gate_conf *c, const char *file,
		    const char *url, const char *method,
		    const struct identity *id);

#endif /* !POSTERN_GATE_H */
