/* Reading a fixed set of keys from many mappings in one pass each (not
 * part of libkam's public headers: C11 atomics). */
#ifndef KAM_KEY_SET_H
#define KAM_KEY_SET_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kam/node.h"

/* A fixed set of keys read from many mappings (the fields of every
 * opportunity of every plan): kam_node_pick finds them all in one pass
 * over a mapping instead of one search per key. Declare one per set,
 * static: KAM_KEY_SET(names), names an array of at most 64 keys. */
typedef struct kam_key_set {
	const char *const *keys;
	size_t count;
	_Atomic(bool) ready; /* slots built (on first use, under a lock) */
	uint8_t slots[128];  /* open addressing: key index + 1, or 0 */
	size_t lens[64];
} kam_key_set;
#define KAM_KEY_SET(names) {(names), sizeof(names) / sizeof((names)[0]), false, {0}, {0}}
/* values[i]: the value of set->keys[i] in map (the first, as kam_node_get
 * gives), or NULL; all NULL when map is no mapping. */
void kam_node_pick(const kam_node *map, kam_key_set *set, const kam_node **values);

#endif
