/* report_json_views.c — hints as objects with their fix-it lines (SPEC §7.1), and the two views
 * of DNS side by side (SPEC §7.2). */
#include "report_json_views.h"

#include "report_json_parts.h"

/* An array of n lines of size width, starting at lines. */
static json_t *lines_json(const char *lines, size_t n, size_t width)
{
	json_t *a = json_array();
	bool ok = a != NULL;
	for (size_t i = 0; ok && i < n; i++)
		ok = report_json_append(a, report_json_string(lines + i * width));
	if (!ok)
		json_decref(a);
	return ok ? a : NULL;
}

json_t *report_json_hint(const struct hint *h)
{
	json_t *o = json_pack("{s:o}", "text", report_json_string(h->text));
	const struct hint_fix *f = &h->fix;
	if (!o || (f->n_zone == 0 && f->n_powershell == 0 && f->n_certificate_names == 0))
		return o;
	json_t *fix = json_pack("{s:o, s:o, s:o}", "zone", lines_json(f->zone[0], f->n_zone, sizeof f->zone[0]),
				"powershell", lines_json(f->powershell[0], f->n_powershell, sizeof f->powershell[0]),
				"certificate_names", lines_json(f->certificate_names[0], f->n_certificate_names,
								sizeof f->certificate_names[0]));
	return report_json_set(o, "fix", fix);
}

/* One view: its DNS servers, queries, candidates, server and status. */
static json_t *view_json(const struct result *r, const char *servers, const struct report_json_builders *b,
			 enum sd_verdict status)
{
	json_t *queries = json_array(), *candidates = json_array();
	bool ok = queries && candidates;
	for (size_t i = 0; ok && i < r->n_queries; i++)
		ok = report_json_append(queries, b->query(&r->queries[i]));
	for (size_t i = 0; ok && i < r->n_candidates; i++)
		ok = report_json_append(candidates, b->candidate(r, &r->candidates[i]));
	if (!report_json_keep_if(ok, queries, candidates))
		return NULL;
	return json_pack("{s:o, s:o, s:o, s:o, s:s, s:o}", "dns_servers", report_json_string(servers), "queries",
			 queries, "candidates", candidates, "server", b->server(r), "status", sd_verdict_name(status),
			 "reason", report_json_string(r->reason));
}

static json_t *differences_json(const struct views *v)
{
	json_t *a = json_array();
	bool ok = a != NULL;
	for (size_t i = 0; ok && i < v->n_diffs; i++) {
		const struct view_diff *d = &v->diffs[i];
		ok = report_json_append(a, json_pack("{s:o, s:s, s:[o, o]}", "name", report_json_string(d->name), "type",
						     query_type_name(d->type), "answers", report_json_string(d->first),
						     report_json_string(d->second)));
	}
	if (!ok)
		json_decref(a);
	return ok ? a : NULL;
}

json_t *report_json_views(json_t *o, const struct result *r, const struct report_json_builders *b)
{
	const struct views *v = r->views;
	if (!o || !v)
		return o;
	json_t *first = view_json(r, v->names[0], b, v->first_status);
	if (first)
		first = report_json_set(first, "reason", report_json_string(v->first_reason));
	json_t *views = json_pack("[o, o]", first, view_json(&v->other, v->names[1], b, v->other.status));
	o = report_json_set(o, "views", views);
	return report_json_set(o, "view_differences", differences_json(v));
}
