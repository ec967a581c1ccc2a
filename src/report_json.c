/* report_json.c — the --json view (SPEC §7): one object per address, built with jansson. */
#include "report.h"

#include <jansson.h>
#include <ldns/ldns.h>

static const char *type_name(uint16_t t)
{
	return t == LDNS_RR_TYPE_SRV ? "SRV" : t == LDNS_RR_TYPE_A ? "A" : t == LDNS_RR_TYPE_AAAA ? "AAAA" : "?";
}

static json_t *address_json(const struct address *a)
{
	return json_pack("{s:s, s:s, s:s}", "host", a->owner, "address", a->text, "source", addr_source_name(a->source));
}

static json_t *query_json(const struct query *q)
{
	json_t *records = json_array();
	for (size_t i = 0; i < q->n_srv; i++)
		json_array_append_new(records, json_pack("{s:i, s:i, s:i, s:s}", "priority", q->srv[i].priority,
							 "weight", q->srv[i].weight, "port", q->srv[i].port,
							 "target", q->srv[i].target));
	json_t *additional = json_array();
	for (size_t i = 0; i < q->n_addr; i++) {
		if (q->addr[i].source == ADDR_FROM_QUERY)
			json_array_append_new(records, json_string(q->addr[i].text));
		else
			json_array_append_new(additional, address_json(&q->addr[i]));
	}
	static const char *const roles[] = { "srv", "address", "autodiscover" };
	json_t *o = json_pack("{s:s, s:s, s:s, s:i, s:s, s:o, s:o, s:i, s:b}", "name", q->name, "type", type_name(q->type),
			      "role", roles[q->role], "stage", q->stage, "result", dns_result_name(q->result),
			      "records", records, "additional", additional, "ms", (int)q->ms, "tcp", q->via_tcp);
	if (q->detail[0])
		json_object_set_new(o, "detail", json_string(q->detail));
	return o;
}

static json_t *candidate_json(const struct result *r, const struct candidate *c)
{
	json_t *addrs = json_array();
	for (size_t i = 0; i < c->n_addr; i++)
		json_array_append_new(addrs, address_json(&r->addrs[c->first_addr + i]));
	json_t *naming = json_pack("{s:b, s:s, s:b, s:s}", "allowed", c->naming.allowed, "rule", naming_rule_id(c->naming.rule),
				   "enforced", c->naming_enforced, "text", naming_rule_text(c->naming.rule));
	json_t *o = json_pack("{s:s, s:i, s:s, s:s, s:o, s:s, s:o}", "host", c->host, "port", c->port, "transport",
			      sd_transport_name(c->transport), "origin", candidate_origin_name(c->origin), "naming", naming,
			      "state", candidate_state_name(c->state), "addresses", addrs);
	json_object_set_new(o, "srv_name", c->srv_query >= 0 ? json_string(r->queries[c->srv_query].name) : json_null());
	json_object_set_new(o, "priority", c->priority >= 0 ? json_integer(c->priority) : json_null());
	json_object_set_new(o, "weight", c->weight >= 0 ? json_integer(c->weight) : json_null());
	return o;
}

static json_t *server_json(const struct result *r)
{
	if (r->server < 0)
		return json_null();
	const struct candidate *c = &r->candidates[r->server];
	const char *addr = c->n_addr ? r->addrs[c->first_addr].text : NULL;
	return json_pack("{s:s, s:i, s:s, s:s?, s:s}", "host", c->host, "port", c->port, "transport",
			 sd_transport_name(c->transport), "address", addr, "origin", candidate_origin_name(c->origin));
}

static json_t *policy_json(const struct result *r)
{
	const struct policy *p = r->policy;
	return json_pack("{s:s, s:b, s:b, s:s?, s:s?, s:i, s:b}", "profile", r->profile->name, "tcp_allowed", !p->no_tcp,
			 "strict_naming", p->strict_naming, "internal_server", p->internal.host[0] ? p->internal.host : NULL,
			 "external_server", p->external.host[0] ? p->external.host : NULL, "timeout_ms", (int)p->timeout_ms,
			 "connect", p->connect);
}

static const char *fallback_name(enum fallback_state f)
{
	static const char *const names[] = {
		[FALLBACK_NOT_APPLICABLE] = "not-applicable", [FALLBACK_NOT_RUN] = "not-run-srv-records-exist",
		[FALLBACK_RAN] = "ran-no-srv-records", [FALLBACK_RAN_ALWAYS] = "ran-profile-always",
	};
	return names[f];
}

static json_t *result_json(const struct result *r)
{
	if (r->input_error[0])
		return json_pack("{s:s, s:n, s:s, s:n, s:s, s:[], s:[], s:[], s:[s]}", "uri", r->input, "domain", "status",
				 "unknown", "server", "reason", r->input_error, "queries", "candidates", "attempts", "hints",
				 r->input_error);
	json_t *queries = json_array(), *candidates = json_array(), *hints = json_array();
	for (size_t i = 0; i < r->n_queries; i++)
		json_array_append_new(queries, query_json(&r->queries[i]));
	for (size_t i = 0; i < r->n_candidates; i++)
		json_array_append_new(candidates, candidate_json(r, &r->candidates[i]));
	for (size_t i = 0; i < r->n_hints; i++)
		json_array_append_new(hints, json_string(r->hints[i].text));
	json_t *o = json_pack("{s:s, s:s, s:s, s:o, s:s, s:o, s:s, s:b, s:o, s:o, s:[], s:o, s:o, s:i, s:i}", "uri",
			      r->uri.text, "domain", r->uri.domain, "status", sd_verdict_name(r->status), "server",
			      server_json(r), "reason", r->reason, "policy", policy_json(r), "fallback",
			      fallback_name(r->fallback), "dns_errors_as_missing", r->dns_errors, "queries", queries,
			      "candidates", candidates, "attempts", "hints", hints, "profile_comparison",
			      r->compare[0] ? json_string(r->compare) : json_null(), "dns_ms", (int)r->ms_dns, "total_ms",
			      (int)r->ms_total);
	return o;
}

int report_json(FILE *out, const struct result *r, const struct report_opts *o)
{
	(void)o;
	json_t *j = result_json(r);
	if (!j)
		return -1;
	int rc = json_dumpf(j, out, JSON_COMPACT | JSON_ENSURE_ASCII);
	fputc('\n', out);
	json_decref(j);
	return rc;
}
