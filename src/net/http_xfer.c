/* http_xfer.c — one GET through a curl easy handle (see http_xfer.h). Each transfer keeps
 * its own header state; the header callback starts afresh at every status line, so that
 * after followed redirects the fields describe the last response and the chain keeps the
 * 3xx ones. */
#include "http_xfer.h"
#include "str.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define DEFAULT_TIMEOUT_MS 10000u

static size_t on_header(char *line, size_t size, size_t nitems, void *ud)
{
	struct xfer *x = ud;
	http_header_line(x->out, line, size * nitems);
	return size * nitems;
}

/* Keeps the body of the last response only, up to max_body bytes; past it, aborts. */
static size_t on_body(char *data, size_t size, size_t nmemb, void *ud)
{
	struct xfer *x = ud;
	struct http_response *r = x->out;
	size_t len = size * nmemb;
	if (len > x->max_body - r->body_len) {
		x->too_large = true;
		return 0;
	}
	if (r->body_len + len + 1 > x->body_cap) {
		size_t cap = x->body_cap ? x->body_cap : 4096;
		while (cap < r->body_len + len + 1)
			cap *= 2;
		unsigned char *nb = realloc(r->body, cap);
		if (!nb)
			return 0;
		r->body = nb;
		x->body_cap = cap;
	}
	memcpy(r->body + r->body_len, data, len);
	r->body_len += len;
	r->body[r->body_len] = '\0';
	return len;
}

/* The host of the URL being requested now (after redirects), for the verify callback. */
static bool current_host(CURL *easy, char *host, size_t n)
{
	char *url = NULL, *h = NULL;
	CURLU *u = curl_url();
	bool ok = u && curl_easy_getinfo(easy, CURLINFO_EFFECTIVE_URL, &url) == CURLE_OK && url &&
		  curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
		  curl_url_get(u, CURLUPART_HOST, &h, 0) == CURLUE_OK;
	if (ok)
		sd_copy(host, n, h);
	curl_free(h);
	curl_url_cleanup(u);
	return ok;
}

static int on_prereq(void *ud, char *primary_ip, char *local_ip, int primary_port, int local_port)
{
	struct xfer *x = ud;
	(void)primary_ip, (void)local_ip, (void)primary_port, (void)local_port;
	struct curl_tlssessioninfo *info = NULL;
	char *scheme = NULL;
	if (!x->verify || (curl_easy_getinfo(x->easy, CURLINFO_SCHEME, &scheme) == CURLE_OK && scheme &&
			   strcasecmp(scheme, "https") != 0))
		return CURL_PREREQFUNC_OK; /* plain http: nothing to judge */
	if (curl_easy_getinfo(x->easy, CURLINFO_TLS_SSL_PTR, &info) != CURLE_OK)
		info = NULL;
	char host[256];
	/* A libcurl built on another TLS library gives no gnutls session: nothing can be judged. */
	if (!info || info->backend != CURLSSLBACKEND_GNUTLS || !info->internals ||
	    !current_host(x->easy, host, sizeof host) || x->verify(info->internals, host, x->verify_ctx)) {
		x->verify_refused = true;
		return CURL_PREREQFUNC_ABORT;
	}
	return CURL_PREREQFUNC_OK;
}

/* "host:port:addr" for the URL's own host, so that curl never resolves it. */
static bool pin_entry(const char *url, const char *addr, char *entry, size_t n)
{
	char *host = NULL, *port = NULL;
	CURLU *u = curl_url();
	bool ok = u && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
		  curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK &&
		  curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) == CURLUE_OK;
	if (ok) {
		const char *fmt = strchr(addr, ':') ? "%s:%s:[%s]" : "%s:%s:%s";
		int w = snprintf(entry, n, fmt, host, port, addr);
		ok = w > 0 && (size_t)w < n;
	}
	curl_free(host);
	curl_free(port);
	curl_url_cleanup(u);
	return ok;
}

