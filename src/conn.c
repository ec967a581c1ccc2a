/* conn.c — SPEC §6's connection step: every wait is a poll() against one deadline, so a
 * silent or stalled peer costs at most the timeout. */
#include "conn.h"

#include "clock.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <gnutls/x509.h>

static const char *const outcome_names[] = {
	[CONN_OK] = "ok",
	[CONN_REFUSED] = "refused",
	[CONN_TIMEOUT] = "timeout",
	[CONN_UNREACHABLE] = "unreachable",
	[CONN_ERROR] = "error",
	[CONN_TLS_FAILED] = "tls-failed",
	[CONN_CERT_INVALID] = "certificate-invalid",
};

const char *conn_outcome_name(enum conn_outcome o)
{
	if ((size_t)o >= sizeof outcome_names / sizeof outcome_names[0])
		return "error";
	return outcome_names[o];
}

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

static bool load_cafile(gnutls_certificate_credentials_t cred, const char *cafile,
			char *detail, size_t n)
{
	FILE *f = fopen(cafile, "r");
	if (!f) {
		char text[128];
		say(detail, n, "cannot load --cafile %s: %s", cafile,
		    sd_errno_text(errno, text, sizeof text));
		return false;
	}
	/* A directory opens fine and fails only on reading: say so instead of gnutls's "Error
	 * while reading file". */
	int err = getc(f) == EOF && ferror(f) ? errno : 0;
	fclose(f);
	if (err) {
		char text[128];
		say(detail, n, "cannot load --cafile %s: %s", cafile, sd_errno_text(err, text, sizeof text));
		return false;
	}
	int r = gnutls_certificate_set_x509_trust_file(cred, cafile, GNUTLS_X509_FMT_PEM);
	if (r <= 0 && gnutls_certificate_set_x509_trust_file(cred, cafile, GNUTLS_X509_FMT_DER) > 0)
		return true;
	if (r <= 0)
		say(detail, n, "cannot load --cafile %s: %s", cafile,
		    r == 0 ? "no certificate in it" : gnutls_strerror(r));
	return r > 0;
}

/*
 * The system store takes 20-35 ms to parse, so it loads on a thread of its own while
 * the DNS stages run; the first handshake waits for it (ready).
 */
struct conn_trust {
	gnutls_certificate_credentials_t cred;
	pthread_t loader;
	pthread_mutex_t lock;
	pthread_cond_t done;
	bool ready, threaded;
};

static void *load_system_trust(void *arg)
{
	struct conn_trust *t = arg;
	(void)gnutls_certificate_set_x509_system_trust(t->cred); /* may hold nothing on a minimal machine */
	pthread_mutex_lock(&t->lock);
	t->ready = true;
	pthread_cond_broadcast(&t->done);
	pthread_mutex_unlock(&t->lock);
	return NULL;
}

enum conn_outcome conn_trust_load(struct conn_trust **out, const char *cafile, char *detail, size_t n)
{
	struct conn_trust *t = calloc(1, sizeof *t);
	*out = NULL;
	if (!t || gnutls_certificate_allocate_credentials(&t->cred) < 0) {
		free(t);
		say(detail, n, "out of memory");
		return CONN_ERROR;
	}
	pthread_mutex_init(&t->lock, NULL);
	pthread_cond_init(&t->done, NULL);
	if (cafile && !load_cafile(t->cred, cafile, detail, n)) { /* at once: a bad --cafile stops the run */
		conn_trust_free(t);
		return CONN_ERROR;
	}
	t->threaded = pthread_create(&t->loader, NULL, load_system_trust, t) == 0;
	if (!t->threaded)
		load_system_trust(t);
	*out = t;
	return CONN_OK;
}

/* The credentials, once the system store is in them. */
static gnutls_certificate_credentials_t trust_credentials(const struct conn_trust *ct)
{
	struct conn_trust *t = (struct conn_trust *)ct; /* only the latch changes */
	pthread_mutex_lock(&t->lock);
	while (!t->ready)
		pthread_cond_wait(&t->done, &t->lock);
	pthread_mutex_unlock(&t->lock);
	return t->cred;
}

