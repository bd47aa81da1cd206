/* postern: the settings table, their validators and typed getters. */
/*
 * One row per setting of DESIGN "Settings"; one validator per type, each
 * with its grammar above it.  Every read goes through setting_load(), which
 * validates the stored value (or the default) again, so a row written by
 * an older program or by hand can only make a getter fail, never apply.
 */
#include "config.h"

#include <sys/socket.h>
#include <arpa/inet.h>
#include <netinet/in.h>

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "limits.h"
#include "log.h"
#include "outpost.h"
#include "password.h"
#include "setting.h"
#include "store.h"
#include "url.h"

/* Sorted by key. */
static const struct setting_def setting_table[] = {
	{ "cookie.domain", SETTING_DOMAIN, "",
	  "domain the session cookie is shared on; empty: host-only cookie",
	  0, 0 },
	{ "cookie.name", SETTING_COOKIE_NAME, "",
	  "session cookie name; empty: __Host-postern, __Secure-postern or "
	  "postern", 0, 0 },
	{ "login.max_kdf", SETTING_INT, "0",
	  "password checks login-cgi runs at once; 0: one per processor",
	  0, 1024 },
	{ "login.url", SETTING_URL, "",
	  "base URL of login-cgi; must be set", 0, 0 },
	{ "outpost.default", SETTING_NAME, "embedded",
	  "outpost new applications join unless told otherwise", 0, 0 },
	{ "password.scrypt", SETTING_SCRYPT, "N=32768,r=8,p=3",
	  "scrypt parameters for new password hashes", 0, 0 },
	{ "proxy.trusted", SETTING_CIDRS, "",
	  "proxies whose X-Forwarded-For is believed (comma-separated CIDRs)",
	  0, 0 },
	{ "regulation.ban_time", SETTING_DURATION, "5m",
	  "first ban after too many failures; doubles on repeat",
	  1, SETTING_DURATION_MAX },
	{ "regulation.find_time", SETTING_DURATION, "10m",
	  "window in which failures are counted", 1, SETTING_DURATION_MAX },
	{ "regulation.max_retries", SETTING_INT, "5",
	  "failures allowed within find_time before a ban", 1, 1000 },
	{ "session.idle", SETTING_DURATION, "30m",
	  "a session unused this long ends; 0: no idle limit",
	  0, SETTING_DURATION_MAX },
	{ "session.lifetime", SETTING_DURATION, "12h",
	  "a session ends this long after login", 60, SETTING_DURATION_MAX },
	{ "session.remember", SETTING_DURATION, "0",
	  "lifetime when \"remember me\" is ticked; 0: not offered",
	  0, SETTING_DURATION_MAX },
	{ "totp.issuer", SETTING_TEXT, "postern",
	  "issuer name shown by authenticator apps", 0, 0 },
};

#define SETTING_COUNT	(sizeof(setting_table) / sizeof(setting_table[0]))

const struct setting_def *
setting_find(const char *key)
{
	size_t	i;

	for (i = 0; i < SETTING_COUNT; i++)
		if (strcmp(setting_table[i].key, key) == 0)
			return &setting_table[i];
	return NULL;
}

const struct setting_def *
setting_all(size_t *n)
{
	*n = SETTING_COUNT;
	return setting_table;
}

static int
setting_isdigit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/* --------------------------------------------------------- durations */

/*
 * duration = "0" / 1*( number unit )
 * number   = 1*10DIGIT
 * unit     = "d" / "h" / "m" / "s"     ; 86400, 3600, 60, 1 seconds
 *
 * The units come largest first, each at most once ("1h30m", never "30m1h"
 * nor "1h1h"), so a duration has one reading.  No sign, no space, no
 * fraction; the total is at most SETTING_DURATION_MAX.
 */
