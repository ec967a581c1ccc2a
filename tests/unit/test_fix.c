/*
 * test_fix.c — SPEC §7.1, the fix-it lines: the zone a record belongs to, names relative to it,
 * the master-file and cmdlet forms, the fixes derived from a decided result (a missing address
 * record, an SRV record repointed, a certificate's names); SPEC §7.2's private ranges and the
 * answer text the two views are compared by.
 */
#include "fixture.h"

#include "dnsviews.h"
#include "exposure.h"
#include "fix.h"
#include "fix_lines.h"
#include "ipaddr.h"

/* SPEC §7.1: the sign-in domain's zone unless an SOA names a deeper one; names under it are relative. */
static void spec7_1_zone_and_relative_name(void **state)
{
	(void)state;
	static const struct {
		const char *name, *soa;
		const char *zone, *relative;
	} cases[] = {
		{ "_sip._tls.contoso.com", NULL, "contoso.com", "_sip._tls" },
		{ "contoso.com", NULL, "contoso.com", "@" },
		{ "contoso.com.", NULL, "contoso.com", "@" },
		{ "lyncpool.corp.contoso.com", "corp.contoso.com", "corp.contoso.com", "lyncpool" },
		{ "pool.contoso.com", "corp.contoso.com", "contoso.com", "pool" },
		{ "sip.fabrikam.net", NULL, "fabrikam.net", "sip" },
		{ "notcontoso.com", NULL, "com", "notcontoso" },
	};
	for (size_t i = 0; i < N(cases); i++) {
		char zone[SD_HOST_MAX], rel[SD_QNAME_MAX];
		const char *zones[] = { cases[i].soa };
		fix_zone_of(cases[i].name, DOMAIN, zones, cases[i].soa ? 1 : 0, zone, sizeof zone);
		assert_string_equal(zone, cases[i].zone);
		fix_relative(cases[i].name, zone, rel, sizeof rel);
		assert_string_equal(rel, cases[i].relative);
	}
}

/* SPEC §7.1: "owner 3600 IN TYPE rdata" with absolute names, and the cmdlet of the same change. */
static void spec7_1_line_forms(void **state)
{
	(void)state;
	struct hint_fix f = { 0 };
	struct srv_record s = { 0, 100, 5061, "pool.contoso.com" };
	fix_add_srv(&f, DOMAIN, "_sipinternaltls._tcp.contoso.com", &s);
	fix_delete_srv(&f, DOMAIN, "_sipinternaltls._tcp.contoso.com", &s);
	fix_add_address(&f, DOMAIN, "lyncfe.contoso.com", false, NULL);
	fix_add_address(&f, DOMAIN, "contoso.com", true, "2001:db8::5");
	fix_delete_address(&f, DOMAIN, "sipexternal.contoso.com", false, "10.0.0.5");
	fix_add_cname(&f, DOMAIN, "lyncdiscover.contoso.com", "proxy.contoso.com");
	static const char *const zone[] = {
		"_sipinternaltls._tcp.contoso.com. 3600 IN SRV 0 100 5061 pool.contoso.com.",
		"; delete: _sipinternaltls._tcp.contoso.com. 3600 IN SRV 0 100 5061 pool.contoso.com.",
		"lyncfe.contoso.com. 3600 IN A ADDRESS",
		"contoso.com. 3600 IN AAAA 2001:db8::5",
		"; delete: sipexternal.contoso.com. 3600 IN A 10.0.0.5",
		"lyncdiscover.contoso.com. 3600 IN CNAME proxy.contoso.com.",
	};
	static const char *const ps[] = {
		"Add-DnsServerResourceRecord -ZoneName \"contoso.com\" -Srv -Name \"_sipinternaltls._tcp\" -DomainName "
		"\"pool.contoso.com.\" -Priority 0 -Weight 100 -Port 5061",
		"Remove-DnsServerResourceRecord -ZoneName \"contoso.com\" -RRType \"Srv\" -Name \"_sipinternaltls._tcp\" "
		"-RecordData \"0 100 5061 pool.contoso.com.\" -Force",
		"Add-DnsServerResourceRecordA -ZoneName \"contoso.com\" -Name \"lyncfe\" -IPv4Address \"ADDRESS\"",
		"Add-DnsServerResourceRecordAAAA -ZoneName \"contoso.com\" -Name \"@\" -IPv6Address \"2001:db8::5\"",
		"Remove-DnsServerResourceRecord -ZoneName \"contoso.com\" -RRType \"A\" -Name \"sipexternal\" -RecordData "
		"\"10.0.0.5\" -Force",
		"Add-DnsServerResourceRecordCName -ZoneName \"contoso.com\" -Name \"lyncdiscover\" -HostNameAlias "
		"\"proxy.contoso.com.\"",
	};
	assert_int_equal(f.n_zone, N(zone));
	assert_int_equal(f.n_powershell, N(ps));
	for (size_t i = 0; i < N(zone); i++) {
		assert_string_equal(f.zone[i], zone[i]);
		assert_string_equal(f.powershell[i], ps[i]);
	}
	fix_add_certificate_name(&f, "pool.contoso.com.");
	fix_add_certificate_name(&f, "POOL.contoso.com");
	assert_int_equal(f.n_certificate_names, 1);
	assert_string_equal(f.certificate_names[0], "pool.contoso.com");
}

