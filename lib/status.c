#include "kam/status.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kam/json.h"
#include "kam/partners.h"
#include "kam/plan.h"
#include "kam/term.h"
#include "commerce.h"
#include "banned.h"

/* A plan with its tier's rank among kam.yaml's tiers: untiered plans (no
 * tier, or one kam.yaml does not declare) rank last. */
typedef struct ranked {
	int rank;
	kam_plan_summary plan;
} ranked;

static int by_tier(const void *a, const void *b)
{
	const ranked *rx = a, *ry = b;
	const kam_plan_summary *x = &rx->plan, *y = &ry->plan;
	int c = rx->rank - ry->rank;
	if (c)
		return c;
	c = strcmp(x->account ? x->account : x->file, y->account ? y->account : y->file);
	if (c || x->duplicate != y->duplicate) /* the plan that keeps an id, then its copies */
		return c ? c : x->duplicate - y->duplicate;
	return strcmp(x->file, y->file);
}

void kam_status_sort(kam_plan_summary *plans, size_t count, const kam_config *config)
{
	if (count < 2)
		return;
	ranked *r = kam_xcalloc(count, sizeof(*r));
	for (size_t i = 0; i < count; i++)
		r[i] = (ranked){kam_tier_rank_in(config->tiers, config->tier_count, plans[i].tier),
				plans[i]};
	qsort(r, count, sizeof(*r), by_tier);
	for (size_t i = 0; i < count; i++)
		plans[i] = r[i].plan;
	free(r);
}

void kam_format_money(kam_buf *out, double amount)
{
	char digits[320]; /* DBL_MAX has 309 digits: a huge amount is shown whole, not cut */
	double whole = nearbyint(fabs(amount)); /* as "%.0f": ties to even */
	if (whole < 1e18) {
		char *p = digits + sizeof(digits);
		*--p = '\0';
		unsigned long long u = (unsigned long long)whole;
		do
			*--p = (char)('0' + u % 10);
		while (u /= 10);
		memmove(digits, p, (size_t)(digits + sizeof(digits) - p));
	} else
		snprintf(digits, sizeof(digits), "%.0f", fabs(amount));
	size_t n = strlen(digits);
	if (amount < 0 && llround(amount) != 0)
		kam_buf_putc(out, '-');
	for (size_t i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			kam_buf_putc(out, ',');
		kam_buf_putc(out, digits[i]);
	}
}

/* The text table: cells per row, each column as wide as its widest cell
 * (never narrower than the header's usual width), so long ids stay aligned. */
enum { COL_ACCOUNT, COL_TIER, COL_OWNER, COL_PIPELINE, COL_MUST, COL_REVENUE, COL_REVIEW, COL_HEALTH,
       COLUMNS };
static const int min_width[COLUMNS] = {22, 9, 16, 14, 5, 21, 10, 6};
static const bool right_aligned[COLUMNS] = {false, false, false, true, true, false, false, true};

typedef struct row {
	kam_buf cell[COLUMNS];
	const kam_health *health; /* NULL for the header */
	kam_buf note;             /* said after the cells instead of the weakest part */
	kam_buf more;             /* lines under the health lines: renewal, routed deals */
} row;

/* The lines under a row stay within this many columns where they can. */
enum { TEXT_COLUMNS = 80 };

static void money_cell(kam_buf *cell, double amount, const char *currency, const char *default_currency)
{
	kam_format_money(cell, amount);
	if (currency && default_currency && strcmp(currency, default_currency) != 0)
		kam_buf_printf(cell, " %s", currency);
}

static void revenue_cell(kam_buf *cell, const kam_plan_summary *s, const char *default_currency)
{
	if (!s->has_revenue) {
		kam_buf_puts(cell, "-");
		return;
	}
	kam_format_money(cell, s->revenue_actual);
	kam_buf_puts(cell, " / ");
	money_cell(cell, s->revenue_target, s->currency, default_currency);
}

/* The account ids some plan claims as a duplicate: every row of such an
 * id shows its file. One pass, not one per row (10,000 plans). */
static void claimed_twice(kam_text_table *ids, const kam_plan_summary *plans, size_t count)
{
	for (size_t i = 0; i < count; i++)
		if (plans[i].duplicate && plans[i].account)
			kam_text_table_put(ids, plans[i].account, strlen(plans[i].account), i);
}

