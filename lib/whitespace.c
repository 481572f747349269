/* kam whitespace: an account's units by kam.yaml's offerings. */
#include "kam/whitespace.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commerce.h"
#include "mdwrite.h"
#include "kam/doc.h"
#include "kam/json.h"
#include "kam/status.h"
#include "kam/term.h"
#include "banned.h"

/* ------------------------------------------------------------------ */
/* building                                                            */

typedef struct builder {
	kam_whitespace *w;
	const kam_config *config;
	kam_text_table units, offerings; /* id -> index */
	kam_text_table competitors;	 /* kam.yaml's competitor ids */
} builder;

static const char *keep(kam_whitespace *w, const char *s)
{
	return s ? kam_arena_strndup(w->arena, s, strlen(s)) : NULL;
}

static kam_ws_cell *cell_at(kam_whitespace *w, size_t u, size_t o)
{
	return &w->cells[u * w->offering_count + o];
}

const kam_ws_cell *kam_whitespace_cell(const kam_whitespace *w, size_t u, size_t o)
{
	return &w->cells[u * w->offering_count + o];
}

static void note(kam_whitespace *w, const kam_node *at, const char *field, const char *text,
		 const char *why, bool repeated)
{
	w->notes = kam_grow(w->notes, &w->note_alloc, w->note_count + 1, sizeof(*w->notes));
	w->notes[w->note_count++] = (kam_ws_note){keep(w, field), keep(w, text), keep(w, why),
						  at ? at->line : 0, at ? at->column : 0, repeated};
}

/* The plan's units: the rows. A unit without an id, or one given twice,
 * is the schema's or the index's finding: not a row. */
static void read_units(builder *b, const kam_node *plan)
{
	kam_whitespace *w = b->w;
	const kam_node *units = kam_node_get(plan, "units");
	size_t n = units && units->kind == KAM_NODE_SEQ ? units->count : 0;
	w->units = kam_xcalloc(n + 1, sizeof(*w->units));
	for (size_t i = 0; i < n; i++) {
		const char *id = kam_node_string(kam_node_get(units->items[i], "id"));
		const char *name = kam_node_string(kam_node_get(units->items[i], "name"));
		if (!id || !kam_text_table_put(&b->units, id, strlen(id), w->unit_count))
			continue;
		w->units[w->unit_count++] = (kam_ws_axis){keep(w, id), keep(w, name && *name ? name : id)};
	}
}

static void read_offerings(builder *b)
{
	kam_whitespace *w = b->w;
	const kam_declared_list *d = &b->config->offerings;
	w->offerings_declared = d->declared;
	w->offerings_unread = d->unread;
	w->offerings = kam_xcalloc(d->count + 1, sizeof(*w->offerings));
	for (size_t i = 0; i < d->count; i++)
		if (kam_text_table_put(&b->offerings, d->items[i].id, strlen(d->items[i].id),
				       w->offering_count))
			w->offerings[w->offering_count++] =
			    (kam_ws_axis){keep(w, d->items[i].id), keep(w, d->items[i].name)};
	const kam_declared_list *c = &b->config->competitors;
	w->competitors_checked = c->declared && !c->unread;
	for (size_t i = 0; i < c->count; i++)
		kam_text_table_put(&b->competitors, c->items[i].id, strlen(c->items[i].id), i);
}

static const char *offering_why(const builder *b)
{
	if (!b->w->offerings_declared)
		return "kam.yaml declares no offerings";
	if (b->w->offerings_unread)
		return "kam.yaml's offerings could not be read whole";
	return "not in kam.yaml's offerings";
}

/* The cell a unit and an offering name (prefix: the data path of the
 * mapping naming them), or NULL after noting which of the two is unknown. */
