/* kam/forecast.h - the quarter's forecast against target (plan model v2,
 * issue 17): forecast categories and probabilities of deals, and the sums
 * `kam forecast` shows per account, owner or tier.
 *
 * What is summed (docs/cli.md says it for users):
 *   - a deal counts in the fiscal quarter of its close: (a quarter);
 *   - won: the value of deals at stage won closing in the quarter (bookings,
 *     as the revenue target is what we aim to book; revenue actual is the
 *     client's spend and is not mixed in); lost deals count nowhere;
 *   - an open deal's category is its forecast: if given, else kam.yaml's
 *     stages.<stage>.forecast, else identify/validate/qualify pipeline,
 *     propose best-case, negotiate commit;
 *   - commit: open commit deals; best case: commit plus best-case deals
 *     (Salesforce's cumulative roll-up); pipeline: every open deal that is
 *     not omitted (commit + best-case + pipeline);
 *   - weighted: value x probability / 100 of the open deals not omitted,
 *     the probability as given, else the midpoint of its stage's range;
 *   - gap: target - won - commit; coverage: (pipeline - commit) / gap,
 *     the open deals beyond commit against what is still missing;
 *   - amounts of different currencies are never added: each currency is a
 *     group of its own, with its own total;
 *   - a deal is counted once: in the plan that holds it. A partner plan's
 *     deal with the id of a deal another plan routes through that partner
 *     (partner: the partner's id) is the same deal, and not counted again;
 *     a renewal deal (type renewal, or renews: a contract) is one deal,
 *     the contract it renews is not added to it. */
#ifndef KAM_FORECAST_H
#define KAM_FORECAST_H

#include <stdbool.h>
#include <stddef.h>

#include "kam/check.h"
#include "kam/plan.h"
#include "kam/quarter.h"
#include "kam/repo.h"
#include "kam/util.h"

