/* options.c — the option table (the one description of every option) and what it yields. */
#include "options.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "uri.h"

static struct options o;

/* String options come back through poptGetOptArg, so that a repeated one frees its first value. */
enum { OPT_PROFILE = 1000, OPT_INTERNAL, OPT_EXTERNAL, OPT_DNS, OPT_TIMEOUT, OPT_CAFILE, OPT_COLOR, OPT_FILE, OPT_DEADLINE };

/* The string option of popt value val (OPT_* order), or NULL. */
static char **string_option(struct options *p, int val)
{
	char **fields[] = { &p->profile, &p->internal_server, &p->external_server, &p->dns_server,
			    &p->timeout, &p->cafile, &p->color, &p->file, &p->deadline };
	return val >= OPT_PROFILE && val <= OPT_DEADLINE ? fields[val - OPT_PROFILE] : NULL;
}

/* "client generation ...: ocs2007r2 (default), lync2010, sipe", from the profile table. */
static char profile_help[512];

static struct poptOption policy_table[] = {
	{ "profile", 0, POPT_ARG_STRING, NULL, OPT_PROFILE,
	  NULL, "NAME" }, /* the description is built from the profile table: profile_help */
	{ "no-tcp", 0, POPT_ARG_NONE, &o.no_tcp, 0, "client policy forbids TCP: _sipinternal._tcp is not queried", NULL },
	{ "strict-naming", 0, POPT_ARG_NONE, &o.strict_naming, 0,
	  "EnableStrictDNSNaming: only <domain> and sip.<domain> are allowed", NULL },
	{ "internal-server", 0, POPT_ARG_STRING, NULL, OPT_INTERNAL,
	  "manual configuration: internal server (TLS to PORT or 5061, then TCP to PORT or 5060)", "HOST[:PORT]" },
	{ "external-server", 0, POPT_ARG_STRING, NULL, OPT_EXTERNAL,
	  "manual configuration: external server (TLS 443)", "HOST[:PORT]" },
	POPT_TABLEEND
};

static struct poptOption dns_table[] = {
	{ "dns-server", 0, POPT_ARG_STRING, NULL, OPT_DNS, "ask this DNS server instead of /etc/resolv.conf's (repeatable: asked in order)",
	  "ADDR[:PORT]" },
	{ "timeout", 0, POPT_ARG_STRING, NULL, OPT_TIMEOUT, "bound on each query and connection step (default 3)",
	  "SECONDS" },
	{ "deadline", 0, POPT_ARG_STRING, NULL, OPT_DEADLINE, "bound on the whole check of one address (default none)",
	  "SECONDS" },
	{ NULL, '4', POPT_ARG_NONE, &o.ipv4, 0, "IPv4 addresses only (A records)", NULL },
	{ NULL, '6', POPT_ARG_NONE, &o.ipv6, 0, "IPv6 addresses only (AAAA records)", NULL },
	POPT_TABLEEND
};

static struct poptOption connect_table[] = {
	{ "no-connect", 0, POPT_ARG_NONE, &o.no_connect, 0, "stop after DNS and the naming rule", NULL },
	{ "no-register", 0, POPT_ARG_NONE, &o.no_register, 0, "connect and validate, but send no SIP REGISTER", NULL },
	{ "cafile", 0, POPT_ARG_STRING, NULL, OPT_CAFILE, "also trust the CA certificates in FILE (PEM)", "FILE" },
	{ "warning-days", 0, POPT_ARG_INT, &o.warning_days, 0,
	  "warning when the certificate expires within DAYS (default 30)", "DAYS" },
	{ "critical-days", 0, POPT_ARG_INT, &o.critical_days, 0,
	  "critical when the certificate expires within DAYS (default 7)", "DAYS" },
	POPT_TABLEEND
};

