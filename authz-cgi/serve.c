/* postern: authz-cgi: deliver one file of the protected directory. */
/*
 * Called only after decide() said yes for the configured application.
 * The URL path Apache resolved (REDIRECT_URL: decoded once, dot segments
 * removed, slashes merged) is mapped under the configured prefix to the
 * configured directory, and served only when:
 *   - no segment starts with "." (no dotfile, no .htaccess) or holds "\";
 *   - realpath() of it lies inside realpath() of the directory, so no
 *     symlink leads out of it, and its own segments there hold no dotfile;
 *   - it is a regular file (a directory: its index.html, or index.php when
 *     php-cgi is configured; never a listing);
 *   - it is not a script whose source must stay private (.php goes to
 *     php-cgi, never out as text; .cgi, .pl and the other script
 *     extensions are refused).
 * The answer: type from mime.types, Last-Modified and ETag with 304, one
 * Range with 206 or 416, HEAD, Cache-Control: private, nosniff, and the
 * body through sendfile(2).  With "x-sendfile on" (written by "authz-admin
 * gate test" once the host's mod_xsendfile proved to deliver files from the
 * directory) the same checks come first, and then the answer is only the
 * type, the two headers and X-Sendfile naming the checked real path:
 * mod_xsendfile sends the file and does the conditions, ranges and HEAD.
 *
 * The self-test itself (serve_probe) answers a request carrying
 * X-Postern-Probe before any decision, and only with the probe file.
 */
#include "config.h"

#include <sys/sendfile.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "gate.h"
#include "lib/log.h"
#include "lib/token.h"

/* Extensions whose source is never sent. */
static const char *const serve_scripts[] = {
	"cgi", "pl", "pm", "py", "rb", "sh", "fcgi", "phtml", "phar", "phps",
	"php3", "php4", "php5", "php7", "php8", "inc", "asp", "aspx", "jsp",
	"shtml",
};

/* Does any segment of p start with "." or hold a backslash? */
static int
serve_hidden(const char *p)
{
	if (strchr(p, '\\') != NULL)
		return 1;
	for (; *p != '\0'; p++)
		if (*p == '/' && p[1] == '.')
			return 1;
	return 0;
}

/* The extension of the last segment of p ("" when none). */
static const char *
serve_ext(const char *p)
{
	const char	*base = strrchr(p, '/'), *dot;

	base = base != NULL ? base + 1 : p;
	dot = strrchr(base, '.');
	return dot != NULL && dot != base ? dot + 1 : "";
}

/* Is the If-None-Match list matched by etag (weak comparison)? */
static int
serve_inm(const char *h, const char *etag)
{
	size_t		 n = strlen(etag);
	const char	*p = h;

	while (*p != '\0') {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (*p == '*')
			return 1;
		if (strncmp(p, "W/", 2) == 0)
			p += 2;
		if (strncmp(p, etag, n) == 0 &&
		    (p[n] == '\0' || p[n] == ',' || p[n] == ' ' ||
		    p[n] == '\t'))
			return 1;
		while (*p != '\0' && *p != ',')
			p++;
	}
	return 0;
}

static int
serve_sendfile(int fd, off_t off, uint64_t count)
{
	ssize_t	n;
	char	buf[65536];

	while (count > 0) {
		n = sendfile(STDOUT_FILENO, fd, &off, count > 0x40000000 ?
		    0x40000000 : (size_t)count);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && (errno == EINVAL || errno == ENOSYS))
			break;
		if (n <= 0)
			return -1;
		count -= (uint64_t)n;
	}
	/* stdout that sendfile(2) cannot write to: plain copies. */
	while (count > 0) {
		n = pread(fd, buf, count > sizeof(buf) ? sizeof(buf) :
		    (size_t)count, off);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0 || fwrite(buf, 1, (size_t)n, stdout) != (size_t)n)
			return -1;
		off += n;
		count -= (uint64_t)n;
	}
	return fflush(stdout) == 0 ? 0 : -1;
}

