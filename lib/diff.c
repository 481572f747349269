/* Semantic diff of plans: a generic tree diff, then a story in plan terms.
 * Both sides' documents stay loaded while the diff lives, so the story can
 * look things up (an added opportunity's stage and value). */
#define _DEFAULT_SOURCE
#include "kam/diff.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kam/doc.h"
#include "kam/quarterly.h"
#include "kam/pool.h"
#include "kam/status.h"
#include "banned.h"

typedef struct plan_side {
	const char *account;
	const char *file;
	kam_doc *doc;
	const kam_node *fm;
	double pipeline;   /* open pipeline, for the totals */
	char currency[8];
} plan_side;

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

struct kam_diff {
	kam_arena *arena;
	kam_account_diff *accounts;
	size_t count, alloc;
	plan_side *before, *after;
	size_t before_count, after_count;
	id_cache *ids;
};

static const char *keep(kam_diff *d, const char *s)
{
	return s ? kam_arena_strndup(d->arena, s, strlen(s)) : NULL;
}

/* ------------------------------------------------------------------ */
/* loading a side                                                      */

static int side_by_account(const void *a, const void *b)
{
	return strcmp(((const plan_side *)a)->account, ((const plan_side *)b)->account);
}

/* Reading and parsing a side's plans, on the work pool. */
typedef struct side_load {
	const kam_repo *repo;
	const kam_entry **entries; /* the plans to read */
	plan_side *plans;
	kam_diag_list *diags; /* per plan: why it is no plan */
} side_load;

static void load_plan(void *ctx, size_t i, size_t worker)
{
	(void)worker;
	side_load *l = ctx;
	const kam_entry *e = l->entries[i];
	plan_side *p = &l->plans[i];
	kam_doc_read(&p->doc, kam_repo_files(l->repo), e->rel, e->rel, NULL, &l->diags[i]);
	p->account = kam_xstrdup(e->account);
	p->file = kam_doc_file(p->doc);
	p->fm = kam_doc_frontmatter(p->doc);
}

/* The plans of repo whose files differ in other (all when other is NULL):
 * an unchanged file is neither read nor parsed. */
static int load_side(const kam_repo *repo, const kam_repo *other, plan_side **out, size_t *count,
		     kam_error *err)
{
	kam_entry *entries;
	size_t n;
	*out = NULL;
	*count = 0;
	if (kam_repo_list(repo, &entries, &n, err) < 0)
		return KAM_ENOTFOUND;
	side_load l = {repo, kam_xcalloc(n + 1, sizeof(kam_entry *)), kam_xcalloc(n + 1, sizeof(plan_side)),
		       kam_xcalloc(n + 1, sizeof(kam_diag_list))};
	size_t kept = 0;
	for (size_t i = 0; i < n; i++)
		if (entries[i].is_plan &&
		    !(other && kam_files_same(kam_repo_files(repo), kam_repo_files(other), entries[i].rel)))
			l.entries[kept++] = &entries[i];
	kam_pool_jobs jobs = {kept, load_plan, NULL, &l};
	kam_pool_run(&jobs, kam_thread_count(kept));
	int rc = KAM_OK;
	for (size_t i = 0; i < kept; i++) {
		const kam_node *fm = l.plans[i].fm;
		if (rc == KAM_OK && (!fm || fm->kind != KAM_NODE_MAP))
			rc = kam_error_set(err, KAM_EINVALID, "%s in %s is not a valid plan%s%s (run kam check)",
					   l.entries[i]->rel, kam_files_describe(kam_repo_files(repo)),
					   l.diags[i].count ? ": " : "",
					   l.diags[i].count ? l.diags[i].items[0].message : "");
		kam_diag_list_release(&l.diags[i]);
	}
	kam_entries_free(entries, n);
	free(l.entries);
	free(l.diags);
	qsort(l.plans, kept, sizeof(plan_side), side_by_account);
	*out = l.plans;
	*count = kept;
	return rc;
}

static void free_side(plan_side *plans, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		kam_doc_free(plans[i].doc);
		free((char *)plans[i].account);
	}
	free(plans);
}

/* Sides are sorted by account (load_side), so a lookup is a binary search. */
static plan_side *find_side(plan_side *plans, size_t n, const char *account)
{
	plan_side key = {.account = account};
	return n ? bsearch(&key, plans, n, sizeof(plan_side), side_by_account) : NULL;
}

