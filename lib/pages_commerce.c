/* The commerce parts of the site (plan model v2, issue 17): on an account's
 * page its units, competitors, contracts with the next renewal, the
 * whitespace matrix, goals with their actions and each deal's commerce
 * facts; on the portfolio the quarter's forecast and the competitors; and
 * the competitors' page. The numbers come from the modules kam forecast,
 * kam competitors and kam whitespace use (never recomputed here); every
 * value goes through the HTML writer. */
#include <stdlib.h>
#include <string.h>

#include "kam/competitors.h"
#include "kam/contracts.h"
#include "kam/forecast.h"
#include "kam/goals.h"
#include "kam/whitespace.h"
#include "site.h"
#include "banned.h"

static const kam_node *seq_of(const kam_node *plan, const char *key)
{
	const kam_node *n = kam_node_get(plan, key);
	return n && n->kind == KAM_NODE_SEQ && n->count ? n : NULL;
}

const char *site_declared_name(const kam_declared_list *d, const char *id)
{
	for (size_t i = 0; id && i < d->count; i++)
		if (d->items[i].id && strcmp(d->items[i].id, id) == 0)
			return d->items[i].name && *d->items[i].name ? d->items[i].name
								     : d->items[i].id;
	return NULL;
}

/* The item of a plan's list whose id is id, or NULL. */
static const kam_node *item_with_id(const kam_node *plan, const char *key, const char *id)
{
	const kam_node *list = seq_of(plan, key);
	for (size_t i = 0; id && list && i < list->count; i++)
		if (kam_node_text_at(list->items[i], "id") &&
		    strcmp(kam_node_text_at(list->items[i], "id"), id) == 0)
			return list->items[i];
	return NULL;
}

/* A link to #id on this page, labelled by the item's title or name. */
static void anchor_link(kam_html *b, const char *id, const char *label)
{
	if (!id) {
		kam_html_raw(b, "-");
		return;
	}
	link_to(b, kam_xprintf("#%s", id), label ? label : id);
}

/* A deal of this plan, linked to its row by its title. */
static void deal_link(kam_html *b, const kam_node *plan, const char *id)
{
	anchor_link(b, id, kam_node_text_at(item_with_id(plan, "opportunities", id), "title"));
}

bool site_has_competitors(const site *s)
{
	const kam_declared_list *d = &kam_repo_config(s->in->repo)->competitors;
	return d->declared && !d->unread && d->count;
}

void competitor_link(kam_html *b, const site *s, const char *id, const char *root)
{
	const char *name = site_declared_name(&kam_repo_config(s->in->repo)->competitors, id);
	if (!name || !site_has_competitors(s) || !kam_site_name_ok(id)) {
		kam_html_text_or(b, name ? name : id, "-");
		return;
	}
	link_to(b, kam_xprintf("%scompetitors.html#%s", root, id), name);
}

static void unit_name(kam_html *b, const kam_node *plan, const char *id)
{
	const char *name = kam_node_text_at(item_with_id(plan, "units", id), "name");
	kam_html_text_or(b, name ? name : id, "-");
}

static void offering_name(kam_html *b, const site *s, const char *id)
{
	const char *name = site_declared_name(&kam_repo_config(s->in->repo)->offerings, id);
	kam_html_text_or(b, name ? name : id, "-");
}

/* "1 open cell" / "2 open cells": n and words from the code. */
static void count_of(kam_html *b, size_t n, const char *one, const char *many)
{
	kam_html_int(b, (long long)n);
	kam_html_raw(b, " ");
	kam_html_text(b, n == 1 ? one : many);
}

static void money_or_dash(kam_html *b, bool known, double v)
{
	if (known)
		kam_html_money(b, v);
	else
		kam_html_raw(b, "-");
}

/* ------------------------------------------------------------------ */
/* a deal's commerce facts                                             */

static void sep(kam_html *b, bool *first)
{
	if (!*first)
		kam_html_raw(b, " · ");
	*first = false;
}

static void deal_rivals(kam_html *b, const site *s, const kam_opportunity_view *o, bool *first)
{
	const kam_node *list = o->competitors;
	bool named = false;
	for (size_t i = 0; list && list->kind == KAM_NODE_SEQ && i < list->count; i++) {
		if (!kam_node_string(list->items[i]))
			continue; /* the schema's finding */
		if (!named) {
			sep(b, first);
			kam_html_raw(b, "vs ");
		} else
			kam_html_raw(b, ", ");
		named = true;
		competitor_link(b, s, kam_node_string(list->items[i]), "../");
	}
}

