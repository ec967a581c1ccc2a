/* main.c — options → policy → run each address → report → exit status (SPEC §8). */
#include <curl/curl.h>
#include <errno.h>
#include <popt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "options.h"
#include "report.h"
#include "batch.h"
#include "run.h"
#include "str.h"
#include "tls.h"

/* A usage error: one line naming what is wrong, then the synopsis (SPEC §8: exit 3). */
static int usage_error(poptContext pc, const struct options *opt, const char *why)
{
	options_error(pc, opt->nagios, true, why);
	return SD_VERDICT_UNKNOWN;
}

/* A failure that is not the command line's fault: one line, no synopsis (SPEC §8: exit 3). */
static int local_error(poptContext pc, const struct options *opt, const char *why)
{
	options_error(pc, opt->nagios, false, why);
	return SD_VERDICT_UNKNOWN;
}

/* One line on stderr naming the address: sipdiscover: "INPUT": what (SPEC §2, STYLE.md's warnx form). */
static void input_error(const char *input, const char *what)
{
	fputs("sipdiscover: \"", stderr);
	str_escape(stderr, input, STR_ESCAPE_HEX);
	fprintf(stderr, "\": %s\n", what);
}

/* stdout's buffer when it is not a terminal (see main). */
#define OUTPUT_BUFFER (256 * 1024)

/* errno of the first failed write on stdout; only the reporting (main) thread writes there. */
static int output_errno;

static void flush_output(void)
{
	if (fflush(stdout) != 0 && !output_errno)
		output_errno = errno;
}

/*
 * The exit status once everything is written: a failed write on stdout (a
 * full disk, a closed pipe) makes it 3 with one line on stderr (SPEC §8),
 * whatever the verdicts were.
 */
static int finish(int status)
{
	flush_output();
	if (ferror(stdout) && !output_errno)
		output_errno = EIO;
	if (fclose(stdout) != 0 && !output_errno)
		output_errno = errno;
	if (!output_errno)
		return status;
	char text[128];
	fprintf(stderr, "sipdiscover: cannot write the output: %s\n", sd_errno_text(output_errno, text, sizeof text));
	return SD_VERDICT_UNKNOWN;
}

/*
 * SPEC §7: the width the trace is wrapped to: COLUMNS when it is set to a number (as many tools
 * honour it), else the terminal's on a terminal, else 80 (a pipe, a file, a mail).
 */
static size_t trace_width(void)
{
	const char *env = getenv("COLUMNS");
	char *end;
	if (env && *env) {
		errno = 0;
		unsigned long n = strtoul(env, &end, 10);
		if (!*end && errno == 0 && n > 0 && n <= 100000)
			return n;
	}
	struct winsize ws;
	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return 80;
}

struct output {
	const struct options *opt;
	const struct run_env *env;
	struct nagios_report *nagios; /* --nagios: the answer, printed once all are in */
};

/* Reports one finished address; batch_run calls it in input order. */
static enum sd_verdict report_one(struct result *r, enum sd_status st, const char *input, void *ctx)
{
	const struct output *out = ctx;
	const struct options *opt = out->opt;
	struct report_opts ro = { opt->color_on, opt->verbose, out->env->dns.text, trace_width() };
	if (st == SD_ERR_INPUT) {
		input_error(input, r->input_error);
	} else if (st != SD_OK) {
		input_error(input, sd_strerror(st));
		r->status = SD_VERDICT_UNKNOWN;
	}
	if (opt->json) {
		if (report_json(stdout, r, &ro) != SD_OK) {
			input_error(input, "cannot build the JSON object");
			r->status = SD_VERDICT_UNKNOWN;
		}
	} else if (opt->nagios)
		nagios_report_add(out->nagios, r, st);
	else if (opt->quiet)
		report_quiet(stdout, r);
	else if (st == SD_OK)
		report_text(stdout, r, &ro);
	flush_output();
	return r->status;
}

/* SPEC §7.2: --compare-dns's servers; ADDR#PORT (as the trace writes them) is read as ADDR:PORT. */
static enum sd_status compare_servers(const char *list, struct dns_servers *out, char *why, size_t n)
{
	char norm[1024], item[256];
	size_t len = 0;
	norm[0] = '\0';
	for (const char *p = list; *p; p += *p == ',') {
		size_t k = strcspn(p, ",");
		snprintf(item, sizeof item, "%.*s", (int)k, p);
		p += k;
		char *hash = strchr(item, '#');
		if (hash)
			*hash = '\0';
		bool v6 = hash && strchr(item, ':');
		str_appendf(norm, sizeof norm, &len, "%s%s%s%s%s%s", len ? "," : "", v6 ? "[" : "", item, v6 ? "]" : "",
			    hash ? ":" : "", hash ? hash + 1 : "");
	}
	enum sd_status st = dns_servers_parse(norm, out, why, n);
	if (st == SD_ERR_INPUT) {
		char inner[256];
		sd_copy(inner, sizeof inner, why);
		sd_copy(why, n, "--compare-dns: ");
		size_t len = strlen(why);
		str_appendf(why, n, &len, "%s", inner);
	}
	return st;
}

