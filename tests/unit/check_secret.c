/* postern: tests for lib/secret.c: the key file, and sealing with it. */
/*
 * The key file sits beside the store (".db" replaced by ".key", or ".key"
 * appended), holds SECRET_KEY_BYTES random bytes, mode 0600, and is made
 * once: a second call leaves it alone, and anything at the path that is
 * not a regular file of exactly that size (a directory, a symbolic link, a
 * file of another size) is refused rather than written through or over.
 * Loading it refuses the same, and a file group or others may touch.
 * Sealing is AES-256-GCM (checked against a known answer from the GCM
 * specification) and any change to nonce, ciphertext, tag, associated
 * data or key makes opening fail with PERR_DENIED and no plaintext.
 */
#include "config.h"

#include <sys/stat.h>

#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
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

/* ------------------------------------------------------ secret_key_load */

static const struct {
	mode_t		 mode;
	enum perr	 want;
} mode_rows[] = {
	{ 0600, PERR_OK },
	{ 0400, PERR_OK },
	{ 0700, PERR_OK },
	{ 0640, PERR_INVAL },
	{ 0604, PERR_INVAL },
	{ 0644, PERR_INVAL },
	{ 0660, PERR_INVAL },
	{ 0666, PERR_INVAL },
	{ 0620, PERR_INVAL },
	{ 0602, PERR_INVAL },
	{ 0610, PERR_INVAL },
	{ 0601, PERR_INVAL },
	{ 0440, PERR_INVAL },
};

START_TEST(test_secret_key_load_refuses_a_key_file_group_or_others_may_touch)
{
	char		dir[PATH_MAX], path[PATH_MAX];
	unsigned char	file[64];
	uint8_t		key[SECRET_KEY_BYTES], zero[SECRET_KEY_BYTES];

	fixture_tmpdir(dir, sizeof(dir));
	path_in(dir, "postern.key", path, sizeof(path));
	ck_assert_int_eq(secret_keyfile_create(path, NULL), PERR_OK);
	ck_assert_uint_eq(read_all(path, file, sizeof(file)), SECRET_KEY_BYTES);
	ck_assert_int_eq(chmod(path, mode_rows[_i].mode), 0);
	memset(key, 0xaa, sizeof(key));
	memset(zero, 0, sizeof(zero));
	ck_assert_msg(secret_key_load(path, key) == mode_rows[_i].want,
	    "mode %04o", (unsigned)mode_rows[_i].mode);
	if (mode_rows[_i].want == PERR_OK)
		ck_assert(memcmp(key, file, SECRET_KEY_BYTES) == 0);
	else
		ck_assert(memcmp(key, zero, SECRET_KEY_BYTES) == 0);
	fixture_rmdir(dir);
}
END_TEST

START_TEST(test_secret_key_load_refuses_anything_but_a_key_file)
{
	char		dir[PATH_MAX], path[PATH_MAX], other[PATH_MAX];
	uint8_t		key[SECRET_KEY_BYTES], zero[SECRET_KEY_BYTES];

	memset(zero, 0, sizeof(zero));
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
	memset(key, 0xaa, sizeof(key));
	ck_assert_int_eq(secret_key_load(path, key), PERR_INVAL);
	ck_assert(memcmp(key, zero, SECRET_KEY_BYTES) == 0);
	if (existing_rows[_i].what == EX_DIR)
		ck_assert_int_eq(rmdir(path), 0);
	fixture_rmdir(dir);
}
END_TEST

START_TEST(test_secret_key_load_answers_notfound_for_a_missing_file)
{
	char		dir[PATH_MAX], path[PATH_MAX];
	uint8_t		key[SECRET_KEY_BYTES], zero[SECRET_KEY_BYTES];

	memset(zero, 0, sizeof(zero));
	memset(key, 0xaa, sizeof(key));
	fixture_tmpdir(dir, sizeof(dir));
	path_in(dir, "postern.key", path, sizeof(path));
	ck_assert_int_eq(secret_key_load(path, key), PERR_NOTFOUND);
	ck_assert(memcmp(key, zero, SECRET_KEY_BYTES) == 0);
	fixture_rmdir(dir);
}
END_TEST

/* ------------------------------------------------ secret_seal and _open */

