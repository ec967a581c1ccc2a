/* report_kerberos_text.c — the Kerberos section of the trace (SPEC §9). */
#include "report_kerberos_text.h"

#include "report_text_parts.h"

#include <stdlib.h>
#include <string.h>

static void kdc_lines(FILE *out, const struct krb_report *k)
{
	if (k->n_kdcs == 0) {
		fprintf(out, "  KDCs: none found (_kerberos._tcp.%s and _kerberos._udp.%s have no usable record)\n", k->realm,
			k->realm);
		return;
	}
	fprintf(out, "  KDCs, %s:\n", k->kdcs_configured ? "from the local krb5 configuration (no _kerberos query made)"
						     : "from the _kerberos SRV records, in the order asked");
	for (size_t i = 0; i < k->n_kdcs; i++)
		fprintf(out, "    %s:%u/%s %s\n", k->kdcs[i].host, k->kdcs[i].port, k->kdcs[i].tcp ? "tcp" : "udp",
			k->kdcs[i].address[0] ? k->kdcs[i].address : "(does not resolve)");
}

/* The principal's name and where it came from. */
static void principal_name(FILE *out, const struct krb_principal *p)
{
	fprintf(out, "  ");
	str_escape(out, p->name, STR_ESCAPE_HEX);
	if (p->source == KRB_SRC_SIPE)
		fprintf(out, "  (sipe: sip@%s canonicalised through its CNAME)\n", p->canonical_from);
	else if (p->source == KRB_SRC_AUTODISCOVER)
		fprintf(out, "  (autodiscover %s answered 401 Negotiate)\n", p->asked_by);
	else
		fprintf(out, "  (targetname of %s; the 401 %s)\n", p->asked_by,
			p->offers_fallback ? "also offers NTLM or TLS-DSK" : "offers nothing else");
}

static void principal_lines(FILE *out, const struct report_opts *o, const struct krb_principal *p)
{
	const char *outcome = krb_outcome_name(p->outcome);
	bool good = p->outcome == KRB_EXISTS;
	bool bad = p->outcome != KRB_NOT_PROVEN && p->outcome != KRB_USER_UNKNOWN && p->outcome != KRB_USER_DISABLED && !good;
	principal_name(out, p);
	fprintf(out, "    %s%s%s", report_color(o, good ? C_GREEN : bad ? C_RED : C_YELLOW), outcome ? outcome : "not checked",
		report_color(o, C_OFF));
	if (p->proof != KRB_PROOF_NONE)
		fprintf(out, " (%s)", p->proof == KRB_PROOF_TGS ? "service ticket" : "AS exchange, no pre-authentication");
	if (p->kdc[0])
		fprintf(out, ", KDC %s", p->kdc);
	if (p->kdc_error >= 0)
		fprintf(out, ", KDC error %ld", p->kdc_error);
	if (p->has_offset)
		fprintf(out, ", clock offset %+lld s", p->clock_offset_s);
	if (p->enctype)
		fprintf(out, ", %s kvno %d", p->enctype_name, p->kvno);
	fprintf(out, ", %u ms\n", p->ms);
	if (p->detail[0]) {
		fputs("    ", out);
		str_escape(out, p->detail, STR_ESCAPE_HEX);
		fputc('\n', out);
	}
}

void report_kerberos_text(FILE *out, const struct result *r, const struct report_opts *o, const char *title)
{
	const struct krb_report *k = &r->krb;
	if (!k->requested)
		return;
	fprintf(out, "\n%s%s%s\n", report_color(o, C_BOLD), title, report_color(o, C_OFF));
	fprintf(out, "  realm %s (%s), user %s@%s\n", k->realm, k->realm_from_option ? "--krb-realm" : "the domain in upper case",
		k->user, k->realm);
	kdc_lines(out, k);
	if (k->n_principals == 0) {
		fprintf(out, "  nothing to check: %s\n",
			!r->policy->connect || !r->policy->sip_register ? "no REGISTER was sent (--no-connect, --no-register)"
									 : "no 401 offered Kerberos or Negotiate");
		return;
	}
	fprintf(out, "  credential cache: %s\n", k->have_tgt ? "a TGT for the realm: each principal also gets a ticket "
								"request (not stored)"
							      : "no TGT for the realm: the AS check only");
	for (size_t i = 0; i < k->n_principals; i++)
		principal_lines(out, o, &k->principals[i]);
}
