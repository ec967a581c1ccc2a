/* report_trust_text.h — the trace's lines for SPEC §5.1 and §6's prompt: the naming model,
 * the trusted domains and what the tool cannot see, the Microsoft 365 records, the prompt. */
#ifndef REPORT_TRUST_TEXT_H
#define REPORT_TRUST_TEXT_H

#include <stdio.h>

#include "report.h"

/* The naming section's model lines, before the per-host verdicts. */
void report_trust_model_lines(FILE *out, const struct result *r);

/* The naming section's Microsoft 365 lines (nothing when no record points at Microsoft 365). */
void report_trust_m365_lines(FILE *out, const struct result *r);

/* "allowed", "rejected" or "prompt": a host's naming verdict in one word. */
const char *report_trust_verdict_word(const struct naming_verdict *v);

/* The suffix of a line the client reaches only if the user rejects the prompt ("" otherwise). */
const char *report_trust_rejected_suffix(bool if_rejected);

/* After the line of the attempt where the client stops (index i): the line saying so. */
void report_trust_stop_line(FILE *out, const struct result *r, size_t attempt);

#endif
