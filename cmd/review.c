#define _DEFAULT_SOURCE
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"
#include "banned.h"

const char cmd_review_usage[] =
	"usage: kam review [--no-commit] ACCOUNT\n"
	"\n"
	"Mark the plan of ACCOUNT as reviewed today: set its 'reviewed:' line to\n"
	"today's date (the only line changed: comments and formatting stay; the key\n"
	"is added after 'owner:' when missing), then commit just that change as\n"
	"\"Review <name> plan (<quarter>)\".\n"
	"\n"
	"What is committed is the plan as HEAD has it with the new date, checked\n"
	"exactly as 'kam commit' checks: errors refuse the commit and are printed\n"
	"as 'kam check' prints them; the warnings it lets through are counted on\n"
	"stderr. Other uncommitted edits of the plan are not committed: the date is\n"
	"set in the work-tree file (and in git's index) too, and those edits stay\n"
	"there as they were. When the 'reviewed:' line itself has uncommitted edits,\n"
	"or the plan was never committed, kam review refuses and changes nothing:\n"
	"commit or stash your edits first, or use --no-commit. If the commit fails,\n"
	"the file is put back as it was (\"unchanged\" is said only when it is byte\n"
	"for byte). The file keeps its permissions; a symlinked plan is refused.\n"
	"The commit is made as 'kam commit' makes it: under git's index lock, on the\n"
	"HEAD it was built from (started again when another commit landed\n"
	"meanwhile), never during a merge, rebase, cherry-pick or revert.\n"
	"\n"
	"Options:\n"
	"  --no-commit  only edit the file: nothing is checked or committed\n"
	"\n"
	"Exit status: 0 committed (or reviewed today already), 1 refused, 2 usage or\n"
	"git error.\n";

static const char *plan_name(const char *text, size_t len, const char *fallback, kam_doc **doc)
{
	kam_diag_list ignored = {0};
	kam_doc_parse(doc, "plan", text, len, NULL, &ignored);
	kam_diag_list_release(&ignored);
	const char *name = kam_node_string(kam_node_get(kam_doc_frontmatter(*doc), "name"));
	return name ? name : fallback;
}

/* A text of the plan, and the same text reviewed today. */
typedef struct version {
	char *text, *reviewed;
	size_t len;
	bool found;
} version;

static void version_free(version *v)
{
	free(v->text);
	free(v->reviewed);
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
	const kam_repo *repo;
	const char *rel, *path, *today, *quarter, *account;
	version head, index, work;
	kam_git *git;
	bool last; /* the last go: say why it failed even when retrying could help */
} review;

static int refuse(const review *r, const char *why, const char *first)
{
	say("review: %s %s: %s, or use --no-commit to only edit the file; nothing was "
			"changed",
		r->rel, why, first);
	return EXIT_FINDINGS;
}

/* HEAD's and the index's versions of the plan, and whether the date can be
 * set in each without touching any other uncommitted edit. */
static int read_versions(review *r, kam_error *err)
{
	kam_files *head = NULL;
	const char *base = kam_git_base(r->git); /* the HEAD the commit is built on */
	if (base && kam_files_git(&head, kam_repo_root(r->repo), base, NULL) == 0)
		r->head.found = kam_files_read(head, r->rel, &r->head.text, &r->head.len, 64u << 20, NULL) == 0;
	kam_files_free(head);
	if (!r->head.found)
		return refuse(r, "is not committed yet", "commit it first (kam commit)");
	if (!(r->head.reviewed = kam_plan_set_reviewed(r->head.text, r->head.len, r->today)))
		return refuse(r, "has no frontmatter in HEAD", "commit your edits first (kam commit)");
	if (!can_set_date(&r->head, &r->work))
		return refuse(r, "has uncommitted edits of its 'reviewed:' line",
			      "commit or stash your edits first (kam commit, git stash)");
	kam_error none = {0};
	r->index.found = kam_git_index_read(r->git, r->rel, &r->index.text, &r->index.len, &none) == 0;
	if (!r->index.found && none.code != KAM_ENOTFOUND) {
		*err = none;
		return EXIT_USAGE;
	}
	if (r->index.found && !can_set_date(&r->head, &r->index))
		return refuse(r, "has staged edits of its 'reviewed:' line",
			      "commit or unstage them first (kam commit, git restore --staged)");
	if (r->index.found)
		r->index.reviewed = kam_plan_set_reviewed(r->index.text, r->index.len, r->today);
	return EXIT_CLEAN;
}

/* Whether the work-tree file and its index entry are still what kam read:
 * asked under the index lock, before the file is written. */
