/*
 * test_naming.c — SPEC §5, the naming rule (EnableStrictDNSNaming). Every
 * example host of the reference document's EnableStrictDNSNaming paragraph is
 * a case here; each case is checked with strict naming on and off, for the
 * verdict and for the identifier of the rule that decided it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "naming.h"

#define N(table) (sizeof(table) / sizeof((table)[0]))

/* The six rules, by their stable identifiers (the JSON "rule" field). */
#define IS_DOMAIN "host-is-domain"
#define SIP_DOT "sip-dot-domain"
#define ONE_LABEL "one-label-under-domain"
#define STRICT "strict-naming"
#define TOO_DEEP "deeper-than-one-label"
#define OUTSIDE "outside-domain"

static const char *const rule_ids[] = { IS_DOMAIN, SIP_DOT, ONE_LABEL, STRICT, TOO_DEEP, OUTSIDE };

/* One host for one sign-in domain, and the verdict with strict naming on and off. */
struct naming_case {
	const char *domain;
	const char *host;
	bool strict_allowed;
	const char *strict_rule;
	bool relaxed_allowed;
	const char *relaxed_rule;
};

static bool known_rule_id(const char *id)
{
	for (size_t i = 0; i < N(rule_ids); i++)
		if (id && strcmp(id, rule_ids[i]) == 0)
			return true;
	return false;
}

/* One mode of one case; prints a line naming domain, host and mode on failure. */
static bool verdict_matches(const struct naming_case *c, bool strict, bool allowed, const char *rule)
{
	struct naming_verdict v = naming_check(c->domain, c->host, strict);
	const char *mode = strict ? "strict" : "relaxed";
	if ((unsigned)v.rule >= N(rule_ids)) {
		print_error("domain \"%s\", host \"%s\", %s: rule %d is none of the six\n", c->domain,
			    c->host, mode, (int)v.rule);
		return false;
	}
	const char *id = naming_rule_id(v.rule);
	bool ok = true;
	if (!known_rule_id(id)) {
		print_error("domain \"%s\", host \"%s\", %s: rule id \"%s\" is none of the six\n",
			    c->domain, c->host, mode, id ? id : "(null)");
		ok = false;
	}
	if (v.allowed != allowed) {
		print_error("domain \"%s\", host \"%s\", %s: %s by %s, expected %s by %s\n", c->domain,
			    c->host, mode, v.allowed ? "allowed" : "rejected", id ? id : "(null)",
			    allowed ? "allowed" : "rejected", rule);
		ok = false;
	} else if (!id || strcmp(id, rule) != 0) {
		print_error("domain \"%s\", host \"%s\", %s: decided by %s, expected %s\n", c->domain,
			    c->host, mode, id ? id : "(null)", rule);
		ok = false;
	}
	return ok;
}

static void check_naming(const struct naming_case *cases, size_t n)
{
	size_t failed = 0;
	for (size_t i = 0; i < n; i++) {
		const struct naming_case *c = &cases[i];
		bool ok = verdict_matches(c, true, c->strict_allowed, c->strict_rule);
		ok &= verdict_matches(c, false, c->relaxed_allowed, c->relaxed_rule);
		failed += !ok;
	}
	if (failed)
		fail_msg("%zu of %zu hosts not judged as expected (see above)", failed, n);
}

/* "the host sip.contoso.com is always allowed (strict policy or not)" */
static const struct naming_case always_allowed[] = {
	{ "contoso.com", "contoso.com", true, IS_DOMAIN, true, IS_DOMAIN },
	{ "contoso.com", "sip.contoso.com", true, SIP_DOT, true, SIP_DOT },
	{ "fabrikam.com", "fabrikam.com", true, IS_DOMAIN, true, IS_DOMAIN },
	{ "fabrikam.com", "sip.fabrikam.com", true, SIP_DOT, true, SIP_DOT },
	{ "eng.contoso.com", "sip.eng.contoso.com", true, SIP_DOT, true, SIP_DOT },
	{ "xn--bcher-kva.example", "sip.xn--bcher-kva.example", true, SIP_DOT, true, SIP_DOT },
	/* A sign-in domain that itself starts with "sip.". */
	{ "sip.contoso.com", "sip.contoso.com", true, IS_DOMAIN, true, IS_DOMAIN },
	{ "sip.contoso.com", "sip.sip.contoso.com", true, SIP_DOT, true, SIP_DOT },
	{ "localhost", "sip.localhost", true, SIP_DOT, true, SIP_DOT },
};

