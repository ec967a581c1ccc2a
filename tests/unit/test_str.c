/*
 * test_str.c — the small string jobs done once (str.c, array.c): the UTF-8
 * check and the output escaper that names and headers from the network pass
 * through (SPEC §7), HOST[:PORT], host-name normalising, bounded copy and
 * append, dates, and the growable array.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "ipaddr.h"
#include "sd.h"

#define N(table) (sizeof(table) / sizeof((table)[0]))

/* What str_escape makes of s, in a buffer the caller frees. */
static char *escaped(const char *s, enum str_escape style)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	assert_non_null(f);
	str_escape(f, s, style);
	assert_int_equal(fclose(f), 0);
	return text;
}

struct escape_case {
	const char *what, *in, *hex, *plugin;
};

static const struct escape_case escape_cases[] = {
	{ "ASCII text", "sip.contoso.test", "sip.contoso.test", "sip.contoso.test" },
	{ "2-octet UTF-8 (U+00E9)", "caf\xc3\xa9", "caf\xc3\xa9", "caf\xc3\xa9" },
	{ "2-octet UTF-8, NBSP (U+00A0) is no control", "a\xc2\xa0" "b", "a\xc2\xa0" "b", "a\xc2\xa0" "b" },
	{ "3-octet UTF-8 (U+20AC)", "\xe2\x82\xac", "\xe2\x82\xac", "\xe2\x82\xac" },
	{ "3-octet UTF-8 below the surrogates (U+D7FF)", "\xed\x9f\xbf", "\xed\x9f\xbf", "\xed\x9f\xbf" },
	{ "3-octet UTF-8 above the surrogates (U+E000)", "\xee\x80\x80", "\xee\x80\x80", "\xee\x80\x80" },
	{ "4-octet UTF-8 (U+1F600)", "\xf0\x9f\x98\x80", "\xf0\x9f\x98\x80", "\xf0\x9f\x98\x80" },
	{ "4-octet UTF-8, the last code point (U+10FFFF)", "\xf4\x8f\xbf\xbf", "\xf4\x8f\xbf\xbf", "\xf4\x8f\xbf\xbf" },
	{ "overlong 2-octet \"/\"", "\xc0\xaf", "\\xc0\\xaf", "??" },
	{ "overlong 2-octet U+007F", "\xc1\xbf", "\\xc1\\xbf", "??" },
	{ "overlong 3-octet", "\xe0\x80\xaf", "\\xe0\\x80\\xaf", "???" },
	{ "overlong 4-octet", "\xf0\x80\x80\xaf", "\\xf0\\x80\\x80\\xaf", "????" },
	{ "UTF-16 surrogate U+D800", "\xed\xa0\x80", "\\xed\\xa0\\x80", "???" },
	{ "UTF-16 surrogate U+DFFF", "\xed\xbf\xbf", "\\xed\\xbf\\xbf", "???" },
	{ "above U+10FFFF (F4 90 80 80)", "\xf4\x90\x80\x80", "\\xf4\\x90\\x80\\x80", "????" },
	{ "lead octet F5", "\xf5\x80\x80\x80", "\\xf5\\x80\\x80\\x80", "????" },
	{ "lead octet FF", "\xff", "\\xff", "?" },
	{ "lone continuation octet", "a\x80" "b", "a\\x80b", "a?b" },
	{ "truncated 3-octet sequence at the end", "a\xe2\x82", "a\\xe2\\x82", "a??" },
	{ "truncated 4-octet sequence before ASCII", "\xf0\x9f\x98" "x", "\\xf0\\x9f\\x98x", "???x" },
	{ "ESC of a colour sequence", "\x1b[31mred", "\\x1b[31mred", "?[31mred" },
	{ "line breaks and tab", "a\r\nb\tc", "a\\x0d\\x0ab\\x09c", "a??b?c" },
	{ "DEL", "a\x7f", "a\\x7f", "a?" },
	{ "C1 control U+0080", "\xc2\x80", "\\xc2\\x80", "??" },
	{ "C1 control U+009B (CSI)", "\xc2\x9b" "2J", "\\xc2\\x9b2J", "??2J" },
	{ "backslash (hex style only)", "a\\b", "a\\x5cb", "a\\b" },
	{ "pipe (plugin style only: it starts the perfdata)", "a|b", "a|b", "a/b" },
};

