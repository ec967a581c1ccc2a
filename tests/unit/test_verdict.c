/*
 * test_verdict.c — SPEC §6, §8: the verdict once the attempts are made. The
 * candidates come from fixture.h's DNS facts; the attempts, their certificates
 * and the REGISTER answer are written here the way probe.c would record them,
 * then verdict_attempts judges them. Every row names the failure class it covers.
 */
#include "fixture.h"
#include "verdict_cert.h"

#include <time.h>

#define POOL "pool." DOMAIN
#define EDGE "edge." DOMAIN

/* pool answers TLS on 5061 and TCP on 5060; edge TLS on 443. */
static const struct dns_fact facts[] = {
	{ "_sipinternaltls._tcp." DOMAIN, SRV, DNS_ANSWER, "0 0 5061 " POOL, NULL },
	{ "_sipinternal._tcp." DOMAIN, SRV, DNS_ANSWER, "0 0 5060 " POOL, NULL },
	{ "_sip._tls." DOMAIN, SRV, DNS_ANSWER, "0 0 443 " EDGE, NULL },
	{ POOL, HOST, DNS_ANSWER, "192.0.2.1", NULL },
	{ EDGE, HOST, DNS_ANSWER, "192.0.2.2", NULL },
	{ NULL, 0, 0, NULL, NULL },
};

/* What a certificate showed; zero is a valid one, far from expiry. */
struct cert {
	bool bad_name, untrusted, bad_dates;
	long days;                     /* days_to_expiry; 0 means 365 */
	unsigned failures;             /* enum cert_failure bits besides those the bools imply */
	bool sha1;                     /* accepted with a SHA-1 signature */
};

/* One attempt as probe.c records it. */
struct try {
	const char *host;              /* NULL ends the list */
	uint16_t port;
	enum conn_outcome outcome;
	bool unresolved, tcp_connected;
	struct cert cert;
};

/* The REGISTER answer of the chosen attempt. */
struct answer {
	bool sent, answered;
	int code;
	const char *contact;
};

struct vcase {
	const char *rule;
	struct setup setup;
	struct try tries[4];
	int chosen;                    /* index into tries, -1: none succeeded */
	struct answer sip;
	enum sd_verdict status;
	const char *reason;            /* contained in the reason */
	int hint_kind;                 /* a hint of this kind contains hint; -1: no hint expected */
	const char *hint;
	const char *no_hint;           /* contained in no hint (NULL: unchecked) */
};

static int candidate_of(const struct result *r, const char *host, uint16_t port)
{
	for (size_t i = 0; i < r->n_candidates; i++)
		if (strcmp(r->candidates[i].host, host) == 0 && r->candidates[i].port == port)
			return (int)i;
	fail_msg("no candidate %s:%u", host, port);
	return -1;
}

static void add_attempt(struct result *r, const struct try *t)
{
	struct attempt *a = SD_PUSH(r->attempts, r->n_attempts);
	assert_non_null(a);
	memset(a, 0, sizeof *a);
	a->candidate = candidate_of(r, t->host, t->port);
	a->outcome = t->outcome;
	a->unresolved = t->unresolved;
	a->tcp_connected = t->tcp_connected || t->outcome == CONN_OK || t->outcome == CONN_CERT_INVALID;
	sd_copy(a->address, sizeof a->address, t->unresolved ? "" : strcmp(t->host, POOL) == 0 ? "192.0.2.1" : "192.0.2.2");
	sd_copy(a->detail, sizeof a->detail, t->outcome == CONN_OK ? "" : "as the test says");
	if (r->candidates[a->candidate].transport != SD_TLS || t->unresolved)
		return;
	a->has_tls = true;
	struct tls_report *tls = &a->tls;
	long long now = (long long)time(NULL);
	tls->have_cert = true;
	tls->name_ok = !t->cert.bad_name;
	tls->chain_ok = !t->cert.untrusted;
	tls->dates_ok = !t->cert.bad_dates;
	tls->days_to_expiry = t->cert.days ? t->cert.days : 365;
	tls->failures = t->cert.failures | (t->cert.bad_name ? CERT_NAME_MISMATCH : 0) |
			(t->cert.untrusted ? CERT_UNTRUSTED_ISSUER : 0) |
			(!t->cert.bad_dates ? 0 : tls->days_to_expiry < 0 ? CERT_EXPIRED : CERT_NOT_YET_VALID);
	tls->sha1_signature = t->cert.sha1;
	tls->chain_sent = 1;
	sd_copy(tls->signature, sizeof tls->signature, t->cert.sha1 ? "RSA-SHA1" : "RSA-SHA256");
	tls->not_before = now - 86400;
	tls->not_after = now + tls->days_to_expiry * 86400;
	sd_copy(tls->sans[0], sizeof tls->sans[0], "other." DOMAIN);
	tls->n_sans = 1;
	sd_copy(tls->issuer, sizeof tls->issuer, "CN=Private Root");
}

