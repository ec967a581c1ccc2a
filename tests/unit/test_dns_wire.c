/*
 * test_dns_wire.c — SPEC §4.6, §7: an answer in wire format, read into a query.
 * Each message is built here with ldns, as a server would send it, and changed
 * one field at a time: rcode, TC bit, ID, question, records.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <ldns/ldns.h>
#include <stdlib.h>
#include <string.h>

#include "dns_wire.h"

#define N(table) (sizeof(table) / sizeof((table)[0]))
#define ID 0x1234
#define SRV_NAME "_sipinternaltls._tcp.contoso.com"

/* A response to (qname, qtype) with rcode; answer and additional are record texts, NULL-ended. */
struct message {
	const char *qname;
	ldns_rr_type qtype;
	uint16_t id;
	ldns_pkt_rcode rcode;
	bool tc, not_response;
	const char *answer[4];
	const char *additional[4];
};

static void push_records(ldns_pkt *pkt, ldns_pkt_section section, const char *const *texts, size_t n)
{
	for (size_t i = 0; i < n && texts[i]; i++) {
		ldns_rr *rr = NULL;
		assert_int_equal(ldns_rr_new_frm_str(&rr, texts[i], 3600, NULL, NULL), LDNS_STATUS_OK);
		assert_true(ldns_pkt_push_rr(pkt, section, rr));
	}
}

static uint8_t *wire_of(const struct message *m, size_t *len)
{
	ldns_pkt *pkt = ldns_pkt_new();
	assert_non_null(pkt);
	ldns_rr *q = ldns_rr_new();
	ldns_rdf *owner = NULL;
	assert_int_equal(ldns_str2rdf_dname(&owner, m->qname), LDNS_STATUS_OK);
	ldns_rr_set_owner(q, owner);
	ldns_rr_set_type(q, m->qtype);
	ldns_rr_set_class(q, LDNS_RR_CLASS_IN);
	ldns_rr_set_question(q, true);
	assert_true(ldns_pkt_push_rr(pkt, LDNS_SECTION_QUESTION, q));
	ldns_pkt_set_id(pkt, m->id ? m->id : ID);
	ldns_pkt_set_qr(pkt, !m->not_response);
	ldns_pkt_set_rd(pkt, true);
	ldns_pkt_set_ra(pkt, true);
	ldns_pkt_set_tc(pkt, m->tc);
	ldns_pkt_set_rcode(pkt, (uint8_t)m->rcode);
	push_records(pkt, LDNS_SECTION_ANSWER, m->answer, N(m->answer));
	push_records(pkt, LDNS_SECTION_ADDITIONAL, m->additional, N(m->additional));
	uint8_t *wire = NULL;
	assert_int_equal(ldns_pkt2wire(&wire, pkt, len), LDNS_STATUS_OK);
	ldns_pkt_free(pkt);
	return wire;
}

static struct query query_for(const char *name, uint16_t type)
{
	struct query q = { .type = type, .result = DNS_PENDING, .stage = STAGE_SRV };
	sd_copy(q.name, sizeof q.name, name);
	return q;
}

/* dns_parse_answer's outcome; the call itself must succeed (no allocation fails here). */
static enum dns_parse outcome(const uint8_t *wire, size_t len, struct query *q, bool keep_raw)
{
	enum dns_parse p = DNS_PARSE_OK;
	assert_int_equal(dns_parse_answer(wire, len, ID, q, keep_raw, &p), SD_OK);
	return p;
}

/* Parses m as the answer to (name, type). */
static enum dns_parse parse(const struct message *m, struct query *q)
{
	size_t len;
	uint8_t *wire = wire_of(m, &len);
	enum dns_parse p = outcome(wire, len, q, false);
	free(wire);
	return p;
}

/* SPEC §4.2, §4.5: SRV records in answer order, the additional section's addresses owned by their host. */
static void spec4_5_srv_answer_with_additional_addresses(void **state)
{
	(void)state;
	struct message m = {
		SRV_NAME, LDNS_RR_TYPE_SRV, 0, LDNS_RCODE_NOERROR, false, false,
		{ SRV_NAME ". IN SRV 10 20 5061 Pool.Contoso.com.", SRV_NAME ". IN SRV 0 0 5061 sip.contoso.com." },
		{ "pool.contoso.com. IN A 192.0.2.1", "pool.contoso.com. IN AAAA 2001:db8::1",
		  "pool.contoso.com. IN TXT \"not an address\"" },
	};
	struct query q = query_for(SRV_NAME, LDNS_RR_TYPE_SRV);
	assert_int_equal(parse(&m, &q), DNS_PARSE_OK);
	assert_int_equal(q.result, DNS_ANSWER);
	assert_int_equal(q.n_srv, 2);
	assert_int_equal(q.srv[0].priority, 10);
	assert_int_equal(q.srv[0].weight, 20);
	assert_int_equal(q.srv[0].port, 5061);
	assert_string_equal(q.srv[0].target, "pool.contoso.com"); /* lower case, no trailing dot */
	assert_string_equal(q.srv[1].target, "sip.contoso.com");
	assert_int_equal(q.n_addr, 2);
	assert_string_equal(q.addr[0].owner, "pool.contoso.com");
	assert_string_equal(q.addr[0].text, "192.0.2.1");
	assert_int_equal(q.addr[0].family, AF_INET);
	assert_int_equal(q.addr[0].source, ADDR_FROM_ADDITIONAL);
	assert_string_equal(q.addr[1].text, "2001:db8::1");
	assert_int_equal(q.addr[1].family, AF_INET6);
	query_clear(&q);
}

