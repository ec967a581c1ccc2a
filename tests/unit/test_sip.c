/* test_sip.c — the REGISTER request and the response parser (SPEC §6). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sip.h"
#include "sip/fixtures.h"

/* Parses an exact-size heap copy, so a read past len shows under ASan and valgrind. */
static enum sip_parse_status parse(const char *text, size_t len, struct sip_response *r, char *why, size_t whylen)
{
	char *copy = malloc(len ? len : 1);
	assert_non_null(copy);
	memcpy(copy, text, len);
	enum sip_parse_status st = sip_parse_response(copy, len, r, why, whylen);
	free(copy);
	return st;
}

static void parse_complete(const char *text, struct sip_response *r)
{
	char why[128];
	assert_int_equal(parse(text, strlen(text), r, why, sizeof why), SIP_PARSE_COMPLETE);
	assert_string_equal(why, "");
	assert_int_equal(r->message_length, strlen(text));
}

static void assert_challenge(const struct sip_challenge *c, const char *scheme, bool proxy, const char *realm,
			     const char *target, const char *params)
{
	assert_string_equal(c->scheme, scheme);
	assert_int_equal(c->proxy, proxy);
	assert_string_equal(c->realm, realm);
	assert_string_equal(c->targetname, target);
	assert_string_equal(c->params, params);
}

static void spec6_lync_401_offers_ntlm_kerberos_and_tls_dsk(void **state)
{
	(void)state;
	struct sip_response r;
	parse_complete(lync_401, &r);
	assert_int_equal(r.code, 401);
	assert_string_equal(r.reason, "Unauthorized");
	assert_string_equal(r.server, "RTC/4.0");
	assert_string_equal(r.contact, "");
	assert_string_equal(r.ms_diag, "");
	assert_int_equal(r.content_length, 0);
	assert_int_equal(r.n_challenges, 3);
	assert_false(r.challenges_truncated);
	assert_challenge(&r.challenges[0], "NTLM", false, "SIP Communications Service", "pool.contoso.com", "version=4");
	assert_challenge(&r.challenges[1], "Kerberos", false, "SIP Communications Service", "sip/pool.contoso.com",
			 "version=4");
	assert_challenge(&r.challenges[2], "TLS-DSK", false, "SIP Communications Service", "pool.contoso.com",
			 "version=4, sts-uri=\"https://pool.contoso.com:443/CertProv/CertProvisioningService.svc\"");
}

static void spec6_proxy_authenticate_sets_the_proxy_flag(void **state)
{
	(void)state;
	struct sip_response r;
	parse_complete(ocs_407, &r);
	assert_int_equal(r.code, 407);
	assert_string_equal(r.reason, "Proxy Authentication Required");
	assert_string_equal(r.server, "RTC/3.5");
	assert_int_equal(r.n_challenges, 2);
	assert_challenge(&r.challenges[0], "NTLM", true, "SIP Communications Service", "ocs.contoso.com", "version=3");
	assert_challenge(&r.challenges[1], "Kerberos", true, "SIP Communications Service", "sip/ocs.contoso.com",
			 "version=3");
}

static void spec6_redirect_gives_contact_and_ms_diagnostics(void **state)
{
	(void)state;
	struct sip_response r;
	parse_complete(redirect_301, &r);
	assert_int_equal(r.code, 301);
	assert_string_equal(r.reason, "Moved Permanently");
	assert_string_equal(r.contact, "<sip:pool2.contoso.com:5061;transport=tls>");
	assert_string_equal(r.ms_diag, "2;reason=\"See response code and reason phrase\";source=\"dir.contoso.com\"");
	assert_int_equal(r.n_challenges, 0);
}

static void spec6_digest_challenge_keeps_other_params_as_sent(void **state)
{
	(void)state;
	struct sip_response r;
	parse_complete(digest_401, &r);
	assert_int_equal(r.n_challenges, 1);
	assert_challenge(&r.challenges[0], "Digest", false, "contoso.com", "",
			 "nonce=\"Y2Vdk2NlXS3pMC+lBX8tiY1vY2Y=\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\", "
			 "algorithm=MD5, qop=\"auth\"");
}

