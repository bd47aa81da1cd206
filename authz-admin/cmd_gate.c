/* postern: authz-admin gate test: prove X-Sendfile delivery for the gate. */
/*
 * authz-cgi(8) hands a file to the host's mod_xsendfile ("x-sendfile on"
 * in authz-cgi.conf) only once this self-test proved that Apache really
 * sends a file of the protected directory from the gate's X-Sendfile
 * header: without the module the client would get the file's path and an
 * empty body.  The test, with a fresh random token:
 *
 *   1. writes GATE_PROBE_FILE (64 random hex digits, mode 0644) and the
 *      directory GATE_PROBE_DIR in the real protected directory, and the
 *      ticket GATE_PROBE_NAME ("HASH EXPIRY", mode 0600) beside the gate;
 *   2. asks URL/GATE_PROBE_DIR/probe with curl, the token in the header
 *      X-Postern-Probe (given on curl's standard input: never in an
 *      argument, the URL, a log or a message); Apache denies it and the
 *      gate answers the probe with X-Sendfile naming GATE_PROBE_FILE;
 *   3. removes the three again, whatever happened;
 *   4. writes "x-sendfile on" when the body is the probe file's content,
 *      else "x-sendfile off", and says why in one line.
 *
 * The request is made below GATE_PROBE_DIR because mod_xsendfile always
 * allows the directory of the requested URL: only a host that whitelists
 * the protected directory itself (XSendFilePath) passes, which is what the
 * gate's files in other subdirectories, or reached through symbolic links,
 * need.
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "admin.h"
#include "authz-cgi/gate.h"
#include "lib/log.h"
#include "lib/token.h"
#include "lib/url.h"

#define GT_TEST "  gate test --dir CGIDIR --url URL [--timeout SECS]\n" \
	"                                      prove that Apache delivers the gate's files through\n" \
	"                                      mod_xsendfile; writes x-sendfile on or off\n"
#define GT_USAGE GT_TEST

#define GT_BODY_MAX	4096	/* of the answer, kept to compare */
#define GT_TIMEOUT	10	/* default --timeout, seconds */

extern char **environ;

/* One run of the test. */
struct gtest {
	struct gate_conf c;
	char	 cgidir[PATH_MAX];
	char	 conf[PATH_MAX + 32];		/* CGIDIR/authz-cgi.conf */
	char	 ticket[PATH_MAX + 32];		/* CGIDIR/authz-cgi.probe */
	char	 root[PATH_MAX];		/* realpath of root */
	char	 file[PATH_MAX + 32];		/* root/.postern-probe */
	char	 pdir[PATH_MAX + 32];		/* root/.postern-probe.d */
	char	 url[URL_MAX + 64];		/* what curl asks */
	char	 token[GATE_PROBE_HEX + 1];	/* secret: wiped */
	char	 content[GATE_PROBE_HEX + 1];	/* the probe file's */
	uid_t	 owner;				/* the gate's, as which it runs */
	char	 body[GT_BODY_MAX];
	size_t	 blen;				/* kept in body */
	int	 truncated;			/* longer than GT_BODY_MAX */
	int	 status;			/* HTTP status, 0 for none */
};

/* len random bytes as 2 * len lowercase hex digits and a NUL in out. */
static enum perr
gate_random_hex(char *out, size_t len)
{
	static const char	hex[] = "0123456789abcdef";
	uint8_t			raw[32];
	size_t			i;
	enum perr		e;

	if (len > sizeof(raw))
		return PERR_TOOLONG;
	if ((e = token_random(raw, len)) != PERR_OK)
		return e;
	for (i = 0; i < len; i++) {
		out[2 * i] = hex[raw[i] >> 4];
		out[2 * i + 1] = hex[raw[i] & 0x0f];
	}
	out[2 * len] = '\0';
	token_wipe(raw, sizeof(raw));
	return PERR_OK;
}

/* Write all of buf (len bytes) to fd.  0 or -1 (errno set). */
static int
gate_write_all(int fd, const void *buf, size_t len)
{
	const char	*p = buf;
	ssize_t		 n;

	while (len > 0) {
		if ((n = write(fd, p, len)) == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/*
 * Create path with O_EXCL and mode, holding len bytes of data; as root,
 * owned by uid (the gate's user, who must trust it).  0, or -1 with the
 * refusal said.
 */
static int
gate_create(const char *path, mode_t mode, uid_t uid, const void *data,
    size_t len)
{
	int	fd;

	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, mode)) == -1) {
		admin_refuse(PERR_OK, "gate test: cannot create %s: %s", path,
		    strerror(errno));
		return -1;
	}
	if (fchmod(fd, mode) == -1 || (geteuid() == 0 &&
	    fchown(fd, uid, (gid_t)-1) == -1) ||
	    gate_write_all(fd, data, len) == -1) {
		admin_refuse(PERR_OK, "gate test: cannot write %s: %s", path,
		    strerror(errno));
		close(fd);
		unlink(path);
		return -1;
	}
	if (close(fd) == -1) {
		admin_refuse(PERR_OK, "gate test: cannot write %s: %s", path,
		    strerror(errno));
		unlink(path);
		return -1;
	}
	return 0;
}

