/* postern: authz-admin set, get, unset and settings. */
/*
 * The database is the configuration: these four commands read and write
 * the settings of postern-settings(5), each value validated before it is
 * stored.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "admin.h"
#include "lib/setting.h"
#include "lib/store.h"

#define SET_USAGE	"  set KEY VALUE                       store one setting\n"
#define GET_USAGE	"  get KEY                             print one setting\n"
#define UNSET_USAGE	"  unset KEY                           back to the default\n"
#define SETTINGS_USAGE	"  settings                            every setting and its value\n"

static int
setting_unknown(const char *key)
{
	return admin_refuse(PERR_OK, "%s: no such setting (see \"authz-admin "
	    "settings\" or postern-settings(5))", key);
}

static int
set_exec(struct admin *a, int argc, char **argv)
{
	const char	*why = NULL;
	int		 rc;
	enum perr	 e;

	if (admin_help(argc, argv, SET_USAGE))
		return EXIT_DONE;
	if (argc != 3)
		return admin_usage(SET_USAGE, "set: KEY VALUE");
	if (setting_find(argv[1]) == NULL)
		return setting_unknown(argv[1]);
	if ((e = admin_begin(a)) != PERR_OK)
		return admin_refuse(e, "set");
	if ((e = setting_set(a->st, argv[1], argv[2], &why)) != PERR_OK) {
		store_rollback(a->st);
		if (why != NULL)
			return admin_refuse(PERR_OK, "set %s: %s", argv[1], why);
		return admin_refuse(e, "set %s", argv[1]);
	}
	rc = admin_commit(a, "setting.set", NULL, "%s", argv[1]);
	if (rc == EXIT_DONE)
		admin_done("%s set", argv[1]);
	return rc;
}

static int
unset_exec(struct admin *a, int argc, char **argv)
{
	int		rc;
	enum perr	e;

	if (admin_help(argc, argv, UNSET_USAGE))
		return EXIT_DONE;
	if (argc != 2)
		return admin_usage(UNSET_USAGE, "unset: KEY");
	if (setting_find(argv[1]) == NULL)
		return setting_unknown(argv[1]);
	if ((e = admin_begin(a)) != PERR_OK)
		return admin_refuse(e, "unset");
	if ((e = setting_unset(a->st, argv[1])) != PERR_OK &&
	    e != PERR_NOTFOUND) {
		store_rollback(a->st);
		return admin_refuse(e, "unset %s", argv[1]);
	}
	rc = admin_commit(a, "setting.unset", NULL, "%s", argv[1]);
	if (rc == EXIT_DONE)
		admin_done("%s back to its default", argv[1]);
	return rc;
}

static void
setting_print(const char *key, const char *value, int isdef)
{
	out_obj_begin();
	out_str("key", key);
	out_str("value", value);
	out_bool("default", isdef);
	out_obj_end();
}

static int
get_exec(struct admin *a, int argc, char **argv)
{
	char		value[SETTING_VALUE_MAX + 1];
	int		isdef;
	enum perr	e;

	if (admin_help(argc, argv, GET_USAGE))
		return EXIT_DONE;
	if (argc != 2)
		return admin_usage(GET_USAGE, "get: KEY");
	if ((e = setting_get(a->st, argv[1], value, sizeof(value), &isdef))
	    == PERR_NOTFOUND)
		return setting_unknown(argv[1]);
	if (e != PERR_OK)
		return admin_refuse(e, "get %s", argv[1]);
	if (a->json)
		setting_print(argv[1], value, isdef);
	else
		printf("%s\n", value);
	return EXIT_DONE;
}

static int
settings_exec(struct admin *a, int argc, char **argv)
{
	const struct setting_def	*defs;
	char				 value[SETTING_VALUE_MAX + 1];
	size_t				 i, n;
	int				 isdef;
	enum perr			 e;

	if (admin_help(argc, argv, SETTINGS_USAGE))
		return EXIT_DONE;
	if (argc != 1)
		return admin_usage(SETTINGS_USAGE, "settings: no arguments");
	defs = setting_all(&n);
	out_list_begin();
	for (i = 0; i < n; i++) {
		if ((e = setting_get(a->st, defs[i].key, value, sizeof(value),
		    &isdef)) != PERR_OK) {
			out_list_end();
			return admin_refuse(e, "%s", defs[i].key);
		}
		setting_print(defs[i].key, value, isdef);
	}
	out_list_end();
	return EXIT_DONE;
}

const struct cmd cmd_set = { "set", SET_USAGE, set_exec, 0 };
const struct cmd cmd_get = { "get", GET_USAGE, get_exec, 0 };
const struct cmd cmd_unset = { "unset", UNSET_USAGE, unset_exec, 0 };
const struct cmd cmd_settings = { "settings", SETTINGS_USAGE, settings_exec, 0 };
