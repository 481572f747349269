#define _DEFAULT_SOURCE
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "banned.h"

const char cmd_review_usage[] =
	"usage: kam review [--no-commit] ACCOUNT\n"
	"\n"
	"Mark the plan of ACCOUNT as reviewed today: set its 'reviewed:' line to\n"
	"today's date (the only line changed: comments and formatting stay; the key\n"
	"is added after 'owner:' when missing), write the file whole, then commit\n"
	"just that file as \"Review <name> plan (<quarter>)\". If the commit fails,\n"
	"the file is put back as it was.\n"
	"\n"
	"Options:\n"
	"  --no-commit  only edit the file\n";

static const char *plan_name(const char *text, size_t len, const char *fallback, kam_doc **doc)
{
	kam_diag_list ignored = {0};
	kam_doc_parse(doc, "plan", text, len, NULL, &ignored);
	kam_diag_list_release(&ignored);
	const char *name = kam_node_string(kam_node_get(kam_doc_frontmatter(*doc), "name"));
	return name ? name : fallback;
}

static int commit_review(const kam_repo *repo, const char *rel, const char *message, kam_error *err)
{
	kam_git *git;
	char tree[41], id[41];
	bool changed;
	int rc = kam_git_open(&git, kam_repo_root(repo), err);
	if (rc == 0)
		rc = kam_git_stage_tree(git, &rel, 1, tree, &changed, err);
	if (rc == 0 && changed)
		rc = kam_git_commit(git, tree, message, &rel, 1, id, err);
	if (rc == 0 && changed)
		printf("[%s %.7s] %s", kam_git_branch(git), id, message);
	else if (rc == 0)
		printf("%s was reviewed today already: nothing to commit\n", rel);
	kam_git_free(git);
	return rc;
}

int cmd_review(int argc, char **argv)
{
	static const struct option options[] = {{"no-commit", no_argument, NULL, 'n'}, {NULL, 0, NULL, 0}};
	bool commit = true;
	int c;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
		if (c != 'n')
			return die_usage("review: unknown option '%s'; see 'kam review --help'", argv[optind - 1]);
		commit = false;
	}
	if (optind + 1 != argc)
		return die_usage("review: name one account; see 'kam review --help'");
	const char *account = argv[optind];
	kam_repo *repo = NULL;
	kam_diag_list ignored = {0};
	kam_error err = {0};
	kam_doc *doc = NULL;
	char *rel = NULL, *path = NULL, *text = NULL, *updated = NULL;
	size_t len;
	int rc = EXIT_USAGE;
	if (kam_repo_open(&repo, ".", NULL, &ignored, &err) < 0) {
		say("review: %s", err.message);
		goto done;
	}
	rel = kam_xprintf("%s/%s.md", kam_repo_config(repo)->accounts_dir, account);
	path = kam_path_join(kam_repo_root(repo), rel);
	if (!kam_path_exists(path)) {
		char *guess = kam_repo_closest_account(repo, account);
		say("review: '%s' is not an account of this repository (no %s)%s%s%s",
			account, rel, guess ? "; did you mean '" : "", guess ? guess : "", guess ? "'?" : "");
		free(guess);
		goto done;
	}
	if (kam_file_read(&text, &len, path, 8u << 20, &err) < 0) {
		say("review: %s", err.message);
		goto done;
	}
	kam_rules_context ctx;
	kam_rules_context_init(&ctx, kam_repo_config(repo), globals.today);
	char today[11], quarter[8];
	kam_date_format(ctx.today, today);
	kam_quarter_format(ctx.quarter, quarter);
	if (!(updated = kam_plan_set_reviewed(text, len, today))) {
		say("review: %s has no frontmatter to set 'reviewed:' in", rel);
		goto done;
	}
	if (kam_file_write_atomic(path, updated, strlen(updated), false, &err) < 0) {
		say("review: %s", err.message);
		goto done;
	}
	char *message = kam_xprintf("Review %s plan (%s)\n",
				    plan_name(updated, strlen(updated), account, &doc), quarter);
	rc = EXIT_CLEAN;
	if (!commit)
		printf("%s: reviewed: %s\n", rel, today);
	else if (commit_review(repo, rel, message, &err) < 0) {
		kam_file_write_atomic(path, text, len, false, NULL); /* put the file back */
		say("review: %s; %s is unchanged", err.message, rel);
		rc = EXIT_USAGE;
	}
	free(message);
done:
	kam_doc_free(doc);
	free(updated);
	free(text);
	free(path);
	free(rel);
	kam_repo_free(repo);
	kam_diag_list_release(&ignored);
	return rc;
}
