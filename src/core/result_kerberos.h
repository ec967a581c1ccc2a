/* result_kerberos.h — what --kerberos found (SPEC §9): the realm, its KDCs and each service
 * principal the client would ask a ticket for. Plain data, filled by the network layer's
 * kerberos module and decided on by kerberos_decide. */
#ifndef RESULT_KERBEROS_H
#define RESULT_KERBEROS_H

#include "sd.h"

/* SPEC §9's outcomes, in JSON's spelling (krb_outcome_name). */
enum krb_outcome {
	KRB_NOT_CHECKED,             /* not asked yet (the check ended first): JSON null */
	KRB_EXISTS, KRB_UNKNOWN_PRINCIPAL, KRB_NOT_PROVEN, KRB_KDC_UNREACHABLE, KRB_NO_KDC_FOUND,
	KRB_REALM_UNKNOWN, KRB_USER_UNKNOWN, KRB_USER_DISABLED, KRB_CLOCK_SKEW, KRB_RC4_ONLY, KRB_ERROR,
};

/* What proved the outcome: the AS exchange without credentials, or a service ticket (TGS). */
enum krb_proof { KRB_PROOF_NONE, KRB_PROOF_AS, KRB_PROOF_TGS };

/* Where the principal's name came from. */
enum krb_source {
	KRB_SRC_TARGETNAME,          /* the REGISTER 401's targetname, exactly as sent */
	KRB_SRC_SIPE,                /* pidgin-sipe's host-based name, canonicalised through DNS */
	KRB_SRC_AUTODISCOVER,        /* HTTP/<host> of an autodiscover host that answered 401 Negotiate */
};

#define KRB_PRINCIPALS_MAX 8
#define KRB_KDCS_MAX 8
#define KRB_NAME_MAX 600

/* One KDC the check may ask, in the order it asks them. */
struct krb_kdc {
	char host[SD_HOST_MAX];      /* the SRV target, or the configured name */
	uint16_t port;
	bool tcp;                    /* from _kerberos._tcp (else _udp) */
	char address[SD_ADDR_MAX];   /* "" when it does not resolve */
};

struct krb_principal {
	char name[KRB_NAME_MAX];     /* "sip/pool.contoso.test@CONTOSO.TEST" */
	enum krb_source source;
	char asked_by[SD_HOST_MAX];  /* the SIP server or autodiscover host whose 401 named it */
	char canonical_from[SD_HOST_MAX]; /* KRB_SRC_SIPE: the targetname's host when it differs */
	bool offers_fallback;        /* the same 401 also offers NTLM or TLS-DSK (SPEC §9's verdict rule) */
	enum krb_outcome outcome;
	enum krb_proof proof;
	long kdc_error;              /* the KDC's own error code (RFC 4120 §7.5.9), -1: none */
	int32_t enctype;             /* the service ticket's encryption type, 0: unknown */
	char enctype_name[48];
	int kvno;                    /* the service key's version, -1: unknown */
	bool has_offset;
	long long clock_offset_s;    /* the KDC's clock minus the local clock */
	char kdc[SD_ADDR_MAX + 8];   /* the KDC that answered, "ADDR:PORT" */
	char detail[256];            /* one line: what the KDC said, or why nothing */
	unsigned ms;
};

struct krb_report {
	bool requested;              /* --kerberos */
	char realm[256];
	bool realm_from_option;      /* --krb-realm */
	char user[256];              /* the AS probe's client name */
	bool kdcs_configured;        /* the local krb5 configuration names the realm's KDCs */
	struct krb_kdc kdcs[KRB_KDCS_MAX];
	size_t n_kdcs;
	bool have_tgt;               /* a TGT for the realm in the credential cache */
	char ccache_note[256];
	struct krb_principal principals[KRB_PRINCIPALS_MAX];
	size_t n_principals;
	bool ran;                    /* the KDC exchanges ran */
	unsigned ms;                 /* the whole check */
};

/* "exists", "unknown-principal", ...; NULL for KRB_NOT_CHECKED. */
const char *krb_outcome_name(enum krb_outcome o);

/* "as", "tgs"; NULL for KRB_PROOF_NONE. */
const char *krb_proof_name(enum krb_proof p);

/* "targetname", "sipe-canonical", "autodiscover". */
const char *krb_source_name(enum krb_source s);

#endif
