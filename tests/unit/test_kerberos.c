/*
 * test_kerberos.c — SPEC §9: what a KDC's answer means (the outcome table), what each outcome
 * does to the verdict, the hint each one gets, the principal's name and the realm. Pure: the
 * exchanges are written here the way src/net/kerberos.c records them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "kerberos_decide.h"
#include "kerberos_plan.h"
#include "profile.h"

#define N(t) (sizeof(t) / sizeof((t)[0]))

struct outcome_row {
	enum krb_exchange_kind kind;
	long code;
	bool has_offset;
	long long offset;
	int32_t enctype;
	enum krb_proof proof;
	enum krb_outcome want;
};

static void spec9_kdc_answer_to_outcome(void **state)
{
	(void)state;
	static const struct outcome_row rows[] = {
		{ KRB_X_NO_KDC, -1, false, 0, 0, KRB_PROOF_NONE, KRB_NO_KDC_FOUND },
		{ KRB_X_NO_REPLY, -1, false, 0, 0, KRB_PROOF_AS, KRB_KDC_UNREACHABLE },
		{ KRB_X_LOCAL, -1, false, 0, 0, KRB_PROOF_AS, KRB_ERROR },
		{ KRB_X_KDC_ERROR, 6, true, 1, 0, KRB_PROOF_AS, KRB_USER_UNKNOWN },
		{ KRB_X_KDC_ERROR, 7, true, 1, 0, KRB_PROOF_AS, KRB_UNKNOWN_PRINCIPAL },
		{ KRB_X_KDC_ERROR, 8, false, 0, 0, KRB_PROOF_TGS, KRB_UNKNOWN_PRINCIPAL },
		{ KRB_X_KDC_ERROR, 18, true, 0, 0, KRB_PROOF_AS, KRB_USER_DISABLED },
		/* pre-authentication required is not-proven, whatever the KDC */
		{ KRB_X_KDC_ERROR, 25, true, -2, 0, KRB_PROOF_AS, KRB_NOT_PROVEN },
		{ KRB_X_KDC_ERROR, 24, false, 0, 0, KRB_PROOF_AS, KRB_NOT_PROVEN },
		/* more than 300 s: clock-skew, before not-proven; 300 itself is not */
		{ KRB_X_KDC_ERROR, 25, true, 301, 0, KRB_PROOF_AS, KRB_CLOCK_SKEW },
		{ KRB_X_KDC_ERROR, 25, true, -3600, 0, KRB_PROOF_AS, KRB_CLOCK_SKEW },
		{ KRB_X_KDC_ERROR, 25, true, 300, 0, KRB_PROOF_AS, KRB_NOT_PROVEN },
		{ KRB_X_KDC_ERROR, 6, true, 900, 0, KRB_PROOF_AS, KRB_CLOCK_SKEW },
		/* an unknown principal stays unknown: the KDC's answer is conclusive */
		{ KRB_X_KDC_ERROR, 7, true, 900, 0, KRB_PROOF_AS, KRB_UNKNOWN_PRINCIPAL },
		{ KRB_X_KDC_ERROR, 37, false, 0, 0, KRB_PROOF_TGS, KRB_CLOCK_SKEW },
		{ KRB_X_KDC_ERROR, 68, false, 0, 0, KRB_PROOF_AS, KRB_REALM_UNKNOWN },
		{ KRB_X_KDC_ERROR, 14, false, 0, 0, KRB_PROOF_AS, KRB_ERROR },
		{ KRB_X_TICKET, -1, false, 0, 18, KRB_PROOF_TGS, KRB_EXISTS },
		{ KRB_X_TICKET, -1, false, 0, 23, KRB_PROOF_TGS, KRB_RC4_ONLY },
		{ KRB_X_TICKET, -1, false, 0, 24, KRB_PROOF_TGS, KRB_RC4_ONLY },
		{ KRB_X_TICKET, -1, false, 0, 0, KRB_PROOF_AS, KRB_EXISTS },
	};
	for (size_t i = 0; i < N(rows); i++) {
		struct krb_exchange x = { rows[i].kind, rows[i].code, rows[i].has_offset, rows[i].offset, rows[i].enctype };
		enum krb_outcome got = kerberos_outcome(&x, rows[i].proof);
		if (got != rows[i].want)
			fail_msg("row %zu: got %s, want %s", i, krb_outcome_name(got), krb_outcome_name(rows[i].want));
	}
}

