/* The repository index: ids, references, links and anchors of every
 * document, and their resolution. Strings live in the index's arena, so a
 * document's tree can be freed as soon as it has been added. */
#define _DEFAULT_SOURCE
#include "kam/index.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "kam/body.h"
#include "kam/pool.h"
#include "kam/plan.h"
#include "blocks.h"
#include "banned.h"

typedef struct index_doc {
	const char *rel;     /* relative to the repository root */
	const char *file;    /* as shown */
	const char *account; /* the account it belongs to */
	const char *stem;    /* plans: the file name without .md */
	bool is_plan, report;
	bool body_known;     /* its body was read (even when its frontmatter was not) */
	bool depended_on;    /* unread plans: a reported document needs it */
	const char *unread;  /* why a plan could not be read, or NULL */
	const char **anchors;
	size_t anchor_count, anchor_alloc;
	size_t first_entity, first_ref; /* where its entities and references start */
	kam_text_table anchor_table;    /* anchor -> index, once all are known */
	kam_arena *own; /* its text, when kam_index_replace put it in: freed with the next */
	bool misplaced; /* declarations under a key the schema does not know, at the top */
} index_doc;

struct kam_index {
	const kam_repo *repo;
	kam_arena *arena;
	index_doc *docs;
	size_t doc_count, doc_alloc;
	kam_entity *entities;
	size_t entity_count, entity_alloc;
	kam_ref *refs;
	size_t ref_count, ref_alloc;
	uint32_t *ref_ns; /* per ref: 1 + its namespaces' number in ns_lists (0: none) */
	const char **ns_lists; /* the namespaces fields name, "contact|team": a few */
	size_t ns_list_count, ns_list_alloc;
	kam_text_table ns_ids; /* ns_lists by text */
	kam_touch *touches;
	size_t touch_count, touch_alloc;
	bool touches_sorted;
	size_t ns_alloc;
	index_doc *extra; /* anchors of linked files that are not documents */
	size_t extra_count, extra_alloc;
	pthread_mutex_t extra_lock; /* links resolve on several threads */
	struct id_entry *by_id; /* entities grouped by id and scope, for lookups */
	size_t by_id_alloc;     /* the entries by_id was made for (kam_big_calloc) */
	uint32_t *by_id_hash;   /* open addressing on (id, scope): 1 + the first slot of its run */
	size_t by_id_hash_size; /* a power of two */
	size_t by_id_count;
	struct id_slot *by_rel; /* documents sorted by path */
	size_t by_rel_count;
	bool owns_arena;
	kam_arena **adopted; /* the arenas of merged parts, whose strings we point to */
	size_t adopted_count, adopted_alloc;
	bool local_ns[2]; /* competitor, offering ids declared in documents (ever
			     merged: noted as each part collects them, not found
			     by a walk over half a million entities) */
	kam_arena *replaced; /* what resolving replaced documents' links keeps */
	kam_text_table strings; /* one copy of each text merged parts brought (intern) */
	struct settle *settle;  /* kam_index_forget_settled: references settled at merge */
};

typedef struct id_slot {
	const char *key;
	const char *scope; /* entities: their account ("" for team members) */
	size_t index;
	uint64_t hash; /* by_id: of key and scope */
} id_slot;

/* An entity in by_id: its id and scope are the entity's own, read through
 * its number (8 bytes a slot, not 32: half a million ids at 10,000 plans;
 * an index of 2^32 entities would need 350 GB before it). */
typedef struct id_entry {
	uint32_t hash; /* of its id and scope */
	uint32_t index;
} id_entry;

/* Both given and equal (texts merged into the index are one copy each,
 * so equal ones are mostly one address). */
static bool same(const char *a, const char *b)
{
	return a && b && (a == b || strcmp(a, b) == 0);
}

/* Namespaces whose ids are the repository's, not an account's: team
 * members and tiers come from kam.yaml, and so do competitors and
 * offerings once kam.yaml declares them (a repository's own schema may
 * declare its own per account). */
static bool global_ns(const kam_index *x, const char *ns)
{
	if (!ns)
		return false;
	if (strcmp(ns, "team") == 0 || strcmp(ns, "tier") == 0)
		return true;
	const kam_config *c = kam_repo_config(x->repo);
	return (strcmp(ns, "competitor") == 0 && c->competitors.declared) ||
	       (strcmp(ns, "offering") == 0 && c->offerings.declared);
}

static const char *keep(kam_index *x, const char *s)
{
	return s ? kam_arena_strndup(x->arena, s, strlen(s)) : NULL;
}

static kam_index *index_create(const kam_repo *repo, kam_arena *arena)
{
	kam_index *x = kam_xcalloc(1, sizeof(*x));
	x->repo = repo;
	x->owns_arena = !arena;
	x->arena = arena ? arena : kam_arena_new();
	pthread_mutex_init(&x->extra_lock, NULL);
	return x;
}

static void add_declared(kam_index *x, const char *ns, const kam_declared_list *list)
{
	for (size_t i = 0; i < list->count; i++) {
		x->entities = kam_big_grow(x->entities, &x->entity_alloc, x->entity_count + 1,
					   sizeof(kam_entity));
		x->entities[x->entity_count++] = (kam_entity){NULL, ns, keep(x, list->items[i].id),
							      keep(x, list->items[i].name), "kam.yaml",
							      list->items[i].line, list->items[i].column, KAM_DOC_NONE,
							      false, false, "", NULL};
	}
}

kam_index *kam_index_new(const kam_repo *repo)
{
	kam_index *x = index_create(repo, NULL);
	const kam_config *c = kam_repo_config(repo);
	for (size_t i = 0; i < c->team_count; i++) {
		/* at its id, as a contact is; column 1 when the repository did not say */
		unsigned column = c->team_columns && c->team_columns[i] ? c->team_columns[i] : 1;
		x->entities = kam_big_grow(x->entities, &x->entity_alloc, x->entity_count + 1,
					   sizeof(kam_entity));
		x->entities[x->entity_count++] = (kam_entity){NULL, "team", keep(x, c->team[i].id),
							      keep(x, c->team[i].name), "kam.yaml",
							      c->team[i].line, column, KAM_DOC_NONE, false, false, "", NULL};
	}
	add_declared(x, "competitor", &c->competitors);
	add_declared(x, "offering", &c->offerings);
	for (size_t i = 0; i < c->tier_count; i++) {
		bool repeated = false; /* the schema reports a tier listed twice */
		for (size_t j = 0; j < i && !repeated; j++)
			repeated = same(c->tiers[i], c->tiers[j]);
		if (repeated)
			continue;
		x->entities = kam_big_grow(x->entities, &x->entity_alloc, x->entity_count + 1,
					   sizeof(kam_entity));
		x->entities[x->entity_count++] = (kam_entity){NULL, "tier", keep(x, c->tiers[i]), NULL,
							      "kam.yaml", c->tiers_line ? c->tiers_line : 1, 1,
							      KAM_DOC_NONE, false, false, "", NULL};
	}
	return x;
}

static void settle_free(struct settle *st);

void kam_index_free(kam_index *x)
{
	if (!x)
		return;
	for (size_t i = 0; i < x->doc_count; i++) {
		free(x->docs[i].anchors);
		kam_text_table_release(&x->docs[i].anchor_table);
		kam_arena_free(x->docs[i].own);
	}
	kam_arena_free(x->replaced);
	for (size_t i = 0; i < x->extra_count; i++) {
		free(x->extra[i].anchors);
		kam_text_table_release(&x->extra[i].anchor_table);
	}
	kam_big_free(x->docs, x->doc_alloc, sizeof(index_doc));
	free(x->extra);
	kam_big_free(x->entities, x->entity_alloc, sizeof(kam_entity));
	kam_big_free(x->refs, x->ref_alloc, sizeof(kam_ref));
	kam_big_free(x->ref_ns, x->ns_alloc, sizeof(uint32_t));
	free(x->ns_lists);
	kam_text_table_release(&x->ns_ids);
	kam_big_free(x->touches, x->touch_alloc, sizeof(kam_touch));
	kam_big_free(x->by_id, x->by_id_alloc, sizeof(id_entry));
	kam_big_free(x->by_id_hash, x->by_id_hash_size, sizeof(uint32_t));
	free(x->by_rel);
	for (size_t i = 0; i < x->adopted_count; i++)
		kam_arena_free(x->adopted[i]);
	free(x->adopted);
	if (x->owns_arena)
		kam_arena_free(x->arena);
	kam_text_table_release(&x->strings);
	settle_free(x->settle);
	pthread_mutex_destroy(&x->extra_lock);
	free(x);
}

/* ------------------------------------------------------------------ */
/* collecting                                                          */

/* Value nodes already seen, so that a node several subschemas mark (allOf)
 * is collected once: open addressing on the node's address. */
typedef struct node_set {
	const kam_node **slots;
	size_t count, size; /* size: a power of two, or 0 */
} node_set;

static size_t node_hash(const kam_node *n, size_t size)
{
	uintptr_t h = (uintptr_t)n / sizeof(void *);
	return (size_t)(h * 0x9E3779B97F4A7C15ULL >> 17) & (size - 1);
}

static void node_set_grow(node_set *set)
{
	node_set bigger = {kam_xcalloc(set->size ? set->size * 2 : 64, sizeof(kam_node *)), 0,
			   set->size ? set->size * 2 : 64};
	for (size_t i = 0; i < set->size; i++)
		if (set->slots[i]) {
			size_t j = node_hash(set->slots[i], bigger.size);
			while (bigger.slots[j])
				j = (j + 1) & (bigger.size - 1);
			bigger.slots[j] = set->slots[i];
			bigger.count++;
		}
	free(set->slots);
	*set = bigger;
}

/* Adds n; false when it was there already. */
static bool node_set_add(node_set *set, const kam_node *n)
{
	if (2 * (set->count + 1) > set->size)
		node_set_grow(set);
	size_t j = node_hash(n, set->size);
	for (; set->slots[j]; j = (j + 1) & (set->size - 1))
		if (set->slots[j] == n)
			return false;
	set->slots[j] = n;
	set->count++;
	return true;
}

/* Namespace texts a document's references share ("contact|team"): made
 * once per schema node, not once per reference. */
/* A namespace text a document keeps, by what it came from in the schema
 * (a node of x-kam-ref, or the text of x-kam-id). */
typedef struct kept_ns {
	const void *from;
	const char *copy;
} kept_ns;

typedef struct collector {
	kam_index *x;
	size_t doc;
	const char *file;
	node_set ids, refs;
	kept_ns namespaces[32]; /* one copy per document, not one per id or reference */
	size_t namespace_count;
	size_t if_declared_refs; /* x-kam-ref-if-declared references collected */
} collector;

static const char *kept_namespace(const collector *c, const void *from)
{
	for (size_t i = 0; i < c->namespace_count; i++)
		if (c->namespaces[i].from == from)
			return c->namespaces[i].copy;
	return NULL;
}

static const char *keep_namespace(collector *c, const void *from, const char *copy)
{
	if (c->namespace_count < sizeof(c->namespaces) / sizeof(c->namespaces[0]))
		c->namespaces[c->namespace_count++] = (kept_ns){from, copy};
	return copy;
}

/* The namespace of an id: one copy per document, so merging interns it once. */
static const char *keep_id_ns(collector *c, const char *ns)
{
	const char *kept = kept_namespace(c, ns);
	return kept ? kept : keep_namespace(c, ns, keep(c->x, ns));
}

static const char *entity_name(const kam_node *parent)
{
	static const char *const keys[] = {"name", "title", "text"};
	for (size_t i = 0; i < 3; i++) {
		const char *s = kam_node_string(kam_node_get(parent, keys[i]));
		if (s)
			return s;
	}
	return NULL;
}

static bool ends_with_key(const char *path, const char *key)
{
	size_t pl = strlen(path), kl = strlen(key);
	return pl >= kl && strcmp(path + pl - kl, key) == 0 && (pl == kl || path[pl - kl - 1] == '.');
}

/* Whether a document declares competitor or offering ids itself (a
 * repository's own schema may declare them per account). */