static kam_ws_cell *find_cell(builder *b, const char *prefix, const kam_node *unit,
			      const kam_node *offering)
{
	const char *u = kam_node_string(unit), *o = kam_node_string(offering);
	size_t ui = 0, oi = 0;
	bool unit_ok = u && kam_text_table_get(&b->units, u, strlen(u), &ui);
	bool offering_ok = o && kam_text_table_get(&b->offerings, o, strlen(o), &oi);
	char field[80];
	if (!unit_ok) {
		snprintf(field, sizeof(field), "%s.unit", prefix);
		note(b->w, unit, field, u, b->w->unit_count ? "not a unit of this plan"
							     : "the plan declares no units", false);
	}
	if (!offering_ok) {
		snprintf(field, sizeof(field), "%s.offering", prefix);
		note(b->w, offering, field, o, offering_why(b), false);
	}
	return unit_ok && offering_ok ? cell_at(b->w, ui, oi) : NULL;
}

/* Who has the cell, when the plan says; a name kam.yaml does not declare
 * is left out (the plan's ref-unresolved finding), never guessed at. */
static const char *cell_competitor(builder *b, const char *prefix, const kam_cell_view *v)
{
	if (!v->competitor)
		return NULL;
	if (b->config->competitors.unread ||
	    kam_text_table_get(&b->competitors, v->competitor, strlen(v->competitor), NULL))
		return keep(b->w, v->competitor);
	char field[80];
	snprintf(field, sizeof(field), "%s.competitor", prefix);
	note(b->w, kam_node_get(v->node, "competitor"), field, v->competitor,
	     b->config->competitors.declared ? "not in kam.yaml's competitors"
					     : "kam.yaml declares no competitors",
	     false);
	return NULL;
}

static void read_cell(builder *b, const kam_node *node, size_t i)
{
	kam_cell_view v;
	kam_cell_view_read(&v, node);
	char prefix[48];
	snprintf(prefix, sizeof(prefix), "whitespace[%zu]", i);
	kam_ws_cell *c = find_cell(b, prefix, kam_node_get(node, "unit"), kam_node_get(node, "offering"));
	if (!c)
		return;
	if (c->assessed) {
		char *why = kam_xprintf("unit '%s', offering '%s' again (first at line %u)", v.unit,
					v.offering, c->line);
		note(b->w, node, prefix, NULL, why, true);
		free(why);
		return;
	}
	c->assessed = true;
	c->status = c->plan_status = v.status;
	c->competitor = cell_competitor(b, prefix, &v);
	c->has_potential = v.has_potential;
	c->potential = v.potential;
	c->notes = keep(b->w, v.notes);
	c->line = node->line;
}

static void add_deal(kam_whitespace *w, kam_ws_deal **list, size_t *count, size_t *alloc,
		     const kam_opportunity_view *o)
{
	*list = kam_grow(*list, alloc, *count + 1, sizeof(**list));
	(*list)[(*count)++] = (kam_ws_deal){keep(w, o->id), keep(w, o->title), keep(w, o->close),
					    o->stage, o->has_value, o->must_win,
					    o->has_value ? o->value : 0};
}

/* An open or won deal fills the cell of its unit and offering; one that
 * names only one of them is not in the matrix, and is listed. */
static void read_deal(builder *b, const kam_node *node, size_t i)
{
	kam_opportunity_view o;
	kam_opportunity_view_read(&o, node);
	if (!o.open && o.stage != KAM_STAGE_WON)
		return;
	const kam_node *unit = kam_node_get(node, "unit"), *offering = kam_node_get(node, "offering");
	char prefix[48];
	snprintf(prefix, sizeof(prefix), "opportunities[%zu]", i);
	if (!unit && !offering)
		return;
	if (!unit || !offering) {
		note(b->w, node, prefix, o.id, unit ? "names a unit but no offering: not in the matrix"
						    : "names an offering but no unit: not in the matrix",
		     false);
		return;
	}
	kam_ws_cell *c = find_cell(b, prefix, unit, offering);
	if (c && o.open)
		add_deal(b->w, &c->open, &c->open_count, &c->open_alloc, &o);
	else if (c) {
		add_deal(b->w, &c->won, &c->won_count, &c->won_alloc, &o);
		c->status = KAM_CELL_OURS;
	}
}

