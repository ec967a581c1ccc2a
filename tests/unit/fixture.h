/*
 * fixture.h — builds a struct result by hand for the unit tests of plan.c and
 * decide.c. A policy comes from a few switches (struct setup); the DNS layer is
 * replaced by a table of facts that answers every pending query of a stage the
 * way dns_wire.c would: SRV records, additional-section addresses owned by the
 * target host, A/AAAA answers owned by the query name. A name the table does not
 * list answers NXDOMAIN; a listed name asked for a type it lacks answers NODATA.
 */
#ifndef FIXTURE_H
#define FIXTURE_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <ldns/ldns.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "decide.h"
#include "verdict.h"
#include "verdict_probe.h"
#include "plan.h"

#define N(table) (sizeof(table) / sizeof((table)[0]))
#define FIXTURE static __attribute__((unused))

#define DOMAIN "contoso.com"
#define ADDRESS "sip:jeremy@contoso.com"

/* Record types of a fact; HOST answers A with its IPv4 and AAAA with its IPv6 addresses. */
enum { HOST = 0, A = LDNS_RR_TYPE_A, AAAA = LDNS_RR_TYPE_AAAA, SRV = LDNS_RR_TYPE_SRV };

/* What the DNS says about one name; a table of them ends with a NULL name. */
struct dns_fact {
	const char *name;
	int type;
	enum dns_result result;
	const char *records;    /* SRV: "prio weight port target" joined by ','; else addresses joined by ' ' */
	const char *additional; /* SRV only: "host=address ..." */
};

/*
 * SPEC §4.6's facts of an answer beyond its records, for the names a test lists
 * in fixture_extras (a table ending with a NULL name, or NULL); any other answer
 * comes from FIXTURE_SERVER with recursion, no CNAME and no EDE.
 */
struct dns_extra {
	const char *name;
	int type;               /* as in dns_fact: HOST matches A and AAAA */
	const char *cname;      /* the CNAME chain followed from name: "b.example c.example" */
	bool no_recursion;      /* RA=0 and AA=0 */
	bool referral;          /* a delegation instead of an answer */
	const char *ede;        /* "6 DNSSEC Bogus: signature crypto failed" */
	const char *failed;     /* servers_failed of a timeout (NULL: FIXTURE_SERVER timeout) */
};

FIXTURE const struct dns_extra *fixture_extras;

/* The DNS server every fact's answer comes from. */
#define FIXTURE_SERVER "192.0.2.53#53"

/* The client configuration of one case (SPEC §3); zero is the default policy. */
struct setup {
	const char *profile;    /* NULL: the default */
	bool no_tcp, strict;
	enum family_policy family;
	const char *internal, *external;
	uint16_t internal_port, external_port;
};

/* One expected candidate; a table of them ends with a NULL host. */
struct want {
	const char *host;
	uint16_t port;
	enum sd_transport t;
	enum candidate_origin origin;
	enum candidate_state state;
};

FIXTURE struct policy fixture_policy(const struct setup *s)
{
	struct policy p = {
		.profile = s->profile ? profile_find(s->profile) : profile_default(),
		.no_tcp = s->no_tcp,
		.strict_naming = s->strict,
		.family = s->family,
		.timeout_ms = 3000,
		.connect = false,
		.sip_register = true,
		.warning_days = 30,
		.critical_days = 7,
	};
	if (!p.profile)
		fail_msg("fixture: no profile \"%s\"", s->profile);
	trust_list_defaults(&p.trusted);
	if (s->internal)
		sd_copy(p.internal.host, sizeof p.internal.host, s->internal);
	if (s->external)
		sd_copy(p.external.host, sizeof p.external.host, s->external);
	p.internal.port = s->internal_port;
	p.external.port = s->external_port;
	return p;
}

static int fixture_family(const char *text)
{
	unsigned char buf[16];
	if (inet_pton(AF_INET, text, buf) == 1)
		return AF_INET;
	if (inet_pton(AF_INET6, text, buf) == 1)
		return AF_INET6;
	fail_msg("fixture: \"%s\" is not an address", text);
	return 0;
}

