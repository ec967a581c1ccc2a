/* conn.c — SPEC §6's connection step: every wait is a poll() against one deadline, so a
 * silent or stalled peer costs at most the timeout. The TLS session itself is tls.c's. */
#include "conn.h"

#include "clock.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void say(char *detail, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void say(char *detail, size_t n, const char *fmt, ...)
{
	if (!detail || n == 0)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(detail, n, fmt, ap);
	va_end(ap);
}

static void say_errno(char *detail, size_t n, const char *what, int err)
{
	char text[128];
	say(detail, n, "%s%s%s", what, *what ? ": " : "", sd_errno_text(err, text, sizeof text));
}


/* Waits until fd is ready for events or the deadline passes: 1 ready, 0 timed out, -1 errno. */
static int wait_fd(int fd, short events, long long deadline)
{
	for (;;) {
		long long left = deadline - clock_ms();
		if (left <= 0)
			return 0;
		struct pollfd p = { .fd = fd, .events = events };
		int r = poll(&p, 1, left > 60000 ? 60000 : (int)left);
		if (r > 0)
			return 1;
		if (r < 0 && errno != EINTR)
			return -1;
	}
}

static enum conn_outcome errno_outcome(int err)
{
	switch (err) {
	case ECONNREFUSED:
		return CONN_REFUSED;
	case ETIMEDOUT:
		return CONN_TIMEOUT;
	case ENETUNREACH:
	case EHOSTUNREACH:
	case ENETDOWN:
	case EAFNOSUPPORT:     /* no IPv6 on this machine */
	case EADDRNOTAVAIL:    /* no source address for that family */
		return CONN_UNREACHABLE;
	default:
		return CONN_ERROR;
	}
}

void conn_init(struct conn *c)
{
	*c = (struct conn){ .fd = -1 };
}

static enum conn_outcome tcp_fail(struct conn *c, int err, char *detail, size_t n)
{
	say_errno(detail, n, "", err);
	conn_close(c);
	return errno_outcome(err);
}

socklen_t conn_sockaddr(const char *text, int family, uint16_t port, struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof *ss);
	if (family == AF_INET) {
		struct sockaddr_in *v4 = (struct sockaddr_in *)ss;
		v4->sin_family = AF_INET;
		v4->sin_port = htons(port);
		inet_pton(AF_INET, text, &v4->sin_addr);
		return sizeof *v4;
	}
	struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)ss;
	v6->sin6_family = AF_INET6;
	v6->sin6_port = htons(port);
	inet_pton(AF_INET6, text, &v6->sin6_addr);
	return sizeof *v6;
}

