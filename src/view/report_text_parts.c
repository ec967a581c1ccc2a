/* report_text_parts.c — the trace's lines for a raw message, a TLS handshake and its
 * certificate, and a SIP answer, printed by more than one stage of the trace. */
#include "report_text_parts.h"

#include <stddef.h>
#include <string.h>

#define BLOCK_PIECE 1024             /* room for a piece of a raw line, with its NUL: longer lines are cut in pieces */

const char *report_color(const struct report_opts *o, const char *code)
{
	return o->color ? code : "";
}

void report_block(FILE *out, const struct report_opts *o, const char *text, const char *indent)
{
	fputs(report_color(o, C_DIM), out);
	for (const char *p = text; *p;) {
		size_t n = strcspn(p, "\n");
		size_t shown = n > 0 && p[n - 1] == '\r' ? n - 1 : n;
		char line[BLOCK_PIECE];
		while (shown > 0) {
			size_t k = shown < sizeof line - 1 ? shown : sizeof line - 1;
			memcpy(line, p, k);
			line[k] = '\0';
			for (char *t = line; (t = strchr(t, '\t'));)
				*t = ' '; /* ldns separates fields with tabs: harmless, and easier to read as spaces */
			fputs(indent, out);
			str_escape(out, line, STR_ESCAPE_HEX);
			fputc('\n', out);
			p += k;
			shown -= k;
			n -= k;
		}
		p += n + (p[n] == '\n');
	}
	fputs(report_color(o, C_OFF), out);
}

void report_cert_names(FILE *out, const struct tls_report *t)
{
	for (size_t i = 0; i < t->n_sans; i++) {
		fputc(' ', out);
		str_escape(out, t->sans[i], STR_ESCAPE_HEX);
	}
}

void report_sha1_warning(FILE *out, const struct tls_report *t, const char *indent)
{
	if (t->sha1_signature)
		fprintf(out, "%swarning: signed with SHA-1 (accepted, as Windows clients accept it)\n", indent);
}

/* SPEC §6: serial, key, signature algorithm, fingerprint, pin, and the chain as sent. */
static void tls_detail(FILE *out, const struct tls_report *t)
{
	fprintf(out, REPORT_ATTEMPT_INDENT "serial %s, key %s %u bits%s%s, signed %s\n", t->serial, t->key_type,
		t->key_bits, t->key_curve[0] ? " " : "", t->key_curve, t->signature);
	fprintf(out, REPORT_ATTEMPT_INDENT "sha256 %s\n" REPORT_ATTEMPT_INDENT "pin %s\n", t->sha256, t->pin);
	fprintf(out, REPORT_ATTEMPT_INDENT "chain as sent: %zu certificate%s%s\n", t->chain_sent,
		t->chain_sent == 1 ? "" : "s", t->chain_sent > t->n_chain ? " (the first shown)" : "");
	for (size_t i = 0; i < t->n_chain; i++) {
		const struct tls_chain_cert *c = &t->chain[i];
		char from[STR_TIME_SIZE], to[STR_TIME_SIZE];
		str_time_utc(from, sizeof from, c->not_before, STR_TIME_MINUTE);
		str_time_utc(to, sizeof to, c->not_after, STR_TIME_MINUTE);
		fprintf(out, REPORT_ATTEMPT_INDENT "  %zu. ", i);
		str_escape(out, c->subject, STR_ESCAPE_HEX);
		fputs(" <- ", out);
		str_escape(out, c->issuer, STR_ESCAPE_HEX);
		fprintf(out, ", %s to %s\n", from, to);
	}
}

