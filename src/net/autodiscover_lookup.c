/* autodiscover_lookup.c — see autodiscover_lookup.h. */
#include "autodiscover_lookup.h"

#include "http.h"
#include "plan.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* One host's lookup: its own queries and a copy of the server reports, so that the thread
 * shares nothing with the run while it goes on. */
struct ad_lookup {
	char host[SD_QNAME_MAX];
	const struct dns_servers *dns;
	struct http_batch *batch;    /* woken when the lookup is done; NULL when run in place */
	bool keep_raw;
	unsigned timeout_ms;
	struct query *queries;
	size_t n_queries;
	struct dns_server_report reports[SD_DNS_MAX_SERVERS];
	size_t n_reports;
	enum sd_status st;
	pthread_t thread;
	bool running;                /* a thread was started and not joined */
	atomic_bool done;
};

static void *lookup_thread(void *arg)
{
	struct ad_lookup *l = arg;
	l->st = dns_stage_run(l->dns, l->queries, l->n_queries, STAGE_ADDRESS, l->reports, &l->n_reports,
			      l->timeout_ms, l->keep_raw);
	atomic_store(&l->done, true);
	if (l->batch)
		http_batch_wakeup(l->batch);
	return NULL;
}

/* Frees l (joined or never started) and whatever queries it still holds. */
static void lookup_free(struct ad_lookup *l)
{
	for (size_t i = 0; i < l->n_queries; i++)
		query_clear(&l->queries[i]);
	free(l->queries);
	free(l);
}

enum sd_status ad_lookups_start(struct ad_lookups *set, const struct result *r, const struct dns_servers *dns,
				struct http_batch *batch, const char *host, unsigned timeout_ms, bool keep_raw)
{
	struct ad_lookup *l = calloc(1, sizeof *l);
	if (!l)
		return SD_ERR_NOMEM;
	memcpy(l->reports, r->dns_servers, sizeof l->reports); /* the servers that answered first */
	l->n_reports = r->n_dns_servers;
	sd_copy(l->host, sizeof l->host, host);
	l->dns = dns;
	l->batch = batch;
	l->keep_raw = keep_raw;
	l->timeout_ms = timeout_ms;
	atomic_init(&l->done, false);
	struct ad_lookup **slot = SD_PUSH(set->l, set->n);
	if (!slot || plan_address_queries(&l->queries, &l->n_queries, r->policy->family, host, QUERY_AUTODISCOVER,
					  STAGE_ADDRESS, 0) != SD_OK) {
		if (slot)
			set->n--;
		lookup_free(l);
		return SD_ERR_NOMEM;
	}
	*slot = l;
	l->running = pthread_create(&l->thread, NULL, lookup_thread, l) == 0;
	if (!l->running) { /* slower, but the same answers */
		l->batch = NULL;
		lookup_thread(l);
	}
	return SD_OK;
}

bool ad_lookups_has(const struct ad_lookups *set, const char *host)
{
	for (size_t i = 0; i < set->n; i++)
		if (strcasecmp(set->l[i]->host, host) == 0)
			return true;
	return false;
}

/* Moves the queries of lookup l into r, in the order they were made. */
static enum sd_status merge(struct result *r, struct ad_lookup *l)
{
	for (size_t i = 0; i < l->n_queries; i++) {
		struct query *q = SD_PUSH(r->queries, r->n_queries);
		if (!q)
			return SD_ERR_NOMEM;
		*q = l->queries[i];
		memset(&l->queries[i], 0, sizeof l->queries[i]); /* now r's */
	}
	return l->st;
}

enum sd_status ad_lookups_take(struct ad_lookups *set, struct result *r, bool block, char *host, size_t n,
			       bool *got)
{
	*got = false;
	size_t i = 0;
	while (i < set->n && !block && !atomic_load(&set->l[i]->done))
		i++;
	if (i == set->n)
		return SD_OK;
	struct ad_lookup *l = set->l[i];
	if (l->running && pthread_join(l->thread, NULL) != 0)
		return SD_ERR_THREAD; /* cannot be joined: left running, never freed */
	l->running = false;
	memmove(&set->l[i], &set->l[i + 1], (set->n - i - 1) * sizeof *set->l);
	set->n--;
	*got = true;
	sd_copy(host, n, l->host);
	enum sd_status st = merge(r, l);
	lookup_free(l);
	return st;
}

void ad_lookups_free(struct ad_lookups *set)
{
	for (size_t i = 0; i < set->n; i++) {
		struct ad_lookup *l = set->l[i];
		if (l->running && pthread_join(l->thread, NULL) != 0)
			continue; /* still running: its memory stays */
		lookup_free(l);
	}
	free(set->l);
	set->l = NULL;
	set->n = 0;
}
