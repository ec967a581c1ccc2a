/* deadline.h — SPEC §3's --deadline over the steps of one address's check. */
#ifndef DEADLINE_H
#define DEADLINE_H

#include "result.h"

/* Whether r's --deadline (r->deadline_at) has passed; never without one. */
bool deadline_passed(const struct result *r);

/* How long the next step of r may wait: --timeout capped by what is left of --deadline;
 * 0 when the deadline has passed. The one rule every DNS stage, autodiscover request,
 * link lookup, connection step and REGISTER follows. */
unsigned deadline_step_ms(const struct result *r);

#endif
