/* postern: authz-admin: the command table and what every command shares. */
/*
 * authz-admin [--db PATH] [--json] COMMAND ...
 * main() reads the global options, opens the store (except for init) and
 * runs one entry of the command table.  Exit status: 0 done, 1 refused or
 * failed (the store unchanged), 2 usage.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "admin.h"
#include "lib/event.h"
#include "lib/log.h"
#include "lib/setting.h"
#include "lib/store.h"
#include "lib/token.h"

static const struct cmd *const cmds[] = {
	&cmd_init, &cmd_user, &cmd_group, &cmd_provider, &cmd_app,
	&cmd_outpost, &cmd_binding, &cmd_session, &cmd_consent, &cmd_ban,
	&cmd_set, &cmd_get, &cmd_unset, &cmd_settings, &cmd_events,
	&cmd_import_htpasswd, &cmd_check, &cmd_purge, &cmd_protect,
	&cmd_snippet, &cmd_explain, &cmd_backup, &cmd_gate,
};

static void
main_usage(FILE *f)
{
	size_t	i;

	fprintf(f, "usage: authz-admin [--db PATH] [--json] COMMAND ...\n"
	    "       authz-admin --help | --version\n\ncommands:\n");
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		fprintf(f, "%s", cmds[i]->usage);
	fprintf(f, "\nThe store is --db PATH, else $POSTERN_DB, else %s.\n"
	    "Run \"authz-admin COMMAND --help\" for one command.\n",
	    POSTERN_STATEDIR "/postern.db");
}

int
admin_usage(const char *usage, const char *fmt, ...)
{
	va_list	ap;
	char	msg[1024], esc[4096];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	log_escape(esc, sizeof(esc), msg, strlen(msg));
	fprintf(stderr, "authz-admin: %s\nusage:\n%s", esc, usage);
	return EXIT_USAGE;
}

int
admin_help(int argc, char **argv, const char *usage)
{
	int	i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "--help") == 0 ||
		    strcmp(argv[i], "-h") == 0) {
			printf("usage:\n%s", usage);
			return 1;
		}
	}
	return 0;
}

/* --json may also follow the command words; take it out of argv. */
static void
admin_take_json(int *argc, char **argv, int *json)
{
	int	i, o;

	for (i = o = 0; i < *argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			while (i < *argc)
				argv[o++] = argv[i++];
			break;
		}
		if (strcmp(argv[i], "--json") == 0)
			*json = 1;
		else
			argv[o++] = argv[i];
	}
	argv[o] = NULL;
	*argc = o;
}

static int
admin_help_asked(int argc, char **argv)
{
	int	i;

	for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return 1;
	return 0;
}

int
admin_refuse(enum perr e, const char *fmt, ...)
{
	va_list	ap;
	char	msg[1024], esc[4096];

	/* Names come from the command line: never echo a control byte. */
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	log_escape(esc, sizeof(esc), msg, strlen(msg));
	if (e == PERR_OK)
		fprintf(stderr, "authz-admin: %s\n", esc);
	else
		fprintf(stderr, "authz-admin: %s: %s\n", esc, perr_str(e));
	return EXIT_REFUSED;
}

void
admin_done(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

enum perr
admin_begin(struct admin *a)
{
	return store_begin(a->st);
}

/*
 * Write the event of the change under way and commit both; on failure
 * roll everything back.  Returns an exit status.
 */
int
admin_commit(struct admin *a, const char *kind, const char *subject,
    const char *fmt, ...)
{
	char		detail[EVENT_DETAIL_MAX + 1];
	va_list		ap;
	enum perr	e;

	detail[0] = '\0';
	if (fmt != NULL) {
		va_start(ap, fmt);
		vsnprintf(detail, sizeof(detail), fmt, ap);
		va_end(ap);
	}
	if ((e = event_add(a->st, a->now, kind, a->actor, subject, "%s",
	    detail)) != PERR_OK || (e = store_commit(a->st)) != PERR_OK) {
		store_rollback(a->st);
		return admin_refuse(e, "%s", kind);
	}
	return EXIT_DONE;
}

/*
 * Read a password from standard input: everything up to EOF, less one
 * trailing "\n" or "\r\n".  buf must hold PASSWORD_MAX + 3 bytes so an
 * over-long password is seen as such.  PERR_TOOLONG past PASSWORD_MAX.
 */
enum perr
admin_read_password(char *buf, size_t bufsz, size_t *len)
{
	size_t	n = 0;
	ssize_t	r;

	*len = 0;
	while (n < bufsz) {
		r = read(STDIN_FILENO, buf + n, bufsz - n);
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1)
			return PERR_SYSTEM;
		if (r == 0)
			break;
		n += (size_t)r;
	}
	if (n == bufsz) {
		token_wipe(buf, bufsz);
		return PERR_TOOLONG;
	}
	if (n > 0 && buf[n - 1] == '\n') {
		n--;
		if (n > 0 && buf[n - 1] == '\r')
			n--;
	}
	if (n > PASSWORD_MAX) {
		token_wipe(buf, bufsz);
		return PERR_TOOLONG;
	}
	*len = n;
	return PERR_OK;
}