static void fixture_push_address(struct query *q, const char *owner, const char *text, enum addr_source source)
{
	struct address *a = SD_PUSH(q->addr, q->n_addr);
	assert_non_null(a);
	sd_copy(a->owner, sizeof a->owner, owner);
	sd_copy(a->text, sizeof a->text, text);
	a->family = fixture_family(text);
	a->source = source;
	a->query = -1; /* as dns_wire.c does */
}

static void fixture_fill_srv(struct query *q, const struct dns_fact *f)
{
	char buf[1024], *save = NULL;
	sd_copy(buf, sizeof buf, f->records ? f->records : "");
	for (char *rec = strtok_r(buf, ",", &save); rec; rec = strtok_r(NULL, ",", &save)) {
		unsigned prio, weight, port;
		char target[SD_HOST_MAX];
		if (sscanf(rec, "%u %u %u %253s", &prio, &weight, &port, target) != 4)
			fail_msg("fixture: bad SRV record \"%s\" for %s", rec, f->name);
		struct srv_record *s = SD_PUSH(q->srv, q->n_srv);
		assert_non_null(s);
		s->priority = (uint16_t)prio;
		s->weight = (uint16_t)weight;
		s->port = (uint16_t)port;
		sd_copy(s->target, sizeof s->target, target);
	}
	sd_copy(buf, sizeof buf, f->additional ? f->additional : "");
	for (char *rr = strtok_r(buf, " ", &save); rr; rr = strtok_r(NULL, " ", &save)) {
		char *eq = strchr(rr, '=');
		if (!eq)
			fail_msg("fixture: bad additional record \"%s\" for %s", rr, f->name);
		*eq = '\0';
		fixture_push_address(q, rr, eq + 1, ADDR_FROM_ADDITIONAL);
	}
	if (q->n_srv == 0)
		q->result = DNS_NODATA;
}

static void fixture_fill_addresses(struct query *q, const struct dns_fact *f)
{
	char buf[1024], *save = NULL;
	int want = q->type == LDNS_RR_TYPE_A ? AF_INET : AF_INET6;
	sd_copy(buf, sizeof buf, f->records ? f->records : "");
	for (char *t = strtok_r(buf, " ", &save); t; t = strtok_r(NULL, " ", &save))
		if (fixture_family(t) == want)
			fixture_push_address(q, q->name, t, ADDR_FROM_QUERY);
	if (q->n_addr == 0)
		q->result = DNS_NODATA;
}

/* q's servers given up on from "S what, S what" (struct dns_extra's failed). */
static void fixture_servers_failed(struct query *q, const char *text)
{
	for (const char *p = text; *p && q->n_servers_failed < SD_DNS_MAX_SERVERS; p += strspn(p, ", ")) {
		size_t entry = strcspn(p, ","), name = strcspn(p, " ,");
		struct server_failure *sf = &q->servers_failed[q->n_servers_failed++];
		snprintf(sf->server, sizeof sf->server, "%.*s", (int)(name < entry ? name : entry), p);
		snprintf(sf->what, sizeof sf->what, "%.*s", (int)(name < entry ? entry - name - 1 : 0), p + name + 1);
		p += entry;
	}
}

