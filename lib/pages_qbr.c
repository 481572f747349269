/* The QBR pages: quarters/2026-Q3.html for each quarter of the site's
 * history, from the same kam_quarter_report and kam_diff `kam diff
 * --quarter` tells: the portfolio headline, the pipeline bridge (a chart
 * with its numbers as a table), won and lost deals, stage moves,
 * relationship and attitude moves, health movers, revenue against target,
 * who changed what, and each changed account's story. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kam/plan.h"
#include "kam/pool.h"
#include "site_history.h"
#include "banned.h"

typedef struct qbr {
	const site *s;
	const site_quarter *sq;
	kam_html *b;
	const kam_account_diff *accounts;
	size_t count;
} qbr;

static void money_td(kam_html *b, const char *fact, const char *currency, double v)
{
	kam_html_raw(b, "<td class=\"num\"");
	kam_html_attr(b, "data-fact", fact);
	kam_html_attr(b, "data-currency", currency);
	kam_html_raw(b, ">");
	kam_html_money(b, v);
	kam_html_raw(b, "</td>");
}

static void count_td(kam_html *b, const char *fact, size_t n)
{
	kam_html_raw(b, "<td class=\"num\"");
	kam_html_attr(b, "data-fact", fact);
	kam_html_raw(b, ">");
	kam_html_int(b, (long long)n);
	kam_html_raw(b, "</td>");
}

/* An account by name, linked to its page when it has one; the id on hover. */
static void account_ref(kam_html *b, const site *s, const kam_account_diff *a)
{
	const char *name = site_account_name(s, a->account);
	if (!name)
		name = a->name ? a->name : a->account;
	if (site_has_account(s, a->account)) {
		kam_html_raw(b, "<a");
		char *url = kam_xprintf("../accounts/%s.html", a->account);
		kam_html_url(b, "href", url);
		free(url);
		kam_html_attr(b, "title", a->account);
		kam_html_raw(b, ">");
		kam_html_text(b, name);
		kam_html_raw(b, "</a>");
	} else {
		kam_html_raw(b, "<span");
		kam_html_attr(b, "title", a->account);
		kam_html_raw(b, ">");
		kam_html_text(b, name);
		kam_html_raw(b, "</span>");
	}
}

/* ------------------------------------------------------------------ */
/* story sentences                                                     */

/* One sentence of a story: kam diff --quarter's words in data-fact (what
 * the tests compare), by name for the reader. */
static void story_item(kam_html *b, const site *s, const char *account, const char *sentence,
		       const char *root)
{
	kam_html_raw(b, "<li");
	kam_html_attr(b, "data-fact", sentence);
	kam_html_raw(b, ">");
	site_named_text(b, s, account, sentence, root);
	kam_html_raw(b, "</li>\n");
}

void site_story_list(kam_html *b, const site *s, const kam_account_diff *a, const char *root)
{
	kam_html_raw(b, "<ul class=\"story\"");
	kam_html_attr(b, "data-account", a->account);
	kam_html_raw(b, ">\n");
	for (size_t i = 0; i < a->story_count; i++)
		story_item(b, s, a->account, a->story[i], root);
	kam_html_raw(b, "</ul>\n");
}

/* ------------------------------------------------------------------ */
/* headline                                                            */

