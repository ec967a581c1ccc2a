/* random.h — unpredictable bytes: DNS query IDs (SPEC §4.6) and SIP tags and branches (SPEC §6). */
#ifndef RANDOM_H
#define RANDOM_H

#include <stddef.h>

/*
 * Fills buf with n random bytes from getrandom(2); if the kernel cannot give
 * them at once, the rest comes from a generator seeded by the clock.
 */
void random_bytes(void *buf, size_t n);

#endif
