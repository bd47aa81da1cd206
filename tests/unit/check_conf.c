/* postern: tests for authz-cgi/conf.c, the gate's authz-cgi.conf. */
/*
 * conf_load() rows: one file each, written to a temporary directory, with
 * the result expected (0, or -1 and the reason) and, for a file that
 * loads, the x-sendfile setting and the defaults filled in.  The
 * x-sendfile rows cover on, off, the default, every other value (case,
 * yes/no, 1/0, empty, trailing words) and the key given twice.
 * conf_ticket() rows: the self-test's ticket at a fixed clock, valid from
 * now to GATE_PROBE_TTL_MAX ahead, and each malformed shape (no LF, two
 * lines, CR, signs, spaces, 20 digits, over 2^63 - 1, upper-case or other
 * hex, 65 digits, a NUL).  conf_xsendfile_path() rows: the paths that may
 * go in an X-Sendfile header, and each byte that may not.
 */
#include "config.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "authz-cgi/gate.h"
#include "tests.h"

#define NROWS(t)	((int)(sizeof(t) / sizeof((t)[0])))
#define BASE		"db /s/postern.db\napp files\nroot /srv/priv\n"

/* ------------------------------------------------------------ conf_load */

static const struct {
	const char	*text;
	int		 rc;
	const char	*why;		/* rc -1: the reason */
	int		 xsendfile;	/* rc 0 */
} conf_rows[] = {
	/* x-sendfile: off unless the file says on */
	{ BASE, 0, NULL, 0 },
	{ BASE "x-sendfile on\n", 0, NULL, 1 },
	{ BASE "x-sendfile off\n", 0, NULL, 0 },
	{ "x-sendfile on\n" BASE, 0, NULL, 1 },
	{ BASE "x-sendfile   on\n", 0, NULL, 1 },
	{ BASE "# x-sendfile on\n", 0, NULL, 0 },
	{ BASE "x-sendfile On\n", -1, "neither \"on\" nor \"off\"", 0 },
	{ BASE "x-sendfile ON\n", -1, "neither \"on\" nor \"off\"", 0 },
	{ BASE "x-sendfile yes\n", -1, "neither \"on\" nor \"off\"", 0 },
	{ BASE "x-sendfile no\n", -1, "neither \"on\" nor \"off\"", 0 },
	{ BASE "x-sendfile 1\n", -1, "neither \"on\" nor \"off\"", 0 },
	{ BASE "x-sendfile 0\n", -1, "neither \"on\" nor \"off\"", 0 },
	{ BASE "x-sendfile onn\n", -1, "neither \"on\" nor \"off\"", 0 },
	{ BASE "x-sendfile /on\n", -1, "neither \"on\" nor \"off\"", 0 },
	{ BASE "x-sendfile on off\n", -1, "not \"key value\"", 0 },
	{ BASE "x-sendfile on \n", -1, "not \"key value\"", 0 },
	{ BASE "x-sendfile\n", -1, "not \"key value\"", 0 },
	{ BASE "x-sendfile \n", -1, "not \"key value\"", 0 },
	{ BASE "x-sendfile on\nx-sendfile on\n", -1, "given twice", 0 },
	{ BASE "x-sendfile on\nx-sendfile off\n", -1, "given twice", 0 },
	{ BASE "X-Sendfile on\n", -1, "an unknown key", 0 },
	{ BASE "xsendfile on\n", -1, "an unknown key", 0 },
	{ BASE "x-sendfile on", -1, "too long", 0 },	/* no final LF */
	/* the other keys, as before */
	{ BASE "root /other\n", -1, "given twice", 0 },
	{ "db /s/postern.db\napp files\n", -1, "are required", 0 },
	{ BASE "php-cgi php-cgi\n", -1, "not absolute", 0 },
	{ BASE "frobnicate 1\n", -1, "an unknown key", 0 },
	{ "", -1, "are required", 0 },
};

static char	conf_dir[PATH_MAX];

static void
conf_setup(void)
{
	fixture_tmpdir(conf_dir, sizeof(conf_dir));
}

static void
conf_teardown(void)
{
	fixture_rmdir(conf_dir);
}

