/* postern: fresh stores in temporary directories for the unit tests. */
#include "config.h"

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/store.h"
#include "tests.h"

/* The directory of each open fixture store, to remove at close. */
static char	fixture_dirs[8][PATH_MAX];
static struct store *fixture_stores[8];

void
fixture_tmpdir(char *dir, size_t dirsz)
{
	const char	*base = getenv("TMPDIR");

	if (base == NULL || *base == '\0')
		base = "/tmp";
	if ((size_t)snprintf(dir, dirsz, "%s/postern-test.XXXXXX", base) >= dirsz)
		ck_abort_msg("TMPDIR too long");
	if (mkdtemp(dir) == NULL)
		ck_abort_msg("mkdtemp failed");
}

void
fixture_rmdir(const char *dir)
{
	DIR		*d;
	struct dirent	*de;
	char		 p[PATH_MAX];

	if ((d = opendir(dir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		snprintf(p, sizeof(p), "%s/%s", dir, de->d_name);
		unlink(p);
	}
	closedir(d);
	rmdir(dir);
}

struct store *
fixture_open(char *path)
{
	struct store	*st = NULL;
	char		 db[PATH_MAX];
	size_t		 i;

	for (i = 0; i < 8 && fixture_stores[i] != NULL; i++)
		continue;
	ck_assert_msg(i < 8, "too many fixture stores open");
	fixture_tmpdir(fixture_dirs[i], sizeof(fixture_dirs[i]));
	if ((size_t)snprintf(db, sizeof(db), "%.*s/postern.db",
	    (int)(sizeof(db) - 16), fixture_dirs[i]) >= sizeof(db))
		ck_abort_msg("TMPDIR too long");
	ck_assert_int_eq(store_open(&st, db, STORE_MIGRATE), PERR_OK);
	fixture_stores[i] = st;
	if (path != NULL)
		memcpy(path, db, strlen(db) + 1);
	return st;
}

void
fixture_close(struct store *st)
{
	size_t	i;

	for (i = 0; i < 8; i++)
		if (fixture_stores[i] == st && st != NULL) {
			store_close(st);
			fixture_rmdir(fixture_dirs[i]);
			fixture_stores[i] = NULL;
			return;
		}
	store_close(st);
}
