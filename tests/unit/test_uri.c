/*
 * test_uri.c — SPEC §2: the sign-in address, parsed, normalised or rejected.
 * One cmocka test per rule, each walking its own table; every failure names
 * the input that broke the rule.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "uri.h"

#define N(table) (sizeof(table) / sizeof((table)[0]))
#define WHY_SHORT 100 /* a rejection reason fits on one short line */

/* The input, printable: control characters and non-ASCII bytes as \xNN. */
static const char *shown(const char *s)
{
	static char buf[4][1200];
	static int next;
	char *out = buf[next++ % 4];
	size_t o = 0;
	for (; *s && o < sizeof buf[0] - 5; s++) {
		unsigned char c = (unsigned char)*s;
		if (c < 0x20 || c == 0x7f)
			o += (size_t)snprintf(out + o, 5, "\\x%02x", c);
		else
			out[o++] = (char)c;
	}
	out[o] = '\0';
	return out;
}

/* An address the parser must accept, and what it must make of it. */
struct accept_case {
	const char *input;
	const char *scheme;
	const char *user;
	const char *domain;
	const char *text;
	bool was_idn;
	bool ignored_params;
	bool ignored_headers;
};

/* An address the parser must reject; the reason must mention want (any case). */
struct reject_case {
	const char *input;
	const char *want;
};

/*
 * The checkers print one line per failing case (naming its input) and fail the
 * test once the whole table has been walked, so one broken case hides no other.
 */
static bool same_str(const char *input, const char *field, const char *got, const char *want)
{
	if (strcmp(got, want) == 0)
		return true;
	print_error("\"%s\": %s is \"%s\", expected \"%s\"\n", shown(input), field, shown(got), want);
	return false;
}

static bool same_bool(const char *input, const char *field, bool got, bool want)
{
	if (got == want)
		return true;
	print_error("\"%s\": %s is %s, expected %s\n", shown(input), field, got ? "true" : "false",
		    want ? "true" : "false");
	return false;
}

static size_t accept_failures(const struct accept_case *cases, size_t n)
{
	size_t failed = 0;
	for (size_t i = 0; i < n; i++) {
		const struct accept_case *c = &cases[i];
		struct uri u;
		char why[256] = "";
		enum sd_status st = uri_parse(c->input, &u, why, sizeof why);
		if (st != SD_OK) {
			print_error("\"%s\": rejected (%s: %s), expected accepted as \"%s\"\n",
				    shown(c->input), sd_strerror(st), why, c->text);
			failed++;
			continue;
		}
		bool ok = same_str(c->input, "scheme", u.scheme, c->scheme);
		ok &= same_str(c->input, "user", u.user, c->user);
		ok &= same_str(c->input, "domain", u.domain, c->domain);
		ok &= same_str(c->input, "text", u.text, c->text);
		ok &= same_bool(c->input, "was_idn", u.was_idn, c->was_idn);
		ok &= same_bool(c->input, "ignored_params", u.ignored_params, c->ignored_params);
		ok &= same_bool(c->input, "ignored_headers", u.ignored_headers, c->ignored_headers);
		failed += !ok;
	}
	return failed;
}

static void check_accepts(const struct accept_case *cases, size_t n)
{
	size_t failed = accept_failures(cases, n);
	if (failed)
		fail_msg("%zu of %zu addresses not parsed as expected (see above)", failed, n);
}

/* Case-insensitive substring search, ASCII only. */
static bool mentions(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	for (; *hay; hay++) {
		size_t i = 0;
		while (i < n && hay[i] && (hay[i] | 0x20) == (needle[i] | 0x20))
			i++;
		if (i == n)
			return true;
	}
	return n == 0;
}

/* The reason is for a one-line warnx-style message: non-empty, short, printable. */
static bool short_reason(const char *input, const char *why)
{
	size_t len = strlen(why);
	if (len == 0) {
		print_error("\"%s\": rejected with an empty reason\n", shown(input));
		return false;
	}
	if (len >= WHY_SHORT) {
		print_error("\"%s\": reason is %zu characters, expected fewer than %d: \"%s\"\n",
			    shown(input), len, WHY_SHORT, why);
		return false;
	}
	for (const char *p = why; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f) {
			print_error("\"%s\": reason is not one printable line: \"%s\"\n",
				    shown(input), shown(why));
			return false;
		}
	return true;
}