/* SPEC §4.5: an A answer reached through a CNAME still answers the name asked for. */
static void spec4_5_address_answer_is_owned_by_the_query_name(void **state)
{
	(void)state;
	struct message m = {
		"sip.contoso.com", LDNS_RR_TYPE_A, 0, LDNS_RCODE_NOERROR, false, false,
		{ "sip.contoso.com. IN CNAME pool.contoso.com.", "pool.contoso.com. IN A 192.0.2.1",
		  "pool.contoso.com. IN AAAA 2001:db8::1" },
		{ NULL },
	};
	struct query q = query_for("sip.contoso.com", LDNS_RR_TYPE_A);
	assert_int_equal(parse(&m, &q), DNS_PARSE_OK);
	assert_int_equal(q.result, DNS_ANSWER);
	assert_int_equal(q.n_addr, 1);
	assert_string_equal(q.addr[0].owner, "sip.contoso.com");
	assert_string_equal(q.addr[0].text, "192.0.2.1");
	assert_int_equal(q.addr[0].source, ADDR_FROM_QUERY);
	query_clear(&q);
}

/* SPEC §7: every rcode maps to its answer class; an unusual one is an error that names it. */
static void spec7_rcode_classes(void **state)
{
	(void)state;
	static const struct {
		ldns_pkt_rcode rcode;
		bool records;
		enum dns_result result;
		const char *detail;
	} cases[] = {
		{ LDNS_RCODE_NOERROR, false, DNS_NODATA, "" },
		{ LDNS_RCODE_NXDOMAIN, false, DNS_NXDOMAIN, "" },
		{ LDNS_RCODE_SERVFAIL, false, DNS_SERVFAIL, "" },
		{ LDNS_RCODE_REFUSED, false, DNS_REFUSED, "" },
		{ LDNS_RCODE_NOTIMPL, false, DNS_ERROR, "rcode NOTIMPL" },
		{ LDNS_RCODE_FORMERR, false, DNS_ERROR, "rcode FORMERR" },
		{ LDNS_RCODE_NOERROR, true, DNS_ANSWER, "" },
	};
	for (size_t i = 0; i < N(cases); i++) {
		struct message m = { SRV_NAME, LDNS_RR_TYPE_SRV, 0, cases[i].rcode, false, false, { NULL }, { NULL } };
		if (cases[i].records)
			m.answer[0] = SRV_NAME ". IN SRV 0 0 5061 pool.contoso.com.";
		struct query q = query_for(SRV_NAME, LDNS_RR_TYPE_SRV);
		assert_int_equal(parse(&m, &q), DNS_PARSE_OK);
		if (q.result != cases[i].result || strcmp(q.detail, cases[i].detail) != 0)
			fail_msg("rcode %d: %s \"%s\", expected %s \"%s\"", (int)cases[i].rcode, dns_result_name(q.result),
				 q.detail, dns_result_name(cases[i].result), cases[i].detail);
		query_clear(&q);
	}
}

/* SPEC §4.6: a truncated UDP answer is asked again over TCP; over TCP it is read as it is. */
static void spec4_6_truncated_answer_is_retried_over_tcp(void **state)
{
	(void)state;
	struct message m = { SRV_NAME, LDNS_RR_TYPE_SRV, 0, LDNS_RCODE_NOERROR, true, false,
			     { SRV_NAME ". IN SRV 0 0 5061 pool.contoso.com." }, { NULL } };
	struct query q = query_for(SRV_NAME, LDNS_RR_TYPE_SRV);
	assert_int_equal(parse(&m, &q), DNS_PARSE_TRUNCATED);
	assert_int_equal(q.result, DNS_PENDING);
	assert_int_equal(q.n_srv, 0);
	q.via_tcp = true;
	assert_int_equal(parse(&m, &q), DNS_PARSE_OK);
	assert_int_equal(q.result, DNS_ANSWER);
	assert_int_equal(q.n_srv, 1);
	query_clear(&q);
}

