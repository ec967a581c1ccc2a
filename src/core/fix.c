/* fix.c — SPEC §7.1: the fix-it lines of the hints that ask for a DNS or certificate change. */
#include "fix.h"

#include "fix_lines.h"
#include "naming.h"
#include "verdict_dns.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static bool name_char(char c)
{
	return isalnum((unsigned char)c) || c == '-' || c == '_';
}

bool fix_mentions(const char *text, const char *host)
{
	size_t n = strlen(host);
	if (n == 0)
		return false;
	for (const char *p = text; *p; p++) {
		if (strncasecmp(p, host, n) != 0)
			continue;
		bool before = p == text || !(name_char(p[-1]) || p[-1] == '.');
		const char *e = p + n;
		bool after = !name_char(*e) && !(*e == '.' && name_char(e[1]));
		if (before && after)
			return true;
	}
	return false;
}

void fix_zone(const struct result *r, const char *name, char *zone, size_t size)
{
	const char *zones[64];
	size_t n = 0;
	for (size_t i = 0; i < r->n_queries && n < sizeof zones / sizeof *zones; i++)
		if (r->queries[i].soa_zone[0])
			zones[n++] = r->queries[i].soa_zone;
	fix_zone_of(name, r->uri.domain, zones, n, zone, size);
}

static bool wants_v6(const struct result *r)
{
	return r->policy->family == FAMILY_V6;
}

/* Whether r asked for host's address and the DNS said it has none (nxdomain or nodata, no address). */
static bool known_absent(const struct result *r, const char *host)
{
	bool asked = false;
	for (size_t i = 0; i < r->n_queries; i++) {
		const struct query *q = &r->queries[i];
		if (q->type == DNS_TYPE_SRV || strcasecmp(q->name, host) != 0)
			continue;
		if (q->n_addr || (q->result != DNS_NXDOMAIN && q->result != DNS_NODATA))
			return false;
		asked = true;
	}
	return asked;
}

/* The first A/AAAA query for host that got a DNS error: then the server, not a record, needs the fix. */
static bool address_error(const struct result *r, const char *host)
{
	for (size_t i = 0; i < r->n_queries; i++)
		if (r->queries[i].type != DNS_TYPE_SRV && dns_result_is_error(r->queries[i].result)
		    && strcasecmp(r->queries[i].name, host) == 0)
			return true;
	return false;
}

static void add_address(const struct result *r, struct hint_fix *f, const char *host)
{
	char zone[SD_HOST_MAX];
	fix_zone(r, host, zone, sizeof zone);
	fix_add_address(f, zone, host, wants_v6(r), NULL);
}

/* A target that does not resolve: its address record, or the record of its CNAME's target. */
static void fix_unresolved(const struct result *r, struct hint *h)
{
	for (size_t i = 0; i < r->n_candidates; i++) {
		const struct candidate *c = &r->candidates[i];
		if ((c->state != CAND_UNRESOLVED && c->state != CAND_SKIPPED_UNRESOLVED) || c->origin == ORIGIN_FALLBACK
		    || !fix_mentions(h->text, c->host))
			continue;
		const struct query *cq = verdict_cname_query(r, c->host);
		if (cq && !address_error(r, cq->cname_target))
			add_address(r, &h->fix, cq->cname_target);
		else if (!cq && !address_error(r, c->host))
			add_address(r, &h->fix, c->host);
	}
}

/*
 * The host an SRV record should point at: a candidate the naming rule allows that connected
 * (with --no-connect: that resolves); with --no-connect also a resolving name of the
 * fallback; else sip.D when the run saw it has no address (it then needs one: *needs_address).
 * NULL: no change can be written without a guess.
 */
static const char *replacement(const struct result *r, uint16_t *port, bool *needs_address, char *buf, size_t n)
{
	*needs_address = false;
	for (size_t i = 0; i < r->n_candidates; i++) {
		const struct candidate *c = &r->candidates[i];
		if (c->state != CAND_USABLE || !c->naming.allowed || c->transport != SD_TLS)
			continue;
		if (r->policy->connect ? result_server_outcome(r, c, NULL) == SERVER_CONNECTED : true) {
			*port = c->port;
			return c->host;
		}
	}
	for (size_t i = 0; !r->policy->connect && i < r->n_queries; i++) {
		const struct query *q = &r->queries[i];
		if (q->role == QUERY_DIAGNOSTIC && q->n_addr && naming_check(r->uri.domain, q->name, r->policy->strict_naming).allowed)
			return q->name;
	}
	fix_format(buf, n, "sip.%s", r->uri.domain);
	if (!known_absent(r, buf))
		return NULL; /* it may exist (not asked, or asked and found): an address record would be a guess */
	*needs_address = true;
	return buf;
}