/* Who answered q and how (SPEC §4.6), as dns.c and dns_wire.c record it, from fixture_extras. */
static void fixture_dns_facts(struct query *q)
{
	const struct dns_extra *f = NULL;
	for (const struct dns_extra *e = fixture_extras; e && e->name && !f; e++)
		if (strcasecmp(e->name, q->name) == 0
		    && (e->type == q->type || (e->type == HOST && q->type != LDNS_RR_TYPE_SRV)))
			f = e;
	if (q->result == DNS_TIMEOUT) {
		fixture_servers_failed(q, f && f->failed ? f->failed : FIXTURE_SERVER " timeout");
		return;
	}
	sd_copy(q->server, sizeof q->server, FIXTURE_SERVER);
	q->ra = !(f && f->no_recursion);
	q->referral = f && f->referral;
	if (f && f->cname) {
		for (const char *p = f->cname; *p && q->n_cname < QUERY_CNAME_MAX; p += strspn(p, " ")) {
			size_t len = strcspn(p, " ");
			snprintf(q->cname_chain[q->n_cname++], sizeof q->cname_chain[0], "%.*s", (int)len, p);
			p += len;
		}
		sd_copy(q->cname_target, sizeof q->cname_target, q->cname_chain[q->n_cname - 1]);
	}
	if (f && f->ede) {
		unsigned code;
		int at;
		if (sscanf(f->ede, "%u %n", &code, &at) != 1)
			fail_msg("fixture: bad EDE \"%s\"", f->ede);
		q->has_ede = true;
		q->ede_code = (uint16_t)code;
		sd_copy(q->ede_text, sizeof q->ede_text, f->ede + at);
	}
}

/* Answers every pending query of stage from facts (NULL-name terminated). */
FIXTURE void fixture_answer(struct result *r, enum dns_stage stage, const struct dns_fact *facts)
{
	for (size_t i = 0; i < r->n_queries; i++) {
		struct query *q = &r->queries[i];
		if (q->stage != stage || q->result != DNS_PENDING)
			continue;
		const struct dns_fact *f = NULL;
		bool known = false;
		for (const struct dns_fact *g = facts; g && g->name && !f; g++) {
			if (strcasecmp(g->name, q->name) != 0)
				continue;
			known = true;
			if (g->type == q->type || (g->type == HOST && q->type != LDNS_RR_TYPE_SRV))
				f = g;
		}
		q->ms = 1;
		q->result = f ? f->result : known ? DNS_NODATA : DNS_NXDOMAIN;
		fixture_dns_facts(q);
		if (q->result != DNS_ANSWER)
			continue;
		if (q->type == LDNS_RR_TYPE_SRV)
			fixture_fill_srv(q, f);
		else
			fixture_fill_addresses(q, f);
	}
}

/* result_init and uri_parse for address (NULL: ADDRESS); fails the test on bad input. */
FIXTURE void fixture_start(struct result *r, const struct policy *pol, const char *address)
{
	char why[256];
	result_init(r, address ? address : ADDRESS, pol);
	if (uri_parse(r->input, &r->uri, why, sizeof why) != SD_OK)
		fail_msg("fixture: \"%s\": %s", r->input, why);
}

/* The SRV and address stages of the plan, each answered from facts, as run.c does without the network. */
FIXTURE void fixture_resolve(struct result *r, const struct dns_fact *facts)
{
	assert_int_equal(plan_srv_stage(r), SD_OK);
	fixture_answer(r, STAGE_SRV, facts);
	assert_int_equal(plan_address_stage(r), SD_OK);
	fixture_answer(r, STAGE_ADDRESS, facts);
}

/* The whole --no-connect pipeline of run.c over facts, the diagnostic stage included. */
FIXTURE void fixture_discover(struct result *r, const struct policy *pol, const char *address,
			      const struct dns_fact *facts)
{
	fixture_start(r, pol, address);
	fixture_resolve(r, facts);
	assert_int_equal(decide_candidates(r), SD_OK);
	assert_int_equal(plan_diagnostic_stage(r, decide_first_usable(r) >= 0), SD_OK);
	fixture_answer(r, STAGE_DIAGNOSTIC, facts);
	assert_int_equal(verdict_build(r), SD_OK);
}

/* "pool.contoso.com:5061/tls srv usable", for failure messages. */
FIXTURE const char *fixture_cand_text(const struct candidate *c, char *buf, size_t n)
{
	snprintf(buf, n, "%s:%u/%s %s %s", c->host, c->port, sd_transport_name(c->transport),
		 candidate_origin_name(c->origin), candidate_state_name(c->state));
	return buf;
}

