/* postern: authz-admin snippet: the web-server configuration for one application. */
/*
 * "authz-admin snippet nginx|lighttpd|apache APP" prints a complete,
 * working configuration that puts authz-fcgi in front of one application:
 * the external host and path and the internal URL come from the
 * application's provider, the login URL from the settings, and --authz
 * says where authz-fcgi listens.  The integration tests (tests/integration)
 * run exactly what this file prints, so every line here is one a real
 * server has accepted and every security property it claims (client
 * Remote-* headers never reach the application, a denial never reaches
 * it, a broken authorizer is an error) is tested.
 *
 * snippet_emit() is shared with "protect", which validates the snippet
 * before it creates anything and prints it after the commit.
 *
 * Everything printed comes from validated values: URLs in their canonical
 * form (url_parse()), slugs, and --authz/--lua checked here.  A path with
 * characters a configuration language would read specially is refused
 * rather than quoted.
 */
#include "config.h"

#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin.h"
#include "lib/app.h"
#include "lib/setting.h"
#include "lib/store.h"
#include "lib/url.h"

#define SN_USAGE \
	"  snippet nginx|lighttpd|apache APP [--authz unix:PATH|HOST:PORT] [--lua PATH]\n" \
	"                                      the web-server configuration for one\n" \
	"                                      application (apache: --authz HOST:PORT)\n" \
	"  snippet htaccess APP --gate|--fcgid --dir DIR --cgi-dir DIR --cgi-url PATH\n" \
	"          [--php-cgi PATH] [--outpost NAME]\n" \
	"                                      shared hosting: the protected directory's\n" \
	"                                      and the CGI directory's .htaccess and\n" \
	"                                      authz-cgi.conf (--gate) or the wrappers\n" \
	"                                      of authz-fcgi and login-cgi (--fcgid)\n"

#define SNIPPET_AUTHZ	"unix:/run/postern/authz.sock"
#define SNIPPET_LUA	"/etc/lighttpd/postern-identity.lua"
#define SNIPPET_ARG_MAX	512	/* --authz and --lua */


enum sn_server { SN_NGINX, SN_LIGHTTPD, SN_APACHE };

/* Everything a snippet is written from, validated. */
struct snippet {
	enum sn_server	 server;
	const char	*slug;
	const char	*authz_arg;	/* as given, for the comment */
	const char	*lua;		/* lighttpd only */
	struct url	 ext, in;
	char		 exttext[URL_MAX + 1];
	char		 intext[URL_MAX + 1];
	char		 login[URL_MAX + 1];	/* "" when login.url is unset */
	int		 single;	/* provider mode single */
	/* --authz */
	int		 unixsock;
	char		 sockpath[SNIPPET_ARG_MAX + 1];
	char		 authzhost[SNIPPET_ARG_MAX + 1];	/* as written */
	char		 authzhost_bare[SNIPPET_ARG_MAX + 1];	/* no [] */
	int		 authzport;
	/* derived */
	char		 hostport[HOSTPORT_MAX + 1];	/* external host[:port] */
	char		 upstream[HOSTPORT_MAX + 16];	/* scheme://host[:port] */
	char		 inhost_bare[HOST_MAX + 1];	/* internal host, no [] */
	int		 listen;	/* the external port */
};

/* A value a configuration file may hold without quoting trouble. */
static int
snippet_safe(const char *s, const char *extra)
{
	const unsigned char	*p = (const unsigned char *)s;

	for (; *p != '\0'; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr(extra, *p) != NULL))
			return 0;
	return 1;
}

/*
 * --authz: "unix:" absolute-path | host ":" port, where host is a DNS name,
 * an IPv4 address or a bracketed IPv6 address.
 */
static int
snippet_authz(struct snippet *sn, const char *arg)
{
	const char	*colon, *errstr;
	size_t		 hlen;

	if (strlen(arg) > SNIPPET_ARG_MAX)
		return admin_refuse(PERR_TOOLONG, "--authz");
	if (strncmp(arg, "unix:", 5) == 0) {
		if (arg[5] != '/' || !snippet_safe(arg + 5, "/._-+@"))
			return admin_refuse(PERR_OK, "--authz %s: a unix socket "
			    "is unix:/absolute/path of letters, digits and "
			    "/._-+@", arg);
		sn->unixsock = 1;
		strlcpy(sn->sockpath, arg + 5, sizeof(sn->sockpath));
		return EXIT_DONE;
	}
	if ((colon = strrchr(arg, ':')) == NULL || colon == arg)
		return admin_refuse(PERR_OK, "--authz %s: unix:PATH or "
		    "HOST:PORT", arg);
	hlen = (size_t)(colon - arg);
	memcpy(sn->authzhost, arg, hlen);
	sn->authzhost[hlen] = '\0';
	sn->authzport = (int)strtonum(colon + 1, 1, 65535, &errstr);
	if (errstr != NULL)
		return admin_refuse(PERR_OK, "--authz %s: the port is %s",
		    arg, errstr);
	if (sn->authzhost[0] == '[') {
		if (hlen < 3 || sn->authzhost[hlen - 1] != ']' ||
		    !snippet_safe(sn->authzhost + 1, ":.]") ||
		    strchr(sn->authzhost + 1, ']') != sn->authzhost + hlen - 1)
			return admin_refuse(PERR_OK, "--authz %s: a bad IPv6 "
			    "address", arg);
		memcpy(sn->authzhost_bare, sn->authzhost + 1, hlen - 2);
		sn->authzhost_bare[hlen - 2] = '\0';
	} else {
		if (!snippet_safe(sn->authzhost, ".-"))
			return admin_refuse(PERR_OK, "--authz %s: the host is "
			    "a name, an IPv4 address or [IPv6]", arg);
		strlcpy(sn->authzhost_bare, sn->authzhost,
		    sizeof(sn->authzhost_bare));
	}
	return EXIT_DONE;
}

