/* report_trust_json.c — JSON for the trust model, the prompt and Microsoft 365 (SPEC §5.1, §6). */
#include "report_trust_json.h"

#include "m365.h"
#include "prompt.h"
#include "report_json_parts.h"

static const char *model_name(enum naming_model m)
{
	static const char *const names[] = { [NAMING_MODEL_NONE] = "none", [NAMING_MODEL_DOMAIN] = "domain-rule",
					      [NAMING_MODEL_TRUST] = "trust-model" };
	return names[m];
}

json_t *report_trust_policy_json(json_t *o, const struct result *r)
{
	const struct trust_list *l = &r->policy->trusted;
	json_t *a = json_array();
	bool ok = a != NULL;
	for (size_t i = 0; ok && i < l->n; i++)
		ok = report_json_append(a, json_string(l->domains[i]));
	if (!report_json_keep_if(ok, a, NULL)) {
		json_decref(o);
		return NULL;
	}
	o = o ? report_json_set(o, "naming_model", json_string(model_name(r->profile->naming))) : NULL;
	return o ? report_json_set(o, "trusted_domains", a) : (json_decref(a), NULL);
}

static json_t *prompt_json(const struct result *r)
{
	const struct prompt *p = &r->prompt;
	if (p->kind == PROMPT_NONE)
		return json_null();
	const struct candidate *c = p->candidate >= 0 ? &r->candidates[p->candidate] : NULL;
	json_t *o = json_pack("{s:s, s:o, s:s, s:o, s:o}", "kind", prompt_kind_name(p->kind), "host",
			      report_json_string(p->host), "why", p->why, "attempt",
			      p->attempt >= 0 ? json_integer(p->attempt) : json_null(), "autodiscover",
			      p->ad_url >= 0 ? json_integer(p->ad_url) : json_null());
	return o ? report_json_set(o, "port", c ? json_integer(c->port) : json_null()) : NULL;
}

static json_t *m365_json(const struct result *r)
{
	static const char *const places[] = { [M365_NOT_SEEN] = "not-seen", [M365_ONLINE] = "microsoft365",
					       [M365_ON_PREMISES] = "on-premises" };
	struct m365_view v;
	m365_assess(r, &v);
	json_t *a = json_array();
	bool ok = a != NULL;
	for (size_t i = 0; ok && i < v.n; i++)
		ok = report_json_append(a, json_pack("{s:s, s:s, s:s, s:s}", "name", v.records[i].name, "type",
						     v.records[i].type, "value", v.records[i].value, "place",
						     places[v.records[i].place]));
	if (!report_json_keep_if(ok, a, NULL))
		return NULL;
	return json_pack("{s:o, s:b}", "records", a, "hybrid", m365_hybrid(&v));
}

json_t *report_trust_result_json(json_t *o, const struct result *r)
{
	o = o ? report_json_set(o, "prompt", prompt_json(r)) : NULL;
	return o ? report_json_set(o, "microsoft365", m365_json(r)) : NULL;
}

json_t *report_trust_if_rejected(json_t *o, bool flag)
{
	return o && flag ? report_json_set(o, "if_rejected", json_true()) : o;
}
