/* postern: is a whole FastCGI request already there? */
/*
 * authz-fcgi answers a request in the thread that accepted its connection
 * only when the whole request is already in the socket buffer, so that
 * libfcgi's blocking reads never wait on the peer.  fcgirec_state() looks
 * at the bytes a MSG_PEEK returned: a web server's request is one
 * FCGI_BEGIN_REQUEST record (version 1, a request id other than 0, 8
 * bytes of body), then FCGI_PARAMS records of the same id, ended by an
 * empty one.  Anything else first (a management record, an abort, stdin
 * before the parameters end, another version, a request larger than
 * FCGIREC_PEEK_MAX) is for the workers, where libfcgi handles it.
 */
#ifndef POSTERN_FCGIREC_H
#define POSTERN_FCGIREC_H

#include <stddef.h>

#define FCGIREC_PEEK_MAX	16384	/* a request larger goes to a worker */

enum fcgirec {
	FCGIREC_OTHER = -1,	/* not the usual shape: for a worker */
	FCGIREC_MORE = 0,	/* the usual shape so far, not whole yet */
	FCGIREC_WHOLE = 1	/* BEGIN_REQUEST ... empty PARAMS, all there */
};

enum fcgirec	 fcgirec_state(const unsigned char *buf, size_t len);

#endif /* !POSTERN_FCGIREC_H */