/* Validate everything the snippet is made of.  Returns an exit status. */
static int
snippet_prepare(struct admin *a, struct snippet *sn, const char *server,
    const struct provider *p, const char *slug, const char *authz,
    const char *lua)
{
	struct url	 login;
	const char	*why = NULL;
	size_t		 n;
	int		 rc;
	enum perr	 e;

	memset(sn, 0, sizeof(*sn));
	if (strcmp(server, "nginx") == 0)
		sn->server = SN_NGINX;
	else if (strcmp(server, "lighttpd") == 0)
		sn->server = SN_LIGHTTPD;
	else if (strcmp(server, "apache") == 0)
		sn->server = SN_APACHE;
	else
		return admin_usage(SN_USAGE, "snippet: %s: nginx, lighttpd or "
		    "apache", server);
	sn->slug = slug;
	sn->single = p->mode == PMODE_SINGLE;

	if (url_parse(p->external, &sn->ext, &why) != PERR_OK)
		return admin_refuse(PERR_OK, "provider %s: external URL: %s",
		    p->name, why != NULL ? why : "bad");
	if (p->internal[0] == '\0')
		return admin_refuse(PERR_OK, "provider %s has no internal URL: "
		    "set one with \"authz-admin provider set %s --internal "
		    "URL\"", p->name, p->name);
	if (url_parse(p->internal, &sn->in, &why) != PERR_OK)
		return admin_refuse(PERR_OK, "provider %s: internal URL: %s",
		    p->name, why != NULL ? why : "bad");
	url_format(&sn->ext, sn->exttext, sizeof(sn->exttext));
	url_format(&sn->in, sn->intext, sizeof(sn->intext));
	/* Paths go into location blocks and proxy targets unquoted. */
	if (!snippet_safe(sn->ext.path, "/._~-") ||
	    !snippet_safe(sn->in.path, "/._~-"))
		return admin_refuse(PERR_OK, "provider %s: the snippet can "
		    "only write paths of letters, digits and /._~- (write "
		    "this one by hand)", p->name);

	url_hostport_str(&sn->ext, sn->hostport, sizeof(sn->hostport));
	sn->listen = sn->ext.port != 0 ? sn->ext.port : 80;
	if (sn->in.port != 0)
		snprintf(sn->upstream, sizeof(sn->upstream), "%s://%s:%d",
		    sn->in.https ? "https" : "http", sn->in.host, sn->in.port);
	else
		snprintf(sn->upstream, sizeof(sn->upstream), "%s://%s",
		    sn->in.https ? "https" : "http", sn->in.host);
	n = strlen(sn->in.host);
	if (n >= 2 && sn->in.host[0] == '[') {
		memcpy(sn->inhost_bare, sn->in.host + 1, n - 2);
		sn->inhost_bare[n - 2] = '\0';
	} else
		strlcpy(sn->inhost_bare, sn->in.host, sizeof(sn->inhost_bare));

	sn->authz_arg = authz != NULL ? authz : SNIPPET_AUTHZ;
	if ((rc = snippet_authz(sn, sn->authz_arg)) != EXIT_DONE)
		return rc;
	if (sn->server == SN_APACHE && sn->unixsock)
		return admin_refuse(PERR_OK, "snippet apache: mod_authnz_fcgi "
		    "reaches authz-fcgi over TCP only: give --authz HOST:PORT "
		    "(and run authz-fcgi --listen HOST:PORT)");
	if (sn->server == SN_LIGHTTPD && sn->in.https)
		return admin_refuse(PERR_OK, "snippet lighttpd: lighttpd's "
		    "mod_proxy does not speak TLS to the application: give "
		    "provider %s an http internal URL", p->name);
	if (lua != NULL && sn->server != SN_LIGHTTPD)
		return admin_usage(SN_USAGE, "snippet: --lua is for lighttpd");
	sn->lua = lua != NULL ? lua : SNIPPET_LUA;
	if (strlen(sn->lua) > SNIPPET_ARG_MAX || sn->lua[0] != '/' ||
	    !snippet_safe(sn->lua, "/._-+@"))
		return admin_refuse(PERR_OK, "--lua %s: an absolute path of "
		    "letters, digits and /._-+@", sn->lua);

	e = setting_login_url(a->st, &login);
	if (e == PERR_OK)
		url_format(&login, sn->login, sizeof(sn->login));
	else if (e != PERR_NOTFOUND)
		return admin_refuse(e, "login.url");
	return EXIT_DONE;
}

/* ------------------------------------------------------------- nginx */

/* The body of a location that asks authz-fcgi, then proxies. */
static void
snippet_nginx_body(FILE *f, const char *target)
{
	fprintf(f,
	    "        auth_request /.postern/auth;\n"
	    "        auth_request_set $postern_user $upstream_http_remote_user;\n"
	    "        auth_request_set $postern_name $upstream_http_remote_name;\n"
	    "        auth_request_set $postern_email $upstream_http_remote_email;\n"
	    "        auth_request_set $postern_groups $upstream_http_remote_groups;\n"
	    "        auth_request_set $postern_location $upstream_http_location;\n"
	    "        auth_request_set $postern_cookie $upstream_http_set_cookie;\n"
	    "        error_page 401 = @postern_login;\n"
	    "\n"
	    "        proxy_pass %s;\n"
	    "        # The identity, set on every request: an empty value drops\n"
	    "        # the header, and a client's own Remote-* headers never pass.\n"
	    "        proxy_set_header Remote-User $postern_user;\n"
	    "        proxy_set_header Remote-Name $postern_name;\n"
	    "        proxy_set_header Remote-Email $postern_email;\n"
	    "        proxy_set_header Remote-Groups $postern_groups;\n"
	    "        proxy_set_header Host $host;\n"
	    "        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n"
	    "        proxy_set_header X-Forwarded-Proto $scheme;\n"
	    "        proxy_set_header X-Forwarded-Host $host;\n"
	    "        # WebSocket.\n"
	    "        proxy_http_version 1.1;\n"
	    "        proxy_set_header Upgrade $http_upgrade;\n"
	    "        proxy_set_header Connection $postern_connection;\n",
	    target);
}