static bool in_table(const kam_text_table *ids, const char *id)
{
	return id && kam_text_table_get(ids, id, strlen(id), NULL);
}

static void fill_row(row *r, const kam_plan_summary *s, const char *default_currency, bool twice)
{
	memset(r, 0, sizeof(*r));
	kam_buf_puts(&r->cell[COL_ACCOUNT], s->account ? s->account : s->file);
	if (twice)
		kam_buf_printf(&r->cell[COL_ACCOUNT], " (%s)", s->file);
	if (s->duplicate)
		kam_buf_puts(&r->note, "not counted: another plan's file is named after this id");
	kam_buf_puts(&r->cell[COL_TIER], s->tier ? s->tier : "-");
	kam_buf_puts(&r->cell[COL_OWNER], s->owner ? s->owner : "-");
	money_cell(&r->cell[COL_PIPELINE], s->open_pipeline, s->currency, default_currency);
	kam_buf_printf(&r->cell[COL_MUST], "%zu", s->open_must_wins);
	revenue_cell(&r->cell[COL_REVENUE], s, default_currency);
	kam_buf_puts(&r->cell[COL_REVIEW], *s->review_due ? s->review_due : "-");
	kam_buf_printf(&r->cell[COL_HEALTH], "%d", s->health.score);
	r->health = &s->health;
}

/* The cells hold plan values: each is shown through the terminal writer
 * before it is measured, so no value can break the table's lines. */
static void escape_cells(row *r)
{
	for (int c = 0; c <= COLUMNS; c++) {
		kam_buf *cell = c < COLUMNS ? &r->cell[c] : &r->note;
		char *shown = kam_term_dup(kam_buf_cstr(cell));
		kam_buf_reset(cell);
		kam_buf_puts(cell, shown);
		free(shown);
	}
}

/* Under an account's row, indented: what its health lacks most, and the
 * decider met longest ago; values through the terminal writer. */
static void print_health(kam_buf *out, const kam_health *h)
{
	if (kam_health_lacking(h, h->weakest)) {
		kam_buf_printf(out, "  weakest %s %d/%d: ", kam_health_name(h->weakest),
			       kam_health_points(h, h->weakest), kam_health_max(h, h->weakest));
		kam_term_text(out, kam_health_why(h, h->weakest));
		kam_buf_putc(out, '\n');
	}
	if (!h->oldest.contact)
		return;
	kam_buf_puts(out, "  oldest decider contact: ");
	kam_term_text(out, h->oldest.contact);
	if (!h->oldest.met) {
		kam_buf_puts(out, ", never met\n");
		return;
	}
	char date[11];
	kam_date_format(h->oldest.date, date);
	kam_buf_printf(out, ", last met %s (%ld day%s ago)\n", date, h->oldest.days,
		       h->oldest.days == 1 ? "" : "s");
}

/* "480,000 EUR": an amount with its currency, through the terminal writer. */
static void money_words(kam_buf *out, double amount, const char *currency)
{
	kam_format_money(out, amount);
	kam_buf_putc(out, ' ');
	kam_term_text(out, currency);
}

/* Whether a renewal is covered, in words: the deal that renews it, or that
 * it renews by itself, or that nothing does. */
static void renewal_cover(kam_buf *out, const kam_summary_renewal *r)
{
	if (r->renewed_by) {
		kam_buf_puts(out, "renewed by ");
		kam_term_text(out, r->renewed_by);
	} else
		kam_buf_puts(out, r->auto_renew ? "auto-renews" : "no deal renews it");
}

/* Two lines: the contract (its title cut to fit the line), then its
 * dates and who renews it. */
