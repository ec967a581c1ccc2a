/*
 * fuzz_dns.c — raw DNS answers into dns_parse_answer (SPEC §4.6, §7), the code that
 * classifies an answer and extracts its SRV, A and AAAA records, then the SRV
 * records through the decision (SPEC §4, §5, §8) as if the server had sent them.
 *
 * The input is one DNS message. Its first two bytes are the ID, so the ID always
 * matches; its question, when it parses, names the query (else a fixed name), so
 * that the answer is read rather than ignored as someone else's. The ID's low bits
 * also pick the policy: bit 0 strict naming, bit 1 adds the sipe profile, bit 2
 * lync2010 (the default profile always runs); bit 3 answers the stage-2 A queries
 * with an address, so that the hosts the answer names resolve (else NXDOMAIN). The decision is quadratic in the
 * number of SRV records (each target's addresses are looked up across all queries),
 * so the other profiles run only on answers of at most EXTRA_PROFILES_MAX records:
 * the default one still sees the 300- and 1024-record sets.
 */
#include "fuzz.h"

#include <arpa/inet.h>
#include <ldns/ldns.h>
#include <stdlib.h>
#include <strings.h>

#include "decide.h"
#include "verdict.h"
#include "dns_wire.h"
#include "plan.h"

#define MAX_RECORDS 1024 /* dns_wire.c's bound per query */
#define EXTRA_PROFILES_MAX 64

/* The question's name as dns_wire.c writes names: no trailing dot, lower case. */
static bool question_name(const uint8_t *wire, size_t len, char *out, size_t n)
{
	size_t pos = 12;
	ldns_rdf *rdf = NULL;
	if (len <= 12 || ldns_wire2dname(&rdf, wire, len, &pos) != LDNS_STATUS_OK)
		return false;
	char *s = ldns_rdf2str(rdf);
	ldns_rdf_deep_free(rdf);
	bool ok = s && sd_copy(out, n, s);
	free(s);
	size_t l = strlen(out);
	if (ok && l > 1 && out[l - 1] == '.')
		out[l - 1] = '\0';
	return ok;
}