static void headline(qbr *q)
{
	const kam_diff_totals *t = &q->sq->totals;
	kam_html *b = q->b;
	kam_html_raw(b, "<section id=\"headline\">\n<h2>Headline</h2>\n");
	table_box(b, "Headline: open pipeline, won, lost");
	kam_html_raw(b, "<table class=\"headline\">\n<tr><th scope=\"col\">Currency</th>"
			"<th scope=\"col\">Open pipeline at start</th><th scope=\"col\">At end</th>"
			"<th scope=\"col\">Won</th><th scope=\"col\">Lost</th>"
			"<th scope=\"col\">Slipped out</th></tr>\n");
	for (size_t i = 0; i < t->money_count; i++) {
		const kam_money_totals *m = &t->money[i];
		kam_html_raw(b, "<tr><th scope=\"row\">");
		kam_html_text(b, m->currency);
		kam_html_raw(b, "</th>");
		money_td(b, "pipeline_before", m->currency, m->pipeline_before);
		money_td(b, "pipeline_after", m->currency, m->pipeline_after);
		money_td(b, "won_value", m->currency, m->won_value);
		money_td(b, "lost_value", m->currency, m->lost_value);
		money_td(b, "slipped_out_value", m->currency, m->slipped_out_value);
		kam_html_raw(b, "</tr>\n");
	}
	kam_html_raw(b, "</table></div>\n");
	table_box(b, "Headline: deals and accounts");
	kam_html_raw(
	    b, "<table class=\"headline-counts\">\n"
	       "<tr><th scope=\"col\">Accounts changed</th><th scope=\"col\">New deals</th>"
	       "<th scope=\"col\">Won</th><th scope=\"col\">Lost</th>"
	       "<th scope=\"col\">Moved forward</th><th scope=\"col\">Moved back</th>"
	       "<th scope=\"col\">Slipped out</th></tr>\n<tr>");
	count_td(b, "accounts_changed", t->accounts_changed);
	count_td(b, "new_opportunities", t->added);
	count_td(b, "won", t->won);
	count_td(b, "lost", t->lost);
	count_td(b, "stage_forward", t->stage_forward);
	count_td(b, "stage_back", t->stage_back);
	count_td(b, "slipped_out", t->slipped_out);
	kam_html_raw(b, "</tr>\n</table></div>\n</section>\n");
}

/* ------------------------------------------------------------------ */
/* the pipeline bridge                                                 */

/* The bridge of one currency. It adds up by construction:
 *   end = start + new + increased - decreased - won - lost
 * start and end are the open pipeline of the changed accounts (the
 * totals' pipeline_before/after), new the value of open deals added, won
 * and lost the value of deals that became won or lost (the totals'). What
 * is left of each account's change, after - before - new + won + lost
 * (values changed, deals reopened or removed, closed deals added), is
 * "increased" when positive and "decreased" when negative, account by
 * account. Slipped out is no step: those deals are still open and in the
 * end; it is shown beside the end, as the part of it that left the
 * quarter. */
typedef struct bridge {
	const char *currency;
	double start, added, increased, decreased, won, lost, end, slipped_out;
} bridge;

static void bridge_of(const qbr *q, const kam_money_totals *m, bridge *out)
{
	*out = (bridge){m->currency,   m->pipeline_before, m->new_value,	0, 0, m->won_value,
			m->lost_value, m->pipeline_after,  m->slipped_out_value};
	for (size_t i = 0; i < q->count; i++) {
		kam_diff_totals t;
		kam_diff_account_totals_in(q->sq->report.diff, q->accounts[i].account, m->currency,
					   &q->sq->quarter, &t);
		const kam_money_totals *a = &t.money[0]; /* m->currency's, asked first */
		double rest = a->pipeline_after - a->pipeline_before - a->new_value + a->won_value +
			      a->lost_value;
		if (rest > 0)
			out->increased += rest;
		else
			out->decreased -= rest;
		kam_diff_totals_release(&t);
	}
}

enum { BRIDGE_W = 640, BRIDGE_H = 260, BRIDGE_TOP = 24, BRIDGE_BOTTOM = 40, BRIDGE_LEFT = 8 };

typedef struct step {
	const char *label;
	double from, to; /* the running total before and after the step */
	int kind;	 /* 0 a total, 1 up, -1 down, 2 beside the end */
} step;

