/* verdict.c — the verdict, its reason and hints over a decided result (SPEC §4.3, §6, §8). Pure. */
#include "verdict.h"

#include "autodiscover_decide.h"
#include "decide.h"
#include "federation.h"
#include "m365.h"
#include "prompt.h"
#include "kerberos_decide.h"
#include "verdict_dns.h"
#include "verdict_probe.h"
#include "verdict_tcp.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static const char *origin_phrase(const struct result *r, const struct candidate *c, char *buf, size_t n)
{
	switch (c->origin) {
	case ORIGIN_SRV:
		snprintf(buf, n, "from %s", r->queries[c->srv_query].name);
		break;
	case ORIGIN_FALLBACK:
		snprintf(buf, n, "host fallback");
		break;
	case ORIGIN_MANUAL_INTERNAL:
		snprintf(buf, n, "manual internal server");
		break;
	case ORIGIN_MANUAL_EXTERNAL:
		snprintf(buf, n, "manual external server");
		break;
	case ORIGIN_AUTODISCOVER:
		snprintf(buf, n, "from autodiscover");
		break;
	case ORIGIN_REDIRECT:
		snprintf(buf, n, "a redirect's home pool");
		break;
	}
	return buf;
}

/* "sipinternal.D, sip.D or sipexternal.D": the profile's fallback names, each once. */
static void fallback_names(const struct result *r, char *buf, size_t n)
{
	char names[PROFILE_HOSTS_MAX][SD_QNAME_MAX];
	size_t k = 0, len = 0;
	for (size_t i = 0; i < r->profile->n_fallback; i++) {
		profile_host_name(&r->profile->fallback[i], r->uri.domain, names[k], sizeof names[k]);
		bool seen = false;
		for (size_t j = 0; j < k && !seen; j++)
			seen = strcmp(names[j], names[k]) == 0;
		k += !seen;
	}
	buf[0] = '\0';
	for (size_t i = 0; i < k && len < n; i++)
		len += (size_t)snprintf(buf + len, n - len, "%s%s", i == 0 ? "" : i + 1 == k ? " or " : ", ", names[i]);
}

/* The first A/AAAA query for host that got a DNS error (timeout, SERVFAIL, ...), or NULL. */
static const struct query *address_error(const struct result *r, const char *host)
{
	for (size_t i = 0; i < r->n_queries; i++) {
		const struct query *q = &r->queries[i];
		if ((q->role == QUERY_ADDRESS || q->role == QUERY_DIAGNOSTIC) && dns_result_is_error(q->result)
		    && strcasecmp(q->name, host) == 0)
			return q;
	}
	return NULL;
}

/* SPEC §4.6: an address query that got no answer is not "no address": the record may exist. */
static enum sd_status hint_address_error(struct result *r, const struct candidate *c, const char *from,
					 const struct query *eq, const char *nofallback)
{
	char who[SD_QNAME_MAX * 2 + 64], failed[sizeof eq->servers_failed];
	query_servers_failed_text(eq, failed, sizeof failed);
	if (c->origin == ORIGIN_SRV)
		snprintf(who, sizeof who, "SRV target %s (from %s)", c->host, from);
	else if (c->origin == ORIGIN_FALLBACK)
		snprintf(who, sizeof who, "%s", c->host);
	else
		snprintf(who, sizeof who, "The manually configured server %s", c->host);
	return result_hint(r, HINT_TARGET_UNRESOLVED,
			   "%s: its %s query got %s%s%s%s, so the client cannot reach it; the address may well "
			   "exist: fix the DNS server, then check again.%s",
			   who, query_type_name(eq->type), dns_result_name(eq->result),
			   failed[0] ? " (" : "", failed, failed[0] ? ")" : "",
			   nofallback);
}

/*
 * A candidate that does not resolve. When its address query followed a CNAME,
 * the name to change is the CNAME's target: DNS forbids an address record next
 * to a CNAME (SPEC §4.6), so the hint never says "publish an address record" then.
 */
