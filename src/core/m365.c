/* m365.c — SPEC §5.1's Microsoft 365 records: the values Microsoft documents, compared by name. */
#include "m365.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

/* The documented records: "<prefix>.D" of a type, and the value Microsoft 365 gives it. */
static const struct {
	const char *prefix, *type, *target;
	unsigned port;               /* SRV only */
	const char *role;
} documented[] = {
	{ "_sip._tls", "SRV", "sipdir.online.lync.com", 443, "Skype for Business Online SIP directory (_sip._tls)" },
	{ "_sipfederationtls._tcp", "SRV", "sipfed.online.lync.com", 5061, "federation edge (_sipfederationtls._tcp)" },
	{ "sip", "CNAME", "sipdir.online.lync.com", 0, "Skype for Business Online SIP directory (sip CNAME)" },
	{ "lyncdiscover", "CNAME", "webdir.online.lync.com", 0, "autodiscover service (lyncdiscover CNAME)" },
};

#define N_DOCUMENTED (sizeof documented / sizeof documented[0])

/* Whether name is "<prefix>.<domain>". */
static bool named(const char *name, const char *prefix, const char *domain)
{
	size_t pl = strlen(prefix);
	return strncasecmp(name, prefix, pl) == 0 && name[pl] == '.' && strcasecmp(name + pl + 1, domain) == 0;
}

static void add(struct m365_view *v, const char *name, const char *type, const char *value, bool online)
{
	if (v->n == M365_RECORDS)
		return;
	struct m365_record *rec = &v->records[v->n++];
	sd_copy(rec->name, sizeof rec->name, name);
	rec->type = type;
	sd_copy(rec->value, sizeof rec->value, value);
	rec->place = online ? M365_ONLINE : M365_ON_PREMISES;
	v->online += online;
	v->on_premises += !online;
}

static bool already(const struct m365_view *v, const char *name)
{
	for (size_t i = 0; i < v->n; i++)
		if (strcasecmp(v->records[i].name, name) == 0)
			return true;
	return false;
}

/* One query against documented record k. */
static void assess_query(const struct query *q, size_t k, const char *domain, struct m365_view *v)
{
	char value[SD_QNAME_MAX + 8];
	if (!named(q->name, documented[k].prefix, domain) || already(v, q->name))
		return;
	if (documented[k].port) {
		if (q->n_srv == 0)
			return;
		snprintf(value, sizeof value, "%s:%u", q->srv[0].target, q->srv[0].port);
		add(v, q->name, "SRV", value, strcasecmp(q->srv[0].target, documented[k].target) == 0
				  && q->srv[0].port == documented[k].port);
		return;
	}
	if (q->n_cname == 0)
		return;
	add(v, q->name, "CNAME", q->cname_chain[0], strcasecmp(q->cname_chain[0], documented[k].target) == 0);
}

void m365_assess(const struct result *r, struct m365_view *v)
{
	memset(v, 0, sizeof *v);
	for (size_t k = 0; k < N_DOCUMENTED; k++)
		for (size_t i = 0; i < r->n_queries; i++)
			assess_query(&r->queries[i], k, r->uri.domain, v);
	/* The internal SRV names point at an on-premises pool: Microsoft 365 publishes none. */
	for (size_t i = 0; i < r->n_queries; i++) {
		const struct query *q = &r->queries[i];
		char value[SD_QNAME_MAX + 8];
		if (q->role != QUERY_SRV || q->n_srv == 0 || !named(q->name, "_sipinternaltls._tcp", r->uri.domain))
			continue;
		snprintf(value, sizeof value, "%s:%u", q->srv[0].target, q->srv[0].port);
		add(v, q->name, "SRV", value, false);
	}
}

bool m365_hybrid(const struct m365_view *v)
{
	return v->online > 0 && v->on_premises > 0;
}

const char *m365_record_role(const struct result *r, const struct candidate *c)
{
	if (c->origin != ORIGIN_SRV || c->srv_query < 0)
		return NULL;
	const char *qname = r->queries[c->srv_query].name;
	for (size_t k = 0; k < N_DOCUMENTED; k++)
		if (documented[k].port && named(qname, documented[k].prefix, r->uri.domain)
		    && strcasecmp(c->host, documented[k].target) == 0 && c->port == documented[k].port)
			return documented[k].role;
	return NULL;
}

const char *m365_hybrid_text(const struct profile *p)
{
	if (p->naming == NAMING_MODEL_DOMAIN)
		return "Communicator 2007 R2 signs in only on premises: its naming rule rejects Microsoft 365's "
		       "hosts, so users homed online cannot sign in with it";
	if (p->naming == NAMING_MODEL_TRUST)
		return "Lync 2010 and later trust Microsoft 365's domains and sign in wherever the first record they "
		       "reach points; a user homed in the other place is redirected only if the deployment is hybrid "
		       "(shared SIP address space), not if it is half-migrated";
	return "pidgin-sipe applies no naming rule and tries each SRV name's first record in order: a user homed "
	       "in the other place is redirected only if the deployment is hybrid (shared SIP address space)";
}
