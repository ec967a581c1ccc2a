/* probe.c — TCP/TLS attempts and the unauthenticated REGISTER. The I/O edge of SPEC §6. */
#include "probe.h"

#include "tls.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "deadline.h"
#include "random.h"
#include "decide.h"

/* deadline_step_ms, but at least 1 ms: a step begun as the deadline passes still ends as
 * a timeout of its own, which the attempt records (SPEC §3). */
static unsigned step_timeout(const struct result *r)
{
	unsigned ms = deadline_step_ms(r);
	return ms ? ms : 1;
}

/* Connects (and for TLS, handshakes and validates); c stays open on CONN_OK. */
static void connect_one(const struct result *r, const struct tls_trust *trust, const struct candidate *cand, const struct address *addr,
			struct attempt *a, struct conn *c)
{
	struct sockaddr_storage ss;
	socklen_t len = conn_sockaddr(addr->text, addr->family, cand->port, &ss);
	unsigned timeout = step_timeout(r);
	long long t0 = clock_ms();
	a->outcome = conn_tcp(c, (struct sockaddr *)&ss, len, timeout, a->detail, sizeof a->detail);
	a->ms_connect = (unsigned)(clock_ms() - t0);
	a->tcp_connected = a->outcome == CONN_OK;
	if (a->outcome == CONN_OK && cand->transport == SD_TLS) {
		long long t1 = clock_ms();
		timeout = step_timeout(r);
		a->outcome = tls_handshake(c, candidate_tls_name(cand, r->policy), trust, timeout, (long long)time(NULL), &a->tls, a->detail,
				      sizeof a->detail);
		/* The handshake alone: waiting for the trust store (local work, loaded beside DNS) is not the server's. */
		a->ms_tls = a->tls.ms_handshake ? a->tls.ms_handshake : (unsigned)(clock_ms() - t1);
		a->has_tls = a->tls.have_cert || a->tls.version[0];
	}
	a->ms = (unsigned)(clock_ms() - t0);
}

static enum sd_status read_loop(struct conn *c, struct sip_report *s, unsigned timeout_ms, long long t0, char *buf,
				char *why, size_t whylen);

/* Reads until a final response, a malformed one, the size bound or the deadline (s says
 * which); SD_ERR_NOMEM when memory ran out. */
static enum sd_status read_response(struct conn *c, struct sip_report *s, unsigned timeout_ms, long long t0)
{
	char *buf = malloc(SIP_MAX_MESSAGE); /* heap: addresses may run on several threads */
	char why[120];
	if (!buf)
		return SD_ERR_NOMEM;
	enum sd_status st = read_loop(c, s, timeout_ms, t0, buf, why, sizeof why);
	free(buf);
	return st;
}

static enum sd_status read_loop(struct conn *c, struct sip_report *s, unsigned timeout_ms, long long t0, char *buf,
				char *why, size_t whylen)
{
	size_t len = 0;
	for (;;) {
		long long left = t0 + timeout_ms - clock_ms();
		if (left <= 0) {
			snprintf(s->error, sizeof s->error, "no answer to REGISTER within %u ms", timeout_ms);
			return SD_OK;
		}
		size_t n;
		enum conn_outcome o = conn_read(c, buf + len, SIP_MAX_MESSAGE - len, &n, (unsigned)left, why, whylen);
		if (o == CONN_TIMEOUT)
			snprintf(s->error, sizeof s->error, "no answer to REGISTER within %u ms", timeout_ms);
		else if (o != CONN_OK || n == 0)
			snprintf(s->error, sizeof s->error, "%s", o == CONN_OK ? "connection closed without an answer to REGISTER" : why);
		if (o != CONN_OK || n == 0)
			return SD_OK;
		len += n;
		enum sip_parse_status st = sip_parse_response(buf, len, &s->response, why, whylen);
		if (st == SIP_PARSE_INCOMPLETE)
			continue;
		if (st != SIP_PARSE_COMPLETE) {
			snprintf(s->error, sizeof s->error, "%s: %s", st == SIP_PARSE_TOO_LARGE ? "answer too large" : "malformed answer", why);
			return SD_OK;
		}
		free(s->raw);
		if (!(s->raw = strndup(buf, s->response.message_length)))
			return SD_ERR_NOMEM;
		if (s->response.code >= 200) {
			s->answered = true;
			return SD_OK;
		}
		memmove(buf, buf + s->response.message_length, len - s->response.message_length);
		len -= s->response.message_length; /* a provisional answer: wait for the final one */
	}
}

