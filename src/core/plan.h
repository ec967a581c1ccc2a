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

/* The addresses r's queries hold for host (stage-2 answers or an SRV additional section). */
size_t plan_addresses_for(const struct result *r, const char *host, struct address *out, size_t max);

/* host as an IP literal: fills *a (source ADDR_LITERAL) and returns true. */
bool plan_literal_address(const char *host, struct address *a);

#endif
