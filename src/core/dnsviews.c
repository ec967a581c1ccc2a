/* dnsviews.c — SPEC §7.2: what differs between two DNS views, and the split-brain mistakes it shows. */
#include "dnsviews.h"

#include "exposure.h"
#include "fix.h"
#include "fix_lines.h"
#include "ipaddr.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define ITEMS_MAX 32

static int cmp_text(const void *a, const void *b)
{
	return strcmp(a, b);
}

void dnsviews_answer_text(const struct query *q, char *buf, size_t n)
{
	char items[ITEMS_MAX][SD_QNAME_MAX];
	size_t k = 0, len = (size_t)snprintf(buf, n, "%s", dns_result_name(q->result));
	if (q->n_cname && len < n)
		len += (size_t)snprintf(buf + len, n - len, " CNAME %s", q->cname_chain[0]);
	for (size_t i = 0; i < q->n_srv && k < ITEMS_MAX; i++, k++)
		snprintf(items[k], sizeof items[k], "%u %u %u %s", q->srv[i].priority, q->srv[i].weight, q->srv[i].port,
			 q->srv[i].target);
	for (size_t i = 0; i < q->n_addr && k < ITEMS_MAX; i++)
		if (q->addr[i].source == ADDR_FROM_QUERY)
			snprintf(items[k++], sizeof items[0], "%s", q->addr[i].text);
		else /* SPEC §4.5: an SRV target's address from the additional section is used as it is */
			fix_format(items[k++], sizeof items[0], "%s has %s", q->addr[i].owner, q->addr[i].text);
	qsort(items, k, sizeof items[0], cmp_text);
	for (size_t i = 0; i < k && len < n; i++)
		len += (size_t)snprintf(buf + len, n - len, "%s%s", i ? ", " : " ", items[i]);
}

static const struct query *find_query(const struct result *r, const struct query *q)
{
	for (size_t i = 0; i < r->n_queries; i++)
		if (r->queries[i].type == q->type && strcasecmp(r->queries[i].name, q->name) == 0)
			return &r->queries[i];
	return NULL;
}

static enum sd_status add_diff(struct views *v, const struct query *q, const char *first, const char *second)
{
	struct view_diff *d = SD_PUSH(v->diffs, v->n_diffs);
	if (!d)
		return SD_ERR_NOMEM;
	fix_format(d->name, sizeof d->name, "%s", q->name);
	d->type = q->type;
	fix_format(d->first, sizeof d->first, "%s", first);
	fix_format(d->second, sizeof d->second, "%s", second);
	return SD_OK;
}

static bool answered(const struct query *q)
{
	return q && q->result == DNS_ANSWER;
}

static bool absent(const struct query *q)
{
	return q && (q->result == DNS_NXDOMAIN || q->result == DNS_NODATA);
}

/* Adds a hint with its fix to r (each text once). */
static enum sd_status hint_with_fix(struct result *r, enum hint_kind kind, const char *text, const struct hint_fix *fix)
{
	enum sd_status st = result_hint(r, kind, "%s", text);
	struct hint *h = st == SD_OK ? exposure_find_hint(r, text) : NULL;
	if (h && fix && fix_empty(&h->fix))
		h->fix = *fix;
	return st;
}

/* What the clients of lacking's view do instead, as observed; for a record sign-in does not use,
 * what that record is for (SPEC §5.2 federation, §9 Kerberos). */
static void consequence(const struct result *lacking, const struct query *has, char *buf, size_t n)
{
	if (has->role == QUERY_FEDERATION)
		fix_format(buf, n, "cannot find the domain's Access Edge through it (federation, SPEC 5.2; sign-in does "
			   "not use this record)");
	else if (has->role == QUERY_KERBEROS)
		fix_format(buf, n, "find no KDC for the realm through it (Kerberos; sign-in does not use this record)");
	else if (lacking->server >= 0)
		fix_format(buf, n, "sign in through %s:%u instead", lacking->candidates[lacking->server].host,
			 lacking->candidates[lacking->server].port);
	else
		fix_format(buf, n, "find no server at all");
}

