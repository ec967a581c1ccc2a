/*
 * test_conn_report.c — the names of the certificate failure classes (SPEC §6): one order and
 * one spelling for the trace, the autodiscover line and hint, and JSON.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "conn_report.h"

#define N(table) (sizeof(table) / sizeof((table)[0]))

/* SPEC §6's tokens in enum cert_failure's order, whatever order the bits are given in. */
static void spec6_failure_classes_joined_in_one_order(void **state)
{
	(void)state;
	static const struct {
		unsigned failures;
		const char *text;
	} cases[] = {
		{ 0, "" },
		{ CERT_NAME_MISMATCH | CERT_UNTRUSTED_ISSUER, "untrusted-issuer, name-mismatch" },
		{ CERT_OTHER | CERT_EXPIRED, "expired, other" },
		{ CERT_UNTRUSTED_ISSUER | CERT_MISSING_INTERMEDIATE | CERT_INSECURE_SIGNATURE | CERT_REVOKED
			  | CERT_NAME_MISMATCH | CERT_EXPIRED | CERT_NOT_YET_VALID | CERT_OTHER,
		  "untrusted-issuer, missing-intermediate, insecure-signature, revoked, name-mismatch, expired, "
		  "not-yet-valid, other" },
		{ CERT_REVOKED | 1u << CERT_FAILURE_BITS, "revoked" }, /* an unknown bit names nothing */
	};
	for (size_t i = 0; i < N(cases); i++) {
		char buf[CERT_FAILURES_TEXT] = "junk";
		cert_failures_join(cases[i].failures, buf, sizeof buf);
		assert_string_equal(buf, cases[i].text);
	}
}

/* The iterator JSON uses gives the same names one by one, then NULL. */
static void spec6_failure_classes_one_by_one(void **state)
{
	(void)state;
	unsigned left = CERT_EXPIRED | CERT_UNTRUSTED_ISSUER;
	assert_string_equal(cert_failure_next(&left), "untrusted-issuer");
	assert_string_equal(cert_failure_next(&left), "expired");
	assert_null(cert_failure_next(&left));
	assert_int_equal(left, 0);
}

/* A buffer too small gets a cut, terminated text. */
static void failure_classes_cut_to_fit(void **state)
{
	(void)state;
	char buf[10];
	cert_failures_join(CERT_UNTRUSTED_ISSUER | CERT_REVOKED, buf, sizeof buf);
	assert_string_equal(buf, "untrusted");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(spec6_failure_classes_joined_in_one_order),
		cmocka_unit_test(spec6_failure_classes_one_by_one),
		cmocka_unit_test(failure_classes_cut_to_fit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
