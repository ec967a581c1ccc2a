/* report_federation_json.c — JSON "federation" (SPEC §5.2): r->federation as stored. */
#include "report_federation_json.h"

#include "federation.h"
#include "report_json_parts.h"

static json_t *text_or_null(const char *s)
{
	return s[0] ? report_json_string(s) : json_null();
}

static json_t *int_or_null(bool have, int n)
{
	return have ? json_integer(n) : json_null();
}

static json_t *addresses_json(const struct federation *f)
{
	json_t *a = json_array();
	bool ok = a != NULL;
	for (size_t i = 0; ok && i < f->n_addrs; i++)
		ok = report_json_append(a, json_string(f->addrs[i].text));
	if (!ok)
		json_decref(a);
	return ok ? a : NULL;
}

/* The Access Edge's TLS attempt (its certificate is "tls"), null when none was made. */
static json_t *attempt_json(const struct federation *f)
{
	const struct attempt *a = &f->attempt;
	if (!f->n_tried)
		return json_null();
	return json_pack("{s:s, s:i, s:s, s:i, s:i, s:i, s:o}", "address", a->address, "addresses_tried", (int)f->n_tried,
			 "outcome", attempt_outcome_name(a), "ms", (int)a->ms, "connect_ms", (int)a->ms_connect, "tls_ms",
			 (int)a->ms_tls, "detail", report_json_string(a->detail));
}

json_t *report_federation_json(const struct result *r)
{
	const struct federation *f = &r->federation;
	if (f->query < 0)
		return json_null();
	const struct query *q = &r->queries[f->query];
	bool rec = f->target[0] != '\0';
	json_t *o = json_pack("{s:s, s:s, s:s, s:b, s:b, s:i, s:o, s:o, s:o, s:o}", "name", q->name, "result",
			      dns_result_name(q->result), "state", fed_state_name(f->state), "enforced", f->enforced,
			      "sets_status", f->set_status, "records", (int)f->n_records, "target",
			      rec ? report_json_string(f->target) : json_null(), "port", int_or_null(rec, f->port),
			      "priority", int_or_null(rec, f->priority), "weight", int_or_null(rec, f->weight));
	o = report_json_set(o, "addresses", addresses_json(f));
	o = report_json_set(o, "attempt", attempt_json(f));
	o = report_json_set(o, "tls", f->n_tried && f->attempt.has_tls ? report_json_tls(&f->attempt.tls) : json_null());
	o = report_json_set(o, "cause", text_or_null(f->cause));
	return report_json_set(o, "hint", text_or_null(f->hint));
}
