/* kam/plan.h - the plan's vocabulary: stages, attitudes, buying roles,
 * tiers and influence.
 *
 * Each word list is an enum and one table indexed by it. The enum values
 * follow the order of the word's enum in schema/account-plan.schema.json
 * (tests/unit/test_plan.c keeps the two equal), and every enum ends with an
 * UNKNOWN value, which is also the number of words: parsing text that is
 * not a word (or NULL) gives UNKNOWN. Meaning that code compares (how far
 * a stage is, how warm an attitude, how high a tier) is the table's order,
 * never the enum value: the schema lists attitudes warmest first.
 *
 * This is the only place where the words are spelled; everything else
 * parses a plan's text into an enum, or asks for the name of one. The
 * tables are constant and need no set-up; every function is thread-safe.
 * Typed views (end of this header) read an account, a contact or an
 * opportunity of a plan's tree into a struct of C values. */
#ifndef KAM_PLAN_H
#define KAM_PLAN_H

#include <stdbool.h>
#include <stddef.h>

#include "kam/node.h"
#include "kam/quarter.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One word of a vocabulary, a row of its table. */
typedef struct kam_plan_word {
	const char *name;  /* as written in a plan: "key-decision-leader" */
	int order;	   /* the word's place on its scale (below), from 0 */
	unsigned flags;	   /* KAM_STAGE_CLOSED, KAM_ATTITUDE_UNFAVOURABLE, ... */
	const char *badge; /* short form for tight spaces ("KDL"); else NULL */
	const char *label; /* words for readers ("key decision leader", "Key") */
} kam_plan_word;

/* --- stages of an opportunity ----------------------------------------- */

/* Opportunity stages, in the pipeline's order; won and lost close it. */
typedef enum kam_stage {
	KAM_STAGE_IDENTIFY,
	KAM_STAGE_VALIDATE,
	KAM_STAGE_QUALIFY,
	KAM_STAGE_PROPOSE,
	KAM_STAGE_NEGOTIATE,
	KAM_STAGE_WON,
	KAM_STAGE_LOST,
	KAM_STAGE_UNKNOWN /* not a stage; also the number of stages */
} kam_stage;

/* Flag of a stage: the deal is decided (won or lost). */
#define KAM_STAGE_CLOSED 1u

/* The stages, indexed by kam_stage; order is the place in the pipeline
 * (identify 0 ... negotiate 4; won 5, lost 6). */
extern const kam_plan_word kam_stages[KAM_STAGE_UNKNOWN];

/* The stage named text; KAM_STAGE_UNKNOWN for NULL or any other text. */
kam_stage kam_stage_parse(const char *text);
/* The stage's name ("negotiate"); NULL for KAM_STAGE_UNKNOWN or out of range. */
const char *kam_stage_name(kam_stage stage);
/* The stage's place in the pipeline; -1 for an unknown stage. */
int kam_stage_order(kam_stage stage);
/* True for won and lost only: an unknown stage is not closed (code that
 * counts open deals counts a deal with no known stage as open). */
bool kam_stage_closed(kam_stage stage);

/* --- attitudes of a contact ------------------------------------------- */

/* A contact's attitude to us, in the schema's order (warmest first). */
typedef enum kam_attitude {
	KAM_ATTITUDE_ADVOCATE,
	KAM_ATTITUDE_SUPPORTER,
	KAM_ATTITUDE_NEUTRAL,
	KAM_ATTITUDE_SKEPTIC,
	KAM_ATTITUDE_OPPONENT,
	KAM_ATTITUDE_UNKNOWN /* not an attitude; also the number of attitudes */
} kam_attitude;

/* Flag of an attitude: against us (skeptic, opponent), one to manage. */
#define KAM_ATTITUDE_UNFAVOURABLE 1u

/* The attitudes, indexed by kam_attitude; order is the warmth: opponent 0
 * < skeptic 1 < neutral 2 < supporter 3 < advocate 4. */
extern const kam_plan_word kam_attitudes[KAM_ATTITUDE_UNKNOWN];

