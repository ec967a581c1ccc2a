/* verdict_cert.c — the reason and hint of each certificate failure class, and the SHA-1
 * warning (SPEC §6): each class names what to change, and only its own fix. Pure. */
#include "verdict_cert.h"


#include <stdio.h>
#include <string.h>

/* "a.contoso.test, 127.0.0.1" or, without SANs, the subject. */
static void join_sans(const struct tls_report *t, char *buf, size_t n)
{
	size_t len = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < t->n_sans && len < n; i++)
		len += (size_t)snprintf(buf + len, n - len, "%s%s", i ? ", " : "", t->sans[i]);
	if (t->n_sans == 0)
		snprintf(buf, n, "no subject alternative name; subject %.200s", t->subject);
}

/* The issuer a client must find: that of the last certificate the server sent. */
static const char *top_issuer(const struct tls_report *t)
{
	return t->n_chain ? t->chain[t->n_chain - 1].issuer : t->issuer;
}

static enum sd_status hint_name(struct result *r, const struct candidate *c, const struct tls_report *t)
{
	char names[512];
	const char *name = candidate_tls_name(c, r->policy); /* --tls-name: the pool's name, not the address */
	join_sans(t, names, sizeof names);
	return result_hint(r, HINT_CERT, "The certificate of %s:%u does not name %s (it names: %s): issue one whose "
			   "subject alternative names include %s.", c->host, c->port, name, names, name);
}

/* "host:port", the server a certificate hint is about. */
static const char *server_of(const struct candidate *c, char *buf, size_t n)
{
	snprintf(buf, n, "%s:%u", c->host, c->port);
	return buf;
}

/*
 * Issue 22: what the tool saw is that the chain leads to no root this machine (or --cafile)
 * trusts; whether the clients trust that root it cannot know. Without --cafile, the usual
 * case is an internal CA that domain-joined clients have: say how to check as they would.
 */
static enum sd_status hint_untrusted(struct result *r, const struct candidate *c, const struct tls_report *t)
{
	bool self = t->chain_sent == 1 && strcmp(t->subject, t->issuer) == 0;
	char server[400], cause[512];
	snprintf(cause, sizeof cause, "untrusted-issuer %.400s", top_issuer(t));
	server_of(c, server, sizeof server);
	if (!r->policy->cafile)
		return result_hint_about(r, HINT_CERT, cause, server, "The certificate of %s is issued by \"%s\"%s, and "
					 "the chain does not lead to a root this machine trusts. If that is an internal "
					 "CA, pass its root certificate with --cafile to check as a domain-joined client "
					 "would; this check cannot see which roots the clients trust, and a client that "
					 "does not trust it refuses the server.", HINT_SERVERS, top_issuer(t),
					 self ? " (itself: it is self-signed)" : "");
	return result_hint_about(r, HINT_CERT, cause, server, "The certificate of %s is issued by \"%s\"%s, and the "
				 "chain leads neither to a root this machine trusts nor to one in --cafile: pass the root "
				 "that issued it with --cafile, or issue the certificate from a CA the clients trust.",
				 HINT_SERVERS, top_issuer(t), self ? " (itself: it is self-signed)" : "");
}

bool verdict_cert_untrusted_here(const struct result *r, const struct attempt *a)
{
	return a->outcome == CONN_CERT_INVALID && (a->tls.failures & CERT_UNTRUSTED_ISSUER) && !r->policy->cafile;
}

static enum sd_status hint_intermediate(struct result *r, const struct candidate *c, const struct tls_report *t)
{
	return result_hint(r, HINT_CERT, "%s:%u sends %zu certificate%s, and the issuer of the last, \"%s\", is not a "
			   "trusted root: the server must send the intermediate CA certificate%s with its own (add it "
			   "to the server's certificate file after the server certificate)%s%s.", c->host, c->port,
			   t->chain_sent, t->chain_sent == 1 ? " (only its own)" : "s", top_issuer(t),
			   t->chain_sent == 1 ? "" : "s", t->ca_issuers[0] ? "; the certificate says it is published at " : "",
			   t->ca_issuers);
}