static size_t bridge_steps(const bridge *g, step out[8])
{
	double at = g->start;
	size_t n = 0;
	out[n++] = (step){"Start", 0, at, 0};
	out[n++] = (step){"New", at, at + g->added, 1};
	at += g->added;
	out[n++] = (step){"Increased", at, at + g->increased, 1};
	at += g->increased;
	out[n++] = (step){"Decreased", at, at - g->decreased, -1};
	at -= g->decreased;
	out[n++] = (step){"Won", at, at - g->won, -1};
	at -= g->won;
	out[n++] = (step){"Lost", at, at - g->lost, -1};
	out[n++] = (step){"End", 0, g->end, 0};
	out[n++] = (step){"Slipped out", 0, g->slipped_out, 2};
	return n;
}

static char *bridge_words(const bridge *g)
{
	char *v[8];
	double x[8] = {g->start, g->added, g->increased, g->decreased,
		       g->won,	 g->lost,  g->end,	 g->slipped_out};
	for (int i = 0; i < 8; i++)
		v[i] = site_money_text(x[i]);
	char *words = kam_xprintf(
	    "Pipeline bridge in %s: start %s, new %s, increased %s, decreased %s, won %s, lost %s, "
	    "end %s; of the end, %s slipped out of the quarter",
	    g->currency, v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]);
	for (int i = 0; i < 8; i++)
		free(v[i]);
	return words;
}

/* A step's kind as a class kam.css colours (the sign and label say it too). */
static void bridge_step_class(kam_html *b, int kind)
{
	if (kind == 1)
		kam_html_raw(b, " class=\"up\"");
	else if (kind == -1)
		kam_html_raw(b, " class=\"down\"");
	else if (kind == 2)
		kam_html_raw(b, " class=\"beside\"");
	else
		kam_html_raw(b, " class=\"total\"");
}

static void bridge_chart(kam_html *b, const bridge *g)
{
	step st[8];
	size_t n = bridge_steps(g, st);
	double top = 0;
	for (size_t i = 0; i < n; i++)
		top = fmax(top, fmax(st[i].from, st[i].to));
	if (!(top > 0))
		top = 1;
	double plot = BRIDGE_H - BRIDGE_TOP - BRIDGE_BOTTOM,
	       slot = (BRIDGE_W - BRIDGE_LEFT) / (double)n;
	char *words = bridge_words(g);
	kam_html_raw(b, "<svg class=\"bridge\" role=\"img\" viewBox=\"0 0 640 260\" "
			"preserveAspectRatio=\"xMidYMid meet\"");
	kam_html_attr(b, "aria-label", words);
	kam_html_raw(b, "><title>");
	kam_html_text(b, words);
	kam_html_raw(b, "</title>\n");
	free(words);
	for (size_t i = 0; i < n; i++) {
		double lo = fmin(st[i].from, st[i].to), hi = fmax(st[i].from, st[i].to);
		double y = BRIDGE_TOP + plot * (1 - hi / top), h = plot * (hi - lo) / top;
		double x = BRIDGE_LEFT + slot * (double)i + slot * 0.15, w = slot * 0.7;
		kam_html_raw(b, "<rect");
		kam_html_attr_num(b, "x", x);
		kam_html_attr_num(b, "y", y);
		kam_html_attr_num(b, "width", w);
		kam_html_attr_num(b, "height", fmax(h, 1));
		bridge_step_class(b, st[i].kind);
		kam_html_raw(b, "/>\n<text text-anchor=\"middle\" class=\"value\"");
		kam_html_attr_num(b, "x", x + w / 2);
		kam_html_attr_num(b, "y", y - 4);
		kam_html_raw(b, ">");
		if (st[i].kind == 1)
			kam_html_raw(b, "+");
		else if (st[i].kind == -1)
			kam_html_raw(b, "\xe2\x88\x92"); /* − : a sign, not only a colour */
		kam_html_money(b, hi - lo);
		kam_html_raw(b, "</text>\n<text text-anchor=\"middle\" class=\"axis\"");
		kam_html_attr_num(b, "x", x + w / 2);
		kam_html_attr_num(b, "y", BRIDGE_H - BRIDGE_BOTTOM + 16);
		kam_html_raw(b, ">");
		kam_html_text(b, st[i].label);
		kam_html_raw(b, "</text>\n");
	}
	kam_html_raw(b, "</svg>\n");
}

