/* result.c — the per-address result: construction, hints, and the look-ups over it that several
 * stages share (the attempt that connected, how a server's attempts went, SRV errors, DNS silence). */
#include "result.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const char *fallback_state_name(enum fallback_state f)
{
	static const char *const names[] = {
		[FALLBACK_UNDECIDED] = "not-decided", [FALLBACK_NOT_APPLICABLE] = "not-applicable", [FALLBACK_NOT_RUN] = "not-run-srv-records-exist",
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
	r->prompt.candidate = r->prompt.attempt = r->prompt.ad_url = -1; /* no prompt until prompt_decide finds one */
	r->fallback = FALLBACK_UNDECIDED;
	r->status = SD_VERDICT_UNKNOWN;
	r->federation.query = -1;
	r->federation.addr_error = -1;
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
	for (size_t i = 0; i < r->n_redirects; i++)
		if (r->redirects[i].attempt.sip) {
			free(r->redirects[i].attempt.sip->request);
			free(r->redirects[i].attempt.sip->raw);
			free(r->redirects[i].attempt.sip);
		}
	SD_CLEAR(r->redirects, r->n_redirects);
	SD_CLEAR(r->attempts, r->n_attempts);
	SD_CLEAR(r->alt_attempts, r->n_alt_attempts);
	SD_CLEAR(r->alt.candidates, r->alt.n_candidates);
	SD_CLEAR(r->alt.addrs, r->alt.n_addrs);
	SD_CLEAR(r->autodiscover, r->n_autodiscover);
	SD_CLEAR(r->queries, r->n_queries);
	SD_CLEAR(r->addrs, r->n_addrs);
	SD_CLEAR(r->candidates, r->n_candidates);
	SD_CLEAR(r->hints, r->n_hints);
	if (r->views) {
		result_free(&r->views->other);
		SD_CLEAR(r->views->diffs, r->views->n_diffs);
		free(r->views);
		r->views = NULL;
	}
}

enum sd_status result_hint(struct result *r, enum hint_kind kind, const char *fmt, ...)
{
	char text[sizeof r->hints[0].text];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	for (size_t i = 0; i < r->n_hints; i++)
		if (strcmp(r->hints[i].text, text) == 0)
			return SD_OK;
	struct hint *h = SD_PUSH(r->hints, r->n_hints);
	if (!h)
		return SD_ERR_NOMEM;
	h->kind = kind;
	memcpy(h->text, text, sizeof text);
	return SD_OK;
}

/* h->text from h->tmpl, HINT_SERVERS replaced by "a", "a and b" or "a, b and c". */
static void hint_render(struct hint *h)
{
	char list[sizeof h->servers + 64];
	size_t len = 0, k = 0;
	list[0] = '\0';
	for (const char *p = h->servers; *p; k++) {
		size_t n = strcspn(p, "\n");
		str_appendf(list, sizeof list, &len, "%s%.*s", k == 0 ? "" : k + 1 == h->n_servers ? " and " : ", ",
			    (int)n, p);
		p += n + (p[n] == '\n');
	}
	len = 0;
	h->text[0] = '\0';
	for (const char *p = h->tmpl; *p;) {
		size_t n = strcspn(p, HINT_SERVERS);
		str_appendf(h->text, sizeof h->text, &len, "%.*s%s", (int)n, p, p[n] ? list : "");
		p += n + (p[n] != '\0');
	}
}

/* Whether server is one of h's. */
static bool hint_has_server(const struct hint *h, const char *server)
{
	size_t n = strlen(server);
	for (const char *p = h->servers; *p;) {
		size_t k = strcspn(p, "\n");
		if (k == n && strncmp(p, server, n) == 0)
			return true;
		p += k + (p[k] == '\n');
	}
	return false;
}

enum sd_status result_hint_about(struct result *r, enum hint_kind kind, const char *cause, const char *server,
				 const char *fmt, ...)
{
	struct hint *h = NULL;
	for (size_t i = 0; i < r->n_hints && !h; i++)
		if (r->hints[i].kind == kind && r->hints[i].cause[0] && strcmp(r->hints[i].cause, cause) == 0)
			h = &r->hints[i];
	if (!h) {
		if (!(h = SD_PUSH(r->hints, r->n_hints)))
			return SD_ERR_NOMEM;
		h->kind = kind;
		sd_copy(h->cause, sizeof h->cause, cause);
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(h->tmpl, sizeof h->tmpl, fmt, ap);
		va_end(ap);
	}
	size_t len = strlen(h->servers);
	if (!hint_has_server(h, server) && len + strlen(server) + 2 < sizeof h->servers) {
		str_appendf(h->servers, sizeof h->servers, &len, "%s%s", len ? "\n" : "", server);
		h->n_servers++;
	}
	hint_render(h);
	return SD_OK;
}

void result_expire(struct result *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->expired_during, sizeof r->expired_during, fmt, ap);
	va_end(ap);
	r->expired = true;
}

