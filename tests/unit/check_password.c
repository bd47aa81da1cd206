/* postern: tests for lib/password.c, one table row per shape. */
/*
 * scrypt against RFC 7914 section 12 and against a PHC string made by
 * another implementation (Python's hashlib); every imported scheme against
 * real hashes made by the tools that make them (htpasswd, openssl passwd,
 * mkpasswd), each with the password that verifies and the near misses that
 * must not; every refused format with its reason (SECURITY-CASES K01-K08,
 * F06, F11).  Our own hashes use N=1024 except where the default is the
 * point, so the suite stays fast.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "lib/limits.h"
#include "lib/password.h"
#include "lib/token.h"
#include "tests.h"

#define NROWS(t)	((int)(sizeof(t) / sizeof((t)[0])))
#define LIT(s)		s, (sizeof(s) - 1)

/* K07: "pässwörd🔑 Ω" in UTF-8. */
#define K07		"p\xc3\xa4ssw\xc3\xb6rd\xf0\x9f\x94\x91 \xce\xa9"
/* The 53 characters after "$2y$08$" of a real bcrypt hash. */
#define B53		"F42ge9xvg7iRshpqIyabi.yj3PCqGXPttUh3/lSv3jt3A9OqczTWO"
/* The 86 characters of a real sha512-crypt digest. */
#define S86		"hu2MB85GKhCdSuPyy/Ac2I1avaZTRAa9f2YbpKlogMwpK13RIetD" \
			"flQrNI0bK/af8sX3q7/Mi4VFc44T.vgRQ/"
/* "correct horse battery staple" under the defaults, by hashlib.scrypt. */
#define PY_DEFAULT	"$scrypt$ln=15,r=8,p=3$AAECAwQFBgcICQoLDA0ODw$" \
			"ZwXboEbK+6uo3pibyojgA4zgNULQwM2WqPlWpy+G7mc"
/* "password", N=1024 r=8 p=1, salt "saltsaltsaltsalt", by hashlib. */
#define PY_1024		"$scrypt$ln=10,r=8,p=1$c2FsdHNhbHRzYWx0c2FsdA$" \
			"BVMRKqdiVYikKAaPR1wucsKUKvw4TuPLkdEYtoSHas4"
/* The same with a 24-byte salt. */
#define PY_1024_SALT24	"$scrypt$ln=10,r=8,p=1$" \
			"c2FsdHNhbHRzYWx0c2FsdHNhbHRzYWx0$" \
			"enEjUHG/8LTQCXd1aAwZRtcOwNU4tf91ZiqVrvu+tq0"

static const struct scrypt_params low = { 1024, 8, 1 };

static const struct {
	const char	*pw;
	const char	*salt;
	struct scrypt_params p;
	const char	*hex;
} rfc7914[] = {
	{ "", "", { 16, 1, 1 },
	  "77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442"
	  "fcd0069ded0948f8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38d18906" },
	{ "password", "NaCl", { 1024, 8, 16 },
	  "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162"
	  "2eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640" },
	{ "pleaseletmein", "SodiumChloride", { 16384, 8, 1 },
	  "7023bdcb3afd7348461c06cd81fd38ebfda8fbba904f8e3ea9b543f6545da1f2"
	  "d5432955613f0fcf62d49705242a9af9e61e85dc0d651e40dfcf017b45575887" },
};

START_TEST(test_password_scrypt_raw_matches_the_rfc7914_vectors)
{
	uint8_t		 out[64];
	char		 hex[129];
	size_t		 i;

	ck_assert_int_eq(password_scrypt_raw(rfc7914[_i].pw,
	    strlen(rfc7914[_i].pw), (const uint8_t *)rfc7914[_i].salt,
	    strlen(rfc7914[_i].salt), &rfc7914[_i].p, out, sizeof(out)),
	    PERR_OK);
	for (i = 0; i < sizeof(out); i++)
		snprintf(hex + 2 * i, 3, "%02x", out[i]);
	ck_assert_str_eq(hex, rfc7914[_i].hex);
}
END_TEST

static const struct scrypt_params raw_bad[] = {
	{ 0, 8, 1 },			/* N = 0 */
	{ 1, 8, 1 },			/* N = 1 */
	{ 3000, 8, 1 },			/* not a power of two */
	{ 1024, 0, 1 },			/* r = 0 */
	{ 1024, 8, 0 },			/* p = 0 */
	{ 1024, 33, 1 },		/* r past the bound */
	{ 1024, 8, 17 },		/* p past the bound */
	{ 1ULL << 20, 8, 1 },		/* 1 GiB */
	{ 1ULL << 62, 1, 1 },		/* overflow bait */
};

START_TEST(test_password_scrypt_raw_refuses_parameters_it_must_not_run)
{
	uint8_t	 out[32];

	ck_assert_int_eq(password_scrypt_raw("pw", 2, (const uint8_t *)"salt",
	    4, &raw_bad[_i], out, sizeof(out)), PERR_INVAL);
}
END_TEST

