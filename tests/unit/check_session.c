/* postern: tests for lib/session.c: tokens, expiry, and what ends a session. */
/*
 * A session's token is 43 base64url characters and the store holds only
 * its SHA-256 (S03: the token is not in the database file in any form);
 * session_check() refuses every malformed cookie value, an unknown token,
 * an absolute (S06) or idle expiry, a revoked session (S07), a disabled or
 * deleted user, and deletes an expired row as it meets it.  The clock is
 * the explicit now every function takes.
 */
#include "config.h"

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/limits.h"
#include "lib/session.h"
#include "lib/store.h"
#include "lib/token.h"
#include "lib/user.h"
#include "tests.h"

#define NROWS(t)	((int)(sizeof(t) / sizeof((t)[0])))
#define NOW		1700000000

static int64_t
user_make(struct store *st, const char *name, int active, struct user *out)
{
	struct user	u;

	memset(&u, 0, sizeof(u));
	strlcpy(u.name, name, sizeof(u.name));
	u.active = active;
	ck_assert_int_eq(user_add(st, &u, NULL, 0, NULL, NOW), PERR_OK);
	if (out != NULL)
		*out = u;
	return u.id;
}

static int
count_session_cb(const struct session *s, void *arg)
{
	(*(int *)arg)++;
	return 0;
}

static int
session_count(struct store *st)
{
	int	n = 0;

	ck_assert_int_eq(store_session_list(st, 0, count_session_cb, &n),
	    PERR_OK);
	return n;
}

static enum perr
check_at(struct store *st, const char *token, int64_t now)
{
	struct session	s;
	struct user	u;

	return session_check(st, token, strlen(token), now, &s, &u);
}

/* ------------------------------------------------------ session_create */

static int
b64url_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '_';
}

START_TEST(test_session_create_gives_a_43_character_base64url_token)
{
	struct store	*st = fixture_open(NULL);
	struct user	 alice;
	struct session	 s;
	char		 token[TOKEN_B64_LEN + 1];
	uint8_t		 hash[TOKEN_HASH_BYTES];
	size_t		 i;

	user_make(st, "alice", 1, &alice);
	ck_assert_int_eq(session_create(st, &alice, 3600, 1800,
	    FACTOR_PASSWORD | FACTOR_TOTP, "192.0.2.10", "Mozilla/5.0", NOW,
	    token, &s), PERR_OK);
	ck_assert_uint_eq(strlen(token), TOKEN_B64_LEN);
	ck_assert_uint_eq(TOKEN_B64_LEN, 43);
	for (i = 0; i < TOKEN_B64_LEN; i++)
		ck_assert_msg(b64url_char(token[i]), "byte %zu: 0x%02x", i,
		    (unsigned char)token[i]);
	/* The row is keyed by the SHA-256 of the token. */
	ck_assert_int_eq(token_parse(token, strlen(token), hash), PERR_OK);
	ck_assert(memcmp(hash, s.hash, sizeof(hash)) == 0);
	ck_assert_int_gt(s.id, 0);
	ck_assert_int_eq(s.user_id, alice.id);
	ck_assert_int_eq(s.created, NOW);
	ck_assert_int_eq(s.seen, NOW);
	ck_assert_int_eq(s.expires, NOW + 3600);
	ck_assert_int_eq(s.idle, 1800);
	ck_assert_int_eq(s.factors, FACTOR_PASSWORD | FACTOR_TOTP);
	ck_assert_str_eq(s.addr, "192.0.2.10");
	ck_assert_str_eq(s.agent, "Mozilla/5.0");
	fixture_close(st);
}
END_TEST

