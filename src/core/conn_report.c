/* conn_report.c — the names of the attempt outcomes and of the certificate failure classes,
 * as the trace and JSON spell them. */
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

const char *cert_failure_next(unsigned *failures)
{
	static const char *const names[CERT_FAILURE_BITS] = {
		"untrusted-issuer", "missing-intermediate", "insecure-signature", "revoked",
		"name-mismatch", "expired", "not-yet-valid", "other",
	};
	for (unsigned bit = 0; bit < CERT_FAILURE_BITS; bit++)
		if (*failures & (1u << bit)) {
			*failures &= ~(1u << bit);
			return names[bit];
		}
	*failures = 0; /* bits beyond the known classes name nothing */
	return NULL;
}

void cert_failures_join(unsigned failures, char *buf, size_t n)
{
	size_t len = 0;
	const char *name;
	if (n)
		buf[0] = '\0';
	while ((name = cert_failure_next(&failures)))
		str_appendf(buf, n, &len, "%s%s", len ? ", " : "", name);
}
