/* Inline SVG pictures for rendered pages: the relationship map (an org
 * chart), the pipeline and revenue against target. Attitude is shown by a
 * word and a border pattern as well as a colour; every number is written. */
#include "svg.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kam/plan.h"
#include "kam/status.h"
#include "html.h"
#include "banned.h"

/* name="x.y": an attribute with a number, range-checked by the writer. */
#define attr(out, name, v) kam_html_attr_num_((out), "" name "", (v))

static const char *text_of(const kam_node *map, const char *key)
{
	return kam_node_string(kam_node_get(map, key));
}

/* ------------------------------------------------------------------ */
/* relationship map                                                    */

enum { BOX_W = 176, BOX_H = 70, GAP_X = 18, GAP_Y = 46, MARGIN = 12 };
/* the widest a map is drawn, in boxes: about a laptop's page */
enum { MAP_COLUMNS = 5 };

typedef struct person {
	const kam_node *c;
	int parent; /* index, or -1 */
	int cut;    /* the boss whose line closed a reports_to cycle, or -1 */
	int depth;
	double x, y; /* x in slots; y in pixels below the top margin */
} person;

/* parent from reports_to, through a table of ids (the first of an id wins) */
static void link_parents(person *p, size_t n, const kam_node *contacts)
{
	kam_text_table ids = {0};
	kam_node_index_items(&ids, contacts, "id");
	for (size_t i = 0; i < n; i++) {
		const char *boss = text_of(p[i].c, "reports_to");
		size_t at;
		p[i].parent =
		    boss && kam_text_table_get(&ids, boss, strlen(boss), &at) ? (int)at : -1;
	}
	kam_text_table_release(&ids);
}

/* Open the cycle through j where kam check reports it: at the reports_to
 * that leads back to the cycle's first contact in the list. */
static void cut_cycle(person *p, int j)
{
	int first = j, closer = j;
	for (int k = p[j].parent; k != j; k = p[k].parent)
		if (k < first)
			first = k;
	for (int k = first;; k = p[k].parent)
		if (p[k].parent == first) {
			closer = k;
			break;
		}
	p[closer].cut = first;
	p[closer].parent = -1;
}

/* Depth of each person along reports_to, without recursion (a chain may be
 * as long as the list); a cycle is opened where it closes. Returns the
 * largest depth. */
static int assign_depths(person *p, size_t n)
{
	enum { UNSEEN, ON_PATH, DONE };
	unsigned char *state = kam_xcalloc(n, 1);
	size_t *path = kam_xcalloc(n, sizeof(size_t));
	int max_depth = 0;
	for (size_t start = 0; start < n; start++) {
		size_t len = 0;
		int j = (int)start;
		for (; j >= 0 && state[j] == UNSEEN; j = p[j].parent) {
			state[j] = ON_PATH;
			path[len++] = (size_t)j;
		}
		if (j >= 0 && state[j] == ON_PATH) { /* back on the path: a cycle */
			cut_cycle(p, j);
			for (size_t k = 0; k < len; k++)
				state[path[k]] = UNSEEN;
			start--; /* walk again, now that the cycle is open */
			continue;
		}
		int depth = j >= 0 ? p[j].depth : -1;
		for (size_t k = len; k-- > 0;) {
			p[path[k]].depth = ++depth;
			state[path[k]] = DONE;
			if (depth > max_depth)
				max_depth = depth;
		}
	}
	free(path);
	free(state);
	return max_depth;
}

/* Leaves take the next slot; a manager sits above the middle of its team.
 * An explicit stack walks each tree, children in list order. */
