/* autodiscover.c — stage 0 (SPEC §4.7): the requests of every URL at once, their links as
 * soon as the parent answered, certificates through tls.c. Classification lives here too,
 * because it needs the raw response; the client's choices are autodiscover_decide.c's. */
#include "autodiscover.h"

#include "autodiscover_decide.h"
#include "autodiscover_doc.h"
#include "clock.h"
#include "deadline.h"
#include "http.h"
#include "tls.h"

#include <ldns/ldns.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define AD_MAX_LINKS_FOLLOWED 10 /* SPEC §4.7: per URL */
#define AD_MEDIA_TYPE "application/vnd.microsoft.rtc.autodiscover+xml"

/* One request in flight: the URL it belongs to and what its TLS session showed. */
struct ad_job {
	size_t url;
	char request[AD_URL_SIZE];   /* the URL this job asked for, before any 3xx */
	unsigned level;              /* links followed to get here */
	bool via_user;               /* reached through a User link */
	const struct tls_trust *trust;
	bool capped;                 /* its timeout is what was left of --deadline */
	bool has_tls;
	enum conn_outcome tls_outcome;
	char tls_detail[256];
	struct tls_report tls;
	struct http_response resp;
};

/* A followed link whose host needs a DNS lookup first. */
struct ad_wait {
	size_t url;
	size_t link;                 /* index in the URL's links */
	char host[SD_QNAME_MAX];
	unsigned level;
	bool user;
	const struct tls_trust *trust;
};

/* The A/AAAA lookup of one link host, in a thread of its own on a result of its own, so that
 * the requests in flight and the other link hosts' lookups go on meanwhile; its queries join
 * the run's result (main thread) once it is joined. */
struct ad_lookup {
	char host[SD_QNAME_MAX];
	const struct dns_servers *dns;
	struct http_batch *batch;    /* woken when the lookup is done */
	bool keep_raw;
	unsigned timeout;
	struct result own;
	enum sd_status st;
	pthread_t thread;
	bool running;                /* a thread was started and not joined */
	atomic_bool done;
};

struct ad_ctx {
	struct result *r;
	const struct dns_servers *dns;
	bool keep_raw;
	bool expired;                /* --deadline ended a request or a lookup */
	struct http_batch *batch;
	struct ad_job **jobs;        /* by batch id */
	size_t n_jobs;
	struct ad_wait *waits;       /* links waiting for their lookups */
	size_t n_waits;
	struct ad_lookup **lookups;  /* those not yet joined */
	size_t n_lookups;
};

/* The verify callback of http.h: the same validation and report as a SIP attempt. */
static int verify(void *session, const char *host, void *ctx)
{
	struct ad_job *j = ctx;
	j->has_tls = true;
	j->tls_outcome = tls_check_session(session, host, j->trust, (long long)time(NULL), &j->tls, j->tls_detail,
					   sizeof j->tls_detail);
	return j->tls_outcome != CONN_OK;
}

/* The host of an http(s) URL into host (brackets of an IPv6 literal removed); false when it has none. */
static bool url_host(const char *url, char *host, size_t n, bool *https)
{
	const char *p;
	if (strncasecmp(url, "https://", 8) == 0)
		p = url + 8, *https = true;
	else if (strncasecmp(url, "http://", 7) == 0)
		p = url + 7, *https = false;
	else
		return false;
	const char *at = strpbrk(p, "@/?#");
	if (at && *at == '@')
		p = at + 1;
	size_t len = *p == '[' ? strcspn(p + 1, "]") : strcspn(p, ":/?#");
	if (*p == '[')
		p++;
	if (len == 0 || len >= n)
		return false;
	memcpy(host, p, len);
	host[len] = '\0';
	return true;
}

/* The first stage-1 address of host (role QUERY_AUTODISCOVER), or NULL. */
static const char *known_address(const struct result *r, const char *host)
{
	for (size_t i = 0; i < r->n_queries; i++) {
		const struct query *q = &r->queries[i];
		if (q->role == QUERY_AUTODISCOVER && strcasecmp(q->name, host) == 0 && q->n_addr > 0)
			return q->addr[0].text;
	}
	return NULL;
}