static void bridge_row(kam_html *b, const char *label, const char *sign, const char *fact,
		       const char *currency, double v)
{
	kam_html_raw(b, "<tr><th scope=\"row\">");
	kam_html_text(b, label);
	kam_html_raw(b, "</th><td>");
	kam_html_text(b, sign);
	kam_html_raw(b, "</td>");
	money_td(b, fact, currency, v);
	kam_html_raw(b, "</tr>\n");
}

static void bridge_section(qbr *q)
{
	kam_html *b = q->b;
	kam_html_raw(b, "<section id=\"bridge\">\n<h2>Pipeline bridge</h2>\n");
	for (size_t i = 0; i < q->sq->totals.money_count; i++) {
		bridge g;
		bridge_of(q, &q->sq->totals.money[i], &g);
		if (!g.start && !g.end && !g.won && !g.lost && q->sq->totals.money_count > 1)
			continue;
		kam_html_raw(b, "<figure class=\"bridge\">\n");
		bridge_chart(b, &g);
		kam_html_raw(b, "<figcaption>Open pipeline in ");
		kam_html_text(b, g.currency);
		kam_html_raw(
		    b, ", start to end. Slipped out: deals still open that were to "
		       "close this quarter and now close later; they are part of the "
		       "end.</figcaption>\n"
		       "</figure>\n");
		char *label = kam_xprintf("The bridge's numbers (%s)", g.currency);
		table_box(b, label);
		free(label);
		kam_html_raw(b, "<table class=\"bridge\">\n<caption>The bridge's numbers (");
		kam_html_text(b, g.currency);
		kam_html_raw(b, ")</caption>\n<tr><th scope=\"col\">Step</th><th scope=\"col\">"
				"Sign</th><th scope=\"col\">Value</th></tr>\n");
		bridge_row(b, "Start", "", "bridge_start", g.currency, g.start);
		bridge_row(b, "New deals", "+", "bridge_new", g.currency, g.added);
		bridge_row(b, "Increased", "+", "bridge_increased", g.currency, g.increased);
		bridge_row(b, "Decreased", "\xe2\x88\x92", "bridge_decreased", g.currency,
			   g.decreased);
		bridge_row(b, "Won", "\xe2\x88\x92", "bridge_won", g.currency, g.won);
		bridge_row(b, "Lost", "\xe2\x88\x92", "bridge_lost", g.currency, g.lost);
		bridge_row(b, "End", "=", "bridge_end", g.currency, g.end);
		bridge_row(b, "Of the end, slipped out of the quarter", "", "bridge_slipped_out",
			   g.currency, g.slipped_out);
		kam_html_raw(b, "</table></div>\n");
	}
	kam_html_raw(b, "</section>\n");
}

/* ------------------------------------------------------------------ */
/* deals, people, health, revenue                                      */

/* The first story sentence of a that names id as a word: how kam diff
 * tells that change (value, reason, to whom). */
static const char *sentence_of(const kam_account_diff *a, const char *id)
{
	size_t n = strlen(id);
	for (size_t i = 0; i < a->story_count; i++)
		for (const char *p = strstr(a->story[i], id); p; p = strstr(p + 1, id)) {
			bool start = p == a->story[i] || p[-1] == ' ' || p[-1] == '(';
			char end = p[n];
			if (start &&
			    (end == '\0' || end == ' ' || end == ':' || end == ',' || end == ')'))
				return a->story[i];
		}
	return NULL;
}

static bool is_stage_change(const kam_change *c)
{
	return c->collection && strcmp(c->collection, "opportunities") == 0 && c->field &&
	       strcmp(c->field, "stage") == 0 && c->entity;
}

