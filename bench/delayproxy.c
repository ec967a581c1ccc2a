/* delayproxy.c — a DNS proxy that adds latency, for the benchmark (bench/run).
 *
 *   delayproxy [-t] [-l LISTEN_ADDR] [-u UPSTREAM_ADDR] LISTEN_PORT UPSTREAM_PORT DELAY_MS
 *
 * Listens on 127.0.0.1:LISTEN_PORT (UDP and TCP), forwards every query to the DNS server
 * on 127.0.0.1:UPSTREAM_PORT and sends each answer back DELAY_MS milliseconds after the
 * upstream gave it. One thread, one poll loop: any number of queries are in flight at once,
 * so the added latency is per answer, never a queue. UDP queries go upstream over one socket
 * with their IDs rewritten; each TCP client gets its own upstream TCP connection. Since the
 * delay is the same for every answer, the timer queue is a FIFO (due times never decrease).
 * Prints "ready" once listening and runs until killed.
 *
 * -t: a plain TCP proxy instead (no UDP, no DNS framing), for the web server's delay: every
 * chunk the upstream sends reaches the client DELAY_MS after the upstream gave it, so a
 * request answered in one write costs DELAY_MS more, whatever else is in flight; the client's
 * bytes go upstream at once. A client that closes its side ends the connection (HTTP/1.0
 * from nginx's proxy_pass never half-closes). -l and -u replace 127.0.0.1 on either side.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_MSG 65535
#define MAX_CONNS 1024
#define UDP_STALE_MS 10000 /* an upstream query unanswered this long frees its ID */

struct udp_pending {
	bool used;
	uint16_t client_id;
	struct sockaddr_in client;
	long long sent;
};

struct conn { /* one TCP client and its upstream connection */
	int cfd, ufd;
	unsigned gen;
	bool upstream_up, upstream_eof;
	uint8_t *up_out;   size_t up_len;    /* client bytes not yet written upstream */
	uint8_t *from_up;  size_t from_len;  /* upstream bytes not yet framed */
	uint8_t *cl_out;   size_t cl_len;    /* delayed answers being written to the client */
	unsigned queued;                     /* answers waiting in the timer queue */
};

struct timer { /* one answer waiting for its due time */
	struct timer *next;
	long long due;
	int conn;          /* -1: UDP */
	unsigned gen;
	struct sockaddr_in to;
	size_t len;
	uint8_t msg[];
};

static struct udp_pending pending[65536];
static struct conn conns[MAX_CONNS];
static struct timer *head, *tail;
static uint16_t next_id;
static long long delay_ms;
static struct sockaddr_in upstream;
static struct in_addr listen_addr;
static bool raw_tcp; /* -t */
static int udp_fd = -1, up_udp_fd = -1, tcp_fd;

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void die(const char *what)
{
	perror(what);
	exit(1);
}

/* false when out of memory: the answer is dropped (a lost packet for DNS). */
static bool enqueue(int conn, unsigned gen, const struct sockaddr_in *to, const uint8_t *msg, size_t len)
{
	struct timer *t = malloc(sizeof *t + len);
	if (!t)
		return false;
	t->next = NULL;
	t->due = now_ms() + delay_ms;
	t->conn = conn;
	t->gen = gen;
	if (to)
		t->to = *to;
	t->len = len;
	memcpy(t->msg, msg, len);
	if (tail)
		tail->next = t;
	else
		head = t;
	tail = t;
	return true;
}

static bool append(uint8_t **buf, size_t *len, const uint8_t *data, size_t n)
{
	uint8_t *p = realloc(*buf, *len + n);
	if (!p)
		return false;
	memcpy(p + *len, data, n);
	*buf = p;
	*len += n;
	return true;
}

static void consume(uint8_t *buf, size_t *len, size_t n)
{
	memmove(buf, buf + n, *len - n);
	*len -= n;
}

static void conn_close(int i)
{
	struct conn *c = &conns[i];
	close(c->cfd);
	if (c->ufd >= 0)
		close(c->ufd);
	free(c->up_out);
	free(c->from_up);
	free(c->cl_out);
	unsigned gen = c->gen + 1;
	memset(c, 0, sizeof *c);
	c->cfd = c->ufd = -1;
	c->gen = gen;
}

static void udp_from_client(void)
{
	uint8_t buf[MAX_MSG];
	struct sockaddr_in from;
	for (;;) {
		socklen_t fl = sizeof from;
		ssize_t n = recvfrom(udp_fd, buf, sizeof buf, MSG_DONTWAIT, (struct sockaddr *)&from, &fl);
		if (n < 0)
			return;
		if (n < 12)
			continue;
		long long now = now_ms();
		uint16_t id = next_id;
		unsigned tries = 0;
		while (pending[id].used && now - pending[id].sent < UDP_STALE_MS && ++tries < 65536)
			id++;
		if (tries == 65536)
			continue; /* 65536 queries in flight: drop this one */
		next_id = (uint16_t)(id + 1);
		pending[id] = (struct udp_pending){ true, (uint16_t)(buf[0] << 8 | buf[1]), from, now };
		buf[0] = (uint8_t)(id >> 8);
		buf[1] = (uint8_t)id;
		send(up_udp_fd, buf, (size_t)n, MSG_DONTWAIT);
	}
}

