/*
 * http-get — fetches URLs through src/net/http.c's batch (all of them at once) and prints each
 * response as key=value lines, one block per URL in the order given, for tests/e2e/http.bats.
 *
 *   http-get [--pin ADDR] [--resolve HOST:PORT:ADDR] [--ca FILE] [--timeout MS]
 *            [--max-redirects N] [--max-body BYTES] [--body] URL...
 *
 * --ca makes the verify callback check the server's chain and name against FILE with
 * GnuTLS; it prints verify=ok or verify=<GnuTLS's reason> and refuses a bad certificate.
 * Exit 0 when every URL got HTTP_OK, 1 otherwise, 2 on a usage error.
 */
#include <curl/curl.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"

#define MAX_URLS 16
#define MAX_RESOLVE 8

struct verify_ctx {
	gnutls_x509_trust_list_t trust;
	char said[MAX_URLS][200];
	int index; /* which URL this context is for */
};

struct per_url {
	struct verify_ctx *shared;
	int index;
};

static int verify(void *session, const char *host, void *ud)
{
	struct per_url *pu = ud;
	char *said = pu->shared->said[pu->index];
	unsigned n = 0;
	const gnutls_datum_t *raw = gnutls_certificate_get_peers(session, &n);
	gnutls_x509_crt_t chain[16];
	unsigned got = 0;
	unsigned status = GNUTLS_CERT_INVALID;
	for (; raw && got < n && got < 16; got++) {
		if (gnutls_x509_crt_init(&chain[got]) < 0)
			break;
		if (gnutls_x509_crt_import(chain[got], &raw[got], GNUTLS_X509_FMT_DER) < 0) {
			gnutls_x509_crt_deinit(chain[got]);
			break;
		}
	}
	gnutls_typed_vdata_st name = {.type = GNUTLS_DT_DNS_HOSTNAME, .data = (unsigned char *)host};
	if (got == 0 || gnutls_x509_trust_list_verify_crt2(pu->shared->trust, chain, got, &name, 1, 0,
							    &status, NULL) < 0)
		status = GNUTLS_CERT_INVALID;
	for (unsigned i = 0; i < got; i++)
		gnutls_x509_crt_deinit(chain[i]);
	gnutls_datum_t text = {NULL, 0};
	if (status == 0)
		snprintf(said, 200, "ok");
	else if (gnutls_certificate_verification_status_print(status, GNUTLS_CRT_X509, &text, 0) == 0) {
		snprintf(said, 200, "%s", (char *)text.data);
		gnutls_free(text.data);
	} else
		snprintf(said, 200, "invalid (status 0x%x)", status);
	return status != 0;
}

/* The result's name as http.bats spells it. */
static const char *result_name(enum http_result r)
{
	static const char *const names[] = {
		[HTTP_OK] = "ok",
		[HTTP_REFUSED] = "refused",
		[HTTP_TIMEOUT] = "timeout",
		[HTTP_TLS_ERROR] = "tls-error",
		[HTTP_TLS_REFUSED] = "tls-refused",
		[HTTP_TOO_LARGE] = "too-large",
		[HTTP_TOO_MANY_REDIRECTS] = "too-many-redirects",
		[HTTP_NO_RESOLVE] = "does-not-resolve",
		[HTTP_ERROR] = "error",
	};
	return (unsigned)r < sizeof names / sizeof names[0] && names[r] ? names[r] : "error";
}

/* Runs every request of req together until all are done, as autodiscover.c does; false
 * (said on stderr) when the batch cannot be made or fails. */
static bool fetch_all(const struct http_request *req, struct http_response *out, size_t n)
{
	struct http_batch *b = http_batch_new();
	if (!b) {
		fprintf(stderr, "http-get: out of memory\n");
		return false;
	}
	size_t id;
	enum sd_status st = SD_OK;
	for (size_t i = 0; i < n; i++)
		(void)http_batch_add(b, &req[i], &out[i], &id); /* a request not started says why in out[i] */
	while (st == SD_OK && http_batch_pending(b) > 0)
		st = http_batch_wait(b, -1, &id);
	http_batch_free(b);
	if (st != SD_OK)
		fprintf(stderr, "http-get: %s\n", sd_strerror(st));
	return st == SD_OK;
}

