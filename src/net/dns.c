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
#include "random.h"

/* Sockets one stage keeps open at once: a 300-record SRV set must not need 600 descriptors. */
#define DNS_MAX_INFLIGHT 64

enum wire_state { W_IDLE, W_UDP, W_TCP_CONNECT, W_TCP_WRITE, W_TCP_READ, W_DONE };

/* UDP sends to one server before the next is asked (SPEC §4.6: at least 3, as dig does). */
#define DNS_TRIES 3

/* One query (or, with q NULL, one server's liveness probe) and where it stands. */
struct inflight {
	struct query *q;
	int fd;
	enum wire_state state;
	uint16_t id;
	uint8_t *msg;                /* the query in wire format */
	size_t msg_len, done;        /* TCP: bytes written, then bytes read */
	uint8_t *buf;                /* TCP: the answer with its length prefix */
	unsigned ignored;            /* answers that were not ours (wrong ID or question) */
	size_t server;               /* the server asked now */
	unsigned tries;              /* UDP sends to that server */
	bool kept;                   /* q holds a SERVFAIL/REFUSED answer while later servers are asked */
	bool timed_out;              /* some server let its time run out */
	long long start, deadline;   /* deadline: the whole query, across servers */
	long long slice_start, slice_end, resend; /* this server's share of the time, next retransmission */
};

/* One stage's queries in flight: pfd[k] polls fl[slot[k]]. */
struct stage {
	struct inflight *fl;
	size_t n;
	struct pollfd *pfd;
	size_t *slot;
	const struct dns_servers *srv;
	struct dns_server_report *rep; /* one per server: what it did (stage 1 only; else NULL) */
	bool keep_raw;
	unsigned timeout_ms;
	size_t order[SD_DNS_MAX_SERVERS]; /* the order queries ask the servers in */
	enum sd_status status;       /* SD_ERR_NOMEM ends the stage */
};

/* The server f asks now: a probe's own, or the query's f->server-th in the stage's order. */
static size_t server_of(const struct stage *s, const struct inflight *f)
{
	return f->q ? s->order[f->server] : f->server;
}

/*
 * Stage 1 asks the servers in their configured order, as the system resolver does.
 * Later stages ask first the servers that answered in stage 1: a dead first server
 * would otherwise cost a share of --timeout again in every stage (SPEC §4.6, one
 * round trip per stage). The silent ones stay as a last resort.
 */
static void set_order(struct stage *s, const struct result *r, enum dns_stage stage)
{
	size_t k = 0;
	bool known = stage != STAGE_SRV && r->n_dns_servers == s->srv->n;
	for (int pass = known ? 0 : 1; pass < 2; pass++)
		for (size_t i = 0; i < s->srv->n; i++)
			if (!known || r->dns_servers[i].alive == (pass == 0))
				s->order[k++] = i;
}

static void note_server(const struct stage *s, size_t server, bool alive, const char *what)
{
	if (!s->rep)
		return;
	struct dns_server_report *r = &s->rep[server];
	if (alive)
		r->alive = true;
	if (alive || !r->alive)
		sd_copy(r->what, sizeof r->what, what);
}