/* URL a did not get its answer because --deadline ran out (SPEC §3): a timeout, saying so. */
static void ended_by_deadline(struct ad_ctx *c, struct ad_url *a, bool in_flight)
{
	c->expired = true;
	a->outcome = AD_TIMEOUT;
	sd_copy(a->detail, sizeof a->detail,
		in_flight ? "ended by --deadline: no answer before it expired" : "not requested: --deadline had expired");
}

/* Whether host was asked already in this run as an autodiscover name (answered or not). */
static bool asked_already(const struct result *r, const char *host)
{
	for (size_t i = 0; i < r->n_queries; i++)
		if (r->queries[i].role == QUERY_AUTODISCOVER && strcasecmp(r->queries[i].name, host) == 0)
			return true;
	return false;
}

/* Queues the A/AAAA lookups of a link's host (role QUERY_AUTODISCOVER, in the address
 * stage's slot so that stage 1's server probes and reports are not redone). */
static enum sd_status queue_lookup(struct result *r, const char *host)
{
	if (r->policy->family != FAMILY_V6
	    && !result_add_query(r, host, DNS_TYPE_A, QUERY_AUTODISCOVER, STAGE_ADDRESS))
		return SD_ERR_NOMEM;
	if (r->policy->family != FAMILY_V4
	    && !result_add_query(r, host, DNS_TYPE_AAAA, QUERY_AUTODISCOVER, STAGE_ADDRESS))
		return SD_ERR_NOMEM;
	return SD_OK;
}

/* Starts one request of URL u (level links down); the address is pinned, so curl never resolves it. */
static enum sd_status start(struct ad_ctx *c, size_t u, const char *url, const char *addr, unsigned level,
			    bool via_user, const struct tls_trust *trust)
{
	unsigned timeout = deadline_step_ms(c->r);
	if (timeout == 0) {
		ended_by_deadline(c, &c->r->autodiscover[u], false);
		return SD_OK;
	}
	struct ad_job *j = calloc(1, sizeof *j);
	if (!j)
		return SD_ERR_NOMEM;
	*j = (struct ad_job){ .url = u, .level = level, .via_user = via_user, .trust = trust,
			      .capped = timeout < c->r->policy->timeout_ms };
	sd_copy(j->request, sizeof j->request, url);
	struct http_request req = {
		.url = url, .pin_addr = addr, .accept = HTTP_ACCEPT_AUTODISCOVER, .timeout_ms = timeout,
		.max_redirects = c->r->profile->ad.max_redirects, .verify = verify, .verify_ctx = j,
	};
	struct ad_job **slot = SD_PUSH(c->jobs, c->n_jobs);
	if (!slot) {
		free(j);
		return SD_ERR_NOMEM;
	}
	*slot = j;
	if (http_batch_add(c->batch, &req, &j->resp) < 0) {
		/* not started: reported as its own failure when the batch is drained */
		struct ad_url *a = &c->r->autodiscover[u];
		a->outcome = AD_REFUSED;
		snprintf(a->detail, sizeof a->detail, "request not made: %.200s", j->resp.error);
		c->jobs[--c->n_jobs] = NULL;
		free(j);
	}
	return SD_OK;
}

/* loc, a Location header answered to base, as the URL the client requests next: an absolute
 * path gets base's scheme and authority, anything else is kept as sent. */
static void absolute_location(const char *base, const char *loc, char *out, size_t n)
{
	const char *p = strstr(base, "://");
	if (loc[0] == '/' && loc[1] != '/' && p) {
		int auth = (int)((size_t)(p + 3 - base) + strcspn(p + 3, "/?#"));
		snprintf(out, n, "%.*s%s", auth, base, loc);
	} else
		sd_copy(out, n, loc);
}

