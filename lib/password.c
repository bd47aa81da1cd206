/* postern: password hashing and verification. */
/*
 * Owns the scheme table: each supported stored-hash format is one row with
 * a syntax check, a verify() and a needs_rehash().  A hash that no row
 * claims is refused (never compared as plaintext), and the refusal says
 * why.  Work is bounded before it starts: the password length, the scrypt
 * memory, bcrypt's cost, sha-crypt's rounds and yescrypt's memory are all
 * checked when a hash is parsed, so a stored or imported hash cannot make
 * one login burn minutes or gigabytes.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <crypt.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/params.h>

#include "limits.h"
#include "log.h"
#include "password.h"
#include "perr.h"
#include "token.h"

#define BCRYPT_MAX_BYTES	72	/* bcrypt ignores the bytes past these */
#define BCRYPT_COST_MIN		4
#define BCRYPT_COST_MAX		16	/* 2^16 rounds, seconds per login */
#define SHACRYPT_ROUNDS_MIN	1000
#define SHACRYPT_ROUNDS_MAX	1000000
#define SHACRYPT_SALT_MAX	16
#define YESCRYPT_SALT_MAX	64
#define APR1_SALT_MAX		8
#define APR1_HASH_LEN		22
#define SCRYPT_SALT_MAX		64

#define WHY_MALFORMED	"malformed hash"
#define WHY_WORK	"work factor too high"

struct scheme {
	const char	*name;		/* for log lines */
	const char	*prefix;
	int		 scrypt;	/* ours: the only one not rehashed */
	/* PERR_OK or PERR_INVAL with *why. */
	enum perr	(*check)(const char *hash, const char **why);
	/* Called only on a hash check() accepted; starts at "denied". */
	enum perr	(*verify)(const char *pw, size_t len, const char *hash);
};

static enum perr	scrypt_check(const char *, const char **);
static enum perr	scrypt_verify(const char *, size_t, const char *);
static enum perr	bcrypt_check(const char *, const char **);
static enum perr	bcrypt_verify(const char *, size_t, const char *);
static enum perr	shacrypt_check(const char *, const char **);
static enum perr	yescrypt_check(const char *, const char **);
static enum perr	crypt_verify(const char *, size_t, const char *);
static enum perr	apr1_check(const char *, const char **);
static enum perr	apr1_verify(const char *, size_t, const char *);
static enum perr	sha1_check(const char *, const char **);
static enum perr	sha1_verify(const char *, size_t, const char *);

static const struct scheme schemes[] = {
	{ "scrypt", "$scrypt$", 1, scrypt_check, scrypt_verify },
	{ "bcrypt", "$2a$", 0, bcrypt_check, bcrypt_verify },
	{ "bcrypt", "$2b$", 0, bcrypt_check, bcrypt_verify },
	{ "bcrypt", "$2y$", 0, bcrypt_check, bcrypt_verify },
	{ "sha256-crypt", "$5$", 0, shacrypt_check, crypt_verify },
	{ "sha512-crypt", "$6$", 0, shacrypt_check, crypt_verify },
	{ "yescrypt", "$y$", 0, yescrypt_check, crypt_verify },
	{ "apr1", "$apr1$", 0, apr1_check, apr1_verify },
	{ "{SHA}", "{SHA}", 0, sha1_check, sha1_verify },
};

/* The alphabet of crypt(3) and apr1, in its to64 order. */
static const char itoa64[] =
    "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

static int
crypt_char(unsigned char c)
{
	return c != '\0' && strchr(itoa64, c) != NULL;
}

/* 1 when s[0..n-1] are all crypt(3) alphabet characters. */
static int
crypt_chars(const char *s, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (!crypt_char((unsigned char)s[i]))
			return 0;
	return 1;
}

/* The index of c in itoa64, or -1. */
static int
crypt_index(unsigned char c)
{
	const char	*p;

	if (c == '\0' || (p = strchr(itoa64, c)) == NULL)
		return -1;
	return (int)(p - itoa64);
}

/*
 * number = %x31-39 *DIGIT (at most 10 digits), in [min, max].  s is len
 * bytes, not NUL-terminated.
 */
