/* report_federation_text.c — the federation section of the trace (SPEC §5.2): what
 * federation_decide and federation_verdict stored in r->federation, printed. */
#include "report_federation_text.h"

#include "federation.h"
#include "report_text_parts.h"

#include <string.h>

/* The record and the target's addresses. */
static void record_lines(FILE *out, const struct result *r, const struct federation *f)
{
	char name[SD_QNAME_MAX];
	const struct query *q = &r->queries[f->query];
	fprintf(out, "  %s  SRV  %s", federation_name(r->uri.domain, name, sizeof name), dns_result_name(q->result));
	if (f->target[0])
		fprintf(out, "  -> %s:%u (priority %u weight %u)", f->target, f->port, f->priority, f->weight);
	fputc('\n', out);
	if (f->n_records > 1)
		fprintf(out, "  %zu records: a partner tries %s first (lowest priority, then highest weight); only it is "
			     "checked\n", f->n_records, f->target);
	if (f->n_addrs) {
		fputs("  addresses:", out);
		for (size_t i = 0; i < f->n_addrs; i++)
			fprintf(out, "%s %s (%s)", i ? "," : "", f->addrs[i].text, addr_source_name(f->addrs[i].source));
		fputc('\n', out);
	}
}

/* The Access Edge's TLS attempt, or why none was made. */
static void attempt_lines(FILE *out, const struct result *r, const struct report_opts *o, const struct federation *f)
{
	const struct attempt *a = &f->attempt;
	if (f->state == FED_RESOLVED) {
		fprintf(out, "  Access Edge not contacted: %s\n", r->policy->connect ? "the deadline expired first"
										: "--no-connect");
		return;
	}
	if (!f->n_tried)
		return;
	const char *mark = a->outcome == CONN_OK ? C_GREEN : C_RED;
	fprintf(out, "  TLS to %s:%u at %s (%zu of %zu address%s tried): %s%s%s %u ms", f->target, f->port, a->address,
		f->n_tried, f->n_addrs, f->n_addrs == 1 ? "" : "es", report_color(o, mark), attempt_outcome_name(a),
		report_color(o, C_OFF), a->ms);
	if (a->detail[0]) {
		fputs(" (", out);
		str_escape(out, a->detail, STR_ESCAPE_HEX);
		fputc(')', out);
	}
	fputc('\n', out);
	if (a->has_tls)
		report_tls_lines(out, o, &a->tls);
}

void report_federation_text(FILE *out, const struct result *r, const struct report_opts *o)
{
	const struct federation *f = &r->federation;
	fprintf(out, "\n%sFederation%s (SPEC §5.2: how other organisations and Microsoft 365 reach %s)\n",
		report_color(o, C_BOLD), report_color(o, C_OFF), r->uri.domain);
	if (f->query < 0 && federation_query(r) >= 0) {
		fprintf(out, "  not decided: the check ended before the address stage\n");
		return;
	}
	if (f->query < 0) {
		fprintf(out, "  not queried%s\n", policy_is_manual(r->policy) ? ": the servers are configured manually "
				"(--federation checks it anyway)" : "");
		return;
	}
	record_lines(out, r, f);
	attempt_lines(out, r, o, f);
	if (f->state == FED_OK)
		fprintf(out, "  result: %sok%s: the certificate validates and names %s, as a federating Edge checks\n",
			report_color(o, C_GREEN), report_color(o, C_OFF), f->target);
	else if (f->state == FED_RESOLVED)
		fprintf(out, "  result: resolves; the certificate was not checked\n");
	if (f->cause[0]) {
		fprintf(out, "  result: %s%s%s: ", report_color(o, C_YELLOW), fed_state_name(f->state), report_color(o, C_OFF));
		str_escape(out, f->cause, STR_ESCAPE_HEX);
		fputc('\n', out);
	}
	if (f->cause[0] && !f->enforced) {
		fputs("  to change: ", out);
		str_escape(out, f->hint, STR_ESCAPE_HEX);
		fputc('\n', out);
	}
	fprintf(out, "  %s\n", f->enforced ? (f->set_status ? "--federation: this set the verdict (WARNING)"
							    : "--federation: part of the verdict")
					    : "informational: the sign-in verdict does not depend on it (--federation "
					      "makes it count)");
}
