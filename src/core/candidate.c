/* candidate.c — a host to try, added to a result with the addresses the run found for it. */
#include "candidate.h"

#include "result_lookup.h"

#define MAX_ADDRS_PER_HOST 32

struct candidate *candidate_add(struct result *r, const char *host, uint16_t port, enum sd_transport t,
				enum candidate_origin origin)
{
	struct candidate *c = SD_PUSH(r->candidates, r->n_candidates);
	if (!c)
		return NULL;
	sd_copy(c->host, sizeof c->host, host);
	c->port = port;
	c->transport = t;
	c->origin = origin;
	c->srv_query = -1;
	c->priority = c->weight = -1;
	c->naming = candidate_naming(r, host);
	return c;
}

struct naming_verdict candidate_naming(const struct result *r, const char *host)
{
	return naming_judge(r->profile->naming, r->uri.domain, host, r->policy->strict_naming, &r->policy->trusted);
}

enum sd_status candidate_resolve(struct result *r, struct candidate *c, bool only_if_resolves)
{
	struct address found[MAX_ADDRS_PER_HOST];
	size_t n = result_literal_address(c->host, &found[0]) ? 1
		   : result_addresses_for(r, c->host, found, MAX_ADDRS_PER_HOST);
	c->first_addr = r->n_addrs;
	c->n_addr = 0;
	for (size_t i = 0; i < n; i++) {
		struct address *a = SD_PUSH(r->addrs, r->n_addrs);
		if (!a)
			return SD_ERR_NOMEM;
		*a = found[i];
		c->n_addr++;
	}
	if (n > 0)
		c->state = CAND_USABLE;
	else
		c->state = only_if_resolves ? CAND_SKIPPED_UNRESOLVED : CAND_UNRESOLVED;
	return SD_OK;
}