static struct poptOption output_table[] = {
	{ "json", 0, POPT_ARG_NONE, &o.json, 0, "one JSON object per address (JSON Lines)", NULL },
	{ "nagios", 0, POPT_ARG_NONE, &o.nagios, 0, "Monitoring Plugins format: one status line for the run, then long output", NULL },
	{ "quiet", 'q', POPT_ARG_NONE, &o.quiet, 0, "print only the verdict line, ADDRESS: STATE: reason", NULL },
	{ "verbose", 'v', POPT_ARG_NONE, &o.verbose, 0, "also show the raw DNS answers and SIP messages", NULL },
	{ "color", 0, POPT_ARG_STRING, NULL, OPT_COLOR, "colour the trace: auto (default), always, never", "WHEN" },
	{ "file", 'f', POPT_ARG_STRING, NULL, OPT_FILE, "read addresses from FILE, one per line (- = stdin)", "FILE" },
	{ "jobs", 'j', POPT_ARG_INT, &o.jobs, 0, "check up to N addresses at once (default 16)", "N" },
	{ "version", 0, POPT_ARG_NONE, &o.version, 0, "print the version and exit", NULL },
	POPT_TABLEEND
};

/* popt's own autohelp exits by itself, even when the help cannot be written (SPEC §8 wants 3 then). */
static struct poptOption help_table[] = {
	{ "help", '?', POPT_ARG_NONE, &o.help, 0, "show this help message", NULL },
	{ "usage", 0, POPT_ARG_NONE, &o.usage, 0, "display brief usage message", NULL },
	POPT_TABLEEND
};

#define SYNOPSIS "[OPTION...] ADDRESS..."

#define HELP_INTRO \
	"Replays how an Office Communicator / Lync / Skype for Business client finds\n" \
	"and signs in to its server (DNS SRV, naming rule, TLS, SIP REGISTER) and says\n" \
	"why it would not."

/* SPEC §2 (the ADDRESS forms: no bare domain) and §8 (the exit statuses). */
static const char help_footer[] =
	"\n"
	"ADDRESS is sip:user@domain, sips:user@domain or user@domain;\n"
	"-f FILE reads one per line.\n"
	"Exit status: 0 OK, 1 WARNING (would sign in, with a defect),\n"
	"2 CRITICAL (would not sign in), 3 UNKNOWN (bad usage or input, no DNS answer,\n"
	"deadline, local failure).\n"
	"Example: sipdiscover --no-tcp sip:jeremy@contoso.com\n"
	"See man sipdiscover for the procedure, the JSON fields and monitoring setup.\n";

static struct poptOption table[] = {
	{ NULL, 0, POPT_ARG_INCLUDE_TABLE, policy_table, 0, "Client policy (what is replayed):", NULL },
	{ NULL, 0, POPT_ARG_INCLUDE_TABLE, dns_table, 0, "Discovery:", NULL },
	{ NULL, 0, POPT_ARG_INCLUDE_TABLE, connect_table, 0, "Connection and sign-in probe:", NULL },
	{ NULL, 0, POPT_ARG_INCLUDE_TABLE, output_table, 0, "Input and output:", NULL },
	{ NULL, 0, POPT_ARG_INCLUDE_TABLE, help_table, 0, "Help options:", NULL },
	POPT_TABLEEND
};

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

