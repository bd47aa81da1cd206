/* postern: authz-fcgi's answers, in the shape of each FastCGI role. */
/*
 * Every answer carries an explicit Status line (lighttpd takes a missing
 * one for 200) and Cache-Control: no-store, except an AUTHORIZER's 200,
 * whose extra headers Apache would pass on to the application's page.  RESPONDER (nginx
 * auth_request) gets 401 with a Location for the login, which the nginx
 * snippet turns into a 302; AUTHORIZER (lighttpd, Apache) gets the 302
 * itself, and the identity as Variable-* headers.  mod_fcgid's access
 * checker (shared hosting, recipe 1) is an AUTHORIZER that takes any
 * Location for a failure and turns every refusal into a 401 for its
 * ErrorDocument (login-cgi): it gets 401 or 403 without a Location.
 * Bodies are fixed text: nothing of the request is reflected.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "authz.h"
#include "lib/decide.h"

static const char *
respond_reason(int status)
{
	switch (status) {
	case 200:
		return "OK";
	case 302:
		return "Found";
	case 401:
		return "Unauthorized";
	case 403:
		return "Forbidden";
	default:
		return "Internal Server Error";
	}
}

/* The identity headers of one role; "" values for an anonymous allow. */
static int
respond_identity(FCGX_Stream *out, const struct identity *id, int role)
{
	if (role != ROLE_RESPONDER)
		return FCGX_FPrintF(out, "Variable-REMOTE_USER: %s\r\n"
		    "Variable-REMOTE_NAME: %s\r\n"
		    "Variable-REMOTE_EMAIL: %s\r\n"
		    "Variable-REMOTE_GROUPS: %s\r\n",
		    id->user, id->name, id->email, id->groups);
	return FCGX_FPrintF(out, "Remote-User: %s\r\nRemote-Name: %s\r\n"
	    "Remote-Email: %s\r\nRemote-Groups: %s\r\n",
	    id->user, id->name, id->email, id->groups);
}

int
respond_error(FCGX_Request *req, int status, const char *why)
{
	return FCGX_FPrintF(req->out, "Status: %d %s\r\n"
	    "Cache-Control: no-store\r\n"
	    "Content-Type: text/plain; charset=utf-8\r\n"
	    "X-Content-Type-Options: nosniff\r\n\r\n%s\n",
	    status, respond_reason(status), why);
}

/* The status an outcome is answered with in this role. */
int
respond_status(const struct decision *d, int role)
{
	switch (d->outcome) {
	case OUTCOME_LOGIN:
	case OUTCOME_CONSENT:
		/* The access checker's 401 goes to login-cgi's ErrorDocument. */
		return role == ROLE_AUTHORIZER ? 302 : 401;
	case OUTCOME_CALLBACK:
		/*
		 * nginx's auth_request only knows 2xx, 401 and 403.  The
		 * access checker can set no cookie: a single-mode
		 * application cannot sign in through it.
		 */
		if (role == ROLE_ACCESS_CHECKER)
			return 403;
		return role == ROLE_AUTHORIZER ? 302 : 401;
	default:
		return decide_status(d->outcome);
	}
}

int
respond(FCGX_Request *req, const struct decision *d, int role)
{
	FCGX_Stream	*out = req->out;
	int		 status = respond_status(d, role), rc = 0;
	int		 authorizer = role != ROLE_RESPONDER;

	/* mod_fcgid: a refusal with a Location would be a failure anyway. */
	if (role == ROLE_ACCESS_CHECKER && d->outcome != OUTCOME_ALLOW &&
	    status != 500)
		return respond_error(req, status, status == 401 ?
		    "Sign in first." : "Access denied.") < 0 ? -1 : 0;

	switch (d->outcome) {
	case OUTCOME_ALLOW:
		/*
		 * AUTHORIZER: Status and Variable-* alone, since Apache's
		 * mod_authnz_fcgi adds every other header of a 200 to the
		 * application's own response (no-store would stick to it).
		 */
		rc |= FCGX_FPrintF(out, "Status: 200 OK\r\n%s",
		    authorizer ? "" : "Cache-Control: no-store\r\n") < 0;
		rc |= respond_identity(out, &d->id, role) < 0;
		rc |= FCGX_PutS("\r\n", out) < 0;
		break;
	case OUTCOME_LOGIN:
	case OUTCOME_CONSENT:
		rc |= FCGX_FPrintF(out, "Status: %d %s\r\n"
		    "Cache-Control: no-store\r\n"
		    "Location: %s\r\n"
		    "Content-Type: text/plain; charset=utf-8\r\n\r\n"
		    "Sign in first.\n", status, respond_reason(status),
		    d->location) < 0;
		break;
	case OUTCOME_CALLBACK:
		rc |= FCGX_FPrintF(out, "Status: %d %s\r\n"
		    "Cache-Control: no-store\r\n"
		    "Set-Cookie: %s\r\n"
		    "Location: %s\r\n"
		    "Content-Type: text/plain; charset=utf-8\r\n\r\n"
		    "Signed in.\n", status, respond_reason(status),
		    d->setcookie, d->location) < 0;
		break;
	case OUTCOME_UNAUTH:
		rc |= respond_error(req, 401, "Sign in first.") < 0;
		break;
	case OUTCOME_DENY:
	case OUTCOME_BAD:
		rc |= respond_error(req, 403, "Access denied.") < 0;
		break;
	default:
		rc |= respond_error(req, 500, "The authorizer failed; "
		    "access is refused.") < 0;
		break;
	}
	return rc ? -1 : 0;
}