static void
snippet_nginx(FILE *f, const struct snippet *sn)
{
	char	target[URL_MAX + HOSTPORT_MAX + 32];
	int	prefixed = sn->ext.path[0] != '\0';

	fprintf(f,
	    "# Include this file in nginx's http { } block (Debian: put it in\n"
	    "# /etc/nginx/sites-available/ and link it from sites-enabled/).\n"
	    "# Keep underscores_in_headers off (the default): nginx then drops\n"
	    "# client headers such as Remote_User, which some applications would\n"
	    "# read as Remote-User.\n"
	    "\n"
	    "# WebSocket: ask the application to upgrade only when the client did.\n"
	    "map $http_upgrade $postern_connection {\n"
	    "    default upgrade;\n"
	    "    \"\"      close;\n"
	    "}\n"
	    "\n"
	    "server {\n"
	    "    listen %d;\n"
	    "    server_name %s;\n"
	    "\n"
	    "    # TLS%s: replace \"listen %d;\" with\n"
	    "    #     listen 443 ssl;\n"
	    "    #     ssl_certificate     /etc/ssl/certs/%s.pem;\n"
	    "    #     ssl_certificate_key /etc/ssl/private/%s.key;\n"
	    "    # (and the external URL's port, if it is not 443), and send\n"
	    "    # plain http to https from a server block of its own.\n"
	    "\n",
	    sn->listen, sn->ext.host,
	    sn->ext.https ? " (this application is https)" : "",
	    sn->listen, sn->ext.host, sn->ext.host);

	fprintf(f,
	    "    # The authorization subrequest: authz-fcgi in the RESPONDER role,\n"
	    "    # given exactly the parameters it reads and never the body.\n"
	    "    location = /.postern/auth {\n"
	    "        internal;\n");
	if (sn->unixsock)
		fprintf(f, "        fastcgi_pass unix:%s;\n", sn->sockpath);
	else
		fprintf(f, "        fastcgi_pass %s:%d;\n", sn->authzhost,
		    sn->authzport);
	fprintf(f,
	    "        fastcgi_pass_request_body off;\n"
	    "        fastcgi_pass_request_headers off;\n"
	    "        fastcgi_param CONTENT_LENGTH \"\";\n"
	    "        fastcgi_param REQUEST_METHOD $request_method;\n"
	    "        fastcgi_param REQUEST_URI $request_uri;\n"
	    "        # $host is the host nginx chose this server by (the request\n"
	    "        # line's, else Host's), lowercased, without the port.\n");
	if (sn->ext.port != 0)
		fprintf(f, "        fastcgi_param HTTP_HOST $host:%d;\n",
		    sn->ext.port);
	else
		fprintf(f, "        fastcgi_param HTTP_HOST $host;\n");
	fprintf(f,
	    "        fastcgi_param HTTPS $https if_not_empty;\n"
	    "        fastcgi_param REMOTE_ADDR $remote_addr;\n"
	    "        fastcgi_param HTTP_COOKIE $http_cookie if_not_empty;\n"
	    "        fastcgi_param HTTP_ACCEPT $http_accept if_not_empty;\n"
	    "        # Read only when REMOTE_ADDR is in proxy.trusted.\n"
	    "        fastcgi_param HTTP_X_FORWARDED_FOR $http_x_forwarded_for if_not_empty;\n"
	    "    }\n"
	    "\n"
	    "    # Not signed in (401): a 302 to the login, or a bare 401 for JSON\n"
	    "    # clients and methods other than GET and HEAD.  The single-mode\n"
	    "    # callback comes here too, with the session cookie to set.\n"
	    "    location @postern_login {\n"
	    "        add_header Set-Cookie $postern_cookie;\n"
	    "        add_header Cache-Control \"no-store\" always;\n"
	    "        if ($postern_location = \"\") {\n"
	    "            return 401;\n"
	    "        }\n"
	    "        return 302 $postern_location;\n"
	    "    }\n");

	if (!prefixed) {
		/* No URI part: the request URI goes to the application as is. */
		if (sn->in.path[0] == '\0')
			snprintf(target, sizeof(target), "%s", sn->upstream);
		else
			snprintf(target, sizeof(target), "%s%s/", sn->upstream,
			    sn->in.path);
		fprintf(f, "\n    location / {\n");
		snippet_nginx_body(f, target);
		fprintf(f, "    }\n");
	} else {
		if (sn->in.path[0] == '\0')
			snprintf(target, sizeof(target), "%s", sn->upstream);
		else
			snprintf(target, sizeof(target), "%s%s/", sn->upstream,
			    sn->in.path);
		fprintf(f, "\n    # %s and everything under it, on a segment "
		    "boundary.\n    location %s/ {\n", sn->ext.path,
		    sn->ext.path);
		snippet_nginx_body(f, target);
		fprintf(f, "    }\n");
		if (sn->in.path[0] != '\0')
			snprintf(target, sizeof(target), "%s%s", sn->upstream,
			    sn->in.path);
		fprintf(f, "\n    location = %s {\n", sn->ext.path);
		snippet_nginx_body(f, target);
		fprintf(f, "    }\n");
		if (sn->single) {
			/* The callback is at the root of the host. */
			fprintf(f, "\n    # The single-mode callback.\n"
			    "    location = /.postern/callback {\n");
			snippet_nginx_body(f, sn->upstream);
			fprintf(f, "    }\n");
		}
		fprintf(f, "\n    # Other paths of this host belong to no "
		    "application (yet).\n"
		    "    location / {\n        return 404;\n    }\n");
	}
	fprintf(f, "}\n");
}