/* ------------------------------------------------------------------ */
/* the generic tree diff                                               */

typedef struct differ {
	kam_diff *d;
	kam_account_diff *a;
	size_t alloc;
	const char *collection, *entity;
	kam_buf path;
} differ;

static const char *node_label(const kam_node *n)
{
	static const char *const keys[] = {"name", "title", "text", "id"};
	for (size_t i = 0; i < 4; i++) {
		const char *s = kam_node_string(kam_node_get(n, keys[i]));
		if (s)
			return s;
	}
	return NULL;
}

/* A value as text: scalars as written, lists of scalars as [a, b]. */
static const char *value_text(kam_diff *d, const kam_node *n)
{
	if (!n)
		return NULL;
	if (n->kind == KAM_NODE_MAP)
		return keep(d, node_label(n) ? node_label(n) : "(a mapping)");
	if (n->kind != KAM_NODE_SEQ)
		return keep(d, n->kind == KAM_NODE_NULL ? "null" : n->text);
	kam_buf b = KAM_BUF_INIT;
	kam_buf_putc(&b, '[');
	for (size_t i = 0; i < n->count; i++)
		kam_buf_printf(&b, "%s%s", i ? ", " : "",
			       n->items[i]->text ? n->items[i]->text : "...");
	kam_buf_putc(&b, ']');
	const char *s = keep(d, b.ptr);
	kam_buf_release(&b);
	return s;
}

static void add_change(differ *df, kam_change_kind kind, const kam_node *old, const kam_node *new)
{
	kam_account_diff *a = df->a;
	a->changes = kam_grow(a->changes, &df->alloc, a->change_count + 1, sizeof(kam_change));
	const kam_node *at = new ? new : old;
	a->changes[a->change_count++] = (kam_change){
		kind, df->collection, df->entity, df->path.len ? keep(df->d, df->path.ptr) : NULL,
		value_text(df->d, old), value_text(df->d, new), at ? at->line : 0, false};
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
		diff_nodes(df, kam_map_index_get(&before, new->pairs[i].key), new->pairs[i].value);
		pop(df, mark);
	}
	for (size_t i = 0; i < old->count; i++)
		if (!kam_map_index_get(&after, old->pairs[i].key)) {
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

static void diff_nodes(differ *df, const kam_node *old, const kam_node *new)
{
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
	df->collection = keep(df->d, name);
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
		df->entity = keep(df->d, id->text);
		if (was)
			diff_nodes(df, was, new->items[i]);
		else
			add_change(df, KAM_CHANGE_ADDED, NULL, new->items[i]);
	}
	for (size_t i = 0; old && i < old->count; i++) {
		const kam_node *id = kam_node_get(old->items[i], key);
		if (item_with(&after, new, id))
			continue;
		df->entity = keep(df->d, id->text);
		add_change(df, KAM_CHANGE_REMOVED, old->items[i], NULL);
	}
	kam_text_table_release(&before);
	kam_text_table_release(&after);
	df->collection = df->entity = NULL;
}

static void diff_key(differ *df, const char *key, const kam_node *old, const kam_node *new)
{
	bool collection = (list_of_maps(old) || !old) && (list_of_maps(new) || !new) && (old || new);
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
		diff_key(df, new->pairs[i].key->text, kam_map_index_get(&before, new->pairs[i].key),
			 new->pairs[i].value);
	for (size_t i = 0; old && i < old->count; i++)
		if (!kam_map_index_get(&after, old->pairs[i].key))
			diff_key(df, old->pairs[i].key->text, old->pairs[i].value, NULL);
	kam_map_index_release(&before);
	kam_map_index_release(&after);
}

/* ------------------------------------------------------------------ */
/* bodies: lines added and removed per heading                         */

typedef struct section {
	char *heading; /* "" before the first heading */
	unsigned line;
	const char **lines;
	size_t count, alloc;
} section;

typedef struct sections {
	section *items;
	size_t count, alloc;
	kam_text_table by_heading; /* the first section of each heading */
} sections;

static char *line_copy(const char *p, const char *end)
{
	size_t n = (size_t)(end - p);
	if (n && p[n - 1] == '\r')
		n--;
	return kam_xstrndup(p, n);
}

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

