/* federation.c — SPEC §5.2: the federation record, its target and the Access Edge's
 * certificate, decided once; the views print r->federation. */
#include "federation.h"

#include "ipaddr.h"
#include "result_lookup.h"
#include "str.h"
#include "uri.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define FED_PREFIX "_sipfederationtls._tcp"

/* snprintf into a text field that is cut to fit: the one place that accepts the cut. */
static void say(char *buf, size_t n, const char *fmt, ...) SD_PRINTF(3, 4);

static void say(char *buf, size_t n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, n, fmt, ap);
	va_end(ap);
}

const char *federation_name(const char *domain, char *buf, size_t n)
{
	snprintf(buf, n, "%s.%s", FED_PREFIX, domain);
	return buf;
}

const char *fed_state_name(enum fed_state s)
{
	static const char *const names[] = {
		[FED_NOT_QUERIED] = "not-queried", [FED_DNS_ERROR] = "dns-error", [FED_NO_RECORD] = "no-record",
		[FED_NO_SERVICE] = "no-service", [FED_BAD_TARGET] = "invalid-target",
		[FED_UNRESOLVED] = "does-not-resolve", [FED_RESOLVED] = "resolves", [FED_CONNECT_FAILED] = "connect-failed",
		[FED_CERT_INVALID] = "certificate-invalid", [FED_OK] = "ok",
	};
	return names[s];
}

/* Whether a comes before b in the order a federating peer tries SRV records (RFC 2782). */
static bool srv_before(const struct srv_record *a, const struct srv_record *b)
{
	if (a->priority != b->priority)
		return a->priority < b->priority;
	if (a->weight != b->weight)
		return a->weight > b->weight;
	return strcmp(a->target, b->target) < 0;
}

const struct srv_record *federation_pick(const struct srv_record *recs, size_t n)
{
	const struct srv_record *best = NULL;
	for (size_t i = 0; i < n; i++)
		if (!best || srv_before(&recs[i], best))
			best = &recs[i];
	return best;
}

int federation_query(const struct result *r)
{
	for (size_t i = 0; i < r->n_queries; i++)
		if (r->queries[i].role == QUERY_FEDERATION && r->queries[i].type == DNS_TYPE_SRV)
			return (int)i;
	return -1;
}

const struct srv_record *federation_record(const struct result *r)
{
	int q = federation_query(r);
	return q < 0 ? NULL : federation_pick(r->queries[q].srv, r->queries[q].n_srv);
}

size_t federation_addresses(const struct result *r, const char *host, struct address *out, size_t max)
{
	size_t n = result_addresses_for(r, host, out, max);
	for (size_t i = 0; i < r->n_queries; i++) {
		const struct query *q = &r->queries[i];
		for (size_t j = 0; q->role == QUERY_FEDERATION && j < q->n_addr && n < max; j++) {
			bool listed = false;
			for (size_t k = 0; k < n && !listed; k++)
				listed = strcmp(out[k].text, q->addr[j].text) == 0;
			bool wanted = r->policy->family == FAMILY_ANY
				      || (r->policy->family == FAMILY_V4) == ipaddr_is_v4(q->addr[j].family);
			if (strcasecmp(q->addr[j].owner, host) == 0 && !listed && wanted)
				out[n++] = q->addr[j];
		}
	}
	return n;
}

/* The first A/AAAA query of host that got a DNS error (the address may exist), -1: none. */
static int address_error(const struct result *r, const char *host)
{
	for (size_t i = 0; i < r->n_queries; i++) {
		const struct query *q = &r->queries[i];
		if (q->stage == STAGE_ADDRESS && q->role != QUERY_AUTODISCOVER && dns_result_is_error(q->result)
		    && strcasecmp(q->name, host) == 0)
			return (int)i;
	}
	return -1;
}

