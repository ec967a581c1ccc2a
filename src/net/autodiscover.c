/* autodiscover.c — stage 0 (SPEC §4.7): the requests of every URL at once, and each hop (a
 * redirect's Location, a followed link) as a request of its own as soon as its parent
 * answered, certificates through tls.c. What an answer means is autodiscover_classify.c's,
 * the hop hosts' lookups autodiscover_lookup.c's, the hops' URLs autodiscover_url.c's, the
 * client's choices autodiscover_decide.c's. */
#include "autodiscover.h"

#include "autodiscover_classify.h"
#include "autodiscover_decide.h"
#include "autodiscover_lookup.h"
#include "autodiscover_url.h"
#include "clock.h"
#include "deadline.h"
#include "http.h"
#include "tls.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* One request in flight: the entry it belongs to and what its TLS session showed. */
struct ad_job {
	size_t url;                  /* index in r->autodiscover */
	const struct tls_trust *trust;
	bool capped;                 /* its timeout is what was left of --deadline */
	bool has_tls;
	enum conn_outcome tls_outcome;
	char tls_detail[256];
	struct tls_report tls;
	struct http_response resp;
};

/* A hop whose host needs a DNS lookup first. */
struct ad_wait {
	size_t url;                  /* index in r->autodiscover */
	char host[SD_QNAME_MAX];
};