/* Headings are indexed once all sections exist (growing moves them). */
static void index_sections(sections *s)
{
	for (size_t i = 0; i < s->count; i++)
		kam_text_table_put(&s->by_heading, s->items[i].heading, strlen(s->items[i].heading), i);
}

/* Split a body into sections at ATX headings outside fenced code. */
static void split_sections(const char *body, size_t len, unsigned first_line, sections *s)
{
	const char *p = body, *end = body + len;
	bool fenced = false;
	unsigned line = first_line;
	new_section(s, "", first_line);
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		char *text = line_copy(p, nl ? nl : end);
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
		for (size_t j = 0; j < s->items[i].count; j++)
			free((char *)s->items[i].lines[j]);
		free(s->items[i].lines);
		free(s->items[i].heading);
	}
	free(s->items);
	kam_text_table_release(&s->by_heading);
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
	*budget -= n * m;
	size_t *row = kam_xcalloc(m + 1, sizeof(size_t)), *prev = kam_xcalloc(m + 1, sizeof(size_t));
	for (size_t i = 1; i <= n; i++) {
		for (size_t j = 1; j <= m; j++)
			row[j] = strcmp(a->lines[i - 1], b->lines[j - 1]) == 0
					 ? prev[j - 1] + 1
					 : (prev[j] > row[j - 1] ? prev[j] : row[j - 1]);
		size_t *t = prev;
		prev = row;
		row = t;
	}
	size_t common = prev[m];
	free(row);
	free(prev);
	return common;
}

static const section *section_named(const sections *s, const char *heading)
{
	size_t at;
	return kam_text_table_get(&s->by_heading, heading, strlen(heading), &at) ? &s->items[at] : NULL;
}

static void body_change(differ *df, const section *sec, size_t added, size_t removed, unsigned line)
{
	char counts[48];
	snprintf(counts, sizeof(counts), "+%zu -%zu", added, removed);
	kam_account_diff *a = df->a;
	a->changes = kam_grow(a->changes, &df->alloc, a->change_count + 1, sizeof(kam_change));
	a->changes[a->change_count++] = (kam_change){
		KAM_CHANGE_MODIFIED, "body", keep(df->d, *sec->heading ? sec->heading : "(top)"), NULL,
		NULL, keep(df->d, counts), line, false};
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
		const section *before = section_named(&a, b.items[i].heading);
		size_t common = before ? common_lines(before, &b.items[i], &budget) : 0;
		size_t added = b.items[i].count - common, removed = before ? before->count - common : 0;
		if (added || removed)
			body_change(df, &b.items[i], added, removed, b.items[i].line);
	}
	for (size_t i = 0; i < a.count; i++)
		if (!section_named(&b, a.items[i].heading) && a.items[i].count)
			body_change(df, &a.items[i], 0, a.items[i].count, a.items[i].line);
	free_sections(&a);
	free_sections(&b);
}

/* ------------------------------------------------------------------ */
/* the story                                                           */