static void note_local_ns(kam_index *x, const char *ns)
{
	x->local_ns[0] |= strcmp(ns, "competitor") == 0;
	x->local_ns[1] |= strcmp(ns, "offering") == 0;
}

static void on_id(void *ctx, const char *ns, const kam_node *v, const kam_node *parent,
		  const char *path)
{
	collector *c = ctx;
	kam_index *x = c->x;
	index_doc *d = &x->docs[c->doc];
	if (!node_set_add(&c->ids, v)) /* one node, several subschemas */
		return;
	bool is_account = strcmp(ns, "account") == 0;
	note_local_ns(x, ns);
	const char *dot = strrchr(path, '.');
	x->entities = kam_big_grow(x->entities, &x->entity_alloc, x->entity_count + 1,
				   sizeof(kam_entity));
	x->entities[x->entity_count++] = (kam_entity){
		is_account ? keep(x, v->text) : d->account, keep_id_ns(c, ns), keep(x, v->text),
		keep(x, is_account ? kam_node_string(kam_node_get(parent, "name")) : entity_name(parent)),
		d->file, v->line, v->column, c->doc, !is_account && ends_with_key(path, "id"), false,
		dot ? kam_arena_strndup(x->arena, path, (size_t)(dot - path)) : "",
		keep(x, kam_node_string(kam_node_get(parent, "type")))};
}

static void namespaces_text(kam_buf *out, const kam_node *ns)
{
	if (ns->kind == KAM_NODE_STRING)
		kam_buf_puts(out, ns->text);
	for (size_t i = 0; ns->kind == KAM_NODE_SEQ && i < ns->count; i++)
		if (ns->items[i]->kind == KAM_NODE_STRING)
			kam_buf_printf(out, "%s%s", out->len ? "|" : "", ns->items[i]->text);
}

static const char *namespaces_of(collector *c, const kam_node *ns)
{
	const char *kept = kept_namespace(c, ns);
	if (kept)
		return kept;
	kam_buf list = KAM_BUF_INIT;
	namespaces_text(&list, ns);
	const char *text = keep(c->x, kam_buf_cstr(&list));
	kam_buf_release(&list);
	return keep_namespace(c, ns, text);
}

/* The number of a namespaces text ("contact|team") in x, 1 + its place in
 * ns_lists, 0 for none: four bytes per reference instead of a pointer,
 * the texts themselves a handful, copied into x's arena. */
static uint32_t ns_id(kam_index *x, const char *list)
{
	if (!list)
		return 0;
	size_t n = strlen(list), at;
	if (kam_text_table_get(&x->ns_ids, list, n, &at))
		return (uint32_t)at + 1;
	const char *copy = kam_arena_strndup(x->arena, list, n);
	x->ns_lists = kam_grow(x->ns_lists, &x->ns_list_alloc, x->ns_list_count + 1, sizeof(char *));
	x->ns_lists[x->ns_list_count] = copy;
	kam_text_table_put(&x->ns_ids, copy, n, x->ns_list_count);
	return (uint32_t)++x->ns_list_count;
}

/* The namespaces the reference i names, or NULL. */
static const char *ref_ns_text(const kam_index *x, size_t i)
{
	return x->ref_ns[i] ? x->ns_lists[x->ref_ns[i] - 1] : NULL;
}

static kam_ref *add_ref(kam_index *x, kam_ref_kind kind, size_t doc, unsigned line,
			unsigned column, const char *text)
{
	x->refs = kam_big_grow(x->refs, &x->ref_alloc, x->ref_count + 1, sizeof(kam_ref));
	size_t ns_alloc = x->ns_alloc;
	x->ref_ns = kam_big_grow(x->ref_ns, &ns_alloc, x->ref_count + 1, sizeof(uint32_t));
	x->ns_alloc = ns_alloc;
	x->ref_ns[x->ref_count] = 0;
	kam_ref *r = &x->refs[x->ref_count++];
	*r = (kam_ref){.text = keep(x, text), .doc = (uint32_t)doc, .line = line, .column = column,
		       .kind = (unsigned char)kind};
	return r;
}

static void on_ref(void *ctx, const kam_node *ns, const kam_node *v, const char *path,
		   bool if_declared)
{
	collector *c = ctx;
	kam_index *x = c->x;
	if (!node_set_add(&c->refs, v))
		return;
	kam_ref *r = add_ref(x, KAM_REF_FIELD, c->doc, v->line, v->column, v->text);
	r->field = keep(x, path);
	x->ref_ns[x->ref_count - 1] = ns_id(x, namespaces_of(c, ns));
	c->if_declared_refs += if_declared;
	r->broken = if_declared; /* marks it until drop_undeclared decides */
}

/* Whether the document being collected declares something of namespace ns. */
static bool declares(const kam_index *x, const index_doc *d, const char *ns)
{
	for (size_t i = d->first_entity; i < x->entity_count; i++)
		if (strcmp(x->entities[i].ns, ns) == 0)
			return true;
	return false;
}

/* A reference that names something only when its document declares that
 * kind of thing (x-kam-ref-if-declared) is free text otherwise: dropped. */
static void drop_undeclared(kam_index *x, const collector *c)
{
	if (!c->if_declared_refs)
		return;
	index_doc *d = &x->docs[c->doc];
	size_t kept = d->first_ref;
	for (size_t i = d->first_ref; i < x->ref_count; i++) {
		kam_ref *r = &x->refs[i];
		if (r->kind == KAM_REF_FIELD && r->broken) {
			r->broken = false;
			if (!declares(x, d, ref_ns_text(x, i)))
				continue;
		}
		x->ref_ns[kept] = x->ref_ns[i];
		x->refs[kept++] = *r;
	}
	x->ref_count = kept;
}

typedef struct body_ctx {
	collector *c;
	index_doc *d;
} body_ctx;

static void body_anchor(void *ctx, const char *anchor, unsigned line)
{
	(void)line;
	body_ctx *b = ctx;
	index_doc *d = b->d;
	d->anchors = kam_grow(d->anchors, &d->anchor_alloc, d->anchor_count + 1, sizeof(char *));
	d->anchors[d->anchor_count++] = keep(b->c->x, anchor);
}

static void body_link(void *ctx, const char *url, unsigned line, unsigned column)
{
	body_ctx *b = ctx;
	add_ref(b->c->x, KAM_REF_LINK, b->c->doc, line, column, url);
}

static void body_reference(void *ctx, const char *target, unsigned line, unsigned column)
{
	body_ctx *b = ctx;
	add_ref(b->c->x, KAM_REF_WIKI, b->c->doc, line, column, target);
}

/* A table only for documents with many headings: most have a few, which
 * a scan finds as fast, and a table of 64 slots each would be 15 MB over
 * 10,000 plans. */
enum { ANCHORS_SCANNED = 16 };

static void index_anchors(index_doc *d)
{
	for (size_t i = 0; d->anchor_count > ANCHORS_SCANNED && i < d->anchor_count; i++)
		kam_text_table_put(&d->anchor_table, d->anchors[i], strlen(d->anchors[i]), i);
}

static bool has_anchor(const index_doc *d, const char *anchor)
{
	if (d->anchor_count > ANCHORS_SCANNED)
		return kam_text_table_get(&d->anchor_table, anchor, strlen(anchor), NULL);
	for (size_t i = 0; i < d->anchor_count; i++)
		if (strcmp(d->anchors[i], anchor) == 0)
			return true;
	return false;
}

static const char *file_stem(kam_index *x, const char *rel)
{
	const char *base = strrchr(rel, '/');
	base = base ? base + 1 : rel;
	size_t n = strlen(base);
	return kam_arena_strndup(x->arena, base, n > 3 ? n - 3 : n);
}

/* Whether v is a list of mappings with ids: declarations. */
static bool declares_ids(const kam_node *v)
{
	for (size_t i = 0; v && v->kind == KAM_NODE_SEQ && i < v->count; i++)
		if (v->items[i]->kind == KAM_NODE_MAP && kam_node_get(v->items[i], "id"))
			return true;
	return false;
}

/* Whether a finding from the first on says a key at the top of fm is
 * unknown while it holds declarations (a misspelled 'contacts:'). */
static bool declarations_misplaced(const kam_node *fm, const kam_diag_list *diags, size_t first)
{
	for (size_t i = first; fm && fm->kind == KAM_NODE_MAP && i < diags->count; i++) {
		const kam_diag *d = &diags->items[i];
		if (d->rule != KAM_RULE_SCHEMA_UNKNOWN_KEY || (d->path && *d->path))
			continue;
		for (size_t k = 0; k < fm->count; k++)
			if (fm->pairs[k].key->line == d->line && fm->pairs[k].key->column == d->column &&
			    declares_ids(fm->pairs[k].value))
				return true;
	}
	return false;
}

static void add_document(kam_index *x, const kam_entry *e, const char *file, const kam_doc *doc,
			 const kam_schema *schema, bool report, kam_diag_list *diags);

kam_index *kam_index_collect(const kam_repo *repo, kam_arena *arena, const kam_entry *e,
			     const char *file, const kam_doc *doc, const kam_schema *schema,
			     bool report, kam_diag_list *diags)
{
	kam_index *part = index_create(repo, arena);
	add_document(part, e, file, doc, schema, report, diags);
	return part;
}

static void *append(void *items, size_t *alloc, size_t count, const void *more, size_t n,
		    size_t size)
{
	items = kam_big_grow(items, alloc, count + n, size);
	if (n)
		memcpy((char *)items + count * size, more, n * size);
	return items;
}

/* One copy of s in the index (value: the copy's address). Plans repeat
 * the same field paths, namespaces, ids and names (10,000 generated plans
 * hold 2.4 million references but 20,000 different texts), so the index
 * grows with what documents declare and reference, not with their bytes. */
static const char *intern(kam_index *x, const char *s)
{
	if (!s)
		return NULL;
	size_t n = strlen(s), at;
	if (kam_text_table_get(&x->strings, s, n, &at))
		return (const char *)(uintptr_t)at;
	const char *copy = kam_arena_strndup(x->arena, s, n);
	kam_text_table_put(&x->strings, copy, n, (size_t)(uintptr_t)copy);
	return copy;
}

/* Texts a part repeats by address (its document's account and file in
 * every entity, a namespace in every id of it) are interned once each. */
typedef struct intern_memo {
	const char *from[64], *to[64];
} intern_memo;

static const char *intern_once(kam_index *x, intern_memo *m, const char *s)
{
	if (!s)
		return NULL;
	size_t i = (size_t)(((uintptr_t)s * UINT64_C(0x9E3779B97F4A7C15)) >> 58);
	if (m->from[i] != s) {
		m->from[i] = s;
		m->to[i] = intern(x, s);
	}
	return m->to[i];
}

/* Every text of part made x's own, so part's arena can go. */
static void intern_part(kam_index *x, kam_index *part)
{
	intern_memo m = {{0}, {0}};
	for (size_t i = 0; i < part->doc_count; i++) {
		index_doc *d = &part->docs[i];
		d->rel = intern_once(x, &m, d->rel);
		d->file = intern_once(x, &m, d->file);
		d->account = intern_once(x, &m, d->account);
		d->stem = intern_once(x, &m, d->stem);
		d->unread = intern_once(x, &m, d->unread);
		for (size_t k = 0; k < d->anchor_count; k++)
			d->anchors[k] = intern(x, d->anchors[k]);
		kam_text_table_release(&d->anchor_table); /* its keys were part's */
		d->anchor_table = (kam_text_table){0};
		index_anchors(d);
	}
	for (size_t i = 0; i < part->entity_count; i++) {
		kam_entity *e = &part->entities[i];
		e->account = intern_once(x, &m, e->account);
		e->ns = intern_once(x, &m, e->ns);
		e->id = intern(x, e->id);
		e->name = intern(x, e->name);
		e->file = intern_once(x, &m, e->file);
		e->path = intern(x, e->path);
		e->type = intern(x, e->type);
	}
	for (size_t i = 0; i < part->touch_count; i++) {
		kam_touch *t = &part->touches[i];
		t->account = intern_once(x, &m, t->account);
		t->id = intern(x, t->id);
		t->kind = intern(x, t->kind);
	}
}