/* SPEC §6 (issue 20): the certificate that carries the weak signature, the leaf or an intermediate. */
static enum sd_status hint_insecure(struct result *r, const struct candidate *c, const struct tls_report *t)
{
	for (size_t i = 1; i < t->n_chain; i++)
		if (t->chain[i].insecure_signature && !t->chain[0].insecure_signature)
			return result_hint(r, HINT_CERT, "The certificate chain of %s:%u uses a signature algorithm the "
					   "clients refuse: the intermediate CA certificate \"%.250s\" (certificate %zu as "
					   "sent) is signed with %s by \"%.250s\"; the server certificate itself is signed "
					   "with %s. Reissue that CA certificate signed with SHA-256, and send the new one.",
					   c->host, c->port, t->chain[i].subject, i, t->chain[i].signature, t->chain[i].issuer,
					   t->signature);
	return result_hint(r, HINT_CERT, "The certificate chain of %s:%u uses a signature algorithm the clients refuse "
			   "(the server certificate is signed with %s; MD5 and weaker are broken): reissue it signed "
			   "with SHA-256.", c->host, c->port, t->signature);
}

static enum sd_status hint_revoked(struct result *r, const struct candidate *c, const struct tls_report *t)
{
	return result_hint(r, HINT_CERT, "The certificate of %s:%u (serial %s) is revoked by its CA (a CRL in --cafile "
			   "lists it): install a new certificate on the server.", c->host, c->port, t->serial);
}

static enum sd_status hint_dates(struct result *r, const struct candidate *c, const struct tls_report *t)
{
	char date[STR_TIME_SIZE];
	bool expired = t->failures & CERT_EXPIRED;
	str_time_utc(date, sizeof date, expired ? t->not_after : t->not_before, STR_TIME_MINUTE);
	if (expired && t->days_to_expiry < 0)
		return result_hint(r, HINT_CERT, "The certificate of %s:%u expired on %s: renew it.", c->host, c->port, date);
	if (expired)
		return result_hint(r, HINT_CERT, "A certificate in the chain of %s:%u has expired: renew the CA "
				   "certificate the server sends.", c->host, c->port);
	return result_hint(r, HINT_CERT, "The certificate of %s:%u is not valid before %s: check its dates and the "
			   "clocks.", c->host, c->port, date);
}

static enum sd_status hint_other(struct result *r, const struct candidate *c, const struct tls_report *t)
{
	return result_hint(r, HINT_CERT, "The certificate of %s:%u is rejected (%s): issue a certificate that chains "
			   "to the clients' root.", c->host, c->port, t->failure);
}

enum sd_status verdict_cert_hints(struct result *r, const struct candidate *c, const struct tls_report *t)
{
	static const struct {
		unsigned failure;
		enum sd_status (*hint)(struct result *, const struct candidate *, const struct tls_report *);
	} table[] = {
		{ CERT_NAME_MISMATCH, hint_name },
		{ CERT_UNTRUSTED_ISSUER, hint_untrusted },
		{ CERT_MISSING_INTERMEDIATE, hint_intermediate },
		{ CERT_INSECURE_SIGNATURE, hint_insecure },
		{ CERT_REVOKED, hint_revoked },
		{ CERT_EXPIRED | CERT_NOT_YET_VALID, hint_dates },
		{ CERT_OTHER, hint_other },
	};
	enum sd_status st = SD_OK;
	for (size_t i = 0; i < sizeof table / sizeof table[0] && st == SD_OK; i++)
		if (t->failures & table[i].failure)
			st = table[i].hint(r, c, t);
	return st;
}

enum sd_status verdict_cert_warning(struct result *r, const struct candidate *c, const struct tls_report *t)
{
	if (!t->sha1_signature)
		return SD_OK;
	size_t len = strlen(r->reason);
	r->status = sd_verdict_worst(r->status, SD_VERDICT_WARNING);
	snprintf(r->reason + len, sizeof r->reason - len, "; its certificate chain is signed with SHA-1");
	return result_hint(r, HINT_CERT, "The certificate chain of %s:%u is signed with SHA-1 (the server certificate "
			   "with %s): %s accepts it%s, so it signs in, but browsers, mobile clients and current TLS "
			   "libraries refuse SHA-1: reissue it with SHA-256.", c->host, c->port, t->signature,
			   r->profile->client, profile_sha1_acceptance(r->profile));
}
