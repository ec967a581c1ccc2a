/* badpeer.c — a misbehaving TLS/SIP server for sipdiscover's fault-injection tests
 * (tests/e2e/faults.bats). Each mode is one way a broken or hostile peer can treat a
 * client that connects, starts TLS and sends one REGISTER.
 *
 *   badpeer MODE ADDR PORT [CERT KEY]
 *
 * Listens on ADDR:PORT (TCP; an IPv4 or IPv6 literal), prints "ready" on stdout once it
 * does, and serves every connection in a child process until it is killed. The modes
 * that complete a TLS handshake need CERT and KEY (PEM files).
 *
 *   stall          never sends a byte: the TLS handshake stalls
 *   stall-mid      reads the ClientHello, sends 3 of a record header's 5 bytes, stops
 *   garbage        reads the ClientHello, sends 4 KB that are not TLS, closes
 *   tls-close      completes the handshake, then closes: the REGISTER gets no answer
 *   sip-endless    "SIP/2.0 401 Unauthorized", then header lines for ever
 *   sip-huge       a 401 with "Content-Length: 2000000000", then a body byte per 100 ms
 *   sip-trickle    a 401 head that grows by a byte per 100 ms and never ends
 *   sip-100s       "100 Trying" every 10 ms, never a final answer
 *   sip-escape     a 401 whose reason, Server, realm, targetname, Contact and
 *                  ms-diagnostics hold terminal escapes (CSI, OSC ... BEL), CR, BS
 *   sip-latin1     a 401 whose reason, Server and realm are Latin-1, not UTF-8
 *   sip-utf8-long  a 401 whose reason is 100 x U+00E9 (200 octets of valid UTF-8)
 *
 * Teardown never hangs: SIGTERM ends the listener at once, every child dies with its
 * parent (PR_SET_PDEATHSIG) and lives CHILD_LIFETIME seconds at most. */
#include <errno.h>
#include <netdb.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include <gnutls/gnutls.h>

#define CHILD_LIFETIME 30 /* seconds: a forgotten connection cannot outlive a test run */

static gnutls_certificate_credentials_t cred;

static void die(const char *what, const char *why)
{
	fprintf(stderr, "badpeer: %s: %s\n", what, why);
	exit(2);
}

static void pause_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* Reads and discards until the client closes (or the lifetime alarm ends us). */
static void drain(int fd)
{
	char buf[4096];
	ssize_t n;
	while ((n = recv(fd, buf, sizeof buf, 0)) > 0 || (n < 0 && errno == EINTR))
		;
}