enum perr
setting_duration_parse(const char *s, int64_t *secs)
{
	static const char	 units[] = "dhms";
	static const int64_t	 mult[] = { 86400, 3600, 60, 1 };
	const char		*u;
	int64_t			 total = 0, n;
	size_t			 digits, next = 0, len;

	*secs = 0;
	if ((len = strnlen(s, 64)) == 0 || len == 64)
		return PERR_INVAL;
	if (strcmp(s, "0") == 0)
		return PERR_OK;
	while (*s != '\0') {
		n = 0;
		for (digits = 0; setting_isdigit((unsigned char)*s); s++) {
			if (++digits > 10)
				return PERR_INVAL;
			n = n * 10 + (*s - '0');
		}
		if (digits == 0 || *s == '\0' ||
		    (u = strchr(units, *s)) == NULL)
			return PERR_INVAL;
		if ((size_t)(u - units) < next)
			return PERR_INVAL;	/* out of order or twice */
		next = (size_t)(u - units) + 1;
		/* n < 10^10 and mult <= 86400: no overflow before the test. */
		n *= mult[u - units];
		if (n > SETTING_DURATION_MAX || total + n > SETTING_DURATION_MAX)
			return PERR_INVAL;
		total += n;
		s++;
	}
	*secs = total;
	return PERR_OK;
}

size_t
setting_duration_format(int64_t secs, char *out, size_t outsz)
{
	static const char	 units[] = "dhms";
	static const int64_t	 mult[] = { 86400, 3600, 60, 1 };
	char			 buf[64];
	size_t			 i, o = 0;
	int			 n;

	if (secs <= 0)
		return (size_t)snprintf(out, outsz, "0");
	for (i = 0; i < 4; i++) {
		if (secs / mult[i] == 0)
			continue;
		n = snprintf(buf + o, sizeof(buf) - o, "%lld%c",
		    (long long)(secs / mult[i]), units[i]);
		if (n < 0 || (size_t)n >= sizeof(buf) - o)
			break;
		o += (size_t)n;
		secs %= mult[i];
	}
	return (size_t)snprintf(out, outsz, "%s", buf);
}

/* ------------------------------------------------------------- CIDRs */

/* Is a an IPv4-mapped IPv6 address (::ffff:0:0/96)? */
static int
setting_mapped(const uint8_t a[16])
{
	static const uint8_t	pre[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	    0xff, 0xff };

	return memcmp(a, pre, sizeof(pre)) == 0;
}

/*
 * Parse a textual address (as inet_pton(3) reads IPv4 dotted quads and
 * IPv6, no zone) into family/addr, an IPv4-mapped IPv6 one as IPv4.
 */
static int
setting_addr(const char *s, int *family, uint8_t addr[16])
{
	memset(addr, 0, 16);
	if (inet_pton(AF_INET, s, addr) == 1) {
		*family = AF_INET;
		return 1;
	}
	if (inet_pton(AF_INET6, s, addr) != 1)
		return 0;
	*family = AF_INET6;
	if (setting_mapped(addr)) {
		memmove(addr, addr + 12, 4);
		memset(addr + 4, 0, 12);
		*family = AF_INET;
	}
	return 1;
}

/* Do a and b agree on their first prefix bits? */
static int
setting_prefix_eq(const uint8_t *a, const uint8_t *b, int prefix)
{
	int	full = prefix / 8, rest = prefix % 8;
	uint8_t	mask;

	if (memcmp(a, b, (size_t)full) != 0)
		return 0;
	if (rest == 0)
		return 1;
	mask = (uint8_t)(0xff << (8 - rest));
	return (a[full] & mask) == (b[full] & mask);
}

/*
 * cidr    = address [ "/" prefix ]
 * address = IPv4address / IPv6address        ; inet_pton(3), no zone
 * prefix  = "0" / %x31-39 *2DIGIT            ; <= 32 IPv4, <= 128 IPv6
 *
 * No bit may be set past the prefix.  An IPv4-mapped IPv6 network with a
 * prefix of 96 or more becomes the IPv4 network it maps.
 */