static void print_response(const char *url, const struct http_response *r, const char *verified, int body)
{
	printf("url=%s\nresult=%s\nerror=%s\nstatus=%ld\ncontent_type=%s\nlocation=%s\n", url,
	       result_name(r->result), r->error, r->status, r->content_type, r->location);
	printf("schemes=");
	for (size_t i = 0; i < r->n_schemes; i++)
		printf("%s%s", i ? "," : "", r->schemes[i]);
	printf("\nwebticket_url=%s\nprimary_ip=%s\nprimary_port=%ld\neffective_url=%s\n", r->webticket_url,
	       r->primary_ip, r->primary_port, r->effective_url);
	printf("hops=%zu\n", r->n_hops);
	for (size_t i = 0; i < r->n_hops; i++)
		printf("hop%zu=%ld %s\n", i, r->hops[i].status, r->hops[i].location);
	printf("tls=%d\nverify=%s\nbody_len=%zu\n", r->tls, verified, r->body_len);
	printf("connect_ms=%.1f\ntls_ms=%.1f\nfirst_byte_ms=%.1f\ntotal_ms=%.1f\n", r->connect_ms, r->tls_ms,
	       r->first_byte_ms, r->total_ms);
	if (body && r->body)
		printf("body=%s\n", (const char *)r->body);
	printf("\n");
}

static int usage(void)
{
	fprintf(stderr, "usage: http-get [--pin ADDR] [--resolve HOST:PORT:ADDR] [--ca FILE] [--timeout MS]\n"
			"                [--max-redirects N] [--max-body BYTES] [--body] URL...\n");
	return 2;
}

int main(int argc, char **argv)
{
	struct http_request base = {0};
	const char *resolve[MAX_RESOLVE + 1] = {0};
	const char *urls[MAX_URLS];
	size_t n_resolve = 0, n_urls = 0;
	const char *ca = NULL;
	int body = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		int has = i + 1 < argc;
		if (strcmp(a, "--pin") == 0 && has)
			base.pin_addr = argv[++i];
		else if (strcmp(a, "--resolve") == 0 && has && n_resolve < MAX_RESOLVE)
			resolve[n_resolve++] = argv[++i];
		else if (strcmp(a, "--ca") == 0 && has)
			ca = argv[++i];
		else if (strcmp(a, "--timeout") == 0 && has)
			base.timeout_ms = (unsigned)strtoul(argv[++i], NULL, 10);
		else if (strcmp(a, "--max-redirects") == 0 && has)
			base.max_redirects = atoi(argv[++i]);
		else if (strcmp(a, "--max-body") == 0 && has)
			base.max_body = strtoul(argv[++i], NULL, 10);
		else if (strcmp(a, "--body") == 0)
			body = 1;
		else if (a[0] == '-' || n_urls == MAX_URLS)
			return usage();
		else
			urls[n_urls++] = a;
	}
	if (n_urls == 0)
		return usage();
	base.resolve = resolve;

	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		fprintf(stderr, "http-get: curl_global_init failed\n");
		return 1;
	}
	static struct verify_ctx vc;
	static struct per_url pu[MAX_URLS];
	if (ca) {
		if (gnutls_x509_trust_list_init(&vc.trust, 0) < 0 ||
		    gnutls_x509_trust_list_add_trust_file(vc.trust, ca, NULL, GNUTLS_X509_FMT_PEM, 0, 0) <= 0) {
			fprintf(stderr, "http-get: %s: no CA certificate loaded\n", ca);
			return 1;
		}
	}
	struct http_request req[MAX_URLS];
	static struct http_response resp[MAX_URLS];
	for (size_t i = 0; i < n_urls; i++) {
		req[i] = base;
		req[i].url = urls[i];
		snprintf(vc.said[i], sizeof vc.said[i], "%s", ca ? "not-called" : "off");
		pu[i] = (struct per_url){&vc, (int)i};
		if (ca) {
			req[i].verify = verify;
			req[i].verify_ctx = &pu[i];
		}
	}
	int rc = fetch_all(req, resp, n_urls) ? 0 : 1;
	for (size_t i = 0; i < n_urls; i++) {
		print_response(urls[i], &resp[i], vc.said[i], body);
		if (resp[i].result != HTTP_OK)
			rc = 1;
		http_response_clear(&resp[i]);
	}
	if (ca)
		gnutls_x509_trust_list_deinit(vc.trust, 1);
	curl_global_cleanup();
	if (fflush(stdout) != 0 || ferror(stdout))
		return 1;
	return rc;
}
