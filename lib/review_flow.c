/* kam review as one call (kam/review_flow.h): nothing printed, the result
 * says what happened. */
#define _DEFAULT_SOURCE
#include "kam/review_flow.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kam/commit_flow.h"
#include "kam/doc.h"
#include "kam/edit.h"
#include "kam/gitwrite.h"
#include "kam/node.h"
#include "kam/quarter.h"
#include "kam/rules.h"
#include "banned.h"

/* How one step ended: go on, stop (the outcome is set), or start again
 * from the new HEAD (nothing said or changed). */
enum { GO = 0, STOP = 1, AGAIN = -1 };

static int conclude(kam_review_result *r, kam_review_outcome outcome, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int conclude(kam_review_result *r, kam_review_outcome outcome, const char *fmt, ...)
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
	return STOP;
}

static char *plan_name(const char *text, size_t len, const char *fallback)
{
	kam_diag_list ignored = {0};
	kam_doc *doc = NULL;
	kam_doc_parse(&doc, "plan", text, len, NULL, &ignored);
	kam_diag_list_release(&ignored);
	const char *name = kam_node_string(kam_node_get(kam_doc_frontmatter(doc), "name"));
	char *copy = kam_xstrdup(name ? name : fallback);
	kam_doc_free(doc);
	return copy;
}

/* A text of the plan, and the same text reviewed today. */
typedef struct version {
	char *text, *reviewed;
	size_t len;
	bool found;
} version;

static void version_clear(version *v)
{
	free(v->text);
	free(v->reviewed);
	*v = (version){0};
}

static bool same_text(const version *a, const version *b)
{
	return a->len == b->len && memcmp(a->text, b->text, a->len) == 0;
}

/* The same text but for CR before LF: git's core.autocrlf keeps CRLF in
 * the work tree and LF in commits, and git status calls them equal. */
static bool same_but_line_ends(const char *a, size_t la, const char *b, size_t lb)
{
	size_t i = 0, j = 0;
	while (i < la && j < lb) {
		if (a[i] == '\r' && i + 1 < la && a[i + 1] == '\n' && b[j] != '\r')
			i++;
		else if (b[j] == '\r' && j + 1 < lb && b[j + 1] == '\n' && a[i] != '\r')
			j++;
		else if (a[i++] != b[j++])
			return false;
	}
	return i == la && j == lb;
}

/* Whether setting the date in a and in b is the same edit: the 'reviewed:'
 * line is the same in both (or missing from both), so whatever else
 * differs between them is left exactly as it was. */
static bool same_reviewed_line(const version *a, const version *b)
{
	size_t as = 0, ae = 0, bs = 0, be = 0;
	int ra = kam_plan_find_reviewed(a->text, a->len, &as, &ae);
	int rb = kam_plan_find_reviewed(b->text, b->len, &bs, &be);
	if (ra < 0 || rb < 0 || ra != rb)
		return false;
	return ra == 0 || same_but_line_ends(a->text + as, ae - as, b->text + bs, be - bs);
}

/* Whether v can get the date as head does, its other edits untouched:
 * its 'reviewed:' line is HEAD's, or already the one kam review writes. */
static bool can_set_date(const version *head, const version *v)
{
	version done = {head->reviewed, NULL, strlen(head->reviewed), true};
	return same_text(head, v) || same_reviewed_line(head, v) || same_reviewed_line(&done, v);
}

typedef struct review {
	kam_review_result *r;
	const kam_repo *repo;
	const kam_review_options *o;
	const char *rel;
	char *path;
	char quarter[8];
	version head, index, work;
	kam_git *git;
	bool last; /* the last go: say why it failed even when retrying could help */
} review;

static int refuse(review *v, const char *why, const char *first)
{
	return conclude(v->r, KAM_REVIEW_REFUSED,
			"review: %s %s: %s, or use --no-commit to only edit the file; nothing was "
			"changed",
			v->rel, why, first);
}

/* HEAD's and the index's versions of the plan, and whether the date can be
 * set in each without touching any other uncommitted edit. */
