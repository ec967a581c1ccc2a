/*
 * test_decide.c — SPEC §4.1–§4.4, §5, §6 (--no-connect), §8: the candidates the
 * client would try, in order, the server it would choose, the verdict, the
 * reason and the hints, decided over DNS answers from fixture.h's fact tables.
 * Each test walks a table of cases; every case is also checked against the
 * invariants of fixture_well_formed (one-line, unique hints among them).
 */
#include "fixture.h"
#include "verdict_dns.h"

#define H(label) label "." DOMAIN
#define RESOLVES(label, addr) { H(label), HOST, DNS_ANSWER, addr, NULL }
#define SRV_OF(prefix, records) { prefix "." DOMAIN, SRV, DNS_ANSWER, records, NULL }
#define SRV_FAILS(prefix, result) { prefix "." DOMAIN, SRV, result, NULL, NULL }
#define IN_TLS "_sipinternaltls._tcp"
#define IN_TCP "_sipinternal._tcp"
#define EX_TLS "_sip._tls"
#define EX_TCP "_sip._tcp"
#define SRV_C(label, port, t, state) { H(label), port, t, ORIGIN_SRV, state }
#define FB_C(label, port, t, state) { H(label), port, t, ORIGIN_FALLBACK, state }
#define SERVER(label, port, t) { H(label), port, t, 0, 0 }

/* SPEC §4.2: every _sipinternaltls target, then every _sip._tls target, then _sipinternal._tcp. */
static void spec4_2_tls_targets_first_then_tcp(void **state)
{
	(void)state;
	static const char *const profiles[] = { "ocs2007r2", "lync2010" };
	static const struct dns_fact facts[] = {
		SRV_OF(IN_TCP, "0 0 5060 tcppool." DOMAIN),
		SRV_OF(EX_TLS, "0 0 443 edge." DOMAIN),
		SRV_OF(IN_TLS, "0 0 5061 pool1." DOMAIN ", 0 0 5061 pool2." DOMAIN),
		RESOLVES("tcppool", "192.0.2.3"), RESOLVES("edge", "192.0.2.4"),
		RESOLVES("pool1", "192.0.2.1"), RESOLVES("pool2", "192.0.2.2"), { 0 },
	};
	static const struct want want[] = {
		SRV_C("pool1", 5061, SD_TLS, CAND_USABLE), SRV_C("pool2", 5061, SD_TLS, CAND_USABLE),
		SRV_C("edge", 443, SD_TLS, CAND_USABLE), SRV_C("tcppool", 5060, SD_TCP, CAND_USABLE), { 0 },
	};
	static const char *const from[] = { IN_TLS "." DOMAIN, IN_TLS "." DOMAIN, EX_TLS "." DOMAIN, IN_TCP "." DOMAIN };
	for (size_t p = 0; p < N(profiles); p++) {
		struct policy pol = fixture_policy(&(struct setup){ .profile = profiles[p] });
		struct result r;
		fixture_discover(&r, &pol, NULL, facts);
		bool ok = fixture_same_candidates(profiles[p], &r, want) && fixture_well_formed(profiles[p], &r)
			  && fixture_same_server(profiles[p], &r, H("pool1"), 5061, SD_TLS);
		for (size_t i = 0; ok && i < N(from); i++)
			if (strcmp(r.queries[r.candidates[i].srv_query].name, from[i]) != 0) {
				print_error("%s: candidate %zu comes from %s, expected %s\n", profiles[p], i,
					    r.queries[r.candidates[i].srv_query].name, from[i]);
				ok = false;
			}
		result_free(&r);
		if (!ok)
			fail_msg("%s: attempt order is not TLS targets first (see above)", profiles[p]);
	}
}

static const struct dcase ordering[] = {
	{ .rule = "priority ascending, then weight descending, then name; the name order ranks above all",
	  .facts = { SRV_OF(IN_TLS, "10 50 5061 b." DOMAIN ", 0 10 5061 z." DOMAIN ", 10 60 5061 c." DOMAIN
				    ", 10 50 5061 a." DOMAIN ", 0 10 5061 y." DOMAIN ", 0 90 5061 x." DOMAIN),
		     SRV_OF(EX_TLS, "0 100 443 edge." DOMAIN),
		     RESOLVES("a", "192.0.2.1"), RESOLVES("b", "192.0.2.2"), RESOLVES("c", "192.0.2.3"),
		     RESOLVES("x", "192.0.2.4"), RESOLVES("y", "192.0.2.5"), RESOLVES("z", "192.0.2.6"),
		     RESOLVES("edge", "192.0.2.7") },
	  .want = { SRV_C("x", 5061, SD_TLS, CAND_USABLE), SRV_C("y", 5061, SD_TLS, CAND_USABLE),
		    SRV_C("z", 5061, SD_TLS, CAND_USABLE), SRV_C("c", 5061, SD_TLS, CAND_USABLE),
		    SRV_C("a", 5061, SD_TLS, CAND_USABLE), SRV_C("b", 5061, SD_TLS, CAND_USABLE),
		    SRV_C("edge", 443, SD_TLS, CAND_USABLE) },
	  .server = SERVER("x", 5061, SD_TLS), .fallback = FALLBACK_NOT_RUN },
	{ .rule = "a lower priority that does not resolve is still tried first, and fails",
	  .facts = { SRV_OF(IN_TLS, "1 0 5061 pool." DOMAIN ", 0 0 5061 dead." DOMAIN), RESOLVES("pool", "192.0.2.1") },
	  .want = { SRV_C("dead", 5061, SD_TLS, CAND_UNRESOLVED), SRV_C("pool", 5061, SD_TLS, CAND_USABLE) },
	  .server = SERVER("pool", 5061, SD_TLS), .status = SD_VERDICT_OK, .fallback = FALLBACK_NOT_RUN },
};

static void spec4_2_priority_then_weight_then_name(void **state)
{
	(void)state;
	fixture_check_cases(ordering, N(ordering));
	struct policy pol = fixture_policy(&(struct setup){ 0 });
	struct result r;
	fixture_discover(&r, &pol, NULL, ordering[0].facts);
	static const int prio[] = { 0, 0, 0, 10, 10, 10, 0 }, weight[] = { 90, 10, 10, 60, 50, 50, 100 };
	for (size_t i = 0; i < N(prio); i++) {
		assert_int_equal(r.candidates[i].priority, prio[i]);
		assert_int_equal(r.candidates[i].weight, weight[i]);
	}
	result_free(&r);
}

static const struct dcase dot_targets[] = {
	{ .rule = "\".\" on _sipinternaltls, edge on _sip._tls: edge is the server",
	  .facts = { SRV_OF(IN_TLS, "0 0 0 ."), SRV_OF(EX_TLS, "0 0 443 edge." DOMAIN), RESOLVES("edge", "192.0.2.4") },
	  .want = { { ".", 0, SD_TLS, ORIGIN_SRV, CAND_NO_SERVICE }, SRV_C("edge", 443, SD_TLS, CAND_USABLE) },
	  .server = SERVER("edge", 443, SD_TLS), .fallback = FALLBACK_NOT_RUN, .not_queried = { "." } },
	{ .rule = "\".\" everywhere: no service, no attempt at all",
	  .facts = { SRV_OF(IN_TLS, "0 0 0 ."), SRV_OF(IN_TCP, "0 0 0 ."), SRV_OF(EX_TLS, "0 0 0 .") },
	  .want = { { ".", 0, SD_TLS, ORIGIN_SRV, CAND_NO_SERVICE }, { ".", 0, SD_TLS, ORIGIN_SRV, CAND_NO_SERVICE },
		    { ".", 0, SD_TCP, ORIGIN_SRV, CAND_NO_SERVICE } },
	  .status = SD_VERDICT_CRITICAL, .fallback = FALLBACK_NOT_RUN, .reason = "no service", .not_queried = { "." } },
};

/* SPEC §4.2: a target of "." means "service not available here" and yields no attempt. */
static void spec4_2_dot_target_yields_no_attempt(void **state)
{
	(void)state;
	fixture_check_cases(dot_targets, N(dot_targets));
}

static const struct dcase rejected_targets[] = {
	{ .rule = "a deeper name is rejected; the next target is used",
	  .facts = { SRV_OF(IN_TLS, "0 0 5061 pool.eng." DOMAIN ", 1 0 5061 pool." DOMAIN),
		     RESOLVES("pool.eng", "192.0.2.9"), RESOLVES("pool", "192.0.2.1") },
	  .want = { SRV_C("pool.eng", 5061, SD_TLS, CAND_REJECTED), SRV_C("pool", 5061, SD_TLS, CAND_USABLE) },
	  .server = SERVER("pool", 5061, SD_TLS), .fallback = FALLBACK_NOT_RUN,
	  .hints = { "pool.eng." DOMAIN " (from " IN_TLS "." DOMAIN ") is rejected by the naming rule" },
	  .not_queried = { "pool.eng." DOMAIN } },
	{ .rule = "another domain is rejected even with strict naming off",
	  .facts = { SRV_OF(EX_TLS, "0 0 443 sip.contoso.net"), SRV_OF(IN_TLS, "0 0 5061 sip." DOMAIN),
		     { "sip.contoso.net", HOST, DNS_ANSWER, "192.0.2.9", NULL }, RESOLVES("sip", "192.0.2.1") },
	  .want = { SRV_C("sip", 5061, SD_TLS, CAND_USABLE),
		    { "sip.contoso.net", 443, SD_TLS, ORIGIN_SRV, CAND_REJECTED } },
	  .server = SERVER("sip", 5061, SD_TLS), .fallback = FALLBACK_NOT_RUN,
	  .hints = { "sip.contoso.net (from " EX_TLS "." DOMAIN ") is rejected" }, .not_queried = { "sip.contoso.net" } },
};

