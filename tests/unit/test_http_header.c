/*
 * test_http_header.c — SPEC §4.7: the header facts of an autodiscover answer (schemes of
 * a 401, X-MS-WebTicketURL, Location and the redirect chain), read line by line.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "http_header.h"

#define N(table) (sizeof(table) / sizeof((table)[0]))

static void feed(struct http_response *r, const char *line)
{
	http_header_line(r, line, strlen(line));
}

struct scheme_case {
	const char *value;
	const char *schemes; /* comma-joined */
};

static const struct scheme_case scheme_cases[] = {
	{"NTLM", "NTLM"},
	{"Negotiate, NTLM", "Negotiate,NTLM"},
	{"Basic realm=\"contoso\"", "Basic"},
	{"Bearer trusted_issuers=\"00000001-0000-0000-c000-000000000000@*\", "
	 "client_id=\"00000004-0000-0ff1-ce00-000000000000\"",
	 "Bearer"},
	{"MsRtcOAuth href=\"https://lyncweb.contoso.com/WebTicket/oauthtoken\","
	 "grant_type=\"urn:microsoft.rtc:windows,urn:microsoft.rtc:anonmeeting,password\"",
	 "MsRtcOAuth"},
	{"Basic realm=\"a, b\", NTLM", "Basic,NTLM"},
	{"", ""},
	{"   ,  ", ""},
};

static void spec4_7_www_authenticate_gives_each_challenge_scheme(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(scheme_cases); i++) {
		struct http_response r = {0};
		char line[512], got[256] = "";
		snprintf(line, sizeof line, "WWW-Authenticate: %s\r\n", scheme_cases[i].value);
		feed(&r, "HTTP/1.1 401 Unauthorized\r\n");
		feed(&r, line);
		for (size_t k = 0; k < r.n_schemes; k++)
			snprintf(got + strlen(got), sizeof got - strlen(got), "%s%s", k ? "," : "", r.schemes[k]);
		if (strcmp(got, scheme_cases[i].schemes) != 0)
			fail_msg("\"%s\": schemes \"%s\", want \"%s\"", scheme_cases[i].value, got,
				 scheme_cases[i].schemes);
		assert_int_equal(r.status, 401);
	}
}

static void spec4_7_schemes_are_bounded(void **state)
{
	(void)state;
	struct http_response r = {0};
	for (int i = 0; i < HTTP_MAX_SCHEMES + 5; i++)
		feed(&r, "WWW-Authenticate: NTLM, Negotiate\r\n");
	assert_int_equal(r.n_schemes, HTTP_MAX_SCHEMES);
}

static void spec4_7_webticket_and_content_type_are_kept_trimmed(void **state)
{
	(void)state;
	struct http_response r = {0};
	feed(&r, "HTTP/1.1 401 Unauthorized\r\n");
	feed(&r, "x-ms-webticketurl:  https://lyncweb.contoso.com/WebTicket/oauthtoken \r\n");
	feed(&r, "Content-Type: application/vnd.microsoft.rtc.autodiscover+xml; v=1\r\n");
	feed(&r, "X-Content-Type-Options: nosniff\r\n");
	assert_string_equal(r.webticket_url, "https://lyncweb.contoso.com/WebTicket/oauthtoken");
	assert_string_equal(r.content_type, "application/vnd.microsoft.rtc.autodiscover+xml; v=1");
}

static void spec4_7_a_followed_redirect_joins_the_chain_and_fields_start_afresh(void **state)
{
	(void)state;
	struct http_response r = {0};
	feed(&r, "HTTP/1.1 301 Moved Permanently\r\n");
	feed(&r, "Location: https://lyncdiscover.fabrikam.com/\r\n");
	feed(&r, "Content-Type: text/html\r\n");
	feed(&r, "HTTP/1.1 200 OK\r\n");
	feed(&r, "Content-Type: application/json\r\n");
	assert_int_equal(r.n_hops, 1);
	assert_int_equal(r.hops[0].status, 301);
	assert_string_equal(r.hops[0].location, "https://lyncdiscover.fabrikam.com/");
	assert_int_equal(r.status, 200);
	assert_string_equal(r.location, "");
	assert_string_equal(r.content_type, "application/json");
}

static void spec4_7_a_long_header_is_cut_to_fit(void **state)
{
	(void)state;
	static char line[HTTP_URL_SIZE * 2];
	struct http_response r = {0};
	memcpy(line, "Location: ", 10);
	memset(line + 10, 'x', sizeof line - 11);
	line[sizeof line - 1] = '\0';
	feed(&r, line);
	assert_int_equal(strlen(r.location), HTTP_URL_SIZE - 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(spec4_7_www_authenticate_gives_each_challenge_scheme),
		cmocka_unit_test(spec4_7_schemes_are_bounded),
		cmocka_unit_test(spec4_7_webticket_and_content_type_are_kept_trimmed),
		cmocka_unit_test(spec4_7_a_followed_redirect_joins_the_chain_and_fields_start_afresh),
		cmocka_unit_test(spec4_7_a_long_header_is_cut_to_fit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