static const struct {
	const char		*in;
	struct scrypt_params	 want;
} params_good[] = {
	{ "N=32768,r=8,p=3", { 32768, 8, 3 } },
	{ "p=3,N=32768,r=8", { 32768, 8, 3 } },
	{ "r=8,p=3,N=32768", { 32768, 8, 3 } },
	{ "N=1024,r=1,p=1", { 1024, 1, 1 } },
	{ "N=1024,r=32,p=16", { 1024, 32, 16 } },
	{ "N=131072,r=8,p=1", { 131072, 8, 1 } },	/* 128 MiB */
	{ "N=262144,r=8,p=1", { 262144, 8, 1 } },	/* 256 MiB */
	{ "N=2097152,r=1,p=1", { 2097152, 1, 1 } },	/* 256 MiB */
};

START_TEST(test_password_params_parse_accepts_each_valid_shape)
{
	struct scrypt_params	 p = { 0, 0, 0 };

	ck_assert_int_eq(password_params_parse(params_good[_i].in, &p),
	    PERR_OK);
	ck_assert_uint_eq(p.N, params_good[_i].want.N);
	ck_assert_uint_eq(p.r, params_good[_i].want.r);
	ck_assert_uint_eq(p.p, params_good[_i].want.p);
}
END_TEST

static const char *const params_bad[] = {
	"",
	"N=32768",				/* r and p missing */
	"N=32768,r=8",				/* p missing */
	"N=32768,r=8,p=3,",			/* trailing comma */
	",N=32768,r=8,p=3",			/* leading comma */
	"N=32768,,r=8,p=3",			/* empty item */
	"N=32768,r=8,p=3,N=1024",		/* duplicate N */
	"N=32768,r=8,r=8",			/* duplicate r, p missing */
	"N = 32768,r=8,p=3",			/* spaces */
	"N=32768, r=8,p=3",
	"N=32768,r=8,p=3 ",
	"N=32768,r=8,p=3\n",
	"N=32768;r=8;p=3",			/* wrong separator */
	"N:32768,r=8,p=3",			/* wrong operator */
	"n=32768,r=8,p=3",			/* key case */
	"N=32768,R=8,p=3",
	"x=1,N=32768,r=8,p=3",			/* unknown key */
	"N=,r=8,p=3",				/* empty number */
	"N=032768,r=8,p=3",			/* leading zero */
	"N=+32768,r=8,p=3",			/* sign */
	"N=-32768,r=8,p=3",
	"N=0x8000,r=8,p=3",			/* hex */
	"N=32768.0,r=8,p=3",
	"N=99999999999999999999,r=8,p=3",	/* overflow */
	"N=30000,r=8,p=3",			/* not a power of two */
	"N=512,r=8,p=3",			/* below 2^10 */
	"N=8388608,r=1,p=1",			/* above 2^22 */
	"N=4194304,r=1,p=1",			/* 2^22 needs 512 MiB */
	"N=1048576,r=8,p=1",			/* 1 GiB */
	"N=32768,r=0,p=3",
	"N=32768,r=33,p=3",
	"N=32768,r=8,p=0",
	"N=32768,r=8,p=17",
	"N",
	"N=",
	"=",
};

START_TEST(test_password_params_parse_refuses_each_malformed_shape)
{
	struct scrypt_params	 p = { 1, 2, 3 };

	ck_assert_msg(password_params_parse(params_bad[_i], &p) == PERR_INVAL,
	    "\"%s\" accepted", params_bad[_i]);
	ck_assert_uint_eq(p.N, 1);
	ck_assert_uint_eq(p.r, 2);
	ck_assert_uint_eq(p.p, 3);
}
END_TEST

START_TEST(test_password_params_format_writes_what_parse_reads)
{
	struct scrypt_params	 def = SCRYPT_DEFAULT, back;
	char			 buf[40];

	password_params_format(&def, buf, sizeof(buf));
	ck_assert_str_eq(buf, "N=32768,r=8,p=3");
	ck_assert_int_eq(password_params_parse(buf, &back), PERR_OK);
	ck_assert_uint_eq(back.N, def.N);
	ck_assert_uint_eq(back.r, def.r);
	ck_assert_uint_eq(back.p, def.p);
	password_params_format(&def, buf, 4);
	ck_assert_str_eq(buf, "N=3");
	ck_assert_int_eq(password_params_parse(NULL, &back), PERR_INVAL);
}
END_TEST

/* K01: the stored string names scrypt, its parameters and a 16-byte salt. */
START_TEST(test_password_hash_writes_a_phc_string_with_the_default_parameters)
{
	static const char prefix[] = "$scrypt$ln=15,r=8,p=3$";
	char		 h[HASH_MAX + 1];
	const char	*salt, *key;
	uint8_t		 buf[64];
	size_t		 n;

	ck_assert_int_eq(password_hash(LIT("correct horse"), NULL, h),
	    PERR_OK);
	ck_assert_msg(strncmp(h, prefix, sizeof(prefix) - 1) == 0, "%s", h);
	salt = h + sizeof(prefix) - 1;
	ck_assert_ptr_nonnull(key = strchr(salt, '$'));
	ck_assert_int_eq(token_b64_decode(salt, (size_t)(key - salt), buf,
	    sizeof(buf), &n), PERR_OK);
	ck_assert_uint_eq(n, SALT_BYTES);
	key++;
	ck_assert_int_eq(token_b64_decode(key, strlen(key), buf, sizeof(buf),
	    &n), PERR_OK);
	ck_assert_uint_eq(n, 32);
	ck_assert_int_eq(password_verify(LIT("correct horse"), h), PERR_OK);
	ck_assert_int_eq(password_needs_rehash(h, NULL), 0);
	ck_assert_int_eq(password_import_check(h, NULL), PERR_OK);
}
END_TEST

