/* What kam commit and kam review do before they commit: check the plans
 * exactly as the commit will hold them. */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <dirent.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"
#include "banned.h"

/* A copy of the findings of severity sev (in the files of rels, when rels
 * is not NULL), in kam check's order. */
static void select_findings(const kam_diag_list *from, kam_severity sev, const char *root,
			    const char *cwd, const char *const *rels, size_t count,
			    kam_diag_list *to)
{
	/* the files as findings name them, in a hash table: one lookup per
	 * finding, so a first commit of 100,000 plans stays linear */
	char **shown = kam_xcalloc(count + 1, sizeof(char *));
	kam_text_table table = {0};
	for (size_t i = 0; rels && i < count; i++) {
		char *abs = kam_path_join(root, rels[i]);
		shown[i] = cwd ? kam_path_relative(abs, cwd) : kam_xstrdup(rels[i]);
		kam_text_table_put(&table, shown[i], strlen(shown[i]), i);
		free(abs);
	}
	for (size_t i = 0; i < from->count; i++) {
		const kam_diag *d = &from->items[i];
		size_t at;
		bool in = !rels || (d->file && kam_text_table_get(&table, d->file, strlen(d->file), &at));
		if (d->severity != sev || !in)
			continue;
		kam_diag *copy =
		    kam_diag_push(to, d->rule, d->file, d->line, d->column, "%s", d->message);
		copy->severity = sev;
		if (d->hint)
			kam_diag_set_hint(copy, "%s", d->hint);
	}
	kam_text_table_release(&table);
	for (size_t i = 0; i < count; i++)
		free(shown[i]);
	free(shown);
}

int verify_commit(const char *root, const char *tree, const char *const *rels, size_t count,
		  kam_diag_list *warnings, kam_error *err)
{
	kam_files *files;
	kam_repo *repo = NULL;
	kam_diag_list diags = {0};
	kam_check_stats stats = {0};
	char *cwd = getcwd(NULL, 0);
	kam_check_options options = {globals.today, NULL, NULL, NULL, NULL};
	int rc = kam_files_git(&files, root, tree, err);
	if (rc == 0)
		rc = kam_repo_open_files(&repo, root, files, cwd, &diags, err);
	if (rc == 0)
		rc = kam_check_paths(repo, NULL, 0, cwd, &options, &diags, &stats, err);
	size_t errors = 0;
	if (rc == 0) {
		kam_diag_list_finish(&diags, kam_repo_config(repo)->severity);
		errors = kam_diag_list_count(&diags, KAM_SEV_ERROR);
		select_findings(&diags, KAM_SEV_WARNING, root, cwd, rels, count, warnings);
	}
	if (errors) {
		kam_buf out = KAM_BUF_INIT;
		kam_diag_list only_errors = {0};
		select_findings(&diags, KAM_SEV_ERROR, root, cwd, NULL, 0, &only_errors);
		kam_report_text(&out, &only_errors, NULL);
		fputs(kam_buf_cstr(&out), stdout);
		fflush(stdout); /* before the refusal on stderr */
		kam_buf_release(&out);
		kam_diag_list_release(&only_errors);
		kam_diag_list mine = {0}; /* in the files this commit writes */
		select_findings(&diags, KAM_SEV_ERROR, root, cwd, rels, count, &mine);
		bool plans_only = count > 0; /* kam.yaml or a schema changes what other files mean */
		for (size_t i = 0; i < count; i++)
			plans_only = plans_only && strlen(rels[i]) > 3 &&
				     strcmp(rels[i] + strlen(rels[i]) - 3, ".md") == 0;
		if (mine.count || !plans_only)
			rc = kam_error_set(err, KAM_EINVALID,
					   "%zu error%s in the plans as they would be committed", errors,
					   errors == 1 ? "" : "s");
		else /* say so: the refusal is not about what is being committed */
			rc = kam_error_set(err, KAM_EINVALID,
					   "%zu error%s in other files of the repository, not in what is "
					   "being committed", errors, errors == 1 ? "" : "s");
		kam_diag_list_release(&mine);
	}
	kam_diag_list_release(&diags);
	kam_repo_free(repo);
	free(cwd);
	return rc;
}

void retry_pause(int attempt)
{
	long ms = 10L * attempt + (long)(getpid() % 7) * 5 * attempt;
	struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};
	nanosleep(&t, NULL);
}

void remove_temp_files(kam_git *git, const kam_repo *repo, const char *command)
{
	if (kam_git_lock(git, NULL) < 0)
		return; /* someone is writing: leave their files alone */
	const char *root = kam_repo_root(repo);
	kam_files *work = kam_files_worktree(root);
	char **rels = NULL;
	size_t n = 0;
	if (kam_files_list(work, kam_repo_config(repo)->accounts_dir, &rels, &n, NULL) < 0)
		n = 0;
	size_t alloc = n;
	DIR *top = opendir(root);
	struct dirent *e;
	while (top && (e = readdir(top))) /* kam.yaml's, beside it */
		if (kam_git_is_temp_name(e->d_name)) {
			rels = kam_grow(rels, &alloc, n + 1, sizeof(char *));
			rels[n++] = kam_xstrdup(e->d_name);
		}
	if (top)
		closedir(top);
	for (size_t i = 0; i < n; i++) {
		char *abs = kam_path_join(root, rels[i]);
		struct stat st;
		if (kam_git_is_temp_name(rels[i]) && lstat(abs, &st) == 0 && S_ISREG(st.st_mode) &&
		    unlink(abs) == 0)
			say("%s: removed %s, left by a kam write that was interrupted",
				command, rels[i]);
		free(abs);
		free(rels[i]);
	}
	free(rels);
	kam_files_free(work);
	kam_git_unlock(git);
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
