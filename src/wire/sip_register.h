/* sip_register.h — the REGISTER without credentials that a Lync client sends first (SPEC §6). */
#ifndef SIP_REGISTER_H
#define SIP_REGISTER_H

#include <stddef.h>
#include <stdint.h>

struct sip_register_params {
	const char *transport;     /* "TLS" or "TCP" (Via transport token), any case */
	const char *server_host;   /* the server's host name: not in the request, see below */
	uint16_t server_port;
	const char *local_addr;    /* our socket's local address text, IPv6 without brackets */
	uint16_t local_port;
	const char *aor;           /* "sip:jeremy@contoso.com" (or sips:) */
	const char *token;         /* caller's random letters/digits, 16 to 128 of them */
	const char *user_agent;    /* e.g. "sipdiscover/0.1.0" */
};

/*
 * Writes one REGISTER without credentials into buf (size n), as a Lync client
 * sends it: Request-URI sip:<domain of aor>, branch "z9hG4bK<token>", From tag
 * the token's first 10 characters, Call-ID the token, CSeq 1, no Expires and
 * never an Authorization header. server_host and server_port do not appear: a
 * client registers to its domain and lets the pool it connected to route.
 * Returns the request's length, or 0 (buf then holds "") when it did not fit
 * or a parameter is missing or unusable (CR/LF or spaces where none may be).
 */
size_t sip_build_register(char *buf, size_t n, const struct sip_register_params *p);

#endif
