/* kerberos_plan.c — the realm, the KDC queries of stage 1, the KDC list and the principals (SPEC §9). */
#include "kerberos_plan.h"

#include "plan.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void kerberos_prepare(struct result *r)
{
	struct krb_report *k = &r->krb;
	k->requested = r->policy->kerberos;
	if (!k->requested)
		return;
	const char *realm = r->policy->krb_realm && r->policy->krb_realm[0] ? r->policy->krb_realm : r->uri.domain;
	k->realm_from_option = realm != r->uri.domain;
	size_t i = 0;
	for (; realm[i] && i + 1 < sizeof k->realm; i++)
		k->realm[i] = (char)(k->realm_from_option ? realm[i] : toupper((unsigned char)realm[i]));
	k->realm[i] = '\0';
	sd_copy(k->user, sizeof k->user, r->policy->krb_user && r->policy->krb_user[0] ? r->policy->krb_user : r->uri.user);
}

enum sd_status kerberos_plan_srv(struct result *r)
{
	const struct krb_report *k = &r->krb;
	if (!k->requested || k->kdcs_configured)
		return SD_OK;
	char names[3][SD_QNAME_MAX];
	snprintf(names[KRB_SRV_TCP], sizeof names[0], "_kerberos._tcp.%s", k->realm);
	snprintf(names[KRB_SRV_UDP], sizeof names[0], "_kerberos._udp.%s", k->realm);
	snprintf(names[KRB_SRV_MSDCS], sizeof names[0], "_kerberos._tcp.dc._msdcs.%s", r->uri.domain);
	for (int i = 0; i < 3; i++) {
		struct query *q = result_add_query(r, names[i], DNS_TYPE_SRV, QUERY_KERBEROS, STAGE_SRV);
		if (!q)
			return SD_ERR_NOMEM;
		q->srv_index = i;
	}
	return SD_OK;
}

/* Whether a QUERY_KERBEROS query already gave host an address (the additional section, or its own A/AAAA). */
static bool kdc_address(const struct result *r, const char *host, char *out, size_t n)
{
	for (size_t i = 0; i < r->n_queries; i++) {
		const struct query *q = &r->queries[i];
		if (q->role != QUERY_KERBEROS)
			continue;
		for (size_t j = 0; j < q->n_addr; j++)
			if (strcasecmp(q->addr[j].owner, host) == 0) {
				if (out)
					sd_copy(out, n, q->addr[j].text);
				return true;
			}
	}
	return false;
}

static bool kdc_queued(const struct result *r, const char *host)
{
	for (size_t i = 0; i < r->n_queries; i++)
		if (r->queries[i].role == QUERY_KERBEROS && r->queries[i].type != DNS_TYPE_SRV
		    && strcasecmp(r->queries[i].name, host) == 0)
			return true;
	return false;
}

enum sd_status kerberos_plan_addresses(struct result *r)
{
	size_t n = r->n_queries; /* the queries this adds are no SRV queries */
	for (size_t i = 0; i < n; i++) {
		const struct query *q = &r->queries[i];
		if (q->role != QUERY_KERBEROS || q->type != DNS_TYPE_SRV || q->srv_index == KRB_SRV_MSDCS)
			continue;
		for (size_t j = 0; j < q->n_srv; j++) {
			char host[SD_HOST_MAX];
			sd_copy(host, sizeof host, r->queries[i].srv[j].target);
			if (strcmp(host, ".") == 0 || kdc_address(r, host, NULL, 0) || kdc_queued(r, host))
				continue;
			enum sd_status st = plan_address_queries(&r->queries, &r->n_queries, r->policy->family, host,
								 QUERY_KERBEROS, STAGE_ADDRESS, 0);
			if (st != SD_OK)
				return st;
		}
	}
	return SD_OK;
}

static int srv_order(const void *a, const void *b)
{
	const struct srv_record *x = a, *y = b;
	return x->priority != y->priority ? (int)x->priority - (int)y->priority : (int)y->weight - (int)x->weight;
}

static void add_kdcs(struct result *r, const struct query *q)
{
	struct krb_report *k = &r->krb;
	struct srv_record rec[KRB_KDCS_MAX];
	size_t n = q->n_srv < KRB_KDCS_MAX ? q->n_srv : KRB_KDCS_MAX;
	if (n)
		memcpy(rec, q->srv, n * sizeof *rec);
	qsort(rec, n, sizeof *rec, srv_order);
	for (size_t j = 0; j < n && k->n_kdcs < KRB_KDCS_MAX; j++) {
		if (strcmp(rec[j].target, ".") == 0)
			continue;
		struct krb_kdc *d = &k->kdcs[k->n_kdcs++];
		sd_copy(d->host, sizeof d->host, rec[j].target);
		d->port = rec[j].port;
		d->tcp = q->srv_index == KRB_SRV_TCP;
		kdc_address(r, d->host, d->address, sizeof d->address);
	}
}

