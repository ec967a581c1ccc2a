/* random.c — see random.h. */
#include "random.h"

#include <sys/random.h>
#include <time.h>

void random_bytes(void *buf, size_t n)
{
	unsigned char *p = buf;
	ssize_t got = getrandom(buf, n, GRND_NONBLOCK);
	if (got == (ssize_t)n)
		return;
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	unsigned long long x = (unsigned long long)ts.tv_nsec * 6364136223846793005ULL + (unsigned long long)ts.tv_sec;
	for (size_t i = got > 0 ? (size_t)got : 0; i < n; i++) {
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		p[i] = (unsigned char)(x >> 56);
	}
}