static int read_versions(review *v, kam_error *err)
{
	kam_files *head = NULL;
	const char *base = kam_git_base(v->git); /* the HEAD the commit is built on */
	if (base && kam_files_git(&head, kam_repo_root(v->repo), base, NULL) == 0)
		v->head.found = kam_files_read(head, v->rel, &v->head.text, &v->head.len, 64u << 20, NULL) == 0;
	kam_files_free(head);
	if (!v->head.found)
		return refuse(v, "is not committed yet", "commit it first (kam commit)");
	if (!(v->head.reviewed = kam_plan_set_reviewed(v->head.text, v->head.len, v->r->date)))
		return refuse(v, "has no frontmatter in HEAD", "commit your edits first (kam commit)");
	if (!can_set_date(&v->head, &v->work))
		return refuse(v, "has uncommitted edits of its 'reviewed:' line",
			      "commit or stash your edits first (kam commit, git stash)");
	kam_error none = {0};
	v->index.found = kam_git_index_read(v->git, v->rel, &v->index.text, &v->index.len, &none) == 0;
	if (!v->index.found && none.code != KAM_ENOTFOUND) {
		*err = none;
		return conclude(v->r, KAM_REVIEW_FAILED, NULL);
	}
	if (v->index.found && !can_set_date(&v->head, &v->index))
		return refuse(v, "has staged edits of its 'reviewed:' line",
			      "commit or unstage them first (kam commit, git restore --staged)");
	if (v->index.found)
		v->index.reviewed = kam_plan_set_reviewed(v->index.text, v->index.len, v->r->date);
	return GO;
}

/* Whether the work-tree file and its index entry are still what kam read:
 * asked under the index lock, before the file is written. */
static bool still_as_read(const review *v)
{
	char *text = NULL, *staged = NULL;
	size_t len = 0, staged_len = 0;
	bool same = kam_file_read(&text, &len, v->path, 8u << 20, NULL) == 0 && len == v->work.len &&
		    memcmp(text, v->work.text, len) == 0;
	bool in_index = kam_git_index_read(v->git, v->rel, &staged, &staged_len, NULL) == 0;
	same = same && in_index == v->index.found &&
	       (!in_index || (staged_len == v->index.len && memcmp(staged, v->index.text, staged_len) == 0));
	free(text);
	free(staged);
	return same;
}

/* Put the work-tree file back after a failed commit and say what it holds
 * now: "unchanged" only when it is byte for byte what it was. */
static bool put_back(review *v, const char *backup, const char *why, bool quiet)
{
	if (!backup || rename(backup, v->path) < 0) /* the old file itself, needing no space */
		kam_git_write_file(kam_repo_root(v->repo), v->rel, v->work.text, v->work.len, NULL, NULL);
	char *now = NULL;
	size_t len = 0;
	bool read = kam_file_read(&now, &len, v->path, 8u << 20, NULL) == 0;
	bool unchanged = read && len == v->work.len && memcmp(now, v->work.text, len) == 0;
	if (unchanged && !quiet)
		conclude(v->r, KAM_REVIEW_FAILED, "review: %s; %s is unchanged", why, v->rel);
	else if (unchanged)
		;
	else if (read && len == strlen(v->work.reviewed) && memcmp(now, v->work.reviewed, len) == 0) {
		conclude(v->r, KAM_REVIEW_FAILED,
			 "review: %s; %s could not be put back: it has the new 'reviewed:' date, "
			 "uncommitted (git diff shows it)",
			 why, v->rel);
		v->r->why_verbatim = true;
	} else
		conclude(v->r, KAM_REVIEW_FAILED, "review: %s; %s could not be read back: check it (git diff)",
			 why, v->rel);
	free(now);
	return unchanged;
}

/* Under git's index lock: write the file, commit, bring the index in line;
 * on failure the file is put back. */
