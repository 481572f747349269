/* kam/quarterly.h - what changed in a quarter: the plans at the last commit
 * of the first-parent history before the quarter starts against the last
 * before it ends (midnight in kam.yaml's time zone, fiscal quarters). */
#ifndef KAM_QUARTERLY_H
#define KAM_QUARTERLY_H

#include "kam/diff.h"
#include "kam/history.h"
#include "kam/quarter.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct kam_quarter_report {
	kam_diff *diff;        /* NULL when no commit was made before the quarter ended */
	kam_diff_range range;  /* labels, commits and authors; owned by the report */
	size_t commit_count;   /* commits in the quarter that change the plans */
} kam_quarter_report;

/* Build the report of quarter q for the plans repository at root, from its
 * history (kam_history_load). The base is judged (health, overdue actions,
 * stale closes, review due) on the last day of the previous quarter, the
 * head on the quarter's last day, or today for the quarter in progress
 * (range.in_progress: "so far"). today fixes the date ("YYYY-MM-DD") or is
 * NULL for the clock in kam.yaml's time zone; account (or NULL) keeps one
 * account. */
int kam_quarter_report_build(kam_quarter_report *out, const char *root, const kam_config *config,
			     const kam_commit *history, size_t count, kam_quarter q,
			     const char *today, const char *account, kam_error *err);
/* The same, each plan version read through cache (kam/doc_cache.h): the
 * reports of consecutive quarters share the commit between them. */
int kam_quarter_report_build_cached(kam_quarter_report *out, const char *root,
				    const kam_config *config, const kam_commit *history,
				    size_t count, kam_quarter q, const char *today,
				    const char *account, kam_doc_cache *cache, kam_error *err);
/* The reports of quarters qs[0..n), newest first (each the quarter before
 * the previous one), as kam_quarter_report_build_cached without an
 * account, rcs[k] each one's result: their diffs run on the pool at once,
 * account by account (kam_diff_ranges_on_cached), so cache holds the
 * versions in flight rather than a snapshot of every plan. */
void kam_quarter_reports_build_cached(kam_quarter_report *outs, int *rcs, size_t n,
				      const char *root, const kam_config *config,
				      const kam_commit *history, size_t count, const kam_quarter *qs,
				      const char *today, kam_doc_cache *cache, kam_error *err);
/* The report of one commit, history[index], against its first parent:
 * what that commit changed (range.title NULL), both sides judged on the
 * day the commit was made (kam_diff_commit). */
int kam_commit_report_build(kam_quarter_report *out, const char *root, const kam_config *config,
			    const kam_commit *history, size_t count, size_t index, const char *account,
			    kam_error *err);
void kam_quarter_report_release(kam_quarter_report *report);

/* The days a quarter's report judges its two ends on (health, overdue
 * actions, stale closes, review due): *before the last day of the previous
 * quarter; *after the quarter's last day, or today when the quarter is not
 * over (*in_progress: the report is of the quarter so far). */
void kam_quarter_report_days(kam_quarter q, int fiscal_start, kam_date today, kam_date *before,
			     kam_date *after, bool *in_progress);

/* The last commit of history made before quarter q ends (the head of its
 * report, the base of the next quarter's), or NULL. */
const kam_commit *kam_quarter_last_commit(const kam_config *config, const kam_commit *history,
					  size_t count, kam_quarter q);

/* Keep only account in diff (its changes and its share of the totals). */
void kam_diff_keep_account(kam_diff *diff, const char *account);

#ifdef __cplusplus
}
#endif

#endif
