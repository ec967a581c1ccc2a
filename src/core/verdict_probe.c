/* verdict_probe.c — the verdict once the attempts are made (SPEC §6, §8), with hints per failure. Pure. */
#include "verdict_probe.h"

#include "candidate.h"
#include "result_lookup.h"
#include "verdict_cert.h"
#include "verdict_redirect.h"
#include "verdict_tcp.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/*
 * SPEC §6 (issue 20): a failed handshake's hint says what the bytes showed: "the port is
 * 5061, not 5060" only when something that is not TLS answered; a protocol-version or cipher
 * mismatch is named as such; otherwise the tool says it cannot tell why.
 */
static enum sd_status hint_handshake(struct result *r, const struct candidate *c, const struct attempt *a)
{
	switch (a->tls.handshake_failure) {
	case TLS_HS_NOT_TLS:
		return result_hint(r, HINT_CONNECT, "%s:%u answers the TLS handshake with something that is not TLS "
				   "(%s): check that the port is the server's TLS listener (5061), not its clear-text one "
				   "(5060).", c->host, c->port, a->detail);
	case TLS_HS_VERSION:
		return result_hint(r, HINT_CONNECT, "%s:%u speaks TLS but has no protocol version in common with this "
				   "check (%s): check the TLS versions the server allows.", c->host, c->port, a->detail);
	case TLS_HS_CIPHER:
		return result_hint(r, HINT_CONNECT, "%s:%u speaks TLS but refuses the handshake (%s): it accepts "
				   "nothing this check offers, most often no cipher suite or key exchange group in common; "
				   "check the cipher suites and TLS settings the server allows.", c->host, c->port, a->detail);
	case TLS_HS_UNKNOWN:
		break;
	}
	return result_hint(r, HINT_CONNECT, "%s:%u does not complete a TLS handshake (%s); what the server objects "
			   "to is not visible from here: its TLS log says why.", c->host, c->port, a->detail);
}

static enum sd_status hint_attempt(struct result *r, const struct attempt *a)
{
	const struct candidate *c = &r->candidates[a->candidate];
	if (a->unresolved || a->outcome == CONN_OK)
		return SD_OK;
	if (a->outcome == CONN_CERT_INVALID)
		return verdict_cert_hints(r, c, &a->tls);
	if (a->outcome == CONN_TLS_FAILED)
		return hint_handshake(r, c, a);
	if (a->outcome == CONN_TIMEOUT && a->tcp_connected)
		return result_hint(r, HINT_CONNECT, "%s:%u accepts the TCP connection but does not answer the TLS "
				   "handshake (%s): it is probably a clear-text port (5060), not the TLS listener (5061).",
				   c->host, c->port, a->detail);
	/* SPEC §7: one hint per fact: every server that failed the same way is named in one hint */
	char server[400], cause[512];
	snprintf(server, sizeof server, "%s:%u (%s)", c->host, c->port, a->address);
	snprintf(cause, sizeof cause, "connect %s: %s", conn_outcome_name(a->outcome), a->detail);
	if (a->outcome == CONN_REFUSED)
		return result_hint_about(r, HINT_CONNECT, cause, server, "Connections to %s are refused (%s): check that "
					 "the server is running and that no firewall blocks the port.", HINT_SERVERS,
					 a->detail);
	return result_hint_about(r, HINT_CONNECT, cause, server, "%s cannot be reached (%s): check that the server "
				 "is running and that no firewall blocks the port.", HINT_SERVERS, a->detail);
}

/* TLS to a host failed (any outcome), then the client settles for clear-text TCP on the same host. */
static enum sd_status hint_tls_refused(struct result *r, const struct attempt *chosen)
{
	const struct candidate *won = &r->candidates[chosen->candidate];
	if (won->transport != SD_TCP)
		return SD_OK;
	for (const struct attempt *a = r->attempts; a < chosen; a++) {
		const struct candidate *c = &r->candidates[a->candidate];
		enum sd_status st = SD_OK;
		char server[400], cause[400];
		snprintf(server, sizeof server, "%s:%u", c->host, c->port);
		snprintf(cause, sizeof cause, "%s %s:%u", conn_outcome_name(a->outcome), won->host, won->port);
		if (c->transport == SD_TLS && strcmp(c->host, won->host) == 0 && !a->unresolved
		    && !verdict_cert_untrusted_here(r, a))
			st = result_hint_about(r, HINT_TLS_REFUSED_TCP_WORKS, cause, server, "TLS to %s fails (%s) while "
					       "clear-text TCP to port %u works, so the client signs in without "
					       "encryption: %s.", HINT_SERVERS, conn_outcome_name(a->outcome), won->port,
					       a->outcome == CONN_CERT_INVALID ? "fix the certificate (the certificate "
					       "hint says how)" : "fix the TLS listener");
		if (st != SD_OK)
			return st;
	}
	return SD_OK;
}