/* Whether r's candidates are exactly want (NULL-host terminated); prints the difference. */
FIXTURE bool fixture_same_candidates(const char *what, const struct result *r, const struct want *want)
{
	size_t n = 0;
	while (want[n].host)
		n++;
	bool ok = n == r->n_candidates;
	for (size_t i = 0; ok && i < n; i++) {
		const struct candidate *c = &r->candidates[i];
		ok = strcmp(c->host, want[i].host) == 0 && c->port == want[i].port && c->transport == want[i].t
		     && c->origin == want[i].origin && c->state == want[i].state;
	}
	if (ok)
		return true;
	char buf[SD_HOST_MAX + 80];
	print_error("%s: candidates differ\n  expected:\n", what);
	for (size_t i = 0; i < n; i++) {
		struct candidate c = { .port = want[i].port, .transport = want[i].t, .origin = want[i].origin,
				       .state = want[i].state };
		sd_copy(c.host, sizeof c.host, want[i].host);
		print_error("    %zu %s\n", i, fixture_cand_text(&c, buf, sizeof buf));
	}
	print_error("  actual:\n");
	for (size_t i = 0; i < r->n_candidates; i++)
		print_error("    %zu %s\n", i, fixture_cand_text(&r->candidates[i], buf, sizeof buf));
	return false;
}

/* Index of the first hint of kind (any kind when kind < 0) whose text contains needle, or -1. */
FIXTURE int fixture_hint(const struct result *r, int kind, const char *needle)
{
	for (size_t i = 0; i < r->n_hints; i++)
		if ((kind < 0 || (int)r->hints[i].kind == kind) && strstr(r->hints[i].text, needle))
			return (int)i;
	return -1;
}

/* Number of queries of stage (any stage when 0) for name with type. */
FIXTURE size_t fixture_count_queries(const struct result *r, int stage, const char *name, uint16_t type)
{
	size_t n = 0;
	for (size_t i = 0; i < r->n_queries; i++)
		n += (stage == 0 || (int)r->queries[i].stage == stage) && strcasecmp(r->queries[i].name, name) == 0
		     && r->queries[i].type == type;
	return n;
}

/* Whether the chosen server is host:port/t (host NULL: no server); prints the difference. */
FIXTURE bool fixture_same_server(const char *what, const struct result *r, const char *host, uint16_t port,
				 enum sd_transport t)
{
	const struct candidate *c = r->server >= 0 && (size_t)r->server < r->n_candidates
					    ? &r->candidates[r->server] : NULL;
	if (!host && !c && r->server == -1)
		return true;
	if (host && c && strcmp(c->host, host) == 0 && c->port == port && c->transport == t)
		return true;
	print_error("%s: server is %s:%u/%s (index %d), expected %s:%u/%s\n", what, c ? c->host : "(none)",
		    c ? c->port : 0, c ? sd_transport_name(c->transport) : "-", r->server,
		    host ? host : "(none)", host ? port : 0, host ? sd_transport_name(t) : "-");
	return false;
}

/* Whether the verdict is status; prints the difference with the reason. */
FIXTURE bool fixture_same_status(const char *what, const struct result *r, enum sd_verdict status)
{
	if (r->status == status)
		return true;
	print_error("%s: status %s, expected %s (reason: %s)\n", what, sd_verdict_name(r->status),
		    sd_verdict_name(status), r->reason);
	return false;
}

/* Prints every hint, for a failure message. */
FIXTURE void fixture_print_hints(const struct result *r)
{
	for (size_t i = 0; i < r->n_hints; i++)
		print_error("    hint %zu: %s\n", i, r->hints[i].text);
}

/*
 * Every query the client would send for name, whatever its stage and type: the
 * diagnostic stage's queries are sipdiscover's own, for the report (SPEC §4.3).
 */
FIXTURE size_t fixture_count_any(const struct result *r, const char *name)
{
	size_t n = 0;
	for (size_t i = 0; i < r->n_queries; i++)
		n += r->queries[i].role != QUERY_DIAGNOSTIC && strcasecmp(r->queries[i].name, name) == 0;
	return n;
}

