/*
 * report_nagios.c — the Monitoring Plugins view (SPEC §7): a status line with
 * perfdata, then long output. The whole run is one plugin answer, so results
 * are reduced to a few bounded strings as they finish and printed at the end.
 */
#include "report.h"

#include <stdlib.h>
#include <string.h>

#include "array.h"

#define SERVICE "SIPDISCOVER"        /* the first word of the plugin answer */
#define NAMES_SHOWN 5                /* names per state on the first line of a batch */
#define HINTS_MAX 4096               /* the long output kept per address */
#define SUMMARY_MAX 768              /* an address's summary on the plugin line */
#define PERF_MAX 192                 /* an address's perfdata items */
#define LABEL_EXTRA 64               /* a perfdata label beyond its domain: "_2_connect" */

struct nagios_entry {
	enum sd_verdict state;
	bool rejected;               /* an input error: name is the input, quoted */
	char name[SD_HOST_MAX];      /* the domain, or the escaped input */
	char address[SD_HOST_MAX + 260]; /* "user@domain", as plugin text: the name when a domain has several */
	bool shared;                 /* another address of the run has this domain: named by address */
	unsigned occurrence;         /* 1 for an address's first entry in the run, 2 for its second... */
	char summary[SUMMARY_MAX];
	char perf[PERF_MAX];         /* "dns=12ms total=60ms ...", labels unprefixed */
	char *hints;                 /* escaped hints, one per line, or NULL */
};

struct nagios_report {
	size_t expected;             /* addresses in the run: one keeps the single-address form */
	struct nagios_entry *entries;
	size_t n;
	size_t lost;                 /* addresses not kept for want of memory */
};

/* Cuts s before an incomplete UTF-8 sequence at its end (left by a bounded copy). */
static void cut_utf8(char *s)
{
	size_t i = 0;
	while (s[i]) {
		size_t len = (unsigned char)s[i] < 0x80 ? 1 : str_utf8_length((const unsigned char *)s + i);
		if (!len) {
			s[i] = '\0';
			return;
		}
		i += len;
	}
}

static void trim_end(char *s)
{
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
}

/*
 * s as plugin text into buf (n octets): no "|", line breaks, controls or broken
 * UTF-8 (STR_ESCAPE_PLUGIN), cut to fit, no trailing blanks.
 */
static void plugin_text(char *buf, size_t n, const char *s)
{
	memset(buf, 0, n);
	FILE *f = n > 1 ? fmemopen(buf, n - 1, "w") : NULL;
	if (f) {
		str_escape(f, s, STR_ESCAPE_PLUGIN);
		fclose(f);
	}
	buf[n - 1] = '\0';
	cut_utf8(buf);
	trim_end(buf);
}

/* The chosen attempt's certificate when the verdict found its expiry a cause of r's state (SPEC §7, §8), else NULL. */
static const struct tls_report *expiry_cause(const struct result *r)
{
	int chosen = result_chosen(r);
	return r->cert_expiry != SD_VERDICT_OK && chosen >= 0 ? &r->attempts[chosen].tls : NULL;
}

/* The summary of the first line: the cause first when r is not OK (SPEC §7). */
static void summary(char *buf, size_t n, const struct result *r, enum sd_status st)
{
	char text[2 * sizeof r->reason + SD_QNAME_MAX]; /* a host and a reason fit whole */
	const struct tls_report *expiring = expiry_cause(r);
	if (!r->reason[0]) {
		sd_copy(text, sizeof text, sd_strerror(st));
	} else if (expiring) {
		sd_copy(text, sizeof text, r->reason); /* the verdict put the expiry first, and no "valid" (SPEC §7) */
	} else if (r->status == SD_VERDICT_OK && r->server >= 0) {
		const struct candidate *c = &r->candidates[r->server];
		snprintf(text, sizeof text, "%s:%u via %s (%s)", c->host, c->port, c->transport == SD_TLS ? "TLS" : "TCP",
			 r->reason);
	} else {
		sd_copy(text, sizeof text, r->reason);
	}
	plugin_text(buf, n, text);
}

/* The perfdata items of r, labels unprefixed: times in ms, the certificate's days left. */
static void perfdata(char *buf, size_t n, const struct result *r)
{
	size_t len = 0;
	buf[0] = '\0';
	str_appendf(buf, n, &len, "dns=%ums", r->ms_dns);
	if (r->ad_ran)
		str_appendf(buf, n, &len, " autodiscover=%ums", r->ms_autodiscover);
	if (result_chosen(r) >= 0) {
		const struct attempt *a = &r->attempts[result_chosen(r)];
		str_appendf(buf, n, &len, " connect=%ums", a->ms_connect);
		if (a->has_tls)
			str_appendf(buf, n, &len, " tls=%ums", a->ms_tls);
	}
	if (r->krb.ran) /* SPEC §9 */
		str_appendf(buf, n, &len, " krb=%ums", r->krb.ms);
	str_appendf(buf, n, &len, " total=%ums", r->ms_total);
	if (result_chosen(r) >= 0 && r->attempts[result_chosen(r)].tls.have_cert)
		/* Ranges "N:" alert below N (Monitoring Plugins guidelines): fewer days left is worse. */
		str_appendf(buf, n, &len, " cert_days=%ld;%d:;%d:", r->attempts[result_chosen(r)].tls.days_to_expiry,
			    r->policy->warning_days, r->policy->critical_days);
}

