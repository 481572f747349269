/* The site's history: the quarter reports of the last quarters, read once
 * per render, and the parts of the account pages and the dashboard made
 * from them. */
#define _POSIX_C_SOURCE 200809L
#include "site_history.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kam/doc_cache.h"
#include "kam/history.h"
#include "kam/index.h"
#include "kam/status.h"
#include "banned.h"

char *site_money_text(double v)
{
	kam_buf b = KAM_BUF_INIT;
	kam_format_money(&b, v);
	char *text = kam_xstrdup(kam_buf_cstr(&b));
	kam_buf_release(&b);
	return text;
}

/* rounded as kam diff's "%.0f%%" rounds (half to even) */
int site_percent(double actual, double target)
{
	return kam_clamp_int(nearbyint(100.0 * actual / target), 0, 100000);
}

/* ------------------------------------------------------------------ */
/* loading                                                             */

/* Each account's diff by its id, for the pages that look one up per
 * account and quarter (else quadratic in the accounts). */
static void index_accounts(site_quarter *sq)
{
	size_t n;
	const kam_account_diff *a = kam_diff_accounts(sq->report.diff, &n);
	for (size_t i = 0; i < n; i++) /* the first of an id is kept, as a scan found it */
		kam_text_table_put(&sq->by_account, a[i].account, strlen(a[i].account), i);
}

struct kam_doc_cache *kam_render_plans_cache(const kam_repo *repo, const kam_rules_context *ctx)
{
	const char *root = kam_repo_root(repo);
	const kam_config *c = kam_repo_config(repo);
	if (kam_history_unborn(root))
		return NULL;
	/* the walk ends with the commit before the quarter: the one it starts from */
	long long since = kam_date_midnight(kam_quarter_first_day(ctx->quarter, c->fiscal_year_start),
					    c->timezone);
	kam_commit *commits = NULL;
	size_t count = 0;
	kam_error err = {0};
	if (kam_history_load(&commits, &count, root, since, &err) < 0 || !count) {
		kam_history_free(commits, count); /* not in git */
		return NULL;
	}
	const kam_commit *start =
	    kam_quarter_last_commit(c, commits, count, kam_quarter_add(ctx->quarter, -1));
	kam_doc_cache *cache = NULL;
	if (start) { /* else the quarter's report reads no plan version through a cache */
		cache = kam_doc_cache_new();
		kam_doc_cache_offers_since(cache, root, start->id);
	}
	kam_history_free(commits, count);
	return cache;
}

struct site_history *site_history_load(const kam_render_input *in)
{
	const char *root = kam_repo_root(in->repo);
	if (in->no_history || kam_history_unborn(root))
		return NULL;
	const kam_config *c = kam_repo_config(in->repo);
	kam_quarter now = in->ctx->quarter;
	kam_quarter oldest = kam_quarter_add(now, -(SITE_HISTORY_QUARTERS - 1));
	long long since =
	    kam_date_midnight(kam_quarter_first_day(oldest, c->fiscal_year_start), c->timezone);
	kam_commit *commits = NULL;
	size_t count = 0;
	kam_error err = {0};
	if (kam_history_load(&commits, &count, root, since, &err) < 0 || !count) {
		kam_history_free(commits, count); /* not in git: the site as before */
		return NULL;
	}
	char today[11];
	kam_date_format(in->ctx->today, today);
	struct site_history *h = kam_xcalloc(1, sizeof(*h));
	/* a quarter's end is the next one's start; the newest ends where the
	 * work tree is, mostly: the plans kam check read */
	kam_doc_cache *cache = in->plans_cache ? in->plans_cache : kam_doc_cache_new();
	h->owns_cache = !in->plans_cache;
	h->quarters = kam_xcalloc(SITE_HISTORY_QUARTERS, sizeof(site_quarter));
	kam_quarter qs[SITE_HISTORY_QUARTERS];
	kam_quarter_report reports[SITE_HISTORY_QUARTERS];
	int rcs[SITE_HISTORY_QUARTERS];
	for (int n = 0; n < SITE_HISTORY_QUARTERS; n++) /* newest first */
		qs[n] = kam_quarter_add(now, -n);
	kam_quarter_reports_build_cached(reports, rcs, SITE_HISTORY_QUARTERS, root, c, commits,
					 count, qs, today, cache, &err);
	kam_doc_cache_keep_commit(cache, root, NULL); /* the versions read: none is read again */
	for (int n = 0; n < SITE_HISTORY_QUARTERS; n++) {
		if (rcs[n] < 0 || !reports[n].diff) { /* no commit before it ended: no history */
			kam_quarter_report_release(&reports[n]);
			continue;
		}
		site_quarter *sq = &h->quarters[h->count];
		sq->quarter = qs[n];
		kam_quarter_format(sq->quarter, sq->label);
		sq->report = reports[n];
		kam_diff_totals_in(sq->report.diff, c->currency, &sq->quarter, &sq->totals);
		index_accounts(sq);
		h->count++;
	}
	h->cache = cache; /* freed after the reports */
	kam_history_free(commits, count);
	if (!h->count) {
		site_history_free(h);
		return NULL;
	}
	return h;
}

