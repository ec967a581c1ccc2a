/* conn_report.c — the names of the attempt outcomes and of the certificate failure classes, as
 * the trace and JSON spell them. */
#include "conn_report.h"

static const char *const outcome_names[] = {
	[CONN_OK] = "ok",
	[CONN_REFUSED] = "refused",
	[CONN_TIMEOUT] = "timeout",
	[CONN_UNREACHABLE] = "unreachable",
	[CONN_ERROR] = "error",
	[CONN_TLS_FAILED] = "tls-failed",
	[CONN_CERT_INVALID] = "certificate-invalid",
};

const char *conn_outcome_name(enum conn_outcome o)
{
	if ((size_t)o >= sizeof outcome_names / sizeof outcome_names[0])
		return "error";
	return outcome_names[o];
}

const char *cert_failure_name(unsigned bit)
{
	static const char *const names[CERT_FAILURE_BITS] = {
		"untrusted-issuer", "missing-intermediate", "insecure-signature", "revoked",
		"name-mismatch", "expired", "not-yet-valid", "other",
	};
	return bit < CERT_FAILURE_BITS ? names[bit] : "other";
}
