/* options.c — the option table (the one description of every option) and what it yields. */
#include "options.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "options_kerberos.h"
#include "uri.h"

/* The defaults, each written once: the code uses them and --help prints them. */
#define DEFAULT_TIMEOUT_S 3
#define DEFAULT_WARNING_DAYS 30
#define DEFAULT_CRITICAL_DAYS 7
#define DEFAULT_JOBS 16
#define MAX_JOBS 1024
#define STR(x) #x
#define XSTR(x) STR(x)

/* String options come back through poptGetOptArg, so that a repeated one frees its first value. */
enum { OPT_PROFILE = 1000, OPT_INTERNAL, OPT_EXTERNAL, OPT_DNS, OPT_TIMEOUT, OPT_CAFILE, OPT_COLOR, OPT_FILE, OPT_DEADLINE,
       OPT_TLS_NAME, OPT_TRUSTED, OPT_COMPARE };

/* The string option of popt value val (OPT_* order), or NULL. */
static char **string_option(struct options *p, int val)
{
	char **fields[] = { &p->profile, &p->internal_server, &p->external_server, &p->dns_server,
			    &p->timeout, &p->cafile, &p->color, &p->file, &p->deadline, &p->tls_name, &p->trusted_domains,
			    &p->compare_dns };
	return val >= OPT_PROFILE && val <= OPT_COMPARE ? fields[val - OPT_PROFILE] : NULL;
}

