/* report_json.c — the --json view (SPEC §7): one object per address, built with jansson. */
#include "report.h"
#include "report_autodiscover.h"
#include "decide.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

/*
 * Every builder below returns a new object, or NULL when one of its parts could
 * not be built (memory ran out); jansson's *_new calls and "o" release their
 * value even when they fail, so a NULL part leaks nothing.
 */

/* Appends v to a; false when a or v is NULL or memory ran out (v is released either way). */
static bool append(json_t *a, json_t *v)
{
	return json_array_append_new(a, v) == 0;
}

/* o with o[key] = v, or NULL (o and v released) when it cannot be set. */
static json_t *with(json_t *o, const char *key, json_t *v)
{
	if (json_object_set_new(o, key, v) == 0)
		return o;
	json_decref(o);
	return NULL;
}

/* Releases a and b when ok is false; ok. */
static bool keep_if(bool ok, json_t *a, json_t *b)
{
	if (!ok) {
		json_decref(a);
		json_decref(b);
	}
	return ok;
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
		if (!append(a, net_string(q->cname_chain[i]))) {
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
		if (!append(a, json_pack("{s:o, s:o}", "server", net_string(f->server), "what", net_string(f->what)))) {
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
		ok = append(records, json_pack("{s:i, s:i, s:i, s:s}", "priority", q->srv[i].priority, "weight",
					       q->srv[i].weight, "port", q->srv[i].port, "target", q->srv[i].target));
	for (size_t i = 0; ok && i < q->n_addr; i++) {
		if (q->addr[i].source == ADDR_FROM_QUERY)
			ok = append(records, json_string(q->addr[i].text));
		else
			ok = append(additional, address_json(&q->addr[i]));
	}
	if (!keep_if(ok, records, additional))
		return NULL;
	static const char *const roles[] = { "srv", "address", "autodiscover", "diagnostic" };
	json_t *o = json_pack("{s:s, s:s, s:s, s:i, s:s, s:o, s:o, s:i, s:b}", "name", q->name, "type", query_type_name(q->type),
			      "role", roles[q->role], "stage", q->stage, "result", dns_result_name(q->result),
			      "records", records, "additional", additional, "ms", (int)q->ms, "tcp", q->via_tcp);
	o = with(o, "server", q->server[0] ? json_string(q->server) : json_null());
	o = with(o, "servers_failed", servers_failed_json(q));
	o = with(o, "authoritative", json_boolean(q->aa));
	o = with(o, "recursion_available", json_boolean(q->ra));
	o = with(o, "referral", json_boolean(q->referral));
	o = with(o, "cname_chain", cname_chain_json(q));
	o = with(o, "ede", q->has_ede ? json_pack("{s:i, s:o}", "code", q->ede_code, "text", net_string(q->ede_text))
				      : json_null());
	return o && q->detail[0] ? with(o, "detail", net_string(q->detail)) : o;
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
		ok = append(addrs, address_json(&r->addrs[c->first_addr + i]));
	if (!keep_if(ok, addrs, NULL))
		return NULL;
	json_t *naming = json_pack("{s:b, s:s, s:b, s:s}", "allowed", c->naming.allowed, "rule", naming_rule_id(c->naming.rule),
				   "enforced", c->naming_enforced, "text", naming_rule_text(c->naming.rule));
	json_t *o = json_pack("{s:s, s:i, s:s, s:s, s:o, s:s, s:o}", "host", c->host, "port", c->port, "transport",
			      sd_transport_name(c->transport), "origin", candidate_origin_name(c->origin), "naming", naming,
			      "state", candidate_state_name(c->state), "addresses", addrs);
	o = with(o, "srv_name", c->srv_query >= 0 ? json_string(r->queries[c->srv_query].name) : json_null());
	o = with(o, "priority", optional_int(c->priority));
	return with(o, "weight", optional_int(c->weight));
}

static json_t *iso_time(long long t)
{
	char buf[32];
	return str_time_utc(buf, sizeof buf, t, STR_TIME_ISO8601) ? json_string(buf) : json_null();
}

/* The certificate's subject alternative names, or NULL. */
static json_t *sans_json(const struct tls_report *t)
{
	json_t *a = json_array();
	bool ok = a != NULL;
	for (size_t i = 0; ok && i < t->n_sans; i++)
		ok = append(a, net_string(t->sans[i]));
	return keep_if(ok, a, NULL) ? a : NULL;
}

/* The certificates as the server sent them (SPEC §6), or NULL. */
static json_t *chain_json(const struct tls_report *t)
{
	json_t *chain = json_array();
	bool ok = chain != NULL;
	for (size_t i = 0; ok && i < t->n_chain; i++)
		ok = append(chain, json_pack("{s:o, s:o, s:o, s:o}", "subject", net_string(t->chain[i].subject),
					     "issuer", net_string(t->chain[i].issuer), "not_before",
					     iso_time(t->chain[i].not_before), "not_after", iso_time(t->chain[i].not_after)));
	return keep_if(ok, chain, NULL) ? chain : NULL;
}

/* An array of names, or NULL. */
static json_t *classes_json(const struct tls_report *t)
{
	json_t *a = json_array();
	bool ok = a != NULL;
	for (unsigned bit = 0; ok && bit < CERT_FAILURE_BITS; bit++)
		if (t->failures & (1u << bit))
			ok = append(a, json_string(cert_failure_name(bit)));
	return keep_if(ok, a, NULL) ? a : NULL;
}

/* o with serial, key, signature algorithm, fingerprint, pin, chain, failure classes and
 * warnings added, or NULL (o released) when one of them cannot be built. */
static json_t *cert_detail_json(json_t *o, const struct tls_report *t)
{
	json_t *warnings = json_array();
	if (warnings && t->sha1_signature && !append(warnings, json_string("sha1-signature")))
		warnings = NULL;
	o = with(o, "failure_classes", classes_json(t));
	o = with(o, "warnings", warnings);
	if (!o || !t->have_cert)
		return o;
	o = with(o, "serial", json_string(t->serial));
	o = with(o, "key", json_pack("{s:s, s:i, s:s?}", "type", t->key_type, "bits", (int)t->key_bits, "curve",
				     t->key_curve[0] ? t->key_curve : NULL));
	o = with(o, "signature_algorithm", json_string(t->signature));
	o = with(o, "sha256_fingerprint", json_string(t->sha256));
	o = with(o, "spki_pin", json_string(t->pin));
	o = with(o, "chain_sent", json_integer((json_int_t)t->chain_sent));
	o = with(o, "chain_truncated", json_boolean(t->chain_sent > t->n_chain));
	o = with(o, "chain", chain_json(t));
	return with(o, "ca_issuers", t->ca_issuers[0] ? net_string(t->ca_issuers) : json_null());
}

json_t *report_tls_json(const struct tls_report *t)
{
	json_t *o = json_pack("{s:s, s:s, s:o, s:o, s:o, s:b, s:b, s:b, s:s, s:i}", "version", t->version, "cipher", t->cipher,
			      "subject", net_string(t->subject), "issuer", net_string(t->issuer), "sans",
			      sans_json(t), "chain_ok", t->chain_ok, "name_ok", t->name_ok, "dates_ok",
			      t->dates_ok, "failure", t->failure, "handshake_ms", (int)t->ms_handshake);
	if (t->have_cert) {
		o = with(o, "not_before", iso_time(t->not_before));
		o = with(o, "not_after", iso_time(t->not_after));
		o = with(o, "days_to_expiry", json_integer(t->days_to_expiry));
	}
	return o ? cert_detail_json(o, t) : NULL;
}

static json_t *tls_json(const struct attempt *a)
{
	return a->has_tls ? report_tls_json(&a->tls) : json_null();
}

static json_t *sip_json(const struct sip_report *s)
{
	if (!s)
		return json_null();
	json_t *ch = json_array();
	bool ok = ch != NULL;
	for (size_t i = 0; ok && s->answered && i < s->response.n_challenges; i++) {
		const struct sip_challenge *c = &s->response.challenges[i];
		ok = append(ch, json_pack("{s:o, s:o, s:s, s:o, s:o, s:o}", "protocol",
					  net_string(sip_scheme_name(c->scheme)), "scheme", net_string(c->scheme), "header",
					  c->proxy ? "Proxy-Authenticate" : "WWW-Authenticate", "realm", net_string(c->realm),
					  "targetname", net_string(c->targetname), "params", net_string(c->params)));
	}
	if (!keep_if(ok, ch, NULL))
		return NULL;
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

/* The object for an address that was not accepted: what it was, and why (SPEC §2). */
static json_t *input_error_json(const struct result *r)
{
	json_t *hints = json_array();
	if (!append(hints, net_string(r->input_error)))
		return NULL;
	return json_pack("{s:o, s:n, s:s, s:n, s:o, s:[], s:[], s:[], s:o}", "uri", net_string(r->input), "domain", "status",
			 "unknown", "server", "reason", net_string(r->input_error), "queries", "candidates", "attempts",
			 "hints", hints);
}

/* SPEC §4.6: what each DNS server did in the first stage (liveness included). */
static json_t *dns_servers_json(const struct result *r)
{
	json_t *a = json_array();
	for (size_t i = 0; a && i < r->n_dns_servers; i++) {
		const struct dns_server_report *d = &r->dns_servers[i];
		if (!append(a, json_pack("{s:s, s:b, s:s}", "server", d->server, "alive", d->alive, "what", d->what))) {
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
	struct result alt;
	if (!a || r->n_alt_attempts == 0)
		return a;
	if (decide_default(r, &alt) != SD_OK) {
		json_decref(a);
		return NULL;
	}
	bool ok = true;
	for (size_t i = 0; ok && i < r->n_alt_attempts; i++)
		if ((size_t)r->alt_attempts[i].candidate < alt.n_candidates)
			ok = append(a, attempt_json(&alt, &r->alt_attempts[i]));
	decide_default_free(&alt);
	if (!ok)
		json_decref(a);
	return ok ? a : NULL;
}

static json_t *result_json(const struct result *r)
{
	if (r->input_error[0])
		return with(input_error_json(r), "autodiscover", json_array());
	json_t *queries = json_array(), *candidates = json_array(), *attempts = json_array();
	bool ok = queries && candidates && attempts;
	for (size_t i = 0; ok && i < r->n_attempts; i++)
		ok = append(attempts, attempt_json(r, &r->attempts[i]));
	for (size_t i = 0; ok && i < r->n_queries; i++)
		ok = append(queries, query_json(&r->queries[i]));
	for (size_t i = 0; ok && i < r->n_candidates; i++)
		ok = append(candidates, candidate_json(r, &r->candidates[i]));
	json_t *hints = json_array();
	for (size_t i = 0; ok && i < r->n_hints; i++)
		ok = append(hints, net_string(r->hints[i].text));
	ok = keep_if(ok && hints, queries, candidates);
	if (!keep_if(ok, attempts, hints))
		return NULL;
	/* The reason, hints and the user part may carry bytes from the network or the command line. */
	json_t *o = json_pack("{s:o, s:s, s:s, s:o, s:o, s:o, s:s, s:b, s:o, s:o, s:o, s:o, s:o, s:i, s:i, s:i}", "uri",
			 net_string(r->uri.text), "domain", r->uri.domain, "status", sd_verdict_name(r->status), "server",
			 server_json(r), "reason", net_string(r->reason), "policy", policy_json(r), "fallback",
			 fallback_state_name(r->fallback), "dns_errors_as_missing", r->dns_errors, "queries", queries,
			 "candidates", candidates, "attempts", attempts, "hints", hints, "profile_comparison",
			 r->compare[0] ? net_string(r->compare) : json_null(), "dns_ms", (int)r->ms_dns, "total_ms",
			 (int)r->ms_total, "client_estimate_ms", (int)r->client_estimate_ms);
	o = with(o, "autodiscover_ms", json_integer(r->ms_autodiscover)); /* stage 0 alone, 0 when it did not run */
	o = with(o, "dns_servers", dns_servers_json(r));
	o = with(o, "comparison_attempts", comparison_attempts_json(r));
	return with(o, "autodiscover", report_autodiscover_json(r)); /* SPEC §4.7: on every object */
}

/* j with the keys every object carries (SPEC §7): the tool's version and the check's start. */
static json_t *stamped(json_t *j, const struct result *r)
{
	char when[32];
	if (!j || !str_time_utc(when, sizeof when, r->started, STR_TIME_ISO8601)) {
		json_decref(j);
		return NULL;
	}
	j = with(j, "version", json_string(SD_VERSION));
	return j ? with(j, "time", json_string(when)) : NULL;
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