START_TEST(test_conf_load_gives_each_file_its_result)
{
	struct gate_conf	 c;
	char			 path[PATH_MAX + 32];
	const char		*why = NULL;
	FILE			*f;
	int			 rc;

	snprintf(path, sizeof(path), "%s/authz-cgi.conf", conf_dir);
	if ((f = fopen(path, "w")) == NULL ||
	    fputs(conf_rows[_i].text, f) < 0 || fclose(f) != 0)
		ck_abort_msg("cannot write %s", path);
	memset(&c, 'x', sizeof(c));
	rc = conf_load(path, &c, &why);
	ck_assert_msg(rc == conf_rows[_i].rc, "row %d: got %d (%s), want %d",
	    _i, rc, rc == -1 ? why : "", conf_rows[_i].rc);
	if (rc == -1) {
		ck_assert_ptr_nonnull(why);
		ck_assert_msg(strstr(why, conf_rows[_i].why) != NULL,
		    "row %d: why \"%s\", want \"%s\"", _i, why,
		    conf_rows[_i].why);
		return;
	}
	ck_assert_int_eq(c.xsendfile, conf_rows[_i].xsendfile);
	ck_assert_str_eq(c.db, "/s/postern.db");
	ck_assert_str_eq(c.app, "files");
	ck_assert_str_eq(c.root, "/srv/priv");
	ck_assert_str_eq(c.outpost, "embedded");
	ck_assert_str_eq(c.prefix, "");
	ck_assert_str_eq(c.php, "");
	ck_assert_str_eq(c.webuser, GATE_WEB_USER);
}
END_TEST

START_TEST(test_conf_load_of_a_missing_file_fails)
{
	struct gate_conf	 c;
	char			 path[PATH_MAX + 32];
	const char		*why = NULL;

	snprintf(path, sizeof(path), "%s/absent.conf", conf_dir);
	ck_assert_int_eq(conf_load(path, &c, &why), -1);
	ck_assert_str_eq(why, "cannot be read");
}
END_TEST

/* -------------------------------------------------- conf_xsendfile_path */

static const struct {
	const char	*path;
	int		 ok;
} xs_rows[] = {
	{ "/srv/priv/f.txt", 1 },
	{ "/", 1 },
	{ "/srv/priv/a file.pdf", 1 },			/* inner spaces */
	{ "/srv/priv/\xc3\x9c" "berblick.pdf", 1 },	/* UTF-8 */
	{ "/srv/priv/a+b,c;d=e@f~g!h'i(j)k", 1 },
	{ "/srv/priv/.postern-probe", 1 },
	{ "", 0 },
	{ "srv/priv/f.txt", 0 },			/* relative */
	{ "/srv/priv/f.txt ", 0 },			/* final space */
	{ "/srv/priv/f.txt\t", 0 },
	{ "/srv/priv/f\r\nX-Sendfile: /etc/passwd", 0 },
	{ "/srv/priv/f\n.txt", 0 },
	{ "/srv/priv/f\r.txt", 0 },
	{ "/srv/priv/\x01.txt", 0 },
	{ "/srv/priv/\x1f.txt", 0 },
	{ "/srv/priv/\x7f.txt", 0 },
	{ "/srv/priv/%2ehidden", 0 },			/* decoded by some */
	{ "/srv/priv/100%", 0 },
	{ "/srv/priv/%", 0 },
};

START_TEST(test_conf_xsendfile_path_takes_only_header_safe_paths)
{
	ck_assert_msg(conf_xsendfile_path(xs_rows[_i].path) == xs_rows[_i].ok,
	    "row %d \"%s\": want %d", _i, xs_rows[_i].path, xs_rows[_i].ok);
}
END_TEST

/* --------------------------------------------------------- conf_ticket */

#define H64	"0123456789abcdef0123456789abcdef" \
		"0123456789abcdef0123456789abcdef"
#define NOW	1800000000LL

