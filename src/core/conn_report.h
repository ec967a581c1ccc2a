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
#define TLS_CHAIN_MAX 8

/*
 * Why a client rejects a certificate (SPEC §6): one bit per class, each with its own reason
 * and hint. Several may hold at once (an untrusted issuer and a wrong name).
 */
enum cert_failure {
	CERT_UNTRUSTED_ISSUER = 1u << 0,     /* the chain ends at a root that is not trusted */
	CERT_MISSING_INTERMEDIATE = 1u << 1, /* the server does not send the CA between it and the root */
	CERT_INSECURE_SIGNATURE = 1u << 2,   /* MD5 or weaker: refused even with SHA-1 allowed */
	CERT_REVOKED = 1u << 3,              /* a CRL from --cafile lists it */
	CERT_NAME_MISMATCH = 1u << 4,
	CERT_EXPIRED = 1u << 5,
	CERT_NOT_YET_VALID = 1u << 6,
	CERT_OTHER = 1u << 7,                /* a bad signature, a signer that is no CA, ...: failure says */
};
#define CERT_FAILURE_BITS 8

/*
 * The name of the first class left in *failures (enum cert_failure bits), which loses that
 * bit; NULL once none is left. The names are SPEC §6's tokens ("untrusted-issuer",
 * "missing-intermediate", "insecure-signature", "revoked", "name-mismatch", "expired",
 * "not-yet-valid", "other"), always in that order:
 *   for (unsigned left = t->failures; (name = cert_failure_next(&left));) ...
 */
const char *cert_failure_next(unsigned *failures);

/* Room for every class name joined by cert_failures_join, with its NUL. */
#define CERT_FAILURES_TEXT 128

/* The classes of failures joined by ", " into buf (n octets, cut to fit): "untrusted-issuer,
 * name-mismatch"; "" for none. */
void cert_failures_join(unsigned failures, char *buf, size_t n);

/* One certificate as the server sent it (SPEC §6, issue 11). */
struct tls_chain_cert {
	char subject[256], issuer[256]; /* RFC 4514 DNs, cut to fit */
	long long not_before, not_after;
	char signature[32];             /* "RSA-MD5", "RSA-SHA256": how this certificate is signed */
	bool insecure_signature;        /* signed with an algorithm the TLS library refuses (SPEC §6) */
};

/* SPEC §6 (issue 20): why a TLS handshake failed, as far as the bytes and alerts show it. */
enum tls_handshake_failure {
	TLS_HS_UNKNOWN,              /* no handshake failure, or one of no class below */
	TLS_HS_NOT_TLS,              /* the server answered with something that is not TLS (clear-text SIP) */
	TLS_HS_VERSION,              /* no protocol version in common (a protocol_version alert, or none offered) */
	TLS_HS_CIPHER,               /* no cipher suite, group or signature algorithm in common */
};

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
	unsigned failures;              /* enum cert_failure bits, 0 when the client accepts it */
	/* Signed with SHA-1 in a chain that is otherwise trusted: accepted, as every Windows
	 * client generation accepts it from an enterprise CA, and a warning (SPEC §6). */
	bool sha1_signature;
	char ca_issuers[256];           /* the certificate's AIA caIssuers URI, "" when none */
	/* Detail of the server certificate (SPEC §6). */
	char serial[80];                /* hex, as certtool prints it: "04d2" */
	char key_type[24];              /* "RSA", "EC", "EdDSA (Ed25519)" */
	unsigned key_bits;
	char key_curve[24];             /* "SECP256R1" for EC keys, "" otherwise */
	char signature[32];             /* "RSA-SHA256", "ECDSA-SHA1" */
	char sha256[65];                /* SHA-256 fingerprint of the DER certificate, lower-case hex */
	char pin[64];                   /* "sha256//BASE64" of the SubjectPublicKeyInfo (curl --pinnedpubkey) */
	/* The certificates as the server sent them, leaf first. */
	struct tls_chain_cert chain[TLS_CHAIN_MAX];
	size_t n_chain;                 /* kept in chain */
	size_t chain_sent;              /* how many the server sent */
	unsigned ms_handshake;
	enum tls_handshake_failure handshake_failure; /* CONN_TLS_FAILED: its class */
};

#endif
