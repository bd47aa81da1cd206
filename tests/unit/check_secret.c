/* postern: tests for lib/secret.c: where the key file lives, how it is made. */
/*
 * The key file sits beside the store (".db" replaced by ".key", or ".key"
 * appended), holds SECRET_KEY_BYTES random bytes, mode 0600, and is made
 * once: a second call leaves it alone, and anything at the path that is
 * not a regular file of exactly that size (a directory, a symbolic link, a
 * file of another size) is refused rather than written through or over.
 */
#include "config.h"

#include <sys/stat.h>

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "lib/secret.h"
#include "tests.h"

#define NROWS(t)	((int)(sizeof(t) / sizeof((t)[0])))

/* ------------------------------------------------ secret_keyfile_default */

static const struct {
	const char	*db;
	size_t		 outsz;
	enum perr	 want;
	const char	*out;
} default_rows[] = {
	{ "x.db", 64, PERR_OK, "x.key" },
	{ "x", 64, PERR_OK, "x.key" },
	{ "/var/lib/postern/postern.db", 64, PERR_OK,
	    "/var/lib/postern/postern.key" },
	{ "/var/lib/postern/postern.sqlite", 64, PERR_OK,
	    "/var/lib/postern/postern.sqlite.key" },
	{ "x.db.db", 64, PERR_OK, "x.db.key" },		/* only the last */
	{ "x.DB", 64, PERR_OK, "x.DB.key" },		/* exact suffix */
	{ "x.dbx", 64, PERR_OK, "x.dbx.key" },
	{ "db", 64, PERR_OK, "db.key" },
	{ "/srv/a.db/store", 64, PERR_OK, "/srv/a.db/store.key" },
	/* the output must fit, NUL included */
	{ "x.db", 6, PERR_OK, "x.key" },
	{ "x.db", 5, PERR_TOOLONG, NULL },
	{ "x", 5, PERR_TOOLONG, NULL },
	{ "x", 1, PERR_TOOLONG, NULL },
};

START_TEST(test_secret_keyfile_default_answers_each_path_as_expected)
{
	char		out[64];
	enum perr	e;

	e = secret_keyfile_default(default_rows[_i].db, out,
	    default_rows[_i].outsz);
	ck_assert_msg(e == default_rows[_i].want, "row %d: got %d", _i, e);
	if (e == PERR_OK)
		ck_assert_str_eq(out, default_rows[_i].out);
}
END_TEST

/* ------------------------------------------------- secret_keyfile_create */

static void
path_in(const char *dir, const char *name, char *out, size_t outsz)
{
	ck_assert_int_lt(snprintf(out, outsz, "%s/%s", dir, name),
	    (int)outsz);
}

static size_t
read_all(const char *path, unsigned char *buf, size_t bufsz)
{
	ssize_t	n;
	int	fd;

	fd = open(path, O_RDONLY);
	ck_assert_int_ge(fd, 0);
	n = read(fd, buf, bufsz);
	ck_assert_int_ge(n, 0);
	close(fd);
	return (size_t)n;
}

static void
write_bytes(const char *path, size_t n)
{
	unsigned char	buf[64];
	int		fd;

	memset(buf, 0x5a, sizeof(buf));
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, buf, n), (ssize_t)n);
	close(fd);
}

START_TEST(test_secret_keyfile_create_makes_a_0600_file_of_32_random_bytes)
{
	char		dir[PATH_MAX], path[PATH_MAX];
	unsigned char	buf[64], zero[SECRET_KEY_BYTES];
	struct stat	sb;
	int		created = -1;
	mode_t		old;

	fixture_tmpdir(dir, sizeof(dir));
	path_in(dir, "postern.key", path, sizeof(path));
	/* Even under a permissive umask. */
	old = umask(0);
	ck_assert_int_eq(secret_keyfile_create(path, &created), PERR_OK);
	umask(old);
	ck_assert_int_eq(created, 1);
	ck_assert_int_eq(lstat(path, &sb), 0);
	ck_assert(S_ISREG(sb.st_mode));
	ck_assert_int_eq(sb.st_mode & 07777, 0600);
	ck_assert_int_eq(sb.st_size, SECRET_KEY_BYTES);
	ck_assert_uint_eq(SECRET_KEY_BYTES, 32);
	ck_assert_uint_eq(read_all(path, buf, sizeof(buf)), SECRET_KEY_BYTES);
	memset(zero, 0, sizeof(zero));
	ck_assert(memcmp(buf, zero, sizeof(zero)) != 0);
	fixture_rmdir(dir);
}
END_TEST

START_TEST(test_secret_keyfile_create_leaves_an_existing_key_alone)
{
	char		dir[PATH_MAX], path[PATH_MAX];
	unsigned char	a[64], b[64];
	int		created = -1;

	fixture_tmpdir(dir, sizeof(dir));
	path_in(dir, "postern.key", path, sizeof(path));
	ck_assert_int_eq(secret_keyfile_create(path, NULL), PERR_OK);
	ck_assert_uint_eq(read_all(path, a, sizeof(a)), SECRET_KEY_BYTES);
	ck_assert_int_eq(secret_keyfile_create(path, &created), PERR_OK);
	ck_assert_int_eq(created, 0);
	ck_assert_uint_eq(read_all(path, b, sizeof(b)), SECRET_KEY_BYTES);
	ck_assert(memcmp(a, b, SECRET_KEY_BYTES) == 0);
	fixture_rmdir(dir);
}
END_TEST

