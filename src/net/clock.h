/* clock.h — monotonic milliseconds, for deadlines and the trace's timings. */
#ifndef CLOCK_H
#define CLOCK_H

/* Milliseconds on the monotonic clock. */
long long clock_ms(void);

#endif
