/* dns_tcp.c — see dns_tcp.h. */
#include "dns_tcp.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <unistd.h>

#define DNS_TCP_MAX (2 + 65535) /* a length prefix and the largest DNS message */

enum sd_status dns_tcp_start(struct dns_tcp *t, int *fd, const struct dns_server *s, const uint8_t *msg,
			     size_t msg_len, char *why, size_t n)
{
	memset(t, 0, sizeof *t);
	*fd = -1;
	if (msg_len > DNS_TCP_MAX - 2 || !(t->buf = malloc(DNS_TCP_MAX))) {
		snprintf(why, n, "truncated answer, and TCP failed");
		return SD_ERR_NOMEM;
	}
	if ((*fd = dns_server_socket(s, SOCK_STREAM)) < 0) {
		dns_tcp_free(t);
		snprintf(why, n, "truncated answer, and TCP failed");
		return SD_ERR_SOCKET;
	}
	t->buf[0] = (uint8_t)(msg_len >> 8);
	t->buf[1] = (uint8_t)msg_len;
	memcpy(t->buf + 2, msg, msg_len);
	t->len = msg_len + 2;
	t->state = DNS_TCP_CONNECTING;
	return SD_OK;
}

short dns_tcp_events(const struct dns_tcp *t)
{
	return t->state == DNS_TCP_READING ? POLLIN : POLLOUT;
}

/* The connection is made, or failed (why). */
static enum dns_tcp_step connected(struct dns_tcp *t, int fd, char *why, size_t n)
{
	char text[64];
	int e = 0;
	socklen_t el = sizeof e;
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &el) != 0)
		e = errno;
	if (e) {
		snprintf(why, n, "truncated answer, and TCP failed: %s", sd_errno_text(e, text, sizeof text));
		return DNS_TCP_FAILED;
	}
	t->state = DNS_TCP_WRITING;
	return DNS_TCP_MORE;
}

static enum dns_tcp_step write_some(struct dns_tcp *t, int fd, char *why, size_t n)
{
	ssize_t w = send(fd, t->buf + t->done, t->len - t->done, MSG_NOSIGNAL);
	if (w < 0 && errno != EAGAIN) {
		snprintf(why, n, "TCP send failed");
		return DNS_TCP_FAILED;
	}
	t->done += w > 0 ? (size_t)w : 0;
	if (t->done == t->len) {
		t->state = DNS_TCP_READING;
		t->done = 0;
	}
	return DNS_TCP_MORE;
}

/* The answer's length once its prefix is in (the prefix alone until then). */
static size_t wanted(const struct dns_tcp *t)
{
	return t->done < 2 ? 2 : 2 + ((size_t)t->buf[0] << 8 | t->buf[1]);
}

static enum dns_tcp_step read_some(struct dns_tcp *t, int fd, const uint8_t **answer, size_t *len, char *why,
				   size_t n)
{
	ssize_t r = recv(fd, t->buf + t->done, wanted(t) - t->done, 0);
	if (r == 0) {
		snprintf(why, n, "TCP connection closed before the answer was complete");
		return DNS_TCP_FAILED;
	}
	if (r < 0 && errno != EAGAIN) {
		snprintf(why, n, "TCP receive failed");
		return DNS_TCP_FAILED;
	}
	t->done += r > 0 ? (size_t)r : 0;
	if (t->done < 2 || t->done < wanted(t))
		return DNS_TCP_MORE;
	*answer = t->buf + 2;
	*len = t->done - 2;
	return DNS_TCP_ANSWER;
}

enum dns_tcp_step dns_tcp_step(struct dns_tcp *t, int fd, const uint8_t **answer, size_t *len, char *why, size_t n)
{
	if (t->state == DNS_TCP_CONNECTING)
		return connected(t, fd, why, n);
	if (t->state == DNS_TCP_WRITING)
		return write_some(t, fd, why, n);
	return read_some(t, fd, answer, len, why, n);
}

void dns_tcp_free(struct dns_tcp *t)
{
	free(t->buf);
	t->buf = NULL;
}
