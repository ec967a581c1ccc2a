/* batch.c — a fixed pool of worker threads over the address list; the caller's thread reports. */
#include "batch.h"

#include "autodiscover.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

/*
 * Descriptors one address may hold at once. Its stages run one after another, so it is
 * the largest of them: a full DNS stage (DNS_MAX_INFLIGHT) or the autodiscover stage
 * (AUTODISCOVER_MAX_FDS, its requests and link-host lookups); the probe's one connection
 * and the Access Edge's (SPEC §5.2, made beside it) are counted on top, and FDS_SLACK for the files a run opens besides (the trust store,
 * resolv.conf). The process's own descriptors are BATCH_FDS_RESERVED, apart.
 */
#define FDS_SLACK 7
#define FDS_BIGGEST_STAGE (DNS_MAX_INFLIGHT > AUTODISCOVER_MAX_FDS ? DNS_MAX_INFLIGHT : AUTODISCOVER_MAX_FDS)
#define FDS_PER_JOB (FDS_BIGGEST_STAGE + 2 + FDS_SLACK)
#define BATCH_FDS_RESERVED 32

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
	atomic_int failed;           /* the first error of a lock, wait or wake-up; 0: none */
};

/* Whether err (a pthread result) is 0; if not, it is kept in b->failed, so that every
 * thread stops at its next check, and those waiting are woken. */
static bool sync_ok(struct batch *b, int err)
{
	int none = 0;
	if (err == 0)
		return true;
	atomic_compare_exchange_strong(&b->failed, &none, err);
	(void)pthread_cond_broadcast(&b->changed); /* best effort: nothing more can be done */
	return false;
}

static bool failed(struct batch *b)
{
	return atomic_load(&b->failed) != 0;
}

static void *worker(void *arg)
{
	struct batch *b = arg;
	if (!sync_ok(b, pthread_mutex_lock(&b->lock)))
		return NULL;
	for (;;) {
		bool ok = true;
		while (ok && !failed(b) && b->next < b->n && b->next >= b->reported + b->window)
			ok = sync_ok(b, pthread_cond_wait(&b->changed, &b->lock));
		if (!ok || failed(b) || b->next >= b->n)
			break;
		size_t i = b->next++;
		if (!sync_ok(b, pthread_mutex_unlock(&b->lock)))
			return NULL;
		struct slot *s = &b->slots[i % b->window];
		enum sd_status st = run_address_views(b->env, b->inputs[i], &s->r);
		if (!sync_ok(b, pthread_mutex_lock(&b->lock)))
			return NULL;
		s->st = st;
		s->done = true;
		(void)sync_ok(b, pthread_cond_broadcast(&b->changed));
	}
	(void)sync_ok(b, pthread_mutex_unlock(&b->lock));
	return NULL;
}

/* Waits, b locked, until slot s is done; false when a thread call failed. */
static bool wait_done(struct batch *b, const struct slot *s)
{
	bool ok = true;
	while (ok && !failed(b) && !s->done)
		ok = sync_ok(b, pthread_cond_wait(&b->changed, &b->lock));
	return ok && !failed(b);
}

/* Reports every address in input order into *worst; SD_ERR_THREAD (why) when a lock, wait
 * or wake-up failed: the addresses reported before it stay reported. */
static enum sd_status report_in_order(struct batch *b, batch_report_fn report, void *ctx, enum sd_verdict *worst,
				      char *why, size_t n)
{
	*worst = SD_VERDICT_OK;
	bool held = sync_ok(b, pthread_mutex_lock(&b->lock));
	while (held && !failed(b) && b->reported < b->n) {
		struct slot *s = &b->slots[b->reported % b->window];
		if (!wait_done(b, s))
			break;
		held = false;
		if (!sync_ok(b, pthread_mutex_unlock(&b->lock)))
			break;
		*worst = sd_verdict_worst(*worst, report(&s->r, s->st, b->inputs[b->reported], ctx));
		result_free(&s->r);
		s->done = false; /* no worker touches s until b->reported moves on */
		if ((held = sync_ok(b, pthread_mutex_lock(&b->lock)))) {
			b->reported++;
			(void)sync_ok(b, pthread_cond_broadcast(&b->changed));
		}
	}
	if (held)
		(void)sync_ok(b, pthread_mutex_unlock(&b->lock));
	if (!failed(b))
		return SD_OK;
	char text[128];
	snprintf(why, n, "the worker threads failed: %s", sd_errno_text(atomic_load(&b->failed), text, sizeof text));
	*worst = SD_VERDICT_UNKNOWN;
	return SD_ERR_THREAD;
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
		return SD_ERR_THREAD;
	}
	(void)pthread_attr_setstacksize(&attr, 1 << 20); /* the default size is fine too, only larger */
	for (; *started < jobs && *started < b->n; ++*started)
		if ((err = pthread_create(&threads[*started], &attr, worker, b)) != 0)
			break;
	(void)pthread_attr_destroy(&attr); /* cannot fail on an initialised attr */
	if (*started == 0)
		snprintf(why, n, "cannot start a worker thread: %s", sd_errno_text(err, text, sizeof text));
	return *started ? SD_OK : SD_ERR_THREAD;
}

/* The lock and condition of b; SD_ERR_THREAD (why filled) when the system refuses them. */
static enum sd_status make_sync(struct batch *b, char *why, size_t n)
{
	char text[128];
	int err = pthread_mutex_init(&b->lock, NULL);
	if (!err && (err = pthread_cond_init(&b->changed, NULL)) != 0)
		(void)pthread_mutex_destroy(&b->lock);
	if (err)
		snprintf(why, n, "cannot prepare the worker threads: %s", sd_errno_text(err, text, sizeof text));
	return err == 0 ? SD_OK : SD_ERR_THREAD;
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
	else if ((st = make_sync(b, why, n)) == SD_OK) {
		st = start_workers(b, threads, jobs, &started, why, n);
		if (st == SD_OK)
			st = report_in_order(b, report, ctx, worst, why, n);
		/* Every worker has left its loop once all is reported; one that cannot be joined
		 * keeps b's lock: leave it in place rather than destroy it under the thread. */
		bool joined = true;
		for (size_t i = 0; i < started; i++)
			joined &= pthread_join(threads[i], NULL) == 0;
		if (joined) {
			for (size_t i = 0; i < b->window; i++)
				if (b->slots[i].done) /* run, never reported: the threads failed */
					result_free(&b->slots[i].r);
			(void)pthread_mutex_destroy(&b->lock); /* every thread is joined: nothing holds them */
			(void)pthread_cond_destroy(&b->changed);
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
	atomic_init(&b.failed, 0);
	*worst = n == 0 ? SD_VERDICT_OK : SD_VERDICT_UNKNOWN;
	if (n == 0)
		return SD_OK; /* no worker is needed, and none starting is no failure */
	if (jobs == 0) {
		snprintf(why, whylen, "no worker thread allowed (-j 0)");
		return SD_ERR_INPUT;
	}
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
	unsigned affordable = rl.rlim_cur > BATCH_FDS_RESERVED + FDS_PER_JOB
				      ? (unsigned)((rl.rlim_cur - BATCH_FDS_RESERVED) / FDS_PER_JOB) : 1;
	return jobs < affordable ? jobs : affordable;
}
