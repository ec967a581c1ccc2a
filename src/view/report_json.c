/* report_json.c — the --json view (SPEC §7): one object per address, built with jansson
 * (each builder as report_json_parts.h says: a new value, or NULL when memory ran out). */
#include "report.h"
#include "report_autodiscover_json.h"
#include "report_federation_json.h"
#include "report_kerberos_json.h"
#include "report_json_parts.h"
#include "report_trust_json.h"
#include "prompt.h"
#include "report_json_views.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

static json_t *address_json(const struct address *a)
{
	return json_pack("{s:s, s:s, s:s}", "host", a->owner, "address", a->text, "source", addr_source_name(a->source));
}

/* The space-separated words of text as an array of strings (CNAME chains: names from the network). */
/* q's CNAME chain as an array of names. */
static json_t *cname_chain_json(const struct query *q)
{
	json_t *a = json_array();
	for (unsigned i = 0; a && i < q->n_cname; i++)
		if (!report_json_append(a, report_json_string(q->cname_chain[i]))) {
			json_decref(a);
			return NULL;
		}
	return a;
}

/* The servers q gave up on as [{"server": S, "what": what}, ...]. */
static json_t *servers_failed_json(const struct query *q)
{
	json_t *a = json_array();
	for (size_t i = 0; a && i < q->n_servers_failed; i++) {
		const struct server_failure *f = &q->servers_failed[i];
		if (!report_json_append(a, json_pack("{s:o, s:o}", "server", report_json_string(f->server), "what", report_json_string(f->what)))) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

static json_t *query_json(const struct query *q)
{
	json_t *records = json_array(), *additional = json_array();
	bool ok = records && additional;
	for (size_t i = 0; ok && i < q->n_srv; i++)
		ok = report_json_append(records, json_pack("{s:i, s:i, s:i, s:s}", "priority", q->srv[i].priority, "weight",
					       q->srv[i].weight, "port", q->srv[i].port, "target", q->srv[i].target));
	for (size_t i = 0; ok && i < q->n_addr; i++) {
		if (q->addr[i].source == ADDR_FROM_QUERY)
			ok = report_json_append(records, json_string(q->addr[i].text));
		else
			ok = report_json_append(additional, address_json(&q->addr[i]));
	}
	if (!report_json_keep_if(ok, records, additional))
		return NULL;
	static const char *const roles[] = { "srv", "address", "autodiscover", "diagnostic", "federation", "kerberos" };
	json_t *o = json_pack("{s:s, s:s, s:s, s:i, s:s, s:o, s:o, s:i, s:b}", "name", q->name, "type", query_type_name(q->type),
			      "role", roles[q->role], "stage", q->stage, "result", dns_result_name(q->result),
			      "records", records, "additional", additional, "ms", (int)q->ms, "tcp", q->via_tcp);
	o = report_json_set(o, "server", q->server[0] ? json_string(q->server) : json_null());
	o = report_json_set(o, "servers_failed", servers_failed_json(q));
	o = report_json_set(o, "authoritative", json_boolean(q->aa));
	o = report_json_set(o, "recursion_available", json_boolean(q->ra));
	o = report_json_set(o, "referral", json_boolean(q->referral));
	o = report_json_set(o, "cname_chain", cname_chain_json(q));
	/* SPEC §4.7: the autodiscover hop (an index into autodiscover) whose host this lookup is */
	o = report_json_set(o, "autodiscover_hop", q->ad_hop ? json_integer((json_int_t)q->ad_hop - 1) : json_null());
	o = report_json_set(o, "ede", q->has_ede ? json_pack("{s:i, s:o}", "code", q->ede_code, "text", report_json_string(q->ede_text))
				      : json_null());
	return o && q->detail[0] ? report_json_set(o, "detail", report_json_string(q->detail)) : o;
}

/* null when n < 0, else n. */
static json_t *optional_int(int n)
{
	return n >= 0 ? json_integer(n) : json_null();
}

static json_t *candidate_json(const struct result *r, const struct candidate *c)
{
	json_t *addrs = json_array();
	bool ok = addrs != NULL;
	for (size_t i = 0; ok && i < c->n_addr; i++)
		ok = report_json_append(addrs, address_json(&r->addrs[c->first_addr + i]));
	if (!report_json_keep_if(ok, addrs, NULL))
		return NULL;
	json_t *naming = json_pack("{s:b, s:s, s:b, s:s}", "allowed", c->naming.allowed, "rule", naming_rule_id(c->naming.rule),
				   "enforced", c->naming_enforced, "text", naming_rule_text(c->naming.rule));
	if (naming && c->naming.domain[0])
		naming = report_json_set(naming, "domain", json_string(c->naming.domain));
	json_t *o = json_pack("{s:s, s:i, s:s, s:s, s:o, s:s, s:o}", "host", c->host, "port", c->port, "transport",
			      sd_transport_name(c->transport), "origin", candidate_origin_name(c->origin), "naming", naming,
			      "state", candidate_state_name(c->state), "addresses", addrs);
	o = report_json_set(o, "srv_name", c->srv_query >= 0 ? json_string(r->queries[c->srv_query].name) : json_null());
	o = report_json_set(o, "priority", optional_int(c->priority));
	o = report_trust_if_rejected(o, c->if_rejected);
	return report_json_set(o, "weight", optional_int(c->weight));
}

static json_t *tls_json(const struct attempt *a)
{
	return a->has_tls ? report_json_tls(&a->tls) : json_null();
}

static json_t *sip_json(const struct sip_report *s)
{
	if (!s)
		return json_null();
	json_t *ch = json_array();
	bool ok = ch != NULL;
	for (size_t i = 0; ok && s->answered && i < s->response.n_challenges; i++) {
		const struct sip_challenge *c = &s->response.challenges[i];
		ok = report_json_append(ch, json_pack("{s:o, s:o, s:s, s:o, s:o, s:o}", "protocol",
					  report_json_string(sip_scheme_name(c->scheme)), "scheme", report_json_string(c->scheme), "header",
					  c->proxy ? "Proxy-Authenticate" : "WWW-Authenticate", "realm", report_json_string(c->realm),
					  "targetname", report_json_string(c->targetname), "params", report_json_string(c->params)));
	}
	if (!report_json_keep_if(ok, ch, NULL))
		return NULL;
	if (!s->answered)
		return json_pack("{s:b, s:n, s:o, s:i, s:o}", "sent", s->sent, "status_code", "error", report_json_string(s->error),
				 "ms", (int)s->ms, "challenges", ch);
	const struct sip_response *r = &s->response;
	return json_pack("{s:b, s:i, s:o, s:o, s:o, s:o, s:o, s:i, s:n}", "sent", s->sent, "status_code", r->code, "reason",
			 report_json_string(r->reason), "server", report_json_string(r->server), "contact", report_json_string(r->contact),
			 "ms_diagnostics", report_json_string(r->ms_diag), "challenges", ch, "ms", (int)s->ms, "error");
}

/* a, made to candidate c. */
static json_t *attempt_json(const struct candidate *c, const struct attempt *a)
{
	return report_trust_if_rejected(json_pack("{s:s, s:s?, s:i, s:s, s:s, s:i, s:i, s:i, s:o, s:o, s:o}", "host", c->host, "address",
			 a->address[0] ? a->address : NULL, "port", c->port, "transport", sd_transport_name(c->transport),
			 "outcome", attempt_outcome_name(a), "ms", (int)a->ms, "connect_ms", (int)a->ms_connect, "tls_ms",
			 (int)a->ms_tls, "detail", report_json_string(a->detail), "tls", tls_json(a), "sip", sip_json(a->sip)),
					 a->if_rejected);
}

/* SPEC §6: the redirects followed to a home pool, each an attempt with what led to it. */
static json_t *redirects_json(const struct result *r)
{
	json_t *hops = json_array();
	bool ok = hops != NULL;
	for (size_t i = 0; ok && i < r->n_redirects; i++) {
		const struct redirect_hop *h = &r->redirects[i];
		json_t *o = attempt_json(&h->target, &h->attempt);
		o = report_json_set(o, "code", json_integer(h->code));
		o = report_json_set(o, "contact", report_json_string(h->contact));
		o = report_json_set(o, "dns", h->dns[0] ? json_string(h->dns) : json_null());
		o = report_json_set(o, "dns_server", h->dns_server[0] ? json_string(h->dns_server) : json_null());
		if (h->outcome == HOP_BAD_CONTACT)
			o = report_json_set(o, "outcome", json_string(hop_outcome_name(h->outcome)));
		ok = report_json_append(hops, o);
	}
	return report_json_keep_if(ok, hops, NULL) ? hops : NULL;
}

static json_t *server_json(const struct result *r)
{
	if (r->server < 0)
		return json_null();
	const struct candidate *c = &r->candidates[r->server];
	int at = prompt_server_attempt(r); /* a prompt's server is the prompted one, not the one reached after it */
	const char *addr = at >= 0 ? r->attempts[at].address : c->n_addr ? r->addrs[c->first_addr].text : NULL;
	return json_pack("{s:s, s:i, s:s, s:s?, s:s}", "host", c->host, "port", c->port, "transport",
			 sd_transport_name(c->transport), "address", addr, "origin", candidate_origin_name(c->origin));
}

static json_t *policy_json(const struct result *r)
{
	const struct policy *p = r->policy;
	json_t *o = json_pack("{s:s, s:b, s:b, s:s?, s:s?, s:i, s:b}", "profile", r->profile->name, "tcp_allowed", !p->no_tcp,
			 "strict_naming", p->strict_naming, "internal_server", p->internal.host[0] ? p->internal.host : NULL,
			 "external_server", p->external.host[0] ? p->external.host : NULL, "timeout_ms", (int)p->timeout_ms,
			 "connect", p->connect);
	o = report_json_set(o, "tls_name", p->tls_name[0] ? json_string(p->tls_name) : json_null()); /* SPEC §3 */
	return report_trust_policy_json(o, r);
}

/* The object for an address that was not accepted: what it was, and why (SPEC §2). */
static json_t *input_error_json(const struct result *r)
{
	json_t *hints = json_array();
	if (!report_json_keep_if(report_json_append(hints, json_pack("{s:o}", "text", report_json_string(r->input_error))),
				 hints, NULL))
		return NULL;
	return json_pack("{s:o, s:n, s:s, s:n, s:o, s:[], s:[], s:[], s:o}", "uri", report_json_string(r->input),
			 "domain", "status", "unknown", "server", "reason", report_json_string(r->input_error), "queries",
			 "candidates", "attempts", "hints", hints);
}

/* SPEC §4.6: what each DNS server did in the first stage (liveness included). */
static json_t *dns_servers_json(const struct result *r)
{
	json_t *a = json_array();
	for (size_t i = 0; a && i < r->n_dns_servers; i++) {
		const struct dns_server_report *d = &r->dns_servers[i];
		if (!report_json_append(a, json_pack("{s:s, s:b, s:s}", "server", d->server, "alive", d->alive, "what", d->what))) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

/*
 * SPEC §4.4: the default profile's own attempts made for the comparison (sipe),
 * shaped as "attempts", their candidates from the default profile's list.
 */
static json_t *comparison_attempts_json(const struct result *r)
{
	json_t *a = json_array();
	bool ok = a != NULL;
	for (size_t i = 0; ok && i < r->n_alt_attempts; i++)
		ok = report_json_append(a, attempt_json(&r->alt.candidates[r->alt_attempts[i].candidate], &r->alt_attempts[i]));
	if (!ok)
		json_decref(a);
	return ok ? a : NULL;
}

static json_t *result_json(const struct result *r)
{
	if (r->input_error[0])
		return report_json_set(input_error_json(r), "autodiscover", json_array());
	json_t *queries = json_array(), *candidates = json_array(), *attempts = json_array();
	bool ok = queries && candidates && attempts;
	for (size_t i = 0; ok && i < r->n_attempts; i++)
		ok = report_json_append(attempts, attempt_json(&r->candidates[r->attempts[i].candidate], &r->attempts[i]));
	for (size_t i = 0; ok && i < r->n_queries; i++)
		ok = report_json_append(queries, query_json(&r->queries[i]));
	for (size_t i = 0; ok && i < r->n_candidates; i++)
		ok = report_json_append(candidates, candidate_json(r, &r->candidates[i]));
	json_t *hints = json_array();
	for (size_t i = 0; ok && i < r->n_hints; i++)
		ok = report_json_append(hints, report_json_hint(&r->hints[i])); /* SPEC §7.1: objects */
	ok = report_json_keep_if(ok && hints, queries, candidates);
	if (!report_json_keep_if(ok, attempts, hints))
		return NULL;
	/* The reason, hints and the user part may carry bytes from the network or the command line. */
	json_t *o = json_pack("{s:o, s:s, s:s, s:o, s:o, s:o, s:s, s:b, s:o, s:o, s:o, s:o, s:o, s:i, s:i, s:i}", "uri",
			 report_json_string(r->uri.text), "domain", r->uri.domain, "status", sd_verdict_name(r->status), "server",
			 server_json(r), "reason", report_json_string(r->reason), "policy", policy_json(r), "fallback",
			 fallback_state_name(r->fallback), "dns_errors_as_missing", r->dns_errors, "queries", queries,
			 "candidates", candidates, "attempts", attempts, "hints", hints, "profile_comparison",
			 r->compare[0] ? report_json_string(r->compare) : json_null(), "dns_ms", (int)r->ms_dns, "total_ms",
			 (int)r->ms_total, "client_estimate_ms", (int)r->client_estimate_ms);
	o = report_json_set(o, "autodiscover_ms", json_integer(r->ms_autodiscover)); /* stage 0 alone, 0 when it did not run */
	o = report_json_set(o, "dns_servers", dns_servers_json(r));
	o = report_json_set(o, "comparison_attempts", comparison_attempts_json(r));
	o = report_json_set(o, "kerberos", report_kerberos_json(r)); /* SPEC §9: null without --kerberos */
	o = report_json_set(o, "federation", report_federation_json(r)); /* SPEC §5.2 */
	o = report_json_set(o, "redirects", redirects_json(r)); /* SPEC §6: [] when no REGISTER was redirected */
	o = report_trust_result_json(o, r);
	static const struct report_json_builders views = { query_json, candidate_json, server_json };
	o = report_json_views(o, r, &views); /* SPEC §7.2: with --compare-dns */
	return report_json_set(o, "autodiscover", report_autodiscover_json(r)); /* SPEC §4.7: on every object */
}

/* j with the keys every object carries (SPEC §7): the tool's version and the check's start. */
static json_t *stamped(json_t *j, const struct result *r)
{
	char when[STR_TIME_SIZE];
	if (!j || !str_time_utc(when, sizeof when, r->started, STR_TIME_ISO8601)) {
		json_decref(j);
		return NULL;
	}
	j = report_json_set(j, "version", json_string(SD_VERSION));
	return j ? report_json_set(j, "time", json_string(when)) : NULL;
}

enum sd_status report_json(FILE *out, const struct result *r, const struct report_opts *o)
{
	(void)o;
	json_t *j = stamped(result_json(r), r);
	if (!j)
		return SD_ERR_NOMEM;
	/* A failed write leaves the stream's error indicator set: main reports it once, at exit. */
	int rc = json_dumpf(j, out, JSON_COMPACT | JSON_ENSURE_ASCII);
	json_decref(j);
	if (rc != 0 && !ferror(out))
		return SD_ERR_NOMEM;
	fputc('\n', out);
	return SD_OK;
}
