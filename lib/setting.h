/* postern: the settings table, their validators and typed getters. */
/*
 * This module owns every key/value setting of DESIGN "Settings": its type,
 * default and help line (one table, setting.c), the validator that turns a
 * value an administrator typed into the canonical form stored, and the
 * typed getters the programs call.  A getter falls back to the default when
 * the key has no row and fails closed (PERR_INVAL, one log line naming the
 * key) when the stored value does not validate, so a bad row can never
 * loosen a rule.  The pure parsers for durations and CIDR lists live here
 * too, since the settings are their first users.
 */
#ifndef POSTERN_SETTING_H
#define POSTERN_SETTING_H

#include <stddef.h>
#include <stdint.h>

#include "limits.h"
#include "perr.h"
#include "url.h"

struct store;
struct scrypt_params;

enum setting_type {
	SETTING_URL,		/* an absolute http(s) URL (url_parse()) */
	SETTING_COOKIE_NAME,	/* an RFC 6265 cookie-name token, or "" */
	SETTING_DOMAIN,		/* a DNS name of two labels or more, or "" */
	SETTING_DURATION,	/* setting_duration_parse() */
	SETTING_INT,		/* a decimal integer in [min, max] */
	SETTING_CIDRS,		/* setting_cidrs_parse() */
	SETTING_TEXT,		/* printable ASCII without ':' */
	SETTING_SCRYPT,		/* "N=...,r=...,p=..." (password.h) */
	SETTING_NAME		/* an outpost name (outpost_name_check()) */
};

struct setting_def {
	const char		*key;
	enum setting_type	 type;
	const char		*def;	/* the default; "" for none */
	const char		*help;	/* one line */
	int64_t			 min;	/* SETTING_INT, SETTING_DURATION */
	int64_t			 max;	/* (seconds for durations) */
};

/*
 * An IPv4 or IPv6 network.  An IPv4-mapped IPv6 network of prefix 96 or
 * more is held as the IPv4 network it maps.
 */
struct cidr {
	int	family;		/* AF_INET or AF_INET6 */
	uint8_t	addr[16];	/* network bytes; 4 used for AF_INET */
	int	prefix;		/* 0..32 or 0..128 */
};

/* The longest duration: ten years of 365 days, in seconds. */
#define SETTING_DURATION_MAX	((int64_t)3650 * 86400)

/*
 * The definition of key, or NULL when there is no such setting.  Borrowed,
 * static.
 */
const struct setting_def	*setting_find(const char *key);

/* The whole table, sorted by key; *n gets its length.  Borrowed, static. */
const struct setting_def	*setting_all(size_t *n);

/*
 * Validate value for key and write the form to store into canon (canonsz
 * bytes; SETTING_VALUE_MAX + 1 is always enough).  The canonical form is
 * the URL as url_format() writes it, a duration or text as given, an
 * integer without leading zeros, a domain lowercased without its trailing
 * dot, a CIDR list as setting_cidr_format() writes each element, joined by
 * single commas, scrypt parameters as "N=..,r=..,p=..".  "" is valid for
 * the keys that have no default or a derived one (login.url, cookie.name,
 * cookie.domain, proxy.trusted).  Returns PERR_OK; PERR_NOTFOUND for an
 * unknown key; PERR_INVAL or PERR_TOOLONG with *why (may be NULL) pointing
 * to a short static reason.
 */
enum perr	 setting_validate(const char *key, const char *value,
		    char *canon, size_t canonsz, const char **why);

/*
 * Validate value for key, then store its canonical form.  PERR_NOTFOUND
 * for an unknown key; PERR_INVAL/PERR_TOOLONG with *why as above; a store
 * error as the store returns it.
 */
enum perr	 setting_set(struct store *st, const char *key,
		    const char *value, const char **why);

/*
 * Remove the stored value of key so that the default applies again.
 * PERR_OK also when no value was stored; PERR_NOTFOUND for an unknown key.
 */
enum perr	 setting_unset(struct store *st, const char *key);

/*
 * The stored value of key as stored (not re-validated: for display), or
 * its default when none is stored, in out.  *is_default (may be NULL) is
 * set to 1 when the default was used.  PERR_NOTFOUND for an unknown key;
 * PERR_TOOLONG when out is too small; a store error as returned.
 */