/* The attitude named text; KAM_ATTITUDE_UNKNOWN for NULL or other text. */
kam_attitude kam_attitude_parse(const char *text);
/* The attitude's name ("skeptic"); NULL for KAM_ATTITUDE_UNKNOWN. */
const char *kam_attitude_name(kam_attitude attitude);
/* The attitude's warmth (0 opponent ... 4 advocate); -1 when unknown. */
int kam_attitude_warmth(kam_attitude attitude);
/* True for skeptic and opponent. */
bool kam_attitude_unfavourable(kam_attitude attitude);

/* --- buying roles ------------------------------------------------------ */

/* The six buying roles (Signature Selling Method), in the schema's order. */
typedef enum kam_role {
	KAM_ROLE_KEY_DECISION_LEADER,
	KAM_ROLE_BENEFIT_OWNER,
	KAM_ROLE_EVALUATOR,
	KAM_ROLE_APPROVER,
	KAM_ROLE_INFLUENCER,
	KAM_ROLE_SPONSOR,
	KAM_ROLE_UNKNOWN /* not a role; also the number of roles */
} kam_role;

/* Flag of a role: its holder decides (key decision leader, approver). */
#define KAM_ROLE_DECIDES 1u

/* The roles, indexed by kam_role; order is the schema's; each has a badge
 * (KDL, BO, EV, AP, IN, SP) and a label ("key decision leader"). */
extern const kam_plan_word kam_roles[KAM_ROLE_UNKNOWN];

/* The role named text; KAM_ROLE_UNKNOWN for NULL or other text. */
kam_role kam_role_parse(const char *text);
/* The role's name ("benefit-owner"); NULL for KAM_ROLE_UNKNOWN. */
const char *kam_role_name(kam_role role);
/* The role's badge ("BO"); NULL for KAM_ROLE_UNKNOWN. */
const char *kam_role_badge(kam_role role);
/* True for key-decision-leader and approver. */
bool kam_role_decides(kam_role role);

/* --- tiers of an account ----------------------------------------------- */

/* Account tiers, highest first. */
typedef enum kam_tier {
	KAM_TIER_KEY,
	KAM_TIER_STRATEGIC,
	KAM_TIER_GROWTH,
	KAM_TIER_MAINTAIN,
	KAM_TIER_UNKNOWN /* no tier or not a tier; also the number of tiers */
} kam_tier;

/* The tiers, indexed by kam_tier; order is the rank (key 0 first); label
 * is the heading of the tier's group ("Key"). */
extern const kam_plan_word kam_tiers[KAM_TIER_UNKNOWN];

/* The tier named text; KAM_TIER_UNKNOWN for NULL or other text. */
kam_tier kam_tier_parse(const char *text);
/* The tier's name ("growth"); NULL for KAM_TIER_UNKNOWN. */
const char *kam_tier_name(kam_tier tier);
/* The tier's rank (0 key ... 3 maintain); KAM_TIER_UNKNOWN (4) for an
 * unknown tier, so that sorting by rank puts untiered plans last. */
int kam_tier_rank(kam_tier tier);

/* The rank of tier among tiers (count names, highest first, as kam.yaml
 * declares them): its index, or count for NULL or a tier not among them. */
int kam_tier_rank_in(const char *const *tiers, size_t count, const char *tier);

/* --- influence of a contact -------------------------------------------- */

/* How much a contact weighs in a decision (plan model v2, issue 16). */
typedef enum kam_influence {
	KAM_INFLUENCE_LOW,
	KAM_INFLUENCE_MEDIUM,
	KAM_INFLUENCE_HIGH,
	KAM_INFLUENCE_UNKNOWN /* not given or not a level; also their number */
} kam_influence;

/* The levels, indexed by kam_influence; order is the weight (low 0). */
extern const kam_plan_word kam_influences[KAM_INFLUENCE_UNKNOWN];

/* The influence named text; KAM_INFLUENCE_UNKNOWN for NULL or other text. */
kam_influence kam_influence_parse(const char *text);
/* The influence's name ("medium"); NULL for KAM_INFLUENCE_UNKNOWN. */
const char *kam_influence_name(kam_influence influence);
/* The influence's weight (0 low ... 2 high); -1 when unknown. */
int kam_influence_order(kam_influence influence);

/* --- people change, relationship levels, touches ------------------------ */