/* ---------------------------------------------------------- lighttpd */

/* A path as a regex: only "." needs a backslash in our path alphabet. */
static void
snippet_regex_path(FILE *f, const char *path)
{
	for (; *path != '\0'; path++) {
		if (*path == '.')
			fputc('\\', f);
		fputc(*path, f);
	}
}

static void
snippet_lighttpd(FILE *f, const struct snippet *sn)
{
	const char	*ind = "    ";

	fprintf(f,
	    "# Include this file from lighttpd.conf (Debian: put it in\n"
	    "# /etc/lighttpd/conf-available/ and enable it with\n"
	    "# lighty-enable-mod).  It needs mod_magnet (Debian package\n"
	    "# lighttpd-modules-lua) and the script postern-identity.lua from\n"
	    "# postern's contrib/lighttpd/ at %s.\n"
	    "#\n"
	    "# mod_fastcgi MUST come before mod_proxy in server.modules: both\n"
	    "# claim the request in the same phase, and when mod_proxy is first\n"
	    "# it proxies without asking anyone.  Check with\n"
	    "#     lighttpd -p -f /etc/lighttpd/lighttpd.conf | grep server.modules\n"
	    "#\n"
	    "# How the identity reaches the application: lighttpd puts the\n"
	    "# Variable-* headers of authz-fcgi's 200 answer into the request's\n"
	    "# environment (REMOTE_USER, REMOTE_NAME, REMOTE_EMAIL, REMOTE_GROUPS),\n"
	    "# which mod_proxy does not send on.  postern-identity.lua copies them\n"
	    "# into the Remote-* request headers, on every request, and removes\n"
	    "# the client's own Remote-* headers in either spelling (Remote-User,\n"
	    "# Remote_User).\n"
	    "server.modules += ( \"mod_fastcgi\", \"mod_magnet\", \"mod_proxy\" )\n"
	    "\n"
	    "$HTTP[\"host\"] == \"%s\" {\n"
	    "    # TLS%s: lighttpd serves https from a\n"
	    "    # $SERVER[\"socket\"] == \":443\" block with ssl.engine = \"enable\"\n"
	    "    # and ssl.pemfile; this block then applies to both.\n",
	    sn->lua, sn->hostport,
	    sn->ext.https ? " (this application is https)" : "");
	if (sn->ext.path[0] != '\0') {
		fprintf(f, "\n    # %s and everything under it, on a segment "
		    "boundary%s.\n    $HTTP[\"url\"] =~ \"^(", sn->ext.path,
		    sn->single ? ",\n    # and the single-mode callback" : "");
		snippet_regex_path(f, sn->ext.path);
		fprintf(f, "(/|$)%s)\" {\n",
		    sn->single ? "|/\\.postern/callback$" : "");
		ind = "        ";
	}
	fprintf(f, "\n%s# authz-fcgi in the AUTHORIZER role decides on every "
	    "request.\n%sfastcgi.server = ( \"/\" => ( \"postern\" => (\n",
	    ind, ind);
	if (sn->unixsock)
		fprintf(f, "%s    \"socket\" => \"%s\",\n", ind, sn->sockpath);
	else
		fprintf(f, "%s    \"host\" => \"%s\",\n%s    \"port\" => %d,\n",
		    ind, sn->authzhost_bare, ind, sn->authzport);
	fprintf(f,
	    "%s    \"check-local\" => \"disable\",\n"
	    "%s    \"mode\" => \"authorizer\",\n"
	    "%s) ) )\n"
	    "%smagnet.attract-raw-url-to = ( \"%s\" )\n"
	    "\n"
	    "%sproxy.server = ( \"\" => ( (\n"
	    "%s    \"host\" => \"%s\",\n"
	    "%s    \"port\" => %d,\n"
	    "%s) ) )\n",
	    ind, ind, ind, ind, sn->lua, ind, ind, sn->inhost_bare, ind,
	    sn->in.port != 0 ? sn->in.port : 80, ind);
	/* The application sees its own path: map the prefix when they differ. */
	if (sn->in.path[0] == '\0')
		fprintf(f, "%sproxy.header = ( \"upgrade\" => \"enable\" )\n",
		    ind);
	else if (sn->ext.path[0] == '\0')
		fprintf(f, "%sproxy.header = ( \"upgrade\" => \"enable\",\n"
		    "%s    \"map-urlpath\" => ( \"/\" => \"%s/\" ) )\n", ind, ind,
		    sn->in.path);
	else
		fprintf(f, "%sproxy.header = ( \"upgrade\" => \"enable\",\n"
		    "%s    \"map-urlpath\" => ( \"%s/\" => \"%s/\", "
		    "\"%s\" => \"%s\" ) )\n", ind, ind, sn->ext.path, sn->in.path,
		    sn->ext.path, sn->in.path);
	if (sn->ext.path[0] != '\0')
		fprintf(f, "    }\n");
	fprintf(f, "}\n");
}

/* ------------------------------------------------------------ apache */