/*
 * Everything between the options and the first packet: the policy, the address
 * list, the DNS server and the trust anchors. Returns -1 to go on, else the exit
 * status after saying what is wrong.
 */
static int prepare(poptContext pc, struct options *opt, struct policy *policy, struct address_list *list,
		   struct run_env *env, struct tls_trust **trust)
{
	char why[512]; /* the unknown-profile message describes every profile */
	if (options_policy(opt, policy, why, sizeof why) != SD_OK)
		return usage_error(pc, opt, why);
	if (options_addresses(pc, opt, list, why, sizeof why) != SD_OK)
		return local_error(pc, opt, why);
	if (list->n == 0 && opt->file) {
		snprintf(why, sizeof why, "no sign-in address in -f %.160s: it is empty or holds only blank lines and comments",
			 strcmp(opt->file, "-") == 0 ? "- (standard input)" : opt->file);
		return local_error(pc, opt, why);
	}
	if (list->n == 0)
		return usage_error(pc, opt, "no sign-in address given");
	enum sd_status st = opt->dns_server ? dns_servers_parse(opt->dns_server, &env->dns, why, sizeof why)
					    : dns_servers_from_resolv_conf(options_resolv_conf(), &env->dns, why, sizeof why);
	if (st == SD_OK && opt->compare_dns)
		st = compare_servers(opt->compare_dns, &env->compare, why, sizeof why);
	if (st == SD_ERR_INPUT)
		return usage_error(pc, opt, why);
	if (st == SD_OK && policy->connect)
		st = tls_trust_load(trust, policy->cafile, why, sizeof why);
	if (st != SD_OK)
		return local_error(pc, opt, why);
	env->verbose = opt->verbose;
	env->trust = *trust;
	return -1;
}

/* Checks every address and reports it; the exit status (SPEC §8). */
static int run_all(poptContext pc, const struct options *opt, const struct run_env *env,
		   const struct address_list *list)
{
	struct output out = { opt, env, NULL };
	if (opt->nagios && !(out.nagios = nagios_report_new(list->n)))
		return local_error(pc, opt, sd_strerror(SD_ERR_NOMEM));
	enum sd_verdict worst;
	char why[256];
	if (batch_run(env, list->items, list->n, batch_jobs_allowed((unsigned)opt->jobs), report_one, &out, &worst,
		      why, sizeof why) != SD_OK) {
		nagios_report_free(out.nagios);
		return local_error(pc, opt, why);
	}
	int status = (int)worst;
	if (out.nagios) /* the plugin's state is the one its first line names */
		status = (int)nagios_report_print(stdout, out.nagios);
	nagios_report_free(out.nagios);
	return status;
}

int main(int argc, const char **argv)
{
	struct options opt; /* ours: options_parse fills it, options_free empties it */
	struct policy policy;
	struct address_list list = { 0 };
	struct tls_trust *trust = NULL;
	struct run_env env = { .policy = &policy };
	int status;
	/* A write error on a file or pipe is seen by fflush with its errno only while the output
	 * is still in stdio's buffer: stdio drops a partly written buffer and keeps no errno. So
	 * the buffer holds a whole --help and a whole address's report (SPEC §8: the error named). */
	static char output_buffer[OUTPUT_BUFFER]; /* glibc ignores the size when it allocates the buffer */
	if (!isatty(STDOUT_FILENO) && setvbuf(stdout, output_buffer, _IOFBF, sizeof output_buffer) != 0)
		return SD_VERDICT_UNKNOWN;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) /* http.h: once, before any thread */
		return SD_VERDICT_UNKNOWN;
	poptContext pc = options_parse(argc, argv, &opt, &status);
	if (!pc)
		return finish(status);
	status = prepare(pc, &opt, &policy, &list, &env, &trust);
	if (status < 0)
		status = run_all(pc, &opt, &env, &list);
	tls_trust_free(trust);
	address_list_free(&list);
	poptFreeContext(pc);
	options_free(&opt);
	curl_global_cleanup();
	return finish(status);
}