/* Send the open regular file fd (its stat in st) as the answer. */
static int
serve_file(const struct gate_conf *c, const char *path, int fd,
    const struct stat *st, int head)
{
	char			 type[GATE_TYPE_MAX + 1], etag[80], lm[64];
	char			 crange[96] = "";
	const char		*inm, *ims, *ir;
	struct gate_range	 r;
	enum range_result	 rr = RANGE_NONE;
	uint64_t		 size = (uint64_t)st->st_size, first = 0;
	uint64_t		 len = size;
	time_t			 t;
	int			 status = 200;

	snprintf(etag, sizeof(etag), "\"%jx-%jx-%jx\"", (uintmax_t)st->st_ino,
	    (uintmax_t)st->st_size, (uintmax_t)st->st_mtim.tv_sec *
	    1000000000u + (uintmax_t)st->st_mtim.tv_nsec);
	if (http_date(st->st_mtime, lm, sizeof(lm)) == -1)
		return -1;
	if ((inm = getenv("HTTP_IF_NONE_MATCH")) != NULL) {
		if (serve_inm(inm, etag))
			status = 304;
	} else if ((ims = getenv("HTTP_IF_MODIFIED_SINCE")) != NULL &&
	    http_date_parse(ims, &t) == 0 && st->st_mtime <= t)
		status = 304;
	if (status == 304) {
		printf("Status: 304 Not Modified\r\nETag: %s\r\n"
		    "Last-Modified: %s\r\nCache-Control: private\r\n\r\n",
		    etag, lm);
		return fflush(stdout) == 0 ? 0 : -1;
	}
	if ((ir = getenv("HTTP_IF_RANGE")) == NULL || strcmp(ir, etag) == 0)
		rr = range_parse(getenv("HTTP_RANGE"), size, &r);
	if (rr == RANGE_UNSATISFIABLE) {
		snprintf(crange, sizeof(crange),
		    "Content-Range: bytes */%" PRIu64 "\r\n", size);
		http_answer(416, crange, head);
		return 0;
	}
	if (rr == RANGE_OK) {
		status = 206;
		first = r.first;
		len = r.last - r.first + 1;
		snprintf(crange, sizeof(crange), "Content-Range: bytes %"
		    PRIu64 "-%" PRIu64 "/%" PRIu64 "\r\n", r.first, r.last,
		    size);
	}
	if (!mime_lookup(c->mimetypes, serve_ext(path), type, sizeof(type)))
		strlcpy(type, "application/octet-stream", sizeof(type));
	printf("Status: %s\r\n"
	    "Content-Type: %s\r\n"
	    "Content-Length: %" PRIu64 "\r\n"
	    "%s"
	    "Accept-Ranges: bytes\r\n"
	    "ETag: %s\r\n"
	    "Last-Modified: %s\r\n"
	    "Cache-Control: private\r\n"
	    "X-Content-Type-Options: nosniff\r\n\r\n",
	    status == 206 ? "206 Partial Content" : "200 OK", type, len,
	    crange, etag, lm);
	if (fflush(stdout) != 0)
		return -1;
	if (head || len == 0)
		return 0;
	/* The headers are out: a failure now can only be logged. */
	if (serve_sendfile(fd, (off_t)first, len) == -1)
		log_warn("%s: the body was cut short: %s", path,
		    strerror(errno));
	return 0;
}

/*
 * Hand the checked regular file real (its real path) to mod_xsendfile: no
 * body, no length, no validators of our own (it sets them from the file).
 */
static int
serve_xsendfile(const struct gate_conf *c, const char *real)
{
	char	type[GATE_TYPE_MAX + 1];

	if (!mime_lookup(c->mimetypes, serve_ext(real), type, sizeof(type)))
		strlcpy(type, "application/octet-stream", sizeof(type));
	printf("Status: 200 OK\r\n"
	    "Content-Type: %s\r\n"
	    "Cache-Control: private\r\n"
	    "X-Content-Type-Options: nosniff\r\n"
	    "X-Sendfile: %s\r\n\r\n", type, real);
	return fflush(stdout) == 0 ? 0 : -1;
}