void site_history_free(struct site_history *h)
{
	if (!h)
		return;
	for (size_t i = 0; i < h->count; i++) {
		kam_diff_totals_release(&h->quarters[i].totals);
		kam_quarter_report_release(&h->quarters[i].report);
		kam_text_table_release(&h->quarters[i].by_account);
	}
	free(h->quarters);
	if (h->owns_cache)
		kam_doc_cache_free(h->cache);
	free(h);
}

const site_quarter *site_history_quarter(const struct site_history *h, const char *label)
{
	for (size_t i = 0; h && i < h->count; i++)
		if (strcmp(h->quarters[i].label, label) == 0)
			return &h->quarters[i];
	return NULL;
}

/* The account's diff in quarter sq, or NULL when it did not change. */
static const kam_account_diff *account_in(const site_quarter *sq, const char *account)
{
	size_t n, at;
	const kam_account_diff *a = kam_diff_accounts(sq->report.diff, &n);
	return kam_text_table_get(&sq->by_account, account, strlen(account), &at) ? &a[at] : NULL;
}

/* ------------------------------------------------------------------ */
/* an account's history                                                */

static void money_td(kam_html *b, double v)
{
	kam_html_raw(b, "<td class=\"num\">");
	kam_html_money(b, v);
	kam_html_raw(b, "</td>");
}

static void dash_td(kam_html *b)
{
	kam_html_raw(b, "<td class=\"num\">-</td>");
}

/* "402,000 / 360,000 (112%)": revenue against target. */
static void revenue_td(kam_html *b, const kam_plan_summary *p)
{
	if (!p || !p->has_revenue) {
		dash_td(b);
		return;
	}
	kam_html_raw(b, "<td class=\"num\">");
	kam_html_money(b, p->revenue_actual);
	kam_html_raw(b, " / ");
	kam_html_money(b, p->revenue_target);
	if (p->revenue_target > 0) {
		kam_html_raw(b, " (");
		kam_html_int(b, site_percent(p->revenue_actual, p->revenue_target));
		kam_html_raw(b, "%)");
	}
	kam_html_raw(b, "</td>");
}

/* The plan as it stood at the end of quarter i (newest first): the
 * report's after side when the account changed in it, else the before
 * side of the next quarter's report (the same commit, judged on the same
 * day), else NULL. */
static const kam_plan_summary *state_at_end(const struct site_history *h, size_t i,
					    const char *account)
{
	const kam_account_diff *a = account_in(&h->quarters[i], account);
	if (a)
		return a->has_after ? &a->after : NULL;
	if (i > 0 && kam_quarter_compare(h->quarters[i - 1].quarter,
					 kam_quarter_add(h->quarters[i].quarter, 1)) == 0) {
		a = account_in(&h->quarters[i - 1], account);
		if (a)
			return a->has_before ? &a->before : NULL;
	}
	return NULL;
}