static void finish(struct inflight *f, enum dns_result result, const char *detail)
{
	if (f->q && result != DNS_PENDING) {
		f->q->result = result;
		if (detail)
			sd_copy(f->q->detail, sizeof f->q->detail, detail);
	}
	if (f->q && f->ignored) {
		size_t n = strlen(f->q->detail);
		str_appendf(f->q->detail, sizeof f->q->detail, &n, "%signored %u answer%s with a wrong ID or question",
			    n ? "; " : "", f->ignored, f->ignored == 1 ? "" : "s");
	}
	if (f->q)
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

static void next_server(struct stage *s, struct inflight *f, long long now, const char *what);

/* Sends (again) to the current server; the next send is a third of its slice later. */
static void send_try(struct stage *s, struct inflight *f, long long now)
{
	if (send(f->fd, f->msg, f->msg_len, 0) < 0) {
		char what[80], text[64];
		snprintf(what, sizeof what, "%s", errno == ECONNREFUSED ? "connection refused"
						  : sd_errno_text(errno, text, sizeof text));
		next_server(s, f, now, what);
		return;
	}
	f->tries++;
	f->resend = f->tries < DNS_TRIES ? now + (f->slice_end - f->slice_start) / DNS_TRIES : f->slice_end;
}

/* Opens a socket to server f->server and sends; its slice is an equal share of the time left. */
static void begin_server(struct stage *s, struct inflight *f, long long now)
{
	const struct dns_server *srv = &s->srv->s[server_of(s, f)];
	size_t left = f->q ? s->srv->n - f->server : 1;
	f->fd = open_socket(srv, SOCK_DGRAM);
	if (f->fd < 0) {
		char err[96], text[64];
		snprintf(err, sizeof err, "local failure, cannot open a socket: %s", sd_errno_text(errno, text, sizeof text));
		if (f->q)
			f->q->local_failure = true;
		finish(f, DNS_ERROR, err);
		return;
	}
	f->state = W_UDP;
	f->tries = 0;
	f->slice_start = now;
	f->slice_end = now + (f->deadline - now) / (long long)left;
	send_try(s, f, now);
}

/* Gives up on the current server (what: why) and asks the next one, or ends the query. */
static void next_server(struct stage *s, struct inflight *f, long long now, const char *what)
{
	note_server(s, server_of(s, f), false, what);
	if (!f->q) {
		finish(f, DNS_PENDING, NULL);
		return;
	}
	struct query *q = f->q;
	size_t len = strlen(q->servers_failed);
	str_appendf(q->servers_failed, sizeof q->servers_failed, &len, "%s%s %s", len ? ", " : "",
		    s->srv->s[server_of(s, f)].text, what);
	f->timed_out |= strcmp(what, "timeout") == 0;
	close(f->fd);
	f->fd = -1;
	if (++f->server < s->srv->n && now < f->deadline) {
		begin_server(s, f, now);
		return;
	}
	char detail[sizeof q->detail];
	if (f->kept)
		finish(f, DNS_PENDING, NULL); /* the SERVFAIL/REFUSED an earlier server gave stays the result */
	else if (f->timed_out)
		snprintf(detail, sizeof detail, "no answer within %lld ms (%u tr%s to each server)", f->deadline - f->start,
			 DNS_TRIES, DNS_TRIES == 1 ? "y" : "ies"),
			finish(f, DNS_TIMEOUT, detail);
	else
		finish(f, DNS_ERROR, s->srv->n == 1 && strcmp(what, "connection refused") == 0
					     ? "connection refused (no DNS server on that port)"
					     : "no DNS server answered");
}

/*
 * Sends f's query. Returns false, leaving f waiting, when no descriptor is free and
 * may_wait says another query in flight will free one; without that hope the query
 * fails as a local error.
 */
static bool start(struct stage *s, struct inflight *f, long long now, bool may_wait)
{
	char err[96], text[64];
	int fd = open_socket(&s->srv->s[server_of(s, f)], SOCK_DGRAM);
	int socket_errno = errno; /* before building the query can overwrite it */
	if (fd < 0 && (socket_errno == EMFILE || socket_errno == ENFILE) && may_wait)
		return false;
	if (fd >= 0)
		close(fd); /* a descriptor is free: begin_server takes it */
	f->start = now;
	f->deadline = now + s->timeout_ms;
	random_bytes(&f->id, sizeof f->id);
	enum sd_status st = f->q ? dns_build_query(f->q, f->id, &f->msg, &f->msg_len)
				 : dns_build_probe(f->id, &f->msg, &f->msg_len);
	if (st != SD_OK) {
		finish(f, DNS_ERROR, st == SD_ERR_INPUT ? "name too long for DNS" : sd_strerror(st));
		return true;
	}
	if (fd < 0 && (socket_errno == EMFILE || socket_errno == ENFILE)) {
		snprintf(err, sizeof err, "local failure, cannot open a socket: %s",
			 sd_errno_text(socket_errno, text, sizeof text));
		if (f->q)
			f->q->local_failure = true;
		finish(f, DNS_ERROR, err);
		return true;
	}
	begin_server(s, f, now);
	return true;
}

static void retry_over_tcp(struct stage *s, struct inflight *f)
{
	close(f->fd);
	f->q->via_tcp = true;
	f->done = 0;
	f->fd = open_socket(&s->srv->s[server_of(s, f)], SOCK_STREAM);
	f->buf = malloc(2 + 65535);
	if (f->fd < 0 || !f->buf) {
		finish(f, DNS_ERROR, "truncated answer, and TCP failed");
		return;
	}
	f->state = W_TCP_CONNECT;
}

/* A parsed answer from the current server: SERVFAIL and REFUSED send the query on to the next. */
static void answered(struct stage *s, struct inflight *f, long long now)
{
	struct query *q = f->q;
	sd_copy(q->server, sizeof q->server, s->srv->s[server_of(s, f)].text);
	note_server(s, server_of(s, f), true, "answered");
	bool give_up = q->result == DNS_SERVFAIL || q->result == DNS_REFUSED;
	if (give_up && f->server + 1 < s->srv->n && now < f->deadline) {
		f->kept = true;
		next_server(s, f, now, dns_result_name(q->result));
	} else {
		finish(f, DNS_PENDING, NULL);
	}
}

static void on_udp(struct stage *s, struct inflight *f, long long now)
{
	uint8_t buf[65536];
	ssize_t n = recv(f->fd, buf, sizeof buf, 0);
	if (n < 0) {
		if (errno == ECONNREFUSED)
			next_server(s, f, now, "connection refused");
		return;
	}
	if (!f->q) {
		if (dns_is_response(buf, (size_t)n, f->id)) {
			note_server(s, server_of(s, f), true, "answered");
			finish(f, DNS_PENDING, NULL);
		}
		return;
	}
	enum dns_parse got;
	if ((s->status = dns_parse_answer(buf, (size_t)n, f->id, f->q, s->keep_raw, &got)) != SD_OK)
		return;
	switch (got) {
	case DNS_PARSE_OK:
		answered(s, f, now);
		break;
	case DNS_PARSE_MISMATCH:
		f->ignored++;
		break;
	case DNS_PARSE_TRUNCATED:
		note_server(s, server_of(s, f), true, "answered");
		retry_over_tcp(s, f);
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

static void tcp_read(struct stage *s, struct inflight *f, long long now)
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
	enum dns_parse got;
	if ((s->status = dns_parse_answer(f->buf + 2, f->done - 2, f->id, f->q, s->keep_raw, &got)) != SD_OK)
		return;
	if (got == DNS_PARSE_MISMATCH)
		finish(f, DNS_ERROR, "the TCP answer does not match the query");
	else
		answered(s, f, now);
}

static void on_tcp(struct stage *s, struct inflight *f, long long now)
{
	if (f->state == W_TCP_CONNECT)
		tcp_connected(f);
	else if (f->state == W_TCP_WRITE)
		tcp_write(f);
	else
		tcp_read(s, f, now);
}

static short wanted_events(const struct inflight *f)
{
	return f->state == W_TCP_CONNECT || f->state == W_TCP_WRITE ? POLLOUT : POLLIN;
}

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
		if (active >= DNS_MAX_INFLIGHT || !start(s, &s->fl[i], now, active > 0)) {
			waiting = true; /* no room, or no descriptor until one in flight ends */
			break;
		}
		active += s->fl[i].state != W_DONE;
	}
	return waiting;
}

