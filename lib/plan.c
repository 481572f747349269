/* The plan's vocabulary: the only file that spells its words (see kam/plan.h). */
#include "kam/plan.h"
#include "kam/util.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "key_set.h"
#include "banned.h"

/* clang-format off */
const kam_plan_word kam_stages[KAM_STAGE_UNKNOWN] = {
	[KAM_STAGE_IDENTIFY]  = {"identify", 0, 0, NULL, "identify"},
	[KAM_STAGE_VALIDATE]  = {"validate", 1, 0, NULL, "validate"},
	[KAM_STAGE_QUALIFY]   = {"qualify", 2, 0, NULL, "qualify"},
	[KAM_STAGE_PROPOSE]   = {"propose", 3, 0, NULL, "propose"},
	[KAM_STAGE_NEGOTIATE] = {"negotiate", 4, 0, NULL, "negotiate"},
	[KAM_STAGE_WON]       = {"won", 5, KAM_STAGE_CLOSED, NULL, "won"},
	[KAM_STAGE_LOST]      = {"lost", 6, KAM_STAGE_CLOSED, NULL, "lost"},
};

const kam_plan_word kam_attitudes[KAM_ATTITUDE_UNKNOWN] = {
	[KAM_ATTITUDE_ADVOCATE]  = {"advocate", 4, 0, NULL, "advocate"},
	[KAM_ATTITUDE_SUPPORTER] = {"supporter", 3, 0, NULL, "supporter"},
	[KAM_ATTITUDE_NEUTRAL]   = {"neutral", 2, 0, NULL, "neutral"},
	[KAM_ATTITUDE_SKEPTIC]   = {"skeptic", 1, KAM_ATTITUDE_UNFAVOURABLE, NULL, "skeptic"},
	[KAM_ATTITUDE_OPPONENT]  = {"opponent", 0, KAM_ATTITUDE_UNFAVOURABLE, NULL, "opponent"},
};

const kam_plan_word kam_roles[KAM_ROLE_UNKNOWN] = {
	[KAM_ROLE_KEY_DECISION_LEADER] = {"key-decision-leader", 0, KAM_ROLE_DECIDES, "KDL", "key decision leader"},
	[KAM_ROLE_BENEFIT_OWNER]       = {"benefit-owner", 1, 0, "BO", "benefit owner"},
	[KAM_ROLE_EVALUATOR]           = {"evaluator", 2, 0, "EV", "evaluator"},
	[KAM_ROLE_APPROVER]            = {"approver", 3, KAM_ROLE_DECIDES, "AP", "approver"},
	[KAM_ROLE_INFLUENCER]          = {"influencer", 4, 0, "IN", "influencer"},
	[KAM_ROLE_SPONSOR]             = {"sponsor", 5, 0, "SP", "sponsor"},
};

const kam_plan_word kam_tiers[KAM_TIER_UNKNOWN] = {
	[KAM_TIER_KEY]       = {"key", 0, 0, NULL, "Key"},
	[KAM_TIER_STRATEGIC] = {"strategic", 1, 0, NULL, "Strategic"},
	[KAM_TIER_GROWTH]    = {"growth", 2, 0, NULL, "Growth"},
	[KAM_TIER_MAINTAIN]  = {"maintain", 3, 0, NULL, "Maintain"},
};

const kam_plan_word kam_influences[KAM_INFLUENCE_UNKNOWN] = {
	[KAM_INFLUENCE_LOW]    = {"low", 0, 0, NULL, "low"},
	[KAM_INFLUENCE_MEDIUM] = {"medium", 1, 0, NULL, "medium"},
	[KAM_INFLUENCE_HIGH]   = {"high", 2, 0, NULL, "high"},
};

const kam_plan_word kam_contact_statuses[KAM_CONTACT_STATUS_UNKNOWN] = {
	[KAM_CONTACT_ACTIVE] = {"active", 0, 0, NULL, "active"},
	[KAM_CONTACT_LEFT]   = {"left", 1, 0, NULL, "left the client"},
	[KAM_CONTACT_MOVED]  = {"moved", 2, 0, NULL, "moved to another role"},
};