/* How the last request of a chain ended, from the response alone (SPEC §4.7's failures). */
static enum ad_outcome classify_transport(const struct ad_job *j, struct ad_url *a)
{
	const struct http_response *h = &j->resp;
	switch (h->result) {
	case HTTP_OK:
	case HTTP_TOO_LARGE:
		return AD_USABLE;
	case HTTP_REFUSED:
	case HTTP_ERROR:
		return AD_REFUSED;
	case HTTP_TIMEOUT:
		return AD_TIMEOUT;
	case HTTP_TLS_ERROR:
	case HTTP_TLS_REFUSED:
		return AD_TLS_ERROR;
	case HTTP_TOO_MANY_REDIRECTS:
		snprintf(a->detail, sizeof a->detail, "too many web-server redirects (%zu followed)", j->resp.n_hops);
		return AD_HTTP_STATUS;
	case HTTP_NO_RESOLVE:
		return AD_DOES_NOT_RESOLVE;
	}
	return AD_REFUSED;
}

/* Copies what the response carried into the URL's entry: status, content type, TLS session, redirects. */
static void note_response(const struct ad_job *j, struct ad_url *a)
{
	const struct http_response *h = &j->resp;
	a->status = h->status;
	sd_copy(a->content_type, sizeof a->content_type, h->content_type);
	a->has_tls = j->has_tls;
	if (j->has_tls)
		a->tls = j->tls;
	const char *base = j->request;
	for (size_t i = 0; i < h->n_hops && a->n_redirects < sizeof a->redirects / sizeof a->redirects[0]; i++) {
		struct ad_redirect *d = &a->redirects[a->n_redirects++];
		d->status = h->hops[i].status;
		absolute_location(base, h->hops[i].location, d->location, sizeof d->location);
		base = d->location;
	}
}

/* The outcome of a 200 answer: an autodiscover document (parsed into doc) or why it is none. */
static enum ad_outcome classify_document(const struct http_response *h, struct ad_url *a, struct ad_doc *doc)
{
	if (strncasecmp(h->content_type, AD_MEDIA_TYPE, strlen(AD_MEDIA_TYPE)) != 0)
		return AD_CONTENT_TYPE;
	if (h->result == HTTP_TOO_LARGE) {
		snprintf(a->detail, sizeof a->detail, "the document is larger than %u bytes", HTTP_MAX_BODY);
		return AD_NOT_AUTODISCOVER;
	}
	enum ad_doc_kind k = ad_doc_parse(h->body ? (const void *)h->body : "", h->body_len, doc);
	if (k != AD_DOC_ROOT && k != AD_DOC_USER) {
		snprintf(a->detail, sizeof a->detail, "%s: %s", ad_doc_kind_name(k), doc->why);
		return AD_NOT_AUTODISCOVER;
	}
	return AD_USABLE;
}

/* Copies what the response says into the URL's entry and returns its outcome before any link. */
static enum ad_outcome classify(const struct ad_job *j, struct ad_url *a, struct ad_doc *doc)
{
	const struct http_response *h = &j->resp;
	note_response(j, a);
	enum ad_outcome o = classify_transport(j, a);
	if (o != AD_USABLE) {
		if (!a->detail[0])
			sd_copy(a->detail, sizeof a->detail, j->has_tls && j->tls_outcome != CONN_OK ? j->tls_detail : h->error);
		return o;
	}
	if (h->status >= 300 && h->status < 400) {
		snprintf(a->detail, sizeof a->detail, "%ld to %.200s", h->status, h->location);
		return AD_REDIRECT_NOT_FOLLOWED;
	}
	if (h->status == 401) {
		a->n_schemes = h->n_schemes < 8 ? h->n_schemes : 8;
		for (size_t i = 0; i < a->n_schemes; i++)
			sd_copy(a->schemes[i], sizeof a->schemes[i], h->schemes[i]);
		sd_copy(a->webticket_url, sizeof a->webticket_url, h->webticket_url);
		return AD_UNAUTHORIZED;
	}
	return h->status == 200 ? classify_document(h, a, doc) : AD_HTTP_STATUS;
}

