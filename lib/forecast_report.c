/* The forecast as text, Markdown and JSON. Names from plans go through
 * the terminal, Markdown and JSON writers; amounts are C numbers. */
#include <stdlib.h>
#include <string.h>

#include "kam/forecast.h"
#include "kam/json.h"
#include "kam/status.h"
#include "kam/term.h"
#include "mdwrite.h"
#include "banned.h"

enum { LINE = 80, NUMBER = 12, CELLS = 4 };

static const char *no_name(kam_forecast_by by)
{
	return by == KAM_FORECAST_BY_OWNER  ? "(no owner)"
	       : by == KAM_FORECAST_BY_TIER ? "(no tier)"
					    : "(no account)";
}

static void heading_dates(kam_buf *out, kam_quarter q, int fiscal_start)
{
	char from[11], to[11];
	kam_date_format(kam_quarter_first_day(q, fiscal_start), from);
	kam_date_format(kam_quarter_last_day(q, fiscal_start), to);
	kam_buf_printf(out, "%s to %s", from, to);
}

/* The cells of one row: the number, or what could still close. */
static void money_or_dash(kam_buf *cell, bool known, double amount)
{
	if (known)
		kam_format_money(cell, amount);
	else
		kam_buf_putc(cell, '-');
}

static void coverage_cell(kam_buf *cell, const kam_forecast_sums *s)
{
	double coverage;
	bool met;
	if (kam_forecast_coverage(s, &coverage, &met)) {
		kam_buf_put_tenths(cell, coverage);
		kam_buf_putc(cell, 'x');
	} else
		kam_buf_puts(cell, met ? "met" : "-");
}

static void fill_cells(kam_buf cell[CELLS], const kam_forecast_sums *s, bool second)
{
	double gap;
	bool has_gap = kam_forecast_gap(s, &gap);
	if (!second) {
		money_or_dash(&cell[0], s->has_target, s->target);
		kam_format_money(&cell[1], s->won);
		kam_format_money(&cell[2], s->commit);
		money_or_dash(&cell[3], has_gap, gap);
		return;
	}
	kam_format_money(&cell[0], s->best_case);
	kam_format_money(&cell[1], s->pipeline);
	kam_format_money(&cell[2], s->weighted);
	coverage_cell(&cell[3], s);
}

typedef struct text_row {
	char *label; /* escaped for the terminal */
	kam_buf cell[CELLS];
} text_row;

static void pad(kam_buf *out, const char *s, int width, bool right)
{
	int n = (int)kam_utf8_length(s, strlen(s));
	if (!right)
		kam_buf_puts(out, s);
	for (; n < width; n++)
		kam_buf_putc(out, ' ');
	if (right)
		kam_buf_puts(out, s);
}

static void print_line(kam_buf *out, const text_row *r, int label_width, const int *width)
{
	kam_buf line = KAM_BUF_INIT;
	if ((int)kam_utf8_length(r->label, strlen(r->label)) > label_width) {
		kam_buf_printf(out, "%s\n", r->label); /* a long name has a line of its own */
		pad(&line, "", label_width, false);
	} else
		pad(&line, r->label, label_width, false);
	for (int c = 0; c < CELLS; c++) {
		kam_buf_puts(&line, "  ");
		pad(&line, kam_buf_cstr(&r->cell[c]), width[c], true);
	}
	kam_buf_printf(out, "%s\n", line.ptr);
	kam_buf_release(&line);
}

/* One table of a currency: rows, then the total; numbers right-aligned,
 * the names' column what is left of 80 (at least 8). */
static void text_table(kam_buf *out, const kam_forecast_report *f, const kam_forecast_group *g,
		       bool second)
{
	static const char *const titles[2][CELLS] = {
	    {"target", "won", "commit", "gap"}, {"best case", "pipeline", "weighted", "coverage"}};
	size_t n = g->count + 2;
	text_row *rows = kam_xcalloc(n, sizeof(*rows));
	rows[0].label = kam_xstrdup(kam_forecast_by_name(kam_forecast_grouping(f)));
	for (int c = 0; c < CELLS; c++)
		kam_buf_puts(&rows[0].cell[c], titles[second][c]);
	for (size_t i = 0; i < g->count; i++) {
		const char *name = g->rows[i].name;
		rows[i + 1].label =
		    name ? kam_term_dup(name) : kam_xstrdup(no_name(kam_forecast_grouping(f)));
		fill_cells(rows[i + 1].cell, &g->rows[i].sums, second);
	}
	rows[n - 1].label = kam_xstrdup("total");
	fill_cells(rows[n - 1].cell, &g->total, second);
	int width[CELLS], used = 0;
	for (int c = 0; c < CELLS; c++) {
		width[c] = NUMBER;
		for (size_t i = 0; i < n; i++)
			if ((int)rows[i].cell[c].len > width[c])
				width[c] = (int)rows[i].cell[c].len;
		used += width[c] + 2;
	}
	int label_width = LINE - used < 8 ? 8 : LINE - used;
	for (size_t i = 0; i < n; i++) {
		print_line(out, &rows[i], label_width, width);
		free(rows[i].label);
		for (int c = 0; c < CELLS; c++)
			kam_buf_release(&rows[i].cell[c]);
	}
	free(rows);
}

