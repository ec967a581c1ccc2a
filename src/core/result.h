/* result.h — everything that happened for one address; every output is a view over it. */
#ifndef RESULT_H
#define RESULT_H

#include "conn_report.h"
#include "dns_query.h"
#include "naming.h"
#include "policy.h"
#include "sip.h"
#include "uri.h"


enum candidate_origin {
	ORIGIN_MANUAL_INTERNAL, ORIGIN_MANUAL_EXTERNAL, ORIGIN_SRV, ORIGIN_FALLBACK,
	ORIGIN_AUTODISCOVER,         /* a server named by an autodiscover User document (SPEC §4.7) */
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

/* "not-applicable", "not-run-srv-records-exist", ... as in JSON's "fallback". */
const char *fallback_state_name(enum fallback_state f);

enum hint_kind {
	HINT_NAMING_REJECTED, HINT_TARGET_UNRESOLVED, HINT_DNS_ERROR, HINT_NO_SRV,
	HINT_NOTHING_FOUND, HINT_NO_SERVICE, HINT_AUTODISCOVER, HINT_TCP_SKIPPED,
	HINT_PROFILE_DIFFERS, HINT_CERT, HINT_CERT_EXPIRY, HINT_CONNECT, HINT_TLS_REFUSED_TCP_WORKS,
	HINT_NO_TCP_POLICY, HINT_SIP, HINT_REDIRECT, HINT_FALLBACK_UNUSED,
	HINT_AUTODISCOVER_SECURITY,
};

/* SPEC §4.7: how one autodiscover URL ended, in JSON's spelling (ad_outcome_name). */
enum ad_outcome {
	AD_USABLE, AD_DOES_NOT_RESOLVE, AD_REFUSED, AD_TIMEOUT, AD_TLS_ERROR, AD_HTTP_STATUS,
	AD_CONTENT_TYPE, AD_NOT_AUTODISCOVER, AD_UNAUTHORIZED, AD_REDIRECT_NOT_FOLLOWED, AD_LINK_LOOP,
};

const char *ad_outcome_name(enum ad_outcome o);

/*
 * What the client does with the certificate of an https autodiscover URL (SPEC §4.7): the
 * output of autodiscover_cert_action's table over the failure classes of SPEC §6.
 */
enum ad_cert_action {
	AD_CERT_NONE,                /* http://, or no TLS report */
	AD_CERT_ACCEPTED,            /* no failure class */
	AD_CERT_WARNING,             /* lync2013: a certificate warning; at least WARNING */
	AD_CERT_PROMPT,              /* sipe: stops on a certificate prompt; at least WARNING */
	AD_CERT_REJECTED,            /* the URL failed, nothing shown to the user */
};

/* "none", "accepted", "warning", "prompt", "rejected". */
const char *ad_cert_action_name(enum ad_cert_action c);

#define AD_URL_SIZE 2048

/* A link of an autodiscover document along one URL's chain, and where following it led. */
struct ad_link_seen {
	char token[64];
	char href[AD_URL_SIZE];
	bool followed;
	unsigned level;              /* 0: in the document of the URL itself; 1: one link down ... */
	enum ad_outcome led_to;      /* followed links: how that fetch ended */
	long status;
};

/* A web-server redirect (3xx) the client followed (lync2013). */
struct ad_redirect {
	long status;
	char location[AD_URL_SIZE];
};

struct ad_server {
	char fqdn[254];
	unsigned port;
	int kind;                    /* enum ad_access_kind of autodiscover_doc.h */
	bool used;                   /* a SIP candidate: a client access kept after AccessLocation */
};

/* One autodiscover URL the client requests (SPEC §4.7), followed to its end. */
struct ad_url {
	char url[AD_URL_SIZE];       /* as the client first requests it */
	char host[SD_QNAME_MAX];
	bool https;
	unsigned group;              /* the profile's group: URLs of one group go out together */
	char address[SD_ADDR_MAX];   /* "" when the name does not resolve */
	enum ad_outcome outcome;
	long status;                 /* of the last response along the chain, 0: none */
	char content_type[128];
	char final_url[AD_URL_SIZE]; /* the last URL requested along links and redirects */
	char detail[256];            /* one line saying why the URL failed */
	bool via_user_link;          /* the last request came through a User link */
	bool has_tls;
	struct tls_report tls;       /* of the last https request along the chain */
	struct ad_link_seen *links;
	size_t n_links;
	struct ad_redirect redirects[5];
	size_t n_redirects;
	struct ad_server servers[4];
	size_t n_servers;
	bool external_only;          /* AccessLocation="External" */
	char schemes[8][32];         /* WWW-Authenticate schemes of a 401 */
	size_t n_schemes;
	char webticket_url[AD_URL_SIZE];
	bool needed;                 /* false: an earlier URL already answered for the client */
	bool winner;                 /* the first usable answer in the client's order */
	unsigned ms;                 /* the whole chain */
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
	struct dns_server_report dns_servers[SD_DNS_MAX_SERVERS]; /* stage 1, one per server asked */
	size_t n_dns_servers;
	struct address *addrs;       /* per-candidate addresses, sliced by candidates */
	size_t n_addrs;
	struct candidate *candidates;
	size_t n_candidates;

	struct ad_url *autodiscover; /* SPEC §4.7: stage 0, in the client's URL order */
	size_t n_autodiscover;
	bool ad_ran;                 /* the stage made requests (not --no-connect, the profile has it) */
	unsigned ms_autodiscover;

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
	/* SPEC §8: what the chosen certificate's days to expiry made the state, decided once by the
	 * verdict: WARNING (fewer than --warning-days left), CRITICAL (fewer than --critical-days),
	 * OK when expiry is no cause (enough days, no certificate, no verdict). */
	enum sd_verdict cert_expiry;
	char reason[1024];
	struct hint *hints;
	size_t n_hints;
	long long started;           /* wall-clock start of the check, seconds since the epoch (JSON "time") */
	long long deadline_at;       /* clock_ms() by which --deadline ends the check; 0: none */
	char expired[160];           /* non-empty: the deadline expired during this stage (SPEC §3) */
	unsigned ms_dns, ms_total;
	unsigned client_estimate_ms; /* the sequential client's time to the same verdict */
};

/* Prepares r for one address under policy, stamped with the current time; frees nothing. */
void result_init(struct result *r, const char *input, const struct policy *policy);

/* Frees everything r owns. */
void result_free(struct result *r);

/*
 * Appends a hint (printf-style text, cut to the size of a hint; a text already
 * given is not repeated). False only when memory ran out: the hint is then
 * missing, and a caller that must not lose it returns SD_ERR_NOMEM.
 */
bool result_hint(struct result *r, enum hint_kind kind, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Appends a query; NULL when memory ran out. */
struct query *result_add_query(struct result *r, const char *name, uint16_t type,
			       enum query_role role, enum dns_stage stage);

/*
 * SPEC §4.6: true when a stage-1 query went unanswered and no server sent any
 * response, not even to its liveness probe; reason (if not NULL) then reads "no
 * DNS server answered: 127.0.0.1#53 timeout, ...".
 */
bool dns_no_server_answered(const struct result *r, char *reason, size_t n);

#endif