/* SPEC §4.2/§5: a rejected target yields no attempt (not even a lookup) and a hint with the rule. */
static void spec4_2_rejected_target_yields_no_attempt_and_a_hint(void **state)
{
	(void)state;
	fixture_check_cases(rejected_targets, N(rejected_targets));
	struct policy pol = fixture_policy(&(struct setup){ 0 });
	struct result r;
	fixture_discover(&r, &pol, NULL, rejected_targets[0].facts);
	int h = fixture_hint(&r, HINT_NAMING_REJECTED, "pool.eng." DOMAIN);
	bool names_rule = h >= 0 && strstr(r.hints[h].text, naming_rule_text(NAMING_TOO_DEEP));
	result_free(&r);
	assert_true(names_rule);
}

/* Host records the fallback would use, were it to run. */
#define FALLBACK_HOSTS_RESOLVE RESOLVES("sipinternal", "192.0.2.10"), RESOLVES("sipexternal", "192.0.2.11")
#define NO_FALLBACK_QUERY .not_queried = { "sipinternal." DOMAIN, "sipexternal." DOMAIN }

static const struct dcase no_fallback[] = {
	/* A hint, not only the reason, says the client will not fall back when the only target is rejected. */
	{ .rule = "the only target is rejected by the naming rule",
	  .facts = { SRV_OF(IN_TLS, "0 0 5061 pool.eng." DOMAIN), RESOLVES("pool.eng", "192.0.2.9"),
		     FALLBACK_HOSTS_RESOLVE },
	  .want = { SRV_C("pool.eng", 5061, SD_TLS, CAND_REJECTED) },
	  .status = SD_VERDICT_CRITICAL, .fallback = FALLBACK_NOT_RUN, .reason = "never falls back",
	  .hints = { "fall back", "sipinternal." DOMAIN " resolves (192.0.2.10), but the client will not use it" },
	  NO_FALLBACK_QUERY },
	{ .rule = "the only target does not resolve",
	  .facts = { SRV_OF(EX_TLS, "0 0 443 edge." DOMAIN), FALLBACK_HOSTS_RESOLVE },
	  .want = { SRV_C("edge", 443, SD_TLS, CAND_UNRESOLVED) },
	  .status = SD_VERDICT_CRITICAL, .fallback = FALLBACK_NOT_RUN, .reason = "never falls back",
	  .hints = { "will not fall back" }, NO_FALLBACK_QUERY },
	/* Likewise when the only target is ".". */
	{ .rule = "the only target is \".\"",
	  .facts = { SRV_OF(IN_TLS, "0 0 0 ."), FALLBACK_HOSTS_RESOLVE },
	  .want = { { ".", 0, SD_TLS, ORIGIN_SRV, CAND_NO_SERVICE } },
	  .status = SD_VERDICT_CRITICAL, .fallback = FALLBACK_NOT_RUN, .reason = "never falls back",
	  .hints = { "fall back" }, NO_FALLBACK_QUERY },
	{ .rule = "the only record is a TCP one that does not resolve",
	  .facts = { SRV_OF(IN_TCP, "0 0 5060 pooltcp." DOMAIN), FALLBACK_HOSTS_RESOLVE },
	  .want = { SRV_C("pooltcp", 5060, SD_TCP, CAND_UNRESOLVED) },
	  .status = SD_VERDICT_CRITICAL, .fallback = FALLBACK_NOT_RUN, .reason = "never falls back",
	  .hints = { "will not fall back" }, NO_FALLBACK_QUERY },
	{ .rule = "one record among SERVFAIL and NXDOMAIN",
	  .facts = { SRV_FAILS(IN_TLS, DNS_SERVFAIL), SRV_OF(EX_TLS, "0 0 443 edge." DOMAIN), FALLBACK_HOSTS_RESOLVE },
	  .want = { SRV_C("edge", 443, SD_TLS, CAND_UNRESOLVED) },
	  .status = SD_VERDICT_CRITICAL, .fallback = FALLBACK_NOT_RUN, .dns_errors = true,
	  .reason = "never falls back", .hints = { "will not fall back", IN_TLS "." DOMAIN " SRV got servfail" },
	  NO_FALLBACK_QUERY },
};

/* SPEC §4.3: any SRV record, however useless, stops the host fallback, and the client is told so. */
static void spec4_3_no_fallback_when_any_srv_record_exists(void **state)
{
	(void)state;
	fixture_check_cases(no_fallback, N(no_fallback));
}

#define FALLBACK_3 { FB_C("sipinternal", 5061, SD_TLS, CAND_USABLE), FB_C("sipinternal", 5060, SD_TCP, CAND_USABLE), \
		     FB_C("sipexternal", 443, SD_TLS, CAND_USABLE) }
#define FALLBACK_OK .server = SERVER("sipinternal", 5061, SD_TLS), .fallback = FALLBACK_RAN, \
		    .hints = { "No SRV record exists for " DOMAIN }, .queried = { H("sipinternal"), H("sipexternal") }

static const struct dcase fallback[] = {
	{ .rule = "every SRV name NXDOMAIN", .facts = { FALLBACK_HOSTS_RESOLVE }, .want = FALLBACK_3, FALLBACK_OK },
	{ .rule = "every SRV name NODATA",
	  .facts = { SRV_FAILS(IN_TLS, DNS_NODATA), SRV_FAILS(IN_TCP, DNS_NODATA), SRV_FAILS(EX_TLS, DNS_NODATA),
		     FALLBACK_HOSTS_RESOLVE },
	  .want = FALLBACK_3, FALLBACK_OK },
	{ .rule = "NXDOMAIN and NODATA mixed, an empty answer counts as none",
	  .facts = { SRV_OF(IN_TCP, ""), SRV_FAILS(EX_TLS, DNS_NODATA), FALLBACK_HOSTS_RESOLVE },
	  .want = FALLBACK_3, FALLBACK_OK },
	{ .rule = "a _sip._tcp record, which ocs2007r2 never asks for, does not stop it",
	  .facts = { SRV_OF(EX_TCP, "0 0 5060 sip." DOMAIN), RESOLVES("sip", "192.0.2.1"), FALLBACK_HOSTS_RESOLVE },
	  .want = FALLBACK_3, FALLBACK_OK, .not_queried = { EX_TCP "." DOMAIN } },
	{ .rule = "--no-tcp: the TCP attempt is omitted",
	  .setup = { .no_tcp = true }, .facts = { FALLBACK_HOSTS_RESOLVE },
	  .want = { FB_C("sipinternal", 5061, SD_TLS, CAND_USABLE), FB_C("sipexternal", 443, SD_TLS, CAND_USABLE) },
	  FALLBACK_OK },
	/* The reference: the client "tries to resolve that host name. If [it] resolves ... tries to
	 * connect": a fallback name that does not resolve is a look-up, not a failed attempt. */
	{ .rule = "only sipexternal resolves: it is the server; sipinternal was only looked up, ok",
	  .facts = { RESOLVES("sipexternal", "192.0.2.11") },
	  .want = { FB_C("sipinternal", 5061, SD_TLS, CAND_SKIPPED_UNRESOLVED), FB_C("sipinternal", 5060, SD_TCP, CAND_SKIPPED_UNRESOLVED),
		    FB_C("sipexternal", 443, SD_TLS, CAND_USABLE) },
	  .server = SERVER("sipexternal", 443, SD_TLS), .fallback = FALLBACK_RAN },
	{ .rule = "nothing resolves: critical, and a hint to publish SRV records",
	  .facts = { { 0 } },
	  .want = { FB_C("sipinternal", 5061, SD_TLS, CAND_SKIPPED_UNRESOLVED), FB_C("sipinternal", 5060, SD_TCP, CAND_SKIPPED_UNRESOLVED),
		    FB_C("sipexternal", 443, SD_TLS, CAND_SKIPPED_UNRESOLVED) },
	  .status = SD_VERDICT_CRITICAL, .fallback = FALLBACK_RAN, .reason = "no SRV record exists",
	  .hints = { "publish _sipinternaltls._tcp." DOMAIN } },
};

/* SPEC §4.3: only when no SRV record exists at all: sipinternal TLS 5061, TCP 5060, sipexternal TLS 443. */
static void spec4_3_fallback_when_no_srv_record_at_all(void **state)
{
	(void)state;
	fixture_check_cases(fallback, N(fallback));
}

#define DNS_ERROR_CASE(what, failing, res, text)                                                      \
	{ .rule = what, .facts = { SRV_FAILS(failing, res), RESOLVES("sipinternal", "192.0.2.10") },      \
	  .want = { FB_C("sipinternal", 5061, SD_TLS, CAND_USABLE), FB_C("sipinternal", 5060, SD_TCP, CAND_USABLE), \
		    FB_C("sipexternal", 443, SD_TLS, CAND_SKIPPED_UNRESOLVED) },                                 \
	  .server = SERVER("sipinternal", 5061, SD_TLS), .status = SD_VERDICT_WARNING, .fallback = FALLBACK_RAN, \
	  .dns_errors = true, .reason = "DNS errors were treated as missing records",                 \
	  .hints = { "The query for " failing "." DOMAIN " SRV " text, "the SRV records may well exist" }, \
	  .no_hint = "publish" }

