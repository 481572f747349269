/* kam commit as one call (kam/commit_flow.h): nothing printed, the result
 * says what happened. */
#define _DEFAULT_SOURCE
#include "kam/commit_flow.h"

#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "kam/check.h"
#include "kam/diff.h"
#include "kam/node.h"
#include "kam/report.h"
#include "kam/rules.h"
#include "banned.h"

typedef struct names {
	char **items;
	size_t count, alloc;
} names;

static void add_name(names *n, const char *s)
{
	n->items = kam_grow(n->items, &n->alloc, n->count + 1, sizeof(char *));
	n->items[n->count++] = kam_xstrdup(s);
}

static void free_names(names *n)
{
	for (size_t i = 0; i < n->count; i++)
		free(n->items[i]);
	free(n->items);
	*n = (names){0};
}

static int by_text(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted, each name once: n log n for any number of files. */
static void sort_unique(names *n)
{
	if (n->count)
		qsort(n->items, n->count, sizeof(char *), by_text);
	size_t kept = 0;
	for (size_t i = 0; i < n->count; i++)
		if (kept && strcmp(n->items[kept - 1], n->items[i]) == 0)
			free(n->items[i]);
		else
			n->items[kept++] = n->items[i];
	n->count = kept;
}

/* The paths the user named, as absolute paths, resolved once. */
static void resolve_paths(const kam_commit_options *o, const char *root, names *out)
{
	for (size_t i = 0; i < o->path_count; i++) {
		char *real = realpath(o->paths[i], NULL);
		char *p = real ? real : kam_path_join(root, o->paths[i]);
		add_name(out, p);
		free(p);
	}
}

/* Whether rel is below one of the paths the user named (or none was). */
static bool wanted(const names *paths, const char *root, const char *rel)
{
	if (!paths->count)
		return true;
	char *abs = kam_path_join(root, rel);
	bool yes = false;
	for (size_t i = 0; i < paths->count && !yes; i++) {
		size_t n = strlen(paths->items[i]);
		yes = strncmp(abs, paths->items[i], n) == 0 && (abs[n] == '/' || !abs[n]);
	}
	free(abs);
	return yes;
}

/* Whether the work tree's rel is not HEAD's: a file kam cannot read there
 * (a link out, a FIFO) differs, so that it is looked at and refused. */
static bool differs(const kam_files *head, const kam_files *work, const char *rel)
{
	if (head)
		return !kam_files_same(head, work, rel);
	struct stat st;
	char *path = kam_path_join(kam_files_root(work), rel);
	bool there = lstat(path, &st) == 0;
	free(path);
	return there;
}

/* The schema files kam.yaml names (schema: PATH, or a mapping of kinds to
 * paths): committed with the plans they check. */
static void schema_files(const kam_files *work, names *out)
{
	char *text = NULL;
	size_t len = 0;
	if (kam_files_read(work, "kam.yaml", &text, &len, 1u << 20, NULL) < 0)
		return;
	kam_arena *arena = kam_arena_new();
	kam_diag_list ignored = {0};
	kam_node *root = NULL;
	if (kam_yaml_parse(&root, arena, text, len, 1, "kam.yaml", NULL, &ignored) == 0) {
		const kam_node *schema = kam_node_get(root, "schema");
		size_t n = schema && schema->kind == KAM_NODE_MAP ? schema->count : 1;
		for (size_t i = 0; schema && i < n; i++) {
			const kam_node *v = schema->kind == KAM_NODE_MAP ? schema->pairs[i].value : schema;
			const char *path = kam_node_string(v);
			while (path && strncmp(path, "./", 2) == 0)
				path += 2;
			if (path && *path && path[0] != '/' && !strstr(path, ".."))
				add_name(out, path);
		}
	}
	kam_diag_list_release(&ignored);
	kam_arena_free(arena);
	free(text);
}

/* The files of the plans (kam.yaml, its schema files, everything below the
 * accounts folder) that differ between HEAD and the work tree; temporary
 * files of kam's own writes are never among them. */
static void changed_plans(const kam_repo *repo, const kam_files *head, const kam_commit_options *o,
			  names *out)
{
	const kam_files *work = kam_repo_files(repo);
	const char *dir = kam_repo_config(repo)->accounts_dir;
	names all = {0}, paths = {0};
	add_name(&all, "kam.yaml");
	schema_files(work, &all);
	const kam_files *sides[2] = {work, head};
	for (int s = 0; s < 2; s++) {
		char **rels;
		size_t n;
		if (!sides[s] || kam_files_list(sides[s], dir, &rels, &n, NULL) < 0)
			continue;
		for (size_t i = 0; i < n; i++) {
			all.items = kam_grow(all.items, &all.alloc, all.count + 1, sizeof(char *));
			all.items[all.count++] = rels[i]; /* taken over */
		}
		free(rels);
	}
	sort_unique(&all);
	resolve_paths(o, kam_repo_root(repo), &paths);
	for (size_t i = 0; i < all.count; i++) {
		const char *rel = all.items[i];
		if (kam_git_is_temp_name(rel) && kam_files_exists(work, rel))
			continue; /* a write that was killed: never committed */
		if (wanted(&paths, kam_repo_root(repo), rel) && differs(head, work, rel))
			add_name(out, rel);
	}
	free_names(&paths);
	free_names(&all);
}

/* Keep of changed the files the new tree really changes: git's filters
 * (core.autocrlf) may store a file that differs in the work tree as HEAD
 * has it. */
static void keep_committed(const char *root, const kam_files *head, const char *tree, names *changed)
{
	kam_files *after = NULL;
	if (kam_files_git(&after, root, tree, NULL) < 0)
		return;
	size_t kept = 0;
	for (size_t i = 0; i < changed->count; i++)
		if (!head || !kam_files_same(head, after, changed->items[i]))
			changed->items[kept++] = changed->items[i];
		else
			free(changed->items[i]);
	changed->count = kept;
	kam_files_free(after);
}

/* The message: the user's lines, then the story of what changed. */
static char *compose_message(const char *root, const kam_repo *work, const char *base_id,
			     const char *tree, const kam_commit_options *o, size_t files)
{
	kam_buf msg = KAM_BUF_INIT;
	kam_buf_printf(&msg, "%s\n", o->message ? o->message : "Update account plans");
	kam_files *before = NULL, *after = NULL;
	kam_repo *base = NULL, *head = NULL;
	kam_diag_list ignored = {0};
	kam_diff *diff = NULL;
	kam_error err = {0};
	if (base_id && kam_files_git(&before, root, base_id, &err) == 0)
		kam_repo_open_files(&base, root, before, NULL, &ignored, &err);
	if (kam_files_git(&after, root, tree, &err) == 0 &&
	    kam_repo_open_files(&head, root, after, NULL, &ignored, &err) == 0) {
		/* judged on the day it is made, as kam log and kam diff judge it */
		kam_date today = kam_today(kam_repo_config(work)->timezone, o->today);
		kam_diff_commit(&diff, base, head, today, &err);
	}
	size_t n = 0;
	const kam_account_diff *accounts = diff ? kam_diff_accounts(diff, &n) : NULL;
	if (n)
		kam_buf_putc(&msg, '\n');
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < accounts[i].story_count; j++)
			kam_buf_printf(&msg, "%s: %s\n", accounts[i].account, accounts[i].story[j]);
	if (!n)
		kam_buf_printf(&msg, "\n%zu plan file%s changed\n", files, files == 1 ? "" : "s");
	kam_diff_free(diff);
	kam_repo_free(base);
	kam_repo_free(head);
	kam_diag_list_release(&ignored);
	return kam_buf_detach(&msg);
}

