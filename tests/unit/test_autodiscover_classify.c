/* SPEC §4.7: what one autodiscover answer means, from the response alone, and which link
 * the client follows next (pure: no request is made). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "autodiscover_classify.h"

#define N(t) (sizeof(t) / sizeof((t)[0]))
#define URL "https://lyncdiscover.contoso.test/?sipuri=jeremy@contoso.test"

struct classify_case {
	const char *rule;
	enum http_result result;
	long status;
	const char *content_type;
	const char *error;           /* curl's words */
	bool tls_failed;             /* the certificate check refused the session */
	enum ad_outcome outcome;
	const char *detail;
};

static const struct classify_case classify_cases[] = {
	{ "a 3xx the client does not follow is named with its target", HTTP_OK, 302, "text/html", "", false,
	  AD_REDIRECT_NOT_FOLLOWED, "302 to https://elsewhere.test/" },
	{ "a 401 is an answer that asks for credentials", HTTP_OK, 401, "text/html", "", false, AD_UNAUTHORIZED, "" },
	{ "a 200 of another media type is no autodiscover document", HTTP_OK, 200, "text/html", "", false,
	  AD_CONTENT_TYPE, "" },
	{ "a 500 is an HTTP status failure", HTTP_OK, 500, "text/html", "", false, AD_HTTP_STATUS, "" },
	{ "a timeout says what curl said", HTTP_TIMEOUT, 0, "", "Operation timed out", false, AD_TIMEOUT,
	  "Operation timed out" },
	{ "a refused certificate says why the check refused it, not curl's words", HTTP_TLS_REFUSED, 0, "",
	  "the certificate check refused the server", true, AD_TLS_ERROR, "certificate rejected: expired" },
	{ "too many web-server redirects is an HTTP status failure, counting them", HTTP_TOO_MANY_REDIRECTS, 302, "",
	  "", false, AD_HTTP_STATUS, "too many web-server redirects (0 followed)" },
	{ "a document over the cap is not read", HTTP_TOO_LARGE, 200, AD_MEDIA_TYPE "; v=1", "", false,
	  AD_NOT_AUTODISCOVER, "the document is larger than 262144 bytes" },
};

static void spec4_7_each_answer_gets_its_outcome(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(classify_cases); i++) {
		const struct classify_case *c = &classify_cases[i];
		struct http_response *h = calloc(1, sizeof *h);
		struct ad_url *a = calloc(1, sizeof *a);
		struct ad_doc *doc = calloc(1, sizeof *doc);
		struct tls_report tls = { 0 };
		assert_non_null(h);
		assert_non_null(a);
		assert_non_null(doc);
		h->result = c->result;
		h->status = c->status;
		snprintf(h->content_type, sizeof h->content_type, "%s", c->content_type);
		snprintf(h->error, sizeof h->error, "%s", c->error);
		snprintf(h->location, sizeof h->location, "https://elsewhere.test/");
		struct ad_answer ans = { .request = URL, .resp = h, .has_tls = c->tls_failed, .tls = &tls,
					 .tls_outcome = c->tls_failed ? CONN_CERT_INVALID : CONN_OK,
					 .tls_detail = "certificate rejected: expired" };
		enum sd_status st = SD_OK;
		enum ad_outcome o = ad_classify(&ans, a, doc, &st);
		assert_int_equal(st, SD_OK);
		if (o != c->outcome || strcmp(a->detail, c->detail) != 0)
			fail_msg("%s: outcome %d detail \"%s\"", c->rule, (int)o, a->detail);
		assert_int_equal(a->status, c->status);
		free(h);
		free(a->links);
		free(a);
		free(doc);
	}
}

/* A document at level whose one link (token, href) is the one to follow. */
static struct ad_doc *doc_with_link(const char *token, const char *href)
{
	struct ad_doc *doc = calloc(1, sizeof *doc);
	assert_non_null(doc);
	doc->kind = AD_DOC_ROOT;
	snprintf(doc->links[0].token, sizeof doc->links[0].token, "%s", token);
	snprintf(doc->links[0].href, sizeof doc->links[0].href, "%s", href);
	doc->n_links = 1;
	doc->has_follow = true;
	doc->follow = doc->links[0];
	return doc;
}

struct link_case {
	const char *rule;
	const char *href;
	unsigned level;
	bool followed;
	const char *host;            /* when followed */
	enum ad_outcome outcome;     /* when not */
	const char *detail;
};

static const struct link_case link_cases[] = {
	{ "a Redirect link is followed to its host", "https://pool.contoso.test/x", 0, true, "pool.contoso.test",
	  AD_USABLE, "" },
	{ "an IPv6 literal host loses its brackets", "https://[2001:db8::1]:443/x", 0, true, "2001:db8::1", AD_USABLE,
	  "" },
	{ "a link back to the URL itself is a loop", URL, 0, false, NULL, AD_LINK_LOOP,
	  "the Redirect link leads back to a URL already requested" },
	{ "the eleventh link is not followed", "https://pool.contoso.test/x", AD_MAX_LINKS_FOLLOWED, false, NULL,
	  AD_LINK_LOOP, "more than 10 links followed" },
	{ "a link that is no http(s) URL is not followed", "ftp://pool.contoso.test/", 0, false, NULL,
	  AD_NOT_AUTODISCOVER, "the Redirect link is not an http(s) URL" },
};

static void spec4_7_the_client_follows_one_link_at_most_ten_deep_never_in_a_loop(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(link_cases); i++) {
		const struct link_case *c = &link_cases[i];
		struct ad_url *a = calloc(1, sizeof *a);
		assert_non_null(a);
		snprintf(a->url, sizeof a->url, "%s", URL);
		a->outcome = AD_USABLE;
		struct ad_doc *doc = doc_with_link("Redirect", c->href);
		struct ad_link_seen *next = NULL;
		char host[SD_QNAME_MAX] = "";
		assert_int_equal(ad_next_link(a, doc, c->level, &next, host, sizeof host), SD_OK);
		assert_int_equal(a->n_links, 1);
		if (c->followed != (next != NULL) || a->outcome != c->outcome || strcmp(a->detail, c->detail) != 0
		    || (c->followed && strcmp(host, c->host) != 0))
			fail_msg("%s: next %p outcome %d detail \"%s\" host \"%s\"", c->rule, (void *)next, (int)a->outcome,
				 a->detail, host);
		if (c->outcome == AD_LINK_LOOP)
			assert_false(a->links[0].followed); /* shown, not fetched */
		free(a->links);
		free(a);
		free(doc);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(spec4_7_each_answer_gets_its_outcome),
		cmocka_unit_test(spec4_7_the_client_follows_one_link_at_most_ten_deep_never_in_a_loop),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
