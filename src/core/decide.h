/* decide.h — the client's decision over collected answers (SPEC §4, §5, §8). Pure: no I/O. */
#ifndef DECIDE_H
#define DECIDE_H

#include "result.h"

/*
 * Builds r->candidates, in the order the client tries them, from r's queries and
 * r->fallback (set by plan_address_stage from plan_fallback); for a profile that
 * compares with the default one (SPEC §4.4), also r->alt, the default profile's
 * candidates on the same answers (r->alt.profile NULL otherwise).
 */
enum sd_status decide_candidates(struct result *r);

/*
 * SPEC §4.2: the order in which the client tries the records of one SRV name: priority
 * ascending, then weight descending, then target name (<0, 0, >0 as strcmp).
 */
int decide_srv_order(const struct srv_record *x, const struct srv_record *y);

/* Index of the first candidate the client would try (it resolves), or -1. */
int decide_first_usable(const struct result *r);

/*
 * For a profile other than the default: where the default profile would choose
 * differently on the same answers (r->alt), one line in r->compare and a hint (SPEC §4.4).
 * Called by verdict_build once r->server is known.
 */
enum sd_status decide_compare(struct result *r);

#endif
