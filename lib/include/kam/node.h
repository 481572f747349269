/* kam/node.h - the YAML/JSON node tree every other module reads.
 *
 * Nodes live in an arena owned by whoever parsed them (a kam_doc, a
 * kam_schema); they are read-only for everyone else. Every node keeps the
 * 1-based line and column of its first character in the file. */
#ifndef KAM_NODE_H
#define KAM_NODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "kam/util.h"

#include "kam/diag.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
	KAM_NODE_NULL,
	KAM_NODE_BOOL,
	KAM_NODE_NUMBER,
	KAM_NODE_STRING,
	KAM_NODE_SEQ,
	KAM_NODE_MAP
} kam_node_kind;

enum {
	KAM_NODE_QUOTED = 1 << 0,    /* written quoted or as a block scalar */
	KAM_NODE_AMBIGUOUS = 1 << 1, /* plain scalar YAML 1.1 reads another way */
	/* .inf, -.inf, .nan (any case YAML allows): a number to YAML, kept as
	 * text here so that no infinity reaches a sum, a page or JSON; the
	 * schema reports it where a number is wanted */
	KAM_NODE_NOT_FINITE = 1 << 2
};

typedef struct kam_node kam_node;
typedef struct kam_pair {
	kam_node *key; /* always a scalar node */
	kam_node *value;
	/* key->len and the key's first bytes, zero-padded: a lookup compares
	 * these and reads the key's node (elsewhere in memory) only when they
	 * agree. kam_pair_make fills them. */
	uint32_t key_len;
	uint32_t key_head;
} kam_pair;

/* A pair of key and value, its key's length and head filled in. */
kam_pair kam_pair_make(kam_node *key, kam_node *value);

/* Small, as a plan has thousands of nodes and a site with history holds
 * two snapshots of every plan: 56 bytes. */
struct kam_node {
	uint8_t kind;          /* a kam_node_kind */
	uint8_t flags;         /* KAM_NODE_QUOTED... */
	bool boolean;          /* KAM_NODE_BOOL */
	unsigned line, column; /* 1-based, in the file */
	uint32_t len;          /* length of text in bytes (a document is far smaller) */
	uint32_t count;        /* items of a sequence, pairs of a mapping */
	uint32_t weight;       /* nodes in this subtree, aliases expanded (saturates) */
	const char *text;      /* scalars: the text (NUL-terminated; may hold NULs) */
	double number;         /* KAM_NODE_NUMBER */
	kam_node **items;      /* KAM_NODE_SEQ */
	kam_pair *pairs;       /* KAM_NODE_MAP, in file order */
};

/* The first four of the len bytes at key as a number, zero-padded: what
 * a pair holds of its key. */
static inline uint32_t kam_key_head(const char *key, size_t len)
{
	const unsigned char *p = (const unsigned char *)key;
	if (len >= 4)
		return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
	uint32_t head = 0;
	for (size_t i = 0; i < len; i++)
		head |= (uint32_t)p[i] << (8 * i);
	return head;
}

/* Whether pair's key is the len bytes at key (head: their kam_key_head). */
static inline bool kam_pair_has_key(const kam_pair *pair, const char *key, size_t len,
				    uint32_t head)
{
	return pair->key_len == len && pair->key_head == head &&
	       (len <= 4 || memcmp(pair->key->text + 4, key + 4, len - 4) == 0);
}

/* A mapping's value for key, or NULL (also when map is NULL or no mapping). */
const kam_node *kam_node_get(const kam_node *map, const char *key);
/* The value of key in map when it is a sequence, else NULL. */
const kam_node *kam_node_seq_at(const kam_node *map, const char *key);
/* The text of key in map when it is a string, else NULL. */
const char *kam_node_text_at(const kam_node *map, const char *key);
/* The text of a string node, or NULL for any other node (NULL accepted). */
const char *kam_node_string(const kam_node *node);
/* "string", "number", "boolean", "null", "list" or "mapping". */
const char *kam_node_kind_name(kam_node_kind kind);
/* Deep equality with JSON semantics: numbers by value, mappings unordered. */
bool kam_node_equal(const kam_node *a, const kam_node *b);
/* A hash that equal nodes (kam_node_equal) share: mappings in any order. */
uint64_t kam_node_hash(const kam_node *node);
/* The key that names each item of lists a and b of mappings (either may
 * be NULL): "id" when every item has a unique text id, else the first key
 * of the items that does (a route's "route", a revenue row's "quarter");
 * NULL when none does. */