static double place_all(person *p, size_t n)
{
	int *first_child = kam_xcalloc(n, sizeof(int)), *next_sibling = kam_xcalloc(n, sizeof(int));
	int *stack = kam_xcalloc(n, sizeof(int)), *cursor = kam_xcalloc(n, sizeof(int));
	double *first_x = kam_xcalloc(n, sizeof(double)), *last_x = kam_xcalloc(n, sizeof(double));
	for (size_t i = 0; i < n; i++)
		first_child[i] = -1;
	for (size_t i = n; i-- > 0;)
		if (p[i].parent >= 0) {
			next_sibling[i] = first_child[p[i].parent];
			first_child[p[i].parent] = (int)i;
		}
	double next = 0;
	for (size_t root = 0; root < n; root++) {
		if (p[root].parent >= 0)
			continue;
		size_t depth = 0;
		stack[depth++] = (int)root;
		cursor[root] = first_child[root];
		first_x[root] = -1;
		while (depth) {
			int top = stack[depth - 1], child = cursor[top];
			if (child >= 0) { /* go down to the next child */
				cursor[top] = next_sibling[child];
				stack[depth++] = child;
				cursor[child] = first_child[child];
				first_x[child] = -1;
				continue;
			}
			p[top].x = first_x[top] < 0 ? next++ : (first_x[top] + last_x[top]) / 2;
			if (--depth) { /* tell the manager where this one sits */
				int up = stack[depth - 1];
				if (first_x[up] < 0)
					first_x[up] = p[top].x;
				last_x[up] = p[top].x;
			}
		}
	}
	free(first_child);
	free(next_sibling);
	free(stack);
	free(cursor);
	free(first_x);
	free(last_x);
	return next;
}

static const char *attitude_fill(kam_attitude attitude)
{
	/* light enough for dark text; the word and the border pattern carry it too */
	static const char *const fills[KAM_ATTITUDE_UNKNOWN + 1] = {
	    [KAM_ATTITUDE_ADVOCATE] = "#8fd17a", [KAM_ATTITUDE_SUPPORTER] = "#d9f0a3",
	    [KAM_ATTITUDE_NEUTRAL] = "#f0f0f0",	 [KAM_ATTITUDE_SKEPTIC] = "#fdc98a",
	    [KAM_ATTITUDE_OPPONENT] = "#f4a3a3", [KAM_ATTITUDE_UNKNOWN] = "#ffffff"};
	return fills[attitude <= KAM_ATTITUDE_UNKNOWN ? attitude : KAM_ATTITUDE_UNKNOWN];
}

static const char *attitude_dash(kam_attitude attitude)
{
	/* a pattern per attitude, so the map reads without colour */
	if (attitude == KAM_ATTITUDE_OPPONENT)
		return " stroke-dasharray=\"2 2\"";
	if (attitude == KAM_ATTITUDE_SKEPTIC)
		return " stroke-dasharray=\"6 3\"";
	return "";
}

/* A constant of this file (a fill, a pattern): markup, not data. */
static void constant(kam_html *out, const char *text)
{
	kam_html_raw_(out, text, strlen(text));
}

static void role_badges(kam_buf *out, const kam_node *c)
{
	const kam_node *list = kam_node_get(c, "roles");
	bool first = true;
	for (int r = 0; r < KAM_ROLE_UNKNOWN; r++) /* in the roles' order, not the plan's */
		for (size_t i = 0; list && list->kind == KAM_NODE_SEQ && i < list->count; i++)
			if (kam_role_parse(kam_node_string(list->items[i])) == (kam_role)r) {
				kam_buf_puts(out, first ? "" : " ");
				kam_buf_puts(out, kam_role_badge((kam_role)r));
				first = false;
			}
}

/* A key decision leader or approver by role, or an opportunity's decision
 * leader (leaders: their ids). */
static bool decides(const kam_text_table *leaders, const kam_node *c)
{
	const kam_node *roles = kam_node_get(c, "roles");
	for (size_t i = 0; roles && roles->kind == KAM_NODE_SEQ && i < roles->count; i++)
		if (kam_role_decides(kam_role_parse(kam_node_string(roles->items[i]))))
			return true;
	const char *id = text_of(c, "id");
	return id && kam_text_table_get(leaders, id, strlen(id), NULL);
}

