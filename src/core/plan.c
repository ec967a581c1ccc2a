/* plan.c — the query plan: the SRV stage, the address stage, the diagnostic stage. */
#include "plan.h"

#include "autodiscover_decide.h"
#include "federation.h"
#include "candidate.h"
#include "ipaddr.h"
#include "result_lookup.h"
#include "uri.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

/* SPEC §5.2: _sipfederationtls._tcp, after the stage's other queries (so that it adds no round trip). */
static enum sd_status plan_federation_query(struct result *r)
{
	char name[SD_QNAME_MAX];
	federation_name(r->uri.domain, name, sizeof name);
	return result_add_query(r, name, DNS_TYPE_SRV, QUERY_FEDERATION, STAGE_SRV) ? SD_OK : SD_ERR_NOMEM;
}

enum sd_status plan_srv_stage(struct result *r)
{
	const struct policy *pol = r->policy;
	const struct profile *prof = r->profile;
	char name[SD_QNAME_MAX];
	if (policy_is_manual(pol)) /* SPEC §4.1: no discovery query; federation only when asked for */
		return pol->federation ? plan_federation_query(r) : SD_OK;
	for (size_t i = 0; i < prof->n_srv; i++) {
		snprintf(name, sizeof name, "%s.%s", prof->srv[i].prefix, r->uri.domain);
		struct query *q = result_add_query(r, name, DNS_TYPE_SRV, QUERY_SRV, STAGE_SRV);
		if (!q)
			return SD_ERR_NOMEM;
		q->srv_index = (int)i;
		if (prof->srv[i].transport == SD_TCP && pol->no_tcp) {
			q->result = DNS_SKIPPED; /* SPEC §3: never sent */
			sd_copy(q->detail, sizeof q->detail, "skipped by policy (--no-tcp)");
		}
	}
	for (size_t i = 0; i < PROFILE_AUTODISCOVER_MAX && prof->autodiscover[i]; i++) {
		snprintf(name, sizeof name, "%s.%s", prof->autodiscover[i], r->uri.domain);
		enum sd_status st = plan_address_queries(&r->queries, &r->n_queries, pol->family, name,
							 QUERY_AUTODISCOVER, STAGE_SRV, 0);
		if (st != SD_OK)
			return st;
	}
	return plan_federation_query(r);
}

enum sd_status plan_address_queries(struct query **qs, size_t *n, enum family_policy family, const char *host,
				    enum query_role role, enum dns_stage stage, unsigned known)
{
	if (family != FAMILY_V6 && !(known & PLAN_KNOWN_V4) && !query_list_add(qs, n, host, DNS_TYPE_A, role, stage))
		return SD_ERR_NOMEM;
	if (family != FAMILY_V4 && !(known & PLAN_KNOWN_V6) && !query_list_add(qs, n, host, DNS_TYPE_AAAA, role, stage))
		return SD_ERR_NOMEM;
	return SD_OK;
}

enum fallback_state plan_fallback(const struct result *r)
{
	if (policy_is_manual(r->policy))
		return FALLBACK_NOT_APPLICABLE;
	if (r->profile->fallback_when != FALLBACK_WHEN_NO_SRV)
		return FALLBACK_RAN_ALWAYS;
	/* SPEC §4.3: a single record anywhere, even one that is useless, stops the fallback. */
	for (size_t i = 0; i < r->n_queries; i++)
		if (r->queries[i].role == QUERY_SRV && r->queries[i].n_srv > 0
		    && profile_srv_index(r->profile, r->queries[i].name) >= 0)
			return FALLBACK_NOT_RUN;
	return FALLBACK_RAN;
}

/* SPEC §4.5: the families of host an answer (an SRV's additional section included) already gave. */
static unsigned families_known(const struct result *r, const char *host)
{
	struct address a[64];
	size_t n = result_addresses_for(r, host, a, sizeof a / sizeof *a);
	unsigned known = 0;
	for (size_t i = 0; i < n; i++)
		known |= ipaddr_is_v4(a[i].family) ? PLAN_KNOWN_V4 : PLAN_KNOWN_V6;
	return known;
}

/* Queries A and/or AAAA for host in a stage, each unless that family is known or host is queued. */
static enum sd_status want_host_as(struct result *r, const char *host, enum query_role role, enum dns_stage stage)
{
	struct address a;
	if (result_literal_address(host, &a))
		return SD_OK;
	for (size_t i = 0; i < r->n_queries; i++) /* an autodiscover link's lookup gives the planner no address */
		if (r->queries[i].stage >= STAGE_ADDRESS && r->queries[i].role != QUERY_AUTODISCOVER
		    && r->queries[i].role != QUERY_FEDERATION && r->queries[i].role != QUERY_KERBEROS
		    && strcasecmp(r->queries[i].name, host) == 0)
			return SD_OK;
	return plan_address_queries(&r->queries, &r->n_queries, r->policy->family, host, role, stage,
				    families_known(r, host));
}

