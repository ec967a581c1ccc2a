/* autodiscover_classify.h — what one autodiscover answer means (SPEC §4.7), from the
 * response alone: its outcome, what the URL's entry records of it, and the link the client
 * follows next. Pure: the requests are autodiscover.c's, the client's choices
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
	const char *request;               /* the URL asked for, before any 3xx */
	const struct http_response *resp;
	bool has_tls;                      /* an https session was seen (then tls, tls_outcome) */
	const struct tls_report *tls;
	enum conn_outcome tls_outcome;     /* the certificate check of that session */
	const char *tls_detail;            /* why it failed */
};

/*
 * Copies what the answer carried into a (status, content type, TLS session, redirects,
 * the 401's schemes) and returns its outcome before any link is followed, a->detail
 * saying why when it is not usable; a 200 with the autodiscover media type is parsed into
 * doc (AD_USABLE only when it is a Root or User document). *st is set to SD_ERR_NOMEM when
 * the document's parse ran out of memory (the outcome is then of no use), else left alone.
 */
enum ad_outcome ad_classify(const struct ad_answer *ans, struct ad_url *a, struct ad_doc *doc, enum sd_status *st);

/*
 * After a usable document at level (links followed to get it): records its links in a,
 * keeps a User document's servers, and sets *next to the link the client follows and host
 * to that link's host, or *next NULL when none is followed (a->outcome and a->detail say
 * why when a link was refused: a loop, too many links, not an http(s) URL).
 * SD_ERR_NOMEM when memory ran out.
 */
enum sd_status ad_next_link(struct ad_url *a, const struct ad_doc *doc, unsigned level, struct ad_link_seen **next,
			    char *host, size_t n);

#endif
