/* kerberos.h — --kerberos's exchanges with the realm's KDCs through MIT libkrb5 (SPEC §9): the one
 * module that talks Kerberos. No password is read, nothing is stored in the credential cache. */
#ifndef KERBEROS_H
#define KERBEROS_H

#include "dns_servers.h"
#include "result.h"

/*
 * Whether the local krb5 configuration (KRB5_CONFIG, else /etc/krb5.conf) names KDCs for
 * r->krb.realm: then r->krb.kdcs are those and stage 1 asks no _kerberos name. Nothing
 * without --kerberos.
 */
void kerberos_local_kdcs(struct result *r);

/*
 * The checks of SPEC §9 for r->krb.principals: for sipe, the host-based name canonicalised
 * through the tool's DNS (dns); then for each principal one AS exchange without
 * pre-authentication and, with a TGT for the realm in the credential cache, a service
 * ticket request that is not stored. Each exchange within deadline_step_ms. SD_ERR_NOMEM
 * when memory ran out; what a KDC said (or did not) is data in each principal.
 */
enum sd_status kerberos_run(struct result *r, const struct dns_servers *dns);

#endif