static void escape_passes_well_formed_utf8_and_replaces_everything_else(void **state)
{
	(void)state;
	size_t failed = 0;
	for (size_t i = 0; i < N(escape_cases); i++) {
		const struct escape_case *c = &escape_cases[i];
		char *hex = escaped(c->in, STR_ESCAPE_HEX), *plugin = escaped(c->in, STR_ESCAPE_PLUGIN);
		if (strcmp(hex, c->hex) != 0 || strcmp(plugin, c->plugin) != 0) {
			print_error("%s: hex \"%s\" (want \"%s\"), plugin \"%s\" (want \"%s\")\n", c->what, hex, c->hex,
				    plugin, c->plugin);
			failed++;
		}
		free(hex);
		free(plugin);
	}
	if (failed)
		fail_msg("%zu of %zu escaper cases wrong (see above)", failed, N(escape_cases));
}

static void utf8_length_is_rfc3629_well_formedness(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		size_t len;
	} cases[] = {
		{ "a", 0 },                    /* ASCII is not a multi-octet sequence */
		{ "\xc2\xa9", 2 }, { "\xdf\xbf", 2 }, { "\xc1\xbf", 0 },
		{ "\xe0\xa0\x80", 3 }, { "\xe0\x9f\xbf", 0 }, { "\xed\x9f\xbf", 3 }, { "\xed\xa0\x80", 0 },
		{ "\xef\xbf\xbf", 3 }, { "\xf0\x90\x80\x80", 4 }, { "\xf0\x8f\xbf\xbf", 0 },
		{ "\xf4\x8f\xbf\xbf", 4 }, { "\xf4\x90\x80\x80", 0 }, { "\xe2\x82", 0 }, { "\xe2", 0 },
		{ "\xe2\x82\x41", 0 },
	};
	for (size_t i = 0; i < N(cases); i++)
		if (str_utf8_length((const unsigned char *)cases[i].in) != cases[i].len)
			fail_msg("case %zu: length %zu, want %zu", i, str_utf8_length((const unsigned char *)cases[i].in),
				 cases[i].len);
}

static void host_port_splits_host_port_brackets_and_bare_ipv6(void **state)
{
	(void)state;
	static const struct {
		const char *spec, *host;
		uint16_t port;
	} cases[] = {
		{ "sip.contoso.test", "sip.contoso.test", 0 },
		{ "sip.contoso.test:5061", "sip.contoso.test", 5061 },
		{ "127.0.0.1:53", "127.0.0.1", 53 },
		{ "[2001:db8::1]:5061", "2001:db8::1", 5061 },
		{ "[2001:db8::1]", "2001:db8::1", 0 },
		{ "2001:db8::1", "2001:db8::1", 0 },
		{ "::1", "::1", 0 },
		{ "h:65535", "h", 65535 },
		{ "h:1", "h", 1 },
		{ "", "", 0 },
	};
	for (size_t i = 0; i < N(cases); i++) {
		char host[64] = "x", why[128] = "";
		uint16_t port = 7;
		assert_int_equal(str_host_port(cases[i].spec, host, sizeof host, &port, why, sizeof why), SD_OK);
		assert_string_equal(host, cases[i].host);
		assert_int_equal(port, cases[i].port);
	}
}

static void host_port_rejects_with_a_reason_that_names_the_input(void **state)
{
	(void)state;
	static const struct {
		const char *spec, *why;
	} cases[] = {
		{ "[::1", "bad address \"[::1\"" },
		{ "[::1]x", "bad address \"[::1]x\"" },
		{ "[::1]:", "bad port in \"[::1]:\"" },
		{ "h:", "bad port in \"h:\"" },
		{ "h:0", "bad port in \"h:0\"" },
		{ "h:65536", "bad port in \"h:65536\"" },
		{ "h:005061", "bad port in \"h:005061\"" },
		{ "h:+5", "bad port in \"h:+5\"" },
		{ "h: 5", "bad port in \"h: 5\"" },
		{ "h:5a", "bad port in \"h:5a\"" },
		{ "a-host-name-longer-than-the-buffer.test", "bad address \"a-host-name-longer-than-the-buffer.test\"" },
	};
	for (size_t i = 0; i < N(cases); i++) {
		char host[16], why[128] = "";
		uint16_t port;
		assert_int_equal(str_host_port(cases[i].spec, host, sizeof host, &port, why, sizeof why), SD_ERR_INPUT);
		assert_string_equal(why, cases[i].why);
	}
}

