/*
 * test_federation.c — SPEC §5.2: the _sipfederationtls._tcp query (stage 1, a role of its
 * own), the record a partner tries first, what federation_decide and federation_verdict make
 * of the answers and of the Access Edge's attempt, and that none of it touches sign-in.
 * Answers come from fixture.h's fact tables; the attempt is written as the probe writes it.
 */
#include "fixture.h"

#include "federation.h"

#define FED "_sipfederationtls._tcp." DOMAIN
#define SIGNS_IN                                                                         \
	{ "_sipinternaltls._tcp." DOMAIN, SRV, DNS_ANSWER, "0 0 5061 pool." DOMAIN, NULL }, \
	{ "pool." DOMAIN, HOST, DNS_ANSWER, "192.0.2.1", NULL }

/* The whole --no-connect pipeline (pol.federation as given), facts answering. */
static void run_case(struct result *r, struct policy *pol, bool enforced, const struct dns_fact *facts)
{
	pol->federation = enforced;
	fixture_discover(r, pol, NULL, facts);
}

/* RFC 2782 order, as a federating server tries them: priority, then weight (higher first), then name. */
static void spec5_2_a_partner_tries_the_lowest_priority_then_highest_weight_first(void **state)
{
	(void)state;
	static const struct {
		const char *rule;
		struct srv_record recs[3];
		size_t n;
		const char *want;
	} cases[] = {
		{ "one record", { { 0, 0, 5061, "edge.contoso.com" } }, 1, "edge.contoso.com" },
		{ "lower priority first", { { 10, 100, 5061, "b.contoso.com" }, { 0, 0, 5061, "a2.contoso.com" } }, 2,
		  "a2.contoso.com" },
		{ "higher weight first", { { 0, 10, 5061, "b.contoso.com" }, { 0, 90, 5061, "c.contoso.com" } }, 2,
		  "c.contoso.com" },
		{ "then by name", { { 0, 0, 5061, "z.contoso.com" }, { 0, 0, 5061, "m.contoso.com" },
				    { 0, 0, 5061, "y.contoso.com" } }, 3, "m.contoso.com" },
	};
	for (size_t i = 0; i < N(cases); i++) {
		const struct srv_record *got = federation_pick(cases[i].recs, cases[i].n);
		if (!got || strcmp(got->target, cases[i].want) != 0)
			fail_msg("%s: picked %s, expected %s", cases[i].rule, got ? got->target : "none", cases[i].want);
	}
	assert_null(federation_pick(NULL, 0));
}

/* One SRV query of its own role in stage 1 under every profile; its target's A/AAAA in stage 2. */
static void spec5_2_federation_query_goes_out_in_the_first_stage(void **state)
{
	(void)state;
	static const char *const profiles[] = { "ocs2007r2", "lync2010", "lync2013", "sipe" };
	static const struct dns_fact facts[] = {
		{ FED, SRV, DNS_ANSWER, "0 0 5061 access." DOMAIN, NULL }, { "access." DOMAIN, HOST, DNS_ANSWER, "192.0.2.9", NULL },
		{ 0 },
	};
	for (size_t p = 0; p < N(profiles); p++) {
		struct policy pol = fixture_policy(&(struct setup){ .profile = profiles[p] });
		struct result r;
		fixture_start(&r, &pol, NULL);
		fixture_resolve(&r, facts);
		int q = federation_query(&r);
		if (q < 0 || r.queries[q].stage != STAGE_SRV || strcmp(r.queries[q].name, FED) != 0)
			fail_msg("%s: no federation SRV query in stage 1", profiles[p]);
		size_t fed = 0, addr = 0;
		for (size_t i = 0; i < r.n_queries; i++) {
			fed += r.queries[i].role == QUERY_FEDERATION && r.queries[i].type == DNS_TYPE_SRV;
			addr += r.queries[i].role == QUERY_FEDERATION && r.queries[i].type != DNS_TYPE_SRV
				&& r.queries[i].stage == STAGE_ADDRESS;
		}
		if (fed != 1 || addr != 2)
			fail_msg("%s: %zu federation SRV queries, %zu address queries in stage 2", profiles[p], fed, addr);
		result_free(&r);
	}
}

/* SPEC §4.3 is about the profile's SRV names: a federation record alone leaves the fallback running. */
static void spec5_2_federation_record_is_never_a_candidate_and_never_stops_the_fallback(void **state)
{
	(void)state;
	static const struct dns_fact facts[] = {
		{ FED, SRV, DNS_ANSWER, "0 0 5061 sipinternal." DOMAIN, NULL },
		{ "sipinternal." DOMAIN, HOST, DNS_ANSWER, "192.0.2.5", NULL }, { 0 },
	};
	struct policy pol = fixture_policy(&(struct setup){ 0 });
	struct result r;
	run_case(&r, &pol, false, facts);
	assert_int_equal(r.fallback, FALLBACK_RAN);
	for (size_t i = 0; i < r.n_candidates; i++)
		if (r.candidates[i].origin == ORIGIN_SRV)
			fail_msg("the federation record became candidate %s", r.candidates[i].host);
	assert_int_equal(r.federation.state, FED_RESOLVED);
	result_free(&r);
}

