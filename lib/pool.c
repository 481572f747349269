/* A work queue over a fixed list of jobs: workers take the next job in
 * order; results are finished in order as soon as all before are done, so
 * output stays deterministic and memory holds only the jobs in flight. */
#define _DEFAULT_SOURCE
#include "kam/pool.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

#include "kam/util.h"
#include "banned.h"

size_t kam_thread_count(size_t count)
{
	const char *env = getenv("KAM_THREADS");
	long n = env && *env ? atol(env) : sysconf(_SC_NPROCESSORS_ONLN);
	if (n < 1)
		n = 1;
	if (n > KAM_MAX_THREADS)
		n = KAM_MAX_THREADS;
	if ((size_t)n > count)
		n = count ? (long)count : 1;
	return (size_t)n;
}

typedef struct queue {
	const kam_pool_jobs *jobs;
	atomic_bool *done;
	atomic_size_t next, finished;
	atomic_bool finishing; /* a thread is running finishes */
	size_t ahead;          /* how far past the next to finish a job may start */
	atomic_size_t waiting; /* workers waiting for the finishes to catch up */
	pthread_mutex_t wait_lock;
	pthread_cond_t caught_up;
} queue;

typedef struct worker {
	queue *q;
	size_t number;
} worker;

static bool ready(queue *q)
{
	size_t f = atomic_load(&q->finished);
	return f < q->jobs->count && atomic_load(&q->done[f]);
}

/* Job i starts once it is less than q->ahead past the next job to finish:
 * when finishing (a merge) is slower than the jobs, the workers wait for
 * it, so memory holds only the jobs in flight. The lowest unfinished job
 * never waits, so the finishes always go on. */
static void wait_turn(queue *q, size_t i)
{
	if (!q->jobs->finish || i < atomic_load(&q->finished) + q->ahead)
		return;
	pthread_mutex_lock(&q->wait_lock);
	atomic_fetch_add(&q->waiting, 1); /* before the test: finish_ready wakes it */
	while (i >= atomic_load(&q->finished) + q->ahead)
		pthread_cond_wait(&q->caught_up, &q->wait_lock);
	atomic_fetch_sub(&q->waiting, 1);
	pthread_mutex_unlock(&q->wait_lock);
}

/* Job i is done. The thread that holds the finishing flag finishes every
 * job whose predecessors are; one that finds it held goes on to its next
 * job instead of waiting for a merge to end (the holder looks once more
 * after letting go, so no done job is left behind). The flag, done[] and
 * finished are sequentially consistent: the holder's last look must see a
 * job marked done by a thread that found the flag held. */
static void finish_ready(queue *q, size_t i)
{
	atomic_store(&q->done[i], true);
	while (ready(q) && !atomic_exchange(&q->finishing, true)) {
		while (ready(q)) {
			size_t f = atomic_load(&q->finished);
			q->jobs->finish(q->jobs->ctx, f);
			atomic_store(&q->finished, f + 1);
			if (atomic_load(&q->waiting)) {
				pthread_mutex_lock(&q->wait_lock);
				pthread_cond_broadcast(&q->caught_up);
				pthread_mutex_unlock(&q->wait_lock);
			}
		}
		atomic_store(&q->finishing, false);
	}
}

static void *work(void *arg)
{
	worker *w = arg;
	queue *q = w->q;
	for (;;) {
		size_t i = atomic_fetch_add(&q->next, 1);
		if (i >= q->jobs->count)
			return NULL;
		wait_turn(q, i);
		q->jobs->run(q->jobs->ctx, i, w->number);
		if (q->jobs->finish)
			finish_ready(q, i);
	}
}

void kam_pool_run(const kam_pool_jobs *jobs, size_t threads)
{
	queue q = {.jobs = jobs, .done = kam_xcalloc(jobs->count + 1, sizeof(atomic_bool))};
	for (size_t i = 0; i < jobs->count; i++)
		atomic_init(&q.done[i], false);
	atomic_init(&q.next, 0);
	atomic_init(&q.finished, 0);
	atomic_init(&q.finishing, false);
	atomic_init(&q.waiting, 0);
	pthread_mutex_init(&q.wait_lock, NULL);
	pthread_cond_init(&q.caught_up, NULL);
	if (threads < 1)
		threads = 1;
	if (threads > KAM_MAX_THREADS)
		threads = KAM_MAX_THREADS;
	q.ahead = 4 * threads;
	worker workers[KAM_MAX_THREADS];
	pthread_t ids[KAM_MAX_THREADS];
	size_t started = 0;
	for (size_t i = 0; i < threads; i++)
		workers[i] = (worker){&q, i};
	for (size_t i = 1; i < threads; i++)
		if (pthread_create(&ids[started], NULL, work, &workers[started + 1]) == 0)
			started++;
	work(&workers[0]);
	for (size_t i = 0; i < started; i++)
		pthread_join(ids[i], NULL);
	pthread_cond_destroy(&q.caught_up);
	pthread_mutex_destroy(&q.wait_lock);
	free(q.done);
}