/* <text> of at most max characters; the class a literal. */
#define svg_text(out, x, y, cls, text, max) svg_text_((out), (x), (y), "" cls "", (text), (max))
static void svg_text_(kam_html *out, double x, double y, const char *cls, const char *text,
		      size_t max)
{
	kam_html_raw(out, "<text");
	attr(out, "x", x);
	attr(out, "y", y);
	kam_html_raw(out, " class=\"");
	constant(out, cls);
	kam_html_raw(out, "\">");
	kam_html_text_cut(out, text, max); /* cut on a character boundary */
	kam_html_raw(out, "</text>");
}

/* The reports_to that closes a cycle cannot be drawn downwards: a dashed
 * red line, marked, so the map does not hide it (kam check reports it). */
static void cycle_line(kam_html *out, const person *p, const person *boss)
{
	double x1 = MARGIN + p->x * (BOX_W + GAP_X) + BOX_W / 2.0;
	double y1 = MARGIN + p->y;
	double x2 = MARGIN + boss->x * (BOX_W + GAP_X) + BOX_W / 2.0;
	double y2 = MARGIN + boss->y + (double)BOX_H;
	kam_html_raw(out, "<line");
	attr(out, "x1", x1);
	attr(out, "y1", y1);
	attr(out, "x2", x2);
	attr(out, "y2", y2);
	kam_html_raw(out, " class=\"cycle\" stroke=\"#b2182b\" stroke-width=\"2\" "
			  "stroke-dasharray=\"5 3\"><title>");
	kam_html_text(out, text_of(p->c, "id"));
	kam_html_raw(out, " reports to ");
	kam_html_text(out, text_of(boss->c, "id"));
	kam_html_raw(out, ", which closes a reports_to cycle</title></line>\n");
	svg_text(out, (x1 + x2) / 2 + 4, (y1 + y2) / 2, "unowned", "reports_to cycle", 30);
	kam_html_raw(out, "\n");
}

/* The border's weight says the influence (with the letter in the corner):
 * a plan without influence keeps the thin border it had. */
static const char *influence_width(kam_influence influence)
{
	if (influence == KAM_INFLUENCE_HIGH)
		return " stroke-width=\"3.5\"";
	if (influence == KAM_INFLUENCE_MEDIUM)
		return " stroke-width=\"2.2\"";
	return " stroke-width=\"1.2\"";
}

/* H, M or L in the box's lower right corner, with its words as a tooltip. */
static void influence_mark(kam_html *out, double x, double y, kam_influence influence)
{
	if (influence >= KAM_INFLUENCE_UNKNOWN)
		return;
	static const char *const letter[KAM_INFLUENCE_UNKNOWN] = {
	    [KAM_INFLUENCE_LOW] = "L", [KAM_INFLUENCE_MEDIUM] = "M", [KAM_INFLUENCE_HIGH] = "H"};
	kam_html_raw(out, "<text");
	attr(out, "x", x + BOX_W - 8);
	attr(out, "y", y + 63);
	kam_html_raw(out, " class=\"influence\" text-anchor=\"end\"><title>influence ");
	kam_html_text(out, kam_influence_name(influence));
	kam_html_raw(out, "</title>");
	kam_html_text(out, letter[influence]);
	kam_html_raw(out, "</text>");
}

/* The line under the name: the title, or "LEFT 2026-09-30" for a contact
 * who left (MOVED for one who moved on), so the map does not show them as
 * in their role. */
static void title_line(kam_html *out, double x, double y, const kam_contact_view *v,
		       const kam_node *c)
{
	if (v->status != KAM_CONTACT_LEFT && v->status != KAM_CONTACT_MOVED) {
		svg_text(out, x + 8, y + 32, "title", v->title ? v->title : text_of(c, "external"),
			 30);
		return;
	}
	kam_buf line = KAM_BUF_INIT;
	kam_buf_puts(&line, v->status == KAM_CONTACT_LEFT ? "LEFT" : "MOVED");
	if (v->since) {
		kam_buf_putc(&line, ' ');
		kam_buf_puts(&line, v->since);
	}
	svg_text(out, x + 8, y + 32, "gone", kam_buf_cstr(&line), 30);
	kam_buf_release(&line);
}