const kam_plan_word kam_touch_kinds[KAM_TOUCH_UNKNOWN] = {
	[KAM_TOUCH_MEETING]     = {"meeting", 0, 0, NULL, "meeting"},
	[KAM_TOUCH_CALL]        = {"call", 1, 0, NULL, "call"},
	[KAM_TOUCH_EMAIL]       = {"email", 2, 0, NULL, "email"},
	[KAM_TOUCH_EVENT]       = {"event", 3, 0, NULL, "event"},
	[KAM_TOUCH_VISIT]       = {"visit", 4, 0, NULL, "visit"},
	[KAM_TOUCH_HOSPITALITY] = {"hospitality", 5, 0, NULL, "hospitality"},
};

/* Closeness, not kinds (docs/format.md; Altify's ladder). */
static const char *const level_labels[KAM_LEVEL_MAX + 1] = {
	"not known to them", "acquainted", "credible", "trusted", "trusted adviser",
};

const kam_plan_word kam_forecasts[KAM_FORECAST_UNKNOWN] = {
	[KAM_FORECAST_COMMIT]    = {"commit", 0, 0, NULL, "commit"},
	[KAM_FORECAST_BEST_CASE] = {"best-case", 1, 0, NULL, "best case"},
	[KAM_FORECAST_PIPELINE]  = {"pipeline", 2, 0, NULL, "pipeline"},
	[KAM_FORECAST_OMITTED]   = {"omitted", 3, 0, NULL, "omitted"},
};

const kam_plan_word kam_lost_reasons[KAM_LOST_UNKNOWN] = {
	[KAM_LOST_PRICE]       = {"price", 0, 0, NULL, "price"},
	[KAM_LOST_NO_DECISION] = {"no-decision", 1, 0, NULL, "no decision"},
	[KAM_LOST_COMPETITOR]  = {"competitor", 2, 0, NULL, "competitor"},
	[KAM_LOST_TIMING]      = {"timing", 3, 0, NULL, "timing"},
	[KAM_LOST_SCOPE]       = {"scope", 4, 0, NULL, "scope"},
	[KAM_LOST_OTHER]       = {"other", 5, 0, NULL, "other"},
};

const kam_plan_word kam_deal_types[KAM_DEAL_UNKNOWN] = {
	[KAM_DEAL_NEW]        = {"new", 0, 0, NULL, "new business"},
	[KAM_DEAL_UPSELL]     = {"upsell", 1, 0, NULL, "upsell"},
	[KAM_DEAL_CROSS_SELL] = {"cross-sell", 2, 0, NULL, "cross-sell"},
	[KAM_DEAL_RENEWAL]    = {"renewal", 3, 0, NULL, "renewal"},
};

const kam_plan_word kam_positions[KAM_POSITION_UNKNOWN] = {
	[KAM_POSITION_INCUMBENT]  = {"incumbent", 0, 0, NULL, "incumbent"},
	[KAM_POSITION_CHALLENGER] = {"challenger", 1, 0, NULL, "challenger"},
	[KAM_POSITION_NICHE]      = {"niche", 2, 0, NULL, "niche"},
};

const kam_plan_word kam_cell_statuses[KAM_CELL_UNKNOWN] = {
	[KAM_CELL_OURS]       = {"ours", 0, 0, NULL, "ours"},
	[KAM_CELL_COMPETITOR] = {"competitor", 1, 0, NULL, "competitor"},
	[KAM_CELL_OPEN]       = {"open", 2, 0, NULL, "open"},
	[KAM_CELL_NO_FIT]     = {"no-fit", 3, 0, NULL, "no fit"},
};
/* clang-format on */

/* The index of text in table (count rows), or count when it is none. */
static int lookup(const kam_plan_word *table, int count, const char *text)
{
	for (int i = 0; text && i < count; i++) /* the first byte rules out most: no call */
		if (text[0] == table[i].name[0] && strcmp(text, table[i].name) == 0)
			return i;
	return count;
}

/* The row of value, or NULL when value is not an index of the table (an
 * enum can hold any int: range-check rather than trust the caller). */
static const kam_plan_word *row(const kam_plan_word *table, int count, int value)
{
	return value >= 0 && value < count ? &table[value] : NULL;
}

#define NAME(table, count, value)                                                                  \
	(row((table), (count), (int)(value)) ? (table)[(value)].name : NULL)

kam_stage kam_stage_parse(const char *text)
{
	return (kam_stage)lookup(kam_stages, KAM_STAGE_UNKNOWN, text);
}

