/* kam/gitwrite.h - commits made through libgit2, never the git program.
 *
 * A commit takes HEAD's tree, replaces the given plan files with their
 * work-tree content (or removes those deleted), and records it on HEAD's
 * branch. Every other entry of the user's index is left as it was: what
 * they had staged stays staged and is not committed. */
#ifndef KAM_GITWRITE_H
#define KAM_GITWRITE_H

#include <stdbool.h>
#include <stddef.h>

#include "kam/util.h"

typedef struct kam_git kam_git;

/* Open the git repository holding root (the plans repository's folder). */
int kam_git_open(kam_git **out, const char *root, kam_error *err);
void kam_git_free(kam_git *git); /* NULL accepted */

/* The tree HEAD would have with the plan files rel (relative to root)
 * taken from the work tree, as a hex id for kam_files_git; *changed tells
 * whether it differs from HEAD's. */
int kam_git_stage_tree(kam_git *git, const char *const *rels, size_t count, char tree_id[41],
		       bool *changed, kam_error *err);
/* The tree HEAD would have with rel holding text (len bytes), for a commit
 * of one edit whatever else the work tree holds. */
int kam_git_tree_with(kam_git *git, const char *rel, const char *text, size_t len,
		      char tree_id[41], bool *changed, kam_error *err);
/* The content git's index holds for rel (KAM_ENOTFOUND when none). Caller
 * frees *text, which is NUL-terminated. */
int kam_git_index_read(kam_git *git, const char *rel, char **text, size_t *len, kam_error *err);
/* Set git's index entry of rel to text (len bytes), or to the work-tree
 * file when text is NULL; the other entries stay. */
int kam_git_index_set(kam_git *git, const char *rel, const char *text, size_t len, kam_error *err);
/* Commit tree_id on HEAD with message; author and committer come from
 * GIT_AUTHOR_NAME/EMAIL/DATE and GIT_COMMITTER_NAME/EMAIL/DATE, else from
 * git's user.name and user.email and the clock. Then bring the index
 * entries of rels in line with the commit (none when count is 0). The new commit's id in out. */
int kam_git_commit(kam_git *git, const char *tree_id, const char *message,
		   const char *const *rels, size_t count, char out[41], kam_error *err);
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

#endif