static void person_box(kam_html *out, const kam_text_table *leaders, const person *p,
		       kam_svg_owner_fn owner_of, void *ctx)
{
	double x = MARGIN + p->x * (BOX_W + GAP_X), y = MARGIN + p->y;
	const kam_node *c = p->c;
	kam_contact_view v;
	kam_contact_view_read(&v, c);
	bool gone = v.status == KAM_CONTACT_LEFT || v.status == KAM_CONTACT_MOVED;
	const char *attitude_text = text_of(c, "attitude");
	kam_attitude attitude = kam_attitude_parse(attitude_text);
	const char *owner = text_of(c, "owner");
	bool unowned = !owner && !gone && decides(leaders, c);
	gone ? kam_html_raw(out, "<g class=\"person left\"><a")
	     : kam_html_raw(out, "<g class=\"person\"><a");
	char *href = kam_xprintf("#%s", text_of(c, "id") ? text_of(c, "id") : "");
	kam_html_url(out, "href", href);
	free(href);
	kam_html_raw(out, "><rect");
	attr(out, "x", x);
	attr(out, "y", y);
	kam_html_raw(out, " width=\"176\" height=\"70\" rx=\"6\" fill=\"");
	constant(out, attitude_fill(attitude));
	/* a decider nobody owns: red and never thin (the words say it too) */
	unowned ? kam_html_raw(out, "\" stroke=\"#b2182b\"")
		: kam_html_raw(out, "\" stroke=\"#404040\"");
	constant(out, unowned && v.influence != KAM_INFLUENCE_HIGH ? " stroke-width=\"3\""
								   : influence_width(v.influence));
	constant(out, attitude_dash(attitude));
	kam_html_raw(out, "/>");
	svg_text(out, x + 8, y + 17, "name", text_of(c, "name"), 24);
	title_line(out, x, y, &v, c);
	influence_mark(out, x, y, v.influence);
	kam_buf badges = KAM_BUF_INIT;
	kam_buf_puts(&badges, attitude_text ? attitude_text : "attitude unknown");
	kam_buf_puts(&badges, "  ");
	role_badges(&badges, c);
	svg_text(out, x + 8, y + 48, "badges", kam_buf_cstr(&badges), 34);
	kam_buf_release(&badges);
	if (unowned)
		svg_text(out, x + 8, y + 63, "unowned", "NO OWNER on our side", 30);
	else if (owner) {
		kam_html_raw(out, "<circle");
		attr(out, "cx", x + BOX_W - 16);
		attr(out, "cy", y + 16);
		kam_html_raw(out, " r=\"11\" class=\"owner\"/><text");
		attr(out, "x", x + BOX_W - 16);
		attr(out, "y", y + 20);
		kam_html_raw(out, " class=\"initials\" text-anchor=\"middle\">");
		char letters[8];
		const char *name = owner_of(ctx, owner, letters);
		kam_html_text(out, letters);
		kam_html_raw(out, "</text>");
		/* the owner by name; shorter beside the influence letter */
		svg_text(out, x + 8, y + 63, "ownedby", name ? name : owner,
			 v.influence < KAM_INFLUENCE_UNKNOWN ? 26 : 30);
	}
	kam_html_raw(out, "</a></g>\n");
}

/* The viewBox of a picture w x h (whole numbers): it takes the width of
 * its container, never more than its own (kam.css caps each kind of
 * picture by its class), the height following from the viewBox, so it
 * neither overflows a phone nor blows up on a wide screen. Then role and
 * the start of aria-label. */