/* The User document's client and server accesses, internal first (SPEC §4.7). */
static void keep_servers(struct ad_url *a, const struct ad_doc *doc)
{
	a->n_servers = 0;
	a->external_only = doc->external;
	for (int k = 0; k < AD_ACCESS_COUNT; k++) {
		const struct ad_access *x = &doc->access[k];
		if (!x->present || !x->valid)
			continue;
		struct ad_server *s = &a->servers[a->n_servers++];
		sd_copy(s->fqdn, sizeof s->fqdn, x->fqdn);
		s->port = x->port;
		s->kind = k;
		s->used = (k == AD_ACCESS_CLIENT_EXTERNAL) || (k == AD_ACCESS_CLIENT_INTERNAL && !doc->external);
	}
}

/* Whether next's href was already requested along a's chain (a loop). */
static bool seen_before(const struct ad_url *a, const struct ad_link_seen *next)
{
	if (strcasecmp(a->url, next->href) == 0)
		return true;
	for (size_t i = 0; i < a->n_links; i++)
		if (&a->links[i] != next && a->links[i].followed && strcasecmp(a->links[i].href, next->href) == 0)
			return true;
	return false;
}

/* Records the document's links at this level; returns the followed one or NULL. */
static struct ad_link_seen *note_links(struct ad_url *a, const struct ad_doc *doc, unsigned level, bool *nomem)
{
	struct ad_link_seen *followed = NULL;
	for (size_t i = 0; i < doc->n_links; i++) {
		struct ad_link_seen *l = SD_PUSH(a->links, a->n_links);
		if (!l) {
			*nomem = true;
			return NULL;
		}
		sd_copy(l->token, sizeof l->token, doc->links[i].token);
		sd_copy(l->href, sizeof l->href, doc->links[i].href);
		l->level = level;
		if (!followed && doc->has_follow && strcmp(doc->links[i].href, doc->follow.href) == 0
		    && strcmp(doc->links[i].token, doc->follow.token) == 0) {
			l->followed = true;
			followed = l;
		}
	}
	return followed;
}

/* The last link followed at level-1 of a (the link this answer came from), or NULL. */
static struct ad_link_seen *parent_link(struct ad_url *a, unsigned level)
{
	for (size_t i = a->n_links; level > 0 && i-- > 0;)
		if (a->links[i].followed && a->links[i].level == level - 1)
			return &a->links[i];
	return NULL;
}

static void *lookup_thread(void *arg)
{
	struct ad_lookup *l = arg;
	l->st = dns_stage_run(l->dns, &l->own, STAGE_ADDRESS, l->timeout, l->keep_raw);
	atomic_store(&l->done, true);
	if (l->batch)
		http_batch_wakeup(l->batch);
	return NULL;
}

/* Frees l (joined or never started) and whatever queries its result still holds. */
static void lookup_free(struct ad_lookup *l)
{
	result_free(&l->own);
	free(l);
}

/* Starts the lookup of host, capped by what is left of --deadline; with no time left, none
 * (its links then end by the deadline); when no thread can be made, it runs here and now. */
static enum sd_status lookup_start(struct ad_ctx *c, const char *host)
{
	unsigned timeout = deadline_step_ms(c->r);
	if (timeout == 0)
		return SD_OK;
	struct ad_lookup *l = calloc(1, sizeof *l);
	if (!l)
		return SD_ERR_NOMEM;
	result_init(&l->own, c->r->input, c->r->policy);
	memcpy(l->own.dns_servers, c->r->dns_servers, sizeof l->own.dns_servers); /* the servers that answered first */
	l->own.n_dns_servers = c->r->n_dns_servers;
	sd_copy(l->host, sizeof l->host, host);
	l->dns = c->dns;
	l->batch = c->batch;
	l->keep_raw = c->keep_raw;
	l->timeout = timeout;
	atomic_init(&l->done, false);
	struct ad_lookup **slot = SD_PUSH(c->lookups, c->n_lookups);
	if (!slot || queue_lookup(&l->own, host) != SD_OK) {
		if (slot)
			c->n_lookups--;
		lookup_free(l);
		return SD_ERR_NOMEM;
	}
	*slot = l;
	l->running = pthread_create(&l->thread, NULL, lookup_thread, l) == 0;
	if (!l->running) {
		l->batch = NULL;
		lookup_thread(l);
	}
	return SD_OK;
}

