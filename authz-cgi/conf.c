/* postern: authz-cgi: its configuration file, authz-cgi.conf. */
/*
 * The gate cannot take options (Apache runs it) and, under suexec, sees no
 * SetEnv value, so it reads a file beside itself, written by
 * "authz-admin snippet htaccess APP --gate" and kept by its owner:
 *
 *   file   = *(line LF)
 *   line   = [ key 1*SP value ] / "#" *any / ""
 *   key    = "db" / "outpost" / "app" / "root" / "prefix" / "php-cgi"
 *            / "mime-types" / "web-user" / "x-sendfile"
 *   value  = 1*(VCHAR)           (no spaces; paths are absolute;
 *                                 x-sendfile's is "on" / "off")
 *
 * db, app and root are required; outpost defaults to "embedded", prefix
 * to "" (the host's root), mime-types to /etc/mime.types, php-cgi to none
 * (.php pages are then refused), web-user (the web server's own user, as
 * which the gate refuses to run) to www-data, x-sendfile to off (the gate
 * sends files itself; "authz-admin gate test" writes "on" once it has
 * proved that the host's mod_xsendfile delivers them).  An unknown key, a
 * key given twice, a relative path or an x-sendfile other than "on" or
 * "off" is an error: the gate answers 500 rather than guess.
 *
 * Also here, as both the gate and authz-admin link this file: which paths
 * may go in an X-Sendfile header, and the grammar of the self-test's
 * ticket, authz-cgi.probe, written beside the gate by "authz-admin gate
 * test" and read by its probe (serve.c).
 */
#include "config.h"

#include <sys/stat.h>

#include <limits.h>
#include <pwd.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gate.h"

enum conf_kind {
	CONF_TEXT,	/* a string */
	CONF_PATH,	/* a string, an absolute path */
	CONF_ONOFF	/* "on" or "off", into an int */
};

struct conf_key {
	const char	*name;
	size_t		 off;
	size_t		 size;
	enum conf_kind	 kind;
};

#define CK(n, f, k) { n, offsetof(struct gate_conf, f), \
	sizeof(((struct gate_conf *)0)->f), k }
static const struct conf_key conf_keys[] = {
	CK("db", db, CONF_PATH), CK("outpost", outpost, CONF_TEXT),
	CK("app", app, CONF_TEXT), CK("root", root, CONF_PATH),
	CK("prefix", prefix, CONF_PATH), CK("php-cgi", php, CONF_PATH),
	CK("mime-types", mimetypes, CONF_PATH),
	CK("web-user", webuser, CONF_TEXT),
	CK("x-sendfile", xsendfile, CONF_ONOFF),
};

/* Store the value v of key k into c.  0, or -1 with *why (static text). */
static int
conf_set(struct gate_conf *c, const struct conf_key *k, const char *v,
    const char **why)
{
	char	*dst = (char *)c + k->off;

	if (k->kind == CONF_ONOFF) {
		*why = "a value is neither \"on\" nor \"off\"";
		if (strcmp(v, "on") != 0 && strcmp(v, "off") != 0)
			return -1;
		*(int *)(void *)dst = strcmp(v, "on") == 0;
		return 0;
	}
	*why = "a path is not absolute";
	if (k->kind == CONF_PATH && v[0] != '/')
		return -1;
	*why = "a value is too long";
	if (strlcpy(dst, v, k->size) >= k->size)
		return -1;
	return 0;
}

/* Fill c from the file at path.  0, or -1 with *why (static text). */
int
conf_load(const char *path, struct gate_conf *c, const char **why)
{
	FILE		*f;
	char		 line[PATH_MAX_BYTES + 64], *v, *end;
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
		if (conf_set(c, &conf_keys[i], v, why) == -1)
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

/*
 * May path go out in an X-Sendfile header, to name exactly that file?
 * No control byte (a header line would end or break), no "%" (newer
 * mod_xsendfile releases URL-decode the value, so "%2e" could name a
 * dotfile), and no space at its end (a CGI header value loses it,
 * naming another file).  1 when it may, 0 when the gate must send
 * that file itself.
 */
int
conf_xsendfile_path(const char *path)
{
	const unsigned char	*p = (const unsigned char *)path;
	size_t			 n = strlen(path);

	if (n == 0 || path[0] != '/' || path[n - 1] == ' ')
		return 0;
	for (; *p != '\0'; p++)
		if (*p < 0x20 || *p == 0x7f || *p == '%')
			return 0;
	return 1;
}

/* The value of one lowercase hex digit, or -1. */
static int
conf_hexval(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	return -1;
}

/*
 * The ticket "authz-admin gate test" writes beside the gate for its probe
 * (serve.c), n bytes at buf:
 *
 *   ticket = hash SP expiry LF
 *   hash   = 64(DIGIT / "a"-"f")     the SHA-256 of the token, in hex
 *   expiry = 1*19DIGIT               unix seconds, at most INT64_MAX
 *
 * and nothing else.  Valid at now when expiry is neither past nor more
 * than GATE_PROBE_TTL_MAX seconds ahead.  0 with hash set, or -1 with
 * *why (static text) and hash zeroed.
 */
int
conf_ticket(const char *buf, size_t n, time_t now,
    uint8_t hash[GATE_PROBE_HEX / 2], const char **why)
{
	char		 exp[24];
	const char	*errstr;
	long long	 expiry;
	size_t		 i, elen;
	int		 hi, lo;

	memset(hash, 0, GATE_PROBE_HEX / 2);
	*why = "the ticket is not \"HASH EXPIRY\"";
	if (n < GATE_PROBE_HEX + 3 || n > GATE_PROBE_LINE ||
	    buf[GATE_PROBE_HEX] != ' ' || buf[n - 1] != '\n' ||
	    (elen = n - GATE_PROBE_HEX - 2) > 19)
		return -1;
	for (i = 0; i < elen; i++)
		if (buf[GATE_PROBE_HEX + 1 + i] < '0' ||
		    buf[GATE_PROBE_HEX + 1 + i] > '9')
			return -1;
	for (i = 0; i < GATE_PROBE_HEX; i++)
		if (conf_hexval(buf[i]) == -1)
			return -1;
	memcpy(exp, buf + GATE_PROBE_HEX + 1, elen);
	exp[elen] = '\0';
	expiry = strtonum(exp, 1, LLONG_MAX, &errstr);
	if (errstr != NULL)
		return -1;
	*why = "the ticket has expired";
	if ((long long)now > expiry)
		return -1;
	*why = "the ticket is valid for too long";
	if (expiry - (long long)now > GATE_PROBE_TTL_MAX)
		return -1;
	for (i = 0; i < GATE_PROBE_HEX; i += 2) {
		hi = conf_hexval(buf[i]);
		lo = conf_hexval(buf[i + 1]);
		hash[i / 2] = (uint8_t)(hi << 4 | lo);
	}
	return 0;
}
