/* kam/check.h - check documents of a repository: load, schema, rules. */
#ifndef KAM_CHECK_H
#define KAM_CHECK_H

#include <stdbool.h>
#include <stddef.h>

#include "kam/diag.h"
#include "kam/index.h"
#include "kam/repo.h"

typedef struct kam_check_stats {
	size_t plans;         /* account plans checked */
	size_t documents;     /* other documents (meeting notes, ...) checked */
	size_t unprocessable; /* files that could not be read or parsed */
} kam_check_stats;

typedef struct kam_check_options {
	const char *today; /* YYYY-MM-DD fixing today's date, or NULL for the clock */
	/* when set: receive the summary of every plan (caller releases each
	 * with kam_plan_summary_release and frees the array) */
	struct kam_plan_summary **summaries;
	size_t *summary_count;
} kam_check_options;

/* Check the documents at the absolute paths (files or folders; none means
 * the whole repository): file, schema, references and links, plan rules. Diagnostics name files relative to display_base
 * (an absolute folder, usually the current one). Stats are added to. */
int kam_check_paths(const kam_repo *repo, const char *const *paths, size_t count,
		    const char *display_base, const kam_check_options *options, kam_diag_list *diags,
		    kam_check_stats *stats, kam_error *err);

/* kam_check_paths, keeping the index of the whole repository (references
 * resolved) in *out for the caller, who frees it with kam_index_free. */
int kam_check_index(kam_index **out, const kam_repo *repo, const char *const *paths,
		    size_t count, const char *display_base, const kam_check_options *options,
		    kam_diag_list *diags, kam_check_stats *stats, kam_error *err);

#endif