#define COPY_TABLE(dst, src)                                                                   \
	do {                                                                                   \
		_Static_assert(sizeof(dst) == sizeof(src), "options_table: " #dst " has the wrong size"); \
		memcpy(dst, src, sizeof(src));                                                 \
	} while (0)

/* The tables of the options that say what is replayed and how it is found; values go into o. */
static void policy_and_dns_tables(struct options *o)
{
	struct poptOption policy[] = {
		{ "profile", 0, POPT_ARG_STRING, NULL, OPT_PROFILE, o->profile_help, "NAME" },
		{ "no-tcp", 0, POPT_ARG_NONE, &o->no_tcp, 0, "client policy forbids TCP: _sipinternal._tcp is not queried", NULL },
		{ "strict-naming", 0, POPT_ARG_NONE, &o->strict_naming, 0,
		  "EnableStrictDNSNaming: only <domain> and sip.<domain> are allowed", NULL },
		{ "trusted-domains", 0, POPT_ARG_STRING, NULL, OPT_TRUSTED, "lync2010, lync2013: TrustModelData, the "
		  "domains trusted besides the sign-in domain (replaces lync.com,outlook.com,...)", "LIST" },
		{ "internal-server", 0, POPT_ARG_STRING, NULL, OPT_INTERNAL,
		  "manual configuration: internal server (TLS to PORT or 5061, then TCP to PORT or 5060)", "HOST[:PORT]" },
		{ "external-server", 0, POPT_ARG_STRING, NULL, OPT_EXTERNAL,
		  "manual configuration: external server (TLS 443)", "HOST[:PORT]" },
		{ "tls-name", 0, POPT_ARG_STRING, NULL, OPT_TLS_NAME,
		  "with a manual server given as an address: connect there, but use HOST for SNI and the certificate "
		  "check", "HOST" },
		POPT_TABLEEND
	};
	struct poptOption dns[] = {
		{ "dns-server", 0, POPT_ARG_STRING, NULL, OPT_DNS,
		  "ask this DNS server instead of /etc/resolv.conf's (repeatable: asked in order; also ADDR#PORT)", "ADDR[:PORT]" },
		{ "compare-dns", 0, POPT_ARG_STRING, NULL, OPT_COMPARE,
		  "a second view of DNS through this server, side by side (repeatable)",
		  "ADDR[:PORT]" },
		{ "timeout", 0, POPT_ARG_STRING, NULL, OPT_TIMEOUT,
		  "bound on each query and connection step (default " XSTR(DEFAULT_TIMEOUT_S) ")", "SECONDS" },
		{ "deadline", 0, POPT_ARG_STRING, NULL, OPT_DEADLINE, "bound on the whole check of one address (default none)",
		  "SECONDS" },
		{ NULL, '4', POPT_ARG_NONE, &o->ipv4, 0, "IPv4 addresses only (A records)", NULL },
		{ NULL, '6', POPT_ARG_NONE, &o->ipv6, 0, "IPv6 addresses only (AAAA records)", NULL },
		POPT_TABLEEND
	};
	COPY_TABLE(o->table.policy, policy);
	COPY_TABLE(o->table.dns, dns);
}

/* The tables of the probe, the output and the help; values go into o. */
static void probe_and_output_tables(struct options *o)
{
	struct poptOption connect[] = {
		{ "no-connect", 0, POPT_ARG_NONE, &o->no_connect, 0, "stop after DNS and the naming rule", NULL },
		{ "no-register", 0, POPT_ARG_NONE, &o->no_register, 0, "connect and validate, but send no SIP REGISTER", NULL },
		{ "cafile", 0, POPT_ARG_STRING, NULL, OPT_CAFILE, "also trust the CA certificates in FILE (PEM)", "FILE" },
		{ "warning-days", 0, POPT_ARG_INT, &o->warning_days, 0,
		  "warning when the certificate expires within DAYS (default " XSTR(DEFAULT_WARNING_DAYS) ")", "DAYS" },
		{ "critical-days", 0, POPT_ARG_INT, &o->critical_days, 0,
		  "critical when the certificate expires within DAYS (default " XSTR(DEFAULT_CRITICAL_DAYS) ")", "DAYS" },
		{ "federation", 0, POPT_ARG_NONE, &o->federation, 0,
		  "a federation problem is a WARNING", NULL },
		POPT_TABLEEND
	};
	struct poptOption output[] = {
		{ "json", 0, POPT_ARG_NONE, &o->json, 0, "one JSON object per address (JSON Lines)", NULL },
		{ "nagios", 0, POPT_ARG_NONE, &o->nagios, 0,
		  "Monitoring Plugins format: one status line for the run, then long output", NULL },
		{ "quiet", 'q', POPT_ARG_NONE, &o->quiet, 0, "print only the verdict line, ADDRESS: STATE: reason", NULL },
		{ "verbose", 'v', POPT_ARG_NONE, &o->verbose, 0,
		  "also show raw DNS answers, SIP messages, certificate serials and chains", NULL },
		{ "color", 0, POPT_ARG_STRING, NULL, OPT_COLOR, "colour the trace: auto (default), always, never", "WHEN" },
		{ "file", 'f', POPT_ARG_STRING, NULL, OPT_FILE, "read addresses from FILE, one per line (- = stdin; UTF-8 or UTF-16 with a BOM)", "FILE" },
		{ "jobs", 'j', POPT_ARG_INT, &o->jobs, 0, "check up to N addresses at once (default " XSTR(DEFAULT_JOBS) ")",
		  "N" },
		{ "version", 0, POPT_ARG_NONE, &o->version, 0, "print the version and exit", NULL },
		POPT_TABLEEND
	};
	/* popt's own autohelp exits by itself, even when the help cannot be written (SPEC §8 wants 3 then). */
	struct poptOption help[] = {
		{ "help", '?', POPT_ARG_NONE, &o->help, 0, "show this help message", NULL },
		{ "usage", 0, POPT_ARG_NONE, &o->usage, 0, "display brief usage message", NULL },
		POPT_TABLEEND
	};
	COPY_TABLE(o->table.connect, connect);
	COPY_TABLE(o->table.output, output);
	COPY_TABLE(o->table.help, help);
}

/* The whole table of one parse, every value pointing into o. */
static void build_table(struct options *o)
{
	struct options_table *t = &o->table;
	char list[200], aliases[200]; /* with the text, within profile_help */
	if (!profile_list(list, sizeof list))
		list[0] = '\0';
	if (!profile_alias_list(aliases, sizeof aliases))
		aliases[0] = '\0';
	snprintf(o->profile_help, sizeof o->profile_help, "client generation whose discovery order is replayed: %s%s%s",
		 list, aliases[0] ? "; " : "", aliases);
	policy_and_dns_tables(o);
	probe_and_output_tables(o);
	options_kerberos_table(o->table.kerberos, &o->kerberos); /* SPEC §9 */
	struct poptOption all[] = {
		{ NULL, 0, POPT_ARG_INCLUDE_TABLE, t->policy, 0, "Client policy (what is replayed):", NULL },
		{ NULL, 0, POPT_ARG_INCLUDE_TABLE, t->dns, 0, "Discovery:", NULL },
		{ NULL, 0, POPT_ARG_INCLUDE_TABLE, t->connect, 0, "Connection and sign-in probe:", NULL },
		{ NULL, 0, POPT_ARG_INCLUDE_TABLE, t->kerberos, 0, "Kerberos (no password is read or sent):", NULL },
		{ NULL, 0, POPT_ARG_INCLUDE_TABLE, t->output, 0, "Input and output:", NULL },
		{ NULL, 0, POPT_ARG_INCLUDE_TABLE, t->help, 0, "Help options:", NULL },
		POPT_TABLEEND
	};
	COPY_TABLE(t->all, all);
}

#define SYNOPSIS "[OPTION...] ADDRESS..."

#define HELP_INTRO \
	"Replays how an Office Communicator / Lync / Skype for Business client finds\n" \
	"and signs in to its server (DNS SRV, naming rule, TLS, SIP REGISTER) and says\n" \
	"why it would not."

/* SPEC §2 (the ADDRESS forms) and §8 (the exit statuses). */
static const char help_footer[] =
	"\n"
	"ADDRESS is sip:user@domain, sips:user@domain or user@domain, also as a SIP log\n"
	"shows it (\"Jeremy\" <sip:jeremy@contoso.com>), or a bare domain (contoso.com:\n"
	"the user part \"user\" is used); -f FILE reads one per line.\n"
	"Exit status: 0 OK, 1 WARNING (would sign in, with a defect),\n"
	"2 CRITICAL (would not sign in), 3 UNKNOWN (bad usage or input, no DNS answer,\n"
	"deadline, local failure).\n"
	"The trace wraps to the terminal (COLUMNS when set, 80 on a pipe).\n"
	"Example: sipdiscover --no-tcp sip:jeremy@contoso.com\n"
	"See man sipdiscover for the procedure, the JSON fields and monitoring setup.\n";

bool options_nagios_requested(int argc, const char **argv)
{
	for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
		if (strcmp(argv[i], "--nagios") == 0)
			return true;
	return false;
}

void options_error(poptContext pc, bool nagios, bool usage, const char *why)
{
	fprintf(stderr, "sipdiscover: %s\n", why);
	if (nagios) {
		fputs("SIPDISCOVER UNKNOWN - ", stdout);
		str_escape(stdout, why, STR_ESCAPE_PLUGIN);
		fputc('\n', stdout);
	} else if (usage) {
		poptPrintUsage(pc, stderr, 0);
	}
}

/* Reads the options into o until the end or an error; returns popt's last code. */
static int read_options(poptContext pc, struct options *o)
{
	int rc;
	while ((rc = poptGetNextOpt(pc)) > 0) {
		char **field = string_option(o, rc);
		options_kerberos_read(pc, rc, &o->krb_realm, &o->krb_user); /* SPEC §9's two, none of string_option's */
		if ((rc == OPT_DNS || rc == OPT_COMPARE) && *field) { /* SPEC §4.6, §7.2: repeatable, kept as "A,B" */
			char *next = poptGetOptArg(pc), *both = malloc(strlen(*field) + strlen(next ? next : "") + 2);
			if (both)
				sprintf(both, "%s,%s", *field, next ? next : "");
			free(next);
			free(*field);
			if (!(*field = both))
				return POPT_ERROR_MALLOC;
		} else if (field) {
			free(*field);
			*field = poptGetOptArg(pc);
		}
	}
	return rc;
}

poptContext options_parse(int argc, const char **argv, struct options *opt, int *exit_status)
{
	memset(opt, 0, sizeof *opt);
	opt->warning_days = DEFAULT_WARNING_DAYS;
	opt->critical_days = DEFAULT_CRITICAL_DAYS;
	opt->jobs = DEFAULT_JOBS;
	build_table(opt);
	poptContext pc = poptGetContext("sipdiscover", argc, argv, opt->table.all, 0);
	*exit_status = 0;
	if (!pc) {
		options_error(NULL, options_nagios_requested(argc, argv), false, sd_strerror(SD_ERR_NOMEM));
		*exit_status = 3;
		return NULL;
	}
	poptSetOtherOptionHelp(pc, SYNOPSIS);
	int rc = read_options(pc, opt);
	if (rc < -1) {
		char why[512];
		snprintf(why, sizeof why, "%s: %s", poptBadOption(pc, POPT_BADOPTION_NOALIAS), poptStrerror(rc));
		options_error(pc, options_nagios_requested(argc, argv), true, why);
		*exit_status = 3;
	} else if (opt->help) {
		/* The intro rides on the synopsis so that it follows popt's "Usage:" line; main's stdout
		 * buffer holds the whole help, so a failed write keeps its errno. */
		poptSetOtherOptionHelp(pc, SYNOPSIS "\n\n" HELP_INTRO);
		poptPrintHelp(pc, stdout, 0);
		fputs(help_footer, stdout);
	} else if (opt->usage) {
		poptPrintUsage(pc, stdout, 0);
	} else if (opt->version) {
		printf("sipdiscover %s\n", SD_VERSION);
	} else {
		return pc;
	}
	poptFreeContext(pc);
	options_free(opt);
	return NULL;
}

void options_free(struct options *opt)
{
	for (int val = OPT_PROFILE; val <= OPT_COMPARE; val++) {
		char **field = string_option(opt, val);
		free(*field);
		*field = NULL;
	}
	options_kerberos_free(&opt->krb_realm, &opt->krb_user);
}

/* HOST[:PORT] or [ADDR6][:PORT] of a manually configured server. */
static enum sd_status parse_server(const char *spec, const char *option, struct manual_server *m, char *why,
				   size_t whylen)
{
	char host[1024], reason[128];
	uint16_t port;
	if (str_host_port(spec, host, sizeof host, &port, reason, sizeof reason) != SD_OK)
		return sd_fail(why, whylen, SD_ERR_INPUT, "%s: %s", option, reason);
	str_host_normalize(host);
	if (!sd_is_ip_literal(host) && uri_host_check(host, reason, sizeof reason) != SD_OK)
		return sd_fail(why, whylen, SD_ERR_INPUT, "%s: \"%s\": %s", option, spec, reason);
	if (!sd_copy(m->host, sizeof m->host, host))
		return sd_fail(why, whylen, SD_ERR_INPUT, "%s: bad address \"%s\"", option, spec);
	if (port)
		m->port = port;
	return SD_OK;
}

/* SPEC §3: --tls-name, the pool's name a manual server's certificate is checked against. */
static enum sd_status parse_tls_name(const char *text, const struct policy *pol, char *out, size_t n, char *why,
				     size_t whylen)
{
	char host[1024], reason[128];
	if (!text)
		return SD_OK;
	if (!policy_is_manual(pol))
		return sd_fail(why, whylen, SD_ERR_INPUT, "--tls-name needs --internal-server or --external-server");
	if (!sd_copy(host, sizeof host, text))
		return sd_fail(why, whylen, SD_ERR_INPUT, "--tls-name: name too long");
	str_host_normalize(host);
	if (sd_is_ip_literal(host))
		return sd_fail(why, whylen, SD_ERR_INPUT, "--tls-name: \"%s\" is an address: give the pool's name", text);
	if (uri_host_check(host, reason, sizeof reason) != SD_OK || !sd_copy(out, n, host))
		return sd_fail(why, whylen, SD_ERR_INPUT, "--tls-name: \"%s\": %s", text, reason);
	return SD_OK;
}

/* A number of seconds into *ms; text NULL (the option not given) leaves *ms as it is. */
static enum sd_status parse_timeout(const char *option, const char *text, unsigned *ms, char *why, size_t whylen)
{
	char *end;
	if (!text)
		return SD_OK;
	errno = 0;
	double s = strtod(text, &end);
	if (errno || end == text || *end || !(s > 0) || s > 3600 || !strchr("0123456789.", text[0]))
		return sd_fail(why, whylen, SD_ERR_INPUT, "%s: \"%s\" is not a number of seconds (0 < s <= 3600)", option,
			       text);
	*ms = s * 1000 < 1 ? 1 : (unsigned)(s * 1000 + 0.5);
	return SD_OK;
}

static enum sd_status parse_color(const char *when, bool *on, char *why, size_t whylen)
{
	if (!when || strcmp(when, "auto") == 0)
		*on = isatty(STDOUT_FILENO) && !getenv("NO_COLOR");
	else if (strcmp(when, "always") == 0 || strcmp(when, "never") == 0)
		*on = when[0] == 'a';
	else
		return sd_fail(why, whylen, SD_ERR_INPUT, "--color: \"%s\" is not auto, always or never", when);
	return SD_OK;
}

/* The numeric limits and the options that exclude each other. */
static enum sd_status check_limits(const struct options *opt, char *why, size_t whylen)
{
	if (opt->ipv4 && opt->ipv6)
		return sd_fail(why, whylen, SD_ERR_INPUT, "-4 and -6 exclude each other");
	if (opt->warning_days < 0 || opt->critical_days < 0 || opt->critical_days > opt->warning_days)
		return sd_fail(why, whylen, SD_ERR_INPUT, "--warning-days and --critical-days: 0 <= critical <= warning");
	if (opt->jobs < 1 || opt->jobs > MAX_JOBS)
		return sd_fail(why, whylen, SD_ERR_INPUT, "--jobs: %d is not between 1 and %d", opt->jobs, MAX_JOBS);
	if (opt->json + opt->nagios + opt->quiet > 1)
		return sd_fail(why, whylen, SD_ERR_INPUT, "--json, --nagios and --quiet exclude each other");
	return SD_OK;
}

/* The manual servers, the time bounds and the colour: each option that is text to read. */
static enum sd_status parse_values(struct options *opt, struct policy *pol, char *why, size_t whylen)
{
	enum sd_status st = SD_OK;
	if (opt->internal_server)
		st = parse_server(opt->internal_server, "--internal-server", &pol->internal, why, whylen);
	if (st == SD_OK && opt->external_server)
		st = parse_server(opt->external_server, "--external-server", &pol->external, why, whylen);
	if (st == SD_OK)
		st = parse_timeout("--timeout", opt->timeout, &pol->timeout_ms, why, whylen);
	if (st == SD_OK)
		st = parse_timeout("--deadline", opt->deadline, &pol->deadline_ms, why, whylen);
	if (st == SD_OK)
		st = parse_color(opt->color, &opt->color_on, why, whylen);
	if (st == SD_OK)
		st = parse_tls_name(opt->tls_name, pol, pol->tls_name, sizeof pol->tls_name, why, whylen);
	if (st == SD_OK)
		st = trust_list_parse(opt->trusted_domains, &pol->trusted, why, whylen);
	return st;
}

enum sd_status options_policy(struct options *opt, struct policy *pol, char *why, size_t whylen)
{
	char list[400];
	memset(pol, 0, sizeof *pol);
	pol->profile = opt->profile ? profile_find(opt->profile) : profile_default();
	if (!pol->profile) {
		profile_describe(list, sizeof list);
		return sd_fail(why, whylen, SD_ERR_INPUT, "--profile: unknown profile \"%s\" (%s)", opt->profile, list);
	}
	enum sd_status st = check_limits(opt, why, whylen);
	if (st != SD_OK)
		return st;
	pol->family = opt->ipv4 ? FAMILY_V4 : opt->ipv6 ? FAMILY_V6 : FAMILY_ANY;
	pol->no_tcp = opt->no_tcp;
	pol->strict_naming = opt->strict_naming;
	pol->connect = !opt->no_connect;
	pol->sip_register = !opt->no_register;
	pol->federation = opt->federation;
	pol->timeout_ms = DEFAULT_TIMEOUT_S * 1000;
	pol->warning_days = opt->warning_days;
	pol->critical_days = opt->critical_days;
	pol->cafile = opt->cafile;
	if ((st = options_kerberos_values(opt->kerberos, opt->krb_realm, opt->krb_user, pol, why, whylen)) != SD_OK)
		return st;
	return parse_values(opt, pol, why, whylen);
}

enum sd_status options_addresses(poptContext pc, const struct options *opt, struct address_list *list, char *why,
				 size_t whylen)
{
	const char *arg;
	while ((arg = poptGetArg(pc)))
		if (address_list_add(list, arg) != SD_OK)
			return sd_fail(why, whylen, SD_ERR_NOMEM, "out of memory");
	return opt->file ? addrfile_read(opt->file, list, why, whylen) : SD_OK;
}

const char *options_resolv_conf(void)
{
	const char *path = getenv("SIPDISCOVER_RESOLV_CONF");
	return path && *path ? path : "/etc/resolv.conf";
}