static const uint8_t	seal_key[SECRET_KEY_BYTES] = {
	1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
	17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32,
};

static const size_t	seal_lens[] = { 0, 1, 15, 16, 17, 20, 64, 4096 };

START_TEST(test_secret_seal_and_open_round_trip_each_length)
{
	static uint8_t	plain[4096], sealed[4096 + SECRET_SEAL_OVERHEAD];
	static uint8_t	back[4096], again[4096 + SECRET_SEAL_OVERHEAD];
	size_t		len = seal_lens[_i], slen, alen, blen, i;

	for (i = 0; i < len; i++)
		plain[i] = (uint8_t)(i * 7 + 1);
	ck_assert_int_eq(secret_seal(seal_key, plain, len, "aad", 3, sealed,
	    sizeof(sealed), &slen), PERR_OK);
	ck_assert_uint_eq(slen, len + SECRET_SEAL_OVERHEAD);
	ck_assert_int_eq(secret_open(seal_key, sealed, slen, "aad", 3, back,
	    sizeof(back), &blen), PERR_OK);
	ck_assert_uint_eq(blen, len);
	ck_assert(memcmp(back, plain, len) == 0);
	/* A fresh nonce each time: the same plaintext seals differently. */
	ck_assert_int_eq(secret_seal(seal_key, plain, len, "aad", 3, again,
	    sizeof(again), &alen), PERR_OK);
	ck_assert(memcmp(sealed, again, SECRET_NONCE_BYTES) != 0);
	ck_assert(memcmp(sealed, again, slen) != 0);
	/* The ciphertext is not the plaintext. */
	if (len >= 16)
		ck_assert(memcmp(sealed + SECRET_NONCE_BYTES, plain, len) != 0);
}
END_TEST

START_TEST(test_secret_open_decrypts_the_gcm_spec_test_case_16)
{
	/* McGrew and Viega, "The Galois/Counter Mode of Operation", 256-bit key. */
	static const uint8_t key[32] = {
		0xfe, 0xff, 0xe9, 0x92, 0x86, 0x65, 0x73, 0x1c, 0x6d, 0x6a,
		0x8f, 0x94, 0x67, 0x30, 0x83, 0x08, 0xfe, 0xff, 0xe9, 0x92,
		0x86, 0x65, 0x73, 0x1c, 0x6d, 0x6a, 0x8f, 0x94, 0x67, 0x30,
		0x83, 0x08 };
	static const uint8_t in[] = {
		/* nonce */
		0xca, 0xfe, 0xba, 0xbe, 0xfa, 0xce, 0xdb, 0xad, 0xde, 0xca,
		0xf8, 0x88,
		/* ciphertext */
		0x52, 0x2d, 0xc1, 0xf0, 0x99, 0x56, 0x7d, 0x07, 0xf4, 0x7f,
		0x37, 0xa3, 0x2a, 0x84, 0x42, 0x7d, 0x64, 0x3a, 0x8c, 0xdc,
		0xbf, 0xe5, 0xc0, 0xc9, 0x75, 0x98, 0xa2, 0xbd, 0x25, 0x55,
		0xd1, 0xaa, 0x8c, 0xb0, 0x8e, 0x48, 0x59, 0x0d, 0xbb, 0x3d,
		0xa7, 0xb0, 0x8b, 0x10, 0x56, 0x82, 0x88, 0x38, 0xc5, 0xf6,
		0x1e, 0x63, 0x93, 0xba, 0x7a, 0x0a, 0xbc, 0xc9, 0xf6, 0x62,
		/* tag */
		0x76, 0xfc, 0x6e, 0xce, 0x0f, 0x4e, 0x17, 0x68, 0xcd, 0xdf,
		0x88, 0x53, 0xbb, 0x2d, 0x55, 0x1b };
	static const uint8_t aad[] = {
		0xfe, 0xed, 0xfa, 0xce, 0xde, 0xad, 0xbe, 0xef, 0xfe, 0xed,
		0xfa, 0xce, 0xde, 0xad, 0xbe, 0xef, 0xab, 0xad, 0xda, 0xd2 };
	static const uint8_t want[] = {
		0xd9, 0x31, 0x32, 0x25, 0xf8, 0x84, 0x06, 0xe5, 0xa5, 0x59,
		0x09, 0xc5, 0xaf, 0xf5, 0x26, 0x9a, 0x86, 0xa7, 0xa9, 0x53,
		0x15, 0x34, 0xf7, 0xda, 0x2e, 0x4c, 0x30, 0x3d, 0x8a, 0x31,
		0x8a, 0x72, 0x1c, 0x3c, 0x0c, 0x95, 0x95, 0x68, 0x09, 0x53,
		0x2f, 0xcf, 0x0e, 0x24, 0x49, 0xa6, 0xb5, 0x25, 0xb1, 0x6a,
		0xed, 0xf5, 0xaa, 0x0d, 0xe6, 0x57, 0xba, 0x63, 0x7b, 0x39 };
	uint8_t	out[sizeof(want)];
	size_t	len;

	ck_assert_int_eq(secret_open(key, in, sizeof(in), aad, sizeof(aad),
	    out, sizeof(out), &len), PERR_OK);
	ck_assert_uint_eq(len, sizeof(want));
	ck_assert(memcmp(out, want, sizeof(want)) == 0);
	/* Without its associated data it is not authentic. */
	ck_assert_int_eq(secret_open(key, in, sizeof(in), NULL, 0, out,
	    sizeof(out), &len), PERR_DENIED);
}
END_TEST

