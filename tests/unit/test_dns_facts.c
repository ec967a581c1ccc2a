/* test_dns_facts.c — SPEC §4.6's DNS facts as dns_parse_answer records them, and the server list. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <ldns/ldns.h>

#include "dns.h"

#define ID 0x4242

/* An answer to name/type: flags, rcode, records per section ("" ends a list), EDNS option bytes. */
struct answer {
	const char *name;
	ldns_rr_type type;
	bool aa, ra;
	ldns_pkt_rcode rcode;
	const char *an[6], *ns[4], *ar[4];
	const uint8_t *edns;
	size_t edns_len;
};

static void push(ldns_pkt *pkt, ldns_pkt_section sec, const char *const *rrs, size_t n)
{
	for (size_t i = 0; i < n && rrs[i]; i++) {
		ldns_rr *rr = NULL;
		assert_int_equal(ldns_rr_new_frm_str(&rr, rrs[i], 300, NULL, NULL), LDNS_STATUS_OK);
		assert_true(ldns_pkt_push_rr(pkt, sec, rr));
	}
}

/* dns_parse_answer's outcome; the call itself must succeed (no allocation fails here). */
static enum dns_parse outcome(const uint8_t *wire, size_t len, struct query *q, bool keep_raw)
{
	enum dns_parse p = DNS_PARSE_OK;
	assert_int_equal(dns_parse_answer(wire, len, ID, q, keep_raw, &p), SD_OK);
	return p;
}

/* Builds the answer's wire form and parses it into a fresh query for name/type. */
static enum dns_parse parse(const struct answer *a, struct query *q)
{
	memset(q, 0, sizeof *q);
	snprintf(q->name, sizeof q->name, "%s", a->name);
	q->type = (uint16_t)a->type;
	q->result = DNS_PENDING;
	ldns_rdf *owner = ldns_dname_new_frm_str(a->name);
	ldns_pkt *pkt = ldns_pkt_query_new(owner, a->type, LDNS_RR_CLASS_IN, LDNS_RD);
	assert_non_null(pkt);
	ldns_pkt_set_id(pkt, ID);
	ldns_pkt_set_qr(pkt, true);
	ldns_pkt_set_aa(pkt, a->aa);
	ldns_pkt_set_ra(pkt, a->ra);
	ldns_pkt_set_rcode(pkt, (uint8_t)a->rcode);
	push(pkt, LDNS_SECTION_ANSWER, a->an, 6);
	push(pkt, LDNS_SECTION_AUTHORITY, a->ns, 4);
	push(pkt, LDNS_SECTION_ADDITIONAL, a->ar, 4);
	ldns_pkt_set_edns_udp_size(pkt, 1232);
	if (a->edns)
		ldns_pkt_set_edns_data(pkt, ldns_rdf_new_frm_data(LDNS_RDF_TYPE_UNKNOWN, a->edns_len, a->edns));
	uint8_t *wire = NULL;
	size_t len = 0;
	assert_int_equal(ldns_pkt2wire(&wire, pkt, &len), LDNS_STATUS_OK);
	ldns_pkt_free(pkt);
	enum dns_parse r = outcome(wire, len, q, false);
	free(wire);
	return r;
}

static void query_free(struct query *q)
{
	free(q->srv);
	free(q->addr);
	free(q->raw);
}

static void spec4_6_ra_and_aa_bits_are_recorded(void **state)
{
	(void)state;
	struct query q;
	const struct answer auth = { "pool.d.test", LDNS_RR_TYPE_A, true, false, LDNS_RCODE_NOERROR,
				     { "pool.d.test. IN A 192.0.2.1" }, { 0 }, { 0 }, NULL, 0 };
	assert_int_equal(parse(&auth, &q), DNS_PARSE_OK);
	assert_int_equal(q.result, DNS_ANSWER);
	assert_true(q.aa);
	assert_false(q.ra);
	assert_false(q.referral);
	query_free(&q);
	const struct answer recursive = { "pool.d.test", LDNS_RR_TYPE_A, false, true, LDNS_RCODE_NOERROR,
					  { "pool.d.test. IN A 192.0.2.1" }, { 0 }, { 0 }, NULL, 0 };
	assert_int_equal(parse(&recursive, &q), DNS_PARSE_OK);
	assert_false(q.aa);
	assert_true(q.ra);
	query_free(&q);
}

