/* prompt.c — where the client stops on a prompt, and what that does to the verdict (SPEC §5.1, §6). */
#include "prompt.h"

#include "autodiscover_decide.h"
#include "m365.h"

#include <stdio.h>
#include <string.h>

const char *prompt_kind_name(enum prompt_kind k)
{
	static const char *const names[] = { [PROMPT_NONE] = "none", [PROMPT_TRUST] = "trust",
					      [PROMPT_CERTIFICATE] = "certificate" };
	return names[k];
}

bool prompt_on_certificate(const struct result *r, const struct tls_report *t)
{
	return r->profile->ad.tls == AD_TLS_PROMPT && t && t->have_cert
	       && autodiscover_cert_action(AD_TLS_PROMPT, t) == AD_CERT_PROMPT;
}

int prompt_server_attempt(const struct result *r)
{
	return r->prompt.kind != PROMPT_NONE ? r->prompt.attempt : result_chosen(r);
}

bool prompt_on_trust(const struct candidate *c)
{
	return c->naming_enforced && c->naming.rule == NAMING_UNTRUSTED_PROMPT;
}

static void set(struct result *r, enum prompt_kind kind, int cand, int attempt, int ad, const char *host)
{
	r->prompt = (struct prompt){ kind, cand, attempt, ad, "", "" };
	sd_copy(r->prompt.host, sizeof r->prompt.host, host);
}

/* The first https autodiscover URL the client asks whose certificate it stops on. */
static bool find_on_autodiscover(struct result *r)
{
	for (size_t i = 0; i < r->n_autodiscover; i++) {
		const struct ad_url *a = &r->autodiscover[i];
		if (!a->needed || !a->has_tls || !prompt_on_certificate(r, &a->tls))
			continue;
		set(r, PROMPT_CERTIFICATE, -1, -1, (int)i, a->host);
		cert_failures_join(a->tls.failures, r->prompt.why, sizeof r->prompt.why);
		return true;
	}
	return false;
}

/* The first attempt the client stops at: an untrusted server, or a certificate it prompts for. */
static bool find_on_attempts(struct result *r)
{
	for (size_t i = 0; i < r->n_attempts; i++) {
		const struct attempt *a = &r->attempts[i];
		const struct candidate *c = &r->candidates[a->candidate];
		if (!a->unresolved && prompt_on_trust(c)) {
			set(r, PROMPT_TRUST, a->candidate, (int)i, -1, c->host);
			sd_copy(r->prompt.why, sizeof r->prompt.why, "outside every trusted domain");
			return true;
		}
		if (a->outcome == CONN_CERT_INVALID && a->has_tls && prompt_on_certificate(r, &a->tls)) {
			set(r, PROMPT_CERTIFICATE, a->candidate, (int)i, -1, c->host);
			cert_failures_join(a->tls.failures, r->prompt.why, sizeof r->prompt.why);
			return true;
		}
	}
	return false;
}

/* Without connecting: the first candidate the client would try, when it is untrusted. */
static bool find_on_candidates(struct result *r)
{
	for (size_t i = 0; i < r->n_candidates; i++) {
		const struct candidate *c = &r->candidates[i];
		if (c->state != CAND_USABLE)
			continue;
		if (!prompt_on_trust(c))
			return false;
		set(r, PROMPT_TRUST, (int)i, -1, -1, c->host);
		sd_copy(r->prompt.why, sizeof r->prompt.why, "outside every trusted domain");
		return true;
	}
	return false;
}

/* Everything after the prompt in the client's order: what happens only if the user rejects it. */
static void mark_after(struct result *r)
{
	const struct prompt *p = &r->prompt;
	for (size_t i = 0; i < r->n_autodiscover; i++)
		r->autodiscover[i].if_rejected = p->ad_url >= 0 && (int)i > p->ad_url;
	for (size_t i = 0; i < r->n_candidates; i++)
		r->candidates[i].if_rejected = p->ad_url >= 0 || (int)i > p->candidate;
	for (size_t i = 0; i < r->n_attempts; i++) {
		const struct attempt *a = &r->attempts[i];
		r->attempts[i].if_rejected = p->ad_url >= 0 || ((int)i > p->attempt && a->candidate != p->candidate);
	}
}

/*
 * The hints about the server the run connected to, when the client reaches it only if the user
 * rejects the prompt: said as such, never as what the client does (SPEC §6).
 */
static void label_rejected_hints(struct result *r)
{
	static const char prefix[] = "If the user rejects the prompt: ";
	int chosen = result_chosen(r);
	if (chosen < 0 || !r->attempts[chosen].if_rejected)
		return;
	for (size_t i = 0; i < r->n_hints; i++) {
		struct hint *h = &r->hints[i];
		enum hint_kind k = h->kind;
		if (k != HINT_TCP_SKIPPED && k != HINT_TLS_REFUSED_TCP_WORKS && k != HINT_SIP && k != HINT_REDIRECT
		    && k != HINT_CERT_EXPIRY)
			continue;
		char text[sizeof h->text];
		snprintf(text, sizeof text, "%s%.*s", prefix, (int)(sizeof text - sizeof prefix), h->text);
		(void)sd_copy(h->text, sizeof h->text, text); /* cut to fit, as every hint */
	}
}

