/* Blocks of 2 to 64 KiB for the arenas' chunks, from memory the kernel
 * may back with 2 MiB pages (lib/blocks.c). */
#ifndef KAM_BLOCKS_H
#define KAM_BLOCKS_H

#include <stdbool.h>
#include <stddef.h>

/* A block of at least want bytes; *size is what it holds. Never NULL
 * (kam_xmalloc's promise). */
void *kam_block_take(size_t want, size_t *size);

/* A block of kam_block_take, with the size it gave, back for the next
 * arena. */
void kam_block_give(void *block, size_t size);

/* Whether blocks come from the pool (false under AddressSanitizer and
 * valgrind, which watch every block only when it is malloc's). */
bool kam_blocks_pooled(void);

/* kam_grow for the few arrays that grow to megabytes (the index's at
 * 10,000 plans: tens of MB, most of kam check's page faults): past a
 * megabyte such an array is a mapping of its own on 2 MiB pages, grown in
 * place where it can be (malloc's when the pool is off). An
 * array grown with it is freed with kam_big_free, given its alloc. Items
 * are far smaller than a megabyte. */
void *kam_big_grow_to(void *items, size_t *alloc, size_t need, size_t elem_size);
static inline void *kam_big_grow(void *items, size_t *alloc, size_t need, size_t elem_size)
{
	return need <= *alloc ? items : kam_big_grow_to(items, alloc, need, elem_size);
}
void kam_big_free(void *items, size_t alloc, size_t elem_size);
/* count items of zeroes the same way, freed with kam_big_free given count;
 * kam_big_shrink keeps the first new_bytes of old_bytes (as kam_big_free
 * counts bytes: an element size of 1; the item sizes it is used with
 * divide a megabyte, so bytes and items decide alike). */
void *kam_big_calloc(size_t count, size_t elem_size);
void *kam_big_shrink(void *items, size_t old_bytes, size_t new_bytes);

#endif