/* A hint names a host only as a whole name: "pool.contoso.com" is not in "xpool.contoso.com.au". */
static void spec7_1_hint_mentions_host(void **state)
{
	(void)state;
	assert_true(fix_mentions("SRV target pool.contoso.com (from ...)", "pool.contoso.com"));
	assert_true(fix_mentions("The certificate of pool.contoso.com:5061 does", "pool.contoso.com"));
	assert_true(fix_mentions("publish an address record for pool.contoso.com.", "pool.contoso.com"));
	assert_false(fix_mentions("xpool.contoso.com does not", "pool.contoso.com"));
	assert_false(fix_mentions("pool.contoso.com.au does not", "pool.contoso.com"));
	assert_false(fix_mentions("a.pool.contoso.com does not", "pool.contoso.com"));
}

/* SPEC §7.2: RFC 1918, RFC 6598 and RFC 4193 are private; loopback and link-local are not. */
static void spec7_2_private_ranges(void **state)
{
	(void)state;
	static const struct {
		const char *addr, *range;
	} cases[] = {
		{ "10.1.2.3", "RFC 1918" },  { "172.16.0.1", "RFC 1918" }, { "172.31.255.255", "RFC 1918" },
		{ "172.32.0.1", NULL },      { "192.168.7.7", "RFC 1918" }, { "100.64.0.1", "RFC 6598" },
		{ "100.127.255.1", "RFC 6598" }, { "100.128.0.1", NULL },   { "fd00::1", "RFC 4193" },
		{ "fc12::1", "RFC 4193" },   { "127.0.0.1", NULL },         { "169.254.1.1", NULL },
		{ "fe80::1", NULL },         { "::1", NULL },               { "192.0.2.1", NULL },
		{ "not an address", NULL },
	};
	for (size_t i = 0; i < N(cases); i++) {
		const char *got = ipaddr_private_range(cases[i].addr);
		if (cases[i].range)
			assert_string_equal(got, cases[i].range);
		else
			assert_null(got);
	}
}

/* The hint of kind in r (its fix), or fail. */
static const struct hint *hint_of(const struct result *r, enum hint_kind kind)
{
	int i = fixture_hint(r, kind, "");
	if (i < 0) {
		fixture_print_hints(r);
		fail_msg("no hint of kind %d", kind);
	}
	return &r->hints[i];
}

/* SPEC §7.1: an SRV target that does not resolve gets its address record, its value ADDRESS. */
static void spec7_1_missing_address_record(void **state)
{
	(void)state;
	static const struct dns_fact facts[] = {
		{ "_sipinternaltls._tcp.contoso.com", SRV, DNS_ANSWER, "0 0 5061 lyncfe.contoso.com", NULL },
		{ NULL, 0, 0, NULL, NULL },
	};
	struct setup setup = { 0 };
	struct policy pol = fixture_policy(&setup);
	struct result r;
	fixture_discover(&r, &pol, NULL, facts);
	fix_attach(&r);
	const struct hint *h = hint_of(&r, HINT_TARGET_UNRESOLVED);
	assert_int_equal(h->fix.n_zone, 1);
	assert_string_equal(h->fix.zone[0], "lyncfe.contoso.com. 3600 IN A ADDRESS");
	assert_string_equal(h->fix.powershell[0],
			    "Add-DnsServerResourceRecordA -ZoneName \"contoso.com\" -Name \"lyncfe\" -IPv4Address \"ADDRESS\"");
	result_free(&r);
}

