/* profile.h — the discovery order of each client generation (SPEC §4.4), as data. */
#ifndef PROFILE_H
#define PROFILE_H

#include "naming.h"
#include "sd.h"

#define PROFILE_SRV_MAX 6
#define PROFILE_HOSTS_MAX 8
#define PROFILE_AUTODISCOVER_MAX 2
#define PROFILE_AD_URLS_MAX 4

/* One SRV name the client queries: "<prefix>.<domain>". */
struct profile_srv {
	const char *prefix;          /* "_sipinternaltls._tcp" */
	enum sd_transport transport;
	int rank;                    /* attempt order across names: lower is tried first */
};

/* One host-record fallback attempt: "<label>.<domain>", or the domain itself. */
struct profile_host {
	const char *label;           /* NULL: the sign-in domain itself */
	enum sd_transport transport;
	uint16_t port;
	bool only_if_resolves;       /* no attempt at all (not a failed one) when it does not resolve */
};

enum profile_srv_use {
	SRV_ALL_RECORDS,             /* every target of every name, by rank, then priority/weight */
	SRV_FIRST_RECORD_PER_NAME,   /* names in order, only each name's lowest-priority record */
};

enum profile_fallback {
	FALLBACK_WHEN_NO_SRV,        /* SPEC §4.3: only when no SRV record exists at all */
	FALLBACK_ALWAYS,             /* whatever the SRV names held: its candidates come after the SRV
					targets, so the client tries them once those all failed (SPEC §4.4) */
};

/* One autodiscover URL of SPEC §4.7: "<scheme>://<autodiscover[name]>.<domain>/?sipuri=...". */
struct profile_ad_url {
	unsigned name;               /* index into profile.autodiscover */
	bool https;
	unsigned group;              /* URLs of one group are fetched together by the client (sipe's
					  lockstep pairs); groups run one after the other */
};

/* What the client does when the certificate of an https autodiscover URL fails (SPEC §4.7). */
enum profile_ad_tls {
	AD_TLS_NONE,                 /* the profile has no autodiscover */
	AD_TLS_PROMPT,               /* sipe: some failure classes stop on a prompt (at least WARNING),
					  others fail the URL: autodiscover_decide.c's class table */
	AD_TLS_WARNING,              /* lync2013: a certificate warning, at least WARNING */
};

/* What the client does on a 401 to its first URL, not reached through a User link (SPEC §4.7). */
enum profile_ad_401 {
	AD_401_NONE,
	AD_401_PASSWORD,             /* sipe: retries with the account's password (Basic, NTLM or
					  Negotiate; Basic in clear over http://) */
	AD_401_WINDOWS,              /* lync2013: the user's Windows credentials */
};

/* The autodiscover columns of SPEC §4.7 for one profile; n_urls 0: no autodiscover stage. */
struct profile_ad {
	struct profile_ad_url urls[PROFILE_AD_URLS_MAX]; /* in the client's order */
	size_t n_urls;
	int max_redirects;           /* web-server 3xx followed per URL; 0: a 3xx fails the URL */
	enum profile_ad_tls tls;
	enum profile_ad_401 first_401;
	const char *client_401;      /* what the client does on that 401, for the trace */
	const char *packaged_note;   /* said when a usable answer changes the server, or NULL */
};

#define PROFILE_ALIASES_MAX 4

struct profile {
	const char *name;
	const char *summary;
	struct profile_srv srv[PROFILE_SRV_MAX];
	size_t n_srv;
	enum profile_srv_use srv_use;
	struct profile_host fallback[PROFILE_HOSTS_MAX];
	size_t n_fallback;
	enum profile_fallback fallback_when;
	enum naming_model naming;    /* SPEC §4.4's naming column: §5's rule, the trust model (§5.1), none */
	const char *autodiscover[PROFILE_AUTODISCOVER_MAX]; /* host labels resolved before SRV */
	struct profile_ad ad;        /* SPEC §4.7: how the client asks those names */
	const char *not_queried;     /* a one-line note on a name this client never asks for */
	const char *client;          /* the client's name in the trace: "pidgin-sipe" */
	const char *clients;         /* the products it stands for, for the unknown-profile message */
	const char *aliases[PROFILE_ALIASES_MAX]; /* other names --profile takes for this row */
	bool compare_with_default;   /* say where the default profile would choose differently */
};

/* The profile called name, by its name or one of its aliases ("skype" is lync2013), or NULL. */
const struct profile *profile_find(const char *name);

/* SPEC §6's SHA-1 row of p's client: " silently" (pidgin-sipe's NSS) or " from an enterprise CA, as
 * Windows' CryptoAPI does", to follow "<client> accepts it". */
const char *profile_sha1_acceptance(const struct profile *p);

/* The default profile (ocs2007r2). */
const struct profile *profile_default(void);

/* Index into prof->srv of the SRV name qname ("<prefix>.<domain>"), or -1 if prof never asks for it. */
int profile_srv_index(const struct profile *prof, const char *qname);

/* "<label>.<domain>", or the domain itself for a NULL label; false when it does not fit in n. */
bool profile_host_name(const struct profile_host *h, const char *domain, char *buf, size_t n);

/*
 * "ocs2007r2 (default), lync2010, sipe": every profile of the table, in its
 * order, for --help and the usage error; false when it does not fit in n.
 */
bool profile_list(char *buf, size_t n);

/*
 * "skype, sfb, lync2015 are lync2013": every alias of the table with the
 * profile it names, for --help ("" when there is none); false when it does not fit.
 */
bool profile_alias_list(char *buf, size_t n);

/*
 * "ocs2007r2 = Office Communicator 2007 R2, the default; ...; lync2013 = Lync 2013
 * and Skype for Business 2015/2016/2019, also skype, sfb, lync2015": which client
 * each name is, for the unknown-profile message; false when it does not fit.
 */
bool profile_describe(char *buf, size_t n);

#endif