static size_t reject_failures(const struct reject_case *cases, size_t n)
{
	size_t failed = 0;
	for (size_t i = 0; i < n; i++) {
		const struct reject_case *c = &cases[i];
		struct uri u;
		char why[512];
		memset(why, 'X', sizeof why - 1); /* a stale reason must not survive */
		why[sizeof why - 1] = '\0';
		enum sd_status st = uri_parse(c->input, &u, why, sizeof why);
		if (st != SD_ERR_INPUT) {
			print_error("\"%s\": status \"%s\"%s%s, expected invalid input\n",
				    shown(c->input), sd_strerror(st), st == SD_OK ? " as " : "",
				    st == SD_OK ? u.text : "");
			failed++;
			continue;
		}
		if (!short_reason(c->input, why)) {
			failed++;
			continue;
		}
		if (!mentions(why, c->want)) {
			print_error("\"%s\": reason \"%s\" does not mention \"%s\"\n",
				    shown(c->input), shown(why), c->want);
			failed++;
		}
	}
	return failed;
}

static void check_rejects(const struct reject_case *cases, size_t n)
{
	size_t failed = reject_failures(cases, n);
	if (failed)
		fail_msg("%zu of %zu addresses not rejected as expected (see above)", failed, n);
}

/* A host name of exactly len octets: 63-octet labels of 'a', the last one shorter. */
static void build_name(char *buf, size_t size, size_t len)
{
	size_t o = 0;
	assert_true(len < size);
	while (o < len) {
		size_t room = len - o;
		size_t label = room > 63 ? 63 : room;
		if (room > 63 && room - 63 < 2) /* never leave a lone dot or an empty last label */
			label = room - 2;
		memset(buf + o, 'a', label);
		o += label;
		if (o < len)
			buf[o++] = '.';
	}
	buf[o] = '\0';
	assert_int_equal(strlen(buf), len);
}

static const struct accept_case forms[] = {
	{ "sip:alice@contoso.com", "sip", "alice", "contoso.com", "sip:alice@contoso.com", false, false, false },
	{ "sips:alice@contoso.com", "sips", "alice", "contoso.com", "sips:alice@contoso.com", false, false, false },
	{ "alice@contoso.com", "sip", "alice", "contoso.com", "sip:alice@contoso.com", false, false, false },
	{ "jeremy@contoso.com", "sip", "jeremy", "contoso.com", "sip:jeremy@contoso.com", false, false, false },
	{ "sip:kim.akers@fabrikam.com", "sip", "kim.akers", "fabrikam.com", "sip:kim.akers@fabrikam.com", false, false, false },
	{ "first.last+tag@sub.contoso.com", "sip", "first.last+tag", "sub.contoso.com", "sip:first.last+tag@sub.contoso.com", false, false, false },
	{ "sip:a@b.c", "sip", "a", "b.c", "sip:a@b.c", false, false, false },
	{ "a@localhost", "sip", "a", "localhost", "sip:a@localhost", false, false, false },
	{ "a@my-host.x1.example", "sip", "a", "my-host.x1.example", "sip:a@my-host.x1.example", false, false, false },
	{ "a@xn--bcher-kva.example", "sip", "a", "xn--bcher-kva.example", "sip:a@xn--bcher-kva.example", false, false, false },
};

static void spec2_accepts_sip_sips_and_bare_forms(void **state)
{
	(void)state;
	check_accepts(forms, N(forms));
}