/* Whether a contact is still in their role (plan model v2). */
typedef enum kam_contact_status {
	KAM_CONTACT_ACTIVE,
	KAM_CONTACT_LEFT,
	KAM_CONTACT_MOVED,
	KAM_CONTACT_STATUS_UNKNOWN /* not a status; also their number */
} kam_contact_status;

/* The statuses, indexed by kam_contact_status (label: "left the client"). */
extern const kam_plan_word kam_contact_statuses[KAM_CONTACT_STATUS_UNKNOWN];
kam_contact_status kam_contact_status_parse(const char *text);
const char *kam_contact_status_name(kam_contact_status status);

/* Relationship levels 0-4: how close we are to a person. */
enum { KAM_LEVEL_MAX = 4 };
/* The label of level ("trusted adviser"); NULL outside 0-4. */
const char *kam_level_label(int level);

/* How we were in touch with someone: touches[].kind. */
typedef enum kam_touch_kind {
	KAM_TOUCH_MEETING,
	KAM_TOUCH_CALL,
	KAM_TOUCH_EMAIL,
	KAM_TOUCH_EVENT,
	KAM_TOUCH_VISIT,
	KAM_TOUCH_HOSPITALITY,
	KAM_TOUCH_UNKNOWN /* not a kind; also their number */
} kam_touch_kind;

extern const kam_plan_word kam_touch_kinds[KAM_TOUCH_UNKNOWN];
kam_touch_kind kam_touch_kind_parse(const char *text);
const char *kam_touch_kind_name(kam_touch_kind kind);

/* Open work: goals (open, achieved, missed, dropped) and actions (open,
 * done, dropped) are open when their status says so or is not given. */
bool kam_goal_status_open(const char *status);
bool kam_action_status_open(const char *status);
/* The status word a closed action is given ("done"), for hints. */
const char *kam_action_done_word(void);

/* A document's kind: "meeting" for meeting notes. */
bool kam_kind_is_meeting(const char *kind);

/* --- commerce (plan model v2, issue 17) -------------------------------- */

/* Forecast categories (Salesforce's set), surest first. */
typedef enum kam_forecast {
	KAM_FORECAST_COMMIT,
	KAM_FORECAST_BEST_CASE,
	KAM_FORECAST_PIPELINE,
	KAM_FORECAST_OMITTED,
	KAM_FORECAST_UNKNOWN /* not given or not a category; also their number */
} kam_forecast;

extern const kam_plan_word kam_forecasts[KAM_FORECAST_UNKNOWN];
kam_forecast kam_forecast_parse(const char *text);
const char *kam_forecast_name(kam_forecast forecast);

/* Why a deal was lost. */
typedef enum kam_lost_reason {
	KAM_LOST_PRICE,
	KAM_LOST_NO_DECISION,
	KAM_LOST_COMPETITOR,
	KAM_LOST_TIMING,
	KAM_LOST_SCOPE,
	KAM_LOST_OTHER,
	KAM_LOST_UNKNOWN /* not given; also their number */
} kam_lost_reason;

extern const kam_plan_word kam_lost_reasons[KAM_LOST_UNKNOWN];
kam_lost_reason kam_lost_reason_parse(const char *text);
const char *kam_lost_reason_name(kam_lost_reason reason);

/* What kind of business a deal is. */
typedef enum kam_deal_type {
	KAM_DEAL_NEW,
	KAM_DEAL_UPSELL,
	KAM_DEAL_CROSS_SELL,
	KAM_DEAL_RENEWAL,
	KAM_DEAL_UNKNOWN /* not given; also their number */
} kam_deal_type;

extern const kam_plan_word kam_deal_types[KAM_DEAL_UNKNOWN];
kam_deal_type kam_deal_type_parse(const char *text);
const char *kam_deal_type_name(kam_deal_type type);

/* Where a competitor stands in an account. */
typedef enum kam_position {
	KAM_POSITION_INCUMBENT,
	KAM_POSITION_CHALLENGER,
	KAM_POSITION_NICHE,
	KAM_POSITION_UNKNOWN /* not given; also their number */
} kam_position;

extern const kam_plan_word kam_positions[KAM_POSITION_UNKNOWN];
kam_position kam_position_parse(const char *text);
const char *kam_position_name(kam_position position);

