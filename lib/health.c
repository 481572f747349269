/* The account health score (kam/health.h): each part a fraction 0-1 of
 * what it measures, with its words, read from the plan's frontmatter
 * through the views of kam/plan.h; the score is their weighted share. */
#define _DEFAULT_SOURCE
#include "kam/health.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kam/plan.h"
#include "kam/pool.h"
#include "kam/rules.h"
#include "kam/status.h"
#include "kam/util.h"
#include "banned.h"

/* clang-format off */
static const struct {
	const char *name; /* as kam.yaml's health.weights writes it */
	int weight;	  /* the default; they add up to 100 */
} health_parts[KAM_HEALTH__COUNT] = {
	[KAM_HEALTH_BUYING_UNIT]    = {"buying-unit", 20},
	[KAM_HEALTH_DECIDERS]       = {"deciders", 15},
	[KAM_HEALTH_FRESHNESS]      = {"freshness", 10},
	[KAM_HEALTH_REVENUE]        = {"revenue", 20},
	[KAM_HEALTH_RELATIONSHIPS]  = {"relationships", 10},
	[KAM_HEALTH_ACTIONS]        = {"actions", 10},
	[KAM_HEALTH_REVIEW]         = {"review", 10},
	[KAM_HEALTH_COMPLETENESS]   = {"completeness", 5},
};
/* clang-format on */

enum { DEFAULT_STALE_DAYS = 90 };

const char *kam_health_name(kam_health_part part)
{
	return part < KAM_HEALTH__COUNT ? health_parts[part].name : NULL;
}

int kam_health_default_weight(kam_health_part part)
{
	return part < KAM_HEALTH__COUNT ? health_parts[part].weight : 0;
}

int kam_health_points(const kam_health *h, kam_health_part part)
{
	return (int)lround(h->parts[part].points);
}

int kam_health_max(const kam_health *h, kam_health_part part)
{
	return (int)lround(h->parts[part].max);
}

bool kam_health_lacking(const kam_health *h, kam_health_part part)
{
	return part < KAM_HEALTH__COUNT && h->parts[part].weight > 0 &&
	       h->parts[part].fraction < 1.0;
}

const char *kam_health_why(const kam_health *h, kam_health_part part)
{
	return part < KAM_HEALTH__COUNT && h->parts[part].why ? h->parts[part].why : "";
}

/* ------------------------------------------------------------------ */
/* reading the plan                                                    */

typedef struct plan_view {
	const kam_rules_context *ctx;
	const kam_node *plan;
	const kam_plan_views *views; /* the plan's deals and contacts, read once */
	kam_text_table contacts; /* contact id -> its index in contacts */
	/* per role, the first contact holding it account-wide (roles:), or -1:
	 * who approves a deal that has no buying unit */
	int account_role[KAM_ROLE_UNKNOWN];
} plan_view;

static size_t count_of(const kam_node *seq)
{
	return seq ? seq->count : 0;
}

static bool number(const kam_node *map, const char *key, double *out)
{
	const kam_node *n = kam_node_get(map, key);
	if (!n || n->kind != KAM_NODE_NUMBER || !isfinite(n->number))
		return false;
	*out = n->number;
	return true;
}

