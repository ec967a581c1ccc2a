/* conn.h — one connection of an attempt (SPEC §6): TCP with a deadline, and bounded reads
 * and writes over it or over the TLS session that tls.h puts on it. */
#ifndef CONN_H
#define CONN_H

#include <gnutls/gnutls.h>
#include <sys/socket.h>

#include "conn_report.h"

/* One connection; conn_init() before use, conn_close() after (safe on any state). */
struct conn {
	int fd;
	gnutls_session_t session;      /* set by tls_handshake() */
	bool tls_up;                    /* handshake done and accepted: close_notify on close */
};

void conn_init(struct conn *c);

/* The socket address of a numeric address text of family (AF_INET or AF_INET6) and port, in ss;
 * its length. */
socklen_t conn_sockaddr(const char *text, int family, uint16_t port, struct sockaddr_storage *ss);

/*
 * Connects c (fresh from conn_init or conn_close) to sa within timeout_ms. On anything but
 * CONN_OK, c is closed and detail says why ("Connection refused", "no answer within
 * 3000 ms", ...).
 */
enum conn_outcome conn_tcp(struct conn *c, const struct sockaddr *sa, socklen_t salen,
			   unsigned timeout_ms, char *detail, size_t n);

/* Waits until c's socket is ready for what its TLS session last asked for, or the deadline
 * (clock_ms) passes: 1 ready, 0 timed out, -1 with errno set. */
int conn_wait_tls(const struct conn *c, long long deadline);

/* Says in detail what the GnuTLS error err on c's session means to an admin: the alert the
 * server sent, an early close, a reset, or gnutls's own text; what names the step. */
void conn_tls_error(const struct conn *c, int err, const char *what, char *detail, size_t n);

/* Writes all of buf within timeout_ms, over TLS when c has it. CONN_OK, CONN_TIMEOUT or
 * CONN_ERROR with detail; c stays open either way. */
enum conn_outcome conn_write_all(struct conn *c, const void *buf, size_t len,
				 unsigned timeout_ms, char *detail, size_t dn);

/*
 * Reads what is available, at most n bytes, waiting up to timeout_ms for the first byte:
 * CONN_OK with the byte count in *got (0: the peer closed the connection; a TLS peer that
 * closes without close_notify counts as closed), CONN_TIMEOUT when nothing came in time,
 * CONN_ERROR otherwise; detail says why when it is not CONN_OK.
 */
enum conn_outcome conn_read(struct conn *c, void *buf, size_t n, size_t *got, unsigned timeout_ms, char *detail,
			    size_t dn);

/* The local address (no brackets) and port of c's socket, for the SIP Via and Contact;
 * "" and 0 when c is not connected. */
void conn_local(const struct conn *c, char *addr, size_t n, uint16_t *port);

/* Sends close_notify when TLS is up (best effort, never waits), frees everything, closes the
 * socket, and leaves c as conn_init() does. Safe to call twice. */
void conn_close(struct conn *c);

#endif
