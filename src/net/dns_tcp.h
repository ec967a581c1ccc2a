/* dns_tcp.h — one DNS exchange over TCP, after a truncated UDP answer (RFC 7766): the
 * length-prefixed query written and the length-prefixed answer read on a non-blocking
 * socket, one step each time poll says the socket is ready. The deadline is the caller's. */
#ifndef DNS_TCP_H
#define DNS_TCP_H

#include "dns_servers.h"

enum dns_tcp_state { DNS_TCP_CONNECTING, DNS_TCP_WRITING, DNS_TCP_READING };

struct dns_tcp {
	enum dns_tcp_state state;
	uint8_t *buf;                /* the query, then the answer, each after its 2-byte length */
	size_t len;                  /* the query's length with its prefix */
	size_t done;                 /* bytes written, then bytes read */
};

/* What a step came to. */
enum dns_tcp_step { DNS_TCP_MORE, DNS_TCP_ANSWER, DNS_TCP_FAILED };

/*
 * Opens a TCP connection to s for the query msg (msg_len bytes) into *fd and readies t.
 * SD_OK; SD_ERR_SOCKET or SD_ERR_NOMEM with why filled ("truncated answer, and TCP
 * failed"), *fd then -1 and t holding nothing.
 */
enum sd_status dns_tcp_start(struct dns_tcp *t, int *fd, const struct dns_server *s, const uint8_t *msg,
			     size_t msg_len, char *why, size_t n);

/* The poll events t waits for. */
short dns_tcp_events(const struct dns_tcp *t);

/*
 * One step on fd once poll said it is ready: DNS_TCP_MORE (poll again), DNS_TCP_ANSWER
 * (*answer, *len: the answer without its prefix, in t's buffer) or DNS_TCP_FAILED (why).
 */
enum dns_tcp_step dns_tcp_step(struct dns_tcp *t, int fd, const uint8_t **answer, size_t *len, char *why, size_t n);

/* Frees t's buffer (not the socket, which is the caller's); safe to call twice. */
void dns_tcp_free(struct dns_tcp *t);

#endif
