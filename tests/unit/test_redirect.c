/*
 * test_redirect.c — SPEC §6: a REGISTER's 301/302 to a home pool, followed as the client
 * follows it. The Contact read into the server the client connects to, and the verdict on
 * the hops probe's redirect_follow records (written here by hand, as it records them).
 */
#include "fixture.h"

#include "result_redirect.h"

#define POOL "pool." DOMAIN
#define HOME "home." DOMAIN

static const struct dns_fact facts[] = {
	{ "_sipinternaltls._tcp." DOMAIN, SRV, DNS_ANSWER, "0 0 5061 " POOL, NULL },
	{ POOL, HOST, DNS_ANSWER, "192.0.2.1", NULL },
	{ NULL, 0, 0, NULL, NULL },
};

struct contact_case {
	const char *contact;
	bool ok;
	const char *host;
	uint16_t port;
	enum sd_transport transport;
};

static const struct contact_case contacts[] = {
	{ "<sip:pool2.contoso.com:5061;transport=tls>", true, "pool2.contoso.com", 5061, SD_TLS },
	{ "<sip:Pool2.Contoso.COM.;transport=TLS>", true, "pool2.contoso.com", 5061, SD_TLS },
	{ "<sip:pool2.contoso.com>", true, "pool2.contoso.com", 5061, SD_TLS },
	{ "<sips:pool2.contoso.com:443>", true, "pool2.contoso.com", 443, SD_TLS },
	{ "<sip:pool2.contoso.com;transport=tcp>", true, "pool2.contoso.com", 5060, SD_TCP },
	{ "<sip:jeremy@pool2.contoso.com:5062;transport=tls;maddr=x>;expires=0", true, "pool2.contoso.com", 5062, SD_TLS },
	{ "\"Pool\" <sip:192.0.2.7:5061;transport=tls>", true, "192.0.2.7", 5061, SD_TLS },
	{ "<sip:[2001:db8::7]:5061;transport=tls>", true, "2001:db8::7", 5061, SD_TLS },
	{ "sip:pool2.contoso.com:5061", true, "pool2.contoso.com", 5061, SD_TLS },
	{ "", false, NULL, 0, SD_TLS },
	{ "<tel:+14255550100>", false, NULL, 0, SD_TLS },
	{ "<sip:pool2.contoso.com;transport=udp>", false, NULL, 0, SD_TLS },
	{ "<sips:pool2.contoso.com;transport=tcp>", false, NULL, 0, SD_TLS },
	{ "<sip:pool2.contoso.com:0>", false, NULL, 0, SD_TLS },
	{ "<sip:pool2.contoso.com:99999>", false, NULL, 0, SD_TLS },
	{ "<sip:>", false, NULL, 0, SD_TLS },
	{ "<sip:jeremy@>", false, NULL, 0, SD_TLS },
};

static void spec6_redirect_contact_names_the_home_pool(void **state)
{
	(void)state;
	size_t failed = 0;
	for (size_t i = 0; i < N(contacts); i++) {
		const struct contact_case *c = &contacts[i];
		struct candidate t;
		bool ok = redirect_target(c->contact, &t);
		if (ok != c->ok || (ok && (strcmp(t.host, c->host) != 0 || t.port != c->port || t.transport != c->transport))) {
			print_error("\"%s\": %s %s:%u/%s, expected %s %s:%u/%s\n", c->contact, ok ? "read" : "refused", t.host,
				    t.port, sd_transport_name(t.transport), c->ok ? "read" : "refused", c->host ? c->host : "",
				    c->port, sd_transport_name(c->transport));
			failed++;
		}
	}
	if (failed)
		fail_msg("%zu of %zu Contacts not read as expected (see above)", failed, N(contacts));
}

/* A hop as redirect_follow records it. */
struct hop_spec {
	int code;                      /* 0 ends the list */
	const char *contact;
	enum hop_outcome outcome;
	enum conn_outcome conn;
	int answer;                    /* HOP_ANSWERED: the pool's status code */
	bool bad_name;                 /* CONN_CERT_INVALID: the certificate does not name the pool */
};

