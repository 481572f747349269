/* kam_review_run on a real git repository: the 'reviewed:' line set and
 * committed alone (read back with git itself), other edits left
 * uncommitted, a second review finding nothing to do, and the refusals
 * that change nothing. */
#define _DEFAULT_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "flow_repo.h"

static char *with_date(const char *plan, const char *date)
{
	char *text = kam_xprintf("%s", plan);
	memcpy(strstr(text, "reviewed: ") + strlen("reviewed: "), date, 10);
	return text;
}

static int review(kam_review_result *r, const char *account, bool no_commit)
{
	kam_repo *repo = NULL;
	kam_diag_list diags = {0};
	assert_int_equal(kam_repo_open(&repo, repo_root, NULL, &diags, NULL), 0);
	kam_review_options o = {account, no_commit, "2026-11-15", NULL};
	int rc = kam_review_run(r, repo, &o);
	kam_repo_free(repo);
	kam_diag_list_release(&diags);
	return rc;
}

static void expect_head(const char *plan)
{
	char *shown = repo_git("show HEAD:accounts/a.md");
	assert_string_equal(shown, plan);
	free(shown);
}

static void test_review_commits_the_date_then_finds_it_done(void **state)
{
	(void)state;
	kam_review_result r;
	assert_int_equal(review(&r, "a", false), 0);
	assert_int_equal(r.outcome, KAM_REVIEW_DONE);
	assert_null(r.why);
	assert_string_equal(r.rel, "accounts/a.md");
	assert_string_equal(r.date, "2026-11-15");
	assert_string_equal(r.branch, "main");
	assert_string_equal(r.message, "Review A Corp plan (2026-Q4)\n");
	assert_false(r.other_edits_stay);
	char *head = repo_git("rev-parse HEAD");
	char *want = kam_xprintf("%s\n", r.id);
	assert_string_equal(head, want);
	kam_review_result_release(&r);
	char *reviewed = with_date(plan_one_contact, "2026-11-15");
	expect_head(reviewed);
	char *text = repo_read("accounts/a.md");
	assert_string_equal(text, reviewed);
	char *log = repo_git("log --format=%s");
	assert_string_equal(log, "Review A Corp plan (2026-Q4)\nFirst plans\n");
	char *status = repo_git("status --porcelain");
	assert_string_equal(status, "");
	assert_int_equal(review(&r, "a", false), 0);
	assert_int_equal(r.outcome, KAM_REVIEW_ALREADY);
	assert_null(r.message);
	kam_review_result_release(&r);
	free(status);
	free(log);
	free(text);
	free(reviewed);
	free(want);
	free(head);
}

/* Only the date is committed; a contact added meanwhile stays an
 * uncommitted edit of the work tree, with the date too. */
static void test_other_edits_stay_uncommitted(void **state)
{
	(void)state;
	repo_write("accounts/a.md", plan_two_contacts);
	kam_review_result r;
	assert_int_equal(review(&r, "a", false), 0);
	assert_int_equal(r.outcome, KAM_REVIEW_DONE);
	assert_true(r.other_edits_stay);
	kam_review_result_release(&r);
	char *committed = with_date(plan_one_contact, "2026-11-15");
	char *work = with_date(plan_two_contacts, "2026-11-15");
	expect_head(committed);
	char *text = repo_read("accounts/a.md");
	assert_string_equal(text, work);
	char *status = repo_git("status --porcelain");
	assert_string_equal(status, " M accounts/a.md\n");
	free(status);
	free(text);
	free(work);
	free(committed);
}

static void test_refusals_change_nothing(void **state)
{
	(void)state;
	char *before = repo_git("rev-parse HEAD");
	/* an uncommitted edit of the 'reviewed:' line itself */
	char *edited = with_date(plan_one_contact, "2026-11-01");
	repo_write("accounts/a.md", edited);
	kam_review_result r;
	assert_int_equal(review(&r, "a", false), KAM_EINVALID);
	assert_int_equal(r.outcome, KAM_REVIEW_REFUSED);
	assert_string_equal(r.why, "review: accounts/a.md has uncommitted edits of its 'reviewed:' line: "
				   "commit or stash your edits first (kam commit, git stash), or use "
				   "--no-commit to only edit the file; nothing was changed");
	kam_review_result_release(&r);
	char *text = repo_read("accounts/a.md");
	assert_string_equal(text, edited);
	free(text);
	/* an account that is not there, with the closest one suggested */
	assert_int_equal(review(&r, "b", false), KAM_EIO);
	assert_int_equal(r.outcome, KAM_REVIEW_FAILED);
	assert_string_equal(r.why, "review: 'b' is not an account of this repository (no accounts/b.md); "
				   "did you mean 'a'?");
	kam_review_result_release(&r);
	/* HEAD's plan with the new date fails the check: its errors given */
	char *broken = kam_xprintf("%s", plan_one_contact);
	memcpy(strstr(broken, "owner: anna.petrova"), "owner: nobodyxxxxxx", 19);
	repo_write("accounts/a.md", broken);
	repo_git_quiet("commit -q -a -m Broken");
	free(before);
	before = repo_git("rev-parse HEAD");
	assert_int_equal(review(&r, "a", false), KAM_EINVALID);
	assert_int_equal(r.outcome, KAM_REVIEW_REFUSED);
	assert_string_equal(r.why, "review refused: 1 error in the plans as they would be committed "
				   "(HEAD's plans with the new date); fix and commit them first (kam commit), "
				   "or use --no-commit to only edit the file; nothing was changed");
	assert_int_equal(r.errors.count, 1);
	assert_string_equal(kam_rule_id(r.errors.items[0].rule), "single-owner");
	kam_review_result_release(&r);
	char *after = repo_git("rev-parse HEAD");
	assert_string_equal(after, before);
	text = repo_read("accounts/a.md");
	assert_string_equal(text, broken);
	free(text);
	free(after);
	free(broken);
	free(edited);
	free(before);
}

static void test_no_commit_only_edits_the_file(void **state)
{
	(void)state;
	char *before = repo_git("rev-parse HEAD");
	kam_review_result r;
	assert_int_equal(review(&r, "a", true), 0);
	assert_int_equal(r.outcome, KAM_REVIEW_EDITED);
	assert_string_equal(r.rel, "accounts/a.md");
	assert_string_equal(r.date, "2026-11-15");
	kam_review_result_release(&r);
	char *reviewed = with_date(plan_one_contact, "2026-11-15");
	char *text = repo_read("accounts/a.md");
	assert_string_equal(text, reviewed);
	expect_head(plan_one_contact);
	char *after = repo_git("rev-parse HEAD");
	assert_string_equal(after, before);
	free(after);
	free(text);
	free(reviewed);
	free(before);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_review_commits_the_date_then_finds_it_done, repo_setup,
					    repo_teardown),
	    cmocka_unit_test_setup_teardown(test_other_edits_stay_uncommitted, repo_setup, repo_teardown),
	    cmocka_unit_test_setup_teardown(test_refusals_change_nothing, repo_setup, repo_teardown),
	    cmocka_unit_test_setup_teardown(test_no_commit_only_edits_the_file, repo_setup, repo_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