/* Moves f on in time: a retransmission, the next server, or the end of the query. */
static void on_time(struct stage *s, struct inflight *f, long long now)
{
	if (f->state == W_UDP && now >= f->slice_end)
		next_server(s, f, now, "timeout");
	else if (f->state == W_UDP && now >= f->resend)
		send_try(s, f, now);
	else if (f->state != W_UDP && now >= f->deadline) {
		char err[64];
		snprintf(err, sizeof err, "no answer within %lld ms", f->deadline - f->start);
		finish(f, DNS_TIMEOUT, err);
	}
}

/*
 * Moves every query on in time and lists those still waiting for poll; returns how
 * many, with the next moment something is due. *busy says whether a real query
 * (not a probe) is still in flight.
 */
static size_t collect(struct stage *s, long long now, long long *next, bool *busy)
{
	size_t np = 0;
	for (size_t i = 0; i < s->n; i++) {
		struct inflight *f = &s->fl[i];
		if (f->state == W_DONE || f->state == W_IDLE)
			continue;
		on_time(s, f, now);
		if (f->state == W_DONE)
			continue;
		long long due = f->state == W_UDP ? (f->resend < f->slice_end ? f->resend : f->slice_end) : f->deadline;
		if (*next < 0 || due < *next)
			*next = due;
		*busy |= f->q != NULL;
		s->slot[np] = i;
		s->pfd[np++] = (struct pollfd){ .fd = f->fd, .events = wanted_events(f) };
	}
	return np;
}