static void add_register(struct attempt *a, const struct answer *sip)
{
	if (!sip->sent)
		return;
	a->sip = calloc(1, sizeof *a->sip);
	assert_non_null(a->sip);
	a->sip->sent = true;
	a->sip->answered = sip->answered;
	if (!sip->answered)
		sd_copy(a->sip->error, sizeof a->sip->error, "no answer within 3000 ms");
	a->sip->response.code = sip->code;
	sd_copy(a->sip->response.reason, sizeof a->sip->response.reason, "Reason");
	sd_copy(a->sip->response.contact, sizeof a->sip->response.contact, sip->contact ? sip->contact : "");
}

static bool check_vcase(const struct vcase *c)
{
	struct setup setup = c->setup;
	struct policy pol = fixture_policy(&setup);
	pol.connect = true;
	struct result r;
	fixture_start(&r, &pol, NULL);
	fixture_resolve(&r, facts);
	assert_int_equal(decide_candidates(&r), SD_OK);
	for (const struct try *t = c->tries; t < c->tries + N(c->tries) && t->host; t++)
		add_attempt(&r, t);
	assert_int_equal(result_chosen(&r), c->chosen); /* the attempt that connected is the last */
	if (c->chosen >= 0)
		add_register(&r.attempts[c->chosen], &c->sip);
	assert_int_equal(verdict_attempts(&r), SD_OK);
	bool ok = fixture_same_status(c->rule, &r, c->status);
	/* Expiry is recorded as a cause, at the state it set, exactly where its hint is expected. */
	enum sd_verdict expiry = c->hint_kind == HINT_CERT_EXPIRY ? c->status : SD_VERDICT_OK;
	if (r.cert_expiry != expiry) {
		print_error("%s: expiry recorded as %s, not %s\n", c->rule, sd_verdict_label(r.cert_expiry),
			    sd_verdict_label(expiry));
		ok = false;
	}
	if (r.cert_expiry != SD_VERDICT_OK && strstr(r.reason, "valid certificate")) { /* issue 22 */
		print_error("%s: reason \"%s\" calls the certificate valid, its expiry set the state\n", c->rule, r.reason);
		ok = false;
	}
	if (!strstr(r.reason, c->reason)) {
		print_error("%s: reason \"%s\" does not say \"%s\"\n", c->rule, r.reason, c->reason);
		ok = false;
	}
	if (c->hint_kind < 0 ? r.n_hints != 0 : fixture_hint(&r, c->hint_kind, c->hint) < 0) {
		print_error("%s: expected %s\"%s\"; the hints are:\n", c->rule, c->hint_kind < 0 ? "no hint" : "a hint ",
			    c->hint ? c->hint : "");
		fixture_print_hints(&r);
		ok = false;
	}
	if (c->no_hint && fixture_hint(&r, -1, c->no_hint) >= 0) {
		print_error("%s: a hint says \"%s\"\n", c->rule, c->no_hint);
		ok = false;
	}
	result_free(&r);
	return ok;
}

