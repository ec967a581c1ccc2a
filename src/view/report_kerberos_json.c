/* report_kerberos_json.c — the "kerberos" object: every principal carries all seven keys of SPEC §9. */
#include "report_kerberos_json.h"

#include "report_json_parts.h"

static json_t *nullable_string(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *principal_json(const struct krb_principal *p)
{
	json_t *o = json_object();
	o = report_json_set(o, "name", report_json_string(p->name));
	o = report_json_set(o, "source", json_string(krb_source_name(p->source)));
	o = report_json_set(o, "outcome", nullable_string(krb_outcome_name(p->outcome)));
	o = report_json_set(o, "proof", nullable_string(krb_proof_name(p->proof)));
	o = report_json_set(o, "enctype", p->enctype ? json_string(p->enctype_name) : json_null());
	o = report_json_set(o, "kvno", p->kvno >= 0 && p->enctype ? json_integer(p->kvno) : json_null());
	o = report_json_set(o, "clock_offset_s", p->has_offset ? json_integer(p->clock_offset_s) : json_null());
	o = report_json_set(o, "asked_by", report_json_string(p->asked_by));
	o = report_json_set(o, "canonical_from", p->canonical_from[0] ? json_string(p->canonical_from) : json_null());
	o = report_json_set(o, "kdc", p->kdc[0] ? json_string(p->kdc) : json_null());
	o = report_json_set(o, "kdc_error", p->kdc_error >= 0 ? json_integer(p->kdc_error) : json_null());
	o = report_json_set(o, "detail", p->detail[0] ? report_json_string(p->detail) : json_null());
	return report_json_set(o, "ms", json_integer(p->ms));
}

static json_t *kdc_json(const struct krb_kdc *d)
{
	return json_pack("{s:s, s:i, s:s, s:o}", "host", d->host, "port", (int)d->port, "transport", d->tcp ? "tcp" : "udp",
			 "address", d->address[0] ? json_string(d->address) : json_null());
}

json_t *report_kerberos_json(const struct result *r)
{
	const struct krb_report *k = &r->krb;
	if (!k->requested)
		return json_null();
	json_t *kdcs = json_array(), *principals = json_array();
	bool ok = kdcs && principals;
	for (size_t i = 0; ok && i < k->n_kdcs; i++)
		ok = report_json_append(kdcs, kdc_json(&k->kdcs[i]));
	for (size_t i = 0; ok && i < k->n_principals; i++)
		ok = report_json_append(principals, principal_json(&k->principals[i]));
	if (!report_json_keep_if(ok, kdcs, principals))
		return NULL;
	json_t *o = json_pack("{s:s, s:s, s:b, s:o, s:b, s:o, s:i}", "realm", k->realm, "user", k->user, "kdcs_configured",
			      k->kdcs_configured, "kdcs", kdcs, "tgt", k->have_tgt, "principals", principals, "ms", (int)k->ms);
	return o;
}
