/* conn.h — one connection of an attempt (SPEC §6): TCP with a deadline, TLS over it with
 * the certificate checks the client makes, and bounded reads and writes over either. */
#ifndef CONN_H
#define CONN_H

#include <gnutls/gnutls.h>
#include <sys/socket.h>

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

/* One connection; conn_init() before use, conn_close() after (safe on any state). */
struct conn {
	int fd;
	gnutls_session_t session;
	bool tls_up;                    /* handshake done and accepted: close_notify on close */
};

void conn_init(struct conn *c);

/*
 * Connects c (fresh from conn_init or conn_close) to sa within timeout_ms. On anything but
 * CONN_OK, c is closed and detail says why ("Connection refused", "no answer within
 * 3000 ms", ...).
 */
enum conn_outcome conn_tcp(struct conn *c, const struct sockaddr *sa, socklen_t salen,
			   unsigned timeout_ms, char *detail, size_t n);

/* The trust anchors every TLS attempt validates against: the system store plus --cafile. */
struct conn_trust;

/*
 * Loads the system store and cafile (NULL: none) once, before any network traffic,
 * so that a bad --cafile is reported up front ("cannot load --cafile FILE: ...").
 * The result is read-only and may be shared by threads. CONN_OK or CONN_ERROR.
 */
enum conn_outcome conn_trust_load(struct conn_trust **out, const char *cafile, char *detail, size_t n);

void conn_trust_free(struct conn_trust *t);

/*
 * Runs a TLS handshake on the connected c with SNI = host (none for an IP literal), within
 * timeout_ms, then validates the certificate as the client does: chain to the system store
 * plus --cafile (trust), host against SANs then CN, dates. rep is filled as far as the
 * handshake got; days_to_expiry is computed from now (unix seconds). CONN_OK leaves c ready
 * for conn_write_all/conn_read; anything else closes c and fills detail.
 */
enum conn_outcome conn_tls(struct conn *c, const char *host, const struct conn_trust *trust,
			   unsigned timeout_ms, long long now, struct tls_report *rep,
			   char *detail, size_t n);

/* Writes all of buf within timeout_ms, over TLS when c has it. CONN_OK, CONN_TIMEOUT or
 * CONN_ERROR with detail; c stays open either way. */
enum conn_outcome conn_write_all(struct conn *c, const void *buf, size_t len,
				 unsigned timeout_ms, char *detail, size_t dn);

/*
 * Reads what is available, at most n bytes, waiting up to timeout_ms for the first byte.
 * Returns the byte count (> 0), 0 when the peer closed the connection, -1 on timeout or
 * error (detail says which). A TLS peer that closes without close_notify counts as closed.
 */
long conn_read(struct conn *c, void *buf, size_t n, unsigned timeout_ms, char *detail, size_t dn);

/* The local address (no brackets) and port of c's socket, for the SIP Via and Contact;
 * "" and 0 when c is not connected. */
void conn_local(const struct conn *c, char *addr, size_t n, uint16_t *port);

/* Sends close_notify when TLS is up (best effort, never waits), frees everything, closes the
 * socket, and leaves c as conn_init() does. Safe to call twice. */
void conn_close(struct conn *c);

#endif