const char *kam_stage_name(kam_stage stage)
{
	return NAME(kam_stages, KAM_STAGE_UNKNOWN, stage);
}

int kam_stage_order(kam_stage stage)
{
	const kam_plan_word *w = row(kam_stages, KAM_STAGE_UNKNOWN, (int)stage);
	return w ? w->order : -1;
}

bool kam_stage_closed(kam_stage stage)
{
	const kam_plan_word *w = row(kam_stages, KAM_STAGE_UNKNOWN, (int)stage);
	return w && (w->flags & KAM_STAGE_CLOSED);
}

void kam_stage_totals_add(kam_stage_total *totals, const kam_opportunity_view *o)
{
	if (!o->open)
		return;
	kam_stage_total *t = &totals[o->stage < KAM_STAGE_UNKNOWN ? o->stage : KAM_STAGE_UNKNOWN];
	t->count++;
	t->value += o->has_value ? o->value : 0;
}

kam_attitude kam_attitude_parse(const char *text)
{
	return (kam_attitude)lookup(kam_attitudes, KAM_ATTITUDE_UNKNOWN, text);
}

const char *kam_attitude_name(kam_attitude attitude)
{
	return NAME(kam_attitudes, KAM_ATTITUDE_UNKNOWN, attitude);
}

int kam_attitude_warmth(kam_attitude attitude)
{
	const kam_plan_word *w = row(kam_attitudes, KAM_ATTITUDE_UNKNOWN, (int)attitude);
	return w ? w->order : -1;
}

bool kam_attitude_unfavourable(kam_attitude attitude)
{
	const kam_plan_word *w = row(kam_attitudes, KAM_ATTITUDE_UNKNOWN, (int)attitude);
	return w && (w->flags & KAM_ATTITUDE_UNFAVOURABLE);
}

kam_role kam_role_parse(const char *text)
{
	return (kam_role)lookup(kam_roles, KAM_ROLE_UNKNOWN, text);
}

const char *kam_role_name(kam_role role)
{
	return NAME(kam_roles, KAM_ROLE_UNKNOWN, role);
}

const char *kam_role_badge(kam_role role)
{
	const kam_plan_word *w = row(kam_roles, KAM_ROLE_UNKNOWN, (int)role);
	return w ? w->badge : NULL;
}

bool kam_role_decides(kam_role role)
{
	const kam_plan_word *w = row(kam_roles, KAM_ROLE_UNKNOWN, (int)role);
	return w && (w->flags & KAM_ROLE_DECIDES);
}

kam_tier kam_tier_parse(const char *text)
{
	return (kam_tier)lookup(kam_tiers, KAM_TIER_UNKNOWN, text);
}

const char *kam_tier_name(kam_tier tier)
{
	return NAME(kam_tiers, KAM_TIER_UNKNOWN, tier);
}

int kam_tier_rank(kam_tier tier)
{
	const kam_plan_word *w = row(kam_tiers, KAM_TIER_UNKNOWN, (int)tier);
	return w ? w->order : KAM_TIER_UNKNOWN;
}

kam_influence kam_influence_parse(const char *text)
{
	return (kam_influence)lookup(kam_influences, KAM_INFLUENCE_UNKNOWN, text);
}

const char *kam_influence_name(kam_influence influence)
{
	return NAME(kam_influences, KAM_INFLUENCE_UNKNOWN, influence);
}

int kam_influence_order(kam_influence influence)
{
	const kam_plan_word *w = row(kam_influences, KAM_INFLUENCE_UNKNOWN, (int)influence);
	return w ? w->order : -1;
}

kam_forecast kam_forecast_parse(const char *text)
{
	return (kam_forecast)lookup(kam_forecasts, KAM_FORECAST_UNKNOWN, text);
}

const char *kam_forecast_name(kam_forecast value)
{
	return NAME(kam_forecasts, KAM_FORECAST_UNKNOWN, value);
}

kam_lost_reason kam_lost_reason_parse(const char *text)
{
	return (kam_lost_reason)lookup(kam_lost_reasons, KAM_LOST_UNKNOWN, text);
}

const char *kam_lost_reason_name(kam_lost_reason value)
{
	return NAME(kam_lost_reasons, KAM_LOST_UNKNOWN, value);
}