void conn_trust_free(struct conn_trust *t)
{
	if (!t)
		return;
	if (t->threaded)
		pthread_join(t->loader, NULL);
	pthread_mutex_destroy(&t->lock);
	pthread_cond_destroy(&t->done);
	gnutls_certificate_free_credentials(t->cred);
	free(t);
}


/* A client session on c->fd with SNI = host, over the shared trust anchors. */
static enum conn_outcome tls_setup(struct conn *c, const char *host, const struct conn_trust *trust,
				   char *detail, size_t n)
{
	int r = gnutls_init(&c->session, GNUTLS_CLIENT | GNUTLS_NO_SIGNAL);
	if (r < 0) {
		c->session = NULL;
		say(detail, n, "TLS setup: %s", gnutls_strerror(r));
		return CONN_ERROR;
	}
	/* RFC 6066: an IP literal is never sent as SNI. */
	if ((r = gnutls_set_default_priority(c->session)) < 0 ||
	    (r = gnutls_credentials_set(c->session, GNUTLS_CRD_CERTIFICATE, trust_credentials(trust))) < 0 ||
	    (!sd_is_ip_literal(host) &&
	     (r = gnutls_server_name_set(c->session, GNUTLS_NAME_DNS, host, strlen(host))) < 0)) {
		say(detail, n, "TLS setup: %s", gnutls_strerror(r));
		return CONN_ERROR;
	}
	gnutls_transport_set_int(c->session, c->fd);
	return CONN_OK;
}

static short tls_events(gnutls_session_t s)
{
	return gnutls_record_get_direction(s) ? POLLOUT : POLLIN;
}