static void spec4_6_a_referral_is_told_from_nodata(void **state)
{
	(void)state;
	struct query q;
	const struct answer referral = { "_sipinternaltls._tcp.d.test", LDNS_RR_TYPE_SRV, false, false,
					 LDNS_RCODE_NOERROR, { 0 }, { "_tcp.d.test. IN NS ns.elsewhere.test." },
					 { 0 }, NULL, 0 };
	assert_int_equal(parse(&referral, &q), DNS_PARSE_OK);
	assert_int_equal(q.result, DNS_NODATA);
	assert_true(q.referral);
	query_free(&q);
	const struct answer nodata = { "_sipinternaltls._tcp.d.test", LDNS_RR_TYPE_SRV, true, false,
				       LDNS_RCODE_NOERROR, { 0 },
				       { "d.test. IN SOA ns.d.test. h.d.test. 1 3600 600 86400 300" }, { 0 }, NULL, 0 };
	assert_int_equal(parse(&nodata, &q), DNS_PARSE_OK);
	assert_int_equal(q.result, DNS_NODATA);
	assert_false(q.referral);
	query_free(&q);
}

static void spec4_6_a_cname_chain_is_followed_to_its_target(void **state)
{
	(void)state;
	struct query q;
	const struct answer a = { "pool.d.test", LDNS_RR_TYPE_A, false, true, LDNS_RCODE_NOERROR,
				  { "pool.d.test. IN CNAME mid.d.test.", "mid.d.test. IN CNAME web.hoster.test.",
				    "web.hoster.test. IN A 192.0.2.7", "other.test. IN A 192.0.2.99" },
				  { 0 }, { 0 }, NULL, 0 };
	assert_int_equal(parse(&a, &q), DNS_PARSE_OK);
	assert_int_equal(q.result, DNS_ANSWER);
	assert_int_equal(q.n_cname, 2);
	assert_string_equal(q.cname_chain[0], "mid.d.test");
	assert_string_equal(q.cname_chain[1], "web.hoster.test");
	assert_string_equal(q.cname_target, "web.hoster.test");
	assert_int_equal(q.n_addr, 1); /* other.test's address is no answer to pool.d.test */
	assert_string_equal(q.addr[0].text, "192.0.2.7");
	assert_string_equal(q.addr[0].owner, "pool.d.test");
	query_free(&q);
}

static void spec4_6_a_cname_to_nothing_is_the_targets_nxdomain(void **state)
{
	(void)state;
	struct query q;
	const struct answer a = { "pool.d.test", LDNS_RR_TYPE_A, true, false, LDNS_RCODE_NXDOMAIN,
				  { "pool.d.test. IN CNAME gone.d.test." }, { 0 }, { 0 }, NULL, 0 };
	assert_int_equal(parse(&a, &q), DNS_PARSE_OK);
	assert_int_equal(q.result, DNS_NXDOMAIN);
	assert_int_equal(q.n_cname, 1);
	assert_string_equal(q.cname_target, "gone.d.test");
	query_free(&q);
}

static void spec4_6_an_srv_name_that_is_a_cname_yields_the_targets_records(void **state)
{
	(void)state;
	struct query q;
	const struct answer a = { "_sipinternaltls._tcp.d.test", LDNS_RR_TYPE_SRV, false, true, LDNS_RCODE_NOERROR,
				  { "_sipinternaltls._tcp.d.test. IN CNAME _sip.hosted.test.",
				    "_sip.hosted.test. IN SRV 0 0 5061 pool.hosted.test." },
				  { 0 }, { 0 }, NULL, 0 };
	assert_int_equal(parse(&a, &q), DNS_PARSE_OK);
	assert_int_equal(q.result, DNS_ANSWER);
	assert_int_equal(q.n_srv, 1);
	assert_string_equal(q.srv[0].target, "pool.hosted.test");
	assert_string_equal(q.cname_target, "_sip.hosted.test");
	query_free(&q);
}

static void spec4_6_a_cname_loop_ends(void **state)
{
	(void)state;
	struct query q;
	const struct answer a = { "a.d.test", LDNS_RR_TYPE_A, false, true, LDNS_RCODE_NOERROR,
				  { "a.d.test. IN CNAME b.d.test.", "b.d.test. IN CNAME a.d.test." }, { 0 }, { 0 }, NULL, 0 };
	assert_int_equal(parse(&a, &q), DNS_PARSE_OK);
	assert_int_equal(q.result, DNS_NODATA);
	assert_int_equal(q.n_cname, 16);
	query_free(&q);
}