static void spec6_folded_header_is_joined(void **state)
{
	(void)state;
	struct sip_response r;
	parse_complete(folded_compact_lf, &r);
	assert_int_equal(r.n_challenges, 1);
	assert_challenge(&r.challenges[0], "NTLM", false, "SIP Communications Service", "pool.contoso.com", "version=4");
	parse_complete("SIP/2.0 200 OK\r\nServer: RTC/4.0\r\n  (build\r\n\t 1234)\r\nContent-Length: 0\r\n\r\n", &r);
	assert_string_equal(r.server, "RTC/4.0 (build 1234)");
}

static void spec6_compact_names_lf_endings_and_spaces_around_colon_are_understood(void **state)
{
	(void)state;
	struct sip_response r;
	parse_complete(folded_compact_lf, &r);
	assert_int_equal(r.code, 401);
	assert_string_equal(r.server, "RTC/4.0");
	assert_string_equal(r.contact, "<sip:pool2.contoso.com:5061;transport=tls>");
	parse_complete("SIP/2.0 200 OK\r\nL: 3\r\nM : <sip:a.b>\r\n\r\nabc", &r);
	assert_int_equal(r.content_length, 3);
	assert_string_equal(r.contact, "<sip:a.b>");
}

static void spec6_quoted_value_keeps_commas_and_escapes(void **state)
{
	(void)state;
	struct sip_response r;
	parse_complete("SIP/2.0 401 x\r\nWWW-Authenticate: Digest realm=\"a \\\"b\\\", c\", "
		       "nonce=\"n,1\", opaque = \"o\\\\p\" ,stale=FALSE, bare\r\n\r\n", &r);
	assert_challenge(&r.challenges[0], "Digest", false, "a \"b\", c", "",
			 "nonce=\"n,1\", opaque=\"o\\\\p\", stale=FALSE, bare");
}

static void spec6_reason_may_be_empty_or_contain_spaces(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		int code;
		const char *reason;
	} cases[] = {
		{ "SIP/2.0 480 Temporarily Unavailable\r\n\r\n", 480, "Temporarily Unavailable" },
		{ "SIP/2.0 200\r\n\r\n", 200, "" },
		{ "SIP/2.0 200 \r\n\r\n", 200, "" },
		{ "SIP/2.0 100 Trying\r\n\r\n", 100, "Trying" },
		{ "SIP/2.0 699 x y  z \r\n\r\n", 699, "x y  z" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct sip_response r;
		parse_complete(cases[i].text, &r);
		assert_int_equal(r.code, cases[i].code);
		assert_string_equal(r.reason, cases[i].reason);
	}
}

/* Every prefix of a message is INCOMPLETE; the whole gives the same result as one read. */
static void assert_splits_cleanly(const char *text)
{
	size_t len = strlen(text);
	struct sip_response whole, part;
	parse_complete(text, &whole);
	for (size_t cut = 0; cut < len; cut++) {
		char why[64];
		assert_int_equal(parse(text, cut, &part, why, sizeof why), SIP_PARSE_INCOMPLETE);
	}
	parse_complete(text, &part);
	assert_int_equal(part.code, whole.code);
	assert_string_equal(part.reason, whole.reason);
	assert_string_equal(part.server, whole.server);
	assert_string_equal(part.contact, whole.contact);
	assert_string_equal(part.ms_diag, whole.ms_diag);
	assert_int_equal(part.n_challenges, whole.n_challenges);
	for (size_t i = 0; i < whole.n_challenges; i++)
		assert_challenge(&part.challenges[i], whole.challenges[i].scheme, whole.challenges[i].proxy,
				 whole.challenges[i].realm, whole.challenges[i].targetname, whole.challenges[i].params);
	assert_int_equal(part.content_length, whole.content_length);
	assert_int_equal(part.message_length, whole.message_length);
}

