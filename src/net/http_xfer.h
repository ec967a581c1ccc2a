/* http_xfer.h — one GET of an http_batch: the curl easy handle set up from a request, its
 * callbacks filling the response, and the response's fields once it is done. */
#ifndef HTTP_XFER_H
#define HTTP_XFER_H

#include <curl/curl.h>
#include <stdbool.h>
#include <stddef.h>

#include "http_header.h"
#include "sd.h"

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

struct xfer {
	CURL *easy;
	struct http_response *out;
	struct curl_slist *headers;
	struct curl_slist *resolve;
	size_t max_body;
	size_t body_cap;           /* bytes allocated for out->body */
	http_tls_verify_fn verify;
	void *verify_ctx;
	bool verify_refused;
	bool too_large;
	bool done;
	char errbuf[CURL_ERROR_SIZE];
};

/* x for req, its response to go into out (cleared by the caller). SD_ERR_NOMEM, or
 * SD_ERR_INPUT when curl refuses an option, *out then saying why (result HTTP_ERROR). */
enum sd_status http_xfer_new(const struct http_request *req, struct http_response *out, struct xfer **x);

/* Fills x's response once curl reports the transfer done with rc, and marks x done. */
void http_xfer_finish(struct xfer *x, CURLcode rc);

/* Sets r's result to res and its error text to why. */
void http_xfer_error(struct http_response *r, enum http_result res, const char *why);

/* Frees x and its easy handle, once removed from any multi handle; NULL is fine. */
void http_xfer_free(struct xfer *x);

#endif