/* Deals that became won (want_won) or lost, or that moved between open
 * stages (neither: closed false). */
static void deal_rows(qbr *q, kam_stage want, bool moves, size_t *rows)
{
	kam_html *b = q->b;
	for (size_t i = 0; i < q->count; i++) {
		const kam_account_diff *a = &q->accounts[i];
		for (size_t k = 0; k < a->change_count; k++) {
			const kam_change *c = &a->changes[k];
			if (!is_stage_change(c))
				continue;
			kam_stage to = kam_stage_parse(c->new_value);
			if (moves ? kam_stage_closed(to) ||
					kam_stage_closed(kam_stage_parse(c->old_value))
				  : to != want)
				continue;
			(*rows)++;
			kam_html_raw(b, "<tr><td>");
			account_ref(b, q->s, a);
			kam_html_raw(b, "</td><td>");
			site_named_id(b, q->s, a->account, c->entity, "../");
			kam_html_raw(b, "</td><td>");
			if (moves) {
				kam_html_text(b, c->old_value);
				kam_html_raw(b, " \xe2\x86\x92 ");
				kam_html_text(b, c->new_value);
			} else if (sentence_of(a, c->entity))
				site_named_text(b, q->s, a->account, sentence_of(a, c->entity),
						"../");
			else
				kam_html_raw(b, "-");
			kam_html_raw(b, "</td></tr>\n");
		}
	}
}

static void deals_section(qbr *q, const char *id, const char *title, kam_stage want, bool moves)
{
	kam_html *b = q->b;
	kam_html_raw(b, "<section");
	kam_html_attr(b, "id", id);
	kam_html_raw(b, ">\n<h2>");
	kam_html_text(b, title);
	kam_html_raw(b, "</h2>\n");
	table_box(b, title);
	kam_html_raw(b, "<table>\n<tr><th scope=\"col\">Account</th>"
			"<th scope=\"col\">Deal</th><th scope=\"col\">");
	kam_html_text(b, moves ? "Stage" : "As told (value, reason)");
	kam_html_raw(b, "</th></tr>\n");
	size_t rows = 0;
	deal_rows(q, want, moves, &rows);
	kam_html_raw(b, "</table></div>\n");
	if (!rows)
		kam_html_raw(b, "<p>None.</p>\n");
	kam_html_raw(b, "</section>\n");
}

static void lost_reasons(qbr *q)
{
	const kam_diff_totals *t = &q->sq->totals;
	if (!t->lost_by_count)
		return;
	kam_html *b = q->b;
	table_box(b, "Lost by reason");
	kam_html_raw(
	    b, "<table class=\"lost-by\">\n<caption>Lost by "
	       "reason</caption>\n<tr><th scope=\"col\">Reason</th><th scope=\"col\">Deals</th>"
	       "<th scope=\"col\">Value</th><th scope=\"col\">Lost to</th></tr>\n");
	for (size_t i = 0; i < t->lost_by_count; i++) {
		const kam_lost_totals *l = &t->lost_by[i];
		kam_html_raw(b, "<tr><td>");
		kam_html_text_or(b, kam_lost_reason_name(l->reason), "not given");
		kam_html_raw(b, "</td>");
		count_td(b, "lost_by_deals", l->deals);
		money_td(b, "lost_by_value", l->currency, l->value);
		cell(b, l->lost_to);
		kam_html_raw(b, "</tr>\n");
	}
	kam_html_raw(b, "</table></div>\n");
}

static bool is_people_change(const kam_change *c)
{
	return c->collection && strcmp(c->collection, "contacts") == 0 && c->field && c->entity &&
	       (strcmp(c->field, "attitude") == 0 || strncmp(c->field, "relationship.", 13) == 0);
}