static void spec6_every_prefix_is_incomplete_until_the_message_is_whole(void **state)
{
	(void)state;
	const char *all[] = { lync_401, ocs_407, redirect_301, digest_401, folded_compact_lf, with_body };
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
		assert_splits_cleanly(all[i]);
}

static void spec6_body_bytes_must_arrive_before_complete(void **state)
{
	(void)state;
	struct sip_response r;
	size_t len = strlen(with_body);
	assert_int_equal(parse(with_body, len - 1, &r, NULL, 0), SIP_PARSE_INCOMPLETE);
	parse_complete(with_body, &r);
	assert_int_equal(r.content_length, 10);
	assert_int_equal(r.message_length, len);
}

static void spec6_bytes_after_the_message_are_left_for_the_next(void **state)
{
	(void)state;
	char two[1024];
	struct sip_response r;
	snprintf(two, sizeof two, "%s%s", with_body, redirect_301);
	assert_int_equal(parse(two, strlen(two), &r, NULL, 0), SIP_PARSE_COMPLETE);
	assert_int_equal(r.code, 200);
	assert_int_equal(r.message_length, strlen(with_body));
	assert_int_equal(parse(two + r.message_length, strlen(two) - r.message_length, &r, NULL, 0),
			 SIP_PARSE_COMPLETE);
	assert_int_equal(r.code, 301);
}

static void spec6_missing_content_length_means_zero(void **state)
{
	(void)state;
	struct sip_response r;
	parse_complete("SIP/2.0 401 Unauthorized\r\nServer: x\r\n\r\n", &r);
	assert_int_equal(r.content_length, 0);
}

static void spec6_keepalive_crlfs_before_the_status_line_are_skipped(void **state)
{
	(void)state;
	struct sip_response r;
	assert_int_equal(parse("", 0, &r, NULL, 0), SIP_PARSE_INCOMPLETE);
	assert_int_equal(parse("\r\n\r\n", 4, &r, NULL, 0), SIP_PARSE_INCOMPLETE);
	parse_complete("\r\n\r\nSIP/2.0 200 OK\r\n\r\n", &r);
	assert_int_equal(r.code, 200);
}

static void spec6_what_is_not_a_sip_response_is_malformed(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		size_t len; /* 0: strlen */
		const char *why;
	} cases[] = {
		{ "HTTP/1.1 200 OK\r\n\r\n", 0, "not a SIP status line" },
		{ "HTTP/1.1 4", 0, "not a SIP status line" },
		{ "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11, "not a SIP status line" },
		{ "SIP/2.0\r\n\r\n", 0, "not a SIP status line" },
		{ "SIP/3.0 200 OK\r\n\r\n", 0, "not a SIP status line" },
		{ "SIP/2.0 abc OK\r\n", 0, "bad status code" },
		{ "SIP/2.0 099 Low\r\n\r\n", 0, "bad status code" },
		{ "SIP/2.0 700 High\r\n\r\n", 0, "bad status code" },
		{ "SIP/2.0 4010 Long\r\n\r\n", 0, "bad status code" },
		{ "SIP/2.0 40\r\n\r\n", 0, "bad status code" },
		{ "SIP/2.0 200 OK\r\nServer RTC\r\n\r\n", 0, "header line without a colon" },
		{ "SIP/2.0 200 OK\r\n: x\r\n\r\n", 0, "bad header name" },
		{ "SIP/2.0 200 OK\r\nSer ver: x\r\n\r\n", 0, "bad header name" },
		{ "SIP/2.0 200 OK\r\n folded: x\r\n\r\n", 0, "continuation line without a header" },
		{ "SIP/2.0 200 OK\r\nServer: a\0b\r\n\r\n", 31, "NUL byte in the headers" },
		{ "SIP/2.0 200 OK\r\nServ\0", 21, "NUL byte in the headers" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct sip_response r;
		char why[64];
		size_t len = cases[i].len ? cases[i].len : strlen(cases[i].text);
		enum sip_parse_status st = parse(cases[i].text, len, &r, why, sizeof why);
		if (st != SIP_PARSE_MALFORMED || strcmp(why, cases[i].why) != 0)
			fail_msg("case %zu: status %d, \"%s\"", i, st, why);
	}
}

static void spec6_content_length_must_be_a_plain_number(void **state)
{
	(void)state;
	static const char *const values[] = {
		"Content-Length: abc\r\n", "Content-Length: -1\r\n", "Content-Length:\r\n", "l: 1 0\r\n",
		"Content-Length: +5\r\n", "Content-Length: 0x10\r\n",
	};
	for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
		char text[128], why[64];
		struct sip_response r;
		snprintf(text, sizeof text, "SIP/2.0 200 OK\r\n%s\r\n", values[i]);
		assert_int_equal(parse(text, strlen(text), &r, why, sizeof why), SIP_PARSE_MALFORMED);
		assert_string_equal(why, "bad Content-Length");
	}
	const char *twice = "SIP/2.0 200 OK\r\nContent-Length: 0\r\nl: 4\r\n\r\nabcd";
	assert_int_equal(parse(twice, strlen(twice), &(struct sip_response){ 0 }, NULL, 0), SIP_PARSE_MALFORMED);
}