/* SPEC §7.1: a target the naming rule rejects: the record repointed at a host the rule allows that resolves. */
static void spec7_1_srv_repointed(void **state)
{
	(void)state;
	static const struct dns_fact facts[] = {
		{ "_sipinternaltls._tcp.contoso.com", SRV, DNS_ANSWER, "0 0 5061 pool.corp.contoso.com,10 0 5061 sip.contoso.com",
		  NULL },
		{ "pool.corp.contoso.com", HOST, DNS_ANSWER, "192.0.2.9", NULL },
		{ "sip.contoso.com", HOST, DNS_ANSWER, "192.0.2.10", NULL },
		{ NULL, 0, 0, NULL, NULL },
	};
	struct setup setup = { 0 };
	struct policy pol = fixture_policy(&setup);
	struct result r;
	fixture_discover(&r, &pol, NULL, facts);
	fix_attach(&r);
	const struct hint *h = hint_of(&r, HINT_NAMING_REJECTED);
	/* the name already points at sip.contoso.com:5061: deleting the rejected record is the whole change */
	assert_int_equal(h->fix.n_zone, 1);
	assert_string_equal(h->fix.zone[0], "; delete: _sipinternaltls._tcp.contoso.com. 3600 IN SRV 0 0 5061 pool.corp.contoso.com.");
	assert_int_equal(h->fix.n_powershell, 1);
	result_free(&r);
}

/* SPEC §7.1: no usable target left, a fallback name the rule allows resolves: the record points there. */
static void spec7_1_srv_repointed_to_resolving_host(void **state)
{
	(void)state;
	static const struct dns_fact facts[] = {
		{ "_sipinternaltls._tcp.contoso.com", SRV, DNS_ANSWER, "0 0 5061 pool.corp.contoso.com", NULL },
		{ "pool.corp.contoso.com", HOST, DNS_ANSWER, "192.0.2.9", NULL },
		{ "sipinternal.contoso.com", HOST, DNS_ANSWER, "192.0.2.10", NULL },
		{ NULL, 0, 0, NULL, NULL },
	};
	struct setup setup = { 0 };
	struct policy pol = fixture_policy(&setup);
	struct result r;
	fixture_discover(&r, &pol, NULL, facts);
	fix_attach(&r);
	const struct hint *h = hint_of(&r, HINT_NAMING_REJECTED);
	assert_int_equal(h->fix.n_zone, 2);
	assert_string_equal(h->fix.zone[0], "; delete: _sipinternaltls._tcp.contoso.com. 3600 IN SRV 0 0 5061 pool.corp.contoso.com.");
	assert_string_equal(h->fix.zone[1], "_sipinternaltls._tcp.contoso.com. 3600 IN SRV 0 0 5061 sipinternal.contoso.com.");
	assert_string_equal(h->fix.powershell[1], "Add-DnsServerResourceRecord -ZoneName \"contoso.com\" -Srv -Name "
			    "\"_sipinternaltls._tcp\" -DomainName \"sipinternal.contoso.com.\" -Priority 0 -Weight 0 -Port 5061");
	result_free(&r);
}

/* SPEC §7.1: no host the rule allows resolves and sip.D was seen not to: sip.D, its address ADDRESS
 * (a name the rule always allows, never an address guessed); not asked (ocs2007r2): no fix at all. */
