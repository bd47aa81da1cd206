/* postern: tests for lib/user.c: names, emails, and changes made together. */
/*
 * The username grammar is checked one forbidden shape per row; user_add()
 * against a fresh store for what it stores (Q06: quotes literally) and what
 * it refuses without changing anything; user_passwd() and user_update()
 * for ending every session in the same change (S09, ASVS 7.4.2).
 */
#include "config.h"

#include <string.h>

#include "lib/limits.h"
#include "lib/password.h"
#include "lib/session.h"
#include "lib/store.h"
#include "lib/user.h"
#include "tests.h"

#define NROWS(t)	((int)(sizeof(t) / sizeof((t)[0])))

#define A16	"aaaaaaaaaaaaaaaa"
#define A64	A16 A16 A16 A16
#define NOW	1700000000

static const struct scrypt_params lowp = { 1024, 8, 1 };

/* ---------------------------------------------------------- user_canon */

static const struct {
	const char	*in;
	size_t		 inlen;
	enum perr	 want;
	const char	*out;
} canon_rows[] = {
	{ "alice", 5, PERR_OK, "alice" },
	{ "ALICE", 5, PERR_OK, "alice" },
	{ "AlIcE", 5, PERR_OK, "alice" },
	{ "a", 1, PERR_OK, "a" },
	{ "Alice.Smith_2-x@Example.ORG", 27, PERR_OK,
	    "alice.smith_2-x@example.org" },
	{ "0123456789", 10, PERR_OK, "0123456789" },
	{ "._-@", 4, PERR_OK, "._-@" },
	{ A64, 64, PERR_OK, A64 },
	/* inlen, not the NUL, bounds the input */
	{ "alicebob", 5, PERR_OK, "alice" },
	/* length */
	{ "", 0, PERR_INVAL, NULL },
	{ A64 "a", 65, PERR_TOOLONG, NULL },
	{ A64 A64, 128, PERR_TOOLONG, NULL },
	/* spaces (F10) */
	{ " alice", 6, PERR_INVAL, NULL },
	{ "alice ", 6, PERR_INVAL, NULL },
	{ "al ice", 6, PERR_INVAL, NULL },
	/* NUL inside inlen (F06) */
	{ "alice\0admin", 11, PERR_INVAL, NULL },
	{ "\0", 1, PERR_INVAL, NULL },
	/* non-ASCII: no Unicode folding (F10) */
	{ "\xef\xbd\x81\xef\xbd\x8c\xef\xbd\x89\xef\xbd\x83\xef\xbd\x85", 15,
	    PERR_INVAL, NULL },				/* fullwidth alice */
	{ "alic\xc3\xa9", 6, PERR_INVAL, NULL },	/* alicé */
	{ "\xc4\xb0", 2, PERR_INVAL, NULL },		/* dotted capital I */
	{ "\xe2\x84\xaa", 3, PERR_INVAL, NULL },	/* Kelvin sign */
	{ "\xc0\x80" "alice", 7, PERR_INVAL, NULL },	/* F07 */
	{ "\xff" "alice", 6, PERR_INVAL, NULL },	/* F07 */
	/* control characters */
	{ "a\tb", 3, PERR_INVAL, NULL },
	{ "a\nb", 3, PERR_INVAL, NULL },
	{ "a\rb", 3, PERR_INVAL, NULL },
	{ "\x1b", 1, PERR_INVAL, NULL },
	{ "a\x7f", 2, PERR_INVAL, NULL },
	/* punctuation outside the grammar (Q06, Q01, W01, lists) */
	{ "o'brien", 7, PERR_INVAL, NULL },
	{ "alice'--", 8, PERR_INVAL, NULL },
	{ "\"alice\"", 7, PERR_INVAL, NULL },
	{ "a,b", 3, PERR_INVAL, NULL },
	{ "a/b", 3, PERR_INVAL, NULL },
	{ "a\\b", 3, PERR_INVAL, NULL },
	{ "a:b", 3, PERR_INVAL, NULL },
	{ "a+b", 3, PERR_INVAL, NULL },
	{ "a%b", 3, PERR_INVAL, NULL },
	{ "<script>", 8, PERR_INVAL, NULL },
};

START_TEST(test_user_canon_answers_each_shape_as_expected)
{
	char		out[USERNAME_MAX + 1];
	enum perr	e;

	e = user_canon(canon_rows[_i].in, canon_rows[_i].inlen, out);
	ck_assert_msg(e == canon_rows[_i].want, "row %d: got %d", _i, e);
	if (e == PERR_OK)
		ck_assert_str_eq(out, canon_rows[_i].out);
}
END_TEST

