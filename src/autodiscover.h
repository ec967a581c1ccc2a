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
 * is not yet resolved is resolved through dns (stage 1 queries of role QUERY_AUTODISCOVER).
 * Does nothing for a profile without autodiscover or with --no-connect (SPEC §4.7).
 * SD_ERR_NOMEM when memory ran out.
 */
enum sd_status autodiscover_run(struct result *r, const struct dns_servers *dns, const struct tls_trust *trust,
				bool keep_raw);

#endif
