/* tls.c — SPEC §6's TLS step: the handshake within the attempt's deadline, then the checks
 * the client makes, each one reported even when an earlier one failed. */
#include "tls.h"

#include "clock.h"
#include "tls_cert.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/*
 * The system store takes 20-35 ms to parse, so it loads on a thread of its own while
 * the DNS stages run; the first handshake waits for it (ready).
 */
struct tls_trust {
	gnutls_certificate_credentials_t cred;
	pthread_t loader;
	pthread_mutex_t lock;
	pthread_cond_t done;
	atomic_bool ready;           /* the system store is in cred */
	bool threaded, lock_made, done_made;
};

static bool load_cafile(gnutls_certificate_credentials_t cred, const char *cafile,
			char *why, size_t n)
{
	char text[128];
	FILE *f = fopen(cafile, "r");
	if (!f) {
		snprintf(why, n, "cannot load --cafile %s: %s", cafile, sd_errno_text(errno, text, sizeof text));
		return false;
	}
	/* A directory opens fine and fails only on reading: say so instead of gnutls's "Error
	 * while reading file". */
	int err = getc(f) == EOF && ferror(f) ? errno : 0;
	fclose(f);
	if (err) {
		snprintf(why, n, "cannot load --cafile %s: %s", cafile, sd_errno_text(err, text, sizeof text));
		return false;
	}
	int r = gnutls_certificate_set_x509_trust_file(cred, cafile, GNUTLS_X509_FMT_PEM);
	if (r <= 0 && gnutls_certificate_set_x509_trust_file(cred, cafile, GNUTLS_X509_FMT_DER) > 0)
		return true;
	if (r <= 0)
		snprintf(why, n, "cannot load --cafile %s: %s", cafile,
			 r == 0 ? "no certificate in it" : gnutls_strerror(r));
	/* SPEC §6: revocation is checked against the CRLs the file holds, and only those. */
	else
		(void)gnutls_certificate_set_x509_crl_file(cred, cafile, GNUTLS_X509_FMT_PEM);
	return r > 0;
}

static void *load_system_trust(void *arg)
{
	struct tls_trust *t = arg;
	(void)gnutls_certificate_set_x509_system_trust(t->cred); /* may hold nothing on a minimal machine */
	atomic_store(&t->ready, true);
	/* Wakes the waiters; should the lock fail, they still see ready at their next timed check. */
	if (pthread_mutex_lock(&t->lock) == 0) {
		(void)pthread_cond_broadcast(&t->done);
		(void)pthread_mutex_unlock(&t->lock);
	}
	return NULL;
}

/* The latch the first handshake waits on; false (why filled) when the system refuses one. */
static bool make_latch(struct tls_trust *t, char *why, size_t n)
{
	char text[128];
	int err = pthread_mutex_init(&t->lock, NULL);
	t->lock_made = err == 0;
	if (!err) {
		err = pthread_cond_init(&t->done, NULL);
		t->done_made = err == 0;
	}
	if (err)
		snprintf(why, n, "cannot prepare the trust store: %s", sd_errno_text(err, text, sizeof text));
	return err == 0;
}

enum sd_status tls_trust_load(struct tls_trust **out, const char *cafile, char *why, size_t n)
{
	struct tls_trust *t = calloc(1, sizeof *t);
	*out = NULL;
	if (!t || gnutls_certificate_allocate_credentials(&t->cred) < 0) {
		free(t);
		snprintf(why, n, "out of memory");
		return SD_ERR_NOMEM;
	}
	atomic_init(&t->ready, false);
	if (!make_latch(t, why, n)) {
		tls_trust_free(t);
		return SD_ERR_THREAD;
	}
	if (cafile && !load_cafile(t->cred, cafile, why, n)) { /* at once: a bad --cafile stops the run */
		tls_trust_free(t);
		return SD_ERR_INPUT;
	}
	/* Without a thread the store loads here: slower, but the same anchors. */
	t->threaded = pthread_create(&t->loader, NULL, load_system_trust, t) == 0;
	if (!t->threaded)
		load_system_trust(t);
	*out = t;
	return SD_OK;
}

#define TRUST_RECHECK_NS 100000000L /* a waiter looks at ready again after 100 ms regardless */

