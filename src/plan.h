/* plan.h — which DNS queries each stage sends (SPEC §4.1–4.5). Pure: no I/O. */
#ifndef PLAN_H
#define PLAN_H

#include "result.h"

/* Stage 1: the profile's SRV names (TCP names skipped by policy) and autodiscover names. */
enum sd_status plan_srv_stage(struct result *r);

/* Whether, and why, the host-record fallback runs, given the stage-1 answers (SPEC §4.3). */
enum fallback_state plan_fallback(const struct result *r);

/*
 * Stage 2: A/AAAA for every host the decision needs and stage 1 did not already
 * give addresses for: SRV targets, fallback hosts (when plan_fallback says so),
 * manually configured servers. Sets r->fallback.
 */
enum sd_status plan_address_stage(struct result *r);

/*
 * Stage 3, for the report only: when SRV records exist but no candidate is
 * usable, the profile's fallback names, so that the trace can show that they
 * resolve and that the client still will not use them (SPEC §4.3).
 */
enum sd_status plan_diagnostic_stage(struct result *r);

/* The addresses r's queries hold for host (stage-2 answers or an SRV additional section). */
size_t plan_addresses_for(const struct result *r, const char *host, struct address *out, size_t max);

/* host as an IP literal: fills *a (source ADDR_LITERAL) and returns true. */
bool plan_literal_address(const char *host, struct address *a);

#endif
