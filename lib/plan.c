/* The plan's vocabulary: the only file that spells its words (see kam/plan.h). */
#include "kam/plan.h"

#include <stddef.h>
#include <string.h>

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
/* clang-format on */

/* The index of text in table (count rows), or count when it is none. */
static int lookup(const kam_plan_word *table, int count, const char *text)
{
	for (int i = 0; text && i < count; i++)
		if (strcmp(text, table[i].name) == 0)
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

void kam_contact_view_read(kam_contact_view *out, const kam_node *contact)
{
	const kam_node *c = mapping(contact);
	*out = (kam_contact_view){.node = c, .attitude = KAM_ATTITUDE_UNKNOWN};
	if (!c)
		return;
	out->id = text(c, "id");
	out->name = text(c, "name");
	out->title = text(c, "title");
	out->owner = text(c, "owner");
	out->attitude_node = kam_node_get(c, "attitude");
	out->attitude = kam_attitude_parse(kam_node_string(out->attitude_node));
	const kam_node *roles = kam_node_get(c, "roles");
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

void kam_opportunity_view_read(kam_opportunity_view *out, const kam_node *opportunity)
{
	const kam_node *o = mapping(opportunity);
	*out = (kam_opportunity_view){.node = o, .stage = KAM_STAGE_UNKNOWN, .open = true};
	if (!o)
		return;
	out->id = text(o, "id");
	out->title = text(o, "title");
	out->close = text(o, "close");
	out->decision_leader_node = kam_node_get(o, "decision_leader");
	out->decision_leader = kam_node_string(out->decision_leader_node);
	out->sponsor = text(o, "sponsor");
	out->stage_text = text(o, "stage");
	out->stage = kam_stage_parse(out->stage_text);
	out->open = !kam_stage_closed(out->stage);
	const kam_node *must_win = kam_node_get(o, "must_win");
	out->must_win = must_win && must_win->kind == KAM_NODE_BOOL && must_win->boolean;
	const kam_node *value = kam_node_get(o, "value");
	out->has_value = value && value->kind == KAM_NODE_NUMBER;
	out->value = out->has_value ? value->number : 0;
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
}