static const struct accept_case cases_insensitive[] = {
	{ "SIP:alice@contoso.com", "sip", "alice", "contoso.com", "sip:alice@contoso.com", false, false, false },
	{ "Sip:alice@contoso.com", "sip", "alice", "contoso.com", "sip:alice@contoso.com", false, false, false },
	{ "SIPS:alice@contoso.com", "sips", "alice", "contoso.com", "sips:alice@contoso.com", false, false, false },
	{ "sIpS:alice@contoso.com", "sips", "alice", "contoso.com", "sips:alice@contoso.com", false, false, false },
	{ "alice@CONTOSO.COM", "sip", "alice", "contoso.com", "sip:alice@contoso.com", false, false, false },
	{ "sip:alice@Contoso.Com", "sip", "alice", "contoso.com", "sip:alice@contoso.com", false, false, false },
	{ "SIPS:alice@SIP.CONTOSO.COM", "sips", "alice", "sip.contoso.com", "sips:alice@sip.contoso.com", false, false, false },
	/* The user part is kept as given: only scheme and domain are case-insensitive. */
	{ "SIP:Alice.Smith@CONTOSO.COM", "sip", "Alice.Smith", "contoso.com", "sip:Alice.Smith@contoso.com", false, false, false },
	{ "a@XN--BCHER-KVA.EXAMPLE", "sip", "a", "xn--bcher-kva.example", "sip:a@xn--bcher-kva.example", false, false, false },
};

static void spec2_scheme_and_domain_are_case_insensitive(void **state)
{
	(void)state;
	check_accepts(cases_insensitive, N(cases_insensitive));
}

static const struct accept_case trailing_dots[] = {
	{ "alice@contoso.com.", "sip", "alice", "contoso.com", "sip:alice@contoso.com", false, false, false },
	{ "sip:alice@contoso.com.", "sip", "alice", "contoso.com", "sip:alice@contoso.com", false, false, false },
	{ "SIPS:alice@CONTOSO.COM.", "sips", "alice", "contoso.com", "sips:alice@contoso.com", false, false, false },
	{ "sip:alice@contoso.com.;transport=tls", "sip", "alice", "contoso.com", "sip:alice@contoso.com", false, true, false },
	{ "sip:alice@contoso.com.?subject=x", "sip", "alice", "contoso.com", "sip:alice@contoso.com", false, false, true },
	{ "jeremy@bücher.example.", "sip", "jeremy", "xn--bcher-kva.example", "sip:jeremy@xn--bcher-kva.example", true, false, false },
	/* IDNA maps U+3002 and other full stops to '.' (RFC 3490 §3.1): stripped after conversion. */
	{ "jeremy@bücher.example\xe3\x80\x82", "sip", "jeremy", "xn--bcher-kva.example", "sip:jeremy@xn--bcher-kva.example", true, false, false },
	{ "jeremy@bücher.example\xef\xbc\x8e", "sip", "jeremy", "xn--bcher-kva.example", "sip:jeremy@xn--bcher-kva.example", true, false, false },
	{ "jeremy@contoso.com\xef\xbd\xa1", "sip", "jeremy", "contoso.com", "sip:jeremy@contoso.com", true, false, false },
};

static void spec2_trailing_dot_removed(void **state)
{
	(void)state;
	check_accepts(trailing_dots, N(trailing_dots));
}

static const struct accept_case idns[] = {
	{ "jeremy@bücher.example", "sip", "jeremy", "xn--bcher-kva.example", "sip:jeremy@xn--bcher-kva.example", true, false, false },
	{ "sip:jeremy@bücher.example", "sip", "jeremy", "xn--bcher-kva.example", "sip:jeremy@xn--bcher-kva.example", true, false, false },
	{ "sip:a@ÉXAMPLE.com", "sip", "a", "xn--xample-9ua.com", "sip:a@xn--xample-9ua.com", true, false, false },
	{ "sip:a@éxample.com", "sip", "a", "xn--xample-9ua.com", "sip:a@xn--xample-9ua.com", true, false, false },
	{ "a@BÜCHER.EXAMPLE", "sip", "a", "xn--bcher-kva.example", "sip:a@xn--bcher-kva.example", true, false, false },
	{ "sips:a@münchen.de", "sips", "a", "xn--mnchen-3ya.de", "sips:a@xn--mnchen-3ya.de", true, false, false },
	{ "sip:a@sip.bücher.example;transport=tls", "sip", "a", "sip.xn--bcher-kva.example", "sip:a@sip.xn--bcher-kva.example", true, true, false },
};

static void spec2_idn_converted_to_a_label(void **state)
{
	(void)state;
	check_accepts(idns, N(idns));
}