START_TEST(test_password_verify_accepts_a_default_hash_made_by_another_scrypt)
{
	ck_assert_int_eq(password_verify(LIT("correct horse battery staple"),
	    PY_DEFAULT), PERR_OK);
	ck_assert_int_eq(password_verify(LIT("correct horse battery stapl"),
	    PY_DEFAULT), PERR_DENIED);
	ck_assert_int_eq(password_verify(LIT("password"), PY_1024), PERR_OK);
	ck_assert_int_eq(password_verify(LIT("password"), PY_1024_SALT24),
	    PERR_OK);
}
END_TEST

START_TEST(test_password_hash_salts_each_hash_afresh)
{
	char	 a[HASH_MAX + 1], b[HASH_MAX + 1];

	ck_assert_int_eq(password_hash(LIT("same"), &low, a), PERR_OK);
	ck_assert_int_eq(password_hash(LIT("same"), &low, b), PERR_OK);
	ck_assert_str_ne(a, b);
	ck_assert_int_eq(password_verify(LIT("same"), a), PERR_OK);
	ck_assert_int_eq(password_verify(LIT("same"), b), PERR_OK);
}
END_TEST

static char	pw1024[PASSWORD_MAX + 2];

/* Round trips: bytes in, the same bytes verify, a near miss does not. */
static const struct {
	const char	*pw;
	size_t		 len;
} roundtrip[] = {
	{ LIT("correct horse battery staple") },
	{ LIT(K07) },				/* K07 */
	{ LIT("abc\0def") },			/* F06: an embedded NUL */
	{ LIT("\0x") },
	{ LIT("") },
	{ LIT("0123456789012345678901234567890123456789012345678901234567"
	    "890123") },			/* F11: 64 */
	{ LIT("0123456789012345678901234567890123456789012345678901234567"
	    "8901234567890123456789012345678901234567890123456789012345678"
	    "901234567") },			/* F11: 128 */
	{ pw1024, PASSWORD_MAX },		/* the limit itself */
};

START_TEST(test_password_verify_round_trips_each_password)
{
	char	 h[HASH_MAX + 1], miss[PASSWORD_MAX + 1];
	size_t	 len = roundtrip[_i].len;

	memset(pw1024, 'p', PASSWORD_MAX);
	ck_assert_int_eq(password_hash(roundtrip[_i].pw, len, &low, h),
	    PERR_OK);
	ck_assert_int_eq(password_verify(roundtrip[_i].pw, len, h), PERR_OK);
	ck_assert_int_eq(password_needs_rehash(h, &low), 0);
	/* One byte more, one byte less, one byte changed. */
	memcpy(miss, roundtrip[_i].pw, len);
	if (len < PASSWORD_MAX) {
		miss[len] = 'x';
		ck_assert_int_eq(password_verify(miss, len + 1, h),
		    PERR_DENIED);
	}
	if (len > 0) {
		ck_assert_int_eq(password_verify(miss, len - 1, h),
		    PERR_DENIED);
		miss[len - 1] ^= 1;
		ck_assert_int_eq(password_verify(miss, len, h), PERR_DENIED);
	}
}
END_TEST

/* F06: "abc\0def" is hashed whole; what a C string would see fails. */
START_TEST(test_password_verify_refuses_the_prefix_before_a_nul_byte)
{
	char	 h[HASH_MAX + 1];

	ck_assert_int_eq(password_hash(LIT("correct\0junk"), &low, h),
	    PERR_OK);
	ck_assert_int_eq(password_verify(LIT("correct"), h), PERR_DENIED);
	ck_assert_int_eq(password_verify(LIT("correct\0"), h), PERR_DENIED);
	ck_assert_int_eq(password_verify(LIT("correct\0junk"), h), PERR_OK);
	ck_assert_int_eq(password_hash(LIT("correct"), &low, h), PERR_OK);
	ck_assert_int_eq(password_verify(LIT("correct\0junk"), h),
	    PERR_DENIED);
}
END_TEST

/*
 * HMAC pads its key with zeros, so scrypt alone would take "correct\0" for
 * "correct": a password ending in NUL is neither set nor verified.
 */
START_TEST(test_password_verify_refuses_a_password_ending_in_a_nul_byte)
{
	char	 h[HASH_MAX + 1];
	uint8_t	 a[32], b[32];

	/* The property itself, so this test fails if it ever goes away. */
	ck_assert_int_eq(password_scrypt_raw(LIT("correct"),
	    (const uint8_t *)"salt", 4, &low, a, sizeof(a)), PERR_OK);
	ck_assert_int_eq(password_scrypt_raw(LIT("correct\0"),
	    (const uint8_t *)"salt", 4, &low, b, sizeof(b)), PERR_OK);
	ck_assert(memcmp(a, b, sizeof(a)) == 0);

	ck_assert_int_eq(password_hash(LIT("correct"), &low, h), PERR_OK);
	ck_assert_int_eq(password_verify(LIT("correct"), h), PERR_OK);
	ck_assert_int_eq(password_verify(LIT("correct\0"), h), PERR_DENIED);
	ck_assert_int_eq(password_verify(LIT("correct\0\0\0"), h),
	    PERR_DENIED);
	ck_assert_int_eq(password_hash(LIT("correct\0"), &low, h), PERR_INVAL);
	ck_assert_str_eq(h, "");
	ck_assert_int_eq(password_hash(LIT("\0"), &low, h), PERR_INVAL);
}
END_TEST