static int write_and_commit(review *v, const char *tree, const char *message)
{
	kam_error err = {0};
	if (kam_git_lock(v->git, &err) < 0) {
		if (kam_git_busy(v->git) && !v->last)
			return AGAIN;
		bool refused = err.code == KAM_EINVALID;
		return conclude(v->r, refused ? KAM_REVIEW_REFUSED : KAM_REVIEW_FAILED,
				"review%s: %s; nothing was changed", refused ? " refused" : "", err.message);
	}
	if (!still_as_read(v)) {
		kam_git_unlock(v->git);
		if (!v->last)
			return AGAIN;
		return conclude(v->r, KAM_REVIEW_FAILED,
				"review: %s changed while kam was working: run kam review again; "
				"nothing was changed",
				v->rel);
	}
	bool all_staged = strcmp(v->index.reviewed ? v->index.reviewed : "", v->work.reviewed) == 0;
	kam_git_index_edit edit = {v->rel, all_staged ? NULL : v->index.reviewed,
				   v->index.reviewed ? strlen(v->index.reviewed) : 0, false};
	char *backup = NULL;
	int rc = GO;
	if (kam_git_write_file(kam_repo_root(v->repo), v->rel, v->work.reviewed, strlen(v->work.reviewed),
			       &backup, &err) < 0 ||
	    kam_git_commit(v->git, tree, message, &edit, v->index.reviewed ? 1 : 0, v->r->id, &err) < 0) {
		bool retry = kam_git_busy(v->git) && !v->last;
		bool unchanged = put_back(v, backup, err.message, retry);
		kam_git_unlock(v->git);
		rc = retry && unchanged ? AGAIN : conclude(v->r, KAM_REVIEW_FAILED, NULL);
	}
	if (backup)
		unlink(backup); /* after a rename back: gone already */
	free(backup);
	return rc;
}

/* Commit HEAD's version with the new date; the work-tree file and the
 * index get the same one-line edit. */
static int commit_review(review *v)
{
	kam_review_result *r = v->r;
	kam_error err = {0};
	char tree[41];
	bool changed = false;
	int rc = read_versions(v, &err);
	if (rc != GO)
		return r->outcome == KAM_REVIEW_FAILED
			       ? conclude(r, KAM_REVIEW_FAILED, "review: %s; nothing was changed", err.message)
			       : rc;
	if (kam_git_tree_with(v->git, v->rel, v->head.reviewed, strlen(v->head.reviewed), tree, &changed,
			      &err) < 0)
		return conclude(r, KAM_REVIEW_FAILED, "review: %s; nothing was changed", err.message);
	if (!changed)
		return conclude(r, KAM_REVIEW_ALREADY, NULL);
	if (kam_commit_verify(kam_repo_root(v->repo), tree, &v->rel, 1, v->o->today, v->o->display_base,
			      &r->errors, &r->warnings, &err) < 0) {
		if (err.code == KAM_EINVALID)
			return conclude(r, KAM_REVIEW_REFUSED,
					"review refused: %s (HEAD's plans with the new date); fix and "
					"commit them first (kam commit), or use --no-commit to only edit the "
					"file; nothing was changed",
					err.message);
		return conclude(r, KAM_REVIEW_FAILED, "review: %s; nothing was changed", err.message);
	}
	char *name = plan_name(v->head.reviewed, strlen(v->head.reviewed), v->o->account);
	char *message = kam_xprintf("Review %s plan (%s)\n", name, v->quarter);
	free(name);
	if ((rc = write_and_commit(v, tree, message)) != GO) {
		free(message);
		return rc;
	}
	r->outcome = KAM_REVIEW_DONE;
	r->message = message;
	r->branch = kam_xstrdup(kam_git_branch(v->git));
	r->other_edits_stay = !same_but_line_ends(v->head.reviewed, strlen(v->head.reviewed),
						  v->work.reviewed, strlen(v->work.reviewed));
	return STOP;
}

/* The work-tree plan and the same with today's date. */
static int read_work(review *v)
{
	kam_error err = {0};
	if (kam_file_read(&v->work.text, &v->work.len, v->path, 8u << 20, &err) < 0)
		return conclude(v->r, KAM_REVIEW_FAILED, "review: %s", err.message);
	v->work.found = true;
	if (!(v->work.reviewed = kam_plan_set_reviewed(v->work.text, v->work.len, v->r->date)))
		return conclude(v->r, KAM_REVIEW_FAILED, "review: %s has no frontmatter to set 'reviewed:' in",
				v->rel);
	return GO;
}