static const struct accept_case params[] = {
	{ "sip:alice@contoso.com;transport=tls", "sip", "alice", "contoso.com", "sip:alice@contoso.com", false, true, false },
	{ "sips:alice@contoso.com;transport=tls", "sips", "alice", "contoso.com", "sips:alice@contoso.com", false, true, false },
	{ "alice@contoso.com;transport=tcp", "sip", "alice", "contoso.com", "sip:alice@contoso.com", false, true, false },
	{ "sip:alice@CONTOSO.COM;transport=tls;maddr=192.0.2.1", "sip", "alice", "contoso.com", "sip:alice@contoso.com", false, true, false },
	{ "sip:alice@contoso.com;lr", "sip", "alice", "contoso.com", "sip:alice@contoso.com", false, true, false },
	{ "sip:alice@contoso.com;transport=tls?subject=x", "sip", "alice", "contoso.com", "sip:alice@contoso.com", false, true, true },
};

static void spec2_uri_parameters_ignored_with_note(void **state)
{
	(void)state;
	check_accepts(params, N(params));
}

static const struct accept_case headers[] = {
	{ "sip:alice@contoso.com?subject=x", "sip", "alice", "contoso.com", "sip:alice@contoso.com", false, false, true },
	{ "sips:alice@contoso.com?subject=x&priority=urgent", "sips", "alice", "contoso.com", "sips:alice@contoso.com", false, false, true },
	{ "alice@contoso.com?subject=x", "sip", "alice", "contoso.com", "sip:alice@contoso.com", false, false, true },
	/* An '@' or ';' inside the headers belongs to them, not to the address. */
	{ "sip:alice@contoso.com?to=bob@fabrikam.com", "sip", "alice", "contoso.com", "sip:alice@contoso.com", false, false, true },
	{ "sip:alice@contoso.com?subject=a;b", "sip", "alice", "contoso.com", "sip:alice@contoso.com", false, false, true },
};

static void spec2_uri_headers_ignored_with_note(void **state)
{
	(void)state;
	check_accepts(headers, N(headers));
}

static const struct accept_case texts[] = {
	{ "alice@contoso.com", "sip", "alice", "contoso.com", "sip:alice@contoso.com", false, false, false },
	{ "SIPS:Bob@Fabrikam.COM.;transport=tls?subject=hi", "sips", "Bob", "fabrikam.com", "sips:Bob@fabrikam.com", false, true, true },
	{ "jeremy@bücher.example", "sip", "jeremy", "xn--bcher-kva.example", "sip:jeremy@xn--bcher-kva.example", true, false, false },
};

static void spec2_normalised_text_is_scheme_user_at_domain(void **state)
{
	(void)state;
	check_accepts(texts, N(texts));
	/* The longest user part (256 octets) still fits the text field. */
	char in[600], want[600], user[257];
	memset(user, 'u', 256);
	user[256] = '\0';
	snprintf(in, sizeof in, "sips:%s@contoso.com", user);
	snprintf(want, sizeof want, "sips:%s@contoso.com", user);
	struct accept_case longest = { in, "sips", user, "contoso.com", want, false, false, false };
	check_accepts(&longest, 1);
}

static const struct reject_case missing_at[] = {
	{ "sip:contoso.com", "@" },
	{ "sips:alice", "@" },
	{ "alice", "@" },
	{ "jeremy", "@" },
	{ "localhost.", "@" },        /* a bare domain needs two labels */
	{ "<jeremy>", "@" },
	{ "", "@" },
	{ "sip:", "@" },
	{ "sip:alice.contoso.com;transport=tls", "@" },
	/* The only '@' is inside a header: there is no user@domain. */
	{ "sip:contoso.com?to=bob@fabrikam.com", "@" },
};

static void spec2_rejects_missing_at(void **state)
{
	(void)state;
	check_rejects(missing_at, N(missing_at));
}

/* A bare domain of two labels or more: the placeholder user part, and the flag the trace reads. */
static const struct accept_case bare_domains[] = {
	{ "contoso.com", "sip", "user", "contoso.com", "sip:user@contoso.com", false, false, false },
	{ "CONTOSO.COM.", "sip", "user", "contoso.com", "sip:user@contoso.com", false, false, false },
	{ "sip.contoso.com", "sip", "user", "sip.contoso.com", "sip:user@sip.contoso.com", false, false, false },
	{ "contoso.com;transport=tls", "sip", "user", "contoso.com", "sip:user@contoso.com", false, true, false },
	{ "bücher.example", "sip", "user", "xn--bcher-kva.example", "sip:user@xn--bcher-kva.example", true, false, false },
	{ "<contoso.com>", "sip", "user", "contoso.com", "sip:user@contoso.com", false, false, false },
};