struct rcase {
	const char *rule;
	struct hop_spec hops[4];
	enum sd_verdict status;
	const char *reason;
	int hint_kind;
	const char *hint;
	const char *no_hint;
};

static void add_hop(struct result *r, const struct hop_spec *h)
{
	struct redirect_hop *hop = SD_PUSH(r->redirects, r->n_redirects);
	assert_non_null(hop);
	hop->code = h->code;
	sd_copy(hop->contact, sizeof hop->contact, h->contact);
	hop->outcome = h->outcome;
	hop->attempt.candidate = -1;
	if (h->outcome == HOP_BAD_CONTACT) {
		assert_false(redirect_target(h->contact, &hop->target));
		return;
	}
	assert_true(redirect_target(h->contact, &hop->target));
	sd_copy(hop->dns, sizeof hop->dns, h->outcome == HOP_UNRESOLVED ? "nxdomain" : "answer");
	sd_copy(hop->dns_server, sizeof hop->dns_server, "192.0.2.53#53");
	struct attempt *a = &hop->attempt;
	a->outcome = h->outcome == HOP_UNRESOLVED ? CONN_ERROR : h->conn;
	a->unresolved = h->outcome == HOP_UNRESOLVED;
	sd_copy(a->address, sizeof a->address, a->unresolved ? "" : "192.0.2.9");
	sd_copy(a->detail, sizeof a->detail, a->unresolved ? "does not resolve" : h->conn == CONN_OK ? "" : "as the test says");
	if (h->conn == CONN_CERT_INVALID) {
		a->has_tls = a->tls.have_cert = true;
		a->tls.chain_ok = a->tls.dates_ok = true;
		a->tls.failures = h->bad_name ? CERT_NAME_MISMATCH : 0;
		sd_copy(a->tls.sans[0], sizeof a->tls.sans[0], "other." DOMAIN);
		a->tls.n_sans = 1;
	}
	if (h->outcome == HOP_ANSWERED || h->outcome == HOP_NO_ANSWER) {
		a->sip = calloc(1, sizeof *a->sip);
		assert_non_null(a->sip);
		a->sip->sent = true;
		a->sip->answered = h->outcome == HOP_ANSWERED;
		a->sip->response.code = h->answer;
		sd_copy(a->sip->response.reason, sizeof a->sip->response.reason, "Reason");
		sd_copy(a->sip->response.contact, sizeof a->sip->response.contact, "<sip:next." DOMAIN ";transport=tls>");
		sd_copy(a->sip->error, sizeof a->sip->error, h->answer ? "" : "no answer within 3000 ms");
	}
}