enum perr
setting_cidr_parse(const char *s, struct cidr *c)
{
	char		 buf[ADDRESS_MAX + 1];
	const char	*slash, *p;
	size_t		 alen;
	int		 prefix = -1, max, v6, i;

	memset(c, 0, sizeof(*c));
	if ((slash = strchr(s, '/')) != NULL)
		alen = (size_t)(slash - s);
	else
		alen = strnlen(s, ADDRESS_MAX + 1);
	if (alen == 0 || alen > ADDRESS_MAX)
		return PERR_INVAL;
	memcpy(buf, s, alen);
	buf[alen] = '\0';

	/* Parse without the IPv4-mapped fold first, to know the family. */
	if (inet_pton(AF_INET, buf, c->addr) == 1)
		v6 = 0;
	else if (inet_pton(AF_INET6, buf, c->addr) == 1)
		v6 = 1;
	else
		goto bad;
	c->family = v6 ? AF_INET6 : AF_INET;
	max = v6 ? 128 : 32;

	if (slash != NULL) {
		p = slash + 1;
		if (*p == '\0' || (p[0] == '0' && p[1] != '\0'))
			goto bad;
		prefix = 0;
		for (i = 0; p[i] != '\0'; i++) {
			if (i == 3 || !setting_isdigit((unsigned char)p[i]))
				goto bad;
			prefix = prefix * 10 + (p[i] - '0');
		}
		if (prefix > max)
			goto bad;
	} else
		prefix = max;
	c->prefix = prefix;

	/* Host bits set past the prefix: refuse. */
	for (i = prefix; i < max; i++)
		if (c->addr[i / 8] & (0x80 >> (i % 8)))
			goto bad;

	if (v6 && prefix >= 96 && setting_mapped(c->addr)) {
		memmove(c->addr, c->addr + 12, 4);
		memset(c->addr + 4, 0, 12);
		c->family = AF_INET;
		c->prefix = prefix - 96;
	}
	return PERR_OK;
bad:
	memset(c, 0, sizeof(*c));
	return PERR_INVAL;
}

size_t
setting_cidr_format(const struct cidr *c, char *out, size_t outsz)
{
	char	buf[INET6_ADDRSTRLEN];
	int	n, full = c->family == AF_INET ? 32 : 128;

	if (inet_ntop(c->family, c->addr, buf, sizeof(buf)) == NULL)
		buf[0] = '\0';
	if (c->prefix == full)
		n = snprintf(out, outsz, "%s", buf);
	else
		n = snprintf(out, outsz, "%s/%d", buf, c->prefix);
	return n < 0 ? 0 : (size_t)n;
}

int
setting_cidr_match(const struct cidr *c, const char *addr)
{
	uint8_t	a[16];
	int	family;

	if (strnlen(addr, ADDRESS_MAX + 1) > ADDRESS_MAX ||
	    !setting_addr(addr, &family, a))
		return 0;
	if (family != c->family)
		return 0;
	return setting_prefix_eq(a, c->addr, c->prefix);
}

/*
 * list = [ elem *( "," elem ) ]
 * elem = *SP [ cidr ] *SP                    ; SP is a space or a tab
 *
 * Empty elements are skipped, so "a,,b" and "a, b" both mean "a,b".
 */
enum perr
setting_cidrs_parse(const char *list, struct cidr *out, size_t max,
    size_t *n)
{
	char		 buf[ADDRESS_MAX + 5];
	const char	*p = list, *e, *end;
	size_t		 len;

	*n = 0;
	if (strnlen(list, SETTING_VALUE_MAX + 1) > SETTING_VALUE_MAX)
		return PERR_TOOLONG;
	while (*p != '\0') {
		end = p + strcspn(p, ",");
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		e = end;
		while (e > p && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		len = (size_t)(e - p);
		if (len > 0) {
			if (len >= sizeof(buf))
				return PERR_INVAL;
			if (*n == max)
				return PERR_TOOLONG;
			memcpy(buf, p, len);
			buf[len] = '\0';
			if (setting_cidr_parse(buf, &out[*n]) != PERR_OK)
				return PERR_INVAL;
			(*n)++;
		}
		p = *end == ',' ? end + 1 : end;
	}
	return PERR_OK;
}

/* ------------------------------------------------------- validators */

/*
 * cookie-name = 1*64( ALPHA / DIGIT / "." / "_" / "-" )
 *
 * A strict subset of the RFC 6265 token; "" means "derive the name".
 */
static enum perr
setting_v_cookie_name(const char *v, const char **why)
{
	size_t	i;
	char	c;

	if (strlen(v) > COOKIE_NAME_MAX) {
		*why = "cookie name too long";
		return PERR_TOOLONG;
	}
	for (i = 0; v[i] != '\0'; i++) {
		c = v[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    setting_isdigit((unsigned char)c) || c == '.' ||
		    c == '_' || c == '-')) {
			*why = "cookie name holds a character other than "
			    "letters, digits, '.', '_', '-'";
			return PERR_INVAL;
		}
	}
	return PERR_OK;
}

