/* report_text_views.h — the trace's fix-it lines (SPEC §7.1) and its two views of DNS (SPEC §7.2). */
#ifndef REPORT_TEXT_VIEWS_H
#define REPORT_TEXT_VIEWS_H

#include <stdio.h>

#include "report.h"

/* The "fix:" lines under a hint, each under indent: zone lines, cmdlets, certificate names. */
void report_text_fix(FILE *out, const struct hint *h, const char *indent, bool whole);

/* With --compare-dns: each answer that differs, side by side, then each view's candidates,
 * first attempt and verdict. Nothing without a second view. */
void report_text_views(FILE *out, const struct result *r, const struct report_opts *o);

#endif