static void svg_open_(kam_html *out, double w, double h, bool picture)
{
	kam_html_raw(out, " viewBox=\"0 0 ");
	kam_html_int(out, kam_clamp_int(w, 0, 1000000000));
	kam_html_raw(out, " ");
	kam_html_int(out, kam_clamp_int(h, 0, 1000000000));
	/* a picture is one image; the map holds links, so it is a group */
	picture ? kam_html_raw(out, "\" width=\"100%\" role=\"img\" aria-label=\"")
		: kam_html_raw(out, "\" width=\"100%\" role=\"group\" aria-label=\"");
}
#define svg_open(out, w, h) svg_open_((out), (w), (h), true)

/* A map wider than MAP_COLUMNS boxes is laid out level by level, each
 * level in rows of at most MAP_COLUMNS (in the tree's order, a short row
 * centred), so a wide level wraps instead of running off the screen.
 * Returns the number of rows. */
static double wrap_levels(person *p, size_t n, int max_depth)
{
	size_t *level = kam_xcalloc(n, sizeof(size_t));
	double row = 0;
	for (int d = 0; d <= max_depth; d++) {
		size_t count = 0;
		for (size_t i = 0; i < n; i++)
			if (p[i].depth == d)
				level[count++] = i;
		for (size_t i = 1; i < count; i++) /* by slot: the tree's left-to-right order */
			for (size_t j = i; j > 0 && p[level[j - 1]].x > p[level[j]].x; j--) {
				size_t t = level[j];
				level[j] = level[j - 1];
				level[j - 1] = t;
			}
		for (size_t k = 0; k < count; k++) {
			size_t in_row = count - k / MAP_COLUMNS * MAP_COLUMNS;
			if (in_row > MAP_COLUMNS)
				in_row = MAP_COLUMNS;
			p[level[k]].x = (double)(k % MAP_COLUMNS) + (MAP_COLUMNS - (double)in_row) / 2;
			p[level[k]].y = (row + (double)(k / MAP_COLUMNS)) * (BOX_H + GAP_Y);
		}
		row += count ? (double)((count + MAP_COLUMNS - 1) / MAP_COLUMNS) : 0;
	}
	free(level);
	return row;
}

void kam_svg_relationship_map(kam_html *out, const kam_node *plan, kam_svg_owner_fn owner_of,
			      void *ctx)
{
	const kam_node *contacts = kam_node_get(plan, "contacts");
	if (!contacts || contacts->kind != KAM_NODE_SEQ || !contacts->count)
		return;
	size_t n = contacts->count;
	person *p = kam_xcalloc(n, sizeof(person));
	for (size_t i = 0; i < n; i++) {
		p[i].c = contacts->items[i];
		p[i].cut = -1;
	}
	link_parents(p, n, contacts);
	int max_depth = assign_depths(p, n);
	double next = place_all(p, n);
	double rows = max_depth + 1;
	if (next > MAP_COLUMNS) { /* too wide for a screen: wrap the wide levels */
		rows = wrap_levels(p, n, max_depth);
		next = MAP_COLUMNS;
	} else
		for (size_t i = 0; i < n; i++)
			p[i].y = p[i].depth * (BOX_H + GAP_Y);
	double width = 2 * MARGIN + next * (BOX_W + GAP_X) - GAP_X;
	double height = 2 * MARGIN + rows * (BOX_H + GAP_Y) - GAP_Y;
	/* its class says how many boxes wide it is: kam.css caps it there */
	static const char *const map_class[MAP_COLUMNS + 1] = {
	    "<svg class=\"map\"",	     "<svg class=\"map cols1\"", "<svg class=\"map cols2\"",
	    "<svg class=\"map cols3\"", "<svg class=\"map cols4\"", "<svg class=\"map cols5\""};
	constant(out, map_class[next >= 1 && next <= MAP_COLUMNS ? (size_t)next : 0]);
	svg_open_(out, nearbyint(width), nearbyint(height), false);
	kam_html_raw(out, "relationship map: the contacts by whom they report to, each "
			  "linked to their card below\" xmlns=\"http://www.w3.org/2000/svg\">\n");
	for (size_t i = 0; i < n; i++)
		if (p[i].parent >= 0) {
			const person *up = &p[p[i].parent];
			kam_html_raw(out, "<line");
			attr(out, "x1", MARGIN + up->x * (BOX_W + GAP_X) + BOX_W / 2.0);
			attr(out, "y1", MARGIN + up->y + (double)BOX_H);
			attr(out, "x2", MARGIN + p[i].x * (BOX_W + GAP_X) + BOX_W / 2.0);
			attr(out, "y2", MARGIN + p[i].y);
			kam_html_raw(out, " class=\"reports\"/>\n");
		}
	for (size_t i = 0; i < n; i++)
		if (p[i].cut >= 0)
			cycle_line(out, &p[i], &p[p[i].cut]);
	kam_text_table leaders = {0};
	kam_node_index_items(&leaders, kam_node_get(plan, "opportunities"), "decision_leader");
	for (size_t i = 0; i < n; i++)
		person_box(out, &leaders, &p[i], owner_of, ctx);
	kam_text_table_release(&leaders);
	kam_html_raw(out, "</svg>\n");
	free(p);
}