static void
snippet_apache(FILE *f, const struct snippet *sn)
{
	char		 target[URL_MAX + HOSTPORT_MAX + 32];
	const char	*loc = sn->ext.path[0] != '\0' ? sn->ext.path : "/";

	/* The application sees the path it is given under loc. */
	snprintf(target, sizeof(target), "%s%s%s", sn->upstream,
	    sn->in.path[0] != '\0' ? sn->in.path : sn->ext.path,
	    sn->ext.path[0] == '\0' ? "/" : "");
	fprintf(f,
	    "# Include this file from apache2.conf (Debian: put it in\n"
	    "# /etc/apache2/sites-available/ and a2ensite it), with\n"
	    "#     a2enmod authnz_fcgi headers proxy proxy_http\n"
	    "#\n"
	    "# mod_authnz_fcgi reaches authz-fcgi over TCP only: run it with\n"
	    "# --listen %s:%d.  Notes from mod_authnz_fcgi's documentation:\n"
	    "#  - REMOTE_PASSWD: were Basic authentication ever added here, the\n"
	    "#    password would be sent to authz-fcgi as REMOTE_PASSWD.  Never\n"
	    "#    log it: keep \"LogLevel authnz_fcgi\" below trace5, at which\n"
	    "#    every byte exchanged with authz-fcgi (cookies included) is\n"
	    "#    logged; trace2 logs the parameters.\n"
	    "#  - Internal subrequests are not checked again: providers are\n"
	    "#    registered AP_AUTH_INTERNAL_PER_CONF, so a subrequest or\n"
	    "#    internal redirect under the same access configuration\n"
	    "#    (mod_rewrite [PT], ErrorDocument, DirectoryIndex, SSI) rides on\n"
	    "#    the first decision.  Keep this virtual host to this one\n"
	    "#    application.\n"
	    "\n"
	    "# authz-fcgi as a generic FastCGI authorizer (authentication and\n"
	    "# authorization in one call; a server-wide directive).\n"
	    "AuthnzFcgiDefineProvider authnz postern fcgi://%s:%d/\n"
	    "\n"
	    "<VirtualHost *:%d>\n"
	    "    ServerName %s\n"
	    "\n"
	    "    # TLS%s: make this <VirtualHost *:443> with\n"
	    "    #     SSLEngine on\n"
	    "    #     SSLCertificateFile    /etc/ssl/certs/%s.pem\n"
	    "    #     SSLCertificateKeyFile /etc/ssl/private/%s.key\n"
	    "    # (a2enmod ssl), and send plain http to https from a virtual\n"
	    "    # host of its own.\n"
	    "\n"
	    "    ProxyRequests Off\n"
	    "    ProxyPreserveHost On\n",
	    sn->authzhost, sn->authzport, sn->authzhost, sn->authzport,
	    sn->listen, sn->hostport,
	    sn->ext.https ? " (this application is https)" : "",
	    sn->ext.host, sn->ext.host);
	if (sn->in.https)
		fprintf(f, "    # The application is https (a2enmod ssl).\n"
		    "    SSLProxyEngine on\n");
	fprintf(f,
	    "\n"
	    "    <Location \"%s\">\n"
	    "        # authz-fcgi decides in the authentication phase: its 302 to\n"
	    "        # the login, 401 and 403 go to the client as they are; its\n"
	    "        # 200 sets REMOTE_USER, REMOTE_NAME, REMOTE_EMAIL and\n"
	    "        # REMOTE_GROUPS.  \"Require postern\" then passes only what\n"
	    "        # authz-fcgi passed in this very request.  DefaultUser names\n"
	    "        # the anonymous visitor of an unauthenticated path (no\n"
	    "        # username can hold parentheses).\n"
	    "        AuthnzFcgiCheckAuthnProvider postern Authoritative On \\\n"
	    "            RequireBasicAuth Off UserExpr \"%%{reqenv:REMOTE_USER}\" \\\n"
	    "            DefaultUser (anonymous)\n"
	    "        Require postern\n"
	    "\n"
	    "        ProxyPass \"%s\" upgrade=websocket\n"
	    "        ProxyPassReverse \"%s\"\n"
	    "\n"
	    "        # The identity, set on every request (empty when there is\n"
	    "        # none); the client's own Remote-* headers never pass, nor\n"
	    "        # their underscore spellings, which some applications read\n"
	    "        # as the same header.\n"
	    "        RequestHeader set Remote-User \"%%{REMOTE_USER}e\"\n"
	    "        RequestHeader set Remote-Name \"%%{REMOTE_NAME}e\"\n"
	    "        RequestHeader set Remote-Email \"%%{REMOTE_EMAIL}e\"\n"
	    "        RequestHeader set Remote-Groups \"%%{REMOTE_GROUPS}e\"\n"
	    "        RequestHeader unset Remote_User\n"
	    "        RequestHeader unset Remote_Name\n"
	    "        RequestHeader unset Remote_Email\n"
	    "        RequestHeader unset Remote_Groups\n"
	    "    </Location>\n",
	    loc, target, target);
	if (sn->single && sn->ext.path[0] != '\0')
		fprintf(f,
		    "\n"
		    "    # The single-mode callback, at the root of the host.\n"
		    "    <Location \"/.postern/callback\">\n"
		    "        AuthnzFcgiCheckAuthnProvider postern Authoritative On \\\n"
		    "            RequireBasicAuth Off UserExpr \"%%{reqenv:REMOTE_USER}\" \\\n"
		    "            DefaultUser (anonymous)\n"
		    "        Require postern\n"
		    "    </Location>\n");
	fprintf(f, "</VirtualHost>\n");
}

/* ------------------------------------------------------------ common */

/*
 * Write the snippet of server (nginx, lighttpd, apache) for the
 * application slug of provider p to standard output, or, with dry set,
 * only check that it can be written.  authz and lua may be NULL for the
 * defaults.  Returns an exit status; a refusal has been reported.
 */