START_TEST(test_session_create_gives_a_fresh_token_each_time)
{
	struct store	*st = fixture_open(NULL);
	struct user	 alice;
	char		 t[8][TOKEN_B64_LEN + 1];
	int		 i, j;

	user_make(st, "alice", 1, &alice);
	for (i = 0; i < 8; i++)
		ck_assert_int_eq(session_create(st, &alice, 3600, 0,
		    FACTOR_PASSWORD, NULL, NULL, NOW, t[i], NULL), PERR_OK);
	for (i = 0; i < 8; i++)
		for (j = i + 1; j < 8; j++)
			ck_assert_str_ne(t[i], t[j]);
	ck_assert_int_eq(session_count(st), 8);
	fixture_close(st);
}
END_TEST

START_TEST(test_session_create_stores_null_address_and_agent_as_empty)
{
	struct store	*st = fixture_open(NULL);
	struct user	 alice;
	struct session	 s, got;
	char		 token[TOKEN_B64_LEN + 1];

	user_make(st, "alice", 1, &alice);
	ck_assert_int_eq(session_create(st, &alice, 3600, 0, FACTOR_ADMIN,
	    NULL, NULL, NOW, token, &s), PERR_OK);
	ck_assert_int_eq(store_session_get(st, s.id, &got), PERR_OK);
	ck_assert_str_eq(got.addr, "");
	ck_assert_str_eq(got.agent, "");
	ck_assert_str_eq(got.user, "alice");
	fixture_close(st);
}
END_TEST

START_TEST(test_session_create_cuts_an_overlong_user_agent)
{
	struct store	*st = fixture_open(NULL);
	struct user	 alice;
	struct session	 s, got;
	char		 token[TOKEN_B64_LEN + 1];
	char		 agent[USERAGENT_MAX * 4];

	memset(agent, 'A', sizeof(agent) - 1);
	agent[sizeof(agent) - 1] = '\0';
	user_make(st, "alice", 1, &alice);
	ck_assert_int_eq(session_create(st, &alice, 3600, 0, FACTOR_PASSWORD,
	    NULL, agent, NOW, token, &s), PERR_OK);
	ck_assert_int_eq(store_session_get(st, s.id, &got), PERR_OK);
	ck_assert_uint_eq(strlen(got.agent), USERAGENT_MAX);
	fixture_close(st);
}
END_TEST

START_TEST(test_session_create_refuses_an_inactive_user_and_stores_nothing)
{
	struct store	*st = fixture_open(NULL);
	struct user	 dave;
	char		 token[TOKEN_B64_LEN + 1];

	user_make(st, "dave", 0, &dave);
	ck_assert_int_eq(session_create(st, &dave, 3600, 0, FACTOR_PASSWORD,
	    NULL, NULL, NOW, token, NULL), PERR_DENIED);
	ck_assert_int_eq(session_count(st), 0);
	fixture_close(st);
}
END_TEST

static const struct {
	int64_t		 ttl;
	int64_t		 idle;
} create_bad_rows[] = {
	{ 0, 0 },
	{ -1, 0 },
	{ 3600, -1 },
};

START_TEST(test_session_create_refuses_a_ttl_or_idle_out_of_range)
{
	struct store	*st = fixture_open(NULL);
	struct user	 alice;
	char		 token[TOKEN_B64_LEN + 1];

	user_make(st, "alice", 1, &alice);
	ck_assert_int_eq(session_create(st, &alice, create_bad_rows[_i].ttl,
	    create_bad_rows[_i].idle, FACTOR_PASSWORD, NULL, NULL, NOW, token,
	    NULL), PERR_INVAL);
	ck_assert_int_eq(session_count(st), 0);
	fixture_close(st);
}
END_TEST

/* ---------------------------------------------------------------- S03 */

static unsigned char *
slurp(const char *path, size_t *len)
{
	unsigned char	*buf = NULL;
	size_t		 cap = 0;
	ssize_t		 n;
	int		 fd;

	*len = 0;
	if ((fd = open(path, O_RDONLY)) == -1)
		return NULL;
	for (;;) {
		if (*len == cap) {
			cap = cap ? cap * 2 : 65536;
			buf = realloc(buf, cap);
			ck_assert_ptr_nonnull(buf);
		}
		if ((n = read(fd, buf + *len, cap - *len)) <= 0)
			break;
		*len += (size_t)n;
	}
	close(fd);
	return buf;
}

