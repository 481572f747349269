/* kam/status.h - the portfolio at a glance: per account the tier, owner,
 * open pipeline, must-wins, revenue this quarter against target, review
 * due date and health with its weakest part. */
#ifndef KAM_STATUS_H
#define KAM_STATUS_H

#include "kam/check.h"
#include "kam/rules.h"
#include "kam/util.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Sort plans for display: by tier in kam.yaml's rank order (untiered
 * last), then account id. */
void kam_status_sort(kam_plan_summary *plans, size_t count, const kam_config *config);
/* "1,234,567" (whole units; negative with a leading '-'). */
void kam_format_money(kam_buf *out, double amount);
/* A table for the terminal. Plans that could not be read get a row of
 * their own that says so, and are left out of the totals, as are
 * duplicates (a plan claiming another file's account id). */
void kam_status_text(kam_buf *out, const kam_rules_context *ctx, const kam_plan_summary *plans,
		     size_t count, const kam_unread_plan *unread, size_t unread_count);
/* One JSON document (see docs/json.md). */
void kam_status_json(kam_buf *out, const kam_rules_context *ctx, const kam_plan_summary *plans,
		     size_t count, const kam_unread_plan *unread, size_t unread_count);

#ifdef __cplusplus
}
#endif

#endif