void federation_decide(struct result *r)
{
	struct federation *f = &r->federation;
	char why[128];
	f->enforced = r->policy->federation;
	f->query = federation_query(r);
	if (f->query < 0)
		return;
	const struct query *q = &r->queries[f->query];
	const struct srv_record *rec = federation_pick(q->srv, q->n_srv);
	f->n_records = q->n_srv;
	if (!rec) {
		f->state = dns_result_is_error(q->result) || q->result == DNS_PENDING ? FED_DNS_ERROR : FED_NO_RECORD;
		return;
	}
	sd_copy(f->target, sizeof f->target, rec->target);
	f->port = rec->port;
	f->priority = rec->priority;
	f->weight = rec->weight;
	if (strcmp(rec->target, ".") == 0) {
		f->state = FED_NO_SERVICE;
		return;
	}
	if (uri_host_check(rec->target, why, sizeof why) != SD_OK) {
		f->state = FED_BAD_TARGET;
		return;
	}
	f->n_addrs = federation_addresses(r, rec->target, f->addrs, FED_ADDRS_MAX);
	f->addr_error = address_error(r, rec->target);
	f->state = f->n_addrs ? FED_RESOLVED : FED_UNRESOLVED;
}

/* The cause and hint of a record that is missing, unusable or unknown (no connection involved). */
static void explain_record(const struct result *r, struct federation *f, const char *rec)
{
	const struct query *q = &r->queries[f->query];
	char failed[sizeof q->servers_failed];
	switch (f->state) {
	case FED_DNS_ERROR:
		query_servers_failed_text(q, failed, sizeof failed);
		say(f->cause, sizeof f->cause, "the %s SRV query got %s", rec, dns_result_name(q->result));
		say(f->hint, sizeof f->hint, "Federation: the %s SRV query got %s%s%s%s, so whether the record exists "
			 "is unknown; fix the DNS server, then check again.", rec, dns_result_name(q->result),
			 q->server[0] ? " from " : failed[0] ? " (" : "", q->server[0] ? q->server : failed,
			 !q->server[0] && failed[0] ? ")" : "");
		break;
	case FED_NO_RECORD:
		say(f->cause, sizeof f->cause, "no %s SRV record (%s)", rec, dns_result_name(q->result));
		say(f->hint, sizeof f->hint, "Federation: %s has no SRV record (%s), so other organisations and "
			 "Microsoft 365 cannot find %s's Access Edge. Publish the record: %s. 3600 IN SRV 0 0 5061 "
			 "ACCESS-EDGE. (ACCESS-EDGE: the Access Edge's external name, which this tool cannot know).",
			 rec, dns_result_name(q->result), r->uri.domain, rec);
		break;
	case FED_NO_SERVICE:
		say(f->cause, sizeof f->cause, "%s says the domain does not federate (target \".\")", rec);
		say(f->hint, sizeof f->hint, "Federation: %s has the target \".\", which says %s does not federate. "
			 "If it should, point the record at the Access Edge's external name, port 5061.", rec,
			 r->uri.domain);
		break;
	case FED_BAD_TARGET:
		say(f->cause, sizeof f->cause, "federation target %s is no host name", f->target);
		say(f->hint, sizeof f->hint, "Federation: the target of %s, \"%s\", is not a host name. Point the "
			 "record at the Access Edge's external DNS name.", rec, f->target);
		break;
	default:
		break;
	}
}

/* The cause and hint of a target without an address. */
static void explain_unresolved(const struct result *r, struct federation *f, const char *rec)
{
	say(f->cause, sizeof f->cause, "federation target %s does not resolve", f->target);
	if (f->addr_error >= 0) {
		const struct query *q = &r->queries[f->addr_error];
		say(f->hint, sizeof f->hint, "Federation: the %s query of %s (the target of %s) got %s, so partners "
			 "may not reach it; the address may well exist: fix the DNS server, then check again.",
			 query_type_name(q->type), f->target, rec, dns_result_name(q->result));
		return;
	}
	say(f->hint, sizeof f->hint, "Federation: %s, the target of %s, does not resolve, so partners cannot "
		 "reach the Access Edge. Publish an address (A record) for %s.", f->target, rec, f->target);
}

