/* postern: the unit-test runner's shared declarations. */
/*
 * One suite per library module, each in tests/unit/check_<module>.c and
 * exported as suite_<module>().  Tests are table-driven where there is more
 * than one shape, and named as sentences.
 */
#ifndef POSTERN_TESTS_H
#define POSTERN_TESTS_H

#include <check.h>

struct store;

Suite	*suite_log(void);
Suite	*suite_store(void);
Suite	*suite_token(void);
Suite	*suite_password(void);
Suite	*suite_htpasswd(void);
Suite	*suite_url(void);
Suite	*suite_setting(void);
Suite	*suite_user(void);
Suite	*suite_group(void);
Suite	*suite_binding(void);
Suite	*suite_session(void);
Suite	*suite_regulation(void);
Suite	*suite_text(void);
Suite	*suite_provider(void);
Suite	*suite_app(void);
Suite	*suite_outpost(void);
Suite	*suite_consent(void);
Suite	*suite_event(void);
Suite	*suite_secret(void);
Suite	*suite_perr(void);
Suite	*suite_decide(void);
Suite	*suite_cookie(void);
Suite	*suite_form(void);
Suite	*suite_request(void);
Suite	*suite_path(void);
Suite	*suite_template(void);
Suite	*suite_totp(void);
Suite	*suite_usercache(void);
Suite	*suite_fcgirec(void);
Suite	*suite_range(void);
Suite	*suite_conf(void);

/*
 * A fresh, fully migrated store in a new temporary directory.  The path of
 * the database is written to path (PATH_MAX bytes) when path is not NULL.
 * fixture_close() closes it and removes the directory.  Both abort the test
 * (ck_abort) on failure.
 */
struct store	*fixture_open(char *path);
void		 fixture_close(struct store *st);
/* A new temporary directory for a test that opens stores itself. */
void		 fixture_tmpdir(char *dir, size_t dirsz);
void		 fixture_rmdir(const char *dir);

#endif /* !POSTERN_TESTS_H */