/*
 * Answer for url (REDIRECT_URL) with method (the original one).  Returns
 * 0 when an answer went out, -1 on an error before any byte did (the
 * caller answers 500).
 */
int
serve_path(const struct gate_conf *c, const char *url, const char *method,
    const struct identity *id)
{
	char		 full[PATH_MAX_BYTES * 2 + 2], real[PATH_MAX];
	char		 root[PATH_MAX], index[PATH_MAX + 16], loc[PATH_MAX + 8];
	const char	*rel, *ext, *base;
	struct stat	 st, fst;
	size_t		 plen = strlen(c->prefix), rlen;
	int		 fd, rc, head = strcmp(method, "HEAD") == 0;

	if (strncmp(url, c->prefix, plen) != 0 ||
	    (url[plen] != '/' && url[plen] != '\0')) {
		http_answer(404, NULL, head);
		return 0;
	}
	rel = url + plen;
	if (serve_hidden(rel)) {
		http_answer(404, NULL, head);
		return 0;
	}
	if (realpath(c->root, root) == NULL) {
		log_err("root %s: %s", c->root, strerror(errno));
		return -1;
	}
	if ((size_t)snprintf(full, sizeof(full), "%s/%s", root,
	    *rel == '/' ? rel + 1 : rel) >= sizeof(full)) {
		http_answer(404, NULL, head);
		return 0;
	}
	if (realpath(full, real) == NULL) {
		http_answer(errno == EACCES ? 403 : 404, NULL, head);
		return 0;
	}
	rlen = strlen(root);
	if (strncmp(real, root, rlen) != 0 ||
	    (real[rlen] != '/' && real[rlen] != '\0') ||
	    serve_hidden(real + rlen)) {
		log_warn("refused %s: it resolves outside the directory or "
		    "to a dotfile", url);
		http_answer(404, NULL, head);
		return 0;
	}
	if (stat(real, &st) == -1) {
		http_answer(404, NULL, head);
		return 0;
	}
	if (S_ISDIR(st.st_mode)) {
		if (*rel == '\0' || rel[strlen(rel) - 1] != '/') {
			/* A relative Location: never an internal redirect. */
			base = strrchr(url, '/');
			snprintf(loc, sizeof(loc), "Location: %s/\r\n",
			    base != NULL && base[1] != '\0' ? base + 1 : ".");
			printf("Status: 301 Moved Permanently\r\n%s"
			    "Cache-Control: no-store\r\n\r\n", loc);
			return fflush(stdout) == 0 ? 0 : -1;
		}
		snprintf(index, sizeof(index), "%s/index.html", real);
		if (stat(index, &st) == -1 || !S_ISREG(st.st_mode)) {
			snprintf(index, sizeof(index), "%s/index.php", real);
			if (c->php[0] == '\0' || stat(index, &st) == -1 ||
			    !S_ISREG(st.st_mode)) {
				http_answer(403, NULL, head);
				return 0;
			}
		}
		strlcpy(real, index, sizeof(real));
	}
	if (!S_ISREG(st.st_mode)) {
		http_answer(403, NULL, head);
		return 0;
	}
	ext = serve_ext(real);
	if (strcasecmp(ext, "php") == 0) {
		if (c->php[0] == '\0') {
			http_answer(403, NULL, head);
			return 0;
		}
		return php_exec(c, real, url, method, id);
	}
	for (size_t i = 0; i < sizeof(serve_scripts) / sizeof(*serve_scripts);
	    i++)
		if (strcasecmp(ext, serve_scripts[i]) == 0) {
			http_answer(403, NULL, head);
			return 0;
		}
	http_drain();
	if (strcmp(method, "GET") != 0 && !head) {
		http_answer(405, "Allow: GET, HEAD\r\n", 0);
		return 0;
	}
	if ((fd = open(real, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) == -1) {
		http_answer(errno == EACCES ? 403 : 404, NULL, head);
		return 0;
	}
	if (fstat(fd, &fst) == -1 || fst.st_dev != st.st_dev ||
	    fst.st_ino != st.st_ino || !S_ISREG(fst.st_mode)) {
		close(fd);
		log_err("%s changed while it was opened", url);
		return -1;
	}
	if (c->xsendfile && conf_xsendfile_path(real)) {
		close(fd);
		return serve_xsendfile(c, real);
	}
	if (c->xsendfile)
		log_info("%s: its path cannot go in an X-Sendfile header: sent "
		    "by the gate", url);
	rc = serve_file(c, real, fd, &fst, head);
	close(fd);
	return rc;
}

/*
 * Read the ticket of "authz-admin gate test" from dir into hash (the
 * SHA-256 the token must have): a regular file of the gate's effective
 * user that nobody else can write, holding what conf_ticket() accepts.
 * 0, or -1 with *why (static text).
 */
static int
serve_ticket(const char *dir, uint8_t hash[TOKEN_HASH_BYTES],
    const char **why)
{
	struct stat	 st;
	char		 path[PATH_MAX_BYTES + 32], buf[GATE_PROBE_LINE + 2];
	ssize_t		 n;
	int		 fd, rc = -1;

	*why = "no ticket (no gate test under way)";
	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir,
	    GATE_PROBE_NAME) >= sizeof(path) || (fd = open(path, O_RDONLY |
	    O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)) == -1)
		return -1;
	*why = "the ticket is not a regular file of the gate's user that "
	    "only it can write";
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) ||
	    st.st_uid != geteuid() || (st.st_mode & 022) != 0)
		goto done;
	*why = "the ticket cannot be read";
	while ((n = read(fd, buf, sizeof(buf) - 1)) == -1 && errno == EINTR)
		continue;
	if (n < 0)
		goto done;
	rc = conf_ticket(buf, (size_t)n, time(NULL), hash, why);
