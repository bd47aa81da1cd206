/* postern: authz-admin user: add, change, list and remove users. */
/*
 * Passwords come only from standard input (--password-stdin) or are made
 * here (--random-password, printed once); never from argv, where every
 * other local user could read them.  Likewise a TOTP secret and recovery
 * codes are made here, shown once on standard output and never logged or
 * written to an event.
 */
#include "config.h"

#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "admin.h"
#include "lib/password.h"
#include "lib/secret.h"
#include "lib/setting.h"
#include "lib/store.h"
#include "lib/token.h"
#include "lib/totp.h"
#include "lib/user.h"

#define U_ADD \
	"  user add NAME [--email E] [--name TEXT] [--password-stdin | --random-password]\n" \
	"           [--disabled]\n"
#define U_SET \
	"  user set NAME [--email E] [--name TEXT] [--active yes|no]\n"
#define U_PASSWD \
	"  user passwd NAME [--password-stdin | --random-password]\n"
#define U_DEL	"  user del NAME\n"
#define U_LIST	"  user list\n"
#define U_SHOW	"  user show NAME\n"
#define U_TOTP_ENROLL \
	"  user totp enroll NAME [--force] [--key-file PATH]\n"
#define U_TOTP_RESET \
	"  user totp reset NAME\n"
#define U_TOTP	U_TOTP_ENROLL U_TOTP_RESET
#define U_RECOVERY \
	"  user recovery-codes NAME\n"
#define U_USAGE	U_ADD U_SET U_PASSWD U_DEL U_LIST U_SHOW U_TOTP U_RECOVERY

enum pwsource { PW_NONE, PW_STDIN, PW_RANDOM };

/*
 * Get the password the options asked for into pw (PASSWORD_MAX + 3
 * bytes).  Returns an exit status; EXIT_DONE with *len set on success.
 */
static int
user_password(enum pwsource src, char *pw, size_t pwsz, size_t *len)
{
	enum perr	e;

	*len = 0;
	if (src == PW_RANDOM) {
		if ((e = token_password(pw, pwsz)) != PERR_OK)
			return admin_refuse(e, "random password");
		*len = strlen(pw);
		return EXIT_DONE;
	}
	if ((e = admin_read_password(pw, pwsz, len)) != PERR_OK)
		return admin_refuse(e, "password from standard input (at most %d bytes)",
		    PASSWORD_MAX);
	if ((e = user_password_check(pw, *len)) != PERR_OK) {
		token_wipe(pw, pwsz);
		return admin_refuse(e, "password: %d to %d bytes are needed",
		    PASSWORD_MIN, PASSWORD_MAX);
	}
	return EXIT_DONE;
}

static enum perr
user_text_opt(char *dst, size_t dstsz, const char *src)
{
	if (strlcpy(dst, src, dstsz) >= dstsz)
		return PERR_TOOLONG;
	return PERR_OK;
}

static int
user_add_exec(struct admin *a, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "email", required_argument, NULL, 'e' },
		{ "name", required_argument, NULL, 'n' },
		{ "password-stdin", no_argument, NULL, 's' },
		{ "random-password", no_argument, NULL, 'r' },
		{ "disabled", no_argument, NULL, 'D' },
		{ NULL, 0, NULL, 0 }
	};
	struct user		 u;
	struct scrypt_params	 params;
	enum pwsource		 src = PW_NONE;
	char			 pw[PASSWORD_MAX + 3];
	size_t			 pwlen = 0;
	int			 ch, rc;
	enum perr		 e;

	memset(&u, 0, sizeof(u));
	u.active = 1;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'e':
			if (user_text_opt(u.email, sizeof(u.email), optarg))
				return admin_refuse(PERR_TOOLONG, "--email");
			break;
		case 'n':
			if (user_text_opt(u.display, sizeof(u.display), optarg))
				return admin_refuse(PERR_TOOLONG, "--name");
			break;
		case 's':
		case 'r':
			if (src != PW_NONE)
				return admin_usage(U_ADD, "user add: one password source");
			src = ch == 's' ? PW_STDIN : PW_RANDOM;
			break;
		case 'D':
			u.active = 0;
			break;
		default:
			return admin_usage(U_ADD, "user add: bad option");
		}
	}
	if (argc - optind != 1)
		return admin_usage(U_ADD, "user add: one NAME is needed");
	if (user_text_opt(u.name, sizeof(u.name), argv[optind]) != PERR_OK ||
	    user_canon(u.name, strlen(u.name), u.name) != PERR_OK)
		return admin_refuse(PERR_INVAL, "user add: %s: a username is "
		    "1-64 letters, digits, '.', '_', '-' or '@'", argv[optind]);
	if (user_display_check(u.display) != PERR_OK)
		return admin_refuse(PERR_INVAL, "user add: --name");
	if (user_email_check(u.email) != PERR_OK)
		return admin_refuse(PERR_INVAL, "user add: --email %s", u.email);
	if ((e = setting_scrypt(a->st, &params)) != PERR_OK)
		return admin_refuse(e, "password.scrypt");
	if (src != PW_NONE &&
	    (rc = user_password(src, pw, sizeof(pw), &pwlen)) != EXIT_DONE)
		return rc;
	if ((e = admin_begin(a)) != PERR_OK)
		return admin_refuse(e, "user add");
	e = user_add(a->st, &u, src != PW_NONE ? pw : NULL, pwlen, &params,
	    a->now);
	if (e != PERR_OK) {
		store_rollback(a->st);
		token_wipe(pw, sizeof(pw));
		return admin_refuse(e, "user add: %s", u.name);
	}
	rc = admin_commit(a, "user.add", u.name, "%s%s",
	    u.active ? "active" : "disabled",
	    src == PW_NONE ? ", no password" : "");
	if (rc == EXIT_DONE) {
		if (src == PW_RANDOM)
			printf("%s\n", pw);
		else
			admin_done("user %s added", u.name);
	}
	token_wipe(pw, sizeof(pw));
	return rc;
}

