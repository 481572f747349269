/* kam/gitwrite.h: which files are kam's own temporary files (never
 * committed, removed by the next kam commit or review). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "kam/gitwrite.h"

static void test_temp_names_are_what_mkstemp_makes(void **state)
{
	(void)state;
	assert_true(kam_git_is_temp_name("acme.md.kam-tmp-Ab12Cd"));
	assert_true(kam_git_is_temp_name("accounts/acme.md.kam-tmp-Ab12Cd"));
	assert_true(kam_git_is_temp_name("kam.yaml.kam-tmp-000000"));
	/* six letters or digits, after a name: nothing else is kam's */
	assert_false(kam_git_is_temp_name("acme.md.kam-tmp-Ab12C"));
	assert_false(kam_git_is_temp_name("acme.md.kam-tmp-Ab12Cd7"));
	assert_false(kam_git_is_temp_name("acme.md.kam-tmp-Ab.2Cd"));
	assert_false(kam_git_is_temp_name("acme.md.kam-tmp-notes"));
	assert_false(kam_git_is_temp_name(".kam-tmp-Ab12Cd"));
	assert_false(kam_git_is_temp_name("accounts/.kam-tmp-Ab12Cd"));
	assert_false(kam_git_is_temp_name("a.kam-tmp-Ab12Cd/acme.md"));
	assert_false(kam_git_is_temp_name("acme.md"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_temp_names_are_what_mkstemp_makes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
