/* report_json_views.h — the JSON of SPEC §7.1 (a hint and its fix) and §7.2 (views, view_differences). */
#ifndef REPORT_JSON_VIEWS_H
#define REPORT_JSON_VIEWS_H

#include <jansson.h>

#include "report.h"

/* {"text": ..., "fix": {"zone": [...], "powershell": [...], "certificate_names": [...]}}, "fix" only
 * when the hint has one (SPEC §7.1); NULL when memory ran out. */
json_t *report_json_hint(const struct hint *h);

/* The builders of the main JSON view that one view's object reuses. */
struct report_json_builders {
	json_t *(*query)(const struct query *q);
	json_t *(*candidate)(const struct result *r, const struct candidate *c);
	json_t *(*server)(const struct result *r);
};

/* o with "views" and "view_differences" set when r has a second view (SPEC §7.2); o itself when
 * it has none; NULL (o released) when memory ran out. */
json_t *report_json_views(json_t *o, const struct result *r, const struct report_json_builders *b);

#endif