static int
number_parse(const char *s, size_t len, long long min, long long max,
    long long *out)
{
	char		 buf[11];
	const char	*errstr;
	size_t		 i;

	if (len == 0 || len >= sizeof(buf) || s[0] == '0')
		return 0;
	for (i = 0; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	memcpy(buf, s, len);
	buf[len] = '\0';
	*out = strtonum(buf, min, max, &errstr);
	return errstr == NULL;
}

/* Length of the run of decimal digits at s. */
static size_t
digits(const char *s)
{
	size_t	 n = 0;

	while (s[n] >= '0' && s[n] <= '9')
		n++;
	return n;
}

static int
is_pow2(uint64_t n)
{
	return n != 0 && (n & (n - 1)) == 0;
}

static unsigned
log2u64(uint64_t n)
{
	unsigned	 l = 0;

	while (n > 1) {
		n >>= 1;
		l++;
	}
	return l;
}

/* 128 * N * r <= SCRYPT_MEM_MAX, without overflow. */
static int
scrypt_mem_ok(uint64_t N, uint32_t r)
{
	return r > 0 && N <= SCRYPT_MEM_MAX / 128 / r;
}

/* The policy bounds of password.h. */
static int
params_ok(const struct scrypt_params *p)
{
	if (!is_pow2(p->N) || p->N < (1ULL << SCRYPT_LN_MIN) ||
	    p->N > (1ULL << SCRYPT_LN_MAX))
		return 0;
	if (p->r < 1 || p->r > SCRYPT_R_MAX || p->p < 1 ||
	    p->p > SCRYPT_P_MAX)
		return 0;
	return scrypt_mem_ok(p->N, p->r);
}

enum perr
password_params_parse(const char *s, struct scrypt_params *out)
{
	struct scrypt_params	 p = { 0, 0, 0 };
	long long		 v;
	size_t			 n;
	unsigned		 seen = 0, bit;
	char			 key;

	if (s == NULL)
		return PERR_INVAL;
	for (;;) {
		key = s[0];
		if (key == 'N')
			bit = 1;
		else if (key == 'r')
			bit = 2;
		else if (key == 'p')
			bit = 4;
		else
			return PERR_INVAL;
		if (s[1] != '=' || (seen & bit))
			return PERR_INVAL;
		s += 2;
		n = digits(s);
		if (!number_parse(s, n, 1, 1LL << SCRYPT_LN_MAX, &v))
			return PERR_INVAL;
		s += n;
		seen |= bit;
		if (key == 'N')
			p.N = (uint64_t)v;
		else if (key == 'r')
			p.r = (uint32_t)v;
		else
			p.p = (uint32_t)v;
		if (*s == '\0')
			break;
		if (*s != ',')
			return PERR_INVAL;
		s++;
	}
	if (seen != 7 || !params_ok(&p))
		return PERR_INVAL;
	*out = p;
	return PERR_OK;
}

void
password_params_format(const struct scrypt_params *p, char *out,
    size_t outsz)
{
	if (outsz == 0)
		return;
	snprintf(out, outsz, "N=%llu,r=%u,p=%u",
	    (unsigned long long)p->N, (unsigned)p->r, (unsigned)p->p);
}

enum perr
password_scrypt_raw(const char *pw, size_t pwlen, const uint8_t *salt,
    size_t saltlen, const struct scrypt_params *p, uint8_t *out,
    size_t outlen)
{
	EVP_KDF		*kdf = NULL;
	EVP_KDF_CTX	*kctx = NULL;
	OSSL_PARAM	 params[7], *q = params;
	uint64_t	 N, maxmem;
	uint32_t	 r, par;
	enum perr	 e = PERR_INVAL;

	if (p->N < 2 || !is_pow2(p->N) || p->r < 1 || p->r > SCRYPT_R_MAX ||
	    p->p < 1 || p->p > SCRYPT_P_MAX || !scrypt_mem_ok(p->N, p->r) ||
	    outlen == 0)
		goto done;
	N = p->N;
	r = p->r;
	par = p->p;
	/* OpenSSL needs V (128 r (N + 2)) plus B (128 r p) bytes. */
	maxmem = 128 * (uint64_t)r * (N + 2) + 128 * (uint64_t)r * par;

	e = PERR_CRYPTO;
	if ((kdf = EVP_KDF_fetch(NULL, "SCRYPT", NULL)) == NULL ||
	    (kctx = EVP_KDF_CTX_new(kdf)) == NULL)
		goto done;
	/* Non-NULL even when empty: the RFC's first vector is "" / "". */
	*q++ = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_PASSWORD,
	    (void *)(pw != NULL ? pw : ""), pwlen);
	*q++ = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT,
	    (void *)(salt != NULL ? (const void *)salt : ""), saltlen);
	*q++ = OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_N, &N);
	*q++ = OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_R, &r);
	*q++ = OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_P, &par);
	*q++ = OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_MAXMEM,
	    &maxmem);
	*q = OSSL_PARAM_construct_end();
	if (EVP_KDF_derive(kctx, out, outlen, params) != 1)
		goto done;
	e = PERR_OK;