/* ------------------------------------------------------------------ */
/* bar charts                                                          */

typedef struct bar {
	const char *label;
	double value, target; /* target < 0: none */
} bar;

#define bar_rect(out, x, y, width, cls) bar_rect_((out), (x), (y), (width), "" cls "")
static void bar_rect_(kam_html *out, int x, double y, double width, const char *cls)
{
	kam_html_raw(out, "<rect x=\"");
	kam_html_int(out, x);
	kam_html_raw(out, "\"");
	attr(out, "y", y);
	attr(out, "width", width);
	kam_html_raw(out, " height=\"16\" class=\"");
	constant(out, cls);
	kam_html_raw(out, "\"/>");
}

/* A bar's length for value of max: 0..full, whatever the numbers (a
 * negative, infinite or NaN value draws nothing). */
static double length_of(double value, double max, double full)
{
	double w = value / max * full;
	return w > 0 ? (w < full ? w : full) : 0;
}

static void bar_chart(kam_html *out, const char *title, const bar *bars, size_t n,
		      const char *currency)
{
	double max = 0;
	for (size_t i = 0; i < n; i++) {
		if (isfinite(bars[i].value) && bars[i].value > max)
			max = bars[i].value;
		if (isfinite(bars[i].target) && bars[i].target > max)
			max = bars[i].target;
	}
	if (max <= 0)
		max = 1;
	const int label_w = 110, bar_w = 360, row = 26;
	int height = (int)n * row + 30;
	kam_html_raw(out, "<svg class=\"chart\"");
	svg_open(out, label_w + bar_w + 150, height);
	/* its text alternative: the title and every number the bars show */
	kam_buf alt = KAM_BUF_INIT;
	kam_buf_puts(&alt, title);
	for (size_t i = 0; i < n; i++) {
		kam_buf_puts(&alt, i ? "; " : ": ");
		kam_buf_puts(&alt, bars[i].label ? bars[i].label : "");
		kam_buf_putc(&alt, ' ');
		kam_format_money(&alt, bars[i].value);
		if (bars[i].target >= 0) {
			kam_buf_puts(&alt, " of target ");
			kam_format_money(&alt, bars[i].target);
		}
		kam_buf_putc(&alt, ' ');
		kam_buf_puts(&alt, currency ? currency : "");
	}
	kam_html_text(out, kam_buf_cstr(&alt));
	kam_buf_release(&alt);
	kam_html_raw(out, "\" xmlns=\"http://www.w3.org/2000/svg\">\n");
	svg_text(out, 4, 16, "charttitle", title, 80);
	for (size_t i = 0; i < n; i++) {
		double y = 26 + (double)i * row;
		double w = length_of(bars[i].value, max, bar_w);
		double t = bars[i].target >= 0 ? length_of(bars[i].target, max, bar_w) : 0;
		svg_text(out, 4, y + 14, "axis", bars[i].label, 18);
		bar_rect(out, label_w, y, w, "bar");
		if (bars[i].target >= 0)
			bar_rect(out, label_w, y, t, "target");
		kam_buf value = KAM_BUF_INIT;
		kam_format_money(&value, bars[i].value);
		if (bars[i].target >= 0) {
			kam_buf_puts(&value, " / ");
			kam_format_money(&value, bars[i].target);
		}
		kam_buf_putc(&value, ' ');
		kam_buf_puts(&value, currency ? currency : "");
		svg_text(out, label_w + (w > t ? w : t) + 6, y + 13, "value", kam_buf_cstr(&value),
			 40);
		kam_buf_release(&value);
		kam_html_raw(out, "\n");
	}
	kam_html_raw(out, "</svg>\n");
}
static bool open_opportunity(const kam_node *o)
{
	return !kam_stage_closed(kam_stage_parse(text_of(o, "stage")));
}