static void spec6_70k_of_headers_is_too_large(void **state)
{
	(void)state;
	size_t len = 70 * 1024;
	char *text = malloc(len);
	char why[80];
	struct sip_response r;
	assert_non_null(text);
	memcpy(text, "SIP/2.0 200 OK\r\n", 16);
	static const char line[] = "X-Padding: aaaaaaaaaaaaaaaaaaa\r\n";
	for (size_t i = 16; i < len; i += sizeof line - 1)
		memcpy(text + i, line, len - i < sizeof line - 1 ? len - i : sizeof line - 1);
	assert_int_equal(parse(text, SIP_MAX_MESSAGE - 1, &r, why, sizeof why), SIP_PARSE_INCOMPLETE);
	assert_int_equal(parse(text, SIP_MAX_MESSAGE, &r, why, sizeof why), SIP_PARSE_TOO_LARGE);
	assert_string_equal(why, "headers longer than 65536 bytes");
	assert_int_equal(parse(text, len, &r, why, sizeof why), SIP_PARSE_TOO_LARGE);
	free(text);
}

static void spec6_a_huge_content_length_is_too_large_before_the_body(void **state)
{
	(void)state;
	static const char *const values[] = { "99999999", "65536", "184467440737095516160000" };
	for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
		char text[128], why[80];
		struct sip_response r;
		snprintf(text, sizeof text, "SIP/2.0 200 OK\r\nContent-Length: %s\r\n\r\n", values[i]);
		assert_int_equal(parse(text, strlen(text), &r, why, sizeof why), SIP_PARSE_TOO_LARGE);
		assert_string_equal(why, "Content-Length beyond the 65536-byte message limit");
	}
}

static void spec6_a_message_of_exactly_the_limit_is_accepted(void **state)
{
	(void)state;
	char *text = malloc(SIP_MAX_MESSAGE + 1);
	struct sip_response r;
	assert_non_null(text);
	char head[64];
	int hl = snprintf(head, sizeof head, "SIP/2.0 200 OK\r\nContent-Length: %d\r\n\r\n", SIP_MAX_MESSAGE - 41);
	assert_int_equal(hl, 41);
	memcpy(text, head, 41);
	memset(text + 41, 'b', SIP_MAX_MESSAGE + 1 - 41);
	assert_int_equal(parse(text, SIP_MAX_MESSAGE + 1, &r, NULL, 0), SIP_PARSE_COMPLETE);
	assert_int_equal(r.message_length, SIP_MAX_MESSAGE);
	snprintf(head, sizeof head, "SIP/2.0 200 OK\r\nContent-Length: %d\r\n\r\n", SIP_MAX_MESSAGE - 40);
	memcpy(text, head, 41);
	assert_int_equal(parse(text, SIP_MAX_MESSAGE + 1, &r, NULL, 0), SIP_PARSE_TOO_LARGE);
	free(text);
}

