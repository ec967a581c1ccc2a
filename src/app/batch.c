/* batch.c — a fixed pool of worker threads over the address list; the caller's thread reports. */
#include "batch.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

/* Descriptors one address may hold at once: a full DNS stage plus one connection and slack. */
#define FDS_PER_JOB 72

struct slot {
	struct result r;
	enum sd_status st;
	bool done;
};

/* slots is a ring of window entries: address i lives in slots[i % window] (memory O(jobs), not O(n)). */
struct batch {
	const struct run_env *env;
	char *const *inputs;
	size_t n, next, reported, window;
	struct slot *slots;
	pthread_mutex_t lock;
	pthread_cond_t changed;
};

static void *worker(void *arg)
{
	struct batch *b = arg;
	pthread_mutex_lock(&b->lock);
	for (;;) {
		while (b->next < b->n && b->next >= b->reported + b->window)
			pthread_cond_wait(&b->changed, &b->lock);
		if (b->next >= b->n)
			break;
		size_t i = b->next++;
		pthread_mutex_unlock(&b->lock);
		struct slot *s = &b->slots[i % b->window];
		enum sd_status st = run_address(b->env, b->inputs[i], &s->r);
		pthread_mutex_lock(&b->lock);
		s->st = st;
		s->done = true;
		pthread_cond_broadcast(&b->changed);
	}
	pthread_mutex_unlock(&b->lock);
	return NULL;
}

static enum sd_verdict report_in_order(struct batch *b, batch_report_fn report, void *ctx)
{
	enum sd_verdict worst = SD_VERDICT_OK;
	pthread_mutex_lock(&b->lock);
	while (b->reported < b->n) {
		struct slot *s = &b->slots[b->reported % b->window];
		while (!s->done)
			pthread_cond_wait(&b->changed, &b->lock);
		pthread_mutex_unlock(&b->lock);
		worst = sd_verdict_worst(worst, report(&s->r, s->st, b->inputs[b->reported], ctx));
		result_free(&s->r);
		pthread_mutex_lock(&b->lock);
		s->done = false;
		b->reported++;
		pthread_cond_broadcast(&b->changed);
	}
	pthread_mutex_unlock(&b->lock);
	return worst;
}

/* Starts up to jobs workers (at least one, or why says what the system refused); the
 * number started is in *started. The lock and condition are b's, made here. */
static enum sd_status start_workers(struct batch *b, pthread_t *threads, unsigned jobs,
				    size_t *started, char *why, size_t n)
{
	char text[128];
	pthread_attr_t attr;
	int err = pthread_attr_init(&attr);
	*started = 0;
	if (err) {
		snprintf(why, n, "cannot start a worker thread: %s", sd_errno_text(err, text, sizeof text));
		return SD_ERR_NOMEM;
	}
	(void)pthread_attr_setstacksize(&attr, 1 << 20); /* the default size is fine too, only larger */
	for (; *started < jobs && *started < b->n; ++*started)
		if ((err = pthread_create(&threads[*started], &attr, worker, b)) != 0)
			break;
	pthread_attr_destroy(&attr);
	if (*started == 0)
		snprintf(why, n, "cannot start a worker thread: %s", sd_errno_text(err, text, sizeof text));
	return *started ? SD_OK : SD_ERR_NOMEM;
}

/* The lock and condition of b; false (why filled) when the system refuses them. */
static bool make_sync(struct batch *b, char *why, size_t n)
{
	char text[128];
	int err = pthread_mutex_init(&b->lock, NULL);
	if (!err && (err = pthread_cond_init(&b->changed, NULL)) != 0)
		pthread_mutex_destroy(&b->lock);
	if (err)
		snprintf(why, n, "cannot prepare the worker threads: %s", sd_errno_text(err, text, sizeof text));
	return err == 0;
}

/* Runs the batch; SD_OK with *worst set, or a status and why. */
static enum sd_status run_batch(struct batch *b, unsigned jobs, batch_report_fn report, void *ctx,
				enum sd_verdict *worst, char *why, size_t n)
{
	pthread_t *threads = calloc(jobs, sizeof *threads);
	b->slots = calloc(b->window, sizeof *b->slots);
	enum sd_status st = SD_ERR_NOMEM;
	size_t started = 0;
	if (!b->slots || !threads)
		snprintf(why, n, "out of memory");
	else if (make_sync(b, why, n)) {
		st = start_workers(b, threads, jobs, &started, why, n);
		if (st == SD_OK)
			*worst = report_in_order(b, report, ctx);
		/* Every worker has left its loop once all is reported; one that cannot be joined
		 * keeps b's lock: leave it in place rather than destroy it under the thread. */
		bool joined = true;
		for (size_t i = 0; i < started; i++)
			joined &= pthread_join(threads[i], NULL) == 0;
		if (joined) {
			pthread_mutex_destroy(&b->lock);
			pthread_cond_destroy(&b->changed);
		}
	}
	free(threads);
	free(b->slots);
	return st;
}

enum sd_status batch_run(const struct run_env *env, char *const *inputs, size_t n, unsigned jobs,
			 batch_report_fn report, void *ctx, enum sd_verdict *worst, char *why, size_t whylen)
{
	struct batch b = { .env = env, .inputs = inputs, .n = n, .window = 4 * (size_t)jobs };
	*worst = n == 0 ? SD_VERDICT_OK : SD_VERDICT_UNKNOWN;
	if (n == 0)
		return SD_OK; /* no worker is needed, and none starting is no failure */
	if (jobs == 0)
		return snprintf(why, whylen, "no worker thread allowed (-j 0)"), SD_ERR_INPUT;
	return run_batch(&b, jobs, report, ctx, worst, why, whylen);
}

unsigned batch_jobs_allowed(unsigned jobs)
{
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
		return jobs;
	if (rl.rlim_cur < rl.rlim_max && rl.rlim_cur < 65536) {
		rlim_t want = rl.rlim_max < 65536 ? rl.rlim_max : 65536;
		struct rlimit raised = { .rlim_cur = want, .rlim_max = rl.rlim_max };
		if (setrlimit(RLIMIT_NOFILE, &raised) == 0)
			rl = raised; /* else the soft limit stays as it was, and caps jobs below */
	}
	unsigned affordable = rl.rlim_cur > 32 + FDS_PER_JOB ? (unsigned)((rl.rlim_cur - 32) / FDS_PER_JOB) : 1;
	return jobs < affordable ? jobs : affordable;
}
