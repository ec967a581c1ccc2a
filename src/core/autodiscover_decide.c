/* autodiscover_decide.c — the client's use of the autodiscover answers (SPEC §4.7). Pure. */
#include "autodiscover_decide.h"


#include "autodiscover_doc.h"
#include "candidate.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

/*
 * SPEC §4.7: each certificate failure class of SPEC §6, and what each profile's client does
 * with it. sipe follows libpurple's certificate verifier: its non-fatal flags (self-signed,
 * CA unknown, not activated, expired, name mismatch) stop on a prompt the user must answer;
 * its fatal ones (invalid chain, revoked) fail the connection without a word. An insecure
 * signature or a signer that may not sign makes libpurple's chain invalid. lync2013 (the
 * Windows client) shows a certificate warning for any of them.
 */
static const struct {
	unsigned failure;
	enum ad_cert_action action[3];       /* by enum profile_ad_tls */
} cert_actions[] = {
	{ CERT_UNTRUSTED_ISSUER, { [AD_TLS_PROMPT] = AD_CERT_PROMPT, [AD_TLS_WARNING] = AD_CERT_WARNING } },
	{ CERT_MISSING_INTERMEDIATE, { [AD_TLS_PROMPT] = AD_CERT_PROMPT, [AD_TLS_WARNING] = AD_CERT_WARNING } },
	{ CERT_NAME_MISMATCH, { [AD_TLS_PROMPT] = AD_CERT_PROMPT, [AD_TLS_WARNING] = AD_CERT_WARNING } },
	{ CERT_EXPIRED, { [AD_TLS_PROMPT] = AD_CERT_PROMPT, [AD_TLS_WARNING] = AD_CERT_WARNING } },
	{ CERT_NOT_YET_VALID, { [AD_TLS_PROMPT] = AD_CERT_PROMPT, [AD_TLS_WARNING] = AD_CERT_WARNING } },
	{ CERT_INSECURE_SIGNATURE, { [AD_TLS_PROMPT] = AD_CERT_REJECTED, [AD_TLS_WARNING] = AD_CERT_WARNING } },
	{ CERT_REVOKED, { [AD_TLS_PROMPT] = AD_CERT_REJECTED, [AD_TLS_WARNING] = AD_CERT_WARNING } },
	{ CERT_OTHER, { [AD_TLS_PROMPT] = AD_CERT_REJECTED, [AD_TLS_WARNING] = AD_CERT_WARNING } },
};

enum ad_cert_action autodiscover_cert_action(enum profile_ad_tls tls, const struct tls_report *t)
{
	if (!t || tls == AD_TLS_NONE)
		return AD_CERT_NONE;
	if (!t->have_cert)
		return t->failures ? AD_CERT_REJECTED : AD_CERT_NONE; /* nothing a user could be shown */
	enum ad_cert_action worst = AD_CERT_ACCEPTED;
	for (size_t i = 0; i < sizeof cert_actions / sizeof cert_actions[0]; i++)
		if ((t->failures & cert_actions[i].failure) && cert_actions[i].action[tls] > worst)
			worst = cert_actions[i].action[tls]; /* a fatal class outweighs a prompt */
	return worst;
}

/* The TLS report of a's last request, or NULL for http:// and a handshake that ended before
 * any certificate. */
static const struct tls_report *tls_of(const struct ad_url *a)
{
	return a->has_tls ? &a->tls : NULL;
}

/* Whether entry i is the end of its chain: no hop came from it. */
static bool chain_end(const struct result *r, size_t i)
{
	for (size_t k = i + 1; k < r->n_autodiscover; k++)
		if (ad_is_hop(&r->autodiscover[k]) && r->autodiscover[k].from == i)
			return false;
	return true;
}

/* An answer the client acts on, at the end of its chain of hops: a usable document, or a 401
 * it authenticates to. */
static bool answers(const struct result *r, size_t i)
{
	const struct ad_url *a = &r->autodiscover[i];
	return (a->outcome == AD_USABLE || a->outcome == AD_UNAUTHORIZED) && chain_end(r, i);
}

void autodiscover_choose(struct result *r)
{
	int win = -1;
	for (size_t i = 0; i < r->n_autodiscover; i++) {
		struct ad_url *a = &r->autodiscover[i];
		a->winner = false;
		/* a URL of the winner's group went out with it; later groups never do */
		a->needed = win < 0 || a->group == r->autodiscover[win].group;
		if (win < 0 && answers(r, i))
			win = (int)i;
	}
	if (win >= 0)
		r->autodiscover[win].winner = true;
}

