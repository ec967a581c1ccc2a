/* candidate.h — a host to try, added to a result with the addresses the run found for it. Pure. */
#ifndef CANDIDATE_H
#define CANDIDATE_H

#include "result.h"

/*
 * Appends a candidate for host:port over t to r's list, its naming check done
 * against r's domain (not enforced: the caller sets naming_enforced where the
 * rule applies) and no SRV record behind it; NULL when memory ran out.
 */
struct candidate *candidate_add(struct result *r, const char *host, uint16_t port, enum sd_transport t,
				enum candidate_origin origin);

/* The profile's naming column (SPEC §4.4) on host for r's domain and policy: §5's rule or §5.1's trust model. */
struct naming_verdict candidate_naming(const struct result *r, const char *host);

/*
 * Attaches to c the addresses r's queries hold for its host (or the host itself
 * when it is an IP literal) and sets its state from them: usable, or unresolved
 * (skipped when only_if_resolves). SD_ERR_NOMEM when memory ran out.
 */
enum sd_status candidate_resolve(struct result *r, struct candidate *c, bool only_if_resolves);

#endif
