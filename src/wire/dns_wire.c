/* dns_wire.c — DNS messages: building a query, classifying and reading an answer. Pure. */
#include "dns_wire.h"

#include "ipaddr.h"

/* ldns's own headers include <sys/socket.h> and <netinet/in.h>; this parser opens no socket. */
#define SD_LIBRARY_HEADERS
#include <ldns/ldns.h>
#undef SD_LIBRARY_HEADERS
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_RECORDS 1024

enum sd_status dns_build_query(const struct query *q, uint16_t id, uint8_t **wire, size_t *len)
{
	ldns_rdf *name = NULL;
	if (ldns_str2rdf_dname(&name, q->name) != LDNS_STATUS_OK)
		return SD_ERR_INPUT;
	ldns_pkt *pkt = ldns_pkt_query_new(name, (ldns_rr_type)q->type, LDNS_RR_CLASS_IN, LDNS_RD);
	if (!pkt) {
		ldns_rdf_deep_free(name);
		return SD_ERR_NOMEM;
	}
	ldns_pkt_set_id(pkt, id);
	ldns_pkt_set_edns_udp_size(pkt, 1232); /* the DNS flag day 2020 size: large sets come over TCP */
	ldns_status s = ldns_pkt2wire(wire, pkt, len);
	ldns_pkt_free(pkt);
	return s == LDNS_STATUS_OK ? SD_OK : SD_ERR_NOMEM;
}

enum sd_status dns_build_probe(uint16_t id, uint8_t **wire, size_t *len)
{
	ldns_rdf *name = ldns_dname_new_frm_str("version.bind.");
	if (!name)
		return SD_ERR_NOMEM;
	ldns_pkt *pkt = ldns_pkt_query_new(name, LDNS_RR_TYPE_TXT, LDNS_RR_CLASS_CH, 0);
	if (!pkt) {
		ldns_rdf_deep_free(name);
		return SD_ERR_NOMEM;
	}
	ldns_pkt_set_id(pkt, id);
	ldns_status s = ldns_pkt2wire(wire, pkt, len);
	ldns_pkt_free(pkt);
	return s == LDNS_STATUS_OK ? SD_OK : SD_ERR_NOMEM;
}

bool dns_is_response(const uint8_t *wire, size_t len, uint16_t id)
{
	return len >= 12 && ((unsigned)wire[0] << 8 | wire[1]) == id && (wire[2] & 0x80);
}

/*
 * A domain name in the trace's form: lower case, no trailing dot ("." stays ".").
 * False when it does not fit: a name cut to fit would be another host.
 */
static bool name_text(const ldns_rdf *rdf, char *out, size_t n)
{
	char *s = ldns_rdf2str(rdf);
	bool fits = sd_copy(out, n, s ? s : "?") || (s && strlen(s) == n && s[n - 1] == '.');
	free(s);
	if (fits)
		str_host_normalize(out);
	return fits;
}

static enum sd_status add_address(struct query *q, const ldns_rr *rr, enum addr_source source)
{
	const ldns_rdf *rdf = ldns_rr_rdf(rr, 0);
	if (!rdf || q->n_addr >= MAX_RECORDS)
		return SD_OK;
	size_t want = ldns_rr_get_type(rr) == LDNS_RR_TYPE_A ? 4 : 16;
	if (ldns_rdf_size(rdf) != want)
		return SD_OK; /* malformed rdata: ignore the record */
	struct address *a = SD_PUSH(q->addr, q->n_addr);
	if (!a)
		return SD_ERR_NOMEM;
	a->family = ipaddr_text(ldns_rdf_data(rdf), want, a->text, sizeof a->text);
	a->source = source;
	a->query = -1;
	if (source == ADDR_FROM_QUERY)
		sd_copy(a->owner, sizeof a->owner, q->name); /* a CNAME chain still answers q->name */
	else if (!name_text(ldns_rr_owner(rr), a->owner, sizeof a->owner))
		q->n_addr--; /* an owner too long to hold can be no target of ours: drop the address */
	return SD_OK;
}