done:
	if (e != PERR_OK && out != NULL)
		token_wipe(out, outlen);
	EVP_KDF_CTX_free(kctx);	/* it wipes its copy of the password */
	EVP_KDF_free(kdf);
	return e;
}

/*
 * $scrypt$ grammar (we write it; we accept nothing looser):
 *   hash = "$scrypt$ln=" number ",r=" number ",p=" number
 *          "$" b64 "$" b64
 * with b64 unpadded standard base64; the salt 16..64 bytes, the key
 * SCRYPT_KEY_BYTES; ln, r and p within the policy bounds.
 */
static enum perr
scrypt_parse(const char *hash, struct scrypt_params *p, uint8_t *salt,
    size_t *saltlen, uint8_t key[SCRYPT_KEY_BYTES], const char **why)
{
	static const char *const lits[3] = { "ln=", ",r=", ",p=" };
	const char	*s = hash + strlen("$scrypt$"), *d;
	long long	 v[3];
	size_t		 i, n, keylen;

	*why = WHY_MALFORMED;
	for (i = 0; i < 3; i++) {
		n = strlen(lits[i]);
		if (strncmp(s, lits[i], n) != 0)
			return PERR_INVAL;
		s += n;
		n = digits(s);
		if (!number_parse(s, n, 1, SCRYPT_P_MAX > SCRYPT_R_MAX ?
		    SCRYPT_P_MAX : SCRYPT_R_MAX, &v[i]))
			return PERR_INVAL;
		s += n;
	}
	if (*s++ != '$' || (d = strchr(s, '$')) == NULL)
		return PERR_INVAL;
	if (v[0] < SCRYPT_LN_MIN || v[0] > SCRYPT_LN_MAX)
		return PERR_INVAL;
	p->N = 1ULL << v[0];
	p->r = (uint32_t)v[1];
	p->p = (uint32_t)v[2];
	if (!params_ok(p)) {
		*why = scrypt_mem_ok(p->N, p->r) ? WHY_MALFORMED : WHY_WORK;
		return PERR_INVAL;
	}
	if (token_b64_decode(s, (size_t)(d - s), salt, SCRYPT_SALT_MAX,
	    saltlen) != PERR_OK || *saltlen < SALT_BYTES)
		return PERR_INVAL;
	s = d + 1;
	if (token_b64_decode(s, strlen(s), key, SCRYPT_KEY_BYTES,
	    &keylen) != PERR_OK || keylen != SCRYPT_KEY_BYTES)
		return PERR_INVAL;
	*why = NULL;
	return PERR_OK;
}

/*
 * scrypt keys HMAC-SHA-256 with the password, and HMAC pads a short key
 * with zeros: "pw" and "pw\0" derive the same key.  So a password may hold
 * NUL bytes but not end in one; password_hash() refuses such a password
 * and verification denies it, and each password has one spelling.
 */
static int
nul_tail(const char *pw, size_t len)
{
	return len > 0 && pw[len - 1] == '\0';
}

static enum perr
scrypt_check(const char *hash, const char **why)
{
	struct scrypt_params	 p;
	uint8_t			 salt[SCRYPT_SALT_MAX];
	uint8_t			 key[SCRYPT_KEY_BYTES];
	size_t			 saltlen;
	enum perr		 e;

	e = scrypt_parse(hash, &p, salt, &saltlen, key, why);
	token_wipe(key, sizeof(key));
	return e;
}

