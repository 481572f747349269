/* kam/doc_cache.h - each plan version read once: parsed documents kept by
 * git blob id (and path) for the length of a run that reads many commits
 * (the site's quarter reports, where a quarter's end is the next one's
 * start). A blob never changes, so the cache cannot serve stale data. Only
 * versions read from a git snapshot that parsed without any diagnostic are
 * kept; the others are read as before, by the caller. Safe to share among
 * the threads of one diff. */
#ifndef KAM_DOC_CACHE_H
#define KAM_DOC_CACHE_H

#include <stdbool.h>

#include "kam/diag.h"
#include "kam/doc.h"
#include "kam/files.h"

typedef struct kam_doc_cache kam_doc_cache;

kam_doc_cache *kam_doc_cache_new(void);
void kam_doc_cache_free(kam_doc_cache *cache); /* NULL accepted */

/* kam_doc_read(out, files, rel, rel, NULL, diags) through the cache:
 * *shared tells whether *out belongs to the cache (read-only; never freed
 * by the caller) or to the caller. cache NULL: a plain read. */
void kam_doc_cache_read(kam_doc_cache *cache, kam_doc **out, const kam_files *files,
			const char *rel, kam_diag_list *diags, bool *shared);

/* Forget the versions not read since the last sweep: a run over commits in
 * order needs a version again only in the next step. */
void kam_doc_cache_sweep(kam_doc_cache *cache);

/* Versions read from the cache and parsed, since it was made. */
void kam_doc_cache_stats(const kam_doc_cache *cache, size_t *hits, size_t *reads);

#endif
