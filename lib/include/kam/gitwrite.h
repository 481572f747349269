/* kam/gitwrite.h - commits made through libgit2, never the git program.
 *
 * A commit takes HEAD's tree, replaces the given plan files with their
 * work-tree content (or removes those deleted), and records it on HEAD's
 * branch. Every other entry of the user's index is left as it was: what
 * they had staged stays staged and is not committed. Writes are
 * race-free: the index lock is held from before the commit is created
 * until the index is written, and the branch moves only from the HEAD the
 * tree was built from. */
#ifndef KAM_GITWRITE_H
#define KAM_GITWRITE_H

#include <stdbool.h>
#include <stddef.h>

#include "kam/util.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct kam_git kam_git;

/* Open the git repository holding root (the plans repository's folder). */
int kam_git_open(kam_git **out, const char *root, kam_error *err);
void kam_git_free(kam_git *git); /* NULL accepted */

/* HEAD as kam_git_open found it: the commit every tree is built from and
 * the parent of the next commit, as a hex id, or NULL on an unborn branch.
 * kam never commits onto a HEAD that has moved since. */
const char *kam_git_base(const kam_git *git);
/* KAM_EINVALID with a message when git is in the middle of a merge,
 * rebase, cherry-pick, revert or git am (git refuses partial commits then,
 * and so does kam). */
int kam_git_check_state(kam_git *git, kam_error *err);

/* The tree the base commit would have with the plan files rel (relative to
 * root) taken from the work tree (symlinks as symlinks), as a hex id for
 * kam_files_git; *changed tells whether it differs from the base's. */
int kam_git_stage_tree(kam_git *git, const char *const *rels, size_t count, char tree_id[41],
		       bool *changed, kam_error *err);
/* The tree the base commit would have with rel holding text (len bytes),
 * for a commit of one edit whatever else the work tree holds. */
int kam_git_tree_with(kam_git *git, const char *rel, const char *text, size_t len,
		      char tree_id[41], bool *changed, kam_error *err);
/* The content git's index holds for rel (KAM_ENOTFOUND when none). Caller
 * frees *text, which is NUL-terminated. */
int kam_git_index_read(kam_git *git, const char *rel, char **text, size_t *len, kam_error *err);

/* Take git's index lock (index.lock, as git does), then make sure no merge
 * or the like is in progress and HEAD is still the base. Fails, holding
 * nothing, when another process holds the lock or HEAD moved. */
int kam_git_lock(kam_git *git, kam_error *err);
/* Whether the last kam_git_lock or kam_git_commit failed only because
 * another process was committing (the index lock taken, HEAD moved): the
 * same work done again from the new HEAD may succeed. */
bool kam_git_busy(const kam_git *git);
/* Release the index lock if kam holds it (nothing else is changed). */
void kam_git_unlock(kam_git *git);

/* An index entry a commit brings in line: rel gets text (len bytes), or,
 * with text NULL, the work-tree file (removed when the file is gone); with
 * committed, exactly what the commit holds (a file edited again while kam
 * was committing shows as an unstaged change, as after git commit). */
typedef struct kam_git_index_edit {
	const char *rel;
	const char *text;
	size_t len;
	bool committed;
} kam_git_index_edit;

/* Commit tree_id with the base as parent, under the index lock (taken
 * here unless held). Author and committer come from
 * GIT_AUTHOR_NAME/EMAIL/DATE and GIT_COMMITTER_NAME/EMAIL/DATE, else from
 * git's user.name and user.email and the clock. The branch moves only if
 * it still points at the base (compare-and-swap); the commit is read back
 * and HEAD checked before this returns KAM_OK. Then the index entries of
 * edits are brought in line and the lock released with the index written.
 * On failure the branch and the index are as they were and the lock is
 * still held: call kam_git_unlock. The new commit's id in out. */
int kam_git_commit(kam_git *git, const char *tree_id, const char *message,
		   const kam_git_index_edit *edits, size_t count, char out[41], kam_error *err);

/* Write text to the existing work-tree file rel below root whole or not at
 * all (a temporary file beside it, renamed over it), keeping the file's
 * permissions. A symbolic link is refused (KAM_EINVALID), never replaced.
 * With backup, the old file stays as a hard link of that name (caller
 * frees): renaming it back restores it without needing any disk space. */
int kam_git_write_file(const char *root, const char *rel, const char *text, size_t len,
		       char **backup, kam_error *err);
/* Whether the work-tree symbolic link rel stays inside the git work tree
 * (its text resolved from the link's folder, and every link after it):
 * KAM_OK with its text in *target (caller frees), KAM_EINVALID with a
 * message when it leads outside. */
int kam_git_check_link(kam_git *git, const char *rel, char **target, kam_error *err);
/* Whether name (a file name or a path) is a temporary file of kam's atomic
 * writes ("acme.md.kam-tmp-Ab12Cd"), left behind when a write was killed. */
bool kam_git_is_temp_name(const char *name);

/* The branch HEAD points at ("main"), for messages. */
const char *kam_git_branch(kam_git *git);

/* A file below the folder dir (or dir itself) that the git repository
 * around it tracks, as an absolute path, or NULL when there is none (or
 * no git repository). */
char *kam_git_tracked_below(const char *dir);

/* Parse a date as git accepts it in GIT_AUTHOR_DATE: "@1700000000 +0100",
 * "1700000000 +0100", "2026-07-01T10:00:00+02:00", "2026-07-01 10:00:00 +0200",
 * "Thu, 01 Jul 2026 10:00:00 +0200". Seconds since the epoch and the UTC
 * offset in minutes. */
bool kam_git_parse_date(const char *text, long long *when, int *offset);

#ifdef __cplusplus
}
#endif

#endif
