/* report_autodiscover.h — stage 0 of SPEC §4.7 as the trace and JSON show it. */
#ifndef REPORT_AUTODISCOVER_H
#define REPORT_AUTODISCOVER_H

#include <jansson.h>
#include <stdio.h>

#include "report.h"

/* The "0. Autodiscover" section: each URL in the client's order, with its address, outcome,
 * status, content type, certificate, links and where each led, servers, and a mark on the
 * URLs the client would not have needed. Nothing for a profile without autodiscover. bold
 * and off start and end the heading's emphasis ("" without colour). */
void report_autodiscover_text(FILE *out, const struct result *r, const char *bold, const char *off);

/* The JSON "autodiscover" array (SPEC §4.7), empty for a profile without it; NULL when out of memory. */
json_t *report_autodiscover_json(const struct result *r);

#endif
