/* result_candidate.h — the candidates of a result: the servers the client would try, in its
 * order (SPEC §4.2–4.4, §5). Plain data. */
#ifndef RESULT_CANDIDATE_H
#define RESULT_CANDIDATE_H

#include "naming.h"
#include "policy.h"
#include "sd.h"

enum candidate_origin {
	ORIGIN_MANUAL_INTERNAL, ORIGIN_MANUAL_EXTERNAL, ORIGIN_SRV, ORIGIN_FALLBACK,
	ORIGIN_AUTODISCOVER,         /* a server named by an autodiscover User document (SPEC §4.7) */
	ORIGIN_REDIRECT,             /* a home pool a REGISTER's 301/302 named (SPEC §6) */
};

/* "manual-internal", "srv", "fallback", ... as in JSON. */
const char *candidate_origin_name(enum candidate_origin o);

enum candidate_state {
	CAND_USABLE,                 /* resolves; an attempt would be made */
	CAND_NO_SERVICE,             /* SRV target "." */
	CAND_INVALID_NAME,           /* SRV target that is no host name (escaped bytes, '_', an IP address) */
	CAND_REJECTED,               /* the naming rule rejects it */
	CAND_UNRESOLVED,             /* does not resolve: its attempt fails */
	CAND_NOT_TRIED,              /* the profile skips it (sipe: not a name's first record) */
	CAND_SKIPPED_UNRESOLVED,     /* the profile tries it only if it resolves, and it does not */
};

/* "usable", "no-service", "rejected-by-naming", ... as in JSON. */
const char *candidate_state_name(enum candidate_state s);

struct candidate {
	char host[SD_QNAME_MAX];     /* fallback names built from a long domain may exceed 253 */
	uint16_t port;
	enum sd_transport transport;
	enum candidate_origin origin;
	int srv_query;               /* ORIGIN_SRV: index of the query; else -1 */
	int priority, weight;        /* ORIGIN_SRV only; else -1 */
	struct naming_verdict naming;
	bool naming_enforced;
	enum candidate_state state;
	size_t first_addr, n_addr;   /* a slice of the addresses of the list the candidate is in */
	bool if_rejected;            /* after a prompt: tried only if the user rejects it (SPEC §5.1, §6) */
};

/*
 * SPEC §3: the name a TLS attempt to c sends as SNI and checks the certificate (name and
 * trust) against: --tls-name for a manually configured server, else c's host.
 */
const char *candidate_tls_name(const struct candidate *c, const struct policy *p);

/* Whether a and b are the same server: host, port and transport. */
bool candidate_same_server(const struct candidate *a, const struct candidate *b);

#endif
