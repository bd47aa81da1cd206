/* postern: authz-cgi: its configuration file, authz-cgi.conf. */
/*
 * The gate cannot take options (Apache runs it) and, under suexec, sees no
 * SetEnv value, so it reads a file beside itself, written by
 * "authz-admin snippet htaccess APP --gate" and kept by its owner:
 *
 *   file   = *(line LF)
 *   line   = [ key 1*SP value ] / "#" *any / ""
 *   key    = "db" / "outpost" / "app" / "root" / "prefix" / "php-cgi"
 *            / "mime-types" / "web-user"
 *   value  = 1*(VCHAR)           (no spaces; paths are absolute)
 *
 * db, app and root are required; outpost defaults to "embedded", prefix
 * to "" (the host's root), mime-types to /etc/mime.types, php-cgi to none
 * (.php pages are then refused), web-user (the web server's own user, as
 * which the gate refuses to run) to www-data.  An unknown key, a key given twice or a
 * relative path is an error: the gate answers 500 rather than guess.
 */
#include "config.h"

#include <sys/stat.h>

#include <pwd.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "gate.h"

struct conf_key {
	const char	*name;
	size_t		 off;
	size_t		 size;
	int		 path;	/* must be absolute */
};

#define CK(n, f, p) { n, offsetof(struct gate_conf, f), \
	sizeof(((struct gate_conf *)0)->f), p }
static const struct conf_key conf_keys[] = {
	CK("db", db, 1), CK("outpost", outpost, 0), CK("app", app, 0),
	CK("root", root, 1), CK("prefix", prefix, 1), CK("php-cgi", php, 1),
	CK("mime-types", mimetypes, 1), CK("web-user", webuser, 0),
};

/* Fill c from the file at path.  0, or -1 with *why (static text). */
int
conf_load(const char *path, struct gate_conf *c, const char **why)
{
	FILE		*f;
	char		 line[PATH_MAX_BYTES + 64], *v, *end, *dst;
	unsigned int	 seen = 0;
	size_t		 i, len;
	int		 rc = -1;

	memset(c, 0, sizeof(*c));
	*why = "cannot be read";
	if ((f = fopen(path, "re")) == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL) {
		len = strlen(line);
		*why = "a line is too long";
		if (len == 0 || line[len - 1] != '\n')
			goto done;
		line[--len] = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		*why = "a line is not \"key value\"";
		if ((v = strchr(line, ' ')) == NULL)
			goto done;
		*v++ = '\0';
		while (*v == ' ')
			v++;
		for (end = v; *end > ' ' && *end < 0x7f; end++)
			continue;
		if (*end != '\0' || end == v)
			goto done;
		for (i = 0; i < sizeof(conf_keys) / sizeof(conf_keys[0]); i++)
			if (strcmp(conf_keys[i].name, line) == 0)
				break;
		*why = "an unknown key";
		if (i == sizeof(conf_keys) / sizeof(conf_keys[0]))
			goto done;
		*why = "a key is given twice";
		if (seen & (1u << i))
			goto done;
		seen |= 1u << i;
		*why = "a path is not absolute";
		if (conf_keys[i].path && v[0] != '/')
			goto done;
		*why = "a value is too long";
		dst = (char *)c + conf_keys[i].off;
		if (strlcpy(dst, v, conf_keys[i].size) >= conf_keys[i].size)
			goto done;
	}
	*why = "db, app and root are required";
	if (c->db[0] == '\0' || c->app[0] == '\0' || c->root[0] == '\0')
		goto done;
	/* "/" and "/x/" as prefixes: the path part before the file. */
	len = strlen(c->prefix);
	while (len > 0 && c->prefix[len - 1] == '/')
		c->prefix[--len] = '\0';
	if (c->outpost[0] == '\0')
		strlcpy(c->outpost, "embedded", sizeof(c->outpost));
	if (c->mimetypes[0] == '\0')
		strlcpy(c->mimetypes, GATE_MIME_TYPES, sizeof(c->mimetypes));
	if (c->webuser[0] == '\0')
		strlcpy(c->webuser, GATE_WEB_USER, sizeof(c->webuser));
	rc = 0;
done:
	fclose(f);
	return rc;
}

/*
 * Shared hosting is safe only when the gate runs as the account that owns
 * it, as suexec runs a CGI program: run as the web server's own user (no
 * suexec), every other account's scripts could read and write the store.
 * self is the gate's file (SCRIPT_FILENAME).  0 when the effective uid is
 * self's owner and neither root nor c->webuser's; -1 with *why (static
 * text) otherwise.  A web-user unknown to this system is no refusal.
 */
int
conf_runas(const struct gate_conf *c, const char *self, const char **why)
{
	struct passwd	*pw;
	struct stat	 sb;
	uid_t		 euid = geteuid();

	*why = "its own file cannot be read (stat)";
	if (stat(self, &sb) == -1)
		return -1;
	*why = "it runs as root";
	if (euid == 0)
		return -1;
	*why = "it runs as the web server's user (web-user)";
	if ((pw = getpwnam(c->webuser)) != NULL && pw->pw_uid == euid)
		return -1;
	*why = "it does not run as the owner of its file";
	if (sb.st_uid != euid)
		return -1;
	return 0;
}
