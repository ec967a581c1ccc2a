/* verdict.h — the verdict, its reason and hints over a decided result (SPEC §4.3, §6, §8). Pure: no I/O. */
#ifndef VERDICT_H
#define VERDICT_H

#include "result.h"

/*
 * The verdict over r's candidates (decide_candidates ran): server, status,
 * reason and hints, from the candidates alone with --no-connect (SPEC §6) or
 * from the attempts (verdict_attempts); and, for a profile that compares, where
 * the default profile would choose differently (decide_compare).
 * SD_ERR_NOMEM when a hint could not be stored.
 */
enum sd_status verdict_build(struct result *r);

/*
 * The verdict over r->attempts once the probe ran (SPEC §6, §8): server, status,
 * reason and hints per failure class. Called by verdict_build when the policy
 * connects. SD_ERR_NOMEM when a hint could not be stored.
 */
enum sd_status verdict_attempts(struct result *r);

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
 * The candidate of the first attempt the client makes: once connected, the
 * first attempt's; otherwise the first candidate that resolves (SPEC §6). -1: none.
 * Not the server it signs in to (r->server), which may come later.
 */
int verdict_first_attempt(const struct result *r);

/*
 * The chosen server r->server is clear-text TCP: one hint naming what to change, from what was
 * observed: the TLS candidates before it that failed, an SRV query for a TLS name that got a DNS
 * error, or no TLS server published at all (SPEC §4.2, §6). SD_ERR_NOMEM when it cannot be stored.
 */
enum sd_status verdict_tcp_hint(struct result *r);

#endif
