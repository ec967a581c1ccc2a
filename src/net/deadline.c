/* deadline.c — see deadline.h. */
#include "deadline.h"

#include "clock.h"

bool deadline_passed(const struct result *r)
{
	return r->deadline_at && clock_ms() >= r->deadline_at;
}

unsigned deadline_step_ms(const struct result *r)
{
	unsigned ms = r->policy->timeout_ms;
	if (!r->deadline_at)
		return ms;
	long long left = r->deadline_at - clock_ms();
	return left <= 0 ? 0 : left < ms ? (unsigned)left : ms;
}
