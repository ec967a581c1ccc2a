/* kerberos_decide.c — KDC answers to SPEC §9's outcomes, their effect on the verdict, and a hint
 * per outcome naming the fix. */
#include "kerberos_decide.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool kerberos_enctype_is_rc4(int32_t enctype)
{
	return enctype == 23 || enctype == 24;
}

/* The outcome a KRB-ERROR's code gives, before the clock is looked at. */
static enum krb_outcome error_outcome(long code)
{
	switch (code) {
	case KDC_ERR_C_PRINCIPAL_UNKNOWN: return KRB_USER_UNKNOWN;
	case KDC_ERR_S_PRINCIPAL_UNKNOWN:
	case KDC_ERR_PRINCIPAL_NOT_UNIQUE: return KRB_UNKNOWN_PRINCIPAL;
	case KDC_ERR_CLIENT_REVOKED: return KRB_USER_DISABLED;
	case KDC_ERR_PREAUTH_FAILED:
	case KDC_ERR_PREAUTH_REQUIRED: return KRB_NOT_PROVEN; /* SPEC §9: whatever the KDC */
	case KRB_AP_ERR_SKEW: return KRB_CLOCK_SKEW;
	case KDC_ERR_WRONG_REALM: return KRB_REALM_UNKNOWN;
	default: return KRB_ERROR;
	}
}

enum krb_outcome kerberos_outcome(const struct krb_exchange *x, enum krb_proof proof)
{
	switch (x->kind) {
	case KRB_X_NO_KDC: return KRB_NO_KDC_FOUND;
	case KRB_X_NO_REPLY: return KRB_KDC_UNREACHABLE;
	case KRB_X_LOCAL: return KRB_ERROR;
	case KRB_X_TICKET:
		return proof == KRB_PROOF_TGS && kerberos_enctype_is_rc4(x->enctype) ? KRB_RC4_ONLY : KRB_EXISTS;
	case KRB_X_KDC_ERROR:
		break;
	}
	enum krb_outcome o = error_outcome(x->kdc_error);
	bool skewed = x->has_offset && llabs(x->offset_s) > KRB_MAX_SKEW_S;
	/* SPEC §9: clock-skew before not-proven; a principal the KDC does not know stays unknown. */
	return skewed && o != KRB_UNKNOWN_PRINCIPAL ? KRB_CLOCK_SKEW : o;
}

bool kerberos_tgs_conclusive(enum krb_outcome o)
{
	return o == KRB_EXISTS || o == KRB_UNKNOWN_PRINCIPAL || o == KRB_RC4_ONLY || o == KRB_CLOCK_SKEW;
}

enum sd_verdict kerberos_effect(enum krb_outcome o, bool offers_fallback)
{
	switch (o) {
	case KRB_UNKNOWN_PRINCIPAL:
	case KRB_NO_KDC_FOUND:
	case KRB_KDC_UNREACHABLE:
	case KRB_REALM_UNKNOWN:
	case KRB_CLOCK_SKEW: return offers_fallback ? SD_VERDICT_WARNING : SD_VERDICT_CRITICAL;
	case KRB_RC4_ONLY: return SD_VERDICT_WARNING;
	default: return SD_VERDICT_OK;
	}
}

/* The principal without its realm, as setspn writes it: "sip/pool.contoso.test". */
static void spn_of(const struct krb_principal *p, char *out, size_t n)
{
	sd_copy(out, n, p->name);
	out[strcspn(out, "@")] = '\0';
}

/* What the client does when this principal fails: falls back, or does not sign in. */
static const char *consequence(const struct krb_principal *p)
{
	return p->offers_fallback ? "Kerberos fails and the client falls back to NTLM"
				  : "Kerberos fails, and it is all the server offers: the client cannot sign in";
}

