/* report_json.c — the --json view (SPEC §7): one object per address, built with jansson. */
#include "report.h"
#include "report_autodiscover.h"

#include <jansson.h>
#include <ldns/ldns.h>
#include <stdio.h>
#include <time.h>

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
	static const char *const roles[] = { "srv", "address", "autodiscover", "diagnostic" };
	json_t *o = json_pack("{s:s, s:s, s:s, s:i, s:s, s:o, s:o, s:i, s:b}", "name", q->name, "type", query_type_name(q->type),
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

static json_t *iso_time(long long t)
{
	char buf[32];
	time_t tt = (time_t)t;
	struct tm tm;
	if (!gmtime_r(&tt, &tm))
		return json_null();
	strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return json_string(buf);
}

/* A string from the network: jansson wants UTF-8, so anything else is escaped first. */
static json_t *net_string(const char *s)
{
	json_t *j = json_string(s);
	if (j)
		return j;
	char buf[1024];
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p && n + 5 < sizeof buf; p++)
		n += (size_t)snprintf(buf + n, sizeof buf - n, *p < 0x80 ? "%c" : "\\x%02x", *p);
	return json_string(buf);
}

static json_t *tls_json(const struct attempt *a)
{
	const struct tls_report *t = &a->tls;
	if (!a->has_tls)
		return json_null();
	json_t *sans = json_array();
	for (size_t i = 0; i < t->n_sans; i++)
		json_array_append_new(sans, net_string(t->sans[i]));
	json_t *o = json_pack("{s:s, s:s, s:o, s:o, s:o, s:b, s:b, s:b, s:s, s:i}", "version", t->version, "cipher", t->cipher,
			      "subject", net_string(t->subject), "issuer", net_string(t->issuer), "sans", sans, "chain_ok",
			      t->chain_ok, "name_ok", t->name_ok, "dates_ok", t->dates_ok, "failure", t->failure,
			      "handshake_ms", (int)t->ms_handshake);
	if (t->have_cert) {
		json_object_set_new(o, "not_before", iso_time(t->not_before));
		json_object_set_new(o, "not_after", iso_time(t->not_after));
		json_object_set_new(o, "days_to_expiry", json_integer(t->days_to_expiry));
	}
	return o;
}

static json_t *sip_json(const struct sip_report *s)
{
	if (!s)
		return json_null();
	json_t *ch = json_array();
	for (size_t i = 0; s->answered && i < s->response.n_challenges; i++) {
		const struct sip_challenge *c = &s->response.challenges[i];
		json_array_append_new(ch, json_pack("{s:o, s:o, s:s, s:o, s:o, s:o}", "protocol", net_string(sip_scheme_name(c->scheme)),
						    "scheme", net_string(c->scheme), "header",
						    c->proxy ? "Proxy-Authenticate" : "WWW-Authenticate", "realm",
						    net_string(c->realm), "targetname", net_string(c->targetname), "params",
						    net_string(c->params)));
	}
	if (!s->answered)
		return json_pack("{s:b, s:n, s:o, s:i, s:o}", "sent", s->sent, "status_code", "error", net_string(s->error),
				 "ms", (int)s->ms, "challenges", ch);
	const struct sip_response *r = &s->response;
	return json_pack("{s:b, s:i, s:o, s:o, s:o, s:o, s:o, s:i, s:n}", "sent", s->sent, "status_code", r->code, "reason",
			 net_string(r->reason), "server", net_string(r->server), "contact", net_string(r->contact),
			 "ms_diagnostics", net_string(r->ms_diag), "challenges", ch, "ms", (int)s->ms, "error");
}

static json_t *attempt_json(const struct result *r, const struct attempt *a)
{
	const struct candidate *c = &r->candidates[a->candidate];
	return json_pack("{s:s, s:s?, s:i, s:s, s:s, s:i, s:i, s:i, s:o, s:o, s:o}", "host", c->host, "address",
			 a->address[0] ? a->address : NULL, "port", c->port, "transport", sd_transport_name(c->transport),
			 "outcome", attempt_outcome_name(a), "ms", (int)a->ms, "connect_ms", (int)a->ms_connect, "tls_ms",
			 (int)a->ms_tls, "detail", net_string(a->detail), "tls", tls_json(a), "sip", sip_json(a->sip));
}

static json_t *server_json(const struct result *r)
{
	if (r->server < 0)
		return json_null();
	const struct candidate *c = &r->candidates[r->server];
	const char *addr = r->chosen >= 0 ? r->attempts[r->chosen].address : c->n_addr ? r->addrs[c->first_addr].text : NULL;
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
		return json_pack("{s:o, s:n, s:s, s:n, s:s, s:[], s:[], s:[], s:[s]}", "uri", net_string(r->input), "domain", "status",
				 "unknown", "server", "reason", r->input_error, "queries", "candidates", "attempts", "hints",
				 r->input_error);
	json_t *ad = report_autodiscover_json(r);
	json_t *queries = json_array(), *candidates = json_array(), *hints = json_array(), *attempts = json_array();
	for (size_t i = 0; i < r->n_attempts; i++)
		json_array_append_new(attempts, attempt_json(r, &r->attempts[i]));
	for (size_t i = 0; i < r->n_queries; i++)
		json_array_append_new(queries, query_json(&r->queries[i]));
	for (size_t i = 0; i < r->n_candidates; i++)
		json_array_append_new(candidates, candidate_json(r, &r->candidates[i]));
	for (size_t i = 0; i < r->n_hints; i++)
		json_array_append_new(hints, net_string(r->hints[i].text));
	/* The reason, hints and the user part may carry bytes from the network or the command line. */
	json_t *o = json_pack("{s:o, s:s, s:s, s:o, s:o, s:o, s:s, s:b, s:o, s:o, s:o, s:o, s:o, s:i, s:i, s:i}", "uri",
			      net_string(r->uri.text), "domain", r->uri.domain, "status", sd_verdict_name(r->status), "server",
			      server_json(r), "reason", net_string(r->reason), "policy", policy_json(r), "fallback",
			      fallback_name(r->fallback), "dns_errors_as_missing", r->dns_errors, "queries", queries,
			      "candidates", candidates, "attempts", attempts, "hints", hints, "profile_comparison",
			      r->compare[0] ? net_string(r->compare) : json_null(), "dns_ms", (int)r->ms_dns, "total_ms",
			      (int)r->ms_total, "client_estimate_ms", (int)r->client_estimate_ms);
	if (o && (!ad || json_object_set_new(o, "autodiscover", ad) != 0)) { /* SPEC §4.7: on every object */
		json_decref(o);
		return NULL;
	}
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