/*
 * What holds for every decided result, whatever the case: one-line reason and
 * hints, no duplicate hint, the server is the first usable candidate, naming
 * verdicts as the profile's naming column (naming_judge) gives them and enforced only on SRV targets of a
 * profile with a naming rule, no address query for "." or a rejected target.
 */
FIXTURE bool fixture_well_formed(const char *what, const struct result *r)
{
	bool ok = true;
#define EXPECT(cond, ...) do { if (!(cond)) { print_error("%s: ", what); print_error(__VA_ARGS__); \
		print_error("\n"); ok = false; } } while (0)
	EXPECT(r->reason[0] && !strchr(r->reason, '\n'), "reason is not one line: \"%s\"", r->reason);
	EXPECT(!strchr(r->compare, '\n'), "compare is not one line: \"%s\"", r->compare);
	EXPECT(r->status <= SD_VERDICT_CRITICAL, "status %s", sd_verdict_name(r->status));
	EXPECT(r->server == decide_first_usable(r), "server %d, first usable %d", r->server, decide_first_usable(r));
	for (size_t i = 0; i < r->n_hints; i++) {
		const char *t = r->hints[i].text;
		EXPECT(t[0] && !strchr(t, '\n'), "hint %zu is not one line: \"%s\"", i, t);
		for (size_t j = 0; j < i; j++)
			EXPECT(strcmp(t, r->hints[j].text) != 0, "hints %zu and %zu are the same: \"%s\"", j, i, t);
	}
	for (size_t i = 0; i < r->n_queries; i++)
		EXPECT(r->queries[i].result != DNS_PENDING, "query %s left pending", r->queries[i].name);
	for (size_t i = 0; i < r->n_candidates; i++) {
		const struct candidate *c = &r->candidates[i];
		struct naming_verdict v = naming_judge(r->profile->naming, r->uri.domain, c->host,
						       r->policy->strict_naming, &r->policy->trusted);
		EXPECT(c->naming.allowed == v.allowed && c->naming.rule == v.rule, "%s: naming verdict differs from "
		       "naming_judge", c->host);
		EXPECT(c->naming_enforced == (c->origin == ORIGIN_SRV && r->profile->naming != NAMING_MODEL_NONE),
		       "%s (%s): naming %senforced", c->host, candidate_origin_name(c->origin),
		       c->naming_enforced ? "" : "not ");
		if (c->naming_enforced && naming_rejects(&c->naming) && strcmp(c->host, ".") != 0)
			EXPECT(c->state == CAND_REJECTED, "%s: not allowed but %s", c->host,
			       candidate_state_name(c->state));
		if (c->state == CAND_REJECTED || c->state == CAND_NO_SERVICE)
			EXPECT(fixture_count_queries(r, STAGE_ADDRESS, c->host, LDNS_RR_TYPE_A)
				       + fixture_count_queries(r, STAGE_ADDRESS, c->host, LDNS_RR_TYPE_AAAA) == 0,
			       "%s is %s but was resolved", c->host, candidate_state_name(c->state));
		if (c->state == CAND_USABLE)
			EXPECT(c->n_addr > 0, "%s usable without an address", c->host);
		if (c->state == CAND_UNRESOLVED || c->state == CAND_SKIPPED_UNRESOLVED)
			EXPECT(c->n_addr == 0, "%s %s with %zu addresses", c->host, candidate_state_name(c->state),
			       c->n_addr);
		EXPECT(c->first_addr + c->n_addr <= r->n_addrs, "%s: address slice out of range", c->host);
		for (size_t k = c->first_addr; k < c->first_addr + c->n_addr && k < r->n_addrs; k++)
			EXPECT(strcasecmp(r->addrs[k].owner, c->host) == 0, "%s has an address of %s", c->host,
			       r->addrs[k].owner);
	}
#undef EXPECT
	return ok;
}