static enum sd_status hint_unknown(struct result *r, const struct krb_principal *p, const char *spn)
{
	if (p->kdc_error == KDC_ERR_PRINCIPAL_NOT_UNIQUE)
		return result_hint(r, HINT_KERBEROS,
				   "Kerberos: more than one account of %s holds %s (KDC_ERR_PRINCIPAL_NOT_UNIQUE from %s), "
				   "the principal %s asks for: %s. List the duplicates with setspn -X and remove %s from "
				   "every account but the pool's service account (setspn -D %s <account>).",
				   r->krb.realm, spn, p->kdc, p->asked_by, consequence(p), spn, spn);
	return result_hint(r, HINT_KERBEROS,
			   "Kerberos: the KDC of %s (%s) does not know %s, the principal %s asks for (proved by the %s "
			   "exchange): %s. Register it on the pool's service account: setspn -S %s <account> (this "
			   "tool cannot see which account that is; setspn -X shows duplicates).",
			   r->krb.realm, p->kdc, p->name, p->asked_by, p->proof == KRB_PROOF_TGS ? "ticket" : "AS", consequence(p),
			   spn);
}

static enum sd_status hint_no_kdc(struct result *r)
{
	const char *lower = r->uri.domain;
	return result_hint(r, HINT_KERBEROS,
			   "Kerberos: no KDC was found for %s: _kerberos._tcp.%s and _kerberos._udp.%s have no usable "
			   "record and the local krb5 configuration names none, so a client that looks them up "
			   "(pidgin-sipe, any MIT or Heimdal client) cannot get a ticket. Publish them, pointing at the "
			   "domain controllers on port 88: _kerberos._tcp.%s. 3600 IN SRV 0 100 88 <domain-controller>. "
			   "(and the same for _udp); or give the realm with --krb-realm if it is not %s.",
			   r->krb.realm, r->krb.realm, r->krb.realm, r->krb.realm, lower);
}

static enum sd_status hint_unreachable(struct result *r, const struct krb_principal *p)
{
	char kdcs[512] = "";
	size_t len = 0;
	for (size_t i = 0; i < r->krb.n_kdcs; i++)
		str_appendf(kdcs, sizeof kdcs, &len, "%s%s:%u/%s%s%s", i ? ", " : "", r->krb.kdcs[i].host, r->krb.kdcs[i].port,
			    r->krb.kdcs[i].tcp ? "tcp" : "udp", r->krb.kdcs[i].address[0] ? "" : " (does not resolve)", "");
	return result_hint(r, HINT_KERBEROS,
			   "Kerberos: no KDC of %s answered (%s%s%s): %s. Check that the KDCs run and that port 88 "
			   "(TCP and UDP) is open from the clients to them, and that the _kerberos SRV records name the "
			   "right hosts.",
			   r->krb.realm, kdcs[0] ? kdcs : "none resolves", p->detail[0] ? "; " : "", p->detail, consequence(p));
}

static enum sd_status hint_skew(struct result *r, const struct krb_principal *p)
{
	return result_hint(r, HINT_KERBEROS,
			   "Kerberos: the KDC's clock (%s) is %lld s %s this machine's, more than the 300 s Kerberos allows: "
			   "a client whose clock agrees with this machine's fails (%s). Check NTP on the KDC and on the "
			   "clients (w32tm /query /status on Windows).",
			   p->kdc, llabs(p->clock_offset_s), p->clock_offset_s > 0 ? "ahead of" : "behind",
			   p->offers_fallback ? "and falls back to NTLM" : "and cannot sign in: Kerberos is all the server offers");
}

static enum sd_status hint_user(struct result *r, const struct krb_principal *p, const char *spn)
{
	return result_hint(r, HINT_KERBEROS,
			   "Kerberos: the KDC says the probe's user %s@%s %s (%s), so %s could not be checked: pass an "
			   "enabled account's user principal name with --krb-user (no password is needed).",
			   r->krb.user, r->krb.realm, p->outcome == KRB_USER_UNKNOWN ? "does not exist" : "is disabled or locked",
			   p->outcome == KRB_USER_UNKNOWN ? "KDC_ERR_C_PRINCIPAL_UNKNOWN" : "KDC_ERR_CLIENT_REVOKED", spn);
}

static enum sd_status hint_not_proven(struct result *r, const char *spn)
{
	return result_hint(r, HINT_KERBEROS,
			   "Kerberos: the KDC of %s asks %s for pre-authentication, so the user exists; an MIT or Heimdal "
			   "KDC would also have said so if %s were missing, but Active Directory asks before it looks "
			   "the service up, so the principal is not proven. To prove it, run again with a ticket in "
			   "KRB5CCNAME (kinit %s; the check asks for a service ticket and stores nothing), or run "
			   "setspn -Q %s on a domain computer.",
			   r->krb.realm, r->krb.user, spn, r->krb.user, spn);
}

