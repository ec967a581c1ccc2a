/* dns_servers.h — the DNS servers a run asks (SPEC §4.6): parsed from --dns-server or
 * resolv.conf, the order a stage asks them in, and what each did. */
#ifndef DNS_SERVERS_H
#define DNS_SERVERS_H

#include <sys/socket.h>

#include "dns_query.h"

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

/* A non-blocking socket of type (SOCK_DGRAM or SOCK_STREAM) connected, or connecting, to s;
 * -1 with errno set when the system refuses one. */
int dns_server_socket(const struct dns_server *s, int type);

/* Each of srv's servers in rep[], "not asked" and not alive, and *n_rep = srv->n. */
void dns_server_reports_init(const struct dns_servers *srv, struct dns_server_report *rep, size_t *n_rep);

/*
 * The order a stage asks srv's servers in, as indices into order[]: the SRV stage (or
 * any stage without reports for every server) in their configured order, as the system
 * resolver does; later stages first the servers rep says answered, then the silent ones
 * as a last resort: a dead first server would otherwise cost a share of --timeout again
 * in every stage (SPEC §4.6, one round trip per stage).
 */
void dns_server_order(const struct dns_servers *srv, const struct dns_server_report *rep, size_t n_rep,
		      enum dns_stage stage, size_t order[SD_DNS_MAX_SERVERS]);

/* Records in rep what a server did: once it was alive, only a later "alive" text replaces
 * what it said. */
void dns_server_note(struct dns_server_report *rep, bool alive, const char *what);

#endif