/* The texts of part's references (those it keeps) made x's own. */
static void intern_refs(kam_index *x, kam_index *part)
{
	for (size_t i = 0; i < part->ref_count; i++) {
		kam_ref *r = &part->refs[i];
		r->field = intern(x, r->field);
		r->text = intern(x, r->text);
		r->target_path = intern(x, r->target_path);
	}
}

static void settle_part(kam_index *x, kam_index *part, size_t first_doc);

/* Documents, entities and touches of part appended to x. */
static void merge_declarations(kam_index *x, kam_index *part)
{
	size_t docs = x->doc_count, entities = x->entity_count;
	x->docs = append(x->docs, &x->doc_alloc, docs, part->docs, part->doc_count, sizeof(index_doc));
	x->entities = append(x->entities, &x->entity_alloc, entities, part->entities, part->entity_count,
			     sizeof(kam_entity));
	size_t touches = x->touch_count;
	x->touches = append(x->touches, &x->touch_alloc, touches, part->touches, part->touch_count,
			    sizeof(kam_touch));
	x->touch_count += part->touch_count;
	for (size_t i = touches; i < x->touch_count; i++)
		x->touches[i].doc += (uint32_t)docs;
	x->touches_sorted = false;
	x->doc_count += part->doc_count;
	x->entity_count += part->entity_count;
	x->local_ns[0] |= part->local_ns[0];
	x->local_ns[1] |= part->local_ns[1];
	for (size_t i = docs; i < x->doc_count; i++)
		x->docs[i].first_entity += entities;
	for (size_t i = entities; i < x->entity_count; i++)
		x->entities[i].doc += (uint32_t)docs;
}

/* part's references appended to x; its documents, the last ones of x. */
static void merge_refs(kam_index *x, kam_index *part, size_t first_doc)
{
	for (size_t i = 0; i < part->ref_count; i++) /* part's numbers become x's */
		part->ref_ns[i] = ns_id(x, ref_ns_text(part, i));
	size_t refs = x->ref_count;
	x->refs = append(x->refs, &x->ref_alloc, refs, part->refs, part->ref_count, sizeof(kam_ref));
	size_t ns_alloc = x->ns_alloc;
	x->ref_ns = append(x->ref_ns, &ns_alloc, refs, part->ref_ns, part->ref_count,
			   sizeof(uint32_t));
	x->ns_alloc = ns_alloc;
	x->ref_count += part->ref_count;
	for (size_t i = first_doc; i < x->doc_count; i++)
		x->docs[i].first_ref += refs;
	for (size_t i = refs; i < x->ref_count; i++)
		x->refs[i].doc += (uint32_t)first_doc;
}

void kam_index_merge(kam_index *x, kam_index *part)
{
	bool owned = part->owns_arena;
	if (owned) /* its texts become x's, its arena goes */
		intern_part(x, part);
	size_t first_doc = x->doc_count;
	merge_declarations(x, part);
	if (x->settle)
		settle_part(x, part, first_doc);
	if (owned)
		intern_refs(x, part);
	merge_refs(x, part, first_doc);
	if (owned) {
		kam_arena_free(part->arena);
		part->arena = NULL;
	}
	part->owns_arena = false;
	part->doc_count = 0; /* its anchors now belong to x */
	kam_index_free(part);
}

void kam_index_mark_unread(kam_index *part, const char *reason)
{
	if (!part->doc_count)
		return;
	index_doc *d = &part->docs[part->doc_count - 1];
	d->unread = keep(part, reason);
	if (!d->is_plan) /* a note names no account */
		return;
	part->entities = kam_big_grow(part->entities, &part->entity_alloc, part->entity_count + 1,
				  sizeof(kam_entity));
	part->entities[part->entity_count++] = (kam_entity){
		.account = d->stem, .ns = "account", .id = d->stem, .file = d->file, .line = 1,
		.column = 1, .doc = (uint32_t)(part->doc_count - 1), .path = "", .unread = true};
}

void kam_index_ensure_account(kam_index *part, const char *name, const char *type)
{
	if (!part->doc_count)
		return;
	size_t doc = part->doc_count - 1;
	index_doc *d = &part->docs[doc];
	for (size_t i = d->first_entity; i < part->entity_count; i++)
		if (strcmp(part->entities[i].ns, "account") == 0)
			return;
	part->entities = kam_big_grow(part->entities, &part->entity_alloc, part->entity_count + 1,
				  sizeof(kam_entity));
	part->entities[part->entity_count++] = (kam_entity){
		.account = d->stem, .ns = "account", .id = d->stem, .name = keep(part, name),
		.file = d->file, .line = 1, .column = 1, .doc = (uint32_t)doc, .path = "", .type = keep(part, type)};
}

void kam_index_adopt(kam_index *x, kam_arena *arena)
{
	x->adopted = kam_grow(x->adopted, &x->adopted_alloc, x->adopted_count + 1, sizeof(kam_arena *));
	x->adopted[x->adopted_count++] = arena;
}

void kam_index_add(kam_index *x, const kam_entry *e, const char *file, const kam_doc *doc,
		   const kam_schema *schema, bool report, kam_diag_list *diags)
{
	kam_index_merge(x, kam_index_collect(x->repo, NULL, e, file, doc, schema, report, diags));
}

/* A touch of the document being collected; one whose date is not a date
 * is the schema's finding, and tells nothing. */
static void add_touch(void *ctx, const char *id, const char *date, const char *kind)
{
	collector *c = ctx;
	kam_index *x = c->x;
	kam_date day;
	if (!kam_date_parse(date, &day))
		return;
	x->touches = kam_big_grow(x->touches, &x->touch_alloc, x->touch_count + 1,
				  sizeof(kam_touch));
	x->touches[x->touch_count++] = (kam_touch){x->docs[c->doc].account, keep(x, id), kind, day,
						   (uint32_t)c->doc};
}

static void add_document(kam_index *x, const kam_entry *e, const char *file, const kam_doc *doc,
			 const kam_schema *schema, bool report, kam_diag_list *diags)
{
	x->docs = kam_big_grow(x->docs, &x->doc_alloc, x->doc_count + 1, sizeof(index_doc));
	index_doc *d = &x->docs[x->doc_count];
	*d = (index_doc){keep(x, e->rel), keep(x, file), keep(x, e->account), file_stem(x, e->rel),
			 e->is_plan, report, false, false, NULL, NULL, 0, 0, x->entity_count,
			 x->ref_count, {0}, NULL, false};
	collector c = {.x = x, .doc = x->doc_count++, .file = d->file};
	kam_diag_list discard = {0}, *sink = report ? diags : &discard;
	size_t before = sink->count;
	kam_schema_visitor visitor = {on_id, on_ref, &c};
	const kam_node *fm = doc ? kam_doc_frontmatter(doc) : NULL;
	if (fm && schema)
		kam_schema_validate_visit(schema, fm, file, sink, &visitor);
	x->docs[c.doc].misplaced = declarations_misplaced(fm, sink, before);
	kam_diag_list_release(&discard);
	drop_undeclared(x, &c);
	if (fm && schema)
		kam_plan_each_touch(fm, add_touch, &c);
	size_t len = 0;
	const char *body = doc ? kam_doc_body(doc, &len) : "";
	body_ctx b = {&c, &x->docs[c.doc]};
	kam_body_visitor bv = {body_anchor, body_link, body_reference, &b};
	x->docs[c.doc].body_known = doc && kam_doc_body_line(doc) != 0;
	if (x->docs[c.doc].body_known) /* a plan with broken YAML still has its headings */
		kam_body_scan(body, len, kam_doc_body_line(doc), &bv);
	index_anchors(&x->docs[c.doc]);
	free(c.ids.slots);
	free(c.refs.slots);
}

const kam_entity *kam_index_entities(const kam_index *x, size_t *count)
{
	*count = x->entity_count;
	return x->entities;
}

const kam_ref *kam_index_refs(const kam_index *x, size_t *count)
{
	*count = x->ref_count;
	return x->refs;
}

const char *kam_index_doc_path(const kam_index *x, size_t doc)
{
	return doc < x->doc_count ? x->docs[doc].rel : NULL;
}

const char *kam_index_doc_account(const kam_index *x, size_t doc)
{
	return doc < x->doc_count ? x->docs[doc].account : NULL;
}

const char *kam_index_doc_file(const kam_index *x, size_t doc)
{
	return doc < x->doc_count ? x->docs[doc].file : NULL;
}

const char *kam_index_doc_unread(const kam_index *x, size_t doc)
{
	return doc < x->doc_count ? x->docs[doc].unread : NULL;
}

bool kam_index_doc_reported(const kam_index *x, size_t doc)
{
	return doc < x->doc_count && x->docs[doc].report;
}

bool kam_index_doc_depended_on(const kam_index *x, size_t doc)
{
	return doc < x->doc_count && x->docs[doc].depended_on;
}

bool kam_index_doc_is_plan(const kam_index *x, size_t doc)
{
	return doc < x->doc_count && x->docs[doc].is_plan;
}

size_t kam_index_doc_count(const kam_index *x)
{
	return x->doc_count;
}

/* ------------------------------------------------------------------ */
/* lookups                                                             */


static int by_key(const void *a, const void *b);

/* ids follow the schema's slug: a hint never suggests one that fails it */
static bool valid_id(const char *s)
{
	if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')))
		return false;
	return strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789.-") == strlen(s);
}


/* Equal ids and scopes end up next to each other, compared as numbers
 * first: no text order is needed, lookups go through the hash table. */
static _Thread_local const kam_entity *sorted_entities; /* by_hash's, while it sorts */

static const char *entity_scope(const kam_entity *e)
{
	return e->account ? e->account : "";
}

static int by_hash(const void *a, const void *b)
{
	const id_entry *x = a, *y = b;
	if (x->hash != y->hash)
		return x->hash < y->hash ? -1 : 1;
	const kam_entity *p = &sorted_entities[x->index], *q = &sorted_entities[y->index];
	int c = strcmp(p->id, q->id);
	if (!c)
		c = strcmp(entity_scope(p), entity_scope(q));
	return c ? c : (x->index > y->index) - (x->index < y->index);
}

static int by_key(const void *a, const void *b)
{
	const id_slot *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	if (!c)
		c = strcmp(x->scope, y->scope);
	return c ? c : (x->index > y->index) - (x->index < y->index);
}

static uint32_t id_hash(const char *key, const char *scope)
{
	uint64_t h = kam_hash_bytes(KAM_HASH_SEED, key, strlen(key) + 1); /* key, NUL, scope */
	h = kam_hash_bytes(h, scope, strlen(scope));
	return (uint32_t)(h ^ (h >> 32));
}

static bool slot_is(const kam_index *x, const id_entry *slot, const char *key, const char *scope)
{
	const kam_entity *e = &x->entities[slot->index];
	return strcmp(e->id, key) == 0 && strcmp(entity_scope(e), scope) == 0;
}

static bool same_id_scope(const kam_index *x, const id_entry *a, const id_entry *b)
{
	const kam_entity *e = &x->entities[a->index];
	return a->hash == b->hash && slot_is(x, b, e->id, entity_scope(e));
}

/* by_id emptied, with room for every entity (the index's largest table
 * after the entities: on 2 MiB pages when it is large). */
static void new_by_id(kam_index *x)
{
	kam_big_free(x->by_id, x->by_id_alloc, sizeof(id_entry));
	x->by_id_alloc = x->entity_count + 1;
	x->by_id = kam_big_calloc(x->by_id_alloc, sizeof(id_entry));
}

/* The first slot of each run of equal (id, scope) in by_id, hashed: a
 * lookup costs a string compare or two, not a binary search. */
static void hash_ids(kam_index *x)
{
	kam_big_free(x->by_id_hash, x->by_id_hash_size, sizeof(uint32_t));
	size_t size = 16;
	while (size < 2 * x->by_id_count)
		size *= 2;
	x->by_id_hash = kam_big_calloc(size, sizeof(uint32_t));
	x->by_id_hash_size = size;
	for (size_t i = 0; i < x->by_id_count; i++) {
		if (i && same_id_scope(x, &x->by_id[i - 1], &x->by_id[i]))
			continue;
		size_t h = (size_t)x->by_id[i].hash & (size - 1);
		while (x->by_id_hash[h])
			h = (h + 1) & (size - 1);
		x->by_id_hash[h] = (uint32_t)i + 1;
	}
}

