/*
 * test_plan.c — SPEC §4.1, §4.2, §4.4, §4.5: which DNS queries each stage sends,
 * for each profile and policy, and the profile table itself. The DNS layer is the
 * fact table of fixture.h; every failure names the case that broke the rule.
 */
#include "fixture.h"

/* One query the plan must hold, in order. */
struct want_query {
	const char *name;
	uint16_t type;
	bool skipped;                  /* DNS_SKIPPED, never sent (SPEC §3 --no-tcp) */
};

struct plan_case {
	const char *rule;
	struct setup setup;
	struct dns_fact facts[8];
	enum dns_stage stage;
	struct want_query want[12];    /* NULL name ends */
};

/* Records for every SRV name any profile asks for, so that a skipped name would show. */
#define EVERY_SRV_NAME_ANSWERS                                                           \
	{ "_sipinternaltls._tcp." DOMAIN, SRV, DNS_ANSWER, "0 0 5061 pool." DOMAIN, NULL },    \
	{ "_sipinternal._tcp." DOMAIN, SRV, DNS_ANSWER, "0 0 5060 pool." DOMAIN, NULL },       \
	{ "_sip._tls." DOMAIN, SRV, DNS_ANSWER, "0 0 443 sip." DOMAIN, NULL },                 \
	{ "_sip._tcp." DOMAIN, SRV, DNS_ANSWER, "0 0 5060 sip." DOMAIN, NULL }

#define Q_SRV(prefix) { prefix "." DOMAIN, SRV, false }
#define Q_SKIPPED(prefix) { prefix "." DOMAIN, SRV, true }
#define Q_A(host) { host, A, false }
#define Q_AAAA(host) { host, AAAA, false }

static bool same_queries(const struct plan_case *c, const struct result *r)
{
	size_t n = 0, got = 0;
	while (c->want[n].name)
		n++;
	bool ok = true;
	for (size_t i = 0; i < r->n_queries; i++) {
		const struct query *q = &r->queries[i];
		if (q->stage != c->stage || q->role == QUERY_FEDERATION)
			continue; /* SPEC §5.2's own query: test_federation.c checks it */
		const struct want_query *w = got < n ? &c->want[got] : NULL;
		bool skipped = q->result == DNS_SKIPPED;
		if (!w || strcmp(q->name, w->name) != 0 || q->type != w->type || skipped != w->skipped) {
			print_error("%s: stage-%d query %zu is %s type %u%s, expected %s type %u%s\n", c->rule,
				    (int)c->stage, got, q->name, q->type, skipped ? " (skipped)" : "",
				    w ? w->name : "none", w ? w->type : 0, w && w->skipped ? " (skipped)" : "");
			ok = false;
		}
		if (skipped && (q->n_srv || !q->detail[0])) {
			print_error("%s: skipped query %s has records or no detail\n", c->rule, q->name);
			ok = false;
		}
		if (q->type == LDNS_RR_TYPE_SRV
		    && (q->role != QUERY_SRV || q->srv_index != profile_srv_index(r->profile, q->name))) {
			print_error("%s: %s has role %d, srv_index %d\n", c->rule, q->name, (int)q->role, q->srv_index);
			ok = false;
		}
		got++;
	}
	if (got != n) {
		print_error("%s: %zu stage-%d queries, expected %zu\n", c->rule, got, (int)c->stage, n);
		ok = false;
	}
	return ok;
}

static void check_plans(const struct plan_case *cases, size_t n)
{
	size_t failed = 0;
	for (size_t i = 0; i < n; i++) {
		struct policy pol = fixture_policy(&cases[i].setup);
		struct result r;
		fixture_start(&r, &pol, NULL);
		fixture_resolve(&r, cases[i].facts);
		failed += !same_queries(&cases[i], &r);
		result_free(&r);
	}
	if (failed)
		fail_msg("%zu of %zu plans not as expected (see above)", failed, n);
}

