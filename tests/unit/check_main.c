/* postern: the Check runner for every library suite. */
#include "config.h"

#include <stdlib.h>

#include "lib/log.h"
#include "tests.h"

int
main(void)
{
	SRunner	*sr;
	int	 failed;

	log_open("check", LOG_DEST_NONE);
	sr = srunner_create(suite_log());
	srunner_add_suite(sr, suite_store());
	srunner_add_suite(sr, suite_token());
	srunner_add_suite(sr, suite_password());
	srunner_add_suite(sr, suite_htpasswd());
	srunner_add_suite(sr, suite_url());
	srunner_add_suite(sr, suite_setting());
	srunner_add_suite(sr, suite_user());
	srunner_add_suite(sr, suite_group());
	srunner_add_suite(sr, suite_binding());
	srunner_add_suite(sr, suite_session());
	srunner_add_suite(sr, suite_regulation());
	srunner_add_suite(sr, suite_text());
	srunner_add_suite(sr, suite_provider());
	srunner_add_suite(sr, suite_app());
	srunner_add_suite(sr, suite_outpost());
	srunner_add_suite(sr, suite_consent());
	srunner_add_suite(sr, suite_event());
	srunner_add_suite(sr, suite_secret());
	srunner_add_suite(sr, suite_perr());
	srunner_add_suite(sr, suite_decide());
	srunner_add_suite(sr, suite_cookie());
	srunner_add_suite(sr, suite_form());
	srunner_add_suite(sr, suite_request());
	srunner_add_suite(sr, suite_path());
	srunner_add_suite(sr, suite_template());
	srunner_add_suite(sr, suite_totp());
	srunner_add_suite(sr, suite_usercache());
	srunner_add_suite(sr, suite_fcgirec());
	srunner_add_suite(sr, suite_range());
	srunner_add_suite(sr, suite_conf());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
