/* autodiscover_classify.c — see autodiscover_classify.h. */
#include "autodiscover_classify.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* How the last request of a chain ended, from the response alone (SPEC §4.7's failures). */
static enum ad_outcome classify_transport(const struct http_response *h, struct ad_url *a)
{
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
	case HTTP_TOO_MANY_REDIRECTS: /* curl follows none: each 3xx is a hop of its own */
		snprintf(a->detail, sizeof a->detail, "too many web-server redirects (%zu followed)", h->n_hops);
		return AD_HTTP_STATUS;
	case HTTP_NO_RESOLVE:
		return AD_DOES_NOT_RESOLVE;
	}
	return AD_REFUSED;
}

/* Copies what the response carried into the request's entry: status, content type, TLS session, its 3xx. */
static void note_response(const struct ad_answer *ans, struct ad_url *a)
{
	const struct http_response *h = ans->resp;
	a->status = h->status;
	sd_copy(a->content_type, sizeof a->content_type, h->content_type);
	a->has_tls = ans->has_tls;
	if (ans->has_tls)
		a->tls = *ans->tls;
	a->n_redirects = 0;
	if (h->status >= 300 && h->status < 400 && h->location[0]) {
		a->redirects[0].status = h->status;
		sd_copy(a->redirects[0].location, sizeof a->redirects[0].location,
			ans->location && ans->location[0] ? ans->location : h->location);
		a->n_redirects = 1;
	}
}

/* The outcome of a 200 answer: an autodiscover document (parsed into doc) or why it is none;
 * *st SD_ERR_NOMEM when the parse ran out of memory. */
static enum ad_outcome classify_document(const struct http_response *h, struct ad_url *a, struct ad_doc *doc,
					 enum sd_status *st)
{
	if (strncasecmp(h->content_type, AD_MEDIA_TYPE, strlen(AD_MEDIA_TYPE)) != 0)
		return AD_CONTENT_TYPE;
	if (h->result == HTTP_TOO_LARGE) {
		snprintf(a->detail, sizeof a->detail, "the document is larger than %u bytes", AD_DOC_MAX_BYTES);
		return AD_NOT_AUTODISCOVER;
	}
	if ((*st = ad_doc_parse(h->body ? (const void *)h->body : "", h->body_len, doc)) != SD_OK)
		return AD_NOT_AUTODISCOVER;
	enum ad_doc_kind k = doc->kind;
	if (k != AD_DOC_ROOT && k != AD_DOC_USER) {
		snprintf(a->detail, sizeof a->detail, "%s: %s", ad_doc_kind_name(k), doc->why);
		return AD_NOT_AUTODISCOVER;
	}
	return AD_USABLE;
}

enum ad_outcome ad_classify(const struct ad_answer *ans, struct ad_url *a, struct ad_doc *doc, enum sd_status *st)
{
	const struct http_response *h = ans->resp;
	note_response(ans, a);
	enum ad_outcome o = classify_transport(h, a);
	if (o != AD_USABLE) {
		if (!a->detail[0])
			sd_copy(a->detail, sizeof a->detail,
				ans->has_tls && ans->tls_outcome != CONN_OK ? ans->tls_detail : h->error);
		return o;
	}
	if (h->status >= 300 && h->status < 400) {
		const char *to = a->n_redirects ? a->redirects[0].location : "no Location";
		snprintf(a->detail, sizeof a->detail, "%ld to %.200s", h->status, to);
		return ans->follows_redirects && a->n_redirects ? AD_REDIRECTED : AD_REDIRECT_NOT_FOLLOWED;
	}
	if (h->status == 401) {
		size_t max = sizeof a->schemes / sizeof a->schemes[0];
		a->n_schemes = h->n_schemes < max ? h->n_schemes : max;
		for (size_t i = 0; i < a->n_schemes; i++)
			sd_copy(a->schemes[i], sizeof a->schemes[i], h->schemes[i]);
		sd_copy(a->webticket_url, sizeof a->webticket_url, h->webticket_url);
		return AD_UNAUTHORIZED;
	}
	return h->status == 200 ? classify_document(h, a, doc, st) : AD_HTTP_STATUS;
}