static void deal_lost(kam_html *b, const site *s, const kam_opportunity_view *o, bool *first)
{
	if (o->stage != KAM_STAGE_LOST || (!o->lost_to && o->lost_reason == KAM_LOST_UNKNOWN))
		return;
	sep(b, first);
	kam_html_raw(b, "<span class=\"bad\">lost");
	if (o->lost_to) {
		kam_html_raw(b, " to ");
		competitor_link(b, s, o->lost_to, "../");
	}
	if (o->lost_reason != KAM_LOST_UNKNOWN) {
		o->lost_to ? kam_html_raw(b, " (") : kam_html_raw(b, ": ");
		kam_html_text(b, kam_lost_reason_name(o->lost_reason));
		if (o->lost_to)
			kam_html_raw(b, ")");
	}
	kam_html_raw(b, "</span>");
}

void deal_facts(kam_html *b, const site *s, const kam_node *plan, const kam_node *deal)
{
	kam_opportunity_view o;
	kam_opportunity_view_read(&o, deal);
	bool first = true;
	kam_html_raw(b, "<br><small class=\"facts\">");
	if (o.type != KAM_DEAL_UNKNOWN) {
		sep(b, &first);
		kam_html_text(b, kam_deal_type_name(o.type));
	}
	if (o.renews) {
		sep(b, &first);
		kam_html_raw(b, "renews ");
		const kam_node *contract = item_with_id(plan, "contracts", o.renews);
		if (contract) /* else no row to link to: kam check reports the name */
			anchor_link(b, o.renews, kam_node_text_at(contract, "title"));
		else
			kam_html_text(b, o.renews);
	}
	if (o.offering || o.unit) {
		sep(b, &first);
		if (o.offering)
			offering_name(b, s, o.offering);
		if (o.offering && o.unit)
			kam_html_raw(b, " for ");
		else if (o.unit)
			kam_html_raw(b, "unit ");
		if (o.unit)
			unit_name(b, plan, o.unit);
	}
	deal_rivals(b, s, &o, &first);
	if (o.sole_source) {
		sep(b, &first);
		kam_html_raw(b, "sole source");
	}
	if (o.opened) {
		sep(b, &first);
		kam_html_raw(b, "opened ");
		kam_html_text(b, o.opened);
	}
	deal_lost(b, s, &o, &first);
	kam_html_raw(b, "</small>");
}

bool deal_has_facts(const kam_node *deal)
{
	kam_opportunity_view o;
	kam_opportunity_view_read(&o, deal);
	return o.type != KAM_DEAL_UNKNOWN || o.renews || o.offering || o.unit || o.opened ||
	       o.sole_source ||
	       (o.competitors && o.competitors->kind == KAM_NODE_SEQ && o.competitors->count) ||
	       (o.stage == KAM_STAGE_LOST && (o.lost_to || o.lost_reason != KAM_LOST_UNKNOWN));
}

void deal_forecast_cell(kam_html *b, const site *s, const kam_node *deal)
{
	kam_opportunity_view o;
	kam_opportunity_view_read(&o, deal);
	if (!o.open) {
		kam_html_raw(b, "<td>-</td>");
		return;
	}
	kam_forecast f = kam_opportunity_forecast(kam_repo_config(s->in->repo), &o);
	kam_html_raw(b, "<td");
	kam_html_class(b, kam_html_forecast_class(f), KAM_CLASS_NONE);
	kam_html_raw(b, ">");
	kam_html_text(b, kam_forecast_name(f));
	if (o.forecast == KAM_FORECAST_UNKNOWN) /* not written: the stage's default */
		kam_html_raw(b, " <small class=\"override\">by stage</small>");
	kam_html_raw(b, "</td>");
}

/* ------------------------------------------------------------------ */
/* units and competitors                                               */