static void total(kam_whitespace *w)
{
	for (size_t i = 0; i < w->unit_count * w->offering_count; i++) {
		const kam_ws_cell *c = &w->cells[i];
		if (c->status == KAM_CELL_UNKNOWN)
			w->unassessed++;
		if (c->status == KAM_CELL_OPEN) {
			w->open_cells++;
			w->open_potential += c->has_potential ? c->potential : 0;
		}
		for (size_t j = 0; j < c->open_count; j++) {
			w->open_deals++;
			w->open_value += c->open[j].has_value ? c->open[j].value : 0;
		}
	}
}

static void read_matrix(builder *b, const kam_node *plan)
{
	kam_whitespace *w = b->w;
	read_units(b, plan);
	read_offerings(b);
	w->cells = kam_xcalloc(w->unit_count * w->offering_count + 1, sizeof(*w->cells));
	for (size_t i = 0; i < w->unit_count * w->offering_count; i++)
		w->cells[i].status = w->cells[i].plan_status = KAM_CELL_UNKNOWN;
	if (!w->unit_count || !w->offering_count)
		return; /* no rows or no columns: the output says so, once */
	const kam_node *cells = kam_node_get(plan, "whitespace");
	for (size_t i = 0; cells && cells->kind == KAM_NODE_SEQ && i < cells->count; i++)
		read_cell(b, cells->items[i], i);
	const kam_node *opps = kam_node_get(plan, "opportunities");
	for (size_t i = 0; opps && opps->kind == KAM_NODE_SEQ && i < opps->count; i++)
		read_deal(b, opps->items[i], i);
	total(w);
}

/* The plan of account, or an error naming the closest account. */
static int open_plan(const kam_repo *repo, const char *account, kam_doc **doc, const kam_node **plan,
		     char **rel, kam_error *err)
{
	*rel = kam_xprintf("%s/%s.md", kam_repo_config(repo)->accounts_dir, account);
	if (!*account || strchr(account, '/') || account[0] == '.' ||
	    !kam_files_exists(kam_repo_files(repo), *rel)) {
		char *guess = kam_repo_closest_account(repo, account);
		kam_error_set(err, KAM_ENOTFOUND, "'%s' is not an account of this repository%s%s%s",
			      account, guess ? "; did you mean '" : "", guess ? guess : "",
			      guess ? "'?" : "");
		free(guess);
		return KAM_ENOTFOUND;
	}
	char *why;
	commerce_read_plan(repo, *rel, doc, plan, &why);
	if (!why)
		return KAM_OK;
	kam_error_set(err, KAM_EINVALID, "%s could not be read (%s); run kam check", *rel, why);
	free(why);
	return KAM_EINVALID;
}

kam_whitespace *kam_whitespace_of_plan(const kam_config *config, const kam_node *plan,
				      const char *account, const char *file)
{
	kam_whitespace *w = kam_xcalloc(1, sizeof(*w));
	w->arena = kam_arena_new();
	builder b = {.w = w, .config = config};
	w->account = keep(w, account);
	w->name = keep(w, kam_node_string(kam_node_get(plan, "name")));
	w->file = keep(w, file);
	w->currency = keep(w, commerce_currency(plan, config));
	read_matrix(&b, plan);
	kam_text_table_release(&b.units);
	kam_text_table_release(&b.offerings);
	kam_text_table_release(&b.competitors);
	return w;
}

int kam_whitespace_build(kam_whitespace **out, const kam_repo *repo, const char *account,
			 kam_error *err)
{
	*out = NULL;
	kam_doc *doc = NULL;
	const kam_node *plan = NULL;
	char *rel = NULL;
	int rc = open_plan(repo, account, &doc, &plan, &rel, err);
	if (rc == KAM_OK)
		*out = kam_whitespace_of_plan(kam_repo_config(repo), plan, account, rel);
	kam_doc_free(doc);
	free(rel);
	return rc;
}