/* ---------------------------------------------------- user_email_check */

static const struct {
	const char	*email;
	enum perr	 want;
} email_rows[] = {
	{ "", PERR_OK },				/* no email */
	{ "alice@example.com", PERR_OK },
	{ "a@b.c", PERR_OK },
	{ "alice.smith+tag@mail.example.org", PERR_OK },
	{ "O'Hara@example.com", PERR_OK },
	{ "alice", PERR_INVAL },			/* no "@" */
	{ "@example.com", PERR_INVAL },			/* empty local */
	{ "alice@", PERR_INVAL },			/* empty domain */
	{ "alice@example", PERR_INVAL },		/* no "." in domain */
	{ "alice.smith@example", PERR_INVAL },		/* "." only in local */
	{ "a@b@example.com", PERR_INVAL },		/* two "@" */
	{ "alice@.example.com", PERR_INVAL },
	{ "alice@example.com.", PERR_INVAL },
	{ "al ice@example.com", PERR_INVAL },
	{ " alice@example.com", PERR_INVAL },
	{ "alice@example.com ", PERR_INVAL },
	{ "alice@exa\nmple.com", PERR_INVAL },
	{ "alice@example.com\r\nBcc: x@y.z", PERR_INVAL },
	{ "alice\t@example.com", PERR_INVAL },
	{ "alice,bob@example.com", PERR_INVAL },
	{ "<alice@example.com>", PERR_INVAL },
	{ "\"alice\"@example.com", PERR_INVAL },
	{ "a\\b@example.com", PERR_INVAL },
	{ "alic\xc3\xa9@example.com", PERR_INVAL },	/* non-ASCII */
	{ "alice@example.com\x7f", PERR_INVAL },
};

START_TEST(test_user_email_check_answers_each_shape_as_expected)
{
	enum perr	e = user_email_check(email_rows[_i].email);

	ck_assert_msg(e == email_rows[_i].want, "row %d: got %d", _i, e);
}
END_TEST

static const struct {
	size_t		 len;
	enum perr	 want;
} email_len_rows[] = {
	{ EMAIL_MAX - 1, PERR_OK },
	{ EMAIL_MAX, PERR_OK },
	{ EMAIL_MAX + 1, PERR_TOOLONG },
	{ 1000, PERR_TOOLONG },
};

START_TEST(test_user_email_check_bounds_the_length_at_email_max)
{
	static const char	domain[] = "@example.com";
	char			email[1024];
	size_t			len = email_len_rows[_i].len;

	memset(email, 'a', len - (sizeof(domain) - 1));
	memcpy(email + len - (sizeof(domain) - 1), domain, sizeof(domain));
	ck_assert_uint_eq(strlen(email), len);
	ck_assert_int_eq(user_email_check(email), email_len_rows[_i].want);
}
END_TEST

/* ----------------------------------------- display names and passwords */

static const struct {
	const char	*display;
	enum perr	 want;
} display_rows[] = {
	{ "", PERR_OK },
	{ "Alice Liddell", PERR_OK },
	{ "O'Hara \"Wiki\"", PERR_OK },			/* Q06 */
	{ "<script>alert(1)</script>", PERR_OK },	/* W01: escaped on output */
	{ "Zo\xc3\xab", PERR_OK },
	{ "\xc0\xbcscript\xc0\xbe", PERR_INVAL },	/* W09 */
	{ "Alice\nLiddell", PERR_INVAL },
	{ "Alice\x7f", PERR_INVAL },
	{ "\xc2\x85", PERR_INVAL },			/* C1 NEL */
	{ A64 A64, PERR_OK },				/* DISPLAYNAME_MAX */
	{ A64 A64 "a", PERR_TOOLONG },
};

START_TEST(test_user_display_check_answers_each_shape_as_expected)
{
	enum perr	e = user_display_check(display_rows[_i].display);

	ck_assert_msg(e == display_rows[_i].want, "row %d: got %d", _i, e);
}
END_TEST

static const struct {
	size_t		 len;
	enum perr	 want;
} pwlen_rows[] = {
	{ 0, PERR_INVAL },
	{ PASSWORD_MIN - 1, PERR_INVAL },
	{ PASSWORD_MIN, PERR_OK },
	{ 64, PERR_OK },				/* F11 */
	{ 128, PERR_OK },				/* F11 */
	{ PASSWORD_MAX, PERR_OK },
	{ PASSWORD_MAX + 1, PERR_TOOLONG },
	{ 5000, PERR_TOOLONG },				/* F11 */
};