static const struct dcase dns_errors[] = {
	DNS_ERROR_CASE("SERVFAIL on _sipinternaltls", IN_TLS, DNS_SERVFAIL, "got servfail from " FIXTURE_SERVER),
	DNS_ERROR_CASE("REFUSED on _sip._tls", EX_TLS, DNS_REFUSED, "got refused from " FIXTURE_SERVER),
	DNS_ERROR_CASE("TIMEOUT on _sipinternal._tcp", IN_TCP, DNS_TIMEOUT, "timed out: " FIXTURE_SERVER " did not answer"),
	DNS_ERROR_CASE("another rcode on _sipinternaltls", IN_TLS, DNS_ERROR, "got error"),
	{ .rule = "every SRV name fails and nothing resolves: still critical",
	  .facts = { SRV_FAILS(IN_TLS, DNS_SERVFAIL), SRV_FAILS(IN_TCP, DNS_REFUSED), SRV_FAILS(EX_TLS, DNS_TIMEOUT) },
	  .status = SD_VERDICT_CRITICAL, .fallback = FALLBACK_RAN, .dns_errors = true,
	  .reason = "no SRV record was found for " DOMAIN " (DNS errors: " IN_TLS "." DOMAIN " SRV servfail from "
		    FIXTURE_SERVER ", ",
	  .hints = { IN_TLS "." DOMAIN " SRV got servfail", IN_TCP "." DOMAIN " SRV got refused",
		     EX_TLS "." DOMAIN " SRV timed out: " FIXTURE_SERVER " did not answer" },
	  .no_hint = "publish" },
	{ .rule = "several queries failing the same way: one hint naming them all",
	  .facts = { SRV_FAILS(IN_TLS, DNS_SERVFAIL), SRV_FAILS(IN_TCP, DNS_SERVFAIL), SRV_FAILS(EX_TLS, DNS_SERVFAIL) },
	  .status = SD_VERDICT_CRITICAL, .fallback = FALLBACK_RAN, .dns_errors = true,
	  .reason = "no SRV record was found for " DOMAIN " (DNS errors: ",
	  .hints = { "The queries for " IN_TLS "." DOMAIN " SRV, " IN_TCP "." DOMAIN " SRV, " EX_TLS "." DOMAIN
		     " SRV got servfail" },
	  .no_hint = "No SRV record exists" },
	{ .rule = "SERVFAIL on the target's A query: it does not resolve, a warning",
	  .facts = { SRV_OF(IN_TLS, "0 0 5061 pool." DOMAIN ", 1 0 5061 sip." DOMAIN),
		     { H("pool"), A, DNS_SERVFAIL, NULL, NULL }, RESOLVES("sip", "192.0.2.1") },
	  .want = { SRV_C("pool", 5061, SD_TLS, CAND_UNRESOLVED), SRV_C("sip", 5061, SD_TLS, CAND_USABLE) },
	  .server = SERVER("sip", 5061, SD_TLS), .status = SD_VERDICT_WARNING, .fallback = FALLBACK_NOT_RUN,
	  .dns_errors = true, .hints = { H("pool") " A got servfail" } },
	{ .rule = "a skipped query is no error", .setup = { .no_tcp = true }, .facts = { FALLBACK_HOSTS_RESOLVE },
	  .server = SERVER("sipinternal", 5061, SD_TLS), .fallback = FALLBACK_RAN, .no_hint = "got skipped" },
};

/* SPEC §4.3: SERVFAIL/REFUSED/TIMEOUT count as "no record" (fallback runs), and the verdict says so. */
static void spec4_3_dns_error_treated_as_missing_is_a_warning(void **state)
{
	(void)state;
	fixture_check_cases(dns_errors, N(dns_errors));
}

/* SPEC §4.3 Decision: fallback names are built, not discovered: naming reported, not enforced. */
static void spec4_3_fallback_names_reported_not_enforced(void **state)
{
	(void)state;
	static const struct dcase strict_fallback[] = {
		{ .rule = "strict naming: sipinternal.D is reported rejected yet usable",
		  .setup = { .strict = true }, .facts = { RESOLVES("sipinternal", "192.0.2.10") },
		  .want = { FB_C("sipinternal", 5061, SD_TLS, CAND_USABLE), FB_C("sipinternal", 5060, SD_TCP, CAND_USABLE),
			    FB_C("sipexternal", 443, SD_TLS, CAND_SKIPPED_UNRESOLVED) },
		  .server = SERVER("sipinternal", 5061, SD_TLS), .fallback = FALLBACK_RAN,
		  .no_hint = "rejected by the naming rule" },
	};
	fixture_check_cases(strict_fallback, N(strict_fallback));
	struct policy pol = fixture_policy(&strict_fallback[0].setup);
	struct result r;
	fixture_discover(&r, &pol, NULL, strict_fallback[0].facts);
	const struct candidate c = r.candidates[0];
	result_free(&r);
	assert_false(c.naming.allowed);
	assert_int_equal(c.naming.rule, NAMING_STRICT_REJECTS);
	assert_false(c.naming_enforced);
}

#define MANUAL_DNS { SRV_OF(IN_TLS, "0 0 5061 other." DOMAIN), RESOLVES("other", "192.0.2.99"), \
		     RESOLVES("pool", "192.0.2.1"), RESOLVES("edge", "192.0.2.2"), \
		     { "sip.fabrikam.net", HOST, DNS_ANSWER, "192.0.2.3", NULL } }
#define MANUAL(host, port, t, ext) { host, port, t, ext ? ORIGIN_MANUAL_EXTERNAL : ORIGIN_MANUAL_INTERNAL, CAND_USABLE }
#define NO_DISCOVERY .fallback = FALLBACK_NOT_APPLICABLE, .not_queried = { IN_TLS "." DOMAIN, "other." DOMAIN, H("sipinternal") }

static const struct dcase manual[] = {
	{ .rule = "internal and external, default ports",
	  .setup = { .internal = H("pool"), .external = H("edge") }, .facts = MANUAL_DNS,
	  .want = { MANUAL(H("pool"), 5061, SD_TLS, 0), MANUAL(H("pool"), 5060, SD_TCP, 0), MANUAL(H("edge"), 443, SD_TLS, 1) },
	  .server = SERVER("pool", 5061, SD_TLS), .reason = "manual internal server", NO_DISCOVERY },
	{ .rule = "internal and external, given ports",
	  .setup = { .internal = H("pool"), .internal_port = 5070, .external = H("edge"), .external_port = 4443 },
	  .facts = MANUAL_DNS,
	  .want = { MANUAL(H("pool"), 5070, SD_TLS, 0), MANUAL(H("pool"), 5070, SD_TCP, 0), MANUAL(H("edge"), 4443, SD_TLS, 1) },
	  .server = SERVER("pool", 5070, SD_TLS), NO_DISCOVERY },
	{ .rule = "--no-tcp omits the internal TCP attempt",
	  .setup = { .no_tcp = true, .internal = H("pool"), .external = H("edge") }, .facts = MANUAL_DNS,
	  .want = { MANUAL(H("pool"), 5061, SD_TLS, 0), MANUAL(H("edge"), 443, SD_TLS, 1) },
	  .server = SERVER("pool", 5061, SD_TLS), NO_DISCOVERY },
	{ .rule = "external only: TLS only",
	  .setup = { .external = H("edge") }, .facts = MANUAL_DNS, .want = { MANUAL(H("edge"), 443, SD_TLS, 1) },
	  .server = SERVER("edge", 443, SD_TLS), .reason = "manual external server", NO_DISCOVERY },
	{ .rule = "a name the strict rule would reject is the admin's choice",
	  .setup = { .strict = true, .internal = "sip.fabrikam.net" }, .facts = MANUAL_DNS,
	  .want = { MANUAL("sip.fabrikam.net", 5061, SD_TLS, 0), MANUAL("sip.fabrikam.net", 5060, SD_TCP, 0) },
	  .server = { "sip.fabrikam.net", 5061, SD_TLS, 0, 0 }, .no_hint = "naming rule", NO_DISCOVERY },
	{ .rule = "IP literals need no query",
	  .setup = { .internal = "192.0.2.50", .external = "2001:db8::50" }, .facts = MANUAL_DNS,
	  .want = { MANUAL("192.0.2.50", 5061, SD_TLS, 0), MANUAL("192.0.2.50", 5060, SD_TCP, 0),
		    MANUAL("2001:db8::50", 443, SD_TLS, 1) },
	  .server = { "192.0.2.50", 5061, SD_TLS, 0, 0 }, .fallback = FALLBACK_NOT_APPLICABLE,
	  .not_queried = { "192.0.2.50", "2001:db8::50", IN_TLS "." DOMAIN } },
	{ .rule = "the internal server does not resolve: the external one (a hint, no warning without connecting)",
	  .setup = { .internal = H("gone"), .external = H("edge") }, .facts = MANUAL_DNS,
	  .want = { { H("gone"), 5061, SD_TLS, ORIGIN_MANUAL_INTERNAL, CAND_UNRESOLVED },
		    { H("gone"), 5060, SD_TCP, ORIGIN_MANUAL_INTERNAL, CAND_UNRESOLVED }, MANUAL(H("edge"), 443, SD_TLS, 1) },
	  .server = SERVER("edge", 443, SD_TLS), .status = SD_VERDICT_OK,
	  .hints = { "manually configured server " H("gone") " does not resolve" }, NO_DISCOVERY },
	/* The "nothing to sign in to" hint must not tell an admin who used --internal-server to use it. */
	{ .rule = "nothing resolves: critical; no hint to use the option already used",
	  .setup = { .internal = H("gone") }, .facts = MANUAL_DNS,
	  .want = { { H("gone"), 5061, SD_TLS, ORIGIN_MANUAL_INTERNAL, CAND_UNRESOLVED },
		    { H("gone"), 5060, SD_TCP, ORIGIN_MANUAL_INTERNAL, CAND_UNRESOLVED } },
	  .status = SD_VERDICT_CRITICAL, .reason = "no manually configured server resolves",
	  .hints = { H("gone") " does not resolve" }, .no_hint = "use --internal-server", NO_DISCOVERY },
};

