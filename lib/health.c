/* The account health score: each part a fraction of its maximum points,
 * read from the plan's frontmatter through the views of kam/plan.h. */
#define _DEFAULT_SOURCE
#include "kam/health.h"

#include <math.h>
#include <string.h>

#include "kam/plan.h"
#include "kam/rules.h"
#include "kam/util.h"
#include "banned.h"

static const struct {
	const char *name;
	int max;
} health_parts[KAM_HEALTH__COUNT] = {
	{"buying decision unit", 30},
	{"relationships", 20},
	{"actions", 20},
	{"review", 15},
	{"completeness", 15},
};

int kam_health_max(kam_health_part part)
{
	return health_parts[part].max;
}

const char *kam_health_name(kam_health_part part)
{
	return health_parts[part].name;
}

typedef struct plan_view {
	const kam_rules_context *ctx;
	const kam_node *plan;
	kam_text_table contacts; /* contact id -> its index in contacts */
} plan_view;

static const kam_node *list(const kam_node *map, const char *key)
{
	const kam_node *n = kam_node_get(map, key);
	return n && n->kind == KAM_NODE_SEQ ? n : NULL;
}

static size_t count_of(const kam_node *seq)
{
	return seq ? seq->count : 0;
}

static const char *text(const kam_node *map, const char *key)
{
	return kam_node_string(kam_node_get(map, key));
}

static bool number(const kam_node *map, const char *key, double *out)
{
	const kam_node *n = kam_node_get(map, key);
	if (!n || n->kind != KAM_NODE_NUMBER)
		return false;
	*out = n->number;
	return true;
}

static const kam_node *contact(const plan_view *p, const char *id)
{
	size_t at;
	return id && kam_text_table_get(&p->contacts, id, strlen(id), &at)
		       ? list(p->plan, "contacts")->items[at]
		       : NULL;
}

static bool owned_contact(const plan_view *p, const char *id)
{
	kam_contact_view c;
	kam_contact_view_read(&c, contact(p, id));
	return c.owner != NULL;
}

/* Known and owned: the key decision leader and sponsor of each open
 * must-win (or each open opportunity when none is a must-win), and an
 * approver of the account. */
static double coverage(const plan_view *p)
{
	const kam_node *opps = list(p->plan, "opportunities");
	size_t must_wins = 0;
	for (size_t i = 0; i < count_of(opps); i++) {
		kam_opportunity_view o;
		kam_opportunity_view_read(&o, opps->items[i]);
		must_wins += o.must_win && o.open;
	}
	const kam_node *contacts = list(p->plan, "contacts");
	bool approver = false;
	for (size_t i = 0; i < count_of(contacts) && !approver; i++) {
		kam_contact_view c;
		kam_contact_view_read(&c, contacts->items[i]);
		approver = kam_contact_has_role(&c, KAM_ROLE_APPROVER) && c.owner;
	}
	size_t wanted = 0, known = 0;
	for (size_t i = 0; i < count_of(opps); i++) {
		kam_opportunity_view o;
		kam_opportunity_view_read(&o, opps->items[i]);
		if (!o.open || (must_wins && !o.must_win))
			continue;
		wanted += 3;
		known +=
		    owned_contact(p, o.decision_leader) + owned_contact(p, o.sponsor) + approver;
	}
	return wanted ? (double)known / (double)wanted : 1.0;
}

/* Whether a relationship target's quarter has passed with the level short
 * of it. */
static bool target_missed(const kam_rules_context *ctx, const kam_node *rel, double *level,
			  double *target)
{
	kam_quarter by;
	return rel && number(rel, "level", level) && number(rel, "target", target) &&
	       *level < *target && kam_quarter_parse(text(rel, "by"), &by) &&
	       kam_quarter_compare(by, ctx->quarter) < 0;
}

static double relationships_on_track(const plan_view *p)
{
	const kam_node *contacts = list(p->plan, "contacts");
	size_t with_target = 0, on_track = 0;
	for (size_t i = 0; i < count_of(contacts); i++) {
		const kam_node *rel = kam_node_get(contacts->items[i], "relationship");
		double level, target;
		if (!rel || !number(rel, "target", &target))
			continue;
		with_target++;
		on_track += !target_missed(p->ctx, rel, &level, &target);
	}
	return with_target ? (double)on_track / (double)with_target : 1.0;
}

static double actions_on_time(const plan_view *p)
{
	const kam_node *actions = list(p->plan, "actions");
	size_t open = 0, on_time = 0;
	for (size_t i = 0; i < count_of(actions); i++) {
		kam_action_view a;
		kam_action_view_read(&a, actions->items[i]);
		if (!a.open)
			continue;
		open++;
		kam_date due;
		on_time += !kam_date_parse(a.due, &due) || kam_date_compare(due, p->ctx->today) >= 0;
	}
	return open ? (double)on_time / (double)open : 1.0;
}

/* Full points when reviewed this quarter, half while the review is not yet
 * overdue, none after. */
static double review_freshness(const plan_view *p)
{
	kam_date reviewed;
	if (!kam_date_parse(text(p->plan, "reviewed"), &reviewed))
		return 0;
	int fs = p->ctx->config->fiscal_year_start;
	if (kam_quarter_compare(kam_quarter_of(reviewed, fs), p->ctx->quarter) == 0)
		return 1.0;
	return kam_date_compare(kam_date_add_months(reviewed, 3), p->ctx->today) >= 0 ? 0.5 : 0;
}

static bool present(const plan_view *p, const char *key)
{
	const kam_node *n = kam_node_get(p->plan, key);
	return n && (n->kind == KAM_NODE_MAP || (n->kind == KAM_NODE_SEQ && n->count > 0));
}

/* One fifth for each part of the plan. */
static double completeness(const plan_view *p)
{
	int parts = (present(p, "strategy") || present(p, "initiatives")) + present(p, "opportunities") +
		    present(p, "routes") + present(p, "contacts") +
		    (present(p, "goals") || present(p, "risks") || present(p, "actions") ||
		     present(p, "revenue"));
	return parts / 5.0;
}

void kam_health_compute(kam_health *h, const kam_rules_context *ctx, const kam_node *plan)
{
	plan_view p = {ctx, plan, {0}};
	kam_node_index_items(&p.contacts, list(plan, "contacts"), "id");
	double fraction[KAM_HEALTH__COUNT] = {coverage(&p), relationships_on_track(&p),
					      actions_on_time(&p), review_freshness(&p),
					      completeness(&p)};
	h->score = 0;
	h->weakest = KAM_HEALTH_COVERAGE;
	for (int i = 0; i < KAM_HEALTH__COUNT; i++) {
		h->points[i] = (int)lround(fraction[i] * health_parts[i].max);
		h->score += h->points[i];
		if (fraction[i] < fraction[h->weakest])
			h->weakest = (kam_health_part)i;
	}
	kam_text_table_release(&p.contacts);
}
