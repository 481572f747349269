#include "kam/node.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kam/util.h"
#include "banned.h"

/* Nodes are small and numerous: carve them from large chunks. */
typedef struct chunk {
	struct chunk *next;
	size_t used, size;
	max_align_t data[];
} chunk;

struct kam_arena {
	chunk *head;
	size_t next_size; /* chunks grow, so a small document costs little */
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
		free(c);
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
		if (arena->next_size < 2048)
			arena->next_size = 2048;
		size_t cap = size > arena->next_size ? size : arena->next_size;
		if (arena->next_size < 65536)
			arena->next_size *= 2;
		c = kam_xmalloc(sizeof(chunk) + cap);
		c->size = cap;
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

/* Text needs no alignment: strings pack tightly. */
char *kam_arena_strndup(kam_arena *arena, const char *s, size_t len)
{
	char *p = arena_take(arena, len + 1, 1);
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

const kam_node *kam_node_get(const kam_node *map, const char *key)
{
	if (!map || map->kind != KAM_NODE_MAP)
		return NULL;
	size_t kl = strlen(key);
	for (size_t i = 0; i < map->count; i++) {
		const kam_node *k = map->pairs[i].key;
		if (k->len == kl && memcmp(k->text, key, kl) == 0)
			return map->pairs[i].value;
	}
	return NULL;
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

static bool map_equal(const kam_node *a, const kam_node *b)
{
	if (a->count != b->count)
		return false;
	for (size_t i = 0; i < a->count; i++) {
		const kam_node *other = NULL;
		for (size_t j = 0; j < b->count && !other; j++)
			if (text_equal(a->pairs[i].key, b->pairs[j].key))
				other = b->pairs[j].value;
		if (!other || !kam_node_equal(a->pairs[i].value, other))
			return false;
	}
	return true;
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

static bool unique_text_key(const kam_node *seq, const char *key)
{
	for (size_t i = 0; seq && i < seq->count; i++) {
		const char *v = kam_node_string(kam_node_get(seq->items[i], key));
		if (!v)
			return false;
		for (size_t j = 0; j < i; j++)
			if (strcmp(v, kam_node_string(kam_node_get(seq->items[j], key))) == 0)
				return false;
	}
	return true;
}

const char *kam_node_list_identity(const kam_node *a, const kam_node *b)
{
	if (unique_text_key(a, "id") && unique_text_key(b, "id"))
		return "id";
	const kam_node *sample = b && b->count ? b->items[0] : a && a->count ? a->items[0] : NULL;
	for (size_t i = 0; sample && sample->kind == KAM_NODE_MAP && i < sample->count; i++) {
		const char *key = sample->pairs[i].key->text;
		if (unique_text_key(a, key) && unique_text_key(b, key))
			return key;
	}
	return NULL;
}
