/* conn_report.h — what one connection attempt reports (SPEC §6): its outcome class and what
 * the TLS handshake and certificate showed. Plain data: no GnuTLS and no socket headers, so
 * that the pure modules and the reports can read it. */
#ifndef CONN_REPORT_H
#define CONN_REPORT_H

#include "sd.h"

enum conn_outcome {
	CONN_OK,
	CONN_REFUSED,                /* ECONNREFUSED: nothing listens there */
	CONN_TIMEOUT,                /* the deadline passed (connect, handshake, read or write) */
	CONN_UNREACHABLE,            /* no route to the network or host */
	CONN_ERROR,                  /* anything else, detail says what */
	CONN_TLS_FAILED,             /* the handshake failed: not TLS, an alert, closed early */
	CONN_CERT_INVALID,           /* handshake done, validation failed: the client would not continue */
};

/* "ok", "refused", "timeout", "unreachable", "error", "tls-failed", "certificate-invalid". */
const char *conn_outcome_name(enum conn_outcome o);

#define CONN_SANS_MAX 16

/* What the server's TLS handshake and certificate showed; filled even when validation fails,
 * because the admin must see the certificate and which check failed (SPEC §6). */
struct tls_report {
	bool have_cert;                 /* the server sent an X.509 certificate */
	char version[32];               /* "TLS1.3" */
	char cipher[128];               /* gnutls_session_get_desc(): "(TLS1.3)-(ECDHE-...)-..." */
	char subject[512], issuer[512]; /* RFC 4514 DNs of the server certificate */
	char sans[CONN_SANS_MAX][SD_HOST_MAX]; /* DNS and IP subject alternative names, in order */
	size_t n_sans;
	bool sans_truncated;            /* more than CONN_SANS_MAX, or one too long to keep */
	long long not_before, not_after; /* unix seconds */
	long days_to_expiry;            /* floor((not_after - now) / 86400), negative once expired */
	/* gnutls_certificate_status_t bits, 0 = valid: gnutls_certificate_verify_peers3() at the
	 * system time, plus UNEXPECTED_OWNER / EXPIRED / NOT_ACTIVATED from checking the server
	 * certificate's name and dates (at now) directly, so that every failed check is named
	 * however early gnutls stopped. */
	unsigned status;
	bool chain_ok;                  /* chains to a trusted root (system store + --cafile) */
	bool name_ok;                   /* the host matches a DNS/IP SAN (CN only when there is none) */
	bool dates_ok;                  /* every certificate of the chain is within its dates */
	char failure[512];              /* gnutls's text for status, "" when valid */
	unsigned ms_handshake;
};

#endif