kam_deal_type kam_deal_type_parse(const char *text)
{
	return (kam_deal_type)lookup(kam_deal_types, KAM_DEAL_UNKNOWN, text);
}

const char *kam_deal_type_name(kam_deal_type value)
{
	return NAME(kam_deal_types, KAM_DEAL_UNKNOWN, value);
}

kam_position kam_position_parse(const char *text)
{
	return (kam_position)lookup(kam_positions, KAM_POSITION_UNKNOWN, text);
}

const char *kam_position_name(kam_position value)
{
	return NAME(kam_positions, KAM_POSITION_UNKNOWN, value);
}

kam_cell_status kam_cell_status_parse(const char *text)
{
	return (kam_cell_status)lookup(kam_cell_statuses, KAM_CELL_UNKNOWN, text);
}

const char *kam_cell_status_name(kam_cell_status value)
{
	return NAME(kam_cell_statuses, KAM_CELL_UNKNOWN, value);
}

/* ------------------------------------------------------------------ */
/* views                                                               */

static const char *text(const kam_node *map, const char *key)
{
	return kam_node_string(kam_node_get(map, key));
}

static const kam_node *mapping(const kam_node *n)
{
	return n && n->kind == KAM_NODE_MAP ? n : NULL;
}

static const kam_node *sequence(const kam_node *n)
{
	return n && n->kind == KAM_NODE_SEQ ? n : NULL;
}

static int small_integer(const kam_node *n, int lo, int hi)
{
	if (!n || !kam_node_is_integer(n) || n->number < lo || n->number > hi)
		return -1;
	return (int)n->number;
}

static void read_relationship(kam_contact_view *out, const kam_node *rel)
{
	out->relationship = mapping(rel);
	out->level = out->target = -1;
	if (!out->relationship)
		return;
	out->level = small_integer(kam_node_get(rel, "level"), 0, KAM_LEVEL_MAX);
	out->target = small_integer(kam_node_get(rel, "target"), 0, KAM_LEVEL_MAX);
	out->by = text(rel, "by");
	out->steps = sequence(kam_node_get(rel, "steps"));
}

enum {
	C_ID, C_NAME, C_TITLE, C_OWNER, C_ATTITUDE, C_INFLUENCE, C_STATUS, C_SINCE, C_SUCCESSOR,
	C_RELATIONSHIP, C_ROLES, C__COUNT
};
static const char *const contact_keys[C__COUNT] = {
	"id", "name", "title", "owner", "attitude", "influence", "status", "since", "successor",
	"relationship", "roles"};
static kam_key_set contact_key_set = KAM_KEY_SET(contact_keys);

void kam_contact_view_read(kam_contact_view *out, const kam_node *contact)
{
	const kam_node *c = mapping(contact);
	*out = (kam_contact_view){.node = c, .attitude = KAM_ATTITUDE_UNKNOWN,
				  .influence = KAM_INFLUENCE_UNKNOWN, .status = KAM_CONTACT_ACTIVE,
				  .level = -1, .target = -1};
	if (!c)
		return;
	const kam_node *v[C__COUNT];
	kam_node_pick(c, &contact_key_set, v);
	out->id = kam_node_string(v[C_ID]);
	out->name = kam_node_string(v[C_NAME]);
	out->title = kam_node_string(v[C_TITLE]);
	out->owner = kam_node_string(v[C_OWNER]);
	out->attitude_node = v[C_ATTITUDE];
	out->attitude = kam_attitude_parse(kam_node_string(out->attitude_node));
	out->influence = kam_influence_parse(kam_node_string(v[C_INFLUENCE]));
	out->status_node = v[C_STATUS];
	const char *status = kam_node_string(out->status_node);
	out->status = status ? kam_contact_status_parse(status) : KAM_CONTACT_ACTIVE;
	out->since = kam_node_string(v[C_SINCE]);
	out->successor = kam_node_string(v[C_SUCCESSOR]);
	read_relationship(out, v[C_RELATIONSHIP]);
	const kam_node *roles = v[C_ROLES];
	for (size_t i = 0; roles && roles->kind == KAM_NODE_SEQ && i < roles->count; i++) {
		kam_role r = kam_role_parse(kam_node_string(roles->items[i]));
		if (r != KAM_ROLE_UNKNOWN)
			out->roles |= KAM_ROLE_BIT(r);
	}
}

