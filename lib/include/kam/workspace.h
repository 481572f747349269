/* kam/workspace.h - a check of a whole repository kept alive and brought
 * up to date one document at a time: what an editor needs.
 *
 * Opening checks every document as `kam check` with no path does (the
 * same steps: read, schema, index, references, plan and portfolio
 * rules). A document may then be read from memory (an editor's buffer)
 * instead of its file, and files may change on disk. An update checks
 * the changed documents again; when a document declares the same ids and
 * anchors as before (a keystroke in a value or the body), only its own
 * references are resolved again and only the rules of its account run
 * again, the rest is kept; otherwise (an id, a heading, a file created or
 * deleted) the repository is checked again. Either way the findings are
 * those `kam check` gives for the same files. */
#ifndef KAM_WORKSPACE_H
#define KAM_WORKSPACE_H

#include <stdbool.h>
#include <stddef.h>

#include "kam/diag.h"
#include "kam/index.h"
#include "kam/repo.h"
#include "kam/rules.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct kam_workspace kam_workspace;

/* Check every document of repo (which must outlive the workspace); today
 * is YYYY-MM-DD or NULL for the clock. */
int kam_workspace_open(kam_workspace **out, const kam_repo *repo, const char *today,
		       kam_error *err);
void kam_workspace_free(kam_workspace *ws); /* NULL accepted */
/* A workspace that has checked nothing yet: give it the buffers
 * (kam_workspace_set_text), then kam_workspace_update checks everything. */
kam_workspace *kam_workspace_new(const kam_repo *repo, const char *today);

/* Read the document at the absolute path from text (len bytes, copied)
 * instead of its file; text NULL: from its file again. */
void kam_workspace_set_text(kam_workspace *ws, const char *path, const char *text, size_t len);
/* The file at the absolute path changed on disk (created, changed, deleted). */
void kam_workspace_file_changed(kam_workspace *ws, const char *path);

/* Check again what changed since the last update. The files (relative to
 * the root) whose findings changed are added to *changed (each and the
 * array freed by the caller; NULL accepted to not know). */
int kam_workspace_update(kam_workspace *ws, char ***changed, size_t *changed_count,
			 kam_error *err);

/* The findings of the file at rel (relative to the root), finished
 * (severities applied, in order), or NULL when it has none. */
const kam_diag_list *kam_workspace_findings(const kam_workspace *ws, const char *rel);
/* Every file with findings, relative to the root, in order (borrowed). */
size_t kam_workspace_files_with_findings(const kam_workspace *ws, const char *const **files);

const kam_index *kam_workspace_index(const kam_workspace *ws);
const kam_plan_summary *kam_workspace_plans(const kam_workspace *ws, size_t *count);

/* How the last update went, for the benchmark and the log. */
typedef struct kam_workspace_stats {
	size_t documents; /* documents read again */
	bool rebuilt;     /* the whole repository was checked again */
} kam_workspace_stats;
kam_workspace_stats kam_workspace_last_update(const kam_workspace *ws);

#ifdef __cplusplus
}
#endif

#endif
