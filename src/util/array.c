/* array.c — the growable array behind SD_PUSH. */
#include "array.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void *sd_push(void *items, size_t *count, size_t size)
{
	/*
	 * items points at a T * of the caller's type: read and write it with memcpy,
	 * not through a void ** (POSIX gives every object pointer one representation).
	 * Capacity is derived from count: 4, then doubled whenever count hits a power of two.
	 */
	char *base;
	size_t n = *count;
	memcpy(&base, items, sizeof base);
	if (size == 0 || n == SIZE_MAX)
		return NULL;
	if (n == 0 || (n >= 4 && (n & (n - 1)) == 0)) {
		size_t cap = n == 0 ? 4 : n * 2;
		if (cap < n || cap > SIZE_MAX / size)
			return NULL;
		char *p = realloc(base, cap * size);
		if (!p)
			return NULL;
		base = p;
		memcpy(items, &base, sizeof base);
	}
	char *elem = base + n * size;
	memset(elem, 0, size);
	*count = n + 1;
	return elem;
}