/* A record that is there but cannot be read is no "no record" (SPEC §4.3): it is counted. */
static enum sd_status add_srv(struct query *q, const ldns_rr *rr, size_t *malformed)
{
	if (q->n_srv >= MAX_RECORDS)
		return SD_OK;
	const ldns_rdf *f[4] = { 0 };
	for (size_t i = 0; i < 4 && i < ldns_rr_rd_count(rr); i++)
		f[i] = ldns_rr_rdf(rr, i);
	if (ldns_rr_rd_count(rr) != 4 || ldns_rdf_size(f[0]) != 2 || ldns_rdf_size(f[1]) != 2 || ldns_rdf_size(f[2]) != 2
	    || ldns_rdf_get_type(f[3]) != LDNS_RDF_TYPE_DNAME) {
		(*malformed)++;
		return SD_OK;
	}
	struct srv_record *s = SD_PUSH(q->srv, q->n_srv);
	if (!s)
		return SD_ERR_NOMEM;
	s->priority = ldns_rdf2native_int16(f[0]);
	s->weight = ldns_rdf2native_int16(f[1]);
	s->port = ldns_rdf2native_int16(f[2]);
	if (!name_text(f[3], s->target, sizeof s->target)) {
		q->n_srv--; /* its text form (escapes included) is longer than any host name */
		(*malformed)++;
	}
	return SD_OK;
}

static bool question_matches(const ldns_pkt *pkt, const struct query *q)
{
	const ldns_rr_list *qs = ldns_pkt_question(pkt);
	if (ldns_rr_list_rr_count(qs) == 0)
		return ldns_pkt_get_rcode(pkt) != LDNS_RCODE_NOERROR; /* some servers drop it on errors */
	const ldns_rr *rr = ldns_rr_list_rr(qs, 0);
	char name[SD_QNAME_MAX];
	return name_text(ldns_rr_owner(rr), name, sizeof name) && ldns_rr_get_type(rr) == q->type
	       && strcasecmp(name, q->name) == 0;
}

/* Hops a CNAME chain may take: more is a loop or an attack, and no resolver follows it. */

/* The CNAME in the answer whose owner is name, or NULL. */
static const ldns_rr *cname_of(const ldns_rr_list *answer, const char *name)
{
	char owner[SD_QNAME_MAX];
	for (size_t i = 0; i < ldns_rr_list_rr_count(answer); i++) {
		const ldns_rr *rr = ldns_rr_list_rr(answer, i);
		if (ldns_rr_get_type(rr) == LDNS_RR_TYPE_CNAME && ldns_rr_rd_count(rr) == 1
		    && name_text(ldns_rr_owner(rr), owner, sizeof owner) && strcasecmp(owner, name) == 0)
			return rr;
	}
	return NULL;
}

/*
 * SPEC §4.6: follows the answer's CNAME chain from q->name and records it; the
 * records that count are then those owned by the chain's last name.
 */
static void follow_cnames(const ldns_rr_list *answer, struct query *q)
{
	char name[SD_QNAME_MAX];
	const ldns_rr *rr;
	sd_copy(name, sizeof name, q->name);
	while (q->n_cname < QUERY_CNAME_MAX && (rr = cname_of(answer, name)) != NULL) {
		if (!name_text(ldns_rr_rdf(rr, 0), name, sizeof name))
			break;
		sd_copy(q->cname_chain[q->n_cname++], sizeof q->cname_chain[0], name);
		sd_copy(q->cname_target, sizeof q->cname_target, name);
	}
}

/* True when rr is owned by q's name or by a name of its CNAME chain. */
static bool owned_by_chain(const ldns_rr *rr, const struct query *q)
{
	char owner[SD_QNAME_MAX];
	if (!name_text(ldns_rr_owner(rr), owner, sizeof owner))
		return false;
	if (strcasecmp(owner, q->name) == 0 || (q->n_cname && strcasecmp(owner, q->cname_target) == 0))
		return true;
	for (unsigned i = 0; i < q->n_cname; i++)
		if (strcasecmp(q->cname_chain[i], owner) == 0)
			return true;
	return false;
}

/* The records of q's answer, then (for SRV) the additional section's addresses; SD_ERR_NOMEM. */
static enum sd_status read_records(const ldns_pkt *pkt, struct query *q, size_t *malformed)
{
	const ldns_rr_list *answer = ldns_pkt_answer(pkt);
	enum sd_status st = SD_OK;
	follow_cnames(answer, q);
	for (size_t i = 0; st == SD_OK && i < ldns_rr_list_rr_count(answer); i++) {
		const ldns_rr *rr = ldns_rr_list_rr(answer, i);
		if (ldns_rr_get_type(rr) == q->type && owned_by_chain(rr, q))
			st = q->type == DNS_TYPE_SRV ? add_srv(q, rr, malformed) : add_address(q, rr, ADDR_FROM_QUERY);
	}
	if (q->type != DNS_TYPE_SRV)
		return st;
	const ldns_rr_list *extra = ldns_pkt_additional(pkt);
	for (size_t i = 0; st == SD_OK && i < ldns_rr_list_rr_count(extra); i++) {
		const ldns_rr *rr = ldns_rr_list_rr(extra, i);
		ldns_rr_type t = ldns_rr_get_type(rr);
		if (t == LDNS_RR_TYPE_A || t == LDNS_RR_TYPE_AAAA)
			st = add_address(q, rr, ADDR_FROM_ADDITIONAL);
	}
	return st;
}