/* Remove the probe's three files, each if it is there.  0, or -1 (said). */
static int
gate_clean(const struct gtest *g)
{
	struct stat	sb;
	int		rc = 0;

	if (unlink(g->ticket) == -1 && errno != ENOENT) {
		admin_refuse(PERR_OK, "gate test: cannot remove %s: %s",
		    g->ticket, strerror(errno));
		rc = -1;
	}
	if (unlink(g->file) == -1 && errno != ENOENT) {
		admin_refuse(PERR_OK, "gate test: cannot remove %s: %s",
		    g->file, strerror(errno));
		rc = -1;
	}
	if (lstat(g->pdir, &sb) == 0 && (S_ISDIR(sb.st_mode) ?
	    rmdir(g->pdir) : unlink(g->pdir)) == -1) {
		admin_refuse(PERR_OK, "gate test: cannot remove %s: %s",
		    g->pdir, strerror(errno));
		rc = -1;
	}
	return rc;
}

/* Write the probe file, its directory and the ticket.  0 or -1 (said). */
static int
gate_prepare(struct gtest *g)
{
	uint8_t		 hash[TOKEN_HASH_BYTES];
	char		 line[GATE_PROBE_LINE + 1];
	size_t		 i;
	int		 n;
	enum perr	 e;

	if ((e = gate_random_hex(g->token, GATE_PROBE_HEX / 2)) != PERR_OK ||
	    (e = gate_random_hex(g->content, GATE_PROBE_HEX / 2)) != PERR_OK ||
	    (e = token_sha256(g->token, GATE_PROBE_HEX, hash)) != PERR_OK) {
		admin_refuse(e, "gate test: a random token");
		return -1;
	}
	for (i = 0; i < sizeof(hash); i++)
		snprintf(line + 2 * i, 3, "%02x", hash[i]);
	n = snprintf(line + GATE_PROBE_HEX, sizeof(line) - GATE_PROBE_HEX,
	    " %lld\n", (long long)time(NULL) + GATE_PROBE_TTL);
	if (gate_clean(g) == -1)
		return -1;
	if (gate_create(g->file, 0644, g->owner, g->content,
	    GATE_PROBE_HEX) == -1)
		return -1;
	if (mkdir(g->pdir, 0755) == -1 || chmod(g->pdir, 0755) == -1) {
		admin_refuse(PERR_OK, "gate test: cannot create %s: %s",
		    g->pdir, strerror(errno));
		gate_clean(g);
		return -1;
	}
	if (gate_create(g->ticket, 0600, g->owner, line,
	    GATE_PROBE_HEX + (size_t)n) == -1) {
		gate_clean(g);
		return -1;
	}
	return 0;
}

/*
 * Ask g->url with curl, the token on its standard input as a header file
 * (-H @-), and keep the body's first GT_BODY_MAX bytes and the status that
 * -w appends ("\n" and three digits).  0 when curl got an answer, -1 (said)
 * when it could not run or reach the server.
 */