void kam_whitespace_free(kam_whitespace *w)
{
	if (!w)
		return;
	for (size_t i = 0; i < w->unit_count * w->offering_count; i++) {
		free(w->cells[i].open);
		free(w->cells[i].won);
	}
	free(w->cells);
	free(w->units);
	free(w->offerings);
	free(w->notes);
	kam_arena_free(w->arena);
	free(w);
}

/* ------------------------------------------------------------------ */
/* what every format says the same way (raw text: the writers escape)   */

static void money(kam_buf *out, double amount)
{
	kam_format_money(out, amount);
}

/* "ours", "ours (won)", "competitor globex", "open", "no-fit", "?" */
static void status_text(kam_buf *out, const kam_ws_cell *c)
{
	if (c->status == KAM_CELL_UNKNOWN) {
		kam_buf_puts(out, "?");
		return;
	}
	kam_buf_puts(out, kam_cell_status_name(c->status));
	if (c->won_count)
		kam_buf_puts(out, " (won)");
	else if (c->status == KAM_CELL_COMPETITOR && c->competitor)
		kam_buf_printf(out, " %s", c->competitor);
}

/* The plan's status when a won deal overrides it: "plan: open". */
static bool overridden(const kam_ws_cell *c)
{
	return c->won_count && c->plan_status != KAM_CELL_UNKNOWN && c->plan_status != KAM_CELL_OURS;
}

/* An open deal's line, "o-core 400,000"; in text (fold > 0) a line wider
 * than fold puts the value on a line of its own, so no amount is cut. */
static size_t deal_lines(const kam_ws_cell *c, size_t i, size_t fold, kam_buf *lines, size_t max)
{
	kam_buf value = KAM_BUF_INIT;
	const char *id = c->open[i].id ? c->open[i].id : "?";
	if (c->open[i].has_value)
		money(&value, c->open[i].value);
	bool apart = fold && value.len && commerce_width(id) + 1 + commerce_width(value.ptr) > fold;
	size_t n = 0;
	if (lines && n < max)
		kam_buf_puts(&lines[n], id);
	if (value.len && !apart && lines && n < max)
		kam_buf_printf(&lines[n], " %s", value.ptr);
	n++;
	if (apart) {
		if (lines && n < max)
			kam_buf_printf(&lines[n], "  %s", value.ptr);
		n++;
	}
	kam_buf_release(&value);
	return n;
}

/* The lines of a cell: status, what the plan said when a won deal
 * overrides it, potential, won deals, open deals (fold: see deal_lines). */
static size_t cell_lines(const kam_ws_cell *c, size_t fold, kam_buf *lines, size_t max)
{
	size_t n = 0;
	status_text(&lines[n++], c);
	if (overridden(c) && n < max) {
		kam_buf_printf(&lines[n], "plan: %s", kam_cell_status_name(c->plan_status));
		if (c->plan_status == KAM_CELL_COMPETITOR && c->competitor)
			kam_buf_printf(&lines[n], " %s", c->competitor);
		n++;
	}
	if (c->has_potential && n < max) {
		kam_buf_puts(&lines[n], "potential ");
		money(&lines[n++], c->potential);
	}
	for (size_t i = 0; i < c->won_count && n < max; i++)
		kam_buf_printf(&lines[n++], "won %s", c->won[i].id ? c->won[i].id : "?");
	for (size_t i = 0; i < c->open_count && n < max; i++)
		n += deal_lines(c, i, fold, &lines[n], max - n);
	return n;
}

static size_t cell_line_count(const kam_ws_cell *c, size_t fold)
{
	size_t n = 1 + overridden(c) + c->has_potential + c->won_count;
	for (size_t i = 0; i < c->open_count; i++)
		n += deal_lines(c, i, fold, NULL, 0);
	return n;
}

static void note_text(kam_buf *out, const kam_whitespace *w, const kam_ws_note *n)
{
	kam_buf_printf(out, "%s:%u:%u %s", w->file, n->line, n->column, n->field);
	if (n->text)
		kam_buf_printf(out, " '%s'", n->text);
	kam_buf_printf(out, ": %s", n->why);
}

