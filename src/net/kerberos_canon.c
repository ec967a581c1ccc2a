/* kerberos_canon.c — sipe's canonicalised service names: one A query per targetname host. */
#include "kerberos_canon.h"

#include "deadline.h"
#include "dns.h"
#include "kerberos_plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The host of "sip/HOST@REALM", or false for another form. */
static bool sip_host(const char *name, char *host, size_t n)
{
	if (strncasecmp(name, "sip/", 4) != 0)
		return false;
	sd_copy(host, n, name + 4);
	host[strcspn(host, "@")] = '\0';
	return host[0] != '\0';
}

static enum sd_status add_canonical(struct result *r, const struct query *q)
{
	const struct krb_report *k = &r->krb;
	for (size_t i = 0; i < k->n_principals; i++) {
		const struct krb_principal *p = &k->principals[i];
		char host[SD_HOST_MAX], name[KRB_NAME_MAX];
		if (p->source != KRB_SRC_TARGETNAME || !sip_host(p->name, host, sizeof host) || strcasecmp(host, q->name) != 0
		    || q->n_cname == 0 || strcasecmp(q->cname_target, host) == 0)
			continue;
		char canon[SD_HOST_MAX];
		sd_copy(canon, sizeof canon, q->cname_target);
		size_t len = strlen(canon);
		if (len && canon[len - 1] == '.')
			canon[len - 1] = '\0';
		snprintf(name, sizeof name, "sip/%s@%s", canon, k->realm);
		struct krb_principal *c = kerberos_add_principal(r, name, KRB_SRC_SIPE, p->asked_by, p->offers_fallback);
		if (c)
			sd_copy(c->canonical_from, sizeof c->canonical_from, host);
		return SD_OK;
	}
	return SD_OK;
}

enum sd_status kerberos_canonical_names(struct result *r, const struct dns_servers *dns)
{
	if (strcmp(r->profile->name, "sipe") != 0)
		return SD_OK;
	struct query *qs = NULL;
	size_t n = 0;
	size_t count = r->krb.n_principals;
	for (size_t i = 0; i < count; i++) {
		char host[SD_HOST_MAX];
		if (r->krb.principals[i].source == KRB_SRC_TARGETNAME && sip_host(r->krb.principals[i].name, host, sizeof host)
		    && !query_list_add(&qs, &n, host, DNS_TYPE_A, QUERY_KERBEROS, STAGE_DIAGNOSTIC)) {
			for (size_t j = 0; j < n; j++)
				query_clear(&qs[j]);
			free(qs);
			return SD_ERR_NOMEM;
		}
	}
	enum sd_status st = SD_OK;
	unsigned timeout = deadline_step_ms(r);
	if (n && timeout)
		st = dns_stage_run(dns, qs, n, STAGE_DIAGNOSTIC, r->dns_servers, &r->n_dns_servers, timeout, false);
	if (st != SD_ERR_NOMEM)
		st = SD_OK; /* a query that could not be sent leaves the name as the server sent it */
	for (size_t j = 0; j < n; j++) {
		if (st == SD_OK)
			st = add_canonical(r, &qs[j]);
		query_clear(&qs[j]);
	}
	free(qs);
	return st;
}