/* The cause and hint of the Access Edge's TLS attempt that failed. */
static void explain_attempt(struct federation *f, const char *rec)
{
	const struct attempt *a = &f->attempt;
	const struct tls_report *t = &a->tls;
	char classes[CERT_FAILURES_TEXT], names[CONN_SANS_MAX * SD_HOST_MAX / 4] = "";
	if (f->state == FED_CONNECT_FAILED) {
		say(f->cause, sizeof f->cause, "Access Edge %s:%u %s (%s)", f->target, f->port,
			 attempt_outcome_name(a), a->address);
		say(f->hint, sizeof f->hint, "Federation: the Access Edge %s:%u (the target of %s) at %s: %s%s%s%s. "
			 "Tried from this machine: partners connect from the Internet, so make the Access Edge accept "
			 "TLS on port %u there.",
			 f->target, f->port, rec, a->address, attempt_outcome_name(a), a->detail[0] ? " (" : "",
			 a->detail, a->detail[0] ? ")" : "", f->port);
		return;
	}
	cert_failures_join(t->failures, classes, sizeof classes);
	size_t len = 0;
	for (size_t i = 0; i < t->n_sans; i++)
		str_appendf(names, sizeof names, &len, "%s%s", i ? " " : "", t->sans[i]);
	say(f->cause, sizeof f->cause, "certificate of Access Edge %s: %s", f->target, classes);
	if (t->failures == CERT_MISSING_INTERMEDIATE)
		say(f->hint, sizeof f->hint, "Federation: the Access Edge %s:%u does not send the intermediate CA "
		    "certificate between its certificate and the root (issuer %s), so a federating Edge may not "
		    "build the chain. Install the intermediate with the certificate on the Access Edge's external "
		    "interface.", f->target, f->port, t->issuer);
	else if (t->failures & CERT_NAME_MISMATCH)
		say(f->hint, sizeof f->hint, "Federation: the certificate of the Access Edge %s:%u does not name %s, "
			 "the target of %s (it names: %s), so a federating Edge rejects it. Reissue the certificate "
			 "with %s among its subject alternative names.", f->target, f->port, f->target, rec,
			 names[0] ? names : t->subject, f->target);
	else
		say(f->hint, sizeof f->hint, "Federation: the certificate of the Access Edge %s:%u fails validation "
			 "(%s; issuer %s), so a federating Edge rejects it. Reissue it from a certification authority "
			 "partners trust, for the name %s, valid today%s.", f->target, f->port, classes, t->issuer,
			 f->target, t->failures & CERT_UNTRUSTED_ISSUER ? " (if the issuer is yours and this machine "
			 "lacks its root, pass --cafile)" : "");
}

/* Fills f->cause and f->hint from the state; nothing for a state that is fine. */
static void explain(const struct result *r, struct federation *f)
{
	char rec[SD_QNAME_MAX];
	federation_name(r->uri.domain, rec, sizeof rec);
	if (f->state == FED_UNRESOLVED)
		explain_unresolved(r, f, rec);
	else if (f->state == FED_CONNECT_FAILED || f->state == FED_CERT_INVALID)
		explain_attempt(f, rec);
	else if (f->state == FED_OK && f->attempt.tls.days_to_expiry < r->policy->warning_days) {
		long days = f->attempt.tls.days_to_expiry;
		say(f->cause, sizeof f->cause, "certificate of Access Edge %s expires in %ld day%s", f->target, days,
		    days == 1 ? "" : "s");
		say(f->hint, sizeof f->hint, "Federation: the certificate of the Access Edge %s expires in %ld day%s: "
		    "renew it before partners reject it.", f->target, days, days == 1 ? "" : "s");
	} else if (f->state != FED_RESOLVED && f->state != FED_OK && f->state != FED_NOT_QUERIED)
		explain_record(r, f, rec);
}

void federation_conclude(struct result *r)
{
	struct federation *f = &r->federation;
	if (f->n_tried)
		f->state = f->attempt.outcome == CONN_OK ? FED_OK
			   : f->attempt.outcome == CONN_CERT_INVALID ? FED_CERT_INVALID : FED_CONNECT_FAILED;
}

enum sd_status federation_verdict(struct result *r)
{
	struct federation *f = &r->federation;
	federation_conclude(r);
	explain(r, f);
	if (!f->enforced || !f->cause[0])
		return SD_OK;
	if (r->status == SD_VERDICT_OK) {
		char reason[sizeof r->reason];
		sd_copy(reason, sizeof reason, r->reason);
		say(r->reason, sizeof r->reason, "federation: %s; %s", f->cause, reason);
		r->status = SD_VERDICT_WARNING;
		f->set_status = true;
	}
	return result_hint(r, HINT_FEDERATION, "%s", f->hint);
}