static void spec5_strict_allows_domain_and_sip_dot_domain(void **state)
{
	(void)state;
	check_naming(always_allowed, N(always_allowed));
}

/* One label under D other than "sip": rejected by strict naming only. */
static const struct naming_case strict_rejects[] = {
	{ "contoso.com", "server77.contoso.com", false, STRICT, true, ONE_LABEL },
	{ "contoso.com", "sipfed.contoso.com", false, STRICT, true, ONE_LABEL },
	{ "contoso.com", "ap.contoso.com", false, STRICT, true, ONE_LABEL },
	{ "contoso.com", "sipinternal.contoso.com", false, STRICT, true, ONE_LABEL },
	{ "contoso.com", "sipexternal.contoso.com", false, STRICT, true, ONE_LABEL },
	{ "contoso.com", "sips.contoso.com", false, STRICT, true, ONE_LABEL },
	{ "contoso.com", "si.contoso.com", false, STRICT, true, ONE_LABEL },
	{ "contoso.com", "xsip.contoso.com", false, STRICT, true, ONE_LABEL },
	{ "contoso.com", "s.contoso.com", false, STRICT, true, ONE_LABEL },
	{ "contoso.com", "pool01.contoso.com", false, STRICT, true, ONE_LABEL },
	{ "contoso.com", "xn--bcher-kva.contoso.com", false, STRICT, true, ONE_LABEL },
};

static void spec5_strict_rejects_other_one_label_hosts(void **state)
{
	(void)state;
	check_naming(strict_rejects, N(strict_rejects));
}

/*
 * "Server77.contoso.com, sipfed.contoso.com, and ap.contoso.com are all also
 * allowed if strict naming policy is not enabled." Hosts arrive lower case
 * (SPEC §5), so the reference's "Server77" is "server77" here.
 */
static const struct naming_case relaxed_allows[] = {
	{ "contoso.com", "server77.contoso.com", false, STRICT, true, ONE_LABEL },
	{ "contoso.com", "sipfed.contoso.com", false, STRICT, true, ONE_LABEL },
	{ "contoso.com", "ap.contoso.com", false, STRICT, true, ONE_LABEL },
	{ "fabrikam.com", "pool.fabrikam.com", false, STRICT, true, ONE_LABEL },
	{ "fabrikam.com", "edge-01.fabrikam.com", false, STRICT, true, ONE_LABEL },
	{ "eng.contoso.com", "pool.eng.contoso.com", false, STRICT, true, ONE_LABEL },
	{ "localhost", "pool.localhost", false, STRICT, true, ONE_LABEL },
};

static void spec5_relaxed_allows_one_label_under_domain(void **state)
{
	(void)state;
	check_naming(relaxed_allows, N(relaxed_allows));
}

/* "sip.eng.contoso.com" and anything else two or more labels under D. */
static const struct naming_case too_deep[] = {
	{ "contoso.com", "sip.eng.contoso.com", false, TOO_DEEP, false, TOO_DEEP },
	{ "contoso.com", "a.b.contoso.com", false, TOO_DEEP, false, TOO_DEEP },
	{ "contoso.com", "sip.sip.contoso.com", false, TOO_DEEP, false, TOO_DEEP },
	{ "contoso.com", "pool.sip.contoso.com", false, TOO_DEEP, false, TOO_DEEP },
	{ "contoso.com", "x.y.z.contoso.com", false, TOO_DEEP, false, TOO_DEEP },
	{ "fabrikam.com", "sip.eu.fabrikam.com", false, TOO_DEEP, false, TOO_DEEP },
};

static void spec5_never_allows_deeper_names(void **state)
{
	(void)state;
	check_naming(too_deep, N(too_deep));
}

/* Another domain, D as a prefix, D as a bare suffix without a dot, or less than D. */
static const struct naming_case outside[] = {
	{ "contoso.com", "sip.contoso.net", false, OUTSIDE, false, OUTSIDE },
	{ "contoso.com", "sip.com", false, OUTSIDE, false, OUTSIDE },
	{ "contoso.com", "sip.contoso.com.cpandl.com", false, OUTSIDE, false, OUTSIDE },
	{ "contoso.com", "xcontoso.com", false, OUTSIDE, false, OUTSIDE },
	{ "contoso.com", "sipcontoso.com", false, OUTSIDE, false, OUTSIDE },
	{ "contoso.com", "contoso.com.evil", false, OUTSIDE, false, OUTSIDE },
	{ "contoso.com", "contoso.co", false, OUTSIDE, false, OUTSIDE },
	{ "contoso.com", "ontoso.com", false, OUTSIDE, false, OUTSIDE },
	{ "contoso.com", "com", false, OUTSIDE, false, OUTSIDE },
	{ "contoso.com", "", false, OUTSIDE, false, OUTSIDE },
	{ "contoso.com", ".contoso.com", false, OUTSIDE, false, OUTSIDE },
	{ "contoso.com", "fabrikam.com", false, OUTSIDE, false, OUTSIDE },
	{ "sip.contoso.com", "contoso.com", false, OUTSIDE, false, OUTSIDE },
	{ "eng.contoso.com", "sip.contoso.com", false, OUTSIDE, false, OUTSIDE },
};