static void spec9_outcome_effect_on_the_verdict(void **state)
{
	(void)state;
	static const struct {
		enum krb_outcome o;
		enum sd_verdict with_ntlm, kerberos_only;
	} rows[] = {
		{ KRB_EXISTS, SD_VERDICT_OK, SD_VERDICT_OK },
		{ KRB_UNKNOWN_PRINCIPAL, SD_VERDICT_WARNING, SD_VERDICT_CRITICAL },
		{ KRB_NO_KDC_FOUND, SD_VERDICT_WARNING, SD_VERDICT_CRITICAL },
		{ KRB_KDC_UNREACHABLE, SD_VERDICT_WARNING, SD_VERDICT_CRITICAL },
		{ KRB_REALM_UNKNOWN, SD_VERDICT_WARNING, SD_VERDICT_CRITICAL },
		{ KRB_CLOCK_SKEW, SD_VERDICT_WARNING, SD_VERDICT_CRITICAL },
		{ KRB_RC4_ONLY, SD_VERDICT_WARNING, SD_VERDICT_WARNING },
		{ KRB_NOT_PROVEN, SD_VERDICT_OK, SD_VERDICT_OK },
		{ KRB_USER_UNKNOWN, SD_VERDICT_OK, SD_VERDICT_OK },
		{ KRB_USER_DISABLED, SD_VERDICT_OK, SD_VERDICT_OK },
		{ KRB_ERROR, SD_VERDICT_OK, SD_VERDICT_OK },
	};
	for (size_t i = 0; i < N(rows); i++) {
		assert_int_equal(kerberos_effect(rows[i].o, true), rows[i].with_ntlm);
		assert_int_equal(kerberos_effect(rows[i].o, false), rows[i].kerberos_only);
	}
}

static void spec9_ticket_check_replaces_only_conclusive_outcomes(void **state)
{
	(void)state;
	assert_true(kerberos_tgs_conclusive(KRB_EXISTS));
	assert_true(kerberos_tgs_conclusive(KRB_UNKNOWN_PRINCIPAL));
	assert_true(kerberos_tgs_conclusive(KRB_RC4_ONLY));
	assert_true(kerberos_tgs_conclusive(KRB_CLOCK_SKEW));
	assert_false(kerberos_tgs_conclusive(KRB_ERROR));
	assert_false(kerberos_tgs_conclusive(KRB_KDC_UNREACHABLE));
}

static void spec9_principal_exactly_as_the_server_names_it(void **state)
{
	(void)state;
	static const char *const rows[][3] = {
		{ "sip/pool.contoso.test", "CONTOSO.TEST", "sip/pool.contoso.test@CONTOSO.TEST" },
		{ "sip/Pool.Contoso.Test", "CONTOSO.TEST", "sip/Pool.Contoso.Test@CONTOSO.TEST" },
		{ "sip/pool.contoso.test@CORP.CONTOSO.TEST", "CONTOSO.TEST", "sip/pool.contoso.test@CORP.CONTOSO.TEST" },
	};
	char out[KRB_NAME_MAX];
	for (size_t i = 0; i < N(rows); i++) {
		assert_true(kerberos_principal_name(rows[i][0], rows[i][1], out, sizeof out));
		assert_string_equal(out, rows[i][2]);
	}
	assert_false(kerberos_principal_name("sip/pool", "REALM", out, 8));
}

static struct policy pol;