/* The User document's client and server accesses, internal first (SPEC §4.7). */
static void keep_servers(struct ad_url *a, const struct ad_doc *doc)
{
	a->n_servers = 0;
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

/* Records the document's links; *followed the one the document follows, or NULL. */
static enum sd_status note_links(struct ad_url *a, const struct ad_doc *doc, struct ad_link_seen **followed)
{
	*followed = NULL;
	for (size_t i = 0; i < doc->n_links; i++) {
		struct ad_link_seen *l = SD_PUSH(a->links, a->n_links);
		if (!l)
			return SD_ERR_NOMEM;
		sd_copy(l->token, sizeof l->token, doc->links[i].token);
		sd_copy(l->href, sizeof l->href, doc->links[i].href);
		if (!*followed && doc->has_follow && strcmp(doc->links[i].href, doc->follow.href) == 0
		    && strcmp(doc->links[i].token, doc->follow.token) == 0) {
			l->followed = true;
			*followed = l;
		}
	}
	return SD_OK;
}

enum sd_status ad_note_document(struct ad_url *a, const struct ad_doc *doc, struct ad_link_seen **next)
{
	enum sd_status st = note_links(a, doc, next);
	if (doc->kind == AD_DOC_USER)
		keep_servers(a, doc);
	return st;
}

/* The followed link of entry a, or NULL. */
static struct ad_link_seen *followed_link(struct ad_url *a)
{
	for (size_t i = 0; i < a->n_links; i++)
		if (a->links[i].followed)
			return &a->links[i];
	return NULL;
}

/* Refuses the hop from p: p's outcome and detail say why, its followed link is shown, not fetched. */
static bool refuse(struct ad_url *p, enum ad_outcome o, const char *why)
{
	struct ad_link_seen *l = followed_link(p);
	if (l && o != AD_HTTP_STATUS)
		l->followed = false;
	p->outcome = o;
	sd_copy(p->detail, sizeof p->detail, why);
	return false;
}

bool ad_hop_allowed(struct result *r, size_t parent, const char *via, const char *url, unsigned max_redirects)
{
	struct ad_url *p = &r->autodiscover[parent];
	bool redirect = strcmp(via, "redirect") == 0;
	char why[sizeof p->detail];
	if (!url[0]) {
		if (redirect)
			snprintf(why, sizeof why, "%ld to %.200s: not an http(s) URL", p->status,
				 p->n_redirects ? p->redirects[0].location : "nowhere");
		else
			snprintf(why, sizeof why, "the %.60s link is not an http(s) URL", via);
		return refuse(p, redirect ? AD_HTTP_STATUS : AD_NOT_AUTODISCOVER, why);
	}
	unsigned redirects = 0, links = 0;
	bool loop = false;
	for (const struct ad_url *e = p;; e = &r->autodiscover[e->from]) {
		loop |= strcasecmp(e->url, url) == 0;
		if (!ad_is_hop(e))
			break;
		if (strcmp(e->via, "redirect") == 0)
			redirects++;
		else
			links++;
	}
	if (redirect && redirects >= max_redirects) {
		snprintf(why, sizeof why, "too many web-server redirects (%u followed)", redirects);
		return refuse(p, AD_HTTP_STATUS, why);
	}
	if (!redirect && links >= AD_MAX_LINKS_FOLLOWED) {
		snprintf(why, sizeof why, "more than %d links followed", AD_MAX_LINKS_FOLLOWED);
		return refuse(p, AD_LINK_LOOP, why);
	}
	if (!redirect && loop) {
		snprintf(why, sizeof why, "the %.60s link leads back to a URL already requested", via);
		return refuse(p, AD_LINK_LOOP, why);
	}
	return true;
}

bool ad_encode_user(const char *user, char *out, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t k = 0;
	for (const unsigned char *p = (const unsigned char *)user; *p; p++) {
		bool keep = (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')
			    || strchr("-._~@", *p) != NULL;
		if (k + (keep ? 1 : 3) >= n)
			return false;
		if (keep)
			out[k++] = (char)*p;
		else {
			out[k++] = '%';
			out[k++] = hex[*p >> 4];
			out[k++] = hex[*p & 15];
		}
	}
	if (n == 0)
		return false;
	out[k] = '\0';
	return true;
}

/* Each followed link's led_to and status: those of the hop entry it became. */
static void links_led_to(struct result *r)
{
	for (size_t i = 0; i < r->n_autodiscover; i++) {
		const struct ad_url *h = &r->autodiscover[i];
		if (!ad_is_hop(h) || strcmp(h->via, "redirect") == 0)
			continue;
		struct ad_url *p = &r->autodiscover[h->from];
		for (size_t k = 0; k < p->n_links; k++)
			if (p->links[k].followed) {
				p->links[k].led_to = h->outcome;
				p->links[k].status = h->status;
			}
	}
}

/* Appends entry i of r and then its hops, each after the entry it came from, to order. */
static void chain_order(const struct result *r, size_t i, size_t *order, size_t *k)
{
	for (;;) {
		order[(*k)++] = i;
		size_t next = r->n_autodiscover;
		for (size_t h = 0; h < r->n_autodiscover && next == r->n_autodiscover; h++)
			if (ad_is_hop(&r->autodiscover[h]) && r->autodiscover[h].from == i)
				next = h;
		if (next == r->n_autodiscover)
			return;
		i = next;
	}
}

enum sd_status ad_order(struct result *r)
{
	size_t n = r->n_autodiscover, k = 0;
	if (n == 0)
		return SD_OK;
	links_led_to(r);
	size_t *order = calloc(n, sizeof *order), *where = calloc(n, sizeof *where);
	struct ad_url *sorted = calloc(n, sizeof *sorted);
	if (!order || !where || !sorted) {
		free(order), free(where), free(sorted);
		return SD_ERR_NOMEM;
	}
	for (size_t i = 0; i < n; i++)
		if (!ad_is_hop(&r->autodiscover[i]))
			chain_order(r, i, order, &k);
	for (size_t i = 0; i < k; i++)
		where[order[i]] = i;
	for (size_t i = 0; i < k; i++) {
		sorted[i] = r->autodiscover[order[i]];
		if (ad_is_hop(&sorted[i]))
			sorted[i].from = where[sorted[i].from];
	}
	for (size_t q = 0; q < r->n_queries; q++)
		if (r->queries[q].ad_hop > 0 && r->queries[q].ad_hop <= n)
			r->queries[q].ad_hop = (unsigned)where[r->queries[q].ad_hop - 1] + 1;
	free(r->autodiscover);
	r->autodiscover = sorted;
	free(order), free(where);
	return SD_OK;
}
