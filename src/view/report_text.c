/* report_text.c — the human trace: what the client asked, learned and decided, in order. */
#include "report.h"
#include "report_autodiscover_text.h"
#include "report_federation_text.h"
#include "decide.h"
#include "report_kerberos_text.h"
#include "report_text_parts.h"
#include "report_trust_text.h"
#include "report_text_views.h"
#include "verdict.h"
#include "verdict_dns.h"
#include "wrap.h"

#include <stdlib.h>
#include <string.h>

struct view {
	FILE *out;
	const struct result *r;
	const struct report_opts *o;
};

static const char *col(const struct view *v, const char *code)
{
	return report_color(v->o, code);
}

static void heading(const struct view *v, const char *title)
{
	fprintf(v->out, "\n%s%s%s\n", col(v, C_BOLD), title, col(v, C_OFF));
}

static int name_width(const struct result *r, enum dns_stage stage)
{
	size_t w = 0;
	for (size_t i = 0; i < r->n_queries; i++)
		if (r->queries[i].stage == stage && strlen(r->queries[i].name) > w)
			w = strlen(r->queries[i].name);
	return (int)w;
}

/* SPEC §4.6: the DNS facts of q's answer, one indented line each. */
static void query_facts(const struct view *v, const struct query *q, int width)
{
	char text[QUERY_CNAME_MAX * SD_QNAME_MAX];
	if (q->n_servers_failed) {
		fprintf(v->out, "  %*s  servers given up on: ", width, "");
		str_escape(v->out, query_servers_failed_text(q, text, sizeof text), STR_ESCAPE_HEX);
		fputc('\n', v->out);
	}
	if (q->n_cname)
		fprintf(v->out, "  %*s  CNAME: %s -> %s (the result is %s's)\n", width, "", q->name,
			query_cname_chain_text(q, text, sizeof text), q->cname_target);
	if (q->referral)
		fprintf(v->out, "  %*s  a referral (delegation) from %s, not an answer\n", width, "", q->server);
	if (q->has_ede) {
		char ede[sizeof q->ede_text + 32];
		fprintf(v->out, "  %*s  ", width, "");
		str_escape(v->out, verdict_ede_phrase(q, ede, sizeof ede), STR_ESCAPE_HEX);
		fputc('\n', v->out);
	}
}

/* SPEC §4.6: once per stage, the server that answered without recursion (RA=0), if any. */
static void recursion_note(const struct view *v, enum dns_stage stage)
{
	for (size_t i = 0; i < v->r->n_queries; i++) {
		const struct query *q = &v->r->queries[i];
		if (q->stage == stage && verdict_does_not_recurse(q)) {
			fprintf(v->out, "  note: %s does not recurse (RA=0): where it is not authoritative, its answers are "
					"not what a client's resolver would see\n", q->server);
			return;
		}
	}
}

/* For the lookup of an autodiscover hop's host: "  asked by the redirect from HOST" or
 * "  asked by the User link from HOST" (SPEC §4.7); nothing for any other query. */
static void ad_hop_asker(const struct view *v, const struct query *q)
{
	if (q->ad_hop == 0 || q->ad_hop > v->r->n_autodiscover)
		return;
	const struct ad_url *a = &v->r->autodiscover[q->ad_hop - 1];
	const struct ad_url *p = &v->r->autodiscover[a->from];
	fputs("  asked by the ", v->out);
	str_escape(v->out, a->via, STR_ESCAPE_HEX);
	fprintf(v->out, "%s from ", strcmp(a->via, "redirect") == 0 ? "" : " link");
	str_escape(v->out, p->host, STR_ESCAPE_HEX);
}

static const struct srv_record *srv_sort_base;

static int srv_index_cmp(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	int c = decide_srv_order(&srv_sort_base[x], &srv_sort_base[y]);
	return c ? c : (x > y) - (x < y);
}