/* The winning URL (usable or 401), or NULL when the client goes on with DNS discovery. */
static const struct ad_url *autodiscover_winner(const struct result *r)
{
	if (r->profile->ad.n_urls == 0)
		return NULL;
	for (size_t i = 0; i < r->n_autodiscover; i++)
		if (r->autodiscover[i].winner)
			return &r->autodiscover[i];
	return NULL;
}

size_t autodiscover_server_names(const struct result *r, const char **names, size_t max)
{
	const struct ad_url *w = autodiscover_winner(r);
	size_t n = 0;
	for (size_t i = 0; w && w->outcome == AD_USABLE && i < w->n_servers && n < max; i++)
		if (w->servers[i].used)
			names[n++] = w->servers[i].fqdn;
	return n;
}

enum sd_status autodiscover_candidates(struct result *r)
{
	const struct ad_url *w = autodiscover_winner(r);
	for (size_t i = 0; w && w->outcome == AD_USABLE && i < w->n_servers; i++) {
		const struct ad_server *s = &w->servers[i];
		if (!s->used)
			continue;
		/* SPEC §4.7: the client trusts the web service; the naming rule is reported, not enforced. */
		struct candidate *c = candidate_add(r, s->fqdn, (uint16_t)s->port, SD_TLS, ORIGIN_AUTODISCOVER);
		enum sd_status st = c ? candidate_resolve(r, c, false) : SD_ERR_NOMEM;
		if (st != SD_OK)
			return st;
	}
	return SD_OK;
}

/* SPEC §4.7: --no-connect asks no service, so a resolving name leaves the server open. */
static enum sd_status verdict_not_asked(struct result *r)
{
	for (size_t i = 0; i < r->n_queries; i++) {
		const struct query *q = &r->queries[i];
		bool same_host_done = i > 0 && strcmp(q[-1].name, q->name) == 0 && q[-1].n_addr > 0;
		if (q->role != QUERY_AUTODISCOVER || q->n_addr == 0 || same_host_done)
			continue;
		if (!r->policy->view_only) /* SPEC §7.2: the second view has no --no-connect cap */
			r->status = sd_verdict_worst(r->status, SD_VERDICT_WARNING);
		enum sd_status st = result_hint(r, HINT_AUTODISCOVER,
						"%s resolves: %s asks the Lync autodiscover service there before any SRV "
						"query, and its answer may change the server (not asked with --no-connect).",
						q->name, r->profile->client);
		if (st != SD_OK)
			return st;
	}
	return SD_OK;
}

/* Whether DNS discovery fails: no server, or, once connected, no attempt that connected. */
static bool dns_discovery_fails(const struct result *r)
{
	if (r->server < 0)
		return true;
	return r->policy->connect && result_chosen(r) < 0;
}

static void join_schemes(const struct ad_url *a, char *buf, size_t n)
{
	size_t len = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < a->n_schemes; i++)
		str_appendf(buf, n, &len, "%s%s", i ? ", " : "", a->schemes[i]);
	if (!a->n_schemes)
		sd_copy(buf, n, "none offered");
}

/* A 401 this check cannot pass: the client's server comes from the authenticated answer. */
static enum sd_status verdict_unauthorized(struct result *r, const struct ad_url *w)
{
	char schemes[300];
	join_schemes(w, schemes, sizeof schemes);
	const char *how = w->via_user_link ? "the client authenticates to it" : r->profile->ad.client_401;
	bool fails = dns_discovery_fails(r);
	if (fails)
		r->status = sd_verdict_worst(r->status, SD_VERDICT_WARNING);
	return result_hint(r, HINT_AUTODISCOVER,
			   "The autodiscover service at %s asks for authentication (%s%s%s): %s%s, and its SIP "
			   "server comes from that authenticated answer, which this check cannot see. The verdict "
			   "is DNS discovery's%s",
			   w->final_url, schemes, w->webticket_url[0] ? "; web ticket at " : "", w->webticket_url,
			   how, w->webticket_url[0] ? " with a web ticket" : "",
			   fails ? ", which fails: clients that skip autodiscover (older clients, desk phones) cannot "
					"sign in." : ".");
}

/* Whether verdict_certificate's hint for a (a name mismatch the user is shown) says name_hint's fix. */
static bool said_name(const struct result *r, const struct ad_url *a)
{
	const struct tls_report *t = tls_of(a);
	if (!a->https || !t || !(t->failures & CERT_NAME_MISMATCH))
		return false;
	enum ad_cert_action act = autodiscover_cert_action(r->profile->ad.tls, t);
	return act == AD_CERT_PROMPT || act == AD_CERT_WARNING;
}

