/* kam_session_open on a real git repository: the work tree, git's index
 * (--staged) and a revision each give their own version of a plan; the
 * display base is the current folder, a given folder or none. */
#define _DEFAULT_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "flow_repo.h"

/* accounts/a.md as the session reads it. */
static char *session_plan(const kam_session *s)
{
	char *text = NULL;
	size_t len = 0;
	assert_int_equal(kam_files_read(kam_repo_files(s->repo), "accounts/a.md", &text, &len, 1u << 20, NULL), 0);
	return text;
}

static void open_and_expect(const kam_session_options *o, const char *plan)
{
	kam_session s;
	kam_diag_list diags = {0};
	kam_error err = {0};
	assert_int_equal(kam_session_open(&s, o, &diags, &err), 0);
	assert_string_equal(kam_repo_root(s.repo), repo_root);
	assert_int_equal(diags.count, 0);
	char *text = session_plan(&s);
	assert_string_equal(text, plan);
	free(text);
	kam_session_close(&s);
	kam_diag_list_release(&diags);
}

/* The work tree has two contacts, git's index has the committed plan
 * with another name, HEAD has the first commit's plan. */
static void test_work_tree_index_and_revision_differ(void **state)
{
	(void)state;
	char *staged = kam_xprintf("%s", plan_one_contact);
	memcpy(strstr(staged, "A Corp"), "B", 1);
	repo_write("accounts/a.md", staged);
	repo_git_quiet("add accounts/a.md");
	repo_write("accounts/a.md", plan_two_contacts);
	char *accounts = kam_path_join(repo_root, "accounts");
	open_and_expect(&(kam_session_options){.start = accounts}, plan_two_contacts);
	open_and_expect(&(kam_session_options){.start = repo_root, .staged = true}, staged);
	open_and_expect(&(kam_session_options){.start = accounts, .rev = "HEAD"}, plan_one_contact);
	/* a start that no longer exists looks from the current folder */
	assert_int_equal(chdir(repo_root), 0);
	char *gone = kam_path_join(repo_root, "accounts/deleted.md");
	open_and_expect(&(kam_session_options){.start = gone, .rev = "HEAD"}, plan_one_contact);
	free(gone);
	free(accounts);
	free(staged);
}

static void test_a_revision_that_names_nothing_is_not_found(void **state)
{
	(void)state;
	kam_session s;
	kam_diag_list diags = {0};
	kam_error err = {0};
	int rc = kam_session_open(&s, &(kam_session_options){.start = repo_root, .rev = "no-such-tag"}, &diags, &err);
	assert_int_equal(rc, KAM_ENOTFOUND);
	assert_null(s.repo);
	assert_null(s.display_base);
	kam_session_close(&s); /* a failed session closes like an empty one */
	kam_diag_list_release(&diags);
}

static void test_outside_a_plans_repository(void **state)
{
	(void)state;
	char empty[] = "/tmp/kam-none-XXXXXX";
	assert_non_null(mkdtemp(empty));
	kam_session s;
	kam_diag_list diags = {0};
	kam_error err = {0};
	assert_int_equal(kam_session_open(&s, &(kam_session_options){.start = empty}, &diags, &err), KAM_ENOTFOUND);
	char *want = kam_xprintf("not a plans repository (no kam.yaml in '%s' or any folder above it)", empty);
	assert_string_equal(err.message, want);
	free(want);
	assert_int_equal(rmdir(empty), 0);
	kam_diag_list_release(&diags);
}

/* Findings are named relative to the current folder (here), to a folder
 * given, or to the repository (no display base). */
static void test_display_base(void **state)
{
	(void)state;
	char *accounts = kam_path_join(repo_root, "accounts");
	assert_int_equal(chdir(accounts), 0);
	kam_session s;
	kam_diag_list diags = {0};
	kam_error err = {0};
	assert_int_equal(kam_session_open_here(&s, &diags, &err), 0);
	assert_string_equal(s.display_base, accounts);
	assert_string_equal(kam_repo_root(s.repo), repo_root);
	kam_session_close(&s);
	assert_null(s.display_base);
	assert_int_equal(kam_session_open(&s, &(kam_session_options){.display_base = "/elsewhere", .staged = true},
					  &diags, &err),
			 0);
	assert_string_equal(s.display_base, "/elsewhere");
	kam_session_close(&s);
	assert_int_equal(kam_session_open(&s, &(kam_session_options){0}, &diags, &err), 0);
	assert_null(s.display_base);
	kam_session_close(&s);
	free(accounts);
	kam_diag_list_release(&diags);
}

static void test_source_names(void **state)
{
	(void)state;
	assert_string_equal(kam_session_source(&(kam_session_options){0}), "the work tree");
	assert_string_equal(kam_session_source(&(kam_session_options){.staged = true}), "the index");
	assert_string_equal(kam_session_source(&(kam_session_options){.rev = "HEAD~1"}), "HEAD~1");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_work_tree_index_and_revision_differ, repo_setup, repo_teardown),
	    cmocka_unit_test_setup_teardown(test_a_revision_that_names_nothing_is_not_found, repo_setup,
					    repo_teardown),
	    cmocka_unit_test_setup_teardown(test_outside_a_plans_repository, repo_setup, repo_teardown),
	    cmocka_unit_test_setup_teardown(test_display_base, repo_setup, repo_teardown),
	    cmocka_unit_test(test_source_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
