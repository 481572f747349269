/* A work queue over a fixed list of jobs: workers take the next job in
 * order; results are finished in order as soon as all before are done, so
 * output stays deterministic and memory holds only the jobs in flight. */
#define _DEFAULT_SOURCE
#include "kam/pool.h"

#include <pthread.h>
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
	bool *done;
	size_t next, finished;
	pthread_mutex_t take, finish;
} queue;

typedef struct worker {
	queue *q;
	size_t number;
} worker;

static void finish_ready(queue *q, size_t i)
{
	pthread_mutex_lock(&q->finish);
	q->done[i] = true;
	while (q->finished < q->jobs->count && q->done[q->finished])
		q->jobs->finish(q->jobs->ctx, q->finished++);
	pthread_mutex_unlock(&q->finish);
}

static void *work(void *arg)
{
	worker *w = arg;
	queue *q = w->q;
	for (;;) {
		pthread_mutex_lock(&q->take);
		size_t i = q->next++;
		pthread_mutex_unlock(&q->take);
		if (i >= q->jobs->count)
			return NULL;
		q->jobs->run(q->jobs->ctx, i, w->number);
		if (q->jobs->finish)
			finish_ready(q, i);
	}
}

void kam_pool_run(const kam_pool_jobs *jobs, size_t threads)
{
	queue q = {jobs, kam_xcalloc(jobs->count + 1, sizeof(bool)), 0, 0, PTHREAD_MUTEX_INITIALIZER,
		   PTHREAD_MUTEX_INITIALIZER};
	if (threads < 1)
		threads = 1;
	if (threads > KAM_MAX_THREADS)
		threads = KAM_MAX_THREADS;
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
	free(q.done);
}