static bool has_upper(const char *s)
{
	for (; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			return true;
	return false;
}

static void check_address(const struct address *a, uint16_t type)
{
	unsigned char bin[16];
	FUZZ_CHECK(FUZZ_TERMINATED(a->text, sizeof a->text));
	FUZZ_CHECK(FUZZ_TERMINATED(a->owner, sizeof a->owner));
	FUZZ_CHECK(a->family == AF_INET || a->family == AF_INET6);
	FUZZ_CHECK(inet_pton(a->family, a->text, bin) == 1);
	if (type == LDNS_RR_TYPE_A)
		FUZZ_CHECK(a->family == AF_INET && a->source == ADDR_FROM_QUERY);
	else if (type == LDNS_RR_TYPE_AAAA)
		FUZZ_CHECK(a->family == AF_INET6 && a->source == ADDR_FROM_QUERY);
	else
		FUZZ_CHECK(a->source == ADDR_FROM_ADDITIONAL);
}

/* What dns.h promises about q after dns_parse_answer returned p. */
static void check_query(const struct query *q, enum dns_parse p)
{
	FUZZ_CHECK(p == DNS_PARSE_OK || p == DNS_PARSE_MISMATCH || p == DNS_PARSE_TRUNCATED);
	FUZZ_CHECK(FUZZ_TERMINATED(q->detail, sizeof q->detail));
	if (p != DNS_PARSE_OK) {
		FUZZ_CHECK(q->n_srv == 0 && q->n_addr == 0 && q->result == DNS_PENDING);
		return;
	}
	FUZZ_CHECK(q->result <= DNS_ERROR && q->result != DNS_TIMEOUT && q->result != DNS_SKIPPED);
	size_t found = q->type == LDNS_RR_TYPE_SRV ? q->n_srv : q->n_addr;
	if (q->result == DNS_ANSWER)
		FUZZ_CHECK(found > 0);
	if (q->result == DNS_NODATA)
		FUZZ_CHECK(found == 0);
	FUZZ_CHECK(q->n_srv <= MAX_RECORDS && q->n_addr <= MAX_RECORDS);
	if (q->type != LDNS_RR_TYPE_SRV)
		FUZZ_CHECK(q->n_srv == 0);
	for (size_t i = 0; i < q->n_srv; i++) {
		FUZZ_CHECK(FUZZ_TERMINATED(q->srv[i].target, sizeof q->srv[i].target));
		FUZZ_CHECK(q->srv[i].target[0] != '\0' && !has_upper(q->srv[i].target));
	}
	for (size_t i = 0; i < q->n_addr; i++)
		check_address(&q->addr[i], q->type);
}

/*
 * Each SRV target kept is the target the answer holds, in full: a name cut to fit
 * srv_record.target would be another host, one that the naming rule (SPEC §5) and the
 * stage-2 lookup would judge instead of the real one (crashes/README). A target whose
 * presentation form (escapes included) does not fit is dropped as malformed.
 */
/* Whether rr's owner is q's name or a name of the CNAME chain dns_wire.c recorded. */
static bool owned_by_chain(const ldns_rr *rr, const struct query *q)
{
	char *owner = ldns_rdf2str(ldns_rr_owner(rr));
	FUZZ_CHECK(owner != NULL);
	size_t n = strlen(owner);
	if (n > 1 && owner[n - 1] == '.')
		owner[--n] = '\0';
	bool found = strcasecmp(owner, q->name) == 0 || (q->n_cname && strcasecmp(owner, q->cname_target) == 0);
	for (unsigned i = 0; i < q->n_cname && !found; i++)
		found = strcasecmp(q->cname_chain[i], owner) == 0;
	free(owner);
	return found;
}

static void check_srv_targets(const uint8_t *wire, size_t len, const struct query *q)
{
	ldns_pkt *pkt = NULL;
	if (q->n_srv == 0 || ldns_wire2pkt(&pkt, wire, len) != LDNS_STATUS_OK)
		return;
	/* dns_wire.c keeps the well-formed SRV records of the answer section that answer
	 * the name or its CNAME chain (SPEC §4.6), in order. */
	const ldns_rr_list *answer = ldns_pkt_answer(pkt);
	size_t kept = 0;
	for (size_t k = 0; k < ldns_rr_list_rr_count(answer) && kept < q->n_srv; k++) {
		const ldns_rr *rr = ldns_rr_list_rr(answer, k);
		if (ldns_rr_get_type(rr) != LDNS_RR_TYPE_SRV || ldns_rr_rd_count(rr) != 4
		    || ldns_rdf_size(ldns_rr_rdf(rr, 0)) != 2 || ldns_rdf_size(ldns_rr_rdf(rr, 1)) != 2
		    || ldns_rdf_size(ldns_rr_rdf(rr, 2)) != 2 || ldns_rdf_get_type(ldns_rr_rdf(rr, 3)) != LDNS_RDF_TYPE_DNAME
		    || !owned_by_chain(rr, q))
			continue;
		char *text = ldns_rdf2str(ldns_rr_rdf(rr, 3));
		FUZZ_CHECK(text != NULL);
		size_t n = strlen(text);
		if (n > 1 && text[n - 1] == '.')
			text[--n] = '\0';
		if (n < SD_HOST_MAX)
			FUZZ_CHECK(strcasecmp(text, q->srv[kept++].target) == 0);
		free(text);
	}
	FUZZ_CHECK(kept == q->n_srv);
	ldns_pkt_free(pkt);
}

/* One query of type for name, answered by the input; a truncated answer is read again as
 * if it had come over TCP, as dns.c does. */
static void parse_as(const uint8_t *wire, size_t len, uint16_t id, uint16_t type, const char *name,
		     struct query *q)
{
	memset(q, 0, sizeof *q);
	sd_copy(q->name, sizeof q->name, name);
	q->type = type;
	q->role = type == LDNS_RR_TYPE_SRV ? QUERY_SRV : QUERY_ADDRESS;
	q->stage = type == LDNS_RR_TYPE_SRV ? 1 : 2;
	q->srv_index = -1;
	q->result = DNS_PENDING;
	enum dns_parse p;
	FUZZ_CHECK(dns_parse_answer(wire, len, id, q, true, &p) == SD_OK); /* memory never runs out here */
	check_query(q, p);
	if (p == DNS_PARSE_TRUNCATED) {
		q->via_tcp = true;
		FUZZ_CHECK(dns_parse_answer(wire, len, id, q, true, &p) == SD_OK);
		FUZZ_CHECK(p != DNS_PARSE_TRUNCATED);
		check_query(q, p);
	}
	if (p == DNS_PARSE_OK && type == LDNS_RR_TYPE_SRV)
		check_srv_targets(wire, len, q);
}

static void *copy_of(const void *p, size_t n)
{
	if (n == 0)
		return NULL;
	void *d = malloc(n);
	FUZZ_CHECK(d != NULL);
	return memcpy(d, p, n);
}

/*
 * The stage-2 queries carry names taken from the answer (SRV targets in presentation
 * form, escapes included): each must become a query whose question is that name, or
 * be refused as one DNS cannot carry.
 */
static void check_built_queries(const struct result *r)
{
	size_t checked = 0;
	for (size_t i = 0; i < r->n_queries && checked < EXTRA_PROFILES_MAX; i++) {
		const struct query *q = &r->queries[i];
		if (q->stage < 2)
			continue;
		checked++;
		uint8_t *wire = NULL;
		size_t len = 0;
		enum sd_status st = dns_build_query(q, 0x1234, &wire, &len);
		FUZZ_CHECK(st == SD_OK || st == SD_ERR_INPUT);
		if (st != SD_OK)
			continue;
		ldns_pkt *pkt = NULL;
		FUZZ_CHECK(ldns_wire2pkt(&pkt, wire, len) == LDNS_STATUS_OK);
		FUZZ_CHECK(ldns_pkt_id(pkt) == 0x1234 && ldns_pkt_qdcount(pkt) == 1);
		const ldns_rr *question = ldns_rr_list_rr(ldns_pkt_question(pkt), 0);
		FUZZ_CHECK(ldns_rr_get_type(question) == q->type);
		char name[SD_QNAME_MAX];
		FUZZ_CHECK(question_name(wire, len, name, sizeof name));
		FUZZ_CHECK(strcasecmp(name, q->name) == 0);
		ldns_pkt_free(pkt);
		free(wire);
	}
}

/* Queries the stage left unanswered get NXDOMAIN, or with resolve the stage-2 A
 * queries get one address each (192.0.2.N, N the query's index). */
static void answer_rest(struct result *r, bool resolve)
{
	for (size_t i = 0; i < r->n_queries; i++) {
		struct query *q = &r->queries[i];
		if (q->result != DNS_PENDING)
			continue;
		q->result = DNS_NXDOMAIN;
		if (!resolve || q->stage != 2 || q->type != LDNS_RR_TYPE_A)
			continue;
		struct address *a = SD_PUSH(q->addr, q->n_addr);
		FUZZ_CHECK(a != NULL);
		sd_copy(a->owner, sizeof a->owner, q->name);
		snprintf(a->text, sizeof a->text, "192.0.2.%u", (unsigned)(i % 254 + 1));
		a->family = AF_INET;
		a->source = ADDR_FROM_QUERY;
		a->query = (int)i;
		q->result = DNS_ANSWER;
	}
}

/* The sign-in domain the SRV name qname belongs to under prof, else contoso.test. */
static void sign_in_address(const struct profile *prof, const char *qname, char *out, size_t n)
{
	for (size_t i = 0; i < prof->n_srv; i++) {
		size_t pl = strlen(prof->srv[i].prefix);
		if (strncmp(qname, prof->srv[i].prefix, pl) == 0 && qname[pl] == '.') {
			snprintf(out, n, "jeremy@%s", qname + pl + 1);
			return;
		}
	}
	snprintf(out, n, "jeremy@contoso.test");
}

static void check_result(const struct result *r)
{
	bool srv_exists = false;
	for (size_t i = 0; i < r->n_queries; i++)
		if (r->queries[i].role == QUERY_SRV && r->queries[i].n_srv > 0)
			srv_exists = true;
	int first_usable = -1;
	for (size_t i = 0; i < r->n_candidates; i++) {
		const struct candidate *c = &r->candidates[i];
		FUZZ_CHECK(c->first_addr + c->n_addr <= r->n_addrs);
		FUZZ_CHECK(FUZZ_TERMINATED(c->host, sizeof c->host));
		if (c->state == CAND_USABLE) {
			char why[128];
			FUZZ_CHECK(c->n_addr > 0);
			/* A usable SRV target is a host name: it is resolved and sent as SNI. */
			if (c->origin == ORIGIN_SRV)
				FUZZ_CHECK(uri_host_check(c->host, why, sizeof why) == SD_OK);
			if (first_usable < 0)
				first_usable = (int)i;
			/* SPEC §5.1: an untrusted server is not skipped: the client stops at the trust prompt. */
			if (c->naming_enforced)
				FUZZ_CHECK(c->naming.allowed || c->naming.rule == NAMING_UNTRUSTED_PROMPT);
		}
		if (c->state == CAND_REJECTED)
			FUZZ_CHECK(c->naming_enforced && !c->naming.allowed);
		if (c->origin == ORIGIN_SRV) {
			FUZZ_CHECK(c->srv_query >= 0 && (size_t)c->srv_query < r->n_queries);
			FUZZ_CHECK(r->queries[c->srv_query].role == QUERY_SRV);
		}
		/* SPEC §4.3: no host fallback once any SRV record exists. */
		if (srv_exists && r->profile->fallback_when == FALLBACK_WHEN_NO_SRV)
			FUZZ_CHECK(c->origin != ORIGIN_FALLBACK);
		for (size_t k = c->first_addr; k < c->first_addr + c->n_addr; k++)
			FUZZ_CHECK(r->addrs[k].source == ADDR_LITERAL || strcasecmp(r->addrs[k].owner, c->host) == 0);
	}
	FUZZ_CHECK(r->server == first_usable);
	FUZZ_CHECK((unsigned)r->status <= SD_VERDICT_UNKNOWN);
	if (r->server < 0)
		FUZZ_CHECK(r->status == SD_VERDICT_CRITICAL);
	else
		FUZZ_CHECK(r->status == SD_VERDICT_OK || r->status == SD_VERDICT_WARNING);
	FUZZ_CHECK(FUZZ_TERMINATED(r->reason, sizeof r->reason) && r->reason[0] != '\0');
	FUZZ_CHECK(FUZZ_TERMINATED(r->compare, sizeof r->compare));
	for (size_t i = 0; i < r->n_hints; i++)
		FUZZ_CHECK(FUZZ_TERMINATED(r->hints[i].text, sizeof r->hints[i].text));
}

/* Stage 1 answered by srv (for its own name if the profile asks it, else the first SRV
 * name), every other query NXDOMAIN; then stage 2, the candidates and the verdict. */
static void decide_over(const struct query *srv, const struct profile *prof, bool strict, bool resolve)
{
	struct policy pol = { .profile = prof, .strict_naming = strict, .timeout_ms = 1000,
			      .connect = false, .sip_register = false };
	struct result r;
	char input[SD_QNAME_MAX + 16];
	char why[256];
	sign_in_address(prof, srv->name, input, sizeof input);
	result_init(&r, input, &pol);
	if (uri_parse(input, &r.uri, why, sizeof why) != SD_OK)
		FUZZ_CHECK(uri_parse("jeremy@contoso.test", &r.uri, why, sizeof why) == SD_OK);
	FUZZ_CHECK(plan_srv_stage(&r) == SD_OK);
	struct query *into = NULL;
	for (size_t i = 0; i < r.n_queries && !into; i++)
		if (r.queries[i].role == QUERY_SRV && strcmp(r.queries[i].name, srv->name) == 0)
			into = &r.queries[i];
	for (size_t i = 0; i < r.n_queries && !into; i++)
		if (r.queries[i].role == QUERY_SRV)
			into = &r.queries[i];
	FUZZ_CHECK(into != NULL);
	into->result = srv->result;
	memcpy(into->detail, srv->detail, sizeof into->detail);
	into->srv = copy_of(srv->srv, srv->n_srv * sizeof *srv->srv);
	into->n_srv = srv->n_srv;
	into->addr = copy_of(srv->addr, srv->n_addr * sizeof *srv->addr);
	into->n_addr = srv->n_addr;
	answer_rest(&r, resolve);
	FUZZ_CHECK(plan_address_stage(&r) == SD_OK);
	check_built_queries(&r);
	answer_rest(&r, resolve);
	FUZZ_CHECK(decide_candidates(&r) == SD_OK);
	FUZZ_CHECK(plan_diagnostic_stage(&r, decide_first_usable(&r) >= 0) == SD_OK);
	answer_rest(&r, resolve);
	FUZZ_CHECK(verdict_build(&r) == SD_OK);
	check_result(&r);
	result_free(&r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct {
		uint16_t type;
		const char *fixed;
	} kinds[] = {
		{ LDNS_RR_TYPE_SRV, "_sipinternaltls._tcp.contoso.test" },
		{ LDNS_RR_TYPE_A, "pool.contoso.test" },
		{ LDNS_RR_TYPE_AAAA, "pool.contoso.test" },
	};
	/* An exact-size copy, so that ASan sees any read past the bytes received. */
	uint8_t *wire = malloc(size ? size : 1);
	if (!wire)
		return 0;
	memcpy(wire, data, size);
	uint16_t id = size >= 2 ? (uint16_t)(wire[0] << 8 | wire[1]) : 0;
	char qname[SD_QNAME_MAX];
	bool named = question_name(wire, size, qname, sizeof qname);

	struct query q;
	for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
		parse_as(wire, size, id, kinds[k].type, named ? qname : kinds[k].fixed, &q);
		if (kinds[k].type == LDNS_RR_TYPE_SRV) {
			bool strict = id & 1, resolve = id & 8;
			decide_over(&q, profile_default(), strict, resolve);
			bool extra = q.n_srv + q.n_addr <= EXTRA_PROFILES_MAX;
			if (extra && (id & 2))
				decide_over(&q, profile_find("sipe"), strict, resolve);
			if (extra && (id & 4))
				decide_over(&q, profile_find("lync2010"), strict, resolve);
		}
		query_clear(&q);
	}
	free(wire);
	return 0;
}
