/* kam/health.h - the account health score.
 *
 * Health is 0-100: the weighted share of eight parts, each a fraction
 * 0-1 of what it measures (docs/rules.md, "Health"):
 *
 *   buying-unit    20  key decision leader, approver and sponsor of each
 *                      open must-win (each open deal when none is a
 *                      must-win) known and owned by a team member
 *   deciders       15  attitude and influence of those deals' deciders
 *   freshness      10  deciders of open deals met within contact-stale's
 *                      days (90): meeting notes and the plan's touches
 *   revenue        20  this quarter's actual against its target, prorated
 *                      to the day of the quarter
 *   relationships  10  relationship targets and steps on plan
 *   actions        10  open actions of the plan and its meeting notes on time
 *   review         10  the plan reviewed this quarter
 *   completeness    5  the five parts of the plan filled in
 *
 * The numbers are the default weights; kam.yaml's health: {weights: {...}}
 * changes them, and a weight of 0 leaves a part out. A part with nothing
 * to measure (no open deal, no revenue row, ...) scores 0, never full
 * marks. Every part says in words what it measured or what is missing.
 *
 * kam_health_compute reads one plan while its tree is alive; freshness and
 * actions then know only what the plan itself says (its touches and
 * actions). kam_health_finish, run after the index is resolved, adds what
 * other documents say: meeting notes' attendees and open actions. */
#ifndef KAM_HEALTH_H
#define KAM_HEALTH_H

#include <stdbool.h>
#include <stddef.h>

#include "kam/index.h"
#include "kam/node.h"
#include "kam/quarter.h"

#ifdef __cplusplus
extern "C" {
#endif

struct kam_rules_context;
struct kam_plan_summary;
struct kam_decider;
struct kam_plan_views;

/* The parts of the health score, in the order they are shown. */
typedef enum {
	KAM_HEALTH_BUYING_UNIT,
	KAM_HEALTH_DECIDERS,
	KAM_HEALTH_FRESHNESS,
	KAM_HEALTH_REVENUE,
	KAM_HEALTH_RELATIONSHIPS,
	KAM_HEALTH_ACTIONS,
	KAM_HEALTH_REVIEW,
	KAM_HEALTH_COMPLETENESS,
	KAM_HEALTH__COUNT
} kam_health_part;

/* One part's score. max and points are in points of the score: max is the
 * part's share of 100 (weight * 100 / the sum of the weights). */
typedef struct kam_health_score {
	int weight;	 /* kam.yaml's weight, or the default; 0: left out */
	double fraction; /* 0-1: how much of what it measures is there */
	double max, points;
	char *why; /* what it measured or what is missing, in words (owned) */
} kam_health_score;

/* Open actions (of a plan, or of a meeting note) and the one most overdue. */
typedef struct kam_health_actions {
	size_t open, on_time;
	char *late;	   /* id (or text) of the open action due longest ago, or NULL (owned) */
	kam_date late_due; /* its due date, when late is set */
} kam_health_actions;

/* When the decider met longest ago (never met counts as longest) was last met. */
typedef struct kam_health_contact {
	char *contact; /* contact id (owned); NULL: no decider of an open deal */
	bool met;      /* false: no meeting note or touch names them */
	kam_date date; /* the last time, when met */
	long days;     /* days from then to today, when met */
} kam_health_contact;

typedef struct kam_health {
	int score;		 /* 0-100: the sum of the points, rounded */
	kam_health_part weakest; /* the part that loses the most points (see kam_health_lacking) */
	kam_health_score parts[KAM_HEALTH__COUNT];
	kam_health_contact oldest;
	kam_health_actions actions; /* the plan's own, for kam_health_finish */
	int stale_days;		    /* the freshness window: contact-stale's days */
} kam_health;

/* The part's name as kam.yaml writes it ("buying-unit"). */
const char *kam_health_name(kam_health_part part);
/* The part's default weight (buying-unit 20, ...). */
int kam_health_default_weight(kam_health_part part);
/* Points and maximum of a part, rounded, for display. */
int kam_health_points(const kam_health *h, kam_health_part part);
int kam_health_max(const kam_health *h, kam_health_part part);
/* Whether the part counts and earns less than its maximum: the weakest
 * part is worth showing only when it is lacking. */
bool kam_health_lacking(const kam_health *h, kam_health_part part);
/* The part's words ("o-catalog has no sponsor"); never NULL. */
const char *kam_health_why(const kam_health *h, kam_health_part part);

/* The health of an account plan's frontmatter (a mapping) on ctx's day;
 * deciders: those of its open deals (kam_plan_summary's). Release with
 * kam_health_release. */
void kam_health_compute(kam_health *out, const struct kam_rules_context *ctx, const kam_node *plan,
			const struct kam_decider *deciders, size_t decider_count);
/* The same over plan's views already read (kam_plan_views_read of plan):
 * the rules and the health passes share one reading per check. */
void kam_health_compute_views(kam_health *out, const struct kam_rules_context *ctx,
			      const kam_node *plan, const struct kam_plan_views *views,
			      const struct kam_decider *deciders, size_t decider_count);
void kam_health_release(kam_health *h); /* NULL accepted */

/* Count the open actions of a sequence of actions (a plan's or a meeting
 * note's) on today, and the one most overdue; release with
 * kam_health_actions_release. */
void kam_health_count_actions(const kam_node *actions, kam_date today, kam_health_actions *out);
void kam_health_actions_release(kam_health_actions *a);

struct kam_note_facts;

/* Finish the health of every plan once the index is resolved: freshness
 * from every meeting note and touch (kam_index_last_met), actions with the
 * open actions of the account's meeting notes (notes, any order, as
 * kam_rules_check_document gathered them; a plan that another plan's file
 * claims counts only its own). */
void kam_health_finish(struct kam_plan_summary *plans, size_t count, const kam_index *index,
		       const struct kam_rules_context *ctx, const struct kam_note_facts *notes,
		       size_t note_count);

#ifdef __cplusplus
}
#endif

#endif
