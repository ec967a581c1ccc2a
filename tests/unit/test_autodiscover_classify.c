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
	{ "a 3xx the client follows is redirected, its Location the next hop", HTTP_OK, 301, "text/html", "", false,
	  AD_REDIRECTED, "301 to https://elsewhere.test/" },
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
		struct ad_answer ans = { .request = URL, .location = h->location, .follows_redirects = c->status == 301,
					 .resp = h, .has_tls = c->tls_failed, .tls = &tls,
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

/* A result with a chain of entries: urls[0] a first URL, each next one a hop (vias[i]) from the one before. */
static struct result *chain(const char *const *urls, const char *const *vias, size_t n)
{
	struct result *r = calloc(1, sizeof *r);
	assert_non_null(r);
	r->autodiscover = calloc(n + 1, sizeof *r->autodiscover);
	assert_non_null(r->autodiscover);
	r->n_autodiscover = n;
	for (size_t i = 0; i < n; i++) {
		struct ad_url *a = &r->autodiscover[i];
		snprintf(a->url, sizeof a->url, "%s", urls[i]);
		if (i > 0) {
			snprintf(a->via, sizeof a->via, "%s", vias[i]);
			a->from = i - 1;
		}
		a->outcome = AD_USABLE;
		a->status = 200;
	}
	return r;
}

static void free_chain(struct result *r)
{
	for (size_t i = 0; i < r->n_autodiscover; i++)
		free(r->autodiscover[i].links);
	free(r->autodiscover);
	free(r);
}

struct hop_case {
	const char *rule;
	size_t links, redirects;     /* hops of each kind already along the chain */
	const char *via;             /* the new hop's */
	const char *url;             /* resolved; "" when not http(s) */
	unsigned max_redirects;
	bool allowed;
	enum ad_outcome outcome;     /* the parent's, when refused */
	const char *detail;
};

static const struct hop_case hop_cases[] = {
	{ "a User link to another host is a hop", 0, 0, "User", "https://pool.contoso.test/x", 5, true, AD_USABLE, "" },
	{ "a link back to the first URL is a loop", 1, 0, "Redirect", URL, 5, false, AD_LINK_LOOP,
	  "the Redirect link leads back to a URL already requested" },
	{ "the eleventh link is not followed", AD_MAX_LINKS_FOLLOWED, 0, "Redirect", "https://pool.contoso.test/x", 5, false,
	  AD_LINK_LOOP, "more than 10 links followed" },
	{ "the tenth link is followed", AD_MAX_LINKS_FOLLOWED - 1, 0, "User", "https://pool.contoso.test/x", 5, true,
	  AD_USABLE, "" },
	{ "a link that is no http(s) URL is not followed", 0, 0, "Redirect", "", 5, false, AD_NOT_AUTODISCOVER,
	  "the Redirect link is not an http(s) URL" },
	{ "lync2013 follows the fifth redirect", 0, 4, "redirect", "https://webext.contoso.test/", 5, true, AD_USABLE, "" },
	{ "and not a sixth", 0, 5, "redirect", "https://webext.contoso.test/", 5, false, AD_HTTP_STATUS,
	  "too many web-server redirects (5 followed)" },
	{ "a redirect back to the URL itself is followed until the redirects run out", 0, 0, "redirect", URL, 5, true,
	  AD_USABLE, "" },
};

static void spec4_7_every_hop_is_a_request_of_its_own_within_the_clients_limits(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(hop_cases); i++) {
		const struct hop_case *c = &hop_cases[i];
		const char *urls[32], *vias[32];
		size_t n = 1 + c->links + c->redirects;
		urls[0] = URL;
		for (size_t k = 1; k < n; k++) {
			static char buf[32][64];
			snprintf(buf[k], sizeof buf[k], "https://h%zu.contoso.test/", k);
			urls[k] = buf[k];
			vias[k] = k <= c->links ? "Redirect" : "redirect";
		}
		struct result *r = chain(urls, vias, n);
		struct ad_url *p = &r->autodiscover[n - 1];
		p->links = calloc(1, sizeof *p->links);
		assert_non_null(p->links);
		p->n_links = 1;
		p->links[0].followed = true;
		bool ok = ad_hop_allowed(r, n - 1, c->via, c->url, c->max_redirects);
		if (ok != c->allowed || p->outcome != c->outcome || strcmp(p->detail, c->detail) != 0)
			fail_msg("%s: allowed %d outcome %d detail \"%s\"", c->rule, ok, (int)p->outcome, p->detail);
		if (c->outcome == AD_LINK_LOOP)
			assert_false(p->links[0].followed); /* shown, not fetched */
		free_chain(r);
	}
}

