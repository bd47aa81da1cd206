/* postern: authz-admin backup: a consistent copy of the store and its key. */
/*
 * backup FILE copies the store while authz-fcgi and login-cgi run (one
 * snapshot, lib/store_backup.c) and, unless --no-key, the key file that
 * seals its TOTP secrets, to FILE's own key file (FILE with ".db" replaced
 * by ".key", where "authz-admin --db FILE" looks for it): without that key
 * the copy's second factors cannot be opened.  Each file is written to a
 * temporary file in its destination directory, mode 0600, synced, then
 * renamed into place, and the directory synced, so FILE is either the old
 * file or the whole new copy.  Every refusal comes before anything is
 * written.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "admin.h"
#include "lib/log.h"
#include "lib/secret.h"
#include "lib/store.h"
#include "lib/token.h"

#define BK_USAGE \
	"  backup FILE [--force] [--no-key] [--key-file PATH]\n" \
	"                                      copy the store (and its key file) while it is in use\n"

/*
 * Pages copied per step: 256 pages of 4 KiB, a megabyte between reports
 * (on stderr, for a store of more than one step).
 */
#define BACKUP_STEP	256

struct backup {
	char	 tmp[PATH_MAX];		/* the copy being written, or "" */
	char	 keytmp[PATH_MAX];	/* the key being written, or "" */
	int	 progress;		/* report steps on stderr */
};

/* Remove a temporary file and what SQLite may have left beside it. */
static void
backup_unlink(const char *path, int sqlite)
{
	static const char *const sfx[] = { "-journal", "-wal", "-shm" };
	char	aux[PATH_MAX + 16];
	size_t	i;

	if (*path == '\0')
		return;
	(void)unlink(path);
	for (i = 0; sqlite && i < sizeof(sfx) / sizeof(sfx[0]); i++) {
		snprintf(aux, sizeof(aux), "%s%s", path, sfx[i]);
		(void)unlink(aux);
	}
}

static void
backup_progress(int done, int total, void *arg)
{
	struct backup	*bk = arg;

	if (bk->progress && total > BACKUP_STEP)
		fprintf(stderr, "backup: %d of %d pages (%d%%)\n", done, total,
		    total > 0 ? (int)((int64_t)done * 100 / total) : 100);
}

/*
 * Make an empty temporary file, mode 0600, beside dest; its name goes to
 * tmp.  0, or -1 with errno.
 */
static int
backup_mktemp(const char *dest, char *tmp, size_t tmpsz)
{
	int	fd, n;

	n = snprintf(tmp, tmpsz, "%s.tmp-XXXXXX", dest);
	if (n < 0 || (size_t)n >= tmpsz) {
		tmp[0] = '\0';
		errno = ENAMETOOLONG;
		return -1;
	}
	if ((fd = mkstemp(tmp)) == -1) {
		tmp[0] = '\0';
		return -1;
	}
	if (fchmod(fd, 0600) == -1) {
		n = errno;
		close(fd);
		unlink(tmp);
		tmp[0] = '\0';
		errno = n;
		return -1;
	}
	return fd;
}

/* Write the key to a temporary file beside dest and sync it. */
static enum perr
backup_key_write(struct backup *bk, const char *dest,
    const uint8_t key[SECRET_KEY_BYTES])
{
	int	fd;

	if ((fd = backup_mktemp(dest, bk->keytmp, sizeof(bk->keytmp))) == -1) {
		log_err("%s: %s", dest, strerror(errno));
		return PERR_SYSTEM;
	}
	if (write(fd, key, SECRET_KEY_BYTES) != SECRET_KEY_BYTES ||
	    fsync(fd) == -1) {
		log_err("%s: %s", bk->keytmp, strerror(errno));
		close(fd);
		return PERR_SYSTEM;
	}
	if (close(fd) == -1) {
		log_err("%s: %s", bk->keytmp, strerror(errno));
		return PERR_SYSTEM;
	}
	return PERR_OK;
}

/* fsync(2) the directory holding path, so the renames last. */
static enum perr
backup_sync_dir(const char *path)
{
	char	copy[PATH_MAX];
	int	fd;

	if (strlcpy(copy, path, sizeof(copy)) >= sizeof(copy))
		return PERR_TOOLONG;
	if ((fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC)) ==
	    -1 || fsync(fd) == -1) {
		log_err("%s: %s", path, strerror(errno));
		if (fd != -1)
			close(fd);
		return PERR_SYSTEM;
	}
	close(fd);
	return PERR_OK;
}

/*
 * May dest be written?  Refused (1, with the message printed) when it is
 * the store or its key file, or exists without --force, or is not a
 * regular file.
 */
static int
backup_refused(const char *what, const char *dest, const struct stat *db,
    const struct stat *srckey, int force)
{
	struct stat	sb;

	if (stat(dest, &sb) == -1) {
		if (errno == ENOENT)
			return 0;
		admin_refuse(PERR_OK, "backup: %s: %s", dest, strerror(errno));
		return 1;
	}
	if (sb.st_dev == db->st_dev && sb.st_ino == db->st_ino) {
		admin_refuse(PERR_OK, "backup: %s is the store itself", dest);
		return 1;
	}
	if (srckey != NULL && sb.st_dev == srckey->st_dev &&
	    sb.st_ino == srckey->st_ino) {
		admin_refuse(PERR_OK, "backup: %s is the store's own key file",
		    dest);
		return 1;
	}
	if (!S_ISREG(sb.st_mode)) {
		admin_refuse(PERR_OK, "backup: %s exists and is not a regular "
		    "file", dest);
		return 1;
	}
	if (!force) {
		admin_refuse(PERR_OK, "backup: %s %s exists (--force replaces "
		    "it)", what, dest);
		return 1;
	}
	return 0;
}