/* The slots [*lo, *hi) of by_id whose id is key and scope is scope. */
static void id_range(const kam_index *x, const char *key, const char *scope, size_t *lo, size_t *hi)
{
	*lo = *hi = 0;
	size_t size = x->by_id_hash_size;
	uint32_t hash = id_hash(key, scope);
	for (size_t h = (size_t)hash & (size - 1); x->by_id_hash[h]; h = (h + 1) & (size - 1)) {
		size_t first = x->by_id_hash[h] - 1;
		if (x->by_id[first].hash != hash || !slot_is(x, &x->by_id[first], key, scope))
			continue;
		*lo = *hi = first;
		while (*hi < x->by_id_count && slot_is(x, &x->by_id[*hi], key, scope))
			(*hi)++;
		return;
	}
}

/* Group entities by id and scope (and sort documents by path) once all are
 * added. The tables are a cache: lookups on a const index may build them. */
static void ensure_sorted(const kam_index *cx)
{
	kam_index *x = (kam_index *)cx;
	if (x->by_id_count != x->entity_count || !x->by_id) {
		new_by_id(x);
		for (size_t i = 0; i < x->entity_count; i++)
			x->by_id[i] = (id_entry){id_hash(x->entities[i].id, entity_scope(&x->entities[i])),
						 (uint32_t)i};
		sorted_entities = x->entities;
		qsort(x->by_id, x->entity_count, sizeof(id_entry), by_hash);
		sorted_entities = NULL;
		x->by_id_count = x->entity_count;
		hash_ids(x);
	}
	if (x->by_rel_count != x->doc_count || !x->by_rel) {
		free(x->by_rel);
		x->by_rel = kam_xcalloc(x->doc_count + 1, sizeof(id_slot));
		for (size_t i = 0; i < x->doc_count; i++)
			x->by_rel[i] = (id_slot){x->docs[i].rel, "", i, 0};
		qsort(x->by_rel, x->doc_count, sizeof(id_slot), by_key);
		x->by_rel_count = x->doc_count;
	}
}

static int compare_slot(const id_slot *slot, const char *key, const char *scope)
{
	int c = strcmp(slot->key, key);
	return c || !scope ? c : strcmp(slot->scope, scope);
}

/* The slots [*lo, *hi) of table whose key is key (and, unless scope is
 * NULL, whose scope is scope). */
static void scoped_range(const id_slot *table, size_t n, const char *key, const char *scope,
			 size_t *lo, size_t *hi)
{
	size_t a = 0, b = n;
	while (a < b) {
		size_t mid = a + (b - a) / 2;
		if (compare_slot(&table[mid], key, scope) < 0)
			a = mid + 1;
		else
			b = mid;
	}
	*lo = a;
	while (a < n && compare_slot(&table[a], key, scope) == 0)
		a++;
	*hi = a;
}

static void key_range(const id_slot *table, size_t n, const char *key, size_t *lo, size_t *hi)
{
	scoped_range(table, n, key, NULL, lo, hi);
}

static index_doc *doc_by_rel(kam_index *x, const char *rel);

/* Where the entities of doc end (they start at its first_entity). */
static size_t doc_entity_end(const kam_index *x, size_t doc)
{
	return doc + 1 < x->doc_count ? x->docs[doc + 1].first_entity : x->entity_count;
}

/* The account entity of the plan document doc, or NULL. */
static const kam_entity *plan_entity(const kam_index *x, size_t doc)
{
	size_t end = doc_entity_end(x, doc);
	for (size_t i = x->docs[doc].first_entity; i < end; i++)
		if (x->entities[i].doc == doc && same(x->entities[i].ns, "account"))
			return &x->entities[i];
	return NULL;
}

/* The plan file named id.md in the accounts folder, whatever id it
 * declares: a wrong id: line is one finding in that plan, not one in every
 * file that names the account correctly. */
static const kam_entity *account_by_file(const kam_index *x, const char *id)
{
	char *rel = kam_xprintf("%s/%s.md", kam_repo_config(x->repo)->accounts_dir, id);
	const index_doc *d = doc_by_rel((kam_index *)x, rel);
	free(rel);
	return d && d->is_plan ? plan_entity(x, (size_t)(d - x->docs)) : NULL;
}

/* The account entity id: when two files claim it, the one named after it. */
static const kam_entity *lookup_account(const kam_index *x, const char *id)
{
	const kam_entity *first = NULL;
	size_t lo, hi;
	ensure_sorted(x);
	id_range(x, id, id, &lo, &hi); /* an account is its own scope */
	for (size_t i = lo; i < hi; i++) {
		const kam_entity *e = &x->entities[x->by_id[i].index];
		if (!same(e->ns, "account"))
			continue;
		if (e->doc != KAM_DOC_NONE && same(x->docs[e->doc].stem, id))
			return e;
		if (!first)
			first = e;
	}
	return first ? first : account_by_file(x, id);
}

/* Whether account's plan could not be read: nothing in it can be checked. */
static bool account_unread(const kam_index *x, const char *account)
{
	const kam_entity *a = account ? lookup_account(x, account) : NULL;
	return a && a->unread;
}

/* The entity ns:id of account (ns NULL: any kind but account and team). */
static const kam_entity *lookup(const kam_index *x, const char *account, const char *ns,
				const char *id)
{
	if (same(ns, "account"))
		return lookup_account(x, id);
	size_t lo, hi;
	ensure_sorted(x);
	id_range(x, id, global_ns(x, ns) ? "" : account ? account : "", &lo, &hi);
	for (size_t i = lo; i < hi; i++) {
		const kam_entity *e = &x->entities[x->by_id[i].index];
		if (ns && !same(e->ns, ns))
			continue;
		if (!ns && (same(e->ns, "account") || global_ns(x, e->ns)))
			continue;
		if (global_ns(x, ns) || same(e->account, account))
			return e;
	}
	return NULL;
}

const kam_entity *kam_index_find(const kam_index *x, const char *account, const char *id)
{
	return id ? lookup(x, account, NULL, id) : lookup(x, NULL, "account", account);
}

/* ------------------------------------------------------------------ */
/* settling references as documents merge                              */

/* For a run that wants only findings (kam check), most references are
 * resolved for good as soon as their document is merged: a lookup answers
 * with the first entity in document order, so once it finds one among the
 * documents merged so far, no later document changes the answer. Those are
 * not kept (10,000 plans hold 2.4 million references, nearly all naming a
 * contact of their own plan or a team member). Kept are the ones that find
 * nothing yet (a later document may declare it, or it is a finding),
 * links, fields naming an account (rules across accounts read them:
 * partner-route), and whatever names a plan kam could not read. */
typedef struct settle_slot_t {
	uint32_t hash;  /* of its id and scope */
	uint32_t first; /* 1 + the first entity of that id and scope; 0: empty */
} settle_slot_t;

typedef struct settle {
	settle_slot_t *slots; /* by hash: compared before an entity is read */
	size_t size;      /* a power of two */
	size_t known;     /* entities [0, known) are in the table */
	uint32_t *next;   /* per entity: 1 + the next one of its id and scope (0: none) */
	uint32_t *last;   /* per first entity of an id and scope: the last one */
	size_t alloc;     /* of next and last */
	size_t seen;      /* references merged, kept or not */
	size_t *number;   /* per kept reference: its number among all merged */
	size_t number_alloc;
	kam_text_table docs; /* the documents merged so far, by path */
} settle;

void kam_index_forget_settled(kam_index *x)
{
	if (x->settle || x->ref_count)
		return;
	x->settle = kam_xcalloc(1, sizeof(settle));
	x->settle->size = 1024;
	x->settle->slots = kam_big_calloc(x->settle->size, sizeof(settle_slot_t));
}

static void settle_release_table(settle *st)
{
	kam_big_free(st->slots, st->size, sizeof(settle_slot_t));
	kam_big_free(st->next, st->alloc, sizeof(uint32_t));
	kam_big_free(st->last, st->alloc, sizeof(uint32_t));
	st->slots = NULL;
	st->next = st->last = NULL;
	st->size = 0;
}

static void settle_free(settle *st)
{
	if (!st)
		return;
	settle_release_table(st);
	kam_text_table_release(&st->docs);
	free(st->number);
	free(st);
}

/* The slot of (id, scope), whose hash is hash: its first entity's, or the
 * empty one to take. */
static settle_slot_t *settle_slot(const kam_index *x, const settle *st, const char *id,
				  const char *scope, uint32_t hash)
{
	for (size_t h = (size_t)hash & (st->size - 1);; h = (h + 1) & (st->size - 1)) {
		settle_slot_t *slot = &st->slots[h];
		if (!slot->first)
			return slot;
		if (slot->hash != hash)
			continue;
		const kam_entity *e = &x->entities[slot->first - 1];
		if (same(e->id, id) && same(entity_scope(e), scope))
			return slot;
	}
}

/* Every slot again in a table twice the size, by the hashes they keep. */
static void settle_grow(settle *st)
{
	settle_slot_t *old = st->slots;
	size_t old_size = st->size;
	st->size *= 2;
	st->slots = kam_big_calloc(st->size, sizeof(settle_slot_t));
	for (size_t i = 0; i < old_size; i++) {
		if (!old[i].first)
			continue;
		size_t h = (size_t)old[i].hash & (st->size - 1);
		while (st->slots[h].first)
			h = (h + 1) & (st->size - 1);
		st->slots[h] = old[i];
	}
	kam_big_free(old, old_size, sizeof(settle_slot_t));
}

/* The entities merged since the last call, each after the ones of its id
 * and scope: chains in document order, as lookup walks them. */
static void settle_add_entities(const kam_index *x, settle *st)
{
	size_t alloc = st->alloc;
	st->next = kam_big_grow(st->next, &alloc, x->entity_count + 1, sizeof(uint32_t));
	alloc = st->alloc;
	st->last = kam_big_grow(st->last, &alloc, x->entity_count + 1, sizeof(uint32_t));
	st->alloc = alloc;
	for (size_t i = st->known; i < x->entity_count; i++) {
		while (2 * (i + 1) > st->size)
			settle_grow(st);
		const kam_entity *e = &x->entities[i];
		uint32_t hash = id_hash(e->id, entity_scope(e));
		settle_slot_t *slot = settle_slot(x, st, e->id, entity_scope(e), hash);
		st->next[i] = 0;
		st->last[i] = (uint32_t)i;
		if (!slot->first)
			*slot = (settle_slot_t){hash, (uint32_t)i + 1};
		else {
			uint32_t first = slot->first - 1;
			st->next[st->last[first]] = (uint32_t)i + 1;
			st->last[first] = (uint32_t)i;
		}
	}
	st->known = x->entity_count;
}

/* by_id from the chains, which group every entity already: the runs in
 * the table's order (no sort), each in document order as a sort would
 * leave it. The table becomes by_id_hash where it lies (its slots are
 * where probing finds them, 4 bytes of 8 kept): at 10,000 plans a second
 * table beside it was 7 MB more at the peak. */
static void ids_from_chains(kam_index *x, settle *st)
{
	if (!st->slots || st->known != x->entity_count || x->entity_count >= UINT32_MAX)
		return; /* not every entity chained: ensure_sorted sorts them */
	kam_big_free(st->last, st->alloc, sizeof(uint32_t));
	st->last = NULL;
	new_by_id(x);
	uint32_t *runs = (uint32_t *)st->slots;
	size_t n = 0;
	for (size_t s = 0; s < st->size; s++) {
		settle_slot_t slot = st->slots[s]; /* read before runs[s] is written over it */
		runs[s] = slot.first ? (uint32_t)n + 1 : 0;
		for (uint32_t i = slot.first; i; i = st->next[i - 1])
			x->by_id[n++] = (id_entry){slot.hash, i - 1};
	}
	kam_big_free(x->by_id_hash, x->by_id_hash_size, sizeof(uint32_t));
	x->by_id_hash = kam_big_shrink(runs, st->size * sizeof(settle_slot_t),
				       st->size * sizeof(uint32_t));
	x->by_id_hash_size = st->size;
	x->by_id_count = n;
	st->slots = NULL;
	st->size = 0;
}

