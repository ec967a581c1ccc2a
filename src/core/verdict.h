/* verdict.h — the verdict, its reason and hints over a decided result (SPEC §4.3, §6, §8). Pure: no I/O. */
#ifndef VERDICT_H
#define VERDICT_H

#include "result.h"

/*
 * The verdict over r's candidates (decide_candidates ran): server, status,
 * reason and hints, from the candidates alone with --no-connect (SPEC §6) or
 * from the attempts (verdict_probe.h's verdict_attempts); and, for a profile that compares, where
 * the default profile would choose differently (decide_compare).
 * SD_ERR_NOMEM when a hint could not be stored.
 */
enum sd_status verdict_build(struct result *r);

/*
 * The candidate of the first attempt the client makes: once connected, the
 * first attempt's; otherwise the first candidate that resolves (SPEC §6). -1: none.
 * Not the server it signs in to (r->server), which may come later.
 */
int verdict_first_attempt(const struct result *r);

#endif