/* What became of the account's plan in quarter i: added, removed or
 * changed; else whether it was written yet (the next quarter after i in
 * which it changed added it) or stayed as it was. */
static const char *plan_change(const struct site_history *h, size_t i, const char *account)
{
	const kam_account_diff *a = account_in(&h->quarters[i], account);
	if (a)
		return !a->has_before ? "added" : !a->has_after ? "removed" : "changed";
	for (size_t j = i; j-- > 0;) {
		a = account_in(&h->quarters[j], account);
		if (a)
			return a->has_before ? "no change" : "no plan yet";
	}
	return "no change";
}

static void quarter_link(kam_html *b, const site_quarter *sq, const char *root)
{
	link_to(b, kam_xprintf("%squarters/%s.html", root, sq->label), sq->label);
}

/* A quarter's row begins with its QBR page, "(so far)" when in progress. */
static void quarter_row_head(kam_html *b, const site_quarter *sq)
{
	kam_html_raw(b, "<tr><th scope=\"row\">");
	quarter_link(b, sq, "../");
	if (sq->report.range.in_progress)
		kam_html_raw(b, " <small>(so far)</small>");
	kam_html_raw(b, "</th>");
}

static void history_row(kam_html *b, const site *s, size_t i, const char *account)
{
	const site_quarter *sq = &s->history->quarters[i];
	const kam_plan_summary *end = state_at_end(s->history, i, account);
	quarter_row_head(b, sq);
	if (end)
		money_td(b, end->open_pipeline);
	else
		dash_td(b);
	kam_diff_totals t;
	kam_diff_account_totals_in(sq->report.diff, account, sq->report.range.currency,
				   &sq->quarter, &t);
	const char *currency = end && end->currency ? end->currency : sq->report.range.currency;
	double won = 0, lost = 0;
	for (size_t m = 0; m < t.money_count; m++)
		if (strcmp(t.money[m].currency, currency) == 0) {
			won = t.money[m].won_value;
			lost = t.money[m].lost_value;
		}
	kam_html_raw(b, "<td class=\"num\">");
	kam_html_int(b, (long long)t.won);
	if (t.won) {
		kam_html_raw(b, " (");
		kam_html_money(b, won);
		kam_html_raw(b, ")");
	}
	kam_html_raw(b, "</td><td class=\"num\">");
	kam_html_int(b, (long long)t.lost);
	if (t.lost) {
		kam_html_raw(b, " (");
		kam_html_money(b, lost);
		kam_html_raw(b, ")");
	}
	kam_html_raw(b, "</td>");
	kam_diff_totals_release(&t);
	revenue_td(b, end);
	if (end) {
		kam_html_raw(b, "<td class=\"num\">");
		kam_html_int(b, end->health.score);
		kam_html_raw(b, "</td>");
	} else
		dash_td(b);
	kam_html_raw(b, "<td>");
	kam_html_text(b, plan_change(s->history, i, account));
	kam_html_raw(b, "</td></tr>\n");
}

static void changes_of(kam_html *b, const site *s, size_t i, const char *account, bool latest)
{
	const site_quarter *sq = &s->history->quarters[i];
	const kam_account_diff *a = account_in(sq, account);
	kam_html_raw(b, "<h3>");
	kam_html_text(b, latest && sq->report.range.in_progress ? "This quarter so far"
								: "Last quarter");
	kam_html_raw(b, " (");
	quarter_link(b, sq, "../");
	if (sq->report.range.in_progress) {
		kam_html_raw(b, ", as of ");
		kam_html_text(b, sq->report.range.after_as_of);
	}
	kam_html_raw(b, ")</h3>\n");
	if (a && a->story_count)
		site_story_list(b, s, a, "../");
	else
		kam_html_raw(b, "<p>No change.</p>\n");
}

/* One kind of move an account's changes tell (kam diff --quarter's): deal
 * stages, forecast categories, or people's attitude and relationship. */