enum conn_outcome conn_tcp(struct conn *c, const struct sockaddr *sa, socklen_t salen,
			   unsigned timeout_ms, char *detail, size_t n)
{
	long long deadline = clock_ms() + timeout_ms;
	say(detail, n, "%s", "");
	c->fd = socket(sa->sa_family, SOCK_STREAM, 0);
	if (c->fd < 0)
		return tcp_fail(c, errno, detail, n);
	int flags = fcntl(c->fd, F_GETFL);
	if (flags < 0 || fcntl(c->fd, F_SETFL, flags | O_NONBLOCK) < 0 ||
	    fcntl(c->fd, F_SETFD, FD_CLOEXEC) < 0)
		return tcp_fail(c, errno, detail, n);
	/* Without it Nagle holds the REGISTER behind TLS 1.3's unacknowledged Finished until the
	 * server's delayed ACK: 40 ms added to every sign-in. */
	int one = 1;
	(void)setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	if (connect(c->fd, sa, salen) == 0)
		return CONN_OK;
	if (errno != EINPROGRESS && errno != EINTR)
		return tcp_fail(c, errno, detail, n);
	int r = wait_fd(c->fd, POLLOUT, deadline);
	if (r == 0) {
		say(detail, n, "no answer within %u ms", timeout_ms);
		conn_close(c);
		return CONN_TIMEOUT;
	}
	int err = errno;
	socklen_t len = sizeof err;
	if (r > 0 && getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
		err = errno;
	return err == 0 ? CONN_OK : tcp_fail(c, err, detail, n);
}

static short tls_events(gnutls_session_t s)
{
	return gnutls_record_get_direction(s) ? POLLOUT : POLLIN;
}

int conn_wait_tls(const struct conn *c, long long deadline)
{
	return wait_fd(c->fd, tls_events(c->session), deadline);
}

void conn_tls_error(const struct conn *c, int err, const char *what, char *detail, size_t n)
{
	gnutls_session_t s = c->session;
	if (err == GNUTLS_E_FATAL_ALERT_RECEIVED || err == GNUTLS_E_WARNING_ALERT_RECEIVED)
		say(detail, n, "%s: the server sent the alert \"%s\"", what,
		    gnutls_alert_get_name(gnutls_alert_get(s)));
	else if (err == GNUTLS_E_PREMATURE_TERMINATION)
		say(detail, n, "%s: the server closed the connection", what);
	else if (err == GNUTLS_E_PULL_ERROR || err == GNUTLS_E_PUSH_ERROR)
		say(detail, n, "%s: the connection broke (closed or reset by the server)", what);
	else
		say(detail, n, "%s: %s", what, gnutls_strerror(err));
}

enum { IO_WAIT = -1, IO_RETRY = -2, IO_FAIL = -3 };

/* io_once over c's TLS session. */
static ssize_t tls_once(struct conn *c, const void *out, void *in, size_t n, short *events, char *detail, size_t dn)
{
	ssize_t r = out ? gnutls_record_send(c->session, out, n) : gnutls_record_recv(c->session, in, n);
	if (r >= 0)
		return r;
	if (!out && r == GNUTLS_E_PREMATURE_TERMINATION)
		return 0;
	if (r == GNUTLS_E_AGAIN || r == GNUTLS_E_INTERRUPTED) {
		*events = tls_events(c->session);
		return IO_WAIT;
	}
	if (!gnutls_error_is_fatal((int)r))
		return IO_RETRY;
	conn_tls_error(c, (int)r, out ? "TLS write" : "TLS read", detail, dn);
	return IO_FAIL;
}

/*
 * One non-blocking send of out (when not NULL) or receive into in, over TLS when c has it:
 * the byte count (0: the peer closed), IO_WAIT with the events to poll for, IO_RETRY at
 * once (a TLS warning alert, a renegotiation request we decline), or IO_FAIL with detail.
 * A TLS peer that closes without close_notify counts as closed: many servers do.
 */
static ssize_t io_once(struct conn *c, const void *out, void *in, size_t n, short *events,
		       char *detail, size_t dn)
{
	*events = out ? POLLOUT : POLLIN;
	if (c->session)
		return tls_once(c, out, in, n, events, detail, dn);
	ssize_t r = out ? send(c->fd, out, n, MSG_NOSIGNAL) : recv(c->fd, in, n, 0);
	if (r >= 0)
		return r;
	if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
		return IO_WAIT;
	say_errno(detail, dn, out ? "write" : "read", errno);
	return IO_FAIL;
}

/* After IO_WAIT or IO_RETRY (r): 1 to try again, 0 when the deadline passed, -1 on a poll
 * error. IO_RETRY does not poll: gnutls may hold the next record already. */
static int io_wait(const struct conn *c, ssize_t r, short events, long long deadline)
{
	if (r == IO_RETRY)
		return clock_ms() < deadline;
	return wait_fd(c->fd, events, deadline);
}

enum conn_outcome conn_write_all(struct conn *c, const void *buf, size_t len,
				 unsigned timeout_ms, char *detail, size_t dn)
{
	long long deadline = clock_ms() + timeout_ms;
	const char *p = buf;
	if (c->fd < 0) {
		say(detail, dn, "not connected");
		return CONN_ERROR;
	}
	while (len > 0) {
		short events;
		ssize_t w = io_once(c, p, NULL, len, &events, detail, dn);
		if (w == IO_FAIL)
			return CONN_ERROR;
		if (w > 0) {
			p += w;
			len -= (size_t)w;
			continue;
		}
		int r = io_wait(c, w, events, deadline);
		if (r == 0) {
			say(detail, dn, "could not send within %u ms", timeout_ms);
			return CONN_TIMEOUT;
		}
		if (r < 0) {
			say_errno(detail, dn, "write", errno);
			return CONN_ERROR;
		}
	}
	return CONN_OK;
}

enum conn_outcome conn_read(struct conn *c, void *buf, size_t n, size_t *got, unsigned timeout_ms, char *detail,
			    size_t dn)
{
	long long deadline = clock_ms() + timeout_ms;
	*got = 0;
	if (c->fd < 0 || n == 0) {
		say(detail, dn, c->fd < 0 ? "not connected" : "no room to read");
		return CONN_ERROR;
	}
	if (n > 1u << 30)
		n = 1u << 30;
	for (;;) {
		short events;
		ssize_t r = io_once(c, NULL, buf, n, &events, detail, dn);
		if (r >= 0) {
			*got = (size_t)r;
			return CONN_OK;
		}
		if (r == IO_FAIL)
			return CONN_ERROR;
		int w = io_wait(c, r, events, deadline);
		if (w == 0) {
			say(detail, dn, "no data within %u ms", timeout_ms);
			return CONN_TIMEOUT;
		}
		if (w < 0) {
			say_errno(detail, dn, "read", errno);
			return CONN_ERROR;
		}
	}
}

void conn_local(const struct conn *c, char *addr, size_t n, uint16_t *port)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;
	if (n > 0)
		addr[0] = '\0';
	*port = 0;
	if (c->fd < 0 || getsockname(c->fd, (struct sockaddr *)&ss, &len) < 0)
		return;
	if (ss.ss_family == AF_INET) {
		const struct sockaddr_in *in = (const struct sockaddr_in *)&ss;
		if (!inet_ntop(AF_INET, &in->sin_addr, addr, (socklen_t)n) && n > 0)
			addr[0] = '\0';
		*port = ntohs(in->sin_port);
	} else if (ss.ss_family == AF_INET6) {
		const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)&ss;
		if (!inet_ntop(AF_INET6, &in6->sin6_addr, addr, (socklen_t)n) && n > 0)
			addr[0] = '\0';
		*port = ntohs(in6->sin6_port);
	}
}

void conn_close(struct conn *c)
{
	if (c->session) {
		if (c->tls_up)
			(void)gnutls_bye(c->session, GNUTLS_SHUT_WR);
		gnutls_deinit(c->session);
	}
	if (c->fd >= 0)
		close(c->fd);
	conn_init(c);
}