static enum perr
scrypt_verify(const char *pw, size_t len, const char *hash)
{
	struct scrypt_params	 p;
	uint8_t			 salt[SCRYPT_SALT_MAX];
	uint8_t			 key[SCRYPT_KEY_BYTES];
	uint8_t			 got[SCRYPT_KEY_BYTES];
	size_t			 saltlen;
	const char		*why;
	enum perr		 e = PERR_DENIED;

	if (scrypt_parse(hash, &p, salt, &saltlen, key, &why) != PERR_OK) {
		e = PERR_INVAL;
		goto done;
	}
	if (nul_tail(pw, len))
		goto done;
	if ((e = password_scrypt_raw(pw, len, salt, saltlen, &p, got,
	    sizeof(got))) != PERR_OK)
		goto done;
	e = token_equal(key, got, sizeof(key)) ? PERR_OK : PERR_DENIED;
done:
	token_wipe(key, sizeof(key));
	token_wipe(got, sizeof(got));
	return e;
}

/*
 * bcrypt grammar:
 *   hash = "$2" ( "a" / "b" / "y" ) "$" 2DIGIT "$" 53crypt-char
 * cost within BCRYPT_COST_MIN..BCRYPT_COST_MAX.
 */
static enum perr
bcrypt_check(const char *hash, const char **why)
{
	long long	 cost;

	*why = WHY_MALFORMED;
	if (strlen(hash) != 60 || hash[6] != '$' ||
	    hash[4] < '0' || hash[4] > '9' ||
	    hash[5] < '0' || hash[5] > '9' || !crypt_chars(hash + 7, 53))
		return PERR_INVAL;
	cost = (hash[4] - '0') * 10 + (hash[5] - '0');
	if (cost < BCRYPT_COST_MIN)
		return PERR_INVAL;
	if (cost > BCRYPT_COST_MAX) {
		*why = WHY_WORK;
		return PERR_INVAL;
	}
	*why = NULL;
	return PERR_OK;
}

static enum perr
bcrypt_verify(const char *pw, size_t len, const char *hash)
{
	/* Bytes past 72 would be ignored: such a password never matches. */
	if (len > BCRYPT_MAX_BYTES)
		return PERR_DENIED;
	return crypt_verify(pw, len, hash);
}

/*
 * sha-crypt grammar:
 *   hash   = ( "$5$" / "$6$" ) [ "rounds=" number "$" ] salt "$" digest
 *   salt   = 1*16crypt-char
 *   digest = 43crypt-char ($5$) / 86crypt-char ($6$)
 * rounds within SHACRYPT_ROUNDS_MIN..SHACRYPT_ROUNDS_MAX.
 */
static enum perr
shacrypt_check(const char *hash, const char **why)
{
	const char	*s = hash + 3, *d;
	size_t		 n, want = hash[1] == '5' ? 43 : 86;
	long long	 rounds;

	*why = WHY_MALFORMED;
	if (strncmp(s, "rounds=", 7) == 0) {
		s += 7;
		n = digits(s);
		if (s[n] != '$' || !number_parse(s, n, 1, 999999999, &rounds))
			return PERR_INVAL;
		if (rounds < SHACRYPT_ROUNDS_MIN)
			return PERR_INVAL;
		if (rounds > SHACRYPT_ROUNDS_MAX) {
			*why = WHY_WORK;
			return PERR_INVAL;
		}
		s += n + 1;
	}
	if ((d = strchr(s, '$')) == NULL)
		return PERR_INVAL;
	n = (size_t)(d - s);
	if (n < 1 || n > SHACRYPT_SALT_MAX || !crypt_chars(s, n))
		return PERR_INVAL;
	s = d + 1;
	if (strlen(s) != want || !crypt_chars(s, want))
		return PERR_INVAL;
	*why = NULL;
	return PERR_OK;
}

/*
 * yescrypt grammar, as libxcrypt's crypt_gensalt writes it:
 *   hash   = "$y$" "j" nlog2 r "$" salt "$" 43crypt-char
 *   nlog2  = crypt-char   ; index 0..47: log2(N) - 1
 *   r      = crypt-char   ; index 0..47: r - 1
 *   salt   = 1*64crypt-char
 * 128 * N * r within SCRYPT_MEM_MAX, as for our own hashes.  Longer
 * parameter strings (p, t, ROM) are not accepted.
 */