/*
 * text = 1*64( %x20-39 / %x3B-7E )     ; printable ASCII without ':'
 *
 * No space at either end.  The colon is refused because it separates the
 * issuer from the account in an otpauth:// label.
 */
static enum perr
setting_v_text(const char *v, const char **why)
{
	size_t	i, len = strnlen(v, TOTP_ISSUER_MAX + 1);

	if (len == 0) {
		*why = "empty";
		return PERR_INVAL;
	}
	if (len > TOTP_ISSUER_MAX) {
		*why = "longer than 64 bytes";
		return PERR_TOOLONG;
	}
	for (i = 0; i < len; i++)
		if ((unsigned char)v[i] < 0x20 || (unsigned char)v[i] > 0x7e ||
		    v[i] == ':') {
			*why = "not printable ASCII, or holds ':'";
			return PERR_INVAL;
		}
	if (v[0] == ' ' || v[len - 1] == ' ') {
		*why = "space at the start or the end";
		return PERR_INVAL;
	}
	return PERR_OK;
}

/* integer = 1*18DIGIT, in [min, max] */
static enum perr
setting_v_int(const struct setting_def *d, const char *v, int64_t *out,
    const char **why)
{
	const char	*err;
	size_t		 i, len = strnlen(v, 19);
	long long	 n;

	*out = 0;
	for (i = 0; i < len; i++)
		if (!setting_isdigit((unsigned char)v[i]))
			break;
	if (len == 0 || len > 18 || i != len) {
		*why = "not a decimal number";
		return PERR_INVAL;
	}
	n = strtonum(v, d->min, d->max, &err);
	if (err != NULL) {
		*why = "number out of range";
		return PERR_INVAL;
	}
	*out = n;
	return PERR_OK;
}

enum perr
setting_validate(const char *key, const char *value, char *canon,
    size_t canonsz, const char **why)
{
	const struct setting_def	*d;
	struct url			 u;
	struct cidr			 cs[PROXIES_MAX];
	struct scrypt_params		 sp;
	const char			*dummy;
	char				 buf[SETTING_VALUE_MAX + 1];
	size_t				 i, n, o;
	int64_t				 v;
	enum perr			 e;

	if (why == NULL)
		why = &dummy;
	*why = "invalid value";
	if (canonsz > 0)
		canon[0] = '\0';
	if ((d = setting_find(key)) == NULL) {
		*why = "no such setting";
		return PERR_NOTFOUND;
	}
	if (strnlen(value, SETTING_VALUE_MAX + 1) > SETTING_VALUE_MAX) {
		*why = "value too long";
		return PERR_TOOLONG;
	}

	switch (d->type) {
	case SETTING_URL:
		if (value[0] == '\0') {
			buf[0] = '\0';
			break;
		}
		if ((e = url_parse(value, &u, why)) != PERR_OK)
			return e;
		if (url_format(&u, buf, sizeof(buf)) >= sizeof(buf)) {
			*why = "value too long";
			return PERR_TOOLONG;
		}
		break;
	case SETTING_COOKIE_NAME:
		if ((e = setting_v_cookie_name(value, why)) != PERR_OK)
			return e;
		strlcpy(buf, value, sizeof(buf));
		break;
	case SETTING_DOMAIN:
		if (value[0] == '\0') {
			buf[0] = '\0';
			break;
		}
		if ((e = url_domain_normalize(value, buf, sizeof(buf), why)) !=
		    PERR_OK)
			return e;
		if (strchr(buf, '.') == NULL) {
			*why = "a cookie domain has two labels or more";
			return PERR_INVAL;
		}
		break;
	case SETTING_DURATION:
		if (setting_duration_parse(value, &v) != PERR_OK) {
			*why = "not a duration like 90s, 30m, 12h, 1d or 1h30m";
			return PERR_INVAL;
		}
		if (v < d->min || v > d->max) {
			*why = "duration out of range";
			return PERR_INVAL;
		}
		strlcpy(buf, value, sizeof(buf));
		break;
	case SETTING_INT:
		if ((e = setting_v_int(d, value, &v, why)) != PERR_OK)
			return e;
		snprintf(buf, sizeof(buf), "%lld", (long long)v);
		break;
	case SETTING_CIDRS:
		if ((e = setting_cidrs_parse(value, cs, PROXIES_MAX, &n)) !=
		    PERR_OK) {
			*why = e == PERR_TOOLONG ? "more than 32 networks" :
			    "not a comma-separated list of addresses or CIDRs "
			    "(host bits must be zero)";
			return e;
		}
		buf[0] = '\0';
		for (i = 0, o = 0; i < n; i++) {
			if (i > 0)
				buf[o++] = ',';
			/* 32 * (INET6_ADDRSTRLEN + 4) fits in buf. */
			o += setting_cidr_format(&cs[i], buf + o,
			    sizeof(buf) - o);
		}
		break;
	case SETTING_TEXT:
		if ((e = setting_v_text(value, why)) != PERR_OK)
			return e;
		strlcpy(buf, value, sizeof(buf));
		break;
	case SETTING_SCRYPT:
		if (password_params_parse(value, &sp) != PERR_OK) {
			*why = "not scrypt parameters like N=32768,r=8,p=3 "
			    "(N a power of two, within the bounds)";
			return PERR_INVAL;
		}
		password_params_format(&sp, buf, sizeof(buf));
		break;
	case SETTING_NAME:
		if ((e = outpost_name_check(value)) != PERR_OK) {
			*why = "not an outpost name (1-64 letters, digits, "
			    "'.', '_', '-')";
			return e;
		}
		strlcpy(buf, value, sizeof(buf));
		break;
	default:
		return PERR_INVAL;
	}
	if (strlcpy(canon, buf, canonsz) >= canonsz) {
		if (canonsz > 0)
			canon[0] = '\0';
		*why = "value too long";
		return PERR_TOOLONG;
	}
	return PERR_OK;
}

