/* kam_doc_cache_offer on a real git repository: a work-tree plan whose
 * bytes HEAD has is read from the cache as HEAD's version; an edited plan
 * is not (HEAD's version is parsed from git); offers_since declines a
 * version its commit already has; a version done with is freed in a run
 * newest first and read again when asked for. git's index gives a work
 * tree file's blob id without hashing only when the file is as the index
 * saw it and was not written in the tick the index was. The diffs of a
 * history's ranges run account by account equal the diffs run one by one,
 * and let go of every version they read. */
#define _DEFAULT_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>

#include "flow_repo.h"
#include "kam/diff.h"
#include "kam/doc_cache.h"
#include "kam/repo.h"

/* Offer the work tree's accounts/a.md to cache, as kam check hands it. */
static kam_doc *offer_worktree_plan(kam_doc_cache *cache)
{
	kam_files *tree = kam_files_worktree(repo_root);
	kam_doc *doc;
	kam_diag_list diags = {0};
	kam_doc_read(&doc, tree, "accounts/a.md", "accounts/a.md", NULL, &diags);
	assert_int_equal(diags.count, 0);
	kam_doc_cache_offer(cache, "accounts/a.md", doc);
	kam_files_free(tree);
	return doc;
}

/* HEAD's version of accounts/a.md through cache; *hits and *reads after. */
static const kam_doc *read_head_plan(kam_doc_cache *cache, size_t *hits, size_t *reads)
{
	kam_files *head = NULL;
	kam_error err = {0};
	assert_int_equal(kam_files_git(&head, repo_root, "HEAD", &err), 0);
	kam_doc *doc;
	bool shared;
	kam_diag_list diags = {0};
	kam_doc_cache_read(cache, &doc, head, "accounts/a.md", &diags, &shared);
	assert_true(shared);
	kam_doc_cache_stats(cache, hits, reads);
	kam_files_free(head);
	return doc;
}

static size_t contacts_of(const kam_doc *doc)
{
	return kam_node_get(kam_doc_frontmatter(doc), "contacts")->count;
}

static void test_head_reads_the_offered_plan(void **state)
{
	(void)state;
	kam_doc_cache *cache = kam_doc_cache_new();
	kam_doc *offered = offer_worktree_plan(cache);
	size_t hits, reads;
	const kam_doc *head = read_head_plan(cache, &hits, &reads);
	assert_ptr_equal(head, offered);
	assert_int_equal(hits, 1);
	assert_int_equal(reads, 0);
	kam_doc_cache_free(cache);
}

static void test_an_edited_plan_is_not_heads_version(void **state)
{
	(void)state;
	repo_write("accounts/a.md", plan_two_contacts); /* not committed */
	kam_doc_cache *cache = kam_doc_cache_new();
	kam_doc *offered = offer_worktree_plan(cache);
	size_t hits, reads;
	const kam_doc *head = read_head_plan(cache, &hits, &reads);
	assert_ptr_not_equal(head, offered);
	assert_int_equal(contacts_of(offered), 2);
	assert_int_equal(contacts_of(head), 1); /* HEAD's bytes, parsed from git */
	assert_int_equal(hits, 0);
	assert_int_equal(reads, 1);
	kam_doc_cache_free(cache);
}

static void test_a_version_the_base_has_is_declined(void **state)
{
	(void)state;
	char *base = repo_git("rev-parse HEAD");
	base[strcspn(base, "\n")] = '\0';
	kam_doc_cache *cache = kam_doc_cache_new();
	kam_doc_cache_offers_since(cache, repo_root, base);
	offer_worktree_plan(cache); /* unchanged since base: freed, not kept */
	size_t hits, reads;
	read_head_plan(cache, &hits, &reads);
	assert_int_equal(hits, 0);
	assert_int_equal(reads, 1);
	kam_doc_cache_free(cache);
	free(base);
}

/* HEAD's version of accounts/a.md marked as the newer side of a change
 * just diffed; the cache's hits and reads after reading it once more. */
static void done_then_read(kam_doc_cache *cache, size_t *hits, size_t *reads)
{
	size_t h, r;
	read_head_plan(cache, &h, &r);
	kam_files *head = NULL;
	kam_error err = {0};
	assert_int_equal(kam_files_git(&head, repo_root, "HEAD", &err), 0);
	kam_doc_cache_done_newer(cache, head, "accounts/a.md");
	kam_files_free(head);
	const kam_doc *again = read_head_plan(cache, hits, reads);
	assert_int_equal(contacts_of(again), 1);
}

