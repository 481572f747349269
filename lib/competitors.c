/* kam competitors: who we are up against, across the plans. */
#include "kam/competitors.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commerce.h"
#include "mdwrite.h"
#include "kam/json.h"
#include "kam/status.h"
#include "kam/term.h"
#include "banned.h"

struct kam_competitors {
	const kam_config *config;
	kam_arena *arena;	  /* every string of the report */
	kam_competitor *items;	  /* kam.yaml's, or the one asked for */
	size_t count;
	kam_text_table ids;	  /* declared id -> index in items, or (size_t)-1 when not shown */
	kam_left_out *left;
	size_t left_count, left_alloc;
};

/* ------------------------------------------------------------------ */
/* building                                                            */

static const char *keep(kam_competitors *r, const char *s)
{
	return s ? kam_arena_strndup(r->arena, s, strlen(s)) : NULL;
}

/* Why a name is not a competitor kam knows. */
static const char *unknown_reason(const kam_config *c)
{
	if (!c->competitors.declared)
		return "kam.yaml declares no competitors";
	if (c->competitors.unread)
		return "kam.yaml's competitors could not be read whole";
	return "not in kam.yaml's competitors";
}

static void leave_out(kam_competitors *r, const char *file, const kam_node *at, const char *field,
		      const char *text)
{
	r->left = kam_grow(r->left, &r->left_alloc, r->left_count + 1, sizeof(*r->left));
	r->left[r->left_count++] = (kam_left_out){keep(r, file), keep(r, field), keep(r, text),
						  at ? at->line : 0, at ? at->column : 0};
}

/* The competitor named by node, or NULL: a name kam.yaml does not declare
 * is left out (field says where), one declared but not asked for is not
 * shown. */
static kam_competitor *named(kam_competitors *r, const char *file, const kam_node *node,
			     const char *field)
{
	const char *id = kam_node_string(node);
	size_t at;
	if (!id)
		return NULL; /* not text: the schema's finding */
	if (!kam_text_table_get(&r->ids, id, strlen(id), &at)) {
		leave_out(r, file, node, field, id);
		return NULL;
	}
	return at == (size_t)-1 ? NULL : &r->items[at];
}

/* The facts of a plan every deal line repeats. */
typedef struct plan_facts {
	const char *account, *name, *file, *currency;
} plan_facts;

static void add_sum(kam_competitors *r, kam_deal_list *l, const char *currency, double value)
{
	for (size_t i = 0; i < l->sum_count; i++)
		if (strcmp(l->sums[i].currency, currency) == 0) {
			l->sums[i].amount += value;
			l->sums[i].count++;
			return;
		}
	l->sums = kam_xrealloc(l->sums, (l->sum_count + 1) * sizeof(*l->sums));
	l->sums[l->sum_count++] = (kam_money){keep(r, currency), value, 1};
}

static void add_deal(kam_competitors *r, kam_deal_list *l, const plan_facts *p,
		     const kam_opportunity_view *o)
{
	l->items = kam_grow(l->items, &l->alloc, l->count + 1, sizeof(*l->items));
	kam_rival_deal *d = &l->items[l->count++];
	*d = (kam_rival_deal){p->account, keep(r, o->id), keep(r, o->title), p->currency,
			      keep(r, o->close), o->stage, o->has_value, o->must_win,
			      o->has_value ? o->value : 0, o->lost_reason};
	add_sum(r, l, p->currency, d->value);
}

/* A deal may name a competitor twice: it is counted once (the list's last
 * deal is compared by its id and account). */
static bool last_is(const kam_deal_list *l, const plan_facts *p, const kam_opportunity_view *o)
{
	if (!l->count)
		return false;
	const kam_rival_deal *d = &l->items[l->count - 1];
	return d->account == p->account && d->id && o->id && strcmp(d->id, o->id) == 0;
}

