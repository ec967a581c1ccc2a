/*
 * test_trust.c — SPEC §5.1, the trust model of Lync 2010 and later: a server is trusted when
 * it lies in a trusted domain at any depth, on label boundaries; the list holds the sign-in
 * domain and the four defaults, or what --trusted-domains (TrustModelData) puts instead of
 * the defaults. One table over the suffix rule, one over the model as the profiles use it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "naming.h"
#include "trust.h"

#define N(table) (sizeof(table) / sizeof((table)[0]))

/* SPEC §5.1: suffix match at any depth, on label boundaries; case and trailing dot ignored. */
static void spec5_1_trusted_domain_suffix_rule(void **state)
{
	(void)state;
	static const struct {
		const char *domain, *host;
		bool match;
		const char *why;
	} cases[] = {
		{ "contoso.com", "contoso.com", true, "the domain itself" },
		{ "contoso.com", "sip.contoso.com", true, "one label under it" },
		{ "contoso.com", "lyncpool.corp.contoso.com", true, "a deep subdomain" },
		{ "contoso.com", "a.b.c.d.contoso.com", true, "deeper still" },
		{ "contoso.com", "evilcontoso.com", false, "the domain as a suffix without a label boundary" },
		{ "contoso.com", "contoso.com.evil.com", false, "the domain as a prefix of another domain" },
		{ "contoso.com", "sip.contoso.net", false, "another domain" },
		{ "contoso.com", "com", false, "the parent" },
		{ "contoso.com", "SIP.Contoso.COM", true, "case" },
		{ "Contoso.Com", "sip.contoso.com", true, "case of the domain" },
		{ "contoso.com", "sip.contoso.com.", true, "a trailing dot on the host" },
		{ "contoso.com.", "sip.contoso.com", true, "a trailing dot on the domain" },
		{ "contoso.com", "", false, "an empty host" },
		{ "", "contoso.com", false, "an empty domain matches nothing" },
		{ "lync.com", "sipdir.online.lync.com", true, "default lync.com" },
		{ "outlook.com", "sip.outlook.com", true, "default outlook.com" },
		{ "lync.glbdns.microsoft.com", "a.lync.glbdns.microsoft.com", true, "default lync.glbdns.microsoft.com" },
		{ "lync.glbdns.microsoft.com", "glbdns.microsoft.com", false, "the parent of a default" },
		{ "microsoftonline.com", "x.microsoftonline.com", true, "default microsoftonline.com" },
		{ "lync.com", "notlync.com", false, "a default as a bare suffix" },
	};
	int failures = 0;
	for (size_t i = 0; i < N(cases); i++) {
		bool got = trust_domain_match(cases[i].domain, cases[i].host);
		if (got != cases[i].match) {
			print_error("%s: domain \"%s\", host \"%s\": %s, expected %s\n", cases[i].why, cases[i].domain,
				    cases[i].host, got ? "match" : "no match", cases[i].match ? "match" : "no match");
			failures++;
		}
	}
	assert_int_equal(failures, 0);
}

/* SPEC §5.1: the defaults are exactly the four Microsoft documents, and the sign-in domain comes first. */
static void spec5_1_defaults_and_sign_in_domain(void **state)
{
	(void)state;
	struct trust_list l;
	trust_list_defaults(&l);
	static const char *const defaults[] = { "lync.com", "outlook.com", "lync.glbdns.microsoft.com",
						"microsoftonline.com" };
	assert_int_equal(l.n, N(defaults));
	assert_false(l.replaced);
	for (size_t i = 0; i < N(defaults); i++)
		assert_string_equal(l.domains[i], defaults[i]);
	assert_string_equal(trust_match(&l, "contoso.com", "pool.eng.contoso.com"), "contoso.com");
	assert_string_equal(trust_match(&l, "contoso.com", "sipdir.online.lync.com"), "lync.com");
	assert_null(trust_match(&l, "contoso.com", "sip.fabrikam.com"));
}

