/*
 * test_batch.c — batch_run's contract: every address reported once, in input
 * order, on the caller's thread, whatever the number of workers; failures come
 * back as a status and reason for main.c to print, never printed here.
 * Only addresses that fail to parse are used: they send nothing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <string.h>

#include "batch.h"

struct seen {
	pthread_t caller;
	size_t n;
	const char *inputs[16];
	enum sd_status st[16];
};

static enum sd_verdict note(struct result *r, enum sd_status st, const char *input, void *ctx)
{
	struct seen *s = ctx;
	assert_true(pthread_equal(s->caller, pthread_self()));
	assert_true(s->n < 16);
	s->inputs[s->n] = input;
	s->st[s->n++] = st;
	return r->status;
}

/* One batch_run over inputs with the default profile, what it reported kept in b. */
struct batch_call {
	struct policy policy;
	struct seen seen;
	enum sd_verdict worst;
	char why[256];
};

static enum sd_status call(struct batch_call *b, char **inputs, size_t n, unsigned jobs)
{
	memset(b, 0, sizeof *b);
	b->policy.profile = profile_default();
	b->seen.caller = pthread_self();
	b->worst = SD_VERDICT_CRITICAL; /* batch_run must set it */
	struct run_env env = { .policy = &b->policy };
	return batch_run(&env, inputs, n, jobs, note, &b->seen, &b->worst, b->why, sizeof b->why);
}

static void batch_reports_every_address_once_in_input_order(void **state)
{
	(void)state;
	char *inputs[] = { "sip:", "@a.test", "b@", "c@-x.test", "d@x..test", "e@1.2.3.4", "f" };
	size_t n = sizeof inputs / sizeof inputs[0];
	struct batch_call b;
	for (unsigned jobs = 1; jobs <= 4; jobs++) {
		assert_int_equal(call(&b, inputs, n, jobs), SD_OK);
		assert_int_equal(b.seen.n, n);
		for (size_t i = 0; i < n; i++) {
			assert_ptr_equal(b.seen.inputs[i], inputs[i]);
			assert_int_equal(b.seen.st[i], SD_ERR_INPUT);
		}
		assert_int_equal(b.worst, SD_VERDICT_UNKNOWN);
		assert_string_equal(b.why, "");
	}
}

static void batch_of_no_address_is_no_failure(void **state)
{
	(void)state;
	struct batch_call b;
	assert_int_equal(call(&b, NULL, 0, 4), SD_OK);
	assert_int_equal(b.seen.n, 0);
	assert_int_equal(b.worst, SD_VERDICT_OK);
}

static void batch_without_workers_returns_a_reason(void **state)
{
	(void)state;
	char *inputs[] = { "a@b.test" };
	struct batch_call b;
	assert_int_equal(call(&b, inputs, 1, 0), SD_ERR_INPUT);
	assert_int_equal(b.seen.n, 0);
	assert_int_equal(b.worst, SD_VERDICT_UNKNOWN);
	assert_string_equal(b.why, "no worker thread allowed (-j 0)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(batch_reports_every_address_once_in_input_order),
		cmocka_unit_test(batch_of_no_address_is_no_failure),
		cmocka_unit_test(batch_without_workers_returns_a_reason),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
