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

enum sd_verdict batch_run(const struct run_env *env, char *const *inputs, size_t n, unsigned jobs,
			  batch_report_fn report, void *ctx)
{
	struct batch b = { .env = env, .inputs = inputs, .n = n, .window = 4 * (size_t)jobs };
	b.slots = calloc(b.window, sizeof *b.slots);
	pthread_t *threads = calloc(jobs, sizeof *threads);
	if (!b.slots || !threads) {
		fprintf(stderr, "sipdiscover: out of memory\n");
		free(b.slots);
		free(threads);
		return SD_VERDICT_UNKNOWN;
	}
	pthread_mutex_init(&b.lock, NULL);
	pthread_cond_init(&b.changed, NULL);
	pthread_attr_t attr;
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 1 << 20);
	size_t started = 0;
	for (; started < jobs && started < n; started++)
		if (pthread_create(&threads[started], &attr, worker, &b) != 0)
			break;
	pthread_attr_destroy(&attr);
	if (started == 0)
		fprintf(stderr, "sipdiscover: cannot start a worker thread\n");
	enum sd_verdict worst = started ? report_in_order(&b, report, ctx) : SD_VERDICT_UNKNOWN;
	for (size_t i = 0; i < started; i++)
		pthread_join(threads[i], NULL);
	pthread_mutex_destroy(&b.lock);
	pthread_cond_destroy(&b.changed);
	free(threads);
	free(b.slots);
	return worst;
}

unsigned batch_jobs_allowed(unsigned jobs)
{
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
		return jobs;
	if (rl.rlim_cur < rl.rlim_max && rl.rlim_cur < 65536) {
		rl.rlim_cur = rl.rlim_max < 65536 ? rl.rlim_max : 65536;
		setrlimit(RLIMIT_NOFILE, &rl);
		getrlimit(RLIMIT_NOFILE, &rl);
	}
	unsigned affordable = rl.rlim_cur > 32 + FDS_PER_JOB ? (unsigned)((rl.rlim_cur - 32) / FDS_PER_JOB) : 1;
	return jobs < affordable ? jobs : affordable;
}