typedef enum move_kind { MOVE_STAGE, MOVE_FORECAST, MOVE_PEOPLE } move_kind;

static bool is_move(const kam_change *c, move_kind kind)
{
	if (!c->collection || !c->field || !c->entity)
		return false;
	if (kind == MOVE_PEOPLE)
		return strcmp(c->collection, "contacts") == 0 &&
		       (strcmp(c->field, "attitude") == 0 ||
			strncmp(c->field, "relationship.", 13) == 0);
	return strcmp(c->collection, "opportunities") == 0 &&
	       strcmp(c->field, kind == MOVE_STAGE ? "stage" : "forecast") == 0;
}

/* "Markus Schmidt attitude: neutral → skeptic" per move, by name (the id on
 * hover), "-" when there is none. */
static void moves_td(kam_html *b, const site *s, const kam_account_diff *a, move_kind kind)
{
	kam_html_raw(b, "<td>");
	size_t n = 0;
	for (size_t k = 0; a && k < a->change_count; k++) {
		const kam_change *c = &a->changes[k];
		if (!is_move(c, kind))
			continue;
		if (n++)
			kam_html_raw(b, "<br>");
		const kam_entity *e = kam_index_find(s->in->index, a->account, c->entity);
		kam_html_raw(b, "<span");
		kam_html_attr(b, "title", c->entity);
		kam_html_raw(b, ">");
		kam_html_text(b, e && e->name ? e->name : c->entity);
		kam_html_raw(b, "</span>");
		if (kind == MOVE_PEOPLE) {
			kam_html_raw(b, " ");
			kam_html_text(b, strcmp(c->field, "attitude") == 0 ? "attitude"
									 : c->field + 13);
		}
		kam_html_raw(b, ": ");
		kam_html_text_or(b, c->old_value, "unset");
		kam_html_raw(b, " \xe2\x86\x92 ");
		kam_html_text_or(b, c->new_value, "unset");
	}
	if (!n)
		kam_html_raw(b, "-");
	kam_html_raw(b, "</td>");
}

/* Per quarter, the moves kam diff --quarter reports for the account: its
 * deals' stages and forecast categories, its people's attitude and
 * relationship levels. */
static void moves_table(kam_html *b, const site *s, const char *account)
{
	const struct site_history *h = s->history;
	table_box(b, "Moves by quarter");
	kam_html_raw(b, "<table class=\"moves\">\n<caption>Moves by quarter, as kam diff "
			"--quarter reports them</caption>\n<tr><th scope=\"col\">Quarter</th>"
			"<th scope=\"col\">Deal stages</th><th scope=\"col\">Forecast</th>"
			"<th scope=\"col\">Attitude and relationship</th></tr>\n");
	for (size_t i = 0; i < h->count; i++) {
		const kam_account_diff *a = account_in(&h->quarters[i], account);
		kam_html_raw(b, "<tr><th scope=\"row\">");
		quarter_link(b, &h->quarters[i], "../");
		kam_html_raw(b, "</th>");
		moves_td(b, s, a, MOVE_STAGE);
		moves_td(b, s, a, MOVE_FORECAST);
		moves_td(b, s, a, MOVE_PEOPLE);
		kam_html_raw(b, "</tr>\n");
	}
	kam_html_raw(b, "</table></div>\n");
}

/* ------------------------------------------------------------------ */
/* an account's facts at each quarter's end                            */

/* The header cells of the quarters, newest first, each linked. */
static void quarter_columns(kam_html *b, const struct site_history *h)
{
	for (size_t i = 0; i < h->count; i++) {
		kam_html_raw(b, "<th scope=\"col\">");
		quarter_link(b, &h->quarters[i], "../");
		kam_html_raw(b, "</th>");
	}
}

/* Whether some quarter's end has open deals of no known stage. */
static bool any_unknown_stage(const struct site_history *h, const char *account)
{
	for (size_t i = 0; i < h->count; i++) {
		const kam_plan_summary *end = state_at_end(h, i, account);
		if (end && end->open_by_stage[KAM_STAGE_UNKNOWN].count)
			return true;
	}
	return false;
}

