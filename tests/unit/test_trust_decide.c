/*
 * test_trust_decide.c — SPEC §5.1 over decided results (--no-connect): the trust model of
 * lync2010 and lync2013 against the domain rule of ocs2007r2, the trust prompt where the
 * client stops (server, WARNING, if_rejected, the hint's two fixes), and Microsoft 365's
 * documented records (never a hint to repoint them). fixture.h's fact tables, no network.
 */
#include "fixture.h"

#include "m365.h"
#include "prompt.h"

#define H(label) label "." DOMAIN
#define RESOLVES(label, addr) { H(label), HOST, DNS_ANSWER, addr, NULL }
#define RESOLVES_ABS(name, addr) { name, HOST, DNS_ANSWER, addr, NULL }
#define SRV_OF(prefix, records) { prefix "." DOMAIN, SRV, DNS_ANSWER, records, NULL }
#define IN_TLS "_sipinternaltls._tcp"
#define EX_TLS "_sip._tls"
#define ABS_SERVER(host, port) { host, port, SD_TLS, 0, 0 }
#define SERVER(label, port) ABS_SERVER(H(label), port)
#define M365_SRV SRV_OF(EX_TLS, "0 0 443 sipdir.online.lync.com")

static const struct dcase cases[] = {
	{ .rule = "SPEC 5.1: lync2013 trusts a deep name under the sign-in domain",
	  .setup = { .profile = "lync2013" },
	  .facts = { SRV_OF(IN_TLS, "0 0 5061 lyncpool.corp." DOMAIN), RESOLVES("lyncpool.corp", "192.0.2.1") },
	  .server = SERVER("lyncpool.corp", 5061), .status = SD_VERDICT_OK, .fallback = FALLBACK_RAN_ALWAYS },
	{ .rule = "SPEC 5: ocs2007r2 rejects the same name",
	  .facts = { SRV_OF(IN_TLS, "0 0 5061 lyncpool.corp." DOMAIN), RESOLVES("lyncpool.corp", "192.0.2.1") },
	  .status = SD_VERDICT_CRITICAL, .fallback = FALLBACK_NOT_RUN, .hints = { "rejected by the naming rule" } },
	{ .rule = "SPEC 5.1: lync2010 with strict naming applies SPEC 5's strict rule",
	  .setup = { .profile = "lync2010", .strict = true },
	  .facts = { SRV_OF(IN_TLS, "0 0 5061 lyncpool.corp." DOMAIN), RESOLVES("lyncpool.corp", "192.0.2.1") },
	  .status = SD_VERDICT_CRITICAL, .fallback = FALLBACK_NOT_RUN },
	{ .rule = "SPEC 5.1: a foreign server first is the trust prompt: the server, WARNING, both fixes",
	  .setup = { .profile = "lync2010" },
	  .facts = { SRV_OF(IN_TLS, "0 0 5061 sip.partner.example"), SRV_OF(EX_TLS, "0 0 443 edge." DOMAIN),
		     RESOLVES_ABS("sip.partner.example", "192.0.2.7"), RESOLVES("edge", "192.0.2.3") },
	  .server = ABS_SERVER("sip.partner.example", 5061), .status = SD_VERDICT_WARNING,
	  .fallback = FALLBACK_NOT_RUN, .reason = "sign-in waits for the user: Lync 2010 asks whether to trust",
	  .hints = { "Point the record at a host under " DOMAIN, "add partner.example to the Trusted Domain List",
		     "Connect anyway?" } },
	{ .rule = "SPEC 5.1: a foreign server after a trusted one: no prompt without connecting",
	  .setup = { .profile = "lync2010" },
	  .facts = { SRV_OF(IN_TLS, "0 0 5061 pool." DOMAIN), SRV_OF(EX_TLS, "0 0 443 sip.partner.example"),
		     RESOLVES("pool", "192.0.2.1"), RESOLVES_ABS("sip.partner.example", "192.0.2.7") },
	  .server = SERVER("pool", 5061), .status = SD_VERDICT_OK, .fallback = FALLBACK_NOT_RUN },
	{ .rule = "SPEC 5.1: Microsoft 365's _sip._tls is trusted by default under lync2010",
	  .setup = { .profile = "lync2010" },
	  .facts = { M365_SRV, RESOLVES_ABS("sipdir.online.lync.com", "192.0.2.9") },
	  .server = ABS_SERVER("sipdir.online.lync.com", 443), .status = SD_VERDICT_OK, .fallback = FALLBACK_NOT_RUN },
	{ .rule = "SPEC 5.1: under ocs2007r2 the reason says Communicator 2007 R2 cannot sign in to Microsoft 365",
	  .facts = { M365_SRV, RESOLVES_ABS("sipdir.online.lync.com", "192.0.2.9") },
	  .status = SD_VERDICT_CRITICAL, .fallback = FALLBACK_NOT_RUN,
	  .reason = "Communicator 2007 R2 cannot sign in to Microsoft 365",
	  .hints = { "the value Microsoft documents" }, .no_hint = "Point the SRV record" },
};