/* A DNS error on the federation query is not one of sign-in's "DNS errors treated as missing records". */
static void spec5_2_federation_dns_error_is_not_a_sign_in_dns_error(void **state)
{
	(void)state;
	static const struct dns_fact facts[] = { SIGNS_IN, { FED, SRV, DNS_SERVFAIL, NULL, NULL }, { 0 } };
	struct policy pol = fixture_policy(&(struct setup){ 0 });
	struct result r;
	run_case(&r, &pol, false, facts);
	assert_false(r.dns_errors);
	assert_int_equal(r.status, SD_VERDICT_OK);
	assert_int_equal(r.n_hints, 0);
	assert_int_equal(r.federation.state, FED_DNS_ERROR);
	result_free(&r);
	run_case(&r, &pol, true, facts);
	assert_int_equal(r.status, SD_VERDICT_WARNING);
	assert_true(fixture_hint(&r, HINT_FEDERATION, "whether the record exists is unknown") >= 0);
	result_free(&r);
}

/* What the answers make of federation, before any connection (SPEC §5.2's states). */
static void spec5_2_states_from_the_answers(void **state)
{
	(void)state;
	static const struct {
		const char *rule;
		struct dns_fact facts[5];
		enum fed_state want;
		const char *hint;
	} cases[] = {
		{ "no record", { SIGNS_IN, { 0 } }, FED_NO_RECORD, "Publish the record: " FED ". 3600 IN SRV 0 0 5061 ACCESS-EDGE." },
		{ "target .", { SIGNS_IN, { FED, SRV, DNS_ANSWER, "0 0 0 .", NULL }, { 0 } }, FED_NO_SERVICE,
		  "does not federate" },
		{ "target without address",
		  { SIGNS_IN, { FED, SRV, DNS_ANSWER, "0 0 5061 access." DOMAIN, NULL }, { 0 } }, FED_UNRESOLVED,
		  "Publish an address (A record) for access." DOMAIN },
		{ "target resolves", { SIGNS_IN, { FED, SRV, DNS_ANSWER, "0 0 5061 access." DOMAIN, NULL },
				       { "access." DOMAIN, HOST, DNS_ANSWER, "192.0.2.9", NULL }, { 0 } }, FED_RESOLVED, NULL },
		{ "address from the additional section",
		  { SIGNS_IN, { FED, SRV, DNS_ANSWER, "0 0 5061 access." DOMAIN, "access." DOMAIN "=192.0.2.9" }, { 0 } },
		  FED_RESOLVED, NULL },
	};
	for (size_t i = 0; i < N(cases); i++) {
		struct policy pol = fixture_policy(&(struct setup){ 0 });
		struct result r;
		run_case(&r, &pol, true, cases[i].facts);
		if (r.federation.state != cases[i].want)
			fail_msg("%s: state %s, expected %s", cases[i].rule, fed_state_name(r.federation.state),
				 fed_state_name(cases[i].want));
		if (cases[i].hint && fixture_hint(&r, HINT_FEDERATION, cases[i].hint) < 0)
			fail_msg("%s: no hint saying \"%s\"", cases[i].rule, cases[i].hint);
		if (!cases[i].hint && (r.status != SD_VERDICT_OK || r.federation.cause[0]))
			fail_msg("%s: status %d, cause \"%s\"", cases[i].rule, r.status, r.federation.cause);
		result_free(&r);
	}
}

/* Without --federation the verdict is sign-in's; with it a problem is a WARNING, never worse, its cause first. */
static void spec5_2_federation_counts_only_with_the_option_and_is_at_most_a_warning(void **state)
{
	(void)state;
	static const struct dns_fact good[] = { SIGNS_IN, { 0 } };
	static const struct dns_fact broken[] = { { "_sipinternaltls._tcp." DOMAIN, SRV, DNS_ANSWER, "0 0 5061 pool." DOMAIN, NULL },
						  { 0 } };
	struct policy pol = fixture_policy(&(struct setup){ 0 });
	struct result r;
	run_case(&r, &pol, false, good);
	char plain[sizeof r.reason];
	sd_copy(plain, sizeof plain, r.reason);
	assert_int_equal(r.status, SD_VERDICT_OK);
	assert_int_equal(r.n_hints, 0);
	assert_false(r.federation.set_status);
	assert_true(r.federation.cause[0]); /* the section still says what is wrong */
	result_free(&r);
	run_case(&r, &pol, true, good);
	assert_int_equal(r.status, SD_VERDICT_WARNING);
	assert_true(r.federation.set_status);
	char want[sizeof r.reason + 128];
	snprintf(want, sizeof want, "federation: no " FED " SRV record (nxdomain); %s", plain);
	assert_string_equal(r.reason, want);
	result_free(&r);
	run_case(&r, &pol, true, broken);
	assert_int_equal(r.status, SD_VERDICT_CRITICAL);
	assert_false(r.federation.set_status);
	assert_true(fixture_hint(&r, HINT_FEDERATION, "Publish the record") >= 0);
	result_free(&r);
}

