/* result_attempt.c — an attempt's outcome as JSON spells it. */
#include "result_attempt.h"

const char *attempt_outcome_name(const struct attempt *a)
{
	return a->unresolved ? "does-not-resolve" : conn_outcome_name(a->outcome);
}
