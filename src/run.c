/* run.c — the pipeline for one address. The only module that calls both I/O and decision code. */
#include "run.h"

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
	return dns_stage_run(&env->dns, r->queries, r->n_queries, stage, env->policy->timeout_ms, env->verbose);
}

/*
 * The SRV and address stages, then r->ms_dns since t0; SD_ERR_SOCKET when a
 * query could not be sent for a local reason.
 */
static enum sd_status discover(const struct run_env *env, struct result *r, long long t0)
{
	enum sd_status st;
	if ((st = plan_srv_stage(r)) != SD_OK || (st = send_stage(env, r, STAGE_SRV)) != SD_OK
	    || (st = plan_address_stage(r)) != SD_OK || (st = send_stage(env, r, STAGE_ADDRESS)) != SD_OK)
		return st;
	r->ms_dns = since(t0);
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
	if ((st = discover(env, r, t0)) != SD_OK || (st = decide_candidates(r)) != SD_OK)
		return st;
	if (env->policy->connect && (st = probe_run(r, env->trust, env->verbose)) != SD_OK)
		return st;
	/*
	 * SPEC §4.3: when the client does not sign in, whatever stopped it (no target
	 * resolves, or none connects or validates), the fallback names are looked up
	 * for the report; so after the probe, never before it.
	 */
	bool signed_in = env->policy->connect ? r->chosen >= 0 : decide_first_usable(r) >= 0;
	if ((st = plan_diagnostic_stage(r, signed_in)) != SD_OK || (st = send_stage(env, r, STAGE_DIAGNOSTIC)) != SD_OK)
		return st;
	if ((st = verdict_build(r)) != SD_OK)
		return st;
	r->ms_total = since(t0);
	return SD_OK;
}
