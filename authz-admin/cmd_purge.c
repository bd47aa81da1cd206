/* postern: authz-admin purge: remove what has expired. */
#include "config.h"

#include <stdio.h>

#include "admin.h"
#include "lib/regulation.h"
#include "lib/store.h"

#define PU_USAGE "  purge                               remove expired sessions, flows, counters\n"

static int
purge_exec(struct admin *a, int argc, char **argv)
{
	struct purge_counts	pc;
	struct regulation	r;
	int			rc;
	enum perr		e;

	if (admin_help(argc, argv, PU_USAGE))
		return EXIT_DONE;
	if (argc != 1)
		return admin_usage(PU_USAGE, "purge: no arguments");
	if ((e = regulation_load(a->st, &r)) != PERR_OK)
		return admin_refuse(e, "purge: regulation settings");
	if ((e = admin_begin(a)) != PERR_OK)
		return admin_refuse(e, "purge");
	if ((e = store_purge(a->st, a->now, a->now - r.find_time, &pc))
	    != PERR_OK) {
		store_rollback(a->st);
		return admin_refuse(e, "purge");
	}
	rc = admin_commit(a, "purge", NULL, "%lld sessions, %lld consents, "
	    "%lld flows, %lld failures, %lld bans", (long long)pc.sessions,
	    (long long)pc.consents, (long long)pc.flows, (long long)pc.failures,
	    (long long)pc.bans);
	if (rc != EXIT_DONE)
		return rc;
	out_obj_begin();
	out_int("sessions", pc.sessions);
	out_int("consents", pc.consents);
	out_int("flows", pc.flows);
	out_int("failures", pc.failures);
	out_int("bans", pc.bans);
	out_obj_end();
	return EXIT_DONE;
}

const struct cmd cmd_purge = { "purge", PU_USAGE, purge_exec, 0 };