/* r's hints as plugin lines joined by "\n" (at most HINTS_MAX octets), or NULL when none or no memory. */
static char *hint_lines(const struct result *r)
{
	char all[HINTS_MAX], line[sizeof r->hints[0].text];
	size_t len = 0;
	all[0] = '\0';
	for (size_t i = 0; i < r->n_hints; i++) {
		plugin_text(line, sizeof line, r->hints[i].text);
		if (line[0] && !str_appendf(all, sizeof all, &len, "%s%s", len ? "\n" : "", line))
			break;
	}
	cut_utf8(all);
	return all[0] ? strdup(all) : NULL;
}

struct nagios_report *nagios_report_new(size_t addresses)
{
	struct nagios_report *nr = calloc(1, sizeof *nr);
	if (nr)
		nr->expected = addresses;
	return nr;
}

void nagios_report_add(struct nagios_report *nr, const struct result *r, enum sd_status st)
{
	struct nagios_entry *e = SD_PUSH(nr->entries, nr->n);
	if (!e) {
		nr->lost++;
		return;
	}
	memset(e, 0, sizeof *e);
	e->state = r->status;
	if (r->input_error[0]) {
		e->rejected = true;
		plugin_text(e->name, sizeof e->name, r->input);
		plugin_text(e->summary, sizeof e->summary, r->input_error);
		return;
	}
	sd_copy(e->name, sizeof e->name, r->uri.domain);
	char address[sizeof e->address];
	snprintf(address, sizeof address, "%s@%s", r->uri.user, r->uri.domain);
	plugin_text(e->address, sizeof e->address, address);
	e->occurrence = 1;
	for (size_t i = 0; i + 1 < nr->n; i++) {
		struct nagios_entry *other = &nr->entries[i];
		if (other->rejected || strcmp(other->name, e->name) != 0)
			continue;
		other->shared = e->shared = true;
		e->occurrence += strcmp(other->address, e->address) == 0;
	}
	summary(e->summary, sizeof e->summary, r, st);
	if (st == SD_OK)
		perfdata(e->perf, sizeof e->perf, r);
	/* With several addresses only the ones that need attention bring their hints. */
	if (nr->expected == 1 || r->status != SD_VERDICT_OK)
		e->hints = hint_lines(r);
}

void nagios_report_free(struct nagios_report *nr)
{
	if (!nr)
		return;
	for (size_t i = 0; i < nr->n; i++)
		free(nr->entries[i].hints);
	free(nr->entries);
	free(nr);
}

/* The worst state of the run in SPEC §8's order; UNKNOWN when nothing was kept. */
static enum sd_verdict worst_state(const struct nagios_report *nr)
{
	enum sd_verdict worst = nr->n && !nr->lost ? SD_VERDICT_OK : SD_VERDICT_UNKNOWN;
	for (size_t i = 0; i < nr->n; i++)
		worst = sd_verdict_worst(worst, nr->entries[i].state);
	return worst;
}

/*
 * How entry i is named in a batch's lines and perfdata labels: its domain, or its
 * address (user@domain) when another address of the run has the same domain, so that
 * two users of one domain can be told apart; the rejected input for a bad line.
 */
static const char *batch_name(const struct nagios_report *nr, size_t i)
{
	const struct nagios_entry *e = &nr->entries[i];
	return e->shared ? e->address : e->name;
}

/* Writes one label: quoted when it holds anything but [A-Za-z0-9_.@-] (plugin guidelines). */
static void perf_label(FILE *out, const struct nagios_report *nr, size_t i, bool prefixed, const char *label,
		       size_t len)
{
	char name[sizeof nr->entries[0].address + LABEL_EXTRA];
	unsigned nth = prefixed ? nr->entries[i].occurrence : 1;
	if (!prefixed)
		snprintf(name, sizeof name, "%.*s", (int)len, label);
	else if (nth > 1)
		snprintf(name, sizeof name, "%s_%u_%.*s", batch_name(nr, i), nth, (int)len, label);
	else
		snprintf(name, sizeof name, "%s_%.*s", batch_name(nr, i), (int)len, label);
	if (strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.@-") == strlen(name)) {
		fputs(name, out);
		return;
	}
	fputc('\'', out);
	for (const char *p = name; *p; p++) {
		if (*p == '\'')
			fputc('\'', out); /* a quote inside a quoted label is doubled */
		fputc(*p, out);
	}
	fputc('\'', out);
}