static void host_normalize_lowers_case_and_drops_one_trailing_dot(void **state)
{
	(void)state;
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "Sip.Contoso.TEST.", "sip.contoso.test" }, { "sip.contoso.test", "sip.contoso.test" },
		{ ".", "." }, { "a..", "a." }, { "", "" }, { "2001:DB8::1", "2001:db8::1" },
	};
	for (size_t i = 0; i < N(cases); i++) {
		char buf[64];
		strcpy(buf, cases[i].in);
		str_host_normalize(buf);
		assert_string_equal(buf, cases[i].out);
	}
}

static void ip_family_knows_v4_and_v6_literals_only(void **state)
{
	(void)state;
	assert_int_equal(ipaddr_family("192.0.2.1"), AF_INET);
	assert_int_equal(ipaddr_family("2001:db8::1"), AF_INET6);
	assert_int_equal(ipaddr_family("[2001:db8::1]"), 0);
	assert_int_equal(ipaddr_family("1.2.3"), 0);
	assert_int_equal(ipaddr_family("sip.contoso.test"), 0);
	assert_true(sd_is_ip_literal("[2001:db8::1]"));
	assert_true(sd_is_ip_literal("192.0.2.1"));
	assert_false(sd_is_ip_literal("sip.contoso.test"));
	assert_false(sd_is_ip_literal("[192.0.2.1"));
}

static void copy_always_terminates_and_says_whether_it_fitted(void **state)
{
	(void)state;
	char buf[6] = "zzzzz";
	assert_true(sd_copy(buf, sizeof buf, "abcde"));
	assert_string_equal(buf, "abcde");
	assert_false(sd_copy(buf, sizeof buf, "abcdef"));
	assert_string_equal(buf, "abcde");
	assert_false(sd_copy(buf, 0, "a"));
	assert_string_equal(buf, "abcde");
}

static void copy_span_takes_a_length_cuts_to_fit_and_always_terminates(void **state)
{
	(void)state;
	char buf[6];
	memset(buf, 'x', sizeof buf);
	assert_true(str_copy_span(buf, sizeof buf, "abc;def", 3)); /* no terminator needed at src + len */
	assert_string_equal(buf, "abc");
	assert_false(str_copy_span(buf, sizeof buf, "abcdefgh", 8));
	assert_string_equal(buf, "abcde");
	assert_true(str_copy_span(buf, sizeof buf, "abcde", 5));
	assert_string_equal(buf, "abcde");
	assert_true(str_copy_span(buf, sizeof buf, "", 0));
	assert_string_equal(buf, "");
	memset(buf, 'x', sizeof buf);
	assert_false(str_copy_span(buf, 0, "a", 1));
	assert_int_equal(buf[0], 'x'); /* n = 0: nothing written */
}

static void fail_fills_the_reason_and_returns_the_status(void **state)
{
	(void)state;
	char why[16];
	assert_int_equal(sd_fail(why, sizeof why, SD_ERR_INPUT, "bad \"%s\"", "x"), SD_ERR_INPUT);
	assert_string_equal(why, "bad \"x\"");
	assert_int_equal(sd_fail(why, sizeof why, SD_ERR_NOMEM, "%s", "a reason longer than why"), SD_ERR_NOMEM);
	assert_string_equal(why, "a reason longer");
	assert_int_equal(sd_fail(NULL, 0, SD_ERR_RESOLVER, "unused"), SD_ERR_RESOLVER);
}