static void read_deal(kam_competitors *r, const plan_facts *p, const kam_node *node, size_t i)
{
	kam_opportunity_view o;
	kam_opportunity_view_read(&o, node);
	const kam_node *list = o.competitors;
	for (size_t j = 0; list && list->kind == KAM_NODE_SEQ && j < list->count; j++) {
		char field[64];
		snprintf(field, sizeof(field), "opportunities[%zu].competitors[%zu]", i, j);
		kam_competitor *c = named(r, p->file, list->items[j], field);
		kam_deal_list *l = !c ? NULL : o.open ? &c->open : o.stage == KAM_STAGE_WON ? &c->won : NULL;
		if (l && !last_is(l, p, &o))
			add_deal(r, l, p, &o);
	}
	const kam_node *lost_to = kam_node_get(node, "lost_to");
	if (lost_to && o.stage == KAM_STAGE_LOST) {
		char field[64];
		snprintf(field, sizeof(field), "opportunities[%zu].lost_to", i);
		kam_competitor *c = named(r, p->file, lost_to, field);
		if (c)
			add_deal(r, &c->lost, p, &o);
	}
}

static void read_presence(kam_competitors *r, const plan_facts *p, const kam_node *node, size_t i)
{
	kam_rival_view v;
	kam_rival_view_read(&v, node);
	char field[64];
	snprintf(field, sizeof(field), "competitors[%zu].competitor", i);
	kam_competitor *c = named(r, p->file, kam_node_get(node, "competitor"), field);
	/* a plan naming the competitor twice is one account: the first entry
	 * counts (a plan's entries are read one after the other) */
	if (!c || (c->present_count && c->present[c->present_count - 1].account == p->account))
		return;
	c->present = kam_grow(c->present, &c->present_alloc, c->present_count + 1, sizeof(*c->present));
	c->present[c->present_count++] =
	    (kam_presence){p->account, p->name, p->file, v.position, v.has_share, v.share, keep(r, v.notes)};
}

static void read_plan(void *ctx, const kam_entry *e, const kam_node *plan, const char *why)
{
	kam_competitors *r = ctx;
	if (!plan) {
		leave_out(r, e->rel, NULL, NULL, why);
		return;
	}
	plan_facts p = {keep(r, e->account), keep(r, kam_node_string(kam_node_get(plan, "name"))),
			keep(r, e->rel), keep(r, commerce_currency(plan, r->config))};
	const kam_node *rivals = kam_node_get(plan, "competitors");
	for (size_t i = 0; rivals && rivals->kind == KAM_NODE_SEQ && i < rivals->count; i++)
		read_presence(r, &p, rivals->items[i], i);
	const kam_node *opps = kam_node_get(plan, "opportunities");
	for (size_t i = 0; opps && opps->kind == KAM_NODE_SEQ && i < opps->count; i++)
		read_deal(r, &p, opps->items[i], i);
}

/* kam.yaml's competitors into r->ids; those shown (all, or only) into items. */
static int choose(kam_competitors *r, const char *only, kam_error *err)
{
	const kam_declared_list *d = &r->config->competitors;
	r->items = kam_xcalloc(d->count + 1, sizeof(*r->items));
	for (size_t i = 0; i < d->count; i++) {
		bool shown = !only || strcmp(only, d->items[i].id) == 0;
		if (shown)
			r->items[r->count] = (kam_competitor){.id = d->items[i].id, .name = d->items[i].name};
		kam_text_table_put(&r->ids, d->items[i].id, strlen(d->items[i].id),
				   shown ? r->count++ : (size_t)-1);
	}
	if (!only || r->count)
		return KAM_OK;
	if (!d->declared)
		return kam_error_set(err, KAM_ENOTFOUND,
				     "'%s': kam.yaml declares no competitors; add them as "
				     "competitors: [{id, name}] (see docs/format.md)", only);
	const char **ids = kam_xcalloc(d->count + 1, sizeof(*ids));
	for (size_t i = 0; i < d->count; i++)
		ids[i] = d->items[i].id;
	const char *guess = kam_closest(only, ids, d->count);
	kam_error_set(err, KAM_ENOTFOUND, "'%s' is not a competitor in kam.yaml%s%s%s", only,
		      guess ? "; did you mean '" : "", guess ? guess : "", guess ? "'?" : "");
	free(ids);
	return KAM_ENOTFOUND;
}

