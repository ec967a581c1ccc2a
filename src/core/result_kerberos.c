/* result_kerberos.c — the names JSON and the trace give Kerberos outcomes, proofs and sources. */
#include "result_kerberos.h"

const char *krb_outcome_name(enum krb_outcome o)
{
	static const char *const names[] = {
		[KRB_NOT_CHECKED] = NULL, [KRB_EXISTS] = "exists", [KRB_UNKNOWN_PRINCIPAL] = "unknown-principal",
		[KRB_NOT_PROVEN] = "not-proven", [KRB_KDC_UNREACHABLE] = "kdc-unreachable",
		[KRB_NO_KDC_FOUND] = "no-kdc-found", [KRB_REALM_UNKNOWN] = "realm-unknown",
		[KRB_USER_UNKNOWN] = "user-unknown", [KRB_USER_DISABLED] = "user-disabled",
		[KRB_CLOCK_SKEW] = "clock-skew", [KRB_RC4_ONLY] = "rc4-only", [KRB_ERROR] = "error",
	};
	return names[o];
}

const char *krb_proof_name(enum krb_proof p)
{
	return p == KRB_PROOF_AS ? "as" : p == KRB_PROOF_TGS ? "tgs" : NULL;
}

const char *krb_source_name(enum krb_source s)
{
	return s == KRB_SRC_TARGETNAME ? "targetname" : s == KRB_SRC_SIPE ? "sipe-canonical" : "autodiscover";
}
