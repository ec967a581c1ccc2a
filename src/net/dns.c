/* dns.c — the DNS transport: one stage's queries in flight together over UDP, each across
 * the servers in turn, with deadlines; TCP after truncation is dns_tcp.c's. */
#include "dns.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "dns_tcp.h"
#include "random.h"

enum wire_state { W_IDLE, W_UDP, W_TCP, W_DONE };

/* UDP sends to one server before the next is asked (SPEC §4.6: at least 3, as dig does). */
#define DNS_TRIES 3

/* One query (or, with q NULL, one server's liveness probe) and where it stands. */
struct inflight {
	struct query *q;
	int fd;
	enum wire_state state;
	uint16_t id;
	uint8_t *msg;                /* the query in wire format, msg_len bytes */
	size_t msg_len;
	struct dns_tcp tcp;          /* W_TCP: the exchange after a truncated answer */
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
	struct dns_server_report *rep; /* one per server: what it did (the SRV stage only; else NULL) */
	bool keep_raw;
	unsigned timeout_ms;
	size_t order[SD_DNS_MAX_SERVERS]; /* the order queries ask the servers in */
	enum sd_status status;       /* not SD_OK ends the stage: out of memory, or a query that
					cannot be sent for a local reason (SD_ERR_SOCKET, SPEC §8) */
};

/* The server f asks now: a probe's own, or the query's f->server-th in the stage's order. */
static size_t server_of(const struct stage *s, const struct inflight *f)
{
	return f->q ? s->order[f->server] : f->server;
}

static void note_server(const struct stage *s, size_t server, bool alive, const char *what)
{
	if (s->rep)
		dns_server_note(&s->rep[server], alive, what);
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
	f->fd = dns_server_socket(srv, SOCK_DGRAM);
	if (f->fd < 0) {
		char err[96], text[64];
		snprintf(err, sizeof err, "local failure, cannot open a socket: %s", sd_errno_text(errno, text, sizeof text));
		s->status = f->q && s->status == SD_OK ? SD_ERR_SOCKET : s->status;
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
	query_add_server_failure(q, s->srv->s[server_of(s, f)].text, what);
	f->timed_out |= strcmp(what, "timeout") == 0;
	close(f->fd);
	f->fd = -1;
	if (++f->server < s->srv->n && now < f->deadline) {
		begin_server(s, f, now);
		return;
	}
	char detail[sizeof q->detail];
	snprintf(detail, sizeof detail, "no answer within %lld ms (%u tr%s to each server)", f->deadline - f->start,
		 DNS_TRIES, DNS_TRIES == 1 ? "y" : "ies");
	if (f->kept)
		finish(f, DNS_PENDING, NULL); /* the SERVFAIL/REFUSED an earlier server gave stays the result */
	else if (f->timed_out)
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
	int fd = dns_server_socket(&s->srv->s[server_of(s, f)], SOCK_DGRAM);
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
		s->status = st == SD_ERR_NOMEM ? st : s->status;
		finish(f, DNS_ERROR, st == SD_ERR_INPUT ? "name too long for DNS" : sd_strerror(st));
		return true;
	}
	if (fd < 0 && (socket_errno == EMFILE || socket_errno == ENFILE)) {
		snprintf(err, sizeof err, "local failure, cannot open a socket: %s",
			 sd_errno_text(socket_errno, text, sizeof text));
		s->status = f->q && s->status == SD_OK ? SD_ERR_SOCKET : s->status;
		finish(f, DNS_ERROR, err);
		return true;
	}
	begin_server(s, f, now);
	return true;
}

static void retry_over_tcp(struct stage *s, struct inflight *f)
{
	char why[64];
	close(f->fd);
	f->q->via_tcp = true;
	if (dns_tcp_start(&f->tcp, &f->fd, &s->srv->s[server_of(s, f)], f->msg, f->msg_len, why, sizeof why) != SD_OK)
		finish(f, DNS_ERROR, why);
	else
		f->state = W_TCP;
}

/* A parsed answer from the current server: SERVFAIL and REFUSED send the query on to the next. */
static void answered(struct stage *s, struct inflight *f, long long now)
{
	struct query *q = f->q;
	sd_copy(q->server, sizeof q->server, s->srv->s[server_of(s, f)].text);
	note_server(s, server_of(s, f), true, "answered");
	bool give_up = q->result == DNS_SERVFAIL || q->result == DNS_REFUSED;
	f->kept = give_up && f->server + 1 < s->srv->n && now < f->deadline;
	if (f->kept)
		next_server(s, f, now, dns_result_name(q->result));
	else
		finish(f, DNS_PENDING, NULL);
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

static void on_tcp(struct stage *s, struct inflight *f, long long now)
{
	char why[96];
	const uint8_t *answer = NULL;
	size_t len = 0;
	enum dns_tcp_step step = dns_tcp_step(&f->tcp, f->fd, &answer, &len, why, sizeof why);
	enum dns_parse got = DNS_PARSE_MISMATCH;
	if (step == DNS_TCP_FAILED)
		finish(f, DNS_ERROR, why);
	if (step != DNS_TCP_ANSWER || (s->status = dns_parse_answer(answer, len, f->id, f->q, s->keep_raw, &got)) != SD_OK)
		return; /* out of memory ends the stage */
	if (got == DNS_PARSE_MISMATCH)
		finish(f, DNS_ERROR, "the TCP answer does not match the query");
	else
		answered(s, f, now);
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
		s->pfd[np++] = (struct pollfd){ .fd = f->fd, .events = f->state == W_TCP ? dns_tcp_events(&f->tcp) : POLLIN };
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
		dns_tcp_free(&s->fl[i].tcp);
	}
	free(s->fl);
	free(s->pfd);
	free(s->slot);
}

/* s's flights, none started yet: first a liveness probe per server (probes of them), then
 * the n queries of qs still pending in stage. */
static void load_flights(struct stage *s, struct query *qs, size_t n, enum dns_stage stage, size_t probes)
{
	size_t k = 0;
	for (size_t i = 0; i < probes; i++) {
		s->fl[k].server = i;
		s->fl[k++].fd = -1; /* a liveness probe: q stays NULL */
	}
	for (size_t i = 0; i < n; i++) {
		if (qs[i].stage == stage && qs[i].result == DNS_PENDING) {
			s->fl[k].q = &qs[i];
			s->fl[k++].fd = -1; /* W_IDLE: step() starts it when there is room */
		}
	}
}

enum sd_status dns_stage_run(const struct dns_servers *srv, struct query *qs, size_t n, enum dns_stage stage,
			     struct dns_server_report *rep, size_t *n_rep, unsigned timeout_ms, bool keep_raw)
{
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		m += qs[i].stage == stage && qs[i].result == DNS_PENDING;
	if (m == 0 || srv->n == 0)
		return SD_OK;
	size_t probes = stage == STAGE_SRV ? srv->n : 0;
	struct stage s = { calloc(m + probes, sizeof *s.fl), m + probes, calloc(m + probes, sizeof *s.pfd),
			   calloc(m + probes, sizeof *s.slot), srv, stage == STAGE_SRV ? rep : NULL, keep_raw,
			   timeout_ms, { 0 }, SD_OK };
	if (!s.fl || !s.pfd || !s.slot) {
		stage_free(&s);
		return SD_ERR_NOMEM;
	}
	if (stage == STAGE_SRV)
		dns_server_reports_init(srv, rep, n_rep);
	dns_server_order(srv, rep, *n_rep, stage, s.order);
	load_flights(&s, qs, n, stage, probes);
	while (s.status == SD_OK && step(&s))
		;
	stage_free(&s);
	return s.status;
}