static enum sd_status hint_unresolved(struct result *r, const struct candidate *c, const char *from, const char *names)
{
	char nofallback[1024] = "";
	if (c->origin == ORIGIN_SRV && r->fallback == FALLBACK_NOT_RUN)
		snprintf(nofallback, sizeof nofallback, " The client will not fall back to %s, because SRV records exist "
			 "for %s.", names, r->uri.domain);
	const struct query *cq = verdict_cname_query(r, c->host);
	if (cq)
		return result_hint(r, HINT_TARGET_UNRESOLVED,
				   "%s%s%s%s%s is a CNAME to %s, which does not resolve (%s): fix the CNAME's target%s.%s",
				   c->origin == ORIGIN_SRV ? "SRV target " : "", c->host,
				   c->origin == ORIGIN_SRV ? " (from " : "", c->origin == ORIGIN_SRV ? from : "",
				   c->origin == ORIGIN_SRV ? ")" : "",
				   cq->cname_target, dns_result_name(cq->result),
				   c->origin == ORIGIN_SRV ? " (or point the SRV record at a name that resolves)"
				   : c->origin == ORIGIN_FALLBACK ? "" : " (or configure a name that resolves)",
				   nofallback);
	const struct query *eq = address_error(r, c->host);
	if (eq)
		return hint_address_error(r, c, from, eq, nofallback);
	if (c->origin == ORIGIN_SRV)
		return result_hint(r, HINT_TARGET_UNRESOLVED,
				   "SRV target %s (from %s) does not resolve: publish an address record for it.%s",
				   c->host, from, nofallback);
	if (c->origin != ORIGIN_FALLBACK)
		return result_hint(r, HINT_TARGET_UNRESOLVED, "The manually configured server %s does not resolve.",
				   c->host);
	return SD_OK;
}

/* Whether the naming rule rejected a Microsoft 365 record's documented target (SPEC §5.1). */
static bool m365_rejected(const struct result *r)
{
	for (size_t i = 0; i < r->n_candidates; i++)
		if (r->candidates[i].state == CAND_REJECTED && m365_record_role(r, &r->candidates[i]))
			return true;
	return false;
}

/* The client that cannot sign in to Microsoft 365 under its naming rule. */
static const char *m365_client(const struct result *r)
{
	return r->profile->naming == NAMING_MODEL_DOMAIN ? "Communicator 2007 R2"
	       : r->policy->strict_naming ? "with strict naming, the client" : r->profile->client;
}

static enum sd_status hint_candidate(struct result *r, const struct candidate *c)
{
	const char *d = r->uri.domain;
	char names[640];
	const char *from = c->srv_query >= 0 ? r->queries[c->srv_query].name : c->host;
	const char *m365 = c->state == CAND_REJECTED ? m365_record_role(r, c) : NULL;
	if (m365) /* SPEC §5.1: a correct Microsoft 365 record is never to be repointed */
		return result_hint(r, HINT_NAMING_REJECTED, "%s (from %s) is Microsoft 365's %s, the value Microsoft "
				   "documents: %s cannot sign in to Microsoft 365 (%s). The record is correct: %s.", c->host,
				   from, m365, m365_client(r), naming_rule_text(c->naming.rule),
				   r->profile->naming == NAMING_MODEL_TRUST ? "strict naming (EnableStrictDNSNaming) is what "
				   "refuses it; without it the client trusts lync.com" : "Lync 2010 and later sign in to it");
	if (c->state == CAND_REJECTED)
		return result_hint(r, HINT_NAMING_REJECTED,
				   "%s (from %s) is rejected by the naming rule: %s. Point the SRV record at a "
				   "host the rule allows (%s or sip.%s%s%s), with a certificate for that name.",
				   c->host, from, naming_rule_text(c->naming.rule), d, d,
				   r->policy->strict_naming ? "" : ", or any host one label under ",
				   r->policy->strict_naming ? "" : d);
	fallback_names(r, names, sizeof names);
	if (c->state == CAND_UNRESOLVED || c->state == CAND_SKIPPED_UNRESOLVED) /* skipped: the CNAME hint only */
		return hint_unresolved(r, c, from, names);
	if (c->state == CAND_NO_SERVICE)
		return result_hint(r, HINT_NO_SERVICE, "%s says the service is not offered here (target \".\").",
				   from);
	if (c->state == CAND_INVALID_NAME)
		return result_hint(r, HINT_NAMING_REJECTED, "The SRV target %s (from %s) is not a host name: the "
				   "record is broken; point it at the server's DNS name.", c->host, from);
	return SD_OK;
}

/* Whether any SRV query holds a record (a profile that always falls back runs it anyway). */
static bool srv_records_exist(const struct result *r)
{
	for (size_t i = 0; i < r->n_queries; i++)
		if (r->queries[i].role == QUERY_SRV && r->queries[i].n_srv > 0)
			return true;
	return false;
}

/* Whether the host fallback ran only because SRV queries failed (SPEC §4.3): the records may exist. */
static bool fallback_from_errors(const struct result *r)
{
	return (r->fallback == FALLBACK_RAN || r->fallback == FALLBACK_RAN_ALWAYS) && !srv_records_exist(r)
	       && result_srv_query_error(r);
}