done:
	if (rc == -1)
		token_wipe(hash, TOKEN_HASH_BYTES);
	close(fd);
	return rc;
}

/*
 * The self-test of X-Sendfile delivery: token is the X-Postern-Probe
 * header of the request (never logged), dir the gate's directory.  Only
 * when token is GATE_PROBE_HEX lowercase hex digits whose SHA-256 is the
 * one in a valid ticket (serve_ticket) is the answer 200 with X-Sendfile
 * naming GATE_PROBE_FILE in the real protected directory, and no body:
 * that file's content, delivered by mod_xsendfile, is what the test looks
 * for.  Every other case is a plain 404, logged.  The probe never names
 * any other file, whatever the request's URL.
 */
void
serve_probe(const struct gate_conf *c, const char *dir, const char *token)
{
	uint8_t		 want[TOKEN_HASH_BYTES], got[TOKEN_HASH_BYTES];
	char		 root[PATH_MAX], file[PATH_MAX + 32];
	const char	*why = "a malformed token";
	size_t		 n = strlen(token);
	int		 ok = 0;

	memset(want, 0, sizeof(want));
	memset(got, 0, sizeof(got));
	if (n != GATE_PROBE_HEX || strspn(token, "0123456789abcdef") != n)
		goto done;
	if (serve_ticket(dir, want, &why) == -1)
		goto done;
	why = "the token does not match the ticket";
	if (token_sha256(token, n, got) != PERR_OK ||
	    !token_equal(got, want, sizeof(got)))
		goto done;
	why = "the protected directory cannot be resolved";
	if (realpath(c->root, root) == NULL)
		goto done;
	why = "the protected directory's path cannot go in an X-Sendfile "
	    "header";
	if ((size_t)snprintf(file, sizeof(file), "%s/%s", root,
	    GATE_PROBE_FILE) >= sizeof(file) || !conf_xsendfile_path(file))
		goto done;
	ok = 1;
done:
	token_wipe(got, sizeof(got));
	token_wipe(want, sizeof(want));
	if (!ok) {
		log_warn("probe refused: %s", why);
		http_answer(404, NULL, 0);
		return;
	}
	log_info("probe answered: X-Sendfile %s", file);
	printf("Status: 200 OK\r\n"
	    "Content-Type: application/octet-stream\r\n"
	    "Cache-Control: no-store\r\n"
	    "X-Sendfile: %s\r\n\r\n", file);
	fflush(stdout);
}