bool kam_contact_has_role(const kam_contact_view *contact, kam_role role)
{
	return role < KAM_ROLE_UNKNOWN && (contact->roles & KAM_ROLE_BIT(role));
}

bool kam_contact_decides(const kam_contact_view *contact)
{
	for (int r = 0; r < KAM_ROLE_UNKNOWN; r++)
		if (kam_role_decides((kam_role)r) && kam_contact_has_role(contact, (kam_role)r))
			return true;
	return false;
}

enum {
	O_ID, O_TITLE, O_CLOSE, O_DECISION_LEADER, O_SPONSOR, O_STAGE, O_MUST_WIN, O_VALUE,
	O_PROBABILITY, O_ROUTE, O_PARTNER, O_OWNER, O_BUYING_UNIT, O_FORECAST, O_TYPE,
	O_LOST_REASON, O_RENEWS, O_OFFERING, O_UNIT, O_OPENED, O_LOST_TO, O_COMPETITORS,
	O_SOLE_SOURCE, O__COUNT
};
static const char *const opportunity_keys[O__COUNT] = {
	"id", "title", "close", "decision_leader", "sponsor", "stage", "must_win", "value",
	"probability", "route", "partner", "owner", "buying_unit", "forecast", "type",
	"lost_reason", "renews", "offering", "unit", "opened", "lost_to", "competitors",
	"sole_source"};
static kam_key_set opportunity_key_set = KAM_KEY_SET(opportunity_keys);

void kam_opportunity_view_read(kam_opportunity_view *out, const kam_node *opportunity)
{
	const kam_node *o = mapping(opportunity);
	*out = (kam_opportunity_view){.node = o, .stage = KAM_STAGE_UNKNOWN, .open = true,
				      .forecast = KAM_FORECAST_UNKNOWN, .type = KAM_DEAL_UNKNOWN,
				      .lost_reason = KAM_LOST_UNKNOWN};
	if (!o)
		return;
	const kam_node *v[O__COUNT];
	kam_node_pick(o, &opportunity_key_set, v);
	out->id = kam_node_string(v[O_ID]);
	out->title = kam_node_string(v[O_TITLE]);
	out->close = kam_node_string(v[O_CLOSE]);
	out->decision_leader_node = v[O_DECISION_LEADER];
	out->decision_leader = kam_node_string(out->decision_leader_node);
	out->sponsor = kam_node_string(v[O_SPONSOR]);
	out->stage_text = kam_node_string(v[O_STAGE]);
	out->stage = kam_stage_parse(out->stage_text);
	out->open = !kam_stage_closed(out->stage);
	const kam_node *must_win = v[O_MUST_WIN];
	out->must_win = must_win && must_win->kind == KAM_NODE_BOOL && must_win->boolean;
	const kam_node *value = v[O_VALUE];
	out->has_value = value && value->kind == KAM_NODE_NUMBER;
	out->value = out->has_value ? value->number : 0;
	out->probability_node = v[O_PROBABILITY];
	out->has_probability = out->probability_node && out->probability_node->kind == KAM_NODE_NUMBER;
	out->probability = out->has_probability ? out->probability_node->number : 0;
	out->route_node = v[O_ROUTE];
	out->route = kam_node_string(out->route_node);
	out->partner = kam_node_string(v[O_PARTNER]);
	out->owner = kam_node_string(v[O_OWNER]);
	out->buying_unit = sequence(v[O_BUYING_UNIT]);
	out->forecast = kam_forecast_parse(kam_node_string(v[O_FORECAST]));
	out->type = kam_deal_type_parse(kam_node_string(v[O_TYPE]));
	out->lost_reason = kam_lost_reason_parse(kam_node_string(v[O_LOST_REASON]));
	out->renews = kam_node_string(v[O_RENEWS]);
	out->offering = kam_node_string(v[O_OFFERING]);
	out->unit = kam_node_string(v[O_UNIT]);
	out->opened = kam_node_string(v[O_OPENED]);
	out->lost_to = kam_node_string(v[O_LOST_TO]);
	out->competitors = sequence(v[O_COMPETITORS]);
	const kam_node *sole = v[O_SOLE_SOURCE];
	out->sole_source = sole && sole->kind == KAM_NODE_BOOL && sole->boolean;
}

