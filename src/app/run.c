/* run.c — the pipeline for one address, in SPEC order: the SRV stage, autodiscover, the address
 * stage, the decision, the probe, the diagnostic lookups and the verdict, each while --deadline lasts. */
#include "run.h"
#include "verdict_dns.h"

#include "autodiscover.h"
#include "clock.h"
#include "deadline.h"
#include "kerberos.h"
#include "kerberos_plan.h"
#include "decide.h"
#include "federation.h"
#include "federation_probe.h"
#include "exposure.h"
#include "fix.h"
#include "plan.h"
#include "probe.h"
#include "redirect.h"
#include "verdict.h"

#include <stdio.h>

static unsigned since(long long t0)
{
	return (unsigned)(clock_ms() - t0);
}

static const char *stage_name(enum dns_stage stage)
{
	return stage == STAGE_SRV ? "the DNS SRV stage" : stage == STAGE_ADDRESS ? "the address stage"
										  : "the diagnostic lookups";
}

/*
 * Sends stage's queries, each waiting deadline_step_ms; notes the stage with result_expire
 * when the deadline ran out before or during it (SPEC §3).
 */
static enum sd_status send_stage(const struct run_env *env, struct result *r, enum dns_stage stage)
{
	if (r->expired)
		return SD_OK;
	unsigned timeout = deadline_step_ms(r);
	if (timeout == 0) {
		result_expire(r, "%s", stage_name(stage));
		return SD_OK;
	}
	enum sd_status st = dns_stage_run(&env->dns, r->queries, r->n_queries, stage, r->dns_servers, &r->n_dns_servers,
					  timeout, env->verbose);
	if (st == SD_OK && deadline_passed(r))
		result_expire(r, "%s", stage_name(stage));
	return st;
}

/*
 * The SRV stage, autodiscover (stage 0) and the address stage, then r->ms_dns
 * since t0; SD_ERR_SOCKET when a query could not be sent for a local reason,
 * SD_ERR_NO_ANSWER (r UNKNOWN, its reason naming each server) when no DNS server
 * answered at all, or every one refused every query (SPEC §4.6).
 */
static enum sd_status discover(const struct run_env *env, struct result *r, long long t0)
{
	enum sd_status st;
	if ((st = plan_srv_stage(r)) != SD_OK || (st = kerberos_plan_srv(r)) != SD_OK /* SPEC §9: no extra round trip */
	    || (st = send_stage(env, r, STAGE_SRV)) != SD_OK)
		return st;
	if (!r->expired && dns_no_server_answered(r, r->reason, sizeof r->reason)) { /* SPEC §4.6, §8 */
		r->status = SD_VERDICT_UNKNOWN;
		r->ms_dns = since(t0);
		return SD_ERR_NO_ANSWER;
	}
	if (!r->expired && dns_every_server_refused(r, r->reason, sizeof r->reason)) { /* SPEC §4.6, §8 */
		r->ms_dns = since(t0);
		return (st = verdict_dns_refused(r)) != SD_OK ? st : SD_ERR_NO_ANSWER;
	}
	if (!r->expired && (st = autodiscover_run(r, &env->dns, env->trust, env->verbose)) != SD_OK)
		return st; /* SPEC §4.7: stage 0 */
	if (!r->expired && ((st = plan_address_stage(r)) != SD_OK || (st = kerberos_plan_addresses(r)) != SD_OK
			    || (st = send_stage(env, r, STAGE_ADDRESS)) != SD_OK))
		return st;
	r->ms_dns = since(t0) - r->ms_autodiscover;
	return SD_OK;
}

/* SPEC §3, §8: what is known stays in r; the result is UNKNOWN, naming the stage that was running. */
static void deadline_verdict(const struct run_env *env, struct result *r)
{
	unsigned ms = env->policy->deadline_ms;
	r->server = -1;
	r->status = SD_VERDICT_UNKNOWN;
	if (ms % 1000)
		snprintf(r->reason, sizeof r->reason, "deadline of %.3g s expired during %s", ms / 1000.0, r->expired_during);
	else
		snprintf(r->reason, sizeof r->reason, "deadline of %u s expired during %s", ms / 1000, r->expired_during);
}