static void heading_text(kam_buf *out, const kam_whitespace *w)
{
	kam_buf_puts(out, "whitespace of ");
	commerce_named(out, w->account, w->name);
	kam_buf_printf(out, ", amounts in %s", w->currency);
}

/* ------------------------------------------------------------------ */
/* text                                                                */

enum { MAX_COLUMN = 22, MIN_COLUMN = 6, MAX_UNIT = 20 };

static size_t clamp(size_t n, size_t lo, size_t hi)
{
	return n < lo ? lo : n > hi ? hi : n;
}

/* Each column as wide as its widest line, within MIN and MAX. */
static void measure(const kam_whitespace *w, size_t *unit_width, size_t *width)
{
	*unit_width = 4;
	for (size_t u = 0; u < w->unit_count; u++)
		if (commerce_width(w->units[u].name) > *unit_width)
			*unit_width = commerce_width(w->units[u].name);
	*unit_width = clamp(*unit_width, 4, MAX_UNIT);
	for (size_t o = 0; o < w->offering_count; o++) {
		size_t max = commerce_width(w->offerings[o].name);
		for (size_t u = 0; u < w->unit_count; u++) {
			const kam_ws_cell *c = kam_whitespace_cell(w, u, o);
			size_t n = cell_line_count(c, MAX_COLUMN);
			kam_buf *lines = kam_xcalloc(n, sizeof(kam_buf));
			cell_lines(c, MAX_COLUMN, lines, n);
			for (size_t i = 0; i < n; i++) {
				size_t m = commerce_width(kam_buf_cstr(&lines[i]));
				max = m > max ? m : max;
				kam_buf_release(&lines[i]);
			}
			free(lines);
		}
		width[o] = clamp(max, MIN_COLUMN, MAX_COLUMN);
	}
}

static void end_line(kam_buf *out)
{
	while (out->len && out->ptr[out->len - 1] == ' ')
		out->ptr[--out->len] = '\0';
	kam_buf_putc(out, '\n');
}

static void text_header(kam_buf *out, const kam_whitespace *w, size_t unit_width, const size_t *width)
{
	commerce_cell(out, "unit", unit_width, false);
	for (size_t o = 0; o < w->offering_count; o++) {
		kam_buf_puts(out, "  ");
		commerce_cell(out, w->offerings[o].name, width[o], false);
	}
	end_line(out);
	for (size_t i = 0; i < unit_width; i++)
		kam_buf_putc(out, '-');
	for (size_t o = 0; o < w->offering_count; o++) {
		kam_buf_puts(out, "  ");
		for (size_t i = 0; i < width[o]; i++)
			kam_buf_putc(out, '-');
	}
	end_line(out);
}

/* One unit: as many lines as its fullest cell. */
static void text_row(kam_buf *out, const kam_whitespace *w, size_t u, size_t unit_width,
		     const size_t *width)
{
	size_t height = 1;
	for (size_t o = 0; o < w->offering_count; o++) {
		size_t n = cell_line_count(kam_whitespace_cell(w, u, o), MAX_COLUMN);
		height = n > height ? n : height;
	}
	kam_buf *lines = kam_xcalloc(w->offering_count * height + 1, sizeof(kam_buf));
	for (size_t o = 0; o < w->offering_count; o++)
		cell_lines(kam_whitespace_cell(w, u, o), MAX_COLUMN, &lines[o * height], height);
	for (size_t l = 0; l < height; l++) {
		commerce_cell(out, l ? "" : w->units[u].name, unit_width, false);
		for (size_t o = 0; o < w->offering_count; o++) {
			kam_buf_puts(out, "  ");
			commerce_cell(out, kam_buf_cstr(&lines[o * height + l]), width[o], false);
		}
		end_line(out);
	}
	for (size_t i = 0; i < w->offering_count * height; i++)
		kam_buf_release(&lines[i]);
	free(lines);
}

