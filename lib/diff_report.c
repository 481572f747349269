/* A semantic diff as text, Markdown and JSON. */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kam/diff.h"
#include "kam/status.h"
#include "kam/json.h"
#include "kam/term.h"
#include "mdwrite.h"
#include "banned.h"

#define BOLD "\033[1m"
#define DIM "\033[2m"
#define RESET "\033[0m"

/* "opportunities o-core: probability 40 -> 60", "reviewed 2026-08-01 -> ..." */
static void change_line(kam_buf *out, const kam_change *c, const char *arrow)
{
	if (c->collection && strcmp(c->collection, "body") == 0) {
		kam_buf_printf(out, "text under \"%s\": %s lines", c->entity, c->new_value);
		return;
	}
	bool meeting = c->collection && strcmp(c->collection, "meetings") == 0;
	if (meeting && c->field && strncmp(c->field, "text under ", 11) == 0) {
		kam_buf_printf(out, "meeting %s: %s: %s lines", c->entity, c->field, c->new_value);
		return;
	}
	if (c->collection) /* "meeting meetings/x.md", "opportunities o-core" */
		kam_buf_printf(out, "%s %s", meeting ? "meeting" : c->collection,
			       c->entity ? c->entity : "");
	if (c->collection && c->field)
		kam_buf_puts(out, ": ");
	if (c->field)
		kam_buf_puts(out, c->field);
	if (c->kind == KAM_CHANGE_ADDED)
		kam_buf_printf(out, "%sadded %s", c->field || c->collection ? " " : "", c->new_value ? c->new_value : "");
	else if (c->kind == KAM_CHANGE_REMOVED)
		kam_buf_printf(out, "%sremoved (was %s)", c->field || c->collection ? " " : "",
			       c->old_value ? c->old_value : "");
	else
		kam_buf_printf(out, " %s %s %s", c->old_value ? c->old_value : "", arrow,
			       c->new_value ? c->new_value : "");
}

static size_t untold(const kam_account_diff *a)
{
	size_t n = 0;
	for (size_t i = 0; i < a->change_count; i++)
		n += !a->changes[i].told;
	return n;
}

static bool no_pipeline(const kam_money_totals *m)
{
	return m->pipeline_before == 0 && m->pipeline_after == 0;
}

/* How a value goes into the output: kam_term_text for text, kam_md_text for
 * Markdown. */
typedef void (*put_value)(kam_buf *out, const char *value);

/* "4,350,000 -> 3,870,000 EUR, 0 -> 1,200,000 USD": one figure per currency
 * with a pipeline (the repository's currency when none has) */
static void pipelines(kam_buf *out, const kam_diff_totals *t, const char *arrow, put_value put)
{
	size_t written = 0, with_pipeline = 0;
	for (size_t i = 0; i < t->money_count; i++)
		with_pipeline += !no_pipeline(&t->money[i]);
	for (size_t i = 0; i < t->money_count; i++) {
		const kam_money_totals *m = &t->money[i];
		if (no_pipeline(m) && (with_pipeline || i > 0))
			continue;
		kam_buf_puts(out, written++ ? ", " : "");
		kam_format_money(out, m->pipeline_before);
		kam_buf_printf(out, " %s ", arrow);
		kam_format_money(out, m->pipeline_after);
		kam_buf_putc(out, ' ');
		put(out, m->currency);
	}
}

/* One amount of a currency's totals. */
typedef double (*pick_value)(const kam_money_totals *m);

static double won_of(const kam_money_totals *m)
{
	return m->won_value;
}
static double withdrawn_of(const kam_money_totals *m)
{
	return m->withdrawn_value;
}
static double to_commit_of(const kam_money_totals *m)
{
	return m->to_commit_value;
}
static double slipped_of(const kam_money_totals *m)
{
	return m->slipped_value;
}
static double pulled_in_of(const kam_money_totals *m)
{
	return m->pulled_in_value;
}
static double slipped_out_of(const kam_money_totals *m)
{
	return m->slipped_out_value;
}