/* lookup's answer among the entities merged so far, for ns other than
 * account (NULL: any kind but account and the repository's own). */
static const kam_entity *settle_find(const kam_index *x, const char *account, const char *ns,
				     const char *id)
{
	const settle *st = x->settle;
	bool global = global_ns(x, ns);
	if (!global && !account)
		return NULL;
	const char *scope = global ? "" : account;
	for (uint32_t i = settle_slot(x, st, id, scope, id_hash(id, scope))->first; i;
	     i = st->next[i - 1]) {
		const kam_entity *e = &x->entities[i - 1];
		if (ns ? !same(e->ns, ns) : same(e->ns, "account") || global_ns(x, e->ns))
			continue;
		if (global || same(e->account, account))
			return e;
	}
	return NULL;
}

/* lookup_account's answer when it is final: the first account id declared
 * by the plan named after it (another one may still come). */
static const kam_entity *settle_account(const kam_index *x, const char *id)
{
	const settle *st = x->settle;
	for (uint32_t i = settle_slot(x, st, id, id, id_hash(id, id))->first; i; i = st->next[i - 1]) {
		const kam_entity *e = &x->entities[i - 1];
		if (same(e->ns, "account") && e->doc != KAM_DOC_NONE && same(x->docs[e->doc].stem, id))
			return e;
	}
	return NULL;
}

/* A field's first namespace decides: resolve_field tries it first. */
static const kam_entity *settle_field(const kam_index *x, const char *account, const char *list,
				      const char *id)
{
	size_t n = list ? strcspn(list, "|") : 0;
	char ns[64];
	if (!n || n >= sizeof(ns) || (n == 7 && strncmp(list, "account", 7) == 0))
		return NULL;
	memcpy(ns, list, n);
	ns[n] = '\0';
	return settle_find(x, account, ns, id);
}

/* [[@member]], [[account]], [[account#id]], [[#id]] as resolve_wiki reads them. */
static const kam_entity *settle_wiki(const kam_index *x, const char *account, const char *text)
{
	if (text[0] == '@')
		return settle_find(x, NULL, "team", text + 1);
	const char *hash = strchr(text, '#');
	size_t n = hash ? (size_t)(hash - text) : strlen(text);
	char name[256];
	if (!n)
		return hash ? settle_find(x, account, NULL, hash + 1) : NULL;
	if (n >= sizeof(name))
		return NULL;
	memcpy(name, text, n);
	name[n] = '\0';
	const kam_entity *a = settle_account(x, name);
	if (!a || !hash)
		return a;
	return settle_find(x, x->docs[a->doc].account, NULL, hash + 1);
}

static bool has_scheme(const char *url);
static char *link_target(const index_doc *from, const char *url);
static char *link_anchor(const char *url);
static bool anchor_matters(const char *rel, const char *anchor);

/* Whether a link is what resolve_link finds right: a URL with a scheme,
 * or a link to a document merged already and to a heading it has (a link
 * to a later document, or to another file, is resolved with the rest). */
static bool settle_link(const kam_index *x, const index_doc *from, const char *url)
{
	if (has_scheme(url))
		return true;
	char *rel = link_target(from, url);
	size_t at;
	bool settled = false;
	if (rel && kam_text_table_get(&x->settle->docs, rel, strlen(rel), &at)) {
		char *anchor = link_anchor(url);
		settled = !anchor_matters(rel, anchor) ||
			  (x->docs[at].body_known && has_anchor(&x->docs[at], anchor));
		free(anchor);
	}
	free(rel);
	return settled;
}

static bool ref_settled(const kam_index *x, const kam_index *part, size_t i, size_t first_doc)
{
	const kam_ref *r = &part->refs[i];
	const index_doc *from = &x->docs[first_doc + r->doc];
	if (r->kind == KAM_REF_LINK)
		return settle_link(x, from, r->text);
	const kam_entity *e = r->kind == KAM_REF_FIELD ? settle_field(x, from->account, ref_ns_text(part, i), r->text)
						       : settle_wiki(x, from->account, r->text);
	return e && !e->unread;
}

/* part's references (its documents already merged as x's from first_doc
 * on) less those settled for good; each kept one numbered among all. */
static void settle_part(kam_index *x, kam_index *part, size_t first_doc)
{
	settle *st = x->settle;
	bool chained = x->entity_count < UINT32_MAX; /* else nothing is dropped */
	if (chained)
		settle_add_entities(x, st);
	for (size_t d = first_doc; d < x->doc_count; d++)
		kam_text_table_put(&st->docs, x->docs[d].rel, strlen(x->docs[d].rel), d);
	size_t kept = 0, doc = first_doc;
	st->number = kam_grow(st->number, &st->number_alloc, x->ref_count + part->ref_count + 1,
			      sizeof(size_t));
	for (size_t i = 0; i < part->ref_count; i++) {
		for (; doc < x->doc_count && x->docs[doc].first_ref <= i; doc++)
			x->docs[doc].first_ref = kept;
		if (chained && ref_settled(x, part, i, first_doc))
			continue;
		st->number[x->ref_count + kept] = st->seen + i;
		part->ref_ns[kept] = part->ref_ns[i];
		part->refs[kept++] = part->refs[i];
	}
	for (; doc < x->doc_count; doc++)
		x->docs[doc].first_ref = kept;
	st->seen += part->ref_count;
	part->ref_count = kept;
}

/* "Did you mean" compares a word with every candidate. A run of
 * references (or a single-threaded pass) may make this many comparisons
 * (a scan of the whole index counts a hundredth of its size); past that, a
 * hostile file with thousands of broken references gets no more
 * suggestions instead of quadratic time. Runs are fixed ranges of
 * references, so which findings get one does not depend on threads. */
enum { SUGGESTION_BUDGET = 100000 };
static _Thread_local size_t suggestion_budget = SUGGESTION_BUDGET;

static bool afford_suggestion(size_t candidates)
{
	if (candidates > suggestion_budget)
		return false;
	suggestion_budget -= candidates;
	return true;
}

/* The closest id among the candidates lookup would accept, or NULL. */
static const char *closest_id(const kam_index *x, const char *account, const char *ns,
			      const char *id)
{
	if (!afford_suggestion(x->entity_count / 100 + 1))
		return NULL;
	const char **ids = kam_xcalloc(x->entity_count + 1, sizeof(char *));
	size_t n = 0;
	for (size_t i = 0; i < x->entity_count; i++) {
		const kam_entity *e = &x->entities[i];
		bool global = same(e->ns, "account") || global_ns(x, e->ns);
		if (ns ? !same(e->ns, ns) : global)
			continue;
		if (!global && !same(e->account, account))
			continue;
		ids[n++] = e->id;
	}
	const char *guess = afford_suggestion(n) ? kam_closest(id, ids, n) : NULL;
	free(ids);
	return guess;
}

/* ------------------------------------------------------------------ */
/* resolving references                                                */

static kam_diag *ref_problem(const kam_index *x, kam_diag_list *diags, const kam_ref *r,
			     kam_rule rule, const char *fmt, const char *a, const char *b)
{
	return kam_diag_push(diags, rule, kam_index_doc_file(x, r->doc), r->line, r->column, fmt, a, b);
}

static void suggest(kam_diag *d, const char *guess)
{
	if (!guess)
		return;
	size_t n = strlen(d->message);
	char *m = kam_xprintf("%.*s; did you mean '%s'?", (int)n, d->message, guess);
	free(d->message);
	d->message = m;
}

/* "a contact", "a contact or a team member" */
static void namespace_phrase(kam_buf *out, const char *list)
{
	const char *p = list;
	while (*p) {
		size_t n = strcspn(p, "|");
		bool team = n == 4 && strncmp(p, "team", 4) == 0;
		bool vowel = strchr("aeio", p[0]) != NULL; /* "a unit" */
		kam_buf_printf(out, "%s%s %.*s", out->len ? " or " : "", team || !vowel ? "a" : "an",
			       team ? 11 : (int)n, team ? "team member" : p);
		p += n + (p[n] == '|');
	}
}

static const kam_entity *resolve_field(kam_index *x, kam_ref *r, const char *list)
{
	const char *p = list;
	while (*p) {
		size_t n = strcspn(p, "|");
		char small[64]; /* namespaces are short words: no allocation per reference */
		char *ns = n < sizeof(small) ? memcpy(small, p, n) : kam_xstrndup(p, n);
		ns[n] = '\0';
		const kam_entity *e = lookup(x, x->docs[r->doc].account, ns, r->text);
		if (ns != small)
			free(ns);
		if (e)
			return e;
		p += n + (p[n] == '|');
	}
	return NULL;
}

/* A field naming something kam could not read: an id of an account whose
 * plan is unreadable, or a team member when kam.yaml's team list is. */
static bool field_unchecked(const kam_index *x, const kam_ref *r, const char *list)
{
	for (const char *p = list; *p; p += strcspn(p, "|"), p += *p == '|') {
		size_t n = strcspn(p, "|");
		bool team = n == 4 && strncmp(p, "team", 4) == 0;
		bool tier = n == 4 && strncmp(p, "tier", 4) == 0;
		bool competitor = n == 10 && strncmp(p, "competitor", 10) == 0;
		bool offering = n == 8 && strncmp(p, "offering", 8) == 0;
		bool account = n == 7 && strncmp(p, "account", 7) == 0;
		const kam_config *c = kam_repo_config(x->repo);
		if ((team && c->team_unread) || (competitor && c->competitors.unread) ||
		    (offering && c->offerings.unread))
			return true;
		if (!team && !tier && !competitor && !offering && !account &&
		    account_unread(x, x->docs[r->doc].account))
			return true;
	}
	return false;
}

/* The caller's to free: findings are reported on several threads, and
 * the index's arena is not theirs to grow. */
static char *first_namespace(const char *list)
{
	return kam_xstrndup(list, strcspn(list, "|"));
}

/* "key, strategic, growth": the tiers a plan may have, in rank order
 * (the caller's to free). */
static char *tier_list(const kam_index *x)
{
	const kam_config *c = kam_repo_config(x->repo);
	kam_buf list = KAM_BUF_INIT;
	for (size_t i = 0; i < c->tier_count; i++)
		kam_buf_printf(&list, "%s%s", i ? ", " : "", c->tiers[i]);
	return kam_buf_detach(&list);
}

/* "competitors" when ns is competitor (or "offerings" for offering) while
 * kam.yaml declares none and no document declares one either; else NULL. */
static const char *undeclared_ns(const kam_index *x, const char *ns)
{
	int which = same(ns, "competitor") ? 0 : same(ns, "offering") ? 1 : -1;
	if (which < 0 || global_ns(x, ns) || x->local_ns[which])
		return NULL;
	return which ? "offerings" : "competitors";
}

/* Whether ns is what a plan declares (contacts, opportunities...), not
 * kam.yaml's or the accounts themselves. */
static bool plan_namespace(const kam_index *x, const char *ns)
{
	return !global_ns(x, ns) && !same(ns, "account") && !same(ns, "team");
}

/* The plan of account when it declares ids under a key the schema does
 * not know (a misspelled 'contacts:') and its findings are reported, else
 * KAM_DOC_NONE: what those ids would resolve may be there, and
 * schema-unknown-key in that plan is the one finding to make for it. (A
 * note checked alone still says what it cannot resolve.) */
static uint32_t plan_with_misplaced_ids(const kam_index *x, const char *account)
{
	const kam_entity *a = account ? lookup_account(x, account) : NULL;
	if (!a || a->doc == KAM_DOC_NONE || !x->docs[a->doc].misplaced || !x->docs[a->doc].report)
		return KAM_DOC_NONE;
	return a->doc;
}

/* Whether account's plan declares nothing of ns (a namespace of plans)
 * and ids under an unknown key: the references to ns cannot be checked. */