START_TEST(test_secret_keyfile_create_makes_a_different_key_each_time)
{
	char		dir[PATH_MAX], p1[PATH_MAX], p2[PATH_MAX];
	unsigned char	a[64], b[64];

	fixture_tmpdir(dir, sizeof(dir));
	path_in(dir, "one.key", p1, sizeof(p1));
	path_in(dir, "two.key", p2, sizeof(p2));
	ck_assert_int_eq(secret_keyfile_create(p1, NULL), PERR_OK);
	ck_assert_int_eq(secret_keyfile_create(p2, NULL), PERR_OK);
	ck_assert_uint_eq(read_all(p1, a, sizeof(a)), SECRET_KEY_BYTES);
	ck_assert_uint_eq(read_all(p2, b, sizeof(b)), SECRET_KEY_BYTES);
	ck_assert(memcmp(a, b, SECRET_KEY_BYTES) != 0);
	fixture_rmdir(dir);
}
END_TEST

/* What already sits at the path, and what must happen to it. */
enum existing {
	EX_EMPTY,		/* a regular file of 0 bytes */
	EX_SHORT,		/* 16 bytes */
	EX_LONG,		/* 33 bytes */
	EX_DIR,			/* a directory */
	EX_SYMLINK_KEY,		/* a symbolic link to a valid key file */
	EX_SYMLINK_DANGLING,	/* a symbolic link to nothing */
	EX_FIFO,		/* a named pipe */
};

static const struct {
	enum existing	 what;
	enum perr	 want;
} existing_rows[] = {
	{ EX_EMPTY, PERR_INVAL },
	{ EX_SHORT, PERR_INVAL },
	{ EX_LONG, PERR_INVAL },
	{ EX_DIR, PERR_INVAL },
	{ EX_SYMLINK_KEY, PERR_INVAL },
	{ EX_SYMLINK_DANGLING, PERR_INVAL },
	{ EX_FIFO, PERR_INVAL },
};

START_TEST(test_secret_keyfile_create_refuses_anything_but_a_key_file)
{
	char		dir[PATH_MAX], path[PATH_MAX], other[PATH_MAX];
	unsigned char	before[64], after[64];
	struct stat	sb;
	size_t		n = 0;
	int		created = -1;

	fixture_tmpdir(dir, sizeof(dir));
	path_in(dir, "postern.key", path, sizeof(path));
	path_in(dir, "elsewhere.key", other, sizeof(other));
	switch (existing_rows[_i].what) {
	case EX_EMPTY:
		write_bytes(path, 0);
		break;
	case EX_SHORT:
		write_bytes(path, 16);
		break;
	case EX_LONG:
		write_bytes(path, SECRET_KEY_BYTES + 1);
		break;
	case EX_DIR:
		ck_assert_int_eq(mkdir(path, 0700), 0);
		break;
	case EX_SYMLINK_KEY:
		write_bytes(other, SECRET_KEY_BYTES);
		ck_assert_int_eq(symlink(other, path), 0);
		break;
	case EX_SYMLINK_DANGLING:
		ck_assert_int_eq(symlink(other, path), 0);
		break;
	case EX_FIFO:
		ck_assert_int_eq(mkfifo(path, 0600), 0);
		break;
	}
	if (existing_rows[_i].what <= EX_LONG)
		n = read_all(path, before, sizeof(before));
	ck_assert_int_eq(secret_keyfile_create(path, &created),
	    existing_rows[_i].want);
	ck_assert_int_eq(created, 0);
	/* Nothing was written: not over the file, not through the link. */
	if (existing_rows[_i].what <= EX_LONG) {
		ck_assert_uint_eq(read_all(path, after, sizeof(after)), n);
		ck_assert(memcmp(before, after, n) == 0);
	}
	if (existing_rows[_i].what == EX_SYMLINK_DANGLING)
		ck_assert_int_ne(lstat(other, &sb), 0);
	if (existing_rows[_i].what == EX_DIR) {
		ck_assert_int_eq(rmdir(path), 0);
	}
	fixture_rmdir(dir);
}
END_TEST

START_TEST(test_secret_keyfile_create_fails_in_a_missing_directory)
{
	char	dir[PATH_MAX], path[PATH_MAX];
	int	created = -1;

	fixture_tmpdir(dir, sizeof(dir));
	path_in(dir, "no/such/dir/postern.key", path, sizeof(path));
	ck_assert_int_eq(secret_keyfile_create(path, &created), PERR_SYSTEM);
	ck_assert_int_eq(created, 0);
	fixture_rmdir(dir);
}
END_TEST

Suite *
suite_secret(void)
{
	Suite	*s = suite_create("secret");
	TCase	*tc;

	tc = tcase_create("secret_keyfile_default");
	tcase_add_loop_test(tc,
	    test_secret_keyfile_default_answers_each_path_as_expected, 0,
	    NROWS(default_rows));
	suite_add_tcase(s, tc);

	tc = tcase_create("secret_keyfile_create");
	tcase_add_test(tc,
	    test_secret_keyfile_create_makes_a_0600_file_of_32_random_bytes);
	tcase_add_test(tc, test_secret_keyfile_create_leaves_an_existing_key_alone);
	tcase_add_test(tc,
	    test_secret_keyfile_create_makes_a_different_key_each_time);
	tcase_add_loop_test(tc,
	    test_secret_keyfile_create_refuses_anything_but_a_key_file, 0,
	    NROWS(existing_rows));
	tcase_add_test(tc, test_secret_keyfile_create_fails_in_a_missing_directory);
	suite_add_tcase(s, tc);
	return s;
}
