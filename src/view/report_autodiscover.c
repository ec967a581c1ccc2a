/* report_autodiscover.c — the autodiscover stage (SPEC §4.7) in the trace and in JSON. */
#include "report_autodiscover.h"

#include "autodiscover_decide.h"
#include "autodiscover_doc.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static void said(FILE *out, const char *label, const char *s)
{
	fputs(label, out);
	report_safe(out, s);
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
static void cert_line(FILE *out, const struct result *r, const struct ad_url *a)
{
	const struct tls_report *t = &a->tls;
	if (!a->has_tls)
		return;
	fputs("      certificate", out);
	const char *sep = ": rejected: ";
	for (unsigned bit = 0; bit < CERT_FAILURE_BITS; bit++)
		if (t->failures & (1u << bit)) {
			fprintf(out, "%s%s", sep, cert_failure_name(bit));
			sep = ", ";
		}
	enum ad_cert_action act = autodiscover_cert_action(r->profile->ad.tls, t);
	fprintf(out, "%s%s", t->failures ? " -> " : ": ", action_text(act));
	if (t->have_cert) {
		said(out, "; subject ", t->subject);
		said(out, ", issuer ", t->issuer);
		fputs("; names:", out);
		for (size_t i = 0; i < t->n_sans; i++)
			said(out, " ", t->sans[i]);
		fprintf(out, "; expires in %ld days", t->days_to_expiry);
	} else if (t->failure[0])
		said(out, "; ", t->failure);
	fputc('\n', out);
	if (t->sha1_signature)
		fputs("      warning: signed with SHA-1 (accepted, as Windows clients accept it)\n", out);
}

static void link_lines(FILE *out, const struct ad_url *a)
{
	for (size_t i = 0; i < a->n_redirects; i++) {
		fprintf(out, "      redirect %ld to ", a->redirects[i].status);
		report_safe(out, a->redirects[i].location);
		fputc('\n', out);
	}
	for (size_t i = 0; i < a->n_links; i++) {
		const struct ad_link_seen *l = &a->links[i];
		fprintf(out, "      %*slink ", (int)(2 * l->level), "");
		report_safe(out, l->token);
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

static void server_lines(FILE *out, const struct ad_url *a)
{
	for (size_t i = 0; i < a->n_servers; i++) {
		const struct ad_server *s = &a->servers[i];
		fprintf(out, "      %s ", ad_access_name((enum ad_access_kind)s->kind));
		report_safe(out, s->fqdn);
		fprintf(out, ":%u  %s\n", s->port,
			s->used ? "a SIP server for the client (TLS)"
			: s->kind >= AD_ACCESS_SERVER_INTERNAL ? "shown, ignored by the client"
							       : "dropped: AccessLocation is External");
	}
	if (a->outcome == AD_UNAUTHORIZED) {
		fputs("      authentication:", out);
		for (size_t i = 0; i < a->n_schemes; i++)
			said(out, i ? ", " : " ", a->schemes[i]);
		if (a->n_schemes == 0)
			fputs(" no scheme offered", out);
		if (a->webticket_url[0])
			said(out, "; web ticket at ", a->webticket_url);
		fputc('\n', out);
	}
}

/* Whether a's last request is already on a line of its own: the URL itself, the last
 * redirect's target or the last link followed (each hop is listed once). */
static bool already_shown(const struct ad_url *a)
{
	if (strcasecmp(a->final_url, a->url) == 0)
		return true;
	if (a->n_redirects && strcasecmp(a->final_url, a->redirects[a->n_redirects - 1].location) == 0)
		return true;
	for (size_t i = a->n_links; i-- > 0;)
		if (a->links[i].followed)
			return strcasecmp(a->final_url, a->links[i].href) == 0;
	return false;
}

static void url_lines(FILE *out, const struct result *r, const struct ad_url *a)
{
	fputs("  ", out);
	report_safe(out, a->url);
	if (!a->needed)
		fputs("  [not needed: the client already had an answer]", out);
	else if (a->winner)
		fputs("  [the answer the client uses]", out);
	fputc('\n', out);
	fprintf(out, "      %s  %s", a->address[0] ? a->address : "-", ad_outcome_name(a->outcome));
	if (a->status)
		fprintf(out, "  %ld", a->status);
	if (a->content_type[0])
		said(out, "  ", a->content_type);
	if (a->address[0])
		fprintf(out, "  %u ms", a->ms);
	if (a->detail[0])
		said(out, "  (", a->detail), fputc(')', out);
	fputc('\n', out);
	if (!already_shown(a) && a->address[0])
		said(out, "      last request: ", a->final_url), fputc('\n', out);
	cert_line(out, r, a);
	link_lines(out, a);
	server_lines(out, a);
}

void report_autodiscover_text(FILE *out, const struct result *r, const char *bold, const char *off)
{
	const struct profile_ad *ad = &r->profile->ad;
	if (ad->n_urls == 0 || r->fallback == FALLBACK_NOT_APPLICABLE || r->fallback == FALLBACK_UNDECIDED)
		return;
	fprintf(out, "\n%s0. Autodiscover%s\n", bold, off);
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
		url_lines(out, r, &r->autodiscover[i]);
	char line[1024];
	autodiscover_summary(r, line, sizeof line);
	fprintf(out, "  => ");
	report_safe(out, line);
	fprintf(out, "  (%u ms)\n", r->ms_autodiscover);
}

/* A string from the network: jansson wants UTF-8, so anything else is escaped. */
static json_t *js(const char *s)
{
	json_t *j = json_string(s);
	if (j)
		return j;
	char buf[AD_URL_SIZE * 4 + 1];
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p && n + 5 < sizeof buf; p++)
		n += (size_t)snprintf(buf + n, sizeof buf - n, *p < 0x80 ? "%c" : "\\x%02x", *p);
	return json_string(buf);
}

/* js(s), or null for an empty s. */
static json_t *js_or_null(const char *s)
{
	return s[0] ? js(s) : json_null();
}

static json_t *url_object(const struct result *r, const struct ad_url *a)
{
	json_t *links = json_array(), *servers = json_array(), *schemes = json_array();
	for (size_t i = 0; i < a->n_links; i++)
		json_array_append_new(links, json_pack("{s:o, s:o, s:b, s:i, s:s?}", "token", js(a->links[i].token),
						      "href", js(a->links[i].href), "followed", a->links[i].followed,
						      "level", (int)a->links[i].level, "led_to",
						      a->links[i].followed ? ad_outcome_name(a->links[i].led_to) : NULL));
	for (size_t i = 0; i < a->n_servers; i++)
		json_array_append_new(servers, json_pack("{s:o, s:i, s:s, s:b}", "fqdn", js(a->servers[i].fqdn), "port",
							 (int)a->servers[i].port, "kind",
							 ad_access_name((enum ad_access_kind)a->servers[i].kind),
							 "used", a->servers[i].used));
	for (size_t i = 0; i < a->n_schemes; i++)
		json_array_append_new(schemes, js(a->schemes[i]));
	json_t *auth = json_pack("{s:o, s:o}", "schemes", schemes, "webticket_url", js_or_null(a->webticket_url));
	/* tls: the same object as attempts[].tls (SPEC §4.7); cert_action: what the client does with it */
	enum ad_cert_action act = autodiscover_cert_action(r->profile->ad.tls, a->has_tls ? &a->tls : NULL);
	return json_pack("{s:o, s:s?, s:s, s:o, s:o, s:o, s:s?, s:o, s:o, s:o, s:b, s:b, s:i, s:o, s:o}", "url",
			 js(a->url), "address", a->address[0] ? a->address : NULL, "outcome", ad_outcome_name(a->outcome),
			 "status", a->status ? json_integer(a->status) : json_null(), "content_type",
			 js_or_null(a->content_type), "tls", a->has_tls ? report_tls_json(&a->tls) : json_null(),
			 "cert_action", act == AD_CERT_NONE ? NULL : ad_cert_action_name(act), "links", links, "servers",
			 servers, "auth", auth, "needed", a->needed, "winner", a->winner, "ms", (int)a->ms, "final_url",
			 js(a->final_url), "detail", js_or_null(a->detail));
}

json_t *report_autodiscover_json(const struct result *r)
{
	json_t *arr = json_array();
	for (size_t i = 0; arr && i < r->n_autodiscover; i++)
		if (json_array_append_new(arr, url_object(r, &r->autodiscover[i])) != 0) {
			json_decref(arr);
			return NULL;
		}
	return arr;
}
