/* SPEC §4.7: which autodiscover URL the client uses, which it never needs, and the verdict
 * rules over the answers, per profile. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "autodiscover_decide.h"
#include "autodiscover_doc.h"
#include "profile.h"

#define N(t) (sizeof(t) / sizeof((t)[0]))
#define X AD_DOES_NOT_RESOLVE

struct choose_case {
	const char *rule;
	const char *profile;
	enum ad_outcome outcome[4];
	int winner;                  /* -1: none */
	bool needed[4];
};

static const struct choose_case choose_cases[] = {
	{ "lync2013: the first URL answers, the three after it are not needed", "lync2013",
	  { AD_USABLE, AD_USABLE, AD_USABLE, AD_USABLE }, 0, { true, false, false, false } },
	{ "lync2013: failures before the winner are needed, those after it not", "lync2013",
	  { AD_TLS_ERROR, AD_HTTP_STATUS, AD_USABLE, X }, 2, { true, true, true, false } },
	{ "lync2013: a 401 is an answer the client acts on", "lync2013",
	  { AD_UNAUTHORIZED, AD_USABLE, X, X }, 0, { true, false, false, false } },
	{ "lync2013: nothing answers: every URL needed, no winner", "lync2013",
	  { X, X, AD_REFUSED, AD_CONTENT_TYPE }, -1, { true, true, true, true } },
	{ "sipe: the pair goes out together, so its second URL is needed too", "sipe",
	  { AD_USABLE, AD_TLS_ERROR, AD_USABLE, AD_USABLE }, 0, { true, true, false, false } },
	{ "sipe: the first usable answer of the pair wins, in the client's order", "sipe",
	  { AD_REDIRECT_NOT_FOLLOWED, AD_USABLE, X, X }, 1, { true, true, false, false } },
	{ "sipe: the first pair fails: the second pair is needed", "sipe",
	  { X, X, AD_LINK_LOOP, AD_USABLE }, 3, { true, true, true, true } },
};

static struct result make(const char *profile, const enum ad_outcome *o, struct ad_url *urls, struct policy *pol)
{
	struct result r;
	memset(&r, 0, sizeof r);
	memset(pol, 0, sizeof *pol);
	pol->connect = true;
	r.policy = pol;
	r.profile = profile_find(profile);
	r.server = -1;
	for (size_t i = 0; i < 4; i++) {
		memset(&urls[i], 0, sizeof urls[i]);
		urls[i].outcome = o[i];
		urls[i].group = r.profile->ad.urls[i].group;
		urls[i].https = r.profile->ad.urls[i].https;
	}
	r.autodiscover = urls;
	r.n_autodiscover = 4;
	r.ad_ran = true;
	r.fallback = FALLBACK_RAN_ALWAYS;
	sd_copy(r.uri.domain, sizeof r.uri.domain, "contoso.com");
	return r;
}

static void spec4_7_first_answer_wins_and_later_urls_are_not_needed(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(choose_cases); i++) {
		const struct choose_case *c = &choose_cases[i];
		struct ad_url urls[4];
		struct policy pol;
		struct result r = make(c->profile, c->outcome, urls, &pol);
		autodiscover_choose(&r);
		print_message("%s\n", c->rule);
		for (size_t k = 0; k < 4; k++) {
			assert_int_equal(urls[k].winner, (int)k == c->winner);
			assert_int_equal(urls[k].needed, c->needed[k]);
		}
	}
}

/* SPEC §4.7: internal then external, AccessLocation External keeps only the external. */
static void spec4_7_user_servers_are_the_first_candidates(void **state)
{
	(void)state;
	for (int external = 0; external < 2; external++) {
		static const enum ad_outcome o[4] = { AD_USABLE, X, X, X };
		struct ad_url urls[4];
		struct policy pol;
		struct result r = make("lync2013", o, urls, &pol);
		urls[0].servers[0] = (struct ad_server){ "pool.contoso.com", 5061, AD_ACCESS_CLIENT_INTERNAL, !external };
		urls[0].servers[1] = (struct ad_server){ "edge.contoso.com", 443, AD_ACCESS_CLIENT_EXTERNAL, true };
		urls[0].servers[2] = (struct ad_server){ "srv.contoso.com", 5061, AD_ACCESS_SERVER_INTERNAL, false };
		urls[0].n_servers = 3;
		autodiscover_choose(&r);
		assert_int_equal(autodiscover_candidates(&r), SD_OK);
		assert_int_equal(r.n_candidates, external ? 1 : 2);
		assert_string_equal(r.candidates[0].host, external ? "edge.contoso.com" : "pool.contoso.com");
		for (size_t k = 0; k < r.n_candidates; k++) {
			assert_int_equal(r.candidates[k].origin, ORIGIN_AUTODISCOVER);
			assert_int_equal(r.candidates[k].transport, SD_TLS);
			assert_false(r.candidates[k].naming_enforced);
			assert_int_equal(r.candidates[k].state, CAND_UNRESOLVED);
		}
		free(r.candidates);
		free(r.addrs);
	}
}

