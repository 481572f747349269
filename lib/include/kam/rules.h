/* kam/rules.h - plan rules (the checks no generic validator can make) and
 * the per-plan facts `kam status` shows (health: kam/health.h).
 *
 * Per-plan rules run on a plan's tree while it is alive and leave a small
 * kam_plan_summary behind; portfolio rules (key-account-limit,
 * partner-route) run on the summaries and the resolved index. Rule ids,
 * default severities and reasons are in KAM_FOREACH_RULE (kam/diag.h). */
#ifndef KAM_RULES_H
#define KAM_RULES_H

#include <stdbool.h>
#include <stddef.h>

#include "kam/diag.h"
#include "kam/forecast.h"
#include "kam/health.h"
#include "kam/index.h"
#include "kam/node.h"
#include "kam/plan.h"
#include "kam/quarter.h"
#include "kam/repo.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct kam_rules_context {
	const kam_config *config;
	kam_date today;
	kam_quarter quarter; /* the fiscal quarter of today */
} kam_rules_context;

/* Today (fixed is --today / KAM_TODAY, or NULL) in the repository's zone. */
void kam_rules_context_init(kam_rules_context *ctx, const kam_config *config, const char *fixed);

/* A decider of an open deal (kam_opportunity_each_decider), kept for the
 * checks that need other documents: when the person was last met. */
typedef struct kam_decider {
	char *contact, *deal;	/* contact and opportunity ids */
	kam_role role;		/* key-decision-leader or approver */
	bool must_win;		/* the deal is a must-win */
	unsigned line, column;	/* where the contact is named for the deal */
} kam_decider;

/* The plan's next renewal (kam_next_renewal in kam/contracts.h), copied
 * out of the tree for kam status. Strings owned by the summary. */
typedef struct kam_summary_renewal {
	char *contract, *title;	 /* the contract's id and title, or NULL */
	char *renewed_by;	 /* the open or won deal that renews it, or NULL */
	char end[11], notice[11];
	bool has_value, auto_renew;
	double value;		 /* in the plan's currency */
} kam_summary_renewal;

/* What `kam status` and the portfolio rules need of one plan. Strings are
 * owned by the summary (kam_plan_summary_release). */
typedef struct kam_plan_summary {
	char *file, *account, *name, *type, *tier, *owner, *currency;
	unsigned tier_line, tier_column;
	double open_pipeline;      /* value of opportunities not won or lost */
	size_t open_opportunities;
	size_t open_must_wins;
	bool has_revenue;          /* a revenue row for this quarter */
	double revenue_target, revenue_actual;
	char review_due[11];       /* reviewed + one quarter, or "" */
	kam_health health;
	/* another plan's file is named after this plan's account id (a copy
	 * whose id was not changed): shown with its file, never counted */
	bool duplicate;
	kam_decider *deciders; /* of the open deals, in plan order */
	size_t decider_count;
	/* the people of the open deals contact-stale watches: each deal's
	 * decision leader and the members of its buying unit with a role, among
	 * the plan's contacts who have not left, in plan order */
	kam_decider *people;
	size_t person_count;
	/* the ids of deciders and people, each once (contact and deal ids
	 * repeat from deal to deal): one block instead of a small allocation
	 * per id, a million of them at 10,000 plans */
	char *decider_ids;
	/* decider-unfavourable findings that hold unless a meeting note of the
	 * account has an open action with their contact (pending_contacts, in
	 * the same order): kam_rules_check_notes decides */
	kam_diag_list pending;
	char **pending_contacts;
	/* the plan's contacts who left (status left), with their successor
	 * and since (or NULL), for the actions of its meeting notes */
	struct kam_left_contact {
		char *id, *successor, *since;
	} *left;
	size_t left_count;
	bool has_renewal; /* a contract that has not ended */
	kam_summary_renewal renewal;
	/* the open deals naming a partner other than this account, in plan
	 * order (kam/partners.h: kam_routed_deals_read) */
	struct kam_routed_deal *routed;
	size_t routed_count;
	/* a partner plan's open deals, and those of them a client's plan
	 * already routes through it (kam_partner_mark_copies): counted in the
	 * client's plan and left out of open_pipeline here, as kam forecast
	 * counts them once */
	struct kam_own_deal {
		char *id;
		double value;
		char *counted_in; /* the client's account when it is a copy */
	} *own_deals;
	size_t own_deal_count;
	/* What the site's history shows of a plan version at a quarter's end
	 * (issue 19). Filled by kam_rules_summarize_plan only (kam check does
	 * not need them). */
	kam_stage_total open_by_stage[KAM_STAGE_UNKNOWN + 1]; /* kam_stage_totals_add */
	kam_forecast_sums forecast; /* of ctx's quarter, as kam forecast sums the plan */
	/* the plan's contacts with an id, in plan order */
	struct kam_contact_fact {
		char *id, *name;
		kam_attitude attitude; /* KAM_ATTITUDE_UNKNOWN when not given */
		int level, target;     /* relationship level and target; -1 when not given */
		bool decides; /* a deciding role, a deal's decision leader or a deciding
				 member of a buying unit */
		bool left;    /* status: left */
	} *contacts;
	size_t contact_count;
} kam_plan_summary;

