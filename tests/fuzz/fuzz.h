/* fuzz.h — what every fuzz target shares: the libFuzzer entry point and the invariant check. */
#ifndef FUZZ_H
#define FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A broken invariant is a finding: name it on stderr, then trap so that libFuzzer keeps the input. */
#define FUZZ_CHECK(cond)                                                                         \
	do {                                                                                     \
		if (!(cond)) {                                                                   \
			fprintf(stderr, "%s:%d: invariant violated: %s\n", __FILE__, __LINE__, #cond); \
			__builtin_trap();                                                        \
		}                                                                                \
	} while (0)

/* s is a C string that ends inside its array of size n. */
#define FUZZ_TERMINATED(s, n) (memchr((s), '\0', (n)) != NULL)

#endif
