#include "kam/status.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kam/term.h"
#include "banned.h"

static int tier_rank(const char *tier)
{
	static const char *const order[] = {"key", "strategic", "growth", "maintain"};
	for (int i = 0; i < 4; i++)
		if (tier && strcmp(tier, order[i]) == 0)
			return i;
	return 4;
}

static int by_tier(const void *a, const void *b)
{
	const kam_plan_summary *x = a, *y = b;
	int c = tier_rank(x->tier) - tier_rank(y->tier);
	if (c)
		return c;
	c = strcmp(x->account ? x->account : x->file, y->account ? y->account : y->file);
	if (c || x->duplicate != y->duplicate) /* the plan that keeps an id, then its copies */
		return c ? c : x->duplicate - y->duplicate;
	return strcmp(x->file, y->file);
}

void kam_status_sort(kam_plan_summary *plans, size_t count)
{
	if (count > 1)
		qsort(plans, count, sizeof(*plans), by_tier);
}

void kam_format_money(kam_buf *out, double amount)
{
	char digits[64];
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
} row;

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

/* Whether another row claims this row's account id: both show their file. */
static bool claimed_twice(const kam_plan_summary *plans, size_t count, const kam_plan_summary *s)
{
	for (size_t i = 0; s->account && i < count; i++)
		if (&plans[i] != s && plans[i].account && strcmp(plans[i].account, s->account) == 0)
			return true;
	return false;
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

static void print_row(kam_buf *out, const row *r, const int *width)
{
	kam_buf line = KAM_BUF_INIT;
	for (int c = 0; c < COLUMNS; c++) {
		const char *text = r->cell[c].ptr ? r->cell[c].ptr : "";
		kam_buf_puts(&line, c == 0 ? "" : c <= COL_MUST ? " " : "  ");
		kam_buf_printf(&line, right_aligned[c] ? "%*s" : "%-*s", width[c], text);
	}
	const kam_health *h = r->health;
	if (r->note.len)
		kam_buf_printf(&line, "  %s", r->note.ptr);
	else if (h && h->points[h->weakest] < kam_health_max(h->weakest))
		kam_buf_printf(&line, "  weakest: %s %d/%d", kam_health_name(h->weakest), h->points[h->weakest],
			       kam_health_max(h->weakest));
	while (line.len && line.ptr[line.len - 1] == ' ')
		line.ptr[--line.len] = '\0';
	kam_buf_printf(out, "%s\n", line.ptr);
	kam_buf_release(&line);
}

static void release_row(row *r)
{
	for (int c = 0; c < COLUMNS; c++)
		kam_buf_release(&r->cell[c]);
	kam_buf_release(&r->note);
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

/* Sums per currency: amounts in different currencies are never added. */
typedef struct totals {
	const char **currency;
	double *amount;
	size_t count;
} totals;

static void add_total(totals *t, const char *currency, double amount)
{
	for (size_t i = 0; i < t->count; i++)
		if (strcmp(t->currency[i], currency) == 0) {
			t->amount[i] += amount;
			return;
		}
	t->currency = kam_xrealloc(t->currency, (t->count + 1) * sizeof(*t->currency));
	t->amount = kam_xrealloc(t->amount, (t->count + 1) * sizeof(*t->amount));
	t->currency[t->count] = currency;
	t->amount[t->count++] = amount;
}

static void print_totals(kam_buf *out, size_t count, size_t unread, const totals *pipeline,
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
	size_t rows_count = count + unread_count, counted = 0;
	row *rows = kam_xcalloc(rows_count + 1, sizeof(row)); /* rows[0]: the header */
	static const char *const header[COLUMNS] = {"account", "tier", "owner", "open pipeline", "must",
						    "revenue", "review due", "health"};
	for (int c = 0; c < COLUMNS; c++)
		kam_buf_puts(&rows[0].cell[c], header[c]);
	kam_buf_printf(&rows[0].cell[COL_REVENUE], " %s", quarter);
	totals pipeline = {0};
	for (size_t i = 0; i < count; i++) {
		fill_row(&rows[i + 1], &plans[i], ctx->config->currency,
			 claimed_twice(plans, count, &plans[i]));
		if (plans[i].duplicate)
			continue;
		counted++;
		add_total(&pipeline, plans[i].currency ? plans[i].currency : ctx->config->currency,
			  plans[i].open_pipeline);
	}
	for (size_t i = 0; i < unread_count; i++)
		fill_unread_row(&rows[count + 1 + i], &unread[i]);
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
	print_totals(out, counted + unread_count, unread_count, &pipeline, ctx->config->currency,
		     quarter);
	free(pipeline.currency);
	free(pipeline.amount);
}

static void json_plan(kam_buf *out, const kam_plan_summary *s, const char *quarter)
{
	kam_buf_puts(out, "    {\"account\": ");
	kam_buf_json_text(out, s->account);
	kam_buf_puts(out, ", \"name\": ");
	kam_buf_json_text(out, s->name);
	kam_buf_puts(out, ", \"file\": ");
	kam_buf_json_text(out, s->file);
	kam_buf_puts(out, ", \"type\": ");
	kam_buf_json_text(out, s->type);
	kam_buf_puts(out, ", \"tier\": ");
	kam_buf_json_text(out, s->tier);
	kam_buf_puts(out, ", \"owner\": ");
	kam_buf_json_text(out, s->owner);
	kam_buf_puts(out, ", \"currency\": ");
	kam_buf_json_text(out, s->currency);
	kam_buf_printf(out, ",\n     \"open_pipeline\": %.2f, \"open_opportunities\": %zu, \"must_wins\": %zu, "
			    "\"revenue\": ",
		       s->open_pipeline, s->open_opportunities, s->open_must_wins);
	if (s->has_revenue)
		kam_buf_printf(out, "{\"quarter\": \"%s\", \"target\": %.2f, \"actual\": %.2f}", quarter,
			       s->revenue_target, s->revenue_actual);
	else
		kam_buf_puts(out, "null");
	kam_buf_puts(out, ", \"review_due\": ");
	kam_buf_json_text(out, *s->review_due ? s->review_due : NULL);
	kam_buf_printf(out, ",\n     \"health\": {\"score\": %d, \"weakest\": \"%s\", \"parts\": [",
		       s->health.score, kam_health_name(s->health.weakest));
	for (int p = 0; p < KAM_HEALTH__COUNT; p++)
		kam_buf_printf(out, "%s{\"part\": \"%s\", \"points\": %d, \"max\": %d}", p ? ", " : "",
			       kam_health_name((kam_health_part)p), s->health.points[p],
			       kam_health_max((kam_health_part)p));
	kam_buf_puts(out, "]}");
	if (s->duplicate)
		kam_buf_puts(out, ", \"counted\": false");
	kam_buf_puts(out, "}");
}

static void json_unread(kam_buf *out, const kam_unread_plan *u)
{
	kam_buf_puts(out, "    {\"account\": ");
	kam_buf_json_text(out, u->account);
	kam_buf_puts(out, ", \"file\": ");
	kam_buf_json_text(out, u->file);
	kam_buf_puts(out, ", \"unreadable\": ");
	kam_buf_json_text(out, u->reason);
	kam_buf_puts(out, ", \"counted\": false}");
}

void kam_status_json(kam_buf *out, const kam_rules_context *ctx, const kam_plan_summary *plans,
		     size_t count, const kam_unread_plan *unread, size_t unread_count)
{
	char today[11], quarter[8];
	kam_date_format(ctx->today, today);
	kam_quarter_format(ctx->quarter, quarter);
	kam_buf_printf(out, "{\n  \"version\": 1,\n  \"today\": \"%s\",\n  \"quarter\": \"%s\",\n"
			    "  \"currency\": ",
		       today, quarter);
	kam_buf_json_text(out, ctx->config->currency);
	kam_buf_puts(out, ",\n  \"accounts\": [");
	for (size_t i = 0; i < count; i++) {
		kam_buf_puts(out, i ? ",\n" : "\n");
		json_plan(out, &plans[i], quarter);
	}
	for (size_t i = 0; i < unread_count; i++) {
		kam_buf_puts(out, count + i ? ",\n" : "\n");
		json_unread(out, &unread[i]);
	}
	kam_buf_puts(out, count + unread_count ? "\n  ]\n}\n" : "]\n}\n");
}
