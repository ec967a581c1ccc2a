/* report_autodiscover_text.c — the autodiscover stage (SPEC §4.7) in the trace. */
#include "report_autodiscover_text.h"

#include "autodiscover_decide.h"
#include "autodiscover_doc.h"
#include "report_text_parts.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#define SUMMARY_MAX 1024             /* the stage's closing line ("=> ...") */

/* label, then s escaped (STR_ESCAPE_HEX). */
static void said(FILE *out, const char *label, const char *s)
{
	fputs(label, out);
	str_escape(out, s, STR_ESCAPE_HEX);
}

/* What the client does with a certificate, as the trace says it (SPEC §4.7). */
static const char *action_text(enum ad_cert_action act)
{
	static const char *const text[] = {
		[AD_CERT_NONE] = "", [AD_CERT_ACCEPTED] = "accepted", [AD_CERT_WARNING] = "the client shows a certificate warning",
		[AD_CERT_PROMPT] = "the client stops on a certificate prompt",
		[AD_CERT_REJECTED] = "the client fails this URL without a prompt",
	};
	return text[act];
}

/* The certificate with the failure classes of SIP attempts (SPEC §6) and what the client does. */
static void cert_line(FILE *out, const struct result *r, const struct ad_url *a, const char *ind)
{
	const struct tls_report *t = &a->tls;
	if (!a->has_tls)
		return;
	fprintf(out, "%scertificate", ind);
	if (t->failures) {
		char classes[CERT_FAILURES_TEXT];
		cert_failures_join(t->failures, classes, sizeof classes);
		fprintf(out, ": rejected: %s", classes);
	}
	enum ad_cert_action act = autodiscover_cert_action(r->profile->ad.tls, t);
	fprintf(out, "%s%s", t->failures ? " -> " : ": ", action_text(act));
	if (t->have_cert) {
		said(out, "; subject ", t->subject);
		said(out, ", issuer ", t->issuer);
		fputs("; names:", out);
		report_cert_names(out, t);
		fprintf(out, "; expires in %ld days", t->days_to_expiry);
	} else if (t->failure[0])
		said(out, "; ", t->failure);
	fputc('\n', out);
	report_sha1_warning(out, t, ind);
}

static void link_lines(FILE *out, const struct ad_url *a, const char *ind)
{
	/* a 3xx is in the entry's detail ("302 to URL"), its Location the next entry when followed */
	for (size_t i = 0; i < a->n_links; i++) {
		const struct ad_link_seen *l = &a->links[i];
		fprintf(out, "%slink ", ind);
		str_escape(out, l->token, STR_ESCAPE_HEX);
		said(out, " ", l->href);
		if (l->followed)
			fprintf(out, "  -> %s%s", ad_outcome_name(l->led_to), l->status ? "" : "");
		if (l->followed && l->status)
			fprintf(out, " (%ld)", l->status);
		if (!l->followed)
			fputs("  (not followed)", out);
		fputc('\n', out);
	}
}

static void server_lines(FILE *out, const struct ad_url *a, const char *ind)
{
	for (size_t i = 0; i < a->n_servers; i++) {
		const struct ad_server *s = &a->servers[i];
		fprintf(out, "%s%s ", ind, ad_access_name((enum ad_access_kind)s->kind));
		str_escape(out, s->fqdn, STR_ESCAPE_HEX);
		fprintf(out, ":%u  %s\n", s->port,
			s->used ? "a SIP server for the client (TLS)"
			: s->kind >= AD_ACCESS_SERVER_INTERNAL ? "shown, ignored by the client"
							       : "dropped: AccessLocation is External");
	}
	if (a->outcome == AD_UNAUTHORIZED) {
		fprintf(out, "%sauthentication:", ind);
		for (size_t i = 0; i < a->n_schemes; i++)
			said(out, i ? ", " : " ", a->schemes[i]);
		if (a->n_schemes == 0)
			fputs(" no scheme offered", out);
		if (a->webticket_url[0])
			said(out, "; web ticket at ", a->webticket_url);
		fputc('\n', out);
	}
}

/* How many hops entry i is below its first URL. */
static unsigned depth(const struct result *r, size_t i)
{
	unsigned d = 0;
	for (const struct ad_url *a = &r->autodiscover[i]; ad_is_hop(a) && d < 16; a = &r->autodiscover[a->from])
		d++;
	return d;
}

/* Entry i: its URL (a hop indented under the entry it came from, saying how it came), then
 * its address, outcome, status, time, certificate, redirect, links and servers (SPEC §4.7). */
static void url_lines(FILE *out, const struct result *r, size_t i)
{
	const struct ad_url *a = &r->autodiscover[i];
	unsigned d = depth(r, i);
	char ind[64];
	snprintf(ind, sizeof ind, "%*s", (int)(sizeof REPORT_URL_INDENT - 1 + 2 * d), "");
	fprintf(out, "  %*s", (int)(2 * d), "");
	str_escape(out, a->url, STR_ESCAPE_HEX);
	if (ad_is_hop(a)) { /* under the entry it came from */
		said(out, "  [via ", a->via);
		fputs(strcmp(a->via, "redirect") == 0 ? "]" : " link]", out);
	}
	if (a->if_rejected) /* SPEC §6: after a prompt */
		fputs("  [only if the user rejects the prompt]", out);
	else if (!a->needed)
		fputs("  [not needed: the client already had an answer]", out);
	else if (a->winner)
		fputs("  [the answer the client uses]", out);
	fputc('\n', out);
	fprintf(out, "%s%s  %s", ind, a->address[0] ? a->address : "-", ad_outcome_name(a->outcome));
	if (a->status)
		fprintf(out, "  %ld", a->status);
	if (a->content_type[0])
		said(out, "  ", a->content_type);
	if (a->address[0])
		fprintf(out, "  %u ms", a->ms);
	if (a->detail[0])
		said(out, "  (", a->detail), fputc(')', out);
	fputc('\n', out);
	cert_line(out, r, a, ind);
	link_lines(out, a, ind);
	server_lines(out, a, ind);
}

void report_autodiscover_text(FILE *out, const struct result *r, const struct report_opts *o)
{
	const struct profile_ad *ad = &r->profile->ad;
	if (ad->n_urls == 0 || r->fallback == FALLBACK_NOT_APPLICABLE || r->fallback == FALLBACK_UNDECIDED)
		return;
	fprintf(out, "\n%s0. Autodiscover%s\n", report_color(o, C_BOLD), report_color(o, C_OFF));
	fprintf(out, "  %s asks %s; web-server redirects %s\n", r->profile->client,
		ad->urls[ad->n_urls - 1].group + 1 == ad->n_urls ? "one URL after the other"
								 : "its URLs in pairs, each pair together",
		ad->max_redirects ? "followed" : "not followed (a 3xx fails the URL)");
	if (!r->ad_ran) {
		fputs("  not asked (--no-connect): the names are resolved in stage 1; where one resolves, the client "
		      "would ask that service first, and its answer may change the server\n", out);
		return;
	}
	for (size_t i = 0; i < r->n_autodiscover; i++)
		url_lines(out, r, i);
	char line[SUMMARY_MAX];
	autodiscover_summary(r, line, sizeof line);
	fprintf(out, "  => ");
	str_escape(out, line, STR_ESCAPE_HEX);
	fprintf(out, "  (%u ms)\n", r->ms_autodiscover);
}
