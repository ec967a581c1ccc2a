/* dns.h — DNS transport (SPEC §4.6): one stage's queries in flight together. */
#ifndef DNS_H
#define DNS_H

#include <sys/socket.h>

#include "dns_wire.h"
#include "result.h"

struct dns_server {
	struct sockaddr_storage addr;
	socklen_t len;
	char text[80];               /* "127.0.0.1#5353", as in the trace */
};

/* SPEC §4.6: the servers asked, in order (resolv.conf's nameserver lines or each --dns-server). */
struct dns_servers {
	struct dns_server s[SD_DNS_MAX_SERVERS];
	size_t n;
	char text[SD_DNS_MAX_SERVERS * 82]; /* "127.0.0.1#53, 127.0.0.2#53", for the trace header */
};

/* Parses "ADDR", "ADDR:PORT", "[ADDR6]:PORT" or a bare IPv6 address. */
enum sd_status dns_server_parse(const char *spec, struct dns_server *out, char *why, size_t whylen);

/* Parses a comma-separated list of dns_server_parse forms (--dns-server given several times). */
enum sd_status dns_servers_parse(const char *list, struct dns_servers *out, char *why, size_t whylen);

/* Every usable "nameserver" of a resolv.conf file, in order (at most SD_DNS_MAX_SERVERS). */
enum sd_status dns_servers_from_resolv_conf(const char *path, struct dns_servers *out, char *why, size_t whylen);

/*
 * Sends every pending query of r's given stage at once and waits until each has
 * an answer or its timeout_ms ran out: a stage costs one round trip. Each query
 * asks the servers in order (SPEC §4.6): UDP sent up to 3 times to a server, the
 * next server after no answer, SERVFAIL or REFUSED; timeout_ms bounds the query
 * across all servers. A truncated answer is asked again over TCP within the same
 * deadline. Stage 1 also sends each server a liveness probe and fills
 * r->dns_servers. keep_raw stores each answer's text form for --verbose.
 */
enum sd_status dns_stage_run(const struct dns_servers *srv, struct result *r, enum dns_stage stage, unsigned timeout_ms,
			     bool keep_raw);

#endif