/* The SRV record that brought c, repointed at a host that works. */
static void repoint(const struct result *r, const struct candidate *c, struct hint_fix *f)
{
	const struct query *q = &r->queries[c->srv_query];
	char buf[SD_QNAME_MAX], zone[SD_HOST_MAX];
	fix_zone(r, q->name, zone, sizeof zone);
	for (size_t k = 0; k < q->n_srv; k++) {
		const struct srv_record *s = &q->srv[k];
		uint16_t port = s->port;
		bool needs_address;
		const char *to = strcasecmp(s->target, c->host) == 0 ? replacement(r, &port, &needs_address, buf, sizeof buf) : NULL;
		if (!to)
			continue;
		struct srv_record next = { s->priority, s->weight, port, "" };
		fix_format(next.target, sizeof next.target, "%s", to);
		bool listed = false; /* the name already points at it: deleting the bad record is the change */
		for (size_t j = 0; j < q->n_srv; j++)
			listed |= strcasecmp(q->srv[j].target, to) == 0 && q->srv[j].port == port;
		fix_delete_srv(f, zone, q->name, s);
		if (!listed)
			fix_add_srv(f, zone, q->name, &next);
		if (needs_address)
			add_address(r, f, to);
	}
}

static void fix_rejected(const struct result *r, struct hint *h)
{
	for (size_t i = 0; i < r->n_candidates; i++) {
		const struct candidate *c = &r->candidates[i];
		if ((c->state == CAND_REJECTED || c->state == CAND_INVALID_NAME) && c->srv_query >= 0
		    && fix_mentions(h->text, c->host))
			repoint(r, c, &h->fix);
	}
}

/* SPEC §4.3: the server found only through the fallback gets the SRV record it stands in for. */
static void fix_no_srv(const struct result *r, struct hint *h)
{
	if (r->server < 0)
		return;
	const struct candidate *c = &r->candidates[r->server];
	char owner[SD_QNAME_MAX], zone[SD_HOST_MAX];
	fix_format(owner, sizeof owner, "%s.%s", c->transport != SD_TLS ? "_sipinternal._tcp" : c->port == 443 ? "_sip._tls"
		 : "_sipinternaltls._tcp", r->uri.domain);
	struct srv_record s = { 0, 0, c->port, "" };
	fix_format(s.target, sizeof s.target, "%s", c->host);
	fix_zone(r, owner, zone, sizeof zone);
	fix_add_srv(&h->fix, zone, owner, &s);
}

/* Whether candidates a and b share an address. */
static bool same_address(const struct result *r, const struct candidate *a, const struct candidate *b)
{
	for (size_t i = 0; i < a->n_addr; i++)
		for (size_t k = 0; k < b->n_addr; k++)
			if (strcmp(r->addrs[a->first_addr + i].text, r->addrs[b->first_addr + k].text) == 0)
				return true;
	return false;
}

/* A certificate: the names of every host the client would reach that server by. */
static void fix_certificate(const struct result *r, struct hint *h)
{
	for (size_t i = 0; i < r->n_candidates; i++) {
		const struct candidate *c = &r->candidates[i];
		if (!fix_mentions(h->text, c->host))
			continue;
		fix_add_certificate_name(&h->fix, c->host);
		for (size_t k = 0; k < r->n_candidates; k++) {
			const struct candidate *o = &r->candidates[k];
			if (o->port == c->port && o->state == CAND_USABLE && o->naming.allowed && same_address(r, c, o))
				fix_add_certificate_name(&h->fix, o->host);
		}
	}
	for (size_t i = 0; i < r->n_autodiscover; i++)
		if (fix_mentions(h->text, r->autodiscover[i].host))
			fix_add_certificate_name(&h->fix, r->autodiscover[i].host);
}

void fix_attach(struct result *r)
{
	for (size_t i = 0; i < r->n_hints; i++) {
		struct hint *h = &r->hints[i];
		switch (h->kind) {
		case HINT_TARGET_UNRESOLVED:
			fix_unresolved(r, h);
			break;
		case HINT_NAMING_REJECTED:
			fix_rejected(r, h);
			break;
		case HINT_NO_SRV:
			fix_no_srv(r, h);
			break;
		case HINT_CERT:
		case HINT_CERT_EXPIRY:
			fix_certificate(r, h);
			break;
		default:
			break;
		}
	}
}