static int
gate_fetch(struct gtest *g, int timeout)
{
	posix_spawn_file_actions_t	 fa;
	struct sigaction		 ign, old;
	char				 tmo[16], hdr[GATE_PROBE_HEX + 32];
	char				 buf[4096], tail[4];
	const char			*argv[] = { "curl", "-q", "-sS", "-g",
	    "--proto", "=http,https", "--max-time", tmo, "-H", "@-", "-o", "-",
	    "-w", "\\n%{http_code}", g->url, NULL };
	size_t				 total = 0, i, len;
	ssize_t				 n;
	pid_t				 pid;
	int				 in[2], out[2], st, e, rc = -1;

	snprintf(tmo, sizeof(tmo), "%d", timeout);
	len = (size_t)snprintf(hdr, sizeof(hdr), "X-Postern-Probe: %s\n",
	    g->token);
	if (pipe2(in, O_CLOEXEC) == -1) {
		admin_refuse(PERR_OK, "gate test: pipe: %s", strerror(errno));
		return -1;
	}
	if (pipe2(out, O_CLOEXEC) == -1) {
		admin_refuse(PERR_OK, "gate test: pipe: %s", strerror(errno));
		close(in[0]);
		close(in[1]);
		return -1;
	}
	/* curl may end before reading the header: no SIGPIPE for us. */
	memset(&ign, 0, sizeof(ign));
	ign.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &ign, &old);
	if ((e = posix_spawn_file_actions_init(&fa)) == 0) {
		if ((e = posix_spawn_file_actions_adddup2(&fa, in[0], 0)) == 0 &&
		    (e = posix_spawn_file_actions_adddup2(&fa, out[1], 1)) == 0)
			e = posix_spawnp(&pid, "curl", &fa, NULL,
			    (char *const *)(void *)argv, environ);
		posix_spawn_file_actions_destroy(&fa);
	}
	close(in[0]);
	close(out[1]);
	if (e != 0) {
		if (e == ENOENT)
			admin_refuse(PERR_OK, "gate test: curl is not installed "
			    "(Debian package curl)");
		else
			admin_refuse(PERR_OK, "gate test: cannot run curl: %s",
			    strerror(e));
		close(in[1]);
		close(out[0]);
		goto done;
	}
	(void)gate_write_all(in[1], hdr, len);
	token_wipe(hdr, sizeof(hdr));
	close(in[1]);
	memset(tail, 0, sizeof(tail));
	for (;;) {
		if ((n = read(out[0], buf, sizeof(buf))) == -1 &&
		    errno == EINTR)
			continue;
		if (n <= 0)
			break;
		for (i = 0; i < (size_t)n; i++) {
			if (total < sizeof(g->body))
				g->body[total] = buf[i];
			memmove(tail, tail + 1, sizeof(tail) - 1);
			tail[sizeof(tail) - 1] = buf[i];
			total++;
		}
	}
	close(out[0]);
	while (waitpid(pid, &st, 0) == -1)
		if (errno != EINTR) {
			admin_refuse(PERR_OK, "gate test: waitpid: %s",
			    strerror(errno));
			goto done;
		}
	if (WIFEXITED(st) && WEXITSTATUS(st) == 127) {
		admin_refuse(PERR_OK, "gate test: curl is not installed "
		    "(Debian package curl)");
		goto done;
	}
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		admin_refuse(PERR_OK, "gate test: curl could not fetch %s "
		    "(exit %d); authz-cgi.conf is unchanged", g->url,
		    WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
		goto done;
	}
	if (total < sizeof(tail) || tail[0] != '\n' ||
	    tail[1] < '0' || tail[1] > '9' || tail[2] < '0' || tail[2] > '9' ||
	    tail[3] < '0' || tail[3] > '9') {
		admin_refuse(PERR_OK, "gate test: curl's answer cannot be "
		    "read; authz-cgi.conf is unchanged");
		goto done;
	}
	g->status = (tail[1] - '0') * 100 + (tail[2] - '0') * 10 +
	    (tail[3] - '0');
	total -= sizeof(tail);
	g->truncated = total > sizeof(g->body);
	g->blen = g->truncated ? sizeof(g->body) : total;
	rc = 0;
done:
	sigaction(SIGPIPE, &old, NULL);
	return rc;
}

/*
 * Set "x-sendfile on|off" in the configuration g->conf: its x-sendfile
 * line replaced, else one appended, every other byte kept, through a
 * temporary file beside it (which the CGI directory's .htaccess never
 * serves: "authz-cgi." and more) renamed over it with its mode (and, as
 * root, its owner).  0, or -1 with the refusal said.
 */