/* One go: AGAIN, with nothing said or changed, when another process
 * committed at the same moment and this is not the last go. */
static int review_once(review *v, bool last)
{
	kam_error err = {0};
	int rc = read_work(v);
	if (rc != GO)
		return rc;
	if (kam_git_open(&v->git, kam_repo_root(v->repo), &err) < 0)
		return conclude(v->r, KAM_REVIEW_FAILED, "review: %s", err.message);
	if (kam_git_check_state(v->git, &err) < 0)
		return conclude(v->r, KAM_REVIEW_REFUSED, "review refused: %s; nothing was changed", err.message);
	kam_commit_remove_temp_files(v->git, v->repo, &v->r->removed, &v->r->removed_count);
	v->last = last;
	return commit_review(v);
}

static void review_clear(review *v)
{
	kam_git_free(v->git);
	v->git = NULL;
	version_clear(&v->head);
	version_clear(&v->index);
	version_clear(&v->work);
}

/* The plan file of the account: a plain file that exists. */
static int find_plan(review *v)
{
	if (!kam_path_exists(v->path)) {
		char *guess = kam_repo_closest_account(v->repo, v->o->account);
		conclude(v->r, KAM_REVIEW_FAILED, "review: '%s' is not an account of this repository (no %s)%s%s%s",
			 v->o->account, v->rel, guess ? "; did you mean '" : "", guess ? guess : "",
			 guess ? "'?" : "");
		free(guess);
		return STOP;
	}
	struct stat st;
	if (lstat(v->path, &st) == 0 && !S_ISREG(st.st_mode))
		return conclude(v->r, KAM_REVIEW_REFUSED,
				"review: %s is %s: kam review edits only plain files (edit the file it "
				"points to); nothing was changed",
				v->rel, S_ISLNK(st.st_mode) ? "a symbolic link" : "not a regular file");
	return GO;
}

/* --no-commit: the date in the work-tree file, nothing else. */
static void edit_only(review *v)
{
	kam_error err = {0};
	if (read_work(v) != GO)
		return;
	if (kam_git_write_file(kam_repo_root(v->repo), v->rel, v->work.reviewed, strlen(v->work.reviewed),
			       NULL, &err) < 0)
		conclude(v->r, KAM_REVIEW_FAILED, "review: %s", err.message);
	else
		v->r->outcome = KAM_REVIEW_EDITED;
}

int kam_review_run(kam_review_result *r, const kam_repo *repo, const kam_review_options *o)
{
	*r = (kam_review_result){0};
	r->rel = kam_xprintf("%s/%s.md", kam_repo_config(repo)->accounts_dir, o->account);
	review v = {.r = r, .repo = repo, .o = o, .rel = r->rel};
	v.path = kam_path_join(kam_repo_root(repo), r->rel);
	kam_rules_context ctx;
	kam_rules_context_init(&ctx, kam_repo_config(repo), o->today);
	kam_date_format(ctx.today, r->date);
	kam_quarter_format(ctx.quarter, v.quarter);
	if (find_plan(&v) != GO)
		;
	else if (o->no_commit)
		edit_only(&v);
	else
		for (int attempt = 1; review_once(&v, attempt == KAM_COMMIT_ATTEMPTS) == AGAIN; attempt++) {
			review_clear(&v); /* start again from the new HEAD */
			kam_diag_list_release(&r->errors);
			kam_diag_list_release(&r->warnings);
			kam_commit_retry_pause(attempt);
		}
	review_clear(&v);
	free(v.path);
	return r->outcome == KAM_REVIEW_REFUSED ? KAM_EINVALID : r->outcome == KAM_REVIEW_FAILED ? KAM_EIO : 0;
}

void kam_review_result_release(kam_review_result *r)
{
	free(r->why);
	for (size_t i = 0; i < r->removed_count; i++)
		free(r->removed[i]);
	free(r->removed);
	kam_diag_list_release(&r->errors);
	kam_diag_list_release(&r->warnings);
	free(r->rel);
	free(r->branch);
	free(r->message);
	*r = (kam_review_result){0};
}