/* Waits on t's latch until the store is loaded; false when a lock or wait call failed. */
static bool wait_loaded(struct tls_trust *t)
{
	int err = pthread_mutex_lock(&t->lock);
	while (!err && !atomic_load(&t->ready)) {
		struct timespec until;
		if (clock_gettime(CLOCK_REALTIME, &until) != 0) {
			err = -1;
			break;
		}
		until.tv_nsec += TRUST_RECHECK_NS;
		until.tv_sec += until.tv_nsec / 1000000000L;
		until.tv_nsec %= 1000000000L;
		err = pthread_cond_timedwait(&t->done, &t->lock, &until);
		if (err == ETIMEDOUT)
			err = 0;
	}
	if (pthread_mutex_unlock(&t->lock) != 0)
		err = -1;
	return err == 0;
}

/* The credentials, once the system store is in them; NULL when waiting for it failed. */
static gnutls_certificate_credentials_t trust_credentials(const struct tls_trust *ct)
{
	struct tls_trust *t = (struct tls_trust *)ct; /* only the latch changes */
	if (!atomic_load(&t->ready) && !wait_loaded(t))
		return NULL;
	return t->cred;
}

void tls_trust_free(struct tls_trust *t)
{
	if (!t)
		return;
	/* A loader that cannot be joined may still use t: keeping it is the only safe choice. */
	if (t->threaded && pthread_join(t->loader, NULL) != 0)
		return;
	if (t->lock_made)
		(void)pthread_mutex_destroy(&t->lock);
	if (t->done_made)
		(void)pthread_cond_destroy(&t->done);
	gnutls_certificate_free_credentials(t->cred);
	free(t);
}

/* A client session on c->fd with SNI = host, over the shared trust anchors. */
static enum conn_outcome session_setup(struct conn *c, const char *host, const struct tls_trust *trust,
				       char *detail, size_t n)
{
	int r = gnutls_init(&c->session, GNUTLS_CLIENT | GNUTLS_NO_SIGNAL);
	if (r < 0) {
		c->session = NULL;
		snprintf(detail, n, "TLS setup: %s", gnutls_strerror(r));
		return CONN_ERROR;
	}
	gnutls_certificate_credentials_t cred = trust_credentials(trust);
	if (!cred) {
		snprintf(detail, n, "TLS setup: cannot wait for the trust store to load");
		return CONN_ERROR;
	}
	/* RFC 6066: an IP literal is never sent as SNI. */
	if ((r = gnutls_set_default_priority(c->session)) < 0 ||
	    (r = gnutls_credentials_set(c->session, GNUTLS_CRD_CERTIFICATE, cred)) < 0 ||
	    (!sd_is_ip_literal(host) &&
	     (r = gnutls_server_name_set(c->session, GNUTLS_NAME_DNS, host, strlen(host))) < 0)) {
		snprintf(detail, n, "TLS setup: %s", gnutls_strerror(r));
		return CONN_ERROR;
	}
	gnutls_transport_set_int(c->session, c->fd);
	return CONN_OK;
}

/* SPEC §6 (issue 20): what a fatal handshake error says of the server, so the hint fits it. */
static enum tls_handshake_failure handshake_class(const struct conn *c, int err)
{
	switch (err) {
	case GNUTLS_E_UNEXPECTED_PACKET_LENGTH:
	case GNUTLS_E_UNEXPECTED_PACKET:
	case GNUTLS_E_UNSUPPORTED_VERSION_PACKET:
		return TLS_HS_NOT_TLS; /* the first bytes back are no TLS record */
	case GNUTLS_E_NO_CIPHER_SUITES:
	case GNUTLS_E_UNKNOWN_CIPHER_SUITE:
	case GNUTLS_E_INSUFFICIENT_SECURITY:
	case GNUTLS_E_NO_COMMON_KEY_SHARE:
	case GNUTLS_E_UNSUPPORTED_SIGNATURE_ALGORITHM:
		return TLS_HS_CIPHER;
	case GNUTLS_E_FATAL_ALERT_RECEIVED:
		switch (gnutls_alert_get(c->session)) {
		case GNUTLS_A_PROTOCOL_VERSION:
			return TLS_HS_VERSION;
		case GNUTLS_A_HANDSHAKE_FAILURE:
		case GNUTLS_A_INSUFFICIENT_SECURITY:
			return TLS_HS_CIPHER;
		default:
			return TLS_HS_UNKNOWN;
		}
	default:
		return TLS_HS_UNKNOWN;
	}
}