/* "1 rejected by the naming rule, 2 not resolving": the non-zero counts of unusable SRV candidates. */
static void unusable_counts(const struct result *r, char *buf, size_t n)
{
	static const struct {
		enum candidate_state state;
		const char *what;
	} kinds[] = {
		{ CAND_REJECTED, "rejected by the naming rule" },
		{ CAND_UNRESOLVED, "not resolving" },
		{ CAND_NO_SERVICE, "with target \".\" (no service)" },
		{ CAND_INVALID_NAME, "not a host name" },
	};
	size_t len = 0;
	buf[0] = '\0';
	for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
		size_t count = 0;
		for (size_t i = 0; i < r->n_candidates; i++)
			count += r->candidates[i].state == kinds[k].state;
		if (count && len < n)
			len += (size_t)snprintf(buf + len, n - len, "%s%zu %s", len ? ", " : "", count, kinds[k].what);
	}
}

/* SPEC §5.1: without a server, a rejected Microsoft 365 record is the client's limit, not a wrong record. */
static void reason_m365(struct result *r)
{
	if (r->server >= 0 || !m365_rejected(r))
		return;
	size_t n = strlen(r->reason);
	snprintf(r->reason + n, sizeof r->reason - n, "; %s cannot sign in to Microsoft 365 (its naming rule "
		 "rejects Microsoft 365's hosts; the record is not wrong)", m365_client(r));
}

/* r->reason when no server is found: why, in the terms of the fallback state (SPEC §4.3). */
static void reason_text_no_server(struct result *r, const char *nonrecursive)
{
	const char *d = r->uri.domain;
	char counts[160], errors[640];
	if (r->fallback == FALLBACK_NOT_APPLICABLE) {
		snprintf(r->reason, sizeof r->reason, "no manually configured server resolves");
	} else if (r->fallback == FALLBACK_NOT_RUN) {
		unusable_counts(r, counts, sizeof counts);
		snprintf(r->reason, sizeof r->reason,
			 "SRV records exist for %s but no target is usable (%s), and the client never falls back "
			 "to host records when SRV records exist",
			 d, counts);
	} else if (fallback_from_errors(r)) {
		verdict_dns_error_list(r, errors, sizeof errors);
		snprintf(r->reason, sizeof r->reason,
			 "no SRV record was found for %s (DNS errors: %s), and no fallback host resolves", d, errors);
	} else {
		snprintf(r->reason, sizeof r->reason, "%s for %s%s%s%s, and no fallback host resolves",
			 r->fallback == FALLBACK_RAN ? "no SRV record exists" : "no SRV target is usable", d,
			 nonrecursive ? " as " : "", nonrecursive ? nonrecursive : "",
			 nonrecursive ? " answers (it does not recurse: a client's resolver may see more)" : "");
	}
}

static enum sd_status reason_no_server(struct result *r)
{
	const char *d = r->uri.domain;
	const char *nonrecursive = verdict_nonrecursive(r, STAGE_SRV);
	reason_text_no_server(r, nonrecursive);
	bool said = false; /* a dead target's hint already says the client will not fall back */
	for (size_t i = 0; i < r->n_hints; i++)
		said |= r->hints[i].kind == HINT_TARGET_UNRESOLVED;
	if (r->fallback == FALLBACK_NOT_RUN && !said) {
		char names[640];
		fallback_names(r, names, sizeof names);
		return result_hint(r, HINT_NOTHING_FOUND,
				   "SRV records exist for %s, so the client will not fall back to %s: fix the SRV "
				   "records (or remove them all, if the host records are what you want used).",
				   d, names);
	}
	if ((r->fallback == FALLBACK_RAN || r->fallback == FALLBACK_RAN_ALWAYS) && !fallback_from_errors(r)
	    && !srv_records_exist(r)) /* records that exist are hinted one by one above: never "publish" them */
		return result_hint(r, HINT_NOTHING_FOUND,
				   "Nothing to sign in to: publish _sipinternaltls._tcp.%s pointing at the pool "
				   "(port 5061) and _sip._tls.%s pointing at the Access Edge (port 443). To test a "
				   "manual client configuration, use --internal-server and --external-server.%s%s%s",
				   d, d, nonrecursive ? " But first check with the clients' resolver: " : "",
				   nonrecursive ? nonrecursive : "", nonrecursive ? " does not recurse." : "");
	return SD_OK;
}

static enum sd_status reason_server(struct result *r)
{
	const struct candidate *c = &r->candidates[r->server];
	char from[SD_QNAME_MAX + 16];
	/* SPEC §6: without connecting, ok when there is a server; only DNS errors (below) warn. */
	r->status = SD_VERDICT_OK;
	snprintf(r->reason, sizeof r->reason, "the client would sign in to %s:%u over %s (%s)", c->host,
		 c->port, c->transport == SD_TLS ? "TLS" : "clear-text TCP", origin_phrase(r, c, from, sizeof from));
	return c->transport == SD_TCP ? verdict_tcp_hint(r) : SD_OK;
}