static const struct plan_case three_names[] = {
	{ "ocs2007r2", { 0 }, { EVERY_SRV_NAME_ANSWERS }, STAGE_SRV,
	  { Q_SRV("_sipinternaltls._tcp"), Q_SRV("_sipinternal._tcp"), Q_SRV("_sip._tls") } },
	{ "ocs2007r2 named", { .profile = "ocs2007r2" }, { EVERY_SRV_NAME_ANSWERS }, STAGE_SRV,
	  { Q_SRV("_sipinternaltls._tcp"), Q_SRV("_sipinternal._tcp"), Q_SRV("_sip._tls") } },
	{ "lync2010", { .profile = "lync2010" }, { EVERY_SRV_NAME_ANSWERS }, STAGE_SRV,
	  { Q_SRV("_sipinternaltls._tcp"), Q_SRV("_sipinternal._tcp"), Q_SRV("_sip._tls") } },
	{ "ocs2007r2 -4", { .family = FAMILY_V4 }, { EVERY_SRV_NAME_ANSWERS }, STAGE_SRV,
	  { Q_SRV("_sipinternaltls._tcp"), Q_SRV("_sipinternal._tcp"), Q_SRV("_sip._tls") } },
};

/* ocs2007r2 and lync2010: three SRV names in order, never _sip._tcp, nothing else in stage 1. */
static void spec4_2_queries_three_names_in_order(void **state)
{
	(void)state;
	check_plans(three_names, N(three_names));
}

static const struct plan_case no_tcp_plans[] = {
	{ "ocs2007r2 --no-tcp", { .no_tcp = true }, { EVERY_SRV_NAME_ANSWERS }, STAGE_SRV,
	  { Q_SRV("_sipinternaltls._tcp"), Q_SKIPPED("_sipinternal._tcp"), Q_SRV("_sip._tls") } },
	{ "lync2010 --no-tcp", { .profile = "lync2010", .no_tcp = true }, { EVERY_SRV_NAME_ANSWERS }, STAGE_SRV,
	  { Q_SRV("_sipinternaltls._tcp"), Q_SKIPPED("_sipinternal._tcp"), Q_SRV("_sip._tls") } },
	{ "sipe --no-tcp", { .profile = "sipe", .no_tcp = true }, { EVERY_SRV_NAME_ANSWERS }, STAGE_SRV,
	  { Q_SRV("_sipinternaltls._tcp"), Q_SKIPPED("_sipinternal._tcp"), Q_SRV("_sip._tls"),
	    Q_SKIPPED("_sip._tcp"), Q_A("lyncdiscoverinternal." DOMAIN), Q_AAAA("lyncdiscoverinternal." DOMAIN),
	    Q_A("lyncdiscover." DOMAIN), Q_AAAA("lyncdiscover." DOMAIN) } },
};

