/* main.c — options → policy → run each address → report → exit status (SPEC §8). */
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

static void usage_error(poptContext pc, const char *fmt, const char *arg)
{
	fprintf(stderr, "sipdiscover: ");
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	poptPrintUsage(pc, stderr, 0);
	poptFreeContext(pc);
	exit(SD_VERDICT_UNKNOWN);
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
		fprintf(stderr, "sipdiscover: %s: %s\n", r->uri.text, sd_strerror(st));
		r->status = SD_VERDICT_UNKNOWN;
	}
	if (opt->json)
		report_json(stdout, r, &ro);
	else if (opt->nagios)
		report_nagios(stdout, r);
	else if (opt->quiet)
		report_quiet(stdout, r);
	else if (st == SD_OK)
		report_text(stdout, r, &ro);
	fflush(stdout);
	return r->status;
}

int main(int argc, const char **argv)
{
	struct options opt;
	struct policy policy;
	struct run_env env = { .policy = &policy };
	char why[256];
	int status;
	poptContext pc = options_parse(argc, argv, &opt, &status);
	if (!pc)
		return status;
	if (!options_policy(&opt, &policy, why, sizeof why))
		usage_error(pc, "%s", why);
	env.verbose = opt.verbose;
	struct address_list list = { 0 };
	if (!options_addresses(pc, &opt, &list, why, sizeof why))
		usage_error(pc, "%s", why);
	if (list.n == 0)
		usage_error(pc, "%s", "no sign-in address given");
	enum sd_status st = opt.dns_server ? dns_server_parse(opt.dns_server, &env.dns, why, sizeof why)
					   : dns_server_from_resolv_conf(options_resolv_conf(), &env.dns, why, sizeof why);
	if (st != SD_OK) {
		fprintf(stderr, "sipdiscover: %s\n", why);
		address_list_free(&list);
		poptFreeContext(pc);
		return SD_VERDICT_UNKNOWN;
	}
	struct conn_trust *trust = NULL;
	if (policy.connect && conn_trust_load(&trust, policy.cafile, why, sizeof why) != CONN_OK) {
		fprintf(stderr, "sipdiscover: %s\n", why);
		address_list_free(&list);
		poptFreeContext(pc);
		return SD_VERDICT_UNKNOWN;
	}
	env.trust = trust;
	struct output out = { &opt, &env };
	enum sd_verdict worst = batch_run(&env, list.items, list.n, batch_jobs_allowed((unsigned)opt.jobs), report_one, &out);
	conn_trust_free(trust);
	address_list_free(&list);
	poptFreeContext(pc);
	return (int)worst;
}
