/* report.h — the views over a result (SPEC §7): the human trace, JSON, the plugin answer, the -q line. */
#ifndef REPORT_H
#define REPORT_H

#include <stdio.h>

#include "result.h"

struct report_opts {
	bool color;
	bool verbose;
	const char *dns_server;      /* the server's text, for the trace header */
	size_t width;                /* SPEC §7: the trace's lines are wrapped to this many columns; 0: not wrapped */
};

/* The human trace of r (SPEC §7): the header, the verdict, reason and hints, then the stages
 * under "details", wrapped to o->width. */
void report_text(FILE *out, const struct result *r, const struct report_opts *o);

/*
 * One JSON object for r on one line (JSON Lines for several addresses).
 * SD_ERR_NOMEM when the object could not be built (nothing is written); a
 * failed write is left in out's error indicator (ferror) for the caller.
 */
enum sd_status report_json(FILE *out, const struct result *r, const struct report_opts *o);

/*
 * The --nagios view of a whole run (SPEC §7): each finished address is reduced
 * to a few bounded strings (nagios_report_add, in input order), and the plugin
 * answer is printed once at the end. With one address: "SIPDISCOVER STATE -
 * summary|perfdata", then its hints, one per line. With several: a first line
 * that counts them ("1 of 3 OK, 1 CRITICAL: fabrikam.test, ..."), perfdata
 * labels prefixed with the domain and unique, then one line per address
 * ("fabrikam.test: CRITICAL - ...") with the hints of those not OK indented
 * below it.
 */
struct nagios_report;

/* An empty report for a run of that many addresses; NULL when memory ran out. */
struct nagios_report *nagios_report_new(size_t addresses);

/* Keeps what the answer needs of r (st: what run_address returned); an address
 * that cannot be kept for want of memory is counted as UNKNOWN. */
void nagios_report_add(struct nagios_report *nr, const struct result *r, enum sd_status st);

/* Writes the plugin answer; returns its state, the worst in SPEC §8's order. */
enum sd_verdict nagios_report_print(FILE *out, const struct nagios_report *nr);

void nagios_report_free(struct nagios_report *nr);

/* The verdict line only (-q): "sip:user@domain: OK: reason"; for a rejected address
 * "INPUT: UNKNOWN: what is wrong" (main also says it on stderr). */
void report_quiet(FILE *out, const struct result *r);

#endif