kam_competitors *kam_competitors_new(const kam_config *config)
{
	kam_competitors *r = kam_xcalloc(1, sizeof(*r));
	r->config = config;
	r->arena = kam_arena_new();
	choose(r, NULL, NULL); /* every competitor: cannot fail */
	return r;
}

void kam_competitors_add_plan(kam_competitors *r, const kam_entry *e, const kam_node *plan,
			      const char *why)
{
	read_plan(r, e, plan, why);
}

int kam_competitors_build(kam_competitors **out, const kam_repo *repo, const char *only,
			  kam_error *err)
{
	kam_competitors *r = kam_xcalloc(1, sizeof(*r));
	r->config = kam_repo_config(repo);
	r->arena = kam_arena_new();
	int rc = choose(r, only, err);
	if (rc == KAM_OK)
		rc = commerce_each_plan(repo, read_plan, r, err);
	if (rc < 0) {
		kam_competitors_free(r);
		r = NULL;
	}
	*out = r;
	return rc;
}

static void release_deals(kam_deal_list *l)
{
	free(l->items);
	free(l->sums);
}

void kam_competitors_free(kam_competitors *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->count; i++) {
		free(r->items[i].present);
		release_deals(&r->items[i].open);
		release_deals(&r->items[i].won);
		release_deals(&r->items[i].lost);
	}
	free(r->items);
	free(r->left);
	kam_text_table_release(&r->ids);
	kam_arena_free(r->arena);
	free(r);
}

const kam_competitor *kam_competitors_list(const kam_competitors *r, size_t *count)
{
	*count = r->count;
	return r->items;
}

const kam_left_out *kam_competitors_left_out(const kam_competitors *r, size_t *count)
{
	*count = r->left_count;
	return r->left;
}

bool kam_competitors_declared(const kam_competitors *r)
{
	return r->config->competitors.declared && !r->config->competitors.unread;
}

/* ------------------------------------------------------------------ */
/* what every format says the same way                                 */

static void share_text(kam_buf *out, const kam_presence *p)
{
	if (!p->has_share)
		return;
	if (p->share == floor(p->share))
		kam_buf_printf(out, "%.0f%%", p->share);
	else
		kam_buf_printf(out, "%.1f%%", p->share);
}

static void money_text(kam_buf *out, double amount, const char *currency)
{
	kam_format_money(out, amount);
	kam_buf_putc(out, ' ');
	kam_buf_puts(out, currency);
}

/* "2 deals, 150,000 EUR + 80,000 USD" (raw: the caller escapes) */
static void deals_summary(kam_buf *out, const kam_deal_list *l)
{
	kam_buf_printf(out, "%zu deal%s", l->count, l->count == 1 ? "" : "s");
	for (size_t i = 0; i < l->sum_count; i++) {
		kam_buf_puts(out, i ? " + " : ", ");
		money_text(out, l->sums[i].amount, l->sums[i].currency);
	}
}

static void value_text(kam_buf *out, const kam_rival_deal *d)
{
	if (d->has_value)
		money_text(out, d->value, d->currency);
	else
		kam_buf_puts(out, "-");
}

static const char *stage_text(kam_stage stage)
{
	const char *name = kam_stage_name(stage);
	return name ? name : "?";
}

static void left_out_text(kam_buf *out, const kam_left_out *l, const kam_config *c)
{
	if (!l->field) {
		kam_buf_printf(out, "%s could not be read (%s)", l->file, l->text);
		return;
	}
	kam_buf_printf(out, "%s:%u:%u %s '%s': %s", l->file, l->line, l->column, l->field, l->text,
		       unknown_reason(c));
}

/* ------------------------------------------------------------------ */
/* text                                                                */

/* TAIL: "must-win, close 2027-Q1", which is never cut */
enum { MAX_ACCOUNT = 24, MAX_DEAL = 30, MIN_DEAL = 12, MAX_VALUE = 18, LINE = 80, TAIL = 23 };

typedef struct widths {
	size_t account, deal, value;
} widths;

