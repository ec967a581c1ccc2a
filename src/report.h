/* report.h — the views over a result: the human trace and JSON (SPEC §7). */
#ifndef REPORT_H
#define REPORT_H

#include <stdio.h>

#include "result.h"

struct report_opts {
	bool color;
	bool verbose;
	const char *dns_server;      /* the server's text, for the trace header */
};

/* The human trace of r, stage by stage, then the verdict, reason and hints. */
void report_text(FILE *out, const struct result *r, const struct report_opts *o);

/*
 * One JSON object for r on one line (JSON Lines for several addresses).
 * SD_ERR_NOMEM when the object could not be built (nothing is written); a
 * failed write is left in out's error indicator (ferror) for the caller.
 */
enum sd_status report_json(FILE *out, const struct result *r, const struct report_opts *o);

/* One Monitoring Plugins line: "SIPDISCOVER OK - host:port via TLS (reason) | perfdata". */
void report_nagios(FILE *out, const struct result *r);

/* The verdict line only (-q): "sip:user@domain: OK: reason". */
void report_quiet(FILE *out, const struct result *r);

/*
 * Writes s with every control character, broken UTF-8 and backslash escaped
 * (\xNN), so that names and headers from the network cannot drive the
 * terminal: str_escape's STR_ESCAPE_HEX.
 */
void report_safe(FILE *out, const char *s);

#endif