/* The three closing lines (raw text: the writers escape). */
static void totals_lines(kam_buf t[3], const kam_whitespace *w)
{
	kam_buf_puts(&t[0], "open potential: ");
	money(&t[0], w->open_potential);
	kam_buf_printf(&t[0], " %s in %zu open cell%s", w->currency, w->open_cells,
		       w->open_cells == 1 ? "" : "s");
	kam_buf_printf(&t[1], "open deals in the matrix: %zu, ", w->open_deals);
	money(&t[1], w->open_value);
	kam_buf_printf(&t[1], " %s", w->currency);
	kam_buf_printf(&t[2], "not assessed (?): %zu of %zu cells", w->unassessed,
		       w->unit_count * w->offering_count);
}

static void text_totals(kam_buf *out, const kam_whitespace *w)
{
	kam_buf t[3] = {KAM_BUF_INIT, KAM_BUF_INIT, KAM_BUF_INIT};
	totals_lines(t, w);
	for (int i = 0; i < 3; i++) {
		kam_term_text(out, t[i].ptr);
		kam_buf_putc(out, '\n');
		kam_buf_release(&t[i]);
	}
}

static void text_notes(kam_buf *out, const kam_whitespace *w, bool repeated)
{
	size_t n = 0;
	for (size_t i = 0; i < w->note_count; i++)
		n += w->notes[i].repeated == repeated;
	if (!n)
		return;
	kam_buf_puts(out, repeated ? "\ngiven twice (the first is shown):\n"
				   : "\nleft out of the matrix (run kam check):\n");
	for (size_t i = 0; i < w->note_count; i++) {
		if (w->notes[i].repeated != repeated)
			continue;
		kam_buf line = KAM_BUF_INIT;
		note_text(&line, w, &w->notes[i]);
		kam_buf_puts(out, "  ");
		kam_term_text(out, line.ptr);
		kam_buf_putc(out, '\n');
		kam_buf_release(&line);
	}
}

/* Why there is no matrix, and how to get one; NULL when there is one. */
static const char *missing_axis(const kam_whitespace *w)
{
	if (!w->unit_count)
		return "the plan declares no units (the client's buying centres, the rows):\n"
		       "add them as units: [{id, name}] to the plan";
	if (!w->offerings_declared)
		return "kam.yaml declares no offerings (what we sell, the columns):\n"
		       "add them as offerings: [{id, name}] to kam.yaml";
	if (!w->offering_count)
		return "kam.yaml's offerings list is empty (the columns): add offerings: [{id, name}]";
	return NULL;
}

void kam_whitespace_text(kam_buf *out, const kam_whitespace *w)
{
	kam_buf h = KAM_BUF_INIT;
	heading_text(&h, w);
	kam_term_text(out, h.ptr);
	kam_buf_release(&h);
	kam_buf_puts(out, "\n\n");
	const char *missing = missing_axis(w);
	if (missing)
		kam_buf_printf(out, "%s\n", missing);
	else {
		size_t unit_width, *width = kam_xcalloc(w->offering_count, sizeof(size_t));
		measure(w, &unit_width, width);
		text_header(out, w, unit_width, width);
		for (size_t u = 0; u < w->unit_count; u++) {
			if (u)
				kam_buf_putc(out, '\n');
			text_row(out, w, u, unit_width, width);
		}
		free(width);
		kam_buf_putc(out, '\n');
		text_totals(out, w);
	}
	text_notes(out, w, false);
	text_notes(out, w, true);
}

/* ------------------------------------------------------------------ */
/* Markdown                                                            */

static void md_cell(kam_buf *out, const kam_ws_cell *c)
{
	size_t n = cell_line_count(c, 0);
	kam_buf *lines = kam_xcalloc(n, sizeof(kam_buf));
	cell_lines(c, 0, lines, n);
	for (size_t i = 0; i < n; i++) {
		kam_buf_puts(out, i ? "<br>" : "");
		kam_md_text(out, kam_buf_cstr(&lines[i]));
		kam_buf_release(&lines[i]);
	}
	free(lines);
}