static void spec5_never_allows_other_domains(void **state)
{
	(void)state;
	check_naming(outside, N(outside));
}

/* Every verdict names one of the six rules, and every rule has words for the trace. */
static void spec5_every_verdict_names_one_of_six_rules(void **state)
{
	(void)state;
	static const struct {
		const struct naming_case *cases;
		size_t n;
	} all[] = {
		{ always_allowed, N(always_allowed) }, { strict_rejects, N(strict_rejects) },
		{ relaxed_allows, N(relaxed_allows) }, { too_deep, N(too_deep) },
		{ outside, N(outside) },
	};
	bool seen[N(rule_ids)] = { false };
	for (size_t t = 0; t < N(all); t++)
		for (size_t i = 0; i < all[t].n; i++)
			for (int strict = 0; strict <= 1; strict++) {
				const struct naming_case *c = &all[t].cases[i];
				struct naming_verdict v = naming_check(c->domain, c->host, strict);
				const char *mode = strict ? "strict" : "relaxed";
				if ((unsigned)v.rule >= N(rule_ids))
					fail_msg("domain \"%s\", host \"%s\", %s: rule %d out of range",
						 c->domain, c->host, mode, (int)v.rule);
				const char *id = naming_rule_id(v.rule);
				if (!known_rule_id(id))
					fail_msg("domain \"%s\", host \"%s\", %s: rule id \"%s\" unknown",
						 c->domain, c->host, mode, id ? id : "(null)");
				seen[v.rule] = true;
			}
	for (size_t r = 0; r < N(rule_ids); r++)
		if (!seen[r])
			fail_msg("no case above is decided by rule %zu (\"%s\")", r,
				 naming_rule_id((enum naming_rule)r));
}

static void spec5_each_rule_has_a_stable_id_and_text(void **state)
{
	(void)state;
	static const struct {
		enum naming_rule rule;
		const char *id;
	} table[] = {
		{ NAMING_HOST_IS_DOMAIN, IS_DOMAIN }, { NAMING_SIP_DOT_DOMAIN, SIP_DOT },
		{ NAMING_ONE_LABEL, ONE_LABEL },      { NAMING_STRICT_REJECTS, STRICT },
		{ NAMING_TOO_DEEP, TOO_DEEP },        { NAMING_OUTSIDE_DOMAIN, OUTSIDE },
	};
	for (size_t i = 0; i < N(table); i++) {
		const char *id = naming_rule_id(table[i].rule);
		const char *text = naming_rule_text(table[i].rule);
		if (!id || strcmp(id, table[i].id) != 0)
			fail_msg("rule %d: id \"%s\", expected \"%s\"", (int)table[i].rule,
				 id ? id : "(null)", table[i].id);
		if (!text || text[0] == '\0')
			fail_msg("rule %s: no text for the trace", table[i].id);
		if (strchr(text, '\n') || strlen(text) >= 100)
			fail_msg("rule %s: text is not one short line: \"%s\"", table[i].id, text);
		for (size_t j = 0; j < i; j++)
			if (strcmp(text, naming_rule_text(table[j].rule)) == 0)
				fail_msg("rules %s and %s share the text \"%s\"", table[j].id,
					 table[i].id, text);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(spec5_strict_allows_domain_and_sip_dot_domain),
		cmocka_unit_test(spec5_strict_rejects_other_one_label_hosts),
		cmocka_unit_test(spec5_relaxed_allows_one_label_under_domain),
		cmocka_unit_test(spec5_never_allows_deeper_names),
		cmocka_unit_test(spec5_never_allows_other_domains),
		cmocka_unit_test(spec5_every_verdict_names_one_of_six_rules),
		cmocka_unit_test(spec5_each_rule_has_a_stable_id_and_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
