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

#include "kam/plan.h"
#include "kam/util.h"
#include "commerce.h"
#include "banned.h"

/* Ids the rules look up, indexed once per plan: a plan with thousands of
 * contacts and opportunities is checked in linear time. */
typedef struct plan_ids {
	kam_text_table contacts;         /* contact id -> its index in contacts */
	kam_text_table decision_leaders; /* ids named as an opportunity's decision_leader */
	kam_text_table action_contacts;  /* ids named as an open action's contact */
} plan_ids;

typedef struct plan_view {
	const kam_rules_context *ctx;
	const kam_node *plan;
	const char *file;
	const char *id;
	kam_diag_list *diags;
	plan_ids *ids;
} plan_view;

/* ------------------------------------------------------------------ */
/* reading the plan                                                    */

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

static bool is(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

static bool flag(const kam_node *map, const char *key)
{
	const kam_node *n = kam_node_get(map, key);
	return n && n->kind == KAM_NODE_BOOL && n->boolean;
}

static bool number(const kam_node *map, const char *key, double *out)
{
	const kam_node *n = kam_node_get(map, key);
	if (!n || n->kind != KAM_NODE_NUMBER)
		return false;
	*out = n->number;
	return true;
}

static bool is_open(const kam_node *opportunity)
{
	kam_opportunity_view o;
	kam_opportunity_view_read(&o, opportunity);
	return o.open;
}

static bool action_open(const kam_node *action)
{
	const char *status = text(action, "status");
	return !status || is(status, "open");
}

static void plan_ids_init(plan_ids *ids, const kam_node *plan)
{
	memset(ids, 0, sizeof(*ids));
	kam_node_index_items(&ids->contacts, list(plan, "contacts"), "id");
	kam_node_index_items(&ids->decision_leaders, list(plan, "opportunities"), "decision_leader");
	const kam_node *actions = list(plan, "actions");
	for (size_t i = 0; i < count_of(actions); i++) {
		const kam_node *v = kam_node_get(actions->items[i], "contact");
		if (v && v->kind == KAM_NODE_STRING && action_open(actions->items[i]))
			kam_text_table_put(&ids->action_contacts, v->text, v->len, i);
	}
}

static void plan_ids_release(plan_ids *ids)
{
	kam_text_table_release(&ids->contacts);
	kam_text_table_release(&ids->decision_leaders);
	kam_text_table_release(&ids->action_contacts);
}

static bool id_in(const kam_text_table *t, const char *id, size_t *at)
{
	return id && kam_text_table_get(t, id, strlen(id), at);
}

static const kam_node *contact(const plan_view *p, const char *id)
{
	size_t at;
	return id_in(&p->ids->contacts, id, &at) ? list(p->plan, "contacts")->items[at] : NULL;
}

static bool has_open_action_with(const plan_view *p, const char *contact_id)
{
	return id_in(&p->ids->action_contacts, contact_id, NULL);
}

static bool is_decision_leader(const plan_view *p, const char *contact_id)
{
	return id_in(&p->ids->decision_leaders, contact_id, NULL);
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
	kam_date due = kam_date_add_months(date, 3);
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
	const kam_node *routes = list(p->plan, "routes");
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
				       text(routes->items[i], "route") ? text(routes->items[i], "route") : "?",
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
	const kam_node *routes = list(p->plan, "routes");
	double share;
	for (size_t i = 0; i < count_of(routes); i++)
		if (is(text(routes->items[i], "route"), route))
			return number(routes->items[i], "share", &share) ? share : 0;
	return -1;
}

static void route_unplanned(const plan_view *p)
{
	const kam_node *opps = list(p->plan, "opportunities");
	for (size_t i = 0; i < count_of(opps); i++) {
		const kam_node *route = kam_node_get(opps->items[i], "route");
		if (!kam_node_string(route) || route_share(p, route->text) != 0)
			continue;
		kam_diag *d = problem(p, KAM_RULE_ROUTE_UNPLANNED, route,
				      "opportunity '%s' goes through route '%s', which has a share of 0 in routes",
				      text(opps->items[i], "id"), route->text);
		kam_diag_set_hint(d, "plan a share for %s in routes, or change the route", route->text);
	}
}

static void must_win_coverage(const plan_view *p)
{
	const kam_node *opps = list(p->plan, "opportunities");
	for (size_t i = 0; i < count_of(opps); i++) {
		kam_opportunity_view o;
		kam_opportunity_view_read(&o, opps->items[i]);
		if (!o.must_win || !o.open)
			continue;
		kam_contact_view c;
		kam_contact_view_read(&c, contact(p, o.decision_leader));
		if (!o.decision_leader_node) {
			kam_diag *d = problem(p, KAM_RULE_MUST_WIN_COVERAGE, opps->items[i],
					      "must-win '%s' has no key decision leader", o.id);
			kam_diag_set_hint(d, "name the contact who decides: decision_leader: <contact id>");
		} else if (c.node && !c.owner) {
			kam_diag *d = problem(
			    p, KAM_RULE_MUST_WIN_COVERAGE, o.decision_leader_node,
			    "must-win '%s': nobody on our side owns its decision leader '%s'", o.id,
			    o.decision_leader_node->text);
			kam_diag_set_hint(d, "give contact %s an owner: from the account team",
					  o.decision_leader_node->text);
		}
	}
}

static void decision_leader_role(const plan_view *p)
{
	const kam_node *opps = list(p->plan, "opportunities");
	for (size_t i = 0; i < count_of(opps); i++) {
		kam_opportunity_view o;
		kam_opportunity_view_read(&o, opps->items[i]);
		kam_contact_view c;
		kam_contact_view_read(&c, contact(p, o.decision_leader));
		if (!c.node || kam_contact_has_role(&c, KAM_ROLE_KEY_DECISION_LEADER))
			continue;
		const char *kdl = kam_role_name(KAM_ROLE_KEY_DECISION_LEADER);
		kam_diag *d = problem(p, KAM_RULE_DECISION_LEADER_ROLE, o.decision_leader_node,
				      "decision leader '%s' of '%s' lacks the %s role",
				      o.decision_leader, o.id, kdl);
		kam_diag_set_hint(d, "add %s to the roles of %s, or name the one who decides", kdl,
				  o.decision_leader);
	}
}

static void opponent_unmanaged(const plan_view *p)
{
	const kam_node *contacts = list(p->plan, "contacts");
	for (size_t i = 0; i < count_of(contacts); i++) {
		kam_contact_view c;
		kam_contact_view_read(&c, contacts->items[i]);
		if (!kam_attitude_unfavourable(c.attitude))
			continue;
		bool decides = is_decision_leader(p, c.id) || kam_contact_decides(&c);
		if (!decides || c.owner || has_open_action_with(p, c.id))
			continue;
		kam_diag *d = problem(
		    p, KAM_RULE_OPPONENT_UNMANAGED, c.attitude_node,
		    "'%s' is a%s %s who decides, and nobody manages the relationship", c.id,
		    c.attitude == KAM_ATTITUDE_OPPONENT ? "n" : "", kam_attitude_name(c.attitude));
		kam_diag_set_hint(d, "give %s an owner, or plan an open action with contact: %s",
				  c.id, c.id);
	}
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

static void relationship_target(const plan_view *p)
{
	const kam_node *contacts = list(p->plan, "contacts");
	for (size_t i = 0; i < count_of(contacts); i++) {
		const kam_node *rel = kam_node_get(contacts->items[i], "relationship");
		double level, target;
		if (!target_missed(p->ctx, rel, &level, &target))
			continue;
		kam_diag *d = problem(p, KAM_RULE_RELATIONSHIP_TARGET, rel,
				      "relationship with '%s' is at level %g, short of its target %g for %s",
				      text(contacts->items[i], "id"), level, target, text(rel, "by"));
		kam_diag_set_hint(d, "plan how to reach it and set a new by: quarter, or lower the target");
	}
}

static void overdue_actions(const plan_view *p)
{
	const kam_node *actions = list(p->plan, "actions");
	for (size_t i = 0; i < count_of(actions); i++) {
		const kam_node *due = kam_node_get(actions->items[i], "due");
		kam_date date;
		if (!action_open(actions->items[i]) || !kam_date_parse(kam_node_string(due), &date) ||
		    kam_date_compare(date, p->ctx->today) >= 0)
			continue;
		kam_diag *d = problem(p, KAM_RULE_ACTION_OVERDUE, due,
				      "action '%s' was due %s and is still open",
				      text(actions->items[i], "id"), due->text);
		kam_diag_set_hint(d, "mark it done or dropped, or set a new due date");
	}
}

static void stale_close(const plan_view *p)
{
	const kam_node *opps = list(p->plan, "opportunities");
	for (size_t i = 0; i < count_of(opps); i++) {
		const kam_node *close = kam_node_get(opps->items[i], "close");
		kam_quarter q;
		if (!is_open(opps->items[i]) || !kam_quarter_parse(kam_node_string(close), &q) ||
		    kam_quarter_compare(q, p->ctx->quarter) >= 0)
			continue;
		kam_diag *d = problem(p, KAM_RULE_STALE_CLOSE, close,
				      "opportunity '%s' was to close in %s and is still at stage %s",
				      text(opps->items[i], "id"), close->text,
				      text(opps->items[i], "stage") ? text(opps->items[i], "stage") : "?");
		kam_diag_set_hint(
		    d, "move close: to the quarter it will close in, or mark it %s or %s",
		    kam_stage_name(KAM_STAGE_WON), kam_stage_name(KAM_STAGE_LOST));
	}
}

static void won_lost_probability(const plan_view *p)
{
	const kam_node *opps = list(p->plan, "opportunities");
	for (size_t i = 0; i < count_of(opps); i++) {
		const kam_node *o = opps->items[i];
		const kam_node *probability = kam_node_get(o, "probability");
		const char *stage = text(o, "stage");
		if (!probability || probability->kind != KAM_NODE_NUMBER)
			continue;
		kam_stage st = kam_stage_parse(stage);
		double want = st == KAM_STAGE_WON ? 100 : st == KAM_STAGE_LOST ? 0 : -1;
		if (want < 0 || probability->number == want)
			continue;
		kam_diag *d = problem(p, KAM_RULE_WON_LOST_PROBABILITY, probability,
				      "%s opportunity '%s' has probability %s; %s means %g", stage,
				      text(o, "id"), probability->text, stage, want);
		kam_diag_set_hint(d, "set probability: %g", want);
	}
}

static void revenue_duplicate(const plan_view *p)
{
	const kam_node *rows = list(p->plan, "revenue");
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
		boss[i] = id_in(&p->ids->contacts, text(contacts->items[i], "reports_to"), &at) ? (int)at : -1;
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
			kam_buf_printf(&names, "%s -> ", text(contacts->items[j], "id"));
		last = j;
		if (boss[j] == first)
			break;
	}
	if (members > 12)
		kam_buf_printf(&names, "... (%d contacts) -> ", members);
	kam_buf_puts(&names, text(contacts->items[first], "id"));
	const kam_node *at = kam_node_get(contacts->items[last], "reports_to");
	const char *id = text(contacts->items[last], "id");
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
	const kam_node *contacts = list(p->plan, "contacts");
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

static void must_win_competition(const plan_view *p) { kam_commerce_must_win_competition(p->plan, p->file, p->diags); }

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
	{KAM_RULE_MUST_WIN_COMPETITION, must_win_competition},
};

/* ------------------------------------------------------------------ */
/* health                                                              */

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
	for (size_t i = 0; i < count_of(opps); i++)
		must_wins += flag(opps->items[i], "must_win") && is_open(opps->items[i]);
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
		if (!action_open(actions->items[i]))
			continue;
		open++;
		kam_date due;
		on_time += !kam_date_parse(text(actions->items[i], "due"), &due) ||
			   kam_date_compare(due, p->ctx->today) >= 0;
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

static void compute_health(const plan_view *p, kam_health *h)
{
	double fraction[KAM_HEALTH__COUNT] = {coverage(p), relationships_on_track(p),
					      actions_on_time(p), review_freshness(p), completeness(p)};
	h->score = 0;
	h->weakest = KAM_HEALTH_COVERAGE;
	for (int i = 0; i < KAM_HEALTH__COUNT; i++) {
		h->points[i] = (int)lround(fraction[i] * health_parts[i].max);
		h->score += h->points[i];
		if (fraction[i] < fraction[h->weakest])
			h->weakest = (kam_health_part)i;
	}
}

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
	s->deciders[s->decider_count++] = (kam_decider){kam_xstrdup(contact), copy(k->o->id), role,
							 k->o->must_win, where->line, where->column};
}