static void md_notes(kam_buf *out, const kam_whitespace *w, bool repeated)
{
	size_t n = 0;
	for (size_t i = 0; i < w->note_count; i++)
		n += w->notes[i].repeated == repeated;
	if (!n)
		return;
	kam_buf_puts(out, repeated ? "\nGiven twice (the first is shown):\n\n"
				   : "\nLeft out of the matrix (run `kam check`):\n\n");
	for (size_t i = 0; i < w->note_count; i++) {
		if (w->notes[i].repeated != repeated)
			continue;
		kam_buf line = KAM_BUF_INIT;
		note_text(&line, w, &w->notes[i]);
		kam_buf_puts(out, "- ");
		kam_md_text(out, line.ptr);
		kam_buf_putc(out, '\n');
		kam_buf_release(&line);
	}
}

static void md_table(kam_buf *out, const kam_whitespace *w)
{
	kam_buf_puts(out, "| Unit |");
	for (size_t o = 0; o < w->offering_count; o++) {
		kam_buf_putc(out, ' ');
		kam_md_text(out, w->offerings[o].name);
		kam_buf_puts(out, " |");
	}
	kam_buf_puts(out, "\n| --- |");
	for (size_t o = 0; o < w->offering_count; o++)
		kam_buf_puts(out, " --- |");
	kam_buf_putc(out, '\n');
	for (size_t u = 0; u < w->unit_count; u++) {
		kam_buf_puts(out, "| ");
		kam_md_text(out, w->units[u].name);
		kam_buf_puts(out, " |");
		for (size_t o = 0; o < w->offering_count; o++) {
			kam_buf_putc(out, ' ');
			md_cell(out, kam_whitespace_cell(w, u, o));
			kam_buf_puts(out, " |");
		}
		kam_buf_putc(out, '\n');
	}
}

void kam_whitespace_md(kam_buf *out, const kam_whitespace *w)
{
	kam_buf h = KAM_BUF_INIT;
	heading_text(&h, w);
	h.ptr[0] = 'W';
	kam_buf_puts(out, "# ");
	kam_md_text(out, h.ptr);
	kam_buf_puts(out, "\n\n");
	const char *missing = missing_axis(w);
	if (missing) {
		kam_buf_reset(&h);
		kam_buf_puts(&h, missing);
		kam_md_text(out, h.ptr);
		kam_buf_putc(out, '\n');
	} else {
		md_table(out, w);
		kam_buf t[3] = {KAM_BUF_INIT, KAM_BUF_INIT, KAM_BUF_INIT};
		totals_lines(t, w);
		kam_buf_putc(out, '\n');
		for (int i = 0; i < 3; i++) {
			kam_buf_puts(out, "- ");
			kam_md_text(out, t[i].ptr);
			kam_buf_putc(out, '\n');
			kam_buf_release(&t[i]);
		}
	}
	kam_buf_release(&h);
	md_notes(out, w, false);
	md_notes(out, w, true);
}

/* ------------------------------------------------------------------ */
/* JSON                                                                */

static void json_deals(kam_json *j, const char *key, const kam_ws_deal *d, size_t count)
{
	kam_json_array_begin(j, key, count ? KAM_JSON_BLOCK : KAM_JSON_INLINE);
	for (size_t i = 0; i < count; i++) {
		kam_json_object_begin(j, NULL, KAM_JSON_INLINE);
		kam_json_string(j, "id", d[i].id);
		kam_json_string(j, "title", d[i].title);
		kam_json_string(j, "stage", kam_stage_name(d[i].stage));
		if (d[i].has_value)
			kam_json_double(j, "value", 2, d[i].value);
		else
			kam_json_null(j, "value");
		kam_json_bool(j, "must_win", d[i].must_win);
		kam_json_string(j, "close", d[i].close);
		kam_json_end(j);
	}
	kam_json_end(j);
}