/* F11: too long is refused before any hashing. */
START_TEST(test_password_hash_and_verify_refuse_a_password_past_1024_bytes)
{
	static char	 big[5000];
	char		 h[HASH_MAX + 1];

	memset(big, 'p', sizeof(big));
	ck_assert_int_eq(password_hash(big, PASSWORD_MAX + 1, &low, h),
	    PERR_TOOLONG);
	ck_assert_str_eq(h, "");
	ck_assert_int_eq(password_hash(big, sizeof(big), &low, h),
	    PERR_TOOLONG);
	ck_assert_int_eq(password_verify(big, PASSWORD_MAX + 1, PY_1024),
	    PERR_TOOLONG);
	ck_assert_int_eq(password_verify(big, sizeof(big), "secret"),
	    PERR_TOOLONG);
}
END_TEST

START_TEST(test_password_hash_refuses_parameters_out_of_bounds)
{
	static const struct scrypt_params bad[] = {
		{ 512, 8, 1 }, { 1000, 8, 1 }, { 1024, 0, 1 },
		{ 1024, 8, 0 }, { 1ULL << 20, 8, 1 },
	};
	char	 h[HASH_MAX + 1];
	size_t	 i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_int_eq(password_hash(LIT("pw"), &bad[i], h),
		    PERR_INVAL);
		ck_assert_str_eq(h, "");
	}
}
END_TEST

/*
 * Real hashes, each made by the tool that makes them (in brackets), and
 * the password that verifies.  K03: apr1, {SHA} and $2y$08$ among them.
 */
static const struct {
	const char	*hash;
	const char	*pw;
	size_t		 len;
} imported[] = {
	/* openssl passwd -apr1 -salt abcdefgh password */
	{ "$apr1$abcdefgh$FBwExRW4dCc8aL.OvjpIE1", LIT("password") },
	/* openssl passwd -apr1 -salt x password */
	{ "$apr1$x$JzZzpGvcyRmaRIUjVzP42/", LIT("password") },
	/* htpasswd -nbm */
	{ "$apr1$vAkwh.aM$GegB.NJ4atWHdZDOGiLDw0", LIT("password") },
	/* openssl passwd -apr1, more than 16 bytes */
	{ "$apr1$Zx9./abc$ln2YDtKVqEooDDm8Glyd..",
	  LIT("correct horse battery staple, twice over") },
	/* openssl passwd -apr1: K07 */
	{ "$apr1$Zx9./abc$gdw4G8c5r6hbsjLnuOVNw0", LIT(K07) },
	/* openssl passwd -apr1 -salt a '' */
	{ "$apr1$a$lsAcX0kKaMIVmrCtUuk5b0", LIT("") },
	/* htpasswd -nbs */
	{ "{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=", LIT("password") },
	{ "{SHA}9+IHTRPo3MK2ROwuIh7tfcCGaBo=", LIT(K07) },
	/* htpasswd -nbB -C 8 */
	{ "$2y$08$" B53, LIT("password") },
	/* htpasswd -niB -C 4 */
	{ "$2y$04$fTxqqOAylnn42oBejYfpHORuOrIInVrncyRJj5QimPJA4/JNPeSW2",
	  LIT("pw") },
	/* mkpasswd -m bcrypt-a -R 5 */
	{ "$2a$05$kPszTBYQ7R079bhL2YfFa.rtqYHJ9vrbz5JLSdR19BXCslGuR.qTu",
	  LIT("password") },
	/* mkpasswd -m bcrypt -R 8 */
	{ "$2b$08$47Jrtw6jI4.dhu2uQ/Fj3ef.xJrbpAH1/qe/0CmbSDoobcZJ4XyS6",
	  LIT("password") },
	{ "$2b$05$.EnAln/qNw.d7HFuur2KM.hSQi.SdibK/PMcmSUNbNWyjmy9WtU72",
	  LIT(K07) },
	/* openssl passwd -5 / -6 -salt saltsaltsalt */
	{ "$5$saltsaltsalt$/N7c7rmQoc7bVRcUisZxkSYJRyapzgVkea220umjO3C",
	  LIT("password") },
	{ "$6$saltsaltsalt$" S86, LIT("password") },
	/* mkpasswd -m sha512crypt -R 5000 / sha256crypt -R 10000 */
	{ "$6$rounds=5000$saltsalt$qFmFH.bQmmtXzyBY0s9v7Oicd2z4XSIecDzlB5Ki"
	  "A2/jctKu9YterLp8wwnSq.qc.eoxqOmSuNp2xS0ktL3nh/", LIT("password") },
	{ "$5$rounds=10000$saltsalt$qwX4yfGdO.8wnUDb8EHyLY3MCunF8JsDer7jR69"
	  "6j2B", LIT(K07) },
	/* mkpasswd -m yescrypt */
	{ "$y$j9T$AjEx5thejZIWo1KFDBRjZ/$3SHBfH1cpkEwBMpYwK9by1U9JwDQdT..nN8"
	  "l0rzlyo/", LIT("password") },
	{ "$y$j9T$QS4x2XHoBJev75VCNxUVj/$gUqln.hKsQTcES7MrKkUrA4zrWD9JSl83Bx"
	  "yzz8xJ47", LIT(K07) },
};