/* "150,000 (2)": the value of the open deals at a stage and their number. */
static void stage_td(kam_html *b, const kam_stage_total *t)
{
	kam_html_raw(b, "<td class=\"num\">");
	kam_html_money(b, t->value);
	kam_html_raw(b, " (");
	kam_html_int(b, (long long)t->count);
	kam_html_raw(b, ")</td>");
}

/* The open stages in the pipeline's order (won and lost close a deal). */
static void stages_table(kam_html *b, const site *s, const char *account)
{
	const struct site_history *h = s->history;
	bool unknown = any_unknown_stage(h, account);
	table_box(b, "Open pipeline by stage");
	kam_html_raw(b, "<table class=\"stages-history\">\n<caption>Open pipeline by stage at "
			"each quarter's end: value (deals)</caption>\n<tr><th scope=\"col\">"
			"Quarter</th>");
	for (int st = 0; st < KAM_STAGE_UNKNOWN; st++)
		if (!kam_stage_closed((kam_stage)st)) {
			kam_html_raw(b, "<th scope=\"col\">");
			kam_html_text(b, kam_stage_name((kam_stage)st));
			kam_html_raw(b, "</th>");
		}
	if (unknown)
		kam_html_raw(b, "<th scope=\"col\">no known stage</th>");
	kam_html_raw(b, "</tr>\n");
	for (size_t i = 0; i < h->count; i++) {
		const kam_plan_summary *end = state_at_end(h, i, account);
		quarter_row_head(b, &h->quarters[i]);
		for (int st = 0; st <= KAM_STAGE_UNKNOWN; st++) {
			if (kam_stage_closed((kam_stage)st) ||
			    (st == KAM_STAGE_UNKNOWN && !unknown))
				continue;
			if (end)
				stage_td(b, &end->open_by_stage[st]);
			else
				dash_td(b);
		}
		kam_html_raw(b, "</tr>\n");
	}
	kam_html_raw(b, "</table></div>\n");
}

/* The quarter's forecast as it stood at its end (kam forecast's sums of
 * the plan, deals closing in the quarter). */
static void forecast_table(kam_html *b, const site *s, const char *account)
{
	const struct site_history *h = s->history;
	table_box(b, "Forecast against target");
	kam_html_raw(b, "<table class=\"forecast-history\">\n<caption>Forecast against target "
			"at each quarter's end, deals closing in the quarter</caption>\n<tr><th "
			"scope=\"col\">Quarter</th><th scope=\"col\">Won</th><th scope=\"col\">"
			"Commit</th><th scope=\"col\">Best case</th><th scope=\"col\">Pipeline"
			"</th><th scope=\"col\">Target</th><th scope=\"col\">Gap</th><th "
			"scope=\"col\">Coverage</th></tr>\n");
	for (size_t i = 0; i < h->count; i++) {
		const kam_plan_summary *end = state_at_end(h, i, account);
		quarter_row_head(b, &h->quarters[i]);
		if (end)
			forecast_sums_cells(b, &end->forecast);
		else
			for (int k = 0; k < 7; k++)
				dash_td(b);
		kam_html_raw(b, "</tr>\n");
	}
	kam_html_raw(b, "</table></div>\n<p class=\"legend\">Best case includes commit, pipeline "
			"includes both; gap is target - won - commit; coverage is (pipeline - "
			"commit) / gap.</p>\n");
}

/* A person of the account in some quarter's end, by id, with the newest
 * name known. */
typedef struct person_row {
	const char *id, *name;
} person_row;

static const struct kam_contact_fact *fact_of(const kam_plan_summary *end, const char *id)
{
	for (size_t k = 0; end && k < end->contact_count; k++)
		if (strcmp(end->contacts[k].id, id) == 0)
			return &end->contacts[k];
	return NULL;
}

static bool counts_as_decider(const struct kam_contact_fact *c)
{
	return c && c->decides && !c->left;
}

