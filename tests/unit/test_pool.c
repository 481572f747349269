/* The work pool (kam/pool.h): every job run once and finished once, in
 * order, one finish at a time, all before kam_pool_run returns; a finish
 * slower than the jobs holds the workers back. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "kam/pool.h"

enum { JOBS = 400 };

typedef struct tally {
	atomic_int runs[JOBS];
	atomic_int finishes[JOBS];
	atomic_int finishing;  /* finishes under way at once */
	atomic_size_t next;    /* the job the next finish must be */
	atomic_long done, finished, most_waiting;
	long finish_ns;
	bool out_of_order, overlapped, unseen_run;
} tally;

static void spin(long ns)
{
	struct timespec a, b;
	clock_gettime(CLOCK_MONOTONIC, &a);
	do
		clock_gettime(CLOCK_MONOTONIC, &b);
	while ((b.tv_sec - a.tv_sec) * 1000000000L + (b.tv_nsec - a.tv_nsec) < ns);
}

static void run(void *ctx, size_t i, size_t worker)
{
	(void)worker;
	tally *t = ctx;
	atomic_fetch_add(&t->runs[i], 1);
	long waiting = atomic_fetch_add(&t->done, 1) + 1 - atomic_load(&t->finished);
	long most = atomic_load(&t->most_waiting);
	while (waiting > most && !atomic_compare_exchange_weak(&t->most_waiting, &most, waiting))
		;
}

static void finish(void *ctx, size_t i)
{
	tally *t = ctx;
	if (atomic_fetch_add(&t->finishing, 1) != 0)
		t->overlapped = true;
	if (atomic_load(&t->next) != i)
		t->out_of_order = true;
	if (atomic_load(&t->runs[i]) != 1)
		t->unseen_run = true;
	spin(t->finish_ns);
	atomic_fetch_add(&t->finishes[i], 1);
	atomic_store(&t->next, i + 1);
	atomic_fetch_add(&t->finished, 1);
	atomic_fetch_sub(&t->finishing, 1);
}

static void run_pool(tally *t, size_t threads, long finish_ns)
{
	memset(t, 0, sizeof(*t));
	t->finish_ns = finish_ns;
	kam_pool_jobs jobs = {JOBS, run, finish, t};
	kam_pool_run(&jobs, threads);
}

static void test_every_job_once_in_order(void **state)
{
	(void)state;
	static tally t;
	for (size_t threads = 1; threads <= 8; threads++)
		for (int round = 0; round < 20; round++) {
			run_pool(&t, threads, 0);
			for (size_t i = 0; i < JOBS; i++) {
				assert_int_equal(atomic_load(&t.runs[i]), 1);
				assert_int_equal(atomic_load(&t.finishes[i]), 1);
			}
			assert_false(t.out_of_order);
			assert_false(t.overlapped);
			assert_false(t.unseen_run);
		}
}

/* Finishing takes 200 us, a job nothing: without the bound the workers
 * ran every job ahead (hundreds done and not finished). */
static void test_slow_finish_holds_workers_back(void **state)
{
	(void)state;
	static tally t;
	for (size_t threads = 2; threads <= 4; threads += 2) {
		run_pool(&t, threads, 200000);
		assert_int_equal(atomic_load(&t.finished), JOBS);
		assert_true(atomic_load(&t.most_waiting) <= (long)(4 * threads));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_every_job_once_in_order),
	    cmocka_unit_test(test_slow_finish_holds_workers_back),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