/* The plan's units: their contacts and open deals, linked. */
void units_block(kam_html *b, const kam_node *plan)
{
	const kam_node *units = seq_of(plan, "units");
	if (!units)
		return;
	const kam_node *contacts = seq_of(plan, "contacts"), *deals = seq_of(plan, "opportunities");
	kam_html_raw(b,
		     "<h3 id=\"part-1-units\">Units (buying centres)</h3>\n");
	table_box(b, "Units");
	kam_html_raw(b, "<table class=\"units\">"
		     "<tr><th>Unit</th><th>Contacts</th><th>Open deals</th></tr>\n");
	for (size_t i = 0; i < units->count; i++) {
		const char *id = kam_node_text_at(units->items[i], "id");
		kam_html_raw(b, "<tr><td>");
		unit_name(b, plan, id);
		kam_html_raw(b, "</td><td>");
		size_t n = 0;
		for (size_t c = 0; id && contacts && c < contacts->count; c++) {
			const char *u = kam_node_text_at(contacts->items[c], "unit");
			if (!u || strcmp(u, id) != 0)
				continue;
			if (n++)
				kam_html_raw(b, ", ");
			const char *cid = kam_node_text_at(contacts->items[c], "id");
			anchor_link(b, cid, kam_node_text_at(contacts->items[c], "name"));
		}
		n ? kam_html_raw(b, "</td><td>") : kam_html_raw(b, "-</td><td>");
		n = 0;
		for (size_t d = 0; id && deals && d < deals->count; d++) {
			kam_opportunity_view o;
			kam_opportunity_view_read(&o, deals->items[d]);
			if (!o.open || !o.unit || strcmp(o.unit, id) != 0)
				continue;
			if (n++)
				kam_html_raw(b, ", ");
			anchor_link(b, o.id, o.title);
		}
		n ? kam_html_raw(b, "</td></tr>\n") : kam_html_raw(b, "-</td></tr>\n");
	}
	kam_html_raw(b, "</table></div>\n");
}

/* Who we are up against in this account: position, share and notes. */
void rivals_block(kam_html *b, const site *s, const kam_node *plan)
{
	const kam_node *list = seq_of(plan, "competitors");
	if (!list)
		return;
	kam_html_raw(b,
		     "<h3 id=\"part-2-competitors\">Competitors</h3>\n");
	table_box(b, "Competitors");
	kam_html_raw(b, "<table class=\"rivals\"><tr>"
		     "<th>Competitor</th><th>Position</th><th>Share</th><th>Notes</th></tr>\n");
	for (size_t i = 0; i < list->count; i++) {
		kam_rival_view r;
		kam_rival_view_read(&r, list->items[i]);
		kam_html_raw(b, "<tr><td>");
		competitor_link(b, s, r.competitor, "../");
		kam_html_raw(b, "</td>");
		cell(b, kam_position_name(r.position));
		kam_html_raw(b, "<td class=\"num\">");
		if (r.has_share) {
			kam_html_int(b, kam_clamp_int(r.share, 0, 100));
			kam_html_raw(b, "%");
		} else
			kam_html_raw(b, "-");
		kam_html_raw(b, "</td>");
		cell(b, r.notes);
		kam_html_raw(b, "</tr>\n");
	}
	kam_html_raw(b, "</table></div>\n");
}

/* ------------------------------------------------------------------ */
/* contracts                                                           */

static void date_cell(kam_html *b, bool known, kam_date d)
{
	char text[11];
	kam_html_raw(b, "<td>");
	if (known) {
		kam_date_format(d, text);
		kam_html_text(b, text);
	} else
		kam_html_raw(b, "-");
	kam_html_raw(b, "</td>");
}

/* Who renews a contract: the deal, auto-renewal, ended, or nobody. */
static void renewal_of(kam_html *b, const site *s, const kam_node *plan, const kam_contract_view *c,
		       bool dated, kam_date end)
{
	const char *by = kam_contract_renewed_by(plan, c->id);
	if (by)
		deal_link(b, plan, by);
	else if (c->auto_renew)
		kam_html_raw(b, "renews itself");
	else if (dated && kam_date_compare(end, s->in->ctx->today) < 0)
		kam_html_raw(b, "ended");
	else
		kam_html_raw(b, "<strong class=\"bad\">no deal</strong>");
}

static void next_renewal_line(kam_html *b, const kam_node *plan, const kam_renewal *r)
{
	char end[11], notice[11];
	kam_date_format(r->end, end);
	kam_date_format(r->notice, notice);
	kam_html_raw(b, "<p class=\"next\">Next renewal: ");
	anchor_link(b, r->contract.id, r->contract.title);
	kam_html_raw(b, " ends ");
	kam_html_text(b, end);
	kam_html_raw(b, ", notice by <strong>");
	kam_html_text(b, notice);
	kam_html_raw(b, "</strong>: ");
	if (r->renewed_by) {
		kam_html_raw(b, "renewed by ");
		deal_link(b, plan, r->renewed_by);
	} else if (r->contract.auto_renew)
		kam_html_raw(b, "it renews itself");
	else
		kam_html_raw(b, "<strong class=\"bad\">no open deal renews it</strong>");
	kam_html_raw(b, ".</p>\n");
}