/* Moves the queries of lookup l into the run's result, in the order they were made. */
static enum sd_status lookup_merge(struct result *r, struct ad_lookup *l)
{
	for (size_t i = 0; i < l->own.n_queries; i++) {
		struct query *q = SD_PUSH(r->queries, r->n_queries);
		if (!q)
			return SD_ERR_NOMEM;
		*q = l->own.queries[i];
		memset(&l->own.queries[i], 0, sizeof l->own.queries[i]); /* now r's */
	}
	return l->st;
}

/* Fetches link next of URL a (from job j) now when its host's address is known, else
 * queues it for the next batch of lookups (resolve_waits). */
static enum sd_status follow(struct ad_ctx *c, const struct ad_job *j, struct ad_link_seen *next, const char *host)
{
	struct ad_url *a = &c->r->autodiscover[j->url];
	bool user = strcasecmp(next->token, "User") == 0;
	const char *addr = known_address(c->r, host);
	if (!addr && sd_is_ip_literal(host))
		addr = host;
	if (addr) {
		a->n_servers = 0;
		return start(c, j->url, next->href, addr, j->level + 1, user, j->trust);
	}
	if (asked_already(c->r, host)) {
		next->led_to = a->outcome = AD_DOES_NOT_RESOLVE;
		snprintf(a->detail, sizeof a->detail, "%.200s does not resolve", host);
		return SD_OK;
	}
	struct ad_wait *w = SD_PUSH(c->waits, c->n_waits);
	if (!w)
		return SD_ERR_NOMEM;
	*w = (struct ad_wait){ .url = j->url, .link = (size_t)(next - a->links), .level = j->level + 1,
			       .user = user, .trust = j->trust };
	sd_copy(w->host, sizeof w->host, host);
	for (size_t i = 0; i < c->n_lookups; i++)
		if (strcasecmp(c->lookups[i]->host, host) == 0)
			return SD_OK; /* being looked up already */
	return lookup_start(c, host);
}

/* One answer came: classify it, and fetch its Redirect/User link right away (or as soon as
 * its host's lookup is in). */
static enum sd_status answered(struct ad_ctx *c, struct ad_job *j)
{
	struct ad_url *a = &c->r->autodiscover[j->url];
	struct ad_doc *doc = malloc(sizeof *doc);
	if (!doc)
		return SD_ERR_NOMEM;
	a->detail[0] = '\0';
	a->via_user_link = j->via_user;
	a->ms += (unsigned)j->resp.total_ms;
	sd_copy(a->final_url, sizeof a->final_url, j->resp.effective_url);
	a->outcome = classify(j, a, doc);
	if (a->outcome == AD_TIMEOUT && j->capped)
		ended_by_deadline(c, a, true);
	struct ad_link_seen *parent = parent_link(a, j->level);
	if (parent) {
		parent->led_to = a->outcome;
		parent->status = a->status;
	}
	enum sd_status st = SD_OK;
	if (a->outcome == AD_USABLE) {
		bool nomem = false;
		struct ad_link_seen *next = note_links(a, doc, j->level, &nomem);
		if (doc->kind == AD_DOC_USER)
			keep_servers(a, doc);
		char host[SD_QNAME_MAX];
		bool https;
		if (nomem)
			st = SD_ERR_NOMEM;
		else if (next && (j->level >= AD_MAX_LINKS_FOLLOWED || seen_before(a, next))) {
			bool too_many = j->level >= AD_MAX_LINKS_FOLLOWED;
			next->followed = false; /* shown, not fetched */
			a->outcome = AD_LINK_LOOP;
			if (too_many)
				snprintf(a->detail, sizeof a->detail, "more than %d links followed", AD_MAX_LINKS_FOLLOWED);
			else
				snprintf(a->detail, sizeof a->detail, "the %s link leads back to a URL already requested",
					 next->token);
		} else if (next && !url_host(next->href, host, sizeof host, &https)) {
			a->outcome = AD_NOT_AUTODISCOVER;
			snprintf(a->detail, sizeof a->detail, "the %s link is not an http(s) URL", next->token);
		} else if (next)
			st = follow(c, j, next, host);
	}
	free(doc);
	return st;
}

