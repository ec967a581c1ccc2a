/*
 * http.h — the HTTP edge of the autodiscover stage (SPEC §4.7) through libcurl: GETs that
 * run together, each pinned to an address the DNS stage already found, with a deadline, a
 * capped body and the headers §4.7 reports. Certificates are not judged here: curl's own
 * verification is off and a caller's callback sees the TLS session before the request is
 * sent, so that HTTPS and SIP attempts share one certificate report.
 *
 * curl_global_init(CURL_GLOBAL_DEFAULT) must have been called once before any of this, while
 * the program is still single-threaded: main() does it (and curl_global_cleanup at exit).
 */
#ifndef HTTP_H
#define HTTP_H

#include <stdbool.h>
#include <stddef.h>

#include "http_header.h"

#define HTTP_ACCEPT_AUTODISCOVER "application/vnd.microsoft.rtc.autodiscover+xml;v=1"
#define HTTP_MAX_BODY (256u * 1024u) /* default body cap, as autodiscover_doc's size bound */


/* Called once per connection made or reused, after the TLS handshake and before the request
 * is sent, with the gnutls_session_t of an https connection and the host the URL names.
 * Returns nonzero to abort the request (the result is then HTTP_TLS_REFUSED). Not called for
 * http:// URLs. */
typedef int (*http_tls_verify_fn)(void *gnutls_session, const char *host, void *ctx);

struct http_request {
	const char *url;
	const char *pin_addr;     /* numeric address for the URL's host and port; NULL: curl resolves */
	const char *const *resolve; /* more "host:port:addr" pins (for redirect targets), NULL-ended */
	const char *accept;       /* NULL: HTTP_ACCEPT_AUTODISCOVER */
	const char *user_agent;   /* NULL: no User-Agent header */
	unsigned timeout_ms;      /* the whole request, redirects included; 0: 10 s */
	int max_redirects;        /* 0: a 3xx is the answer; N: follow at most N */
	size_t max_body;          /* 0: HTTP_MAX_BODY */
	http_tls_verify_fn verify; /* NULL: any certificate is accepted */
	void *verify_ctx;
};



struct http_batch;

/* An empty set of requests, or NULL when out of memory. */
struct http_batch *http_batch_new(void);

/* Starts req (copied: its strings need not outlive this call) and returns its id (0, 1, ...),
 * or -1 when it cannot be set up (then *out says why, result HTTP_ERROR). *out is cleared
 * now and must stay valid until the request is reported done by http_batch_wait. */
int http_batch_add(struct http_batch *b, const struct http_request *req, struct http_response *out);

/* Runs the pending requests together until one of them is done, fills its response and
 * returns its id; -1 when none is pending. Requests may be added between waits, so a
 * follow-up starts as soon as the answer it needs has come. */
int http_batch_wait(struct http_batch *b);

/* As http_batch_wait, but waits at most about wait_ms (at most 1 s) or until
 * http_batch_wakeup: the id of a request done, HTTP_BATCH_NOT_YET when none is done yet, -1
 * when none is pending. */
#define HTTP_BATCH_NOT_YET (-2)
int http_batch_wait_ms(struct http_batch *b, int wait_ms);

/* Ends a wait of http_batch_wait_ms early; safe to call from another thread. */
void http_batch_wakeup(struct http_batch *b);

/* Number of requests added and not yet reported done. */
size_t http_batch_pending(const struct http_batch *b);

/* Aborts what is still pending (their responses say HTTP_ERROR, "aborted") and frees. */
void http_batch_free(struct http_batch *b);

/* Runs n requests together and fills out[i] for req[i]; returns false only when the batch
 * could not be made (out of memory; every out[i] then says so). */
bool http_fetch_many(const struct http_request *req, struct http_response *out, size_t n);

/* Frees the body of a response (the struct itself is the caller's). */
void http_response_clear(struct http_response *r);

/* "ok", "refused", "timeout", "tls-error", "tls-refused", "too-large", "too-many-redirects",
 * "does-not-resolve", "error". */
const char *http_result_name(enum http_result r);

#endif