static enum sd_status verdict_expiry(struct result *r, const struct candidate *c, const struct tls_report *t)
{
	char date[STR_TIME_SIZE];
	/*
	 * days_to_expiry is whole days left, rounded down: "expires within N days" is
	 * days_to_expiry < N, exactly what the perfdata ranges "N:" alert on (SPEC §7, §8).
	 */
	if (!t->have_cert || t->days_to_expiry >= r->policy->warning_days)
		return SD_OK;
	r->cert_expiry = t->days_to_expiry < r->policy->critical_days ? SD_VERDICT_CRITICAL : SD_VERDICT_WARNING;
	r->status = sd_verdict_worst(r->status, r->cert_expiry);
	str_time_utc(date, sizeof date, t->not_after, STR_TIME_MINUTE);
	return result_hint(r, HINT_CERT_EXPIRY, "The certificate of %s expires in %ld day%s (%s): renew it "
			   "before then.", c->host, t->days_to_expiry, t->days_to_expiry == 1 ? "" : "s", date);
}

/* The host of a Contact's sip: or sips: URI, lower case, without port or trailing dot ("" if none). */
static void contact_host(const char *contact, char *host, size_t n)
{
	const char *p = contact;
	host[0] = '\0';
	while (*p && strncasecmp(p, "sip:", 4) != 0 && strncasecmp(p, "sips:", 5) != 0)
		p++;
	if (!*p)
		return;
	p = strchr(p, ':') + 1;
	size_t end = strcspn(p, ";>?");
	const char *at = memchr(p, '@', end);
	if (at)
		p = at + 1;
	if (*p == '[') /* an IPv6 literal: no name to check */
		return;
	snprintf(host, n, "%.*s", (int)strcspn(p, ":;>?"), p);
	size_t len = strlen(host);
	if (len > 0 && host[len - 1] == '.')
		host[len - 1] = '\0';
	for (char *q = host; *q; q++)
		*q = (char)tolower((unsigned char)*q);
}

static enum sd_status verdict_redirect(struct result *r, const struct sip_response *s)
{
	char host[SD_HOST_MAX];
	contact_host(s->contact, host, sizeof host);
	/* When the home pool fails, its own hint says where the client is sent: one hint for one fact. */
	enum sd_status st = verdict_redirect_failed(r) ? SD_OK
			    : result_hint(r, HINT_REDIRECT, "The server redirects to %s (the user's home pool); the "
					  "client signs in there next.", s->contact);
	if (st != SD_OK)
		return st;
	struct naming_verdict v = candidate_naming(r, host);
	if (!host[0] || result_literal_address(host, &(struct address){ 0 }) || r->profile->naming == NAMING_MODEL_NONE
	    || v.allowed)
		return SD_OK;
	r->status = sd_verdict_worst(r->status, SD_VERDICT_WARNING);
	return result_hint(r, HINT_REDIRECT, "The redirect target %s fails the naming rule (%s): the client may "
			   "refuse it.", host, naming_rule_text(v.rule));
}

static enum sd_status verdict_sip(struct result *r, const struct attempt *a)
{
	const struct candidate *c = &r->candidates[a->candidate];
	const struct sip_report *s = a->sip;
	size_t len = strlen(r->reason);
	char summary[400];
	if (!s)
		return SD_OK;
	if (!s->answered) {
		r->status = sd_verdict_worst(r->status, SD_VERDICT_WARNING);
		snprintf(r->reason + len, sizeof r->reason - len, "; no SIP answer: %s", s->error);
		return result_hint(r, HINT_SIP, "%s:%u accepted the connection but gave no SIP answer (%s): check "
				   "the SIP service behind it.", c->host, c->port, s->error);
	}
	verdict_sip_summary(&s->response, summary, sizeof summary);
	snprintf(r->reason + len, sizeof r->reason - len, "; REGISTER answered %s", summary);
	if (s->response.code == 301 || s->response.code == 302) {
		enum sd_status st = verdict_redirect(r, &s->response);
		return st == SD_OK ? verdict_redirect_hops(r) : st; /* SPEC §6: followed to the home pool */
	}
	if (s->response.code >= 500)
		r->status = sd_verdict_worst(r->status, SD_VERDICT_WARNING);
	return SD_OK;
}

