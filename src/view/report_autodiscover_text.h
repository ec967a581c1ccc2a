/* report_autodiscover_text.h — stage 0 of SPEC §4.7 as the trace shows it. */
#ifndef REPORT_AUTODISCOVER_TEXT_H
#define REPORT_AUTODISCOVER_TEXT_H

#include <stdio.h>

#include "report.h"

/* The "0. Autodiscover" section: each URL in the client's order, with its address, outcome,
 * status, content type, certificate, links and where each led, servers, and a mark on the
 * URLs the client would not have needed. Nothing for a profile without autodiscover. The
 * heading is bold when o asks for colour. */
void report_autodiscover_text(FILE *out, const struct result *r, const struct report_opts *o);

#endif