static void say_tls(char *detail, size_t n, const char *what, gnutls_session_t s, int err)
{
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

static enum conn_outcome tls_handshake(struct conn *c, long long deadline, unsigned timeout_ms,
				       char *detail, size_t n)
{
	for (;;) {
		int r = gnutls_handshake(c->session);
		if (r == GNUTLS_E_SUCCESS)
			return CONN_OK;
		int w = 1;
		if (r == GNUTLS_E_AGAIN || r == GNUTLS_E_INTERRUPTED)
			w = wait_fd(c->fd, tls_events(c->session), deadline);
		else if (gnutls_error_is_fatal(r)) {
			say_tls(detail, n, "TLS handshake failed", c->session, r);
			return CONN_TLS_FAILED;
		} else if (clock_ms() >= deadline)
			w = 0;
		if (w == 0) {
			say(detail, n, "TLS handshake not done within %u ms", timeout_ms);
			return CONN_TIMEOUT;
		}
		if (w < 0) {
			say_errno(detail, n, "TLS handshake", errno);
			return CONN_ERROR;
		}
	}
}

/* Copies certificate text for display: control characters become '?', trailing blanks go. */
static void copy_shown(char *dst, size_t n, const char *src, size_t len)
{
	size_t i;
	if (n == 0)
		return;
	while (len > 0 && (src[len - 1] == ' ' || src[len - 1] == '\0'))
		len--;
	for (i = 0; i < len && i + 1 < n; i++)
		dst[i] = (unsigned char)src[i] < 0x20 || src[i] == 0x7f ? '?' : src[i];
	dst[i] = '\0';
}

static void copy_dn(char *dst, size_t n, int r, gnutls_datum_t *dn)
{
	if (r >= 0) {
		copy_shown(dst, n, (const char *)dn->data, dn->size);
		gnutls_free(dn->data);
	}
}

static void cert_sans(gnutls_x509_crt_t crt, struct tls_report *rep)
{
	for (unsigned seq = 0; seq < 1024; seq++) {
		unsigned char buf[1024];
		size_t size = sizeof buf;
		char text[SD_HOST_MAX] = "";
		int type = gnutls_x509_crt_get_subject_alt_name(crt, seq, buf, &size, NULL);
		if (type == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
			return;
		if (type == GNUTLS_E_SHORT_MEMORY_BUFFER) {
			rep->sans_truncated = true;
			continue;
		}
		if (type < 0)
			return;
		if (type == GNUTLS_SAN_DNSNAME && size < sizeof text)
			copy_shown(text, sizeof text, (const char *)buf, size);
		else if (type == GNUTLS_SAN_IPADDRESS && (size == 4 || size == 16))
			inet_ntop(size == 4 ? AF_INET : AF_INET6, buf, text, sizeof text);
		else if (type == GNUTLS_SAN_DNSNAME)
			rep->sans_truncated = true; /* longer than any host name */
		if (!*text)
			continue;
		if (rep->n_sans == CONN_SANS_MAX) {
			rep->sans_truncated = true;
			continue;
		}
		sd_copy(rep->sans[rep->n_sans++], sizeof rep->sans[0], text);
	}
}

static void cert_fields(gnutls_x509_crt_t crt, long long now, struct tls_report *rep)
{
	gnutls_datum_t dn;
	copy_dn(rep->subject, sizeof rep->subject, gnutls_x509_crt_get_dn3(crt, &dn, 0), &dn);
	copy_dn(rep->issuer, sizeof rep->issuer, gnutls_x509_crt_get_issuer_dn3(crt, &dn, 0), &dn);
	cert_sans(crt, rep);
	rep->not_before = gnutls_x509_crt_get_activation_time(crt);
	rep->not_after = gnutls_x509_crt_get_expiration_time(crt);
	long long d = rep->not_after - now;
	rep->days_to_expiry = (long)(d >= 0 ? d / 86400 : -((-d + 86399) / 86400));
}

/*
 * gnutls's verdict on the chain, the host and the dates; the leaf's name and dates are also
 * checked here, so that every failed check is named however early gnutls stopped.
 */
static unsigned cert_verify(gnutls_session_t s, gnutls_x509_crt_t crt, const char *host,
			    long long now, const struct tls_report *rep)
{
	unsigned status = 0;
	if (gnutls_certificate_verify_peers3(s, host, &status) < 0)
		status |= GNUTLS_CERT_INVALID | GNUTLS_CERT_SIGNER_NOT_FOUND;
	if (!gnutls_x509_crt_check_hostname2(crt, host, 0))
		status |= GNUTLS_CERT_INVALID | GNUTLS_CERT_UNEXPECTED_OWNER;
	if (now < rep->not_before)
		status |= GNUTLS_CERT_INVALID | GNUTLS_CERT_NOT_ACTIVATED;
	if (now > rep->not_after)
		status |= GNUTLS_CERT_INVALID | GNUTLS_CERT_EXPIRED;
	return status;
}

static void report_status(struct tls_report *rep, unsigned status)
{
	const unsigned dates = GNUTLS_CERT_EXPIRED | GNUTLS_CERT_NOT_ACTIVATED;
	const unsigned name = GNUTLS_CERT_UNEXPECTED_OWNER;
	rep->status = status;
	rep->dates_ok = !(status & dates);
	rep->name_ok = !(status & name);
	rep->chain_ok = !(status & ~(dates | name | GNUTLS_CERT_INVALID));
	gnutls_datum_t text;
	if (status && gnutls_certificate_verification_status_print(status, GNUTLS_CRT_X509,
								    &text, 0) >= 0) {
		/* gnutls starts every text with this, even when only the name or the dates fail. */
		static const char generic[] = "The certificate is NOT trusted. ";
		size_t skip = text.size >= sizeof generic - 1 && memcmp(text.data, generic, sizeof generic - 1) == 0
				      ? sizeof generic - 1 : 0;
		copy_shown(rep->failure, sizeof rep->failure, (const char *)text.data + skip, text.size - skip);
		gnutls_free(text.data);
	}
}

/* Fills rep from the finished handshake; true when the client would accept the certificate. */
static bool tls_report_fill(gnutls_session_t s, const char *host, long long now,
			    struct tls_report *rep)
{
	const char *v = gnutls_protocol_get_name(gnutls_protocol_get_version(s));
	sd_copy(rep->version, sizeof rep->version, v ? v : "");
	char *desc = gnutls_session_get_desc(s);
	if (desc) {
		sd_copy(rep->cipher, sizeof rep->cipher, desc);
		gnutls_free(desc);
	}
	unsigned count = 0;
	const gnutls_datum_t *peers = gnutls_certificate_get_peers(s, &count);
	gnutls_x509_crt_t crt;
	if (gnutls_certificate_type_get(s) != GNUTLS_CRT_X509 || !peers || count == 0 ||
	    gnutls_x509_crt_init(&crt) < 0) {
		report_status(rep, GNUTLS_CERT_INVALID | GNUTLS_CERT_SIGNER_NOT_FOUND);
		sd_copy(rep->failure, sizeof rep->failure, "The server sent no X.509 certificate.");
		return false;
	}
	if (gnutls_x509_crt_import(crt, &peers[0], GNUTLS_X509_FMT_DER) < 0) {
		gnutls_x509_crt_deinit(crt);
		report_status(rep, GNUTLS_CERT_INVALID | GNUTLS_CERT_SIGNER_NOT_FOUND);
		sd_copy(rep->failure, sizeof rep->failure, "The server certificate cannot be parsed.");
		return false;
	}
	rep->have_cert = true;
	cert_fields(crt, now, rep);
	report_status(rep, cert_verify(s, crt, host, now, rep));
	gnutls_x509_crt_deinit(crt);
	return rep->status == 0;
}

/* The alert a client sends when it rejects the certificate, so the server's log says why. */
static gnutls_alert_description_t reject_alert(const struct tls_report *rep)
{
	if (!rep->chain_ok)
		return GNUTLS_A_UNKNOWN_CA;
	if (!rep->dates_ok)
		return GNUTLS_A_CERTIFICATE_EXPIRED;
	return GNUTLS_A_BAD_CERTIFICATE;
}

enum conn_outcome conn_tls(struct conn *c, const char *host, const struct conn_trust *trust,
			   unsigned timeout_ms, long long now, struct tls_report *rep,
			   char *detail, size_t n)
{
	memset(rep, 0, sizeof *rep);
	say(detail, n, "%s", "");
	if (c->fd < 0) {
		say(detail, n, "not connected");
		return CONN_ERROR;
	}
	enum conn_outcome o = tls_setup(c, host, trust, detail, n);
	if (o == CONN_OK) {
		long long start = clock_ms();
		o = tls_handshake(c, start + timeout_ms, timeout_ms, detail, n);
		rep->ms_handshake = (unsigned)(clock_ms() - start);
	}
	if (o == CONN_OK) {
		if (tls_report_fill(c->session, host, now, rep)) {
			c->tls_up = true;
			return CONN_OK;
		}
		say(detail, n, "certificate rejected: %s", rep->failure);
		(void)gnutls_alert_send(c->session, GNUTLS_AL_FATAL, reject_alert(rep));
		o = CONN_CERT_INVALID;
	}
	conn_close(c);
	return o;
}

enum { IO_WAIT = -1, IO_RETRY = -2, IO_FAIL = -3 };

/*
 * One non-blocking send of out (when not NULL) or receive into in, over TLS when c has it:
 * the byte count (0: the peer closed), IO_WAIT with the events to poll for, IO_RETRY at
 * once (a TLS warning alert, a renegotiation request we decline), or IO_FAIL with detail.
 * A TLS peer that closes without close_notify counts as closed: many servers do.
 */
static ssize_t io_once(struct conn *c, const void *out, void *in, size_t n, short *events,
		       char *detail, size_t dn)
{
	ssize_t r;
	*events = out ? POLLOUT : POLLIN;
	if (c->session) {
		r = out ? gnutls_record_send(c->session, out, n) : gnutls_record_recv(c->session, in, n);
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
		say_tls(detail, dn, out ? "TLS write" : "TLS read", c->session, (int)r);
		return IO_FAIL;
	}
	r = out ? send(c->fd, out, n, MSG_NOSIGNAL) : recv(c->fd, in, n, 0);
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

long conn_read(struct conn *c, void *buf, size_t n, unsigned timeout_ms, char *detail, size_t dn)
{
	long long deadline = clock_ms() + timeout_ms;
	if (c->fd < 0 || n == 0) {
		say(detail, dn, c->fd < 0 ? "not connected" : "no room to read");
		return -1;
	}
	if (n > 1u << 30)
		n = 1u << 30;
	for (;;) {
		short events;
		ssize_t r = io_once(c, NULL, buf, n, &events, detail, dn);
		if (r >= 0)
			return (long)r;
		if (r == IO_FAIL)
			return -1;
		int w = io_wait(c, r, events, deadline);
		if (w == 0) {
			say(detail, dn, "no data within %u ms", timeout_ms);
			return -1;
		}
		if (w < 0) {
			say_errno(detail, dn, "read", errno);
			return -1;
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