/* One pass of the event loop. Returns false when every query is done (probes are not waited for). */
static bool step(struct stage *s)
{
	long long now = clock_ms(), next = -1;
	bool waiting = start_waiting(s, now), busy = false;
	size_t np = collect(s, now, &next, &busy);
	if (!busy && !waiting)
		return false;
	if (np == 0)
		return waiting;
	if (poll(s->pfd, np, (int)(next > now ? next - now : 0)) <= 0)
		return true;
	now = clock_ms();
	for (size_t k = 0; k < np; k++) {
		struct inflight *f = &s->fl[s->slot[k]];
		if (s->pfd[k].revents == 0 || f->state == W_DONE)
			continue;
		if (f->state == W_UDP)
			on_udp(s, f, now);
		else
			on_tcp(s, f, now);
	}
	return true;
}

static void stage_free(struct stage *s)
{
	for (size_t i = 0; s->fl && i < s->n; i++) {
		if (s->fl[i].fd >= 0)
			close(s->fl[i].fd); /* a probe still unanswered when the queries were done */
		free(s->fl[i].msg);
		free(s->fl[i].buf);
	}
	free(s->fl);
	free(s->pfd);
	free(s->slot);
}

/* One report per server, each "not asked" until the stage says otherwise. */
static void reports_init(struct result *r, const struct dns_servers *srv)
{
	r->n_dns_servers = srv->n;
	for (size_t i = 0; i < srv->n; i++) {
		memset(&r->dns_servers[i], 0, sizeof r->dns_servers[i]);
		sd_copy(r->dns_servers[i].server, sizeof r->dns_servers[i].server, srv->s[i].text);
		sd_copy(r->dns_servers[i].what, sizeof r->dns_servers[i].what, "not asked");
	}
}

/* Whether q is one of stage's queries still to be asked. */
static bool pending(const struct query *q, enum dns_stage stage)
{
	return q->stage == stage && q->result == DNS_PENDING;
}

/* s's flights, none started yet: first a liveness probe per server (probes of them), then stage's pending queries. */
static void load_flights(struct stage *s, struct result *r, enum dns_stage stage, size_t probes)
{
	size_t k = 0;
	for (size_t i = 0; i < probes; i++) {
		s->fl[k].server = i;
		s->fl[k++].fd = -1; /* a liveness probe: q stays NULL */
	}
	for (size_t i = 0; i < r->n_queries; i++) {
		if (pending(&r->queries[i], stage)) {
			s->fl[k].q = &r->queries[i];
			s->fl[k++].fd = -1; /* W_IDLE: step() starts it when there is room */
		}
	}
}

enum sd_status dns_stage_run(const struct dns_servers *srv, struct result *r, enum dns_stage stage, unsigned timeout_ms,
			     bool keep_raw)
{
	size_t m = 0;
	for (size_t i = 0; i < r->n_queries; i++)
		m += pending(&r->queries[i], stage);
	if (m == 0 || srv->n == 0)
		return SD_OK;
	size_t probes = stage == STAGE_SRV ? srv->n : 0;
	struct stage s = { calloc(m + probes, sizeof *s.fl), m + probes, calloc(m + probes, sizeof *s.pfd),
			   calloc(m + probes, sizeof *s.slot), srv, stage == STAGE_SRV ? r->dns_servers : NULL, keep_raw,
			   timeout_ms, { 0 }, SD_OK };
	if (!s.fl || !s.pfd || !s.slot) {
		stage_free(&s);
		return SD_ERR_NOMEM;
	}
	if (stage == STAGE_SRV)
		reports_init(r, srv);
	set_order(&s, r, stage);
	load_flights(&s, r, stage, probes);
	while (s.status == SD_OK && step(&s))
		;
	stage_free(&s);
	return s.status;
}
