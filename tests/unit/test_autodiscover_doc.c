/*
 * test_autodiscover_doc.c — SPEC §4.7: what an AutodiscoverResponse document says, and
 * which documents are refused (bounds, entities, not autodiscover). Each document is
 * parsed whole and also fed byte by byte: the streaming parser must not depend on chunking.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "autodiscover_doc.h"

#define N(table) (sizeof(table) / sizeof((table)[0]))

#define HEAD "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
#define XSI "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" " \
	    "xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\""
#define NS "xmlns=\"http://schemas.microsoft.com/rtc/2009/autodiscover\""
#define ROOT_URL "https://lyncdiscover.contoso.com/Autodiscover/AutodiscoverService.svc/root"

struct doc_case {
	const char *name;
	const char *text;
	enum ad_doc_kind kind;
	size_t n_links;
	const char *follow_token; /* NULL: no link to follow */
	const char *follow_href;
	const char *client_internal; /* "fqdn:port", NULL: absent */
	const char *client_external;
	bool external;
};

static const struct doc_case cases[] = {
	{"root with a User link",
	 HEAD "<AutodiscoverResponse " XSI " AccessLocation=\"Internal\"><Root>"
	      "<Link token=\"Domain\" href=\"" ROOT_URL "/domain?originalDomain=contoso.com\"/>"
	      "<Link token=\"User\" href=\"" ROOT_URL "/oauth/user?originalDomain=contoso.com\"/>"
	      "<Link token=\"Self\" href=\"" ROOT_URL "?originalDomain=contoso.com\"/>"
	      "</Root></AutodiscoverResponse>",
	 AD_DOC_ROOT, 3, "User", ROOT_URL "/oauth/user?originalDomain=contoso.com", NULL, NULL, false},
	{"root with a Redirect link, token in another case, before a User link",
	 "<AutodiscoverResponse><Root>"
	 "<Link token=\"Self\" href=\"https://a/self\"/>"
	 "<Link token=\"rEdIrEcT\" href=\"https://lyncdiscover.fabrikam.com/\"/>"
	 "<Link token=\"User\" href=\"https://a/user\"/>"
	 "</Root></AutodiscoverResponse>",
	 AD_DOC_ROOT, 3, "rEdIrEcT", "https://lyncdiscover.fabrikam.com/", NULL, NULL, false},
	{"user with both client accesses in reversed order, with namespaces",
	 HEAD "<AutodiscoverResponse " NS " " XSI " AccessLocation=\"Internal\"><User>"
	      "<SipServerInternalAccess fqdn=\"fe.contoso.com\" port=\"5061\"/>"
	      "<SipClientExternalAccess fqdn=\"sip.contoso.com\" port=\"443\"/>"
	      "<SipServerExternalAccess fqdn=\"edge.contoso.com\" port=\"5061\"/>"
	      "<SipClientInternalAccess fqdn=\"pool.contoso.com\" port=\"5061\"/>"
	      "<Link token=\"Internal/Autodiscover\" href=\"https://a/x\"/>"
	      "</User></AutodiscoverResponse>",
	 AD_DOC_USER, 1, NULL, NULL, "pool.contoso.com:5061", "sip.contoso.com:443", false},
	{"prefixed elements match by local name",
	 "<ad:AutodiscoverResponse xmlns:ad=\"urn:x\"><ad:User>"
	 "<ad:SipClientInternalAccess fqdn=\"pool.contoso.com\" port=\"5061\"/>"
	 "</ad:User></ad:AutodiscoverResponse>",
	 AD_DOC_USER, 0, NULL, NULL, "pool.contoso.com:5061", NULL, false},
	{"AccessLocation External",
	 "<AutodiscoverResponse AccessLocation=\"External\"><User>"
	 "<SipClientInternalAccess fqdn=\"pool.contoso.com\" port=\"5061\"/>"
	 "<SipClientExternalAccess fqdn=\"sip.contoso.com\" port=\"443\"/>"
	 "</User></AutodiscoverResponse>",
	 AD_DOC_USER, 0, NULL, NULL, "pool.contoso.com:5061", "sip.contoso.com:443", true},
	{"root without links", "<AutodiscoverResponse><Root/></AutodiscoverResponse>", AD_DOC_ROOT, 0,
	 NULL, NULL, NULL, NULL, false},
	{"a Link outside Root/User is not a link",
	 "<AutodiscoverResponse><Link token=\"User\" href=\"https://a\"/><Root><X>"
	 "<Link token=\"User\" href=\"https://b\"/></X></Root></AutodiscoverResponse>",
	 AD_DOC_ROOT, 0, NULL, NULL, NULL, NULL, false},
	{"a User link without href is shown, not followed",
	 "<AutodiscoverResponse><Root><Link token=\"User\"/><Link token=\"User\" href=\"https://b\"/>"
	 "</Root></AutodiscoverResponse>",
	 AD_DOC_ROOT, 2, "User", "https://b", NULL, NULL, false},
	{"not an autodiscover document", HEAD "<html><body>Sign in</body></html>",
	 AD_DOC_NOT_AUTODISCOVER, 0, NULL, NULL, NULL, NULL, false},
	{"AutodiscoverResponse with neither Root nor User",
	 "<AutodiscoverResponse><Error/></AutodiscoverResponse>", AD_DOC_NOT_AUTODISCOVER, 0, NULL,
	 NULL, NULL, NULL, false},
	{"JSON is malformed XML", "{\"_links\":{\"user\":{\"href\":\"https://a\"}}}", AD_DOC_MALFORMED, 0,
	 NULL, NULL, NULL, NULL, false},
	{"an unclosed document is malformed", "<AutodiscoverResponse><Root><Link token=\"User\" href=\"x\"/>",
	 AD_DOC_MALFORMED, 0, NULL, NULL, NULL, NULL, false},
	{"an empty body is malformed", "", AD_DOC_MALFORMED, 0, NULL, NULL, NULL, NULL, false},
	{"an entity declaration refuses the document",
	 "<!DOCTYPE AutodiscoverResponse [<!ENTITY a \"x\">]><AutodiscoverResponse><Root>"
	 "<Link token=\"User\" href=\"&a;\"/></Root></AutodiscoverResponse>",
	 AD_DOC_NOT_AUTODISCOVER, 0, NULL, NULL, NULL, NULL, false},
	{"an external entity is refused, never read",
	 "<!DOCTYPE AutodiscoverResponse [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
	 "<AutodiscoverResponse><Root><Link token=\"User\" href=\"&e;\"/></Root></AutodiscoverResponse>",
	 AD_DOC_NOT_AUTODISCOVER, 0, NULL, NULL, NULL, NULL, false},
	{"port out of range makes the access invalid",
	 "<AutodiscoverResponse><User><SipClientInternalAccess fqdn=\"pool.contoso.com\" port=\"65536\"/>"
	 "<SipClientExternalAccess fqdn=\"sip.contoso.com\" port=\"44x\"/></User></AutodiscoverResponse>",
	 AD_DOC_USER, 0, NULL, NULL, "invalid", "invalid", false},
};

