/* autodiscover_lookup.h — the A/AAAA lookups of autodiscover link hosts (SPEC §4.7): each
 * host in a thread of its own, on a query list of its own, so that the requests in flight
 * and the other hosts' lookups go on meanwhile; its queries join the run's result once it
 * is taken back. */
#ifndef AUTODISCOVER_LOOKUP_H
#define AUTODISCOVER_LOOKUP_H

#include "dns.h"
#include "result.h"

/* Descriptors one lookup holds at most: its A and AAAA query, a socket each. */
#define AD_LOOKUP_FDS 2

struct http_batch;
struct ad_lookup;

/* The lookups of one autodiscover stage that have not been taken back. */
struct ad_lookups {
	struct ad_lookup **l;
	size_t n;
};

/*
 * Starts host's lookup (queries of role QUERY_AUTODISCOVER, stage STAGE_ADDRESS, the
 * families r's policy allows), each query waiting at most timeout_ms and asking dns's
 * servers in the order r's server reports give; batch is woken when it is done. When no
 * thread can be made it runs here, before this returns. SD_ERR_NOMEM when memory ran out.
 */
enum sd_status ad_lookups_start(struct ad_lookups *set, const struct result *r, const struct dns_servers *dns,
				struct http_batch *batch, const char *host, unsigned timeout_ms, bool keep_raw);

/* Whether host's lookup is in set (running, or done and not taken back). */
bool ad_lookups_has(const struct ad_lookups *set, const char *host);

/*
 * Takes back one lookup of set that is done, or with block the first one, waiting for it:
 * its queries are appended to r in the order they were made and its host copied into host
 * (n bytes); *got says whether there was one. SD_ERR_THREAD when its thread cannot be
 * joined (it then stays in set), SD_ERR_NOMEM, or the status of the lookup itself.
 */
enum sd_status ad_lookups_take(struct ad_lookups *set, struct result *r, bool block, char *host, size_t n,
			       bool *got);

/* Waits for and frees every lookup of set; one whose thread cannot be joined is left
 * allocated, since the thread may still use it. */
void ad_lookups_free(struct ad_lookups *set);

#endif