/* The records a skipped name would hold neither stop the fallback nor become a candidate. */
static const struct dcase no_tcp_decisions[] = {
	{ .rule = "records only on the skipped _sipinternal._tcp: the fallback runs, TLS only",
	  .setup = { .no_tcp = true },
	  .facts = { { "_sipinternal._tcp." DOMAIN, SRV, DNS_ANSWER, "0 0 5060 pool." DOMAIN, NULL },
		     { "pool." DOMAIN, HOST, DNS_ANSWER, "192.0.2.1", NULL },
		     { "sipinternal." DOMAIN, HOST, DNS_ANSWER, "192.0.2.10", NULL } },
	  .want = { { "sipinternal." DOMAIN, 5061, SD_TLS, ORIGIN_FALLBACK, CAND_USABLE },
		    { "sipexternal." DOMAIN, 443, SD_TLS, ORIGIN_FALLBACK, CAND_SKIPPED_UNRESOLVED } },
	  .server = { "sipinternal." DOMAIN, 5061, SD_TLS, 0, 0 }, .fallback = FALLBACK_RAN,
	  .not_queried = { "pool." DOMAIN } },
	{ .rule = "the same DNS with TCP allowed: pool over TCP, no fallback",
	  .facts = { { "_sipinternal._tcp." DOMAIN, SRV, DNS_ANSWER, "0 0 5060 pool." DOMAIN, NULL },
		     { "pool." DOMAIN, HOST, DNS_ANSWER, "192.0.2.1", NULL },
		     { "sipinternal." DOMAIN, HOST, DNS_ANSWER, "192.0.2.10", NULL } },
	  .want = { { "pool." DOMAIN, 5060, SD_TCP, ORIGIN_SRV, CAND_USABLE } },
	  .server = { "pool." DOMAIN, 5060, SD_TCP, 0, 0 }, .status = SD_VERDICT_OK, .fallback = FALLBACK_NOT_RUN,
	  .not_queried = { "sipinternal." DOMAIN } },
	{ .rule = "sipe --no-tcp: neither TCP name is a candidate, no TCP attempt",
	  .setup = { .profile = "sipe", .no_tcp = true },
	  .facts = { EVERY_SRV_NAME_ANSWERS, { "pool." DOMAIN, HOST, DNS_ANSWER, "192.0.2.1", NULL },
		     { "sip." DOMAIN, HOST, DNS_ANSWER, "192.0.2.2", NULL } },
	  .want = { { "pool." DOMAIN, 5061, SD_TLS, ORIGIN_SRV, CAND_USABLE },
		    { "sip." DOMAIN, 443, SD_TLS, ORIGIN_SRV, CAND_USABLE },
		    { "sipinternal." DOMAIN, 5061, SD_TLS, ORIGIN_FALLBACK, CAND_SKIPPED_UNRESOLVED },
		    { "sipexternal." DOMAIN, 443, SD_TLS, ORIGIN_FALLBACK, CAND_SKIPPED_UNRESOLVED },
		    { "sip." DOMAIN, 443, SD_TLS, ORIGIN_FALLBACK, CAND_USABLE },
		    { DOMAIN, 5061, SD_TLS, ORIGIN_FALLBACK, CAND_UNRESOLVED } },
	  .server = { "pool." DOMAIN, 5061, SD_TLS, 0, 0 }, .fallback = FALLBACK_RAN_ALWAYS, .compare = "" },
};

/* SPEC §3/§4.2: --no-tcp lists _sipinternal._tcp as skipped, never sends it, never uses it. */
static void spec4_2_no_tcp_skips_sipinternal_tcp(void **state)
{
	(void)state;
	check_plans(no_tcp_plans, N(no_tcp_plans));
	fixture_check_cases(no_tcp_decisions, N(no_tcp_decisions));
}

#define SIPE_SRV Q_SRV("_sipinternaltls._tcp"), Q_SRV("_sipinternal._tcp"), Q_SRV("_sip._tls"), Q_SRV("_sip._tcp")

static const struct plan_case sipe_plans[] = {
	{ "sipe", { .profile = "sipe" }, { EVERY_SRV_NAME_ANSWERS }, STAGE_SRV,
	  { SIPE_SRV, Q_A("lyncdiscoverinternal." DOMAIN), Q_AAAA("lyncdiscoverinternal." DOMAIN),
	    Q_A("lyncdiscover." DOMAIN), Q_AAAA("lyncdiscover." DOMAIN) } },
	{ "sipe -4", { .profile = "sipe", .family = FAMILY_V4 }, { EVERY_SRV_NAME_ANSWERS }, STAGE_SRV,
	  { SIPE_SRV, Q_A("lyncdiscoverinternal." DOMAIN), Q_A("lyncdiscover." DOMAIN) } },
	{ "sipe -6", { .profile = "sipe", .family = FAMILY_V6 }, { EVERY_SRV_NAME_ANSWERS }, STAGE_SRV,
	  { SIPE_SRV, Q_AAAA("lyncdiscoverinternal." DOMAIN), Q_AAAA("lyncdiscover." DOMAIN) } },
};

#define POOL_SIGNS_IN                                                             \
	{ "_sipinternaltls._tcp." DOMAIN, SRV, DNS_ANSWER, "0 0 5061 pool." DOMAIN, NULL }, \
	{ "pool." DOMAIN, HOST, DNS_ANSWER, "192.0.2.1 2001:db8::1", NULL }

