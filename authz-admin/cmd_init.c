/* postern: authz-admin init: create or upgrade the store and the key file. */
#include "config.h"

#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "admin.h"
#include "lib/secret.h"
#include "lib/store.h"

#define INIT_USAGE \
	"  init [--key-file PATH]              create or upgrade the store and key file\n"

static int
init_exec(struct admin *a, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "key-file", required_argument, NULL, 'k' },
		{ NULL, 0, NULL, 0 }
	};
	char		 keyfile[PATH_MAX];
	const char	*kf = NULL;
	int		 ch, existed, before, after, created;
	enum perr	 e;

	if (admin_help(argc, argv, INIT_USAGE))
		return EXIT_DONE;
	while ((ch = getopt_long(argc, argv, "k:", opts, NULL)) != -1) {
		if (ch != 'k')
			return admin_usage(INIT_USAGE, "init: bad option");
		kf = optarg;
	}
	if (optind != argc)
		return admin_usage(INIT_USAGE, "init: unexpected argument: %s",
		    argv[optind]);
	if (kf == NULL) {
		if (secret_keyfile_default(a->db, keyfile, sizeof(keyfile))
		    != PERR_OK)
			return admin_refuse(PERR_TOOLONG, "%s", a->db);
		kf = keyfile;
	}
	if (secret_keyfile_check(kf) != PERR_OK)
		return EXIT_REFUSED;	/* logged, nothing created */
	existed = access(a->db, F_OK) == 0;
	if ((e = store_open(&a->st, a->db, STORE_MIGRATE)) != PERR_OK)
		return EXIT_REFUSED;	/* the store logged one line */
	if ((e = store_version(a->st, &after)) != PERR_OK)
		return admin_refuse(e, "%s", a->db);
	if ((e = secret_keyfile_create(kf, &created)) != PERR_OK)
		return admin_refuse(e, "key file %s", kf);
	before = store_opened_at(a->st);
	/* Run again on a current store, init changes nothing, not even events. */
	if (before != after || created) {
		if ((e = admin_begin(a)) != PERR_OK)
			return admin_refuse(e, "init");
		if (admin_commit(a, "store.init", NULL, "version %d to %d%s",
		    before, after, created ? ", key file created" : "") !=
		    EXIT_DONE)
			return EXIT_REFUSED;
	}
	if (!existed)
		admin_done("store %s created at version %d", a->db, after);
	else if (before != after)
		admin_done("store %s upgraded from version %d to %d", a->db,
		    before, after);
	else
		admin_done("store %s is at version %d", a->db, after);
	if (created)
		admin_done("key file %s created", kf);
	return EXIT_DONE;
}

const struct cmd cmd_init = { "init", INIT_USAGE, init_exec, 1 };