void contracts_block(kam_html *b, const site *s, const kam_node *plan, const char *currency)
{
	const kam_node *list = seq_of(plan, "contracts");
	if (!list)
		return;
	kam_renewal next;
	bool has_next = kam_next_renewal(plan, s->in->ctx->today, &next);
	kam_html_raw(b, "<h3 id=\"part-2-contracts\">Contracts and renewals</h3>\n");
	if (has_next)
		next_renewal_line(b, plan, &next);
	table_box(b, "Contracts");
	kam_html_raw(b, "<table class=\"contracts\"><tr><th>Contract</th><th>Value (");
	kam_html_text(b, currency);
	kam_html_raw(b, ")</th><th>Start</th><th>End</th><th>Notice by</th><th>Auto-renew</th>"
			"<th>Renewed by</th></tr>\n");
	for (size_t i = 0; i < list->count; i++) {
		kam_contract_view c;
		kam_contract_view_read(&c, list->items[i]);
		kam_date end = {0}, notice = {0};
		bool dated = kam_contract_dates(&c, &end, &notice);
		kam_html_raw(b, "<tr");
		kam_html_attr(b, "id", c.id);
		kam_html_class(
		    b, has_next && next.contract.node == c.node ? KAM_CLASS_NEXT : KAM_CLASS_NONE,
		    KAM_CLASS_NONE);
		kam_html_raw(b, ">");
		cell(b, c.title ? c.title : c.id);
		kam_html_raw(b, "<td class=\"num\">");
		money_or_dash(b, c.has_value, c.value);
		kam_html_raw(b, "</td>");
		cell(b, c.start);
		date_cell(b, dated, end);
		date_cell(b, dated, notice);
		if (c.auto_renew)
			kam_html_raw(b, "<td>yes</td><td>");
		else
			kam_html_raw(b, "<td>no</td><td>");
		renewal_of(b, s, plan, &c, dated, end);
		kam_html_raw(b, "</td></tr>\n");
	}
	kam_html_raw(b, "</table></div>\n");
}

/* ------------------------------------------------------------------ */
/* whitespace                                                          */

static void ws_deals(kam_html *b, const kam_ws_deal *d, size_t count, const char *what)
{
	for (size_t i = 0; i < count; i++) {
		kam_html_raw(b, "<br>");
		kam_html_text(b, what);
		kam_html_raw(b, " ");
		anchor_link(b, d[i].id, d[i].title);
		if (d[i].has_value) {
			kam_html_raw(b, " ");
			kam_html_money(b, d[i].value);
		}
	}
}

static void ws_cell(kam_html *b, const site *s, const kam_ws_cell *c)
{
	kam_html_raw(b, "<td");
	kam_html_class(b, kam_html_cell_class(c->status), KAM_CLASS_NONE);
	kam_html_raw(b, "><strong>");
	kam_html_text_or(b, kam_cell_status_name(c->status), "not assessed");
	kam_html_raw(b, "</strong>");
	if (c->status == KAM_CELL_OURS && c->plan_status != KAM_CELL_OURS && c->won_count) {
		kam_html_raw(b, " <small class=\"override\">by a won deal; the plan says ");
		kam_html_text_or(b, kam_cell_status_name(c->plan_status), "not assessed");
		kam_html_raw(b, "</small>");
	}
	if (c->competitor) {
		kam_html_raw(b, "<br>");
		competitor_link(b, s, c->competitor, "../");
	}
	if (c->has_potential) {
		kam_html_raw(b, "<br>potential ");
		kam_html_money(b, c->potential);
	}
	ws_deals(b, c->open, c->open_count, "open:");
	ws_deals(b, c->won, c->won_count, "won:");
	if (c->notes) {
		kam_html_raw(b, "<br><small>");
		kam_html_text(b, c->notes);
		kam_html_raw(b, "</small>");
	}
	kam_html_raw(b, "</td>");
}