/* SPEC §4.2: q's SRV records in the order the client tries them (as received when memory ran out). */
static void srv_records(const struct view *v, const struct query *q, int width)
{
	size_t *order = q->n_srv ? malloc(q->n_srv * sizeof *order) : NULL;
	for (size_t i = 0; order && i < q->n_srv; i++)
		order[i] = i;
	if (order) {
		srv_sort_base = q->srv;
		qsort(order, q->n_srv, sizeof *order, srv_index_cmp);
	}
	for (size_t k = 0; k < q->n_srv; k++) {
		const struct srv_record *rec = &q->srv[order ? order[k] : k];
		fprintf(v->out, "  %*s  priority %u weight %u port %u target %s\n", width, "", rec->priority,
			rec->weight, rec->port, rec->target);
	}
	free(order);
}

static void query_line(const struct view *v, const struct query *q, int width)
{
	const char *c = q->result == DNS_ANSWER ? C_GREEN : dns_result_is_error(q->result) ? C_RED : C_DIM;
	fprintf(v->out, "  %-*s  %-4s  %s%-8s%s", width, q->name, query_type_name(q->type), col(v, c),
		dns_result_name(q->result), col(v, C_OFF));
	if (q->result != DNS_SKIPPED)
		fprintf(v->out, " %5u ms", q->ms);
	for (size_t i = 0; i < q->n_addr; i++)
		if (q->addr[i].source == ADDR_FROM_QUERY)
			fprintf(v->out, "  %s", q->addr[i].text);
	if (q->via_tcp)
		fprintf(v->out, "  (over TCP after a truncated UDP answer)");
	if (q->detail[0]) {
		fputs("  (", v->out);
		str_escape(v->out, q->detail, STR_ESCAPE_HEX);
		fputc(')', v->out);
	}
	if (q->server[0])
		fprintf(v->out, "  from %s", q->server);
	ad_hop_asker(v, q); /* SPEC §4.7: the hop that asked */
	fputc('\n', v->out);
	/* on a narrow screen the lines under a query start near the margin, not under its name column */
	if (v->o->width && (size_t)width + 4 > v->o->width / 3)
		width = 2;
	query_facts(v, q, width);
	srv_records(v, q, width);
	for (size_t i = 0; i < q->n_addr; i++)
		if (q->addr[i].source == ADDR_FROM_ADDITIONAL)
			fprintf(v->out, "  %*s  additional section: %s has %s\n", width, "", q->addr[i].owner, q->addr[i].text);
	if (v->o->verbose && q->raw)
		report_block(v->out, v->o, q->raw, "      | ");
}

static void srv_stage(const struct view *v)
{
	const struct result *r = v->r;
	heading(v, "1. DNS SRV records");
	if (r->fallback == FALLBACK_NOT_APPLICABLE) {
		fprintf(v->out, "  none queried: the servers are configured manually (SPEC §4.1)\n");
		return;
	}
	int w = name_width(r, STAGE_SRV);
	for (size_t i = 0; i < r->n_queries; i++)
		if (r->queries[i].stage == STAGE_SRV)
			query_line(v, &r->queries[i], w);
	recursion_note(v, STAGE_SRV);
	if (r->profile->not_queried)
		fprintf(v->out, "  %snote: %s%s\n", col(v, C_DIM), r->profile->not_queried, col(v, C_OFF));
	if (r->profile->srv_use == SRV_ALL_RECORDS)
		fprintf(v->out, "  %snote: records are listed in the order the client tries them: priority, then "
				"weight (highest first), then name; among equal priorities a real client picks by "
				"weighted chance (RFC 2782)%s\n", col(v, C_DIM), col(v, C_OFF));
	else
		fprintf(v->out, "  note: %s tries only the first (lowest-priority) record of each name\n", r->profile->name);
}


