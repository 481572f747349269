/* What kam commit and kam review do before they commit: check the plans
 * exactly as the commit will hold them. */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cmd.h"
#include "banned.h"

void print_refusal_findings(const kam_diag_list *errors)
{
	if (!errors->count)
		return;
	kam_buf out = KAM_BUF_INIT;
	kam_report_text(&out, errors, NULL);
	fputs(kam_buf_cstr(&out), stdout);
	fflush(stdout); /* before the refusal on stderr */
	kam_buf_release(&out);
}

int verify_commit(const char *root, const char *tree, const char *const *rels, size_t count,
		  kam_diag_list *warnings, kam_error *err)
{
	char *cwd = getcwd(NULL, 0);
	kam_diag_list errors = {0};
	int rc = kam_commit_verify(root, tree, rels, count, globals.today, cwd, &errors, warnings, err);
	print_refusal_findings(&errors);
	kam_diag_list_release(&errors);
	free(cwd);
	return rc;
}

void remove_temp_files(kam_git *git, const kam_repo *repo, const char *command)
{
	char **removed = NULL;
	size_t count = 0;
	kam_commit_remove_temp_files(git, repo, &removed, &count);
	for (size_t i = 0; i < count; i++) {
		say("%s: removed %s, left by a kam write that was interrupted", command, removed[i]);
		free(removed[i]);
	}
	free(removed);
}

void print_let_through(const kam_diag_list *warnings)
{
	enum { SHOWN = 3 };
	if (!warnings->count)
		return;
	kam_diag_list first = {0};
	for (size_t i = 0; i < warnings->count && i < SHOWN; i++) {
		const kam_diag *d = &warnings->items[i];
		kam_diag *copy =
		    kam_diag_push(&first, d->rule, d->file, d->line, d->column, "%s", d->message);
		copy->severity = d->severity;
	}
	kam_buf out = KAM_BUF_INIT;
	kam_report_text(&out, &first, NULL);
	fprintf(stderr, "kam: committed with %zu warning%s:\n%s", warnings->count,
		warnings->count == 1 ? "" : "s", kam_buf_cstr(&out));
	if (warnings->count > SHOWN)
		fprintf(stderr, "... and %zu more warning%s; run kam check\n",
			warnings->count - SHOWN, warnings->count - SHOWN == 1 ? "" : "s");
	kam_buf_release(&out);
	kam_diag_list_release(&first);
}