static void spec2_bare_domain_uses_placeholder_user(void **state)
{
	(void)state;
	check_accepts(bare_domains, N(bare_domains));
	size_t failed = 0;
	for (size_t i = 0; i < N(bare_domains); i++) {
		struct uri u;
		char why[256];
		if (uri_parse(bare_domains[i].input, &u, why, sizeof why) == SD_OK)
			failed += !same_bool(bare_domains[i].input, "placeholder_user", u.placeholder_user, true);
	}
	struct uri u;
	char why[256];
	assert_int_equal(uri_parse("jeremy@contoso.com", &u, why, sizeof why), SD_OK);
	failed += !same_bool("jeremy@contoso.com", "placeholder_user", u.placeholder_user, false);
	if (failed)
		fail_msg("%zu placeholder flags wrong (see above)", failed);
}

/* The address as SIP logs show it: in angle brackets, with or without a display name. */
static const struct accept_case name_addrs[] = {
	{ "<sip:jeremy@contoso.com>", "sip", "jeremy", "contoso.com", "sip:jeremy@contoso.com", false, false, false },
	{ "\"Jeremy\" <sip:jeremy@contoso.com>", "sip", "jeremy", "contoso.com", "sip:jeremy@contoso.com", false, false, false },
	{ "Jeremy Smith <sip:jeremy@contoso.com>", "sip", "jeremy", "contoso.com", "sip:jeremy@contoso.com", false, false, false },
	{ "\"Smith, Jeremy\"<sips:Jeremy@CONTOSO.com>", "sips", "Jeremy", "contoso.com", "sips:Jeremy@contoso.com", false, false, false },
	{ "\"a <b> \\\"c\\\"\" <sip:jeremy@contoso.com>", "sip", "jeremy", "contoso.com", "sip:jeremy@contoso.com", false, false, false },
	{ "<jeremy@contoso.com>", "sip", "jeremy", "contoso.com", "sip:jeremy@contoso.com", false, false, false },
	{ "<sip:jeremy@contoso.com;transport=tls>", "sip", "jeremy", "contoso.com", "sip:jeremy@contoso.com", false, true, false },
	{ "<sip:jeremy@contoso.com>;tag=1a2b", "sip", "jeremy", "contoso.com", "sip:jeremy@contoso.com", false, true, false },
	{ "<sip:jeremy@contoso.com?subject=x>", "sip", "jeremy", "contoso.com", "sip:jeremy@contoso.com", false, false, true },
	{ "  <sip:jeremy@contoso.com>  ", "sip", "jeremy", "contoso.com", "sip:jeremy@contoso.com", false, false, false },
};

static const struct reject_case bad_name_addrs[] = {
	{ "<sip:jeremy@contoso.com", "'>'" },
	{ "sip:jeremy@contoso.com>", "'<'" },
	{ "<sip:jeremy@contoso.com> trailing", "after '>'" },
	{ "\"Jeremy <sip:jeremy@contoso.com>", "'\"'" },
	{ "<>", "@" },
	{ "<sip:jeremy:secret@contoso.com>", "password" },
	{ "\"Jeremy\" <tel:+14255550100>", "scheme" },
};

static void spec2_name_addr_forms_accepted(void **state)
{
	(void)state;
	check_accepts(name_addrs, N(name_addrs));
	check_rejects(bad_name_addrs, N(bad_name_addrs));
}

static const struct reject_case empty_user[] = {
	{ "@contoso.com", "user" },
	{ "sip:@contoso.com", "user" },
	{ "sips:@contoso.com", "user" },
	{ "SIP:@contoso.com;transport=tls", "user" },
};

static void spec2_rejects_empty_user(void **state)
{
	(void)state;
	check_rejects(empty_user, N(empty_user));
}

