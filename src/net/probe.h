/* probe.h — the connection stage (SPEC §6): attempts in the client's order, then REGISTER. */
#ifndef PROBE_H
#define PROBE_H

#include "result.h"

struct tls_trust;

/*
 * Tries r's candidates in order, each address in DNS order, until one connects
 * (and for TLS validates); records every attempt in r->attempts, the one that
 * connected last (result_chosen). Then sends the chosen server one REGISTER without credentials,
 * unless the policy says --no-register. keep_raw keeps the SIP messages.
 */
enum sd_status probe_run(struct result *r, const struct tls_trust *trust, bool keep_raw);

#endif
