/* postern: fuzz harness for lib/fcgirec.c. */
/*
 * Invariants, each an abort() when broken: the answer is one of the
 * three; it depends on the first FCGIREC_PEEK_MAX bytes only; WHOLE means
 * a naive walk of the records, from the start, finds BEGIN_REQUEST then
 * PARAMS of the same id ending with an empty one inside the buffer; and a
 * WHOLE or MORE prefix stays WHOLE or MORE (never OTHER) as bytes are
 * taken away from its end, so a request arriving in pieces is never sent
 * to the workers halfway.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "lib/fcgirec.h"

#define FUZZ_CHECK(x)	do { if (!(x)) abort(); } while (0)

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* The end of the empty PARAMS record, or 0 when there is none. */
static size_t
naive_whole(const uint8_t *b, size_t len)
{
	size_t		off = 0, total;
	unsigned	id;

	if (len < 16 || b[0] != 1 || b[1] != 1 || (b[4] << 8 | b[5]) != 8)
		return 0;
	id = (unsigned)b[2] << 8 | b[3];
	if (id == 0)
		return 0;
	off = 8 + 8 + b[6];
	while (off + 8 <= len) {
		if (b[off] != 1 || b[off + 1] != 4 ||
		    ((unsigned)b[off + 2] << 8 | b[off + 3]) != id)
			return 0;
		total = 8 + ((size_t)b[off + 4] << 8 | b[off + 5]) + b[off + 6];
		if (off + total > len || off + total > FCGIREC_PEEK_MAX)
			return 0;
		if (b[off + 4] == 0 && b[off + 5] == 0)
			return off + total;
		off += total;
	}
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum fcgirec	st, st2;
	size_t		end, cut;

	st = fcgirec_state(data, size);
	FUZZ_CHECK(st == FCGIREC_OTHER || st == FCGIREC_MORE ||
	    st == FCGIREC_WHOLE);
	if (size > FCGIREC_PEEK_MAX)
		FUZZ_CHECK(fcgirec_state(data, FCGIREC_PEEK_MAX) == st);
	end = naive_whole(data, size);
	FUZZ_CHECK((st == FCGIREC_WHOLE) == (end != 0));
	if (st != FCGIREC_OTHER)
		for (cut = size; cut-- > 0;) {
			st2 = fcgirec_state(data, cut);
			FUZZ_CHECK(st2 != FCGIREC_OTHER);
			if (end != 0 && cut >= end)
				FUZZ_CHECK(st2 == FCGIREC_WHOLE);
		}
	return 0;
}