static const struct reject_case empty_domain[] = {
	{ "alice@", "empty" },
	{ "sip:alice@", "empty" },
	{ "sips:alice@;transport=tls", "empty" },
	{ "sip:alice@?subject=x", "empty" },
	{ "alice@.", "empty" },
	{ "alice@contoso..com", "empty" },
	{ "alice@.contoso.com", "empty" },
};

static void spec2_rejects_empty_domain(void **state)
{
	(void)state;
	check_rejects(empty_domain, N(empty_domain));
}

static void spec2_rejects_label_over_63_octets(void **state)
{
	(void)state;
	char l63[64], l64[65], in[300], dom[200];
	memset(l63, 'a', 63);
	l63[63] = '\0';
	memset(l64, 'a', 64);
	l64[64] = '\0';

	/* 63 octets is the most a label may have: first, middle and last position. */
	const char *ok_fmt[] = { "sip:a@%s.com", "a@sip.%s.com", "a@contoso.%s" };
	for (size_t i = 0; i < N(ok_fmt); i++) {
		snprintf(in, sizeof in, ok_fmt[i], l63);
		snprintf(dom, sizeof dom, strchr(ok_fmt[i], '@') + 1, l63);
		char text[300];
		snprintf(text, sizeof text, "sip:a@%s", dom);
		struct accept_case c = { in, "sip", "a", dom, text, false, false, false };
		check_accepts(&c, 1);
		assert_int_equal(uri_host_check(dom, text, sizeof text), SD_OK);
	}

	/* 64 octets is one too many, wherever the label is. */
	const char *bad_fmt[] = { "sip:a@%s.com", "a@sip.%s.com", "a@contoso.%s", "a@%s" };
	for (size_t i = 0; i < N(bad_fmt); i++) {
		snprintf(in, sizeof in, bad_fmt[i], l64);
		struct reject_case c = { in, "63" };
		check_rejects(&c, 1);
		char why[128] = "";
		snprintf(dom, sizeof dom, strchr(bad_fmt[i], '@') + 1, l64);
		if (uri_host_check(dom, why, sizeof why) == SD_OK)
			fail_msg("uri_host_check(\"%s\"): accepted a 64-octet label", dom);
	}

	/* An internationalised label counts in its A-label form: 59 letters and a 'ü'. */
	char idn[200];
	memset(idn, 'a', 59);
	snprintf(idn + 59, sizeof idn - 59, "ü.example");
	snprintf(in, sizeof in, "a@%s", idn);
	struct reject_case c = { in, "" };
	check_rejects(&c, 1);
}

static void spec2_rejects_name_over_253_octets(void **state)
{
	(void)state;
	char name[400], in[500], text[500];

	build_name(name, sizeof name, 253);
	snprintf(in, sizeof in, "sip:a@%s", name);
	snprintf(text, sizeof text, "sip:a@%s", name);
	struct accept_case ok = { in, "sip", "a", name, text, false, false, false };
	check_accepts(&ok, 1);
	char why[128] = "";
	if (uri_host_check(name, why, sizeof why) != SD_OK)
		fail_msg("uri_host_check: rejected a 253-octet name (%s)", why);

	/* 253 octets and the root's trailing dot: still 253 after normalisation. */
	snprintf(in, sizeof in, "a@%s.", name);
	struct accept_case dotted = { in, "sip", "a", name, text, false, false, false };
	check_accepts(&dotted, 1);

	for (size_t len = 254; len <= 300; len += 23) {
		build_name(name, sizeof name, len);
		snprintf(in, sizeof in, "sip:a@%s", name);
		struct reject_case bad = { in, "253" };
		check_rejects(&bad, 1);
		if (uri_host_check(name, why, sizeof why) == SD_OK)
			fail_msg("uri_host_check: accepted a %zu-octet name", len);
	}

	/* Far longer than any buffer: still a clean rejection. */
	char huge[3000];
	memcpy(huge, "a@", 2);
	build_name(huge + 2, sizeof huge - 2, 2500);
	struct reject_case bad = { huge, "253" };
	check_rejects(&bad, 1);
}