static void test_a_version_done_is_freed_newest_first(void **state)
{
	(void)state;
	kam_doc_cache *cache = kam_doc_cache_new();
	kam_doc_cache_newest_first(cache);
	size_t hits, reads;
	done_then_read(cache, &hits, &reads);
	assert_int_equal(hits, 0);
	assert_int_equal(reads, 2); /* freed, then parsed again */
	read_head_plan(cache, &hits, &reads);
	assert_int_equal(hits, 1); /* and kept again */
	assert_int_equal(reads, 2);
	kam_doc_cache_free(cache);
}

static void test_a_version_done_is_kept_otherwise(void **state)
{
	(void)state;
	kam_doc_cache *cache = kam_doc_cache_new();
	size_t hits, reads;
	done_then_read(cache, &hits, &reads);
	assert_int_equal(hits, 1);
	assert_int_equal(reads, 1);
	kam_doc_cache_free(cache);
}

/* accounts/a.md's modification time set to seconds from now, then staged
 * (git records the file's state in the index as it hashes it). */
static void stage_plan_dated(const char *text, long seconds)
{
	repo_write("accounts/a.md", text);
	char *path = kam_path_join(repo_root, "accounts/a.md");
	struct timespec times[2] = {{time(NULL) + seconds, 0}, {time(NULL) + seconds, 0}};
	assert_int_equal(utimensat(AT_FDCWD, path, times, 0), 0);
	free(path);
	repo_git_quiet("add accounts/a.md");
}

/* What kam_files_index_id_unchanged says of accounts/a.md (size: its
 * length unless given), the id in out. */
static bool index_id(size_t size, char out[41])
{
	kam_files *index = NULL;
	kam_error err = {0};
	assert_int_equal(kam_files_git(&index, repo_root, NULL, &err), 0);
	char unused[41];
	assert_false(kam_files_index_id_unchanged(index, "accounts/a.md", /* not before filters */
						  size ? size : strlen(plan_two_contacts), unused));
	kam_files_index_note_filters(index);
	bool known = kam_files_index_id_unchanged(index, "accounts/a.md",
						   size ? size : strlen(plan_two_contacts), out);
	kam_files_free(index);
	return known;
}

static void test_the_index_gives_an_unchanged_files_id(void **state)
{
	(void)state;
	stage_plan_dated(plan_two_contacts, -3600);
	char id[41];
	assert_true(index_id(0, id));
	char *staged = repo_git("rev-parse :accounts/a.md");
	staged[strcspn(staged, "\n")] = '\0';
	assert_string_equal(id, staged);
	free(staged);
	assert_false(index_id(strlen(plan_two_contacts) + 1, id)); /* not the bytes read */
}

/* With the ident attribute git stores "$Id$" where the file has
 * "$Id: <blob>$": the index's id is not the hash of the bytes read. */
static void test_a_file_gits_filters_change_is_hashed(void **state)
{
	(void)state;
	repo_write(".gitattributes", "*.md ident\n");
	stage_plan_dated(plan_two_contacts, -3600);
	char id[41];
	assert_false(index_id(0, id));
}

static void test_an_edit_that_keeps_size_and_time_is_hashed(void **state)
{
	(void)state;
	stage_plan_dated(plan_two_contacts, -3600);
	char *path = kam_path_join(repo_root, "accounts/a.md");
	struct stat before;
	assert_int_equal(stat(path, &before), 0);
	char *edited = kam_xstrdup(plan_two_contacts);
	edited[strlen(edited) - 2] ^= 1; /* a byte of the body, the size kept */
	repo_write("accounts/a.md", edited);
	struct timespec times[2] = {before.st_atim, before.st_mtim};
	assert_int_equal(utimensat(AT_FDCWD, path, times, 0), 0); /* its ctime moves still */
	char id[41];
	assert_false(index_id(0, id));
	free(edited);
	free(path);
}

static void test_a_racily_clean_file_is_hashed(void **state)
{
	(void)state;
	stage_plan_dated(plan_two_contacts, 3600); /* written after the index, as it seems */
	char id[41];
	assert_false(index_id(0, id));
}

/* The plans as commit rev has them, as a quarter's report opens them. */
static kam_repo *repo_at(const char *rev)
{
	kam_files *files = NULL;
	kam_error err = {0};
	assert_int_equal(kam_files_git(&files, repo_root, rev, &err), 0);
	kam_repo *repo = NULL;
	kam_diag_list ignored = {0};
	assert_int_equal(kam_repo_open_files(&repo, repo_root, files, NULL, &ignored, &err), 0);
	kam_diag_list_release(&ignored);
	return repo;
}

/* A history of three commits: a gains a contact and loses it again (its
 * first version comes back), b is added and then edited. */