START_TEST(test_user_password_check_bounds_the_length)
{
	static char	pw[5001];

	memset(pw, 'p', sizeof(pw));
	ck_assert_int_eq(user_password_check(pw, pwlen_rows[_i].len),
	    pwlen_rows[_i].want);
}
END_TEST

/* ------------------------------------------------------------ helpers */

static int
count_user_cb(const struct user *u, void *arg)
{
	(*(int *)arg)++;
	return 0;
}

static int
user_count(struct store *st)
{
	int	n = 0;

	ck_assert_int_eq(store_user_list(st, count_user_cb, &n), PERR_OK);
	return n;
}

static int64_t
generation(struct store *st)
{
	int64_t	g = 0;

	ck_assert_int_eq(store_generation(st, &g), PERR_OK);
	return g;
}

static void
user_make(struct store *st, struct user *u, const char *name,
    const char *pw)
{
	memset(u, 0, sizeof(*u));
	strlcpy(u->name, name, sizeof(u->name));
	u->active = 1;
	ck_assert_int_eq(user_add(st, u, pw, pw != NULL ? strlen(pw) : 0,
	    &lowp, NOW), PERR_OK);
}

static void
session_make(struct store *st, const struct user *u, int64_t now,
    char token[TOKEN_B64_LEN + 1])
{
	ck_assert_int_eq(session_create(st, u, 3600, 0, FACTOR_PASSWORD,
	    NULL, NULL, now, token, NULL), PERR_OK);
}

static enum perr
session_probe(struct store *st, const char *token, int64_t now)
{
	struct session	s;
	struct user	u;

	return session_check(st, token, strlen(token), now, &s, &u);
}

/* ----------------------------------------------------------- user_add */

START_TEST(test_user_add_stores_the_canonical_name_and_fills_the_id)
{
	struct store	*st = fixture_open(NULL);
	struct user	 u, got;

	memset(&u, 0, sizeof(u));
	strlcpy(u.name, "Alice", sizeof(u.name));
	strlcpy(u.display, "Alice Liddell", sizeof(u.display));
	strlcpy(u.email, "alice@example.com", sizeof(u.email));
	u.active = 1;
	ck_assert_int_eq(user_add(st, &u, "correct horse battery staple", 28,
	    &lowp, NOW), PERR_OK);
	ck_assert_int_gt(u.id, 0);
	ck_assert_str_eq(u.name, "alice");

	ck_assert_int_eq(user_find(st, "ALICE", &got), PERR_OK);
	ck_assert_int_eq(got.id, u.id);
	ck_assert_str_eq(got.name, "alice");
	ck_assert_str_eq(got.display, "Alice Liddell");
	ck_assert_str_eq(got.email, "alice@example.com");
	ck_assert_int_eq(got.active, 1);
	ck_assert_int_eq(got.created, NOW);
	ck_assert_int_eq(got.changed, NOW);
	ck_assert_int_eq(strncmp(got.hash, "$scrypt$", 8), 0);
	ck_assert_int_eq(password_verify("correct horse battery staple", 28,
	    got.hash), PERR_OK);
	ck_assert_int_eq(password_verify("Correct horse battery staple", 28,
	    got.hash), PERR_DENIED);
	fixture_close(st);
}
END_TEST

START_TEST(test_user_add_without_a_password_stores_no_hash)
{
	struct store	*st = fixture_open(NULL);
	struct user	 u, got;

	user_make(st, &u, "mallory", NULL);
	ck_assert_int_eq(user_find(st, "mallory", &got), PERR_OK);
	ck_assert_str_eq(got.hash, "");
	fixture_close(st);
}
END_TEST

START_TEST(test_user_add_stores_an_inactive_user_as_inactive)
{
	struct store	*st = fixture_open(NULL);
	struct user	 u, got;

	memset(&u, 0, sizeof(u));
	strlcpy(u.name, "dave", sizeof(u.name));
	u.active = 0;
	ck_assert_int_eq(user_add(st, &u, NULL, 0, &lowp, NOW), PERR_OK);
	ck_assert_int_eq(user_find(st, "dave", &got), PERR_OK);
	ck_assert_int_eq(got.active, 0);
	fixture_close(st);
}
END_TEST