/* SPEC §4.1: internal TLS (port or 5061), internal TCP (port or 5060), external TLS (port or 443). */
static void spec4_1_manual_servers_no_discovery_query(void **state)
{
	(void)state;
	fixture_check_cases(manual, N(manual));
	struct policy pol = fixture_policy(&manual[5].setup);
	struct result r;
	fixture_discover(&r, &pol, NULL, manual[5].facts);
	bool literal = r.n_queries == 0 && r.n_addrs == 3 && r.addrs[0].source == ADDR_LITERAL
		       && r.addrs[2].source == ADDR_LITERAL;
	result_free(&r);
	assert_true(literal);
}

#define LYNC_ALL { FB_C("sipinternal", 5061, SD_TLS, CAND_USABLE), FB_C("sipinternal", 5060, SD_TCP, CAND_USABLE), \
		   FB_C("sip", 5061, SD_TLS, CAND_USABLE), FB_C("sip", 443, SD_TLS, CAND_USABLE), \
		   FB_C("sipexternal", 443, SD_TLS, CAND_USABLE) }

static const struct dcase lync[] = {
	{ .rule = "every fallback host resolves", .setup = { .profile = "lync2010" },
	  .facts = { FALLBACK_HOSTS_RESOLVE, RESOLVES("sip", "192.0.2.12") }, .want = LYNC_ALL,
	  .server = SERVER("sipinternal", 5061, SD_TLS), .fallback = FALLBACK_RAN,
	  .queried = { H("sipinternal"), H("sip"), H("sipexternal") } },
	{ .rule = "only sip.D resolves: TLS 5061 first (fallback names not resolving are no attempt)", .setup = { .profile = "lync2010" },
	  .facts = { RESOLVES("sip", "192.0.2.12") },
	  .want = { FB_C("sipinternal", 5061, SD_TLS, CAND_SKIPPED_UNRESOLVED), FB_C("sipinternal", 5060, SD_TCP, CAND_SKIPPED_UNRESOLVED),
		    FB_C("sip", 5061, SD_TLS, CAND_USABLE), FB_C("sip", 443, SD_TLS, CAND_USABLE),
		    FB_C("sipexternal", 443, SD_TLS, CAND_SKIPPED_UNRESOLVED) },
	  .server = SERVER("sip", 5061, SD_TLS), .fallback = FALLBACK_RAN, .queried = { H("sip") } },
	{ .rule = "--no-tcp", .setup = { .profile = "lync2010", .no_tcp = true },
	  .facts = { RESOLVES("sip", "192.0.2.12") },
	  .want = { FB_C("sipinternal", 5061, SD_TLS, CAND_SKIPPED_UNRESOLVED), FB_C("sip", 5061, SD_TLS, CAND_USABLE),
		    FB_C("sip", 443, SD_TLS, CAND_USABLE), FB_C("sipexternal", 443, SD_TLS, CAND_SKIPPED_UNRESOLVED) },
	  .server = SERVER("sip", 5061, SD_TLS), .fallback = FALLBACK_RAN },
	{ .rule = "SRV records exist: no fallback to sip.D either", .setup = { .profile = "lync2010" },
	  .facts = { SRV_OF(IN_TLS, "0 0 5061 gone." DOMAIN), RESOLVES("sip", "192.0.2.12") },
	  .want = { SRV_C("gone", 5061, SD_TLS, CAND_UNRESOLVED) },
	  .status = SD_VERDICT_CRITICAL, .fallback = FALLBACK_NOT_RUN, .not_queried = { H("sip") } },
};

/* SPEC §4.4: lync2010 adds sip.D (TLS 5061, then TLS 443) between sipinternal and sipexternal. */
static void spec4_4_lync2010_adds_sip_host_fallback(void **state)
{
	(void)state;
	fixture_check_cases(lync, N(lync));
}

/* Only a profile that compares with the default says so, in its own client's name. */
static void spec4_4_compare_names_the_profile_it_replays(void **state)
{
	(void)state;
	struct policy pol = fixture_policy(&lync[1].setup);
	struct result r;
	fixture_discover(&r, &pol, NULL, lync[1].facts);
	char compare[sizeof r.compare];
	memcpy(compare, r.compare, sizeof compare);
	result_free(&r);
	if (strstr(compare, "pidgin-sipe"))
		fail_msg("lync2010 result compares as pidgin-sipe: \"%s\"", compare);
}

#define SIPE_FALLBACK_UNRESOLVED FB_C("sipinternal", 5061, SD_TLS, CAND_SKIPPED_UNRESOLVED), \
	FB_C("sipexternal", 443, SD_TLS, CAND_SKIPPED_UNRESOLVED), FB_C("sip", 443, SD_TLS, CAND_SKIPPED_UNRESOLVED)
#define OBSERVED_SRV SRV_OF(IN_TLS, "0 0 5061 pool." DOMAIN ", 1 0 5061 pool2." DOMAIN), \
	SRV_OF(EX_TLS, "0 0 443 edge." DOMAIN)

static const struct dcase sipe[] = {
	{ .rule = "the observed case: pool:5061, edge:443, then the domain:5061; never pool2",
	  .setup = { .profile = "sipe" },
	  .facts = { OBSERVED_SRV, RESOLVES("pool", "192.0.2.1"), RESOLVES("pool2", "192.0.2.2"), RESOLVES("edge", "192.0.2.3") },
	  .want = { SRV_C("pool", 5061, SD_TLS, CAND_USABLE), SRV_C("pool2", 5061, SD_TLS, CAND_NOT_TRIED),
		    SRV_C("edge", 443, SD_TLS, CAND_USABLE), SIPE_FALLBACK_UNRESOLVED,
		    { DOMAIN, 5061, SD_TLS, ORIGIN_FALLBACK, CAND_UNRESOLVED } },
	  .server = SERVER("pool", 5061, SD_TLS), .fallback = FALLBACK_RAN_ALWAYS, .compare = "" },
	{ .rule = "fallback hosts resolve: all kept, pool2 still not tried", .setup = { .profile = "sipe" },
	  .facts = { OBSERVED_SRV, RESOLVES("pool", "192.0.2.1"), RESOLVES("pool2", "192.0.2.2"), RESOLVES("edge", "192.0.2.3"),
		     FALLBACK_HOSTS_RESOLVE, RESOLVES("sip", "192.0.2.12"), { DOMAIN, A, DNS_ANSWER, "192.0.2.13", NULL } },
	  .want = { SRV_C("pool", 5061, SD_TLS, CAND_USABLE), SRV_C("pool2", 5061, SD_TLS, CAND_NOT_TRIED),
		    SRV_C("edge", 443, SD_TLS, CAND_USABLE), FB_C("sipinternal", 5061, SD_TLS, CAND_USABLE),
		    FB_C("sipexternal", 443, SD_TLS, CAND_USABLE), FB_C("sip", 443, SD_TLS, CAND_USABLE),
		    { DOMAIN, 5061, SD_TLS, ORIGIN_FALLBACK, CAND_USABLE } },
	  .server = SERVER("pool", 5061, SD_TLS), .fallback = FALLBACK_RAN_ALWAYS, .compare = "" },
	{ .rule = "the first record fails: sipe moves to the next name, not to pool2", .setup = { .profile = "sipe" },
	  .facts = { OBSERVED_SRV, RESOLVES("pool2", "192.0.2.2"), RESOLVES("edge", "192.0.2.3") },
	  .want = { SRV_C("pool", 5061, SD_TLS, CAND_UNRESOLVED), SRV_C("pool2", 5061, SD_TLS, CAND_NOT_TRIED),
		    SRV_C("edge", 443, SD_TLS, CAND_USABLE), SIPE_FALLBACK_UNRESOLVED,
		    { DOMAIN, 5061, SD_TLS, ORIGIN_FALLBACK, CAND_UNRESOLVED } },
	  .server = SERVER("edge", 443, SD_TLS), .status = SD_VERDICT_OK, .fallback = FALLBACK_RAN_ALWAYS },
	{ .rule = "names in sipe's order: _sipinternal._tcp before _sip._tls, _sip._tcp last",
	  .setup = { .profile = "sipe" },
	  .facts = { SRV_OF(IN_TCP, "0 0 5060 pooltcp." DOMAIN), SRV_OF(EX_TLS, "0 0 443 edge." DOMAIN),
		     SRV_OF(EX_TCP, "0 0 5060 edgetcp." DOMAIN), RESOLVES("pooltcp", "192.0.2.1"),
		     RESOLVES("edge", "192.0.2.3"), RESOLVES("edgetcp", "192.0.2.4") },
	  .want = { SRV_C("pooltcp", 5060, SD_TCP, CAND_USABLE), SRV_C("edge", 443, SD_TLS, CAND_USABLE),
		    SRV_C("edgetcp", 5060, SD_TCP, CAND_USABLE), SIPE_FALLBACK_UNRESOLVED,
		    { DOMAIN, 5061, SD_TLS, ORIGIN_FALLBACK, CAND_UNRESOLVED } },
	  .server = SERVER("pooltcp", 5060, SD_TCP), .status = SD_VERDICT_OK, .fallback = FALLBACK_RAN_ALWAYS },
};