/* " (480,000 EUR, 50,000 USD)": an amount in each currency (won,
 * withdrawn from won, slipped, ...) */
static void values(kam_buf *out, const kam_diff_totals *t, pick_value pick, put_value put)
{
	const char *sep = " (";
	for (size_t i = 0; i < t->money_count; i++) {
		double v = pick(&t->money[i]);
		if (v <= 0)
			continue;
		kam_buf_puts(out, sep);
		kam_format_money(out, v);
		kam_buf_putc(out, ' ');
		put(out, t->money[i].currency);
		sep = ", ";
	}
	if (sep[0] == ',')
		kam_buf_putc(out, ')');
}

/* "1 moved to commit (250,000 EUR); 2 slipped (350,000 EUR)": only what
 * happened, so a diff without such moves reads as before. */
static void outlook_counts(kam_buf *out, const kam_diff_totals *t, const char *bullet,
			   put_value put)
{
	const struct {
		size_t n;
		const char *what;
		pick_value pick;
	} parts[] = {{t->to_commit, "moved to commit", to_commit_of},
		     {t->slipped, "slipped", slipped_of},
		     {t->pulled_in, "pulled in", pulled_in_of}};
	size_t written = 0;
	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		if (!parts[i].n)
			continue;
		kam_buf_printf(out, "%s%zu %s", written++ ? "; " : bullet, parts[i].n,
			       parts[i].what);
		values(out, t, parts[i].pick, put);
	}
	if (written)
		kam_buf_putc(out, '\n');
}

/* "lost by reason: price 300,000 EUR (1 deal, to globex); not given ..." */
static void lost_by_reason(kam_buf *out, const kam_diff_totals *t, const char *bullet,
			   put_value put)
{
	kam_buf_printf(out, "%slost by reason: ", bullet);
	for (size_t i = 0; i < t->lost_by_count; i++) {
		const kam_lost_totals *l = &t->lost_by[i];
		kam_buf_printf(out, "%s%s ", i ? "; " : "",
			       l->reason == KAM_LOST_UNKNOWN ? "not given"
							     : kam_lost_reasons[l->reason].label);
		kam_format_money(out, l->value);
		kam_buf_putc(out, ' ');
		put(out, l->currency);
		kam_buf_printf(out, " (%zu deal%s", l->deals, l->deals == 1 ? "" : "s");
		if (l->lost_to) {
			kam_buf_puts(out, ", to ");
			put(out, l->lost_to);
		}
		kam_buf_putc(out, ')');
	}
	kam_buf_putc(out, '\n');
}

/* The forecast's moves; in a quarter's report also what slipped out of
 * the quarter (none is an answer too) and why deals were lost. */
static void outlook_lines(kam_buf *out, const kam_diff_totals *t, const char *bullet, put_value put)
{
	outlook_counts(out, t, bullet, put);
	if (!t->has_quarter)
		return;
	char quarter[8];
	kam_quarter_format(t->quarter, quarter);
	kam_buf_printf(out, "%sslipped out of %s: ", bullet, quarter);
	if (t->slipped_out) {
		kam_buf_printf(out, "%zu deal%s", t->slipped_out, t->slipped_out == 1 ? "" : "s");
		values(out, t, slipped_out_of, put);
	} else
		kam_buf_puts(out, "none");
	kam_buf_putc(out, '\n');
	if (t->lost_by_count)
		lost_by_reason(out, t, bullet, put);
}

