/* verdict_tcp.h — the hint for a client that signs in over clear-text TCP (SPEC §4.2, §6),
 * used by the verdict with and without connecting. Pure: no I/O. */
#ifndef VERDICT_TCP_H
#define VERDICT_TCP_H

#include "result.h"

/*
 * The chosen server r->server is clear-text TCP: one hint naming what to change, from what was
 * observed: the TLS candidates before it that failed, an SRV query for a TLS name that got a DNS
 * error, or no TLS server published at all (SPEC §4.2, §6). SD_ERR_NOMEM when it cannot be stored.
 */
enum sd_status verdict_tcp_hint(struct result *r);

#endif
