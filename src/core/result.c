/* result.c — the per-address result: names of its enums, construction, hints. */
#include "result.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const char *attempt_outcome_name(const struct attempt *a)
{
	return a->unresolved ? "does-not-resolve" : conn_outcome_name(a->outcome);
}

const char *candidate_origin_name(enum candidate_origin o)
{
	static const char *const names[] = {
		[ORIGIN_MANUAL_INTERNAL] = "manual-internal", [ORIGIN_MANUAL_EXTERNAL] = "manual-external",
		[ORIGIN_SRV] = "srv", [ORIGIN_FALLBACK] = "fallback", [ORIGIN_AUTODISCOVER] = "autodiscover",
	};
	return names[o];
}

const char *candidate_state_name(enum candidate_state s)
{
	static const char *const names[] = {
		[CAND_USABLE] = "usable", [CAND_NO_SERVICE] = "no-service", [CAND_INVALID_NAME] = "invalid-host-name",
		[CAND_REJECTED] = "rejected-by-naming", [CAND_UNRESOLVED] = "does-not-resolve",
		[CAND_NOT_TRIED] = "not-tried-by-profile", [CAND_SKIPPED_UNRESOLVED] = "skipped-does-not-resolve",
	};
	return names[s];
}

const char *fallback_state_name(enum fallback_state f)
{
	static const char *const names[] = {
		[FALLBACK_NOT_APPLICABLE] = "not-applicable", [FALLBACK_NOT_RUN] = "not-run-srv-records-exist",
		[FALLBACK_RAN] = "ran-no-srv-records", [FALLBACK_RAN_ALWAYS] = "ran-profile-always",
	};
	return names[f];
}

void result_init(struct result *r, const char *input, const struct policy *policy)
{
	memset(r, 0, sizeof *r);
	sd_copy(r->input, sizeof r->input, input);
	r->policy = policy;
	r->profile = policy->profile;
	r->server = -1;
	r->chosen = -1;
	r->status = SD_VERDICT_UNKNOWN;
	r->started = (long long)time(NULL);
}

void result_free(struct result *r)
{
	for (size_t i = 0; i < r->n_queries; i++)
		query_clear(&r->queries[i]);
	for (size_t i = 0; i < r->n_attempts; i++)
		if (r->attempts[i].sip) {
			free(r->attempts[i].sip->request);
			free(r->attempts[i].sip->raw);
			free(r->attempts[i].sip);
		}
	for (size_t i = 0; i < r->n_autodiscover; i++)
		free(r->autodiscover[i].links);
	SD_CLEAR(r->attempts, r->n_attempts);
	SD_CLEAR(r->alt_attempts, r->n_alt_attempts);
	SD_CLEAR(r->autodiscover, r->n_autodiscover);
	SD_CLEAR(r->queries, r->n_queries);
	SD_CLEAR(r->addrs, r->n_addrs);
	SD_CLEAR(r->candidates, r->n_candidates);
	SD_CLEAR(r->hints, r->n_hints);
}

bool result_hint(struct result *r, enum hint_kind kind, const char *fmt, ...)
{
	char text[sizeof r->hints[0].text];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	for (size_t i = 0; i < r->n_hints; i++)
		if (strcmp(r->hints[i].text, text) == 0)
			return true;
	struct hint *h = SD_PUSH(r->hints, r->n_hints);
	if (!h)
		return false;
	h->kind = kind;
	memcpy(h->text, text, sizeof text);
	return true;
}

struct query *result_add_query(struct result *r, const char *name, uint16_t type,
			       enum query_role role, enum dns_stage stage)
{
	struct query *q = SD_PUSH(r->queries, r->n_queries);
	if (!q)
		return NULL;
	sd_copy(q->name, sizeof q->name, name);
	q->type = type;
	q->role = role;
	q->stage = stage;
	q->srv_index = -1;
	q->result = DNS_PENDING;
	return q;
}

bool dns_no_server_answered(const struct result *r, char *reason, size_t n)
{
	bool unanswered = false; /* a query given up on for the servers' silence, not for a local reason */
	for (size_t i = 0; i < r->n_queries; i++)
		unanswered |= r->queries[i].stage == STAGE_SRV && !r->queries[i].server[0] && r->queries[i].n_servers_failed;
	if (r->n_dns_servers == 0 || !unanswered)
		return false;
	for (size_t i = 0; i < r->n_dns_servers; i++)
		if (r->dns_servers[i].alive)
			return false;
	if (!reason || n == 0)
		return true;
	size_t len = 0;
	str_appendf(reason, n, &len, "no DNS server answered:");
	for (size_t i = 0; i < r->n_dns_servers; i++)
		str_appendf(reason, n, &len, "%s %s %s", i ? "," : "", r->dns_servers[i].server, r->dns_servers[i].what);
	return true;
}
