/* Jobs on a pool of threads, one per core. */
#ifndef KAM_POOL_H
#define KAM_POOL_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define KAM_MAX_THREADS 64

/* Threads for count jobs: one per core, KAM_THREADS overrides (plans read
 * from git are read from its object database, which is thread-safe). */
size_t kam_thread_count(size_t count);

typedef struct kam_pool_jobs {
	size_t count;
	/* Do job i on worker w (0 <= w < threads): touches nothing shared but
	 * what belongs to worker w. */
	void (*run)(void *ctx, size_t i, size_t w);
	/* Optional: called for job i once jobs 0..i are done, in job order and
	 * one at a time, so results can be merged as they come. */
	void (*finish)(void *ctx, size_t i);
	void *ctx;
} kam_pool_jobs;

/* Run the jobs on threads workers (the calling thread is one of them). */
void kam_pool_run(const kam_pool_jobs *jobs, size_t threads);

/* Items in runs of KAM_POOL_RUN, one job each (small items: a plan's
 * summary): the jobs for count items; run i's items are
 * [i * KAM_POOL_RUN, kam_pool_run_end(i, count)). */
enum { KAM_POOL_RUN = 256 };

static inline size_t kam_pool_runs(size_t count)
{
	return (count + KAM_POOL_RUN - 1) / KAM_POOL_RUN;
}

static inline size_t kam_pool_run_end(size_t run, size_t count)
{
	return (run + 1) * KAM_POOL_RUN < count ? (run + 1) * KAM_POOL_RUN : count;
}

#ifdef __cplusplus
}
#endif

#endif