/* Sends the unauthenticated REGISTER over c and reads its answer into s (SPEC §6); s says
 * how it went, SD_ERR_NOMEM when memory ran out. */
static enum sd_status sip_register(const struct result *r, const struct candidate *cand, struct conn *c,
				   struct sip_report *s, bool keep_raw)
{
	char local[SD_ADDR_MAX], token[33], req[2048];
	unsigned char rnd[16];
	uint16_t port;
	conn_local(c, local, sizeof local, &port);
	random_bytes(rnd, sizeof rnd);
	for (size_t i = 0; i < sizeof rnd; i++)
		snprintf(token + 2 * i, 3, "%02x", rnd[i]);
	struct sip_register_params p = {
		.transport = cand->transport == SD_TLS ? "TLS" : "TCP", .server_host = cand->host,
		.server_port = cand->port, .local_addr = local, .local_port = port, .aor = r->uri.text,
		.token = token, .user_agent = "sipdiscover/" SD_VERSION,
	};
	size_t n = sip_build_register(req, sizeof req, &p);
	long long t0 = clock_ms();
	if (n == 0) {
		snprintf(s->error, sizeof s->error, "cannot build a REGISTER for this address");
		return SD_OK;
	}
	if (keep_raw && !(s->request = strndup(req, n)))
		return SD_ERR_NOMEM;
	if (conn_write_all(c, req, n, step_timeout(r), s->error, sizeof s->error) != CONN_OK)
		return SD_OK;
	s->sent = true;
	enum sd_status st = read_response(c, s, step_timeout(r), t0);
	s->ms = (unsigned)(clock_ms() - t0);
	return st;
}

/* Adds one attempt for candidate i at addr (NULL: the host does not resolve). */
static struct attempt *add_attempt(struct result *r, size_t i, const struct address *addr)
{
	struct attempt *a = SD_PUSH(r->attempts, r->n_attempts);
	if (!a)
		return NULL;
	a->candidate = (int)i;
	if (addr)
		sd_copy(a->address, sizeof a->address, addr->text);
	else {
		a->unresolved = true;
		a->outcome = CONN_ERROR;
		snprintf(a->detail, sizeof a->detail, "does not resolve");
	}
	return a;
}

/* Tries candidate i at each address; true when one succeeded (c left open). */
static bool try_candidate(struct result *r, const struct tls_trust *trust, size_t i, struct conn *c,
			  enum sd_status *st)
{
	const struct candidate *cand = &r->candidates[i];
	/*
	 * SPEC §4.5: an unresolved target's attempt fails with "does not resolve". A
	 * fallback row with only_if_resolves is CAND_SKIPPED_UNRESOLVED and never
	 * gets here: the profile table alone decides (SPEC §4.4).
	 */
	if (cand->state == CAND_UNRESOLVED) {
		*st = add_attempt(r, i, NULL) ? SD_OK : SD_ERR_NOMEM;
		return false;
	}
	for (size_t k = 0; k < cand->n_addr; k++) {
		const struct address *addr = &r->addrs[cand->first_addr + k];
		struct attempt *a = add_attempt(r, i, addr);
		if (!a) {
			*st = SD_ERR_NOMEM;
			return false;
		}
		connect_one(r, trust, cand, addr, a, c);
		if (a->outcome == CONN_OK)
			return true;
		if (deadline_passed(r))
			return false;
	}
	return false;
}

/* Tries alt's candidate i at each address, as an attempt in r->alt_attempts; *done when one connected. */
static enum sd_status probe_alt_candidate(struct result *r, const struct tls_trust *trust,
					  const struct alt_decision *alt, size_t i, bool *done)
{
	const struct candidate *cand = &alt->candidates[i];
	for (size_t k = 0; k < cand->n_addr && !*done && !deadline_passed(r); k++) {
		struct attempt *a = SD_PUSH(r->alt_attempts, r->n_alt_attempts);
		if (!a)
			return SD_ERR_NOMEM;
		struct conn c;
		conn_init(&c);
		a->candidate = (int)i;
		sd_copy(a->address, sizeof a->address, alt->addrs[cand->first_addr + k].text);
		connect_one(r, trust, cand, &alt->addrs[cand->first_addr + k], a, &c);
		conn_close(&c);
		*done = a->outcome == CONN_OK;
	}
	return SD_OK;
}

