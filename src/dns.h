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

/* Parses "ADDR", "ADDR:PORT", "[ADDR6]:PORT" or a bare IPv6 address. */
enum sd_status dns_server_parse(const char *spec, struct dns_server *out, char *why, size_t whylen);

/* The first usable "nameserver" of a resolv.conf file. */
enum sd_status dns_server_from_resolv_conf(const char *path, struct dns_server *out, char *why, size_t whylen);

/*
 * Sends every pending query of the given stage at once and waits until each has
 * an answer or its timeout_ms ran out: a stage costs one round trip. UDP first; a
 * truncated answer is asked again over TCP within the same deadline. keep_raw
 * stores each answer's text form for --verbose.
 */
enum sd_status dns_stage_run(const struct dns_server *srv, struct query *qs, size_t n, enum dns_stage stage,
			     unsigned timeout_ms, bool keep_raw);

#endif
