/* postern: authz-cgi: hand a .php page to php-cgi. */
/*
 * The gate runs as the ErrorDocument of the original request, so Apache's
 * CGI environment describes the gate (GET, SCRIPT_NAME of the gate, an
 * empty QUERY_STRING).  php-cgi gets it rebuilt for the page: the original
 * method and query, SCRIPT_FILENAME (the resolved file) and SCRIPT_NAME
 * (its URL), REDIRECT_STATUS=200 (php-cgi's cgi.force_redirect), and the
 * identity as REMOTE_USER, REMOTE_NAME, REMOTE_EMAIL, REMOTE_GROUPS.  The
 * client's headers (HTTP_*) and the connection's facts pass; every other
 * variable, REDIRECT_* and PATH_INFO among them, is dropped.  The request
 * body is php-cgi's: standard input is inherited unread.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gate.h"
#include "lib/log.h"

extern char **environ;

/* Variables passed on as Apache set them. */
static const char *const php_keep[] = {
	"CONTENT_LENGTH", "CONTENT_TYPE", "DOCUMENT_ROOT", "GATEWAY_INTERFACE",
	"HTTPS", "PATH", "REMOTE_ADDR", "REMOTE_PORT", "REQUEST_SCHEME",
	"REQUEST_URI", "SERVER_ADDR", "SERVER_NAME", "SERVER_PORT",
	"SERVER_PROTOCOL", "SERVER_SOFTWARE", "CONTEXT_DOCUMENT_ROOT",
	"CONTEXT_PREFIX", "SERVER_ADMIN", "SERVER_SIGNATURE", "TZ",
};

#define PHP_ENV_MAX	256

static int
php_kept(const char *kv)
{
	size_t	i, n;

	if (strncmp(kv, "HTTP_", 5) == 0)
		return 1;
	for (i = 0; i < sizeof(php_keep) / sizeof(*php_keep); i++) {
		n = strlen(php_keep[i]);
		if (strncmp(kv, php_keep[i], n) == 0 && kv[n] == '=')
			return 1;
	}
	return 0;
}

static char *
php_var(const char *k, const char *v)
{
	char	*s;

	if (asprintf(&s, "%s=%s", k, v) == -1)
		return NULL;
	return s;
}

/*
 * Replace this process with c->php running file.  Returns -1 only when it
 * could not (the caller answers 500); no byte has been written then.
 */
int
php_exec(const struct gate_conf *c, const char *file, const char *url,
    const char *method, const struct identity *id)
{
	char		*envp[PHP_ENV_MAX + 16];
	const char	*q = getenv("REDIRECT_QUERY_STRING");
	size_t		 n = 0, i;

	for (i = 0; environ[i] != NULL && n < PHP_ENV_MAX; i++)
		if (php_kept(environ[i]) &&
		    strncmp(environ[i], "HTTP_PROXY=", 11) != 0)
			envp[n++] = environ[i];
	if ((envp[n++] = php_var("REQUEST_METHOD", method)) == NULL ||
	    (envp[n++] = php_var("QUERY_STRING", q != NULL ? q : "")) == NULL ||
	    (envp[n++] = php_var("SCRIPT_FILENAME", file)) == NULL ||
	    (envp[n++] = php_var("SCRIPT_NAME", url)) == NULL ||
	    (envp[n++] = php_var("REDIRECT_STATUS", "200")) == NULL ||
	    (envp[n++] = php_var("REMOTE_USER", id->user)) == NULL ||
	    (envp[n++] = php_var("REMOTE_NAME", id->name)) == NULL ||
	    (envp[n++] = php_var("REMOTE_EMAIL", id->email)) == NULL ||
	    (envp[n++] = php_var("REMOTE_GROUPS", id->groups)) == NULL) {
		log_err("out of memory");
		return -1;
	}
	envp[n] = NULL;
	fflush(stdout);
	execle(c->php, "php-cgi", "-d", "cgi.nph=1", (char *)NULL, envp);
	log_err("%s: %s", c->php, strerror(errno));
	return -1;
}