#ifdef __cplusplus
extern "C" {
#endif

/* --- a deal's probability and category -------------------------------- */

/* The probability range (percent) of an open stage in range[0..1]: kam.yaml's
 * stages.<stage>.probability [min, max] when it gives two numbers, else the
 * default (identify 0-20, validate 10-40, qualify 20-60, propose 40-80,
 * negotiate 60-95). False (range untouched) for won, lost and an unknown
 * stage. config NULL: the defaults. */
bool kam_stage_probability_range(const kam_config *config, kam_stage stage, double range[2]);

/* A deal's probability in percent: as given, else the midpoint of its
 * stage's range; won 100, lost and an unknown stage 0. */
double kam_opportunity_probability(const kam_config *config, const kam_opportunity_view *o);

/* The forecast category of an open deal: as given, else kam.yaml's
 * stages.<stage>.forecast, else the default of its stage (pipeline for an
 * unknown stage). Never KAM_FORECAST_UNKNOWN. */
kam_forecast kam_opportunity_forecast(const kam_config *config, const kam_opportunity_view *o);

/* Whether a deal is a renewal: type renewal, or renews: a contract. */
bool kam_opportunity_is_renewal(const kam_opportunity_view *o);

/* --- the forecast of a quarter ------------------------------------------ */

typedef enum kam_forecast_by {
	KAM_FORECAST_BY_ACCOUNT,
	KAM_FORECAST_BY_OWNER, /* the account's owner: targets are per account */
	KAM_FORECAST_BY_TIER   /* in kam.yaml's tier order, untiered last */
} kam_forecast_by;

/* "account", "owner", "tier". */
const char *kam_forecast_by_name(kam_forecast_by by);

/* The sums of one row. */
typedef struct kam_forecast_sums {
	bool has_target; /* some account of the row has a revenue row with a target */
	double target, won, commit, best_case, pipeline, weighted;
	double omitted;	 /* open deals the owners left out of the forecast */
	double renewals; /* renewal deals among won and pipeline */
	size_t deals;	 /* won and open deals counted (omitted ones not) */
	size_t accounts; /* plans in the row */
} kam_forecast_sums;

/* Gap and coverage of sums: false when there is no target. */
bool kam_forecast_gap(const kam_forecast_sums *s, double *gap);
/* (pipeline - commit) / gap: false when there is no target or the gap is
 * not above 0 (met: *met set). */
bool kam_forecast_coverage(const kam_forecast_sums *s, double *coverage, bool *met);

typedef struct kam_forecast_row {
	char *name; /* account id, owner id or tier; NULL: no owner / no tier */
	kam_forecast_sums sums;
	int rank; /* sort key: a tier's place in kam.yaml's list; no name last */
} kam_forecast_row;

/* The rows of one currency, and their total. */
typedef struct kam_forecast_group {
	char *currency;
	kam_forecast_row *rows;
	size_t count;
	kam_forecast_sums total;
	bool home; /* kam.yaml's currency */
} kam_forecast_group;

/* A partner plan's deal left out because a client's plan counts it. */
typedef struct kam_forecast_skip {
	char *account, *deal; /* the partner plan and its deal */
	char *counted_in;     /* the plan that routes it through the partner */
} kam_forecast_skip;

typedef struct kam_forecast_report kam_forecast_report;

/* A forecast of quarter q grouped by by; config (borrowed: it must outlive
 * the forecast) gives currency, tiers and stages. Free with kam_forecast_free. */
kam_forecast_report *kam_forecast_new(const kam_config *config, kam_quarter q, kam_forecast_by by);
void kam_forecast_free(kam_forecast_report *f); /* NULL accepted */

/* Add one plan's frontmatter (read, not kept: the tree may be freed after),
 * as the account of that id. */
void kam_forecast_add_plan(kam_forecast_report *f, const kam_node *plan, const char *account);

/* Sum what was added: groups by currency (kam.yaml's currency first, then
 * by code), rows sorted (accounts by id, owners by id with no owner last,
 * tiers in kam.yaml's order with untiered last). Call once, after the last
 * kam_forecast_add_plan. */
void kam_forecast_finish(kam_forecast_report *f);

/* The forecast of quarter q of one plan alone, as kam forecast --by account
 * sums its row (config: currency and stages; not NULL). A plan has one
 * currency, so one row; all zero when plan is not a mapping. */
void kam_forecast_plan_sums(const kam_config *config, kam_quarter q, const kam_node *plan,
			    kam_forecast_sums *out);

kam_quarter kam_forecast_quarter(const kam_forecast_report *f);
kam_forecast_by kam_forecast_grouping(const kam_forecast_report *f);
const kam_forecast_group *kam_forecast_groups(const kam_forecast_report *f, size_t *count);
const kam_forecast_skip *kam_forecast_skips(const kam_forecast_report *f, size_t *count);

/* A plan left out because another plan's file is named after the account
 * id it claims (a copy whose id was not changed). */
typedef struct kam_forecast_duplicate {
	char *file;    /* as shown, relative to display_base */
	char *account; /* the id it claims */
} kam_forecast_duplicate;

void kam_forecast_duplicates_free(kam_forecast_duplicate *d, size_t count); /* NULL accepted */

/* Check the repository's plans (kam_check_paths, diagnostics dropped) and
 * add every plan that could be read and is not a duplicate of another's
 * account id, then finish the forecast of quarter *q (NULL: today's
 * fiscal quarter; today: YYYY-MM-DD or NULL for the clock). Plans that
 * could not be read go to *unread (caller frees with
 * kam_unread_plans_free) and duplicates to *dups (caller frees with
 * kam_forecast_duplicates_free), named relative to display_base. A
 * negative KAM_E* code when the repository cannot be listed. */
int kam_forecast_load(kam_forecast_report **out, const kam_repo *repo, const char *today,
		      const kam_quarter *q, kam_forecast_by by, const char *display_base,
		      kam_unread_plan **unread, size_t *unread_count, kam_forecast_duplicate **dups,
		      size_t *dup_count, kam_error *err);

/* The report: a text table aligned within 80 columns (amounts in whole
 * units, one table for the number and one for what could still close, per
 * currency), GitHub Markdown (one table per currency) or one JSON document
 * (docs/cli.md). today is shown in the heading. */
void kam_forecast_text(kam_buf *out, const kam_forecast_report *f, kam_date today,
		       int fiscal_start);
void kam_forecast_md(kam_buf *out, const kam_forecast_report *f, kam_date today, int fiscal_start);
void kam_forecast_json(kam_buf *out, const kam_forecast_report *f, kam_date today,
		       int fiscal_start);

#ifdef __cplusplus
}
#endif

#endif