static enum sd_status want_host(struct result *r, const char *host)
{
	return want_host_as(r, host, QUERY_ADDRESS, STAGE_ADDRESS);
}

/* Every fallback name of the profile, as role in stage. */
static enum sd_status want_fallback_hosts(struct result *r, enum query_role role, enum dns_stage stage)
{
	char host[SD_QNAME_MAX];
	enum sd_status st = SD_OK;
	for (size_t i = 0; i < r->profile->n_fallback && st == SD_OK; i++) {
		const struct profile_host *h = &r->profile->fallback[i];
		profile_host_name(h, r->uri.domain, host, sizeof host);
		st = want_host_as(r, host, role, stage);
	}
	return st;
}

enum sd_status plan_diagnostic_stage(struct result *r, bool have_server)
{
	if (have_server || r->fallback != FALLBACK_NOT_RUN)
		return SD_OK;
	return want_fallback_hosts(r, QUERY_DIAGNOSTIC, STAGE_DIAGNOSTIC);
}

enum candidate_state plan_srv_target(const struct result *r, const char *target)
{
	char why[128];
	if (strcmp(target, ".") == 0)
		return CAND_NO_SERVICE;
	if (uri_host_check(target, why, sizeof why) != SD_OK)
		return CAND_INVALID_NAME;
	struct naming_verdict v = candidate_naming(r, target); /* a trust prompt is no rejection (SPEC §5.1) */
	if (r->profile->naming != NAMING_MODEL_NONE && naming_rejects(&v))
		return CAND_REJECTED;
	return CAND_USABLE;
}

static enum sd_status want_srv_targets(struct result *r)
{
	size_t n = r->n_queries; /* want_host appends: walk only the stage-1 queries */
	for (size_t i = 0; i < n; i++) {
		if (r->queries[i].role == QUERY_FEDERATION)
			continue; /* SPEC §5.2: never a sign-in candidate */
		for (size_t j = 0; j < r->queries[i].n_srv; j++) {
			const char *target = r->queries[i].srv[j].target;
			if (plan_srv_target(r, target) != CAND_USABLE)
				continue;
			enum sd_status st = want_host(r, target);
			if (st != SD_OK)
				return st;
		}
	}
	return SD_OK;
}

/* SPEC §5.2: the federation target's A/AAAA, in the same stage, unless sign-in asks for them already. */
static enum sd_status want_federation_target(struct result *r)
{
	const struct srv_record *rec = federation_record(r);
	char why[128];
	struct address a[64];
	if (!rec || strcmp(rec->target, ".") == 0 || uri_host_check(rec->target, why, sizeof why) != SD_OK
	    || result_literal_address(rec->target, a))
		return SD_OK;
	for (size_t i = 0; i < r->n_queries; i++)
		if (r->queries[i].stage == STAGE_ADDRESS && r->queries[i].role != QUERY_AUTODISCOVER
		    && strcasecmp(r->queries[i].name, rec->target) == 0)
			return SD_OK;
	size_t n = federation_addresses(r, rec->target, a, sizeof a / sizeof *a);
	unsigned known = 0;
	for (size_t i = 0; i < n; i++)
		known |= ipaddr_is_v4(a[i].family) ? PLAN_KNOWN_V4 : PLAN_KNOWN_V6;
	return plan_address_queries(&r->queries, &r->n_queries, r->policy->family, rec->target, QUERY_FEDERATION,
				    STAGE_ADDRESS, known);
}

static enum sd_status plan_signin_addresses(struct result *r)
{
	const struct policy *pol = r->policy;
	enum sd_status st = SD_OK;
	r->fallback = plan_fallback(r);
	if (policy_is_manual(pol)) {
		if (pol->internal.host[0])
			st = want_host(r, pol->internal.host);
		if (st == SD_OK && pol->external.host[0])
			st = want_host(r, pol->external.host);
		return st;
	}
	const char *ad_servers[4]; /* SPEC §4.7: the User document's servers come first */
	size_t n_ad = autodiscover_server_names(r, ad_servers, 4);
	for (size_t i = 0; i < n_ad && st == SD_OK; i++)
		st = want_host(r, ad_servers[i]);
	if (st == SD_OK)
		st = want_srv_targets(r);
	if (st != SD_OK || r->fallback == FALLBACK_NOT_RUN)
		return st;
	return want_fallback_hosts(r, QUERY_ADDRESS, STAGE_ADDRESS);
}

enum sd_status plan_address_stage(struct result *r)
{
	enum sd_status st = plan_signin_addresses(r);
	return st == SD_OK ? want_federation_target(r) : st;
}
