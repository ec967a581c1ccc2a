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
	struct dns_servers compare;  /* SPEC §7.2: --compare-dns, the second view's servers; n 0: none */
};

/*
 * Runs the whole discovery for input into r (initialised here; the caller frees it
 * with result_free). SD_ERR_INPUT: r->input_error says why, and nothing was sent.
 */
enum sd_status run_address(const struct run_env *env, const char *input, struct result *r);

/*
 * run_address, and with env->compare the second view of SPEC §7.2 at the same time (DNS
 * only, on its own thread), compared with the first into r->views.
 */
enum sd_status run_address_views(const struct run_env *env, const char *input, struct result *r);

#endif