static void deal_ref(kam_buf *out, const kam_rival_deal *d)
{
	kam_buf_printf(out, "%s#%s", d->account, d->id ? d->id : "?");
}

static size_t at_most(size_t n, size_t max)
{
	return n < max ? n : max;
}

static void measure_deals(widths *w, const kam_deal_list *l)
{
	for (size_t i = 0; i < l->count; i++) {
		kam_buf b = KAM_BUF_INIT;
		deal_ref(&b, &l->items[i]);
		w->deal = at_most(w->deal > commerce_width(b.ptr) ? w->deal : commerce_width(b.ptr), MAX_DEAL);
		kam_buf_reset(&b);
		value_text(&b, &l->items[i]);
		size_t n = commerce_width(b.ptr);
		w->value = at_most(w->value > n ? w->value : n, MAX_VALUE);
		kam_buf_release(&b);
	}
}

static widths measure(const kam_competitors *r)
{
	widths w = {7, 4, 5};
	for (size_t i = 0; i < r->count; i++) {
		const kam_competitor *c = &r->items[i];
		for (size_t j = 0; j < c->present_count; j++) {
			size_t n = commerce_width(c->present[j].account);
			w.account = at_most(n > w.account ? n : w.account, MAX_ACCOUNT);
		}
		measure_deals(&w, &c->open);
		measure_deals(&w, &c->won);
		measure_deals(&w, &c->lost);
	}
	/* the deal column leaves room for the tail; a longer deal gets a line of its own */
	size_t room = LINE - (4 + 2 + 9 + 2 + w.value + 2 + TAIL);
	w.deal = at_most(w.deal, room > MIN_DEAL ? room : MIN_DEAL);
	return w;
}

static void end_line(kam_buf *out)
{
	while (out->len && out->ptr[out->len - 1] == ' ')
		out->ptr[--out->len] = '\0';
	kam_buf_putc(out, '\n');
}

static void text_presence(kam_buf *out, const kam_presence *p, const widths *w)
{
	kam_buf share = KAM_BUF_INIT;
	share_text(&share, p);
	kam_buf_puts(out, "    ");
	commerce_cell(out, p->account, w->account, false);
	kam_buf_puts(out, "  ");
	const char *pos = kam_position_name(p->position);
	commerce_cell(out, pos ? pos : "-", 10, false);
	kam_buf_puts(out, "  ");
	commerce_cell(out, share.len ? share.ptr : "-", 6, true);
	size_t used = 4 + w->account + 2 + 10 + 2 + 6 + 2;
	if (p->notes && used + 8 <= LINE) {
		kam_buf_puts(out, "  ");
		commerce_cell(out, p->notes, LINE - used, false);
	}
	end_line(out);
	kam_buf_release(&share);
}

static void text_deal(kam_buf *out, const kam_rival_deal *d, const widths *w, bool lost)
{
	kam_buf b = KAM_BUF_INIT;
	kam_buf_puts(out, "    ");
	deal_ref(&b, d);
	if (commerce_width(b.ptr) > w->deal) {
		commerce_cell(out, b.ptr, LINE - 4, false);
		end_line(out);
		kam_buf_puts(out, "    ");
		commerce_cell(out, "", w->deal, false);
	} else
		commerce_cell(out, b.ptr, w->deal, false);
	kam_buf_puts(out, "  ");
	commerce_cell(out, stage_text(d->stage), 9, false);
	kam_buf_puts(out, "  ");
	kam_buf_reset(&b);
	value_text(&b, d);
	commerce_cell(out, b.ptr, w->value, true);
	kam_buf_reset(&b);
	if (lost)
		kam_buf_puts(&b, kam_lost_reason_name(d->lost_reason) ? kam_lost_reason_name(d->lost_reason)
								    : "reason not given");
	else {
		kam_buf_puts(&b, d->must_win ? "must-win" : "");
		if (d->close && d->stage != KAM_STAGE_WON)
			kam_buf_printf(&b, "%sclose %s", d->must_win ? ", " : "", d->close);
	}
	size_t used = 4 + w->deal + 2 + 9 + 2 + w->value + 2;
	if (b.len && used < LINE) {
		kam_buf_puts(out, "  ");
		commerce_cell(out, b.ptr, LINE - used > 20 ? LINE - used : 20, false);
	}
	end_line(out);
	kam_buf_release(&b);
}

