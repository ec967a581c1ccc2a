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

/* One JSON object for r on one line (JSON Lines for several addresses). */
int report_json(FILE *out, const struct result *r, const struct report_opts *o);

/* One Monitoring Plugins line: "SIPDISCOVER OK - host:port via TLS (reason) | perfdata". */
void report_nagios(FILE *out, const struct result *r);

/* The verdict line only (-q): "sip:user@domain: OK: reason". */
void report_quiet(FILE *out, const struct result *r);

/* Length of the valid UTF-8 sequence at p (2 to 4 octets, no overlong forms), or 0. */
size_t report_utf8_length(const unsigned char *p);

/*
 * Writes s with every control character and backslash escaped (\xNN), so that
 * names and headers from the network cannot drive the terminal.
 */
void report_safe(FILE *out, const char *s);

#endif
