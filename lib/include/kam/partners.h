/* kam/partners.h - what runs through a partner (plan model v2, issue 17,
 * item 7): the open deals other plans route through a partner account
 * (opportunities whose partner: names it), grouped by account, with sums
 * per currency. For kam status, kam brief and the partner's page.
 *
 * Per-plan work keeps each plan's routed deals in its summary while the
 * tree is alive (kam_routed_deals_read); the pipeline of one partner is
 * then made from the summaries alone. A plan kam could not read may route
 * deals through any partner: every pipeline names it as not seen. */
#ifndef KAM_PARTNERS_H
#define KAM_PARTNERS_H

#include <stdbool.h>
#include <stddef.h>

#include "kam/check.h"
#include "kam/node.h"
#include "kam/plan.h"
#include "kam/rules.h"

#ifdef __cplusplus
extern "C" {
#endif

/* An open deal of a plan that names a partner other than the plan's own
 * account. Strings owned (kam_routed_deals_free). */
typedef struct kam_routed_deal {
	char *partner;	  /* the partner account's id, as written */
	char *id, *title; /* the opportunity's, or NULL */
	kam_stage stage;  /* KAM_STAGE_UNKNOWN when not a stage */
	char *stage_text; /* the stage as written, or NULL */
	char *close;	  /* the close quarter as written, or NULL */
	bool has_value;
	double value; /* in the plan's currency */
	bool must_win;
} kam_routed_deal;

/* The routed deals of plan (its frontmatter, NULL accepted; account: the
 * plan's id, NULL accepted), in plan order; *count gets their number.
 * NULL and 0 when there are none. */
kam_routed_deal *kam_routed_deals_read(const kam_node *plan, const char *account, size_t *count);
/* The same from the plan's views already read (kam_plan_views_read). */
struct kam_plan_views;
kam_routed_deal *kam_routed_deals_of_views(const struct kam_plan_views *views, const char *account,
					   size_t *count);
void kam_routed_deals_free(kam_routed_deal *deals, size_t count); /* NULL accepted */

/* A partner plan's own open deal that a client's plan routes through it
 * (the same id under partner: that names it) is the client's deal written
 * twice: mark it (counted_in) and take its value out of the partner's
 * open_pipeline, so portfolio totals count it once, as kam forecast does.
 * Duplicate plans are neither partners nor clients here. */
void kam_partner_mark_copies(kam_plan_summary *plans, size_t count);

/* Amounts per currency, in the order the currencies were met: amounts in
 * different currencies are never added. Strings point into the summaries. */
typedef struct kam_money_sums {
	const char **currency;
	double *amount;
	size_t count;
} kam_money_sums;

/* Add amount to currency's sum (a new sum when currency is new; the string
 * is kept, not copied); free what the sums hold. */
void kam_money_sums_add(kam_money_sums *sums, const char *currency, double amount);
void kam_money_sums_free(kam_money_sums *sums);

/* The deals of one account routed through the partner, in plan order. */
typedef struct kam_routed_account {
	const kam_plan_summary *plan; /* account, name, file, currency */
	const kam_routed_deal **deals;
	size_t deal_count;
	kam_money_sums sums;
} kam_routed_account;

/* A plan that was not seen: it could not be read, or it claims another
 * plan's account id (then its deals are not counted, as in kam status). */
typedef struct kam_unseen_plan {
	const char *file, *why; /* why: the reason it could not be read, or NULL for a duplicate */
} kam_unseen_plan;

/* The open pipeline routed through one partner. Points into the summaries
 * it was made from: lives as long as they do. */
typedef struct kam_partner_pipeline {
	const char *partner;	      /* the partner's id */
	kam_routed_account *accounts; /* by account id */
	size_t account_count;
	size_t deal_count;
	kam_money_sums sums;	 /* over all accounts */
	kam_unseen_plan *unseen; /* in file order: unreadable plans, then duplicates */
	size_t unseen_count;
} kam_partner_pipeline;

/* Every plan of a repository as kam_check_options hands them out: the
 * summaries and the plans that could not be read. */
typedef struct kam_portfolio {
	const kam_plan_summary *plans;
	size_t count;
	const kam_unread_plan *unread;
	size_t unread_count;
} kam_portfolio;

/* Make the pipeline routed through partner (an account id) from the
 * summaries of every plan (kam_check_options.summaries) and the plans that
 * could not be read (is_plan ones count). A deal the partner's own plan
 * names is not routed through it, and its own plan is never "not seen"
 * (its deals would not count). Release with kam_partner_pipeline_release. */
void kam_partner_pipeline_init(kam_partner_pipeline *out, const char *partner,
			       const kam_plan_summary *plans, size_t count,
			       const kam_unread_plan *unread, size_t unread_count);
void kam_partner_pipeline_release(kam_partner_pipeline *p);

/* The pipelines of every partner at once, for a caller that shows many
 * (kam status): one pass over the plans instead of one per partner. */
typedef struct kam_partner_pipelines {
	kam_text_table ids; /* partner id -> index in items */
	kam_partner_pipeline *items;
	size_t *account_alloc; /* per item: room in its accounts */
	size_t count, alloc;
	kam_partner_pipeline nothing; /* for a partner nothing routes through */
} kam_partner_pipelines;

/* Make every partner's pipeline from the summaries and the plans that
 * could not be read, as kam_partner_pipeline_init makes one. */
void kam_partner_pipelines_init(kam_partner_pipelines *out, const kam_plan_summary *plans,
				size_t count, const kam_unread_plan *unread, size_t unread_count);
/* The pipeline through partner: an empty one (with the plans not seen)
 * when nothing routes through it. Lives as long as all. */
const kam_partner_pipeline *kam_partner_pipelines_get(const kam_partner_pipelines *all,
						      const char *partner);
void kam_partner_pipelines_release(kam_partner_pipelines *all);

#ifdef __cplusplus
}
#endif

#endif