struct ad_ctx {
	struct result *r;
	const struct dns_servers *dns;
	const struct tls_trust *trust;
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
static void ended_by_deadline(struct ad_ctx *c, size_t u, bool in_flight)
{
	struct ad_url *a = &c->r->autodiscover[u];
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

/* Starts the request of entry u at its address; the address is pinned and curl follows no
 * redirect, so curl never resolves a name: every hop is looked up here, through the tool's DNS. */
static enum sd_status start(struct ad_ctx *c, size_t u)
{
	unsigned timeout = deadline_step_ms(c->r);
	if (timeout == 0) {
		ended_by_deadline(c, u, false);
		return SD_OK;
	}
	struct ad_job *j = calloc(1, sizeof *j);
	if (!j)
		return SD_ERR_NOMEM;
	*j = (struct ad_job){ .url = u, .trust = c->trust, .capped = timeout < c->r->policy->timeout_ms };
	const struct ad_url *e = &c->r->autodiscover[u];
	struct http_request req = {
		.url = e->url, .pin_addr = e->address, .accept = HTTP_ACCEPT_AUTODISCOVER, .timeout_ms = timeout,
		.max_redirects = 0, .max_body = AD_DOC_MAX_BYTES, .verify = verify, .verify_ctx = j,
	};
	struct ad_job **slot = SD_PUSH(c->jobs, c->n_jobs);
	if (!slot) {
		free(j);
		return SD_ERR_NOMEM;
	}
	*slot = j;
	size_t id;
	if (http_batch_add(c->batch, &req, &j->resp, &id) != SD_OK) {
		/* not started: the entry ends here, saying why */
		struct ad_url *a = &c->r->autodiscover[u];
		a->outcome = AD_REFUSED;
		snprintf(a->detail, sizeof a->detail, "request not made: %.200s", j->resp.error);
		c->jobs[--c->n_jobs] = NULL;
		free(j);
	}
	return SD_OK;
}

/* Entry u's host does not resolve (SPEC §4.7: a does-not-resolve hop, never a silent stop). */
static void no_address(struct result *r, size_t u)
{
	struct ad_url *a = &r->autodiscover[u];
	a->outcome = AD_DOES_NOT_RESOLVE;
	snprintf(a->detail, sizeof a->detail, "%.200s does not resolve", a->host);
}

/* Requests hop u now when its host's address is known, else waits for its host's lookup
 * (started here unless one is running). */
static enum sd_status reach(struct ad_ctx *c, size_t u)
{
	struct result *r = c->r;
	struct ad_url *a = &r->autodiscover[u];
	const char *addr = known_address(r, a->host);
	if (!addr && sd_is_ip_literal(a->host))
		addr = a->host;
	if (addr) {
		sd_copy(a->address, sizeof a->address, addr);
		return start(c, u);
	}
	if (asked_already(r, a->host)) {
		no_address(r, u);
		return SD_OK;
	}
	struct ad_wait *w = SD_PUSH(c->waits, c->n_waits);
	if (!w)
		return SD_ERR_NOMEM;
	w->url = u;
	sd_copy(w->host, sizeof w->host, a->host);
	unsigned timeout = deadline_step_ms(r);
	if (ad_lookups_has(&c->lookups, w->host) || timeout == 0)
		return SD_OK; /* being looked up already, or no time left: the hop ends by the deadline */
	return ad_lookups_start(&c->lookups, r, c->dns, c->batch, w->host, timeout, c->keep_raw);
}

/* The hop from entry parent via a redirect or a link (via) to ref, resolved against the
 * parent's URL: a new entry, looked up and requested, unless the client does not make it
 * (the parent then says why). */
static enum sd_status hop(struct ad_ctx *c, size_t parent, const char *via, const char *ref)
{
	struct result *r = c->r;
	char url[AD_URL_SIZE], host[SD_QNAME_MAX];
	bool https;
	ad_url_resolve(r->autodiscover[parent].url, ref, url, sizeof url, host, sizeof host, &https);
	if (!ad_hop_allowed(r, parent, via, url, r->profile->ad.max_redirects))
		return SD_OK;
	struct ad_url *a = SD_PUSH(r->autodiscover, r->n_autodiscover);
	if (!a)
		return SD_ERR_NOMEM;
	const struct ad_url *p = &r->autodiscover[parent];
	bool redirect = strcmp(via, "redirect") == 0;
	sd_copy(a->url, sizeof a->url, url);
	sd_copy(a->final_url, sizeof a->final_url, url);
	sd_copy(a->host, sizeof a->host, host);
	sd_copy(a->via, sizeof a->via, via);
	a->from = parent;
	a->https = https;
	a->group = p->group;
	a->via_user_link = redirect ? p->via_user_link : strcasecmp(via, "User") == 0;
	return reach(c, r->n_autodiscover - 1);
}

/* One answer came: classify it, and make its hop (the redirect's Location or the followed
 * link) right away, or as soon as its host's lookup is in. */
static enum sd_status answered(struct ad_ctx *c, struct ad_job *j)
{
	struct ad_url *a = &c->r->autodiscover[j->url];
	struct ad_doc *doc = malloc(sizeof *doc);
	if (!doc)
		return SD_ERR_NOMEM;
	a->detail[0] = '\0';
	a->ms = (unsigned)j->resp.total_ms;
	sd_copy(a->final_url, sizeof a->final_url, j->resp.effective_url[0] ? j->resp.effective_url : a->url);
	char loc[AD_URL_SIZE], host[SD_QNAME_MAX];
	bool https;
	ad_url_resolve(a->url, j->resp.location, loc, sizeof loc, host, sizeof host, &https);
	struct ad_answer ans = { .request = a->url, .location = loc, .resp = &j->resp, .has_tls = j->has_tls,
				 .follows_redirects = c->r->profile->ad.max_redirects > 0, .tls = &j->tls,
				 .tls_outcome = j->tls_outcome, .tls_detail = j->tls_detail };
	enum sd_status st = SD_OK; /* SD_ERR_NOMEM from the document's parse: the outcome is then no use */
	a->outcome = ad_classify(&ans, a, doc, &st);
	if (a->outcome == AD_TIMEOUT && j->capped)
		ended_by_deadline(c, j->url, true);
	struct ad_link_seen *next = NULL;
	if (st == SD_OK && a->outcome == AD_USABLE)
		st = ad_note_document(a, doc, &next);
	free(doc);
	char via[AD_VIA_SIZE] = "redirect", ref[AD_URL_SIZE]; /* copied: the hop's entry may move a */
	if (next) {
		sd_copy(via, sizeof via, next->token);
		sd_copy(ref, sizeof ref, next->href);
	} else
		sd_copy(ref, sizeof ref, a->n_redirects ? a->redirects[0].location : "");
	if (st == SD_OK && (next || a->outcome == AD_REDIRECTED))
		st = hop(c, j->url, via, ref);
	return st;
}

/* The URLs of the profile, each with its address or does-not-resolve (SPEC §4.7). */
static enum sd_status list_urls(struct result *r)
{
	const struct profile_ad *ad = &r->profile->ad;
	char user[AD_URL_SIZE / 2];
	if (!ad_encode_user(r->uri.user, user, sizeof user))
		return SD_ERR_INPUT; /* the address parser bounds the user part far below this */
	for (size_t i = 0; i < ad->n_urls; i++) {
		struct ad_url *a = SD_PUSH(r->autodiscover, r->n_autodiscover);
		if (!a)
			return SD_ERR_NOMEM;
		snprintf(a->host, sizeof a->host, "%s.%s", r->profile->autodiscover[ad->urls[i].name], r->uri.domain);
		a->https = ad->urls[i].https;
		a->group = ad->urls[i].group;
		/* SPEC §4.7: the user part percent-encoded, so +, &, # or % cannot change the request */
		snprintf(a->url, sizeof a->url, "%s://%s/?sipuri=%s@%s", a->https ? "https" : "http", a->host, user,
			 r->uri.domain);
		sd_copy(a->final_url, sizeof a->final_url, a->url);
		const char *addr = known_address(r, a->host);
		if (addr)
			sd_copy(a->address, sizeof a->address, addr);
		else
			no_address(r, r->n_autodiscover - 1);
	}
	return SD_OK;
}

/* The hops waiting for host: each requested at its address, or ended (does not resolve,
 * or --deadline ran out first); the others keep waiting. */
static enum sd_status hops_of(struct ad_ctx *c, const char *host)
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
		const char *addr = known_address(r, w->host);
		if (!addr && (!asked_already(r, w->host) || deadline_passed(r)))
			ended_by_deadline(c, w->url, false);
		else if (!addr)
			no_address(r, w->url);
		else {
			sd_copy(a->address, sizeof a->address, addr);
			st = start(c, w->url);
		}
	}
	c->n_waits = kept;
	return st;
}

