/* run_views.c — SPEC §7.2: the second view of DNS (--compare-dns) at the same time as the first,
 * so the wall time is the slower of the two, not their sum. */
#include "run.h"

#include "dnsviews.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct second {
	struct run_env env;
	const char *input;
	struct result *r;
	enum sd_status st;
};

static void *second_view(void *arg)
{
	struct second *s = arg;
	s->st = run_address(&s->env, s->input, s->r);
	return NULL;
}

enum sd_status run_address_views(const struct run_env *env, const char *input, struct result *r)
{
	if (env->compare.n == 0)
		return run_address(env, input, r);
	struct views *v = calloc(1, sizeof *v);
	if (!v) {
		result_init(r, input, env->policy);
		return SD_ERR_NOMEM;
	}
	v->policy = *env->policy;
	v->policy.connect = v->policy.sip_register = false; /* no connection for the other network */
	v->policy.view_only = true;
	struct second s = { *env, input, &v->other, SD_OK };
	s.env.policy = &v->policy;
	s.env.dns = env->compare;
	s.env.compare.n = 0;
	s.env.trust = NULL;
	pthread_t t;
	bool threaded = pthread_create(&t, NULL, second_view, &s) == 0;
	enum sd_status st = run_address(env, input, r);
	if (!threaded) {
		free(v);
		return st == SD_OK ? SD_ERR_THREAD : st;
	}
	if (pthread_join(t, NULL) != 0)
		return SD_ERR_THREAD; /* the thread may still use v: it is left, not freed */
	if (st != SD_OK || s.st != SD_OK || r->input_error[0]) {
		result_free(&v->other);
		free(v);
		return st != SD_OK ? st : s.st == SD_ERR_INPUT ? SD_OK : s.st;
	}
	r->views = v;
	memcpy(v->names[0], env->dns.text, sizeof v->names[0]);
	memcpy(v->names[1], env->compare.text, sizeof v->names[1]);
	return dnsviews_compare(r);
}
