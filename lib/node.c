#include "kam/node.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#include "blocks.h"
#include "kam/util.h"
#include "key_set.h"
#include "banned.h"

/* Nodes are small and numerous: carve them from large chunks. */
typedef struct chunk {
	struct chunk *next;
	size_t used, size;
	max_align_t data[];
} chunk;

struct kam_arena {
	chunk *head;
	size_t next_block; /* chunks grow, so a small document costs little */
};

kam_arena *kam_arena_new(void)
{
	return kam_xcalloc(1, sizeof(kam_arena));
}

void kam_arena_free(kam_arena *arena)
{
	if (!arena)
		return;
	for (chunk *c = arena->head, *next; c; c = next) {
		next = c->next;
		kam_block_give(c, sizeof(chunk) + c->size);
	}
	free(arena);
}

/* size bytes at a multiple of align from the chunk's start, in a new
 * chunk when the current one lacks room. */
static void *arena_take(kam_arena *arena, size_t size, size_t align)
{
	chunk *c = arena->head;
	size_t at = c ? (c->used + align - 1) & ~(align - 1) : 0; /* align: a power of two */
	if (!c || c->size < at || c->size - at < size) {
		if (arena->next_block < 2048)
			arena->next_block = 2048;
		size_t want = sizeof(chunk) + size, got;
		c = kam_block_take(want > arena->next_block ? want : arena->next_block, &got);
		if (arena->next_block < 65536)
			arena->next_block *= 2;
		c->size = got - sizeof(chunk);
		c->used = 0;
		c->next = arena->head;
		arena->head = c;
		at = 0;
	}
	c->used = at + size;
	return (char *)c->data + at;
}

void *kam_arena_alloc(kam_arena *arena, size_t size)
{
	void *p = arena_take(arena, size, sizeof(max_align_t));
	memset(p, 0, size);
	return p;
}

/* A scalar's node and its text in one piece: one step of the arena per
 * scalar instead of two (a million of them in 1,000 plans). */
kam_node *kam_arena_scalar(kam_arena *arena, const char *s, size_t len)
{
	kam_node *n = arena_take(arena, sizeof(kam_node) + len + 1, _Alignof(kam_node));
	*n = (kam_node){0};
	char *text = (char *)(n + 1);
	memcpy(text, s, len);
	text[len] = '\0';
	n->text = text;
	n->len = len;
	return n;
}