static bool raw_write(int fd, const void *p, size_t n)
{
	const char *c = p;
	while (n > 0) {
		ssize_t w = send(fd, c, n, MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		c += w;
		n -= (size_t)w;
	}
	return true;
}

/* A finished server-side handshake on fd, or exit. */
static gnutls_session_t tls_accept(int fd)
{
	gnutls_session_t s;
	int r;
	if (!cred)
		die("TLS mode", "needs CERT and KEY");
	if ((r = gnutls_init(&s, GNUTLS_SERVER | GNUTLS_NO_SIGNAL)) < 0 ||
	    (r = gnutls_set_default_priority(s)) < 0 ||
	    (r = gnutls_credentials_set(s, GNUTLS_CRD_CERTIFICATE, cred)) < 0)
		die("TLS setup", gnutls_strerror(r));
	gnutls_certificate_server_set_request(s, GNUTLS_CERT_IGNORE);
	gnutls_transport_set_int(s, fd);
	do
		r = gnutls_handshake(s);
	while (r < 0 && !gnutls_error_is_fatal(r));
	if (r < 0)
		exit(0); /* the client gave up: nothing to misbehave towards */
	return s;
}

static bool tls_write(gnutls_session_t s, const void *p, size_t n)
{
	const char *c = p;
	while (n > 0) {
		ssize_t w = gnutls_record_send(s, c, n);
		if (w == GNUTLS_E_AGAIN || w == GNUTLS_E_INTERRUPTED)
			continue;
		if (w <= 0)
			return false;
		c += w;
		n -= (size_t)w;
	}
	return true;
}

static bool tls_puts(gnutls_session_t s, const char *text)
{
	return tls_write(s, text, strlen(text));
}

/* Reads the client's request up to its blank line (a REGISTER has no body), at most 16 KB. */
static void read_request(gnutls_session_t s)
{
	char buf[16384];
	size_t len = 0;
	while (len + 1 < sizeof buf) {
		ssize_t r = gnutls_record_recv(s, buf + len, sizeof buf - 1 - len);
		if (r == GNUTLS_E_AGAIN || r == GNUTLS_E_INTERRUPTED)
			continue;
		if (r <= 0)
			exit(0);
		len += (size_t)r;
		buf[len] = '\0';
		if (strstr(buf, "\r\n\r\n"))
			return;
	}
}

/* The TLS handshake stalls: the ClientHello is read and never answered. */
static void mode_stall(int fd)
{
	drain(fd);
}

/* The server starts a TLS record (3 of its 5 header bytes) and stops. */
static void mode_stall_mid(int fd)
{
	char buf[4096];
	if (recv(fd, buf, sizeof buf, 0) <= 0)
		return;
	raw_write(fd, "\x16\x03\x03", 3);
	drain(fd);
}

/* 4 KB of bytes that are not TLS, then an orderly close (after the ClientHello is read,
 * so that the client sees the bytes rather than a reset). */
static void mode_garbage(int fd)
{
	char buf[4096];
	unsigned long x = 12345;
	if (recv(fd, buf, sizeof buf, 0) <= 0)
		return;
	for (size_t i = 0; i < sizeof buf; i++) {
		x = x * 1103515245UL + 12345UL;
		buf[i] = (char)(x >> 16);
	}
	memcpy(buf, "GARBAGE ", 8); /* 'G' is no TLS content type */
	raw_write(fd, buf, sizeof buf);
	shutdown(fd, SHUT_WR);
	drain(fd);
}

/* A complete handshake, then the server's side of the connection closes: the REGISTER
 * is never answered. */
static void mode_tls_close(int fd)
{
	gnutls_session_t s = tls_accept(fd);
	shutdown(fd, SHUT_WR);
	drain(fd);
	gnutls_deinit(s);
}

/* A status line, then header lines forever: the head never ends. */
static void mode_sip_endless(int fd)
{
	gnutls_session_t s = tls_accept(fd);
	char chunk[8192];
	unsigned long n = 0;
	read_request(s);
	if (!tls_puts(s, "SIP/2.0 401 Unauthorized\r\n"))
		return;
	for (;;) {
		size_t len = 0;
		while (len + 200 < sizeof chunk)
			len += (size_t)snprintf(chunk + len, sizeof chunk - len, "X-Junk-%lu: %.*s\r\n", n++, 150,
						"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
						"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
		if (!tls_write(s, chunk, len))
			return;
	}
}

/* After the request, sends start and then one byte every 100 ms until the client leaves. */
static void answer_then_trickle(int fd, const char *start, const char *byte)
{
	gnutls_session_t s = tls_accept(fd);
	read_request(s);
	if (!tls_puts(s, start))
		return;
	while (tls_puts(s, byte))
		pause_ms(100);
}

/* A 401 announcing a 2 GB body, which then trickles in a byte every 100 ms. */
static void mode_sip_huge(int fd)
{
	answer_then_trickle(fd, "SIP/2.0 401 Unauthorized\r\nServer: badpeer\r\nContent-Length: 2000000000\r\n\r\n", "x");
}

/* The head of a 401 trickles in a byte every 100 ms and never ends: only a deadline over
 * the whole answer (not one per read) bounds it. */
static void mode_sip_trickle(int fd)
{
	answer_then_trickle(fd, "SIP/2.0 401 Unauthorized\r\nX-Slow: ", "z");
}

/* Provisional answers forever, never a final one. */
static void mode_sip_100s(int fd)
{
	gnutls_session_t s = tls_accept(fd);
	read_request(s);
	while (tls_puts(s, "SIP/2.0 100 Trying\r\nContent-Length: 0\r\n\r\n"))
		pause_ms(10);
}

/* A well-formed 401 whose reason, Server, realm, targetname, Contact and ms-diagnostics
 * carry terminal control sequences: CSI colour and clear-screen, an OSC window-title
 * change ended by BEL, a bare CR (overwrites the line) and backspaces. */
static void mode_sip_escape(int fd)
{
	gnutls_session_t s = tls_accept(fd);
	read_request(s);
	tls_puts(s, "SIP/2.0 401 Unauth\033[2Jorized\a\r\n"
		    "Server: Evil\033[31mRED\033]0;pwned\aTITLE\rOVERWRITE\b\b\b\r\n"
		    "WWW-Authenticate: NTLM realm=\"SIP \033[31mCommunications\033[0m\a Service\r\b\", "
		    "targetname=\"sip/\033]0;title\apool.escape.faults.test\", version=3\r\n"
		    "Contact: <sip:\033[5mpool2.escape.faults.test\033[0m;transport=tls>\r\n"
		    "ms-diagnostics: 1000;reason=\"\033[1mbold\r\b\a\";source=\"x\"\r\n"
		    "Content-Length: 0\r\n"
		    "\r\n");
	drain(fd);
}

/* A 401 whose reason and Server header are Latin-1, not UTF-8 (as old appliances send). */
static void mode_sip_latin1(int fd)
{
	gnutls_session_t s = tls_accept(fd);
	read_request(s);
	tls_puts(s, "SIP/2.0 401 Non autoris\351\r\n"
		    "Server: Fran\347ais \377\376\r\n"
		    "WWW-Authenticate: NTLM realm=\"Soci\351t\351\", targetname=\"sip/latin1.faults.test\", version=3\r\n"
		    "Content-Length: 0\r\n"
		    "\r\n");
	drain(fd);
}

/* A 401 whose reason phrase is valid UTF-8 but long: 100 x U+00E9, 200 octets, more than
 * a client keeps of it, so any cut at a fixed octet count splits a character. */
static void mode_sip_utf8_long(int fd)
{
	gnutls_session_t s = tls_accept(fd);
	char line[512] = "SIP/2.0 401 ";
	read_request(s);
	for (int i = 0; i < 100; i++)
		strcat(line, "\303\251");
	strcat(line, "\r\nServer: badpeer\r\nWWW-Authenticate: NTLM realm=\"SIP Communications Service\", "
		     "targetname=\"sip/utf8.faults.test\", version=3\r\nContent-Length: 0\r\n\r\n");
	tls_puts(s, line);
	drain(fd);
}

static const struct {
	const char *name;
	void (*serve)(int fd);
} modes[] = {
	{ "stall", mode_stall },
	{ "stall-mid", mode_stall_mid },
	{ "garbage", mode_garbage },
	{ "tls-close", mode_tls_close },
	{ "sip-endless", mode_sip_endless },
	{ "sip-huge", mode_sip_huge },
	{ "sip-trickle", mode_sip_trickle },
	{ "sip-100s", mode_sip_100s },
	{ "sip-escape", mode_sip_escape },
	{ "sip-latin1", mode_sip_latin1 },
	{ "sip-utf8-long", mode_sip_utf8_long },
};

static void usage(void)
{
	fprintf(stderr, "usage: badpeer MODE ADDR PORT [CERT KEY]\nmodes:");
	for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++)
		fprintf(stderr, " %s", modes[i].name);
	fputc('\n', stderr);
	exit(2);
}

static int listen_on(const char *addr, const char *port)
{
	struct addrinfo hints = { .ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | AI_PASSIVE,
				  .ai_socktype = SOCK_STREAM };
	struct addrinfo *ai;
	int r = getaddrinfo(addr, port, &hints, &ai);
	if (r != 0)
		die(addr, gai_strerror(r));
	int fd = socket(ai->ai_family, SOCK_STREAM, 0), one = 1;
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0 ||
	    bind(fd, ai->ai_addr, ai->ai_addrlen) < 0 || listen(fd, 16) < 0)
		die(addr, strerror(errno));
	freeaddrinfo(ai);
	return fd;
}

