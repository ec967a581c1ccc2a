/* policy.h — the client configuration being replayed (SPEC §3) and the run's settings. */
#ifndef POLICY_H
#define POLICY_H

#include "profile.h"

struct manual_server {
	char host[SD_HOST_MAX];      /* empty: not configured */
	uint16_t port;               /* 0: the default for the transport */
};

enum family_policy { FAMILY_ANY, FAMILY_V4, FAMILY_V6 };

struct policy {
	const struct profile *profile;
	bool no_tcp;                 /* --no-tcp */
	bool strict_naming;          /* --strict-naming */
	struct trust_list trusted;   /* SPEC §5.1: the defaults, or --trusted-domains */
	struct manual_server internal, external;
	enum family_policy family;   /* -4, -6 */
	unsigned timeout_ms;         /* --timeout: each query and each connection step */
	unsigned deadline_ms;        /* --deadline: the whole check of one address; 0: none (SPEC §3) */
	bool connect;                /* false with --no-connect */
	bool sip_register;           /* false with --no-register */
	bool federation;             /* --federation: the federation check is part of the verdict (SPEC §5.2) */
	int warning_days, critical_days;
	const char *cafile;
	char tls_name[SD_HOST_MAX];  /* --tls-name: SNI and certificate name for the manual servers; "" the server's own */
	bool view_only;              /* SPEC §7.2: the second view of --compare-dns: DNS only, its verdict
					without §4.7's --no-connect cap */
	/* SPEC §9: --kerberos, --krb-realm, --krb-user ("" when not given). */
	bool kerberos;
	const char *krb_realm, *krb_user;
};

/* SPEC §4.1: a manually configured server (internal or external) replaces discovery: no
 * SRV, fallback or autodiscover query is made, only the configured hosts are resolved. */
static inline bool policy_is_manual(const struct policy *p)
{
	return p->internal.host[0] || p->external.host[0];
}

#endif