/* ------------------------------------------------------ store access */

enum perr
setting_set(struct store *st, const char *key, const char *value,
    const char **why)
{
	char		canon[SETTING_VALUE_MAX + 1];
	enum perr	e;

	if ((e = setting_validate(key, value, canon, sizeof(canon), why)) !=
	    PERR_OK)
		return e;
	return store_setting_set(st, key, canon);
}

enum perr
setting_unset(struct store *st, const char *key)
{
	enum perr	e;

	if (setting_find(key) == NULL)
		return PERR_NOTFOUND;
	e = store_setting_unset(st, key);
	return e == PERR_NOTFOUND ? PERR_OK : e;
}

enum perr
setting_get(struct store *st, const char *key, char *out, size_t outsz,
    int *is_default)
{
	const struct setting_def	*d;
	char				 buf[SETTING_VALUE_MAX + 1];
	enum perr			 e;
	int				 dflt = 0;

	if (outsz > 0)
		out[0] = '\0';
	if (is_default != NULL)
		*is_default = 0;
	if ((d = setting_find(key)) == NULL)
		return PERR_NOTFOUND;
	e = store_setting_get(st, key, buf, sizeof(buf));
	if (e == PERR_NOTFOUND) {
		strlcpy(buf, d->def, sizeof(buf));
		dflt = 1;
	} else if (e != PERR_OK)
		return e;
	if (strlcpy(out, buf, outsz) >= outsz) {
		if (outsz > 0)
			out[0] = '\0';
		return PERR_TOOLONG;
	}
	if (is_default != NULL)
		*is_default = dflt;
	return PERR_OK;
}

/*
 * The validated, canonical value of key (stored or default) into canon,
 * after checking that key is of type want (-1: any).  Every typed getter
 * starts here; this is where a bad row fails closed and is logged.
 */
static enum perr
setting_load(struct store *st, const char *key, int want, char *canon,
    size_t canonsz)
{
	const struct setting_def	*d;
	char				 raw[SETTING_VALUE_MAX + 1];
	const char			*why;
	enum perr			 e;

	if ((d = setting_find(key)) == NULL ||
	    (want != -1 && (int)d->type != want)) {
		log_err("setting %s: no such setting of that type", key);
		return PERR_INVAL;
	}
	if ((e = setting_get(st, key, raw, sizeof(raw), NULL)) != PERR_OK)
		return e;
	if ((e = setting_validate(key, raw, canon, canonsz, &why)) != PERR_OK) {
		log_err("setting %s: stored value refused: %s; fix it with "
		    "authz-admin set or unset", key, why);
		return PERR_INVAL;
	}
	return PERR_OK;
}