static void headline(kam_buf *out, const kam_diff *diff, const kam_diff_range *r, const char *bullet,
		     const char *arrow, put_value put)
{
	kam_diff_totals t;
	kam_diff_totals_in(diff, r->currency, r->has_quarter ? &r->quarter : NULL, &t);
	kam_buf_printf(out, "%sopen pipeline of the changed accounts ", bullet);
	pipelines(out, &t, arrow, put);
	kam_buf_printf(out, "\n%s%zu account%s changed; %zu new opportunit%s; won %zu", bullet,
		       t.accounts_changed, t.accounts_changed == 1 ? "" : "s", t.added,
		       t.added == 1 ? "y" : "ies", t.won);
	values(out, &t, won_of, put);
	kam_buf_printf(out, ", lost %zu; stages %zu forward, %zu back", t.lost, t.stage_forward,
		       t.stage_back);
	if (t.reopened)
		kam_buf_printf(out, "; %zu reopened", t.reopened);
	if (t.withdrawn) {
		kam_buf_printf(out, "; %zu withdrawn from won", t.withdrawn);
		values(out, &t, withdrawn_of, put);
	}
	kam_buf_putc(out, '\n');
	outlook_lines(out, &t, bullet, put);
	if (t.targets)
		kam_buf_printf(out, "%srelationship targets reached: %zu of %zu levels moved\n", bullet,
			       t.targets_met, t.targets);
	if (t.meetings ||
	    t.people_left) { /* only where plans say so: older reports stay as they were */
		kam_buf_puts(out, bullet);
		if (t.meetings)
			kam_buf_printf(out, "%zu meeting%s noted", t.meetings,
				       t.meetings == 1 ? "" : "s");
		if (t.people_left)
			kam_buf_printf(out, "%s%zu contact%s left or moved", t.meetings ? "; " : "",
				       t.people_left, t.people_left == 1 ? "" : "s");
		kam_buf_putc(out, '\n');
	}
	kam_diff_totals_release(&t);
}

static void commit_lines(kam_buf *out, const kam_diff_range *r, const char *bullet, put_value put)
{
	if (!r->commit_count)
		return;
	kam_buf_printf(out, "%s%zu commit%s by ", bullet, r->commit_count, r->commit_count == 1 ? "" : "s");
	for (size_t i = 0; i < r->author_count; i++) {
		kam_buf_puts(out, i ? ", " : "");
		put(out, r->authors[i]);
	}
	kam_buf_putc(out, '\n');
}

/* "2026-Q3: ", or "2026-Q4 (so far, as of 2026-11-20): " for the quarter
 * in progress; nothing without a title. */
static void title(kam_buf *out, const kam_diff_range *r)
{
	if (!r->title)
		return;
	kam_buf_puts(out, r->title);
	if (r->in_progress)
		kam_buf_printf(out, " (so far, as of %s)", r->after_as_of);
	kam_buf_puts(out, ": ");
}

/* The plan versions the diff left out, one line each: a report never
 * looks complete when it is not. */
static void left_out_lines(kam_buf *out, const kam_diff *diff, const char *bullet, bool md)
{
	size_t n;
	const char *const *unread = kam_diff_unread(diff, &n);
	for (size_t i = 0; i < n; i++) {
		kam_buf_puts(out, bullet);
		kam_buf_puts(out, "left out: ");
		if (md)
			kam_md_text(out, unread[i]);
		else
			kam_term_text(out, unread[i]);
		kam_buf_putc(out, '\n');
	}
}

