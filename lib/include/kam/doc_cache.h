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
#include "kam/rules.h"

typedef struct kam_doc_cache kam_doc_cache;

kam_doc_cache *kam_doc_cache_new(void);
void kam_doc_cache_free(kam_doc_cache *cache); /* NULL accepted */

/* kam_doc_read(out, files, rel, rel, NULL, diags) through the cache:
 * *shared tells whether *out belongs to the cache (read-only; never freed
 * by the caller) or to the caller. cache NULL: a plain read. */
void kam_doc_cache_read(kam_doc_cache *cache, kam_doc **out, const kam_files *files,
			const char *rel, kam_diag_list *diags, bool *shared);

/* Take doc, read at rel (and shown as rel) from the work tree without a
 * diagnostic, as the version of its bytes' blob id: a commit holding the
 * same bytes at rel (the work tree's HEAD, mostly) reads it from here
 * instead of parsing them again. The cache owns doc from now on, also when
 * it already holds that version (doc is then freed). Kept until the next
 * sweep or kam_doc_cache_keep_commit. */
void kam_doc_cache_offer(kam_doc_cache *cache, const char *rel, kam_doc *doc);
/* From now on decline (free) an offered version that commit (a full id;
 * NULL: none) of the plans repository at root has at the same path: a run
 * over quarters reads the newest version of a plan only where it changed
 * in the quarter, so only those are worth keeping. A commit that cannot be
 * read declines every offer. */
void kam_doc_cache_offers_since(kam_doc_cache *cache, const char *root, const char *commit);

/* Forget the versions not read since the last sweep: a run over commits in
 * order needs a version again only in the next step. */
void kam_doc_cache_sweep(kam_doc_cache *cache);

/* Forget every version but the ones commit (a full id) of the plans
 * repository at root has (NULL: every version); summaries are kept. A run
 * over quarters needs only the commit between this quarter and the next:
 * the quarter's other end is dropped before the next one's is read, so
 * two snapshots are held at most, not three. */
void kam_doc_cache_keep_commit(kam_doc_cache *cache, const char *root, const char *commit);

/* The run goes over quarters newest first (the site's history): once a
 * quarter's end version has been diffed against its start, nothing reads
 * it again (the newer quarter read it as its start already). */
void kam_doc_cache_newest_first(kam_doc_cache *cache);

/* rel's version in files was the newer side of a change just diffed: in a
 * run newest first its document is freed now (its summary is kept), so
 * the cache holds one snapshot and the versions in flight, not two, and
 * the next versions parsed reuse its memory. A later read parses it
 * again. Otherwise nothing happens. */
void kam_doc_cache_done_newer(kam_doc_cache *cache, const kam_files *files, const char *rel);

/* The summary of plan (rel's version in files, file as shown) on ctx's day
 * (kam_rules_summarize_plan), computed once per version, day and kam.yaml
 * (ctx's configuration, read from config_files; a quarter's end is the
 * next one's start, on the same day). Owned by the
 * cache until kam_doc_cache_free, which must come after every diff that
 * borrowed it; NULL when rel's blob is not known (the caller summarises). */
const kam_plan_summary *kam_doc_cache_summary(kam_doc_cache *cache, const kam_files *files,
					      const char *rel, const kam_files *config_files,
					      const kam_rules_context *ctx, const kam_node *plan,
					      const char *file);

/* Versions read from the cache and parsed, since it was made. */
void kam_doc_cache_stats(const kam_doc_cache *cache, size_t *hits, size_t *reads);

#endif
