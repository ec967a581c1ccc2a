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

static struct run_env env_for(struct policy *p)
{
	memset(p, 0, sizeof *p);
	p->profile = profile_default();
	return (struct run_env){ .policy = p };
}

static void batch_reports_every_address_once_in_input_order(void **state)
{
	(void)state;
	char *inputs[] = { "sip:", "@a.test", "b@", "c@-x.test", "d@x..test", "e@1.2.3.4", "f" };
	size_t n = sizeof inputs / sizeof inputs[0];
	struct policy p;
	struct run_env env = env_for(&p);
	for (unsigned jobs = 1; jobs <= 4; jobs++) {
		struct seen s = { .caller = pthread_self() };
		enum sd_verdict worst = SD_VERDICT_OK;
		char why[256] = "";
		assert_int_equal(batch_run(&env, inputs, n, jobs, note, &s, &worst, why, sizeof why), SD_OK);
		assert_int_equal(s.n, n);
		for (size_t i = 0; i < n; i++) {
			assert_ptr_equal(s.inputs[i], inputs[i]);
			assert_int_equal(s.st[i], SD_ERR_INPUT);
		}
		assert_int_equal(worst, SD_VERDICT_UNKNOWN);
		assert_string_equal(why, "");
	}
}

static void batch_of_no_address_is_no_failure(void **state)
{
	(void)state;
	struct policy p;
	struct run_env env = env_for(&p);
	struct seen s = { .caller = pthread_self() };
	enum sd_verdict worst = SD_VERDICT_UNKNOWN;
	char why[256] = "";
	assert_int_equal(batch_run(&env, NULL, 0, 4, note, &s, &worst, why, sizeof why), SD_OK);
	assert_int_equal(s.n, 0);
	assert_int_equal(worst, SD_VERDICT_OK);
}

static void batch_without_workers_returns_a_reason(void **state)
{
	(void)state;
	char *inputs[] = { "a@b.test" };
	struct policy p;
	struct run_env env = env_for(&p);
	struct seen s = { .caller = pthread_self() };
	enum sd_verdict worst = SD_VERDICT_OK;
	char why[256] = "";
	assert_int_equal(batch_run(&env, inputs, 1, 0, note, &s, &worst, why, sizeof why), SD_ERR_INPUT);
	assert_int_equal(s.n, 0);
	assert_int_equal(worst, SD_VERDICT_UNKNOWN);
	assert_string_equal(why, "no worker thread allowed (-j 0)");
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