/* An open action of a meeting note that names a contact, for the rules
 * that need its account's plan (kam_rules_check_notes). */
typedef struct kam_note_action {
	char *id, *contact; /* the action's id (or NULL) and its contact: */
	unsigned line, column; /* where contact: is written */
} kam_note_action;

/* What the rules and the health score need of a meeting note once every
 * document is read: its open actions (counted for health) and those that
 * name a contact. */
typedef struct kam_note_facts {
	char *account, *file; /* the account of the note's folder; the note as shown */
	bool report;	      /* the note's findings are reported */
	kam_health_actions open; /* its open actions, on time or not */
	kam_note_action *actions; /* the open actions naming a contact */
	size_t count;
} kam_note_facts;

void kam_note_facts_release(kam_note_facts *facts); /* NULL accepted */

void kam_plan_summary_release(kam_plan_summary *s);

/* Run the per-plan rules on an account plan's frontmatter (file as shown)
 * and fill summary (NULL accepted). */
void kam_rules_check_plan(const kam_rules_context *ctx, const kam_node *plan, const char *file,
			  kam_diag_list *diags, kam_plan_summary *summary);
/* The summary alone, as kam_rules_check_plan fills it but for pending
 * (the findings that wait for the notes): no rule is run. For readers of
 * many versions that need only their facts (kam diff). */
void kam_rules_summarize_plan(const kam_rules_context *ctx, const kam_node *plan,
			      const char *file, kam_plan_summary *summary);
/* The rules that apply to other documents (actions of meeting notes);
 * facts (NULL accepted) receives the note's open actions: false when it
 * is no meeting note or has none. */
bool kam_rules_check_document(const kam_rules_context *ctx, const kam_node *doc,
			      const char *file, kam_diag_list *diags, kam_note_facts *facts);
/* The rules that need both a plan and its meeting notes, once every
 * document is read: decider-unfavourable holds only when no note of the
 * account has an open action with the person either; contact-left reports
 * a note's open action whose contact left. report as for portfolio rules. */
void kam_rules_check_notes(const kam_rules_context *ctx, kam_plan_summary *plans, size_t count,
			   const bool *report, const kam_note_facts *notes, size_t note_count,
			   kam_diag_list *diags);
/* Rules across plans; reported only for plans whose summary has report set
 * in the parallel array report (NULL: all). */
void kam_rules_check_portfolio(const kam_rules_context *ctx, const kam_plan_summary *plans,
			       size_t count, const bool *report, const kam_index *index,
			       kam_diag_list *diags);

#ifdef __cplusplus
}
#endif

#endif