poptContext options_parse(int argc, const char **argv, struct options *opt, int *exit_status)
{
	memset(&o, 0, sizeof o);
	o.warning_days = 30;
	o.critical_days = 7;
	o.jobs = 16;
	char list[256];
	if (!profile_list(list, sizeof list))
		list[0] = '\0';
	snprintf(profile_help, sizeof profile_help, "client generation whose discovery order is replayed: %s", list);
	policy_table[0].descrip = profile_help;
	poptContext pc = poptGetContext("sipdiscover", argc, argv, table, 0);
	poptSetOtherOptionHelp(pc, SYNOPSIS);
	int rc;
	while ((rc = poptGetNextOpt(pc)) > 0) {
		char **field = string_option(&o, rc);
		if (rc == OPT_DNS && o.dns_server) { /* SPEC §4.6: repeatable, kept as "A,B" */
			char *next = poptGetOptArg(pc), *both = malloc(strlen(o.dns_server) + strlen(next ? next : "") + 2);
			if (both)
				sprintf(both, "%s,%s", o.dns_server, next ? next : "");
			free(next);
			free(o.dns_server);
			if (!(o.dns_server = both) && (rc = POPT_ERROR_MALLOC))
				break;
		} else if (field) {
			free(*field);
			*field = poptGetOptArg(pc);
		}
	}
	*exit_status = 0;
	if (rc < -1) {
		char why[512];
		snprintf(why, sizeof why, "%s: %s", poptBadOption(pc, POPT_BADOPTION_NOALIAS), poptStrerror(rc));
		options_error(pc, options_nagios_requested(argc, argv), true, why);
		*exit_status = 3;
	} else if (o.help) {
		/* The intro rides on the synopsis so that it follows popt's "Usage:" line. */
		poptSetOtherOptionHelp(pc, SYNOPSIS "\n\n" HELP_INTRO);
		poptPrintHelp(pc, stdout, 0);
		fputs(help_footer, stdout);
	} else if (o.usage) {
		poptPrintUsage(pc, stdout, 0);
	} else if (o.version) {
		printf("sipdiscover %s\n", SD_VERSION);
	} else {
		*opt = o;
		return pc;
	}
	options_free(&o);
	poptFreeContext(pc);
	return NULL;
}

void options_free(struct options *opt)
{
	for (int val = OPT_PROFILE; val <= OPT_DEADLINE; val++) {
		char **field = string_option(opt, val);
		free(*field);
		*field = NULL;
	}
}

/* HOST[:PORT] or [ADDR6][:PORT] of a manually configured server. */
static bool parse_server(const char *spec, const char *option, struct manual_server *m, char *why, size_t whylen)
{
	char host[1024], reason[128];
	uint16_t port;
	if (str_host_port(spec, host, sizeof host, &port, reason, sizeof reason) != SD_OK)
		return snprintf(why, whylen, "%s: %s", option, reason), false;
	str_host_normalize(host);
	if (!sd_is_ip_literal(host) && !uri_host_valid(host, reason, sizeof reason))
		return snprintf(why, whylen, "%s: \"%s\": %s", option, spec, reason), false;
	if (!sd_copy(m->host, sizeof m->host, host))
		return snprintf(why, whylen, "%s: bad address \"%s\"", option, spec), false;
	if (port)
		m->port = port;
	return true;
}

/* A number of seconds into *ms; text NULL (the option not given) leaves *ms as it is. */
static bool parse_timeout(const char *option, const char *text, unsigned *ms, char *why, size_t whylen)
{
	char *end;
	if (!text)
		return true;
	errno = 0;
	double s = strtod(text, &end);
	if (errno || end == text || *end || !(s > 0) || s > 3600 || !strchr("0123456789.", text[0]))
		return snprintf(why, whylen, "%s: \"%s\" is not a number of seconds (0 < s <= 3600)", option, text),
		       false;
	*ms = s * 1000 < 1 ? 1 : (unsigned)(s * 1000 + 0.5);
	return true;
}

static bool parse_color(const char *when, bool *on, char *why, size_t whylen)
{
	if (!when || strcmp(when, "auto") == 0)
		*on = isatty(STDOUT_FILENO) && !getenv("NO_COLOR");
	else if (strcmp(when, "always") == 0 || strcmp(when, "never") == 0)
		*on = when[0] == 'a';
	else
		return snprintf(why, whylen, "--color: \"%s\" is not auto, always or never", when), false;
	return true;
}