enum perr
setting_duration(struct store *st, const char *key, int64_t *secs)
{
	char		buf[SETTING_VALUE_MAX + 1];
	enum perr	e;

	*secs = 0;
	if ((e = setting_load(st, key, SETTING_DURATION, buf, sizeof(buf))) !=
	    PERR_OK)
		return e;
	return setting_duration_parse(buf, secs);
}

enum perr
setting_int(struct store *st, const char *key, int64_t *v)
{
	char		 buf[SETTING_VALUE_MAX + 1];
	const char	*why;
	enum perr	 e;

	*v = 0;
	if ((e = setting_load(st, key, SETTING_INT, buf, sizeof(buf))) !=
	    PERR_OK)
		return e;
	return setting_v_int(setting_find(key), buf, v, &why);
}

enum perr
setting_scrypt(struct store *st, struct scrypt_params *p)
{
	char		buf[SETTING_VALUE_MAX + 1];
	enum perr	e;

	if ((e = setting_load(st, "password.scrypt", SETTING_SCRYPT, buf,
	    sizeof(buf))) != PERR_OK)
		return e;
	return password_params_parse(buf, p);
}

enum perr
setting_login_url(struct store *st, struct url *u)
{
	char		buf[SETTING_VALUE_MAX + 1];
	enum perr	e;

	memset(u, 0, sizeof(*u));
	if ((e = setting_load(st, "login.url", SETTING_URL, buf,
	    sizeof(buf))) != PERR_OK)
		return e;
	if (buf[0] == '\0')
		return PERR_NOTFOUND;
	return url_parse(buf, u, NULL);
}

enum perr
setting_proxies(struct store *st, struct cidr *out, size_t max, size_t *n)
{
	char		buf[SETTING_VALUE_MAX + 1];
	enum perr	e;

	*n = 0;
	if ((e = setting_load(st, "proxy.trusted", SETTING_CIDRS, buf,
	    sizeof(buf))) != PERR_OK)
		return e;
	if ((e = setting_cidrs_parse(buf, out, max, n)) != PERR_OK)
		log_err("setting proxy.trusted: more than %zu networks", max);
	return e;
}

enum perr
setting_str(struct store *st, const char *key, char *out, size_t outsz)
{
	char		buf[SETTING_VALUE_MAX + 1];
	enum perr	e;

	if (outsz > 0)
		out[0] = '\0';
	if ((e = setting_load(st, key, -1, buf, sizeof(buf))) != PERR_OK)
		return e;
	if (strlcpy(out, buf, outsz) >= outsz) {
		if (outsz > 0)
			out[0] = '\0';
		return PERR_TOOLONG;
	}
	return PERR_OK;
}

/* Does s begin with the ASCII prefix lit, ignoring case (as browsers do)? */
static int
setting_iprefix(const char *s, const char *lit)
{
	return strncasecmp(s, lit, strlen(lit)) == 0;
}

enum perr
setting_cookie_name(struct store *st, char *out, size_t outsz)
{
	char		 name[SETTING_VALUE_MAX + 1];
	char		 domain[SETTING_VALUE_MAX + 1];
	struct url	 u;
	const char	*pick;
	enum perr	 e;
	int		 http = 0;

	if (outsz > 0)
		out[0] = '\0';
	if ((e = setting_load(st, "cookie.name", SETTING_COOKIE_NAME, name,
	    sizeof(name))) != PERR_OK ||
	    (e = setting_load(st, "cookie.domain", SETTING_DOMAIN, domain,
	    sizeof(domain))) != PERR_OK)
		return e;
	e = setting_login_url(st, &u);
	if (e == PERR_OK)
		http = !u.https;
	else if (e != PERR_NOTFOUND)
		return e;

	if (name[0] != '\0') {
		if ((setting_iprefix(name, "__Host-") &&
		    (domain[0] != '\0' || http)) ||
		    (setting_iprefix(name, "__Secure-") && http)) {
			log_err("setting cookie.name: a browser would refuse "
			    "%s with %s", name, http ? "an http login.url" :
			    "cookie.domain set");
			return PERR_INVAL;
		}
		pick = name;
	} else if (http)
		pick = "postern";
	else if (domain[0] != '\0')
		pick = "__Secure-postern";
	else
		pick = "__Host-postern";
	if (strlcpy(out, pick, outsz) >= outsz) {
		if (outsz > 0)
			out[0] = '\0';
		return PERR_TOOLONG;
	}
	return PERR_OK;
}