static void keep_deciders(const plan_view *p, kam_plan_summary *s)
{
	const kam_node *opps = list(p->plan, "opportunities");
	decider_sink k = {s, NULL, 0};
	for (size_t i = 0; i < count_of(opps); i++) {
		kam_opportunity_view o;
		kam_opportunity_view_read(&o, opps->items[i]);
		if (!o.open || !o.id)
			continue;
		k.o = &o;
		kam_opportunity_each_decider(&o, keep_decider, &k);
	}
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
	const kam_node *opps = list(p->plan, "opportunities");
	for (size_t i = 0; i < count_of(opps); i++) {
		kam_opportunity_view o;
		kam_opportunity_view_read(&o, opps->items[i]);
		if (!o.open)
			continue;
		s->open_opportunities++;
		s->open_must_wins += o.must_win;
		s->open_pipeline += o.value;
	}
	char quarter[8];
	kam_quarter_format(p->ctx->quarter, quarter);
	const kam_node *rows = list(p->plan, "revenue");
	for (size_t i = 0; i < count_of(rows); i++)
		if (is(text(rows->items[i], "quarter"), quarter)) {
			s->has_revenue = true;
			number(rows->items[i], "target", &s->revenue_target);
			number(rows->items[i], "actual", &s->revenue_actual);
		}
	kam_date reviewed;
	if (kam_date_parse(text(p->plan, "reviewed"), &reviewed))
		kam_date_format(kam_date_add_months(reviewed, 3), s->review_due);
	compute_health(p, &s->health);
	keep_deciders(p, s);
}