int
snippet_emit(struct admin *a, const char *server, const struct provider *p,
    const char *slug, const char *authz, const char *lua, int dry)
{
	struct snippet	 sn;
	FILE		*f;
	char		*text = NULL;
	size_t		 len = 0;
	int		 rc;

	if ((rc = snippet_prepare(a, &sn, server, p, slug, authz, lua)) !=
	    EXIT_DONE || dry)
		return rc;
	if (sn.login[0] == '\0')
		fprintf(stderr, "authz-admin: warning: login.url is not set: "
		    "authz-fcgi cannot send anyone to sign in (authz-admin set "
		    "login.url URL)\n");
	if ((f = open_memstream(&text, &len)) == NULL)
		return admin_refuse(PERR_NOMEM, "snippet");
	fprintf(f, "# postern: application %s, %s -> %s\n"
	    "# Users sign in at %s.\n"
	    "# Written by\n"
	    "#     authz-admin snippet %s %s --authz %s\n",
	    sn.slug, sn.exttext, sn.intext,
	    sn.login[0] != '\0' ? sn.login : "login.url (not set yet)",
	    server, sn.slug, sn.authz_arg);
	if (sn.server == SN_LIGHTTPD)
		fprintf(f, "#         --lua %s\n", sn.lua);
	fprintf(f, "#\n");
	switch (sn.server) {
	case SN_NGINX:
		snippet_nginx(f, &sn);
		break;
	case SN_LIGHTTPD:
		snippet_lighttpd(f, &sn);
		break;
	case SN_APACHE:
		snippet_apache(f, &sn);
		break;
	}
	if (fclose(f) != 0) {
		free(text);
		return admin_refuse(PERR_NOMEM, "snippet");
	}
	if (a->json) {
		out_obj_begin();
		out_str("server", server);
		out_str("app", sn.slug);
		out_str("external", sn.exttext);
		out_str("internal", sn.intext);
		out_str("authz", sn.authz_arg);
		out_str("config", text);
		out_obj_end();
	} else
		fputs(text, stdout);
	free(text);
	return EXIT_DONE;
}

/* ------------------------------------------------------------ htaccess */

/* The gate's options, every path made absolute and real. */
struct htaccess {
	char	dir[PATH_MAX];		/* the protected directory */
	char	cgidir[PATH_MAX];	/* where the gate runs */
	char	db[PATH_MAX];
	char	gate[PATH_MAX + 16];
	char	php[PATH_MAX];		/* "" for none */
};

/* realpath() of arg into out, refused unless it is a plain path. */
static int
htaccess_path(const char *opt, const char *arg, char *out)
{
	if (arg == NULL)
		return admin_usage(SN_USAGE, "snippet htaccess: %s is needed",
		    opt);
	if (realpath(arg, out) == NULL)
		return admin_refuse(PERR_OK, "snippet htaccess: %s %s: it does "
		    "not exist", opt, arg);
	if (!snippet_safe(out, "/._-+@~"))
		return admin_refuse(PERR_OK, "snippet htaccess: %s %s: only "
		    "paths of letters, digits and /._-+@~ can be written", opt,
		    out);
	return EXIT_DONE;
}

/*
 * What both recipes need: the two directories and the store as real
 * paths, the CGI directory's URL path, the outpost, and the provider's
 * external URL.  EXIT_DONE, or the refusal already said.
 */
static int
htaccess_args(struct admin *a, const struct provider *p, const char *dir,
    const char *cgidir, const char **cgiurl, const char **outpost,
    struct htaccess *h, struct url *ext)
{
	const char	*why = NULL;
	int		 rc;

	memset(h, 0, sizeof(*h));
	if ((rc = htaccess_path("--dir", dir, h->dir)) != EXIT_DONE ||
	    (rc = htaccess_path("--cgi-dir", cgidir, h->cgidir)) != EXIT_DONE ||
	    (rc = htaccess_path("--db", a->db, h->db)) != EXIT_DONE)
		return rc;
	if (*cgiurl == NULL || (*cgiurl)[0] != '/' ||
	    !snippet_safe(*cgiurl, "/._-~"))
		return admin_usage(SN_USAGE, "snippet htaccess: --cgi-url is "
		    "the CGI directory's URL path (/cgi-bin)");
	if (*outpost == NULL)
		*outpost = "embedded";
	if (!snippet_safe(*outpost, "._-"))
		return admin_refuse(PERR_OK, "snippet htaccess: --outpost %s: "
		    "a bad name", *outpost);
	if (url_parse(p->external, ext, &why) != PERR_OK)
		return admin_refuse(PERR_OK, "provider %s: external URL: %s",
		    p->name, why != NULL ? why : "bad");
	return EXIT_DONE;
}

/*
 * Recipe 2 of shared hosting: the protected directory denies everything
 * (inside <If>, which is merged after every other section, so no
 * <Files> or handler of the host's can win over it) and sends the 403 to
 * the gate; only the gate's own local redirect (REDIRECT_STATUS 200 and
 * REDIRECT_SCRIPT_FILENAME the gate, neither of which a client can set)
 * would pass.  tests/hosting runs exactly this.
 */
