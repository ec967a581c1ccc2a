/* federation.h — SPEC §5.2: _sipfederationtls._tcp, the record other organisations and
 * Microsoft 365 use to reach the domain's Access Edge. Pure: the DNS stage and the probe fill
 * the queries and r->federation.attempt; these functions decide. */
#ifndef FEDERATION_H
#define FEDERATION_H

#include "result.h"

/* "_sipfederationtls._tcp" + "." + domain into buf (n octets); returns buf. */
const char *federation_name(const char *domain, char *buf, size_t n);

/* "not-queried", "dns-error", "no-record", ... as in JSON's federation.state. */
const char *fed_state_name(enum fed_state s);

/*
 * The federation SRV record a partner tries first among n records (priority ascending, then
 * weight descending, then target name), or NULL when n is 0.
 */
const struct srv_record *federation_pick(const struct srv_record *recs, size_t n);

/* The index of r's federation SRV query (role QUERY_FEDERATION, type SRV), -1: none. */
int federation_query(const struct result *r);

/* The record federation_pick chooses from r's federation query, or NULL. */
const struct srv_record *federation_record(const struct result *r);

/*
 * Up to max distinct addresses r's answers hold for host, the federation's own queries
 * included (result_addresses_for leaves those out, so that federation never feeds sign-in).
 */
size_t federation_addresses(const struct result *r, const char *host, struct address *out, size_t max);

/*
 * After the address stage: fills r->federation from the answers (record, target, addresses)
 * and its state up to FED_RESOLVED. The probe then makes the Access Edge's TLS attempt.
 */
void federation_decide(struct result *r);

/* After the probe (whether or not the deadline expired): the state from the Access Edge's attempt. */
void federation_conclude(struct result *r);

/*
 * After the probe: federation_conclude, then the Access Edge's attempt, the cause and the hint; with
 * --federation (r->policy->federation) a problem is a WARNING at least, with the hint among
 * r's hints and, when it set the state, the cause at the front of the reason (SPEC §5.2).
 * SD_ERR_NOMEM when the hint could not be stored.
 */
enum sd_status federation_verdict(struct result *r);

#endif
