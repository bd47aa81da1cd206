/* postern: authz-admin import-htpasswd: users from an htpasswd file. */
/*
 * All or nothing: every line is parsed and every user created in one
 * transaction; the first bad line (or existing user) names its line number
 * and nothing is imported.  Imported hashes are rehashed with scrypt at
 * the user's first login.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "admin.h"
#include "lib/htpasswd.h"
#include "lib/store.h"
#include "lib/user.h"

#define I_USAGE	"  import-htpasswd FILE                users from an htpasswd file (- for stdin)\n"

static int
import_exec(struct admin *a, int argc, char **argv)
{
	struct user	 u;
	char		 line[HTPASSWD_LINE_MAX + 3];
	const char	*why;
	FILE		*f;
	size_t		 len, lineno = 0, n = 0;
	int		 rc = EXIT_DONE, c;
	enum perr	 e;

	if (admin_help(argc, argv, I_USAGE))
		return EXIT_DONE;
	if (argc != 2)
		return admin_usage(I_USAGE, "import-htpasswd: one FILE");
	if (strcmp(argv[1], "-") == 0)
		f = stdin;
	else if ((f = fopen(argv[1], "r")) == NULL)
		return admin_refuse(PERR_OK, "import-htpasswd: %s: %s", argv[1],
		    strerror(errno));
	if ((e = admin_begin(a)) != PERR_OK) {
		rc = admin_refuse(e, "import-htpasswd");
		goto done;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		lineno++;
		len = strlen(line);
		if (len > 0 && line[len - 1] != '\n' && !feof(f)) {
			while ((c = fgetc(f)) != EOF && c != '\n')
				continue;
			why = "line too long";
			goto bad;
		}
		memset(&u, 0, sizeof(u));
		why = NULL;
		e = htpasswd_parse_line(line, len, u.name, u.hash, &why);
		if (e == PERR_NOTFOUND)
			continue;
		if (e != PERR_OK)
			goto bad;
		if (user_canon(u.name, strlen(u.name), u.name) != PERR_OK) {
			why = "not a valid username";
			goto bad;
		}
		u.active = 1;
		u.created = u.changed = a->now;
		if ((e = store_user_add(a->st, &u)) == PERR_EXISTS) {
			why = "user exists already";
			goto bad;
		}
		if (e != PERR_OK) {
			why = perr_str(e);
			goto bad;
		}
		n++;
	}
	if (ferror(f)) {
		store_rollback(a->st);
		rc = admin_refuse(PERR_OK, "import-htpasswd: %s: read error",
		    argv[1]);
		goto done;
	}
	rc = admin_commit(a, "user.import", NULL, "%zu user(s) from %s", n,
	    argv[1]);
	if (rc == EXIT_DONE)
		admin_done("%zu user(s) imported", n);
	goto done;
bad:
	store_rollback(a->st);
	rc = admin_refuse(PERR_OK, "import-htpasswd: %s:%zu: %s; nothing "
	    "imported", argv[1], lineno, why != NULL ? why : "invalid line");
done:
	if (f != stdin)
		fclose(f);
	explicit_bzero(line, sizeof(line));
	return rc;
}

const struct cmd cmd_import_htpasswd = { "import-htpasswd", I_USAGE,
    import_exec, 0 };