static const struct dcase autodiscover_cases[] = {
	{ .rule = "sipe: lyncdiscoverinternal resolves: a warning that names it",
	  .setup = { .profile = "sipe" },
	  .facts = { POOL_SIGNS_IN, { "lyncdiscoverinternal." DOMAIN, HOST, DNS_ANSWER, "192.0.2.80 2001:db8::80", NULL } },
	  .server = { "pool." DOMAIN, 5061, SD_TLS, 0, 0 }, .status = SD_VERDICT_WARNING, .fallback = FALLBACK_RAN_ALWAYS,
	  .hints = { "lyncdiscoverinternal." DOMAIN " resolves" }, .compare = "" },
	{ .rule = "sipe: lyncdiscover resolves (IPv4 only): a warning that names it",
	  .setup = { .profile = "sipe" },
	  .facts = { POOL_SIGNS_IN, { "lyncdiscover." DOMAIN, A, DNS_ANSWER, "192.0.2.81", NULL } },
	  .server = { "pool." DOMAIN, 5061, SD_TLS, 0, 0 }, .status = SD_VERDICT_WARNING, .fallback = FALLBACK_RAN_ALWAYS,
	  .hints = { "lyncdiscover." DOMAIN " resolves" }, .no_hint = "lyncdiscoverinternal", .compare = "" },
	{ .rule = "sipe: no autodiscover name resolves: ok, no autodiscover hint",
	  .setup = { .profile = "sipe" },
	  .facts = { POOL_SIGNS_IN },
	  .server = { "pool." DOMAIN, 5061, SD_TLS, 0, 0 }, .fallback = FALLBACK_RAN_ALWAYS,
	  .no_hint = "autodiscover", .compare = "" },
	{ .rule = "sipe: autodiscover resolves but nothing to sign in to: still critical",
	  .setup = { .profile = "sipe" },
	  .facts = { { "lyncdiscover." DOMAIN, HOST, DNS_ANSWER, "192.0.2.81", NULL } },
	  .status = SD_VERDICT_CRITICAL, .fallback = FALLBACK_RAN_ALWAYS, .hints = { "lyncdiscover." DOMAIN } },
	{ .rule = "ocs2007r2: autodiscover names exist but are never asked",
	  .facts = { POOL_SIGNS_IN, { "lyncdiscoverinternal." DOMAIN, HOST, DNS_ANSWER, "192.0.2.80", NULL } },
	  .server = { "pool." DOMAIN, 5061, SD_TLS, 0, 0 }, .fallback = FALLBACK_NOT_RUN,
	  .not_queried = { "lyncdiscoverinternal." DOMAIN, "lyncdiscover." DOMAIN } },
};

/* SPEC §4.4: sipe asks four SRV names incl. _sip._tcp and resolves the two autodiscover names. */
static void spec4_4_sipe_queries_sip_tcp_and_autodiscover(void **state)
{
	(void)state;
	check_plans(sipe_plans, N(sipe_plans));
	fixture_check_cases(autodiscover_cases, N(autodiscover_cases));
	/* One hint per autodiscover name, though both its A and AAAA answered. */
	struct policy pol = fixture_policy(&(struct setup){ .profile = "sipe" });
	struct result r;
	const struct dns_fact facts[] = { POOL_SIGNS_IN,
		{ "lyncdiscoverinternal." DOMAIN, HOST, DNS_ANSWER, "192.0.2.80 2001:db8::80", NULL }, { 0 } };
	fixture_discover(&r, &pol, NULL, facts);
	size_t n = 0;
	for (size_t i = 0; i < r.n_hints; i++)
		n += r.hints[i].kind == HINT_AUTODISCOVER;
	result_free(&r);
	assert_int_equal(n, 1);
}

