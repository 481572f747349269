/* lib/blocks.c: blocks of 2 to 64 KiB by size class, a given block taken
 * again by the next arena (when pooled: not under AddressSanitizer or
 * valgrind), larger ones through malloc; arenas on top of them keep every
 * node and text whole across threads; arrays of a megabyte and more in
 * mappings of their own that keep every item as they grow and shrink. */
#define _GNU_SOURCE /* MAP_FIXED_NOREPLACE */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include <cmocka.h>

#include "blocks.h"
#include "kam/node.h"

static void test_sizes_are_classes(void **state)
{
	(void)state;
	static const size_t wants[][2] = {{1, 2048},	  {2048, 2048},	  {2049, 4096},
					  {5000, 8192},	  {16384, 16384}, {16385, 32768},
					  {65536, 65536}, {65537, 65537}, {1 << 20, 1 << 20}};
	for (size_t i = 0; i < sizeof(wants) / sizeof(wants[0]); i++) {
		size_t size;
		char *b = kam_block_take(wants[i][0], &size);
		assert_non_null(b);
		/* without the pool (AddressSanitizer, valgrind), malloc's exact size */
		assert_int_equal(size, kam_blocks_pooled() ? wants[i][1] : wants[i][0]);
		memset(b, 0xa5, size); /* all of it is the caller's */
		kam_block_give(b, size);
	}
}

static void test_given_block_is_taken_again(void **state)
{
	(void)state;
	size_t size, again;
	void *b = kam_block_take(3000, &size);
	kam_block_give(b, size);
	void *c = kam_block_take(4096, &again);
	assert_int_equal(again, 4096);
	if (kam_blocks_pooled())
		assert_ptr_equal(c, b);		/* the newest given of its class first */
	void *d = kam_block_take(4096, &again); /* and a different one while c is held */
	assert_ptr_not_equal(d, c);
	kam_block_give(c, size);
	kam_block_give(d, again);
}

/* Each thread fills arenas with scalars of every length up to 200 KB
 * (small ones from pooled blocks, the largest from malloc), counts the
 * texts found changed, frees the arena, and again: blocks move between the
 * threads. (cmocka's assertions belong to the main thread.) */
static void *fill_arenas(void *arg)
{
	static const char source[200 * 1024];
	unsigned seed = (unsigned)(uintptr_t)arg;
	uintptr_t changed = 0;
	for (int round = 0; round < 20; round++) {
		kam_arena *arena = kam_arena_new();
		kam_node *nodes[300];
		size_t lengths[300];
		for (int i = 0; i < 300; i++) {
			seed = seed * 1103515245u + 12345u;
			lengths[i] = i % 100 == 99 ? sizeof(source) - 1 : (seed >> 8) % 5000;
			nodes[i] = kam_arena_scalar(arena, source, lengths[i]);
			memset((char *)nodes[i]->text, 'a' + i % 26, lengths[i]);
		}
		for (int i = 0; i < 300; i++) {
			bool same =
			    nodes[i]->len == lengths[i] && strlen(nodes[i]->text) == lengths[i];
			for (size_t k = 0; same && k < lengths[i]; k++)
				same = nodes[i]->text[k] == 'a' + i % 26;
			changed += !same;
		}
		kam_arena_free(arena);
	}
	return (void *)changed;
}

static void test_arenas_on_threads_keep_their_texts(void **state)
{
	(void)state;
	pthread_t threads[4];
	for (uintptr_t t = 0; t < 4; t++)
		assert_int_equal(pthread_create(&threads[t], NULL, fill_arenas, (void *)(t + 1)),
				 0);
	for (int t = 0; t < 4; t++) {
		void *changed;
		pthread_join(threads[t], &changed);
		assert_int_equal((uintptr_t)changed, 0);
	}
}

/* Item i of an array grown item by item holds i * 2654435761 (mod 2^32):
 * one moved in the wrong place, or lost, shows. */
static uint32_t item(size_t i)
{
	return (uint32_t)(i * 2654435761u);
}

static void test_big_array_keeps_items_as_it_grows(void **state)
{
	(void)state;
	uint32_t *a = NULL;
	size_t alloc = 0, count = 10u << 20; /* 40 MB: from malloc's to mappings, moved */
	for (size_t i = 0; i < count; i++) {
		a = kam_big_grow(a, &alloc, i + 1, sizeof(uint32_t));
		a[i] = item(i);
		if ((i & (i + 1)) == 0) /* at each doubling, everything so far */
			for (size_t j = 0; j <= i; j++)
				assert_int_equal(a[j], item(j));
	}
	assert_true(alloc >= count);
	for (size_t j = 0; j < count; j++)
		assert_int_equal(a[j], item(j));
	/* with the addresses after it taken (by us, or already), growing
	 * moves it: every item comes along */
	void *after = MAP_FAILED;
	bool taken = false;
	if (kam_blocks_pooled()) {
		size_t huge = 2u << 20, len = (alloc * sizeof(uint32_t) + huge - 1) & ~(huge - 1);
		after = mmap((char *)a + len, 4096, PROT_READ,
			     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
		taken = after == (char *)a + len || (after == MAP_FAILED && errno == EEXIST);
	}
	uint32_t *before = a;
	a = kam_big_grow(a, &alloc, alloc + 1, sizeof(uint32_t));
	if (taken)
		assert_ptr_not_equal(a, before);
	if (after != MAP_FAILED)
		munmap(after, 4096);
	for (size_t j = 0; j < count; j++)
		assert_int_equal(a[j], item(j));
	kam_big_free(a, alloc, sizeof(uint32_t));
}

static void test_big_calloc_is_zero_and_shrinks_whole(void **state)
{
	(void)state;
	/* small (malloc's), large to large, large to small */
	static const size_t sizes[][2] = {{1000, 500}, {20u << 20, 10u << 20}, {20u << 20, 4096}};
	for (size_t k = 0; k < 3; k++) {
		size_t old = sizes[k][0], now = sizes[k][1];
		unsigned char *p = kam_big_calloc(old, 1);
		for (size_t i = 0; i < old; i++)
			assert_int_equal(p[i], 0);
		for (size_t i = 0; i < old; i++)
			p[i] = (unsigned char)(i * 7 + 1);
		p = kam_big_shrink(p, old, now);
		for (size_t i = 0; i < now; i++)
			assert_int_equal(p[i], (unsigned char)(i * 7 + 1));
		kam_big_free(p, now, 1);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_sizes_are_classes),
	    cmocka_unit_test(test_given_block_is_taken_again),
	    cmocka_unit_test(test_arenas_on_threads_keep_their_texts),
	    cmocka_unit_test(test_big_array_keeps_items_as_it_grows),
	    cmocka_unit_test(test_big_calloc_is_zero_and_shrinks_whole),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
