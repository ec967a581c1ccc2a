/* report_text_views.c — SPEC §7.1's fix-it lines under their hint, and §7.2's two views of DNS. */
#include "report_text_views.h"

#include "report_text_parts.h"
#include "str.h"
#include "verdict.h"
#include "wrap.h"

#include <string.h>

void report_text_fix(FILE *out, const struct hint *h, const char *indent, bool whole)
{
	const struct hint_fix *f = &h->fix;
	const char *keep = whole ? (const char[]){ WRAP_WHOLE, '\0' } : "";
	for (size_t i = 0; i < f->n_zone; i++) {
		fprintf(out, "%s%sfix: zone:       ", keep, indent);
		str_escape(out, f->zone[i], STR_ESCAPE_HEX);
		fputc('\n', out);
	}
	for (size_t i = 0; i < f->n_powershell; i++) {
		fprintf(out, "%s%sfix: powershell: ", keep, indent);
		str_escape(out, f->powershell[i], STR_ESCAPE_HEX);
		fputc('\n', out);
	}
	if (f->n_certificate_names)
		fprintf(out, "%sfix: certificate names:", indent);
	for (size_t i = 0; i < f->n_certificate_names; i++) {
		fputs(i ? ", " : " ", out);
		str_escape(out, f->certificate_names[i], STR_ESCAPE_HEX);
	}
	if (f->n_certificate_names)
		fputc('\n', out);
}

/* One view's candidates (usable or not), its first attempt and its verdict. */
static void view_lines(FILE *out, const struct result *r, const char *name, enum sd_verdict status, const char *reason)
{
	fprintf(out, "  view of %s:\n    candidates:", name);
	if (r->n_candidates == 0)
		fputs(" none", out);
	for (size_t i = 0; i < r->n_candidates; i++) {
		const struct candidate *c = &r->candidates[i];
		fprintf(out, "%s %s:%u %s (%s)", i ? "," : "", c->host, c->port, sd_transport_name(c->transport),
			candidate_state_name(c->state));
	}
	int first = verdict_first_attempt(r);
	if (first >= 0)
		fprintf(out, "\n    first attempt: %s:%u %s", r->candidates[first].host, r->candidates[first].port,
			sd_transport_name(r->candidates[first].transport));
	else
		fputs("\n    first attempt: none", out);
	fprintf(out, "\n    verdict: %s: ", sd_verdict_label(status));
	str_escape(out, reason, STR_ESCAPE_HEX);
	fputc('\n', out);
}

void report_text_views(FILE *out, const struct result *r, const struct report_opts *o)
{
	const struct views *v = r->views;
	if (!v)
		return;
	fprintf(out, "\n%s8. Two views of DNS: %s and %s (--compare-dns, DNS only)%s\n", report_color(o, C_BOLD),
		v->names[0], v->names[1], report_color(o, C_OFF));
	size_t w = strlen(v->names[0]) > strlen(v->names[1]) ? strlen(v->names[0]) : strlen(v->names[1]);
	if (v->n_diffs == 0)
		fputs("  every answer is the same in both views\n", out);
	for (size_t i = 0; i < v->n_diffs; i++) {
		const struct view_diff *d = &v->diffs[i];
		fprintf(out, "  %s %s\n    %-*s  ", d->name, query_type_name(d->type), (int)w, v->names[0]);
		str_escape(out, d->first, STR_ESCAPE_HEX);
		fprintf(out, "\n    %-*s  ", (int)w, v->names[1]);
		str_escape(out, d->second, STR_ESCAPE_HEX);
		fputc('\n', out);
	}
	view_lines(out, r, v->names[0], v->first_status, v->first_reason);
	view_lines(out, &v->other, v->names[1], v->other.status, v->other.reason);
}