/* The URLs of the profile, each with its address or does-not-resolve (SPEC §4.7). */
static enum sd_status list_urls(struct result *r)
{
	const struct profile_ad *ad = &r->profile->ad;
	r->autodiscover = calloc(ad->n_urls, sizeof *r->autodiscover);
	if (!r->autodiscover)
		return SD_ERR_NOMEM;
	r->n_autodiscover = ad->n_urls;
	for (size_t i = 0; i < ad->n_urls; i++) {
		struct ad_url *a = &r->autodiscover[i];
		snprintf(a->host, sizeof a->host, "%s.%s", r->profile->autodiscover[ad->urls[i].name], r->uri.domain);
		a->https = ad->urls[i].https;
		a->group = ad->urls[i].group;
		snprintf(a->url, sizeof a->url, "%s://%s/?sipuri=%s@%s", a->https ? "https" : "http", a->host, r->uri.user,
			 r->uri.domain);
		sd_copy(a->final_url, sizeof a->final_url, a->url);
		const char *addr = known_address(r, a->host);
		if (addr)
			sd_copy(a->address, sizeof a->address, addr);
		else {
			a->outcome = AD_DOES_NOT_RESOLVE;
			snprintf(a->detail, sizeof a->detail, "%.200s does not resolve", a->host);
		}
	}
	return SD_OK;
}

/* The links waiting for host: each started at its address, or failed (does not resolve,
 * or --deadline ran out first); the others keep waiting. */
static enum sd_status links_of(struct ad_ctx *c, const char *host)
{
	struct result *r = c->r;
	enum sd_status st = SD_OK;
	size_t kept = 0;
	for (size_t i = 0; i < c->n_waits; i++) {
		const struct ad_wait *w = &c->waits[i];
		if (strcasecmp(w->host, host) != 0 || st != SD_OK) {
			c->waits[kept++] = *w;
			continue;
		}
		struct ad_url *a = &r->autodiscover[w->url];
		struct ad_link_seen *l = &a->links[w->link];
		const char *addr = known_address(r, w->host);
		if (!addr && (!asked_already(r, w->host) || deadline_passed(r)))
			ended_by_deadline(c, a, false);
		else if (!addr) {
			l->led_to = a->outcome = AD_DOES_NOT_RESOLVE;
			snprintf(a->detail, sizeof a->detail, "%.200s does not resolve", w->host);
		} else {
			a->n_servers = 0;
			st = start(c, w->url, l->href, addr, w->level, w->user, w->trust);
		}
	}
	c->n_waits = kept;
	return st;
}

/* The host of a waiting link with no lookup running for it (none could start: no time
 * left), or NULL. */
static const char *orphan_host(const struct ad_ctx *c)
{
	for (size_t i = 0; i < c->n_waits; i++) {
		bool looking = false;
		for (size_t k = 0; k < c->n_lookups && !looking; k++)
			looking = strcasecmp(c->lookups[k]->host, c->waits[i].host) == 0;
		if (!looking)
			return c->waits[i].host;
	}
	return NULL;
}

/* Joins the lookups that are done (with block, also the first one still running), merges
 * their queries and starts their links. */
