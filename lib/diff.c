/* Semantic diff of plans: a generic tree diff, then a story in plan terms.
 * Each changed plan is a job on the pool: both versions are read, diffed,
 * told (the story looks up an added opportunity's stage and value) and
 * counted for the totals, then let go, so memory holds two documents per
 * thread, not two repositories. */
#define _DEFAULT_SOURCE
#include "kam/diff.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <stddef.h>
#include <string.h>

#include "kam/contracts.h"
#include "kam/doc.h"
#include "kam/forecast.h"
#include "kam/plan.h"
#include "kam/quarterly.h"
#include "kam/pool.h"
#include "kam/status.h"
#include "kam/doc_cache.h"
#include "banned.h"

/* What the totals need of one version of a changed plan, kept after its
 * document is gone. */
typedef struct plan_side {
	const char *account;
	double pipeline; /* open pipeline */
	char currency[8];
} plan_side;

/* An open deal whose close quarter moved later. */
typedef struct slip {
	kam_quarter from, to;
	double value;
} slip;

/* A deal that became lost. */
typedef struct loss {
	kam_lost_reason reason;
	double value;
	const char *lost_to; /* a competitor id, or NULL (the worker's arena) */
} loss;

/* The headline counts of one account, counted while its versions are
 * loaded (the totals add them up). */
typedef struct account_tally {
	size_t won, lost, added, stage_forward, stage_back, reopened, withdrawn, targets_met, targets;
	size_t meetings, people_left; /* meeting notes added; contacts who left or moved */
	double won_value;       /* in the new version's currency */
	double new_value;       /* of open deals added (a new plan's open pipeline) */
	double withdrawn_value; /* of deals won before that are no longer won */
	char currency[8];
	size_t to_commit, pulled_in; /* told by the story */
	double to_commit_value, pulled_in_value;
	slip *slips; /* told by the story */
	size_t slip_count, slip_alloc;
	loss *losses;
	size_t loss_count, loss_alloc;
} account_tally;

static void release_tally(account_tally *t)
{
	free(t->slips);
	free(t->losses);
	t->slips = NULL;
	t->losses = NULL;
}

/* The items of a list by id, for the few lists in use at a time (a story
 * looks up one plan's opportunities and contacts, before and after). */
#define CACHED_LISTS 8
typedef struct id_cache {
	struct {
		const kam_node *list;
		kam_text_table ids;
	} lists[CACHED_LISTS];
	size_t next;
} id_cache;

/* What one thread of the pool diffs with: texts go to its arena, which
 * lives as long as the diff. */
typedef struct worker {
	kam_arena *arena;
	id_cache ids;
} worker;

/* A meeting note of an account whose file changed: both versions. */
typedef struct note_pair {
	const char *entity;	    /* its path in the account's folder: "meetings/x.md" */
	const kam_entry *old, *new; /* its files; NULL when absent on that side */
	kam_doc *old_doc, *new_doc;
	const kam_node *before, *after; /* the note's frontmatter when it is a meeting note */
} note_pair;

struct kam_diff {
	kam_arena *names;                   /* account ids */
	kam_arena *arenas[KAM_MAX_THREADS]; /* the workers' texts */
	kam_account_diff *accounts; /* the accounts that changed, by account */
	account_tally *tallies;     /* one per account */
	size_t count;
	plan_side *before, *after; /* every plan whose file changed, by account */
	size_t before_count, after_count;
	char **unread; /* "accounts/x.md in HEAD could not be read (yaml-syntax at 6:18)" */
	size_t unread_count;
};

/* Forget the lists indexed: they belong to documents about to be freed,
 * whose addresses the next documents may take. */
static void forget_lists(worker *w)
{
	for (size_t i = 0; i < CACHED_LISTS; i++) {
		kam_text_table_release(&w->ids.lists[i].ids);
		w->ids.lists[i].list = NULL;
	}
}

static const char *keep(worker *w, const char *s)
{
	return s ? kam_arena_strndup(w->arena, s, strlen(s)) : NULL;
}

/* ------------------------------------------------------------------ */
/* the generic tree diff                                               */

typedef struct differ {
	worker *w;
	kam_account_diff *a;
	size_t alloc;
	const char *collection, *entity;
	kam_buf path;
} differ;

static const char *node_label(const kam_node *n)
{
	static const char *const keys[] = {"name", "title", "text", "id", "contact"};
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		const char *s = kam_node_string(kam_node_get(n, keys[i]));
		if (s)
			return s;
	}
	return NULL;
}

/* A value as text: scalars as written, lists of scalars as [a, b]. */
static const char *value_text(worker *w, const kam_node *n)
{
	if (!n)
		return NULL;
	if (n->kind == KAM_NODE_MAP)
		return keep(w, node_label(n) ? node_label(n) : "(a mapping)");
	if (n->kind != KAM_NODE_SEQ)
		return keep(w, n->kind == KAM_NODE_NULL ? "null" : n->text);
	kam_buf b = KAM_BUF_INIT;
	kam_buf_putc(&b, '[');
	for (size_t i = 0; i < n->count; i++)
		kam_buf_printf(&b, "%s%s", i ? ", " : "",
			       n->items[i]->text ? n->items[i]->text : "...");
	kam_buf_putc(&b, ']');
	const char *s = keep(w, b.ptr);
	kam_buf_release(&b);
	return s;
}

static void add_change(differ *df, kam_change_kind kind, const kam_node *old, const kam_node *new)
{
	kam_account_diff *a = df->a;
	a->changes = kam_grow(a->changes, &df->alloc, a->change_count + 1, sizeof(kam_change));
	const kam_node *at = new ? new : old;
	a->changes[a->change_count++] = (kam_change){
		kind, df->collection, df->entity, df->path.len ? keep(df->w, df->path.ptr) : NULL,
		value_text(df->w, old), value_text(df->w, new), at ? at->line : 0, false};
}

static size_t push(differ *df, const char *key)
{
	size_t mark = df->path.len;
	if (mark)
		kam_buf_putc(&df->path, '.');
	kam_buf_puts(&df->path, key);
	return mark;
}

static void pop(differ *df, size_t mark)
{
	df->path.len = mark;
	if (df->path.ptr)
		df->path.ptr[mark] = '\0';
}

static bool all_scalars(const kam_node *seq)
{
	for (size_t i = 0; seq && i < seq->count; i++)
		if (seq->items[i]->kind == KAM_NODE_SEQ || seq->items[i]->kind == KAM_NODE_MAP)
			return false;
	return true;
}

static void diff_nodes(differ *df, const kam_node *old, const kam_node *new);

static void diff_maps(differ *df, const kam_node *old, const kam_node *new)
{
	kam_map_index before, after;
	kam_map_index_init(&before, old);
	kam_map_index_init(&after, new);
	for (size_t i = 0; i < new->count; i++) {
		size_t mark = push(df, new->pairs[i].key->text);
		diff_nodes(df, kam_map_index_near(&before, new->pairs[i].key, i), new->pairs[i].value);
		pop(df, mark);
	}
	for (size_t i = 0; i < old->count; i++)
		if (!kam_map_index_near(&after, old->pairs[i].key, i)) {
			size_t mark = push(df, old->pairs[i].key->text);
			add_change(df, KAM_CHANGE_REMOVED, old->pairs[i].value, NULL);
			pop(df, mark);
		}
	kam_map_index_release(&before);
	kam_map_index_release(&after);
}

/* Lists of text are sets: report what joined and what left. */
static void diff_sets(differ *df, const kam_node *old, const kam_node *new)
{
	kam_node_set before, after;
	kam_node_set_init(&before, old);
	kam_node_set_init(&after, new);
	for (size_t i = 0; i < new->count; i++)
		if (!kam_node_set_has(&before, new->items[i]))
			add_change(df, KAM_CHANGE_ADDED, NULL, new->items[i]);
	for (size_t i = 0; i < old->count; i++)
		if (!kam_node_set_has(&after, old->items[i]))
			add_change(df, KAM_CHANGE_REMOVED, old->items[i], NULL);
	kam_node_set_release(&before);
	kam_node_set_release(&after);
}

static void diff_by_index(differ *df, const kam_node *old, const kam_node *new)
{
	size_t n = old->count > new->count ? old->count : new->count;
	for (size_t i = 0; i < n; i++) {
		char index[24];
		snprintf(index, sizeof(index), "[%zu]", i);
		size_t mark = df->path.len;
		kam_buf_puts(&df->path, index);
		diff_nodes(df, i < old->count ? old->items[i] : NULL, i < new->count ? new->items[i] : NULL);
		pop(df, mark);
	}
}

static bool list_of_maps(const kam_node *n);

/* A list of mappings inside an item (an opportunity's buying_unit, a
 * relationship's steps) matched by its items' identity, as the top-level
 * collections are: "buying_unit[c.hartmann].role". */
static const kam_node *item_with(const kam_text_table *t, const kam_node *seq, const kam_node *id);

static void diff_by_identity(differ *df, const kam_node *old, const kam_node *new, const char *key)
{
	kam_text_table before = {0}, after = {0};
	kam_node_index_items(&before, old, key);
	kam_node_index_items(&after, new, key);
	for (size_t i = 0; i < new->count; i++) {
		const kam_node *id = kam_node_get(new->items[i], key);
		size_t mark = df->path.len;
		kam_buf_printf(&df->path, "[%s]", id->text);
		diff_nodes(df, item_with(&before, old, id), new->items[i]);
		pop(df, mark);
	}
	for (size_t k = 0; k < old->count; k++) {
		const kam_node *id = kam_node_get(old->items[k], key);
		if (item_with(&after, new, id))
			continue;
		size_t mark = df->path.len;
		kam_buf_printf(&df->path, "[%s]", id->text);
		add_change(df, KAM_CHANGE_REMOVED, old->items[k], NULL);
		pop(df, mark);
	}
	kam_text_table_release(&before);
	kam_text_table_release(&after);
}

static void diff_nodes(differ *df, const kam_node *old, const kam_node *new)
{
	const char *identity;
	if (!old && !new)
		return;
	if (!old || !new) {
		add_change(df, old ? KAM_CHANGE_REMOVED : KAM_CHANGE_ADDED, old, new);
		return;
	}
	if (old->kind != new->kind) {
		add_change(df, KAM_CHANGE_MODIFIED, old, new);
		return;
	}
	if (kam_node_equal(old, new))
		return;
	if (new->kind == KAM_NODE_MAP)
		diff_maps(df, old, new);
	else if (new->kind == KAM_NODE_SEQ && all_scalars(old) && all_scalars(new))
		diff_sets(df, old, new);
	else if (new->kind == KAM_NODE_SEQ && list_of_maps(old) && list_of_maps(new) &&
		 (identity = kam_node_list_identity(old, new)) != NULL)
		diff_by_identity(df, old, new, identity);
	else if (new->kind == KAM_NODE_SEQ)
		diff_by_index(df, old, new);
	else
		add_change(df, KAM_CHANGE_MODIFIED, old, new);
}

/* ------------------------------------------------------------------ */
/* collections: lists of mappings matched by identity                  */

static const kam_node *item_with(const kam_text_table *t, const kam_node *seq, const kam_node *id)
{
	size_t at;
	return kam_text_table_get(t, id->text, id->len, &at) ? seq->items[at] : NULL;
}

static bool list_of_maps(const kam_node *n)
{
	if (!n || n->kind != KAM_NODE_SEQ)
		return false;
	for (size_t i = 0; i < n->count; i++)
		if (n->items[i]->kind != KAM_NODE_MAP)
			return false;
	return true;
}

static void diff_collection(differ *df, const char *name, const kam_node *old, const kam_node *new)
{
	const char *key = kam_node_list_identity(old, new);
	df->collection = keep(df->w, name);
	if (!key) {
		size_t mark = push(df, name);
		diff_nodes(df, old, new);
		pop(df, mark);
		df->collection = NULL;
		return;
	}
	kam_text_table before = {0}, after = {0};
	kam_node_index_items(&before, old, key);
	kam_node_index_items(&after, new, key);
	for (size_t i = 0; new && i < new->count; i++) {
		const kam_node *id = kam_node_get(new->items[i], key);
		const kam_node *was = item_with(&before, old, id);
		df->entity = keep(df->w, id->text);
		if (was)
			diff_nodes(df, was, new->items[i]);
		else
			add_change(df, KAM_CHANGE_ADDED, NULL, new->items[i]);
	}
	for (size_t i = 0; old && i < old->count; i++) {
		const kam_node *id = kam_node_get(old->items[i], key);
		if (item_with(&after, new, id))
			continue;
		df->entity = keep(df->w, id->text);
		add_change(df, KAM_CHANGE_REMOVED, old->items[i], NULL);
	}
	kam_text_table_release(&before);
	kam_text_table_release(&after);
	df->collection = df->entity = NULL;
}

/* "u-retail/cloud": a whitespace cell is its unit and its offering;
 * NULL when either is missing. */
static const char *cell_key(worker *w, const kam_node *cell)
{
	kam_cell_view v;
	kam_cell_view_read(&v, cell);
	if (!v.unit || !v.offering)
		return NULL;
	char *key = kam_xprintf("%s/%s", v.unit, v.offering);
	const char *kept = keep(w, key);
	free(key);
	return kept;
}

/* The cells of seq by key; false when a cell has none or shares one. */
static bool index_cells(worker *w, kam_text_table *t, const kam_node *seq, const char **keys)
{
	for (size_t i = 0; seq && i < seq->count; i++)
		if (!(keys[i] = cell_key(w, seq->items[i])) ||
		    !kam_text_table_put(t, keys[i], strlen(keys[i]), i))
			return false;
	return true;
}

/* The whitespace matrix: cells matched by unit and offering, so a
 * reordered matrix is no change. False (nothing done) when the cells do
 * not name themselves uniquely. */
static bool diff_cells(differ *df, const kam_node *old, const kam_node *new)
{
	kam_text_table before = {0}, after = {0};
	const char **was = kam_xcalloc((old ? old->count : 0) + 1, sizeof(char *));
	const char **now = kam_xcalloc((new ? new->count : 0) + 1, sizeof(char *));
	bool ok = index_cells(df->w, &before, old, was) && index_cells(df->w, &after, new, now);
	df->collection = keep(df->w, "whitespace");
	for (size_t i = 0; ok && new && i < new->count; i++) {
		size_t at;
		df->entity = now[i];
		if (kam_text_table_get(&before, now[i], strlen(now[i]), &at))
			diff_nodes(df, old->items[at], new->items[i]);
		else
			add_change(df, KAM_CHANGE_ADDED, NULL, new->items[i]);
	}
	for (size_t i = 0; ok && old && i < old->count; i++) {
		size_t at;
		df->entity = was[i];
		if (!kam_text_table_get(&after, was[i], strlen(was[i]), &at))
			add_change(df, KAM_CHANGE_REMOVED, old->items[i], NULL);
	}
	df->collection = df->entity = NULL;
	kam_text_table_release(&before);
	kam_text_table_release(&after);
	free(was);
	free(now);
	return ok;
}

static void diff_key(differ *df, const char *key, const kam_node *old, const kam_node *new)
{
	bool collection = (list_of_maps(old) || !old) && (list_of_maps(new) || !new) && (old || new);
	if (collection && strcmp(key, "whitespace") == 0 && diff_cells(df, old, new))
		return;
	if (collection && (old ? old->count : 0) + (new ? new->count : 0) > 0) {
		diff_collection(df, key, old, new);
		return;
	}
	size_t mark = push(df, key);
	diff_nodes(df, old, new);
	pop(df, mark);
}