/* Who has a cell of the whitespace matrix. */
typedef enum kam_cell_status {
	KAM_CELL_OURS,
	KAM_CELL_COMPETITOR,
	KAM_CELL_OPEN,
	KAM_CELL_NO_FIT,
	KAM_CELL_UNKNOWN /* not assessed; also their number */
} kam_cell_status;

extern const kam_plan_word kam_cell_statuses[KAM_CELL_UNKNOWN];
kam_cell_status kam_cell_status_parse(const char *text);
const char *kam_cell_status_name(kam_cell_status status);

/* --- typed read-only views over a plan --------------------------------- */

/* A view reads one mapping of a plan's frontmatter (a tree the schema has
 * checked, or not: the view never trusts it). Each field holds the value
 * when the key is there with the type the code expects, else NULL, UNKNOWN,
 * false or 0. A view points into the tree: it lives as long as the tree,
 * owns nothing and needs no release. The node pointers give positions for
 * diagnostics. Reading a NULL or non-mapping node gives an empty view. */

/* The bit of a role in kam_contact_view.roles. */
#define KAM_ROLE_BIT(role) (1u << (unsigned)(role))

/* A contact (contacts[]). */
typedef struct kam_contact_view {
	const kam_node *node;		       /* the contact's mapping */
	const char *id, *name, *title, *owner; /* owner: our team member */
	kam_attitude attitude;		       /* KAM_ATTITUDE_UNKNOWN when not given */
	const kam_node *attitude_node;	       /* where attitude is written, or NULL */
	unsigned roles;			       /* KAM_ROLE_BIT of each known role */
	kam_influence influence;	       /* KAM_INFLUENCE_UNKNOWN when not given */
	kam_contact_status status;	       /* KAM_CONTACT_ACTIVE when not given */
	const kam_node *status_node;	       /* where status is written, or NULL */
	const char *since, *successor;	       /* date of the status; a contact id */
	const kam_node *relationship;	       /* the relationship mapping, or NULL */
	int level, target;		       /* relationship level and target; -1 when not given */
	const char *by;			       /* the target's quarter, or NULL */
	const kam_node *steps;		       /* relationship.steps (a sequence), or NULL */
} kam_contact_view;

/* Read contact (NULL accepted) into *out. */
void kam_contact_view_read(kam_contact_view *out, const kam_node *contact);
/* Whether the contact holds role (account-wide roles[]). */
bool kam_contact_has_role(const kam_contact_view *contact, kam_role role);
/* Whether one of the contact's roles decides (key decision leader, approver). */
bool kam_contact_decides(const kam_contact_view *contact);

/* An opportunity (opportunities[]). */
typedef struct kam_opportunity_view {
	const kam_node *node; /* the opportunity's mapping */
	const char *id, *title, *close;
	const char *decision_leader, *sponsor; /* contact ids, as written */
	const kam_node *decision_leader_node;  /* where it is written, or NULL */
	kam_stage stage;		       /* KAM_STAGE_UNKNOWN when not a stage */
	const char *stage_text;		       /* the stage as written, or NULL */
	bool open;     /* not won or lost: a deal of unknown stage counts as open */
	bool must_win; /* must_win: true */
	bool has_value;
	double value; /* value, when has_value */
	bool has_probability;
	double probability;		  /* probability, when has_probability */
	const kam_node *probability_node; /* where it is written, or NULL */
	const char *route, *partner, *owner;
	const kam_node *route_node;	  /* where route is written, or NULL */
	const kam_node *buying_unit;	  /* the buying_unit sequence, or NULL */
	/* commerce (issue 17) */
	kam_forecast forecast;		  /* as given; KAM_FORECAST_UNKNOWN when not */
	kam_deal_type type;		  /* KAM_DEAL_UNKNOWN when not given */
	kam_lost_reason lost_reason;	  /* KAM_LOST_UNKNOWN when not given */
	const char *renews, *offering, *unit, *opened, *lost_to;
	const kam_node *competitors;	  /* the competitors sequence, or NULL */
	bool sole_source;
} kam_opportunity_view;

/* Read opportunity (NULL accepted) into *out. */
void kam_opportunity_view_read(kam_opportunity_view *out, const kam_node *opportunity);

