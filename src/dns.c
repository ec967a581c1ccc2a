/* dns.c — the DNS transport: concurrent UDP queries, TCP after truncation, deadlines. */
#include "dns.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"

/* Sockets one stage keeps open at once: a 300-record SRV set must not need 600 descriptors. */
#define DNS_MAX_INFLIGHT 64

enum wire_state { W_IDLE, W_UDP, W_TCP_CONNECT, W_TCP_WRITE, W_TCP_READ, W_DONE };

struct inflight {
	struct query *q;
	int fd;
	enum wire_state state;
	uint16_t id;
	uint8_t *msg;                /* the query in wire format */
	size_t msg_len, done;        /* TCP: bytes written, then bytes read */
	uint8_t *buf;                /* TCP: the answer with its length prefix */
	unsigned ignored;            /* answers that were not ours (wrong ID or question) */
	long long start, deadline;
};

static bool set_port(struct dns_server *out, const char *port, char *why, size_t whylen)
{
	char *end;
	long p = strtol(port, &end, 10);
	if (*port == '\0' || *end || p < 1 || p > 65535)
		return snprintf(why, whylen, "bad port \"%s\"", port), false;
	if (out->addr.ss_family == AF_INET)
		((struct sockaddr_in *)&out->addr)->sin_port = htons((uint16_t)p);
	else
		((struct sockaddr_in6 *)&out->addr)->sin6_port = htons((uint16_t)p);
	return true;
}

enum sd_status dns_server_parse(const char *spec, struct dns_server *out, char *why, size_t whylen)
{
	char host[64];
	const char *port = "53";
	memset(out, 0, sizeof *out);
	if (spec[0] == '[') {
		const char *close = strchr(spec, ']');
		if (!close || (close[1] && close[1] != ':') || (size_t)(close - spec) >= sizeof host)
			return snprintf(why, whylen, "bad DNS server \"%s\" (expected ADDR[:PORT] or [ADDR6]:PORT)", spec), SD_ERR_INPUT;
		snprintf(host, sizeof host, "%.*s", (int)(close - spec - 1), spec + 1);
		if (close[1])
			port = close + 2;
	} else {
		const char *colon = strchr(spec, ':');
		bool v4_with_port = colon && !strchr(colon + 1, ':');
		if (!sd_copy(host, sizeof host, spec))
			return snprintf(why, whylen, "bad DNS server address"), SD_ERR_INPUT;
		if (v4_with_port) {
			host[colon - spec] = '\0';
			port = colon + 1;
		}
	}
	struct sockaddr_in *v4 = (struct sockaddr_in *)&out->addr;
	struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)&out->addr;
	if (inet_pton(AF_INET, host, &v4->sin_addr) == 1) {
		v4->sin_family = AF_INET;
		out->len = sizeof *v4;
	} else if (inet_pton(AF_INET6, host, &v6->sin6_addr) == 1) {
		v6->sin6_family = AF_INET6;
		out->len = sizeof *v6;
	} else {
		return snprintf(why, whylen, "bad DNS server \"%s\" (expected an IP address)", spec), SD_ERR_INPUT;
	}
	if (!set_port(out, port, why, whylen))
		return SD_ERR_INPUT;
	snprintf(out->text, sizeof out->text, "%s#%s", host, port);
	return SD_OK;
}

enum sd_status dns_server_from_resolv_conf(const char *path, struct dns_server *out, char *why, size_t whylen)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return snprintf(why, whylen, "cannot read %s: %s", path, sd_errno_text(errno, (char[64]){ 0 }, 64)),
		       SD_ERR_RESOLVER;
	char line[512], addr[128];
	enum sd_status st = SD_ERR_RESOLVER;
	snprintf(why, whylen, "no usable nameserver in %s (use --dns-server)", path);
	while (st != SD_OK && fgets(line, sizeof line, f))
		if (sscanf(line, " nameserver %127s", addr) == 1 && strchr(addr, '%') == NULL) {
			char ignored[128];
			if (dns_server_parse(addr, out, ignored, sizeof ignored) == SD_OK)
				st = SD_OK;
		}
	fclose(f);
	return st;
}

static void finish(struct inflight *f, enum dns_result result, const char *detail)
{
	if (result != DNS_PENDING) {
		f->q->result = result;
		if (detail)
			sd_copy(f->q->detail, sizeof f->q->detail, detail);
	}
	if (f->ignored) {
		size_t n = strlen(f->q->detail);
		snprintf(f->q->detail + n, sizeof f->q->detail - n, "%signored %u answer%s with a wrong ID or question",
			 n ? "; " : "", f->ignored, f->ignored == 1 ? "" : "s");
	}
	f->q->ms = (unsigned)(clock_ms() - f->start);
	if (f->fd >= 0)
		close(f->fd);
	f->fd = -1;
	f->state = W_DONE;
}

