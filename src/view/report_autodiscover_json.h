/* report_autodiscover_json.h — stage 0 of SPEC §4.7 as JSON shows it. */
#ifndef REPORT_AUTODISCOVER_JSON_H
#define REPORT_AUTODISCOVER_JSON_H

#include <jansson.h>

#include "report.h"

/* The JSON "autodiscover" array (SPEC §4.7), empty for a profile without it; NULL when out of memory. */
json_t *report_autodiscover_json(const struct result *r);

#endif