static void spec4_6_an_extended_dns_error_is_recorded(void **state)
{
	(void)state;
	struct query q;
	static const uint8_t bogus[] = { 0, 15, 0, 25, 0, 6, 's', 'i', 'g', 'n', 'a', 't', 'u', 'r', 'e', ' ', 'c', 'r',
					 'y', 'p', 't', 'o', ' ', 'f', 'a', 'i', 'l', 'e', 'd' };
	const struct answer a = { "_sip._tls.d.test", LDNS_RR_TYPE_SRV, false, true, LDNS_RCODE_SERVFAIL,
				  { 0 }, { 0 }, { 0 }, bogus, sizeof bogus };
	assert_int_equal(parse(&a, &q), DNS_PARSE_OK);
	assert_int_equal(q.result, DNS_SERVFAIL);
	assert_true(q.has_ede);
	assert_int_equal(q.ede_code, 6);
	assert_string_equal(q.ede_text, "DNSSEC Bogus: signature crypto failed");
	query_free(&q);
	static const uint8_t cookie_then_bare[] = { 0, 10, 0, 8, 1, 2, 3, 4, 5, 6, 7, 8, 0, 15, 0, 2, 0, 22 };
	const struct answer b = { "_sip._tls.d.test", LDNS_RR_TYPE_SRV, false, true, LDNS_RCODE_SERVFAIL,
				  { 0 }, { 0 }, { 0 }, cookie_then_bare, sizeof cookie_then_bare };
	assert_int_equal(parse(&b, &q), DNS_PARSE_OK);
	assert_int_equal(q.ede_code, 22);
	assert_string_equal(q.ede_text, "No Reachable Authority");
	query_free(&q);
	static const uint8_t cut[] = { 0, 15, 0, 40, 0, 6, 'x' };
	const struct answer c = { "_sip._tls.d.test", LDNS_RR_TYPE_SRV, false, true, LDNS_RCODE_SERVFAIL,
				  { 0 }, { 0 }, { 0 }, cut, sizeof cut };
	assert_int_equal(parse(&c, &q), DNS_PARSE_OK);
	assert_false(q.has_ede);
	query_free(&q);
}

static void spec4_6_the_liveness_probe_counts_any_response(void **state)
{
	(void)state;
	uint8_t *wire = NULL;
	size_t len = 0;
	assert_int_equal(dns_build_probe(0x1234, &wire, &len), SD_OK);
	ldns_pkt *pkt = NULL;
	assert_int_equal(ldns_wire2pkt(&pkt, wire, len), LDNS_STATUS_OK);
	const ldns_rr *q = ldns_rr_list_rr(ldns_pkt_question(pkt), 0);
	assert_int_equal(ldns_rr_get_class(q), LDNS_RR_CLASS_CH);
	assert_int_equal(ldns_rr_get_type(q), LDNS_RR_TYPE_TXT);
	assert_false(ldns_pkt_rd(pkt));
	ldns_pkt_free(pkt);
	assert_false(dns_is_response(wire, len, 0x1234)); /* a query, QR=0 */
	wire[2] |= 0x80;
	wire[3] = 5; /* REFUSED still proves the server alive */
	assert_true(dns_is_response(wire, len, 0x1234));
	assert_false(dns_is_response(wire, len, 0x1235));
	assert_false(dns_is_response(wire, 11, 0x1234));
	free(wire);
}

/* A bad --dns-server is one line that names the value as given, whatever is wrong with it. */
static void spec4_6_a_bad_dns_server_is_named_in_one_line(void **state)
{
	(void)state;
	static const struct {
		const char *spec, *why;
	} cases[] = {
		{ "nope", "bad DNS server \"nope\" (expected an IP address)" },
		{ "127.0.0.1:0", "bad DNS server \"127.0.0.1:0\" (expected ADDR[:PORT], ADDR#PORT or [ADDR6]:PORT)" },
		{ "127.0.0.1:x", "bad DNS server \"127.0.0.1:x\" (expected ADDR[:PORT], ADDR#PORT or [ADDR6]:PORT)" },
		{ "[::1", "bad DNS server \"[::1\" (expected ADDR[:PORT], ADDR#PORT or [ADDR6]:PORT)" },
		{ "[::1]x", "bad DNS server \"[::1]x\" (expected ADDR[:PORT], ADDR#PORT or [ADDR6]:PORT)" },
		{ "127.0.0.1#0", "bad DNS server \"127.0.0.1#0\" (expected ADDR[:PORT], ADDR#PORT or [ADDR6]:PORT)" },
		{ "127.0.0.1#53#53", "bad DNS server \"127.0.0.1#53#53\" (expected ADDR[:PORT], ADDR#PORT or [ADDR6]:PORT)" },
	};
	struct dns_server s;
	char why[256];
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_int_equal(dns_server_parse(cases[i].spec, &s, why, sizeof why), SD_ERR_INPUT);
		assert_string_equal(why, cases[i].why);
	}
	assert_int_equal(dns_server_parse("[::1]", &s, why, sizeof why), SD_OK);
	assert_string_equal(s.text, "::1#53");
	/* ADDR#PORT, the form the trace prints, reads back as itself. */
	assert_int_equal(dns_server_parse("127.0.0.1#25353", &s, why, sizeof why), SD_OK);
	assert_string_equal(s.text, "127.0.0.1#25353");
	assert_int_equal(dns_server_parse("2001:db8::53#5353", &s, why, sizeof why), SD_OK);
	assert_string_equal(s.text, "2001:db8::53#5353");
}