static int open_socket(const struct dns_server *srv, int type)
{
	int fd = socket(srv->addr.ss_family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	if (connect(fd, (const struct sockaddr *)&srv->addr, srv->len) < 0 && errno != EINPROGRESS) {
		close(fd);
		return -1;
	}
	return fd;
}

/*
 * Sends f's query. Returns false, leaving f waiting, when no descriptor is free and
 * may_wait says another query in flight will free one; without that hope the query
 * fails as a local error.
 */
static bool start(struct inflight *f, const struct dns_server *srv, long long now, unsigned timeout_ms, bool may_wait)
{
	char err[96], text[64];
	int fd = open_socket(srv, SOCK_DGRAM);
	int socket_errno = errno; /* before building the query can overwrite it */
	f->start = now;
	if (fd < 0 && (socket_errno == EMFILE || socket_errno == ENFILE)) {
		if (may_wait)
			return false;
		snprintf(err, sizeof err, "local failure, cannot open a socket: %s",
			 sd_errno_text(socket_errno, text, sizeof text));
		finish(f, DNS_ERROR, err);
		f->q->local_failure = true;
		return true;
	}
	f->fd = fd;
	f->deadline = now + timeout_ms;
	clock_random(&f->id, sizeof f->id);
	enum sd_status st = dns_build_query(f->q, f->id, &f->msg, &f->msg_len);
	if (st != SD_OK) {
		finish(f, DNS_ERROR, st == SD_ERR_INPUT ? "name too long for DNS" : sd_strerror(st));
		return true;
	}
	if (f->fd < 0 || send(f->fd, f->msg, f->msg_len, 0) < 0) {
		snprintf(err, sizeof err, "cannot send: %s", sd_errno_text(f->fd < 0 ? socket_errno : errno, text, sizeof text));
		finish(f, DNS_ERROR, err);
		return true;
	}
	f->state = W_UDP;
	return true;
}

static void retry_over_tcp(struct inflight *f, const struct dns_server *srv)
{
	close(f->fd);
	f->q->via_tcp = true;
	f->done = 0;
	f->fd = open_socket(srv, SOCK_STREAM);
	f->buf = malloc(2 + 65535);
	if (f->fd < 0 || !f->buf) {
		finish(f, DNS_ERROR, "truncated answer, and TCP failed");
		return;
	}
	f->state = W_TCP_CONNECT;
}

static void on_udp(struct inflight *f, const struct dns_server *srv, bool keep_raw)
{
	uint8_t buf[65536];
	ssize_t n = recv(f->fd, buf, sizeof buf, 0);
	if (n < 0) {
		if (errno == ECONNREFUSED)
			finish(f, DNS_ERROR, "connection refused (no DNS server on that port)");
		return;
	}
	switch (dns_parse_answer(buf, (size_t)n, f->id, f->q, keep_raw)) {
	case DNS_PARSE_OK:
		finish(f, DNS_PENDING, NULL);
		break;
	case DNS_PARSE_MISMATCH:
		f->ignored++;
		break;
	case DNS_PARSE_TRUNCATED:
		retry_over_tcp(f, srv);
		break;
	}
}

static void tcp_connected(struct inflight *f)
{
	char err[96];
	int e = 0;
	socklen_t el = sizeof e;
	getsockopt(f->fd, SOL_SOCKET, SO_ERROR, &e, &el);
	if (e) {
		char text[64];
		snprintf(err, sizeof err, "truncated answer, and TCP failed: %s", sd_errno_text(e, text, sizeof text));
		finish(f, DNS_ERROR, err);
		return;
	}
	f->buf[0] = (uint8_t)(f->msg_len >> 8);
	f->buf[1] = (uint8_t)f->msg_len;
	memcpy(f->buf + 2, f->msg, f->msg_len);
	f->state = W_TCP_WRITE;
}

static void tcp_write(struct inflight *f)
{
	ssize_t n = send(f->fd, f->buf + f->done, f->msg_len + 2 - f->done, MSG_NOSIGNAL);
	if (n < 0 && errno != EAGAIN) {
		finish(f, DNS_ERROR, "TCP send failed");
		return;
	}
	f->done += n > 0 ? (size_t)n : 0;
	if (f->done == f->msg_len + 2) {
		f->state = W_TCP_READ;
		f->done = 0;
	}
}

static void tcp_read(struct inflight *f, bool keep_raw)
{
	size_t want = f->done < 2 ? 2 : 2 + ((size_t)f->buf[0] << 8 | f->buf[1]);
	ssize_t n = recv(f->fd, f->buf + f->done, want - f->done, 0);
	if (n == 0)
		finish(f, DNS_ERROR, "TCP connection closed before the answer was complete");
	else if (n < 0 && errno != EAGAIN)
		finish(f, DNS_ERROR, "TCP receive failed");
	if (n <= 0)
		return;
	f->done += (size_t)n;
	if (f->done < 2 || f->done < 2 + ((size_t)f->buf[0] << 8 | f->buf[1]))
		return;
	if (dns_parse_answer(f->buf + 2, f->done - 2, f->id, f->q, keep_raw) == DNS_PARSE_MISMATCH)
		finish(f, DNS_ERROR, "the TCP answer does not match the query");
	else
		finish(f, DNS_PENDING, NULL);
}

static void on_tcp(struct inflight *f, bool keep_raw)
{
	if (f->state == W_TCP_CONNECT)
		tcp_connected(f);
	else if (f->state == W_TCP_WRITE)
		tcp_write(f);
	else
		tcp_read(f, keep_raw);
}

static short wanted_events(const struct inflight *f)
{
	return f->state == W_TCP_CONNECT || f->state == W_TCP_WRITE ? POLLOUT : POLLIN;
}

/* One stage's queries in flight: pfd[k] polls fl[slot[k]]. */
struct stage {
	struct inflight *fl;
	size_t n;
	struct pollfd *pfd;
	size_t *slot;
	const struct dns_server *srv;
	bool keep_raw;
	unsigned timeout_ms;
};

/* Starts waiting queries while fewer than DNS_MAX_INFLIGHT are in flight; true if some still wait. */
static bool start_waiting(struct stage *s, long long now)
{
	size_t active = 0;
	bool waiting = false;
	for (size_t i = 0; i < s->n; i++)
		active += s->fl[i].state != W_IDLE && s->fl[i].state != W_DONE;
	for (size_t i = 0; i < s->n; i++) {
		if (s->fl[i].state != W_IDLE)
			continue;
		if (active >= DNS_MAX_INFLIGHT || !start(&s->fl[i], s->srv, now, s->timeout_ms, active > 0)) {
			waiting = true; /* no room, or no descriptor until one in flight ends */
			break;
		}
		active += s->fl[i].state != W_DONE;
	}
	return waiting;
}

/* Times out the late queries and lists the others for poll; returns how many, with the next deadline. */
static size_t collect(struct stage *s, long long now, long long *next)
{
	size_t np = 0;
	char err[64];
	for (size_t i = 0; i < s->n; i++) {
		struct inflight *f = &s->fl[i];
		if (f->state == W_DONE || f->state == W_IDLE)
			continue;
		if (now >= f->deadline) {
			snprintf(err, sizeof err, "no answer within %lld ms", f->deadline - f->start);
			finish(f, DNS_TIMEOUT, err);
			continue;
		}
		if (*next < 0 || f->deadline < *next)
			*next = f->deadline;
		s->slot[np] = i;
		s->pfd[np++] = (struct pollfd){ .fd = f->fd, .events = wanted_events(f) };
	}
	return np;
}

/* One pass of the event loop. Returns false when every query is done. */
static bool step(struct stage *s)
{
	long long now = clock_ms(), next = -1;
	bool waiting = start_waiting(s, now);
	size_t np = collect(s, now, &next);
	if (np == 0)
		return waiting;
	if (poll(s->pfd, np, (int)(next - now)) <= 0)
		return true;
	for (size_t k = 0; k < np; k++) {
		struct inflight *f = &s->fl[s->slot[k]];
		if (s->pfd[k].revents == 0)
			continue;
		if (f->state == W_UDP)
			on_udp(f, s->srv, s->keep_raw);
		else
			on_tcp(f, s->keep_raw);
	}
	return true;
}

enum sd_status dns_stage_run(const struct dns_server *srv, struct query *qs, size_t n, enum dns_stage stage,
			     unsigned timeout_ms, bool keep_raw)
{
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		m += qs[i].stage == stage && qs[i].result == DNS_PENDING;
	if (m == 0)
		return SD_OK;
	struct inflight *fl = calloc(m, sizeof *fl);
	struct pollfd *pfd = calloc(m, sizeof *pfd);
	size_t *slot = calloc(m, sizeof *slot);
	if (!fl || !pfd || !slot) {
		free(fl);
		free(pfd);
		free(slot);
		return SD_ERR_NOMEM;
	}
	for (size_t i = 0, k = 0; i < n; i++) {
		if (qs[i].stage != stage || qs[i].result != DNS_PENDING)
			continue;
		fl[k].q = &qs[i];
		fl[k++].fd = -1; /* W_IDLE: step() starts it when there is room */
	}
	struct stage s = { fl, m, pfd, slot, srv, keep_raw, timeout_ms };
	while (step(&s))
		;
	for (size_t i = 0; i < m; i++) {
		free(fl[i].msg);
		free(fl[i].buf);
	}
	free(fl);
	free(pfd);
	free(slot);
	return SD_OK;
}