static void say(kam_diff *d, kam_account_diff *a, size_t *alloc, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void say(kam_diff *d, kam_account_diff *a, size_t *alloc, const char *fmt, ...)
{
	kam_buf b = KAM_BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	kam_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	a->story = kam_grow(a->story, alloc, a->story_count + 1, sizeof(char *));
	a->story[a->story_count++] = keep(d, b.ptr);
	kam_buf_release(&b);
}

static const char *money(kam_diff *d, double v)
{
	kam_buf b = KAM_BUF_INIT;
	kam_format_money(&b, v);
	const char *s = keep(d, b.ptr);
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

static const kam_node *entity_in(const kam_diff *d, const kam_node *fm, const char *collection,
				 const char *id)
{
	const kam_node *list = kam_node_get(fm, collection);
	size_t at;
	if (!id || !list || list->kind != KAM_NODE_SEQ)
		return NULL;
	return kam_text_table_get(ids_of(d->ids, list), id, strlen(id), &at) ? list->items[at] : NULL;
}

static int rank(const char *value, const char *const *order)
{
	for (int i = 0; value && order[i]; i++)
		if (strcmp(value, order[i]) == 0)
			return i;
	return -1;
}

static const char *const stages[] = {"identify", "validate", "qualify", "propose", "negotiate", NULL};
static const char *const attitudes[] = {"opponent", "skeptic", "neutral", "supporter", "advocate", NULL};

static bool is(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

static bool change_is(const kam_change *c, const char *collection, const char *field)
{
	return (collection ? is(c->collection, collection) : !c->collection) &&
	       (field ? is(c->field, field) : !c->field);
}

typedef struct story_ctx {
	kam_diff *d;
	kam_account_diff *a;
	size_t alloc;
	const kam_node *old, *new;
	const char *currency;
} story_ctx;

static void tell_opportunity(story_ctx *s, kam_change *c)
{
	const kam_node *o = entity_in(s->d, c->kind == KAM_CHANGE_REMOVED ? s->old : s->new, "opportunities",
				      c->entity);
	const char *stage = kam_node_string(kam_node_get(o, "stage"));
	const kam_node *value = kam_node_get(o, "value");
	const char *amount = value && value->kind == KAM_NODE_NUMBER ? money(s->d, value->number) : "?";
	if (c->kind == KAM_CHANGE_ADDED && (is(stage, "won") || is(stage, "lost")))
		say(s->d, s->a, &s->alloc, "%s %s, new (%s %s)", stage, c->entity, amount, s->currency);
	else if (c->kind == KAM_CHANGE_ADDED)
		say(s->d, s->a, &s->alloc, "new opportunity %s: %s (%s, %s %s)", c->entity,
		    c->new_value ? c->new_value : "", stage ? stage : "?", amount, s->currency);
	else if (c->kind == KAM_CHANGE_REMOVED)
		say(s->d, s->a, &s->alloc, "opportunity %s removed (was %s, %s %s)", c->entity,
		    stage ? stage : "?", amount, s->currency);
	else if (is(c->new_value, "won") || is(c->new_value, "lost"))
		say(s->d, s->a, &s->alloc, "%s %s (%s %s)", c->new_value, c->entity, amount, s->currency);
	else {
		int from = rank(c->old_value, stages), to = rank(c->new_value, stages);
		say(s->d, s->a, &s->alloc, "%s moved %s: %s -> %s", c->entity,
		    from >= 0 && to >= 0 && to < from ? "back" : "forward", c->old_value, c->new_value);
	}
	c->told = true;
}

static void tell_contact(story_ctx *s, kam_change *c)
{
	const kam_node *n = entity_in(s->d, c->kind == KAM_CHANGE_REMOVED ? s->old : s->new, "contacts", c->entity);
	const char *title = kam_node_string(kam_node_get(n, "title"));
	if (c->kind == KAM_CHANGE_ADDED)
		say(s->d, s->a, &s->alloc, "new contact %s: %s%s%s%s", c->entity, c->new_value,
		    title ? " (" : "", title ? title : "", title ? ")" : "");
	else if (c->kind == KAM_CHANGE_REMOVED)
		say(s->d, s->a, &s->alloc, "contact %s removed (%s)", c->entity, c->old_value);
	else if (is(c->field, "attitude")) {
		int from = rank(c->old_value, attitudes), to = rank(c->new_value, attitudes);
		say(s->d, s->a, &s->alloc, "%s: attitude %s -> %s%s", c->entity,
		    c->old_value ? c->old_value : "not set", c->new_value ? c->new_value : "not set",
		    from < 0 || to < 0 ? "" : to > from ? " (warmer)" : " (cooler)");
	} else {
		const kam_node *target = kam_node_get(kam_node_get(n, "relationship"), "target");
		const kam_node *level = kam_node_get(kam_node_get(n, "relationship"), "level");
		bool met = target && level && target->kind == KAM_NODE_NUMBER &&
			   level->kind == KAM_NODE_NUMBER && level->number >= target->number;
		say(s->d, s->a, &s->alloc, "relationship with %s: level %s -> %s%s%s%s", c->entity,
		    c->old_value ? c->old_value : "none", c->new_value ? c->new_value : "none",
		    target ? (met ? " (target " : " (target ") : "", target ? target->text : "",
		    target ? (met ? " reached)" : ")") : "");
	}
	c->told = true;
}

static void tell_goal_or_action(story_ctx *s, kam_change *c, const char *what)
{
	if (c->kind == KAM_CHANGE_ADDED)
		say(s->d, s->a, &s->alloc, "new %s %s: %s", what, c->entity, c->new_value);
	else if (c->kind == KAM_CHANGE_REMOVED)
		say(s->d, s->a, &s->alloc, "%s %s removed", what, c->entity);
	else
		say(s->d, s->a, &s->alloc, "%s %s %s (was %s)", what, c->entity, c->new_value,
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
		say(s->d, s->a, &s->alloc, "revenue %s: %s against a target of %s %s (%.0f%%)", c->entity,
		    money(s->d, actual->number), money(s->d, target->number), s->currency,
		    100.0 * actual->number / target->number);
	else if (row)
		say(s->d, s->a, &s->alloc, "revenue %s: target %s, actual %s", c->entity,
		    target ? target->text : "-", actual ? actual->text : "-");
	else
		say(s->d, s->a, &s->alloc, "revenue row %s removed", c->entity);
	for (size_t i = 0; i < s->a->change_count; i++) /* one sentence per row */
		if (is(s->a->changes[i].collection, "revenue") && is(s->a->changes[i].entity, c->entity))
			s->a->changes[i].told = true;
}

static void tell_changes(story_ctx *s)
{
	kam_account_diff *a = s->a;
	for (size_t i = 0; i < a->change_count; i++) {
		kam_change *c = &a->changes[i];
		if (c->told)
			continue;
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
		else if (change_is(c, NULL, "reviewed") && c->new_value) {
			say(s->d, s->a, &s->alloc, "plan reviewed on %s", c->new_value);
			c->told = true;
		}
	}
}

static void tell_numbers(story_ctx *s)
{
	kam_account_diff *a = s->a;
	if (a->has_before && a->has_after && fabs(a->before.open_pipeline - a->after.open_pipeline) > 0.5) {
		double delta = a->after.open_pipeline - a->before.open_pipeline;
		say(s->d, a, &s->alloc, "open pipeline %s -> %s %s (%s%s)", money(s->d, a->before.open_pipeline),
		    money(s->d, a->after.open_pipeline), s->currency, delta > 0 ? "+" : "-",
		    money(s->d, fabs(delta)));
	}
}

static void tell_health(story_ctx *s)
{
	kam_account_diff *a = s->a;
	if (a->has_before && a->has_after && a->before.health.score != a->after.health.score)
		say(s->d, a, &s->alloc, "health %d -> %d", a->before.health.score, a->after.health.score);
}

static void tell_story(kam_diff *d, kam_account_diff *a, const plan_side *old, const plan_side *new)
{
	story_ctx s = {d, a, 0, old ? old->fm : NULL, new ? new->fm : NULL,
		       a->has_after ? a->after.currency : a->before.currency};
	if (a->status == KAM_ACCOUNT_ADDED && a->after.open_opportunities)
		say(d, a, &s.alloc, "new plan: %s, %zu open opportunit%s (%s %s)", a->name ? a->name : a->account,
		    a->after.open_opportunities, a->after.open_opportunities == 1 ? "y" : "ies",
		    money(d, a->after.open_pipeline), s.currency);
	else if (a->status == KAM_ACCOUNT_ADDED)
		say(d, a, &s.alloc, "new plan: %s", a->name ? a->name : a->account);
	if (a->status == KAM_ACCOUNT_REMOVED) {
		say(d, a, &s.alloc, "plan removed");
		return;
	}
	tell_numbers(&s);
	tell_changes(&s);
	tell_health(&s);
}

/* ------------------------------------------------------------------ */

static void note_pipeline(plan_side *side, const kam_plan_summary *s)
{
	side->pipeline = s->open_pipeline;
	snprintf(side->currency, sizeof(side->currency), "%s", s->currency ? s->currency : "");
}

static void diff_account(kam_diff *d, plan_side *old, plan_side *new,
			 const kam_rules_context *ctx_before, const kam_rules_context *ctx_after)
{
	d->accounts = kam_grow(d->accounts, &d->alloc, d->count + 1, sizeof(kam_account_diff));
	kam_account_diff *a = &d->accounts[d->count];
	memset(a, 0, sizeof(*a));
	const plan_side *any = new ? new : old;
	a->account = keep(d, any->account);
	a->file = keep(d, any->file);
	a->name = keep(d, kam_node_string(kam_node_get(any->fm, "name")));
	a->status = !old ? KAM_ACCOUNT_ADDED : !new ? KAM_ACCOUNT_REMOVED : KAM_ACCOUNT_CHANGED;
	kam_diag_list discard = {0};
	if ((a->has_before = old != NULL)) {
		kam_rules_check_plan(ctx_before, old->fm, old->file, &discard, &a->before);
		note_pipeline(old, &a->before);
	}
	if ((a->has_after = new != NULL)) {
		kam_rules_check_plan(ctx_after, new->fm, new->file, &discard, &a->after);
		note_pipeline(new, &a->after);
	}
	kam_diag_list_release(&discard);
	differ df = {d, a, 0, NULL, NULL, KAM_BUF_INIT};
	if (old && new) {
		diff_frontmatter(&df, old->fm, new->fm);
		diff_bodies(&df, old->doc, new->doc);
	}
	kam_buf_release(&df.path);
	if (a->status == KAM_ACCOUNT_CHANGED && !a->change_count) {
		kam_plan_summary_release(&a->before);
		kam_plan_summary_release(&a->after);
		return; /* unchanged (the file may differ in comments only) */
	}
	tell_story(d, a, old, new);
	d->count++;
}

static int by_account(const void *x, const void *y)
{
	return strcmp(((const kam_account_diff *)x)->account, ((const kam_account_diff *)y)->account);
}

int kam_diff_repos(kam_diff **out, const kam_repo *base, const kam_repo *head,
		   const kam_rules_context *ctx_before, const kam_rules_context *ctx_after,
		   kam_error *err)
{
	kam_diff *d = kam_xcalloc(1, sizeof(*d));
	d->arena = kam_arena_new();
	d->ids = kam_xcalloc(1, sizeof(id_cache));
	*out = NULL;
	if ((base && load_side(base, head, &d->before, &d->before_count, err) < 0) ||
	    load_side(head, base, &d->after, &d->after_count, err) < 0) {
		kam_diff_free(d);
		return KAM_EINVALID;
	}
	for (size_t i = 0; i < d->after_count; i++)
		diff_account(d, find_side(d->before, d->before_count, d->after[i].account), &d->after[i],
			     ctx_before, ctx_after);
	for (size_t i = 0; i < d->before_count; i++)
		if (!find_side(d->after, d->after_count, d->before[i].account))
			diff_account(d, &d->before[i], NULL, ctx_before, ctx_after);
	if (d->count > 1)
		qsort(d->accounts, d->count, sizeof(kam_account_diff), by_account);
	*out = d;
	return KAM_OK;
}

static void release_account(kam_account_diff *a)
{
	free(a->changes);
	free(a->story);
	kam_plan_summary_release(&a->before);
	kam_plan_summary_release(&a->after);
}

static int one_side(kam_diff *d, plan_side **out, size_t *count, const char *account, kam_doc *doc)
{
	if (!doc)
		return KAM_OK;
	*out = kam_xcalloc(1, sizeof(plan_side));
	*count = 1;
	(*out)->account = kam_xstrdup(account);
	(*out)->doc = doc;
	(*out)->file = kam_doc_file(doc);
	(*out)->fm = kam_doc_frontmatter(doc);
	(void)d;
	return (*out)->fm && (*out)->fm->kind == KAM_NODE_MAP ? KAM_OK : KAM_EINVALID;
}

int kam_diff_docs(kam_diff **out, const char *account, kam_doc *before, kam_doc *after,
		  const kam_rules_context *ctx_before, const kam_rules_context *ctx_after,
		  kam_error *err)
{
	kam_diff *d = kam_xcalloc(1, sizeof(*d));
	d->arena = kam_arena_new();
	d->ids = kam_xcalloc(1, sizeof(id_cache));
	*out = NULL;
	int rc = one_side(d, &d->before, &d->before_count, account, before);
	int rc2 = one_side(d, &d->after, &d->after_count, account, after);
	if (rc < 0 || rc2 < 0 || (!before && !after)) {
		kam_diff_free(d);
		return kam_error_set(err, KAM_EINVALID, "%s: both versions must be plans", account);
	}
	diff_account(d, d->before, d->after, ctx_before, ctx_after);
	*out = d;
	return KAM_OK;
}

void kam_diff_free(kam_diff *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->count; i++)
		release_account(&d->accounts[i]);
	free(d->accounts);
	free_side(d->before, d->before_count);
	free_side(d->after, d->after_count);
	for (size_t i = 0; i < CACHED_LISTS; i++)
		kam_text_table_release(&d->ids->lists[i].ids);
	free(d->ids);
	kam_arena_free(d->arena);
	free(d);
}

static void keep_side(plan_side *plans, size_t *count, const char *account)
{
	size_t kept = 0;
	for (size_t i = 0; i < *count; i++) {
		if (strcmp(plans[i].account, account) == 0)
			plans[kept++] = plans[i];
		else {
			kam_doc_free(plans[i].doc);
			free((char *)plans[i].account);
		}
	}
	*count = kept;
}

void kam_diff_keep_account(kam_diff *d, const char *account)
{
	size_t kept = 0;
	for (size_t i = 0; i < d->count; i++) {
		if (strcmp(d->accounts[i].account, account) == 0)
			d->accounts[kept++] = d->accounts[i];
		else
			release_account(&d->accounts[i]);
	}
	d->count = kept;
	keep_side(d->before, &d->before_count, account);
	keep_side(d->after, &d->after_count, account);
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

static void count_opportunity(const kam_diff *d, const kam_change *c, const plan_side *new,
			      kam_diff_totals *t)
{
	const kam_node *fm = new ? new->fm : NULL;
	const char *stage = c->new_value;
	if (!c->field) { /* an added opportunity */
		const kam_node *o = entity_in(d, fm, "opportunities", c->entity);
		stage = kam_node_string(kam_node_get(o, "stage"));
		t->added += c->kind == KAM_CHANGE_ADDED;
		if (c->kind != KAM_CHANGE_ADDED)
			return;
	}
	const kam_node *o = entity_in(d, fm, "opportunities", c->entity);
	const kam_node *value = kam_node_get(o, "value");
	if (is(stage, "won")) {
		t->won++;
		if (new && value && value->kind == KAM_NODE_NUMBER)
			money_in(t, new->currency)->won_value += value->number;
	} else if (is(stage, "lost"))
		t->lost++;
	else if (c->field) {
		int from = rank(c->old_value, stages), to = rank(c->new_value, stages);
		*(to < from ? &t->stage_back : &t->stage_forward) += 1;
	}
}

static void count_relationship(const kam_diff *d, const kam_change *c, const plan_side *new,
			       kam_diff_totals *t)
{
	const kam_node *rel = kam_node_get(entity_in(d, new->fm, "contacts", c->entity), "relationship");
	const kam_node *target = kam_node_get(rel, "target"), *level = kam_node_get(rel, "level");
	t->targets++;
	t->targets_met += target && level && target->kind == KAM_NODE_NUMBER &&
			  level->kind == KAM_NODE_NUMBER && level->number >= target->number;
}

void kam_diff_totals_of(const kam_diff *d, const char *currency, kam_diff_totals *t)
{
	memset(t, 0, sizeof(*t));
	money_in(t, currency ? currency : "");
	t->accounts_changed = d->count;
	for (size_t i = 0; i < d->before_count; i++) /* the accounts that changed */
		money_in(t, d->before[i].currency)->pipeline_before += d->before[i].pipeline;
	for (size_t i = 0; i < d->after_count; i++)
		money_in(t, d->after[i].currency)->pipeline_after += d->after[i].pipeline;
	for (size_t i = 0; i < d->count; i++) {
		const kam_account_diff *a = &d->accounts[i];
		const plan_side *new = find_side(d->after, d->after_count, a->account);
		const kam_node *opps = new ? kam_node_get(new->fm, "opportunities") : NULL;
		if (a->status == KAM_ACCOUNT_ADDED && opps && opps->kind == KAM_NODE_SEQ)
			t->added += opps->count; /* a new plan's deals are new to the pipeline */
		for (size_t j = 0; j < a->change_count; j++) {
			const kam_change *c = &a->changes[j];
			if (change_is(c, "opportunities", NULL) || change_is(c, "opportunities", "stage"))
				count_opportunity(d, c, new, t);
			if (change_is(c, "contacts", "relationship.level") && new)
				count_relationship(d, c, new, t);
		}
	}
}

void kam_diff_totals_release(kam_diff_totals *t)
{
	free(t->money);
	t->money = NULL;
	t->money_count = 0;
}