static int
gate_conf_set(const struct gtest *g, int on)
{
	struct gate_conf	 check;
	struct stat		 sb;
	FILE			*f = NULL;
	char			 tmp[PATH_MAX + 64], *buf = NULL, *p, *eol;
	const char		*line = on ? "x-sendfile on\n" :
				    "x-sendfile off\n", *why;
	size_t			 len;
	int			 fd = -1, done = 0, rc = -1;

	snprintf(tmp, sizeof(tmp), "%s.XXXXXX", g->conf);
	if ((f = fopen(g->conf, "re")) == NULL || fstat(fileno(f), &sb) == -1) {
		admin_refuse(PERR_OK, "gate test: %s: %s", g->conf,
		    strerror(errno));
		goto out;
	}
	if (sb.st_size > 1024 * 1024 || (buf = malloc((size_t)sb.st_size +
	    1)) == NULL) {
		admin_refuse(PERR_NOMEM, "gate test: %s", g->conf);
		goto out;
	}
	len = fread(buf, 1, (size_t)sb.st_size, f);
	if (ferror(f) || len != (size_t)sb.st_size) {
		admin_refuse(PERR_OK, "gate test: %s: cannot be read", g->conf);
		goto out;
	}
	buf[len] = '\0';
	if ((fd = mkstemp(tmp)) == -1) {
		admin_refuse(PERR_OK, "gate test: cannot create %s: %s", tmp,
		    strerror(errno));
		goto out;
	}
	if (fchmod(fd, sb.st_mode & 07777) == -1 || (geteuid() == 0 &&
	    fchown(fd, sb.st_uid, sb.st_gid) == -1))
		goto fail;
	/* conf_load() read it: every line ends with "\n". */
	for (p = buf; p < buf + len; p = eol + 1) {
		if ((eol = memchr(p, '\n', (size_t)(buf + len - p))) == NULL)
			eol = buf + len - 1;
		if (strncmp(p, "x-sendfile ", 11) == 0 && !done) {
			if (gate_write_all(fd, line, strlen(line)) == -1)
				goto fail;
			done = 1;
		} else if (gate_write_all(fd, p, (size_t)(eol - p + 1)) == -1)
			goto fail;
	}
	if (!done && gate_write_all(fd, line, strlen(line)) == -1)
		goto fail;
	if (fsync(fd) == -1)
		goto fail;
	if (close(fd) == -1) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (conf_load(tmp, &check, &why) == -1) {
		admin_refuse(PERR_OK, "gate test: the new %s: %s", g->conf, why);
		unlink(tmp);
		goto out;
	}
	if (rename(tmp, g->conf) == -1)
		goto fail;
	rc = 0;
	goto out;
fail:
	admin_refuse(PERR_OK, "gate test: cannot write %s: %s", tmp,
	    strerror(errno));
	if (fd != -1)
		close(fd);
	unlink(tmp);
out:
	if (f != NULL)
		fclose(f);
	free(buf);
	return rc;
}

/* The verdict in words: 1 for on, 0 for off with why in out. */
static int
gate_verdict(const struct gtest *g, char *out, size_t outsz)
{
	/* The content is no secret: whoever holds the token may read it. */
	if (g->status == 200 && !g->truncated && g->blen == GATE_PROBE_HEX &&
	    memcmp(g->body, g->content, GATE_PROBE_HEX) == 0) {
		snprintf(out, outsz, "Apache delivered the probe file from "
		    "%s through mod_xsendfile: the gate now lets it send the "
		    "files",
		    g->root);
		return 1;
	}
	if (g->status == 200 && g->blen == 0)
		snprintf(out, outsz, "Apache answered with an empty body: "
		    "mod_xsendfile is not active for the gate's directory %s "
		    "(add \"XSendFile On\" inside <IfModule mod_xsendfile.c> to "
		    "its .htaccess, as \"authz-admin snippet htaccess\" prints "
		    "it), or the host has no mod_xsendfile", g->cgidir);
	else if (g->status == 404)
		snprintf(out, outsz, "Apache answered 404: the host does not "
		    "let mod_xsendfile send files from %s (it needs "
		    "\"XSendFilePath %s\" in its server configuration), or the "
		    "web server cannot read them; if the error log says \"probe "
		    "refused\", the gate refused the test", g->root, g->root);
	else if (g->status == 200)
		snprintf(out, outsz, "Apache's answer is not the probe file "
		    "(a cache or a proxy in between?)");
	else
		snprintf(out, outsz, "Apache answered %d, not the probe: is "
		    "the URL the protected directory's, served by the gate in "
		    "%s?", g->status, g->cgidir);
	return 0;
}