void kam_diff_text(kam_buf *out, const kam_diff *diff, const kam_diff_range *r, bool color)
{
	size_t n;
	const kam_account_diff *accounts = kam_diff_accounts(diff, &n);
	kam_buf_puts(out, color ? BOLD : "");
	title(out, r);
	kam_term_text(out, r->base);
	kam_buf_puts(out, " -> ");
	kam_term_text(out, r->head);
	kam_buf_printf(out, "%s\n", color ? RESET : "");
	commit_lines(out, r, "", kam_term_text);
	for (size_t i = 0; i < r->commit_count; i++) {
		kam_buf_puts(out, "  ");
		kam_term_text(out, r->commits[i]);
		kam_buf_putc(out, '\n');
	}
	size_t unread;
	kam_diff_unread(diff, &unread);
	left_out_lines(out, diff, "", false);
	if (!n) {
		kam_buf_puts(out, unread ? "no change in the plans kam could read\n" : "no change to any plan\n");
		return;
	}
	headline(out, diff, r, "", "->", kam_term_text);
	for (size_t i = 0; i < n; i++) {
		const kam_account_diff *a = &accounts[i];
		kam_buf_printf(out, "\n%s", color ? BOLD : "");
		kam_term_text(out, a->account);
		kam_buf_puts(out, color ? RESET : "");
		if (a->name) {
			kam_buf_puts(out, " (");
			kam_term_text(out, a->name);
			kam_buf_putc(out, ')');
		}
		kam_buf_printf(out, " %s", color ? DIM : "");
		kam_term_text(out, a->file);
		kam_buf_printf(out, "%s\n", color ? RESET : "");
		for (size_t j = 0; j < a->story_count; j++) {
			kam_buf_puts(out, "  ");
			kam_term_text(out, a->story[j]);
			kam_buf_putc(out, '\n');
		}
		for (size_t j = 0; j < a->change_count; j++) {
			if (a->changes[j].told)
				continue;
			kam_buf line = KAM_BUF_INIT;
			change_line(&line, &a->changes[j], "->");
			kam_buf_puts(out, "  ");
			kam_term_text(out, kam_buf_cstr(&line));
			kam_buf_putc(out, '\n');
			kam_buf_release(&line);
		}
	}
}

/* A story or change line in Markdown: kam's arrows as arrows, the rest
 * through the Markdown writer. */
static void md_line(kam_buf *out, const char *s)
{
	kam_buf arrows = KAM_BUF_INIT;
	for (const char *p = s; *p; p++) {
		if (p[0] == '-' && p[1] == '>') {
			kam_buf_puts(&arrows, "→");
			p++;
		} else
			kam_buf_putc(&arrows, *p);
	}
	kam_md_text(out, kam_buf_cstr(&arrows));
	kam_buf_release(&arrows);
}

void kam_diff_markdown(kam_buf *out, const kam_diff *diff, const kam_diff_range *r)
{
	size_t n;
	const kam_account_diff *accounts = kam_diff_accounts(diff, &n);
	kam_buf_puts(out, "## ");
	title(out, r);
	kam_buf_puts(out, "account plans, ");
	kam_md_text(out, r->base);
	kam_buf_puts(out, " → ");
	kam_md_text(out, r->head);
	kam_buf_puts(out, "\n\n");
	size_t unread;
	kam_diff_unread(diff, &unread);
	left_out_lines(out, diff, "- ", true);
	if (!n) {
		kam_buf_puts(out, unread ? "\nNo change in the plans kam could read.\n" : "No change to any plan.\n");
		return;
	}
	if (unread)
		kam_buf_putc(out, '\n');
	headline(out, diff, r, "- ", "→", kam_md_text);
	commit_lines(out, r, "- ", kam_md_text);
	for (size_t i = 0; i < n; i++) {
		const kam_account_diff *a = &accounts[i];
		kam_buf_puts(out, "\n### ");
		kam_md_text(out, a->name ? a->name : a->account);
		kam_buf_puts(out, " (");
		kam_md_code(out, a->account);
		kam_buf_puts(out, ")\n\n");
		for (size_t j = 0; j < a->story_count; j++) {
			kam_buf_puts(out, "- ");
			md_line(out, a->story[j]);
			kam_buf_putc(out, '\n');
		}
		size_t rest = untold(a);
		if (!rest)
			continue;
		kam_buf_printf(out, "\n<details><summary>%zu more change%s</summary>\n\n", rest,
			       rest == 1 ? "" : "s");
		for (size_t j = 0; j < a->change_count; j++) {
			if (a->changes[j].told)
				continue;
			kam_buf line = KAM_BUF_INIT;
			change_line(&line, &a->changes[j], "→");
			kam_buf_puts(out, "- ");
			md_line(out, line.ptr);
			kam_buf_printf(out, " (line %u)\n", a->changes[j].line);
			kam_buf_release(&line);
		}
		kam_buf_puts(out, "\n</details>\n");
	}
}