/* The queries appended from index first on are host's lookup: marked with the first hop that
 * waits for it (SPEC §4.7: the trace's DNS section names the hop that asked). */
static void mark_queries(struct ad_ctx *c, size_t first, const char *host)
{
	for (size_t i = 0; i < c->n_waits; i++)
		if (strcasecmp(c->waits[i].host, host) == 0) {
			for (size_t q = first; q < c->r->n_queries; q++)
				c->r->queries[q].ad_hop = (unsigned)c->waits[i].url + 1;
			return;
		}
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
		size_t first = c->r->n_queries;
		st = ad_lookups_take(&c->lookups, c->r, block, h, sizeof h, &got);
		block = false;
		if (st == SD_OK && got) {
			mark_queries(c, first, h);
			st = hops_of(c, h);
		}
	}
	const char *host;
	while (st == SD_OK && (host = orphan_host(c))) {
		sd_copy(h, sizeof h, host); /* hops_of moves the waits */
		st = hops_of(c, h);
	}
	return st;
}

/* Starts every URL whose host resolved, then follows the answers (and the hops they
 * start) until all are in or the status is not SD_OK. A hop to a host not yet resolved
 * starts its host's lookup at once, in a thread, so N new hop hosts at one level cost one
 * DNS round trip and the requests in flight go on meanwhile. */
static enum sd_status ask_all(struct ad_ctx *c)
{
	struct result *r = c->r;
	enum sd_status st = SD_OK;
	size_t n = r->n_autodiscover;
	for (size_t i = 0; st == SD_OK && i < n; i++)
		if (r->autodiscover[i].address[0])
			st = start(c, i);
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
	struct ad_ctx c = { .r = r, .dns = dns, .trust = trust, .keep_raw = keep_raw };
	if (st == SD_OK && !(c.batch = http_batch_new()))
		st = SD_ERR_NOMEM;
	if (st == SD_OK)
		st = ask_all(&c);
	ctx_free(&c);
	if (st == SD_OK)
		st = ad_order(r); /* each hop right after the entry it came from */
	if (c.expired || deadline_passed(r))
		result_expire(r, "the autodiscover stage"); /* SPEC §3 */
	r->ad_ran = true;
	autodiscover_choose(r);
	r->ms_autodiscover = (unsigned)(clock_ms() - t0);
	return st;
}