/* Open deals by stage: count and value, indexed by kam_stage (a deal of no
 * known stage at KAM_STAGE_UNKNOWN). */
typedef struct kam_stage_total {
	size_t count;
	double value;
} kam_stage_total;
/* Count o in totals (KAM_STAGE_UNKNOWN + 1 of them) when it is open, as a
 * plan's open pipeline counts it. */
void kam_stage_totals_add(kam_stage_total *totals, const kam_opportunity_view *o);

/* A plan's deals and contacts, each read once per check and shared by the
 * rules and the health passes. */
typedef struct kam_plan_views {
	const kam_node *opportunities, *contacts; /* the sequences, or NULL */
	kam_opportunity_view *deals;		  /* one per opportunities item */
	kam_contact_view *people;		  /* one per contacts item */
} kam_plan_views;

/* Read plan's opportunities and contacts into *out (release it). */
void kam_plan_views_read(kam_plan_views *out, const kam_node *plan);
void kam_plan_views_release(kam_plan_views *views);

/* The account: a plan's top-level fields. */
typedef struct kam_account_view {
	const kam_node *node; /* the frontmatter's mapping */
	const char *id, *name, *type, *owner, *currency, *reviewed;
	kam_tier tier;		   /* KAM_TIER_UNKNOWN when none or not a tier */
	const char *tier_text;	   /* the tier as written, or NULL */
	const kam_node *tier_node; /* where tier is written, or NULL */
	const char *phase, *focus;
	const char *validated;	   /* validated.date, or NULL */
	const kam_node *validated_node; /* the validated mapping, or NULL */
} kam_account_view;

/* Read a plan's frontmatter (NULL accepted) into *out. */
void kam_account_view_read(kam_account_view *out, const kam_node *plan);

/* A contract (contracts[]). */
typedef struct kam_contract_view {
	const kam_node *node;
	const char *id, *title, *start, *end;
	bool has_value;
	double value;
	int notice_months; /* -1 when not given */
	bool auto_renew;
} kam_contract_view;

void kam_contract_view_read(kam_contract_view *out, const kam_node *contract);

/* A competitor's place in an account (competitors[] of a plan). */
typedef struct kam_rival_view {
	const kam_node *node;
	const char *competitor, *notes;
	kam_position position;
	bool has_share;
	double share;
} kam_rival_view;

void kam_rival_view_read(kam_rival_view *out, const kam_node *rival);

/* A cell of the whitespace matrix (whitespace[]). */
typedef struct kam_cell_view {
	const kam_node *node;
	const char *unit, *offering, *competitor, *notes;
	kam_cell_status status; /* KAM_CELL_UNKNOWN when not given */
	bool has_potential;
	double potential;
} kam_cell_view;

void kam_cell_view_read(kam_cell_view *out, const kam_node *cell);

/* A member of an opportunity's buying unit (opportunities[].buying_unit[]):
 * influence and attitude are the member's own for this deal, else the
 * contact's (pass the contact's view, or NULL when unknown). */
typedef struct kam_member_view {
	const kam_node *node;	      /* the member's mapping */
	const char *contact;	      /* contact id, as written */
	const kam_node *contact_node; /* where it is written, or NULL */
	kam_role role;		      /* KAM_ROLE_UNKNOWN when not a role */
	kam_influence influence;      /* this deal's, else the contact's */
	kam_attitude attitude;	      /* this deal's, else the contact's */
	bool own_influence, own_attitude; /* given in the buying unit itself */
} kam_member_view;

void kam_member_view_read(kam_member_view *out, const kam_node *member,
			  const kam_contact_view *contact);

/* A goal (goals[]). */
typedef struct kam_goal_view {
	const kam_node *node;
	const char *id, *text, *quarter, *status;
	const char *owner, *measure; /* a team member; what tells it is reached */
	const kam_node *quarter_node;
	bool open; /* status open or not given */
} kam_goal_view;

void kam_goal_view_read(kam_goal_view *out, const kam_node *goal);

/* An action (actions[] of a plan or a meeting note). */
typedef struct kam_action_view {
	const kam_node *node;
	const char *id, *text, *owner, *due, *status, *contact, *opportunity;
	const char *goal; /* the goal it serves */
	const kam_node *due_node, *owner_node, *contact_node;
	bool open; /* status open or not given */
} kam_action_view;