static const struct {
	const char *user, *sent;
} encode_cases[] = {
	{ "first+last", "first%2Blast" },
	{ "a&b=c", "a%26b%3Dc" },
	{ "x#y%z", "x%23y%25z" },
	{ "jeremy.o-k_~", "jeremy.o-k_~" },
	{ "at@kept", "at@kept" },
	{ "sp ace/\xc3\xa9", "sp%20ace%2F%C3%A9" },
};

static void spec4_7_the_user_part_is_percent_encoded_upper_case_keeping_at(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(encode_cases); i++) {
		char out[64];
		assert_true(ad_encode_user(encode_cases[i].user, out, sizeof out));
		assert_string_equal(out, encode_cases[i].sent);
	}
	char small[4];
	assert_false(ad_encode_user("a+b", small, sizeof small)); /* "a%2Bb" does not fit */
	assert_true(ad_encode_user("abc", small, sizeof small));
}

static void spec4_7_each_hop_comes_right_after_the_entry_it_came_from(void **state)
{
	(void)state;
	/* in arrival order: two first URLs, then the second's hop, then the first's, then the first hop's hop */
	struct result *r = calloc(1, sizeof *r);
	assert_non_null(r);
	r->autodiscover = calloc(5, sizeof *r->autodiscover);
	assert_non_null(r->autodiscover);
	r->n_autodiscover = 5;
	const char *names[] = { "a", "b", "b1", "a1", "a2" };
	const size_t from[] = { 0, 0, 1, 0, 3 };
	for (size_t i = 0; i < 5; i++) {
		snprintf(r->autodiscover[i].url, sizeof r->autodiscover[i].url, "%s", names[i]);
		if (i >= 2) {
			snprintf(r->autodiscover[i].via, sizeof r->autodiscover[i].via, "User");
			r->autodiscover[i].from = from[i];
		}
	}
	r->autodiscover[0].links = calloc(1, sizeof *r->autodiscover[0].links);
	assert_non_null(r->autodiscover[0].links);
	r->autodiscover[0].n_links = 1;
	r->autodiscover[0].links[0].followed = true;
	r->autodiscover[3].outcome = AD_TLS_ERROR;
	struct query q = { .ad_hop = 4 }; /* asked for a1, entry 3 in arrival order */
	r->queries = &q;
	r->n_queries = 1;
	assert_int_equal(ad_order(r), SD_OK);
	const char *want[] = { "a", "a1", "a2", "b", "b1" };
	const size_t want_from[] = { 0, 0, 1, 0, 3 };
	for (size_t i = 0; i < 5; i++) {
		assert_string_equal(r->autodiscover[i].url, want[i]);
		if (ad_is_hop(&r->autodiscover[i]))
			assert_int_equal(r->autodiscover[i].from, want_from[i]);
	}
	assert_int_equal(q.ad_hop, 2);                                     /* a1 is entry 1 now */
	assert_int_equal(r->autodiscover[0].links[0].led_to, AD_TLS_ERROR); /* the followed link led to a1 */
	r->queries = NULL;
	free_chain(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(spec4_7_each_answer_gets_its_outcome),
		cmocka_unit_test(spec4_7_every_hop_is_a_request_of_its_own_within_the_clients_limits),
		cmocka_unit_test(spec4_7_the_user_part_is_percent_encoded_upper_case_keeping_at),
		cmocka_unit_test(spec4_7_each_hop_comes_right_after_the_entry_it_came_from),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
