/* verdict_tcp.c — the hint for a client that signs in over clear-text TCP (SPEC §4.2, §6). Pure. */
#include "verdict_tcp.h"

enum sd_status verdict_tcp_hint(struct result *r)
{
	const struct candidate *tcp = &r->candidates[r->server];
	const char *d = r->uri.domain;
	for (const struct candidate *c = r->candidates; c < tcp; c++)
		if (c->transport == SD_TLS) /* a TLS candidate came first and did not work: that is what to fix */
			return result_hint(r, HINT_TCP_SKIPPED,
					   "The client settles for clear-text TCP (%s:%u) because the TLS candidates "
					   "before it (first %s:%u, %s) do not work: fix them (see the other hints) so "
					   "that it signs in over TLS.",
					   tcp->host, tcp->port, c->host, c->port, candidate_state_name(c->state));
	for (size_t i = 0; i < r->n_queries; i++) {
		const struct query *q = &r->queries[i];
		if (q->role == QUERY_SRV && q->srv_index >= 0 && r->profile->srv[q->srv_index].transport == SD_TLS
		    && dns_result_is_error(q->result))
			return result_hint(r, HINT_TCP_SKIPPED,
					   "The client settles for clear-text TCP (%s:%u): the query for %s got %s, so "
					   "TLS records may exist but were not seen; fix the DNS server, then check again.",
					   tcp->host, tcp->port, q->name, dns_result_name(q->result));
	}
	return result_hint(r, HINT_TCP_SKIPPED,
			   "The client signs in over clear-text TCP (%s:%u): no TLS server is published; publish "
			   "_sipinternaltls._tcp.%s pointing at the pool's TLS listener so that it uses TLS.",
			   tcp->host, tcp->port, d);
}
