/* report_nagios.c — the Monitoring Plugins view: one status line with perfdata (SPEC §7). */
#include "report.h"

#include <string.h>

/* The plugin line may not hold '|' (it starts the perfdata), line breaks, controls or broken UTF-8. */
static void plugin_text(FILE *out, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		size_t n = *p >= 0x80 ? report_utf8_length(p) : 0;
		if (n > 0 && !(p[0] == 0xc2 && p[1] < 0xa0)) {
			fwrite(p, 1, n, out);
			p += n;
			continue;
		}
		fputc(*p == '|' ? '/' : *p < 0x20 || *p >= 0x7f ? '?' : *p, out);
		p++;
	}
}

void report_nagios(FILE *out, const struct result *r)
{
	fprintf(out, "SIPDISCOVER %s - ", sd_verdict_label(r->status));
	if (r->input_error[0]) {
		fputc('"', out);
		plugin_text(out, r->input);
		fputs("\": ", out);
		plugin_text(out, r->input_error);
		fputc('\n', out);
		return;
	}
	if (r->server >= 0) {
		const struct candidate *c = &r->candidates[r->server];
		plugin_text(out, c->host);
		fprintf(out, ":%u via %s", c->port, c->transport == SD_TLS ? "TLS" : "TCP");
	} else {
		fputs("no server", out);
	}
	fputs(" (", out);
	plugin_text(out, r->reason);
	fprintf(out, ") | dns=%ums", r->ms_dns);
	if (r->ad_ran)
		fprintf(out, " autodiscover=%ums", r->ms_autodiscover);
	if (r->chosen >= 0) {
		const struct attempt *a = &r->attempts[r->chosen];
		fprintf(out, " connect=%ums", a->ms_connect);
		if (a->has_tls)
			fprintf(out, " tls=%ums", a->ms_tls);
	}
	fprintf(out, " total=%ums", r->ms_total);
	if (r->chosen >= 0 && r->attempts[r->chosen].tls.have_cert)
		/* Ranges "N:" alert below N (Monitoring Plugins guidelines): fewer days left is worse. */
		fprintf(out, " cert_days=%ld;%d:;%d:", r->attempts[r->chosen].tls.days_to_expiry, r->policy->warning_days,
			r->policy->critical_days);
	fputc('\n', out);
}

void report_quiet(FILE *out, const struct result *r)
{
	if (r->input_error[0])
		return; /* main has said it on stderr */
	report_safe(out, r->uri.text);
	fprintf(out, ": %s: ", sd_verdict_label(r->status));
	report_safe(out, r->reason);
	fputc('\n', out);
}