struct query *result_add_query(struct result *r, const char *name, uint16_t type,
			       enum query_role role, enum dns_stage stage)
{
	return query_list_add(&r->queries, &r->n_queries, name, type, role, stage);
}

int result_chosen(const struct result *r)
{
	if (r->n_attempts == 0)
		return -1;
	const struct attempt *last = &r->attempts[r->n_attempts - 1];
	return last->outcome == CONN_OK && !last->unresolved ? (int)r->n_attempts - 1 : -1;
}

bool result_srv_query_error(const struct result *r)
{
	for (size_t i = 0; i < r->n_queries; i++)
		if (r->queries[i].role == QUERY_SRV && dns_result_is_error(r->queries[i].result))
			return true;
	return false;
}

/* How attempts (made from the candidate list cands) went for c's server; *last: the last failure. */
static enum server_outcome outcome_in(const struct attempt *attempts, size_t n, const struct candidate *cands,
				      const struct candidate *c, const struct attempt **last)
{
	enum server_outcome outcome = SERVER_NOT_TRIED;
	for (size_t i = 0; i < n; i++) {
		const struct attempt *a = &attempts[i];
		if (!candidate_same_server(&cands[a->candidate], c))
			continue;
		if (a->outcome == CONN_OK && !a->unresolved)
			return SERVER_CONNECTED;
		outcome = SERVER_FAILED;
		*last = a;
	}
	return outcome;
}

enum server_outcome result_server_outcome(const struct result *r, const struct candidate *c,
					  const struct attempt **last)
{
	const struct attempt *failed = NULL;
	enum server_outcome own = outcome_in(r->attempts, r->n_attempts, r->candidates, c, &failed);
	enum server_outcome other = outcome_in(r->alt_attempts, r->n_alt_attempts, r->alt.candidates, c, &failed);
	if (last)
		*last = failed;
	if (own == SERVER_CONNECTED || other == SERVER_CONNECTED)
		return SERVER_CONNECTED;
	return own == SERVER_FAILED || other == SERVER_FAILED ? SERVER_FAILED : SERVER_NOT_TRIED;
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

bool dns_every_server_refused(const struct result *r, char *reason, size_t n)
{
	size_t asked = 0;
	for (size_t i = 0; i < r->n_queries; i++) {
		const struct query *q = &r->queries[i];
		if (q->stage != STAGE_SRV || q->role == QUERY_DIAGNOSTIC || q->result == DNS_SKIPPED)
			continue;
		if (q->result != DNS_REFUSED)
			return false;
		asked++;
	}
	if (asked == 0 || r->n_dns_servers == 0)
		return false;
	if (!reason || n == 0)
		return true;
	size_t len = 0;
	str_appendf(reason, n, &len, "the DNS server%s refuse%s to resolve for this machine:", r->n_dns_servers == 1 ? "" : "s",
		    r->n_dns_servers == 1 ? "s" : "");
	for (size_t i = 0; i < r->n_dns_servers; i++)
		str_appendf(reason, n, &len, "%s %s", i ? "," : "", r->dns_servers[i].server);
	str_appendf(reason, n, &len, " answered REFUSED to every query; nothing is known about %s", r->uri.domain);
	return true;
}
