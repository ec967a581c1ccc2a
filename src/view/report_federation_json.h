/* report_federation_json.h — SPEC §5.2's federation as JSON shows it. */
#ifndef REPORT_FEDERATION_JSON_H
#define REPORT_FEDERATION_JSON_H

#include <jansson.h>

#include "report.h"

/* The JSON "federation" object of r (json null when the record was not queried); NULL when
 * memory ran out. */
json_t *report_federation_json(const struct result *r);

#endif
