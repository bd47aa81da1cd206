/* postern: authz-cgi, the gate for shared hosting. */
/*
 * Apache denies every request for the protected directory (its .htaccess)
 * and sends the 403 to this program as a local redirect (ErrorDocument).
 * It refuses to answer anything else, reads its configuration from
 * authz-cgi.conf beside itself, rebuilds the original request (REDIRECT_URL,
 * REDIRECT_QUERY_STRING, the host, the method carried as REDIRECT_HANDLER),
 * decides with decide() as authz-fcgi does, and then sends the login, a
 * refusal, or the file.  Any error is a 500.  A request carrying
 * X-Postern-Probe is only ever the self-test of "authz-admin gate test"
 * (serve_probe): answered before any decision, with the probe file or 404.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gate.h"
#include "lib/decide.h"
#include "lib/form.h"
#include "lib/log.h"
#include "lib/request.h"
#include "lib/store.h"

extern char **environ;

/* A method: 1*tchar, upper-case letters being all Apache passes on. */
static const char *
gate_method(void)
{
	const char	*m, *p;

	if ((m = getenv("REDIRECT_HANDLER")) == NULL &&
	    (m = getenv("REDIRECT_REQUEST_METHOD")) == NULL)
		m = getenv("REQUEST_METHOD");
	if (m == NULL || *m == '\0' || strlen(m) > 32)
		return NULL;
	for (p = m; *p != '\0'; p++)
		if (!(*p >= 'A' && *p <= 'Z') && *p != '-' && *p != '_')
			return NULL;
	return m;
}

/*
 * The original request target for decide(): REDIRECT_URL (already decoded
 * by Apache) percent-encoded again, so that decide()'s one decoding sees
 * exactly the path that is served, and the query.  0, or -1 when too long.
 */
static int
gate_target(const char *url, const char *query, char *out, size_t outsz)
{
	size_t	n;

	if ((n = form_encode_keep(url, strlen(url), "/!$&'()*+,;=:@", out,
	    outsz)) == 0)
		return -1;
	if (query != NULL && *query != '\0' &&
	    (size_t)snprintf(out + n, outsz - n, "?%s", query) >= outsz - n)
		return -1;
	return 0;
}

/*
 * The configuration beside the gate as Apache ran it, and that directory
 * into dir (PATH_MAX_BYTES + 1 bytes).
 */
static int
gate_conf(struct gate_conf *c, char *dir)
{
	const char	*sf = getenv("SCRIPT_FILENAME"), *slash, *why;
	char		 path[PATH_MAX_BYTES + 32];

	if (sf == NULL || sf[0] != '/' || (slash = strrchr(sf, '/')) == NULL ||
	    (size_t)(slash - sf) > PATH_MAX_BYTES) {
		log_err("SCRIPT_FILENAME is not an absolute path");
		return -1;
	}
	memcpy(dir, sf, (size_t)(slash - sf));
	dir[slash - sf] = '\0';
	snprintf(path, sizeof(path), "%s/%s", dir, GATE_CONF_NAME);
	if (conf_load(path, c, &why) == -1) {
		log_err("%s: %s", path, why);
		return -1;
	}
	return 0;
}

/*
 * A request with X-Postern-Probe is the self-test of "authz-admin gate
 * test" and nothing else: answered by serve_probe() when the gate may run
 * at all, else a 404 like every refused probe.  Never decided, never a file.
 */
static void
gate_probe(const char *token)
{
	struct gate_conf	 c;
	char			 dir[PATH_MAX_BYTES + 1];
	const char		*why;

	http_drain();
	if (gate_conf(&c, dir) == -1) {
		log_warn("probe refused: no configuration");
		http_answer(404, NULL, 0);
		return;
	}
	if (conf_runas(&c, getenv("SCRIPT_FILENAME"), &why) == -1) {
		log_warn("probe refused: refusing to run: %s", why);
		http_answer(404, NULL, 0);
		return;
	}
	serve_probe(&c, dir, token);
}

/*
 * Decide r on the store opened with flags, as authz-fcgi's workers do: one
 * read transaction for the load and the lookups (one snapshot, one WAL
 * read mark instead of one per statement); the touch is left in d.  The
 * store is closed again before the answer.  0, or -1 on a store error.
 */
static int
gate_decide(const struct gate_conf *c, int flags, const struct request *r,
    int64_t now, struct decision *d)
{
	struct store		*st = NULL;
	struct decide_cfg	*cfg = NULL;
	enum perr		 e;
	int			 rc = -1;

	if (store_open(&st, c->db, flags) != PERR_OK)
		return -1;
	if ((e = store_read_begin(st)) != PERR_OK) {
		log_err("store: %s", perr_str(e));
		goto done;
	}
	if ((e = decide_cfg_load(st, c->outpost, &cfg)) != PERR_OK) {
		store_rollback(st);
		log_err("outpost %s: %s", c->outpost, perr_str(e));
		goto done;
	}
	decide_deferred(cfg, st, r, now, d);
	if (store_read_end(st) != PERR_OK && d->outcome != OUTCOME_ERROR) {
		/* A callback's write could not commit: fail closed. */
		log_err("store: the request's transaction did not commit");
		d->outcome = OUTCOME_ERROR;
	}
	rc = 0;
done:
	decide_cfg_free(cfg);
	store_close(st);
	return rc;
}