/* The attempts (SPEC §6), a REGISTER's redirect to the home pool followed as the client follows
 * it, and beside them the Access Edge's attempt (SPEC §5.2). */
static enum sd_status connect_stage(const struct run_env *env, struct result *r)
{
	if (!env->policy->connect)
		return SD_OK;
	struct federation_probe fed;
	enum sd_status st = federation_probe_start(&fed, r, env->trust);
	if (st != SD_OK)
		return st;
	st = probe_run(r, env->trust, env->verbose);
	if (st == SD_OK)
		st = redirect_follow(r, &env->dns, env->trust, env->verbose);
	enum sd_status joined = federation_probe_join(&fed);
	if (st != SD_OK || (st = joined) != SD_OK)
		return st;
	federation_conclude(r); /* even when the deadline stops the check before the verdict */
	return SD_OK;
}

/* SPEC §9: the principals the 401s named, asked of the KDCs found (with --kerberos). */
static enum sd_status kerberos_stage(const struct run_env *env, struct result *r)
{
	kerberos_collect_kdcs(r);
	kerberos_collect_principals(r);
	enum sd_status st = SD_OK;
	if (!r->expired && (st = kerberos_run(r, &env->dns)) != SD_OK)
		return st;
	if (!r->expired && r->krb.ran && deadline_passed(r))
		result_expire(r, "the Kerberos check");
	return SD_OK;
}

/* Decide, probe, the diagnostic lookups, the verdict: each only while the deadline has not expired. */
static enum sd_status decide_and_probe(const struct run_env *env, struct result *r)
{
	enum sd_status st;
	if ((st = decide_candidates(r)) != SD_OK || (st = connect_stage(env, r)) != SD_OK
	    || (st = kerberos_stage(env, r)) != SD_OK)
		return st;
	/*
	 * SPEC §4.3: when the client does not sign in, whatever stopped it (no target
	 * resolves, or none connects or validates), the fallback names are looked up
	 * for the report; so after the probe, never before it.
	 */
	bool signed_in = env->policy->connect ? result_chosen(r) >= 0 : decide_first_usable(r) >= 0;
	if (!r->expired && ((st = plan_diagnostic_stage(r, signed_in)) != SD_OK
			       || (st = send_stage(env, r, STAGE_DIAGNOSTIC)) != SD_OK))
		return st;
	if (r->expired || (st = verdict_build(r)) != SD_OK || (st = exposure_hints(r, NULL)) != SD_OK)
		return st;
	fix_attach(r); /* SPEC §7.1, once every hint is in */
	return SD_OK;
}

enum sd_status run_address(const struct run_env *env, const char *input, struct result *r)
{
	long long t0 = clock_ms();
	result_init(r, input, env->policy);
	if (env->policy->deadline_ms)
		r->deadline_at = t0 + env->policy->deadline_ms;
	enum sd_status st = uri_parse(input, &r->uri, r->input_error, sizeof r->input_error);
	if (st != SD_OK) {
		r->status = SD_VERDICT_UNKNOWN;
		return st;
	}
	kerberos_prepare(r);
	kerberos_local_kdcs(r);
	st = discover(env, r, t0);
	if (st == SD_ERR_NO_ANSWER) {
		r->ms_total = r->ms_dns;
		return SD_OK; /* nothing is known about the domain: a result (UNKNOWN with its reason), not a failure */
	}
	if (st != SD_OK || (!r->expired && (st = decide_and_probe(env, r)) != SD_OK))
		return st;
	if (r->expired)
		deadline_verdict(env, r);
	r->ms_total = since(t0);
	return SD_OK;
}
