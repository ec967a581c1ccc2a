/* sip.h — the credential-less REGISTER and the parse of its answer (SPEC §6). */
#ifndef SIP_H
#define SIP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SIP_MAX_MESSAGE 65536      /* a response bigger than this is rejected, not buffered */
#define SIP_MAX_CHALLENGES 16

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

struct sip_challenge {
	char scheme[32];           /* as sent: "NTLM", "Kerberos", "TLS-DSK", "Digest", ... */
	bool proxy;                /* from Proxy-Authenticate */
	char realm[256];           /* unquoted */
	char targetname[256];      /* unquoted: "sip/pool.contoso.com" (Kerberos), "pool.contoso.com" */
	char params[512];          /* the others as sent, "version=4, sts-uri=\"https://...\"" */
};

struct sip_response {
	int code;                  /* 100..699 */
	char reason[128];
	char server[256];          /* Server header, "" if none */
	char contact[512];         /* first Contact header value (a 301/302's home pool), "" if none */
	char ms_diag[256];         /* ms-diagnostics, else ms-diagnostics-public, "" if none */
	struct sip_challenge challenges[SIP_MAX_CHALLENGES];
	size_t n_challenges;
	bool challenges_truncated; /* more than SIP_MAX_CHALLENGES were offered */
	size_t content_length;
	size_t message_length;     /* bytes taken, with any CRLF keep-alives before it */
};

enum sip_parse_status {
	SIP_PARSE_COMPLETE,
	SIP_PARSE_INCOMPLETE,
	SIP_PARSE_MALFORMED,
	SIP_PARSE_TOO_LARGE,
};

/*
 * Parses the bytes received so far (buf, len; need not be NUL-terminated).
 * INCOMPLETE: read more and call again with the whole buffer (an empty buffer,
 * or one holding only CRLF keep-alives, is INCOMPLETE). COMPLETE: *out is
 * filled, and the message took out->message_length bytes; bytes after it
 * belong to the next message. MALFORMED: not a SIP response, why says what
 * ("not a SIP status line", "bad Content-Length", ...). TOO_LARGE: the headers
 * or headers plus Content-Length exceed SIP_MAX_MESSAGE, decided as soon as
 * that is known, so a caller never needs more than SIP_MAX_MESSAGE bytes.
 * *out is meaningful only on COMPLETE; why (may be NULL) is "" then.
 */
enum sip_parse_status sip_parse_response(const char *buf, size_t len, struct sip_response *out,
					 char *why, size_t whylen);

/*
 * The canonical protocol name for the report: "NTLM", "Kerberos", "TLS-DSK",
 * "Digest" when scheme matches one regardless of case, else scheme itself.
 */
const char *sip_scheme_name(const char *scheme);

/*
 * Looks up parameter name (any case) in c->params and copies its value,
 * unquoted and unescaped, into dst (size n). False when absent. realm and
 * targetname have their own fields and are not found here.
 */
bool sip_challenge_param(const struct sip_challenge *c, const char *name, char *dst, size_t n);

#endif