static void ws_matrix(kam_html *b, const site *s, const kam_whitespace *w)
{
	table_box(b, "Whitespace");
	kam_html_raw(b, "<table class=\"matrix\"><tr><th>Unit</th>");
	for (size_t o = 0; o < w->offering_count; o++) {
		kam_html_raw(b, "<th>");
		kam_html_text(b, w->offerings[o].name ? w->offerings[o].name : w->offerings[o].id);
		kam_html_raw(b, "</th>");
	}
	kam_html_raw(b, "</tr>\n");
	for (size_t u = 0; u < w->unit_count; u++) {
		kam_html_raw(b, "<tr><th>");
		kam_html_text(b, w->units[u].name);
		kam_html_raw(b, "</th>");
		for (size_t o = 0; o < w->offering_count; o++)
			ws_cell(b, s, kam_whitespace_cell(w, u, o));
		kam_html_raw(b, "</tr>\n");
	}
	kam_html_raw(b, "</table></div>\n<p class=\"legend\">");
	count_of(b, w->open_cells, "open cell", "open cells");
	kam_html_raw(b, ", potential ");
	kam_html_money(b, w->open_potential);
	kam_html_raw(b, " ");
	kam_html_text(b, w->currency);
	kam_html_raw(b, "; ");
	count_of(b, w->open_deals, "open deal", "open deals");
	kam_html_raw(b, " worth ");
	kam_html_money(b, w->open_value);
	kam_html_raw(b, " ");
	kam_html_text(b, w->currency);
	kam_html_raw(b, "; ");
	count_of(b, w->unassessed, "cell", "cells");
	kam_html_raw(b, " not assessed.</p>\n");
}

/* What the matrix leaves out (kam check reports it) and cells given twice. */
static void ws_notes(kam_html *b, const kam_whitespace *w)
{
	if (!w->note_count)
		return;
	kam_html_raw(b, "<p>Not in the matrix:</p>\n<ul class=\"findings\">\n");
	for (size_t i = 0; i < w->note_count; i++) {
		const kam_ws_note *n = &w->notes[i];
		kam_html_raw(b, "<li class=\"warning\">");
		kam_html_text(b, n->field);
		if (n->text) {
			kam_html_raw(b, " '");
			kam_html_text(b, n->text);
			kam_html_raw(b, "'");
		}
		kam_html_raw(b, ": ");
		kam_html_text(b, n->why);
		kam_html_raw(b, "</li>\n");
	}
	kam_html_raw(b, "</ul>\n");
}

void whitespace_block(kam_html *b, const site *s, const kam_node *plan, const char *account,
		      const char *file)
{
	if (!seq_of(plan, "units") && !seq_of(plan, "whitespace"))
		return;
	kam_whitespace *w =
	    kam_whitespace_of_plan(kam_repo_config(s->in->repo), plan, account, file);
	kam_html_raw(b, "<h3 id=\"part-2-whitespace\">Whitespace</h3>\n");
	if (!w->unit_count)
		kam_html_raw(b, "<p>No matrix: the plan declares no units.</p>\n");
	else if (!w->offering_count)
		kam_html_raw(b, "<p>No matrix: kam.yaml declares no offerings.</p>\n");
	else
		ws_matrix(b, s, w);
	ws_notes(b, w);
	kam_whitespace_free(w);
}

/* ------------------------------------------------------------------ */
/* goals                                                               */

void note_goals(note_info *info, const kam_node *actions)
{
	size_t n = actions && actions->kind == KAM_NODE_SEQ ? actions->count : 0;
	if (!n)
		return;
	kam_text_table seen = {0};
	info->goals = kam_xcalloc(n, sizeof(*info->goals));
	for (size_t i = 0; i < n; i++) {
		kam_action_view a;
		kam_action_view_read(&a, actions->items[i]);
		if (a.goal && kam_text_table_put(&seen, a.goal, strlen(a.goal), info->goal_count))
			info->goals[info->goal_count++].goal.id = kam_xstrdup(a.goal);
	}
	kam_text_table_release(&seen);
	kam_goal_progress_add(info->goals, info->goal_count, actions);
}

/* Add what the account's meeting notes counted to the plan's goals. */
static void add_note_goals(const site *s, const char *account, kam_goal_progress *g, size_t n)
{
	size_t count;
	const page_job *const *notes = site_meetings_of(s, account, &count);
	for (size_t i = 0; i < count; i++) {
		const note_info *info = &notes[i]->info;
		for (size_t k = 0; k < info->goal_count; k++)
			for (size_t at = 0; at < n; at++)
				if (g[at].goal.id &&
				    strcmp(g[at].goal.id, info->goals[k].goal.id) == 0) {
					g[at].done += info->goals[k].done;
					g[at].open += info->goals[k].open;
					g[at].dropped += info->goals[k].dropped;
					break;
				}
	}
}

