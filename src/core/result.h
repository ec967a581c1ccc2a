/* result.h — everything that happened for one address; every output is a view over it. */
#ifndef RESULT_H
#define RESULT_H

#include "dns_query.h"
#include "hint_fix.h"
#include "policy.h"
#include "result_attempt.h"
#include "result_autodiscover.h"
#include "result_candidate.h"
#include "result_federation.h"
#include "result_redirect.h"
#include "result_kerberos.h"
#include "uri.h"

/* Whether the host-record fallback runs (SPEC §4.3), as plan_fallback decides it in the address stage. */
enum fallback_state {
	FALLBACK_UNDECIDED,          /* not decided: the check ended before the address stage (no DNS
					server answered, or the deadline expired) */
	FALLBACK_NOT_APPLICABLE,     /* manual configuration: no discovery at all */
	FALLBACK_NOT_RUN,            /* SRV records exist */
	FALLBACK_RAN,                /* no SRV record at all */
	FALLBACK_RAN_ALWAYS,         /* the profile always runs it */
};

/* "not-decided", "not-applicable", "not-run-srv-records-exist", ... as in JSON's "fallback". */
const char *fallback_state_name(enum fallback_state f);

enum hint_kind {
	HINT_NAMING_REJECTED, HINT_TARGET_UNRESOLVED, HINT_DNS_ERROR, HINT_NO_SRV,
	HINT_NOTHING_FOUND, HINT_NO_SERVICE, HINT_AUTODISCOVER, HINT_TCP_SKIPPED,
	HINT_PROFILE_DIFFERS, HINT_CERT, HINT_CERT_EXPIRY, HINT_CONNECT, HINT_TLS_REFUSED_TCP_WORKS,
	HINT_NO_TCP_POLICY, HINT_SIP, HINT_REDIRECT, HINT_FALLBACK_UNUSED,
	HINT_AUTODISCOVER_SECURITY,
	HINT_FEDERATION,
	HINT_PROMPT,
	HINT_PRIVATE_ADDRESS,        /* SPEC §7.2: an Internet-facing name with a private address */
	HINT_VIEW_MISSING,           /* SPEC §7.2: one view lacks a record the other has */
	HINT_VIEW_INTERNAL_LEAK,     /* SPEC §7.2: an internal-only record published to the other view */
	HINT_VIEW_SERVER_DIFFERS,    /* SPEC §7.2: the same name leads to different servers */
	HINT_KERBEROS,
};

/* SPEC §5.1, §6: what stops the client until the user answers. */
enum prompt_kind {
	PROMPT_NONE,
	PROMPT_TRUST,                /* Lync 2010+: the server is outside every trusted domain */
	PROMPT_CERTIFICATE,          /* pidgin-sipe: "Accept certificate for HOST?" */
};

/* "none", "trust", "certificate" as in JSON. */
const char *prompt_kind_name(enum prompt_kind k);

/* Where the client stops on a prompt (decided once, by prompt_decide): everything after it is
 * only what happens if the user rejects it (the if_rejected flags of candidates, attempts and
 * autodiscover entries). */
struct prompt {
	enum prompt_kind kind;
	int candidate;               /* the prompted SIP server; -1: on an autodiscover URL */
	int attempt;                 /* the attempt where the client stops; -1: none made */
	int ad_url;                  /* the prompted autodiscover entry; -1: on a SIP server */
	char host[SD_QNAME_MAX];
	char why[160];               /* "outside every trusted domain", "expired, name-mismatch" */
};

/*
 * SPEC §4.4: what the default profile decides on the same answers, for a profile that
 * compares with it (sipe). Decided once, by decide_candidates; the probe tries its
 * candidates, the verdict compares, the views show its attempts.
 */
struct alt_decision {
	const struct profile *profile; /* the default profile; NULL: no comparison (the profile does
					  not compare, or the configuration is manual) */
	enum fallback_state fallback;
	struct candidate *candidates;  /* in the order the default profile's client tries them */
	size_t n_candidates;
	struct address *addrs;         /* sliced by candidates */
	size_t n_addrs;
};

/* Where a grouped hint's template (result_hint_about) names the servers it concerns. */
#define HINT_SERVERS "\001"

struct hint {
	enum hint_kind kind;
	char text[1024];
	/* SPEC §7, one hint per fact: the cause (with kind: what was observed and the thing to
	 * change); hints of one kind and cause are one, naming every server. "": stands alone. */
	char cause[512];
	char tmpl[1024];             /* text with HINT_SERVERS where the servers go */
	char servers[640];           /* the servers it concerns, each once, "\n"-separated */
	size_t n_servers;
	struct hint_fix fix;         /* SPEC §7.1: filled by fix_attach (fix.h) after the verdict */
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
	struct federation federation; /* SPEC §5.2, beside the sign-in: never one of its candidates */
	struct alt_decision alt;     /* sipe: the default profile's candidates (SPEC §4.4) */
	struct attempt *alt_attempts; /* sipe: the default profile's own attempts, indexing alt.candidates */
	size_t n_alt_attempts;