void report_tls_lines(FILE *out, const struct report_opts *o, const struct tls_report *t)
{
	fprintf(out, REPORT_ATTEMPT_INDENT "TLS %s, %s\n", t->version, t->cipher);
	if (!t->have_cert)
		return;
	fputs(REPORT_ATTEMPT_INDENT "certificate: subject ", out);
	str_escape(out, t->subject, STR_ESCAPE_HEX);
	fputs("\n" REPORT_ATTEMPT_INDENT "issuer ", out);
	str_escape(out, t->issuer, STR_ESCAPE_HEX);
	fputs("\n" REPORT_ATTEMPT_INDENT "names:", out);
	report_cert_names(out, t);
	char from[STR_TIME_SIZE], to[STR_TIME_SIZE];
	str_time_utc(from, sizeof from, t->not_before, STR_TIME_MINUTE);
	str_time_utc(to, sizeof to, t->not_after, STR_TIME_MINUTE);
	fprintf(out, "%s\n" REPORT_ATTEMPT_INDENT "valid from %s to %s\n", t->sans_truncated ? " ..." : "", from, to);
	if (o->verbose)
		tls_detail(out, t); /* SPEC §7: serials, fingerprints, pins and the chain as sent under -v */
	fprintf(out, REPORT_ATTEMPT_INDENT "chain %s, name %s, dates %s; expires in %ld days\n",
		t->chain_ok ? "trusted" : "NOT TRUSTED", t->name_ok ? "matches" : "DOES NOT MATCH",
		t->dates_ok ? "valid" : "NOT VALID", t->days_to_expiry);
	if (t->failures) {
		char classes[CERT_FAILURES_TEXT];
		cert_failures_join(t->failures, classes, sizeof classes);
		fprintf(out, REPORT_ATTEMPT_INDENT "%srejected: %s%s\n", report_color(o, C_RED), classes,
			report_color(o, C_OFF));
	}
	report_sha1_warning(out, t, REPORT_ATTEMPT_INDENT);
}

/* The header fields of a SIP answer the trace shows, when present. */
static void sip_fields(FILE *out, const struct sip_response *r)
{
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
		fprintf(out, REPORT_ATTEMPT_INDENT "  %s: ", fields[i].label);
		str_escape(out, value, STR_ESCAPE_HEX);
		fputc('\n', out);
	}
}

void report_sip_lines(FILE *out, const struct report_opts *o, const struct sip_report *s)
{
	if (o->verbose && s->request)
		report_block(out, o, s->request, REPORT_ATTEMPT_INDENT "> ");
	if (!s->answered) {
		fputs(REPORT_ATTEMPT_INDENT "REGISTER (no credentials): ", out);
		str_escape(out, s->error, STR_ESCAPE_HEX);
		fputc('\n', out);
		return;
	}
	const struct sip_response *r = &s->response;
	fprintf(out, REPORT_ATTEMPT_INDENT "REGISTER (no credentials) -> %d ", r->code);
	str_escape(out, r->reason, STR_ESCAPE_HEX);
	fprintf(out, " in %u ms\n", s->ms);
	for (size_t i = 0; i < r->n_challenges; i++) {
		const struct sip_challenge *c = &r->challenges[i];
		fprintf(out, REPORT_ATTEMPT_INDENT "  offers %-8s realm \"", sip_scheme_name(c->scheme));
		str_escape(out, c->realm, STR_ESCAPE_HEX);
		fputs("\" targetname \"", out);
		str_escape(out, c->targetname, STR_ESCAPE_HEX);
		fputs("\"\n", out);
	}
	sip_fields(out, r);
	if (o->verbose && s->raw)
		report_block(out, o, s->raw, REPORT_ATTEMPT_INDENT "< ");
}

void report_redirect_lines(FILE *out, const struct report_opts *o, const struct result *r)
{
	for (size_t i = 0; i < r->n_redirects; i++) {
		const struct redirect_hop *h = &r->redirects[i];
		const struct attempt *a = &h->attempt;
		fprintf(out, "  redirect %zu: %d to ", i + 1, h->code);
		if (h->outcome == HOP_BAD_CONTACT) {
			str_escape(out, h->contact, STR_ESCAPE_HEX);
			fprintf(out, "  %s\n", hop_outcome_name(h->outcome));
			continue;
		}
		fprintf(out, "%s:%u %s %s  %s", h->target.host, h->target.port, sd_transport_name(h->target.transport),
			a->address[0] ? a->address : "-", attempt_outcome_name(a));
		if (h->outcome == HOP_UNRESOLVED)
			fprintf(out, " (%s%s%s)", h->dns[0] ? h->dns : "no address", h->dns_server[0] ? " from " : "",
				h->dns_server);
		else
			fprintf(out, " %u ms", a->ms);
		if (h->outcome != HOP_UNRESOLVED && a->detail[0]) {
			fputs(" (", out);
			str_escape(out, a->detail, STR_ESCAPE_HEX);
			fputc(')', out);
		}
		fputc('\n', out);
		if (a->has_tls)
			report_tls_lines(out, o, &a->tls);
		if (a->sip)
			report_sip_lines(out, o, a->sip);
	}
}