static void json_cell(kam_json *j, const kam_whitespace *w, size_t u, size_t o)
{
	const kam_ws_cell *c = kam_whitespace_cell(w, u, o);
	kam_json_object_begin(j, NULL, KAM_JSON_INLINE);
	kam_json_string(j, "offering", w->offerings[o].id);
	kam_json_string(j, "status", kam_cell_status_name(c->status));
	kam_json_bool(j, "assessed", c->assessed);
	kam_json_string(j, "plan_status", kam_cell_status_name(c->plan_status));
	kam_json_string(j, "competitor", c->competitor);
	kam_json_wrap(j);
	if (c->has_potential)
		kam_json_double(j, "potential", 2, c->potential);
	else
		kam_json_null(j, "potential");
	kam_json_string(j, "notes", c->notes);
	kam_json_wrap(j);
	json_deals(j, "won", c->won, c->won_count);
	json_deals(j, "open", c->open, c->open_count);
	kam_json_end(j);
}

static void json_units(kam_json *j, const kam_whitespace *w)
{
	kam_json_array_begin(j, "units", KAM_JSON_BLOCK);
	for (size_t u = 0; u < w->unit_count; u++) {
		kam_json_object_begin(j, NULL, KAM_JSON_BLOCK);
		kam_json_string(j, "id", w->units[u].id);
		kam_json_string(j, "name", w->units[u].name);
		kam_json_array_begin(j, "cells", KAM_JSON_BLOCK);
		for (size_t o = 0; o < w->offering_count; o++)
			json_cell(j, w, u, o);
		kam_json_end(j);
		kam_json_end(j);
	}
	kam_json_end(j);
}

static void json_notes(kam_json *j, const kam_whitespace *w, const char *key, bool repeated)
{
	kam_json_array_begin(j, key, KAM_JSON_BLOCK);
	for (size_t i = 0; i < w->note_count; i++) {
		const kam_ws_note *n = &w->notes[i];
		if (n->repeated != repeated)
			continue;
		kam_json_object_begin(j, NULL, KAM_JSON_INLINE);
		kam_json_int(j, "line", n->line);
		kam_json_int(j, "column", n->column);
		kam_json_string(j, "field", n->field);
		kam_json_string(j, "text", n->text);
		kam_json_string(j, "reason", n->why);
		kam_json_end(j);
	}
	kam_json_end(j);
}

static void json_totals(kam_json *j, const kam_whitespace *w)
{
	kam_json_object_begin(j, "totals", KAM_JSON_INLINE);
	kam_json_double(j, "open_potential", 2, w->open_potential);
	kam_json_int(j, "open_cells", (intmax_t)w->open_cells);
	kam_json_int(j, "open_deals", (intmax_t)w->open_deals);
	kam_json_double(j, "open_value", 2, w->open_value);
	kam_json_int(j, "unassessed", (intmax_t)w->unassessed);
	kam_json_int(j, "cells", (intmax_t)(w->unit_count * w->offering_count));
	kam_json_end(j);
}

void kam_whitespace_json(kam_buf *out, const kam_whitespace *w)
{
	kam_json j;
	kam_json_init(&j, out);
	kam_json_object_begin(&j, NULL, KAM_JSON_BLOCK);
	kam_json_int(&j, "version", 1);
	kam_json_string(&j, "account", w->account);
	kam_json_string(&j, "name", w->name);
	kam_json_path(&j, "file", w->file);
	kam_json_string(&j, "currency", w->currency);
	kam_json_array_begin(&j, "offerings", KAM_JSON_BLOCK);
	for (size_t o = 0; o < w->offering_count; o++) {
		kam_json_object_begin(&j, NULL, KAM_JSON_INLINE);
		kam_json_string(&j, "id", w->offerings[o].id);
		kam_json_string(&j, "name", w->offerings[o].name);
		kam_json_end(&j);
	}
	kam_json_end(&j);
	json_units(&j, w);
	json_totals(&j, w);
	json_notes(&j, w, "left_out", false);
	json_notes(&j, w, "given_twice", true);
	kam_json_end(&j);
	kam_json_release(&j);
}