/* One URL's certificate as its client takes it: the prompt, the warning, or SHA-1 (SPEC §4.7, §6). */
static enum sd_status verdict_certificate(struct result *r, const struct ad_url *a)
{
	const struct tls_report *t = tls_of(a);
	enum ad_cert_action act = autodiscover_cert_action(r->profile->ad.tls, t);
	char classes[CERT_FAILURES_TEXT];
	if (act == AD_CERT_PROMPT || act == AD_CERT_WARNING) {
		cert_failures_join(t->failures, classes, sizeof classes);
		r->status = sd_verdict_worst(r->status, SD_VERDICT_WARNING);
		/* issue 22, one hint per fact: the name fix of name_hint is said here, once */
		char fix[3 * SD_HOST_MAX + 160] = "";
		if (said_name(r, a))
			snprintf(fix, sizeof fix, " It does not name %s: add that name to the reverse proxy's "
				 "certificate, or publish autodiscover on port 80 (http://%s).", a->host, a->host);
		return result_hint(r, HINT_CERT, act == AD_CERT_PROMPT
				   ? "The certificate of %s is rejected (%s): %s stops and shows a certificate "
					  "prompt, and sign-in waits until the user answers it.%s"
				   : "The certificate of %s is rejected (%s): %s shows the user a certificate warning.%s",
				   a->final_url, classes, r->profile->client, fix);
	}
	if (act != AD_CERT_ACCEPTED || !t->sha1_signature)
		return SD_OK; /* rejected: the URL failed, nothing shown to the user */
	r->status = sd_verdict_worst(r->status, SD_VERDICT_WARNING);
	return result_hint(r, HINT_CERT, "The certificate chain of %s is signed with SHA-1 (the server "
			   "certificate with %s): %s accepts it%s, but browsers, mobile clients and current TLS "
			   "libraries refuse SHA-1: reissue it with SHA-256.", a->final_url, t->signature,
			   r->profile->client, profile_sha1_acceptance(r->profile));
}

/* SPEC §4.7's certificate rules over the URLs the client asks: sipe's prompt, lync2013's warning. */
static enum sd_status verdict_certificates(struct result *r)
{
	enum sd_status st = SD_OK;
	for (size_t i = 0; st == SD_OK && i < r->n_autodiscover; i++)
		if (r->autodiscover[i].needed)
			st = verdict_certificate(r, &r->autodiscover[i]);
	return st;
}

/* SPEC §4.7: an https certificate that does not name the URL's host, said at the host's first https URL. */
static enum sd_status name_hint(struct result *r, size_t i)
{
	const struct ad_url *a = &r->autodiscover[i];
	const struct tls_report *t = tls_of(a);
	if (ad_is_hop(a) || !a->https || !t || !t->have_cert || !(t->failures & CERT_NAME_MISMATCH))
		return SD_OK; /* a hop's host is no autodiscover name: its certificate hint is verdict_certificate's */
	for (size_t k = 0; k < i; k++)
		if (r->autodiscover[k].https && strcasecmp(r->autodiscover[k].host, a->host) == 0)
			return SD_OK;
	for (size_t k = 0; k < r->n_autodiscover; k++) /* the certificate hint of a needed URL said it */
		if (r->autodiscover[k].needed && r->autodiscover[k].https && strcasecmp(r->autodiscover[k].host, a->host) == 0
		    && said_name(r, &r->autodiscover[k]))
			return SD_OK;
	return result_hint(r, HINT_AUTODISCOVER_SECURITY,
			   "The certificate of https://%s does not name %s: add that name to the reverse "
			   "proxy's certificate, or publish autodiscover on port 80 (http://%s).",
			   a->host, a->host, a->host);
}

/* SPEC §4.7: Basic offered over clear-text http to a client that sends the password at the first 401. */
static enum sd_status basic_hint(struct result *r, const struct ad_url *a)
{
	if (r->profile->ad.first_401 != AD_401_PASSWORD || a->outcome != AD_UNAUTHORIZED
	    || strncasecmp(a->final_url, "http://", 7) != 0)
		return SD_OK;
	for (size_t k = 0; k < a->n_schemes; k++)
		if (strcasecmp(a->schemes[k], "Basic") == 0)
			return result_hint(r, HINT_AUTODISCOVER_SECURITY,
					   "%s answers 401 with Basic over clear-text http: %s sends the account's password "
					   "there in clear, and a spoofed %s record harvests passwords. Serve autodiscover "
					   "over https only, or drop Basic.",
					   a->final_url, r->profile->client, a->host);
	return SD_OK;
}

/* The two security hints of SPEC §4.7, each at most once per host. */
static enum sd_status security_hints(struct result *r)
{
	enum sd_status st = SD_OK;
	for (size_t i = 0; i < r->n_autodiscover && st == SD_OK; i++) {
		st = name_hint(r, i);
		if (st == SD_OK)
			st = basic_hint(r, &r->autodiscover[i]);
	}
	return st;
}

