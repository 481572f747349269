#include "kam/status.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
	return strcmp(x->account ? x->account : x->file, y->account ? y->account : y->file);
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

static void money_cell(kam_buf *row, double amount, const char *currency, const char *default_currency)
{
	kam_buf cell = KAM_BUF_INIT;
	kam_format_money(&cell, amount);
	if (currency && default_currency && strcmp(currency, default_currency) != 0)
		kam_buf_printf(&cell, " %s", currency);
	kam_buf_printf(row, "%14s", cell.ptr);
	kam_buf_release(&cell);
}

static void revenue_cell(kam_buf *row, const kam_plan_summary *s, const char *default_currency)
{
	kam_buf cell = KAM_BUF_INIT;
	if (s->has_revenue) {
		kam_format_money(&cell, s->revenue_actual);
		kam_buf_puts(&cell, " / ");
		kam_format_money(&cell, s->revenue_target);
		if (s->currency && strcmp(s->currency, default_currency) != 0)
			kam_buf_printf(&cell, " %s", s->currency);
	} else
		kam_buf_puts(&cell, "-");
	kam_buf_printf(row, "  %-21s", cell.ptr);
	kam_buf_release(&cell);
}

static void health_cell(kam_buf *row, const kam_health *h)
{
	kam_buf_printf(row, "  %3d", h->score);
	if (h->points[h->weakest] < kam_health_max(h->weakest))
		kam_buf_printf(row, "  weakest: %s %d/%d", kam_health_name(h->weakest),
			       h->points[h->weakest], kam_health_max(h->weakest));
}

/* Sums per currency: amounts in different currencies are never added. */
typedef struct totals {
	const char *currency[8];
	double amount[8];
	size_t count;
} totals;

static void add_total(totals *t, const char *currency, double amount)
{
	for (size_t i = 0; i < t->count; i++)
		if (strcmp(t->currency[i], currency) == 0) {
			t->amount[i] += amount;
			return;
		}
	if (t->count < 8) {
		t->currency[t->count] = currency;
		t->amount[t->count++] = amount;
	}
}

void kam_status_text(kam_buf *out, const kam_rules_context *ctx, const kam_plan_summary *plans,
		     size_t count)
{
	char today[11], quarter[8];
	kam_date_format(ctx->today, today);
	kam_quarter_format(ctx->quarter, quarter);
	kam_buf_printf(out, "%s portfolio on %s (%s), amounts in %s\n\n",
		       *ctx->config->organization ? ctx->config->organization : "Account",
		       today, quarter, ctx->config->currency);
	char revenue[20];
	snprintf(revenue, sizeof(revenue), "revenue %s", quarter);
	kam_buf_printf(out, "%-22s %-9s %-16s %14s %5s  %-21s  %-10s  %s\n", "account", "tier", "owner",
		       "open pipeline", "must", revenue, "review due", "health");
	totals pipeline = {0};
	for (size_t i = 0; i < count; i++) {
		const kam_plan_summary *s = &plans[i];
		kam_buf row = KAM_BUF_INIT;
		kam_buf_printf(&row, "%-22s %-9s %-16s ", s->account ? s->account : s->file,
			       s->tier ? s->tier : "-", s->owner ? s->owner : "-");
		money_cell(&row, s->open_pipeline, s->currency, ctx->config->currency);
		kam_buf_printf(&row, " %5zu", s->open_must_wins);
		revenue_cell(&row, s, ctx->config->currency);
		kam_buf_printf(&row, "  %-10s", *s->review_due ? s->review_due : "-");
		health_cell(&row, &s->health);
		kam_buf_printf(out, "%s\n", row.ptr);
		kam_buf_release(&row);
		add_total(&pipeline, s->currency ? s->currency : ctx->config->currency, s->open_pipeline);
	}
	kam_buf_printf(out, "\n%zu account%s, open pipeline ", count, count == 1 ? "" : "s");
	if (!pipeline.count)
		kam_buf_printf(out, "0 %s", ctx->config->currency);
	for (size_t i = 0; i < pipeline.count; i++) {
		kam_buf_puts(out, i ? " + " : "");
		kam_format_money(out, pipeline.amount[i]);
		kam_buf_printf(out, " %s", pipeline.currency[i]);
	}
	kam_buf_printf(out, "; revenue is actual / target for %s\n", quarter);
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
	kam_buf_puts(out, "]}}");
}

void kam_status_json(kam_buf *out, const kam_rules_context *ctx, const kam_plan_summary *plans,
		     size_t count)
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
	kam_buf_puts(out, count ? "\n  ]\n}\n" : "]\n}\n");
}
