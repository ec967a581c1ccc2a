/* autodiscover_classify.h — what one autodiscover answer means (SPEC §4.7), from the
 * response alone: its outcome, what the request's entry records of it, the link the client
 * follows next, whether a hop may be made, and the order of the entries. Pure: the requests
 * (and the resolution of relative URLs) are autodiscover.c's, the client's choices
 * autodiscover_decide.c's. */
#ifndef AUTODISCOVER_CLASSIFY_H
#define AUTODISCOVER_CLASSIFY_H

#include "autodiscover_doc.h"
#include "http_header.h"
#include "result.h"

#define AD_MAX_LINKS_FOLLOWED 10 /* SPEC §4.7: per URL */
#define AD_MEDIA_TYPE "application/vnd.microsoft.rtc.autodiscover+xml"

/* One request's answer, as the classification reads it. */
struct ad_answer {
	const char *request;               /* the URL asked for */
	const char *location;              /* a 3xx's Location resolved against request; "" when none or not http(s) */
	bool follows_redirects;            /* the profile's client follows a 3xx (SPEC §4.7) */
	const struct http_response *resp;
	bool has_tls;                      /* an https session was seen (then tls, tls_outcome) */
	const struct tls_report *tls;
	enum conn_outcome tls_outcome;     /* the certificate check of that session */
	const char *tls_detail;            /* why it failed */
};

/*
 * Copies what the answer carried into a (status, content type, TLS session, its redirect,
 * the 401's schemes) and returns its outcome, a->detail saying why when it is not usable: a
 * 3xx is AD_REDIRECTED when the client follows it (the Location is then a's next hop), else
 * AD_REDIRECT_NOT_FOLLOWED; a 200 with the autodiscover media type is parsed into doc
 * (AD_USABLE only when it is a Root or User document). *st is set to SD_ERR_NOMEM when the
 * document's parse ran out of memory (the outcome is then of no use), else left alone.
 */
enum ad_outcome ad_classify(const struct ad_answer *ans, struct ad_url *a, struct ad_doc *doc, enum sd_status *st);

/*
 * After a usable document: records its links in a, keeps a User document's servers, and
 * sets *next to the link the client follows, or NULL when none. SD_ERR_NOMEM when memory
 * ran out.
 */
enum sd_status ad_note_document(struct ad_url *a, const struct ad_doc *doc, struct ad_link_seen **next);

/*
 * Whether the client makes the hop from entry parent of r (via "redirect" or a link token)
 * to url (absolute; "" when the Location or link is not an http(s) URL). When it does not,
 * the parent's outcome and detail say why — a link loop, more than AD_MAX_LINKS_FOLLOWED
 * links or more than max_redirects redirects along the chain, not an http(s) URL — its
 * followed link is marked not followed, and false is returned.
 */
bool ad_hop_allowed(struct result *r, size_t parent, const char *via, const char *url, unsigned max_redirects);

/*
 * The user part of a sign-in address as ?sipuri= carries it (SPEC §4.7, RFC 3986): every
 * octet outside the unreserved characters and '@' as %XX with upper-case hex. False when it
 * does not fit in n bytes.
 */
bool ad_encode_user(const char *user, char *out, size_t n);

/*
 * Gives each followed link the outcome and status of the hop it became, and puts r's
 * entries in the client's order: each first URL in the profile's order, followed by its hops, each right after the entry it came from; `from` and the queries' ad_hop are
 * renumbered to match. SD_ERR_NOMEM when memory ran out (r unchanged).
 */
enum sd_status ad_order(struct result *r);

#endif
