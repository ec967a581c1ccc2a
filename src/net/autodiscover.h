/* autodiscover.h — stage 0 of SPEC §4.7: the autodiscover requests, made (the I/O edge). */
#ifndef AUTODISCOVER_H
#define AUTODISCOVER_H

#include "autodiscover_lookup.h"
#include "dns.h"
#include "result.h"

struct tls_trust;

/* Descriptors the autodiscover stage of one address holds at most: per URL of the profile,
 * its one request in flight (a hop is requested only once its parent answered) and its one
 * hop-host lookup, and curl's wake-up pair. */
#define AUTODISCOVER_MAX_FDS (PROFILE_AD_URLS_MAX * (1 + AD_LOOKUP_FDS) + 2)

/*
 * Runs the autodiscover stage of r's profile, once DNS stage 1 resolved its names: every
 * URL of the profile at once, each pinned to its name's address (a name that does not
 * resolve gets its URLs listed as does-not-resolve, without a request). Every hop — a 3xx's
 * Location the profile's client follows (at most max_redirects along a chain), the
 * Redirect/User link of a usable document (at most 10) — is a request of its own, made as
 * soon as its parent answered and appended to r->autodiscover with via and from; curl
 * follows nothing itself. https certificates are validated against trust as SIP attempts
 * are. A hop to a host that is not yet resolved is looked up through dns at once, in a
 * thread of its own, while the requests in flight go on (queries of role
 * QUERY_AUTODISCOVER, stage STAGE_ADDRESS, ad_hop naming the hop); a host that does not
 * resolve makes a does-not-resolve hop. The entries end in the client's order, each hop
 * right after its parent (ad_order), with r->ms_autodiscover. Every request and lookup
 * waits at most what is left of r->deadline_at; when it runs out, the open entries end as
 * timeouts saying so and r->expired_during names the autodiscover stage (SPEC §3).
 * Does nothing for a profile without autodiscover, with a manually configured server or
 * with --no-connect (SPEC §4.1, §4.7). SD_ERR_NOMEM when memory ran out, SD_ERR_THREAD
 * when a lookup's thread cannot be joined, SD_ERR_SOCKET when curl's multi interface fails.
 */
enum sd_status autodiscover_run(struct result *r, const struct dns_servers *dns, const struct tls_trust *trust,
				bool keep_raw);

#endif