static const struct plan_case additional_plans[] = {
	{ "pool in the additional section, pool2 not, other.D's IPv4 address still needs its AAAA asked",
	  { 0 },
	  { { "_sipinternaltls._tcp." DOMAIN, SRV, DNS_ANSWER, "0 0 5061 pool." DOMAIN ", 1 0 5061 pool2." DOMAIN,
	      "pool." DOMAIN "=192.0.2.1 pool." DOMAIN "=2001:db8::1 other." DOMAIN "=192.0.2.99" },
	    { "_sip._tls." DOMAIN, SRV, DNS_ANSWER, "0 0 443 other." DOMAIN ", 0 0 443 edge." DOMAIN, NULL } },
	  2,
	  { Q_A("pool2." DOMAIN), Q_AAAA("pool2." DOMAIN), Q_AAAA("other." DOMAIN), Q_A("edge." DOMAIN),
	    Q_AAAA("edge." DOMAIN) } },
	{ "-6: an additional section with only IPv4 is no help",
	  { .family = FAMILY_V6 },
	  { { "_sipinternaltls._tcp." DOMAIN, SRV, DNS_ANSWER, "0 0 5061 pool." DOMAIN, "pool." DOMAIN "=192.0.2.1" } },
	  2,
	  { Q_AAAA("pool." DOMAIN) } },
	{ "-4: an additional section with IPv4 is enough",
	  { .family = FAMILY_V4 },
	  { { "_sipinternaltls._tcp." DOMAIN, SRV, DNS_ANSWER, "0 0 5061 pool." DOMAIN, "pool." DOMAIN "=192.0.2.1" } },
	  2,
	  { { NULL, 0, false } } },
};

/* SPEC §4.5: addresses in the SRV answer's additional section are used without a new query. */
static void spec4_5_additional_section_addresses_need_no_query(void **state)
{
	(void)state;
	check_plans(additional_plans, N(additional_plans));
	struct policy pol = fixture_policy(&(struct setup){ 0 });
	struct result r;
	fixture_discover(&r, &pol, NULL, (const struct dns_fact[]){
		{ "_sipinternaltls._tcp." DOMAIN, SRV, DNS_ANSWER, "0 0 5061 pool." DOMAIN ", 1 0 5061 pool2." DOMAIN,
		  "pool." DOMAIN "=192.0.2.1 pool." DOMAIN "=2001:db8::1" },
		{ "pool2." DOMAIN, HOST, DNS_ANSWER, "192.0.2.2", NULL }, { 0 } });
	assert_true(fixture_well_formed("additional section", &r));
	assert_int_equal(r.n_candidates, 2);
	const struct candidate *pool = &r.candidates[0], *pool2 = &r.candidates[1];
	assert_string_equal(pool->host, "pool." DOMAIN);
	assert_int_equal(pool->state, CAND_USABLE);
	assert_int_equal(pool->n_addr, 2);
	for (size_t i = 0; i < pool->n_addr; i++)
		assert_int_equal(r.addrs[pool->first_addr + i].source, ADDR_FROM_ADDITIONAL);
	assert_int_equal(pool2->state, CAND_USABLE);
	assert_int_equal(pool2->n_addr, 1);
	assert_int_equal(r.addrs[pool2->first_addr].source, ADDR_FROM_QUERY);
	assert_string_equal(r.addrs[pool2->first_addr].text, "192.0.2.2");
	result_free(&r);
}

static const struct plan_case family_plans[] = {
	{ "both families", { 0 }, { POOL_SIGNS_IN }, STAGE_ADDRESS, { Q_A("pool." DOMAIN), Q_AAAA("pool." DOMAIN) } },
	{ "-4", { .family = FAMILY_V4 }, { POOL_SIGNS_IN }, STAGE_ADDRESS, { Q_A("pool." DOMAIN) } },
	{ "-6", { .family = FAMILY_V6 }, { POOL_SIGNS_IN }, STAGE_ADDRESS, { Q_AAAA("pool." DOMAIN) } },
	{ "-4, fallback hosts", { .family = FAMILY_V4 }, { { 0 } }, STAGE_ADDRESS,
	  { Q_A("sipinternal." DOMAIN), Q_A("sipexternal." DOMAIN) } },
	{ "-6, manual servers", { .family = FAMILY_V6, .internal = "pool." DOMAIN, .external = "edge." DOMAIN },
	  { { 0 } }, STAGE_ADDRESS, { Q_AAAA("pool." DOMAIN), Q_AAAA("edge." DOMAIN) } },
};

