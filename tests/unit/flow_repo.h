/* A small plans repository in a temporary folder, made with git itself,
 * for the tests of the command flows (session, commit, review). */
#ifndef FLOW_REPO_H
#define FLOW_REPO_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kam/kam.h"

static const char repo_config[] = "kam: 1\norganization: Test\ncurrency: EUR\nteam:\n"
				  "  - {id: anna.petrova, name: Anna Petrova, role: key-account-manager}\n";

static const char plan_one_contact[] = "---\nid: a\nname: A Corp\ntype: customer\nowner: anna.petrova\n"
				       "reviewed: 2026-10-01\ncontacts:\n"
				       "  - {id: c.one, name: One Person, title: CFO}\n---\n# A\n";

static const char plan_two_contacts[] = "---\nid: a\nname: A Corp\ntype: customer\nowner: anna.petrova\n"
					"reviewed: 2026-10-01\ncontacts:\n"
					"  - {id: c.one, name: One Person, title: CFO}\n"
					"  - {id: c.two, name: Two Person, title: CTO}\n---\n# A\n";

static char repo_root[64];

static void repo_write(const char *rel, const char *text)
{
	char *path = kam_path_join(repo_root, rel);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	free(path);
}

__attribute__((unused)) static char *repo_read(const char *rel)
{
	char *path = kam_path_join(repo_root, rel), *text = NULL;
	size_t len = 0;
	assert_int_equal(kam_file_read(&text, &len, path, 1u << 20, NULL), 0);
	free(path);
	return text;
}

/* What a git command run in the repository prints on stdout. */
__attribute__((unused)) static char *repo_git(const char *args)
{
	char *cmd = kam_xprintf("git -C '%s' %s", repo_root, args);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	kam_buf out = KAM_BUF_INIT;
	char chunk[512];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), p)) > 0)
		kam_buf_add(&out, chunk, n);
	assert_int_equal(pclose(p), 0);
	free(cmd);
	return kam_buf_detach(&out);
}

__attribute__((unused)) static void repo_git_quiet(const char *args)
{
	free(repo_git(args));
}

/* kam.yaml and accounts/a.md (one contact), committed on main. */
static int repo_setup(void **state)
{
	(void)state;
	assert_int_equal(chdir("/"), 0); /* not in a folder an earlier test removed */
	setenv("GIT_AUTHOR_NAME", "Test Author", 1);
	setenv("GIT_AUTHOR_EMAIL", "author@example.com", 1);
	setenv("GIT_COMMITTER_NAME", "Test Committer", 1);
	setenv("GIT_COMMITTER_EMAIL", "committer@example.com", 1);
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	snprintf(repo_root, sizeof(repo_root), "/tmp/kam-flow-XXXXXX");
	assert_non_null(mkdtemp(repo_root));
	char *accounts = kam_path_join(repo_root, "accounts");
	assert_int_equal(mkdir(accounts, 0755), 0);
	free(accounts);
	repo_write("kam.yaml", repo_config);
	repo_write("accounts/a.md", plan_one_contact);
	repo_git_quiet("init -q -b main");
	repo_git_quiet("add -A");
	repo_git_quiet("commit -q -m 'First plans'");
	return 0;
}

static int repo_teardown(void **state)
{
	(void)state;
	assert_int_equal(chdir("/"), 0);
	char *cmd = kam_xprintf("rm -rf '%s'", repo_root);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	return 0;
}

#endif