static void check_case(const struct doc_case *c, const struct ad_doc *d, const char *how)
{
	if (d->kind != c->kind)
		fail_msg("%s (%s): kind %s, want %s (%s)", c->name, how, ad_doc_kind_name(d->kind),
			 ad_doc_kind_name(c->kind), d->why);
	if (d->kind == AD_DOC_MALFORMED || d->kind == AD_DOC_NOT_AUTODISCOVER) {
		if (d->why[0] == '\0')
			fail_msg("%s (%s): refused without a reason", c->name, how);
		assert_int_equal(d->n_links, 0);
		assert_false(d->has_follow);
	}
	if (d->n_links != c->n_links)
		fail_msg("%s (%s): %zu links, want %zu", c->name, how, d->n_links, c->n_links);
	if ((c->follow_token != NULL) != d->has_follow)
		fail_msg("%s (%s): has_follow %d", c->name, how, d->has_follow);
	if (c->follow_token) {
		assert_string_equal(d->follow.token, c->follow_token);
		assert_string_equal(d->follow.href, c->follow_href);
	}
	const char *want[2] = {c->client_internal, c->client_external};
	for (int k = 0; k < 2; k++) {
		const struct ad_access *a = &d->access[k];
		char got[300] = "";
		if (a->present && a->valid)
			snprintf(got, sizeof got, "%s:%u", a->fqdn, a->port);
		else if (a->present)
			snprintf(got, sizeof got, "invalid");
		if (strcmp(got, want[k] ? want[k] : "") != 0)
			fail_msg("%s (%s): %s is \"%s\", want \"%s\"", c->name, how,
				 ad_access_name((enum ad_access_kind)k), got, want[k] ? want[k] : "");
	}
	if (d->external != c->external)
		fail_msg("%s (%s): external %d", c->name, how, d->external);
}

