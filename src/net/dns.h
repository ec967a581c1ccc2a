/* dns.h — DNS transport (SPEC §4.6): one stage's queries in flight together. */
#ifndef DNS_H
#define DNS_H

#include "dns_servers.h"
#include "dns_wire.h"

/* Queries one stage keeps in flight, each with a socket of its own: a 300-record SRV set
 * must not need 600 descriptors. */
#define DNS_MAX_INFLIGHT 64

/*
 * Sends every query of qs[0..n) that belongs to stage and is still pending, at most
 * DNS_MAX_INFLIGHT at once, and waits until each has an answer or its timeout_ms ran
 * out: a stage costs one round trip. Each query asks the servers in dns_server_order
 * (SPEC §4.6): UDP sent up to 3 times to a server, the next server after no answer,
 * SERVFAIL or REFUSED; timeout_ms bounds the query across all servers. A truncated
 * answer is asked again over TCP within the same deadline. The SRV stage also sends
 * each server a liveness probe and fills rep[] and *n_rep (one report per server); later
 * stages only read them. keep_raw stores each answer's text form for --verbose.
 * SD_ERR_SOCKET when some query could not be sent for a local reason (no descriptor: SPEC
 * §8's local failure, not the DNS server's doing), once the others are done; SD_ERR_NOMEM
 * when memory ran out. A query that failed otherwise says so in its result.
 */
enum sd_status dns_stage_run(const struct dns_servers *srv, struct query *qs, size_t n, enum dns_stage stage,
			     struct dns_server_report *rep, size_t *n_rep, unsigned timeout_ms, bool keep_raw);

#endif