void kam_action_view_read(kam_action_view *out, const kam_node *action);

/* A meeting note's frontmatter (kind: meeting). */
typedef struct kam_meeting_view {
	const kam_node *node;
	const char *title, *date;
	const kam_node *attendees; /* a sequence, or NULL */
	const kam_node *actions;   /* a sequence, or NULL */
	bool is_meeting;	   /* kind: meeting */
} kam_meeting_view;

void kam_meeting_view_read(kam_meeting_view *out, const kam_node *doc);

/* A touch (touches[] of a plan). */
typedef struct kam_touch_view {
	const kam_node *node;
	const char *date, *note;
	kam_touch_kind kind; /* KAM_TOUCH_UNKNOWN when not given */
	const kam_node *contacts; /* a sequence, or NULL */
} kam_touch_view;

void kam_touch_view_read(kam_touch_view *out, const kam_node *touch);

/* The deciders of an opportunity: its decision leader, then the members of
 * its buying unit whose role decides (key decision leader, approver).
 * Calls each(ctx, contact id, role, where the contact is named) once per
 * contact. (Account-wide roles are not per deal: a plan with thousands of
 * approvers would make every deal quadratic.) */
void kam_opportunity_each_decider(const kam_opportunity_view *o,
				  void (*each)(void *ctx, const char *contact, kam_role role,
					       const kam_node *at),
				  void *ctx);

/* Every time a document says someone was met: each attendee of a meeting
 * note, each contact of a plan's touches; calls each(ctx, id, date, kind)
 * with the date as written (YYYY-MM-DD, unchecked) and kind a name of
 * kam_touch_kinds ("meeting" for meeting notes). */
void kam_plan_each_touch(const kam_node *doc,
			 void (*each)(void *ctx, const char *id, const char *date, const char *kind),
			 void *ctx);

/* The status word of an open action or goal ("open"), for sentences
 * about a status that is not given (history). */
const char *kam_action_open_word(void);

/* --- words the red-flag rules need (issue 16) ------------------------- */

/* The phase a plan is in (phase:), and whether the client has bought
 * (delivery, service): a prospect cannot be there. */
bool kam_phase_after_sale(const char *phase);
/* The phase of a plan that has not sold yet ("acquisition"), for hints. */
const char *kam_phase_first(void);
/* Whether an account's type is prospect; the word of a buying client
 * ("customer"), for hints. */
bool kam_type_is_prospect(const char *type);
const char *kam_type_customer(void);
/* Whether a route goes through a partner: its id contains "partner"
 * (partner, partner-resale, via-partners). */
bool kam_route_through_partner(const char *route);
/* The statuses that close a goal, as a reader lists them
 * ("achieved, missed or dropped"), for hints. */
const char *kam_goal_closed_words(void);

/* --- what kam export reads besides the views above (issue 17) ---------- */

/* A contact's fields no rule interprets: unit, reports_to, email, phone
 * (each NULL when not given as text). */
typedef struct kam_contact_details {
	const char *unit, *reports_to, *email, *phone;
} kam_contact_details;

void kam_contact_details_read(kam_contact_details *out, const kam_contact_view *contact);

/* A row of revenue[]: a quarter's target and actual. */
typedef struct kam_revenue_view {
	const kam_node *node;
	const char *quarter;
	bool has_target, has_actual;
	double target, actual;
} kam_revenue_view;

void kam_revenue_view_read(kam_revenue_view *out, const kam_node *row);

/* An account's key in the CRM (x-crm-id: an extension field kam does not
 * check), as written, when it is a text or a number; else NULL. */
const char *kam_account_crm_id(const kam_account_view *account);
/* Whether an account's type is partner (a channel account that deals of
 * other plans route through). */
bool kam_type_is_partner(const char *type);

/* When a plan reviewed on reviewed is due for review again: plans are
 * reviewed at least every quarter, so three months later (review-overdue,
 * the health score, the summary and kam agenda all count from it). */
kam_date kam_review_due(kam_date reviewed);

#ifdef __cplusplus
}
#endif

#endif
