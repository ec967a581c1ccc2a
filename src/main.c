/* main.c — options → policy → run each address → report → exit status (SPEC §8). */
#include <errno.h>
#include <popt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "options.h"
#include "report.h"
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

static enum sd_verdict check_one(const struct run_env *env, const struct options *opt, const char *input)
{
	struct result r;
	enum sd_status st = run_address(env, input, &r);
	struct report_opts ro = { opt->color_on, opt->verbose, env->dns.text };
	if (st == SD_ERR_INPUT) {
		fprintf(stderr, "sipdiscover: \"");
		report_safe(stderr, input);
		fprintf(stderr, "\": %s\n", r.input_error);
	} else if (st != SD_OK) {
		fprintf(stderr, "sipdiscover: %s: %s\n", r.uri.text, sd_strerror(st));
		r.status = SD_VERDICT_UNKNOWN;
	}
	if (opt->json)
		report_json(stdout, &r, &ro);
	else if (st == SD_OK)
		report_text(stdout, &r, &ro);
	fflush(stdout);
	enum sd_verdict v = r.status;
	result_free(&r);
	return v;
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
	enum sd_verdict worst = SD_VERDICT_OK;
	for (size_t i = 0; i < list.n; i++)
		worst = sd_verdict_worst(worst, check_one(&env, &opt, list.items[i]));
	address_list_free(&list);
	poptFreeContext(pc);
	return (int)worst;
}