/* Refuse what git would store as something else than the file the user
 * sees, or that leaves the repository: a symbolic link to a place outside
 * it, a fifo or a device. */
static int check_kinds(kam_git *git, const char *root, const names *changed, bool links,
		       kam_error *err)
{
	int rc = KAM_OK;
	for (size_t i = 0; i < changed->count && rc == KAM_OK; i++) {
		char *abs = kam_path_join(root, changed->items[i]);
		struct stat st;
		char *target = NULL;
		if (lstat(abs, &st) != 0)
			; /* deleted: nothing is read */
		else if (S_ISLNK(st.st_mode))
			rc = links ? kam_git_check_link(git, changed->items[i], &target, err) : KAM_OK;
		else if (!S_ISREG(st.st_mode))
			rc = kam_error_set(err, KAM_EINVALID, "%s is not a regular file or a symbolic link",
					   changed->items[i]);
		free(target);
		free(abs);
	}
	return rc;
}

/* What was committed: A added, M modified, D deleted; a symbolic link with
 * its text, as git stores it. */
static void list_files(kam_commit_result *r, const char *root, const kam_files *head,
		       const names *changed)
{
	r->files = kam_xcalloc(changed->count ? changed->count : 1, sizeof(*r->files));
	for (size_t i = 0; i < changed->count; i++) {
		const char *rel = changed->items[i];
		char *abs = kam_path_join(root, rel);
		struct stat st;
		bool in_work = lstat(abs, &st) == 0;
		char link[4096];
		ssize_t n = in_work && S_ISLNK(st.st_mode) ? readlink(abs, link, sizeof(link) - 1) : -1;
		kam_commit_file *f = &r->files[r->file_count++];
		f->rel = kam_xstrdup(rel);
		f->link = n > 0 ? kam_xstrndup(link, (size_t)n) : NULL;
		f->status = !in_work ? 'D' : head && kam_files_exists(head, rel) ? 'M' : 'A';
		free(abs);
	}
}