/* The failed attempts the reason line names one by one; the rest are counted. */
#define REASON_ATTEMPTS_MAX 4

/* "pool:5061/tls certificate-invalid, sip:443/tls refused" for the reason line. */
static void failures(const struct result *r, char *buf, size_t n)
{
	size_t len = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < r->n_attempts && len < n; i++) {
		const struct attempt *a = &r->attempts[i];
		const struct candidate *c = &r->candidates[a->candidate];
		if (i == REASON_ATTEMPTS_MAX) {
			snprintf(buf + len, n - len, ", and %zu more", r->n_attempts - i);
			break;
		}
		len += (size_t)snprintf(buf + len, n - len, "%s%s:%u/%s %s", i ? ", " : "", c->host, c->port,
					sd_transport_name(c->transport), attempt_outcome_name(a));
	}
}

static enum sd_status verdict_chosen(struct result *r)
{
	int chosen = result_chosen(r);
	const struct attempt *a = &r->attempts[chosen];
	const struct candidate *c = &r->candidates[a->candidate];
	r->server = a->candidate;
	r->status = SD_VERDICT_OK;
	/* SPEC §7, §8: the expiry decision first, so that the reason never calls an expiring certificate valid */
	enum sd_status st = c->transport == SD_TLS ? verdict_expiry(r, c, &a->tls) : SD_OK;
	bool expiring = r->cert_expiry != SD_VERDICT_OK;
	char cause[400] = "", date[STR_TIME_SIZE];
	if (expiring) { /* the cause first, as the plugin line has it (SPEC §7) */
		str_time_utc(date, sizeof date, a->tls.not_after, STR_TIME_ISO8601);
		date[strcspn(date, "T")] = '\0';
		snprintf(cause, sizeof cause, "certificate of %.255s expires in %ld day%s (%s); ", c->host,
			 a->tls.days_to_expiry, a->tls.days_to_expiry == 1 ? "" : "s", date);
	}
	snprintf(r->reason, sizeof r->reason, "%sthe client would sign in to %s:%u (%s) over %s", cause, c->host, c->port,
		 a->address, c->transport == SD_TCP ? "clear-text TCP" : expiring ? "TLS" : "TLS with a valid certificate");
	if (c->transport == SD_TCP) {
		r->status = SD_VERDICT_WARNING;
		st = verdict_tcp_hint(r);
	}
	if (chosen > 0) {
		size_t len = strlen(r->reason);
		r->status = sd_verdict_worst(r->status, SD_VERDICT_WARNING);
		snprintf(r->reason + len, sizeof r->reason - len, ", after %d failed attempt%s", chosen,
			 chosen == 1 ? "" : "s");
	}
	st = st == SD_OK && c->transport == SD_TLS ? verdict_cert_warning(r, c, &a->tls) : st;
	if (st == SD_OK)
		st = hint_tls_refused(r, a);
	return st == SD_OK ? verdict_sip(r, a) : st;
}

enum sd_status verdict_attempts(struct result *r)
{
	char list[640];
	enum sd_status st = SD_OK;
	r->cert_expiry = SD_VERDICT_OK;
	for (size_t i = 0; i < r->n_attempts && st == SD_OK; i++)
		st = hint_attempt(r, &r->attempts[i]);
	if (st != SD_OK)
		return st;
	if (result_chosen(r) >= 0)
		return verdict_chosen(r);
	if (r->n_attempts == 0)
		return SD_OK;
	r->server = -1;
	r->status = SD_VERDICT_CRITICAL;
	failures(r, list, sizeof list);
	snprintf(r->reason, sizeof r->reason, "no attempt succeeded: %s", list);
	if (r->policy->no_tcp)
		return result_hint(r, HINT_NO_TCP_POLICY, "TCP is forbidden by policy (--no-tcp): the client "
				   "neither queries _sipinternal._tcp.%s nor tries TCP.", r->uri.domain);
	return SD_OK;
}