void kerberos_collect_kdcs(struct result *r)
{
	if (!r->krb.requested || r->krb.kdcs_configured)
		return;
	for (int want = KRB_SRV_TCP; want <= KRB_SRV_UDP; want++)
		for (size_t i = 0; i < r->n_queries; i++)
			if (r->queries[i].role == QUERY_KERBEROS && r->queries[i].type == DNS_TYPE_SRV
			    && r->queries[i].srv_index == want)
				add_kdcs(r, &r->queries[i]);
}

bool kerberos_principal_name(const char *targetname, const char *realm, char *out, size_t n)
{
	int len = strchr(targetname, '@') ? snprintf(out, n, "%s", targetname) : snprintf(out, n, "%s@%s", targetname, realm);
	return len > 0 && (size_t)len < n;
}

struct krb_principal *kerberos_add_principal(struct result *r, const char *name, enum krb_source source,
					     const char *asked_by, bool offers_fallback)
{
	struct krb_report *k = &r->krb;
	for (size_t i = 0; i < k->n_principals; i++)
		if (strcasecmp(k->principals[i].name, name) == 0)
			return NULL; /* SPEC §9: each targetname checked once */
	if (k->n_principals == KRB_PRINCIPALS_MAX)
		return NULL;
	struct krb_principal *p = &k->principals[k->n_principals++];
	memset(p, 0, sizeof *p);
	sd_copy(p->name, sizeof p->name, name);
	p->source = source;
	sd_copy(p->asked_by, sizeof p->asked_by, asked_by);
	p->offers_fallback = offers_fallback;
	p->kdc_error = -1;
	p->kvno = -1;
	return p;
}

/* Whether the challenges of one answer offer a scheme the client falls back to: NTLM or TLS-DSK. */
static bool offers_fallback(const struct sip_response *resp)
{
	for (size_t i = 0; i < resp->n_challenges; i++) {
		const char *s = sip_scheme_name(resp->challenges[i].scheme);
		if (strcmp(s, "NTLM") == 0 || strcmp(s, "TLS-DSK") == 0)
			return true;
	}
	return false;
}

static void sip_principals(struct result *r, const struct attempt *a)
{
	const struct sip_response *resp = &a->sip->response;
	const char *host = r->candidates[a->candidate].host;
	for (size_t i = 0; i < resp->n_challenges; i++) {
		const struct sip_challenge *c = &resp->challenges[i];
		char name[KRB_NAME_MAX];
		if (strcmp(sip_scheme_name(c->scheme), "Kerberos") == 0 && c->targetname[0]
		    && kerberos_principal_name(c->targetname, r->krb.realm, name, sizeof name))
			kerberos_add_principal(r, name, KRB_SRC_TARGETNAME, host, offers_fallback(resp));
	}
}

/* The host of an http(s) URL, cut at the port or path. */
static void url_host(const char *url, char *host, size_t n)
{
	const char *p = strstr(url, "://");
	p = p ? p + 3 : url;
	size_t len = strcspn(p, ":/?#");
	if (len >= n)
		len = n - 1;
	memcpy(host, p, len);
	host[len] = '\0';
}

static void http_principals(struct result *r, const struct ad_url *u)
{
	bool negotiate = false;
	for (size_t i = 0; i < u->n_schemes; i++)
		negotiate |= strcasecmp(u->schemes[i], "Negotiate") == 0;
	if (u->status != 401 || !negotiate)
		return;
	char host[SD_HOST_MAX], name[KRB_NAME_MAX];
	url_host(u->final_url[0] ? u->final_url : u->url, host, sizeof host);
	snprintf(name, sizeof name, "HTTP/%s@%s", host, r->krb.realm);
	kerberos_add_principal(r, name, KRB_SRC_AUTODISCOVER, host, true); /* SPNEGO falls back to NTLM */
}

void kerberos_collect_principals(struct result *r)
{
	if (!r->krb.requested)
		return;
	for (size_t i = 0; i < r->n_attempts; i++)
		if (r->attempts[i].sip && r->attempts[i].sip->answered)
			sip_principals(r, &r->attempts[i]);
	for (size_t i = 0; i < r->n_autodiscover; i++)
		http_principals(r, &r->autodiscover[i]);
}
