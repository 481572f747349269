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

#endif
