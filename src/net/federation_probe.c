/* federation_probe.c — the Access Edge's TLS attempt (SPEC §5.2), on a thread of its own. */
#include "federation_probe.h"

#include "clock.h"
#include "deadline.h"
#include "tls.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <time.h>

/*
 * deadline_step_ms, and no later than end (the attempt's one --timeout, whatever the number
 * of addresses and steps); at least 1 ms, so that a step begun as time runs out ends as a
 * timeout of its own.
 */
static unsigned step_ms(const struct result *r, long long end)
{
	unsigned ms = deadline_step_ms(r);
	long long left = end - clock_ms();
	if (left < (long long)ms)
		ms = left > 0 ? (unsigned)left : 0;
	return ms ? ms : 1;
}

/* TCP, then the TLS handshake with SNI = the target and the client's certificate checks. */
static void attempt_one(const struct result *r, const struct tls_trust *trust, const struct address *addr,
			long long end, struct attempt *a)
{
	struct conn c;
	struct sockaddr_storage ss;
	const struct federation *f = &r->federation;
	memset(a, 0, sizeof *a);
	a->candidate = -1;
	sd_copy(a->address, sizeof a->address, addr->text);
	conn_init(&c);
	socklen_t len = conn_sockaddr(addr->text, addr->family, f->port, &ss);
	long long t0 = clock_ms();
	a->outcome = conn_tcp(&c, (struct sockaddr *)&ss, len, step_ms(r, end), a->detail, sizeof a->detail);
	a->ms_connect = (unsigned)(clock_ms() - t0);
	a->tcp_connected = a->outcome == CONN_OK;
	if (a->outcome == CONN_OK) {
		long long t1 = clock_ms();
		a->outcome = tls_handshake(&c, f->target, trust, step_ms(r, end), (long long)time(NULL), &a->tls, a->detail,
					   sizeof a->detail);
		a->ms_tls = a->tls.ms_handshake ? a->tls.ms_handshake : (unsigned)(clock_ms() - t1);
		a->has_tls = a->tls.have_cert || a->tls.version[0];
	}
	conn_close(&c);
	a->ms = (unsigned)(clock_ms() - t0);
}

static void *run(void *arg)
{
	struct federation_probe *p = arg;
	struct federation *f = &p->r->federation;
	long long end = clock_ms() + p->r->policy->timeout_ms; /* SPEC §5.2: one attempt, one --timeout */
	for (size_t i = 0; i < f->n_addrs && !deadline_passed(p->r) && clock_ms() < end; i++) {
		attempt_one(p->r, p->trust, &f->addrs[i], end, &f->attempt);
		f->n_tried = i + 1;
		if (f->attempt.outcome == CONN_OK || f->attempt.outcome == CONN_CERT_INVALID)
			break; /* a handshake was made: that is the Edge's certificate */
	}
	return NULL;
}

enum sd_status federation_probe_start(struct federation_probe *p, struct result *r, const struct tls_trust *trust)
{
	memset(p, 0, sizeof *p);
	p->r = r;
	p->trust = trust;
	if (r->federation.state != FED_RESOLVED)
		return SD_OK;
	if (pthread_create(&p->thread, NULL, run, p) != 0)
		return SD_ERR_THREAD;
	p->started = true;
	return SD_OK;
}

enum sd_status federation_probe_join(struct federation_probe *p)
{
	if (!p->started)
		return SD_OK;
	p->started = false;
	return pthread_join(p->thread, NULL) == 0 ? SD_OK : SD_ERR_THREAD;
}