static enum conn_outcome handshake_until(struct conn *c, long long deadline, unsigned timeout_ms,
					 struct tls_report *rep, char *detail, size_t n)
{
	for (;;) {
		int r = gnutls_handshake(c->session);
		if (r == GNUTLS_E_SUCCESS)
			return CONN_OK;
		int w = 1;
		if (r == GNUTLS_E_AGAIN || r == GNUTLS_E_INTERRUPTED)
			w = conn_wait_tls(c, deadline);
		else if (gnutls_error_is_fatal(r)) {
			conn_tls_error(c, r, "TLS handshake failed", detail, n);
			rep->handshake_failure = handshake_class(c, r);
			return CONN_TLS_FAILED;
		} else if (clock_ms() >= deadline)
			w = 0;
		if (w == 0) {
			snprintf(detail, n, "TLS handshake not done within %u ms", timeout_ms);
			return CONN_TIMEOUT;
		}
		if (w < 0) {
			char text[128];
			snprintf(detail, n, "TLS handshake: %s", sd_errno_text(errno, text, sizeof text));
			return CONN_ERROR;
		}
	}
}
/* The alert a client sends when it rejects the certificate, so the server's log says why. */
static gnutls_alert_description_t reject_alert(const struct tls_report *rep)
{
	if (rep->failures & CERT_REVOKED)
		return GNUTLS_A_CERTIFICATE_REVOKED;
	if (rep->failures & (CERT_UNTRUSTED_ISSUER | CERT_MISSING_INTERMEDIATE))
		return GNUTLS_A_UNKNOWN_CA;
	if (!rep->dates_ok)
		return GNUTLS_A_CERTIFICATE_EXPIRED;
	return GNUTLS_A_BAD_CERTIFICATE;
}

/* Makes trust's anchors the ones s verifies against, unless they already are. */
static bool use_trust(gnutls_session_t s, const struct tls_trust *trust, char *detail, size_t n)
{
	gnutls_certificate_credentials_t want = trust_credentials(trust);
	void *have = NULL;
	if (!want) {
		snprintf(detail, n, "TLS setup: cannot wait for the trust store to load");
		return false;
	}
	if (gnutls_credentials_get(s, GNUTLS_CRD_CERTIFICATE, &have) >= 0 && have == want)
		return true;
	int r = gnutls_credentials_set(s, GNUTLS_CRD_CERTIFICATE, want);
	if (r < 0)
		snprintf(detail, n, "TLS setup: %s", gnutls_strerror(r));
	return r >= 0;
}

enum conn_outcome tls_check_session(gnutls_session_t s, const char *host,
				    const struct tls_trust *trust, long long now,
				    struct tls_report *rep, char *detail, size_t n)
{
	unsigned ms = rep->ms_handshake;
	memset(rep, 0, sizeof *rep);
	rep->ms_handshake = ms;
	if (!use_trust(s, trust, detail, n))
		return CONN_ERROR;
	if (tls_cert_examine(s, trust_credentials(trust), host, now, rep))
		return CONN_OK;
	snprintf(detail, n, "certificate rejected: %s", rep->failure);
	return CONN_CERT_INVALID;
}

enum conn_outcome tls_handshake(struct conn *c, const char *host, const struct tls_trust *trust,
				unsigned timeout_ms, long long now, struct tls_report *rep,
				char *detail, size_t n)
{
	memset(rep, 0, sizeof *rep);
	snprintf(detail, n, "%s", "");
	if (c->fd < 0) {
		snprintf(detail, n, "not connected");
		return CONN_ERROR;
	}
	enum conn_outcome o = session_setup(c, host, trust, detail, n);
	if (o == CONN_OK) {
		long long start = clock_ms();
		o = handshake_until(c, start + timeout_ms, timeout_ms, rep, detail, n);
		rep->ms_handshake = (unsigned)(clock_ms() - start);
	}
	if (o == CONN_OK)
		o = tls_check_session(c->session, host, trust, now, rep, detail, n);
	if (o == CONN_OK) {
		c->tls_up = true;
		return CONN_OK;
	}
	if (o == CONN_CERT_INVALID)
		(void)gnutls_alert_send(c->session, GNUTLS_AL_FATAL, reject_alert(rep));
	conn_close(c);
	return o;
}
