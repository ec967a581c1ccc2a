/* report_kerberos_text.h — SPEC §9's trace section: the realm, its KDCs, each principal's outcome. */
#ifndef REPORT_KERBEROS_TEXT_H
#define REPORT_KERBEROS_TEXT_H

#include "report.h"

/* The section headed title ("7. Kerberos"); nothing without --kerberos. */
void report_kerberos_text(FILE *out, const struct result *r, const struct report_opts *o, const char *title);

#endif