/* "if the user accepts, ...": what the run observed for the prompted server. */
static void accepting(const struct result *r, const char *before, char *buf, size_t n)
{
	const struct prompt *p = &r->prompt;
	const struct attempt *a = p->attempt >= 0 ? &r->attempts[p->attempt] : NULL;
	if (p->kind == PROMPT_CERTIFICATE)
		snprintf(buf, n, "accepting the certificate signs in to that %s", p->ad_url >= 0 ? "URL's answer"
			 : "server");
	else if (!a)
		snprintf(buf, n, "if the user accepts, the client connects there");
	else if (result_chosen(r) >= 0 && r->attempts[result_chosen(r)].candidate == p->candidate)
		snprintf(buf, n, "if the user accepts, %.900s", before);
	else
		snprintf(buf, n, "if the user accepts, the attempt fails (%s)", attempt_outcome_name(a));
}

/* The server's domain for the Trusted Domain List: the host without its first label. */
static const char *parent_domain(const char *host)
{
	const char *dot = strchr(host, '.');
	return dot && strchr(dot + 1, '.') ? dot + 1 : host;
}

static enum sd_status trust_hint(struct result *r, const struct candidate *c)
{
	const char *d = r->uri.domain, *from = c->srv_query >= 0 ? r->queries[c->srv_query].name : c->host;
	const char *m365 = m365_record_role(r, c);
	if (m365)
		return result_hint(r, HINT_PROMPT, "%s (from %s) is Microsoft 365's %s, and the Trusted Domain List "
				   "(--trusted-domains) does not hold %s: %s asks the user whether to trust it. The record "
				   "is correct: add lync.com to the Trusted Domain List policy (TrustModelData), as the "
				   "defaults have it.", c->host, from, m365, "lync.com", r->profile->client);
	return result_hint(r, HINT_PROMPT, "%s (from %s) is outside every trusted domain of %s: %s stops at the "
			   "prompt \"Lync cannot verify that the server is trusted for your sign-in address. Connect "
			   "anyway?\" and sign-in waits for the user. Point the record at a host under %s (with a "
			   "certificate for that name), or add %s to the Trusted Domain List policy (TrustModelData; "
			   "--trusted-domains replays it).", c->host, from, d, r->profile->client, d, parent_domain(c->host));
}

static enum sd_status certificate_hint(struct result *r)
{
	const struct prompt *p = &r->prompt;
	const char *what = p->ad_url >= 0 ? r->autodiscover[p->ad_url].final_url : p->host;
	return result_hint(r, HINT_PROMPT, "%s asks the user to accept the certificate of %s (%s) and sign-in waits "
			   "until they answer (\"Accept certificate for %s?\"): fix the certificate so that it "
			   "validates; until then, what the client does next depends on the user.", r->profile->client,
			   what, p->why, p->host);
}

/* The last hint moves first: where sign-in waits is what a helpdesk must read first. */
static void first_hint(struct result *r)
{
	struct hint last = r->hints[r->n_hints - 1];
	memmove(&r->hints[1], &r->hints[0], (r->n_hints - 1) * sizeof r->hints[0]);
	r->hints[0] = last;
}

enum sd_status prompt_decide(struct result *r)
{
	memset(&r->prompt, 0, sizeof r->prompt);
	r->prompt.candidate = r->prompt.attempt = r->prompt.ad_url = -1;
	bool found = find_on_autodiscover(r)
		     || (r->policy->connect && r->n_attempts > 0 ? find_on_attempts(r) : find_on_candidates(r));
	if (!found)
		return SD_OK;
	mark_after(r);
	label_rejected_hints(r);
	char before[sizeof r->reason], accept[sizeof r->reason];
	sd_copy(before, sizeof before, r->reason);
	accepting(r, before, accept, sizeof accept);
	r->server = r->prompt.candidate;
	r->status = r->prompt.kind == PROMPT_CERTIFICATE ? SD_VERDICT_WARNING
							 : sd_verdict_worst(r->status, SD_VERDICT_WARNING);
	char text[2 * sizeof r->reason]; /* cut to the reason's size below */
	if (r->prompt.kind == PROMPT_TRUST)
		snprintf(text, sizeof text, "sign-in waits for the user: %s asks whether to trust %s (%s of %s); %s",
			 r->profile->client, r->prompt.host, r->prompt.why, r->uri.domain, accept);
	else
		snprintf(text, sizeof text, "sign-in waits for the user to accept the certificate of %s: %s (%s stops "
			 "at its prompt); %s", r->prompt.host, r->prompt.why, r->profile->client, accept);
	(void)sd_copy(r->reason, sizeof r->reason, text); /* false: cut to fit, as every reason */
	size_t before_hints = r->n_hints;
	enum sd_status st = SD_OK;
	if (r->prompt.kind == PROMPT_TRUST)
		st = trust_hint(r, &r->candidates[r->prompt.candidate]);
	else if (r->prompt.ad_url < 0) /* on a URL, autodiscover_verdict's certificate hint names the prompt */
		st = certificate_hint(r);
	if (st == SD_OK && r->n_hints > before_hints)
		first_hint(r);
	return st;
}