static enum sd_status hint_rc4(struct result *r, const struct krb_principal *p, const char *spn)
{
	return result_hint(r, HINT_KERBEROS,
			   "Kerberos: the KDC encrypted the ticket for %s with RC4 (%s, kvno %d): the service account has "
			   "no AES key the KDC may use. Clients and KDCs that disable RC4 fail. Set "
			   "msDS-SupportedEncryptionTypes on the account to include AES (0x18), then reset its password "
			   "so that AES keys are made.",
			   spn, p->enctype_name, p->kvno);
}

static enum sd_status hint_error(struct result *r, const struct krb_principal *p)
{
	return result_hint(r, HINT_KERBEROS, "Kerberos: the check of %s did not come to an answer (%s): whether the "
					   "client would get a ticket is not known.",
			   p->name, p->detail[0] ? p->detail : "no detail");
}

static enum sd_status hint_canonical(struct result *r, const struct krb_principal *p, const char *spn)
{
	return result_hint(r, HINT_KERBEROS,
			   "Kerberos: pidgin-sipe asks for sip@%s as a host-based name, and the Kerberos library "
			   "canonicalises it through DNS to %s (%s is a CNAME): the server holds a key for sip/%s. "
			   "Register %s on the pool's service account too (setspn -S %s <account>), or make %s an "
			   "A record, or set dns_canonicalize_hostname = false in the clients' krb5.conf.",
			   p->canonical_from, spn, p->canonical_from, p->canonical_from, spn, spn, p->canonical_from);
}

static enum sd_status principal_hint(struct result *r, const struct krb_principal *p)
{
	char spn[KRB_NAME_MAX];
	spn_of(p, spn, sizeof spn);
	enum sd_status st = p->source == KRB_SRC_SIPE ? hint_canonical(r, p, spn) : SD_OK;
	if (st != SD_OK)
		return st;
	switch (p->outcome) {
	case KRB_UNKNOWN_PRINCIPAL: return hint_unknown(r, p, spn);
	case KRB_NO_KDC_FOUND: return hint_no_kdc(r);
	case KRB_KDC_UNREACHABLE: return hint_unreachable(r, p);
	case KRB_CLOCK_SKEW: return hint_skew(r, p);
	case KRB_USER_UNKNOWN:
	case KRB_USER_DISABLED: return hint_user(r, p, spn);
	case KRB_NOT_PROVEN: return hint_not_proven(r, spn);
	case KRB_RC4_ONLY: return hint_rc4(r, p, spn);
	case KRB_ERROR: return hint_error(r, p);
	case KRB_REALM_UNKNOWN:
		return result_hint(r, HINT_KERBEROS,
				   "Kerberos: the KDC (%s) says it does not serve %s: give the Active Directory domain's "
				   "realm with --krb-realm when it differs from the sign-in domain.",
				   p->kdc, r->krb.realm);
	default: return SD_OK;
	}
}

/* The reason's prefix when Kerberos set the state: the first principal that did. */
static void kerberos_reason(struct result *r, const struct krb_principal *p, enum sd_verdict effect)
{
	char old[sizeof r->reason];
	sd_copy(old, sizeof old, r->reason);
	snprintf(r->reason, sizeof r->reason, "Kerberos %s for %.300s (%s)%s%.600s", krb_outcome_name(p->outcome), p->name,
		 effect == SD_VERDICT_CRITICAL ? "Kerberos is all the server offers"
		 : p->outcome == KRB_RC4_ONLY  ? "RC4 only"
					       : "the client falls back to NTLM",
		 old[0] ? "; " : "", old);
}

enum sd_status kerberos_verdict(struct result *r)
{
	struct krb_report *k = &r->krb;
	bool reason_set = false;
	for (size_t i = 0; i < k->n_principals; i++) {
		const struct krb_principal *p = &k->principals[i];
		enum sd_status st = principal_hint(r, p);
		if (st != SD_OK)
			return st;
		enum sd_verdict effect = kerberos_effect(p->outcome, p->offers_fallback);
		if (effect == SD_VERDICT_OK || sd_verdict_worst(r->status, effect) == r->status)
			continue;
		r->status = effect;
		if (!reason_set)
			kerberos_reason(r, p, effect);
		reason_set = true;
	}
	return SD_OK;
}
