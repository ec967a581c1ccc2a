/* plan.h — which DNS queries each stage sends (SPEC §4.1–4.5). Pure: no I/O. */
#ifndef PLAN_H
#define PLAN_H

#include "result.h"

/* Stage 1: the profile's SRV names (TCP names skipped by policy) and autodiscover names. */
enum sd_status plan_srv_stage(struct result *r);

/*
 * Whether, and why, the host-record fallback runs, given the stage-1 answers
 * (SPEC §4.3). plan_address_stage stores it in r->fallback; decide_candidates
 * reads it from there.
 */
enum fallback_state plan_fallback(const struct result *r);

/*
 * Stage 2: A/AAAA for every host the decision needs and stage 1 did not already
 * give addresses for: SRV targets, fallback hosts (when plan_fallback says so),
 * manually configured servers. Sets r->fallback.
 */
enum sd_status plan_address_stage(struct result *r);

/*
 * Stage 3, for the report only: when SRV records exist (r->fallback is
 * FALLBACK_NOT_RUN) but the client does not sign in (have_server false: no
 * target resolves, or, once connected, no attempt succeeded), the profile's fallback names,
 * so that the trace can show that they resolve and that the client still will
 * not use them (SPEC §4.3).
 */
enum sd_status plan_diagnostic_stage(struct result *r, bool have_server);

/*
 * What the client makes of an SRV target before any address query (SPEC §4.2,
 * §5): CAND_NO_SERVICE for ".", CAND_INVALID_NAME for what is no host name,
 * CAND_REJECTED when the profile's naming rule rejects it, else CAND_USABLE.
 * Only a target this calls usable is ever resolved.
 */
enum candidate_state plan_srv_target(const struct result *r, const char *target);

/* What plan_address_queries may leave out: a family an answer already gave. */
#define PLAN_KNOWN_V4 1u
#define PLAN_KNOWN_V6 2u

/*
 * SPEC §4.5: queues host's A and AAAA queries (role, stage) at the end of the list *qs of
 * *n queries: each family that family (-4, -6) allows and known (PLAN_KNOWN_* bits) does
 * not cover, A first. The one rule for which address queries a host gets.
 */
enum sd_status plan_address_queries(struct query **qs, size_t *n, enum family_policy family, const char *host,
				    enum query_role role, enum dns_stage stage, unsigned known);

#endif
