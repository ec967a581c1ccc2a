/* report_kerberos_json.h — SPEC §9's JSON "kerberos" object. */
#ifndef REPORT_KERBEROS_JSON_H
#define REPORT_KERBEROS_JSON_H

#include <jansson.h>

#include "result.h"

/* The "kerberos" object (realm, kdcs, principals with all seven keys), json null without
 * --kerberos; NULL when memory ran out. */
json_t *report_kerberos_json(const struct result *r);

#endif
