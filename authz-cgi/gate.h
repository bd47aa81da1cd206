/* postern: authz-cgi, the gate: its private header. */
/*
 * authz-cgi is reached only through Apache's "ErrorDocument 403" local
 * redirect from a directory whose .htaccess denies everything (see
 * authz-cgi(8) and "authz-admin snippet htaccess").  It decides with
 * decide() and, on "yes", delivers the file itself or hands a .php page
 * to php-cgi.  Prototypes grouped by file.
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

/* php.c */
int		 php_exec(const struct gate_conf *c, const char *file,
		    const char *url, const char *method,
		    const struct identity *id);

#endif /* !POSTERN_GATE_H */