static bool declarations_lost(const kam_index *x, const char *account, const char *ns)
{
	uint32_t doc = plan_with_misplaced_ids(x, account);
	if (doc == KAM_DOC_NONE || !plan_namespace(x, ns))
		return false;
	for (size_t i = x->docs[doc].first_entity; i < doc_entity_end(x, doc); i++)
		if (same(x->entities[i].ns, ns))
			return false;
	return true;
}

/* Whether doc is a note in the folder of an account that has no plan:
 * report_orphans says so, once, and what its references would name there
 * cannot be looked up. */
static bool orphan_doc(const kam_index *x, size_t doc)
{
	const index_doc *d = &x->docs[doc];
	return !d->is_plan && d->account && !lookup_account(x, d->account);
}

static void report_field(kam_index *x, kam_ref *r, const char *list, kam_diag_list *diags)
{
	const char *field = strrchr(r->field, '.');
	field = field ? field + 1 : r->field;
	kam_buf what = KAM_BUF_INIT;
	namespace_phrase(&what, list);
	char *ns = first_namespace(list);
	kam_diag *d;
	const char *undeclared = undeclared_ns(x, ns);
	if (!undeclared && ((orphan_doc(x, r->doc) && plan_namespace(x, ns)) ||
			    declarations_lost(x, x->docs[r->doc].account, ns))) {
		kam_buf_release(&what);
		free(ns);
		return;
	}
	if (undeclared) {
		d = kam_diag_push(diags, KAM_RULE_REF_UNRESOLVED, kam_index_doc_file(x, r->doc), r->line, r->column,
				  "%s '%s': kam.yaml declares no %s", field, r->text, undeclared);
		kam_diag_set_path(d, r->field);
		kam_diag_set_hint(d, "declare it in kam.yaml: %s: [{id: %s, name: ...}]", undeclared, r->text);
		kam_buf_release(&what);
		free(ns);
		return;
	}
	if (same(ns, "account"))
		d = kam_diag_push(diags, KAM_RULE_REF_UNRESOLVED, kam_index_doc_file(x, r->doc), r->line, r->column,
				  "%s '%s' is not an account of this repository", field, r->text);
	else if (same(ns, "tier")) {
		char *tiers = tier_list(x);
		d = kam_diag_push(diags, KAM_RULE_REF_UNRESOLVED, kam_index_doc_file(x, r->doc), r->line, r->column,
				  "%s '%s' is not one of kam.yaml's tiers (%s)", field, r->text, tiers);
		free(tiers);
	} else if (global_ns(x, ns) && (same(ns, "competitor") || same(ns, "offering")))
		d = kam_diag_push(diags, KAM_RULE_REF_UNRESOLVED, kam_index_doc_file(x, r->doc), r->line, r->column,
				  "%s '%s' is not in kam.yaml's %s", field, r->text,
				  same(ns, "competitor") ? "competitors" : "offerings");
	else if (same(ns, "team") && !strchr(list, '|'))
		d = kam_diag_push(diags, KAM_RULE_REF_UNRESOLVED, kam_index_doc_file(x, r->doc), r->line, r->column,
				  "%s '%s' is not in kam.yaml's team", field, r->text);
	else
		d = kam_diag_push(diags, KAM_RULE_REF_UNRESOLVED, kam_index_doc_file(x, r->doc), r->line, r->column,
				  "%s '%s' is not %s of '%s'", field, r->text, what.ptr, x->docs[r->doc].account);
	kam_diag_set_path(d, r->field);
	suggest(d, closest_id(x, x->docs[r->doc].account, ns, r->text));
	if (same(ns, "account")) /* e.g. a partner whose plan was deleted */
		kam_diag_set_hint(d, "there is no plan %s/%s.md: fix the id, or write (or restore) that plan",
				  kam_repo_config(x->repo)->accounts_dir, r->text);
	else
		kam_diag_set_hint(d, same(ns, "team")	? "add the person to team: in kam.yaml, or fix the id"
				     : same(ns, "tier") ? "use one of the tiers, or declare it in tiers: in kam.yaml"
				     : global_ns(x, ns) && same(ns, "competitor") ? "declare it in competitors: in kam.yaml, or fix the id"
				     : global_ns(x, ns) && same(ns, "offering") ? "declare it in offerings: in kam.yaml, or fix the id"
							: "fix the id, or add what it names to the plan");
	kam_buf_release(&what);
	free(ns);
}

static void report_wiki(kam_index *x, const kam_ref *r, const char *account, const char *id,
			const char *scope, kam_diag_list *diags)
{
	kam_diag *d;
	if (*account && !lookup(x, NULL, "account", account)) {
		d = ref_problem(x, diags, r, KAM_RULE_REF_UNRESOLVED,
				"[[%s]]: '%s' is not an account of this repository", r->text, account);
		suggest(d, closest_id(x, NULL, "account", account));
	} else if ((!*account && orphan_doc(x, r->doc)) ||
		   plan_with_misplaced_ids(x, *account ? account : x->docs[r->doc].account) != KAM_DOC_NONE) {
		return; /* what it names may be under the plan's misspelled key */
	} else {
		d = kam_diag_push(diags, KAM_RULE_REF_UNRESOLVED, kam_index_doc_file(x, r->doc), r->line, r->column,
				  "[[%s]]: '%s' names nothing in '%s'", r->text, id,
				  *account ? account : x->docs[r->doc].account);
		suggest(d, closest_id(x, scope, NULL, id));
	}
	kam_diag_set_hint(d, "write [[account]], [[account#id]], [[#id]] or [[@team-member]]");
}

static void resolve_member(kam_index *x, kam_ref *r, kam_diag_list *diags, bool report)
{
	const char *id = r->text + 1;
	r->target = lookup(x, NULL, "team", id);
	r->unchecked = !r->target && kam_repo_config(x->repo)->team_unread;
	if (r->target || r->unchecked || !report)
		return;
	kam_diag *d = ref_problem(x, diags, r, KAM_RULE_REF_UNRESOLVED,
				  "[[%s]]: '%s' is not in kam.yaml's team", r->text, id);
	suggest(d, closest_id(x, NULL, "team", id));
	kam_diag_set_hint(d, "add the person to team: in kam.yaml, or fix the id");
}

/* [[account]], [[account#entity]], [[#entity]] (this document's account,
 * whatever its plan's id says), [[@member]] */
static void resolve_wiki(kam_index *x, kam_ref *r, kam_diag_list *diags, bool report)
{
	if (r->text[0] == '@') {
		resolve_member(x, r, diags, report);
		return;
	}
	const char *hash = strchr(r->text, '#');
	char *account = hash ? kam_xstrndup(r->text, (size_t)(hash - r->text)) : kam_xstrdup(r->text);
	const kam_entity *a = *account ? lookup(x, NULL, "account", account) : NULL;
	/* entities are keyed by the account their document belongs to */
	const char *scope = a ? x->docs[a->doc].account : x->docs[r->doc].account;
	if (!hash)
		r->target = a;
	else if (a || !*account)
		r->target = lookup(x, scope, NULL, hash + 1);
	/* an id inside a plan kam could not read can be neither found nor missed */
	r->unchecked = !r->target && hash && (a ? a->unread : !*account && account_unread(x, scope));
	if (!r->target && !r->unchecked && report)
		report_wiki(x, r, account, hash ? hash + 1 : "", scope, diags);
	free(account);
}

static void resolve_refs(kam_index *x, kam_diag_list *diags);
static void resolve_link(kam_index *x, kam_ref *r, kam_arena *arena, kam_diag_list *diags);
static void report_duplicates(kam_index *x, kam_diag_list *diags);
static void report_filenames(kam_index *x, kam_diag_list *diags);
static void report_orphans(kam_index *x, kam_diag_list *diags);
static void mark_dependencies(kam_index *x);
static void resolve_ref(kam_index *x, size_t i, kam_arena *arena, kam_diag_list *diags);
static void depend_on_ref(kam_index *x, const kam_ref *r);

static int by_touch(const void *a, const void *b)
{
	const kam_touch *p = a, *q = b;
	int c = strcmp(p->account ? p->account : "", q->account ? q->account : "");
	if (!c)
		c = strcmp(p->id, q->id);
	if (!c)
		c = kam_date_compare(p->date, q->date);
	return c ? c : (p->doc > q->doc) - (p->doc < q->doc);
}

static void sort_touches(kam_index *x)
{
	if (!x->touches_sorted && x->touch_count > 1)
		qsort(x->touches, x->touch_count, sizeof(kam_touch), by_touch);
	x->touches_sorted = true;
}

const kam_touch *kam_index_touches(const kam_index *x, size_t *count)
{
	*count = x->touch_count;
	return x->touches;
}

const kam_touch *kam_index_last_met(const kam_index *x, const char *account, const char *id,
				    kam_date today)
{
	/* the last touch not after (account, id, today): binary search */
	kam_touch key = {account, id, NULL, today, UINT32_MAX};
	size_t lo = 0, hi = x->touch_count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (by_touch(&x->touches[mid], &key) <= 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo)
		return NULL;
	const kam_touch *t = &x->touches[lo - 1];
	return same(t->account, account) && same(t->id, id) ? t : NULL;
}

void kam_index_resolve(kam_index *x, kam_diag_list *diags)
{
	kam_index_resolve_references(x, diags);
	kam_index_report_declarations(x, diags);
}

void kam_index_resolve_references(kam_index *x, kam_diag_list *diags)
{
	if (x->settle) {
		ids_from_chains(x, x->settle);
		settle_release_table(x->settle); /* lookups go through by_id from here */
	}
	sort_touches(x);
	ensure_sorted(x);
	resolve_refs(x, diags);
	mark_dependencies(x);
}

void kam_index_report_declarations(kam_index *x, kam_diag_list *diags)
{
	report_duplicates(x, diags);
	report_filenames(x, diags);
	report_orphans(x, diags);
}

/* ------------------------------------------------------------------ */
/* one document again                                                  */

static size_t doc_ref_end(const kam_index *x, size_t doc)
{
	return doc + 1 < x->doc_count ? x->docs[doc + 1].first_ref : x->ref_count;
}

static bool same_entity(const kam_entity *a, const kam_entity *b)
{
	return same(a->ns, b->ns) && same(a->id, b->id) && a->pooled == b->pooled &&
	       a->unread == b->unread && same(a->type ? a->type : "", b->type ? b->type : "") &&
	       same(a->path, b->path) && same(a->name ? a->name : "", b->name ? b->name : "") &&
	       same(a->account ? a->account : "", b->account ? b->account : "");
}

bool kam_index_same_declarations(const kam_index *x, size_t doc, const kam_index *part)
{
	if (doc >= x->doc_count || part->doc_count != 1)
		return false;
	const index_doc *d = &x->docs[doc], *p = &part->docs[0];
	size_t first = d->first_entity, count = doc_entity_end(x, doc) - first;
	if (count != part->entity_count || !same(d->rel, p->rel) || !same(d->account, p->account) ||
	    (d->unread == NULL) != (p->unread == NULL) || d->body_known != p->body_known ||
	    d->anchor_count != p->anchor_count)
		return false;
	for (size_t i = 0; i < count; i++)
		if (!same_entity(&x->entities[first + i], &part->entities[i]))
			return false;
	for (size_t i = 0; i < d->anchor_count; i++)
		if (!same(d->anchors[i], p->anchors[i]))
			return false;
	/* a meeting's touches date its attendees for every plan of the account */
	size_t mine = 0;
	for (size_t i = 0; i < x->touch_count; i++)
		mine += x->touches[i].doc == doc;
	return mine == part->touch_count;
}

/* The touches of doc replaced by part's, kept sorted. */
static void replace_touches(kam_index *x, size_t doc, const kam_index *part)
{
	size_t kept = 0;
	for (size_t i = 0; i < x->touch_count; i++)
		if (x->touches[i].doc != doc)
			x->touches[kept++] = x->touches[i];
	x->touches = append(x->touches, &x->touch_alloc, kept, part->touches, part->touch_count,
			    sizeof(kam_touch));
	x->touch_count = kept + part->touch_count;
	for (size_t i = kept; i < x->touch_count; i++)
		x->touches[i].doc = (uint32_t)doc;
	x->touches_sorted = false;
	sort_touches(x);
}