START_TEST(test_user_add_hashes_the_password_exactly_as_received)
{
	struct store	*st = fixture_open(NULL);
	struct user	 u, got;
	static const char pw[] = "correct horse\0battery staple";

	memset(&u, 0, sizeof(u));
	strlcpy(u.name, "alice", sizeof(u.name));
	u.active = 1;
	ck_assert_int_eq(user_add(st, &u, pw, sizeof(pw) - 1, &lowp, NOW),
	    PERR_OK);
	ck_assert_int_eq(user_find(st, "alice", &got), PERR_OK);
	ck_assert_int_eq(password_verify(pw, sizeof(pw) - 1, got.hash),
	    PERR_OK);
	/* F06: the part before the NUL is not the password. */
	ck_assert_int_eq(password_verify(pw, strlen(pw), got.hash),
	    PERR_DENIED);
	fixture_close(st);
}
END_TEST

START_TEST(test_user_add_refuses_a_name_taken_in_another_case_and_changes_nothing)
{
	struct store	*st = fixture_open(NULL);
	struct user	 u, dup, got;
	int64_t		 gen;

	memset(&u, 0, sizeof(u));
	strlcpy(u.name, "alice", sizeof(u.name));
	strlcpy(u.display, "Alice", sizeof(u.display));
	u.active = 1;
	ck_assert_int_eq(user_add(st, &u, "correct horse battery staple", 28,
	    &lowp, NOW), PERR_OK);
	gen = generation(st);

	memset(&dup, 0, sizeof(dup));
	strlcpy(dup.name, "ALICE", sizeof(dup.name));
	strlcpy(dup.display, "Impostor", sizeof(dup.display));
	dup.active = 1;
	ck_assert_int_eq(user_add(st, &dup, "another password", 16, &lowp,
	    NOW + 1), PERR_EXISTS);

	ck_assert_int_eq(user_count(st), 1);
	ck_assert_int_eq(generation(st), gen);
	ck_assert_int_eq(user_find(st, "alice", &got), PERR_OK);
	ck_assert_int_eq(got.id, u.id);
	ck_assert_str_eq(got.display, "Alice");
	ck_assert_int_eq(got.changed, NOW);
	ck_assert_int_eq(password_verify("correct horse battery staple", 28,
	    got.hash), PERR_OK);
	fixture_close(st);
}
END_TEST

/*
 * One bad field per row; a NULL pw with a pwlen means that many bytes of
 * 'p'.  Names and display names past their limits cannot be written into
 * struct user at all, so user_canon() and user_display_check() cover them.
 */
static const struct {
	const char	*name;
	const char	*display;
	const char	*email;
	const char	*pw;
	size_t		 pwlen;
	enum perr	 want;
} add_bad_rows[] = {
	{ "o'brien", "", "", NULL, 0, PERR_INVAL },		/* Q06 */
	{ "alice' OR '1'='1' --", "", "", NULL, 0, PERR_INVAL },	/* Q01 */
	{ "", "", "", NULL, 0, PERR_INVAL },
	{ " alice", "", "", NULL, 0, PERR_INVAL },
	{ "\xef\xbd\x81lice", "", "", NULL, 0, PERR_INVAL },
	{ "alice", "\xc0\xbcscript\xc0\xbe", "", NULL, 0, PERR_INVAL },	/* W09 */
	{ "alice", "Alice\r\nX-Injected: 1", "", NULL, 0, PERR_INVAL },
	{ "alice", "", "not-an-email", NULL, 0, PERR_INVAL },
	{ "alice", "", "alice@example.com\nBcc: x@y.z", NULL, 0, PERR_INVAL },
	{ "alice", "", "", "short", 5, PERR_INVAL },
	{ "alice", "", "", "", 0, PERR_INVAL },
	{ "alice", "", "", NULL, PASSWORD_MIN - 1, PERR_INVAL },
	{ "alice", "", "", NULL, PASSWORD_MAX + 1, PERR_TOOLONG },
};