static void diff_frontmatter(differ *df, const kam_node *old, const kam_node *new)
{
	kam_map_index before, after;
	kam_map_index_init(&before, old);
	kam_map_index_init(&after, new);
	for (size_t i = 0; i < new->count; i++)
		diff_key(df, new->pairs[i].key->text, kam_map_index_near(&before, new->pairs[i].key, i),
			 new->pairs[i].value);
	for (size_t i = 0; old && i < old->count; i++)
		if (!kam_map_index_near(&after, old->pairs[i].key, i))
			diff_key(df, old->pairs[i].key->text, old->pairs[i].value, NULL);
	kam_map_index_release(&before);
	kam_map_index_release(&after);
}

/* ------------------------------------------------------------------ */
/* bodies: lines added and removed per heading                         */

typedef struct section {
	char *heading; /* "" before the first heading */
	char *key;     /* "2 ### Next steps": the heading and its occurrence */
	size_t occurrence; /* 1 for the first section of its heading, 2 for the next, ... */
	unsigned line;
	const char **lines;
	size_t count, alloc;
} section;

typedef struct sections {
	section *items;
	size_t count, alloc;
	kam_text_table by_key; /* each section by heading and occurrence */
	char *text; /* the body's copy, each line ended by a NUL: the lines point into it */
} sections;

static bool is_heading(const char *line)
{
	size_t hashes = strspn(line, "#");
	return hashes >= 1 && hashes <= 6 && (line[hashes] == ' ' || line[hashes] == '\0');
}

static void new_section(sections *s, const char *heading, unsigned line)
{
	s->items = kam_grow(s->items, &s->alloc, s->count + 1, sizeof(section));
	section *sec = &s->items[s->count++];
	memset(sec, 0, sizeof(*sec));
	sec->heading = kam_xstrdup(heading);
	sec->line = line;
}

/* Sections are indexed once all exist (growing moves them), by heading
 * and occurrence: the second "### Next steps" of one version is compared
 * with the second of the other. last[first] is the latest section with
 * the heading of section first. */
static void index_sections(sections *s)
{
	kam_text_table first = {0};
	size_t *last = kam_xcalloc(s->count + 1, sizeof(size_t));
	for (size_t i = 0; i < s->count; i++) {
		section *sec = &s->items[i];
		size_t at;
		if (kam_text_table_get(&first, sec->heading, strlen(sec->heading), &at)) {
			sec->occurrence = s->items[last[at]].occurrence + 1;
			last[at] = i;
		} else {
			kam_text_table_put(&first, sec->heading, strlen(sec->heading), i);
			sec->occurrence = 1;
			last[i] = i;
		}
		sec->key = kam_xprintf("%zu %s", sec->occurrence, sec->heading);
		kam_text_table_put(&s->by_key, sec->key, strlen(sec->key), i);
	}
	free(last);
	kam_text_table_release(&first);
}

/* Split a body into sections at ATX headings outside fenced code. */
static void split_sections(const char *body, size_t len, unsigned first_line, sections *s)
{
	/* one copy of the body, not one per line: a version's every line comes here */
	s->text = kam_xstrndup(body, len);
	char *p = s->text, *end = s->text + len;
	bool fenced = false;
	unsigned line = first_line;
	new_section(s, "", first_line);
	while (p < end) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		char *eol = nl ? nl : end, *text = p;
		if (eol > p && eol[-1] == '\r')
			eol--;
		*eol = '\0';
		if (strncmp(text, "```", 3) == 0 || strncmp(text, "~~~", 3) == 0)
			fenced = !fenced;
		if (!fenced && is_heading(text))
			new_section(s, text, line);
		section *sec = &s->items[s->count - 1];
		sec->lines = kam_grow(sec->lines, &sec->alloc, sec->count + 1, sizeof(char *));
		sec->lines[sec->count++] = text;
		p = nl ? nl + 1 : end;
		line++;
	}
	index_sections(s);
}

static void free_sections(sections *s)
{
	for (size_t i = 0; i < s->count; i++) {
		free(s->items[i].lines);
		free(s->items[i].heading);
		free(s->items[i].key);
	}
	free(s->items);
	free(s->text);
	kam_text_table_release(&s->by_key);
}

/* Lines in common (longest common subsequence) while *budget (cells of
 * the table, for the whole body) lasts; past it, and for a large section,
 * equal lines at the same places are counted instead. */
static size_t common_lines(const section *a, const section *b, size_t *budget)
{
	size_t n = a->count, m = b->count;
	if (n * m > 4000000 || n * m > *budget) {
		size_t same = 0;
		for (size_t i = 0; i < n && i < m; i++)
			same += strcmp(a->lines[i], b->lines[i]) == 0;
		return same;
	}
	*budget -= n * m; /* charged in full, so which sections are compared exactly stays put */
	/* lines equal at both ends are in a longest common subsequence: only
	 * the middle, nearly always a few lines, needs the table */
	const char **x = a->lines, **y = b->lines;
	size_t ends = 0;
	while (n && m && strcmp(x[0], y[0]) == 0)
		x++, y++, n--, m--, ends++;
	while (n && m && strcmp(x[n - 1], y[m - 1]) == 0)
		n--, m--, ends++;
	size_t *row = kam_xcalloc(m + 1, sizeof(size_t)), *prev = kam_xcalloc(m + 1, sizeof(size_t));
	for (size_t i = 1; i <= n; i++) {
		for (size_t j = 1; j <= m; j++)
			row[j] = strcmp(x[i - 1], y[j - 1]) == 0
					 ? prev[j - 1] + 1
					 : (prev[j] > row[j - 1] ? prev[j] : row[j - 1]);
		size_t *t = prev;
		prev = row;
		row = t;
	}
	size_t common = ends + prev[m];
	free(row);
	free(prev);
	return common;
}

/* The section of s with the heading and occurrence of sec, or NULL. */
static const section *section_like(const sections *s, const section *sec)
{
	size_t at;
	return kam_text_table_get(&s->by_key, sec->key, strlen(sec->key), &at) ? &s->items[at] : NULL;
}

/* "### Next steps", or "### Next steps (2nd)" for the second of that heading. */
static const char *section_label(worker *w, const section *sec)
{
	if (sec->occurrence < 2)
		return keep(w, *sec->heading ? sec->heading : "(top)");
	size_t n = sec->occurrence;
	const char *suffix = n % 100 / 10 == 1 ? "th"
			     : n % 10 == 1     ? "st"
			     : n % 10 == 2     ? "nd"
			     : n % 10 == 3     ? "rd"
					       : "th";
	char *label = kam_xprintf("%s (%zu%s)", *sec->heading ? sec->heading : "(top)", n, suffix);
	const char *kept = keep(w, label);
	free(label);
	return kept;
}

static void body_change(differ *df, const section *sec, size_t added, size_t removed, unsigned line)
{
	char counts[48];
	snprintf(counts, sizeof(counts), "+%zu -%zu", added, removed);
	kam_account_diff *a = df->a;
	a->changes = kam_grow(a->changes, &df->alloc, a->change_count + 1, sizeof(kam_change));
	const char *label = section_label(df->w, sec), *field = NULL;
	if (df->collection) { /* a meeting note's text: the note is the entity */
		char *under = kam_xprintf("text under \"%s\"", label);
		field = keep(df->w, under);
		free(under);
	}
	a->changes[a->change_count++] = (kam_change){KAM_CHANGE_MODIFIED,
						     df->collection ? df->collection : "body",
						     df->collection ? df->entity : label,
						     field,
						     NULL,
						     keep(df->w, counts),
						     line,
						     false};
}

static void diff_bodies(differ *df, const kam_doc *old, const kam_doc *new)
{
	sections a = {0}, b = {0};
	size_t len;
	const char *text = old ? kam_doc_body(old, &len) : "";
	split_sections(text, old ? len : 0, old ? kam_doc_body_line(old) : 1, &a);
	text = new ? kam_doc_body(new, &len) : "";
	split_sections(text, new ? len : 0, new ? kam_doc_body_line(new) : 1, &b);
	size_t budget = 64000000; /* a body of thousands of edited sections stays linear */
	for (size_t i = 0; i < b.count; i++) {
		const section *before = section_like(&a, &b.items[i]);
		size_t common = before ? common_lines(before, &b.items[i], &budget) : 0;
		size_t added = b.items[i].count - common, removed = before ? before->count - common : 0;
		if (added || removed)
			body_change(df, &b.items[i], added, removed, b.items[i].line);
	}
	for (size_t i = 0; i < a.count; i++)
		if (!section_like(&b, &a.items[i]) && a.items[i].count)
			body_change(df, &a.items[i], 0, a.items[i].count, a.items[i].line);
	free_sections(&a);
	free_sections(&b);
}

/* ------------------------------------------------------------------ */
/* the story                                                           */