static void classify(const ldns_pkt *pkt, struct query *q)
{
	ldns_pkt_rcode rc = ldns_pkt_get_rcode(pkt);
	switch (rc) {
	case LDNS_RCODE_NOERROR:
		q->result = (q->type == DNS_TYPE_SRV ? q->n_srv : q->n_addr) > 0 ? DNS_ANSWER : DNS_NODATA;
		break;
	case LDNS_RCODE_NXDOMAIN:
		q->result = DNS_NXDOMAIN;
		break;
	case LDNS_RCODE_SERVFAIL:
		q->result = DNS_SERVFAIL;
		break;
	case LDNS_RCODE_REFUSED:
		q->result = DNS_REFUSED;
		break;
	default: {
		ldns_lookup_table *t = ldns_lookup_by_id(ldns_rcodes, (int)rc);
		q->result = DNS_ERROR;
		snprintf(q->detail, sizeof q->detail, "rcode %s", t ? t->name : "unknown");
	}
	}
}

static void free_records(struct query *q)
{
	free(q->srv);
	free(q->addr);
	q->srv = NULL;
	q->addr = NULL;
	q->n_srv = q->n_addr = 0;
	q->aa = q->ra = q->referral = q->has_ede = false;
	q->n_cname = 0;
	q->cname_target[0] = q->ede_text[0] = q->soa_zone[0] = '\0';
	q->ede_code = 0;
}

/* SPEC §7.1: the zone that answered, from the first SOA of the authority section, if any. */
static void read_soa_zone(const ldns_pkt *pkt, struct query *q)
{
	const ldns_rr_list *auth = ldns_pkt_authority(pkt);
	for (size_t i = 0; i < ldns_rr_list_rr_count(auth); i++) {
		const ldns_rr *rr = ldns_rr_list_rr(auth, i);
		char *owner = ldns_rr_get_type(rr) == LDNS_RR_TYPE_SOA ? ldns_rdf2str(ldns_rr_owner(rr)) : NULL;
		if (!owner)
			continue;
		size_t len = strlen(owner);
		if (len > 1 && owner[len - 1] == '.')
			owner[len - 1] = '\0';
		snprintf(q->soa_zone, sizeof q->soa_zone, "%s", len > 1 ? owner : "");
		free(owner);
		return;
	}
}

/* NOERROR with an empty answer, NS records in the authority section and AA=0: a delegation. */
static bool is_referral(const ldns_pkt *pkt)
{
	const ldns_rr_list *auth = ldns_pkt_authority(pkt);
	if (ldns_pkt_get_rcode(pkt) != LDNS_RCODE_NOERROR || ldns_pkt_aa(pkt) || ldns_pkt_ancount(pkt) > 0)
		return false;
	for (size_t i = 0; i < ldns_rr_list_rr_count(auth); i++)
		if (ldns_rr_get_type(ldns_rr_list_rr(auth, i)) == LDNS_RR_TYPE_NS)
			return true;
	return false;
}

/* RFC 8914 section 4's names for the INFO-CODEs, by code. */
static const char *const ede_names[] = {
	"Other Error", "Unsupported DNSKEY Algorithm", "Unsupported DS Digest Type", "Stale Answer",
	"Forged Answer", "DNSSEC Indeterminate", "DNSSEC Bogus", "Signature Expired",
	"Signature Not Yet Valid", "DNSKEY Missing", "RRSIGs Missing", "No Zone Key Bit Set",
	"NSEC Missing", "Cached Error", "Not Ready", "Blocked", "Censored", "Filtered", "Prohibited",
	"Stale NXDOMAIN Answer", "Not Authoritative", "Not Supported", "No Reachable Authority",
	"Network Error", "Invalid Data",
};

