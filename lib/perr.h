/* postern: the library's one error enum. */
/*
 * Every library function that can fail returns one of these.  Programs map
 * them to an exit status or an HTTP status in exactly one switch each, whose
 * default is the failure answer (fail closed).
 */
#ifndef POSTERN_PERR_H
#define POSTERN_PERR_H

enum perr {
	PERR_OK = 0,	/* done */
	PERR_NOMEM,	/* an allocation failed */
	PERR_INVAL,	/* input malformed or refused by a validator */
	PERR_TOOLONG,	/* input longer than its limit in limits.h */
	PERR_NOTFOUND,	/* no such user, group, provider, row ... */
	PERR_EXISTS,	/* the name is taken */
	PERR_INUSE,	/* still referenced (a provider used by an app) */
	PERR_DENIED,	/* credentials or a token did not verify */
	PERR_STORE,	/* the store failed: I/O, corruption, bad schema */
	PERR_BUSY,	/* the store stayed locked past busy_timeout */
	PERR_VERSION,	/* schema newer than this program, or older and not upgraded */
	PERR_CRYPTO,	/* OpenSSL or libcrypt failed */
	PERR_SYSTEM,	/* a system call failed; errno says why */
	PERR__MAX
};

/*
 * A short English description of e, never NULL; borrowed, static.
 */
const char	*perr_str(enum perr e);

#endif /* !POSTERN_PERR_H */