START_TEST(test_password_verify_accepts_each_imported_scheme)
{
	ck_assert_int_eq(password_import_check(imported[_i].hash, NULL),
	    PERR_OK);
	ck_assert_msg(password_verify(imported[_i].pw, imported[_i].len,
	    imported[_i].hash) == PERR_OK, "%s", imported[_i].hash);
	/* K03: verifies, then is replaced at login. */
	ck_assert_int_eq(password_needs_rehash(imported[_i].hash, NULL), 1);
	ck_assert_int_eq(password_needs_rehash(imported[_i].hash, &low), 1);
}
END_TEST

START_TEST(test_password_verify_denies_near_misses_for_each_imported_scheme)
{
	char	 miss[128];
	size_t	 len = imported[_i].len;

	memcpy(miss, imported[_i].pw, len);
	miss[len] = 'x';
	ck_assert_int_eq(password_verify(miss, len + 1, imported[_i].hash),
	    PERR_DENIED);
	if (len == 0)
		return;
	ck_assert_int_eq(password_verify(miss, len - 1, imported[_i].hash),
	    PERR_DENIED);
	miss[0] ^= 0x20;
	ck_assert_int_eq(password_verify(miss, len, imported[_i].hash),
	    PERR_DENIED);
}
END_TEST

/* F06: a NUL and anything after it never reach a C-string hash. */
START_TEST(test_password_verify_denies_a_nul_byte_for_each_imported_scheme)
{
	char	 pw[128];
	size_t	 len = imported[_i].len;

	memcpy(pw, imported[_i].pw, len);
	memcpy(pw + len, "\0junk", 5);
	ck_assert_int_eq(password_verify(pw, len + 5, imported[_i].hash),
	    PERR_DENIED);
	ck_assert_int_eq(password_verify(pw, len + 1, imported[_i].hash),
	    PERR_DENIED);
}
END_TEST

START_TEST(test_password_verify_refuses_a_password_past_72_bytes_for_bcrypt)
{
	/* mkpasswd -m bcrypt -R 4, 72 times "a". */
	static const char h[] =
	    "$2b$05$YOX19T.T.TGi7gG4cslSmu5eGpT9BpShTiCwlmwleK2uJAv0vPCLS";
	char	 pw[80];

	memset(pw, 'a', sizeof(pw));
	ck_assert_int_eq(password_verify(pw, 72, h), PERR_OK);
	/* bcrypt itself would say yes to these: we must not. */
	ck_assert_int_eq(password_verify(pw, 73, h), PERR_DENIED);
	ck_assert_int_eq(password_verify(pw, 80, h), PERR_DENIED);
	pw[72] = 'b';
	ck_assert_int_eq(password_verify(pw, 73, h), PERR_DENIED);
	ck_assert_int_eq(password_verify(pw, 71, h), PERR_DENIED);
}
END_TEST

/* K04: libxcrypt compares 8 bytes of DES; we never get that far. */
START_TEST(test_password_verify_never_lets_des_truncation_through)
{
	const char	*why = NULL;

	ck_assert_int_eq(password_verify(LIT("password123456"),
	    "abiQ6Ep3EYTHc"), PERR_INVAL);
	ck_assert_int_eq(password_verify(LIT("password"), "abiQ6Ep3EYTHc"),
	    PERR_INVAL);
	ck_assert_int_eq(password_import_check("abiQ6Ep3EYTHc", &why),
	    PERR_INVAL);
	ck_assert_str_eq(why, "DES crypt truncates passwords to 8 bytes");
	ck_assert_int_eq(password_needs_rehash("abiQ6Ep3EYTHc", NULL), 1);
}
END_TEST

#define WHY_MAL		"malformed hash"
#define WHY_WORK	"work factor too high"
#define WHY_UNSUP	"unsupported hash scheme"

static char	hash256[HASH_MAX + 2];

/*
 * K04, K06 and every malformed shape of a supported scheme: the stored
 * string never verifies (not even as plaintext: the row's password is the
 * string itself) and import says why.
 */