static void say(worker *w, kam_account_diff *a, size_t *alloc, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void say(worker *w, kam_account_diff *a, size_t *alloc, const char *fmt, ...)
{
	kam_buf b = KAM_BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	kam_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	a->story = kam_grow(a->story, alloc, a->story_count + 1, sizeof(char *));
	a->story[a->story_count++] = keep(w, b.ptr);
	kam_buf_release(&b);
}

static const char *money(worker *w, double v)
{
	kam_buf b = KAM_BUF_INIT;
	kam_format_money(&b, v);
	const char *s = keep(w, b.ptr);
	kam_buf_release(&b);
	return s;
}

static const kam_text_table *ids_of(id_cache *cache, const kam_node *list)
{
	for (size_t i = 0; i < CACHED_LISTS; i++)
		if (cache->lists[i].list == list)
			return &cache->lists[i].ids;
	size_t slot = cache->next++ % CACHED_LISTS;
	kam_text_table *ids = &cache->lists[slot].ids;
	kam_text_table_release(ids);
	cache->lists[slot].list = list;
	kam_node_index_items(ids, list, "id");
	return ids;
}

static const kam_node *entity_in(worker *w, const kam_node *fm, const char *collection,
				 const char *id)
{
	const kam_node *list = kam_node_get(fm, collection);
	size_t at;
	if (!id || !list || list->kind != KAM_NODE_SEQ)
		return NULL;
	return kam_text_table_get(ids_of(&w->ids, list), id, strlen(id), &at) ? list->items[at] : NULL;
}

/* A stage's place in the pipeline, -1 when the text is no stage. */
static int stage_rank(const char *stage)
{
	return kam_stage_order(kam_stage_parse(stage));
}

/* An attitude's warmth, -1 when the text is no attitude. */
static int warmth(const char *attitude)
{
	return kam_attitude_warmth(kam_attitude_parse(attitude));
}

static bool is_stage(const char *text, kam_stage stage)
{
	return kam_stage_parse(text) == stage && stage != KAM_STAGE_UNKNOWN;
}

static bool is(const char *a, const char *b)
{
	return a && b && a[0] == b[0] && strcmp(a, b) == 0; /* most differ at once: no call */
}

static bool change_is(const kam_change *c, const char *collection, const char *field)
{
	return (collection ? is(c->collection, collection) : !c->collection) &&
	       (field ? is(c->field, field) : !c->field);
}

typedef struct story_ctx {
	worker *w;
	kam_account_diff *a;
	size_t alloc;
	const kam_node *old, *new;
	const char *currency;
	const note_pair *notes; /* the account's changed documents */
	size_t note_count;
	const kam_config *config; /* the team, for attendees; stages of the new version */
	size_t note_cursor;	  /* where the next note is looked for */
	const kam_config *config_before; /* stages of the old version */
	account_tally *t;		 /* what the story counts (categories, closes) */
} story_ctx;

/* Won and lost are no stage of the way forward: a deal moved out of them
 * is reopened, and the value of a deal won before is withdrawn from won. */
static bool closed(const char *stage)
{
	return kam_stage_closed(kam_stage_parse(stage));
}

static const char *lost_detail(story_ctx *s, const char *id);
static void told_entity(story_ctx *s, const kam_change *c, const char *prefix);

/* The value the deal had in the old version (what was counted as won). */
static const char *old_amount(story_ctx *s, const kam_change *c)
{
	const kam_node *value = kam_node_get(entity_in(s->w, s->old, "opportunities", c->entity), "value");
	return value && value->kind == KAM_NODE_NUMBER ? money(s->w, value->number) : "?";
}

/* A stage change into or out of won or lost: "won o-x (480,000 EUR)",
 * "lost o-x (was won; 400,000 EUR withdrawn from won)", "won o-x (was
 * lost; 300,000 EUR)", "o-x reopened (was won): now negotiate; 400,000
 * EUR withdrawn from won". */
static void tell_closing(story_ctx *s, const kam_change *c, const char *amount)
{
	const char *from = c->old_value, *to = c->new_value;
	const char *won = kam_stage_name(KAM_STAGE_WON), *lost = kam_stage_name(KAM_STAGE_LOST);
	const char *why = is_stage(to, KAM_STAGE_LOST) ? lost_detail(s, c->entity) : "";
	if (*why)
		told_entity(s, c, "lost_"); /* the reason and the winner go with it */
	if (is_stage(from, KAM_STAGE_WON) && is_stage(to, KAM_STAGE_LOST))
		say(s->w, s->a, &s->alloc, "%s %s (was %s; %s %s withdrawn from %s%s)", lost,
		    c->entity, won, old_amount(s, c), s->currency, won, why);
	else if (is_stage(from, KAM_STAGE_LOST) && is_stage(to, KAM_STAGE_WON))
		say(s->w, s->a, &s->alloc, "%s %s (was %s; %s %s)", won, c->entity, lost, amount,
		    s->currency);
	else if (closed(to))
		say(s->w, s->a, &s->alloc, "%s %s (%s %s%s)", to, c->entity, amount, s->currency,
		    why);
	else if (is_stage(from, KAM_STAGE_WON))
		say(s->w, s->a, &s->alloc, "%s reopened (was %s): now %s; %s %s withdrawn from %s",
		    c->entity, won, to ? to : "no stage", old_amount(s, c), s->currency, won);
	else
		say(s->w, s->a, &s->alloc, "%s reopened (was %s): now %s (%s %s)", c->entity, lost,
		    to ? to : "no stage", amount, s->currency);
}

static void tell_opportunity(story_ctx *s, kam_change *c)
{
	const kam_node *o = entity_in(s->w, c->kind == KAM_CHANGE_REMOVED ? s->old : s->new, "opportunities",
				      c->entity);
	const char *stage = kam_node_string(kam_node_get(o, "stage"));
	const kam_node *value = kam_node_get(o, "value");
	const char *amount = value && value->kind == KAM_NODE_NUMBER ? money(s->w, value->number) : "?";
	if (c->kind == KAM_CHANGE_ADDED && closed(stage))
		say(s->w, s->a, &s->alloc, "%s %s, new (%s %s%s)", stage, c->entity, amount,
		    s->currency, is_stage(stage, KAM_STAGE_LOST) ? lost_detail(s, c->entity) : "");
	else if (c->kind == KAM_CHANGE_ADDED)
		say(s->w, s->a, &s->alloc, "new opportunity %s: %s (%s, %s %s)", c->entity,
		    c->new_value ? c->new_value : "", stage ? stage : "?", amount, s->currency);
	else if (c->kind == KAM_CHANGE_REMOVED)
		say(s->w, s->a, &s->alloc, "opportunity %s removed (was %s, %s %s)", c->entity,
		    stage ? stage : "?", amount, s->currency);
	else if (closed(c->old_value) || closed(c->new_value))
		tell_closing(s, c, amount);
	else {
		int from = stage_rank(c->old_value), to = stage_rank(c->new_value);
		say(s->w, s->a, &s->alloc, "%s moved %s: %s -> %s", c->entity,
		    from >= 0 && to >= 0 && to < from ? "back" : "forward", c->old_value, c->new_value);
	}
	c->told = true;
}

static void tell_steps_reached(story_ctx *s, const char *id, const char *from, const char *to);

static void tell_contact(story_ctx *s, kam_change *c)
{
	const kam_node *n = entity_in(s->w, c->kind == KAM_CHANGE_REMOVED ? s->old : s->new, "contacts", c->entity);
	const char *title = kam_node_string(kam_node_get(n, "title"));
	if (c->kind == KAM_CHANGE_ADDED)
		say(s->w, s->a, &s->alloc, "new contact %s: %s%s%s%s", c->entity, c->new_value,
		    title ? " (" : "", title ? title : "", title ? ")" : "");
	else if (c->kind == KAM_CHANGE_REMOVED)
		say(s->w, s->a, &s->alloc, "contact %s removed (%s)", c->entity, c->old_value);
	else if (is(c->field, "attitude")) {
		int from = warmth(c->old_value), to = warmth(c->new_value);
		say(s->w, s->a, &s->alloc, "%s: attitude %s -> %s%s", c->entity,
		    c->old_value ? c->old_value : "not set", c->new_value ? c->new_value : "not set",
		    from < 0 || to < 0 ? "" : to > from ? " (warmer)" : " (cooler)");
	} else {
		const kam_node *target = kam_node_get(kam_node_get(n, "relationship"), "target");
		const kam_node *level = kam_node_get(kam_node_get(n, "relationship"), "level");
		bool met = target && level && target->kind == KAM_NODE_NUMBER &&
			   level->kind == KAM_NODE_NUMBER && level->number >= target->number;
		say(s->w, s->a, &s->alloc, "relationship with %s: level %s -> %s%s%s%s", c->entity,
		    c->old_value ? c->old_value : "none", c->new_value ? c->new_value : "none",
		    target ? (met ? " (target " : " (target ") : "", target ? target->text : "",
		    target ? (met ? " reached)" : ")") : "");
		tell_steps_reached(s, c->entity, c->old_value, c->new_value);
	}
	c->told = true;
}

static void tell_goal_or_action(story_ctx *s, kam_change *c, const char *what)
{
	if (c->kind == KAM_CHANGE_ADDED)
		say(s->w, s->a, &s->alloc, "new %s %s: %s", what, c->entity, c->new_value);
	else if (c->kind == KAM_CHANGE_REMOVED)
		say(s->w, s->a, &s->alloc, "%s %s removed", what, c->entity);
	else
		say(s->w, s->a, &s->alloc, "%s %s %s (was %s)", what, c->entity, c->new_value,
		    c->old_value ? c->old_value : "open");
	c->told = true;
}

static void tell_revenue(story_ctx *s, kam_change *c)
{
	const kam_node *rows = kam_node_get(s->new, "revenue");
	const kam_node *row = NULL;
	for (size_t i = 0; rows && rows->kind == KAM_NODE_SEQ && i < rows->count; i++)
		if (is(kam_node_string(kam_node_get(rows->items[i], "quarter")), c->entity))
			row = rows->items[i];
	const kam_node *target = kam_node_get(row, "target"), *actual = kam_node_get(row, "actual");
	bool numbers = target && actual && target->kind == KAM_NODE_NUMBER && actual->kind == KAM_NODE_NUMBER;
	if (numbers && target->number > 0)
		say(s->w, s->a, &s->alloc, "revenue %s: %s against a target of %s %s (%.0f%%)", c->entity,
		    money(s->w, actual->number), money(s->w, target->number), s->currency,
		    100.0 * actual->number / target->number);
	else if (row)
		say(s->w, s->a, &s->alloc, "revenue %s: target %s, actual %s", c->entity,
		    target ? target->text : "-", actual ? actual->text : "-");
	else
		say(s->w, s->a, &s->alloc, "revenue row %s removed", c->entity);
	for (size_t i = 0; i < s->a->change_count; i++) /* one sentence per row */
		if (is(s->a->changes[i].collection, "revenue") && is(s->a->changes[i].entity, c->entity))
			s->a->changes[i].told = true;
}

/* ------------------------------------------------------------------ */
/* the new fields of plan model v2 and meeting notes                   */

static bool starts(const char *s, const char *prefix)
{
	return s && strncmp(s, prefix, strlen(prefix)) == 0;
}

/* "c.x" of "buying_unit[c.x].role"; *rest is ".role" (or ""). NULL when
 * field is not prefix followed by a bracket. */
static const char *bracketed(worker *w, const char *field, const char *prefix, const char **rest)
{
	size_t n = strlen(prefix);
	if (!starts(field, prefix) || field[n] != '[')
		return NULL;
	const char *end = strchr(field + n, ']');
	if (!end)
		return NULL;
	*rest = end + 1;
	return kam_arena_strndup(w->arena, field + n + 1, (size_t)(end - field - n - 1));
}

/* The item of seq whose key is id, or NULL. */
static const kam_node *item_where(const kam_node *seq, const char *key, const char *id)
{
	for (size_t i = 0; seq && seq->kind == KAM_NODE_SEQ && i < seq->count; i++)
		if (is(kam_node_string(kam_node_get(seq->items[i], key)), id))
			return seq->items[i];
	return NULL;
}

/* Mark told every change of the collection whose field starts with prefix
 * (NULL: any field). */
static void told_all(story_ctx *s, const char *collection, const char *prefix)
{
	for (size_t i = 0; i < s->a->change_count; i++) {
		kam_change *c = &s->a->changes[i];
		if (is(c->collection, collection) && (!prefix || starts(c->field, prefix)))
			c->told = true;
	}
}

/* The changes of c's entity: the differ writes them next to each other,
 * so an entity's story looks at its neighbours only (a plan of thousands
 * of changed contacts stays linear). *from and *to bound them. */
static void entity_span(story_ctx *s, const kam_change *c, size_t *from, size_t *to)
{
	size_t at = (size_t)(c - s->a->changes);
	*from = *to = at;
	while (*from > 0 && is(s->a->changes[*from - 1].collection, c->collection) &&
	       is(s->a->changes[*from - 1].entity, c->entity))
		--*from;
	while (*to + 1 < s->a->change_count &&
	       is(s->a->changes[*to + 1].collection, c->collection) &&
	       is(s->a->changes[*to + 1].entity, c->entity))
		++*to;
}

/* Mark told the changes of c's entity whose field starts with prefix
 * (NULL: all). */
static void told_entity(story_ctx *s, const kam_change *c, const char *prefix)
{
	size_t from, to;
	entity_span(s, c, &from, &to);
	for (size_t i = from; i <= to; i++)
		if (!prefix || starts(s->a->changes[i].field, prefix))
			s->a->changes[i].told = true;
}

static const char *role_words(const char *role)
{
	kam_role r = kam_role_parse(role);
	return r == KAM_ROLE_UNKNOWN ? (role ? role : "?") : kam_roles[r].label;
}

/* "c.hartmann joined o-core-banking as approver (high influence, skeptic)" */
static void tell_joined(story_ctx *s, const char *deal, const kam_node *member)
{
	kam_member_view m;
	kam_member_view_read(&m, member, NULL);
	const char *influence = kam_influence_name(m.influence),
		   *attitude = kam_attitude_name(m.attitude);
	say(s->w, s->a, &s->alloc, "%s joined %s as %s%s%s%s%s%s%s", m.contact ? m.contact : "?",
	    deal, role_words(kam_node_string(kam_node_get(member, "role"))),
	    influence || attitude ? " (" : "", influence ? influence : "",
	    influence ? " influence" : "", influence && attitude ? ", " : "",
	    attitude ? attitude : "", influence || attitude ? ")" : "");
}

static void tell_left_unit(story_ctx *s, const char *deal, const kam_node *member)
{
	const char *contact = kam_node_string(kam_node_get(member, "contact"));
	say(s->w, s->a, &s->alloc, "%s left the buying unit of %s", contact ? contact : "?", deal);
}

/* "from -> to", "not set" for a value not given. */
static const char *or_unset(const char *value)
{
	return value ? value : "not set";
}

/* A change to an opportunity's buying unit; false when it is not one the
 * story tells (the member is named by another key than its contact). */
static bool tell_member(story_ctx *s, kam_change *c)
{
	const char *deal = c->entity, *rest = "";
	const kam_node *new_unit =
	    kam_node_get(entity_in(s->w, s->new, "opportunities", deal), "buying_unit");
	const kam_node *old_unit =
	    kam_node_get(entity_in(s->w, s->old, "opportunities", deal), "buying_unit");
	if (is(c->field, "buying_unit")) { /* the whole unit given or taken away */
		const kam_node *unit = c->kind == KAM_CHANGE_REMOVED ? old_unit : new_unit;
		if (!list_of_maps(unit) || c->kind == KAM_CHANGE_MODIFIED)
			return false;
		for (size_t i = 0; i < unit->count; i++)
			(c->kind == KAM_CHANGE_ADDED ? tell_joined
						     : tell_left_unit)(s, deal, unit->items[i]);
		return true;
	}
	const char *contact = bracketed(s->w, c->field, "buying_unit", &rest);
	const kam_node *member = item_where(
	    c->kind == KAM_CHANGE_REMOVED && !*rest ? old_unit : new_unit, "contact", contact);
	if (!contact || !member)
		return false;
	if (!*rest && c->kind == KAM_CHANGE_ADDED)
		tell_joined(s, deal, member);
	else if (!*rest && c->kind == KAM_CHANGE_REMOVED)
		tell_left_unit(s, deal, member);
	else if (is(rest, ".role"))
		say(s->w, s->a, &s->alloc, "%s: role in %s %s -> %s", contact, deal,
		    c->old_value ? role_words(c->old_value) : "not set",
		    c->new_value ? role_words(c->new_value) : "not set");
	else if (is(rest, ".influence"))
		say(s->w, s->a, &s->alloc, "%s: influence in %s %s -> %s", contact, deal,
		    or_unset(c->old_value), or_unset(c->new_value));
	else if (is(rest, ".attitude")) {
		int from = warmth(c->old_value), to = warmth(c->new_value);
		say(s->w, s->a, &s->alloc, "%s: attitude in %s %s -> %s%s", contact, deal,
		    or_unset(c->old_value), or_unset(c->new_value),
		    from < 0 || to < 0 ? ""
		    : to > from	       ? " (warmer)"
				       : " (cooler)");
	} else
		return false;
	return true;
}

/* "c.novak left on 2026-11-01 (successor c.jansen)", "c.novak active
 * again (was left)"; the contact's since and successor go with it. */
static bool tell_status(story_ctx *s, kam_change *c)
{
	kam_contact_view v;
	kam_contact_view_read(&v, entity_in(s->w, s->new, "contacts", c->entity));
	kam_contact_status was =
	    c->old_value ? kam_contact_status_parse(c->old_value) : KAM_CONTACT_ACTIVE;
	if (!v.node || (c->new_value && kam_contact_status_parse(c->new_value) != v.status) ||
	    was == v.status || was == KAM_CONTACT_STATUS_UNKNOWN ||
	    v.status == KAM_CONTACT_STATUS_UNKNOWN)
		return false;
	if (v.status == KAM_CONTACT_ACTIVE)
		say(s->w, s->a, &s->alloc, "%s %s again (was %s)", c->entity,
		    kam_contact_status_name(KAM_CONTACT_ACTIVE), kam_contact_status_name(was));
	else
		say(s->w, s->a, &s->alloc, "%s %s%s%s%s%s%s", c->entity,
		    kam_contact_status_name(v.status), v.since ? " on " : "",
		    v.since ? v.since : "", v.successor ? " (successor " : "",
		    v.successor ? v.successor : "", v.successor ? ")" : "");
	told_entity(s, c, "since");
	told_entity(s, c, "successor");
	return true;
}

static int level_of(const char *text)
{
	char *end;
	long n = text ? strtol(text, &end, 10) : -1;
	return text && !*end && n >= 0 && n <= KAM_LEVEL_MAX ? (int)n : -1;
}

static int step_level(const kam_node *step)
{
	const kam_node *level = kam_node_get(step, "level");
	return level && level->kind == KAM_NODE_NUMBER && level->number >= 0 &&
		       level->number <= KAM_LEVEL_MAX
		   ? (int)level->number
		   : -1;
}

/* "relationship with c.x: step 2027-Q1 reached (level 3, trusted)" for
 * each step whose level the move from -> to passes. */
static void tell_steps_reached(story_ctx *s, const char *id, const char *from, const char *to)
{
	int before = level_of(from), after = level_of(to);
	const kam_node *steps = kam_node_get(
	    kam_node_get(entity_in(s->w, s->new, "contacts", id), "relationship"), "steps");
	for (size_t i = 0; after >= 0 && steps && steps->kind == KAM_NODE_SEQ && i < steps->count;
	     i++) {
		int level = step_level(steps->items[i]);
		const char *quarter = kam_node_string(kam_node_get(steps->items[i], "quarter"));
		if (level >= 0 && quarter && before < level && after >= level)
			say(s->w, s->a, &s->alloc,
			    "relationship with %s: step %s reached (level %d, %s)", id, quarter,
			    level, kam_level_label(level));
	}
}

static void tell_step_planned(story_ctx *s, const char *id, const kam_node *step)
{
	int level = step_level(step);
	const char *quarter = kam_node_string(kam_node_get(step, "quarter"));
	if (level >= 0)
		say(s->w, s->a, &s->alloc, "relationship with %s: step %s to level %d (%s) planned",
		    id, quarter ? quarter : "?", level, kam_level_label(level));
	else
		say(s->w, s->a, &s->alloc, "relationship with %s: step %s planned", id,
		    quarter ? quarter : "?");
}

/* A change to a relationship's steps (relationship.steps[2027-Q1]). */
static bool tell_step(story_ctx *s, kam_change *c)
{
	const char *rest = "";
	const kam_node *rel =
	    kam_node_get(entity_in(s->w, s->new, "contacts", c->entity), "relationship");
	if (is(c->field, "relationship.steps") && c->kind == KAM_CHANGE_ADDED) {
		const kam_node *steps = kam_node_get(rel, "steps");
		for (size_t i = 0; list_of_maps(steps) && i < steps->count; i++)
			tell_step_planned(s, c->entity, steps->items[i]);
		return list_of_maps(steps);
	}
	const char *quarter = bracketed(s->w, c->field, "relationship.steps", &rest);
	const kam_node *step = item_where(kam_node_get(rel, "steps"), "quarter", quarter);
	if (!quarter)
		return false;
	if (!*rest && c->kind == KAM_CHANGE_ADDED && step)
		tell_step_planned(s, c->entity, step);
	else if (!*rest && c->kind == KAM_CHANGE_REMOVED)
		say(s->w, s->a, &s->alloc, "relationship with %s: step %s dropped", c->entity,
		    quarter);
	else if (is(rest, ".level"))
		say(s->w, s->a, &s->alloc, "relationship with %s: step %s level %s -> %s",
		    c->entity, quarter, c->old_value ? c->old_value : "none",
		    c->new_value ? c->new_value : "none");
	else
		return false;
	return true;
}

/* "touch 2026-11-05 hospitality with c.mueller" */
static const char *touch_label(worker *w, const kam_node *touch)
{
	kam_touch_view t;
	kam_touch_view_read(&t, touch);
	kam_buf b = KAM_BUF_INIT;
	kam_buf_printf(&b, "touch %s", t.date ? t.date : "(no date)");
	if (t.kind != KAM_TOUCH_UNKNOWN)
		kam_buf_printf(&b, " %s", kam_touch_kind_name(t.kind));
	for (size_t i = 0; t.contacts && i < t.contacts->count; i++) {
		const char *id = kam_node_string(t.contacts->items[i]);
		kam_buf_printf(&b, "%s%s", i ? ", " : " with ", id ? id : "?");
	}
	const char *label = keep(w, kam_buf_cstr(&b));
	kam_buf_release(&b);
	return label;
}

/* The touches added and removed, as a set: one sentence each, "changed"
 * when a touch of the same date, kind and people was only edited. */
static void tell_touches(story_ctx *s)
{
	const kam_node *old = kam_node_get(s->old, "touches"),
		       *new = kam_node_get(s->new, "touches");
	old = list_of_maps(old) ? old : NULL;
	new = list_of_maps(new) ? new : NULL;
	kam_node_set before, after;
	kam_node_set_init(&before, old);
	kam_node_set_init(&after, new);
	const char **gone = kam_xcalloc(old ? old->count + 1 : 1, sizeof(char *));
	size_t gone_count = 0;
	for (size_t i = 0; old && i < old->count; i++)
		if (!kam_node_set_has(&after, old->items[i]))
			gone[gone_count++] = touch_label(s->w, old->items[i]);
	for (size_t i = 0; new &&i < new->count; i++) {
		if (kam_node_set_has(&before, new->items[i]))
			continue;
		const char *label = touch_label(s->w, new->items[i]);
		bool edited = false;
		for (size_t k = 0; k < gone_count && k < 64 && !edited; k++)
			if (gone[k] && is(gone[k], label)) {
				gone[k] = NULL;
				edited = true;
			}
		say(s->w, s->a, &s->alloc, "%s%s", label, edited ? " changed" : "");
	}
	for (size_t k = 0; k < gone_count; k++)
		if (gone[k])
			say(s->w, s->a, &s->alloc, "%s removed", gone[k]);
	free(gone);
	kam_node_set_release(&before);
	kam_node_set_release(&after);
	told_all(s, "touches", NULL);
	for (size_t i = 0; i < s->a->change_count; i++)
		if (!s->a->changes[i].collection && starts(s->a->changes[i].field, "touches"))
			s->a->changes[i].told = true;
}

/* "plan validated with c.mueller on 2026-10-14" */
static bool tell_validated(story_ctx *s)
{
	const kam_node *v = kam_node_get(s->new, "validated");
	const char *date = kam_node_string(kam_node_get(v, "date"));
	const kam_node *with = kam_node_get(v, "with");
	if (!date)
		return false;
	kam_buf b = KAM_BUF_INIT;
	kam_buf_puts(&b, "plan validated");
	for (size_t i = 0; with && with->kind == KAM_NODE_SEQ && i < with->count; i++) {
		const char *id = kam_node_string(with->items[i]);
		kam_buf_printf(&b, "%s%s", i ? ", " : " with ", id ? id : "?");
	}
	say(s->w, s->a, &s->alloc, "%s on %s", kam_buf_cstr(&b), date);
	kam_buf_release(&b);
	for (size_t i = 0; i < s->a->change_count; i++)
		if (!s->a->changes[i].collection && starts(s->a->changes[i].field, "validated"))
			s->a->changes[i].told = true;
	return true;
}

/* An initiative's owner; the old key sponsor rewritten as owner is told
 * as that, not as a removal and an addition. */
static bool tell_owner(story_ctx *s, kam_change *c)
{
	kam_change *sponsor = NULL;
	size_t from, to;
	entity_span(s, c, &from, &to);
	for (size_t i = from; i <= to && !sponsor; i++) {
		kam_change *o = &s->a->changes[i];
		if (is(o->field, "sponsor") && o->kind == KAM_CHANGE_REMOVED &&
		    c->kind == KAM_CHANGE_ADDED)
			sponsor = o;
	}
	if (sponsor && is(sponsor->old_value, c->new_value)) {
		say(s->w, s->a, &s->alloc, "initiative %s: owner %s (written as sponsor before)",
		    c->entity, c->new_value);
		sponsor->told = true;
	} else if (sponsor)
		say(s->w, s->a, &s->alloc, "initiative %s: owner %s (was sponsor %s)", c->entity,
		    c->new_value, or_unset(sponsor->old_value)),
		    sponsor->told = true;
	else
		say(s->w, s->a, &s->alloc, "initiative %s: owner %s -> %s", c->entity,
		    or_unset(c->old_value), or_unset(c->new_value));
	return true;
}

static bool tell_focus(story_ctx *s, kam_change *c)
{
	if (c->kind == KAM_CHANGE_REMOVED)
		say(s->w, s->a, &s->alloc, "focus removed");
	else
		say(s->w, s->a, &s->alloc, "focus %s: %s",
		    c->kind == KAM_CHANGE_ADDED ? "set" : "changed",
		    c->new_value ? c->new_value : "");
	return true;
}

/* --- meeting notes -------------------------------------------------- */

static bool on_team(const kam_config *config, const char *id)
{
	for (size_t i = 0; config && id && i < config->team_count; i++)
		if (is(config->team[i].id, id))
			return true;
	return false;
}

/* The attendees of a list that are (team) or are not (contacts) on the
 * team, after lead; closer when there was one. */
static void attendees(kam_buf *b, const kam_config *config, const kam_node *list, const char *lead,
		      bool team, const char *closer)
{
	size_t n = 0;
	for (size_t i = 0; list && list->kind == KAM_NODE_SEQ && i < list->count; i++) {
		const char *id = kam_node_string(list->items[i]);
		if (id && on_team(config, id) == team)
			kam_buf_printf(b, "%s%s", n++ ? ", " : lead, id);
	}
	if (n)
		kam_buf_puts(b, closer);
}

/* "meeting 2026-11-18 CIO steering", with its attendees when asked:
 * " with c.lindqvist, c.berg (us: anna.petrova)". */
static const char *meeting_label(story_ctx *s, const kam_node *note, bool with_attendees)
{
	kam_meeting_view m;
	kam_meeting_view_read(&m, note);
	kam_buf b = KAM_BUF_INIT;
	kam_buf_printf(&b, "meeting %s", m.date ? m.date : "(no date)");
	if (m.title)
		kam_buf_printf(&b, " %s", m.title);
	if (with_attendees) {
		attendees(&b, s->config, m.attendees, " with ", false, "");
		attendees(&b, s->config, m.attendees, " (us: ", true, ")");
	}
	const char *label = keep(s->w, kam_buf_cstr(&b));
	kam_buf_release(&b);
	return label;
}

/* "new action a-x: Send the deck (anna.petrova, due 2026-11-25)" */
static void tell_new_action(story_ctx *s, const kam_node *action)
{
	kam_action_view v;
	kam_action_view_read(&v, action);
	const char *parts[3] = {v.owner, v.due ? keep(s->w, v.due) : NULL,
				v.open ? NULL : v.status};
	kam_buf b = KAM_BUF_INIT;
	kam_buf_printf(&b, "new action %s: %s", v.id ? v.id : "?", v.text ? v.text : "");
	size_t n = 0;
	for (size_t i = 0; i < 3; i++)
		if (parts[i])
			kam_buf_printf(&b, "%s%s%s", n++ ? ", " : " (", i == 1 ? "due " : "",
				       parts[i]);
	if (n)
		kam_buf_putc(&b, ')');
	say(s->w, s->a, &s->alloc, "%s", kam_buf_cstr(&b));
	kam_buf_release(&b);
}

static void tell_actions_of(story_ctx *s, const kam_node *actions, bool added)
{
	for (size_t i = 0; list_of_maps(actions) && i < actions->count; i++)
		if (added)
			tell_new_action(s, actions->items[i]);
		else
			say(s->w, s->a, &s->alloc, "action %s removed",
			    or_unset(kam_node_string(kam_node_get(actions->items[i], "id"))));
}

/* "action a-pricing done", "action a-x open (was done)" */
static void tell_action_status(story_ctx *s, const char *id, const kam_change *c)
{
	const char *open = kam_action_open_word();
	const char *from = c->old_value ? c->old_value : open,
		   *to = c->new_value ? c->new_value : open;
	if (kam_action_status_open(c->old_value))
		say(s->w, s->a, &s->alloc, "action %s %s", id, to);
	else
		say(s->w, s->a, &s->alloc, "action %s %s (was %s)", id, to, from);
}

/* "meeting 2026-11-18 CIO steering: attendees added c.berg; removed c.x" */
static void tell_attendees(story_ctx *s, const char *head, const note_pair *n)
{
	kam_meeting_view a, b;
	kam_meeting_view_read(&a, n->before);
	kam_meeting_view_read(&b, n->after);
	kam_node_set before, after;
	kam_node_set_init(&before, a.attendees);
	kam_node_set_init(&after, b.attendees);
	kam_buf added = KAM_BUF_INIT, removed = KAM_BUF_INIT;
	for (size_t i = 0; b.attendees && i < b.attendees->count; i++)
		if (!kam_node_set_has(&before, b.attendees->items[i]) &&
		    b.attendees->items[i]->text)
			kam_buf_printf(&added, "%s%s", added.len ? ", " : "",
				       b.attendees->items[i]->text);
	for (size_t i = 0; a.attendees && i < a.attendees->count; i++)
		if (!kam_node_set_has(&after, a.attendees->items[i]) && a.attendees->items[i]->text)
			kam_buf_printf(&removed, "%s%s", removed.len ? ", " : "",
				       a.attendees->items[i]->text);
	if (added.len || removed.len)
		say(s->w, s->a, &s->alloc, "%s: attendees%s%s%s%s%s", head,
		    added.len ? " added " : "", kam_buf_cstr(&added),
		    added.len && removed.len ? ";" : "", removed.len ? " removed " : "",
		    kam_buf_cstr(&removed));
	kam_buf_release(&added);
	kam_buf_release(&removed);
	kam_node_set_release(&before);
	kam_node_set_release(&after);
}

/* One change of a meeting note that was there before and after; false
 * when the story does not tell it (an action's due date, ...). */
static bool tell_note_change(story_ctx *s, const char *head, const note_pair *n, kam_change *c,
			     bool *attendees_told, size_t body[2])
{
	const char *rest = "", *action = bracketed(s->w, c->field, "actions", &rest);
	if (is(c->field, "date") || is(c->field, "title"))
		say(s->w, s->a, &s->alloc, "%s: %s %s -> %s", head, c->field,
		    c->old_value ? c->old_value : "none", c->new_value ? c->new_value : "none");
	else if (is(c->field, "attendees")) {
		if (!*attendees_told)
			tell_attendees(s, head, n);
		*attendees_told = true;
	} else if (is(c->field, "actions") && c->kind != KAM_CHANGE_MODIFIED)
		tell_actions_of(
		    s, kam_node_get(c->kind == KAM_CHANGE_ADDED ? n->after : n->before, "actions"),
		    c->kind == KAM_CHANGE_ADDED);
	else if (action && !*rest && c->kind == KAM_CHANGE_ADDED)
		tell_new_action(s, item_where(kam_node_get(n->after, "actions"), "id", action));
	else if (action && !*rest && c->kind == KAM_CHANGE_REMOVED)
		say(s->w, s->a, &s->alloc, "action %s removed", action);
	else if (action && is(rest, ".status"))
		tell_action_status(s, action, c);
	else if (starts(c->field, "text under ")) {
		size_t added = 0, removed = 0;
		if (c->new_value && sscanf(c->new_value, "+%zu -%zu", &added, &removed) == 2) {
			body[0] += added;
			body[1] += removed;
		}
	} else
		return false;
	return true;
}

/* Everything the story says of one note, at its first change: created
 * (with its actions), removed, or what changed in it. */
static void tell_meeting(story_ctx *s, kam_change *first)
{
	const note_pair *n = NULL;
	for (size_t k = 0; k < s->note_count && !n; k++) { /* notes are told in their order */
		size_t i = (s->note_cursor + k) % s->note_count;
		if (is(s->notes[i].entity, first->entity)) {
			n = &s->notes[i];
			s->note_cursor = i + 1;
		}
	}
	if (!n)
		return;
	if (!n->before) {
		say(s->w, s->a, &s->alloc, "%s", meeting_label(s, n->after, true));
		tell_actions_of(s, kam_node_get(n->after, "actions"), true);
	} else if (!n->after) {
		kam_buf open = KAM_BUF_INIT;
		const kam_node *actions = kam_node_get(n->before, "actions");
		for (size_t i = 0; list_of_maps(actions) && i < actions->count; i++) {
			kam_action_view v;
			kam_action_view_read(&v, actions->items[i]);
			if (v.open && v.id)
				kam_buf_printf(&open, "%s%s", open.len ? ", " : "", v.id);
		}
		say(s->w, s->a, &s->alloc, "%s removed%s%s%s%s", meeting_label(s, n->before, false),
		    open.len ? " (with its open action" : "",
		    !open.len			       ? ""
		    : strchr(kam_buf_cstr(&open), ',') ? "s "
						       : " ",
		    kam_buf_cstr(&open), open.len ? ")" : "");
		kam_buf_release(&open);
	}
	if (!n->before || !n->after) {
		told_entity(s, first, NULL);
		return;
	}
	const char *head = meeting_label(s, n->after, false);
	bool attendees_told = false;
	size_t body[2] = {0, 0};
	size_t from, to;
	entity_span(s, first, &from, &to);
	for (size_t i = from; i <= to; i++) {
		kam_change *c = &s->a->changes[i];
		if (!c->told)
			c->told = tell_note_change(s, head, n, c, &attendees_told, body);
	}
	if (body[0] || body[1])
		say(s->w, s->a, &s->alloc, "%s: notes +%zu -%zu lines", head, body[0], body[1]);
}

/* --- commerce (issue 17) -------------------------------------------- */

/* A word's label ("best case") for a sentence; the text as written when
 * it is no word, "not set" when there is none. */
static const char *word_label(const kam_plan_word *table, int count, int value, const char *text)
{
	return value >= 0 && value < count ? table[value].label : or_unset(text);
}

static const char *reason_label(kam_lost_reason reason)
{
	return reason == KAM_LOST_UNKNOWN ? "not given" : kam_lost_reasons[reason].label;
}

static const char *deal_amount(story_ctx *s, const kam_opportunity_view *o)
{
	return o->has_value ? money(s->w, o->value) : "?";
}

static void read_deal(story_ctx *s, kam_opportunity_view *out, const kam_node *plan, const char *id)
{
	kam_opportunity_view_read(out, entity_in(s->w, plan, "opportunities", id));
}

/* "; price, to globex": why the deal of the new version was lost, for the
 * sentence that tells it lost; "" when the plan does not say. */
static const char *lost_detail(story_ctx *s, const char *id)
{
	kam_opportunity_view o;
	read_deal(s, &o, s->new, id);
	if (o.lost_reason == KAM_LOST_UNKNOWN && !o.lost_to)
		return "";
	kam_buf b = KAM_BUF_INIT;
	if (o.lost_reason != KAM_LOST_UNKNOWN)
		kam_buf_printf(&b, "; %s", reason_label(o.lost_reason));
	if (o.lost_to)
		kam_buf_printf(&b, "%sto %s", o.lost_reason != KAM_LOST_UNKNOWN ? ", " : "; ",
			       o.lost_to);
	const char *detail = keep(s->w, kam_buf_cstr(&b));
	kam_buf_release(&b);
	return detail;
}

/* Whether a move between categories is news: into or out of commit or
 * omitted, or written in the plan; a stage move that takes a deal from
 * pipeline to best case by its stage's default is told by the stage move. */
static bool category_news(kam_forecast from, kam_forecast to, const kam_change *given)
{
	return given || from == KAM_FORECAST_COMMIT || to == KAM_FORECAST_COMMIT ||
	       from == KAM_FORECAST_OMITTED || to == KAM_FORECAST_OMITTED;
}

/* "o-x moved to commit (was best case; 250,000 EUR)": the category the
 * forecast counts the open deal in, given or its stage's default. */
static void tell_category(story_ctx *s, const kam_opportunity_view *o,
			  const kam_opportunity_view *n, const kam_change *given)
{
	kam_forecast from = kam_opportunity_forecast(s->config_before, o),
		     to = kam_opportunity_forecast(s->config, n);
	const char *was = kam_forecasts[from].label, *now = kam_forecasts[to].label;
	if (from == to && given)
		say(s->w, s->a, &s->alloc, "%s stays in %s (forecast %s -> %s)", n->id, now,
		    or_unset(given->old_value), or_unset(given->new_value));
	else if (from == to || !category_news(from, to, given))
		return;
	else if (to == KAM_FORECAST_OMITTED)
		say(s->w, s->a, &s->alloc, "%s left out of the forecast (was %s; %s %s)", n->id,
		    was, deal_amount(s, n), s->currency);
	else if (from == KAM_FORECAST_OMITTED)
		say(s->w, s->a, &s->alloc, "%s back in the forecast as %s (%s %s)", n->id, now,
		    deal_amount(s, n), s->currency);
	else
		say(s->w, s->a, &s->alloc, "%s moved to %s (was %s; %s %s)", n->id, now, was,
		    deal_amount(s, n), s->currency);
	if (from != to && to == KAM_FORECAST_COMMIT) {
		s->t->to_commit++;
		s->t->to_commit_value += n->has_value ? n->value : 0;
	}
}

/* "o-x slipped from 2026-Q4 to 2027-Q1 (250,000 EUR)", or pulled in: an
 * open deal's close quarter moved; any other change of close as it is. */
static void tell_close(story_ctx *s, const kam_opportunity_view *o, const kam_opportunity_view *n)
{
	kam_quarter from, to;
	int later = o->open && n->open && kam_quarter_parse(o->close, &from) &&
			    kam_quarter_parse(n->close, &to)
			? kam_quarter_compare(to, from)
			: 0;
	if (!later) {
		say(s->w, s->a, &s->alloc, "%s: close %s -> %s", n->id, or_unset(o->close),
		    or_unset(n->close));
		return;
	}
	say(s->w, s->a, &s->alloc, "%s %s from %s to %s (%s %s)", n->id,
	    later > 0 ? "slipped" : "pulled in", o->close, n->close, deal_amount(s, n),
	    s->currency);
	double value = n->has_value ? n->value : 0;
	account_tally *t = s->t;
	if (later < 0) {
		t->pulled_in++;
		t->pulled_in_value += value;
		return;
	}
	t->slips = kam_grow(t->slips, &t->slip_alloc, t->slip_count + 1, sizeof(slip));
	t->slips[t->slip_count++] = (slip){from, to, value};
}

/* After the last change of a deal that is in both versions: the forecast
 * category it moved to and its close, which a stage move or a forecast
 * change can each move. */
static void tell_outlook(story_ctx *s, const kam_change *last)
{
	kam_opportunity_view o, n;
	read_deal(s, &o, s->old, last->entity);
	read_deal(s, &n, s->new, last->entity);
	if (!o.node || !n.node || !n.id)
		return;
	size_t from, to;
	entity_span(s, last, &from, &to);
	kam_change *forecast = NULL, *close = NULL;
	for (size_t i = from; i <= to; i++) {
		kam_change *c = &s->a->changes[i];
		forecast = is(c->field, "forecast") ? c : forecast;
		close = is(c->field, "close") ? c : close;
	}
	if (o.open && n.open)
		tell_category(s, &o, &n, forecast);
	else if (forecast)
		say(s->w, s->a, &s->alloc, "%s: forecast %s -> %s", n.id,
		    or_unset(forecast->old_value), or_unset(forecast->new_value));
	if (close)
		tell_close(s, &o, &n);
	if (forecast)
		forecast->told = true;
	if (close)
		close->told = true;
}

/* "o-x: up against globex, initech": a list's text without its brackets. */
static const char *bare(story_ctx *s, const char *list)
{
	size_t n = list ? strlen(list) : 0;
	if (n < 2 || list[0] != '[' || list[n - 1] != ']')
		return or_unset(list);
	return kam_arena_strndup(s->w->arena, list + 1, n - 2);
}

/* A commerce field of a deal (type, renews, offering, unit, opened,
 * sole_source, competitors, lost_to, lost_reason); false for others. */
static bool tell_deal_field(story_ctx *s, const kam_change *c)
{
	const char *id = c->entity, *was = c->old_value, *now = c->new_value;
	bool added = c->kind == KAM_CHANGE_ADDED, removed = c->kind == KAM_CHANGE_REMOVED;
	if (is(c->field, "type"))
		say(s->w, s->a, &s->alloc, "%s: type %s -> %s", id,
		    word_label(kam_deal_types, KAM_DEAL_UNKNOWN, kam_deal_type_parse(was), was),
		    word_label(kam_deal_types, KAM_DEAL_UNKNOWN, kam_deal_type_parse(now), now));
	else if (is(c->field, "renews") && !removed)
		say(s->w, s->a, &s->alloc, "%s renews contract %s%s%s%s", id, now,
		    was ? " (was " : "", was ? was : "", was ? ")" : "");
	else if (is(c->field, "renews"))
		say(s->w, s->a, &s->alloc, "%s no longer renews contract %s", id, was);
	else if (is(c->field, "offering") || is(c->field, "unit") || is(c->field, "opened"))
		say(s->w, s->a, &s->alloc, "%s: %s %s -> %s", id, c->field, or_unset(was),
		    or_unset(now));
	else if (is(c->field, "sole_source"))
		say(s->w, s->a, &s->alloc, "%s: %s", id,
		    is(now, "true") ? "sole source (nobody else in the race)"
				    : "no longer sole source");
	else if (is(c->field, "competitors") && (added || removed))
		say(s->w, s->a, &s->alloc, "%s: %sup against %s", id, added ? "" : "no longer ",
		    bare(s, added ? now : was));
	else if (is(c->field, "lost_to") && !removed)
		say(s->w, s->a, &s->alloc, "%s: lost to %s%s%s%s", id, now, was ? " (was " : "",
		    was ? was : "", was ? ")" : "");
	else if (is(c->field, "lost_to"))
		say(s->w, s->a, &s->alloc, "%s: no longer recorded as lost to %s", id, was);
	else if (is(c->field, "lost_reason") && !removed)
		say(s->w, s->a, &s->alloc, "%s: lost on %s (was %s)", id,
		    reason_label(kam_lost_reason_parse(now)),
		    was ? reason_label(kam_lost_reason_parse(was)) : "not given");
	else if (is(c->field, "lost_reason"))
		say(s->w, s->a, &s->alloc, "%s: lost reason removed (was %s)", id,
		    reason_label(kam_lost_reason_parse(was)));
	else
		return false;
	return true;
}

/* A competitor of the account (competitors[], by competitor id). */
static bool tell_rival(story_ctx *s, const kam_change *c)
{
	kam_rival_view r;
	kam_rival_view_read(
	    &r,
	    item_where(kam_node_get(c->kind == KAM_CHANGE_REMOVED ? s->old : s->new, "competitors"),
		       "competitor", c->entity));
	const char *position =
	    kam_position_name(r.position) ? kam_positions[r.position].label : NULL;
	if (!c->entity)
		return false;
	if (!c->field && c->kind == KAM_CHANGE_ADDED)
		say(s->w, s->a, &s->alloc, "new competitor %s: %s%s%s%s", c->entity,
		    position ? position : "position not set", r.has_share ? ", " : "",
		    r.has_share ? money(s->w, r.share) : "", r.has_share ? "% share" : "");
	else if (!c->field)
		say(s->w, s->a, &s->alloc, "competitor %s removed (was %s)", c->entity,
		    position ? position : "position not set");
	else if (is(c->field, "position"))
		say(s->w, s->a, &s->alloc, "competitor %s: %s -> %s", c->entity,
		    or_unset(c->old_value), or_unset(c->new_value));
	else if (is(c->field, "share"))
		say(s->w, s->a, &s->alloc, "competitor %s: share %s%s -> %s%s", c->entity,
		    or_unset(c->old_value), c->old_value ? "%" : "", or_unset(c->new_value),
		    c->new_value ? "%" : "");
	else if (is(c->field, "notes"))
		say(s->w, s->a, &s->alloc, "competitor %s: notes %s", c->entity,
		    c->kind == KAM_CHANGE_REMOVED ? "removed" : "changed");
	else
		return false;
	return true;
}

/* "contract k-x renewed: ends 2027-06-30 -> 2028-06-30 (o-ren won)" when
 * a won deal renews it, else extended; an earlier end as it is. */
static void tell_contract_end(story_ctx *s, const kam_change *c)
{
	kam_date from, to;
	bool dates = kam_date_parse(c->old_value, &from) && kam_date_parse(c->new_value, &to);
	bool later = dates && kam_date_compare(to, from) > 0;
	const char *deal = kam_contract_renewed_by(s->new, c->entity);
	kam_opportunity_view o;
	read_deal(s, &o, s->new, deal);
	if (later && o.stage == KAM_STAGE_WON)
		say(s->w, s->a, &s->alloc, "contract %s renewed: ends %s -> %s (%s %s)", c->entity,
		    c->old_value, c->new_value, deal, kam_stage_name(KAM_STAGE_WON));
	else if (dates)
		say(s->w, s->a, &s->alloc, "contract %s %s: ends %s -> %s", c->entity,
		    later ? "extended" : "shortened", c->old_value, c->new_value);
	else
		say(s->w, s->a, &s->alloc, "contract %s: ends %s -> %s", c->entity,
		    or_unset(c->old_value), or_unset(c->new_value));
}

/* A contract (contracts[], by id). */
static bool tell_contract(story_ctx *s, const kam_change *c)
{
	kam_contract_view old, now;
	kam_contract_view_read(&old, entity_in(s->w, s->old, "contracts", c->entity));
	kam_contract_view_read(&now, entity_in(s->w, s->new, "contracts", c->entity));
	if (!c->field && c->kind == KAM_CHANGE_ADDED)
		say(s->w, s->a, &s->alloc, "new contract %s: %s (%s %s, ends %s)", c->entity,
		    or_unset(now.title), now.has_value ? money(s->w, now.value) : "?", s->currency,
		    or_unset(now.end));
	else if (!c->field)
		say(s->w, s->a, &s->alloc, "contract %s removed (was %s)", c->entity,
		    or_unset(old.title));
	else if (is(c->field, "end"))
		tell_contract_end(s, c);
	else if (is(c->field, "value") && old.has_value && now.has_value)
		say(s->w, s->a, &s->alloc, "contract %s: value %s -> %s %s", c->entity,
		    money(s->w, old.value), money(s->w, now.value), s->currency);
	else if (is(c->field, "auto_renew"))
		say(s->w, s->a, &s->alloc, "contract %s %s", c->entity,
		    now.auto_renew ? "now renews automatically" : "no longer renews automatically");
	else if (is(c->field, "notice_months"))
		say(s->w, s->a, &s->alloc, "contract %s: notice %s -> %s months", c->entity,
		    or_unset(c->old_value), or_unset(c->new_value));
	else if (is(c->field, "start") || is(c->field, "title"))
		say(s->w, s->a, &s->alloc, "contract %s: %s %s -> %s", c->entity, c->field,
		    or_unset(c->old_value), or_unset(c->new_value));
	else
		return false;
	return true;
}

/* The cell "unit/offering" of a whitespace matrix, or NULL. */
static const kam_node *find_cell(const kam_node *plan, const char *entity)
{
	const kam_node *cells = kam_node_get(plan, "whitespace");
	const char *slash = entity ? strchr(entity, '/') : NULL;
	for (size_t i = 0; slash && list_of_maps(cells) && i < cells->count; i++) {
		kam_cell_view v;
		kam_cell_view_read(&v, cells->items[i]);
		if (v.unit && v.offering && strlen(v.unit) == (size_t)(slash - entity) &&
		    strncmp(v.unit, entity, strlen(v.unit)) == 0 && is(v.offering, slash + 1))
			return cells->items[i];
	}
	return NULL;
}

/* "open", "competitor (globex)": a cell's status for a sentence. */
static const char *cell_status(story_ctx *s, const kam_cell_view *v)
{
	if (v->status == KAM_CELL_UNKNOWN)
		return "not assessed";
	if (v->status != KAM_CELL_COMPETITOR || !v->competitor)
		return kam_cell_statuses[v->status].label;
	char *text = kam_xprintf("%s (%s)", kam_cell_statuses[v->status].label, v->competitor);
	const char *kept = keep(s->w, text);
	free(text);
	return kept;
}

/* A whitespace cell (whitespace[], by unit and offering). */
static bool tell_cell(story_ctx *s, const kam_change *c)
{
	kam_cell_view old, now;
	kam_cell_view_read(&old, find_cell(s->old, c->entity));
	kam_cell_view_read(&now, find_cell(s->new, c->entity));
	if (!c->field && c->kind == KAM_CHANGE_ADDED)
		say(s->w, s->a, &s->alloc, "whitespace %s assessed: %s%s%s%s%s%s", c->entity,
		    cell_status(s, &now), now.has_potential ? " (potential " : "",
		    now.has_potential ? money(s->w, now.potential) : "",
		    now.has_potential ? " " : "", now.has_potential ? s->currency : "",
		    now.has_potential ? ")" : "");
	else if (!c->field)
		say(s->w, s->a, &s->alloc, "whitespace %s removed (was %s)", c->entity,
		    cell_status(s, &old));
	else if (is(c->field, "status") || is(c->field, "competitor"))
		say(s->w, s->a, &s->alloc, "whitespace %s: %s -> %s", c->entity,
		    cell_status(s, &old), cell_status(s, &now));
	else if (is(c->field, "potential"))
		say(s->w, s->a, &s->alloc, "whitespace %s: potential %s -> %s %s", c->entity,
		    old.has_potential ? money(s->w, old.potential) : "not set",
		    now.has_potential ? money(s->w, now.potential) : "not set", s->currency);
	else if (is(c->field, "notes"))
		say(s->w, s->a, &s->alloc, "whitespace %s: notes %s", c->entity,
		    c->kind == KAM_CHANGE_REMOVED ? "removed" : "changed");
	else
		return false;
	if (is(c->field, "status") || is(c->field, "competitor"))
		told_entity(s, c, "status"), told_entity(s, c, "competitor");
	return true;
}

/* A unit of the client (units[], by id). */
static bool tell_unit(story_ctx *s, const kam_change *c)
{
	if (!c->field && c->kind == KAM_CHANGE_ADDED)
		say(s->w, s->a, &s->alloc, "new unit %s: %s", c->entity, or_unset(c->new_value));
	else if (!c->field)
		say(s->w, s->a, &s->alloc, "unit %s removed (was %s)", c->entity,
		    or_unset(c->old_value));
	else if (is(c->field, "name"))
		say(s->w, s->a, &s->alloc, "unit %s renamed: %s -> %s", c->entity,
		    or_unset(c->old_value), or_unset(c->new_value));
	else
		return false;
	return true;
}

/* A goal's owner and measure. */
static bool tell_goal_field(story_ctx *s, const kam_change *c)
{
	if (is(c->field, "owner"))
		say(s->w, s->a, &s->alloc, "goal %s: owner %s -> %s", c->entity,
		    or_unset(c->old_value), or_unset(c->new_value));
	else if (is(c->field, "measure") && c->kind == KAM_CHANGE_REMOVED)
		say(s->w, s->a, &s->alloc, "goal %s: measure removed (was %s)", c->entity,
		    c->old_value);
	else if (is(c->field, "measure"))
		say(s->w, s->a, &s->alloc, "goal %s: measured by %s", c->entity, c->new_value);
	else
		return false;
	return true;
}

/* Whether c is the last change of a deal in both versions: its outlook
 * (category, close) is told then. */
static bool last_of_deal(const story_ctx *s, const kam_change *c)
{
	size_t i = (size_t)(c - s->a->changes);
	if (!is(c->collection, "opportunities") || !c->field)
		return false;
	return i + 1 == s->a->change_count || !is(s->a->changes[i + 1].collection, c->collection) ||
	       !is(s->a->changes[i + 1].entity, c->entity);
}

/* The commerce changes (issue 17); false when c is none of them. */
static bool tell_commerce(story_ctx *s, kam_change *c)
{
	if (is(c->collection, "opportunities") && c->field)
		return tell_deal_field(s, c);
	if (is(c->collection, "competitors"))
		return tell_rival(s, c);
	if (is(c->collection, "contracts"))
		return tell_contract(s, c);
	if (is(c->collection, "whitespace"))
		return tell_cell(s, c);
	if (is(c->collection, "units"))
		return tell_unit(s, c);
	if (is(c->collection, "goals") && c->field)
		return tell_goal_field(s, c);
	return false;
}

static void tell_change(story_ctx *s, kam_change *c)
{
	if (change_is(c, "opportunities", NULL) || change_is(c, "opportunities", "stage"))
		tell_opportunity(s, c);
	else if (change_is(c, "contacts", NULL) || change_is(c, "contacts", "attitude") ||
		 change_is(c, "contacts", "relationship.level"))
		tell_contact(s, c);
	else if (change_is(c, "goals", NULL) || change_is(c, "goals", "status"))
		tell_goal_or_action(s, c, "goal");
	else if (change_is(c, "actions", NULL) || change_is(c, "actions", "status"))
		tell_goal_or_action(s, c, "action");
	else if (is(c->collection, "revenue"))
		tell_revenue(s, c);
	else if (is(c->collection, "meetings"))
		tell_meeting(s, c);
	else if (is(c->collection, "opportunities") && starts(c->field, "buying_unit"))
		c->told = tell_member(s, c);
	else if (change_is(c, "contacts", "status"))
		c->told = tell_status(s, c);
	else if (change_is(c, "contacts", "influence")) {
		say(s->w, s->a, &s->alloc, "%s: influence %s -> %s", c->entity,
		    or_unset(c->old_value), or_unset(c->new_value));
		c->told = true;
	} else if (is(c->collection, "contacts") && starts(c->field, "relationship.steps"))
		c->told = tell_step(s, c);
	else if (is(c->collection, "touches") || (!c->collection && starts(c->field, "touches")))
		tell_touches(s);
	else if (change_is(c, NULL, "focus"))
		c->told = tell_focus(s, c);
	else if (!c->collection && starts(c->field, "validated") && c->kind != KAM_CHANGE_REMOVED)
		c->told = tell_validated(s);
	else if (change_is(c, "initiatives", "owner"))
		c->told = tell_owner(s, c);
	else if (change_is(c, NULL, "reviewed") && c->new_value) {
		say(s->w, s->a, &s->alloc, "plan reviewed on %s", c->new_value);
		c->told = true;
	} else
		c->told = tell_commerce(s, c);
}

static void tell_changes(story_ctx *s)
{
	for (size_t i = 0; i < s->a->change_count; i++) {
		kam_change *c = &s->a->changes[i];
		if (!c->told)
			tell_change(s, c);
		if (last_of_deal(s, c))
			tell_outlook(s, c);
	}
}

static void tell_numbers(story_ctx *s)
{
	kam_account_diff *a = s->a;
	if (a->has_before && a->has_after && fabs(a->before.open_pipeline - a->after.open_pipeline) > 0.5) {
		double delta = a->after.open_pipeline - a->before.open_pipeline;
		say(s->w, a, &s->alloc, "open pipeline %s -> %s %s (%s%s)", money(s->w, a->before.open_pipeline),
		    money(s->w, a->after.open_pipeline), s->currency, delta > 0 ? "+" : "-",
		    money(s->w, fabs(delta)));
	}
}

static void tell_health(story_ctx *s)
{
	kam_account_diff *a = s->a;
	if (a->has_before && a->has_after && a->before.health.score != a->after.health.score)
		say(s->w, a, &s->alloc, "health %d -> %d", a->before.health.score, a->after.health.score);
}

static void tell_story(worker *w, kam_account_diff *a, const kam_node *old, const kam_node *new,
		       const note_pair *notes, size_t note_count, bool same,
		       const kam_config *const config[2], account_tally *t)
{
	story_ctx s = {w,     a,	  0,
		       old,   new,	  a->has_after ? a->after.currency : a->before.currency,
		       notes, note_count, config[1],
		       0,     config[0],  t};
	if (a->status == KAM_ACCOUNT_ADDED && a->after.open_opportunities)
		say(w, a, &s.alloc, "new plan: %s, %zu open opportunit%s (%s %s)", a->name ? a->name : a->account,
		    a->after.open_opportunities, a->after.open_opportunities == 1 ? "y" : "ies",
		    money(w, a->after.open_pipeline), s.currency);
	else if (a->status == KAM_ACCOUNT_ADDED)
		say(w, a, &s.alloc, "new plan: %s", a->name ? a->name : a->account);
	if (a->status == KAM_ACCOUNT_REMOVED)
		say(w, a, &s.alloc, "plan removed");
	if (!same && a->status != KAM_ACCOUNT_REMOVED)
		tell_numbers(&s); /* an unchanged plan is judged again only where it changed */
	tell_changes(&s);
	if (!same && a->status != KAM_ACCOUNT_REMOVED)
		tell_health(&s);
}

/* ------------------------------------------------------------------ */

/* ------------------------------------------------------------------ */
/* the headline counts                                                 */

/* A deal that became lost: its value, why and to whom. */
static void count_loss(worker *w, const kam_node *deal, account_tally *t)
{
	kam_opportunity_view o;
	kam_opportunity_view_read(&o, deal);
	t->lost++;
	t->losses = kam_grow(t->losses, &t->loss_alloc, t->loss_count + 1, sizeof(loss));
	t->losses[t->loss_count++] =
	    (loss){o.lost_reason, o.has_value ? o.value : 0, keep(w, o.lost_to)};
}

static void count_opportunity(worker *w, const kam_change *c, const kam_node *old, const kam_node *new,
			      account_tally *t)
{
	const char *stage = c->new_value;
	if (!c->field) { /* an added or removed opportunity */
		stage = kam_node_string(kam_node_get(entity_in(w, new, "opportunities", c->entity), "stage"));
		t->added += c->kind == KAM_CHANGE_ADDED;
		if (c->kind != KAM_CHANGE_ADDED)
			return;
	}
	const kam_node *value = kam_node_get(entity_in(w, new, "opportunities", c->entity), "value");
	if (!c->field && !closed(stage) && value && value->kind == KAM_NODE_NUMBER)
		t->new_value += value->number; /* new to the open pipeline */
	if (c->field && is_stage(c->old_value, KAM_STAGE_WON) && !is_stage(stage, KAM_STAGE_WON)) {
		/* won before: its value leaves the won total */
		const kam_node *was = kam_node_get(entity_in(w, old, "opportunities", c->entity), "value");
		t->withdrawn++;
		if (was && was->kind == KAM_NODE_NUMBER)
			t->withdrawn_value += was->number;
	}
	if (is_stage(stage, KAM_STAGE_WON)) {
		t->won++;
		if (value && value->kind == KAM_NODE_NUMBER)
			t->won_value += value->number;
	} else if (is_stage(stage, KAM_STAGE_LOST))
		count_loss(w, entity_in(w, new, "opportunities", c->entity), t);
	else if (c->field && closed(c->old_value))
		t->reopened++;
	else if (c->field) {
		int from = stage_rank(c->old_value), to = stage_rank(c->new_value);
		*(to < from ? &t->stage_back : &t->stage_forward) += 1;
	}
}

static void count_relationship(worker *w, const kam_change *c, const kam_node *new, account_tally *t)
{
	const kam_node *rel = kam_node_get(entity_in(w, new, "contacts", c->entity), "relationship");
	const kam_node *target = kam_node_get(rel, "target"), *level = kam_node_get(rel, "level");
	t->targets++;
	t->targets_met += target && level && target->kind == KAM_NODE_NUMBER &&
			  level->kind == KAM_NODE_NUMBER && level->number >= target->number;
}

/* What the account adds to the totals, looked up in its new version. */
static void tally_account(worker *w, const kam_account_diff *a, const kam_node *old, const kam_node *new,
			  account_tally *t)
{
	for (size_t j = 0; !new &&j < a->change_count; j++) /* a removed plan's notes */
		t->meetings += change_is(&a->changes[j], "meetings", NULL) &&
			       a->changes[j].kind == KAM_CHANGE_ADDED;
	if (!new)
		return;
	snprintf(t->currency, sizeof(t->currency), "%s", a->after.currency ? a->after.currency : "");
	const kam_node *opps = kam_node_get(new, "opportunities");
	if (a->status == KAM_ACCOUNT_ADDED && opps && opps->kind == KAM_NODE_SEQ)
	{
		t->added += opps->count; /* a new plan's deals are new to the pipeline */
		t->new_value += a->after.open_pipeline;
	}
	for (size_t j = 0; j < a->change_count; j++) {
		const kam_change *c = &a->changes[j];
		if (change_is(c, "opportunities", NULL) || change_is(c, "opportunities", "stage"))
			count_opportunity(w, c, old, new, t);
		if (change_is(c, "contacts", "relationship.level"))
			count_relationship(w, c, new, t);
		t->meetings += change_is(c, "meetings", NULL) && c->kind == KAM_CHANGE_ADDED;
		if (change_is(c, "contacts", "status") && c->told) {
			kam_contact_status now = kam_contact_status_parse(c->new_value);
			t->people_left += now == KAM_CONTACT_LEFT || now == KAM_CONTACT_MOVED;
		}
	}
}

/* ------------------------------------------------------------------ */
/* one account: both versions read, diffed and let go on the pool      */

typedef struct plan_pair {
	const char *account;
	note_pair *notes; /* the account's other documents whose files changed */
	size_t note_count;
	const kam_entry *same; /* the plan, unchanged, when only its notes changed */
	char **note_errors;    /* the note versions that could not be read */
	size_t note_error_count;
	const kam_repo *base, *head;  /* where the versions are read from, or NULL */
	const kam_entry *old, *new;   /* their files; NULL when absent on that side */
	size_t old_order, new_order;  /* in the listing: the first bad plan is reported */
	kam_doc *old_doc, *new_doc;   /* given (kam_diff_docs) or read by the job */
	char *old_error, *new_error;  /* why a version is no plan */
	bool has_old, has_new;
	plan_side before, after;
	kam_account_diff diff;
	account_tally tally;
	bool changed;
	bool old_shared, new_shared; /* the documents belong to the cache */
} plan_pair;

typedef struct pair_jobs {
	plan_pair *pairs;
	kam_doc_cache *cache; /* or NULL */
	const kam_rules_context *ctx_before, *ctx_after;
	worker workers[KAM_MAX_THREADS];
} pair_jobs;

/* The version's frontmatter, or NULL with *error set when it is no plan. */
static const kam_node *version_of(const kam_repo *repo, const kam_entry *e, kam_doc **doc,
				  char **error, kam_doc_cache *cache, bool *shared)
{
	kam_diag_list diags = {0};
	*shared = false;
	if (e)
		kam_doc_cache_read(cache, doc, kam_repo_files(repo), e->rel, &diags, shared);
	const kam_node *fm = *doc ? kam_doc_frontmatter(*doc) : NULL;
	if ((!fm || fm->kind != KAM_NODE_MAP) && diags.count)
		*error = kam_xprintf("%s in %s could not be read (%s at %u:%u)", e->rel,
				     kam_files_describe(kam_repo_files(repo)),
				     kam_rule_id(diags.items[0].rule), diags.items[0].line,
				     diags.items[0].column);
	else if (!fm || fm->kind != KAM_NODE_MAP)
		*error = e ? kam_xprintf("%s in %s could not be read (its frontmatter is not a mapping)",
					 e->rel, kam_files_describe(kam_repo_files(repo)))
			   : kam_xstrdup("not a plan");
	kam_diag_list_release(&diags);
	return *error ? NULL : fm;
}

/* A note version's frontmatter when it is a meeting note; NULL when it
 * is absent, a plain note (no frontmatter) or a document of another kind.
 * *error says why a version with frontmatter could not be read. */
static const kam_node *note_version(const kam_repo *repo, const kam_entry *e, kam_doc **doc,
				    char **error)
{
	if (!e)
		return NULL;
	kam_diag_list diags = {0};
	kam_doc_read(doc, kam_repo_files(repo), e->rel, e->rel, NULL, &diags);
	const kam_node *fm = kam_doc_frontmatter(*doc);
	bool plain = diags.count && diags.items[0].rule == KAM_RULE_FRONTMATTER_MISSING;
	if ((!fm || fm->kind != KAM_NODE_MAP) && diags.count && !plain)
		*error = kam_xprintf("%s in %s could not be read (%s at %u:%u)", e->rel,
				     kam_files_describe(kam_repo_files(repo)),
				     kam_rule_id(diags.items[0].rule), diags.items[0].line,
				     diags.items[0].column);
	kam_diag_list_release(&diags);
	kam_meeting_view m;
	kam_meeting_view_read(&m, fm);
	return m.is_meeting ? fm : NULL;
}

static void note_pipeline(plan_side *side, const char *account, const kam_plan_summary *s)
{
	side->account = account;
	side->pipeline = s->open_pipeline;
	snprintf(side->currency, sizeof(side->currency), "%s", s->currency ? s->currency : "");
}

/* The notes' versions diffed as the collection "meetings", each note an
 * entity: its fields, its actions by id, its text per heading. */
static void diff_notes(differ *df, const plan_pair *p)
{
	for (size_t i = 0; i < p->note_count; i++) {
		const note_pair *n = &p->notes[i];
		if (!n->before && !n->after)
			continue; /* no meeting note on either side */
		df->collection = "meetings";
		df->entity = keep(df->w, n->entity);
		if (!n->before || !n->after)
			add_change(df, n->after ? KAM_CHANGE_ADDED : KAM_CHANGE_REMOVED, n->before,
				   n->after);
		else {
			diff_maps(df, n->before, n->after);
			diff_bodies(df, n->old_doc, n->new_doc);
		}
	}
	df->collection = df->entity = NULL;
}

/* "accounts/acme/": the folder of an account that has notes but no plan. */
static const char *notes_folder(worker *w, const plan_pair *p)
{
	const note_pair *n = &p->notes[0];
	const char *rel = (n->new ? n->new : n->old)->rel;
	return kam_arena_strndup(w->arena, rel, strlen(rel) - strlen(n->entity));
}

/* The facts of a plan version on ctx's day into *out: borrowed from the
 * cache (true) when the version came from it, as a quarter's end is the
 * next quarter's start; else computed and owned by *out. */
static bool summarize(kam_doc_cache *cache, bool shared, const kam_repo *repo, const kam_entry *e,
		      const kam_repo *config_repo, const kam_rules_context *ctx,
		      const kam_node *plan, const char *file, kam_plan_summary *out)
{
	const kam_plan_summary *kept =
	    shared && e && config_repo
		? kam_doc_cache_summary(cache, kam_repo_files(repo), e->rel,
					kam_repo_files(config_repo), ctx, plan, file)
		: NULL;
	if (kept) {
		*out = *kept;
		return true;
	}
	kam_rules_summarize_plan(ctx, plan, file, out);
	return false;
}

static void diff_account(worker *w, plan_pair *p, const kam_node *old, const kam_node *new,
			 const kam_rules_context *ctx_before, const kam_rules_context *ctx_after,
			 kam_doc_cache *cache)
{
	kam_account_diff *a = &p->diff;
	const kam_doc *old_doc = p->old_doc ? p->old_doc : p->new_doc; /* one read when unchanged */
	a->account = keep(w, p->account);
	a->file =
	    new || old ? keep(w, kam_doc_file(new ? p->new_doc : old_doc)) : notes_folder(w, p);
	a->name = keep(w, kam_node_string(kam_node_get(new ? new : old, "name")));
	a->status = p->same || (!old && !new) ? KAM_ACCOUNT_CHANGED
		    : !old		      ? KAM_ACCOUNT_ADDED
		    : !new		      ? KAM_ACCOUNT_REMOVED
					      : KAM_ACCOUNT_CHANGED;
	if ((a->has_before = old != NULL)) { /* the facts alone: no finding is told */
		const kam_entry *e = p->same ? p->same : p->old;
		bool shared = p->same ? p->new_shared : p->old_shared;
		a->before_borrowed = /* ctx_before has base's kam.yaml, or head's without base */
		    summarize(cache, shared, p->same ? p->head : p->base, e,
			      p->base ? p->base : p->head, ctx_before, old, kam_doc_file(old_doc),
			      &a->before);
		note_pipeline(&p->before, p->account, &a->before);
	}
	if ((a->has_after = new != NULL)) {
		a->after_borrowed =
		    summarize(cache, p->new_shared, p->head, p->same ? p->same : p->new, p->head,
			      ctx_after, new, kam_doc_file(p->new_doc), &a->after);
		note_pipeline(&p->after, p->account, &a->after);
	}
	differ df = {w, a, 0, NULL, NULL, KAM_BUF_INIT};
	if (old && new && !p->same) {
		diff_frontmatter(&df, old, new);
		diff_bodies(&df, p->old_doc, p->new_doc);
	}
	diff_notes(&df, p);
	kam_buf_release(&df.path);
	if (a->status == KAM_ACCOUNT_CHANGED && !a->change_count)
		return; /* unchanged (the file may differ in comments only) */
	const kam_config *config[2] = {(ctx_before ? ctx_before : ctx_after)->config,
				       (ctx_after ? ctx_after : ctx_before)->config};
	memset(&p->tally, 0, sizeof(p->tally));
	tell_story(w, a, old, new, p->notes, p->note_count, p->same != NULL, config, &p->tally);
	tally_account(w, a, old, new, &p->tally);
	p->changed = true;
}

/* Read the account's meeting notes, both versions of each. */
static void read_notes(plan_pair *p)
{
	for (size_t i = 0; i < p->note_count; i++) {
		note_pair *n = &p->notes[i];
		char *errors[2] = {NULL, NULL};
		n->before = note_version(p->base, n->old, &n->old_doc, &errors[0]);
		n->after = note_version(p->head, n->new, &n->new_doc, &errors[1]);
		for (size_t k = 0; k < 2; k++)
			if (errors[k]) {
				p->note_errors = kam_xrealloc(
				    p->note_errors, (p->note_error_count + 1) * sizeof(char *));
				p->note_errors[p->note_error_count++] = errors[k];
			}
	}
}

static void diff_pair(void *ctx, size_t i, size_t w)
{
	pair_jobs *j = ctx;
	plan_pair *p = &j->pairs[i];
	const kam_node *old = NULL, *new = NULL;
	if (p->has_old)
		old = version_of(p->base, p->old, &p->old_doc, &p->old_error, j->cache,
				 &p->old_shared);
	if (p->has_new)
		new = version_of(p->head, p->new, &p->new_doc, &p->new_error, j->cache,
				 &p->new_shared);
	if (p->same) { /* the plan did not change: its problems are told where it did */
		char *ignored = NULL;
		old = new = version_of(p->head, p->same, &p->new_doc, &ignored, j->cache,
				       &p->new_shared);
		p->same = old ? p->same : NULL;
		free(ignored);
	}
	if (!p->old_error && !p->new_error) {
		read_notes(p);
		diff_account(&j->workers[w], p, old, new, j->ctx_before, j->ctx_after, j->cache);
	}
	forget_lists(&j->workers[w]);
	if (!p->old_shared)
		kam_doc_free(p->old_doc);
	if (!p->new_shared)
		kam_doc_free(p->new_doc);
	else if (p->new && !p->same)
		kam_doc_cache_done_newer(j->cache, kam_repo_files(p->head), p->new->rel);
	p->old_doc = p->new_doc = NULL;
	for (size_t k = 0; k < p->note_count; k++) {
		kam_doc_free(p->notes[k].old_doc);
		kam_doc_free(p->notes[k].new_doc);
		p->notes[k].old_doc = p->notes[k].new_doc = NULL;
	}
}

static void release_account(kam_account_diff *a)
{
	free(a->changes);
	free(a->story);
	if (!a->before_borrowed)
		kam_plan_summary_release(&a->before);
	if (!a->after_borrowed)
		kam_plan_summary_release(&a->after);
}

/* A version kam could not read leaves its account out of the diff; the
 * diff says so (kam_diff_unread) instead of failing as a whole. */
static void note_unread(kam_diff *d, char *error)
{
	if (!error)
		return;
	d->unread = kam_xrealloc(d->unread, (d->unread_count + 1) * sizeof(char *));
	d->unread[d->unread_count++] = error;
}

/* A pool job list for pairs, one worker (and text arena of d) per thread. */
static pair_jobs *pair_jobs_new(kam_diff *d, plan_pair *pairs, const kam_rules_context *ctx_before,
				const kam_rules_context *ctx_after, kam_doc_cache *cache,
				size_t threads)
{
	pair_jobs *j = kam_xcalloc(1, sizeof(*j));
	*j = (pair_jobs){.pairs = pairs, .cache = cache, .ctx_before = ctx_before,
			 .ctx_after = ctx_after};
	for (size_t w = 0; w < threads; w++)
		j->workers[w].arena = d->arenas[w] = kam_arena_new();
	return j;
}

/* Keep what changed of the pairs diffed; d owns the results. */
static void collect_pairs(kam_diff *d, plan_pair *pairs, size_t n)
{
	d->accounts = kam_xcalloc(n + 1, sizeof(kam_account_diff));
	d->tallies = kam_xcalloc(n + 1, sizeof(account_tally));
	d->before = kam_xcalloc(n + 1, sizeof(plan_side));
	d->after = kam_xcalloc(n + 1, sizeof(plan_side));
	for (size_t i = 0; i < n; i++) {
		plan_pair *p = &pairs[i];
		bool read = !p->old_error && !p->new_error;
		if (read && p->changed) {
			d->tallies[d->count] = p->tally;
			d->accounts[d->count++] = p->diff;
		} else {
			release_account(&p->diff);
			release_tally(&p->tally);
		}
		bool same = p->same && p->changed; /* an unchanged plan whose notes changed */
		p->before.account = p->after.account = p->account; /* also when unread: span_of */
		if (read && (p->has_old || same))
			d->before[d->before_count++] = p->before;
		if (read && (p->has_new || same))
			d->after[d->after_count++] = p->after;
		note_unread(d, p->old_error);
		note_unread(d, p->new_error);
		for (size_t k = 0; k < p->note_error_count; k++)
			note_unread(d, p->note_errors[k]);
		free(p->note_errors);
		free(p->notes);
	}
}

/* Diff every pair on the pool and keep what changed; d owns the results. */
static void run_pairs(kam_diff *d, plan_pair *pairs, size_t n, const kam_rules_context *ctx_before,
		      const kam_rules_context *ctx_after, kam_doc_cache *cache)
{
	size_t threads = kam_thread_count(n);
	pair_jobs *j = pair_jobs_new(d, pairs, ctx_before, ctx_after, cache, threads);
	kam_pool_jobs jobs = {n, diff_pair, NULL, j};
	kam_pool_run(&jobs, threads);
	free(j);
	collect_pairs(d, pairs, n);
}

/* ------------------------------------------------------------------ */
/* pairing the changed plans of two repositories by account            */

typedef struct listed {
	const kam_entry *entry;
	size_t order;
} listed;

/* By account, its plan first, then its other documents by path. */
static int listed_by_account(const void *x, const void *y)
{
	const listed *a = x, *b = y;
	int c = strcmp(a->entry->account, b->entry->account);
	if (c)
		return c;
	if (a->entry->is_plan != b->entry->is_plan)
		return a->entry->is_plan ? -1 : 1;
	c = strcmp(a->entry->rel, b->entry->rel);
	return c ? c : (a->order > b->order) - (a->order < b->order);
}

/* The documents of repo whose files differ in other (all when other is
 * NULL), by account: an unchanged file is neither read nor parsed. */
static listed *changed_plans(const kam_repo *repo, const kam_repo *other, const kam_entry *entries,
			     size_t n, size_t *count)
{
	listed *out = kam_xcalloc(n + 1, sizeof(listed));
	*count = 0;
	for (size_t i = 0; i < n; i++)
		if (!(other && kam_files_same(kam_repo_files(repo), kam_repo_files(other),
					      entries[i].rel))) {
			out[*count] = (listed){&entries[i], *count};
			++*count;
		}
	qsort(out, *count, sizeof(listed), listed_by_account);
	return out;
}

/* The path of a note in its account's folder: "meetings/x.md" of
 * "accounts/acme/meetings/x.md". */
static const char *note_entity(const kam_entry *e)
{
	size_t n = strlen(e->account);
	for (const char *p = e->rel; *p; p = strchr(p, '/') ? strchr(p, '/') + 1 : "")
		if (strncmp(p, e->account, n) == 0 && p[n] == '/')
			return p + n + 1;
	return e->rel;
}

static bool of_account(const listed *l, size_t i, size_t count, const char *account)
{
	return i < count && strcmp(l[i].entry->account, account) == 0;
}

/* The account's notes of both lists, paired by path. */
static void pair_notes(plan_pair *p, const listed *old, size_t *i, size_t old_count,
		       const listed *new, size_t *k, size_t new_count)
{
	size_t alloc = 0;
	while (of_account(old, *i, old_count, p->account) ||
	       of_account(new, *k, new_count, p->account)) {
		bool has_old = of_account(old, *i, old_count, p->account);
		bool has_new = of_account(new, *k, new_count, p->account);
		int c = !has_old   ? 1
			: !has_new ? -1
				   : strcmp(old[*i].entry->rel, new[*k].entry->rel);
		p->notes = kam_grow(p->notes, &alloc, p->note_count + 1, sizeof(note_pair));
		note_pair *n = &p->notes[p->note_count++];
		memset(n, 0, sizeof(*n));
		if (c <= 0)
			n->old = old[(*i)++].entry;
		if (c >= 0)
			n->new = new[(*k)++].entry;
		n->entity = note_entity(n->new ? n->new : n->old);
	}
}

/* The plan of account in head, when its notes changed and it did not. */
static const kam_entry *unchanged_plan(const kam_text_table *plans, const kam_entry *entries,
				       const char *account)
{
	size_t at;
	return kam_text_table_get(plans, account, strlen(account), &at) ? &entries[at] : NULL;
}

/* The two lists merged by account into pairs (by account, as the report):
 * each account's plan, then its notes. */
static plan_pair *pair_up(kam_diff *d, const kam_repo *base, const listed *old, size_t old_count,
			  const kam_repo *head, const listed *new, size_t new_count,
			  const kam_entry *head_entries, size_t head_n, size_t *count)
{
	kam_text_table plans = {0};
	for (size_t i = 0; i < head_n; i++)
		if (head_entries[i].is_plan)
			kam_text_table_put(&plans, head_entries[i].account,
					   strlen(head_entries[i].account), i);
	plan_pair *pairs = kam_xcalloc(old_count + new_count + 1, sizeof(plan_pair));
	size_t i = 0, k = 0, n = 0;
	while (i < old_count || k < new_count) {
		int c = i == old_count ? 1 : k == new_count ? -1 : strcmp(old[i].entry->account, new[k].entry->account);
		const char *account = (c <= 0 ? old[i] : new[k]).entry->account;
		plan_pair *p = &pairs[n++];
		*p = (plan_pair){.base = base, .head = head};
		p->account = kam_arena_strndup(d->names, account, strlen(account));
		if (c <= 0 && old[i].entry->is_plan) {
			p->old = old[i].entry;
			p->old_order = old[i++].order;
			p->has_old = true;
		}
		if (c >= 0 && new[k].entry->is_plan) {
			p->new = new[k].entry;
			p->new_order = new[k++].order;
			p->has_new = true;
		}
		pair_notes(p, old, &i, old_count, new, &k, new_count);
		if (!p->has_old && !p->has_new)
			p->same = unchanged_plan(&plans, head_entries, p->account);
	}
	kam_text_table_release(&plans);
	*count = n;
	return pairs;
}

int kam_diff_repos(kam_diff **out, const kam_repo *base, const kam_repo *head,
		   const kam_rules_context *ctx_before, const kam_rules_context *ctx_after,
		   kam_error *err)
{
	return kam_diff_repos_cached(out, base, head, ctx_before, ctx_after, NULL, err);
}

/* The rules context of config on day. */
static void context_on(kam_rules_context *ctx, const kam_config *config, kam_date day)
{
	char text[11];
	kam_date_format(day, text);
	kam_rules_context_init(ctx, config, text);
}

/* One diff's pairs: the plans two repositories hold, paired by account. */
typedef struct range {
	kam_diff *d;
	plan_pair *pairs;
	size_t n;
	kam_entry *old_entries, *new_entries; /* the pairs point into them */
	size_t old_n, new_n;
	kam_rules_context ctx_before, ctx_after;
	pair_jobs *jobs;
} range;

/* List both repositories and pair their changed documents by account. */
static int range_open(range *r, const kam_repo *base, const kam_repo *head, kam_error *err)
{
	*r = (range){0}; /* a slot a failed range left is used again */
	if ((base && kam_repo_list(base, &r->old_entries, &r->old_n, err) < 0) ||
	    kam_repo_list(head, &r->new_entries, &r->new_n, err) < 0) {
		kam_entries_free(r->old_entries, r->old_n);
		return KAM_EINVALID;
	}
	r->d = kam_xcalloc(1, sizeof(*r->d));
	r->d->names = kam_arena_new();
	size_t old_count, new_count;
	listed *old = changed_plans(base, head, r->old_entries, r->old_n, &old_count);
	listed *new = changed_plans(head, base, r->new_entries, r->new_n, &new_count);
	r->pairs = pair_up(r->d, base, old, old_count, head, new, new_count, r->new_entries,
			   r->new_n, &r->n);
	free(old);
	free(new);
	return KAM_OK;
}

/* The range's diff; the rest of the range is freed. */
static kam_diff *range_free(range *r)
{
	free(r->jobs);
	free(r->pairs);
	kam_entries_free(r->old_entries, r->old_n);
	kam_entries_free(r->new_entries, r->new_n);
	return r->d;
}

/* The range's diff, its pairs diffed; the rest of the range is freed. */
static kam_diff *range_close(range *r)
{
	collect_pairs(r->d, r->pairs, r->n);
	return range_free(r);
}

int kam_diff_repos_cached(kam_diff **out, const kam_repo *base, const kam_repo *head,
			  const kam_rules_context *ctx_before, const kam_rules_context *ctx_after,
			  kam_doc_cache *cache, kam_error *err)
{
	range r;
	*out = NULL;
	if (range_open(&r, base, head, err) < 0)
		return KAM_EINVALID;
	run_pairs(r.d, r.pairs, r.n, ctx_before, ctx_after, cache);
	*out = range_free(&r);
	return KAM_OK;
}

/* ------------------------------------------------------------------ */
/* the ranges of one history, account by account                       */

/* One account's pair in one range; steps of an account chain by next. */
typedef struct chain_step {
	size_t range, pair;
	size_t next; /* SIZE_MAX: the account's last */
} chain_step;

typedef struct chains {
	range *ranges;
	chain_step *steps;
	size_t *first; /* each account's first step: its newest range */
	size_t count;
	kam_doc_cache *cache;
} chains;

/* Every range's pairs as one chain of steps per account, newest range
 * first (the ranges' order). */
static void chain_accounts(chains *ch, size_t range_count)
{
	size_t total = 0, at;
	for (size_t k = 0; k < range_count; k++)
		total += ch->ranges[k].n;
	ch->steps = kam_xcalloc(total + 1, sizeof(chain_step));
	ch->first = kam_xcalloc(total + 1, sizeof(size_t));
	size_t *last = kam_xcalloc(total + 1, sizeof(size_t));
	kam_text_table by_account = {0};
	size_t s = 0;
	for (size_t k = 0; k < range_count; k++)
		for (size_t i = 0; i < ch->ranges[k].n; i++, s++) {
			const char *account = ch->ranges[k].pairs[i].account;
			ch->steps[s] = (chain_step){k, i, SIZE_MAX};
			if (kam_text_table_get(&by_account, account, strlen(account), &at)) {
				ch->steps[last[at]].next = s;
				last[at] = s;
				continue;
			}
			kam_text_table_put(&by_account, account, strlen(account), ch->count);
			ch->first[ch->count] = last[ch->count] = s;
			ch->count++;
		}
	kam_text_table_release(&by_account);
	free(last);
}

/* The versions an account's pair read that the cache may still hold. */
static void let_go(kam_doc_cache *cache, const plan_pair *p)
{
	if (p->old)
		kam_doc_cache_done_newer(cache, kam_repo_files(p->base), p->old->rel);
	if (p->same)
		kam_doc_cache_done_newer(cache, kam_repo_files(p->head), p->same->rel);
}

/* One account through every range, newest first: each range's newer
 * version is let go once diffed (diff_pair), what is left once the
 * account is done, so the cache holds the versions in flight, not a
 * snapshot of every plan. */
static void diff_chain(void *ctx, size_t c, size_t w)
{
	chains *ch = ctx;
	for (size_t s = ch->first[c]; s != SIZE_MAX; s = ch->steps[s].next)
		diff_pair(ch->ranges[ch->steps[s].range].jobs, ch->steps[s].pair, w);
	for (size_t s = ch->first[c]; s != SIZE_MAX; s = ch->steps[s].next)
		let_go(ch->cache, &ch->ranges[ch->steps[s].range].pairs[ch->steps[s].pair]);
}

int kam_diff_ranges_on_cached(kam_diff **outs, size_t count, const kam_repo *const *bases,
			      const kam_repo *const *heads, const kam_date *before,
			      const kam_date *after, kam_doc_cache *cache, kam_error *err)
{
	int rc = KAM_OK;
	chains ch = {.ranges = kam_xcalloc(count + 1, sizeof(range)), .cache = cache};
	size_t opened = 0;
	size_t *which = kam_xcalloc(count + 1, sizeof(size_t)); /* outs' index of each range */
	for (size_t k = 0; k < count; k++) {
		outs[k] = NULL;
		range *r = &ch.ranges[opened];
		if (!heads[k] || range_open(r, bases[k], heads[k], err) < 0) {
			rc = heads[k] ? KAM_EINVALID : rc;
			continue;
		}
		context_on(&r->ctx_before, kam_repo_config(bases[k] ? bases[k] : heads[k]), before[k]);
		context_on(&r->ctx_after, kam_repo_config(heads[k]), after[k]);
		which[opened++] = k;
	}
	chain_accounts(&ch, opened);
	size_t threads = kam_thread_count(ch.count);
	for (size_t k = 0; k < opened; k++) {
		range *r = &ch.ranges[k];
		r->jobs = pair_jobs_new(r->d, r->pairs, &r->ctx_before, &r->ctx_after, cache, threads);
	}
	kam_doc_cache_newest_first(cache);
	kam_pool_jobs jobs = {ch.count, diff_chain, NULL, &ch};
	kam_pool_run(&jobs, threads);
	for (size_t k = 0; k < opened; k++)
		outs[which[k]] = range_close(&ch.ranges[k]);
	free(which);
	free(ch.steps);
	free(ch.first);
	free(ch.ranges);
	return rc;
}

int kam_diff_repos_on(kam_diff **out, const kam_repo *base, const kam_repo *head, kam_date before,
		      kam_date after, kam_error *err)
{
	return kam_diff_repos_on_cached(out, base, head, before, after, NULL, err);
}

int kam_diff_repos_on_cached(kam_diff **out, const kam_repo *base, const kam_repo *head,
			     kam_date before, kam_date after, kam_doc_cache *cache, kam_error *err)
{
	kam_rules_context ctx_before, ctx_after;
	context_on(&ctx_before, kam_repo_config(base ? base : head), before);
	context_on(&ctx_after, kam_repo_config(head), after);
	return kam_diff_repos_cached(out, base, head, &ctx_before, &ctx_after, cache, err);
}

int kam_diff_commit(kam_diff **out, const kam_repo *base, const kam_repo *head, kam_date as_of,
		    kam_error *err)
{
	return kam_diff_repos_on(out, base, head, as_of, as_of, err);
}

int kam_diff_docs(kam_diff **out, const char *account, kam_doc *before, kam_doc *after,
		  const kam_rules_context *ctx_before, const kam_rules_context *ctx_after,
		  kam_error *err)
{
	*out = NULL;
	kam_diff *d = kam_xcalloc(1, sizeof(*d));
	plan_pair pair = {.account = account, .old_doc = before, .new_doc = after,
			  .has_old = before != NULL, .has_new = after != NULL};
	if (!before && !after) {
		kam_diff_free(d);
		return kam_error_set(err, KAM_EINVALID, "%s: both versions must be plans", account);
	}
	d->names = kam_arena_new();
	pair.account = kam_arena_strndup(d->names, account, strlen(account));
	run_pairs(d, &pair, 1, ctx_before, ctx_after, NULL);
	if (d->unread_count) {
		kam_diff_free(d);
		return kam_error_set(err, KAM_EINVALID, "%s: both versions must be plans", account);
	}
	*out = d;
	return KAM_OK;
}

void kam_diff_free(kam_diff *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->count; i++) {
		release_account(&d->accounts[i]);
		release_tally(&d->tallies[i]);
	}
	free(d->accounts);
	free(d->tallies);
	free(d->before);
	free(d->after);
	for (size_t i = 0; i < d->unread_count; i++)
		free(d->unread[i]);
	free(d->unread);
	for (size_t i = 0; i < KAM_MAX_THREADS; i++)
		kam_arena_free(d->arenas[i]);
	kam_arena_free(d->names);
	free(d);
}