static bool number_of(const kam_node *map, const char *key, double *out)
{
	const kam_node *n = kam_node_get(map, key);
	if (!n || n->kind != KAM_NODE_NUMBER)
		return false;
	*out = n->number;
	return true;
}

void kam_contract_view_read(kam_contract_view *out, const kam_node *contract)
{
	const kam_node *k = mapping(contract);
	*out = (kam_contract_view){.node = k, .notice_months = -1};
	if (!k)
		return;
	out->id = text(k, "id");
	out->title = text(k, "title");
	out->start = text(k, "start");
	out->end = text(k, "end");
	out->has_value = number_of(k, "value", &out->value);
	out->notice_months = small_integer(kam_node_get(k, "notice_months"), 0, 120);
	const kam_node *auto_renew = kam_node_get(k, "auto_renew");
	out->auto_renew = auto_renew && auto_renew->kind == KAM_NODE_BOOL && auto_renew->boolean;
}

void kam_rival_view_read(kam_rival_view *out, const kam_node *rival)
{
	const kam_node *r = mapping(rival);
	*out = (kam_rival_view){.node = r, .position = KAM_POSITION_UNKNOWN};
	if (!r)
		return;
	out->competitor = text(r, "competitor");
	out->notes = text(r, "notes");
	out->position = kam_position_parse(text(r, "position"));
	out->has_share = number_of(r, "share", &out->share);
}

void kam_cell_view_read(kam_cell_view *out, const kam_node *cell)
{
	const kam_node *w = mapping(cell);
	*out = (kam_cell_view){.node = w, .status = KAM_CELL_UNKNOWN};
	if (!w)
		return;
	out->unit = text(w, "unit");
	out->offering = text(w, "offering");
	out->competitor = text(w, "competitor");
	out->notes = text(w, "notes");
	out->status = kam_cell_status_parse(text(w, "status"));
	out->has_potential = number_of(w, "potential", &out->potential);
}

void kam_account_view_read(kam_account_view *out, const kam_node *plan)
{
	const kam_node *p = mapping(plan);
	*out = (kam_account_view){.node = p, .tier = KAM_TIER_UNKNOWN};
	if (!p)
		return;
	out->id = text(p, "id");
	out->name = text(p, "name");
	out->type = text(p, "type");
	out->owner = text(p, "owner");
	out->currency = text(p, "currency");
	out->reviewed = text(p, "reviewed");
	out->tier_node = kam_node_get(p, "tier");
	out->tier_text = kam_node_string(out->tier_node);
	out->tier = kam_tier_parse(out->tier_text);
	out->phase = text(p, "phase");
	out->focus = text(p, "focus");
	out->validated_node = mapping(kam_node_get(p, "validated"));
	out->validated = text(out->validated_node, "date");
}

int kam_tier_rank_in(const char *const *tiers, size_t count, const char *tier)
{
	for (size_t i = 0; tier && i < count; i++)
		if (tiers[i] && strcmp(tiers[i], tier) == 0)
			return (int)i;
	return (int)count;
}

kam_contact_status kam_contact_status_parse(const char *text)
{
	return (kam_contact_status)lookup(kam_contact_statuses, KAM_CONTACT_STATUS_UNKNOWN, text);
}

const char *kam_contact_status_name(kam_contact_status status)
{
	return NAME(kam_contact_statuses, KAM_CONTACT_STATUS_UNKNOWN, status);
}

const char *kam_level_label(int level)
{
	return level >= 0 && level <= KAM_LEVEL_MAX ? level_labels[level] : NULL;
}

kam_touch_kind kam_touch_kind_parse(const char *text)
{
	return (kam_touch_kind)lookup(kam_touch_kinds, KAM_TOUCH_UNKNOWN, text);
}

const char *kam_touch_kind_name(kam_touch_kind kind)
{
	return NAME(kam_touch_kinds, KAM_TOUCH_UNKNOWN, kind);
}

bool kam_goal_status_open(const char *status)
{
	return !status || strcmp(status, "open") == 0;
}

bool kam_action_status_open(const char *status)
{
	return !status || strcmp(status, "open") == 0;
}

const char *kam_action_done_word(void)
{
	return "done";
}

bool kam_kind_is_meeting(const char *kind)
{
	return kind && strcmp(kind, "meeting") == 0;
}