/* Look a user up by the name argument, with a clear refusal. */
static int
user_arg(struct admin *a, const char *cmd, const char *name, struct user *u)
{
	enum perr	e;

	if ((e = user_find(a->st, name, u)) == PERR_OK)
		return EXIT_DONE;
	if (e == PERR_NOTFOUND)
		return admin_refuse(PERR_OK, "%s: %s: no such user", cmd, name);
	if (e == PERR_INVAL)
		return admin_refuse(PERR_OK, "%s: %s: not a valid username",
		    cmd, name);
	return admin_refuse(e, "%s: %s", cmd, name);
}

static int
user_set_exec(struct admin *a, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "email", required_argument, NULL, 'e' },
		{ "name", required_argument, NULL, 'n' },
		{ "active", required_argument, NULL, 'a' },
		{ NULL, 0, NULL, 0 }
	};
	struct user	 u;
	const char	*email = NULL, *display = NULL;
	int		 ch, active = -1, rc;
	int64_t		 ended = 0;
	enum perr	 e;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'e':
			email = optarg;
			break;
		case 'n':
			display = optarg;
			break;
		case 'a':
			if (admin_yesno(optarg, &active) == -1)
				return admin_refuse(PERR_INVAL,
				    "user set: --active %s: yes or no", optarg);
			break;
		default:
			return admin_usage(U_SET, "user set: bad option");
		}
	}
	if (argc - optind != 1)
		return admin_usage(U_SET, "user set: one NAME is needed");
	if (email == NULL && display == NULL && active == -1)
		return admin_usage(U_SET, "user set: nothing to change");
	if ((rc = user_arg(a, "user set", argv[optind], &u)) != EXIT_DONE)
		return rc;
	if (email != NULL && user_text_opt(u.email, sizeof(u.email), email))
		return admin_refuse(PERR_TOOLONG, "user set: --email");
	if (display != NULL &&
	    user_text_opt(u.display, sizeof(u.display), display))
		return admin_refuse(PERR_TOOLONG, "user set: --name");
	if (active != -1)
		u.active = active;
	if ((e = admin_begin(a)) != PERR_OK)
		return admin_refuse(e, "user set");
	if ((e = user_update(a->st, &u, &ended)) != PERR_OK) {
		store_rollback(a->st);
		return admin_refuse(e, "user set: %s", u.name);
	}
	rc = admin_commit(a, "user.set", u.name, "%s%s%s",
	    email != NULL ? "email " : "", display != NULL ? "name " : "",
	    active == -1 ? "" : active ? "active" : "disabled");
	if (rc == EXIT_DONE)
		admin_done("user %s changed%s", u.name,
		    ended > 0 ? "; sessions ended" : "");
	return rc;
}

