/* main.c — options → policy → run each address → report → exit status (SPEC §8). */
#include <curl/curl.h>
#include <errno.h>
#include <popt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "options.h"
#include "report.h"
#include "batch.h"
#include "run.h"
#include "tls.h"

/* A usage error: one line naming what is wrong, then the synopsis (SPEC §8: exit 3). */
static int usage_error(poptContext pc, const char *why)
{
	fprintf(stderr, "sipdiscover: %s\n", why);
	poptPrintUsage(pc, stderr, 0);
	return SD_VERDICT_UNKNOWN;
}

struct output {
	const struct options *opt;
	const struct run_env *env;
};

/* Reports one finished address; batch_run calls it in input order. */
static enum sd_verdict report_one(struct result *r, enum sd_status st, const char *input, void *ctx)
{
	const struct output *out = ctx;
	const struct options *opt = out->opt;
	struct report_opts ro = { opt->color_on, opt->verbose, out->env->dns.text };
	if (st == SD_ERR_INPUT) {
		fprintf(stderr, "sipdiscover: \"");
		report_safe(stderr, input);
		fprintf(stderr, "\": %s\n", r->input_error);
	} else if (st != SD_OK) {
		fprintf(stderr, "sipdiscover: \"");
		report_safe(stderr, input);
		fprintf(stderr, "\": %s\n", sd_strerror(st));
		r->status = SD_VERDICT_UNKNOWN;
	}
	if (opt->json) {
		if (report_json(stdout, r, &ro) != 0) {
			fprintf(stderr, "sipdiscover: \"");
			report_safe(stderr, input);
			fprintf(stderr, "\": cannot build the JSON object\n");
			r->status = SD_VERDICT_UNKNOWN;
		}
	} else if (opt->nagios)
		report_nagios(stdout, r);
	else if (opt->quiet)
		report_quiet(stdout, r);
	else if (st == SD_OK)
		report_text(stdout, r, &ro);
	fflush(stdout);
	return r->status;
}

/*
 * Everything between the options and the first packet: the policy, the address
 * list, the DNS server and the trust anchors. Returns -1 to go on, else the exit
 * status after saying what is wrong.
 */
static int prepare(poptContext pc, struct options *opt, struct policy *policy, struct address_list *list,
		   struct run_env *env, struct tls_trust **trust)
{
	char why[256];
	if (!options_policy(opt, policy, why, sizeof why) || !options_addresses(pc, opt, list, why, sizeof why))
		return usage_error(pc, why);
	if (list->n == 0)
		return usage_error(pc, "no sign-in address given");
	enum sd_status st = opt->dns_server ? dns_server_parse(opt->dns_server, &env->dns, why, sizeof why)
					    : dns_server_from_resolv_conf(options_resolv_conf(), &env->dns, why, sizeof why);
	if (st == SD_ERR_INPUT)
		return usage_error(pc, why);
	if (st == SD_OK && policy->connect)
		st = tls_trust_load(trust, policy->cafile, why, sizeof why);
	if (st != SD_OK) {
		fprintf(stderr, "sipdiscover: %s\n", why); /* a local failure, not a usage error */
		return SD_VERDICT_UNKNOWN;
	}
	env->verbose = opt->verbose;
	env->trust = *trust;
	return -1;
}

int main(int argc, const char **argv)
{
	struct options opt;
	struct policy policy;
	struct address_list list = { 0 };
	struct tls_trust *trust = NULL;
	struct run_env env = { .policy = &policy };
	int status;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) /* http.h: once, before any thread */
		return SD_VERDICT_UNKNOWN;
	poptContext pc = options_parse(argc, argv, &opt, &status);
	if (!pc)
		return status;
	status = prepare(pc, &opt, &policy, &list, &env, &trust);
	if (status < 0) {
		struct output out = { &opt, &env };
		status = (int)batch_run(&env, list.items, list.n, batch_jobs_allowed((unsigned)opt.jobs), report_one, &out);
	}
	tls_trust_free(trust);
	address_list_free(&list);
	options_free(&opt);
	poptFreeContext(pc);
	curl_global_cleanup();
	return status;
}