	enum fallback_state fallback;
	bool dns_errors;             /* a DNS error was treated as "no record" */
	int server;                  /* the server: index of the candidate the client signs in to, -1:
					none; the attempt that connected to it is result_chosen's */
	struct prompt prompt;        /* SPEC §5.1, §6: where the client stops, if it does */
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
	bool expired;                /* the deadline expired (SPEC §3): the check stopped, see result_expire */
	char expired_during[160];    /* the stage it expired in, for the reason: "the address stage" */
	unsigned ms_dns, ms_total;
	unsigned client_estimate_ms; /* the sequential client's time to the same verdict */
	/* SPEC §6: the chosen attempt's REGISTER redirected (301/302) to a home pool, followed. */
	struct redirect_hop *redirects;
	size_t n_redirects;
	struct views *views;         /* SPEC §7.2: --compare-dns's second view and the differences; NULL: none */
	struct krb_report krb;       /* SPEC §9: --kerberos */
};

/* SPEC §7.2: one query whose answer differs between the two views. */
struct view_diff {
	char name[SD_QNAME_MAX];
	uint16_t type;
	char first[512];             /* the answer of the first view: "answer 10.0.0.5", "nxdomain", ... */
	char second[512];            /* the same for the second view */
};

/* SPEC §7.2: the second view (--compare-dns) beside r, and what differs. */
struct views {
	struct policy policy;        /* the second view's: the first's, DNS only (policy.view_only) */
	struct result other;         /* the second view: DNS only, the --no-connect verdict */
	struct view_diff *diffs;
	size_t n_diffs;
	char names[2][SD_DNS_MAX_SERVERS * 82]; /* each view's DNS servers, "127.0.0.1#53, ..." */
	enum sd_verdict first_status; /* the first view's own verdict, before the worse of the two */
	char first_reason[1024];
};

/* Prepares r for one address under policy, stamped with the current time; frees nothing. */
void result_init(struct result *r, const char *input, const struct policy *policy);

/* Frees everything r owns. */
void result_free(struct result *r);

/*
 * Appends a hint (printf-style text, cut to the size of a hint; a text already
 * given is not repeated). SD_ERR_NOMEM when memory ran out: the hint is then missing.
 */
enum sd_status result_hint(struct result *r, enum hint_kind kind, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * SPEC §7, one hint per fact: a hint about server (a "host:port" or a URL) whose cause —
 * what was observed and the thing to change, as one string — is cause. The printf-style
 * text puts HINT_SERVERS (as a %s argument) where the servers go. A hint of the same kind and
 * cause already given is not repeated: server is added to it ("a, b and c"). The text must
 * read right for one server and for several. SD_ERR_NOMEM as result_hint.
 */
enum sd_status result_hint_about(struct result *r, enum hint_kind kind, const char *cause, const char *server,
				 const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/*
 * SPEC §3: the deadline expired during the stage the printf-style text names ("the
 * connection stage (attempt 2 of 3)"): sets r->expired and r->expired_during.
 */
void result_expire(struct result *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Appends a query; NULL when memory ran out. */
struct query *result_add_query(struct result *r, const char *name, uint16_t type,
			       enum query_role role, enum dns_stage stage);

/*
 * Index of the attempt that connected, -1: none (not connected, or every attempt failed).
 * The client stops at its first success (SPEC §6), so only the last attempt can be it.
 */
int result_chosen(const struct result *r);

/* Whether an SRV query got a DNS error (SPEC §4.3: then "no record" may be wrong: the client cannot tell). */
bool result_srv_query_error(const struct result *r);

enum server_outcome {
	SERVER_NOT_TRIED,            /* no attempt was made to that server */
	SERVER_CONNECTED,            /* an attempt connected */
	SERVER_FAILED,               /* every attempt failed */
};

/*
 * How the run's attempts to c's server (candidate_same_server) went, r's own and the
 * default profile's alike: the two profiles share what a server did (SPEC §4.4).
 * *last (when last is not NULL) becomes the last failed attempt, if any.
 */
enum server_outcome result_server_outcome(const struct result *r, const struct candidate *c,
					  const struct attempt **last);

/*
 * SPEC §4.6: true when a stage-1 query went unanswered and no server sent any
 * response, not even to its liveness probe; reason (if not NULL) then reads "no
 * DNS server answered: 127.0.0.1#53 timeout, ...".
 */
bool dns_no_server_answered(const struct result *r, char *reason, size_t n);

/*
 * SPEC §4.6: true when every query of the first stage ended REFUSED (each server was asked
 * and refused): the servers will not resolve for this machine, and nothing is known about
 * the domain. reason (if not NULL) then reads "the DNS server refuses to resolve for this
 * machine: 127.0.0.1#53 answered REFUSED to every query; nothing is known about contoso.com".
 */
bool dns_every_server_refused(const struct result *r, char *reason, size_t n);

#endif