static enum perr
yescrypt_check(const char *hash, const char **why)
{
	const char	*s = hash + 3, *d;
	int		 nl, r;
	size_t		 n;

	*why = WHY_MALFORMED;
	if (s[0] != 'j' || (nl = crypt_index((unsigned char)s[1])) < 0 ||
	    (r = crypt_index((unsigned char)s[2])) < 0 || s[3] != '$' ||
	    nl > 47 || r > 47)
		return PERR_INVAL;
	nl += 1;
	r += 1;
	if (nl > 40 || !scrypt_mem_ok(1ULL << nl, (uint32_t)r)) {
		*why = WHY_WORK;
		return PERR_INVAL;
	}
	s += 4;
	if ((d = strchr(s, '$')) == NULL)
		return PERR_INVAL;
	n = (size_t)(d - s);
	if (n < 1 || n > YESCRYPT_SALT_MAX || !crypt_chars(s, n))
		return PERR_INVAL;
	s = d + 1;
	if (strlen(s) != 43 || !crypt_chars(s, 43))
		return PERR_INVAL;
	*why = NULL;
	return PERR_OK;
}

/*
 * A password with a NUL byte: the imported hash was made from a C string,
 * so it cannot be that password's hash.
 */
static int
has_nul(const char *pw, size_t len)
{
	return len > 0 && memchr(pw, '\0', len) != NULL;
}

/* Verify through libxcrypt; the hash passed its row's check(). */
static enum perr
crypt_verify(const char *pw, size_t len, const char *hash)
{
	struct crypt_data	*cd = NULL;
	char			 buf[PASSWORD_MAX + 1];
	const char		*res;
	size_t			 hl;
	enum perr		 e = PERR_DENIED;

	/* libxcrypt refuses longer passphrases, so none made these hashes. */
	if (has_nul(pw, len) || len >= CRYPT_MAX_PASSPHRASE_SIZE ||
	    len >= sizeof(buf))
		return PERR_DENIED;
	if ((cd = calloc(1, sizeof(*cd))) == NULL)
		return PERR_NOMEM;
	if (len > 0)
		memcpy(buf, pw, len);
	buf[len] = '\0';

	res = crypt_rn(buf, hash, cd, (int)sizeof(*cd));
	if (res == NULL || res[0] == '*') {
		/* Our syntax check passed but libxcrypt refused the setting. */
		e = PERR_INVAL;
		goto done;
	}
	hl = strlen(hash);
	if (strlen(res) == hl && token_equal(res, hash, hl))
		e = PERR_OK;
done:
	token_wipe(buf, sizeof(buf));
	token_wipe(cd, sizeof(*cd));
	free(cd);
	return e;
}

/*
 * apr1 grammar:
 *   hash = "$apr1$" 1*8crypt-char "$" 22crypt-char
 */
static enum perr
apr1_check(const char *hash, const char **why)
{
	const char	*s = hash + 6, *d;
	size_t		 n;

	*why = WHY_MALFORMED;
	if ((d = strchr(s, '$')) == NULL)
		return PERR_INVAL;
	n = (size_t)(d - s);
	if (n < 1 || n > APR1_SALT_MAX || !crypt_chars(s, n))
		return PERR_INVAL;
	s = d + 1;
	if (strlen(s) != APR1_HASH_LEN || !crypt_chars(s, APR1_HASH_LEN))
		return PERR_INVAL;
	*why = NULL;
	return PERR_OK;
}

static int
md5_update(EVP_MD_CTX *ctx, const void *p, size_t n)
{
	return n == 0 || EVP_DigestUpdate(ctx, p, n) == 1;
}

/*
 * Apache's MD5 crypt (Poul-Henning Kamp's md5crypt with the magic
 * "$apr1$"): 22 characters of itoa64 into out.  Returns 1 on success.
 */
