/* clock.h — monotonic milliseconds, for deadlines and the trace's timings. */
#ifndef CLOCK_H
#define CLOCK_H

#include "random.h"

/* Milliseconds on the monotonic clock. */
long long clock_ms(void);

/* The old name of random_bytes (random.h), kept until dns.c and probe.c call that. */
static inline void clock_random(void *buf, size_t n)
{
	random_bytes(buf, n);
}

#endif
