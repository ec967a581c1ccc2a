/* result_lookup.c — the addresses a result's answers hold for a host. */
#include "result_lookup.h"

#include "ipaddr.h"

#include <string.h>
#include <strings.h>

bool result_literal_address(const char *host, struct address *a)
{
	int family = ipaddr_family(host);
	if (!family)
		return false;
	memset(a, 0, sizeof *a);
	sd_copy(a->owner, sizeof a->owner, host);
	sd_copy(a->text, sizeof a->text, host);
	a->family = family;
	a->source = ADDR_LITERAL;
	a->query = -1;
	return true;
}

static bool family_wanted(const struct policy *pol, int family)
{
	return pol->family == FAMILY_ANY || (pol->family == FAMILY_V4) == ipaddr_is_v4(family);
}

/* Whether out[0..n) holds text already. */
static bool listed(const struct address *out, size_t n, const char *text)
{
	for (size_t k = 0; k < n; k++)
		if (strcmp(out[k].text, text) == 0)
			return true;
	return false;
}

size_t result_addresses_for(const struct result *r, const char *host, struct address *out, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < r->n_queries; i++) {
		const struct query *q = &r->queries[i];
		if (q->role == QUERY_AUTODISCOVER || q->role == QUERY_DIAGNOSTIC || q->role == QUERY_FEDERATION
		    || q->role == QUERY_KERBEROS)
			continue;
		for (size_t j = 0; j < q->n_addr && n < max; j++)
			if (strcasecmp(q->addr[j].owner, host) == 0 && family_wanted(r->policy, q->addr[j].family)
			    && !listed(out, n, q->addr[j].text))
				out[n++] = q->addr[j];
	}
	return n;
}
