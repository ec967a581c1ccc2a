/* profile.h — the discovery order of each client generation (SPEC §4.4), as data. */
#ifndef PROFILE_H
#define PROFILE_H

#include "sd.h"

#define PROFILE_SRV_MAX 6
#define PROFILE_HOSTS_MAX 8
#define PROFILE_AUTODISCOVER_MAX 2

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
	FALLBACK_ALWAYS,             /* after the SRV names, whatever they held */
};

struct profile {
	const char *name;
	const char *summary;
	struct profile_srv srv[PROFILE_SRV_MAX];
	size_t n_srv;
	enum profile_srv_use srv_use;
	struct profile_host fallback[PROFILE_HOSTS_MAX];
	size_t n_fallback;
	enum profile_fallback fallback_when;
	bool naming_rule;            /* false: the client applies no naming rule */
	const char *autodiscover[PROFILE_AUTODISCOVER_MAX]; /* host labels resolved before SRV */
	const char *not_queried;     /* a one-line note on a name this client never asks for */
	const char *client;          /* the client's name in the trace: "pidgin-sipe" */
	bool compare_with_default;   /* say where the default profile would choose differently */
};

/* The profile called name, or NULL. */
const struct profile *profile_find(const char *name);

/* The default profile (ocs2007r2). */
const struct profile *profile_default(void);

/* Index into prof->srv of the SRV name qname ("<prefix>.<domain>"), or -1 if prof never asks for it. */
int profile_srv_index(const struct profile *prof, const char *qname);

/* "<label>.<domain>", or the domain itself for a NULL label; false when it does not fit in n. */
bool profile_host_name(const struct profile_host *h, const char *domain, char *buf, size_t n);

/* The i-th profile, NULL past the last: for --help and completions. */
const struct profile *profile_at(size_t i);

/*
 * "ocs2007r2 (default), lync2010, sipe": every profile of the table, in its
 * order, for --help and the usage error; false when it does not fit in n.
 */
bool profile_list(char *buf, size_t n);

#endif
