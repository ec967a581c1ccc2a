/* federation_probe.h — SPEC §5.2: the Access Edge's one TLS attempt, made beside the sign-in
 * attempts on a thread of its own, so that it adds no time to a run that connects. */
#ifndef FEDERATION_PROBE_H
#define FEDERATION_PROBE_H

#include <pthread.h>

#include "result.h"

struct tls_trust;

/* One federation attempt in flight; the caller owns it, start and join fill it. */
struct federation_probe {
	pthread_t thread;
	bool started;
	struct result *r;
	const struct tls_trust *trust;
};

/*
 * Starts the TLS attempt to r->federation's target when federation_decide found addresses
 * (FED_RESOLVED): each address in turn until one completes a TLS handshake, all of it within
 * one --timeout and each step within --deadline (deadline_step_ms). It writes only r->federation, and
 * reads nothing of r the sign-in probe writes. No SIP message is sent. SD_ERR_THREAD when
 * the thread cannot be started; nothing to start is SD_OK.
 */
enum sd_status federation_probe_start(struct federation_probe *p, struct result *r, const struct tls_trust *trust);

/* Waits for the attempt started by federation_probe_start (none started: returns at once). */
enum sd_status federation_probe_join(struct federation_probe *p);

#endif