static void spec4_7_documents_read_whole_and_byte_by_byte(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(cases); i++) {
		struct ad_doc d;
		assert_int_equal(ad_doc_parse(cases[i].text, strlen(cases[i].text), &d), SD_OK);
		check_case(&cases[i], &d, "whole");

		struct ad_doc_parser *p;
		assert_int_equal(ad_doc_parser_new(&p), SD_OK);
		for (const char *s = cases[i].text; *s; s++)
			if (!ad_doc_parser_feed(p, s, 1))
				break;
		assert_int_equal(ad_doc_parser_finish(p, &d), SD_OK);
		ad_doc_parser_free(p);
		check_case(&cases[i], &d, "byte by byte");
	}
}

static void spec4_7_user_document_keeps_server_accesses_for_the_report(void **state)
{
	(void)state;
	struct ad_doc d;
	assert_int_equal(ad_doc_parse(cases[2].text, strlen(cases[2].text), &d), SD_OK);
	assert_true(d.access[AD_ACCESS_SERVER_INTERNAL].present);
	assert_string_equal(d.access[AD_ACCESS_SERVER_INTERNAL].fqdn, "fe.contoso.com");
	assert_string_equal(d.access[AD_ACCESS_SERVER_EXTERNAL].fqdn, "edge.contoso.com");
	assert_string_equal(d.access_location, "Internal");
}

static void spec4_7_port_text_is_kept_when_out_of_range(void **state)
{
	(void)state;
	struct ad_doc d;
	const struct doc_case *c = &cases[N(cases) - 1];
	assert_int_equal(ad_doc_parse(c->text, strlen(c->text), &d), SD_OK);
	assert_string_equal(d.access[AD_ACCESS_CLIENT_INTERNAL].port_text, "65536");
	assert_int_equal(d.access[AD_ACCESS_CLIENT_INTERNAL].port, 0);
}

/* A buffer holding prefix, then count copies of unit, then suffix. */
static char *repeat(const char *prefix, const char *unit, size_t count, const char *suffix)
{
	size_t pl = strlen(prefix), ul = strlen(unit), sl = strlen(suffix);
	char *s = malloc(pl + ul * count + sl + 1);
	assert_non_null(s);
	memcpy(s, prefix, pl);
	for (size_t i = 0; i < count; i++)
		memcpy(s + pl + i * ul, unit, ul);
	memcpy(s + pl + ul * count, suffix, sl + 1);
	return s;
}

static void expect_refused(const char *text, size_t len, enum ad_doc_kind kind, const char *why_part)
{
	struct ad_doc d;
	assert_int_equal(ad_doc_parse(text, len, &d), SD_OK);
	assert_int_equal(d.kind, kind);
	if (!strstr(d.why, why_part))
		fail_msg("why \"%s\" does not say \"%s\"", d.why, why_part);
}

static void spec4_7_depth_is_bounded(void **state)
{
	(void)state;
	char *ok = repeat("<AutodiscoverResponse><Root>", "<a>", 30, "");
	char *deep = repeat("<AutodiscoverResponse><Root>", "<a>", 31, "");
	/* 32 levels open is allowed (the document then ends unclosed: malformed, not too deep). */
	expect_refused(ok, strlen(ok), AD_DOC_MALFORMED, "well-formed");
	expect_refused(deep, strlen(deep), AD_DOC_MALFORMED, "deeper than 32");
	free(ok);
	free(deep);
}

