/* decide.h — the client's decision over collected answers (SPEC §4, §5, §8). Pure: no I/O. */
#ifndef DECIDE_H
#define DECIDE_H

#include "result.h"

/* Builds r->candidates, in the order the client tries them, from r's queries. */
enum sd_status decide_candidates(struct result *r);

/* Index of the first candidate the client would try (it resolves), or -1. */
int decide_first_usable(const struct result *r);

/*
 * The verdict: server, status, reason and hints, from the candidates alone with
 * --no-connect (SPEC §6) or from the attempts (decide_verdict_attempts); and, for
 * a profile that compares, where the default profile would choose differently.
 */
enum sd_status decide_verdict(struct result *r);

/*
 * The verdict over r->attempts once the probe ran (SPEC §6, §8): server, status,
 * reason and hints per failure class; also client_estimate_ms. Called by
 * decide_verdict when the policy connects.
 */
void decide_verdict_attempts(struct result *r);

/*
 * For a profile other than the default: where the default profile would choose
 * differently on the same answers, one line in r->compare (SPEC §4.4).
 */
enum sd_status decide_compare(struct result *r);

#endif