void kam_plan_summary_release(kam_plan_summary *s)
{
	for (size_t i = 0; i < s->decider_count; i++) {
		free(s->deciders[i].contact);
		free(s->deciders[i].deal);
	}
	free(s->deciders);
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
	plan_view p = {ctx, plan, file, text(plan, "id"), diags, &ids};
	for (size_t i = 0; i < sizeof(plan_rules) / sizeof(plan_rules[0]); i++)
		if (ctx->config->severity[plan_rules[i].rule] != KAM_SEV_OFF)
			plan_rules[i].check(&p);
	if (summary)
		summarize(&p, summary);
	plan_ids_release(&ids);
}

void kam_rules_check_document(const kam_rules_context *ctx, const kam_node *doc, const char *file,
			      kam_diag_list *diags)
{
	if (!doc || doc->kind != KAM_NODE_MAP || ctx->config->severity[KAM_RULE_ACTION_OVERDUE] == KAM_SEV_OFF)
		return;
	plan_view p = {ctx, doc, file, NULL, diags, NULL}; /* overdue_actions needs no ids */
	overdue_actions(&p);
}

/* ------------------------------------------------------------------ */
/* portfolio                                                           */

static long rule_option(const kam_config *c, kam_rule rule, const char *name, long fallback)
{
	const kam_node *n = kam_node_get(c->rule_options[rule], name);
	return n && kam_node_is_integer(n) ? (long)n->number : fallback;
}