static enum sd_status lookups_collect(struct ad_ctx *c, bool block)
{
	enum sd_status st = SD_OK;
	size_t kept = 0;
	for (size_t i = 0; i < c->n_lookups; i++) {
		struct ad_lookup *l = c->lookups[i];
		if (st != SD_OK || (!atomic_load(&l->done) && !block)) {
			c->lookups[kept++] = l;
			continue;
		}
		block = false;
		if (l->running && pthread_join(l->thread, NULL) == 0)
			l->running = false;
		if (l->running) { /* cannot be joined: left running, never freed */
			c->lookups[kept++] = l;
			st = SD_ERR_NOMEM;
			continue;
		}
		st = lookup_merge(c->r, l);
		if (st == SD_OK)
			st = links_of(c, l->host);
		lookup_free(l);
	}
	c->n_lookups = kept;
	const char *host;
	while (st == SD_OK && (host = orphan_host(c))) {
		char h[SD_QNAME_MAX];
		sd_copy(h, sizeof h, host); /* links_of moves the waits */
		st = links_of(c, h);
	}
	return st;
}

/* Starts every URL whose host resolved, then follows the answers (and the links they
 * start) until all are in or the status is not SD_OK. A link to a host not yet resolved
 * starts its host's lookup at once, in a thread, so N new link hosts at one level cost one
 * DNS round trip and the requests in flight go on meanwhile. */
static enum sd_status ask_all(struct ad_ctx *c, const struct tls_trust *trust)
{
	struct result *r = c->r;
	enum sd_status st = SD_OK;
	for (size_t i = 0; st == SD_OK && i < r->n_autodiscover; i++)
		if (r->autodiscover[i].address[0])
			st = start(c, i, r->autodiscover[i].url, r->autodiscover[i].address, 0, false, trust);
	while (st == SD_OK) {
		bool requests = http_batch_pending(c->batch) > 0;
		if ((st = lookups_collect(c, !requests)) != SD_OK)
			break;
		if (c->n_lookups == 0 && c->n_waits == 0 && http_batch_pending(c->batch) == 0)
			break;
		int id = c->n_lookups ? http_batch_wait_ms(c->batch, 1000) : http_batch_wait(c->batch);
		if (id >= 0 && (size_t)id < c->n_jobs && c->jobs[id])
			st = answered(c, c->jobs[id]);
		else if (id == -1 && c->n_lookups == 0)
			break;
	}
	return st;
}

/* Frees c's lookups (joined first: they may wake the batch), batch and jobs (the result
 * keeps what they said). */
static void ctx_free(struct ad_ctx *c)
{
	for (size_t i = 0; i < c->n_lookups; i++) {
		struct ad_lookup *l = c->lookups[i];
		if (l->running && pthread_join(l->thread, NULL) != 0)
			continue; /* still running: its memory stays */
		lookup_free(l);
	}
	free(c->lookups);
	http_batch_free(c->batch);
	for (size_t i = 0; i < c->n_jobs; i++) {
		if (c->jobs[i])
			http_response_clear(&c->jobs[i]->resp);
		free(c->jobs[i]);
	}
	free(c->jobs);
	free(c->waits);
}

enum sd_status autodiscover_run(struct result *r, const struct dns_servers *dns, const struct tls_trust *trust,
				bool keep_raw)
{
	const struct policy *pol = r->policy;
	if (r->profile->ad.n_urls == 0 || policy_is_manual(pol) || !pol->connect)
		return SD_OK; /* SPEC §4.1: no discovery; §4.7: --no-connect makes no request */
	long long t0 = clock_ms();
	enum sd_status st = list_urls(r);
	struct ad_ctx c = { .r = r, .dns = dns, .keep_raw = keep_raw };
	if (st == SD_OK && !(c.batch = http_batch_new()))
		st = SD_ERR_NOMEM;
	if (st == SD_OK)
		st = ask_all(&c, trust);
	ctx_free(&c);
	if (c.expired || deadline_passed(r))
		sd_copy(r->expired, sizeof r->expired, "the autodiscover stage"); /* SPEC §3 */
	r->ad_ran = true;
	autodiscover_choose(r);
	r->ms_autodiscover = (unsigned)(clock_ms() - t0);
	return st;
}