static int
contains(const unsigned char *hay, size_t haylen, const void *needle,
    size_t len)
{
	size_t	i;

	for (i = 0; hay != NULL && i + len <= haylen; i++)
		if (memcmp(hay + i, needle, len) == 0)
			return 1;
	return 0;
}

/* 1 when the database or its WAL holds needle. */
static int
db_contains(const char *db, const void *needle, size_t len)
{
	char		 wal[PATH_MAX];
	unsigned char	*buf;
	size_t		 n;
	int		 found;

	buf = slurp(db, &n);
	found = contains(buf, n, needle, len);
	free(buf);
	ck_assert_int_lt(snprintf(wal, sizeof(wal), "%s-wal", db),
	    (int)sizeof(wal));
	buf = slurp(wal, &n);
	found |= contains(buf, n, needle, len);
	free(buf);
	return found;
}

START_TEST(test_session_create_S03_stores_only_the_hash_of_the_token)
{
	char		 dir[PATH_MAX], db[PATH_MAX];
	struct store	*st = NULL;
	struct user	 alice;
	struct session	 s;
	char		 token[TOKEN_B64_LEN + 1], hex[2 * TOKEN_BYTES + 1];
	uint8_t		 raw[TOKEN_BYTES];
	size_t		 rawlen, i;
	int		 pass;

	/* Its own store, so that it can be closed and read again. */
	fixture_tmpdir(dir, sizeof(dir));
	ck_assert_int_lt(snprintf(db, sizeof(db), "%s/postern.db", dir),
	    (int)sizeof(db));
	ck_assert_int_eq(store_open(&st, db, STORE_MIGRATE), PERR_OK);
	user_make(st, "alice", 1, &alice);
	ck_assert_int_eq(session_create(st, &alice, 3600, 0, FACTOR_PASSWORD,
	    "192.0.2.10", "agent", NOW, token, &s), PERR_OK);
	ck_assert_int_eq(token_b64url_decode(token, strlen(token), raw,
	    sizeof(raw), &rawlen), PERR_OK);
	ck_assert_uint_eq(rawlen, TOKEN_BYTES);
	for (i = 0; i < TOKEN_BYTES; i++)
		snprintf(hex + 2 * i, 3, "%02x", raw[i]);

	/* Pass 0 with the store open (WAL), pass 1 after its checkpoint. */
	for (pass = 0; pass < 2; pass++) {
		if (pass == 1) {
			store_close(st);
			st = NULL;
		}
		/* The search works: the hash and the address are there. */
		ck_assert(db_contains(db, s.hash, sizeof(s.hash)));
		ck_assert(db_contains(db, "192.0.2.10", 10));
		/* The token is not, as text, raw bytes or hex. */
		ck_assert_msg(!db_contains(db, token, strlen(token)),
		    "pass %d: token text", pass);
		ck_assert_msg(!db_contains(db, raw, sizeof(raw)),
		    "pass %d: raw token", pass);
		ck_assert_msg(!db_contains(db, hex, strlen(hex)),
		    "pass %d: hex token", pass);
	}
	fixture_rmdir(dir);
}
END_TEST

/* ------------------------------------------------------- session_check */

START_TEST(test_session_check_accepts_a_valid_session_and_fills_session_and_user)
{
	struct store	*st = fixture_open(NULL);
	struct user	 alice, u;
	struct session	 s, made;
	char		 token[TOKEN_B64_LEN + 1];

	user_make(st, "alice", 1, &alice);
	ck_assert_int_eq(session_create(st, &alice, 3600, 1800,
	    FACTOR_PASSWORD, "192.0.2.10", NULL, NOW, token, &made), PERR_OK);
	ck_assert_int_eq(session_check(st, token, strlen(token), NOW + 10, &s,
	    &u), PERR_OK);
	ck_assert_int_eq(s.id, made.id);
	ck_assert_int_eq(s.user_id, alice.id);
	ck_assert_str_eq(s.user, "alice");
	ck_assert_int_eq(s.expires, NOW + 3600);
	ck_assert_int_eq(u.id, alice.id);
	ck_assert_str_eq(u.name, "alice");
	ck_assert_int_eq(u.active, 1);
	fixture_close(st);
}
END_TEST