static void spec7_1_srv_repointed_to_sip_with_placeholder(void **state)
{
	(void)state;
	static const struct dns_fact facts[] = {
		{ "_sipinternaltls._tcp.contoso.com", SRV, DNS_ANSWER, "0 0 5061 pool.corp.contoso.com", NULL },
		{ "pool.corp.contoso.com", HOST, DNS_ANSWER, "192.0.2.9", NULL },
		{ NULL, 0, 0, NULL, NULL },
	};
	struct setup ocs = { 0 };
	struct policy ocs_pol = fixture_policy(&ocs);
	struct result o;
	fixture_discover(&o, &ocs_pol, NULL, facts);
	fix_attach(&o);
	assert_true(fix_empty(&hint_of(&o, HINT_NAMING_REJECTED)->fix));
	result_free(&o);
	/* lync2010 trusts pool.corp.contoso.com (SPEC §5.1); under EnableStrictDNSNaming it rejects it
	 * as Communicator does, and its report-only lookups saw sip.contoso.com without an address. */
	struct setup setup = { .profile = "lync2010", .strict = true };
	struct policy pol = fixture_policy(&setup);
	struct result r;
	fixture_discover(&r, &pol, NULL, facts);
	fix_attach(&r);
	const struct hint *h = hint_of(&r, HINT_NAMING_REJECTED);
	assert_int_equal(h->fix.n_zone, 3);
	assert_string_equal(h->fix.zone[1], "_sipinternaltls._tcp.contoso.com. 3600 IN SRV 0 0 5061 sip.contoso.com.");
	assert_string_equal(h->fix.zone[2], "sip.contoso.com. 3600 IN A ADDRESS");
	result_free(&r);
}

/* SPEC §7.1: the host fallback found the server: the SRV record it stands in for. */
static void spec7_1_srv_for_fallback_server(void **state)
{
	(void)state;
	static const struct dns_fact facts[] = {
		{ "sipinternal.contoso.com", HOST, DNS_ANSWER, "192.0.2.5", NULL },
		{ NULL, 0, 0, NULL, NULL },
	};
	struct setup setup = { 0 };
	struct policy pol = fixture_policy(&setup);
	struct result r;
	fixture_discover(&r, &pol, NULL, facts);
	fix_attach(&r);
	const struct hint *h = hint_of(&r, HINT_NO_SRV);
	assert_int_equal(h->fix.n_zone, 1);
	assert_string_equal(h->fix.zone[0], "_sipinternaltls._tcp.contoso.com. 3600 IN SRV 0 0 5061 sipinternal.contoso.com.");
	result_free(&r);
}

/* SPEC §7.2: an Internet-facing name with a private address: delete it, publish the public one. */
static void spec7_2_private_address_behind_internet_name(void **state)
{
	(void)state;
	static const struct dns_fact facts[] = {
		{ "_sip._tls.contoso.com", SRV, DNS_ANSWER, "0 0 443 edge.contoso.com", NULL },
		{ "edge.contoso.com", HOST, DNS_ANSWER, "10.0.0.7", NULL },
		{ NULL, 0, 0, NULL, NULL },
	};
	struct setup setup = { 0 };
	struct policy pol = fixture_policy(&setup);
	struct result r;
	fixture_discover(&r, &pol, NULL, facts);
	assert_int_equal(exposure_hints(&r, NULL), SD_OK);
	const struct hint *h = hint_of(&r, HINT_PRIVATE_ADDRESS);
	assert_non_null(strstr(h->text, "10.0.0.7 (RFC 1918)"));
	assert_string_equal(h->fix.zone[0], "; delete: edge.contoso.com. 3600 IN A 10.0.0.7");
	assert_string_equal(h->fix.zone[1], "edge.contoso.com. 3600 IN A ADDRESS");
	result_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(spec7_1_zone_and_relative_name),
		cmocka_unit_test(spec7_1_line_forms),
		cmocka_unit_test(spec7_1_hint_mentions_host),
		cmocka_unit_test(spec7_2_private_ranges),
		cmocka_unit_test(spec7_1_missing_address_record),
		cmocka_unit_test(spec7_1_srv_repointed),
		cmocka_unit_test(spec7_1_srv_repointed_to_resolving_host),
		cmocka_unit_test(spec7_1_srv_repointed_to_sip_with_placeholder),
		cmocka_unit_test(spec7_1_srv_for_fallback_server),
		cmocka_unit_test(spec7_2_private_address_behind_internet_name),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