static void udp_from_upstream(void)
{
	uint8_t buf[MAX_MSG];
	for (;;) {
		ssize_t n = recv(up_udp_fd, buf, sizeof buf, MSG_DONTWAIT);
		if (n < 0)
			return;
		if (n < 12)
			continue;
		uint16_t id = (uint16_t)(buf[0] << 8 | buf[1]);
		if (!pending[id].used)
			continue;
		pending[id].used = false;
		buf[0] = (uint8_t)(pending[id].client_id >> 8);
		buf[1] = (uint8_t)pending[id].client_id;
		enqueue(-1, 0, &pending[id].client, buf, (size_t)n);
	}
}

static void tcp_accept(void)
{
	for (;;) {
		int fd = accept(tcp_fd, NULL, NULL);
		if (fd < 0)
			return;
		fcntl(fd, F_SETFL, O_NONBLOCK);
		fcntl(fd, F_SETFD, FD_CLOEXEC);
		int i = 0;
		while (i < MAX_CONNS && conns[i].cfd >= 0)
			i++;
		int ufd = i < MAX_CONNS ? socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0) : -1;
		if (ufd < 0 || (connect(ufd, (struct sockaddr *)&upstream, sizeof upstream) < 0 && errno != EINPROGRESS)) {
			if (ufd >= 0)
				close(ufd);
			close(fd);
			continue;
		}
		conns[i].cfd = fd;
		conns[i].ufd = ufd;
	}
}

/* Returns false when the connection is finished and has been closed. */
static bool tcp_events(int i, short cre, short ure)
{
	struct conn *c = &conns[i];
	uint8_t buf[16384];
	if (cre & (POLLIN | POLLHUP | POLLERR)) {
		ssize_t n = recv(c->cfd, buf, sizeof buf, 0);
		if (n == 0 || (n < 0 && errno != EAGAIN)) {
			conn_close(i); /* the client is gone: its answers are dropped */
			return false;
		}
		if (n > 0 && !append(&c->up_out, &c->up_len, buf, (size_t)n)) {
			conn_close(i);
			return false;
		}
	}
	if (c->ufd >= 0 && (ure & (POLLOUT | POLLERR | POLLHUP)) && !c->upstream_up) {
		int e = 0;
		socklen_t el = sizeof e;
		getsockopt(c->ufd, SOL_SOCKET, SO_ERROR, &e, &el);
		if (e) {
			conn_close(i);
			return false;
		}
		c->upstream_up = true;
	}
	if (c->ufd >= 0 && (ure & (POLLIN | POLLHUP | POLLERR)) && c->upstream_up) {
		ssize_t n = recv(c->ufd, buf, sizeof buf, 0);
		if (n == 0 || (n < 0 && errno != EAGAIN)) {
			close(c->ufd);
			c->ufd = -1;
			c->upstream_eof = true;
		} else if (n > 0 && !append(&c->from_up, &c->from_len, buf, (size_t)n)) {
			conn_close(i);
			return false;
		}
		if (raw_tcp && c->from_len) { /* -t: each chunk as it came; a lost chunk ends the stream */
			if (!enqueue(i, c->gen, NULL, c->from_up, c->from_len)) {
				conn_close(i);
				return false;
			}
			c->queued++;
			c->from_len = 0;
		}
		while (!raw_tcp && c->from_len >= 2) { /* frame: each answer gets its own due time */
			size_t m = 2 + ((size_t)c->from_up[0] << 8 | c->from_up[1]);
			if (c->from_len < m)
				break;
			if (enqueue(i, c->gen, NULL, c->from_up, m))
				c->queued++;
			consume(c->from_up, &c->from_len, m);
		}
	}
	if (c->ufd >= 0 && c->upstream_up && c->up_len) {
		ssize_t n = send(c->ufd, c->up_out, c->up_len, MSG_NOSIGNAL);
		if (n > 0)
			consume(c->up_out, &c->up_len, (size_t)n);
	}
	if (c->cl_len) {
		ssize_t n = send(c->cfd, c->cl_out, c->cl_len, MSG_NOSIGNAL);
		if (n < 0 && errno != EAGAIN) {
			conn_close(i);
			return false;
		}
		if (n > 0)
			consume(c->cl_out, &c->cl_len, (size_t)n);
	}
	if (c->upstream_eof && c->queued == 0 && c->cl_len == 0) {
		conn_close(i);
		return false;
	}
	return true;
}

static void fire_due(void)
{
	long long now = now_ms();
	while (head && head->due <= now) {
		struct timer *t = head;
		head = t->next;
		if (!head)
			tail = NULL;
		if (t->conn < 0) {
			sendto(udp_fd, t->msg, t->len, MSG_DONTWAIT, (struct sockaddr *)&t->to, sizeof t->to);
		} else if (conns[t->conn].cfd >= 0 && conns[t->conn].gen == t->gen) {
			struct conn *c = &conns[t->conn];
			c->queued--;
			if (append(&c->cl_out, &c->cl_len, t->msg, t->len))
				tcp_events(t->conn, 0, 0);
		}
		free(t);
	}
}