enum perr	 setting_get(struct store *st, const char *key, char *out,
		    size_t outsz, int *is_default);

/*
 * The typed getters.  Each reads the stored value or the default and
 * validates it; a stored value that does not validate gives PERR_INVAL and
 * one log_err() line naming the key (fail closed).  PERR_INVAL also when
 * key is unknown or of another type (a programming error, logged).  Store
 * errors are returned as they come.
 */
/* A SETTING_DURATION key, in seconds. */
enum perr	 setting_duration(struct store *st, const char *key,
		    int64_t *secs);
/* A SETTING_INT key. */
enum perr	 setting_int(struct store *st, const char *key, int64_t *v);
/* password.scrypt. */
enum perr	 setting_scrypt(struct store *st, struct scrypt_params *p);
/* login.url; PERR_NOTFOUND when it is not set. */
enum perr	 setting_login_url(struct store *st, struct url *u);
/* proxy.trusted: up to max elements into out, *n of them. */
enum perr	 setting_proxies(struct store *st, struct cidr *out, size_t max,
		    size_t *n);
/*
 * Any key as a validated, canonical string (totp.issuer, outpost.default,
 * cookie.domain ...).  PERR_TOOLONG when out is too small.
 */
enum perr	 setting_str(struct store *st, const char *key, char *out,
		    size_t outsz);

/*
 * The effective session cookie name: cookie.name when set, else derived:
 * "postern" when login.url is http, "__Secure-postern" when cookie.domain
 * is set, "__Host-postern" otherwise (also while login.url is unset).  A
 * configured name a browser would drop (a "__Host-" name with a cookie
 * domain or over http, a "__Secure-" name over http) fails closed with
 * PERR_INVAL and a log line.  out needs COOKIE_NAME_MAX + 1 bytes.
 */
enum perr	 setting_cookie_name(struct store *st, char *out, size_t outsz);

/* ------------------------------------------------------- pure parsers */

/*
 * Parse a duration (grammar in setting.c: "90s", "30m", "12h", "1d",
 * "1h30m", "0") into *secs.  PERR_OK; PERR_INVAL for a malformed one or one
 * longer than SETTING_DURATION_MAX.  *secs is 0 on failure.
 */
enum perr	 setting_duration_parse(const char *s, int64_t *secs);

/*
 * Write secs (0..SETTING_DURATION_MAX) as a duration that parses back to
 * it, largest units first ("1d2h", "1h30m", "45s", "0").  Returns the
 * length of the whole text like snprintf(3); a result >= outsz means
 * truncated.  32 bytes are always enough.  A negative secs is written "0".
 */
size_t		 setting_duration_format(int64_t secs, char *out, size_t outsz);

/*
 * Parse "ADDRESS" or "ADDRESS/PREFIX" (grammar in setting.c).  An address
 * alone is a host network (/32, /128).  A network with bits set past its
 * prefix ("10.0.0.1/8") is refused: it is almost always a typo, and
 * masking it silently would widen what the admin meant.  PERR_OK or
 * PERR_INVAL.
 */
enum perr	 setting_cidr_parse(const char *s, struct cidr *c);

/*
 * Write c as text ("10.0.0.0/8", "2001:db8::/32"; a host network without
 * its prefix: "192.0.2.1").  Returns the length like snprintf(3).
 */
size_t		 setting_cidr_format(const struct cidr *c, char *out,
		    size_t outsz);

/*
 * Does the textual address addr ("192.0.2.1", "2001:db8::1",
 * "::ffff:192.0.2.1" is taken as 192.0.2.1) lie in c?  1 yes, 0 no or
 * when addr is not an address.
 */
int		 setting_cidr_match(const struct cidr *c, const char *addr);

/*
 * Parse a comma-separated list of CIDRs (spaces around elements and empty
 * elements ignored) into out[0..max-1], setting *n.  PERR_OK (also for an
 * empty list), PERR_INVAL for a bad element, PERR_TOOLONG for more than
 * max elements or a list longer than SETTING_VALUE_MAX.
 */
enum perr	 setting_cidrs_parse(const char *list, struct cidr *out,
		    size_t max, size_t *n);

#endif /* !POSTERN_SETTING_H */