/* The Access Edge's attempt as the probe leaves it; then the verdict (SPEC §5.2, §6's classes). */
static void after_attempt(struct result *r, struct policy *pol, enum conn_outcome outcome, unsigned failures, long days)
{
	static const struct dns_fact facts[] = {
		SIGNS_IN, { FED, SRV, DNS_ANSWER, "0 0 5061 access." DOMAIN, NULL },
		{ "access." DOMAIN, HOST, DNS_ANSWER, "192.0.2.9", NULL }, { 0 },
	};
	pol->federation = true;
	fixture_start(r, pol, NULL);
	fixture_resolve(r, facts);
	assert_int_equal(decide_candidates(r), SD_OK);
	assert_int_equal(r->federation.state, FED_RESOLVED);
	struct attempt *a = &r->federation.attempt;
	r->federation.n_tried = 1;
	sd_copy(a->address, sizeof a->address, "192.0.2.9");
	a->outcome = outcome;
	a->has_tls = outcome != CONN_REFUSED;
	a->tls.failures = failures;
	a->tls.days_to_expiry = days;
	a->tls.n_sans = 1;
	sd_copy(a->tls.sans[0], sizeof a->tls.sans[0], "edge.elsewhere.example");
	sd_copy(a->tls.issuer, sizeof a->tls.issuer, "CN=Some CA");
	assert_int_equal(verdict_build(r), SD_OK);
}

/* Each failure class gets its own fix (SPEC §6's rule, for the Access Edge's certificate). */
static void spec5_2_the_certificate_must_name_the_srv_target(void **state)
{
	(void)state;
	static const struct {
		const char *rule;
		enum conn_outcome outcome;
		unsigned failures;
		long days;
		enum fed_state want;
		const char *hint;
	} cases[] = {
		{ "valid", CONN_OK, 0, 300, FED_OK, NULL },
		{ "name mismatch", CONN_CERT_INVALID, CERT_NAME_MISMATCH, 300, FED_CERT_INVALID,
		  "does not name access." DOMAIN ", the target of " FED " (it names: edge.elsewhere.example)" },
		{ "untrusted", CONN_CERT_INVALID, CERT_UNTRUSTED_ISSUER, 300, FED_CERT_INVALID,
		  "fails validation (untrusted-issuer; issuer CN=Some CA)" },
		{ "missing intermediate: send it, not reissue", CONN_CERT_INVALID, CERT_MISSING_INTERMEDIATE, 300,
		  FED_CERT_INVALID, "does not send the intermediate CA certificate" },
		{ "refused", CONN_REFUSED, 0, 0, FED_CONNECT_FAILED, "make the Access Edge accept TLS on port 5061" },
		{ "expiring", CONN_OK, 0, 5, FED_OK, "expires in 5 days: renew it" },
	};
	for (size_t i = 0; i < N(cases); i++) {
		struct policy pol = fixture_policy(&(struct setup){ 0 });
		struct result r;
		after_attempt(&r, &pol, cases[i].outcome, cases[i].failures, cases[i].days);
		if (r.federation.state != cases[i].want)
			fail_msg("%s: state %s", cases[i].rule, fed_state_name(r.federation.state));
		if (cases[i].hint ? fixture_hint(&r, HINT_FEDERATION, cases[i].hint) < 0
				  : r.status != SD_VERDICT_OK || r.n_hints != 0) {
			fixture_print_hints(&r);
			fail_msg("%s: status %d, hint \"%s\" expected", cases[i].rule, r.status,
				 cases[i].hint ? cases[i].hint : "none");
		}
		result_free(&r);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(spec5_2_a_partner_tries_the_lowest_priority_then_highest_weight_first),
		cmocka_unit_test(spec5_2_federation_query_goes_out_in_the_first_stage),
		cmocka_unit_test(spec5_2_federation_record_is_never_a_candidate_and_never_stops_the_fallback),
		cmocka_unit_test(spec5_2_federation_dns_error_is_not_a_sign_in_dns_error),
		cmocka_unit_test(spec5_2_states_from_the_answers),
		cmocka_unit_test(spec5_2_federation_counts_only_with_the_option_and_is_at_most_a_warning),
		cmocka_unit_test(spec5_2_the_certificate_must_name_the_srv_target),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
