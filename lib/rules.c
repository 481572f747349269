/* Plan rules and the account health score.
 *
 * A rule is a function over a plan_view (the plan's frontmatter with the
 * context) and one row of plan_rules[]; its id, default severity and reason
 * are a row of KAM_FOREACH_RULE. Rules skip values the schema already
 * rejects (a wrong type, a missing key), so each problem is reported once. */
#define _DEFAULT_SOURCE
#include "kam/rules.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kam/contracts.h"
#include "kam/forecast.h"
#include "kam/partners.h"
#include "kam/plan.h"
#include "kam/pool.h"
#include "kam/util.h"
#include "contracts_rule.h"
#include "commerce.h"
#include "banned.h"

/* Ids the rules look up, indexed once per plan: a plan with thousands of
 * contacts and opportunities is checked in linear time. */
typedef struct plan_ids {
	kam_text_table contacts;         /* contact id -> its index in contacts */
	kam_text_table decision_leaders; /* ids named as an opportunity's decision_leader */
	kam_text_table action_contacts;  /* ids named as an open action's contact */
	kam_text_table unit_deciders;    /* ids of buying-unit members whose role decides */
} plan_ids;

typedef struct plan_view {
	const kam_rules_context *ctx;
	const kam_node *plan;
	const char *file;
	const char *id;
	kam_diag_list *diags;
	plan_ids *ids;
	const kam_plan_views *views; /* the plan's deals and contacts, read once */
	kam_plan_summary *summary; /* the plan's, or NULL: findings that other
				      documents may lift wait there */
} plan_view;

/* ------------------------------------------------------------------ */
/* reading the plan                                                    */

static size_t count_of(const kam_node *seq)
{
	return seq ? seq->count : 0;
}