/* The sequential client waits for each query and each attempt in turn (issue: "why 40 seconds?"). */
static unsigned client_estimate(const struct result *r)
{
	unsigned ms = 0;
	for (size_t i = 0; i < r->n_queries; i++) { /* the client asks none of these for sign-in */
		enum query_role role = r->queries[i].role;
		ms += role == QUERY_DIAGNOSTIC || role == QUERY_FEDERATION || role == QUERY_KERBEROS ? 0 : r->queries[i].ms;
	}
	for (size_t i = 0; i < r->n_attempts; i++)
		ms += r->attempts[i].ms + (r->attempts[i].sip ? r->attempts[i].sip->ms : 0);
	return ms;
}

/* SPEC §4.3's most common misunderstanding, shown with the names that do resolve. */
static enum sd_status hint_unused_fallback(struct result *r)
{
	for (size_t i = 0; i < r->n_queries; i++) {
		const struct query *q = &r->queries[i];
		bool same_host_done = i > 0 && strcmp(q[-1].name, q->name) == 0 && q[-1].n_addr > 0;
		if (q->role != QUERY_DIAGNOSTIC || q->n_addr == 0 || same_host_done)
			continue;
		char through[SD_QNAME_MAX + 120] = "";
		if (q->n_cname) /* a wildcard CNAME makes any name "resolve": the admin must know (SPEC §4.6) */
			snprintf(through, sizeof through, " only through the CNAME chain to %s (likely a wildcard)",
				 q->cname_target);
		enum sd_status st = result_hint(r, HINT_FALLBACK_UNUSED,
						"%s resolves (%s)%s, but the client will not use it: it falls back to host "
						"names only when no SRV record exists at all. Fix the SRV record instead.",
						q->name, q->addr[0].text, through);
		if (st != SD_OK)
			return st;
	}
	return SD_OK;
}

/* The server, status and reason, and the hints on the way there (SPEC §6, §8). */
static enum sd_status verdict_server(struct result *r)
{
	enum sd_status st = SD_OK;
	r->server = decide_first_usable(r);
	for (size_t i = 0; i < r->n_candidates && st == SD_OK; i++)
		st = hint_candidate(r, &r->candidates[i]);
	if (st == SD_OK)
		st = verdict_dns_errors(r, fallback_from_errors(r));
	if (st == SD_OK)
		st = verdict_nonrecursive_hint(r);
	if (st != SD_OK)
		return st;
	if (r->server < 0) {
		r->status = SD_VERDICT_CRITICAL;
		return reason_no_server(r);
	}
	if (!r->policy->connect)
		return reason_server(r);
	return verdict_attempts(r);
}

int verdict_first_attempt(const struct result *r)
{
	if (r->policy->connect && r->n_attempts > 0)
		return r->attempts[0].candidate;
	return decide_first_usable(r);
}

/* What the sign-in verdict is then held against: autodiscover (SPEC §4.7), the fallback names
 * the client will not use, the prompt where it stops (§5.1, §6), the default profile (§4.4),
 * Kerberos (§9), and last federation (§5.2), so that it sees the verdict it may worsen. */
static enum sd_status verdict_beyond_sign_in(struct result *r)
{
	enum sd_status st;
	if ((st = autodiscover_verdict(r)) != SD_OK || (st = hint_unused_fallback(r)) != SD_OK
	    || (st = prompt_decide(r)) != SD_OK || (st = decide_compare(r)) != SD_OK
	    || (st = kerberos_verdict(r)) != SD_OK)
		return st;
	return federation_verdict(r);
}

enum sd_status verdict_build(struct result *r)
{
	enum sd_status st = verdict_server(r);
	if (st != SD_OK)
		return st;
	const char *nonrecursive = verdict_nonrecursive(r, STAGE_SRV);
	if (r->server >= 0 && r->fallback == FALLBACK_RAN && !fallback_from_errors(r)
	    && (st = result_hint(r, HINT_NO_SRV,
				 "No SRV record exists for %s%s%s%s, so the client finds %s only through the host "
				 "fallback: publish _sipinternaltls._tcp.%s (port 5061) and _sip._tls.%s (port 443)%s.",
				 r->uri.domain, nonrecursive ? " as " : "", nonrecursive ? nonrecursive : "",
				 nonrecursive ? " answers" : "", r->candidates[r->server].host, r->uri.domain,
				 r->uri.domain, nonrecursive ? ", unless the clients' resolver sees them: that server "
				 "does not recurse" : "")) != SD_OK)
		return st;
	r->client_estimate_ms = client_estimate(r);
	if (r->dns_errors) {
		r->status = sd_verdict_worst(r->status, SD_VERDICT_WARNING);
		size_t n = strlen(r->reason);
		snprintf(r->reason + n, sizeof r->reason - n, "; DNS errors were treated as missing records");
	}
	reason_m365(r);
	return verdict_beyond_sign_in(r);
}