/* doc's references replaced by part's: the arrays spliced, the later
 * documents' first references moved. */
static void replace_refs(kam_index *x, size_t doc, const kam_index *part)
{
	size_t first = x->docs[doc].first_ref, old = doc_ref_end(x, doc) - first;
	size_t n = part->ref_count, tail = x->ref_count - first - old;
	x->refs = kam_big_grow(x->refs, &x->ref_alloc, x->ref_count - old + n, sizeof(kam_ref));
	size_t ns_alloc = x->ns_alloc;
	x->ref_ns = kam_big_grow(x->ref_ns, &ns_alloc, x->ref_count - old + n, sizeof(uint32_t));
	x->ns_alloc = ns_alloc;
	memmove(x->refs + first + n, x->refs + first + old, tail * sizeof(kam_ref));
	memmove(x->ref_ns + first + n, x->ref_ns + first + old, tail * sizeof(uint32_t));
	if (n)
		memcpy(x->refs + first, part->refs, n * sizeof(kam_ref));
	for (size_t i = 0; i < n; i++)
		x->ref_ns[first + i] = ns_id(x, ref_ns_text(part, i));
	for (size_t i = first; i < first + n; i++)
		x->refs[i].doc = (uint32_t)doc;
	x->ref_count = x->ref_count - old + n;
	for (size_t i = doc + 1; i < x->doc_count; i++)
		x->docs[i].first_ref = x->docs[i].first_ref - old + n;
}

/* doc's entities overwritten by part's (the same ids, in the same order):
 * what other documents resolved to stays where it was; the lookup tables
 * take the new strings. */
static void replace_entities(kam_index *x, size_t doc, const kam_index *part)
{
	size_t first = x->docs[doc].first_entity;
	for (size_t i = 0; i < part->entity_count; i++) {
		x->entities[first + i] = part->entities[i];
		x->entities[first + i].doc = (uint32_t)doc;
	}
	/* by_id reads ids and scopes from the entities: the same ones */
	for (size_t i = 0; i < x->by_rel_count; i++)
		if (x->by_rel[i].index == doc)
			x->by_rel[i].key = part->docs[0].rel;
}

/* Whether part's entities stand where doc's do. */
static bool same_places(const kam_index *x, size_t doc, const kam_index *part)
{
	size_t first = x->docs[doc].first_entity;
	for (size_t i = 0; i < part->entity_count; i++)
		if (x->entities[first + i].line != part->entities[i].line ||
		    x->entities[first + i].column != part->entities[i].column)
			return false;
	return true;
}

bool kam_index_replace(kam_index *x, size_t doc, kam_index *part, kam_diag_list *diags)
{
	bool moved = !same_places(x, doc, part);
	index_doc *d = &x->docs[doc], *p = &part->docs[0];
	size_t first_entity = d->first_entity, first_ref = d->first_ref;
	bool report = d->report;
	kam_arena *previous = d->own; /* nothing else points into it */
	free(d->anchors);
	kam_text_table_release(&d->anchor_table);
	*d = *p;
	d->first_entity = first_entity;
	d->first_ref = first_ref;
	d->report = report;
	d->own = part->owns_arena ? part->arena : NULL;
	replace_entities(x, doc, part);
	replace_refs(x, doc, part);
	replace_touches(x, doc, part);
	part->owns_arena = false;
	part->doc_count = 0; /* its anchors now belong to x */
	kam_index_free(part);
	kam_arena_free(previous);
	if (!x->replaced)
		x->replaced = kam_arena_new();
	suggestion_budget = SUGGESTION_BUDGET;
	size_t end = doc_ref_end(x, doc);
	for (size_t i = x->docs[doc].first_ref; i < end; i++)
		resolve_ref(x, i, x->replaced, diags);
	for (size_t i = x->docs[doc].first_ref; report && i < end; i++)
		depend_on_ref(x, &x->refs[i]);
	return moved;
}

static void resolve_ref(kam_index *x, size_t i, kam_arena *arena, kam_diag_list *diags)
{
	kam_ref *r = &x->refs[i];
	bool report = x->docs[r->doc].report;
	if (r->kind == KAM_REF_WIKI) {
		resolve_wiki(x, r, diags, report);
		r->broken = !r->target && !r->unchecked;
	} else if (r->kind == KAM_REF_FIELD) {
		const char *list = ref_ns_text(x, i);
		r->target = resolve_field(x, r, list);
		r->unchecked = !r->target && field_unchecked(x, r, list);
		r->broken = !r->target && !r->unchecked;
		if (r->broken && report)
			report_field(x, r, list, diags);
	} else
		resolve_link(x, r, arena, diags);
}

/* References resolve in runs on the work pool: each run has its own
 * findings and arena; lookups only read the index. */
enum { REFS_PER_RUN = 4096 };

typedef struct resolve_run {
	kam_index *x;
	kam_diag_list *diags, *found; /* all findings; each run's */
	kam_arena **arenas;           /* per worker */
} resolve_run;

/* The references ever merged: with settled ones dropped, runs still cover
 * the same numbers, so which findings get a suggestion stays the same. */
static size_t refs_numbered(const kam_index *x)
{
	return x->settle ? x->settle->seen : x->ref_count;
}