/* The time of the chain of first URL i: its request and each hop's after it, one after the other. */
static unsigned chain_time(const struct result *r, size_t i)
{
	unsigned ms = r->autodiscover[i].ms;
	for (size_t k = i + 1; k < r->n_autodiscover && ad_is_hop(&r->autodiscover[k]); k++)
		ms += r->autodiscover[k].ms;
	return ms;
}

/* SPEC §4.7: the client's time is sequential over groups, a group lasting its slowest chain. */
static unsigned client_time(const struct result *r)
{
	unsigned total = 0;
	for (size_t i = 0; i < r->n_autodiscover; i++) {
		const struct ad_url *a = &r->autodiscover[i];
		if (!a->needed || ad_is_hop(a))
			continue;
		bool first = true; /* the group's first URL adds the group's slowest chain */
		for (size_t k = 0; k < i; k++)
			first &= ad_is_hop(&r->autodiscover[k]) || r->autodiscover[k].group != a->group;
		if (!first)
			continue;
		unsigned slowest = 0;
		for (size_t k = i; k < r->n_autodiscover; k++)
			if (!ad_is_hop(&r->autodiscover[k]) && r->autodiscover[k].group == a->group && chain_time(r, k) > slowest)
				slowest = chain_time(r, k);
		total += slowest;
	}
	return total;
}

/* The hints on where the server came from: autodiscover's packaged note, or DNS after its servers failed. */
static enum sd_status origin_hints(struct result *r, const struct ad_url *w)
{
	if (r->server < 0)
		return SD_OK;
	const char *note = r->profile->ad.packaged_note;
	if (r->candidates[r->server].origin == ORIGIN_AUTODISCOVER)
		return note ? result_hint(r, HINT_AUTODISCOVER, "%s.", note) : SD_OK;
	bool tried = false; /* SipServer* entries, and internal ones under AccessLocation External, are never tried */
	for (size_t i = 0; w && i < w->n_servers; i++)
		tried |= w->servers[i].used;
	if (w && w->outcome == AD_USABLE && tried)
		return result_hint(r, HINT_AUTODISCOVER,
				   "The SIP servers named by autodiscover (%s) failed, so the client went on with DNS "
				   "discovery.", w->final_url);
	return SD_OK;
}

enum sd_status autodiscover_verdict(struct result *r)
{
	if (r->profile->ad.n_urls == 0 && r->profile->autodiscover[0] == NULL)
		return SD_OK;
	if (!r->ad_ran)
		return r->fallback == FALLBACK_NOT_APPLICABLE ? SD_OK : verdict_not_asked(r);
	r->client_estimate_ms += client_time(r);
	const struct ad_url *w = autodiscover_winner(r);
	enum sd_status st = w && w->outcome == AD_UNAUTHORIZED ? verdict_unauthorized(r, w) : SD_OK;
	if (st == SD_OK)
		st = origin_hints(r, w);
	if (st == SD_OK)
		st = verdict_certificates(r);
	if (st == SD_OK)
		st = security_hints(r);
	return st;
}

void autodiscover_summary(const struct result *r, char *buf, size_t n)
{
	const struct ad_url *w = autodiscover_winner(r);
	buf[0] = '\0';
	if (!r->ad_ran)
		return;
	if (r->prompt.kind != PROMPT_NONE && r->prompt.ad_url >= 0) /* SPEC §6: the client stops there; prompt_decide marked what follows */
		snprintf(buf, n, "%s stops at the certificate prompt for %s (%s): sign-in waits for the user; what "
			 "follows happens only if the user rejects it", r->profile->client,
			 r->autodiscover[r->prompt.ad_url].final_url, r->prompt.why);
	else if (!w)
		snprintf(buf, n, "no URL answered: %s goes on with DNS discovery (below)", r->profile->client);
	else if (w->outcome == AD_UNAUTHORIZED)
		snprintf(buf, n, "%s answers 401: the SIP server comes from the authenticated answer, not seen here; "
			 "DNS discovery below is what clients without autodiscover get", w->final_url);
	else {
		const char *names[AD_ACCESS_COUNT];
		size_t k = autodiscover_server_names(r, names, sizeof names / sizeof names[0]);
		if (k == 0)
			snprintf(buf, n, "%s answers, but names no SIP server for the client: DNS discovery follows", w->url);
		else
			snprintf(buf, n, "%s names %s%s%s: tried first, DNS discovery only if %s", w->url, names[0],
				 k > 1 ? " then " : "", k > 1 ? names[1] : "", k > 1 ? "both fail" : "it fails");
	}
}