void kam_member_view_read(kam_member_view *out, const kam_node *member,
			  const kam_contact_view *contact)
{
	const kam_node *m = mapping(member);
	*out = (kam_member_view){.node = m, .role = KAM_ROLE_UNKNOWN,
				 .influence = contact ? contact->influence : KAM_INFLUENCE_UNKNOWN,
				 .attitude = contact ? contact->attitude : KAM_ATTITUDE_UNKNOWN};
	if (!m)
		return;
	out->contact_node = kam_node_get(m, "contact");
	out->contact = kam_node_string(out->contact_node);
	out->role = kam_role_parse(text(m, "role"));
	kam_influence influence = kam_influence_parse(text(m, "influence"));
	kam_attitude attitude = kam_attitude_parse(text(m, "attitude"));
	out->own_influence = influence != KAM_INFLUENCE_UNKNOWN;
	out->own_attitude = attitude != KAM_ATTITUDE_UNKNOWN;
	if (out->own_influence)
		out->influence = influence;
	if (out->own_attitude)
		out->attitude = attitude;
}

void kam_goal_view_read(kam_goal_view *out, const kam_node *goal)
{
	const kam_node *g = mapping(goal);
	*out = (kam_goal_view){.node = g};
	if (!g)
		return;
	out->id = text(g, "id");
	out->text = text(g, "text");
	out->quarter_node = kam_node_get(g, "quarter");
	out->quarter = kam_node_string(out->quarter_node);
	out->status = text(g, "status");
	out->owner = text(g, "owner");
	out->measure = text(g, "measure");
	out->open = kam_goal_status_open(out->status);
}

void kam_action_view_read(kam_action_view *out, const kam_node *action)
{
	const kam_node *a = mapping(action);
	*out = (kam_action_view){.node = a};
	if (!a)
		return;
	out->id = text(a, "id");
	out->text = text(a, "text");
	out->owner_node = kam_node_get(a, "owner");
	out->owner = kam_node_string(out->owner_node);
	out->due_node = kam_node_get(a, "due");
	out->due = kam_node_string(out->due_node);
	out->status = text(a, "status");
	out->contact_node = kam_node_get(a, "contact");
	out->contact = kam_node_string(out->contact_node);
	out->opportunity = text(a, "opportunity");
	out->goal = text(a, "goal");
	out->open = kam_action_status_open(out->status);
}

void kam_meeting_view_read(kam_meeting_view *out, const kam_node *doc)
{
	const kam_node *d = mapping(doc);
	*out = (kam_meeting_view){.node = d};
	if (!d)
		return;
	out->is_meeting = kam_kind_is_meeting(text(d, "kind"));
	out->title = text(d, "title");
	out->date = text(d, "date");
	out->attendees = sequence(kam_node_get(d, "attendees"));
	out->actions = sequence(kam_node_get(d, "actions"));
}

void kam_touch_view_read(kam_touch_view *out, const kam_node *touch)
{
	const kam_node *t = mapping(touch);
	*out = (kam_touch_view){.node = t, .kind = KAM_TOUCH_UNKNOWN};
	if (!t)
		return;
	out->date = text(t, "date");
	out->note = text(t, "note");
	out->kind = kam_touch_kind_parse(text(t, "kind"));
	out->contacts = sequence(kam_node_get(t, "contacts"));
}

void kam_plan_each_touch(const kam_node *doc,
			 void (*each)(void *ctx, const char *id, const char *date, const char *kind),
			 void *ctx)
{
	kam_meeting_view m;
	kam_meeting_view_read(&m, doc);
	if (m.is_meeting && m.date) {
		for (size_t i = 0; m.attendees && i < m.attendees->count; i++)
			if (kam_node_string(m.attendees->items[i]))
				each(ctx, m.attendees->items[i]->text, m.date,
				     kam_touch_kind_name(KAM_TOUCH_MEETING));
		return;
	}
	const kam_node *touches = sequence(kam_node_get(mapping(doc), "touches"));
	for (size_t i = 0; touches && i < touches->count; i++) {
		kam_touch_view t;
		kam_touch_view_read(&t, touches->items[i]);
		const char *kind = kam_touch_kind_name(t.kind == KAM_TOUCH_UNKNOWN ? KAM_TOUCH_MEETING : t.kind);
		for (size_t j = 0; t.date && t.contacts && j < t.contacts->count; j++)
			if (kam_node_string(t.contacts->items[j]))
				each(ctx, t.contacts->items[j]->text, t.date, kind);
	}
}

