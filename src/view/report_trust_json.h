/* report_trust_json.h — JSON for SPEC §5.1 and §6's prompt: the naming model and trusted
 * domains, the prompt where the client stops, the Microsoft 365 records. */
#ifndef REPORT_TRUST_JSON_H
#define REPORT_TRUST_JSON_H

#include <jansson.h>

#include "report.h"

/* o with "naming_model" and "trusted_domains" set (NULL when memory ran out: o is freed). */
json_t *report_trust_policy_json(json_t *o, const struct result *r);

/* o with "prompt" (null, or kind, host, port, why, attempt, autodiscover) and "microsoft365" set. */
json_t *report_trust_result_json(json_t *o, const struct result *r);

/* o with "if_rejected": true when flag is set; o unchanged otherwise. */
json_t *report_trust_if_rejected(json_t *o, bool flag);

#endif