void goals_block(kam_html *b, const site *s, const kam_node *plan, const char *account)
{
	size_t count = 0;
	kam_goal_progress *g = kam_goal_progress_read(plan, &count);
	if (!g)
		return;
	add_note_goals(s, account, g, count);
	kam_html_raw(b,
		     "<h3 id=\"part-5-goals\">Goals</h3>\n");
	table_box(b, "Goals");
	kam_html_raw(b, "<table class=\"goals\"><tr><th>Goal</th>"
		     "<th>Quarter</th><th>Status</th><th>Owner</th><th>Measure</th>"
		     "<th>Actions</th></tr>\n");
	for (size_t i = 0; i < count; i++) {
		kam_html_raw(b, "<tr");
		kam_html_attr(b, "id", g[i].goal.id);
		kam_html_raw(b, ">");
		cell(b, g[i].goal.text);
		cell(b, g[i].goal.quarter);
		cell(b, g[i].goal.status ? g[i].goal.status : "open");
		kam_html_raw(b, "<td>");
		if (g[i].owner)
			member_link(b, s, g[i].owner, "../");
		else
			kam_html_raw(b, "-");
		kam_html_raw(b, "</td>");
		cell(b, g[i].measure);
		kam_html_raw(b, "<td class=\"num\">");
		kam_html_int(b, (long long)g[i].done);
		kam_html_raw(b, " done, ");
		kam_html_int(b, (long long)g[i].open);
		kam_html_raw(b, " open");
		if (g[i].dropped) {
			kam_html_raw(b, ", ");
			kam_html_int(b, (long long)g[i].dropped);
			kam_html_raw(b, " dropped");
		}
		kam_html_raw(b, "</td></tr>\n");
	}
	kam_html_raw(b, "</table></div>\n");
	free(g);
}

/* ------------------------------------------------------------------ */
/* the portfolio: forecast and competitors                              */

void forecast_sums_cells(kam_html *b, const kam_forecast_sums *t)
{
	double gap, coverage;
	bool met = false, has_gap = kam_forecast_gap(t, &gap);
	const double v[] = {t->won, t->commit, t->best_case, t->pipeline};
	for (size_t i = 0; i < 4; i++) {
		kam_html_raw(b, "<td class=\"num\">");
		kam_html_money(b, v[i]);
		kam_html_raw(b, "</td>");
	}
	kam_html_raw(b, "<td class=\"num\">");
	money_or_dash(b, t->has_target, t->target);
	kam_html_raw(b, "</td><td class=\"num\">");
	money_or_dash(b, has_gap, gap);
	kam_html_raw(b, "</td><td class=\"num\">");
	if (kam_forecast_coverage(t, &coverage, &met)) {
		kam_html_tenths(b, coverage);
		kam_html_raw(b, "x");
	} else
		met ? kam_html_raw(b, "<span class=\"ok\">met</span>") : kam_html_raw(b, "-");
	kam_html_raw(b, "</td>");
}

static void sums_row(kam_html *b, const char *currency, const kam_forecast_sums *t)
{
	kam_html_raw(b, "<tr>");
	cell(b, currency);
	forecast_sums_cells(b, t);
	kam_html_raw(b, "</tr>\n");
}

void forecast_block(kam_html *b, const kam_forecast_report *f, bool next)
{
	size_t n = 0;
	const kam_forecast_group *g = f ? kam_forecast_groups(f, &n) : NULL;
	char quarter[8];
	kam_quarter_format(kam_forecast_quarter(f), quarter);
	if (next)
		kam_html_raw(b, "<h2 id=\"forecast-next\">Forecast ");
	else
		kam_html_raw(b, "<h2 id=\"forecast\">Forecast ");
	kam_html_text(b, quarter);
	if (next)
		kam_html_raw(b, " (next quarter)");
	kam_html_raw(b, "</h2>\n");
	bool any = false;
	for (size_t i = 0; i < n; i++)
		any = any || g[i].total.deals || g[i].total.has_target;
	if (!any) {
		if (next)
			kam_html_raw(b, "<p>No deal closes next quarter and no plan sets its "
					"target.</p>\n");
		else
			kam_html_raw(b, "<p>No deal closes this quarter and no plan sets its "
					"target.</p>\n");
		return;
	}
	char *label = kam_xprintf("Forecast %s", quarter);
	table_box(b, label);
	free(label);
	kam_html_raw(b, "<table class=\"forecast\"><tr><th>Currency</th><th>Won</th>"
			"<th>Commit</th><th>Best case</th><th>Pipeline</th><th>Target</th>"
			"<th>Gap</th><th>Coverage</th></tr>\n");
	for (size_t i = 0; i < n; i++)
		sums_row(b, g[i].currency, &g[i].total);
	kam_html_raw(b, "</table></div>\n<p class=\"legend\">Deals closing in the quarter. Best case "
			"includes commit, pipeline includes both; gap is target - won - commit; "
			"coverage is (pipeline - commit) / gap. Currencies are never added "
			"together. By account: <code>kam forecast --by account</code>.</p>\n");
}

