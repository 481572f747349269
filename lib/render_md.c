/* kam render --format md: a Markdown summary of one account for a forge or
 * a pull request (headline facts with the next renewal and the competitors,
 * the opportunities with their forecast category, the relationship map as
 * a Mermaid graph), every value through the Markdown writer. */
#include "kam/render.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kam/contracts.h"
#include "kam/doc.h"
#include "kam/forecast.h"
#include "kam/plan.h"
#include "kam/status.h"
#include "mdwrite.h"
#include "banned.h"

static bool same(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

/* ------------------------------------------------------------------ */
/* a Markdown summary for a forge                                      */

/* Mermaid node ids are numbers, never the contacts' ids (c.2 and c-2
 * were one node): contact i is n<i+1>; a reports_to naming no contact of
 * the plan gets a node of its own after them, labelled with the name. */
static size_t contact_number(const kam_node *contacts, const char *id)
{
	for (size_t i = 0; id && i < contacts->count; i++)
		if (same(kam_node_text_at(contacts->items[i], "id"), id))
			return i + 1;
	return 0;
}

static void md_contact_node(kam_buf *b, const kam_node *c, size_t number)
{
	kam_buf_puts(b, "  ");
	kam_mermaid_id(b, number);
	kam_buf_puts(b, "[\"");
	kam_mermaid_label(b, kam_node_text_at(c, "name"));
	kam_buf_puts(b, "<br/>");
	kam_mermaid_label(b, kam_node_text_at(c, "title") ? kam_node_text_at(c, "title") : "");
	kam_buf_puts(b, "<br/>");
	kam_mermaid_label(b, kam_node_text_at(c, "attitude") ? kam_node_text_at(c, "attitude")
							     : "attitude unknown");
	kam_contact_view v;
	kam_contact_view_read(&v, c);
	if (v.influence < KAM_INFLUENCE_UNKNOWN) { /* words from kam/plan.h, labels all the same */
		kam_buf_puts(b, " · influence ");
		kam_mermaid_label(b, kam_influence_name(v.influence));
	}
	if (v.status == KAM_CONTACT_LEFT || v.status == KAM_CONTACT_MOVED) {
		kam_buf_puts(b, " · ");
		kam_mermaid_label(b, kam_contact_statuses[v.status].label);
	}
	kam_buf_puts(b, kam_node_text_at(c, "owner") ? " · owner " : " · NO OWNER");
	kam_mermaid_label(b, kam_node_text_at(c, "owner"));
	kam_buf_puts(b, "\"]\n");
}

static void md_map(kam_buf *b, const kam_node *plan)
{
	const kam_node *contacts = kam_node_get(plan, "contacts");
	if (!contacts || contacts->kind != KAM_NODE_SEQ || !contacts->count)
		return;
	kam_buf_puts(b, "\n### Relationship map\n\n```mermaid\ngraph TD\n");
	for (size_t i = 0; i < contacts->count; i++)
		if (kam_node_text_at(contacts->items[i], "id"))
			md_contact_node(b, contacts->items[i], i + 1);
	for (size_t i = 0; i < contacts->count; i++) {
		const kam_node *c = contacts->items[i];
		const char *boss = kam_node_text_at(c, "reports_to");
		if (!boss || !kam_node_text_at(c, "id"))
			continue;
		size_t to = contact_number(contacts, boss);
		if (!to || !kam_node_text_at(contacts->items[to - 1], "id")) {
			to = contacts->count + i + 1;
			kam_buf_puts(b, "  ");
			kam_mermaid_id(b, to);
			kam_buf_puts(b, "[\"");
			kam_mermaid_label(b, boss);
			kam_buf_puts(b, "\"]\n");
		}
		kam_buf_puts(b, "  ");
		kam_mermaid_id(b, to);
		kam_buf_puts(b, " --> ");
		kam_mermaid_id(b, i + 1);
		kam_buf_putc(b, '\n');
	}
	kam_buf_puts(b, "```\n");
}

/* An open deal's forecast category (as given, else its stage's); "-" for
 * a closed one. */
static void md_forecast(kam_buf *b, const kam_config *config, const kam_node *deal)
{
	kam_opportunity_view o;
	kam_opportunity_view_read(&o, deal);
	if (!o.open) {
		kam_buf_putc(b, '-');
		return;
	}
	kam_md_text(b, kam_forecast_name(kam_opportunity_forecast(config, &o)));
	if (o.forecast == KAM_FORECAST_UNKNOWN)
		kam_buf_puts(b, " (by stage)");
}

static void md_opportunities(kam_buf *b, const kam_config *config, const kam_node *plan,
			     const char *currency)
{
	const kam_node *opps = kam_node_get(plan, "opportunities");
	if (!opps || opps->kind != KAM_NODE_SEQ || !opps->count)
		return;
	kam_buf_puts(b, "\n### Opportunities\n\n| | Opportunity | Stage | Value (");
	kam_md_text(b, currency);
	kam_buf_puts(b, ") | Close | Forecast | Decision leader |\n|---|---|---|---:|---|---|---|\n");
	for (size_t i = 0; i < opps->count; i++) {
		const kam_node *o = opps->items[i];
		const kam_node *must = kam_node_get(o, "must_win"), *v = kam_node_get(o, "value");
		kam_buf_printf(b, "| %s | ", must && must->boolean ? "**must-win**" : "");
		kam_md_text(b, kam_node_text_at(o, "title"));
		kam_buf_puts(b, " | ");
		kam_md_text(b, kam_node_text_at(o, "stage"));
		kam_buf_puts(b, " | ");
		if (v && v->kind == KAM_NODE_NUMBER)
			kam_format_money(b, v->number);
		kam_buf_puts(b, " | ");
		kam_md_text(b, kam_node_text_at(o, "close"));
		kam_buf_puts(b, " | ");
		md_forecast(b, config, o);
		kam_buf_puts(b, " | ");
		kam_md_text(b, kam_node_text_at(o, "decision_leader"));
		kam_buf_puts(b, " |\n");
	}
}

/* "- **Next renewal:** Support (`k-support`) ends 2026-12-31, notice by
 * 2026-09-30: renewed by `o-renew`" (kam/contracts.h, as kam status). */
static void md_next_renewal(kam_buf *b, const kam_node *plan, kam_date today)
{
	kam_renewal r;
	if (!kam_next_renewal(plan, today, &r))
		return;
	char end[11], notice[11];
	kam_date_format(r.end, end);
	kam_date_format(r.notice, notice);
	kam_buf_puts(b, "- **Next renewal:** ");
	if (r.contract.title) {
		kam_md_text(b, r.contract.title);
		kam_buf_puts(b, " (");
		kam_md_code(b, r.contract.id);
		kam_buf_putc(b, ')');
	} else
		kam_md_code(b, r.contract.id);
	kam_buf_printf(b, " ends %s, notice by %s: ", end, notice);
	if (r.renewed_by) {
		kam_buf_puts(b, "renewed by ");
		kam_md_code(b, r.renewed_by);
	} else
		kam_buf_puts(b, r.contract.auto_renew ? "it renews itself"
						      : "**no open deal renews it**");
	kam_buf_putc(b, '\n');
}

/* "- **Competitors:** Globex (incumbent, 40%), Initrode (niche)", by
 * kam.yaml's names. */
static void md_rivals(kam_buf *b, const kam_config *config, const kam_node *plan)
{
	const kam_node *list = kam_node_get(plan, "competitors");
	if (!list || list->kind != KAM_NODE_SEQ || !list->count)
		return;
	kam_buf_puts(b, "- **Competitors:** ");
	for (size_t i = 0; i < list->count; i++) {
		kam_rival_view r;
		kam_rival_view_read(&r, list->items[i]);
		const char *name = r.competitor;
		for (size_t k = 0; r.competitor && k < config->competitors.count; k++)
			if (same(config->competitors.items[k].id, r.competitor) &&
			    config->competitors.items[k].name)
				name = config->competitors.items[k].name;
		kam_buf_puts(b, i ? ", " : "");
		kam_md_text(b, name ? name : "-");
		if (r.position == KAM_POSITION_UNKNOWN && !r.has_share)
			continue;
		kam_buf_puts(b, " (");
		kam_md_text(b, kam_position_name(r.position));
		/* NaN and out-of-range shares clamped before any conversion */
		int share = !(r.share > 0) ? 0 : r.share > 100 ? 100 : (int)r.share;
		if (r.has_share)
			kam_buf_printf(b, "%s%d%%", r.position == KAM_POSITION_UNKNOWN ? "" : ", ",
				       share);
		kam_buf_putc(b, ')');
	}
	kam_buf_putc(b, '\n');
}

/* A member of a buying unit as a table row: name (id), role, influence and
 * attitude ("(this deal)" when the buying unit overrides the contact's),
 * our owner, last met. */
static void md_member(kam_buf *b, const kam_render_input *in, const char *account,
		      const kam_node *contacts, const kam_node *item)
{
	const char *id = kam_node_text_at(item, "contact");
	size_t at = contact_number(contacts, id);
	kam_contact_view c;
	kam_contact_view_read(&c, at ? contacts->items[at - 1] : NULL);
	kam_member_view m;
	kam_member_view_read(&m, item, &c);
	kam_buf_puts(b, "| ");
	kam_md_text(b, c.name ? c.name : id);
	if (c.status == KAM_CONTACT_LEFT || c.status == KAM_CONTACT_MOVED) {
		kam_buf_puts(b, " (");
		kam_md_text(b, kam_contact_status_name(c.status));
		kam_buf_putc(b, ')');
	}
	kam_buf_puts(b, " | ");
	kam_md_text(b, m.role < KAM_ROLE_UNKNOWN ? kam_roles[m.role].label : "-");
	kam_buf_puts(b, " | ");
	kam_md_text(b, m.influence < KAM_INFLUENCE_UNKNOWN ? kam_influence_name(m.influence) : "-");
	kam_buf_puts(b, m.own_influence ? " (this deal) | " : " | ");
	kam_md_text(b,
		    m.attitude < KAM_ATTITUDE_UNKNOWN ? kam_attitude_name(m.attitude) : "unknown");
	kam_buf_puts(b, m.own_attitude ? " (this deal) | " : " | ");
	kam_md_text(b, c.owner ? c.owner : "nobody");
	kam_buf_puts(b, " | ");
	const kam_touch *t = id ? kam_index_last_met(in->index, account, id, in->ctx->today) : NULL;
	if (t) {
		char date[11];
		kam_date_format(t->date, date);
		kam_md_text(b, date);
		kam_buf_putc(b, ' ');
		kam_md_text(b, t->kind);
	} else
		kam_buf_puts(b, "never met");
	kam_buf_puts(b, " |\n");
}

/* The buying unit of each must-win and of each open deal that names one. */
static void md_buying_units(kam_buf *b, const kam_render_input *in, const char *account,
			    const kam_node *plan)
{
	const kam_node *opps = kam_node_get(plan, "opportunities");
	const kam_node *contacts = kam_node_get(plan, "contacts");
	static const kam_node none = {.kind = KAM_NODE_SEQ};
	if (!contacts || contacts->kind != KAM_NODE_SEQ)
		contacts = &none;
	bool heading = false;
	for (size_t i = 0; opps && opps->kind == KAM_NODE_SEQ && i < opps->count; i++) {
		kam_opportunity_view o;
		kam_opportunity_view_read(&o, opps->items[i]);
		bool has_unit = o.buying_unit && o.buying_unit->count;
		if (!o.must_win && !(o.open && has_unit))
			continue;
		if (!heading)
			kam_buf_puts(b, "\n### Buying units\n");
		heading = true;
		kam_buf_puts(b, "\n**");
		kam_md_text(b, o.title ? o.title : o.id);
		kam_buf_puts(b, o.must_win ? "** (must-win)\n\n" : "**\n\n");
		if (!has_unit) {
			kam_buf_puts(
			    b, "No buying unit: who decides, approves and sponsors this deal is "
			       "not written.\n");
			continue;
		}
		kam_buf_puts(
		    b, "| Person | Role in this deal | Influence | Attitude | Our owner | Last "
		       "met |\n|---|---|---|---|---|---|\n");
		for (size_t k = 0; k < o.buying_unit->count; k++)
			md_member(b, in, account, contacts, o.buying_unit->items[k]);
	}
}

int kam_render_markdown(kam_buf *out, const kam_render_input *in, const char *account, kam_error *err)
{
	const kam_plan_summary *p = NULL;
	for (size_t i = 0; i < in->plan_count && !p; i++)
		if (same(in->plans[i].account, account))
			p = &in->plans[i];
	if (!p) {
		char *guess = kam_repo_closest_account(in->repo, account);
		kam_error_set(err, KAM_ENOTFOUND, "'%s' is not an account of this repository%s%s%s", account,
			      guess ? "; did you mean '" : "", guess ? guess : "", guess ? "'?" : "");
		free(guess);
		return KAM_ENOTFOUND;
	}
	char *rel = kam_xprintf("%s/%s.md", kam_repo_config(in->repo)->accounts_dir, account);
	kam_doc *doc;
	kam_diag_list ignored = {0};
	kam_doc_read(&doc, kam_repo_files(in->repo), rel, rel, NULL, &ignored);
	kam_diag_list_release(&ignored);
	const kam_node *plan = kam_doc_frontmatter(doc);
	kam_buf_puts(out, "## ");
	kam_md_text(out, p->name ? p->name : account);
	kam_buf_puts(out, " (");
	kam_md_code(out, account);
	kam_buf_puts(out, ")\n\n- **Tier:** ");
	kam_buf_puts(out, p->tier ? "" : "-");
	kam_md_text(out, p->tier);
	kam_buf_puts(out, " · **Type:** ");
	kam_buf_puts(out, p->type ? "" : "-");
	kam_md_text(out, p->type);
	kam_buf_puts(out, " · **Account manager:** ");
	kam_md_text(out, p->owner);
	kam_buf_puts(out, "\n- **Open pipeline:** ");
	kam_format_money(out, p->open_pipeline);
	kam_buf_putc(out, ' ');
	kam_md_text(out, p->currency);
	kam_buf_printf(out, " in %zu opportunit%s, %zu must-win%s\n", p->open_opportunities,
		       p->open_opportunities == 1 ? "y" : "ies", p->open_must_wins,
		       p->open_must_wins == 1 ? "" : "s");
	if (p->has_revenue) {
		char quarter[8];
		kam_quarter_format(in->ctx->quarter, quarter);
		kam_buf_printf(out, "- **Revenue %s:** ", quarter);
		kam_format_money(out, p->revenue_actual);
		kam_buf_puts(out, " of ");
		kam_format_money(out, p->revenue_target);
		kam_buf_putc(out, ' ');
		kam_md_text(out, p->currency);
		kam_buf_putc(out, '\n');
	}
	kam_buf_printf(out, "- **Health:** %d/100", p->health.score);
	if (kam_health_lacking(&p->health, p->health.weakest)) {
		kam_buf_printf(out, " (weakest: %s %d/%d, ", kam_health_name(p->health.weakest),
			       kam_health_points(&p->health, p->health.weakest),
			       kam_health_max(&p->health, p->health.weakest));
		kam_md_text(out, kam_health_why(&p->health, p->health.weakest));
		kam_buf_putc(out, ')');
	}
	kam_buf_printf(out, "\n- **Next review due:** %s\n", *p->review_due ? p->review_due : "-");
	if (plan) {
		md_next_renewal(out, plan, in->ctx->today);
		md_rivals(out, kam_repo_config(in->repo), plan);
		md_opportunities(out, kam_repo_config(in->repo), plan, p->currency);
		md_buying_units(out, in, account, plan);
		md_map(out, plan);
	}
	kam_doc_free(doc);
	free(rel);
	return KAM_OK;
}
