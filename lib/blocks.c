/* Blocks for the arenas' chunks. A parsed plan lives in an arena of a few
 * chunks of 2 to 64 KiB; a check of 10,000 plans or a site's history of
 * 2,800 plan versions takes and frees hundreds of thousands of them, and
 * on a virtual machine each first touch of a 4 KiB page is a page fault
 * that costs as much as parsing a kilobyte (a tenth of the history's CPU
 * time). So the blocks are carved from regions the kernel may back with
 * 2 MiB pages (MADV_HUGEPAGE: one fault per 512 pages), and a freed block
 * waits on a list of its size for the next arena instead of going back to
 * malloc: the 500-plan site with 8 quarters of history takes 22,000 page
 * faults instead of 39,000, and 15% less CPU time. The pool only grows:
 * its size is the most blocks ever held at once, which is what the
 * process's peak memory held anyway. */
#define _GNU_SOURCE /* MAP_ANONYMOUS, MADV_HUGEPAGE, mremap */
#include "blocks.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "kam/util.h"
#include "banned.h"

#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#define KAM_UNDER_VALGRIND() RUNNING_ON_VALGRIND
#endif
#endif
#ifndef KAM_UNDER_VALGRIND
#define KAM_UNDER_VALGRIND() 0
#endif

#if defined(__SANITIZE_ADDRESS__)
#define KAM_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define KAM_ASAN 1
#endif
#endif
#ifndef KAM_ASAN
#define KAM_ASAN 0
#endif

enum {
	SMALLEST_SHIFT = 11, /* 2 KiB */
	CLASSES = 6,         /* 2, 4, 8, 16, 32 and 64 KiB */
	HUGE_PAGE = 2 << 20,
	REGION_BYTES = 16 << 20,
};

typedef struct free_block {
	struct free_block *next;
} free_block;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static free_block *free_blocks[CLASSES]; /* given by threads that ended */
static char *region_next, *region_end;   /* the part of the newest region not carved yet */
static pthread_once_t decided = PTHREAD_ONCE_INIT;
static bool pooled;
/* A thread's own lists: a block goes back to the thread that gave it,
 * warm in its core's cache (from one shared list, each block came cold
 * from the other core: 13% more CPU for kam check). Past OWN_MAX blocks
 * of a class (a thread that frees what others parsed), the shared list
 * takes them. */
enum { OWN_MAX = 64 };
static _Thread_local free_block *own_blocks[CLASSES];
static _Thread_local unsigned own_count[CLASSES];
static pthread_key_t thread_end_key;

/* A thread's blocks join the shared lists when it ends. */
static void give_own_blocks(void *unused)
{
	(void)unused;
	pthread_mutex_lock(&lock);
	for (int k = 0; k < CLASSES; k++)
		while (own_blocks[k]) {
			free_block *b = own_blocks[k];
			own_blocks[k] = b->next;
			b->next = free_blocks[k];
			free_blocks[k] = b;
		}
	memset(own_count, 0, sizeof(own_count));
	pthread_mutex_unlock(&lock);
}

static void decide(void)
{
	pthread_key_create(&thread_end_key, give_own_blocks);
	pooled = !KAM_ASAN && !KAM_UNDER_VALGRIND();
}

bool kam_blocks_pooled(void)
{
	pthread_once(&decided, decide);
	return pooled;
}

/* The smallest class holding want bytes, or -1 when want is larger. */
static int class_of(size_t want)
{
	for (int k = 0; k < CLASSES; k++)
		if (want <= (size_t)1 << (SMALLEST_SHIFT + k))
			return k;
	return -1;
}

/* len bytes (a multiple of HUGE_PAGE) mapped on a huge page's boundary
 * and marked for huge pages, or NULL when the system has none to map. */