static bool check_rcase(const struct rcase *c)
{
	struct setup setup = { .profile = "ocs2007r2" };
	struct policy pol = fixture_policy(&setup);
	pol.connect = true;
	struct result r;
	fixture_start(&r, &pol, NULL);
	fixture_resolve(&r, facts);
	assert_int_equal(decide_candidates(&r), SD_OK);
	struct attempt *a = SD_PUSH(r.attempts, r.n_attempts);
	assert_non_null(a);
	sd_copy(a->address, sizeof a->address, "192.0.2.1");
	a->outcome = CONN_OK;
	a->tcp_connected = true;
	a->sip = calloc(1, sizeof *a->sip);
	assert_non_null(a->sip);
	a->sip->sent = a->sip->answered = true;
	a->sip->response.code = c->hops[0].code;
	sd_copy(a->sip->response.reason, sizeof a->sip->response.reason, "Moved");
	sd_copy(a->sip->response.contact, sizeof a->sip->response.contact, c->hops[0].contact);
	for (const struct hop_spec *h = c->hops; h < c->hops + N(c->hops) && h->code; h++)
		add_hop(&r, h);
	assert_int_equal(verdict_attempts(&r), SD_OK);
	bool ok = fixture_same_status(c->rule, &r, c->status);
	if (!strstr(r.reason, c->reason)) {
		print_error("%s: reason \"%s\" does not say \"%s\"\n", c->rule, r.reason, c->reason);
		ok = false;
	}
	if (fixture_hint(&r, c->hint_kind, c->hint) < 0) {
		print_error("%s: expected a hint \"%s\"; the hints are:\n", c->rule, c->hint);
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

#define TO_HOME "<sip:" HOME ":5061;transport=tls>"

static const struct rcase rcases[] = {
	{ "the home pool answers: OK, its answer in the reason",
	  { { 301, TO_HOME, HOP_ANSWERED, CONN_OK, 401, false } }, SD_VERDICT_OK,
	  "REGISTER answered 301 Moved, to " HOME ":5061 (192.0.2.9), which answered 401 Reason", HINT_REDIRECT,
	  "redirects to " TO_HOME, NULL },
	{ "the home pool does not resolve: CRITICAL, one hint naming it",
	  { { 302, TO_HOME, HOP_UNRESOLVED, CONN_ERROR, 0, false } }, SD_VERDICT_CRITICAL,
	  "the client would not sign in: " POOL ":5061 redirects the REGISTER (302) to the home pool " HOME
	  ":5061, which does not resolve (nxdomain)", HINT_REDIRECT,
	  "home pool " HOME ", which does not resolve (nxdomain from 192.0.2.53#53)", "the client signs in there next" },
	{ "the home pool refuses connections: CRITICAL",
	  { { 301, TO_HOME, HOP_FAILED, CONN_REFUSED, 0, false } }, SD_VERDICT_CRITICAL,
	  "which fails at 192.0.2.9: refused", HINT_REDIRECT, "The home pool " HOME ":5061 (192.0.2.9), where " POOL
	  ":5061 redirects sign-in, refuses connections", NULL },
	{ "the home pool's certificate does not name it: CRITICAL, the certificate's hint",
	  { { 301, TO_HOME, HOP_FAILED, CONN_CERT_INVALID, 0, true } }, SD_VERDICT_CRITICAL,
	  "which fails at 192.0.2.9: certificate-invalid", HINT_CERT, "does not name " HOME, NULL },
	{ "a Contact with no usable server: CRITICAL",
	  { { 301, "<sip:" HOME ";transport=udp>", HOP_BAD_CONTACT, CONN_OK, 0, false } }, SD_VERDICT_CRITICAL,
	  "which is no server the client can use", HINT_REDIRECT, "names no SIP server over TLS or TCP", NULL },
	{ "the home pool gives no SIP answer: WARNING",
	  { { 301, TO_HOME, HOP_NO_ANSWER, CONN_OK, 0, false } }, SD_VERDICT_WARNING,
	  "which gave no SIP answer", HINT_SIP, "The home pool " HOME ":5061 accepted the connection", NULL },
	{ "two redirects, the second pool answers: OK",
	  { { 301, TO_HOME, HOP_ANSWERED, CONN_OK, 301, false },
	    { 301, "<sip:next." DOMAIN ";transport=tls>", HOP_ANSWERED, CONN_OK, 401, false } }, SD_VERDICT_OK,
	  "to next." DOMAIN ":5061 (192.0.2.9), which answered 401 Reason", HINT_REDIRECT, "redirects to", NULL },
	{ "three redirects and a fourth: CRITICAL, more than 3",
	  { { 301, TO_HOME, HOP_ANSWERED, CONN_OK, 301, false },
	    { 301, "<sip:next." DOMAIN ";transport=tls>", HOP_ANSWERED, CONN_OK, 301, false },
	    { 301, "<sip:next." DOMAIN ";transport=tls>", HOP_ANSWERED, CONN_OK, 302, false } }, SD_VERDICT_CRITICAL,
	  "more than 3 redirects of the REGISTER", HINT_REDIRECT, "redirected more than 3 times", NULL },
};

static void spec6_redirect_followed_to_home_pool_sets_the_verdict(void **state)
{
	(void)state;
	size_t failed = 0;
	for (size_t i = 0; i < N(rcases); i++)
		failed += !check_rcase(&rcases[i]);
	if (failed)
		fail_msg("%zu of %zu redirect verdicts not as expected (see above)", failed, N(rcases));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(spec6_redirect_contact_names_the_home_pool),
		cmocka_unit_test(spec6_redirect_followed_to_home_pool_sets_the_verdict),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