/* SPEC §4.4: sipe tries only each name's first record, then always its fallback hosts and the domain. */
static void spec4_4_sipe_first_record_per_name_only(void **state)
{
	(void)state;
	fixture_check_cases(sipe, N(sipe));
}

static const struct dcase sipe_compare[] = {
	{ .rule = "a target the naming rule rejects", .setup = { .profile = "sipe" },
	  .facts = { SRV_OF(IN_TLS, "0 0 5061 pool.eng." DOMAIN), RESOLVES("pool.eng", "192.0.2.9") },
	  .server = SERVER("pool.eng", 5061, SD_TLS), .fallback = FALLBACK_RAN_ALWAYS,
	  .compare = "pidgin-sipe would sign in to pool.eng." DOMAIN ":5061; Communicator would not, because the naming rule rejects",
	  .hints = { "Communicator would not" } },
	{ .rule = "both choose sip.D: nothing to compare", .setup = { .profile = "sipe" },
	  .facts = { SRV_OF(IN_TLS, "0 0 5061 sip." DOMAIN), RESOLVES("sip", "192.0.2.1") },
	  .server = SERVER("sip", 5061, SD_TLS), .fallback = FALLBACK_RAN_ALWAYS, .compare = "",
	  .no_hint = "Communicator" },
	{ .rule = "SRV target dead, sipinternal resolves", .setup = { .profile = "sipe" },
	  .facts = { SRV_OF(IN_TLS, "0 0 5061 gone." DOMAIN), RESOLVES("sipinternal", "192.0.2.10") },
	  .server = SERVER("sipinternal", 5061, SD_TLS), .status = SD_VERDICT_OK, .fallback = FALLBACK_RAN_ALWAYS,
	  .compare = "Communicator would not, because SRV records exist for " DOMAIN },
	{ .rule = "only _sip._tcp", .setup = { .profile = "sipe" },
	  .facts = { SRV_OF(EX_TCP, "0 0 5060 edge." DOMAIN), RESOLVES("edge", "192.0.2.3") },
	  .server = SERVER("edge", 5060, SD_TCP), .status = SD_VERDICT_OK, .fallback = FALLBACK_RAN_ALWAYS,
	  .compare = "because it never queries " EX_TCP "." DOMAIN },
	{ .rule = "sipe tries _sipinternal._tcp before _sip._tls", .setup = { .profile = "sipe" },
	  .facts = { SRV_OF(IN_TCP, "0 0 5060 pooltcp." DOMAIN), SRV_OF(EX_TLS, "0 0 443 edge." DOMAIN),
		     RESOLVES("pooltcp", "192.0.2.1"), RESOLVES("edge", "192.0.2.3") },
	  .server = SERVER("pooltcp", 5060, SD_TCP), .status = SD_VERDICT_OK, .fallback = FALLBACK_RAN_ALWAYS,
	  .compare = "because it tries edge." DOMAIN ":443 first" },
	{ .rule = "sipe never tries pool2, Communicator does", .setup = { .profile = "sipe" },
	  .facts = { SRV_OF(IN_TLS, "0 0 5061 pool." DOMAIN ", 1 0 5061 pool2." DOMAIN), RESOLVES("pool2", "192.0.2.2") },
	  .status = SD_VERDICT_CRITICAL, .fallback = FALLBACK_RAN_ALWAYS,
	  .compare = "pidgin-sipe would not sign in; Communicator would, to pool2." DOMAIN ":5061 over TLS" },
	{ .rule = "only the domain itself resolves", .setup = { .profile = "sipe" },
	  .facts = { { DOMAIN, A, DNS_ANSWER, "192.0.2.13", NULL } },
	  .want = { SIPE_FALLBACK_UNRESOLVED, { DOMAIN, 5061, SD_TLS, ORIGIN_FALLBACK, CAND_USABLE } },
	  .server = { DOMAIN, 5061, SD_TLS, 0, 0 }, .fallback = FALLBACK_RAN_ALWAYS,
	  .compare = "because it has no fallback to " DOMAIN ":5061" },
};

/* SPEC §4.4: with --profile=sipe, one line where Communicator would choose differently, else nothing. */
static void spec4_4_sipe_reports_where_communicator_differs(void **state)
{
	(void)state;
	fixture_check_cases(sipe_compare, N(sipe_compare));
}

/* sipe always falls back: its unresolved-target hint must not deny it. */
static void spec4_4_sipe_unresolved_target_hint_does_not_deny_fallback(void **state)
{
	(void)state;
	struct policy pol = fixture_policy(&sipe_compare[2].setup);
	struct result r;
	fixture_discover(&r, &pol, NULL, sipe_compare[2].facts);
	int h = fixture_hint(&r, HINT_TARGET_UNRESOLVED, "will not fall back");
	char text[sizeof r.hints[0].text] = "";
	if (h >= 0)
		memcpy(text, r.hints[h].text, sizeof text);
	result_free(&r);
	if (h >= 0)
		fail_msg("sipe falls back always, yet a hint says: \"%s\"", text);
}

static const struct dcase strict[] = {
	{ .rule = "strict on: pool.D rejected, sip.D chosen", .setup = { .strict = true },
	  .facts = { SRV_OF(IN_TLS, "0 0 5061 pool." DOMAIN ", 10 0 5061 sip." DOMAIN),
		     RESOLVES("pool", "192.0.2.1"), RESOLVES("sip", "192.0.2.2") },
	  .want = { SRV_C("pool", 5061, SD_TLS, CAND_REJECTED), SRV_C("sip", 5061, SD_TLS, CAND_USABLE) },
	  .server = SERVER("sip", 5061, SD_TLS), .fallback = FALLBACK_NOT_RUN,
	  .hints = { H("pool") " (from " IN_TLS "." DOMAIN ") is rejected by the naming rule" },
	  .not_queried = { H("pool") } },
	{ .rule = "strict off: pool.D chosen", .facts = { SRV_OF(IN_TLS, "0 0 5061 pool." DOMAIN ", 10 0 5061 sip." DOMAIN),
		     RESOLVES("pool", "192.0.2.1"), RESOLVES("sip", "192.0.2.2") },
	  .want = { SRV_C("pool", 5061, SD_TLS, CAND_USABLE), SRV_C("sip", 5061, SD_TLS, CAND_USABLE) },
	  .server = SERVER("pool", 5061, SD_TLS), .fallback = FALLBACK_NOT_RUN, .no_hint = "naming rule" },
	{ .rule = "strict on: the domain itself is allowed", .setup = { .strict = true },
	  .facts = { SRV_OF(IN_TLS, "0 0 5061 " DOMAIN), { DOMAIN, A, DNS_ANSWER, "192.0.2.13", NULL } },
	  .want = { { DOMAIN, 5061, SD_TLS, ORIGIN_SRV, CAND_USABLE } },
	  .server = { DOMAIN, 5061, SD_TLS, 0, 0 }, .fallback = FALLBACK_NOT_RUN },
	{ .rule = "strict on, only pool.D: critical, no fallback", .setup = { .strict = true },
	  .facts = { SRV_OF(IN_TLS, "0 0 5061 pool." DOMAIN), RESOLVES("pool", "192.0.2.1"), FALLBACK_HOSTS_RESOLVE },
	  .want = { SRV_C("pool", 5061, SD_TLS, CAND_REJECTED) },
	  .status = SD_VERDICT_CRITICAL, .fallback = FALLBACK_NOT_RUN, .reason = "1 rejected by the naming rule" },
	{ .rule = "sipe has no naming rule, strict or not", .setup = { .profile = "sipe", .strict = true },
	  .facts = { SRV_OF(IN_TLS, "0 0 5061 pool." DOMAIN), RESOLVES("pool", "192.0.2.1") },
	  .server = SERVER("pool", 5061, SD_TLS), .fallback = FALLBACK_RAN_ALWAYS,
	  .compare = "because the naming rule rejects " H("pool") },
};

/* SPEC §5 through the decision: strict naming rejects pool.D, allows D and sip.D. */
static void spec5_strict_naming_rejects_pool_allows_sip(void **state)
{
	(void)state;
	fixture_check_cases(strict, N(strict));
}

