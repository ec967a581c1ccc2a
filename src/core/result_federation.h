/* result_federation.h — what the run found out about federation (SPEC §5.2): the
 * _sipfederationtls._tcp record, its target's addresses and the Access Edge's TLS answer.
 * Plain data; federation.h decides it. */
#ifndef RESULT_FEDERATION_H
#define RESULT_FEDERATION_H

#include "dns_query.h"
#include "result_attempt.h"

/* How far federation got, the first thing that stops a partner first (fed_state_name). */
enum fed_state {
	FED_NOT_QUERIED,             /* no federation query (manual configuration), or the check ended first */
	FED_DNS_ERROR,               /* the SRV query got timeout, SERVFAIL, REFUSED: the record may exist */
	FED_NO_RECORD,               /* NXDOMAIN or NODATA: no federation record */
	FED_NO_SERVICE,              /* the record's target is ".": the domain says it does not federate */
	FED_BAD_TARGET,              /* the target is no host name */
	FED_UNRESOLVED,              /* the target has no address (or its queries got DNS errors) */
	FED_RESOLVED,                /* resolves; not contacted (--no-connect, or the deadline) */
	FED_CONNECT_FAILED,          /* no address took a TCP connection and a TLS handshake */
	FED_CERT_INVALID,            /* the handshake was made, the certificate failed a check */
	FED_OK,                      /* the certificate validates and names the target */
};

#define FED_ADDRS_MAX 16

struct federation {
	enum fed_state state;
	int query;                   /* index of the SRV query in the result's queries, -1: none */
	size_t n_records;            /* SRV records the query returned */
	char target[SD_HOST_MAX];    /* the record a partner tries first (priority, then weight, then name) */
	uint16_t port, priority, weight;
	struct address addrs[FED_ADDRS_MAX]; /* the target's addresses, in the order they came */
	size_t n_addrs;
	int addr_error;              /* index of an A/AAAA query of the target that got a DNS error, -1: none */
	size_t n_tried;              /* addresses the TLS attempt was made to (0: none) */
	struct attempt attempt;      /* the last of them: the one that connected, or the last failure */
	bool enforced;               /* --federation: part of the verdict */
	bool set_status;             /* the federation problem made the verdict worse (--federation) */
	char cause[320];             /* the problem in a few words, "" when none */
	char hint[1024];             /* what was observed and what to change, "" when nothing */
};

#endif
