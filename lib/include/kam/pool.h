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

#ifdef __cplusplus
}
#endif

#endif
