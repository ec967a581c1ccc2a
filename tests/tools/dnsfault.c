/* dnsfault.c — a UDP DNS server that misbehaves on purpose, for tests/e2e/dns_transport.bats.
 *
 *   dnsfault LISTEN_ADDR LISTEN_PORT MODE [UPSTREAM_PORT]
 *
 * MODE:
 *   drop-first  forwards every query to 127.0.0.1:UPSTREAM_PORT, except the first datagram
 *               of each question (name, type and class), which it drops: a lost packet
 *   silent      answers a CH-class query (version.bind) with REFUSED and drops every other
 *               query: a live resolver whose domain's name servers do not answer
 *   blackhole   reads every query and answers none: a dead server whose port is open
 *   refused     answers every query with REFUSED
 *   servfail    answers every query with SERVFAIL
 * Prints "ready" once listening and runs until killed (or for 10 minutes at most).
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_MSG 65535
#define MAX_SEEN 4096
#define MAX_PENDING 1024
#define LIFETIME_S 600

struct pending {
	bool used;
	uint16_t id;
	struct sockaddr_in client;
};

static uint8_t *seen[MAX_SEEN];
static size_t seen_len[MAX_SEEN], n_seen;
static struct pending pend[MAX_PENDING];

/* Length of the question (name, type, class) after the header, or 0 if malformed. */
static size_t question_len(const uint8_t *m, size_t n)
{
	size_t p = 12;
	while (p < n && m[p] != 0) {
		if (m[p] & 0xc0)
			return 0;
		p += 1 + m[p];
	}
	return p + 5 <= n ? p + 5 - 12 : 0;
}

/* True the first time this question is seen (and remembers it). */
static bool first_time(const uint8_t *q, size_t len)
{
	for (size_t i = 0; i < n_seen; i++)
		if (seen_len[i] == len && memcmp(seen[i], q, len) == 0)
			return false;
	if (n_seen < MAX_SEEN && (seen[n_seen] = malloc(len)) != NULL) {
		memcpy(seen[n_seen], q, len);
		seen_len[n_seen++] = len;
	}
	return true;
}

static void reply_rcode(int fd, uint8_t *m, size_t n, int rcode, const struct sockaddr_in *to)
{
	size_t ql = question_len(m, n);
	if (ql == 0)
		return;
	m[2] = (uint8_t)(0x80 | (m[2] & 0x79)); /* QR, keep opcode and RD */
	m[3] = (uint8_t)(0x80 | rcode);        /* RA */
	m[6] = m[7] = m[8] = m[9] = m[10] = m[11] = 0;
	sendto(fd, m, 12 + ql, 0, (const struct sockaddr *)to, sizeof *to);
}

static int udp_socket(const char *addr, int port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	int fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0 || inet_pton(AF_INET, addr, &sa.sin_addr) != 1 || bind(fd, (struct sockaddr *)&sa, sizeof sa) < 0)
		return -1;
	return fd;
}

int main(int argc, char **argv)
{
	if (argc < 4 || (strcmp(argv[3], "drop-first") == 0 && argc < 5)) {
		fprintf(stderr, "usage: dnsfault LISTEN_ADDR LISTEN_PORT drop-first|silent|blackhole|refused|servfail [UPSTREAM_PORT]\n");
		return 2;
	}
	const char *mode = argv[3];
	int fd = udp_socket(argv[1], atoi(argv[2])), up = udp_socket("127.0.0.1", 0);
	if (fd < 0 || up < 0) {
		perror("dnsfault: socket");
		return 1;
	}
	struct sockaddr_in upstream = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	if (argc > 4)
		upstream.sin_port = htons((uint16_t)atoi(argv[4]));
	printf("ready\n");
	fflush(stdout);
	static uint8_t m[MAX_MSG];
	time_t end = time(NULL) + LIFETIME_S;
	while (time(NULL) < end) {
		struct pollfd pfd[2] = { { .fd = fd, .events = POLLIN }, { .fd = up, .events = POLLIN } };
		if (poll(pfd, 2, 1000) <= 0)
			continue;
		struct sockaddr_in from;
		socklen_t fl = sizeof from;
		if (pfd[0].revents) {
			ssize_t n = recvfrom(fd, m, sizeof m, 0, (struct sockaddr *)&from, &fl);
			size_t ql = n >= 12 ? question_len(m, (size_t)n) : 0;
			if (ql == 0)
				continue;
			bool chaos = m[12 + ql - 1] == 3 && m[12 + ql - 2] == 0; /* class CH */
			if (strcmp(mode, "refused") == 0 || (strcmp(mode, "silent") == 0 && chaos))
				reply_rcode(fd, m, (size_t)n, 5, &from);
			else if (strcmp(mode, "servfail") == 0)
				reply_rcode(fd, m, (size_t)n, 2, &from);
			else if (strcmp(mode, "drop-first") == 0 && !first_time(m + 12, ql)) {
				uint16_t id = (uint16_t)(m[0] << 8 | m[1]);
				struct pending *p = &pend[id % MAX_PENDING];
				*p = (struct pending){ true, id, from };
				sendto(up, m, (size_t)n, 0, (struct sockaddr *)&upstream, sizeof upstream);
			}
		}
		if (pfd[1].revents) {
			ssize_t n = recv(up, m, sizeof m, 0);
			if (n < 12)
				continue;
			uint16_t id = (uint16_t)(m[0] << 8 | m[1]);
			struct pending *p = &pend[id % MAX_PENDING];
			if (p->used && p->id == id) {
				sendto(fd, m, (size_t)n, 0, (struct sockaddr *)&p->client, sizeof p->client);
				p->used = false;
			}
		}
	}
	return 0;
}