static void spec5_1_trust_model_decisions(void **state)
{
	(void)state;
	fixture_check_cases(cases, N(cases));
}

/* Decides case i into r (the caller frees it); pol must outlive r. */
static void decide(struct result *r, struct policy *pol, size_t i)
{
	*pol = fixture_policy(&cases[i].setup);
	fixture_discover(r, pol, NULL, cases[i].facts);
}

/* SPEC 5.1: the prompt is data in the result; what follows it is if_rejected. */
static void spec5_1_trust_prompt_is_where_the_client_stops(void **state)
{
	(void)state;
	struct policy pol;
	struct result r;
	decide(&r, &pol, 3);
	assert_int_equal(r.prompt.kind, PROMPT_TRUST);
	assert_int_equal(r.prompt.candidate, 0);
	assert_int_equal(r.prompt.attempt, -1);
	assert_int_equal(r.prompt.ad_url, -1);
	assert_string_equal(r.prompt.host, "sip.partner.example");
	assert_false(r.candidates[0].if_rejected);
	for (size_t i = 1; i < r.n_candidates; i++)
		assert_true(r.candidates[i].if_rejected);
	assert_string_equal(naming_rule_id(r.candidates[0].naming.rule), "untrusted-prompt");
	assert_int_equal(r.candidates[0].state, CAND_USABLE);
	result_free(&r);
	decide(&r, &pol, 4);
	assert_int_equal(r.prompt.kind, PROMPT_NONE);
	for (size_t i = 0; i < r.n_candidates; i++)
		assert_false(r.candidates[i].if_rejected);
	result_free(&r);
}

/* SPEC 5.1: Microsoft 365's documented record is recognised, and a hybrid domain named. */
static void spec5_1_microsoft365_records_recognised(void **state)
{
	(void)state;
	struct policy pol = fixture_policy(&(struct setup){ .profile = "lync2010" });
	struct result r;
	static const struct dns_fact hybrid[] = {
		M365_SRV, SRV_OF(IN_TLS, "0 0 5061 pool." DOMAIN), RESOLVES_ABS("sipdir.online.lync.com", "192.0.2.9"),
		RESOLVES("pool", "192.0.2.1"), { NULL, 0, 0, NULL, NULL },
	};
	fixture_discover(&r, &pol, NULL, hybrid);
	struct m365_view v;
	m365_assess(&r, &v);
	assert_int_equal(v.online, 1);
	assert_int_equal(v.on_premises, 1);
	assert_true(m365_hybrid(&v));
	size_t sipdir = 0;
	for (size_t i = 0; i < r.n_candidates; i++)
		if (strcmp(r.candidates[i].host, "sipdir.online.lync.com") == 0)
			sipdir = i;
	assert_non_null(m365_record_role(&r, &r.candidates[sipdir]));
	assert_null(m365_record_role(&r, &r.candidates[sipdir == 0 ? 1 : 0]));
	result_free(&r);
	static const struct dns_fact wrong_port[] = {
		SRV_OF(EX_TLS, "0 0 5061 sipdir.online.lync.com"), RESOLVES_ABS("sipdir.online.lync.com", "192.0.2.9"),
		{ NULL, 0, 0, NULL, NULL },
	};
	fixture_discover(&r, &pol, NULL, wrong_port);
	m365_assess(&r, &v);
	assert_int_equal(v.online, 0); /* not the documented value: on premises as far as the tool can tell */
	assert_null(m365_record_role(&r, &r.candidates[0]));
	result_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(spec5_1_trust_model_decisions),
		cmocka_unit_test(spec5_1_trust_prompt_is_where_the_client_stops),
		cmocka_unit_test(spec5_1_microsoft365_records_recognised),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