static int
apr1_digest(const char *pw, size_t len, const char *salt, size_t saltlen,
    char out[APR1_HASH_LEN])
{
	static const char magic[] = "$apr1$";
	static const int order[5][3] = {
		{ 0, 6, 12 }, { 1, 7, 13 }, { 2, 8, 14 }, { 3, 9, 15 },
		{ 4, 10, 5 },
	};
	EVP_MD_CTX	*ctx = NULL;
	const EVP_MD	*md = EVP_md5();
	unsigned char	 fin[16];
	unsigned int	 fl;
	uint32_t	 v;
	size_t		 i, k, o = 0;
	int		 ok = 0;

	if (md == NULL || (ctx = EVP_MD_CTX_new()) == NULL)
		goto done;

	/* The alternate sum: pw, salt, pw. */
	if (EVP_DigestInit_ex(ctx, md, NULL) != 1 ||
	    !md5_update(ctx, pw, len) || !md5_update(ctx, salt, saltlen) ||
	    !md5_update(ctx, pw, len) ||
	    EVP_DigestFinal_ex(ctx, fin, &fl) != 1)
		goto done;

	/* The main sum: pw, magic, salt, then the alternate sum per pw. */
	if (EVP_DigestInit_ex(ctx, md, NULL) != 1 ||
	    !md5_update(ctx, pw, len) ||
	    !md5_update(ctx, magic, sizeof(magic) - 1) ||
	    !md5_update(ctx, salt, saltlen))
		goto done;
	for (k = len; k > 0; k -= k > 16 ? 16 : k)
		if (!md5_update(ctx, fin, k > 16 ? 16 : k))
			goto done;
	/* Then, for each bit of len: a NUL byte if set, else pw[0]. */
	memset(fin, 0, sizeof(fin));
	for (k = len; k != 0; k >>= 1)
		if (!md5_update(ctx, (k & 1) ? (const void *)fin :
		    (const void *)pw, 1))
			goto done;
	if (EVP_DigestFinal_ex(ctx, fin, &fl) != 1)
		goto done;

	/* A thousand rounds, to slow it down (it was 1994). */
	for (i = 0; i < 1000; i++) {
		if (EVP_DigestInit_ex(ctx, md, NULL) != 1)
			goto done;
		if ((i & 1) ? !md5_update(ctx, pw, len) :
		    !md5_update(ctx, fin, 16))
			goto done;
		if ((i % 3) && !md5_update(ctx, salt, saltlen))
			goto done;
		if ((i % 7) && !md5_update(ctx, pw, len))
			goto done;
		if ((i & 1) ? !md5_update(ctx, fin, 16) :
		    !md5_update(ctx, pw, len))
			goto done;
		if (EVP_DigestFinal_ex(ctx, fin, &fl) != 1)
			goto done;
	}

	for (i = 0; i < 5; i++) {
		v = (uint32_t)fin[order[i][0]] << 16 |
		    (uint32_t)fin[order[i][1]] << 8 | fin[order[i][2]];
		for (k = 0; k < 4; k++, v >>= 6)
			out[o++] = itoa64[v & 0x3f];
	}
	v = fin[11];
	for (k = 0; k < 2; k++, v >>= 6)
		out[o++] = itoa64[v & 0x3f];
	ok = 1;
done:
	token_wipe(fin, sizeof(fin));
	EVP_MD_CTX_free(ctx);
	return ok;
}

static enum perr
apr1_verify(const char *pw, size_t len, const char *hash)
{
	const char	*salt = hash + 6, *d;
	char		 got[APR1_HASH_LEN];
	enum perr	 e = PERR_DENIED;

	if (has_nul(pw, len))
		return PERR_DENIED;
	d = strchr(salt, '$');	/* apr1_check() found it */
	if (!apr1_digest(pw, len, salt, (size_t)(d - salt), got)) {
		e = PERR_CRYPTO;
		goto done;
	}
	if (token_equal(got, d + 1, APR1_HASH_LEN))
		e = PERR_OK;
done:
	token_wipe(got, sizeof(got));
	return e;
}

/*
 * {SHA} grammar (htpasswd -s):
 *   hash = "{SHA}" 27b64-char "="     ; base64 of a SHA-1 digest
 */