/* SPEC §4.5: A and AAAA by default, only A with -4, only AAAA with -6; addresses filtered alike. */
static void spec4_5_family_policy(void **state)
{
	(void)state;
	check_plans(family_plans, N(family_plans));
	static const struct {
		enum family_policy family;
		const char *addrs[3];
	} want[] = {
		{ FAMILY_ANY, { "192.0.2.1", "2001:db8::1" } },
		{ FAMILY_V4, { "192.0.2.1" } },
		{ FAMILY_V6, { "2001:db8::1" } },
	};
	for (size_t i = 0; i < N(want); i++) {
		for (int additional = 0; additional <= 1; additional++) {
			struct policy pol = fixture_policy(&(struct setup){ .family = want[i].family });
			struct result r;
			const struct dns_fact by_query[] = { POOL_SIGNS_IN, { 0 } };
			const struct dns_fact by_additional[] = {
				{ "_sipinternaltls._tcp." DOMAIN, SRV, DNS_ANSWER, "0 0 5061 pool." DOMAIN,
				  "pool." DOMAIN "=192.0.2.1 pool." DOMAIN "=2001:db8::1" }, { 0 } };
			fixture_discover(&r, &pol, NULL, additional ? by_additional : by_query);
			assert_int_equal(r.n_candidates, 1);
			const struct candidate *c = &r.candidates[0];
			size_t n = 0;
			while (n < N(want[i].addrs) && want[i].addrs[n])
				n++;
			if (c->n_addr != n)
				fail_msg("family %d, %s: %zu addresses, expected %zu", (int)want[i].family,
					 additional ? "additional section" : "query", c->n_addr, n);
			for (size_t k = 0; k < n; k++)
				assert_string_equal(r.addrs[c->first_addr + k].text, want[i].addrs[k]);
			result_free(&r);
		}
	}
}

/* SPEC §4.1: manual configuration sends no SRV query; only addresses of the named hosts. */
static const struct plan_case manual_plans[] = {
	{ "internal and external", { .internal = "pool." DOMAIN, .external = "edge." DOMAIN },
	  { EVERY_SRV_NAME_ANSWERS }, STAGE_SRV, { { NULL, 0, false } } },
	{ "internal and external, stage 2", { .internal = "pool." DOMAIN, .external = "edge." DOMAIN },
	  { EVERY_SRV_NAME_ANSWERS }, STAGE_ADDRESS,
	  { Q_A("pool." DOMAIN), Q_AAAA("pool." DOMAIN), Q_A("edge." DOMAIN), Q_AAAA("edge." DOMAIN) } },
	{ "external only, sipe (no autodiscover either)", { .profile = "sipe", .external = "edge." DOMAIN },
	  { EVERY_SRV_NAME_ANSWERS }, STAGE_SRV, { { NULL, 0, false } } },
	{ "IP literals: nothing at all", { .internal = "192.0.2.50", .external = "2001:db8::50" },
	  { EVERY_SRV_NAME_ANSWERS }, STAGE_ADDRESS, { { NULL, 0, false } } },
};

static void spec4_1_manual_servers_plan_no_discovery_query(void **state)
{
	(void)state;
	check_plans(manual_plans, N(manual_plans));
}