static double value_of(const kam_node *o)
{
	const kam_node *v = kam_node_get(o, "value");
	return v && v->kind == KAM_NODE_NUMBER ? v->number : 0;
}

void kam_svg_pipeline(kam_html *out, const kam_node *plan, const char *currency)
{
	const kam_node *opps = kam_node_get(plan, "opportunities");
	if (!opps || opps->kind != KAM_NODE_SEQ)
		return;
	bar by_stage[KAM_STAGE_UNKNOWN];
	size_t n = 0; /* the open stages, in the pipeline's order */
	for (int s = 0; s < KAM_STAGE_UNKNOWN; s++) {
		if (kam_stage_closed((kam_stage)s))
			continue;
		by_stage[n] = (bar){kam_stage_name((kam_stage)s), 0, -1};
		for (size_t i = 0; i < opps->count; i++)
			if (kam_stage_parse(text_of(opps->items[i], "stage")) == (kam_stage)s)
				by_stage[n].value += value_of(opps->items[i]);
		n++;
	}
	bar_chart(out, "Open pipeline by stage", by_stage, n, currency);
	/* by close quarter, in quarter order */
	bar quarters[64];
	size_t nq = 0;
	for (size_t i = 0; i < opps->count && nq < 64; i++) {
		const char *q = text_of(opps->items[i], "close");
		if (!q || !open_opportunity(opps->items[i]))
			continue;
		size_t k = 0;
		while (k < nq && strcmp(quarters[k].label, q) != 0)
			k++;
		if (k == nq)
			quarters[nq++] = (bar){q, 0, -1};
		quarters[k].value += value_of(opps->items[i]);
	}
	for (size_t i = 1; i < nq; i++) /* insertion sort: a handful of quarters */
		for (size_t j = i; j > 0 && strcmp(quarters[j - 1].label, quarters[j].label) > 0;
		     j--) {
			bar t = quarters[j];
			quarters[j] = quarters[j - 1];
			quarters[j - 1] = t;
		}
	if (nq)
		bar_chart(out, "Open pipeline by close quarter", quarters, nq, currency);
}

void kam_svg_revenue(kam_html *out, const kam_node *plan, const char *currency)
{
	const kam_node *rows = kam_node_get(plan, "revenue");
	if (!rows || rows->kind != KAM_NODE_SEQ || !rows->count)
		return;
	bar *bars = kam_xcalloc(rows->count, sizeof(bar));
	size_t n = 0;
	for (size_t i = 0; i < rows->count; i++) {
		const kam_node *r = rows->items[i];
		const kam_node *t = kam_node_get(r, "target"), *a = kam_node_get(r, "actual");
		if (!text_of(r, "quarter"))
			continue;
		bars[n++] =
		    (bar){text_of(r, "quarter"), a && a->kind == KAM_NODE_NUMBER ? a->number : 0,
			  t && t->kind == KAM_NODE_NUMBER ? t->number : -1};
	}
	bar_chart(out, "Revenue per quarter: actual (bar) against target (outline)", bars, n,
		  currency);
	free(bars);
}
