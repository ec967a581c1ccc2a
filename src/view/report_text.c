/* report_text.c — the human trace: what the client asked, learned and decided, in order. */
#include "report.h"
#include "report_autodiscover.h"
#include "verdict.h"
#include "verdict_dns.h"

#include <stddef.h>
#include <string.h>

#define C_BOLD "\033[1m"
#define C_RED "\033[31m"
#define C_GREEN "\033[32m"
#define C_YELLOW "\033[33m"
#define C_DIM "\033[2m"
#define C_OFF "\033[0m"

struct view {
	FILE *out;
	const struct result *r;
	const struct report_opts *o;
};

static const char *col(const struct view *v, const char *code)
{
	return v->o->color ? code : "";
}

void report_safe(FILE *out, const char *s)
{
	str_escape(out, s, STR_ESCAPE_HEX);
}

/* A raw message (--verbose) line by line under indent; CRLF ends a line, other controls are escaped. */
static void block(const struct view *v, const char *text, const char *indent)
{
	fputs(col(v, C_DIM), v->out);
	for (const char *p = text; *p;) {
		size_t n = strcspn(p, "\n");
		size_t shown = n > 0 && p[n - 1] == '\r' ? n - 1 : n;
		char line[1024];
		while (shown > 0) {
			size_t k = shown < sizeof line - 1 ? shown : sizeof line - 1;
			memcpy(line, p, k);
			line[k] = '\0';
			for (char *t = line; (t = strchr(t, '\t'));)
				*t = ' '; /* ldns separates fields with tabs: harmless, and easier to read as spaces */
			fputs(indent, v->out);
			report_safe(v->out, line);
			fputc('\n', v->out);
			p += k;
			shown -= k;
			n -= k;
		}
		p += n + (p[n] == '\n');
	}
	fputs(col(v, C_OFF), v->out);
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
		report_safe(v->out, query_servers_failed_text(q, text, sizeof text));
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
		report_safe(v->out, verdict_ede_phrase(q, ede, sizeof ede));
		fputc('\n', v->out);
	}
}

/* SPEC §4.6: once per stage, the server that answered without recursion (RA=0), if any. */
static void recursion_note(const struct view *v, enum dns_stage stage)
{
	for (size_t i = 0; i < v->r->n_queries; i++) {
		const struct query *q = &v->r->queries[i];
		if (q->stage == stage && q->server[0] && !q->ra && q->result != DNS_REFUSED) {
			fprintf(v->out, "  note: %s does not recurse (RA=0): where it is not authoritative, its answers are "
					"not what a client's resolver would see\n", q->server);
			return;
		}
	}
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
		report_safe(v->out, q->detail);
		fputc(')', v->out);
	}
	if (q->server[0])
		fprintf(v->out, "  from %s", q->server);
	fputc('\n', v->out);
	query_facts(v, q, width);
	for (size_t i = 0; i < q->n_srv; i++)
		fprintf(v->out, "  %*s  priority %u weight %u port %u target %s\n", width, "", q->srv[i].priority,
			q->srv[i].weight, q->srv[i].port, q->srv[i].target);
	for (size_t i = 0; i < q->n_addr; i++)
		if (q->addr[i].source == ADDR_FROM_ADDITIONAL)
			fprintf(v->out, "  %*s  additional section: %s has %s\n", width, "", q->addr[i].owner, q->addr[i].text);
	if (v->o->verbose && q->raw)
		block(v, q->raw, "      | ");
}

static void srv_stage(const struct view *v)
{
	const struct result *r = v->r;
	heading(v, "1. DNS SRV records");
	if (r->fallback == FALLBACK_NOT_APPLICABLE && !dns_no_server_answered(r, NULL, 0)) {
		fprintf(v->out, "  none queried: the servers are configured manually (SPEC §4.1)\n");
		return;
	}
	int w = name_width(r, STAGE_SRV);
	for (size_t i = 0; i < r->n_queries; i++)
		if (r->queries[i].stage == STAGE_SRV)
			query_line(v, &r->queries[i], w);
	recursion_note(v, STAGE_SRV);
	if (r->profile->not_queried)
		fprintf(v->out, "  note: %s\n", r->profile->not_queried);
	if (r->profile->srv_use == SRV_ALL_RECORDS)
		fprintf(v->out, "  note: among records of equal priority a real client picks by weighted chance "
				"(RFC 2782); they are listed by weight, then name\n");
	else
		fprintf(v->out, "  note: %s tries only the first (lowest-priority) record of each name\n", r->profile->name);
}


/* Whether an SRV query of the profile got a DNS error (SPEC §4.3: then the fallback proves nothing). */
static bool srv_errors(const struct result *r)
{
	for (size_t i = 0; i < r->n_queries; i++)
		if (r->queries[i].role == QUERY_SRV && dns_result_is_error(r->queries[i].result))
			return true;
	return false;
}