/* SPEC §3: skype, sfb and lync2015 are names for lync2013, listed from the table's alias column. */
static void spec3_profile_aliases_name_lync2013(void **state)
{
	(void)state;
	static const char *const aliases[] = { "skype", "sfb", "lync2015" };
	const struct profile *lync2013 = profile_find("lync2013");
	assert_non_null(lync2013);
	for (size_t i = 0; i < N(aliases); i++)
		if (profile_find(aliases[i]) != lync2013)
			fail_msg("--profile=%s is not lync2013", aliases[i]);
	char buf[512];
	assert_true(profile_alias_list(buf, sizeof buf));
	assert_string_equal(buf, "skype, sfb, lync2015 are lync2013");
	assert_true(profile_describe(buf, sizeof buf));
	assert_non_null(strstr(buf, "lync2013 = Lync 2013 and Skype for Business 2015/2016/2019, also skype, sfb, lync2015"));
	assert_non_null(strstr(buf, "ocs2007r2 = Office Communicator 2007 R2, the default"));
	assert_false(profile_describe(buf, 40)); /* cut, and said so */
}

/* SPEC §4.4: profiles are data; every row is complete and findable by its name. */
static void spec4_4_profile_table_is_complete(void **state)
{
	(void)state;
	assert_null(profile_find("nope"));
	assert_null(profile_find(""));
	assert_null(profile_find("OCS2007R2"));
	assert_string_equal(profile_default()->name, "ocs2007r2");
	static const char *const required[] = { "ocs2007r2", "lync2010", "sipe" };
	for (size_t i = 0; i < N(required); i++)
		if (!profile_find(required[i]))
			fail_msg("SPEC §4.4 requires profile \"%s\"", required[i]);
	/* every profile of the table, through the list --help prints */
	char list[512], *save = NULL;
	assert_true(profile_list(list, sizeof list));
	size_t n = 0;
	for (char *name = strtok_r(list, ",", &save); name; name = strtok_r(NULL, ",", &save), n++) {
		name += strspn(name, " ");
		name[strcspn(name, " ")] = '\0'; /* " (default)" */
		const struct profile *p = profile_find(name);
		if (!p)
			fail_msg("profile_list names \"%s\", which profile_find does not find", name);
		if (!p->name || !p->name[0] || !p->summary || !p->summary[0])
			fail_msg("profile %zu has no name or summary", n);
		if (p->n_srv == 0 || p->n_srv > PROFILE_SRV_MAX || p->n_fallback > PROFILE_HOSTS_MAX)
			fail_msg("%s: n_srv %zu, n_fallback %zu", p->name, p->n_srv, p->n_fallback);
		for (size_t j = 0; j < p->n_srv; j++) {
			char qname[SD_QNAME_MAX];
			snprintf(qname, sizeof qname, "%s.%s", p->srv[j].prefix, DOMAIN);
			if (profile_srv_index(p, qname) != (int)j)
				fail_msg("%s: profile_srv_index(%s) is %d, expected %zu", p->name, qname,
					 profile_srv_index(p, qname), j);
			/* SPEC §4.2: with every record used, TLS names are tried before any TCP name. */
			for (size_t k = 0; p->srv_use == SRV_ALL_RECORDS && k < p->n_srv; k++)
				if (p->srv[j].transport == SD_TLS && p->srv[k].transport == SD_TCP
				    && p->srv[j].rank >= p->srv[k].rank)
					fail_msg("%s: TLS name %s does not rank before TCP name %s", p->name,
						 p->srv[j].prefix, p->srv[k].prefix);
		}
	}
	assert_true(n >= N(required));
	assert_int_equal(profile_srv_index(profile_default(), "_sip._tcp." DOMAIN), -1);
	assert_int_equal(profile_srv_index(profile_find("sipe"), "_sip._tcp." DOMAIN), 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(spec4_2_queries_three_names_in_order),
		cmocka_unit_test(spec4_2_no_tcp_skips_sipinternal_tcp),
		cmocka_unit_test(spec4_4_sipe_queries_sip_tcp_and_autodiscover),
		cmocka_unit_test(spec4_5_additional_section_addresses_need_no_query),
		cmocka_unit_test(spec4_5_family_policy),
		cmocka_unit_test(spec4_1_manual_servers_plan_no_discovery_query),
		cmocka_unit_test(spec4_4_profile_table_is_complete),
		cmocka_unit_test(spec3_profile_aliases_name_lync2013),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