int
admin_yesno(const char *s, int *v)
{
	if (strcmp(s, "yes") == 0)
		*v = 1;
	else if (strcmp(s, "no") == 0)
		*v = 0;
	else
		return -1;
	return 0;
}

/*
 * A point in time: "YYYY-MM-DD", "YYYY-MM-DDTHH:MM:SSZ", or a duration
 * meaning that long before now.
 */
enum perr
admin_time_parse(const char *s, int64_t now, int64_t *t)
{
	struct tm	 tm;
	const char	*end;
	int64_t		 secs;

	if (setting_duration_parse(s, &secs) == PERR_OK) {
		*t = now - secs;
		return PERR_OK;
	}
	memset(&tm, 0, sizeof(tm));
	if ((end = strptime(s, "%Y-%m-%dT%H:%M:%SZ", &tm)) == NULL ||
	    *end != '\0') {
		memset(&tm, 0, sizeof(tm));
		if ((end = strptime(s, "%Y-%m-%d", &tm)) == NULL ||
		    *end != '\0')
			return PERR_INVAL;
	}
	*t = (int64_t)timegm(&tm);
	return PERR_OK;
}

/*
 * Run the subcommand named by argv[1] from subs.  argv[0] is the command.
 */
int
admin_dispatch(struct admin *a, const struct cmd *c, const struct subcmd *subs,
    size_t nsubs, int argc, char **argv)
{
	size_t	i;

	if (argc < 2)
		return admin_usage(c->usage, "%s: missing subcommand", c->name);
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		printf("usage:\n%s", c->usage);
		return EXIT_DONE;
	}
	for (i = 0; i < nsubs; i++)
		if (strcmp(argv[1], subs[i].name) == 0) {
			if (admin_help(argc - 1, argv + 1, subs[i].usage))
				return EXIT_DONE;
			optind = 0;
			return subs[i].exec(a, argc - 1, argv + 1);
		}
	return admin_usage(c->usage, "%s: unknown subcommand: %s", c->name,
	    argv[1]);
}

int
main(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct admin	 a;
	struct passwd	*pw;
	const struct cmd *c = NULL;
	size_t		 i;
	int		 ch, rc;
	enum perr	 e;

	memset(&a, 0, sizeof(a));
	log_open("authz-admin", LOG_DEST_STDERR);
	/* Global options stop at the command word. */
	while ((ch = getopt_long(argc, argv, "+d:jhV", opts, NULL)) != -1) {
		switch (ch) {
		case 'd':
			a.db = optarg;
			break;
		case 'j':
			a.json = 1;
			break;
		case 'h':
			main_usage(stdout);
			return EXIT_DONE;
		case 'V':
			printf("authz-admin (postern) %s\n", POSTERN_VERSION);
			return EXIT_DONE;
		default:
			main_usage(stderr);
			return EXIT_USAGE;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0) {
		main_usage(stderr);
		return EXIT_USAGE;
	}
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (strcmp(argv[0], cmds[i]->name) == 0)
			c = cmds[i];
	if (c == NULL) {
		fprintf(stderr, "authz-admin: unknown command\n");
		main_usage(stderr);
		return EXIT_USAGE;
	}
	admin_take_json(&argc, argv, &a.json);
	if (a.db == NULL && (a.db = getenv("POSTERN_DB")) != NULL &&
	    *a.db == '\0')
		a.db = NULL;
	if (a.db == NULL)
		a.db = POSTERN_STATEDIR "/postern.db";
	a.now = (int64_t)time(NULL);
	pw = getpwuid(getuid());
	snprintf(a.actor, sizeof(a.actor), "admin:%s",
	    pw != NULL ? pw->pw_name : "?");
	out_init(a.json);

	/*
	 * With --help anywhere the command prints its usage and touches no
	 * store (each exec checks for it before anything else).
	 */
	if (!c->nostore && !admin_help_asked(argc, argv) &&
	    (e = store_open(&a.st, a.db, 0)) != PERR_OK)
		return EXIT_REFUSED;	/* the store logged one line */
	optind = 0;
	rc = c->exec(&a, argc, argv);
	store_close(a.st);
	if (fflush(stdout) == EOF && rc == EXIT_DONE)
		rc = EXIT_REFUSED;
	return rc;
}
