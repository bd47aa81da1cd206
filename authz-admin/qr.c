/* postern: authz-admin: a QR code drawn in the terminal. */
/*
 * libqrencode makes the symbol; it is drawn with the Unicode half blocks
 * (two modules per character cell, one above the other) inside a quiet
 * zone of four modules.  Light modules are the drawn ones and dark modules
 * are left blank, so the code reads correctly as light on a dark
 * background; on a terminal the colours are set to exactly that (white on
 * black) for the drawing, so a light theme shows it the same way.  Only the
 * CLI draws QR codes, so this lives here rather than in lib/.  Built
 * --without-qrencode (the static bundle: Debian ships no libqrencode.a),
 * it only says so.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "admin.h"
#include "lib/token.h"

#ifndef HAVE_QRENCODE
enum perr
qr_print(const char *text)
{
	(void)text;
	fprintf(stderr, "authz-admin: no QR code (built without libqrencode): "
	    "enter the URI by hand\n");
	return PERR_OK;
}
#else
#include <qrencode.h>

#define QR_QUIET	4	/* modules of light margin on each side */

/* Is the module at (x, y) of the symbol with its margin light? */
static int
qr_light(const QRcode *q, int x, int y)
{
	int	w = q->width;

	x -= QR_QUIET;
	y -= QR_QUIET;
	if (x < 0 || y < 0 || x >= w || y >= w)
		return 1;		/* the quiet zone */
	return (q->data[y * w + x] & 1) == 0;
}

enum perr
qr_print(const char *text)
{
	/* Indexed by (top light) << 1 | (bottom light). */
	static const char *const cell[4] = { " ", "\u2584", "\u2580",
	    "\u2588" };
	FILE		*f = stdout;
	QRcode		*q;
	int		 x, y, size, top, bottom, tty;

	errno = 0;
	if ((q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8,
	    1)) == NULL)
		return errno == ENOMEM ? PERR_NOMEM : PERR_TOOLONG;
	tty = isatty(fileno(f));
	size = q->width + 2 * QR_QUIET;
	for (y = 0; y < size; y += 2) {
		if (tty)
			fputs("\033[97;40m", f);
		for (x = 0; x < size; x++) {
			top = qr_light(q, x, y);
			/* Below the last row is the terminal, not the code. */
			bottom = y + 1 < size ? qr_light(q, x, y + 1) : 0;
			fputs(cell[top << 1 | bottom], f);
		}
		if (tty)
			fputs("\033[0m", f);
		fputc('\n', f);
	}
	/* The symbol spells the secret: leave no copy in freed memory. */
	token_wipe(q->data, (size_t)q->width * (size_t)q->width);
	QRcode_free(q);
	return PERR_OK;
}
#endif /* HAVE_QRENCODE */