/* Deciders already named for this deal: a buying unit is short, so a
 * linear look is enough. */
typedef struct named {
	const char *ids[64];
	size_t count;
} named;

static bool name_once(named *n, const char *id)
{
	for (size_t i = 0; i < n->count; i++)
		if (strcmp(n->ids[i], id) == 0)
			return false;
	if (n->count < sizeof(n->ids) / sizeof(n->ids[0])) /* past 64, repeats are possible */
		n->ids[n->count++] = id;
	return true;
}

void kam_opportunity_each_decider(const kam_opportunity_view *o,
				  void (*each)(void *ctx, const char *contact, kam_role role,
					       const kam_node *at),
				  void *ctx)
{
	named n = {.count = 0};
	if (o->decision_leader && name_once(&n, o->decision_leader))
		each(ctx, o->decision_leader, KAM_ROLE_KEY_DECISION_LEADER, o->decision_leader_node);
	for (size_t i = 0; o->buying_unit && i < o->buying_unit->count; i++) {
		kam_member_view m;
		kam_member_view_read(&m, o->buying_unit->items[i], NULL);
		if (m.contact && kam_role_decides(m.role) && name_once(&n, m.contact))
			each(ctx, m.contact, m.role, m.contact_node);
	}
}

const char *kam_action_open_word(void)
{
	return "open";
}

bool kam_phase_after_sale(const char *phase)
{
	return phase && (strcmp(phase, "delivery") == 0 || strcmp(phase, "service") == 0);
}

const char *kam_phase_first(void)
{
	return "acquisition";
}

bool kam_type_is_prospect(const char *type)
{
	return type && strcmp(type, "prospect") == 0;
}

const char *kam_type_customer(void)
{
	return "customer";
}

bool kam_route_through_partner(const char *route)
{
	return route && strstr(route, "partner") != NULL;
}

const char *kam_goal_closed_words(void)
{
	return "achieved, missed or dropped";
}

void kam_contact_details_read(kam_contact_details *out, const kam_contact_view *contact)
{
	const kam_node *c = mapping(contact->node);
	*out = (kam_contact_details){.unit = text(c, "unit"), .reports_to = text(c, "reports_to"),
				     .email = text(c, "email"), .phone = text(c, "phone")};
}

void kam_revenue_view_read(kam_revenue_view *out, const kam_node *row)
{
	const kam_node *r = mapping(row);
	*out = (kam_revenue_view){.node = r};
	if (!r)
		return;
	out->quarter = text(r, "quarter");
	out->has_target = number_of(r, "target", &out->target);
	out->has_actual = number_of(r, "actual", &out->actual);
}

const char *kam_account_crm_id(const kam_account_view *account)
{
	const kam_node *id = kam_node_get(account->node, "x-crm-id");
	return id && (id->kind == KAM_NODE_STRING || id->kind == KAM_NODE_NUMBER) ? id->text : NULL;
}

bool kam_type_is_partner(const char *type)
{
	return type && strcmp(type, "partner") == 0;
}

kam_date kam_review_due(kam_date reviewed)
{
	return kam_date_add_months(reviewed, 3);
}

void kam_plan_views_read(kam_plan_views *out, const kam_node *plan)
{
	*out = (kam_plan_views){.opportunities = kam_node_seq_at(plan, "opportunities"),
				.contacts = kam_node_seq_at(plan, "contacts")};
	size_t deals = out->opportunities ? out->opportunities->count : 0;
	size_t people = out->contacts ? out->contacts->count : 0;
	out->deals = kam_xcalloc(deals + 1, sizeof(*out->deals));
	out->people = kam_xcalloc(people + 1, sizeof(*out->people));
	for (size_t i = 0; i < deals; i++)
		kam_opportunity_view_read(&out->deals[i], out->opportunities->items[i]);
	for (size_t i = 0; i < people; i++)
		kam_contact_view_read(&out->people[i], out->contacts->items[i]);
}

void kam_plan_views_release(kam_plan_views *views)
{
	free(views->deals);
	free(views->people);
	*views = (kam_plan_views){0};
}