static void keep_side(plan_side *plans, size_t *count, const char *account)
{
	size_t kept = 0;
	for (size_t i = 0; i < *count; i++)
		if (strcmp(plans[i].account, account) == 0)
			plans[kept++] = plans[i];
	*count = kept;
}

void kam_diff_keep_account(kam_diff *d, const char *account)
{
	size_t kept = 0;
	for (size_t i = 0; i < d->count; i++) {
		if (strcmp(d->accounts[i].account, account) == 0) {
			d->tallies[kept] = d->tallies[i];
			d->accounts[kept++] = d->accounts[i];
		} else {
			release_account(&d->accounts[i]);
			release_tally(&d->tallies[i]);
		}
	}
	d->count = kept;
	keep_side(d->before, &d->before_count, account);
	keep_side(d->after, &d->after_count, account);
}

const char *const *kam_diff_unread(const kam_diff *d, size_t *count)
{
	*count = d->unread_count;
	return (const char *const *)d->unread;
}

const kam_account_diff *kam_diff_accounts(const kam_diff *d, size_t *count)
{
	*count = d->count;
	return d->accounts;
}

/* The totals of one currency, added when first met. */
static kam_money_totals *money_in(kam_diff_totals *t, const char *currency)
{
	for (size_t i = 0; i < t->money_count; i++)
		if (is(t->money[i].currency, currency))
			return &t->money[i];
	t->money = kam_xrealloc(t->money, (t->money_count + 1) * sizeof(kam_money_totals));
	kam_money_totals *m = &t->money[t->money_count++];
	memset(m, 0, sizeof(*m));
	snprintf(m->currency, sizeof(m->currency), "%s", currency);
	return m;
}

