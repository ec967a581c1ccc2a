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

#include "http_xfer.h"

struct http_batch;

/* An empty set of requests, or NULL when out of memory. */
struct http_batch *http_batch_new(void);

/* Starts req (copied: its strings need not outlive this call), its id (0, 1, ...) into
 * *id. SD_ERR_NOMEM, or SD_ERR_INPUT when curl refuses the request, with *out saying why
 * (result HTTP_ERROR). *out is cleared now and must stay valid until http_batch_wait
 * reports the request done. */
enum sd_status http_batch_add(struct http_batch *b, const struct http_request *req, struct http_response *out,
			      size_t *id);

/* The id http_batch_wait gives when no request is done. */
#define HTTP_BATCH_NONE ((size_t)-1)

/*
 * Runs the pending requests together until one of them is done, fills its response and
 * sets *id to it. wait_ms < 0 waits as long as that takes; else at most about wait_ms (at
 * most 1 s) or until http_batch_wakeup. *id is HTTP_BATCH_NONE when none was done in that
 * time or none is pending (http_batch_pending tells which). Requests may be added between
 * waits, so a follow-up starts as soon as the answer it needs has come. SD_ERR_NOMEM or
 * SD_ERR_SOCKET when curl's multi interface fails.
 */
enum sd_status http_batch_wait(struct http_batch *b, int wait_ms, size_t *id);

/* Ends a wait of http_batch_wait early; safe to call from another thread. */
void http_batch_wakeup(struct http_batch *b);

/* Number of requests added and not yet reported done. */
size_t http_batch_pending(const struct http_batch *b);

/* Aborts what is still pending (their responses say HTTP_ERROR, "aborted") and frees. */
void http_batch_free(struct http_batch *b);

/* Frees the body of a response (the struct itself is the caller's). */
void http_response_clear(struct http_response *r);

#endif
