/* postern: reading the parameters the decision uses, and nothing else. */
#include "config.h"

#include <string.h>
#include <strings.h>

#include "limits.h"
#include "request.h"
#include "url.h"

/* The parameters read, each with where its value goes. */
enum request_param {
	RP_HOST, RP_URI, RP_METHOD, RP_ADDR, RP_COOKIE, RP_ACCEPT, RP_XFF,
	RP_HTTPS, RP__MAX
};

static const struct {
	const char	*name;
	size_t		 len;
} request_params[RP__MAX] = {
	[RP_HOST] = { "HTTP_HOST=", 10 },
	[RP_URI] = { "REQUEST_URI=", 12 },
	[RP_METHOD] = { "REQUEST_METHOD=", 15 },
	[RP_ADDR] = { "REMOTE_ADDR=", 12 },
	[RP_COOKIE] = { "HTTP_COOKIE=", 12 },
	[RP_ACCEPT] = { "HTTP_ACCEPT=", 12 },
	[RP_XFF] = { "HTTP_X_FORWARDED_FOR=", 21 },
	[RP_HTTPS] = { "HTTPS=", 6 },
};

static const char *const request_dup_why[RP__MAX] = {
	[RP_HOST] = "HTTP_HOST given twice with different hosts",
	[RP_URI] = "REQUEST_URI given twice with different values",
	[RP_METHOD] = "REQUEST_METHOD given twice with different values",
	[RP_ADDR] = "REMOTE_ADDR given twice with different values",
	[RP_COOKIE] = "HTTP_COOKIE given twice with different values",
	[RP_ACCEPT] = "HTTP_ACCEPT given twice with different values",
	[RP_XFF] = "HTTP_X_FORWARDED_FOR given twice with different values",
	[RP_HTTPS] = "HTTPS given twice with different values",
};

/*
 * Two HTTP_HOST values agree when they normalize to the same host under
 * the request's scheme (app:443 is app over https, not over http).
 */
static int
request_hosts_agree(const char *a, const char *b, int https)
{
	char	na[HOSTPORT_MAX + 1], nb[HOSTPORT_MAX + 1];

	if (strcmp(a, b) == 0)
		return 1;
	if (url_host_normalize(a, strlen(a), https, na, sizeof(na)) != PERR_OK ||
	    url_host_normalize(b, strlen(b), https, nb, sizeof(nb)) != PERR_OK)
		return 0;
	return strcmp(na, nb) == 0;
}

enum perr
request_from_env(char **envp, struct request *r, const char **why)
{
	const char	*v[RP__MAX] = { NULL };
	const char	*dummy, *hosts[2] = { NULL, NULL };
	size_t		 i;
	int		 p, https;

	if (why == NULL)
		why = &dummy;
	*why = NULL;
	memset(r, 0, sizeof(*r));
	for (i = 0; envp != NULL && envp[i] != NULL; i++) {
		for (p = 0; p < RP__MAX; p++)
			if (strncmp(envp[i], request_params[p].name,
			    request_params[p].len) == 0)
				break;
		if (p == RP__MAX)
			continue;
		if (v[p] == NULL) {
			v[p] = envp[i] + request_params[p].len;
			continue;
		}
		/* Hosts are compared once HTTPS is known, below. */
		if (p == RP_HOST) {
			if (hosts[1] == NULL)
				hosts[1] = envp[i] + request_params[p].len;
			else if (strcmp(hosts[1], envp[i] +
			    request_params[p].len) != 0) {
				*why = request_dup_why[p];
				return PERR_INVAL;
			}
			continue;
		}
		if (strcmp(v[p], envp[i] + request_params[p].len) != 0) {
			*why = request_dup_why[p];
			return PERR_INVAL;
		}
	}
	https = v[RP_HTTPS] != NULL && strcasecmp(v[RP_HTTPS], "on") == 0;
	hosts[0] = v[RP_HOST];
	if (hosts[1] != NULL && !request_hosts_agree(hosts[0], hosts[1], https)) {
		*why = request_dup_why[RP_HOST];
		return PERR_INVAL;
	}
	if (v[RP_URI] != NULL && strlen(v[RP_URI]) > REQUEST_URI_MAX) {
		*why = "REQUEST_URI too long";
		return PERR_TOOLONG;
	}
	r->host = v[RP_HOST];
	r->uri = v[RP_URI];
	r->method = v[RP_METHOD];
	r->addr = v[RP_ADDR];
	r->cookie = v[RP_COOKIE];
	r->accept = v[RP_ACCEPT];
	r->xff = v[RP_XFF];
	r->https = https;
	return PERR_OK;
}