/* One commit of `kam log`: its line, then each account's story and other
 * changes, prefixed with the account. */
static void log_lines(kam_buf *out, const kam_diff *diff, const char *bullet, const char *arrow, bool md)
{
	size_t n;
	const kam_account_diff *accounts = kam_diff_accounts(diff, &n);
	for (size_t i = 0; i < n; i++) {
		const kam_account_diff *a = &accounts[i];
		for (size_t j = 0; j < a->story_count + a->change_count; j++) {
			const kam_change *c = j < a->story_count ? NULL : &a->changes[j - a->story_count];
			if (c && c->told)
				continue;
			kam_buf line = KAM_BUF_INIT;
			if (c)
				change_line(&line, c, arrow);
			else
				kam_buf_puts(&line, a->story[j]);
			kam_buf_puts(out, bullet);
			if (md)
				kam_md_code(out, a->account);
			else
				kam_term_text(out, a->account);
			kam_buf_puts(out, ": ");
			if (md)
				md_line(out, kam_buf_cstr(&line));
			else
				kam_term_text(out, kam_buf_cstr(&line));
			kam_buf_putc(out, '\n');
			kam_buf_release(&line);
		}
	}
}

void kam_diff_log_text(kam_buf *out, const kam_diff *diff, const kam_diff_range *r, bool color)
{
	kam_buf_puts(out, color ? BOLD : "");
	kam_term_text(out, r->commit_count ? r->commits[0] : r->head);
	kam_buf_printf(out, "%s\n", color ? RESET : "");
	log_lines(out, diff, "  ", "->", false);
	left_out_lines(out, diff, "  ", false);
}

void kam_diff_log_markdown(kam_buf *out, const kam_diff *diff, const kam_diff_range *r)
{
	kam_buf_puts(out, "### ");
	kam_md_text(out, r->commit_count ? r->commits[0] : r->head);
	kam_buf_puts(out, "\n\n");
	log_lines(out, diff, "- ", "→", true);
	left_out_lines(out, diff, "- ", true);
}

static const char *kind_name(kam_change_kind k)
{
	return k == KAM_CHANGE_ADDED ? "added" : k == KAM_CHANGE_REMOVED ? "removed" : "modified";
}

static const char *status_name(kam_account_status s)
{
	return s == KAM_ACCOUNT_ADDED ? "added" : s == KAM_ACCOUNT_REMOVED ? "removed" : "changed";
}

static void json_strings(kam_json *w, const char *key, const char *const *items, size_t n)
{
	kam_json_array_begin(w, key, KAM_JSON_INLINE);
	for (size_t i = 0; i < n; i++)
		kam_json_string(w, NULL, items[i]);
	kam_json_end(w);
}

static void json_change(kam_json *w, const kam_change *c)
{
	kam_json_object_begin(w, NULL, KAM_JSON_INLINE);
	kam_json_string(w, "kind", kind_name(c->kind));
	kam_json_string(w, "collection", c->collection);
	kam_json_string(w, "entity", c->entity);
	kam_json_string(w, "field", c->field);
	kam_json_string(w, "old", c->old_value);
	kam_json_string(w, "new", c->new_value);
	kam_json_int(w, "line", c->line);
	kam_json_end(w);
}

/* {"before": x, "after": y}, each null when that side has no plan. */
static void json_sides(kam_json *w, const char *key, const kam_account_diff *a, bool pipeline)
{
	kam_json_object_begin(w, key, KAM_JSON_INLINE);
	if (!a->has_before)
		kam_json_null(w, "before");
	else if (pipeline)
		kam_json_double(w, "before", 2, a->before.open_pipeline);
	else
		kam_json_int(w, "before", a->before.health.score);
	if (!a->has_after)
		kam_json_null(w, "after");
	else if (pipeline)
		kam_json_double(w, "after", 2, a->after.open_pipeline);
	else
		kam_json_int(w, "after", a->after.health.score);
	kam_json_end(w);
}

