/* clock.h — monotonic milliseconds and random bytes: the two things the I/O edge needs. */
#ifndef CLOCK_H
#define CLOCK_H

#include <stddef.h>

/* Milliseconds on the monotonic clock. */
long long clock_ms(void);

/* Fills buf with n random bytes (getrandom, falling back to the clock). */
void clock_random(void *buf, size_t n);

#endif