static int
user_passwd_exec(struct admin *a, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "password-stdin", no_argument, NULL, 's' },
		{ "random-password", no_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 }
	};
	struct user		 u;
	struct scrypt_params	 params;
	enum pwsource		 src = PW_NONE;
	char			 pw[PASSWORD_MAX + 3];
	size_t			 pwlen;
	int64_t			 ended = 0;
	int			 ch, rc;
	enum perr		 e;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch != 's' && ch != 'r')
			return admin_usage(U_PASSWD, "user passwd: bad option");
		if (src != PW_NONE)
			return admin_usage(U_PASSWD, "user passwd: one password source");
		src = ch == 's' ? PW_STDIN : PW_RANDOM;
	}
	if (argc - optind != 1)
		return admin_usage(U_PASSWD, "user passwd: one NAME is needed");
	if (src == PW_NONE)
		src = PW_STDIN;
	if ((rc = user_arg(a, "user passwd", argv[optind], &u)) != EXIT_DONE)
		return rc;
	if ((e = setting_scrypt(a->st, &params)) != PERR_OK)
		return admin_refuse(e, "password.scrypt");
	if ((rc = user_password(src, pw, sizeof(pw), &pwlen)) != EXIT_DONE)
		return rc;
	if ((e = admin_begin(a)) != PERR_OK) {
		token_wipe(pw, sizeof(pw));
		return admin_refuse(e, "user passwd");
	}
	if ((e = user_passwd(a->st, &u, pw, pwlen, &params, a->now, &ended))
	    != PERR_OK) {
		store_rollback(a->st);
		token_wipe(pw, sizeof(pw));
		return admin_refuse(e, "user passwd: %s", u.name);
	}
	rc = admin_commit(a, "user.passwd", u.name, "%lld sessions ended",
	    (long long)ended);
	if (rc == EXIT_DONE) {
		if (src == PW_RANDOM)
			printf("%s\n", pw);
		else
			admin_done("password of %s changed; %lld sessions ended",
			    u.name, (long long)ended);
	}
	token_wipe(pw, sizeof(pw));
	return rc;
}

static int
user_del_exec(struct admin *a, int argc, char **argv)
{
	struct user	u;
	int		rc;
	enum perr	e;

	if (argc != 2 || argv[1][0] == '-')
		return admin_usage(U_DEL, "user del: one NAME is needed");
	if ((rc = user_arg(a, "user del", argv[1], &u)) != EXIT_DONE)
		return rc;
	if ((e = admin_begin(a)) != PERR_OK)
		return admin_refuse(e, "user del");
	if ((e = store_user_del(a->st, u.id)) != PERR_OK) {
		store_rollback(a->st);
		return admin_refuse(e, "user del: %s", u.name);
	}
	rc = admin_commit(a, "user.del", u.name, NULL);
	if (rc == EXIT_DONE)
		admin_done("user %s deleted", u.name);
	return rc;
}

static int
user_group_cb(const struct group *g, void *arg)
{
	out_arr_str(g->name);
	return 0;
}

static int
user_print(const struct user *u, void *arg)
{
	struct admin	*a = arg;

	out_obj_begin();
	out_str("name", u->name);
	out_strnull("display", u->display);
	out_strnull("email", u->email);
	out_bool("active", u->active);
	out_bool("totp", u->totp);
	out_arr_begin("groups");
	store_user_groups(a->st, u->id, user_group_cb, NULL);
	out_arr_end();
	out_time("created", u->created);
	out_obj_end();
	return 0;
}

static int
user_list_exec(struct admin *a, int argc, char **argv)
{
	enum perr	e;

	if (argc != 1)
		return admin_usage(U_LIST, "user list: no arguments");
	out_list_begin();
	e = store_user_list(a->st, user_print, a);
	out_list_end();
	if (e != PERR_OK)
		return admin_refuse(e, "user list");
	return EXIT_DONE;
}

static int
user_show_exec(struct admin *a, int argc, char **argv)
{
	struct user	u;
	int		rc;

	if (argc != 2 || argv[1][0] == '-')
		return admin_usage(U_SHOW, "user show: one NAME is needed");
	if ((rc = user_arg(a, "user show", argv[1], &u)) != EXIT_DONE)
		return rc;
	user_print(&u, a);
	return EXIT_DONE;
}

/* Is a TOTP authenticator stored for user?  PERR_OK yes, PERR_NOTFOUND no. */
static enum perr
user_totp_enrolled(struct admin *a, int64_t user)
{
	uint8_t		sealed[STORE_TOTP_SEALED_MAX];
	size_t		len;
	int64_t		last;

	return store_totp_get(a->st, user, sealed, sizeof(sealed), &len, &last);
}