static void appendf_joins_within_bounds_and_stops_after_truncation(void **state)
{
	(void)state;
	static const char *const items[] = { "alpha", "beta", "gamma", "delta" };
	char buf[16];
	size_t len = 0;
	bool fitted = true;
	buf[0] = '\0';
	for (size_t i = 0; i < N(items); i++)
		fitted = str_appendf(buf, sizeof buf, &len, "%s%s", i ? ", " : "", items[i]) && fitted;
	assert_false(fitted);
	assert_string_equal(buf, "alpha, beta, ga");
	assert_int_equal(len, sizeof buf - 1);
	assert_false(str_appendf(buf, sizeof buf, &len, "more"));
	assert_string_equal(buf, "alpha, beta, ga");

	char exact[6];
	len = 0;
	assert_true(str_appendf(exact, sizeof exact, &len, "%s", "abc"));
	assert_true(str_appendf(exact, sizeof exact, &len, "%d", 42));
	assert_string_equal(exact, "abc42");
	assert_int_equal(len, 5);
}

static void time_utc_in_both_styles_and_question_mark_when_it_cannot(void **state)
{
	(void)state;
	char buf[32];
	assert_true(str_time_utc(buf, sizeof buf, 0, STR_TIME_MINUTE));
	assert_string_equal(buf, "1970-01-01 00:00 UTC");
	assert_true(str_time_utc(buf, sizeof buf, 1772366459, STR_TIME_ISO8601));
	assert_string_equal(buf, "2026-03-01T12:00:59Z");
	assert_true(str_time_utc(buf, sizeof buf, 1772366459, STR_TIME_MINUTE));
	assert_string_equal(buf, "2026-03-01 12:00 UTC");
	assert_false(str_time_utc(buf, 8, 0, STR_TIME_MINUTE));
	assert_string_equal(buf, "?");
	assert_false(str_time_utc(buf, sizeof buf, LLONG_MAX, STR_TIME_ISO8601));
	assert_string_equal(buf, "?");
}

static void push_grows_zeroes_and_keeps_elements_and_clear_empties(void **state)
{
	(void)state;
	struct item {
		int value;
		char pad[13];
	} *items = NULL;
	size_t n = 0;
	for (int i = 0; i < 1000; i++) {
		struct item *it = SD_PUSH(items, n);
		assert_non_null(it);
		assert_int_equal(it->value, 0);
		assert_int_equal(it->pad[12], 0);
		assert_ptr_equal(it, &items[i]);
		it->value = i;
		memset(it->pad, 'x', sizeof it->pad);
	}
	assert_int_equal(n, 1000);
	for (int i = 0; i < 1000; i++)
		assert_int_equal(items[i].value, i);
	SD_CLEAR(items, n);
	assert_null(items);
	assert_int_equal(n, 0);
	assert_non_null(SD_PUSH(items, n)); /* a cleared array grows again from nothing */
	assert_int_equal(n, 1);
	SD_CLEAR(items, n);
}

static void push_returns_null_and_changes_nothing_when_the_size_overflows(void **state)
{
	(void)state;
	char *items = NULL;
	size_t n = 0;
	assert_null(sd_push(&items, &n, SIZE_MAX / 2));
	assert_null(items);
	assert_int_equal(n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(escape_passes_well_formed_utf8_and_replaces_everything_else),
		cmocka_unit_test(utf8_length_is_rfc3629_well_formedness),
		cmocka_unit_test(host_port_splits_host_port_brackets_and_bare_ipv6),
		cmocka_unit_test(host_port_rejects_with_a_reason_that_names_the_input),
		cmocka_unit_test(host_normalize_lowers_case_and_drops_one_trailing_dot),
		cmocka_unit_test(ip_family_knows_v4_and_v6_literals_only),
		cmocka_unit_test(copy_always_terminates_and_says_whether_it_fitted),
		cmocka_unit_test(copy_span_takes_a_length_cuts_to_fit_and_always_terminates),
		cmocka_unit_test(fail_fills_the_reason_and_returns_the_status),
		cmocka_unit_test(appendf_joins_within_bounds_and_stops_after_truncation),
		cmocka_unit_test(time_utc_in_both_styles_and_question_mark_when_it_cannot),
		cmocka_unit_test(push_grows_zeroes_and_keeps_elements_and_clear_empties),
		cmocka_unit_test(push_returns_null_and_changes_nothing_when_the_size_overflows),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