static void json_account(kam_json *w, const kam_account_diff *a)
{
	kam_json_object_begin(w, NULL, KAM_JSON_INLINE);
	kam_json_string(w, "account", a->account);
	kam_json_string(w, "name", a->name);
	kam_json_path(w, "file", a->file);
	kam_json_string(w, "status", status_name(a->status));
	kam_json_wrap(w);
	json_sides(w, "pipeline", a, true);
	json_sides(w, "health", a, false);
	kam_json_wrap(w);
	json_strings(w, "story", a->story, a->story_count);
	kam_json_wrap(w);
	kam_json_array_begin(w, "changes", KAM_JSON_BLOCK);
	for (size_t i = 0; i < a->change_count; i++)
		json_change(w, &a->changes[i]);
	kam_json_end(w);
	kam_json_end(w);
}

static void json_money(kam_json *w, const kam_money_totals *m, bool currency)
{
	if (currency)
		kam_json_string(w, "currency", m->currency);
	kam_json_double(w, "pipeline_before", 2, m->pipeline_before);
	kam_json_double(w, "pipeline_after", 2, m->pipeline_after);
	kam_json_double(w, "won_value", 2, m->won_value);
	kam_json_double(w, "withdrawn_value", 2, m->withdrawn_value);
}

/* {"deals": 1, "by_currency": [{"currency": "EUR", "value": 250000.00}]}:
 * deals moved to commit, slipped, ...; the quarter's for slipped_out. */
static void json_moved(kam_json *w, const char *key, const kam_diff_totals *t, size_t deals,
		       pick_value pick)
{
	kam_json_wrap(w);
	kam_json_object_begin(w, key, KAM_JSON_INLINE);
	if (pick == slipped_out_of) {
		char quarter[8];
		kam_quarter_format(t->quarter, quarter);
		kam_json_string(w, "quarter", quarter);
	}
	kam_json_int(w, "deals", (intmax_t)deals);
	kam_json_array_begin(w, "by_currency", KAM_JSON_INLINE);
	for (size_t i = 0; i < t->money_count; i++) {
		if (pick(&t->money[i]) <= 0)
			continue;
		kam_json_object_begin(w, NULL, KAM_JSON_INLINE);
		kam_json_string(w, "currency", t->money[i].currency);
		kam_json_double(w, "value", 2, pick(&t->money[i]));
		kam_json_end(w);
	}
	kam_json_end(w);
	kam_json_end(w);
}

/* [{"reason": "price", "currency": "EUR", "deals": 1, "value": ...,
 * "lost_to": ["globex"]}]; reason null: not given. */
static void json_lost(kam_json *w, const kam_diff_totals *t)
{
	kam_json_wrap(w);
	kam_json_array_begin(w, "lost_by_reason", KAM_JSON_INLINE);
	for (size_t i = 0; i < t->lost_by_count; i++) {
		const kam_lost_totals *l = &t->lost_by[i];
		kam_json_object_begin(w, NULL, KAM_JSON_INLINE);
		kam_json_string(w, "reason", kam_lost_reason_name(l->reason));
		kam_json_string(w, "currency", l->currency);
		kam_json_int(w, "deals", (intmax_t)l->deals);
		kam_json_double(w, "value", 2, l->value);
		kam_json_array_begin(w, "lost_to", KAM_JSON_INLINE);
		for (const char *p = l->lost_to; p && *p;) {
			size_t n = strcspn(p, ",");
			kam_json_string_len(w, NULL, p, n);
			p += n + (p[n] == ',' ? 2 : 0);
		}
		kam_json_end(w);
		kam_json_end(w);
	}
	kam_json_end(w);
}

