/* kerberos_canon.h — pidgin-sipe's host-based service name as the Kerberos library canonicalises
 * it through DNS (SPEC §9), looked up through the tool's own DNS. */
#ifndef KERBEROS_CANON_H
#define KERBEROS_CANON_H

#include "dns_servers.h"
#include "result.h"

/*
 * For the sipe profile: each targetname principal "sip/HOST@REALM" whose HOST is a CNAME
 * (followed to its end, as getaddrinfo's canonical name) adds the principal
 * "sip/CANONICAL@REALM" (source KRB_SRC_SIPE, canonical_from HOST). One round trip for all.
 */
enum sd_status kerberos_canonical_names(struct result *r, const struct dns_servers *dns);

#endif
