/* sip.h — the answer to the credential-less REGISTER (SPEC §6): its framing and what is read from it.
 * Includes the REGISTER builder and the challenge parser, so one include serves a caller. */
#ifndef SIP_H
#define SIP_H

#include <stdbool.h>
#include <stddef.h>

#include "sip_challenge.h"
#include "sip_register.h"

#define SIP_MAX_MESSAGE 65536      /* a response bigger than this is rejected, not buffered */
#define SIP_MAX_CHALLENGES 16

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

#endif