/* SPEC §4.6: what is not the answer to this query leaves it waiting: wrong ID, question or a query. */
static void spec4_6_foreign_answer_is_ignored(void **state)
{
	(void)state;
	static const struct message foreign[] = {
		{ SRV_NAME, LDNS_RR_TYPE_SRV, ID + 1, LDNS_RCODE_NOERROR, false, false,
		  { SRV_NAME ". IN SRV 0 0 5061 evil.example." }, { NULL } },
		{ "_sip._tls.contoso.com", LDNS_RR_TYPE_SRV, 0, LDNS_RCODE_NOERROR, false, false,
		  { "_sip._tls.contoso.com. IN SRV 0 0 443 evil.example." }, { NULL } },
		{ SRV_NAME, LDNS_RR_TYPE_A, 0, LDNS_RCODE_NOERROR, false, false, { NULL }, { NULL } },
		{ SRV_NAME, LDNS_RR_TYPE_SRV, 0, LDNS_RCODE_NOERROR, false, true,
		  { SRV_NAME ". IN SRV 0 0 5061 evil.example." }, { NULL } },
	};
	for (size_t i = 0; i < N(foreign); i++) {
		struct query q = query_for(SRV_NAME, LDNS_RR_TYPE_SRV);
		assert_int_equal(parse(&foreign[i], &q), DNS_PARSE_MISMATCH);
		assert_int_equal(q.result, DNS_PENDING);
		assert_int_equal(q.n_srv, 0);
		query_clear(&q);
	}
	uint8_t short_message[11] = { ID >> 8, ID & 0xff };
	struct query q = query_for(SRV_NAME, LDNS_RR_TYPE_SRV);
	assert_int_equal(outcome(short_message, sizeof short_message, &q, false), DNS_PARSE_MISMATCH);
	assert_int_equal(q.result, DNS_PENDING);
}

/* SPEC §4.3: a record that is there but cannot be read is no "no record": the query is an error. */
static void spec4_3_malformed_srv_is_an_error_not_a_missing_record(void **state)
{
	(void)state;
	struct message m = { SRV_NAME, LDNS_RR_TYPE_SRV, 0, LDNS_RCODE_NOERROR, false, false,
			     { SRV_NAME ". IN SRV 0 0 5061 pool.contoso.com." }, { NULL } };
	size_t len;
	uint8_t *wire = wire_of(&m, &len);
	/* Cut the record's rdata to the priority, weight and port: RDLENGTH 6, no target. */
	size_t target_len = strlen("pool.contoso.com") + 2;
	assert_true(len > target_len + 8);
	wire[len - target_len - 8] = 0;
	wire[len - target_len - 7] = 6;
	struct query q = query_for(SRV_NAME, LDNS_RR_TYPE_SRV);
	assert_int_equal(outcome(wire, len - target_len, &q, false), DNS_PARSE_OK);
	assert_int_equal(q.result, DNS_ERROR);
	assert_int_equal(q.n_srv, 0);
	assert_string_equal(q.detail, "malformed answer: 1 SRV record without a usable target");
	free(wire);
	query_clear(&q);
}

/* A message that ldns cannot read at all is an error that says so, not a wait for another. */
static void spec7_unreadable_message_is_an_error(void **state)
{
	(void)state;
	struct message m = { SRV_NAME, LDNS_RR_TYPE_SRV, 0, LDNS_RCODE_NOERROR, false, false,
			     { SRV_NAME ". IN SRV 0 0 5061 pool.contoso.com." }, { NULL } };
	size_t len;
	uint8_t *wire = wire_of(&m, &len);
	struct query q = query_for(SRV_NAME, LDNS_RR_TYPE_SRV);
	assert_int_equal(outcome(wire, len - 3, &q, false), DNS_PARSE_OK);
	assert_int_equal(q.result, DNS_ERROR);
	assert_non_null(strstr(q.detail, "malformed answer: "));
	free(wire);
	query_clear(&q);
}

/* --verbose keeps the answer's text form. */
static void spec7_verbose_keeps_the_answer_text(void **state)
{
	(void)state;
	struct message m = { SRV_NAME, LDNS_RR_TYPE_SRV, 0, LDNS_RCODE_NOERROR, false, false,
			     { SRV_NAME ". IN SRV 0 0 5061 pool.contoso.com." }, { NULL } };
	size_t len;
	uint8_t *wire = wire_of(&m, &len);
	struct query q = query_for(SRV_NAME, LDNS_RR_TYPE_SRV);
	assert_int_equal(outcome(wire, len, &q, true), DNS_PARSE_OK);
	assert_non_null(q.raw);
	assert_non_null(strstr(q.raw, "pool.contoso.com."));
	free(wire);
	query_clear(&q);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(spec4_5_srv_answer_with_additional_addresses),
		cmocka_unit_test(spec4_5_address_answer_is_owned_by_the_query_name),
		cmocka_unit_test(spec7_rcode_classes),
		cmocka_unit_test(spec4_6_truncated_answer_is_retried_over_tcp),
		cmocka_unit_test(spec4_6_foreign_answer_is_ignored),
		cmocka_unit_test(spec4_3_malformed_srv_is_an_error_not_a_missing_record),
		cmocka_unit_test(spec7_unreadable_message_is_an_error),
		cmocka_unit_test(spec7_verbose_keeps_the_answer_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
