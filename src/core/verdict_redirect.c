/* verdict_redirect.c — the verdict on a REGISTER redirected to a home pool (SPEC §6). Pure. */
#include "verdict_redirect.h"

#include <stdio.h>
#include <string.h>

#include "verdict_cert.h"

void verdict_sip_summary(const struct sip_response *s, char *buf, size_t n)
{
	size_t len = 0;
	buf[0] = '\0';
	str_appendf(buf, n, &len, "%d %s", s->code, s->reason);
	for (size_t i = 0; i < s->n_challenges; i++)
		str_appendf(buf, n, &len, "%s%s", i ? ", " : " offering ", sip_scheme_name(s->challenges[i].scheme));
}

/* The server that sent hop i's redirect: the chosen attempt's, or the previous hop's pool. */
static void redirector(const struct result *r, size_t i, char *buf, size_t n)
{
	const struct candidate *c = i ? &r->redirects[i - 1].target : &r->candidates[r->attempts[result_chosen(r)].candidate];
	snprintf(buf, n, "%s:%u", c->host, c->port);
}

/* What went wrong at a failed hop, for the reason: "does not resolve (nxdomain)". */
static void hop_failure(const struct redirect_hop *h, char *buf, size_t n)
{
	const struct attempt *a = &h->attempt;
	if (h->outcome == HOP_BAD_CONTACT)
		snprintf(buf, n, "is no server the client can use");
	else if (h->outcome == HOP_UNRESOLVED)
		snprintf(buf, n, "does not resolve (%s)", h->dns[0] ? h->dns : "no address");
	else
		snprintf(buf, n, "fails at %s: %s (%s)", a->address, attempt_outcome_name(a), a->detail);
}

static enum sd_status hop_hint(struct result *r, const struct redirect_hop *h, const char *from)
{
	const struct candidate *t = &h->target;
	const struct attempt *a = &h->attempt;
	switch (h->outcome) {
	case HOP_BAD_CONTACT:
		return result_hint(r, HINT_REDIRECT, "%s redirects sign-in (%d) with the Contact %s, which names no SIP "
				   "server over TLS or TCP: correct the home pool's name in the topology.", from, h->code,
				   h->contact);
	case HOP_UNRESOLVED:
		return result_hint(r, HINT_REDIRECT, "%s redirects sign-in (%d) to the home pool %s, which does not "
				   "resolve (%s%s%s): publish its address record, or correct the pool's name in the "
				   "topology.", from, h->code, t->host, h->dns[0] ? h->dns : "no address",
				   h->dns_server[0] ? " from " : "", h->dns_server);
	case HOP_FAILED:
		if (a->outcome == CONN_CERT_INVALID)
			return verdict_cert_hints(r, t, &a->tls);
		return result_hint(r, HINT_REDIRECT, "The home pool %s:%u (%s), where %s redirects sign-in, %s (%s): "
				   "check that the pool's server is running and that no firewall blocks the port.",
				   t->host, t->port, a->address, from,
				   a->outcome == CONN_REFUSED ? "refuses connections" : "cannot be reached", a->detail);
	case HOP_NO_ANSWER:
		return result_hint(r, HINT_SIP, "The home pool %s:%u accepted the connection but gave no SIP answer "
				   "(%s): check the SIP service behind it.", t->host, t->port,
				   a->sip ? a->sip->error : "no REGISTER sent");
	case HOP_ANSWERED:
		break;
	}
	return SD_OK;
}

/* The sign-in fails at hop h: CRITICAL, the reason saying where and why. */
static enum sd_status hop_fails(struct result *r, const struct redirect_hop *h, const char *from)
{
	char what[400];
	size_t len = 0;
	hop_failure(h, what, sizeof what);
	r->status = SD_VERDICT_CRITICAL;
	str_appendf(r->reason, sizeof r->reason, &len, "the client would not sign in: %s redirects the REGISTER (%d) to the "
		 "home pool %s:%u, which %s", from, h->code, h->target.host, h->target.port, what);
	return hop_hint(r, h, from);
}

enum sd_status verdict_redirect_hops(struct result *r)
{
	char from[SD_QNAME_MAX + 8], summary[400];
	for (size_t i = 0; i < r->n_redirects; i++) {
		const struct redirect_hop *h = &r->redirects[i];
		redirector(r, i, from, sizeof from);
		if (h->outcome == HOP_BAD_CONTACT || h->outcome == HOP_UNRESOLVED || h->outcome == HOP_FAILED)
			return hop_fails(r, h, from);
		size_t len = strlen(r->reason);
		if (h->outcome == HOP_NO_ANSWER) {
			r->status = sd_verdict_worst(r->status, SD_VERDICT_WARNING);
			str_appendf(r->reason, sizeof r->reason, &len, ", to %s:%u (%s), which gave no SIP answer",
				    h->target.host, h->target.port, h->attempt.address);
			return hop_hint(r, h, from);
		}
		verdict_sip_summary(&h->attempt.sip->response, summary, sizeof summary);
		str_appendf(r->reason, sizeof r->reason, &len, ", to %s:%u (%s), which answered %s", h->target.host,
			    h->target.port, h->attempt.address, summary);
		int code = h->attempt.sip->response.code;
		if ((code == 301 || code == 302) && i + 1 == REDIRECT_MAX) {
			r->status = SD_VERDICT_CRITICAL;
			snprintf(r->reason, sizeof r->reason, "the client would not sign in: more than %d redirects of the "
				 "REGISTER (the last from %s:%u)", REDIRECT_MAX, h->target.host, h->target.port);
			return result_hint(r, HINT_REDIRECT, "The REGISTER is redirected more than %d times (the last by %s:%u "
					   "to %s): correct the users' home pools so that one redirect reaches the pool "
					   "that serves them.", REDIRECT_MAX, h->target.host, h->target.port,
					   h->attempt.sip->response.contact);
		}
		if (code >= 500)
			r->status = sd_verdict_worst(r->status, SD_VERDICT_WARNING);
	}
	return SD_OK;
}

bool verdict_redirect_failed(const struct result *r)
{
	if (r->n_redirects == 0)
		return false;
	enum hop_outcome o = r->redirects[r->n_redirects - 1].outcome;
	return o == HOP_BAD_CONTACT || o == HOP_UNRESOLVED || o == HOP_FAILED;
}