static bool is(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

static bool number(const kam_node *map, const char *key, double *out)
{
	const kam_node *n = kam_node_get(map, key);
	if (!n || n->kind != KAM_NODE_NUMBER)
		return false;
	*out = n->number;
	return true;
}

static bool action_open(const kam_node *action)
{
	const char *status = kam_node_text_at(action, "status");
	return !status || is(status, "open");
}

static void plan_ids_init(plan_ids *ids, const kam_node *plan)
{
	memset(ids, 0, sizeof(*ids));
	kam_node_index_items(&ids->contacts, kam_node_seq_at(plan, "contacts"), "id");
	kam_node_index_items(&ids->decision_leaders, kam_node_seq_at(plan, "opportunities"),
			     "decision_leader");
	const kam_node *actions = kam_node_seq_at(plan, "actions");
	for (size_t i = 0; i < count_of(actions); i++) {
		const kam_node *v = kam_node_get(actions->items[i], "contact");
		if (v && v->kind == KAM_NODE_STRING && action_open(actions->items[i]))
			kam_text_table_put(&ids->action_contacts, v->text, v->len, i);
	}
	const kam_node *opps = kam_node_seq_at(plan, "opportunities");
	for (size_t i = 0; i < count_of(opps); i++) {
		const kam_node *unit = kam_node_seq_at(opps->items[i], "buying_unit");
		for (size_t j = 0; j < count_of(unit); j++) {
			kam_member_view m;
			kam_member_view_read(&m, unit->items[j], NULL);
			if (m.contact && kam_role_decides(m.role))
				kam_text_table_put(&ids->unit_deciders, m.contact, strlen(m.contact), i);
		}
	}
}

static void plan_ids_release(plan_ids *ids)
{
	kam_text_table_release(&ids->contacts);
	kam_text_table_release(&ids->decision_leaders);
	kam_text_table_release(&ids->action_contacts);
	kam_text_table_release(&ids->unit_deciders);
}

static bool id_in(const kam_text_table *t, const char *id, size_t *at)
{
	return id && kam_text_table_get(t, id, strlen(id), at);
}

/* The view of contact id, read once per plan; a default view when absent. */
static void contact_view(const plan_view *p, const char *id, kam_contact_view *out)
{
	size_t at;
	if (id_in(&p->ids->contacts, id, &at))
		*out = p->views->people[at];
	else
		kam_contact_view_read(out, NULL);
}

static bool has_open_action_with(const plan_view *p, const char *contact_id)
{
	return id_in(&p->ids->action_contacts, contact_id, NULL);
}

/* A deal's decision leader, or a member of a buying unit whose role decides. */
static bool is_decision_leader(const plan_view *p, const char *contact_id)
{
	return id_in(&p->ids->decision_leaders, contact_id, NULL) ||
	       id_in(&p->ids->unit_deciders, contact_id, NULL);
}

/* Whether contact c decides: a deal's decision leader, a deciding member
 * of a buying unit, or a deciding role. */
static bool decides_here(const plan_view *p, const kam_contact_view *c)
{
	return is_decision_leader(p, c->id) || kam_contact_decides(c);
}

/* An id for a message: the schema reports a missing one. */
static const char *shown(const char *id)
{
	return id ? id : "?";
}

/* The first member of o's buying unit naming contact_id (in role, unless
 * role is KAM_ROLE_UNKNOWN), or NULL. */
static const kam_node *member_of(const kam_opportunity_view *o, const char *contact_id, kam_role role)
{
	for (size_t i = 0; contact_id && i < count_of(o->buying_unit); i++) {
		kam_member_view m;
		kam_member_view_read(&m, o->buying_unit->items[i], NULL);
		if (is(m.contact, contact_id) && (role == KAM_ROLE_UNKNOWN || m.role == role))
			return o->buying_unit->items[i];
	}
	return NULL;
}

/* The first member of o's buying unit in role, or NULL. */
static const kam_node *member_in_role(const kam_opportunity_view *o, kam_role role)
{
	for (size_t i = 0; i < count_of(o->buying_unit); i++) {
		kam_member_view m;
		kam_member_view_read(&m, o->buying_unit->items[i], NULL);
		if (m.contact && m.role == role)
			return o->buying_unit->items[i];
	}
	return NULL;
}

static long rule_option(const kam_config *c, kam_rule rule, const char *name, long fallback)
{
	const kam_node *n = kam_node_get(c->rule_options[rule], name);
	return n && kam_node_is_integer(n) ? (long)n->number : fallback;
}

static kam_diag *problem(const plan_view *p, kam_rule rule, const kam_node *at, const char *fmt,
			 ...) __attribute__((format(printf, 4, 5)));

static kam_diag *problem(const plan_view *p, kam_rule rule, const kam_node *at, const char *fmt, ...)
{
	kam_buf msg = KAM_BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	kam_buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	kam_diag *d = kam_diag_push(p->diags, rule, p->file, at->line, at->column, "%s", msg.ptr);
	kam_buf_release(&msg);
	return d;
}

/* ------------------------------------------------------------------ */
/* the rules                                                           */

static void review_overdue(const plan_view *p)
{
	const kam_node *reviewed = kam_node_get(p->plan, "reviewed");
	kam_date date;
	if (!reviewed || !kam_date_parse(kam_node_string(reviewed), &date))
		return;
	kam_date due = kam_review_due(date);
	if (kam_date_compare(due, p->ctx->today) >= 0)
		return;
	char due_text[11];
	kam_date_format(due, due_text);
	kam_diag *d = problem(p, KAM_RULE_REVIEW_OVERDUE, reviewed,
			      "plan last reviewed %s, more than one quarter ago (review by %s)",
			      reviewed->text, due_text);
	kam_diag_set_hint(d, "review the plan with the account team, then set reviewed: to that day");
}

static void reviewed_future(const plan_view *p)
{
	const kam_node *reviewed = kam_node_get(p->plan, "reviewed");
	kam_date date;
	if (!reviewed || !kam_date_parse(kam_node_string(reviewed), &date) ||
	    kam_date_compare(date, p->ctx->today) <= 0)
		return;
	char today[11];
	kam_date_format(p->ctx->today, today);
	kam_diag *d = problem(p, KAM_RULE_REVIEWED_FUTURE, reviewed,
			      "plan reviewed %s, after today (%s)", reviewed->text, today);
	kam_diag_set_hint(d, "set reviewed: to the day the review took place, such as today, %s",
			  today);
}

static bool in_team(const kam_config *c, const char *id)
{
	for (size_t i = 0; i < c->team_count; i++)
		if (is(c->team[i].id, id))
			return true;
	return false;
}

static void single_owner(const plan_view *p)
{
	const kam_node *owner = kam_node_get(p->plan, "owner");
	if (!owner || owner->kind == KAM_NODE_NULL) {
		kam_diag *d = problem(p, KAM_RULE_SINGLE_OWNER, p->plan, "the account has no owner");
		kam_diag_set_hint(d, "add owner: with the team id of its one account manager");
		kam_diag_set_path(d, "owner");
	} else if (owner->kind == KAM_NODE_STRING && !in_team(p->ctx->config, owner->text) &&
		   !p->ctx->config->team_unread) { /* kam.yaml's finding says why */
		const kam_config *c = p->ctx->config;
		const char **ids = kam_xcalloc(c->team_count + 1, sizeof(char *));
		for (size_t i = 0; i < c->team_count; i++)
			ids[i] = c->team[i].id;
		const char *guess = kam_closest(owner->text, ids, c->team_count);
		kam_diag *d = problem(p, KAM_RULE_SINGLE_OWNER, owner,
				      "owner '%s' is not in kam.yaml's team: the account has no single "
				      "window%s%s%s",
				      owner->text, guess ? "; did you mean '" : "", guess ? guess : "",
				      guess ? "'?" : "");
		kam_diag_set_hint(d, "add the account manager to team: in kam.yaml, or fix the id");
		free(ids);
	}
}

static void routes_sum(const plan_view *p)
{
	const kam_node *routes = kam_node_seq_at(p->plan, "routes");
	if (!count_of(routes))
		return;
	double sum = 0, share;
	for (size_t i = 0; i < routes->count; i++)
		if (!number(routes->items[i], "share", &share))
			return; /* the schema reports a share that is no number */
	kam_buf parts = KAM_BUF_INIT;
	for (size_t i = 0; i < routes->count; i++)
		if (number(routes->items[i], "share", &share)) {
			sum += share;
			kam_buf_printf(&parts, "%s%s %g", parts.len ? " + " : "",
				       kam_node_text_at(routes->items[i], "route")
					   ? kam_node_text_at(routes->items[i], "route")
					   : "?",
				       share);
		}
	if (fabs(sum - 100) > 1e-9) {
		kam_diag *d = problem(p, KAM_RULE_ROUTES_SUM, routes,
				      "route shares add up to %g, not 100", sum);
		kam_diag_set_hint(d, "the shares are percentages of one whole: %s", parts.ptr);
	}
	kam_buf_release(&parts);
}

/* The share of a route in routes, or -1 when the plan has no such route
 * (an unknown route is ref-unresolved, with its closest match). */
static double route_share(const plan_view *p, const char *route)
{
	const kam_node *routes = kam_node_seq_at(p->plan, "routes");
	double share;
	for (size_t i = 0; i < count_of(routes); i++)
		if (is(kam_node_text_at(routes->items[i], "route"), route))
			return number(routes->items[i], "share", &share) ? share : 0;
	return -1;
}

static void route_unplanned(const plan_view *p)
{
	const kam_node *opps = kam_node_seq_at(p->plan, "opportunities");
	for (size_t i = 0; i < count_of(opps); i++) {
		const kam_node *route = kam_node_get(opps->items[i], "route");
		if (!kam_node_string(route) || route_share(p, route->text) != 0)
			continue;
		kam_diag *d = problem(
		    p, KAM_RULE_ROUTE_UNPLANNED, route,
		    "opportunity '%s' goes through route '%s', which has a share of 0 in routes",
		    kam_node_text_at(opps->items[i], "id"), route->text);
		kam_diag_set_hint(d, "plan a share for %s in routes, or change the route", route->text);
	}
}

/* The key decision leader of a deal: its decision_leader, else the first
 * key-decision-leader of its buying unit; NULL when neither is named. */
static const kam_node *leader_of(const kam_opportunity_view *o)
{
	if (o->decision_leader_node)
		return o->decision_leader_node;
	kam_member_view m;
	kam_member_view_read(&m, member_in_role(o, KAM_ROLE_KEY_DECISION_LEADER), NULL);
	return kam_node_string(m.contact_node) ? m.contact_node : NULL;
}

static void must_win_coverage(const plan_view *p)
{
	const kam_node *opps = kam_node_seq_at(p->plan, "opportunities");
	for (size_t i = 0; i < count_of(opps); i++) {
		kam_opportunity_view o = p->views->deals[i];
		if (!o.must_win || !o.open)
			continue;
		const kam_node *leader = leader_of(&o);
		kam_contact_view c;
		contact_view(p, kam_node_string(leader), &c);
		if (!leader) {
			/* a buying unit without one is buying-unit-gap's finding */
			if (o.buying_unit && p->ctx->config->severity[KAM_RULE_BUYING_UNIT_GAP] != KAM_SEV_OFF)
				continue;
			kam_diag *d = problem(p, KAM_RULE_MUST_WIN_COVERAGE, opps->items[i],
					      "must-win '%s' has no key decision leader", shown(o.id));
			kam_diag_set_hint(d, "name the contact who decides: decision_leader: <contact id>");
		} else if (c.node && !c.owner && c.status != KAM_CONTACT_LEFT) {
			kam_diag *d = problem(
			    p, KAM_RULE_MUST_WIN_COVERAGE, leader,
			    "must-win '%s': nobody on our side owns its decision leader '%s'", shown(o.id),
			    leader->text);
			kam_diag_set_hint(d, "give contact %s an owner: from the account team",
					  leader->text);
		}
	}
}

/* With a buying unit, the decision leader must be in it as key decision
 * leader (account-wide roles do not count); without one, the contact must
 * carry the role account-wide. */
static void decision_leader_role(const plan_view *p)
{
	const char *kdl = kam_role_name(KAM_ROLE_KEY_DECISION_LEADER);
	const kam_node *opps = kam_node_seq_at(p->plan, "opportunities");
	for (size_t i = 0; i < count_of(opps); i++) {
		kam_opportunity_view o = p->views->deals[i];
		kam_contact_view c;
		contact_view(p, o.decision_leader, &c);
		if (!c.node || c.status == KAM_CONTACT_LEFT) /* contact-left's finding */
			continue;
		if (!o.buying_unit) {
			if (kam_contact_has_role(&c, KAM_ROLE_KEY_DECISION_LEADER))
				continue;
			kam_diag *d = problem(p, KAM_RULE_DECISION_LEADER_ROLE, o.decision_leader_node,
					      "decision leader '%s' of '%s' lacks the %s role",
					      o.decision_leader, shown(o.id), kdl);
			kam_diag_set_hint(d, "add %s to the roles of %s, or name the one who decides",
					  kdl, o.decision_leader);
			continue;
		}
		if (member_of(&o, o.decision_leader, KAM_ROLE_KEY_DECISION_LEADER))
			continue;
		kam_member_view m;
		kam_member_view_read(&m, member_of(&o, o.decision_leader, KAM_ROLE_UNKNOWN), NULL);
		kam_diag *d;
		if (m.node && m.role != KAM_ROLE_UNKNOWN)
			d = problem(p, KAM_RULE_DECISION_LEADER_ROLE, o.decision_leader_node,
				    "decision leader '%s' of '%s' is in its buying unit as %s, not %s",
				    o.decision_leader, shown(o.id), kam_role_name(m.role), kdl);
		else
			d = problem(p, KAM_RULE_DECISION_LEADER_ROLE, o.decision_leader_node,
				    "decision leader '%s' of '%s' is not in its buying unit",
				    o.decision_leader, shown(o.id));
		kam_diag_set_hint(d, "add {contact: %s, role: %s} to the buying unit of %s, or name the one who decides",
				  o.decision_leader, kdl, shown(o.id));
	}
}

/* Whether opponent-unmanaged reports contact c: a skeptic or opponent who
 * decides (a decision leader, a deciding member of a buying unit or a
 * deciding role), or an opponent of high influence, with no owner and no
 * open action. */
static bool unmanaged_opponent(const plan_view *p, const kam_contact_view *c, bool *decides)
{
	if (!kam_attitude_unfavourable(c->attitude) || c->status == KAM_CONTACT_LEFT || c->owner ||
	    has_open_action_with(p, c->id))
		return false;
	*decides = decides_here(p, c);
	return *decides ||
	       (c->attitude == KAM_ATTITUDE_OPPONENT && c->influence == KAM_INFLUENCE_HIGH);
}

static void opponent_unmanaged(const plan_view *p)
{
	const kam_node *contacts = kam_node_seq_at(p->plan, "contacts");
	for (size_t i = 0; i < count_of(contacts); i++) {
		kam_contact_view c = p->views->people[i];
		bool decides;
		if (!unmanaged_opponent(p, &c, &decides))
			continue;
		const char *an = c.attitude == KAM_ATTITUDE_OPPONENT ? "n" : "";
		kam_diag *d;
		if (decides)
			d = problem(p, KAM_RULE_OPPONENT_UNMANAGED, c.attitude_node,
				    "'%s' is a%s %s who decides, and nobody manages the relationship",
				    shown(c.id), an, kam_attitude_name(c.attitude));
		else
			d = problem(p, KAM_RULE_OPPONENT_UNMANAGED, c.attitude_node,
				    "'%s' is a%s %s of %s influence, and nobody manages the relationship",
				    shown(c.id), an, kam_attitude_name(c.attitude),
				    kam_influence_name(c.influence));
		kam_diag_set_hint(d, "give %s an owner, or plan an open action with contact: %s",
				  shown(c.id), shown(c.id));
	}
}

/* Whether a relationship target's quarter has passed with the level short
 * of it. */
static bool target_missed(const kam_rules_context *ctx, const kam_node *rel, double *level,
			  double *target)
{
	kam_quarter by;
	return rel && number(rel, "level", level) && number(rel, "target", target) &&
	       *level < *target && kam_quarter_parse(kam_node_text_at(rel, "by"), &by) &&
	       kam_quarter_compare(by, ctx->quarter) < 0;
}

static void relationship_target(const plan_view *p)
{
	const kam_node *contacts = kam_node_seq_at(p->plan, "contacts");
	for (size_t i = 0; i < count_of(contacts); i++) {
		const kam_node *rel = kam_node_get(contacts->items[i], "relationship");
		double level, target;
		if (!target_missed(p->ctx, rel, &level, &target))
			continue;
		kam_diag *d =
		    problem(p, KAM_RULE_RELATIONSHIP_TARGET, rel,
			    "relationship with '%s' is at level %g, short of its target %g for %s",
			    kam_node_text_at(contacts->items[i], "id"), level, target,
			    kam_node_text_at(rel, "by"));
		kam_diag_set_hint(d, "plan how to reach it and set a new by: quarter, or lower the target");
	}
}

static void overdue_actions(const plan_view *p)
{
	const kam_node *actions = kam_node_seq_at(p->plan, "actions");
	for (size_t i = 0; i < count_of(actions); i++) {
		const kam_node *due = kam_node_get(actions->items[i], "due");
		kam_date date;
		if (!action_open(actions->items[i]) || !kam_date_parse(kam_node_string(due), &date) ||
		    kam_date_compare(date, p->ctx->today) >= 0)
			continue;
		kam_diag *d = problem(p, KAM_RULE_ACTION_OVERDUE, due,
				      "action '%s' was due %s and is still open",
				      kam_node_text_at(actions->items[i], "id"), due->text);
		kam_diag_set_hint(d, "mark it done or dropped, or set a new due date");
	}
}

static void stale_close(const plan_view *p)
{
	const kam_node *opps = kam_node_seq_at(p->plan, "opportunities");
	for (size_t i = 0; i < count_of(opps); i++) {
		const kam_node *close = kam_node_get(opps->items[i], "close");
		kam_quarter q;
		if (!p->views->deals[i].open || !kam_quarter_parse(kam_node_string(close), &q) ||
		    kam_quarter_compare(q, p->ctx->quarter) >= 0)
			continue;
		kam_diag *d =
		    problem(p, KAM_RULE_STALE_CLOSE, close,
			    "opportunity '%s' was to close in %s and is still at stage %s",
			    kam_node_text_at(opps->items[i], "id"), close->text,
			    kam_node_text_at(opps->items[i], "stage")
				? kam_node_text_at(opps->items[i], "stage")
				: "?");
		kam_diag_set_hint(
		    d, "move close: to the quarter it will close in, or mark it %s or %s",
		    kam_stage_name(KAM_STAGE_WON), kam_stage_name(KAM_STAGE_LOST));
	}
}

static void won_lost_probability(const plan_view *p)
{
	const kam_node *opps = kam_node_seq_at(p->plan, "opportunities");
	for (size_t i = 0; i < count_of(opps); i++) {
		const kam_node *o = opps->items[i];
		const kam_node *probability = kam_node_get(o, "probability");
		const char *stage = kam_node_text_at(o, "stage");
		if (!probability || probability->kind != KAM_NODE_NUMBER)
			continue;
		kam_stage st = kam_stage_parse(stage);
		double want = st == KAM_STAGE_WON ? 100 : st == KAM_STAGE_LOST ? 0 : -1;
		if (want < 0 || probability->number == want)
			continue;
		kam_diag *d = problem(p, KAM_RULE_WON_LOST_PROBABILITY, probability,
				      "%s opportunity '%s' has probability %s; %s means %g", stage,
				      kam_node_text_at(o, "id"), probability->text, stage, want);
		kam_diag_set_hint(d, "set probability: %g", want);
	}
}

static void revenue_duplicate(const plan_view *p)
{
	const kam_node *rows = kam_node_seq_at(p->plan, "revenue");
	kam_text_table quarters = {0};
	for (size_t i = 0; i < count_of(rows); i++) {
		const kam_node *q = kam_node_get(rows->items[i], "quarter");
		size_t first;
		if (!kam_node_string(q) || kam_text_table_put(&quarters, q->text, q->len, i))
			continue;
		kam_text_table_get(&quarters, q->text, q->len, &first);
		kam_diag *d = problem(p, KAM_RULE_REVENUE_DUPLICATE, q,
				      "revenue for %s is given twice (first on line %u)", q->text,
				      kam_node_get(rows->items[first], "quarter")->line);
		kam_diag_set_hint(d, "keep one row per quarter, with both target and actual");
	}
	kam_text_table_release(&quarters);
}

/* The contact each contact reports to (its index in contacts), or -1. */
static int *reports_to_of(const plan_view *p, const kam_node *contacts)
{
	int *boss = kam_xcalloc(contacts->count, sizeof(int));
	for (size_t i = 0; i < contacts->count; i++) {
		size_t at;
		boss[i] = id_in(&p->ids->contacts,
				kam_node_text_at(contacts->items[i], "reports_to"), &at)
			      ? (int)at
			      : -1;
	}
	return boss;
}

/* One finding for the cycle through contact first (its first contact in
 * the file), at the reports_to that closes it. */
static void report_cycle(const plan_view *p, const kam_node *contacts, const int *boss, int first)
{
	kam_buf names = KAM_BUF_INIT;
	int last = first, members = 0;
	for (int j = first;; j = boss[j]) {
		if (++members <= 12)
			kam_buf_printf(&names, "%s -> ",
				       kam_node_text_at(contacts->items[j], "id"));
		last = j;
		if (boss[j] == first)
			break;
	}
	if (members > 12)
		kam_buf_printf(&names, "... (%d contacts) -> ", members);
	kam_buf_puts(&names, kam_node_text_at(contacts->items[first], "id"));
	const kam_node *at = kam_node_get(contacts->items[last], "reports_to");
	const char *id = kam_node_text_at(contacts->items[last], "id");
	kam_diag *d;
	if (members == 1) {
		d = problem(p, KAM_RULE_REPORTS_TO_CYCLE, at, "'%s' reports to itself", id);
		kam_diag_set_hint(d, "name the person %s reports to, or remove reports_to", id);
	} else {
		d = problem(p, KAM_RULE_REPORTS_TO_CYCLE, at, "reports_to goes round in a cycle: %s",
			    names.ptr);
		kam_diag_set_hint(d, "the top of this chain reports to no one in it: fix the "
				     "reports_to of %s, or remove it",
				  id);
	}
	kam_buf_release(&names);
}

/* Each contact has at most one boss, so following reports_to from each
 * contact in file order finds every cycle, in linear time. */
static void reports_to_cycle(const plan_view *p)
{
	const kam_node *contacts = kam_node_seq_at(p->plan, "contacts");
	if (!count_of(contacts))
		return;
	size_t n = contacts->count;
	int *boss = reports_to_of(p, contacts);
	unsigned char *state = kam_xcalloc(n, 1); /* 0 unseen, 1 on this walk, 2 done */
	for (size_t start = 0; start < n; start++) {
		int j = (int)start;
		while (j >= 0 && state[j] == 0) {
			state[j] = 1;
			j = boss[j];
		}
		if (j >= 0 && state[j] == 1) { /* back on this walk: j is on a cycle */
			int first = j;
			for (int k = boss[j]; k != j; k = boss[k])
				if (k < first)
					first = k;
			report_cycle(p, contacts, boss, first);
		}
		for (j = (int)start; j >= 0 && state[j] == 1; j = boss[j])
			state[j] = 2;
	}
	free(state);
	free(boss);
}

/* ------------------------------------------------------------------ */
/* red flags of the buying decision (plan model v2)                    */

static bool contact_with_role(const plan_view *p, kam_role role)
{
	const kam_node *contacts = kam_node_seq_at(p->plan, "contacts");
	for (size_t i = 0; i < count_of(contacts); i++) {
		kam_contact_view c = p->views->people[i];
		if (kam_contact_has_role(&c, role))
			return true;
	}
	return false;
}

/* Nobody sells for us inside the client: no sponsor in the buying unit,
 * no sponsor: field, and (without a buying unit) no account-wide sponsor. */
static void no_sponsor(const plan_view *p)
{
	const char *sponsor = kam_role_name(KAM_ROLE_SPONSOR);
	bool account_wide = contact_with_role(p, KAM_ROLE_SPONSOR);
	const kam_node *opps = kam_node_seq_at(p->plan, "opportunities");
	for (size_t i = 0; i < count_of(opps); i++) {
		kam_opportunity_view o = p->views->deals[i];
		if (!o.must_win || !o.open || o.sponsor ||
		    (o.buying_unit ? member_in_role(&o, KAM_ROLE_SPONSOR) != NULL : account_wide))
			continue;
		kam_diag *d = problem(p, KAM_RULE_NO_SPONSOR, o.buying_unit ? o.buying_unit : o.node,
				      "must-win '%s' has nobody in the %s role", shown(o.id), sponsor);
		if (o.buying_unit)
			kam_diag_set_hint(d, "add {contact: <id>, role: %s} to the buying unit of %s: the "
					     "one who sells for us inside the client",
					  sponsor, shown(o.id));
		else
			kam_diag_set_hint(d, "name the one who sells for us inside the client: sponsor: "
					     "<contact id>, or a buying_unit member with role %s",
					  sponsor);
	}
}

/* A must-win's buying unit names the one who decides (a key decision
 * leader; a decision_leader outside the unit is decision-leader-role's
 * finding) and the one who signs (an approver). */
static void buying_unit_gap(const plan_view *p)
{
	const char *kdl = kam_role_name(KAM_ROLE_KEY_DECISION_LEADER);
	const char *approver = kam_role_name(KAM_ROLE_APPROVER);
	const kam_node *opps = kam_node_seq_at(p->plan, "opportunities");
	for (size_t i = 0; i < count_of(opps); i++) {
		kam_opportunity_view o = p->views->deals[i];
		if (!o.must_win || !o.open || !o.buying_unit)
			continue;
		bool leader = o.decision_leader || member_in_role(&o, KAM_ROLE_KEY_DECISION_LEADER);
		bool signs = member_in_role(&o, KAM_ROLE_APPROVER) != NULL;
		if (leader && signs)
			continue;
		kam_diag *d;
		if (!leader && !signs) {
			d = problem(p, KAM_RULE_BUYING_UNIT_GAP, o.buying_unit,
				    "must-win '%s' has no %s and no %s in its buying unit", shown(o.id),
				    kam_roles[KAM_ROLE_KEY_DECISION_LEADER].label,
				    kam_roles[KAM_ROLE_APPROVER].label);
			kam_diag_set_hint(d, "add the one who decides and the one who signs: {contact: "
					     "<id>, role: %s} and {contact: <id>, role: %s}",
					  kdl, approver);
		} else if (!leader) {
			d = problem(p, KAM_RULE_BUYING_UNIT_GAP, o.buying_unit,
				    "must-win '%s' has no %s in its buying unit", shown(o.id),
				    kam_roles[KAM_ROLE_KEY_DECISION_LEADER].label);
			kam_diag_set_hint(d, "add the one who decides: {contact: <id>, role: %s}", kdl);
		} else {
			d = problem(p, KAM_RULE_BUYING_UNIT_GAP, o.buying_unit,
				    "must-win '%s' has no %s in its buying unit", shown(o.id),
				    kam_roles[KAM_ROLE_APPROVER].label);
			kam_diag_set_hint(d, "add the one who signs: {contact: <id>, role: %s}",
					  approver);
		}
	}
}

/* One decider of an open must-win, with this deal's attitude and
 * influence (the member's, else the contact's). */
typedef struct decider_walk decider_walk;
struct decider_walk {
	const plan_view *p;
	const kam_opportunity_view *o;
	void (*check)(const decider_walk *w, const kam_contact_view *c, const kam_member_view *m,
		      kam_role role, const kam_node *at);
};

static void visit_decider(void *ctx, const char *id, kam_role role, const kam_node *at)
{
	const decider_walk *w = ctx;
	kam_contact_view c;
	contact_view(w->p, id, &c);
	/* an unknown contact is ref-unresolved; one who left, contact-left */
	if (!c.node || c.status == KAM_CONTACT_LEFT)
		return;
	const kam_node *member = member_of(w->o, id, role);
	kam_member_view m;
	kam_member_view_read(&m, member ? member : member_of(w->o, id, KAM_ROLE_UNKNOWN), &c);
	w->check(w, &c, &m, role, at ? at : w->o->node);
}

static void each_must_win_decider(const plan_view *p,
				  void (*check)(const decider_walk *w, const kam_contact_view *c,
						const kam_member_view *m, kam_role role,
						const kam_node *at))
{
	const kam_node *opps = kam_node_seq_at(p->plan, "opportunities");
	for (size_t i = 0; i < count_of(opps); i++) {
		kam_opportunity_view o = p->views->deals[i];
		if (!o.must_win || !o.open)
			continue;
		decider_walk w = {p, &o, check};
		kam_opportunity_each_decider(&o, visit_decider, &w);
	}
}

static void check_unfavourable(const decider_walk *w, const kam_contact_view *c,
			       const kam_member_view *m, kam_role role, const kam_node *at)
{
	bool decides;
	if (!kam_attitude_unfavourable(m->attitude) ||
	    kam_influence_order(m->influence) < kam_influence_order(KAM_INFLUENCE_MEDIUM) ||
	    has_open_action_with(w->p, c->id))
		return;
	/* nobody manages them at all: opponent-unmanaged's finding */
	if (w->p->ctx->config->severity[KAM_RULE_OPPONENT_UNMANAGED] != KAM_SEV_OFF &&
	    unmanaged_opponent(w->p, c, &decides))
		return;
	/* an open action with them in a meeting note also manages them: the
	 * finding waits in the summary for kam_rules_check_notes */
	plan_view wait = *w->p;
	kam_plan_summary *s = w->p->summary;
	if (s) {
		wait.diags = &s->pending;
		s->pending_contacts = kam_xrealloc(s->pending_contacts, (s->pending.count + 1) * sizeof(char *));
		s->pending_contacts[s->pending.count] = kam_xstrdup(c->id);
	}
	kam_diag *d = problem(&wait, KAM_RULE_DECIDER_UNFAVOURABLE, at,
			      "'%s', %s of must-win '%s', is a%s %s of %s influence, and no open "
			      "action is planned with them",
			      c->id, kam_roles[role].label, shown(w->o->id),
			      m->attitude == KAM_ATTITUDE_OPPONENT ? "n" : "",
			      kam_attitude_name(m->attitude), kam_influence_name(m->influence));
	kam_diag_set_hint(d, "plan an open action with contact: %s to win them over", c->id);
}

static void decider_unfavourable(const plan_view *p)
{
	each_must_win_decider(p, check_unfavourable);
}

static void check_attitude_known(const decider_walk *w, const kam_contact_view *c,
				 const kam_member_view *m, kam_role role, const kam_node *at)
{
	/* an attitude that is not a word is the schema's finding */
	if (m->attitude != KAM_ATTITUDE_UNKNOWN || c->attitude_node ||
	    kam_node_get(m->node, "attitude"))
		return;
	kam_diag *d = problem(w->p, KAM_RULE_ATTITUDE_UNKNOWN, at,
			      "the attitude of '%s', %s of must-win '%s', is not known", c->id,
			      kam_roles[role].label, shown(w->o->id));
	kam_diag_set_hint(d, "find out where %s stands, then set attitude: on the contact, or on "
			     "their buying-unit member of %s",
			  c->id, shown(w->o->id));
}

static void attitude_unknown(const plan_view *p)
{
	each_must_win_decider(p, check_attitude_known);
}

/* The hint of contact-left: their successor, when the plan names one. */
static void hint_successor(kam_diag *d, const kam_contact_view *c)
{
	if (c->successor)
		kam_diag_set_hint(d, "replace %s with their successor %s", c->id, c->successor);
	else
		kam_diag_set_hint(d, "replace %s with whoever took over, and name them as successor: "
				     "of %s",
				  c->id, c->id);
}

static void left_finding(const plan_view *p, const kam_contact_view *c, const kam_node *at,
			 const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* "'c.novak' left the client (2026-09-30) and is still <fmt...>". */
static void left_finding(const plan_view *p, const kam_contact_view *c, const kam_node *at,
			 const char *fmt, ...)
{
	kam_buf still = KAM_BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	kam_buf_vprintf(&still, fmt, ap);
	va_end(ap);
	kam_diag *d = problem(p, KAM_RULE_CONTACT_LEFT, at, "'%s' %s%s%s%s and is still %s", c->id,
			      kam_contact_statuses[KAM_CONTACT_LEFT].label, c->since ? " (" : "",
			      c->since ? c->since : "", c->since ? ")" : "", kam_buf_cstr(&still));
	hint_successor(d, c);
	kam_buf_release(&still);
}

/* The contact named id if they left, read into *c. */
static bool left(const plan_view *p, const char *id, kam_contact_view *c)
{
	contact_view(p, id, c);
	return c->node && c->status == KAM_CONTACT_LEFT;
}

static void left_in_deal(const plan_view *p, const kam_opportunity_view *o)
{
	kam_contact_view c;
	const char *id = shown(o->id);
	if (left(p, o->decision_leader, &c))
		left_finding(p, &c, o->decision_leader_node, "the decision leader of '%s'", id);
	if (left(p, o->sponsor, &c))
		left_finding(p, &c, kam_node_get(o->node, "sponsor"), "the sponsor of '%s'", id);
	for (size_t i = 0; i < count_of(o->buying_unit); i++) {
		kam_member_view m;
		kam_member_view_read(&m, o->buying_unit->items[i], NULL);
		if (!left(p, m.contact, &c))
			continue;
		if (m.role != KAM_ROLE_UNKNOWN)
			left_finding(p, &c, m.contact_node, "in the buying unit of '%s' as %s", id,
				     kam_role_name(m.role));
		else
			left_finding(p, &c, m.contact_node, "in the buying unit of '%s'", id);
	}
}

/* A contact who left still decides, sponsors, is in a buying unit of an
 * open deal, or is the contact of an open action (of no closed deal). */
static void contact_left(const plan_view *p)
{
	const kam_node *opps = kam_node_seq_at(p->plan, "opportunities");
	kam_text_table closed = {0};
	for (size_t i = 0; i < count_of(opps); i++) {
		kam_opportunity_view o = p->views->deals[i];
		if (o.open)
			left_in_deal(p, &o);
		else if (o.id)
			kam_text_table_put(&closed, o.id, strlen(o.id), i);
	}
	const kam_node *actions = kam_node_seq_at(p->plan, "actions");
	for (size_t i = 0; i < count_of(actions); i++) {
		kam_action_view a;
		kam_action_view_read(&a, actions->items[i]);
		kam_contact_view c;
		if (!a.open || id_in(&closed, a.opportunity, NULL) || !left(p, a.contact, &c))
			continue;
		left_finding(p, &c, a.contact_node, "the contact of open action '%s'", shown(a.id));
	}
	kam_text_table_release(&closed);
}

/* The latest relationship step whose quarter passed with the level still
 * below the step's; a contact without a level is left alone. */
static void relationship_behind_plan(const plan_view *p)
{
	const kam_node *contacts = kam_node_seq_at(p->plan, "contacts");
	for (size_t i = 0; i < count_of(contacts); i++) {
		kam_contact_view c = p->views->people[i];
		if (!kam_level_label(c.level) || c.status == KAM_CONTACT_LEFT) /* none, or the schema's */
			continue;
		const kam_node *behind = NULL;
		kam_quarter latest = {0, 0};
		double level = 0;
		for (size_t j = 0; j < count_of(c.steps); j++) {
			const kam_node *step = c.steps->items[j];
			kam_quarter q;
			double want;
			if (!kam_quarter_parse(kam_node_text_at(step, "quarter"), &q) ||
			    !number(step, "level", &want) ||
			    kam_quarter_compare(q, p->ctx->quarter) >= 0 || c.level >= want ||
			    (behind && kam_quarter_compare(q, latest) < 0))
				continue;
			behind = step;
			latest = q;
			level = want;
		}
		if (!behind)
			continue;
		const char *label = kam_level_label((int)level);
		kam_diag *d =
		    problem(p, KAM_RULE_RELATIONSHIP_BEHIND_PLAN, behind,
			    "relationship with '%s' is at level %d (%s), behind its step for "
			    "%s: level %g (%s)",
			    shown(c.id), c.level, kam_level_label(c.level),
			    kam_node_text_at(behind, "quarter"), level, label ? label : "?");
		kam_diag_set_hint(d, "plan how to reach it (how:), or move the step to a later quarter");
	}
}

static void goal_overdue(const plan_view *p)
{
	const kam_node *goals = kam_node_seq_at(p->plan, "goals");
	for (size_t i = 0; i < count_of(goals); i++) {
		kam_goal_view g;
		kam_goal_view_read(&g, goals->items[i]);
		kam_quarter q;
		if (!g.open || !kam_quarter_parse(g.quarter, &q) ||
		    kam_quarter_compare(q, p->ctx->quarter) >= 0)
			continue;
		kam_diag *d = problem(p, KAM_RULE_GOAL_OVERDUE, g.quarter_node,
				      "goal '%s' was due in %s and is still open", shown(g.id), g.quarter);
		kam_diag_set_hint(d, "set status: %s, or move quarter: to when it will be met",
				  kam_goal_closed_words());
	}
}

static void stage_probability(const plan_view *p)
{
	const kam_node *opps = kam_node_seq_at(p->plan, "opportunities");
	for (size_t i = 0; i < count_of(opps); i++) {
		kam_opportunity_view o = p->views->deals[i];
		/* won and lost are won-lost-probability's */
		if (!o.has_probability || o.stage == KAM_STAGE_UNKNOWN || kam_stage_closed(o.stage) ||
		    o.probability < 0 || o.probability > 100) /* schema-range's */
			continue;
		double range[2];
		if (!kam_stage_probability_range(p->ctx->config, o.stage, range) ||
		    (o.probability >= range[0] && o.probability <= range[1]))
			continue;
		kam_diag *d = problem(p, KAM_RULE_STAGE_PROBABILITY, o.probability_node,
				      "opportunity '%s' at stage %s has probability %g, outside %g-%g",
				      shown(o.id), o.stage_text, o.probability, range[0], range[1]);
		kam_diag_set_hint(d, "set a probability from %g to %g, or move it to the stage it is at "
				     "(kam.yaml's stages: sets the ranges)",
				  range[0], range[1]);
	}
}

/* A route whose id says partner (partner, partner-resale) names the
 * partner that brings the deal. */
static void partner_route_missing(const plan_view *p)
{
	const kam_node *opps = kam_node_seq_at(p->plan, "opportunities");
	for (size_t i = 0; i < count_of(opps); i++) {
		kam_opportunity_view o = p->views->deals[i];
		if (!kam_route_through_partner(o.route) || kam_node_get(o.node, "partner"))
			continue;
		kam_diag *d = problem(p, KAM_RULE_PARTNER_ROUTE_MISSING, o.route_node,
				      "opportunity '%s' goes through route '%s' and names no partner",
				      shown(o.id), o.route);
		kam_diag_set_hint(d, "add partner: with the partner account that brings the deal, or "
				     "change the route");
	}
}

static void phase_type(const plan_view *p)
{
	kam_account_view a;
	kam_account_view_read(&a, p->plan);
	if (!kam_type_is_prospect(a.type) || !kam_phase_after_sale(a.phase))
		return;
	kam_diag *d = problem(p, KAM_RULE_PHASE_TYPE, kam_node_get(p->plan, "phase"),
			      "prospect '%s' is in phase %s, but has bought nothing yet", shown(a.id),
			      a.phase);
	kam_diag_set_hint(d, "set phase: %s, or type: %s once the client has bought",
			  kam_phase_first(), kam_type_customer());
}

/* The key node of key in map, or NULL. */
static const kam_node *key_node(const kam_node *map, const char *key)
{
	for (size_t i = 0; map && map->kind == KAM_NODE_MAP && i < map->count; i++)
		if (is(kam_node_string(map->pairs[i].key), key))
			return map->pairs[i].key;
	return NULL;
}

/* initiatives[].sponsor is now owner: the old key still works, with a
 * warning at it. */
static void key_renamed(const plan_view *p)
{
	const kam_node *initiatives = kam_node_seq_at(p->plan, "initiatives");
	for (size_t i = 0; i < count_of(initiatives); i++) {
		const kam_node *key = key_node(initiatives->items[i], "sponsor");
		if (!key)
			continue;
		kam_diag *d;
		if (kam_node_get(initiatives->items[i], "owner")) {
			d = problem(p, KAM_RULE_KEY_RENAMED, key,
				    "initiatives[%zu]: 'sponsor' is the old name of 'owner', which is "
				    "given too",
				    i);
			kam_diag_set_hint(d, "remove sponsor: and keep owner:");
		} else {
			d = problem(p, KAM_RULE_KEY_RENAMED, key,
				    "initiatives[%zu]: 'sponsor' is now 'owner' (the client executive "
				    "who owns the initiative)",
				    i);
			kam_diag_set_hint(d, "rename the key to owner:");
		}
		kam_buf path = KAM_BUF_INIT;
		kam_buf_printf(&path, "initiatives[%zu].sponsor", i);
		kam_diag_set_path(d, kam_buf_cstr(&path));
		kam_buf_release(&path);
	}
}

/* The client validated the plan more than `months` ago, or a plan of the
 * first tier was never validated. */
static void validation_overdue(const plan_view *p)
{
	long months = rule_option(p->ctx->config, KAM_RULE_VALIDATION_OVERDUE, "months", 12);
	kam_account_view a;
	kam_account_view_read(&a, p->plan);
	const kam_config *config = p->ctx->config;
	if (!a.validated_node) {
		const char *first = config->tier_count ? config->tiers[0] : kam_tier_name(KAM_TIER_KEY);
		if (!a.tier_node || !is(a.tier_text, first))
			return;
		kam_diag *d = problem(p, KAM_RULE_VALIDATION_OVERDUE, a.tier_node,
				      "%s account '%s' was never validated with the client", first,
				      shown(a.id));
		kam_diag_set_hint(d, "review the plan with the client, then add validated: {date: "
				     "<that day>, with: [<contact ids>]}");
		return;
	}
	kam_date date;
	if (!kam_date_parse(a.validated, &date))
		return;
	kam_date due = kam_date_add_months(date, (int)months);
	if (kam_date_compare(due, p->ctx->today) >= 0)
		return;
	char due_text[11];
	kam_date_format(due, due_text);
	kam_diag *d = problem(p, KAM_RULE_VALIDATION_OVERDUE, kam_node_get(a.validated_node, "date"),
			      "the client last validated the plan on %s, more than %ld months ago "
			      "(validate by %s)",
			      a.validated, months, due_text);
	kam_diag_set_hint(d, "review the plan with the client, then set validated: to that day and "
			     "who took part");
}

/* lib/contracts.c */
static void renewal_uncovered(const plan_view *p)
{
	kam_rule_renewal_uncovered(p->ctx, p->plan, p->file, p->diags);
}
/* lib/commerce.c */
static void must_win_competition(const plan_view *p)
{
	kam_commerce_must_win_competition(p->plan, p->file, p->diags);
}

static const struct {
	kam_rule rule;
	void (*check)(const plan_view *p);
} plan_rules[] = {
	{KAM_RULE_REVIEW_OVERDUE, review_overdue},
	{KAM_RULE_SINGLE_OWNER, single_owner},
	{KAM_RULE_ROUTES_SUM, routes_sum},
	{KAM_RULE_ROUTE_UNPLANNED, route_unplanned},
	{KAM_RULE_MUST_WIN_COVERAGE, must_win_coverage},
	{KAM_RULE_DECISION_LEADER_ROLE, decision_leader_role},
	{KAM_RULE_OPPONENT_UNMANAGED, opponent_unmanaged},
	{KAM_RULE_RELATIONSHIP_TARGET, relationship_target},
	{KAM_RULE_ACTION_OVERDUE, overdue_actions},
	{KAM_RULE_STALE_CLOSE, stale_close},
	{KAM_RULE_WON_LOST_PROBABILITY, won_lost_probability},
	{KAM_RULE_REVENUE_DUPLICATE, revenue_duplicate},
	{KAM_RULE_REVIEWED_FUTURE, reviewed_future},
	{KAM_RULE_REPORTS_TO_CYCLE, reports_to_cycle},
	{KAM_RULE_NO_SPONSOR, no_sponsor},
	{KAM_RULE_BUYING_UNIT_GAP, buying_unit_gap},
	{KAM_RULE_DECIDER_UNFAVOURABLE, decider_unfavourable},
	{KAM_RULE_ATTITUDE_UNKNOWN, attitude_unknown},
	{KAM_RULE_CONTACT_LEFT, contact_left},
	{KAM_RULE_RELATIONSHIP_BEHIND_PLAN, relationship_behind_plan},
	{KAM_RULE_GOAL_OVERDUE, goal_overdue},
	{KAM_RULE_STAGE_PROBABILITY, stage_probability},
	{KAM_RULE_PARTNER_ROUTE_MISSING, partner_route_missing},
	{KAM_RULE_PHASE_TYPE, phase_type},
	{KAM_RULE_KEY_RENAMED, key_renamed},
	{KAM_RULE_VALIDATION_OVERDUE, validation_overdue},
	{KAM_RULE_RENEWAL_UNCOVERED, renewal_uncovered},
	{KAM_RULE_MUST_WIN_COMPETITION, must_win_competition},
};

/* ------------------------------------------------------------------ */
/* summary                                                             */

static char *copy(const char *s)
{
	return s ? kam_xstrdup(s) : NULL;
}

typedef struct decider_sink {
	kam_plan_summary *s;
	const kam_opportunity_view *o;
	size_t alloc;
} decider_sink;

static void keep_decider(void *ctx, const char *contact, kam_role role, const kam_node *at)
{
	decider_sink *k = ctx;
	kam_plan_summary *s = k->s;
	s->deciders = kam_grow(s->deciders, &k->alloc, s->decider_count + 1, sizeof(kam_decider));
	const kam_node *where = at ? at : k->o->node;
	/* the ids are the tree's until pack_decider_ids copies them */
	s->deciders[s->decider_count++] = (kam_decider){(char *)contact, (char *)k->o->id, role,
							 k->o->must_win, where->line, where->column};
}

static void keep_deciders(const plan_view *p, kam_plan_summary *s)
{
	const kam_node *opps = kam_node_seq_at(p->plan, "opportunities");
	decider_sink k = {s, NULL, 0};
	for (size_t i = 0; i < count_of(opps); i++) {
		kam_opportunity_view o = p->views->deals[i];
		if (!o.open || !o.id)
			continue;
		k.o = &o;
		kam_opportunity_each_decider(&o, keep_decider, &k);
	}
}

typedef struct person_sink {
	const plan_view *p;
	kam_plan_summary *s;
	const kam_opportunity_view *o;
	size_t alloc;
} person_sink;

static void keep_person(person_sink *k, const char *id, kam_role role, const kam_node *at)
{
	kam_contact_view c;
	contact_view(k->p, id, &c);
	if (!c.node || c.status == KAM_CONTACT_LEFT || role == KAM_ROLE_UNKNOWN)
		return;
	kam_plan_summary *s = k->s;
	s->people = kam_grow(s->people, &k->alloc, s->person_count + 1, sizeof(kam_decider));
	const kam_node *where = at ? at : k->o->node;
	s->people[s->person_count++] = (kam_decider){(char *)id, (char *)k->o->id, role,
						      k->o->must_win, where->line, where->column};
}

static void keep_people(const plan_view *p, kam_plan_summary *s)
{
	const kam_node *opps = kam_node_seq_at(p->plan, "opportunities");
	person_sink k = {p, s, NULL, 0};
	for (size_t i = 0; i < count_of(opps); i++) {
		kam_opportunity_view o = p->views->deals[i];
		if (!o.open || !o.id)
			continue;
		k.o = &o;
		if (o.decision_leader)
			keep_person(&k, o.decision_leader, KAM_ROLE_KEY_DECISION_LEADER,
				    o.decision_leader_node);
		for (size_t j = 0; j < count_of(o.buying_unit); j++) {
			kam_member_view m;
			kam_member_view_read(&m, o.buying_unit->items[j], NULL);
			if (m.contact)
				keep_person(&k, m.contact, m.role, m.contact_node);
		}
	}
}

/* items cut to count: a summary is kept for every plan until the run ends,
 * and the arrays grew by doubling. */
static kam_decider *fit(kam_decider *items, size_t count)
{
	if (!count) {
		free(items);
		return NULL;
	}
	return kam_xrealloc(items, count * sizeof *items);
}

/* The ids of deciders and people, still the tree's, copied into one
 * block, each once (the block's size: all of them). */
static kam_decider *decider_or_person(kam_plan_summary *s, size_t i)
{
	return i < s->decider_count ? &s->deciders[i] : &s->people[i - s->decider_count];
}

static void pack_decider_ids(kam_plan_summary *s)
{
	size_t total = 0;
	for (size_t i = 0; i < s->decider_count + s->person_count; i++) {
		kam_decider *d = decider_or_person(s, i);
		total += (d->contact ? strlen(d->contact) + 1 : 0) + (d->deal ? strlen(d->deal) + 1 : 0);
	}
	if (!total)
		return;
	char *block = kam_xmalloc(total);
	size_t used = 0, at;
	kam_text_table seen = {0};
	for (size_t i = 0; i < s->decider_count + s->person_count; i++) {
		kam_decider *d = decider_or_person(s, i);
		char **fields[2] = {&d->contact, &d->deal};
		for (size_t f = 0; f < 2; f++) {
			char *text = *fields[f];
			if (!text)
				continue;
			size_t n = strlen(text);
			if (!kam_text_table_get(&seen, text, n, &at)) {
				at = used;
				memcpy(block + used, text, n + 1);
				used += n + 1;
				kam_text_table_put(&seen, block + at, n, at);
			}
			*fields[f] = block + at;
		}
	}
	kam_text_table_release(&seen);
	s->decider_ids = block;
}

static void keep_left(const plan_view *p, kam_plan_summary *s)
{
	const kam_node *contacts = kam_node_seq_at(p->plan, "contacts");
	for (size_t i = 0; i < count_of(contacts); i++) {
		kam_contact_view c = p->views->people[i];
		if (c.status != KAM_CONTACT_LEFT || !c.id)
			continue;
		s->left = kam_xrealloc(s->left, (s->left_count + 1) * sizeof(*s->left));
		s->left[s->left_count++] = (struct kam_left_contact){kam_xstrdup(c.id), copy(c.successor),
								     copy(c.since)};
	}
}

/* The next renewal, copied: the summary outlives the tree. */
static void keep_renewal(const plan_view *p, kam_plan_summary *s)
{
	kam_renewal r;
	if (!kam_next_renewal(p->plan, p->ctx->today, &r))
		return;
	s->has_renewal = true;
	kam_summary_renewal *k = &s->renewal;
	k->contract = copy(r.contract.id);
	k->title = copy(r.contract.title);
	k->renewed_by = copy(r.renewed_by);
	kam_date_format(r.end, k->end);
	kam_date_format(r.notice, k->notice);
	k->has_value = r.contract.has_value;
	k->value = r.contract.value;
	k->auto_renew = r.contract.auto_renew;
}

static void summarize(const plan_view *p, kam_plan_summary *s)
{
	memset(s, 0, sizeof(*s));
	s->file = copy(p->file);
	kam_account_view a;
	kam_account_view_read(&a, p->plan);
	s->account = copy(a.id);
	s->name = copy(a.name);
	s->type = copy(a.type);
	s->tier = copy(a.tier_text);
	s->owner = copy(a.owner);
	s->currency = copy(a.currency ? a.currency : p->ctx->config->currency);
	s->tier_line = a.tier_node ? a.tier_node->line : p->plan->line;
	s->tier_column = a.tier_node ? a.tier_node->column : p->plan->column;
	const kam_node *opps = kam_node_seq_at(p->plan, "opportunities");
	for (size_t i = 0; i < count_of(opps); i++) {
		kam_opportunity_view o = p->views->deals[i];
		if (!o.open)
			continue;
		s->open_opportunities++;
		s->open_must_wins += o.must_win;
		s->open_pipeline += o.value;
		if (kam_type_is_partner(a.type) && o.id) {
			s->own_deals = kam_xrealloc(s->own_deals,
						    (s->own_deal_count + 1) * sizeof(*s->own_deals));
			s->own_deals[s->own_deal_count++] =
			    (struct kam_own_deal){copy(o.id), o.value, NULL};
		}
	}
	char quarter[8];
	kam_quarter_format(p->ctx->quarter, quarter);
	const kam_node *rows = kam_node_seq_at(p->plan, "revenue");
	for (size_t i = 0; i < count_of(rows); i++)
		if (is(kam_node_text_at(rows->items[i], "quarter"), quarter)) {
			s->has_revenue = true;
			number(rows->items[i], "target", &s->revenue_target);
			number(rows->items[i], "actual", &s->revenue_actual);
		}
	kam_date reviewed;
	if (kam_date_parse(kam_node_text_at(p->plan, "reviewed"), &reviewed))
		kam_date_format(kam_review_due(reviewed), s->review_due);
	keep_deciders(p, s);
	keep_people(p, s);
	s->deciders = fit(s->deciders, s->decider_count);
	s->people = fit(s->people, s->person_count);
	pack_decider_ids(s);
	keep_left(p, s);
	keep_renewal(p, s);
	s->routed = kam_routed_deals_of_views(p->views, a.id, &s->routed_count);
	kam_health_compute_views(&s->health, p->ctx, p->plan, p->views, s->deciders, s->decider_count);
}

/* The facts of the site's history: open deals by stage, the quarter's
 * forecast, each contact's attitude and relationship. */
static void keep_history_facts(const plan_view *p, kam_plan_summary *s)
{
	const kam_node *opps = kam_node_seq_at(p->plan, "opportunities");
	for (size_t i = 0; i < count_of(opps); i++)
		kam_stage_totals_add(s->open_by_stage, &p->views->deals[i]);
	kam_forecast_plan_sums(p->ctx->config, p->ctx->quarter, p->plan, &s->forecast);
	const kam_node *contacts = kam_node_seq_at(p->plan, "contacts");
	size_t n = count_of(contacts);
	s->contacts = kam_xcalloc(n + 1, sizeof(*s->contacts));
	for (size_t i = 0; i < n; i++) {
		const kam_contact_view *c = &p->views->people[i];
		if (!c->id)
			continue;
		s->contacts[s->contact_count++] = (struct kam_contact_fact){
		    kam_xstrdup(c->id), copy(c->name), c->attitude, c->level, c->target,
		    decides_here(p, c), c->status == KAM_CONTACT_LEFT};
	}
}

void kam_plan_summary_release(kam_plan_summary *s)
{
	for (size_t i = 0; i < s->contact_count; i++) {
		free(s->contacts[i].id);
		free(s->contacts[i].name);
	}
	free(s->contacts);
	for (size_t i = 0; i < s->pending.count; i++)
		free(s->pending_contacts[i]);
	free(s->pending_contacts);
	kam_diag_list_release(&s->pending);
	for (size_t i = 0; i < s->left_count; i++) {
		free(s->left[i].id);
		free(s->left[i].successor);
		free(s->left[i].since);
	}
	free(s->left);
	free(s->deciders); /* their ids are in decider_ids */
	free(s->people);
	free(s->decider_ids);
	kam_health_release(&s->health);
	free(s->renewal.contract);
	free(s->renewal.title);
	free(s->renewal.renewed_by);
	kam_routed_deals_free(s->routed, s->routed_count);
	for (size_t i = 0; i < s->own_deal_count; i++) {
		free(s->own_deals[i].id);
		free(s->own_deals[i].counted_in);
	}
	free(s->own_deals);
	free(s->file);
	free(s->account);
	free(s->name);
	free(s->type);
	free(s->tier);
	free(s->owner);
	free(s->currency);
	memset(s, 0, sizeof(*s));
}

/* ------------------------------------------------------------------ */

void kam_rules_context_init(kam_rules_context *ctx, const kam_config *config, const char *fixed)
{
	ctx->config = config;
	ctx->today = kam_today(config->timezone, fixed);
	ctx->quarter = kam_quarter_of(ctx->today, config->fiscal_year_start);
}

void kam_rules_check_plan(const kam_rules_context *ctx, const kam_node *plan, const char *file,
			  kam_diag_list *diags, kam_plan_summary *summary)
{
	if (summary)
		memset(summary, 0, sizeof(*summary));
	if (!plan || plan->kind != KAM_NODE_MAP) {
		if (summary)
			summary->file = kam_xstrdup(file);
		return;
	}
	plan_ids ids;
	plan_ids_init(&ids, plan);
	kam_plan_views views;
	kam_plan_views_read(&views, plan);
	plan_view p = {ctx, plan, file, kam_node_text_at(plan, "id"), diags, &ids, &views, summary};
	if (summary) /* first: it starts the summary afresh */
		summarize(&p, summary);
	for (size_t i = 0; i < sizeof(plan_rules) / sizeof(plan_rules[0]); i++)
		if (ctx->config->severity[plan_rules[i].rule] != KAM_SEV_OFF)
			plan_rules[i].check(&p);
	kam_plan_views_release(&views);
	plan_ids_release(&ids);
}

void kam_rules_summarize_plan(const kam_rules_context *ctx, const kam_node *plan,
			      const char *file, kam_plan_summary *summary)
{
	memset(summary, 0, sizeof(*summary));
	if (!plan || plan->kind != KAM_NODE_MAP) {
		summary->file = kam_xstrdup(file);
		return;
	}
	plan_ids ids;
	plan_ids_init(&ids, plan);
	kam_plan_views views;
	kam_plan_views_read(&views, plan);
	plan_view p = {ctx, plan, file, kam_node_text_at(plan, "id"), NULL, &ids, &views, summary};
	summarize(&p, summary);
	keep_history_facts(&p, summary);
	kam_plan_views_release(&views);
	plan_ids_release(&ids);
}

/* The note's open actions that name a contact. */
static bool note_facts(const kam_rules_context *ctx, const kam_node *doc, const char *file,
		       kam_note_facts *out)
{
	kam_meeting_view m;
	kam_meeting_view_read(&m, doc);
	if (!m.is_meeting)
		return false;
	kam_health_count_actions(m.actions, ctx->today, &out->open);
	for (size_t i = 0; m.is_meeting && i < count_of(m.actions); i++) {
		kam_action_view a;
		kam_action_view_read(&a, m.actions->items[i]);
		if (!a.open || !a.contact)
			continue;
		out->actions = kam_xrealloc(out->actions, (out->count + 1) * sizeof(kam_note_action));
		out->actions[out->count++] = (kam_note_action){copy(a.id), kam_xstrdup(a.contact),
							       a.contact_node->line, a.contact_node->column};
	}
	if (!out->open.open)
		return false;
	out->file = kam_xstrdup(file);
	return true;
}

bool kam_rules_check_document(const kam_rules_context *ctx, const kam_node *doc, const char *file,
			      kam_diag_list *diags, kam_note_facts *facts)
{
	if (facts)
		memset(facts, 0, sizeof(*facts));
	if (!doc || doc->kind != KAM_NODE_MAP)
		return false;
	if (ctx->config->severity[KAM_RULE_ACTION_OVERDUE] != KAM_SEV_OFF) {
		plan_view p = {ctx, doc, file, NULL, diags, NULL, NULL, NULL}; /* overdue_actions needs no ids */
		overdue_actions(&p);
	}
	return facts && note_facts(ctx, doc, file, facts);
}

void kam_note_facts_release(kam_note_facts *facts)
{
	if (!facts)
		return;
	for (size_t i = 0; i < facts->count; i++) {
		free(facts->actions[i].id);
		free(facts->actions[i].contact);
	}
	free(facts->actions);
	kam_health_actions_release(&facts->open);
	free(facts->account);
	free(facts->file);
	memset(facts, 0, sizeof(*facts));
}

/* "account\x1fcontact": a key of the people a note's open action names. */
static char *person_key(const char *account, const char *contact)
{
	return kam_xprintf("%s\x1f%s", account ? account : "", contact);
}

/* decider-unfavourable findings stand unless a note of the account has an
 * open action with the person. */
static void settle_pending(kam_plan_summary *s, bool report, const kam_text_table *managed,
			   kam_diag_list *diags)
{
	for (size_t i = 0; report && i < s->pending.count; i++) {
		char *key = person_key(s->account, s->pending_contacts[i]);
		bool lifted = kam_text_table_get(managed, key, strlen(key), NULL);
		free(key);
		if (lifted)
			continue;
		const kam_diag *p = &s->pending.items[i];
		kam_diag *d = kam_diag_push(diags, p->rule, p->file, p->line, p->column, "%s", p->message);
		if (p->hint)
			kam_diag_set_hint(d, "%s", p->hint);
		if (p->path)
			kam_diag_set_path(d, p->path);
	}
	/* kept: a workspace settles a plan again when its notes change */
}

/* The plan of account among plans (not a duplicate), or NULL. */
static const kam_plan_summary *plan_of(const kam_text_table *accounts, const kam_plan_summary *plans,
				       const char *account)
{
	size_t at;
	return account && kam_text_table_get(accounts, account, strlen(account), &at) ? &plans[at] : NULL;
}

static void left_in_note(const kam_plan_summary *plan, const kam_note_facts *note, kam_diag_list *diags)
{
	for (size_t i = 0; i < note->count; i++) {
		const kam_note_action *a = &note->actions[i];
		for (size_t j = 0; j < plan->left_count; j++) {
			const struct kam_left_contact *l = &plan->left[j];
			if (!is(l->id, a->contact))
				continue;
			kam_diag *d = kam_diag_push(
			    diags, KAM_RULE_CONTACT_LEFT, note->file, a->line, a->column,
			    "'%s' %s%s%s%s and is still the contact of open action '%s'", l->id,
			    kam_contact_statuses[KAM_CONTACT_LEFT].label, l->since ? " (" : "",
			    l->since ? l->since : "", l->since ? ")" : "", a->id ? a->id : "?");
			if (l->successor)
				kam_diag_set_hint(d, "replace %s with their successor %s", l->id, l->successor);
			else
				kam_diag_set_hint(d, "replace %s with whoever took over, and name them as "
						     "successor: of %s in the plan",
						  l->id, l->id);
		}
	}
}

void kam_rules_check_notes(const kam_rules_context *ctx, kam_plan_summary *plans, size_t count,
			   const bool *report, const kam_note_facts *notes, size_t note_count,
			   kam_diag_list *diags)
{
	kam_text_table managed = {0}, accounts = {0};
	char **keys = NULL; /* the table keeps pointers: the keys live until the end */
	size_t key_count = 0, key_alloc = 0;
	for (size_t i = 0; i < note_count; i++)
		for (size_t j = 0; j < notes[i].count; j++) {
			char *key = person_key(notes[i].account, notes[i].actions[j].contact);
			keys = kam_grow(keys, &key_alloc, key_count + 1, sizeof(char *));
			keys[key_count++] = key;
			kam_text_table_put(&managed, key, strlen(key), i);
		}
	for (size_t i = 0; i < count; i++) {
		if (plans[i].account && !plans[i].duplicate)
			kam_text_table_put(&accounts, plans[i].account, strlen(plans[i].account), i);
		settle_pending(&plans[i], !report || report[i], &managed, diags);
	}
	bool left_on = ctx->config->severity[KAM_RULE_CONTACT_LEFT] != KAM_SEV_OFF;
	for (size_t i = 0; left_on && i < note_count; i++) {
		const kam_plan_summary *plan = plan_of(&accounts, plans, notes[i].account);
		if (plan && notes[i].report)
			left_in_note(plan, &notes[i], diags);
	}
	kam_text_table_release(&managed);
	kam_text_table_release(&accounts);
	for (size_t i = 0; i < key_count; i++)
		free(keys[i]);
	free(keys);
}

/* ------------------------------------------------------------------ */
/* portfolio                                                           */

/* The tiers key-account-limit counts: its option tiers, else the first of
 * kam.yaml's tiers; the count is returned, the names (borrowed) in *out. */
static size_t limit_tiers(const kam_config *c, const char ***out)
{
	const kam_node *given =
	    kam_node_seq_at(c->rule_options[KAM_RULE_KEY_ACCOUNT_LIMIT], "tiers");
	const char **tiers = kam_xcalloc(count_of(given) + 1, sizeof(char *));
	size_t n = 0;
	for (size_t i = 0; i < count_of(given); i++)
		if (kam_node_string(given->items[i]))
			tiers[n++] = given->items[i]->text;
	if (!n)
		tiers[n++] = c->tier_count ? c->tiers[0] : kam_tier_name(KAM_TIER_KEY);
	*out = tiers;
	return n;
}

static bool among(const char *const *names, size_t n, const char *name)
{
	for (size_t i = 0; name && i < n; i++)
		if (is(names[i], name))
			return true;
	return false;
}

/* "key", "key or strategic", "key, strategic or growth". */
static void join_or(kam_buf *b, const char *const *names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		kam_buf_printf(b, "%s%s", i == 0 ? "" : i + 1 == n ? " or " : ", ", names[i]);
}

/* Plans of the counted tiers grouped by owner (in plan order within an
 * owner): one pass per owner instead of one per plan. */
static void key_account_limit(const kam_rules_context *ctx, const kam_plan_summary *plans, size_t n,
			      const bool *report, kam_diag_list *diags)
{
	long max = rule_option(ctx->config, KAM_RULE_KEY_ACCOUNT_LIMIT, "max", 3);
	const char **tiers;
	size_t tier_count = limit_tiers(ctx->config, &tiers);
	kam_buf which = KAM_BUF_INIT;
	join_or(&which, tiers, tier_count);
	const char *an = strchr("aeiou", which.ptr[0]) ? "n" : "";
	kam_keyed *keys = kam_xcalloc(n + 1, sizeof(kam_keyed));
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (among(tiers, tier_count, plans[i].tier) && plans[i].owner && !plans[i].duplicate)
			keys[k++] = (kam_keyed){plans[i].owner, i};
	kam_sort_keyed(keys, k);
	for (size_t first = 0, end; first < k; first = end) {
		end = first + 1;
		while (end < k && is(keys[end].key, keys[first].key))
			end++;
		if ((long)(end - first) <= max)
			continue;
		kam_buf names = KAM_BUF_INIT;
		for (size_t j = first; j < end; j++) {
			const kam_plan_summary *p = &plans[keys[j].index];
			kam_buf_printf(&names, "%s%s", names.len ? ", " : "", p->account ? p->account : p->file);
		}
		for (size_t j = first; j < end; j++) {
			const kam_plan_summary *p = &plans[keys[j].index];
			if (report && !report[keys[j].index])
				continue;
			kam_diag *d = kam_diag_push(diags, KAM_RULE_KEY_ACCOUNT_LIMIT, p->file, p->tier_line,
						    p->tier_column, "%s manages %ld %s accounts, more than %ld (%s)",
						    p->owner, (long)(end - first), which.ptr, max, names.ptr);
			kam_diag_set_hint(d, "hand a%s %s account to another manager, or change its tier",
					  an, which.ptr);
		}
		kam_buf_release(&names);
	}
	kam_buf_release(&which);
	free(tiers);
	free(keys);
}

/* The roles contact-stale watches (KAM_ROLE_BIT): its option roles, else
 * key-decision-leader and approver. */
static unsigned stale_roles(const kam_config *c)
{
	const kam_node *given = kam_node_seq_at(c->rule_options[KAM_RULE_CONTACT_STALE], "roles");
	if (!given)
		return KAM_ROLE_BIT(KAM_ROLE_KEY_DECISION_LEADER) | KAM_ROLE_BIT(KAM_ROLE_APPROVER);
	unsigned bits = 0;
	for (size_t i = 0; i < given->count; i++) {
		kam_role role = kam_role_parse(kam_node_string(given->items[i]));
		if (role != KAM_ROLE_UNKNOWN)
			bits |= KAM_ROLE_BIT(role);
	}
	return bits;
}

/* One watched person of a plan: where first named, and the deals. */
typedef struct stale_person {
	const kam_decider *first;
	const char *last_deal;
	size_t deals;
	kam_buf names;
} stale_person;

static void report_stale(const kam_rules_context *ctx, const kam_plan_summary *s,
			 const kam_index *index, stale_person *g, long days, kam_diag_list *diags)
{
	const kam_touch *met = kam_index_last_met(index, s->account, g->first->contact, ctx->today);
	long ago = met ? kam_date_days(ctx->today) - kam_date_days(met->date) : 0;
	if (met && ago <= days)
		return;
	const char *id = g->first->contact, *plural = g->deals > 1 ? "s" : "";
	kam_diag *d;
	if (met) {
		char when[11];
		kam_date_format(met->date, when);
		d = kam_diag_push(diags, KAM_RULE_CONTACT_STALE, s->file, g->first->line,
				  g->first->column,
				  "'%s' of open deal%s %s was last met %s, %ld days ago (more than %ld)",
				  id, plural, g->names.ptr, when, ago, days);
	} else {
		d = kam_diag_push(diags, KAM_RULE_CONTACT_STALE, s->file, g->first->line,
				  g->first->column,
				  "'%s' of open deal%s %s was never met: no meeting note or touch names them",
				  id, plural, g->names.ptr);
	}
	kam_diag_set_hint(d, "meet %s, then record it: a meeting note with %s among its attendees, "
			     "or a touch in touches:",
			  id, id);
}

/* A watched person of an open deal not met for more than `days` days
 * (or never): one finding per person and plan, where first named. */
static void contact_stale(const kam_rules_context *ctx, const kam_plan_summary *s,
			  const kam_index *index, kam_diag_list *diags)
{
	long days = rule_option(ctx->config, KAM_RULE_CONTACT_STALE, "days", 90);
	unsigned roles = stale_roles(ctx->config);
	stale_person *groups = kam_xcalloc(s->person_count + 1, sizeof(stale_person));
	size_t count = 0;
	kam_text_table seen = {0};
	for (size_t i = 0; i < s->person_count; i++) {
		const kam_decider *person = &s->people[i];
		if (!(roles & KAM_ROLE_BIT(person->role)))
			continue;
		size_t at = count;
		if (kam_text_table_put(&seen, person->contact, strlen(person->contact), count))
			groups[count++] = (stale_person){person, NULL, 0, KAM_BUF_INIT};
		else
			kam_text_table_get(&seen, person->contact, strlen(person->contact), &at);
		stale_person *g = &groups[at];
		if (is(g->last_deal, person->deal))
			continue;
		kam_buf_printf(&g->names, "%s'%s'", g->deals ? ", " : "", person->deal);
		g->last_deal = person->deal;
		g->deals++;
	}
	for (size_t i = 0; i < count; i++) {
		report_stale(ctx, s, index, &groups[i], days, diags);
		kam_buf_release(&groups[i].names);
	}
	kam_text_table_release(&seen);
	free(groups);
}

static bool ends_with_field(const char *path, const char *field)
{
	size_t pl = path ? strlen(path) : 0, fl = strlen(field);
	return pl > fl && path[pl - fl - 1] == '.' && strcmp(path + pl - fl, field) == 0;
}

/* An opportunity's partner must be a partner account. */
static void partner_route(const kam_index *index, kam_diag_list *diags, const char *const *files,
			  size_t file_count)
{
	size_t n;
	const kam_ref *refs = kam_index_refs(index, &n);
	for (size_t i = 0; i < n; i++) {
		const kam_ref *r = &refs[i];
		/* an account of unknown type (unread plan, type missing) is that
		 * plan's finding, not one in every plan routing through it */
		if (r->kind != KAM_REF_FIELD || !ends_with_field(r->field, "partner") || !r->target ||
		    !is(r->target->ns, "account") || !r->target->type || r->target->unread ||
		    is(r->target->type, "partner"))
			continue;
		const char *file = kam_index_doc_file(index, r->doc);
		bool reported = !files;
		for (size_t f = 0; files && f < file_count && !reported; f++)
			reported = is(files[f], file);
		if (!reported)
			continue;
		kam_diag *d = kam_diag_push(diags, KAM_RULE_PARTNER_ROUTE, file, r->line, r->column,
					    "partner '%s' is a %s account, not a partner",
					    r->text, r->target->type);
		kam_diag_set_hint(d, "name a partner account (type: partner), or fix %s's type", r->text);
	}
}

/* contact-stale plan by plan, in runs on the pool; the findings kept in
 * plan order. */
typedef struct stale_runs {
	const kam_rules_context *ctx;
	const kam_plan_summary *plans;
	size_t count;
	const bool *report;
	const kam_index *index;
	kam_diag_list *found; /* per run */
	kam_diag_list *diags;
} stale_runs;

static void stale_run(void *ctx, size_t run, size_t worker)
{
	(void)worker;
	stale_runs *r = ctx;
	for (size_t i = run * KAM_POOL_RUN; i < kam_pool_run_end(run, r->count); i++)
		if ((!r->report || r->report[i]) && r->plans[i].account)
			contact_stale(r->ctx, &r->plans[i], r->index, &r->found[run]);
}

static void stale_keep(void *ctx, size_t run)
{
	stale_runs *r = ctx;
	kam_diag_list_move(r->diags, &r->found[run]);
}

static void contact_stale_all(const kam_rules_context *ctx, const kam_plan_summary *plans,
			      size_t count, const bool *report, const kam_index *index,
			      kam_diag_list *diags)
{
	size_t runs = kam_pool_runs(count);
	stale_runs r = {ctx, plans, count, report, index, kam_xcalloc(runs + 1, sizeof(kam_diag_list)),
			diags};
	kam_pool_jobs jobs = {runs, stale_run, stale_keep, &r};
	kam_pool_run(&jobs, kam_thread_count(runs));
	free(r.found);
}

void kam_rules_check_portfolio(const kam_rules_context *ctx, const kam_plan_summary *plans,
			       size_t count, const bool *report, const kam_index *index,
			       kam_diag_list *diags)
{
	if (ctx->config->severity[KAM_RULE_KEY_ACCOUNT_LIMIT] != KAM_SEV_OFF)
		key_account_limit(ctx, plans, count, report, diags);
	if (index && ctx->config->severity[KAM_RULE_CONTACT_STALE] != KAM_SEV_OFF)
		contact_stale_all(ctx, plans, count, report, index, diags);
	if (!index || ctx->config->severity[KAM_RULE_PARTNER_ROUTE] == KAM_SEV_OFF)
		return;
	const char **files = NULL;
	size_t reported = 0;
	if (report) {
		files = kam_xcalloc(count + 1, sizeof(char *));
		for (size_t i = 0; i < count; i++)
			if (report[i])
				files[reported++] = plans[i].file;
	}
	partner_route(index, diags, files, reported);
	free(files);
}