static bool list_add(struct curl_slist **list, const char *s)
{
	struct curl_slist *l = curl_slist_append(*list, s);
	if (!l)
		return false;
	*list = l;
	return true;
}

static bool build_lists(struct xfer *x, const struct http_request *req)
{
	char line[600];
	snprintf(line, sizeof line, "Accept: %s", req->accept ? req->accept : HTTP_ACCEPT_AUTODISCOVER);
	if (!list_add(&x->headers, line))
		return false;
	if (req->pin_addr) {
		if (!pin_entry(req->url, req->pin_addr, line, sizeof line) || !list_add(&x->resolve, line))
			return false;
	}
	for (size_t i = 0; req->resolve && req->resolve[i]; i++)
		if (!list_add(&x->resolve, req->resolve[i]))
			return false;
	return true;
}

#define SET(opt, val) (rc = rc != CURLE_OK ? rc : curl_easy_setopt(x->easy, opt, val))

static CURLcode setup_easy(struct xfer *x, const struct http_request *req)
{
	CURLcode rc = CURLE_OK;
	long timeout = (long)(req->timeout_ms ? req->timeout_ms : DEFAULT_TIMEOUT_MS);
	SET(CURLOPT_URL, req->url);
	SET(CURLOPT_PROTOCOLS_STR, "http,https");
	SET(CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	SET(CURLOPT_HTTPGET, 1L);
	SET(CURLOPT_NOSIGNAL, 1L);
	SET(CURLOPT_TIMEOUT_MS, timeout);
	SET(CURLOPT_CONNECTTIMEOUT_MS, timeout);
	SET(CURLOPT_FOLLOWLOCATION, req->max_redirects > 0 ? 1L : 0L);
	SET(CURLOPT_MAXREDIRS, (long)(req->max_redirects > 0 ? req->max_redirects : 0));
	SET(CURLOPT_HTTPHEADER, x->headers);
	if (x->resolve)
		SET(CURLOPT_RESOLVE, x->resolve);
	if (req->user_agent)
		SET(CURLOPT_USERAGENT, req->user_agent);
	SET(CURLOPT_SUPPRESS_CONNECT_HEADERS, 1L);
	SET(CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)x->max_body);
	/* SPEC §4.7: certificates are judged by the caller, as for SIP attempts. */
	SET(CURLOPT_SSL_VERIFYPEER, 0L);
	SET(CURLOPT_SSL_VERIFYHOST, 0L);
	/* ... so curl needs no trust store: its GnuTLS build would read the system's on every
	 * connection, one after the other on this thread (make bench: 50-80 ms per request). */
	SET(CURLOPT_CAINFO, NULL);
	SET(CURLOPT_CAPATH, NULL);
	SET(CURLOPT_PREREQFUNCTION, on_prereq);
	SET(CURLOPT_PREREQDATA, x);
	SET(CURLOPT_HEADERFUNCTION, on_header);
	SET(CURLOPT_HEADERDATA, x);
	SET(CURLOPT_WRITEFUNCTION, on_body);
	SET(CURLOPT_WRITEDATA, x);
	SET(CURLOPT_ERRORBUFFER, x->errbuf);
	SET(CURLOPT_PRIVATE, x);
	return rc;
}

void http_xfer_free(struct xfer *x)
{
	if (!x)
		return;
	curl_easy_cleanup(x->easy);
	curl_slist_free_all(x->headers);
	curl_slist_free_all(x->resolve);
	free(x);
}

void http_xfer_error(struct http_response *r, enum http_result res, const char *why)
{
	r->result = res;
	sd_copy(r->error, sizeof r->error, why);
}