static void serve_child(int lfd, int fd, pid_t parent, void (*serve)(int))
{
	close(lfd);
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != parent)
		_exit(0);
	alarm(CHILD_LIFETIME);
	serve(fd);
	close(fd);
	_exit(0);
}

int main(int argc, char **argv)
{
	void (*serve)(int) = NULL;
	if (argc != 4 && argc != 6)
		usage();
	for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++)
		if (strcmp(argv[1], modes[i].name) == 0)
			serve = modes[i].serve;
	if (!serve)
		usage();
	if (argc == 6) {
		int r;
		if ((r = gnutls_certificate_allocate_credentials(&cred)) < 0 ||
		    (r = gnutls_certificate_set_x509_key_file(cred, argv[4], argv[5], GNUTLS_X509_FMT_PEM)) < 0)
			die(argv[4], gnutls_strerror(r));
	}
	struct sigaction sa = { .sa_handler = SIG_IGN, .sa_flags = SA_NOCLDWAIT };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGCHLD, &sa, NULL); /* children are reaped by the kernel */
	signal(SIGPIPE, SIG_IGN);
	int lfd = listen_on(argv[2], argv[3]);
	pid_t self = getpid();
	printf("ready\n");
	fflush(stdout);
	for (;;) {
		int fd = accept(lfd, NULL, NULL);
		if (fd < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			die("accept", strerror(errno));
		}
		pid_t pid = fork();
		if (pid == 0)
			serve_child(lfd, fd, self, serve);
		close(fd);
	}
}