static void text_skips(kam_buf *out, const kam_forecast_report *f)
{
	size_t count;
	const kam_forecast_skip *s = kam_forecast_skips(f, &count);
	for (size_t i = 0; i < count; i++) {
		kam_buf_puts(out, i ? "" : "\n");
		kam_buf_puts(out, "not counted again: ");
		kam_term_text(out, s[i].account);
		kam_buf_putc(out, ' ');
		kam_term_text(out, s[i].deal);
		kam_buf_puts(out, " (counted in ");
		kam_term_text(out, s[i].counted_in);
		kam_buf_puts(out, ")\n");
	}
}

static const char legend[] =
    "\nwon: deals won that close in the quarter; commit, best case (commit and\n"
    "best-case deals) and pipeline (every open deal not omitted): open deals that\n"
    "close in it; weighted: value x probability; gap: target - won - commit;\n"
    "coverage: (pipeline - commit) / gap. Currencies are never added together.\n";

void kam_forecast_text(kam_buf *out, const kam_forecast_report *f, kam_date today, int fiscal_start)
{
	char q[8], day[11];
	kam_quarter_format(kam_forecast_quarter(f), q);
	kam_date_format(today, day);
	kam_buf_printf(out, "Forecast %s (", q);
	heading_dates(out, kam_forecast_quarter(f), fiscal_start);
	kam_buf_printf(out, ") by %s, on %s\n", kam_forecast_by_name(kam_forecast_grouping(f)),
		       day);
	size_t count;
	const kam_forecast_group *g = kam_forecast_groups(f, &count);
	if (!count)
		kam_buf_puts(out, "\nno plans to forecast\n");
	for (size_t i = 0; i < count; i++)
		for (int second = 0; second < 2; second++) {
			kam_buf_putc(out, '\n');
			kam_term_text(out, g[i].currency);
			kam_buf_puts(out, second ? ": what could still close\n" : ": the number\n");
			text_table(out, f, &g[i], second);
		}
	text_skips(out, f);
	kam_buf_puts(out, legend);
}

/* ------------------------------------------------------------------ */
/* Markdown                                                            */

static void md_row(kam_buf *out, const char *label, bool bold, const kam_forecast_sums *s)
{
	kam_buf cell[2][CELLS] = {{KAM_BUF_INIT}};
	fill_cells(cell[0], s, false);
	fill_cells(cell[1], s, true);
	kam_buf_puts(out, bold ? "| **" : "| ");
	kam_md_text(out, label);
	kam_buf_puts(out, bold ? "** |" : " |");
	static const int order[] = {
	    0, 1, 2, 4, 5, 6, 3, 7}; /* target won commit best pipeline weighted gap coverage */
	for (int i = 0; i < 2 * CELLS; i++) {
		kam_buf *c = &cell[order[i] / CELLS][order[i] % CELLS];
		kam_buf_printf(out, " %s |", kam_buf_cstr(c));
	}
	kam_buf_putc(out, '\n');
	for (int i = 0; i < 2 * CELLS; i++)
		kam_buf_release(&cell[i / CELLS][i % CELLS]);
}

void kam_forecast_md(kam_buf *out, const kam_forecast_report *f, kam_date today, int fiscal_start)
{
	char q[8], day[11];
	kam_forecast_by by = kam_forecast_grouping(f);
	kam_quarter_format(kam_forecast_quarter(f), q);
	kam_date_format(today, day);
	kam_buf_printf(out, "## Forecast %s by %s\n\n", q, kam_forecast_by_name(by));
	heading_dates(out, kam_forecast_quarter(f), fiscal_start);
	kam_buf_printf(out,
		       ", on %s. Gap is target - won - commit; coverage is (pipeline - commit) "
		       "/ gap; best case includes commit, pipeline every open deal not omitted.\n",
		       day);
	size_t count;
	const kam_forecast_group *g = kam_forecast_groups(f, &count);
	if (!count)
		kam_buf_puts(out, "\nNo plans to forecast.\n");
	for (size_t i = 0; i < count; i++) {
		kam_buf_puts(out, "\n### ");
		kam_md_text(out, g[i].currency);
		kam_buf_printf(
		    out,
		    "\n\n| %s | target | won | commit | best case | pipeline | weighted | "
		    "gap | coverage |\n",
		    kam_forecast_by_name(by));
		kam_buf_puts(out, "|---|--:|--:|--:|--:|--:|--:|--:|--:|\n");
		for (size_t r = 0; r < g[i].count; r++)
			md_row(out, g[i].rows[r].name ? g[i].rows[r].name : no_name(by), false,
			       &g[i].rows[r].sums);
		md_row(out, "total", true, &g[i].total);
	}
	size_t skips;
	const kam_forecast_skip *s = kam_forecast_skips(f, &skips);
	for (size_t i = 0; i < skips; i++) {
		kam_buf_puts(out,
			     i ? "- " : "\nNot counted again (a client's plan counts them):\n\n- ");
		kam_md_text(out, s[i].account);
		kam_buf_puts(out, " ");
		kam_md_code(out, s[i].deal);
		kam_buf_puts(out, ", counted in ");
		kam_md_text(out, s[i].counted_in);
		kam_buf_putc(out, '\n');
	}
}