/* SPEC §7.2: a record one view has and the other lacks (never an internal-only name). */
static enum sd_status hint_missing(struct result *r, const struct query *has, const char *has_name,
				   const struct result *lacking, const char *lacking_name)
{
	if (exposure_internal_only(has->name, r->uri.domain) || has->role == QUERY_DIAGNOSTIC)
		return SD_OK; /* a report-only lookup: the client never asks it */
	char answer[512], then[SD_QNAME_MAX + 64], text[sizeof r->hints[0].text], zone[SD_HOST_MAX];
	struct hint_fix fix = { 0 };
	dnsviews_answer_text(has, answer, sizeof answer);
	consequence(lacking, has, then, sizeof then);
	fix_zone(lacking, has->name, zone, sizeof zone);
	if (has->n_cname)
		fix_add_cname(&fix, zone, has->name, has->cname_chain[0]);
	for (size_t i = 0; !has->n_cname && i < has->n_srv; i++)
		fix_add_srv(&fix, zone, has->name, &has->srv[i]);
	if (!has->n_cname && has->type != DNS_TYPE_SRV)
		fix_add_address(&fix, zone, has->name, has->type == DNS_TYPE_AAAA, NULL);
	fix_format(text, sizeof text, "%s %s exists in the view of %s (%s) but not in the view of %s: clients that ask "
		 "%s %s. Publish it in the zone that server answers from%s.", has->name, query_type_name(has->type),
		 has_name, answer, lacking_name, lacking_name, then,
		 has->type == DNS_TYPE_SRV || has->n_cname ? "" : " (its address for those clients: ADDRESS)");
	return hint_with_fix(r, HINT_VIEW_MISSING, text, &fix);
}

/* Lists into buf (each once) the addresses r's answers gave host; private ones only when private_only. */
static size_t host_addresses(const struct result *r, const char *host, bool private_only, char *buf, size_t n, size_t len)
{
	for (size_t i = 0; i < r->n_queries; i++)
		for (size_t k = 0; k < r->queries[i].n_addr && len < n; k++) {
			const struct address *a = &r->queries[i].addr[k];
			if (strcasecmp(a->owner, host) != 0 || (private_only && !ipaddr_private_range(a->text))
			    || strstr(buf, a->text))
				continue;
			len += (size_t)snprintf(buf + len, n - len, "%s%s", len ? ", " : "", a->text);
		}
	return len;
}

/* The private addresses an answer leads to (its own, or its SRV targets'), listed into buf. */
static bool private_behind(const struct result *r, const struct query *q, char *buf, size_t n)
{
	size_t len = 0;
	buf[0] = '\0';
	if (q->type != DNS_TYPE_SRV)
		len = host_addresses(r, q->name, true, buf, n, len);
	for (size_t k = 0; k < q->n_srv; k++)
		len = host_addresses(r, q->srv[k].target, true, buf, n, len);
	return len > 0;
}

/* The fix that deletes every record of q's answer. */
static void delete_records(struct hint_fix *fix, const char *zone, const struct query *q)
{
	for (size_t k = 0; k < q->n_srv; k++)
		fix_delete_srv(fix, zone, q->name, &q->srv[k]);
	for (size_t k = 0; q->type != DNS_TYPE_SRV && k < q->n_addr; k++)
		if (q->addr[k].source == ADDR_FROM_QUERY)
			fix_delete_address(fix, zone, q->name, q->type == DNS_TYPE_AAAA, q->addr[k].text);
}

/* SPEC §7.2: an internal-only record both views publish, leading to a private address in one or both. */
static enum sd_status hint_leak(struct result *r, const struct query *q, const struct query *o)
{
	const struct views *v = r->views;
	char mine[256], theirs[256], where[1024], text[sizeof r->hints[0].text], zone[SD_HOST_MAX];
	if (!exposure_internal_only(q->name, r->uri.domain) || !answered(q) || !answered(o))
		return SD_OK;
	bool in_first = private_behind(r, q, mine, sizeof mine), in_second = private_behind(&v->other, o, theirs, sizeof theirs);
	if (!in_first && !in_second)
		return SD_OK;
	if (in_first && in_second)
		fix_format(where, sizeof where, "%s in the view of %s and %s in the view of %s: if one of these servers "
			   "answers Internet clients", mine, v->names[0], theirs, v->names[1]);
	else
		fix_format(where, sizeof where, "%s in the view of %s: if that server answers Internet clients",
			   in_first ? mine : theirs, v->names[in_first ? 0 : 1]);
	struct hint_fix fix = { 0 };
	fix_zone(in_first ? r : &v->other, q->name, zone, sizeof zone);
	delete_records(&fix, zone, in_first ? q : o);
	fix_format(text, sizeof text, "%s, a name only internal clients use, is published in both views and leads to "
		   "the private address %s (an Internet client that gets it waits on that address until it times out "
		   "before it tries the Edge), delete the record there.", q->name, where);
	return hint_with_fix(r, HINT_VIEW_INTERNAL_LEAK, text, &fix);
}