static int listen_on(int type, uint16_t port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(port) };
	sa.sin_addr = listen_addr;
	int fd = socket(AF_INET, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	int one = 1, big = 1 << 20;
	if (fd < 0)
		die("socket");
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (type == SOCK_DGRAM) {
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &big, sizeof big);
		setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &big, sizeof big);
	}
	if (bind(fd, (struct sockaddr *)&sa, sizeof sa) < 0)
		die("bind");
	if (type == SOCK_STREAM && listen(fd, 512) < 0)
		die("listen");
	return fd;
}

static long parse_num(const char *s, long max)
{
	char *end;
	long v = strtol(s, &end, 10);
	if (*s == '\0' || *end || v < 0 || v > max) {
		fprintf(stderr, "delayproxy: \"%s\": expected a number 0-%ld\n", s, max);
		exit(2);
	}
	return v;
}

static struct in_addr parse_addr(const char *s)
{
	struct in_addr a;
	if (inet_pton(AF_INET, s, &a) != 1 || (ntohl(a.s_addr) >> 24) != 127) {
		fprintf(stderr, "delayproxy: \"%s\": expected a loopback IPv4 address\n", s);
		exit(2);
	}
	return a;
}

static void usage(void)
{
	fprintf(stderr, "usage: delayproxy [-t] [-l LISTEN_ADDR] [-u UPSTREAM_ADDR] LISTEN_PORT UPSTREAM_PORT DELAY_MS\n");
	exit(2);
}

int main(int argc, char **argv)
{
	struct in_addr up_addr = { htonl(INADDR_LOOPBACK) };
	listen_addr.s_addr = htonl(INADDR_LOOPBACK);
	int opt;
	while ((opt = getopt(argc, argv, "tl:u:")) != -1) {
		if (opt == 't')
			raw_tcp = true;
		else if (opt == 'l')
			listen_addr = parse_addr(optarg);
		else if (opt == 'u')
			up_addr = parse_addr(optarg);
		else
			usage();
	}
	if (argc - optind != 3)
		usage();
	argv += optind;
	uint16_t lport = (uint16_t)parse_num(argv[0], 65535), uport = (uint16_t)parse_num(argv[1], 65535);
	delay_ms = parse_num(argv[2], 600000);
	signal(SIGPIPE, SIG_IGN);
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	for (int i = 0; i < MAX_CONNS; i++)
		conns[i].cfd = conns[i].ufd = -1;
	upstream = (struct sockaddr_in){ .sin_family = AF_INET, .sin_port = htons(uport) };
	upstream.sin_addr = up_addr;
	tcp_fd = listen_on(SOCK_STREAM, lport);
	if (!raw_tcp) {
		udp_fd = listen_on(SOCK_DGRAM, lport);
		up_udp_fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
		int big = 1 << 20;
		if (up_udp_fd < 0)
			die("upstream socket");
		setsockopt(up_udp_fd, SOL_SOCKET, SO_RCVBUF, &big, sizeof big);
		if (connect(up_udp_fd, (struct sockaddr *)&upstream, sizeof upstream) < 0)
			die("upstream socket");
	}
	next_id = (uint16_t)((unsigned)getpid() * 2654435761u);
	printf("ready\n");
	fflush(stdout);

	static struct pollfd pfd[3 + 2 * MAX_CONNS];
	static int who[3 + 2 * MAX_CONNS]; /* pfd index -> conn index */
	for (;;) {
		size_t n = 0;
		pfd[n++] = (struct pollfd){ .fd = udp_fd, .events = POLLIN };
		pfd[n++] = (struct pollfd){ .fd = up_udp_fd, .events = POLLIN };
		pfd[n++] = (struct pollfd){ .fd = tcp_fd, .events = POLLIN };
		for (int i = 0; i < MAX_CONNS; i++) {
			struct conn *c = &conns[i];
			if (c->cfd < 0)
				continue;
			who[n] = i;
			pfd[n++] = (struct pollfd){ .fd = c->cfd, .events = (short)(POLLIN | (c->cl_len ? POLLOUT : 0)) };
			who[n] = i;
			pfd[n++] = (struct pollfd){ .fd = c->ufd, /* -1 is ignored by poll */
				.events = (short)(!c->upstream_up || c->up_len ? POLLOUT | POLLIN : POLLIN) };
		}
		int timeout = -1;
		if (head) {
			long long left = head->due - now_ms();
			timeout = left > 0 ? (int)left : 0;
		}
		if (poll(pfd, n, timeout) < 0 && errno != EINTR)
			die("poll");
		if (pfd[0].revents)
			udp_from_client();
		if (pfd[1].revents)
			udp_from_upstream();
		if (pfd[2].revents)
			tcp_accept();
		for (size_t k = 3; k + 1 < n; k += 2) {
			int i = who[k];
			if ((pfd[k].revents || pfd[k + 1].revents) && conns[i].cfd == pfd[k].fd)
				tcp_events(i, pfd[k].revents, pfd[k + 1].revents);
		}
		fire_due();
	}
}