/* ------------------------------------------------------------------ */
/* JSON                                                                */

static void json_sums(kam_json *w, const kam_forecast_sums *s)
{
	double gap, coverage;
	bool met;
	if (s->has_target)
		kam_json_double(w, "target", 2, s->target);
	else
		kam_json_null(w, "target");
	kam_json_double(w, "won", 2, s->won);
	kam_json_double(w, "commit", 2, s->commit);
	kam_json_double(w, "best_case", 2, s->best_case);
	kam_json_wrap(w);
	kam_json_double(w, "pipeline", 2, s->pipeline);
	kam_json_double(w, "weighted", 2, s->weighted);
	kam_json_double(w, "omitted", 2, s->omitted);
	kam_json_double(w, "renewals", 2, s->renewals);
	kam_json_wrap(w);
	if (kam_forecast_gap(s, &gap))
		kam_json_double(w, "gap", 2, gap);
	else
		kam_json_null(w, "gap");
	if (kam_forecast_coverage(s, &coverage, &met))
		kam_json_double(w, "coverage", 2, coverage);
	else
		kam_json_null(w, "coverage");
	kam_json_bool(w, "met", met);
	kam_json_int(w, "deals", (intmax_t)s->deals);
	kam_json_int(w, "accounts", (intmax_t)s->accounts);
}

static void json_group(kam_json *w, const kam_forecast_group *g, kam_forecast_by by)
{
	kam_json_object_begin(w, NULL, KAM_JSON_BLOCK);
	kam_json_string(w, "currency", g->currency);
	kam_json_array_begin(w, "rows", KAM_JSON_BLOCK);
	for (size_t i = 0; i < g->count; i++) {
		kam_json_object_begin(w, NULL, KAM_JSON_INLINE);
		kam_json_string(w, kam_forecast_by_name(by), g->rows[i].name);
		json_sums(w, &g->rows[i].sums);
		kam_json_end(w);
	}
	kam_json_end(w);
	kam_json_object_begin(w, "total", KAM_JSON_INLINE);
	json_sums(w, &g->total);
	kam_json_end(w);
	kam_json_end(w);
}

void kam_forecast_json(kam_buf *out, const kam_forecast_report *f, kam_date today, int fiscal_start)
{
	char q[8], day[11], from[11], to[11];
	kam_forecast_by by = kam_forecast_grouping(f);
	kam_quarter_format(kam_forecast_quarter(f), q);
	kam_date_format(today, day);
	kam_date_format(kam_quarter_first_day(kam_forecast_quarter(f), fiscal_start), from);
	kam_date_format(kam_quarter_last_day(kam_forecast_quarter(f), fiscal_start), to);
	kam_json w;
	kam_json_init(&w, out);
	kam_json_object_begin(&w, NULL, KAM_JSON_BLOCK);
	kam_json_int(&w, "version", 1);
	kam_json_string(&w, "today", day);
	kam_json_string(&w, "quarter", q);
	kam_json_string(&w, "from", from);
	kam_json_string(&w, "to", to);
	kam_json_string(&w, "by", kam_forecast_by_name(by));
	size_t count;
	const kam_forecast_group *g = kam_forecast_groups(f, &count);
	kam_json_array_begin(&w, "currencies", KAM_JSON_BLOCK);
	for (size_t i = 0; i < count; i++)
		json_group(&w, &g[i], by);
	kam_json_end(&w);
	size_t skips;
	const kam_forecast_skip *s = kam_forecast_skips(f, &skips);
	kam_json_array_begin(&w, "not_counted_again", KAM_JSON_BLOCK);
	for (size_t i = 0; i < skips; i++) {
		kam_json_object_begin(&w, NULL, KAM_JSON_INLINE);
		kam_json_string(&w, "account", s[i].account);
		kam_json_string(&w, "opportunity", s[i].deal);
		kam_json_string(&w, "counted_in", s[i].counted_in);
		kam_json_end(&w);
	}
	kam_json_end(&w);
	kam_json_end(&w);
	kam_json_release(&w);
}