static void fallback_stage(const struct view *v)
{
	const struct result *r = v->r;
	const char *d = r->uri.domain;
	heading(v, "3. Host-record fallback");
	switch (r->fallback) {
	case FALLBACK_NOT_APPLICABLE:
		fprintf(v->out, "  %s\n", dns_no_server_answered(r, NULL, 0) ? "not decided: no DNS server answered (SPEC §4.6)"
									: "not applicable: manual configuration");
		break;
	case FALLBACK_NOT_RUN:
		fprintf(v->out, "  not run: SRV records exist for %s. The client falls back to host records only when "
				"no SRV record exists at all, not when the records it found are unusable.\n", d);
		break;
	case FALLBACK_RAN:
		if (srv_errors(r))
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
		fprintf(v->out, "  for this report only (the client does not ask, because SRV records exist):\n");
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
		r->profile->naming_rule ? "" : " (this client applies no naming rule: verdicts are reported only)");
	for (size_t i = 0; i < r->n_candidates; i++) {
		const struct candidate *c = &r->candidates[i];
		bool dup = false;
		for (size_t j = 0; j < i && !dup; j++)
			dup = strcmp(r->candidates[j].host, c->host) == 0;
		if (dup || c->state == CAND_NO_SERVICE)
			continue;
		const char *mark = c->naming.allowed ? C_GREEN : c->naming_enforced ? C_RED : C_YELLOW;
		fprintf(v->out, "  %-*s  %s%-8s%s  %s: %s%s\n", (int)w, c->host, col(v, mark),
			c->naming.allowed ? "allowed" : "rejected", col(v, C_OFF), naming_rule_id(c->naming.rule),
			naming_rule_text(c->naming.rule), c->naming_enforced ? "" : " (reported, not enforced)");
	}
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
		bool signs_in = r->policy->connect && r->chosen >= 0 && (int)i == r->server;
		fprintf(v->out, "%s%s\n", (int)i == first ? "   <- first the client would try" : "",
			signs_in ? "   <- the client signs in here" : "");
	}
}

/* "untrusted-issuer, name-mismatch" for the failure classes of t. */
static void tls_classes(FILE *out, const struct tls_report *t)
{
	const char *sep = "";
	for (unsigned bit = 0; bit < CERT_FAILURE_BITS; bit++)
		if (t->failures & (1u << bit)) {
			fprintf(out, "%s%s", sep, cert_failure_name(bit));
			sep = ", ";
		}
}

/* SPEC §6: serial, key, signature algorithm, fingerprint, pin, and the chain as sent. */
static void tls_detail(const struct view *v, const struct tls_report *t)
{
	FILE *out = v->out;
	fprintf(out, "        serial %s, key %s %u bits%s%s, signed %s\n", t->serial, t->key_type, t->key_bits,
		t->key_curve[0] ? " " : "", t->key_curve, t->signature);
	fprintf(out, "        sha256 %s\n        pin %s\n", t->sha256, t->pin);
	fprintf(out, "        chain as sent: %zu certificate%s%s\n", t->chain_sent, t->chain_sent == 1 ? "" : "s",
		t->chain_sent > t->n_chain ? " (the first shown)" : "");
	for (size_t i = 0; i < t->n_chain; i++) {
		const struct tls_chain_cert *c = &t->chain[i];
		char from[32], to[32];
		str_time_utc(from, sizeof from, c->not_before, STR_TIME_MINUTE);
		str_time_utc(to, sizeof to, c->not_after, STR_TIME_MINUTE);
		fprintf(out, "          %zu. ", i);
		report_safe(out, c->subject);
		fputs(" <- ", out);
		report_safe(out, c->issuer);
		fprintf(out, ", %s to %s\n", from, to);
	}
}

static void tls_lines(const struct view *v, const struct tls_report *t)
{
	FILE *out = v->out;
	fprintf(out, "        TLS %s, %s\n", t->version, t->cipher);
	if (!t->have_cert)
		return;
	fputs("        certificate: subject ", out);
	report_safe(out, t->subject);
	fputs("\n        issuer ", out);
	report_safe(out, t->issuer);
	fputs("\n        names:", out);
	for (size_t i = 0; i < t->n_sans; i++) {
		fputc(' ', out);
		report_safe(out, t->sans[i]);
	}
	char from[32], to[32];
	str_time_utc(from, sizeof from, t->not_before, STR_TIME_MINUTE);
	str_time_utc(to, sizeof to, t->not_after, STR_TIME_MINUTE);
	fprintf(out, "%s\n        valid from %s to %s\n", t->sans_truncated ? " ..." : "", from, to);
	tls_detail(v, t);
	fprintf(out, "        chain %s, name %s, dates %s; expires in %ld days\n",
		t->chain_ok ? "trusted" : "NOT TRUSTED", t->name_ok ? "matches" : "DOES NOT MATCH",
		t->dates_ok ? "valid" : "NOT VALID", t->days_to_expiry);
	if (t->failures) {
		fputs("        rejected: ", out);
		tls_classes(out, t);
		fputc('\n', out);
	}
	if (t->sha1_signature)
		fputs("        warning: signed with SHA-1 (accepted, as Windows clients accept it)\n", out);
}

