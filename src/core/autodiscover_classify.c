/* autodiscover_classify.c — see autodiscover_classify.h. */
#include "autodiscover_classify.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

/* The host of an http(s) URL into host (brackets of an IPv6 literal removed); false when it has none. */
static bool url_host(const char *url, char *host, size_t n)
{
	const char *p;
	if (strncasecmp(url, "https://", 8) == 0)
		p = url + 8;
	else if (strncasecmp(url, "http://", 7) == 0)
		p = url + 7;
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
	case HTTP_TOO_MANY_REDIRECTS:
		snprintf(a->detail, sizeof a->detail, "too many web-server redirects (%zu followed)", h->n_hops);
		return AD_HTTP_STATUS;
	case HTTP_NO_RESOLVE:
		return AD_DOES_NOT_RESOLVE;
	}
	return AD_REFUSED;
}

/* Copies what the response carried into the URL's entry: status, content type, TLS session, redirects. */
static void note_response(const struct ad_answer *ans, struct ad_url *a)
{
	const struct http_response *h = ans->resp;
	a->status = h->status;
	sd_copy(a->content_type, sizeof a->content_type, h->content_type);
	a->has_tls = ans->has_tls;
	if (ans->has_tls)
		a->tls = *ans->tls;
	const char *base = ans->request;
	for (size_t i = 0; i < h->n_hops && a->n_redirects < sizeof a->redirects / sizeof a->redirects[0]; i++) {
		struct ad_redirect *d = &a->redirects[a->n_redirects++];
		d->status = h->hops[i].status;
		absolute_location(base, h->hops[i].location, d->location, sizeof d->location);
		base = d->location;
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
		snprintf(a->detail, sizeof a->detail, "%ld to %.200s", h->status, h->location);
		return AD_REDIRECT_NOT_FOLLOWED;
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

/* Records the document's links at this level; *followed the one the document follows, or NULL. */
static enum sd_status note_links(struct ad_url *a, const struct ad_doc *doc, unsigned level,
				 struct ad_link_seen **followed)
{
	*followed = NULL;
	for (size_t i = 0; i < doc->n_links; i++) {
		struct ad_link_seen *l = SD_PUSH(a->links, a->n_links);
		if (!l)
			return SD_ERR_NOMEM;
		sd_copy(l->token, sizeof l->token, doc->links[i].token);
		sd_copy(l->href, sizeof l->href, doc->links[i].href);
		l->level = level;
		if (!*followed && doc->has_follow && strcmp(doc->links[i].href, doc->follow.href) == 0
		    && strcmp(doc->links[i].token, doc->follow.token) == 0) {
			l->followed = true;
			*followed = l;
		}
	}
	return SD_OK;
}

enum sd_status ad_next_link(struct ad_url *a, const struct ad_doc *doc, unsigned level, struct ad_link_seen **next,
			    char *host, size_t n)
{
	enum sd_status st = note_links(a, doc, level, next);
	if (doc->kind == AD_DOC_USER)
		keep_servers(a, doc);
	if (st != SD_OK || !*next)
		return st;
	if (level >= AD_MAX_LINKS_FOLLOWED || seen_before(a, *next)) {
		(*next)->followed = false; /* shown, not fetched */
		a->outcome = AD_LINK_LOOP;
		if (level >= AD_MAX_LINKS_FOLLOWED)
			snprintf(a->detail, sizeof a->detail, "more than %d links followed", AD_MAX_LINKS_FOLLOWED);
		else
			snprintf(a->detail, sizeof a->detail, "the %s link leads back to a URL already requested",
				 (*next)->token);
		*next = NULL;
	} else if (!url_host((*next)->href, host, n)) {
		a->outcome = AD_NOT_AUTODISCOVER;
		snprintf(a->detail, sizeof a->detail, "the %s link is not an http(s) URL", (*next)->token);
		*next = NULL;
	}
	return SD_OK;
}