static void fallback_stage(const struct view *v)
{
	const struct result *r = v->r;
	const char *d = r->uri.domain;
	heading(v, "3. Host-record fallback");
	switch (r->fallback) {
	case FALLBACK_UNDECIDED:
		fprintf(v->out, "  %s\n", dns_no_server_answered(r, NULL, 0) ? "not decided: no DNS server answered (SPEC §4.6)"
					   : dns_every_server_refused(r, NULL, 0) ? "not decided: every DNS server refused (SPEC §4.6)"
									: "not decided: the check ended before the address stage");
		break;
	case FALLBACK_NOT_APPLICABLE:
		fprintf(v->out, "  not applicable: manual configuration\n");
		break;
	case FALLBACK_NOT_RUN:
		fprintf(v->out, "  not run: SRV records exist for %s. The client falls back to host records only when "
				"no SRV record exists at all, not when the records it found are unusable.\n", d);
		break;
	case FALLBACK_RAN:
		if (result_srv_query_error(r))
			fprintf(v->out, "  runs: no SRV record was found for %s; the DNS errors above count as missing "
					"records, because the client cannot tell them apart (the records may exist)\n", d);
		else
			fprintf(v->out, "  runs: no SRV record exists for %s\n", d);
		break;
	case FALLBACK_RAN_ALWAYS:
		fprintf(v->out, "  runs: %s always tries its host names after the SRV names\n", r->profile->name);
		break;
	}
}

static void address_stage(const struct view *v)
{
	const struct result *r = v->r;
	int w = name_width(r, STAGE_ADDRESS);
	heading(v, "4. Address records");
	if (w == 0)
		fprintf(v->out, "  no query needed\n");
	for (size_t i = 0; i < r->n_queries; i++)
		if (r->queries[i].stage == STAGE_ADDRESS)
			query_line(v, &r->queries[i], w);
	recursion_note(v, STAGE_ADDRESS);
	if ((w = name_width(r, STAGE_DIAGNOSTIC)) > 0)
		fprintf(v->out, "  %sfor this report only (the client does not ask, because SRV records exist):%s\n",
			col(v, C_DIM), col(v, C_OFF));
	for (size_t i = 0; i < r->n_queries; i++)
		if (r->queries[i].stage == STAGE_DIAGNOSTIC)
			query_line(v, &r->queries[i], w);
	recursion_note(v, STAGE_DIAGNOSTIC);
}

static void naming_stage(const struct view *v)
{
	const struct result *r = v->r;
	size_t w = 0;
	for (size_t i = 0; i < r->n_candidates; i++)
		if (strlen(r->candidates[i].host) > w)
			w = strlen(r->candidates[i].host);
	heading(v, "2. Naming rule");
	fprintf(v->out, "  sign-in domain %s, strict naming %s%s\n", r->uri.domain, r->policy->strict_naming ? "on" : "off",
		r->profile->naming != NAMING_MODEL_NONE ? "" : " (this client applies no naming rule: verdicts are reported only)");
	report_trust_model_lines(v->out, r);
	for (size_t i = 0; i < r->n_candidates; i++) {
		const struct candidate *c = &r->candidates[i];
		bool dup = false;
		for (size_t j = 0; j < i && !dup; j++)
			dup = strcmp(r->candidates[j].host, c->host) == 0;
		if (dup || c->state == CAND_NO_SERVICE)
			continue;
		const char *mark = c->naming.allowed ? C_GREEN : c->naming_enforced ? C_RED : C_YELLOW;
		fprintf(v->out, "  %-*s  %s%-8s%s  %s: %s%s%s%s%s\n", (int)w, c->host, col(v, mark),
			report_trust_verdict_word(&c->naming), col(v, C_OFF), naming_rule_id(c->naming.rule),
			naming_rule_text(c->naming.rule), c->naming.domain[0] ? " (" : "", c->naming.domain,
			c->naming.domain[0] ? ")" : "", c->naming_enforced ? "" : " (reported, not enforced)");
	}
	report_trust_m365_lines(v->out, r);
}

