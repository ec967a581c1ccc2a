/* dns_query.h — one DNS query and what its answer said (SPEC §4.2–§4.6): the record the
 * transport fills, the parser writes into and every stage reads. */
#ifndef DNS_QUERY_H
#define DNS_QUERY_H

#include "sd.h"

/* The record types the discovery asks for (RFC 1035, RFC 3596, RFC 2782). */
enum dns_type {
	DNS_TYPE_A = 1,
	DNS_TYPE_AAAA = 28,
	DNS_TYPE_SRV = 33,
};

/* SPEC §7's answer classes, in JSON's spelling (dns_result_name). */
enum dns_result {
	DNS_ANSWER, DNS_NODATA, DNS_NXDOMAIN, DNS_SERVFAIL, DNS_REFUSED,
	DNS_TIMEOUT, DNS_SKIPPED, DNS_ERROR, DNS_PENDING,
};

const char *dns_result_name(enum dns_result r);

/* "SRV", "A", "AAAA" for a query's type. */
const char *query_type_name(uint16_t type);

/* A result the client cannot tell from "no such record" (SPEC §4.3). */
bool dns_result_is_error(enum dns_result r);

/* The rounds of DNS queries, in the order run_address sends them (SPEC §4.2–§4.5). */
enum dns_stage {
	STAGE_SRV = 1,               /* the profile's SRV names, autodiscover names, the federation SRV name */
	STAGE_ADDRESS,               /* A/AAAA of the hosts the decision needs */
	STAGE_DIAGNOSTIC,            /* for the report only: fallback names the client will not use */
};

enum query_role {
	QUERY_SRV,                   /* an SRV name of the profile (srv_index says which) */
	QUERY_ADDRESS,               /* A/AAAA of a candidate host */
	QUERY_AUTODISCOVER,          /* A/AAAA of a Lync autodiscover name (sipe) */
	QUERY_DIAGNOSTIC,            /* for the report only: a fallback name the client will not use */
	QUERY_FEDERATION,            /* SPEC §5.2: _sipfederationtls._tcp (stage 1) and its target's A/AAAA
					(address stage); never a sign-in candidate, never part of the sign-in verdict */
	QUERY_KERBEROS,              /* --kerberos: a _kerberos SRV name, or a KDC's address (SPEC §9) */
};

struct srv_record {
	uint16_t priority, weight, port;
	char target[SD_HOST_MAX];    /* "." for "service not available here" */
};

enum addr_source { ADDR_FROM_QUERY, ADDR_FROM_ADDITIONAL, ADDR_LITERAL };

const char *addr_source_name(enum addr_source s);

struct address {
	char owner[SD_QNAME_MAX];    /* the host it belongs to (a built name may exceed 253) */
	char text[SD_ADDR_MAX];
	int family;                  /* AF_INET or AF_INET6 */
	enum addr_source source;
	int query;                   /* index of the query that brought it */
};

#define SD_DNS_MAX_SERVERS 8

/* CNAME hops an answer is followed through (SPEC §4.6); a longer chain is not followed. */
#define QUERY_CNAME_MAX 16

/* SPEC §4.6: a server a query gave up on before it got its answer, and why. */
struct server_failure {
	char server[80];             /* "127.0.0.1#53" */
	char what[80];               /* "timeout", "connection refused", "servfail", ... */
};

struct query {
	char name[SD_QNAME_MAX];
	uint16_t type;               /* DNS_TYPE_SRV, _A, _AAAA */
	enum query_role role;
	int srv_index;               /* QUERY_SRV: index into profile->srv */
	enum dns_stage stage;
	enum dns_result result;
	unsigned ms;
	bool via_tcp;                /* retried over TCP after a truncated UDP answer */
	char detail[128];            /* e.g. "rcode NOTIMP", "ignored 2 answers with a wrong ID" */
	struct srv_record *srv;
	size_t n_srv;
	struct address *addr;        /* A/AAAA in the answer, and addresses from the additional section */
	size_t n_addr;
	char *raw;                   /* the answer in presentation format, for --verbose */
	/* SPEC §4.6: who answered, and the DNS facts of that answer. */
	char server[80];             /* the server whose answer q holds ("127.0.0.1#53"); "" when none answered */
	struct server_failure servers_failed[SD_DNS_MAX_SERVERS]; /* given up on first, in order; each once */
	size_t n_servers_failed;
	bool aa, ra;                 /* the answer's AA (authoritative) and RA (recursion available) bits */
	bool referral;               /* NOERROR, empty answer, NS in authority, AA=0: a delegation, no answer */
	unsigned n_cname;            /* CNAME hops the answer followed from name (0: none) */
	char cname_chain[QUERY_CNAME_MAX][SD_QNAME_MAX]; /* the n_cname names after name, in order */
	char cname_target[SD_QNAME_MAX]; /* the chain's last name: result and records are that name's */
	char soa_zone[SD_HOST_MAX];  /* the owner of an SOA in the answer's authority section (the zone
					that answered nodata or nxdomain), no trailing dot; "" when none */
	bool has_ede;                /* an RFC 8914 Extended DNS Error came with the answer */
	uint16_t ede_code;           /* its INFO-CODE (e.g. 6, DNSSEC Bogus) */
	char ede_text[160];          /* the code's RFC 8914 name, then ": " and the EXTRA-TEXT if any */
	unsigned ad_hop;             /* SPEC §4.7: 1 + the index of the autodiscover hop that asked; 0: none */
};

/* SPEC §4.6: what one DNS server did during the first stage. */
struct dns_server_report {
	char server[80];             /* "127.0.0.1#53" */
	bool alive;                  /* it sent some response (any RCODE) to a query or to the liveness probe */
	char what[48];               /* "answered", "timeout", "connection refused", ... */
};

/* Appends a pending query (name, type, role, stage; no SRV index) to the list *qs of *n
 * queries; NULL, the list unchanged, when out of memory. */
struct query *query_list_add(struct query **qs, size_t *n, const char *name, uint16_t type, enum query_role role,
			     enum dns_stage stage);

/* The servers q gave up on as one line, "127.0.0.1#53 timeout, 127.0.0.2#53 servfail"
 * (cut to n bytes), for the trace and the hints; returns buf. */
const char *query_servers_failed_text(const struct query *q, char *buf, size_t n);

/* Records that server (its "ADDR#PORT") was given up on for what ("timeout", ...); each
 * server once, at most SD_DNS_MAX_SERVERS. */
void query_add_server_failure(struct query *q, const char *server, const char *what);

/* q's CNAME chain as one line, the names separated by spaces (cut to n bytes); returns buf. */
const char *query_cname_chain_text(const struct query *q, char *buf, size_t n);

/* Frees what q's answer holds (its SRV records, addresses and text form) and leaves those empty. */
void query_clear(struct query *q);

#endif
