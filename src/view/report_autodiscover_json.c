/* report_autodiscover_json.c — the autodiscover stage (SPEC §4.7) in JSON: one object per URL. */
#include "report_autodiscover_json.h"

#include "autodiscover_decide.h"
#include "autodiscover_doc.h"
#include "report_json_parts.h"
#include "report_trust_json.h"

/* report_json_string(s), or null for an empty s. */
static json_t *string_or_null(const char *s)
{
	return s[0] ? report_json_string(s) : json_null();
}

/* The links seen along a's chain and where each followed one led; NULL when out of memory. */
static json_t *links_json(const struct ad_url *a)
{
	json_t *links = json_array();
	bool ok = links != NULL;
	for (size_t i = 0; ok && i < a->n_links; i++) {
		const struct ad_link_seen *l = &a->links[i];
		ok = report_json_append(links, json_pack("{s:o, s:o, s:b, s:i, s:s?}", "token", report_json_string(l->token),
							 "href", report_json_string(l->href), "followed", l->followed,
							 "level", (int)l->level, "led_to",
							 l->followed ? ad_outcome_name(l->led_to) : NULL));
	}
	return report_json_keep_if(ok, links, NULL) ? links : NULL;
}

/* The servers a's document names, with their kind and whether the client uses them; NULL when out of memory. */
static json_t *servers_json(const struct ad_url *a)
{
	json_t *servers = json_array();
	bool ok = servers != NULL;
	for (size_t i = 0; ok && i < a->n_servers; i++) {
		const struct ad_server *s = &a->servers[i];
		ok = report_json_append(servers, json_pack("{s:o, s:i, s:s, s:b}", "fqdn", report_json_string(s->fqdn),
							   "port", (int)s->port, "kind",
							   ad_access_name((enum ad_access_kind)s->kind), "used", s->used));
	}
	return report_json_keep_if(ok, servers, NULL) ? servers : NULL;
}

/* The schemes a 401 offered and its web ticket URL; NULL when out of memory. */
static json_t *auth_json(const struct ad_url *a)
{
	json_t *schemes = json_array();
	bool ok = schemes != NULL;
	for (size_t i = 0; ok && i < a->n_schemes; i++)
		ok = report_json_append(schemes, report_json_string(a->schemes[i]));
	if (!report_json_keep_if(ok, schemes, NULL))
		return NULL;
	return json_pack("{s:o, s:o}", "schemes", schemes, "webticket_url", string_or_null(a->webticket_url));
}

static json_t *url_object(const struct result *r, const struct ad_url *a)
{
	/* tls: the same object as attempts[].tls (SPEC §4.7); cert_action: what the client does with it */
	enum ad_cert_action act = autodiscover_cert_action(r->profile->ad.tls, a->has_tls ? &a->tls : NULL);
	return json_pack("{s:o, s:s?, s:s, s:o, s:o, s:o, s:s?, s:o, s:o, s:o, s:b, s:b, s:i, s:o, s:o}", "url",
			 report_json_string(a->url), "address", a->address[0] ? a->address : NULL, "outcome",
			 ad_outcome_name(a->outcome), "status", a->status ? json_integer(a->status) : json_null(),
			 "content_type", string_or_null(a->content_type), "tls",
			 a->has_tls ? report_json_tls(&a->tls) : json_null(), "cert_action",
			 act == AD_CERT_NONE ? NULL : ad_cert_action_name(act), "links", links_json(a), "servers",
			 servers_json(a), "auth", auth_json(a), "needed", a->needed, "winner", a->winner, "ms", (int)a->ms,
			 "final_url", report_json_string(a->final_url), "detail", string_or_null(a->detail));
}

/* url_object with the hop's via and from (SPEC §4.7: null on the first URLs); NULL when out of memory. */
static json_t *entry_object(const struct result *r, const struct ad_url *a)
{
	json_t *o = url_object(r, a);
	o = report_json_set(o, "via", ad_is_hop(a) ? report_json_string(a->via) : json_null());
	return report_json_set(o, "from", ad_is_hop(a) ? json_integer((json_int_t)a->from) : json_null());
}

json_t *report_autodiscover_json(const struct result *r)
{
	json_t *arr = json_array();
	bool ok = arr != NULL;
	for (size_t i = 0; ok && i < r->n_autodiscover; i++)
		ok = report_json_append(arr, report_trust_if_rejected(entry_object(r, &r->autodiscover[i]),
									      r->autodiscover[i].if_rejected));
	return report_json_keep_if(ok, arr, NULL) ? arr : NULL;
}