enum sd_status http_xfer_new(const struct http_request *req, struct http_response *out, struct xfer **xp)
{
	struct xfer *x = calloc(1, sizeof *x);
	*xp = NULL;
	if (!x || !(x->easy = curl_easy_init())) {
		free(x);
		http_xfer_error(out, HTTP_ERROR, "out of memory");
		return SD_ERR_NOMEM;
	}
	x->out = out;
	x->max_body = req->max_body ? req->max_body : HTTP_MAX_BODY;
	x->verify = req->verify;
	x->verify_ctx = req->verify_ctx;
	CURLcode rc = CURLE_OUT_OF_MEMORY;
	if (!build_lists(x, req) || (rc = setup_easy(x, req)) != CURLE_OK) {
		http_xfer_error(out, HTTP_ERROR, req->pin_addr && rc == CURLE_OUT_OF_MEMORY
							 ? "cannot pin the URL's host to the address" : curl_easy_strerror(rc));
		http_xfer_free(x);
		return rc == CURLE_OUT_OF_MEMORY ? SD_ERR_NOMEM : SD_ERR_INPUT;
	}
	*xp = x;
	return SD_OK;
}

static enum http_result classify(CURLcode rc, const struct xfer *x)
{
	if (x->verify_refused)
		return HTTP_TLS_REFUSED;
	if (x->too_large || rc == CURLE_FILESIZE_EXCEEDED)
		return HTTP_TOO_LARGE;
	switch (rc) {
	case CURLE_OK:
		return HTTP_OK;
	case CURLE_COULDNT_CONNECT:
		return HTTP_REFUSED;
	case CURLE_OPERATION_TIMEDOUT:
		return HTTP_TIMEOUT;
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_ISSUER_ERROR:
		return HTTP_TLS_ERROR;
	case CURLE_TOO_MANY_REDIRECTS:
		return HTTP_TOO_MANY_REDIRECTS;
	case CURLE_COULDNT_RESOLVE_HOST:
		return HTTP_NO_RESOLVE;
	default:
		return HTTP_ERROR;
	}
}

static double ms(CURL *easy, CURLINFO what)
{
	curl_off_t us = 0;
	return curl_easy_getinfo(easy, what, &us) == CURLE_OK ? (double)us / 1000.0 : 0.0;
}

/* Fills the response of a finished transfer from curl's counters. */
void http_xfer_finish(struct xfer *x, CURLcode rc)
{
	struct http_response *r = x->out;
	CURL *e = x->easy;
	char *s = NULL;
	long l = 0;
	if (curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &l) == CURLE_OK && l)
		r->status = l;
	if (curl_easy_getinfo(e, CURLINFO_PRIMARY_IP, &s) == CURLE_OK && s)
		sd_copy(r->primary_ip, sizeof r->primary_ip, s);
	if (curl_easy_getinfo(e, CURLINFO_PRIMARY_PORT, &l) == CURLE_OK)
		r->primary_port = l;
	if (curl_easy_getinfo(e, CURLINFO_EFFECTIVE_URL, &s) == CURLE_OK && s)
		sd_copy(r->effective_url, sizeof r->effective_url, s);
	if (curl_easy_getinfo(e, CURLINFO_SCHEME, &s) == CURLE_OK && s)
		r->tls = strcasecmp(s, "https") == 0;
	r->connect_ms = ms(e, CURLINFO_CONNECT_TIME_T);
	r->tls_ms = ms(e, CURLINFO_APPCONNECT_TIME_T);
	r->first_byte_ms = ms(e, CURLINFO_STARTTRANSFER_TIME_T);
	r->total_ms = ms(e, CURLINFO_TOTAL_TIME_T);
	r->result = classify(rc, x);
	if (r->result == HTTP_TLS_REFUSED)
		http_xfer_error(r, HTTP_TLS_REFUSED, "the certificate check refused the server");
	else if (r->result == HTTP_TOO_LARGE)
		snprintf(r->error, sizeof r->error, "the body is larger than %zu bytes", x->max_body);
	else if (rc != CURLE_OK)
		http_xfer_error(r, r->result, x->errbuf[0] ? x->errbuf : curl_easy_strerror(rc));
	x->done = true;
}

