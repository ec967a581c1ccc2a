/* verdict_dns.h — DNS facts in the verdict's words (SPEC §4.3, §4.6). Pure: no I/O. */
#ifndef VERDICT_DNS_H
#define VERDICT_DNS_H

#include "result.h"

/*
 * SPEC §4.3, §4.6: one hint for every DNS error the run met (servfail, refused,
 * timeout, other), naming each query it affected, the servers involved and any
 * Extended DNS Error; a timeout is "did not answer", and when a DNS server is
 * alive the hint says the domain's own name servers are what is silent.
 * from_errors: the fallback ran only because of these errors (never "publish").
 * Sets r->dns_errors when there is one. SD_ERR_NOMEM when the hint was not stored.
 */
enum sd_status verdict_dns_errors(struct result *r, bool from_errors);

/*
 * "NAME TYPE servfail from S, NAME TYPE timeout (S did not answer)" for the
 * non-diagnostic SRV queries that got a DNS error, for a reason line.
 */
/*
 * SPEC §4.6, §8: every DNS server refused every first-stage query (dns_every_server_refused):
 * the result is UNKNOWN, with the hint to ask a resolver that serves this machine.
 */
enum sd_status verdict_dns_refused(struct result *r);

void verdict_dns_error_list(const struct result *r, char *buf, size_t n);

/* SPEC §4.6: q's server does not recurse: it answered (other than REFUSED) with RA=0. */
bool verdict_does_not_recurse(const struct query *q);

/*
 * SPEC §4.6: the server that answered a non-diagnostic query of stage (any stage
 * when 0) without recursion for a name it is not authoritative for (RA=0, AA=0),
 * or with a referral; NULL when there is none. Its answers are not what a
 * client's resolver would see.
 */
const char *verdict_nonrecursive(const struct result *r, int stage);

/* The one hint naming verdict_nonrecursive's server, if any. SD_ERR_NOMEM when not stored. */
enum sd_status verdict_nonrecursive_hint(struct result *r);

/*
 * The address query for host that followed a CNAME chain, or NULL: its
 * cname_target is the name whose records (or lack of them) are host's.
 */
const struct query *verdict_cname_query(const struct result *r, const char *host);

/* "EDE 6 (DNSSEC Bogus): signature crypto failed" for q's Extended DNS Error; "" when none. */
const char *verdict_ede_phrase(const struct query *q, char *buf, size_t n);

#endif
