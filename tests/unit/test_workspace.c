/* The workspace: a repository written here, checked once, then edited in
 * memory and on disk; after each update the findings of every file are the
 * ones a fresh kam check of the same texts gives, and the files whose
 * findings changed are named. */
#define _DEFAULT_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "kam/kam.h"

static const char config[] = "kam: 1\norganization: Test\ncurrency: EUR\nteam:\n"
			     "  - {id: anna.petrova, name: Anna Petrova, role: key-account-manager}\n";

static const char plan_a[] = "---\nid: a\nname: A Corp\ntype: customer\nowner: anna.petrova\n"
			     "reviewed: 2026-10-01\ncontacts:\n"
			     "  - {id: c.one, name: One Person, title: CFO}\n---\n# A\n";

static const char plan_b[] = "---\nid: b\nname: B Corp\ntype: customer\nowner: anna.petrova\n"
			     "reviewed: 2026-10-01\n---\n# B\n\nSee [[a#c.one]].\n";

static char root[64];

static void write_file(const char *rel, const char *text)
{
	char *path = kam_path_join(root, rel);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	free(path);
}

static int setup(void **state)
{
	(void)state;
	snprintf(root, sizeof(root), "/tmp/kam-ws-XXXXXX");
	assert_non_null(mkdtemp(root));
	char *accounts = kam_path_join(root, "accounts");
	assert_int_equal(mkdir(accounts, 0755), 0);
	free(accounts);
	write_file("kam.yaml", config);
	write_file("accounts/a.md", plan_a);
	write_file("accounts/b.md", plan_b);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	char *cmd = kam_xprintf("rm -rf '%s'", root);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	return 0;
}

/* "file:line rule message" of every finding of the workspace, in order. */
static char *workspace_text(const kam_workspace *ws)
{
	kam_buf out = KAM_BUF_INIT;
	const char *const *files;
	size_t n = kam_workspace_files_with_findings(ws, &files);
	for (size_t i = 0; i < n; i++) {
		const kam_diag_list *d = kam_workspace_findings(ws, files[i]);
		for (size_t j = 0; j < d->count; j++)
			kam_buf_printf(&out, "%s:%u %s %s\n", d->items[j].file, d->items[j].line,
				       kam_rule_id(d->items[j].rule), d->items[j].message);
	}
	return kam_buf_detach(&out);
}

/* The same of a fresh kam check, with b.md's text given in memory. */
static char *check_text(const kam_repo *repo, const char *b_text)
{
	char *b = kam_path_join(root, "accounts/b.md");
	kam_overlay o = {b, b_text, b_text ? strlen(b_text) : 0};
	kam_diag_list diags = {0};
	kam_check_stats stats = {0};
	kam_error err = {0};
	kam_index *index = NULL;
	kam_check_options options = {.today = "2026-11-20"};
	assert_int_equal(kam_check_overlaid(&index, repo, NULL, 0, &o, b_text ? 1 : 0, NULL, &options,
					    &diags, &stats, &err),
			 0);
	kam_diag_list_finish(&diags, kam_repo_config(repo)->severity);
	kam_buf out = KAM_BUF_INIT;
	for (size_t j = 0; j < diags.count; j++)
		kam_buf_printf(&out, "%s:%u %s %s\n", diags.items[j].file, diags.items[j].line,
			       kam_rule_id(diags.items[j].rule), diags.items[j].message);
	kam_index_free(index);
	kam_diag_list_release(&diags);
	free(b);
	return kam_buf_detach(&out);
}

static void update(kam_workspace *ws, const char *expect_changed, bool expect_rebuilt)
{
	char **changed = NULL;
	size_t n = 0;
	kam_error err = {0};
	assert_int_equal(kam_workspace_update(ws, &changed, &n, &err), 0);
	kam_buf names = KAM_BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		kam_buf_printf(&names, "%s%s", i ? " " : "", changed[i]);
		free(changed[i]);
	}
	free(changed);
	assert_string_equal(kam_buf_cstr(&names), expect_changed);
	kam_buf_release(&names);
	assert_int_equal(kam_workspace_last_update(ws).rebuilt, expect_rebuilt);
}

