/* postern: the benchmark's floor: the least a libfcgi authorizer can do. */
/*
 * A FastCGI responder on libfcgi that answers 200 when the request has a
 * non-empty HTTP_COOKIE and 401 otherwise: no store, no hashing, no
 * parsing, one thread.  bench/run puts it behind the same nginx
 * auth_request location as authz-fcgi, so the difference between the two
 * rows is what postern itself costs over the FastCGI round trip.
 *
 *   floor-authz unix:PATH | HOST:PORT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <fcgiapp.h>

int
main(int argc, char *argv[])
{
	FCGX_Request	 req;
	const char	*cookie, *path;
	int		 fd;

	if (argc != 2) {
		fprintf(stderr, "usage: floor-authz unix:PATH | HOST:PORT\n");
		return 2;
	}
	path = argv[1];
	if (strncmp(path, "unix:", 5) == 0) {
		path += 5;
		unlink(path);
	}
	if (FCGX_Init() != 0 || (fd = FCGX_OpenSocket(path, 1024)) == -1) {
		fprintf(stderr, "floor-authz: cannot listen on %s\n", argv[1]);
		return 1;
	}
	if (FCGX_InitRequest(&req, fd, 0) != 0)
		return 1;
	while (FCGX_Accept_r(&req) >= 0) {
		cookie = FCGX_GetParam("HTTP_COOKIE", req.envp);
		if (cookie != NULL && *cookie != '\0')
			FCGX_PutS("Status: 200 OK\r\n"
			    "Cache-Control: no-store\r\n\r\n", req.out);
		else
			FCGX_PutS("Status: 401 Unauthorized\r\n"
			    "Cache-Control: no-store\r\n\r\n", req.out);
		FCGX_Finish_r(&req);
	}
	return 0;
}
