/* kdc_send.c — a KDC exchange over TCP (length-prefixed) or UDP, bounded by a timeout. */
#include "kdc_send.h"

#include "clock.h"
#include "conn.h"

#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static bool resolve(const char *address, uint16_t port, bool tcp, struct addrinfo **ai, char *detail, size_t n)
{
	char service[8];
	snprintf(service, sizeof service, "%u", port);
	struct addrinfo hints = { .ai_flags = AI_NUMERICHOST | AI_NUMERICSERV, .ai_socktype = tcp ? SOCK_STREAM : SOCK_DGRAM };
	int rc = getaddrinfo(address, service, &hints, ai);
	if (rc != 0)
		snprintf(detail, n, "%s: %s", address, gai_strerror(rc));
	return rc == 0;
}

/* Reads exactly n bytes within the deadline (clock_ms). */
static bool read_full(struct conn *c, unsigned char *buf, size_t n, long long deadline, char *detail, size_t dn)
{
	for (size_t have = 0; have < n;) {
		long long left = deadline - clock_ms();
		size_t got = 0;
		if (left <= 0) {
			snprintf(detail, dn, "the reply did not come in time");
			return false;
		}
		if (conn_read(c, buf + have, n - have, &got, (unsigned)left, detail, dn) != CONN_OK)
			return false;
		if (got == 0) {
			snprintf(detail, dn, "the KDC closed the connection");
			return false;
		}
		have += got;
	}
	return true;
}

static bool over_tcp(const struct addrinfo *ai, const void *msg, size_t msglen, unsigned timeout_ms,
		     unsigned char **reply, size_t *len, char *detail, size_t n)
{
	long long deadline = clock_ms() + timeout_ms;
	struct conn c;
	conn_init(&c);
	if (conn_tcp(&c, ai->ai_addr, ai->ai_addrlen, timeout_ms, detail, n) != CONN_OK)
		return false;
	/* The length and the message in one write: two would wait for an ACK (Nagle). */
	unsigned char head[4], *framed = malloc(msglen + 4);
	if (!framed) {
		snprintf(detail, n, "out of memory");
		conn_close(&c);
		return false;
	}
	framed[0] = (unsigned char)(msglen >> 24), framed[1] = (unsigned char)(msglen >> 16);
	framed[2] = (unsigned char)(msglen >> 8), framed[3] = (unsigned char)msglen;
	memcpy(framed + 4, msg, msglen);
	bool ok = conn_write_all(&c, framed, msglen + 4, timeout_ms, detail, n) == CONN_OK
		  && read_full(&c, head, 4, deadline, detail, n);
	free(framed);
	size_t want = ok ? ((size_t)head[0] << 24 | (size_t)head[1] << 16 | (size_t)head[2] << 8 | head[3]) : 0;
	if (ok && (want == 0 || want > KDC_REPLY_MAX)) {
		snprintf(detail, n, "the KDC sent a reply length of %zu bytes", want);
		ok = false;
	}
	if (ok && !(*reply = malloc(want))) {
		snprintf(detail, n, "out of memory");
		ok = false;
	}
	if (ok && !read_full(&c, *reply, want, deadline, detail, n)) {
		free(*reply);
		*reply = NULL;
		ok = false;
	}
	*len = ok ? want : 0;
	conn_close(&c);
	return ok;
}

static bool over_udp(const struct addrinfo *ai, const void *msg, size_t msglen, unsigned timeout_ms,
		     unsigned char **reply, size_t *len, char *detail, size_t n)
{
	int fd = socket(ai->ai_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, ai->ai_addr, ai->ai_addrlen) != 0 || send(fd, msg, msglen, 0) < 0) {
		snprintf(detail, n, "%s", strerror(errno));
		if (fd >= 0)
			close(fd);
		return false;
	}
	struct pollfd p = { .fd = fd, .events = POLLIN };
	int rc = poll(&p, 1, (int)timeout_ms);
	unsigned char *buf = rc > 0 ? malloc(KDC_REPLY_MAX) : NULL;
	ssize_t got = buf ? recv(fd, buf, KDC_REPLY_MAX, 0) : -1;
	if (got <= 0) {
		if (rc == 0)
			snprintf(detail, n, "no answer within %u ms", timeout_ms);
		else
			snprintf(detail, n, "%s", rc > 0 && !buf ? "out of memory" : strerror(errno));
		free(buf);
		close(fd);
		return false;
	}
	close(fd);
	*reply = buf;
	*len = (size_t)got;
	return true;
}

bool kdc_send(const char *address, uint16_t port, bool tcp, const void *msg, size_t msglen, unsigned timeout_ms,
	      unsigned char **reply, size_t *len, char *detail, size_t n)
{
	struct addrinfo *ai = NULL;
	*reply = NULL;
	*len = 0;
	if (!resolve(address, port, tcp, &ai, detail, n))
		return false;
	bool ok = tcp ? over_tcp(ai, msg, msglen, timeout_ms, reply, len, detail, n)
		      : over_udp(ai, msg, msglen, timeout_ms, reply, len, detail, n);
	freeaddrinfo(ai);
	return ok;
}