/* Where one bit is flipped: an offset into nonce || ciphertext || tag. */
static const struct {
	size_t		 at;		/* from the start, or ... */
	int		 from_end;	/* ... from the end when 1 */
	const char	*what;
} tamper_rows[] = {
	{ 0, 0, "the first nonce byte" },
	{ SECRET_NONCE_BYTES - 1, 0, "the last nonce byte" },
	{ SECRET_NONCE_BYTES, 0, "the first ciphertext byte" },
	{ SECRET_NONCE_BYTES + 19, 0, "the last ciphertext byte" },
	{ SECRET_TAG_BYTES, 1, "the first tag byte" },
	{ 1, 1, "the last tag byte" },
};

START_TEST(test_secret_open_denies_any_changed_byte)
{
	uint8_t		plain[20], sealed[20 + SECRET_SEAL_OVERHEAD];
	uint8_t		out[20], zero[20];
	size_t		slen, olen = 99, at;

	memset(plain, 0x42, sizeof(plain));
	memset(zero, 0, sizeof(zero));
	ck_assert_int_eq(secret_seal(seal_key, plain, sizeof(plain), "u1", 2,
	    sealed, sizeof(sealed), &slen), PERR_OK);
	at = tamper_rows[_i].from_end ? slen - tamper_rows[_i].at :
	    tamper_rows[_i].at;
	sealed[at] ^= 0x01;
	memset(out, 0x55, sizeof(out));
	ck_assert_msg(secret_open(seal_key, sealed, slen, "u1", 2, out,
	    sizeof(out), &olen) == PERR_DENIED, "%s", tamper_rows[_i].what);
	ck_assert_uint_eq(olen, 0);
	/* No unauthenticated plaintext is left in the buffer. */
	ck_assert(memcmp(out, zero, sizeof(out)) == 0);
}
END_TEST

START_TEST(test_secret_open_denies_other_associated_data_or_another_key)
{
	uint8_t		plain[20], sealed[20 + SECRET_SEAL_OVERHEAD];
	uint8_t		out[20], key2[SECRET_KEY_BYTES];
	size_t		slen, olen;
	const uint64_t	one = 1, two = 2;

	memset(plain, 0x42, sizeof(plain));
	ck_assert_int_eq(secret_seal(seal_key, plain, sizeof(plain), &one,
	    sizeof(one), sealed, sizeof(sealed), &slen), PERR_OK);
	ck_assert_int_eq(secret_open(seal_key, sealed, slen, &one, sizeof(one),
	    out, sizeof(out), &olen), PERR_OK);
	/* Another user's id, none, a shorter one. */
	ck_assert_int_eq(secret_open(seal_key, sealed, slen, &two, sizeof(two),
	    out, sizeof(out), &olen), PERR_DENIED);
	ck_assert_int_eq(secret_open(seal_key, sealed, slen, NULL, 0, out,
	    sizeof(out), &olen), PERR_DENIED);
	ck_assert_int_eq(secret_open(seal_key, sealed, slen, &one,
	    sizeof(one) - 1, out, sizeof(out), &olen), PERR_DENIED);
	memcpy(key2, seal_key, sizeof(key2));
	key2[31] ^= 0x80;
	ck_assert_int_eq(secret_open(key2, sealed, slen, &one, sizeof(one),
	    out, sizeof(out), &olen), PERR_DENIED);
	/* Cut short by a byte: the tag moves, and no longer verifies. */
	ck_assert_int_eq(secret_open(seal_key, sealed, slen - 1, &one,
	    sizeof(one), out, sizeof(out), &olen), PERR_DENIED);
}
END_TEST