static const struct {
	const char	*hash;
	const char	*why;
} refused[] = {
	{ "abiQ6Ep3EYTHc", "DES crypt truncates passwords to 8 bytes" },
	{ "abJnggxhB/yWI", "DES crypt truncates passwords to 8 bytes" },
	{ "$1$saltsalt$qjXMvbEw8oaL.CzflDtaK/",
	  "md5-crypt ($1$) is not supported" },
	{ "secret", "plaintext passwords are refused" },
	{ "password", "plaintext passwords are refused" },
	{ "{SSHA}Bo2Yab0fMTWtUO9bN1kPpwK/bRIy0DEs", WHY_UNSUP },
	{ "{SSHA512}x", WHY_UNSUP },
	{ "{sha}W6ph5Mm5Pz8GgiULbPgzG37mj9g=", WHY_UNSUP },
	{ "{PLAIN}secret", WHY_UNSUP },
	{ "$md5$rounds=904$Vc3VgyFx$WtFzM8lo.aJNfhAjnB9xI/", WHY_UNSUP },
	{ "$md5,rounds=68821$IQI/ggEJ$$sIdyfg5Y2HTYHqDLDUX.H.", WHY_UNSUP },
	{ "$2x$08$" B53, WHY_UNSUP },
	{ "$2$08$" B53, WHY_UNSUP },
	{ "$7$CU..../....2tINz/uRrb3k3xZ4d7Y0u/$9Q7eMqDbgJxW3OQ7hQu7Q/", WHY_UNSUP },
	{ "$gy$j9T$AjEx5thejZIWo1KFDBRjZ/$3SHBfH1cpkEwBMpYwK9by1U9JwDQdT..nN8"
	  "l0rzlyo/", WHY_UNSUP },
	{ "$sha1$40000$jtNX3nZ2$hBNaIXkt4wBI2o5rsi8KejSjNqIq", WHY_UNSUP },
	{ "_J9..CCCCXBrJUJV154M", WHY_UNSUP },
	{ "!$6$saltsaltsalt$" S86, WHY_UNSUP },
	{ "*", WHY_UNSUP },
	{ "!", WHY_UNSUP },
	{ "", "empty hash" },
	{ hash256, "hash too long" },
	/* apr1 */
	{ "$apr1$abcdefghi$FBwExRW4dCc8aL.OvjpIE1", WHY_MAL },	/* salt 9 */
	{ "$apr1$$FBwExRW4dCc8aL.OvjpIE1", WHY_MAL },		/* no salt */
	{ "$apr1$abcdefgh$FBwExRW4dCc8aL.OvjpIE", WHY_MAL },	/* 21 */
	{ "$apr1$abcdefgh$FBwExRW4dCc8aL.OvjpIE1x", WHY_MAL },	/* 23 */
	{ "$apr1$abcdefgh", WHY_MAL },
	{ "$apr1$ab,defgh$FBwExRW4dCc8aL.OvjpIE1", WHY_MAL },
	{ "$apr1$abcdefgh$FBwExRW4dCc8aL OvjpIE1", WHY_MAL },
	/* {SHA} */
	{ "{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g", WHY_MAL },	/* no "=" */
	{ "{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9h=", WHY_MAL },	/* bits */
	{ "{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g==", WHY_MAL },
	{ "{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=\n", WHY_MAL },
	{ "{SHA}", WHY_MAL },
	/* bcrypt */
	{ "$2y$08$short", WHY_MAL },
	{ "$2y$03$" B53, WHY_MAL },				/* cost 3 */
	{ "$2y$8$F" B53, WHY_MAL },
	{ "$2y$x8$" B53, WHY_MAL },
	{ "$2y$08$" B53 "x", WHY_MAL },
	{ "$2y$08-" B53, WHY_MAL },
	{ "$2y$17$" B53, WHY_WORK },
	{ "$2b$31$" B53, WHY_WORK },
	/* sha-crypt */
	{ "$6$rounds=999$saltsalt$" S86, WHY_MAL },
	{ "$6$rounds=01000$saltsalt$" S86, WHY_MAL },
	{ "$6$rounds=$saltsalt$" S86, WHY_MAL },
	{ "$6$rounds=2000000$saltsalt$" S86, WHY_WORK },
	{ "$6$rounds=999999999$saltsalt$" S86, WHY_WORK },
	{ "$6$$" S86, WHY_MAL },				/* no salt */
	{ "$6$saltsaltsaltsalts$" S86, WHY_MAL },		/* salt 17 */
	{ "$6$salt:alt$" S86, WHY_MAL },
	{ "$6$saltsalt$" S86 "x", WHY_MAL },
	{ "$5$saltsalt$" S86, WHY_MAL },			/* 86 on $5$ */
	{ "$6$saltsalt", WHY_MAL },
	/* yescrypt */
	{ "$y$jFT$AjEx5thejZIWo1KFDBRjZ/$3SHBfH1cpkEwBMpYwK9by1U9JwDQdT..nN8"
	  "l0rzlyo/", WHY_WORK },				/* 1 GiB */
	{ "$y$jzz$AjEx5thejZIWo1KFDBRjZ/$3SHBfH1cpkEwBMpYwK9by1U9JwDQdT..nN8"
	  "l0rzlyo/", WHY_MAL },				/* multi-char */
	{ "$y$k9T$AjEx5thejZIWo1KFDBRjZ/$3SHBfH1cpkEwBMpYwK9by1U9JwDQdT..nN8"
	  "l0rzlyo/", WHY_MAL },				/* flavour */
	{ "$y$j9TU$AjEx5thejZIWo1KFDBRjZ/$3SHBfH1cpkEwBMpYwK9by1U9JwDQdT..nN8"
	  "l0rzlyo/", WHY_MAL },				/* more params */
	{ "$y$j9T$$3SHBfH1cpkEwBMpYwK9by1U9JwDQdT..nN8l0rzlyo/", WHY_MAL },
	{ "$y$j9T$AjEx5thejZIWo1KFDBRjZ/$3SHBfH1cpkEwBMpYwK9by1U9JwDQdT..nN8"
	  "l0rzlyo", WHY_MAL },					/* 42 */
	/* scrypt (ours) */
	{ "$scrypt$ln=15,r=8,p=3$AAECAwQFBgcICQoLDA0ODw$ZwXboEbK+6uo3pibyojgA"
	  "4zgNULQwM2WqPlWpy+G7mc=", WHY_MAL },			/* padding */
	{ "$scrypt$ln=15,r=8,p=3$AAECAwQFBgcICQoLDA0ODw==$ZwXboEbK+6uo3pibyoj"
	  "gA4zgNULQwM2WqPlWpy+G7mc", WHY_MAL },
	{ "$scrypt$ln=15,r=8,p=3$AAECAwQFBgcICQoLDA0ODw$ZwXboEbK-6uo3pibyojgA"
	  "4zgNULQwM2WqPlWpy+G7mc", WHY_MAL },			/* url b64 */
	{ "$scrypt$ln=15,r=8,p=3$AAECAwQFBgcICQoLDA0ODw$ZwXboEbK+6uo3pibyojgA"
	  "4zgNULQwM2WqPlWpy+G7m", WHY_MAL },			/* key 31.x */
	{ "$scrypt$ln=15,r=8,p=3$AAECAwQFBgcICQoLDA0ODw$ZwXboEbK+6uo3pibyojgA"
	  "4zgNULQwM2WqPlWpy+G7mcAA", WHY_MAL },		/* key 33 */
	{ "$scrypt$ln=15,r=8,p=3$AAECAwQFBgcICQ$ZwXboEbK+6uo3pibyojgA4zgNULQw"
	  "M2WqPlWpy+G7mc", WHY_MAL },				/* salt 10 */
	{ "$scrypt$ln=15,r=8,p=3$$ZwXboEbK+6uo3pibyojgA4zgNULQwM2WqPlWpy+G7mc",
	  WHY_MAL },
	{ "$scrypt$ln=15,r=8,p=3$AAECAwQFBgcICQoLDA0ODw$ZwXboEbK+6uo3pibyojgA"
	  "4zgNULQwM2WqPlWpy+G7mc$", WHY_MAL },
	{ "$scrypt$ln=15,p=3,r=8$AAECAwQFBgcICQoLDA0ODw$ZwXboEbK+6uo3pibyojgA"
	  "4zgNULQwM2WqPlWpy+G7mc", WHY_MAL },			/* order */
	{ "$scrypt$N=32768,r=8,p=3$AAECAwQFBgcICQoLDA0ODw$ZwXboEbK+6uo3pibyoj"
	  "gA4zgNULQwM2WqPlWpy+G7mc", WHY_MAL },
	{ "$scrypt$ln=9,r=8,p=3$AAECAwQFBgcICQoLDA0ODw$ZwXboEbK+6uo3pibyojgA4"
	  "zgNULQwM2WqPlWpy+G7mc", WHY_MAL },
	{ "$scrypt$ln=23,r=1,p=1$AAECAwQFBgcICQoLDA0ODw$ZwXboEbK+6uo3pibyojgA"
	  "4zgNULQwM2WqPlWpy+G7mc", WHY_MAL },
	{ "$scrypt$ln=015,r=8,p=3$AAECAwQFBgcICQoLDA0ODw$ZwXboEbK+6uo3pibyojg"
	  "A4zgNULQwM2WqPlWpy+G7mc", WHY_MAL },
	{ "$scrypt$ln=15,r=0,p=3$AAECAwQFBgcICQoLDA0ODw$ZwXboEbK+6uo3pibyojgA"
	  "4zgNULQwM2WqPlWpy+G7mc", WHY_MAL },
	{ "$scrypt$ln=15,r=8,p=17$AAECAwQFBgcICQoLDA0ODw$ZwXboEbK+6uo3pibyojg"
	  "A4zgNULQwM2WqPlWpy+G7mc", WHY_MAL },
	{ "$scrypt$ln=20,r=32,p=1$AAECAwQFBgcICQoLDA0ODw$ZwXboEbK+6uo3pibyojg"
	  "A4zgNULQwM2WqPlWpy+G7mc", WHY_WORK },		/* 4 GiB */
	{ "$scrypt$ln=15,r=8,p=3", WHY_MAL },
	{ "$scrypt$", WHY_MAL },
};