static int
user_totp_enroll_exec(struct admin *a, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "force", no_argument, NULL, 'f' },
		{ "key-file", required_argument, NULL, 'k' },
		{ NULL, 0, NULL, 0 }
	};
	struct user	 u;
	char		 keyfile[PATH_MAX];
	char		 issuer[TOTP_ISSUER_MAX + 1];
	char		 uri[TOTP_URI_MAX + 1];
	uint8_t		 key[SECRET_KEY_BYTES];
	uint8_t		 secret[TOTP_SECRET_BYTES];
	const char	*kf = NULL;
	int64_t		 ended = 0;
	int		 ch, force = 0, replaced = 0, rc = EXIT_REFUSED;
	enum perr	 e;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'f':
			force = 1;
			break;
		case 'k':
			kf = optarg;
			break;
		default:
			return admin_usage(U_TOTP_ENROLL,
			    "user totp enroll: bad option");
		}
	}
	if (argc - optind != 1)
		return admin_usage(U_TOTP_ENROLL,
		    "user totp enroll: one NAME is needed");
	if ((rc = user_arg(a, "user totp enroll", argv[optind], &u)) !=
	    EXIT_DONE)
		return rc;
	if (kf == NULL) {
		if (secret_keyfile_default(a->db, keyfile, sizeof(keyfile)) !=
		    PERR_OK)
			return admin_refuse(PERR_TOOLONG, "%s", a->db);
		kf = keyfile;
	}
	if ((e = setting_str(a->st, "totp.issuer", issuer, sizeof(issuer))) !=
	    PERR_OK)
		return admin_refuse(e, "totp.issuer");
	/* A missing or too open key file: secret_key_load() said why. */
	if (secret_key_load(kf, key) != PERR_OK)
		return EXIT_REFUSED;
	if ((e = admin_begin(a)) != PERR_OK) {
		rc = admin_refuse(e, "user totp enroll");
		goto done;
	}
	if ((e = user_totp_enrolled(a, u.id)) == PERR_OK) {
		replaced = 1;
		if (!force) {
			store_rollback(a->st);
			rc = admin_refuse(PERR_OK, "user totp enroll: %s "
			    "already has an authenticator (--force replaces "
			    "it)", u.name);
			goto done;
		}
	} else if (e != PERR_NOTFOUND) {
		store_rollback(a->st);
		rc = admin_refuse(e, "user totp enroll: %s", u.name);
		goto done;
	}
	/* The URI is made before the commit: nothing is stored unseen. */
	if ((e = totp_enroll(a->st, key, u.id, a->now, secret,
	    &ended)) != PERR_OK ||
	    (e = totp_uri(issuer, u.name, secret, sizeof(secret), uri,
	    sizeof(uri))) != PERR_OK) {
		store_rollback(a->st);
		rc = admin_refuse(e, "user totp enroll: %s", u.name);
		goto done;
	}
	rc = admin_commit(a, "user.totp.enroll", u.name,
	    "%s%lld sessions ended", replaced ? "replaced; " : "",
	    (long long)ended);
	if (rc != EXIT_DONE)
		goto done;
	if (a->json) {
		out_obj_begin();
		out_str("uri", uri);
		out_obj_end();
		goto done;
	}
	printf("%s\n\n", uri);
	if ((e = qr_print(uri)) != PERR_OK)
		fprintf(stderr, "authz-admin: no QR code (%s): enter the URI "
		    "by hand\n", perr_str(e));
	printf("\nuser %s enrolled%s; %lld sessions ended; the secret is not "
	    "shown again\n", u.name, replaced ? " anew" : "",
	    (long long)ended);
done:
	token_wipe(key, sizeof(key));
	token_wipe(secret, sizeof(secret));
	token_wipe(uri, sizeof(uri));
	return rc;
}