/* The deals whose close moved: later (slipped; out of quarter when it was
 * there) and earlier (pulled in), and those moved to commit. */
static void add_outlook(kam_diff_totals *t, const account_tally *a, const kam_quarter *quarter)
{
	if (a->to_commit) {
		t->to_commit += a->to_commit;
		money_in(t, a->currency)->to_commit_value += a->to_commit_value;
	}
	if (a->pulled_in) {
		t->pulled_in += a->pulled_in;
		money_in(t, a->currency)->pulled_in_value += a->pulled_in_value;
	}
	for (size_t i = 0; i < a->slip_count; i++) {
		const slip *sl = &a->slips[i];
		kam_money_totals *m = money_in(t, a->currency);
		t->slipped++;
		m->slipped_value += sl->value;
		if (quarter && kam_quarter_compare(sl->from, *quarter) == 0) {
			t->slipped_out++;
			m->slipped_out_value += sl->value;
		}
	}
}

/* "globex" added to the list "initech" once: "initech, globex". */
static void name_once(char **list, const char *id)
{
	size_t n = strlen(id);
	for (const char *p = *list; p && (p = strstr(p, id)) != NULL; p += n)
		if ((p == *list || p[-1] == ' ') && (p[n] == ',' || p[n] == '\0'))
			return;
	char *joined = *list ? kam_xprintf("%s, %s", *list, id) : kam_xstrdup(id);
	free(*list);
	*list = joined;
}