static const struct reject_case host_chars[] = {
	{ "alice@_sip.contoso.com", "_" },
	{ "alice@con_toso.com", "_" },
	{ "alice@con toso.com", "not allowed" },
	{ "alice@contoso.com ", "not allowed" },
	{ "alice@contoso!.com", "!" },
	{ "alice@contoso.com!", "!" },
	{ "alice@con*toso.com", "*" },
	{ "alice@con/toso.com", "/" },
	{ "alice@contoso\x01.com", "not allowed" },
	{ "alice@contoso.com\t", "not allowed" },
	{ "alice@contoso.com\n", "not allowed" },
	{ "alice@con\x1btoso.com", "not allowed" },
	{ "alice@con\x7ftoso.com", "not allowed" },
	{ "alice@-contoso.com", "hyphen" },
	{ "alice@contoso-.com", "hyphen" },
	{ "alice@contoso.123", "digits" },
};

static void spec2_rejects_host_name_characters(void **state)
{
	(void)state;
	check_rejects(host_chars, N(host_chars));
}

static const struct reject_case ip_literals[] = {
	{ "alice@192.0.2.1", "IP" },
	{ "sip:alice@192.0.2.1", "IP" },
	{ "sips:alice@192.0.2.1.", "IP" },
	{ "sip:alice@192.0.2.1;transport=tls", "IP" },
	{ "alice@[2001:db8::1]", "IP" },
	{ "sip:alice@[2001:db8::1]", "IP" },
	{ "sip:alice@[::1]", "IP" },
	{ "sip:alice@[2001:db8::1];transport=tls", "IP" },
	{ "alice@2001:db8::1", "IP" },
	{ "sip:alice@2001:DB8::1", "IP" },
	{ "sip:alice@::1", "IP" },
	{ "sip:alice@::ffff:192.0.2.1", "IP" },
};

static void spec2_rejects_ip_literal(void **state)
{
	(void)state;
	check_rejects(ip_literals, N(ip_literals));
}

static const struct reject_case other_schemes[] = {
	{ "tel:+14255550100", "scheme" },
	{ "TEL:+14255550100", "scheme" },
	{ "http://contoso.com/", "scheme" },
	{ "http://alice@contoso.com", "scheme" },
	{ "https://alice@contoso.com/", "scheme" },
	{ "mailto:alice@contoso.com", "scheme" },
	{ "im:alice@contoso.com", "scheme" },
	{ "pres:alice@contoso.com", "scheme" },
	{ "xmpp:alice@contoso.com", "scheme" },
	{ "sipx:alice@contoso.com", "scheme" },
	{ "si:alice@contoso.com", "scheme" },
};

static void spec2_rejects_other_schemes(void **state)
{
	(void)state;
	check_rejects(other_schemes, N(other_schemes));
}

static const struct reject_case passwords[] = {
	{ "sip:alice:secret@contoso.com", "password" },
	{ "sips:alice:secret@contoso.com", "password" },
	{ "sip:alice:@contoso.com", "password" },
	/*
	 * Without a scheme, "alice:" reads as one (RFC 3986): still rejected,
	 * though the reason says "unsupported scheme", not "password".
	 */
	{ "alice:secret@contoso.com", "" },
};

static void spec2_rejects_password_in_user_part(void **state)
{
	(void)state;
	check_rejects(passwords, N(passwords));
}

static const struct reject_case ports[] = {
	{ "sip:alice@contoso.com:5061", "port" },
	{ "alice@contoso.com:5061", "port" },
	{ "sips:alice@contoso.com:443;transport=tls", "port" },
	{ "sip:alice@contoso.com:5060?subject=x", "port" },
	{ "alice@contoso.com:", "port" },
};

static void spec2_rejects_port_in_domain(void **state)
{
	(void)state;
	check_rejects(ports, N(ports));
}

static const struct reject_case user_chars[] = {
	{ "sip:al ice@contoso.com", "user" },
	{ "al\tice@contoso.com", "user" },
	{ "sip:alice\x01@contoso.com", "user" },
	{ "sip:alice@bob@contoso.com", "@" },
	{ "\"<>@s;\"", "user part" },          /* found by fuzz_uri: its canonical text did not parse again */
	{ "sip:\"al\"ice@contoso.com", "user part" },
	{ "a<b@contoso.com", "<" },
};