/* SPEC §5.1: --trusted-domains replaces the defaults; the sign-in domain stays trusted. */
static void spec5_1_trusted_domains_replace_the_defaults(void **state)
{
	(void)state;
	struct trust_list l;
	char why[256];
	assert_int_equal(trust_list_parse("Fabrikam.COM., partner.example", &l, why, sizeof why), SD_OK);
	assert_true(l.replaced);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.domains[0], "fabrikam.com");
	assert_string_equal(l.domains[1], "partner.example");
	assert_null(trust_match(&l, "contoso.com", "sipdir.online.lync.com"));
	assert_string_equal(trust_match(&l, "contoso.com", "edge.fabrikam.com"), "fabrikam.com");
	assert_string_equal(trust_match(&l, "contoso.com", "sip.contoso.com"), "contoso.com");
	assert_int_equal(trust_list_parse(NULL, &l, why, sizeof why), SD_OK);
	assert_int_equal(l.n, 4);
}

/* Bad input: one clear line naming the entry. */
static void spec5_1_trusted_domains_bad_input(void **state)
{
	(void)state;
	static const char *const bad[] = { "", "a,,b", "contoso.com,", "bad_name.com", "a b.com", "," };
	for (size_t i = 0; i < N(bad); i++) {
		struct trust_list l;
		char why[256] = "";
		if (trust_list_parse(bad[i], &l, why, sizeof why) != SD_ERR_INPUT) {
			print_error("\"%s\" accepted\n", bad[i]);
			fail();
		}
		assert_non_null(strstr(why, "--trusted-domains"));
		assert_null(strchr(why, '\n'));
	}
}

/* SPEC §4.4's naming column: the profiles' models on the same hosts. */
static void spec5_1_naming_column_per_model(void **state)
{
	(void)state;
	struct trust_list l;
	trust_list_defaults(&l);
	static const struct {
		enum naming_model model;
		bool strict;
		const char *host;
		bool allowed;
		const char *rule, *domain;
	} cases[] = {
		{ NAMING_MODEL_TRUST, false, "lyncpool.corp.contoso.com", true, "trusted-domain", "contoso.com" },
		{ NAMING_MODEL_TRUST, false, "sipdir.online.lync.com", true, "trusted-domain", "lync.com" },
		{ NAMING_MODEL_TRUST, false, "sip.fabrikam.com", false, "untrusted-prompt", "" },
		{ NAMING_MODEL_TRUST, false, "contoso.com.evil.com", false, "untrusted-prompt", "" },
		{ NAMING_MODEL_TRUST, true, "lyncpool.corp.contoso.com", false, "deeper-than-one-label", "" },
		{ NAMING_MODEL_TRUST, true, "pool.contoso.com", false, "strict-naming", "" },
		{ NAMING_MODEL_TRUST, true, "sip.contoso.com", true, "sip-dot-domain", "" },
		{ NAMING_MODEL_DOMAIN, false, "lyncpool.corp.contoso.com", false, "deeper-than-one-label", "" },
		{ NAMING_MODEL_DOMAIN, false, "sipdir.online.lync.com", false, "outside-domain", "" },
		{ NAMING_MODEL_DOMAIN, false, "pool.contoso.com", true, "one-label-under-domain", "" },
	};
	int failures = 0;
	for (size_t i = 0; i < N(cases); i++) {
		struct naming_verdict v = naming_judge(cases[i].model, "contoso.com", cases[i].host, cases[i].strict, &l);
		if (v.allowed != cases[i].allowed || strcmp(naming_rule_id(v.rule), cases[i].rule) != 0
		    || strcmp(v.domain, cases[i].domain) != 0) {
			print_error("model %d strict %d host %s: %s %s (%s), expected %s %s (%s)\n", (int)cases[i].model,
				    cases[i].strict, cases[i].host, v.allowed ? "allowed" : "not allowed",
				    naming_rule_id(v.rule), v.domain, cases[i].allowed ? "allowed" : "not allowed",
				    cases[i].rule, cases[i].domain);
			failures++;
		}
		/* a prompt is never a rejection: the client asks the user */
		if (naming_rejects(&v) != (!v.allowed && strcmp(cases[i].rule, "untrusted-prompt") != 0))
			failures++;
	}
	assert_int_equal(failures, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(spec5_1_trusted_domain_suffix_rule),
		cmocka_unit_test(spec5_1_defaults_and_sign_in_domain),
		cmocka_unit_test(spec5_1_trusted_domains_replace_the_defaults),
		cmocka_unit_test(spec5_1_trusted_domains_bad_input),
		cmocka_unit_test(spec5_1_naming_column_per_model),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