/* RFC 8914: the first Extended DNS Error option (code 15) of the OPT record, if any. */
static void read_ede(const ldns_pkt *pkt, struct query *q)
{
	const ldns_rdf *opts = ldns_pkt_edns_data(pkt);
	const uint8_t *p = opts ? ldns_rdf_data(opts) : NULL;
	size_t left = opts ? ldns_rdf_size(opts) : 0;
	while (p && left >= 4) {
		unsigned code = (unsigned)p[0] << 8 | p[1], len = (unsigned)p[2] << 8 | p[3];
		if (len > left - 4)
			return; /* a cut option: nothing more can be read */
		if (code == LDNS_EDNS_EDE && len >= 2) {
			q->has_ede = true;
			q->ede_code = (uint16_t)(p[4] << 8 | p[5]);
			const char *name = q->ede_code < sizeof ede_names / sizeof *ede_names ? ede_names[q->ede_code] : "";
			int at = snprintf(q->ede_text, sizeof q->ede_text, "%s%s", name, *name && len > 2 ? ": " : "");
			size_t n = len - 2 < sizeof q->ede_text - 1 - (size_t)at ? len - 2 : sizeof q->ede_text - 1 - (size_t)at;
			for (size_t i = 0; i < n; i++) /* network text: the views escape it, but a NUL would cut it */
				q->ede_text[(size_t)at + i] = p[6 + i] ? (char)p[6 + i] : '?';
			q->ede_text[(size_t)at + n] = '\0';
			return;
		}
		p += 4 + len;
		left -= 4 + len;
	}
}

/* Drops the line of text that starts with prefix, if any. */
static void drop_line(char *text, const char *prefix)
{
	char *line = text ? strstr(text, prefix) : NULL;
	if (!line)
		return;
	char *end = strchr(line, '\n');
	if (end)
		memmove(line, end + 1, strlen(end + 1) + 1);
	else
		*line = '\0';
}

/* Keeps the answer's text form in q->raw, as drill prints it, less what a parsed packet cannot know. */
static void keep_raw_text(ldns_pkt *pkt, struct query *q)
{
	/* ldns 1.8.3's printer dereferences NULL on a malformed EDNS CHAIN option (found by
	 * fuzz_dns): the text form leaves the options out; the UDP size line stays. */
	ldns_rdf *options = ldns_pkt_edns_data(pkt);
	if (options) {
		ldns_pkt_set_edns_data(pkt, NULL);
		ldns_rdf_deep_free(options);
	}
	free(q->raw);
	q->raw = ldns_pkt2str(pkt);
	/* The parsed packet holds no receive time nor round trip: ldns would print
	 * "WHEN: Thu Jan 1 00:00:00 1970" and "Query time: 0 msec" (issue 10). The
	 * trace line carries the query's time. */
	drop_line(q->raw, ";; WHEN:");
	drop_line(q->raw, ";; Query time:");
}

/* Fills q from a parsed answer to it (ID and question already checked). */
static enum sd_status read_answer(ldns_pkt *pkt, struct query *q, bool keep_raw)
{
	size_t malformed = 0;
	free_records(q);
	q->aa = ldns_pkt_aa(pkt);
	q->ra = ldns_pkt_ra(pkt);
	q->referral = is_referral(pkt);
	read_soa_zone(pkt, q);
	read_ede(pkt, q);
	enum sd_status st = read_records(pkt, q, &malformed);
	if (st != SD_OK)
		return st;
	classify(pkt, q);
	if (malformed && q->result != DNS_ERROR) {
		snprintf(q->detail, sizeof q->detail, "malformed answer: %zu SRV record%s without a usable target",
			 malformed, malformed == 1 ? "" : "s");
		if (q->n_srv == 0)
			q->result = DNS_ERROR;
	}
	if (keep_raw)
		keep_raw_text(pkt, q);
	return SD_OK;
}

enum sd_status dns_parse_answer(const uint8_t *wire, size_t len, uint16_t id, struct query *q, bool keep_raw,
				enum dns_parse *outcome)
{
	ldns_pkt *pkt = NULL;
	*outcome = DNS_PARSE_MISMATCH;
	if (len < 12 || ((unsigned)wire[0] << 8 | wire[1]) != id)
		return SD_OK;
	ldns_status s = ldns_wire2pkt(&pkt, wire, len);
	if (s == LDNS_STATUS_MEM_ERR)
		return SD_ERR_NOMEM;
	*outcome = DNS_PARSE_OK;
	if (s != LDNS_STATUS_OK) {
		q->result = DNS_ERROR;
		snprintf(q->detail, sizeof q->detail, "malformed answer: %s", ldns_get_errorstr_by_id(s));
		return SD_OK;
	}
	enum sd_status st = SD_OK;
	if (!ldns_pkt_qr(pkt) || !question_matches(pkt, q))
		*outcome = DNS_PARSE_MISMATCH;
	else if (ldns_pkt_tc(pkt) && !q->via_tcp)
		*outcome = DNS_PARSE_TRUNCATED;
	else
		st = read_answer(pkt, q, keep_raw);
	ldns_pkt_free(pkt);
	return st;
}
