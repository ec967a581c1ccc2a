/* verdict_cert.h — the reason and hint of each certificate failure class, and the SHA-1
 * warning (SPEC §6). Pure: no I/O. */
#ifndef VERDICT_CERT_H
#define VERDICT_CERT_H

#include "result.h"

/*
 * The hints of a rejected certificate (SPEC §6): one per failure class in t->failures, each
 * with its own fix, for the attempt at c. SD_ERR_NOMEM when a hint could not be stored.
 */
enum sd_status verdict_cert_hints(struct result *r, const struct candidate *c, const struct tls_report *t);

/*
 * The chosen server's certificate, accepted with a SHA-1 signature (SPEC §6): a warning with
 * the reissue hint; nothing otherwise. SD_ERR_NOMEM when the hint could not be stored.
 */
enum sd_status verdict_cert_warning(struct result *r, const struct candidate *c, const struct tls_report *t);

/*
 * Issue 22: a's certificate was refused for an untrusted issuer on a run without --cafile:
 * most likely an internal CA the clients have and this machine lacks. Then what follows from
 * the failure (a TCP fallback) is not claimed as the client's behaviour.
 */
bool verdict_cert_untrusted_here(const struct result *r, const struct attempt *a);

#endif
