/* postern: authz-admin's private header. */
/*
 * authz-admin is a table of commands (main.c), one file per command
 * exporting one table entry, and a small output layer that writes the same
 * records as aligned text or as JSON (output.c).
 */
#ifndef AUTHZ_ADMIN_H
#define AUTHZ_ADMIN_H

#include <stddef.h>
#include <stdint.h>

#include "lib/perr.h"

struct store;

#define EXIT_DONE	0	/* done */
#define EXIT_REFUSED	1	/* refused or failed; nothing changed */
#define EXIT_USAGE	2	/* usage error; nothing changed */

struct admin {
	const char	*db;		/* the store's path */
	struct store	*st;		/* open, except for init */
	int		 json;		/* --json */
	int64_t		 now;		/* the clock, read once */
	char		 actor[80];	/* "admin:LOGIN" for events */
};

struct cmd {
	const char	*name;
	const char	*usage;		/* "user add NAME ...", lines */
	int		(*exec)(struct admin *, int, char **);
	int		 nostore;	/* exec opens the store itself */
};

/* A subcommand of a command with several (user add, user del ...). */
struct subcmd {
	const char	*name;
	const char	*usage;
	int		(*exec)(struct admin *, int, char **);
};

/* main.c */
int		 admin_dispatch(struct admin *, const struct cmd *,
		    const struct subcmd *, size_t, int, char **);
int		 admin_usage(const char *usage, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));
int		 admin_help(int, char **, const char *usage);
int		 admin_refuse(enum perr, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));
enum perr	 admin_begin(struct admin *);
int		 admin_commit(struct admin *, const char *kind,
		    const char *subject, const char *fmt, ...)
		    __attribute__((format(printf, 4, 5)));
enum perr	 admin_read_password(char *buf, size_t bufsz, size_t *len);
void		 admin_done(const char *fmt, ...)
		    __attribute__((format(printf, 1, 2)));
int		 admin_yesno(const char *s, int *v);
enum perr	 admin_time_parse(const char *s, int64_t now, int64_t *t);

/* cmd_snippet.c: one server's snippet for an application (dry: check only) */
struct provider;
int		 snippet_emit(struct admin *, const char *server,
		    const struct provider *, const char *slug, const char *authz,
		    const char *lua, int dry);

/*
 * qr.c: draw text as a QR code on standard output in Unicode half blocks,
 * light on dark, with a quiet zone.  PERR_OK, PERR_NOMEM, or PERR_TOOLONG
 * when text does not fit in a QR code.
 */
enum perr	 qr_print(const char *text);

/* output.c */
void		 out_init(int json);
void		 out_list_begin(void);
void		 out_list_end(void);
void		 out_obj_begin(void);
void		 out_obj_end(void);
void		 out_str(const char *key, const char *value);
void		 out_strnull(const char *key, const char *value);	/* "": null */
void		 out_int(const char *key, int64_t value);
void		 out_bool(const char *key, int value);
void		 out_time(const char *key, int64_t t);	/* 0: null */
void		 out_null(const char *key);
void		 out_arr_begin(const char *key);
void		 out_arr_str(const char *value);
void		 out_arr_end(void);
void		 out_time_str(int64_t t, char *buf, size_t bufsz);

/* One table entry per command file. */
extern const struct cmd cmd_init, cmd_user, cmd_group, cmd_provider,
		 cmd_app, cmd_outpost, cmd_binding, cmd_session, cmd_consent,
		 cmd_ban, cmd_set, cmd_get, cmd_unset, cmd_settings, cmd_events,
		 cmd_import_htpasswd, cmd_check, cmd_purge, cmd_snippet,
		 cmd_protect, cmd_explain, cmd_backup, cmd_gate;

#endif /* !AUTHZ_ADMIN_H */
