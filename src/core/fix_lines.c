/* fix_lines.c — SPEC §7.1: master-file lines (RFC 1035, absolute names, TTL 3600) and the
 * Windows DNS Server cmdlets of the DnsServer module, with -Name relative to -ZoneName. */
#include "fix_lines.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define FIX_TTL 3600

/* Appends a printf-style line to lines (each text once; silently dropped when full). */
__attribute__((format(printf, 3, 4))) static void push(char lines[][FIX_LINE_MAX], size_t *n, const char *fmt, ...)
{
	char line[FIX_LINE_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	for (size_t i = 0; i < *n; i++)
		if (strcmp(lines[i], line) == 0)
			return;
	if (*n < FIX_LINES_MAX)
		memcpy(lines[(*n)++], line, sizeof line);
}

/* name without its trailing dot, if any. */
static void bare(const char *name, char *out, size_t size)
{
	snprintf(out, size, "%s", name);
	size_t len = strlen(out);
	if (len > 1 && out[len - 1] == '.')
		out[len - 1] = '\0';
}

/* Whether name is zone or a name under it. */
static bool within(const char *name, const char *zone)
{
	size_t ln = strlen(name), lz = strlen(zone);
	if (lz == 0 || ln < lz || strcasecmp(name + ln - lz, zone) != 0)
		return false;
	return ln == lz || name[ln - lz - 1] == '.';
}

void fix_zone_of(const char *name, const char *domain, const char *const *zones, size_t n, char *zone, size_t size)
{
	char host[SD_QNAME_MAX];
	bare(name, host, sizeof host);
	const char *best = NULL;
	for (size_t i = 0; i < n; i++)
		if (zones[i] && within(host, zones[i]) && (!best || strlen(zones[i]) > strlen(best)))
			best = zones[i];
	if (!best && within(host, domain))
		best = domain;
	if (!best) {
		const char *dot = strchr(host, '.');
		best = dot && dot[1] ? dot + 1 : host;
	}
	snprintf(zone, size, "%s", best);
}

void fix_relative(const char *name, const char *zone, char *out, size_t size)
{
	char host[SD_QNAME_MAX];
	bare(name, host, sizeof host);
	size_t ln = strlen(host), lz = strlen(zone);
	if (!within(host, zone))
		snprintf(out, size, "%s.", host); /* not in the zone: an absolute name */
	else if (ln == lz)
		snprintf(out, size, "@");
	else
		snprintf(out, size, "%.*s", (int)(ln - lz - 1), host);
}

void fix_add_address(struct hint_fix *f, const char *zone, const char *host, bool v6, const char *addr)
{
	char h[SD_QNAME_MAX], rel[SD_QNAME_MAX];
	bare(host, h, sizeof h);
	fix_relative(h, zone, rel, sizeof rel);
	const char *a = addr ? addr : FIX_UNKNOWN_ADDRESS;
	push(f->zone, &f->n_zone, "%s. %d IN %s %s", h, FIX_TTL, v6 ? "AAAA" : "A", a);
	push(f->powershell, &f->n_powershell, "Add-DnsServerResourceRecord%s -ZoneName \"%s\" -Name \"%s\" -%s \"%s\"",
	     v6 ? "AAAA" : "A", zone, rel, v6 ? "IPv6Address" : "IPv4Address", a);
}

void fix_delete_address(struct hint_fix *f, const char *zone, const char *host, bool v6, const char *addr)
{
	char h[SD_QNAME_MAX], rel[SD_QNAME_MAX];
	bare(host, h, sizeof h);
	fix_relative(h, zone, rel, sizeof rel);
	push(f->zone, &f->n_zone, "; delete: %s. %d IN %s %s", h, FIX_TTL, v6 ? "AAAA" : "A", addr);
	push(f->powershell, &f->n_powershell,
	     "Remove-DnsServerResourceRecord -ZoneName \"%s\" -RRType \"%s\" -Name \"%s\" -RecordData \"%s\" -Force", zone,
	     v6 ? "AAAA" : "A", rel, addr);
}

void fix_add_srv(struct hint_fix *f, const char *zone, const char *owner, const struct srv_record *s)
{
	char o[SD_QNAME_MAX], t[SD_QNAME_MAX], rel[SD_QNAME_MAX];
	bare(owner, o, sizeof o);
	bare(s->target, t, sizeof t);
	fix_relative(o, zone, rel, sizeof rel);
	push(f->zone, &f->n_zone, "%s. %d IN SRV %u %u %u %s.", o, FIX_TTL, s->priority, s->weight, s->port, t);
	push(f->powershell, &f->n_powershell,
	     "Add-DnsServerResourceRecord -ZoneName \"%s\" -Srv -Name \"%s\" -DomainName \"%s.\" -Priority %u -Weight %u "
	     "-Port %u", zone, rel, t, s->priority, s->weight, s->port);
}

void fix_delete_srv(struct hint_fix *f, const char *zone, const char *owner, const struct srv_record *s)
{
	char o[SD_QNAME_MAX], t[SD_QNAME_MAX], rel[SD_QNAME_MAX];
	bare(owner, o, sizeof o);
	bare(s->target, t, sizeof t);
	fix_relative(o, zone, rel, sizeof rel);
	push(f->zone, &f->n_zone, "; delete: %s. %d IN SRV %u %u %u %s.", o, FIX_TTL, s->priority, s->weight, s->port, t);
	push(f->powershell, &f->n_powershell,
	     "Remove-DnsServerResourceRecord -ZoneName \"%s\" -RRType \"Srv\" -Name \"%s\" -RecordData \"%u %u %u %s.\" "
	     "-Force", zone, rel, s->priority, s->weight, s->port, t);
}

void fix_add_cname(struct hint_fix *f, const char *zone, const char *owner, const char *target)
{
	char o[SD_QNAME_MAX], t[SD_QNAME_MAX], rel[SD_QNAME_MAX];
	bare(owner, o, sizeof o);
	bare(target, t, sizeof t);
	fix_relative(o, zone, rel, sizeof rel);
	push(f->zone, &f->n_zone, "%s. %d IN CNAME %s.", o, FIX_TTL, t);
	push(f->powershell, &f->n_powershell,
	     "Add-DnsServerResourceRecordCName -ZoneName \"%s\" -Name \"%s\" -HostNameAlias \"%s.\"", zone, rel, t);
}

void fix_add_certificate_name(struct hint_fix *f, const char *name)
{
	char h[SD_HOST_MAX];
	bare(name, h, sizeof h);
	for (size_t i = 0; i < f->n_certificate_names; i++)
		if (strcasecmp(f->certificate_names[i], h) == 0)
			return;
	if (f->n_certificate_names < FIX_LINES_MAX)
		memcpy(f->certificate_names[f->n_certificate_names++], h, sizeof h);
}

bool fix_empty(const struct hint_fix *f)
{
	return f->n_zone == 0 && f->n_powershell == 0 && f->n_certificate_names == 0;
}

void fix_format(char *buf, size_t n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, n, fmt, ap);
	va_end(ap);
}
