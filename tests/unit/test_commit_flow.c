/* kam_commit_run on a real git repository: a good plan is committed with
 * its message in plan terms (read back with git itself), a broken one is
 * refused with the check's errors and HEAD stays where it was. */
#define _DEFAULT_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "flow_repo.h"

static kam_repo *open_work_tree(void)
{
	kam_repo *repo = NULL;
	kam_diag_list diags = {0};
	assert_int_equal(kam_repo_open(&repo, repo_root, NULL, &diags, NULL), 0);
	kam_diag_list_release(&diags);
	return repo;
}

static void test_a_good_plan_is_committed_in_plan_terms(void **state)
{
	(void)state;
	repo_write("accounts/a.md", plan_two_contacts);
	kam_repo *repo = open_work_tree();
	kam_commit_result r;
	kam_commit_options o = {.message = "Add the CTO", .today = "2026-11-15"};
	assert_int_equal(kam_commit_run(&r, repo, &o), 0);
	assert_int_equal(r.outcome, KAM_COMMIT_DONE);
	assert_null(r.why);
	assert_string_equal(r.branch, "main");
	assert_string_equal(r.message, "Add the CTO\n\na: new contact c.two: Two Person (CTO)\n");
	assert_int_equal(r.file_count, 1);
	assert_string_equal(r.files[0].rel, "accounts/a.md");
	assert_int_equal(r.files[0].status, 'M');
	assert_null(r.files[0].link);
	assert_int_equal(r.errors.count, 0);
	/* git sees the same commit: id, message, author, the plan's text, a clean tree */
	char *head = repo_git("rev-parse HEAD");
	char *want = kam_xprintf("%s\n", r.id);
	assert_string_equal(head, want);
	char *log = repo_git("log -1 --format='%an|%cn|%B'");
	assert_string_equal(log, "Test Author|Test Committer|Add the CTO\n\na: new contact c.two: Two Person (CTO)\n\n");
	char *shown = repo_git("show HEAD:accounts/a.md");
	assert_string_equal(shown, plan_two_contacts);
	char *status = repo_git("status --porcelain");
	assert_string_equal(status, "");
	char *count = repo_git("rev-list --count HEAD");
	assert_string_equal(count, "2\n");
	free(count);
	free(status);
	free(shown);
	free(log);
	free(want);
	free(head);
	kam_commit_result_release(&r);
	kam_repo_free(repo);
}

static void test_a_broken_plan_is_refused(void **state)
{
	(void)state;
	char *broken = kam_xprintf("%s", plan_two_contacts);
	memcpy(strstr(broken, "owner: anna.petrova"), "owner: nobodyxxxxxx", 19);
	repo_write("accounts/a.md", broken);
	char *before = repo_git("rev-parse HEAD");
	kam_repo *repo = open_work_tree();
	kam_commit_result r;
	kam_commit_options o = {.today = "2026-11-15"};
	assert_int_equal(kam_commit_run(&r, repo, &o), KAM_EINVALID);
	assert_int_equal(r.outcome, KAM_COMMIT_REFUSED);
	assert_string_equal(r.why, "commit refused: 1 error in the plans as they would be committed "
				   "(--no-verify commits anyway)");
	assert_int_equal(r.errors.count, 1);
	assert_string_equal(kam_rule_id(r.errors.items[0].rule), "single-owner");
	assert_string_equal(r.errors.items[0].file, "accounts/a.md");
	assert_int_equal(r.errors.items[0].line, 5);
	assert_null(r.branch);
	assert_int_equal(r.file_count, 0);
	/* nothing moved, nothing staged, the edit is still in the work tree */
	char *after = repo_git("rev-parse HEAD");
	assert_string_equal(after, before);
	char *status = repo_git("status --porcelain");
	assert_string_equal(status, " M accounts/a.md\n");
	char *text = repo_read("accounts/a.md");
	assert_string_equal(text, broken);
	kam_commit_result_release(&r);
	/* --no-verify commits it anyway */
	o.no_verify = true;
	assert_int_equal(kam_commit_run(&r, repo, &o), 0);
	assert_int_equal(r.outcome, KAM_COMMIT_DONE);
	assert_string_equal(r.message, "Update account plans\n\na: new contact c.two: Two Person (CTO)\n");
	char *log = repo_git("show -s --format=%B HEAD");
	assert_string_equal(log, "Update account plans\n\na: new contact c.two: Two Person (CTO)\n\n");
	free(log);
	kam_commit_result_release(&r);
	free(text);
	free(status);
	free(after);
	free(before);
	free(broken);
	kam_repo_free(repo);
}

static void test_nothing_to_commit(void **state)
{
	(void)state;
	char *before = repo_git("rev-parse HEAD");
	kam_repo *repo = open_work_tree();
	kam_commit_result r;
	kam_commit_options o = {0};
	assert_int_equal(kam_commit_run(&r, repo, &o), 0);
	assert_int_equal(r.outcome, KAM_COMMIT_NOTHING);
	assert_null(r.why);
	char *after = repo_git("rev-parse HEAD");
	assert_string_equal(after, before);
	kam_commit_result_release(&r);
	free(after);
	free(before);
	kam_repo_free(repo);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_a_good_plan_is_committed_in_plan_terms, repo_setup, repo_teardown),
	    cmocka_unit_test_setup_teardown(test_a_broken_plan_is_refused, repo_setup, repo_teardown),
	    cmocka_unit_test_setup_teardown(test_nothing_to_commit, repo_setup, repo_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