static bool still_as_read(const review *r)
{
	char *text = NULL, *staged = NULL;
	size_t len = 0, staged_len = 0;
	bool same = kam_file_read(&text, &len, r->path, 8u << 20, NULL) == 0 && len == r->work.len &&
		    memcmp(text, r->work.text, len) == 0;
	bool in_index = kam_git_index_read(r->git, r->rel, &staged, &staged_len, NULL) == 0;
	same = same && in_index == r->index.found &&
	       (!in_index || (staged_len == r->index.len && memcmp(staged, r->index.text, staged_len) == 0));
	free(text);
	free(staged);
	return same;
}

/* Put the work-tree file back after a failed commit and say what it holds
 * now: "unchanged" only when it is byte for byte what it was. */
static bool put_back(const review *r, const char *backup, const char *why, bool quiet)
{
	if (!backup || rename(backup, r->path) < 0) /* the old file itself, needing no space */
		kam_git_write_file(kam_repo_root(r->repo), r->rel, r->work.text, r->work.len, NULL, NULL);
	char *now = NULL;
	size_t len = 0;
	bool read = kam_file_read(&now, &len, r->path, 8u << 20, NULL) == 0;
	bool unchanged = read && len == r->work.len && memcmp(now, r->work.text, len) == 0;
	if (unchanged && !quiet)
		say("review: %s; %s is unchanged", why, r->rel);
	else if (unchanged)
		;
	else if (read && len == strlen(r->work.reviewed) && memcmp(now, r->work.reviewed, len) == 0)
		fprintf(stderr,
			"kam: review: %s; %s could not be put back: it has the new 'reviewed:' date, "
			"uncommitted (git diff shows it)\n",
			why, r->rel);
	else
		say("review: %s; %s could not be read back: check it (git diff)", why,
			r->rel);
	free(now);
	return unchanged;
}

/* Under git's index lock: write the file, commit, bring the index in line;
 * on failure the file is put back. */
static int write_and_commit(review *r, const char *tree, const char *message, char id[41])
{
	kam_error err = {0};
	if (kam_git_lock(r->git, &err) < 0) {
		if (kam_git_busy(r->git) && !r->last)
			return EXIT_RETRY;
		say("review%s: %s; nothing was changed",
			err.code == KAM_EINVALID ? " refused" : "", err.message);
		return err.code == KAM_EINVALID ? EXIT_FINDINGS : EXIT_USAGE;
	}
	if (!still_as_read(r)) {
		kam_git_unlock(r->git);
		if (!r->last)
			return EXIT_RETRY;
		say("review: %s changed while kam was working: run kam review again; "
				"nothing was changed",
			r->rel);
		return EXIT_USAGE;
	}
	bool all_staged = strcmp(r->index.reviewed ? r->index.reviewed : "", r->work.reviewed) == 0;
	kam_git_index_edit edit = {r->rel, all_staged ? NULL : r->index.reviewed,
				   r->index.reviewed ? strlen(r->index.reviewed) : 0, false};
	char *backup = NULL;
	int rc = EXIT_CLEAN;
	if (kam_git_write_file(kam_repo_root(r->repo), r->rel, r->work.reviewed, strlen(r->work.reviewed),
			       &backup, &err) < 0 ||
	    kam_git_commit(r->git, tree, message, &edit, r->index.reviewed ? 1 : 0, id, &err) < 0) {
		bool retry = kam_git_busy(r->git) && !r->last;
		bool unchanged = put_back(r, backup, err.message, retry);
		kam_git_unlock(r->git);
		rc = retry && unchanged ? EXIT_RETRY : EXIT_USAGE;
	}
	if (backup)
		unlink(backup); /* after a rename back: gone already */
	free(backup);
	return rc;
}

/* Commit HEAD's version with the new date; the work-tree file and the
 * index get the same one-line edit. */