static enum perr
sha1_decode(const char *hash, uint8_t out[20])
{
	const char	*s = hash + 5;
	size_t		 n;

	if (strlen(s) != 28 || s[27] != '=')
		return PERR_INVAL;
	if (token_b64_decode(s, 27, out, 20, &n) != PERR_OK || n != 20)
		return PERR_INVAL;
	return PERR_OK;
}

static enum perr
sha1_check(const char *hash, const char **why)
{
	uint8_t		 d[20];

	*why = NULL;
	if (sha1_decode(hash, d) != PERR_OK) {
		*why = WHY_MALFORMED;
		return PERR_INVAL;
	}
	return PERR_OK;
}

static enum perr
sha1_verify(const char *pw, size_t len, const char *hash)
{
	uint8_t		 want[20], got[EVP_MAX_MD_SIZE];
	unsigned int	 gl = 0;
	enum perr	 e = PERR_DENIED;

	if (has_nul(pw, len))
		return PERR_DENIED;
	if (sha1_decode(hash, want) != PERR_OK) {
		e = PERR_INVAL;
		goto done;
	}
	if (EVP_Digest(pw, len, got, &gl, EVP_sha1(), NULL) != 1 ||
	    gl != 20) {
		e = PERR_CRYPTO;
		goto done;
	}
	if (token_equal(want, got, 20))
		e = PERR_OK;
done:
	token_wipe(got, sizeof(got));
	return e;
}

/* DES crypt: exactly 13 crypt-chars (2 of salt, 11 of digest). */
static int
is_des(const char *hash)
{
	return strlen(hash) == 13 && crypt_chars(hash, 13);
}

/*
 * The row claiming hash, or NULL with *why saying why it is refused.
 */
static const struct scheme *
scheme_find(const char *hash, const char **why)
{
	size_t		 i, hl;

	*why = WHY_MALFORMED;
	if (hash == NULL)
		return NULL;
	if ((hl = strnlen(hash, HASH_MAX + 1)) > HASH_MAX) {
		*why = "hash too long";
		return NULL;
	}
	if (hl == 0) {
		*why = "empty hash";
		return NULL;
	}
	for (i = 0; i < sizeof(schemes) / sizeof(schemes[0]); i++) {
		if (strncmp(hash, schemes[i].prefix,
		    strlen(schemes[i].prefix)) != 0)
			continue;
		if (schemes[i].check(hash, why) != PERR_OK)
			return NULL;
		return &schemes[i];
	}
	if (is_des(hash))
		*why = "DES crypt truncates passwords to 8 bytes";
	else if (strncmp(hash, "$1$", 3) == 0)
		*why = "md5-crypt ($1$) is not supported";
	else if (strchr("${_!*", hash[0]) != NULL)
		*why = "unsupported hash scheme";
	else
		*why = "plaintext passwords are refused";
	return NULL;
}

/*
 * A name for the scheme of a refused hash, safe to log: a known row's
 * name, or an identifier shaped like "$id$" or "{ID}" (at most 12 letters,
 * digits or "-"), else "unrecognized".  Never any other part of the hash.
 */
static void
scheme_label(const char *hash, char *out, size_t outsz)
{
	size_t		 i, n;
	char		 close;

	snprintf(out, outsz, "unrecognized");
	if (hash == NULL)
		return;
	for (i = 0; i < sizeof(schemes) / sizeof(schemes[0]); i++)
		if (strncmp(hash, schemes[i].prefix,
		    strlen(schemes[i].prefix)) == 0) {
			snprintf(out, outsz, "%s", schemes[i].name);
			return;
		}
	if (is_des(hash)) {
		snprintf(out, outsz, "DES crypt");
		return;
	}
	if (hash[0] == '$')
		close = '$';
	else if (hash[0] == '{')
		close = '}';
	else
		return;
	for (n = 1; n <= 12; n++) {
		if (hash[n] == close && n > 1) {
			snprintf(out, outsz, "%.*s", (int)n + 1, hash);
			return;
		}
		if (!((hash[n] >= 'a' && hash[n] <= 'z') ||
		    (hash[n] >= 'A' && hash[n] <= 'Z') ||
		    (hash[n] >= '0' && hash[n] <= '9') || hash[n] == '-'))
			return;
	}
}