static char *map_aligned(size_t len)
{
	size_t over = len + HUGE_PAGE;
	char *p = mmap(NULL, over, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	char *start = (char *)(((uintptr_t)p + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1));
	char *end = start + len;
	if (start > p)
		munmap(p, (size_t)(start - p));
	if (p + over > end)
		munmap(end, (size_t)(p + over - end));
	madvise(start, len, MADV_HUGEPAGE); /* a hint: without it, 4 KiB pages */
	return start;
}

/* A region of REGION_BYTES, or false when the system has no memory to map
 * (malloc takes over). */
static bool new_region(void)
{
	char *start = map_aligned(REGION_BYTES);
	if (!start)
		return false;
	region_next = start;
	region_end = start + REGION_BYTES;
	return true;
}

/* A block of class k from the shared list or the region, or NULL. */
static void *take_shared(int k)
{
	size_t size = (size_t)1 << (SMALLEST_SHIFT + k);
	void *b = NULL;
	pthread_mutex_lock(&lock);
	if (free_blocks[k]) {
		b = free_blocks[k];
		free_blocks[k] = free_blocks[k]->next;
	} else if ((size_t)(region_end - region_next) >= size || new_region()) {
		/* what is left at a region's end (under 64 KiB) stays unused */
		b = region_next;
		region_next += size;
	}
	pthread_mutex_unlock(&lock);
	return b;
}

void *kam_block_take(size_t want, size_t *size)
{
	int k = class_of(want);
	if (k < 0 || !kam_blocks_pooled()) {
		*size = want;
		return kam_xmalloc(want);
	}
	*size = (size_t)1 << (SMALLEST_SHIFT + k);
	free_block *b = own_blocks[k];
	if (b) {
		own_blocks[k] = b->next;
		own_count[k]--;
		return b;
	}
	/* without memory to map, malloc's: it joins the lists when given */
	void *shared = take_shared(k);
	return shared ? shared : kam_xmalloc(*size);
}

void kam_block_give(void *block, size_t size)
{
	static _Thread_local bool registered;
	int k = class_of(size);
	if (!block)
		return;
	if (k < 0 || !kam_blocks_pooled() || size != (size_t)1 << (SMALLEST_SHIFT + k)) {
		free(block);
		return;
	}
	if (!registered) /* so that the thread's end gives its blocks to the others */
		registered = pthread_setspecific(thread_end_key, own_blocks) == 0;
	free_block *b = block;
	if (own_count[k] < OWN_MAX) {
		b->next = own_blocks[k];
		own_blocks[k] = b;
		own_count[k]++;
		return;
	}
	pthread_mutex_lock(&lock);
	b->next = free_blocks[k];
	free_blocks[k] = b;
	pthread_mutex_unlock(&lock);
}

/* --- arrays of megabytes --- */

/* Smaller arrays stay malloc's. Past a megabyte kam check of 10,000
 * plans takes 14,400 page faults (20,800 past 8 MB); the site's history,
 * an index of 500 plans built at each quarter's end, is as fast either
 * way. Freed mappings are unmapped: keeping them for the next index made
 * the history 2 % faster but kam check's peak memory 10 MB larger. */
#ifndef KAM_MAPPED_FROM
#define KAM_MAPPED_FROM (1u << 20)
#endif

static size_t huge_round(size_t bytes)
{
	return (bytes + HUGE_PAGE - 1) & ~(size_t)(HUGE_PAGE - 1);
}

/* Whether count items make an array of its own mapping: decided the same
 * way when it is made and when it is freed (a mapped array's alloc is at
 * least the count it was made for; one from malloc never passes this). */
static bool over(size_t count, size_t elem_size)
{
	return count * elem_size > KAM_MAPPED_FROM - elem_size;
}

static bool is_mapped(size_t alloc, size_t elem_size)
{
	return kam_blocks_pooled() && over(alloc, elem_size);
}

/* The mapping of old_len bytes at items made len long: in place when the
 * addresses after it are free, else its pages moved (not copied) by the
 * kernel, which keeps it one mapping that can be moved again (a move onto
 * a mapping of our own would leave two, which kernels before 6.17 cannot
 * move, and a copy would hold both at the peak). Where it lands is on a
 * 2 MiB boundary on kernels that align large anonymous mappings (6.7 and
 * later); elsewhere all of it but its ends can still be huge pages. */
static char *remap(void *items, size_t old_len, size_t len)
{
	char *p = mremap(items, old_len, len, MREMAP_MAYMOVE);
	if (p == MAP_FAILED)
		kam_out_of_memory(len);
	return p;
}

void *kam_big_grow_to(void *items, size_t *alloc, size_t need, size_t elem_size)
{
	if (need <= *alloc)
		return items;
	size_t n = kam_grow_room(*alloc, need, elem_size); /* so malloc's never pass over() */
	if (n > (SIZE_MAX - HUGE_PAGE) / elem_size)
		kam_out_of_memory(SIZE_MAX);
	if (!kam_blocks_pooled() || !over(n, elem_size))
		return kam_grow_to(items, alloc, need, elem_size);
	size_t len = huge_round(n * elem_size);
	char *p;
	if (is_mapped(*alloc, elem_size)) {
		p = remap(items, huge_round(*alloc * elem_size), len);
	} else {
		p = map_aligned(len);
		if (!p)
			kam_out_of_memory(len);
		if (*alloc)
			memcpy(p, items, *alloc * elem_size);
		free(items);
	}
	madvise(p, len, MADV_HUGEPAGE); /* the part mremap added too */
	*alloc = len / elem_size;
	return p;
}

void kam_big_free(void *items, size_t alloc, size_t elem_size)
{
	if (items && is_mapped(alloc, elem_size))
		munmap(items, huge_round(alloc * elem_size));
	else
		free(items);
}

void *kam_big_calloc(size_t count, size_t elem_size)
{
	if (count && elem_size && count > (SIZE_MAX - HUGE_PAGE) / elem_size)
		kam_out_of_memory(SIZE_MAX);
	if (!is_mapped(count, elem_size))
		return kam_xcalloc(count, elem_size);
	char *p = map_aligned(huge_round(count * elem_size)); /* fresh pages are zero */
	if (!p)
		kam_out_of_memory(count * elem_size);
	return p;
}

void *kam_big_shrink(void *items, size_t old_bytes, size_t new_bytes)
{
	if (!is_mapped(old_bytes, 1))
		return kam_xrealloc(items, new_bytes);
	size_t old_len = huge_round(old_bytes);
	if (is_mapped(new_bytes, 1)) {
		size_t len = huge_round(new_bytes);
		if (len < old_len)
			munmap((char *)items + len, old_len - len);
		return items;
	}
	void *p = kam_xmalloc(new_bytes);
	memcpy(p, items, new_bytes);
	munmap(items, old_len);
	return p;
}
