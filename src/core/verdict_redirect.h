/* verdict_redirect.h — the verdict on a REGISTER redirected to a home pool (SPEC §6). Pure. */
#ifndef VERDICT_REDIRECT_H
#define VERDICT_REDIRECT_H

#include "result.h"

/* "401 Unauthorized offering NTLM, Kerberos, TLS-DSK" into buf (n octets). */
void verdict_sip_summary(const struct sip_response *s, char *buf, size_t n);

/*
 * SPEC §6: the redirects followed (r->redirects), after the chosen attempt's REGISTER
 * answered 301/302. The home pool's answer is appended to the reason; a hop that
 * fails (a Contact naming no usable server, a pool that does not resolve, connect or
 * validate, more than REDIRECT_MAX redirects) fails the sign-in: CRITICAL, the reason
 * naming the pool and what failed, with its hint. A pool that gives no SIP answer is
 * a WARNING, as the first server's would be. SD_ERR_NOMEM from the hints.
 */
enum sd_status verdict_redirect_hops(struct result *r);

/* Whether a redirect was followed to a home pool that did not resolve, connect or validate. */
bool verdict_redirect_failed(const struct result *r);

#endif