enum perr
password_hash(const char *pw, size_t len, const struct scrypt_params *p,
    char out[HASH_MAX + 1])
{
	static const struct scrypt_params def = SCRYPT_DEFAULT;
	uint8_t		 salt[SALT_BYTES], key[SCRYPT_KEY_BYTES];
	char		 salt64[SALT_BYTES * 2], key64[SCRYPT_KEY_BYTES * 2];
	int		 n;
	enum perr	 e = PERR_TOOLONG;

	out[0] = '\0';
	if (p == NULL)
		p = &def;
	if (len > PASSWORD_MAX)
		goto done;
	e = PERR_INVAL;
	if (!params_ok(p) || nul_tail(pw, len))
		goto done;
	if ((e = token_random(salt, sizeof(salt))) != PERR_OK)
		goto done;
	if ((e = password_scrypt_raw(pw, len, salt, sizeof(salt), p, key,
	    sizeof(key))) != PERR_OK)
		goto done;
	e = PERR_CRYPTO;
	if (token_b64_encode(salt, sizeof(salt), salt64, sizeof(salt64)) == 0 ||
	    token_b64_encode(key, sizeof(key), key64, sizeof(key64)) == 0)
		goto done;
	n = snprintf(out, HASH_MAX + 1, "$scrypt$ln=%u,r=%u,p=%u$%s$%s",
	    log2u64(p->N), (unsigned)p->r, (unsigned)p->p, salt64, key64);
	if (n < 0 || n > HASH_MAX)
		goto done;
	e = PERR_OK;
done:
	token_wipe(key, sizeof(key));
	token_wipe(key64, sizeof(key64));
	if (e != PERR_OK)
		token_wipe(out, HASH_MAX + 1);
	return e;
}

enum perr
password_verify(const char *pw, size_t len, const char *hash)
{
	const struct scheme	*s;
	const char		*why = WHY_MALFORMED;
	char			 label[16];
	enum perr		 e = PERR_DENIED;

	if (len > PASSWORD_MAX)
		return PERR_TOOLONG;
	if (pw == NULL)
		pw = "";
	if ((s = scheme_find(hash, &why)) == NULL) {
		e = PERR_INVAL;
		goto done;
	}
	e = s->verify(pw, len, hash);
done:
	if (e == PERR_INVAL) {
		scheme_label(hash, label, sizeof(label));
		log_warn("password: stored hash refused (%s): %s", label,
		    s != NULL ? "the library refused it" : why);
	}
	return e;
}

int
password_needs_rehash(const char *hash, const struct scrypt_params *cur)
{
	static const struct scrypt_params def = SCRYPT_DEFAULT;
	const struct scheme	*s;
	struct scrypt_params	 p;
	uint8_t			 salt[SCRYPT_SALT_MAX];
	uint8_t			 key[SCRYPT_KEY_BYTES];
	size_t			 saltlen;
	const char		*why;
	int			 rc = 1;

	if (cur == NULL)
		cur = &def;
	if ((s = scheme_find(hash, &why)) == NULL || !s->scrypt)
		return 1;
	if (scrypt_parse(hash, &p, salt, &saltlen, key, &why) != PERR_OK)
		goto done;
	if (p.N == cur->N && p.r == cur->r && p.p == cur->p &&
	    saltlen == SALT_BYTES)
		rc = 0;
done:
	token_wipe(key, sizeof(key));
	return rc;
}

void
password_dummy(const char *pw, size_t len, const struct scrypt_params *cur)
{
	static const struct scrypt_params def = SCRYPT_DEFAULT;
	static const uint8_t salt[SALT_BYTES];
	uint8_t		 key[SCRYPT_KEY_BYTES];

	if (cur == NULL || !params_ok(cur))
		cur = &def;
	if (len > PASSWORD_MAX)
		len = PASSWORD_MAX;
	(void)password_scrypt_raw(pw, len, salt, sizeof(salt), cur, key,
	    sizeof(key));
	token_wipe(key, sizeof(key));
}

enum perr
password_import_check(const char *hash, const char **why)
{
	const char	*w;

	if (scheme_find(hash, &w) == NULL) {
		if (why != NULL)
			*why = w;
		return PERR_INVAL;
	}
	if (why != NULL)
		*why = NULL;
	return PERR_OK;
}
