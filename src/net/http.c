/* http.c — the batch of GETs that run together through libcurl's multi interface (see
 * http.h); one transfer's set-up and response are http_xfer.c's. */
#include "http.h"

#include <stdlib.h>
#include <string.h>

struct http_batch {
	CURLM *multi;
	struct xfer **x;
	size_t n, cap;
	size_t pending;
};

struct http_batch *http_batch_new(void)
{
	struct http_batch *b = calloc(1, sizeof *b);
	if (!b)
		return NULL;
	b->multi = curl_multi_init();
	if (!b->multi) {
		free(b);
		return NULL;
	}
	return b;
}

/* The status of a failed call of curl's multi interface. */
static enum sd_status multi_status(CURLMcode mc)
{
	return mc == CURLM_OUT_OF_MEMORY ? SD_ERR_NOMEM : SD_ERR_SOCKET;
}

enum sd_status http_batch_add(struct http_batch *b, const struct http_request *req, struct http_response *out,
			      size_t *id)
{
	memset(out, 0, sizeof *out);
	if (b->n == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 8;
		struct xfer **nx = realloc(b->x, cap * sizeof *nx);
		if (!nx) {
			http_xfer_error(out, HTTP_ERROR, "out of memory");
			return SD_ERR_NOMEM;
		}
		b->x = nx;
		b->cap = cap;
	}
	struct xfer *x;
	enum sd_status st = http_xfer_new(req, out, &x);
	if (st != SD_OK)
		return st;
	CURLMcode mc = curl_multi_add_handle(b->multi, x->easy);
	if (mc != CURLM_OK) {
		http_xfer_error(out, HTTP_ERROR, "cannot start the transfer");
		http_xfer_free(x);
		return multi_status(mc);
	}
	b->x[b->n] = x;
	b->pending++;
	*id = b->n++;
	return SD_OK;
}

size_t http_batch_pending(const struct http_batch *b)
{
	return b->pending;
}

/* The id of the transfer m reports done, its response filled; HTTP_BATCH_NONE for a message
 * that is not about a transfer of b. */
static size_t take_done(struct http_batch *b, CURLMsg *m)
{
	char *priv = NULL;
	if (m->msg != CURLMSG_DONE || curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, &priv) != CURLE_OK || !priv)
		return HTTP_BATCH_NONE;
	struct xfer *x = (struct xfer *)(void *)priv;
	http_xfer_finish(x, m->data.result);
	curl_multi_remove_handle(b->multi, x->easy);
	b->pending--;
	for (size_t i = 0; i < b->n; i++)
		if (b->x[i] == x)
			return i;
	return HTTP_BATCH_NONE;
}

enum sd_status http_batch_wait(struct http_batch *b, int wait_ms, size_t *id)
{
	bool polled = false;
	*id = HTTP_BATCH_NONE;
	while (b->pending > 0) {
		int running = 0, queued = 0;
		CURLMcode mc = curl_multi_perform(b->multi, &running);
		if (mc != CURLM_OK)
			return multi_status(mc);
		CURLMsg *m;
		while ((m = curl_multi_info_read(b->multi, &queued)))
			if ((*id = take_done(b, m)) != HTTP_BATCH_NONE)
				return SD_OK;
		if (wait_ms >= 0 && (polled || wait_ms == 0))
			return SD_OK; /* none done yet */
		mc = curl_multi_poll(b->multi, NULL, 0, wait_ms < 0 || wait_ms > 1000 ? 1000 : wait_ms, NULL);
		if (mc != CURLM_OK)
			return multi_status(mc);
		polled = true;
	}
	return SD_OK;
}

void http_batch_wakeup(struct http_batch *b)
{
	curl_multi_wakeup(b->multi);
}

void http_batch_free(struct http_batch *b)
{
	if (!b)
		return;
	for (size_t i = 0; i < b->n; i++) {
		struct xfer *x = b->x[i];
		if (!x->done) {
			curl_multi_remove_handle(b->multi, x->easy);
			http_xfer_error(x->out, HTTP_ERROR, "aborted");
		}
		http_xfer_free(x);
	}
	free(b->x);
	curl_multi_cleanup(b->multi);
	free(b);
}

void http_response_clear(struct http_response *r)
{
	free(r->body);
	r->body = NULL;
	r->body_len = 0;
}