static const struct dcase no_connect[] = {
	{ .rule = "one candidate resolves: ok",
	  .facts = { SRV_OF(IN_TLS, "0 0 5061 pool." DOMAIN), RESOLVES("pool", "192.0.2.1") },
	  .server = SERVER("pool", 5061, SD_TLS), .fallback = FALLBACK_NOT_RUN, .reason = "would sign in to " H("pool") ":5061" },
	{ .rule = "none resolves: critical",
	  .facts = { SRV_OF(IN_TLS, "0 0 5061 pool." DOMAIN) },
	  .status = SD_VERDICT_CRITICAL, .fallback = FALLBACK_NOT_RUN, .reason = "1 not resolving" },
	{ .rule = "the second resolves: it is the server",
	  .facts = { SRV_OF(IN_TLS, "0 0 5061 pool." DOMAIN ", 1 0 5061 sip." DOMAIN), RESOLVES("sip", "192.0.2.2") },
	  .server = SERVER("sip", 5061, SD_TLS), .status = SD_VERDICT_OK, .fallback = FALLBACK_NOT_RUN },
};

/* SPEC §6 --no-connect: the server is the first resolving candidate; ok with one, critical with none. */
static void spec6_no_connect_server_is_first_resolving_candidate(void **state)
{
	(void)state;
	fixture_check_cases(no_connect, N(no_connect));
}

static const struct dcase clear_text[] = {
	{ .rule = "only _sipinternal._tcp", .facts = { SRV_OF(IN_TCP, "0 0 5060 pool." DOMAIN), RESOLVES("pool", "192.0.2.1") },
	  .server = SERVER("pool", 5060, SD_TCP), .status = SD_VERDICT_OK, .fallback = FALLBACK_NOT_RUN,
	  .reason = "clear-text TCP", .hints = { "no TLS server is published; publish _sipinternaltls._tcp." DOMAIN } },
	{ .rule = "the TLS target is dead, TCP works",
	  .facts = { SRV_OF(IN_TLS, "0 0 5061 gone." DOMAIN), SRV_OF(IN_TCP, "0 0 5060 pool." DOMAIN),
		     RESOLVES("pool", "192.0.2.1") },
	  .server = SERVER("pool", 5060, SD_TCP), .status = SD_VERDICT_OK, .fallback = FALLBACK_NOT_RUN,
	  /* the record exists: the fix is its target, never "publish _sipinternaltls" */
	  .hints = { "because the TLS candidates before it (first gone." DOMAIN ":5061, does-not-resolve) do not work" } },
	{ .rule = "TLS and TCP both work: TLS, ok",
	  .facts = { SRV_OF(IN_TLS, "0 0 5061 pool." DOMAIN), SRV_OF(IN_TCP, "0 0 5060 pool." DOMAIN),
		     RESOLVES("pool", "192.0.2.1") },
	  .server = SERVER("pool", 5061, SD_TLS), .fallback = FALLBACK_NOT_RUN, .no_hint = "clear-text" },
};

/* SPEC §6: without connecting, a clear-text TCP server is ok with a hint (§8's warning needs the connection). */
static void spec6_no_connect_clear_text_tcp_is_ok_with_a_hint(void **state)
{
	(void)state;
	fixture_check_cases(clear_text, N(clear_text));
}

static const struct dcase earlier_failed[] = {
	{ .rule = "_sipinternaltls target dead, edge works",
	  .facts = { SRV_OF(IN_TLS, "0 0 5061 pool." DOMAIN), SRV_OF(EX_TLS, "0 0 443 edge." DOMAIN),
		     RESOLVES("edge", "192.0.2.3") },
	  .want = { SRV_C("pool", 5061, SD_TLS, CAND_UNRESOLVED), SRV_C("edge", 443, SD_TLS, CAND_USABLE) },
	  .server = SERVER("edge", 443, SD_TLS), .status = SD_VERDICT_OK, .fallback = FALLBACK_NOT_RUN,
	  .hints = { H("pool") " (from " IN_TLS "." DOMAIN ") does not resolve" } },
	{ .rule = "an earlier rejected target is no attempt: ok",
	  .facts = { SRV_OF(IN_TLS, "0 0 5061 pool.eng." DOMAIN), SRV_OF(EX_TLS, "0 0 443 edge." DOMAIN),
		     RESOLVES("edge", "192.0.2.3") },
	  .server = SERVER("edge", 443, SD_TLS), .fallback = FALLBACK_NOT_RUN },
	{ .rule = "sipe: fallback hosts skipped because they do not resolve are no attempt: ok",
	  .setup = { .profile = "sipe" }, .facts = { { DOMAIN, A, DNS_ANSWER, "192.0.2.13", NULL } },
	  .server = { DOMAIN, 5061, SD_TLS, 0, 0 }, .fallback = FALLBACK_RAN_ALWAYS },
};

/* SPEC §6: without connecting, an earlier target that does not resolve is ok with a hint. */
static void spec6_no_connect_earlier_unresolved_is_ok_with_a_hint(void **state)
{
	(void)state;
	fixture_check_cases(earlier_failed, N(earlier_failed));
}

/* Cases that tempt a hint to repeat: one host on several records, A and AAAA failing alike. */
static const struct dcase repeats[] = {
	{ .rule = "one dead host on three records, one rejected host on two",
	  .facts = { SRV_OF(IN_TLS, "0 0 5061 pool." DOMAIN ", 0 0 5062 pool." DOMAIN),
		     SRV_OF(IN_TCP, "0 0 5060 pool." DOMAIN), SRV_OF(EX_TLS, "0 0 443 a.b." DOMAIN ", 1 0 444 a.b." DOMAIN),
		     { H("pool"), HOST, DNS_SERVFAIL, NULL, NULL } },
	  .status = SD_VERDICT_CRITICAL, .fallback = FALLBACK_NOT_RUN, .dns_errors = true },
	{ .rule = "manual server dead over TLS and TCP", .setup = { .internal = H("gone") },
	  .facts = { { H("gone"), HOST, DNS_TIMEOUT, NULL, NULL } }, .status = SD_VERDICT_CRITICAL,
	  .fallback = FALLBACK_NOT_APPLICABLE, .dns_errors = true },
	{ .rule = "sipe, both autodiscover names over A and AAAA", .setup = { .profile = "sipe" },
	  .facts = { { "lyncdiscover." DOMAIN, HOST, DNS_ANSWER, "192.0.2.1 2001:db8::1", NULL },
		     { "lyncdiscoverinternal." DOMAIN, HOST, DNS_REFUSED, NULL, NULL } },
	  .status = SD_VERDICT_CRITICAL, .fallback = FALLBACK_RAN_ALWAYS, .dns_errors = true },
};

/* Hints: never twice the same, each one line (fixture_well_formed checks it on every case of every table). */
static void spec7_hints_are_unique_single_lines(void **state)
{
	(void)state;
	fixture_check_cases(repeats, N(repeats));
	struct policy pol = fixture_policy(&(struct setup){ 0 });
	struct result r;
	fixture_discover(&r, &pol, NULL, repeats[0].facts);
	size_t rejected = 0;
	for (size_t i = 0; i < r.n_hints; i++)
		rejected += r.hints[i].kind == HINT_NAMING_REJECTED;
	result_free(&r);
	assert_int_equal(rejected, 1);
}

/* SPEC §4.4: profiles are data: the autodiscover hint names the row's client, whatever the row. */
static void spec4_4_autodiscover_hint_names_the_rows_client(void **state)
{
	(void)state;
	static const struct dns_fact ad[] = {
		{ "lyncdiscoverinternal." DOMAIN, HOST, DNS_ANSWER, "192.0.2.9", NULL },
		{ NULL, 0, 0, NULL, NULL },
	};
	struct profile other = *profile_find("sipe");
	other.client = "Another Client 9";
	struct policy pol = fixture_policy(&(struct setup){ .profile = "sipe" });
	pol.profile = &other;
	struct result r;
	fixture_discover(&r, &pol, NULL, ad);
	if (fixture_hint(&r, HINT_AUTODISCOVER, "Another Client 9 asks the Lync autodiscover service") < 0) {
		fixture_print_hints(&r);
		fail_msg("the autodiscover hint does not name the row's client");
	}
	result_free(&r);
}

/* fixture_discover with fixture_extras and, when alive is not NULL, that stage-1 server alive. */
static void discover_dns(struct result *r, const struct setup *setup, const struct dns_fact *facts,
			 const struct dns_extra *extras, const char *alive)
{
	static struct policy pol;
	pol = fixture_policy(setup);
	fixture_extras = extras;
	fixture_start(r, &pol, NULL);
	fixture_resolve(r, facts);
	if (alive) {
		sd_copy(r->dns_servers[0].server, sizeof r->dns_servers[0].server, alive);
		r->dns_servers[0].alive = true;
		sd_copy(r->dns_servers[0].what, sizeof r->dns_servers[0].what, "answered");
		r->n_dns_servers = 1;
	}
	assert_int_equal(decide_candidates(r), SD_OK);
	assert_int_equal(plan_diagnostic_stage(r, decide_first_usable(r) >= 0), SD_OK);
	fixture_answer(r, STAGE_DIAGNOSTIC, facts);
	assert_int_equal(verdict_build(r), SD_OK);
	fixture_extras = NULL;
	assert_true(fixture_well_formed("DNS facts", r));
}