static void spec4_6_servers_are_kept_in_order(void **state)
{
	(void)state;
	struct dns_servers s;
	char why[256];
	assert_int_equal(dns_servers_parse("127.0.0.1:5353,[::1]:53,127.0.0.2", &s, why, sizeof why), SD_OK);
	assert_int_equal(s.n, 3);
	assert_string_equal(s.text, "127.0.0.1#5353, ::1#53, 127.0.0.2#53");
	assert_int_equal(dns_servers_parse("127.0.0.1,nope", &s, why, sizeof why), SD_ERR_INPUT);
	assert_int_equal(dns_servers_parse("1.1.1.1,1.1.1.2,1.1.1.3,1.1.1.4,1.1.1.5,1.1.1.6,1.1.1.7,1.1.1.8,1.1.1.9", &s, why,
					   sizeof why),
			 SD_ERR_INPUT);
	char path[] = "/tmp/test_dns_facts.XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	const char conf[] = "search d.test\nnameserver 192.0.2.53\nnameserver fe80::1%eth0\nnameserver 192.0.2.54\n";
	assert_int_equal(write(fd, conf, sizeof conf - 1), (ssize_t)(sizeof conf - 1));
	close(fd);
	assert_int_equal(dns_servers_from_resolv_conf(path, &s, why, sizeof why), SD_OK);
	unlink(path);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.text, "192.0.2.53#53, 192.0.2.54#53");
}

/* SPEC §4.6: the servers a query gave up on are kept as a list and written as one line. */
static void spec4_6_servers_given_up_on_are_listed_in_order(void **state)
{
	(void)state;
	struct query q = { 0 };
	char line[256];
	assert_string_equal(query_servers_failed_text(&q, line, sizeof line), "");
	static const struct server_failure failed[] = { { "127.0.0.1#53", "timeout" }, { "[::1]#5353", "servfail" } };
	memcpy(q.servers_failed, failed, sizeof failed);
	q.n_servers_failed = 2;
	assert_string_equal(query_servers_failed_text(&q, line, sizeof line), "127.0.0.1#53 timeout, [::1]#5353 servfail");
	assert_string_equal(query_servers_failed_text(&q, line, 16), "127.0.0.1#53 ti"); /* cut to fit */
	snprintf(q.cname_chain[0], sizeof q.cname_chain[0], "mid.d.test");
	snprintf(q.cname_chain[1], sizeof q.cname_chain[1], "web.hoster.test");
	q.n_cname = 2;
	assert_string_equal(query_cname_chain_text(&q, line, sizeof line), "mid.d.test web.hoster.test");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(spec4_6_ra_and_aa_bits_are_recorded),
		cmocka_unit_test(spec4_6_a_referral_is_told_from_nodata),
		cmocka_unit_test(spec4_6_a_cname_chain_is_followed_to_its_target),
		cmocka_unit_test(spec4_6_a_cname_to_nothing_is_the_targets_nxdomain),
		cmocka_unit_test(spec4_6_an_srv_name_that_is_a_cname_yields_the_targets_records),
		cmocka_unit_test(spec4_6_a_cname_loop_ends),
		cmocka_unit_test(spec4_6_an_extended_dns_error_is_recorded),
		cmocka_unit_test(spec4_6_the_liveness_probe_counts_any_response),
		cmocka_unit_test(spec4_6_a_bad_dns_server_is_named_in_one_line),
		cmocka_unit_test(spec4_6_servers_are_kept_in_order),
		cmocka_unit_test(spec4_6_servers_given_up_on_are_listed_in_order),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