static int
backup_exec(struct admin *a, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "force", no_argument, NULL, 'f' },
		{ "no-key", no_argument, NULL, 'n' },
		{ "key-file", required_argument, NULL, 'k' },
		{ NULL, 0, NULL, 0 }
	};
	struct backup	 bk;
	struct stat	 dbst, keyst;
	uint8_t		 key[SECRET_KEY_BYTES];
	char		 srckey[PATH_MAX], dstkey[PATH_MAX];
	const char	*file, *kf = NULL;
	int64_t		 pages = 0;
	int		 ch, fd, force = 0, nokey = 0, rc = EXIT_REFUSED;
	int		 placed = 0;
	struct stat	 sb;
	enum perr	 e;

	if (admin_help(argc, argv, BK_USAGE))
		return EXIT_DONE;
	memset(&bk, 0, sizeof(bk));
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch == 'f')
			force = 1;
		else if (ch == 'n')
			nokey = 1;
		else if (ch == 'k')
			kf = optarg;
		else
			return admin_usage(BK_USAGE, "backup: bad option");
	}
	if (argc - optind != 1)
		return admin_usage(BK_USAGE, "backup: one FILE is needed");
	if (nokey && kf != NULL)
		return admin_usage(BK_USAGE,
		    "backup: --no-key and --key-file exclude each other");
	file = argv[optind];
	if (*file == '\0')
		return admin_usage(BK_USAGE, "backup: FILE is empty");

	if (stat(a->db, &dbst) == -1)
		return admin_refuse(PERR_OK, "backup: %s: %s", a->db,
		    strerror(errno));
	if (kf == NULL) {
		if (secret_keyfile_default(a->db, srckey, sizeof(srckey)) !=
		    PERR_OK)
			return admin_refuse(PERR_TOOLONG, "backup: %s", a->db);
	} else if (strlcpy(srckey, kf, sizeof(srckey)) >= sizeof(srckey))
		return admin_refuse(PERR_TOOLONG, "backup: --key-file");
	if (!nokey) {
		if (secret_keyfile_default(file, dstkey, sizeof(dstkey)) !=
		    PERR_OK)
			return admin_refuse(PERR_TOOLONG, "backup: %s", file);
		if (stat(srckey, &keyst) == -1)
			return admin_refuse(PERR_OK, "backup: the key file %s: "
			    "%s (give --key-file PATH, or --no-key to copy the "
			    "store alone)", srckey, strerror(errno));
	}
	if (backup_refused("file", file, &dbst, nokey ? NULL : &keyst, force))
		return EXIT_REFUSED;
	if (!nokey) {
		if (stat(dstkey, &sb) == 0 && sb.st_dev == keyst.st_dev &&
		    sb.st_ino == keyst.st_ino)
			return admin_refuse(PERR_OK, "backup: the copy's key "
			    "file %s would be the store's own key file; name the "
			    "copy FILE.db", dstkey);
		if (backup_refused("key file", dstkey, &dbst, &keyst, force))
			return EXIT_REFUSED;
		/* Loaded and checked (a key file, mode 0600) before any write. */
		if (secret_key_load(srckey, key) != PERR_OK)
			return EXIT_REFUSED;	/* logged, with the fix */
	}

	bk.progress = !a->json;
	if ((fd = backup_mktemp(file, bk.tmp, sizeof(bk.tmp))) == -1) {
		admin_refuse(PERR_OK, "backup: %s: %s", file, strerror(errno));
		goto done;
	}
	close(fd);
	if ((e = store_backup(a->st, bk.tmp, BACKUP_STEP, backup_progress,
	    &bk, &pages)) != PERR_OK) {
		admin_refuse(e, "backup: %s", file);
		goto done;
	}
	if (!nokey && (e = backup_key_write(&bk, dstkey, key)) != PERR_OK) {
		admin_refuse(e, "backup: %s", dstkey);
		goto done;
	}
	if (rename(bk.tmp, file) == -1) {
		admin_refuse(PERR_OK, "backup: %s: %s", file, strerror(errno));
		goto done;
	}
	bk.tmp[0] = '\0';
	placed = 1;
	if (!nokey) {
		if (rename(bk.keytmp, dstkey) == -1) {
			admin_refuse(PERR_OK, "backup: %s: %s", dstkey,
			    strerror(errno));
			goto done;
		}
		bk.keytmp[0] = '\0';
	}
	if ((e = backup_sync_dir(file)) != PERR_OK ||
	    (!nokey && (e = backup_sync_dir(dstkey)) != PERR_OK)) {
		admin_refuse(e, "backup: %s", file);
		goto done;
	}
	placed = 0;
	if (stat(file, &sb) == -1)
		sb.st_size = 0;
	out_obj_begin();
	out_str("file", file);
	out_strnull("key", nokey ? "" : dstkey);
	out_int("pages", pages);
	out_int("bytes", (int64_t)sb.st_size);
	out_obj_end();
	if (!a->json) {
		if (nokey)
			printf("The key file was not copied (--no-key): the "
			    "copy's TOTP secrets open only with %s; keep it "
			    "with the copy.\n", srckey);
		else
			printf("The key file was copied to %s: keep it with "
			    "the copy, the TOTP secrets open only with it.\n",
			    dstkey);
	}
	rc = EXIT_DONE;
done:
	backup_unlink(bk.tmp, 1);
	backup_unlink(bk.keytmp, 0);
	if (placed)
		(void)unlink(file);	/* half a backup is worse than none */
	token_wipe(key, sizeof(key));
	return rc;
}

const struct cmd cmd_backup = { "backup", BK_USAGE, backup_exec, 0 };