static void agrees(const kam_workspace *ws, const kam_repo *repo, const char *b_text,
		   const char *expected)
{
	char *got = workspace_text(ws), *want = check_text(repo, b_text);
	assert_string_equal(got, want);
	assert_string_equal(got, expected);
	free(got);
	free(want);
}

static void edits(void **state)
{
	(void)state;
	kam_repo *repo = NULL;
	kam_diag_list opened = {0};
	kam_error err = {0};
	assert_int_equal(kam_repo_open(&repo, root, NULL, &opened, &err), 0);
	kam_workspace *ws;
	assert_int_equal(kam_workspace_open(&ws, repo, "2026-11-20", &err), 0);
	agrees(ws, repo, NULL, "");
	char *b = kam_path_join(root, "accounts/b.md");

	/* a keystroke in the body: b alone is checked again */
	char *broken = kam_xprintf("%s and [[a#c.two]]\n", plan_b);
	kam_workspace_set_text(ws, b, broken, strlen(broken));
	update(ws, "accounts/b.md", false);
	assert_int_equal(kam_workspace_last_update(ws).documents, 1);
	agrees(ws, repo, broken,
	       "accounts/b.md:11 ref-unresolved [[a#c.two]]: 'c.two' names nothing in 'a'\n");

	/* nothing changed: nothing to tell */
	update(ws, "", false);

	/* an id of b changes: the repository is checked again */
	char *renamed = kam_xprintf("%s", broken);
	memcpy(strstr(renamed, "id: b"), "id: c", 5);
	kam_workspace_set_text(ws, b, renamed, strlen(renamed));
	update(ws, "accounts/b.md", true);
	agrees(ws, repo, renamed,
	       "accounts/b.md:2 id-filename id 'c' differs from the file name 'b.md'\n"
	       "accounts/b.md:11 ref-unresolved [[a#c.two]]: 'c.two' names nothing in 'a'\n");

	/* the buffer closed: the file on disk again */
	kam_workspace_set_text(ws, b, NULL, 0);
	update(ws, "accounts/b.md", true);
	agrees(ws, repo, NULL, "");

	/* a contact removed on disk from a: b's reference into it breaks */
	write_file("accounts/a.md", "---\nid: a\nname: A Corp\ntype: customer\nowner: anna.petrova\n"
				    "reviewed: 2026-10-01\n---\n# A\n");
	char *a = kam_path_join(root, "accounts/a.md");
	kam_workspace_file_changed(ws, a);
	update(ws, "accounts/b.md", true);
	agrees(ws, repo, NULL, "accounts/b.md:10 ref-unresolved [[a#c.one]]: 'c.one' names nothing in 'a'\n");

	/* a plan created on disk */
	write_file("accounts/d.md", "---\nid: d\nname: D\ntype: customer\nowner: nobody\n"
				    "reviewed: 2026-10-01\n---\n# D\n");
	char *d = kam_path_join(root, "accounts/d.md");
	kam_workspace_file_changed(ws, d);
	update(ws, "accounts/d.md", true);
	char *got = workspace_text(ws);
	assert_non_null(strstr(got, "accounts/d.md:5 single-owner"));
	free(got);

	/* and deleted: its findings are gone */
	assert_int_equal(unlink(d), 0);
	kam_workspace_file_changed(ws, d);
	update(ws, "accounts/d.md", true);
	assert_null(kam_workspace_findings(ws, "accounts/d.md"));

	free(a);
	free(d);
	free(renamed);
	free(broken);
	free(b);
	kam_workspace_free(ws);
	kam_repo_free(repo);
	kam_diag_list_release(&opened);
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(edits)};
	return cmocka_run_group_tests(tests, setup, teardown);
}
