/* kam/files.h - where a repository's files are read from: the work tree,
 * git's index (what the next commit will hold) or any revision, the last
 * two straight from git's object database through libgit2, without a
 * checkout. Paths are relative to the plans repository's root (the folder
 * of kam.yaml), which may be a subfolder of the git repository. */
#ifndef KAM_FILES_H
#define KAM_FILES_H

#include <stdbool.h>
#include <stddef.h>

#include "kam/util.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct kam_files kam_files;

/* The work tree below root (an absolute folder). */
kam_files *kam_files_worktree(const char *root);
/* The files below root as git's index has them (rev NULL; the index file
 * named by GIT_INDEX_FILE when set, as git does: git commit -a gives it to
 * the pre-commit hook; a relative one is taken from the top of the work
 * tree) or as the
 * commit rev names them ("HEAD~2", a tag, a hash). KAM_ENOTFOUND when root
 * is not in a git repository or rev names nothing; KAM_EGIT on other
 * libgit2 errors. */
int kam_files_git(kam_files **out, const char *root, const char *rev, kam_error *err);
void kam_files_free(kam_files *files); /* NULL accepted */

bool kam_files_is_worktree(const kam_files *files);
/* "the work tree", "the index" or the revision as given. */
const char *kam_files_describe(const kam_files *files);

/* Read rel (at most max bytes: KAM_EINVALID past that). Caller frees *out. */
int kam_files_read(const kam_files *files, const char *rel, char **out, size_t *len, size_t max,
		   kam_error *err);
/* Whether rel has the same content in a and b (both absent counts as the
 * same). Between two git sources this compares blob ids without reading. */
/* The git blob id (hex) of rel in a git snapshot; false for a work tree,
 * a missing file or a link. */
bool kam_files_blob_id(const kam_files *files, const char *rel, char out[41]);
/* The blob id git's index (files from kam_files_git(root, NULL)) holds for
 * the work tree's rel, when git would trust it without hashing the file
 * again: the file is size bytes and has the size, times and inode the
 * index recorded, and it was not written in the tick the index was (racily
 * clean). False otherwise: the caller hashes. */
bool kam_files_index_id_unchanged(const kam_files *index, const char *rel, size_t size,
				  char out[41]);
/* Note which of the index's files git's filters store changed (line ends,
 * ident, a clean filter, an encoding): their index ids are not the hashes
 * of their bytes, and kam_files_index_id_unchanged answers false for
 * them, as it does for every file until this ran. On one thread. */
void kam_files_index_note_filters(kam_files *index);
bool kam_files_same(const kam_files *a, const kam_files *b, const char *rel);
/* Whether rel is a file or a folder. */
bool kam_files_exists(const kam_files *files, const char *rel);
/* The files below folder dir (recursively; hidden names skipped; symlinked
 * folders not followed), relative to the root, sorted. Caller frees each
 * and the array. */
int kam_files_list(const kam_files *files, const char *dir, char ***out, size_t *count,
		   kam_error *err);

/* The folder the paths are relative to (the plans repository's root). */
const char *kam_files_root(const kam_files *files);

/* The one place that decides whether rel may be read: it is relative and
 * has no ".." component, and in the work tree it resolves (through any
 * symbolic links) to a regular file inside the root; from git, it is a
 * blob, not a symbolic link. KAM_OK with *real (NULL accepted; caller
 * frees) the path to open; KAM_ENOTFOUND; KAM_EOUTSIDE (then *real, when
 * asked, is where the link leads, or NULL for a loop); KAM_EIO for a
 * folder, FIFO or device. Every read of a repository goes through here. */
int kam_files_confine(const kam_files *files, const char *rel, char **real, kam_error *err);
/* The same for a folder (the accounts folder, one to list). */
int kam_files_confine_folder(const kam_files *files, const char *rel, char **real, kam_error *err);

#ifdef __cplusplus
}
#endif

#endif
