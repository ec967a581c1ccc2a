/* autodiscover.h — stage 0 of SPEC §4.7: the autodiscover requests, made (the I/O edge). */
#ifndef AUTODISCOVER_H
#define AUTODISCOVER_H

#include "dns.h"
#include "result.h"

struct tls_trust;

/*
 * Runs the autodiscover stage of r's profile, once DNS stage 1 resolved its names: every
 * URL of the profile at once, each pinned to its name's address (a name that does not
 * resolve gets its URLs listed as does-not-resolve, without a request); the Redirect/User
 * link of a usable document is fetched as soon as its parent answered, at most 10 per URL;
 * https certificates are validated against trust as SIP attempts are. Fills
 * r->autodiscover in the client's URL order and r->ms_autodiscover. A link to a host that
 * is not yet resolved is looked up through dns at once, in a thread of its own, while the
 * requests in flight go on (queries of role QUERY_AUTODISCOVER, stage STAGE_ADDRESS). Every
 * request and lookup waits at most what is left of r->deadline_at; when it runs out, the
 * open URLs end as timeouts saying so and r->expired_during names the autodiscover stage (SPEC §3).
 * Does nothing for a profile without autodiscover or with --no-connect (SPEC §4.7).
 * SD_ERR_NOMEM when memory ran out.
 */
enum sd_status autodiscover_run(struct result *r, const struct dns_servers *dns, const struct tls_trust *trust,
				bool keep_raw);

#endif