static void add_loss(kam_diff_totals *t, const loss *l, const char *currency)
{
	kam_lost_totals *row = NULL;
	for (size_t i = 0; i < t->lost_by_count && !row; i++)
		if (t->lost_by[i].reason == l->reason && is(t->lost_by[i].currency, currency))
			row = &t->lost_by[i];
	if (!row) {
		t->lost_by = kam_xrealloc(t->lost_by, (t->lost_by_count + 1) * sizeof(*row));
		row = &t->lost_by[t->lost_by_count++];
		memset(row, 0, sizeof(*row));
		row->reason = l->reason;
		snprintf(row->currency, sizeof(row->currency), "%s", currency);
	}
	row->deals++;
	row->value += l->value;
	if (l->lost_to)
		name_once(&row->lost_to, l->lost_to);
	money_in(t, currency)->lost_value += l->value;
}

/* The lost deals by reason, in the reasons' order (not given last). */
/* The run [from, to) of one account in a list kept by account (strcmp
 * order: the pairs' order), or the whole list when account is NULL. The
 * site asks once per account and quarter: a scan would be quadratic. */
typedef struct span {
	size_t from, to;
} span;

static span span_of(const void *list, size_t n, size_t size, size_t name_at, const char *account)
{
	const char *base = list;
#define NAME_AT(i) (*(const char *const *)(base + (i) * size + name_at))
	if (!account)
		return (span){0, n};
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(NAME_AT(mid), account) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t to = lo;
	while (to < n && strcmp(NAME_AT(to), account) == 0)
		to++;
#undef NAME_AT
	return (span){lo, to};
}

