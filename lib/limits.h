/* postern: the hard limits, in one place. */
/*
 * Every bound on untrusted or stored input lives here, so that a reviewer
 * can see them together and fixed buffers on the hot path can be sized by
 * them.  A *_MAX is a length in bytes without the terminating NUL; buffers
 * are declared as [X_MAX + 1].
 */
#ifndef POSTERN_LIMITS_H
#define POSTERN_LIMITS_H

#define USERNAME_MAX		64	/* DESIGN: 1-64 bytes */
#define GROUPNAME_MAX		64
#define DISPLAYNAME_MAX		128
#define EMAIL_MAX		254	/* RFC 5321 path limit */
#define PASSWORD_MAX		1024	/* hashed exactly as received */
#define PASSWORD_MIN		8	/* admin-set passwords (ASVS 6.2.1) */
#define HASH_MAX		255	/* a stored password hash string */
#define SLUG_MAX		64
#define APPNAME_MAX		128
#define DESCRIPTION_MAX		1024
#define URL_MAX			2048	/* any URL we store or accept */
#define HOST_MAX		253	/* DNS name, without port */
#define HOSTPORT_MAX		(HOST_MAX + 6)
#define PATH_MAX_BYTES		4096	/* a normalized request path */
#define REGEX_MAX		512	/* one unauthenticated-path regex */
#define SKIP_PATHS_MAX		32	/* regexes per provider */
#define PROVIDERNAME_MAX	64
#define OUTPOSTNAME_MAX		64
#define SETTING_KEY_MAX		64
#define SETTING_VALUE_MAX	2048
#define COOKIE_NAME_MAX		64	/* the cookie.name setting */
#define TOTP_ISSUER_MAX		64	/* the totp.issuer setting */
#define PROXIES_MAX		32	/* CIDRs in proxy.trusted */
#define ADDRESS_MAX		45	/* textual IPv6 */
#define USERAGENT_MAX		256	/* kept for the session listing */
#define EVENT_DETAIL_MAX	512
#define GROUPS_MAX		64	/* groups one user may belong to */
#define BINDINGS_MAX		256	/* bindings on one application */
#define HTPASSWD_LINE_MAX	1024	/* one import-htpasswd line */
#define LOG_LINE_MAX		1024	/* one log line, after escaping */

#define TOKEN_BYTES		32	/* 256-bit session and flow tokens */
#define TOKEN_B64_LEN		43	/* base64url of 32 bytes, no padding */
#define TOKEN_HASH_BYTES	32	/* SHA-256 */
#define SALT_BYTES		16	/* password salts */

#endif /* !POSTERN_LIMITS_H */