static void renewal_lines(kam_buf *out, const kam_plan_summary *s, const char *default_currency)
{
	const kam_summary_renewal *r = &s->renewal;
	kam_buf head = KAM_BUF_INIT, tail = KAM_BUF_INIT;
	kam_buf_puts(&head, "  next renewal ");
	kam_term_text(&head, r->contract ? r->contract : "?");
	if (r->has_value) {
		kam_buf_puts(&tail, ", ");
		money_words(&tail, r->value, s->currency ? s->currency : default_currency);
	}
	kam_buf_puts(out, kam_buf_cstr(&head));
	if (r->title) {
		size_t used =
		    commerce_width(kam_buf_cstr(&head)) + 2 + commerce_width(kam_buf_cstr(&tail));
		size_t room = used + 8 < TEXT_COLUMNS ? TEXT_COLUMNS - used : 8;
		size_t want = commerce_width(r->title);
		kam_buf_puts(out, ": ");
		commerce_cell(out, r->title, want < room ? want : room, false);
	}
	kam_buf_puts(out, kam_buf_cstr(&tail));
	kam_buf_printf(out, "\n    notice by %s, ends %s; ", r->notice, r->end);
	renewal_cover(out, r);
	kam_buf_putc(out, '\n');
	kam_buf_release(&head);
	kam_buf_release(&tail);
}

static void sums_words(kam_buf *out, const kam_money_sums *sums)
{
	for (size_t i = 0; i < sums->count; i++) {
		kam_buf_puts(out, i ? " + " : "");
		money_words(out, sums->amount[i], sums->currency[i]);
	}
}

/* A partner's line: the open deals other plans route through it, and the
 * plans that were not seen (they could route deals through it too). */
static void routed_line(kam_buf *out, const kam_partner_pipeline *p)
{
	kam_buf_puts(out, "  routed through it: ");
	if (!p->deal_count)
		kam_buf_puts(out, "none");
	else {
		kam_buf_printf(out, "%zu open deal%s of %zu account%s, ", p->deal_count,
			       p->deal_count == 1 ? "" : "s", p->account_count,
			       p->account_count == 1 ? "" : "s");
		sums_words(out, &p->sums);
	}
	if (p->unseen_count)
		kam_buf_printf(out, "; %zu plan%s not seen", p->unseen_count,
			       p->unseen_count == 1 ? "" : "s");
	kam_buf_putc(out, '\n');
}

/* A partner's copies of deals a client's plan routes through it: left out
 * of its pipeline, as kam forecast leaves them out. */
static void copies_line(kam_buf *out, const kam_plan_summary *s)
{
	size_t shown = 0;
	for (size_t i = 0; i < s->own_deal_count; i++) {
		if (!s->own_deals[i].counted_in)
			continue;
		kam_buf_puts(out, shown++ ? ", " : "  not counted again: ");
		kam_term_text(out, s->own_deals[i].id);
		kam_buf_puts(out, " (counted in ");
		kam_term_text(out, s->own_deals[i].counted_in);
		kam_buf_putc(out, ')');
	}
	if (shown)
		kam_buf_putc(out, '\n');
}

static void print_row(kam_buf *out, const row *r, const int *width)
{
	kam_buf line = KAM_BUF_INIT;
	for (int c = 0; c < COLUMNS; c++) {
		const char *text = r->cell[c].ptr ? r->cell[c].ptr : "";
		kam_buf_puts(&line, c == 0 ? "" : c <= COL_MUST ? " " : "  ");
		kam_buf_printf(&line, right_aligned[c] ? "%*s" : "%-*s", width[c], text);
	}
	if (r->note.len)
		kam_buf_printf(&line, "  %s", r->note.ptr);
	while (line.len && line.ptr[line.len - 1] == ' ')
		line.ptr[--line.len] = '\0';
	kam_buf_printf(out, "%s\n", line.ptr);
	kam_buf_release(&line);
	if (r->health && !r->note.len) {
		print_health(out, r->health);
		kam_buf_puts(out, kam_buf_cstr(&r->more));
	}
}

static void release_row(row *r)
{
	for (int c = 0; c < COLUMNS; c++)
		kam_buf_release(&r->cell[c]);
	kam_buf_release(&r->note);
	kam_buf_release(&r->more);
}

/* A plan kam could not read keeps its row, so the portfolio never quietly
 * shrinks: its account (file name), '?' for what is unknown, and why. */
static void fill_unread_row(row *r, const kam_unread_plan *u)
{
	memset(r, 0, sizeof(*r));
	kam_buf_puts(&r->cell[COL_ACCOUNT], u->account);
	for (int c = COL_TIER; c < COLUMNS; c++)
		kam_buf_puts(&r->cell[c], "?");
	kam_buf_printf(&r->note, "unreadable: %s (%s); run kam check", u->file, u->reason);
}

