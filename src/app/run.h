/* run.h — one address through parse → plan → query → decide (→ probe). */
#ifndef RUN_H
#define RUN_H

#include "dns.h"
#include "result.h"

struct run_env {
	const struct policy *policy;
	struct dns_servers dns;      /* SPEC §4.6: asked in order */
	bool verbose;                /* keep raw DNS answers and SIP messages */
	const struct tls_trust *trust; /* loaded once; NULL with --no-connect */
};

/*
 * Runs the whole discovery for input into r (initialised here; the caller frees it
 * with result_free). SD_ERR_INPUT: r->input_error says why, and nothing was sent.
 */
enum sd_status run_address(const struct run_env *env, const char *input, struct result *r);

#endif
