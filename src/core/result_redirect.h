/* result_redirect.h — a REGISTER's 301/302 to a home pool, followed as the client follows it
 * (SPEC §6): one hop per redirect, plain data, and the reading of a redirect's Contact. */
#ifndef RESULT_REDIRECT_H
#define RESULT_REDIRECT_H

#include "result_attempt.h"
#include "result_candidate.h"

#define REDIRECT_MAX 3               /* SPEC §6: redirects followed at most */

/* How one hop ended. */
enum hop_outcome {
	HOP_BAD_CONTACT,             /* the Contact names no server the client can connect to */
	HOP_UNRESOLVED,              /* the home pool's name gives no address (dns says why) */
	HOP_FAILED,                  /* no connection, or the TLS handshake or validation failed (attempt says) */
	HOP_NO_ANSWER,               /* connected, but the REGISTER got no final answer (attempt.sip says) */
	HOP_ANSWERED,                /* the REGISTER was answered (attempt.sip; a 301/302 leads to the next hop) */
};

/* "bad-contact", "does-not-resolve", "failed", "no-answer", "answered", as in JSON. */
const char *hop_outcome_name(enum hop_outcome o);

/* One redirect followed: what redirected, where to, and what the home pool did. */
struct redirect_hop {
	int code;                    /* 301 or 302 */
	char contact[512];           /* the Contact that named the home pool, as sent */
	struct candidate target;     /* host, port and transport read from it (redirect_target) */
	char dns[32];                /* the lookup's result ("nxdomain", "answer"); "" for an IP literal */
	char dns_server[80];         /* who answered it, "" when none did */
	enum hop_outcome outcome;
	struct attempt attempt;      /* the connection to the pool (its sip owned by the hop) */
};

/*
 * Reads the server a redirect's Contact names (`<sip:pool.contoso.com:5061;transport=tls>`):
 * its host (lower case, no trailing dot; an IPv6 literal without brackets), port and
 * transport into c (host, port, transport; the rest cleared). sips: or transport=tls is
 * TLS, transport=tcp is TCP, none is TLS (a Lync client signs in over TLS); the port
 * defaults to 5061 for TLS, 5060 for TCP. False when there is no sip:/sips: URI with a
 * host, or its port or transport is not one the client uses.
 */
bool redirect_target(const char *contact, struct candidate *c);

#endif
