/* fix_lines.h — SPEC §7.1: one DNS change written as a master-file line and as a Windows DNS
 * Server cmdlet, and a certificate's names. Pure: formats only. */
#ifndef FIX_LINES_H
#define FIX_LINES_H

#include "dns_query.h"
#include "hint_fix.h"

/* The placeholder for a value the tool cannot know (SPEC §7.1). */
#define FIX_UNKNOWN_ADDRESS "ADDRESS"

/*
 * The zone name belongs to: the deepest of the n zones (SOA owners the run saw) that
 * holds name, else domain when name is domain or under it, else name's parent.
 */
void fix_zone_of(const char *name, const char *domain, const char *const *zones, size_t n, char *zone, size_t size);

/* name relative to zone, as the cmdlets' -Name wants it: "@" for the apex, "_sip._tls" under it. */
void fix_relative(const char *name, const char *zone, char *out, size_t size);

/* An address record for host (addr NULL: the placeholder): "host. 3600 IN A addr" and its cmdlet. */
void fix_add_address(struct hint_fix *f, const char *zone, const char *host, bool v6, const char *addr);

/* The same record to delete: a "; delete:" comment and Remove-DnsServerResourceRecord. */
void fix_delete_address(struct hint_fix *f, const char *zone, const char *host, bool v6, const char *addr);

/* An SRV record owner → s's priority, weight, port and target. */
void fix_add_srv(struct hint_fix *f, const char *zone, const char *owner, const struct srv_record *s);

/* The SRV record to delete. */
void fix_delete_srv(struct hint_fix *f, const char *zone, const char *owner, const struct srv_record *s);

/* A CNAME record owner → target. */
void fix_add_cname(struct hint_fix *f, const char *zone, const char *owner, const char *target);

/* A name the certificate must carry (each once, in the order given). */
void fix_add_certificate_name(struct hint_fix *f, const char *name);

/* snprintf for a text whose cut, at n octets, is intended (hints and names are bounded). */
void fix_format(char *buf, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Whether f holds any line. */
bool fix_empty(const struct hint_fix *f);

#endif