int
main(int argc, char *argv[])
{
	struct gate_conf	 c;
	struct request		 r;
	struct decision		 d;
	struct store		*st = NULL;
	const char		*status, *url, *method, *probe, *why = NULL;
	char			 target[REQUEST_URI_MAX + 1], extra[64 +
				    DECIDE_LOCATION_MAX + DECIDE_COOKIE_MAX];
	char			 dir[PATH_MAX_BYTES + 1];
	int64_t			 now;
	int			 head;
	enum perr		 e;

	(void)argc;
	(void)argv;
	/*
	 * No OpenSSL initialisation: the gate hashes with the low-level
	 * SHA-256 and compares and wipes with CRYPTO_memcmp and
	 * OPENSSL_cleanse, none of which reads openssl.cnf (about 2 ms a
	 * start) or loads a provider; it mints with getrandom(2) (random.c).
	 */
	log_open("authz-cgi", LOG_DEST_STDERR);

	/*
	 * Only Apache's ErrorDocument redirect of a denied request: a direct
	 * call, or anything with a forged PATH_INFO, learns nothing.
	 */
	status = getenv("REDIRECT_STATUS");
	url = getenv("REDIRECT_URL");
	if (status == NULL || strcmp(status, "403") != 0 || url == NULL ||
	    url[0] != '/' || getenv("PATH_INFO") != NULL) {
		http_drain();
		http_answer(404, NULL, 0);
		return 0;
	}
	if ((probe = getenv("HTTP_X_POSTERN_PROBE")) != NULL) {
		gate_probe(probe);
		return 0;
	}
	if ((method = gate_method()) == NULL) {
		http_drain();
		http_answer(403, NULL, 0);
		return 0;
	}
	head = strcmp(method, "HEAD") == 0;
	if (gate_conf(&c, dir) == -1)
		goto fail;
	if (conf_runas(&c, getenv("SCRIPT_FILENAME"), &why) == -1) {
		log_err("refusing to run: %s (no suexec?): every other "
		    "account's scripts could read and write the store; have "
		    "the host run CGI programs as their owner (suexec), and own "
		    "the gate yourself", why);
		goto fail;
	}
	why = NULL;
	if ((e = request_from_env(environ, &r, &why)) != PERR_OK) {
		log_warn("refused request: %s", why != NULL ? why :
		    perr_str(e));
		http_drain();
		http_answer(403, NULL, head);
		return 0;
	}
	if (gate_target(url, getenv("REDIRECT_QUERY_STRING"), target,
	    sizeof(target)) == -1) {
		http_drain();
		http_answer(403, NULL, head);
		return 0;
	}
	r.uri = target;
	r.method = method;
	now = (int64_t)time(NULL);
	/*
	 * Read-only, the WAL index used as it is (STORE_SHMREAD): the gate is
	 * often the only program with the store open, and a writable
	 * connection would rebuild the index at each start.  Only a callback
	 * writes as part of its answer: decided again on a writable store.
	 */
	if (gate_decide(&c, STORE_READONLY | STORE_SHMREAD, &r, now, &d) == -1)
		goto fail;
	if (d.needwrite && gate_decide(&c, 0, &r, now, &d) == -1)
		goto fail;
	/* The idle-time touch, a write, after the answer is known. */
	if (d.touch != 0) {
		if (store_open(&st, c.db, 0) == PERR_OK)
			decide_touch(st, &d, now);
		store_close(st);
		st = NULL;
	}
	/* The directory is the configured application's, and only its. */
	if (d.outcome == OUTCOME_ALLOW && strcmp(d.app, c.app) != 0) {
		d.outcome = OUTCOME_DENY;
		d.why = "another application";
	}
	switch (d.outcome) {
	case OUTCOME_ALLOW:
		if (serve_path(&c, url, method, &d.id) == -1)
			goto fail;
		break;
	case OUTCOME_LOGIN:
	case OUTCOME_CONSENT:
		http_drain();
		snprintf(extra, sizeof(extra), "Location: %s\r\n", d.location);
		http_answer(302, extra, head);
		break;
	case OUTCOME_CALLBACK:
		http_drain();
		snprintf(extra, sizeof(extra), "Set-Cookie: %s\r\n"
		    "Location: %s\r\n", d.setcookie, d.location);
		http_answer(302, extra, head);
		break;
	case OUTCOME_UNAUTH:
		http_drain();
		http_answer(401, NULL, head);
		break;
	case OUTCOME_DENY:
	case OUTCOME_BAD:
		log_info("denied %s: %s", url, d.why != NULL ? d.why : "");
		http_drain();
		http_answer(403, NULL, head);
		break;
	default:
		goto fail;
	}
	return 0;
fail:
	http_drain();
	http_answer(500, NULL, 0);
	return 0;
}