START_TEST(test_password_verify_fails_closed_on_each_refused_hash)
{
	const char	*why = NULL;
	const char	*h = refused[_i].hash;

	memset(hash256, 'a', HASH_MAX + 1);
	ck_assert_int_eq(password_import_check(h, &why), PERR_INVAL);
	ck_assert_ptr_nonnull(why);
	ck_assert_msg(strcmp(why, refused[_i].why) == 0, "row %d: %s", _i,
	    why);
	/* Never a plaintext comparison: the string itself does not verify. */
	ck_assert_int_eq(password_verify(h, strlen(h), h), PERR_INVAL);
	ck_assert_int_eq(password_verify(LIT("password"), h), PERR_INVAL);
	ck_assert_int_eq(password_needs_rehash(h, NULL), 1);
}
END_TEST

START_TEST(test_password_verify_refuses_a_null_hash)
{
	const char	*why = NULL;

	ck_assert_int_eq(password_verify(LIT("password"), NULL), PERR_INVAL);
	ck_assert_int_eq(password_import_check(NULL, &why), PERR_INVAL);
	ck_assert_str_eq(why, WHY_MAL);
	ck_assert_int_eq(password_needs_rehash(NULL, NULL), 1);
}
END_TEST

static const struct {
	const char		*hash;
	struct scrypt_params	 cur;
	int			 want;
} rehash[] = {
	{ PY_DEFAULT, SCRYPT_DEFAULT, 0 },
	{ PY_DEFAULT, { 65536, 8, 2 }, 1 },		/* stronger N */
	{ PY_DEFAULT, { 32768, 8, 4 }, 1 },		/* other p */
	{ PY_DEFAULT, { 32768, 16, 3 }, 1 },		/* other r */
	{ PY_1024, { 1024, 8, 1 }, 0 },
	{ PY_1024, SCRYPT_DEFAULT, 1 },
	{ PY_1024_SALT24, { 1024, 8, 1 }, 1 },		/* not our salt size */
	{ "$apr1$abcdefgh$FBwExRW4dCc8aL.OvjpIE1", { 1024, 8, 1 }, 1 },
	{ "{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=", SCRYPT_DEFAULT, 1 },
	{ "$2y$08$" B53, SCRYPT_DEFAULT, 1 },
	{ "$6$saltsaltsalt$" S86, SCRYPT_DEFAULT, 1 },
	{ "abiQ6Ep3EYTHc", SCRYPT_DEFAULT, 1 },
	{ "secret", SCRYPT_DEFAULT, 1 },
	{ "$scrypt$ln=15,r=8,p=3$x$y", SCRYPT_DEFAULT, 1 },
};