static void spec6_more_than_16_challenges_sets_truncated(void **state)
{
	(void)state;
	char text[4096];
	size_t k = (size_t)snprintf(text, sizeof text, "SIP/2.0 401 Unauthorized\r\n");
	for (int i = 0; i < 20; i++)
		k += (size_t)snprintf(text + k, sizeof text - k, "WWW-Authenticate: S%d realm=\"r%d\"\r\n", i, i);
	snprintf(text + k, sizeof text - k, "\r\n");
	struct sip_response r;
	parse_complete(text, &r);
	assert_int_equal(r.n_challenges, SIP_MAX_CHALLENGES);
	assert_true(r.challenges_truncated);
	assert_string_equal(r.challenges[15].scheme, "S15");
	assert_string_equal(r.challenges[15].realm, "r15");
}

static void spec6_long_values_are_truncated_not_overflowed(void **state)
{
	(void)state;
	char text[8192], big[600];
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	snprintf(text, sizeof text,
		 "SIP/2.0 401 %s\r\nServer: %s\r\nm: %s\r\nms-diagnostics: %s\r\n"
		 "WWW-Authenticate: %s realm=\"%s\", targetname=%s, x=%s\r\n\r\n",
		 big, big, big, big, big, big, big, big);
	struct sip_response r;
	parse_complete(text, &r);
	assert_int_equal(strlen(r.reason), sizeof r.reason - 1);
	assert_int_equal(strlen(r.server), sizeof r.server - 1);
	assert_int_equal(strlen(r.contact), sizeof r.contact - 1);
	assert_int_equal(strlen(r.ms_diag), sizeof r.ms_diag - 1);
	assert_int_equal(strlen(r.challenges[0].scheme), sizeof r.challenges[0].scheme - 1);
	assert_int_equal(strlen(r.challenges[0].realm), sizeof r.challenges[0].realm - 1);
	assert_int_equal(strlen(r.challenges[0].targetname), sizeof r.challenges[0].targetname - 1);
	assert_int_equal(strlen(r.challenges[0].params), sizeof r.challenges[0].params - 1);
}

static void spec6_control_characters_in_values_are_kept(void **state)
{
	(void)state;
	struct sip_response r;
	parse_complete("SIP/2.0 200 O\x01K\r\nServer: a\tb\x1b[31mc\rd\r\n\r\n", &r);
	assert_string_equal(r.reason, "O\x01K");
	assert_string_equal(r.server, "a\tb\x1b[31mc\rd");
}

static void spec6_ms_diagnostics_public_is_used_only_without_ms_diagnostics(void **state)
{
	(void)state;
	struct sip_response r;
	parse_complete("SIP/2.0 403 Forbidden\r\nms-diagnostics-public: 4000;reason=\"pub\"\r\n\r\n", &r);
	assert_string_equal(r.ms_diag, "4000;reason=\"pub\"");
	parse_complete("SIP/2.0 403 Forbidden\r\nms-diagnostics-public: 4000;reason=\"pub\"\r\n"
		       "ms-diagnostics: 1000;reason=\"priv\"\r\nms-diagnostics: 2000\r\n\r\n", &r);
	assert_string_equal(r.ms_diag, "1000;reason=\"priv\"");
}