/* The outcome and the message that explains it. */
static int conclude(kam_commit_result *r, kam_commit_outcome outcome, int code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int conclude(kam_commit_result *r, kam_commit_outcome outcome, int code, const char *fmt, ...)
{
	r->outcome = outcome;
	if (fmt) {
		va_list ap;
		va_start(ap, fmt);
		char *why = kam_xvprintf(fmt, ap); /* before the old one goes */
		va_end(ap);
		free(r->why);
		r->why = why;
	}
	return code;
}

/* A refusal (KAM_EINVALID) or a failure, by the error's code. */
static int refused_or_failed(kam_commit_result *r, const kam_error *err, const char *fmt)
{
	return conclude(r, err->code == KAM_EINVALID ? KAM_COMMIT_REFUSED : KAM_COMMIT_FAILED,
			err->code, fmt, err->message);
}

enum { RETRY = 1 };

/* The part of one go after the tree is built: check, compose, commit. */
static int commit_tree(kam_commit_result *r, kam_git *git, const kam_repo *repo,
		       const kam_files *head, const kam_commit_options *o, names *changed,
		       const char *tree, bool last)
{
	kam_error err = {0};
	const char *root = kam_repo_root(repo);
	/* links the commit adds or changes; one HEAD has already is not new */
	if (check_kinds(git, root, changed, true, &err) < 0)
		return refused_or_failed(r, &err, "commit refused: %s; nothing was committed");
	if (!o->no_verify &&
	    kam_commit_verify(root, tree, (const char *const *)changed->items, changed->count, o->today,
			      o->display_base, &r->errors, &r->warnings, &err) < 0)
		return refused_or_failed(r, &err, err.code == KAM_EINVALID
						      ? "commit refused: %s (--no-verify commits anyway)"
						      : "commit: %s");
	r->message = compose_message(root, repo, kam_git_base(git), tree, o, changed->count);
	kam_git_index_edit *edits = kam_xcalloc(changed->count, sizeof(*edits));
	for (size_t i = 0; i < changed->count; i++)
		edits[i] = (kam_git_index_edit){changed->items[i], NULL, 0, true}; /* as committed */
	int rc = kam_git_commit(git, tree, r->message, edits, changed->count, r->id, &err);
	free(edits);
	if (rc < 0) {
		kam_git_unlock(git);
		if (kam_git_busy(git) && !last)
			return RETRY;
		return refused_or_failed(r, &err, err.code == KAM_EINVALID
						      ? "commit refused: %s; nothing was changed"
						      : "commit: %s; nothing was changed");
	}
	r->branch = kam_xstrdup(kam_git_branch(git));
	list_files(r, root, head, changed);
	return conclude(r, KAM_COMMIT_DONE, KAM_OK, NULL);
}

/* One go at the commit: RETRY (nothing changed) when another process was
 * committing at the same time and this is not the last go. */
static int commit_once(kam_commit_result *r, const kam_repo *repo, const kam_commit_options *o,
		       bool last)
{
	kam_files *head = NULL;
	kam_git *git = NULL;
	kam_error err = {0};
	names changed = {0};
	const char *root = kam_repo_root(repo);
	char tree[41];
	bool differs_from_head;
	int rc;
	if (kam_git_open(&git, root, &err) < 0)
		rc = conclude(r, KAM_COMMIT_FAILED, err.code, "commit: %s", err.message);
	else if (kam_git_check_state(git, &err) < 0) /* mid-merge: before anything is read */
		rc = conclude(r, KAM_COMMIT_REFUSED, KAM_EINVALID,
			      "commit refused: %s; nothing was changed", err.message);
	else {
		kam_commit_remove_temp_files(git, repo, &r->removed, &r->removed_count);
		if (kam_git_base(git)) /* the HEAD everything is built from */
			kam_files_git(&head, root, kam_git_base(git), NULL);
		changed_plans(repo, head, o, &changed);
		if (!changed.count)
			rc = conclude(r, KAM_COMMIT_NOTHING, KAM_OK, NULL);
		else if (check_kinds(git, root, &changed, false, &err) < 0) /* before any file is read */
			rc = refused_or_failed(r, &err, "commit refused: %s; nothing was committed");
		else if (kam_git_stage_tree(git, (const char *const *)changed.items, changed.count, tree,
					    &differs_from_head, &err) < 0)
			rc = conclude(r, KAM_COMMIT_FAILED, err.code, "commit: %s", err.message);
		else {
			keep_committed(root, head, tree, &changed);
			if (!differs_from_head || !changed.count) /* line ends only, as git's filters store them */
				rc = conclude(r, KAM_COMMIT_NOTHING, KAM_OK, NULL);
			else
				rc = commit_tree(r, git, repo, head, o, &changed, tree, last);
		}
	}
	free_names(&changed);
	kam_git_free(git);
	kam_files_free(head);
	return rc;
}

int kam_commit_run(kam_commit_result *r, const kam_repo *repo, const kam_commit_options *o)
{
	*r = (kam_commit_result){0};
	int rc;
	for (int attempt = 1; (rc = commit_once(r, repo, o, attempt == KAM_COMMIT_ATTEMPTS)) == RETRY;
	     attempt++) {
		kam_diag_list_release(&r->warnings); /* checked again from the new HEAD */
		r->warnings = (kam_diag_list){0};
		free(r->message);
		r->message = NULL;
		kam_commit_retry_pause(attempt);
	}
	return rc;
}

void kam_commit_result_release(kam_commit_result *r)
{
	free(r->why);
	for (size_t i = 0; i < r->removed_count; i++)
		free(r->removed[i]);
	free(r->removed);
	kam_diag_list_release(&r->errors);
	kam_diag_list_release(&r->warnings);
	free(r->branch);
	free(r->message);
	for (size_t i = 0; i < r->file_count; i++) {
		free(r->files[i].rel);
		free(r->files[i].link);
	}
	free(r->files);
	*r = (kam_commit_result){0};
}

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

/* Whether every file of rels is a plan (.md): kam.yaml or a schema changes
 * what the other files mean. */
static bool plans_only(const char *const *rels, size_t count)
{
	bool only = count > 0;
	for (size_t i = 0; i < count; i++)
		only = only && strlen(rels[i]) > 3 && strcmp(rels[i] + strlen(rels[i]) - 3, ".md") == 0;
	return only;
}

int kam_commit_verify(const char *root, const char *tree, const char *const *rels, size_t count,
		      const char *today, const char *cwd, kam_diag_list *errors,
		      kam_diag_list *warnings, kam_error *err)
{
	kam_files *files;
	kam_repo *repo = NULL;
	kam_diag_list diags = {0};
	kam_check_stats stats = {0};
	kam_check_options options = {.today = today, .findings_only = true};
	int rc = kam_files_git(&files, root, tree, err);
	if (rc == 0)
		rc = kam_repo_open_files(&repo, root, files, cwd, &diags, err);
	if (rc == 0)
		rc = kam_check_paths(repo, NULL, 0, cwd, &options, &diags, &stats, err);
	size_t count_errors = 0;
	if (rc == 0) {
		kam_diag_list_finish(&diags, kam_repo_config(repo)->severity);
		count_errors = kam_diag_list_count(&diags, KAM_SEV_ERROR);
		select_findings(&diags, KAM_SEV_WARNING, root, cwd, rels, count, warnings);
	}
	if (count_errors) {
		select_findings(&diags, KAM_SEV_ERROR, root, cwd, NULL, 0, errors);
		kam_diag_list mine = {0}; /* in the files this commit writes */
		select_findings(&diags, KAM_SEV_ERROR, root, cwd, rels, count, &mine);
		if (mine.count || !plans_only(rels, count))
			rc = kam_error_set(err, KAM_EINVALID,
					   "%zu error%s in the plans as they would be committed",
					   count_errors, count_errors == 1 ? "" : "s");
		else /* say so: the refusal is not about what is being committed */
			rc = kam_error_set(err, KAM_EINVALID,
					   "%zu error%s in other files of the repository, not in what is "
					   "being committed",
					   count_errors, count_errors == 1 ? "" : "s");
		kam_diag_list_release(&mine);
	}
	kam_diag_list_release(&diags);
	kam_repo_free(repo);
	return rc;
}

void kam_commit_retry_pause(int attempt)
{
	long ms = 10L * attempt + (long)(getpid() % 7) * 5 * attempt;
	struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};
	nanosleep(&t, NULL);
}

void kam_commit_remove_temp_files(kam_git *git, const kam_repo *repo, char ***removed,
				  size_t *count)
{
	if (kam_git_lock(git, NULL) < 0)
		return; /* someone is writing: leave their files alone */
	const char *root = kam_repo_root(repo);
	kam_files *work = kam_files_worktree(root);
	char **rels = NULL;
	size_t n = 0;
	if (kam_files_list(work, kam_repo_config(repo)->accounts_dir, &rels, &n, NULL) < 0)
		n = 0;
	size_t alloc = n, removed_alloc = *count;
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
		    unlink(abs) == 0) {
			*removed = kam_grow(*removed, &removed_alloc, *count + 1, sizeof(char *));
			(*removed)[(*count)++] = rels[i];
		} else
			free(rels[i]);
		free(abs);
	}
	free(rels);
	kam_files_free(work);
	kam_git_unlock(git);
}