static void print_totals(kam_buf *out, size_t count, size_t unread, const kam_money_sums *pipeline,
			 const char *currency, const char *quarter)
{
	kam_buf_printf(out, "\n%zu account%s", count, count == 1 ? "" : "s");
	if (unread)
		kam_buf_printf(out, " (%zu unreadable, left out of the totals)", unread);
	kam_buf_puts(out, ", open pipeline ");
	if (!pipeline->count) {
		kam_buf_puts(out, "0 ");
		kam_term_text(out, currency);
	}
	for (size_t i = 0; i < pipeline->count; i++) {
		kam_buf_puts(out, i ? " + " : "");
		kam_format_money(out, pipeline->amount[i]);
		kam_buf_putc(out, ' ');
		kam_term_text(out, pipeline->currency[i]);
	}
	kam_buf_printf(out, "; revenue is actual / target for %s\n", quarter);
}

void kam_status_text(kam_buf *out, const kam_rules_context *ctx, const kam_plan_summary *plans,
		     size_t count, const kam_unread_plan *unread, size_t unread_count)
{
	char today[11], quarter[8];
	kam_date_format(ctx->today, today);
	kam_quarter_format(ctx->quarter, quarter);
	kam_term_text(out, *ctx->config->organization ? ctx->config->organization : "Account");
	kam_buf_printf(out, " portfolio on %s (%s), amounts in ", today, quarter);
	kam_term_text(out, ctx->config->currency);
	kam_buf_puts(out, "\n\n");
	size_t unread_plans = 0, counted = 0;
	for (size_t i = 0; i < unread_count; i++)
		unread_plans += unread[i].is_plan; /* notes are named on stderr, not rows */
	size_t rows_count = count + unread_plans;
	row *rows = kam_xcalloc(rows_count + 1, sizeof(row)); /* rows[0]: the header */
	static const char *const header[COLUMNS] = {"account", "tier", "owner", "open pipeline", "must",
						    "revenue", "review due", "health"};
	for (int c = 0; c < COLUMNS; c++)
		kam_buf_puts(&rows[0].cell[c], header[c]);
	kam_buf_printf(&rows[0].cell[COL_REVENUE], " %s", quarter);
	kam_money_sums pipeline = {0}; /* per currency: never added across */
	kam_text_table twice = {0};
	kam_partner_pipelines pipelines;
	kam_partner_pipelines_init(&pipelines, plans, count, unread, unread_count);
	claimed_twice(&twice, plans, count);
	for (size_t i = 0; i < count; i++) {
		fill_row(&rows[i + 1], &plans[i], ctx->config->currency, in_table(&twice, plans[i].account));
		if (plans[i].has_renewal)
			renewal_lines(&rows[i + 1].more, &plans[i], ctx->config->currency);
		if (kam_type_is_partner(plans[i].type) && !plans[i].duplicate)
		{
			routed_line(&rows[i + 1].more,
				    kam_partner_pipelines_get(&pipelines, plans[i].account));
			copies_line(&rows[i + 1].more, &plans[i]);
		}
		if (plans[i].duplicate)
			continue;
		counted++;
		kam_money_sums_add(&pipeline, plans[i].currency ? plans[i].currency : ctx->config->currency,
			  plans[i].open_pipeline);
	}
	kam_text_table_release(&twice);
	kam_partner_pipelines_release(&pipelines);
	for (size_t i = 0, r = count + 1; i < unread_count; i++)
		if (unread[i].is_plan)
			fill_unread_row(&rows[r++], &unread[i]);
	for (size_t i = 1; i <= rows_count; i++)
		escape_cells(&rows[i]);
	int width[COLUMNS];
	for (int c = 0; c < COLUMNS; c++) {
		width[c] = min_width[c];
		for (size_t i = 0; i <= rows_count; i++)
			if ((int)rows[i].cell[c].len > width[c])
				width[c] = (int)rows[i].cell[c].len;
	}
	for (size_t i = 0; i <= rows_count; i++) {
		print_row(out, &rows[i], width);
		release_row(&rows[i]);
	}
	free(rows);
	print_totals(out, counted + unread_plans, unread_plans, &pipeline, ctx->config->currency,
		     quarter);
	kam_money_sums_free(&pipeline);
}