/* SPEC §4.7 over SPEC §6's classes: what each profile's client does with one certificate. */
struct cert_case {
	const char *rule;
	unsigned failures;
	bool have_cert;
	enum ad_cert_action sipe, lync2013;
};

static const struct cert_case cert_cases[] = {
	{ "no failure class: both accept", 0, true, AD_CERT_ACCEPTED, AD_CERT_ACCEPTED },
	{ "untrusted issuer (or a self-signed CA): sipe prompts", CERT_UNTRUSTED_ISSUER, true, AD_CERT_PROMPT,
	  AD_CERT_WARNING },
	{ "a missing intermediate is an unknown CA to sipe: the prompt", CERT_MISSING_INTERMEDIATE, true,
	  AD_CERT_PROMPT, AD_CERT_WARNING },
	{ "wrong name: sipe prompts", CERT_NAME_MISMATCH, true, AD_CERT_PROMPT, AD_CERT_WARNING },
	{ "expired: sipe prompts (a non-fatal flag of libpurple)", CERT_EXPIRED, true, AD_CERT_PROMPT, AD_CERT_WARNING },
	{ "not yet valid: sipe prompts", CERT_NOT_YET_VALID, true, AD_CERT_PROMPT, AD_CERT_WARNING },
	{ "insecure signature: sipe fails the URL without a prompt", CERT_INSECURE_SIGNATURE, true,
	  AD_CERT_REJECTED, AD_CERT_WARNING },
	{ "revoked: sipe fails the URL", CERT_REVOKED, true, AD_CERT_REJECTED, AD_CERT_WARNING },
	{ "other (a signer that may not sign): sipe fails the URL", CERT_OTHER, true, AD_CERT_REJECTED,
	  AD_CERT_WARNING },
	{ "a fatal class outweighs a prompt class", CERT_UNTRUSTED_ISSUER | CERT_OTHER, true, AD_CERT_REJECTED,
	  AD_CERT_WARNING },
	{ "two prompt classes: still the prompt", CERT_UNTRUSTED_ISSUER | CERT_NAME_MISMATCH, true, AD_CERT_PROMPT,
	  AD_CERT_WARNING },
	{ "no certificate sent: nothing to show, the URL failed", CERT_OTHER, false, AD_CERT_REJECTED,
	  AD_CERT_REJECTED },
};

static void spec4_7_certificate_class_table_per_profile(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(cert_cases); i++) {
		const struct cert_case *c = &cert_cases[i];
		struct tls_report t = { .have_cert = c->have_cert, .failures = c->failures };
		print_message("%s\n", c->rule);
		assert_int_equal(autodiscover_cert_action(profile_find("sipe")->ad.tls, &t), c->sipe);
		assert_int_equal(autodiscover_cert_action(profile_find("lync2013")->ad.tls, &t), c->lync2013);
		assert_int_equal(autodiscover_cert_action(profile_find("sipe")->ad.tls, NULL), AD_CERT_NONE);
		assert_int_equal(autodiscover_cert_action(profile_find("ocs2007r2")->ad.tls, &t), AD_CERT_NONE);
	}
}

struct verdict_case {
	const char *rule;
	const char *profile;
	enum ad_outcome outcome0;
	bool has_tls;
	unsigned failures;           /* enum cert_failure bits of the https URL's certificate */
	bool sha1;
	bool dns_signs_in;
	enum sd_verdict status;      /* from OK (signs in) or CRITICAL (does not) */
	const char *hint;            /* a hint containing this, or NULL: no hint */
};