/* "120,000 EUR, 5,000 USD" or "-". */
static void money_list(kam_html *b, const kam_deal_list *d)
{
	if (!d->sum_count) {
		kam_html_raw(b, "-");
		return;
	}
	for (size_t i = 0; i < d->sum_count; i++) {
		if (i)
			kam_html_raw(b, ", ");
		kam_html_money(b, d->sums[i].amount);
		kam_html_raw(b, " ");
		kam_html_text(b, d->sums[i].currency);
	}
}

void competitors_summary(kam_html *b, const kam_competitors *r)
{
	size_t n = 0;
	const kam_competitor *c = kam_competitors_list(r, &n);
	if (!n)
		return;
	kam_html_raw(b, "<h2 id=\"competitors\">Competitors</h2>\n");
	table_box(b, "Competitors");
	kam_html_raw(b, "<table class=\"competitors\">"
			"<tr><th>Competitor</th><th>Accounts</th><th>Contested pipeline</th>"
			"<th>Won from</th><th>Lost to</th></tr>\n");
	for (size_t i = 0; i < n; i++) {
		kam_html_raw(b, "<tr><td>");
		if (kam_site_name_ok(c[i].id))
			link_to(b, kam_xprintf("competitors.html#%s", c[i].id),
				c[i].name ? c[i].name : c[i].id);
		else
			kam_html_text(b, c[i].name ? c[i].name : c[i].id);
		kam_html_raw(b, "</td><td class=\"num\">");
		kam_html_int(b, (long long)c[i].present_count);
		kam_html_raw(b, "</td><td class=\"num\">");
		money_list(b, &c[i].open);
		kam_html_raw(b, "</td><td class=\"num\">");
		money_list(b, &c[i].won);
		kam_html_raw(b, "</td><td class=\"num\">");
		money_list(b, &c[i].lost);
		kam_html_raw(b, "</td></tr>\n");
	}
	kam_html_raw(b, "</table></div>\n");
}

/* ------------------------------------------------------------------ */
/* the competitors' page                                               */

static void presence_rows(kam_html *b, const kam_competitor *c)
{
	char *label = kam_xprintf("Where %s is", c->name ? c->name : c->id ? c->id : "-");
	table_box(b, label); /* a region's name is unique on the page */
	free(label);
	kam_html_raw(b, "<table><tr><th>Account</th><th>Position</th><th>Share</th>"
			"<th>Notes</th></tr>\n");
	for (size_t i = 0; i < c->present_count; i++) {
		const kam_presence *p = &c->present[i];
		kam_html_raw(b, "<tr><td>");
		account_link(b, p->account, p->name, "");
		kam_html_raw(b, "</td>");
		cell(b, kam_position_name(p->position));
		kam_html_raw(b, "<td class=\"num\">");
		if (p->has_share) {
			kam_html_int(b, kam_clamp_int(p->share, 0, 100));
			kam_html_raw(b, "%");
		} else
			kam_html_raw(b, "-");
		kam_html_raw(b, "</td>");
		cell(b, p->notes);
		kam_html_raw(b, "</tr>\n");
	}
	kam_html_raw(b, "</table></div>\n");
}

/* A deal on its account's page, or its title when the account has none. */
static void rival_deal_link(kam_html *b, const kam_rival_deal *d)
{
	const char *label = d->title ? d->title : d->id;
	if (!kam_site_name_ok(d->account) || !d->id) {
		kam_html_text_or(b, label, "-");
		return;
	}
	link_to(b, kam_xprintf("accounts/%s.html#%s", d->account, d->id), label);
}