static void json_health(kam_json *w, const kam_health *h)
{
	kam_json_object_begin(w, "health", KAM_JSON_INLINE);
	kam_json_int(w, "score", h->score);
	if (kam_health_lacking(h, h->weakest)) {
		kam_json_object_begin(w, "weakest", KAM_JSON_INLINE);
		kam_json_string(w, "part", kam_health_name(h->weakest));
		kam_json_string(w, "why", kam_health_why(h, h->weakest));
		kam_json_end(w);
	} else
		kam_json_null(w, "weakest");
	kam_json_array_begin(w, "parts", KAM_JSON_BLOCK);
	for (int i = 0; i < KAM_HEALTH__COUNT; i++) {
		const kam_health_score *p = &h->parts[i];
		if (!p->weight)
			continue; /* left out in kam.yaml */
		kam_json_object_begin(w, NULL, KAM_JSON_INLINE);
		kam_json_string(w, "part", kam_health_name((kam_health_part)i));
		kam_json_int(w, "weight", p->weight);
		kam_json_double(w, "points", 1, p->points);
		kam_json_double(w, "max", 1, p->max);
		kam_json_string(w, "why", kam_health_why(h, (kam_health_part)i));
		kam_json_end(w);
	}
	kam_json_end(w);
	kam_json_end(w);
}

/* The decider of an open deal met longest ago, or null when none. */
static void json_oldest(kam_json *w, const kam_health_contact *c)
{
	if (!c->contact) {
		kam_json_null(w, "oldest_decider_contact");
		return;
	}
	kam_json_object_begin(w, "oldest_decider_contact", KAM_JSON_INLINE);
	kam_json_string(w, "contact", c->contact);
	char date[11];
	kam_date_format(c->date, date);
	kam_json_string(w, "last_met", c->met ? date : NULL);
	if (c->met)
		kam_json_int(w, "days", c->days);
	else
		kam_json_null(w, "days");
	kam_json_end(w);
}

static void json_renewal(kam_json *w, const kam_plan_summary *s)
{
	if (!s->has_renewal) {
		kam_json_null(w, "next_renewal");
		return;
	}
	const kam_summary_renewal *r = &s->renewal;
	kam_json_object_begin(w, "next_renewal", KAM_JSON_INLINE);
	kam_json_string(w, "contract", r->contract);
	kam_json_string(w, "title", r->title);
	if (r->has_value)
		kam_json_double(w, "value", 2, r->value);
	else
		kam_json_null(w, "value");
	kam_json_string(w, "notice", r->notice);
	kam_json_string(w, "end", r->end);
	kam_json_string(w, "renewed_by", r->renewed_by);
	kam_json_bool(w, "auto_renew", r->auto_renew);
	kam_json_bool(w, "covered", r->renewed_by || r->auto_renew);
	kam_json_end(w);
}

static void json_sums(kam_json *w, const kam_money_sums *sums)
{
	kam_json_array_begin(w, "sums", KAM_JSON_INLINE);
	for (size_t i = 0; i < sums->count; i++) {
		kam_json_object_begin(w, NULL, KAM_JSON_INLINE);
		kam_json_string(w, "currency", sums->currency[i]);
		kam_json_double(w, "value", 2, sums->amount[i]);
		kam_json_end(w);
	}
	kam_json_end(w);
}

/* What other plans route through a partner; null for other accounts. */
static void json_routed(kam_json *w, const kam_plan_summary *s,
			const kam_partner_pipelines *pipelines)
{
	if (!kam_type_is_partner(s->type) || s->duplicate) {
		kam_json_null(w, "routed");
		return;
	}
	const kam_partner_pipeline p = *kam_partner_pipelines_get(pipelines, s->account);
	kam_json_object_begin(w, "routed", KAM_JSON_BLOCK);
	kam_json_int(w, "opportunities", (intmax_t)p.deal_count);
	json_sums(w, &p.sums);
	kam_json_array_begin(w, "accounts", KAM_JSON_BLOCK);
	for (size_t i = 0; i < p.account_count; i++) {
		kam_json_object_begin(w, NULL, KAM_JSON_INLINE);
		kam_json_string(w, "account", p.accounts[i].plan->account);
		kam_json_int(w, "opportunities", (intmax_t)p.accounts[i].deal_count);
		json_sums(w, &p.accounts[i].sums);
		kam_json_end(w);
	}
	kam_json_end(w);
	kam_json_array_begin(w, "not_seen", KAM_JSON_BLOCK);
	for (size_t i = 0; i < p.unseen_count; i++) {
		kam_json_object_begin(w, NULL, KAM_JSON_INLINE);
		kam_json_path(w, "file", p.unseen[i].file);
		kam_json_string(w, "why",
				p.unseen[i].why ? p.unseen[i].why
						: "claims the account id of another plan");
		kam_json_end(w);
	}
	kam_json_end(w);
	kam_json_array_begin(w, "not_counted_again", KAM_JSON_BLOCK);
	for (size_t i = 0; i < s->own_deal_count; i++) {
		if (!s->own_deals[i].counted_in)
			continue;
		kam_json_object_begin(w, NULL, KAM_JSON_INLINE);
		kam_json_string(w, "opportunity", s->own_deals[i].id);
		kam_json_string(w, "counted_in", s->own_deals[i].counted_in);
		kam_json_end(w);
	}
	kam_json_end(w);
	kam_json_end(w);
}

