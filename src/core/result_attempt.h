/* result_attempt.h — the connection attempts of a result and the REGISTER of the one that
 * connected (SPEC §6). Plain data. */
#ifndef RESULT_ATTEMPT_H
#define RESULT_ATTEMPT_H

#include "conn_report.h"
#include "sip.h"

/* What one SIP REGISTER got (SPEC §6). */
struct sip_report {
	bool sent;
	bool answered;               /* a final response (>= 200) was parsed */
	struct sip_response response;
	char error[256];             /* why there is no answer: timeout, closed, malformed */
	unsigned ms;
	char *request;               /* the REGISTER as sent, kept for --verbose only (else NULL) */
	char *raw;                   /* the last response parsed, as received (NULL: none) */
};

/* One connection attempt: a candidate at one of its addresses (SPEC §6). */
struct attempt {
	int candidate;               /* index into result.candidates (alt_attempts: into the default
					profile's candidates) */
	char address[SD_ADDR_MAX];   /* "" when the host does not resolve */
	enum conn_outcome outcome;
	bool unresolved;             /* no address: the attempt fails with "does not resolve" */
	bool tcp_connected;          /* the TCP connection was made (a TLS failure came after it) */
	unsigned ms, ms_connect, ms_tls;
	char detail[256];
	bool has_tls;                /* the TLS handshake got far enough to fill tls */
	struct tls_report tls;
	struct sip_report *sip;      /* the chosen attempt's REGISTER, NULL otherwise */
	bool if_rejected;            /* after a prompt: made only if the user rejects it (SPEC §5.1, §6) */
};

/* "ok", "does-not-resolve", "refused", ... as in JSON. */
const char *attempt_outcome_name(const struct attempt *a);

#endif
