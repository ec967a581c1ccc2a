/* decide.h — the client's decision over collected answers (SPEC §4, §5, §8). Pure: no I/O. */
#ifndef DECIDE_H
#define DECIDE_H

#include "result.h"

/*
 * Builds r->candidates, in the order the client tries them, from r's queries and
 * r->fallback (set by plan_address_stage from plan_fallback).
 */
enum sd_status decide_candidates(struct result *r);

/* Index of the first candidate the client would try (it resolves), or -1. */
int decide_first_usable(const struct result *r);

/*
 * The default profile's candidates on r's answers, into alt (a shallow copy of
 * r that owns only its candidates and addresses: free them with
 * decide_default_free). Deterministic: the same r gives the same list.
 */
enum sd_status decide_default(const struct result *r, struct result *alt);

void decide_default_free(struct result *alt);

/* Whether a and b are the same server: host, port and transport. */
bool decide_same_server(const struct candidate *a, const struct candidate *b);

/*
 * For a profile other than the default: where the default profile would choose
 * differently on the same answers, one line in r->compare and a hint (SPEC §4.4).
 * Called by verdict_build once r->server is known.
 */
enum sd_status decide_compare(struct result *r);

#endif
