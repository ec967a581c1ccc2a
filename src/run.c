/* run.c — the pipeline for one address. The only module that calls both I/O and decision code. */
#include "run.h"

#include "clock.h"
#include "decide.h"
#include "plan.h"
#include "probe.h"

static unsigned since(long long t0)
{
	return (unsigned)(clock_ms() - t0);
}

enum sd_status run_address(const struct run_env *env, const char *input, struct result *r)
{
	long long t0 = clock_ms();
	result_init(r, input, env->policy);
	enum sd_status st = uri_parse(input, &r->uri, r->input_error, sizeof r->input_error);
	if (st != SD_OK) {
		r->status = SD_VERDICT_UNKNOWN;
		return st;
	}
	unsigned timeout = env->policy->timeout_ms;
	if ((st = plan_srv_stage(r)) != SD_OK
	    || (st = dns_stage_run(&env->dns, r, 1, timeout, env->verbose)) != SD_OK)
		return st;
	if (dns_no_server_answered(r, r->reason, sizeof r->reason)) { /* SPEC §4.6, §8: nothing is known */
		r->status = SD_VERDICT_UNKNOWN;
		r->ms_total = r->ms_dns = since(t0);
		return SD_OK;
	}
	if ((st = plan_address_stage(r)) != SD_OK
	    || (st = dns_stage_run(&env->dns, r, 2, timeout, env->verbose)) != SD_OK)
		return st;
	r->ms_dns = since(t0);
	for (size_t i = 0; i < r->n_queries; i++)
		if (r->queries[i].local_failure)
			return SD_ERR_SOCKET; /* not the DNS server's doing: UNKNOWN, not a DNS verdict */
	if ((st = decide_candidates(r)) != SD_OK || (st = plan_diagnostic_stage(r)) != SD_OK
	    || (st = dns_stage_run(&env->dns, r, 3, timeout, env->verbose)) != SD_OK)
		return st;
	if (env->policy->connect && (st = probe_run(r, env->trust, env->verbose)) != SD_OK)
		return st;
	if ((st = decide_verdict(r)) != SD_OK)
		return st;
	r->ms_total = since(t0);
	return SD_OK;
}