static void spec2_rejects_bad_user_part(void **state)
{
	(void)state;
	check_rejects(user_chars, N(user_chars));
	/* 256 octets of user part is the bound; 257 is rejected. */
	char in[600];
	memcpy(in, "sip:", 4);
	memset(in + 4, 'u', 257);
	snprintf(in + 4 + 257, sizeof in - 4 - 257, "@contoso.com");
	struct reject_case c = { in, "user" };
	check_rejects(&c, 1);
}

/* Invalid internationalised names: rejected, the reason quoting libidn2's (any wording). */
static const struct reject_case bad_idns[] = {
	{ "a@b\xff" "cher.example", "" },       /* not UTF-8 */
	{ "a@\xcc\x81x.example", "" },          /* leading combining mark */
	{ "a@\xd7\x90" "a.example", "" },        /* RTL letter beside LTR */
	{ "a@\xee\x80\x80.example", "" },       /* private use, disallowed */
	/* xn--wca decodes to an upper-case 'Ü', which UTS #46 forbids: the reason must stay one short line. */
	{ "a@xn--wca.b\xc3\xbc" "cher.example", "" },
};

static void spec2_rejects_invalid_idn_with_short_reason(void **state)
{
	(void)state;
	check_rejects(bad_idns, N(bad_idns));
}

/* Every rejection table, once more, for the shape of its reason alone. */
static void spec2_every_rejection_reason_is_one_short_line(void **state)
{
	(void)state;
	static const struct {
		const struct reject_case *cases;
		size_t n;
	} all[] = {
		{ missing_at, N(missing_at) },     { empty_user, N(empty_user) },
		{ empty_domain, N(empty_domain) }, { host_chars, N(host_chars) },
		{ ip_literals, N(ip_literals) },   { other_schemes, N(other_schemes) },
		{ passwords, N(passwords) },       { ports, N(ports) },
		{ user_chars, N(user_chars) },     { bad_name_addrs, N(bad_name_addrs) },
	};
	size_t failed = 0, total = 0;
	for (size_t t = 0; t < N(all); t++)
		for (size_t i = 0; i < all[t].n; i++, total++) {
			struct uri u;
			char why[512];
			const char *in = all[t].cases[i].input;
			memset(why, 'X', sizeof why - 1);
			why[sizeof why - 1] = '\0';
			if (uri_parse(in, &u, why, sizeof why) != SD_ERR_INPUT) {
				print_error("\"%s\": not rejected\n", shown(in));
				failed++;
			} else if (!short_reason(in, why)) {
				failed++;
			}
		}
	if (failed)
		fail_msg("%zu of %zu rejections without a one-line reason (see above)", failed, total);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(spec2_accepts_sip_sips_and_bare_forms),
		cmocka_unit_test(spec2_scheme_and_domain_are_case_insensitive),
		cmocka_unit_test(spec2_trailing_dot_removed),
		cmocka_unit_test(spec2_idn_converted_to_a_label),
		cmocka_unit_test(spec2_uri_parameters_ignored_with_note),
		cmocka_unit_test(spec2_uri_headers_ignored_with_note),
		cmocka_unit_test(spec2_normalised_text_is_scheme_user_at_domain),
		cmocka_unit_test(spec2_rejects_missing_at),
		cmocka_unit_test(spec2_bare_domain_uses_placeholder_user),
		cmocka_unit_test(spec2_name_addr_forms_accepted),
		cmocka_unit_test(spec2_rejects_empty_user),
		cmocka_unit_test(spec2_rejects_empty_domain),
		cmocka_unit_test(spec2_rejects_label_over_63_octets),
		cmocka_unit_test(spec2_rejects_name_over_253_octets),
		cmocka_unit_test(spec2_rejects_host_name_characters),
		cmocka_unit_test(spec2_rejects_ip_literal),
		cmocka_unit_test(spec2_rejects_other_schemes),
		cmocka_unit_test(spec2_rejects_password_in_user_part),
		cmocka_unit_test(spec2_rejects_port_in_domain),
		cmocka_unit_test(spec2_rejects_bad_user_part),
		cmocka_unit_test(spec2_rejects_invalid_idn_with_short_reason),
		cmocka_unit_test(spec2_every_rejection_reason_is_one_short_line),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
