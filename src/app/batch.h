/* batch.h — several addresses at once (-j), reported in input order. */
#ifndef BATCH_H
#define BATCH_H

#include "run.h"

/* Called in input order, on the calling thread, for each finished address. */
typedef enum sd_verdict (*batch_report_fn)(struct result *r, enum sd_status st, const char *input, void *ctx);

/*
 * Runs every input with up to jobs worker threads. A worker does not start an
 * address more than a window ahead of the last one reported, so memory stays
 * bounded however long the list. SD_OK with *worst the worst verdict reported;
 * else a status and why (memory, or threads the system refused), and *worst
 * UNKNOWN: the addresses reported before it stay reported.
 */
enum sd_status batch_run(const struct run_env *env, char *const *inputs, size_t n, unsigned jobs,
			 batch_report_fn report, void *ctx, enum sd_verdict *worst, char *why, size_t whylen);

/* The -j a process can afford: raises RLIMIT_NOFILE's soft limit as far as allowed and caps jobs by it. */
unsigned batch_jobs_allowed(unsigned jobs);

#endif
