/* autodiscover.c — stage 0 (SPEC §4.7): the requests of every URL at once, their links as
 * soon as the parent answered, certificates through tls.c. What an answer means is
 * autodiscover_classify.c's, the link hosts' lookups autodiscover_lookup.c's, the client's
 * choices autodiscover_decide.c's. */
#include "autodiscover.h"

#include "autodiscover_classify.h"
#include "autodiscover_decide.h"
#include "autodiscover_lookup.h"
#include "clock.h"
#include "deadline.h"
#include "http.h"
#include "tls.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

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
	struct ad_lookups lookups;   /* those not yet taken back */
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
		.max_redirects = c->r->profile->ad.max_redirects, .max_body = AD_DOC_MAX_BYTES, .verify = verify,
		.verify_ctx = j,
	};
	struct ad_job **slot = SD_PUSH(c->jobs, c->n_jobs);
	if (!slot) {
		free(j);
		return SD_ERR_NOMEM;
	}
	*slot = j;
	size_t id;
	if (http_batch_add(c->batch, &req, &j->resp, &id) != SD_OK) {
		/* not started: the URL ends here, saying why */
		struct ad_url *a = &c->r->autodiscover[u];
		a->outcome = AD_REFUSED;
		snprintf(a->detail, sizeof a->detail, "request not made: %.200s", j->resp.error);
		c->jobs[--c->n_jobs] = NULL;
		free(j);
	}
	return SD_OK;
}

/* The last link followed at level-1 of a (the link this answer came from), or NULL. */
static struct ad_link_seen *parent_link(struct ad_url *a, unsigned level)
{
	for (size_t i = a->n_links; level > 0 && i-- > 0;)
		if (a->links[i].followed && a->links[i].level == level - 1)
			return &a->links[i];
	return NULL;
}

/* Fetches link next of URL a (from job j) now when its host's address is known, else
 * waits for its host's lookup (started here unless one is running). */
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
	unsigned timeout = deadline_step_ms(c->r);
	if (ad_lookups_has(&c->lookups, host) || timeout == 0)
		return SD_OK; /* being looked up already, or no time left: the link ends by the deadline */
	return ad_lookups_start(&c->lookups, c->r, c->dns, c->batch, host, timeout, c->keep_raw);
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
	struct ad_answer ans = { .request = j->request, .resp = &j->resp, .has_tls = j->has_tls, .tls = &j->tls,
				 .tls_outcome = j->tls_outcome, .tls_detail = j->tls_detail };
	enum sd_status st = SD_OK; /* SD_ERR_NOMEM from the document's parse: the outcome is then no use */
	a->outcome = ad_classify(&ans, a, doc, &st);
	if (a->outcome == AD_TIMEOUT && j->capped)
		ended_by_deadline(c, a, true);
	struct ad_link_seen *parent = parent_link(a, j->level);
	if (parent) {
		parent->led_to = a->outcome;
		parent->status = a->status;
	}
	struct ad_link_seen *next = NULL;
	char host[SD_QNAME_MAX];
	if (st == SD_OK && a->outcome == AD_USABLE)
		st = ad_next_link(a, doc, j->level, &next, host, sizeof host);
	if (st == SD_OK && next)
		st = follow(c, j, next, host);
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
	for (size_t i = 0; i < c->n_waits; i++)
		if (!ad_lookups_has(&c->lookups, c->waits[i].host))
			return c->waits[i].host;
	return NULL;
}

/* Takes back the lookups that are done (with block, also the first one still running),
 * and starts their links; then ends the links whose lookup never started. */
static enum sd_status lookups_collect(struct ad_ctx *c, bool block)
{
	enum sd_status st = SD_OK;
	char h[SD_QNAME_MAX];
	bool got = true;
	while (st == SD_OK && got) {
		st = ad_lookups_take(&c->lookups, c->r, block, h, sizeof h, &got);
		block = false;
		if (st == SD_OK && got)
			st = links_of(c, h);
	}
	const char *host;
	while (st == SD_OK && (host = orphan_host(c))) {
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
		if (c->lookups.n == 0 && c->n_waits == 0 && http_batch_pending(c->batch) == 0)
			break;
		size_t id; /* HTTP_BATCH_NONE: a lookup ended the wait, or nothing is pending; the next round sees */
		st = http_batch_wait(c->batch, c->lookups.n ? 1000 : -1, &id);
		if (st == SD_OK && id < c->n_jobs && c->jobs[id])
			st = answered(c, c->jobs[id]);
	}
	return st;
}

/* Frees c's lookups (joined first: they may wake the batch), batch and jobs (the result
 * keeps what they said). */
static void ctx_free(struct ad_ctx *c)
{
	ad_lookups_free(&c->lookups);
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
		result_expire(r, "the autodiscover stage"); /* SPEC §3 */
	r->ad_ran = true;
	autodiscover_choose(r);
	r->ms_autodiscover = (unsigned)(clock_ms() - t0);
	return st;
}
