/* report_federation_text.h — SPEC §5.2's federation section of the trace. */
#ifndef REPORT_FEDERATION_TEXT_H
#define REPORT_FEDERATION_TEXT_H

#include "report.h"

/* The "Federation" section: the record, its target's addresses, the Access Edge's TLS attempt
 * with its certificate, and what federation_verdict concluded, as r->federation holds it. */
void report_federation_text(FILE *out, const struct result *r, const struct report_opts *o);

#endif