/* One row of a decision table: a policy, the DNS, and what the client would do. */
struct dcase {
	const char *rule;              /* the row, named in failure messages */
	struct setup setup;
	struct dns_fact facts[16];
	struct want want[12];          /* the candidates in order; want[0].host NULL: unchecked */
	struct want server;            /* host NULL: no server */
	enum sd_verdict status;
	enum fallback_state fallback;
	bool dns_errors;
	const char *reason;            /* contained in the reason (NULL: unchecked) */
	const char *hints[3];          /* each contained in some hint */
	const char *no_hint;           /* contained in no hint */
	const char *compare;           /* NULL: unchecked; "": empty; else contained in r.compare */
	const char *queried[4];        /* exactly one stage-2 A query each (AAAA under -6) */
	const char *not_queried[4];    /* no query the client sends (fixture_count_any) */
};

/* Runs one row; prints every difference and returns whether there was none. */
FIXTURE bool fixture_check_case(const struct dcase *c)
{
	struct policy pol = fixture_policy(&c->setup);
	struct result r;
	fixture_discover(&r, &pol, NULL, c->facts);
	const char *what = c->rule;
	bool ok = true;
	if (c->want[0].host)
		ok &= fixture_same_candidates(what, &r, c->want);
	ok &= fixture_same_server(what, &r, c->server.host, c->server.port, c->server.t);
	ok &= fixture_same_status(what, &r, c->status);
	if (r.fallback != c->fallback) {
		print_error("%s: fallback state %d, expected %d\n", what, (int)r.fallback, (int)c->fallback);
		ok = false;
	}
	if (r.dns_errors != c->dns_errors) {
		print_error("%s: dns_errors %d, expected %d\n", what, r.dns_errors, c->dns_errors);
		ok = false;
	}
	if (c->reason && !strstr(r.reason, c->reason)) {
		print_error("%s: reason \"%s\" does not say \"%s\"\n", what, r.reason, c->reason);
		ok = false;
	}
	for (size_t i = 0; i < N(c->hints) && c->hints[i]; i++)
		if (fixture_hint(&r, -1, c->hints[i]) < 0) {
			print_error("%s: no hint says \"%s\"; the hints are:\n", what, c->hints[i]);
			fixture_print_hints(&r);
			ok = false;
		}
	if (c->no_hint && fixture_hint(&r, -1, c->no_hint) >= 0) {
		print_error("%s: a hint says \"%s\":\n", what, c->no_hint);
		fixture_print_hints(&r);
		ok = false;
	}
	if (c->compare && (c->compare[0] ? !strstr(r.compare, c->compare) : r.compare[0] != '\0')) {
		print_error("%s: compare is \"%s\", expected %s\"%s\"\n", what, r.compare,
			    c->compare[0] ? "it to say " : "", c->compare);
		ok = false;
	}
	uint16_t type = pol.family == FAMILY_V6 ? LDNS_RR_TYPE_AAAA : LDNS_RR_TYPE_A;
	for (size_t i = 0; i < N(c->queried) && c->queried[i]; i++) {
		size_t n = fixture_count_queries(&r, STAGE_ADDRESS, c->queried[i], type);
		if (n != 1) {
			print_error("%s: %zu stage-2 queries for %s, expected 1\n", what, n, c->queried[i]);
			ok = false;
		}
	}
	for (size_t i = 0; i < N(c->not_queried) && c->not_queried[i]; i++)
		if (fixture_count_any(&r, c->not_queried[i])) {
			print_error("%s: %s was queried\n", what, c->not_queried[i]);
			ok = false;
		}
	ok &= fixture_well_formed(what, &r);
	result_free(&r);
	return ok;
}

/* Runs every row, then fails once naming how many rows broke. */
FIXTURE void fixture_check_cases(const struct dcase *cases, size_t n)
{
	size_t failed = 0;
	for (size_t i = 0; i < n; i++)
		failed += !fixture_check_case(&cases[i]);
	if (failed)
		fail_msg("%zu of %zu cases not decided as expected (see above)", failed, n);
}

#endif