/* How many hints of kind r has. */
static size_t count_hints(const struct result *r, enum hint_kind kind)
{
	size_t n = 0;
	for (size_t i = 0; i < r->n_hints; i++)
		n += r->hints[i].kind == kind;
	return n;
}

/* Fails, printing the reason and hints, unless some hint (no hint, when present is false) contains needle. */
static void expect_hint(const struct result *r, const char *needle, bool present)
{
	if ((fixture_hint(r, -1, needle) >= 0) == present)
		return;
	print_error("reason: %s\n", r->reason);
	fixture_print_hints(r);
	fail_msg("%s hint says \"%s\"", present ? "no" : "a", needle);
}

#define TWO_SERVERS_SILENT "127.0.0.1#53 timeout, 127.0.0.2#53 timeout"

/*
 * SPEC §4.6: a timeout is "did not answer", naming the servers, never "does not
 * exist"; one hint for the DNS server problem naming every query it affected.
 */
static void spec4_6_timeout_is_did_not_answer_in_one_hint(void **state)
{
	(void)state;
	static const struct dns_fact facts[] = {
		SRV_FAILS(IN_TLS, DNS_TIMEOUT), SRV_FAILS(IN_TCP, DNS_TIMEOUT), SRV_FAILS(EX_TLS, DNS_SERVFAIL), { 0 },
	};
	static const struct dns_extra extras[] = {
		{ IN_TLS "." DOMAIN, SRV, .failed = TWO_SERVERS_SILENT },
		{ IN_TCP "." DOMAIN, SRV, .failed = TWO_SERVERS_SILENT }, { 0 },
	};
	struct result r;
	discover_dns(&r, &(struct setup){ 0 }, facts, extras, NULL);
	assert_int_equal(count_hints(&r, HINT_DNS_ERROR), 1);
	expect_hint(&r, "the queries for " IN_TLS "." DOMAIN " SRV, " IN_TCP "." DOMAIN " SRV timed out: "
		    "127.0.0.1#53, 127.0.0.2#53 did not answer", true);
	expect_hint(&r, EX_TLS "." DOMAIN " SRV got servfail from " FIXTURE_SERVER, true);
	expect_hint(&r, "exist for", false);
	expect_hint(&r, "publish", false);
	assert_null(strstr(r.reason, "no SRV record exists"));
	assert_non_null(strstr(r.reason, IN_TLS "." DOMAIN " SRV timeout (127.0.0.1#53, 127.0.0.2#53 did not answer)"));
	result_free(&r);
}

/*
 * SPEC §4.6 (last paragraph): a live resolver whose domain's queries time out:
 * the domain's own name servers are what does not answer.
 */
static void spec4_6_live_resolver_silent_domain_names_the_domains_servers(void **state)
{
	(void)state;
	static const struct dns_fact facts[] = {
		SRV_FAILS(IN_TLS, DNS_TIMEOUT), SRV_FAILS(IN_TCP, DNS_TIMEOUT), SRV_FAILS(EX_TLS, DNS_TIMEOUT), { 0 },
	};
	struct result r;
	discover_dns(&r, &(struct setup){ 0 }, facts, NULL, "127.0.0.1#53");
	assert_int_equal(count_hints(&r, HINT_DNS_ERROR), 1);
	expect_hint(&r, "127.0.0.1#53 answers (it is alive), but the name servers of " DOMAIN " do not answer it: a "
		    "lame delegation or dead authoritative servers", true);
	expect_hint(&r, "Fix the DNS server", false);
	result_free(&r);
	discover_dns(&r, &(struct setup){ 0 }, facts, NULL, NULL);
	expect_hint(&r, "is alive", false);
	expect_hint(&r, "Fix the DNS server", true);
	result_free(&r);
}

/* Issue 20: the live-resolver hint names the zone of the names that went silent, not always the sign-in domain. */
static void spec4_6_live_resolver_hint_names_the_silent_zone(void **state)
{
	(void)state;
	static const struct dns_fact facts[] = {
		SRV_FAILS(IN_TLS, DNS_TIMEOUT), { "_sipinternaltls._tcp.elsewhere.test", SRV, DNS_TIMEOUT, NULL, NULL }, { 0 },
	};
	struct result r;
	discover_dns(&r, &(struct setup){ 0 }, facts, NULL, "127.0.0.1#53");
	/* a name of another domain: the result's query list is what the rule reads */
	sd_copy(r.queries[0].name, sizeof r.queries[0].name, "_sipinternaltls._tcp.elsewhere.test");
	r.n_hints = 0; /* only the hint of the renamed query */
	assert_int_equal(verdict_dns_errors(&r, false), SD_OK);
	expect_hint(&r, "the name servers of elsewhere.test do not answer it", true);
	expect_hint(&r, "the name servers of " DOMAIN, false);
	result_free(&r);
}

/* SPEC §4.6: a host that is a CNAME to nothing: the CNAME's target must change, never "publish an address record". */
static void spec4_6_cname_to_nothing_names_the_cname_target(void **state)
{
	(void)state;
	static const struct dns_fact srv_facts[] = {
		SRV_OF(IN_TLS, "0 0 5061 pool." DOMAIN), { H("pool"), HOST, DNS_NXDOMAIN, NULL, NULL }, { 0 },
	};
	static const struct dns_fact fallback_facts[] = {
		{ H("sipinternal"), HOST, DNS_NXDOMAIN, NULL, NULL }, RESOLVES("sipexternal", "192.0.2.7"), { 0 },
	};
	static const struct dns_extra extras[] = {
		{ H("pool"), HOST, .cname = "alias.example gone.example" },
		{ H("sipinternal"), HOST, .cname = "gone.example" }, { 0 },
	};
	struct result r;
	discover_dns(&r, &(struct setup){ 0 }, srv_facts, extras, NULL);
	expect_hint(&r, "SRV target " H("pool") " (from " IN_TLS "." DOMAIN ") is a CNAME to gone.example, which does "
		    "not resolve (nxdomain): fix the CNAME's target (or point the SRV record at a name that resolves). "
		    "The client will not fall back", true);
	expect_hint(&r, "publish an address record", false);
	result_free(&r);
	discover_dns(&r, &(struct setup){ 0 }, fallback_facts, extras, NULL);
	expect_hint(&r, H("sipinternal") " is a CNAME to gone.example, which does not resolve (nxdomain): fix the "
		    "CNAME's target.", true);
	result_free(&r);
}

/* SPEC §4.6: a target whose address query got no answer is not told to publish an address record. */
static void spec4_6_address_timeout_is_not_a_missing_address(void **state)
{
	(void)state;
	static const struct dns_fact facts[] = {
		SRV_OF(IN_TLS, "0 0 5061 pool." DOMAIN), { H("pool"), HOST, DNS_TIMEOUT, NULL, NULL }, { 0 },
	};
	struct result r;
	discover_dns(&r, &(struct setup){ 0 }, facts, NULL, NULL);
	expect_hint(&r, "SRV target " H("pool") " (from " IN_TLS "." DOMAIN "): its A query got timeout", true);
	expect_hint(&r, "the address may well exist: fix the DNS server", true);
	expect_hint(&r, "publish an address record", false);
	result_free(&r);
}

/* SPEC §4.3, §4.4: lync2013 falls back anyway; records that exist, or DNS errors, never get "publish". */
static void spec4_4_lync2013_never_publishes_what_may_exist(void **state)
{
	(void)state;
	static const struct dns_fact records[] = {
		SRV_OF(IN_TLS, "0 0 5061 pool." DOMAIN), { H("pool"), HOST, DNS_NXDOMAIN, NULL, NULL }, { 0 },
	};
	static const struct dns_fact errors[] = {
		SRV_FAILS(IN_TLS, DNS_SERVFAIL), SRV_FAILS(IN_TCP, DNS_TIMEOUT), SRV_FAILS(EX_TLS, DNS_SERVFAIL), { 0 },
	};
	struct result r;
	discover_dns(&r, &(struct setup){ .profile = "lync2013" }, records, NULL, NULL);
	expect_hint(&r, "Nothing to sign in to: publish", false);
	expect_hint(&r, "SRV target " H("pool"), true);
	result_free(&r);
	discover_dns(&r, &(struct setup){ .profile = "lync2013" }, errors, NULL, NULL);
	expect_hint(&r, "Nothing to sign in to: publish", false);
	static const char want[] = "no SRV record was found for " DOMAIN " (DNS errors:";
	if (strncmp(r.reason, want, sizeof want - 1) != 0)
		fail_msg("reason: %s", r.reason);
	result_free(&r);
}

/* SPEC §4.6: a fallback name that "resolves" only through a CNAME (a wildcard) says so. */
static void spec4_6_fallback_name_resolving_through_a_cname_says_so(void **state)
{
	(void)state;
	static const struct dns_fact facts[] = {
		SRV_OF(IN_TLS, "0 0 5061 pool." DOMAIN), RESOLVES("sipinternal", "192.0.2.80"), { 0 },
	};
	static const struct dns_extra extras[] = { { H("sipinternal"), HOST, .cname = "web.hoster.example" }, { 0 } };
	struct result r;
	discover_dns(&r, &(struct setup){ 0 }, facts, extras, NULL);
	expect_hint(&r, H("sipinternal") " resolves (192.0.2.80) only through the CNAME chain to web.hoster.example "
		    "(likely a wildcard), but the client will not use it", true);
	result_free(&r);
}