static void json_totals(kam_json *w, const kam_diff_totals *t)
{
	const kam_money_totals *home = &t->money[0];
	kam_json_object_begin(w, "totals", KAM_JSON_INLINE);
	kam_json_int(w, "accounts_changed", (intmax_t)t->accounts_changed);
	kam_json_double(w, "pipeline_before", 2, home->pipeline_before);
	kam_json_double(w, "pipeline_after", 2, home->pipeline_after);
	kam_json_int(w, "new_opportunities", (intmax_t)t->added);
	kam_json_int(w, "won", (intmax_t)t->won);
	kam_json_double(w, "won_value", 2, home->won_value);
	kam_json_int(w, "lost", (intmax_t)t->lost);
	kam_json_int(w, "stage_forward", (intmax_t)t->stage_forward);
	kam_json_int(w, "stage_back", (intmax_t)t->stage_back);
	kam_json_int(w, "reopened", (intmax_t)t->reopened);
	kam_json_int(w, "withdrawn", (intmax_t)t->withdrawn);
	kam_json_double(w, "withdrawn_value", 2, home->withdrawn_value);
	kam_json_int(w, "targets_met", (intmax_t)t->targets_met);
	kam_json_int(w, "levels_moved", (intmax_t)t->targets);
	kam_json_int(w, "meetings", (intmax_t)t->meetings);
	kam_json_int(w, "people_left", (intmax_t)t->people_left);
	kam_json_array_begin(w, "by_currency", KAM_JSON_INLINE);
	for (size_t i = 0; i < t->money_count; i++) {
		kam_json_object_begin(w, NULL, KAM_JSON_INLINE);
		json_money(w, &t->money[i], true);
		kam_json_end(w);
	}
	kam_json_end(w);
	json_moved(w, "moved_to_commit", t, t->to_commit, to_commit_of);
	json_moved(w, "slipped", t, t->slipped, slipped_of);
	json_moved(w, "pulled_in", t, t->pulled_in, pulled_in_of);
	if (t->has_quarter)
		json_moved(w, "slipped_out", t, t->slipped_out, slipped_out_of);
	else {
		kam_json_wrap(w);
		kam_json_null(w, "slipped_out");
	}
	json_lost(w, t);
	kam_json_end(w);
}

void kam_diff_json_write(kam_json *w, const char *key, const kam_diff *diff, const kam_diff_range *r)
{
	size_t n;
	const kam_account_diff *accounts = kam_diff_accounts(diff, &n);
	kam_diff_totals t;
	kam_diff_totals_in(diff, r->currency, r->has_quarter ? &r->quarter : NULL, &t);
	kam_json_object_begin(w, key, KAM_JSON_BLOCK);
	kam_json_int(w, "version", 1);
	kam_json_string(w, "title", r->title);
	kam_json_string(w, "base", r->base);
	kam_json_string(w, "head", r->head);
	json_strings(w, "commits", r->commits, r->commit_count);
	json_strings(w, "authors", r->authors, r->author_count);
	kam_json_string(w, "currency", r->currency);
	kam_json_object_begin(w, "as_of", KAM_JSON_INLINE);
	kam_json_string(w, "before", r->before_as_of[0] ? r->before_as_of : NULL);
	kam_json_string(w, "after", r->after_as_of[0] ? r->after_as_of : NULL);
	kam_json_end(w);
	kam_json_bool(w, "in_progress", r->in_progress);
	json_totals(w, &t);
	kam_diff_totals_release(&t);
	kam_json_array_begin(w, "accounts", KAM_JSON_BLOCK);
	for (size_t i = 0; i < n; i++)
		json_account(w, &accounts[i]);
	kam_json_end(w);
	size_t unread_count;
	const char *const *unread = kam_diff_unread(diff, &unread_count);
	if (unread_count) /* present only when a version could not be read */
		json_strings(w, "left_out", unread, unread_count);
	kam_json_end(w);
}

void kam_diff_json(kam_buf *out, const kam_diff *diff, const kam_diff_range *r)
{
	kam_json w;
	kam_json_init(&w, out);
	kam_diff_json_write(&w, NULL, diff, r);
	kam_json_release(&w);
}
