/* kerberos_plan.h — --kerberos's realm, its KDC queries and the principals to check (SPEC §9). Pure. */
#ifndef KERBEROS_PLAN_H
#define KERBEROS_PLAN_H

#include "result.h"

/* SRV names of the KDC queries, by their srv_index among the QUERY_KERBEROS queries. */
enum krb_srv { KRB_SRV_TCP, KRB_SRV_UDP, KRB_SRV_MSDCS };

/*
 * The realm (--krb-realm, else the sign-in domain in upper case) and the AS probe's user
 * (--krb-user, else the address's user part) into r->krb; nothing without --kerberos.
 */
void kerberos_prepare(struct result *r);

/*
 * Stage 1 (no extra round trip): _kerberos._tcp.REALM, _kerberos._udp.REALM and, shown,
 * _kerberos._tcp.dc._msdcs.DOMAIN, unless --kerberos is off or the local krb5
 * configuration names the realm's KDCs (r->krb.kdcs_configured).
 */
enum sd_status kerberos_plan_srv(struct result *r);

/* The address stage: A/AAAA of the KDC targets stage 1 gave no address for. */
enum sd_status kerberos_plan_addresses(struct result *r);

/* The KDCs from the answers, _tcp before _udp, each by priority then weight (RFC 2782). */
void kerberos_collect_kdcs(struct result *r);

/*
 * The principals the client would ask tickets for: each REGISTER 401's Kerberos
 * targetname once, then HTTP/<host> of each autodiscover host that answered 401 with
 * Negotiate (lync2013, sipe).
 */
void kerberos_collect_principals(struct result *r);

/* Appends a principal (name as given, outcome not checked); NULL when the list is full or
 * name is already in it. */
struct krb_principal *kerberos_add_principal(struct result *r, const char *name, enum krb_source source,
					     const char *asked_by, bool offers_fallback);

/* The principal name for a targetname: "sip/pool.contoso.test" -> "sip/pool.contoso.test@REALM"
 * (a name that already names its realm kept as sent); false when it does not fit. */
bool kerberos_principal_name(const char *targetname, const char *realm, char *out, size_t n);

#endif