/*
 * SPEC §4.6: a server that does not recurse (RA=0, AA=0) or gives a referral is
 * named once, and "no SRV record exists … publish" carries that caveat.
 */
static void spec4_6_nonrecursive_answers_carry_the_caveat(void **state)
{
	(void)state;
	static const struct dns_fact found[] = { RESOLVES("sipinternal", "192.0.2.10"), { 0 } };
	static const struct dns_fact nothing[] = { { 0 } };
	static const struct dns_extra extras[] = {
		{ IN_TLS "." DOMAIN, SRV, .no_recursion = true, .referral = true },
		{ IN_TCP "." DOMAIN, SRV, .no_recursion = true }, { EX_TLS "." DOMAIN, SRV, .no_recursion = true },
		{ 0 },
	};
	struct result r;
	discover_dns(&r, &(struct setup){ 0 }, found, extras, NULL);
	assert_int_equal(count_hints(&r, HINT_DNS_ERROR), 1);
	expect_hint(&r, FIXTURE_SERVER " does not recurse (RA=0) and gave a referral instead of an answer for " IN_TLS
		    "." DOMAIN ": its answers are not what a client's resolver would see", true);
	expect_hint(&r, "No SRV record exists for " DOMAIN " as " FIXTURE_SERVER " answers", true);
	expect_hint(&r, "unless the clients' resolver sees them: that server does not recurse", true);
	result_free(&r);
	discover_dns(&r, &(struct setup){ 0 }, nothing, extras, NULL);
	assert_non_null(strstr(r.reason, "no SRV record exists for " DOMAIN " as " FIXTURE_SERVER " answers (it does "
				   "not recurse: a client's resolver may see more)"));
	expect_hint(&r, "But first check with the clients' resolver: " FIXTURE_SERVER " does not recurse.", true);
	result_free(&r);
	discover_dns(&r, &(struct setup){ 0 }, found, NULL, NULL);
	expect_hint(&r, "does not recurse", false);
	result_free(&r);
}

/* SPEC §4.6: an Extended DNS Error shows in the DNS-error hint with its code, name and text. */
static void spec4_6_extended_dns_error_in_the_hint(void **state)
{
	(void)state;
	static const struct dns_fact facts[] = { SRV_FAILS(IN_TLS, DNS_SERVFAIL), RESOLVES("sipinternal", "192.0.2.10"), { 0 } };
	static const struct dns_extra extras[] = {
		{ IN_TLS "." DOMAIN, SRV, .ede = "6 DNSSEC Bogus: signature crypto failed" }, { 0 },
	};
	struct result r;
	discover_dns(&r, &(struct setup){ 0 }, facts, extras, NULL);
	expect_hint(&r, "The query for " IN_TLS "." DOMAIN " SRV (EDE 6 (DNSSEC Bogus): signature crypto failed) got "
		    "servfail", true);
	result_free(&r);
}

/* Issue 22: an EDE every failed query got is said once in the hint, and not in the reason. */
static void spec4_6_a_shared_extended_dns_error_is_said_once(void **state)
{
	(void)state;
	static const struct dns_fact facts[] = { SRV_FAILS(IN_TLS, DNS_SERVFAIL), SRV_FAILS(IN_TCP, DNS_SERVFAIL),
						 RESOLVES("sipinternal", "192.0.2.10"), { 0 } };
	static const struct dns_extra extras[] = {
		{ IN_TLS "." DOMAIN, SRV, .ede = "14 Not Ready" }, { IN_TCP "." DOMAIN, SRV, .ede = "14 Not Ready" }, { 0 },
	};
	struct result r;
	discover_dns(&r, &(struct setup){ 0 }, facts, extras, NULL);
	expect_hint(&r, IN_TCP "." DOMAIN " SRV (each with EDE 14 (Not Ready)) got servfail", true);
	size_t n = 0;
	for (size_t i = 0; i < r.n_hints; i++)
		for (const char *p = r.hints[i].text; (p = strstr(p, "EDE 14")); p++)
			n++;
	assert_int_equal(n, 1);
	assert_null(strstr(r.reason, "EDE"));
	result_free(&r);
}

/*
 * SPEC §4.4: the two profiles share what a server did. A server either profile connected to
 * connected; one whose every attempt failed failed (the last failure is named); one no
 * attempt reached was not tried. An attempt to a host that does not resolve is a failure.
 */
static void spec4_4_a_servers_attempts_count_for_both_profiles(void **state)
{
	(void)state;
	struct candidate own[] = { { .host = "pool." DOMAIN, .port = 5061, .transport = SD_TLS },
				   { .host = "gone." DOMAIN, .port = 5061, .transport = SD_TLS } };
	struct candidate alt[] = { { .host = "edge." DOMAIN, .port = 443, .transport = SD_TLS },
				   { .host = "pool." DOMAIN, .port = 5061, .transport = SD_TLS },
				   { .host = "pool." DOMAIN, .port = 5060, .transport = SD_TCP },
				   { .host = "gone." DOMAIN, .port = 5061, .transport = SD_TLS } };
	struct attempt attempts[] = { { .candidate = 0, .outcome = CONN_REFUSED },
				      { .candidate = 0, .outcome = CONN_TIMEOUT },
				      { .candidate = 1, .outcome = CONN_OK, .unresolved = true } };
	struct attempt alt_attempts[] = { { .candidate = 0, .outcome = CONN_OK } };
	struct result r = { .candidates = own, .n_candidates = N(own), .attempts = attempts,
			    .n_attempts = N(attempts), .alt = { .candidates = alt, .n_candidates = N(alt) },
			    .alt_attempts = alt_attempts, .n_alt_attempts = N(alt_attempts) };
	const struct attempt *last = NULL;
	assert_int_equal(result_server_outcome(&r, &alt[0], &last), SERVER_CONNECTED);
	assert_int_equal(result_server_outcome(&r, &alt[1], &last), SERVER_FAILED);
	assert_ptr_equal(last, &attempts[1]);
	assert_int_equal(result_server_outcome(&r, &alt[2], &last), SERVER_NOT_TRIED);
	assert_null(last);
	assert_int_equal(result_server_outcome(&r, &alt[3], NULL), SERVER_FAILED);
	/* the client stops at its first success: only the last attempt can be the one that connected */
	assert_int_equal(result_chosen(&r), -1);
	attempts[2].unresolved = false;
	assert_int_equal(result_chosen(&r), 2);
	r.n_attempts = 0;
	assert_int_equal(result_chosen(&r), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(spec4_4_autodiscover_hint_names_the_rows_client),
		cmocka_unit_test(spec4_2_tls_targets_first_then_tcp),
		cmocka_unit_test(spec4_2_priority_then_weight_then_name),
		cmocka_unit_test(spec4_2_dot_target_yields_no_attempt),
		cmocka_unit_test(spec4_2_rejected_target_yields_no_attempt_and_a_hint),
		cmocka_unit_test(spec4_3_no_fallback_when_any_srv_record_exists),
		cmocka_unit_test(spec4_3_fallback_when_no_srv_record_at_all),
		cmocka_unit_test(spec4_3_dns_error_treated_as_missing_is_a_warning),
		cmocka_unit_test(spec4_3_fallback_names_reported_not_enforced),
		cmocka_unit_test(spec4_1_manual_servers_no_discovery_query),
		cmocka_unit_test(spec4_4_lync2010_adds_sip_host_fallback),
		cmocka_unit_test(spec4_4_compare_names_the_profile_it_replays),
		cmocka_unit_test(spec4_4_sipe_first_record_per_name_only),
		cmocka_unit_test(spec4_4_sipe_reports_where_communicator_differs),
		cmocka_unit_test(spec4_4_a_servers_attempts_count_for_both_profiles),
		cmocka_unit_test(spec4_4_sipe_unresolved_target_hint_does_not_deny_fallback),
		cmocka_unit_test(spec5_strict_naming_rejects_pool_allows_sip),
		cmocka_unit_test(spec6_no_connect_server_is_first_resolving_candidate),
		cmocka_unit_test(spec6_no_connect_clear_text_tcp_is_ok_with_a_hint),
		cmocka_unit_test(spec6_no_connect_earlier_unresolved_is_ok_with_a_hint),
		cmocka_unit_test(spec7_hints_are_unique_single_lines),
		cmocka_unit_test(spec4_6_timeout_is_did_not_answer_in_one_hint),
		cmocka_unit_test(spec4_6_live_resolver_silent_domain_names_the_domains_servers),
		cmocka_unit_test(spec4_6_cname_to_nothing_names_the_cname_target),
		cmocka_unit_test(spec4_6_fallback_name_resolving_through_a_cname_says_so),
		cmocka_unit_test(spec4_6_address_timeout_is_not_a_missing_address),
		cmocka_unit_test(spec4_4_lync2013_never_publishes_what_may_exist),
		cmocka_unit_test(spec4_6_nonrecursive_answers_carry_the_caveat),
		cmocka_unit_test(spec4_6_extended_dns_error_in_the_hint),
		cmocka_unit_test(spec4_6_a_shared_extended_dns_error_is_said_once),
		cmocka_unit_test(spec4_6_live_resolver_hint_names_the_silent_zone),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