static int
user_totp_reset_exec(struct admin *a, int argc, char **argv)
{
	struct user	u;
	int64_t		ended = 0;
	int		rc;
	enum perr	e;

	if (argc != 2 || argv[1][0] == '-')
		return admin_usage(U_TOTP_RESET,
		    "user totp reset: one NAME is needed");
	if ((rc = user_arg(a, "user totp reset", argv[1], &u)) != EXIT_DONE)
		return rc;
	if ((e = admin_begin(a)) != PERR_OK)
		return admin_refuse(e, "user totp reset");
	/* Recovery codes stand in for the authenticator: they go with it. */
	if ((e = store_totp_del(a->st, u.id, &ended)) != PERR_OK ||
	    (e = store_recovery_replace(a->st, u.id, NULL, 0)) != PERR_OK) {
		store_rollback(a->st);
		if (e == PERR_NOTFOUND)
			return admin_refuse(PERR_OK, "user totp reset: %s has "
			    "no authenticator", u.name);
		return admin_refuse(e, "user totp reset: %s", u.name);
	}
	rc = admin_commit(a, "user.totp.reset", u.name,
	    "recovery codes removed; %lld sessions ended", (long long)ended);
	if (rc == EXIT_DONE)
		admin_done("authenticator and recovery codes of %s removed; "
		    "%lld sessions ended", u.name, (long long)ended);
	return rc;
}

static const struct subcmd user_totp_subs[] = {
	{ "enroll", U_TOTP_ENROLL, user_totp_enroll_exec },
	{ "reset", U_TOTP_RESET, user_totp_reset_exec },
};

static const struct cmd cmd_user_totp = { "user totp", U_TOTP, NULL, 0 };

static int
user_totp_exec(struct admin *a, int argc, char **argv)
{
	return admin_dispatch(a, &cmd_user_totp, user_totp_subs,
	    sizeof(user_totp_subs) / sizeof(user_totp_subs[0]), argc, argv);
}

static int
user_recovery_exec(struct admin *a, int argc, char **argv)
{
	struct user	 u;
	char		 codes[TOTP_RECOVERY_COUNT][TOTP_RECOVERY_LEN + 1];
	uint8_t		 hashes[TOTP_RECOVERY_COUNT][32];
	size_t		 i;
	int		 rc = EXIT_REFUSED;
	enum perr	 e;

	if (argc != 2 || argv[1][0] == '-')
		return admin_usage(U_RECOVERY,
		    "user recovery-codes: one NAME is needed");
	if ((rc = user_arg(a, "user recovery-codes", argv[1], &u)) !=
	    EXIT_DONE)
		return rc;
	if ((e = totp_recovery_new(codes, hashes)) != PERR_OK)
		return admin_refuse(e, "user recovery-codes");
	if ((e = admin_begin(a)) != PERR_OK) {
		rc = admin_refuse(e, "user recovery-codes");
		goto done;
	}
	/* They replace a lost authenticator: without one they mean nothing. */
	if ((e = user_totp_enrolled(a, u.id)) != PERR_OK) {
		store_rollback(a->st);
		if (e == PERR_NOTFOUND)
			rc = admin_refuse(PERR_OK, "user recovery-codes: %s has "
			    "no authenticator (user totp enroll first)",
			    u.name);
		else
			rc = admin_refuse(e, "user recovery-codes: %s", u.name);
		goto done;
	}
	if ((e = store_recovery_replace(a->st, u.id,
	    (const uint8_t (*)[32])hashes, TOTP_RECOVERY_COUNT)) != PERR_OK) {
		store_rollback(a->st);
		rc = admin_refuse(e, "user recovery-codes: %s", u.name);
		goto done;
	}
	rc = admin_commit(a, "user.recovery-codes", u.name,
	    "%d new codes; earlier ones void", TOTP_RECOVERY_COUNT);
	if (rc != EXIT_DONE)
		goto done;
	if (a->json) {
		out_arr_begin(NULL);
		for (i = 0; i < TOTP_RECOVERY_COUNT; i++)
			out_arr_str(codes[i]);
		out_arr_end();
	} else
		for (i = 0; i < TOTP_RECOVERY_COUNT; i++)
			printf("%s\n", codes[i]);
done:
	token_wipe(codes, sizeof(codes));
	token_wipe(hashes, sizeof(hashes));
	return rc;
}

static const struct subcmd user_subs[] = {
	{ "add", U_ADD, user_add_exec },
	{ "set", U_SET, user_set_exec },
	{ "passwd", U_PASSWD, user_passwd_exec },
	{ "del", U_DEL, user_del_exec },
	{ "list", U_LIST, user_list_exec },
	{ "show", U_SHOW, user_show_exec },
	{ "totp", U_TOTP, user_totp_exec },
	{ "recovery-codes", U_RECOVERY, user_recovery_exec },
};

static int
user_exec(struct admin *a, int argc, char **argv)
{
	return admin_dispatch(a, &cmd_user, user_subs,
	    sizeof(user_subs) / sizeof(user_subs[0]), argc, argv);
}

const struct cmd cmd_user = { "user", U_USAGE, user_exec, 0 };