/* The perfdata of every kept entry after "|", or nothing when there is none. */
static void perf_all(FILE *out, const struct nagios_report *nr, bool prefixed)
{
	bool first = true;
	for (size_t i = 0; i < nr->n; i++) {
		const struct nagios_entry *e = &nr->entries[i];
		for (const char *p = e->perf; *p;) {
			size_t item = strcspn(p, " "), label = strcspn(p, "=");
			fputs(first ? "|" : " ", out); /* "text|perf": Icinga 2 keeps a blank before "|" in the output */
			first = false;
			perf_label(out, nr, i, prefixed, p, label);
			fprintf(out, "%.*s", (int)(item - label), p + label);
			p += item;
			p += *p == ' ';
		}
	}
}

/* How an entry is named in a batch's lines: batch_name, the rejected input in quotes. */
static void entry_name(FILE *out, const struct nagios_report *nr, size_t i)
{
	fprintf(out, nr->entries[i].rejected ? "\"%s\"" : "%s", batch_name(nr, i));
}

/* "1 of 3 OK, 1 CRITICAL: fabrikam.test, 1 UNKNOWN: \"bad\"", worst states first. */
static void batch_summary(FILE *out, const struct nagios_report *nr)
{
	static const enum sd_verdict order[] = { SD_VERDICT_CRITICAL, SD_VERDICT_WARNING, SD_VERDICT_UNKNOWN };
	size_t ok = 0;
	for (size_t i = 0; i < nr->n; i++)
		ok += nr->entries[i].state == SD_VERDICT_OK;
	fprintf(out, "%zu of %zu OK", ok, nr->n + nr->lost);
	for (size_t k = 0; k < sizeof order / sizeof order[0]; k++) {
		size_t count = 0, shown = 0;
		for (size_t i = 0; i < nr->n; i++)
			count += nr->entries[i].state == order[k];
		if (order[k] == SD_VERDICT_UNKNOWN)
			count += nr->lost;
		if (!count)
			continue;
		fprintf(out, ", %zu %s:", count, sd_verdict_label(order[k]));
		for (size_t i = 0; i < nr->n && shown < NAMES_SHOWN; i++)
			if (nr->entries[i].state == order[k]) {
				fputs(shown++ ? ", " : " ", out);
				entry_name(out, nr, i);
			}
		if (count > shown)
			fprintf(out, "%s%zu more", shown ? ", and " : " ", count - shown);
	}
}

/* The single-address form: "SIPDISCOVER STATE - summary | perfdata", then one hint per line. */
static void print_single(FILE *out, const struct nagios_entry *e)
{
	fprintf(out, SERVICE " %s - ", sd_verdict_label(e->state));
	if (e->rejected)
		fprintf(out, "\"%s\": ", e->name);
	fputs(e->summary, out);
}

enum sd_verdict nagios_report_print(FILE *out, const struct nagios_report *nr)
{
	enum sd_verdict state = worst_state(nr);
	if (nr->expected == 1 && nr->n == 1) {
		print_single(out, &nr->entries[0]);
		perf_all(out, nr, false);
		fputc('\n', out);
		if (nr->entries[0].hints)
			fprintf(out, "%s\n", nr->entries[0].hints);
		return state;
	}
	fprintf(out, SERVICE " %s - ", sd_verdict_label(state));
	batch_summary(out, nr);
	perf_all(out, nr, true);
	fputc('\n', out);
	for (size_t i = 0; i < nr->n; i++) {
		const struct nagios_entry *e = &nr->entries[i];
		entry_name(out, nr, i);
		fprintf(out, ": %s - %s\n", sd_verdict_label(e->state), e->summary);
		/* A hint belongs to the address above it: indented, it cannot pass for an address's line. */
		for (const char *p = e->hints; p && *p;) {
			size_t len = strcspn(p, "\n");
			fprintf(out, "  %.*s\n", (int)len, p);
			p += len;
			p += *p == '\n';
		}
	}
	if (nr->lost)
		fprintf(out, "%zu address%s not reported: out of memory\n", nr->lost, nr->lost == 1 ? "" : "es");
	return state;
}

void report_quiet(FILE *out, const struct result *r)
{
	if (r->input_error[0]) { /* also on stderr (SPEC §2); here so that a cron mail of stdout shows it */
		str_escape(out, r->input, STR_ESCAPE_HEX);
		fputs(": UNKNOWN: ", out);
		str_escape(out, r->input_error, STR_ESCAPE_HEX);
		fputc('\n', out);
		return;
	}
	str_escape(out, r->uri.text, STR_ESCAPE_HEX);
	fprintf(out, ": %s: ", sd_verdict_label(r->status));
	str_escape(out, r->reason, STR_ESCAPE_HEX);
	fputc('\n', out);
}