static const struct verdict_case verdict_cases[] = {
	{ "sipe: untrusted certificate on a needed URL: the prompt, at least WARNING", "sipe", AD_TLS_ERROR, true,
	  CERT_UNTRUSTED_ISSUER, false, true, SD_VERDICT_WARNING, "rejected (untrusted-issuer): pidgin-sipe stops "
	  "and shows a certificate prompt" },
	{ "sipe: wrong name: the prompt too", "sipe", AD_TLS_ERROR, true, CERT_NAME_MISMATCH, false, true,
	  SD_VERDICT_WARNING, "certificate prompt" },
	{ "sipe: an insecure signature only fails the URL", "sipe", AD_TLS_ERROR, true, CERT_INSECURE_SIGNATURE,
	  false, true, SD_VERDICT_OK, NULL },
	{ "sipe: a signer that may not sign only fails the URL", "sipe", AD_TLS_ERROR, true, CERT_OTHER, false,
	  true, SD_VERDICT_OK, NULL },
	{ "lync2013: any certificate failure is a warning shown to the user", "lync2013", AD_TLS_ERROR, true,
	  CERT_OTHER, false, true, SD_VERDICT_WARNING, "rejected (other): Lync 2013" },
	{ "lync2013: a missing intermediate is a warning naming its class", "lync2013", AD_TLS_ERROR, true,
	  CERT_MISSING_INTERMEDIATE, false, true, SD_VERDICT_WARNING, "(missing-intermediate)" },
	{ "lync2013: a handshake failure without certificate shows no warning", "lync2013", AD_TLS_ERROR, false, 0,
	  false, true, SD_VERDICT_OK, NULL },
	{ "an accepted SHA-1 chain: WARNING and the reissue hint", "lync2013", AD_USABLE, true, 0, true, true,
	  SD_VERDICT_WARNING, "signed with SHA-1" },
	{ "an accepted SHA-256 chain: nothing", "sipe", AD_USABLE, true, 0, false, true, SD_VERDICT_OK, NULL },
	{ "a 401 and DNS discovery signing in: DNS discovery's verdict", "lync2013", AD_UNAUTHORIZED, false, 0, false,
	  true, SD_VERDICT_OK, "cannot see" },
	{ "a 401 and DNS discovery failing: still critical, and said", "sipe", AD_UNAUTHORIZED, false, 0, false, false,
	  SD_VERDICT_CRITICAL, "cannot sign in" },
};

static void spec4_7_verdict_rules_per_profile(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(verdict_cases); i++) {
		const struct verdict_case *c = &verdict_cases[i];
		enum ad_outcome o[4] = { c->outcome0, X, X, X };
		struct ad_url urls[4];
		struct policy pol;
		struct result r = make(c->profile, o, urls, &pol);
		/* the https URL of each profile carries the certificate */
		size_t https = r.profile->ad.urls[0].https ? 0 : 1;
		urls[https].outcome = c->outcome0;
		urls[https].has_tls = c->has_tls;
		urls[https].tls.have_cert = c->has_tls;
		urls[https].tls.failures = c->failures;
		urls[https].tls.name_ok = !(c->failures & CERT_NAME_MISMATCH);
		urls[https].tls.sha1_signature = c->sha1;
		sd_copy(urls[https].final_url, sizeof urls[https].final_url, "https://lyncdiscoverinternal.contoso.com/");
		struct candidate cand = { .origin = ORIGIN_SRV, .state = CAND_USABLE };
		r.candidates = &cand;
		r.n_candidates = 1;
		struct attempt signed_in = { .candidate = 0, .outcome = CONN_OK };
		r.server = c->dns_signs_in ? 0 : -1;
		r.attempts = &signed_in;
		r.n_attempts = c->dns_signs_in; /* the attempt that connected */
		r.status = c->dns_signs_in ? SD_VERDICT_OK : SD_VERDICT_CRITICAL;
		autodiscover_choose(&r);
		print_message("%s\n", c->rule);
		assert_int_equal(autodiscover_verdict(&r), SD_OK);
		assert_int_equal(r.status, c->status);
		bool found = false;
		for (size_t k = 0; k < r.n_hints; k++)
			found |= c->hint && strstr(r.hints[k].text, c->hint) != NULL;
		if (c->hint)
			assert_true(found);
		else
			assert_int_equal(r.n_hints, 0);
		free(r.hints);
	}
}

/* SPEC §4.7: the client's time is sequential; sipe's pairs last as long as their slower URL. */
static void spec4_7_client_time_adds_groups_in_sequence(void **state)
{
	(void)state;
	static const enum ad_outcome o[4] = { AD_REFUSED, AD_REFUSED, AD_REFUSED, AD_REFUSED };
	const char *profiles[] = { "sipe", "lync2013" };
	const unsigned want[] = { 30 + 50, 10 + 30 + 40 + 50 };
	for (size_t p = 0; p < 2; p++) {
		struct ad_url urls[4];
		struct policy pol;
		struct result r = make(profiles[p], o, urls, &pol);
		static const unsigned ms[4] = { 10, 30, 40, 50 };
		for (size_t k = 0; k < 4; k++)
			urls[k].ms = ms[k];
		autodiscover_choose(&r);
		r.status = SD_VERDICT_CRITICAL;
		assert_int_equal(autodiscover_verdict(&r), SD_OK);
		assert_int_equal(r.client_estimate_ms, want[p]);
		free(r.hints);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(spec4_7_first_answer_wins_and_later_urls_are_not_needed),
		cmocka_unit_test(spec4_7_user_servers_are_the_first_candidates),
		cmocka_unit_test(spec4_7_certificate_class_table_per_profile),
		cmocka_unit_test(spec4_7_verdict_rules_per_profile),
		cmocka_unit_test(spec4_7_client_time_adds_groups_in_sequence),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