/* Text needs no alignment: strings pack tightly. */
char *kam_arena_strndup(kam_arena *arena, const char *s, size_t len)
{
	char *p = arena_take(arena, len + 1, 1);
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

kam_pair kam_pair_make(kam_node *key, kam_node *value)
{
	return (kam_pair){key, value, key->len, kam_key_head(key->text, key->len)};
}

const kam_node *kam_node_get(const kam_node *map, const char *key)
{
	if (!map || map->kind != KAM_NODE_MAP)
		return NULL;
	/* the hottest lookup of kam check (typed views read some 25 keys of
	 * every opportunity, most of them absent): the pairs' lengths and
	 * heads settle almost every key without reading the key's node */
	size_t kl = strlen(key);
	uint32_t head = kam_key_head(key, kl);
	for (size_t i = 0; i < map->count; i++)
		if (kam_pair_has_key(&map->pairs[i], key, kl, head))
			return map->pairs[i].value;
	return NULL;
}

/* From a key's length and first two bytes: what a pair holds itself. */
static size_t key_slot(uint32_t head, size_t len)
{
	return (len * 7 + (head & 0xff) * 3 + ((head >> 8) & 0xff)) & 127;
}

static void key_set_build(kam_key_set *set)
{
	static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	pthread_mutex_lock(&lock);
	if (!atomic_load_explicit(&set->ready, memory_order_relaxed)) {
		for (size_t i = 0; i < set->count && i < 64; i++) {
			set->lens[i] = strlen(set->keys[i]);
			size_t j = key_slot(kam_key_head(set->keys[i], set->lens[i]), set->lens[i]);
			while (set->slots[j])
				j = (j + 1) & 127;
			set->slots[j] = (uint8_t)(i + 1);
		}
		atomic_store_explicit(&set->ready, true, memory_order_release);
	}
	pthread_mutex_unlock(&lock);
}

/* The index of pair's key in set, or -1. */
static int key_set_find(const kam_key_set *set, const kam_pair *pair)
{
	for (size_t j = key_slot(pair->key_head, pair->key_len); set->slots[j]; j = (j + 1) & 127) {
		size_t i = set->slots[j] - 1;
		if (kam_pair_has_key(pair, set->keys[i], set->lens[i],
				     kam_key_head(set->keys[i], set->lens[i])))
			return (int)i;
	}
	return -1;
}

void kam_node_pick(const kam_node *map, kam_key_set *set, const kam_node **values)
{
	if (!atomic_load_explicit(&set->ready, memory_order_acquire))
		key_set_build(set);
	memset(values, 0, set->count * sizeof(*values));
	for (size_t i = 0; map && map->kind == KAM_NODE_MAP && i < map->count; i++) {
		int at = key_set_find(set, &map->pairs[i]);
		if (at >= 0 && !values[at])
			values[at] = map->pairs[i].value;
	}
}

const char *kam_node_string(const kam_node *node)
{
	return node && node->kind == KAM_NODE_STRING ? node->text : NULL;
}

const char *kam_node_kind_name(kam_node_kind kind)
{
	static const char *names[] = {"null", "boolean", "number", "string", "list", "mapping"};
	return names[kind];
}

bool kam_node_is_integer(const kam_node *node)
{
	return node->kind == KAM_NODE_NUMBER && isfinite(node->number) &&
	       floor(node->number) == node->number;
}

static bool text_equal(const kam_node *a, const kam_node *b)
{
	return a->len == b->len && memcmp(a->text, b->text, a->len) == 0;
}

/* Mappings this large are looked up through a table of keys, not pair by pair. */
#define TABLE_FROM 16

void kam_node_index_items(kam_text_table *t, const kam_node *seq, const char *key)
{
	for (size_t i = 0; seq && seq->kind == KAM_NODE_SEQ && i < seq->count; i++) {
		const kam_node *v = kam_node_get(seq->items[i], key);
		if (v && v->kind == KAM_NODE_STRING)
			kam_text_table_put(t, v->text, v->len, i);
	}
}

void kam_map_index_init(kam_map_index *ix, const kam_node *map)
{
	memset(ix, 0, sizeof(*ix));
	ix->map = map && map->kind == KAM_NODE_MAP ? map : NULL;
	for (size_t i = 0; ix->map && map->count >= TABLE_FROM && i < map->count; i++)
		kam_text_table_put(&ix->keys, map->pairs[i].key->text, map->pairs[i].key->len, i);
}

const kam_node *kam_map_index_get(const kam_map_index *ix, const kam_node *key)
{
	size_t at;
	if (!ix->map)
		return NULL;
	if (ix->keys.count)
		return kam_text_table_get(&ix->keys, key->text, key->len, &at) ? ix->map->pairs[at].value : NULL;
	for (size_t i = 0; i < ix->map->count; i++)
		if (text_equal(key, ix->map->pairs[i].key))
			return ix->map->pairs[i].value;
	return NULL;
}

const kam_node *kam_map_index_near(const kam_map_index *ix, const kam_node *key, size_t hint)
{
	if (ix->map && hint < ix->map->count && text_equal(key, ix->map->pairs[hint].key))
		return ix->map->pairs[hint].value;
	return kam_map_index_get(ix, key);
}

void kam_map_index_release(kam_map_index *ix)
{
	kam_text_table_release(&ix->keys);
}

static bool map_equal(const kam_node *a, const kam_node *b)
{
	if (a->count != b->count)
		return false;
	kam_map_index other;
	kam_map_index_init(&other, b);
	bool equal = true;
	for (size_t i = 0; i < a->count && equal; i++) {
		const kam_node *v = kam_map_index_near(&other, a->pairs[i].key, i);
		equal = v && kam_node_equal(a->pairs[i].value, v);
	}
	kam_map_index_release(&other);
	return equal;
}

bool kam_node_equal(const kam_node *a, const kam_node *b)
{
	if (a->kind != b->kind)
		return false;
	switch (a->kind) {
	case KAM_NODE_NULL: return true;
	case KAM_NODE_BOOL: return a->boolean == b->boolean;
	case KAM_NODE_NUMBER: return a->number == b->number;
	case KAM_NODE_STRING: return text_equal(a, b);
	case KAM_NODE_SEQ:
		if (a->count != b->count)
			return false;
		for (size_t i = 0; i < a->count; i++)
			if (!kam_node_equal(a->items[i], b->items[i]))
				return false;
		return true;
	case KAM_NODE_MAP: return map_equal(a, b);
	}
	return false;
}

uint64_t kam_node_hash(const kam_node *n)
{
	uint64_t h = kam_hash_bytes(KAM_HASH_SEED, &n->kind, sizeof(n->kind));
	switch (n->kind) {
	case KAM_NODE_NULL: return h;
	case KAM_NODE_BOOL: return kam_hash_bytes(h, &n->boolean, sizeof(n->boolean));
	case KAM_NODE_NUMBER: {
		double d = n->number == 0 ? 0 : n->number; /* -0 equals 0 */
		return kam_hash_bytes(h, &d, sizeof(d));
	}
	case KAM_NODE_STRING: return kam_hash_bytes(h, n->text, n->len);
	case KAM_NODE_SEQ:
		for (size_t i = 0; i < n->count; i++)
			h = (h ^ kam_node_hash(n->items[i])) * 1099511628211u;
		return h;
	case KAM_NODE_MAP: {
		uint64_t pairs = 0; /* in any order, as map_equal compares */
		for (size_t i = 0; i < n->count; i++)
			pairs += kam_hash_bytes(kam_node_hash(n->pairs[i].value), n->pairs[i].key->text,
					    n->pairs[i].key->len) * 0x9E3779B97F4A7C15u;
		return kam_hash_bytes(h, &pairs, sizeof(pairs));
	}
	}
	return h;
}

static bool unique_text_key(const kam_node *seq, const char *key)
{
	kam_text_table seen = {0};
	bool unique = true;
	for (size_t i = 0; seq && i < seq->count && unique; i++) {
		const kam_node *v = kam_node_get(seq->items[i], key);
		unique = v && v->kind == KAM_NODE_STRING && kam_text_table_put(&seen, v->text, v->len, i);
	}
	kam_text_table_release(&seen);
	return unique;
}

const char *kam_node_list_identity(const kam_node *a, const kam_node *b)
{
	if (unique_text_key(a, "id") && unique_text_key(b, "id"))
		return "id";
	const kam_node *sample = b && b->count ? b->items[0] : a && a->count ? a->items[0] : NULL;
	/* an identity is one of an item's first keys; trying them all would be
	 * quadratic in a hostile item */
	for (size_t i = 0; sample && sample->kind == KAM_NODE_MAP && i < sample->count && i < 8; i++) {
		const char *key = sample->pairs[i].key->text;
		if (unique_text_key(a, key) && unique_text_key(b, key))
			return key;
	}
	return NULL;
}

/* ------------------------------------------------------------------ */
/* node sets                                                           */

struct kam_hashed_node {
	uint64_t hash;
	size_t index; /* in the list */
	const kam_node *node;
};

static int by_hash_then_index(const void *a, const void *b)
{
	const struct kam_hashed_node *x = a, *y = b;
	if (x->hash != y->hash)
		return x->hash < y->hash ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

void kam_node_set_init(kam_node_set *set, const kam_node *seq)
{
	set->count = seq && seq->kind == KAM_NODE_SEQ ? seq->count : 0;
	set->items = kam_xcalloc(set->count + 1, sizeof(*set->items));
	for (size_t i = 0; i < set->count; i++)
		set->items[i] = (struct kam_hashed_node){kam_node_hash(seq->items[i]), i, seq->items[i]};
	qsort(set->items, set->count, sizeof(*set->items), by_hash_then_index);
}

size_t kam_node_set_first(const kam_node_set *set, const kam_node *node)
{
	uint64_t h = kam_node_hash(node);
	size_t lo = 0, hi = set->count;
	while (lo < hi) { /* the first item with this hash */
		size_t mid = lo + (hi - lo) / 2;
		if (set->items[mid].hash < h)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < set->count && set->items[lo].hash == h; lo++) /* in list order */
		if (kam_node_equal(set->items[lo].node, node))
			return set->items[lo].index;
	return SIZE_MAX;
}

bool kam_node_set_has(const kam_node_set *set, const kam_node *node)
{
	return kam_node_set_first(set, node) != SIZE_MAX;
}

void kam_node_set_release(kam_node_set *set)
{
	free(set->items);
	set->items = NULL;
	set->count = 0;
}

const kam_node *kam_node_seq_at(const kam_node *map, const char *key)
{
	const kam_node *n = kam_node_get(map, key);
	return n && n->kind == KAM_NODE_SEQ ? n : NULL;
}

const char *kam_node_text_at(const kam_node *map, const char *key)
{
	return kam_node_string(kam_node_get(map, key));
}
