/* run.c — the pipeline for one address. The only module that calls both I/O and decision code. */
#include "run.h"

#include "autodiscover.h"
#include "clock.h"
#include "decide.h"
#include "plan.h"
#include "probe.h"
#include "verdict.h"

static unsigned since(long long t0)
{
	return (unsigned)(clock_ms() - t0);
}

static enum sd_status send_stage(const struct run_env *env, struct result *r, enum dns_stage stage)
{
	return dns_stage_run(&env->dns, r, stage, env->policy->timeout_ms, env->verbose);
}

/*
 * The SRV and address stages, then r->ms_dns since t0; SD_ERR_SOCKET when a
 * query could not be sent for a local reason, SD_ERR_NO_ANSWER (r's status
 * UNKNOWN, its reason naming each server) when no DNS server answered at all.
 */
static enum sd_status discover(const struct run_env *env, struct result *r, long long t0)
{
	enum sd_status st;
	if ((st = plan_srv_stage(r)) != SD_OK || (st = send_stage(env, r, STAGE_SRV)) != SD_OK)
		return st;
	if (dns_no_server_answered(r, r->reason, sizeof r->reason)) { /* SPEC §4.6, §8: nothing is known */
		r->status = SD_VERDICT_UNKNOWN;
		r->ms_dns = since(t0);
		return SD_ERR_NO_ANSWER;
	}
	if ((st = autodiscover_run(r, &env->dns, env->trust, env->verbose)) != SD_OK /* SPEC §4.7: stage 0 */
	    || (st = plan_address_stage(r)) != SD_OK || (st = send_stage(env, r, STAGE_ADDRESS)) != SD_OK)
		return st;
	r->ms_dns = since(t0) - r->ms_autodiscover;
	for (size_t i = 0; i < r->n_queries; i++)
		if (r->queries[i].local_failure)
			return SD_ERR_SOCKET; /* not the DNS server's doing: UNKNOWN, not a DNS verdict */
	return SD_OK;
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
	st = discover(env, r, t0);
	if (st == SD_ERR_NO_ANSWER) {
		r->ms_total = r->ms_dns;
		return SD_OK; /* a result, not a failure of the run: reported as UNKNOWN with its reason */
	}
	if (st != SD_OK || (st = decide_candidates(r)) != SD_OK
	    || (st = plan_diagnostic_stage(r, decide_first_usable(r) >= 0)) != SD_OK
	    || (st = send_stage(env, r, STAGE_DIAGNOSTIC)) != SD_OK)
		return st;
	if (env->policy->connect && (st = probe_run(r, env->trust, env->verbose)) != SD_OK)
		return st;
	if ((st = verdict_build(r)) != SD_OK)
		return st;
	r->ms_total = since(t0);
	return SD_OK;
}