START_TEST(test_user_add_refuses_each_invalid_field_and_stores_nothing)
{
	static char	 longpw[PASSWORD_MAX + 2];
	struct store	*st = fixture_open(NULL);
	struct user	 u;
	const char	*pw = add_bad_rows[_i].pw;
	int64_t		 gen;
	enum perr	 e;

	memset(longpw, 'p', sizeof(longpw));
	if (pw == NULL && add_bad_rows[_i].pwlen > 0)
		pw = longpw;
	gen = generation(st);
	memset(&u, 0, sizeof(u));
	strlcpy(u.name, add_bad_rows[_i].name, sizeof(u.name));
	strlcpy(u.display, add_bad_rows[_i].display, sizeof(u.display));
	strlcpy(u.email, add_bad_rows[_i].email, sizeof(u.email));
	u.active = 1;
	e = user_add(st, &u, pw, add_bad_rows[_i].pwlen, &lowp, NOW);
	ck_assert_msg(e == add_bad_rows[_i].want, "row %d: got %d", _i, e);
	ck_assert_int_eq(user_count(st), 0);
	ck_assert_int_eq(generation(st), gen);
	fixture_close(st);
}
END_TEST

START_TEST(test_user_add_stores_Q06_quotes_in_display_names_literally)
{
	struct store	*st = fixture_open(NULL);
	struct user	 u, got;

	memset(&u, 0, sizeof(u));
	strlcpy(u.name, "ohara", sizeof(u.name));
	strlcpy(u.display, "O'Hara \"Wiki\"", sizeof(u.display));
	strlcpy(u.email, "o'hara@example.com", sizeof(u.email));
	u.active = 1;
	ck_assert_int_eq(user_add(st, &u, NULL, 0, &lowp, NOW), PERR_OK);
	memset(&u, 0, sizeof(u));
	strlcpy(u.name, "w01", sizeof(u.name));
	strlcpy(u.display, "<script>alert(1)</script>", sizeof(u.display));
	u.active = 1;
	ck_assert_int_eq(user_add(st, &u, NULL, 0, &lowp, NOW), PERR_OK);

	ck_assert_int_eq(user_find(st, "ohara", &got), PERR_OK);
	ck_assert_str_eq(got.display, "O'Hara \"Wiki\"");
	ck_assert_str_eq(got.email, "o'hara@example.com");
	ck_assert_int_eq(user_find(st, "w01", &got), PERR_OK);
	ck_assert_str_eq(got.display, "<script>alert(1)</script>");
	ck_assert_int_eq(user_count(st), 2);
	fixture_close(st);
}
END_TEST

/* ---------------------------------------------------------- user_find */

static const struct {
	const char	*name;
	enum perr	 want;
} find_rows[] = {
	{ "alice", PERR_OK },
	{ "ALICE", PERR_OK },
	{ "Alice", PERR_OK },
	{ "bob", PERR_NOTFOUND },
	{ "alic", PERR_NOTFOUND },
	{ "alice_", PERR_NOTFOUND },
	{ "", PERR_INVAL },
	{ "alice ", PERR_INVAL },
	{ "\xef\xbd\x81\xef\xbd\x8c\xef\xbd\x89\xef\xbd\x83\xef\xbd\x85",
	    PERR_INVAL },
	{ "alice' OR '1'='1", PERR_INVAL },		/* Q01 */
	{ "%", PERR_INVAL },
	{ A64 "a", PERR_INVAL },
};

START_TEST(test_user_find_answers_each_name_as_expected)
{
	struct store	*st = fixture_open(NULL);
	struct user	 alice, got;
	enum perr	 e;

	user_make(st, &alice, "alice", NULL);
	e = user_find(st, find_rows[_i].name, &got);
	ck_assert_msg(e == find_rows[_i].want, "row %d: got %d", _i, e);
	if (e == PERR_OK)
		ck_assert_int_eq(got.id, alice.id);
	fixture_close(st);
}
END_TEST

/* -------------------------------------------------------- user_passwd */

START_TEST(test_user_passwd_S09_ends_every_session_of_the_user)
{
	struct store	*st = fixture_open(NULL);
	struct user	 alice, bob, got;
	char		 t1[TOKEN_B64_LEN + 1], t2[TOKEN_B64_LEN + 1];
	char		 tb[TOKEN_B64_LEN + 1];
	int64_t		 ended = -1;

	user_make(st, &alice, "alice", "correct horse battery staple");
	user_make(st, &bob, "bob", "bob's password");
	session_make(st, &alice, NOW, t1);
	session_make(st, &alice, NOW + 1, t2);
	session_make(st, &bob, NOW, tb);
	ck_assert_int_eq(session_probe(st, t1, NOW + 2), PERR_OK);
	ck_assert_int_eq(session_probe(st, t2, NOW + 2), PERR_OK);

	ck_assert_int_eq(user_passwd(st, &alice, "a new password", 14, &lowp,
	    NOW + 10, &ended), PERR_OK);
	ck_assert_int_eq(ended, 2);
	ck_assert_int_eq(session_probe(st, t1, NOW + 11), PERR_DENIED);
	ck_assert_int_eq(session_probe(st, t2, NOW + 11), PERR_DENIED);
	/* Another user's session is not touched. */
	ck_assert_int_eq(session_probe(st, tb, NOW + 11), PERR_OK);

	ck_assert_int_eq(user_find(st, "alice", &got), PERR_OK);
	ck_assert_int_eq(got.changed, NOW + 10);
	ck_assert_int_eq(password_verify("a new password", 14, got.hash),
	    PERR_OK);
	ck_assert_int_eq(password_verify("correct horse battery staple", 28,
	    got.hash), PERR_DENIED);
	fixture_close(st);
}
END_TEST

