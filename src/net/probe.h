/* probe.h — the connection stage (SPEC §6): attempts in the client's order, then REGISTER. */
#ifndef PROBE_H
#define PROBE_H

#include "result.h"

struct conn;
struct tls_trust;

/*
 * One attempt: connects to cand at addr (for TLS, handshakes with cand's host and
 * validates) within the step timeout, filling a; c stays open on CONN_OK. For a
 * server that is no candidate of r (a redirect's home pool, SPEC §6).
 */
void probe_connect(const struct result *r, const struct tls_trust *trust, const struct candidate *cand,
		   const struct address *addr, struct attempt *a, struct conn *c);

/* Sends r's unauthenticated REGISTER to cand over c and reads the answer into s; SD_ERR_NOMEM. */
enum sd_status probe_register(const struct result *r, const struct candidate *cand, struct conn *c,
			      struct sip_report *s, bool keep_raw);

/*
 * Tries r's candidates in order, each address in DNS order, until one connects
 * (and for TLS validates); records every attempt in r->attempts, the one that
 * connected last (result_chosen). Then sends the chosen server one REGISTER without credentials,
 * unless the policy says --no-register. keep_raw keeps the SIP messages.
 */
enum sd_status probe_run(struct result *r, const struct tls_trust *trust, bool keep_raw);

#endif
