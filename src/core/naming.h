/* naming.h — the naming rule of SPEC §5 (EnableStrictDNSNaming). Pure. */
#ifndef NAMING_H
#define NAMING_H

#include "sd.h"
#include "trust.h"

enum naming_rule {
	NAMING_HOST_IS_DOMAIN,       /* H = D: always allowed */
	NAMING_SIP_DOT_DOMAIN,       /* H = sip.D: always allowed */
	NAMING_ONE_LABEL,            /* H = L.D, strict naming off: allowed */
	NAMING_STRICT_REJECTS,       /* H = L.D, strict naming on: rejected */
	NAMING_TOO_DEEP,             /* H = A.B.D: never allowed */
	NAMING_OUTSIDE_DOMAIN,       /* anything else: never allowed */
	NAMING_TRUSTED_DOMAIN,       /* SPEC §5.1: H lies in a trusted domain, at any depth */
	NAMING_UNTRUSTED_PROMPT,     /* SPEC §5.1: outside every trusted domain: the client asks the user */
};

/* The naming column of the profile table (SPEC §4.4): how a client judges a server found through DNS. */
enum naming_model {
	NAMING_MODEL_NONE,           /* the client applies no rule (sipe): verdicts are reported only */
	NAMING_MODEL_DOMAIN,         /* SPEC §5: the sign-in domain's rule, per --strict-naming */
	NAMING_MODEL_TRUST,          /* SPEC §5.1: the trusted-domain list; §5's strict rule with --strict-naming */
};

struct naming_verdict {
	bool allowed;
	enum naming_rule rule;
	char domain[SD_HOST_MAX];    /* NAMING_TRUSTED_DOMAIN: the trusted domain that matched; else "" */
};

/* The verdict on host for sign-in domain (both lower case, no trailing dot). */
struct naming_verdict naming_check(const char *domain, const char *host, bool strict);

/*
 * The verdict of the profile's naming model on host: §5's rule for NAMING_MODEL_DOMAIN and
 * NAMING_MODEL_NONE (the caller does not enforce the latter) and, with strict, for
 * NAMING_MODEL_TRUST; otherwise trusted-domain (allowed) or untrusted-prompt (not allowed,
 * not rejected: the client stops and asks).
 */
struct naming_verdict naming_judge(enum naming_model model, const char *domain, const char *host, bool strict,
				   const struct trust_list *trusted);

/* Whether v rejects the server outright (a prompt does not: the client asks the user). */
bool naming_rejects(const struct naming_verdict *v);

/* "trust model (SPEC 5.1)": the model in words, for the trace. */
const char *naming_model_text(enum naming_model model, bool strict);

/* The rule's stable identifier, as in JSON: "host-is-domain", ... */
const char *naming_rule_id(enum naming_rule rule);

/* The rule in words, for the trace: "one label under the sign-in domain". */
const char *naming_rule_text(enum naming_rule rule);

#endif
