/* prompt.h — where the client stops on a prompt (SPEC §5.1's trust prompt, §6's certificate
 * prompt), one mechanism for every kind. Pure. */
#ifndef PROMPT_H
#define PROMPT_H

#include "result.h"

/*
 * Whether the client of r's profile stops at a prompt on a certificate whose report is t
 * (SPEC §6's certificate column): pidgin-sipe's prompt classes, for SIP and for https
 * autodiscover alike (autodiscover_cert_action's class table); never a Windows profile.
 */
bool prompt_on_certificate(const struct result *r, const struct tls_report *t);

/* Whether c is a server the client asks the user to trust (SPEC §5.1: outside every trusted domain). */
bool prompt_on_trust(const struct candidate *c);

/*
 * The attempt that stands for r->server: the one where the client stops on a prompt, else the
 * one that connected (result_chosen); -1: none.
 */
int prompt_server_attempt(const struct result *r);

/*
 * Over a result whose verdict is built: finds the first prompt in the client's order (an
 * autodiscover URL, then the attempts, or without connecting the first candidate the client
 * would try), stores it in r->prompt, marks everything after it if_rejected, and makes the
 * verdict say so: server the prompted server (-1 on an autodiscover URL), WARNING at best,
 * the reason saying where and why sign-in waits, one hint naming the fixes.
 * SD_ERR_NOMEM when the hint could not be stored.
 */
enum sd_status prompt_decide(struct result *r);

#endif