START_TEST(test_user_passwd_accepts_a_null_ended)
{
	struct store	*st = fixture_open(NULL);
	struct user	 alice;

	user_make(st, &alice, "alice", NULL);
	ck_assert_int_eq(user_passwd(st, &alice, "a new password", 14, &lowp,
	    NOW, NULL), PERR_OK);
	fixture_close(st);
}
END_TEST

static const struct {
	size_t		 len;
	enum perr	 want;
} passwd_bad_rows[] = {
	{ 0, PERR_INVAL },
	{ PASSWORD_MIN - 1, PERR_INVAL },
	{ PASSWORD_MAX + 1, PERR_TOOLONG },
};

START_TEST(test_user_passwd_refuses_a_bad_length_and_keeps_password_and_sessions)
{
	static char	 pw[PASSWORD_MAX + 2];
	struct store	*st = fixture_open(NULL);
	struct user	 alice, got;
	char		 t1[TOKEN_B64_LEN + 1];
	int64_t		 ended = -1;

	memset(pw, 'p', sizeof(pw));
	user_make(st, &alice, "alice", "correct horse battery staple");
	session_make(st, &alice, NOW, t1);
	ck_assert_int_eq(user_passwd(st, &alice, pw, passwd_bad_rows[_i].len,
	    &lowp, NOW + 10, &ended), passwd_bad_rows[_i].want);
	ck_assert_int_eq(session_probe(st, t1, NOW + 11), PERR_OK);
	ck_assert_int_eq(user_find(st, "alice", &got), PERR_OK);
	ck_assert_int_eq(password_verify("correct horse battery staple", 28,
	    got.hash), PERR_OK);
	ck_assert_int_eq(got.changed, NOW);
	fixture_close(st);
}
END_TEST

/* -------------------------------------------------------- user_update */

START_TEST(test_user_update_deactivation_ends_every_session_of_the_user)
{
	struct store	*st = fixture_open(NULL);
	struct user	 alice, bob, got;
	char		 t1[TOKEN_B64_LEN + 1], t2[TOKEN_B64_LEN + 1];
	char		 tb[TOKEN_B64_LEN + 1];
	int64_t		 ended = -1;

	user_make(st, &alice, "alice", NULL);
	user_make(st, &bob, "bob", NULL);
	session_make(st, &alice, NOW, t1);
	session_make(st, &alice, NOW, t2);
	session_make(st, &bob, NOW, tb);

	alice.active = 0;
	ck_assert_int_eq(user_update(st, &alice, &ended), PERR_OK);
	ck_assert_int_eq(ended, 2);
	ck_assert_int_eq(session_probe(st, t1, NOW + 1), PERR_DENIED);
	ck_assert_int_eq(session_probe(st, t2, NOW + 1), PERR_DENIED);
	ck_assert_int_eq(session_probe(st, tb, NOW + 1), PERR_OK);
	ck_assert_int_eq(user_find(st, "alice", &got), PERR_OK);
	ck_assert_int_eq(got.active, 0);
	fixture_close(st);
}
END_TEST

START_TEST(test_user_update_reactivation_does_not_resurrect_ended_sessions)
{
	struct store	*st = fixture_open(NULL);
	struct user	 alice;
	char		 t1[TOKEN_B64_LEN + 1];
	int64_t		 ended = -1;

	user_make(st, &alice, "alice", NULL);
	session_make(st, &alice, NOW, t1);
	alice.active = 0;
	ck_assert_int_eq(user_update(st, &alice, &ended), PERR_OK);
	ck_assert_int_eq(ended, 1);
	alice.active = 1;
	ck_assert_int_eq(user_update(st, &alice, &ended), PERR_OK);
	ck_assert_int_eq(ended, 0);
	ck_assert_int_eq(session_probe(st, t1, NOW + 1), PERR_DENIED);
	fixture_close(st);
}
END_TEST