static void candidate_stage(const struct view *v)
{
	const struct result *r = v->r;
	heading(v, "5. Candidates, in the order the client tries them");
	if (r->n_candidates == 0)
		fprintf(v->out, "  none\n");
	int first = verdict_first_attempt(r);
	for (size_t i = 0; i < r->n_candidates; i++) {
		const struct candidate *c = &r->candidates[i];
		fprintf(v->out, "  %2zu. %s:%u %s  %s", i + 1, c->host, c->port, sd_transport_name(c->transport),
			c->srv_query >= 0 ? r->queries[c->srv_query].name : candidate_origin_name(c->origin));
		if (c->priority >= 0)
			fprintf(v->out, " priority %d weight %d", c->priority, c->weight);
		const char *mark = c->state == CAND_USABLE ? C_GREEN : C_RED;
		fprintf(v->out, "  %s%s%s", col(v, mark), candidate_state_name(c->state), col(v, C_OFF));
		for (size_t k = 0; k < c->n_addr; k++) {
			const struct address *a = &r->addrs[c->first_addr + k];
			fprintf(v->out, "%s %s (%s)", k ? "," : "", a->text, addr_source_name(a->source));
		}
		bool stops = r->prompt.kind != PROMPT_NONE && (int)i == r->prompt.candidate;
		bool signs_in = r->prompt.kind == PROMPT_NONE && r->policy->connect && result_chosen(r) >= 0
				&& (int)i == r->server;
		fprintf(v->out, "%s%s\n", stops ? "   <- the client stops at a prompt here"
					  : signs_in ? "   <- the client signs in here"
					  : (int)i == first ? "   <- first the client would try" : "",
			report_trust_rejected_suffix(c->if_rejected));
	}
}

static void connection_stage(const struct view *v)
{
	const struct result *r = v->r;
	heading(v, "6. Connection");
	if (!r->policy->connect) {
		fprintf(v->out, "  skipped (--no-connect): the verdict is the client's choice of server, not a sign-in\n");
		return;
	}
	if (r->n_attempts == 0)
		fprintf(v->out, "  nothing to connect to\n");
	for (size_t i = 0; i < r->n_attempts; i++) {
		const struct attempt *a = &r->attempts[i];
		const struct candidate *c = &r->candidates[a->candidate];
		bool ok = a->outcome == CONN_OK && !a->unresolved;
		/* SPEC §7: a failed attempt's whole line stands out */
		fprintf(v->out, "  %s%2zu. %s:%u %s %s  %s%s%s%s %u ms", col(v, ok ? "" : C_RED), i + 1, c->host, c->port,
			sd_transport_name(c->transport), a->address[0] ? a->address : "-", col(v, C_OFF),
			col(v, ok ? C_GREEN : C_RED), attempt_outcome_name(a), ok ? col(v, C_OFF) : "", a->ms);
		if (a->detail[0] && !(a->unresolved)) {
			fputs(" (", v->out);
			str_escape(v->out, a->detail, STR_ESCAPE_HEX);
			fputc(')', v->out);
		}
		fprintf(v->out, "%s%s\n", report_trust_rejected_suffix(a->if_rejected), col(v, C_OFF));
		if (a->has_tls)
			report_tls_lines(v->out, v->o, &a->tls);
		if (a->sip)
			report_sip_lines(v->out, v->o, a->sip);
		report_trust_stop_line(v->out, r, i);
	}
	report_redirect_lines(v->out, v->o, r); /* SPEC §6: the home pool, after a 301/302 */
	if (result_chosen(r) >= 0 && (size_t)result_chosen(r) + 1 < r->n_candidates)
		fprintf(v->out, "  %sthe client stops at the first success: later candidates are not contacted%s\n",
			col(v, C_DIM), col(v, C_OFF));
}

