#define _DEFAULT_SOURCE
#include "kam/history.h"

#include <git2.h>
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

static void git_shutdown_at_exit(void)
{
	git_libgit2_shutdown();
}

static void git_hold(void)
{
	git_libgit2_init();
	atexit(git_shutdown_at_exit);
}

void kam_git_init(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, git_hold);
	git_libgit2_init();
}

static int git_failure(kam_error *err, const char *what)
{
	const git_error *e = git_error_last(); /* libgit2 1.5 may return NULL */
	return kam_error_set(err, KAM_EGIT, "%s: %s", what, e && e->message ? e->message : "git error");
}

/* "" when root is the work tree itself, else "sub/dir". */
static char *plans_prefix(git_repository *git, const char *root)
{
	const char *workdir = git_repository_workdir(git);
	char *real = workdir ? realpath(workdir, NULL) : NULL;
	size_t n = real ? strlen(real) : 0;
	char *prefix = real && strncmp(root, real, n) == 0 && (root[n] == '/' || !root[n])
			       ? kam_xstrdup(root[n] ? root + n + 1 : "")
			       : NULL;
	free(real);
	return prefix;
}

/* The id of the plans root's tree in commit c (zero when absent); at the
 * top of the repository it is the commit's tree, known without a read. */
static void plans_tree(git_commit *c, const char *prefix, git_oid *out)
{
	memset(out, 0, sizeof(*out));
	if (!*prefix) {
		git_oid_cpy(out, git_commit_tree_id(c));
		return;
	}
	git_tree *tree;
	if (git_commit_tree(&tree, c) < 0)
		return;
	git_tree_entry *e;
	if (git_tree_entry_bypath(&e, tree, prefix) == 0) {
		git_oid_cpy(out, git_tree_entry_id(e));
		git_tree_entry_free(e);
	}
	git_tree_free(tree);
}

static void add_commit(kam_commit **items, size_t *count, size_t *alloc, git_commit *c)
{
	*items = kam_grow(*items, alloc, *count + 1, sizeof(kam_commit));
	kam_commit *k = &(*items)[(*count)++];
	git_oid_tostr(k->id, sizeof(k->id), git_commit_id(c));
	git_oid_tostr(k->short_id, sizeof(k->short_id), git_commit_id(c));
	k->time = (long long)git_commit_time(c);
	k->offset = git_commit_time_offset(c);
	const git_signature *author = git_commit_author(c);
	k->author = kam_xstrdup(author && author->name ? author->name : "");
	const char *summary = git_commit_summary(c);
	k->summary = kam_xstrdup(summary ? summary : "");
}

/* The walk follows first parents: each commit's parent is the next one,
 * so a commit changes the plans when its plans tree differs from the
 * next one's (the oldest: when it has plans at all). */
static void mark_plan_changes(kam_commit *commits, const git_oid *trees, size_t count)
{
	for (size_t i = 0; i < count; i++)
		commits[i].touches_plans = i + 1 < count ? !git_oid_equal(&trees[i], &trees[i + 1])
							 : !git_oid_is_zero(&trees[i]);
}

int kam_history_load(kam_commit **out, size_t *count, const char *root, long long since,
		     kam_error *err)
{
	*out = NULL;
	*count = 0;
	kam_git_init();
	git_repository *git = NULL;
	char *prefix = NULL;
	git_oid *trees = NULL; /* each commit's plans tree */
	size_t alloc = 0;
	int rc = KAM_OK;
	if (git_repository_open_ext(&git, root, 0, NULL) < 0) {
		rc = kam_error_set(err, KAM_ENOTFOUND, "'%s' is not in a git repository", root);
		goto done;
	}
	if (!(prefix = plans_prefix(git, root))) {
		rc = kam_error_set(err, KAM_ENOTFOUND, "'%s' is not in the git work tree", root);
		goto done;
	}
	if (git_repository_head_unborn(git) == 1)
		goto done; /* no commit yet */
	git_reference *ref = NULL;
	git_commit *c = NULL;
	if (git_repository_head(&ref, git) < 0 || git_reference_peel((git_object **)&c, ref, GIT_OBJECT_COMMIT) < 0) {
		rc = git_failure(err, "cannot read HEAD");
		c = NULL;
	}
	git_reference_free(ref);
	/* first parents, each commit read once; a shallow clone's line ends
	 * where its history does */
	size_t tree_alloc = 0, until = SIZE_MAX; /* the index of the walk's last commit */
	while (c && *count <= until) {
		add_commit(out, count, &alloc, c);
		if (until == SIZE_MAX && (*out)[*count - 1].time < since)
			until = *count; /* the first commit before since, and its parent */
		trees = kam_grow(trees, &tree_alloc, *count, sizeof(git_oid));
		plans_tree(c, prefix, &trees[*count - 1]);
		git_commit *parent = NULL;
		if (git_commit_parentcount(c) > 0 && git_commit_parent(&parent, c, 0) < 0 &&
		    git_repository_is_shallow(git) != 1) {
			rc = git_failure(err, "cannot read a commit");
			parent = NULL;
		}
		git_commit_free(c);
		c = parent;
	}
	git_commit_free(c);
	mark_plan_changes(*out, trees, *count);
done:
	free(trees);
	free(prefix);
	git_repository_free(git);
	git_libgit2_shutdown();
	return rc;
}

/* Ask the repository holding root one yes-or-no question. */
static bool repository_is(const char *root, int (*ask)(git_repository *))
{
	kam_git_init();
	git_repository *git = NULL;
	bool yes = git_repository_open_ext(&git, root, 0, NULL) == 0 && ask(git) == 1;
	git_repository_free(git);
	git_libgit2_shutdown();
	return yes;
}

bool kam_history_unborn(const char *root)
{
	return repository_is(root, git_repository_head_unborn);
}

bool kam_history_shallow(const char *root)
{
	return repository_is(root, git_repository_is_shallow);
}

bool kam_history_commit_time(const char *root, const char *rev, long long *out)
{
	kam_git_init();
	git_repository *git = NULL;
	git_object *obj = NULL, *commit = NULL; /* a tag is peeled to its commit */
	bool found = git_repository_open_ext(&git, root, 0, NULL) == 0 &&
		     git_revparse_single(&obj, git, rev) == 0 &&
		     git_object_peel(&commit, obj, GIT_OBJECT_COMMIT) == 0;
	if (found)
		*out = (long long)git_commit_time((git_commit *)commit);
	git_object_free(commit);
	git_object_free(obj);
	git_repository_free(git);
	git_libgit2_shutdown();
	return found;
}

void kam_history_free(kam_commit *commits, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		free(commits[i].author);
		free(commits[i].summary);
	}
	free(commits);
}

/* First-parent order is the order of the line, not of the clocks: the
 * newest commit of the line made before a moment is the first one met
 * walking back whose time is before it. */
static const kam_commit *last_before(const kam_commit *commits, size_t count, long long moment)
{
	for (size_t i = 0; i < count; i++)
		if (commits[i].time < moment)
			return &commits[i];
	return NULL;
}

void kam_history_between(const kam_commit *commits, size_t count, long long start, long long end,
			 const kam_commit **base, const kam_commit **head)
{
	*base = last_before(commits, count, start);
	*head = last_before(commits, count, end);
}