static bool is(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

static bool has_contact(const plan_view *p, const char *id)
{
	return id && kam_text_table_get(&p->contacts, id, strlen(id), NULL);
}

/* The view of contact id, read once per plan; a default view when absent. */
static void contact_view(const plan_view *p, const char *id, kam_contact_view *out)
{
	size_t at;
	if (id && kam_text_table_get(&p->contacts, id, strlen(id), &at))
		*out = p->views->people[at];
	else
		kam_contact_view_read(out, NULL);
}

static bool in_team(const kam_config *c, const char *id)
{
	if (c->team_unread) /* kam.yaml's finding says why; do not guess */
		return id != NULL;
	for (size_t i = 0; id && i < c->team_count; i++)
		if (is(c->team[i].id, id))
			return true;
	return false;
}

static void plan_view_init(plan_view *p, const kam_rules_context *ctx, const kam_node *plan,
			   const kam_plan_views *views)
{
	memset(p, 0, sizeof(*p));
	p->ctx = ctx;
	p->plan = plan;
	p->views = views;
	const kam_node *contacts = kam_node_seq_at(plan, "contacts");
	kam_node_index_items(&p->contacts, contacts, "id");
	for (int r = 0; r < KAM_ROLE_UNKNOWN; r++)
		p->account_role[r] = -1;
	for (size_t i = count_of(contacts); i-- > 0;) { /* the first holder wins */
		const kam_contact_view c = p->views->people[i];
		for (int r = 0; r < KAM_ROLE_UNKNOWN; r++)
			if (kam_contact_has_role(&c, (kam_role)r))
				p->account_role[r] = (int)i;
	}
}

/* The deals the buying unit and deciders are judged on: the open
 * must-wins, or every open deal when none is a must-win. */
typedef struct deal_set {
	kam_opportunity_view *items;
	size_t count;
	bool must_wins;
} deal_set;

static void deal_set_init(deal_set *d, const kam_plan_views *views)
{
	const kam_node *opps = views->opportunities;
	memset(d, 0, sizeof(*d));
	d->items = kam_xcalloc(count_of(opps) + 1, sizeof(*d->items));
	for (size_t i = 0; i < count_of(opps); i++) {
		const kam_opportunity_view o = views->deals[i];
		d->must_wins |= o.open && o.must_win;
	}
	for (size_t i = 0; i < count_of(opps); i++) {
		const kam_opportunity_view o = views->deals[i];
		if (o.open && (o.must_win || !d->must_wins))
			d->items[d->count++] = o;
	}
}

/* "must-win o-a", "2 must-wins", "open deal o-a", "3 open deals". */
static void describe_deals(kam_buf *out, const deal_set *d)
{
	const char *kind = d->must_wins ? "must-win" : "open deal";
	if (d->count == 1 && d->items[0].id)
		kam_buf_printf(out, "%s %s", kind, d->items[0].id);
	else
		kam_buf_printf(out, "%zu %ss", d->count, kind);
}

static const char *deal_id(const kam_opportunity_view *o)
{
	return o->id ? o->id : "an opportunity without id";
}

/* ------------------------------------------------------------------ */
/* buying-unit                                                         */

/* Gaps are counted; the first one found is said in words. */
typedef struct gaps {
	size_t count;
	kam_buf first;
} gaps;

static void gap(gaps *g, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void gap(gaps *g, const char *fmt, ...)
{
	if (g->count++)
		return;
	va_list ap;
	va_start(ap, fmt);
	kam_buf_vprintf(&g->first, fmt, ap);
	va_end(ap);
}

/* Whether contact id can hold a seat: a contact still there (not left or
 * moved) whom a team member owns. Else the first reason found goes to
 * *problem: a status label, or "" for nobody owning them. */
static bool holds(const plan_view *p, const char *id, const char **problem)
{
	kam_contact_view c;
	contact_view(p, id, &c);
	if (!c.node)
		return false; /* not a contact: ref-unresolved says so */
	if (c.status == KAM_CONTACT_LEFT || c.status == KAM_CONTACT_MOVED) {
		if (!*problem)
			*problem = kam_contact_statuses[c.status].label;
		return false;
	}
	if (!in_team(p->ctx->config, c.owner)) {
		if (!*problem)
			*problem = "";
		return false;
	}
	return true;
}

/* One seat (role) of deal o: filled when someone holds it; else a gap.
 * The deal's decision_leader and sponsor fields and its buying unit name
 * the holders; an approver, which a deal had no field for before buying
 * units, may also be the account's (roles:) when the deal has no buying
 * unit. */
static bool seat(const plan_view *p, const kam_opportunity_view *o, kam_role role, gaps *g)
{
	bool field_role = role == KAM_ROLE_KEY_DECISION_LEADER || role == KAM_ROLE_SPONSOR;
	const char *field = role == KAM_ROLE_KEY_DECISION_LEADER ? o->decision_leader
			    : role == KAM_ROLE_SPONSOR		 ? o->sponsor
								 : NULL;
	const char *problem = NULL, *who = NULL;
	if (field && has_contact(p, field)) {
		who = field;
		if (holds(p, field, &problem))
			return true;
	}
	for (size_t i = 0; o->buying_unit && i < o->buying_unit->count; i++) {
		kam_member_view m;
		kam_member_view_read(&m, o->buying_unit->items[i], NULL);
		if (m.role != role || !m.contact || !has_contact(p, m.contact))
			continue;
		who = who ? who : m.contact;
		if (holds(p, m.contact, &problem))
			return true;
	}
	if (!field_role && !o->buying_unit && p->account_role[role] >= 0) {
		const char *id = kam_node_text_at(
		    kam_node_seq_at(p->plan, "contacts")->items[p->account_role[role]], "id");
		who = who ? who : id;
		if (holds(p, id, &problem))
			return true;
	}
	const char *label = kam_roles[role].label;
	if (!who)
		gap(g, "%s has no %s", deal_id(o), label);
	else if (problem && *problem)
		gap(g, "%s's %s %s %s", deal_id(o), label, who, problem);
	else
		gap(g, "nobody on our side owns %s's %s %s", deal_id(o), label, who);
	return false;
}

static double buying_unit(const plan_view *p, const deal_set *d, kam_buf *why)
{
	static const kam_role seats[] = {KAM_ROLE_KEY_DECISION_LEADER, KAM_ROLE_APPROVER,
					 KAM_ROLE_SPONSOR};
	if (!d->count) {
		kam_buf_puts(why, "no open deal to measure");
		return 0;
	}
	gaps g = {0, KAM_BUF_INIT};
	size_t filled = 0, wanted = 0;
	for (size_t i = 0; i < d->count; i++)
		for (size_t s = 0; s < sizeof(seats) / sizeof(seats[0]); s++) {
			wanted++;
			filled += seat(p, &d->items[i], seats[s], &g);
		}
	if (!g.count) {
		kam_buf_printf(why, "%s, %s and %s known and owned for ",
			       kam_roles[KAM_ROLE_KEY_DECISION_LEADER].label,
			       kam_roles[KAM_ROLE_APPROVER].label,
			       kam_roles[KAM_ROLE_SPONSOR].label);
		describe_deals(why, d);
	} else {
		kam_buf_puts(why, g.first.ptr);
		if (g.count > 1)
			kam_buf_printf(why, " (and %zu more gap%s)", g.count - 1,
				       g.count > 2 ? "s" : "");
	}
	kam_buf_release(&g.first);
	return (double)filled / (double)wanted;
}

/* ------------------------------------------------------------------ */
/* deciders                                                            */

typedef struct decider_tally {
	const plan_view *p;
	const kam_opportunity_view *o;
	double weight, earned, worst_loss;
	size_t people, below; /* deciders, and those short of advocate */
	kam_buf worst;
} decider_tally;

/* The member of o's buying unit naming contact id, or NULL. */
static const kam_node *member_of(const kam_opportunity_view *o, const char *id)
{
	for (size_t i = 0; o->buying_unit && i < o->buying_unit->count; i++) {
		kam_member_view m;
		kam_member_view_read(&m, o->buying_unit->items[i], NULL);
		if (is(m.contact, id) && kam_role_decides(m.role))
			return o->buying_unit->items[i];
	}
	return NULL;
}

/* A decider weighs 1, 2 or 3 by influence (unknown: 2) and earns warmth/4
 * of it: an advocate all, an opponent or an unknown attitude nothing. */
static void tally_decider(void *ctx, const char *id, kam_role role, const kam_node *at)
{
	(void)role;
	(void)at;
	decider_tally *t = ctx;
	kam_contact_view c;
	contact_view(t->p, id, &c);
	kam_member_view m;
	kam_member_view_read(&m, member_of(t->o, id), &c);
	int order = kam_influence_order(m.influence);
	double weight = order < 0 ? 2 : order + 1;
	int warmth = kam_attitude_warmth(m.attitude);
	double share = warmth < 0 ? 0 : warmth / 4.0;
	t->people++;
	t->weight += weight;
	t->earned += weight * share;
	if (share >= 1.0)
		return;
	t->below++;
	double loss = weight * (1 - share);
	if (loss <= t->worst_loss)
		return;
	t->worst_loss = loss;
	kam_buf_reset(&t->worst);
	kam_buf_printf(&t->worst, "%s decides %s, ", id, deal_id(t->o));
	if (warmth < 0)
		kam_buf_puts(&t->worst, "attitude unknown");
	else
		kam_buf_puts(&t->worst, kam_attitude_name(m.attitude));
	if (order >= 0)
		kam_buf_printf(&t->worst, "%s %s influence", warmth < 0 ? "," : " of",
			       kam_influence_name(m.influence));
}

static double deciders(const plan_view *p, const deal_set *d, kam_buf *why)
{
	if (!d->count) {
		kam_buf_puts(why, "no open deal to measure");
		return 0;
	}
	decider_tally t = {p, NULL, 0, 0, 0, 0, 0, KAM_BUF_INIT};
	for (size_t i = 0; i < d->count; i++) {
		t.o = &d->items[i];
		kam_opportunity_each_decider(t.o, tally_decider, &t);
	}
	double fraction = t.weight > 0 ? t.earned / t.weight : 0;
	if (!t.people) {
		kam_buf_puts(why, "no decider named for ");
		describe_deals(why, d);
	} else if (!t.below)
		kam_buf_printf(why, "%s %zu decider%s %s", t.people == 1 ? "the" : "all", t.people,
			       t.people == 1 ? "" : "s",
			       t.people == 1 ? "is an advocate" : "are advocates");
	else {
		kam_buf_puts(why, t.worst.ptr);
		if (t.below > 1)
			kam_buf_printf(why, " (and %zu more below advocate)", t.below - 1);
	}
	kam_buf_release(&t.worst);
	return fraction;
}

/* ------------------------------------------------------------------ */
/* freshness                                                           */

static long days_between(kam_date from, kam_date to)
{
	return kam_date_days(to) - kam_date_days(from);
}

static int stale_days(const kam_config *c)
{
	const kam_node *n = kam_node_get(c->rule_options[KAM_RULE_CONTACT_STALE], "days");
	return n && kam_node_is_integer(n) && n->number >= 1 && n->number <= 100000
		   ? (int)n->number
		   : DEFAULT_STALE_DAYS;
}

/* The deciders of the open deals, each once, and when each was last met. */
typedef struct met_list {
	const char **ids;
	kam_date *last;
	bool *met;
	size_t count;
	kam_text_table index; /* id -> its place */
	kam_date today;
} met_list;

static void met_list_init(met_list *m, const kam_decider *deciders, size_t n, kam_date today)
{
	memset(m, 0, sizeof(*m));
	m->ids = kam_xcalloc(n + 1, sizeof(*m->ids));
	m->last = kam_xcalloc(n + 1, sizeof(*m->last));
	m->met = kam_xcalloc(n + 1, sizeof(*m->met));
	m->today = today;
	for (size_t i = 0; i < n; i++) {
		const char *id = deciders[i].contact;
		if (id && kam_text_table_put(&m->index, id, strlen(id), m->count))
			m->ids[m->count++] = id;
	}
}

static void met_list_release(met_list *m)
{
	free(m->ids);
	free(m->last);
	free(m->met);
	kam_text_table_release(&m->index);
}

static void met_on(met_list *m, size_t at, kam_date date)
{
	if (kam_date_compare(date, m->today) > 0)
		return; /* a touch planned for later is not a meeting yet */
	if (!m->met[at] || kam_date_compare(date, m->last[at]) > 0)
		m->last[at] = date;
	m->met[at] = true;
}

static void plan_touch(void *ctx, const char *id, const char *date, const char *kind)
{
	(void)kind;
	met_list *m = ctx;
	size_t at;
	kam_date d;
	if (kam_text_table_get(&m->index, id, strlen(id), &at) && kam_date_parse(date, &d))
		met_on(m, at, d);
}

/* The share of deciders met within days; the one met longest ago (never
 * met first) goes to *oldest. */
static double freshness(const met_list *m, int days, kam_health_contact *oldest, kam_buf *why)
{
	free(oldest->contact);
	memset(oldest, 0, sizeof(*oldest));
	if (!m->count) {
		kam_buf_puts(why, "no decider of an open deal named");
		return 0;
	}
	size_t fresh = 0, worst = 0;
	for (size_t i = 0; i < m->count; i++) {
		fresh += m->met[i] && days_between(m->last[i], m->today) <= days;
		bool older =
		    !m->met[i] ? m->met[worst] || i < worst
			       : m->met[worst] && kam_date_compare(m->last[i], m->last[worst]) < 0;
		if (older)
			worst = i;
	}
	oldest->contact = kam_xstrdup(m->ids[worst]);
	oldest->met = m->met[worst];
	oldest->date = m->last[worst];
	oldest->days = oldest->met ? days_between(oldest->date, m->today) : 0;
	kam_buf_printf(why, "%zu of %zu decider%s met in the last %d days", fresh, m->count,
		       m->count == 1 ? "" : "s", days);
	if (fresh < m->count && !oldest->met)
		kam_buf_printf(why, "; %s never met", oldest->contact);
	else if (fresh < m->count) {
		char date[11];
		kam_date_format(oldest->date, date);
		kam_buf_printf(why, "; %s last met %s", oldest->contact, date);
	}
	return (double)fresh / (double)m->count;
}

/* ------------------------------------------------------------------ */
/* revenue                                                             */

/* Booked against the target prorated to today: a quarter's target is
 * met in full only on its last day. */
static double revenue(const plan_view *p, kam_buf *why)
{
	char quarter[8];
	kam_quarter_format(p->ctx->quarter, quarter);
	const kam_node *rows = kam_node_seq_at(p->plan, "revenue"), *row = NULL;
	for (size_t i = 0; i < count_of(rows); i++)
		if (is(kam_node_text_at(rows->items[i], "quarter"), quarter))
			row = rows->items[i]; /* the last, as kam status shows it */
	double target = 0, actual = 0;
	if (!row) {
		kam_buf_printf(why, "no revenue row for %s", quarter);
		return 0;
	}
	if (!number(row, "target", &target) || target <= 0) {
		kam_buf_printf(why, "no revenue target for %s", quarter);
		return 0;
	}
	number(row, "actual", &actual);
	int fs = p->ctx->config->fiscal_year_start;
	kam_date first = kam_quarter_first_day(p->ctx->quarter, fs);
	kam_date last = kam_quarter_last_day(p->ctx->quarter, fs);
	double elapsed = (double)(days_between(first, p->ctx->today) + 1) /
			 (double)(days_between(first, last) + 1);
	double fraction = actual <= 0 ? 0 : actual / (target * elapsed);
	const char *currency = kam_node_text_at(p->plan, "currency");
	kam_buf_puts(why, "booked ");
	kam_format_money(why, actual);
	kam_buf_puts(why, " of ");
	kam_format_money(why, target);
	kam_buf_printf(why, " %s, %ld%% into the quarter",
		       currency ? currency : p->ctx->config->currency, lround(elapsed * 100));
	return fraction > 1 ? 1 : fraction;
}

/* ------------------------------------------------------------------ */
/* relationships                                                       */

/* Whether the relationship with c is behind its plan: a target whose
 * quarter passed short of it, or a step whose quarter passed below its
 * level. A level not given counts as 0, not known to them. */
static bool behind_plan(const plan_view *p, const kam_contact_view *c, kam_buf *words)
{
	int level = c->level < 0 ? 0 : c->level;
	kam_quarter q;
	if (c->target >= 0 && level < c->target && kam_quarter_parse(c->by, &q) &&
	    kam_quarter_compare(q, p->ctx->quarter) < 0) {
		kam_buf_printf(words, "%s at level %d, short of %d by %s", c->id, level, c->target,
			       c->by);
		return true;
	}
	for (size_t i = 0; c->steps && i < c->steps->count; i++) {
		const kam_node *step = c->steps->items[i];
		double want;
		if (number(step, "level", &want) && level < want &&
		    kam_quarter_parse(kam_node_text_at(step, "quarter"), &q) &&
		    kam_quarter_compare(q, p->ctx->quarter) < 0) {
			kam_buf_printf(words, "%s at level %d, behind its %s step to %g", c->id,
				       level, kam_node_text_at(step, "quarter"), want);
			return true;
		}
	}
	return false;
}

static double relationships(const plan_view *p, kam_buf *why)
{
	const kam_node *contacts = kam_node_seq_at(p->plan, "contacts");
	size_t planned = 0, behind = 0;
	kam_buf first = KAM_BUF_INIT, words = KAM_BUF_INIT;
	for (size_t i = 0; i < count_of(contacts); i++) {
		const kam_contact_view c = p->views->people[i];
		if (!c.id || c.status == KAM_CONTACT_LEFT ||
		    (c.target < 0 && (!c.steps || !c.steps->count)))
			continue;
		planned++;
		kam_buf_reset(&words);
		if (behind_plan(p, &c, &words) && !behind++)
			kam_buf_puts(&first, words.ptr);
	}
	if (!planned)
		kam_buf_puts(why, "no relationship target or step planned");
	else {
		kam_buf_printf(why, "%zu of %zu relationship%s on plan", planned - behind, planned,
			       planned == 1 ? "" : "s");
		if (behind)
			kam_buf_printf(why, "; %s", first.ptr);
	}
	kam_buf_release(&first);
	kam_buf_release(&words);
	return planned ? (double)(planned - behind) / (double)planned : 0;
}

/* ------------------------------------------------------------------ */
/* actions                                                             */

void kam_health_count_actions(const kam_node *actions, kam_date today, kam_health_actions *out)
{
	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < count_of(actions); i++) {
		kam_action_view a;
		kam_action_view_read(&a, actions->items[i]);
		if (!a.node || !a.open)
			continue;
		out->open++;
		kam_date due;
		if (!kam_date_parse(a.due, &due) || kam_date_compare(due, today) >= 0) {
			out->on_time++;
			continue;
		}
		if (out->late && kam_date_compare(due, out->late_due) >= 0)
			continue;
		free(out->late);
		out->late = kam_xstrdup(a.id ? a.id : a.text ? a.text : "an action");
		out->late_due = due;
	}
}

void kam_health_actions_release(kam_health_actions *a)
{
	free(a->late);
	memset(a, 0, sizeof(*a));
}

static double actions(const kam_health_actions *a, kam_buf *why)
{
	if (!a->open) {
		kam_buf_puts(why, "no open action in the plan or its meeting notes");
		return 0;
	}
	kam_buf_printf(why, "%zu of %zu open action%s on time", a->on_time, a->open,
		       a->open == 1 ? "" : "s");
	if (a->late) {
		char due[11];
		kam_date_format(a->late_due, due);
		kam_buf_printf(why, "; %s was due %s", a->late, due);
	}
	return (double)a->on_time / (double)a->open;
}

/* ------------------------------------------------------------------ */
/* review and completeness                                             */

/* Full points when reviewed this quarter, half while the review is not yet
 * overdue, none after. */
static double review(const plan_view *p, kam_buf *why)
{
	kam_date reviewed;
	const char *written = kam_node_text_at(p->plan, "reviewed");
	if (!kam_date_parse(written, &reviewed)) {
		kam_buf_puts(why, "the plan has no reviewed date");
		return 0;
	}
	int fs = p->ctx->config->fiscal_year_start;
	char due[11];
	kam_date next = kam_review_due(reviewed);
	kam_date_format(next, due);
	if (kam_quarter_compare(kam_quarter_of(reviewed, fs), p->ctx->quarter) == 0) {
		kam_buf_printf(why, "reviewed %s, this quarter", written);
		return 1.0;
	}
	if (kam_date_compare(next, p->ctx->today) >= 0) {
		kam_buf_printf(why, "reviewed %s, before this quarter; due again by %s", written,
			       due);
		return 0.5;
	}
	kam_buf_printf(why, "last reviewed %s, overdue since %s", written, due);
	return 0;
}

static bool present(const plan_view *p, const char *key)
{
	const kam_node *n = kam_node_get(p->plan, key);
	return n && (n->kind == KAM_NODE_MAP || (n->kind == KAM_NODE_SEQ && n->count > 0));
}

/* One fifth for each of the five parts of an account plan. */
static double completeness(const plan_view *p, kam_buf *why)
{
	bool part[5] = {present(p, "strategy") || present(p, "initiatives"),
			present(p, "opportunities"), present(p, "routes"), present(p, "contacts"),
			present(p, "goals") || present(p, "risks") || present(p, "actions") ||
			    present(p, "revenue")};
	static const char *const names[5] = {"strategy or initiatives", "opportunities", "routes",
					     "contacts", "goals, risks, actions or revenue"};
	int parts = 0;
	for (int i = 0; i < 5; i++)
		if (part[i])
			parts++;
		else
			kam_buf_printf(why, "%s%s", parts == i ? "missing: " : ", ", names[i]);
	if (parts == 5)
		kam_buf_puts(why, "all five parts of the plan filled in");
	return parts / 5.0;
}

/* ------------------------------------------------------------------ */
/* the score                                                           */

static void read_weights(const kam_config *c, kam_health *h)
{
	const kam_node *weights = kam_node_get(c->health, "weights");
	for (int i = 0; i < KAM_HEALTH__COUNT; i++) {
		const kam_node *w = kam_node_get(weights, health_parts[i].name);
		bool valid = w && kam_node_is_integer(w) && w->number >= 0 && w->number <= 100;
		h->parts[i].weight = valid ? (int)w->number : health_parts[i].weight;
	}
}

static void set_part(kam_health *h, kam_health_part part, double fraction, kam_buf *why)
{
	h->parts[part].fraction = fraction < 0 ? 0 : fraction > 1 ? 1 : fraction;
	free(h->parts[part].why);
	h->parts[part].why = kam_buf_detach(why);
}

/* The points of each part, the score and the weakest part: the one that
 * loses the most points (the first of equals). */
static void add_up(kam_health *h)
{
	int total = 0;
	for (int i = 0; i < KAM_HEALTH__COUNT; i++)
		total += h->parts[i].weight;
	double sum = 0, worst = -1;
	h->weakest = KAM_HEALTH_BUYING_UNIT;
	for (int i = 0; i < KAM_HEALTH__COUNT; i++) {
		kam_health_score *s = &h->parts[i];
		s->max = total ? 100.0 * s->weight / total : 0;
		s->points = s->fraction * s->max;
		sum += s->points;
		if (s->weight && s->max - s->points > worst + 1e-9) {
			worst = s->max - s->points;
			h->weakest = (kam_health_part)i;
		}
	}
	h->score = (int)lround(sum);
}

void kam_health_compute(kam_health *h, const kam_rules_context *ctx, const kam_node *plan,
			const kam_decider *decider_list, size_t decider_count)
{
	kam_plan_views views;
	kam_plan_views_read(&views, plan);
	kam_health_compute_views(h, ctx, plan, &views, decider_list, decider_count);
	kam_plan_views_release(&views);
}

void kam_health_compute_views(kam_health *h, const kam_rules_context *ctx, const kam_node *plan,
			      const kam_plan_views *views, const kam_decider *decider_list,
			      size_t decider_count)
{
	memset(h, 0, sizeof(*h));
	read_weights(ctx->config, h);
	h->stale_days = stale_days(ctx->config);
	plan_view p;
	plan_view_init(&p, ctx, plan, views);
	deal_set d;
	deal_set_init(&d, views);
	kam_buf why = KAM_BUF_INIT;
	set_part(h, KAM_HEALTH_BUYING_UNIT, buying_unit(&p, &d, &why), &why);
	set_part(h, KAM_HEALTH_DECIDERS, deciders(&p, &d, &why), &why);
	met_list m;
	met_list_init(&m, decider_list, decider_count, ctx->today);
	kam_plan_each_touch(plan, plan_touch, &m);
	set_part(h, KAM_HEALTH_FRESHNESS, freshness(&m, h->stale_days, &h->oldest, &why), &why);
	met_list_release(&m);
	set_part(h, KAM_HEALTH_REVENUE, revenue(&p, &why), &why);
	set_part(h, KAM_HEALTH_RELATIONSHIPS, relationships(&p, &why), &why);
	kam_health_count_actions(kam_node_seq_at(plan, "actions"), ctx->today, &h->actions);
	set_part(h, KAM_HEALTH_ACTIONS, actions(&h->actions, &why), &why);
	set_part(h, KAM_HEALTH_REVIEW, review(&p, &why), &why);
	set_part(h, KAM_HEALTH_COMPLETENESS, completeness(&p, &why), &why);
	add_up(h);
	kam_buf_release(&why);
	free(d.items);
	kam_text_table_release(&p.contacts);
}

void kam_health_release(kam_health *h)
{
	if (!h)
		return;
	for (int i = 0; i < KAM_HEALTH__COUNT; i++)
		free(h->parts[i].why);
	free(h->oldest.contact);
	kam_health_actions_release(&h->actions);
	memset(h, 0, sizeof(*h));
}

/* ------------------------------------------------------------------ */
/* meeting notes and the finishing step                                */

static void add_actions(kam_health_actions *to, const kam_health_actions *from)
{
	to->open += from->open;
	to->on_time += from->on_time;
	if (from->late && (!to->late || kam_date_compare(from->late_due, to->late_due) < 0)) {
		free(to->late);
		to->late = kam_xstrdup(from->late);
		to->late_due = from->late_due;
	}
}

static void refresh(kam_plan_summary *s, const kam_index *index, const kam_rules_context *ctx,
		    const kam_health_actions *notes)
{
	kam_health *h = &s->health;
	kam_buf why = KAM_BUF_INIT;
	met_list m;
	met_list_init(&m, s->deciders, s->decider_count, ctx->today);
	for (size_t i = 0; s->account && i < m.count; i++) {
		const kam_touch *t = kam_index_last_met(index, s->account, m.ids[i], ctx->today);
		if (t)
			met_on(&m, i, t->date);
	}
	set_part(h, KAM_HEALTH_FRESHNESS, freshness(&m, h->stale_days, &h->oldest, &why), &why);
	met_list_release(&m);
	kam_health_actions all = {0};
	add_actions(&all, &h->actions);
	if (notes)
		add_actions(&all, notes);
	set_part(h, KAM_HEALTH_ACTIONS, actions(&all, &why), &why);
	kam_health_actions_release(&all);
	add_up(h);
	kam_buf_release(&why);
}

/* Each plan's refresh touches its own summary and reads the index: runs
 * of plans on the pool (a tenth of kam check's time after the documents
 * at 10,000 plans). */
typedef struct refreshing {
	kam_plan_summary *plans;
	size_t count;
	const kam_index *index;
	const kam_rules_context *ctx;
	kam_health_actions *from_notes;
} refreshing;

static void refresh_run(void *ctx, size_t run, size_t worker)
{
	(void)worker;
	refreshing *r = ctx;
	for (size_t i = run * KAM_POOL_RUN; i < kam_pool_run_end(run, r->count); i++) {
		refresh(&r->plans[i], r->index, r->ctx, &r->from_notes[i]);
		kam_health_actions_release(&r->from_notes[i]);
	}
}

void kam_health_finish(kam_plan_summary *plans, size_t count, const kam_index *index,
		       const kam_rules_context *ctx, const kam_note_facts *notes,
		       size_t note_count)
{
	kam_text_table accounts = {0};
	for (size_t i = 0; i < count; i++)
		if (plans[i].account && !plans[i].duplicate)
			kam_text_table_put(&accounts, plans[i].account, strlen(plans[i].account),
					   i);
	kam_health_actions *from_notes = kam_xcalloc(count + 1, sizeof(*from_notes));
	for (size_t i = 0; i < note_count; i++) {
		size_t at;
		if (notes[i].account &&
		    kam_text_table_get(&accounts, notes[i].account, strlen(notes[i].account), &at))
			add_actions(&from_notes[at], &notes[i].open);
	}
	refreshing r = {plans, count, index, ctx, from_notes};
	kam_pool_jobs jobs = {kam_pool_runs(count), refresh_run, NULL, &r};
	kam_pool_run(&jobs, kam_thread_count(jobs.count));
	free(from_notes);
	kam_text_table_release(&accounts);
}