/*
 * Malformed cookie values.  A row is either a literal (len -1: strlen) or
 * a change to a valid token.
 */
enum mangle {
	M_LITERAL,
	M_SHORT,		/* the first 42 characters */
	M_LONG,			/* the token and one more character */
	M_NUL,			/* the token, a NUL and a character, in len */
	M_SPACE_BEFORE,		/* " " and the token */
	M_SPACE_AFTER,		/* the token and " " */
	M_QUOTED,		/* "\"" token "\"" */
	M_PERCENT_NUL,		/* C06: the token and "%00x" */
	M_PADDED,		/* the token and "=" */
	M_STD_ALPHABET,		/* "-" and "_" as "+" and "/" */
	M_TWICE,		/* the token twice */
	M_LAST_BITS,		/* non-canonical last character */
};

static const struct {
	enum mangle	 how;
	const char	*lit;
} bad_rows[] = {
	{ M_LITERAL, "" },
	{ M_LITERAL, "=" },
	{ M_LITERAL, ";;;" },
	{ M_LITERAL, "%%%" },					/* C06 */
	{ M_LITERAL, "' OR '1'='1" },				/* Q03 */
	{ M_LITERAL, "%" },					/* Q03 */
	{ M_LITERAL, "_" },					/* Q03 */
	{ M_LITERAL, "ATTACKERCHOSEN0000000000000000000000000" },	/* S01 */
	{ M_LITERAL, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" },	/* 42 */
	{ M_LITERAL, "%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%" },	/* 43 */
	{ M_LITERAL, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=" },	/* 43 */
	{ M_LITERAL, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\xc3" },
	{ M_SHORT, NULL },
	{ M_LONG, NULL },
	{ M_NUL, NULL },
	{ M_SPACE_BEFORE, NULL },
	{ M_SPACE_AFTER, NULL },
	{ M_QUOTED, NULL },
	{ M_PERCENT_NUL, NULL },
	{ M_PADDED, NULL },
	{ M_STD_ALPHABET, NULL },
	{ M_TWICE, NULL },
	{ M_LAST_BITS, NULL },
};

static const char b64url[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

START_TEST(test_session_check_refuses_each_malformed_token)
{
	struct store	*st = fixture_open(NULL);
	struct user	 alice, u;
	struct session	 s;
	char		 token[TOKEN_B64_LEN + 1], v[4 * TOKEN_B64_LEN];
	size_t		 len = 0, i;
	const char	*p;

	user_make(st, "alice", 1, &alice);
	ck_assert_int_eq(session_create(st, &alice, 3600, 0, FACTOR_PASSWORD,
	    NULL, NULL, NOW, token, NULL), PERR_OK);
	memset(v, 0, sizeof(v));
	switch (bad_rows[_i].how) {
	case M_LITERAL:
		len = strlen(bad_rows[_i].lit);
		memcpy(v, bad_rows[_i].lit, len);
		break;
	case M_SHORT:
		len = TOKEN_B64_LEN - 1;
		memcpy(v, token, len);
		break;
	case M_LONG:
		len = strlen(token) + 1;
		memcpy(v, token, TOKEN_B64_LEN);
		v[TOKEN_B64_LEN] = 'A';
		break;
	case M_NUL:
		len = TOKEN_B64_LEN + 2;
		memcpy(v, token, TOKEN_B64_LEN);
		v[TOKEN_B64_LEN] = '\0';
		v[TOKEN_B64_LEN + 1] = 'x';
		break;
	case M_SPACE_BEFORE:
		len = (size_t)snprintf(v, sizeof(v), " %s", token);
		break;
	case M_SPACE_AFTER:
		len = (size_t)snprintf(v, sizeof(v), "%s ", token);
		break;
	case M_QUOTED:
		len = (size_t)snprintf(v, sizeof(v), "\"%s\"", token);
		break;
	case M_PERCENT_NUL:
		len = (size_t)snprintf(v, sizeof(v), "%s%%00x", token);
		break;
	case M_PADDED:
		len = (size_t)snprintf(v, sizeof(v), "%s=", token);
		break;
	case M_STD_ALPHABET:
		len = TOKEN_B64_LEN;
		memcpy(v, token, len);
		/* Force at least one character of each. */
		v[0] = '-';
		v[1] = '_';
		for (i = 0; i < len; i++)
			if (v[i] == '-')
				v[i] = '+';
			else if (v[i] == '_')
				v[i] = '/';
		break;
	case M_TWICE:
		len = (size_t)snprintf(v, sizeof(v), "%s%s", token, token);
		break;
	case M_LAST_BITS:
		/* 43 characters carry 258 bits: the last 2 must be zero. */
		len = TOKEN_B64_LEN;
		memcpy(v, token, len);
		p = strchr(b64url, v[len - 1]);
		ck_assert_ptr_nonnull(p);
		v[len - 1] = b64url[((p - b64url) & ~3) | 1];
		break;
	}
	ck_assert_msg(session_check(st, v, len, NOW + 1, &s, &u) ==
	    PERR_DENIED, "row %d", _i);
	/* The real token is unharmed by the attempt. */
	ck_assert_int_eq(check_at(st, token, NOW + 1), PERR_OK);
	fixture_close(st);
}
END_TEST

START_TEST(test_session_check_refuses_a_well_formed_token_never_issued)
{
	struct store	*st = fixture_open(NULL);
	struct user	 alice;
	char		 token[TOKEN_B64_LEN + 1], other[TOKEN_B64_LEN + 1];
	uint8_t		 hash[TOKEN_HASH_BYTES];

	user_make(st, "alice", 1, &alice);
	ck_assert_int_eq(session_create(st, &alice, 3600, 0, FACTOR_PASSWORD,
	    NULL, NULL, NOW, token, NULL), PERR_OK);
	ck_assert_int_eq(token_new(other, hash), PERR_OK);
	ck_assert_int_eq(check_at(st, other, NOW + 1), PERR_DENIED);
	ck_assert_int_eq(check_at(st,
	    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", NOW + 1),
	    PERR_DENIED);
	fixture_close(st);
}
END_TEST

/* S06: activity every minute does not carry a session past its limit. */
START_TEST(test_session_check_refuses_S06_a_busy_session_at_its_absolute_limit)
{
	struct store	*st = fixture_open(NULL);
	struct user	 alice, u;
	struct session	 s, made;
	char		 token[TOKEN_B64_LEN + 1];
	int64_t		 t;

	user_make(st, "alice", 1, &alice);
	ck_assert_int_eq(session_create(st, &alice, 3600, 300,
	    FACTOR_PASSWORD, NULL, NULL, NOW, token, &made), PERR_OK);
	for (t = NOW + 60; t < NOW + 3600; t += 60) {
		ck_assert_msg(session_check(st, token, strlen(token), t, &s,
		    &u) == PERR_OK, "refused at +%lld", (long long)(t - NOW));
		if (session_touch_due(&s, t))
			ck_assert_int_eq(store_session_touch(st, s.id, t),
			    PERR_OK);
	}
	ck_assert_int_eq(check_at(st, token, NOW + 3599), PERR_OK);
	ck_assert_int_eq(check_at(st, token, NOW + 3600), PERR_DENIED);
	ck_assert_int_eq(store_session_get(st, made.id, &s), PERR_NOTFOUND);
	fixture_close(st);
}
END_TEST

/* (idle limit, touched at, checked at, expected) relative to creation. */
static const struct {
	int64_t		 idle;
	int64_t		 touched;	/* -1: never */
	int64_t		 at;
	enum perr	 want;
} idle_rows[] = {
	{ 1800, -1, 0, PERR_OK },
	{ 1800, -1, 1799, PERR_OK },
	{ 1800, -1, 1800, PERR_DENIED },
	{ 1800, -1, 1801, PERR_DENIED },
	{ 1800, 1000, 1800, PERR_OK },
	{ 1800, 1000, 2799, PERR_OK },
	{ 1800, 1000, 2800, PERR_DENIED },
	{ 0, -1, 7199, PERR_OK },		/* no idle limit */
	{ 0, -1, 7200, PERR_DENIED },		/* the absolute one holds */
	{ 1800, 7000, 7200, PERR_DENIED },	/* touched, but absolute */
};

START_TEST(test_session_check_refuses_an_expired_idle_session)
{
	struct store	*st = fixture_open(NULL);
	struct user	 alice;
	struct session	 made, s;
	char		 token[TOKEN_B64_LEN + 1];
	enum perr	 e;

	user_make(st, "alice", 1, &alice);
	ck_assert_int_eq(session_create(st, &alice, 7200, idle_rows[_i].idle,
	    FACTOR_PASSWORD, NULL, NULL, NOW, token, &made), PERR_OK);
	if (idle_rows[_i].touched >= 0)
		ck_assert_int_eq(store_session_touch(st, made.id,
		    NOW + idle_rows[_i].touched), PERR_OK);
	e = check_at(st, token, NOW + idle_rows[_i].at);
	ck_assert_msg(e == idle_rows[_i].want, "row %d: got %d", _i, e);
	ck_assert_int_eq(store_session_get(st, made.id, &s),
	    e == PERR_OK ? PERR_OK : PERR_NOTFOUND);
	fixture_close(st);
}
END_TEST

START_TEST(test_session_check_deletes_an_expired_row_as_met)
{
	struct store	*st = fixture_open(NULL);
	struct user	 alice;
	struct session	 made, s;
	char		 token[TOKEN_B64_LEN + 1];

	user_make(st, "alice", 1, &alice);
	ck_assert_int_eq(session_create(st, &alice, 3600, 0, FACTOR_PASSWORD,
	    NULL, NULL, NOW, token, &made), PERR_OK);
	ck_assert_int_eq(check_at(st, token, NOW + 3600), PERR_DENIED);
	ck_assert_int_eq(store_session_get(st, made.id, &s), PERR_NOTFOUND);
	/* A clock set back does not bring it back. */
	ck_assert_int_eq(check_at(st, token, NOW + 1), PERR_DENIED);
	ck_assert_int_eq(session_count(st), 0);
	fixture_close(st);
}
END_TEST

START_TEST(test_session_check_refuses_a_session_of_a_disabled_user)
{
	struct store	*st = fixture_open(NULL);
	struct user	 alice;
	char		 token[TOKEN_B64_LEN + 1];

	user_make(st, "alice", 1, &alice);
	ck_assert_int_eq(session_create(st, &alice, 3600, 0, FACTOR_PASSWORD,
	    NULL, NULL, NOW, token, NULL), PERR_OK);
	/* Disabled behind user_update()'s back: the row is still there. */
	alice.active = 0;
	ck_assert_int_eq(store_user_update(st, &alice), PERR_OK);
	ck_assert_int_eq(session_count(st), 1);
	ck_assert_int_eq(check_at(st, token, NOW + 1), PERR_DENIED);
	fixture_close(st);
}
END_TEST

START_TEST(test_session_check_refuses_a_session_of_a_deleted_user)
{
	struct store	*st = fixture_open(NULL);
	struct user	 alice;
	char		 token[TOKEN_B64_LEN + 1];

	user_make(st, "alice", 1, &alice);
	ck_assert_int_eq(session_create(st, &alice, 3600, 0, FACTOR_PASSWORD,
	    NULL, NULL, NOW, token, NULL), PERR_OK);
	ck_assert_int_eq(store_user_del(st, alice.id), PERR_OK);
	ck_assert_int_eq(check_at(st, token, NOW + 1), PERR_DENIED);
	fixture_close(st);
}
END_TEST

START_TEST(test_session_check_refuses_S07_a_revoked_session)
{
	struct store	*st = fixture_open(NULL);
	struct user	 alice;
	struct session	 made;
	char		 token[TOKEN_B64_LEN + 1], other[TOKEN_B64_LEN + 1];

	user_make(st, "alice", 1, &alice);
	ck_assert_int_eq(session_create(st, &alice, 3600, 0, FACTOR_PASSWORD,
	    NULL, NULL, NOW, token, &made), PERR_OK);
	ck_assert_int_eq(session_create(st, &alice, 3600, 0, FACTOR_PASSWORD,
	    NULL, NULL, NOW, other, NULL), PERR_OK);
	ck_assert_int_eq(store_session_del(st, made.id), PERR_OK);
	ck_assert_int_eq(check_at(st, token, NOW + 1), PERR_DENIED);
	ck_assert_int_eq(check_at(st, other, NOW + 1), PERR_OK);
	fixture_close(st);
}
END_TEST

/* ------------------------------------------- session_live, touch_due */

static const struct {
	int64_t	expires;
	int64_t	idle;
	int64_t	seen;
	int64_t	now;
	int	want;
} live_rows[] = {
	{ 2000, 0, 1000, 1000, 1 },
	{ 2000, 0, 1000, 1999, 1 },
	{ 2000, 0, 1000, 2000, 0 },
	{ 2000, 0, 1000, 5000, 0 },
	{ 2000, 100, 1000, 1099, 1 },
	{ 2000, 100, 1000, 1100, 0 },
	{ 2000, 100, 1950, 1999, 1 },
	{ 2000, 100, 1950, 2000, 0 },		/* idle fine, absolute not */
	{ 2000, 0, 0, 1999, 1 },		/* no idle limit */
};

START_TEST(test_session_live_answers_each_moment_as_expected)
{
	struct session	s;

	memset(&s, 0, sizeof(s));
	s.created = 1000;
	s.expires = live_rows[_i].expires;
	s.idle = live_rows[_i].idle;
	s.seen = live_rows[_i].seen;
	ck_assert_msg(session_live(&s, live_rows[_i].now) == live_rows[_i].want,
	    "row %d", _i);
}
END_TEST

static const struct {
	int64_t	seen;
	int64_t	now;
	int	want;
} touch_rows[] = {
	{ 1000, 1000, 0 },
	{ 1000, 1000 + SESSION_TOUCH_EVERY - 1, 0 },
	{ 1000, 1000 + SESSION_TOUCH_EVERY, 1 },
	{ 1000, 5000, 1 },
	{ 1000, 900, 0 },			/* a clock set back */
};

START_TEST(test_session_touch_due_answers_each_moment_as_expected)
{
	struct session	s;

	memset(&s, 0, sizeof(s));
	s.seen = touch_rows[_i].seen;
	s.expires = 100000;
	ck_assert_msg(session_touch_due(&s, touch_rows[_i].now) ==
	    touch_rows[_i].want, "row %d", _i);
}
END_TEST

/* ------------------------------------------------ session_factors_str */

static const struct {
	int		 factors;
	const char	*want;
} factors_rows[] = {
	{ 0, "" },
	{ FACTOR_PASSWORD, "password" },
	{ FACTOR_TOTP, "totp" },
	{ FACTOR_RECOVERY, "recovery" },
	{ FACTOR_ADMIN, "admin" },
	{ FACTOR_PASSWORD | FACTOR_TOTP, "password,totp" },
	{ FACTOR_PASSWORD | FACTOR_RECOVERY, "password,recovery" },
	{ FACTOR_PASSWORD | FACTOR_TOTP | FACTOR_RECOVERY | FACTOR_ADMIN,
	    "password,totp,recovery,admin" },
	{ 0x100, "" },				/* no such factor */
	{ 0x100 | FACTOR_TOTP, "totp" },
};

START_TEST(test_session_factors_str_lists_each_combination)
{
	char	out[64];

	memset(out, 'Z', sizeof(out));
	session_factors_str(factors_rows[_i].factors, out, sizeof(out));
	ck_assert_str_eq(out, factors_rows[_i].want);
}
END_TEST

START_TEST(test_session_factors_str_stays_inside_a_small_buffer)
{
	char	out[16];
	size_t	sz;

	for (sz = 1; sz <= sizeof(out); sz++) {
		memset(out, 'Z', sizeof(out));
		session_factors_str(FACTOR_PASSWORD | FACTOR_TOTP |
		    FACTOR_RECOVERY | FACTOR_ADMIN, out, sz);
		ck_assert_uint_lt(strlen(out), sz);
		if (sz < sizeof(out))
			ck_assert_int_eq(out[sz], 'Z');
	}
	out[0] = 'Z';
	session_factors_str(FACTOR_PASSWORD, out, 0);
	ck_assert_int_eq(out[0], 'Z');
}
END_TEST

Suite *
suite_session(void)
{
	Suite	*s = suite_create("session");
	TCase	*tc;

	tc = tcase_create("session_create");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_session_create_gives_a_43_character_base64url_token);
	tcase_add_test(tc, test_session_create_gives_a_fresh_token_each_time);
	tcase_add_test(tc,
	    test_session_create_stores_null_address_and_agent_as_empty);
	tcase_add_test(tc, test_session_create_cuts_an_overlong_user_agent);
	tcase_add_test(tc,
	    test_session_create_refuses_an_inactive_user_and_stores_nothing);
	tcase_add_loop_test(tc,
	    test_session_create_refuses_a_ttl_or_idle_out_of_range, 0,
	    NROWS(create_bad_rows));
	tcase_add_test(tc,
	    test_session_create_S03_stores_only_the_hash_of_the_token);
	suite_add_tcase(s, tc);

	tc = tcase_create("session_check");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc,
	    test_session_check_accepts_a_valid_session_and_fills_session_and_user);
	tcase_add_loop_test(tc, test_session_check_refuses_each_malformed_token,
	    0, NROWS(bad_rows));
	tcase_add_test(tc,
	    test_session_check_refuses_a_well_formed_token_never_issued);
	tcase_add_test(tc,
	    test_session_check_refuses_S06_a_busy_session_at_its_absolute_limit);
	tcase_add_loop_test(tc, test_session_check_refuses_an_expired_idle_session,
	    0, NROWS(idle_rows));
	tcase_add_test(tc, test_session_check_deletes_an_expired_row_as_met);
	tcase_add_test(tc,
	    test_session_check_refuses_a_session_of_a_disabled_user);
	tcase_add_test(tc, test_session_check_refuses_a_session_of_a_deleted_user);
	tcase_add_test(tc, test_session_check_refuses_S07_a_revoked_session);
	suite_add_tcase(s, tc);

	tc = tcase_create("pure");
	tcase_add_loop_test(tc, test_session_live_answers_each_moment_as_expected,
	    0, NROWS(live_rows));
	tcase_add_loop_test(tc,
	    test_session_touch_due_answers_each_moment_as_expected, 0,
	    NROWS(touch_rows));
	tcase_add_loop_test(tc, test_session_factors_str_lists_each_combination,
	    0, NROWS(factors_rows));
	tcase_add_test(tc, test_session_factors_str_stays_inside_a_small_buffer);
	suite_add_tcase(s, tc);
	return s;
}