/* The people at the quarters' ends (deciders only: those who decided at
 * one of them), newest quarter first, each in plan order, once. */
static person_row *people_of(const struct site_history *h, const char *account, bool deciders_only,
			     size_t *count)
{
	person_row *rows = NULL;
	size_t n = 0, alloc = 0;
	kam_text_table seen = {0};
	for (size_t i = 0; i < h->count; i++) {
		const kam_plan_summary *end = state_at_end(h, i, account);
		for (size_t k = 0; end && k < end->contact_count; k++) {
			const struct kam_contact_fact *c = &end->contacts[k];
			size_t at;
			if (deciders_only && !counts_as_decider(c))
				continue;
			if (kam_text_table_get(&seen, c->id, strlen(c->id), &at)) {
				if (!rows[at].name)
					rows[at].name = c->name;
				continue;
			}
			rows = kam_grow(rows, &alloc, n + 1, sizeof(*rows));
			rows[n] = (person_row){c->id, c->name};
			kam_text_table_put(&seen, c->id, strlen(c->id), n);
			n++;
		}
	}
	kam_text_table_release(&seen);
	*count = n;
	return rows;
}

/* The person's name, the id on hover. */
static void person_th(kam_html *b, const person_row *p)
{
	kam_html_raw(b, "<th scope=\"row\"><span");
	kam_html_attr(b, "title", p->id);
	kam_html_raw(b, ">");
	kam_html_text(b, p->name ? p->name : p->id);
	kam_html_raw(b, "</span></th>");
}

/* "3 of 5": the deciders at their target level among those with one. */
static void deciders_at_target_td(kam_html *b, const kam_plan_summary *end)
{
	if (!end) {
		dash_td(b);
		return;
	}
	long long met = 0, planned = 0;
	for (size_t k = 0; k < end->contact_count; k++) {
		const struct kam_contact_fact *c = &end->contacts[k];
		if (!counts_as_decider(c) || c->target < 0)
			continue;
		planned++;
		met += c->level >= c->target;
	}
	kam_html_raw(b, "<td>");
	kam_html_int(b, met);
	kam_html_raw(b, " of ");
	kam_html_int(b, planned);
	kam_html_raw(b, "</td>");
}

/* "2 / 3", "3 / 3 met", "? / 3", "2 / none": level against target, the
 * levels' labels on hover. */
static void level_td(kam_html *b, const struct kam_contact_fact *c)
{
	if (!c) {
		dash_td(b);
		return;
	}
	const char *level = kam_level_label(c->level), *target = kam_level_label(c->target);
	char *title = kam_xprintf("level: %s; target: %s", level ? level : "not given",
				  target ? target : "none");
	kam_html_raw(b, "<td");
	kam_html_attr(b, "title", title);
	free(title);
	kam_html_raw(b, ">");
	if (level)
		kam_html_int(b, c->level);
	else
		kam_html_raw(b, "?");
	kam_html_raw(b, " / ");
	if (target)
		kam_html_int(b, c->target);
	else
		kam_html_raw(b, "none");
	if (level && target && c->level >= c->target)
		kam_html_raw(b, " <strong class=\"ok\">met</strong>");
	if (c->left)
		kam_html_raw(b, " <small>left</small>");
	else if (!c->decides)
		kam_html_raw(b, " <small>not deciding</small>");
	kam_html_raw(b, "</td>");
}

/* The deciders' relationship levels against their plan (relationship.level
 * and .target), quarter by quarter, and how many were at target. */