/* Changes that keep the user active end nothing. */
START_TEST(test_user_update_of_an_active_user_keeps_their_sessions)
{
	struct store	*st = fixture_open(NULL);
	struct user	 alice, got;
	char		 t1[TOKEN_B64_LEN + 1];
	int64_t		 ended = -1;

	user_make(st, &alice, "alice", NULL);
	session_make(st, &alice, NOW, t1);
	strlcpy(alice.display, "Alice Liddell", sizeof(alice.display));
	strlcpy(alice.email, "alice@example.com", sizeof(alice.email));
	ck_assert_int_eq(user_update(st, &alice, &ended), PERR_OK);
	ck_assert_int_eq(ended, 0);
	ck_assert_int_eq(session_probe(st, t1, NOW + 1), PERR_OK);
	ck_assert_int_eq(user_find(st, "alice", &got), PERR_OK);
	ck_assert_str_eq(got.display, "Alice Liddell");
	ck_assert_str_eq(got.email, "alice@example.com");
	fixture_close(st);
}
END_TEST

static const struct {
	const char	*display;
	const char	*email;
	enum perr	 want;
} update_bad_rows[] = {
	{ "\xc0\xbcscript\xc0\xbe", "", PERR_INVAL },	/* W09 */
	{ "Alice\nLiddell", "", PERR_INVAL },
	{ "", "alice", PERR_INVAL },
	{ "", "alice@example.com,bob@example.com", PERR_INVAL },
};

START_TEST(test_user_update_refuses_each_invalid_field_and_changes_nothing)
{
	struct store	*st = fixture_open(NULL);
	struct user	 alice, got;
	char		 t1[TOKEN_B64_LEN + 1];
	int64_t		 ended = -1, gen;
	enum perr	 e;

	user_make(st, &alice, "alice", NULL);
	session_make(st, &alice, NOW, t1);
	gen = generation(st);
	strlcpy(alice.display, update_bad_rows[_i].display,
	    sizeof(alice.display));
	strlcpy(alice.email, update_bad_rows[_i].email, sizeof(alice.email));
	alice.active = 0;
	e = user_update(st, &alice, &ended);
	ck_assert_msg(e == update_bad_rows[_i].want, "row %d: got %d", _i, e);
	ck_assert_int_eq(ended, 0);
	ck_assert_int_eq(generation(st), gen);
	ck_assert_int_eq(user_find(st, "alice", &got), PERR_OK);
	ck_assert_int_eq(got.active, 1);
	ck_assert_str_eq(got.display, "");
	ck_assert_int_eq(session_probe(st, t1, NOW + 1), PERR_OK);
	fixture_close(st);
}
END_TEST

START_TEST(test_user_update_of_an_unknown_id_is_not_found)
{
	struct store	*st = fixture_open(NULL);
	struct user	 ghost;

	memset(&ghost, 0, sizeof(ghost));
	ghost.id = 4242;
	strlcpy(ghost.name, "ghost", sizeof(ghost.name));
	ck_assert_int_eq(user_update(st, &ghost, NULL), PERR_NOTFOUND);
	ck_assert_int_eq(user_count(st), 0);
	fixture_close(st);
}
END_TEST

/*
 * user_update() writes display, email and active: a copy read before a
 * password change must not put the old password back (a lost update that
 * would also revive the password S09 meant to retire).
 */
START_TEST(test_user_update_from_a_stale_copy_keeps_a_newer_password)
{
	struct store	*st = fixture_open(NULL);
	struct user	 admin_copy, alice, got;

	user_make(st, &alice, "alice", "correct horse battery staple");
	ck_assert_int_eq(user_find(st, "alice", &admin_copy), PERR_OK);
	ck_assert_int_eq(user_passwd(st, &alice, "a new password", 14, &lowp,
	    NOW + 10, NULL), PERR_OK);

	strlcpy(admin_copy.display, "Alice Liddell", sizeof(admin_copy.display));
	ck_assert_int_eq(user_update(st, &admin_copy, NULL), PERR_OK);

	ck_assert_int_eq(user_find(st, "alice", &got), PERR_OK);
	fixture_close(st);
	ck_assert_str_eq(got.display, "Alice Liddell");
	ck_assert_int_eq(password_verify("a new password", 14, got.hash),
	    PERR_OK);
	ck_assert_int_eq(password_verify("correct horse battery staple", 28,
	    got.hash), PERR_DENIED);
}
END_TEST