static void check_vcases(const struct vcase *cases, size_t n)
{
	size_t failed = 0;
	for (size_t i = 0; i < n; i++)
		failed += !check_vcase(&cases[i]);
	if (failed)
		fail_msg("%zu of %zu verdicts not as expected (see above)", failed, n);
}

#define TLS_POOL(outcome) { POOL, 5061, outcome, false, false, { 0 } }
#define TCP_POOL(outcome) { POOL, 5060, outcome, false, false, { 0 } }
#define TLS_EDGE(outcome) { EDGE, 443, outcome, false, false, { 0 } }
#define NO_SIP { false, false, 0, NULL }
#define SIP_401 { true, true, 401, NULL }

static const struct vcase failures[] = {
	{ "refused", { 0 }, { TLS_POOL(CONN_REFUSED) }, -1, NO_SIP, SD_VERDICT_CRITICAL,
	  "no attempt succeeded: " POOL ":5061/tls refused", HINT_CONNECT,
	  "Connections to " POOL ":5061 (192.0.2.1) are refused", NULL },
	{ "unreachable", { 0 }, { TLS_POOL(CONN_UNREACHABLE) }, -1, NO_SIP, SD_VERDICT_CRITICAL,
	  POOL ":5061/tls unreachable", HINT_CONNECT, "cannot be reached", NULL },
	{ "timeout before TCP", { 0 }, { TLS_POOL(CONN_TIMEOUT) }, -1, NO_SIP, SD_VERDICT_CRITICAL,
	  POOL ":5061/tls timeout", HINT_CONNECT, "cannot be reached", NULL },
	{ "timeout in the handshake", { 0 }, { { POOL, 5061, CONN_TIMEOUT, false, true, { 0 } } }, -1, NO_SIP,
	  SD_VERDICT_CRITICAL, POOL ":5061/tls timeout", HINT_CONNECT, "probably a clear-text port (5060)", NULL },
	{ "TLS handshake fails", { 0 }, { TLS_POOL(CONN_TLS_FAILED) }, -1, NO_SIP, SD_VERDICT_CRITICAL,
	  POOL ":5061/tls tls-failed", HINT_CONNECT, "does not complete a TLS handshake", NULL },
	{ "certificate names another host", { 0 }, { { POOL, 5061, CONN_CERT_INVALID, false, false, { .bad_name = true } } },
	  -1, NO_SIP, SD_VERDICT_CRITICAL, POOL ":5061/tls certificate-invalid", HINT_CERT,
	  "does not name " POOL " (it names: other." DOMAIN ")", NULL },
	{ "certificate from an untrusted root", { 0 },
	  { { POOL, 5061, CONN_CERT_INVALID, false, false, { .untrusted = true } } }, -1, NO_SIP, SD_VERDICT_CRITICAL,
	  "certificate-invalid", HINT_CERT, "issued by \"CN=Private Root\", and the chain does not lead to a root this machine trusts", NULL },
	{ "certificate expired", { 0 },
	  { { POOL, 5061, CONN_CERT_INVALID, false, false, { .bad_dates = true, .days = -3 } } }, -1, NO_SIP,
	  SD_VERDICT_CRITICAL, "certificate-invalid", HINT_CERT, "expired on", NULL },
	{ "certificate from an untrusted root: no intermediate hint", { 0 },
	  { { POOL, 5061, CONN_CERT_INVALID, false, false, { .untrusted = true } } }, -1, NO_SIP, SD_VERDICT_CRITICAL,
	  "certificate-invalid", HINT_CERT, "pass its root certificate with --cafile", "intermediate" },
	{ "certificate without its intermediate: the server must send it, not the root installed", { 0 },
	  { { POOL, 5061, CONN_CERT_INVALID, false, false, { .failures = CERT_MISSING_INTERMEDIATE } } }, -1, NO_SIP,
	  SD_VERDICT_CRITICAL, "certificate-invalid", HINT_CERT,
	  "sends 1 certificate (only its own), and the issuer of the last, \"CN=Private Root\", is not a trusted "
	  "root: the server must send the intermediate CA certificate", "pass its root certificate" },
	{ "certificate signed with MD5: reissue, not an untrusted root", { 0 },
	  { { POOL, 5061, CONN_CERT_INVALID, false, false, { .failures = CERT_INSECURE_SIGNATURE } } }, -1, NO_SIP,
	  SD_VERDICT_CRITICAL, "certificate-invalid", HINT_CERT, "reissue it signed with SHA-256", "pass its root certificate" },
	{ "certificate revoked", { 0 },
	  { { POOL, 5061, CONN_CERT_INVALID, false, false, { .failures = CERT_REVOKED } } }, -1, NO_SIP,
	  SD_VERDICT_CRITICAL, "certificate-invalid", HINT_CERT, "is revoked by its CA", "pass its root certificate" },
	{ "certificate not yet valid", { 0 },
	  { { POOL, 5061, CONN_CERT_INVALID, false, false, { .bad_dates = true, .days = 400 } } }, -1, NO_SIP,
	  SD_VERDICT_CRITICAL, "certificate-invalid", HINT_CERT, "is not valid before", "expired" },
	{ "target does not resolve: no connection hint", { 0 }, { { POOL, 5061, CONN_ERROR, true, false, { 0 } } }, -1,
	  NO_SIP, SD_VERDICT_CRITICAL, POOL ":5061/tls does-not-resolve", -1, NULL, NULL },
	{ "two servers refused alike: one hint naming both (issue 22, one hint per fact)", { 0 },
	  { TLS_POOL(CONN_REFUSED), TLS_EDGE(CONN_REFUSED) }, -1, NO_SIP, SD_VERDICT_CRITICAL, "no attempt succeeded",
	  HINT_CONNECT, "Connections to " POOL ":5061 (192.0.2.1) and " EDGE ":443 (192.0.2.2) are refused (as the test "
	  "says): check", NULL },
	{ "--no-tcp says why TCP was not tried", { .no_tcp = true }, { TLS_POOL(CONN_REFUSED), TLS_EDGE(CONN_REFUSED) },
	  -1, NO_SIP, SD_VERDICT_CRITICAL, ", " EDGE ":443/tls refused", HINT_NO_TCP_POLICY,
	  "TCP is forbidden by policy", NULL },
};