static void text_deals(kam_buf *out, const char *what, const kam_deal_list *l, const widths *w,
		       bool lost)
{
	kam_buf_printf(out, "  %s: ", what);
	if (!l->count) {
		kam_buf_puts(out, "none\n");
		return;
	}
	kam_buf s = KAM_BUF_INIT;
	deals_summary(&s, l);
	kam_term_text(out, s.ptr);
	kam_buf_putc(out, '\n');
	kam_buf_release(&s);
	for (size_t i = 0; i < l->count; i++)
		text_deal(out, &l->items[i], w, lost);
}

static void text_competitor(kam_buf *out, const kam_competitor *c, const widths *w)
{
	kam_term_text(out, c->id);
	if (c->name && strcmp(c->name, c->id) != 0) {
		kam_buf_puts(out, ": ");
		kam_term_text(out, c->name);
	}
	kam_buf_putc(out, '\n');
	if (!c->present_count)
		kam_buf_puts(out, "  present in: no account\n");
	else
		kam_buf_printf(out, "  present in: %zu account%s\n", c->present_count,
			       c->present_count == 1 ? "" : "s");
	for (size_t j = 0; j < c->present_count; j++)
		text_presence(out, &c->present[j], w);
	text_deals(out, "open pipeline it contests", &c->open, w, false);
	text_deals(out, "won from it", &c->won, w, false);
	text_deals(out, "lost to it", &c->lost, w, true);
}

static void text_left_out(kam_buf *out, const kam_competitors *r)
{
	if (!r->left_count)
		return;
	kam_buf_printf(out, "\nleft out (%zu; run kam check):\n", r->left_count);
	for (size_t i = 0; i < r->left_count; i++) {
		kam_buf line = KAM_BUF_INIT;
		left_out_text(&line, &r->left[i], r->config);
		kam_buf_puts(out, "  ");
		kam_term_text(out, line.ptr);
		kam_buf_putc(out, '\n');
		kam_buf_release(&line);
	}
}

void kam_competitors_text(kam_buf *out, const kam_competitors *r)
{
	const kam_declared_list *d = &r->config->competitors;
	if (!d->declared)
		kam_buf_puts(out, "kam.yaml declares no competitors: add them as competitors: "
				  "[{id, name}] to see\nwho you are up against\n");
	else if (!r->count)
		kam_buf_puts(out, "kam.yaml's competitors list is empty\n");
	widths w = measure(r);
	for (size_t i = 0; i < r->count; i++) {
		if (i)
			kam_buf_putc(out, '\n');
		text_competitor(out, &r->items[i], &w);
	}
	text_left_out(out, r);
}

/* ------------------------------------------------------------------ */
/* Markdown                                                            */

static void md_presence(kam_buf *out, const kam_competitor *c)
{
	if (!c->present_count) {
		kam_buf_puts(out, "Present in no account.\n\n");
		return;
	}
	kam_buf_printf(out, "Present in %zu account%s:\n\n", c->present_count,
		       c->present_count == 1 ? "" : "s");
	kam_buf_puts(out, "| Account | Position | Share | Notes |\n| --- | --- | ---: | --- |\n");
	for (size_t j = 0; j < c->present_count; j++) {
		const kam_presence *p = &c->present[j];
		kam_buf share = KAM_BUF_INIT;
		share_text(&share, p);
		kam_buf_puts(out, "| ");
		kam_md_text(out, p->account);
		kam_buf_puts(out, " | ");
		kam_md_text(out, kam_position_name(p->position));
		kam_buf_puts(out, " | ");
		kam_md_text(out, share.ptr);
		kam_buf_puts(out, " | ");
		kam_md_text(out, p->notes);
		kam_buf_puts(out, " |\n");
		kam_buf_release(&share);
	}
	kam_buf_putc(out, '\n');
}

