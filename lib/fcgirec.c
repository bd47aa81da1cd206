/* postern: is a whole FastCGI request already there? */
/*
 * The record header (FastCGI 1.0, section 3.3): version, type, request id
 * (2 bytes), content length (2 bytes), padding length, reserved.  Only
 * the headers are read; the parameters themselves are libfcgi's to parse.
 */
#include "config.h"

#include <stdint.h>

#include "fcgirec.h"

#define REC_HEADER		8
#define REC_BEGIN_REQUEST	1
#define REC_PARAMS		4

enum fcgirec
fcgirec_state(const unsigned char *b, size_t len)
{
	size_t		off = 0, total;
	unsigned	type, id = 0, rid, clen;

	if (len > FCGIREC_PEEK_MAX)
		len = FCGIREC_PEEK_MAX;
	while (len - off >= REC_HEADER) {
		if (b[off] != 1)
			return FCGIREC_OTHER;
		type = b[off + 1];
		rid = (unsigned)b[off + 2] << 8 | b[off + 3];
		clen = (unsigned)b[off + 4] << 8 | b[off + 5];
		if (off == 0) {
			if (type != REC_BEGIN_REQUEST || rid == 0 || clen != 8)
				return FCGIREC_OTHER;
			id = rid;
		} else if (type != REC_PARAMS || rid != id)
			return FCGIREC_OTHER;
		total = REC_HEADER + clen + b[off + 6];
		if (total > FCGIREC_PEEK_MAX - off)
			return FCGIREC_OTHER;
		if (len - off < total)
			return FCGIREC_MORE;
		if (off > 0 && clen == 0)
			return FCGIREC_WHOLE;
		off += total;
	}
	/* A header still to come must fit as well. */
	return off + REC_HEADER > FCGIREC_PEEK_MAX ? FCGIREC_OTHER :
	    FCGIREC_MORE;
}
