/* kam_doc_cache_offer on a real git repository: a work-tree plan whose
 * bytes HEAD has is read from the cache as HEAD's version; an edited plan
 * is not (HEAD's version is parsed from git); offers_since declines a
 * version its commit already has; a version done with is freed in a run
 * newest first and read again when asked for. */
#define _DEFAULT_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "flow_repo.h"
#include "kam/doc_cache.h"

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
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