static void people_section(qbr *q)
{
	kam_html *b = q->b;
	kam_html_raw(b, "<section id=\"people\">\n<h2>Relationship and attitude moves</h2>\n");
	table_box(b, "Relationship and attitude moves");
	kam_html_raw(b, "<table>\n<tr><th scope=\"col\">Account</th>"
			"<th scope=\"col\">Person</th><th scope=\"col\">What</th>"
			"<th scope=\"col\">Before</th><th scope=\"col\">After</th></tr>\n");
	size_t rows = 0;
	for (size_t i = 0; i < q->count; i++) {
		const kam_account_diff *a = &q->accounts[i];
		for (size_t k = 0; k < a->change_count; k++) {
			const kam_change *c = &a->changes[k];
			if (!is_people_change(c))
				continue;
			rows++;
			kam_html_raw(b, "<tr><td>");
			account_ref(b, q->s, a);
			kam_html_raw(b, "</td><td>");
			site_named_id(b, q->s, a->account, c->entity, "../");
			kam_html_raw(b, "</td>");
			cell(b, strcmp(c->field, "attitude") == 0 ? "attitude" : c->field + 13);
			cell(b, c->old_value);
			cell(b, c->new_value);
			kam_html_raw(b, "</tr>\n");
		}
	}
	kam_html_raw(b, "</table></div>\n");
	if (!rows)
		kam_html_raw(b, "<p>None.</p>\n");
	kam_html_raw(b, "</section>\n");
}

static int by_health_move(const void *x, const void *y)
{
	const kam_account_diff *a = *(const kam_account_diff *const *)x,
			       *b = *(const kam_account_diff *const *)y;
	int da = abs(a->after.health.score - a->before.health.score),
	    db = abs(b->after.health.score - b->before.health.score);
	return da != db ? db - da : strcmp(a->account, b->account);
}

static void health_section(qbr *q)
{
	kam_html *b = q->b;
	const kam_account_diff **moved = kam_xcalloc(q->count + 1, sizeof(*moved));
	size_t n = 0;
	for (size_t i = 0; i < q->count; i++)
		if (q->accounts[i].has_before && q->accounts[i].has_after &&
		    q->accounts[i].before.health.score != q->accounts[i].after.health.score)
			moved[n++] = &q->accounts[i];
	qsort(moved, n, sizeof(*moved), by_health_move);
	kam_html_raw(b, "<section id=\"health\">\n<h2>Health movers</h2>\n");
	if (!n)
		kam_html_raw(b, "<p>No account's health moved.</p>\n");
	else {
		table_box(b, "Health movers");
		kam_html_raw(
		    b, "<table>\n<tr><th scope=\"col\">Account</th>"
		       "<th scope=\"col\">Before</th><th scope=\"col\">After</th>"
		       "<th scope=\"col\">Move</th></tr>\n");
		for (size_t i = 0; i < n; i++) {
			int before = moved[i]->before.health.score,
			    after = moved[i]->after.health.score;
			kam_html_raw(b, "<tr><td>");
			account_ref(b, q->s, moved[i]);
			kam_html_raw(b, "</td><td class=\"num\">");
			kam_html_int(b, before);
			kam_html_raw(b, "</td><td class=\"num\">");
			kam_html_int(b, after);
			kam_html_raw(b, "</td><td class=\"num\">");
			kam_html_text(b, after > before ? "\xe2\x96\xb2 +"
							: "\xe2\x96\xbc \xe2\x88\x92");
			kam_html_int(b, abs(after - before));
			kam_html_raw(b, "</td></tr>\n");
		}
		kam_html_raw(b, "</table></div>\n");
	}
	kam_html_raw(b, "</section>\n");
	free(moved);
}