static int
snippet_htaccess(struct admin *a, const struct provider *p, const char *slug,
    const char *dir, const char *cgidir, const char *cgiurl,
    const char *php, const char *outpost)
{
	struct htaccess	 h;
	struct url	 ext;
	char		 exturl[URL_MAX + 1];
	int		 rc;

	if ((rc = htaccess_args(a, p, dir, cgidir, &cgiurl, &outpost, &h,
	    &ext)) != EXIT_DONE)
		return rc;
	if (php != NULL && (rc = htaccess_path("--php-cgi", php, h.php)) !=
	    EXIT_DONE)
		return rc;
	if (!snippet_safe(ext.path, "/._~-"))
		return admin_refuse(PERR_OK, "provider %s: the snippet can "
		    "only write paths of letters, digits and /._~-", p->name);
	/*
	 * A single-mode application's callback is /.postern/callback at the
	 * root of its host: it reaches the gate only from a directory that is
	 * the whole site.
	 */
	if (p->mode == PMODE_SINGLE && ext.path[0] != '\0' &&
	    strcmp(ext.path, "/") != 0)
		return admin_refuse(PERR_OK, "snippet htaccess --gate: "
		    "provider %s is in single mode, whose callback "
		    "(/.postern/callback, at the root of the host) never "
		    "reaches a gate for %s; protect the whole site (an "
		    "external URL without a path) or use mode domain",
		    p->name, ext.path);
	snprintf(h.gate, sizeof(h.gate), "%s/authz-cgi", h.cgidir);
	url_format(&ext, exturl, sizeof(exturl));

	printf("# postern: %s behind authz-cgi, with .htaccess files alone.\n"
	    "# Install the gate as %s\n"
	    "#     cp %s/authz-cgi %s\n"
	    "# (a copy: suexec runs no symbolic link), then write the three\n"
	    "# files below, each after its \"#### file:\" line.\n"
	    "# The host must allow \"AllowOverride AuthConfig FileInfo Options\"\n"
	    "# and run CGI programs as their owner (suexec).\n",
	    slug, h.gate, POSTERN_PKGLIBEXECDIR, h.gate);
	printf("#### file: %s/.htaccess\n"
	    "# postern: every request here is denied and goes to the gate,\n"
	    "# which decides and delivers (authz-cgi(8)).\n"
	    "Options -Indexes -ExecCGI\n"
	    "SetEnvIf Request_Method \"^(.*)$\" HANDLER=$1\n"
	    "ErrorDocument 403 %s/authz-cgi\n"
	    "<If \"! (%%{ENV:REDIRECT_STATUS} == '200' && "
	    "%%{ENV:REDIRECT_SCRIPT_FILENAME} == '%s')\">\n"
	    "    Require all denied\n"
	    "</If>\n", h.dir, strcmp(cgiurl, "/") == 0 ? "" : cgiurl,
	    h.gate);
	printf("#### file: %s/.htaccess\n"
	    "# postern: the gate, and nothing else, runs here.\n"
	    "Options +ExecCGI -Indexes\n"
	    "<Files \"authz-cgi\">\n"
	    "    SetHandler cgi-script\n"
	    "</Files>\n"
	    "# Its configuration and the self-test's ticket are never served.\n"
	    "<FilesMatch \"^authz-cgi\\.\">\n"
	    "    Require all denied\n"
	    "</FilesMatch>\n"
	    "# Keep the gate's Content-Length (Apache 2.4.59 and later drop it).\n"
	    "SetEnv ap_trust_cgilike_cl 1\n"
	    "# The gate hands files to mod_xsendfile only once \"authz-admin gate\n"
	    "# test\" has proved that it delivers them (x-sendfile on in\n"
	    "# authz-cgi.conf); until then the gate sends them itself.\n"
	    "<IfModule mod_xsendfile.c>\n"
	    "    XSendFile On\n"
	    "</IfModule>\n", h.cgidir);
	printf("#### file: %s/authz-cgi.conf\n"
	    "db %s\n"
	    "outpost %s\n"
	    "app %s\n"
	    "root %s\n"
	    "prefix %s\n"
	    "%s%s%s"
	    "# x-sendfile is written by \"authz-admin gate test\" alone, never by\n"
	    "# hand: on once it has proved that Apache delivers the files\n"
	    "# through mod_xsendfile, else off.  Run it after installing, and\n"
	    "# again after moving the site or a change of the host's Apache:\n"
	    "#   authz-admin gate test --dir %s --url %s\n",
	    h.cgidir, h.db, outpost, slug, h.dir,
	    ext.path[0] != '\0' ? ext.path : "/",
	    h.php[0] != '\0' ? "php-cgi " : "", h.php,
	    h.php[0] != '\0' ? "\n" : "", h.cgidir, exturl);
	return fflush(stdout) == 0 ? EXIT_DONE : EXIT_REFUSED;
}

/*
 * Recipe 1 of shared hosting, for hosts with mod_fcgid: authz-fcgi is the
 * protected directory's FcgidAccessChecker (allowed in .htaccess under
 * FileInfo) and login-cgi its ErrorDocument 401, which mod_fcgid makes of
 * every refusal.  mod_fcgid runs the checker with no arguments and none of
 * the directory's SetEnv values (its FcgidInitialEnv is server
 * configuration), and suexec drops them for CGI programs, so both run
 * through a two-line wrapper that names the store.  tests/hosting runs
 * exactly this.
 */
