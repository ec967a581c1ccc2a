/* kerberos_decide.h — what a KDC's answer means, and what it does to the verdict (SPEC §9). Pure. */
#ifndef KERBEROS_DECIDE_H
#define KERBEROS_DECIDE_H

#include "result.h"

/* RFC 4120 §7.5.9's error codes the check tells apart. */
enum {
	KDC_ERR_C_PRINCIPAL_UNKNOWN = 6, KDC_ERR_S_PRINCIPAL_UNKNOWN = 7, KDC_ERR_PRINCIPAL_NOT_UNIQUE = 8,
	KDC_ERR_CLIENT_REVOKED = 18, KDC_ERR_PREAUTH_FAILED = 24, KDC_ERR_PREAUTH_REQUIRED = 25,
	KRB_AP_ERR_SKEW = 37, KDC_ERR_WRONG_REALM = 68,
};

/* SPEC §9: more than this many seconds between the KDC's clock and ours is clock-skew. */
#define KRB_MAX_SKEW_S 300

/* What one exchange with the realm's KDCs came to. */
enum krb_exchange_kind {
	KRB_X_NO_KDC,                /* no KDC to ask */
	KRB_X_NO_REPLY,              /* no KDC answered in time */
	KRB_X_KDC_ERROR,             /* a KRB-ERROR: kdc_error says which */
	KRB_X_TICKET,                /* a ticket (an AS reply without pre-authentication, or a service ticket) */
	KRB_X_LOCAL,                 /* the library failed here: no answer to judge */
};

struct krb_exchange {
	enum krb_exchange_kind kind;
	long kdc_error;
	bool has_offset;
	long long offset_s;          /* the KDC's clock minus ours */
	int32_t enctype;             /* KRB_X_TICKET from the TGS: the ticket's encryption type */
};

/* RC4's encryption types (RFC 4757): rc4-hmac (23), rc4-hmac-exp (24). */
bool kerberos_enctype_is_rc4(int32_t enctype);

/* The outcome of one exchange (SPEC §9's table), proof saying which exchange it was. */
enum krb_outcome kerberos_outcome(const struct krb_exchange *x, enum krb_proof proof);

/* Whether a ticket check's outcome replaces the AS check's: the conclusive ones do. */
bool kerberos_tgs_conclusive(enum krb_outcome o);

/* SPEC §9: what the outcome makes the state (OK: no change) for a server that does, or does
 * not, also offer NTLM or TLS-DSK. */
enum sd_verdict kerberos_effect(enum krb_outcome o, bool offers_fallback);

/* SPEC §9: the verdict's change, its reason and a hint per principal's outcome. */
enum sd_status kerberos_verdict(struct result *r);

#endif