/* SPEC §7.2: the same candidate host leads to different addresses in the two views. */
static enum sd_status hint_server_differs(struct result *r, const struct candidate *c)
{
	const struct views *v = r->views;
	char a[256] = "", b[256] = "", text[sizeof r->hints[0].text];
	bool both = false;
	for (size_t i = 0; i < v->other.n_candidates; i++)
		both |= strcasecmp(v->other.candidates[i].host, c->host) == 0;
	if (!both || !host_addresses(r, c->host, false, a, sizeof a, 0)
	    || !host_addresses(&v->other, c->host, false, b, sizeof b, 0) || strcmp(a, b) == 0)
		return SD_OK;
	struct hint_fix fix = { 0 };
	fix_add_certificate_name(&fix, c->host);
	fix_format(text, sizeof text, "%s leads to different servers: %s in the view of %s, %s in the view of %s. "
		   "Only the first view's server can be checked from here (the second view makes no connection): the "
		   "certificate of each must carry the name below.", c->host, a, v->names[0], b, v->names[1]);
	return hint_with_fix(r, HINT_VIEW_SERVER_DIFFERS, text, &fix);
}

/* One query of the first view against the second: the difference and its hints. */
static enum sd_status compare_query(struct result *r, const struct query *q)
{
	struct views *v = r->views;
	const struct query *o = find_query(&v->other, q);
	char a[512], b[512];
	dnsviews_answer_text(q, a, sizeof a);
	if (o)
		dnsviews_answer_text(o, b, sizeof b);
	else
		snprintf(b, sizeof b, "not asked");
	enum sd_status st = hint_leak(r, q, o);
	if (st != SD_OK || strcmp(a, b) == 0)
		return st;
	if ((st = add_diff(v, q, a, b)) != SD_OK)
		return st;
	if (answered(q) && absent(o))
		return hint_missing(r, q, v->names[0], &v->other, v->names[1]);
	if (answered(o) && absent(q))
		return hint_missing(r, o, v->names[1], r, v->names[0]);
	return SD_OK;
}

enum sd_status dnsviews_compare(struct result *r)
{
	struct views *v = r->views;
	enum sd_status st = SD_OK;
	for (size_t i = 0; i < r->n_queries && st == SD_OK; i++)
		if (find_query(r, &r->queries[i]) == &r->queries[i]) /* each name and type once */
			st = compare_query(r, &r->queries[i]);
	for (size_t i = 0; i < r->n_candidates && st == SD_OK; i++)
		st = hint_server_differs(r, &r->candidates[i]);
	for (size_t i = 0; i < v->other.n_queries && st == SD_OK; i++) {
		const struct query *o = &v->other.queries[i];
		char b[512];
		if (find_query(r, o) || find_query(&v->other, o) != o)
			continue;
		dnsviews_answer_text(o, b, sizeof b);
		st = add_diff(v, o, "not asked", b);
	}
	for (size_t i = 0; i < v->other.n_hints && st == SD_OK; i++) /* the second view's own exposure */
		if (v->other.hints[i].kind == HINT_PRIVATE_ADDRESS) {
			char text[sizeof r->hints[0].text];
			fix_format(text, sizeof text, "In the view of %s, %s", v->names[1], v->other.hints[i].text);
			st = hint_with_fix(r, HINT_PRIVATE_ADDRESS, text, &v->other.hints[i].fix);
		}
	v->first_status = r->status;
	snprintf(v->first_reason, sizeof v->first_reason, "%s", r->reason);
	if (st == SD_OK && sd_verdict_worst(r->status, v->other.status) != r->status) {
		r->status = sd_verdict_worst(r->status, v->other.status);
		size_t n = strlen(r->reason);
		snprintf(r->reason + n, sizeof r->reason - n, "; in the view of %s: %s: %s", v->names[1],
			 sd_verdict_name(v->other.status), v->other.reason);
	}
	return st;
}