/*
 * SPEC §4.4: with a profile that compares, the default profile's attempts are
 * made too, in its order, up to its first success; a server r already tried
 * is not contacted again (its result is shared).
 */
static enum sd_status probe_default(struct result *r, const struct tls_trust *trust)
{
	const struct alt_decision *alt = &r->alt;
	enum sd_status st = SD_OK;
	bool done = false;
	for (size_t i = 0; alt->profile && i < alt->n_candidates && st == SD_OK && !done && !deadline_passed(r); i++) {
		const struct candidate *cand = &alt->candidates[i];
		enum server_outcome known = cand->state == CAND_USABLE ? result_server_outcome(r, cand, NULL)
								       : SERVER_FAILED;
		done = known == SERVER_CONNECTED;
		if (known == SERVER_NOT_TRIED)
			st = probe_alt_candidate(r, trust, alt, i, &done);
	}
	return st;
}

/* The attempts the client would make if every one failed: an address each, one for an unresolved host. */
static size_t planned_attempts(const struct result *r)
{
	size_t n = 0;
	for (size_t i = 0; i < r->n_candidates; i++)
		n += r->candidates[i].state == CAND_USABLE ? r->candidates[i].n_addr
		     : r->candidates[i].state == CAND_UNRESOLVED;
	return n;
}

/* SPEC §3: the deadline expired in the connection stage, during attempt n (0: before any) or the REGISTER. */
static void note_expired(struct result *r, bool in_register)
{
	if (in_register)
		result_expire(r, "the connection stage (the REGISTER of attempt %zu)", r->n_attempts);
	else
		result_expire(r, "the connection stage (attempt %zu of %zu)", r->n_attempts ? r->n_attempts : 1,
			      planned_attempts(r));
}

/* The client's attempts in its order, up to the first success (c left open) or the deadline. */
static enum sd_status probe_candidates(struct result *r, const struct tls_trust *trust, struct conn *c)
{
	enum sd_status st = SD_OK;
	for (size_t i = 0; i < r->n_candidates && st == SD_OK && result_chosen(r) < 0 && !r->expired; i++) {
		enum candidate_state s = r->candidates[i].state;
		if (deadline_passed(r))
			note_expired(r, false);
		else if (s == CAND_USABLE || s == CAND_UNRESOLVED)
			try_candidate(r, trust, i, c, &st);
		if (!r->expired && result_chosen(r) < 0 && deadline_passed(r))
			note_expired(r, false);
	}
	return st;
}

enum sd_status probe_run(struct result *r, const struct tls_trust *trust, bool keep_raw)
{
	struct conn c;
	conn_init(&c);
	enum sd_status st = probe_candidates(r, trust, &c);
	if (st == SD_OK && result_chosen(r) >= 0 && r->policy->sip_register && !r->expired) {
		struct attempt *a = &r->attempts[result_chosen(r)];
		a->sip = calloc(1, sizeof *a->sip);
		if (!a->sip)
			st = SD_ERR_NOMEM;
		else
			st = sip_register(r, &r->candidates[a->candidate], &c, a->sip, keep_raw);
		if (a->sip && !a->sip->answered && deadline_passed(r))
			note_expired(r, true);
	}
	conn_close(&c);
	if (st == SD_OK && !r->expired)
		st = probe_default(r, trust);
	return st;
}

void probe_connect(const struct result *r, const struct tls_trust *trust, const struct candidate *cand,
		   const struct address *addr, struct attempt *a, struct conn *c)
{
	connect_one(r, trust, cand, addr, a, c);
}

enum sd_status probe_register(const struct result *r, const struct candidate *cand, struct conn *c,
			      struct sip_report *s, bool keep_raw)
{
	return sip_register(r, cand, c, s, keep_raw);
}
