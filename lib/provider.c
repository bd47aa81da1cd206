/* postern: providers: parsing and validating an administrator's words. */
#include "config.h"

#include <regex.h>
#include <stdio.h>
#include <string.h>

#include "provider.h"
#include "setting.h"
#include "url.h"

enum perr
provider_name_check(const char *name)
{
	size_t	len = strlen(name), i;
	char	c;

	if (len == 0)
		return PERR_INVAL;
	if (len > PROVIDERNAME_MAX)
		return PERR_TOOLONG;
	for (i = 0; i < len; i++) {
		c = name[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
			return PERR_INVAL;
	}
	return PERR_OK;
}

enum perr
provider_flow_parse(const char *s, enum flow *f)
{
	if (strcmp(s, "explicit") == 0)
		*f = FLOW_EXPLICIT;
	else if (strcmp(s, "implicit") == 0)
		*f = FLOW_IMPLICIT;
	else
		return PERR_INVAL;
	return PERR_OK;
}

const char *
provider_flow_str(enum flow f)
{
	return f == FLOW_EXPLICIT ? "explicit" : "implicit";
}

enum perr
provider_mode_parse(const char *s, enum pmode *m)
{
	if (strcmp(s, "domain") == 0)
		*m = PMODE_DOMAIN;
	else if (strcmp(s, "single") == 0)
		*m = PMODE_SINGLE;
	else
		return PERR_INVAL;
	return PERR_OK;
}

const char *
provider_mode_str(enum pmode m)
{
	return m == PMODE_SINGLE ? "single" : "domain";
}

enum perr
provider_consent_parse(const char *s, enum consentkind *k, int64_t *secs)
{
	*secs = 0;
	if (strcmp(s, "always") == 0)
		*k = CONSENT_ALWAYS;
	else if (strcmp(s, "permanent") == 0)
		*k = CONSENT_PERMANENT;
	else if (setting_duration_parse(s, secs) == PERR_OK && *secs > 0)
		*k = CONSENT_DURATION;
	else
		return PERR_INVAL;
	return PERR_OK;
}

void
provider_consent_str(const struct provider *p, char *out, size_t outsz)
{
	if (p->consent == CONSENT_DURATION)
		setting_duration_format(p->consent_secs, out, outsz);
	else
		snprintf(out, outsz, "%s",
		    p->consent == CONSENT_PERMANENT ? "permanent" : "always");
}

enum perr
provider_skip_check(const char *regex, const char **why)
{
	regex_t		re;
	size_t		len = strlen(regex), i;
	const char	*dummy;

	if (why == NULL)
		why = &dummy;
	if (len == 0) {
		*why = "empty regex";
		return PERR_INVAL;
	}
	if (len > REGEX_MAX) {
		*why = "regex too long";
		return PERR_TOOLONG;
	}
	for (i = 0; i < len; i++)
		if ((unsigned char)regex[i] < 0x20 ||
		    (unsigned char)regex[i] >= 0x7f) {
			*why = "regex holds a control or non-ASCII byte";
			return PERR_INVAL;
		}
	if (regcomp(&re, regex, REG_EXTENDED | REG_NOSUB) != 0) {
		*why = "regex does not compile (POSIX extended)";
		return PERR_INVAL;
	}
	regfree(&re);
	return PERR_OK;
}

static enum perr
provider_url_canon(char *s, size_t sz, int required, const char **why)
{
	struct url	u;
	enum perr	e;

	if (*s == '\0') {
		if (required) {
			*why = "missing URL";
			return PERR_INVAL;
		}
		return PERR_OK;
	}
	if ((e = url_parse(s, &u, why)) != PERR_OK)
		return e;
	if (url_format(&u, s, sz) >= sz) {
		*why = "URL too long";
		return PERR_TOOLONG;
	}
	return PERR_OK;
}

enum perr
provider_urls_check(struct provider *p, const char **why)
{
	enum perr	e;
	const char	*dummy;

	if (why == NULL)
		why = &dummy;
	if ((e = provider_url_canon(p->external, sizeof(p->external), 1,
	    why)) != PERR_OK)
		return e;
	return provider_url_canon(p->internal, sizeof(p->internal), 0, why);
}
