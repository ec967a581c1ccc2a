/* tls_cert.h — what a client sees in the server's certificate (SPEC §6): tls.c's helper. */
#ifndef TLS_CERT_H
#define TLS_CERT_H

#include <gnutls/gnutls.h>

#include "conn_report.h"

/*
 * Fills rep (but ms_handshake) from the finished handshake of s: the protocol, the server
 * certificate's fields and detail, the chain as sent, and the checks against cred's trust
 * list (chain, revocation by the CRLs it holds, signature algorithms, host, dates at now),
 * each failed check as a class of enum cert_failure. True when the client would accept the
 * certificate, which includes a SHA-1 signature in a chain otherwise trusted (sha1_signature).
 */
bool tls_cert_examine(gnutls_session_t s, gnutls_certificate_credentials_t cred, const char *host,
		      long long now, struct tls_report *rep);

#endif