/* The first kept reference numbered n or more. */
static size_t ref_numbered(const kam_index *x, size_t n)
{
	if (!x->settle)
		return n < x->ref_count ? n : x->ref_count;
	size_t lo = 0, hi = x->ref_count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (x->settle->number[mid] < n)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void resolve_some(void *ctx, size_t run, size_t worker)
{
	resolve_run *rr = ctx;
	size_t end = ref_numbered(rr->x, (run + 1) * REFS_PER_RUN);
	suggestion_budget = SUGGESTION_BUDGET;
	for (size_t i = ref_numbered(rr->x, run * REFS_PER_RUN); i < end; i++)
		resolve_ref(rr->x, i, rr->arenas[worker], &rr->found[run]);
}

static void finish_some(void *ctx, size_t run)
{
	resolve_run *rr = ctx;
	kam_diag_list_move(rr->diags, &rr->found[run]);
}

static void resolve_refs(kam_index *x, kam_diag_list *diags)
{
	size_t runs = (refs_numbered(x) + REFS_PER_RUN - 1) / REFS_PER_RUN;
	size_t threads = kam_thread_count(runs);
	kam_arena *arenas[KAM_MAX_THREADS];
	for (size_t i = 0; i < threads; i++)
		arenas[i] = kam_arena_new();
	resolve_run rr = {x, diags, kam_xcalloc(runs + 1, sizeof(kam_diag_list)), arenas};
	kam_pool_jobs jobs = {runs, resolve_some, finish_some, &rr};
	kam_pool_run(&jobs, threads);
	free(rr.found);
	for (size_t i = 0; i < threads; i++)
		kam_index_adopt(x, arenas[i]);
}

/* ------------------------------------------------------------------ */
/* Markdown links                                                      */

static bool has_scheme(const char *url)
{
	if (url[0] == '/' && url[1] == '/')
		return true;
	size_t n = strspn(url, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-");
	return n > 0 && url[n] == ':';
}

/* Append the segments of the n bytes at p to out (len bytes so far): "."
 * dropped, ".." removing the last one; false when ".." would climb above
 * the top. */
static bool add_segments(char *out, size_t *len, const char *p, size_t size)
{
	for (const char *end = p + size; p < end;) {
		const char *slash = memchr(p, '/', (size_t)(end - p));
		size_t n = slash ? (size_t)(slash - p) : (size_t)(end - p);
		if (n == 2 && p[0] == '.' && p[1] == '.') {
			if (!*len)
				return false;
			while (*len && out[*len - 1] != '/')
				(*len)--;
			if (*len)
				(*len)--; /* the slash before the segment removed */
		} else if (n && !(n == 1 && p[0] == '.')) {
			if (*len)
				out[(*len)++] = '/';
			memcpy(out + *len, p, n);
			*len += n;
		}
		p += n + (slash != NULL);
	}
	return true;
}

/* Join the folder (its first dir_len bytes) and a relative path lexically,
 * within the repository: NULL when ".." climbs above the root. */
static char *normalize(const char *dir, size_t dir_len, const char *path)
{
	/* no printf or growing buffer: every link of every plan comes here */
	size_t path_len = strlen(path);
	char *out = kam_xmalloc(dir_len + path_len + 2);
	size_t len = 0;
	bool inside = path[0] == '/' ? add_segments(out, &len, path + 1, path_len - 1)
				     : add_segments(out, &len, dir, dir_len) &&
					   add_segments(out, &len, path, path_len);
	if (!inside) {
		free(out);
		return NULL;
	}
	out[len] = '\0';
	return out;
}

static index_doc *doc_by_rel(kam_index *x, const char *rel)
{
	size_t lo, hi;
	ensure_sorted(x);
	key_range(x->by_rel, x->by_rel_count, rel, &lo, &hi);
	return lo < hi ? &x->docs[x->by_rel[lo].index] : NULL;
}

static index_doc *scan_other(kam_index *x, const char *rel);

/* A linked file that is not a document, scanned for its anchors once. */
static index_doc *other_by_rel(kam_index *x, const char *rel)
{
	for (size_t i = 0; i < x->extra_count; i++)
		if (strcmp(x->extra[i].rel, rel) == 0)
			return &x->extra[i];
	return scan_other(x, rel);
}

/* Anchors of a Markdown file that is not one of the documents. */
static index_doc *scan_other(kam_index *x, const char *rel)
{
	char *text;
	size_t len;
	if (kam_files_read(kam_repo_files(x->repo), rel, &text, &len, 8u << 20, NULL) < 0)
		return NULL;
	x->extra = kam_grow(x->extra, &x->extra_alloc, x->extra_count + 1, sizeof(index_doc));
	index_doc *d = &x->extra[x->extra_count++];
	memset(d, 0, sizeof(*d));
	d->rel = keep(x, rel);
	kam_split split;
	bool fm = kam_split_frontmatter(text, len, &split) == KAM_SPLIT_OK;
	body_ctx b = {NULL, d};
	collector c = {.x = x};
	b.c = &c;
	kam_body_visitor bv = {body_anchor, NULL, NULL, &b};
	kam_body_scan(fm ? text + split.body_start : text + split.bom, fm ? split.body_len : len - split.bom,
		      fm ? split.body_line : 1, &bv);
	index_anchors(d);
	free(text);
	return d;
}

static bool is_document(kam_index *x, const char *rel)
{
	size_t lo, hi;
	ensure_sorted(x);
	key_range(x->by_rel, x->by_rel_count, rel, &lo, &hi);
	return lo < hi;
}

static bool inside_repository(const kam_index *x, const char *rel)
{
	return kam_files_confine(kam_repo_files(x->repo), rel, NULL, NULL) != KAM_EOUTSIDE;
}

/* Whether a link's anchor is checked: only in a Markdown file. */
static bool anchor_matters(const char *rel, const char *anchor)
{
	size_t n = strlen(rel);
	return *anchor && n >= 3 && strcmp(rel + n - 3, ".md") == 0;
}

static void check_anchor(kam_index *x, kam_ref *r, const char *rel, const char *anchor,
			 kam_diag_list *diags, bool report)
{
	if (!anchor_matters(rel, anchor))
		return;
	index_doc *d = doc_by_rel(x, rel);
	bool other = !d; /* x->extra grows as links are resolved: under the lock */
	if (other) {
		pthread_mutex_lock(&x->extra_lock);
		d = other_by_rel(x, rel);
	}
	if (d && !other && !d->body_known)
		r->unchecked = true; /* a document kam could not read: its headings are unknown */
	else if (!d || !has_anchor(d, anchor)) {
		r->broken = true;
		if (report) {
			kam_diag *diag = kam_diag_push(diags, KAM_RULE_ANCHOR_MISSING, kam_index_doc_file(x, r->doc), r->line,
						       r->column, "link '%s': '%s' has no heading '#%s'",
						       r->text, rel, anchor);
			if (d && afford_suggestion(d->anchor_count))
				suggest(diag, kam_closest(anchor, d->anchors, d->anchor_count));
			kam_diag_set_hint(diag, "anchors are headings in lower case, punctuation dropped, "
						"spaces as '-' (## 3. Routes to market -> #3-routes-to-market)");
		}
	}
	if (other)
		pthread_mutex_unlock(&x->extra_lock);
}

/* The document path closest to rel, or NULL. */
static const char *closest_document(const kam_index *x, const char *rel)
{
	const char **rels = kam_xcalloc(x->doc_count + 1, sizeof(char *));
	for (size_t i = 0; i < x->doc_count; i++)
		rels[i] = x->docs[i].rel;
	const char *guess = kam_closest(rel, rels, x->doc_count);
	free(rels);
	return guess;
}

/* The repository path a relative link of from lands on (from itself for
 * "#anchor"), or NULL when it climbs above the root. */
static char *link_target(const index_doc *from, const char *url)
{
	char *path = kam_percent_decode(url, strcspn(url, "?#"));
	const char *slash = strrchr(from->rel, '/');
	size_t dir_len = slash ? (size_t)(slash - from->rel) : 0;
	char *rel = *path ? normalize(from->rel, dir_len, path) : kam_xstrdup(from->rel);
	free(path);
	return rel;
}

/* The link's anchor, decoded ("" for none). */
static char *link_anchor(const char *url)
{
	const char *hash = strchr(url, '#');
	return hash ? kam_percent_decode(hash + 1, strlen(hash + 1)) : kam_xstrdup("");
}

static void resolve_link(kam_index *x, kam_ref *r, kam_arena *arena, kam_diag_list *diags)
{
	index_doc *from = &x->docs[r->doc];
	bool report = from->report;
	const char *url = r->text;
	if (has_scheme(url))
		return;
	char *rel = link_target(from, url), *anchor = link_anchor(url);
	const kam_files *files = kam_repo_files(x->repo);
	/* a document was read from inside the repository: no need to ask the
	 * file system again for the link that most links are */
	bool document = rel && is_document(x, rel);
	bool exists = document || (rel && kam_files_exists(files, rel));
	if (!rel || (!document && exists && kam_files_is_worktree(files) && !inside_repository(x, rel))) {
		r->broken = true;
		if (report) {
			kam_diag *d = ref_problem(x, diags, r, KAM_RULE_LINK_BROKEN,
						  "link '%s' points outside the repository%s", url, "");
			kam_diag_set_hint(d, "link to files of the repository only; kam never follows "
					     "such a link");
		}
	} else if (!exists) {
		r->broken = true;
		if (report) {
			kam_diag *d = ref_problem(x, diags, r, KAM_RULE_LINK_BROKEN,
						  "link '%s': there is no file '%s'", url, rel);
			if (afford_suggestion(x->doc_count))
				suggest(d, closest_document(x, rel));
			kam_diag_set_hint(d, "links are relative to the file they are in");
		}
	} else {
		r->target_path = kam_arena_strndup(arena, rel, strlen(rel));
		check_anchor(x, r, rel, anchor, diags, report);
	}
	free(anchor);
	free(rel);
}


/* ------------------------------------------------------------------ */
/* duplicate ids, ids and file names                                   */

static bool clash(const kam_entity *a, const kam_entity *b)
{
	if (!same(a->id, b->id))
		return false;
	if (same(a->ns, "account") || same(b->ns, "account") || (!a->account && !b->account))
		return same(a->ns, b->ns);
	if (!same(a->account, b->account))
		return false;
	return same(a->ns, b->ns) || (a->pooled && b->pooled);
}

static bool reported_doc(const kam_index *x, size_t doc)
{
	return doc == KAM_DOC_NONE || x->docs[doc].report;
}

/* A plan that claims another's account id, as a copied plan does: one
 * finding, and a new id that is free and valid. */
static void report_account_claim(kam_index *x, const kam_entity *first, const kam_entity *e,
				 kam_diag_list *diags)
{
	const char *stem = x->docs[e->doc].stem;
	kam_diag *d = kam_diag_push(diags, KAM_RULE_ID_DUPLICATE, e->file, e->line, e->column,
				    "account id '%s' is already claimed by %s", e->id, first->file);
	const kam_entity *taken = lookup_account(x, stem); /* finds e itself by its file */
	if (valid_id(stem) && (!taken || taken == e))
		kam_diag_set_hint(d, "each plan has its own id, its file name: write id: %s", stem);
	else
		kam_diag_set_hint(d, "each plan has its own id, its file name: rename the file to "
				     "<new-id>.md and write id: <new-id> (lower-case letters, digits, "
				     "'.' and '-')");
}

static void report_duplicate(kam_index *x, const kam_entity *first, const kam_entity *e,
			     kam_diag_list *diags)
{
	kam_diag *d;
	if (same(e->ns, "account")) {
		report_account_claim(x, first, e, diags);
		return;
	} else if (same(first->file, e->file))
		d = kam_diag_push(diags, KAM_RULE_ID_DUPLICATE, e->file, e->line, e->column,
				  "id '%s' is already used by the %s on line %u", e->id, first->ns,
				  first->line);
	else
		d = kam_diag_push(diags, KAM_RULE_ID_DUPLICATE, e->file, e->line, e->column,
				  "id '%s' is already used by the %s in %s:%u", e->id, first->ns,
				  first->file, first->line);
	kam_diag_set_hint(d, "an id names exactly one thing in an account: rename one of them");
	(void)x;
}


/* Entities sharing an id and scope are neighbours in by_id, in the order
 * they were added; each is reported against the first it clashes with. An
 * id alone in its run clashes with nothing (an account's run is its own
 * scope, so that one finds itself as the owner), and its entity is not
 * read: at 10,000 plans that is half a million reads all over memory. */
static void report_duplicates(kam_index *x, kam_diag_list *diags)
{
	ensure_sorted(x);
	for (size_t g = 0; g < x->by_id_count;) {
		size_t end = g + 1; /* clashes share id and scope: a contiguous run */
		while (end < x->by_id_count && same_id_scope(x, &x->by_id[end], &x->by_id[g]))
			end++;
		for (size_t i = g; end - g > 1 && i < end; i++) {
			const kam_entity *e = &x->entities[x->by_id[i].index];
			if (!reported_doc(x, e->doc))
				continue;
			/* the account's own file keeps the id; other claimants are reported */
			const kam_entity *owner = same(e->ns, "account") ? lookup_account(x, e->id) : NULL;
			if (owner && owner != e) {
				report_duplicate(x, owner, e, diags);
				continue;
			}
			for (size_t j = g; !owner && j < i; j++)
				if (clash(&x->entities[x->by_id[j].index], e)) {
					report_duplicate(x, &x->entities[x->by_id[j].index], e, diags);
					break;
				}
		}
		g = end;
	}
}

/* Other files name the account by its file name, so that comes first;
 * renaming is offered only to a free, valid name. */
static void filename_hint(kam_index *x, kam_diag *diag, const char *id, const char *stem)
{
	char *rel = kam_xprintf("%s/%s.md", kam_repo_config(x->repo)->accounts_dir, id);
	bool rename = valid_id(id) && !doc_by_rel(x, rel) && !kam_files_exists(kam_repo_files(x->repo), rel);
	free(rel);
	if (valid_id(stem))
		kam_diag_set_hint(diag, "write id: %s (a plan's id is its file name)%s%s%s", stem,
				  rename ? ", or rename the file to " : "", rename ? id : "",
				  rename ? ".md" : "");
	else if (rename)
		kam_diag_set_hint(diag, "rename the file to %s.md (a plan's id is its file name)", id);
	else
		kam_diag_set_hint(diag, "rename the file to <id>.md and write id: <id> (lower-case "
				     "letters, digits, '.' and '-')");
}

static void report_filenames(kam_index *x, kam_diag_list *diags)
{
	for (size_t i = 0; i < x->entity_count; i++) {
		const kam_entity *e = &x->entities[i];
		if (!same(e->ns, "account") || e->doc == KAM_DOC_NONE)
			continue;
		const index_doc *d = &x->docs[e->doc];
		if (!d->is_plan || !d->report || same(d->stem, e->id) || !valid_id(e->id))
			continue; /* an id that is no id at all is schema-pattern's finding */
		const kam_entity *owner = lookup_account(x, e->id);
		if (owner != e && owner->doc != KAM_DOC_NONE && same(x->docs[owner->doc].stem, e->id))
			continue; /* a copy claiming another plan's id: id-duplicate says it */
		kam_diag *diag = kam_diag_push(diags, KAM_RULE_ID_FILENAME, e->file, e->line, e->column,
					       "id '%s' differs from the file name '%s.md'", e->id,
					       d->stem);
		filename_hint(x, diag, e->id, d->stem);
	}
}

/* A document under accounts/<id>/ belongs to account <id>: the folder
 * name is a reference to a plan, and must resolve like one. */
static void report_orphans(kam_index *x, kam_diag_list *diags)
{
	suggestion_budget = SUGGESTION_BUDGET;
	for (size_t i = 0; i < x->doc_count; i++) {
		const index_doc *d = &x->docs[i];
		if (d->is_plan || !d->report || !d->account || lookup_account(x, d->account))
			continue;
		kam_diag *diag = kam_diag_push(diags, KAM_RULE_REF_UNRESOLVED, d->file, 1, 1,
					       "this document is in the folder of account '%s', which has no plan",
					       d->account);
		suggest(diag, closest_id(x, NULL, "account", d->account));
		kam_diag_set_hint(diag, "move it to the folder of its account, or write the plan %s/%s.md",
				  kam_repo_config(x->repo)->accounts_dir, d->account);
	}
}

/* ------------------------------------------------------------------ */
/* what the reported documents could not see                           */

static void depend_on_account(kam_index *x, const char *account)
{
	const kam_entity *a = account ? lookup_account(x, account) : NULL;
	if (a && a->unread)
		x->docs[a->doc].depended_on = true;
}

/* The unread plan a reference of a reported document leans on, if any. */
static void depend_on_ref(kam_index *x, const kam_ref *r)
{
	if (r->target && r->target->unread) {
		x->docs[r->target->doc].depended_on = true;
		return;
	}
	if (!r->unchecked)
		return;
	if (r->kind == KAM_REF_LINK) {
		index_doc *d = r->target_path ? doc_by_rel(x, r->target_path) : NULL;
		if (d)
			d->depended_on = true;
	} else if (r->kind == KAM_REF_WIKI && r->text[0] != '#' && r->text[0] != '@') {
		char *account = kam_xstrndup(r->text, strcspn(r->text, "#"));
		depend_on_account(x, account);
		free(account);
	} else
		depend_on_account(x, x->docs[r->doc].account);
}

/* Runs once resolving is done, on one thread: which unread plans the
 * reported documents needed (so a check of one file can name them). */
static void mark_dependencies(kam_index *x)
{
	for (size_t i = 0; i < x->ref_count; i++)
		if (x->docs[x->refs[i].doc].report)
			depend_on_ref(x, &x->refs[i]);
	for (size_t i = 0; i < x->doc_count; i++)
		if (x->docs[i].report && !x->docs[i].is_plan)
			depend_on_account(x, x->docs[i].account);
	for (size_t i = 0; i < x->doc_count; i++)
		if (x->docs[i].report && x->docs[i].unread)
			x->docs[i].depended_on = false; /* its own findings say it */
}

/* ------------------------------------------------------------------ */
/* where a reference is written                                        */

static bool path_within(const char *path, const char *prefix)
{
	size_t n = strlen(prefix);
	return strncmp(path, prefix, n) == 0 && (path[n] == '.' || path[n] == '[');
}

const kam_entity *kam_index_ref_source(const kam_index *x, const kam_ref *r)
{
	const kam_entity *best = NULL, *account = NULL;
	size_t end = doc_entity_end(x, r->doc);
	for (size_t i = x->docs[r->doc].first_entity; i < end; i++) {
		const kam_entity *e = &x->entities[i];
		if (e->doc != r->doc)
			continue;
		if (same(e->ns, "account"))
			account = e;
		else if (r->field && *e->path && path_within(r->field, e->path) &&
			 (!best || strlen(e->path) > strlen(best->path)))
			best = e;
	}
	if (best)
		return best;
	return account ? account : lookup(x, NULL, "account", x->docs[r->doc].account);
}
