/* result.h — everything that happened for one address; every output is a view over it. */
#ifndef RESULT_H
#define RESULT_H

#include "conn.h"
#include "naming.h"
#include "policy.h"
#include "sip.h"
#include "uri.h"

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
	STAGE_SRV = 1,               /* the profile's SRV names, and autodiscover names */
	STAGE_ADDRESS,               /* A/AAAA of the hosts the decision needs */
	STAGE_DIAGNOSTIC,            /* for the report only: fallback names the client will not use */
};

enum query_role {
	QUERY_SRV,                   /* an SRV name of the profile (srv_index says which) */
	QUERY_ADDRESS,               /* A/AAAA of a candidate host */
	QUERY_AUTODISCOVER,          /* A/AAAA of a Lync autodiscover name (sipe) */
	QUERY_DIAGNOSTIC,            /* for the report only: a fallback name the client will not use */
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

struct query {
	char name[SD_QNAME_MAX];
	uint16_t type;               /* LDNS_RR_TYPE_SRV, _A, _AAAA */
	enum query_role role;
	int srv_index;               /* QUERY_SRV: index into profile->srv */
	enum dns_stage stage;
	enum dns_result result;
	unsigned ms;
	bool via_tcp;                /* retried over TCP after a truncated UDP answer */
	bool local_failure;          /* not sent for want of a descriptor: SPEC §8's local failure */
	char detail[128];            /* e.g. "rcode NOTIMP", "ignored 2 answers with a wrong ID" */
	struct srv_record *srv;
	size_t n_srv;
	struct address *addr;        /* A/AAAA in the answer, and addresses from the additional section */
	size_t n_addr;
	char *raw;                   /* the answer in presentation format, for --verbose */
};

enum candidate_origin {
	ORIGIN_MANUAL_INTERNAL, ORIGIN_MANUAL_EXTERNAL, ORIGIN_SRV, ORIGIN_FALLBACK,
};

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
	size_t first_addr, n_addr;   /* a slice of result.addrs */
};

/* What one SIP REGISTER got (SPEC §6). */
struct sip_report {
	bool sent;
	bool answered;               /* a final response (>= 200) was parsed */
	struct sip_response response;
	char error[256];             /* why there is no answer: timeout, closed, malformed */
	unsigned ms;
	char *request, *raw;         /* the messages as sent and received, for --verbose */
};

/* One connection attempt: a candidate at one of its addresses (SPEC §6). */
struct attempt {
	int candidate;               /* index into result.candidates */
	char address[SD_ADDR_MAX];   /* "" when the host does not resolve */
	enum conn_outcome outcome;
	bool unresolved;             /* no address: the attempt fails with "does not resolve" */
	bool tcp_connected;          /* the TCP connection was made (a TLS failure came after it) */
	unsigned ms, ms_connect, ms_tls;
	char detail[256];
	bool has_tls;                /* the TLS handshake got far enough to fill tls */
	struct tls_report tls;
	struct sip_report *sip;      /* the chosen attempt's REGISTER, NULL otherwise */
};

/* "ok", "does-not-resolve", "refused", ... as in JSON. */
const char *attempt_outcome_name(const struct attempt *a);

enum fallback_state {
	FALLBACK_NOT_APPLICABLE,     /* manual configuration */
	FALLBACK_NOT_RUN,            /* SRV records exist */
	FALLBACK_RAN,                /* no SRV record at all */
	FALLBACK_RAN_ALWAYS,         /* the profile always runs it */
};

enum hint_kind {
	HINT_NAMING_REJECTED, HINT_TARGET_UNRESOLVED, HINT_DNS_ERROR, HINT_NO_SRV,
	HINT_NOTHING_FOUND, HINT_NO_SERVICE, HINT_AUTODISCOVER, HINT_TCP_SKIPPED,
	HINT_PROFILE_DIFFERS, HINT_CERT, HINT_CERT_EXPIRY, HINT_CONNECT, HINT_TLS_REFUSED_TCP_WORKS,
	HINT_NO_TCP_POLICY, HINT_SIP, HINT_REDIRECT, HINT_FALLBACK_UNUSED,
};

struct hint {
	enum hint_kind kind;
	char text[1024];
};

struct result {
	char input[1024];            /* the address as given */
	struct uri uri;
	const struct policy *policy;
	const struct profile *profile;
	char input_error[256];       /* non-empty: the address was rejected (SPEC §2) */

	struct query *queries;
	size_t n_queries;
	struct address *addrs;       /* per-candidate addresses, sliced by candidates */
	size_t n_addrs;
	struct candidate *candidates;
	size_t n_candidates;

	struct attempt *attempts;
	size_t n_attempts;
	int chosen;                  /* index of the attempt that succeeded, -1: none (or not connected) */
	struct attempt *alt_attempts; /* sipe: the default profile's own attempts, candidates as decide_default builds them (SPEC §4.4) */
	size_t n_alt_attempts;

	enum fallback_state fallback;
	bool dns_errors;             /* a DNS error was treated as "no record" */
	int server;                  /* index of the chosen candidate, -1: none */
	char compare[1024];           /* sipe: where the default profile would choose differently */
	enum sd_verdict status;
	char reason[1024];
	struct hint *hints;
	size_t n_hints;
	long long deadline_at;       /* clock_ms() by which --deadline ends the check; 0: none */
	char expired[160];           /* non-empty: the deadline expired during this stage (SPEC §3) */
	unsigned ms_dns, ms_total;
	unsigned client_estimate_ms; /* the sequential client's time to the same verdict */
};

/* Prepares r for one address under policy; frees nothing. */
void result_init(struct result *r, const char *input, const struct policy *policy);

/* Frees everything r owns. */
void result_free(struct result *r);

/* Appends a hint; returns false when memory ran out. */
bool result_hint(struct result *r, enum hint_kind kind, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Appends a query; NULL when memory ran out. */
struct query *result_add_query(struct result *r, const char *name, uint16_t type,
			       enum query_role role, enum dns_stage stage);

#endif