/* SPEC §6, §8: no attempt succeeded: CRITICAL, every attempt in the reason, a hint per failure class. */
static void spec6_each_failed_attempt_is_critical_with_its_own_hint(void **state)
{
	(void)state;
	check_vcases(failures, N(failures));
}

static const struct vcase successes[] = {
	{ "TLS at once", { 0 }, { TLS_POOL(CONN_OK) }, 0, SIP_401, SD_VERDICT_OK,
	  "would sign in to " POOL ":5061 (192.0.2.1) over TLS with a valid certificate; REGISTER answered 401",
	  -1, NULL, NULL },
	{ "after a failed attempt", { 0 }, { TLS_EDGE(CONN_REFUSED), TLS_POOL(CONN_OK) }, 1, SIP_401,
	  SD_VERDICT_WARNING, ", after 1 failed attempt", HINT_CONNECT, EDGE ":443 (192.0.2.2) are refused", NULL },
	{ "TLS refused, clear-text TCP works", { 0 }, { TLS_POOL(CONN_REFUSED), TCP_POOL(CONN_OK) }, 1, SIP_401,
	  SD_VERDICT_WARNING, "over clear-text TCP", HINT_TLS_REFUSED_TCP_WORKS,
	  "TLS to " POOL ":5061 fails (refused) while clear-text TCP to port 5060 works", NULL },
	{ "untrusted issuer on a run without --cafile, then TCP: no TCP-fallback claim (issue 22)", { 0 },
	  { { POOL, 5061, CONN_CERT_INVALID, false, false, { .untrusted = true } }, TCP_POOL(CONN_OK) }, 1, SIP_401,
	  SD_VERDICT_WARNING, "over clear-text TCP", HINT_CERT, "does not lead to a root this machine trusts",
	  "fix the TLS listener" },
	{ "certificate expires within --warning days", { 0 }, { { POOL, 5061, CONN_OK, false, false, { .days = 20 } } },
	  0, SIP_401, SD_VERDICT_WARNING, "expires in 20 days (2", HINT_CERT_EXPIRY, "expires in 20 days", NULL },
	{ "certificate expires within --critical days", { 0 }, { { POOL, 5061, CONN_OK, false, false, { .days = 1 } } },
	  0, SIP_401, SD_VERDICT_CRITICAL, "certificate of " POOL " expires in 1 day (2", HINT_CERT_EXPIRY, "expires in 1 day (", NULL },
	{ "SHA-1 from a trusted chain: a warning, signed in, reissue with SHA-256", { 0 },
	  { { POOL, 5061, CONN_OK, false, false, { .sha1 = true } } }, 0, SIP_401, SD_VERDICT_WARNING,
	  "signed with SHA-1; REGISTER answered 401", HINT_CERT,
	  "browsers, mobile clients and current TLS libraries refuse SHA-1: reissue it with SHA-256", "pass its root certificate" },
	{ "exactly --warning-days left is OK, as the perfdata range 30: says", { 0 },
	  { { POOL, 5061, CONN_OK, false, false, { .days = 30 } } }, 0, SIP_401, SD_VERDICT_OK, "over TLS", -1, NULL,
	  NULL },
	{ "one day fewer than --warning-days is a warning", { 0 },
	  { { POOL, 5061, CONN_OK, false, false, { .days = 29 } } }, 0, SIP_401, SD_VERDICT_WARNING, "over TLS",
	  HINT_CERT_EXPIRY, "expires in 29 days", NULL },
	{ "exactly --critical-days left is a warning, as the perfdata range 7: says", { 0 },
	  { { POOL, 5061, CONN_OK, false, false, { .days = 7 } } }, 0, SIP_401, SD_VERDICT_WARNING, "over TLS",
	  HINT_CERT_EXPIRY, "expires in 7 days", NULL },
	{ "one day fewer than --critical-days is critical", { 0 },
	  { { POOL, 5061, CONN_OK, false, false, { .days = 6 } } }, 0, SIP_401, SD_VERDICT_CRITICAL, "over TLS",
	  HINT_CERT_EXPIRY, "expires in 6 days", NULL },
	{ "30 days left after a failed attempt: a warning, not from expiry", { 0 },
	  { TLS_EDGE(CONN_REFUSED), { POOL, 5061, CONN_OK, false, false, { .days = 30 } } }, 1, SIP_401,
	  SD_VERDICT_WARNING, ", after 1 failed attempt", HINT_CONNECT, "are refused", "expires in" },
	{ "7 days left after a failed attempt: expiry is a cause, at the warning threshold", { 0 },
	  { TLS_EDGE(CONN_REFUSED), { POOL, 5061, CONN_OK, false, false, { .days = 7 } } }, 1, SIP_401,
	  SD_VERDICT_WARNING, ", after 1 failed attempt", HINT_CERT_EXPIRY, "expires in 7 days", NULL },
	{ "no SIP answer", { 0 }, { TLS_POOL(CONN_OK) }, 0, { true, false, 0, NULL }, SD_VERDICT_WARNING,
	  "; no SIP answer: no answer within 3000 ms", HINT_SIP, "gave no SIP answer", NULL },
	{ "a 5xx answer", { 0 }, { TLS_POOL(CONN_OK) }, 0, { true, true, 503, NULL }, SD_VERDICT_WARNING,
	  "; REGISTER answered 503 Reason", -1, NULL, NULL },
	{ "redirect to a host the naming rule allows", { 0 }, { TLS_POOL(CONN_OK) }, 0,
	  { true, true, 301, "<sip:home." DOMAIN ";transport=tls>" }, SD_VERDICT_OK, "REGISTER answered 301",
	  HINT_REDIRECT, "redirects to <sip:home." DOMAIN, "fails the naming rule" },
	{ "redirect to a host the naming rule rejects", { 0 }, { TLS_POOL(CONN_OK) }, 0,
	  { true, true, 302, "<sip:user@Pool.Other.Example.:5061>" }, SD_VERDICT_WARNING, "REGISTER answered 302",
	  HINT_REDIRECT, "The redirect target pool.other.example fails the naming rule", NULL },
	{ "redirect to an IP literal is not judged by name", { 0 }, { TLS_POOL(CONN_OK) }, 0,
	  { true, true, 302, "<sip:192.0.2.7:5061>" }, SD_VERDICT_OK, "REGISTER answered 302", HINT_REDIRECT,
	  "redirects to <sip:192.0.2.7:5061>", "fails the naming rule" },
};