static void setup_result(struct result *r, const char *realm, const char *user)
{
	memset(&pol, 0, sizeof pol);
	pol.profile = profile_default();
	pol.kerberos = true;
	pol.krb_realm = realm;
	pol.krb_user = user;
	result_init(r, "sip:jeremy@contoso.test", &pol);
	sd_copy(r->uri.domain, sizeof r->uri.domain, "contoso.test");
	sd_copy(r->uri.user, sizeof r->uri.user, "jeremy");
	kerberos_prepare(r);
}

static void spec9_realm_and_user(void **state)
{
	(void)state;
	struct result r;
	setup_result(&r, NULL, NULL);
	assert_string_equal(r.krb.realm, "CONTOSO.TEST");
	assert_false(r.krb.realm_from_option);
	assert_string_equal(r.krb.user, "jeremy");
	result_free(&r);
	setup_result(&r, "CORP.Contoso.TEST", "svc-probe");
	assert_string_equal(r.krb.realm, "CORP.Contoso.TEST"); /* as given */
	assert_true(r.krb.realm_from_option);
	assert_string_equal(r.krb.user, "svc-probe");
	result_free(&r);
}

static void spec9_srv_names_in_the_first_stage_unless_configured(void **state)
{
	(void)state;
	struct result r;
	setup_result(&r, NULL, NULL);
	assert_int_equal(kerberos_plan_srv(&r), SD_OK);
	assert_int_equal(r.n_queries, 3);
	assert_string_equal(r.queries[0].name, "_kerberos._tcp.CONTOSO.TEST");
	assert_string_equal(r.queries[1].name, "_kerberos._udp.CONTOSO.TEST");
	assert_string_equal(r.queries[2].name, "_kerberos._tcp.dc._msdcs.contoso.test");
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(r.queries[i].stage, STAGE_SRV);
		assert_int_equal(r.queries[i].role, QUERY_KERBEROS);
	}
	result_free(&r);
	setup_result(&r, NULL, NULL);
	r.krb.kdcs_configured = true;
	assert_int_equal(kerberos_plan_srv(&r), SD_OK);
	assert_int_equal(r.n_queries, 0);
	result_free(&r);
	setup_result(&r, NULL, NULL);
	pol.kerberos = false;
	kerberos_prepare(&r);
	assert_int_equal(kerberos_plan_srv(&r), SD_OK);
	assert_int_equal(r.n_queries, 0); /* no Kerberos traffic without --kerberos */
	result_free(&r);
}

struct verdict_row {
	enum krb_outcome outcome;
	bool fallback;
	long kdc_error;
	enum sd_verdict status;
	const char *reason_prefix;   /* NULL: the reason is unchanged */
	const char *hint;            /* contained in the Kerberos hint */
};