/* The numeric limits and the options that exclude each other; false with why. */
static bool limits_ok(const struct options *opt, char *why, size_t whylen)
{
	if (opt->ipv4 && opt->ipv6)
		return snprintf(why, whylen, "-4 and -6 exclude each other"), false;
	if (opt->warning_days < 0 || opt->critical_days < 0 || opt->critical_days > opt->warning_days)
		return snprintf(why, whylen, "--warning-days and --critical-days: 0 <= critical <= warning"), false;
	if (opt->jobs < 1 || opt->jobs > 1024)
		return snprintf(why, whylen, "--jobs: %d is not between 1 and 1024", opt->jobs), false;
	if (opt->json + opt->nagios + opt->quiet > 1)
		return snprintf(why, whylen, "--json, --nagios and --quiet exclude each other"), false;
	return true;
}

bool options_policy(struct options *opt, struct policy *pol, char *why, size_t whylen)
{
	char list[256];
	memset(pol, 0, sizeof *pol);
	pol->profile = opt->profile ? profile_find(opt->profile) : profile_default();
	if (!pol->profile)
		return profile_list(list, sizeof list),
		       snprintf(why, whylen, "--profile: unknown profile \"%s\" (%s)", opt->profile, list),
		       false;
	if (!limits_ok(opt, why, whylen))
		return false;
	pol->family = opt->ipv4 ? FAMILY_V4 : opt->ipv6 ? FAMILY_V6 : FAMILY_ANY;
	pol->no_tcp = opt->no_tcp;
	pol->strict_naming = opt->strict_naming;
	pol->connect = !opt->no_connect;
	pol->sip_register = !opt->no_register;
	pol->timeout_ms = 3000;
	pol->warning_days = opt->warning_days;
	pol->critical_days = opt->critical_days;
	pol->cafile = opt->cafile;
	if (opt->internal_server && !parse_server(opt->internal_server, "--internal-server", &pol->internal, why, whylen))
		return false;
	if (opt->external_server && !parse_server(opt->external_server, "--external-server", &pol->external, why, whylen))
		return false;
	if (!parse_timeout("--timeout", opt->timeout, &pol->timeout_ms, why, whylen)
	    || !parse_timeout("--deadline", opt->deadline, &pol->deadline_ms, why, whylen))
		return false;
	return parse_color(opt->color, &opt->color_on, why, whylen);
}

static bool add_address(struct address_list *list, const char *text)
{
	char **slot = SD_PUSH(list->items, list->n);
	if (!slot)
		return false;
	*slot = strdup(text);
	return *slot != NULL;
}

/* One address per line; blank lines and "#" comments skipped; surrounding white space trimmed. */
static bool read_file(const char *path, struct address_list *list, char *why, size_t whylen)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	if (!f)
		return snprintf(why, whylen, "cannot read -f %s: %s", path, strerror(errno)), false;
	char *line = NULL;
	size_t cap = 0;
	bool ok = true;
	while (ok && getline(&line, &cap, f) >= 0) {
		char *p = line, *end = line + strlen(line);
		while (*p && isspace((unsigned char)*p))
			p++;
		while (end > p && isspace((unsigned char)end[-1]))
			*--end = '\0';
		if (*p && *p != '#')
			ok = add_address(list, p);
	}
	if (!ok)
		snprintf(why, whylen, "-f %s: out of memory", path);
	else if (ferror(f)) { /* a directory, an I/O error: say so rather than check half a list */
		snprintf(why, whylen, "cannot read -f %s: %s", path, strerror(errno));
		ok = false;
	}
	free(line);
	if (f != stdin)
		fclose(f);
	return ok;
}

bool options_addresses(poptContext pc, const struct options *opt, struct address_list *list, char *why, size_t whylen)
{
	const char *arg;
	while ((arg = poptGetArg(pc)))
		if (!add_address(list, arg))
			return snprintf(why, whylen, "out of memory"), false;
	return !opt->file || read_file(opt->file, list, why, whylen);
}

void address_list_free(struct address_list *list)
{
	for (size_t i = 0; i < list->n; i++)
		free(list->items[i]);
	free(list->items);
	list->items = NULL;
	list->n = 0;
}

const char *options_resolv_conf(void)
{
	const char *path = getenv("SIPDISCOVER_RESOLV_CONF");
	return path && *path ? path : "/etc/resolv.conf";
}
