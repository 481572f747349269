/* kam/check.h - check documents of a repository: load, schema, rules. */
#ifndef KAM_CHECK_H
#define KAM_CHECK_H

#include <stdbool.h>
#include <stddef.h>

#include "kam/diag.h"
#include "kam/index.h"
#include "kam/repo.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct kam_check_stats {
	size_t plans;         /* account plans checked */
	size_t documents;     /* other documents (meeting notes, ...) checked */
	size_t unprocessable; /* files that could not be read or parsed */
} kam_check_stats;

/* A plan kam could not read (its frontmatter does not parse, the file is
 * not UTF-8, too large, a link out of the repository...). It still stands
 * as an account under its file name: references to it are not errors of
 * the files that make them, they are unchecked. */
typedef struct kam_unread_plan {
	char *file;    /* as shown to the user */
	char *account; /* the account it stands for: its file name without .md */
	char *reason;  /* the first finding: "yaml-syntax at 6:18" */
	bool reported; /* its own findings are among the diagnostics */
	bool needed;   /* a reported document refers to it or into it, or lives
			  in its folder: what that document says of it was not checked */
	bool is_plan;  /* false for a meeting note or other document of an account */
} kam_unread_plan;

void kam_unread_plans_free(kam_unread_plan *plans, size_t count); /* NULL accepted */

typedef struct kam_check_options {
	const char *today; /* YYYY-MM-DD fixing today's date, or NULL for the clock */
	/* when set: receive the summary of every plan (caller releases each
	 * with kam_plan_summary_release and frees the array) */
	struct kam_plan_summary **summaries;
	size_t *summary_count;
	/* when set: receive every plan that could not be read, in file order
	 * (caller frees with kam_unread_plans_free) */
	kam_unread_plan **unread;
	size_t *unread_count;
	/* when set: every plan read from the work tree (no overlay) without a
	 * diagnostic is handed to it (kam_doc_cache_offer) instead of freed,
	 * so that a run over the history that follows (kam render's) reads
	 * the versions the work tree has from there */
	struct kam_doc_cache *plans_cache;
	/* when set: only the findings are wanted, so the index handed back
	 * keeps only the references still open after merging (see
	 * kam_index_forget_settled): kam check's memory grows with those */
	bool findings_only;
} kam_check_options;

/* Check the documents at the absolute paths (files or folders; none means
 * the whole repository): file, schema, references and links, plan rules. Diagnostics name files relative to display_base
 * (an absolute folder, usually the current one). Stats are added to. */
int kam_check_paths(const kam_repo *repo, const char *const *paths, size_t count,
		    const char *display_base, const kam_check_options *options, kam_diag_list *diags,
		    kam_check_stats *stats, kam_error *err);

/* A document's bytes given in memory (an editor's buffer, standard input),
 * checked instead of the file on disk, which is not read. The path is the
 * file's as the user names it (absolute, or relative to the current
 * folder); it need not exist yet, but its folder must. */
typedef struct kam_overlay {
	const char *path;
	const char *text; /* len bytes, not NUL-terminated */
	size_t len;
} kam_overlay;

/* kam_check_index, reading the documents of overlays (NULL accepted when
 * overlay_count is 0) from memory: the findings name their paths, and
 * references into and out of them resolve against the rest of the
 * repository as it is on disk (or as the other overlays have it). An
 * overlay whose file is not on disk is part of the repository only when
 * it is among paths. */
int kam_check_overlaid(kam_index **out, const kam_repo *repo, const char *const *paths,
		       size_t count, const kam_overlay *overlays, size_t overlay_count,
		       const char *display_base, const kam_check_options *options,
		       kam_diag_list *diags, kam_check_stats *stats, kam_error *err);

/* kam_check_paths, keeping the index of the whole repository (references
 * resolved) in *out for the caller, who frees it with kam_index_free. */
int kam_check_index(kam_index **out, const kam_repo *repo, const char *const *paths,
		    size_t count, const char *display_base, const kam_check_options *options,
		    kam_diag_list *diags, kam_check_stats *stats, kam_error *err);

#ifdef __cplusplus
}
#endif

#endif