/* Check the options and fill g.  EXIT_DONE, or the refusal already said. */
static int
gate_setup(struct gtest *g, const char *dir, const char *url)
{
	struct url	 u;
	struct stat	 sb;
	char		 gate[PATH_MAX + 32], canon[URL_MAX + 1];
	const char	*why = NULL;

	if (url_parse(url, &u, &why) != PERR_OK)
		return admin_usage(GT_USAGE, "gate test: --url %s: %s", url,
		    why != NULL ? why : "not an http(s) URL");
	if (realpath(dir, g->cgidir) == NULL)
		return admin_refuse(PERR_OK, "gate test: --dir %s: %s", dir,
		    strerror(errno));
	snprintf(g->conf, sizeof(g->conf), "%s/%s", g->cgidir, GATE_CONF_NAME);
	snprintf(g->ticket, sizeof(g->ticket), "%s/%s", g->cgidir,
	    GATE_PROBE_NAME);
	snprintf(gate, sizeof(gate), "%s/authz-cgi", g->cgidir);
	if (stat(gate, &sb) == -1)
		return admin_refuse(PERR_OK, "gate test: the gate %s: %s", gate,
		    strerror(errno));
	g->owner = sb.st_uid;
	/* The gate trusts a ticket of its own user only. */
	if (geteuid() != 0 && geteuid() != sb.st_uid)
		return admin_refuse(PERR_OK, "gate test: run it as the gate's "
		    "owner (uid %u), as whom the gate runs", (unsigned)sb.st_uid);
	if (conf_load(g->conf, &g->c, &why) == -1)
		return admin_refuse(PERR_OK, "gate test: %s: %s", g->conf, why);
	if (strcmp(u.path, g->c.prefix) != 0)
		return admin_refuse(PERR_OK, "gate test: --url %s: its path is "
		    "not the protected directory's, \"%s\" (prefix in %s)", url,
		    g->c.prefix[0] != '\0' ? g->c.prefix : "/", g->conf);
	if (realpath(g->c.root, g->root) == NULL)
		return admin_refuse(PERR_OK, "gate test: root %s: %s",
		    g->c.root, strerror(errno));
	snprintf(g->file, sizeof(g->file), "%s/%s", g->root, GATE_PROBE_FILE);
	snprintf(g->pdir, sizeof(g->pdir), "%s/%s", g->root, GATE_PROBE_DIR);
	url_format(&u, canon, sizeof(canon));
	snprintf(g->url, sizeof(g->url), "%s/%s/probe", canon, GATE_PROBE_DIR);
	return EXIT_DONE;
}

static int
gate_test_exec(struct admin *a, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "dir", required_argument, NULL, 'd' },
		{ "url", required_argument, NULL, 'u' },
		{ "timeout", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 }
	};
	struct gtest	*g;
	const char	*dir = NULL, *url = NULL, *errstr;
	char		 why[2 * PATH_MAX + 512], esc[4 * PATH_MAX + 1024];
	int		 ch, on, fetched, timeout = GT_TIMEOUT, rc;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'd':
			dir = optarg;
			break;
		case 'u':
			url = optarg;
			break;
		case 't':
			timeout = (int)strtonum(optarg, 1, GATE_PROBE_TTL,
			    &errstr);
			if (errstr != NULL)
				return admin_usage(GT_TEST, "gate test: "
				    "--timeout is 1 to %d seconds",
				    GATE_PROBE_TTL);
			break;
		default:
			return admin_usage(GT_TEST, "gate test: bad option");
		}
	}
	if (optind != argc)
		return admin_usage(GT_TEST, "gate test: unexpected argument: %s",
		    argv[optind]);
	if (dir == NULL || url == NULL)
		return admin_usage(GT_TEST, "gate test: --dir and --url are "
		    "needed");
	if ((g = calloc(1, sizeof(*g))) == NULL)
		return admin_refuse(PERR_NOMEM, "gate test");
	if ((rc = gate_setup(g, dir, url)) != EXIT_DONE)
		goto done;
	rc = EXIT_REFUSED;
	if (!conf_xsendfile_path(g->file)) {
		on = 0;
		snprintf(why, sizeof(why), "the path of the protected directory "
		    "%s cannot go in an X-Sendfile header (a control byte, a "
		    "\"%%\" or a final space)", g->root);
	} else {
		if (gate_prepare(g) == -1)
			goto done;
		fetched = gate_fetch(g, timeout);
		token_wipe(g->token, sizeof(g->token));
		if (gate_clean(g) == -1 || fetched == -1)
			goto done;
		on = gate_verdict(g, why, sizeof(why));
	}
	if (gate_conf_set(g, on) == -1)
		goto done;
	rc = EXIT_DONE;
	if (a->json) {
		out_obj_begin();
		out_str("x_sendfile", on ? "on" : "off");
		out_int("status", g->status);
		out_str("reason", why);
		out_obj_end();
	} else {
		log_escape(esc, sizeof(esc), why, strlen(why));
		admin_done("x-sendfile %s: %s", on ? "on" : "off", esc);
	}
done:
	token_wipe(g->token, sizeof(g->token));
	free(g);
	return rc;
}

static const struct subcmd gate_subs[] = {
	{ "test", GT_TEST, gate_test_exec },
};

static int
gate_exec(struct admin *a, int argc, char **argv)
{
	return admin_dispatch(a, &cmd_gate, gate_subs,
	    sizeof(gate_subs) / sizeof(gate_subs[0]), argc, argv);
}

const struct cmd cmd_gate = { "gate", GT_USAGE, gate_exec, 1 };