/* SPEC §6, §8: a successful attempt is OK unless something on the way or after it deserves a warning. */
static void spec6_chosen_attempt_status_reason_and_hints(void **state)
{
	(void)state;
	check_vcases(successes, N(successes));
}

/* SPEC §6 (issue 20): a weak signature on an intermediate names the intermediate, not the leaf. */
static void spec6_insecure_signature_names_the_certificate_that_carries_it(void **state)
{
	(void)state;
	struct setup setup = { 0 };
	struct policy pol = fixture_policy(&setup);
	struct result r;
	fixture_start(&r, &pol, NULL);
	struct candidate c = { .host = POOL, .port = 5061, .transport = SD_TLS };
	struct tls_report t = { .have_cert = true, .failures = CERT_INSECURE_SIGNATURE, .n_chain = 2, .chain_sent = 2 };
	sd_copy(t.signature, sizeof t.signature, "RSA-SHA256");
	sd_copy(t.chain[0].subject, sizeof t.chain[0].subject, "CN=" POOL);
	sd_copy(t.chain[0].signature, sizeof t.chain[0].signature, "RSA-SHA256");
	sd_copy(t.chain[1].subject, sizeof t.chain[1].subject, "CN=Issuing CA");
	sd_copy(t.chain[1].issuer, sizeof t.chain[1].issuer, "CN=Root CA");
	sd_copy(t.chain[1].signature, sizeof t.chain[1].signature, "RSA-MD5");
	t.chain[1].insecure_signature = true;
	assert_int_equal(verdict_cert_hints(&r, &c, &t), SD_OK);
	assert_int_equal(r.n_hints, 1);
	if (!strstr(r.hints[0].text, "the intermediate CA certificate \"CN=Issuing CA\" (certificate 1 as sent) is "
					"signed with RSA-MD5"))
		fail_msg("hint: %s", r.hints[0].text);
	result_free(&r);
	/* the leaf itself weak: the leaf is named */
	fixture_start(&r, &pol, NULL);
	t.chain[0].insecure_signature = true;
	sd_copy(t.signature, sizeof t.signature, "RSA-MD5");
	assert_int_equal(verdict_cert_hints(&r, &c, &t), SD_OK);
	if (!strstr(r.hints[0].text, "the server certificate is signed with RSA-MD5"))
		fail_msg("hint: %s", r.hints[0].text);
	result_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(spec6_each_failed_attempt_is_critical_with_its_own_hint),
		cmocka_unit_test(spec6_chosen_attempt_status_reason_and_hints),
		cmocka_unit_test(spec6_insecure_signature_names_the_certificate_that_carries_it),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