static int commit_review(review *r)
{
	kam_error err = {0};
	kam_diag_list warnings = {0};
	kam_doc *doc = NULL;
	char tree[41], id[41];
	bool changed = false;
	char *message = NULL;
	int rc = read_versions(r, &err);
	if (rc == EXIT_CLEAN && kam_git_tree_with(r->git, r->rel, r->head.reviewed, strlen(r->head.reviewed),
						 tree, &changed, &err) < 0)
		rc = EXIT_USAGE;
	if (rc != EXIT_CLEAN || !changed) {
		if (rc == EXIT_USAGE)
			say("review: %s; nothing was changed", err.message);
		else if (rc == EXIT_CLEAN)
			printf("%s was reviewed today already: nothing to commit\n", r->rel);
		goto done;
	}
	if (verify_commit(kam_repo_root(r->repo), tree, &r->rel, 1, &warnings, &err) < 0) {
		if (err.code == KAM_EINVALID)
			say("review refused: %s (HEAD's plans with the new date); fix and "
			    "commit them first (kam commit), or use --no-commit to only edit the "
			    "file; nothing was changed",
			    err.message);
		else
			say("review: %s; nothing was changed", err.message);
		rc = err.code == KAM_EINVALID ? EXIT_FINDINGS : EXIT_USAGE;
		goto done;
	}
	message = kam_xprintf("Review %s plan (%s)\n",
			      plan_name(r->head.reviewed, strlen(r->head.reviewed), r->account, &doc), r->quarter);
	if ((rc = write_and_commit(r, tree, message, id)) != EXIT_CLEAN)
		goto done;
	printf("[%s %.7s] %s", kam_git_branch(r->git), id, message);
	if (!same_but_line_ends(r->head.reviewed, strlen(r->head.reviewed), r->work.reviewed,
				strlen(r->work.reviewed)))
		printf("only the 'reviewed:' line was committed: your other edits of %s stay uncommitted\n",
		       r->rel);
	fflush(stdout);
	print_let_through(&warnings);
done:
	free(message);
	kam_doc_free(doc);
	kam_diag_list_release(&warnings);
	return rc;
}

/* The work-tree plan and the same with today's date. */
static int read_work(review *r)
{
	kam_error err = {0};
	if (kam_file_read(&r->work.text, &r->work.len, r->path, 8u << 20, &err) < 0) {
		say("review: %s", err.message);
		return EXIT_USAGE;
	}
	r->work.found = true;
	if (!(r->work.reviewed = kam_plan_set_reviewed(r->work.text, r->work.len, r->today))) {
		say("review: %s has no frontmatter to set 'reviewed:' in", r->rel);
		return EXIT_USAGE;
	}
	return EXIT_CLEAN;
}

/* One go: EXIT_RETRY, with nothing said or changed, when another process
 * committed at the same moment and this is not the last go. */
static int review_once(review *r, bool last)
{
	kam_error err = {0};
	int rc = read_work(r);
	if (rc != EXIT_CLEAN)
		return rc;
	if (kam_git_open(&r->git, kam_repo_root(r->repo), &err) < 0) {
		say("review: %s", err.message);
		return EXIT_USAGE;
	}
	if (kam_git_check_state(r->git, &err) < 0) {
		say("review refused: %s; nothing was changed", err.message);
		return EXIT_FINDINGS;
	}
	remove_temp_files(r->git, r->repo, "review");
	r->last = last;
	return commit_review(r);
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
	char *rel = NULL, *path = NULL;
	int rc = EXIT_USAGE;
	review r = {0};
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
	struct stat st;
	if (lstat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		say("review: %s is %s: kam review edits only plain files (edit the file it "
		    "points to); nothing was changed",
		    rel, S_ISLNK(st.st_mode) ? "a symbolic link" : "not a regular file");
		rc = EXIT_FINDINGS;
		goto done;
	}
	r = (review){repo, rel, path, NULL, NULL, account, {0}, {0}, {0}, NULL, false};
	kam_rules_context ctx;
	kam_rules_context_init(&ctx, kam_repo_config(repo), globals.today);
	char today[11], quarter[8];
	kam_date_format(ctx.today, today);
	kam_quarter_format(ctx.quarter, quarter);
	r.today = today;
	r.quarter = quarter;
	if (!commit) {
		if ((rc = read_work(&r)) == EXIT_CLEAN) {
			if (kam_git_write_file(kam_repo_root(repo), rel, r.work.reviewed,
					       strlen(r.work.reviewed), NULL, &err) < 0) {
				say("review: %s", err.message);
				rc = EXIT_USAGE;
			} else
				printf("%s: reviewed: %s\n", rel, today);
		}
		goto done;
	}
	for (int attempt = 1; (rc = review_once(&r, attempt == KAM_COMMIT_ATTEMPTS)) == EXIT_RETRY; attempt++) {
		kam_git_free(r.git); /* start again from the new HEAD */
		r.git = NULL;
		version_free(&r.head);
		version_free(&r.index);
		version_free(&r.work);
		memset(&r.head, 0, sizeof(r.head));
		memset(&r.index, 0, sizeof(r.index));
		memset(&r.work, 0, sizeof(r.work));
		kam_commit_retry_pause(attempt);
	}
done:
	kam_git_free(r.git);
	version_free(&r.head);
	version_free(&r.index);
	version_free(&r.work);
	free(path);
	free(rel);
	kam_repo_free(repo);
	kam_diag_list_release(&ignored);
	return rc;
}