static void revenue_section(qbr *q)
{
	kam_html *b = q->b;
	kam_html_raw(b, "<section id=\"revenue\">\n<h2>Revenue against target</h2>\n");
	table_box(b, "Revenue against target");
	kam_html_raw(b, "<table>\n<tr><th scope=\"col\">Account</th>"
			"<th scope=\"col\">Revenue</th><th scope=\"col\">Target</th>"
			"<th scope=\"col\">Of target</th></tr>\n");
	size_t rows = 0;
	for (size_t i = 0; i < q->count; i++) {
		const kam_account_diff *a = &q->accounts[i];
		if (!a->has_after || !a->after.has_revenue)
			continue;
		rows++;
		kam_html_raw(b, "<tr><td>");
		account_ref(b, q->s, a);
		kam_html_raw(b, "</td>");
		const char *cur =
		    a->after.currency ? a->after.currency : q->sq->report.range.currency;
		money_td(b, "revenue_actual", cur, a->after.revenue_actual);
		money_td(b, "revenue_target", cur, a->after.revenue_target);
		kam_html_raw(b, "<td class=\"num\">");
		if (a->after.revenue_target > 0) {
			kam_html_int(
			    b, site_percent(a->after.revenue_actual, a->after.revenue_target));
			kam_html_raw(b, "%");
		} else
			kam_html_raw(b, "-");
		kam_html_raw(b, "</td></tr>\n");
	}
	kam_html_raw(b, "</table></div>\n");
	if (!rows)
		kam_html_raw(b,
			     "<p>No revenue row of the quarter in the plans that changed.</p>\n");
	kam_html_raw(b, "</section>\n");
}

/* The commits by author: a commit line is "1a2b3c4 2026-07-03 Anna
 * Petrova: message" (kam/quarterly.h); its author follows the date. */
static bool commit_by(const char *line, const char *author)
{
	const char *p = strchr(line, ' ');
	p = p ? strchr(p + 1, ' ') : NULL;
	size_t n = strlen(author);
	return p && strncmp(p + 1, author, n) == 0 && p[1 + n] == ':';
}

static void authors_section(qbr *q)
{
	kam_html *b = q->b;
	const kam_diff_range *r = &q->sq->report.range;
	kam_html_raw(b, "<section id=\"authors\">\n<h2>Who changed what</h2>\n");
	if (!r->author_count)
		kam_html_raw(b, "<p>No commit changed the plans in this quarter.</p>\n");
	for (size_t i = 0; i < r->author_count; i++) {
		kam_html_raw(b, "<h3>");
		kam_html_text(b, r->authors[i]);
		kam_html_raw(b, "</h3>\n<ul class=\"commits\">\n");
		for (size_t k = 0; k < r->commit_count; k++)
			if (commit_by(r->commits[k], r->authors[i])) {
				kam_html_raw(b, "<li><code>");
				kam_html_text(b, r->commits[k]);
				kam_html_raw(b, "</code></li>\n");
			}
		kam_html_raw(b, "</ul>\n");
	}
	kam_html_raw(b, "</section>\n");
}

/* ------------------------------------------------------------------ */
/* the accounts                                                        */

static void account_section(qbr *q, const kam_account_diff *a)
{
	kam_html *b = q->b;
	kam_html_raw(b, "<section class=\"qbr-account\"");
	char *anchor = kam_xprintf("account-%s", a->account);
	kam_html_attr(b, "id", anchor);
	free(anchor);
	kam_html_raw(b, ">\n<h3>");
	account_ref(b, q->s, a);
	if (a->status != KAM_ACCOUNT_CHANGED)
		kam_html_text(b,
			      a->status == KAM_ACCOUNT_ADDED ? " (new plan)" : " (plan removed)");
	kam_html_raw(b, "</h3>\n<p class=\"facts\">Open pipeline ");
	if (a->has_before)
		kam_html_money(b, a->before.open_pipeline);
	else
		kam_html_raw(b, "-");
	kam_html_raw(b, " \xe2\x86\x92 ");
	if (a->has_after)
		kam_html_money(b, a->after.open_pipeline);
	else
		kam_html_raw(b, "-");
	kam_html_raw(b, " · health ");
	if (a->has_before)
		kam_html_int(b, a->before.health.score);
	else
		kam_html_raw(b, "-");
	kam_html_raw(b, " \xe2\x86\x92 ");
	if (a->has_after)
		kam_html_int(b, a->after.health.score);
	else
		kam_html_raw(b, "-");
	kam_html_raw(b, "</p>\n");
	site_story_list(b, q->s, a, "../");
	kam_html_raw(b, "</section>\n");
}