static void deciders_table(kam_html *b, const site *s, const char *account)
{
	const struct site_history *h = s->history;
	size_t n;
	person_row *people = people_of(h, account, true, &n);
	if (!n) {
		kam_html_raw(b, "<p>No decider in the plan at any of these quarters' ends.</p>\n");
		free(people);
		return;
	}
	table_box(b, "Deciders against their relationship plan");
	kam_html_raw(b, "<table class=\"deciders-history\">\n<caption>Relationship levels of the "
			"deciders against their plan at each quarter's end: level / target "
			"(0-4)</caption>\n<tr><th scope=\"col\">Decider</th>");
	quarter_columns(b, h);
	kam_html_raw(b, "</tr>\n<tr><th scope=\"row\">At target</th>");
	for (size_t i = 0; i < h->count; i++)
		deciders_at_target_td(b, state_at_end(h, i, account));
	kam_html_raw(b, "</tr>\n");
	for (size_t p = 0; p < n; p++) {
		kam_html_raw(b, "<tr>");
		person_th(b, &people[p]);
		for (size_t i = 0; i < h->count; i++)
			level_td(b, fact_of(state_at_end(h, i, account), people[p].id));
		kam_html_raw(b, "</tr>\n");
	}
	kam_html_raw(b, "</table></div>\n");
	free(people);
}

/* The attitude in words (its colour only repeats them). */
static void attitude_td(kam_html *b, const struct kam_contact_fact *c)
{
	if (!c) {
		dash_td(b);
		return;
	}
	const char *name = kam_attitude_name(c->attitude);
	kam_html_raw(b, "<td");
	kam_html_class(b, KAM_CLASS_ATTITUDE, kam_html_attitude_class(name));
	kam_html_raw(b, ">");
	kam_html_text_or(b, name, "unknown");
	if (c->left)
		kam_html_raw(b, " <small>left</small>");
	kam_html_raw(b, "</td>");
}

static void attitudes_table(kam_html *b, const site *s, const char *account)
{
	const struct site_history *h = s->history;
	size_t n;
	person_row *people = people_of(h, account, false, &n);
	if (!n) {
		free(people);
		return;
	}
	table_box(b, "Attitudes over time");
	kam_html_raw(b, "<table class=\"attitudes-history\">\n<caption>Each contact's attitude "
			"at each quarter's end</caption>\n<tr><th scope=\"col\">Contact</th>");
	quarter_columns(b, h);
	kam_html_raw(b, "</tr>\n");
	for (size_t p = 0; p < n; p++) {
		kam_html_raw(b, "<tr>");
		person_th(b, &people[p]);
		for (size_t i = 0; i < h->count; i++)
			attitude_td(b, fact_of(state_at_end(h, i, account), people[p].id));
		kam_html_raw(b, "</tr>\n");
	}
	kam_html_raw(b, "</table></div>\n");
	free(people);
}

void account_history_block(kam_html *b, const site *s, const char *account)
{
	if (!s->history || !account)
		return;
	const struct site_history *h = s->history;
	kam_html_raw(b, "<section class=\"history\" id=\"history\">\n<h2>History</h2>\n");
	/* this quarter so far (when in progress), then the last finished one */
	size_t shown = 0;
	for (size_t i = 0; i < h->count && shown < 2; i++) {
		bool current = h->quarters[i].report.range.in_progress;
		if (shown == 1 && current)
			continue;
		changes_of(b, s, i, account, shown == 0);
		shown += current ? 1 : 2; /* a finished quarter first: it is the last one */
	}
	table_box(b, "The last quarters");
	kam_html_raw(b,
		     "<table class=\"history\">\n<caption>The last "
		     "quarters, at each quarter's end</caption>\n<tr><th scope=\"col\">Quarter</th>"
		     "<th scope=\"col\">Open pipeline</th><th scope=\"col\">Won</th>"
		     "<th scope=\"col\">Lost</th><th scope=\"col\">Revenue / target</th>"
		     "<th scope=\"col\">Health</th><th scope=\"col\">Plan</th></tr>\n");
	for (size_t i = 0; i < h->count; i++)
		history_row(b, s, i, account);
	kam_html_raw(b, "</table></div>\n");
	moves_table(b, s, account);
	kam_html_raw(b, "<h3>Pipeline by stage</h3>\n");
	stages_table(b, s, account);
	kam_html_raw(b, "<h3>Forecast against target</h3>\n");
	forecast_table(b, s, account);
	kam_html_raw(b, "<h3>Deciders against their relationship plan</h3>\n");
	deciders_table(b, s, account);
	kam_html_raw(b, "<h3>Attitudes over time</h3>\n");
	attitudes_table(b, s, account);
	kam_html_raw(b, "</section>\n");
}

