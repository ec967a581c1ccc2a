/* sd.h — what every module shares: the size limits, and the status, array and string helpers' headers. */
#ifndef SD_H
#define SD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "array.h"
#include "status.h"
#include "str.h"

/* A host name in text form: 253 octets and the terminating NUL (SPEC §2). */
#define SD_HOST_MAX 254
/* A query name may be longer than a host name: "_sipinternaltls._tcp." + domain. */
#define SD_QNAME_MAX 300
#define SD_ADDR_MAX 46 /* INET6_ADDRSTRLEN */

#endif