static void intro(qbr *q)
{
	kam_html *b = q->b;
	const kam_diff_range *r = &q->sq->report.range;
	kam_html_raw(b, "<h1>");
	kam_html_text(b, q->sq->label);
	kam_html_raw(b, " quarterly business review</h1>\n");
	if (r->in_progress) {
		kam_html_raw(
		    b, "<p class=\"in-progress\" data-fact=\"in_progress\"><strong>In progress"
		       "</strong>: the quarter so far, as of <time");
		kam_html_attr(b, "datetime", r->after_as_of);
		kam_html_raw(b, ">");
		kam_html_text(b, r->after_as_of);
		kam_html_raw(b, "</time>.</p>\n");
	}
	kam_html_raw(b, "<p class=\"facts\">The plans at ");
	kam_html_text(b, r->base);
	kam_html_raw(b, " against ");
	kam_html_text(b, r->head);
	kam_html_raw(b, "; health judged on ");
	kam_html_text(b, r->before_as_of);
	kam_html_raw(b, " and ");
	kam_html_text(b, r->after_as_of);
	kam_html_raw(b, ". Amounts in the plans' currencies, never added across them.</p>\n");
}

/* A quarter's page, built without touching the site: the pool builds
 * several at once. */
static kam_html *quarter_page(site *s, const site_quarter *sq)
{
	qbr q = {s, sq, kam_html_new(), NULL, 0};
	q.accounts = kam_diff_accounts(sq->report.diff, &q.count);
	char *title = kam_xprintf("%s quarterly business review", sq->label);
	page_start(q.b, title, "../");
	free(title);
	intro(&q);
	headline(&q);
	bridge_section(&q);
	deals_section(&q, "won", "Won", KAM_STAGE_WON, false);
	deals_section(&q, "lost", "Lost", KAM_STAGE_LOST, false);
	lost_reasons(&q);
	deals_section(&q, "stages", "Stage moves", KAM_STAGE_UNKNOWN, true);
	people_section(&q);
	health_section(&q);
	revenue_section(&q);
	authors_section(&q);
	kam_html_raw(q.b, "<section id=\"accounts\">\n<h2>Accounts</h2>\n");
	if (!q.count)
		kam_html_raw(q.b, "<p>No plan changed in this quarter.</p>\n");
	for (size_t i = 0; i < q.count; i++)
		account_section(&q, &q.accounts[i]);
	kam_html_raw(q.b, "</section>\n");
	page_end(q.b, s);
	return q.b;
}

typedef struct quarter_jobs {
	site *s;
	kam_html **pages; /* built, not written yet */
} quarter_jobs;

static void build_quarter(void *ctx, size_t i, size_t worker)
{
	(void)worker;
	quarter_jobs *j = ctx;
	j->pages[i] = quarter_page(j->s, &j->s->history->quarters[i]);
}

/* In the pool's order, one page at a time: the site's writer is not shared. */
static void write_quarter(void *ctx, size_t i)
{
	quarter_jobs *j = ctx;
	char *rel = kam_xprintf("quarters/%s.html", j->s->history->quarters[i].label);
	site_emit(&j->s->out, rel, j->pages[i]);
	free(rel);
}

void render_quarters(site *s)
{
	size_t n = s->history ? s->history->count : 0;
	quarter_jobs j = {s, kam_xcalloc(n + 1, sizeof(kam_html *))};
	kam_pool_jobs jobs = {n, build_quarter, write_quarter, &j};
	kam_pool_run(&jobs, kam_thread_count(n));
	free(j.pages);
}