static void three_commits(void)
{
	repo_write("accounts/a.md", plan_two_contacts);
	repo_write("accounts/b.md", "---\nid: b\nname: B Corp\ntype: customer\nowner: anna.petrova\n"
				    "reviewed: 2026-10-01\n---\n# B\n");
	repo_git_quiet("add -A");
	repo_git_quiet("commit -q -m 'B, and a second contact at A'");
	repo_write("accounts/a.md", plan_one_contact);
	repo_write("accounts/b.md", "---\nid: b\nname: B Group\ntype: customer\nowner: anna.petrova\n"
				    "reviewed: 2026-10-01\n---\n# B\n");
	repo_git_quiet("add -A");
	repo_git_quiet("commit -q -m 'B renamed, A as it was'");
}

static void assert_same_diff(const kam_diff *x, const kam_diff *y)
{
	size_t nx, ny;
	const kam_account_diff *a = kam_diff_accounts(x, &nx), *b = kam_diff_accounts(y, &ny);
	assert_int_equal(nx, ny);
	for (size_t i = 0; i < nx; i++) {
		assert_string_equal(a[i].account, b[i].account);
		assert_int_equal(a[i].change_count, b[i].change_count);
		assert_int_equal(a[i].story_count, b[i].story_count);
		for (size_t k = 0; k < a[i].story_count; k++)
			assert_string_equal(a[i].story[k], b[i].story[k]);
	}
}

static void test_ranges_diff_as_one_by_one_and_let_go(void **state)
{
	(void)state;
	three_commits();
	kam_repo *repos[3] = {repo_at("HEAD"), repo_at("HEAD~1"), repo_at("HEAD~2")};
	const kam_repo *heads[2] = {repos[0], repos[1]}, *bases[2] = {repos[1], repos[2]};
	kam_date days[2];
	kam_date_parse("2026-11-20", &days[0]);
	kam_date_parse("2026-09-30", &days[1]);
	kam_date before[2] = {days[1], days[1]}, after[2] = {days[0], days[1]};
	kam_doc_cache *cache = kam_doc_cache_new();
	kam_diff *ranges[2], *alone[2];
	kam_error err = {0};
	assert_int_equal(kam_diff_ranges_on_cached(ranges, 2, bases, heads, before, after, cache, &err),
			 0);
	size_t hits, reads;
	kam_doc_cache_stats(cache, &hits, &reads);
	/* a at HEAD and HEAD~2 are one blob: let go as the newer side of the
	 * first range, read again as the older side of the second */
	assert_int_equal(reads, 5);
	assert_int_equal(hits, 2);
	for (size_t k = 0; k < 2; k++) {
		assert_int_equal(kam_diff_repos_on_cached(&alone[k], bases[k], heads[k], before[k],
							  after[k], NULL, &err),
				 0);
		size_t n;
		kam_diff_accounts(ranges[k], &n);
		assert_int_equal(n, 2); /* both accounts changed in both ranges */
		assert_same_diff(ranges[k], alone[k]);
		kam_diff_free(alone[k]);
		kam_diff_free(ranges[k]);
	}
	read_head_plan(cache, &hits, &reads); /* let go when its account was done */
	assert_int_equal(reads, 6);
	kam_doc_cache_free(cache);
	for (size_t k = 0; k < 3; k++)
		kam_repo_free(repos[k]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_head_reads_the_offered_plan, repo_setup, repo_teardown),
	    cmocka_unit_test_setup_teardown(test_an_edited_plan_is_not_heads_version, repo_setup,
					    repo_teardown),
	    cmocka_unit_test_setup_teardown(test_a_version_the_base_has_is_declined, repo_setup,
					    repo_teardown),
	    cmocka_unit_test_setup_teardown(test_a_version_done_is_freed_newest_first, repo_setup,
					    repo_teardown),
	    cmocka_unit_test_setup_teardown(test_a_version_done_is_kept_otherwise, repo_setup,
					    repo_teardown),
	    cmocka_unit_test_setup_teardown(test_the_index_gives_an_unchanged_files_id, repo_setup,
					    repo_teardown),
	    cmocka_unit_test_setup_teardown(test_a_file_gits_filters_change_is_hashed, repo_setup,
					    repo_teardown),
	    cmocka_unit_test_setup_teardown(test_an_edit_that_keeps_size_and_time_is_hashed,
					    repo_setup, repo_teardown),
	    cmocka_unit_test_setup_teardown(test_a_racily_clean_file_is_hashed, repo_setup,
					    repo_teardown),
	    cmocka_unit_test_setup_teardown(test_ranges_diff_as_one_by_one_and_let_go, repo_setup,
					    repo_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