static span changed_span(const kam_diff *d, const char *account)
{
	return span_of(d->accounts, d->count, sizeof(*d->accounts),
		       offsetof(kam_account_diff, account), account);
}

static span side_span(const plan_side *sides, size_t n, const char *account)
{
	return span_of(sides, n, sizeof(*sides), offsetof(plan_side, account), account);
}

static void add_losses(kam_diff_totals *t, const kam_diff *d, span changed)
{
	for (int r = 0; r <= KAM_LOST_UNKNOWN; r++)
		for (size_t i = changed.from; i < changed.to; i++)
			for (size_t k = 0; k < d->tallies[i].loss_count; k++)
				if ((int)d->tallies[i].losses[k].reason == r)
					add_loss(t, &d->tallies[i].losses[k],
						 d->tallies[i].currency);
}

void kam_diff_totals_of(const kam_diff *d, const char *currency, kam_diff_totals *t)
{
	kam_diff_totals_in(d, currency, NULL, t);
}

/* The totals of the accounts account names (NULL: all of them). */
static void totals_of(const kam_diff *d, const char *account, const char *currency,
		      const kam_quarter *quarter, kam_diff_totals *t)
{
	memset(t, 0, sizeof(*t));
	if ((t->has_quarter = quarter != NULL))
		t->quarter = *quarter;
	money_in(t, currency ? currency : "");
	span before = side_span(d->before, d->before_count, account);
	for (size_t i = before.from; i < before.to; i++) /* the accounts that changed */
		money_in(t, d->before[i].currency)->pipeline_before += d->before[i].pipeline;
	span after = side_span(d->after, d->after_count, account);
	for (size_t i = after.from; i < after.to; i++)
		money_in(t, d->after[i].currency)->pipeline_after += d->after[i].pipeline;
	span changed = changed_span(d, account);
	for (size_t i = changed.from; i < changed.to; i++) {
		const account_tally *a = &d->tallies[i];
		t->accounts_changed++;
		t->won += a->won;
		t->lost += a->lost;
		t->added += a->added;
		t->stage_forward += a->stage_forward;
		t->stage_back += a->stage_back;
		t->reopened += a->reopened;
		t->withdrawn += a->withdrawn;
		t->targets += a->targets;
		t->targets_met += a->targets_met;
		t->meetings += a->meetings;
		t->people_left += a->people_left;
		if (a->won)
			money_in(t, a->currency)->won_value += a->won_value;
		if (a->new_value != 0)
			money_in(t, a->currency)->new_value += a->new_value;
		if (a->withdrawn)
			money_in(t, a->currency)->withdrawn_value += a->withdrawn_value;
		add_outlook(t, a, quarter);
	}
	add_losses(t, d, changed);
}

void kam_diff_totals_in(const kam_diff *d, const char *currency, const kam_quarter *quarter,
			kam_diff_totals *t)
{
	totals_of(d, NULL, currency, quarter, t);
}

void kam_diff_account_totals_in(const kam_diff *d, const char *account, const char *currency,
				const kam_quarter *quarter, kam_diff_totals *t)
{
	totals_of(d, account, currency, quarter, t);
}

void kam_diff_totals_release(kam_diff_totals *t)
{
	free(t->money);
	t->money = NULL;
	t->money_count = 0;
	for (size_t i = 0; i < t->lost_by_count; i++)
		free(t->lost_by[i].lost_to);
	free(t->lost_by);
	t->lost_by = NULL;
	t->lost_by_count = 0;
}
