/* options.h — the command line: one popt table, turned into a policy and an address list. */
#ifndef OPTIONS_H
#define OPTIONS_H

#include <popt.h>

#include "addrfile.h"
#include "policy.h"

/* The option table of one parse: popt writes each value into the struct options holding it. */
struct options_table {
	struct poptOption policy[8], dns[7], connect[7], output[9], help[3], all[7];
	struct poptOption kerberos[4];     /* SPEC §9 */
};

/*
 * The parsed command line. It belongs to the caller of options_parse, who frees
 * it with options_free after the popt context; its table points into it, so it
 * is not copied.
 */
struct options {
	int no_tcp, strict_naming, ipv4, ipv6, no_connect, no_register, json, nagios, quiet, verbose, version;
	int help, usage;
	int federation;              /* --federation (SPEC §5.2) */
	char *internal_server, *external_server, *profile, *dns_server, *timeout, *file, *cafile, *color, *deadline, *tls_name,
	     *trusted_domains;
	char *compare_dns;           /* --compare-dns, "A,B" when repeated (SPEC §7.2) */
	int warning_days, critical_days, jobs;
	bool color_on;               /* --color resolved against the terminal and NO_COLOR */
	char profile_help[512];      /* --profile's description, from the profile table */
	struct options_table table;
	int kerberos;                /* SPEC §9: --kerberos, --krb-realm, --krb-user */
	char *krb_realm, *krb_user;
};


/* Whether argv asks for --nagios before any "--", known even when parsing fails. */
bool options_nagios_requested(int argc, const char **argv);

/*
 * Says why on stderr in one line; under --nagios also "SIPDISCOVER UNKNOWN - why"
 * on stdout so that the monitoring system shows it (SPEC §7), else, when usage
 * is true, the synopsis on stderr.
 */
void options_error(poptContext pc, bool nagios, bool usage, const char *why);

/*
 * Parses argv into the caller's *opt. Returns the popt context: the caller
 * frees it, then *opt with options_free. Or NULL after printing an error,
 * --help, --usage or --version, with *exit_status set for the caller to exit
 * with; *opt then holds nothing to free.
 */
poptContext options_parse(int argc, const char **argv, struct options *opt, int *exit_status);

/* Builds the client policy from the options; SD_ERR_INPUT with why on a bad value. */
enum sd_status options_policy(struct options *opt, struct policy *policy, char *why, size_t whylen);

/*
 * The addresses from the command line, then from -f FILE ("-" = stdin), added
 * to list (the caller frees it with address_list_free). Not usage errors:
 * SD_ERR_INPUT with why "cannot read -f FILE: reason", SD_ERR_NOMEM.
 */
enum sd_status options_addresses(poptContext pc, const struct options *opt, struct address_list *list, char *why, size_t whylen);

/* Frees the option strings. */
void options_free(struct options *opt);

/* The resolv.conf to read: $SIPDISCOVER_RESOLV_CONF, else /etc/resolv.conf. */
const char *options_resolv_conf(void);

#endif