static void spec6_scheme_name_is_canonical_whatever_the_case(void **state)
{
	(void)state;
	static const struct {
		const char *sent, *name;
	} cases[] = {
		{ "NTLM", "NTLM" }, { "ntlm", "NTLM" }, { "KERBEROS", "Kerberos" }, { "tls-dsk", "TLS-DSK" },
		{ "digest", "Digest" }, { "Negotiate", "Negotiate" }, { "", "" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		assert_string_equal(sip_scheme_name(cases[i].sent), cases[i].name);
}


static const struct sip_register_params lync_params = {
	.transport = "TLS",
	.server_host = "pool.contoso.com",
	.server_port = 5061,
	.local_addr = "10.0.0.5",
	.local_port = 50000,
	.aor = "sip:jeremy@contoso.com",
	.token = "0123456789abcdef0123",
	.user_agent = "sipdiscover/0.1.0",
};

static void spec6_register_is_what_a_lync_client_sends_without_credentials(void **state)
{
	(void)state;
	char buf[1024];
	static const char want[] =
		"REGISTER sip:contoso.com SIP/2.0\r\n"
		"Via: SIP/2.0/TLS 10.0.0.5:50000;branch=z9hG4bK0123456789abcdef0123\r\n"
		"Max-Forwards: 70\r\n"
		"From: <sip:jeremy@contoso.com>;tag=0123456789\r\n"
		"To: <sip:jeremy@contoso.com>\r\n"
		"Call-ID: 0123456789abcdef0123\r\n"
		"CSeq: 1 REGISTER\r\n"
		"Contact: <sip:jeremy@10.0.0.5:50000;transport=tls>\r\n"
		"User-Agent: sipdiscover/0.1.0\r\n"
		"Supported: gruu-10, adhoclist, msrtc-event-categories\r\n"
		"Content-Length: 0\r\n"
		"\r\n";
	assert_int_equal(sip_build_register(buf, sizeof buf, &lync_params), strlen(want));
	assert_string_equal(buf, want);
	assert_null(strstr(buf, "Authorization"));
	assert_null(strstr(buf, "Expires"));
}

static void spec6_register_lines_end_in_crlf(void **state)
{
	(void)state;
	char buf[1024];
	size_t len = sip_build_register(buf, sizeof buf, &lync_params);
	assert_true(len > 4);
	for (size_t i = 0; i < len; i++)
		if (buf[i] == '\n')
			assert_true(i > 0 && buf[i - 1] == '\r');
	assert_memory_equal(buf + len - 4, "\r\n\r\n", 4);
}

static void spec6_register_over_tcp_from_ipv6_brackets_the_address(void **state)
{
	(void)state;
	char buf[1024];
	struct sip_register_params p = lync_params;
	p.transport = "tcp";
	p.local_addr = "2001:db8::5";
	p.aor = "sips:Jeremy.Smith@Contoso.com;transport=tls";
	assert_true(sip_build_register(buf, sizeof buf, &p) > 0);
	assert_non_null(strstr(buf, "REGISTER sip:Contoso.com SIP/2.0\r\n"));
	assert_non_null(strstr(buf, "\r\nVia: SIP/2.0/TCP [2001:db8::5]:50000;branch=z9hG4bK"));
	assert_non_null(strstr(buf, "\r\nContact: <sip:Jeremy.Smith@[2001:db8::5]:50000;transport=tcp>\r\n"));
	assert_non_null(strstr(buf, "\r\nFrom: <sips:Jeremy.Smith@Contoso.com;transport=tls>;tag="));
}

static void spec6_register_that_does_not_fit_is_not_written(void **state)
{
	(void)state;
	char full[1024], buf[1024];
	size_t len = sip_build_register(full, sizeof full, &lync_params);
	for (size_t n = 0; n <= len; n++) {
		memset(buf, 'x', sizeof buf);
		assert_int_equal(sip_build_register(buf, n, &lync_params), 0);
		if (n > 0)
			assert_int_equal(buf[0], '\0');
		assert_int_equal(buf[n], 'x');
	}
	assert_int_equal(sip_build_register(buf, len + 1, &lync_params), len);
}

static void spec6_register_refuses_unusable_parameters(void **state)
{
	(void)state;
	struct sip_register_params bad[12];
	size_t n = 0;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		bad[i] = lync_params;
	bad[n++].transport = "UDP";
	bad[n++].transport = NULL;
	bad[n++].token = "0123456789abcde";          /* 15: too short */
	bad[n++].token = "0123456789abcdef;x=1";     /* not letters and digits */
	bad[n++].aor = "jeremy@contoso.com";         /* no scheme */
	bad[n++].aor = "sip:@contoso.com";           /* no user */
	bad[n++].aor = "sip:jeremy@";                /* no domain */
	bad[n++].aor = "sip:jeremy@contoso.com>\r\nX: y";
	bad[n++].local_addr = "[::1]";
	bad[n++].local_addr = "";
	bad[n++].user_agent = "sipdiscover\r\nAuthorization: NTLM x";
	bad[n++].user_agent = NULL;
	assert_int_equal(n, sizeof bad / sizeof bad[0]);
	for (size_t i = 0; i < n; i++) {
		char buf[1024];
		if (sip_build_register(buf, sizeof buf, &bad[i]) != 0 || buf[0] != '\0')
			fail_msg("case %zu: built a request", i);
	}
	assert_int_equal(sip_build_register((char[8]){ 0 }, 8, NULL), 0);
}

/* A WWW-Authenticate value whose scheme is empty or no token is not a challenge offered. */
static void spec6_challenge_without_a_scheme_token_is_ignored(void **state)
{
	(void)state;
	struct sip_response r;
	parse_complete("SIP/2.0 401 Unauthorized\r\n"
		       "WWW-Authenticate: , realm=\"x\"\r\n"
		       "WWW-Authenticate: \"NTLM\" realm=\"y\"\r\n"
		       "Proxy-Authenticate: NTLM realm=\"z\"\r\n"
		       "Content-Length: 0\r\n\r\n", &r);
	assert_int_equal(r.n_challenges, 1);
	assert_challenge(&r.challenges[0], "NTLM", true, "z", "", "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(spec6_challenge_without_a_scheme_token_is_ignored),
		cmocka_unit_test(spec6_lync_401_offers_ntlm_kerberos_and_tls_dsk),
		cmocka_unit_test(spec6_proxy_authenticate_sets_the_proxy_flag),
		cmocka_unit_test(spec6_redirect_gives_contact_and_ms_diagnostics),
		cmocka_unit_test(spec6_digest_challenge_keeps_other_params_as_sent),
		cmocka_unit_test(spec6_folded_header_is_joined),
		cmocka_unit_test(spec6_compact_names_lf_endings_and_spaces_around_colon_are_understood),
		cmocka_unit_test(spec6_quoted_value_keeps_commas_and_escapes),
		cmocka_unit_test(spec6_reason_may_be_empty_or_contain_spaces),
		cmocka_unit_test(spec6_every_prefix_is_incomplete_until_the_message_is_whole),
		cmocka_unit_test(spec6_body_bytes_must_arrive_before_complete),
		cmocka_unit_test(spec6_bytes_after_the_message_are_left_for_the_next),
		cmocka_unit_test(spec6_missing_content_length_means_zero),
		cmocka_unit_test(spec6_keepalive_crlfs_before_the_status_line_are_skipped),
		cmocka_unit_test(spec6_what_is_not_a_sip_response_is_malformed),
		cmocka_unit_test(spec6_content_length_must_be_a_plain_number),
		cmocka_unit_test(spec6_70k_of_headers_is_too_large),
		cmocka_unit_test(spec6_a_huge_content_length_is_too_large_before_the_body),
		cmocka_unit_test(spec6_a_message_of_exactly_the_limit_is_accepted),
		cmocka_unit_test(spec6_more_than_16_challenges_sets_truncated),
		cmocka_unit_test(spec6_long_values_are_truncated_not_overflowed),
		cmocka_unit_test(spec6_control_characters_in_values_are_kept),
		cmocka_unit_test(spec6_ms_diagnostics_public_is_used_only_without_ms_diagnostics),
		cmocka_unit_test(spec6_scheme_name_is_canonical_whatever_the_case),
		cmocka_unit_test(spec6_register_is_what_a_lync_client_sends_without_credentials),
		cmocka_unit_test(spec6_register_lines_end_in_crlf),
		cmocka_unit_test(spec6_register_over_tcp_from_ipv6_brackets_the_address),
		cmocka_unit_test(spec6_register_that_does_not_fit_is_not_written),
		cmocka_unit_test(spec6_register_refuses_unusable_parameters),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