static void deal_rows(kam_html *b, const site *s, const kam_competitor *c, const char *title,
		      const kam_deal_list *d, bool lost)
{
	if (!d->count)
		return;
	kam_html_raw(b, "<h3>");
	kam_html_text(b, title);
	kam_html_raw(b, "</h3>\n");
	char *label = kam_xprintf("%s: %s", c->name ? c->name : c->id ? c->id : "-", title);
	table_box(b, label); /* a region's name is unique on the page */
	free(label);
	kam_html_raw(b, "<table><tr><th>Deal</th><th>Account</th><th>Stage</th>"
			"<th>Value</th><th>Close</th>");
	lost ? kam_html_raw(b, "<th>Reason</th></tr>\n") : kam_html_raw(b, "</tr>\n");
	for (size_t i = 0; i < d->count; i++) {
		const kam_rival_deal *r = &d->items[i];
		kam_html_raw(b, "<tr><td>");
		if (r->must_win)
			kam_html_raw(b, "<strong class=\"mustwin\">must-win</strong> ");
		rival_deal_link(b, r);
		kam_html_raw(b, "</td><td>");
		account_link(b, r->account, site_account_name(s, r->account), "");
		kam_html_raw(b, "</td>");
		cell(b, kam_stage_name(r->stage));
		kam_html_raw(b, "<td class=\"num\">");
		if (r->has_value) {
			kam_html_money(b, r->value);
			kam_html_raw(b, " ");
			kam_html_text(b, r->currency);
		} else
			kam_html_raw(b, "-");
		kam_html_raw(b, "</td>");
		cell(b, r->close);
		if (lost)
			cell(b, kam_lost_reason_name(r->lost_reason));
		kam_html_raw(b, "</tr>\n");
	}
	kam_html_raw(b, "</table></div>\n");
}

void competitors_page(kam_html *b, const site *s, const kam_competitors *r)
{
	size_t n = 0;
	const kam_competitor *c = kam_competitors_list(r, &n);
	kam_html_raw(b, "<h1>Competitors</h1>\n");
	for (size_t i = 0; i < n; i++) {
		kam_html_raw(b, "<section");
		kam_html_attr(b, "id", c[i].id);
		kam_html_raw(b, "><h2>");
		kam_html_text(b, c[i].name ? c[i].name : c[i].id);
		kam_html_raw(b, "</h2>\n<p>Contested open pipeline: ");
		money_list(b, &c[i].open);
		kam_html_raw(b, ". Won from it: ");
		money_list(b, &c[i].won);
		kam_html_raw(b, ". Lost to it: ");
		money_list(b, &c[i].lost);
		kam_html_raw(b, ".</p>\n");
		if (c[i].present_count)
			presence_rows(b, &c[i]);
		else
			kam_html_raw(b, "<p>No plan lists it among its competitors.</p>\n");
		deal_rows(b, s, &c[i], "Open deals it contests", &c[i].open, false);
		deal_rows(b, s, &c[i], "Won from it", &c[i].won, false);
		deal_rows(b, s, &c[i], "Lost to it", &c[i].lost, true);
		kam_html_raw(b, "</section>\n");
	}
	size_t left = 0;
	const kam_left_out *l = kam_competitors_left_out(r, &left);
	if (!left)
		return;
	const kam_declared_list *d = &kam_repo_config(s->in->repo)->competitors;
	kam_html_raw(b, "<h2>Left out</h2>\n<p>Run kam check.</p>\n<ul class=\"findings\">\n");
	for (size_t i = 0; i < left; i++) {
		kam_html_raw(b, "<li class=\"warning\">");
		kam_html_text(b, l[i].file);
		if (!l[i].field) {
			kam_html_raw(b, " could not be read (");
			kam_html_text(b, l[i].text);
			kam_html_raw(b, ")</li>\n");
			continue;
		}
		kam_html_raw(b, ":");
		kam_html_int(b, l[i].line);
		kam_html_raw(b, " ");
		kam_html_text(b, l[i].field);
		kam_html_raw(b, " '");
		kam_html_text(b, l[i].text);
		if (d->unread)
			kam_html_raw(b, "': kam.yaml's competitors could not be read whole</li>\n");
		else
			kam_html_raw(b, "': not in kam.yaml's competitors</li>\n");
	}
	kam_html_raw(b, "</ul>\n");
}