static int
snippet_fcgid(struct admin *a, const struct provider *p, const char *slug,
    const char *dir, const char *cgidir, const char *cgiurl,
    const char *outpost)
{
	struct htaccess	 h;
	struct url	 ext;
	int		 rc;

	if ((rc = htaccess_args(a, p, dir, cgidir, &cgiurl, &outpost, &h,
	    &ext)) != EXIT_DONE)
		return rc;
	if (p->mode == PMODE_SINGLE)
		return admin_refuse(PERR_OK, "snippet htaccess --fcgid: "
		    "provider %s is in single mode, which needs a callback "
		    "an access checker cannot answer (use mode domain)",
		    p->name);
	if (strcmp(cgiurl, "/") == 0)
		cgiurl = "";

	printf("# postern: %s behind mod_fcgid's access checker (authz-fcgi),\n"
	    "# with .htaccess files alone.  Write the four files below, each\n"
	    "# after its \"#### file:\" line, then\n"
	    "#     chmod 755 %s/authz-fcgi.sh %s/login-cgi\n"
	    "# The host must load mod_fcgid, allow \"AllowOverride AuthConfig\n"
	    "# FileInfo Options\" and run programs as their owner (suexec).  The\n"
	    "# directory's URL must be the application's external URL.\n",
	    slug, h.cgidir, h.cgidir);
	printf("#### file: %s/authz-fcgi.sh\n"
	    "#!/bin/sh\n"
	    "# postern: mod_fcgid passes no arguments (authz-fcgi(8)).\n"
	    "exec %s/authz-fcgi --db %s --outpost %s --threads 1\n",
	    h.cgidir, POSTERN_SBINDIR, h.db, outpost);
	printf("#### file: %s/login-cgi\n"
	    "#!/bin/sh\n"
	    "# postern: the login pages, and the ErrorDocument 401.\n"
	    "exec %s/login-cgi --db %s --templates %s\n",
	    h.cgidir, POSTERN_PKGLIBEXECDIR, h.db, POSTERN_TEMPLATEDIR);
	printf("#### file: %s/.htaccess\n"
	    "# postern: authz-fcgi decides every request here; mod_fcgid\n"
	    "# makes each refusal a 401, and login-cgi sends it to the login.\n"
	    "FcgidAccessChecker %s/authz-fcgi.sh\n"
	    "ErrorDocument 401 %s/login-cgi/start?app=%s\n"
	    "# No dotfiles, even for the signed-in (.htaccess, .git, ...).\n"
	    "<FilesMatch \"^\\.\">\n"
	    "    Require all denied\n"
	    "</FilesMatch>\n"
	    "<IfModule mod_headers.c>\n"
	    "    # mod_fcgid also sends the identity to the browser.\n"
	    "    Header always unset Variable-REMOTE_USER\n"
	    "    Header always unset Variable-REMOTE_NAME\n"
	    "    Header always unset Variable-REMOTE_EMAIL\n"
	    "    Header always unset Variable-REMOTE_GROUPS\n"
	    "</IfModule>\n", h.dir, h.cgidir, cgiurl, slug);
	printf("#### file: %s/.htaccess\n"
	    "# postern: login-cgi runs here; the checker's wrapper is not served.\n"
	    "Options +ExecCGI -Indexes\n"
	    "<Files \"login-cgi\">\n"
	    "    SetHandler cgi-script\n"
	    "</Files>\n"
	    "<Files \"authz-fcgi.sh\">\n"
	    "    Require all denied\n"
	    "</Files>\n", h.cgidir);
	return fflush(stdout) == 0 ? EXIT_DONE : EXIT_REFUSED;
}

static int
snippet_exec(struct admin *a, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "authz", required_argument, NULL, 'a' },
		{ "lua", required_argument, NULL, 'l' },
		{ "gate", no_argument, NULL, 'g' },
		{ "fcgid", no_argument, NULL, 'f' },
		{ "dir", required_argument, NULL, 'd' },
		{ "cgi-dir", required_argument, NULL, 'c' },
		{ "cgi-url", required_argument, NULL, 'u' },
		{ "php-cgi", required_argument, NULL, 'p' },
		{ "outpost", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 }
	};
	const char	*dir = NULL, *cgidir = NULL, *cgiurl = NULL;
	const char	*php = NULL, *outpost = NULL;
	int		 gate = 0, fcgid = 0;
	struct app	 ap;
	struct provider	 p;
	const char	*authz = NULL, *lua = NULL;
	int		 ch;
	enum perr	 e;

	if (admin_help(argc, argv, SN_USAGE))
		return EXIT_DONE;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'a':
			authz = optarg;
			break;
		case 'l':
			lua = optarg;
			break;
		case 'g':
			gate = 1;
			break;
		case 'f':
			fcgid = 1;
			break;
		case 'd':
			dir = optarg;
			break;
		case 'c':
			cgidir = optarg;
			break;
		case 'u':
			cgiurl = optarg;
			break;
		case 'p':
			php = optarg;
			break;
		case 'o':
			outpost = optarg;
			break;
		default:
			return admin_usage(SN_USAGE, "snippet: bad option");
		}
	}
	if (argc - optind != 2)
		return admin_usage(SN_USAGE, "snippet: a server and one APP "
		    "are needed");
	if (app_slug_check(argv[optind + 1]) != PERR_OK ||
	    (e = store_app_get(a->st, argv[optind + 1], &ap)) == PERR_NOTFOUND)
		return admin_refuse(PERR_OK, "snippet: %s: no such application",
		    argv[optind + 1]);
	if (e != PERR_OK)
		return admin_refuse(e, "snippet: %s", argv[optind + 1]);
	if ((e = store_provider_get_id(a->st, ap.provider_id, &p)) != PERR_OK)
		return admin_refuse(e, "snippet: %s: its provider", ap.slug);
	if (strcmp(argv[optind], "htaccess") == 0) {
		if (gate == fcgid)
			return admin_usage(SN_USAGE, "snippet htaccess: --gate "
			    "or --fcgid");
		if (fcgid && php != NULL)
			return admin_usage(SN_USAGE, "snippet htaccess: "
			    "--php-cgi is for --gate (with --fcgid the host's "
			    "own PHP handler runs PHP)");
		if (fcgid)
			return snippet_fcgid(a, &p, ap.slug, dir, cgidir,
			    cgiurl, outpost);
		return snippet_htaccess(a, &p, ap.slug, dir, cgidir, cgiurl,
		    php, outpost);
	}
	if (gate || fcgid || dir != NULL || cgidir != NULL || cgiurl != NULL ||
	    php != NULL || outpost != NULL)
		return admin_usage(SN_USAGE, "snippet: --gate, --fcgid, --dir, "
		    "--cgi-dir, --cgi-url, --php-cgi and --outpost are for "
		    "htaccess");
	return snippet_emit(a, argv[optind], &p, ap.slug, authz, lua, 0);
}

const struct cmd cmd_snippet = { "snippet", SN_USAGE, snippet_exec, 0 };