static const struct {
	const char	*text;
	int		 rc;
	const char	*why;		/* rc -1 */
} ticket_rows[] = {
	{ H64 " 1800000060\n", 0, NULL },
	{ H64 " 1800000000\n", 0, NULL },		/* expires now */
	{ H64 " 1800000600\n", 0, NULL },		/* the longest */
	{ H64 " 01800000060\n", 0, NULL },		/* leading zero */
	{ H64 " 1799999999\n", -1, "expired" },
	{ H64 " 1\n", -1, "expired" },
	{ H64 " 1800000601\n", -1, "too long" },
	{ H64 " 9223372036854775807\n", -1, "too long" },
	{ H64 " 9223372036854775808\n", -1, "HASH EXPIRY" },	/* > 2^63-1 */
	{ H64 " 00000000001800000060\n", -1, "HASH EXPIRY" },	/* 20 digits */
	{ H64 " 0\n", -1, "HASH EXPIRY" },
	{ H64 " 1800000060", -1, "HASH EXPIRY" },	/* no LF */
	{ H64 " 1800000060\n\n", -1, "HASH EXPIRY" },	/* two lines */
	{ H64 " 1800000060\njunk\n", -1, "HASH EXPIRY" },
	{ H64 " 1800000060\r\n", -1, "HASH EXPIRY" },
	{ H64 "  1800000060\n", -1, "HASH EXPIRY" },
	{ H64 " +1800000060\n", -1, "HASH EXPIRY" },
	{ H64 " -1800000060\n", -1, "HASH EXPIRY" },
	{ H64 " 1800000060 \n", -1, "HASH EXPIRY" },
	{ H64 " 18000x0060\n", -1, "HASH EXPIRY" },
	{ H64 " \n", -1, "HASH EXPIRY" },
	{ H64 "\t1800000060\n", -1, "HASH EXPIRY" },
	{ H64 "\n", -1, "HASH EXPIRY" },
	{ "0" H64 " 1800000060\n", -1, "HASH EXPIRY" },	/* 65 digits */
	{ "0123456789ABCDEF0123456789abcdef"
	  "0123456789abcdef0123456789abcdef 1800000060\n", -1, "HASH EXPIRY" },
	{ "0123456789abcdeg0123456789abcdef"
	  "0123456789abcdef0123456789abcdef 1800000060\n", -1, "HASH EXPIRY" },
	{ "", -1, "HASH EXPIRY" },
};

START_TEST(test_conf_ticket_gives_each_ticket_its_result)
{
	uint8_t		 hash[GATE_PROBE_HEX / 2];
	const char	*why = NULL;
	size_t		 i;
	int		 rc;

	memset(hash, 0xee, sizeof(hash));
	rc = conf_ticket(ticket_rows[_i].text, strlen(ticket_rows[_i].text),
	    (time_t)NOW, hash, &why);
	ck_assert_msg(rc == ticket_rows[_i].rc, "row %d: got %d (%s)", _i, rc,
	    rc == -1 ? why : "");
	if (rc == -1) {
		ck_assert_msg(strstr(why, ticket_rows[_i].why) != NULL,
		    "row %d: why \"%s\", want \"%s\"", _i, why,
		    ticket_rows[_i].why);
		for (i = 0; i < sizeof(hash); i++)
			ck_assert_uint_eq(hash[i], 0);
		return;
	}
	for (i = 0; i < sizeof(hash); i += 8) {
		ck_assert_uint_eq(hash[i], 0x01);
		ck_assert_uint_eq(hash[i + 7], 0xef);
	}
}
END_TEST

/* A NUL inside the ticket is one more malformed byte. */
START_TEST(test_conf_ticket_refuses_a_nul)
{
	uint8_t		 hash[GATE_PROBE_HEX / 2];
	char		 t[] = H64 " 1800000060\n";
	const char	*why = NULL;

	t[GATE_PROBE_HEX + 3] = '\0';
	ck_assert_int_eq(conf_ticket(t, sizeof(t) - 1, (time_t)NOW, hash,
	    &why), -1);
	t[GATE_PROBE_HEX + 3] = '0';
	t[5] = '\0';
	ck_assert_int_eq(conf_ticket(t, sizeof(t) - 1, (time_t)NOW, hash,
	    &why), -1);
}
END_TEST

Suite *
suite_conf(void)
{
	Suite	*s = suite_create("conf");
	TCase	*tc;

	tc = tcase_create("conf_load");
	tcase_add_checked_fixture(tc, conf_setup, conf_teardown);
	tcase_add_loop_test(tc, test_conf_load_gives_each_file_its_result, 0,
	    NROWS(conf_rows));
	tcase_add_test(tc, test_conf_load_of_a_missing_file_fails);
	suite_add_tcase(s, tc);

	tc = tcase_create("conf_ticket");
	tcase_add_loop_test(tc, test_conf_ticket_gives_each_ticket_its_result,
	    0, NROWS(ticket_rows));
	tcase_add_test(tc, test_conf_ticket_refuses_a_nul);
	suite_add_tcase(s, tc);

	tc = tcase_create("conf_xsendfile_path");
	tcase_add_loop_test(tc,
	    test_conf_xsendfile_path_takes_only_header_safe_paths, 0,
	    NROWS(xs_rows));
	suite_add_tcase(s, tc);
	return s;
}
