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
	int		 ch, existed, after, created;
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
	existed = access(a->db, F_OK) == 0;
	if ((e = store_open(&a->st, a->db, STORE_MIGRATE)) != PERR_OK)
		return admin_refuse(e, "%s", a->db);
	if ((e = store_version(a->st, &after)) != PERR_OK)
		return admin_refuse(e, "%s", a->db);
	if ((e = secret_keyfile_create(kf, &created)) != PERR_OK)
		return admin_refuse(e, "key file %s", kf);
	admin_done("store %s %s at version %d", a->db,
	    existed ? "is" : "created", after);
	if (created)
		admin_done("key file %s created", kf);
	return EXIT_DONE;
}

const struct cmd cmd_init = { "init", INIT_USAGE, init_exec, 1 };