/* Key plans grouped by owner (in plan order within an owner): one pass per
 * owner instead of one per plan. */
static void key_account_limit(const kam_rules_context *ctx, const kam_plan_summary *plans, size_t n,
			      const bool *report, kam_diag_list *diags)
{
	long max = rule_option(ctx->config, KAM_RULE_KEY_ACCOUNT_LIMIT, "max", 3);
	kam_keyed *keys = kam_xcalloc(n + 1, sizeof(kam_keyed));
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (kam_tier_parse(plans[i].tier) == KAM_TIER_KEY && plans[i].owner &&
		    !plans[i].duplicate)
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
						    p->tier_column, "%s manages %ld key accounts, more than %ld (%s)",
						    p->owner, (long)(end - first), max, names.ptr);
			kam_diag_set_hint(d, "hand a key account to another manager, or change its tier");
		}
		kam_buf_release(&names);
	}
	free(keys);
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

void kam_rules_check_portfolio(const kam_rules_context *ctx, const kam_plan_summary *plans,
			       size_t count, const bool *report, const kam_index *index,
			       kam_diag_list *diags)
{
	if (ctx->config->severity[KAM_RULE_KEY_ACCOUNT_LIMIT] != KAM_SEV_OFF)
		key_account_limit(ctx, plans, count, report, diags);
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