START_TEST(test_secret_seal_and_open_check_their_sizes)
{
	static uint8_t	big[SECRET_PLAIN_MAX + SECRET_SEAL_OVERHEAD + 1];
	uint8_t		plain[20], sealed[20 + SECRET_SEAL_OVERHEAD];
	uint8_t		out[20];
	size_t		slen, olen;

	memset(plain, 0x42, sizeof(plain));
	ck_assert_int_eq(secret_seal(seal_key, plain, sizeof(plain), NULL, 0,
	    sealed, sizeof(sealed) - 1, &slen), PERR_TOOLONG);
	ck_assert_uint_eq(slen, 0);
	ck_assert_int_eq(secret_seal(seal_key, big, SECRET_PLAIN_MAX + 1,
	    NULL, 0, big, sizeof(big), &slen), PERR_TOOLONG);
	ck_assert_int_eq(secret_seal(seal_key, plain, sizeof(plain), NULL, 0,
	    sealed, sizeof(sealed), &slen), PERR_OK);
	ck_assert_int_eq(secret_open(seal_key, sealed, slen, NULL, 0, out,
	    sizeof(out) - 1, &olen), PERR_TOOLONG);
	ck_assert_int_eq(secret_open(seal_key, sealed, SECRET_SEAL_OVERHEAD - 1,
	    NULL, 0, out, sizeof(out), &olen), PERR_INVAL);
	ck_assert_int_eq(secret_open(seal_key, big, sizeof(big), NULL, 0, out,
	    sizeof(out), &olen), PERR_INVAL);
	ck_assert_uint_eq(olen, 0);
	/* Nothing sealed opens into no buffer at all. */
	ck_assert_int_eq(secret_seal(seal_key, NULL, 0, NULL, 0, sealed,
	    sizeof(sealed), &slen), PERR_OK);
	ck_assert_uint_eq(slen, SECRET_SEAL_OVERHEAD);
	ck_assert_int_eq(secret_open(seal_key, sealed, slen, NULL, 0, NULL, 0,
	    &olen), PERR_OK);
	sealed[slen - 1] ^= 1;
	ck_assert_int_eq(secret_open(seal_key, sealed, slen, NULL, 0, NULL, 0,
	    &olen), PERR_DENIED);
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

	tc = tcase_create("secret_key_load");
	tcase_add_loop_test(tc,
	    test_secret_key_load_refuses_a_key_file_group_or_others_may_touch,
	    0, NROWS(mode_rows));
	tcase_add_loop_test(tc,
	    test_secret_key_load_refuses_anything_but_a_key_file, 0,
	    NROWS(existing_rows));
	tcase_add_test(tc,
	    test_secret_key_load_answers_notfound_for_a_missing_file);
	suite_add_tcase(s, tc);

	tc = tcase_create("secret_seal");
	tcase_add_loop_test(tc, test_secret_seal_and_open_round_trip_each_length,
	    0, (int)(sizeof(seal_lens) / sizeof(seal_lens[0])));
	tcase_add_test(tc, test_secret_open_decrypts_the_gcm_spec_test_case_16);
	tcase_add_loop_test(tc, test_secret_open_denies_any_changed_byte, 0,
	    NROWS(tamper_rows));
	tcase_add_test(tc,
	    test_secret_open_denies_other_associated_data_or_another_key);
	tcase_add_test(tc, test_secret_seal_and_open_check_their_sizes);
	suite_add_tcase(s, tc);
	return s;
}