static void spec4_7_size_is_bounded(void **state)
{
	(void)state;
	size_t units = AD_DOC_MAX_BYTES / 8; /* 8-byte comments: just over the bound with the tags */
	char *big = repeat("<AutodiscoverResponse><Root>", "<!--x-->", units, "</Root></AutodiscoverResponse>");
	expect_refused(big, strlen(big), AD_DOC_MALFORMED, "larger than 256 KiB");

	/* In chunks too: the bound is on the total, not on one chunk. */
	struct ad_doc_parser *p;
	assert_int_equal(ad_doc_parser_new(&p), SD_OK);
	size_t len = strlen(big), off = 0;
	bool more = true;
	while (more && off < len) {
		size_t n = len - off < 4096 ? len - off : 4096;
		more = ad_doc_parser_feed(p, big + off, n);
		off += n;
	}
	assert_false(more);
	struct ad_doc d;
	assert_int_equal(ad_doc_parser_finish(p, &d), SD_OK);
	ad_doc_parser_free(p);
	assert_int_equal(d.kind, AD_DOC_MALFORMED);
	free(big);
}

static void spec4_7_huge_attribute_is_refused(void **state)
{
	(void)state;
	char *href = repeat("<AutodiscoverResponse><Root><Link token=\"User\" href=\"https://a/", "x",
			    AD_DOC_MAX_ATTR, "\"/></Root></AutodiscoverResponse>");
	expect_refused(href, strlen(href), AD_DOC_MALFORMED, "longer than 2048");
	free(href);
	char *fits = repeat("<AutodiscoverResponse><Root><Link token=\"User\" href=\"", "x", AD_DOC_MAX_ATTR,
			    "\"/></Root></AutodiscoverResponse>");
	struct ad_doc d;
	assert_int_equal(ad_doc_parse(fits, strlen(fits), &d), SD_OK);
	assert_int_equal(d.kind, AD_DOC_ROOT);
	assert_int_equal(strlen(d.follow.href), AD_DOC_MAX_ATTR);
	free(fits);
}

static void spec4_7_billion_laughs_is_refused_cheaply(void **state)
{
	(void)state;
	char doc[4096];
	int n = snprintf(doc, sizeof doc, "<!DOCTYPE l [<!ENTITY l0 \"ha\">");
	for (int i = 1; i < 10; i++)
		n += snprintf(doc + n, sizeof doc - (size_t)n,
			      "<!ENTITY l%d \"&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;\">", i, i - 1,
			      i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1);
	snprintf(doc + n, sizeof doc - (size_t)n, "]><AutodiscoverResponse><Root><Link token=\"User\" "
						   "href=\"&l9;\"/></Root></AutodiscoverResponse>");
	expect_refused(doc, strlen(doc), AD_DOC_NOT_AUTODISCOVER, "declares entities");
}

static void spec4_7_links_are_kept_in_order_up_to_the_bound(void **state)
{
	(void)state;
	char *many = repeat("<AutodiscoverResponse><Root>", "<Link token=\"Self\" href=\"https://a\"/>",
			    AD_DOC_MAX_LINKS + 4, "<Link token=\"User\" href=\"https://last\"/></Root></AutodiscoverResponse>");
	struct ad_doc d;
	assert_int_equal(ad_doc_parse(many, strlen(many), &d), SD_OK);
	assert_int_equal(d.kind, AD_DOC_ROOT);
	assert_int_equal(d.n_links, AD_DOC_MAX_LINKS);
	assert_int_equal(d.links_seen, AD_DOC_MAX_LINKS + 5);
	assert_true(d.has_follow); /* the followed link counts even past the kept ones */
	assert_string_equal(d.follow.href, "https://last");
	free(many);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(spec4_7_documents_read_whole_and_byte_by_byte),
		cmocka_unit_test(spec4_7_user_document_keeps_server_accesses_for_the_report),
		cmocka_unit_test(spec4_7_port_text_is_kept_when_out_of_range),
		cmocka_unit_test(spec4_7_depth_is_bounded),
		cmocka_unit_test(spec4_7_size_is_bounded),
		cmocka_unit_test(spec4_7_huge_attribute_is_refused),
		cmocka_unit_test(spec4_7_billion_laughs_is_refused_cheaply),
		cmocka_unit_test(spec4_7_links_are_kept_in_order_up_to_the_bound),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
