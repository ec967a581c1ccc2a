/* array.h — the growable array: one more zeroed element at the end, or NULL when memory ran out. */
#ifndef ARRAY_H
#define ARRAY_H

#include <stddef.h>
#include <stdlib.h>

/*
 * Makes room for one more element at the end of a growable array and returns
 * it zeroed, with *count incremented; NULL when memory ran out (the array and
 * *count are unchanged). items is the address of the array pointer (a T **
 * passed as void *), size is sizeof(T). Prefer SD_PUSH, which derives both.
 */
void *sd_push(void *items, size_t *count, size_t size);

/*
 * SD_PUSH(arr, count): sd_push for an array pointer arr (T *) and its size_t
 * count; the element size comes from arr's type, so it cannot be wrong.
 */
#define SD_PUSH(arr, count) sd_push(&(arr), &(count), sizeof *(arr))

/* SD_CLEAR(arr, count): frees a growable array and leaves it empty (NULL, 0). */
#define SD_CLEAR(arr, count) (free(arr), (arr) = NULL, (count) = 0)

#endif