static void json_plan(kam_json *w, const kam_plan_summary *s, const char *quarter,
		      const kam_partner_pipelines *pipelines)
{
	kam_json_object_begin(w, NULL, KAM_JSON_INLINE);
	kam_json_string(w, "account", s->account);
	kam_json_string(w, "name", s->name);
	kam_json_path(w, "file", s->file);
	kam_json_string(w, "type", s->type);
	kam_json_string(w, "tier", s->tier);
	kam_json_string(w, "owner", s->owner);
	kam_json_string(w, "currency", s->currency);
	kam_json_wrap(w);
	kam_json_double(w, "open_pipeline", 2, s->open_pipeline);
	kam_json_int(w, "open_opportunities", (intmax_t)s->open_opportunities);
	kam_json_int(w, "must_wins", (intmax_t)s->open_must_wins);
	if (s->has_revenue) {
		kam_json_object_begin(w, "revenue", KAM_JSON_INLINE);
		kam_json_string(w, "quarter", quarter);
		kam_json_double(w, "target", 2, s->revenue_target);
		kam_json_double(w, "actual", 2, s->revenue_actual);
		kam_json_end(w);
	} else
		kam_json_null(w, "revenue");
	kam_json_string(w, "review_due", *s->review_due ? s->review_due : NULL);
	json_oldest(w, &s->health.oldest);
	kam_json_wrap(w);
	json_renewal(w, s);
	json_routed(w, s, pipelines);
	kam_json_wrap(w);
	json_health(w, &s->health);
	if (s->duplicate)
		kam_json_bool(w, "counted", false);
	kam_json_end(w);
}

static void json_unread(kam_json *w, const kam_unread_plan *u)
{
	kam_json_object_begin(w, NULL, KAM_JSON_INLINE);
	kam_json_string(w, "account", u->account);
	kam_json_path(w, "file", u->file);
	kam_json_string(w, "unreadable", u->reason);
	kam_json_bool(w, "counted", false);
	kam_json_end(w);
}

void kam_status_json(kam_buf *out, const kam_rules_context *ctx, const kam_plan_summary *plans,
		     size_t count, const kam_unread_plan *unread, size_t unread_count)
{
	char today[11], quarter[8];
	kam_date_format(ctx->today, today);
	kam_quarter_format(ctx->quarter, quarter);
	kam_json w;
	kam_json_init(&w, out);
	kam_json_object_begin(&w, NULL, KAM_JSON_BLOCK);
	kam_json_int(&w, "version", 1);
	kam_json_string(&w, "today", today);
	kam_json_string(&w, "quarter", quarter);
	kam_json_string(&w, "currency", ctx->config->currency);
	kam_json_array_begin(&w, "accounts", KAM_JSON_BLOCK);
	kam_partner_pipelines pipelines;
	kam_partner_pipelines_init(&pipelines, plans, count, unread, unread_count);
	for (size_t i = 0; i < count; i++)
		json_plan(&w, &plans[i], quarter, &pipelines);
	kam_partner_pipelines_release(&pipelines);
	for (size_t i = 0; i < unread_count; i++)
		if (unread[i].is_plan)
			json_unread(&w, &unread[i]);
	kam_json_end(&w);
	kam_json_end(&w);
	kam_json_release(&w);
}