START_TEST(test_password_needs_rehash_answers_each_row)
{
	ck_assert_msg(password_needs_rehash(rehash[_i].hash, &rehash[_i].cur)
	    == rehash[_i].want, "row %d", _i);
}
END_TEST

START_TEST(test_password_dummy_runs_with_any_parameters)
{
	static const struct scrypt_params bad = { 3, 0, 0 };
	static char	 big[PASSWORD_MAX + 10];

	password_dummy(LIT("nobody's password"), &low);
	password_dummy(big, sizeof(big), &low);		/* clamped */
	password_dummy(LIT(""), &bad);			/* the default */
	password_dummy(NULL, 0, NULL);
}
END_TEST

Suite *
suite_password(void)
{
	Suite	*s = suite_create("password");
	TCase	*tc = tcase_create("password");

	/* The defaults (32 MiB, p=3) are slow under the sanitizers. */
	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc,
	    test_password_scrypt_raw_matches_the_rfc7914_vectors,
	    0, NROWS(rfc7914));
	tcase_add_loop_test(tc,
	    test_password_scrypt_raw_refuses_parameters_it_must_not_run,
	    0, NROWS(raw_bad));
	tcase_add_loop_test(tc,
	    test_password_params_parse_accepts_each_valid_shape,
	    0, NROWS(params_good));
	tcase_add_loop_test(tc,
	    test_password_params_parse_refuses_each_malformed_shape,
	    0, NROWS(params_bad));
	tcase_add_test(tc, test_password_params_format_writes_what_parse_reads);
	tcase_add_test(tc,
	    test_password_hash_writes_a_phc_string_with_the_default_parameters);
	tcase_add_test(tc,
	    test_password_verify_accepts_a_default_hash_made_by_another_scrypt);
	tcase_add_test(tc, test_password_hash_salts_each_hash_afresh);
	tcase_add_loop_test(tc, test_password_verify_round_trips_each_password,
	    0, NROWS(roundtrip));
	tcase_add_test(tc,
	    test_password_verify_refuses_the_prefix_before_a_nul_byte);
	tcase_add_test(tc,
	    test_password_verify_refuses_a_password_ending_in_a_nul_byte);
	tcase_add_test(tc,
	    test_password_hash_and_verify_refuse_a_password_past_1024_bytes);
	tcase_add_test(tc, test_password_hash_refuses_parameters_out_of_bounds);
	tcase_add_loop_test(tc,
	    test_password_verify_accepts_each_imported_scheme,
	    0, NROWS(imported));
	tcase_add_loop_test(tc,
	    test_password_verify_denies_near_misses_for_each_imported_scheme,
	    0, NROWS(imported));
	tcase_add_loop_test(tc,
	    test_password_verify_denies_a_nul_byte_for_each_imported_scheme,
	    0, NROWS(imported));
	tcase_add_test(tc,
	    test_password_verify_refuses_a_password_past_72_bytes_for_bcrypt);
	tcase_add_test(tc,
	    test_password_verify_never_lets_des_truncation_through);
	tcase_add_loop_test(tc,
	    test_password_verify_fails_closed_on_each_refused_hash,
	    0, NROWS(refused));
	tcase_add_test(tc, test_password_verify_refuses_a_null_hash);
	tcase_add_loop_test(tc, test_password_needs_rehash_answers_each_row,
	    0, NROWS(rehash));
	tcase_add_test(tc, test_password_dummy_runs_with_any_parameters);
	suite_add_tcase(s, tc);
	return s;
}