static void spec9_verdict_reason_and_a_hint_per_outcome(void **state)
{
	(void)state;
	static const struct verdict_row rows[] = {
		{ KRB_UNKNOWN_PRINCIPAL, true, 7, SD_VERDICT_WARNING, "Kerberos unknown-principal for sip/pool.contoso.test@CONTOSO.TEST",
		  "setspn -S sip/pool.contoso.test <account>" },
		{ KRB_UNKNOWN_PRINCIPAL, false, 7, SD_VERDICT_CRITICAL, "Kerberos unknown-principal", "the client cannot sign in" },
		{ KRB_UNKNOWN_PRINCIPAL, true, 8, SD_VERDICT_WARNING, "Kerberos unknown-principal", "setspn -X" },
		{ KRB_NO_KDC_FOUND, true, -1, SD_VERDICT_WARNING, "Kerberos no-kdc-found",
		  "_kerberos._tcp.CONTOSO.TEST. 3600 IN SRV 0 100 88 <domain-controller>." },
		{ KRB_KDC_UNREACHABLE, false, -1, SD_VERDICT_CRITICAL, "Kerberos kdc-unreachable", "port 88" },
		{ KRB_REALM_UNKNOWN, true, 68, SD_VERDICT_WARNING, "Kerberos realm-unknown", "--krb-realm" },
		{ KRB_CLOCK_SKEW, true, 25, SD_VERDICT_WARNING, "Kerberos clock-skew", "NTP" },
		{ KRB_RC4_ONLY, true, -1, SD_VERDICT_WARNING, "Kerberos rc4-only", "msDS-SupportedEncryptionTypes" },
		{ KRB_NOT_PROVEN, true, 25, SD_VERDICT_OK, NULL, "setspn -Q sip/pool.contoso.test" },
		{ KRB_USER_UNKNOWN, false, 6, SD_VERDICT_OK, NULL, "--krb-user" },
		{ KRB_USER_DISABLED, false, 18, SD_VERDICT_OK, NULL, "is disabled or locked" },
		{ KRB_ERROR, false, 14, SD_VERDICT_OK, NULL, "is not known" },
		{ KRB_EXISTS, false, -1, SD_VERDICT_OK, NULL, NULL },
	};
	for (size_t i = 0; i < N(rows); i++) {
		struct result r;
		setup_result(&r, NULL, NULL);
		r.status = SD_VERDICT_OK;
		sd_copy(r.reason, sizeof r.reason, "signed in");
		struct krb_principal *p = kerberos_add_principal(&r, "sip/pool.contoso.test@CONTOSO.TEST", KRB_SRC_TARGETNAME,
								 "pool.contoso.test", rows[i].fallback);
		assert_non_null(p);
		p->outcome = rows[i].outcome;
		p->kdc_error = rows[i].kdc_error;
		p->has_offset = rows[i].outcome == KRB_CLOCK_SKEW;
		p->clock_offset_s = 3600;
		p->kvno = 2;
		sd_copy(p->enctype_name, sizeof p->enctype_name, "rc4-hmac");
		sd_copy(p->kdc, sizeof p->kdc, "192.0.2.5:88");
		assert_int_equal(kerberos_verdict(&r), SD_OK);
		if (r.status != rows[i].status)
			fail_msg("row %zu: status %d, want %d", i, r.status, rows[i].status);
		if (rows[i].reason_prefix && strncmp(r.reason, rows[i].reason_prefix, strlen(rows[i].reason_prefix)) != 0)
			fail_msg("row %zu: reason \"%s\"", i, r.reason);
		if (!rows[i].reason_prefix)
			assert_string_equal(r.reason, "signed in");
		if (rows[i].hint) {
			assert_int_equal(r.n_hints, 1);
			if (!strstr(r.hints[0].text, rows[i].hint))
				fail_msg("row %zu: hint \"%s\" lacks \"%s\"", i, r.hints[0].text, rows[i].hint);
		} else {
			assert_int_equal(r.n_hints, 0);
		}
		result_free(&r);
	}
}

static void spec9_each_principal_checked_once(void **state)
{
	(void)state;
	struct result r;
	setup_result(&r, NULL, NULL);
	assert_non_null(kerberos_add_principal(&r, "sip/pool.contoso.test@CONTOSO.TEST", KRB_SRC_TARGETNAME, "a", true));
	assert_null(kerberos_add_principal(&r, "SIP/pool.contoso.test@CONTOSO.TEST", KRB_SRC_TARGETNAME, "b", true));
	assert_int_equal(r.krb.n_principals, 1);
	result_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(spec9_kdc_answer_to_outcome),
		cmocka_unit_test(spec9_outcome_effect_on_the_verdict),
		cmocka_unit_test(spec9_ticket_check_replaces_only_conclusive_outcomes),
		cmocka_unit_test(spec9_principal_exactly_as_the_server_names_it),
		cmocka_unit_test(spec9_realm_and_user),
		cmocka_unit_test(spec9_srv_names_in_the_first_stage_unless_configured),
		cmocka_unit_test(spec9_verdict_reason_and_a_hint_per_outcome),
		cmocka_unit_test(spec9_each_principal_checked_once),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