/*
 * user_passwd() sets the password: a copy read before an administrator
 * disabled the account must not enable it again (ASVS 7.4.2), nor put
 * back an older display name.
 */
START_TEST(test_user_passwd_from_a_stale_copy_keeps_the_user_disabled)
{
	struct store	*st = fixture_open(NULL);
	struct user	 stale, admin, got;
	char		 t1[TOKEN_B64_LEN + 1];
	enum perr	 e;

	user_make(st, &admin, "alice", "correct horse battery staple");
	ck_assert_int_eq(user_find(st, "alice", &stale), PERR_OK);
	admin.active = 0;
	strlcpy(admin.display, "Alice (left)", sizeof(admin.display));
	ck_assert_int_eq(user_update(st, &admin, NULL), PERR_OK);

	ck_assert_int_eq(user_passwd(st, &stale, "a new password", 14, &lowp,
	    NOW + 10, NULL), PERR_OK);
	ck_assert_int_eq(user_find(st, "alice", &got), PERR_OK);
	/* Were she active again, a new session would be made for her. */
	e = session_create(st, &got, 3600, 0, FACTOR_PASSWORD, NULL, NULL,
	    NOW + 11, t1, NULL);
	fixture_close(st);
	ck_assert_int_eq(got.active, 0);
	ck_assert_str_eq(got.display, "Alice (left)");
	ck_assert_int_eq(e, PERR_DENIED);
}
END_TEST

Suite *
suite_user(void)
{
	Suite	*s = suite_create("user");
	TCase	*tc;

	tc = tcase_create("validators");
	tcase_add_loop_test(tc, test_user_canon_answers_each_shape_as_expected,
	    0, NROWS(canon_rows));
	tcase_add_loop_test(tc,
	    test_user_email_check_answers_each_shape_as_expected, 0,
	    NROWS(email_rows));
	tcase_add_loop_test(tc,
	    test_user_email_check_bounds_the_length_at_email_max, 0,
	    NROWS(email_len_rows));
	tcase_add_loop_test(tc,
	    test_user_display_check_answers_each_shape_as_expected, 0,
	    NROWS(display_rows));
	tcase_add_loop_test(tc, test_user_password_check_bounds_the_length, 0,
	    NROWS(pwlen_rows));
	suite_add_tcase(s, tc);

	tc = tcase_create("store");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc,
	    test_user_add_stores_the_canonical_name_and_fills_the_id);
	tcase_add_test(tc, test_user_add_without_a_password_stores_no_hash);
	tcase_add_test(tc, test_user_add_stores_an_inactive_user_as_inactive);
	tcase_add_test(tc,
	    test_user_add_hashes_the_password_exactly_as_received);
	tcase_add_test(tc,
	    test_user_add_refuses_a_name_taken_in_another_case_and_changes_nothing);
	tcase_add_loop_test(tc,
	    test_user_add_refuses_each_invalid_field_and_stores_nothing, 0,
	    NROWS(add_bad_rows));
	tcase_add_test(tc,
	    test_user_add_stores_Q06_quotes_in_display_names_literally);
	tcase_add_loop_test(tc, test_user_find_answers_each_name_as_expected,
	    0, NROWS(find_rows));
	tcase_add_test(tc, test_user_passwd_S09_ends_every_session_of_the_user);
	tcase_add_test(tc, test_user_passwd_accepts_a_null_ended);
	tcase_add_loop_test(tc,
	    test_user_passwd_refuses_a_bad_length_and_keeps_password_and_sessions,
	    0, NROWS(passwd_bad_rows));
	tcase_add_test(tc,
	    test_user_update_deactivation_ends_every_session_of_the_user);
	tcase_add_test(tc,
	    test_user_update_reactivation_does_not_resurrect_ended_sessions);
	tcase_add_test(tc,
	    test_user_update_of_an_active_user_keeps_their_sessions);
	tcase_add_loop_test(tc,
	    test_user_update_refuses_each_invalid_field_and_changes_nothing, 0,
	    NROWS(update_bad_rows));
	tcase_add_test(tc, test_user_update_of_an_unknown_id_is_not_found);
	tcase_add_test(tc,
	    test_user_update_from_a_stale_copy_keeps_a_newer_password);
	tcase_add_test(tc,
	    test_user_passwd_from_a_stale_copy_keeps_the_user_disabled);
	suite_add_tcase(s, tc);
	return s;
}