static void sip_lines(const struct view *v, const struct sip_report *s)
{
	FILE *out = v->out;
	if (v->o->verbose && s->request)
		block(v, s->request, "        > ");
	if (!s->answered) {
		fputs("        REGISTER (no credentials): ", out);
		report_safe(out, s->error);
		fputc('\n', out);
		return;
	}
	const struct sip_response *r = &s->response;
	fprintf(out, "        REGISTER (no credentials) -> %d ", r->code);
	report_safe(out, r->reason);
	fprintf(out, " in %u ms\n", s->ms);
	for (size_t i = 0; i < r->n_challenges; i++) {
		const struct sip_challenge *c = &r->challenges[i];
		fprintf(out, "          offers %-8s realm \"", sip_scheme_name(c->scheme));
		report_safe(out, c->realm);
		fputs("\" targetname \"", out);
		report_safe(out, c->targetname);
		fputs("\"\n", out);
	}
	static const struct {
		const char *label;
		size_t offset;
	} fields[] = {
		{ "Server", offsetof(struct sip_response, server) },
		{ "Contact", offsetof(struct sip_response, contact) },
		{ "ms-diagnostics", offsetof(struct sip_response, ms_diag) },
	};
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		const char *value = (const char *)r + fields[i].offset;
		if (!value[0])
			continue;
		fprintf(out, "          %s: ", fields[i].label);
		report_safe(out, value);
		fputc('\n', out);
	}
	if (v->o->verbose && s->raw)
		block(v, s->raw, "        < ");
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
		const char *mark = a->outcome == CONN_OK && !a->unresolved ? C_GREEN : C_RED;
		fprintf(v->out, "  %2zu. %s:%u %s %s  %s%s%s %u ms", i + 1, c->host, c->port, sd_transport_name(c->transport),
			a->address[0] ? a->address : "-", col(v, mark), attempt_outcome_name(a), col(v, C_OFF), a->ms);
		if (a->detail[0] && !(a->unresolved)) {
			fputs(" (", v->out);
			report_safe(v->out, a->detail);
			fputc(')', v->out);
		}
		fputc('\n', v->out);
		if (a->has_tls)
			tls_lines(v, &a->tls);
		if (a->sip)
			sip_lines(v, a->sip);
	}
	if (r->chosen >= 0 && (size_t)r->chosen + 1 < r->n_candidates)
		fprintf(v->out, "  the client stops at the first success: later candidates are not contacted\n");
}

static void verdict(const struct view *v)
{
	const struct result *r = v->r;
	static const char *const colors[] = { C_GREEN, C_YELLOW, C_RED, C_RED };
	fprintf(v->out, "\n%s%s%s: ", col(v, C_BOLD), col(v, colors[r->status]), sd_verdict_label(r->status));
	report_safe(v->out, r->reason);
	fprintf(v->out, "%s\n", col(v, C_OFF));
	if (r->compare[0]) {
		report_safe(v->out, r->compare);
		fputc('\n', v->out);
	}
	/* Issue 5: the usual answer to "why does sign-in take 40 seconds?" */
	fprintf(v->out, "time: %u ms here; the real client, one step after the other, would need about %u ms\n",
		r->ms_total, r->client_estimate_ms);
	if (r->n_hints)
		fprintf(v->out, "\nhints:\n");
	for (size_t i = 0; i < r->n_hints; i++) {
		fputs("  - ", v->out);
		report_safe(v->out, r->hints[i].text);
		fputc('\n', v->out);
	}
}

void report_text(FILE *out, const struct result *r, const struct report_opts *o)
{
	struct view v = { out, r, o };
	const struct policy *p = r->policy;
	if (r->input_error[0])
		return; /* reported on stderr by main */
	fputs(col(&v, C_BOLD), out);
	report_safe(out, r->uri.text);
	fprintf(out, "%s\n", col(&v, C_OFF));
	if (r->uri.was_idn || r->uri.ignored_params || r->uri.ignored_headers) {
		fputs("  note: from \"", out);
		report_safe(out, r->input);
		fprintf(out, "\"%s%s%s\n", r->uri.was_idn ? "; domain converted to its A-label form" : "",
			r->uri.ignored_params ? "; URI parameters ignored" : "",
			r->uri.ignored_headers ? "; URI headers ignored" : "");
	}
	fprintf(out, "  profile %s, TCP %s, strict naming %s, DNS server %s, timeout %u ms\n", r->profile->name,
		p->no_tcp ? "forbidden by policy" : "allowed", p->strict_naming ? "on" : "off", o->dns_server,
		p->timeout_ms);
	report_autodiscover_text(out, r, col(&v, C_BOLD), col(&v, C_OFF));
	srv_stage(&v);
	naming_stage(&v);
	fallback_stage(&v);
	address_stage(&v);
	candidate_stage(&v);
	connection_stage(&v);
	verdict(&v);
}
