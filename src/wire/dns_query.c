/* dns_query.c — names of a query's answer classes and freeing an answer. */
#include "dns_query.h"

#include <stdlib.h>

static const char *const dns_result_names[] = {
	[DNS_ANSWER] = "answer", [DNS_NODATA] = "nodata", [DNS_NXDOMAIN] = "nxdomain",
	[DNS_SERVFAIL] = "servfail", [DNS_REFUSED] = "refused", [DNS_TIMEOUT] = "timeout",
	[DNS_SKIPPED] = "skipped", [DNS_ERROR] = "error", [DNS_PENDING] = "pending",
};

const char *dns_result_name(enum dns_result r)
{
	return dns_result_names[r];
}

const char *query_type_name(uint16_t type)
{
	return type == DNS_TYPE_SRV ? "SRV" : type == DNS_TYPE_A ? "A" : type == DNS_TYPE_AAAA ? "AAAA" : "?";
}

bool dns_result_is_error(enum dns_result r)
{
	return r == DNS_SERVFAIL || r == DNS_REFUSED || r == DNS_TIMEOUT || r == DNS_ERROR;
}

const char *addr_source_name(enum addr_source s)
{
	static const char *const names[] = {
		[ADDR_FROM_QUERY] = "query", [ADDR_FROM_ADDITIONAL] = "additional", [ADDR_LITERAL] = "literal",
	};
	return names[s];
}

struct query *query_list_add(struct query **qs, size_t *n, const char *name, uint16_t type, enum query_role role,
			     enum dns_stage stage)
{
	struct query *q = SD_PUSH(*qs, *n);
	if (!q)
		return NULL;
	sd_copy(q->name, sizeof q->name, name);
	q->type = type;
	q->role = role;
	q->stage = stage;
	q->srv_index = -1;
	q->result = DNS_PENDING;
	return q;
}

const char *query_servers_failed_text(const struct query *q, char *buf, size_t n)
{
	size_t len = 0;
	if (n)
		buf[0] = '\0';
	for (size_t i = 0; i < q->n_servers_failed; i++)
		str_appendf(buf, n, &len, "%s%s %s", i ? ", " : "", q->servers_failed[i].server, q->servers_failed[i].what);
	return buf;
}

const char *query_cname_chain_text(const struct query *q, char *buf, size_t n)
{
	size_t len = 0;
	if (n)
		buf[0] = '\0';
	for (unsigned i = 0; i < q->n_cname; i++)
		str_appendf(buf, n, &len, "%s%s", i ? " " : "", q->cname_chain[i]);
	return buf;
}

void query_clear(struct query *q)
{
	SD_CLEAR(q->srv, q->n_srv);
	SD_CLEAR(q->addr, q->n_addr);
	free(q->raw);
	q->raw = NULL;
}

void query_add_server_failure(struct query *q, const char *server, const char *what)
{
	if (q->n_servers_failed >= SD_DNS_MAX_SERVERS)
		return;
	struct server_failure *sf = &q->servers_failed[q->n_servers_failed++];
	sd_copy(sf->server, sizeof sf->server, server);
	sd_copy(sf->what, sizeof sf->what, what);
}
