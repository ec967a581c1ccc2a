/* naming.h — the naming rule of SPEC §5 (EnableStrictDNSNaming). Pure. */
#ifndef NAMING_H
#define NAMING_H

#include "sd.h"

enum naming_rule {
	NAMING_HOST_IS_DOMAIN,       /* H = D: always allowed */
	NAMING_SIP_DOT_DOMAIN,       /* H = sip.D: always allowed */
	NAMING_ONE_LABEL,            /* H = L.D, strict naming off: allowed */
	NAMING_STRICT_REJECTS,       /* H = L.D, strict naming on: rejected */
	NAMING_TOO_DEEP,             /* H = A.B.D: never allowed */
	NAMING_OUTSIDE_DOMAIN,       /* anything else: never allowed */
};

struct naming_verdict {
	bool allowed;
	enum naming_rule rule;
};

/* The verdict on host for sign-in domain (both lower case, no trailing dot). */
struct naming_verdict naming_check(const char *domain, const char *host, bool strict);

/* The rule's stable identifier, as in JSON: "host-is-domain", ... */
const char *naming_rule_id(enum naming_rule rule);

/* The rule in words, for the trace: "one label under the sign-in domain". */
const char *naming_rule_text(enum naming_rule rule);

#endif
