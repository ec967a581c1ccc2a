/* tls.h — TLS over a connection (SPEC §6): the trust anchors, the handshake with SNI, and the
 * certificate report and checks a client makes, for SIP attempts and any other TLS client. */
#ifndef TLS_H
#define TLS_H

#include <gnutls/gnutls.h>

#include "conn.h"
#include "conn_report.h"

/* The trust anchors every TLS attempt validates against: the system store plus --cafile. */
struct tls_trust;

/*
 * Loads cafile (NULL: none) at once, so that a bad --cafile is reported before any network
 * traffic ("cannot load --cafile FILE: ..."), and the system store on a thread of its own
 * while the DNS stages run. The result is read-only and may be shared by threads.
 * SD_OK, or a status with why filled.
 */
enum sd_status tls_trust_load(struct tls_trust **out, const char *cafile, char *why, size_t n);

/* Waits for the system store's loader and frees t (NULL is fine). */
void tls_trust_free(struct tls_trust *t);

/*
 * Runs a TLS handshake on the connected c with SNI = host (none for an IP literal), within
 * timeout_ms, then validates the certificate with tls_check_session(). rep is filled as far
 * as the handshake got. CONN_OK leaves c ready for conn_write_all/conn_read; anything else
 * (after the alert a client sends when it rejects a certificate) closes c and fills detail.
 */
enum conn_outcome tls_handshake(struct conn *c, const char *host, const struct tls_trust *trust,
				unsigned timeout_ms, long long now, struct tls_report *rep,
				char *detail, size_t n);

/*
 * Validates the certificate of s, a client session whose handshake is done (by
 * tls_handshake, or by another client such as libcurl's GnuTLS build), as the SIP client
 * does: chain to trust's anchors (and their CRLs), host against SANs then CN, dates at now
 * (unix seconds). Fills every field of rep but ms_handshake, which is the caller's, with
 * each failed check as a class in rep->failures. CONN_OK when the client would accept the
 * certificate, which it does for a SHA-1 signature in a chain otherwise trusted
 * (rep->sha1_signature, SPEC §6), CONN_CERT_INVALID (detail: "certificate rejected: ...")
 * when not, CONN_ERROR when trust cannot be used on s. A session set up elsewhere gets
 * trust's credentials, so that every client validates against the same anchors.
 */
enum conn_outcome tls_check_session(gnutls_session_t s, const char *host,
				    const struct tls_trust *trust, long long now,
				    struct tls_report *rep, char *detail, size_t n);

#endif