static void md_deal(kam_buf *out, const kam_rival_deal *d, bool lost)
{
	kam_buf b = KAM_BUF_INIT;
	kam_buf_puts(out, "| ");
	deal_ref(&b, d);
	kam_md_text(out, b.ptr);
	kam_buf_puts(out, " | ");
	kam_md_text(out, d->title);
	kam_buf_puts(out, " | ");
	kam_md_text(out, stage_text(d->stage));
	kam_buf_puts(out, " | ");
	kam_buf_reset(&b);
	if (d->has_value)
		value_text(&b, d);
	kam_md_text(out, b.ptr);
	kam_buf_puts(out, " | ");
	if (lost)
		kam_md_text(out, kam_lost_reason_name(d->lost_reason));
	else {
		kam_buf_puts(out, d->must_win ? "yes | " : "no | ");
		kam_md_text(out, d->close);
	}
	kam_buf_puts(out, " |\n");
	kam_buf_release(&b);
}

static void md_deals(kam_buf *out, const char *what, const kam_deal_list *l, bool lost)
{
	kam_buf_printf(out, "%s: ", what);
	if (!l->count) {
		kam_buf_puts(out, "none.\n\n");
		return;
	}
	kam_buf s = KAM_BUF_INIT;
	deals_summary(&s, l);
	kam_md_text(out, s.ptr);
	kam_buf_puts(out, "\n\n");
	kam_buf_release(&s);
	kam_buf_puts(out, lost ? "| Deal | Title | Stage | Value | Lost because |\n"
				 "| --- | --- | --- | ---: | --- |\n"
			       : "| Deal | Title | Stage | Value | Must-win | Close |\n"
				 "| --- | --- | --- | ---: | --- | --- |\n");
	for (size_t i = 0; i < l->count; i++)
		md_deal(out, &l->items[i], lost);
	kam_buf_putc(out, '\n');
}

static void md_left_out(kam_buf *out, const kam_competitors *r)
{
	if (!r->left_count)
		return;
	kam_buf_puts(out, "## Left out\n\nRun `kam check` for each:\n\n");
	for (size_t i = 0; i < r->left_count; i++) {
		kam_buf line = KAM_BUF_INIT;
		left_out_text(&line, &r->left[i], r->config);
		kam_buf_puts(out, "- ");
		kam_md_text(out, line.ptr);
		kam_buf_putc(out, '\n');
		kam_buf_release(&line);
	}
	kam_buf_putc(out, '\n');
}

void kam_competitors_md(kam_buf *out, const kam_competitors *r)
{
	kam_buf_puts(out, "# Competitors\n\n");
	if (!r->config->competitors.declared)
		kam_buf_puts(out, "kam.yaml declares no competitors: add them as `competitors: [{id, "
				  "name}]` to see who you are up against.\n\n");
	for (size_t i = 0; i < r->count; i++) {
		const kam_competitor *c = &r->items[i];
		kam_buf_puts(out, "## ");
		if (c->name && strcmp(c->name, c->id) != 0) {
			kam_md_text(out, c->name);
			kam_buf_puts(out, " (");
			kam_md_code(out, c->id);
			kam_buf_puts(out, ")\n\n");
		} else {
			kam_md_code(out, c->id);
			kam_buf_puts(out, "\n\n");
		}
		md_presence(out, c);
		md_deals(out, "Open pipeline it contests", &c->open, false);
		md_deals(out, "Won from it", &c->won, false);
		md_deals(out, "Lost to it", &c->lost, true);
	}
	md_left_out(out, r);
	while (out->len >= 2 && out->ptr[out->len - 1] == '\n' && out->ptr[out->len - 2] == '\n')
		out->ptr[--out->len] = '\0';
}

/* ------------------------------------------------------------------ */
/* JSON                                                                */