const char *kam_node_list_identity(const kam_node *a, const kam_node *b);
/* Whether a number node holds an integral value. */
bool kam_node_is_integer(const kam_node *node);

/* Put the text of key in each item of seq (a list of mappings) into table,
 * with the item's index: the first item with a text wins, items whose key
 * is missing or not text are left out. seq may be NULL or no list. */
void kam_node_index_items(kam_text_table *table, const kam_node *seq, const char *key);

/* Lookups by key in a mapping that stay fast when it is large (a hostile
 * plan with a million keys must not make a diff quadratic). map may be
 * NULL or not a mapping: then nothing is found. Release what init made. */
typedef struct kam_map_index {
	const kam_node *map;
	kam_text_table keys; /* filled only for large mappings */
} kam_map_index;
void kam_map_index_init(kam_map_index *index, const kam_node *map);
const kam_node *kam_map_index_get(const kam_map_index *index, const kam_node *key);
/* The same, trying the pair at position hint first: two versions of a
 * mapping mostly keep their keys in order. */
const kam_node *kam_map_index_near(const kam_map_index *index, const kam_node *key, size_t hint);
void kam_map_index_release(kam_map_index *index);

/* The items of a list, to ask in logarithmic time whether a node equals
 * one of them, and which comes first. seq may be NULL. */
typedef struct kam_node_set {
	struct kam_hashed_node *items;
	size_t count;
} kam_node_set;
void kam_node_set_init(kam_node_set *set, const kam_node *seq);
bool kam_node_set_has(const kam_node_set *set, const kam_node *node);
/* The index of the first item equal to node, or SIZE_MAX. */
size_t kam_node_set_first(const kam_node_set *set, const kam_node *node);
void kam_node_set_release(kam_node_set *set);

/* Memory where the nodes of one document live and die together. */
typedef struct kam_arena kam_arena;
kam_arena *kam_arena_new(void);
void kam_arena_free(kam_arena *arena); /* NULL accepted */
void *kam_arena_alloc(kam_arena *arena, size_t size); /* zeroed, aborts on OOM */
char *kam_arena_strndup(kam_arena *arena, const char *s, size_t len);
/* A zeroed node whose text (and len) is a copy of s's len bytes. */
kam_node *kam_arena_scalar(kam_arena *arena, const char *s, size_t len);

typedef struct kam_yaml_limits {
	unsigned max_depth;       /* nesting of collections (default 64) */
	size_t max_alias_nodes;   /* nodes added by expanding aliases (default 10000) */
} kam_yaml_limits;
#define KAM_YAML_LIMITS_DEFAULT {64, 10000}
/* Duplicate keys reported in one document at most; the parse fails on any. */
#define KAM_YAML_MAX_DUPLICATES 100

/* Parse one YAML 1.2 (or JSON) document of len bytes into *out, allocated in
 * arena. first_line is the file line on which text starts, so positions are
 * file positions. Plain scalars resolve by the YAML 1.2 core schema; those
 * YAML 1.1 reads differently get KAM_NODE_AMBIGUOUS. An empty document gives
 * a null node. On a problem (syntax, duplicate key, limits) a diagnostic
 * against file is appended, *out is NULL and KAM_EINVALID returned: one for
 * a syntax error, at its cause and in plan words; one for each duplicate key.
 * A parse that succeeds may append warnings (yaml-comment-in-value: a plain
 * value cut by ' #'). */
int kam_yaml_parse(kam_node **out, kam_arena *arena, const char *text, size_t len,
		   unsigned first_line, const char *file, const kam_yaml_limits *limits,
		   kam_diag_list *diags);

#ifdef __cplusplus
}
#endif

#endif
