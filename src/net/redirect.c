/* redirect.c — following a REGISTER's 301/302 to the user's home pool (SPEC §6): the Contact's
 * pool resolved through the tool's DNS, connected to, validated and sent the same REGISTER. */
#include "redirect.h"

#include <stdlib.h>
#include <string.h>

#include "conn.h"
#include "deadline.h"
#include "dns.h"
#include "plan.h"
#include "probe.h"
#include "result_lookup.h"

#define HOP_ADDRS_MAX 8 /* addresses of a home pool tried in turn */

/* The last REGISTER answer: the last hop's, else the chosen attempt's; NULL when there is none. */
static const struct sip_report *last_answer(const struct result *r)
{
	if (r->n_redirects) {
		const struct redirect_hop *h = &r->redirects[r->n_redirects - 1];
		return h->outcome == HOP_ANSWERED ? h->attempt.sip : NULL;
	}
	int chosen = result_chosen(r);
	return chosen >= 0 ? r->attempts[chosen].sip : NULL;
}

static bool is_redirect(const struct sip_report *s)
{
	return s && s->answered && (s->response.code == 301 || s->response.code == 302);
}

/* Copies the answers' addresses of qs[0..nq) into addrs (at most max) and the lookup's result into hop. */
static size_t take_addresses(const struct query *qs, size_t nq, struct redirect_hop *hop, struct address *addrs,
			     size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < nq; i++) {
		const struct query *q = &qs[i];
		if (i == 0 || (q->n_addr > 0 && strcmp(hop->dns, "answer") != 0)) {
			sd_copy(hop->dns, sizeof hop->dns, dns_result_name(q->result));
			sd_copy(hop->dns_server, sizeof hop->dns_server, q->server);
		}
		for (size_t k = 0; k < q->n_addr && n < max; k++)
			addrs[n++] = q->addr[k];
	}
	return n;
}

/* The home pool's addresses through the tool's DNS (an IP literal as it is). */
static enum sd_status resolve(struct result *r, const struct dns_servers *dns, struct redirect_hop *hop,
			      struct address *addrs, size_t *n, bool keep_raw)
{
	*n = 0;
	if (result_literal_address(hop->target.host, &addrs[0])) {
		*n = 1;
		return SD_OK;
	}
	struct query *qs = NULL;
	size_t nq = 0;
	unsigned timeout = deadline_step_ms(r);
	enum sd_status st = plan_address_queries(&qs, &nq, r->policy->family, hop->target.host, QUERY_DIAGNOSTIC,
						 STAGE_DIAGNOSTIC, 0);
	if (st == SD_OK)
		st = dns_stage_run(dns, qs, nq, STAGE_DIAGNOSTIC, r->dns_servers, &r->n_dns_servers, timeout ? timeout : 1,
				   keep_raw);
	if (st == SD_OK)
		*n = take_addresses(qs, nq, hop, addrs, HOP_ADDRS_MAX);
	for (size_t i = 0; i < nq; i++)
		query_clear(&qs[i]);
	free(qs);
	return st;
}

/* Connects to the pool's addresses in turn, then sends it the REGISTER. */
static enum sd_status connect_and_register(struct result *r, const struct tls_trust *trust, struct redirect_hop *hop,
					   const struct address *addrs, size_t n, bool keep_raw)
{
	struct attempt *a = &hop->attempt;
	struct conn c;
	conn_init(&c);
	for (size_t k = 0; k < n; k++) {
		sd_copy(a->address, sizeof a->address, addrs[k].text);
		probe_connect(r, trust, &hop->target, &addrs[k], a, &c);
		if (a->outcome == CONN_OK || deadline_passed(r))
			break;
		conn_close(&c);
		conn_init(&c);
	}
	enum sd_status st = SD_OK;
	hop->outcome = HOP_FAILED;
	if (a->outcome == CONN_OK) {
		a->sip = calloc(1, sizeof *a->sip);
		st = a->sip ? probe_register(r, &hop->target, &c, a->sip, keep_raw) : SD_ERR_NOMEM;
		hop->outcome = a->sip && a->sip->answered ? HOP_ANSWERED : HOP_NO_ANSWER;
	}
	conn_close(&c);
	return st;
}

/* One hop: the Contact read, the pool resolved, connected to and sent the REGISTER. */
static enum sd_status follow_one(struct result *r, const struct dns_servers *dns, const struct tls_trust *trust,
				 struct redirect_hop *hop, bool keep_raw)
{
	struct address addrs[HOP_ADDRS_MAX];
	size_t n;
	hop->attempt.candidate = -1;
	if (!redirect_target(hop->contact, &hop->target)) {
		hop->outcome = HOP_BAD_CONTACT;
		return SD_OK;
	}
	enum sd_status st = resolve(r, dns, hop, addrs, &n, keep_raw);
	if (st != SD_OK)
		return st;
	if (n == 0) {
		hop->outcome = HOP_UNRESOLVED;
		hop->attempt.unresolved = true;
		hop->attempt.outcome = CONN_ERROR;
		sd_copy(hop->attempt.detail, sizeof hop->attempt.detail, "does not resolve");
		return SD_OK;
	}
	return connect_and_register(r, trust, hop, addrs, n, keep_raw);
}

enum sd_status redirect_follow(struct result *r, const struct dns_servers *dns, const struct tls_trust *trust,
			       bool keep_raw)
{
	enum sd_status st = SD_OK;
	const struct sip_report *s;
	while (st == SD_OK && !r->expired && is_redirect(s = last_answer(r)) && r->n_redirects < REDIRECT_MAX) {
		if (deadline_passed(r)) {
			result_expire(r, "the connection stage (redirect %zu to the home pool)", r->n_redirects + 1);
			break;
		}
		char contact[sizeof r->redirects[0].contact];
		int code = s->response.code;
		sd_copy(contact, sizeof contact, s->response.contact);
		struct redirect_hop *hop = SD_PUSH(r->redirects, r->n_redirects); /* may move s: copied above */
		if (!hop)
			return SD_ERR_NOMEM;
		hop->code = code;
		sd_copy(hop->contact, sizeof hop->contact, contact);
		st = follow_one(r, dns, trust, hop, keep_raw);
	}
	return st;
}