/* ------------------------------------------------------------------ */
/* the dashboard                                                       */

/* Revenue against target of the portfolio at a quarter's end: the plans
 * that changed in it (after side) or the next quarter (before side). */
static void portfolio_revenue(const site *s, size_t i, double *actual, double *target, size_t *n)
{
	*actual = *target = 0;
	*n = 0;
	const char *currency = kam_repo_config(s->in->repo)->currency;
	for (size_t p = 0; p < s->in->plan_count; p++) {
		const kam_plan_summary *end = state_at_end(s->history, i, s->in->plans[p].account);
		if (!end || !end->has_revenue || s->in->plans[p].duplicate ||
		    strcmp(end->currency ? end->currency : "", currency ? currency : "") != 0)
			continue;
		*actual += end->revenue_actual;
		*target += end->revenue_target;
		(*n)++;
	}
}

void dashboard_history_block(kam_html *b, const site *s)
{
	if (!s->history)
		return;
	const struct site_history *h = s->history;
	kam_html_raw(b, "<section class=\"quarters\" id=\"quarters\">\n<h2>Quarterly business "
			"reviews</h2>\n<ul class=\"quarters\">\n");
	for (size_t i = 0; i < h->count; i++) {
		const site_quarter *sq = &h->quarters[i];
		kam_html_raw(b, "<li>");
		quarter_link(b, sq, "");
		if (sq->report.range.in_progress) {
			kam_html_raw(b, " (in progress, as of ");
			kam_html_text(b, sq->report.range.after_as_of);
			kam_html_raw(b, ")");
		}
		kam_html_raw(b, ": ");
		kam_html_int(b, (long long)sq->totals.accounts_changed);
		kam_html_text(b, sq->totals.accounts_changed == 1 ? " account changed, " : " accounts changed, ");
		kam_html_int(b, (long long)sq->totals.won);
		kam_html_raw(b, " won, ");
		kam_html_int(b, (long long)sq->totals.lost);
		kam_html_raw(b, " lost</li>\n");
	}
	kam_html_raw(b, "</ul>\n");
	table_box(b, "Revenue against target, the last quarters");
	kam_html_raw(b, "<table class=\"revenue-history\">\n"
			"<caption>Revenue against target, the last quarters (");
	kam_html_text(b, kam_repo_config(s->in->repo)->currency);
	kam_html_raw(b, ")</caption>\n<tr><th scope=\"col\">Quarter</th><th scope=\"col\">Revenue"
			"</th><th scope=\"col\">Target</th><th scope=\"col\">Of target</th>"
			"<th scope=\"col\">Accounts</th></tr>\n");
	for (size_t i = 0; i < h->count; i++) {
		double actual, target;
		size_t n;
		portfolio_revenue(s, i, &actual, &target, &n);
		kam_html_raw(b, "<tr><th scope=\"row\">");
		quarter_link(b, &h->quarters[i], "");
		kam_html_raw(b, "</th>");
		if (!n) {
			kam_html_raw(b, "<td class=\"num\">-</td><td class=\"num\">-</td>"
					"<td class=\"num\">-</td><td class=\"num\">0</td></tr>\n");
			continue;
		}
		money_td(b, actual);
		money_td(b, target);
		kam_html_raw(b, "<td class=\"num\">");
		if (target > 0) {
			kam_html_int(b, site_percent(actual, target));
			kam_html_raw(b, "%");
		} else
			kam_html_raw(b, "-");
		kam_html_raw(b, "</td><td class=\"num\">");
		kam_html_int(b, (long long)n);
		kam_html_raw(b, "</td></tr>\n");
	}
	kam_html_raw(b, "</table></div>\n</section>\n");
}