static void json_deal(kam_json *w, const kam_rival_deal *d)
{
	kam_json_object_begin(w, NULL, KAM_JSON_INLINE);
	kam_json_string(w, "account", d->account);
	kam_json_string(w, "id", d->id);
	kam_json_string(w, "title", d->title);
	kam_json_string(w, "stage", kam_stage_name(d->stage));
	kam_json_wrap(w);
	if (d->has_value)
		kam_json_double(w, "value", 2, d->value);
	else
		kam_json_null(w, "value");
	kam_json_string(w, "currency", d->currency);
	kam_json_bool(w, "must_win", d->must_win);
	kam_json_string(w, "close", d->close);
	kam_json_string(w, "lost_reason", kam_lost_reason_name(d->lost_reason));
	kam_json_end(w);
}

static void json_deals(kam_json *w, const char *key, const kam_deal_list *l)
{
	kam_json_object_begin(w, key, KAM_JSON_BLOCK);
	kam_json_int(w, "count", (intmax_t)l->count);
	kam_json_array_begin(w, "value", KAM_JSON_INLINE);
	for (size_t i = 0; i < l->sum_count; i++) {
		kam_json_object_begin(w, NULL, KAM_JSON_INLINE);
		kam_json_string(w, "currency", l->sums[i].currency);
		kam_json_double(w, "amount", 2, l->sums[i].amount);
		kam_json_int(w, "deals", (intmax_t)l->sums[i].count);
		kam_json_end(w);
	}
	kam_json_end(w);
	kam_json_array_begin(w, "deals", KAM_JSON_BLOCK);
	for (size_t i = 0; i < l->count; i++)
		json_deal(w, &l->items[i]);
	kam_json_end(w);
	kam_json_end(w);
}

static void json_presence(kam_json *w, const kam_presence *p)
{
	kam_json_object_begin(w, NULL, KAM_JSON_INLINE);
	kam_json_string(w, "account", p->account);
	kam_json_string(w, "name", p->name);
	kam_json_path(w, "file", p->file);
	kam_json_string(w, "position", kam_position_name(p->position));
	if (p->has_share)
		kam_json_double(w, "share", 1, p->share);
	else
		kam_json_null(w, "share");
	kam_json_string(w, "notes", p->notes);
	kam_json_end(w);
}

static void json_competitor(kam_json *w, const kam_competitor *c)
{
	kam_json_object_begin(w, NULL, KAM_JSON_BLOCK);
	kam_json_string(w, "id", c->id);
	kam_json_string(w, "name", c->name);
	kam_json_array_begin(w, "accounts", KAM_JSON_BLOCK);
	for (size_t j = 0; j < c->present_count; j++)
		json_presence(w, &c->present[j]);
	kam_json_end(w);
	json_deals(w, "open", &c->open);
	json_deals(w, "won", &c->won);
	json_deals(w, "lost", &c->lost);
	kam_json_end(w);
}

static void json_left_out(kam_json *w, const kam_left_out *l, const kam_config *c)
{
	kam_json_object_begin(w, NULL, KAM_JSON_INLINE);
	kam_json_path(w, "file", l->file);
	if (l->field) {
		kam_json_int(w, "line", l->line);
		kam_json_int(w, "column", l->column);
	} else {
		kam_json_null(w, "line");
		kam_json_null(w, "column");
	}
	kam_json_string(w, "field", l->field);
	kam_json_string(w, "text", l->field ? l->text : NULL);
	kam_json_string(w, "reason", l->field ? unknown_reason(c) : "could not be read");
	kam_json_string(w, "unreadable", l->field ? NULL : l->text);
	kam_json_end(w);
}

void kam_competitors_json(kam_buf *out, const kam_competitors *r)
{
	kam_json w;
	kam_json_init(&w, out);
	kam_json_object_begin(&w, NULL, KAM_JSON_BLOCK);
	kam_json_int(&w, "version", 1);
	kam_json_bool(&w, "declared", r->config->competitors.declared);
	kam_json_array_begin(&w, "competitors", KAM_JSON_BLOCK);
	for (size_t i = 0; i < r->count; i++)
		json_competitor(&w, &r->items[i]);
	kam_json_end(&w);
	kam_json_array_begin(&w, "left_out", KAM_JSON_BLOCK);
	for (size_t i = 0; i < r->left_count; i++)
		json_left_out(&w, &r->left[i], r->config);
	kam_json_end(&w);
	kam_json_end(&w);
	kam_json_release(&w);
}