static void verdict(const struct view *v)
{
	const struct result *r = v->r;
	static const char *const colors[] = { C_GREEN, C_YELLOW, C_RED, C_RED };
	fprintf(v->out, "%s%s%s: ", col(v, C_BOLD), col(v, colors[r->status]), sd_verdict_label(r->status));
	str_escape(v->out, r->reason, STR_ESCAPE_HEX);
	fprintf(v->out, "%s\n", col(v, C_OFF));
	if (r->compare[0]) {
		str_escape(v->out, r->compare, STR_ESCAPE_HEX);
		fputc('\n', v->out);
	}
	/* Issue 5: the usual answer to "why does sign-in take 40 seconds?" */
	fprintf(v->out, "time: %u ms here; the real client, one step after the other, would need about %u ms\n",
		r->ms_total, r->client_estimate_ms);
	if (r->n_hints)
		fprintf(v->out, "\nhints:\n");
	for (size_t i = 0; i < r->n_hints; i++) {
		fputs("  - ", v->out);
		str_escape(v->out, r->hints[i].text, STR_ESCAPE_HEX);
		fputc('\n', v->out);
		report_text_fix(v->out, &r->hints[i], "      ", v->o->width != 0); /* SPEC §7.1: kept whole */
	}
}

/* The trace, unwrapped, into out. */
static void trace(FILE *out, const struct result *r, const struct report_opts *o)
{
	struct view v = { out, r, o };
	const struct policy *p = r->policy;
	fputs(col(&v, C_BOLD), out);
	str_escape(out, r->uri.text, STR_ESCAPE_HEX);
	fprintf(out, "%s\n", col(&v, C_OFF));
	if (r->uri.was_idn || r->uri.ignored_params || r->uri.ignored_headers || r->uri.placeholder_user) {
		fputs("  note: from \"", out);
		str_escape(out, r->input, STR_ESCAPE_HEX);
		fprintf(out, "\"%s%s%s%s\n", r->uri.was_idn ? "; domain converted to its A-label form" : "",
			r->uri.ignored_params ? "; URI parameters ignored" : "",
			r->uri.ignored_headers ? "; URI headers ignored" : "",
			r->uri.placeholder_user ? "; a domain only: user part \"" URI_PLACEHOLDER_USER "\" used" : "");
	}
	/* SPEC §7: the first screen is what a helpdesk reads: the verdict, reason and hints, then the details */
	verdict(&v);
	heading(&v, "details");
	fprintf(out, "  profile %s, TCP %s, strict naming %s, DNS server %s, timeout %u ms\n", r->profile->name,
		p->no_tcp ? "forbidden by policy" : "allowed", p->strict_naming ? "on" : "off", o->dns_server,
		p->timeout_ms);
	if (p->tls_name[0]) /* SPEC §3 */
		fprintf(out, "  TLS name %s for the manual servers (--tls-name): SNI and the certificate check use it\n",
			p->tls_name);
	report_autodiscover_text(out, r, o);
	srv_stage(&v);
	naming_stage(&v);
	fallback_stage(&v);
	address_stage(&v);
	candidate_stage(&v);
	connection_stage(&v);
	report_kerberos_text(out, r, o, "7. Kerberos"); /* SPEC §9: only with --kerberos */
	report_federation_text(out, r, o); /* SPEC §5.2 */
	report_text_views(out, r, o); /* SPEC §7.2: with --compare-dns */
}

void report_text(FILE *out, const struct result *r, const struct report_opts *o)
{
	if (r->input_error[0])
		return; /* reported on stderr by main */
	char *text = NULL;
	size_t len = 0;
	struct report_opts plain = *o; /* no width, or no memory to wrap in: unwrapped */
	plain.width = 0;
	FILE *mem = o->width ? open_memstream(&text, &len) : NULL;
	if (!mem) {
		trace(out, r, &plain);
		return;
	}
	trace(mem, r, o);
	if (fclose(mem) == 0)
		wrap_text(out, text, len, o->width);
	else
		trace(out, r, &plain);
	free(text);
}
